//! The Markdown listing (`out/<id>.paths.md`): a title and a summary table with one row per
//! path, then one section per path with its steps and components. The paths are walked
//! twice, once for the table and once for the sections, so nothing is held in memory.

use std::io::{self, Write};

use super::components::{component_text, components};
use super::wording::{duration_text, probability_text};
use super::{Listing, PathFilter, PathWriter};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::paths::{PathSummary, Step};
use crate::text::escape::{markdown_cell_code, markdown_code, markdown_text};

/// The Markdown format's writer: each path is summarised on its own ([`PathSummary::of`]), so
/// nothing is kept between paths.
///
/// Complexity: O(path length + includes) per path, on each of the two walks.
pub(super) struct MarkdownWriter<'a> {
    pathway: &'a PathwayFile,
    flow: &'a PathwayGraph<'a>,
    /// False while writing the summary table (first walk), true for the sections (second).
    sections: bool,
}

impl<'a> MarkdownWriter<'a> {
    pub(super) fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        MarkdownWriter { pathway, flow, sections: false }
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
            writeln!(
                out,
                "{}. **{}** ({}, {})",
                i + 1,
                markdown_text(&node.label),
                markdown_code(&node.id),
                node.kind.as_str()
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
Probabilities multiply the figures of the chance edges on the path; durations add up the phase and intervention steps.\n",
            markdown_code(&pathway.id),
            markdown_text(&pathway.version)
        )?;
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
        let summary = PathSummary::of(self.pathway, self.flow, steps, filter);
        if self.sections {
            self.section(out, number, steps, &summary, filter)
        } else {
            self.row(out, number, &summary)
        }
    }

    /// Once more after the table, for the sections.
    fn again(&mut self) -> bool {
        !std::mem::replace(&mut self.sections, true)
    }

    /// The note when the limit cut the listing short.
    fn end<W: Write>(&mut self, out: &mut W, listing: &Listing) -> io::Result<()> {
        if let Some(note) = listing.truncation_note() {
            writeln!(out, "\n_{}_", markdown_text(&note))?;
        }
        Ok(())
    }
}
