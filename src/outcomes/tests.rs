//! Unit tests of the outcome engine: exact figures on hand-made fixtures and on the adult ALL
//! pathway, whose figures come from its source.

mod figures;

use serde_json::json;

use super::*;
use crate::condition::{PatientClass, PatientSet};
use crate::model::PathwayFile;

fn parse(text: &str) -> PathwayFile {
    serde_json::from_str(text).unwrap()
}

/// The resolver the CLI uses until patient profiles exist.
fn analyse_open(pathway: &PathwayFile) -> OutcomeReport {
    let flow = PathwayGraph::new(pathway);
    analyse(&flow, &|e| if pathway.edges[e].when.is_none() { Some(true) } else { None }).unwrap()
}

fn terminal(pathway: &PathwayFile, report: &OutcomeReport, id: &str) -> Bounds {
    report.terminals.iter().find(|t| pathway.nodes[t.node].id == id).unwrap().probability
}

fn passing(pathway: &PathwayFile, report: &OutcomeReport, id: &str) -> Bounds {
    report.passing.iter().find(|t| pathway.nodes[t.node].id == id).unwrap().probability
}

fn category(report: &OutcomeReport, category: OutcomeCategory) -> Bounds {
    report.categories.iter().find(|c| c.category == category).unwrap().probability
}

fn assert_bounds(actual: Bounds, low: f64, high: f64) {
    assert!(
        (actual.low - low).abs() <= 1e-12 && (actual.high - high).abs() <= 1e-12,
        "expected [{low}, {high}], got [{}, {}]",
        actual.low,
        actual.high
    );
}

/// A pathway from JSON nodes and edges, without sources.
fn build(nodes: serde_json::Value, edges: serde_json::Value) -> PathwayFile {
    serde_json::from_value(json!({
        "id": "t", "title": "T", "version": "1", "sources": [], "nodes": nodes, "edges": edges,
    }))
    .unwrap()
}

#[test]
fn relapse_loop_converges_to_the_exact_fractions() {
    let p = parse(include_str!("../../tests/fixtures/paths/loop.json"));
    let r = analyse_open(&p);
    // cured = 0.5 / (1 - 0.3) = 5/7; palliative = 0.2 / 0.7 = 2/7.
    assert_bounds(terminal(&p, &r, "cured"), 5.0 / 7.0, 5.0 / 7.0);
    assert_bounds(terminal(&p, &r, "palliative"), 2.0 / 7.0, 2.0 / 7.0);
    assert!((terminal(&p, &r, "cured").base.unwrap() - 5.0 / 7.0).abs() <= 1e-12);
    assert_bounds(passing(&p, &r, "relapse"), 0.3, 0.3);
    assert_bounds(r.no_terminal, 0.0, 0.0);
    // Expected time: the 2–3 month treatment is given 1 / 0.7 times on average.
    assert!((r.months.low - 2.0 / 0.7).abs() <= 1e-12, "{}", r.months.low);
    assert!((r.months.high - 3.0 / 0.7).abs() <= 1e-12, "{}", r.months.high);
    assert_eq!(r.months.base, None);
}

#[test]
fn ranges_multiply_as_bounds() {
    let p = parse(include_str!("../../tests/fixtures/paths/ranges.json"));
    let r = analyse_open(&p);
    assert_bounds(terminal(&p, &r, "long_term"), 0.40, 0.45);
    assert_bounds(terminal(&p, &r, "relapse"), 0.40, 0.45);
    assert_bounds(terminal(&p, &r, "refractory"), 0.10, 0.20);
    assert_bounds(passing(&p, &r, "remission"), 0.80, 0.90);
    assert_bounds(category(&r, OutcomeCategory::LongTermRemission), 0.40, 0.45);
    assert_eq!(terminal(&p, &r, "long_term").base, None);
    assert_eq!(r.months, Bounds { low: 1.0, high: 1.0, base: Some(1.0), approximate: false });
}

