//! The data the explorer page embeds, computed by carepath (docs/explorer.md has the shape):
//! the factors with their values in words, the nodes, every feasible path with the patients
//! its conditions allow (boxes of values, from [`Feasibility::patients`]) and its figures in
//! words, the conditional `includes` edges with their patients, and the outcome figures per
//! group of patient classes with each group's patients. The page's script only checks the
//! chosen values against these boxes: there is no table of profiles.

use std::ops::ControlFlow;

use serde_json::{json, Value};

use crate::condition::{Allowed, Feasibility, PathwayConditions, PatientSet, Profile};
use crate::graph::PathwayGraph;
use crate::model::{EdgeKind, FactorType, PathwayFile};
use crate::outcomes::{self, Bounds, ClassOutcome, OutcomeReport};
use crate::paths::{self, PathSummary, Selection};
use crate::text::number::months_text;
use crate::text::words::{chance_words, time_words, unknown_steps_words, FROM_APPROXIMATE_WORDS, NOT_GIVEN};

/// Most paths a page embeds; past it the page lists the first ones and says there are more.
pub const MAX_PAGE_PATHS: usize = 5000;

/// The page's data for `pathway`: the value `JSON.parse` gives the script.
///
/// Complexity: one walk of the feasible paths (at most [`MAX_PAGE_PATHS`] listed), one
/// outcome analysis per patient class ([`outcomes::by_patient_class`]), and per conditional
/// `includes` edge the cells of its factors.
pub(super) fn page_data(pathway: &PathwayFile, conditions: &PathwayConditions, flow: &PathwayGraph) -> Value {
    let (paths, more) = paths_json(pathway, conditions, flow);
    let (groups, outcomes_note) =
        match outcomes::by_patient_class(pathway, conditions, &Profile::new(), &outcomes::AnalysisOptions::default()) {
            Ok(groups) => (groups.iter().map(|g| group_json(pathway, g)).collect::<Vec<_>>(), Value::Null),
            Err(e) => (Vec::new(), json!(format!("The outcome figures are not on this page: {e}."))),
        };
    let includes: Vec<Value> = pathway
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EdgeKind::Includes)
        .filter_map(|(i, _)| Some(json!([i, boxes_json(&conditions.edge_patients(i)?)])))
        .collect();
    json!({
        "pathway": { "id": pathway.id, "title": pathway.title, "version": pathway.version },
        "factors": pathway.factors.iter().map(factor_json).collect::<Vec<_>>(),
        "nodes": pathway.nodes.iter().map(|n| json!({
            "id": n.id,
            "label": n.label,
            "kind": n.kind.as_str(),
            "category": n.outcome.map(|c| crate::export::node_style(n.kind, Some(c)).name),
        })).collect::<Vec<_>>(),
        "paths": paths,
        "more_paths": more,
        "includes": includes,
        "outcomes": groups,
        "outcomes_note": outcomes_note,
    })
}

