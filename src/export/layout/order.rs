//! Order within ranks, for the fewest edge crossings: a depth-first first order, then sweeps
//! that sort each rank by the weighted median of its neighbours' positions (as Graphviz's
//! `dot` does) or by their mean, each followed by transpositions of neighbours that remove
//! crossings; the order with the fewest crossings seen is kept. Eight runs (two first orders,
//! two ways of sorting, crossings of edges with a shared end counted or half counted) give
//! eight orders (fewer on a large drawing, [`ORDER_WORK`]); the one with the fewest
//! crossings between edges without a shared end wins. Last, each long edge is tried with all
//! its virtual nodes moved to one side at once. A group's members stay together in every
//! rank, groups in one left-to-right order everywhere (so their frames can be kept apart),
//! chosen by where their members are.

use super::{Chained, Item};

/// The items of each rank in order, and the groups' sort keys that order was sorted by.
type Ordered = (Vec<Vec<usize>>, Vec<f64>);

/// Median sweeps (alternately down and up).
const ORDER_SWEEPS: usize = 24;
/// Stop after this many sweeps without fewer crossings.
const PATIENCE: usize = 4;
/// Passes of transpositions after each sweep, at most.
const TRANSPOSE_PASSES: usize = 6;
/// The eight runs of [`order_ranks`] take at most this many item-sweeps (items × sweeps of
/// [`ORDER_SWEEPS`] per run) as far as that allows: a layout of more than 20,833 items
/// does fewer runs (the first of them in the order of [`order_ranks`]), at least one. Every
/// pathway of the layout-quality set is far under it (9,342 items at most).
const ORDER_WORK: usize = 4_000_000;

/// Step 4: the items of each rank, in order, and the groups' sort keys that order used (per
/// group, and the ungrouped last: its place from the left, see [`item_key`]).
///
/// Complexity: O(S × (N log N + E log E)) for S sweeps over N slots and E segments, plus
/// the transpositions, O(Σ deg(u)·deg(v)) over neighbouring pairs per pass.
pub(super) fn order_ranks(chained: &Chained) -> Ordered {
    let items = &chained.items;
    let ranks = items.iter().map(|it| it.rank).max().map_or(0, |r| r + 1);
    let mut best: Option<(usize, Ordered)> = None;
    let mut runs = (ORDER_WORK / (items.len() * ORDER_SWEEPS).max(1)).clamp(1, 8);
    for reversed in [false, true] {
        if runs == 0 {
            break;
        }
        let first = first_order(chained, ranks, reversed);
        for nudge in [Nudge::Median, Nudge::Barycentre] {
            for related_weight in [2, 1] {
                if runs == 0 {
                    break;
                }
                runs -= 1;
                let found = sweeps(chained, first.clone(), nudge, related_weight);
                let mut pos = vec![0; items.len()];
                set_positions(&found.0, &mut pos);
                // Judged by the crossings a reader sees: between edges without a shared end.
                let c = crossings(chained, &found.0, &pos, 0);
                if best.as_ref().is_none_or(|(b, _)| c < *b) {
                    best = Some((c, found));
                }
            }
        }
    }
    let (mut order, keys) = best.map(|(_, found)| found).unwrap_or_default();
    move_chains(chained, &mut order, &keys);
    slide_chains(chained, &mut order, &keys);
    (order, keys)
}

