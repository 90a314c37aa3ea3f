//! Rendering templates: the minijinja environment (loader, Typst and HTML auto-escaping,
//! filters) and the rendering of a template with its context, errors located in the template.

use std::sync::Arc;

use attache_core::{Dataset, Diagnostic, Diagnostics};
use minijinja::value::StringInput;
use minijinja::{AutoEscape, Environment, Error, State, UndefinedBehavior, Value};

use crate::labels::Labels;
use crate::linemap::{self, Registry, Rendered};
use crate::template_files::TemplateSource;
use crate::{Generator, anchors, escape, words};

/// The auto-escape mode of `*.typ.j2` templates.
const TYPST: &str = "typst";

/// Builds the minijinja environment: loader, Typst auto-escape, filters.
pub(crate) fn environment(source: Arc<TemplateSource>, registry: Registry) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .expect("the default delimiters are valid");
    env.set_syntax(syntax);
    env.set_loader(move |name| {
        Ok(source
            .load(name)?
            .map(|(text, _)| registry.instrument(name, &text)))
    });
    env.set_auto_escape_callback(|name| {
        let name = name.strip_suffix(".j2").unwrap_or(name);
        if name.ends_with(".typ") {
            AutoEscape::Custom(TYPST.into())
        } else if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(format_value);
    env.add_filter("string", string_filter);
    // Capitals by the rules of the report's language (Typst's `upper` ignores the language).
    // Like minijinja's own case filters, they keep a safe value safe.
    env.add_filter("upper", |state: &State, v: StringInput| {
        v.preserve_safety(words::upper(&language(state), v.as_str()))
    });
    env.add_filter("upper_first", |state: &State, v: StringInput| {
        v.preserve_safety(words::upper_first(&language(state), v.as_str()))
    });
    env.add_filter("lower", |state: &State, v: StringInput| {
        v.preserve_safety(words::lower(&language(state), v.as_str()))
    });
    // A whole number with the digit grouping of the report's language ("1,500", "1 500").
    env.add_filter("number", |state: &State, v: Value| {
        let separator = state
            .lookup("labels")
            .and_then(|l| l.get_attr("number_group_separator").ok())
            .and_then(|s| s.as_str().map(str::to_owned))
            .unwrap_or_default();
        match usize::try_from(v.clone()) {
            Ok(n) => words::group_digits(n, &separator),
            Err(_) => v.to_string(),
        }
    });
    env.add_filter("label", |v: String| {
        Value::from_safe_string(escape::label(&v))
    });
    env.add_filter("css_string", |v: String| {
        Value::from_safe_string(escape::css_string(&v))
    });
    env.add_function("cite", cite);
    env.add_function("citations", citations);
    env
}

/// Where each note was cited so far in one render: the ids of its references, in order.
#[derive(Debug, Default)]
struct Citations(std::collections::HashMap<i64, Vec<String>>);

/// `cite(n)`: a new, unique id for a reference to note `n` ("ref-3", then "ref-3-2", ...),
/// remembered so that the note can link back to it (`citations(n)`).
fn cite(state: &mut State, n: i64) -> String {
    let cited = state.get_or_insert_extension(Citations::default());
    let ids = cited.0.entry(n).or_default();
    let id = match ids.len() {
        0 => format!("ref-{n}"),
        k => format!("ref-{n}-{}", k + 1),
    };
    ids.push(id.clone());
    id
}

/// `citations(n)`: the ids of the references to note `n` printed so far, in order.
fn citations(state: &State, n: i64) -> Vec<String> {
    state
        .get_extension::<Citations>()
        .and_then(|cited| cited.0.get(&n).cloned())
        .unwrap_or_default()
}

/// The language a template is rendered in: the `language` the generator passes to every
/// template, English where a template is rendered without one.
fn language(state: &State) -> String {
    state
        .lookup("language")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "en".to_owned())
}

/// Writes a value into the template output, escaping it for Typst markup or HTML unless marked
/// safe.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), Error> {
    let escape: fn(&str) -> String = match state.auto_escape() {
        _ if value.is_safe() => return minijinja::escape_formatter(out, &mut *state, value),
        AutoEscape::Custom(name) if name == TYPST => escape::markup_kept_together,
        AutoEscape::Html => escape::html,
        _ => return minijinja::escape_formatter(out, &mut *state, value),
    };
    let text = if value.is_none() || value.is_undefined() {
        String::new()
    } else {
        value.to_string()
    };
    out.write_str(&escape(&text)).map_err(Error::from)
}

/// `{{ value|string }}`: a Typst string literal, for values used inside code.
fn string_filter(value: &Value) -> Value {
    let text = if value.is_none() || value.is_undefined() {
        String::new()
    } else {
        value.to_string()
    };
    Value::from_safe_string(escape::string_literal(&text))
}

impl Generator {
    /// The words of a report on `dataset`: in the briefing's language, or the dataset's when
    /// the settings choose none.
    pub(crate) fn labels(&self, dataset: &Dataset) -> Result<Labels, Diagnostics> {
        let language = match self.settings.language.as_str() {
            "" => dataset.language(),
            chosen => chosen,
        };
        let marks = self.settings.marking.portion;
        let scale = marks.then(|| self.settings.marking.scale.clone());
        Ok(Labels::load(&self.source, language)?
            .for_dataset(dataset)
            .for_print()
            .with_portion_marks(scale))
    }

    /// Renders a template with a context; `part` (a long
    /// chronology's part, or undefined) says which part of the document it renders.
    pub(crate) fn render_template(
        &self,
        template: &str,
        labels: &Labels,
        part: minijinja::Value,
        context: minijinja::Value,
    ) -> Result<Rendered, Diagnostics> {
        let template = self.env.get_template(template).map_err(template_error)?;
        let marked = template
            .render(minijinja::context! {
                labels => minijinja::Value::from(minijinja::value::Serde(labels)),
                language => labels.language(),
                anchors => minijinja::Value::from(minijinja::value::Serde(&anchors::ANCHORS)),
                part => part,
                ..context
            })
            .map_err(template_error)?;
        Ok(Rendered::from_marked(&marked, &self.registry))
    }
}

/// A minijinja error, located in its template by line and column.
fn template_error(error: minijinja::Error) -> Diagnostics {
    let name = error.name().unwrap_or("template");
    let detail = error.detail().map(|d| format!(": {d}")).unwrap_or_default();
    let message = format!("template error: {}{detail}", error.kind());
    let located = error
        .template_source()
        .zip(error.range())
        .map(|(source, range)| {
            let start = range.start.min(source.len());
            let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = source[start..]
                .find('\n')
                .map_or(source.len(), |i| start + i);
            Box::new(attache_core::Span {
                line: source[..start].matches('\n').count() + 1,
                column: linemap::strip_markers(&source[line_start..start])
                    .chars()
                    .count()
                    + 1,
                width: linemap::strip_markers(&source[start..range.end.clamp(start, line_end)])
                    .chars()
                    .count()
                    .max(1),
                snippet: linemap::strip_markers(&source[line_start..line_end]),
            })
        });
    let mut diagnostic = Diagnostic::error(message);
    diagnostic.file = Some(name.to_owned());
    diagnostic.span = located.or_else(|| {
        error.line().map(|line| {
            Box::new(attache_core::Span {
                line,
                column: 1,
                width: 1,
                snippet: String::new(),
            })
        })
    });
    diagnostic.into()
}
