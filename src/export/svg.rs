//! The built-in engine's SVG writer: draws a computed [`Layout`] of a view, with a title
//! block and a legend, in deterministic bytes. It places nothing itself (that is
//! [`super::layout`]). All text goes through [`escape::xml_text`]; the output has no script
//! and no foreign elements. Each node's group carries `data-node` (its id), each arrow and
//! edge label `data-edge` (its index in the file's `edges`, with `data-from`/`data-to` on the
//! arrow), each line listed under a phase `data-includes` (the `includes` edges it stands for):
//! what the explorer page's script selects.

use std::fmt::Write;

use super::layout::{
    listed_offset, listed_width, wrap, GroupFrame, Layout, NodeBox, Point, GROUP_LABEL_H, GROUP_PAD, LINE_H,
    SMALL_LINE_H, TITLE_INSET,
};
use super::{
    legend_entries, node_style, View, DIM_FILL, DIM_STROKE, EDGE_COLOR, GROUP_FILL, GROUP_STROKE, LIKELIHOOD_LEGEND,
};
use crate::model::{EdgeKind, NodeKind};
use crate::text::escape;

/// Outer margin.
const MARGIN: f64 = 20.0;
/// Wrap the title block after this many characters.
const TITLE_WRAP: usize = 100;
/// Width of the legend box.
const LEGEND_W: f64 = 170.0;
/// Gap between the layout's right edge and the legend (after the frames' padding).
const LEGEND_GAP: f64 = 30.0;
/// Wrap the legend's note on likelihood words after this many characters.
const LEGEND_WRAP: usize = 28;

/// Formats a coordinate with at most one decimal, for compact deterministic output.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Where the parts of the picture go: the title block on top, the layout below it offset by
/// (`ox`, `oy`), the legend to its right.
struct Page {
    /// The title block, wrapped.
    title_lines: Vec<String>,
    /// x offset of layout coordinates.
    ox: f64,
    /// y offset of layout coordinates.
    oy: f64,
    /// Picture width.
    width: f64,
    /// Picture height.
    height: f64,
    /// Height of the legend box.
    legend_h: f64,
    /// The legend's note on likelihood words, wrapped (none when the picture shows none).
    likelihood_lines: Vec<String>,
    /// The legend's swatches: kind and outcome category.
    legend: Vec<(NodeKind, Option<crate::model::OutcomeCategory>)>,
}

impl Page {
    /// The page around a layout.
    fn new(view: &View, layout: &Layout) -> Self {
        let title_lines = wrap(&view.title(), TITLE_WRAP);
        let title_h = title_lines.len() as f64 * 20.0 + 10.0;
        let likelihood_lines = if view.shows_likelihood() { wrap(LIKELIHOOD_LEGEND, LEGEND_WRAP) } else { Vec::new() };
        let note_h = if likelihood_lines.is_empty() { 0.0 } else { likelihood_lines.len() as f64 * SMALL_LINE_H + 6.0 };
        let legend = legend_entries(view.pathway);
        let legend_h = 24.0 + legend.len() as f64 * 22.0 + 40.0 + note_h;
        let (ox, oy) = (MARGIN + GROUP_PAD, MARGIN + title_h + GROUP_PAD + GROUP_LABEL_H + 4.0);
        let width = ox + layout.width + GROUP_PAD + LEGEND_GAP + LEGEND_W + MARGIN;
        let height = (oy + layout.height + GROUP_PAD + MARGIN).max(oy + legend_h + MARGIN);
        Page { title_lines, ox, oy, width, height, legend_h, likelihood_lines, legend }
    }
}

/// The SVG picture of the view, drawn from its computed layout.
///
/// Complexity: O(output size).
pub(crate) fn to_svg(view: &View, layout: &Layout) -> String {
    let page = Page::new(view, layout);
    let mut s = String::new();
    write_header(&mut s, view, &page);
    write_title(&mut s, &page);
    // Group frames behind everything, then edges, their labels on top, then nodes.
    write_frames(&mut s, view, layout, &page);
    write_edges(&mut s, view, layout, &page);
    write_labels(&mut s, view, layout, &page);
    for node in &layout.nodes {
        write_node(&mut s, view, node, &page);
    }
    write_legend(&mut s, layout, &page);
    s.push_str("</svg>\n");
    s
}