/// Tries every long edge's virtual nodes at the left end, then at the right end, of their
/// group's run in every rank at once (a move that swaps of neighbours cannot make, since each
/// single step may add crossings), keeping a move when it leaves fewer crossings between
/// edges without a shared end. Edges whose nodes would pass more than [`MOVE_REACH`] others
/// in all are left where they are.
///
/// Complexity: O(C × R × d²) for C edges spanning three ranks or more, R ≤ [`MOVE_REACH`]
/// items passed, d the degree of the items passed.
fn move_chains(chained: &Chained, order: &mut [Vec<usize>], keys: &[f64]) {
    let mut pos = vec![0usize; chained.items.len()];
    set_positions(order, &mut pos);
    if crossings(chained, order, &pos, 0) == 0 {
        return;
    }
    let mut moves: Vec<usize> = Vec::new();
    for chain in on_columns(chained) {
        for leftwards in [true, false] {
            moves.clear();
            let (mut total, mut reach) = (0isize, 0usize);
            'chain: for &q in chain {
                let mut passed = 0;
                while let Some(change) = swap_neighbour(chained, order, &mut pos, keys, q, leftwards) {
                    total += change;
                    passed += 1;
                    reach += 1;
                    if reach > MOVE_REACH {
                        // Too far: undone below, like a move that removes nothing.
                        moves.push(passed);
                        total = 0;
                        break 'chain;
                    }
                }
                moves.push(passed);
            }
            if total >= 0 {
                for (&q, &passed) in chain.iter().zip(&moves).rev() {
                    for _ in 0..passed {
                        swap_neighbour(chained, order, &mut pos, keys, q, !leftwards);
                    }
                }
            }
        }
    }
}

/// The chains of the edges with two virtual nodes or more, in a column of them (not on lanes).
fn on_columns(chained: &Chained) -> impl Iterator<Item = &Vec<usize>> {
    chained.chains.iter().zip(&chained.lanes).filter(|&(c, &lane)| c.len() >= 2 && !lane).map(|(c, _)| c)
}

/// Items one edge's virtual nodes may pass in all in [`move_chains`].
const MOVE_REACH: usize = 512;
/// Most long edges whose virtual nodes [`slide_chains`] tries to move (the longest first), so
/// the step stays near linear on large graphs.
const SLIDE_CHAINS: usize = 256;
/// Virtual nodes of one edge [`slide_chains`] looks at, at most.
const SLIDE_SPAN: usize = 64;

/// Moves a run of one long edge's virtual nodes, in consecutive ranks, each past its
/// neighbour on one side (of the same group key), where that leaves fewer crossings between
/// edges without a shared end: an edge passing a box and another edge together, which
/// single swaps cannot do when each swap alone only moves a crossing one rank along.
///
/// Complexity: O(Σ L² · d²) over the [`SLIDE_CHAINS`] longest edges, L ≤ [`SLIDE_SPAN`]
/// virtual nodes each, d the degree of the items passed.
fn slide_chains(chained: &Chained, order: &mut [Vec<usize>], keys: &[f64]) {
    let mut pos = vec![0usize; chained.items.len()];
    set_positions(order, &mut pos);
    let mut chains: Vec<&Vec<usize>> = on_columns(chained).collect();
    chains.sort_by_key(|c| std::cmp::Reverse(c.len()));
    chains.truncate(SLIDE_CHAINS);
    for chain in chains {
        let chain = &chain[..chain.len().min(SLIDE_SPAN)];
        for leftwards in [true, false] {
            // The best run (first, last) and its gain, over every run of consecutive ranks.
            let mut best: Option<(usize, usize, isize)> = None;
            for first in 0..chain.len() {
                let mut total = 0isize;
                let mut done = first;
                for (last, &q) in chain.iter().enumerate().skip(first) {
                    let Some(change) = swap_neighbour(chained, order, &mut pos, keys, q, leftwards) else {
                        break;
                    };
                    total += change;
                    done = last + 1;
                    if total < best.map_or(0, |b| b.2) {
                        best = Some((first, last, total));
                    }
                }
                for &q in chain[first..done].iter().rev() {
                    swap_neighbour(chained, order, &mut pos, keys, q, !leftwards);
                }
            }
            if let Some((first, last, _)) = best {
                for &q in &chain[first..=last] {
                    swap_neighbour(chained, order, &mut pos, keys, q, leftwards);
                }
            }
        }
    }
}

