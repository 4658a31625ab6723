//! Probabilistic sensitivity analysis as text for a terminal ([`render_text`]), one JSON
//! document ([`render_json`]), RFC 4180 CSV of the summaries ([`render_csv`]) and of every
//! sample ([`render_samples_csv`]); the histogram is `histogram.rs`.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Psa, PsaFigure, PsaGroup, Quantity, Role, Summary, SHOWN};
use crate::condition::Profile;
use crate::economics::sensitivity::BaseRule;
use crate::economics::ParameterKind;
use crate::model::PathwayFile;
use crate::outcomes::{classes_line, patients_heading};
use crate::text::escape::{csv_field, json_document, terminal_safe};
use crate::text::number::{amount, grouped, number, number_full, number_with};
use crate::text::plain::SHORT_NOTICE;
use crate::text::words::first_few;

/// What the figures are, said on every output meant for people.
pub(crate) const NOT_BOUNDS: &str = "These are percentiles of the declared distributions, not bounds: \
     `carepath outcomes` gives the exact bounds over every figure's range.";

/// The first line: how many samples, which seed.
pub(crate) fn run_line(psa: &Psa) -> String {
    format!(
        "Probabilistic sensitivity analysis: {} samples, seed {}; the same seed gives the same figures on any machine.",
        grouped(psa.samples),
        psa.seed
    )
}

/// The figures by role, in words: drawn, rescaled, at their base.
pub(crate) fn figure_lines(psa: &Psa) -> Vec<String> {
    let id = |f: &PsaFigure| terminal_safe(&f.parameter.id);
    let drawn: Vec<String> = psa
        .figures
        .iter()
        .filter(|f| matches!(f.role, Role::Drawn(_) | Role::Dirichlet(..)))
        .map(|f| format!("{} {}", id(f), terminal_safe(f.distribution.as_deref().unwrap_or_default())))
        .collect();
    let rescaled: Vec<String> = psa
        .figures
        .iter()
        .filter_map(|f| match f.role {
            Role::Rescaled { drawn } => Some(format!("{} (with {})", id(f), id(&psa.figures[drawn]))),
            _ => None,
        })
        .collect();
    let fixed: Vec<String> = psa
        .figures
        .iter()
        .filter_map(|f| match f.role {
            Role::Base(Some(b)) => {
                let how = if f.midpoint { ", the middle of its range" } else { "" };
                let unit = match f.parameter.kind {
                    ParameterKind::Duration { .. } if b == 1.0 => {
                        format!(" {}", f.parameter.unit.trim_end_matches('s'))
                    }
                    ParameterKind::Duration { .. } => format!(" {}", f.parameter.unit),
                    ParameterKind::Cost { .. } => format!(" {}", f.parameter.unit),
                    ParameterKind::Probability { .. } | ParameterKind::Utility { .. } => String::new(),
                };
                Some(format!("{} {}{unit}{how}", id(f), number(b)))
            }
            Role::Base(None) => Some(format!("{} (a range, no base)", id(f))),
            _ => None,
        })
        .collect();
    let count = |n: usize| if n == 1 { "1 figure".to_string() } else { format!("{} figures", grouped(n)) };
    let mut lines =
        vec![format!("Drawn from their declared distributions ({}): {}.", count(drawn.len()), drawn.join("; "))];
    if !rescaled.is_empty() {
        lines.push(format!(
            "Rescaled to keep their node's branches adding up to 1 ({}): {}.",
            count(rescaled.len()),
            first_few(&rescaled, SHOWN)
        ));
    }
    if !fixed.is_empty() {
        let midpoint = if psa.rule == BaseRule::Midpoint { " (--base midpoint)" } else { "" };
        lines.push(format!(
            "At their base in every sample{midpoint} ({}): {}.",
            count(fixed.len()),
            first_few(&fixed, SHOWN)
        ));
    }
    lines
}

/// A chance as a percentage to one decimal, a time in months to one decimal, a cost to two
/// (thousands grouped), QALYs to three.
fn cell(s: &Summary, x: f64) -> String {
    match s.quantity {
        Quantity::Months => number_with(x, 1),
        Quantity::Cost => amount(x, 2),
        Quantity::Qalys => number_with(x, 3),
        _ => format!("{}%", number_with(x * 100.0, 1)),
    }
}

/// The report as aligned text: the run, the figures, then per group of patient classes a table
/// of mean, standard deviation and percentiles.
pub fn render_text(pathway: &PathwayFile, profile: &Profile, psa: &Psa) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", run_line(psa));
    let _ = writeln!(out, "Pathway: {} ({})", terminal_safe(&pathway.title), terminal_safe(&pathway.id));
    out.push_str(&classes_line(pathway, profile, psa.classes, psa.groups.len()));
    for line in figure_lines(psa) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{NOT_BOUNDS}");
    for group in &psa.groups {
        let _ = writeln!(out);
        out.push_str(&patients_heading(&group.patients_words));
        write_group(&mut out, pathway, group);
    }
    let _ = writeln!(out, "\n{SHORT_NOTICE}");
    out
}

