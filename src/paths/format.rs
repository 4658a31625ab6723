//! Path listings as text (terminal), JSON (stable shape, see `docs/paths-and-outcomes.md`),
//! CSV (RFC 4180, one row per path) and Markdown (`out/<id>.paths.md`).
//!
//! Every format streams: each path is written as the walk reaches it, so memory does not grow
//! with the number of paths.

use std::io::{self, Write};
use std::ops::ControlFlow;

use serde_json::json;

use super::{walk_sharing, Facts, PathFilter, PathSummary, Selection, Step, Totals};
use crate::graph::PathwayGraph;
use crate::model::{Combine, Frequency, Node, PathwayFile};
use crate::text::escape::{
    csv_field, csv_needs_quotes, markdown_cell_code, markdown_code, markdown_text, terminal_safe,
};
use crate::text::number::{months_text, number, number_full, round12};

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
    /// A Markdown page: title, summary table, then each path.
    Markdown,
}

/// How many paths to list, and how the total is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListOptions {
    /// Output format.
    pub format: PathFormat,
    /// List at most this many paths (`None`: no limit).
    pub limit: Option<u128>,
    /// The number of paths, when already counted (e.g. by [`super::count_paths`]); when `None`
    /// and the limit is reached, the walk goes on counting without listing, for at most
    /// `count_budget` more paths.
    pub total: Option<u128>,
    /// How many paths past the limit to walk just to count them (usually [`COUNT_BUDGET`]).
    pub count_budget: u128,
}

/// After the limit, how many more paths a listing walks just to count them when nobody has
/// counted them before (a pathway with conditions); past it, `total` is a lower bound. This
/// keeps `--limit` a bound on the work, not only on the output.
pub const COUNT_BUDGET: u128 = 10_000_000;

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

/// Lists the paths `selection` and `filter` allow, in `options.format`.
///
/// Complexity: that of [`walk_sharing`] (twice for Markdown: summary table, then the paths),
/// plus, per path written, O(steps not shared with the previous path + their includes) for
/// text, JSON and CSV (O(path length + includes) for Markdown), and the filter's
/// `describe` when the path's conditional edges differ from the previous path's.
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

fn list_to<W: Write, F: PathFilter + ?Sized>(
    out: &mut W,
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    options: &ListOptions,
) -> io::Result<Listing> {
    match options.format {
        PathFormat::Text => {
            let mut text = TextWriter::new(pathway, flow);
            let listing = stream(pathway, flow, selection, filter, options, &mut |number, steps, shared, filter| {
                text.write_path(out, number, steps, shared, filter)
            })?;
            if let Some(note) = listing.truncation_note() {
                writeln!(out, "\n{note}")?;
            } else {
                let s = if listing.total == 1 { "" } else { "s" };
                writeln!(out, "{}{} path{s}", if listing.total > 0 { "\n" } else { "" }, listing.total)?;
            }
            Ok(listing)
        }
        PathFormat::Json => {
            writeln!(out, "{{")?;
            let head = json!({ "id": pathway.id, "title": pathway.title, "version": pathway.version });
            writeln!(out, "  \"pathway\": {},", head)?;
            write!(out, "  \"paths\": [")?;
            let mut json = JsonWriter::new(pathway, flow);
            let listing = stream(pathway, flow, selection, filter, options, &mut |number, steps, shared, filter| {
                json.write_path(out, number, steps, shared, filter)
            })?;
            let close = if listing.listed > 0 { "\n  ]" } else { "]" };
            writeln!(out, "{close},")?;
            writeln!(out, "  \"listed\": {},", listing.listed)?;
            writeln!(out, "  \"total\": {},", listing.total)?;
            writeln!(out, "  \"total_exact\": {},", listing.total_exact)?;
            writeln!(out, "  \"truncated\": {}", listing.truncated())?;
            writeln!(out, "}}")?;
            Ok(listing)
        }
        PathFormat::Csv => {
            out.write_all(CSV_HEADER.as_bytes())?;
            let mut csv = CsvWriter::new(pathway, flow);
            stream(pathway, flow, selection, filter, options, &mut |number, steps, shared, filter| {
                csv.write_path(out, number, steps, shared, filter)
            })
        }
        PathFormat::Markdown => write_markdown(out, pathway, flow, selection, filter, options),
    }
}

