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
//! Workers are not tasks of one shared rayon pool, because a worker blocks while it waits for
//! the parts before its own: a blocked task can deadlock its pool when the thread it holds is
//! the one that was to run the task it waits for. Each worker is instead the one thread of a
//! rayon pool of its own. Typst hands work to rayon as it lays out and exports (page runs,
//! deferred values, the PDF's pages); in a shared pool, a worker waiting for such a task would
//! steal and run a task of another part meanwhile, and a layout would pass from thread to
//! thread. In its own pool, a part is laid out and exported on one thread from start to end.
//! Where a worker lays its parts out is its [`Layouter`]'s business: in this process, or in a
//! worker process of its own (`super::worker`), which shares none of Typst's caches with the
//! others. At most `jobs` parts are laid out at a time, so at most `jobs` laid-out parts are
//! in memory; Typst's caches are evicted as parts finish, keeping what a part still in
//! progress may reuse for a second layout.

use std::sync::{Condvar, Mutex, MutexGuard};

use attache_core::{Diagnostic, Diagnostics};

use crate::linemap::Rendered;

/// Pages per unit of work guessed before any part has finished: about one page per 13 events
/// of the built-in chronology template. A wrong guess costs speed only.
const FIRST_GUESS: f64 = 1.0 / 13.0;

/// One part, finished: what `finish` made of its layout, and its pages.
pub(super) struct Finished<T> {
    pub(super) value: T,
    pub(super) first_page: usize,
    pub(super) pages: usize,
    pub(super) warnings: Vec<attache_core::Diagnostic>,
}

/// How the parts of one run are laid out: `render(part, first_page)` gives a part's source
/// with its pages numbered from `first_page`; each worker lays sources out with a
/// [`Layouter`] of its own, which `layouter` makes.
pub(super) struct Parts<'a, T> {
    /// How many parts may be laid out at once.
    pub(super) jobs: usize,
    /// The number of the first part's first page.
    pub(super) first_page: usize,
    /// Each part's share of the work, for estimates.
    pub(super) weights: &'a [Weight],
    pub(super) render: &'a (dyn Fn(usize, usize) -> Result<Rendered, Diagnostics> + Sync),
    pub(super) layouter: &'a (dyn Fn() -> Box<dyn Layouter<T> + 'a> + Sync),
}

/// Where one worker lays its parts out, one at a time: it keeps the last layout until it
/// is finished or replaced.
pub(super) trait Layouter<T> {
    /// Lays a part's source out, in place of the layout kept so far.
    fn lay_out(&mut self, source: &Rendered) -> Result<Sketch, Diagnostics>;
    /// Turns the kept layout, its pages numbered from `first_page`, into what the caller
    /// keeps (a PDF, images, where labels landed), and lets it go.
    fn finish(&mut self, first_page: usize) -> Result<T, Diagnostics>;
}

