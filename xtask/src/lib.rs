//! Synthetic datasets in the real data format, the same for the same seed: for benchmarks,
//! scale tests and `cargo xtask synth`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

const KINDS: &[&str] = &[
    "agreement",
    "declaration",
    "exercise",
    "visit",
    "meeting",
    "training",
    "procurement",
    "production",
    "deployment",
    "establishment",
    "accession",
    "other",
];
const AREAS: &[(&str, &str)] = &[
    ("military", "Military cooperation"),
    ("military-political", "Military-political cooperation"),
    ("military-technical", "Military-technical cooperation"),
    ("military-education", "Military education and training"),
    ("peacekeeping", "Peacekeeping"),
    ("defence-industry", "Defence industry"),
];
const WORDS: &[&str] = &[
    "joint",
    "naval",
    "staff",
    "border",
    "logistics",
    "training",
    "officer",
    "academy",
    "exchange",
    "protocol",
    "programme",
    "air",
    "defence",
    "engineering",
    "medical",
    "command",
    "cyber",
    "signals",
];

/// Writes a dataset of `events` events and `partners` partners into `out`.
pub fn synth(events: usize, partners: usize, seed: u64, out: &Path) -> Result<()> {
    if out.join("sources.toml").exists() {
        anyhow::bail!(
            "{} already holds a dataset; choose an empty folder",
            out.display()
        );
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    fs::create_dir_all(out.join("partners"))?;
    fs::create_dir_all(out.join("events"))?;
    fs::write(
        out.join("sources.toml"),
        "[[source]]\nid = \"synthetic\"\ntitle = \"Synthetic benchmark source\"\nauthor = \"\"\npublisher = \"\"\ndate = \"2026\"\nkind = \"synthetic\"\n",
    )?;
    let mut areas = String::new();
    for (id, name) in AREAS {
        writeln!(
            areas,
            "[[area]]\nid = \"{id}\"\nname = \"{name}\"\nsummary = \"Synthetic area {name}.\"\n"
        )?;
    }
    fs::write(out.join("areas.toml"), areas)?;
    let mut periods = String::new();
    for (id, start, end) in [
        ("early", "1990", Some("2004")),
        ("middle", "2005", Some("2014")),
        ("late", "2015", None),
    ] {
        let end = end.map(|e| format!("end = \"{e}\"\n")).unwrap_or_default();
        writeln!(
            periods,
            "[[period]]\nid = \"{id}\"\nname = \"Synthetic {id} period\"\nstart = \"{start}\"\n{end}summary = \"A synthetic period.\"\nsources = [{{ id = \"synthetic\", locator = \"period {id}\" }}]\n"
        )?;
    }
    fs::write(out.join("periods.toml"), periods)?;
    for p in 0..partners {
        fs::write(
            out.join(format!("partners/partner-{p:04}.toml")),
            format!(
                "id = \"partner-{p:04}\"\nname = \"Partner {p:04}\"\nkind = \"state\"\naliases = [\"Synthetic Partner {p:04}\"]\nrelationship = \"partner\"\nsummary = \"Synthetic partner number {p}.\"\nsources = [{{ id = \"synthetic\", locator = \"partner {p}\" }}]\n"
            ),
        )?;
    }
    let mut by_year: std::collections::BTreeMap<i32, String> = std::collections::BTreeMap::new();
    for n in 0..events {
        let year = 1990 + rng.i32(0..36);
        let date = match rng.u8(0..3) {
            0 => format!("{year}"),
            1 => format!("{year}-{:02}", rng.u8(1..13)),
            _ => format!("{year}-{:02}-{:02}", rng.u8(1..13), rng.u8(1..29)),
        };
        let kind = KINDS[rng.usize(..KINDS.len())];
        let area = AREAS[rng.usize(..AREAS.len())].0;
        let partner = rng.usize(..partners);
        let words: Vec<&str> = (0..4).map(|_| WORDS[rng.usize(..WORDS.len())]).collect();
        let entry = by_year.entry(year).or_default();
        writeln!(
            entry,
            "[[event]]\nid = \"e{n:06}\"\ndate = \"{date}\"\ntitle = \"Synthetic {kind} {n}: {}\"\nsummary = \"Event {n} of the synthetic set, a {kind} on {} matters with partner {partner:04}.\"\nkind = \"{kind}\"\nareas = [\"{area}\"]\npartners = [\"partner-{partner:04}\"]\nsources = [{{ id = \"synthetic\", locator = \"entry {n}\" }}]\n",
            words.join(" "),
            words[0]
        )?;
    }
    for (year, text) in by_year {
        fs::write(out.join(format!("events/{year}.toml")), text)
            .with_context(|| format!("cannot write events for {year}"))?;
    }
    eprintln!(
        "wrote {events} events and {partners} partners to {}",
        out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn synthetic_datasets_are_valid_and_reproducible() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        synth(300, 7, 42, &a).expect("writes");
        synth(300, 7, 42, &b).expect("writes");
        let dataset = match attache_core::Dataset::load_dir(&a) {
            Ok(d) => d,
            Err(e) => panic!("synthetic data is invalid:\n{e}"),
        };
        assert_eq!((dataset.events().len(), dataset.partners().len()), (300, 7));
        let read = |root: &Path| -> Vec<(PathBuf, String)> {
            let mut files: Vec<_> = fs::read_dir(root.join("events"))
                .expect("events")
                .filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().into(),
                        fs::read_to_string(e.path()).expect("read"),
                    )
                })
                .collect();
            files.sort();
            files
        };
        assert_eq!(
            read(&a),
            read(&b),
            "the same seed must write the same files"
        );
        assert!(
            synth(10, 1, 1, &a).is_err(),
            "refuses to write over a dataset"
        );
    }
}
