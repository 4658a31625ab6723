//! Outcome reports as text and JSON: one report ([`render_text`], [`render_json`]), one per
//! group of patient classes ([`render_classes_text`], [`render_classes_json`]), figures in
//! words with their exact bounds for text ([`bounds_words`], [`time_words`]), and the wording
//! that `carepath build`'s index shares ([`bounds_text`], [`months_bounds_text`], [`time_text`],
//! [`applicable_caveats`]).

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Bounds, ClassOutcome, Economics, Expected, OutcomeReport};
use crate::condition::{profile_words, Profile};
use crate::model::{Caveat, PathwayFile};
use crate::text::escape::{json_safe, terminal_safe};
use crate::text::number::{amount, number, number_with, round12, FROM_APPROXIMATE};
use crate::text::plain::SHORT_NOTICE;
use crate::text::words::{chance_with_bounds, first_few, time_with_bounds, unknown_steps_words};

/// `[0.4, 0.45]`, or `0.5` when both bounds agree; `base` appended when known, and `(from
/// approximate figures)` when an approximate figure lies on a way to it.
pub fn bounds_text(b: &Bounds) -> String {
    let mut text = if number(b.low) == number(b.high) {
        number(b.low)
    } else {
        format!("[{}, {}]", number(b.low), number(b.high))
    };
    if let Some(base) = b.base {
        if number(base) != number(b.low) || number(base) != number(b.high) {
            let _ = write!(text, " (base {})", number(base));
        }
    }
    if b.approximate {
        let _ = write!(text, " {FROM_APPROXIMATE}");
    }
    text
}

/// The caveats of `pathway` that apply to `report`: those for every figure, and those naming
/// an outcome the report shows (ending there or passing through), once each, in file order.
pub fn applicable_caveats<'a>(pathway: &'a PathwayFile, report: &OutcomeReport) -> Vec<&'a Caveat> {
    let shown = || {
        report
            .terminals
            .iter()
            .map(|t| t.node)
            .chain(report.passing.iter().map(|p| p.node))
            .map(|u| pathway.nodes[u].id.as_str())
    };
    pathway.caveats.iter().filter(|c| c.applies_to_any(shown())).collect()
}

/// The expected time on treatment in words: `[1, 1.5] months` when every step the walk may
/// reach has a duration, else `at least 1 month, plus steps of unknown length` (never a
/// closed range that counts an unknown length as 0).
pub fn time_text(report: &OutcomeReport) -> String {
    if report.time_known() {
        return months_bounds_text(&report.months);
    }
    let low = number(report.months.low);
    let unit = if low == "1" { "month" } else { "months" };
    let approximate = if report.months.approximate { format!(" {FROM_APPROXIMATE}") } else { String::new() };
    format!("at least {low} {unit}{approximate}, plus steps of unknown length")
}

/// A probability in words, then its exact bounds, for text: `33–53% (exact bounds 0.3375 to
/// 0.5225, worked out from approximate figures)`, `45% (exact 0.45)`.
pub fn bounds_words(b: &Bounds) -> String {
    chance_with_bounds(b.low, b.high, b.base, true, b.approximate)
}

/// The expected time on treatment in words: `1–1.5 months (exact bounds 1 to 1.5 months, base
/// 1.25 months)` when every step the walk may reach has a length; else `at least 20.5 months
/// (worked out from approximate figures); 5 steps have no length given by the source` (never a
/// closed range that counts an unknown length as 0); `at least 1 month, with no upper bound`
/// when a loop may go on.
pub fn time_words(report: &OutcomeReport) -> String {
    let m = &report.months;
    if report.time_known() {
        return time_with_bounds(m.low, m.high, m.base, 0, m.approximate);
    }
    let unknown = report.undated.len();
    format!("{}; {}", time_with_bounds(m.low, m.low, None, unknown, m.approximate), unknown_steps_words(unknown))
}

/// How many of the steps of unknown length the text lists by id; the rest are counted.
const UNDATED_SHOWN: usize = 3;

