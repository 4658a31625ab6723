//! Mermaid `flowchart TD` output, titled in its YAML front matter (through
//! [`escape::mermaid_title`]). Ids are generated (`n0`, `g0`) so they are never a keyword
//! (`end`, `graph`) or an arrow modifier (`o`, `x`); every label is quoted and goes through
//! [`escape::mermaid_label`].

use std::fmt::Write;

use super::{legend_entries, node_style, View, DIM_FILL, DIM_STROKE};
use crate::model::{EdgeKind, NodeKind};
use crate::text::escape;
use crate::text::plain::SHORT_NOTICE;

/// The Mermaid source of the view: front matter with the view's heading and the
/// not-medical-advice line as the title (the
/// source line is left to the other formats: Mermaid draws a title on one line), a subgraph per group, a shape per kind, edge labels,
/// `classDef` colours, dimmed elements (with a highlight) via the `dim` class and `linkStyle`.
///
/// Complexity: O(V + E).
pub(crate) fn to_mermaid(view: &View) -> String {
    let p = view.pathway;
    let title = format!("{}. {SHORT_NOTICE}", view.heading());
    let mut out = format!("---\ntitle: {}\n---\nflowchart TD\n", escape::mermaid_title(&title));
    for (k, (_, label, members)) in view.groups.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  subgraph g{k}[\"{}\"]", escape::mermaid_label(label));
        for &i in members {
            let _ = writeln!(out, "    {}", node(view, i));
        }
        out.push_str("  end\n");
    }
    for i in 0..p.nodes.len() {
        if view.drawn[i] && view.group_of[i].is_none() {
            let _ = writeln!(out, "  {}", node(view, i));
        }
    }
    let mut dim_links = Vec::new();
    for (k, e) in view.edges.iter().enumerate() {
        let arrow = if e.kind == EdgeKind::Includes { "-.->" } else { "-->" };
        let text = view.edge_text(e.index);
        if text.is_empty() {
            let _ = writeln!(out, "  n{} {arrow} n{}", e.from, e.to);
        } else {
            let _ = writeln!(out, "  n{} {arrow}|\"{}\"| n{}", e.from, escape::mermaid_label(&text), e.to);
        }
        if !view.edge_lit(e.index) {
            dim_links.push(k.to_string());
        }
    }
    let mut classes: Vec<(String, Vec<usize>)> = Vec::new();
    for i in 0..p.nodes.len() {
        if !view.drawn[i] {
            continue;
        }
        let n = &p.nodes[i];
        let class = if view.node_lit(i) { class_name(node_style(n.kind, n.outcome).name) } else { "dim".into() };
        match classes.iter_mut().find(|(c, _)| *c == class) {
            Some((_, v)) => v.push(i),
            None => classes.push((class, vec![i])),
        }
    }
    for (kind, outcome) in legend_entries(p) {
        let s = node_style(kind, outcome);
        let _ = writeln!(out, "  classDef {} fill:{},stroke:{},color:#111827", class_name(s.name), s.fill, s.stroke);
    }
    let _ = writeln!(out, "  classDef outcome fill:#f3f4f6,stroke:#374151,color:#111827");
    if view.has_highlight() {
        let _ =
            writeln!(out, "  classDef dim fill:{DIM_FILL},stroke:{DIM_STROKE},color:{DIM_STROKE},stroke-dasharray:4 3");
    }
    classes.sort();
    for (class, members) in classes {
        let ids: Vec<String> = members.iter().map(|i| format!("n{i}")).collect();
        let _ = writeln!(out, "  class {} {class}", ids.join(","));
    }
    if !dim_links.is_empty() {
        let _ = writeln!(out, "  linkStyle {} stroke:{DIM_STROKE},stroke-dasharray:4 3", dim_links.join(","));
    }
    out
}

/// Class names are fixed ASCII words from the style table.
fn class_name(name: &str) -> String {
    name.replace([' ', '-'], "_")
}

/// One node statement: generated id, shape brackets by kind, quoted escaped label.
fn node(view: &View, i: usize) -> String {
    let n = &view.pathway.nodes[i];
    let mut label = escape::mermaid_label(&n.label);
    for line in &view.lines[i] {
        label.push_str("\\n");
        label.push_str(&escape::mermaid_label(&line.indented()));
    }
    let (open, close) = match n.kind {
        NodeKind::Start | NodeKind::Outcome => ("([", "])"),
        NodeKind::Phase => ("[", "]"),
        NodeKind::Intervention => ("(", ")"),
        NodeKind::Decision => ("{", "}"),
    };
    format!("n{i}{open}\"{label}\"{close}")
}
