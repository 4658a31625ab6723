//! The pathway as a petgraph [`DiGraph`]: one graph node per file node, one graph edge per
//! file edge whose endpoints exist, and an id → index map.
//!
//! Node weights are indices into [`PathwayFile::nodes`], edge weights indices into
//! [`PathwayFile::edges`], so every graph element leads back to its place in the file.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::model::{Edge, EdgeKind, Node, NodeKind, PathwayFile};

/// A pathway's graph.
#[derive(Debug)]
pub struct PathwayGraph<'a> {
    /// The file this graph was built from.
    pub pathway: &'a PathwayFile,
    /// Node weight: index in `pathway.nodes`; edge weight: index in `pathway.edges`.
    pub graph: DiGraph<usize, usize>,
    /// Node id → graph index (the first node with that id, when ids repeat).
    pub index: HashMap<&'a str, NodeIndex>,
}

impl<'a> PathwayGraph<'a> {
    /// Builds the graph. Duplicate ids keep their first node; edges naming unknown nodes
    /// are left out (validation reports both).
    ///
    /// Complexity: O(V + E).
    pub fn new(pathway: &'a PathwayFile) -> Self {
        let mut graph = DiGraph::with_capacity(pathway.nodes.len(), pathway.edges.len());
        let mut index = HashMap::with_capacity(pathway.nodes.len());
        for (i, node) in pathway.nodes.iter().enumerate() {
            let ix = graph.add_node(i);
            index.entry(node.id.as_str()).or_insert(ix);
        }
        for (i, edge) in pathway.edges.iter().enumerate() {
            if let (Some(&from), Some(&to)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str())) {
                graph.add_edge(from, to, i);
            }
        }
        PathwayGraph { pathway, graph, index }
    }

    /// The file node behind a graph index.
    pub fn node(&self, ix: NodeIndex) -> &'a Node {
        let pathway: &'a PathwayFile = self.pathway;
        &pathway.nodes[self.graph[ix]]
    }

    /// The file edge behind a graph edge.
    pub fn edge(&self, ex: EdgeIndex) -> &'a Edge {
        let pathway: &'a PathwayFile = self.pathway;
        &pathway.edges[self.graph[ex]]
    }

    /// Graph index of a node id.
    pub fn lookup(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// The start node, when there is exactly one.
    pub fn start(&self) -> Option<NodeIndex> {
        let mut starts = self.graph.node_indices().filter(|&ix| self.node(ix).kind == NodeKind::Start);
        match (starts.next(), starts.next()) {
            (Some(start), None) => Some(start),
            _ => None,
        }
    }

    /// Outgoing edges of a kind, in file order: (graph edge, file edge index, target).
    pub fn out_edges(&self, ix: NodeIndex, kind: EdgeKind) -> Vec<(EdgeIndex, usize, NodeIndex)> {
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .filter(|e| self.pathway.edges[*e.weight()].kind == kind)
            .map(|e| (e.id(), *e.weight(), e.target()))
            .collect();
        edges.sort_by_key(|&(_, i, _)| i);
        edges
    }

    /// Incoming edges of a kind, in file order: (graph edge, file edge index, source).
    pub fn in_edges(&self, ix: NodeIndex, kind: EdgeKind) -> Vec<(EdgeIndex, usize, NodeIndex)> {
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(ix, Direction::Incoming)
            .filter(|e| self.pathway.edges[*e.weight()].kind == kind)
            .map(|e| (e.id(), *e.weight(), e.source()))
            .collect();
        edges.sort_by_key(|&(_, i, _)| i);
        edges
    }

    /// Whether a node is a terminal outcome: an outcome with no `next` edge out.
    pub fn is_terminal(&self, ix: NodeIndex) -> bool {
        self.node(ix).kind == NodeKind::Outcome && self.out_edges(ix, EdgeKind::Next).is_empty()
    }

    /// Whether a node is a chance node: not a decision, with two or more `next` edges out.
    pub fn is_chance(&self, ix: NodeIndex) -> bool {
        self.node(ix).kind != NodeKind::Decision && self.out_edges(ix, EdgeKind::Next).len() >= 2
    }

    /// Nodes reachable from `from` along `next` edges (iterative; O(V + E)).
    pub fn reachable_from(&self, from: NodeIndex) -> Vec<bool> {
        self.search(from, Direction::Outgoing)
    }

    /// Nodes from which some terminal outcome is reachable along `next` edges (O(V + E)).
    pub fn can_reach_terminal(&self) -> Vec<bool> {
        self.can_reach(|ix| self.is_terminal(ix))
    }

    /// Nodes from which some node satisfying `target` is reachable along `next` edges
    /// (a backward search from every target; O(V + E)).
    pub fn can_reach(&self, target: impl Fn(NodeIndex) -> bool) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        let mut stack: Vec<NodeIndex> = self.graph.node_indices().filter(|&ix| target(ix)).collect();
        for ix in &stack {
            seen[ix.index()] = true;
        }
        while let Some(ix) = stack.pop() {
            for (_, _, source) in self.in_edges(ix, EdgeKind::Next) {
                if !seen[source.index()] {
                    seen[source.index()] = true;
                    stack.push(source);
                }
            }
        }
        seen
    }

    fn search(&self, from: NodeIndex, direction: Direction) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        seen[from.index()] = true;
        let mut stack = vec![from];
        while let Some(ix) = stack.pop() {
            for e in self.graph.edges_directed(ix, direction) {
                if self.pathway.edges[*e.weight()].kind != EdgeKind::Next {
                    continue;
                }
                let next = if direction == Direction::Outgoing { e.target() } else { e.source() };
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    stack.push(next);
                }
            }
        }
        seen
    }
}
