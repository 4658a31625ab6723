//! Routes of the built-in layout's edges. Each end is a port on its box's side (bottom for
//! an edge leaving downwards, top for one arriving), spread along the side in the order of
//! where the edges go, so ends never share a point and edges leaving one box do not cross.
//! Between its ports an edge follows its virtual nodes: down its own column through each
//! rank and across the gaps between ranks, where there are no boxes, so it cannot enter a
//! box. Then it is straightened: a run of its points is replaced by one straight segment
//! wherever that segment stays, in each rank, between the neighbours of the edge's point
//! there (so it enters no box and crosses no edge the order does not make it cross). An edge
//! with a label always passes through its label (drawn over the line).

use super::lane::Lane;
use super::order::set_positions;
use super::place::{fit_in_order, keep_within};
use super::{Chained, Item, Point, Shape, Slot, LOOP_W};
use crate::export::View;

/// Least distance between two ports on one side of a box.
const PORT_GAP: f64 = 12.0;
/// Margin kept clear around the neighbours of an edge's column by its straightened segments.
const CLEARANCE: f64 = 1.5;
/// How many points ahead a straight segment may reach.
const LOOKAHEAD: usize = 10;

/// A point of a route and the item whose column it is in.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    p: Point,
    /// The item whose column (between its neighbours in its rank) this point is in.
    item: usize,
    /// The route must pass here (its ends and its label).
    fixed: bool,
}

/// Per rank: the top and bottom of its band, the extent of its tallest item.
///
/// Complexity: O(N).
pub(super) fn bands(items: &[Item], order: &[Vec<usize>]) -> Vec<(f64, f64)> {
    order
        .iter()
        .map(|row| {
            let y = row.first().map_or(0.0, |&k| items[k].y);
            let h = row.iter().map(|&k| items[k].h).fold(0.0, f64::max);
            (y - h / 2.0, y + h / 2.0)
        })
        .collect()
}

/// The route of every drawn edge (`None` when an end is not drawn), in the order of
/// `view.edges`; `bands` as [`bands`] gives them, `lanes` those of the edges on lanes.
///
/// Complexity: O(N + E × L × LOOKAHEAD²) for routes of at most L points (each straightening
/// looks [`LOOKAHEAD`] points ahead).
pub(super) fn routes(
    view: &View,
    chained: &Chained,
    order: &[Vec<usize>],
    bands: &[(f64, f64)],
    lanes: &[Option<Lane>],
) -> Vec<Option<Vec<Point>>> {
    let items = &chained.items;
    let ports = ports(chained);
    let mut pos = vec![0; items.len()];
    set_positions(order, &mut pos);
    let cols = Columns { items, order, pos, bands };
    (0..view.edges.len())
        .map(|k| {
            let e = &view.edges[k];
            let (a, b) = (chained.item_of[e.from]?, chained.item_of[e.to]?);
            if a == b {
                let it = &items[a];
                let (x, y) = (it.x + it.w / 2.0, it.y);
                return Some(vec![(x, y - 6.0), (x + LOOP_W, y - 6.0), (x + LOOP_W, y + 6.0), (x, y + 6.0)]);
            }
            let (top, bottom) = chained.oriented[k]?;
            let anchors = anchors(chained, k, (top, bottom), &ports, bands, lanes[k]);
            let mut pts = straighten(&anchors, &cols);
            if e.back {
                pts.reverse();
            }
            Some(pts)
        })
        .collect()
}

/// Per drawn edge: its ports (top end's bottom side, bottom end's top side).
type Ports = Vec<Option<(Point, Point)>>;

