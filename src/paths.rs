//! Paths: every way from the start along `next` edges to a terminal outcome, streamed through
//! one reused buffer, and the number of paths counted without listing them.
//!
//! Which edges a path may take is decided by a [`PathFilter`] (feasibility of conditions for
//! the patients being listed); [`Unconditional`] takes every edge. Rendering lives in
//! [`mod@format`].

pub mod format;

use std::fmt;
use std::ops::ControlFlow;

use crate::graph::PathwayGraph;
use crate::model::{EdgeKind, NodeKind, OutcomeCategory, PathwayFile, Probability};

/// Decides which edges a path may take for the patient(s) being listed.
pub trait PathFilter {
    /// The path takes `next` edge `edge` (index into pathway.edges). False = infeasible: the walk
    /// does not continue and `leave` is NOT called for it.
    fn enter(&mut self, edge: usize) -> bool;
    /// Undo the last successful enter.
    fn leave(&mut self);
    /// Whether `includes` edge `edge` applies to some patient consistent with the current path.
    fn includes(&self, edge: usize) -> bool;
    /// Whether it applies to every such patient (else it is listed as `"if <condition>"`).
    fn includes_always(&self, edge: usize) -> bool;
    /// The conditions the current path requires, simplified (e.g. `lineage == B && ph_positive`), "" if none.
    fn describe(&self) -> String;
    /// Whether the current path's conditions can all hold (false only for filters that list
    /// infeasible paths too, such as [`MarkInfeasible`]).
    fn feasible(&self) -> bool {
        true
    }
    /// The condition of edge `edge` as it should be shown (`else` spelled out where the filter
    /// knows what it means); the raw `when` text by default.
    fn condition_text(&self, edge: usize) -> Option<String> {
        let _ = edge;
        None
    }
}

/// The real filter: [`crate::condition::Feasibility`] decides which edges a patient's path may
/// take, which components apply, and what the path requires.
impl PathFilter for crate::condition::Feasibility<'_> {
    fn enter(&mut self, edge: usize) -> bool {
        crate::condition::Feasibility::enter(self, edge)
    }

    fn leave(&mut self) {
        crate::condition::Feasibility::leave(self)
    }

    fn includes(&self, edge: usize) -> bool {
        crate::condition::Feasibility::includes(self, edge)
    }

    fn includes_always(&self, edge: usize) -> bool {
        crate::condition::Feasibility::includes_always(self, edge)
    }

    fn describe(&self) -> String {
        crate::condition::Feasibility::describe(self)
    }

    fn condition_text(&self, edge: usize) -> Option<String> {
        self.conditions().resolved_text(edge)
    }
}

/// Lists infeasible paths too: where the inner filter refuses an edge, the walk goes on and
/// the path is marked infeasible, its description naming the contradicting conditions.
#[derive(Debug)]
pub struct MarkInfeasible<'a, F> {
    pathway: &'a PathwayFile,
    inner: F,
    /// One entry per entered edge: `Some(edge)` when the inner filter refused it.
    entered: Vec<Option<usize>>,
}

impl<'a, F: PathFilter> MarkInfeasible<'a, F> {
    /// Wraps `inner`.
    pub fn new(pathway: &'a PathwayFile, inner: F) -> Self {
        MarkInfeasible { pathway, inner, entered: Vec::new() }
    }
}

impl<F: PathFilter> PathFilter for MarkInfeasible<'_, F> {
    fn enter(&mut self, edge: usize) -> bool {
        let refused = !self.inner.enter(edge);
        self.entered.push(refused.then_some(edge));
        true
    }

    fn leave(&mut self) {
        if let Some(None) = self.entered.pop() {
            self.inner.leave();
        }
    }

    fn includes(&self, edge: usize) -> bool {
        self.inner.includes(edge)
    }

    fn includes_always(&self, edge: usize) -> bool {
        self.inner.includes_always(edge)
    }

    fn describe(&self) -> String {
        let mut parts = vec![self.inner.describe()];
        for &edge in self.entered.iter().flatten() {
            if let Some(when) = self.pathway.edges.get(edge).and_then(|e| e.when.as_deref()) {
                parts.push(format!("({}) contradicts it", when.trim()));
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.join(", but ")
    }

    fn feasible(&self) -> bool {
        self.entered.iter().all(Option::is_none)
    }

    fn condition_text(&self, edge: usize) -> Option<String> {
        self.inner.condition_text(edge)
    }
}

/// The naive filter: every edge is feasible, every `includes` edge applies (always when it has
/// no `when`), and a path's conditions are the raw `when` texts of its edges.
#[derive(Debug, Clone)]
pub struct Unconditional<'a> {
    pathway: &'a PathwayFile,
    entered: Vec<usize>,
}

