//! The organisation's settings for a briefing: who issues it, its marking and colour, paper,
//! logo, label language and sections. Read from `briefing.toml` in the templates folder (or a
//! file given with `--config`); every problem is reported with its line and a suggestion.

use std::path::{Path, PathBuf};

use attache_core::{Diagnostic, Diagnostics, MarkingLevel, MarkingScale, suggest};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::folder::{Refusal, TemplatesFolder};

/// Paper sizes a briefing may use (Typst paper names).
pub const PAPERS: &[&str] = &["a4", "a5", "a3", "us-letter", "us-legal"];

/// Languages with a built-in label set.
pub const LANGUAGES: &[&str] = &["en", "az", "ru"];

/// A section a report may print; the briefing settings choose which, and in what order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Who or what the report is about, in prose.
    Profile,
    /// A box of headline numbers.
    KeyFacts,
    /// What changed since an older version (`--since`): added, corrected, withdrawn.
    Changes,
    /// Quantified facts with their sources.
    Figures,
    /// The partners most engaged, ranked (period and type reports).
    Partners,
    /// Agreements, declarations and accessions.
    LegalBasis,
    /// Exercises and training.
    Exercises,
    /// Events grouped by cooperation area.
    Areas,
    /// Events over time, as a bar chart stacked by kind (a dot strip for a few events).
    Chart,
    /// The most engaged partners as lanes across the years (period reports, chronologies;
    /// a partner's own lane in its brief).
    Timeline,
    /// The subject state and its partners, one line to each weighted by shared events (type
    /// and period reports, chronologies).
    Network,
    /// Every event in date order.
    Chronology,
    /// Facts on which the sources disagree.
    Conflicts,
    /// The numbered sources.
    Sources,
}

impl Section {
    /// Every section, in the default order.
    pub const ALL: [Section; 14] = [
        Section::Profile,
        Section::KeyFacts,
        Section::Changes,
        Section::Chart,
        Section::Timeline,
        Section::Figures,
        Section::Partners,
        Section::Network,
        Section::LegalBasis,
        Section::Exercises,
        Section::Areas,
        Section::Chronology,
        Section::Conflicts,
        Section::Sources,
    ];

    /// The section's name in `briefing.toml` and in templates.
    pub fn name(self) -> &'static str {
        match self {
            Section::Profile => "profile",
            Section::KeyFacts => "key-facts",
            Section::Changes => "changes",
            Section::Figures => "figures",
            Section::Partners => "partners",
            Section::LegalBasis => "legal-basis",
            Section::Exercises => "exercises",
            Section::Areas => "areas",
            Section::Chart => "chart",
            Section::Timeline => "timeline",
            Section::Network => "network",
            Section::Chronology => "chronology",
            Section::Conflicts => "conflicts",
            Section::Sources => "sources",
        }
    }

    /// The section a name stands for.
    pub fn from_name(name: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Templates see a section by its name, as `briefing.toml` writes it.
impl Serialize for Section {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Settings printed on every report.
#[derive(Debug, Clone, Serialize)]
pub struct Briefing {
    /// The issuing organisation, printed in the title block and footer.
    pub organization: String,
    /// The author, written to the PDF metadata.
    pub author: String,
    /// The marking printed in the header and footer of every page; empty for the default
    /// marking of the report's language (`default_marking` in its label set).
    pub classification: String,
    /// The marking's colour, as `#rrggbb`.
    pub classification_color: String,
    /// The marking's text colour (white on a national marking; TLP labels are coloured text on black).
    pub marking_text_color: String,
    /// The marking box's fill.
    pub marking_fill: String,
    /// Paper size, a Typst paper name (`a4`, `us-letter`).
    pub paper: String,
    /// The logo's path inside the templates folder (as Typst sees it, starting with `/`).
    pub logo: Option<String>,
    /// The language of the fixed labels; empty for the dataset's own language (`language` in
    /// its `dataset.toml`). Reports see the language they are made in.
    pub language: String,
    /// The sections reports include, in order.
    pub sections: Vec<Section>,
    /// The marking scale, portion marks, and whether the settings chose them.
    pub marking: MarkingSettings,
    /// The marking's size in points: TLP labels print at 12 pt or larger, as TLP 2.0 asks.
    pub marking_size: u32,
    /// The document date: fixed, so identical input gives identical output.
    #[serde(skip)]
    pub date: NaiveDate,
}

/// How records are marked: the scale their `marking` is read on, and whether each paragraph,
/// row and list item from a record starts with its portion mark.
#[derive(Debug, Clone, Serialize)]
pub struct MarkingSettings {
    /// The scale, lowest level first.
    pub scale: MarkingScale,
    /// Whether portion marks are printed.
    pub portion: bool,
    /// Whether `briefing.toml` has a `[marking]` table: the banner is then always the
    /// highest level present, never the language's open-source wording.
    pub configured: bool,
}

impl Default for MarkingSettings {
    /// TLP 2.0, no portion marks, not chosen.
    fn default() -> Self {
        Self {
            scale: MarkingScale::tlp(),
            portion: false,
            configured: false,
        }
    }
}

/// `[marking]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkingFile {
    scale: Option<Spanned<String>>,
    portion: Option<bool>,
    levels: Option<Vec<LevelFile>>,
}

/// One `[[marking.levels]]` of a scale the settings define.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    name: Spanned<String>,
    portion: Spanned<String>,
    colour: Option<Spanned<String>>,
}

