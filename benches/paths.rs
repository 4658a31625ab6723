//! Path counting (dynamic programming) and path listing (text and JSON, written to a sink) on
//! synthetic pathways. Run: `cargo bench --bench paths`. Results and peers: docs/benchmarks.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use carepath::condition::{Feasibility, PathwayConditions, Profile};
use carepath::graph::PathwayGraph;
use carepath::model::PathwayFile;
use carepath::paths::{count_from_graph, count_paths, list, ListOptions, PathFormat, Selection, COUNT_BUDGET};
use carepath::synth;

/// Counting by DP after loading: `chain(n)` (about n/2 paths) keeps the count in 128 bits at
/// every size; a random DAG of 10,000 nodes has far more than 2^128 paths.
fn count(c: &mut Criterion) {
    let mut group = c.benchmark_group("count_paths");
    for n in [100usize, 1_000, 10_000, 100_000] {
        let pathway = synth::chain(n);
        let flow = PathwayGraph::new(&pathway);
        let selection = Selection::all(&flow).expect("one start");
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("chain", n), &pathway, |b, pathway| {
            b.iter(|| count_paths(pathway, &flow, &selection).expect("fits in 128 bits"))
        });
    }
    group.finish();
}

/// Issue 16: what `carepath paths --count` does on `bare_chain(n)` (one path, a finding on
/// every node), in process: load the text, validate it, then count with the feasibility
/// filter under an empty profile. `count_paths/chain` above is the DP alone.
fn count_bare_chain(c: &mut Criterion) {
    use carepath::diag::{LevelConfig, Sink};
    use carepath::load::load_text;
    use carepath::source::SourceText;
    let mut group = c.benchmark_group("paths_count_bare_chain");
    group.sample_size(10).sampling_mode(criterion::SamplingMode::Flat);
    for n in [10_000usize, 100_000] {
        let text = synth::to_json_lines(&synth::bare_chain(n)).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("load_validate_count", n), &text, |b, text| {
            b.iter(|| {
                let loaded = load_text(SourceText::new("bench.json", text.as_str())).expect("synthetic pathways parse");
                let mut sink = Sink::new(LevelConfig::default());
                carepath::validate::check_pathway(&loaded, &mut sink);
                let pathway = &loaded.pathway;
                let conditions = PathwayConditions::new(pathway);
                let profile = Profile::new();
                let mut filter = Feasibility::new(&conditions, &profile);
                let flow = PathwayGraph::new(pathway);
                let selection = Selection::all(&flow).expect("one start");
                carepath::paths::count(pathway, &flow, &selection, &mut filter, COUNT_BUDGET).expect("counts").n
            })
        });
    }
    group.finish();
}

/// Lists with the filter the CLI uses (feasibility under an empty profile), into a sink. With
/// a limit, the walk stops there (a total is given, as if counted): on a random DAG, counting
/// the rest would mean walking exponentially many paths.
fn list_to_sink(pathway: &PathwayFile, format: PathFormat, limit: Option<u128>) -> u128 {
    let conditions = PathwayConditions::new(pathway);
    let profile = Profile::new();
    let mut filter = Feasibility::new(&conditions, &profile);
    let flow = PathwayGraph::new(pathway);
    let selection = Selection::all(&flow).expect("one start");
    let total = match limit {
        Some(_) => Some(u128::MAX),
        None => count_from_graph(pathway, &flow, &selection, &filter),
    };
    let options = ListOptions { format, limit, total, count_budget: COUNT_BUDGET };
    let mut sink = std::io::sink();
    list(&mut sink, pathway, &flow, &selection, &mut filter, &options).expect("a sink never fails").listed
}

/// Every path of `layered(2, depth)` (2^depth paths of depth + 2 steps): throughput in paths.
fn list_all(c: &mut Criterion) {
    for (name, format) in
        [("list_all_text", PathFormat::Text), ("list_all_json", PathFormat::Json), ("list_all_csv", PathFormat::Csv)]
    {
        let mut group = c.benchmark_group(name);
        for depth in [10usize, 14, 17] {
            let pathway = synth::layered(2, depth);
            group.throughput(Throughput::Elements(1 << depth));
            if depth >= 14 {
                group.sample_size(10);
            }
            group.bench_with_input(BenchmarkId::new("layered2", depth), &pathway, |b, pathway| {
                b.iter(|| black_box(list_to_sink(pathway, format, None)))
            });
        }
        group.finish();
    }
}