fn write_group(out: &mut String, pathway: &PathwayFile, group: &PsaGroup) {
    let mut rows = vec![["".to_string(), "mean".into(), "sd".into(), "2.5%".into(), "median".into(), "97.5%".into()]];
    for s in &group.summaries {
        rows.push([
            terminal_safe(&s.quantity.words(pathway)),
            cell(s, s.mean),
            cell(s, s.sd),
            cell(s, s.p025),
            cell(s, s.median),
            cell(s, s.p975),
        ]);
    }
    let widths: Vec<usize> = (0..6).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for row in &rows {
        let mut line = format!("  {:<w$}", row[0], w = widths[0]);
        for (c, text) in row.iter().enumerate().skip(1) {
            let _ = write!(line, "  {text:>w$}", w = widths[c]);
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(no_time) = &group.no_time {
        let _ = writeln!(out, "Time on treatment: {}.", terminal_safe(no_time));
    }
    if let Some(no_cost) = &group.no_cost {
        let _ = writeln!(out, "Expected cost: {}.", terminal_safe(no_cost));
    }
    if let Some(no_qalys) = &group.no_qalys {
        let _ = writeln!(out, "Expected QALYs: {}.", terminal_safe(no_qalys));
    }
}

fn summary_json(pathway: &PathwayFile, s: &Summary) -> Value {
    json!({
        "quantity": s.quantity.key(pathway),
        "what": s.quantity.words(pathway),
        "mean": s.mean,
        "sd": s.sd,
        "p2_5": s.p025,
        "median": s.median,
        "p97_5": s.p975,
    })
}

fn role_json(psa: &Psa, f: &PsaFigure) -> Value {
    match &f.role {
        Role::Drawn(_) | Role::Dirichlet(..) => json!({ "role": "drawn", "distribution": f.distribution }),
        Role::Rescaled { drawn } => json!({ "role": "rescaled", "with": psa.figures[*drawn].parameter.id }),
        Role::Base(b) => json!({ "role": "base", "base": b, "midpoint": f.midpoint }),
    }
}

/// The report as one JSON document (shape in docs/health-economics.md): every figure's role,
/// then per group its summaries; numbers as computed (the shortest decimal that reads back
/// to the same bits).
///
/// # Errors
/// When serde_json cannot write the document (it cannot for any value built here).
pub fn render_json(pathway: &PathwayFile, profile: &Profile, psa: &Psa) -> Result<String, serde_json::Error> {
    let profile_json: serde_json::Map<String, Value> =
        profile.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();
    let figures: Vec<Value> = psa
        .figures
        .iter()
        .map(|f| {
            let mut v = role_json(psa, f);
            v["id"] = json!(f.parameter.id);
            v
        })
        .collect();
    let groups: Vec<Value> = psa
        .groups
        .iter()
        .map(|g| {
            json!({
                "patients": g.patients,
                "summaries": g.summaries.iter().map(|s| summary_json(pathway, s)).collect::<Vec<_>>(),
                "time_not_reported": g.no_time,
                "cost_not_reported": g.no_cost,
                "qalys_not_reported": g.no_qalys,
            })
        })
        .collect();
    json_document(&json!({
        "pathway": pathway.id,
        "samples": psa.samples,
        "seed": psa.seed,
        "base": psa.rule.as_str(),
        "profile": profile_json,
        "classes": psa.classes,
        "figures": figures,
        "groups": groups,
        "note": NOT_BOUNDS,
    }))
}

const CSV_HEADER: &str = "group,patients,quantity,what,mean,sd,p2_5,median,p97_5";

/// The summaries as CSV: one row per group and quantity.
pub fn render_csv(pathway: &PathwayFile, psa: &Psa) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for (g, group) in psa.groups.iter().enumerate() {
        let patients = group.patients.join("; ");
        for s in &group.summaries {
            let fields = [
                (g + 1).to_string(),
                csv_field(&patients),
                csv_field(&s.quantity.key(pathway)),
                csv_field(&s.quantity.words(pathway)),
                number_full(s.mean),
                number_full(s.sd),
                number_full(s.p025),
                number_full(s.median),
                number_full(s.p975),
            ];
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// Every sample as CSV, for analysis in R or Python: one row per sample and group, with the
/// columns `sample` (from 1), `group`, one per figure (its id; a duration in its unit) and one
/// per quantity the groups report (its key; empty where a group does not report it).
pub fn render_samples_csv(pathway: &PathwayFile, psa: &Psa) -> String {
    let mut keys: Vec<String> = Vec::new();
    for group in &psa.groups {
        for s in &group.summaries {
            let key = s.quantity.key(pathway);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    let mut out = String::from("sample,group");
    for f in &psa.figures {
        out.push(',');
        out.push_str(&csv_field(&f.parameter.id));
    }
    for key in &keys {
        out.push(',');
        out.push_str(&csv_field(key));
    }
    out.push_str("\r\n");
    for (g, group) in psa.groups.iter().enumerate() {
        let column: Vec<Option<usize>> =
            keys.iter().map(|key| group.summaries.iter().position(|s| &s.quantity.key(pathway) == key)).collect();
        for i in 0..psa.samples {
            let _ = write!(out, "{},{}", i + 1, g + 1);
            for values in &psa.values {
                let _ = write!(out, ",{}", number_full(values[i]));
            }
            for c in &column {
                out.push(',');
                if let Some(q) = c {
                    out.push_str(&number_full(group.samples[*q][i]));
                }
            }
            out.push_str("\r\n");
        }
    }
    out
}
