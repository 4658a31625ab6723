//! Structure rules: ids, edge endpoints, the start, terminal outcomes, reachability,
//! duplicate and self edges, `includes` edges, kind-specific fields, groups, and the shape
//! of decisions.

use std::collections::{HashMap, HashSet};

use crate::diag::{Sink, Subject};
use crate::model::{EdgeKind, NodeKind};
use crate::rules::*;
use crate::suggest::closest;

use super::Context;

/// CP010: ids unique within nodes, factors, sources and groups.
pub fn duplicate_ids(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    let lists: [(&str, &str, Vec<&str>); 4] = [
        ("nodes", "node", p.nodes.iter().map(|n| n.id.as_str()).collect()),
        ("factors", "factor", p.factors.iter().map(|f| f.id.as_str()).collect()),
        ("sources", "source", p.sources.iter().map(|s| s.id.as_str()).collect()),
        ("groups", "group", p.groups.iter().map(|g| g.id.as_str()).collect()),
    ];
    for (list, what, ids) in lists {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(&j) = first.get(id) {
                let line = cx.loaded.locate(&format!("/{list}/{j}")).map_or(0, |l| l.line);
                let subject = match what {
                    "node" => Subject::Node { id: id.to_string() },
                    "factor" => Subject::Factor { id: id.to_string() },
                    "source" => Subject::Source { id: id.to_string() },
                    _ => Subject::Group { id: id.to_string() },
                };
                sink.push(
                    cx.diag(
                        &DUPLICATE_ID,
                        format!("/{list}/{i}/id"),
                        format!("duplicate {what} id `{id}`: already defined at line {line}"),
                    )
                    .with_subject(subject)
                    .with_help("rename one of the two, or merge them"),
                );
            } else {
                first.insert(id, i);
            }
        }
    }
}

/// CP011: edge endpoints name existing nodes.
pub fn unknown_nodes(cx: &Context, sink: &mut Sink) {
    let ids: Vec<&str> = cx.loaded.pathway.nodes.iter().map(|n| n.id.as_str()).collect();
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        for (field, id) in [("from", &edge.from), ("to", &edge.to)] {
            if cx.graph.lookup(id).is_none() {
                let mut diag = cx.edge_diag(
                    &UNKNOWN_NODE,
                    i,
                    field,
                    format!("edge `{}` → `{}`: `{field}` names no node: `{id}`", edge.from, edge.to),
                );
                diag = match closest(id, ids.iter().copied()) {
                    Some(near) => diag.with_help(format!("did you mean `{near}`? Otherwise add a node with id `{id}`")),
                    None => diag.with_help(format!("add a node with id `{id}`, or correct the edge")),
                };
                sink.push(diag);
            }
        }
    }
}