/// The ports of every edge: on each side of each node, the edges' ends sorted by where the
/// edge goes next, each placed right above (or below) that point when it can be, at least
/// [`PORT_GAP`] apart (closer on a box too small for them), and within the side's straight
/// part (the middle half of a diamond's side).
///
/// Complexity: O(E log E).
fn ports(chained: &Chained) -> Ports {
    let items = &chained.items;
    // Per item: (edge, x the edge heads to) at its bottom and at its top.
    let mut bottom: Vec<Vec<(f64, usize)>> = vec![Vec::new(); items.len()];
    let mut top: Vec<Vec<(f64, usize)>> = vec![Vec::new(); items.len()];
    for (k, ends) in chained.oriented.iter().enumerate() {
        let Some((a, b)) = *ends else { continue };
        let chain = &chained.chains[k];
        let first = chain.first().map_or(b, |&q| q);
        let last = chain.last().map_or(a, |&q| q);
        bottom[a].push((items[first].x, k));
        top[b].push((items[last].x, k));
    }
    let mut out: Vec<(Option<Point>, Option<Point>)> = vec![(None, None); chained.oriented.len()];
    for (k, it) in items.iter().enumerate() {
        for (side, lower) in [(&mut bottom[k], true), (&mut top[k], false)] {
            side.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
            let xs = spread(it, side);
            for (&(_, e), x) in side.iter().zip(xs) {
                let p = (x, border_y(it, x, lower));
                if lower {
                    out[e].0 = Some(p);
                } else {
                    out[e].1 = Some(p);
                }
            }
        }
    }
    out.into_iter().map(|(a, b)| Some((a?, b?))).collect()
}

/// Where edge ends go along one side of `it`: towards the x each one heads to, in order, at
/// least [`PORT_GAP`] apart, within the side's usable part.
fn spread(it: &Item, side: &[(f64, usize)]) -> Vec<f64> {
    let n = side.len();
    if n == 0 {
        return Vec::new();
    }
    let half = match it.shape {
        Shape::Box => (it.w / 2.0 - 6.0).max(0.0),
        Shape::Pill => ((it.w - it.h) / 2.0).max(0.0),
        Shape::Diamond => it.w / 4.0,
    };
    let (lo, hi) = (it.x - half, it.x + half);
    let gap = if n > 1 { PORT_GAP.min((hi - lo) / (n - 1) as f64) } else { 0.0 };
    let wanted: Vec<f64> = side.iter().map(|&(x, _)| x.clamp(lo, hi)).collect();
    let mut xs = fit_in_order(&wanted, &vec![1.0; n], &vec![gap; n - 1]);
    if n == 1 {
        // One end in the middle of a small box, towards its edge on a wide one.
        xs[0] = if hi - lo < 4.0 * PORT_GAP { it.x } else { xs[0] };
        return xs;
    }
    keep_within(&mut xs, &vec![(lo, hi); n], &vec![gap; n - 1]);
    xs
}

/// The y of the bottom (`lower`) or top side of `it`'s outline at `x`.
fn border_y(it: &Item, x: f64, lower: bool) -> f64 {
    let dy = match it.shape {
        Shape::Diamond => it.h / 2.0 * (1.0 - ((x - it.x).abs() / (it.w / 2.0)).min(1.0)),
        _ => it.h / 2.0,
    };
    if lower {
        it.y + dy
    } else {
        it.y - dy
    }
}

