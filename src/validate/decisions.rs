//! Decision and condition rules: factor declarations (CP048), condition syntax and types
//! (CP040–CP044), unsatisfiable conditions (CP047), exhaustive and exclusive decisions
//! (CP045, CP046, CP049) and unused factors (CP063).

use std::collections::BTreeSet;

use crate::condition::analysis::{analyse_decision, render_assignment};
use crate::condition::check::{ConditionError, ErrorKind};
use crate::condition::{EdgeState, PathwayConditions, Profile};
use crate::diag::{Diagnostic, Rule, Sink, Subject};
use crate::model::{Choice, EdgeKind, FactorType, NodeKind};
use crate::rules::*;

use super::Context;

/// A diagnostic at a byte range inside edge `i`'s `when` string (falls back to the whole
/// string when the range cannot be located).
fn at_span(cx: &Context, rule: &'static Rule, i: usize, span: (usize, usize), message: String) -> Diagnostic {
    let diag = cx.edge_diag(rule, i, "when", message);
    match cx.locate_in_string(&format!("/edges/{i}/when"), span) {
        Some(location) => diag.at(&cx.loaded.source, location),
        None => diag,
    }
}

fn rule_of(kind: ErrorKind) -> &'static Rule {
    match kind {
        ErrorKind::Syntax => &CONDITION_SYNTAX,
        ErrorKind::UnknownFactor => &UNKNOWN_FACTOR,
        ErrorKind::UnknownValue => &UNKNOWN_VALUE,
        ErrorKind::TypeMismatch => &TYPE_MISMATCH,
        ErrorKind::OutOfBounds => &OUT_OF_BOUNDS,
    }
}

/// Whether an enum value can be written in a condition: an identifier that is not a
/// keyword, or a decimal integer.
fn writable_value(v: &str) -> bool {
    let mut chars = v.chars();
    let ident = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(v, "in" | "true" | "false" | "else");
    ident || v.parse::<i64>().is_ok()
}

/// CP048: factor declarations are complete and fit their type.
fn factor_declarations(cx: &Context, sink: &mut Sink) {
    for (i, f) in cx.loaded.pathway.factors.iter().enumerate() {
        let subject = || Subject::Factor { id: f.id.clone() };
        let mut push = |field: &str, message: String, help: &str| {
            let pointer = if field.is_empty() { format!("/factors/{i}") } else { format!("/factors/{i}/{field}") };
            sink.push(cx.diag(&FACTOR_DECLARATION, pointer, message).with_subject(subject()).with_help(help));
        };
        let kind = f.kind;
        if kind != FactorType::Enum && !f.values.is_empty() {
            push("values", format!("`values` applies only to enum factors; `{}` is {kind}", f.id), "remove `values`");
        }
        if kind != FactorType::Integer {
            for (field, present) in [("min", f.min.is_some()), ("max", f.max.is_some()), ("unit", f.unit.is_some())] {
                if present {
                    push(
                        field,
                        format!("`{field}` applies only to integer factors; `{}` is {kind}", f.id),
                        "remove the field",
                    );
                }
            }
        }
        match kind {
            FactorType::Boolean => {}
            FactorType::Enum => {
                let mut seen = BTreeSet::new();
                for (j, v) in f.values.iter().enumerate() {
                    if !seen.insert(v.as_str()) {
                        push(
                            &format!("values/{j}"),
                            format!("enum factor `{}` lists the value `{v}` twice", f.id),
                            "remove the repeated value",
                        );
                    } else if !writable_value(v) {
                        push(
                            &format!("values/{j}"),
                            format!(
                                "enum value `{v}` of `{}` cannot be written in a condition: use letters, digits \
                                 and `_`, starting with a letter",
                                f.id
                            ),
                            "rename the value (e.g. `ph_like` for `Ph-like`); the label can keep the human spelling",
                        );
                    }
                }
                if seen.len() < 2 {
                    let field = if f.values.is_empty() { "" } else { "values" };
                    push(
                        field,
                        format!("enum factor `{}` needs at least two distinct values; it has {}", f.id, seen.len()),
                        "list the values in `values`, or make the factor boolean",
                    );
                }
            }
            FactorType::Integer => match (f.min, f.max) {
                (Some(lo), Some(hi)) if lo > hi => push(
                    "min",
                    format!("integer factor `{}` has `min` {lo} greater than `max` {hi}", f.id),
                    "swap the bounds",
                ),
                (Some(_), Some(_)) => {}
                (lo, hi) => {
                    let missing = match (lo, hi) {
                        (None, None) => "`min` and `max`",
                        (None, _) => "`min`",
                        _ => "`max`",
                    };
                    push(
                        "",
                        format!("integer factor `{}` needs {missing}", f.id),
                        "give the smallest and largest values the factor can take",
                    );
                }
            },
        }
    }
}

