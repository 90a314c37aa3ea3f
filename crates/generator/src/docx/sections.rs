//! The body of a report as Word paragraphs and tables, read from the context the templates
//! receive, in the order and with the words of the Typst templates (`partner.typ.j2`,
//! `sections.typ.j2`, `macros.typ.j2`, `chronology.typ.j2`).

use serde_json::Value;

use super::xml::{Body, Cell, Run, Runs};
use super::{list, str_of};
use crate::context::Subject;
use crate::labels::Labels;

/// Writes the whole body of a report.
pub(super) fn write(body: &mut Body, context: &Value, labels: &Labels, subject: &Subject<'_>) {
    body.will_place(anchors(context).iter().map(String::as_str));
    let draw = Draw { context, labels };
    match subject {
        Subject::Chronology(_) => {
            draw.chronology_title(body);
            draw.chronology(body);
        }
        _ => {
            draw.title(body, subject);
            for section in list(context, "sections") {
                draw.section(body, section);
            }
        }
    }
    let imprint = str_of(&context["meta"], "imprint");
    body.paragraph("Imprint", None, &[Run::plain(imprint)]);
}

/// Every anchor the body will carry a bookmark for: events, figures, notes and groups.
fn anchors(context: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut keep = |v: &Value| {
        if let Some(a) = v["anchor"].as_str() {
            found.push(a.to_owned());
        }
    };
    for key in ["chronology", "figures", "notes", "groups"] {
        for item in list(context, key) {
            keep(item);
            for year in list(item, "years") {
                list(year, "events").iter().for_each(&mut keep);
            }
        }
    }
    found
}

/// What every drawing reads: the context and the label set.
struct Draw<'a> {
    context: &'a Value,
    labels: &'a Labels,
}

