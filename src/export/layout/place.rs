//! Coordinates of the built-in layout. Vertically, ranks are stacked, each as tall as its
//! tallest item. Sideways, sweeps move every rank's items towards their neighbours so that
//! the edges are short: each sweep solves one rank exactly (a weighted least-squares fit that
//! keeps the order and the gaps, by pool-adjacent-violators), with weights that make the sum
//! of squares approximate the sum of the edges' lengths (reweighted least squares) and that
//! keep long edges straight (their virtual nodes weigh more, as in `dot`). Groups whose frames
//! would overlap are moved apart.

use super::lane::{self, Lane};
use super::order::item_key;
use super::{Chained, Item, Slot, BEND_GAP, GAP, GROUP_GAP, GROUP_LABEL_H, GROUP_PAD};
use crate::export::View;

/// Sweeps placing the slots sideways (alternately down and up).
const COORDINATE_SWEEPS: usize = 40;
/// Weight of a segment between two pathway nodes; one with a virtual end weighs
/// [`VIRTUAL_WEIGHT`], one between two virtual nodes [`STRAIGHT_WEIGHT`].
const NODE_WEIGHT: f64 = 1.0;
/// Weight of a segment between a pathway node and a virtual node.
const VIRTUAL_WEIGHT: f64 = 2.0;
/// Weight of a segment between two virtual nodes: long edges run straight.
const STRAIGHT_WEIGHT: f64 = 4.0;
/// Sweeps after which groups are moved apart and their frames fixed: the sweeps after it
/// shorten the edges within each frame.
const FREEZE_AFTER: usize = 24;
/// Weight pulling an item with no neighbours to where it is.
const STAY_WEIGHT: f64 = 1e-3;

/// Step 5, vertically: each rank as tall as its tallest item. A rank holding a group's top
/// node gets room above it for that group's frame padding and title, so the title clears
/// the edge labels of the rank above (rank 0's room is the drawing's top offset). The gap
/// below rank `r` holds `turns[r]` turns to or from lanes ([`lane::gap_height`]). Returns
/// the height of the stack.
///
/// Complexity: O(N).
pub(super) fn place_y(view: &View, items: &mut [Item], order: &[Vec<usize>], turns: &[usize]) -> f64 {
    let mut top_rank: Vec<Option<usize>> = vec![None; view.groups.len()];
    for it in items.iter() {
        if let Slot::Node(i) = it.slot {
            if let Some(g) = view.group_of[i] {
                top_rank[g] = Some(top_rank[g].map_or(it.rank, |r: usize| r.min(it.rank)));
            }
        }
    }
    let mut has_top = vec![false; order.len()];
    for r in top_rank.into_iter().flatten() {
        has_top[r] = true;
    }
    let mut y = 0.0;
    let mut gap = 0.0;
    let mut rank_y = vec![0.0; order.len()];
    for (r, row) in order.iter().enumerate() {
        if r > 0 && has_top[r] {
            y += GROUP_PAD + GROUP_LABEL_H;
        }
        let h = row.iter().map(|&k| items[k].h).fold(0.0, f64::max);
        rank_y[r] = y + h / 2.0;
        gap = lane::gap_height(turns[r]);
        y += h + gap;
    }
    for it in items.iter_mut() {
        it.y = rank_y[it.rank];
    }
    (y - gap).max(0.0)
}

/// The least distance between the centres of two neighbours in a rank, `a` left of `b`.
fn separation(a: &Item, b: &Item) -> f64 {
    let gap = if a.groups != b.groups && !a.is_virtual() && !b.is_virtual() {
        GROUP_GAP
    } else if a.is_virtual() || b.is_virtual() {
        BEND_GAP
    } else {
        GAP
    };
    (a.w + b.w) / 2.0 + a.pad_right + gap
}

/// The weight of the segment between items `a` and `b`.
fn weight(a: &Item, b: &Item) -> f64 {
    match (a.is_virtual(), b.is_virtual()) {
        (true, true) => STRAIGHT_WEIGHT,
        (false, false) => NODE_WEIGHT,
        _ => VIRTUAL_WEIGHT,
    }
}