/// `briefing.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BriefingFile {
    organization: Option<String>,
    author: Option<String>,
    classification: Option<Spanned<String>>,
    marking: Option<MarkingFile>,
    classification_color: Option<Spanned<String>>,
    paper: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    sections: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Banner colours of common national practice for a fixed marking's words, most specific
/// first: unclassified green, restricted dark amber, confidential blue, secret red, top
/// secret orange. A marking naming none of them prints in the report's ink.
const NATIONAL_COLOURS: &[(&str, &str)] = &[
    ("UNCLASSIFIED", "#007A33"),
    ("НЕСЕКРЕТНО", "#007A33"),
    ("MƏXFİ DEYİL", "#007A33"),
    ("TOP SECRET", "#FF8C00"),
    ("СОВЕРШЕННО СЕКРЕТНО", "#FF8C00"),
    ("RESTRICTED", "#8A5A00"),
    ("CONFIDENTIAL", "#0033A0"),
    ("SECRET", "#C8102E"),
    ("СЕКРЕТНО", "#C8102E"),
];

/// The colour of a marking that no scale level names.
const NEUTRAL_MARKING: &str = "#1B2A41";

impl Briefing {
    /// Default settings dated `date`.
    pub fn new(date: NaiveDate) -> Self {
        Self {
            organization: String::new(),
            author: "attache".into(),
            classification: String::new(),
            classification_color: "#007A33".into(),
            marking_text_color: "#ffffff".into(),
            marking_fill: "#007A33".into(),
            paper: "a4".into(),
            logo: None,
            language: String::new(),
            sections: Section::ALL.to_vec(),
            marking: MarkingSettings::default(),
            marking_size: 9,
            date,
        }
    }

    /// The settings for a run: the file given with `--config`, else `briefing.toml` in the
    /// templates folder, else the defaults.
    pub fn find(
        templates_dir: Option<&Path>,
        config: Option<&Path>,
        date: NaiveDate,
    ) -> Result<Self, Diagnostics> {
        let file = match config {
            Some(path) => Some(path.to_path_buf()),
            None => Self::in_folder(templates_dir)?,
        };
        let Some(file) = file else {
            return Ok(Self::new(date));
        };
        Self::load(&file, templates_dir, date).map_err(|mut problems| {
            problems.0.push(
                Diagnostic::error("the briefing settings have problems; nothing was written")
                    .with_hint("`attache templates init DIR` writes a commented briefing.toml"),
            );
            problems
        })
    }

    /// The templates folder's own `briefing.toml`, when it has one inside it.
    fn in_folder(templates_dir: Option<&Path>) -> Result<Option<PathBuf>, Diagnostics> {
        let Some(dir) = templates_dir.filter(|dir| dir.is_dir()) else {
            return Ok(None);
        };
        let Ok(folder) = TemplatesFolder::open(dir) else {
            return Ok(None);
        };
        match folder.resolve("briefing.toml") {
            // Named as the user wrote the folder, for messages.
            Ok(_) => Ok(Some(dir.join("briefing.toml"))),
            Err(Refusal::Missing) => Ok(None),
            Err(why) => Err(Diagnostic::file("briefing.toml", format!("refused: {why}"))
                .with_hint("make it a regular file inside the templates folder")
                .into()),
        }
    }