/// Writes one path: its number, its steps, how many of them it shares with the path written
/// before it (see [`walk_sharing`]), and the filter positioned on it.
type WritePath<'a, F> = dyn FnMut(u128, &[Step], usize, &F) -> io::Result<()> + 'a;

/// Walks paths, numbering them from 1, writing up to the limit and counting the rest. `write`
/// sees every path from the first up to the limit, in walk order, so what a path shares with
/// the previous path is what it shares with the previous call.
fn stream<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    options: &ListOptions,
    write: &mut WritePath<'_, F>,
) -> io::Result<Listing> {
    let mut seen: u128 = 0;
    let mut listed: u128 = 0;
    let mut error = None;
    let mut stopped_counting = false;
    walk_sharing(pathway, flow, selection, filter, &mut |steps, shared, filter| {
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

/// `0.4` for an exact figure, `[0.4, 0.45]` for a range, `(base 0.42)` when there is a base,
/// and `unquantified` when some chance edge had no figure.
pub fn probability_text(summary: &PathSummary) -> String {
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

fn duration_text(summary: &PathSummary) -> String {
    let mut text = months_text(summary.months.0, summary.months.1);
    if summary.undated > 0 {
        let s = if summary.undated == 1 { "" } else { "s" };
        text.push_str(&format!(" + {} step{s} without a duration", summary.undated));
    }
    text
}

/// An intervention as alternatives: `a or b` (one_of), `any of a, b` (any_of), `a + b` (all),
/// a single agent's name, or the label when it lists no agents.
pub fn intervention_text(node: &Node) -> String {
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

/// An `includes` edge that applies on a path.
struct Included<'a> {
    node: &'a Node,
    /// The edge's condition when it does not apply to every patient on the path.
    condition: Option<String>,
}

fn included<'a, F: PathFilter + ?Sized>(
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

fn included_text(item: &Included) -> String {
    match &item.condition {
        None => intervention_text(item.node),
        Some(c) => format!("if {c}: {}", intervention_text(item.node)),
    }
}

fn outcome_heading(pathway: &PathwayFile, summary: &PathSummary) -> String {
    let node = &pathway.nodes[summary.outcome];
    let category = summary.category.map_or("no category", |c| c.as_str());
    format!("{} ({}, {category})", node.label, node.id)
}

/// Follows a listing from path to path: keeps each step's running [`Totals`], so the prefix a
/// path shares with the one before it is not added up again, and the filter's description of
/// the path, asked for again only when the path's conditional edges changed.
///
/// Complexity: O(steps not shared with the previous path) per path, plus the filter's
/// `describe` when a conditional edge changed.
struct Cursor<'a> {
    pathway: &'a PathwayFile,
    flow: &'a PathwayGraph<'a>,
    facts: Facts,
    /// `totals[d]`: the totals of the current path's first `d + 1` steps.
    totals: Vec<Totals>,
    /// Per node: whether it has an `includes` edge with a condition, so that what is listed
    /// under it depends on the rest of the path.
    volatile: Vec<bool>,
    /// `first_volatile[d]`: the first step at or before `d` whose node is volatile (`usize::MAX`:
    /// none).
    first_volatile: Vec<usize>,
    /// The filter's `describe()` and `feasible()` on the current path.
    conditions: String,
    feasible: bool,
    /// How many conditional edges the previous path took (`None` before the first path).
    last_conditional: Option<usize>,
    /// The previous path's figures, to tell whether its summary text can be reused.
    summary_key: Option<SummaryKey>,
    /// The path numbers, in decimal.
    number: Counter,
}

/// What [`Cursor::advance`] found about the new path.
#[derive(Debug, Clone, Copy)]
struct Advance {
    /// Steps shared with the previous path.
    shared: usize,
    /// Steps whose rendering (including what is listed under them) is unchanged.
    keep: usize,
    /// Whether the path's summary (outcome, figures, conditions, feasibility) may differ from
    /// the previous path's, so that text built from it must be built again.
    summary_changed: bool,
    /// The path's terminal outcome (index into `pathway.nodes`).
    outcome: usize,
}

/// A path's figures by their exact bits: when two consecutive paths have the same key (and
/// the same conditions), their summary text is the same.
type SummaryKey = (usize, u64, u64, Option<u64>, bool, u64, u64, usize);

impl<'a> Cursor<'a> {
    fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        let volatile = flow
            .includes
            .iter()
            .map(|items| items.iter().any(|&(edge, _)| pathway.edges.get(edge).is_some_and(|e| e.when.is_some())))
            .collect();
        Cursor {
            pathway,
            flow,
            facts: Facts::new(pathway, flow),
            totals: Vec::new(),
            volatile,
            first_volatile: Vec::new(),
            conditions: String::new(),
            feasible: true,
            last_conditional: None,
            summary_key: None,
            number: Counter::new(),
        }
    }

    /// Moves to the path `steps`, which shares its first `shared` steps with the previous one.
    fn advance<F: PathFilter + ?Sized>(&mut self, steps: &[Step], shared: usize, filter: &F) -> Advance {
        let shared = shared.min(self.totals.len()).min(steps.len());
        self.totals.truncate(shared);
        self.first_volatile.truncate(shared);
        let base = self.totals.last().map_or(0, |t| t.conditional);
        // The running totals stay in a local (registers) and are stored once per step.
        let mut totals = self.totals.last().copied().unwrap_or(Totals::START);
        let mut first_volatile = self.first_volatile.last().copied().unwrap_or(usize::MAX);
        for (d, &step) in steps.iter().enumerate().skip(shared) {
            self.facts.take(&mut totals, step);
            self.totals.push(totals);
            if first_volatile == usize::MAX && self.volatile.get(step.node).copied().unwrap_or(false) {
                first_volatile = d;
            }
            self.first_volatile.push(first_volatile);
        }
        let end = self.totals.last().map_or(0, |t| t.conditional);
        // A filter's state changes only with conditional edges: when neither the previous
        // path's tail nor this one's has one, both paths took the same conditional edges.
        let changed = self.last_conditional != Some(base) || end != base;
        if changed {
            self.conditions = filter.describe();
            self.feasible = filter.feasible();
        }
        self.last_conditional = Some(end);
        let keep = match shared.checked_sub(1).and_then(|i| self.first_volatile.get(i)) {
            Some(&first) if changed => shared.min(first),
            _ => shared,
        };
        let key = self.key(steps);
        let summary_changed = changed || self.summary_key != Some(key);
        self.summary_key = Some(key);
        Advance { shared, keep, summary_changed, outcome: key.0 }
    }

    /// The current path's totals.
    fn totals(&self) -> Totals {
        self.totals.last().copied().unwrap_or(Totals::START)
    }

    /// The current path's summary (allocates: for the text of a path whose key changed).
    fn summary(&self, steps: &[Step]) -> PathSummary {
        self.totals().summary_with(self.pathway, steps, self.conditions.clone(), self.feasible)
    }

    fn key(&self, steps: &[Step]) -> SummaryKey {
        let t = self.totals();
        let p = t.probability;
        (
            steps.last().map_or(0, |s| s.node),
            p.low.to_bits(),
            p.high.to_bits(),
            p.base.map(f64::to_bits),
            p.quantified,
            t.months.0.to_bits(),
            t.months.1.to_bits(),
            t.undated,
        )
    }
}

/// The rendering of each step of the current path, end to end in one buffer, so that the
/// steps a path shares with the previous one are kept rather than written again.
#[derive(Debug, Default)]
struct StepBlocks {
    bytes: Vec<u8>,
    /// `ends[d]`: where step `d`'s rendering ends in `bytes`.
    ends: Vec<usize>,
}

impl StepBlocks {
    /// Keeps the first `n` steps' renderings.
    fn keep(&mut self, n: usize) {
        let n = n.min(self.ends.len());
        self.ends.truncate(n);
        self.bytes.truncate(self.ends.last().copied().unwrap_or(0));
    }

    /// Ends the rendering of the next step (what was appended to `bytes` since the last one).
    fn close(&mut self) {
        self.ends.push(self.bytes.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Path numbers in decimal. They come in order (1, 2, 3, …), so each is counted up from the
/// one before in place, digit by digit, rather than divided out.
struct Counter {
    digits: [u8; 40],
    /// Where the number starts in `digits`.
    start: usize,
    value: u128,
}

impl Counter {
    fn new() -> Self {
        Counter { digits: [b'0'; 40], start: 39, value: 0 }
    }

    /// `n` in decimal.
    fn show(&mut self, n: u128) -> &[u8] {
        if self.value.checked_add(1) == Some(n) {
            let mut i = self.digits.len() - 1;
            loop {
                if self.digits[i] != b'9' {
                    self.digits[i] += 1;
                    break;
                }
                self.digits[i] = b'0';
                if i == self.start {
                    // 39 digits hold any u128: `start` is at least 1 here.
                    self.start -= 1;
                    self.digits[self.start] = b'1';
                    break;
                }
                i -= 1;
            }
        } else {
            let mut buffer = [0u8; 40];
            let text = decimal(n, &mut buffer);
            self.start = self.digits.len() - text.len();
            self.digits[self.start..].copy_from_slice(text);
        }
        self.value = n;
        &self.digits[self.start..]
    }
}

/// `n` in decimal, into `buffer`.
fn decimal(n: u128, buffer: &mut [u8; 40]) -> &[u8] {
    let mut at = buffer.len();
    if let Ok(mut n) = u64::try_from(n) {
        // 64-bit division is several times faster than 128-bit.
        loop {
            at -= 1;
            buffer[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return &buffer[at..];
            }
        }
    }
    let mut n = n;
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buffer[at..]
}

/// The text format's writer: what never changes between paths (each node's id and label made
/// terminal-safe, their widths) is worked out once per node, each step's lines are kept while
/// following paths share them, and the summary lines are rebuilt only when the figures change.
/// The bytes are those of the plain `writeln!` formatting this replaces: `{:>w$}` and `{:<w$}`
/// pad by characters, as here.
///
/// Complexity: O(V) once, then O(steps not shared with the previous path + includes) per path.
struct TextWriter<'a> {
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
    fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
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
            if !summary.conditions.is_empty() {
                b.extend_from_slice(b"  conditions   ");
                b.extend_from_slice(terminal_safe(&summary.conditions).as_bytes());
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
                for item in included(pathway, flow, step.node, filter) {
                    b.extend_from_slice(b"  ");
                    pad(b, number_width);
                    b.extend_from_slice(b"  ");
                    pad(b, id_width);
                    b.extend_from_slice(b"  ");
                    pad(b, 12);
                    b.extend_from_slice(b"    ");
                    b.extend_from_slice(terminal_safe(&included_text(&item)).as_bytes());
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
}

/// Appends `n` spaces.
fn pad(buffer: &mut Vec<u8>, n: usize) {
    buffer.resize(buffer.len() + n, b' ');
}

/// The number of decimal digits of `n` (1 for 0), as `n.to_string().len()`.
fn decimal_digits(n: usize) -> usize {
    let mut digits = 1;
    let mut n = n / 10;
    while n > 0 {
        digits += 1;
        n /= 10;
    }
    digits
}

/// Appends `value` as JSON (serde_json's own formatting: its string escapes, shortest
/// round-trip floats, `null` for a non-finite float).
fn push_json<T: serde::Serialize + ?Sized>(buffer: &mut Vec<u8>, value: &T) {
    // Writing to a Vec cannot fail, and these values always serialize.
    let _ = serde_json::to_writer(&mut *buffer, value);
}

/// The JSON format's writer. Each path is one compact object with its keys in sorted order,
/// the same bytes `serde_json` prints for a `Value` built with `json!` (the shape is
/// documented in `docs/paths-and-outcomes.md`), written directly instead of through a `Value`
/// tree per path: each node's fixed parts are escaped once, each step's object is kept while
/// following paths share it, and the summary fields are rebuilt only when the figures change.
///
/// Complexity: O(V) once, then O(steps not shared with the previous path + includes) per path.
struct JsonWriter<'a> {
    cursor: Cursor<'a>,
    /// Per node: `{"id":"…"` and `,"kind":"…","label":"…"}`.
    heads: Vec<Vec<u8>>,
    tails: Vec<Vec<u8>>,
    /// The steps' objects, comma-separated.
    blocks: StepBlocks,
    /// The path object up to `"number":`, then from after the number to the steps' `[`.
    before_number: Vec<u8>,
    after_number: Vec<u8>,
}

impl<'a> JsonWriter<'a> {
    fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        let mut heads = Vec::with_capacity(pathway.nodes.len());
        let mut tails = Vec::with_capacity(pathway.nodes.len());
        for node in &pathway.nodes {
            let mut head = b"{\"id\":".to_vec();
            push_json(&mut head, &node.id);
            heads.push(head);
            let mut tail = b",\"kind\":".to_vec();
            push_json(&mut tail, node.kind.as_str());
            tail.extend_from_slice(b",\"label\":");
            push_json(&mut tail, &node.label);
            tail.push(b'}');
            tails.push(tail);
        }
        JsonWriter {
            cursor: Cursor::new(pathway, flow),
            heads,
            tails,
            blocks: StepBlocks::default(),
            before_number: Vec::new(),
            after_number: Vec::new(),
        }
    }

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
        if advance.summary_changed {
            let t = self.cursor.totals();
            let outcome = &pathway.nodes[advance.outcome];
            let b = &mut self.before_number;
            b.clear();
            b.extend_from_slice(b"{\"conditions\":");
            push_json(b, &self.cursor.conditions);
            b.extend_from_slice(b",\"duration_months\":{\"max\":");
            push_json(b, &round12(t.months.1));
            b.extend_from_slice(b",\"min\":");
            push_json(b, &round12(t.months.0));
            b.extend_from_slice(b",\"undated_steps\":");
            push_json(b, &t.undated);
            b.extend_from_slice(b"},\"feasible\":");
            push_json(b, &self.cursor.feasible);
            b.extend_from_slice(b",\"number\":");
            let b = &mut self.after_number;
            b.clear();
            b.extend_from_slice(b",\"outcome\":{\"category\":");
            push_json(b, &outcome.outcome);
            b.extend_from_slice(b",\"id\":");
            push_json(b, &outcome.id);
            b.extend_from_slice(b",\"label\":");
            push_json(b, &outcome.label);
            let p = t.probability;
            b.extend_from_slice(b"},\"probability\":{\"base\":");
            push_json(b, &p.base.map(round12));
            b.extend_from_slice(b",\"high\":");
            push_json(b, &round12(p.high));
            b.extend_from_slice(b",\"low\":");
            push_json(b, &round12(p.low));
            b.extend_from_slice(b",\"quantified\":");
            push_json(b, &p.quantified);
            b.extend_from_slice(b"},\"steps\":[");
        }
        self.blocks.keep(advance.keep);
        let kept = self.blocks.len();
        for (i, step) in steps.iter().enumerate().skip(kept) {
            let node = step.node;
            let b = &mut self.blocks.bytes;
            if i > 0 {
                b.push(b',');
            }
            b.extend_from_slice(&self.heads[node]);
            if !flow.includes[node].is_empty() {
                let items = included(pathway, flow, node, filter);
                if !items.is_empty() {
                    b.extend_from_slice(b",\"includes\":[");
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            b.push(b',');
                        }
                        b.extend_from_slice(b"{\"agents\":[");
                        for (k, agent) in item.node.agents.iter().enumerate() {
                            if k > 0 {
                                b.push(b',');
                            }
                            push_json(b, &agent.name);
                        }
                        b.extend_from_slice(b"],\"combine\":");
                        push_json(b, &item.node.combine.unwrap_or_default());
                        b.extend_from_slice(b",\"condition\":");
                        push_json(b, &item.condition);
                        b.extend_from_slice(b",\"id\":");
                        push_json(b, &item.node.id);
                        b.extend_from_slice(b",\"text\":");
                        push_json(b, &intervention_text(item.node));
                        b.push(b'}');
                    }
                    b.push(b']');
                }
            }
            b.extend_from_slice(&self.tails[node]);
            self.blocks.close();
        }
        out.write_all(if number > 1 { b",\n    " } else { b"\n    " })?;
        out.write_all(&self.before_number)?;
        out.write_all(self.cursor.number.show(number))?;
        out.write_all(&self.after_number)?;
        out.write_all(&self.blocks.bytes)?;
        out.write_all(b"]}")
    }
}

const CSV_HEADER: &str = "path,outcome,category,probability_low,probability_high,probability_base,quantified,\
duration_min_months,duration_max_months,undated_steps,conditions,steps,feasible\r\n";

/// The CSV format's writer: one RFC 4180 row per path. The `steps` column (ids joined by
/// ` > `, quoted as one field) is kept step by step while following paths share a prefix;
/// the other columns are rebuilt only when the figures or conditions change.
///
/// Complexity: O(V) once, then O(steps not shared with the previous path) per path.
struct CsvWriter<'a> {
    cursor: Cursor<'a>,
    /// Per node: its id made terminal-safe, with `"` doubled, and whether it forces quoting.
    ids: Vec<(String, bool)>,
    /// The steps column, unquoted.
    blocks: StepBlocks,
    /// `quoted[d]`: how many of the first `d + 1` ids force the column to be quoted.
    quoted: Vec<usize>,
    /// The columns from `outcome` to `conditions`, with the commas around them, and the
    /// figures they show.
    middle: Vec<u8>,
}

