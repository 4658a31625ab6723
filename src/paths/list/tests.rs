//! The listing writers against naive references: each path rendered on its own from
//! [`PathSummary::of`] with plain `writeln!` / `json!` formatting, as the writers did before
//! they kept per-step work between paths. Every format, on pathways with chance figures,
//! durations, conditional flow, conditional `includes` (ALL), cycles, and both filters.

use std::fmt::Write as _;
use std::ops::ControlFlow;

use serde_json::{json, Value};

use super::components::{component_text, components, intervention_text, Component, Included};
use super::csv::CSV_HEADER;
use super::cursor::Counter;
use super::wording::{duration_text, entering_figure, outcome_heading, probability_text};
use super::*;
use crate::condition::{Feasibility, PathwayConditions, Profile};
use crate::paths::{walk, MarkInfeasible, PathOptions, PathSummary, Unconditional, COUNT_BUDGET};
use crate::text::escape::{csv_field, terminal_safe};
use crate::text::number::{decimal, number_full, round12};

fn reference_text<F: PathFilter + ?Sized>(
    out: &mut String,
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    number: u128,
    steps: &[Step],
    filter: &F,
) {
    let summary = PathSummary::of(pathway, flow, steps, filter);
    if number > 1 {
        out.push('\n');
    }
    let _ = writeln!(out, "path {number}: ends in {}", terminal_safe(&outcome_heading(pathway, &summary)));
    let _ = writeln!(out, "  probability  {}", probability_text(&summary));
    let _ = writeln!(out, "  duration     {}", duration_text(&summary));
    if !summary.conditions_words.is_empty() {
        let _ = writeln!(out, "  conditions   {}", terminal_safe(&summary.conditions_words));
    }
    if !summary.feasible {
        let _ = writeln!(out, "  INFEASIBLE   no patient meets all these conditions");
    }
    let iw = steps.iter().map(|s| pathway.nodes[s.node].id.chars().count()).max().unwrap_or(0);
    let nw = steps.len().to_string().len();
    for (i, step) in steps.iter().enumerate() {
        let node = &pathway.nodes[step.node];
        let (id, label) = (terminal_safe(&node.id), terminal_safe(&node.label));
        let _ = writeln!(out, "  {:>nw$}  {id:<iw$}  {:<12}  {label}", i + 1, node.kind.as_str());
        for component in components(pathway, flow, step.node, filter) {
            let line = component_text(&component, &|s| s.to_string());
            let _ = writeln!(out, "  {:nw$}  {:iw$}  {:12}    {}", "", "", "", terminal_safe(&line));
        }
    }
}

fn reference_json<F: PathFilter + ?Sized>(
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    number: u128,
    steps: &[Step],
    filter: &F,
) -> Value {
    let summary = PathSummary::of(pathway, flow, steps, filter);
    let outcome = &pathway.nodes[summary.outcome];
    let all_steps = steps;
    let steps: Vec<Value> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let node = &pathway.nodes[step.node];
            let mut value = json!({ "id": node.id, "kind": node.kind.as_str(), "label": node.label });
            if let Some(note) = &node.note {
                value["note"] = json!(note);
            }
            if let Some(note) = step.edge.and_then(|e| pathway.edges[e].note.as_ref()) {
                value["edge_note"] = json!(note);
            }
            if let Some(p) = entering_figure(pathway, flow, all_steps, i) {
                let mut figure = json!({
                    "low": round12(p.low), "high": round12(p.high), "base": p.base.map(round12),
                    "approximate": p.about.is_some(),
                });
                match p.about {
                    Some((low, high)) if low == high && p.base == Some(low) => figure["about"] = json!(low),
                    Some((low, high)) => figure["about"] = json!([low, high]),
                    None => {}
                }
                value["edge_probability"] = figure;
            }
            let items = components(pathway, flow, step.node, filter);
            if !items.is_empty() {
                value["includes"] = items.iter().map(reference_component).collect();
            }
            value
        })
        .collect();
    let p = summary.probability;
    json!({
        "number": number as u64,
        "outcome": { "id": outcome.id, "label": outcome.label, "category": summary.category },
        "conditions": summary.conditions,
        "conditions_words": summary.conditions_words,
        "feasible": summary.feasible,
        "probability": {
            "low": round12(p.low), "high": round12(p.high), "base": p.base.map(round12), "quantified": p.quantified,
            "approximate": p.approximate,
        },
        "duration_months": {
            "min": round12(summary.months.0), "max": round12(summary.months.1), "undated_steps": summary.undated,
            "approximate": summary.months_approximate,
        },
        "steps": steps,
    })
}

