//! Approximate figures and unknown lengths in the outcomes: the exact bounds the "about"
//! convention gives on a fixture shaped like the adult ALL first-line route, and times that are
//! never a closed range when a step of unknown length may be reached.

use super::*;
use crate::condition::{PathwayConditions, Profile};
use crate::source::SourceText;

const APPROXIMATE: &str = include_str!("../../../tests/fixtures/figures/approximate.json");

/// The fixture as the loader reads it (approximate figures widened by the file's tolerance),
/// with `edit` applied to its text first.
fn load(edit: impl FnOnce(&str) -> String) -> PathwayFile {
    crate::load::load_text(SourceText::new("approximate.json", edit(APPROXIMATE))).unwrap().pathway
}

/// The report for the patients of `profile` (one class each here).
fn report_for(pathway: &PathwayFile, profile: &[&str]) -> OutcomeReport {
    let conditions = PathwayConditions::new(pathway);
    let specs: Vec<String> = profile.iter().map(|s| s.to_string()).collect();
    let profile = Profile::parse(&specs, &pathway.factors).unwrap();
    let groups = by_patient_class(pathway, &conditions, &profile, &AnalysisOptions::default()).unwrap();
    assert_eq!(groups.len(), 1, "{profile:?}");
    groups.into_iter().next().unwrap().report
}

fn exactly(actual: Bounds, low: f64, high: f64) {
    // The widened figures are rounded to 12 decimals, and so is every reported figure.
    assert_eq!((round12(actual.low), round12(actual.high)), (low, high), "{actual:?}");
}

#[test]
fn about_figures_widen_and_cure_after_first_line_is_their_product() {
    let p = load(str::to_string);
    for profile in [["high_risk=true"], ["high_risk=false"]] {
        let r = report_for(&p, &profile);
        // Complete remission about 80–90%: [0.75, 0.95]; refractory about 10–20%: [0.05, 0.25].
        exactly(passing(&p, &r, "first_remission"), 0.75, 0.95);
        exactly(terminal(&p, &r, "refractory"), 0.05, 0.25);
        // Relapse about half of remissions; cure [0.75 × 0.45, 0.95 × 0.55] = [0.3375, 0.5225],
        // which holds the source's "in the range of 40%" (0.35–0.45).
        exactly(terminal(&p, &r, "relapse"), 0.3375, 0.5225);
        let cure = terminal(&p, &r, "long_term");
        exactly(cure, 0.3375, 0.5225);
        assert!(cure.low <= 0.35 && 0.45 <= cure.high);
        assert!(cure.approximate && terminal(&p, &r, "refractory").approximate);
        // Every patient ends somewhere, whatever the figures: not "from approximate figures".
        assert_eq!(r.no_terminal, Bounds { low: 0.0, high: 0.0, base: Some(0.0), approximate: false });
        assert_eq!(bounds_text(&cure), "[0.3375, 0.5225] (from approximate figures)");
    }
}