/// The `<svg>` element, its accessible title and description, the arrowhead markers and the
/// white background.
fn write_header(s: &mut String, view: &View, page: &Page) {
    let p = view.pathway;
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"title desc\" font-family=\"Helvetica, Arial, sans-serif\">",
        w = num(page.width),
        h = num(page.height)
    );
    let _ = writeln!(
        s,
        "<title id=\"title\">{}</title>",
        escape::xml_text(&format!("{} (version {})", p.title, p.version))
    );
    let desc = p.description.clone().unwrap_or_else(|| view.title());
    let _ = writeln!(s, "<desc id=\"desc\">{}</desc>", escape::xml_text(&desc));
    let _ = writeln!(
        s,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{EDGE_COLOR}\"/></marker>{}</defs>",
        if view.has_highlight() {
            format!("<marker id=\"arrow-dim\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{DIM_STROKE}\"/></marker>")
        } else {
            String::new()
        }
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
}

/// The title block: the first line bold and larger.
fn write_title(s: &mut String, page: &Page) {
    for (j, line) in page.title_lines.iter().enumerate() {
        let (size, weight) = if j == 0 { (16, " font-weight=\"bold\"") } else { (12, "") };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{size}\"{weight} fill=\"#111827\">{}</text>",
            num(MARGIN),
            num(MARGIN + 14.0 + j as f64 * 20.0),
            escape::xml_text(line)
        );
    }
}

/// One dashed frame per group with drawn nodes, its title at the top-left.
fn write_frames(s: &mut String, view: &View, layout: &Layout, page: &Page) {
    for ((_, label, _), frame) in view.groups.iter().zip(&layout.frames) {
        let Some(GroupFrame { x0, y0, x1, y1, .. }) = *frame else { continue };
        let _ = writeln!(
            s,
            "<g class=\"group\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{GROUP_FILL}\" fill-opacity=\"0.6\" stroke=\"{GROUP_STROKE}\" stroke-dasharray=\"6 3\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" fill=\"#475569\">{}</text></g>",
            num(page.ox + x0),
            num(page.oy + y0),
            num(x1 - x0),
            num(y1 - y0),
            num(page.ox + x0 + TITLE_INSET),
            num(page.oy + y0 + 14.0),
            escape::xml_text(label)
        );
    }
}

/// Every routed edge as a polyline with an arrowhead: dashed when dimmed or `includes`,
/// thicker when highlighted.
fn write_edges(s: &mut String, view: &View, layout: &Layout, page: &Page) {
    for (e, route) in view.edges.iter().zip(&layout.routes) {
        let Some(pts) = route else { continue };
        let lit = view.edge_lit(e.index);
        let (color, marker) = if lit { (EDGE_COLOR, "arrow") } else { (DIM_STROKE, "arrow-dim") };
        let dash = if !lit || e.kind == EdgeKind::Includes { " stroke-dasharray=\"5 3\"" } else { "" };
        let width = if lit && view.has_highlight() { "2.2" } else { "1.2" };
        let _ = writeln!(
            s,
            "<path class=\"edge\" data-edge=\"{}\" data-from=\"{}\" data-to=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"{dash} marker-end=\"url(#{marker})\"/>",
            e.index,
            escape::xml_text(&view.pathway.nodes[e.from].id),
            escape::xml_text(&view.pathway.nodes[e.to].id),
            path_data(pts, page)
        );
    }
}

/// The `d` attribute of a polyline in page coordinates: `M x,y L x,y ...`.
fn path_data(pts: &[Point], page: &Page) -> String {
    let d: Vec<String> = pts
        .iter()
        .enumerate()
        .map(|(j, (x, y))| format!("{}{},{}", if j == 0 { "M" } else { "L" }, num(page.ox + x), num(page.oy + y)))
        .collect();
    d.join(" ")
}

