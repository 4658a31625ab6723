//! Load + validate throughput on synthetic pathways of 100 to 100,000 nodes, and validation
//! with every reporter on a bare chain (two findings per node: 199,998 at 100,000 nodes).
//! Run: `cargo bench --bench validate`. Results and peers: docs/benchmarks.md.

use std::collections::HashMap;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};

use carepath::diag::{Diagnostic, LevelConfig, Sink};
use carepath::load::{load_text, LoadedPathway};
use carepath::report::{self, HumanOptions, ReportFormat, ReportInput};
use carepath::source::SourceText;
use carepath::synth;

fn load_and_validate(text: &str) -> usize {
    validated(text).1.len()
}

/// Loads and validates one file's text: the pathway and its sorted diagnostics.
fn validated(text: &str) -> (LoadedPathway, Vec<Diagnostic>) {
    let loaded = load_text(SourceText::new("bench.json", text)).expect("synthetic pathways parse");
    let mut sink = Sink::new(LevelConfig::default());
    carepath::validate::check_pathway(&loaded, &mut sink);
    (loaded, sink.into_sorted())
}

/// The report `carepath validate --format FORMAT` prints for one loaded file (no colours): the
/// one place to adapt when the report API changes.
fn report(format: ReportFormat, loaded: &LoadedPathway, diagnostics: &[Diagnostic]) -> usize {
    let files = [PathBuf::from(loaded.source.display_path())];
    let texts = HashMap::from([(loaded.source.display_path(), loaded.source.text().to_string())]);
    let input = ReportInput { files: &files, diagnostics, read_errors: &[], texts: &texts };
    // As `carepath validate` runs: the human format shows the first findings, counts the rest.
    let human = HumanOptions { color: false, max_diagnostics: Some(report::DEFAULT_MAX_DIAGNOSTICS) };
    report::render(format, &input, &human).expect("reports serialise").len()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_validate");
    for n in [100usize, 1_000, 10_000, 100_000] {
        let text = synth::to_json(&synth::random_dag(n, 42)).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| b.iter(|| load_and_validate(text)));
    }
    group.finish();
}

/// Issue 16: `bare_chain(n)` written one node per line (as `synth bare-chain` writes it), at
/// 10,000 and 100,000 nodes. `check` is load + validate; `human`, `json`, `github` and
/// `sarif` are each reporter alone on its diagnostics (the CLI's time is `check` plus one of
/// them). Flat sampling, 10 samples: one iteration at 100,000 nodes takes seconds.
fn bare_chain(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate_bare_chain");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for n in [10_000usize, 100_000] {
        let text = synth::to_json_lines(&synth::bare_chain(n)).unwrap();
        let (loaded, diagnostics) = validated(&text);
        group.throughput(Throughput::Elements(diagnostics.len() as u64));
        group.bench_with_input(BenchmarkId::new("check", n), &text, |b, text| b.iter(|| validated(text).1.len()));
        for (name, format) in [
            ("human", ReportFormat::Human),
            ("json", ReportFormat::Json),
            ("github", ReportFormat::Github),
            ("sarif", ReportFormat::Sarif),
        ] {
            group.bench_function(BenchmarkId::new(name, n), |b| b.iter(|| report(format, &loaded, &diagnostics)));
        }
    }
    group.finish();
}

criterion_group!(benches, bench, bare_chain);
criterion_main!(benches);
