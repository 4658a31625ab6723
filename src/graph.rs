//! The one flow graph of a pathway, built once and used by validation, path listing, outcomes
//! and export: a petgraph [`DiGraph`] (one graph node per file node, one graph edge per file
//! edge whose endpoints exist) beside adjacency lists of its `next` and `includes` edges for
//! the hot loops, and the rules that every stage reads the same way: which node is the start,
//! which nodes are terminal outcomes, and which are chance nodes.
//!
//! Graph node `i` is file node `i` (`nodes[i]`), and edge weights are indices into
//! [`PathwayFile::edges`], so every graph element leads back to its place in the file.

use rustc_hash::FxHashMap;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::model::{Edge, EdgeKind, Node, NodeKind, PathwayFile};

/// A pathway's graph.
#[derive(Debug, Clone)]
pub struct PathwayGraph<'a> {
    /// The file this graph was built from.
    pub pathway: &'a PathwayFile,
    /// Node weight: index in `pathway.nodes`; edge weight: index in `pathway.edges`.
    pub graph: DiGraph<usize, usize>,
    /// Node id → graph index (the first node with that id, when ids repeat).
    pub index: FxHashMap<&'a str, NodeIndex>,
    /// For each node (index into `pathway.nodes`): its `next` edges as (edge index, target
    /// node), in file order.
    pub out: Vec<Vec<(usize, usize)>>,
    /// For each node: its `includes` edges as (edge index, included node), in file order.
    pub includes: Vec<Vec<(usize, usize)>>,
    /// For each node: whether it is a terminal outcome (an outcome with no `next` edge out).
    pub terminal: Vec<bool>,
    /// For each node: whether it is a chance node (not a decision, two or more `next` edges
    /// out): nature, not someone's choice, picks the next step, with the edges' probabilities.
    pub chance: Vec<bool>,
    /// The start node, when there is exactly one.
    pub start: Option<usize>,
    /// For each file edge: the graph nodes its `from` and `to` name (`None` for an id that
    /// names no node), looked up once here so no later pass hashes the ids again.
    ends: Vec<[Option<NodeIndex>; 2]>,
    /// For each node: whether an earlier node has its id (CP010), so edges naming that id
    /// attach to the earlier one.
    repeated: Vec<bool>,
}

impl<'a> PathwayGraph<'a> {
    /// Builds the graph. Duplicate ids keep their first node; edges naming unknown nodes
    /// are left out (validation reports both).
    ///
    /// Complexity: O(V + E).
    pub fn new(pathway: &'a PathwayFile) -> Self {
        let n = pathway.nodes.len();
        let mut graph = DiGraph::with_capacity(n, pathway.edges.len());
        let mut index = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut repeated = Vec::with_capacity(n);
        for (i, node) in pathway.nodes.iter().enumerate() {
            let ix = graph.add_node(i);
            let entry = index.entry(node.id.as_str());
            repeated.push(matches!(entry, std::collections::hash_map::Entry::Occupied(_)));
            entry.or_insert(ix);
        }
        let mut out = vec![Vec::new(); n];
        let mut includes = vec![Vec::new(); n];
        let mut ends = Vec::with_capacity(pathway.edges.len());
        for (i, edge) in pathway.edges.iter().enumerate() {
            let (from, to) = (index.get(edge.from.as_str()).copied(), index.get(edge.to.as_str()).copied());
            ends.push([from, to]);
            if let (Some(from), Some(to)) = (from, to) {
                graph.add_edge(from, to, i);
                match edge.kind {
                    EdgeKind::Next => out[from.index()].push((i, to.index())),
                    EdgeKind::Includes => includes[from.index()].push((i, to.index())),
                }
            }
        }
        let terminal =
            pathway.nodes.iter().zip(&out).map(|(n, o)| n.kind == NodeKind::Outcome && o.is_empty()).collect();
        let chance =
            pathway.nodes.iter().zip(&out).map(|(n, o)| n.kind != NodeKind::Decision && o.len() >= 2).collect();
        let mut starts = pathway.nodes.iter().enumerate().filter(|(_, n)| n.kind == NodeKind::Start).map(|(i, _)| i);
        let start = match (starts.next(), starts.next()) {
            (Some(s), None) => Some(s),
            _ => None,
        };
        PathwayGraph { pathway, graph, index, out, includes, terminal, chance, start, ends, repeated }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether the pathway has no nodes.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// Node index (into `pathway.nodes`) of a node id: the first node with that id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|ix| ix.index())
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

    /// Whether node `ix` is the one its id names: the first node with that id. O(1).
    pub fn is_first_with_its_id(&self, ix: NodeIndex) -> bool {
        self.repeated.get(ix.index()).is_some_and(|r| !r)
    }

    /// The graph node file edge `edge`'s `from` names, if any. O(1): no id is hashed.
    pub fn edge_from(&self, edge: usize) -> Option<NodeIndex> {
        self.ends.get(edge).and_then(|e| e[0])
    }

    /// The graph node file edge `edge`'s `to` names, if any. O(1): no id is hashed.
    pub fn edge_to(&self, edge: usize) -> Option<NodeIndex> {
        self.ends.get(edge).and_then(|e| e[1])
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
        self.terminal[ix.index()]
    }

    /// Whether a node is a chance node: not a decision, with two or more `next` edges out.
    pub fn is_chance(&self, ix: NodeIndex) -> bool {
        self.chance[ix.index()]
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

    /// Marks the edges of a subgraph that close a cycle, the ones a layered drawing reverses so
    /// the rest is acyclic.
    ///
    /// Arguments: `nodes[i]` says whether node `i` (index into `pathway.nodes`) belongs to the
    /// subgraph; `edges` are its edges as (from, to) node indices, in the order to follow them
    /// (file order, for drawings that do not depend on anything else).
    ///
    /// Returns, per entry of `edges`, whether it is a back-edge of an iterative depth-first search
    /// (explicit stack, no recursion) that starts at each start node of the subgraph, then at
    /// every node not yet visited, in file order, and follows each node's edges in the given
    /// order: an edge into a node still on the stack is a back-edge. Removing them leaves the
    /// subgraph acyclic; self-loops are back-edges.
    ///
    /// The search is not petgraph's `depth_first_search`, which follows a node's edges in its
    /// own adjacency order (newest first), not file order, and so would mark other edges.
    ///
    /// Complexity: O(V + E).
    pub(crate) fn back_edges(&self, nodes: &[bool], edges: &[(usize, usize)]) -> Vec<bool> {
        let pathway = self.pathway;
        let n = pathway.nodes.len();
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, &(from, _)) in edges.iter().enumerate() {
            out[from].push(k);
        }
        let mut back = vec![false; edges.len()];
        // 0 = unseen, 1 = on stack, 2 = done
        let mut state = vec![0u8; n];
        let roots = (0..n)
            .filter(|&i| nodes[i] && pathway.nodes[i].kind == NodeKind::Start)
            .chain((0..n).filter(|&i| nodes[i]));
        for root in roots {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(top) = stack.last_mut() {
                let (v, next) = *top;
                if let Some(&k) = out[v].get(next) {
                    top.1 += 1;
                    let w = edges[k].1;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => back[k] = true,
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
        back
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
