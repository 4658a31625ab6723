//! Provenance rules: citations name declared sources (CP060), nodes cite something
//! (CP061), every source and factor is used (CP062, CP063), pathway ids match file names
//! and are unique across files (CP064, CP065), and source dates are real dates (CP066).
//! Each rule is one [`Lint`] with its check and its tests right below it.

use std::collections::BTreeSet;

use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

use crate::citation::spans::every_citation;
use crate::condition::check::ErrorKind;
use crate::condition::EdgeState;
use crate::diag::{Rule, RuleGroup, Severity, Sink, Subject};

use super::{Check, Context, Lint};
use crate::suggest::closest;

#[cfg(test)]
use super::fixture::{assert_fires, assert_fires_in, base, branches, run, sub, MINIMAL};

/// CP060 `unknown-source`: Citations and `references` name declared sources.
pub static UNKNOWN_SOURCE: Lint = Lint {
    rule: &Rule {
        code: "CP060",
        name: "unknown-source",
        group: RuleGroup::Provenance,
        severity: Severity::Error,
        summary: "Citations and `references` name declared sources.",
        rationale: "A citation of nothing cannot be checked by a reader.",
        fix: "Declare the source in `sources`, or correct the id.",
        bad: r#""sources": [ { "source": "nccn" } ] with only `acs` declared"#,
        good: r#""sources": [ { "source": "acs", "section": "Induction" } ]"#,
    },
    check: Check::Pathway(citation_sources),
};

fn citation_sources(cx: &Context, sink: &mut Sink) {
    let declared: Vec<&str> = cx.loaded.pathway.sources.iter().map(|s| s.id.as_str()).collect();
    let report = |pointer: String, id: &str, sink: &mut Sink| {
        let help = match closest(id, declared.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? Otherwise declare `{id}` in `sources`"),
            None => format!("declare {{ \"id\": \"{id}\", \"title\": \"...\" }} in `sources`, or correct the id"),
        };
        sink.push(
            cx.diag(&UNKNOWN_SOURCE, pointer, format!("citation of unknown source `{id}`"))
                .with_subject(Subject::Source { id: id.into() })
                .with_help(help),
        );
    };
    // Pointers are written only for the citations reported: a clean file formats none.
    for at in every_citation(&cx.loaded.pathway) {
        if !declared.contains(&at.citation.source.as_str()) {
            report(format!("{}/source", at.pointer()), &at.citation.source, sink);
        }
    }
    for (i, source) in cx.loaded.pathway.sources.iter().enumerate() {
        for (j, reference) in source.references.iter().enumerate() {
            if !declared.contains(&reference.as_str()) {
                report(format!("/sources/{i}/references/{j}"), reference, sink);
            }
        }
    }
}

#[test]
fn cp060_unknown_source() {
    assert_fires(&UNKNOWN_SOURCE, |t| {
        sub(
            t,
            r#""label": "Diagnosis", "group": "main", "sources": [{ "source": "src" }]"#,
            r#""label": "Diagnosis", "group": "main", "sources": [{ "source": "scr" }]"#,
        )
    });
}

#[test]
fn cp060_unknown_source_suggests() {
    let text = MINIMAL.replacen(r#""label": "Induction", "group": "g", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "src", "quote": "q" }]"#,
        r#""label": "Induction", "group": "g", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "srcc", "quote": "q" }]"#, 1);
    assert_eq!(run(&text), vec![("CP060", 9, 157, "citation of unknown source `srcc`".into())]);
}

/// CP061 `uncited-node`: Every node cites a source.
pub static UNCITED_NODE: Lint = Lint {
    rule: &Rule {
        code: "CP061",
        name: "uncited-node",
        group: RuleGroup::Provenance,
        severity: Severity::Warning,
        summary: "Every node cites a source.",
        rationale: "Pathways are documents of record: every step should say where it comes from.",
        fix: "Add `\"sources\": [ { \"source\": \"...\", \"section\": \"...\" } ]`.",
        bad: r#"{ "id": "induction", "kind": "phase", "label": "Induction" }"#,
        good: r#"{ "id": "induction", "kind": "phase", "label": "Induction", "sources": [ { "source": "acs", "section": "Induction" } ] }"#,
    },
    check: Check::Pathway(uncited_nodes),
};

fn uncited_nodes(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        if node.sources.is_empty() {
            sink.push(
                cx.node_diag(&UNCITED_NODE, i, "", format!("node `{}` cites no source", node.id))
                    .with_help("add \"sources\": [{ \"source\": \"<id>\", \"section\": \"<section>\" }]"),
            );
        }
    }
}

#[test]
fn cp061_uncited_node() {
    assert_fires(&UNCITED_NODE, |t| {
        sub(
            t,
            r#""label": "Diagnosis", "group": "main", "sources": [{ "source": "src" }]"#,
            r#""label": "Diagnosis", "group": "main""#,
        )
    });
}