#[test]
fn adult_all_matches_the_source_figures() {
    let p = parse(include_str!("../../pathways/adult-all.json"));
    let r = analyse_open(&p);
    // ACS: about 80–90% reach complete remission, about 10–20% are refractory, and about half
    // of those in remission relapse. "About" widens each stated figure by the file's 0.05.
    assert_bounds(passing(&p, &r, "first_remission"), 0.75, 0.95);
    assert_bounds(passing(&p, &r, "refractory"), 0.05, 0.25);
    // Cure after first-line treatment = remission × no relapse = [0.75 × 0.45, 0.95 × 0.55],
    // which holds the page's "in the range of 40%".
    assert_bounds(terminal(&p, &r, "long_term_remission_first_line"), 0.3375, 0.5225);
    // The one way into relapse is from remission after first-line treatment.
    assert_bounds(passing(&p, &r, "relapse"), 0.3375, 0.5225);
    // Salvage has no figures and refractory patients may reach it too, so with every decision
    // open the long-term remission category reaches up to everyone.
    assert_bounds(category(&r, OutcomeCategory::LongTermRemission), 0.3375, 1.0);
    assert_bounds(r.no_terminal, 0.0, 0.0);
}

#[test]
fn base_values_follow_every_figure_involved() {
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "x", "kind": "phase", "label": "X" },
            { "id": "a", "kind": "outcome", "label": "A", "outcome": "remission" },
            { "id": "b", "kind": "outcome", "label": "B", "outcome": "refractory" },
        ]),
        json!([
            { "from": "s", "to": "x" },
            { "from": "x", "to": "a", "probability": { "low": 0.6, "high": 0.8, "base": 0.7 } },
            { "from": "x", "to": "b", "probability": { "low": 0.2, "high": 0.4, "base": 0.3 } },
        ]),
    );
    let r = analyse_open(&p);
    let a = terminal(&p, &r, "a");
    assert_bounds(a, 0.6, 0.8);
    assert_eq!(a.base, Some(0.7));
    assert_eq!(bounds_text(&a), "[0.6, 0.8] (base 0.7)");
}

#[test]
fn unquantified_chance_and_open_decisions_are_free_choices() {
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "d", "kind": "decision", "label": "D" },
            { "id": "x", "kind": "phase", "label": "X" },
            { "id": "a", "kind": "outcome", "label": "A", "outcome": "remission" },
            { "id": "b", "kind": "outcome", "label": "B", "outcome": "refractory" },
        ]),
        json!([
            { "from": "s", "to": "d" },
            { "from": "d", "to": "x", "when": "ph_positive" },
            { "from": "d", "to": "a", "when": "else" },
            { "from": "x", "to": "a" },
            { "from": "x", "to": "b" },
        ]),
    );
    let r = analyse_open(&p);
    assert_bounds(terminal(&p, &r, "a"), 0.0, 1.0);
    assert_bounds(terminal(&p, &r, "b"), 0.0, 1.0);
    // Resolved: the patient is Ph+ (edge 1 taken, edge 2 not): x's split is still unknown.
    let r = analyse(&PathwayGraph::new(&p), &|e| Some(e == 1)).unwrap();
    assert_bounds(terminal(&p, &r, "a"), 0.0, 1.0);
    assert_bounds(terminal(&p, &r, "b"), 0.0, 1.0);
    // Resolved the other way: always a.
    let r = analyse(&PathwayGraph::new(&p), &|e| Some(e == 2)).unwrap();
    assert_bounds(terminal(&p, &r, "a"), 1.0, 1.0);
    assert_eq!(r.terminals.len(), 1, "b is not reachable for this patient");
    // No branch applies: the walk stops.
    let r = analyse(&PathwayGraph::new(&p), &|_| Some(false)).unwrap();
    assert!(r.terminals.is_empty());
    assert_bounds(r.no_terminal, 1.0, 1.0);
}

