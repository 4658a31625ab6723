//! Provenance rules: citations name declared sources, nodes cite something, every source is
//! used, and source dates are real dates.

use std::collections::HashSet;

use crate::diag::{Sink, Subject};
use crate::model::Citation;
use crate::rules::{DATE_FORMAT, UNCITED_NODE, UNKNOWN_SOURCE, UNUSED_SOURCE};

use super::Context;
use crate::suggest::closest;

/// Every citation in the file with its JSON pointer.
fn citations<'a>(cx: &'a Context) -> Vec<(String, &'a Citation)> {
    let p = &cx.loaded.pathway;
    let mut all = Vec::new();
    let lists = [
        ("nodes", p.nodes.iter().map(|n| &n.sources).collect::<Vec<_>>()),
        ("edges", p.edges.iter().map(|e| &e.sources).collect()),
        ("factors", p.factors.iter().map(|f| &f.sources).collect()),
    ];
    for (list, items) in lists {
        for (i, sources) in items.into_iter().enumerate() {
            for (j, citation) in sources.iter().enumerate() {
                all.push((format!("/{list}/{i}/sources/{j}/source"), citation));
            }
        }
    }
    all
}

/// CP060: citations and `references` name declared sources.
pub fn citation_sources(cx: &Context, sink: &mut Sink) {
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
    for (pointer, citation) in citations(cx) {
        if !declared.contains(&citation.source.as_str()) {
            report(pointer, &citation.source, sink);
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

/// CP061: every node cites a source.
pub fn uncited_nodes(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        if node.sources.is_empty() {
            sink.push(
                cx.node_diag(&UNCITED_NODE, i, "", format!("node `{}` cites no source", node.id))
                    .with_help("add \"sources\": [{ \"source\": \"<id>\", \"section\": \"<section>\" }]"),
            );
        }
    }
}

/// CP062: every source is cited, directly or through another source's `references`.
pub fn unused_sources(cx: &Context, sink: &mut Sink) {
    let mut used: HashSet<&str> = citations(cx).into_iter().map(|(_, c)| c.source.as_str()).collect();
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

/// CP066: `revised` and `accessed` are real `YYYY-MM-DD` dates.
pub fn dates(cx: &Context, sink: &mut Sink) {
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

#[cfg(test)]
mod tests {
    use super::is_iso_date;
    use crate::validate::test_support::{run, MINIMAL};

    #[test]
    fn dates() {
        assert!(is_iso_date("2024-06-24") && is_iso_date("2024-02-29"));
        assert!(
            !is_iso_date("2023-02-29")
                && !is_iso_date("2024-13-01")
                && !is_iso_date("June 24, 2024")
                && !is_iso_date("2024-6-24")
        );
    }

    #[test]
    fn cp060_unknown_source_suggests() {
        let text = MINIMAL.replacen(r#""label": "Induction", "group": "g", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "src" }]"#,
            r#""label": "Induction", "group": "g", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "srcc" }]"#, 1);
        let found = run(&text);
        assert_eq!(found, vec![("CP060", 9, 157, "citation of unknown source `srcc`".into())]);
    }

    #[test]
    fn cp061_cp062_uncited_and_unused() {
        let text = MINIMAL.replace(r#", "sources": [{ "source": "src" }]"#, "");
        let found = run(&text);
        let codes: Vec<_> = found.iter().map(|d| d.0).collect();
        assert_eq!(codes, vec!["CP062", "CP061", "CP061", "CP061", "CP061"]);
        assert_eq!(found[0].1, 5);
    }

    #[test]
    fn cp066_bad_date() {
        let text = MINIMAL.replacen(r#""title": "Source" }"#, r#""title": "Source", "revised": "June 2024" }"#, 1);
        let found = run(&text);
        assert_eq!(
            found,
            vec![("CP066", 5, 60, "`revised` of source `src` is not a date written YYYY-MM-DD: `June 2024`".into())]
        );
    }
}