/// The unstraightened route of edge `k` from its top end to its bottom end: its port, down
/// to the bottom of the rank, then for each virtual node down its column through the rank,
/// and from the top of the last rank down to the port of the bottom end. An edge on a `lane`
/// turns out to it below its first virtual node and back in above its last, at fixed points.
fn anchors(
    chained: &Chained,
    k: usize,
    (a, b): (usize, usize),
    ports: &Ports,
    bands: &[(f64, f64)],
    lane: Option<Lane>,
) -> Vec<Anchor> {
    let items = &chained.items;
    let (start, end) = ports[k].unwrap_or(((items[a].x, items[a].y), (items[b].x, items[b].y)));
    let (ra, rb) = (items[a].rank, items[b].rank);
    let mut out = vec![Anchor { p: start, item: a, fixed: true }];
    let push = |p: Point, item: usize, fixed: bool, out: &mut Vec<Anchor>| {
        if let Some(last) = out.last_mut() {
            if (last.p.0 - p.0).abs() < 1e-9 && (last.p.1 - p.1).abs() < 1e-9 {
                last.fixed |= fixed;
                return;
            }
        }
        out.push(Anchor { p, item, fixed });
    };
    push((start.0, bands[ra].1), a, false, &mut out);
    for (j, &q) in chained.chains[k].iter().enumerate() {
        let it = &items[q];
        if let (Some(lane), 1) = (lane, j) {
            let first = &items[chained.chains[k][0]];
            push((first.x, lane.y_out), q, true, &mut out);
            push((lane.x, lane.y_out), q, true, &mut out);
            push((lane.x, lane.y_in), q, true, &mut out);
            push((it.x, lane.y_in), q, true, &mut out);
        }
        let (t, bt) = bands[it.rank];
        let label = matches!(it.slot, Slot::Label(_));
        push((it.x, t), q, label, &mut out);
        push((it.x, bt), q, label, &mut out);
    }
    push((end.0, bands[rb].0), b, false, &mut out);
    push(end, b, true, &mut out);
    out
}

/// What the straightening needs to know of the placed layout.
struct Columns<'a> {
    items: &'a [Item],
    order: &'a [Vec<usize>],
    /// Per item: its position in its rank.
    pos: Vec<usize>,
    /// Per rank: the top and bottom of its band.
    bands: &'a [(f64, f64)],
}

impl Columns<'_> {
    /// The x range of item `q`'s column: from its left neighbour's right side to its right
    /// neighbour's left side, less [`CLEARANCE`].
    fn corridor(&self, q: usize) -> (f64, f64) {
        let (row, j) = (&self.order[self.items[q].rank], self.pos[q]);
        let left = j.checked_sub(1).map(|l| &self.items[row[l]]);
        let right = row.get(j + 1).map(|&r| &self.items[r]);
        (
            left.map_or(f64::NEG_INFINITY, |it| it.x + it.w / 2.0 + it.pad_right + CLEARANCE),
            right.map_or(f64::INFINITY, |it| it.x - it.w / 2.0 - CLEARANCE),
        )
    }
}

/// The route through `anchors` with runs replaced by straight segments: from each point, the
/// farthest point ahead (not past a fixed one) reached by a segment that stays in the
/// columns of the points it replaces ([`clear`]).
///
/// Complexity: O(L × LOOKAHEAD²) for L anchors.
fn straighten(anchors: &[Anchor], cols: &Columns) -> Vec<Point> {
    let mut pts = vec![anchors[0].p];
    let last = anchors.len() - 1;
    let mut i = 0;
    while i < last {
        let mut limit = (i + LOOKAHEAD).min(last);
        if let Some(f) = (i + 1..=limit).find(|&j| anchors[j].fixed) {
            limit = f;
        }
        let mut j = limit;
        while j > i + 1 && !clear(&anchors[i..=j], cols) {
            j -= 1;
        }
        pts.push(anchors[j].p);
        i = j;
    }
    pts
}

/// Whether the straight segment from the first to the last of `run` stays, in the band of
/// each point's rank, inside that point's column: then it crosses no other edge's virtual
/// node or label and enters no box (an end's own diamond is checked as well, since a
/// segment leaving a diamond's side sideways could cut its corner).
fn clear(run: &[Anchor], cols: &Columns) -> bool {
    let (p, q) = (run[0].p, run[run.len() - 1].p);
    let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
    let x_at = |y: f64| if (q.1 - p.1).abs() < 1e-9 { p.0 } else { p.0 + (q.0 - p.0) * (y - p.1) / (q.1 - p.1) };
    let mut seen = usize::MAX;
    for a in run {
        if a.item == seen {
            continue;
        }
        seen = a.item;
        let it = &cols.items[a.item];
        if it.shape == Shape::Diamond && enters(it, p, q, 0.0) {
            return false;
        }
        let (top, bottom) = cols.bands[it.rank];
        let (lo, hi) = (top.max(y0), bottom.min(y1));
        if lo > hi {
            continue;
        }
        let (left, right) = cols.corridor(a.item);
        for y in [lo, hi] {
            let x = x_at(y);
            if x < left || x > right {
                return false;
            }
        }
    }
    true
}