impl<'a> CsvWriter<'a> {
    fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        let ids = pathway
            .nodes
            .iter()
            .map(|n| {
                let safe = terminal_safe(&n.id);
                let quote = csv_needs_quotes(&safe);
                (safe.replace('"', "\"\""), quote)
            })
            .collect();
        CsvWriter {
            cursor: Cursor::new(pathway, flow),
            ids,
            blocks: StepBlocks::default(),
            quoted: Vec::new(),
            middle: Vec::new(),
        }
    }

    fn write_path<W: Write, F: PathFilter + ?Sized>(
        &mut self,
        out: &mut W,
        number: u128,
        steps: &[Step],
        shared: usize,
        filter: &F,
    ) -> io::Result<()> {
        let advance = self.cursor.advance(steps, shared, filter);
        let pathway = self.cursor.pathway;
        if advance.summary_changed {
            let t = self.cursor.totals();
            let p = t.probability;
            let outcome = &pathway.nodes[advance.outcome];
            let fields = [
                csv_field(&outcome.id),
                outcome.outcome.map_or(String::new(), |c| c.as_str().to_string()),
                number_full(p.low),
                number_full(p.high),
                p.base.map_or(String::new(), number_full),
                p.quantified.to_string(),
                number_full(t.months.0),
                number_full(t.months.1),
                t.undated.to_string(),
                csv_field(&self.cursor.conditions),
            ];
            self.middle.clear();
            for field in fields {
                self.middle.push(b',');
                self.middle.extend_from_slice(field.as_bytes());
            }
            self.middle.push(b',');
        }
        // The steps column does not depend on the filter: what is shared is kept.
        self.blocks.keep(advance.shared);
        self.quoted.truncate(advance.shared);
        let kept = self.blocks.len();
        for (i, step) in steps.iter().enumerate().skip(kept) {
            let (id, quote) = &self.ids[step.node];
            if i > 0 {
                self.blocks.bytes.extend_from_slice(b" > ");
            }
            self.blocks.bytes.extend_from_slice(id.as_bytes());
            self.blocks.close();
            self.quoted.push(self.quoted.last().copied().unwrap_or(0) + usize::from(*quote));
        }
        let quote = self.quoted.last().is_some_and(|&n| n > 0);
        out.write_all(self.cursor.number.show(number))?;
        out.write_all(&self.middle)?;
        if quote {
            out.write_all(b"\"")?;
        }
        out.write_all(&self.blocks.bytes)?;
        if quote {
            out.write_all(b"\"")?;
        }
        out.write_all(if self.cursor.feasible { b",true\r\n" } else { b",false\r\n" })
    }
}

