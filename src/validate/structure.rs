//! Structure rules about declarations and edges: unique ids, edge endpoints, duplicate and
//! self edges, `includes` edges, outcome categories, kind-specific fields and groups
//! (CP010, CP011, CP018–CP020, CP022–CP025). Each rule is one [`Lint`] with its check and
//! its tests right below it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diag::{Rule, RuleGroup, Severity, Sink, Subject};
use crate::model::{Choice, EdgeKind, NodeKind};
use crate::suggest::closest;

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{add_edge, add_node, assert_fires, codes, run, sub, MINIMAL};

/// CP010 `duplicate-id`: Node, factor, source, group and caveat ids must be unique within their
/// kind, and option set ids within their node.
pub static DUPLICATE_ID: Lint = Lint {
    rule: &Rule {
        code: "CP010",
        name: "duplicate-id",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "Node, factor, source, group and caveat ids must be unique within their kind, and option set ids within their node.",
        rationale: "Edges, conditions and citations refer to things by id; a second definition would be ambiguous.",
        fix: "Rename one of the two, or merge them.",
        bad: r#""nodes": [ { "id": "induction", ... }, { "id": "induction", ... } ]"#,
        good: r#""nodes": [ { "id": "induction", ... }, { "id": "induction_reduced", ... } ]"#,
    },
    check: Check::Pathway(duplicate_ids),
};

