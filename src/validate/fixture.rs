//! Test support for rule tests: the rule fixtures of `tests/fixtures/rules/`, built here
//! from one base pathway and one edit each, and the assertion every lint's test makes.
//!
//! [`assert_fires`] writes nothing unless `UPDATE_GENERATED=1` is set: it checks that the
//! committed fixture is what the test builds, validates it as `carepath validate --format json
//! tests/fixtures/rules/<code>.json` does, and compares the output with the insta snapshot
//! `tests/fixtures/rules/<code>.snap` (`INSTA_UPDATE=always` writes a new one; review it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::report::{self, HumanOptions, ReportFormat, ReportInput};
use crate::source::SourceText;

/// The base of every rule fixture: a small valid pathway. `NAME` becomes the fixture's name.
pub const BASE: &str = r#"{
  "id": "NAME",
  "title": "Rule fixture",
  "version": "1",
  "sources": [{ "id": "src", "title": "Source", "revised": "2024-06-24" }],
  "groups": [{ "id": "main", "label": "Main" }],
  "nodes": [
    { "id": "dx", "kind": "start", "label": "Diagnosis", "group": "main", "sources": [{ "source": "src" }] },
    { "id": "induction", "kind": "phase", "label": "Induction", "group": "main", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "src", "quote": "Induction lasts one to two months." }] },
    { "id": "vincristine", "kind": "intervention", "label": "Vincristine", "group": "main", "sources": [{ "source": "src" }] },
    { "id": "cr", "kind": "outcome", "label": "Remission", "outcome": "remission", "group": "main", "sources": [{ "source": "src" }] },
    { "id": "refractory", "kind": "outcome", "label": "Refractory", "outcome": "refractory", "group": "main", "sources": [{ "source": "src" }] }
  ],
  "edges": [
    { "from": "dx", "to": "induction" },
    { "from": "induction", "to": "vincristine", "kind": "includes" },
    { "from": "induction", "to": "cr", "probability": 0.8, "sources": [{ "source": "src", "quote": "Eight in ten people go into remission." }] },
    { "from": "induction", "to": "refractory", "probability": 0.2, "sources": [{ "source": "src", "quote": "Two in ten do not." }] }
  ]
}
"#;

/// The made-up text of the base fixture's source: the words [`BASE`] quotes are in it. A
/// fixture made by [`assert_fires_with_text`] names it as its source's `text`.
pub const SOURCE_TEXT: &str = "Rule fixture source\n\nInduction\n\nInduction lasts one to two months. \
    Eight in ten people go into remission. Two in ten do not.\n\nAfter induction\n\nPeople in remission \
    go on to consolidation.\n";