#[test]
fn a_loop_that_can_repeat_forever_makes_time_unbounded() {
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "treat", "kind": "phase", "label": "T", "duration": { "min": 1, "max": 2, "unit": "months" } },
            { "id": "relapse", "kind": "outcome", "label": "R", "outcome": "relapse" },
            { "id": "cured", "kind": "outcome", "label": "C", "outcome": "long_term_remission" },
        ]),
        json!([
            { "from": "s", "to": "treat" },
            { "from": "treat", "to": "cured" },
            { "from": "treat", "to": "relapse" },
            { "from": "relapse", "to": "treat" },
        ]),
    );
    let r = analyse_open(&p);
    assert_eq!(r.months.low, 1.0);
    assert_eq!(r.months.high, f64::INFINITY);
    assert_eq!(months_bounds_text(&r.months), "[1, unbounded] months");
    assert_bounds(terminal(&p, &r, "cured"), 0.0, 1.0);
    assert_bounds(r.no_terminal, 0.0, 1.0);
    let json: serde_json::Value = serde_json::from_str(&render_json(&p, &r).unwrap()).unwrap();
    assert_eq!(
        json["time_on_treatment_months"],
        json!({ "low": 1.0, "high": "unbounded", "base": null, "approximate": false, "unknown_steps": 0 })
    );
}

#[test]
fn time_is_unbounded_below_only_when_no_choice_escapes_the_loop() {
    // treat always leads back to treat (the way out has chance 0): both bounds unbounded.
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "treat", "kind": "phase", "label": "T", "duration": { "min": 1, "max": 1, "unit": "months" } },
            { "id": "again", "kind": "outcome", "label": "R", "outcome": "relapse" },
            { "id": "cured", "kind": "outcome", "label": "C", "outcome": "long_term_remission" },
        ]),
        json!([
            { "from": "s", "to": "treat" },
            { "from": "treat", "to": "cured", "probability": 0.0 },
            { "from": "treat", "to": "again", "probability": 1.0 },
            { "from": "again", "to": "treat" },
        ]),
    );
    let r = analyse_open(&p);
    assert_eq!((r.months.low, r.months.high), (f64::INFINITY, f64::INFINITY));
    assert_eq!(months_bounds_text(&r.months), "unbounded months");
    // A decision may loop back to treatment or move to a loop without durations: the least
    // time is one round (then the walk idles at no cost), the most is unbounded.
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "treat", "kind": "phase", "label": "T", "duration": { "min": 1, "max": 2, "unit": "months" } },
            { "id": "d", "kind": "decision", "label": "D" },
            { "id": "z1", "kind": "phase", "label": "Z1" },
            { "id": "z2", "kind": "phase", "label": "Z2" },
        ]),
        json!([
            { "from": "s", "to": "treat" },
            { "from": "treat", "to": "d" },
            { "from": "d", "to": "treat", "when": "x" },
            { "from": "d", "to": "z1", "when": "else" },
            { "from": "z1", "to": "z2" },
            { "from": "z2", "to": "z1" },
        ]),
    );
    let r = analyse_open(&p);
    assert_eq!((r.months.low, r.months.high), (1.0, f64::INFINITY));
    assert_bounds(r.no_terminal, 1.0, 1.0);
}

#[test]
fn a_bounded_repeat_keeps_time_finite() {
    // Relapse at most 0.5 each round: expected rounds at most 2.
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "treat", "kind": "phase", "label": "T", "duration": { "min": 1, "max": 1, "unit": "months" } },
            { "id": "relapse", "kind": "outcome", "label": "R", "outcome": "relapse" },
            { "id": "cured", "kind": "outcome", "label": "C", "outcome": "long_term_remission" },
        ]),
        json!([
            { "from": "s", "to": "treat" },
            { "from": "treat", "to": "cured", "probability": { "low": 0.5, "high": 1.0 } },
            { "from": "treat", "to": "relapse", "probability": { "low": 0.0, "high": 0.5 } },
            { "from": "relapse", "to": "treat" },
        ]),
    );
    let r = analyse_open(&p);
    assert!((r.months.low - 1.0).abs() <= 1e-12);
    assert!((r.months.high - 2.0).abs() <= 1e-12, "{}", r.months.high);
    assert_bounds(passing(&p, &r, "relapse"), 0.0, 0.5);
}