/// Edge labels on a white box, over the edges.
fn write_labels(s: &mut String, view: &View, layout: &Layout, page: &Page) {
    for label in &layout.labels {
        let r = label.rect;
        let lit = view.edge_lit(view.edges[label.edge].index);
        let color = if lit { "#1f2937" } else { DIM_STROKE };
        let (x, top) = (page.ox + r.x, page.oy + r.y - r.h / 2.0 + 2.0);
        let _ = writeln!(
            s,
            "<g class=\"edge-label\" data-edge=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>{}</g>",
            view.edges[label.edge].index,
            num(page.ox + r.x - r.w / 2.0),
            num(page.oy + r.y - r.h / 2.0),
            num(r.w),
            num(r.h),
            text_block(&label.lines, x, top, 10.0, SMALL_LINE_H, color, 0, None)
        );
    }
}

/// One node: a tooltip with its description, its shape by kind, its label and the
/// interventions listed under it.
fn write_node(s: &mut String, view: &View, node: &NodeBox, page: &Page) {
    let i = node.node;
    let n = &view.pathway.nodes[i];
    let style = node_style(n.kind, n.outcome);
    let lit = view.node_lit(i);
    let (fill, stroke, color) =
        if lit { (style.fill, style.stroke, "#111827") } else { (DIM_FILL, DIM_STROKE, DIM_STROKE) };
    let dash = if lit { "" } else { " stroke-dasharray=\"5 3\"" };
    let (cx, cy) = (page.ox + node.rect.x, page.oy + node.rect.y);
    let shape = node_shape(n.kind, (cx, cy, node.rect.w, node.rect.h), fill, stroke, dash);
    let text = node_text(view, node, (cx, cy), lit, color, stroke);
    let mut tip = n.label.clone();
    if let Some(d) = &n.description {
        tip.push_str(": ");
        tip.push_str(d);
    }
    let _ = writeln!(
        s,
        "<g class=\"node {}\" data-node=\"{}\"><title>{}</title>{shape}{text}</g>",
        n.kind.as_str(),
        escape::xml_text(&n.id),
        escape::xml_text(&tip)
    );
}

/// A node's outline at centre (cx, cy) and size (w, h): a diamond for a decision, a
/// rounded box for start and outcome, a slightly rounded one for an intervention.
fn node_shape(kind: NodeKind, (cx, cy, w, h): (f64, f64, f64, f64), fill: &str, stroke: &str, dash: &str) -> String {
    match kind {
        NodeKind::Decision => format!(
            "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
            num(cx),
            num(cy - h / 2.0),
            num(cx + w / 2.0),
            num(cy),
            num(cx),
            num(cy + h / 2.0),
            num(cx - w / 2.0),
            num(cy)
        ),
        kind => {
            let rx = match kind {
                NodeKind::Start | NodeKind::Outcome => h / 2.0,
                NodeKind::Intervention => 8.0,
                _ => 0.0,
            };
            let sw = if kind == NodeKind::Outcome { "2" } else { "1.5" };
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{dash}/>",
                num(cx - w / 2.0),
                num(cy - h / 2.0),
                num(w),
                num(h),
                num(rx)
            )
        }
    }
}

