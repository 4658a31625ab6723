//! Tests of the decision and condition rules, one or more per rule plus the passing case.

use crate::validate::fixture::run;

/// A clean pathway: one decision on three factors (boolean, enum, integer) with an `else`.
const BASE: &str = include_str!("../../../tests/fixtures/decisions/base.json");

/// The first branch's condition as it appears in [`BASE`].
const FIRST: &str = r#""age <= 65 && lineage == B && !ph_positive""#;

/// BASE with each `(from, to)` text replaced (each must occur).
fn with(replacements: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in replacements {
        assert!(text.contains(from), "fixture lacks {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// 1-based (line, column in characters) of the first occurrence of `needle` after `after`.
fn pos(text: &str, after: &str, needle: &str) -> (usize, usize) {
    let base = text.find(after).expect("anchor");
    let at = base + text[base..].find(needle).expect("needle");
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

fn one(text: &str) -> (&'static str, usize, usize, String) {
    let diags = run(text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    diags.into_iter().next().unwrap()
}

#[test]
fn base_fixture_is_clean() {
    assert_eq!(run(BASE), vec![]);
}

#[test]
fn cp040_points_at_the_end_when_a_value_is_missing() {
    let text = with(&[(FIRST, r#""age >= ""#)]);
    let (line, col) = pos(&text, r#""age >= "#, r#"", "sources""#);
    let diags = run(&text);
    assert_eq!(diags[0], ("CP040", line, col, "expected a value after `>=`, found the end".into()));
    // ph_positive and lineage are then unused, but CP063 is withheld while a condition does not parse.
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn cp040_points_at_the_character() {
    let text = with(&[(FIRST, r#""age <= 65 &| lineage == B""#)]);
    let (line, col) = pos(&text, "age <= 65 &|", "&|");
    assert_eq!(one(&text), ("CP040", line, col, "`&` is not an operator; write `&&` for \"and\"".into()));
}

#[test]
fn cp040_counts_json_escapes() {
    // The decoded string is `lineage == "B"`; the error is at the decoded quote, which is `\"` in the file.
    let text = with(&[(FIRST, r#""age <= 65 && lineage == \"B\" && !ph_positive""#)]);
    let (line, col) = pos(&text, "lineage == ", r#"\""#);
    assert_eq!(one(&text), ("CP040", line, col, "unexpected character `\\\"`".into()));
}

#[test]
fn cp040_rejects_long_and_deep_conditions_without_overflowing() {
    let long = format!("\"{}ph_positive{}\"", "(".repeat(5000), ")".repeat(5000));
    let (code, _, _, message) = one(&with(&[(FIRST, &long)]));
    assert_eq!((code, message.as_str()), ("CP040", "the condition is 10011 bytes long; the limit is 4096"));
    let deep = format!("\"{}ph_positive{}\"", "(".repeat(1000), ")".repeat(1000));
    let text = with(&[(FIRST, &deep)]);
    let (line, col) = pos(&text, "((((", "(");
    assert_eq!(one(&text), ("CP040", line, col + 64, "the condition is nested more than 64 levels deep".into()));
}

#[test]
fn cp041_suggests_the_closest_factor() {
    let text = with(&[(FIRST, r#""age <= 65 && lineage == B && !ph_postive""#)]);
    let (line, col) = pos(&text, "lineage == B && !", "ph_postive");
    assert_eq!(one(&text), ("CP041", line, col, "unknown factor `ph_postive`; did you mean `ph_positive`?".into()));
}

#[test]
fn cp042_lists_the_values_and_suggests_one() {
    let text = with(&[(FIRST, r#""age <= 65 && lineage == b && !ph_positive""#)]);
    let (line, col) = pos(&text, "lineage == b", "b &&");
    assert_eq!(
        one(&text),
        ("CP042", line, col, "`b` is not a value of `lineage`, which is one of B, T; did you mean `B`?".into())
    );
}

#[test]
fn cp043_type_mismatches() {
    let text = with(&[(FIRST, r#""age <= 65 && lineage == B && ph_positive == 3""#)]);
    let (line, col) = pos(&text, "ph_positive == 3", "3\"");
    assert_eq!(
        one(&text),
        ("CP043", line, col, "`ph_positive` is a boolean factor; it is true or false, not `3`".into())
    );

    let text = with(&[(FIRST, r#""age <= 65 && lineage < B && !ph_positive""#)]);
    let (line, col) = pos(&text, "lineage < B", "<");
    assert_eq!(
        one(&text),
        (
            "CP043",
            line,
            col,
            "`lineage` is an enum factor; `<` does not apply to it (use `==`, `!=` or `in [..]`)".into()
        )
    );

    let text = with(&[(FIRST, r#""age && lineage == B && !ph_positive""#)]);
    let (line, col) = pos(&text, r#""age &&"#, "age");
    assert_eq!(
        one(&text),
        ("CP043", line, col, "`age` is an integer factor; compare it with a number, e.g. `age >= 18`".into())
    );
}

#[test]
fn cp044_constant_out_of_bounds() {
    let text = with(&[(FIRST, r#""age <= 200 && lineage == B && !ph_positive""#)]);
    let (line, col) = pos(&text, "age <= 200", "200");
    assert_eq!(
        one(&text),
        ("CP044", line, col, "200 is outside the bounds of `age`, which is between 18 and 120 (years)".into())
    );
}

#[test]
fn cp045_names_a_patient_no_branch_covers() {
    let text = with(&[(r#""when": "else""#, r#""when": "lineage == T""#)]);
    let (line, col) = pos(&text, r#"{ "id": "choose""#, r#""choose""#);
    assert_eq!(
        one(&text),
        ("CP045", line, col, "no branch of decision `choose` applies to: age=18, lineage=B, ph_positive=true".into())
    );
}

#[test]
fn cp046_names_a_patient_two_branches_cover() {
    let text = with(&[
        (r#""when": "else""#, r#""when": "age > 60""#),
        (FIRST, r#""age <= 65 || lineage == B || ph_positive""#),
    ]);
    let (line, col) = pos(&text, r#""to": "refractory""#, r#""age > 60""#);
    assert_eq!(
        one(&text),
        (
            "CP046",
            line,
            col,
            "branches to `cr` and `refractory` of decision `choose` both apply to: age=61, lineage=B, \
             ph_positive=false"
                .into()
        )
    );
}

#[test]
fn cp046_not_for_choice_multiple_but_exhaustiveness_still_is() {
    let multiple = r#""label": "Choose", "choice": "multiple","#;
    let text = with(&[
        (r#""label": "Choose","#, multiple),
        (r#""when": "else""#, r#""when": "ph_positive || age > 18""#),
        (FIRST, r#""lineage == B""#),
    ]);
    let (line, col) = pos(&text, r#"{ "id": "choose""#, r#""choose""#);
    assert_eq!(
        one(&text),
        ("CP045", line, col, "no branch of decision `choose` applies to: age=18, lineage=T, ph_positive=false".into())
    );
}

#[test]
fn cp047_unsatisfiable_condition_and_redundant_else() {
    let text = with(&[(FIRST, r#""age <= 65 && lineage == B && lineage == T && !ph_positive""#)]);
    let (line, col) = pos(&text, r#""to": "cr""#, r#""age"#);
    assert_eq!(
        one(&text),
        (
            "CP047",
            line,
            col,
            "condition `age <= 65 && lineage == B && lineage == T && !ph_positive` holds for no patient".into()
        )
    );

    let text = with(&[(FIRST, r#""age <= 65 || age > 65 || lineage == B || ph_positive""#)]);
    let (line, col) = pos(&text, r#""to": "refractory""#, r#""else""#);
    assert_eq!(
        one(&text),
        (
            "CP047",
            line,
            col,
            "the `else` branch `choose` → `refractory` applies to no patient: the other branches cover everyone".into()
        )
    );
}

#[test]
fn cp047_on_includes_edges() {
    let text = with(&[
        (
            r#"{ "id": "cr", "kind": "outcome""#,
            r#"{ "id": "tki", "kind": "intervention", "label": "TKI", "modality": "targeted_therapy", "group": "g", "sources": [{ "source": "src" }] },
    { "id": "induction", "kind": "phase", "label": "Induction", "group": "g", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "src", "quote": "q" }] },
    { "id": "cr", "kind": "outcome""#,
        ),
        (r#""to": "cr", "when""#, r#""to": "induction", "when""#),
        (
            r#"{ "from": "choose", "to": "refractory""#,
            r#"{ "from": "induction", "to": "cr" },
    { "from": "induction", "to": "tki", "kind": "includes", "when": "ph_positive && !ph_positive" },
    { "from": "choose", "to": "refractory""#,
        ),
    ]);
    let (line, col) = pos(&text, r#""kind": "includes""#, r#""ph_positive &&"#);
    assert_eq!(one(&text), ("CP047", line, col, "condition `ph_positive && !ph_positive` holds for no patient".into()));
}

#[test]
fn cp048_factor_declarations() {
    let extra = r#"{ "id": "grade", "type": "enum", "label": "Grade", "values": ["high", "high"], "wording": { "values": { "high": "high grade" } } },
    { "id": "score", "type": "integer", "label": "Score", "min": 5, "wording": { "name": "score" } },
    { "id": "fit", "type": "boolean", "label": "Fit", "unit": "years", "wording": { "true": "fit", "false": "unfit" } },
    { "id": "age", "type""#;
    let text = with(&[
        (r#"{ "id": "age", "type""#, extra),
        (FIRST, r#""age <= 65 && lineage == B && !ph_positive && grade == high && score > 5 && fit""#),
    ]);
    let (l1, c1) = pos(&text, r#""id": "grade""#, r#""high"]"#);
    let (l2, c2) = pos(&text, r#""id": "grade""#, "[");
    let (l3, c3) = pos(&text, r#"    { "id": "score""#, "{");
    let (l4, c4) = pos(&text, r#""id": "fit""#, r#""years""#);
    assert_eq!(
        run(&text),
        vec![
            ("CP048", l2, c2, "enum factor `grade` needs at least two distinct values; it has 1".into()),
            ("CP048", l1, c1, "enum factor `grade` lists the value `high` twice".into()),
            ("CP048", l3, c3, "integer factor `score` needs `max`".into()),
            ("CP048", l4, c4, "`unit` applies only to integer factors; `fit` is boolean".into()),
        ]
    );
}

#[test]
fn cp048_min_above_max_and_unwritable_values() {
    let text = with(&[
        (r#""min": 18, "max": 120"#, r#""min": 120, "max": 18"#),
        (r#""values": ["B", "T"]"#, r#""values": ["B", "T-cell"]"#),
        (r#""T": "T-cell""#, r#""T-cell": "T-cell""#),
        (FIRST, r#""age <= 65 && lineage == B && !ph_positive""#),
    ]);
    let (l1, c1) = pos(&text, r#""id": "lineage""#, r#""T-cell""#);
    let (l2, c2) = pos(&text, r#""id": "age""#, "120");
    assert_eq!(
        run(&text),
        vec![
            (
                "CP048",
                l1,
                c1,
                "enum value `T-cell` of `lineage` cannot be written in a condition: use letters, digits and `_`, \
                 starting with a letter"
                    .into()
            ),
            ("CP048", l2, c2, "integer factor `age` has `min` 120 greater than `max` 18".into()),
        ]
    );
}

#[test]
fn cp049_too_many_classes_is_a_warning_not_a_hang() {
    let ids: Vec<String> = (0..17).map(|i| format!("f{i}")).collect();
    let factors: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                r#"{{ "id": "{id}", "type": "boolean", "label": "F", "wording": {{ "true": "f", "false": "no f" }} }}"#
            )
        })
        .collect();
    let text = with(&[
        (r#"{ "id": "ph_positive", "type""#, &format!(r#"{}, {{ "id": "ph_positive", "type""#, factors.join(", "))),
        (FIRST, &format!(r#""age <= 65 && lineage == B && !ph_positive && {}""#, ids.join(" && "))),
    ]);
    let (line, col) = pos(&text, r#"{ "id": "choose""#, r#""choose""#);
    assert_eq!(
        one(&text),
        (
            "CP049",
            line,
            col,
            "decision `choose` splits patients into 1048576 classes, more than the 100000 carepath checks; it was \
             not checked for exhaustiveness or overlap"
                .into()
        )
    );
}

#[test]
fn cp063_unused_factor() {
    let text = with(&[(
        r#"{ "id": "age", "type""#,
        r#"{ "id": "cns_involvement", "type": "boolean", "label": "CNS", "wording": { "true": "CNS", "false": "no CNS" } },
    { "id": "age", "type""#,
    )]);
    let (line, col) = pos(&text, r#""id": "cns_involvement""#, r#""cns_involvement""#);
    assert_eq!(
        one(&text),
        ("CP063", line, col, "factor `cns_involvement` is declared but no condition uses it".into())
    );
}

#[test]
fn cp045_also_for_a_decision_left_with_one_branch() {
    let text = with(&[(
        r#",
    { "from": "choose", "to": "refractory", "when": "else", "sources": [{ "source": "src", "quote": "q" }] }"#,
        "",
    )]);
    let (line, col) = pos(&text, r#"{ "id": "choose""#, r#""choose""#);
    let found: Vec<_> = run(&text).into_iter().filter(|d| d.0 == "CP045").collect();
    assert_eq!(
        found,
        vec![(
            "CP045",
            line,
            col,
            "no branch of decision `choose` applies to: age=18, lineage=B, ph_positive=true".into()
        )]
    );
}
