//! Decision rules: the shape of decisions and where conditions and probabilities may appear
//! (CP030–CP034), and decisions checked like a `match`: exhaustive, exclusive, or too large
//! to check (CP045, CP046, CP049). Each rule is one [`Lint`] with its check and its test
//! right below it; more decision and condition tests are in `decisions/tests.rs`.

use crate::condition::analysis::{render_assignment, CELL_LIMIT};
use crate::diag::{Rule, RuleGroup, Severity, Sink};
use crate::model::{EdgeKind, NodeKind};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{add_edge, assert_fires, branches, via_decision, with_factors};

/// CP030 `decision-branches`: A decision has at least two `next` edges out.
pub static DECISION_BRANCHES: Lint = Lint {
    rule: &Rule {
        code: "CP030",
        name: "decision-branches",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "A decision has at least two `next` edges out.",
        rationale: "A decision with one way on decides nothing; it is probably missing a branch.",
        fix: "Add the missing branch, or replace the decision with a direct edge.",
        bad: r#"{ "from": "ph_status", "to": "induction_tki", "when": "ph_positive" } and nothing else out of ph_status"#,
        good: r#"... plus { "from": "ph_status", "to": "induction", "when": "else" }"#,
    },
    check: Check::Pathway(decision_branches),
};

fn decision_branches(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        let out = cx.graph.out_edges(ix, EdgeKind::Next);
        if node.kind == NodeKind::Decision && out.len() < 2 {
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
    }
}

#[test]
fn cp030_decision_branches() {
    assert_fires(&DECISION_BRANCHES, |t| {
        via_decision(t, &[r#"{ "from": "ph_check", "to": "induction", "when": "else" }"#])
    });
}

/// CP031 `missing-condition`: Every `next` edge out of a decision has a condition (`when`), or is
/// the `else` branch.
pub static MISSING_CONDITION: Lint = Lint {
    rule: &Rule {
        code: "CP031",
        name: "missing-condition",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Every `next` edge out of a decision has a condition (`when`), or is the `else` branch.",
        rationale: "A branch without a condition applies to every patient, which makes the decision meaningless.",
        fix: "Add `\"when\": \"...\"` to the edge, or `\"when\": \"else\"` for the remaining patients.",
        bad: r#"{ "from": "lineage_split", "to": "nelarabine" }"#,
        good: r#"{ "from": "lineage_split", "to": "nelarabine", "when": "lineage == T" }"#,
    },
    check: Check::Pathway(missing_conditions),
};

fn missing_conditions(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        if node.kind != NodeKind::Decision {
            continue;
        }
        for (_, e, _) in cx.graph.out_edges(ix, EdgeKind::Next) {
            let edge = &cx.loaded.pathway.edges[e];
            if edge.when.is_none() {
                sink.push(
                    cx.edge_diag(
                        &MISSING_CONDITION,
                        e,
                        "",
                        format!("branch `{}` → `{}` of decision `{}` has no condition", edge.from, edge.to, node.id),
                    )
                    .with_help("add \"when\": \"<condition>\", or \"when\": \"else\" for the remaining patients"),
                );
            }
        }
    }
}

#[test]
fn cp031_missing_condition() {
    assert_fires(&MISSING_CONDITION, |t| {
        via_decision(
            t,
            &[
                r#"{ "from": "ph_check", "to": "induction", "when": "true" }"#,
                r#"{ "from": "ph_check", "to": "induction", "label": "no condition" }"#,
            ],
        )
    });
}

/// CP032 `multiple-else`: A decision has at most one `else` branch.
pub static MULTIPLE_ELSE: Lint = Lint {
    rule: &Rule {
        code: "CP032",
        name: "multiple-else",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "A decision has at most one `else` branch.",
        rationale:
            "`else` means 'every patient no other branch takes'; two of them would split that group arbitrarily.",
        fix: "Give one of them a real condition.",
        bad: r#"two edges out of the same decision with "when": "else""#,
        good: r#"one with "when": "else", the other with "when": "lineage == T""#,
    },
    check: Check::Pathway(multiple_else),
};

fn multiple_else(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        if node.kind != NodeKind::Decision {
            continue;
        }
        let mut first_else: Option<usize> = None;
        for (_, e, _) in cx.graph.out_edges(ix, EdgeKind::Next) {
            if cx.loaded.pathway.edges[e].when.as_deref().map(str::trim) != Some("else") {
                continue;
            }
            let Some(first) = first_else else {
                first_else = Some(e);
                continue;
            };
            let line = cx.loaded.locate(&format!("/edges/{first}")).map_or(0, |l| l.line);
            sink.push(
                cx.edge_diag(
                    &MULTIPLE_ELSE,
                    e,
                    "when",
                    format!("decision `{}` has a second `else` branch (the first is at line {line})", node.id),
                )
                .with_help("give one of them a real condition"),
            );
        }
    }
}