/// Swaps item `q` with its neighbour on one side, if there is one with the same group key,
/// and returns the change in crossings between edges without a shared end (each counted 2):
/// a swap of neighbours changes only the crossings between their own segments, so this is
/// exact, and a series of swaps sums exactly. `None`, and nothing moved, without such a
/// neighbour; a swap the other way undoes it.
fn swap_neighbour(
    chained: &Chained,
    order: &mut [Vec<usize>],
    pos: &mut [usize],
    keys: &[f64],
    q: usize,
    leftwards: bool,
) -> Option<isize> {
    let items = &chained.items;
    let row = &mut order[items[q].rank];
    let j = pos[q];
    let k = if leftwards { j.checked_sub(1)? } else { j + 1 };
    let other = *row.get(k)?;
    if item_key(&items[other], keys) != item_key(&items[q], keys) {
        return None;
    }
    let (left, right) = if leftwards { (other, q) } else { (q, other) };
    let before = pair_crossings(chained, pos, left, right, 0) as isize;
    let after = pair_crossings(chained, pos, right, left, 0) as isize;
    row.swap(j, k);
    pos[q] = k;
    pos[other] = j;
    Some(after - before)
}

/// How a sweep sorts a rank: by the neighbours' median position, or by their mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nudge {
    Median,
    Barycentre,
}

/// Sweeps from `order` sorting by `nudge`, each followed by transpositions; returns the
/// order with the fewest crossings seen (weighted as in [`crossings`]) and its group keys.
fn sweeps(chained: &Chained, mut order: Vec<Vec<usize>>, nudge: Nudge, related_weight: usize) -> Ordered {
    let items = &chained.items;
    let ranks = order.len();
    let ngroups = items.iter().map(|it| it.groups.0.max(it.groups.1)).max().map_or(0, |g| g + 1);
    let mut pos = vec![0usize; items.len()];
    set_positions(&order, &mut pos);
    // The first order is not sorted by group: every sweep's order is, and the first one is kept
    // at least.
    let mut best = (order.clone(), group_keys(items, &order, ngroups));
    let mut best_crossings = usize::MAX;
    let mut since_best = 0;
    let mut keyed: Vec<(f64, f64, usize, usize)> = Vec::new();
    let mut scratch: Vec<f64> = Vec::new();
    let mut counter = Counter::new(ranks, related_weight);
    let (mut ikeys, mut ikeys_of): (Vec<f64>, Vec<f64>) = (Vec::with_capacity(items.len()), Vec::new());
    for sweep in 0..ORDER_SWEEPS {
        let keys = group_keys(items, &order, ngroups);
        // Per item, its group key: computed again only when the groups' keys change.
        if sweep == 0 || keys != ikeys_of {
            ikeys.clear();
            ikeys.extend(items.iter().map(|it| item_key(it, &keys)));
            ikeys_of.clone_from(&keys);
        }
        let downward = sweep % 2 == 0;
        let rows: Vec<usize> =
            if downward { (1..ranks).collect() } else { (0..ranks.saturating_sub(1)).rev().collect() };
        for r in rows {
            let nbs = if downward { &chained.up } else { &chained.down };
            keyed.clear();
            for &k in &order[r] {
                let m = match nudge {
                    Nudge::Median => median(&nbs[k], &pos, &mut scratch),
                    Nudge::Barycentre => barycentre(&nbs[k], &pos),
                }
                .unwrap_or(pos[k] as f64);
                keyed.push((ikeys[k], m, pos[k], k));
            }
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            if keyed.iter().zip(&order[r]).all(|(x, &k)| x.3 == k) {
                continue;
            }
            counter.changed(r);
            order[r].clear();
            order[r].extend(keyed.iter().map(|&(_, _, _, k)| k));
            for (j, &k) in order[r].iter().enumerate() {
                pos[k] = j;
            }
        }
        transpose(chained, &mut order, &mut pos, &ikeys, (sweep % 4 >= 2, related_weight), &mut counter);
        let c = counter.count(chained, &order, &pos);
        if c < best_crossings {
            best_crossings = c;
            // Into the kept order's rows, without allocating them again.
            best.0.clone_from(&order);
            best.1 = keys;
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= PATIENCE || best_crossings == 0 {
                break;
            }
        }
    }
    best
}

/// Each item's position in its rank.
pub(super) fn set_positions(order: &[Vec<usize>], pos: &mut [usize]) {
    for row in order {
        for (j, &k) in row.iter().enumerate() {
            pos[k] = j;
        }
    }
}