fn duplicate_ids(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    let lists: [(&str, &str, Vec<&str>); 5] = [
        ("nodes", "node", p.nodes.iter().map(|n| n.id.as_str()).collect()),
        ("factors", "factor", p.factors.iter().map(|f| f.id.as_str()).collect()),
        ("sources", "source", p.sources.iter().map(|s| s.id.as_str()).collect()),
        ("groups", "group", p.groups.iter().map(|g| g.id.as_str()).collect()),
        ("caveats", "caveat", p.caveats.iter().map(|c| c.id.as_str()).collect()),
    ];
    for (list, what, ids) in lists {
        let mut first: HashMap<&str, usize> = HashMap::default();
        for (i, id) in ids.iter().enumerate() {
            if let Some(&j) = first.get(id) {
                let line = cx.loaded.locate(&format!("/{list}/{j}")).map_or(0, |l| l.line);
                let subject = match what {
                    "node" => Subject::Node { id: id.to_string() },
                    "factor" => Subject::Factor { id: id.to_string() },
                    "source" => Subject::Source { id: id.to_string() },
                    "caveat" => Subject::Caveat { id: id.to_string() },
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
    for (i, node) in p.nodes.iter().enumerate() {
        let mut first: HashMap<&str, usize> = HashMap::default();
        for (k, set) in node.option_sets.iter().enumerate() {
            match first.get(set.id.as_str()) {
                Some(&j) => {
                    let line = cx.loaded.locate(&format!("/nodes/{i}/option_sets/{j}")).map_or(0, |l| l.line);
                    sink.push(
                        cx.node_diag(
                            &DUPLICATE_ID,
                            i,
                            &format!("option_sets/{k}/id"),
                            format!(
                                "duplicate option set id `{}` on node `{}`: already declared at line {line}",
                                set.id, node.id
                            ),
                        )
                        .with_help("rename one of the two, or merge their options into one set"),
                    );
                }
                None => {
                    first.insert(&set.id, k);
                }
            }
        }
    }
}

#[test]
fn cp010_duplicate_id() {
    assert_fires(&DUPLICATE_ID, |t| {
        add_node(
            t,
            r#"{ "id": "cr", "kind": "outcome", "label": "Again", "outcome": "remission", "group": "main", "sources": [{ "source": "src" }] }"#,
        )
    });
}

/// Two option sets of one node with the same id: its own fixture, `cp010.option-set/`.
#[test]
fn cp010_duplicate_option_set_id() {
    let found = super::fixture::assert_case(&DUPLICATE_ID, "option-set", |t| {
        let t = sub(
            t,
            r#""label": "Induction","#,
            r#""label": "Induction", "option_sets": [{ "id": "cns", "label": "CNS", "choose": "one" }, { "id": "cns", "label": "CNS again", "choose": "one" }],"#,
        );
        let t = sub(
            &t,
            r#""to": "vincristine", "kind": "includes""#,
            r#""to": "vincristine", "kind": "includes", "option_set": "cns""#,
        );
        let t = add_node(
            &t,
            r#"{ "id": "prednisone", "kind": "intervention", "label": "Prednisone", "group": "main", "sources": [{ "source": "src" }] }"#,
        );
        add_edge(&t, r#"{ "from": "induction", "to": "prednisone", "kind": "includes", "option_set": "cns" }"#)
    });
    assert_eq!(found, ["CP010"]);
}

#[test]
fn cp010_duplicate_node_id_names_first_line() {
    let text = sub(MINIMAL, r#"{ "id": "refractory", "kind""#, r#"{ "id": "cr", "kind""#);
    let found = run(&text);
    let dup = found.iter().find(|d| d.0 == "CP010").expect("CP010");
    assert_eq!((dup.1, dup.2), (11, 13));
    assert_eq!(dup.3, "duplicate node id `cr`: already defined at line 10");
}

#[test]
fn cp010_duplicate_caveat_id() {
    let caveat = r#"{ "id": "rates_vary", "text": "Rates vary.", "applies_to": [] }"#;
    let text = sub(MINIMAL, r#"  "groups": ["#, &format!(r#"  "caveats": [{caveat}, {caveat}], "groups": ["#));
    assert_eq!(
        run(&text),
        vec![("CP010", 6, 88, "duplicate caveat id `rates_vary`: already defined at line 6".into())]
    );
}

/// CP011 `unknown-node`: An edge's `from` and `to` must name nodes that exist.
pub static UNKNOWN_NODE: Lint = Lint {
    rule: &Rule {
        code: "CP011",
        name: "unknown-node",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "An edge's `from` and `to` must name nodes that exist.",
        rationale: "An edge to nowhere is almost always a typo or a node that was renamed.",
        fix: "Correct the id, or add the missing node.",
        bad: r#"{ "from": "induction", "to": "remision" }"#,
        good: r#"{ "from": "induction", "to": "remission" }"#,
    },
    check: Check::Pathway(unknown_nodes),
};

fn unknown_nodes(cx: &Context, sink: &mut Sink) {
    let ids: Vec<&str> = cx.loaded.pathway.nodes.iter().map(|n| n.id.as_str()).collect();
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        let found = [cx.graph.edge_from(i), cx.graph.edge_to(i)];
        for ((field, id), found) in [("from", &edge.from), ("to", &edge.to)].into_iter().zip(found) {
            if found.is_none() {
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

#[test]
fn cp011_unknown_node() {
    assert_fires(&UNKNOWN_NODE, |t| sub(t, r#""to": "cr", "probability": 0.8"#, r#""to": "crr", "probability": 0.8"#));
}

#[test]
fn cp011_unknown_node_points_at_the_field_and_suggests() {
    let found = run(&sub(MINIMAL, r#""to": "cr","#, r#""to": "crr","#));
    assert_eq!(
        found,
        vec![
            ("CP016", 10, 13, "outcome `cr` cannot be reached from the start `dx`".into()),
            ("CP011", 15, 34, "edge `induction` → `crr`: `to` names no node: `crr`".into()),
        ]
    );
}

/// CP018 `duplicate-edge`: Two edges of the same kind join the same two nodes only if their
/// conditions differ.
pub static DUPLICATE_EDGE: Lint = Lint {
    rule: &Rule {
        code: "CP018",
        name: "duplicate-edge",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "Two edges of the same kind join the same two nodes only if their conditions differ.",
        rationale: "A repeated edge doubles paths and probabilities without meaning anything new.",
        fix: "Delete the copy, or merge the two conditions into one with `||`.",
        bad: r#"{ "from": "induction", "to": "remission" }, { "from": "induction", "to": "remission" }"#,
        good: r#"{ "from": "induction", "to": "remission" }"#,
    },
    check: Check::Pathway(duplicate_edges),
};

fn duplicate_edges(cx: &Context, sink: &mut Sink) {
    let mut seen: HashMap<(&str, &str, EdgeKind, Option<String>), usize> = HashMap::default();
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

#[test]
fn cp018_duplicate_edge() {
    assert_fires(&DUPLICATE_EDGE, |t| add_edge(t, r#"{ "from": "dx", "to": "induction" }"#));
}

/// CP019 `self-loop`: No edge goes from a node to itself.
pub static SELF_LOOP: Lint = Lint {
    rule: &Rule {
        code: "CP019",
        name: "self-loop",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "No edge goes from a node to itself.",
        rationale: "A node leading to itself has no clinical meaning; repeating a step is a cycle through another node (e.g. relapse → re-induction).",
        fix: "Point the edge at the next step, or model the repeat as a separate node.",
        bad: r#"{ "from": "maintenance", "to": "maintenance" }"#,
        good: r#"{ "from": "maintenance", "to": "long_term_remission" }"#,
    },
    check: Check::Pathway(self_loops),
};

fn self_loops(cx: &Context, sink: &mut Sink) {
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

#[test]
fn cp019_self_loop() {
    assert_fires(&SELF_LOOP, |t| {
        add_edge(
            t,
            r#"{ "from": "induction", "to": "induction", "probability": 0, "sources": [{ "source": "src", "quote": "q" }] }"#,
        )
    });
}

#[test]
fn cp018_cp019_duplicate_edge_and_self_loop() {
    let text = sub(
        MINIMAL,
        r#"{ "from": "dx", "to": "induction" },"#,
        r#"{ "from": "dx", "to": "induction" }, { "from": "dx", "to": "induction" }, { "from": "induction", "to": "induction" },"#,
    );
    let c = codes(&text);
    assert!(c.contains(&"CP018") && c.contains(&"CP019"), "{c:?}");
}

/// CP020 `includes-endpoints`: An `includes` edge goes from a phase to an intervention.
pub static INCLUDES_ENDPOINTS: Lint = Lint {
    rule: &Rule {
        code: "CP020",
        name: "includes-endpoints",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "An `includes` edge goes from a phase to an intervention.",
        rationale: "`includes` lists a phase's components; anything else is flow and belongs on a `next` edge.",
        fix: "Make it a `next` edge, or point it from the phase to the intervention.",
        bad: r#"{ "from": "vincristine", "to": "induction", "kind": "includes" }"#,
        good: r#"{ "from": "induction", "to": "vincristine", "kind": "includes" }"#,
    },
    check: Check::Pathway(includes_endpoints),
};

fn includes_endpoints(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if edge.kind != EdgeKind::Includes {
            continue;
        }
        let from = cx.graph.edge_from(i).map(|ix| cx.graph.node(ix).kind);
        let to = cx.graph.edge_to(i).map(|ix| cx.graph.node(ix).kind);
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

#[test]
fn cp020_includes_endpoints() {
    assert_fires(&INCLUDES_ENDPOINTS, |t| add_edge(t, r#"{ "from": "dx", "to": "vincristine", "kind": "includes" }"#));
}

/// CP022 `outcome-category`: Every outcome node carries an `outcome` category.
pub static OUTCOME_CATEGORY: Lint = Lint {
    rule: &Rule {
        code: "CP022",
        name: "outcome-category",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "Every outcome node carries an `outcome` category.",
        rationale: "Categories are what `outcomes`, `--ends-in` and the colours of flowcharts are computed from.",
        fix: "Add `\"outcome\": \"remission\"` (or partial_remission, refractory, relapse, long_term_remission, palliative, death, exit).",
        bad: r#"{ "id": "cr1", "kind": "outcome", "label": "Complete remission" }"#,
        good: r#"{ "id": "cr1", "kind": "outcome", "label": "Complete remission", "outcome": "remission" }"#,
    },
    check: Check::Pathway(outcome_category),
};

fn outcome_category(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        if node.kind == NodeKind::Outcome && node.outcome.is_none() {
            sink.push(
                cx.node_diag(&OUTCOME_CATEGORY, i, "", format!("outcome `{}` has no `outcome` category", node.id))
                    .with_help("add \"outcome\": one of remission, partial_remission, refractory, relapse, long_term_remission, palliative, death, exit"),
            );
        }
    }
}

#[test]
fn cp022_outcome_category() {
    assert_fires(&OUTCOME_CATEGORY, |t| {
        sub(t, r#""label": "Remission", "outcome": "remission","#, r#""label": "Remission","#)
    });
}

/// CP023 `misplaced-field`: Kind-specific fields appear only on their kind (e.g. `duration` on
/// phases and interventions, `agents` on interventions, `choice` on decisions, `option_sets`
/// on phases), and edge fields only on their edges (`option_set` on `includes` edges,
/// `likelihood` on `includes` edges and on the branches of a `multiple` decision).
pub static MISPLACED_FIELD: Lint = Lint {
    rule: &Rule {
        code: "CP023",
        name: "misplaced-field",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "Kind-specific fields appear only on their kind (e.g. `duration` on phases and interventions, `agents` on interventions, `choice` on decisions, `option_sets` on phases), and edge fields only on their edges (`option_set` on `includes` edges, `likelihood` on `includes` edges and on the branches of a `choice: \"multiple\"` decision).",
        rationale: "A field on the wrong kind is ignored by every computation, so it is almost always a mistake about the node's kind. A likelihood says how often a component or one of several overlapping branches applies; on other flow, chance is a `probability` and a single decision's branch is decided by its condition.",
        fix: "Remove the field, or change the node's kind (or the edge's).",
        bad: r#"{ "id": "ph_status", "kind": "decision", "duration": { "min": 1, "max": 1, "unit": "months" } }"#,
        good: r#"{ "id": "ph_status", "kind": "decision" }"#,
    },
    check: Check::Pathway(misplaced_fields),
};

fn misplaced_fields(cx: &Context, sink: &mut Sink) {
    use NodeKind::*;
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        let present: [(&str, bool, &[NodeKind]); 12] = [
            ("duration", node.duration.is_some(), &[Phase, Intervention]),
            ("outcome", node.outcome.is_some(), &[Outcome]),
            ("modality", node.modality.is_some(), &[Intervention]),
            ("agents", !node.agents.is_empty(), &[Intervention]),
            ("combine", node.combine.is_some(), &[Intervention]),
            ("route", node.route.is_some(), &[Intervention]),
            ("delivery", !node.delivery.is_empty(), &[Intervention]),
            ("intensity", node.intensity.is_some(), &[Phase, Intervention]),
            ("choice", node.choice.is_some(), &[Decision]),
            ("option_sets", !node.option_sets.is_empty(), &[Phase]),
            ("cost", node.cost.is_some(), &[Phase, Intervention]),
            ("utility", node.utility.is_some(), &[Phase, Outcome]),
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
        // A phase's utility holds over its duration; `over` is an outcome's time in the state.
        if node.kind == Phase && node.utility.as_ref().is_some_and(|u| u.over.is_some()) {
            let message = format!("`over` in the utility of phase `{}`: it belongs on outcomes only", node.id);
            sink.push(
                cx.node_diag(&MISPLACED_FIELD, i, "utility/over", message)
                    .with_help("remove `over`: a phase's utility holds over the phase's `duration`"),
            );
        }
    }
    misplaced_edge_fields(cx, sink);
}

/// The edge half of CP023: `option_set` on a `next` edge, and `likelihood` on a `next` edge
/// that is not a branch of a `choice: "multiple"` decision.
fn misplaced_edge_fields(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if edge.kind != EdgeKind::Next {
            continue;
        }
        let (from, to) = (&edge.from, &edge.to);
        if edge.option_set.is_some() {
            sink.push(
                cx.edge_diag(
                    &MISPLACED_FIELD,
                    i,
                    "option_set",
                    format!("`option_set` on `next` edge `{from}` → `{to}`: it belongs on `includes` edges only"),
                )
                .with_help(
                    "remove `option_set`, or make the edge `\"kind\": \"includes\"` if it is a component of the phase",
                ),
            );
        }
        // An edge from an unknown node is CP011's finding.
        let Some(source) = cx.graph.edge_from(i).map(|ix| cx.graph.node(ix)) else { continue };
        let multiple = source.kind == NodeKind::Decision && source.choice.unwrap_or_default() == Choice::Multiple;
        if edge.likelihood.is_some() && !multiple {
            let help = if source.kind == NodeKind::Decision {
                format!("remove `likelihood`, or give `{from}` `\"choice\": \"multiple\"` if its branches may overlap")
            } else {
                "remove `likelihood`; a chance of taking this step is a `probability`".to_string()
            };
            sink.push(
                cx.edge_diag(
                    &MISPLACED_FIELD,
                    i,
                    "likelihood",
                    format!(
                        "`likelihood` on `next` edge `{from}` → `{to}`: it belongs on `includes` edges and on the branches of a `choice: \"multiple\"` decision only"
                    ),
                )
                .with_help(help),
            );
        }
    }
}

#[test]
fn cp023_misplaced_field() {
    assert_fires(&MISPLACED_FIELD, |t| {
        sub(
            t,
            r#""label": "Diagnosis","#,
            r#""label": "Diagnosis", "duration": { "min": 1, "max": 1, "unit": "days" },"#,
        )
    });
}

/// `likelihood` on flow that is not a branch of a `multiple` decision, and `option_set` on a
/// `next` edge: their own fixture, `cp023.edge/`.
#[test]
fn cp023_misplaced_edge_fields() {
    let found = super::fixture::assert_case(&MISPLACED_FIELD, "edge", |t| {
        let t = sub(
            t,
            r#"{ "from": "induction", "to": "cr", "probability": 0.8,"#,
            r#"{ "from": "induction", "to": "cr", "probability": 0.8, "likelihood": "often","#,
        );
        sub(&t, r#"{ "from": "dx", "to": "induction" }"#, r#"{ "from": "dx", "to": "induction", "option_set": "cns" }"#)
    });
    assert_eq!(found, ["CP023", "CP023"]);
}

/// `option_sets` on a node that is not a phase: its own fixture, `cp023.option-sets/`.
#[test]
fn cp023_option_sets_off_a_phase() {
    let found = super::fixture::assert_case(&MISPLACED_FIELD, "option-sets", |t| {
        sub(
            t,
            r#""label": "Vincristine","#,
            r#""label": "Vincristine", "option_sets": [{ "id": "cns", "label": "CNS", "choose": "one" }],"#,
        )
    });
    assert!(found.contains(&"CP023"), "{found:?}");
}

/// `over` on a phase's utility (the phase's duration is its time): `cp023.utility-over/`.
#[test]
fn cp023_utility_over_on_a_phase() {
    let found = super::fixture::assert_case(&MISPLACED_FIELD, "utility-over", |t| {
        sub(
            t,
            r#""duration": { "min": 1, "max": 2, "unit": "months" },"#,
            r#""duration": { "min": 1, "max": 2, "unit": "months" }, "utility": { "low": 0.6, "high": 0.8, "over": { "min": 1, "max": 1, "unit": "years" } },"#,
        )
    });
    assert_eq!(found, ["CP023"]);
    let phase = MINIMAL.replacen(
        r#""unit": "months" },"#,
        r#""unit": "months" }, "utility": { "low": 0.6, "high": 0.8, "over": { "min": 1, "max": 1, "unit": "years" } },"#,
        1,
    );
    let message = "`over` in the utility of phase `induction`: it belongs on outcomes only";
    assert_eq!(run(&phase), vec![("CP023", 9, 179, message.to_string())]);
}

/// A likelihood on the branch of a `multiple` decision is in place; on a `single` one it is not.
#[test]
fn cp023_likelihood_on_decision_branches() {
    let branch = |choice: &str| {
        let text = sub(
            MINIMAL,
            r#"{ "from": "dx", "to": "induction" }"#,
            r#"{ "from": "dx", "to": "pick" }, { "from": "pick", "to": "induction", "when": "true", "likelihood": "usually", "sources": [{ "source": "src", "quote": "q" }] }, { "from": "pick", "to": "cr", "when": "true", "likelihood": "sometimes", "sources": [{ "source": "src", "quote": "q" }] }"#,
        );
        add_node(
            &text,
            &format!(
                r#"{{ "id": "pick", "kind": "decision", "label": "Pick", "choice": "{choice}", "group": "g", "sources": [{{ "source": "src" }}] }}"#
            ),
        )
    };
    assert_eq!(codes(&branch("multiple")), Vec::<&str>::new());
    let found: Vec<_> = run(&branch("single")).into_iter().filter(|d| d.0 == "CP023").collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[0].3,
        "`likelihood` on `next` edge `pick` → `induction`: it belongs on `includes` edges and on the branches of a `choice: \"multiple\"` decision only"
    );
}

/// CP024 `unknown-group`: A node's `group` names a declared group.
pub static UNKNOWN_GROUP: Lint = Lint {
    rule: &Rule {
        code: "CP024",
        name: "unknown-group",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "A node's `group` names a declared group.",
        rationale: "Groups become clusters on flowcharts; an unknown one is a typo.",
        fix: "Declare the group in `groups`, or correct the name.",
        bad: r#"{ "id": "induction", "group": "frontline", ... } with groups [front_line]"#,
        good: r#"{ "id": "induction", "group": "front_line", ... }"#,
    },
    check: Check::Pathway(unknown_groups),
};

fn unknown_groups(cx: &Context, sink: &mut Sink) {
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

#[test]
fn cp024_unknown_group() {
    assert_fires(&UNKNOWN_GROUP, |t| {
        sub(t, r#""label": "Diagnosis", "group": "main","#, r#""label": "Diagnosis", "group": "mian","#)
    });
}

/// CP025 `includes-and-next`: A phase does not both include an intervention and flow into it.
pub static INCLUDES_AND_NEXT: Lint = Lint {
    rule: &Rule {
        code: "CP025",
        name: "includes-and-next",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "A phase does not both include an intervention and flow into it.",
        rationale: "A phase that both includes an intervention and flows into it says the same thing twice in two incompatible ways.",
        fix: "Keep the `includes` edge if the intervention is part of the phase, or the `next` edge if it follows it.",
        bad: r#"{ "from": "induction", "to": "tki", "kind": "includes" }, { "from": "induction", "to": "tki" }"#,
        good: r#"{ "from": "induction", "to": "tki", "kind": "includes" }"#,
    },
    check: Check::Pathway(includes_and_next),
};

fn includes_and_next(cx: &Context, sink: &mut Sink) {
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

#[test]
fn cp025_includes_and_next() {
    assert_fires(&INCLUDES_AND_NEXT, |t| {
        let t = sub(t, r#""probability": 0.2"#, r#""probability": 0.1"#);
        let t = add_edge(
            &t,
            r#"{ "from": "induction", "to": "vincristine", "probability": 0.1, "sources": [{ "source": "src", "quote": "q" }] }"#,
        );
        add_edge(&t, r#"{ "from": "vincristine", "to": "refractory" }"#)
    });
}