/// The report as aligned text for a terminal: figures in words, each with its exact bounds.
pub fn render_text(pathway: &PathwayFile, report: &OutcomeReport) -> String {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let node = |u: usize| &pathway.nodes[u];
    let mut out = String::new();
    let _ = writeln!(out, "Outcomes of {} ({})", terminal_safe(&pathway.title), terminal_safe(&pathway.id));
    let _ = writeln!(out);
    let _ = writeln!(out, "Ending at each terminal outcome:");
    for t in &report.terminals {
        let category = node(t.node).outcome.map_or("", |c| c.as_str());
        rows.push((node(t.node).id.clone(), category.to_string(), bounds_words(&t.probability)));
    }
    write_rows(&mut out, &rows);
    rows.clear();
    let _ = writeln!(out, "\nEnding in each category:");
    for c in &report.categories {
        rows.push((c.category.as_str().to_string(), String::new(), bounds_words(&c.probability)));
    }
    rows.push(("(no terminal outcome)".into(), String::new(), bounds_words(&report.no_terminal)));
    write_rows(&mut out, &rows);
    rows.clear();
    if !report.passing.is_empty() {
        let _ = writeln!(out, "\nPassing through (at least once):");
        for p in &report.passing {
            let category = node(p.node).outcome.map_or("", |c| c.as_str());
            rows.push((node(p.node).id.clone(), category.to_string(), bounds_words(&p.probability)));
            for &(e, b) in &p.via {
                rows.push((format!("  via {}", pathway.edges[e].from), String::new(), bounds_words(&b)));
            }
        }
        write_rows(&mut out, &rows);
    }
    let _ = writeln!(out, "\nExpected time on treatment: {}", time_words(report));
    if !report.undated.is_empty() {
        let ids: Vec<String> = report.undated.iter().map(|&u| terminal_safe(&node(u).id)).collect();
        let _ = writeln!(out, "  (with no length: {})", first_few(&ids, UNDATED_SHOWN));
    }
    if let Some(economics) = &report.economics {
        economics_text(&mut out, pathway, economics);
    }
    let caveats = applicable_caveats(pathway, report);
    if !caveats.is_empty() {
        let _ = writeln!(out);
    }
    for caveat in caveats {
        let _ = writeln!(out, "Caveat: {}", terminal_safe(&caveat.text));
    }
    out
}

/// The expected cost and quality-adjusted life years, one line each, with the steps of
/// unknown length under each.
fn economics_text(out: &mut String, pathway: &PathwayFile, economics: &Economics) {
    let discounted = economics
        .discount_rate
        .map_or(String::new(), |r| format!(" (discounted at {}% a year)", number_with(r * 100.0, 4)));
    let currency = terminal_safe(economics.currency.as_deref().unwrap_or("(no currency)"));
    let lines = [
        ("Expected cost", &economics.cost, currency.as_str(), 2),
        ("Expected quality-adjusted time", &economics.qalys, "QALYs", 4),
    ];
    for (title, expected, unit, decimals) in lines {
        let Some(expected) = expected else { continue };
        let _ = writeln!(out, "{title}{discounted}: {}", expected_words(expected, unit, decimals));
        if !expected.known() {
            let ids: Vec<String> = expected.unknown.iter().map(|&u| terminal_safe(&pathway.nodes[u].id)).collect();
            let _ = writeln!(out, "  (per unit of time, with no length: {})", first_few(&ids, UNDATED_SHOWN));
        }
    }
}

/// An expected cost or quality-adjusted time in words: `1,200 to 1,500 EUR (base 1,350)`,
/// `at least 1,200 EUR, plus steps of unknown length`, `at least 3 QALYs, with no upper bound`.
pub fn expected_words(expected: &Expected, unit: &str, decimals: usize) -> String {
    let b = &expected.bounds;
    let n = |x: f64| amount(x, decimals);
    let mut text = if !b.low.is_finite() {
        "unbounded: a loop may go on for ever".to_string()
    } else if !expected.known() {
        format!("at least {} {unit}, plus steps of unknown length", n(b.low))
    } else if !b.high.is_finite() {
        format!("at least {} {unit}, with no upper bound", n(b.low))
    } else if n(b.low) == n(b.high) {
        format!("{} {unit}", n(b.low))
    } else {
        let base = b.base.filter(|&x| n(x) != n(b.low) || n(x) != n(b.high));
        let base = base.map_or(String::new(), |x| format!(" (base {})", n(x)));
        format!("{} to {} {unit}{base}", n(b.low), n(b.high))
    };
    if b.approximate {
        let _ = write!(text, " {FROM_APPROXIMATE}");
    }
    text
}

