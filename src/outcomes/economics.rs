//! Expected cost and expected quality-adjusted time (QALYs), as exact bounds over the same
//! interval model as every other outcome figure, with an optional discount rate.
//!
//! What a visit of a node is worth:
//! - **cost**: a phase's or intervention step's own `cost` (per event: once on entering; per
//!   unit of time: over its `duration`), plus the costs of the interventions a phase
//!   `includes`, each counted on entering the phase over its own duration. A component the
//!   source hedges (a `likelihood` other than `always`) or gives only `when` some condition
//!   holds may or may not be given: it counts from 0 to its cost. An option set counts as one
//!   option ("one of": the cheapest to the dearest) or several ("one or more of": the
//!   cheapest to all of them).
//! - **quality-adjusted time**: a phase's `utility` (per year) over its `duration`; an
//!   outcome's over its utility's `over`.
//!
//! A per-time figure on a step without a time (no `duration`, or an outcome's utility without
//! `over`) is unknown, not zero: the figure is then "at least" the rest, as time on treatment
//! is. The bounds are exact: costs, utilities and lengths are independent ranges, each
//! non-negative, so without discounting the least value takes every low end and the greatest
//! every high end, and the walk's choices are solved like any other reward.
//!
//! Discounting at an annual rate `r`: a figure at time `t` years from the start counts
//! `(1 + r)^−t`, and one accruing over a step is integrated over it. Then a step's length
//! both earns its value and shrinks the worth of what follows, and the solver picks, at each
//! node, the end of its range that gives the bound (see `solver/rewards.rs`). It needs when
//! each step starts: a step of unknown length before anything that is worth something is an
//! error ([`undated_before_value`]).

use crate::graph::PathwayGraph;
use crate::model::{Choose, EdgeKind, Node, NodeKind, PathwayFile};

use super::solver::{Goal, Model, Rewards, Variant};
use super::Bounds;

/// How `carepath outcomes` works the figures out, beyond the pathway.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnalysisOptions {
    /// Annual discount rate for costs and quality-adjusted time (`0.035` for 3.5%); `None`
    /// for none.
    pub discount_rate: Option<f64>,
}

/// An expected cost or quality-adjusted time, as exact bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// The bounds. When `unknown` is not empty, the unknown parts count as 0: `low` is a lower
    /// bound, and `high` bounds only the known part.
    pub bounds: Bounds,
    /// Steps the walk may reach whose part is unknown (a figure per unit of time on a step of
    /// unknown length), by node index, ascending.
    pub unknown: Vec<usize>,
}

impl Expected {
    /// Whether the figure is a closed range (or unbounded anyway).
    pub fn known(&self) -> bool {
        self.unknown.is_empty() || !self.bounds.low.is_finite()
    }
}

/// Expected cost and quality-adjusted time for one group of patients.
#[derive(Debug, Clone, PartialEq)]
pub struct Economics {
    /// The currency of the file's costs (the first cost's, in file order; CP092 makes it the
    /// only one).
    pub currency: Option<String>,
    /// Expected cost; `None` when the file has no cost.
    pub cost: Option<Expected>,
    /// Expected quality-adjusted life years; `None` when the file has no utility.
    pub qalys: Option<Expected>,
    /// The annual discount rate applied to both, if any.
    pub discount_rate: Option<f64>,
}

/// Which figure a solve adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Cost,
    Qalys,
}

/// A range of one figure: low, high, base when it has one.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Range {
    low: f64,
    high: f64,
    base: Option<f64>,
}

impl Range {
    const ZERO: Range = Range { low: 0.0, high: 0.0, base: Some(0.0) };

    fn of(low: f64, high: f64, base: Option<f64>) -> Range {
        Range { low, high, base: base.or((low == high).then_some(low)) }
    }

    fn plus(self, other: Range) -> Range {
        Range {
            low: self.low + other.low,
            high: self.high + other.high,
            base: self.base.zip(other.base).map(|(a, b)| a + b),
        }
    }

    fn times(self, k: f64) -> Range {
        Range { low: self.low * k, high: self.high * k, base: self.base.map(|b| b * k) }
    }
}

/// The discount: `λ` per month, with `δ^T = e^(−λT)` the worth of something `T` months on.
#[derive(Debug, Clone, Copy)]
struct Discount {
    lambda: f64,
}

