//! Flowchart export: DOT source and the built-in SVG layout on synthetic pathways.
//! Run: `cargo bench --bench export`. Results and the Graphviz comparison: docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use carepath::export::{render, Engine, Format, RenderOptions};
use carepath::model::PathwayFile;
use carepath::synth;

/// DOT export and the built-in SVG layout of random pathways at every size up to 100,000
/// nodes for DOT (linear) and 10,000 for the built-in SVG (whose longest edges run down
/// lanes past 40,000 virtual nodes, so it stays near linear; 100,000 is about 10 s a
/// drawing), and the built-in SVG of the two other shapes with many long edges at 10,000:
/// relapse loops (long back-edges) and a chain whose every other step can stop at one shared
/// outcome (25 million virtual nodes without lanes).
fn bench(c: &mut Criterion) {
    for (name, format, sizes) in [
        ("export_dot", Format::Dot, &[100usize, 1_000, 10_000, 100_000][..]),
        ("export_svg_builtin", Format::Svg, &[100usize, 1_000, 10_000][..]),
    ] {
        let mut group = c.benchmark_group(name);
        let options = RenderOptions { format, engine: Engine::Builtin, highlight: None };
        let mut cases: Vec<(&str, usize, PathwayFile)> =
            sizes.iter().map(|&n| ("random", n, synth::random_dag(n, 42))).collect();
        if format == Format::Svg {
            cases.push(("loops", 10_000, synth::with_relapse_loops(10_000, 42, 7)));
            cases.push(("chain", 10_000, synth::chain(10_000)));
        }
        for (shape, n, pathway) in &cases {
            group.throughput(Throughput::Elements(*n as u64));
            group.sample_size(if *n >= 10_000 { 10 } else { 100 });
            group.bench_with_input(BenchmarkId::new(*shape, n), pathway, |b, pathway| {
                b.iter(|| render(pathway, &options).expect("the built-in engines do not fail").len())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