impl<'a> Unconditional<'a> {
    /// A filter over `pathway` with no edge entered.
    pub fn new(pathway: &'a PathwayFile) -> Self {
        Unconditional { pathway, entered: Vec::new() }
    }
}

impl PathFilter for Unconditional<'_> {
    fn enter(&mut self, edge: usize) -> bool {
        self.entered.push(edge);
        true
    }

    fn leave(&mut self) {
        self.entered.pop();
    }

    fn includes(&self, _edge: usize) -> bool {
        true
    }

    fn includes_always(&self, edge: usize) -> bool {
        self.pathway.edges.get(edge).is_none_or(|e| e.when.is_none())
    }

    /// The `when` texts of the entered edges, in path order, each once, joined with ` && `
    /// (a text holding `||` is parenthesised when there are several).
    /// `else` is left out: it means "none of the other branches", which only a condition-aware
    /// filter can spell out.
    fn describe(&self) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for &e in &self.entered {
            if let Some(when) = self.pathway.edges.get(e).and_then(|e| e.when.as_deref()) {
                let when = when.trim();
                if !when.is_empty() && when != "else" && !seen.contains(&when) {
                    seen.push(when);
                }
            }
        }
        let parts: Vec<String> = seen
            .iter()
            .map(|w| if seen.len() > 1 && w.contains("||") { format!("({w})") } else { w.to_string() })
            .collect();
        parts.join(" && ")
    }
}

/// Which paths to list, as the user gives them (node ids and a category name).
#[derive(Debug, Clone, Default)]
pub struct PathOptions {
    /// Only paths through every one of these nodes.
    pub through: Vec<String>,
    /// Only paths through none of these nodes.
    pub avoid: Vec<String>,
    /// Only paths whose terminal outcome has this category.
    pub ends_in: Option<OutcomeCategory>,
    /// How many times a node may appear on one path (0 is taken as 1).
    pub max_visits: usize,
}

/// A usage error in [`PathOptions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionError {
    /// A node id that the pathway does not have, with the closest id it does have.
    UnknownNode {
        /// The flag that named it (`--through` or `--avoid`).
        flag: &'static str,
        /// The id as given.
        id: String,
        /// The closest existing id.
        suggestion: Option<String>,
    },
    /// A node that no path steps through: nothing flows into it (e.g. an intervention that is
    /// only a phase's component).
    NotOnFlow {
        /// The flag that named it (`--through` or `--avoid`).
        flag: &'static str,
        /// The id as given.
        id: String,
        /// Phases that include it, if any.
        included_by: Vec<String>,
    },
    /// The pathway has no single start node.
    NoStart,
}

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SelectionError::UnknownNode { flag, id, suggestion } => {
                write!(f, "{flag} `{id}`: the pathway has no node with this id")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean `{s}`?")?;
                }
                Ok(())
            }
            SelectionError::NotOnFlow { flag, id, included_by } => {
                write!(f, "{flag} `{id}`: no path steps through this node, nothing flows into it")?;
                if !included_by.is_empty() {
                    write!(
                        f,
                        "; it is a component of {}, listed under those phases on their paths (use --through with the phase)",
                        included_by.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                    )?;
                }
                Ok(())
            }
            SelectionError::NoStart => f.write_str("the pathway has no single start node"),
        }
    }
}