fn write_rows(out: &mut String, rows: &[(String, String, String)]) {
    let a = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let b = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (id, category, value) in rows {
        let line = if b == 0 {
            format!("  {:<a$}  {}", terminal_safe(id), value)
        } else {
            format!("  {:<a$}  {:<b$}  {}", terminal_safe(id), category, value)
        };
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Months as `[low, high] months`, `unbounded` for an infinite bound, `(from approximate
/// figures)` after it when an approximate figure lies on a way to it. For a time that may
/// include steps of unknown length, use [`time_text`].
pub fn months_bounds_text(b: &Bounds) -> String {
    let text = |x: f64| if x.is_finite() { number(x) } else { "unbounded".to_string() };
    let mut s = if text(b.low) == text(b.high) { text(b.low) } else { format!("[{}, {}]", text(b.low), text(b.high)) };
    if let Some(base) = b.base {
        if text(base) != text(b.low) || text(base) != text(b.high) {
            let _ = write!(s, " (base {})", text(base));
        }
    }
    s.push_str(if s == "1" { " month" } else { " months" });
    if b.approximate {
        let _ = write!(s, " {FROM_APPROXIMATE}");
    }
    s
}

/// Per-class outcomes as text: a heading per group of classes with identical results, the
/// patients in words (one alternative a line).
pub fn render_classes_text(pathway: &PathwayFile, profile: &Profile, groups: &[ClassOutcome]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Outcomes of {} ({})", terminal_safe(&pathway.title), terminal_safe(&pathway.id));
    let classes: usize = groups.iter().map(|g| g.patients.len()).sum();
    out.push_str(&classes_line(pathway, profile, classes, groups.len()));
    for group in groups {
        let _ = writeln!(out);
        out.push_str(&patients_heading(&group.patients_words));
        // The body of the single-report text, without its title line.
        let body = render_text(pathway, &group.report);
        let _ = write!(out, "{}", body.split_once('\n').map_or("", |(_, rest)| rest.trim_start_matches('\n')));
    }
    let _ = writeln!(out, "\n{SHORT_NOTICE}");
    out
}

/// The line under a per-class report's title, for a terminal: `Patients: all patients; 24
/// classes of patients by the decisions they meet, 8 distinct results.` (`groups` distinct
/// results among `classes` classes).
pub fn classes_line(pathway: &PathwayFile, profile: &Profile, classes: usize, groups: usize) -> String {
    format!(
        "Patients: {}; {classes} class{} of patients by the decisions they meet, {groups} distinct result{}.\n",
        terminal_safe(&profile_words(profile, &pathway.factors)),
        if classes == 1 { "" } else { "es" },
        if groups == 1 { "" } else { "s" },
    )
}

/// The heading of one group of classes, for a terminal: `== For: ` and each class's
/// alternatives in words, one a line (`   or: ` after the first).
pub fn patients_heading(patients_words: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (i, alternative) in patients_words.iter().flatten().enumerate() {
        let lead = if i == 0 { "== For: " } else { "   or: " };
        let _ = writeln!(out, "{lead}{}", terminal_safe(alternative));
    }
    out
}

/// A figure in JSON: rounded to 12 decimals, or `"unbounded"` (the one form of every outcome
/// figure in JSON, `outcomes` and `diff` alike).
pub(crate) fn figure_json(x: f64) -> Value {
    if x.is_finite() {
        json!(round12(x))
    } else {
        json!("unbounded")
    }
}

fn bounds_json(b: &Bounds) -> Value {
    json!({
        "low": figure_json(b.low),
        "high": figure_json(b.high),
        "base": b.base.map(figure_json),
        "approximate": b.approximate,
    })
}

/// The expected time: its bounds and how many steps of unknown length the walk may reach;
/// when there are any, `high` and `base` are `null` (the time is at least `low`).
fn time_json(report: &OutcomeReport) -> Value {
    let mut value = bounds_json(&report.months);
    if !report.time_known() {
        value["high"] = Value::Null;
        value["base"] = Value::Null;
    }
    value["unknown_steps"] = json!(report.undated.len());
    value
}

/// The report as a JSON value (shape in `docs/paths-and-outcomes.md`), built once and written
/// by [`render_json`] or embedded by [`render_classes_json`].
fn report_json(pathway: &PathwayFile, report: &OutcomeReport) -> Value {
    let node = |u: usize| &pathway.nodes[u];
    let mut value = json!({
        "pathway": { "id": pathway.id, "title": pathway.title, "version": pathway.version },
        "terminal": report.terminals.iter().map(|t| json!({
            "id": node(t.node).id,
            "label": node(t.node).label,
            "category": node(t.node).outcome,
            "probability": bounds_json(&t.probability),
        })).collect::<Vec<_>>(),
        "categories": report.categories.iter().map(|c| json!({
            "category": c.category,
            "probability": bounds_json(&c.probability),
        })).collect::<Vec<_>>(),
        "no_terminal": bounds_json(&report.no_terminal),
        "passing_through": report.passing.iter().map(|p| json!({
            "id": node(p.node).id,
            "label": node(p.node).label,
            "category": node(p.node).outcome,
            "probability": bounds_json(&p.probability),
            "via": p.via.iter().map(|&(e, b)| json!({
                "from": pathway.edges[e].from,
                "edge": e,
                "probability": bounds_json(&b),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "time_on_treatment_months": time_json(report),
        "undated_steps": report.undated.iter().map(|&u| node(u).id.as_str()).collect::<Vec<_>>(),
        "caveats": applicable_caveats(pathway, report).iter().map(|c| json!({
            "id": c.id,
            "text": c.text,
            "applies_to": c.applies_to,
        })).collect::<Vec<_>>(),
    });
    if let Some(economics) = &report.economics {
        value["economics"] = economics_json(pathway, economics);
    }
    value
}

/// Expected cost and QALYs as JSON: `{ "discount_rate", "cost": { "currency", "low", "high",
/// "base", "approximate", "unknown_steps" }, "qalys": { .. } }`, each present when the file
/// has such figures; `high` and `base` are `null` when a step's part is unknown.
fn economics_json(pathway: &PathwayFile, economics: &Economics) -> Value {
    let expected = |x: &Expected| {
        let mut value = bounds_json(&x.bounds);
        if !x.known() {
            value["high"] = Value::Null;
            value["base"] = Value::Null;
        }
        value["unknown_steps"] = json!(x.unknown.iter().map(|&u| pathway.nodes[u].id.as_str()).collect::<Vec<_>>());
        value
    };
    let mut value = json!({ "discount_rate": economics.discount_rate });
    if let Some(cost) = &economics.cost {
        let mut cost = expected(cost);
        cost["currency"] = json!(economics.currency);
        value["cost"] = cost;
    }
    if let Some(qalys) = &economics.qalys {
        value["qalys"] = expected(qalys);
    }
    value
}

/// Pretty JSON, made safe for a terminal, with a final newline.
fn write_json(value: &Value) -> Result<String, serde_json::Error> {
    let mut text = json_safe(&serde_json::to_string_pretty(value)?);
    text.push('\n');
    Ok(text)
}

/// The report as one JSON document (shape in `docs/paths-and-outcomes.md`).
///
/// # Errors
/// When serde_json cannot write the document (it can for no value built here).
pub fn render_json(pathway: &PathwayFile, report: &OutcomeReport) -> Result<String, serde_json::Error> {
    write_json(&report_json(pathway, report))
}

/// Per-class outcomes as one JSON document: `{ "pathway", "profile", "classes": [ { "patients",
/// "patients_words", "outcomes" } ] }`, where `outcomes` has the shape of [`render_json`].
///
/// # Errors
/// When serde_json cannot write the document (it cannot for any value built here).
pub fn render_classes_json(
    pathway: &PathwayFile,
    profile: &Profile,
    groups: &[ClassOutcome],
) -> Result<String, serde_json::Error> {
    let profile_json: serde_json::Map<String, Value> =
        profile.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();
    let mut classes = Vec::with_capacity(groups.len());
    for group in groups {
        let outcomes = report_json(pathway, &group.report);
        let words: Vec<String> = group.patients_words.iter().map(|w| w.join("; or ")).collect();
        classes.push(json!({ "patients": group.patients, "patients_words": words, "outcomes": outcomes }));
    }
    write_json(&json!({
        "pathway": { "id": pathway.id, "title": pathway.title, "version": pathway.version },
        "profile": profile_json,
        "classes": classes,
    }))
}