#[test]
fn a_slow_loop_is_solved_exactly() {
    // Exit chance 1e-4 per round: value iteration would need ~350,000 sweeps to converge to
    // 1e-15; the exact evaluation of its policy gives the answer.
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "treat", "kind": "phase", "label": "T", "duration": { "min": 1, "max": 1, "unit": "months" } },
            { "id": "relapse", "kind": "outcome", "label": "R", "outcome": "relapse" },
            { "id": "cured", "kind": "outcome", "label": "C", "outcome": "long_term_remission" },
        ]),
        json!([
            { "from": "s", "to": "treat" },
            { "from": "treat", "to": "cured", "probability": 0.0001 },
            { "from": "treat", "to": "relapse", "probability": 0.9999 },
            { "from": "relapse", "to": "treat" },
        ]),
    );
    let r = analyse_open(&p);
    assert_bounds(terminal(&p, &r, "cured"), 1.0, 1.0);
    assert!((r.months.low - 10_000.0).abs() < 1e-6, "{}", r.months.low);
    assert!((r.months.high - 10_000.0).abs() < 1e-6, "{}", r.months.high);
}

#[test]
fn multiple_choice_decision_takes_any_applicable_branch() {
    let p = build(
        json!([
            { "id": "s", "kind": "start", "label": "S" },
            { "id": "d", "kind": "decision", "label": "D", "choice": "multiple" },
            { "id": "a", "kind": "outcome", "label": "A", "outcome": "remission" },
            { "id": "b", "kind": "outcome", "label": "B", "outcome": "refractory" },
        ]),
        json!([
            { "from": "s", "to": "d" },
            { "from": "d", "to": "a", "when": "x" },
            { "from": "d", "to": "b", "when": "y" },
        ]),
    );
    // Both branches apply to this patient: either may be taken.
    let r = analyse(&PathwayGraph::new(&p), &|_| Some(true)).unwrap();
    assert_bounds(terminal(&p, &r, "a"), 0.0, 1.0);
    assert_bounds(category(&r, OutcomeCategory::Refractory), 0.0, 1.0);
}

#[test]
fn text_report_of_the_ranges_fixture() {
    let p = parse(include_str!("../../tests/fixtures/paths/ranges.json"));
    let r = analyse_open(&p);
    assert_eq!(
        render_text(&p, &r),
        "Outcomes of Induction with figure ranges (ranges)

Ending at each terminal outcome:
  refractory  refractory           10–20% (exact bounds 0.1 to 0.2)
  relapse     relapse              40–45% (exact bounds 0.4 to 0.45)
  long_term   long_term_remission  40–45% (exact bounds 0.4 to 0.45)

Ending in each category:
  refractory             10–20% (exact bounds 0.1 to 0.2)
  relapse                40–45% (exact bounds 0.4 to 0.45)
  long_term_remission    40–45% (exact bounds 0.4 to 0.45)
  (no terminal outcome)  0% (exact 0)

Passing through (at least once):
  remission  remission  80–90% (exact bounds 0.8 to 0.9)

Expected time on treatment: 1 month
"
    );
}

#[test]
fn long_chain_is_solved_without_recursion() {
    let n = 100_000;
    let mut nodes = vec![json!({ "id": "n0", "kind": "start", "label": "N" })];
    let mut edges = Vec::new();
    for i in 1..n {
        let kind = if i == n - 1 { "outcome" } else { "phase" };
        let mut node = json!({ "id": format!("n{i}"), "kind": kind, "label": "N" });
        if i == n - 1 {
            node["outcome"] = json!("remission");
        } else {
            node["duration"] = json!({ "min": 1, "max": 1, "unit": "days" });
        }
        nodes.push(node);
        edges.push(json!({ "from": format!("n{}", i - 1), "to": format!("n{i}") }));
    }
    let p = build(json!(nodes), json!(edges));
    let r = analyse_open(&p);
    assert_bounds(terminal(&p, &r, &format!("n{}", n - 1)), 1.0, 1.0);
    let months = (n - 2) as f64 * 12.0 / 365.25;
    assert!((r.months.low - months).abs() < 1e-6, "{}", r.months.low);
}

