//! Peer for `scripts/compare.sh`: lists every simple path start → terminal outcome of a pathway
//! file with `petgraph::algo::all_simple_paths`, the general-purpose library routine.
//!
//! Usage: `cargo run --release --example petgraph_paths -- FILE [--print]`. Loads the file with
//! serde (no validation), builds a petgraph `DiGraph` of the `next` edges, and runs
//! `all_simple_paths` from the start to each terminal outcome (an outcome with no `next` edge
//! out). Prints the number of paths; with `--print`, first each path as its node ids joined
//! by ` > `, one per line (buffered), so the output cost is comparable to a listing.

use std::collections::HashMap;
use std::hash::RandomState;
use std::io::{BufWriter, Write};

use carepath::model::{EdgeKind, NodeKind, PathwayFile};
use petgraph::algo::all_simple_paths;
use petgraph::graph::{DiGraph, NodeIndex};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: petgraph_paths FILE [--print]");
        std::process::exit(2);
    };
    let print = args.iter().any(|a| a == "--print");
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(2);
    });
    let pathway: PathwayFile = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(2);
    });
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(pathway.nodes.len(), pathway.edges.len());
    let mut index = HashMap::new();
    for (i, node) in pathway.nodes.iter().enumerate() {
        index.insert(node.id.as_str(), graph.add_node(i));
    }
    let mut has_next = vec![false; pathway.nodes.len()];
    for edge in pathway.edges.iter().filter(|e| e.kind == EdgeKind::Next) {
        if let (Some(&a), Some(&b)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str())) {
            graph.add_edge(a, b, ());
            has_next[graph[a]] = true;
        }
    }
    let Some(start) = graph.node_indices().find(|&n| pathway.nodes[graph[n]].kind == NodeKind::Start) else {
        eprintln!("{file}: no start node");
        std::process::exit(2);
    };
    let terminals: Vec<NodeIndex> = graph
        .node_indices()
        .filter(|&n| pathway.nodes[graph[n]].kind == NodeKind::Outcome && !has_next[graph[n]])
        .collect();
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    let mut count: u64 = 0;
    for &terminal in &terminals {
        for path in all_simple_paths::<Vec<NodeIndex>, _, RandomState>(&graph, start, terminal, 0, None) {
            count += 1;
            if print {
                let ids: Vec<&str> = path.iter().map(|&n| pathway.nodes[graph[n]].id.as_str()).collect();
                let _ = writeln!(out, "{}", ids.join(" > "));
            }
        }
    }
    let _ = writeln!(out, "{count} paths");
    let _ = out.flush();
}
