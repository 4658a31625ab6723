//! The Markdown listing (`out/<id>.paths.md`): a title, the source's caveats about the
//! figures, a summary table with one row per path, the author's notes, then one section per
//! path with its steps (and their lengths) and components. The paths are walked twice, once
//! for the table and once for the sections, so nothing is held in memory.

use std::io::{self, Write};

use super::components::{component_text, components};
use super::wording::{duration_text, entering_figure, probability_text};
use super::{Listing, PathFilter, PathWriter};
use crate::graph::PathwayGraph;
use crate::model::{EdgeKind, NodeKind, PathwayFile};
use crate::paths::{PathSummary, Step};
use crate::text::escape::{markdown_cell_code, markdown_code, markdown_text};
use crate::text::number::{duration_range_text, number, percent_range};

/// The Markdown format's writer: each path is summarised on its own ([`PathSummary::of`]), so
/// nothing is kept between paths.
///
/// Complexity: O(path length + includes) per path, on each of the two walks.
pub(super) struct MarkdownWriter<'a> {
    pathway: &'a PathwayFile,
    flow: &'a PathwayGraph<'a>,
    /// False while writing the summary table (first walk), true for the sections (second).
    sections: bool,
    /// Whether the notes, written before the first section, are still to be written.
    notes_pending: bool,
}

impl<'a> MarkdownWriter<'a> {
    pub(super) fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        MarkdownWriter { pathway, flow, sections: false, notes_pending: false }
    }

    /// The summary table's row of a path.
    fn row<W: Write>(&self, out: &mut W, number: u128, summary: &PathSummary) -> io::Result<()> {
        let node = &self.pathway.nodes[summary.outcome];
        writeln!(
            out,
            "| [{number}](#path-{number}) | {} | {} | {} | {} | {} |",
            markdown_text(&node.label),
            summary.category.map_or(String::new(), |c| c.as_str().to_string()),
            probability_text(summary),
            markdown_text(&duration_text(summary)),
            match (summary.conditions.is_empty(), summary.feasible) {
                (true, _) => String::new(),
                (false, true) => markdown_cell_code(&summary.conditions),
                (false, false) => format!("{} (infeasible)", markdown_cell_code(&summary.conditions)),
            },
        )
    }

    /// The section of a path: what it ends in, its figures and conditions, its steps.
    fn section<W: Write, F: PathFilter + ?Sized>(
        &self,
        out: &mut W,
        number: u128,
        steps: &[Step],
        summary: &PathSummary,
        filter: &F,
    ) -> io::Result<()> {
        let (pathway, flow) = (self.pathway, self.flow);
        let node = &pathway.nodes[summary.outcome];
        writeln!(out, "\n## Path {number}\n")?;
        writeln!(
            out,
            "Ends in **{}** ({}, {}). Probability {}; duration {}.",
            markdown_text(&node.label),
            markdown_code(&node.id),
            summary.category.map_or("no category", |c| c.as_str()),
            probability_text(summary),
            markdown_text(&duration_text(summary)),
        )?;
        if !summary.conditions.is_empty() {
            writeln!(out, "Requires {}.", markdown_code(&summary.conditions))?;
        }
        if !summary.feasible {
            writeln!(out, "**Infeasible:** no patient meets all these conditions.")?;
        }
        writeln!(out)?;
        for (i, step) in steps.iter().enumerate() {
            let node = &pathway.nodes[step.node];
            // Phases and interventions say how long they take, or that nobody knows.
            let length = match (node.kind, &node.duration) {
                (NodeKind::Phase | NodeKind::Intervention, Some(d)) => format!(", {}", duration_range_text(d)),
                (NodeKind::Phase | NodeKind::Intervention, None) => ", unknown length".to_string(),
                _ => String::new(),
            };
            // The figure of the chance branch taken into the step, as the file states it.
            let length = match entering_figure(pathway, flow, steps, i) {
                Some(p) => format!("{length}; chance {}", percent_range(p)),
                None => length,
            };
            writeln!(
                out,
                "{}. **{}** ({}, {}{})",
                i + 1,
                markdown_text(&node.label),
                markdown_code(&node.id),
                node.kind.as_str(),
                markdown_text(&length),
            )?;
            let indent = " ".repeat(format!("{}. ", i + 1).len());
            for component in components(pathway, flow, step.node, filter) {
                writeln!(out, "{indent}- {}", component_text(&component, &markdown_text, &markdown_code))?;
            }
        }
        Ok(())
    }
}

