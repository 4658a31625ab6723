//! Graphviz DOT output, built as graphviz-rust's graph structures and printed by its
//! printer. graphviz-rust escapes nothing, so every id and label is made here: node ids are
//! generated (`n0`, `n1`, ...), quoted strings go through [`escape::dot_string`] (tooltips
//! through [`escape::dot_tooltip`]) and HTML-like labels through [`escape::dot_html_text`]
//! (the fixed legend through [`escape::xml_text`]).

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::layout::wrap;
use super::{
    legend_entries, node_style, View, DIM_FILL, DIM_STROKE, EDGE_COLOR, GROUP_FILL, GROUP_STROKE, LIKELIHOOD_LEGEND,
};
use crate::model::{EdgeKind, NodeKind};
use crate::text::escape;

/// Font used by every DOT element.
const FONT: &str = "Helvetica";

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn quoted(s: &str) -> Id {
    Id::Escaped(escape::dot_quoted(s))
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(plain(key), value)
}

fn node_id(i: usize) -> NodeId {
    NodeId(plain(&format!("n{i}")), None)
}

/// The DOT source of the view: title, clusters per group, styled nodes, labelled edges
/// (back-edges with `constraint=false`), and a legend.
///
/// Complexity: O(V + E) plus the printer's output size.
pub(crate) fn to_dot(view: &View) -> String {
    let p = view.pathway;
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", quoted(&view.title())),
            attr("labelloc", plain("t")),
            attr("fontname", quoted(FONT)),
            attr("fontsize", plain("16")),
            attr("rankdir", plain("TB")),
            attr("nodesep", plain("0.3")),
            attr("ranksep", plain("0.45")),
            attr("newrank", plain("true")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", quoted(FONT)),
            attr("fontsize", plain("11")),
            attr("margin", quoted("0.12,0.06")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", quoted(FONT)),
            attr("fontsize", plain("9")),
            attr("color", quoted(EDGE_COLOR)),
        ])),
    ];
    for (k, (id, label, members)) in view.groups.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let mut sub = vec![
            Stmt::Attribute(attr("label", quoted(label))),
            Stmt::Attribute(attr("id", quoted(&format!("group-{id}")))),
            Stmt::Attribute(attr("style", quoted("rounded,filled"))),
            Stmt::Attribute(attr("fillcolor", quoted(GROUP_FILL))),
            Stmt::Attribute(attr("color", quoted(GROUP_STROKE))),
            Stmt::Attribute(attr("fontsize", plain("13"))),
        ];
        sub.extend(members.iter().map(|&i| Stmt::Node(node(view, i))));
        stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("cluster_{k}")), stmts: sub }));
    }
    for i in 0..p.nodes.len() {
        if view.drawn[i] && view.group_of[i].is_none() {
            stmts.push(Stmt::Node(node(view, i)));
        }
    }
    for e in &view.edges {
        let lit = view.edge_lit(e.index);
        let mut attributes = Vec::new();
        let text = view.edge_text(e.index);
        if !text.is_empty() {
            attributes.push(attr("label", quoted(&text)));
        }
        let mut style = Vec::new();
        if e.kind == EdgeKind::Includes {
            style.push("dashed");
            attributes.push(attr("arrowhead", plain("empty")));
        }
        if e.back {
            attributes.push(attr("constraint", plain("false")));
        }
        if !lit {
            if !style.contains(&"dashed") {
                style.push("dashed");
            }
            attributes.push(attr("color", quoted(DIM_STROKE)));
            attributes.push(attr("fontcolor", quoted(DIM_STROKE)));
        } else if view.has_highlight() {
            attributes.push(attr("penwidth", plain("2")));
        }
        if !style.is_empty() {
            attributes.push(attr("style", quoted(&style.join(","))));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(e.from)), Vertex::N(node_id(e.to))),
            attributes,
        }));
    }
    stmts.push(Stmt::Node(legend(view.pathway, view.shows_likelihood())));
    let graph = Graph::DiGraph { id: quoted(&p.id), strict: false, stmts };
    let mut out = graph.print(&mut PrinterContext::default());
    out.push('\n');
    out
}

