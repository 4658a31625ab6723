//! The built-in SVG engine: a compact layered (Sugiyama-style) layout and an SVG writer,
//! pure Rust, deterministic bytes. All text goes through [`escape::xml_text`]; the output
//! has no script and no foreign elements.

use std::collections::VecDeque;
use std::fmt::Write;

use super::{node_style, View, DIM_FILL, DIM_STROKE, EDGE_COLOR, GROUP_FILL, GROUP_STROKE, LEGEND};
use crate::model::{EdgeKind, NodeKind};
use crate::text::escape;

/// Width of one character at the 12 px font, an estimate (no font metrics available).
const CHAR_W: f64 = 7.0;
/// Line height of node text.
const LINE_H: f64 = 15.0;
/// Width of the smaller (10 px) text of edge labels and listed interventions, per char.
const SMALL_CHAR_W: f64 = 6.0;
/// Line height of the smaller text.
const SMALL_LINE_H: f64 = 13.0;
/// Wrap node labels after this many characters.
const WRAP: usize = 26;
/// Wrap listed interventions and edge labels after this many characters.
const SMALL_WRAP: usize = 40;
/// Gap between neighbours in a layer.
const GAP: f64 = 22.0;
/// Extra gap between neighbours of different groups.
const GROUP_GAP: f64 = 30.0;
/// Vertical gap between ranks.
const RANK_GAP: f64 = 18.0;
/// Padding of group frames around their nodes.
const GROUP_PAD: f64 = 12.0;
/// Height of a group frame's title above its nodes.
const GROUP_LABEL_H: f64 = 16.0;
/// Width of one character of a group frame's bold 12 px title, an estimate.
const TITLE_CHAR_W: f64 = 7.5;
/// Inset of a group frame's title from the frame's left edge.
const TITLE_INSET: f64 = 8.0;
/// Outer margin.
const MARGIN: f64 = 20.0;

/// An axis-aligned box: centre and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether two boxes overlap (touching edges do not count).
    pub fn intersects(&self, other: &Rect) -> bool {
        (self.x - other.x).abs() * 2.0 < self.w + other.w && (self.y - other.y).abs() * 2.0 < self.h + other.h
    }
}

/// What a layout slot stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A drawn pathway node (index into `pathway.nodes`).
    Node(usize),
    /// A bend point of drawn edge `k` (index into `view.edges`).
    Bend(usize),
    /// The label of drawn edge `k`, also a bend point.
    Label(usize),
}

/// One thing placed in the layout.
#[derive(Debug, Clone)]
struct Item {
    slot: Slot,
    rank: usize,
    w: f64,
    h: f64,
    x: f64,
    y: f64,
    /// Sort key keeping a group's members together within a rank.
    group_key: f64,
    lines: Vec<String>,
}

/// The finished layout.
struct Layout {
    items: Vec<Item>,
    /// Per drawn edge: item indices of its chain from the top end to the bottom end (excluding the ends).
    chains: Vec<Vec<usize>>,
    /// Per pathway node: its item, if drawn.
    item_of: Vec<Option<usize>>,
    width: f64,
    height: f64,
}

/// Wraps `text` at spaces into lines of at most `width` characters (longer words are split);
/// existing newlines are kept.
///
/// Complexity: O(n) in the length of `text`.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<char> = word.chars().collect();
            while word.len() > width {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                lines.push(word.drain(..width).collect());
            }
            let word: String = word.into_iter().collect();
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

fn text_width(lines: &[String], char_w: f64) -> f64 {
    lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * char_w
}

/// Size and text lines of a drawn node: (w, h, title lines, listed lines).
fn node_size(view: &View, i: usize) -> (f64, f64, Vec<String>) {
    let n = &view.pathway.nodes[i];
    let title = wrap(&n.label, WRAP);
    let listed: Vec<String> = view.listed[i]
        .iter()
        .flat_map(|item| wrap(&format!("\u{2022} {}", view.pathway.nodes[item.node].label), SMALL_WRAP))
        .collect();
    let tw = text_width(&title, CHAR_W).max(text_width(&listed, SMALL_CHAR_W));
    let th =
        title.len() as f64 * LINE_H + listed.len() as f64 * SMALL_LINE_H + if listed.is_empty() { 0.0 } else { 4.0 };
    let (w, h) = match n.kind {
        NodeKind::Decision => (tw * 1.5 + 30.0, th * 1.6 + 26.0),
        NodeKind::Start | NodeKind::Outcome => (tw + 20.0 + th, th + 14.0),
        _ => (tw + 24.0, th + 14.0),
    };
    let mut lines = title;
    lines.extend(listed);
    (w.max(60.0), h, lines)
}

