//! `attache schema`, `attache completions` and `attache man`: what editors, shells and `man`
//! need to know about attache.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use attache_core::schema::schema_files;
use clap::CommandFactory;

use attache_core::Dataset;

use crate::args::{Cli, Global};
use crate::{data, output, ui};

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

/// Prints the completion script for a shell. The script completes the ids of the dataset it
/// is made from (the built-in one, or the `--data` folder's) wherever a command takes a
/// partner, period, area, event kind or record id; run it again after adding records.
pub(crate) fn completions(global: &Global, shell: clap_complete::Shell) -> Result<ExitCode> {
    let ids = match data::load(global.data.as_deref())? {
        Ok(dataset) => Ids::of(&dataset),
        // A dataset with problems still gets a script, with the fixed lists only.
        Err(_) => Ids::default(),
    };
    let mut out = Vec::new();
    let mut cmd = with_values(Cli::command(), &ids);
    clap_complete::generate(shell, &mut cmd, "attache", &mut out);
    output::stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

/// The values a completion script offers, by what an argument names.
#[derive(Default)]
struct Ids {
    partners: Vec<&'static str>,
    periods: Vec<&'static str>,
    areas: Vec<&'static str>,
    records: Vec<&'static str>,
}

impl Ids {
    fn of(dataset: &Dataset) -> Self {
        // clap keeps possible values as static text; the process ends once the script is out.
        let leak = |id: &str| -> &'static str { Box::leak(id.to_owned().into_boxed_str()) };
        let partners: Vec<_> = dataset.partners().iter().map(|p| leak(&p.id)).collect();
        let periods: Vec<_> = dataset.periods().iter().map(|p| leak(&p.id)).collect();
        let areas: Vec<_> = dataset.areas().iter().map(|a| leak(&a.id)).collect();
        let mut records: Vec<_> = (dataset.events().iter().map(|e| leak(&e.id)))
            .chain(dataset.sources().iter().map(|s| leak(&s.id)))
            .chain(dataset.figures().map(|f| leak(&f.id)))
            .chain(partners.iter().chain(&periods).chain(&areas).copied())
            .collect();
        records.sort_unstable();
        records.dedup();
        Self {
            partners,
            periods,
            areas,
            records,
        }
    }

    /// What argument `arg` of command `command` completes to; empty for free text.
    fn for_arg(&self, command: &str, arg: &str) -> Vec<&'static str> {
        match (command, arg) {
            ("partner", "name") | (_, "partner" | "partners") => self.partners.clone(),
            (_, "period") => self.periods.clone(),
            (_, "area" | "areas") => self.areas.clone(),
            (_, "kind") => attache_core::EventKind::NAMES.to_vec(),
            ("show", "id") => self.records.clone(),
            _ => Vec::new(),
        }
    }
}

/// The command with the dataset's ids as the possible values of each argument that takes one,
/// for completion only: arguments that already have a closed list keep it.
fn with_values(cmd: clap::Command, ids: &Ids) -> clap::Command {
    let name = cmd.get_name().to_owned();
    let args: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let mut cmd = cmd;
    for arg in args {
        let values = ids.for_arg(&name, &arg);
        if !values.is_empty() {
            cmd = cmd.mut_arg(&arg, |a| {
                if a.get_possible_values().is_empty() {
                    a.value_parser(clap::builder::PossibleValuesParser::new(values))
                } else {
                    a
                }
            });
        }
    }
    let subcommands: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().into()).collect();
    for sub in subcommands {
        cmd = cmd.mut_subcommand(&sub, |s| with_values(s, ids));
    }
    cmd
}

/// Writes the man pages into `dir`, or prints attache.1 to standard output.
pub(crate) fn man(dir: Option<&Path>) -> Result<ExitCode> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            clap_mangen::generate_to(Cli::command(), dir)
                .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
            // The main page is attache's own: it names the pages written beside it.
            output::write_atomic(&dir.join("attache.1"), &main_page(true)?)?;
            ui::info(format!(
                "wrote {} man pages to {}",
                pages(&Cli::command()),
                dir.display()
            ));
        }
        None => output::stdout(&String::from_utf8_lossy(&main_page(false)?))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What `attache` reads from the environment, as the man page lists it.
const ENVIRONMENT: [(&str, &str); 5] = [
    ("ATTACHE_DATA", "The data folder, as --data gives it."),
    (
        "ATTACHE_TEMPLATES",
        "The templates folder, as --templates gives it.",
    ),
    (
        "ATTACHE_CONFIG",
        "The briefing settings file, as --config gives it.",
    ),
    (
        "ATTACHE_LANG",
        "The language of reports, as --lang gives it.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, messages are printed without colour.",
    ),
];

/// The exit codes, as `main` returns them.
const EXIT_STATUS: [(&str, &str); 3] = [
    ("0", "Success."),
    (
        "1",
        "The dataset has problems (check, or a command that loads the data).",
    ),
    (
        "2",
        "Any other error, including a command line attache cannot read.",
    ),
];

/// The main man page: clap's name, synopsis, description and options, then the commands,
/// examples, environment and exit status. `with_pages` lists the command pages written beside
/// it; a page printed alone names no page that does not exist.
fn main_page(with_pages: bool) -> Result<Vec<u8>> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let commands: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    let mut roff = String::from(".SH COMMANDS\n");
    for sub in &commands {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        roff += &format!(
            ".TP\n\\fBattache {}\\fR\n{}\n",
            sub.get_name(),
            roff_text(&about)
        );
    }
    let examples = cmd
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    roff += ".SH EXAMPLES\n.nf\n";
    for line in examples.lines().filter(|l| l.starts_with("  ")) {
        roff += &format!("{}\n", roff_text(line.trim_start()));
    }
    roff += ".fi\n.SH ENVIRONMENT\n";
    for (name, what) in ENVIRONMENT {
        roff += &format!(".TP\n\\fB{}\\fR\n{}\n", roff_text(name), roff_text(what));
    }
    roff += ".SH \"EXIT STATUS\"\n";
    for (code, what) in EXIT_STATUS {
        roff += &format!(".TP\n{code}\n{}\n", roff_text(what));
    }
    if with_pages {
        let names: Vec<String> = (commands.iter())
            .map(|s| format!("\\fBattache\\-{}\\fR(1)", roff_text(s.get_name())))
            .collect();
        roff += &format!(".SH \"SEE ALSO\"\n{}\n", names.join(", "));
    }
    out.extend_from_slice(roff.as_bytes());
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// Text as roff prints it: backslashes and hyphens escaped, no line taken for a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// How many pages `generate_to` writes: one per command, the help subcommand aside.
fn pages(cmd: &clap::Command) -> usize {
    1 + cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(pages)
        .sum::<usize>()
}
