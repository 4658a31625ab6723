//! Unit tests of path enumeration and counting.

use std::ops::ControlFlow;

use proptest::prelude::*;
use serde_json::json;

use super::count::{count_by_enumeration_up_to, count_without_listing};
use super::*;
use crate::graph::PathwayGraph;
use crate::model::{OutcomeCategory, PathwayFile};

const SMALL: &str = include_str!("../../tests/fixtures/paths/small.json");

fn parse(text: &str) -> PathwayFile {
    serde_json::from_str(text).unwrap()
}

/// A pathway from (id, kind) nodes and (from, to) `next` edges; outcomes get category remission.
fn pathway(nodes: &[(String, &str)], edges: &[(String, String)]) -> PathwayFile {
    let nodes: Vec<_> = nodes
        .iter()
        .map(|(id, kind)| {
            let mut node = json!({ "id": id, "kind": kind, "label": id.to_uppercase() });
            if *kind == "outcome" {
                node["outcome"] = json!("remission");
            }
            node
        })
        .collect();
    let edges: Vec<_> = edges.iter().map(|(from, to)| json!({ "from": from, "to": to })).collect();
    serde_json::from_value(json!({
        "id": "generated", "title": "Generated", "version": "1", "sources": [],
        "nodes": nodes, "edges": edges,
    }))
    .unwrap()
}

/// `layers` layers of two phases each; every phase of a layer leads to both of the next.
fn layered(layers: usize) -> PathwayFile {
    let mut nodes = vec![("s".to_string(), "start")];
    let mut edges = Vec::new();
    let mut previous = vec!["s".to_string()];
    for layer in 0..layers {
        let here = vec![format!("a{layer}"), format!("b{layer}")];
        for id in &here {
            nodes.push((id.clone(), "phase"));
            for p in &previous {
                edges.push((p.clone(), id.clone()));
            }
        }
        previous = here;
    }
    nodes.push(("end".to_string(), "outcome"));
    for p in &previous {
        edges.push((p.clone(), "end".to_string()));
    }
    pathway(&nodes, &edges)
}

fn ids(pathway: &PathwayFile, steps: &[Step]) -> Vec<String> {
    steps.iter().map(|s| pathway.nodes[s.node].id.clone()).collect()
}

fn all_paths(pathway: &PathwayFile, options: &PathOptions) -> Vec<Vec<String>> {
    let flow = PathwayGraph::new(pathway);
    let selection = Selection::new(pathway, &flow, options).unwrap();
    let mut found = Vec::new();
    walk(pathway, &flow, &selection, &mut Unconditional::new(pathway), &mut |steps, _| {
        found.push(ids(pathway, steps));
        ControlFlow::Continue(())
    });
    found
}

fn count(pathway: &PathwayFile, options: &PathOptions) -> (u128, CountMethod) {
    let flow = PathwayGraph::new(pathway);
    let selection = Selection::new(pathway, &flow, options).unwrap();
    count_paths(pathway, &flow, &selection).unwrap()
}

#[test]
fn small_fixture_paths_in_file_order_with_summaries() {
    let p = parse(SMALL);
    let flow = PathwayGraph::new(&p);
    let selection = Selection::all(&flow).unwrap();
    let mut seen = Vec::new();
    walk(&p, &flow, &selection, &mut Unconditional::new(&p), &mut |steps, filter| {
        let s = PathSummary::of(&p, &flow, steps, filter);
        seen.push((
            ids(&p, steps).join(" "),
            s.conditions,
            (s.probability.low, s.probability.high, s.probability.base, s.probability.quantified),
            (format!("{:.6}", s.months.0), format!("{:.6}", s.months.1)),
            s.category,
        ));
        ControlFlow::Continue(())
    });
    let remission = Some(OutcomeCategory::LongTermRemission);
    let refractory = Some(OutcomeCategory::Refractory);
    assert_eq!(
        seen,
        vec![
            (
                "dx lineage_check induction_b cr maintenance cured".to_string(),
                "lineage == B".to_string(),
                (0.8, 0.9, None, true),
                ("25.000000".to_string(), "26.000000".to_string()),
                remission
            ),
            (
                "dx lineage_check induction_b refractory".to_string(),
                "lineage == B".to_string(),
                (0.1, 0.2, None, true),
                ("1.000000".to_string(), "2.000000".to_string()),
                refractory
            ),
            (
                "dx lineage_check induction_t cr maintenance cured".to_string(),
                "lineage == T".to_string(),
                (0.7, 0.7, Some(0.7), true),
                // 4 and 6 weeks: 4 · 7 · 12 / 365.25 = 0.919918 months, 6 weeks 1.379877.
                ("24.919918".to_string(), "25.379877".to_string()),
                remission
            ),
            (
                "dx lineage_check induction_t refractory".to_string(),
                "lineage == T".to_string(),
                (0.3, 0.3, Some(0.3), true),
                ("0.919918".to_string(), "1.379877".to_string()),
                refractory
            ),
        ]
    );
}