/// Lays out the view.
///
/// 1. Back-edges (from the view's depth-first search) are reversed, so the graph is acyclic.
/// 2. Longest-path layering in topological order (Kahn); node ranks are even so that each
///    edge passes through at least one odd rank, where its label sits as a box of its own.
/// 3. Edges spanning more than one rank get a chain of bend slots, one per rank.
/// 4. Order within ranks: four down/up sweeps sorting by (group, barycentre of neighbours).
/// 5. Coordinates: alternating sweeps pull each slot towards its neighbours' mean, keeping
///    the order and the gaps (the mean of a left-packed and a right-packed placement).
///
/// Complexity: O((V + D) log V) per sweep where D is the number of bend slots (at most the
/// sum of edge spans); a constant number of sweeps.
fn layout(view: &View) -> Layout {
    let p = view.pathway;
    let n = p.nodes.len();
    let ngroups = view.groups.len();
    let mut item_of = vec![None; n];
    let mut items: Vec<Item> = Vec::new();
    for (i, slot) in item_of.iter_mut().enumerate() {
        if view.drawn[i] {
            let (w, h, lines) = node_size(view, i);
            let group_key = view.group_of[i].unwrap_or(ngroups) as f64;
            *slot = Some(items.len());
            items.push(Item { slot: Slot::Node(i), rank: 0, w, h, x: 0.0, y: 0.0, group_key, lines });
        }
    }
    // Oriented edges (top, bottom) between items, ignoring self-loops.
    let oriented: Vec<Option<(usize, usize)>> = view
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (item_of[e.from]?, item_of[e.to]?);
            if a == b {
                None
            } else if e.back {
                Some((b, a))
            } else {
                Some((a, b))
            }
        })
        .collect();
    // Longest-path layering by Kahn's algorithm.
    let m = items.len();
    let mut indeg = vec![0usize; m];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); m];
    for &(a, b) in oriented.iter().flatten() {
        succ[a].push(b);
        indeg[b] += 1;
    }
    let mut layer = vec![0usize; m];
    let mut queue: VecDeque<usize> = (0..m).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    for (k, it) in items.iter_mut().enumerate() {
        it.rank = layer[k] * 2;
    }
    // Chains of bend and label slots.
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); view.edges.len()];
    for (k, e) in view.edges.iter().enumerate() {
        let Some((a, b)) = oriented[k] else { continue };
        let text = view.edge_text(e.index);
        let group_key = (items[a].group_key + items[b].group_key) / 2.0;
        let (ra, rb) = (items[a].rank, items[b].rank);
        for r in ra + 1..rb {
            let (slot, w, h, lines) = if r == ra + 1 && !text.is_empty() {
                let lines = wrap(&text, SMALL_WRAP);
                let w = text_width(&lines, SMALL_CHAR_W) + 8.0;
                let h = lines.len() as f64 * SMALL_LINE_H + 4.0;
                (Slot::Label(k), w, h, lines)
            } else {
                (Slot::Bend(k), 6.0, 0.0, Vec::new())
            };
            chains[k].push(items.len());
            items.push(Item { slot, rank: r, w, h, x: 0.0, y: 0.0, group_key, lines });
        }
    }
    // Neighbour lists over the chained graph.
    let total = items.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (k, ends) in oriented.iter().enumerate() {
        let Some((a, b)) = *ends else { continue };
        let mut path = vec![a];
        path.extend(&chains[k]);
        path.push(b);
        for pair in path.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }
    let ranks = items.iter().map(|it| it.rank).max().map_or(0, |r| r + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    for (k, it) in items.iter().enumerate() {
        order[it.rank].push(k);
    }
    let mut pos = vec![0.0f64; total];
    let set_pos = |order: &Vec<Vec<usize>>, pos: &mut Vec<f64>| {
        for row in order {
            for (j, &k) in row.iter().enumerate() {
                pos[k] = j as f64;
            }
        }
    };
    set_pos(&order, &mut pos);
    for sweep in 0..8 {
        let downward = sweep % 2 == 0;
        let rows: Vec<usize> =
            if downward { (1..ranks).collect() } else { (0..ranks.saturating_sub(1)).rev().collect() };
        for r in rows {
            let mut keyed: Vec<(f64, f64, usize)> = order[r]
                .iter()
                .map(|&k| {
                    let nb = if downward { &up[k] } else { &down[k] };
                    let bary =
                        if nb.is_empty() { pos[k] } else { nb.iter().map(|&q| pos[q]).sum::<f64>() / nb.len() as f64 };
                    (items[k].group_key, bary, k)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            order[r] = keyed.into_iter().map(|(_, _, k)| k).collect();
            for (j, &k) in order[r].iter().enumerate() {
                pos[k] = j as f64;
            }
        }
    }
    // Coordinates.
    let sep = |a: &Item, b: &Item| (a.w + b.w) / 2.0 + if a.group_key == b.group_key { GAP } else { GROUP_GAP };
    for row in &order {
        let mut x = 0.0;
        for (j, &k) in row.iter().enumerate() {
            if j > 0 {
                x += sep(&items[row[j - 1]], &items[k]);
            }
            items[k].x = x;
        }
    }
    for sweep in 0..12 {
        let downward = sweep % 2 == 0;
        let rows: Vec<usize> = if downward { (0..ranks).collect() } else { (0..ranks).rev().collect() };
        for r in rows {
            let row = &order[r];
            if row.is_empty() {
                continue;
            }
            let desired: Vec<f64> = row
                .iter()
                .map(|&k| {
                    let nb: Vec<usize> = up[k].iter().chain(down[k].iter()).copied().collect();
                    if nb.is_empty() {
                        items[k].x
                    } else {
                        nb.iter().map(|&q| items[q].x).sum::<f64>() / nb.len() as f64
                    }
                })
                .collect();
            let len = row.len();
            let mut left = vec![0.0; len];
            let mut right = vec![0.0; len];
            for j in 0..len {
                left[j] = if j == 0 {
                    desired[j]
                } else {
                    desired[j].max(left[j - 1] + sep(&items[row[j - 1]], &items[row[j]]))
                };
            }
            for j in (0..len).rev() {
                right[j] = if j + 1 == len {
                    desired[j]
                } else {
                    desired[j].min(right[j + 1] - sep(&items[row[j]], &items[row[j + 1]]))
                };
            }
            for j in 0..len {
                items[row[j]].x = (left[j] + right[j]) / 2.0;
            }
        }
    }
    // Vertical placement: each rank as tall as its tallest item. A rank holding a group's top
    // node gets room above it for that group's frame padding and title, so the title clears
    // the edge labels of the rank above (rank 0's room is the drawing's top offset).
    let mut top_rank: Vec<Option<usize>> = vec![None; ngroups];
    for it in &items {
        if let Slot::Node(i) = it.slot {
            if let Some(g) = view.group_of[i] {
                top_rank[g] = Some(top_rank[g].map_or(it.rank, |r: usize| r.min(it.rank)));
            }
        }
    }
    let mut y = 0.0;
    let mut rank_y = vec![0.0; ranks];
    for r in 0..ranks {
        if r > 0 && top_rank.contains(&Some(r)) {
            y += GROUP_PAD + GROUP_LABEL_H;
        }
        let h = order[r].iter().map(|&k| items[k].h).fold(0.0, f64::max);
        rank_y[r] = y + h / 2.0;
        y += h + RANK_GAP;
    }
    for it in items.iter_mut() {
        it.y = rank_y[it.rank];
    }
    separate_groups(&mut items, ngroups);
    // Normalise to start at zero.
    let min_x = items.iter().map(|it| it.x - it.w / 2.0).fold(f64::INFINITY, f64::min);
    let min_x = if min_x.is_finite() { min_x } else { 0.0 };
    for it in items.iter_mut() {
        it.x -= min_x;
    }
    let width = items.iter().map(|it| it.x + it.w / 2.0).fold(0.0, f64::max);
    Layout { items, chains, item_of, width, height: (y - RANK_GAP).max(0.0) }
}

/// The frame of group `g` around its nodes: (x0, y0, x1, y1), or `None` when it has no nodes.
fn group_frame(items: &[Item], g: usize) -> Option<(f64, f64, f64, f64)> {
    let mut frame: Option<(f64, f64, f64, f64)> = None;
    for it in items.iter().filter(|it| matches!(it.slot, Slot::Node(_)) && it.group_key == g as f64) {
        let (x0, y0, x1, y1) = (it.x - it.w / 2.0, it.y - it.h / 2.0, it.x + it.w / 2.0, it.y + it.h / 2.0);
        frame = Some(match frame {
            None => (x0, y0, x1, y1),
            Some(f) => (f.0.min(x0), f.1.min(y0), f.2.max(x1), f.3.max(y1)),
        });
    }
    frame.map(|(x0, y0, x1, y1)| (x0 - GROUP_PAD, y0 - GROUP_PAD - GROUP_LABEL_H, x1 + GROUP_PAD, y1 + GROUP_PAD))
}

/// Moves groups apart sideways so no two group frames overlap (and no ungrouped node sits in a frame): in group order, a group
/// whose frame overlaps an earlier group's frame vertically is shifted (with every slot
/// ordered after it) to the right of that frame. Order within ranks is kept, so nodes
/// never overlap either.
///
/// Complexity: O(G² + G·N) for G groups and N slots.
fn separate_groups(items: &mut [Item], ngroups: usize) {
    // Key `ngroups` holds the ungrouped nodes: they are kept out of every frame too.
    for g in 1..=ngroups {
        let Some(frame) = group_frame(items, g) else { continue };
        let shift = (0..g)
            .filter_map(|h| group_frame(items, h))
            .filter(|h| h.1 < frame.3 && frame.1 < h.3)
            .map(|h| h.2 + GROUP_GAP - frame.0)
            .fold(0.0, f64::max);
        if shift > 0.0 {
            // Bends of edges from earlier groups into this one (keys between) move along.
            for it in items.iter_mut().filter(|it| it.group_key > (g - 1) as f64) {
                it.x += shift;
            }
        }
    }
}

/// The boxes of every drawn node and edge label in the built-in layout, in layout order:
/// (`Some(node index)` or `None` for an edge label, box). For tests and tools that check
/// the drawing has no overlaps.
pub fn boxes(pathway: &crate::model::PathwayFile) -> Vec<(Option<usize>, Rect)> {
    let view = View::new(pathway, None);
    let layout = layout(&view);
    layout
        .items
        .iter()
        .filter_map(|it| match it.slot {
            Slot::Node(i) => Some((Some(i), Rect { x: it.x, y: it.y, w: it.w, h: it.h })),
            Slot::Label(_) => Some((None, Rect { x: it.x, y: it.y, w: it.w, h: it.h })),
            Slot::Bend(_) => None,
        })
        .collect()
}

/// The box of a group frame's title drawn at the frame's top-left: baseline 14 below the
/// frame's top edge, the text from 2 to 18 below it.
fn title_rect(frame: (f64, f64, f64, f64), label: &str) -> Rect {
    let w = label.chars().count() as f64 * TITLE_CHAR_W;
    Rect { x: frame.0 + TITLE_INSET + w / 2.0, y: frame.1 + 10.0, w, h: GROUP_LABEL_H }
}

/// The title boxes of every drawn group frame in the built-in layout: (index into
/// `pathway.groups`, box), in group order. With [`boxes`], for tests that check the drawing
/// has no overlaps.
pub fn frame_title_boxes(pathway: &crate::model::PathwayFile) -> Vec<(usize, Rect)> {
    let view = View::new(pathway, None);
    let layout = layout(&view);
    view.groups
        .iter()
        .enumerate()
        .filter_map(|(g, (_, label, _))| Some((g, title_rect(group_frame(&layout.items, g)?, label))))
        .collect()
}

/// Formats a coordinate with at most one decimal, for compact deterministic output.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// The SVG picture of the view.
///
/// Complexity: the layout's, plus O(output size).
pub(crate) fn to_svg(view: &View) -> String {
    let p = view.pathway;
    let layout = layout(view);
    let title_lines = wrap(&view.title(), 100);
    let title_h = title_lines.len() as f64 * 20.0 + 10.0;
    let legend_w = 170.0;
    let legend_h = 24.0 + LEGEND.len() as f64 * 22.0 + 40.0;
    let (ox, oy) = (MARGIN + GROUP_PAD, MARGIN + title_h + GROUP_PAD + GROUP_LABEL_H + 4.0);
    let width = ox + layout.width + GROUP_PAD + 30.0 + legend_w + MARGIN;
    let height = (oy + layout.height + GROUP_PAD + MARGIN).max(oy + legend_h + MARGIN);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"title desc\" font-family=\"Helvetica, Arial, sans-serif\">",
        w = num(width),
        h = num(height)
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
    for (j, line) in title_lines.iter().enumerate() {
        let (size, weight) = if j == 0 { (16, " font-weight=\"bold\"") } else { (12, "") };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{size}\"{weight} fill=\"#111827\">{}</text>",
            num(MARGIN),
            num(MARGIN + 14.0 + j as f64 * 20.0),
            escape::xml_text(line)
        );
    }
    // Group frames behind everything.
    for (g, (_, label, _)) in view.groups.iter().enumerate() {
        let Some((x0, y0, x1, y1)) = group_frame(&layout.items, g) else { continue };
        let _ = writeln!(
            s,
            "<g class=\"group\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{GROUP_FILL}\" fill-opacity=\"0.6\" stroke=\"{GROUP_STROKE}\" stroke-dasharray=\"6 3\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" fill=\"#475569\">{}</text></g>",
            num(ox + x0),
            num(oy + y0),
            num(x1 - x0),
            num(y1 - y0),
            num(ox + x0 + TITLE_INSET),
            num(oy + y0 + 14.0),
            escape::xml_text(label)
        );
    }
    // Edges.
    for (k, e) in view.edges.iter().enumerate() {
        let lit = view.edge_lit(e.index);
        let (Some(a), Some(b)) = (layout.item_of[e.from], layout.item_of[e.to]) else { continue };
        let (src, dst) = (&layout.items[a], &layout.items[b]);
        let mut pts: Vec<(f64, f64)> = Vec::new();
        if a == b {
            // Self-loop: a small arc on the right.
            let (x, y) = (src.x + src.w / 2.0, src.y);
            pts.extend([(x, y - 6.0), (x + 24.0, y - 6.0), (x + 24.0, y + 6.0), (x, y + 6.0)]);
        } else {
            // A lone bend (an unlabelled edge to the next rank) is dropped: the edge is straight.
            let chain = layout.chains[k]
                .iter()
                .filter(|&&q| layout.chains[k].len() > 1 || layout.items[q].slot != Slot::Bend(k))
                .map(|&q| (layout.items[q].x, layout.items[q].y));
            if e.back {
                pts.push((src.x, src.y - src.h / 2.0));
                pts.extend(chain.rev());
                pts.push((dst.x, dst.y + dst.h / 2.0));
            } else {
                pts.push((src.x, src.y + src.h / 2.0));
                pts.extend(chain);
                pts.push((dst.x, dst.y - dst.h / 2.0));
            }
        }
        let d: Vec<String> = pts
            .iter()
            .enumerate()
            .map(|(j, (x, y))| format!("{}{},{}", if j == 0 { "M" } else { "L" }, num(ox + x), num(oy + y)))
            .collect();
        let (color, marker) = if lit { (EDGE_COLOR, "arrow") } else { (DIM_STROKE, "arrow-dim") };
        let dash = if !lit || e.kind == EdgeKind::Includes { " stroke-dasharray=\"5 3\"" } else { "" };
        let width = if lit && view.has_highlight() { "2.2" } else { "1.2" };
        let _ = writeln!(
            s,
            "<path class=\"edge\" d=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"{dash} marker-end=\"url(#{marker})\"/>",
            d.join(" ")
        );
    }
    // Edge labels on top of edges.
    for it in &layout.items {
        let Slot::Label(k) = it.slot else { continue };
        let lit = view.edge_lit(view.edges[k].index);
        let color = if lit { "#1f2937" } else { DIM_STROKE };
        let _ = writeln!(
            s,
            "<g class=\"edge-label\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>{}</g>",
            num(ox + it.x - it.w / 2.0),
            num(oy + it.y - it.h / 2.0),
            num(it.w),
            num(it.h),
            text_block(&it.lines, ox + it.x, oy + it.y - it.h / 2.0 + 2.0, 10.0, SMALL_LINE_H, color, 0, None)
        );
    }
    // Nodes.
    for it in &layout.items {
        let Slot::Node(i) = it.slot else { continue };
        let n = &p.nodes[i];
        let style = node_style(n.kind, n.outcome);
        let lit = view.node_lit(i);
        let (fill, stroke, color) =
            if lit { (style.fill, style.stroke, "#111827") } else { (DIM_FILL, DIM_STROKE, DIM_STROKE) };
        let dash = if lit { "" } else { " stroke-dasharray=\"5 3\"" };
        let (cx, cy, w, h) = (ox + it.x, oy + it.y, it.w, it.h);
        let shape = match n.kind {
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
        };
        let title_count = wrap(&n.label, WRAP).len();
        let text_h = title_count as f64 * LINE_H
            + if view.listed[i].is_empty() { 0.0 } else { 4.0 + (it.lines.len() - title_count) as f64 * SMALL_LINE_H };
        let top = cy - text_h / 2.0;
        let mut text = text_block(&it.lines[..title_count], cx, top, 12.0, LINE_H, color, 0, None);
        if !view.listed[i].is_empty() {
            // Listed interventions: left-aligned, smaller; each item dimmed on its own.
            let list_x = cx - text_width(&it.lines[title_count..], SMALL_CHAR_W) / 2.0;
            let mut y = top + title_count as f64 * LINE_H + 4.0;
            for item in &view.listed[i] {
                let lines = wrap(&format!("\u{2022} {}", p.nodes[item.node].label), SMALL_WRAP);
                let c = if lit && view.listed_lit(*item) { "#1f2937" } else { DIM_STROKE };
                text.push_str(&text_block(&lines, list_x, y, 10.0, SMALL_LINE_H, c, 0, Some("start")));
                y += lines.len() as f64 * SMALL_LINE_H;
            }
            let _ = write!(
                text,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"0.8\"/>",
                num(cx - w / 2.0 + 6.0),
                num(top + title_count as f64 * LINE_H + 2.0),
                num(cx + w / 2.0 - 6.0),
                num(top + title_count as f64 * LINE_H + 2.0)
            );
        }
        let mut tip = n.label.clone();
        if let Some(d) = &n.description {
            tip.push_str(": ");
            tip.push_str(d);
        }
        let _ = writeln!(
            s,
            "<g class=\"node {}\"><title>{}</title>{shape}{text}</g>",
            n.kind.as_str(),
            escape::xml_text(&tip)
        );
    }
    // Legend.
    let lx = ox + layout.width + GROUP_PAD + 30.0;
    let ly = oy - 18.0;
    let _ = write!(
        s,
        "<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#ffffff\" stroke=\"{GROUP_STROKE}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" fill=\"#111827\">Legend</text>",
        num(lx),
        num(ly),
        num(legend_w),
        num(legend_h),
        num(lx + 10.0),
        num(ly + 18.0)
    );
    for (j, (kind, outcome)) in LEGEND.into_iter().enumerate() {
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
    let y = ly + 28.0 + LEGEND.len() as f64 * 22.0 + 4.0;
    let _ = writeln!(
        s,
        "<path d=\"M{},{} L{},{}\" stroke=\"{EDGE_COLOR}\" stroke-dasharray=\"5 3\" marker-end=\"url(#arrow)\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#111827\">includes / dimmed</text></g>",
        num(lx + 10.0),
        num(y),
        num(lx + 38.0),
        num(y),
        num(lx + 46.0),
        num(y + 4.0)
    );
    s.push_str("</svg>\n");
    s
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_splits_at_spaces_and_long_words() {
        assert_eq!(wrap("Induction (standard doses)", 24), vec!["Induction (standard", "doses)"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
    }

    /// The ALL pathway's drawing overlaps no node, edge label or group frame title with another.
    #[test]
    fn all_pathway_boxes_do_not_overlap() {
        let pathway: crate::model::PathwayFile =
            serde_json::from_str(include_str!("../../pathways/adult-all.json")).expect("the ALL pathway parses");
        let mut boxes: Vec<(String, Rect)> = boxes(&pathway)
            .into_iter()
            .map(|(n, r)| (n.map_or_else(|| "edge label".to_string(), |i| format!("node {}", pathway.nodes[i].id)), r))
            .collect();
        assert_eq!(boxes.iter().filter(|(n, _)| n.starts_with("node ")).count(), 33);
        assert_eq!(boxes.len(), 33 + 33);
        let titles = frame_title_boxes(&pathway);
        assert_eq!(titles.len(), pathway.groups.len());
        boxes.extend(titles.into_iter().map(|(g, r)| (format!("title of {}", pathway.groups[g].id), r)));
        for (a, (na, ra)) in boxes.iter().enumerate() {
            for (nb, rb) in &boxes[a + 1..] {
                assert!(!ra.intersects(rb), "{na} {ra:?} overlaps {nb} {rb:?}");
            }
        }
    }
}