/// The anchor of `words`, as JSON: `{ "sha256": "…", "chars": N }`.
pub fn anchor_of(words: &str) -> String {
    let (sha256, chars) = crate::citation::normalize::fingerprint(&crate::citation::normalize::normalize(words));
    format!(r#"{{ "sha256": "{sha256}", "chars": {chars} }}"#)
}

/// A decision node, for fixtures that route the start through one.
pub const DECISION: &str =
    r#"{ "id": "ph_check", "kind": "decision", "label": "Ph?", "group": "main", "sources": [{ "source": "src" }] }"#;

/// Three factors, one of each type.
pub const FACTORS: &str = concat!(
    r#""factors": [{ "id": "ph_positive", "type": "boolean", "label": "Ph+", "wording": { "true": "Ph+", "false": "Ph-" } }, "#,
    r#"{ "id": "lineage", "type": "enum", "label": "Lineage", "values": ["B", "T"], "wording": { "values": { "B": "B-cell", "T": "T-cell" } } }, "#,
    r#"{ "id": "age", "type": "integer", "label": "Age", "min": 18, "max": 120, "unit": "years", "wording": { "name": "age" } }], "#,
);

/// The condition `else`, as it is written in a fixture.
pub const ELSE: &str = r#""else""#;

/// [`BASE`] named `name`.
pub fn base(name: &str) -> String {
    BASE.replace(r#""NAME""#, &format!(r#""{name}""#))
}

/// Replaces `from`, which must occur exactly once, by `to`.
pub fn sub(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "fixture edit must match exactly once: {from}");
    text.replacen(from, to, 1)
}

/// Appends a node at the end of `nodes`.
pub fn add_node(text: &str, node: &str) -> String {
    sub(text, "\n  ],\n  \"edges\"", &format!(",\n    {node}\n  ],\n  \"edges\""))
}

/// Appends an edge at the end of `edges`.
pub fn add_edge(text: &str, edge: &str) -> String {
    sub(text, "\n  ]\n}", &format!(",\n    {edge}\n  ]\n}}"))
}

/// dx → ph_check (a [`DECISION`]) → `branches`. A branch given without `sources` cites the
/// base source with a quote, as a branch should (CP085).
pub fn via_decision(text: &str, branches: &[&str]) -> String {
    let mut text = sub(text, r#"{ "from": "dx", "to": "induction" }"#, r#"{ "from": "dx", "to": "ph_check" }"#);
    for branch in branches {
        let cited = match branch.strip_suffix(" }") {
            Some(open) if !branch.contains(r#""sources""#) => {
                format!(r#"{open}, "sources": [{{ "source": "src", "quote": "q" }}] }}"#)
            }
            _ => branch.to_string(),
        };
        text = add_edge(&text, &cited);
    }
    add_node(&text, DECISION)
}

/// Declares `factors` (e.g. [`FACTORS`]) on the groups line, so line numbers stay as in the base.
pub fn with_factors(text: &str, factors: &str) -> String {
    sub(text, r#"  "groups": ["#, &format!(r#"  {factors}"groups": ["#))
}

/// dx → ph_check, a decision with two branches, `first` → induction and `second` → cr, on
/// [`FACTORS`]. Conditions are given as JSON strings, quotes included.
pub fn branches(text: &str, first: &str, second: &str) -> String {
    let text = via_decision(
        text,
        &[
            &format!(r#"{{ "from": "ph_check", "to": "induction", "when": {first} }}"#),
            &format!(r#"{{ "from": "ph_check", "to": "cr", "when": {second} }}"#),
        ],
    );
    with_factors(&text, FACTORS)
}

/// Asserts that `lint` fires in its fixture: [`base`] named after its code (`cp019`) with
/// `edit` applied, committed as `tests/fixtures/rules/cp019.json`, with the full output of
/// `validate --format json` on it in `tests/fixtures/rules/cp019.snap`.
pub fn assert_fires(lint: &'static Lint, edit: impl FnOnce(&str) -> String) {
    let name = lint.rule.code.to_lowercase();
    let text = edit(&base(&name));
    assert_fires_in(lint, &format!("{name}.json"), &[(&format!("{name}.json"), text.as_bytes())]);
}

/// [`assert_fires`] for a fixture whose source's text is beside it: the folder
/// `tests/fixtures/rules/<code>/` holding `<code>.json` ([`base`] naming `source.txt` as its
/// source's `text`, with `edit` applied) and `source.txt` ([`SOURCE_TEXT`]).
pub fn assert_fires_with_text(lint: &'static Lint, edit: impl FnOnce(&str) -> String) {
    let name = lint.rule.code.to_lowercase();
    let text = sub(&base(&name), r#""revised": "2024-06-24" }"#, r#""revised": "2024-06-24", "text": "source.txt" }"#);
    let text = edit(&text);
    assert_fires_in(
        lint,
        &name,
        &[(&format!("{name}/{name}.json"), text.as_bytes()), (&format!("{name}/source.txt"), SOURCE_TEXT.as_bytes())],
    );
}

/// [`assert_fires`] for a fixture that is not one text edit: `files` (paths relative to
/// `tests/fixtures/rules/`, with their bytes) validated as `path` (a file or folder there).
pub fn assert_fires_in(lint: &'static Lint, path: &str, files: &[(&str, &[u8])]) {
    let codes = assert_fixture(lint.rule.code.to_lowercase().as_str(), path, files);
    assert!(codes.contains(&lint.rule.code), "{} does not fire in its fixture: {codes:?}", lint.rule.code);
}

/// A further case of `lint`, beside its main fixture: [`base`] named `<code>-<case>` with
/// `edit` applied, committed as `tests/fixtures/rules/<code>.<case>/<code>-<case>.json` (a
/// folder, so the file's name is its kebab-case id) with its snapshot `<code>.<case>.snap`.
/// Returns the codes reported.
pub fn assert_case(lint: &'static Lint, case: &str, edit: impl FnOnce(&str) -> String) -> Vec<&'static str> {
    let code = lint.rule.code.to_lowercase();
    let (name, id) = (format!("{code}.{case}"), format!("{code}-{case}"));
    let text = edit(&base(&id));
    let codes = assert_fixture(&name, &name, &[(&format!("{name}/{id}.json"), text.as_bytes())]);
    assert!(codes.contains(&lint.rule.code), "{} does not fire in {name}: {codes:?}", lint.rule.code);
    codes
}

/// Checks (or, with `UPDATE_GENERATED=1`, writes) the fixture's files, validates `path`, and
/// asserts the JSON report against the snapshot `name`. Returns the codes reported.
pub fn assert_fixture(name: &str, path: &str, files: &[(&str, &[u8])]) -> Vec<&'static str> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for (file, bytes) in files {
        let committed = dir.join(file);
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            if std::fs::read(&committed).ok().as_deref() != Some(*bytes) {
                std::fs::create_dir_all(committed.parent().unwrap()).unwrap();
                std::fs::write(&committed, bytes).unwrap();
            }
        } else {
            assert!(
                std::fs::read(&committed).ok().as_deref() == Some(*bytes),
                "{} is not what its test builds; run `UPDATE_GENERATED=1 cargo test --lib` and commit it",
                committed.display()
            );
        }
    }
    // Relative to the package root (the working directory of `cargo test`), as a user
    // would type it, so the report names the file as the CLI's does.
    let result = validate_paths(&[PathBuf::from("tests/fixtures/rules").join(path)], &ValidateOptions::default());
    let input = ReportInput {
        files: &result.files,
        diagnostics: &result.diagnostics,
        read_errors: &result.read_errors,
        texts: &HashMap::new(),
    };
    let json = report::render(ReportFormat::Json, &input, &HumanOptions::default()).unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, json));
    result.diagnostics.iter().map(|d| d.rule.code).collect()
}

/// The base fixture passes every rule.
#[test]
fn valid_fixture_is_clean() {
    let text = base("valid");
    assert_eq!(assert_fixture("valid", "valid.json", &[("valid.json", text.as_bytes())]), Vec::<&str>::new());
}

/// A minimal valid pathway for quick rule tests: start → induction → (cr 0.8 | refractory 0.2).
pub const MINIMAL: &str = r#"{
  "id": "t",
  "title": "T",
  "version": "1",
  "sources": [{ "id": "src", "title": "Source" }],
  "groups": [{ "id": "g", "label": "G" }],
  "nodes": [
    { "id": "dx", "kind": "start", "label": "Diagnosis", "group": "g", "sources": [{ "source": "src" }] },
    { "id": "induction", "kind": "phase", "label": "Induction", "group": "g", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "src", "quote": "q" }] },
    { "id": "cr", "kind": "outcome", "label": "Remission", "outcome": "remission", "group": "g", "sources": [{ "source": "src" }] },
    { "id": "refractory", "kind": "outcome", "label": "Refractory", "outcome": "refractory", "group": "g", "sources": [{ "source": "src" }] }
  ],
  "edges": [
    { "from": "dx", "to": "induction" },
    { "from": "induction", "to": "cr", "probability": 0.8, "sources": [{ "source": "src", "quote": "q" }] },
    { "from": "induction", "to": "refractory", "probability": 0.2, "sources": [{ "source": "src", "quote": "q" }] }
  ]
}"#;

/// Validates JSON text as file `t.json`; returns (code, line, column, message) tuples.
pub fn run(text: &str) -> Vec<(&'static str, usize, usize, String)> {
    let mut sink = Sink::new(LevelConfig::default());
    match load::load_text(SourceText::new("t.json", text)) {
        Err(diag) => sink.push(*diag),
        Ok(loaded) => check_pathway(&loaded, &mut sink),
    }
    sink.into_sorted()
        .into_iter()
        .map(|d| {
            let (line, column) = d.location.map_or((0, 0), |l| (l.line, l.column));
            (d.rule.code, line, column, d.message)
        })
        .collect()
}

/// Codes only.
pub fn codes(text: &str) -> Vec<&'static str> {
    run(text).into_iter().map(|(code, ..)| code).collect()
}

#[test]
fn minimal_pathway_is_clean() {
    assert_eq!(run(MINIMAL), vec![]);
}
