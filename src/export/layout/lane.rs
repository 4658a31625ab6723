//! Lanes of the built-in layout: where a large drawing's longest edges run instead of down a
//! column of virtual nodes in every rank they pass (which would make the layout quadratic in
//! the graph's size when many long edges converge, as on a chain with a shared outcome). An
//! edge on a lane ([`super::Chained::lanes`]) keeps its first and last virtual nodes, so it
//! leaves its top end and reaches its bottom end like any edge; in the gap below the first it
//! turns sideways out to its lane, a vertical line beside every box and group frame of the
//! ranks it passes, left or right of the drawing (the side nearer its ends), and in the gap
//! above the last it turns back in. Gaps hold no boxes, so the route enters none. Lanes of
//! edges whose ranks overlap are apart, the shorter edge nearer the drawing; in one gap the
//! turns are at different heights, the gap made taller when it holds many.

use super::{Chained, Item, GROUP_PAD, RANK_GAP};

/// Least distance between two lanes side by side, and between a lane and a group frame.
const LANE_GAP: f64 = 12.0;
/// Least distance between two turns to or from a lane in one gap between ranks.
const TURN_GAP: f64 = 2.0;

/// Where an edge on a lane runs: its vertical line and the heights of its two turns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Lane {
    /// x of the lane.
    pub x: f64,
    /// y of the turn from the first virtual node out to the lane, in the gap below it.
    pub y_out: f64,
    /// y of the turn from the lane back in to the last virtual node, in the gap above it.
    pub y_in: f64,
}

/// The ranks below which edge `k`'s two turns are (their gaps), for an edge on a lane.
fn turn_gaps(chained: &Chained, k: usize) -> Option<(usize, usize)> {
    if !chained.lanes[k] {
        return None;
    }
    let (first, last) = (chained.chains[k][0], chained.chains[k][1]);
    Some((chained.items[first].rank, chained.items[last].rank - 1))
}

/// Per rank: how many turns to or from lanes the gap below it holds.
///
/// Complexity: O(R + E).
pub(super) fn turns_per_gap(chained: &Chained, ranks: usize) -> Vec<usize> {
    let mut turns = vec![0; ranks];
    for k in 0..chained.lanes.len() {
        if let Some((out, back)) = turn_gaps(chained, k) {
            turns[out] += 1;
            turns[back] += 1;
        }
    }
    turns
}

/// Height of a gap between ranks holding `turns` turns: [`RANK_GAP`], or more so that the
/// turns are [`TURN_GAP`] apart.
pub(super) fn gap_height(turns: usize) -> f64 {
    RANK_GAP.max((turns + 1) as f64 * TURN_GAP)
}

/// The lane of every edge on one (`None` for the others). Taken from the shortest edge to the
/// longest (ties by index): each lane goes [`LANE_GAP`] beyond every box, frame and lane
/// already placed on its side in the ranks it passes (a range maximum over the ranks).
/// `bands` are the ranks' (top, bottom), `turns` the counts of [`turns_per_gap`].
///
/// Complexity: O(N + R + L log(L R)) for L edges on lanes and R ranks.
pub(super) fn assign(
    chained: &Chained,
    order: &[Vec<usize>],
    bands: &[(f64, f64)],
    turns: &[usize],
) -> Vec<Option<Lane>> {
    let items = &chained.items;
    let mut out: Vec<Option<Lane>> = vec![None; chained.lanes.len()];
    let on_lanes: Vec<usize> = (0..chained.lanes.len()).filter(|&k| chained.lanes[k]).collect();
    if on_lanes.is_empty() {
        return out;
    }
    // Per rank: the left and right extent of its boxes, their frames' padding added.
    let extent = |row: &Vec<usize>| {
        row.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &k| {
            let it: &Item = &items[k];
            (lo.min(it.x - it.w / 2.0 - GROUP_PAD), hi.max(it.x + it.w / 2.0 + it.pad_right + GROUP_PAD))
        })
    };
    let extents: Vec<(f64, f64)> = order.iter().map(extent).collect();
    let lo = extents.iter().map(|e| e.0).fold(f64::INFINITY, f64::min);
    let hi = extents.iter().map(|e| e.1).fold(f64::NEG_INFINITY, f64::max);
    let centre = if lo.is_finite() && hi.is_finite() { (lo + hi) / 2.0 } else { 0.0 };
    // The right side as it is, the left side mirrored: a lane goes to the greater x.
    let mut sides =
        [Skyline::new(extents.iter().map(|e| e.1).collect()), Skyline::new(extents.iter().map(|e| -e.0).collect())];
    let mut by_length: Vec<(usize, usize, usize, usize)> = on_lanes
        .iter()
        .filter_map(|&k| {
            let (out, back) = turn_gaps(chained, k)?;
            // The lane passes the ranks between its turns' gaps.
            Some((back - out, k, out + 1, back))
        })
        .collect();
    by_length.sort_unstable();
    let mut xs: Vec<(usize, f64)> = Vec::with_capacity(by_length.len());
    for &(_, k, from, to) in &by_length {
        let chain = &chained.chains[k];
        let mid = (items[chain[0]].x + items[chain[1]].x) / 2.0;
        let side = usize::from(mid < centre);
        let sky = &mut sides[side];
        let reach = sky.max(from, to);
        let x = if reach.is_finite() { reach + LANE_GAP } else { LANE_GAP };
        sky.raise(from, to, x);
        xs.push((k, if side == 0 { x } else { -x }));
    }
    xs.sort_unstable_by_key(|&(k, _)| k);
    // The turns in each gap, top to bottom: first those coming back from lanes (the lane
    // nearest the drawing highest), then those going out (the farthest highest), so that a
    // lane ending in a gap leaves it before one starting there takes it.
    let mut at_gap: Vec<(usize, bool, f64, usize)> = Vec::with_capacity(2 * xs.len());
    for &(k, x) in &xs {
        let Some((out_gap, back_gap)) = turn_gaps(chained, k) else { continue };
        let distance = (x - centre).abs();
        at_gap.push((back_gap, false, distance, k));
        at_gap.push((out_gap, true, -distance, k));
    }
    at_gap.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut ys: Vec<(usize, bool, f64)> = Vec::with_capacity(at_gap.len());
    for run in at_gap.chunk_by(|a, b| a.0 == b.0) {
        let gap = run[0].0;
        let (m, h) = (run.len(), gap_height(turns[gap]));
        for (i, &(_, going_out, _, k)) in run.iter().enumerate() {
            ys.push((k, going_out, bands[gap].1 + h * (i + 1) as f64 / (m + 1) as f64));
        }
    }
    ys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    for (&(k, x), pair) in xs.iter().zip(ys.chunks(2)) {
        // Sorted by (edge, going out): the turn back in first.
        out[k] = Some(Lane { x, y_out: pair[1].2, y_in: pair[0].2 });
    }
    out
}

