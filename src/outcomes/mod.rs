//! Outcomes: the probability of ending in each terminal outcome and category, of passing
//! through each non-terminal outcome, and the expected time on treatment, as exact bounds.
//!
//! The pathway is read as an interval Markov decision process:
//! - a chance node (not a decision, two or more `next` edges) moves along edge *i* with a
//!   probability `p_i` that may be any point of `{p : low_i <= p_i <= high_i, Σ p = 1}`; an edge
//!   without a figure has `[0, 1]`;
//! - a decision edge is taken or not as the caller's resolver says (`Some(true)` / `Some(false)`);
//!   unresolved edges (`None`) and the branches of a `choice: multiple` decision are a choice
//!   nobody has made;
//! - a node with one `next` edge moves along it.
//!
//! A bound is the minimum (low) or maximum (high) over all these choices, solved per strongly
//! connected component in reverse topological order: one exact Bellman step for a node on no
//! cycle (the optimum over the polytope is a greedy: every edge gets its low, the rest goes to
//! the best successors first), and for a cycle value iteration to convergence followed by an
//! exact evaluation of the resulting policy (Gaussian elimination with partial pivoting over
//! the component). Expected time is unbounded when a positive duration can repeat forever.
//!
//! Unknown is not zero: a phase or intervention step without a duration has an unknown length.
//! When the walk may reach one with positive probability, the expected time is only bounded
//! below ("at least X months, plus steps of unknown length"). A figure is "from approximate
//! figures" when an approximate figure lies on a way to it (see `solver/reach.rs`).
//!
//! The code: this file holds the report types and [`analyse`]; `solver` the model and its
//! numeric methods; `classes` the analysis per patient class (on all cores, grouped by
//! result); `render` the text and JSON reports.

mod classes;
mod economics;
mod render;
mod solver;
#[cfg(test)]
mod tests;

pub(crate) use classes::per_class;
pub use classes::{by_patient_class, ClassOutcome, OutcomesError, MAX_CLASSES};
pub use economics::{undated_before_value, AnalysisOptions, Economics, Expected};
pub(crate) use render::figure_json;
pub use render::{
    applicable_caveats, bounds_text, bounds_words, classes_line, expected_words, months_bounds_text, patients_heading,
    render_classes_json, render_classes_text, render_json, render_text, time_text, time_words,
};
pub(crate) use solver::gaussian_elimination;

use std::cell::RefCell;

use crate::graph::PathwayGraph;
use crate::model::{NodeKind, OutcomeCategory, PathwayFile};
use crate::text::number::round12;
use solver::{Goal, Model};

/// Bounds of a figure: `[low, high]`, and the base value when the figures involved give one.
/// For times, `f64::INFINITY` means unbounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// The smallest value over every choice the pathway leaves open.
    pub low: f64,
    /// The largest value.
    pub high: f64,
    /// The value with every figure at its base, when that is one number.
    pub base: Option<f64>,
    /// Whether an approximate figure (`{"about": ..}`, or a duration marked approximate) lies
    /// on a way to this one: the bounds are exact over the widened figures, and are shown
    /// "(from approximate figures)".
    pub approximate: bool,
}

/// The probability of ending at one terminal outcome node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeOutcome {
    /// Index into `pathway.nodes`.
    pub node: usize,
    /// Probability of ending there.
    pub probability: Bounds,
}

/// The probability of ending in a category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryOutcome {
    /// The category.
    pub category: OutcomeCategory,
    /// Probability of ending at a terminal outcome of this category.
    pub probability: Bounds,
}

/// The probability of passing through a non-terminal outcome node at least once.
#[derive(Debug, Clone, PartialEq)]
pub struct PassingOutcome {
    /// Index into `pathway.nodes`.
    pub node: usize,
    /// Probability of passing through it.
    pub probability: Bounds,
    /// When it has several ways in: the probability of entering it along each `next` edge
    /// (index into `pathway.edges`), in file order.
    pub via: Vec<(usize, Bounds)>,
}

