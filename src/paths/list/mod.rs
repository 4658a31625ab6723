//! Path listings: the driver ([`list`]) walks the paths and hands each one to the writer of
//! the chosen [`PathFormat`], one file per format behind one trait (`PathWriter`): text for a
//! terminal (`text.rs`), JSON in a stable shape (`json.rs`, see `docs/paths-and-outcomes.md`),
//! CSV per RFC 4180 (`csv.rs`) and the Markdown path guide for `out/<id>.paths.md`
//! (`guide.rs`: each phase's components once, then the paths as a prefix tree per final
//! outcome).
//!
//! Text, JSON and CSV stream: each path is written as the walk reaches it, so memory does not
//! grow with the number of paths (the guide holds its tree, which shares every common
//! beginning, and writes it at the end). Consecutive paths usually share all but their last steps, so the
//! writers keep per-step work (`cursor.rs`: running totals, rendered bytes, path numbers) and
//! redo only the steps a path does not share with the one before (docs/benchmarks.md).
//! The wording shared by the formats is in `wording.rs` (probabilities, durations) and
//! `components.rs` (what a step includes, with likelihoods and option sets).
//!
//! Adding a format: a file here with a writer that implements `PathWriter`, a [`PathFormat`]
//! variant, and its arm in `list_to`.

pub(crate) mod components;
mod csv;
mod cursor;
mod guide;
mod json;
mod text;
mod wording;

use std::io::{self, Write};
use std::ops::ControlFlow;

pub use guide::caveats_markdown;

use super::{walk_sharing, PathFilter, Selection, Step};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;

/// Output format of a path listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathFormat {
    /// Aligned text for a terminal.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// One CSV row per path.
    Csv,
    /// The Markdown path guide: how to read it, each phase's components once, then the paths
    /// grouped by final outcome as a tree in which paths that share their beginning share its
    /// lines.
    Markdown,
}

/// How many paths to list, and how the total is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListOptions {
    /// Output format.
    pub format: PathFormat,
    /// List at most this many paths (`None`: no limit).
    pub limit: Option<u128>,
    /// The number of paths, when already counted (e.g. by [`super::count_from_graph`]); when
    /// `None` and the limit is reached, the walk goes on counting without listing, for at most
    /// `count_budget` more paths.
    pub total: Option<u128>,
    /// How many paths past the limit to walk just to count them (usually
    /// [`super::COUNT_BUDGET`]).
    pub count_budget: u128,
}

/// What a listing wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    /// Paths written.
    pub listed: u128,
    /// Paths in all, or (when `total_exact` is false) the paths seen before counting stopped:
    /// there are more.
    pub total: u128,
    /// Whether `total` is the exact number of paths.
    pub total_exact: bool,
}

impl Listing {
    /// Whether the limit cut the listing short.
    pub fn truncated(&self) -> bool {
        self.listed < self.total
    }

    /// The note shown when the limit cut the listing short (`None` otherwise).
    pub fn truncation_note(&self) -> Option<String> {
        self.truncated().then(|| {
            if self.total_exact {
                format!(
                    "listed {} of {} paths; use --limit N to list more, --limit 0 to list all, or --count for the number only",
                    self.listed, self.total
                )
            } else {
                format!(
                    "listed {} of more than {} paths (counting stopped there); use --limit N to list more, \
                     or narrow with --patient, --through or --ends-in",
                    self.listed, self.total
                )
            }
        })
    }
}

/// One format of path listing, written as the walk goes: `begin`, then each path in walk
/// order, then `end`.
trait PathWriter {
    /// What comes before the first path (a header, an opening bracket), with the filter before
    /// the walk enters any edge (what holds for every patient being listed).
    fn begin<W: Write, F: PathFilter + ?Sized>(&mut self, out: &mut W, filter: &F) -> io::Result<()> {
        let _ = (out, filter);
        Ok(())
    }

    /// Writes path `number` (from 1, in walk order): its steps, how many of them it shares with
    /// the path written before it (see [`walk_sharing`]), and the filter positioned on it.
    fn write_path<W: Write, F: PathFilter + ?Sized>(
        &mut self,
        out: &mut W,
        number: u128,
        steps: &[Step],
        shared: usize,
        filter: &F,
    ) -> io::Result<()>;

    /// What comes after the last path, given what the listing found (the total, a note when the
    /// limit cut it short).
    fn end<W: Write>(&mut self, out: &mut W, listing: &Listing) -> io::Result<()> {
        let _ = (out, listing);
        Ok(())
    }
}