/// CP012: exactly one start.
pub fn start_count(cx: &Context, sink: &mut Sink) {
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

/// CP013: nothing flows into the start.
pub fn flow_into_start(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if let Some(to) = cx.graph.lookup(&edge.to) {
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

/// CP014: at least one terminal outcome.
pub fn terminal_outcome(cx: &Context, sink: &mut Sink) {
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

/// CP015: non-outcome nodes on the flow have a way on.
pub fn dead_ends(cx: &Context, sink: &mut Sink) {
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

/// CP016 and CP021: every node reachable from the start(s); interventions on the flow or included.
///
/// With several starts (CP012), reachability is from all of them, so one mistake does not hide others.
pub fn unreachable_and_orphans(cx: &Context, sink: &mut Sink) {
    let starts: Vec<_> =
        cx.graph.graph.node_indices().filter(|&ix| cx.graph.node(ix).kind == NodeKind::Start).collect();
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
        let node = cx.graph.node(ix);
        if cx.graph.lookup(&node.id) != Some(ix) {
            continue; // A repeated id (CP010): edges attach to the first node with that id.
        }
        let i = cx.graph.graph[ix];
        let orphan = node.kind == NodeKind::Intervention
            && cx.graph.in_edges(ix, EdgeKind::Next).is_empty()
            && cx.graph.in_edges(ix, EdgeKind::Includes).is_empty();
        if orphan {
            sink.push(
                cx.node_diag(
                    &ORPHAN_INTERVENTION,
                    i,
                    "",
                    format!("intervention `{}` is neither on the flow nor included by any phase", node.id),
                )
                .with_help(format!(
                    "add {{ \"from\": \"<phase>\", \"to\": \"{}\", \"kind\": \"includes\" }}, or a `next` edge into it",
                    node.id
                )),
            );
        } else if !reached[ix.index()] && !starts.is_empty() {
            let from = starts.iter().map(|&s| format!("`{}`", cx.graph.node(s).id)).collect::<Vec<_>>().join(" or ");
            sink.push(
                cx.node_diag(
                    &UNREACHABLE,
                    i,
                    "",
                    format!("{} `{}` cannot be reached from the start {from}", node.kind, node.id),
                )
                .with_help("add the `next` edge that leads to it, or remove it"),
            );
        }
    }
}

/// CP017: every node on the flow can reach a terminal outcome.
///
/// Nodes whose paths end in a dead end are CP015's; this rule reports the nodes that can reach
/// neither a terminal outcome nor a dead end: they are caught in loops with no exit.
pub fn no_exit(cx: &Context, sink: &mut Sink) {
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

/// CP018: no duplicate edges (same kind, endpoints and condition).
pub fn duplicate_edges(cx: &Context, sink: &mut Sink) {
    let mut seen: HashMap<(&str, &str, EdgeKind, Option<String>), usize> = HashMap::new();
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        let when = edge.when.as_ref().map(|w| w.split_whitespace().collect::<String>());
        let key = (edge.from.as_str(), edge.to.as_str(), edge.kind, when);
        if let Some(&j) = seen.get(&key) {
            let line = cx.loaded.locate(&format!("/edges/{j}")).map_or(0, |l| l.line);
            sink.push(
                cx.edge_diag(
                    &DUPLICATE_EDGE,
                    i,
                    "",
                    format!(
                        "duplicate {} edge `{}` → `{}`: the same edge is at line {line}",
                        edge.kind, edge.from, edge.to
                    ),
                )
                .with_help("delete this copy, or merge the two conditions with `||`"),
            );
        } else {
            seen.insert(key, i);
        }
    }
}

/// CP019: no self-loops.
pub fn self_loops(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if edge.from == edge.to {
            sink.push(
                cx.edge_diag(
                    &SELF_LOOP,
                    i,
                    "to",
                    format!("edge `{}` → `{}` leads from the node to itself", edge.from, edge.to),
                )
                .with_help("point it at the next step; model a repeat as a cycle through another node"),
            );
        }
    }
}

/// CP020: `includes` goes from a phase to an intervention.
pub fn includes_endpoints(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if edge.kind != EdgeKind::Includes {
            continue;
        }
        let from = cx.graph.lookup(&edge.from).map(|ix| cx.graph.node(ix).kind);
        let to = cx.graph.lookup(&edge.to).map(|ix| cx.graph.node(ix).kind);
        if let Some(kind) = from.filter(|k| *k != NodeKind::Phase) {
            sink.push(
                cx.edge_diag(
                    &INCLUDES_ENDPOINTS,
                    i,
                    "from",
                    format!("`includes` edge `{}` → `{}` starts at a {kind}, not a phase", edge.from, edge.to),
                )
                .with_help("only phases include interventions; make this a `next` edge if it is flow"),
            );
        }
        if let Some(kind) = to.filter(|k| *k != NodeKind::Intervention) {
            sink.push(
                cx.edge_diag(
                    &INCLUDES_ENDPOINTS,
                    i,
                    "to",
                    format!("`includes` edge `{}` → `{}` ends at a {kind}, not an intervention", edge.from, edge.to),
                )
                .with_help("a phase includes interventions; make this a `next` edge if it is flow"),
            );
        }
    }
}

/// CP022: outcomes carry a category.
pub fn outcome_category(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        if node.kind == NodeKind::Outcome && node.outcome.is_none() {
            sink.push(
                cx.node_diag(&OUTCOME_CATEGORY, i, "", format!("outcome `{}` has no `outcome` category", node.id))
                    .with_help("add \"outcome\": one of remission, partial_remission, refractory, relapse, long_term_remission, palliative"),
            );
        }
    }
}

/// CP023: kind-specific fields only on their kind.
pub fn misplaced_fields(cx: &Context, sink: &mut Sink) {
    use NodeKind::*;
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        let present: [(&str, bool, &[NodeKind]); 9] = [
            ("duration", node.duration.is_some(), &[Phase, Intervention]),
            ("outcome", node.outcome.is_some(), &[Outcome]),
            ("modality", node.modality.is_some(), &[Intervention]),
            ("agents", !node.agents.is_empty(), &[Intervention]),
            ("combine", node.combine.is_some(), &[Intervention]),
            ("route", node.route.is_some(), &[Intervention]),
            ("delivery", !node.delivery.is_empty(), &[Intervention]),
            ("intensity", node.intensity.is_some(), &[Phase, Intervention]),
            ("choice", node.choice.is_some(), &[Decision]),
        ];
        for (field, is_present, allowed) in present {
            if is_present && !allowed.contains(&node.kind) {
                let kinds: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
                sink.push(
                    cx.node_diag(
                        &MISPLACED_FIELD,
                        i,
                        field,
                        format!(
                            "`{field}` on {} `{}`: it belongs on {} nodes only",
                            node.kind,
                            node.id,
                            kinds.join(" and ")
                        ),
                    )
                    .with_help(format!("remove `{field}`, or change the node's kind")),
                );
            }
        }
    }
}