/// Everything `carepath outcomes` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeReport {
    /// Terminal outcome nodes reachable from the start, in file order.
    pub terminals: Vec<NodeOutcome>,
    /// Categories of those nodes, in declaration order.
    pub categories: Vec<CategoryOutcome>,
    /// Non-terminal outcome nodes reachable from the start, in file order.
    pub passing: Vec<PassingOutcome>,
    /// Probability of never reaching a terminal outcome (looping forever, or stopping at a
    /// decision no branch of which applies).
    pub no_terminal: Bounds,
    /// Expected time on treatment in months (sum of phase and intervention step durations).
    /// When `undated` is not empty, the steps of unknown length count as 0 here: `low` is a
    /// lower bound of the time, and `high` bounds only the known part ([`OutcomeReport::time_known`]).
    pub months: Bounds,
    /// Phase and intervention steps without a duration (of unknown length) that the walk
    /// reaches with positive probability, by node index.
    pub undated: Vec<usize>,
    /// Expected cost and quality-adjusted time, when the file has costs or utilities.
    pub economics: Option<Economics>,
}

impl OutcomeReport {
    /// Whether the expected time is known as a closed range: every step the walk may reach has
    /// a duration (or the time is unbounded anyway).
    pub fn time_known(&self) -> bool {
        self.undated.is_empty() || !self.months.low.is_finite()
    }
}

/// Computes every outcome figure of the pathway behind `flow` (built once per pathway, however
/// many patient classes are analysed). `resolve(edge)` says whether a decision edge is taken
/// for the patients in question (`None`: unknown, a free choice). Returns `None` when the
/// pathway has no single start node.
///
/// Only the R nodes the walk can reach from the start are looked at (no other node's value
/// is ever read, so the figures are those of a solve over the whole file, bit for bit).
/// Complexity: O(R + its edges) to build the model, then one solve per target and bound:
/// O(T · (R + E_R log E_R)) on an acyclic pathway, T = terminal outcomes + categories +
/// non-terminal outcomes and their ways in, all among the R nodes; the solves at the base
/// figures are left out when no branch has a base figure of its own (they would give the
/// same figures). Plus O(V) to see whether every duration in the file is exact.
pub fn analyse(flow: &PathwayGraph, resolve: &dyn Fn(usize) -> Option<bool>) -> Option<OutcomeReport> {
    analyse_with(flow, resolve, &AnalysisOptions::default())
}

