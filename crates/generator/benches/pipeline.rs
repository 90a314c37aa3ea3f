//! Benchmarks of each stage of the pipeline on synthetic chronologies: loading the dataset,
//! rendering the template, Typst layout, PDF export, and the whole layout in parts that long
//! chronologies get (one part at a time, and two at once); rendering each template on the built-in data; and watch-mode re-layouts.
//! `ATTACHE_BENCH_SIZES=100,1000,10000` picks the chronology sizes (default 100 and 1000; at
//! 10,000 a single layout takes about a minute and several GB, which is why long chronologies
//! are laid out in parts).

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::path::Path;

use attache_core::{Dataset, EventFilter};
use attache_generator::{
    Briefing, Format, Generator, Output, PdfStandards, Rendered, Report, Request,
};
use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

// The allocator the `attache` binary uses, so that the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn briefing() -> Briefing {
    Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"))
}

fn sizes() -> Vec<usize> {
    std::env::var("ATTACHE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000])
}

fn dataset(dir: &Path, events: usize) -> Dataset {
    let folder = dir.join(events.to_string());
    if let Err(e) = xtask::synth(events, 40, 1, &folder) {
        panic!("cannot write the synthetic dataset: {e}");
    }
    match Dataset::load_dir(&folder) {
        Ok(d) => d,
        Err(e) => panic!("synthetic dataset invalid: {e}"),
    }
}

fn pipeline(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let mut group = c.benchmark_group("chronology");
    group.sample_size(10);
    for events in sizes() {
        let data = dataset(dir.path(), events);
        let folder = dir.path().join(events.to_string());
        let report = Report::Chronology(EventFilter::default());
        group.bench_with_input(BenchmarkId::new("load", events), &folder, |b, folder| {
            b.iter(|| {
                Dataset::load_dir(black_box(folder))
                    .map(|d| d.events().len())
                    .unwrap_or(0)
            })
        });
        group.bench_with_input(BenchmarkId::new("render", events), &report, |b, report| {
            b.iter(|| {
                generator
                    .source(&data, black_box(report))
                    .map(|r| r.text().len())
                    .unwrap_or(0)
            })
        });
        let rendered = generator.source(&data, &report).expect("renders");
        group.bench_with_input(
            BenchmarkId::new("layout", events),
            &rendered,
            |b, rendered| {
                b.iter(|| {
                    // A fresh layout each time: Typst's memoisation would otherwise answer from cache.
                    comemo::evict(0);
                    generator
                        .typeset(black_box(rendered))
                        .map(|d| d.page_count())
                        .unwrap_or(0)
                })
            },
        );
        let document = generator.typeset(&rendered).expect("compiles");
        group.bench_with_input(BenchmarkId::new("pdf", events), &document, |b, document| {
            b.iter(|| {
                document
                    .pdf("bench", PdfStandards::NONE)
                    .map(|p| p.len())
                    .unwrap_or(0)
            })
        });
        drop(document);
        // The whole road, with the chronology laid out in parts whatever its length, one
        // part at a time and on two cores.
        let request = Request {
            report: report.clone(),
            format: Format::Pdf(PdfStandards::NONE),
            output: Output::File(dir.path().join("bench.pdf")),
        };
        for jobs in [1, 2] {
            let in_parts = Generator::new(None, briefing())
                .expect("built-in templates")
                .parts_above(0)
                .jobs(NonZeroUsize::new(jobs).expect("not zero"));
            let name = format!("in parts, jobs {jobs}");
            group.bench_with_input(BenchmarkId::new(name, events), &data, |b, data| {
                b.iter(|| {
                    in_parts
                        .generate(data, black_box(&request))
                        .map(|g| g.bytes)
                        .unwrap_or(0)
                })
            });
        }
    }
    group.finish();
}

/// Rendering each built-in template to Typst on the built-in dataset.
fn templates(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let dataset = Dataset::load_dir(&data).expect("the built-in dataset loads");
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let reports = [
        Report::Partner("turkey".into()),
        Report::Period(dataset.periods()[0].id.clone()),
        Report::Area(dataset.areas()[0].id.clone()),
        Report::Chronology(EventFilter::default()),
    ];
    let mut group = c.benchmark_group("render");
    for report in &reports {
        let template = report.file_stem();
        let kind = template.split('-').next().unwrap_or_default();
        group.bench_function(kind, |b| {
            b.iter(|| {
                generator
                    .source(&dataset, black_box(report))
                    .map(|r| r.text().len())
                    .unwrap_or(0)
            })
        });
    }
    group.finish();
}

/// What watch mode does after an edit: lay out the Türkiye brief again with Typst's memoisation
/// kept from earlier renders, against a cold layout. Every measured layout gets a version of
/// the source it has never seen (a revision number in the edited text), as after a real edit.
fn watch(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let dataset = Dataset::load_dir(&data).expect("the built-in dataset loads");
    let generator = Generator::new(None, briefing()).expect("built-in templates");
    let source = generator
        .source(&dataset, &Report::Partner("turkey".into()))
        .expect("renders")
        .text()
        .to_owned();
    let layout = |text: String| {
        generator
            .typeset(&Rendered::plain(text))
            .map(|d| d.page_count())
            .unwrap_or(0)
    };
    // A data edit, a template edit and two settings edits, as they reach the generated source.
    let edits: [(&str, &str, &str); 4] = [
        (
            "edited event summary",
            "the two governments signed",
            "the two governments (revision {n}) signed",
        ),
        (
            "edited section heading",
            "Exercises and training",
            "Exercises and training, revision {n}",
        ),
        (
            "edited marking",
            "UNCLASSIFIED // OPEN SOURCES",
            "UNCLASSIFIED // REVISION {n}",
        ),
        (
            "edited author",
            "author: \"attache\"",
            "author: \"attache {n}\"",
        ),
    ];
    let mut group = c.benchmark_group("watch");
    group.sample_size(20);
    group.bench_function("cold", |b| {
        b.iter(|| {
            comemo::evict(0);
            layout(source.clone())
        })
    });
    let mut revision = 0;
    for (name, from, to) in edits {
        assert!(source.contains(from), "{name}: the edit applies");
        layout(source.clone());
        group.bench_function(name, |b| {
            b.iter(|| {
                revision += 1;
                let to = to.replace("{n}", &revision.to_string());
                layout(source.replace(from, &to))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline, templates, watch);
criterion_main!(benches);