/// Step 5, sideways: x of every item. Each rank is first packed from the left; then sweeps
/// place each rank in turn where the weighted sum of squared offsets to its neighbours is
/// least, the weights divided by each segment's current length (so the sum approximates the
/// total length). After [`FREEZE_AFTER`] sweeps groups are moved apart ([`separate_groups`])
/// and each node is kept within its group's frame from then on.
///
/// Complexity: O(N + E + D) per sweep.
pub(super) fn place_x(chained: &mut Chained, order: &[Vec<usize>], keys: &[f64]) {
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
    let members = members(items, keys.len());
    let mut frozen: Option<Vec<(f64, f64)>> = None;
    let mut desired = Vec::new();
    let mut weights = Vec::new();
    let mut seps = Vec::new();
    let mut within = Vec::new();
    let mut fit = Fit::default();
    for sweep in 0..COORDINATE_SWEEPS {
        let downward = sweep % 2 == 0;
        let rows: Vec<usize> = if downward { (0..ranks).collect() } else { (0..ranks).rev().collect() };
        for r in rows {
            let row = &order[r];
            if row.is_empty() {
                continue;
            }
            desired.clear();
            weights.clear();
            seps.clear();
            for &k in row {
                let (mut sw, mut swx) = (STAY_WEIGHT, STAY_WEIGHT * items[k].x);
                for &q in chained.up[k].iter().chain(chained.down[k].iter()) {
                    let (dx, dy) = (items[q].x - items[k].x, items[q].y - items[k].y);
                    let w = weight(&items[k], &items[q]) / (dx * dx + dy * dy).sqrt().max(1.0);
                    sw += w;
                    swx += w * items[q].x;
                }
                desired.push(swx / sw);
                weights.push(sw);
            }
            for j in 1..row.len() {
                seps.push(separation(&items[row[j - 1]], &items[row[j]]));
            }
            fit.solve(&desired, &weights, &seps);
            if let Some(bounds) = &frozen {
                within.clear();
                within.extend(row.iter().map(|&k| bounds[k]));
                keep_within(&mut fit.out, &within, &seps);
            }
            for (j, &k) in row.iter().enumerate() {
                items[k].x = fit.out[j];
            }
        }
        if sweep + 1 == FREEZE_AFTER {
            separate_groups(items, keys, &members);
            frozen = Some(frame_bounds(items, &members));
        }
    }
    separate_groups(items, keys, &members);
}

/// The positions closest to `desired` (least weighted squares) that keep the order and at
/// least `seps[j]` between positions `j` and `j + 1`: shifted by the gaps, an isotonic
/// regression, solved exactly by pool-adjacent-violators.
///
/// Complexity: O(n).
pub(super) fn fit_in_order(desired: &[f64], weights: &[f64], seps: &[f64]) -> Vec<f64> {
    let mut fit = Fit::default();
    fit.solve(desired, weights, seps);
    fit.out
}

/// [`fit_in_order`] with its buffers kept from one rank to the next.
#[derive(Default)]
struct Fit {
    offset: Vec<f64>,
    /// Blocks of (weight, weighted sum, count), means non-decreasing.
    blocks: Vec<(f64, f64, usize)>,
    /// The positions.
    out: Vec<f64>,
}

impl Fit {
    /// Sets `out` to [`fit_in_order`]'s positions.
    fn solve(&mut self, desired: &[f64], weights: &[f64], seps: &[f64]) {
        let n = desired.len();
        let (offset, blocks, out) = (&mut self.offset, &mut self.blocks, &mut self.out);
        offset.clear();
        offset.resize(n, 0.0);
        for j in 1..n {
            offset[j] = offset[j - 1] + seps[j - 1];
        }
        blocks.clear();
        for j in 0..n {
            let w = weights[j].max(1e-12);
            blocks.push((w, w * (desired[j] - offset[j]), 1));
            while blocks.len() > 1 {
                let (w1, s1, c1) = blocks[blocks.len() - 1];
                let (w0, s0, c0) = blocks[blocks.len() - 2];
                if s0 / w0 <= s1 / w1 {
                    break;
                }
                blocks.pop();
                let last = blocks.len() - 1;
                blocks[last] = (w0 + w1, s0 + s1, c0 + c1);
            }
        }
        out.clear();
        for &(w, s, c) in blocks.iter() {
            for _ in 0..c {
                out.push(s / w + offset[out.len()]);
            }
        }
    }
}

/// Per item: the x range its centre must stay in to stay within its group's frame as it is
/// now (unbounded for virtual nodes).
///
/// Complexity: O(N + G).
fn frame_bounds(items: &[Item], members: &[Vec<usize>]) -> Vec<(f64, f64)> {
    let frames: Vec<Option<(f64, f64, f64, f64)>> = members.iter().map(|m| group_frame(items, m)).collect();
    items
        .iter()
        .map(|it| match frames.get(it.groups.0).copied().flatten() {
            Some(f) if !it.is_virtual() => (f.0 + GROUP_PAD + it.w / 2.0, f.2 - GROUP_PAD - it.w / 2.0 - it.pad_right),
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        })
        .collect()
}

/// Moves fitted positions into their ranges, keeping the gaps: a pass from the left raising
/// each to its least value, one from the right lowering each to its greatest.
pub(super) fn keep_within(xs: &mut [f64], bounds: &[(f64, f64)], seps: &[f64]) {
    for j in 0..xs.len() {
        let least = if j == 0 { bounds[j].0 } else { bounds[j].0.max(xs[j - 1] + seps[j - 1]) };
        xs[j] = xs[j].max(least);
    }
    for j in (0..xs.len()).rev() {
        let most = if j + 1 == xs.len() { bounds[j].1 } else { bounds[j].1.min(xs[j + 1] - seps[j]) };
        xs[j] = xs[j].min(most);
    }
}

