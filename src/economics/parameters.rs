//! The parameter table: one [`Parameter`] per figure, in file order (edges' probabilities,
//! then nodes' durations), rendered as CSV, JSON or Markdown.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Citation, Distribution, EdgeKind, PathwayFile, Resolved};
use crate::text::escape::{csv_field, json_document, markdown_cell_code, markdown_text};
use crate::text::number::{duration_range_text, number_full, number_with, percent_range};
use crate::text::plain::SHORT_NOTICE;

/// What a parameter is a figure of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterKind {
    /// The chance of taking a `next` edge.
    Probability {
        /// The edge: index into `pathway.edges`.
        edge: usize,
    },
    /// The length of a phase or intervention step.
    Duration {
        /// The node: index into `pathway.nodes`.
        node: usize,
    },
    /// The cost of a phase or intervention.
    Cost {
        /// The node: index into `pathway.nodes`.
        node: usize,
    },
    /// The utility of a phase or outcome.
    Utility {
        /// The node: index into `pathway.nodes`.
        node: usize,
    },
}

impl ParameterKind {
    /// `probability` or `duration`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterKind::Probability { .. } => "probability",
            ParameterKind::Duration { .. } => "duration",
            ParameterKind::Cost { .. } => "cost",
            ParameterKind::Utility { .. } => "utility",
        }
    }
}

/// One citation a figure rests on: the source, its section, and the words (a quote the file
/// gives, or the anchor of words the file may not copy).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterSource {
    /// The source's id.
    pub source: String,
    /// The section cited, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The quoted words, where the file quotes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The anchor of the words (`sha256:chars`), where the file anchors them instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// One figure of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// Stable id: `p.FROM.TO` for a branch's chance, `duration.NODE` for a step's length.
    pub id: String,
    /// What it is a figure of (serialised as `kind`).
    #[serde(serialize_with = "kind_name")]
    pub kind: ParameterKind,
    /// The edge's `from` node, for a probability.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The edge's `to` node, for a probability.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The node, for a duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// What it is, in words: `chance of induction_standard → first_remission (Complete
    /// remission)`, `length of maintenance (Maintenance)`.
    pub what: String,
    /// The lowest value the file allows (an approximate figure already widened by the
    /// file's tolerance).
    pub low: f64,
    /// The value the file gives as its best figure, if any.
    pub base: Option<f64>,
    /// The highest value the file allows.
    pub high: f64,
    /// The figure as the file states it: `about 80–90%`, `2–4 months`.
    pub stated: String,
    /// Whether the source gives it as approximate ("about").
    pub approximate: bool,
    /// `probability`, or the duration's unit as the file writes it (`months`, `years`, ...).
    pub unit: String,
    /// The declared distribution for probabilistic analysis, in words with its parameters
    /// worked out ([`distribution_text`]): `beta(40.8, 7.2) from the range`.
    pub distribution: Option<String>,
    /// What the figure rests on: the citations of its edge or node.
    pub sources: Vec<ParameterSource>,
}

fn kind_name<S: serde::Serializer>(kind: &ParameterKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.as_str())
}

/// The distribution `parameter` declares, in words with every parameter worked out:
/// `beta(85, 15)`, `beta(40.8, 7.2) from the range`, `dirichlet(50)`, `gamma(shape 4, scale
/// 0.5)`, `lognormal(meanlog 0.7, sdlog 0.2)`, `uniform(0.75, 0.95)`; parameters to 4
/// significant decimals. `None` where it declares none or its parameters make none (CP058).
pub fn distribution_text(pathway: &PathwayFile, parameter: &Parameter) -> Option<String> {
    let declared = match parameter.kind {
        ParameterKind::Probability { edge } => pathway.edges[edge].probability.as_deref().and_then(|p| p.distribution),
        ParameterKind::Duration { node } => pathway.nodes[node].duration.and_then(|d| d.distribution),
        ParameterKind::Cost { node } => pathway.nodes[node].cost.as_ref().and_then(|c| c.distribution),
        ParameterKind::Utility { node } => pathway.nodes[node].utility.as_ref().and_then(|u| u.distribution),
    }?;
    let resolved = declared.resolve(parameter.low, parameter.base, parameter.high).ok()?;
    let n = |x: f64| number_with(x, 4);
    let text = match resolved {
        Resolved::Beta { alpha, beta } => format!("beta({}, {})", n(alpha), n(beta)),
        Resolved::Dirichlet { alpha } => format!("dirichlet({})", n(alpha)),
        Resolved::Gamma { shape, scale } => format!("gamma(shape {}, scale {})", n(shape), n(scale)),
        Resolved::Lognormal { meanlog, sdlog } => format!("lognormal(meanlog {}, sdlog {})", n(meanlog), n(sdlog)),
        Resolved::Uniform { low, high } => format!("uniform({}, {})", n(low), n(high)),
    };
    let from_range = matches!(
        declared,
        Distribution::Beta { from: Some(_), .. }
            | Distribution::Gamma { from: Some(_), .. }
            | Distribution::Lognormal { from: Some(_), .. }
    );
    Some(if from_range { format!("{text} from the range") } else { text })
}

