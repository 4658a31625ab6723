//! A [`Diff`] as text for a terminal ([`render_text`]), Markdown for a pull-request comment
//! ([`render_markdown`]) and JSON ([`render_json`], its shape in docs/diff.md). Text and
//! Markdown end with the not-medical-advice line.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::items::NONE;
use super::{ChangeKind, Diff, FigureChange, FigureValue, Section};
use crate::outcomes::figure_json;
use crate::text::escape::{json_document, markdown_cell_code, markdown_code, markdown_text, terminal_safe};
use crate::text::number::grouped;
use crate::text::plain::SHORT_NOTICE;
use crate::text::words::{count_words, join_list};

/// A count of paths: `204`, `at least 100,000`.
fn count_text(c: &super::PathCount) -> String {
    let n = usize::try_from(c.n).map_or_else(|_| c.n.to_string(), grouped);
    if c.exact {
        n
    } else {
        format!("at least {n}")
    }
}

/// The summary line: `No change: ...`, or what changed, counted.
fn summary(diff: &Diff) -> String {
    if !diff.has_changes() {
        return "No change: the two files give the same pathway, paths and outcome figures.".into();
    }
    let mut parts = Vec::new();
    for section in Section::ALL {
        for kind in [ChangeKind::Added, ChangeKind::Removed, ChangeKind::Changed] {
            let n = diff.items.iter().filter(|i| i.section == section && i.kind == kind).count();
            if n > 0 {
                let (one, many) = match section {
                    Section::Pathway => ("pathway field set", "pathway field sets"),
                    Section::Node => ("node", "nodes"),
                    Section::Edge => ("edge", "edges"),
                    Section::Factor => ("factor", "factors"),
                    Section::Source => ("source", "sources"),
                    Section::Caveat => ("caveat", "caveats"),
                    Section::Group => ("group", "groups"),
                };
                parts.push(format!("{} {}", count_words(n, one, many), kind.as_str()));
            }
        }
    }
    let p = &diff.paths;
    parts.push(if p.old == p.new {
        format!("{} path{} before and after", count_text(&p.old), if p.old.n == 1 { "" } else { "s" })
    } else {
        format!("paths {} \u{2192} {}", count_text(&p.old), count_text(&p.new))
    });
    if !diff.components.is_empty() {
        parts.push(count_words(diff.components.len(), "phase component changed", "phase components changed"));
    }
    let moved: usize = diff.outcomes.iter().map(|g| g.patients.len()).sum();
    parts.push(format!("outcome figures changed for {moved} of {} classes of patients", grouped(diff.classes)));
    format!("Changes: {}.", join_list(&parts))
}

/// A side of a figure in words, `not reached` where it has none.
fn side(v: &Option<FigureValue>) -> &str {
    v.as_ref().map_or("not reached", |v| v.words.as_str())
}

/// The path as its node ids, `→`-joined.
fn steps(path: &[String]) -> String {
    path.join(" \u{2192} ")
}