/// CP040–CP049 and CP063: every condition-related rule.
pub fn check(cx: &Context, sink: &mut Sink) {
    factor_declarations(cx, sink);
    let p = &cx.loaded.pathway;
    let conditions = PathwayConditions::new(p);
    let everyone = Profile::new();

    for (i, e) in conditions.edges.iter().enumerate() {
        match &e.state {
            EdgeState::SyntaxError(err) => {
                let help = "see `carepath explain CP040` for the condition language";
                sink.push(at_span(cx, &CONDITION_SYNTAX, i, err.span, err.message.clone()).with_help(help));
            }
            EdgeState::Invalid(errors) => {
                for ConditionError { kind, span, message, help } in errors {
                    let diag = at_span(cx, rule_of(*kind), i, *span, message.clone());
                    sink.push(match help {
                        Some(help) => diag.with_help(help.clone()),
                        None => diag,
                    });
                }
            }
            EdgeState::Valid(_) | EdgeState::Else
                if e.norm.is_some() && conditions.edge_status(i, &everyone) == Some(false) =>
            {
                let message = match e.state {
                    EdgeState::Else => format!(
                        "the `else` branch `{}` → `{}` applies to no patient: the other branches cover everyone",
                        e.from,
                        p.edges.get(i).map_or("", |x| x.to.as_str())
                    ),
                    _ => format!("condition `{}` holds for no patient", e.text.as_deref().unwrap_or_default()),
                };
                let what = if e.kind == EdgeKind::Includes { "component" } else { "branch" };
                sink.push(
                    cx.edge_diag(&UNSATISFIABLE, i, "when", message)
                        .with_help(format!("correct the condition or remove the {what} (often `&&` written for `||`)")),
                );
            }
            _ => {}
        }
    }

    for ix in cx.graph.graph.node_indices() {
        let node = cx.graph.node(ix);
        if node.kind != NodeKind::Decision {
            continue;
        }
        let out = cx.graph.out_edges(ix, EdgeKind::Next);
        let mut branches = Vec::new();
        let mut edge_ids = Vec::new();
        for &(_, e, _) in &out {
            let Some(cond) = conditions.edges.get(e) else { continue };
            match (&cond.state, &cond.norm) {
                (EdgeState::Valid(_) | EdgeState::Else, Some(norm)) => {
                    branches.push(norm.clone());
                    edge_ids.push(e);
                }
                _ => {
                    branches.clear();
                    break;
                }
            }
        }
        // A lone branch is CP030's finding, but still worth a counterexample here.
        if branches.is_empty() {
            continue;
        }
        let single = node.choice.unwrap_or_default() == Choice::Single;
        let node_i = cx.graph.graph[ix];
        match analyse_decision(&branches, &conditions.domains, single) {
            Err(size) => sink.push(
                cx.node_diag(
                    &ANALYSIS_LIMIT,
                    node_i,
                    "",
                    format!(
                        "decision `{}` splits patients into {size} classes, more than the {} carepath checks; \
                         it was not checked for exhaustiveness or overlap",
                        node.id,
                        crate::condition::analysis::CELL_LIMIT
                    ),
                )
                .with_help("split the decision into a chain of smaller ones, or test fewer factors at once"),
            ),
            Ok(verdict) => {
                if let Some(cell) = verdict.uncovered {
                    let who = patient(&render_assignment(&cell, &conditions.domains));
                    sink.push(
                        cx.node_diag(
                            &NON_EXHAUSTIVE,
                            node_i,
                            "",
                            format!("no branch of decision `{}` applies to{who}", node.id),
                        )
                        .with_help("add a branch for these patients, or an `else` branch"),
                    );
                }
                for (a, b, cell) in verdict.overlaps {
                    let (ea, eb) = (edge_ids[a], edge_ids[b]);
                    let to = |e: usize| p.edges.get(e).map_or("", |x| x.to.as_str());
                    let who = patient(&render_assignment(&cell, &conditions.domains));
                    sink.push(
                        cx.edge_diag(
                            &OVERLAPPING,
                            eb,
                            "when",
                            format!(
                                "branches to `{}` and `{}` of decision `{}` both apply to{who}",
                                to(ea),
                                to(eb),
                                node.id
                            ),
                        )
                        .with_help(
                            "make the conditions exclusive, or mark the decision `\"choice\": \"multiple\"` if both \
                             are options",
                        ),
                    );
                }
            }
        }
    }

    // A condition that does not parse, or names an unknown factor, may be the missing use
    // (a typo): report unused factors only when every name is accounted for.
    let names_unsure = conditions.edges.iter().any(|e| match &e.state {
        EdgeState::SyntaxError(_) => true,
        EdgeState::Invalid(errors) => errors.iter().any(|x| x.kind == ErrorKind::UnknownFactor),
        _ => false,
    });
    if !names_unsure {
        let mentioned: BTreeSet<&str> =
            conditions.edges.iter().flat_map(|e| e.mentions.iter().map(String::as_str)).collect();
        let mut reported = BTreeSet::new();
        for (i, f) in p.factors.iter().enumerate() {
            if mentioned.contains(f.id.as_str()) || !reported.insert(f.id.as_str()) {
                continue;
            }
            sink.push(
                cx.diag(
                    &UNUSED_FACTOR,
                    format!("/factors/{i}/id"),
                    format!("factor `{}` is declared but no condition uses it", f.id),
                )
                .with_subject(Subject::Factor { id: f.id.clone() })
                .with_help("use it in a condition, or remove the declaration"),
            );
        }
    }
}

/// `: lineage=T, ph_positive=true`, or ` any patient` for a decision on no factor.
fn patient(assignment: &str) -> String {
    if assignment.is_empty() {
        " any patient".into()
    } else {
        format!(": {assignment}")
    }
}

#[cfg(test)]
mod tests;