/// Every figure of `pathway`: the probability of each `next` edge that has one (file order),
/// then the duration of each node that has one, then each cost, then each utility (file
/// order). Costs and utilities are the modeller's figures, not the source's: their rows cite
/// nothing.
///
/// Complexity: O(V + E + citations).
pub fn parameters(pathway: &PathwayFile) -> Vec<Parameter> {
    let label =
        |id: &str| pathway.nodes.iter().find(|n| n.id == id).map(|n| n.label.as_str()).unwrap_or_default().to_string();
    let mut rows = Vec::new();
    for (e, edge) in pathway.edges.iter().enumerate() {
        let Some(p) = edge.probability.as_deref().copied().filter(|_| edge.kind == EdgeKind::Next) else { continue };
        let what = match &edge.label {
            Some(l) => format!("chance of {} → {} ({l})", edge.from, edge.to),
            None => format!("chance of {} → {} ({})", edge.from, edge.to, label(&edge.to)),
        };
        rows.push(Parameter {
            id: format!("p.{}.{}", edge.from, edge.to),
            kind: ParameterKind::Probability { edge: e },
            from: Some(edge.from.clone()),
            to: Some(edge.to.clone()),
            node: None,
            what,
            low: p.low,
            base: p.base,
            high: p.high,
            stated: percent_range(&p),
            approximate: p.is_approximate(),
            unit: "probability".into(),
            distribution: None,
            sources: edge.sources.iter().map(source_of).collect(),
        });
    }
    for (i, node) in pathway.nodes.iter().enumerate() {
        let Some(d) = &node.duration else { continue };
        rows.push(Parameter {
            id: format!("duration.{}", node.id),
            kind: ParameterKind::Duration { node: i },
            from: None,
            to: None,
            node: Some(node.id.clone()),
            what: format!("length of {} ({})", node.id, node.label),
            low: d.min,
            // A duration has no base of its own: its bounds are one when they agree.
            base: (d.min == d.max).then_some(d.min),
            high: d.max,
            stated: duration_range_text(d),
            approximate: d.approximate,
            unit: d.unit.as_str().to_string(),
            distribution: None,
            sources: node.sources.iter().map(source_of).collect(),
        });
    }
    for (i, node) in pathway.nodes.iter().enumerate() {
        let Some(c) = &node.cost else { continue };
        let currency = c.currency.as_deref().unwrap_or("(no currency)");
        let per = format!("per {}", c.per.as_str());
        rows.push(Parameter {
            id: format!("cost.{}", node.id),
            kind: ParameterKind::Cost { node: i },
            from: None,
            to: None,
            node: Some(node.id.clone()),
            what: format!("cost of {} ({}), {per}", node.id, node.label),
            low: c.low,
            base: c.base.or((c.low == c.high).then_some(c.low)),
            high: c.high,
            stated: range_text(c.low, c.high, c.base, &format!(" {currency} {per}")),
            approximate: false,
            unit: format!("{currency} per {}", c.per.as_str()),
            distribution: None,
            sources: Vec::new(),
        });
    }
    for (i, node) in pathway.nodes.iter().enumerate() {
        let Some(u) = &node.utility else { continue };
        rows.push(Parameter {
            id: format!("utility.{}", node.id),
            kind: ParameterKind::Utility { node: i },
            from: None,
            to: None,
            node: Some(node.id.clone()),
            what: format!("utility of {} ({}), per year", node.id, node.label),
            low: u.low,
            base: u.base.or((u.low == u.high).then_some(u.low)),
            high: u.high,
            stated: range_text(u.low, u.high, u.base, " per year"),
            approximate: false,
            unit: "utility per year".into(),
            distribution: None,
            sources: Vec::new(),
        });
    }
    for row in &mut rows {
        row.distribution = distribution_text(pathway, row);
    }
    rows
}