/// Per rank, how far out a side is taken: a segment tree with range maximum and range
/// assignment (lazy), over ranks.
struct Skyline {
    /// Per tree node: the maximum over its ranks.
    max: Vec<f64>,
    /// Per tree node: a value every rank under it was set to, not yet passed down.
    set: Vec<Option<f64>>,
    /// Number of ranks.
    n: usize,
}

impl Skyline {
    fn new(values: Vec<f64>) -> Self {
        let n = values.len().max(1);
        let mut sky = Skyline { max: vec![f64::NEG_INFINITY; 4 * n], set: vec![None; 4 * n], n };
        sky.build(1, 0, n - 1, &values);
        sky
    }

    fn build(&mut self, node: usize, l: usize, r: usize, values: &[f64]) {
        if l == r {
            self.max[node] = values.get(l).copied().unwrap_or(f64::NEG_INFINITY);
            return;
        }
        let m = (l + r) / 2;
        self.build(2 * node, l, m, values);
        self.build(2 * node + 1, m + 1, r, values);
        self.max[node] = self.max[2 * node].max(self.max[2 * node + 1]);
    }

    fn push(&mut self, node: usize) {
        if let Some(v) = self.set[node].take() {
            for child in [2 * node, 2 * node + 1] {
                self.max[child] = v;
                self.set[child] = Some(v);
            }
        }
    }

    /// The maximum over ranks `from..=to`.
    fn max(&mut self, from: usize, to: usize) -> f64 {
        self.query(1, 0, self.n - 1, from, to.min(self.n - 1))
    }

    fn query(&mut self, node: usize, l: usize, r: usize, from: usize, to: usize) -> f64 {
        if to < l || r < from || from > to {
            return f64::NEG_INFINITY;
        }
        if from <= l && r <= to {
            return self.max[node];
        }
        self.push(node);
        let m = (l + r) / 2;
        self.query(2 * node, l, m, from, to).max(self.query(2 * node + 1, m + 1, r, from, to))
    }

    /// Sets ranks `from..=to` to `v` (at least their maximum, so a maximum stays one).
    fn raise(&mut self, from: usize, to: usize, v: f64) {
        self.update(1, 0, self.n - 1, from, to.min(self.n - 1), v);
    }

    fn update(&mut self, node: usize, l: usize, r: usize, from: usize, to: usize, v: f64) {
        if to < l || r < from || from > to {
            return;
        }
        if from <= l && r <= to {
            self.max[node] = v;
            self.set[node] = Some(v);
            return;
        }
        self.push(node);
        let m = (l + r) / 2;
        self.update(2 * node, l, m, from, to, v);
        self.update(2 * node + 1, m + 1, r, from, to, v);
        self.max[node] = self.max[2 * node].max(self.max[2 * node + 1]);
    }
}

#[cfg(test)]
mod tests {
    use super::Skyline;

    #[test]
    fn skyline_gives_range_maxima_after_raises() {
        let mut sky = Skyline::new(vec![1.0, 5.0, 2.0, 0.0, 3.0]);
        assert_eq!(sky.max(0, 4), 5.0);
        assert_eq!(sky.max(2, 3), 2.0);
        sky.raise(2, 3, 7.0);
        assert_eq!(sky.max(3, 4), 7.0);
        assert_eq!(sky.max(4, 4), 3.0);
        assert_eq!(sky.max(0, 1), 5.0);
        sky.raise(0, 4, 9.0);
        assert_eq!(sky.max(1, 1), 9.0);
    }
}
