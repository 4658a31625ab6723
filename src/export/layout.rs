//! The built-in engine's layout: a layered (Sugiyama-style) placement of the drawn nodes,
//! edge labels and bend points of a [`View`], with the route of every edge and the frame of
//! every group. Pure Rust, deterministic. The SVG writer ([`super::svg`]) draws a [`Layout`]
//! and computes none of it, so the layout can be replaced on its own.
//!
//! The steps live in their own files: `rank.rs` (layers, with a virtual node per layer for
//! every long edge), `order.rs` (order within layers: fewest crossings), `place.rs`
//! (coordinates: short, straight edges; groups kept apart), `lane.rs` (on large drawings,
//! lanes beside the drawing for the longest edges) and `route.rs` (edge ends spread along
//! their box's side, routes that never enter a box). docs/flowcharts.md has the
//! overview and the measured quality against Graphviz.
//!
//! Text is measured by estimate (no font metrics): a fixed width per character and line.
//! Coordinates: x to the right, y down; the drawn boxes start at x = 0 and y = 0, group
//! frames reach [`GROUP_PAD`] further out and their titles [`GROUP_LABEL_H`] further up.

mod lane;
mod order;
mod place;
mod rank;
mod route;

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
/// Wrap listed interventions after this many characters.
const SMALL_WRAP: usize = 40;
/// Wrap edge labels after this many characters: narrow labels keep their edges short.
const LABEL_WRAP: usize = 24;
/// Indent of an option under its set's heading, in the smaller text.
const OPTION_INDENT: f64 = 12.0;
/// Indent of a wrapped listed line's continuation, under the words after its bullet.
const HANG: f64 = 9.0;
/// Gap between neighbours in a layer.
const GAP: f64 = 22.0;
/// Gap between a bend point (a virtual node) and its neighbours: edges may run closer.
const BEND_GAP: f64 = 10.0;
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
/// Room right of a node for the arc of a self-loop.
const LOOP_W: f64 = 24.0;

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
    /// A bend point (virtual node) of drawn edge `k` (index into `view.edges`).
    Bend(usize),
    /// The label of drawn edge `k`, also a bend point.
    Label(usize),
}

/// The outline of a slot, for where edges may end on it and what they must not enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A box (phases, interventions; labels and bend points).
    Box,
    /// A box with round ends (start and outcomes): edges end on its straight part.
    Pill,
    /// A diamond (decisions).
    Diamond,
}

/// One thing placed in the layout.
#[derive(Debug, Clone)]
struct Item {
    slot: Slot,
    shape: Shape,
    rank: usize,
    w: f64,
    h: f64,
    x: f64,
    y: f64,
    /// Extra room on the right (a self-loop's arc).
    pad_right: f64,
    /// The groups of its ends (index into `view.groups`, or the number of groups for
    /// ungrouped nodes); for a pathway node both are its own. Keeps a group's members
    /// together within a rank, and virtual nodes between the groups they join.
    groups: (usize, usize),
    /// A node's wrapped label, or a label's wrapped text.
    lines: Vec<String>,
    /// A node's listed lines, each wrapped.
    listed: Vec<Vec<String>>,
}

impl Item {
    fn rect(&self) -> Rect {
        Rect { x: self.x, y: self.y, w: self.w, h: self.h }
    }

    /// Whether this is a bend point or label (a virtual node) rather than a pathway node.
    fn is_virtual(&self) -> bool {
        !matches!(self.slot, Slot::Node(_))
    }
}

/// The slots after layering: the items, and per drawn edge its chain of slots.
struct Chained {
    items: Vec<Item>,
    /// Per pathway node: its item, if drawn.
    item_of: Vec<Option<usize>>,
    /// Per drawn edge: its ends as (top item, bottom item) after back-edges are reversed;
    /// `None` for a self-loop or an edge with an end not drawn.
    oriented: Vec<Option<(usize, usize)>>,
    /// Per drawn edge: item indices of its chain from the top end to the bottom end (excluding the ends).
    chains: Vec<Vec<usize>>,
    /// Per drawn edge: whether it runs down a lane beside the drawing (`lane.rs`): its chain
    /// is only its first and last virtual nodes, not joined as neighbours, and its route
    /// leaves the first sideways to the lane and comes back to the last. Only past
    /// [`rank::VIRTUAL_BUDGET`], so that the layout stays linear in the graph's size.
    lanes: Vec<bool>,
    /// Per item: its neighbours in the rank above.
    up: Adjacency,
    /// Per item: its neighbours in the rank below.
    down: Adjacency,
    /// Per item: the edge joining it to each of its neighbours above (as `up`).
    up_edge: Adjacency,
    /// Per item: the edge joining it to each of its neighbours below (as `down`).
    down_edge: Adjacency,
}