/// [`PathOptions`] resolved against a pathway's nodes.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The start node.
    pub start: usize,
    /// Nodes every listed path must pass through.
    pub through: Vec<usize>,
    /// Per node: whether paths must avoid it.
    pub avoid: Vec<bool>,
    /// The category of terminal outcome required.
    pub ends_in: Option<OutcomeCategory>,
    /// How many times a node may appear on one path (at least 1).
    pub max_visits: usize,
}

impl Selection {
    /// Resolves node ids; an unknown id is an error naming the closest id.
    pub fn new(pathway: &PathwayFile, flow: &PathwayGraph, options: &PathOptions) -> Result<Self, SelectionError> {
        let start = flow.start.ok_or(SelectionError::NoStart)?;
        let mut entered = vec![false; flow.len()];
        for &(_, to) in flow.out.iter().flatten() {
            if let Some(e) = entered.get_mut(to) {
                *e = true;
            }
        }
        let resolve = |flag: &'static str, id: &String| {
            let ix = flow.node_index(id).ok_or_else(|| SelectionError::UnknownNode {
                flag,
                id: id.clone(),
                suggestion: crate::suggest::closest(id, pathway.nodes.iter().map(|n| n.id.as_str()))
                    .map(str::to_string),
            })?;
            if ix != start && !entered.get(ix).copied().unwrap_or(false) {
                let included_by = (0..flow.len())
                    .filter(|&p| flow.includes[p].iter().any(|&(_, to)| to == ix))
                    .map(|p| pathway.nodes[p].id.clone())
                    .collect();
                return Err(SelectionError::NotOnFlow { flag, id: id.clone(), included_by });
            }
            Ok(ix)
        };
        let mut through = Vec::new();
        for id in &options.through {
            let ix = resolve("--through", id)?;
            if !through.contains(&ix) {
                through.push(ix);
            }
        }
        let mut avoid = vec![false; flow.len()];
        for id in &options.avoid {
            avoid[resolve("--avoid", id)?] = true;
        }
        Ok(Selection { start, through, avoid, ends_in: options.ends_in, max_visits: options.max_visits.max(1) })
    }

    /// Every path, no filter beyond the pathway itself.
    pub fn all(flow: &PathwayGraph) -> Option<Self> {
        Some(Selection {
            start: flow.start?,
            through: Vec::new(),
            avoid: vec![false; flow.len()],
            ends_in: None,
            max_visits: 1,
        })
    }

    fn accepts_terminal(&self, pathway: &PathwayFile, node: usize, visits: &[usize]) -> bool {
        let category_ok = match self.ends_in {
            None => true,
            Some(c) => pathway.nodes.get(node).and_then(|n| n.outcome) == Some(c),
        };
        category_ok && self.through.iter().all(|&t| visits[t] > 0)
    }
}

/// Whether any `next` edge carries a condition: then some paths may be infeasible, and only a
/// walk with the condition-aware filter counts the feasible ones (the graph count is exact
/// otherwise).
pub fn has_conditional_flow(pathway: &PathwayFile) -> bool {
    pathway.edges.iter().any(|e| e.kind == EdgeKind::Next && e.when.is_some())
}

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
/// case, which is why [`count_paths`] exists.
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
pub type SharingVisit<'a, F> = dyn FnMut(&[Step], usize, &F) -> ControlFlow<()> + 'a;

/// [`walk`], also telling `visit` how much of each path it shares with the path visited before
/// it: `visit(steps, shared, filter)` where `steps[..shared]` equals the previous path's first
/// `shared` steps (0 for the first path). Consecutive paths usually differ only near their
/// end, so a writer that keeps per-step work for the shared prefix does O(1) work per path
/// instead of O(path length) (see [`mod@format`]'s writers).
pub fn walk_sharing<F: PathFilter + ?Sized>(
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

/// Why paths could not be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    /// More paths than fit in 128 bits.
    Overflow,
}

impl fmt::Display for CountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CountError::Overflow => f.write_str("the number of paths does not fit in 128 bits (more than 3.4e38)"),
        }
    }
}

/// How a count was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountMethod {
    /// Dynamic programming over a topological order (acyclic flow, one visit per node).
    Dynamic,
    /// Walking every path (cycles allowed up to `max_visits`).
    Enumeration,
}