/// The first order: items in the order a depth-first search down the edges reaches them,
/// from the items with nothing above them, in file order; `reversed` takes each item's edges
/// last first.
///
/// Complexity: O(N + E).
fn first_order(chained: &Chained, ranks: usize, reversed: bool) -> Vec<Vec<usize>> {
    let n = chained.items.len();
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    let mut seen = vec![false; n];
    let roots: Vec<usize> = (0..n).filter(|&k| chained.up[k].is_empty()).chain(0..n).collect();
    let mut stack: Vec<usize> = Vec::new();
    for root in roots {
        if seen[root] {
            continue;
        }
        stack.push(root);
        while let Some(k) = stack.pop() {
            if seen[k] {
                continue;
            }
            seen[k] = true;
            order[chained.items[k].rank].push(k);
            // Pushed in reverse so the first neighbour is visited first (unless `reversed`).
            if reversed {
                stack.extend(chained.down[k].iter().filter(|&&q| !seen[q]));
            } else {
                stack.extend(chained.down[k].iter().rev().filter(|&&q| !seen[q]));
            }
        }
    }
    order
}

/// Per group (and the ungrouped, as the last key): its place in the left-to-right order of
/// groups, from the mean relative position of its members over all ranks (ties by index).
///
/// Complexity: O(N + G log G).
fn group_keys(items: &[Item], order: &[Vec<usize>], ngroups: usize) -> Vec<f64> {
    if ngroups <= 1 {
        // The ungrouped alone: first.
        return vec![0.0; ngroups];
    }
    let mut sum = vec![0.0f64; ngroups];
    let mut count = vec![0usize; ngroups];
    for row in order {
        let len = row.len().max(1) as f64;
        for (j, &k) in row.iter().enumerate() {
            let (a, b) = items[k].groups;
            if a == b {
                sum[a] += (j as f64 + 0.5) / len;
                count[a] += 1;
            }
        }
    }
    let mut groups: Vec<usize> = (0..ngroups).collect();
    let mean = |g: usize| if count[g] == 0 { g as f64 } else { sum[g] / count[g] as f64 };
    groups.sort_by(|&a, &b| mean(a).total_cmp(&mean(b)).then(a.cmp(&b)));
    let mut keys = vec![0.0; ngroups];
    for (place, &g) in groups.iter().enumerate() {
        keys[g] = place as f64;
    }
    keys
}

/// An item's sort key by group: its group's place, or, for a virtual node of an edge between
/// two groups, halfway between theirs.
pub(super) fn item_key(item: &Item, keys: &[f64]) -> f64 {
    (keys[item.groups.0] + keys[item.groups.1]) / 2.0
}

/// The weighted median of the neighbours' positions (Gansner et al.'s, as in `dot`): the
/// middle one, or for an even count a mean weighted towards the denser side; `None` without
/// neighbours.
fn median(nbs: &[usize], pos: &[usize], many: &mut Vec<f64>) -> Option<f64> {
    match nbs {
        [] => return None,
        [q] => return Some(pos[*q] as f64),
        [q, r] => return Some((pos[*q] as f64 + pos[*r] as f64) / 2.0),
        _ => {}
    }
    many.clear();
    many.extend(nbs.iter().map(|&q| pos[q] as f64));
    many.sort_by(f64::total_cmp);
    let p: &[f64] = many;
    let m = p.len() / 2;
    match p.len() {
        0 => None,
        1 => Some(p[0]),
        2 => Some((p[0] + p[1]) / 2.0),
        len if len % 2 == 1 => Some(p[m]),
        len => {
            let left = p[m - 1] - p[0];
            let right = p[len - 1] - p[m];
            if left + right == 0.0 {
                Some((p[m - 1] + p[m]) / 2.0)
            } else {
                Some((p[m - 1] * right + p[m] * left) / (left + right))
            }
        }
    }
}

/// The mean of the neighbours' positions; `None` without neighbours.
fn barycentre(nbs: &[usize], pos: &[usize]) -> Option<f64> {
    (!nbs.is_empty()).then(|| nbs.iter().map(|&q| pos[q] as f64).sum::<f64>() / nbs.len() as f64)
}

