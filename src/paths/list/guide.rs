//! The path guide (`out/<id>.paths.md`, `carepath paths --format markdown`): a few pages a
//! person can read. The title and the not-medical-advice notice, how to read it and the
//! source's caveats; a section per phase (and per intervention step with components) listing
//! its components once, with likelihoods, option sets and conditions in words; then the paths
//! grouped by final outcome, each group a prefix tree in which paths that share their beginning
//! share its lines; then the author's notes. Each path keeps the number `carepath paths` gives
//! it, so a reader can look it up in `paths --format json|csv`.
//!
//! - `sections.rs`: the phase sections, from the shared component model (`components.rs`);
//! - `tree.rs`: the prefix tree and its nested lists;
//! - `prose.rs`: the words around them.
//!
//! Unlike the other formats the guide is written at the end: the sections are worked out before
//! the walk (with the filter on no path yet) and the tree grows as paths come.

mod prose;
mod sections;
mod tree;

use std::collections::HashMap;
use std::io::{self, Write};

pub use prose::caveats_markdown;

use super::cursor::Cursor;
use super::{Listing, PathFilter, PathWriter};
use crate::graph::PathwayGraph;
use crate::model::{Likelihood, NodeKind, PathwayFile};
use crate::paths::{ProbabilityRange, Step};
use crate::text::escape::markdown_text;
use crate::text::words::{bounded_chance_words, chance_words, figure_words, time_words, FROM_APPROXIMATE_WORDS};
use prose::Approximate;
use tree::{LeafWords, PathTree};

/// The guide's writer: the phase sections from `begin`, a tree per final outcome from each path,
/// everything written by `end`.
///
/// Complexity: O(V + includes) before the walk; O(path length × ways on at each step) per path
/// (plus the words of the steps the tree does not hold yet); O(tree + output) at the end.
pub(super) struct GuideWriter<'a> {
    cursor: Cursor<'a>,
    /// Per node: its section (Markdown), for the nodes that get one.
    sections: Vec<Option<String>>,
    /// Per node: whether a listed path goes through it.
    reached: Vec<bool>,
    /// The patients the listing is for, in words ("" for every patient).
    patients: String,
    /// One tree per final outcome, in the order of their first paths.
    groups: Vec<Group>,
    /// Per final outcome (node index): its group.
    group_of: HashMap<usize, usize>,
}

/// The paths that end in one final outcome.
struct Group {
    outcome: usize,
    tree: PathTree<Leaf>,
    paths: u128,
}

/// What the guide says of one path at the end of its branch.
#[derive(Debug, Clone, Copy)]
struct Leaf {
    number: u128,
    probability: ProbabilityRange,
    months: (f64, f64),
    undated: usize,
    months_approximate: bool,
    feasible: bool,
}

