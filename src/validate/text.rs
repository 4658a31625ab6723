//! Text rules: no empty ids or labels (CP070), id naming conventions (CP071), no control
//! characters (CP072), no empty groups (CP073), factors worded (CP074). Each rule is one [`Lint`] with its check and
//! its tests right below it.

use serde_json::Value;

use crate::diag::{Rule, RuleGroup, Severity, Sink, Subject};
use crate::text::escape::{has_unsafe, is_unsafe_char};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{assert_fires, run, sub, MINIMAL};

/// Whether an id is lower snake_case: `[a-z][a-z0-9_]*`, no double or trailing underscore.
pub fn is_snake_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.contains("__")
        && !id.ends_with('_')
}

/// Whether an id is kebab-case: `[a-z][a-z0-9-]*`, no double or trailing hyphen.
pub fn is_kebab_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.contains("--")
        && !id.ends_with('-')
}

/// Every (pointer, kind, id) of the file's declarations.
fn ids<'a>(cx: &'a Context) -> Vec<(String, &'static str, &'a str)> {
    let p = &cx.loaded.pathway;
    let mut all = Vec::new();
    all.extend(p.nodes.iter().enumerate().map(|(i, n)| (format!("/nodes/{i}/id"), "node", n.id.as_str())));
    all.extend(p.factors.iter().enumerate().map(|(i, f)| (format!("/factors/{i}/id"), "factor", f.id.as_str())));
    all.extend(p.sources.iter().enumerate().map(|(i, s)| (format!("/sources/{i}/id"), "source", s.id.as_str())));
    all.extend(p.groups.iter().enumerate().map(|(i, g)| (format!("/groups/{i}/id"), "group", g.id.as_str())));
    all.extend(p.caveats.iter().enumerate().map(|(i, c)| (format!("/caveats/{i}/id"), "caveat", c.id.as_str())));
    for (i, n) in p.nodes.iter().enumerate() {
        all.extend(
            n.option_sets
                .iter()
                .enumerate()
                .map(|(k, s)| (format!("/nodes/{i}/option_sets/{k}/id"), "option set", s.id.as_str())),
        );
    }
    all
}

/// CP070 `empty-text`: Ids, labels and titles are not empty or blank.
pub static EMPTY_TEXT: Lint = Lint {
    rule: &Rule {
        code: "CP070",
        name: "empty-text",
        group: RuleGroup::Text,
        severity: Severity::Error,
        summary: "Ids, labels and titles are not empty or blank.",
        rationale: "An empty label draws an empty box; an empty id cannot be referred to.",
        fix: "Write the label or id.",
        bad: r#"{ "id": "induction", "kind": "phase", "label": " " }"#,
        good: r#"{ "id": "induction", "kind": "phase", "label": "Induction" }"#,
    },
    check: Check::Pathway(empty_text),
};

fn empty_text(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    let mut blank: Vec<(String, String)> = Vec::new();
    if p.id.trim().is_empty() {
        blank.push(("/id".into(), "the pathway id is empty".into()));
    }
    if p.title.trim().is_empty() {
        blank.push(("/title".into(), "the pathway title is empty".into()));
    }
    for (pointer, kind, id) in ids(cx) {
        if id.trim().is_empty() {
            blank.push((pointer, format!("a {kind} has an empty id")));
        }
    }
    for (i, n) in p.nodes.iter().enumerate() {
        if n.label.trim().is_empty() {
            blank.push((format!("/nodes/{i}/label"), format!("node `{}` has an empty label", n.id)));
        }
    }
    for (i, n) in p.nodes.iter().enumerate() {
        for (k, set) in n.option_sets.iter().enumerate() {
            if set.label.trim().is_empty() {
                let message = format!("option set `{}` of `{}` has an empty label", set.id, n.id);
                blank.push((format!("/nodes/{i}/option_sets/{k}/label"), message));
            }
        }
    }
    for (i, f) in p.factors.iter().enumerate() {
        if f.label.trim().is_empty() {
            blank.push((format!("/factors/{i}/label"), format!("factor `{}` has an empty label", f.id)));
        }
    }
    for (i, g) in p.groups.iter().enumerate() {
        if g.label.trim().is_empty() {
            blank.push((format!("/groups/{i}/label"), format!("group `{}` has an empty label", g.id)));
        }
    }
    for (i, s) in p.sources.iter().enumerate() {
        if s.title.trim().is_empty() {
            blank.push((format!("/sources/{i}/title"), format!("source `{}` has an empty title", s.id)));
        }
    }
    for (i, c) in p.caveats.iter().enumerate() {
        if c.text.trim().is_empty() {
            blank.push((format!("/caveats/{i}/text"), format!("caveat `{}` has an empty text", c.id)));
        }
    }
    for (i, e) in p.edges.iter().enumerate() {
        if e.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
            blank.push((format!("/edges/{i}/label"), format!("edge `{}` → `{}` has an empty label", e.from, e.to)));
        }
    }
    for (pointer, message) in blank {
        sink.push(cx.diag(&EMPTY_TEXT, pointer, message).with_help("write the text, or remove the optional field"));
    }
}