#[test]
fn the_file_tolerance_widens_instead_of_the_default() {
    let p = load(|t| t.replacen(r#""about_tolerance": 0.05"#, r#""about_tolerance": 0.1"#, 1));
    let r = report_for(&p, &["high_risk=false"]);
    exactly(passing(&p, &r, "first_remission"), 0.7, 1.0);
    exactly(terminal(&p, &r, "refractory"), 0.0, 0.3);
    // [0.7 × 0.4, 1 × 0.6]: relapse about half is [0.4, 0.6] too.
    exactly(terminal(&p, &r, "long_term"), 0.28, 0.6);
}

#[test]
fn a_step_of_unknown_length_on_the_way_leaves_the_time_open() {
    let p = load(str::to_string);
    let transplant = report_for(&p, &["high_risk=true"]);
    assert!(!transplant.time_known());
    assert_eq!(transplant.undated.iter().map(|&u| p.nodes[u].id.as_str()).collect::<Vec<_>>(), ["sct"]);
    assert_eq!(transplant.months.low, 1.0);
    assert_eq!(time_text(&transplant), "at least 1 month (from approximate figures), plus steps of unknown length");
    let json: serde_json::Value = serde_json::from_str(&render_json(&p, &transplant).unwrap()).unwrap();
    assert_eq!(
        json["time_on_treatment_months"],
        json!({ "low": 1.0, "high": null, "base": null, "approximate": true, "unknown_steps": 1 })
    );
    // Chemotherapy: every step has a length; 1 + [0.75, 0.95] × ([2, 4] + 24) months.
    let chemo = report_for(&p, &["high_risk=false"]);
    assert!(chemo.time_known() && chemo.undated.is_empty());
    assert!((chemo.months.low - 20.5).abs() < 1e-9 && (chemo.months.high - 27.6).abs() < 1e-9, "{:?}", chemo.months);
    assert_eq!(time_text(&chemo), "[20.5, 27.6] months (from approximate figures)");
}

#[test]
fn a_step_behind_a_branch_of_probability_zero_is_not_reached() {
    // The transplant is behind a chance branch that can have no share: the other branch's low
    // is 1. Its unknown length cannot make the time open.
    let p = build(
        json!([
            { "id": "dx", "kind": "start", "label": "Dx" },
            { "id": "cr", "kind": "outcome", "label": "CR", "outcome": "remission" },
            { "id": "sct", "kind": "intervention", "label": "SCT" },
            { "id": "chemo", "kind": "phase", "label": "Chemo", "duration": { "min": 2, "max": 2, "unit": "months" } },
            { "id": "done", "kind": "outcome", "label": "Done", "outcome": "long_term_remission" }
        ]),
        json!([
            { "from": "dx", "to": "cr" },
            { "from": "cr", "to": "sct", "probability": { "low": 0, "high": 0.5 } },
            { "from": "cr", "to": "chemo", "probability": { "low": 1, "high": 1 } },
            { "from": "sct", "to": "done" }, { "from": "chemo", "to": "done" }
        ]),
    );
    let r = analyse_open(&p);
    assert!(r.time_known() && r.undated.is_empty(), "{:?}", r.undated);
    assert_eq!(time_text(&r), "2 months");
    // With any share at all, it is reached, and the time is open.
    let p = build(
        json!([
            { "id": "dx", "kind": "start", "label": "Dx" },
            { "id": "cr", "kind": "outcome", "label": "CR", "outcome": "remission" },
            { "id": "sct", "kind": "intervention", "label": "SCT" },
            { "id": "chemo", "kind": "phase", "label": "Chemo", "duration": { "min": 2, "max": 2, "unit": "months" } },
            { "id": "done", "kind": "outcome", "label": "Done", "outcome": "long_term_remission" }
        ]),
        json!([
            { "from": "dx", "to": "cr" },
            { "from": "cr", "to": "sct", "probability": { "low": 0, "high": 0.5 } },
            { "from": "cr", "to": "chemo", "probability": { "low": 0.99, "high": 1 } },
            { "from": "sct", "to": "done" }, { "from": "chemo", "to": "done" }
        ]),
    );
    let r = analyse_open(&p);
    assert!(!r.time_known());
    assert_eq!(time_text(&r), "at least 1.98 months, plus steps of unknown length");
}

#[test]
fn figures_apart_from_the_approximate_ones_are_exact() {
    // The approximate split comes after the refractory outcome is decided: its figure does not
    // depend on it.
    let p = build(
        json!([
            { "id": "dx", "kind": "start", "label": "Dx" },
            { "id": "ind", "kind": "phase", "label": "Induction", "duration": { "min": 1, "max": 1, "unit": "months" } },
            { "id": "cr", "kind": "outcome", "label": "CR", "outcome": "remission" },
            { "id": "ref", "kind": "outcome", "label": "Refractory", "outcome": "refractory" },
            { "id": "relapse", "kind": "outcome", "label": "Relapse", "outcome": "relapse" },
            { "id": "cured", "kind": "outcome", "label": "Cured", "outcome": "long_term_remission" }
        ]),
        json!([
            { "from": "dx", "to": "ind" },
            { "from": "ind", "to": "cr", "probability": 0.8 },
            { "from": "ind", "to": "ref", "probability": 0.2 },
            { "from": "cr", "to": "relapse", "probability": { "about": 0.5 } },
            { "from": "cr", "to": "cured", "probability": { "about": 0.5 } }
        ]),
    );
    let r = analyse_open(&p);
    assert!(!terminal(&p, &r, "ref").approximate && !passing(&p, &r, "cr").approximate);
    exactly(terminal(&p, &r, "cured"), 0.36, 0.44);
    assert_eq!(terminal(&p, &r, "cured").base, Some(0.4));
    assert!(terminal(&p, &r, "cured").approximate);
    // No time is spent after the approximate split: the time is exact.
    assert!(!r.months.approximate);
    assert_eq!(time_text(&r), "1 month");
}