impl<'a> GuideWriter<'a> {
    pub(super) fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        GuideWriter {
            cursor: Cursor::new(pathway, flow),
            sections: vec![None; pathway.nodes.len()],
            reached: vec![false; pathway.nodes.len()],
            patients: String::new(),
            groups: Vec::new(),
            group_of: HashMap::new(),
        }
    }

    /// Step `i` of a path in words: the condition that leads into it (where the profile does
    /// not already decide it), its label, the hedge of a choice (`often`), and the chance where
    /// chance decides (`chance about 80–90%`, `chance not given`); and whether it may be left out
    /// of a stretch: a decision reached on no condition, whose ways on say what it decides.
    fn step_words<F: PathFilter + ?Sized>(&self, steps: &[Step], i: usize, filter: &F) -> (String, bool) {
        let (pathway, flow) = (self.cursor.pathway, self.cursor.flow);
        let step = steps[i];
        let mut out = String::new();
        let edge = step.edge.and_then(|e| pathway.edges.get(e).map(|data| (e, data)));
        let condition = edge.and_then(|(e, _)| filter.condition_words(e));
        if let Some(words) = &condition {
            out.push_str("if ");
            out.push_str(&markdown_text(words));
            out.push_str(": ");
        }
        out.push_str("**");
        out.push_str(&markdown_text(&pathway.nodes[step.node].label));
        out.push_str("**");
        let mut notes: Vec<String> = Vec::new();
        if let Some(likelihood) = edge.and_then(|(_, e)| e.likelihood).filter(|l| *l != Likelihood::Always) {
            notes.push(likelihood.as_str().to_string());
        }
        let from = i.checked_sub(1).map(|p| steps[p].node);
        if let (Some(from), Some((_, e))) = (from, edge) {
            if flow.chance.get(from).copied().unwrap_or(false) {
                if let Some(p) = &e.probability {
                    notes.push(format!("chance {}", markdown_text(&figure_words(Some(p)))));
                }
            }
        }
        // A decision's ways on say what it decides, and a path's final outcome heads its group.
        let node = &pathway.nodes[step.node];
        let last = i + 1 == steps.len();
        let quiet = (node.kind == NodeKind::Decision || last) && condition.is_none() && notes.is_empty();
        if !notes.is_empty() {
            out.push_str(&format!(" ({})", notes.join(", ")));
        }
        (out, quiet)
    }

    /// Which figures of the listed paths come from approximate ones.
    fn approximate(&self) -> Approximate {
        let mut a = Approximate { every_chance: true, every_time: true, some: false };
        let mut any = false;
        for group in &self.groups {
            group.tree.for_each_leaf(&mut |leaf: &Leaf| {
                any = true;
                a.every_chance &= leaf.probability.approximate;
                a.every_time &= leaf.months_approximate;
                a.some |= leaf.probability.approximate || leaf.months_approximate;
            });
        }
        if !any {
            a.every_chance = false;
            a.every_time = false;
        }
        a
    }
}

impl PathWriter for GuideWriter<'_> {
    /// Works out the sections: the filter is on no path yet, so each component carries the
    /// condition it has for every patient being listed.
    fn begin<W: Write, F: PathFilter + ?Sized>(&mut self, _out: &mut W, filter: &F) -> io::Result<()> {
        let (pathway, flow) = (self.cursor.pathway, self.cursor.flow);
        self.patients = filter.patients_words();
        for node in 0..pathway.nodes.len() {
            if sections::has_section(pathway, flow, node) {
                self.sections[node] = Some(sections::section(pathway, flow, node, filter));
            }
        }
        Ok(())
    }

    fn write_path<W: Write, F: PathFilter + ?Sized>(
        &mut self,
        _out: &mut W,
        number: u128,
        steps: &[Step],
        shared: usize,
        filter: &F,
    ) -> io::Result<()> {
        let advance = self.cursor.advance(steps, shared, filter);
        let totals = self.cursor.totals();
        let leaf = Leaf {
            number,
            probability: totals.probability,
            months: totals.months,
            undated: totals.undated,
            months_approximate: totals.months_approximate,
            feasible: self.cursor.feasible,
        };
        for step in steps {
            if let Some(r) = self.reached.get_mut(step.node) {
                *r = true;
            }
        }
        let next = self.groups.len();
        let g = *self.group_of.entry(advance.outcome).or_insert(next);
        if g == next {
            self.groups.push(Group { outcome: advance.outcome, tree: PathTree::new(), paths: 0 });
        }
        let mut tree = std::mem::replace(&mut self.groups[g].tree, PathTree::new());
        tree.insert(steps, |i| self.step_words(steps, i, filter), leaf);
        let group = &mut self.groups[g];
        group.tree = tree;
        group.paths += 1;
        Ok(())
    }

    fn end<W: Write>(&mut self, out: &mut W, listing: &Listing) -> io::Result<()> {
        let pathway = self.cursor.pathway;
        let approximate = self.approximate();
        let mut text = String::new();
        prose::head(&mut text, pathway, listing, &self.patients, approximate);
        prose::caveats(&mut text, pathway);
        self.write_sections(&mut text);
        self.write_paths(&mut text, approximate);
        prose::notes(&mut text, pathway);
        // One blank line before the note, one line ending at the end, whatever came last.
        let end = text.trim_end().len();
        text.truncate(end);
        if let Some(note) = listing.truncation_note() {
            text.push_str(&format!("\n\n_{}_", markdown_text(&note)));
        }
        text.push('\n');
        out.write_all(text.as_bytes())
    }
}

