//! Laying out the parts of a long chronology on several cores, in bounded memory.
//!
//! The parts are independent but for one number: the page each starts on, one after the last
//! page of the part before. A worker takes the next part in order and lays it out at once,
//! numbering its pages from an estimate: the pages of the parts already finished, plus the
//! parts still being laid out at the pages per unit of work seen so far. Once every part
//! before it has finished, its true first page is known. If the estimate was off, the part is
//! laid out again with the right number; Typst answers most of that second layout from its
//! memoised work, since only the page numbers and what reads them changed. Each part's result
//! is therefore its layout at its true first page, whatever the number of workers or the
//! order they finish in: the output is byte-identical to laying the parts out one by one.
//! With one worker, every estimate is exact and nothing is laid out twice.
//!
//! Workers are scoped threads rather than rayon tasks, because a worker blocks while it waits
//! for the parts before its own. A blocked rayon task can deadlock its pool when the thread
//! it holds is the one that was to run the task it waits for, and Typst itself uses rayon
//! inside a layout. At most `jobs` parts are laid out at a time, so at most `jobs` laid-out
//! parts are in memory; Typst's caches are evicted as parts finish, keeping what a part still
//! in progress may reuse for a second layout.

use std::sync::{Condvar, Mutex, MutexGuard};

use attache_core::Diagnostics;
use typst_layout::PagedDocument;

use crate::typeset::LaidOut;

/// Pages per unit of work guessed before any part has finished: about one page per 13 events
/// of the built-in chronology template. A wrong guess costs speed only.
const FIRST_GUESS: f64 = 1.0 / 13.0;

/// The stack each worker gets: Typst's layout recurses deeply.
const WORKER_STACK: usize = 8 << 20;

/// One part, finished: what `finish` made of its layout, and its pages.
pub(super) struct Finished<T> {
    pub(super) value: T,
    pub(super) first_page: usize,
    pub(super) pages: usize,
    pub(super) warnings: Vec<attache_core::Diagnostic>,
}

/// How the parts of one run are laid out: `lay_out(part, first_page)` lays a part out with
/// its pages numbered from `first_page`; `finish(first_page, document)` turns a part's final
/// layout into what the caller keeps (a PDF, images, where labels landed).
pub(super) struct Parts<'a, T> {
    /// How many parts may be laid out at once.
    pub(super) jobs: usize,
    /// The number of the first part's first page.
    pub(super) first_page: usize,
    /// Each part's share of the work, for estimates.
    pub(super) weights: &'a [Weight],
    pub(super) lay_out: &'a (dyn Fn(usize, usize) -> Result<LaidOut, Diagnostics> + Sync),
    pub(super) finish: &'a (dyn Fn(usize, PagedDocument) -> Result<T, Diagnostics> + Sync),
}

/// A part's share of the work: how many of what it holds (events, index page numbers,
/// sources). Parts of one kind fill pages at about the same rate.
#[derive(Debug, Clone, Copy)]
pub(super) struct Weight {
    pub(super) kind: usize,
    pub(super) amount: usize,
}

/// What the workers share: which part is next, and what has finished.
struct Board<T> {
    next: usize,
    finished: Vec<Option<Finished<T>>>,
    /// The first failure, by part: it stops the run.
    failed: Option<(usize, Diagnostics)>,
}

