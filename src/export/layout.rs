//! The built-in engine's layout: a compact layered (Sugiyama-style) placement of the drawn
//! nodes, edge labels and bend points of a [`View`], with the route of every edge and the
//! frame of every group. Pure Rust, deterministic. The SVG writer ([`super::svg`]) draws a
//! [`Layout`] and computes none of it, so the layout can be replaced on its own.
//!
//! Text is measured by estimate (no font metrics): a fixed width per character and line.
//! Coordinates: x to the right, y down; the drawn boxes start at x = 0 and y = 0, group
//! frames reach [`GROUP_PAD`] further out and their titles [`GROUP_LABEL_H`] further up.

use std::collections::VecDeque;

use super::listed::ListedLine;
use super::View;
use crate::model::NodeKind;

/// Width of one character at the 12 px font, an estimate (no font metrics available).
const CHAR_W: f64 = 7.0;
/// Line height of node text.
pub(super) const LINE_H: f64 = 15.0;
/// Width of the smaller (10 px) text of edge labels and listed interventions, per char.
pub(super) const SMALL_CHAR_W: f64 = 6.0;
/// Line height of the smaller text.
pub(super) const SMALL_LINE_H: f64 = 13.0;
/// Wrap node labels after this many characters.
const WRAP: usize = 26;
/// Wrap listed interventions and edge labels after this many characters.
const SMALL_WRAP: usize = 40;
/// Indent of an option under its set's heading, in the smaller text.
const OPTION_INDENT: f64 = 12.0;
/// Indent of a wrapped listed line's continuation, under the words after its bullet.
const HANG: f64 = 9.0;
/// Gap between neighbours in a layer.
const GAP: f64 = 22.0;
/// Extra gap between neighbours of different groups.
const GROUP_GAP: f64 = 30.0;
/// Vertical gap between ranks.
const RANK_GAP: f64 = 18.0;
/// Padding of group frames around their nodes.
pub(super) const GROUP_PAD: f64 = 12.0;
/// Height of a group frame's title above its nodes.
pub(super) const GROUP_LABEL_H: f64 = 16.0;
/// Width of one character of a group frame's bold 12 px title, an estimate.
const TITLE_CHAR_W: f64 = 7.5;
/// Inset of a group frame's title from the frame's left edge.
pub(super) const TITLE_INSET: f64 = 8.0;
/// Sweeps ordering the slots within ranks (alternately down and up).
const ORDER_SWEEPS: usize = 8;
/// Sweeps placing the slots sideways (alternately down and up).
const COORDINATE_SWEEPS: usize = 12;

/// An axis-aligned box: centre and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A point of an edge's route.
pub(crate) type Point = (f64, f64);

/// A drawn node: its box and its text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NodeBox {
    /// Index into `pathway.nodes`.
    pub node: usize,
    /// Its box.
    pub rect: Rect,
    /// Its label, wrapped.
    pub title: Vec<String>,
    /// Per listed line (`view.lines[node]`, in order): its text, wrapped.
    pub listed: Vec<Vec<String>>,
}

/// An edge's label: its box and its text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LabelBox {
    /// Index into `view.edges`.
    pub edge: usize,
    /// Its box.
    pub rect: Rect,
    /// Its text, wrapped.
    pub lines: Vec<String>,
}

/// A group's frame around its nodes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GroupFrame {
    /// Left edge.
    pub x0: f64,
    /// Top edge (above the title).
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
    /// The box of its title, at the frame's top-left: from 2 to 18 below the top edge.
    pub title: Rect,
}

/// A computed layout: everything the writer draws, in layout coordinates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// The drawn nodes, in file order.
    pub nodes: Vec<NodeBox>,
    /// The edge labels, in the order of `view.edges`.
    pub labels: Vec<LabelBox>,
    /// Per drawn edge (`view.edges`): its polyline from the source's border to the target's
    /// border (where the arrowhead goes); `None` when an end is not drawn.
    pub routes: Vec<Option<Vec<Point>>>,
    /// Per group (`view.groups`): its frame, or `None` when it has no drawn node.
    pub frames: Vec<Option<GroupFrame>>,
    /// Width of the boxes' extent.
    pub width: f64,
    /// Height of the boxes' extent.
    pub height: f64,
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
    /// A node's wrapped label, or a label's wrapped text.
    lines: Vec<String>,
    /// A node's listed lines, each wrapped.
    listed: Vec<Vec<String>>,
}

impl Item {
    fn rect(&self) -> Rect {
        Rect { x: self.x, y: self.y, w: self.w, h: self.h }
    }
}