/// Crossings over every pair of neighbouring ranks: those between edges without a shared end
/// count 2, the others (found among the edges at each box) `related_weight`.
///
/// Complexity: O(E log E) for E segments.
fn crossings(chained: &Chained, order: &[Vec<usize>], pos: &[usize], related_weight: usize) -> usize {
    Counter::new(order.len(), related_weight).count(chained, order, pos)
}

/// Counts [`crossings`] again after a change of order by recounting only the gaps between
/// ranks next to a rank whose order changed since the last count (a sweep on a deep drawing
/// changes few): the same number as counting afresh.
struct Counter {
    related_weight: usize,
    /// Per rank: the (all, related) crossings between it and the rank below, as last counted.
    gaps: Vec<(usize, usize)>,
    /// Per rank: whether its order changed since the last count.
    stale: Vec<bool>,
    pairs: Vec<(usize, usize)>,
    at_end: Vec<(usize, usize, usize)>,
    lower: Vec<usize>,
}

impl Counter {
    /// A counter with every rank to count.
    fn new(ranks: usize, related_weight: usize) -> Self {
        Counter {
            related_weight,
            gaps: vec![(0, 0); ranks],
            stale: vec![true; ranks],
            pairs: Vec::new(),
            at_end: Vec::new(),
            lower: Vec::new(),
        }
    }

    /// Marks rank `r`'s order as changed.
    fn changed(&mut self, r: usize) {
        self.stale[r] = true;
    }

    /// The crossings of `order`, as [`crossings`] weighs them.
    ///
    /// Complexity: O(E' log E') for the E' segments next to changed ranks.
    fn count(&mut self, chained: &Chained, order: &[Vec<usize>], pos: &[usize]) -> usize {
        for (r, row) in order.iter().enumerate() {
            if self.stale[r] || self.stale.get(r + 1).copied().unwrap_or(false) {
                self.gaps[r] = self.gap(chained, row, pos);
            }
        }
        self.stale.iter_mut().for_each(|s| *s = false);
        let (all, related) = self.gaps.iter().fold((0, 0), |(a, r), g| (a + g.0, r + g.1));
        let related = related.min(all);
        (all - related) * 2 + related * self.related_weight
    }

    /// The crossings between the segments from `row` to the rank below: all of them, and
    /// those between edges with a shared end (found among the edges at each box; only when
    /// they weigh less than the others).
    fn gap(&mut self, chained: &Chained, row: &[usize], pos: &[usize]) -> (usize, usize) {
        let (pairs, at_end, lower) = (&mut self.pairs, &mut self.at_end, &mut self.lower);
        pairs.clear();
        at_end.clear();
        for &k in row {
            for (&q, &e) in chained.down[k].iter().zip(&chained.down_edge[k]) {
                pairs.push((pos[k], pos[q]));
                if self.related_weight == 2 {
                    continue;
                }
                if let Some((a, b)) = chained.oriented[e] {
                    at_end.push((a, pos[k], pos[q]));
                    at_end.push((b, pos[k], pos[q]));
                }
            }
        }
        pairs.sort_unstable();
        lower.clear();
        lower.extend(pairs.iter().map(|p| p.1));
        let all = inversions(lower);
        let mut related = 0;
        at_end.sort_unstable();
        for run in at_end.chunk_by(|x, y| x.0 == y.0) {
            lower.clear();
            lower.extend(run.iter().map(|x| x.2));
            related += inversions(lower);
        }
        (all, related)
    }
}

/// The number of pairs out of order in `v`: counted pair by pair when short, else by a merge
/// sort.
///
/// Complexity: O(n log n).
fn inversions(v: &[usize]) -> usize {
    let n = v.len();
    if n <= 32 {
        return (0..n).map(|i| v[i + 1..].iter().filter(|&&x| x < v[i]).count()).sum();
    }
    let mut v = v.to_vec();
    let mut buf = v.clone();
    let mut count = 0;
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut o) = (start, mid, start);
            while i < mid && j < end {
                if v[j] < v[i] {
                    buf[o] = v[j];
                    count += mid - i;
                    j += 1;
                } else {
                    buf[o] = v[i];
                    i += 1;
                }
                o += 1;
            }
            buf[o..o + (mid - i)].copy_from_slice(&v[i..mid]);
            o += mid - i;
            buf[o..o + (end - j)].copy_from_slice(&v[j..end]);
            start = end;
        }
        std::mem::swap(&mut v, &mut buf);
        width *= 2;
    }
    count
}