#[test]
fn cp032_multiple_else() {
    assert_fires(&MULTIPLE_ELSE, |t| {
        via_decision(
            t,
            &[
                r#"{ "from": "ph_check", "to": "induction", "when": "else" }"#,
                r#"{ "from": "ph_check", "to": "cr", "when": "else" }"#,
            ],
        )
    });
}

/// CP033 `condition-outside-decision`: Only decisions' `next` edges carry conditions; `includes`
/// edges may too.
pub static CONDITION_OUTSIDE_DECISION: Lint = Lint {
    rule: &Rule {
        code: "CP033",
        name: "condition-outside-decision",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Only decisions' `next` edges carry conditions; `includes` edges may too.",
        rationale: "Conditions on flow out of a phase or outcome hide a decision: the flowchart would not show where the patient's path splits.",
        fix: "Insert a decision node after the phase and move the conditions onto its edges.",
        bad: r#"{ "from": "induction", "to": "tki_consolidation", "when": "ph_positive" }"#,
        good: r#"{ "from": "induction", "to": "ph_check" }, { "from": "ph_check", "to": "tki_consolidation", "when": "ph_positive" }"#,
    },
    check: Check::Pathway(conditions_outside_decisions),
};

fn conditions_outside_decisions(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        if node.kind == NodeKind::Decision {
            continue;
        }
        for (_, e, _) in cx.graph.out_edges(ix, EdgeKind::Next) {
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
}

#[test]
fn cp033_condition_outside_decision() {
    assert_fires(&CONDITION_OUTSIDE_DECISION, |t| {
        add_edge(t, r#"{ "from": "cr", "to": "refractory", "when": "true" }"#)
    });
}

/// CP034 `probability-on-decision`: Edges out of decisions and `includes` edges carry no
/// probability.
pub static PROBABILITY_ON_DECISION: Lint = Lint {
    rule: &Rule {
        code: "CP034",
        name: "probability-on-decision",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Edges out of decisions and `includes` edges carry no probability.",
        rationale: "A decision is made on patient factors, not by chance; probabilities belong on edges out of nodes where the next step is chance (e.g. after induction).",
        fix: "Remove the probability, or make the node a chance node (a phase or outcome with unconditioned edges).",
        bad: r#"{ "from": "ph_status", "to": "tki", "when": "ph_positive", "probability": 0.25 }"#,
        good: r#"{ "from": "ph_status", "to": "tki", "when": "ph_positive" }"#,
    },
    check: Check::Pathway(probabilities_on_decisions),
};

fn probabilities_on_decisions(cx: &Context, sink: &mut Sink) {
    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        if node.kind == NodeKind::Decision {
            for (_, e, _) in cx.graph.out_edges(ix, EdgeKind::Next) {
                let edge = &cx.loaded.pathway.edges[e];
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

#[test]
fn cp034_probability_on_decision() {
    assert_fires(&PROBABILITY_ON_DECISION, |t| {
        via_decision(
            t,
            &[
                r#"{ "from": "ph_check", "to": "induction", "when": "true", "probability": 0.25 }"#,
                r#"{ "from": "ph_check", "to": "cr", "when": "else" }"#,
            ],
        )
    });
}

/// `: lineage=T, ph_positive=true`, or ` any patient` for a decision on no factor.
fn patient(assignment: &str) -> String {
    if assignment.is_empty() {
        " any patient".into()
    } else {
        format!(": {assignment}")
    }
}

/// CP045 `non-exhaustive`: Every patient takes at least one branch of each decision.
pub static NON_EXHAUSTIVE: Lint = Lint {
    rule: &Rule {
        code: "CP045",
        name: "non-exhaustive",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Every patient takes at least one branch of each decision.",
        rationale: "A patient no branch covers has no next step: the pathway is silent about them.",
        fix: "Add a branch for the patients the message names, or an `else` branch.",
        bad: r#"branches "lineage == B" only, for lineage in [B, T]"#,
        good: r#"branches "lineage == B" and "lineage == T" (or "else")"#,
    },
    check: Check::Pathway(non_exhaustive),
};

fn non_exhaustive(cx: &Context, sink: &mut Sink) {
    for decision in cx.decisions() {
        let Ok(verdict) = &decision.verdict else { continue };
        if let Some(cell) = &verdict.uncovered {
            let node = cx.graph.node(decision.node);
            let who = patient(&render_assignment(cell, &cx.conditions().domains));
            sink.push(
                cx.node_diag(
                    &NON_EXHAUSTIVE,
                    cx.graph.graph[decision.node],
                    "",
                    format!("no branch of decision `{}` applies to{who}", node.id),
                )
                .with_help("add a branch for these patients, or an `else` branch"),
            );
        }
    }
}

#[test]
fn cp045_non_exhaustive() {
    assert_fires(&NON_EXHAUSTIVE, |t| {
        branches(t, r#""lineage == B""#, r#""lineage == B && ph_positive""#).replace(
            r#", { "id": "age", "type": "integer", "label": "Age", "min": 18, "max": 120, "unit": "years" }"#,
            "",
        )
    });
}

/// CP046 `overlapping-branches`: No patient takes two branches of a decision, unless it says
/// `"choice": "multiple"`.
pub static OVERLAPPING: Lint = Lint {
    rule: &Rule {
        code: "CP046",
        name: "overlapping-branches",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "No patient takes two branches of a decision, unless it says `\"choice\": \"multiple\"`.",
        rationale: "When two branches apply, the pathway does not say which the patient follows.",
        fix: "Make the conditions exclusive (the message names a patient both apply to), or mark the decision `\"choice\": \"multiple\"` if both are options.",
        bad: r#"branches "age >= 65" and "age >= 60""#,
        good: r#"branches "age >= 65" and "age < 65""#,
    },
    check: Check::Pathway(overlapping),
};

fn overlapping(cx: &Context, sink: &mut Sink) {
    for decision in cx.decisions() {
        let Ok(verdict) = &decision.verdict else { continue };
        let node = cx.graph.node(decision.node);
        for (a, b, cell) in &verdict.overlaps {
            let (ea, eb) = (decision.edges[*a], decision.edges[*b]);
            let to = |e: usize| cx.loaded.pathway.edges.get(e).map_or("", |x| x.to.as_str());
            let who = patient(&render_assignment(cell, &cx.conditions().domains));
            sink.push(
                cx.edge_diag(
                    &OVERLAPPING,
                    eb,
                    "when",
                    format!("branches to `{}` and `{}` of decision `{}` both apply to{who}", to(ea), to(eb), node.id),
                )
                .with_help(
                    "make the conditions exclusive, or mark the decision `\"choice\": \"multiple\"` if both are options",
                ),
            );
        }
    }
}

#[test]
fn cp046_overlapping() {
    assert_fires(&OVERLAPPING, |t| {
        branches(t, r#""age >= 60""#, r#""age >= 65 || ph_positive || lineage == T || lineage == B""#)
    });
}

/// CP049 `analysis-limit`: A decision's conditions are small enough to check exhaustively.
pub static ANALYSIS_LIMIT: Lint = Lint {
    rule: &Rule {
        code: "CP049",
        name: "analysis-limit",
        group: RuleGroup::Decisions,
        severity: Severity::Warning,
        summary: "A decision's conditions are small enough to check exhaustively.",
        rationale: "Exhaustiveness is proved by checking every class of patients; past a limit carepath says so instead of hanging.",
        fix: "Split the decision into several smaller ones, or test fewer factors at once.",
        bad: r#"a decision testing 30 integer factors at many thresholds each"#,
        good: r#"a chain of decisions testing a few factors each"#,
    },
    check: Check::Pathway(analysis_limit),
};

fn analysis_limit(cx: &Context, sink: &mut Sink) {
    for decision in cx.decisions() {
        let Err(size) = decision.verdict else { continue };
        let node = cx.graph.node(decision.node);
        sink.push(
            cx.node_diag(
                &ANALYSIS_LIMIT,
                cx.graph.graph[decision.node],
                "",
                format!(
                    "decision `{}` splits patients into {size} classes, more than the {CELL_LIMIT} carepath checks; \
                     it was not checked for exhaustiveness or overlap",
                    node.id,
                ),
            )
            .with_help("split the decision into a chain of smaller ones, or test fewer factors at once"),
        );
    }
}

#[test]
fn cp049_analysis_limit() {
    let factors: Vec<String> =
        (0..20).map(|i| format!(r#"{{ "id": "b{i}", "type": "boolean", "label": "B{i}" }}"#)).collect();
    let all: Vec<String> = (0..20).map(|i| format!("b{i}")).collect();
    assert_fires(&ANALYSIS_LIMIT, |t| {
        let t = via_decision(
            t,
            &[
                &format!(r#"{{ "from": "ph_check", "to": "induction", "when": "{}" }}"#, all.join(" && ")),
                r#"{ "from": "ph_check", "to": "cr", "when": "else" }"#,
            ],
        );
        with_factors(&t, &format!(r#""factors": [{}], "#, factors.join(", ")))
    });
}

#[cfg(test)]
mod tests;