    /// Reads settings from a `briefing.toml`; `templates_dir` is where a logo must live.
    pub fn load(
        path: &Path,
        templates_dir: Option<&Path>,
        date: NaiveDate,
    ) -> Result<Self, Diagnostics> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostics(vec![Diagnostic::file(
                &name,
                format!("cannot read the briefing settings: {e}"),
            )])
        })?;
        Self::parse(&name, &text, templates_dir, date)
    }

    /// Parses settings from text; `name` is the file name used in messages.
    pub fn parse(
        name: &str,
        text: &str,
        templates_dir: Option<&Path>,
        date: NaiveDate,
    ) -> Result<Self, Diagnostics> {
        let file: BriefingFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_owned();
            let hint = unknown_field_hint(&message);
            Diagnostics(vec![
                Diagnostic::at(name, text, span, message).with_suggestion(hint.as_deref()),
            ])
        })?;
        let mut briefing = Self::new(date);
        let mut checked = Checked {
            name,
            text,
            problems: Vec::new(),
        };
        if let Some(paper) = checked.choice(file.paper.as_ref(), PAPERS, "paper size") {
            briefing.paper = paper;
        }
        if let Some(language) = checked.choice(file.language.as_ref(), LANGUAGES, "label language")
        {
            briefing.language = language;
        }
        if let Some(sections) = &file.sections {
            briefing.sections = checked.sections(sections);
        }
        if let Some(v) = file.organization {
            briefing.organization = v;
        }
        if let Some(v) = file.author {
            briefing.author = v;
        }
        if let Some(marking) = &file.marking {
            briefing.marking = checked.marking(marking);
        }
        if let Some(marking) = file
            .classification
            .as_ref()
            .and_then(|m| checked.tlp_label(m))
        {
            briefing.set_marking(marking);
        }
        if let Some(value) = file
            .classification_color
            .as_ref()
            .and_then(|c| checked.colour(c))
        {
            briefing.set_marking_colour(value);
        }
        if let Some(logo) = &file.logo {
            match logo_path(templates_dir, logo.get_ref()) {
                Ok(path) => briefing.logo = Some(path),
                Err(why) => checked.problems.push(
                    Diagnostic::at(name, text, logo.span(), why)
                        .with_hint("put the image (PNG, JPEG or SVG) inside the templates folder and name it relative to that folder"),
                ),
            }
        }
        if checked.problems.is_empty() {
            Ok(briefing)
        } else {
            Err(Diagnostics(checked.problems))
        }
    }

    /// Sets the marking, with the standard colours of a TLP label (coloured text on black, at
    /// 12 pt) or the colour of common national practice for any other marking.
    pub fn set_marking(&mut self, marking: String) {
        let tlp = MarkingScale::tlp();
        let colour = tlp.named(marking.trim()).map(|level| level.colour.clone());
        self.classification = marking;
        if let Some(colour) = colour {
            self.classification_color = colour.clone();
            self.marking_text_color = colour;
            self.marking_fill = "#000000".into();
            self.marking_size = 12;
        } else {
            let upper = self.classification.to_uppercase();
            self.classification_color = NATIONAL_COLOURS
                .iter()
                .find(|(words, _)| upper.contains(words))
                .map_or(NEUTRAL_MARKING, |(_, colour)| colour)
                .to_owned();
            self.marking_text_color = "#ffffff".into();
            self.marking_fill = self.classification_color.clone();
            self.marking_size = 9;
        }
    }

    /// Sets the banner to a level of the scale, in its colour.
    pub fn set_level(&mut self, level: &MarkingLevel) {
        self.set_marking(level.name.clone());
        if !self.marking.scale.is_tlp() {
            self.classification_color = level.colour.clone();
            self.marking_fill = level.colour.clone();
        }
    }

    /// Sets the marking's colour: the box's fill, or the text on a TLP label's black box.
    fn set_marking_colour(&mut self, value: String) {
        if self.marking_fill != "#000000" {
            self.marking_fill = value.clone();
        } else {
            self.marking_text_color = value.clone();
        }
        self.classification_color = value;
    }
}

/// Values of `briefing.toml` checked one by one, every problem kept.
struct Checked<'a> {
    name: &'a str,
    text: &'a str,
    problems: Vec<Diagnostic>,
}

