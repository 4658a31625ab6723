//! Probabilistic sensitivity analysis (`economics::psa::psa`) on the fixture shaped like the
//! ALL pathway (`tests/fixtures/economics/psa/all-shaped.json`: 67 steps, 126 edges, eight
//! classes of patients, one relapse loop, 23 drawn figures). Target (issue 17): 10,000 samples
//! in under 2 s. Run: `cargo bench --bench psa`. Results: docs/benchmarks.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use carepath::condition::{PathwayConditions, Profile};
use carepath::economics::{psa::psa, BaseRule};
use carepath::load::load_text;
use carepath::source::SourceText;

fn bench(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/economics/psa/all-shaped.json");
    let text = std::fs::read_to_string(path).expect("the fixture");
    let pathway = load_text(SourceText::new(path, &text)).expect("it loads").pathway;
    let conditions = PathwayConditions::new(&pathway);
    let profile = Profile::default();
    let mut group = c.benchmark_group("psa");
    group.sample_size(10);
    for samples in [1_000usize, 10_000] {
        group.throughput(Throughput::Elements(samples as u64));
        group.bench_with_input(BenchmarkId::new("all-shaped", samples), &samples, |b, &n| {
            b.iter(|| black_box(psa(&pathway, &conditions, &profile, BaseRule::File, n, 1).expect("it runs")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