/// [`analyse`] with `options` (a discount rate for costs and quality-adjusted time; see
/// `outcomes/economics.rs`). The economic figures cost one more solve per bound and measure.
pub fn analyse_with(
    flow: &PathwayGraph,
    resolve: &dyn Fn(usize) -> Option<bool>,
    options: &AnalysisOptions,
) -> Option<OutcomeReport> {
    let pathway = flow.pathway;
    let first = flow.start?;
    let model = Model::new(flow, first, resolve);
    // Figures below are by the model's (local) node numbers; the start is among them.
    let start = model.local(first)?;
    let nodes = &model.nodes;
    let n = nodes.len();
    let chances = Chances::new(&model, start, pathway.edges.len());
    let probability = |edges: &[usize]| chances.of(edges);
    let possible = &chances.possible;
    // The `next` edges into each node reached, from nodes reached (taken or not), in file order.
    let mut into = vec![Vec::new(); n];
    for &u in nodes {
        for &(e, to) in &flow.out[u] {
            if let Some(to) = model.local(to) {
                into[to].push(e);
            }
        }
    }
    for edges in &mut into {
        edges.sort_unstable();
    }
    let outcome_nodes = || (0..n).filter(|&u| pathway.nodes[nodes[u]].kind == NodeKind::Outcome);
    let terminals: Vec<NodeOutcome> = outcome_nodes()
        .filter(|&u| flow.terminal[nodes[u]])
        .map(|u| NodeOutcome { node: nodes[u], probability: probability(&into[u]) })
        .collect();
    let into_node = |u: usize| model.local(u).map_or(&[][..], |u| &into[u][..]);
    let categories = OutcomeCategory::ALL
        .into_iter()
        .filter_map(|category| {
            let edges: Vec<usize> = terminals
                .iter()
                .filter(|t| pathway.nodes[t.node].outcome == Some(category))
                .flat_map(|t| into_node(t.node).iter().copied())
                .collect();
            (!edges.is_empty()).then(|| CategoryOutcome { category, probability: probability(&edges) })
        })
        .collect();
    let passing = outcome_nodes()
        .filter(|&u| !flow.terminal[nodes[u]] && u != start)
        .map(|u| PassingOutcome {
            node: nodes[u],
            probability: probability(&into[u]),
            via: if into[u].len() > 1 { into[u].iter().map(|&e| (e, probability(&[e]))).collect() } else { Vec::new() },
        })
        .collect();
    let all_terminal: Vec<usize> = terminals.iter().flat_map(|t| into_node(t.node).iter().copied()).collect();
    let ending = probability(&all_terminal);
    let no_terminal = Bounds {
        low: clamp01(1.0 - ending.high),
        high: clamp01(1.0 - ending.low),
        base: ending.base.map(|b| clamp01(1.0 - b)),
        approximate: ending.approximate,
    };
    // Months: an approximate duration is not widened, so it marks the time even when both
    // bounds agree; an approximate probability only when they do not.
    let mut undated = Vec::new();
    let mut short = vec![0.0; n];
    let mut long = vec![0.0; n];
    let mut approximate_duration = false;
    for (u, &file_node) in nodes.iter().enumerate() {
        let node = &pathway.nodes[file_node];
        if matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) {
            match node.duration {
                Some(d) => {
                    let (min, max) = d.months();
                    short[u] = min.max(0.0);
                    long[u] = max.max(0.0);
                    approximate_duration |= d.approximate && possible[u] && long[u] > 0.0;
                }
                None if possible[u] => undated.push(file_node),
                None => {}
            }
        }
    }
    let no_target = chances.target.into_inner();
    let low = model.solve(&short, &no_target, Goal::Min, false)[start];
    let high = model.solve(&long, &no_target, Goal::Max, false)[start];
    // The time at the base figures is one number only when every duration of the file is.
    let base = exact_durations(pathway)
        .then(|| {
            let (a, b) = if model.has_base() {
                (
                    model.solve(&short, &no_target, Goal::Min, true)[start],
                    model.solve(&short, &no_target, Goal::Max, true)[start],
                )
            } else {
                // Here `short` is `long`: these are the solves above.
                (low, high)
            };
            ((a - b).abs() <= 1e-9 * a.abs().max(1.0) && a.is_finite()).then_some((a + b) / 2.0)
        })
        .flatten();
    let valued: Vec<bool> = long.iter().map(|&x| x > 0.0).collect();
    let approximate =
        approximate_duration || (low != high && model.depends_on_approximate(possible, &no_target, &valued));
    let months = Bounds { low, high, base, approximate };
    let economics = economics::economics(flow, &model, start, possible, &no_target, options);
    Some(OutcomeReport { terminals, categories, passing, no_terminal, months, undated, economics })
}

/// Whether every phase and intervention of the file that has a duration has one exact length
/// (the same least and greatest months, counted from 0). O(V), stopping at the first range.
fn exact_durations(pathway: &PathwayFile) -> bool {
    pathway.nodes.iter().all(|node| match node.duration {
        Some(d) if matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) => {
            let (min, max) = d.months();
            min.max(0.0) == max.max(0.0)
        }
        _ => true,
    })
}

/// The probability of crossing a set of edges (reaching a target), low, high, base and whether
/// from approximate figures: the one computation behind every probability [`analyse`] reports.
struct Chances<'m> {
    model: &'m Model,
    /// The start, as a local node.
    start: usize,
    /// What the walk may reach with positive probability ([`Model::possibly_reached`]).
    possible: Vec<bool>,
    zero: Vec<f64>,
    nothing_valued: Vec<bool>,
    /// One edge set, filled for a target and emptied after: O(its edges) a target.
    target: RefCell<Vec<bool>>,
}

impl<'m> Chances<'m> {
    fn new(model: &'m Model, start: usize, edges: usize) -> Self {
        let n = model.nodes.len();
        Chances {
            model,
            start,
            possible: model.possibly_reached(start),
            zero: vec![0.0; n],
            nothing_valued: vec![false; n],
            target: RefCell::new(vec![false; edges]),
        }
    }