#[test]
fn unconditional_describe_dedups_skips_else_and_parenthesises_or() {
    let p: PathwayFile = serde_json::from_value(json!({
        "id": "t", "title": "T", "version": "1", "sources": [],
        "nodes": [], "edges": [
            { "from": "a", "to": "b", "when": "ph_positive" },
            { "from": "b", "to": "c", "when": "age > 65 || frail" },
            { "from": "c", "to": "d", "when": "ph_positive" },
            { "from": "d", "to": "e", "when": "else" },
            { "from": "e", "to": "f", "kind": "includes" },
            { "from": "e", "to": "g", "kind": "includes", "when": "lineage == B" }
        ]
    }))
    .unwrap();
    let mut f = Unconditional::new(&p);
    assert_eq!(f.describe(), "");
    assert!(f.enter(1));
    assert_eq!(f.describe(), "age > 65 || frail");
    for e in [0, 2, 3] {
        assert!(f.enter(e));
    }
    assert_eq!(f.describe(), "(age > 65 || frail) && ph_positive");
    f.leave();
    f.leave();
    f.leave();
    assert_eq!(f.describe(), "age > 65 || frail");
    assert!(f.includes(4) && f.includes(5));
    assert!(f.includes_always(4));
    assert!(!f.includes_always(5));
}

#[test]
fn through_avoid_and_ends_in_select_paths() {
    let p = parse(SMALL);
    let through = PathOptions { through: vec!["induction_t".into()], ..Default::default() };
    assert_eq!(
        all_paths(&p, &through),
        vec![
            vec!["dx", "lineage_check", "induction_t", "cr", "maintenance", "cured"],
            vec!["dx", "lineage_check", "induction_t", "refractory"],
        ]
    );
    assert_eq!(count(&p, &through), (2, CountMethod::Dynamic));
    let both = PathOptions { through: vec!["cr".into(), "induction_b".into()], ..Default::default() };
    assert_eq!(all_paths(&p, &both), vec![vec!["dx", "lineage_check", "induction_b", "cr", "maintenance", "cured"]]);
    assert_eq!(count(&p, &both).0, 1);
    let avoid = PathOptions { avoid: vec!["maintenance".into()], ..Default::default() };
    assert_eq!(all_paths(&p, &avoid).len(), 2);
    assert_eq!(count(&p, &avoid).0, 2);
    let ends = PathOptions { ends_in: Some(OutcomeCategory::Refractory), ..Default::default() };
    assert_eq!(
        all_paths(&p, &ends).iter().map(|s| s[2].as_str()).collect::<Vec<_>>(),
        vec!["induction_b", "induction_t"]
    );
    assert_eq!(count(&p, &ends).0, 2);
    let none = PathOptions { ends_in: Some(OutcomeCategory::Palliative), ..Default::default() };
    assert_eq!(count(&p, &none).0, 0);
    // Through a node and avoiding it: nothing.
    let contradiction = PathOptions { through: vec!["cr".into()], avoid: vec!["cr".into()], ..Default::default() };
    assert_eq!(count(&p, &contradiction).0, 0);
    assert!(all_paths(&p, &contradiction).is_empty());
}

#[test]
fn unknown_node_names_the_closest() {
    let p = parse(SMALL);
    let flow = PathwayGraph::new(&p);
    let options = PathOptions { through: vec!["induction_c".into()], ..Default::default() };
    let err = Selection::new(&p, &flow, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--through `induction_c`: the pathway has no node with this id; did you mean `induction_b`?"
    );
    let options = PathOptions { avoid: vec!["zzzzzzzz".into()], ..Default::default() };
    let err = Selection::new(&p, &flow, &options).unwrap_err();
    assert_eq!(err.to_string(), "--avoid `zzzzzzzz`: the pathway has no node with this id");
}