/// Whether the segment p–q enters `it`'s outline (its bounding box, or the diamond itself)
/// grown by `margin`: clipping against the outline's half-planes (Cyrus–Beck).
fn enters(it: &Item, p: Point, q: Point, margin: f64) -> bool {
    let (hw, hh) = ((it.w / 2.0 + margin).max(0.0), (it.h / 2.0 + margin).max(0.0));
    if hw <= 0.0 || hh <= 0.0 {
        return false;
    }
    // Half-planes n·(v − centre) ≤ c.
    let planes: [(f64, f64, f64); 4] = match it.shape {
        Shape::Diamond => [(hh, hw, hw * hh), (-hh, hw, hw * hh), (hh, -hw, hw * hh), (-hh, -hw, hw * hh)],
        _ => [(1.0, 0.0, hw), (-1.0, 0.0, hw), (0.0, 1.0, hh), (0.0, -1.0, hh)],
    };
    let (px, py) = (p.0 - it.x, p.1 - it.y);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (nx, ny, c) in planes {
        let denom = nx * dx + ny * dy;
        let num = c - (nx * px + ny * py);
        if denom.abs() < 1e-12 {
            // Parallel to this side: outside, or running along it, does not enter.
            if num <= 1e-9 {
                return false;
            }
        } else {
            let t = num / denom;
            if denom > 0.0 {
                t1 = t1.min(t);
            } else {
                t0 = t0.max(t);
            }
        }
        if t0 >= t1 {
            return false;
        }
    }
    t1 - t0 > 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(shape: Shape) -> Item {
        Item {
            slot: Slot::Node(0),
            shape,
            rank: 0,
            w: 100.0,
            h: 40.0,
            x: 0.0,
            y: 0.0,
            pad_right: 0.0,
            groups: (0, 0),
            lines: Vec::new(),
            listed: Vec::new(),
        }
    }

    #[test]
    fn a_segment_enters_a_box_only_through_it() {
        let b = item(Shape::Box);
        assert!(enters(&b, (-60.0, 0.0), (60.0, 0.0), 0.0));
        assert!(!enters(&b, (-60.0, 30.0), (60.0, 30.0), 0.0));
        // Along the border does not count; within a margin around it does.
        assert!(!enters(&b, (-60.0, 20.0), (60.0, 20.0), 0.0));
        assert!(enters(&b, (-60.0, 21.0), (60.0, 21.0), 1.5));
        // Leaving from the border downwards does not enter.
        assert!(!enters(&b, (0.0, 20.0), (40.0, 80.0), 0.0));
    }

    #[test]
    fn a_diamond_is_entered_through_its_sides_not_its_corners() {
        let d = item(Shape::Diamond);
        assert!(enters(&d, (0.0, -30.0), (0.0, 30.0), 0.0));
        // Across the bounding box's corner, outside the diamond.
        assert!(!enters(&d, (30.0, 25.0), (55.0, 10.0), 0.0));
    }

    #[test]
    fn ports_spread_in_order_within_the_side() {
        let b = item(Shape::Box);
        assert_eq!(spread(&b, &[(0.0, 0), (0.0, 1), (0.0, 2)]), vec![-12.0, 0.0, 12.0]);
        assert_eq!(spread(&b, &[(-500.0, 0), (500.0, 1)]), vec![-44.0, 44.0]);
        let many: Vec<(f64, usize)> = (0..10).map(|k| (0.0, k)).collect();
        let xs = spread(&b, &many);
        assert!(xs.windows(2).all(|w| (w[1] - w[0] - 88.0 / 9.0).abs() < 1e-9), "{xs:?}");
    }
}
