//! The wording every listing format shares: a path's probability and duration, and its
//! outcome. What is listed under a step (its components) is in `components.rs`.

use crate::model::PathwayFile;
use crate::paths::PathSummary;
use crate::text::number::{months_text, number};

/// `0.4` for an exact figure, `[0.4, 0.45]` for a range, `(base 0.42)` when there is a base,
/// and `unquantified` when some chance edge had no figure.
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
    text
}

/// The total duration (`25–26 months`), and how many steps had none (` + 2 steps without a
/// duration`).
pub(super) fn duration_text(summary: &PathSummary) -> String {
    let mut text = months_text(summary.months.0, summary.months.1);
    if summary.undated > 0 {
        let s = if summary.undated == 1 { "" } else { "s" };
        text.push_str(&format!(" + {} step{s} without a duration", summary.undated));
    }
    text
}

/// `<label> (<id>, <category>)` of the path's terminal outcome.
pub(super) fn outcome_heading(pathway: &PathwayFile, summary: &PathSummary) -> String {
    let node = &pathway.nodes[summary.outcome];
    let category = summary.category.map_or("no category", |c| c.as_str());
    format!("{} ({}, {category})", node.label, node.id)
}