#[test]
fn cycles_need_max_visits_and_are_counted_by_enumeration() {
    let p = parse(include_str!("../../tests/fixtures/paths/loop.json"));
    // A node appears once per path by default: the loop is not taken, but the graph has a
    // cycle, so the count comes from the (bounded) search.
    assert_eq!(count(&p, &PathOptions::default()), (2, CountMethod::Enumeration));
    let twice = PathOptions { max_visits: 2, ..Default::default() };
    assert_eq!(count(&p, &twice), (4, CountMethod::Enumeration));
    assert_eq!(
        all_paths(&p, &twice),
        vec![
            vec!["dx", "treat", "cured"],
            vec!["dx", "treat", "relapse", "treat", "cured"],
            vec!["dx", "treat", "relapse", "treat", "palliative"],
            vec!["dx", "treat", "palliative"],
        ]
    );
    let thrice = PathOptions { max_visits: 3, ..Default::default() };
    assert_eq!(count(&p, &thrice).0, 6);
}

#[test]
fn forty_layers_of_two_phases_count_exactly_without_listing() {
    let p = layered(40);
    let (n, method) = count(&p, &PathOptions::default());
    assert_eq!((n, method), (1_099_511_627_776, CountMethod::Dynamic));
    // Listing stops at the limit and says how many there are.
    let flow = PathwayGraph::new(&p);
    let selection = Selection::all(&flow).unwrap();
    let total = count_without_listing(&p, &flow, &selection).unwrap().unwrap();
    let options = ListOptions { format: PathFormat::Csv, limit: Some(3), total: Some(total), count_budget: 0 };
    let mut out = Vec::new();
    let listing = list(&mut out, &p, &flow, &selection, &mut Unconditional::new(&p), &options).unwrap();
    assert_eq!((listing.listed, listing.total), (3, 1_099_511_627_776));
    assert_eq!(
        listing.truncation_note().unwrap(),
        "listed 3 of 1099511627776 paths; use --limit N to list more, --limit 0 to list all, or --count for the number only"
    );
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 4);
}

#[test]
fn overflow_is_an_error_not_a_wrap() {
    let p = layered(130);
    let flow = PathwayGraph::new(&p);
    let selection = Selection::all(&flow).unwrap();
    let err = count_paths(&p, &flow, &selection).unwrap_err();
    assert_eq!(err, CountError::Overflow);
    assert_eq!(err.to_string(), "the number of paths does not fit in 128 bits (more than 3.4e38)");
}

#[test]
fn long_chain_does_not_overflow_the_stack() {
    let n = 100_000;
    let mut nodes = vec![("n0".to_string(), "start")];
    let mut edges = Vec::new();
    for i in 1..n {
        nodes.push((format!("n{i}"), if i == n - 1 { "outcome" } else { "phase" }));
        edges.push((format!("n{}", i - 1), format!("n{i}")));
    }
    let p = pathway(&nodes, &edges);
    assert_eq!(count(&p, &PathOptions::default()), (1, CountMethod::Dynamic));
    let flow = PathwayGraph::new(&p);
    let selection = Selection::all(&flow).unwrap();
    let mut lengths = Vec::new();
    walk(&p, &flow, &selection, &mut Unconditional::new(&p), &mut |steps, _| {
        lengths.push(steps.len());
        ControlFlow::Continue(())
    });
    assert_eq!(lengths, vec![n]);
    assert_eq!(count_by_enumeration(&p, &flow, &selection, &mut Unconditional::new(&p)), Ok(1));
}

/// A filter that refuses one edge, to check the walk never calls `leave` for a refused edge.
struct Refuse {
    refused: usize,
    depth: usize,
}

impl PathFilter for Refuse {
    fn enter(&mut self, edge: usize) -> bool {
        if edge == self.refused {
            return false;
        }
        self.depth += 1;
        true
    }
    fn leave(&mut self) {
        self.depth = self.depth.checked_sub(1).expect("leave without enter");
    }
    fn includes(&self, _: usize) -> bool {
        false
    }
    fn includes_always(&self, _: usize) -> bool {
        false
    }
    fn describe(&self) -> String {
        format!("depth {}", self.depth)
    }
}

