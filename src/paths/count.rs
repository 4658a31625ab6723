//! Counting paths: [`count`] chooses how (from the graph by dynamic programming when every
//! path counts, else by walking them with the filter, within a budget), [`count_from_graph`]
//! gives a listing its total when the graph alone gives it, and the strategies themselves.

use std::ops::ControlFlow;

use super::{walk_sharing, PathFilter, Selection, Unconditional};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;

/// How many paths a count walks, when only a walk can count them (a filter that may refuse
/// edges: conditions, a profile), before it stops and says "more than"; and, after the limit,
/// how many more paths a listing walks just to count them. This keeps `--count` and `--limit`
/// bounds on the work, not only on the output.
pub const COUNT_BUDGET: u128 = 10_000_000;

/// Why paths could not be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    /// More paths than fit in 128 bits.
    #[error("the number of paths does not fit in 128 bits (more than 3.4e38)")]
    Overflow,
}

/// How a count was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountMethod {
    /// Dynamic programming over a topological order (acyclic flow, one visit per node).
    Dynamic,
    /// Walking every path (cycles allowed up to `max_visits`).
    Enumeration,
}

/// What [`count`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// The number of paths, or (when `exact` is false) the paths walked before counting
    /// stopped: there are more.
    pub n: u128,
    /// Whether `n` is the exact number of paths.
    pub exact: bool,
    /// How it was obtained.
    pub method: CountMethod,
}

/// Counts the paths [`walk`](super::walk()) would list with `filter`, choosing the strategy:
///
/// - when `filter` refuses no edge ([`PathFilter::may_refuse`]), every path of the graph
///   counts: [`count_paths`], by dynamic programming in O(|through| · (V + E)) when the flow
///   is acyclic from the start and `max_visits` is 1, else by walking every path (the graph
///   and `max_visits` bound them); exact;
/// - otherwise only a walk with `filter` tells the feasible paths apart: it stops after
///   `budget` paths (usually [`COUNT_BUDGET`]), and the count is exact only when it did not.
///
/// # Errors
/// [`CountError::Overflow`] when there are more paths than 128 bits hold.
pub fn count<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    budget: u128,
) -> Result<Count, CountError> {
    if filter.may_refuse(pathway) {
        let (n, exact) = count_by_enumeration_up_to(pathway, flow, selection, filter, budget)?;
        return Ok(Count { n, exact, method: CountMethod::Enumeration });
    }
    let (n, method) = count_paths(pathway, flow, selection)?;
    Ok(Count { n, exact: true, method })
}

/// The number of paths a listing with `filter` will have, when the graph alone gives it
/// without walking ([`count`]'s dynamic programming: `filter` refuses no edge, the flow is
/// acyclic from the start, `max_visits` is 1), for [`ListOptions::total`](super::ListOptions::total).
/// `None` when only a walk can count them, and also when there are more paths than 128 bits hold:
/// then the listing counts as it walks, within its budget, and says "more than".
///
/// Complexity: O(|through| · (V + E)).
pub fn count_from_graph<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &F,
) -> Option<u128> {
    if filter.may_refuse(pathway) {
        return None;
    }
    // An overflow is no total to give: the listing counts as it walks, and says "more than".
    count_without_listing(pathway, flow, selection)?.ok()
}

/// Counts the paths [`walk`](super::walk()) would list with the [`Unconditional`] filter.
///
/// When the `next` graph reachable from the start (avoided nodes removed) is acyclic and
/// `max_visits` is 1, counts by dynamic programming in reverse topological order:
/// O(|through| · (V + E)) u128 additions and multiplications, each checked. Otherwise falls
/// back to enumeration (a bounded search: `max_visits` bounds every path's length).
///
/// A conditional filter can make some of these paths infeasible: [`count`] walks with such a
/// filter instead.
pub fn count_paths(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
) -> Result<(u128, CountMethod), CountError> {
    match count_without_listing(pathway, flow, selection) {
        Some(count) => count.map(|n| (n, CountMethod::Dynamic)),
        None => count_by_enumeration(pathway, flow, selection, &mut Unconditional::new(pathway))
            .map(|n| (n, CountMethod::Enumeration)),
    }
}

/// The dynamic-programming count of [`count_paths`], or `None` when it does not apply (a cycle
/// reachable from the start, or `max_visits` above 1). O(|through| · (V + E)).
pub(crate) fn count_without_listing(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
) -> Option<Result<u128, CountError>> {
    if selection.max_visits != 1 || selection.start >= flow.len() {
        return None;
    }
    if selection.avoid[selection.start] {
        return Some(Ok(0));
    }
    let order = topological_order(flow, selection)?;
    Some(count_dynamic(pathway, flow, selection, &order))
}

