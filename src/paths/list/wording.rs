//! The wording every listing format shares: a path's probability and duration, its outcome,
//! an intervention's agents, and which components apply under a step on the current path.

use super::PathFilter;
use crate::graph::PathwayGraph;
use crate::model::{Combine, Frequency, Node, PathwayFile, Probability};
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

/// An intervention as alternatives: `a or b` (one_of), `any of a, b` (any_of), `a + b` (all),
/// a single agent's name, or the label when it lists no agents.
pub(super) fn intervention_text(node: &Node) -> String {
    let names: Vec<String> = node
        .agents
        .iter()
        .map(|a| match a.frequency {
            Some(Frequency::Sometimes) => format!("{} (sometimes)", a.name),
            _ => a.name.clone(),
        })
        .collect();
    let agents = match (names.len(), node.combine.unwrap_or_default()) {
        (0, _) => return node.label.clone(),
        (1, _) => names[0].clone(),
        (_, Combine::All) => names.join(" + "),
        (_, Combine::OneOf) => {
            let (last, rest) = names.split_last().map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            format!("{} or {last}", rest.join(", "))
        }
        (_, Combine::AnyOf) => format!("one or more of {}", names.join(", ")),
    };
    // The label alone when it already names every agent ("Dexamethasone or prednisone").
    let label = node.label.to_lowercase();
    if node.agents.iter().all(|a| label.contains(&a.name.to_lowercase())) {
        node.label.clone()
    } else {
        format!("{}: {agents}", node.label)
    }
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

/// An `includes` edge that applies on a path.
pub(super) struct Included<'a> {
    /// The component.
    pub(super) node: &'a Node,
    /// The edge's condition when it does not apply to every patient on the path.
    pub(super) condition: Option<String>,
    /// The edge's note (the component's own is `node.note`).
    pub(super) edge_note: Option<&'a String>,
}

/// The `includes` edges of `node` that apply on the path `filter` is positioned on, in file
/// order, each with its condition when it does not apply to every patient on the path.
pub(super) fn included<'a, F: PathFilter + ?Sized>(
    pathway: &'a PathwayFile,
    flow: &PathwayGraph,
    node: usize,
    filter: &F,
) -> Vec<Included<'a>> {
    flow.includes[node]
        .iter()
        .filter(|&&(edge, _)| filter.includes(edge))
        .map(|&(edge, to)| Included {
            node: &pathway.nodes[to],
            edge_note: pathway.edges[edge].note.as_ref(),
            condition: if filter.includes_always(edge) {
                None
            } else {
                Some(
                    filter
                        .condition_text(edge)
                        .or_else(|| pathway.edges[edge].when.clone())
                        .unwrap_or_else(|| "some patients".to_string()),
                )
            },
        })
        .collect()
}

/// A component as the text listing shows it: `if <condition>: <intervention>`, or the
/// intervention alone.
pub(super) fn included_text(item: &Included) -> String {
    match &item.condition {
        None => intervention_text(item.node),
        Some(c) => format!("if {c}: {}", intervention_text(item.node)),
    }
}

/// `<label> (<id>, <category>)` of the path's terminal outcome.
pub(super) fn outcome_heading(pathway: &PathwayFile, summary: &PathSummary) -> String {
    let node = &pathway.nodes[summary.outcome];
    let category = summary.category.map_or("no category", |c| c.as_str());
    format!("{} ({}, {category})", node.label, node.id)
}