/// One list per item (of neighbours, or of the edges joining them), all in one vector one
/// after another (compressed sparse rows): `adjacency[k]` is item `k`'s list.
struct Adjacency {
    /// Where each item's list starts in `list`, and the end of the last.
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Adjacency {
    /// The lists of `total` items holding, in order, each `value` of the (item, value) pairs.
    ///
    /// Complexity: O(total + pairs).
    fn new(total: usize, pairs: &[(usize, usize)]) -> Self {
        let mut start = vec![0usize; total + 1];
        for &(k, _) in pairs {
            start[k + 1] += 1;
        }
        for k in 0..total {
            start[k + 1] += start[k];
        }
        let mut next = start.clone();
        let mut list = vec![0usize; pairs.len()];
        for &(k, v) in pairs {
            list[next[k]] = v;
            next[k] += 1;
        }
        Adjacency { start, list }
    }
}

impl std::ops::Index<usize> for Adjacency {
    type Output = [usize];

    fn index(&self, k: usize) -> &[usize] {
        &self.list[self.start[k]..self.start[k + 1]]
    }
}

impl Chained {
    /// Whether drawn edges `e` and `f` share an end (their crossings are not counted: a
    /// reader follows them from the shared box).
    fn related(&self, e: usize, f: usize) -> bool {
        match (self.oriented[e], self.oriented[f]) {
            (Some((a, b)), Some((c, d))) => a == c || a == d || b == c || b == d,
            _ => true,
        }
    }
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
/// 2. Layers: longest path, then each node moved to the layer that makes its edges shortest
///    (`rank.rs`); node ranks are even so that each edge passes through at least one odd
///    rank, where its label sits as a box of its own.
/// 3. Every edge spanning more than one rank gets a virtual node per rank it passes.
/// 4. Order within ranks: weighted-median sweeps and transpositions, keeping the order with
///    the fewest crossings; a group's members stay together (`order.rs`).
/// 5. Coordinates: sweeps that minimise the total length of the edges (least squares,
///    reweighted), keeping the order and the gaps; groups whose frames would overlap are
///    moved apart (`place.rs`).
/// 6. Routes: edge ends spread along their box's side in the order of where the edges go;
///    each edge follows its virtual nodes, straightened wherever a straight segment enters
///    no box (`route.rs`).
///
/// Complexity: O((V + D) log(V + D)) per sweep where D is the number of virtual nodes (at
/// most the sum of edge spans, and past [`rank::VIRTUAL_BUDGET`] at most twice the number of
/// edges: the longest edges then run down lanes, `lane.rs`); a constant number of sweeps.
pub(crate) fn layout(view: &View) -> Layout {
    layout_within(view, rank::VIRTUAL_BUDGET)
}

/// [`layout`] with at most `budget` virtual nodes unless its edges cannot be cut down
/// further ([`rank::VIRTUAL_BUDGET`] but for tests).
fn layout_within(view: &View, budget: usize) -> Layout {
    let mut chained = rank::layer(view, budget);
    let (order, keys) = order::order_ranks(&chained);
    let turns = lane::turns_per_gap(&chained, order.len());
    let height = place::place_y(view, &mut chained.items, &order, &turns);
    place::place_x(&mut chained, &order, &keys);
    let bands = route::bands(&chained.items, &order);
    let mut lanes = lane::assign(&chained, &order, &bands, &turns);
    let width = place::normalise_x(&mut chained.items, &mut lanes);
    finish(view, chained, &order, (&bands, &lanes), width, height)
}

/// The box of a group frame's title drawn at the frame's top-left: baseline 14 below the
/// frame's top edge, the text from 2 to 18 below it.
fn title_rect(frame: (f64, f64, f64, f64), label: &str) -> Rect {
    let w = label.chars().count() as f64 * TITLE_CHAR_W;
    Rect { x: frame.0 + TITLE_INSET + w / 2.0, y: frame.1 + 10.0, w, h: GROUP_LABEL_H }
}

/// The finished [`Layout`] from the placed items: boxes, routes and frames.
///
/// Complexity: O(N + E + D + G), plus the routes (`route.rs`).
fn finish(
    view: &View,
    chained: Chained,
    order: &[Vec<usize>],
    (bands, lanes): (&[(f64, f64)], &[Option<lane::Lane>]),
    width: f64,
    height: f64,
) -> Layout {
    let routes = route::routes(view, &chained, order, bands, lanes);
    let members = place::members(&chained.items, view.groups.len());
    let frames = view
        .groups
        .iter()
        .enumerate()
        .map(|(g, (_, label, _))| {
            let frame = place::group_frame(&chained.items, &members[g])?;
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
    // Items are in file order for nodes (they were created so), labels in edge order.
    labels.sort_by_key(|l| l.edge);
    Layout { nodes, labels, routes, frames, width, height }
}

#[cfg(test)]
mod tests;