/// Counts paths by walking them all with `filter`. Complexity: that of [`walk`](super::walk()).
pub fn count_by_enumeration<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
) -> Result<u128, CountError> {
    count_by_enumeration_up_to(pathway, flow, selection, filter, u128::MAX).map(|(count, _)| count)
}

/// Like [`count_by_enumeration`], but stops after `budget` paths: returns the count and whether
/// it is exact (false: there are more than `budget`).
///
/// Complexity: O(min(paths, budget) × path length).
pub(crate) fn count_by_enumeration_up_to<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    budget: u128,
) -> Result<(u128, bool), CountError> {
    let mut count: u128 = 0;
    let mut overflow = false;
    let mut stopped = false;
    walk_sharing(pathway, flow, selection, filter, &mut |_, _, _| {
        if count >= budget {
            stopped = true;
            return ControlFlow::Break(());
        }
        match count.checked_add(1) {
            Some(n) => {
                count = n;
                ControlFlow::Continue(())
            }
            None => {
                overflow = true;
                ControlFlow::Break(())
            }
        }
    });
    if overflow {
        Err(CountError::Overflow)
    } else {
        Ok((count, !stopped))
    }
}

/// Nodes reachable from the start (avoided ones left out) in topological order, or `None`
/// when they contain a cycle. Kahn's algorithm; O(V + E).
fn topological_order(flow: &PathwayGraph, selection: &Selection) -> Option<Vec<usize>> {
    let n = flow.len();
    let mut reached = vec![false; n];
    let mut stack = vec![selection.start];
    reached[selection.start] = true;
    while let Some(u) = stack.pop() {
        for &(_, v) in &flow.out[u] {
            if !selection.avoid[v] && !reached[v] {
                reached[v] = true;
                stack.push(v);
            }
        }
    }
    let mut indegree = vec![0usize; n];
    for u in (0..n).filter(|&u| reached[u]) {
        for &(_, v) in &flow.out[u] {
            if reached[v] {
                indegree[v] += 1;
            }
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&u| reached[u] && indegree[u] == 0).collect();
    let mut order = Vec::new();
    while let Some(u) = ready.pop() {
        order.push(u);
        for &(_, v) in &flow.out[u] {
            if reached[v] {
                indegree[v] -= 1;
                if indegree[v] == 0 {
                    ready.push(v);
                }
            }
        }
    }
    let total = reached.iter().filter(|&&r| r).count();
    (order.len() == total).then_some(order)
}

/// Paths start → through₁ → … → throughₖ → accepted terminal, as a product of segment counts
/// (on an acyclic graph every path meets the through nodes in topological order).
fn count_dynamic(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    order: &[usize],
) -> Result<u128, CountError> {
    let mut position = vec![usize::MAX; flow.len()];
    for (i, &u) in order.iter().enumerate() {
        position[u] = i;
    }
    let mut waypoints = selection.through.clone();
    if waypoints.iter().any(|&t| position[t] == usize::MAX) {
        return Ok(0);
    }
    waypoints.sort_by_key(|&t| position[t]);
    let mut sources = vec![selection.start];
    sources.extend(&waypoints);
    let mut total: u128 = 1;
    for (i, &source) in sources.iter().enumerate() {
        let target = waypoints.get(i).copied();
        let ways = count_segment(pathway, flow, selection, order, &position, source, target)?;
        total = total.checked_mul(ways).ok_or(CountError::Overflow)?;
        if total == 0 {
            break;
        }
    }
    Ok(total)
}

/// Paths from `source` to `target` (or to an accepted terminal when `None`), by DP over the
/// part of `order` from `source` on. O(V + E).
fn count_segment(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    order: &[usize],
    position: &[usize],
    source: usize,
    target: Option<usize>,
) -> Result<u128, CountError> {
    let mut ways = vec![0u128; flow.len()];
    for &u in order[position[source]..].iter().rev() {
        ways[u] = if Some(u) == target {
            1
        } else if target.is_none() && flow.terminal[u] {
            u128::from(selection.accepts_category(pathway, u))
        } else {
            let mut sum: u128 = 0;
            for &(_, v) in &flow.out[u] {
                if position[v] != usize::MAX {
                    sum = sum.checked_add(ways[v]).ok_or(CountError::Overflow)?;
                }
            }
            sum
        };
    }
    Ok(ways[source])
}