fn write_markdown<F: PathFilter + ?Sized>(
    out: &mut dyn Write,
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    selection: &Selection,
    filter: &mut F,
    options: &ListOptions,
) -> io::Result<Listing> {
    writeln!(out, "# Paths: {}\n", markdown_text(&pathway.title))?;
    writeln!(
        out,
        "Every path through {} (version {}), from the start to a terminal outcome, as listed by `carepath paths`. \
Probabilities multiply the figures of the chance edges on the path; durations add up the phase and intervention steps.\n",
        markdown_code(&pathway.id),
        markdown_text(&pathway.version)
    )?;
    writeln!(out, "| path | ends in | category | probability | duration | conditions |")?;
    writeln!(out, "| ---: | --- | --- | --- | --- | --- |")?;
    let listing = stream(pathway, flow, selection, filter, options, &mut |number, steps, _, filter| {
        let summary = PathSummary::of(pathway, flow, steps, filter);
        let node = &pathway.nodes[summary.outcome];
        writeln!(
            out,
            "| [{number}](#path-{number}) | {} | {} | {} | {} | {} |",
            markdown_text(&node.label),
            summary.category.map_or(String::new(), |c| c.as_str().to_string()),
            probability_text(&summary),
            markdown_text(&duration_text(&summary)),
            match (summary.conditions.is_empty(), summary.feasible) {
                (true, _) => String::new(),
                (false, true) => markdown_cell_code(&summary.conditions),
                (false, false) => format!("{} (infeasible)", markdown_cell_code(&summary.conditions)),
            },
        )
    })?;
    // The second walk lists the same paths (the walk is deterministic); its count is the same.
    let second = ListOptions { total: Some(listing.total), ..*options };
    // (Its own count is taken from the first walk, so the note below comes from `listing`.)
    stream(pathway, flow, selection, filter, &second, &mut |number, steps, _, filter| {
        let summary = PathSummary::of(pathway, flow, steps, filter);
        let node = &pathway.nodes[summary.outcome];
        writeln!(out, "\n## Path {number}\n")?;
        writeln!(
            out,
            "Ends in **{}** ({}, {}). Probability {}; duration {}.",
            markdown_text(&node.label),
            markdown_code(&node.id),
            summary.category.map_or("no category", |c| c.as_str()),
            probability_text(&summary),
            markdown_text(&duration_text(&summary)),
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
            for item in included(pathway, flow, step.node, filter) {
                let text = markdown_text(&intervention_text(item.node));
                match &item.condition {
                    None => writeln!(out, "{indent}- {text}")?,
                    Some(c) => writeln!(out, "{indent}- if {}: {text}", markdown_code(c))?,
                }
            }
        }
        Ok(())
    })?;
    if let Some(note) = listing.truncation_note() {
        writeln!(out, "\n_{}_", markdown_text(&note))?;
    }
    Ok(listing)
}

#[cfg(test)]
mod tests;