/// Counts the paths [`walk`] would list with the [`Unconditional`] filter.
///
/// When the `next` graph reachable from the start (avoided nodes removed) is acyclic and
/// `max_visits` is 1, counts by dynamic programming in reverse topological order:
/// O(|through| · (V + E)) u128 additions and multiplications, each checked. Otherwise falls
/// back to enumeration (a bounded search: `max_visits` bounds every path's length).
///
/// A conditional filter can make some of these paths infeasible: callers with one must count
/// with [`count_by_enumeration`].
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
pub fn count_without_listing(
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

/// Counts paths by walking them all with `filter`. Complexity: that of [`walk`].
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
pub fn count_by_enumeration_up_to<F: PathFilter + ?Sized>(
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
            let category_ok = match selection.ends_in {
                None => true,
                Some(c) => pathway.nodes.get(u).and_then(|n| n.outcome) == Some(c),
            };
            u128::from(category_ok)
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

/// A probability range: the product of the figures of the chance edges on a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProbabilityRange {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// Product of base values, when every chance edge on the path has one.
    pub base: Option<f64>,
    /// False when some chance edge on the path has no figure (it counts as [0, 1]).
    pub quantified: bool,
}

/// What a path amounts to: its outcome, conditions, probability and duration.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSummary {
    /// The terminal outcome node (index into `pathway.nodes`).
    pub outcome: usize,
    /// Its category, if set.
    pub category: Option<OutcomeCategory>,
    /// The conditions the path requires (`""` if none).
    pub conditions: String,
    /// Product of the chance edges' figures.
    pub probability: ProbabilityRange,
    /// Total duration of the phase and intervention steps, in months: (min, max).
    pub months: (f64, f64),
    /// Phase and intervention steps without a duration (counted as 0).
    pub undated: usize,
    /// Whether the path's conditions can all hold (false only when infeasible paths are listed).
    pub feasible: bool,
}

impl PathSummary {
    /// Summarises a path. Decisions carry no probability; an edge out of a chance node (a
    /// non-decision with two or more `next` edges) multiplies in its figure, or [0, 1].
    ///
    /// Complexity: O(path length).
    pub fn of<F: PathFilter + ?Sized>(pathway: &PathwayFile, flow: &PathwayGraph, steps: &[Step], filter: &F) -> Self {
        let mut totals = Totals::START;
        let mut previous = None;
        for &step in steps {
            let edge = step.edge.zip(previous).map(|(edge, from)| EdgeFacts::of(pathway, flow, from, edge));
            totals = totals.then(edge.as_ref(), &node_facts(pathway, step.node));
            previous = Some(step.node);
        }
        totals.summary(pathway, steps, filter)
    }
}

/// What taking a `next` edge adds to a path's totals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EdgeFacts {
    /// Whether the edge has a condition (`when`).
    conditional: bool,
    /// `None` unless the edge leaves a chance node (a non-decision with two or more `next`
    /// edges); then its figure, or `None` when it has none.
    chance: Option<Option<Probability>>,
}

impl EdgeFacts {
    /// The facts of edge `edge` taken from node `from`.
    pub fn of(pathway: &PathwayFile, flow: &PathwayGraph, from: usize, edge: usize) -> EdgeFacts {
        let data = pathway.edges.get(edge);
        let chance_node = flow.chance.get(from).copied().unwrap_or(false);
        EdgeFacts {
            conditional: data.is_some_and(|e| e.when.is_some()),
            chance: chance_node.then(|| data.and_then(|e| e.probability)),
        }
    }
}

/// What stepping on a node adds to a path's totals: `None` for a node that takes no time by
/// kind (start, decision, outcome), else its duration in months, `None` when it has none.
pub(crate) type NodeFacts = Option<Option<(f64, f64)>>;

/// The [`EdgeFacts`] and [`NodeFacts`] of a whole pathway, worked out once for a listing.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    /// Per edge (index into `pathway.edges`; `None` for an edge not in the flow).
    pub edges: Vec<Option<EdgeFacts>>,
    /// Per node.
    pub nodes: Vec<NodeFacts>,
}

