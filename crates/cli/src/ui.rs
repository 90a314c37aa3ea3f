//! Messages for people on standard error: `-q` and `-v`, and coloured `error:`, `warning:` and
//! `hint:` prefixes when standard error is a terminal and NO_COLOR is unset.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Instant;

use anstyle::{AnsiColor, Style};

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

/// A warning, always shown.
pub(crate) fn warn(message: impl AsRef<str>) {
    anstream::eprintln!("{}", paint(&format!("warning: {}", message.as_ref())));
}

/// Text for standard error with its `error:`, `warning:` and `hint:` line prefixes coloured.
/// anstream drops the colour again where standard error is not a terminal or NO_COLOR is set.
pub(crate) fn paint(text: &str) -> String {
    let prefixes = [
        (
            "error:",
            Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        ),
        (
            "warning:",
            Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        ),
        (
            "= hint:",
            Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        ),
        ("hint:", Style::new().fg_color(Some(AnsiColor::Cyan.into()))),
        ("caused by:", Style::new().bold()),
    ];
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            match prefixes.iter().find(|(p, _)| body.starts_with(p)) {
                Some((prefix, style)) => {
                    format!("{indent}{style}{prefix}{style:#}{}", &body[prefix.len()..])
                }
                None => line.to_owned(),
            }
        })
        .collect();
    lines.join("\n")
}

/// Prints text for standard error with its prefixes coloured.
pub(crate) fn eprint_painted(text: &str) {
    anstream::eprintln!("{}", paint(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paints_only_known_prefixes_at_line_starts() {
        let painted = paint("error: bad\n  = hint: fix it\nno error: here");
        assert!(painted.contains("\u{1b}["), "{painted}");
        assert!(painted.ends_with("no error: here"), "{painted}");
        let plain = anstream::adapter::strip_str(&painted).to_string();
        assert_eq!(plain, "error: bad\n  = hint: fix it\nno error: here");
    }
}
