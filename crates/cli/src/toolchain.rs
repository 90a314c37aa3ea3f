//! `attache schema`, `attache completions` and `attache man`: what editors, shells and `man`
//! need to know about attache.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use attache_core::schema::schema_files;
use clap::CommandFactory;

use crate::args::Cli;
use crate::{output, ui};

/// Writes the JSON Schema of every data file into `dir`.
pub(crate) fn schema(dir: &Path) -> Result<ExitCode> {
    let files = schema_files();
    for file in &files {
        output::write_atomic(&dir.join(file.name), file.text.as_bytes())?;
    }
    ui::info(format!(
        "wrote {} schema files to {}\nnext: start each data file with a line such as `#:schema ../schema/events.schema.json` (the path relative to the data file)",
        files.len(),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Prints the completion script for a shell.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "attache", &mut out);
    output::stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the man pages into `dir`, or prints attache.1 to standard output.
pub(crate) fn man(dir: Option<&Path>) -> Result<ExitCode> {
    let cmd = Cli::command();
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
            ui::info(format!(
                "wrote {} man pages to {}",
                pages(&Cli::command()),
                dir.display()
            ));
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .context("cannot render the man page")?;
            output::stdout(&String::from_utf8_lossy(&out))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How many pages `generate_to` writes: one per command, the help subcommand aside.
fn pages(cmd: &clap::Command) -> usize {
    1 + cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(pages)
        .sum::<usize>()
}