#[test]
fn refused_edges_prune_the_walk_and_enter_leave_balance() {
    let p = parse(SMALL);
    let flow = PathwayGraph::new(&p);
    let selection = Selection::all(&flow).unwrap();
    // Edge 2 is lineage_check → induction_t.
    let mut filter = Refuse { refused: 2, depth: 0 };
    let mut found = Vec::new();
    walk(&p, &flow, &selection, &mut filter, &mut |steps, f| {
        found.push((steps.len(), f.describe()));
        ControlFlow::Continue(())
    });
    assert_eq!(found, vec![(6, "depth 5".to_string()), (4, "depth 3".to_string())]);
    assert_eq!(filter.depth, 0);
    assert_eq!(count_by_enumeration(&p, &flow, &selection, &mut filter), Ok(2));
    // Stopping early unwinds the filter too.
    walk(&p, &flow, &selection, &mut filter, &mut |_, _| ControlFlow::Break(()));
    assert_eq!(filter.depth, 0);
}

/// Brute force: every edge sequence from `u` to a terminal, recursively (small graphs only).
fn brute_force(flow: &PathwayGraph, u: usize, on_path: &mut Vec<bool>) -> u128 {
    if flow.terminal[u] {
        return 1;
    }
    let mut total = 0;
    for &(_, v) in &flow.out[u] {
        if !on_path[v] {
            on_path[v] = true;
            total += brute_force(flow, v, on_path);
            on_path[v] = false;
        }
    }
    total
}

