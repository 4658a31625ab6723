//! What a visit of each node of one class's chain is worth in a sample, for the expected cost
//! and quality-adjusted time: sums of products of the sample's figures, read as `outcomes`
//! reads them (`outcomes/economics.rs`): a step's own cost (per event, or per unit of time over
//! its duration), the costs of the interventions a phase includes, a phase's utility over its
//! duration, an outcome's over its `over`. Without discounting: a sample's figure is one
//! number, and the expectation is Σ visits × worth.
//!
//! Where a part is not one number in a sample (a hedged or conditional component, an option
//! set, a step of unknown length, a range with no base, an `over` that is a range), the
//! figure is not reported, and the reasons say which.

use super::chain::Chain;
use super::{PsaFigure, Role, SHOWN};
use crate::economics::parameters::ParameterKind;
use crate::graph::PathwayGraph;
use crate::model::NodeKind;
use crate::text::words::first_few;

/// One term of the expectation: the visits of local node `l` × `factor` × the product of the
/// sample's values of `figures`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Term {
    l: usize,
    figures: Vec<usize>,
    factor: f64,
}

/// Why a measure is not one number per sample, in words: `not reported, since ...`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub(super) struct NotReported(pub(super) String);

/// Which figure is added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Measure {
    /// The expected cost.
    Cost,
    /// The expected quality-adjusted life years.
    Qalys,
}

/// The figure of each kind on each file node.
struct Lookup {
    cost: Vec<Option<usize>>,
    utility: Vec<Option<usize>>,
    duration: Vec<Option<usize>>,
}

impl Lookup {
    fn new(nodes: usize, figures: &[PsaFigure]) -> Lookup {
        let mut lookup = Lookup { cost: vec![None; nodes], utility: vec![None; nodes], duration: vec![None; nodes] };
        for (f, figure) in figures.iter().enumerate() {
            match figure.parameter.kind {
                ParameterKind::Cost { node } => lookup.cost[node] = Some(f),
                ParameterKind::Utility { node } => lookup.utility[node] = Some(f),
                ParameterKind::Duration { node } => lookup.duration[node] = Some(f),
                ParameterKind::Probability { .. } => {}
            }
        }
        lookup
    }
}

/// The terms of `measure` over `chain`, or why it is not one number per sample (each reason in
/// words, with what to do).
pub(super) fn terms(
    flow: &PathwayGraph,
    chain: &Chain,
    figures: &[PsaFigure],
    measure: Measure,
) -> Result<Vec<Term>, NotReported> {
    let pathway = flow.pathway;
    let of = Lookup::new(pathway.nodes.len(), figures);
    let (mut terms, mut untimed, mut hedged, mut unbased, mut ranged) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let figure = |f: usize, unbased: &mut Vec<String>| {
        if matches!(figures[f].role, Role::Base(None)) {
            unbased.push(figures[f].parameter.id.clone());
        }
        f
    };
    // A duration's months per unit, and its figure; `None` where the node has none.
    let months = |u: usize| of.duration[u].map(|f| (f, pathway.nodes[u].duration.map_or(1.0, |d| d.unit.in_months())));
    for (l, &u) in chain.nodes.iter().enumerate() {
        let node = &pathway.nodes[u];
        match measure {
            Measure::Cost => {
                let mut parts: Vec<usize> = Vec::new();
                if matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) && of.cost[u].is_some() {
                    parts.push(u);
                }
                if node.kind == NodeKind::Phase {
                    for &(e, to) in &flow.includes[u] {
                        if of.cost[to].is_none() {
                            continue;
                        }
                        let edge = &pathway.edges[e];
                        if edge.always_given() && edge.option_set.is_none() {
                            parts.push(to);
                        } else {
                            hedged.push(format!("{} includes {}", node.id, pathway.nodes[to].id));
                        }
                    }
                }
                for part in parts {
                    let Some(fc) = of.cost[part] else { continue };
                    let fc = figure(fc, &mut unbased);
                    let cost = pathway.nodes[part].cost.as_ref().map(|c| c.per.per_month());
                    match cost.flatten() {
                        None => terms.push(Term { l, figures: vec![fc], factor: 1.0 }),
                        Some(per_month) => match months(part) {
                            Some((fd, unit)) => {
                                let fd = figure(fd, &mut unbased);
                                terms.push(Term { l, figures: vec![fc, fd], factor: per_month * unit });
                            }
                            None => untimed.push(pathway.nodes[part].id.clone()),
                        },
                    }
                }
            }
            Measure::Qalys => {
                let Some(fu) = of.utility[u] else { continue };
                match node.kind {
                    NodeKind::Phase => match months(u) {
                        Some((fd, unit)) => {
                            let (fu, fd) = (figure(fu, &mut unbased), figure(fd, &mut unbased));
                            terms.push(Term { l, figures: vec![fu, fd], factor: unit / 12.0 });
                        }
                        None => untimed.push(node.id.clone()),
                    },
                    NodeKind::Outcome => match node.utility.as_ref().and_then(|x| x.over) {
                        Some(over) if over.min == over.max => {
                            let fu = figure(fu, &mut unbased);
                            terms.push(Term { l, figures: vec![fu], factor: over.months().0.max(0.0) / 12.0 });
                        }
                        Some(_) => ranged.push(node.id.clone()),
                        None => untimed.push(node.id.clone()),
                    },
                    _ => {}
                }
            }
        }
    }
    let mut reasons = Vec::new();
    if !untimed.is_empty() {
        reasons.push(format!(
            "figures per unit of time lie on the way with no time to count over ({}): give them a duration (an \
             outcome's utility an `over`)",
            first_few(&untimed, SHOWN)
        ));
    }
    if !hedged.is_empty() {
        reasons.push(format!(
            "components given only sometimes, on a condition or as options of a set lie on the way ({}): their cost \
             is a range in every sample",
            first_few(&hedged, SHOWN)
        ));
    }
    if !ranged.is_empty() {
        reasons.push(format!("outcomes whose `over` is a range lie on the way ({})", first_few(&ranged, SHOWN)));
    }
    unbased.sort();
    unbased.dedup();
    if !unbased.is_empty() {
        reasons.push(format!(
            "figures with a range and no base lie on the way ({}): declare distributions or pass --base midpoint",
            first_few(&unbased, SHOWN)
        ));
    }
    if reasons.is_empty() {
        Ok(terms)
    } else {
        Err(NotReported(format!("not reported, since {}", reasons.join("; and "))))
    }
}

/// The expectation in one sample: Σ visits × factor × Π values, with `values` the sample's
/// figures (durations in their own unit) and `visits` the chain's expected visits per local
/// node.
pub(super) fn expected(terms: &[Term], values: &[f64], visits: &[f64]) -> f64 {
    terms.iter().map(|t| visits[t.l] * t.factor * t.figures.iter().map(|&f| values[f]).product::<f64>()).sum()
}
