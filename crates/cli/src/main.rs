//! `attache`: printable briefs and chronologies from a source-cited dataset of a state's
//! international military cooperation.
//!
//! This crate only maps command-line arguments onto `attache-core` and `attache-generator`.

mod args;
mod commands;
mod data;
mod list;
mod output;
mod render;
mod templates;
mod watch;

use std::process::ExitCode;

use clap::Parser;

/// Exit codes: 0 success, 1 the dataset has problems, 2 any other error.
fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// Prints an error for people: the message, its causes, and hints.
pub(crate) fn print_error(error: &anyhow::Error) {
    eprintln!("error: {error}");
    for cause in error.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
