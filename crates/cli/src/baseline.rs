//! The versions of a dataset `attache diff` and `--since` compare: a dataset folder, a JSON
//! export, a PDF made by attache, which carries the snapshot of the records it shows, or a git
//! revision of a dataset folder (`git:REV[:PATH]`). Each
//! is released under the same ceiling as the run, so a record above it is in neither.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Result, bail};
use attache_core::{Dataset, Diagnostic, Snapshot};

use crate::args::{Global, ReleaseArgs};
use crate::data;

/// One version as it may be released, the date it stands for, and the ids the ceiling withheld.
pub(crate) struct Version {
    /// The released records.
    pub(crate) dataset: Dataset,
    /// The day the snapshot or export was made; `None` for a dataset folder.
    pub(crate) date: Option<attache_core::PartialDate>,
    /// The events and figures the ceiling withheld from it.
    pub(crate) withheld: BTreeSet<String>,
}

/// Reads the version `spec` names, released under `--release`. A `git:REV` without a path
/// reads the folder `beside` names (the other side of a diff), or `--data`.
pub(crate) fn read(
    global: &Global,
    spec: &str,
    beside: Option<&str>,
    release: &ReleaseArgs,
) -> Result<Version> {
    let path = Path::new(spec);
    let (dataset, date) = if let Some(rev) = spec.strip_prefix("git:") {
        let default = (beside.map(Path::new).filter(|p| p.is_dir())).or(global.data.as_deref());
        let read = crate::git::read(rev, default)?;
        let dataset =
            Dataset::from_read(&read).map_err(|diags| data::with_summary(diags, global))?;
        (dataset, None)
    } else if path.is_dir() {
        (data::load_valid_at(global, path)?, None)
    } else {
        let snapshot = snapshot_at(path)?;
        let date = Some(snapshot.generated);
        (snapshot.into_dataset(), date)
    };
    let released = data::release_dataset(global, &dataset, release)?;
    let withheld = attache_core::withheld_ids(&dataset, &released);
    Ok(Version {
        dataset: released,
        date,
        withheld,
    })
}

/// The snapshot a JSON export or an attache PDF holds.
fn snapshot_at(path: &Path) -> Result<Snapshot> {
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read {origin}: {e}")).with_hint(
            "give a dataset folder, a JSON export, a PDF made by attache or git:REV[:PATH]",
        )
    })?;
    if bytes.starts_with(b"%PDF") {
        let json = attache_generator::read_snapshot(&bytes)
            .map_err(|e| Diagnostic::error(format!("cannot read the PDF {origin}: {e}")))?;
        let Some(json) = json else {
            bail!(
                Diagnostic::error(format!("{origin} carries no dataset snapshot"))
                    .with_hint("it was made with --no-snapshot, under PDF/A-2b, or not by attache; make the brief again, or compare with a JSON export")
            );
        };
        return Ok(Snapshot::from_json(
            &json,
            &format!("the snapshot of {origin}"),
        )?);
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Diagnostic::error(format!("{origin} is neither a PDF nor JSON text")))?;
    Ok(Snapshot::from_json(&text, &origin)?)
}

/// The older version a report says what changed since (`--since`).
pub(crate) fn since(
    global: &Global,
    spec: &str,
    release: &ReleaseArgs,
) -> Result<attache_generator::Baseline> {
    let version = read(global, spec, None, release)?;
    // What the ceiling withholds now must not show as withdrawn either.
    let current = data::load_valid(global)?;
    let released = data::release_dataset(global, &current, release)?;
    let mut withheld = version.withheld;
    withheld.extend(attache_core::withheld_ids(&current, &released));
    Ok(attache_generator::Baseline {
        dataset: version.dataset,
        withheld,
        date: version.date,
    })
}