impl Checked<'_> {
    /// The sections reports include, each a known one; an empty list is an error, as a report
    /// with no section would be an empty page.
    fn sections(&mut self, sections: &Spanned<Vec<Spanned<String>>>) -> Vec<Section> {
        let names: Vec<&str> = Section::ALL.iter().map(|s| s.name()).collect();
        if sections.get_ref().is_empty() {
            let problem =
                Diagnostic::at(self.name, self.text, sections.span(), "`sections` is empty");
            self.problems.push(problem.with_hint(format!(
                "list the sections reports include, in order, from: {}; or remove the line for \
                 all of them",
                names.join(", ")
            )));
        }
        (sections.get_ref().iter())
            .filter_map(|s| self.choice(Some(s), &names, "section"))
            .filter_map(|s| Section::from_name(&s))
            .collect()
    }

    /// The value when it is one of `known`; otherwise a problem with the closest suggestion.
    fn choice(
        &mut self,
        value: Option<&Spanned<String>>,
        known: &[&str],
        what: &str,
    ) -> Option<String> {
        let value = value?;
        if known.contains(&value.get_ref().as_str()) {
            return Some(value.get_ref().clone());
        }
        let problem = Diagnostic::at(
            self.name,
            self.text,
            value.span(),
            format!("unknown {what} `{}`", value.get_ref()),
        );
        self.problems
            .push(match suggest(value.get_ref(), known.iter().copied()) {
                Some(s) => problem.with_suggestion(Some(s)),
                None => problem.with_hint(format!("use one of: {}", known.join(", "))),
            });
        None
    }

    /// A fixed marking: a TLP label must be one of the exact TLP 2.0 labels.
    fn tlp_label(&mut self, marking: &Spanned<String>) -> Option<String> {
        let written = marking.get_ref();
        let tlp = MarkingScale::tlp();
        let looks_tlp = written.trim().to_ascii_uppercase().starts_with("TLP");
        if !looks_tlp || tlp.rank(written).is_some() {
            return Some(written.clone());
        }
        let mut problem = tlp.unknown(written);
        problem = problem.located(self.name, self.text, marking.span());
        self.problems.push(problem);
        None
    }

    /// The `[marking]` table: a built-in scale or levels of the user's own.
    fn marking(&mut self, file: &MarkingFile) -> MarkingSettings {
        let mut settings = MarkingSettings {
            portion: file.portion.unwrap_or(false),
            configured: true,
            ..MarkingSettings::default()
        };
        if let Some(levels) = &file.levels {
            let levels: Vec<MarkingLevel> = levels
                .iter()
                .map(|l| MarkingLevel {
                    name: l.name.get_ref().trim().to_owned(),
                    portion: l.portion.get_ref().trim().to_owned(),
                    colour: l
                        .colour
                        .as_ref()
                        .and_then(|c| self.colour(c))
                        .unwrap_or_else(|| NEUTRAL_MARKING.to_owned()),
                })
                .collect();
            if levels.is_empty() {
                self.problems.push(
                    Diagnostic::file(
                        self.name,
                        "`[marking]` defines `levels = []`: a scale needs at least one level",
                    )
                    .with_hint(
                        "add `[[marking.levels]]` tables, lowest first, or use `scale = \"tlp\"`",
                    ),
                );
            } else {
                settings.scale = MarkingScale {
                    kind: "custom".into(),
                    levels,
                };
            }
            return settings;
        }
        let names = MarkingScale::BUILT_IN;
        if let Some(scale) = self.choice(file.scale.as_ref(), names, "marking scale") {
            settings.scale = MarkingScale::built_in(&scale).unwrap_or_else(MarkingScale::tlp);
        }
        settings
    }

    /// The value when it is a `#rrggbb` colour.
    fn colour(&mut self, colour: &Spanned<String>) -> Option<String> {
        let value = colour.get_ref();
        let valid = value.len() == 7
            && value.starts_with('#')
            && value[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if !valid {
            self.problems.push(
                Diagnostic::at(
                    self.name,
                    self.text,
                    colour.span(),
                    format!("`{value}` is not a colour"),
                )
                .with_hint("write it as #rrggbb, e.g. \"#ffc000\""),
            );
        }
        valid.then(|| value.clone())
    }
}

/// Checks that a logo exists inside the templates folder; gives its path as Typst sees it.
fn logo_path(templates_dir: Option<&Path>, logo: &str) -> Result<String, String> {
    let Some(dir) = templates_dir else {
        return Err(format!(
            "logo `{logo}` needs a templates folder (--templates) to live in"
        ));
    };
    let folder =
        TemplatesFolder::open(dir).map_err(|e| format!("cannot open the templates folder: {e}"))?;
    let real = folder.resolve(logo).map_err(|why| match why {
        Refusal::Missing => format!("logo `{logo}` not found in the templates folder"),
        why => format!("logo `{logo}` refused: {why}"),
    })?;
    let relative = folder
        .relative(&real)
        .ok_or_else(|| format!("logo `{logo}` lies outside the templates folder"))?;
    Ok(format!("/{relative}"))
}

