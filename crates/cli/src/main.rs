//! `attache`: printable briefs and chronologies from a source-cited dataset of a state's
//! international military cooperation.
//!
//! This crate only maps command-line arguments onto `attache-core` and `attache-generator`.

mod args;
mod baseline;
mod commands;
mod data;
mod diagnostics;
mod diff;
mod export;
mod git;
mod list;
mod new;
mod output;
mod render;
mod search;
mod show;
mod templates;
mod toolchain;
mod ui;
mod watch;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

// Typst allocates and frees many small objects; mimalloc spends less time on them than the
// system allocator (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes: 0 success, 1 the dataset has problems, 2 any other error.
fn main() -> ExitCode {
    let cli = match args::Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    ui::set_level(cli.global.quiet, cli.global.verbose);
    diagnostics::set_format(cli.global.diagnostic_format);
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            diagnostics::emit_error(&error);
            ExitCode::from(2)
        }
    }
}

/// The command line, with `--version` telling the built-in dataset's size.
pub(crate) fn command() -> clap::Command {
    let asks_version = std::env::args_os().any(|a| a == "--version" || a == "-V");
    let cmd = args::Cli::command();
    if asks_version {
        cmd.version(&*Box::leak(data::version_line().into_boxed_str()))
    } else {
        cmd
    }
}
