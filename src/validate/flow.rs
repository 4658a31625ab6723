//! Structure rules about the flow: one start, nothing back into it, terminal outcomes, no
//! dead ends, every node reachable, every loop with an exit, every intervention given
//! (CP012–CP017, CP021). Each rule is one [`Lint`] with its check and its tests right below it.

use petgraph::graph::NodeIndex;

use crate::diag::{Rule, RuleGroup, Severity, Sink};
use crate::model::{EdgeKind, NodeKind};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{add_edge, add_node, assert_fires, codes, run, sub, MINIMAL};

/// CP012 `one-start`: A pathway has exactly one `start` node.
pub static START_COUNT: Lint = Lint {
    rule: &Rule {
        code: "CP012",
        name: "one-start",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "A pathway has exactly one `start` node.",
        rationale: "Every path begins at the start; with none there are no paths, with two the pathway is two pathways.",
        fix: "Keep one start node (usually diagnosis); make the other a phase or intervention, or move it to its own file.",
        bad: r#"{ "id": "diagnosis", "kind": "start", ... }, { "id": "work_up", "kind": "start", ... }"#,
        good: r#"{ "id": "diagnosis", "kind": "start", ... }, { "id": "work_up", "kind": "intervention", ... }"#,
    },
    check: Check::Pathway(start_count),
};

fn start_count(cx: &Context, sink: &mut Sink) {
    let starts: Vec<usize> =
        cx.loaded.pathway.nodes.iter().enumerate().filter(|(_, n)| n.kind == NodeKind::Start).map(|(i, _)| i).collect();
    match starts.as_slice() {
        [] => sink.push(
            cx.diag(&START_COUNT, "/nodes".into(), "the pathway has no start node")
                .with_help("add one node with \"kind\": \"start\" (usually diagnosis) where every path begins"),
        ),
        [_] => {}
        [first, rest @ ..] => {
            let first_id = &cx.loaded.pathway.nodes[*first].id;
            for &i in rest {
                sink.push(
                    cx.node_diag(
                        &START_COUNT,
                        i,
                        "kind",
                        format!(
                            "second start node `{}`: the pathway already starts at `{first_id}`",
                            cx.loaded.pathway.nodes[i].id
                        ),
                    )
                    .with_help("keep one start; make this node a phase or intervention that follows it"),
                );
            }
        }
    }
}