/// One node with its shape, colours and label.
fn node(view: &View, i: usize) -> Node {
    let n = &view.pathway.nodes[i];
    let style = node_style(n.kind, n.outcome);
    let lit = view.node_lit(i);
    let (shape, mut styles) = match n.kind {
        NodeKind::Start => ("ellipse", vec!["filled"]),
        NodeKind::Phase => ("box", vec!["filled"]),
        NodeKind::Intervention => ("box", vec!["rounded", "filled"]),
        NodeKind::Decision => ("diamond", vec!["filled"]),
        NodeKind::Outcome => ("box", vec!["rounded", "filled", "bold"]),
    };
    if !lit {
        styles.push("dashed");
    }
    let (fill, stroke) = if lit { (style.fill, style.stroke) } else { (DIM_FILL, DIM_STROKE) };
    let mut attributes = vec![
        attr("shape", plain(shape)),
        attr("style", quoted(&styles.join(","))),
        attr("fillcolor", quoted(fill)),
        attr("color", quoted(stroke)),
        attr("id", quoted(&format!("node-{}", n.id))),
    ];
    if !lit {
        attributes.push(attr("fontcolor", quoted(DIM_STROKE)));
    }
    if view.lines[i].is_empty() {
        attributes.push(attr("label", quoted(&n.label)));
    } else {
        attributes.push(attr("label", Id::Html(listed_label(view, i))));
    }
    if let Some(description) = &n.description {
        attributes.push(attr("tooltip", Id::Escaped(format!("\"{}\"", escape::dot_tooltip(description)))));
    }
    Node { id: node_id(i), attributes }
}

/// An HTML-like label: the node's label in bold, then one line per listed line (a component,
/// or an option set's heading and options). With an option set the table has two columns: an
/// option sits in the second, right of an empty cell that indents it (leading spaces are not
/// kept by every SVG renderer); every other row spans both.
fn listed_label(view: &View, i: usize) -> String {
    let html = escape::dot_html_text;
    let lines = &view.lines[i];
    let span = if lines.iter().any(|l| l.depth > 0) { " COLSPAN=\"2\"" } else { "" };
    let mut out = format!(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD{span}><B>{}</B></TD></TR>",
        html(&view.pathway.nodes[i].label)
    );
    for line in lines {
        let font = if view.line_lit(line) {
            format!("<FONT POINT-SIZE=\"10\">{}</FONT>", html(&line.text))
        } else {
            format!("<FONT POINT-SIZE=\"10\" COLOR=\"{DIM_STROKE}\">{}</FONT>", html(&line.text))
        };
        if line.depth == 0 {
            out.push_str(&format!("<TR><TD ALIGN=\"LEFT\"{span}>{font}</TD></TR>"));
        } else {
            out.push_str(&format!("<TR><TD WIDTH=\"12\"></TD><TD ALIGN=\"LEFT\">{font}</TD></TR>"));
        }
    }
    out.push_str("</TABLE>>");
    out
}

/// The legend: one table node with a coloured cell per kind and outcome category, and what
/// the likelihood words mean when `likelihood` (the flowchart shows some).
fn legend(pathway: &crate::model::PathwayFile, likelihood: bool) -> Node {
    let mut label = String::from(
        "<<TABLE BORDER=\"1\" CELLBORDER=\"1\" CELLSPACING=\"2\" CELLPADDING=\"3\" COLOR=\"#94a3b8\"><TR><TD BORDER=\"0\"><B>Legend</B></TD></TR>",
    );
    for (kind, outcome) in legend_entries(pathway) {
        let s = node_style(kind, outcome);
        label.push_str(&format!(
            "<TR><TD BGCOLOR=\"{}\" COLOR=\"{}\"><FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>",
            s.fill,
            s.stroke,
            escape::xml_text(s.name)
        ));
    }
    label.push_str("<TR><TD BORDER=\"0\"><FONT POINT-SIZE=\"9\">dashed: dimmed or includes</FONT></TD></TR>");
    if likelihood {
        let lines: Vec<String> = wrap(LIKELIHOOD_LEGEND, 36).iter().map(|l| escape::xml_text(l)).collect();
        label.push_str(&format!(
            "<TR><TD BORDER=\"0\" ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>",
            lines.join("<BR ALIGN=\"LEFT\"/>")
        ));
    }
    label.push_str("</TABLE>>");
    Node {
        id: NodeId(plain("legend"), None),
        attributes: vec![attr("shape", plain("plaintext")), attr("label", Id::Html(label))],
    }
}