/// Lists the paths `selection` and `filter` allow, in `options.format`.
///
/// Complexity: that of [`walk`](super::walk()), plus, per path written, O(steps not shared
/// with the previous path + their includes) for text, JSON and CSV (O(path length × branches
/// at each step) for the Markdown guide), and the filter's `describe` and `describe_words`
/// when the path's conditional edges differ from the previous path's.
pub fn list<F: PathFilter + ?Sized>(
    out: &mut dyn Write,
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    options: &ListOptions,
) -> io::Result<Listing> {
    // Paths are written in many small pieces: a large buffer of our own keeps each piece a
    // copy (the writers are generic over it), and few, large writes reach `out`.
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let listing = list_to(&mut out, pathway, flow, selection, filter, options)?;
    out.flush()?;
    Ok(listing)
}

/// [`list`] into a buffered `out`, with the writer of `options.format`.
fn list_to<W: Write, F: PathFilter + ?Sized>(
    out: &mut W,
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    options: &ListOptions,
) -> io::Result<Listing> {
    let paths = Paths { pathway, flow, selection, options };
    match options.format {
        PathFormat::Text => paths.write(out, filter, &mut text::TextWriter::new(pathway, flow)),
        PathFormat::Json => paths.write(out, filter, &mut json::JsonWriter::new(pathway, flow)?),
        PathFormat::Csv => paths.write(out, filter, &mut csv::CsvWriter::new(pathway, flow)),
        PathFormat::Markdown => paths.write(out, filter, &mut guide::GuideWriter::new(pathway, flow)),
    }
}

/// The paths a listing walks: of this pathway and flow, in this selection, with these options.
struct Paths<'a> {
    pathway: &'a PathwayFile,
    flow: &'a PathwayGraph<'a>,
    selection: &'a Selection,
    options: &'a ListOptions,
}

impl Paths<'_> {
    /// Writes the listing with `writer`: its beginning, every path, its end.
    fn write<W: Write, F: PathFilter + ?Sized, P: PathWriter>(
        &self,
        out: &mut W,
        filter: &mut F,
        writer: &mut P,
    ) -> io::Result<Listing> {
        writer.begin(out, &*filter)?;
        let listing = self.stream(filter, self.options, &mut |number, steps, shared, filter| {
            writer.write_path(out, number, steps, shared, filter)
        })?;
        writer.end(out, &listing)?;
        Ok(listing)
    }

    /// Walks paths, numbering them from 1, writing up to the limit and counting the rest.
    /// `write` sees every path from the first up to the limit, in walk order, so what a path
    /// shares with the previous path is what it shares with the previous call.
    fn stream<F: PathFilter + ?Sized>(
        &self,
        filter: &mut F,
        options: &ListOptions,
        write: &mut WritePath<'_, F>,
    ) -> io::Result<Listing> {
        let mut seen: u128 = 0;
        let mut listed: u128 = 0;
        let mut error = None;
        let mut stopped_counting = false;
        walk_sharing(self.pathway, self.flow, self.selection, filter, &mut |steps, shared, filter| {
            seen = seen.saturating_add(1);
            if let Some(limit) = options.limit.filter(|&limit| seen > limit) {
                // Past the limit: only counting is left, if nobody counted already, within a budget.
                if options.total.is_some() {
                    return ControlFlow::Break(());
                }
                if seen > limit.saturating_add(options.count_budget) {
                    stopped_counting = true;
                    return ControlFlow::Break(());
                }
                return ControlFlow::Continue(());
            }
            match write(seen, steps, shared, filter) {
                Ok(()) => {
                    listed = seen;
                    ControlFlow::Continue(())
                }
                Err(e) => {
                    error = Some(e);
                    ControlFlow::Break(())
                }
            }
        });
        if let Some(e) = error {
            return Err(e);
        }
        let total = match options.total {
            Some(total) if options.limit.is_some_and(|limit| seen > limit) => total,
            _ if stopped_counting => seen - 1,
            _ => seen,
        };
        Ok(Listing { listed, total, total_exact: !stopped_counting })
    }
}

/// Writes one path: its number, its steps, how many of them it shares with the path written
/// before it (see [`walk_sharing`]), and the filter positioned on it.
type WritePath<'a, F> = dyn FnMut(u128, &[Step], usize, &F) -> io::Result<()> + 'a;

#[cfg(test)]
mod tests;