/// `900–1100 EUR per month (base 1000)`, `0.9 per year`.
fn range_text(low: f64, high: f64, base: Option<f64>, unit: &str) -> String {
    let mut text = if low == high { number_full(low) } else { format!("{}–{}", number_full(low), number_full(high)) };
    text.push_str(unit);
    if let Some(b) = base.filter(|_| low != high) {
        let _ = write!(text, " (base {})", number_full(b));
    }
    text
}

fn source_of(c: &Citation) -> ParameterSource {
    ParameterSource {
        source: c.source.clone(),
        section: c.section.clone(),
        quote: c.quote.clone(),
        anchor: c.anchor.as_ref().map(|a| format!("{}:{}", a.sha256, a.chars)),
    }
}

/// A number as the table writes it (rounded to 12 decimals, as in JSON); empty for none.
fn cell(x: Option<f64>) -> String {
    x.map(number_full).unwrap_or_default()
}

/// The citations of a row in one cell: `acs, Induction, anchor 7eb0…:56; …`.
fn sources_cell(sources: &[ParameterSource]) -> String {
    let one = |s: &ParameterSource| {
        let mut parts = vec![s.source.clone()];
        parts.extend(s.section.clone());
        parts.extend(s.quote.as_ref().map(|q| format!("\u{201c}{q}\u{201d}")));
        parts.extend(s.anchor.as_ref().map(|a| format!("anchor {a}")));
        parts.join(", ")
    };
    sources.iter().map(one).collect::<Vec<_>>().join("; ")
}

/// The columns of the CSV, in order.
const CSV_HEADER: &str = "id,kind,from,to,node,what,low,base,high,stated,approximate,unit,distribution,sources";

/// RFC 4180 CSV, one row per parameter, a header first; every text field escaped by
/// [`csv_field`]. Numbers are exact decimals (`0.75`, not `75%`).
pub fn render_csv(rows: &[Parameter]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            csv_field(&r.id),
            r.kind.as_str().to_string(),
            csv_field(r.from.as_deref().unwrap_or_default()),
            csv_field(r.to.as_deref().unwrap_or_default()),
            csv_field(r.node.as_deref().unwrap_or_default()),
            csv_field(&r.what),
            cell(Some(r.low)),
            cell(r.base),
            cell(Some(r.high)),
            csv_field(&r.stated),
            r.approximate.to_string(),
            csv_field(&r.unit),
            csv_field(r.distribution.as_deref().unwrap_or_default()),
            csv_field(&sources_cell(&r.sources)),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One JSON document: `{ "pathway": id, "parameters": [...] }` (docs/health-economics.md).
///
/// # Errors
/// When the document cannot be serialised (a non-finite number).
pub fn render_json(pathway: &PathwayFile, rows: &[Parameter]) -> Result<String, serde_json::Error> {
    json_document(&serde_json::json!({ "pathway": pathway.id, "parameters": rows }))
}

/// A Markdown table for people: the figure, its values, how the source states it and what it
/// rests on, with the not-medical-advice note.
pub fn render_markdown(pathway: &PathwayFile, rows: &[Parameter]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Parameters of {}\n", markdown_text(&pathway.title));
    let _ = writeln!(
        out,
        "{} figures, as the file states them: low and high are the bounds it allows (an approximate \
         figure widened by its tolerance), base its best figure where it gives one.\n\n{SHORT_NOTICE}\n",
        rows.len()
    );
    let _ = writeln!(out, "| id | what | low | base | high | as stated | unit | sources |");
    let _ = writeln!(out, "| --- | --- | --: | --: | --: | --- | --- | --- |");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            markdown_cell_code(&r.id),
            markdown_text(&r.what),
            cell(Some(r.low)),
            cell(r.base),
            cell(Some(r.high)),
            markdown_text(&r.stated),
            markdown_text(&r.unit),
            markdown_text(&sources_cell(&r.sources)),
        );
    }
    out
}
