//! `--watch`: render, then render again whenever the data, the templates or the briefing
//! settings change, until interrupted. A failed render is reported and watching goes on.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use attache_core::Diagnostic;
use notify::{EventKind, RecursiveMode, Watcher};

use crate::args::Global;

/// Runs `render` now and after every change to the user's folders.
pub(crate) fn run(
    global: &Global,
    mut render: impl FnMut() -> Result<ExitCode>,
) -> Result<ExitCode> {
    let paths: Vec<PathBuf> = [
        global.data.clone(),
        global.templates.clone(),
        global.config.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if paths.is_empty() {
        bail!(
            Diagnostic::error(
                "--watch has nothing to watch: the built-in data and templates never change"
            )
            .with_hint("pass --data, --templates or --config")
        );
    }
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            )
            && !event.paths.iter().all(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(".attache-"))
            })
        {
            let _ = sender.send(());
        }
    })
    .context("cannot watch for changes")?;
    for path in &paths {
        watcher
            .watch(path, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", path.display()))?;
    }
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    loop {
        let started = Instant::now();
        if let Err(error) = render() {
            crate::diagnostics::emit_error(&error);
        }
        crate::ui::info(format!(
            "render took {} ms; watching {} for changes (Ctrl-C to stop)",
            started.elapsed().as_millis(),
            shown.join(", ")
        ));
        if events.recv().is_err() {
            return Ok(ExitCode::SUCCESS);
        }
        // Editors write in bursts: let the burst settle before rendering again.
        while events.recv_timeout(Duration::from_millis(150)).is_ok() {}
    }
}