mod properties {
    use std::ops::ControlFlow;

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::paths::{walk, PathSummary, Selection, Unconditional};

    /// A random acyclic pathway: node 0 starts, edges go from lower to higher index, the edges
    /// out of a node with several get probabilities from `weights` (exact, or ± `spread`).
    fn random_pathway(n: usize, raw: &[(usize, usize)], outcome: &[bool], weights: &[u8], spread: f64) -> PathwayFile {
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(a, b) in raw {
            let (a, b) = (a % n, b % n);
            if a < b {
                out[a].push(b);
            }
        }
        let nodes: Vec<_> = (0..n)
            .map(|i| {
                let kind = if i == 0 {
                    "start"
                } else if outcome[i] {
                    "outcome"
                } else {
                    "phase"
                };
                let mut node = json!({ "id": format!("n{i}"), "kind": kind, "label": "N" });
                if kind == "outcome" {
                    node["outcome"] = json!(if i % 2 == 0 { "remission" } else { "refractory" });
                }
                node
            })
            .collect();
        let mut edges = Vec::new();
        let mut w = weights.iter().cycle();
        for (a, targets) in out.iter().enumerate() {
            let raw: Vec<f64> = targets.iter().map(|_| f64::from(*w.next().unwrap()) + 1.0).collect();
            let total: f64 = raw.iter().sum();
            let mut assigned = 0.0;
            for (i, &b) in targets.iter().enumerate() {
                let p = if i + 1 == targets.len() { 1.0 - assigned } else { raw[i] / total };
                assigned += p;
                let mut edge = json!({ "from": format!("n{a}"), "to": format!("n{b}") });
                if targets.len() >= 2 {
                    edge["probability"] = if spread == 0.0 {
                        json!(p)
                    } else {
                        json!({ "low": (p - spread).max(0.0), "high": (p + spread).min(1.0), "base": p })
                    };
                }
                edges.push(edge);
            }
        }
        serde_json::from_value(json!({
            "id": "random", "title": "R", "version": "1", "sources": [], "nodes": nodes, "edges": edges,
        }))
        .unwrap()
    }

    /// Σ over listed paths ending at each node of the path's probability (its base).
    fn by_enumeration(p: &PathwayFile) -> Vec<f64> {
        let flow = PathwayGraph::new(p);
        let selection = Selection::all(&flow).unwrap();
        let mut ending = vec![0.0; p.nodes.len()];
        walk(p, &flow, &selection, &mut Unconditional::new(p), &mut |steps, filter| {
            let summary = PathSummary::of(p, &flow, steps, filter);
            ending[summary.outcome] += summary.probability.base.unwrap();
            ControlFlow::Continue(())
        });
        ending
    }

    proptest! {
        /// With exact figures, the outcome engine and the sum over listed paths agree; with
        /// ranges around the same figures, the bounds contain that value and the base equals it.
        #[test]
        fn outcome_engine_agrees_with_path_enumeration(
            n in 2usize..10,
            raw in proptest::collection::vec((0usize..10, 0usize..10), 0..30),
            outcome in proptest::collection::vec(any::<bool>(), 10),
            weights in proptest::collection::vec(any::<u8>(), 1..30),
        ) {
            let exact = random_pathway(n, &raw, &outcome, &weights, 0.0);
            let expected = by_enumeration(&exact);
            let report = analyse(&PathwayGraph::new(&exact), &|_| None).unwrap();
            for t in &report.terminals {
                prop_assert!((t.probability.low - expected[t.node]).abs() < 1e-9, "{:?} vs {}", t, expected[t.node]);
                prop_assert!((t.probability.high - expected[t.node]).abs() < 1e-9, "{:?} vs {}", t, expected[t.node]);
            }
            let ranged = random_pathway(n, &raw, &outcome, &weights, 0.05);
            let report = analyse(&PathwayGraph::new(&ranged), &|_| None).unwrap();
            for t in &report.terminals {
                let b = t.probability;
                prop_assert!(b.low <= expected[t.node] + 1e-9 && expected[t.node] <= b.high + 1e-9, "{:?} vs {}", b, expected[t.node]);
                let base = b.base.unwrap_or(expected[t.node]);
                prop_assert!((base - expected[t.node]).abs() < 1e-9, "{:?} vs {}", b, expected[t.node]);
            }
        }
    }
}

