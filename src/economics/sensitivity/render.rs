//! One-way sensitivity as text for a terminal ([`render_text`]), one JSON document
//! ([`render_json`]) and RFC 4180 CSV ([`render_csv`]); the tornado chart is `tornado.rs`.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Row, Sensitivity, SensitivityGroup, Target};
use crate::condition::Profile;
use crate::model::PathwayFile;
use crate::outcomes::{classes_line, patients_heading};
use crate::text::escape::{csv_field, json_document, terminal_safe};
use crate::text::number::{amount, number, number_full, number_with, round12};
use crate::text::plain::SHORT_NOTICE;
use crate::text::words::{chance_with_bounds, first_few};

/// The line every output meant for people ends with: the one [`SHORT_NOTICE`].
pub(crate) const NOT_MEDICAL_ADVICE: &str = SHORT_NOTICE;

/// What a run does, in one sentence, under the title.
pub(crate) const METHOD: &str = "Each figure with a range is set to its low and to its high end, every other \
     figure at its base; the other branches out of its node are rescaled in proportion to their bases, so they \
     still sum to 1. The swing is the difference between the two chances.";

/// [`METHOD`] for the expected cost or QALYs, where lengths, costs and utilities vary too.
pub(crate) const METHOD_VALUE: &str = "Each figure with a range (a branch's chance, a length, a cost or a \
     utility) is set to its low and to its high end, every other figure at its base; the other branches out of a \
     node are rescaled in proportion to their bases, so they still sum to 1. The swing is the difference between \
     the two values.";

impl Sensitivity {
    /// The sentence saying how a run works, for this outcome.
    pub(crate) fn method(&self) -> &'static str {
        if self.target.is_chance() {
            METHOD
        } else {
            METHOD_VALUE
        }
    }

    /// A value in words: a chance with its exact value (`42.5% (exact 0.425)`), a cost with its
    /// currency (`15,120 EUR`), QALYs (`4.22 QALYs`).
    pub(crate) fn value_text(&self, x: f64) -> String {
        match self.target {
            Target::Cost => format!("{} {}", amount(x, 2), self.currency.as_deref().unwrap_or("(no currency)")),
            Target::Qalys => format!("{} QALYs", amount(x, 4)),
            _ => chance_text(x),
        }
    }

    /// A swing in words: percentage points for a chance, else as [`Sensitivity::value_text`].
    fn swing_text(&self, x: f64) -> String {
        if self.target.is_chance() {
            swing_text(x)
        } else {
            self.value_text(x)
        }
    }

    /// A value as a tick or bar-end label of the tornado chart: `42.5%`, `15,120`, `4.22`.
    pub(crate) fn value_label(&self, x: f64) -> String {
        match self.target {
            Target::Cost => amount(x, 2),
            Target::Qalys => amount(x, 4),
            _ => format!("{}%", number_with(x * 100.0, 2)),
        }
    }
}

/// How many ids the "do not move it" line names; the rest are counted.
const STILL_SHOWN: usize = 4;

/// A chance in words with its exact value: `42.5% (exact 0.425)`.
pub(crate) fn chance_text(x: f64) -> String {
    chance_with_bounds(x, x, None, true, false)
}

/// A swing in percentage points with its exact value: `10 points (exact 0.1)`.
fn swing_text(x: f64) -> String {
    let points = number_with(x * 100.0, 1);
    format!("{points} point{} (exact {})", if points == "1" { "" } else { "s" }, number(x))
}

/// The report as aligned text for a terminal: the base rule first, the outcome, then per
/// group of patient classes its base value and its figures, largest swing first.
pub fn render_text(pathway: &PathwayFile, profile: &Profile, s: &Sensitivity) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", terminal_safe(&s.base_rule_line()));
    let _ = writeln!(
        out,
        "One-way sensitivity of {} ({}): the {}",
        terminal_safe(&pathway.title),
        terminal_safe(&pathway.id),
        terminal_safe(&s.target.words(pathway))
    );
    out.push_str(&classes_line(pathway, profile, s.classes, s.groups.len()));
    let _ = writeln!(out, "{}", s.method());
    for group in &s.groups {
        let _ = writeln!(out);
        out.push_str(&patients_heading(&group.patients_words));
        write_group(&mut out, s, group);
    }
    let fixed: Vec<String> = s.figures.iter().filter(|f| !f.varied).map(|f| terminal_safe(&f.parameter.id)).collect();
    if !fixed.is_empty() {
        let _ = writeln!(out, "\nExact figures, not varied: {}.", first_few(&fixed, STILL_SHOWN));
    }
    let _ = writeln!(out, "\n{NOT_MEDICAL_ADVICE}");
    out
}

