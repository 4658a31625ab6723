//! Option set rules: an `includes` edge names a set its phase declares (CP026), a set offers
//! at least two options (CP027) and every declared set is used (CP028). Where `option_sets`
//! and `option_set` may appear is CP023's, duplicate set ids CP010's. Each rule is one
//! [`Lint`] with its check and its tests right below it.

use crate::diag::{Rule, RuleGroup, Severity, Sink};
use crate::model::{EdgeKind, Node, NodeKind};
use crate::suggest::closest;

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{add_edge, add_node, assert_fires, run, sub, MINIMAL};

/// For each node (index in `nodes`) and each of its option sets: how many `includes` edges
/// from that node name it. An edge counts for the first node with its `from` id and the first
/// set with its `option_set` id, as everywhere; a set whose id an earlier set of the node has
/// is `None` (CP010 reports it, and nothing else is said about it), and so is every set of a
/// node that is not a phase (CP023 reports the field).
fn options_per_set(cx: &Context) -> Vec<Vec<Option<usize>>> {
    let pathway = &cx.loaded.pathway;
    let mut counts: Vec<Vec<Option<usize>>> = pathway
        .nodes
        .iter()
        .map(|n| {
            let sets = &n.option_sets;
            let counted = |k: usize| n.kind == NodeKind::Phase && !sets[..k].iter().any(|s| s.id == sets[k].id);
            (0..sets.len()).map(|k| counted(k).then_some(0)).collect()
        })
        .collect();
    for edge in pathway.edges.iter().filter(|e| e.kind == EdgeKind::Includes) {
        let (Some(set), Some(from)) = (edge.option_set.as_deref(), cx.graph.node_index(&edge.from)) else { continue };
        if let Some(k) = pathway.nodes[from].option_sets.iter().position(|s| s.id == set) {
            if let Some(count) = counts[from][k].as_mut() {
                *count += 1;
            }
        }
    }
    counts
}

/// The `/nodes/i/option_sets/k` pointer's field, for [`Context::node_diag`].
fn set_field(k: usize) -> String {
    format!("option_sets/{k}")
}

/// CP026 `unknown-option-set`: An `includes` edge's `option_set` names a set declared on the
/// phase it leaves.
pub static UNKNOWN_OPTION_SET: Lint = Lint {
    rule: &Rule {
        code: "CP026",
        name: "unknown-option-set",
        group: RuleGroup::Structure,
        severity: Severity::Error,
        summary: "An `includes` edge's `option_set` names a set declared on the phase it leaves.",
        rationale: "An option of no set would be listed as given to everyone, the very thing an option set exists to avoid; it is almost always a typo or a set declared on another phase.",
        fix: "Correct the id, or declare the set in the phase's `option_sets`.",
        bad: r#"{ "from": "induction", "to": "intrathecal", "kind": "includes", "option_set": "cns_therapy" } with induction's option_sets [cns_treatment]"#,
        good: r#"{ "from": "induction", "to": "intrathecal", "kind": "includes", "option_set": "cns_treatment" }"#,
    },
    check: Check::Pathway(unknown_option_sets),
};

fn unknown_option_sets(cx: &Context, sink: &mut Sink) {
    let pathway = &cx.loaded.pathway;
    for (i, edge) in pathway.edges.iter().enumerate() {
        // On a `next` edge the field is misplaced (CP023); from an unknown node CP011 says it,
        // from a node that is not a phase CP020.
        let Some(set) = edge.option_set.as_deref() else { continue };
        if edge.kind != EdgeKind::Includes {
            continue;
        }
        let Some(from) = cx.graph.node_index(&edge.from).map(|ix| &pathway.nodes[ix]) else { continue };
        if from.kind != NodeKind::Phase || from.option_sets.iter().any(|s| s.id == set) {
            continue;
        }
        sink.push(
            cx.edge_diag(
                &UNKNOWN_OPTION_SET,
                i,
                "option_set",
                format!(
                    "`includes` edge `{}` → `{}` names option set `{set}`, which `{}` does not declare",
                    edge.from, edge.to, from.id
                ),
            )
            .with_help(unknown_set_help(from, set)),
        );
    }
}

/// "did you mean" among the node's sets, else how to declare one.
fn unknown_set_help(from: &Node, set: &str) -> String {
    match closest(set, from.option_sets.iter().map(|s| s.id.as_str())) {
        Some(near) => format!("did you mean `{near}`? Otherwise declare `{set}` in the `option_sets` of `{}`", from.id),
        None => format!(
            "declare {{ \"id\": \"{set}\", \"label\": \"...\", \"choose\": \"one_or_more\" }} in the `option_sets` of `{}`",
            from.id
        ),
    }
}

#[test]
fn cp026_unknown_option_set() {
    assert_fires(&UNKNOWN_OPTION_SET, |t| {
        let t = sub(
            t,
            r#""label": "Induction","#,
            r#""label": "Induction", "option_sets": [{ "id": "cns_treatment", "label": "CNS treatment", "choose": "one_or_more" }],"#,
        );
        let t = sub(
            &t,
            r#""to": "vincristine", "kind": "includes""#,
            r#""to": "vincristine", "kind": "includes", "option_set": "cns_treatment""#,
        );
        let t = add_node(
            &t,
            r#"{ "id": "radiation", "kind": "intervention", "label": "Radiation", "group": "main", "sources": [{ "source": "src" }] }"#,
        );
        let t = add_node(
            &t,
            r#"{ "id": "methotrexate", "kind": "intervention", "label": "Methotrexate", "group": "main", "sources": [{ "source": "src" }] }"#,
        );
        let t = add_edge(
            &t,
            r#"{ "from": "induction", "to": "radiation", "kind": "includes", "option_set": "cns_treatment" }"#,
        );
        add_edge(
            &t,
            r#"{ "from": "induction", "to": "methotrexate", "kind": "includes", "option_set": "cns_treatmnet" }"#,
        )
    });
}

