//! The wording every listing format shares: a path's probability and duration, and its
//! outcome. What is listed under a step (its components) is in `components.rs`.

use crate::graph::PathwayGraph;
use crate::model::{PathwayFile, Probability};
use crate::paths::{PathSummary, Step};
use crate::text::words::{chance_with_bounds, time_with_bounds, unknown_steps_words};

/// The path's chance in words, then its exact bounds: `33–53% (exact bounds 0.3375 to 0.5225,
/// worked out from approximate figures)`; `not given by the source, at most 53% (exact bounds 0
/// to 0.5225)` when some chance edge had no figure; the base where it differs from the bounds.
pub(super) fn probability_text(summary: &PathSummary) -> String {
    let p = summary.probability;
    chance_with_bounds(p.low, p.high, p.base, p.quantified, p.approximate)
}

/// The total duration in words: `25–26 months` when every step has one; otherwise never a
/// closed range, since a step of unknown length is not zero: `at least 21 months; 2 steps have
/// no length given by the source`. `(worked out from approximate figures)` follows the months
/// when some duration was approximate.
pub(super) fn duration_text(summary: &PathSummary) -> String {
    let (min, max) = summary.months;
    let mut text = time_with_bounds(min, max, None, summary.undated, summary.months_approximate);
    if summary.undated > 0 {
        text.push_str("; ");
        text.push_str(&unknown_steps_words(summary.undated));
    }
    text
}

/// The figure of the chance edge the path takes into step `i`, if it has one: the edge leaves
/// a chance node and gives a probability.
pub(super) fn entering_figure<'a>(
    pathway: &'a PathwayFile,
    flow: &PathwayGraph,
    steps: &[Step],
    i: usize,
) -> Option<&'a Probability> {
    let from = steps.get(i.checked_sub(1)?)?.node;
    let edge = steps.get(i)?.edge?;
    if !flow.chance.get(from).copied().unwrap_or(false) {
        return None;
    }
    pathway.edges.get(edge)?.probability.as_deref()
}

/// `<label> (<id>, <category>)` of the path's terminal outcome.
pub(super) fn outcome_heading(pathway: &PathwayFile, summary: &PathSummary) -> String {
    let node = &pathway.nodes[summary.outcome];
    let category = summary.category.map_or("no category", |c| c.as_str());
    format!("{} ({}, {category})", node.label, node.id)
}