fn reference_component(component: &Component) -> Value {
    let one = |item: &Included| {
        let mut value = json!({
            "id": item.node.id,
            "text": intervention_text(item.node),
            "combine": item.node.combine.unwrap_or_default(),
            "agents": item.node.agents.iter().map(|a| json!({ "name": a.name, "likelihood": a.likelihood.unwrap_or_default() })).collect::<Vec<_>>(),
            "condition": item.condition,
            "condition_words": item.condition_words,
            "likelihood": item.likelihood,
        });
        if let Some(note) = &item.node.note {
            value["note"] = json!(note);
        }
        if let Some(note) = item.edge_note {
            value["edge_note"] = json!(note);
        }
        value
    };
    match component {
        Component::Single(item) => one(item),
        Component::Set { set, options } => json!({
            "option_set": set.id,
            "label": set.label,
            "choose": set.choose,
            "options": options.iter().map(one).collect::<Vec<_>>(),
        }),
    }
}

fn reference_csv<F: PathFilter + ?Sized>(
    out: &mut String,
    pathway: &PathwayFile,
    flow: &PathwayGraph,
    number: u128,
    steps: &[Step],
    filter: &F,
) {
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
        p.approximate.to_string(),
        number_full(summary.months.0),
        number_full(summary.months.1),
        summary.undated.to_string(),
        summary.months_approximate.to_string(),
        csv_field(&summary.conditions),
        csv_field(&summary.conditions_words),
        csv_field(&ids.join(" > ")),
        summary.feasible.to_string(),
    ];
    let _ = write!(out, "{}\r\n", fields.join(","));
}

/// Lists every path with `list` and with the references, and compares them byte for byte.
/// Returns the number of paths.
fn compare<F: PathFilter>(pathway: &PathwayFile, selection: &Selection, make: &dyn Fn() -> F) -> usize {
    let flow = PathwayGraph::new(pathway);
    let (mut text, mut csv, mut json_paths) = (String::new(), String::from(CSV_HEADER), Vec::new());
    let mut number = 0u128;
    walk(pathway, &flow, selection, &mut make(), &mut |steps, filter| {
        number += 1;
        reference_text(&mut text, pathway, &flow, number, steps, filter);
        reference_csv(&mut csv, pathway, &flow, number, steps, filter);
        json_paths.push(reference_json(pathway, &flow, number, steps, filter).to_string());
        ControlFlow::Continue(())
    });
    let s = if number == 1 { "" } else { "s" };
    let _ = writeln!(text, "{}{number} path{s}", if number > 0 { "\n" } else { "" });
    let _ = writeln!(text, "{}", crate::text::plain::SHORT_NOTICE);
    let listing = |format| {
        let mut out = Vec::new();
        let options = ListOptions { format, limit: None, total: None, count_budget: COUNT_BUDGET };
        let listing = list(&mut out, pathway, &flow, selection, &mut make(), &options).unwrap();
        assert_eq!((listing.listed, listing.total, listing.total_exact), (number, number, true));
        String::from_utf8(out).unwrap()
    };
    assert_eq!(listing(PathFormat::Text), text, "text listing of {}", pathway.id);
    assert_eq!(listing(PathFormat::Csv), csv, "CSV listing of {}", pathway.id);
    let json = listing(PathFormat::Json);
    let body = if json_paths.is_empty() {
        "\"paths\": [],".to_string()
    } else {
        format!("\"paths\": [\n    {}\n  ],", json_paths.join(",\n    "))
    };
    assert!(json.contains(&body), "JSON listing of {}:\n{json}\nexpected the paths:\n{body}", pathway.id);
    serde_json::from_str::<Value>(&json).unwrap();
    number as usize
}

fn selection(pathway: &PathwayFile, max_visits: usize) -> Selection {
    let flow = PathwayGraph::new(pathway);
    Selection::new(pathway, &flow, &PathOptions { max_visits, ..PathOptions::default() }).unwrap()
}

