//! One class of patients' walk as an absorbing Markov chain, evaluated once per sample: the
//! expected number of visits to every node the walk reaches, from which every outcome's chance
//! and the expected time follow.
//!
//! The chain is built once per class ([`Chain::new`]) with the outcome engine's reading of a
//! pathway (`outcomes::analyse`): a chance node moves along each branch with its figure, a
//! decision along the one branch the class takes, a plain step along its one `next` edge; a
//! node with nowhere to go ends the walk. Its strongly connected components are kept sources
//! first, so a sample costs one pass in that order: a node on no cycle adds up what flows in,
//! and a cycle is one small dense linear solve (Gaussian elimination, partial pivoting) of its
//! own nodes. O(R + E_R) per sample on an acyclic pathway, plus k³ per cycle of k nodes.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::graph::PathwayGraph;
use crate::model::{Choice, NodeKind};
use crate::outcomes::gaussian_elimination;

/// How the walk leaves a node along one edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// Always (a decision's one branch, a plain step).
    Certain,
    /// With the chance of figure `f` (index into the run's figures).
    Figure(usize),
}

/// A block of the chain, sources first.
#[derive(Debug, Clone)]
enum Block {
    /// A node on no cycle.
    Single(usize),
    /// The nodes of one cycle.
    Cycle(Vec<usize>),
}

/// Why a class has no chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Open {
    /// A decision with several branches open to the class (node index).
    Decision(usize),
    /// A chance branch with no figure (edge index).
    Figureless(usize),
}

/// One class's chain.
#[derive(Debug, Clone)]
pub(super) struct Chain {
    /// File node of each local node.
    pub(super) nodes: Vec<usize>,
    /// Local start.
    start: usize,
    /// Per local node: (local predecessor, how it steps here).
    incoming: Vec<Vec<(usize, Step)>>,
    /// Blocks, sources first.
    blocks: Vec<Block>,
    /// Per local node: whether it is on a cycle.
    pub(super) cyclic: Vec<bool>,
    /// Per local node: whether the walk stops there.
    pub(super) stops: Vec<bool>,
}

impl Chain {
    /// The chain of the class `resolve` describes; `figure_of(edge)` is the run's figure of a
    /// chance branch, if it has one.
    ///
    /// # Errors
    /// [`Open`] when the walk meets a decision the class leaves open or a branch with no figure:
    /// its outcome is then a range, not one number per sample.
    pub(super) fn new(
        flow: &PathwayGraph,
        resolve: &dyn Fn(usize) -> Option<bool>,
        figure_of: &dyn Fn(usize) -> Option<usize>,
    ) -> Result<Option<Chain>, Open> {
        let Some(first) = flow.start else { return Ok(None) };
        let pathway = flow.pathway;
        let mut local = vec![usize::MAX; flow.len()];
        local[first] = 0;
        let mut nodes = vec![first];
        let mut out: Vec<Vec<(usize, Step)>> = Vec::new();
        while let Some(&u) = nodes.get(out.len()) {
            let edges = &flow.out[u];
            let node = &pathway.nodes[u];
            let steps: Vec<(usize, Step)> = if edges.is_empty() {
                Vec::new()
            } else if node.kind == NodeKind::Decision {
                // As the outcome engine reads a decision: the branches the class takes, else
                // those it leaves open; one of them is a plain step, several are a choice.
                let taken: Vec<_> = edges.iter().filter(|&&(e, _)| resolve(e) == Some(true)).collect();
                let open: Vec<_> = edges.iter().filter(|&&(e, _)| resolve(e).is_none()).collect();
                let options = match node.choice.unwrap_or_default() {
                    Choice::Single if !taken.is_empty() => taken,
                    Choice::Single => open,
                    Choice::Multiple => edges.iter().filter(|&&(e, _)| resolve(e) != Some(false)).collect(),
                };
                if options.len() > 1 {
                    return Err(Open::Decision(u));
                }
                options.iter().map(|&&(_, to)| (to, Step::Certain)).collect()
            } else if !flow.chance[u] {
                edges.iter().map(|&(_, to)| (to, Step::Certain)).collect()
            } else {
                let mut steps = Vec::with_capacity(edges.len());
                for &(e, to) in edges {
                    steps.push((to, Step::Figure(figure_of(e).ok_or(Open::Figureless(e))?)));
                }
                steps
            };
            for &(to, _) in &steps {
                if local[to] == usize::MAX {
                    local[to] = nodes.len();
                    nodes.push(to);
                }
            }
            out.push(steps);
        }
        let n = nodes.len();
        let mut incoming = vec![Vec::new(); n];
        let mut graph = DiGraph::<(), ()>::with_capacity(n, 0);
        for _ in 0..n {
            graph.add_node(());
        }
        let mut self_loop = vec![false; n];
        for (from, steps) in out.iter().enumerate() {
            for &(to, step) in steps {
                let to = local[to];
                incoming[to].push((from, step));
                graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
                self_loop[to] |= to == from;
            }
        }
        let mut cyclic = vec![false; n];
        let mut blocks = Vec::new();
        // tarjan_scc gives sinks first; the pass wants sources first.
        for mut scc in tarjan_scc(&graph).into_iter().rev() {
            if scc.len() == 1 && !self_loop[scc[0].index()] {
                blocks.push(Block::Single(scc[0].index()));
            } else {
                scc.sort_unstable();
                let members: Vec<usize> = scc.iter().map(|v| v.index()).collect();
                for &v in &members {
                    cyclic[v] = true;
                }
                blocks.push(Block::Cycle(members));
            }
        }
        let stops = out.iter().map(Vec::is_empty).collect();
        Ok(Some(Chain { nodes, start: 0, incoming, blocks, cyclic, stops }))
    }