impl Discount {
    fn new(rate: Option<f64>) -> Option<Discount> {
        rate.filter(|&r| r > 0.0).map(|r| Discount { lambda: libm::log1p(r) / 12.0 })
    }

    /// The worth now of something `t` months on.
    fn factor(d: Option<Discount>, t: f64) -> f64 {
        d.map_or(1.0, |d| libm::exp(-d.lambda * t))
    }

    /// The discounted length of `t` months: ∫₀ᵗ δ^s ds (`t` itself without a discount).
    fn length(d: Option<Discount>, t: f64) -> f64 {
        match d {
            Some(d) if t > 0.0 => -libm::expm1(-d.lambda * t) / d.lambda,
            _ => t,
        }
    }
}

/// What one visit of a node is worth for one measure: a lump on entering, a rate per month
/// over the node's own time, that time, and whether a part is unknown (and whose).
#[derive(Debug, Clone, Default)]
struct Worth {
    lump: Option<Range>,
    rate: Option<Range>,
    /// The node's own time in months (min, max): a phase's or step's duration, an outcome's
    /// utility `over`; `None` when it has none.
    time: Option<(f64, f64)>,
    /// Nodes whose time is unknown where a per-time figure needs it.
    unknown: Vec<usize>,
}

/// The months a node's own time spans, if it has one: a phase's or intervention's duration,
/// an outcome's utility `over`.
fn own_time(node: &Node) -> Option<(f64, f64)> {
    let d = match node.kind {
        NodeKind::Phase | NodeKind::Intervention => node.duration,
        NodeKind::Outcome => node.utility.as_ref().and_then(|u| u.over),
        _ => None,
    }?;
    let (min, max) = d.months();
    Some((min.max(0.0), max.max(0.0)))
}

/// A node's own cost for one visit of the time `t` (months), or `None` where it has no cost;
/// `Err(())` where its cost is per unit of time and its time is unknown.
fn own_cost(node: &Node, t: Option<f64>, d: Option<Discount>) -> Option<Result<Range, ()>> {
    let cost = node.cost.as_ref()?;
    let range = Range::of(cost.low, cost.high, cost.base);
    Some(match cost.per.per_month() {
        None => Ok(range),
        Some(per_month) => t.map(|t| range.times(per_month * Discount::length(d, t))).ok_or(()),
    })
}

impl Worth {
    /// The worth of a visit of file node `u` for `measure`.
    fn of(pathway: &PathwayFile, flow: &PathwayGraph, u: usize, measure: Measure, d: Option<Discount>) -> Worth {
        let node = &pathway.nodes[u];
        let mut worth = Worth { time: own_time(node), ..Worth::default() };
        match measure {
            Measure::Qalys => {
                let kind_fits = matches!(node.kind, NodeKind::Phase | NodeKind::Outcome);
                if let Some(utility) = node.utility.as_ref().filter(|_| kind_fits) {
                    worth.rate = Some(Range::of(utility.low, utility.high, utility.base).times(1.0 / 12.0));
                    if worth.time.is_none() {
                        worth.unknown.push(u);
                    }
                }
            }
            Measure::Cost => {
                let kind_fits = matches!(node.kind, NodeKind::Phase | NodeKind::Intervention);
                if let Some(cost) = node.cost.as_ref().filter(|_| kind_fits) {
                    let range = Range::of(cost.low, cost.high, cost.base);
                    match cost.per.per_month() {
                        None => worth.lump = Some(range),
                        Some(per_month) => {
                            worth.rate = Some(range.times(per_month));
                            if worth.time.is_none() {
                                worth.unknown.push(u);
                            }
                        }
                    }
                }
                if node.kind == NodeKind::Phase {
                    let parts = components_cost(pathway, flow, u, d, &mut worth.unknown);
                    if let Some(parts) = parts {
                        worth.lump = Some(worth.lump.unwrap_or(Range::ZERO).plus(parts));
                    }
                }
            }
        }
        worth.unknown.sort_unstable();
        worth.unknown.dedup();
        worth
    }

    fn valued(&self) -> bool {
        self.lump.is_some_and(|r| r.high > 0.0) || self.rate.is_some_and(|r| r.high > 0.0)
    }