#[test]
fn cp070_empty_text() {
    assert_fires(&EMPTY_TEXT, |t| sub(t, r#""label": "Remission","#, r#""label": "  ","#));
}

#[test]
fn cp070_blank_label_and_cp071_bad_id() {
    let text = MINIMAL.replacen(r#""label": "Remission""#, r#""label": "  ""#, 1).replacen(
        r#""id": "t""#,
        r#""id": "T_1""#,
        1,
    );
    assert_eq!(
        run(&text),
        vec![
            ("CP071", 2, 9, "pathway id `T_1` is not kebab-case".into()),
            ("CP070", 10, 47, "node `cr` has an empty label".into()),
        ]
    );
}

/// CP071 `id-naming`: Node, factor, source, group, caveat and option set ids are lower snake_case; the
/// pathway id is kebab-case.
pub static ID_NAMING: Lint = Lint {
    rule: &Rule {
        code: "CP071",
        name: "id-naming",
        group: RuleGroup::Text,
        severity: Severity::Warning,
        summary:
            "Node, factor, source, group, caveat and option set ids are lower snake_case; the pathway id is kebab-case.",
        rationale:
            "Ids appear in conditions, file names and generated diagrams; one convention keeps them valid everywhere.",
        fix: "Rename the id, e.g. `Induction Phase` → `induction_phase`.",
        bad: r#"{ "id": "Induction Phase", ... }"#,
        good: r#"{ "id": "induction_phase", ... }"#,
    },
    check: Check::Pathway(id_naming),
};

fn id_naming(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    if !p.id.trim().is_empty() && !is_kebab_case(&p.id) {
        sink.push(
            cx.diag(&ID_NAMING, "/id".into(), format!("pathway id `{}` is not kebab-case", p.id))
                .with_subject(Subject::Pathway { id: p.id.clone() })
                .with_help(naming_help("lowercase letters, digits and hyphens", &p.id, '-')),
        );
    }
    for (pointer, kind, id) in ids(cx) {
        if !id.trim().is_empty() && !is_snake_case(id) {
            sink.push(
                cx.diag(&ID_NAMING, pointer, format!("{kind} id `{id}` is not lower snake_case"))
                    .with_help(naming_help("lowercase letters, digits and underscores", id, '_')),
            );
        }
    }
}

/// "use ALLOWED, e.g. `suggestion`", without the example when the id has no ASCII letter or
/// digit to build one from (e.g. a Cyrillic id).
fn naming_help(allowed: &str, id: &str, separator: char) -> String {
    match suggest(id, separator) {
        s if s.is_empty() => format!("use {allowed} (ASCII only)"),
        s => format!("use {allowed}, e.g. `{s}`"),
    }
}

fn suggest(id: &str, separator: char) -> String {
    let mut out = String::new();
    for c in id.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with(separator) && !out.is_empty() {
            out.push(separator);
        }
    }
    out.trim_end_matches(separator).to_string()
}

#[test]
fn cp071_id_naming() {
    assert_fires(&ID_NAMING, |t| {
        sub(t, r#""id": "vincristine""#, r#""id": "Vincristine""#)
            .replace(r#""to": "vincristine""#, r#""to": "Vincristine""#)
    });
}

#[test]
fn cp070_cp071_caveats_have_a_text_and_a_snake_case_id() {
    let text = MINIMAL.replacen(
        r#"  "groups": ["#,
        r#"  "caveats": [{ "id": "Rates", "text": " ", "applies_to": [] }], "groups": ["#,
        1,
    );
    assert_eq!(
        run(&text),
        vec![
            ("CP071", 6, 23, "caveat id `Rates` is not lower snake_case".into()),
            ("CP070", 6, 40, "caveat `Rates` has an empty text".into()),
        ]
    );
}

#[test]
fn naming() {
    assert!(
        is_snake_case("ph_positive")
            && is_snake_case("cr1")
            && !is_snake_case("Ph")
            && !is_snake_case("a b")
            && !is_snake_case("a__b")
    );
    assert!(is_kebab_case("adult-all") && !is_kebab_case("adult_all") && !is_kebab_case("-a"));
    assert_eq!(suggest("Induction Phase", '_'), "induction_phase");
}

/// Regression (corpus file condition-cyrillic-factor.json): an id with no ASCII letter or
/// digit got the help "e.g. ``".
#[test]
fn cp071_help_has_no_empty_example() {
    assert_eq!(naming_help("lowercase letters", "возраст", '_'), "use lowercase letters (ASCII only)");
    assert_eq!(naming_help("lowercase letters", "Age Group", '_'), "use lowercase letters, e.g. `age_group`");
}

/// CP072 `control-characters`: No string contains control characters or invisible
/// bidirectional-format characters.
pub static CONTROL_CHARACTERS: Lint = Lint {
    rule: &Rule {
        code: "CP072",
        name: "control-characters",
        group: RuleGroup::Text,
        severity: Severity::Error,
        summary: "No string contains control characters or invisible bidirectional-format characters.",
        rationale: "They can hide text or reorder it on screen (terminal escapes, 'trojan source'), so what a reviewer reads is not what the file says.",
        fix: "Delete the character; use plain text.",
        bad: r#""label": "Induction\u001b[31m""#,
        good: r#""label": "Induction""#,
    },
    check: Check::Pathway(control_characters),
};

/// Walks the parsed JSON (not the model) so that every string is covered, including keys.
fn control_characters(cx: &Context, sink: &mut Sink) {
    let text = cx.loaded.source.text().strip_prefix('\u{feff}').unwrap_or(cx.loaded.source.text());
    // Fast path: raw JSON text cannot hold C0 controls inside strings, so a file with no
    // `\u`, `\n` or `\t` escape and no raw unsafe character (outside JSON whitespace) is clean.
    let b = text.as_bytes();
    let escape = memchr::memchr_iter(b'\\', b).any(|i| matches!(b.get(i + 1), Some(b'u' | b'n' | b't')));
    if !has_unsafe(text) && !escape {
        return;
    }
    let Ok(value) = serde_json::from_str::<Value>(text) else { return };
    let mut stack = vec![(String::new(), &value)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::String(s) => {
                if let Some((at, c)) = s.char_indices().find(|&(_, c)| is_unsafe_char(c) || c == '\n' || c == '\t') {
                    let location = cx.locate_in_string(&pointer, (at, at + c.len_utf8()));
                    let mut diag = cx.diag(
                        &CONTROL_CHARACTERS,
                        pointer.clone(),
                        format!("string contains the control character U+{:04X}", c as u32),
                    );
                    if let Some(location) = location {
                        diag = diag.at(&cx.loaded.source, location);
                    }
                    sink.push(
                        diag.with_help("delete the character; labels and descriptions are plain text on one line"),
                    );
                }
            }
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, v)| (format!("{pointer}/{i}"), v)))
            }
            Value::Object(map) => {
                stack.extend(map.iter().map(|(k, v)| (format!("{pointer}/{}", crate::source::escape_pointer(k)), v)))
            }
            _ => {}
        }
    }
}