    /// Where each node is entered from and how, flattened: with [`Chain::nodes`] and
    /// [`Chain::stops`], two chains with the same key give the same samples.
    pub(super) fn edges_key(&self) -> impl Iterator<Item = usize> + '_ {
        self.incoming.iter().flat_map(|ins| {
            ins.iter()
                .flat_map(|&(p, s)| {
                    [
                        p,
                        match s {
                            Step::Certain => usize::MAX,
                            Step::Figure(f) => f,
                        },
                    ]
                })
                .chain([usize::MAX - 1])
        })
    }

    /// The expected number of visits to each local node for the figures' values `values`
    /// (chances as fractions), with the walk stopped at local node `cut` when given (then the
    /// visits to `cut` are the chance of ever reaching it). `None` when a cycle's system is
    /// singular: the walk may loop forever.
    pub(super) fn visits(&self, values: &[f64], cut: Option<usize>) -> Option<Vec<f64>> {
        let chance = |step: Step| match step {
            Step::Certain => 1.0,
            Step::Figure(f) => values[f],
        };
        let mut n = vec![0.0; self.nodes.len()];
        let mut slot = vec![usize::MAX; self.nodes.len()];
        for block in &self.blocks {
            match block {
                Block::Single(v) => {
                    let v = *v;
                    let inflow: f64 =
                        self.incoming[v].iter().filter(|&&(p, _)| Some(p) != cut).map(|&(p, s)| n[p] * chance(s)).sum();
                    n[v] = inflow + if v == self.start { 1.0 } else { 0.0 };
                }
                Block::Cycle(members) => {
                    let k = members.len();
                    for (i, &v) in members.iter().enumerate() {
                        slot[v] = i;
                    }
                    // Row i: n_i − Σ_{j in the cycle} n_j P(j → i) = inflow from outside.
                    let mut a = vec![vec![0.0; k + 1]; k];
                    for (i, &v) in members.iter().enumerate() {
                        a[i][i] = 1.0;
                        a[i][k] = if v == self.start { 1.0 } else { 0.0 };
                        for &(p, s) in self.incoming[v].iter().filter(|&&(p, _)| Some(p) != cut) {
                            if slot[p] == usize::MAX {
                                a[i][k] += n[p] * chance(s);
                            } else {
                                a[i][slot[p]] -= chance(s);
                            }
                        }
                    }
                    let x = gaussian_elimination(&mut a)?;
                    for (i, &v) in members.iter().enumerate() {
                        n[v] = x[i].max(0.0);
                        slot[v] = usize::MAX;
                    }
                }
            }
        }
        Some(n)
    }
}