/// Shifts every item and lane so the leftmost box or lane starts at x = 0; returns the width.
///
/// Complexity: O(N + E).
pub(super) fn normalise_x(items: &mut [Item], lanes: &mut [Option<Lane>]) -> f64 {
    let lanes_min = lanes.iter().flatten().map(|l| l.x).fold(f64::INFINITY, f64::min);
    let min_x = items.iter().map(|it| it.x - it.w / 2.0).fold(lanes_min, f64::min);
    let min_x = if min_x.is_finite() { min_x } else { 0.0 };
    for it in items.iter_mut() {
        it.x -= min_x;
    }
    for lane in lanes.iter_mut().flatten() {
        lane.x -= min_x;
    }
    let lanes_max = lanes.iter().flatten().map(|l| l.x).fold(0.0, f64::max);
    items.iter().map(|it| it.x + it.w / 2.0 + it.pad_right).fold(lanes_max, f64::max)
}

/// Per group, and the ungrouped as group `groups - 1`: the items of its pathway nodes, in
/// order.
///
/// Complexity: O(N + G).
pub(super) fn members(items: &[Item], groups: usize) -> Vec<Vec<usize>> {
    let mut members = vec![Vec::new(); groups];
    for (k, it) in items.iter().enumerate().filter(|(_, it)| !it.is_virtual()) {
        if let Some(m) = members.get_mut(it.groups.0) {
            m.push(k);
        }
    }
    members
}

/// The frame of a group around its nodes (its [`members`]): (x0, y0, x1, y1), or `None` when
/// it has no nodes.
///
/// Complexity: O(its nodes).
pub(super) fn group_frame(items: &[Item], members: &[usize]) -> Option<(f64, f64, f64, f64)> {
    let mut frame: Option<(f64, f64, f64, f64)> = None;
    for it in members.iter().map(|&k| &items[k]) {
        let (x0, y0, x1, y1) =
            (it.x - it.w / 2.0, it.y - it.h / 2.0, it.x + it.w / 2.0 + it.pad_right, it.y + it.h / 2.0);
        frame = Some(match frame {
            None => (x0, y0, x1, y1),
            Some(f) => (f.0.min(x0), f.1.min(y0), f.2.max(x1), f.3.max(y1)),
        });
    }
    frame.map(|(x0, y0, x1, y1)| (x0 - GROUP_PAD, y0 - GROUP_PAD - GROUP_LABEL_H, x1 + GROUP_PAD, y1 + GROUP_PAD))
}

/// Moves groups apart sideways so no two group frames overlap, and no ungrouped node sits in
/// a frame (the ungrouped nodes are kept together as one more group, with no frame drawn):
/// groups are taken in their order from the left (`keys`), and a frame that overlaps one
/// taken before it moves right of it with everything ordered after it. Every rank is sorted
/// by group key, so that is the end of each rank: order and gaps are kept.
///
/// Complexity: O(G² + N + S × N) for G groups, N slots and S groups moved.
fn separate_groups(items: &mut [Item], keys: &[f64], members: &[Vec<usize>]) {
    let ngroups = keys.len().saturating_sub(1);
    if ngroups == 0 {
        return;
    }
    let mut turn: Vec<usize> = (0..keys.len()).collect();
    turn.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for g in turn {
        let Some(frame) = group_frame(items, &members[g]) else { continue };
        let shift = placed
            .iter()
            .filter(|f| f.1 < frame.3 && frame.1 < f.3 && frame.0 < f.2 + GROUP_GAP)
            .map(|f| f.2 + GROUP_GAP - frame.0)
            .fold(0.0, f64::max);
        if shift > 0.0 {
            for it in items.iter_mut().filter(|it| item_key(it, keys) >= keys[g]) {
                it.x += shift;
            }
        }
        if let Some(f) = group_frame(items, &members[g]) {
            placed.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fit_in_order;

    #[test]
    fn fit_keeps_order_and_gaps_and_is_least_squares() {
        // Free: every item where it wants to be.
        assert_eq!(fit_in_order(&[0.0, 10.0, 30.0], &[1.0, 1.0, 1.0], &[5.0, 5.0]), vec![0.0, 10.0, 30.0]);
        // Two items wanting the same place, 10 apart: centred on it.
        assert_eq!(fit_in_order(&[5.0, 5.0], &[1.0, 1.0], &[10.0]), vec![0.0, 10.0]);
        // A heavier item moves less.
        assert_eq!(fit_in_order(&[0.0, 0.0], &[3.0, 1.0], &[8.0]), vec![-2.0, 6.0]);
    }
}
