//! Layers of the built-in layout: one item per drawn node, ranks that keep edges short, and
//! a chain of virtual nodes (bend points, the first one the edge's label) for every edge
//! that spans more than one rank, as Sugiyama layouts do.

use std::collections::VecDeque;

use super::{
    node_size, text_width, wrap, Adjacency, Chained, Item, Shape, Slot, LABEL_WRAP, LOOP_W, SMALL_CHAR_W, SMALL_LINE_H,
};
use crate::export::View;
use crate::model::NodeKind;

/// Passes of the rank balancing (each moves every node at most once).
const BALANCE_PASSES: usize = 8;
/// Virtual nodes a layout makes at most, unless its edges cannot be cut down further: past
/// it the longest edges run down lanes beside the drawing ([`Chained::lanes`]). Every
/// pathway of the layout-quality set stays well under it (the 300-node random graph with
/// relapse loops has 9,000), so those are drawn with a virtual node in every rank.
pub(super) const VIRTUAL_BUDGET: usize = 40_000;
/// Ranks an edge spans at least to run down a lane: its first and last virtual nodes stay,
/// and the lane passes at least one rank between them.
const LANE_SPAN: usize = 5;

/// Steps 1–3: one item per drawn node, ranks over the edges with back-edges reversed, and a
/// chain of virtual nodes for every edge, with the neighbour lists of the chained graph. When
/// the chains would hold more than `budget` virtual nodes, the longest edges keep only their
/// first and last ones ([`lanes`]).
///
/// Complexity: O(V + E + D) for D ≤ max(`budget`, 2E) virtual nodes, plus the rank balancing,
/// O(E log E) per pass.
pub(super) fn layer(view: &View, budget: usize) -> Chained {
    let n = view.pathway.nodes.len();
    let ngroups = view.groups.len();
    let mut item_of = vec![None; n];
    let mut items: Vec<Item> = Vec::new();
    let looped: Vec<bool> = {
        let mut looped = vec![false; n];
        for e in view.edges.iter().filter(|e| e.from == e.to) {
            looped[e.from] = true;
        }
        looped
    };
    for (i, slot) in item_of.iter_mut().enumerate() {
        if view.drawn[i] {
            let (w, h, lines, listed) = node_size(view, i);
            let shape = match view.pathway.nodes[i].kind {
                NodeKind::Decision => Shape::Diamond,
                NodeKind::Start | NodeKind::Outcome => Shape::Pill,
                _ => Shape::Box,
            };
            *slot = Some(items.len());
            items.push(Item {
                slot: Slot::Node(i),
                shape,
                rank: 0,
                w,
                h,
                x: 0.0,
                y: 0.0,
                pad_right: if looped[i] { LOOP_W } else { 0.0 },
                groups: (view.group_of[i].unwrap_or(ngroups), view.group_of[i].unwrap_or(ngroups)),
                lines,
                listed,
            });
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
    let lanes = lanes(&items, &oriented, budget);
    let chains = add_chains(view, &mut items, &oriented, &lanes);
    let [up, down, up_edge, down_edge] = neighbours(items.len(), &oriented, &chains, &lanes);
    Chained { items, item_of, oriented, chains, lanes, up, down, up_edge, down_edge }
}

/// Per drawn edge: whether it runs down a lane. None do while all chains together hold at
/// most `budget` virtual nodes; past that the longest edges (ties by index) do, until the
/// rest fit or no edge spans [`LANE_SPAN`] ranks. An edge on a lane keeps two virtual nodes,
/// whatever its length, so the layout's size is linear in the graph's.
///
/// Complexity: O(E log E).
fn lanes(items: &[Item], oriented: &[Option<(usize, usize)>], budget: usize) -> Vec<bool> {
    let span = |k: usize| oriented[k].map_or(0, |(a, b)| items[b].rank.saturating_sub(items[a].rank + 1));
    let mut lanes = vec![false; oriented.len()];
    let mut total: usize = (0..oriented.len()).map(span).sum();
    if total <= budget {
        return lanes;
    }
    let mut longest: Vec<usize> = (0..oriented.len()).filter(|&k| span(k) >= LANE_SPAN).collect();
    longest.sort_by_key(|&k| (std::cmp::Reverse(span(k)), k));
    for k in longest {
        if total <= budget {
            break;
        }
        lanes[k] = true;
        total -= span(k) - 2;
    }
    lanes
}

/// Ranks: longest path by Kahn's algorithm, then balancing passes that move each node, within
/// the ranks its edges allow (below every predecessor, above every successor), to the median
/// of the ranks that would make its edges one rank long: the least total edge span. Ranks
/// start at 0 and are doubled, so that every edge crosses an odd rank.
///
/// Complexity: O(V + E) for the longest path, O(E log E) per balancing pass.
fn assign_ranks(items: &mut [Item], oriented: &[Option<(usize, usize)>]) {
    let m = items.len();
    let mut indeg = vec![0usize; m];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); m];
    for &(a, b) in oriented.iter().flatten() {
        succ[a].push(b);
        pred[b].push(a);
        indeg[b] += 1;
    }
    let mut layer = vec![0i64; m];
    let mut topo = Vec::with_capacity(m);
    let mut queue: VecDeque<usize> = (0..m).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        topo.push(v);
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    let mut wanted: Vec<i64> = Vec::new();
    for pass in 0..BALANCE_PASSES {
        let mut moved = false;
        let visit: Box<dyn Iterator<Item = &usize>> =
            if pass % 2 == 0 { Box::new(topo.iter().rev()) } else { Box::new(topo.iter()) };
        for &v in visit {
            if pred[v].is_empty() && succ[v].is_empty() {
                continue;
            }
            let lo = pred[v].iter().map(|&p| layer[p] + 1).max().unwrap_or(i64::MIN);
            let hi = succ[v].iter().map(|&s| layer[s] - 1).min().unwrap_or(i64::MAX);
            wanted.clear();
            wanted.extend(pred[v].iter().map(|&p| layer[p] + 1));
            wanted.extend(succ[v].iter().map(|&s| layer[s] - 1));
            wanted.sort_unstable();
            // Any rank between the two middle values is a median; keep the current one if it is.
            let (m0, m1) = (wanted[(wanted.len() - 1) / 2], wanted[wanted.len() / 2]);
            let target = layer[v].clamp(m0, m1).clamp(lo, hi);
            if target != layer[v] {
                layer[v] = target;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let min = layer.iter().copied().min().unwrap_or(0);
    for (k, it) in items.iter_mut().enumerate() {
        it.rank = usize::try_from(layer[k] - min).unwrap_or(0) * 2;
    }
}

/// Adds one virtual node per rank strictly between an edge's ends (for an edge on a lane,
/// only in the first and the last of those ranks): its label (when the edge has text) right
/// below the top end, bend points elsewhere; each knows its ends' groups. Returns each
/// edge's chain.
///
/// Complexity: O(E + D) for D added slots, plus wrapping the labels.
fn add_chains(
    view: &View,
    items: &mut Vec<Item>,
    oriented: &[Option<(usize, usize)>],
    lanes: &[bool],
) -> Vec<Vec<usize>> {
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); view.edges.len()];
    for (k, e) in view.edges.iter().enumerate() {
        let Some((a, b)) = oriented[k] else { continue };
        let text = view.edge_text(e.index);
        let groups = (items[a].groups.0, items[b].groups.0);
        let (ra, rb) = (items[a].rank, items[b].rank);
        // An edge on a lane spans at least LANE_SPAN ranks: two virtual nodes, not one per rank.
        let ranks: Box<dyn Iterator<Item = usize>> =
            if lanes[k] { Box::new([ra + 1, rb - 1].into_iter()) } else { Box::new(ra + 1..rb) };
        for r in ranks {
            let (slot, w, h, lines) = if r == ra + 1 && !text.is_empty() {
                let lines = wrap(&text, LABEL_WRAP);
                let w = text_width(&lines, SMALL_CHAR_W) + 8.0;
                let h = lines.len() as f64 * SMALL_LINE_H + 4.0;
                (Slot::Label(k), w, h, lines)
            } else {
                (Slot::Bend(k), 2.0, 0.0, Vec::new())
            };
            chains[k].push(items.len());
            items.push(Item {
                slot,
                shape: Shape::Box,
                rank: r,
                w,
                h,
                x: 0.0,
                y: 0.0,
                pad_right: 0.0,
                groups,
                lines,
                listed: Vec::new(),
            });
        }
    }
    chains
}

/// Neighbour lists (up, down) over the chained graph, each edge a path through its chain
/// (for an edge on a lane, from its top end to its first virtual node and from its last to
/// its bottom end), and beside them the edge each neighbour is joined by.
///
/// Complexity: O(E + D).
fn neighbours(
    total: usize,
    oriented: &[Option<(usize, usize)>],
    chains: &[Vec<usize>],
    lanes: &[bool],
) -> [Adjacency; 4] {
    // Every segment (upper item, lower item, edge), in the order of the edges and their paths.
    let mut segments: Vec<(usize, usize, usize)> = Vec::new();
    for (k, ends) in oriented.iter().enumerate() {
        let Some((a, b)) = *ends else { continue };
        let path: Vec<usize> = std::iter::once(a).chain(chains[k].iter().copied()).chain([b]).collect();
        for (j, pair) in path.windows(2).enumerate() {
            if !(lanes[k] && j == 1) {
                segments.push((pair[0], pair[1], k));
            }
        }
    }
    let of = |pick: fn(&(usize, usize, usize)) -> (usize, usize)| {
        let pairs: Vec<(usize, usize)> = segments.iter().map(pick).collect();
        Adjacency::new(total, &pairs)
    };
    [of(|s| (s.1, s.0)), of(|s| (s.0, s.1)), of(|s| (s.1, s.2)), of(|s| (s.0, s.2))]
}