impl Draw<'_> {
    fn label(&self, key: &str) -> String {
        self.labels.get(key).to_owned()
    }

    /// Capitals by the rules of the report's language.
    fn upper(&self, text: &str) -> String {
        crate::words::upper(self.labels.language(), text)
    }

    /// The title block and the strip of labelled values under it.
    fn title(&self, body: &mut Body, subject: &Subject<'_>) {
        let c = self.context;
        let (kicker, name, strip) = match subject {
            Subject::Partner(_) => {
                let p = &c["partner"];
                let kind = match p["iso3"].as_str() {
                    Some(iso) if !iso.is_empty() => format!("{} · {iso}", str_of(p, "kind_label")),
                    _ => str_of(p, "kind_label").to_owned(),
                };
                let name = match p["native_name"].as_str() {
                    Some(native) if !native.is_empty() => {
                        format!("{} ({native})", str_of(p, "name"))
                    }
                    _ => str_of(p, "name").to_owned(),
                };
                let strip = vec![
                    (
                        self.label("relationship"),
                        str_of(p, "relationship").to_owned(),
                    ),
                    (self.label("partner_type"), kind),
                ];
                ("partner_brief", name, strip)
            }
            Subject::Period(_) => {
                let p = &c["period"];
                let strip = vec![
                    (self.label("span"), str_of(p, "span").to_owned()),
                    (
                        self.label("events"),
                        self.labels.number(list(c, "chronology").len()),
                    ),
                ];
                ("period_report", str_of(p, "name").to_owned(), strip)
            }
            _ => {
                let strip = vec![
                    (
                        self.label("partners_involved"),
                        self.labels.number(list(c, "partners").len()),
                    ),
                    (
                        self.label("events"),
                        self.labels.number(list(c, "chronology").len()),
                    ),
                ];
                (
                    "cooperation_report",
                    str_of(&c["area"], "name").to_owned(),
                    strip,
                )
            }
        };
        self.title_block(body, kicker, &name, strip);
    }

    /// The kicker, title and subtitle, then the labelled values (with the generation date and
    /// the date of the data), then the note on untranslated text.
    fn title_block(
        &self,
        body: &mut Body,
        kicker: &str,
        name: &str,
        mut strip: Vec<(String, String)>,
    ) {
        let meta = &self.context["meta"];
        let organization = str_of(&meta["briefing"], "organization");
        let kicker = if organization.is_empty() {
            self.upper(&self.label(kicker))
        } else {
            format!(
                "{} · {}",
                self.upper(&self.label(kicker)),
                self.upper(organization)
            )
        };
        body.paragraph("Kicker", None, &[Run::plain(kicker)]);
        body.paragraph("Title", None, &[Run::plain(name)]);
        body.paragraph("Subtitle", None, &[Run::plain(str_of(meta, "subtitle"))]);
        strip.push((
            self.label("generated"),
            str_of(meta, "generated").to_owned(),
        ));
        let as_of = str_of(meta, "data_as_of");
        if !as_of.is_empty() {
            strip.push((self.label("data_as_of"), as_of.to_owned()));
        }
        let runs: Runs = strip
            .iter()
            .enumerate()
            .flat_map(|(i, (label, value))| {
                let sep = if i == 0 { "" } else { "   ·   " };
                [
                    Run::plain(format!("{sep}{label}: ")),
                    Run::bold(value.clone()),
                ]
            })
            .collect();
        body.paragraph("MetaStrip", None, &runs);
        let note = str_of(&self.context["translation"], "note");
        if !note.is_empty() {
            body.paragraph("Small", None, &[Run::italic(note)]);
        }
    }

    /// One section of a partner, period or type report, as `sections.typ.j2` draws it.
    fn section(&self, body: &mut Body, s: &Value) {
        let c = self.context;
        let id = str_of(s, "id");
        if id == "key-facts" {
            return self.key_facts(body);
        }
        body.heading(1, None, &[Run::plain(str_of(s, "heading"))]);
        let intro = str_of(s, "intro");
        if !intro.is_empty() {
            body.paragraph("Intro", None, &[Run::plain(intro)]);
        }
        match id {
            "changes" => self.changes(body),
            "profile" => self.profile(body),
            "figures" => self.figure_table(body, list(c, "figures")),
            "partners" => {
                self.ranking(body);
                if s["with_chart"].as_bool() == Some(true) {
                    self.chart(body);
                }
                let sub = str_of(s, "subheading");
                if !sub.is_empty() {
                    body.heading(2, None, &[Run::plain(sub)]);
                    self.group_list(body, list(c, "partners"));
                }
            }
            "legal-basis" => self.event_table(body, "instruments", "parties", "instrument"),
            "exercises" => self.event_table(body, "exercises", "participants", "activity"),
            "areas" => self.group_list(body, list(c, "areas")),
            "chart" => self.chart(body),
            "timeline" => self.timeline(body),
            "network" => self.network(body),
            "chronology" => {
                for e in list(c, "chronology") {
                    self.entry(body, e);
                }
            }
            "conflicts" => {
                self.conflict_list(body);
                self.figure_conflict_list(body);
            }
            "sources" => self.sources(body),
            _ => {}
        }
    }

    /// What changed since an older version (`--since`): the summary, then what was added,
    /// corrected and withdrawn, each linking to its entry.
    fn changes(&self, body: &mut Body) {
        let changes = &self.context["changes"];
        body.paragraph("", None, &[Run::bold(str_of(changes, "summary"))]);
        for group in list(changes, "groups") {
            body.paragraph_kept("BoxTitle", &[Run::plain(str_of(group, "heading"))]);
            for e in list(group, "entries") {
                let title = Run::plain(str_of(e, "title"));
                let mut runs = vec![Run::plain(format!("{}: ", str_of(e, "date")))];
                runs.push(match str_of(e, "anchor") {
                    "" => title,
                    anchor => title.linked(anchor),
                });
                let detail = str_of(e, "detail");
                if !detail.is_empty() {
                    runs.extend([Run::line_break(), Run::italic(detail)]);
                }
                body.paragraph("ListBullet", None, &runs);
            }
        }
        let legend = str_of(changes, "legend");
        if !legend.is_empty() {
            body.paragraph("Small", None, &[Run::italic(legend)]);
        }
    }

    /// The key-facts box, as a table of values over their labels.
    fn key_facts(&self, body: &mut Body) {
        let facts = list(self.context, "facts");
        body.paragraph_kept(
            "BoxTitle",
            &[Run::plain(self.upper(&self.label("key_facts")))],
        );
        let rows: Vec<Vec<Cell>> = facts
            .chunks(3)
            .map(|three| {
                let mut row: Vec<Cell> = three
                    .iter()
                    .map(|f| {
                        vec![
                            vec![Run::styled("FactValue", str_of(f, "value"))],
                            vec![Run::styled("Muted", str_of(f, "label"))],
                        ]
                    })
                    .collect();
                row.resize(3, Vec::new());
                row
            })
            .collect();
        body.table(&[1667, 1667, 1666], &[] as &[&str], &rows);
    }

    /// The subject in prose, with its other names.
    fn profile(&self, body: &mut Body) {
        let p = &self.context["profile"];
        let mut runs = self.mark(p);
        runs.push(Run::plain(str_of(p, "summary")));
        runs.extend(self.untranslated(p));
        runs.extend(self.refs(p));
        body.paragraph("", None, &runs);
        for (key, label) in [
            ("aliases", "also_written"),
            ("predecessors", "predecessor_states"),
        ] {
            let names: Vec<&str> = list(p, key).iter().filter_map(Value::as_str).collect();
            if !names.is_empty() {
                let line = format!("{}: {}.", self.label(label), names.join(", "));
                body.paragraph("Small", None, &[Run::plain(line)]);
            }
        }
        if let Some(successor) = p["successor"].as_str().filter(|s| !s.is_empty()) {
            let line = format!("{}: {successor}.", self.label("continued_by"));
            body.paragraph("Small", None, &[Run::plain(line)]);
        }
    }

    /// A record's portion mark, "(AMBER) ", when portion marking is on.
    fn mark(&self, record: &Value) -> Runs {
        match str_of(record, "mark") {
            "" => Vec::new(),
            mark => vec![Run::bold(format!("({mark}) "))],
        }
    }

    /// The marker on text left in the dataset's language.
    fn untranslated(&self, record: &Value) -> Runs {
        let translation = &self.context["translation"];
        if record["untranslated"].as_bool() == Some(true)
            && translation["mark_each"].as_bool() == Some(true)
        {
            vec![Run::styled("Muted", str_of(translation, "marker")).raised()]
        } else {
            Vec::new()
        }
    }

    /// Raised note numbers, each linked to its entry under "Sources".
    fn refs(&self, record: &Value) -> Runs {
        let notes = list(record, "notes");
        notes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let n = n.as_u64().unwrap_or_default();
                let sep = if i + 1 < notes.len() { "," } else { "" };
                Run::plain(format!("{n}{sep}"))
                    .raised()
                    .linked(&self.note_anchor(n))
            })
            .collect()
    }

    /// Note numbers for a table cell: "3, 4", each linked.
    fn note_links(&self, record: &Value) -> Runs {
        let notes = list(record, "notes");
        notes
            .iter()
            .enumerate()
            .flat_map(|(i, n)| {
                let n = n.as_u64().unwrap_or_default();
                let mut runs = vec![Run::plain(n.to_string()).linked(&self.note_anchor(n))];
                if i + 1 < notes.len() {
                    runs.push(Run::plain(", "));
                }
                runs
            })
            .collect()
    }

    /// The anchor of note `n`, as the notes list names it.
    fn note_anchor(&self, n: u64) -> String {
        list(self.context, "notes")
            .iter()
            .find(|note| note["n"].as_u64() == Some(n))
            .map(|note| str_of(note, "anchor").to_owned())
            .unwrap_or_default()
    }

    /// An event's date in words, marked when inferred.
    fn date(&self, e: &Value, capital: bool) -> String {
        let date = str_of(e, "date");
        let date = if capital {
            crate::words::upper_first(self.labels.language(), date)
        } else {
            date.to_owned()
        };
        if e["date_inferred"].as_bool() == Some(true) {
            format!("{date} ({})", self.label("inferred"))
        } else {
            date
        }
    }
    /// The chronology's title block and its table of contents.
    fn chronology_title(&self, body: &mut Body) {
        let c = self.context;
        let description = match str_of(c, "description") {
            "" => self.label("chronology_default"),
            text => text.to_owned(),
        };
        let strip = vec![
            (self.label("events"), self.number(&c["count"])),
            (self.label("periods"), self.number(&c["period_count"])),
        ];
        self.title_block(body, "chronology", &description, strip);
        let entries: Vec<(String, String)> = list(c, "groups")
            .iter()
            .map(|g| {
                let title = format!("{}. {}", g["number"], str_of(g, "title"));
                (str_of(g, "anchor").to_owned(), title)
            })
            .collect();
        body.contents(&self.label("contents"), &entries);
        if !c["changes"].is_null() {
            body.heading(1, None, &[Run::plain(str_of(&c["changes"], "heading"))]);
            self.changes(body);
        }
        let sections = list(&c["meta"]["briefing"], "sections");
        let listed = |id: &str| sections.iter().any(|s| s.as_str() == Some(id));
        if !c["network"].is_null() && listed("network") {
            body.heading(1, None, &[Run::plain(self.label("partner_network"))]);
            self.network(body);
        }
        if !c["timeline"].is_null() && listed("timeline") {
            body.heading(1, None, &[Run::plain(self.label("timeline_by_partner"))]);
            self.timeline(body);
        }
    }

    /// The chronology's groups by period and year, the index of partners and the sources.
    fn chronology(&self, body: &mut Body) {
        let c = self.context;
        for g in list(c, "groups") {
            let title = format!("{} ({})", str_of(g, "title"), str_of(g, "span"));
            body.heading(1, Some(str_of(g, "anchor")), &[Run::plain(title)]);
            let summary = str_of(g, "summary");
            if !summary.is_empty() {
                let mut runs = self.mark(g);
                runs.push(Run::italic(summary));
                body.paragraph("", None, &runs);
            }
            for y in list(g, "years") {
                body.heading(2, None, &[Run::plain(y["year"].to_string())]);
                for e in list(y, "events") {
                    self.entry(body, e);
                }
            }
        }
        let sections: Vec<&str> = list(&c["meta"]["briefing"], "sections")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if sections.contains(&"partners") && !list(c, "index").is_empty() {
            self.index(body);
        }
        if sections.contains(&"sources") && !list(c, "notes").is_empty() {
            body.heading(1, None, &[Run::plain(self.label("sources"))]);
            body.paragraph("Intro", None, &[Run::plain(self.label("sources_intro"))]);
            self.sources(body);
        }
    }

    /// The index of partners: each partner with the dates of its entries, linked to them
    /// (an editable document has no fixed pages to point at).
    fn index(&self, body: &mut Body) {
        let dates: std::collections::HashMap<&str, String> = list(self.context, "groups")
            .iter()
            .flat_map(|g| list(g, "years"))
            .flat_map(|y| list(y, "events"))
            .map(|e| (str_of(e, "anchor"), self.date(e, false)))
            .collect();
        body.heading(1, None, &[Run::plain(self.label("index_of_partners"))]);
        for entry in list(self.context, "index") {
            let mut runs = vec![Run::bold(str_of(entry, "name")), Run::plain("  ")];
            let anchors = list(entry, "anchors");
            for (i, anchor) in anchors.iter().filter_map(Value::as_str).enumerate() {
                let date = dates.get(anchor).cloned().unwrap_or_default();
                runs.push(Run::plain(date).linked(anchor));
                if i + 1 < anchors.len() {
                    runs.push(Run::plain(", "));
                }
            }
            body.paragraph("IndexEntry", None, &runs);
        }
    }
}

mod tables;
