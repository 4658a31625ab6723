//! The guide's sections on phases: for each phase (and each intervention step with
//! components) that a listed path goes through, its length and its components, once, from the
//! shared component model (`components.rs`) with the filter before the walk, so each
//! component carries the condition it has for the patients being listed. Likelihoods, option
//! sets and conditions are in words.

use std::fmt::Write as _;

use super::super::components::{components, intervention_parts, shared_condition, Component, Included};
use crate::graph::PathwayGraph;
use crate::model::{Likelihood, Node, NodeKind, PathwayFile};
use crate::paths::PathFilter;
use crate::text::escape::markdown_text;
use crate::text::number::duration_range_text;
use crate::text::words::NOT_GIVEN;

/// Whether node `node` gets a section of its own: a phase, or an intervention that includes
/// something.
pub(super) fn has_section(pathway: &PathwayFile, flow: &PathwayGraph, node: usize) -> bool {
    match pathway.nodes[node].kind {
        NodeKind::Phase => true,
        NodeKind::Intervention => !flow.includes[node].is_empty(),
        _ => false,
    }
}

/// The section of node `node`: a heading, its length, and its components as a list.
///
/// Complexity: O(includes of the node × its option sets).
pub(super) fn section<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    node: usize,
    filter: &F,
) -> String {
    let n = &pathway.nodes[node];
    let mut out = format!("### {}\n\n{}\n", markdown_text(&n.label), length_sentence(n));
    let items = components(pathway, flow, node, filter);
    if !items.is_empty() {
        out.push('\n');
    }
    for component in &items {
        write_component(&mut out, component);
    }
    out
}

/// `Length: about 1 month.`, or that the source gives none.
fn length_sentence(node: &Node) -> String {
    match &node.duration {
        Some(d) => format!("Length: {}.", markdown_text(&duration_range_text(d))),
        None => format!("Length: {NOT_GIVEN}."),
    }
}

/// The length of a step without a section, for the list of other steps: `about 1 month`, or
/// that the source gives none.
pub(super) fn length_words(node: &Node) -> String {
    node.duration.as_ref().map_or_else(|| NOT_GIVEN.to_string(), |d| markdown_text(&duration_range_text(d)))
}

/// One component as a list item: an intervention on one line; an option set as its heading
/// with its options nested under it (or on the same line when one is left).
fn write_component(out: &mut String, component: &Component) {
    match component {
        Component::Single(item) => {
            let _ = writeln!(out, "- {}", item_words(item, true));
        }
        Component::Set { set, options } => {
            let shared = shared_condition(options);
            let condition = shared.map_or(String::new(), |c| format!("if {}: ", markdown_text(c)));
            let label = markdown_text(&set.label);
            if let [only] = options.as_slice() {
                let _ = writeln!(out, "- {condition}**{label}**: {}", item_words(only, shared.is_none()));
                return;
            }
            let _ = writeln!(out, "- {condition}**{label}**, {}:", set.choose.words());
            for option in options {
                let _ = writeln!(out, "  - {}", item_words(option, shared.is_none()));
            }
        }
    }
}

/// An intervention in words: `[if <condition>: ]**<label>**[, <likelihood>][: <agents>]`, the
/// agents with their own likelihoods (`one or more of methotrexate (usually), cytarabine
/// (sometimes)`).
fn item_words(item: &Included, with_condition: bool) -> String {
    let mut out = match &item.condition_words {
        Some(c) if with_condition => format!("if {}: ", markdown_text(c)),
        _ => String::new(),
    };
    let (label, agents) = intervention_parts(item.node);
    let _ = write!(out, "**{}**", markdown_text(&label));
    if item.likelihood != Likelihood::Always {
        out.push_str(", ");
        out.push_str(item.likelihood.as_str());
    }
    if let Some(agents) = agents {
        out.push_str(": ");
        out.push_str(&markdown_text(&agents));
    }
    out
}