    /// The node's variants for one bound: each end of its time, with the reward earned and
    /// the discount over it. `pick` takes low, high or base of a range (`None`: no base). A
    /// time that is a range keeps both ends at the base figures too: the base is one number
    /// only where the least and the greatest over them agree (where the length matters for
    /// nothing).
    fn variants(&self, d: Option<Discount>, pick: &dyn Fn(Range) -> Option<f64>) -> Option<Vec<Variant>> {
        let lump = self.lump.map_or(Some(0.0), pick)?;
        let rate = self.rate.map_or(Some(0.0), pick)?;
        let ends = match self.time {
            Some((min, max)) if min != max => vec![min, max],
            Some((min, _)) => vec![min],
            None => vec![0.0],
        };
        Some(
            ends.into_iter()
                .map(|t| Variant { reward: lump + rate * Discount::length(d, t), scale: Discount::factor(d, t) })
                .collect(),
        )
    }
}

/// What the interventions a phase includes cost on one entry of the phase, each over its own
/// duration; `None` when none has a cost. Pushes to `unknown` those costed per unit of time
/// with no duration.
fn components_cost(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    phase: usize,
    d: Option<Discount>,
    unknown: &mut Vec<usize>,
) -> Option<Range> {
    let node = &pathway.nodes[phase];
    let mut total: Option<Range> = None;
    // Per option set (in the phase's order): the options' ranges, each already 0-to-cost
    // when the option itself is uncertain.
    let mut sets: Vec<Vec<Range>> = vec![Vec::new(); node.option_sets.len()];
    for &(e, to) in &flow.includes[phase] {
        let edge = &pathway.edges[e];
        debug_assert_eq!(edge.kind, EdgeKind::Includes);
        let part = &pathway.nodes[to];
        let t = part.duration.map(|d| d.months().1.max(0.0));
        let t_min = part.duration.map(|d| d.months().0.max(0.0));
        let (Some(low), Some(high)) = (own_cost(part, t_min, d), own_cost(part, t, d)) else { continue };
        let (Ok(low), Ok(high)) = (low, high) else {
            unknown.push(to);
            continue;
        };
        let mut range = Range { low: low.low, high: high.high, base: low.base.filter(|_| t_min == t) };
        if !edge.always_given() {
            range = Range { low: 0.0, high: range.high, base: None };
        }
        match edge.option_set.as_deref().and_then(|id| node.option_sets.iter().position(|s| s.id == id)) {
            Some(i) => sets[i].push(range),
            None => total = Some(total.unwrap_or(Range::ZERO).plus(range)),
        }
    }
    for (set, options) in node.option_sets.iter().zip(sets) {
        if options.is_empty() {
            continue;
        }
        let low = options.iter().map(|r| r.low).fold(f64::INFINITY, f64::min);
        let high = match set.choose {
            Choose::One => options.iter().map(|r| r.high).fold(0.0, f64::max),
            Choose::OneOrMore => options.iter().map(|r| r.high).sum(),
        };
        total = Some(total.unwrap_or(Range::ZERO).plus(Range { low, high, base: None }));
    }
    total
}

/// The steps of unknown length (phases and intervention steps without a duration) that come
/// before something worth a cost or quality-adjusted time on some way through the pathway,
/// in file order: with a discount rate, their length decides how much what follows is worth,
/// so the figure cannot be worked out. O(V + E).
pub fn undated_before_value(pathway: &PathwayFile) -> Vec<usize> {
    let flow = PathwayGraph::new(pathway);
    let n = pathway.nodes.len();
    let valued: Vec<bool> = (0..n)
        .map(|u| {
            let cost = Worth::of(pathway, &flow, u, Measure::Cost, None);
            let qalys = Worth::of(pathway, &flow, u, Measure::Qalys, None);
            cost.valued() || qalys.valued()
        })
        .collect();
    // Nodes from which a valued node is reachable through at least one step: a backward
    // search from the valued nodes' predecessors.
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (u, out) in flow.out.iter().enumerate() {
        for &(_, to) in out {
            into[to].push(u);
        }
    }
    let mut before = vec![false; n];
    let mut stack: Vec<usize> = (0..n).filter(|&u| valued[u]).flat_map(|u| into[u].iter().copied()).collect();
    while let Some(u) = stack.pop() {
        if !before[u] {
            before[u] = true;
            stack.extend(into[u].iter().copied());
        }
    }
    (0..n)
        .filter(|&u| {
            let node = &pathway.nodes[u];
            before[u] && matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) && node.duration.is_none()
        })
        .collect()
}