/// The slots after layering: the items, and per drawn edge its chain of slots.
struct Chained {
    items: Vec<Item>,
    /// Per pathway node: its item, if drawn.
    item_of: Vec<Option<usize>>,
    /// Per drawn edge: item indices of its chain from the top end to the bottom end (excluding the ends).
    chains: Vec<Vec<usize>>,
    /// Per item: its neighbours in the rank above.
    up: Vec<Vec<usize>>,
    /// Per item: its neighbours in the rank below.
    down: Vec<Vec<usize>>,
}

/// Wraps `text` at spaces into lines of at most `width` characters (longer words are split);
/// existing newlines are kept.
///
/// Complexity: O(n) in the length of `text`.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
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

/// Estimated width of the longest of `lines` at `char_w` per character.
pub(super) fn text_width<'a>(lines: impl IntoIterator<Item = &'a String>, char_w: f64) -> f64 {
    lines.into_iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * char_w
}

/// Where line `j` of a wrapped listed line at `depth` starts, right of the list's left edge:
/// an option is indented under its set's heading, a continuation under the words after its
/// bullet.
pub(super) fn listed_offset(depth: usize, j: usize) -> f64 {
    depth as f64 * OPTION_INDENT + if j > 0 { HANG } else { 0.0 }
}

/// Estimated width of a node's listed lines (`view.lines[node]`, each wrapped), indents
/// included.
pub(super) fn listed_width(lines: &[ListedLine], wrapped: &[Vec<String>]) -> f64 {
    let mut width: f64 = 0.0;
    for (line, wrapped) in lines.iter().zip(wrapped) {
        for (j, text) in wrapped.iter().enumerate() {
            width = width.max(listed_offset(line.depth, j) + text.chars().count() as f64 * SMALL_CHAR_W);
        }
    }
    width
}

