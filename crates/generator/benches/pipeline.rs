//! Benchmarks of each stage of the pipeline on synthetic chronologies: loading the dataset,
//! rendering the template, Typst layout, and PDF export. `ATTACHE_BENCH_SIZES=100,1000,10000`
//! picks the sizes (default 100 and 1000; 10,000 takes about a minute a sample).

use std::hint::black_box;
use std::path::Path;

use attache_core::Dataset;
use attache_generator::{Briefing, Chronology, Generator, Report};
use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use typst_pdf::PdfStandards;

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
    let generator = Generator::new(None).expect("built-in templates");
    let briefing = Briefing::new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date"));
    let mut group = c.benchmark_group("chronology");
    group.sample_size(10);
    for events in sizes() {
        let data = dataset(dir.path(), events);
        let folder = dir.path().join(events.to_string());
        let report = Report::Chronology(Chronology::default());
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
                    .render(&data, black_box(report), &briefing)
                    .map(|r| r.text().len())
                    .unwrap_or(0)
            })
        });
        let rendered = generator
            .render(&data, &report, &briefing)
            .expect("renders");
        group.bench_with_input(
            BenchmarkId::new("layout", events),
            &rendered,
            |b, rendered| {
                b.iter(|| {
                    // A fresh layout each time: Typst's memoisation would otherwise answer from cache.
                    comemo::evict(0);
                    generator
                        .compile(black_box(rendered), &briefing)
                        .map(|d| d.page_count())
                        .unwrap_or(0)
                })
            },
        );
        let document = generator.compile(&rendered, &briefing).expect("compiles");
        group.bench_with_input(BenchmarkId::new("pdf", events), &document, |b, document| {
            b.iter(|| {
                document
                    .pdf("bench", PdfStandards::default())
                    .map(|p| p.len())
                    .unwrap_or(0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
