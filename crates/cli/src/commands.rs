//! What each command does, in terms of the core and generator crates.

use std::process::ExitCode;

use anyhow::Result;

use crate::args::{Cli, Command, Global, NewCommand, ReportCommand, TemplatesCommand};
use crate::{data, diagnostics, export, list, new, render, show, templates, toolchain, watch};

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> Result<ExitCode> {
    let global = &cli.global;
    match cli.command {
        Command::Check => check(global),
        Command::Export(args) => export::export(global, &args),
        Command::Show(args) => show::show(global, &args),
        Command::Schema { output } => toolchain::schema(&output),
        Command::Completions { shell } => toolchain::completions(shell),
        Command::Man { output } => toolchain::man(output.as_deref()),
        Command::New(NewCommand::Event(args)) => new::event(global, args),
        Command::New(NewCommand::Partner(args)) => new::partner(global, args),
        Command::List(args) => {
            list::list(&data::load_valid(global)?, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Templates(TemplatesCommand::Init { dir, force }) => templates::init(&dir, force),
        Command::Templates(TemplatesCommand::List) => templates::list(global.templates.as_deref()),
        Command::Chronology { filter, output } => {
            let run = || {
                let dataset = data::load_valid(global)?;
                render::one(
                    global,
                    &dataset,
                    render::chronology(&dataset, &filter)?,
                    &output,
                )
            };
            if output.render.watch {
                watch::run(global, run)
            } else {
                run()
            }
        }
        Command::Report(command) => {
            let run = || {
                let dataset = data::load_valid(global)?;
                match &command {
                    ReportCommand::Partner { name, output } => {
                        render::one(global, &dataset, render::partner(&dataset, name)?, output)
                    }
                    ReportCommand::Period { period, output } => {
                        render::one(global, &dataset, render::period(&dataset, period)?, output)
                    }
                    ReportCommand::Type { area, output } => {
                        render::one(global, &dataset, render::area(&dataset, area)?, output)
                    }
                    ReportCommand::All {
                        out_dir,
                        render: how,
                    } => render::all(global, &dataset, out_dir, *how),
                }
            };
            let watching = match &command {
                ReportCommand::Partner { output, .. }
                | ReportCommand::Period { output, .. }
                | ReportCommand::Type { output, .. } => output.render.watch,
                ReportCommand::All { render, .. } => render.watch,
            };
            if watching {
                watch::run(global, run)
            } else {
                run()
            }
        }
    }
}

fn check(global: &Global) -> Result<ExitCode> {
    match data::load(global.data.as_deref())? {
        Ok(dataset) => {
            println!(
                "dataset is valid: {} partners, {} events, {} figures, {} periods, {} areas, {} sources",
                dataset.partners().len(),
                dataset.events().len(),
                dataset.figures().count(),
                dataset.periods().len(),
                dataset.areas().len(),
                dataset.sources().len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(diags) => {
            diagnostics::emit(&data::with_summary(diags, global).0);
            Ok(ExitCode::from(1))
        }
    }
}