/// Size and text of a drawn node: (w, h, title lines, wrapped lines per listed line).
fn node_size(view: &View, i: usize) -> (f64, f64, Vec<String>, Vec<Vec<String>>) {
    let n = &view.pathway.nodes[i];
    let title = wrap(&n.label, WRAP);
    let listed: Vec<Vec<String>> =
        view.lines[i].iter().map(|line| wrap(&line.text, SMALL_WRAP - 2 * line.depth)).collect();
    let listed_lines = listed.iter().map(Vec::len).sum::<usize>();
    let tw = text_width(&title, CHAR_W).max(listed_width(&view.lines[i], &listed));
    let th =
        title.len() as f64 * LINE_H + listed_lines as f64 * SMALL_LINE_H + if listed.is_empty() { 0.0 } else { 4.0 };
    let (w, h) = match n.kind {
        NodeKind::Decision => (tw * 1.5 + 30.0, th * 1.6 + 26.0),
        NodeKind::Start | NodeKind::Outcome => (tw + 20.0 + th, th + 14.0),
        _ => (tw + 24.0, th + 14.0),
    };
    (w.max(60.0), h, title, listed)
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
/// 6. Ranks are stacked, with room above a group's top rank for its frame's title, and
///    groups whose frames would overlap are moved apart sideways.
///
/// Complexity: O((V + D) log V) per sweep where D is the number of bend slots (at most the
/// sum of edge spans); a constant number of sweeps.
pub(crate) fn layout(view: &View) -> Layout {
    let mut chained = layer(view);
    let order = order_ranks(&chained);
    place_x(&mut chained, &order);
    let height = place_y(view, &mut chained.items, &order);
    separate_groups(&mut chained.items, view.groups.len());
    let width = normalise_x(&mut chained.items);
    finish(view, chained, width, height)
}

/// Steps 1–3: one item per drawn node, ranks by longest path over the edges with back-edges
/// reversed, and a chain of bend slots (the first one the edge's label, if it has text) for
/// every edge, with the neighbour lists of the chained graph.
///
/// Complexity: O(V + E + D) for D bend slots.
fn layer(view: &View) -> Chained {
    let n = view.pathway.nodes.len();
    let ngroups = view.groups.len();
    let mut item_of = vec![None; n];
    let mut items: Vec<Item> = Vec::new();
    for (i, slot) in item_of.iter_mut().enumerate() {
        if view.drawn[i] {
            let (w, h, lines, listed) = node_size(view, i);
            let group_key = view.group_of[i].unwrap_or(ngroups) as f64;
            *slot = Some(items.len());
            items.push(Item { slot: Slot::Node(i), rank: 0, w, h, x: 0.0, y: 0.0, group_key, lines, listed });
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
    assign_ranks(&mut items, &oriented);
    let chains = add_chains(view, &mut items, &oriented);
    let (up, down) = neighbours(items.len(), &oriented, &chains);
    Chained { items, item_of, chains, up, down }
}

/// Longest-path layering by Kahn's algorithm; node ranks are doubled so that every edge
/// crosses an odd rank.
///
/// Complexity: O(V + E).
fn assign_ranks(items: &mut [Item], oriented: &[Option<(usize, usize)>]) {
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
}

/// Adds one slot per rank strictly between an edge's ends: its label (when the edge has
/// text) right below the top end, bend points elsewhere. Returns each edge's chain.
///
/// Complexity: O(E + D) for D added slots, plus wrapping the labels.
fn add_chains(view: &View, items: &mut Vec<Item>, oriented: &[Option<(usize, usize)>]) -> Vec<Vec<usize>> {
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
            items.push(Item { slot, rank: r, w, h, x: 0.0, y: 0.0, group_key, lines, listed: Vec::new() });
        }
    }
    chains
}

/// Neighbour lists (up, down) over the chained graph: each edge becomes a path through its chain.
///
/// Complexity: O(E + D).
fn neighbours(
    total: usize,
    oriented: &[Option<(usize, usize)>],
    chains: &[Vec<usize>],
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
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
    (up, down)
}

/// Step 4: the items of each rank, ordered by alternating down/up sweeps that sort each rank
/// by (group, barycentre of the neighbours in the rank swept from, item).
///
/// Complexity: O(N log N) per sweep for N slots.
fn order_ranks(chained: &Chained) -> Vec<Vec<usize>> {
    let items = &chained.items;
    let ranks = items.iter().map(|it| it.rank).max().map_or(0, |r| r + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    for (k, it) in items.iter().enumerate() {
        order[it.rank].push(k);
    }
    let mut pos = vec![0.0f64; items.len()];
    for row in &order {
        for (j, &k) in row.iter().enumerate() {
            pos[k] = j as f64;
        }
    }
    for sweep in 0..ORDER_SWEEPS {
        let downward = sweep % 2 == 0;
        let rows: Vec<usize> =
            if downward { (1..ranks).collect() } else { (0..ranks.saturating_sub(1)).rev().collect() };
        for r in rows {
            let mut keyed: Vec<(f64, f64, usize)> = order[r]
                .iter()
                .map(|&k| {
                    let nb = if downward { &chained.up[k] } else { &chained.down[k] };
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
    order
}

/// The least distance between the centres of two neighbours in a rank.
fn separation(a: &Item, b: &Item) -> f64 {
    (a.w + b.w) / 2.0 + if a.group_key == b.group_key { GAP } else { GROUP_GAP }
}

/// Step 5: x of every item. Each rank is first packed from the left; then alternating sweeps
/// move each item towards the mean x of its neighbours, as the mean of a left-packed and a
/// right-packed placement that keep the order and the gaps.
///
/// Complexity: O(N + E + D) per sweep.
fn place_x(chained: &mut Chained, order: &[Vec<usize>]) {
    let items = &mut chained.items;
    for row in order {
        let mut x = 0.0;
        for (j, &k) in row.iter().enumerate() {
            if j > 0 {
                x += separation(&items[row[j - 1]], &items[k]);
            }
            items[k].x = x;
        }
    }
    let ranks = order.len();
    for sweep in 0..COORDINATE_SWEEPS {
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
                    let nb: Vec<usize> = chained.up[k].iter().chain(chained.down[k].iter()).copied().collect();
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
                    desired[j].max(left[j - 1] + separation(&items[row[j - 1]], &items[row[j]]))
                };
            }
            for j in (0..len).rev() {
                right[j] = if j + 1 == len {
                    desired[j]
                } else {
                    desired[j].min(right[j + 1] - separation(&items[row[j]], &items[row[j + 1]]))
                };
            }
            for j in 0..len {
                items[row[j]].x = (left[j] + right[j]) / 2.0;
            }
        }
    }
}

/// Step 6, vertically: each rank as tall as its tallest item. A rank holding a group's top
/// node gets room above it for that group's frame padding and title, so the title clears
/// the edge labels of the rank above (rank 0's room is the drawing's top offset). Returns
/// the height of the stack.
///
/// Complexity: O(N).
fn place_y(view: &View, items: &mut [Item], order: &[Vec<usize>]) -> f64 {
    let mut top_rank: Vec<Option<usize>> = vec![None; view.groups.len()];
    for it in items.iter() {
        if let Slot::Node(i) = it.slot {
            if let Some(g) = view.group_of[i] {
                top_rank[g] = Some(top_rank[g].map_or(it.rank, |r: usize| r.min(it.rank)));
            }
        }
    }
    let mut y = 0.0;
    let mut rank_y = vec![0.0; order.len()];
    for (r, row) in order.iter().enumerate() {
        if r > 0 && top_rank.contains(&Some(r)) {
            y += GROUP_PAD + GROUP_LABEL_H;
        }
        let h = row.iter().map(|&k| items[k].h).fold(0.0, f64::max);
        rank_y[r] = y + h / 2.0;
        y += h + RANK_GAP;
    }
    for it in items.iter_mut() {
        it.y = rank_y[it.rank];
    }
    (y - RANK_GAP).max(0.0)
}

/// Shifts every item so the leftmost box starts at x = 0; returns the width.
///
/// Complexity: O(N).
fn normalise_x(items: &mut [Item]) -> f64 {
    let min_x = items.iter().map(|it| it.x - it.w / 2.0).fold(f64::INFINITY, f64::min);
    let min_x = if min_x.is_finite() { min_x } else { 0.0 };
    for it in items.iter_mut() {
        it.x -= min_x;
    }
    items.iter().map(|it| it.x + it.w / 2.0).fold(0.0, f64::max)
}

/// The frame of group key `g` around its nodes: (x0, y0, x1, y1), or `None` when it has no nodes.
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

/// Moves groups apart sideways so no two group frames overlap (and no ungrouped node sits in
/// a frame): in group order, a group whose frame overlaps an earlier group's frame vertically
/// is shifted (with every slot ordered after it) to the right of that frame. Order within
/// ranks is kept, so nodes never overlap either.
///
/// Complexity: O(G² × N) for G groups and N slots (each frame is found by a scan of the slots).
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

/// The route of drawn edge `k`: a small arc on the right for a self-loop; otherwise from the
/// source's bottom (top, for a back-edge) through its chain to the target's top (bottom).
/// A lone bend (an unlabelled edge to the next rank) is dropped: the edge is straight.
fn route(view: &View, chained: &Chained, k: usize) -> Option<Vec<Point>> {
    let e = &view.edges[k];
    let (a, b) = (chained.item_of[e.from]?, chained.item_of[e.to]?);
    let items = &chained.items;
    let (src, dst) = (&items[a], &items[b]);
    let mut pts: Vec<Point> = Vec::new();
    if a == b {
        let (x, y) = (src.x + src.w / 2.0, src.y);
        pts.extend([(x, y - 6.0), (x + 24.0, y - 6.0), (x + 24.0, y + 6.0), (x, y + 6.0)]);
        return Some(pts);
    }
    let chain = &chained.chains[k];
    let bends =
        chain.iter().filter(|&&q| chain.len() > 1 || items[q].slot != Slot::Bend(k)).map(|&q| (items[q].x, items[q].y));
    if e.back {
        pts.push((src.x, src.y - src.h / 2.0));
        pts.extend(bends.rev());
        pts.push((dst.x, dst.y + dst.h / 2.0));
    } else {
        pts.push((src.x, src.y + src.h / 2.0));
        pts.extend(bends);
        pts.push((dst.x, dst.y - dst.h / 2.0));
    }
    Some(pts)
}

/// The box of a group frame's title drawn at the frame's top-left: baseline 14 below the
/// frame's top edge, the text from 2 to 18 below it.
fn title_rect(frame: (f64, f64, f64, f64), label: &str) -> Rect {
    let w = label.chars().count() as f64 * TITLE_CHAR_W;
    Rect { x: frame.0 + TITLE_INSET + w / 2.0, y: frame.1 + 10.0, w, h: GROUP_LABEL_H }
}

/// The finished [`Layout`] from the placed items: boxes, routes and frames.
///
/// Complexity: O(N + E + D + G·N).
fn finish(view: &View, chained: Chained, width: f64, height: f64) -> Layout {
    let routes = (0..view.edges.len()).map(|k| route(view, &chained, k)).collect();
    let frames = view
        .groups
        .iter()
        .enumerate()
        .map(|(g, (_, label, _))| {
            let frame = group_frame(&chained.items, g)?;
            let (x0, y0, x1, y1) = frame;
            Some(GroupFrame { x0, y0, x1, y1, title: title_rect(frame, label) })
        })
        .collect();
    let (mut nodes, mut labels) = (Vec::new(), Vec::new());
    for it in chained.items {
        let rect = it.rect();
        match it.slot {
            Slot::Node(node) => nodes.push(NodeBox { node, rect, title: it.lines, listed: it.listed }),
            Slot::Label(edge) => labels.push(LabelBox { edge, rect, lines: it.lines }),
            Slot::Bend(_) => {}
        }
    }
    Layout { nodes, labels, routes, frames, width, height }
}

#[cfg(test)]
mod tests;
