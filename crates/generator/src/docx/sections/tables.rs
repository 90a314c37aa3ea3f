//! The tables and lists inside sections (figures, instruments, rankings, groups, the chart's
//! counts, chronology entries, disputes, sources) and the chronology report's body.

use serde_json::Value;

use super::Draw;
use crate::docx::xml::{Body, Cell, Run, Runs};
use crate::docx::{list, str_of};

/// A cell of one paragraph.
fn cell(runs: Runs) -> Cell {
    vec![runs]
}

impl Draw<'_> {
    /// Quantified facts: value, what it counts (and the other values sources give), as of,
    /// sources.
    pub(super) fn figure_table(&self, body: &mut Body, figures: &[Value]) {
        let rows: Vec<Vec<Cell>> = figures
            .iter()
            .map(|f| {
                let mut value = self.mark(f);
                value.push(Run::bold(str_of(f, "value")));
                value.extend(self.untranslated(f));
                let mut what = vec![vec![Run::plain(str_of(f, "what"))]];
                let conflicts = list(f, "conflicts");
                if !conflicts.is_empty() {
                    let others: Vec<String> = conflicts
                        .iter()
                        .map(|c| format!("{} ({})", str_of(c, "value"), str_of(c, "as_of")))
                        .collect();
                    what.push(vec![Run::styled(
                        "Alert",
                        format!("{}: {}", self.label("sources_differ"), others.join("; ")),
                    )]);
                }
                vec![
                    cell(value),
                    what,
                    cell(vec![Run::plain(str_of(f, "as_of"))]),
                    cell(self.note_links(f)),
                ]
            })
            .collect();
        let header = [
            self.label("value"),
            self.label("what_it_counts"),
            self.label("as_of"),
            self.label("src"),
        ];
        body.table(&[1200, 2500, 800, 500], &header, &rows);
    }

    /// Events in a table: date, title, parties, sources.
    pub(super) fn event_table(&self, body: &mut Body, key: &str, parties: &str, title: &str) {
        let rows: Vec<Vec<Cell>> = list(self.context, key)
            .iter()
            .map(|e| {
                let mut date = self.mark(e);
                date.push(Run::plain(self.date(e, true)));
                let mut what = vec![Run::plain(str_of(e, "title")).linked(str_of(e, "anchor"))];
                if let Some(status) = e["status"].as_str() {
                    what.push(Run::styled("Muted", format!(" ({status})")));
                }
                if e["predecessor"].is_string() {
                    let label = self.label("predecessor_state");
                    what.push(Run::styled("Muted", format!(" ({label})")));
                }
                vec![
                    cell(date),
                    cell(what),
                    cell(vec![Run::plain(self.joined(e, "partners", ", "))]),
                    cell(self.note_links(e)),
                ]
            })
            .collect();
        let header = [
            self.label("date"),
            self.label(title),
            self.label(parties),
            self.label("src"),
        ];
        body.table(&[1100, 2300, 1200, 400], &header, &rows);
    }

    /// A list field's strings joined.
    fn joined(&self, record: &Value, key: &str, separator: &str) -> String {
        list(record, key)
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// The partners most engaged, ranked: at most fifteen, as in the PDF.
    pub(super) fn ranking(&self, body: &mut Body) {
        let rows: Vec<Vec<Cell>> = list(self.context, "partners")
            .iter()
            .take(15)
            .enumerate()
            .map(|(i, g)| {
                vec![
                    cell(vec![Run::plain((i + 1).to_string())]),
                    cell(vec![Run::plain(str_of(g, "name"))]),
                    cell(vec![Run::plain(self.number(&g["count"]))]),
                ]
            })
            .collect();
        let header = ["#".to_owned(), self.label("partner"), self.label("events")];
        body.table(&[400, 3600, 1000], &header, &rows);
    }

    /// A count with the digit grouping of the report's language.
    pub(super) fn number(&self, value: &Value) -> String {
        self.labels
            .number(usize::try_from(value.as_u64().unwrap_or_default()).unwrap_or_default())
    }

    /// The activity chart as its counts: a table of the bins that hold events (the same
    /// numbers the PDF draws as bars), under the chart in words. A dot strip has no bins, so
    /// the words alone stand for it.
    pub(super) fn chart(&self, body: &mut Body) {
        let chart = &self.context["chart"];
        if chart.is_null() {
            return;
        }
        body.paragraph_kept("BoxTitle", &[Run::plain(self.label("activity_over_time"))]);
        let bins: Vec<&Value> = list(chart, "bins")
            .iter()
            .filter(|b| b["count"].as_u64().unwrap_or_default() > 0)
            .collect();
        self.picture_table(body, chart, "span", &bins, "label");
        body.paragraph("Small", None, &[Run::plain(str_of(chart, "caption"))]);
    }

    /// The timeline by partner as its lanes: each partner and the events it marks.
    pub(super) fn timeline(&self, body: &mut Body) {
        let timeline = &self.context["timeline"];
        if !timeline.is_null() {
            let lanes: Vec<&Value> = list(timeline, "lanes").iter().collect();
            self.picture_table(body, timeline, "partner", &lanes, "name");
        }
    }

    /// The partner network as its lines: each partner and the events it shares.
    pub(super) fn network(&self, body: &mut Body) {
        let network = &self.context["network"];
        if !network.is_null() {
            let nodes: Vec<&Value> = list(network, "nodes").iter().collect();
            self.picture_table(body, network, "partner", &nodes, "name");
        }
    }

    /// A picture in a Word document: its words (`alt`, what a screen reader says in the
    /// PDF) and the numbers it draws, one row per `name_key` with its `count`.
    fn picture_table(
        &self,
        body: &mut Body,
        picture: &Value,
        first_column: &str,
        rows: &[&Value],
        name_key: &str,
    ) {
        body.paragraph("Small", None, &[Run::plain(str_of(picture, "alt"))]);
        if rows.is_empty() {
            return;
        }
        let rows: Vec<Vec<Cell>> = rows
            .iter()
            .map(|row| {
                vec![
                    cell(vec![Run::plain(str_of(row, name_key))]),
                    cell(vec![Run::plain(self.number(&row["count"]))]),
                ]
            })
            .collect();
        let header = [self.label(first_column), self.label("events")];
        body.table(&[2500, 2500], &header, &rows);
    }

    /// Groups of events (by area or partner): name, count, linked titles.
    pub(super) fn group_list(&self, body: &mut Body, groups: &[Value]) {
        for g in groups {
            let mut runs = vec![
                Run::bold(str_of(g, "name")),
                Run::plain(format!(" ({}): ", str_of(g, "count_label"))),
            ];
            let events = list(g, "events");
            for (i, e) in events.iter().enumerate() {
                runs.extend(self.mark(e));
                runs.push(Run::plain(str_of(e, "title")).linked(str_of(e, "anchor")));
                runs.push(Run::plain(if i + 1 < events.len() { "; " } else { "." }));
            }
            body.paragraph("ListBullet", None, &runs);
        }
    }

    /// One chronology entry: date and title with its tags, the summary with its notes, the
    /// partners, areas and place, and where sources differ.
    pub(super) fn entry(&self, body: &mut Body, e: &Value) {
        // A date too long for the date column (a span of days) takes a line of its own, and
        // the title starts under it in the title column, as in the PDF's wrapped date.
        let date = self.date(e, true);
        let after_date = if date.chars().count() > 18 {
            Run::line_break()
        } else {
            Run::plain("\t")
        };
        let mut head = vec![Run::bold(date), after_date];
        head.extend(self.mark(e));
        head.push(Run::bold(str_of(e, "title")));
        head.extend(self.untranslated(e));
        for tag in ["kind_label", "status", "predecessor_tag"] {
            if let Some(text) = e[tag].as_str().filter(|t| !t.is_empty()) {
                head.push(Run::plain("\u{a0}"));
                head.push(Run::styled("Tag", self.upper(text)));
            }
        }
        body.paragraph("EntryHead", Some(str_of(e, "anchor")), &head);
        let mut text = vec![Run::plain(str_of(e, "summary"))];
        text.extend(self.refs(e));
        body.paragraph("EntryText", None, &text);
        let partners = self.joined(e, "partners", ", ");
        let mut line = String::new();
        if !partners.is_empty() {
            line = format!("{} {partners}. ", self.label("with"));
        }
        line.push_str(&self.joined(e, "areas", " · "));
        if let Some(place) = e["location"].as_str() {
            line.push_str(&format!(" · {place}"));
        }
        if !line.trim().is_empty() {
            body.paragraph("EntryMeta", None, &[Run::plain(line)]);
        }
        for c in list(e, "conflicts") {
            let mut runs = vec![Run::styled(
                "Alert",
                format!("{}: ", self.label("sources_differ")),
            )];
            runs.extend(self.conflict(c));
            runs.push(Run::plain("."));
            body.paragraph("EntryMeta", None, &runs);
        }
    }

    /// Another source's version of a fact: linked when the report prints it.
    fn conflict(&self, c: &Value) -> Runs {
        let mut runs = self.mark(c);
        let title = str_of(c, "title");
        runs.push(if c["linked"].as_bool() == Some(true) {
            Run::plain(title).linked(str_of(c, "anchor"))
        } else {
            Run::italic(title)
        });
        runs.push(Run::plain(format!(" ({})", self.date(c, false))));
        runs.extend(self.refs(c));
        runs
    }

    /// The events on which sources disagree, each against the other claims.
    pub(super) fn conflict_list(&self, body: &mut Body) {
        for e in list(self.context, "conflicts") {
            let mut runs = self.mark(e);
            runs.push(Run::plain(str_of(e, "title")).linked(str_of(e, "anchor")));
            runs.push(Run::plain(format!(" ({})", self.date(e, false))));
            runs.extend(self.refs(e));
            runs.push(Run::plain(format!(" — {} ", self.label("against"))));
            let others = list(e, "conflicts");
            for (i, c) in others.iter().enumerate() {
                runs.extend(self.conflict(c));
                runs.push(Run::plain(if i + 1 < others.len() { "; " } else { "." }));
            }
            body.paragraph("ListBullet", None, &runs);
        }
    }

    /// The figures on which sources disagree, each value against the others.
    pub(super) fn figure_conflict_list(&self, body: &mut Body) {
        for f in list(self.context, "figure_conflicts") {
            let mut runs = self.figure_claim(f, true);
            runs.push(Run::plain(format!(" — {} ", self.label("against"))));
            let others = list(f, "conflicts");
            for (i, c) in others.iter().enumerate() {
                runs.extend(self.figure_claim(c, c["linked"].as_bool() == Some(true)));
                runs.push(Run::plain(if i + 1 < others.len() { "; " } else { "." }));
            }
            body.paragraph("ListBullet", None, &runs);
        }
    }

    /// One value in "Where sources differ": value, what it counts, when, notes.
    fn figure_claim(&self, f: &Value, linked: bool) -> Runs {
        let value = Run::bold(str_of(f, "value"));
        let mut runs = vec![if linked {
            value.linked(str_of(f, "anchor"))
        } else {
            value
        }];
        runs.push(Run::plain(format!(
            ": {} ({})",
            str_of(f, "what"),
            str_of(f, "as_of")
        )));
        runs.extend(self.refs(f));
        runs
    }

    /// The numbered sources: one entry per cited passage, each a bookmark the note numbers
    /// link to.
    pub(super) fn sources(&self, body: &mut Body) {
        let sourcing = str_of(self.context, "sourcing");
        if !sourcing.is_empty() {
            body.paragraph("Small", None, &[Run::plain(sourcing)]);
        }
        for n in list(self.context, "notes") {
            let mut runs = vec![
                Run::bold(format!("[{}]\t", n["n"].as_u64().unwrap_or_default())),
                Run::styled("Muted", format!("{} ", str_of(n, "grade"))),
            ];
            if n["first"].as_bool() == Some(true) {
                let author = str_of(n, "author");
                if !author.is_empty() {
                    runs.push(Run::plain(format!("{author}, ")));
                }
                runs.push(Run::italic(str_of(n, "title")));
                let mut rest = String::new();
                for (key, before, after) in [
                    ("title_translated", " [", "]"),
                    ("publisher", ", ", ""),
                    ("date", ", ", ""),
                    ("kind", " (", ")"),
                ] {
                    let value = str_of(n, key);
                    if !value.is_empty() {
                        rest.push_str(&format!("{before}{value}{after}"));
                    }
                }
                runs.push(Run::plain(rest));
            } else {
                runs.push(Run::italic(str_of(n, "short")));
            }
            runs.push(Run::plain(". "));
            runs.push(Run::styled("Muted", format!("{}.", str_of(n, "locator"))));
            body.paragraph("Note", Some(str_of(n, "anchor")), &runs);
        }
    }
}