#[test]
fn cp072_control_characters() {
    assert_fires(&CONTROL_CHARACTERS, |t| sub(t, r#""label": "Diagnosis","#, r#""label": "Diag\u001b[31mnosis","#));
}

#[test]
fn cp072_escape_inside_label_points_at_the_character() {
    let text = MINIMAL.replacen(r#""label": "Diagnosis""#, r#""label": "Diag\u001b[31mnosis""#, 1);
    assert_eq!(run(&text), vec![("CP072", 8, 50, "string contains the control character U+001B".into())]);
}

/// CP073 `unused-group`: Every declared group holds at least one node.
pub static UNUSED_GROUP: Lint = Lint {
    rule: &Rule {
        code: "CP073",
        name: "unused-group",
        group: RuleGroup::Text,
        severity: Severity::Warning,
        summary: "Every declared group holds at least one node.",
        rationale: "An empty group draws nothing; it is usually left over from an edit.",
        fix: "Put nodes in it with `\"group\"`, or remove it.",
        bad: r#""groups": [ { "id": "salvage", ... } ] and no node in it"#,
        good: r#"a node with "group": "salvage""#,
    },
    check: Check::Pathway(unused_groups),
};

fn unused_groups(cx: &Context, sink: &mut Sink) {
    for (i, group) in cx.loaded.pathway.groups.iter().enumerate() {
        if !cx.loaded.pathway.nodes.iter().any(|n| n.group.as_deref() == Some(group.id.as_str())) {
            sink.push(
                cx.diag(&UNUSED_GROUP, format!("/groups/{i}/id"), format!("group `{}` holds no node", group.id))
                    .with_subject(Subject::Group { id: group.id.clone() })
                    .with_help("put nodes in it with \"group\", or remove it"),
            );
        }
    }
}

#[test]
fn cp073_unused_group() {
    assert_fires(&UNUSED_GROUP, |t| {
        sub(
            t,
            r#"{ "id": "main", "label": "Main" }"#,
            r#"{ "id": "main", "label": "Main" }, { "id": "salvage", "label": "Salvage" }"#,
        )
    });
}

#[test]
fn cp073_empty_group() {
    let text = MINIMAL.replacen(
        r#"{ "id": "g", "label": "G" }"#,
        r#"{ "id": "g", "label": "G" }, { "id": "h", "label": "H" }"#,
        1,
    );
    assert_eq!(run(&text), vec![("CP073", 6, 51, "group `h` holds no node".into())]);
}

/// CP074 `factor-without-wording`: Every factor says in words how its values read.
pub static FACTOR_WITHOUT_WORDING: Lint = Lint {
    rule: &Rule {
        code: "CP074",
        name: "factor-without-wording",
        group: RuleGroup::Text,
        severity: Severity::Info,
        summary: "Every factor says in words how its values read: `true` and `false` for a boolean, a phrase per value for an enum, a `name` for an integer.",
        rationale: "Listings, the path guide, summaries, the explorer page and flowchart labels state conditions in words (\"age 65 or under, and no other serious illness\"); a factor without wording falls back to its label (\"Other serious illness: no\"), which reads poorly.",
        fix: "Add `wording` to the factor: `{\"true\": \"...\", \"false\": \"...\"}`, `{\"values\": {\"B\": \"B-cell ALL\", ...}}` or `{\"name\": \"age\"}`.",
        bad: r#"{ "id": "ph_positive", "type": "boolean", "label": "Philadelphia chromosome" }"#,
        good: r#"{ "id": "ph_positive", "type": "boolean", "label": "Philadelphia chromosome", "wording": { "true": "Philadelphia chromosome positive", "false": "no Philadelphia chromosome" } }"#,
    },
    check: Check::Pathway(factors_without_wording),
};

fn factors_without_wording(cx: &Context, sink: &mut Sink) {
    use crate::model::FactorType;
    for (i, f) in cx.loaded.pathway.factors.iter().enumerate() {
        let w = f.wording.clone().unwrap_or_default();
        let missing: Vec<String> = match f.kind {
            FactorType::Boolean => [("true", w.when_true.is_none()), ("false", w.when_false.is_none())]
                .into_iter()
                .filter(|(_, m)| *m)
                .map(|(k, _)| format!("`{k}`"))
                .collect(),
            FactorType::Enum => {
                f.values.iter().filter(|v| !w.values.contains_key(*v)).map(|v| format!("the value `{v}`")).collect()
            }
            FactorType::Integer => {
                if w.name.is_none() {
                    vec!["`name`".to_string()]
                } else {
                    Vec::new()
                }
            }
        };
        if missing.is_empty() {
            continue;
        }
        let (field, message) = if f.wording.is_none() {
            ("id", format!("factor `{}` has no wording: conditions on it read as \"{}: ...\"", f.id, f.label))
        } else {
            ("wording", format!("the wording of factor `{}` lacks {}", f.id, crate::condition::join_and(&missing)))
        };
        let help = match f.kind {
            FactorType::Boolean => {
                r#"add "wording": { "true": "...", "false": "..." }, the phrases for a patient of whom it is true and false"#
            }
            FactorType::Enum => r#"add "wording": { "values": { "<value>": "..." } }, a phrase for every value"#,
            FactorType::Integer => {
                r#"add "wording": { "name": "..." }, the noun a comparison reads after ("age" gives "age 65 or under")"#
            }
        };
        sink.push(
            cx.diag(&FACTOR_WITHOUT_WORDING, format!("/factors/{i}/{field}"), message)
                .with_subject(Subject::Factor { id: f.id.clone() })
                .with_help(help),
        );
    }
}

#[test]
fn cp074_factor_without_wording() {
    assert_fires(&FACTOR_WITHOUT_WORDING, |t| {
        let t = super::fixture::branches(t, r#""ph_positive && lineage == B && age > 40""#, super::fixture::ELSE);
        sub(&t, r#", "wording": { "true": "Ph+", "false": "Ph-" }"#, "")
    });
}

#[test]
fn cp074_partial_wording() {
    let text = MINIMAL.replacen(
        r#""groups": "#,
        r#""factors": [{ "id": "y", "type": "enum", "label": "Y", "values": ["a", "b", "c"], "wording": { "values": { "a": "A" } } }, { "id": "n", "type": "integer", "label": "N", "min": 0, "max": 9 }], "groups": "#,
        1,
    );
    let found: Vec<_> = run(&text).into_iter().filter(|d| d.0 == "CP074").map(|d| d.3).collect();
    assert_eq!(
        found,
        [
            "the wording of factor `y` lacks the value `b`, and the value `c`",
            "factor `n` has no wording: conditions on it read as \"N: ...\"",
        ]
    );
}
