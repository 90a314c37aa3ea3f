//! What each command does, in terms of the core and generator crates.

use std::process::ExitCode;

use anyhow::Result;
use attache_core::{Dataset, Diagnostic};

use crate::args::{Cli, Command, Global, NewCommand, ReportCommand, TemplatesCommand};
use crate::{
    data, diagnostics, diff, export, list, new, render, search, show, templates, toolchain, watch,
};

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> Result<ExitCode> {
    let global = &cli.global;
    match cli.command {
        Command::Check { strict_lang } => check(global, strict_lang),
        Command::Export(args) => export::export(global, &args),
        Command::Show(args) => show::show(global, &args),
        Command::Search(args) => search::search(global, &args),
        Command::Diff(args) => diff::diff(global, &args),
        Command::Schema { output } => toolchain::schema(&output),
        Command::Completions { shell } => toolchain::completions(global, shell),
        Command::Man { output } => toolchain::man(output.as_deref()),
        Command::LayoutWorker => {
            attache_generator::serve_layout_worker(std::io::stdin(), std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New(NewCommand::Event(args)) => new::event(global, args),
        Command::New(NewCommand::Partner(args)) => new::partner(global, args),
        Command::New(NewCommand::Source(args)) => new::source(global, args),
        Command::List(args) => {
            list::list(&data::released(global, &args.release)?, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Templates(TemplatesCommand::Init { dir, force }) => templates::init(&dir, force),
        Command::Templates(TemplatesCommand::List) => templates::list(global.templates.as_deref()),
        Command::Chronology { filter, output } => {
            let run = || {
                let dataset = data::released(global, &output.release)?;
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
                let release = match &command {
                    ReportCommand::Partner { output, .. }
                    | ReportCommand::Period { output, .. }
                    | ReportCommand::Type { output, .. } => &output.release,
                    ReportCommand::All { release, .. } => release,
                };
                let dataset = data::released(global, release)?;
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
                        ..
                    } => render::all(global, &dataset, out_dir, how),
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

fn check(global: &Global, strict_lang: bool) -> Result<ExitCode> {
    if strict_lang && global.lang.is_none() {
        anyhow::bail!(
            Diagnostic::error("--strict-lang needs a language")
                .with_hint("name it with --lang, e.g. `attache check --lang az --strict-lang`")
        );
    }
    // Markings are read on the briefing's scale: a level it lacks is a problem of the data.
    let scale = render::briefing(global)?.marking.scale;
    let loaded = data::load(global.data.as_deref())?
        .and_then(|dataset| dataset.release(&scale, None).map(|_| dataset));
    match loaded {
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
            if dataset.info().subject.is_none() {
                diagnostics::emit(&[Diagnostic::file(
                    "dataset.toml",
                    "the dataset names no subject state: reports call it \"the subject state\"",
                )
                .as_warning()
                .with_hint("add dataset.toml with its title, language and [subject] (`attache schema` writes dataset.schema.json, which lists every field)")]);
            }
            match &global.lang {
                Some(language) => Ok(translations(&dataset, language, strict_lang)),
                None => Ok(ExitCode::SUCCESS),
            }
        }
        Err(diags) => {
            diagnostics::emit(&data::with_summary(diags, global).0);
            Ok(ExitCode::from(1))
        }
    }
}

/// Lists the records whose text is not translated into `language`: warnings, or errors (and
/// exit 1) when `strict`.
fn translations(dataset: &Dataset, language: &str, strict: bool) -> ExitCode {
    let missing = dataset.untranslated(language);
    let fields: usize = missing.iter().map(|m| m.fields.len()).sum();
    let mut problems: Vec<Diagnostic> = missing
        .iter()
        .map(|m| {
            let problem = Diagnostic::error(format!(
                "{} `{}` has no `{language}` translation of {}",
                m.kind,
                m.id,
                m.fields.join(", ")
            ));
            if strict {
                problem
            } else {
                problem.as_warning()
            }
        })
        .collect();
    if missing.is_empty() {
        println!(
            "every text is translated into `{language}` (or written in it: the dataset's language is `{}`)",
            dataset.language()
        );
        return ExitCode::SUCCESS;
    }
    let summary = Diagnostic::error(format!(
        "{} in {} not translated into `{language}`; reports print them in `{}`",
        crate::ui::count(fields, "text", "texts"),
        crate::ui::count(missing.len(), "record", "records"),
        dataset.language()
    ))
    .with_hint(format!(
        "add a [<record>.translations.{language}] table to each, with the fields named above"
    ));
    problems.push(if strict {
        summary
    } else {
        summary.as_warning()
    });
    diagnostics::emit(&problems);
    if strict {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
