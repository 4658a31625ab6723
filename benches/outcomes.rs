//! Outcome bounds (`outcomes::analyse`, every decision left open) on synthetic pathways.
//! Run: `cargo bench --bench outcomes`. Results: docs/benchmarks.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use carepath::graph::PathwayGraph;
use carepath::outcomes::analyse;
use carepath::synth;

/// One solve per target (terminal outcome, category, ...) over the whole graph: O(T · (V + E
/// log E)) with T ≈ n/20 outcomes in a random DAG, so quadratic in n. The random DAG of
/// 100,000 nodes is skipped (about 100× the 10,000-node time per iteration). `chain` (two
/// outcomes) shows the linear part at 100,000 nodes; `loops` has cycles: exact solves per
/// cyclic component up to 400 nodes (200), value iteration beyond (1,000: one 995-node loop).
/// This is one patient class; `carepath outcomes` runs one analysis per class, on one graph
/// built per pathway (so the graph is built outside the timed loop here too).
fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("outcomes");
    let inputs = [
        ("random", 100usize, synth::random_dag(100, 42)),
        ("random", 1_000, synth::random_dag(1_000, 42)),
        ("random", 10_000, synth::random_dag(10_000, 42)),
        ("loops", 200, synth::with_relapse_loops(200, 42, 7)),
        ("loops", 1_000, synth::with_relapse_loops(1_000, 42, 7)),
        ("chain", 100_000, synth::chain(100_000)),
    ];
    for (shape, n, pathway) in &inputs {
        group.throughput(Throughput::Elements(*n as u64));
        if *n >= 1_000 {
            group.sample_size(10);
        }
        let flow = PathwayGraph::new(pathway);
        group.bench_with_input(BenchmarkId::new(*shape, n), &flow, |b, flow| {
            b.iter(|| black_box(analyse(flow, &|_| None).expect("one start")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