impl<T: Send> Parts<'_, T> {
    /// Lays every part out and finishes it, in order of the parts.
    pub(super) fn run(&self) -> Result<Vec<Finished<T>>, Diagnostics> {
        let count = self.weights.len();
        let board = Mutex::new(Board {
            next: 0,
            finished: (0..count).map(|_| None).collect(),
            failed: None,
        });
        let changed = Condvar::new();
        std::thread::scope(|scope| {
            for _ in 0..self.jobs.clamp(1, count.max(1)) {
                let worker = || self.work(&board, &changed);
                if std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, worker)
                    .is_err()
                {
                    // No thread to be had: this one works instead.
                    self.work(&board, &changed);
                }
            }
        });
        let board = board.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some((_, problems)) = board.failed {
            return Err(problems);
        }
        Ok(board.finished.into_iter().flatten().collect())
    }

    /// One worker: takes the next part until none is left or one has failed.
    fn work(&self, board: &Mutex<Board<T>>, changed: &Condvar) {
        loop {
            let (part, guess) = {
                let mut board = lock(board);
                if board.failed.is_some() || board.next == self.weights.len() {
                    return;
                }
                let part = board.next;
                board.next += 1;
                (part, self.estimate(&board, part))
            };
            let outcome = self.part(part, guess, board, changed);
            let mut board = lock(board);
            match outcome {
                Ok(Some(finished)) => board.finished[part] = Some(finished),
                Ok(None) => {}
                Err(problems) => {
                    if board.failed.as_ref().is_none_or(|(first, _)| part < *first) {
                        board.failed = Some((part, problems));
                    }
                }
            }
            // Keep only what was made or used since the last `jobs - 1` evictions: the
            // memoised layouts of the parts still in progress, which a second layout with the
            // right page numbers reuses. With one worker, everything goes.
            typst::comemo::evict(self.jobs.saturating_sub(1));
            changed.notify_all();
        }
    }

    /// Lays out one part at the `guess`ed first page, then again if that was not its first
    /// page; `None` when the run failed before this part's first page was known.
    fn part(
        &self,
        part: usize,
        guess: usize,
        board: &Mutex<Board<T>>,
        changed: &Condvar,
    ) -> Result<Option<Finished<T>>, Diagnostics> {
        let mut laid = (self.lay_out)(part, guess)?;
        let Some(first_page) = self.first_page_of(part, board, changed) else {
            return Ok(None);
        };
        if first_page != guess {
            drop(laid);
            laid = (self.lay_out)(part, first_page)?;
        }
        let pages = laid.document.pages().len();
        Ok(Some(Finished {
            value: (self.finish)(first_page, laid.document)?,
            first_page,
            pages,
            warnings: laid.warnings,
        }))
    }

    /// Waits until every part before `part` has finished, and gives the page `part` starts
    /// on; `None` if the run failed meanwhile.
    fn first_page_of(
        &self,
        part: usize,
        board: &Mutex<Board<T>>,
        changed: &Condvar,
    ) -> Option<usize> {
        let board = changed
            .wait_while(lock(board), |b| {
                b.failed.is_none() && b.finished[..part].iter().any(Option::is_none)
            })
            .unwrap_or_else(|e| e.into_inner());
        if board.failed.is_some() {
            return None;
        }
        Some(
            self.first_page
                + board.finished[..part]
                    .iter()
                    .flatten()
                    .map(|f| f.pages)
                    .sum::<usize>(),
        )
    }

    /// The page `part` probably starts on: the pages of the parts before it that have
    /// finished, and for each part still in progress, its weight at the pages per unit of
    /// weight of the finished parts of its kind (a run of the index and a run of the sources
    /// fill pages at different rates).
    fn estimate(&self, board: &Board<T>, part: usize) -> usize {
        let per_weight = |kind: usize| {
            let (pages, weight) = board
                .finished
                .iter()
                .zip(self.weights)
                .filter_map(|(f, w)| Some((f.as_ref()?.pages, w)).filter(|(_, w)| w.kind == kind))
                .fold((0, 0), |(p, w), (pages, weight)| {
                    (p + pages, w + weight.amount)
                });
            if weight == 0 {
                FIRST_GUESS
            } else {
                pages as f64 / weight as f64
            }
        };
        let before: f64 = board.finished[..part]
            .iter()
            .zip(self.weights)
            .map(|(f, w)| match f {
                Some(f) => f.pages as f64,
                None => (w.amount as f64 * per_weight(w.kind)).round().max(1.0),
            })
            .sum();
        self.first_page + before as usize
    }
}

/// The board, even if a worker panicked while holding it (the panic itself still ends the
/// run when the scope joins).
fn lock<T>(board: &Mutex<Board<T>>) -> MutexGuard<'_, Board<T>> {
    board.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Generator;
    use crate::linemap::Rendered;

    /// A part of `pages` empty pages, numbered from `first_page`.
    fn part(first_page: usize, pages: usize, generator: &Generator) -> LaidOut {
        let source = format!(
            "#set page(width: 60pt, height: 60pt, footer: context counter(page).display())\n\
             #counter(page).update({first_page})\n{}",
            "#pagebreak()\n".repeat(pages - 1)
        );
        let date = generator.settings().date;
        crate::typeset::layout(&Rendered::plain(source), &generator.files, date, None)
            .expect("lays out")
    }

    fn generator() -> Generator {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
        Generator::new(None, crate::Briefing::new(date)).expect("templates")
    }

    #[test]
    fn parts_start_where_the_one_before_ended_however_many_lay_out_at_once() {
        let generator = generator();
        // Pages per part that no estimate from weights predicts.
        let lengths = [3, 1, 4, 1, 5, 9, 2, 6];
        let weights = [Weight {
            kind: 0,
            amount: 10,
        }; 8];
        let laid_out_at = Mutex::new(Vec::new());
        let lay_out = |i: usize, first: usize| {
            lock_list(&laid_out_at).push((i, first));
            Ok(part(first, lengths[i], &generator))
        };
        let finish = |first: usize, document: PagedDocument| Ok((first, document.pages().len()));
        for jobs in [1, 2, 3] {
            lock_list(&laid_out_at).clear();
            let finished = Parts {
                jobs,
                first_page: 5,
                weights: &weights,
                lay_out: &lay_out,
                finish: &finish,
            }
            .run()
            .expect("laid out");
            let starts: Vec<usize> = finished.iter().map(|f| f.first_page).collect();
            assert_eq!(starts, [5, 8, 9, 13, 14, 19, 28, 30], "jobs {jobs}");
            assert!(finished.iter().all(|f| f.value == (f.first_page, f.pages)));
            if jobs == 1 {
                assert_eq!(
                    lock_list(&laid_out_at).len(),
                    lengths.len(),
                    "no layout twice"
                );
            }
        }
    }

    #[test]
    fn a_failed_part_fails_the_run() {
        let generator = generator();
        let lay_out = |i: usize, first: usize| {
            if i == 2 {
                Err(attache_core::Diagnostic::error("part 2 is broken").into())
            } else {
                Ok(part(first, 2, &generator))
            }
        };
        let finish = |_: usize, _: PagedDocument| Ok(());
        for jobs in [1, 2] {
            let failed = Parts {
                jobs,
                first_page: 1,
                weights: &[Weight { kind: 0, amount: 1 }; 6],
                lay_out: &lay_out,
                finish: &finish,
            }
            .run()
            .err()
            .expect("the run fails");
            assert_eq!(failed.0[0].message, "part 2 is broken");
        }
    }

    fn lock_list<T>(list: &Mutex<Vec<T>>) -> MutexGuard<'_, Vec<T>> {
        list.lock().expect("not poisoned")
    }
}