/// The diff as text for a terminal.
pub fn render_text(diff: &Diff) -> String {
    let t = terminal_safe;
    let mut out = String::new();
    let _ = writeln!(out, "carepath diff: {} \u{2192} {}", t(&diff.old_name), t(&diff.new_name));
    let _ = writeln!(out, "{}", t(&summary(diff)));
    for section in Section::ALL {
        let items: Vec<_> = diff.items.iter().filter(|i| i.section == section).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}:", section.heading());
        for item in items {
            let label = item.label.as_ref().map_or(String::new(), |l| format!(" \u{201c}{}\u{201d}", t(l)));
            let _ = writeln!(out, "  {} {}{label}", item.kind.as_str(), t(&item.id));
            for f in &item.fields {
                let _ = writeln!(out, "    {}: {} \u{2192} {}", t(&f.field), t(&f.old), t(&f.new));
            }
        }
    }
    let p = &diff.paths;
    if p.changed() {
        let _ = writeln!(out, "\nPaths: {} before, {} after.", count_text(&p.old), count_text(&p.new));
        if !p.compared {
            let _ = writeln!(
                out,
                "  (more than {} paths: which appeared and disappeared is not worked out)",
                grouped(super::PATH_BUDGET)
            );
        }
        for (what, total, shown) in
            [("Disappeared", p.disappeared_total, &p.disappeared), ("Appeared", p.appeared_total, &p.appeared)]
        {
            if total == 0 {
                continue;
            }
            let _ = writeln!(out, "{what} ({}):", grouped(total));
            for path in shown {
                let _ = writeln!(out, "  {}", t(&steps(path)));
            }
            if total > shown.len() {
                let _ = writeln!(out, "  and {} more", grouped(total - shown.len()));
            }
        }
    }
    if !diff.components.is_empty() {
        let _ = writeln!(out, "\nComponents per phase:");
        for c in &diff.components {
            let (old, new) = (c.old.as_deref().unwrap_or(NONE), c.new.as_deref().unwrap_or(NONE));
            let _ = writeln!(out, "  {} / {}: {} \u{2192} {}", t(&c.phase), t(&c.component), t(old), t(new));
        }
    }
    if !diff.outcomes.is_empty() {
        let _ = writeln!(
            out,
            "\nOutcome figures per class of patients ({} of both files together):",
            count_words(diff.classes, "class", "classes")
        );
        for group in &diff.outcomes {
            let _ = writeln!(out);
            for (i, alternative) in group.patients.iter().flatten().enumerate() {
                let lead = if i == 0 { "== For: " } else { "   or: " };
                let _ = writeln!(out, "{lead}{}", t(alternative));
            }
            for c in &group.changes {
                let _ = writeln!(out, "  {}: {} \u{2192} {}", t(&c.figure.words()), t(side(&c.old)), t(side(&c.new)));
            }
        }
    }
    let _ = writeln!(out, "\n{SHORT_NOTICE}");
    out
}

/// A table cell: text escaped for Markdown.
fn cell(text: &str) -> String {
    markdown_text(text)
}

/// The diff as Markdown, for a pull-request comment: a heading, the summary line, a section
/// with a table for each kind of change.
pub fn render_markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## carepath diff: {} \u{2192} {}\n",
        markdown_code(&diff.old_name),
        markdown_code(&diff.new_name)
    );
    let _ = writeln!(out, "{}", cell(&summary(diff)));
    for section in Section::ALL {
        let items: Vec<_> = diff.items.iter().filter(|i| i.section == section).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {}\n", section.heading());
        let _ =
            writeln!(out, "| change | id | label | field | before | after |\n| --- | --- | --- | --- | --- | --- |");
        for item in items {
            let label = item.label.as_deref().map_or(String::new(), cell);
            if item.fields.is_empty() {
                let _ = writeln!(out, "| {} | {} | {label} | | | |", item.kind.as_str(), markdown_cell_code(&item.id));
            }
            for f in &item.fields {
                let _ = writeln!(
                    out,
                    "| {} | {} | {label} | {} | {} | {} |",
                    item.kind.as_str(),
                    markdown_cell_code(&item.id),
                    cell(&f.field),
                    cell(&f.old),
                    cell(&f.new)
                );
            }
        }
    }
    let p = &diff.paths;
    if p.changed() {
        let _ = writeln!(out, "\n### Paths\n\n| | before | after |\n| --- | --- | --- |");
        let _ = writeln!(out, "| paths | {} | {} |", count_text(&p.old), count_text(&p.new));
        if !p.compared {
            let _ = writeln!(
                out,
                "\nMore than {} paths: which appeared and disappeared is not worked out.",
                grouped(super::PATH_BUDGET)
            );
        }
        for (what, total, shown) in
            [("Disappeared", p.disappeared_total, &p.disappeared), ("Appeared", p.appeared_total, &p.appeared)]
        {
            if total == 0 {
                continue;
            }
            let _ = writeln!(out, "\n{what} ({}):\n", grouped(total));
            for path in shown {
                let _ = writeln!(out, "- {}", markdown_code(&steps(path)));
            }
            if total > shown.len() {
                let _ = writeln!(out, "- and {} more", grouped(total - shown.len()));
            }
        }
    }
    if !diff.components.is_empty() {
        let _ = writeln!(
            out,
            "\n### Components per phase\n\n| phase | component | before | after |\n| --- | --- | --- | --- |"
        );
        for c in &diff.components {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                markdown_cell_code(&c.phase),
                cell(&c.component),
                cell(c.old.as_deref().unwrap_or(NONE)),
                cell(c.new.as_deref().unwrap_or(NONE))
            );
        }
    }
    if !diff.outcomes.is_empty() {
        let _ = writeln!(
            out,
            "\n### Outcome figures per class of patients\n\n{} of both files together; only the figures that changed.",
            count_words(diff.classes, "class", "classes")
        );
        for group in &diff.outcomes {
            let _ = writeln!(out, "\nFor:\n");
            for alternative in group.patients.iter().flatten() {
                let _ = writeln!(out, "- {}", cell(alternative));
            }
            let _ = writeln!(out);
            let _ = writeln!(out, "| figure | before | after |\n| --- | --- | --- |");
            for c in &group.changes {
                let _ =
                    writeln!(out, "| {} | {} | {} |", cell(&c.figure.words()), cell(side(&c.old)), cell(side(&c.new)));
            }
        }
    }
    let _ = writeln!(out, "\n---\n\n_{}_", cell(SHORT_NOTICE));
    out
}

