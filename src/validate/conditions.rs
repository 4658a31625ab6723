//! Condition rules: conditions parse (CP040), name declared factors and values (CP041,
//! CP042), fit their types and bounds (CP043, CP044), can hold (CP047), over complete
//! factor declarations (CP048). Each rule is one [`Lint`] with its check and its test right
//! below it; more tests, on a decision over three factors, are in `decisions/tests.rs`.

use std::collections::BTreeSet;

use crate::condition::check::ErrorKind;
use crate::condition::{EdgeState, Profile};
use crate::diag::{Diagnostic, Rule, RuleGroup, Severity, Sink, Subject};
use crate::model::{EdgeKind, FactorType};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{assert_fires, branches, ELSE};

/// A diagnostic at a byte range inside edge `i`'s `when` string (falls back to the whole
/// string when the range cannot be located).
fn at_span(cx: &Context, lint: &'static Lint, i: usize, span: (usize, usize), message: String) -> Diagnostic {
    let diag = cx.edge_diag(lint, i, "when", message);
    match cx.locate_in_string(&format!("/edges/{i}/when"), span) {
        Some(location) => diag.at(&cx.loaded.source, location),
        None => diag,
    }
}

/// Reports every condition error of `kind` as `lint`, at the character it is about. A
/// condition that does not parse at all is a [`ErrorKind::Syntax`] error.
fn condition_errors(cx: &Context, sink: &mut Sink, kind: ErrorKind, lint: &'static Lint) {
    for (i, e) in cx.conditions().edges.iter().enumerate() {
        match &e.state {
            EdgeState::SyntaxError(err) if kind == ErrorKind::Syntax => {
                let help = "see `carepath explain CP040` for the condition language";
                sink.push(at_span(cx, lint, i, err.span, err.message.clone()).with_help(help));
            }
            EdgeState::Invalid(errors) => {
                for error in errors.iter().filter(|error| error.kind == kind) {
                    let diag = at_span(cx, lint, i, error.span, error.message.clone());
                    sink.push(match &error.help {
                        Some(help) => diag.with_help(help.clone()),
                        None => diag,
                    });
                }
            }
            _ => {}
        }
    }
}

/// CP040 `condition-syntax`: Conditions follow the condition language: factors, `!`, `&&`, `||`,
/// parentheses, comparisons, `in [..]`, or `else`.
pub static CONDITION_SYNTAX: Lint = Lint {
    rule: &Rule {
        code: "CP040",
        name: "condition-syntax",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Conditions follow the condition language: factors, `!`, `&&`, `||`, parentheses, comparisons, `in [..]`, or `else`.",
        rationale: "A condition that does not parse cannot say which patients take a branch.",
        fix: "Fix the expression at the character the message points at.",
        bad: r#""when": "age >= ""#,
        good: r#""when": "age >= 65""#,
    },
    check: Check::Pathway(|cx, sink| condition_errors(cx, sink, ErrorKind::Syntax, &CONDITION_SYNTAX)),
};