impl Facts {
    /// Complexity: O(V + E).
    pub fn new(pathway: &PathwayFile, flow: &PathwayGraph) -> Facts {
        let mut edges = vec![None; pathway.edges.len()];
        for (from, out) in flow.out.iter().enumerate() {
            for &(edge, _) in out {
                edges[edge] = Some(EdgeFacts::of(pathway, flow, from, edge));
            }
        }
        Facts { edges, nodes: (0..pathway.nodes.len()).map(|n| node_facts(pathway, n)).collect() }
    }

    /// Takes `step` into `totals`, in place.
    #[inline]
    pub fn take(&self, totals: &mut Totals, step: Step) {
        let edge = step.edge.and_then(|e| self.edges.get(e)).and_then(Option::as_ref);
        totals.take(edge, self.nodes.get(step.node).unwrap_or(&None));
    }
}

/// The [`NodeFacts`] of node `node`.
pub(crate) fn node_facts(pathway: &PathwayFile, node: usize) -> NodeFacts {
    let node = pathway.nodes.get(node)?;
    matches!(node.kind, NodeKind::Phase | NodeKind::Intervention).then(|| node.duration.map(|d| d.months()))
}

/// A path's running totals up to some step: what [`PathSummary`] adds up, kept per step by
/// the listing writers so that a prefix shared with the previous path is not added up again.
/// Each total is built in path order with the same operations, so the figures are bit for bit
/// those of [`PathSummary::of`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Totals {
    pub probability: ProbabilityRange,
    pub months: (f64, f64),
    pub undated: usize,
    /// How many `next` edges with a condition (`when`) the path has taken: a filter's
    /// conditions and feasibility change only with those.
    pub conditional: usize,
}

impl Totals {
    /// Before the first step.
    pub const START: Totals = Totals {
        probability: ProbabilityRange { low: 1.0, high: 1.0, base: Some(1.0), quantified: true },
        months: (0.0, 0.0),
        undated: 0,
        conditional: 0,
    };

    /// The totals once a step is taken along an edge with facts `edge` (`None` for the start)
    /// onto a node with facts `node`.
    #[inline]
    pub fn then(mut self, edge: Option<&EdgeFacts>, node: &NodeFacts) -> Totals {
        self.take(edge, node);
        self
    }

    /// [`Totals::then`] in place.
    #[inline]
    pub fn take(&mut self, edge: Option<&EdgeFacts>, node: &NodeFacts) {
        if let Some(edge) = edge {
            if edge.conditional {
                self.conditional += 1;
            }
            let probability = &mut self.probability;
            match &edge.chance {
                None => {}
                Some(Some(p)) => {
                    probability.low *= p.low;
                    probability.high *= p.high;
                    probability.base = probability.base.zip(p.base).map(|(a, b)| a * b);
                }
                Some(None) => {
                    probability.low = 0.0;
                    probability.base = None;
                    probability.quantified = false;
                }
            }
        }
        match node {
            None => {}
            Some(Some((min, max))) => {
                self.months.0 += min;
                self.months.1 += max;
            }
            Some(None) => self.undated += 1,
        }
    }

    /// The summary of the path `steps` these are the totals of, with `filter` positioned on it.
    pub fn summary<F: PathFilter + ?Sized>(&self, pathway: &PathwayFile, steps: &[Step], filter: &F) -> PathSummary {
        self.summary_with(pathway, steps, filter.describe(), filter.feasible())
    }

    /// [`Totals::summary`] with the filter's conditions and feasibility already known.
    pub fn summary_with(
        &self,
        pathway: &PathwayFile,
        steps: &[Step],
        conditions: String,
        feasible: bool,
    ) -> PathSummary {
        let outcome = steps.last().map_or(0, |s| s.node);
        PathSummary {
            outcome,
            category: pathway.nodes.get(outcome).and_then(|n| n.outcome),
            conditions,
            probability: self.probability,
            months: self.months,
            undated: self.undated,
            feasible,
        }
    }
}

#[cfg(test)]
mod tests;
