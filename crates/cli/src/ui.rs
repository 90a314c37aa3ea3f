//! Messages for people on standard error: what was done, and under `-v` how long it took.
//! Errors and warnings go through `diagnostics` instead.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Instant;

use anstyle::Style;

/// How much to say: 0 quiet, 1 normal, 2 verbose.
static LEVEL: AtomicU8 = AtomicU8::new(1);

/// Sets the level from the global flags.
pub(crate) fn set_level(quiet: bool, verbose: bool) {
    let level = if quiet {
        0
    } else if verbose {
        2
    } else {
        1
    };
    LEVEL.store(level, Ordering::Relaxed);
}

/// Whether `-q` was given: no "wrote ..." messages, no progress.
pub(crate) fn quiet() -> bool {
    LEVEL.load(Ordering::Relaxed) == 0
}

fn verbose() -> bool {
    LEVEL.load(Ordering::Relaxed) >= 2
}

/// A message about what was done ("wrote ..."), left out under `-q`.
pub(crate) fn info(message: impl AsRef<str>) {
    if !quiet() {
        anstream::eprintln!("{}", message.as_ref());
    }
}

/// A detail shown only under `-v`.
pub(crate) fn detail(message: impl AsRef<str>) {
    if verbose() {
        let style = Style::new().dimmed();
        anstream::eprintln!("{style}{}{style:#}", message.as_ref());
    }
}

/// Shows, under `-v`, how long a stage took.
pub(crate) fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    detail(format!(
        "{stage}: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    ));
    value
}

/// "1 page", "3 pages".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