/// One factor: id, label, type, its values and each value's words (booleans: `true`, `false`),
/// bounds and unit for integers.
fn factor_json(f: &crate::model::Factor) -> Value {
    let wording = f.wording.as_ref();
    let (values, words): (Vec<String>, Vec<String>) = match f.kind {
        FactorType::Boolean => (
            vec!["true".into(), "false".into()],
            vec![
                wording.and_then(|w| w.when_true.clone()).unwrap_or_else(|| "yes".into()),
                wording.and_then(|w| w.when_false.clone()).unwrap_or_else(|| "no".into()),
            ],
        ),
        FactorType::Enum => {
            let mut values: Vec<String> = Vec::new();
            for v in &f.values {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
            let words =
                values.iter().map(|v| wording.and_then(|w| w.values.get(v)).cloned().unwrap_or(v.clone())).collect();
            (values, words)
        }
        FactorType::Integer => (Vec::new(), Vec::new()),
    };
    let unit = wording.and_then(|w| w.unit.clone()).or_else(|| f.unit.clone());
    json!({
        "id": f.id,
        "label": f.label,
        "type": match f.kind { FactorType::Boolean => "boolean", FactorType::Enum => "enum", FactorType::Integer => "integer" },
        "values": values,
        "words": words,
        "min": f.min,
        "max": f.max,
        "unit": unit,
        "name": wording.and_then(|w| w.name.clone()).unwrap_or_else(|| f.label.clone()),
    })
}

/// Every feasible path for every patient (walk order, numbered as `carepath paths` numbers
/// them), at most [`MAX_PAGE_PATHS`], and whether there are more.
fn paths_json(pathway: &PathwayFile, conditions: &PathwayConditions, flow: &PathwayGraph) -> (Vec<Value>, bool) {
    let mut out = Vec::new();
    let mut more = false;
    let Some(selection) = Selection::all(flow) else { return (out, more) };
    let mut filter = Feasibility::new(conditions, &Profile::new());
    paths::walk(pathway, flow, &selection, &mut filter, &mut |steps, filter| {
        if out.len() >= MAX_PAGE_PATHS {
            more = true;
            return ControlFlow::Break(());
        }
        let summary = PathSummary::of(pathway, flow, steps, filter);
        out.push(json!({
            "n": out.len() + 1,
            "steps": steps.iter().map(|s| s.node).collect::<Vec<_>>(),
            "edges": steps.iter().filter_map(|s| s.edge).collect::<Vec<_>>(),
            "patients": boxes_json(&filter.patients()),
            "when": filter.describe_words(),
            "chance": path_chance_words(&summary),
            "time": path_time_words(&summary),
        }));
        ControlFlow::Continue(())
    });
    (out, more)
}

/// A path's chance in words: `33–53%`, with `, worked out from approximate figures` when so.
fn path_chance_words(s: &PathSummary) -> String {
    let p = s.probability;
    let mut text = chance_words(p.low, p.high, p.quantified);
    if p.approximate {
        text.push_str(", ");
        text.push_str(FROM_APPROXIMATE_WORDS);
    }
    text
}

/// A path's length in words: `21–30 months`, `at least 27 months (1 step has no length given
/// by the source)`.
fn path_time_words(s: &PathSummary) -> String {
    let mut text = time_words(s.months.0, s.months.1, s.undated);
    if s.months_approximate {
        text.push_str(", ");
        text.push_str(FROM_APPROXIMATE_WORDS);
    }
    if s.undated > 0 {
        text.push_str(&format!(" ({})", unknown_steps_words(s.undated)));
    }
    text
}

/// A set of patients as JSON: a list of boxes, each a list of `[factor index, allowed]`;
/// allowed is `[true]`/`[false]`, a list of enum values, or a list of `[low, high]` intervals
/// (`null` for an open end).
fn boxes_json(set: &PatientSet) -> Value {
    let allowed = |a: &Allowed| match a {
        Allowed::Bool(b) => json!([b]),
        Allowed::Enum(values) => json!(values),
        Allowed::Int(runs) => Value::Array(
            runs.iter()
                .map(|&(lo, hi)| json!([(lo != i64::MIN).then_some(lo), (hi != i64::MAX).then_some(hi)]))
                .collect(),
        ),
    };
    Value::Array(
        set.boxes.iter().map(|b| Value::Array(b.iter().map(|(f, a)| json!([f, allowed(a)])).collect())).collect(),
    )
}

/// One group of patient classes with the same outcome figures: the classes' patients and
/// words, each terminal outcome's chance (bounds and words) and the time on treatment in words.
fn group_json(pathway: &PathwayFile, group: &ClassOutcome) -> Value {
    let mut boxes = PatientSet::default();
    for class in &group.classes {
        for b in &class.patients.boxes {
            if !boxes.boxes.contains(b) {
                boxes.boxes.push(b.clone());
            }
        }
    }
    let who: Vec<String> = group.classes.iter().map(|c| c.words.join("; or ")).collect();
    let report = &group.report;
    json!({
        "patients": boxes_json(&boxes),
        "who": who.join("; or "),
        "terminals": report.terminals.iter().map(|t| json!({
            "node": t.node,
            "low": t.probability.low,
            "high": t.probability.high,
            "approximate": t.probability.approximate,
            "words": outcome_chance_words(&t.probability),
        })).collect::<Vec<_>>(),
        "time": report_time_words(report),
        "time_low": report.months.low.is_finite().then_some(report.months.low),
        "time_high": (report.time_known() && report.months.high.is_finite()).then_some(report.months.high),
        "time_approximate": report.months.approximate,
        "caveats": outcomes::applicable_caveats(pathway, report).iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
    })
}

/// The chance of ending at an outcome, in words: `33–53%`, and `, worked out from approximate
/// figures` when an approximate figure lies on a way to it. A branch without a figure counts
/// as anything from 0 to 1, so the range is an exact bound.
pub(super) fn outcome_chance_words(b: &Bounds) -> String {
    let mut text = chance_words(b.low, b.high, true);
    if b.approximate {
        text.push_str(", ");
        text.push_str(FROM_APPROXIMATE_WORDS);
    }
    text
}

/// The expected time on treatment of a report in words: `21–30 months`, `at least 20.5 months
/// (5 steps have no length given by the source)`, `no upper bound` when a step may repeat
/// without end.
fn report_time_words(report: &OutcomeReport) -> String {
    let m = &report.months;
    let unknown = report.undated.len();
    let mut text = if !m.low.is_finite() {
        "no upper bound: a step may repeat without end".to_string()
    } else if !m.high.is_finite() && unknown == 0 {
        format!("at least {}, with no upper bound: a step may repeat without end", months_text(m.low, m.low))
    } else if m.low <= 0.0 && unknown > 0 {
        NOT_GIVEN.to_string()
    } else {
        time_words(m.low, m.high, unknown)
    };
    if m.approximate {
        text.push_str(", ");
        text.push_str(FROM_APPROXIMATE_WORDS);
    }
    if unknown > 0 {
        text.push_str(&format!(" ({})", unknown_steps_words(unknown)));
    }
    text
}