impl GuideWriter<'_> {
    /// The phase sections of the nodes a listed path goes through, in file order, then the other
    /// steps that take time (interventions without components) with their lengths.
    fn write_sections(&self, text: &mut String) {
        let pathway = self.cursor.pathway;
        let reached = |n: usize| self.reached.get(n).copied().unwrap_or(false);
        let shown: Vec<&String> =
            (0..pathway.nodes.len()).filter(|&n| reached(n)).filter_map(|n| self.sections[n].as_ref()).collect();
        let others: Vec<usize> = (0..pathway.nodes.len())
            .filter(|&n| reached(n) && self.sections[n].is_none())
            .filter(|&n| pathway.nodes[n].kind == NodeKind::Intervention)
            .collect();
        if shown.is_empty() && others.is_empty() {
            return;
        }
        text.push_str("## Phases and their treatments\n\n");
        for section in shown {
            text.push_str(section);
            text.push('\n');
        }
        if !others.is_empty() {
            text.push_str("### Other steps\n\n");
            for n in others {
                let node = &pathway.nodes[n];
                text.push_str(&format!(
                    "- **{}**: length {}\n",
                    markdown_text(&node.label),
                    sections::length_words(node)
                ));
            }
            text.push('\n');
        }
    }

    /// A heading per final outcome, with its category in words and how many paths end there,
    /// then its tree.
    fn write_paths(&self, text: &mut String, approximate: Approximate) {
        let pathway = self.cursor.pathway;
        if self.groups.is_empty() {
            text.push_str("## Paths by final outcome\n\nNo path is listed.\n\n");
            return;
        }
        text.push_str("## Paths by final outcome\n\n");
        for group in &self.groups {
            let node = &pathway.nodes[group.outcome];
            // The category in words, unless the label already says it.
            let category = node
                .outcome
                .map(crate::model::OutcomeCategory::words)
                .filter(|c| !c.eq_ignore_ascii_case(&node.label))
                .map_or(String::new(), |c| format!("{c}, "));
            let paths = if group.paths == 1 { "1 path".to_string() } else { format!("{} paths", group.paths) };
            text.push_str(&format!("### {} — {category}{paths}\n\n", markdown_text(&node.label)));
            let number = |leaf: &Leaf| leaf.number.to_string();
            let figures = |leaf: &Leaf| leaf_figures(leaf, approximate);
            group.tree.write(text, &LeafWords { number: &number, figures: &figures });
            text.push('\n');
        }
    }
}

/// What the guide says of a path at the end of its branch: `33–53%, at least 27 months`, with
/// "(worked out from approximate figures)" where not every path's figure is, and a mark on an
/// infeasible path.
fn leaf_figures(leaf: &Leaf, approximate: Approximate) -> String {
    let p = leaf.probability;
    let mut chance = guide_chance_words(p);
    if p.approximate && !approximate.every_chance {
        chance.push_str(&format!(" ({FROM_APPROXIMATE_WORDS})"));
    }
    let mut time = time_words(leaf.months.0, leaf.months.1, leaf.undated);
    if leaf.months_approximate && !approximate.every_time {
        time.push_str(&format!(" ({FROM_APPROXIMATE_WORDS})"));
    }
    let infeasible = if leaf.feasible { "" } else { "infeasible, no patient meets all its conditions; " };
    format!("{infeasible}{}, {}", markdown_text(&chance), markdown_text(&time))
}

/// A path's chance in the guide: as [`chance_words`] where every chance on the way has a figure;
/// where one has none (its step says "chance not given"), what the others still allow: `at most
/// 53%`, `between 10% and 50%`, or "not given by the source" when they allow anything.
fn guide_chance_words(p: ProbabilityRange) -> String {
    if p.quantified {
        chance_words(p.low, p.high, true)
    } else {
        bounded_chance_words(p.low, p.high)
    }
}
