//! Flowchart export: DOT source and the built-in SVG layout on synthetic pathways.
//! Run: `cargo bench --bench export`. Results and the Graphviz comparison: docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use carepath::export::{render, Engine, Format, RenderOptions};
use carepath::synth;

/// The built-in SVG layout is skipped at 10,000 and 100,000 nodes: its crossing-reduction
/// sweeps take about 6 s of CPU per drawing at 10,000 nodes (`carepath render --engine
/// builtin`); a flowchart that size is not read by anyone. DOT export is linear and runs at
/// every size.
fn bench(c: &mut Criterion) {
    for (name, format, sizes) in [
        ("export_dot", Format::Dot, &[100usize, 1_000, 10_000, 100_000][..]),
        ("export_svg_builtin", Format::Svg, &[100usize, 1_000][..]),
    ] {
        let mut group = c.benchmark_group(name);
        for &n in sizes {
            let pathway = synth::random_dag(n, 42);
            let options = RenderOptions { format, engine: Engine::Builtin, highlight: None };
            group.throughput(Throughput::Elements(n as u64));
            if n >= 10_000 {
                group.sample_size(10);
            }
            group.bench_with_input(BenchmarkId::new("random", n), &pathway, |b, pathway| {
                b.iter(|| render(pathway, &options).expect("the built-in engines do not fail").len())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
