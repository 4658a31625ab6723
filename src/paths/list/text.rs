//! The text listing, for a terminal: each path's outcome, figures (in words, then their exact
//! bounds) and conditions (in words), then its steps in aligned columns with the components
//! under them; the number of paths at the end.

use std::io::{self, Write};

use super::components::{component_text, components};
use super::cursor::{Cursor, StepBlocks};
use super::wording::{duration_text, outcome_heading, probability_text};
use super::{Listing, PathFilter, PathWriter};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::paths::Step;
use crate::text::escape::terminal_safe;
use crate::text::number::{decimal, decimal_digits};
use crate::text::plain::SHORT_NOTICE;

/// The text format's writer: what never changes between paths (each node's id and label made
/// terminal-safe, their widths) is worked out once per node, each step's lines are kept while
/// following paths share them, and the summary lines are rebuilt only when the figures change.
/// The bytes are those of the plain `writeln!` formatting this replaces: `{:>w$}` and `{:<w$}`
/// pad by characters, as here.
///
/// Complexity: O(V) once, then O(steps not shared with the previous path + includes) per path.
pub(super) struct TextWriter<'a> {
    cursor: Cursor<'a>,
    /// Per node: the id made terminal-safe, and its width in characters.
    ids: Vec<(String, usize)>,
    /// Per node: the label made terminal-safe.
    labels: Vec<String>,
    /// Per node: the id's width in characters before escaping (what the id column is sized by).
    id_chars: Vec<usize>,
    /// `id_max[d]`: the widest id among the current path's first `d + 1` steps.
    id_max: Vec<usize>,
    /// The step lines, and the (number width, id width) they were laid out with.
    blocks: StepBlocks,
    layout: (usize, usize),
    /// The summary lines (after `path N: ends in `), and the figures they show.
    summary: Vec<u8>,
}

impl<'a> TextWriter<'a> {
    pub(super) fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        let ids = pathway
            .nodes
            .iter()
            .map(|n| {
                let safe = terminal_safe(&n.id);
                let width = safe.chars().count();
                (safe, width)
            })
            .collect();
        TextWriter {
            cursor: Cursor::new(pathway, flow),
            ids,
            labels: pathway.nodes.iter().map(|n| terminal_safe(&n.label)).collect(),
            id_chars: pathway.nodes.iter().map(|n| n.id.chars().count()).collect(),
            id_max: Vec::new(),
            blocks: StepBlocks::default(),
            layout: (0, 0),
            summary: Vec::new(),
        }
    }
}

impl PathWriter for TextWriter<'_> {
    #[inline]
    fn write_path<W: Write, F: PathFilter + ?Sized>(
        &mut self,
        out: &mut W,
        number: u128,
        steps: &[Step],
        shared: usize,
        filter: &F,
    ) -> io::Result<()> {
        let advance = self.cursor.advance(steps, shared, filter);
        let (pathway, flow) = (self.cursor.pathway, self.cursor.flow);
        self.id_max.truncate(advance.shared);
        for step in &steps[self.id_max.len()..] {
            let widest = self.id_max.last().copied().unwrap_or(0).max(self.id_chars[step.node]);
            self.id_max.push(widest);
        }
        if advance.summary_changed {
            let summary = self.cursor.summary(steps);
            let b = &mut self.summary;
            b.clear();
            b.extend_from_slice(terminal_safe(&outcome_heading(pathway, &summary)).as_bytes());
            b.extend_from_slice(b"\n  probability  ");
            b.extend_from_slice(probability_text(&summary).as_bytes());
            b.extend_from_slice(b"\n  duration     ");
            b.extend_from_slice(duration_text(&summary).as_bytes());
            b.push(b'\n');
            if !summary.conditions_words.is_empty() {
                b.extend_from_slice(b"  conditions   ");
                b.extend_from_slice(terminal_safe(&summary.conditions_words).as_bytes());
                b.push(b'\n');
            }
            if !summary.feasible {
                b.extend_from_slice(b"  INFEASIBLE   no patient meets all these conditions\n");
            }
        }
        let layout = (decimal_digits(steps.len()), self.id_max.last().copied().unwrap_or(0));
        if layout != self.layout {
            self.layout = layout;
            self.blocks.keep(0);
        }
        self.blocks.keep(advance.keep);
        let (number_width, id_width) = layout;
        let kept = self.blocks.len();
        for (i, &step) in steps.iter().enumerate().skip(kept) {
            let node = &pathway.nodes[step.node];
            let (id, id_len) = &self.ids[step.node];
            let b = &mut self.blocks.bytes;
            let mut digits = [0u8; 40];
            let position = decimal((i + 1) as u128, &mut digits);
            b.extend_from_slice(b"  ");
            pad(b, number_width.saturating_sub(position.len()));
            b.extend_from_slice(position);
            b.extend_from_slice(b"  ");
            b.extend_from_slice(id.as_bytes());
            pad(b, id_width.saturating_sub(*id_len));
            b.extend_from_slice(b"  ");
            let kind = node.kind.as_str();
            b.extend_from_slice(kind.as_bytes());
            pad(b, 12usize.saturating_sub(kind.len()));
            b.extend_from_slice(b"  ");
            b.extend_from_slice(self.labels[step.node].as_bytes());
            b.push(b'\n');
            if !flow.includes[step.node].is_empty() {
                for component in components(pathway, flow, step.node, filter) {
                    b.extend_from_slice(b"  ");
                    pad(b, number_width);
                    b.extend_from_slice(b"  ");
                    pad(b, id_width);
                    b.extend_from_slice(b"  ");
                    pad(b, 12);
                    b.extend_from_slice(b"    ");
                    let line = component_text(&component, &|s| s.to_string());
                    b.extend_from_slice(terminal_safe(&line).as_bytes());
                    b.push(b'\n');
                }
            }
            self.blocks.close();
        }
        out.write_all(if number > 1 { b"\npath " } else { b"path " })?;
        out.write_all(self.cursor.number.show(number))?;
        out.write_all(b": ends in ")?;
        out.write_all(&self.summary)?;
        out.write_all(&self.blocks.bytes)
    }

    /// The note when the limit cut the listing short, else the number of paths; then the
    /// not-medical-advice line.
    fn end<W: Write>(&mut self, out: &mut W, listing: &Listing) -> io::Result<()> {
        if let Some(note) = listing.truncation_note() {
            writeln!(out, "\n{note}")?;
        } else {
            let s = if listing.total == 1 { "" } else { "s" };
            writeln!(out, "{}{} path{s}", if listing.total > 0 { "\n" } else { "" }, listing.total)?;
        }
        writeln!(out, "{SHORT_NOTICE}")
    }
}

/// Appends `n` spaces.
#[inline]
fn pad(buffer: &mut Vec<u8>, n: usize) {
    buffer.resize(buffer.len() + n, b' ');
}