/// Crossings between the segments of `u` and those of `v` when `u` is left of `v`, with
/// their neighbours above and below, weighted as in [`crossings`].
fn pair_crossings(chained: &Chained, pos: &[usize], u: usize, v: usize, related_weight: usize) -> usize {
    let mut c = 0;
    if related_weight == 2 {
        for nbs in [&chained.up, &chained.down] {
            for &a in &nbs[u] {
                c += 2 * nbs[v].iter().filter(|&&b| pos[b] < pos[a]).count();
            }
        }
        return c;
    }
    for (nbs, edges) in [(&chained.up, &chained.up_edge), (&chained.down, &chained.down_edge)] {
        for (&a, &ea) in nbs[u].iter().zip(&edges[u]) {
            c += nbs[v]
                .iter()
                .zip(&edges[v])
                .filter(|&(&b, _)| pos[b] < pos[a])
                .map(|(_, &eb)| if chained.related(ea, eb) { related_weight } else { 2 })
                .sum::<usize>();
        }
    }
    c
}

/// Swaps neighbours in a rank (of the same group key, `ikeys` per item) while that removes
/// crossings; with `ties`, also where it keeps them (once per pass: a way off a plateau, as
/// `dot` does). Marks the ranks it changes in `counter`.
///
/// Complexity: O(Σ deg(u)·deg(v)) per pass, at most [`TRANSPOSE_PASSES`] passes.
fn transpose(
    chained: &Chained,
    order: &mut [Vec<usize>],
    pos: &mut [usize],
    ikeys: &[f64],
    (ties, related_weight): (bool, usize),
    counter: &mut Counter,
) {
    // A rank is looked at again only when it or a neighbouring rank changed.
    let mut dirty = vec![true; order.len()];
    for _ in 0..TRANSPOSE_PASSES {
        let mut changed = vec![false; order.len()];
        let mut improved = false;
        for (r, row) in order.iter_mut().enumerate() {
            if !dirty[r] {
                continue;
            }
            for j in 1..row.len() {
                let (u, v) = (row[j - 1], row[j]);
                if ikeys[u] != ikeys[v] {
                    continue;
                }
                let now = pair_crossings(chained, pos, u, v, related_weight);
                if now == 0 {
                    continue;
                }
                let swapped = pair_crossings(chained, pos, v, u, related_weight);
                if swapped < now || (ties && swapped == now) {
                    row.swap(j - 1, j);
                    pos[u] = j;
                    pos[v] = j - 1;
                    counter.changed(r);
                    if swapped < now {
                        improved = true;
                        changed[r] = true;
                    }
                }
            }
        }
        if !improved {
            break;
        }
        for r in 0..order.len() {
            dirty[r] = changed[r] || (r > 0 && changed[r - 1]) || changed.get(r + 1).copied().unwrap_or(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::inversions;

    #[test]
    fn inversions_counts_pairs_out_of_order() {
        assert_eq!(inversions(&[]), 0);
        assert_eq!(inversions(&[1, 2, 3]), 0);
        assert_eq!(inversions(&[3, 2, 1]), 3);
        assert_eq!(inversions(&[2, 4, 1, 3, 5]), 3);
        assert_eq!(inversions(&[1, 1, 0]), 2);
        // Long enough for the merge sort: the same count as pair by pair.
        let long: Vec<usize> = (0..100).map(|i| (i * 37) % 101).collect();
        let pairwise: usize = (0..100).map(|i| long[i + 1..].iter().filter(|&&x| x < long[i]).count()).sum();
        assert_eq!(inversions(&long), pairwise);
        assert_eq!(inversions(&(0..100).rev().collect::<Vec<_>>()), 4950);
    }
}