fn write_group(out: &mut String, s: &Sensitivity, group: &SensitivityGroup) {
    let _ = writeln!(out, "At the base figures: {}", s.value_text(group.base_value));
    if group.rows.is_empty() {
        let _ = writeln!(out, "No figure with a range moves it for these patients.");
    } else {
        let cell = |figure: f64, value: f64| format!("{} → {}", number(figure), s.value_text(value));
        let mut rows = vec![(
            "figure".to_string(),
            "at its low end".to_string(),
            "at its high end".to_string(),
            "swing".to_string(),
            String::new(),
        )];
        for r in &group.rows {
            let p = &s.figures[r.figure].parameter;
            rows.push((
                terminal_safe(&p.id),
                cell(p.low, r.at_low),
                cell(p.high, r.at_high),
                s.swing_text(r.swing),
                format!("{}; as stated: {}", terminal_safe(&p.what), terminal_safe(&p.stated)),
            ));
        }
        let width = |f: fn(&(String, String, String, String, String)) -> &String| {
            rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0)
        };
        let (a, b, c) = (width(|r| &r.0), width(|r| &r.1), width(|r| &r.2));
        for (id, low, high, swing, what) in &rows {
            let line = format!("  {id:<a$}  {low:<b$}  {high:<c$}  {swing}");
            let _ = writeln!(out, "{}", line.trim_end());
            if !what.is_empty() {
                let _ = writeln!(out, "      {what}");
            }
        }
    }
    let still: Vec<String> = s.not_moving(group).iter().map(|id| terminal_safe(id)).collect();
    if !still.is_empty() {
        let _ = writeln!(out, "Do not move it: {}.", first_few(&still, STILL_SHOWN));
    }
}

/// A number as JSON writes it, rounded to 12 decimals.
fn figure_json(x: f64) -> Value {
    json!(round12(x))
}

fn row_json(s: &Sensitivity, rank: usize, r: &Row) -> Value {
    json!({
        "rank": rank + 1,
        "id": s.figures[r.figure].parameter.id,
        "value_at_low": figure_json(r.at_low),
        "value_at_high": figure_json(r.at_high),
        "swing": figure_json(r.swing),
    })
}

/// The report as one JSON document (shape in docs/health-economics.md): exact numbers, the
/// figures once, each group's ranking by figure id.
///
/// # Errors
/// When serde_json cannot write the document (it cannot for any value built here).
pub fn render_json(pathway: &PathwayFile, profile: &Profile, s: &Sensitivity) -> Result<String, serde_json::Error> {
    let profile_json: serde_json::Map<String, Value> =
        profile.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();
    let figures: Vec<Value> = s
        .figures
        .iter()
        .map(|f| {
            let p = &f.parameter;
            json!({
                "id": p.id,
                "what": p.what,
                "stated": p.stated,
                "low": figure_json(p.low),
                "base": figure_json(f.base),
                "base_from": if f.midpoint { "midpoint" } else { "file" },
                "high": figure_json(p.high),
                "varied": f.varied,
            })
        })
        .collect();
    let groups: Vec<Value> = s
        .groups
        .iter()
        .map(|g| {
            let words: Vec<String> = g.patients_words.iter().map(|w| w.join("; or ")).collect();
            json!({
                "patients": g.patients,
                "patients_words": words,
                "base_value": figure_json(g.base_value),
                "ranked": g.rows.iter().enumerate().map(|(i, r)| row_json(s, i, r)).collect::<Vec<_>>(),
                "not_moving": s.not_moving(g),
            })
        })
        .collect();
    json_document(&json!({
        "pathway": { "id": pathway.id, "title": pathway.title, "version": pathway.version },
        "outcome": {
            "kind": s.target.kind(),
            "id": s.target.id(pathway),
            "what": s.target.words(pathway),
            "unit": match s.target {
                Target::Cost => json!(s.currency),
                Target::Qalys => json!("QALYs"),
                _ => json!("probability"),
            },
        },
        "base_rule": s.rule.as_str(),
        "base_rule_words": s.base_rule_line(),
        "profile": profile_json,
        "classes": s.classes,
        "figures": figures,
        "durations": s.durations,
        "groups": groups,
    }))
}

/// The columns of the CSV, in order.
const CSV_HEADER: &str = "base_rule,group,patients,rank,id,what,stated,low,base,base_from,high,\
     value_at_base,value_at_low,value_at_high,swing";

/// RFC 4180 CSV: one row per group of patient classes and figure that moves the chance, in
/// rank order, a header first; `base_rule` (`file` or `midpoint`) on every row and
/// `base_from` saying where each figure's base comes from. Every text field through
/// [`csv_field`]; numbers exact, rounded to 12 decimals.
pub fn render_csv(s: &Sensitivity) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for (g, group) in s.groups.iter().enumerate() {
        let patients = group.patients.join("; ");
        for (rank, r) in group.rows.iter().enumerate() {
            let f = &s.figures[r.figure];
            let p = &f.parameter;
            let fields = [
                s.rule.as_str().to_string(),
                (g + 1).to_string(),
                csv_field(&patients),
                (rank + 1).to_string(),
                csv_field(&p.id),
                csv_field(&p.what),
                csv_field(&p.stated),
                number_full(p.low),
                number_full(f.base),
                (if f.midpoint { "midpoint" } else { "file" }).to_string(),
                number_full(p.high),
                number_full(group.base_value),
                number_full(r.at_low),
                number_full(r.at_high),
                number_full(r.swing),
            ];
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
    }
    out
}