/// The first 100 paths of a random DAG of n nodes (conditions, chance figures): per-step cost
/// on long paths. All paths are out of reach here: their number grows exponentially with n.
/// 100,000 nodes is skipped: its first paths run the whole order (tens of thousands of steps
/// each), so one iteration writes millions of lines and takes seconds; 10,000 shows the trend.
fn list_first(c: &mut Criterion) {
    let mut group = c.benchmark_group("list_first_100_text");
    for n in [100usize, 1_000, 10_000] {
        let pathway = synth::random_dag(n, 42);
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("random", n), &pathway, |b, pathway| {
            b.iter(|| black_box(list_to_sink(pathway, PathFormat::Text, Some(100))))
        });
    }
    group.finish();
}

/// Like for like with petgraph: walking every path of `layered(2, 17)` and counting it, no
/// formatting, against `petgraph::algo::all_simple_paths` (a `Vec` per path) on the same
/// `next` graph, both in process after loading.
fn walk_vs_petgraph(c: &mut Criterion) {
    use carepath::paths::{count_by_enumeration, Unconditional};
    use petgraph::algo::all_simple_paths;
    use petgraph::graph::{DiGraph, NodeIndex};
    let pathway = synth::layered(2, 17);
    let flow = PathwayGraph::new(&pathway);
    let selection = Selection::all(&flow).expect("one start");
    let mut graph: DiGraph<(), ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..flow.len()).map(|_| graph.add_node(())).collect();
    for (from, out) in flow.out.iter().enumerate() {
        for &(_, to) in out {
            graph.add_edge(nodes[from], nodes[to], ());
        }
    }
    let start = nodes[selection.start];
    let terminals: Vec<NodeIndex> = (0..flow.len()).filter(|&i| flow.terminal[i]).map(|i| nodes[i]).collect();
    let mut group = c.benchmark_group("walk_131072_paths");
    group.throughput(Throughput::Elements(1 << 17));
    group.sample_size(10);
    group.bench_function("carepath_walk", |b| {
        b.iter(|| count_by_enumeration(&pathway, &flow, &selection, &mut Unconditional::new(&pathway)).expect("fits"))
    });
    group.bench_function("petgraph_all_simple_paths", |b| {
        b.iter(|| {
            terminals
                .iter()
                .map(|&t| {
                    all_simple_paths::<Vec<NodeIndex>, _, std::hash::RandomState>(&graph, start, t, 0, None).count()
                })
                .sum::<usize>()
        })
    });
    // With output on both sides, to a sink: carepath's CSV listing (every column: outcome,
    // figures, conditions, the ids joined by ` > `) against petgraph's paths printed as their
    // ids joined by ` > ` (what `examples/petgraph_paths.rs --print` writes).
    group.bench_function("carepath_csv_to_sink", |b| {
        b.iter(|| black_box(list_to_sink(&pathway, PathFormat::Csv, None)))
    });
    group.bench_function("petgraph_ids_to_sink", |b| {
        b.iter(|| {
            use std::io::Write;
            let mut out = std::io::BufWriter::new(std::io::sink());
            for &t in &terminals {
                for path in all_simple_paths::<Vec<NodeIndex>, _, std::hash::RandomState>(&graph, start, t, 0, None) {
                    let ids: Vec<&str> = path.iter().map(|n| pathway.nodes[n.index()].id.as_str()).collect();
                    writeln!(out, "{}", ids.join(" > ")).expect("a sink never fails");
                }
            }
            out.flush().expect("a sink never fails");
        })
    });
    group.finish();
}

criterion_group!(benches, count, count_bare_chain, list_all, list_first, walk_vs_petgraph);
criterion_main!(benches);
