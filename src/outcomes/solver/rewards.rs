//! What a solve collects at each node: a plain reward (time on treatment, an undiscounted cost
//! or quality-adjusted time), or a discounted one, where a node's own length of time both
//! earns its reward and shrinks the worth of everything after it, and the optimiser picks that
//! length among its ends.

use petgraph::algo::kosaraju_scc;
use petgraph::graphmap::DiGraphMap;

use super::{Goal, Model};

/// One way a discounted node may go: `reward` collected there, and `scale`, the factor in
/// (0, 1] on the worth of what follows (the discount over the node's own length of time).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Variant {
    /// Collected at the node.
    pub(crate) reward: f64,
    /// Multiplies the value of what follows.
    pub(crate) scale: f64,
}

/// The rewards of a solve.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rewards<'a> {
    /// `reward[u]` collected on leaving `u`; what follows counts in full.
    Plain(&'a [f64]),
    /// For each node one or two [`Variant`]s (its length of time at each end of its range);
    /// the node's value is the best over them of `reward + scale × what follows`. The best is
    /// at an end: with `A(T)` the discounted length and `δ^T` the discount over a length `T`,
    /// `r·A(T) + δ^T·W = r/λ + δ^T·(W − r/λ)` is monotone in `T`.
    Discounted(&'a [Vec<Variant>]),
}

impl Rewards<'_> {
    /// Whether `u` may collect a positive reward.
    pub(super) fn positive(&self, u: usize) -> bool {
        match self {
            Rewards::Plain(r) => r[u] > 0.0,
            Rewards::Discounted(v) => v[u].iter().any(|x| x.reward > 0.0),
        }
    }

    /// The value at `u` when what follows is worth `next` under the optimiser's choice, and
    /// the (reward, scale) of the variant it picks.
    pub(super) fn value(&self, u: usize, goal: Goal, next: f64) -> (f64, f64, f64) {
        match self {
            Rewards::Plain(r) => (r[u] + next, r[u], 1.0),
            Rewards::Discounted(v) => {
                let mut best: Option<(f64, f64, f64)> = None;
                for x in &v[u] {
                    let value = x.reward + if next == 0.0 { 0.0 } else { x.scale * next };
                    let better = match (best, goal) {
                        (None, _) => true,
                        (Some((b, _, _)), Goal::Min) => value < b,
                        (Some((b, _, _)), Goal::Max) => value > b,
                    };
                    if better {
                        best = Some((value, x.reward, x.scale));
                    }
                }
                best.unwrap_or((next, 0.0, 1.0))
            }
        }
    }

    /// Whether a walk may go round some cycle of `component` without time passing (every node
    /// on it has a variant of scale 1): only then may a discounted reward grow without bound.
    /// A plain reward has no discount, so every cycle counts. O(k + its edges).
    pub(super) fn timeless_cycle(&self, model: &Model, component: &[usize], member: &dyn Fn(usize) -> bool) -> bool {
        let Rewards::Discounted(v) = self else { return true };
        let timeless = |u: usize| v[u].iter().any(|x| x.scale >= 1.0);
        let mut graph = DiGraphMap::<usize, ()>::new();
        for &u in component.iter().filter(|&&u| timeless(u)) {
            graph.add_node(u);
            for (_, to) in model.actions[u].edges() {
                if member(to) && timeless(to) {
                    graph.add_edge(u, to, ());
                }
            }
        }
        kosaraju_scc(&graph).iter().any(|part| part.len() > 1 || graph.contains_edge(part[0], part[0]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discounted_node_takes_the_better_end_of_its_time() {
        let v = vec![vec![Variant { reward: 1.0, scale: 0.9 }, Variant { reward: 2.0, scale: 0.5 }]];
        let rewards = Rewards::Discounted(&v);
        // What follows is worth 10: 1 + 9 = 10 or 2 + 5 = 7.
        assert_eq!(rewards.value(0, Goal::Min, 10.0), (7.0, 2.0, 0.5));
        assert_eq!(rewards.value(0, Goal::Max, 10.0), (10.0, 1.0, 0.9));
        // Nothing follows: the reward alone.
        assert_eq!(rewards.value(0, Goal::Max, 0.0), (2.0, 2.0, 0.5));
        assert_eq!(Rewards::Plain(&[3.0]).value(0, Goal::Min, 4.0), (7.0, 3.0, 1.0));
        assert!(rewards.positive(0));
    }
}