proptest! {
    /// Random acyclic graphs (edges only go from lower to higher index, parallel edges
    /// allowed, outcomes with edges out are not terminal): the DP count, the number of listed paths and a brute-force count agree.
    #[test]
    fn dp_count_listing_and_brute_force_agree(
        n in 2usize..12,
        raw_edges in proptest::collection::vec((0usize..12, 0usize..12), 0..40),
        outcome_mask in proptest::collection::vec(any::<bool>(), 12),
        through in proptest::option::of(0usize..12),
    ) {
        let mut nodes = vec![("n0".to_string(), "start")];
        for (i, &outcome) in outcome_mask.iter().enumerate().take(n).skip(1) {
            nodes.push((format!("n{i}"), if outcome { "outcome" } else { "phase" }));
        }
        let mut edges = Vec::new();
        for (a, b) in raw_edges {
            let (a, b) = (a % n, b % n);
            if a < b {
                edges.push((format!("n{a}"), format!("n{b}")));
            }
        }
        let p = pathway(&nodes, &edges);
        let flow = PathwayGraph::new(&p);
        let selection = Selection::all(&flow).unwrap();
        let (dp, method) = count_paths(&p, &flow, &selection).unwrap();
        prop_assert_eq!(method, CountMethod::Dynamic);
        let listed = count_by_enumeration(&p, &flow, &selection, &mut Unconditional::new(&p)).unwrap();
        let mut on_path = vec![false; n];
        on_path[0] = true;
        let brute = brute_force(&flow, 0, &mut on_path);
        prop_assert_eq!(dp, listed);
        prop_assert_eq!(dp, brute);
        // With a waypoint: the product of segment counts equals the filtered listing.
        if let Some(t) = through {
            let options = PathOptions { through: vec![format!("n{}", t % n)], ..Default::default() };
            match Selection::new(&p, &flow, &options) {
                Ok(selection) => {
                    let (dp, _) = count_paths(&p, &flow, &selection).unwrap();
                    let listed = count_by_enumeration(&p, &flow, &selection, &mut Unconditional::new(&p)).unwrap();
                    prop_assert_eq!(dp, listed);
                }
                // A node nothing flows into is refused, and only such a node.
                Err(SelectionError::NotOnFlow { .. }) => {
                    let target = t % n;
                    prop_assert!(target != 0 && !flow.out.iter().flatten().any(|&(_, to)| to == target));
                }
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
    }
}

/// Regression: past `--limit`, a listing with no precomputed total walked every remaining path
/// to count them (hours on a large pathway); it now stops after `count_budget` more.
#[test]
fn counting_past_the_limit_is_bounded_by_the_budget() {
    let pathway = layered(12); // 4,096 paths
    let flow = PathwayGraph::new(&pathway);
    let selection = Selection::all(&flow).unwrap();
    let mut filter = Unconditional::new(&pathway);
    let options = ListOptions { format: PathFormat::Csv, limit: Some(3), total: None, count_budget: 100 };
    let mut sink = Vec::new();
    let listing = list(&mut sink, &pathway, &flow, &selection, &mut filter, &options).unwrap();
    assert_eq!((listing.listed, listing.total, listing.total_exact), (3, 103, false));
    assert_eq!(
        listing.truncation_note().unwrap(),
        "listed 3 of more than 103 paths (counting stopped there); use --limit N to list more, \
         or narrow with --patient, --through or --ends-in"
    );
    // Within the budget the count is exact.
    let options = ListOptions { count_budget: 10_000, ..options };
    let listing = list(&mut Vec::new(), &pathway, &flow, &selection, &mut filter, &options).unwrap();
    assert_eq!((listing.listed, listing.total, listing.total_exact), (3, 4096, true));
    // And the bounded count used by `paths --count`.
    let mut filter = Unconditional::new(&pathway);
    assert_eq!(count_by_enumeration_up_to(&pathway, &flow, &selection, &mut filter, 1000).unwrap(), (1000, false));
    assert_eq!(count_by_enumeration_up_to(&pathway, &flow, &selection, &mut filter, 5000).unwrap(), (4096, true));
}

/// `count` counts from the graph when every path counts (no conditional flow and no profile,
/// or infeasible paths listed too) and walks with the filter otherwise, within its budget;
/// `count_from_graph` gives a listing the graph's count in the first case only.
#[test]
fn count_walks_only_when_the_filter_may_refuse_an_edge() {
    use crate::condition::{Feasibility, PathwayConditions, Profile, Value};
    let p = layered(12); // 4,096 paths, no conditions
    let flow = PathwayGraph::new(&p);
    let selection = Selection::all(&flow).unwrap();
    let conditions = PathwayConditions::new(&p);
    let exact = |n, method| Ok(Count { n, exact: true, method });
    let mut everyone = Feasibility::new(&conditions, &Profile::new());
    assert_eq!(super::count(&p, &flow, &selection, &mut everyone, 100), exact(4096, CountMethod::Dynamic));
    assert_eq!(count_from_graph(&p, &flow, &selection, &everyone), Some(4096));
    // A profile narrows the patients: only a walk counts, and it stops at the budget.
    let mut patient = Profile::new();
    patient.insert("age", Value::Int(70));
    let mut some = Feasibility::new(&conditions, &patient);
    let stopped = Ok(Count { n: 100, exact: false, method: CountMethod::Enumeration });
    assert_eq!(super::count(&p, &flow, &selection, &mut some, 100), stopped);
    assert_eq!(super::count(&p, &flow, &selection, &mut some, 5000), exact(4096, CountMethod::Enumeration));
    assert_eq!(count_from_graph(&p, &flow, &selection, &some), None);
    // Listing infeasible paths too, every path of the graph counts.
    let mut marked = MarkInfeasible::new(&p, Feasibility::new(&conditions, &patient));
    assert_eq!(super::count(&p, &flow, &selection, &mut marked, 100), exact(4096, CountMethod::Dynamic));
    assert_eq!(count_from_graph(&p, &flow, &selection, &marked), Some(4096));
    // Conditional flow: the feasible paths are walked (both lineages: all 4 of SMALL's).
    let small = parse(SMALL);
    let flow = PathwayGraph::new(&small);
    let selection = Selection::all(&flow).unwrap();
    let conditions = PathwayConditions::new(&small);
    let mut everyone = Feasibility::new(&conditions, &Profile::new());
    assert_eq!(super::count(&small, &flow, &selection, &mut everyone, 100), exact(4, CountMethod::Enumeration));
    assert_eq!(count_from_graph(&small, &flow, &selection, &everyone), None);
    // More paths than 128 bits hold: an error for `count`, no total for a listing.
    let huge = layered(130);
    let flow = PathwayGraph::new(&huge);
    let selection = Selection::all(&flow).unwrap();
    let mut filter = Unconditional::new(&huge);
    assert_eq!(super::count(&huge, &flow, &selection, &mut filter, 100), Err(CountError::Overflow));
    assert_eq!(count_from_graph(&huge, &flow, &selection, &filter), None);
}
