//! The dataset a command works on: the user's folder, or the one built into the binary.

use std::path::Path;

use anyhow::{Context, Result};
use attache_core::{DataSource, Dataset, Diagnostic, Diagnostics, Inputs, LoadError};

use crate::args::{Global, ReleaseArgs};

/// Loads and validates the dataset; on problems, returns them all.
pub(crate) fn load(dir: Option<&Path>) -> Result<Result<Dataset, Diagnostics>> {
    let source = DataSource::from_option(dir);
    let read = match source.read() {
        Ok(read) => read,
        Err(LoadError::Io { path, source }) => {
            return Err(source).with_context(|| format!("cannot read the dataset at {path}"));
        }
        Err(LoadError::Invalid(d)) => return Ok(Err(d)),
    };
    crate::ui::detail(format!(
        "read {} data files from {}",
        read.files.len(),
        source.describe()
    ));
    Ok(crate::ui::timed("load and validate the dataset", || {
        Dataset::from_read(&read)
    }))
}

/// The files this run reads that the user named, which no output may replace: every data
/// file of the data folder, and the briefing settings.
pub(crate) fn inputs(global: &Global) -> Inputs {
    let mut inputs = Inputs::default();
    if let Some(dir) = &global.data {
        inputs.files_below(dir, "toml", format!("a data file of {}", dir.display()));
    }
    let settings = global.config.clone().or_else(|| {
        let dir = global.templates.as_ref()?;
        Some(dir.join("briefing.toml"))
    });
    if let Some(path) = settings {
        inputs.file(&path, format!("the briefing settings {}", path.display()));
    }
    inputs
}

/// Loads the dataset, turning problems into an error for commands that need a valid one.
pub(crate) fn load_valid(global: &Global) -> Result<Dataset> {
    load(global.data.as_deref())?.map_err(|diags| with_summary(diags, global).into())
}

/// Loads the dataset and gives it as it may be released under `--release`: every marking
/// checked against the briefing's scale, every record above the ceiling withheld before any
/// command sees it. How many were withheld is said on standard error only.
pub(crate) fn released(global: &Global, release: &ReleaseArgs) -> Result<Dataset> {
    let dataset = load_valid(global)?;
    release_dataset(global, &dataset, release)
}

/// A dataset as it may be released under `--release` (see [`released`]).
pub(crate) fn release_dataset(
    global: &Global,
    dataset: &Dataset,
    release: &ReleaseArgs,
) -> Result<Dataset> {
    let scale = crate::render::briefing(global)?.marking.scale;
    let ceiling = match &release.release {
        Some(level) => Some(scale.ceiling(level)?),
        None => None,
    };
    let released = dataset
        .release(&scale, ceiling)
        .map_err(|diags| with_summary(diags, global))?;
    if let Some(level) = &release.release {
        crate::ui::info(format!(
            "released up to {level}: withheld {}",
            crate::ui::count(released.withheld, "record", "records")
        ));
    }
    Ok(released.dataset)
}

/// Loads the dataset folder `dir` (another version than `--data`), turning problems into an
/// error.
pub(crate) fn load_valid_at(global: &Global, dir: &Path) -> Result<Dataset> {
    load(Some(dir))?.map_err(|diags| with_summary(diags, global).into())
}

/// A dataset's problems, closed by one saying how many there are and what to run next.
pub(crate) fn with_summary(mut diags: Diagnostics, global: &Global) -> Diagnostics {
    let count = diags.errors();
    let check = match &global.data {
        Some(dir) => format!("attache check --data {}", dir.display()),
        None => "attache check".to_owned(),
    };
    diags.0.push(
        Diagnostic::error(format!(
            "the dataset has {}",
            crate::ui::count(count, "problem", "problems")
        ))
        .with_hint(format!("fix them and run `{check}` until it passes")),
    );
    diags
}

/// The version and the built-in dataset's record counts, for `--version`.
pub(crate) fn version_line() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match Dataset::load(&DataSource::BuiltIn) {
        Ok(d) => format!(
            "{version} (dataset: {} partners, {} events, {} figures, {} periods, {} areas, {} sources)",
            d.partners().len(),
            d.events().len(),
            d.figures().count(),
            d.periods().len(),
            d.areas().len(),
            d.sources().len()
        ),
        Err(_) => format!("{version} (the built-in dataset has problems)"),
    }
}