/// Turns "unknown field `x`, expected one of `a`, `b`" into the closest field.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    suggest(field, expected.iter().copied()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date")
    }

    #[test]
    fn tlp_labels_get_their_standard_colours() {
        let b = Briefing::parse("b.toml", "classification = \"TLP:AMBER\"\n", None, date())
            .expect("valid");
        assert_eq!(
            (b.marking_fill.as_str(), b.marking_text_color.as_str()),
            ("#000000", "#FFC000")
        );
    }

    #[test]
    fn only_exact_tlp_labels_are_accepted() {
        let problems = |text: &str| {
            Briefing::parse("b.toml", text, None, date())
                .expect_err("refused")
                .0
        };
        let lower = problems("classification = \"tlp:amber\"\n");
        assert_eq!(lower[0].location(), "b.toml:1:18");
        assert_eq!(
            lower[0].hints,
            ["levels are written exactly as the scale names them: `TLP:AMBER`"]
        );
        let white = problems("classification = \"TLP:WHITE\"\n");
        assert!(white[0].message.contains("TLP:CLEAR"), "{white:?}");
        let national = Briefing::parse(
            "b.toml",
            "classification = \"UNCLASSIFIED\"\n",
            None,
            date(),
        )
        .expect("valid");
        assert_eq!(national.marking_fill, "#007A33");
        let tlp = Briefing::parse("b.toml", "classification = \"TLP:RED\"\n", None, date())
            .expect("valid");
        assert_eq!(tlp.marking_size, 12);
    }

    #[test]
    fn an_empty_section_list_is_an_error_not_an_empty_page() {
        let problems = Briefing::parse("b.toml", "paper = \"a4\"\nsections = []\n", None, date())
            .expect_err("refused")
            .0;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, "`sections` is empty");
        assert_eq!(problems[0].location(), "b.toml:2:12");
        assert!(problems[0].hints[0].contains("profile"), "{problems:?}");
    }

    #[test]
    fn every_problem_is_located_with_a_suggestion() {
        let text = "paper = \"a44\"\nlanguage = \"de\"\nsections = [\"profile\", \"chronolgy\"]\nclassification_color = \"red\"\n";
        let problems = Briefing::parse("b.toml", text, None, date())
            .expect_err("invalid")
            .0;
        let shown: Vec<String> = problems
            .iter()
            .map(|d| format!("{} {} {:?}", d.location(), d.message, d.hints))
            .collect();
        assert_eq!(problems.len(), 4, "{shown:#?}");
        assert!(
            shown[0].starts_with("b.toml:1:9 unknown paper size `a44`")
                && shown[0].contains("did you mean `a4`"),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("b.toml:2:12 unknown label language `de`")
                && shown[1].contains("use one of: en, az, ru"),
            "{shown:#?}"
        );
        assert!(
            shown[2].starts_with("b.toml:3:24 unknown section `chronolgy`")
                && shown[2].contains("`chronology`"),
            "{shown:#?}"
        );
        assert!(
            shown[3].starts_with("b.toml:4:24 `red` is not a colour"),
            "{shown:#?}"
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let problems = Briefing::parse("b.toml", "organisation = \"MoD\"\n", None, date())
            .expect_err("invalid")
            .0;
        assert_eq!(problems[0].location(), "b.toml:1:1");
        assert_eq!(problems[0].hints, ["did you mean `organization`?"]);
    }

    #[test]
    fn a_logo_must_sit_inside_the_templates_folder() {
        let dir = std::env::temp_dir().join(format!("attache-logo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("logo.png"), b"x").expect("write");
        assert_eq!(
            logo_path(Some(&dir), "logo.png"),
            Ok("/logo.png".to_owned())
        );
        assert!(
            logo_path(Some(&dir), "missing.png")
                .expect_err("missing")
                .contains("not found")
        );
        assert!(
            logo_path(Some(&dir), "../../etc/passwd")
                .expect_err("outside")
                .contains("refused: it lies outside the templates folder")
        );
        assert!(
            logo_path(None, "logo.png")
                .expect_err("no folder")
                .contains("needs a templates folder")
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