/// CP024: node groups are declared.
pub fn unknown_groups(cx: &Context, sink: &mut Sink) {
    let groups: Vec<&str> = cx.loaded.pathway.groups.iter().map(|g| g.id.as_str()).collect();
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        if let Some(group) = &node.group {
            if !groups.contains(&group.as_str()) {
                let help = match closest(group, groups.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? Otherwise declare it in `groups`"),
                    None => format!("declare {{ \"id\": \"{group}\", \"label\": \"...\" }} in `groups`"),
                };
                sink.push(
                    cx.node_diag(
                        &UNKNOWN_GROUP,
                        i,
                        "group",
                        format!("node `{}` is in group `{group}`, which is not declared", node.id),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// CP025: a phase does not both include and flow into the same intervention.
pub fn includes_and_next(cx: &Context, sink: &mut Sink) {
    let includes: HashSet<(&str, &str)> = cx
        .loaded
        .pathway
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Includes)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if edge.kind == EdgeKind::Next && includes.contains(&(edge.from.as_str(), edge.to.as_str())) {
            sink.push(
                cx.edge_diag(
                    &INCLUDES_AND_NEXT,
                    i,
                    "",
                    format!("`{}` both includes `{}` and flows into it", edge.from, edge.to),
                )
                .with_help("keep the `includes` edge if it is part of the phase, or this `next` edge if it follows it"),
            );
        }
    }
}

/// CP030–CP034: the shape of decisions and where conditions and probabilities may appear.
pub fn decision_edges(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        let out = cx.graph.out_edges(ix, EdgeKind::Next);
        if node.kind == NodeKind::Decision {
            if out.len() < 2 {
                sink.push(
                    cx.node_diag(
                        &DECISION_BRANCHES,
                        cx.graph.graph[ix],
                        "",
                        format!(
                            "decision `{}` has {} `next` edge(s) out; a decision needs at least two",
                            node.id,
                            out.len()
                        ),
                    )
                    .with_help("add the missing branch, or replace the decision with a direct edge"),
                );
            }
            let mut first_else: Option<usize> = None;
            for &(_, e, _) in &out {
                let edge = &cx.loaded.pathway.edges[e];
                match edge.when.as_deref().map(str::trim) {
                    None => sink.push(
                        cx.edge_diag(
                            &MISSING_CONDITION,
                            e,
                            "",
                            format!(
                                "branch `{}` → `{}` of decision `{}` has no condition",
                                edge.from, edge.to, node.id
                            ),
                        )
                        .with_help("add \"when\": \"<condition>\", or \"when\": \"else\" for the remaining patients"),
                    ),
                    Some("else") => {
                        if let Some(first) = first_else {
                            let line = cx.loaded.locate(&format!("/edges/{first}")).map_or(0, |l| l.line);
                            sink.push(
                                cx.edge_diag(
                                    &MULTIPLE_ELSE,
                                    e,
                                    "when",
                                    format!(
                                        "decision `{}` has a second `else` branch (the first is at line {line})",
                                        node.id
                                    ),
                                )
                                .with_help("give one of them a real condition"),
                            );
                        } else {
                            first_else = Some(e);
                        }
                    }
                    Some(_) => {}
                }
                if edge.probability.is_some() {
                    sink.push(
                        cx.edge_diag(
                            &PROBABILITY_ON_DECISION,
                            e,
                            "probability",
                            format!(
                                "branch `{}` → `{}` of decision `{}` carries a probability",
                                edge.from, edge.to, node.id
                            ),
                        )
                        .with_help("decisions follow patient factors, not chance: remove the probability"),
                    );
                }
            }
        } else {
            for &(_, e, _) in &out {
                let edge = &cx.loaded.pathway.edges[e];
                if edge.when.is_some() {
                    sink.push(
                        cx.edge_diag(
                            &CONDITION_OUTSIDE_DECISION,
                            e,
                            "when",
                            format!(
                                "`next` edge `{}` → `{}` carries a condition, but `{}` is a {}, not a decision",
                                edge.from, edge.to, node.id, node.kind
                            ),
                        )
                        .with_help("insert a decision node after it and move the condition onto the decision's edges"),
                    );
                }
            }
        }
        for (_, e, _) in cx.graph.out_edges(ix, EdgeKind::Includes) {
            let edge = &cx.loaded.pathway.edges[e];
            if edge.probability.is_some() {
                sink.push(
                    cx.edge_diag(
                        &PROBABILITY_ON_DECISION,
                        e,
                        "probability",
                        format!("`includes` edge `{}` → `{}` carries a probability", edge.from, edge.to),
                    )
                    .with_help("components are given or not by condition; remove the probability"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{codes, run, MINIMAL};

    /// Replaces `from` by `to` exactly once in the minimal pathway.
    fn edit(from: &str, to: &str) -> String {
        assert_eq!(MINIMAL.matches(from).count(), 1, "fixture edit must be unique: {from}");
        MINIMAL.replacen(from, to, 1)
    }

    #[test]
    fn cp010_duplicate_node_id_names_first_line() {
        let text = edit(r#"{ "id": "refractory", "kind""#, r#"{ "id": "cr", "kind""#);
        let found = run(&text);
        let dup = found.iter().find(|d| d.0 == "CP010").expect("CP010");
        assert_eq!((dup.1, dup.2), (11, 13));
        assert_eq!(dup.3, "duplicate node id `cr`: already defined at line 10");
    }

    #[test]
    fn cp011_unknown_node_points_at_the_field_and_suggests() {
        let text = edit(r#""to": "cr","#, r#""to": "crr","#);
        let found = run(&text);
        assert_eq!(
            found,
            vec![
                ("CP016", 10, 13, "outcome `cr` cannot be reached from the start `dx`".into()),
                ("CP011", 15, 34, "edge `induction` → `crr`: `to` names no node: `crr`".into()),
            ]
        );
    }

    #[test]
    fn cp012_second_start() {
        let text = edit(r#""id": "induction", "kind": "phase""#, r#""id": "induction", "kind": "start""#);
        let c = codes(&text);
        assert!(c.contains(&"CP012"), "{c:?}");
    }

    #[test]
    fn cp013_flow_into_start() {
        let text = edit(
            r#"{ "from": "dx", "to": "induction" }"#,
            r#"{ "from": "dx", "to": "induction" }, { "from": "refractory", "to": "dx" }"#,
        );
        let found = run(&text);
        assert_eq!(found, vec![("CP013", 14, 72, "edge `refractory` → `dx` enters the start node".into())]);
    }

    #[test]
    fn cp014_cp015_no_terminal_and_dead_end() {
        let text = edit(
            r#""kind": "outcome", "label": "Remission", "outcome": "remission""#,
            r#""kind": "phase", "label": "Remission""#,
        );
        let text = text.replacen(
            r#""kind": "outcome", "label": "Refractory", "outcome": "refractory""#,
            r#""kind": "phase", "label": "Refractory""#,
            1,
        );
        let c = codes(&text);
        assert!(c.contains(&"CP014") && c.contains(&"CP015"), "{c:?}");
    }

    #[test]
    fn cp016_unreachable() {
        let text = edit(r#"{ "from": "dx", "to": "induction" },"#, r#"{ "from": "dx", "to": "cr" },"#);
        let found = run(&text);
        assert_eq!(
            found,
            vec![
                ("CP016", 9, 13, "phase `induction` cannot be reached from the start `dx`".into()),
                ("CP016", 11, 13, "outcome `refractory` cannot be reached from the start `dx`".into()),
            ]
        );
    }

    #[test]
    fn cp017_loop_without_exit() {
        let text = edit(
            r#"{ "from": "dx", "to": "induction" },"#,
            r#"{ "from": "dx", "to": "induction" }, { "from": "dx", "to": "loop_a" }, { "from": "loop_a", "to": "loop_b" }, { "from": "loop_b", "to": "loop_a" },"#,
        )
        .replacen(
            r#"  "nodes": ["#,
            r#"  "nodes": [
    { "id": "loop_a", "kind": "phase", "label": "A", "group": "g", "duration": { "min": 1, "max": 1, "unit": "days" }, "sources": [{ "source": "src" }] },
    { "id": "loop_b", "kind": "phase", "label": "B", "group": "g", "duration": { "min": 1, "max": 1, "unit": "days" }, "sources": [{ "source": "src" }] },"#,
            1,
        );
        let found = run(&text);
        let no_exit: Vec<_> = found.iter().filter(|d| d.0 == "CP017").collect();
        // loop_a and loop_b go on but never arrive; dx reaches the outcomes through induction.
        assert_eq!(no_exit.len(), 2, "{found:?}");
    }

    #[test]
    fn cp018_cp019_duplicate_edge_and_self_loop() {
        let text = edit(
            r#"{ "from": "dx", "to": "induction" },"#,
            r#"{ "from": "dx", "to": "induction" }, { "from": "dx", "to": "induction" }, { "from": "induction", "to": "induction" },"#,
        );
        let c = codes(&text);
        assert!(c.contains(&"CP018") && c.contains(&"CP019"), "{c:?}");
    }
}