/// A node's text centred on (cx, cy): its label, then (below a rule) its listed
/// interventions, left-aligned and smaller, each dimmed on its own.
fn node_text(view: &View, node: &NodeBox, (cx, cy): (f64, f64), lit: bool, color: &str, stroke: &str) -> String {
    let title_count = node.title.len();
    let listed_lines = node.listed.iter().map(Vec::len).sum::<usize>();
    let text_h = title_count as f64 * LINE_H
        + if node.listed.is_empty() { 0.0 } else { 4.0 + listed_lines as f64 * SMALL_LINE_H };
    let top = cy - text_h / 2.0;
    let mut text = text_block(&node.title, cx, top, 12.0, LINE_H, color, 0, None);
    if node.listed.is_empty() {
        return text;
    }
    let w = node.rect.w;
    let list_x = cx - listed_width(&view.lines[node.node], &node.listed) / 2.0;
    let mut y = top + title_count as f64 * LINE_H + 4.0;
    for (line, lines) in view.lines[node.node].iter().zip(&node.listed) {
        let c = if lit && view.line_lit(line) { "#1f2937" } else { DIM_STROKE };
        let edges: Vec<String> = line.items.iter().map(|item| item.edge.to_string()).collect();
        let _ = write!(text, "<g class=\"listed\" data-includes=\"{}\">", edges.join(" "));
        for (j, one) in lines.iter().enumerate() {
            let x = list_x + listed_offset(line.depth, j);
            text.push_str(&text_block(std::slice::from_ref(one), x, y, 10.0, SMALL_LINE_H, c, 0, Some("start")));
            y += SMALL_LINE_H;
        }
        text.push_str("</g>");
    }
    let _ = write!(
        text,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"0.8\"/>",
        num(cx - w / 2.0 + 6.0),
        num(top + title_count as f64 * LINE_H + 2.0),
        num(cx + w / 2.0 - 6.0),
        num(top + title_count as f64 * LINE_H + 2.0)
    );
    text
}

/// The legend right of the layout: one swatch per node kind and outcome category, the dashed
/// arrow of `includes` and dimmed edges, then what the likelihood words mean (when shown).
fn write_legend(s: &mut String, layout: &Layout, page: &Page) {
    let lx = page.ox + layout.width + GROUP_PAD + LEGEND_GAP;
    let ly = page.oy - 18.0;
    let _ = write!(
        s,
        "<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#ffffff\" stroke=\"{GROUP_STROKE}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" fill=\"#111827\">Legend</text>",
        num(lx),
        num(ly),
        num(LEGEND_W),
        num(page.legend_h),
        num(lx + 10.0),
        num(ly + 18.0)
    );
    for (j, &(kind, outcome)) in page.legend.iter().enumerate() {
        let st = node_style(kind, outcome);
        let y = ly + 28.0 + j as f64 * 22.0;
        let rx = match kind {
            NodeKind::Start | NodeKind::Outcome => 8.0,
            NodeKind::Intervention => 4.0,
            _ => 0.0,
        };
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"28\" height=\"16\" rx=\"{}\" fill=\"{}\" stroke=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#111827\">{}</text>",
            num(lx + 10.0),
            num(y),
            num(rx),
            st.fill,
            st.stroke,
            num(lx + 46.0),
            num(y + 12.0),
            escape::xml_text(st.name)
        );
    }
    let y = ly + 28.0 + page.legend.len() as f64 * 22.0 + 4.0;
    let _ = write!(
        s,
        "<path d=\"M{},{} L{},{}\" stroke=\"{EDGE_COLOR}\" stroke-dasharray=\"5 3\" marker-end=\"url(#arrow)\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#111827\">includes / dimmed</text>",
        num(lx + 10.0),
        num(y),
        num(lx + 38.0),
        num(y),
        num(lx + 46.0),
        num(y + 4.0)
    );
    let note = text_block(&page.likelihood_lines, lx + 10.0, y + 14.0, 10.0, SMALL_LINE_H, "#111827", 0, Some("start"));
    let _ = writeln!(s, "{note}</g>");
}

/// `<text>` lines starting at `top`, centred on `x` unless `anchor` says otherwise.
#[allow(clippy::too_many_arguments)]
fn text_block(
    lines: &[String],
    x: f64,
    top: f64,
    size: f64,
    line_h: f64,
    color: &str,
    bold: u8,
    anchor: Option<&str>,
) -> String {
    let mut out = String::new();
    let anchor = anchor.unwrap_or("middle");
    let weight = if bold > 0 { " font-weight=\"bold\"" } else { "" };
    for (j, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{weight} fill=\"{color}\">{}</text>",
            num(x),
            num(top + j as f64 * line_h + line_h * 0.75),
            num(size),
            escape::xml_text(line)
        );
    }
    out
}
