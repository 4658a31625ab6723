//! Path listings as text (terminal), JSON (stable shape, see `docs/paths-and-outcomes.md`),
//! CSV (RFC 4180, one row per path) and Markdown (`out/<id>.paths.md`).
//!
//! Every format streams: each path is written as the walk reaches it, so memory does not grow
//! with the number of paths.

use std::io::{self, Write};
use std::ops::ControlFlow;

use serde_json::{json, Value};

use super::{walk, Flow, PathFilter, PathSummary, Selection, Step};
use crate::diag::terminal_safe;
use crate::model::{Combine, Frequency, Node, PathwayFile};

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
/// Complexity: that of [`walk`] (twice for Markdown: summary table, then the paths), plus
/// O(path length + includes) per path written.
pub fn list<F: PathFilter + ?Sized>(
    out: &mut dyn Write,
    pathway: &PathwayFile,
    flow: &Flow,
    selection: &Selection,
    filter: &mut F,
    options: &ListOptions,
) -> io::Result<Listing> {
    match options.format {
        PathFormat::Text => {
            let mut text = TextWriter::new(pathway, flow);
            let listing = stream(pathway, flow, selection, filter, options, &mut |number, steps, filter| {
                text.write_path(out, number, steps, filter)
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
            let listing = stream(pathway, flow, selection, filter, options, &mut |number, steps, filter| {
                let value = json_path(pathway, flow, number, steps, filter);
                write!(out, "{}\n    {}", if number > 1 { "," } else { "" }, value)
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
            stream(pathway, flow, selection, filter, options, &mut |number, steps, filter| {
                write_csv_row(out, pathway, flow, number, steps, filter)
            })
        }
        PathFormat::Markdown => write_markdown(out, pathway, flow, selection, filter, options),
    }
}

/// Writes one path: its number, its steps, and the filter positioned on it.
type WritePath<'a, F> = dyn FnMut(u128, &[Step], &F) -> io::Result<()> + 'a;

/// Walks paths, numbering them from 1, writing up to the limit and counting the rest.
fn stream<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &Flow,
    selection: &Selection,
    filter: &mut F,
    options: &ListOptions,
    write: &mut WritePath<'_, F>,
) -> io::Result<Listing> {
    let mut seen: u128 = 0;
    let mut listed: u128 = 0;
    let mut error = None;
    let mut stopped_counting = false;
    walk(pathway, flow, selection, filter, &mut |steps, filter| {
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
        match write(seen, steps, filter) {
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

/// A number with at most 4 decimals, trailing zeros dropped (`0.45`, `1.5`, `2`); a positive
/// number too small for that is shown with 3 significant digits (`2.38e-7`), never as `0`.
pub fn number(x: f64) -> String {
    if x.is_finite() && x != 0.0 && x.abs() < 0.00005 {
        return format!("{x:.2e}");
    }
    number_with(x, 4)
}

/// A number with at most `decimals` decimals, trailing zeros dropped; `unbounded` for +∞.
pub fn number_with(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return if x > 0.0 { "unbounded".into() } else { "undefined".into() };
    }
    let text = format!("{x:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Rounds to 12 decimals, so `0.9 * 0.5` prints as `0.45` in JSON.
pub fn round12(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e12).round() / 1e12
    } else {
        x
    }
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

/// A duration range in months (2 decimals), shown in years when it reaches 24 months.
pub fn months_text(min: f64, max: f64) -> String {
    let (min, max, unit) = if max >= 24.0 { (min / 12.0, max / 12.0, "year") } else { (min, max, "month") };
    let (min, max) = (number_with(min, 2), number_with(max, 2));
    let range = if min == max { min } else { format!("{min}–{max}") };
    let plural = if range == "1" { "" } else { "s" };
    format!("{range} {unit}{plural}")
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
    flow: &Flow,
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

/// The text format's writer: what never changes between paths (each node's id and label made
/// terminal-safe, their widths) is worked out once per node, and each path is assembled in one
/// reused buffer and written with a single `write_all`. The bytes are those of the plain
/// `writeln!` formatting this replaces: `{:>w$}` and `{:<w$}` pad by characters, as here.
///
/// Complexity: O(V) once, then O(path length + includes) per path, with no allocation per step.
struct TextWriter<'a> {
    pathway: &'a PathwayFile,
    flow: &'a Flow,
    /// Per node: the id made terminal-safe, and its width in characters.
    ids: Vec<(String, usize)>,
    /// Per node: the label made terminal-safe.
    labels: Vec<String>,
    /// Per node: the id's width in characters before escaping (what the id column is sized by).
    id_chars: Vec<usize>,
    /// The path being written.
    buffer: String,
    /// The last probability figures written, and their text (paths often share them).
    last_probability: Option<(ProbabilityKey, String)>,
    /// The last duration written, and its text.
    last_duration: Option<((u64, u64, usize), String)>,
}

/// A probability range by its exact bits, for [`TextWriter`]'s one-entry cache.
type ProbabilityKey = (u64, u64, Option<u64>, bool);

impl<'a> TextWriter<'a> {
    fn new(pathway: &'a PathwayFile, flow: &'a Flow) -> Self {
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
            pathway,
            flow,
            ids,
            labels: pathway.nodes.iter().map(|n| terminal_safe(&n.label)).collect(),
            id_chars: pathway.nodes.iter().map(|n| n.id.chars().count()).collect(),
            buffer: String::new(),
            last_probability: None,
            last_duration: None,
        }
    }

    fn write_path<F: PathFilter + ?Sized>(
        &mut self,
        out: &mut dyn Write,
        number: u128,
        steps: &[Step],
        filter: &F,
    ) -> io::Result<()> {
        use std::fmt::Write as _;
        let (pathway, flow) = (self.pathway, self.flow);
        let summary = PathSummary::of(pathway, flow, steps, filter);
        let p = summary.probability;
        let probability_key = (p.low.to_bits(), p.high.to_bits(), p.base.map(f64::to_bits), p.quantified);
        if self.last_probability.as_ref().is_none_or(|(key, _)| *key != probability_key) {
            self.last_probability = Some((probability_key, probability_text(&summary)));
        }
        let duration_key = (summary.months.0.to_bits(), summary.months.1.to_bits(), summary.undated);
        if self.last_duration.as_ref().is_none_or(|(key, _)| *key != duration_key) {
            self.last_duration = Some((duration_key, duration_text(&summary)));
        }
        let b = &mut self.buffer;
        b.clear();
        if number > 1 {
            b.push('\n');
        }
        // Writing to a String cannot fail.
        let _ = writeln!(b, "path {number}: ends in {}", terminal_safe(&outcome_heading(pathway, &summary)));
        b.push_str("  probability  ");
        b.push_str(self.last_probability.as_ref().map_or("", |(_, text)| text));
        b.push_str("\n  duration     ");
        b.push_str(self.last_duration.as_ref().map_or("", |(_, text)| text));
        b.push('\n');
        if !summary.conditions.is_empty() {
            b.push_str("  conditions   ");
            b.push_str(&terminal_safe(&summary.conditions));
            b.push('\n');
        }
        if !summary.feasible {
            b.push_str("  INFEASIBLE   no patient meets all these conditions\n");
        }
        let id_width = steps.iter().map(|s| self.id_chars[s.node]).max().unwrap_or(0);
        let number_width = decimal_digits(steps.len());
        for (i, step) in steps.iter().enumerate() {
            let node = &pathway.nodes[step.node];
            let (id, id_len) = &self.ids[step.node];
            b.push_str("  ");
            pad(b, number_width.saturating_sub(decimal_digits(i + 1)));
            let _ = write!(b, "{}", i + 1);
            b.push_str("  ");
            b.push_str(id);
            pad(b, id_width.saturating_sub(*id_len));
            b.push_str("  ");
            let kind = node.kind.as_str();
            b.push_str(kind);
            pad(b, 12usize.saturating_sub(kind.len()));
            b.push_str("  ");
            b.push_str(&self.labels[step.node]);
            b.push('\n');
            if flow.includes[step.node].is_empty() {
                continue;
            }
            for item in included(pathway, flow, step.node, filter) {
                b.push_str("  ");
                pad(b, number_width);
                b.push_str("  ");
                pad(b, id_width);
                b.push_str("  ");
                pad(b, 12);
                b.push_str("    ");
                b.push_str(&terminal_safe(&included_text(&item)));
                b.push('\n');
            }
        }
        out.write_all(b.as_bytes())
    }
}

/// Appends `n` spaces.
fn pad(buffer: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        buffer.push_str(&SPACES[..k]);
        n -= k;
    }
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

fn json_path<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &Flow,
    number: u128,
    steps: &[Step],
    filter: &F,
) -> Value {
    let summary = PathSummary::of(pathway, flow, steps, filter);
    let outcome = &pathway.nodes[summary.outcome];
    let steps: Vec<Value> = steps
        .iter()
        .map(|step| {
            let node = &pathway.nodes[step.node];
            let mut value = json!({ "id": node.id, "kind": node.kind.as_str(), "label": node.label });
            let items = included(pathway, flow, step.node, filter);
            if !items.is_empty() {
                value["includes"] = items
                    .iter()
                    .map(|item| {
                        json!({
                            "id": item.node.id,
                            "text": intervention_text(item.node),
                            "combine": item.node.combine.unwrap_or_default(),
                            "agents": item.node.agents.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
                            "condition": item.condition,
                        })
                    })
                    .collect();
            }
            value
        })
        .collect();
    let p = summary.probability;
    json!({
        "number": number,
        "outcome": { "id": outcome.id, "label": outcome.label, "category": summary.category },
        "conditions": summary.conditions,
        "feasible": summary.feasible,
        "probability": {
            "low": round12(p.low),
            "high": round12(p.high),
            "base": p.base.map(round12),
            "quantified": p.quantified,
        },
        "duration_months": {
            "min": round12(summary.months.0),
            "max": round12(summary.months.1),
            "undated_steps": summary.undated,
        },
        "steps": steps,
    })
}

const CSV_HEADER: &str = "path,outcome,category,probability_low,probability_high,probability_base,quantified,\
duration_min_months,duration_max_months,undated_steps,conditions,steps,feasible\r\n";

/// One CSV field, quoted per RFC 4180 when it holds a comma, quote or line break; control
/// characters are escaped with [`terminal_safe`] first.
pub fn csv_field(text: &str) -> String {
    let text = terminal_safe(text);
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn write_csv_row<F: PathFilter + ?Sized>(
    out: &mut dyn Write,
    pathway: &PathwayFile,
    flow: &Flow,
    number: u128,
    steps: &[Step],
    filter: &F,
) -> io::Result<()> {
    let summary = PathSummary::of(pathway, flow, steps, filter);
    let p = summary.probability;
    let ids: Vec<&str> = steps.iter().map(|s| pathway.nodes[s.node].id.as_str()).collect();
    let fields = [
        number.to_string(),
        csv_field(&pathway.nodes[summary.outcome].id),
        summary.category.map_or(String::new(), |c| c.as_str().to_string()),
        number_full(p.low),
        number_full(p.high),
        p.base.map_or(String::new(), number_full),
        p.quantified.to_string(),
        number_full(summary.months.0),
        number_full(summary.months.1),
        summary.undated.to_string(),
        csv_field(&summary.conditions),
        csv_field(&ids.join(" > ")),
        summary.feasible.to_string(),
    ];
    write!(out, "{}\r\n", fields.join(","))
}

/// A number rounded to 12 decimals, for machine-readable columns.
fn number_full(x: f64) -> String {
    format!("{}", round12(x))
}

/// Markdown-escapes text for a paragraph, heading or table cell: emphasis, code, links, HTML
/// and table punctuation are backslash-escaped, line breaks become spaces, and control
/// characters are shown as escapes. Text never starts a line, so list markers need none.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal_safe(text).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown code span for running text (use [`markdown_cell_code`] in table cells).
pub fn markdown_code(text: &str) -> String {
    let text = terminal_safe(text).replace(['\n', '\r'], " ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A Markdown code span inside a table cell: `|` must be escaped there (GitHub removes the
/// backslash in cells), and only there (elsewhere the backslash would show).
pub fn markdown_cell_code(text: &str) -> String {
    markdown_code(text).replace('|', "\\|")
}

fn write_markdown<F: PathFilter + ?Sized>(
    out: &mut dyn Write,
    pathway: &PathwayFile,
    flow: &Flow,
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
    let listing = stream(pathway, flow, selection, filter, options, &mut |number, steps, filter| {
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
    stream(pathway, flow, selection, filter, &second, &mut |number, steps, filter| {
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