#[test]
fn cp012_start_count() {
    assert_fires(&START_COUNT, |t| {
        let t = add_node(
            t,
            r#"{ "id": "dx2", "kind": "start", "label": "Second", "group": "main", "sources": [{ "source": "src" }] }"#,
        );
        add_edge(&t, r#"{ "from": "dx2", "to": "induction" }"#)
    });
}

#[test]
fn cp012_second_start() {
    let text = sub(MINIMAL, r#""id": "induction", "kind": "phase""#, r#""id": "induction", "kind": "start""#);
    let c = codes(&text);
    assert!(c.contains(&"CP012"), "{c:?}");
}

/// CP013 `flow-into-start`: No `next` edge enters the start node.
pub static FLOW_INTO_START: Lint = Lint {
    rule: &Rule {
        code: "CP013",
        name: "flow-into-start",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "No `next` edge enters the start node.",
        rationale: "The start is diagnosis: treatment never returns to it. A loop back to the start usually means a relapse step is missing.",
        fix: "Point the edge at the step the patient actually returns to (e.g. re-induction).",
        bad: r#"{ "from": "relapse", "to": "diagnosis" }"#,
        good: r#"{ "from": "relapse", "to": "reinduction" }"#,
    },
    check: Check::Pathway(flow_into_start),
};

fn flow_into_start(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if let Some(to) = cx.graph.edge_to(i) {
            if cx.graph.node(to).kind == NodeKind::Start {
                sink.push(
                    cx.edge_diag(
                        &FLOW_INTO_START,
                        i,
                        "to",
                        format!("edge `{}` → `{}` enters the start node", edge.from, edge.to),
                    )
                    .with_help("point it at the step the patient returns to (e.g. re-induction)"),
                );
            }
        }
    }
}

#[test]
fn cp013_flow_into_start() {
    assert_fires(&FLOW_INTO_START, |t| add_edge(t, r#"{ "from": "refractory", "to": "dx" }"#));
}

#[test]
fn cp013_points_at_the_target() {
    let text = sub(
        MINIMAL,
        r#"{ "from": "dx", "to": "induction" }"#,
        r#"{ "from": "dx", "to": "induction" }, { "from": "refractory", "to": "dx" }"#,
    );
    assert_eq!(run(&text), vec![("CP013", 14, 72, "edge `refractory` → `dx` enters the start node".into())]);
}

/// CP014 `terminal-outcome`: A pathway has at least one terminal outcome: an outcome node with no
/// `next` edge out.
pub static NO_TERMINAL_OUTCOME: Lint = Lint {
    rule: &Rule {
        code: "CP014",
        name: "terminal-outcome",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "A pathway has at least one terminal outcome: an outcome node with no `next` edge out.",
        rationale:
            "Paths end at terminal outcomes; without one there are no complete paths to list or to compute figures for.",
        fix: "Add an outcome node (e.g. long-term remission) and lead the last steps to it.",
        bad: r#"every outcome node has a `next` edge out"#,
        good: r#"{ "id": "cured", "kind": "outcome", "outcome": "long_term_remission", ... } with no edge out"#,
    },
    check: Check::Pathway(terminal_outcome),
};

fn terminal_outcome(cx: &Context, sink: &mut Sink) {
    if !cx.loaded.pathway.nodes.is_empty() && !cx.graph.graph.node_indices().any(|ix| cx.graph.is_terminal(ix)) {
        sink.push(
            cx.diag(
                &NO_TERMINAL_OUTCOME,
                "/nodes".into(),
                "the pathway has no terminal outcome (an outcome node with no `next` edge out)",
            )
            .with_help(
                "add an outcome node such as long-term remission or palliative care, and lead the last steps to it",
            ),
        );
    }
}

#[test]
fn cp014_terminal_outcome() {
    assert_fires(&NO_TERMINAL_OUTCOME, |t| {
        let t = add_edge(t, r#"{ "from": "cr", "to": "induction" }"#);
        add_edge(&t, r#"{ "from": "refractory", "to": "induction" }"#)
    });
}

#[test]
fn cp014_cp015_no_terminal_and_dead_end() {
    let text = sub(
        MINIMAL,
        r#""kind": "outcome", "label": "Remission", "outcome": "remission""#,
        r#""kind": "phase", "label": "Remission""#,
    );
    let text = sub(
        &text,
        r#""kind": "outcome", "label": "Refractory", "outcome": "refractory""#,
        r#""kind": "phase", "label": "Refractory""#,
    );
    let c = codes(&text);
    assert!(c.contains(&"CP014") && c.contains(&"CP015"), "{c:?}");
}

/// CP015 `dead-end`: Every node on the flow that is not an outcome has a `next` edge out.
pub static DEAD_END: Lint = Lint {
    rule: &Rule {
        code: "CP015",
        name: "dead-end",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "Every node on the flow that is not an outcome has a `next` edge out.",
        rationale: "A phase or decision with no way on leaves the patient nowhere; paths through it could not end in an outcome.",
        fix: "Add the `next` edge that says what follows, or make the node an outcome.",
        bad: r#"{ "id": "maintenance", "kind": "phase", ... } with no `next` edge from it"#,
        good: r#"{ "from": "maintenance", "to": "long_term_remission" }"#,
    },
    check: Check::Pathway(dead_ends),
};

fn dead_ends(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        if node.kind == NodeKind::Outcome || !cx.graph.out_edges(ix, EdgeKind::Next).is_empty() {
            continue;
        }
        // Interventions that are only components of phases are not on the flow.
        let on_flow = node.kind != NodeKind::Intervention || !cx.graph.in_edges(ix, EdgeKind::Next).is_empty();
        if on_flow {
            sink.push(
                cx.node_diag(
                    &DEAD_END,
                    cx.graph.graph[ix],
                    "",
                    format!("{} `{}` has no `next` edge out: paths through it end nowhere", node.kind, node.id),
                )
                .with_help("add the `next` edge that says what follows, or make it an outcome"),
            );
        }
    }
}

#[test]
fn cp015_dead_end() {
    assert_fires(&DEAD_END, |t| {
        let t = add_node(
            t,
            r#"{ "id": "consolidation", "kind": "phase", "label": "Consolidation", "group": "main", "duration": { "min": 2, "max": 4, "unit": "months" }, "sources": [{ "source": "src", "quote": "q" }] }"#,
        );
        add_edge(&t, r#"{ "from": "cr", "to": "consolidation" }"#)
    });
}

/// Whether node `ix` is the one its id names (a repeated id, CP010, attaches edges to the
/// first node with that id, so the others are reported by CP010 only).
fn is_first_with_its_id(cx: &Context, ix: NodeIndex) -> bool {
    cx.graph.is_first_with_its_id(ix)
}

/// Whether node `ix` is an intervention with no edge of either kind into it (CP021).
fn is_orphan_intervention(cx: &Context, ix: NodeIndex) -> bool {
    cx.graph.node(ix).kind == NodeKind::Intervention
        && cx.graph.in_edges(ix, EdgeKind::Next).is_empty()
        && cx.graph.in_edges(ix, EdgeKind::Includes).is_empty()
}

/// CP016 `unreachable`: Every node can be reached from the start (interventions may instead be
/// included by a reachable phase).
pub static UNREACHABLE: Lint = Lint {
    rule: &Rule {
        code: "CP016",
        name: "unreachable",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary:
            "Every node can be reached from the start (interventions may instead be included by a reachable phase).",
        rationale: "A node no path reaches is never drawn on any patient's path: it is dead content or a missing edge.",
        fix: "Add the `next` edge that leads to it, or remove it.",
        bad: r#"{ "id": "salvage", "kind": "phase", ... } with no edge into it"#,
        good: r#"{ "from": "refractory", "to": "salvage" }"#,
    },
    check: Check::Pathway(unreachable),
};

/// With several starts (CP012), reachability is from all of them, so one mistake does not
/// hide others. Orphan interventions are CP021's. Complexity: O(starts × (N + E)).
fn unreachable(cx: &Context, sink: &mut Sink) {
    let starts: Vec<_> =
        cx.graph.graph.node_indices().filter(|&ix| cx.graph.node(ix).kind == NodeKind::Start).collect();
    if starts.is_empty() {
        return;
    }
    let mut reached = vec![false; cx.graph.graph.node_count()];
    for &start in &starts {
        for (i, r) in cx.graph.reachable_from(start).into_iter().enumerate() {
            reached[i] |= r;
        }
    }
    // Interventions included by a reachable phase count as reached.
    for ix in cx.graph.graph.node_indices() {
        if reached[ix.index()] {
            for (_, _, target) in cx.graph.out_edges(ix, EdgeKind::Includes) {
                reached[target.index()] = true;
            }
        }
    }
    for ix in cx.graph.graph.node_indices() {
        if reached[ix.index()] || !is_first_with_its_id(cx, ix) || is_orphan_intervention(cx, ix) {
            continue;
        }
        let node = cx.graph.node(ix);
        let from = starts.iter().map(|&s| format!("`{}`", cx.graph.node(s).id)).collect::<Vec<_>>().join(" or ");
        sink.push(
            cx.node_diag(
                &UNREACHABLE,
                cx.graph.graph[ix],
                "",
                format!("{} `{}` cannot be reached from the start {from}", node.kind, node.id),
            )
            .with_help("add the `next` edge that leads to it, or remove it"),
        );
    }
}

#[test]
fn cp016_unreachable() {
    assert_fires(&UNREACHABLE, |t| {
        add_node(
            t,
            r#"{ "id": "salvage", "kind": "outcome", "label": "Salvage", "outcome": "palliative", "group": "main", "sources": [{ "source": "src" }] }"#,
        )
    });
}

#[test]
fn cp016_names_every_unreachable_node() {
    let text = sub(MINIMAL, r#"{ "from": "dx", "to": "induction" },"#, r#"{ "from": "dx", "to": "cr" },"#);
    assert_eq!(
        run(&text),
        vec![
            ("CP016", 9, 13, "phase `induction` cannot be reached from the start `dx`".into()),
            ("CP016", 11, 13, "outcome `refractory` cannot be reached from the start `dx`".into()),
        ]
    );
}

/// CP017 `no-exit`: From every node on the flow, some path leads to a terminal outcome.
pub static NO_EXIT: Lint = Lint {
    rule: &Rule {
        code: "CP017",
        name: "no-exit",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "From every node on the flow, some path leads to a terminal outcome.",
        rationale: "Catches loops with no way out: a patient who enters them could never reach an outcome.",
        fix: "Add an exit edge from the loop to an outcome (e.g. palliative care).",
        bad: r#"relapse → reinduction → relapse, and nothing else out of either"#,
        good: r#"relapse → reinduction → (relapse | second_remission → ...)"#,
    },
    check: Check::Pathway(no_exit),
};

/// Nodes whose paths end in a dead end are CP015's; this rule reports the nodes that can
/// reach neither a terminal outcome nor a dead end: they are caught in loops with no exit.
/// Complexity: O(N + E), one backward search from every node with no way on.
fn no_exit(cx: &Context, sink: &mut Sink) {
    if !cx.graph.graph.node_indices().any(|ix| cx.graph.is_terminal(ix)) {
        return; // CP014 already says there is no terminal outcome at all.
    }
    let ends = cx.graph.can_reach(|ix| cx.graph.out_edges(ix, EdgeKind::Next).is_empty());
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        if !ends[ix.index()] {
            sink.push(
                cx.node_diag(
                    &NO_EXIT,
                    cx.graph.graph[ix],
                    "",
                    format!(
                        "no path from {} `{}` reaches a terminal outcome: it is caught in a loop with no exit",
                        node.kind, node.id
                    ),
                )
                .with_help("add an edge out of the loop to an outcome (e.g. palliative care)"),
            );
        }
    }
}

#[test]
fn cp017_no_exit() {
    let phase = |id: &str, label: &str| {
        format!(
            r#"{{ "id": "{id}", "kind": "phase", "label": "{label}", "group": "main", "duration": {{ "min": 1, "max": 1, "unit": "weeks" }}, "sources": [{{ "source": "src", "quote": "q" }}] }}"#
        )
    };
    assert_fires(&NO_EXIT, |t| {
        let t = sub(t, r#""to": "refractory", "probability": 0.2"#, r#""to": "loop_a", "probability": 0.2"#);
        let t = add_edge(&t, r#"{ "from": "loop_a", "to": "loop_b" }"#);
        let t = add_edge(&t, r#"{ "from": "loop_b", "to": "loop_a" }"#);
        let t = t.replace(
            r#"    { "id": "refractory""#,
            &format!("    {},\n    {},\n    {{ \"id\": \"refractory\"", phase("loop_a", "A"), phase("loop_b", "B")),
        );
        t.replace(
            r#"{ "from": "induction", "to": "vincristine", "kind": "includes" }"#,
            "{ \"from\": \"induction\", \"to\": \"vincristine\", \"kind\": \"includes\" },\n    { \"from\": \"dx\", \"to\": \"refractory\" }",
        )
    });
}

#[test]
fn cp017_loop_without_exit() {
    let text = sub(
        MINIMAL,
        r#"{ "from": "dx", "to": "induction" },"#,
        r#"{ "from": "dx", "to": "induction" }, { "from": "dx", "to": "loop_a" }, { "from": "loop_a", "to": "loop_b" }, { "from": "loop_b", "to": "loop_a" },"#,
    );
    let text = sub(
        &text,
        r#"  "nodes": ["#,
        r#"  "nodes": [
    { "id": "loop_a", "kind": "phase", "label": "A", "group": "g", "duration": { "min": 1, "max": 1, "unit": "days" }, "sources": [{ "source": "src" }] },
    { "id": "loop_b", "kind": "phase", "label": "B", "group": "g", "duration": { "min": 1, "max": 1, "unit": "days" }, "sources": [{ "source": "src" }] },"#,
    );
    let found = run(&text);
    let no_exit: Vec<_> = found.iter().filter(|d| d.0 == "CP017").collect();
    // loop_a and loop_b go on but never arrive; dx reaches the outcomes through induction.
    assert_eq!(no_exit.len(), 2, "{found:?}");
}

/// CP021 `orphan-intervention`: Every intervention is on the flow or included by a phase.
pub static ORPHAN_INTERVENTION: Lint = Lint {
    rule: &Rule {
        code: "CP021",
        name: "orphan-intervention",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "Every intervention is on the flow or included by a phase.",
        rationale: "An intervention that nothing leads to and no phase includes is never given to anyone.",
        fix: "Add an `includes` edge from the phase that gives it, or a `next` edge that leads to it.",
        bad: r#"{ "id": "nelarabine", "kind": "intervention", ... } with no edges"#,
        good: r#"{ "from": "relapse_reinduction", "to": "nelarabine", "kind": "includes", "when": "lineage == T" }"#,
    },
    check: Check::Pathway(orphan_interventions),
};

fn orphan_interventions(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        if !is_first_with_its_id(cx, ix) || !is_orphan_intervention(cx, ix) {
            continue;
        }
        let node = cx.graph.node(ix);
        sink.push(
            cx.node_diag(
                &ORPHAN_INTERVENTION,
                cx.graph.graph[ix],
                "",
                format!("intervention `{}` is neither on the flow nor included by any phase", node.id),
            )
            .with_help(format!(
                "add {{ \"from\": \"<phase>\", \"to\": \"{}\", \"kind\": \"includes\" }}, or a `next` edge into it",
                node.id
            )),
        );
    }
}

#[test]
fn cp021_orphan_intervention() {
    assert_fires(&ORPHAN_INTERVENTION, |t| {
        add_node(
            t,
            r#"{ "id": "nelarabine", "kind": "intervention", "label": "Nelarabine", "group": "main", "sources": [{ "source": "src" }] }"#,
        )
    });
}