#[test]
fn cp061_cp062_uncited_and_unused() {
    let text = MINIMAL.replace(r#", "sources": [{ "source": "src" }]"#, "");
    let found = run(&text.replace(r#", "sources": [{ "source": "src", "quote": "q" }]"#, ""));
    let codes: Vec<_> = found.iter().map(|d| d.0).collect();
    // The figures then cite nothing either (CP085).
    assert_eq!(codes, vec!["CP062", "CP061", "CP061", "CP085", "CP061", "CP061", "CP085", "CP085"]);
    assert_eq!(found[0].1, 5);
}

/// CP062 `unused-source`: Every declared source is cited (directly, or through another source's
/// `references`).
pub static UNUSED_SOURCE: Lint = Lint {
    rule: &Rule {
        code: "CP062",
        name: "unused-source",
        group: RuleGroup::Provenance,
        severity: Severity::Warning,
        summary: "Every declared source is cited (directly, or through another source's `references`).",
        rationale: "An unused source suggests a citation was forgotten, or the source was left behind after an edit.",
        fix: "Cite it where it is used, or remove it.",
        bad: r#""sources": [ { "id": "acs" }, { "id": "old_draft" } ] with old_draft never cited"#,
        good: r#""sources": [ { "id": "acs" } ]"#,
    },
    check: Check::Pathway(unused_sources),
};

fn unused_sources(cx: &Context, sink: &mut Sink) {
    let mut used: HashSet<&str> =
        every_citation(&cx.loaded.pathway).into_iter().map(|at| at.citation.source.as_str()).collect();
    // A source referenced by a used source is used (iterate to a fixed point).
    loop {
        let before = used.len();
        for source in &cx.loaded.pathway.sources {
            if used.contains(source.id.as_str()) {
                used.extend(source.references.iter().map(String::as_str));
            }
        }
        if used.len() == before {
            break;
        }
    }
    for (i, source) in cx.loaded.pathway.sources.iter().enumerate() {
        if !used.contains(source.id.as_str()) {
            sink.push(
                cx.diag(&UNUSED_SOURCE, format!("/sources/{i}/id"), format!("source `{}` is never cited", source.id))
                    .with_subject(Subject::Source { id: source.id.clone() })
                    .with_help("cite it where it is used, list it in another source's `references`, or remove it"),
            );
        }
    }
}

#[test]
fn cp062_unused_source() {
    assert_fires(&UNUSED_SOURCE, |t| {
        sub(
            t,
            r#""revised": "2024-06-24" }"#,
            r#""revised": "2024-06-24" }, { "id": "old_draft", "title": "Old draft" }"#,
        )
    });
}

/// CP063 `unused-factor`: Every declared factor is used by some condition.
pub static UNUSED_FACTOR: Lint = Lint {
    rule: &Rule {
        code: "CP063",
        name: "unused-factor",
        group: RuleGroup::Provenance,
        severity: Severity::Warning,
        summary: "Every declared factor is used by some condition.",
        rationale: "An unused factor suggests a decision that was never drawn.",
        fix: "Use it in a condition, or remove it.",
        bad: r#""factors": [ { "id": "age", ... } ] and no condition mentions age"#,
        good: r#"a decision edge with "when": "age > 65""#,
    },
    check: Check::Pathway(unused_factors),
};

/// A condition that does not parse, or names an unknown factor, may be the missing use (a
/// typo): unused factors are reported only when every name is accounted for.
fn unused_factors(cx: &Context, sink: &mut Sink) {
    let conditions = cx.conditions();
    let names_unsure = conditions.edges.iter().any(|e| match &e.state {
        EdgeState::SyntaxError(_) => true,
        EdgeState::Invalid(errors) => errors.iter().any(|x| x.kind == ErrorKind::UnknownFactor),
        _ => false,
    });
    if names_unsure {
        return;
    }
    let mentioned: BTreeSet<&str> =
        conditions.edges.iter().flat_map(|e| e.mentions.iter().map(String::as_str)).collect();
    let mut reported = BTreeSet::new();
    for (i, f) in cx.loaded.pathway.factors.iter().enumerate() {
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

#[test]
fn cp063_unused_factor() {
    assert_fires(&UNUSED_FACTOR, |t| {
        branches(t, r#""ph_positive && lineage == B""#, r#""!ph_positive || lineage == T""#)
    });
}

/// CP064 `id-file-mismatch`: A pathway's id equals its file name without `.json`.
pub static ID_FILE_MISMATCH: Lint = Lint {
    rule: &Rule {
        code: "CP064",
        name: "id-file-mismatch",
        group: RuleGroup::Provenance,
        severity: Severity::Warning,
        summary: "A pathway's id equals its file name without `.json`.",
        rationale: "Outputs are named after the id; a mismatch makes `out/` hard to map back to `pathways/`.",
        fix: "Rename the file or change the id.",
        bad: r#"pathways/all.json with "id": "adult-all""#,
        good: r#"pathways/adult-all.json with "id": "adult-all""#,
    },
    check: Check::File(id_file_mismatch),
};

fn id_file_mismatch(cx: &Context, sink: &mut Sink) {
    let stem = cx.loaded.source.path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let id = &cx.loaded.pathway.id;
    if let Some(stem) = stem {
        if &stem != id {
            sink.push(
                cx.diag(
                    &ID_FILE_MISMATCH,
                    "/id".into(),
                    format!("pathway id `{id}` does not match the file name `{stem}.json`"),
                )
                .with_subject(Subject::Pathway { id: id.clone() })
                .with_help(format!("rename the file to `{id}.json`, or set the id to `{stem}`")),
            );
        }
    }
}

#[test]
fn cp064_id_file_mismatch() {
    assert_fires(&ID_FILE_MISMATCH, |t| sub(t, r#""id": "cp064""#, r#""id": "some-other-id""#));
}

/// CP065 `duplicate-pathway`: Pathway ids are unique across the files validated together.
pub static DUPLICATE_PATHWAY: Lint = Lint {
    rule: &Rule {
        code: "CP065",
        name: "duplicate-pathway",
        group: RuleGroup::Provenance,
        severity: Severity::Error,
        summary: "Pathway ids are unique across the files validated together.",
        rationale: "`build` writes each pathway's outputs under its id; two with one id would overwrite each other.",
        fix: "Give each pathway its own id (and file name).",
        bad: r#"pathways/a.json and pathways/b.json both with "id": "adult-all""#,
        good: r#"ids adult-all and pediatric-all"#,
    },
    check: Check::AcrossFiles,
};

/// CP065 for a pathway whose id the file `first` already uses; called by
/// [`validate_paths`](super::validate_paths), which knows every file.
pub(super) fn duplicate_pathway(cx: &Context, first: &Path, sink: &mut Sink) {
    let id = &cx.loaded.pathway.id;
    sink.push(
        cx.diag(&DUPLICATE_PATHWAY, "/id".into(), format!("pathway id `{id}` is also used by {}", first.display()))
            .with_subject(Subject::Pathway { id: id.clone() })
            .with_help("give each pathway its own id and file name"),
    );
}

#[test]
fn cp065_duplicate_pathway() {
    // Two files, one id.
    let text = base("a");
    assert_fires_in(
        &DUPLICATE_PATHWAY,
        "cp065",
        &[("cp065/a.json", text.as_bytes()), ("cp065/b.json", text.as_bytes())],
    );
}

/// CP066 `date-format`: Source dates (`revised`, `accessed`) are real dates written `YYYY-MM-DD`.
pub static DATE_FORMAT: Lint = Lint {
    rule: &Rule {
        code: "CP066",
        name: "date-format",
        group: RuleGroup::Provenance,
        severity: Severity::Warning,
        summary: "Source dates (`revised`, `accessed`) are real dates written `YYYY-MM-DD`.",
        rationale: "Readers and tools compare dates; 'June 2024' or 2024-13-01 cannot be compared.",
        fix: "Write the date as `2024-06-24`.",
        bad: r#""revised": "June 24, 2024""#,
        good: r#""revised": "2024-06-24""#,
    },
    check: Check::Pathway(dates),
};

fn dates(cx: &Context, sink: &mut Sink) {
    for (i, source) in cx.loaded.pathway.sources.iter().enumerate() {
        for (field, value) in [("revised", &source.revised), ("accessed", &source.accessed)] {
            if let Some(value) = value {
                if !is_iso_date(value) {
                    sink.push(
                        cx.diag(
                            &DATE_FORMAT,
                            format!("/sources/{i}/{field}"),
                            format!("`{field}` of source `{}` is not a date written YYYY-MM-DD: `{value}`", source.id),
                        )
                        .with_subject(Subject::Source { id: source.id.clone() })
                        .with_help("write the date as e.g. 2024-06-24"),
                    );
                }
            }
        }
    }
}

/// Whether `s` is a valid calendar date `YYYY-MM-DD` (Gregorian, leap years included).
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || !s.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[test]
fn cp066_date_format() {
    assert_fires(&DATE_FORMAT, |t| sub(t, r#""revised": "2024-06-24""#, r#""revised": "June 24, 2024""#));
}

#[test]
fn cp066_bad_date() {
    let text = MINIMAL.replacen(r#""title": "Source" }"#, r#""title": "Source", "revised": "June 2024" }"#, 1);
    assert_eq!(
        run(&text),
        vec![("CP066", 5, 60, "`revised` of source `src` is not a date written YYYY-MM-DD: `June 2024`".into())]
    );
}

#[test]
fn iso_dates() {
    assert!(is_iso_date("2024-06-24") && is_iso_date("2024-02-29"));
    assert!(
        !is_iso_date("2023-02-29")
            && !is_iso_date("2024-13-01")
            && !is_iso_date("June 24, 2024")
            && !is_iso_date("2024-6-24")
    );
}
