//! The wording every listing format shares: a path's probability and duration, and its
//! outcome. What is listed under a step (its components) is in `components.rs`.

use crate::graph::PathwayGraph;
use crate::model::{PathwayFile, Probability};
use crate::paths::{PathSummary, Step};
use crate::text::number::{months_text, number, FROM_APPROXIMATE};

/// `0.4` for an exact figure, `[0.4, 0.45]` for a range, `(base 0.42)` when there is a base,
/// `unquantified` when some chance edge had no figure, and `(from approximate figures)` when
/// some had an approximate one.
pub(super) fn probability_text(summary: &PathSummary) -> String {
    let p = summary.probability;
    let mut text = if number(p.low) == number(p.high) {
        number(p.low)
    } else {
        format!("[{}, {}]", number(p.low), number(p.high))
    };
    if let Some(base) = p.base {
        if number(base) != number(p.low) || number(base) != number(p.high) {
            text.push_str(&format!(" (base {})", number(base)));
        }
    }
    if !p.quantified {
        text.push_str(" unquantified");
    }
    if p.approximate {
        text.push(' ');
        text.push_str(FROM_APPROXIMATE);
    }
    text
}

/// The total duration: `25–26 months` when every step has one; otherwise never a closed
/// range, since a step of unknown length is not zero: `at least 21 months, plus 2 steps of
/// unknown length`. `(from approximate figures)` follows the months when some duration was
/// approximate.
pub(super) fn duration_text(summary: &PathSummary) -> String {
    let (min, max) = summary.months;
    let mut text =
        if summary.undated == 0 { months_text(min, max) } else { format!("at least {}", months_text(min, min)) };
    if summary.months_approximate {
        text.push(' ');
        text.push_str(FROM_APPROXIMATE);
    }
    if summary.undated > 0 {
        let s = if summary.undated == 1 { "" } else { "s" };
        text.push_str(&format!(", plus {} step{s} of unknown length", summary.undated));
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
    pathway.edges.get(edge)?.probability.as_ref()
}

/// `<label> (<id>, <category>)` of the path's terminal outcome.
pub(super) fn outcome_heading(pathway: &PathwayFile, summary: &PathSummary) -> String {
    let node = &pathway.nodes[summary.outcome];
    let category = summary.category.map_or("no category", |c| c.as_str());
    format!("{} ({}, {category})", node.label, node.id)
}