    /// The probability of crossing one of `edges` (file edges) from the start.
    fn of(&self, edges: &[usize]) -> Bounds {
        let (model, start, zero) = (self.model, self.start, &self.zero);
        let mut set = self.target.borrow_mut();
        for &e in edges {
            set[e] = true;
        }
        let low = model.solve(zero, &set, Goal::Min, false)[start];
        let high = model.solve(zero, &set, Goal::Max, false)[start];
        let (base_low, base_high) = if model.has_base() {
            (model.solve(zero, &set, Goal::Min, true)[start], model.solve(zero, &set, Goal::Max, true)[start])
        } else {
            (low, high)
        };
        let base = ((base_high - base_low).abs() <= 1e-12).then_some((base_low + base_high) / 2.0);
        let (low, high) = (clamp01(low), clamp01(high));
        // Approximate figures are widened: a figure equal at both bounds is the same whatever
        // they are (e.g. the chance of ending somewhere, 1), so it is not from them.
        let approximate = low != high && model.depends_on_approximate(&self.possible, &set, &self.nothing_valued);
        for &e in edges {
            set[e] = false;
        }
        Bounds { low, high, base: base.map(clamp01), approximate }
    }
}

/// The probability of reaching any of `targets` (file nodes) along a `next` edge: what
/// [`analyse`] reports, bit for bit, as the chance of ending at a terminal outcome (one node),
/// of passing through a non-terminal one, or of ending in a category (its terminal outcomes),
/// without working out the rest of the report; 0 when the walk reaches none of them. `None`
/// without a single start. For a caller that needs one figure at many settings
/// (`carepath sensitivity`). Complexity: O(R + its edges) and one solve per bound.
pub fn reach_chance(flow: &PathwayGraph, resolve: &dyn Fn(usize) -> Option<bool>, targets: &[usize]) -> Option<Bounds> {
    let first = flow.start?;
    let model = Model::new(flow, first, resolve);
    let start = model.local(first)?;
    let mut wanted = vec![false; flow.len()];
    for &t in targets {
        wanted[t] = true;
    }
    // The `next` edges into a target reached, from nodes reached (taken or not), as `analyse`
    // counts them.
    let mut edges: Vec<usize> = model
        .nodes
        .iter()
        .flat_map(|&u| &flow.out[u])
        .filter(|&&(_, to)| wanted[to] && model.local(to).is_some())
        .map(|&(e, _)| e)
        .collect();
    edges.sort_unstable();
    Some(Chances::new(&model, start, flow.pathway.edges.len()).of(&edges))
}

/// What may keep a chance from being one number on the way to some nodes, for the patients
/// `resolve` describes: see [`open_on_the_way`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpenOnTheWay {
    /// Chance branches with no figure (`next` edges, by index), in file order.
    pub figureless: Vec<usize>,
    /// Decisions whose branch is not fixed for these patients, or that take several (nodes,
    /// by index), in file order.
    pub decisions: Vec<usize>,
}

/// What on the way from the start to any of `targets` (file nodes) the figures leave open:
/// chance branches without a figure, and decisions with two or more branches the walk may
/// take, at nodes the walk may reach (as [`analyse`] models them) and from which it may go
/// on to a target. `None` without a single start. O(V + E).
pub fn open_on_the_way(
    flow: &PathwayGraph,
    resolve: &dyn Fn(usize) -> Option<bool>,
    targets: &[usize],
) -> Option<OpenOnTheWay> {
    let first = flow.start?;
    let model = Model::new(flow, first, resolve);
    let start = model.local(first)?;
    let possible = model.possibly_reached(start);
    let local: Vec<usize> = targets.iter().filter_map(|&t| model.local(t)).collect();
    let (branches, decisions) = model.open_on_the_way(&possible, &local);
    let figureless = branches.into_iter().filter(|&e| flow.pathway.edges[e].probability.is_none()).collect();
    Some(OpenOnTheWay { figureless, decisions })
}

fn clamp01(x: f64) -> f64 {
    round12(x.clamp(0.0, 1.0))
}