/// Expected cost and quality-adjusted time from `start` in `model`, or `None` when the file has
/// neither. `possible` is what the walk may reach with positive probability; `no_target` an
/// all-false edge set; `exact_durations` whether every duration of the file is one length.
pub(super) fn economics(
    flow: &PathwayGraph,
    model: &Model,
    start: usize,
    possible: &[bool],
    no_target: &[bool],
    options: &AnalysisOptions,
) -> Option<Economics> {
    let pathway = flow.pathway;
    let (has_cost, has_utility) = (pathway.has_costs(), pathway.has_utilities());
    if !has_cost && !has_utility {
        return None;
    }
    let d = Discount::new(options.discount_rate);
    let expected = |measure: Measure| expected(flow, model, start, possible, no_target, measure, d);
    Some(Economics {
        currency: pathway.currency().map(str::to_string),
        cost: has_cost.then(|| expected(Measure::Cost)),
        qalys: has_utility.then(|| expected(Measure::Qalys)),
        discount_rate: options.discount_rate.filter(|&r| r > 0.0),
    })
}

fn expected(
    flow: &PathwayGraph,
    model: &Model,
    start: usize,
    possible: &[bool],
    no_target: &[bool],
    measure: Measure,
    d: Option<Discount>,
) -> Expected {
    let pathway = flow.pathway;
    let worth: Vec<Worth> = model.nodes.iter().map(|&u| Worth::of(pathway, flow, u, measure, d)).collect();
    let mut unknown: Vec<usize> =
        worth.iter().enumerate().filter(|&(u, _)| possible[u]).flat_map(|(_, w)| w.unknown.iter().copied()).collect();
    unknown.sort_unstable();
    unknown.dedup();
    let variants = |pick: &dyn Fn(Range) -> Option<f64>| -> Option<Vec<Vec<Variant>>> {
        worth.iter().map(|w| w.variants(d, pick)).collect()
    };
    let solve = |v: &[Vec<Variant>], goal: Goal, base: bool| -> f64 {
        if d.is_some() {
            model.solve_rewards(&Rewards::Discounted(v), no_target, goal, base)[start]
        } else {
            // Without a discount the time's ends are monotone: one reward per node.
            let pick = |x: &Vec<Variant>| match goal {
                Goal::Min => x.iter().map(|x| x.reward).fold(f64::INFINITY, f64::min),
                Goal::Max => x.iter().map(|x| x.reward).fold(f64::NEG_INFINITY, f64::max),
            };
            let reward: Vec<f64> = v.iter().map(pick).collect();
            model.solve(&reward, no_target, goal, base)[start]
        }
    };
    let low_v = variants(&|r| Some(r.low)).unwrap_or_default();
    let high_v = variants(&|r| Some(r.high)).unwrap_or_default();
    let low = solve(&low_v, Goal::Min, false);
    let high = solve(&high_v, Goal::Max, false);
    // A base value: every figure has one, and the least and greatest at them agree.
    let base = unknown.is_empty().then(|| variants(&|r| r.base)).flatten().and_then(|v| {
        let (a, b) = (solve(&v, Goal::Min, true), solve(&v, Goal::Max, true));
        ((a - b).abs() <= 1e-9 * a.abs().max(1.0) && a.is_finite()).then_some((a + b) / 2.0)
    });
    let valued: Vec<bool> = worth.iter().map(Worth::valued).collect();
    let approximate_time = model.nodes.iter().enumerate().any(|(u, &file_node)| {
        let node = &pathway.nodes[file_node];
        possible[u] && valued[u] && node.duration.is_some_and(|d| d.approximate)
    });
    let approximate = approximate_time || (low != high && model.depends_on_approximate(possible, no_target, &valued));
    let round = |x: f64| if x.is_finite() { crate::text::number::round12(x) } else { x };
    Expected { bounds: Bounds { low: round(low), high: round(high), base: base.map(round), approximate }, unknown }
}

#[cfg(test)]
mod tests;