/// A relapse loop too large for the exact solve (more than `EXACT_LIMIT` nodes), so value
/// iteration alone must reach the answer: a ring of 450 one-month phases, with a 20% exit to
/// `b` half way round and, at the end, 50% to `a` and 50% back to the start of the ring. Per
/// pass: `b` with 0.2, `a` with 0.4, another pass with 0.4; so P(b) = 0.2 / 0.6 = 1/3,
/// P(a) = 2/3, and 5/3 passes of 225 + 0.8 × 225 months = 675 months on average.
#[test]
fn a_loop_beyond_the_exact_limit_converges_by_iteration() {
    let n = 450;
    assert!(n > solver::EXACT_LIMIT);
    let mut nodes = vec![json!({ "id": "s", "kind": "start", "label": "S" })];
    let mut edges = vec![json!({ "from": "s", "to": "p0" })];
    for i in 0..n {
        let duration = json!({ "min": 1, "max": 1, "unit": "months" });
        nodes.push(json!({ "id": format!("p{i}"), "kind": "phase", "label": "P", "duration": duration }));
        if i == n / 2 - 1 {
            edges.push(json!({ "from": format!("p{i}"), "to": "b", "probability": 0.2 }));
            edges.push(json!({ "from": format!("p{i}"), "to": format!("p{}", i + 1), "probability": 0.8 }));
        } else if i == n - 1 {
            edges.push(json!({ "from": format!("p{i}"), "to": "a", "probability": 0.5 }));
            edges.push(json!({ "from": format!("p{i}"), "to": "p0", "probability": 0.5 }));
        } else {
            edges.push(json!({ "from": format!("p{i}"), "to": format!("p{}", i + 1) }));
        }
    }
    nodes.push(json!({ "id": "a", "kind": "outcome", "outcome": "long_term_remission", "label": "A" }));
    nodes.push(json!({ "id": "b", "kind": "outcome", "outcome": "refractory", "label": "B" }));
    let p = build(json!(nodes), json!(edges));
    let r = analyse_open(&p);
    assert_bounds(terminal(&p, &r, "a"), 2.0 / 3.0, 2.0 / 3.0);
    assert_bounds(terminal(&p, &r, "b"), 1.0 / 3.0, 1.0 / 3.0);
    assert!((r.months.low - 675.0).abs() <= 1e-9 && (r.months.high - 675.0).abs() <= 1e-9, "{:?}", r.months);
}

mod classes_json {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::*;
    use crate::condition::Profile;

    /// The per-class document as earlier versions built it: each report's JSON text parsed back.
    fn classes_json_by_reparsing(p: &PathwayFile, groups: &[ClassOutcome]) -> String {
        let classes: Vec<Value> = groups
            .iter()
            .map(|g| {
                let words: Vec<String> = g.patients_words.iter().map(|w| w.join("; or ")).collect();
                let outcomes = serde_json::from_str::<Value>(&render_json(p, &g.report).unwrap()).unwrap();
                json!({ "patients": g.patients, "patients_words": words, "outcomes": outcomes })
            })
            .collect();
        let value = json!({
            "pathway": { "id": p.id, "title": p.title, "version": p.version },
            "profile": {},
            "classes": classes,
        });
        format!("{}\n", crate::text::escape::json_safe(&serde_json::to_string_pretty(&value).unwrap()))
    }