fn load(path: &str) -> PathwayFile {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn adult_all_for_several_profiles_with_both_filters() {
    let pathway = load("pathways/adult-all.json");
    let conditions = PathwayConditions::new(&pathway);
    let all = selection(&pathway, 1);
    let mut counts = Vec::new();
    for specs in [&[][..], &["lineage=T", "age=70"]] {
        let specs: Vec<String> = specs.iter().map(|s| s.to_string()).collect();
        let profile = Profile::parse(&specs, &pathway.factors).unwrap();
        counts.push(compare(&pathway, &all, &|| Feasibility::new(&conditions, &profile)));
        counts
            .push(compare(&pathway, &all, &|| MarkInfeasible::new(&pathway, Feasibility::new(&conditions, &profile))));
    }
    counts.push(compare(&pathway, &all, &|| Unconditional::new(&pathway)));
    // Feasible paths for each profile, every path of the graph (marked, the same whatever the
    // profile), then every path with no filter: T-lineage patients over 65 have fewer paths.
    // Every path of the ALL pathway is feasible for some patient.
    assert_eq!((counts[1], counts[3]), (counts[4], counts[4]), "{counts:?}");
    assert_eq!((counts[0], counts[1]), (204, 204), "{counts:?}");
    assert!(counts[2] < counts[0], "{counts:?}");
}

/// A phase whose components depend on a factor decided after it: what is listed under the
/// phase changes between paths that share it.
const DECIDED_LATER: &str = r#"{ "id": "decided-later", "title": "T", "version": "1", "sources": [{ "id": "s", "title": "S" }],
  "factors": [{ "id": "cns", "type": "boolean", "label": "CNS" }, { "id": "old", "type": "boolean", "label": "Old" }],
  "nodes": [
    { "id": "dx", "kind": "start", "label": "Dx" },
    { "id": "p", "kind": "phase", "label": "P", "duration": { "min": 1, "max": 2, "unit": "months" } },
    { "id": "a", "kind": "intervention", "label": "A" },
    { "id": "b", "kind": "intervention", "label": "B" },
    { "id": "q", "kind": "phase", "label": "Q" },
    { "id": "d", "kind": "decision", "label": "CNS?" },
    { "id": "e", "kind": "decision", "label": "Old?" },
    { "id": "yes", "kind": "outcome", "outcome": "remission", "label": "Yes" },
    { "id": "no", "kind": "outcome", "outcome": "refractory", "label": "No" }
  ],
  "edges": [
    { "from": "dx", "to": "p" }, { "from": "p", "to": "q" }, { "from": "q", "to": "d" },
    { "from": "p", "to": "a", "kind": "includes", "when": "cns" },
    { "from": "p", "to": "b", "kind": "includes", "when": "else" },
    { "from": "q", "to": "a", "kind": "includes", "when": "old && !cns" },
    { "from": "d", "to": "e", "when": "cns" }, { "from": "d", "to": "e", "when": "else" },
    { "from": "e", "to": "yes", "when": "old" }, { "from": "e", "to": "no", "when": "else" }
  ] }"#;

#[test]
fn components_that_depend_on_a_later_decision() {
    let pathway: PathwayFile = serde_json::from_str(DECIDED_LATER).unwrap();
    let conditions = PathwayConditions::new(&pathway);
    let profile = Profile::new();
    let chosen = selection(&pathway, 1);
    assert_eq!(compare(&pathway, &chosen, &|| Feasibility::new(&conditions, &profile)), 4);
    assert_eq!(compare(&pathway, &chosen, &|| Unconditional::new(&pathway)), 4);
    // And the listing does show different components under the same phase.
    let flow = PathwayGraph::new(&pathway);
    let mut out = Vec::new();
    let options = ListOptions { format: PathFormat::Text, limit: None, total: None, count_budget: COUNT_BUDGET };
    list(&mut out, &pathway, &flow, &chosen, &mut Feasibility::new(&conditions, &profile), &options).unwrap();
    let text = String::from_utf8(out).unwrap();
    // A under P for cns (paths 1, 2) and under Q for old && !cns (path 3); B under P otherwise.
    let lines = |item: &str| text.lines().filter(|l| l.trim() == item).count();
    assert_eq!((lines("A"), lines("B")), (3, 2), "{text}");
}

#[test]
fn fixtures_and_synthetic_pathways() {
    let mut cases: Vec<(PathwayFile, usize)> = ["small", "loop", "include-else", "ranges"]
        .iter()
        .map(|name| (load(&format!("tests/fixtures/paths/{name}.json")), 2))
        .collect();
    // Approximate figures, notes on nodes, `next` and `includes` edges, a step of unknown length.
    cases.push((load("tests/fixtures/figures/approximate.json"), 1));
    for seed in 1..=6 {
        cases.push((crate::synth::random_dag(36, seed), 1));
    }
    cases.push((crate::synth::with_relapse_loops(24, 7, 4), 2));
    cases.push((crate::synth::layered(2, 6), 1));
    cases.push((crate::synth::layered(3, 4), 1));
    for (pathway, max_visits) in &cases {
        let conditions = PathwayConditions::new(pathway);
        let profile = Profile::new();
        let chosen = selection(pathway, *max_visits);
        let feasible = compare(pathway, &chosen, &|| Feasibility::new(&conditions, &profile));
        let marked =
            compare(pathway, &chosen, &|| MarkInfeasible::new(pathway, Feasibility::new(&conditions, &profile)));
        assert!(feasible >= 1 && marked >= feasible, "{}: {feasible} feasible, {marked} in all", pathway.id);
    }
}

#[test]
fn path_numbers_count_up_in_place_and_jump_correctly() {
    let mut counter = Counter::new();
    for n in 1..=12_345u128 {
        assert_eq!(counter.show(n), n.to_string().as_bytes());
    }
    // Numbers that do not follow the previous one are written out in full, in both widths.
    for n in [7u128, 99, 100, 999_999, 1_000_000, u64::MAX as u128, u64::MAX as u128 + 1, u128::MAX - 1] {
        assert_eq!(counter.show(n), n.to_string().as_bytes());
        assert_eq!(counter.show(n + 1), (n + 1).to_string().as_bytes(), "after {n}");
    }
    let mut buffer = [0u8; 40];
    assert_eq!(decimal(0, &mut buffer), b"0");
    assert_eq!(decimal(u128::MAX, &mut buffer), u128::MAX.to_string().as_bytes());
}