#[test]
fn cp040_condition_syntax() {
    assert_fires(&CONDITION_SYNTAX, |t| branches(t, r#""age >= ""#, ELSE));
}

/// CP041 `unknown-factor`: Conditions use only declared factors.
pub static UNKNOWN_FACTOR: Lint = Lint {
    rule: &Rule {
        code: "CP041",
        name: "unknown-factor",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Conditions use only declared factors.",
        rationale: "An undeclared name is a typo or a missing declaration; its type and values would be unknown.",
        fix: "Declare the factor in `factors`, or correct the name (the message suggests the closest).",
        bad: r#""when": "ph_postive""#,
        good: r#""when": "ph_positive""#,
    },
    check: Check::Pathway(|cx, sink| condition_errors(cx, sink, ErrorKind::UnknownFactor, &UNKNOWN_FACTOR)),
};

#[test]
fn cp041_unknown_factor() {
    assert_fires(&UNKNOWN_FACTOR, |t| branches(t, r#""ph_postive""#, ELSE));
}

/// CP042 `unknown-value`: Enum comparisons use only the factor's declared values.
pub static UNKNOWN_VALUE: Lint = Lint {
    rule: &Rule {
        code: "CP042",
        name: "unknown-value",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Enum comparisons use only the factor's declared values.",
        rationale: "A value that is not declared can never match, so the branch would silently apply to nobody.",
        fix: "Use one of the allowed values the message lists.",
        bad: r#""when": "lineage == b""#,
        good: r#""when": "lineage == B""#,
    },
    check: Check::Pathway(|cx, sink| condition_errors(cx, sink, ErrorKind::UnknownValue, &UNKNOWN_VALUE)),
};

#[test]
fn cp042_unknown_value() {
    assert_fires(&UNKNOWN_VALUE, |t| branches(t, r#""lineage == b""#, ELSE));
}

/// CP043 `type-mismatch`: Each comparison fits its factor's type: booleans stand alone or are
/// negated, enums use `==`, `!=` or `in`, integers use numbers.
pub static TYPE_MISMATCH: Lint = Lint {
    rule: &Rule {
        code: "CP043",
        name: "type-mismatch",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Each comparison fits its factor's type: booleans stand alone or are negated, enums use `==`, `!=` or `in`, integers use numbers.",
        rationale: "`age == B` or `ph_positive >= 3` has no meaning.",
        fix: "Compare the factor the way its type allows.",
        bad: r#""when": "ph_positive == 3""#,
        good: r#""when": "ph_positive""#,
    },
    check: Check::Pathway(|cx, sink| condition_errors(cx, sink, ErrorKind::TypeMismatch, &TYPE_MISMATCH)),
};

#[test]
fn cp043_type_mismatch() {
    assert_fires(&TYPE_MISMATCH, |t| branches(t, r#""ph_positive == 3""#, ELSE));
}

/// CP044 `out-of-bounds`: Integer constants in conditions lie within the factor's bounds.
pub static OUT_OF_BOUNDS: Lint = Lint {
    rule: &Rule {
        code: "CP044",
        name: "out-of-bounds",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Integer constants in conditions lie within the factor's bounds.",
        rationale: "`age > 200` can never hold for a factor bounded at 120: the branch would apply to nobody.",
        fix: "Use a threshold within the declared bounds, or widen the bounds.",
        bad: r#""when": "age > 200" with age in [18, 120]"#,
        good: r#""when": "age > 65""#,
    },
    check: Check::Pathway(|cx, sink| condition_errors(cx, sink, ErrorKind::OutOfBounds, &OUT_OF_BOUNDS)),
};

#[test]
fn cp044_out_of_bounds() {
    assert_fires(&OUT_OF_BOUNDS, |t| branches(t, r#""age > 200""#, ELSE));
}

/// CP047 `unsatisfiable`: Every condition can hold for some patient.
pub static UNSATISFIABLE: Lint = Lint {
    rule: &Rule {
        code: "CP047",
        name: "unsatisfiable",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Every condition can hold for some patient.",
        rationale: "A branch or component that no patient can get is dead content.",
        fix: "Correct the condition (often `&&` written for `||`).",
        bad: r#""when": "lineage == B && lineage == T""#,
        good: r#""when": "lineage == B || lineage == T""#,
    },
    check: Check::Pathway(unsatisfiable),
};

fn unsatisfiable(cx: &Context, sink: &mut Sink) {
    let conditions = cx.conditions();
    let everyone = Profile::new();
    for (i, e) in conditions.edges.iter().enumerate() {
        if !matches!(e.state, EdgeState::Valid(_) | EdgeState::Else)
            || e.norm.is_none()
            || conditions.edge_status(i, &everyone) != Some(false)
        {
            continue;
        }
        let message = match e.state {
            EdgeState::Else => {
                let (from, to) = cx.loaded.pathway.edges.get(i).map_or(("", ""), |x| (x.from.as_str(), x.to.as_str()));
                format!("the `else` branch `{from}` → `{to}` applies to no patient: the other branches cover everyone")
            }
            _ => format!("condition `{}` holds for no patient", e.text.as_deref().unwrap_or_default()),
        };
        let what = if e.kind == EdgeKind::Includes { "component" } else { "branch" };
        sink.push(
            cx.edge_diag(&UNSATISFIABLE, i, "when", message)
                .with_help(format!("correct the condition or remove the {what} (often `&&` written for `||`)")),
        );
    }
}

#[test]
fn cp047_unsatisfiable() {
    assert_fires(&UNSATISFIABLE, |t| {
        branches(t, r#""lineage == B && lineage == T""#, r#""ph_positive || !ph_positive || age > 18""#)
    });
}

/// CP048 `factor-declaration`: Factor declarations are complete: enums list at least two distinct
/// values, integers give `min` <= `max`, and type-specific fields appear only on their type.
pub static FACTOR_DECLARATION: Lint = Lint {
    rule: &Rule {
        code: "CP048",
        name: "factor-declaration",
        group: RuleGroup::Decisions,
        severity: Severity::Error,
        summary: "Factor declarations are complete: enums list at least two distinct values, integers give `min` <= `max`, and type-specific fields appear only on their type.",
        rationale: "Conditions are type-checked and decisions proved exhaustive against these declarations.",
        fix: "Add the missing `values`, `min` or `max`, or remove the field that does not belong to the type.",
        bad: r#"{ "id": "lineage", "type": "enum", "label": "Lineage" }"#,
        good: r#"{ "id": "lineage", "type": "enum", "label": "Lineage", "values": ["B", "T"] }"#,
    },
    check: Check::Pathway(factor_declarations),
};

/// Whether an enum value can be written in a condition: an identifier that is not a
/// keyword, or a decimal integer.
fn writable_value(v: &str) -> bool {
    let mut chars = v.chars();
    let ident = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(v, "in" | "true" | "false" | "else");
    ident || v.parse::<i64>().is_ok()
}

fn factor_declarations(cx: &Context, sink: &mut Sink) {
    for (i, f) in cx.loaded.pathway.factors.iter().enumerate() {
        let subject = || Subject::Factor { id: f.id.clone() };
        let mut push = |field: &str, message: String, help: &str| {
            let pointer = if field.is_empty() { format!("/factors/{i}") } else { format!("/factors/{i}/{field}") };
            sink.push(
                cx.diag(&FACTOR_DECLARATION, pointer, message).with_subject(subject()).with_help(help.to_string()),
            );
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
        if let Some(w) = &f.wording {
            let misplaced = [
                ("wording/true", w.when_true.is_some(), FactorType::Boolean),
                ("wording/false", w.when_false.is_some(), FactorType::Boolean),
                ("wording/values", !w.values.is_empty(), FactorType::Enum),
                ("wording/name", w.name.is_some(), FactorType::Integer),
                ("wording/unit", w.unit.is_some(), FactorType::Integer),
            ];
            for (field, present, owner) in misplaced {
                if present && kind != owner {
                    let key = field.trim_start_matches("wording/");
                    push(
                        field,
                        format!("`wording.{key}` applies only to {owner} factors; `{}` is {kind}", f.id),
                        "remove it; see `carepath explain CP074` for the wording each type takes",
                    );
                }
            }
            if kind == FactorType::Enum {
                for key in w.values.keys().filter(|k| !f.values.contains(k)) {
                    let suggestion = crate::suggest::closest(key, f.values.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    push(
                        &format!("wording/values/{}", key.replace('~', "~0").replace('/', "~1")),
                        format!(
                            "`wording.values` of `{}` words the value `{key}`, which the factor does not declare",
                            f.id
                        ),
                        &format!("{suggestion}word only the values listed in `values`"),
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

#[test]
fn cp048_wording_of_another_type() {
    let text = super::fixture::MINIMAL.replacen(
        r#""groups": "#,
        r#""factors": [{ "id": "x", "type": "boolean", "label": "X", "wording": { "true": "x", "false": "no x", "name": "x" } }, { "id": "y", "type": "enum", "label": "Y", "values": ["a", "b"], "wording": { "values": { "a": "A", "bb": "B" } } }], "groups": "#,
        1,
    );
    let found: Vec<_> = super::fixture::run(&text).into_iter().filter(|d| d.0 == "CP048").map(|d| d.3).collect();
    assert_eq!(
        found,
        [
            "`wording.name` applies only to integer factors; `x` is boolean",
            "`wording.values` of `y` words the value `bb`, which the factor does not declare",
        ]
    );
}

#[test]
fn cp048_factor_declaration() {
    assert_fires(&FACTOR_DECLARATION, |t| {
        branches(t, r#""ph_positive && lineage == B && age > 40""#, ELSE)
            .replace(r#""values": ["B", "T"]"#, r#""values": ["B"]"#)
    });
}