    fn loop_report(months: f64) -> (PathwayFile, Vec<ClassOutcome>) {
        let p = parse(include_str!("../../tests/fixtures/paths/loop.json"));
        let mut report = analyse_open(&p);
        report.months = Bounds { low: months, high: months * 1.5, base: Some(months), approximate: false };
        let class = PatientClass {
            profile: Profile::new(),
            description: "all patients".into(),
            words: vec!["all patients".into()],
            patients: PatientSet::everyone(),
        };
        (
            p,
            vec![ClassOutcome {
                patients: vec!["all patients".into()],
                patients_words: vec![vec!["all patients".into()]],
                classes: vec![class],
                report,
            }],
        )
    }

    #[test]
    fn classes_json_writes_large_figures_as_serde_json_reads_them_back() {
        // Earlier versions parsed each report's text back. Without its `float_roundtrip`
        // feature (as in the binary), serde_json reads 9455.267367619277 as 9455.267367619275;
        // test builds get that feature through jsonschema and read it exactly. Either way the
        // document must be what parsing back gives.
        let (p, groups) = loop_report(9455.267367619277);
        let single = render_json(&p, &groups[0].report).unwrap();
        assert!(single.contains("\"low\": 9455.267367619277,\n"), "{single}");
        let read_back: f64 = serde_json::from_str("9455.267367619277").unwrap();
        let text = render_classes_json(&p, &Profile::new(), &groups).unwrap();
        assert!(text.contains(&format!("\"low\": {read_back:?},\n")), "{text}");
        assert_eq!(text, classes_json_by_reparsing(&p, &groups));
    }

    proptest! {
        /// The classes document is byte for byte what parsing each report back gave.
        #[test]
        fn classes_json_is_what_reparsing_gave(months in 0.0f64..1e7) {
            let (p, groups) = loop_report(months);
            prop_assert_eq!(render_classes_json(&p, &Profile::new(), &groups).unwrap(), classes_json_by_reparsing(&p, &groups));
        }
    }
}

#[test]
fn reach_chance_is_the_figure_analyse_reports_bit_for_bit() {
    use crate::condition::{PathwayConditions, Profile};
    let files = [
        include_str!("../../pathways/adult-all.json"),
        include_str!("../../tests/fixtures/paths/loop.json"),
        include_str!("../../tests/fixtures/paths/ranges.json"),
        include_str!("../../tests/fixtures/economics/relapse-loop.json"),
    ];
    let mut compared = 0;
    for text in files {
        let p = parse(text);
        let flow = PathwayGraph::new(&p);
        let conditions = PathwayConditions::new(&p);
        for class in conditions.patient_classes(&Profile::new(), MAX_CLASSES).unwrap() {
            let resolve = |e: usize| conditions.edge_status(e, &class.profile);
            let report = analyse(&flow, &resolve).unwrap();
            let chance = |targets: &[usize]| reach_chance(&flow, &resolve, targets).unwrap();
            for t in &report.terminals {
                assert_eq!(chance(&[t.node]), t.probability, "{}", p.nodes[t.node].id);
                compared += 1;
            }
            for q in &report.passing {
                assert_eq!(chance(&[q.node]), q.probability, "{}", p.nodes[q.node].id);
                compared += 1;
            }
            for c in &report.categories {
                let nodes: Vec<usize> = report
                    .terminals
                    .iter()
                    .filter(|t| p.nodes[t.node].outcome == Some(c.category))
                    .map(|t| t.node)
                    .collect();
                assert_eq!(chance(&nodes), c.probability, "{:?}", c.category);
                compared += 1;
            }
        }
        // No target: chance 0 exactly.
        let none = reach_chance(&flow, &|_| None, &[]).unwrap();
        assert_eq!((none.low, none.high), (0.0, 0.0));
    }
    assert!(compared > 100, "{compared} figures compared");
}
