//! The orders the solver walks a pathway's model in: its strongly connected components sinks
//! first, and within a cyclic component the order of value iteration's sweeps.

use std::collections::HashMap;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Action;

/// The strongly connected components of the walk, sinks first (reverse topological order),
/// each in ascending node order: petgraph's `kosaraju_scc` over a graph of the model's nodes
/// and the moves their actions make (built from the nodes reached alone, so it costs their
/// number, not the file's).
///
/// `kosaraju_scc`, not `tarjan_scc`: petgraph's Tarjan recurses once per node along a path and
/// overflows the stack on a 100,000-node chain; Kosaraju's two depth-first passes are iterative.
///
/// Orders: [`Model::solve`] needs sinks first, and any such order gives the same values, since
/// a component reads only the final values of the components it leads to. The order within a
/// component is not free: it is the row order of the exact solve (pivoting, summation order)
/// and the root order of the sweep ([`successors_first`]), so each component is sorted, which
/// makes the result independent of how the search met the nodes (and what earlier versions of
/// the hand-written Tarjan produced, figure for figure).
///
/// Complexity: O(R + moves), plus O(k log k) to sort each component of k nodes.
pub(super) fn components_sinks_first(actions: &[Action]) -> Vec<Vec<usize>> {
    let moves: usize = actions.iter().map(|a| a.edges().count()).sum();
    let mut walk = DiGraph::<(), ()>::with_capacity(actions.len(), moves);
    for _ in actions {
        walk.add_node(());
    }
    for (u, action) in actions.iter().enumerate() {
        for (_, to) in action.edges() {
            walk.add_edge(NodeIndex::new(u), NodeIndex::new(to), ());
        }
    }
    kosaraju_scc(&walk)
        .into_iter()
        .map(|component| {
            // Graph node i is local node i.
            let mut nodes: Vec<usize> = component.into_iter().map(|ix| ix.index()).collect();
            nodes.sort_unstable();
            nodes
        })
        .collect()
}

/// The nodes of a strongly connected `component` in depth-first post-order over its own edges:
/// a node comes after the nodes it leads to, except along the edges that close loops. Value
/// iteration sweeping in this order (updating in place) carries a change through a whole chain
/// of the loop in one sweep instead of one step per sweep: on a 995-node relapse loop,
/// about 1,500 sweeps became a few dozen.
///
/// The order is part of the result (in-place sweeps round differently in another order), so
/// it is fixed here: roots in the component's (ascending) order, each node's edges in file
/// order. petgraph's `DfsPostOrder` would give another order: it pushes all of a node's
/// successors at once (the last explored first) and a `Graph` lists edges newest first.
///
/// Complexity: O(k + edges).
pub(super) fn successors_first(component: &[usize], actions: &[Action]) -> Vec<usize> {
    let mut member: HashMap<usize, bool> = component.iter().map(|&u| (u, false)).collect();
    let mut order = Vec::with_capacity(component.len());
    for &root in component {
        if member.get(&root) != Some(&false) {
            continue;
        }
        member.insert(root, true);
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let (u, next) = *top;
            match actions[u].nth_edge(next) {
                Some((_, to)) => {
                    top.1 += 1;
                    if member.get(&to) == Some(&false) {
                        member.insert(to, true);
                        stack.push((to, 0));
                    }
                }
                None => {
                    order.push(u);
                    stack.pop();
                }
            }
        }
    }
    order
}
