//! The walk: every path from the start along `next` edges to a terminal outcome, depth-first
//! in file edge order, streamed through one reused step buffer ([`walk`]), and how much of
//! each path the previous one shared ([`walk_sharing`], what the listing writers build on).

use std::ops::ControlFlow;

use super::{PathFilter, Selection};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;

/// One step of a path: a node, and the `next` edge that led to it (`None` for the start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Index into `pathway.nodes`.
    pub node: usize,
    /// Index into `pathway.edges` of the edge taken into this node.
    pub edge: Option<usize>,
}

/// Walks every path depth-first in file edge order and calls `visit` with each accepted path
/// (the steps, and the filter positioned on that path). `visit` returns `Break` to stop.
/// Every successful `enter` is matched by a `leave`, also when stopped early.
///
/// One step buffer and one frame stack are reused: memory is O(V + longest path) however
/// many paths there are. Iterative, so a 100,000-node chain is fine.
///
/// Complexity: O(number of partial paths explored × out-degree); exponential in the worst
/// case, which is why [`super::count_paths`] counts without walking where it can.
pub fn walk<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    visit: &mut dyn FnMut(&[Step], &F) -> ControlFlow<()>,
) {
    walk_sharing(pathway, flow, selection, filter, &mut |steps, _, filter| visit(steps, filter));
}

/// What [`walk_sharing`] calls with each path: its steps, how many it shares with the previous
/// path, and the filter positioned on it.
pub(crate) type SharingVisit<'a, F> = dyn FnMut(&[Step], usize, &F) -> ControlFlow<()> + 'a;

/// [`walk`], also telling `visit` how much of each path it shares with the path visited before
/// it: `visit(steps, shared, filter)` where `steps[..shared]` equals the previous path's first
/// `shared` steps (0 for the first path). Consecutive paths usually differ only near their
/// end, so a writer that keeps per-step work for the shared prefix does O(1) work per path
/// instead of O(path length) (see the listing writers in `paths/list/`).
pub(crate) fn walk_sharing<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    visit: &mut SharingVisit<'_, F>,
) {
    let start = selection.start;
    if start >= flow.len() || selection.avoid[start] {
        return;
    }
    let mut visits = vec![0usize; flow.len()];
    let mut steps = vec![Step { node: start, edge: None }];
    visits[start] = 1;
    if flow.terminal[start] {
        if selection.accepts_terminal(pathway, start, &visits) {
            let _ = visit(&steps, 0, filter);
        }
        return;
    }
    // The shortest `steps` has been since the last visit: what the next path shares with it.
    let mut shared = 0;
    // Frames parallel `steps`: the node and the position of its next out-edge to try.
    let mut frames: Vec<(usize, usize)> = vec![(start, 0)];
    while let Some(frame) = frames.last_mut() {
        let (node, pos) = *frame;
        if let Some(&(edge, to)) = flow.out[node].get(pos) {
            frame.1 += 1;
            if selection.avoid[to] || visits[to] >= selection.max_visits || !filter.enter(edge) {
                continue;
            }
            visits[to] += 1;
            steps.push(Step { node: to, edge: Some(edge) });
            if flow.terminal[to] {
                let accepted = selection.accepts_terminal(pathway, to, &visits);
                let stop = accepted && visit(&steps, shared, filter).is_break();
                steps.pop();
                visits[to] -= 1;
                filter.leave();
                shared = if accepted { steps.len() } else { shared.min(steps.len()) };
                if stop {
                    // Leave the filter as it was found: undo every edge still entered.
                    for step in steps.iter().rev() {
                        if step.edge.is_some() {
                            filter.leave();
                        }
                    }
                    return;
                }
            } else {
                frames.push((to, 0));
            }
        } else {
            frames.pop();
            if let Some(step) = steps.pop() {
                visits[step.node] -= 1;
                if step.edge.is_some() {
                    filter.leave();
                }
            }
            shared = shared.min(steps.len());
        }
    }
}