/// What a worker tells of a layout it keeps.
pub(super) struct Sketch {
    pub(super) pages: usize,
    pub(super) warnings: Vec<Diagnostic>,
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
                let (board, changed) = (&board, &changed);
                if std::thread::Builder::new()
                    .spawn_scoped(scope, move || self.worker(board, changed))
                    .is_err()
                {
                    // No thread to be had: this one works instead.
                    self.worker(board, changed);
                }
            }
        });
        let board = board.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some((_, problems)) = board.failed {
            return Err(problems);
        }
        Ok(board.finished.into_iter().flatten().collect())
    }

    /// One worker, on one thread: takes the next part until none is left or one has failed.
    fn worker(&self, board: &Mutex<Board<T>>, changed: &Condvar) {
        on_one_thread(|| self.work(&mut *(self.layouter)(), board, changed));
    }

    fn work(&self, layouter: &mut dyn Layouter<T>, board: &Mutex<Board<T>>, changed: &Condvar) {
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
            let outcome = self.part(layouter, part, guess, board, changed);
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
        layouter: &mut dyn Layouter<T>,
        part: usize,
        guess: usize,
        board: &Mutex<Board<T>>,
        changed: &Condvar,
    ) -> Result<Option<Finished<T>>, Diagnostics> {
        let mut laid = layouter.lay_out(&(self.render)(part, guess)?)?;
        let Some(first_page) = self.first_page_of(part, board, changed) else {
            return Ok(None);
        };
        if first_page != guess {
            laid = layouter.lay_out(&(self.render)(part, first_page)?)?;
        }
        Ok(Some(Finished {
            value: layouter.finish(first_page)?,
            first_page,
            pages: laid.pages,
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

/// Runs `work` as the one thread of a rayon pool of its own, so that what Typst hands to
/// rayon while it lays out or exports stays on that thread.
pub(super) fn on_one_thread<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(crate::generate::LAYOUT_STACK)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// The board, even if a worker panicked while holding it (the panic itself still ends the
/// run when the scope joins).
fn lock<T>(board: &Mutex<Board<T>>) -> MutexGuard<'_, Board<T>> {
    board.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use typst_layout::PagedDocument;

    use super::*;
    use crate::Generator;

    /// The source of a part of `pages` empty pages, numbered from `first_page`.
    fn part(first_page: usize, pages: usize) -> Rendered {
        Rendered::plain(format!(
            "#set page(width: 60pt, height: 60pt, footer: context counter(page).display())\n\
             #counter(page).update({first_page})\n{}",
            "#pagebreak()\n".repeat(pages - 1)
        ))
    }

    /// Lays parts out in this process and finishes each as its first page and its pages.
    struct Counting<'g> {
        generator: &'g Generator,
        laid: Option<PagedDocument>,
    }

    impl Layouter<(usize, usize)> for Counting<'_> {
        fn lay_out(&mut self, source: &Rendered) -> Result<Sketch, Diagnostics> {
            let date = self.generator.settings().date;
            let laid = crate::typeset::layout(source, &self.generator.files, date, None)?;
            let pages = laid.document.pages().len();
            self.laid = Some(laid.document);
            Ok(Sketch {
                pages,
                warnings: laid.warnings,
            })
        }

        fn finish(&mut self, first_page: usize) -> Result<(usize, usize), Diagnostics> {
            let laid = self.laid.take().expect("laid out");
            Ok((first_page, laid.pages().len()))
        }
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
        let rendered_at = Mutex::new(Vec::new());
        let render = |i: usize, first: usize| {
            lock_list(&rendered_at).push((i, first));
            Ok(part(first, lengths[i]))
        };
        let layouter = || -> Box<dyn Layouter<(usize, usize)>> {
            Box::new(Counting {
                generator: &generator,
                laid: None,
            })
        };
        for jobs in [1, 2, 3] {
            lock_list(&rendered_at).clear();
            let finished = Parts {
                jobs,
                first_page: 5,
                weights: &weights,
                render: &render,
                layouter: &layouter,
            }
            .run()
            .expect("laid out");
            let starts: Vec<usize> = finished.iter().map(|f| f.first_page).collect();
            assert_eq!(starts, [5, 8, 9, 13, 14, 19, 28, 30], "jobs {jobs}");
            assert!(finished.iter().all(|f| f.value == (f.first_page, f.pages)));
            if jobs == 1 {
                assert_eq!(
                    lock_list(&rendered_at).len(),
                    lengths.len(),
                    "no layout twice"
                );
            }
        }
    }

    #[test]
    fn a_failed_part_fails_the_run() {
        let generator = generator();
        let render = |i: usize, first: usize| {
            if i == 2 {
                Err(attache_core::Diagnostic::error("part 2 is broken").into())
            } else {
                Ok(part(first, 2))
            }
        };
        let layouter = || -> Box<dyn Layouter<(usize, usize)>> {
            Box::new(Counting {
                generator: &generator,
                laid: None,
            })
        };
        for jobs in [1, 2] {
            let failed = Parts {
                jobs,
                first_page: 1,
                weights: &[Weight { kind: 0, amount: 1 }; 6],
                render: &render,
                layouter: &layouter,
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
