//! Load + validate throughput on synthetic pathways of 100 to 100,000 nodes.
//! Run: `cargo bench --bench validate`. Results and peers: docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use carepath::diag::{LevelConfig, Sink};
use carepath::load::load_text;
use carepath::source::SourceText;
use carepath::synth;

fn load_and_validate(text: &str) -> usize {
    let loaded = load_text(SourceText::new("bench.json", text)).expect("synthetic pathways parse");
    let mut sink = Sink::new(LevelConfig::default());
    carepath::validate::check_pathway(&loaded, &mut sink);
    sink.diagnostics().len()
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

criterion_group!(benches, bench);
criterion_main!(benches);