#[test]
fn cp026_without_a_near_set_says_how_to_declare_one() {
    let text = add_node(
        &sub(
            MINIMAL,
            r#"{ "from": "dx", "to": "induction" }"#,
            r#"{ "from": "dx", "to": "induction" }, { "from": "induction", "to": "it", "kind": "includes", "option_set": "cns" }"#,
        ),
        r#"{ "id": "it", "kind": "intervention", "label": "Intrathecal", "group": "g", "sources": [{ "source": "src" }] }"#,
    );
    let found = run(&text);
    assert_eq!(
        found,
        vec![(
            "CP026",
            15,
            111,
            "`includes` edge `induction` → `it` names option set `cns`, which `induction` does not declare".into()
        )]
    );
    // No set of `induction` is near `cns`: the help says how to declare one.
    let induction: Node =
        serde_json::from_str(r#"{ "id": "induction", "kind": "phase", "label": "Induction" }"#).unwrap();
    assert_eq!(
        unknown_set_help(&induction, "cns"),
        r#"declare { "id": "cns", "label": "...", "choose": "one_or_more" } in the `option_sets` of `induction`"#
    );
}

/// CP027 `one-option-set`: An option set offers at least two options.
pub static ONE_OPTION_SET: Lint = Lint {
    rule: &Rule {
        code: "CP027",
        name: "one-option-set",
        group: RuleGroup::Structure,
        severity: Severity::Warning,
        summary: "An option set offers at least two options.",
        rationale: "A set is a choice; with one option there is nothing to choose, so an option is probably missing or named another set.",
        fix: "Add the missing options (`includes` edges naming the set), or drop the set and include the one intervention on its own.",
        bad: r#""option_sets": [{ "id": "steroid", "label": "Steroid", "choose": "one" }] with one `includes` edge naming `steroid`"#,
        good: r#"two `includes` edges naming `steroid`: dexamethasone and prednisone"#,
    },
    check: Check::Pathway(one_option_sets),
};

fn one_option_sets(cx: &Context, sink: &mut Sink) {
    for (i, counts) in options_per_set(cx).into_iter().enumerate() {
        let node = &cx.loaded.pathway.nodes[i];
        for (k, count) in counts.into_iter().enumerate() {
            // A set with no option is unused (CP028).
            if count == Some(1) {
                let set = &node.option_sets[k];
                sink.push(
                    cx.node_diag(
                        &ONE_OPTION_SET,
                        i,
                        &set_field(k),
                        format!("option set `{}` of `{}` has one option: there is nothing to choose", set.id, node.id),
                    )
                    .with_help(format!(
                        "add the other options (`includes` edges from `{}` with \"option_set\": \"{}\"), or include the one intervention without a set",
                        node.id, set.id
                    )),
                );
            }
        }
    }
}

#[test]
fn cp027_one_option_set() {
    assert_fires(&ONE_OPTION_SET, |t| {
        let t = sub(
            t,
            r#""label": "Induction","#,
            r#""label": "Induction", "option_sets": [{ "id": "steroid", "label": "Steroid", "choose": "one" }],"#,
        );
        sub(
            &t,
            r#""to": "vincristine", "kind": "includes""#,
            r#""to": "vincristine", "kind": "includes", "option_set": "steroid""#,
        )
    });
}

/// CP028 `unused-option-set`: Every option set declared on a phase has options.
pub static UNUSED_OPTION_SET: Lint = Lint {
    rule: &Rule {
        code: "CP028",
        name: "unused-option-set",
        group: RuleGroup::Structure,
        severity: Severity::Warning,
        summary: "Every option set declared on a phase has options.",
        rationale: "A set no `includes` edge names is listed nowhere, so the choice it was meant to record is lost; usually its options name it with a typo, or it was left behind.",
        fix: "Name the set in `option_set` on the phase's `includes` edges that are its options, or remove it.",
        bad: r#""option_sets": [{ "id": "cns", "label": "CNS treatment", "choose": "one_or_more" }] and no edge with "option_set": "cns""#,
        good: r#"{ "from": "induction", "to": "intrathecal", "kind": "includes", "option_set": "cns" }, ..."#,
    },
    check: Check::Pathway(unused_option_sets),
};

fn unused_option_sets(cx: &Context, sink: &mut Sink) {
    for (i, counts) in options_per_set(cx).into_iter().enumerate() {
        let node = &cx.loaded.pathway.nodes[i];
        for (k, count) in counts.into_iter().enumerate() {
            if count == Some(0) {
                let set = &node.option_sets[k];
                sink.push(
                    cx.node_diag(
                        &UNUSED_OPTION_SET,
                        i,
                        &set_field(k),
                        format!("option set `{}` of `{}` has no options: no `includes` edge names it", set.id, node.id),
                    )
                    .with_help(format!(
                        "give its options \"option_set\": \"{}\" on their `includes` edges from `{}`, or remove the set",
                        set.id, node.id
                    )),
                );
            }
        }
    }
}

#[test]
fn cp028_unused_option_set() {
    assert_fires(&UNUSED_OPTION_SET, |t| {
        sub(
            t,
            r#""label": "Induction","#,
            r#""label": "Induction", "option_sets": [{ "id": "cns", "label": "CNS treatment", "choose": "one_or_more" }],"#,
        )
    });
}