fn value_json(v: &Option<FigureValue>) -> Value {
    match v {
        None => Value::Null,
        Some(v) => json!({
            "words": v.words,
            "low": figure_json(v.bounds.low),
            "high": figure_json(v.bounds.high),
            "base": v.bounds.base.map(figure_json),
            "approximate": v.bounds.approximate,
        }),
    }
}

fn change_json(c: &FigureChange) -> Value {
    let id = match &c.figure {
        super::Figure::Terminal(id) | super::Figure::Category(id) => Some(id.clone()),
        _ => None,
    };
    json!({ "figure": c.figure.kind(), "id": id, "old": value_json(&c.old), "new": value_json(&c.new) })
}

fn count_json(c: &super::PathCount) -> Value {
    let n = u64::try_from(c.n).map_or_else(|_| json!(c.n.to_string()), |n| json!(n));
    json!({ "count": n, "exact": c.exact })
}

/// The diff as one JSON document (shape in docs/diff.md): keys sorted, arrays in the order
/// of the text output.
///
/// # Errors
/// When serialisation fails (it does not for these values).
pub fn render_json(diff: &Diff) -> Result<String, serde_json::Error> {
    let items: Vec<Value> = diff
        .items
        .iter()
        .map(|i| {
            json!({
                "section": i.section.as_str(),
                "id": i.id,
                "label": i.label,
                "change": i.kind.as_str(),
                "fields": i.fields.iter().map(|f| json!({ "field": f.field, "old": f.old, "new": f.new })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let p = &diff.paths;
    let paths = json!({
        "old": count_json(&p.old),
        "new": count_json(&p.new),
        "compared": p.compared,
        "appeared": { "total": p.appeared_total, "shown": p.appeared },
        "disappeared": { "total": p.disappeared_total, "shown": p.disappeared },
    });
    let components: Vec<Value> = diff
        .components
        .iter()
        .map(|c| json!({ "phase": c.phase, "component": c.component, "old": c.old, "new": c.new }))
        .collect();
    let groups: Vec<Value> = diff
        .outcomes
        .iter()
        .map(|g| {
            json!({
                "patients": g.patients,
                "conditions": g.conditions,
                "changes": g.changes.iter().map(change_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let document = json!({
        "old": diff.old_name,
        "new": diff.new_name,
        "changed": diff.has_changes(),
        "items": items,
        "paths": paths,
        "components": components,
        "outcomes": { "classes": diff.classes, "groups": groups },
    });
    json_document(&document)
}