impl PathWriter for MarkdownWriter<'_> {
    /// The title, what the page lists, and the summary table's header.
    fn begin<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        let pathway = self.pathway;
        writeln!(out, "# Paths: {}\n", markdown_text(&pathway.title))?;
        writeln!(
            out,
            "Every path through {} (version {}), from the start to a terminal outcome, as listed by `carepath paths`. \
Probabilities multiply the figures of the chance edges on the path; durations add up the phase and intervention steps, \
and a step without a duration has an unknown length, so a path through one takes \"at least\" its known time.{}\n",
            markdown_code(&pathway.id),
            markdown_text(&pathway.version),
            approximate_sentence(pathway),
        )?;
        write_caveats(out, pathway)?;
        writeln!(out, "| path | ends in | category | probability | duration | conditions |")?;
        writeln!(out, "| ---: | --- | --- | --- | --- | --- |")
    }

    fn write_path<W: Write, F: PathFilter + ?Sized>(
        &mut self,
        out: &mut W,
        number: u128,
        steps: &[Step],
        _shared: usize,
        filter: &F,
    ) -> io::Result<()> {
        if std::mem::take(&mut self.notes_pending) {
            write_notes(out, self.pathway)?;
        }
        let summary = PathSummary::of(self.pathway, self.flow, steps, filter);
        if self.sections {
            self.section(out, number, steps, &summary, filter)
        } else {
            self.row(out, number, &summary)
        }
    }

    /// Once more after the table, for the notes and the sections.
    fn again(&mut self) -> bool {
        let again = !std::mem::replace(&mut self.sections, true);
        self.notes_pending |= again;
        again
    }

    /// The notes, if no path came to write them, and the note when the limit cut the listing
    /// short.
    fn end<W: Write>(&mut self, out: &mut W, listing: &Listing) -> io::Result<()> {
        if std::mem::take(&mut self.notes_pending) {
            write_notes(out, self.pathway)?;
        }
        if let Some(note) = listing.truncation_note() {
            writeln!(out, "\n_{}_", markdown_text(&note))?;
        }
        Ok(())
    }
}

/// What "about" means in this file, when it has approximate figures.
fn approximate_sentence(pathway: &PathwayFile) -> String {
    if !pathway.edges.iter().any(|e| e.probability.is_some_and(|p| p.is_approximate())) {
        return String::new();
    }
    let points = number(pathway.about_tolerance() * 100.0);
    format!(
        " \"About X%\" means X ± {points} percentage points (\"about X% to Y%\": X − {points} to Y + {points}); \
         figures computed from such figures are exact bounds over those ranges, marked \"(from approximate figures)\"."
    )
}

/// The source's caveats about the figures, as a list (nothing when there are none): each
/// caveat's text and the outcomes it applies to. Shared with `carepath build`'s index.
pub fn caveats_markdown(pathway: &PathwayFile) -> String {
    if pathway.caveats.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "Caveats of the source about these figures:

",
    );
    for caveat in &pathway.caveats {
        let applies = if caveat.applies_to.is_empty() {
            "every figure".to_string()
        } else {
            let outcomes: Vec<String> = caveat
                .applies_to
                .iter()
                .map(|id| match pathway.nodes.iter().find(|n| &n.id == id) {
                    Some(node) => format!("**{}** ({})", markdown_text(&node.label), markdown_code(id)),
                    None => markdown_code(id),
                })
                .collect();
            outcomes.join(", ")
        };
        text.push_str(&format!("- {} (applies to {applies})\n", markdown_text(&caveat.text)));
    }
    text.push('\n');
    text
}

fn write_caveats<W: Write>(out: &mut W, pathway: &PathwayFile) -> io::Result<()> {
    out.write_all(caveats_markdown(pathway).as_bytes())
}

/// The author's notes (interpretations where the source leaves a gap) on factors, nodes and
/// edges, once each, in file order; nothing when there are none.
fn write_notes<W: Write>(out: &mut W, pathway: &PathwayFile) -> io::Result<()> {
    let mut notes: Vec<String> = Vec::new();
    for factor in &pathway.factors {
        if let Some(note) = &factor.note {
            notes.push(format!(
                "- Factor **{}** ({}): {}",
                markdown_text(&factor.label),
                markdown_code(&factor.id),
                markdown_text(note)
            ));
        }
    }
    for node in &pathway.nodes {
        if let Some(note) = &node.note {
            notes.push(format!(
                "- **{}** ({}): {}",
                markdown_text(&node.label),
                markdown_code(&node.id),
                markdown_text(note)
            ));
        }
    }
    for edge in &pathway.edges {
        if let Some(note) = &edge.note {
            let link = match edge.kind {
                EdgeKind::Next => "→",
                EdgeKind::Includes => "includes",
            };
            notes.push(format!(
                "- {} {link} {}: {}",
                markdown_code(&edge.from),
                markdown_code(&edge.to),
                markdown_text(note)
            ));
        }
    }
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Notes\n")?;
    writeln!(out, "The author's interpretations where the source leaves a gap.\n")?;
    for note in notes {
        writeln!(out, "{note}")?;
    }
    Ok(())
}
