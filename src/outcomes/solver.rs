//! The solver behind [`super::analyse`]: the pathway as an interval Markov decision process
//! (what each node does with the walk), its strongly connected components, and the optimal
//! value of every node by Bellman steps, value iteration and exact policy evaluation.

use std::cell::RefCell;
use std::collections::HashMap;

use petgraph::algo::kosaraju_scc;

use petgraph::graphmap::DiGraphMap;

use crate::graph::PathwayGraph;

use crate::model::{Choice, NodeKind};
use linear::dot;
pub(crate) use linear::gaussian_elimination;
use order::{components_sinks_first, successors_first};
pub(crate) use rewards::{Rewards, Variant};

/// What a node does with the walk.
#[derive(Debug, Clone)]
enum Action {
    /// Terminal, or no branch applies: the walk stops.
    Stop,
    /// Someone picks one of these (edge, target); one option = a plain step.
    Choose(Vec<(usize, usize)>),
    /// Nature picks a distribution within the bounds.
    Chance(Vec<Branch>),
}

impl Action {
    /// The `i`-th (edge, target) the walk may take from here, in file order.
    fn nth_edge(&self, i: usize) -> Option<(usize, usize)> {
        match self {
            Action::Stop => None,
            Action::Choose(options) => options.get(i).copied(),
            Action::Chance(branches) => branches.get(i).map(|b| (b.edge, b.to)),
        }
    }

    /// The same action with every target `to` renamed `rename(to)`.
    fn relabel(self, rename: impl Fn(usize) -> usize) -> Action {
        match self {
            Action::Stop => Action::Stop,
            Action::Choose(options) => Action::Choose(options.into_iter().map(|(e, to)| (e, rename(to))).collect()),
            Action::Chance(branches) => {
                Action::Chance(branches.into_iter().map(|b| Branch { to: rename(b.to), ..b }).collect())
            }
        }
    }

    /// Every (edge, target) the walk may take from here, whatever the choice or chance, in
    /// file order.
    fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..).map_while(|i| self.nth_edge(i))
    }
}

#[derive(Debug, Clone, Copy)]
struct Branch {
    edge: usize,
    to: usize,
    low: f64,
    high: f64,
    base: Option<f64>,
    /// Whether the figure is approximate (`{"about": ..}`, already widened into low/high).
    approximate: bool,
}

/// The pathway as an interval MDP for one patient class, with its components: only the
/// nodes the walk can reach from the start, since no other node's value is ever read. Local
/// node `i` is file node `nodes[i]`; local nodes are numbered in ascending file order, so every
/// order below (components sorted, sweeps, rows of the exact solve) is the order the file
/// gives, whatever part of it a class reaches.
pub(super) struct Model {
    /// File node of each local node, ascending.
    pub(super) nodes: Vec<usize>,
    /// Each local node's action; targets are local nodes, edges are indices into the file's.
    actions: Vec<Action>,
    /// Strongly connected components, sinks first, each in ascending node order.
    components: Vec<Vec<usize>>,
    /// Whether a component is a cycle (more than one node, or a self-loop).
    cyclic: Vec<bool>,
    /// For each cyclic component, its nodes in the order value iteration sweeps them.
    sweep_orders: Vec<Vec<usize>>,
    /// Whether some chance branch has a base figure of its own: else a solve at the base
    /// figures is the solve at their bounds, figure for figure.
    has_base: bool,
    /// Scratch rows for the exact evaluation's linear system.
    rows: RefCell<Vec<Vec<f64>>>,
    /// Scratch buffers for the Bellman step at chance nodes.
    scratch: RefCell<Scratch>,
    /// Per local node: its position in the cyclic component being solved, else `usize::MAX`
    /// (set for one component at a time and reset after, so a component costs its own size).
    slot: RefCell<Vec<usize>>,
}

/// Buffers reused by [`Model::distribution_into`].
#[derive(Debug, Default)]
struct Scratch {
    p: Vec<f64>,
    values: Vec<f64>,
    order: Vec<usize>,
}

/// Which bound a solve computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Goal {
    /// The least value over every open choice.
    Min,
    /// The greatest value.
    Max,
}

/// Largest component solved exactly by Gaussian elimination; bigger ones keep the converged
/// value-iteration result: iterated until no value moves by more than 1e-15 (relative) in a
/// sweep, which leaves an error of that order times the loop's expected number of passes
/// (about 1e-13 relative on a 995-node relapse loop: the 12th decimal of a JSON figure).
pub(super) const EXACT_LIMIT: usize = 400;
/// Value iteration stops when no value moves by more than this (relative to max(1, |v|)).
const CONVERGED: f64 = 1e-15;
/// Value iteration sweeps before giving up on convergence (the exact evaluation is tried after
/// 64, 128, 256, ... sweeps, so a slowly converging loop is solved long before).
const MAX_SWEEPS: usize = 200_000;

impl Model {
    /// The model of `flow` for the patients `resolve` describes, from `start`: `resolve(edge)`
    /// says whether a decision edge is taken (`None`: a free choice). Only the nodes the walk
    /// can reach from `start` are in it (a class of patients often reaches a small part of a
    /// big pathway), and only their decision edges are resolved.
    ///
    /// Complexity: O(R + its edges), R the nodes reached, plus O(k log k) per component of k
    /// nodes to sort it, and one O(V) map from file nodes to local ones, set in one pass.
    pub(super) fn new(flow: &PathwayGraph, start: usize, resolve: &dyn Fn(usize) -> Option<bool>) -> Self {
        // The walk from the start, each node's action worked out as it is met (`found`: the
        // order met in).
        let mut found = vec![usize::MAX; flow.len()];
        found[start] = 0;
        let mut met = vec![start];
        let mut met_actions = Vec::new();
        while let Some(&u) = met.get(met_actions.len()) {
            let action = action_of(flow, u, resolve);
            for (_, to) in action.edges() {
                if found[to] == usize::MAX {
                    found[to] = met.len();
                    met.push(to);
                }
            }
            met_actions.push(action);
        }
        let mut nodes = met;
        nodes.sort_unstable();
        let order_met: Vec<usize> = nodes.iter().map(|&u| found[u]).collect();
        let local = &mut found;
        for (i, &u) in nodes.iter().enumerate() {
            local[u] = i;
        }
        let actions: Vec<Action> = order_met
            .into_iter()
            .map(|m| std::mem::replace(&mut met_actions[m], Action::Stop).relabel(|to| local[to]))
            .collect();
        let components = components_sinks_first(&actions);
        let cyclic: Vec<bool> =
            components.iter().map(|c| c.len() > 1 || actions[c[0]].edges().any(|(_, to)| to == c[0])).collect();
        let sweep_orders = components
            .iter()
            .zip(&cyclic)
            .map(|(c, &cyclic)| if cyclic { successors_first(c, &actions) } else { Vec::new() })
            .collect();
        let has_base = actions.iter().any(|a| matches!(a, Action::Chance(b) if b.iter().any(|b| b.base.is_some())));
        let slot = RefCell::new(vec![usize::MAX; nodes.len()]);
        Model {
            nodes,
            actions,
            components,
            cyclic,
            sweep_orders,
            has_base,
            rows: RefCell::new(Vec::new()),
            scratch: RefCell::default(),
            slot,
        }
    }

    /// Whether some chance branch has a base figure of its own; without one, a solve at the
    /// base figures gives exactly the solve at their bounds (the same figures, the same steps),
    /// so the caller need not run it.
    pub(super) fn has_base(&self) -> bool {
        self.has_base
    }

    /// The local node of file node `u`, when the walk reaches it. O(log R).
    pub(super) fn local(&self, u: usize) -> Option<usize> {
        self.nodes.binary_search(&u).ok()
    }

    /// Bellman step at `u`: its reward with the optimum over the node's choices of Σ p_e · w(e)
    /// (see [`Rewards::value`]).
    fn step(&self, u: usize, rewards: &Rewards, goal: Goal, base: bool, w: &dyn Fn(usize, usize) -> f64) -> f64 {
        let next = match &self.actions[u] {
            Action::Stop => 0.0,
            Action::Choose(options) => {
                let values = options.iter().map(|&(e, to)| w(e, to));
                match goal {
                    Goal::Min => values.fold(f64::INFINITY, f64::min),
                    Goal::Max => values.fold(f64::NEG_INFINITY, f64::max),
                }
            }
            Action::Chance(branches) => {
                let mut scratch = self.scratch.borrow_mut();
                let Scratch { p, values, order } = &mut *scratch;
                self.distribution_into(branches, goal, base, w, p, values, order);
                dot(p, values.iter().copied())
            }
        };
        rewards.value(u, goal, next).0
    }

    /// The optimal distribution over a chance node's branches: every branch gets its low, the
    /// rest goes to the best branches first (highest value for Max, lowest for Min), each up to
    /// its high. Optimal for a linear objective over the polytope; O(k log k).
    fn distribution(&self, branches: &[Branch], goal: Goal, base: bool, w: &dyn Fn(usize, usize) -> f64) -> Vec<f64> {
        let (mut p, mut values, mut order) = (Vec::new(), Vec::new(), Vec::new());
        self.distribution_into(branches, goal, base, w, &mut p, &mut values, &mut order);
        p
    }

    /// [`Model::distribution`] into reused buffers: the distribution in `p`, each branch's
    /// value `w(edge, to)` in `values` (`order` is scratch). The Bellman step runs this for
    /// every chance node of every sweep, so it must not allocate.
    #[allow(clippy::too_many_arguments)]
    fn distribution_into(
        &self,
        branches: &[Branch],
        goal: Goal,
        base: bool,
        w: &dyn Fn(usize, usize) -> f64,
        p: &mut Vec<f64>,
        values: &mut Vec<f64>,
        order: &mut Vec<usize>,
    ) {
        let bound = |b: &Branch| match (base, b.base) {
            (true, Some(p)) => (p, p),
            _ => (b.low, b.high),
        };
        p.clear();
        p.extend(branches.iter().map(|b| bound(b).0));
        let mut rest = (1.0 - p.iter().sum::<f64>()).max(0.0);
        values.clear();
        values.extend(branches.iter().map(|b| w(b.edge, b.to)));
        order.clear();
        order.extend(0..branches.len());
        order.sort_by(|&i, &j| match goal {
            Goal::Max => values[j].total_cmp(&values[i]),
            Goal::Min => values[i].total_cmp(&values[j]),
        });
        for &i in order.iter() {
            if rest <= 0.0 {
                break;
            }
            let (low, high) = bound(&branches[i]);
            let add = (high - low).max(0.0).min(rest);
            p[i] += add;
            rest -= add;
        }
    }

    /// The optimal value of every node. `reward[u]` is collected on leaving `u`; `target[e]`
    /// marks edges whose crossing is worth 1 and ends the walk (reachability). Returns values
    /// indexed by node; `f64::INFINITY` for an unbounded expected reward.
    ///
    /// Complexity: O(V + E log E) on an acyclic graph; for each cyclic component of k nodes,
    /// value-iteration sweeps of O(k + its edges) each, plus O(k³) for the exact evaluation.
    pub(super) fn solve(&self, reward: &[f64], target: &[bool], goal: Goal, base: bool) -> Vec<f64> {
        self.solve_rewards(&Rewards::Plain(reward), target, goal, base)
    }

    /// [`Model::solve`] for any [`Rewards`]: plain, or discounted with a choice of length at
    /// each node. A discounted cycle along which time passes cannot collect forever.
    pub(super) fn solve_rewards(&self, rewards: &Rewards, target: &[bool], goal: Goal, base: bool) -> Vec<f64> {
        let mut v = vec![0.0; self.actions.len()];
        for (c, component) in self.components.iter().enumerate() {
            if !self.cyclic[c] {
                let u = component[0];
                let value = self.step(u, rewards, goal, base, &|e, to| if target[e] { 1.0 } else { v[to] });
                v[u] = value;
                continue;
            }
            // Each node's position in the component, for membership (reset below: a component
            // costs its own size, however many the model has).
            let mut slot = self.slot.borrow_mut();
            for (i, &u) in component.iter().enumerate() {
                slot[u] = i;
            }
            let member = |u: usize| slot[u] != usize::MAX;
            // Nothing to collect in here and nothing worth anything out of here: every value
            // is 0, which is where value iteration starts and stays.
            let inert = component.iter().all(|&u| {
                !rewards.positive(u)
                    && self.actions[u].edges().all(|(e, to)| !target[e] && (member(to) || v[to] == 0.0))
            });
            if !inert
                && component.iter().any(|&u| rewards.positive(u))
                && rewards.timeless_cycle(self, component, &member)
            {
                let within = Within { component, slot: &slot };
                let unbounded = match goal {
                    Goal::Max => self.max_unbounded(&within, rewards, target),
                    Goal::Min => self.min_unbounded(&within, rewards, target),
                };
                for u in unbounded {
                    v[u] = f64::INFINITY;
                }
            }
            for &u in component {
                slot[u] = usize::MAX;
            }
            drop(slot);
            if inert {
                continue;
            }
            let finite: Vec<usize> = component.iter().copied().filter(|&u| v[u].is_finite()).collect();
            let in_order: Vec<usize> = self.sweep_orders[c].iter().copied().filter(|&u| v[u].is_finite()).collect();
            let mut converged = false;
            let mut exact = false;
            let mut next_try = 64;
            for sweep in 1..=MAX_SWEEPS {
                if sweep == next_try && finite.len() <= EXACT_LIMIT {
                    // A slowly converging loop: try the exact value of the current policy now.
                    next_try *= 2;
                    if self.evaluate_exactly(&finite, rewards, target, goal, base, false, &mut v) {
                        exact = true;
                        break;
                    }
                }
                let mut moved = false;
                for &u in &in_order {
                    let value = self.step(u, rewards, goal, base, &|e, to| if target[e] { 1.0 } else { v[to] });
                    if (value - v[u]).abs() > CONVERGED * v[u].abs().max(1.0) {
                        moved = true;
                    }
                    v[u] = value;
                }
                if !moved {
                    converged = true;
                    break;
                }
            }
            if !exact && !finite.is_empty() && finite.len() <= EXACT_LIMIT {
                self.evaluate_exactly(&finite, rewards, target, goal, base, converged, &mut v);
            }
        }
        v
    }

    /// Replaces value-iteration results in a cyclic component by the exact value of the policy
    /// they induce (greedy with respect to them), when that value is trustworthy: the policy's
    /// linear system is regular (else the policy may never leave the component), the value is a
    /// fixed point of the Bellman operator within 1e-12 (so no option is better: for a maximum
    /// the value of a policy is at most the optimum and a fixed point at least the least fixed
    /// point, which is the optimum, so it is exact), and it agrees with the iteration (within
    /// 1e-9 when that converged, or lies above it when the iteration stopped early, since the
    /// iteration climbs from below). Otherwise the iteration's values stand. Returns whether the
    /// exact values were taken. O(k³).
    #[allow(clippy::too_many_arguments)]
    fn evaluate_exactly(
        &self,
        component: &[usize],
        rewards: &Rewards,
        target: &[bool],
        goal: Goal,
        base: bool,
        converged: bool,
        v: &mut [f64],
    ) -> bool {
        let k = component.len();
        // Each node's position in the system (reset below, so a call costs the component's size).
        let mut slot = self.slot.borrow_mut();
        for (i, &u) in component.iter().enumerate() {
            slot[u] = i;
        }
        let member = |u: usize| slot[u] != usize::MAX;
        // The k × (k+1) system, in rows kept from one solve to the next (allocating them each
        // time cost more than the elimination on big loops).
        let mut rows = self.rows.borrow_mut();
        rows.truncate(k);
        for row in rows.iter_mut() {
            row.clear();
            row.resize(k + 1, 0.0);
        }
        while rows.len() < k {
            rows.push(vec![0.0; k + 1]);
        }
        let a = &mut rows[..];
        let filled = 'fill: {
            for (i, &u) in component.iter().enumerate() {
                a[i][i] = 1.0;
                let w = |e: usize, to: usize| if target[e] { 1.0 } else { v[to] };
                let moves: Vec<(usize, usize, f64)> = match &self.actions[u] {
                    Action::Stop => Vec::new(),
                    Action::Choose(options) => {
                        let best = options.iter().copied().min_by(|&(e1, t1), &(e2, t2)| match goal {
                            Goal::Min => w(e1, t1).total_cmp(&w(e2, t2)),
                            Goal::Max => w(e2, t2).total_cmp(&w(e1, t1)),
                        });
                        best.map(|(e, to)| vec![(e, to, 1.0)]).unwrap_or_default()
                    }
                    Action::Chance(branches) => {
                        let dist = self.distribution(branches, goal, base, &w);
                        branches.iter().zip(dist).map(|(b, p)| (b.edge, b.to, p)).collect()
                    }
                };
                // The variant (length of time) the policy takes here, given what follows.
                let next: f64 = moves.iter().map(|&(e, to, p)| if p == 0.0 { 0.0 } else { p * w(e, to) }).sum();
                let (_, reward, scale) = rewards.value(u, goal, next);
                a[i][k] = reward;
                for (e, to, p) in moves {
                    let p = p * scale;
                    if p == 0.0 {
                        continue;
                    }
                    if target[e] {
                        a[i][k] += p;
                    } else if member(to) {
                        a[i][slot[to]] -= p;
                    } else if v[to].is_finite() {
                        a[i][k] += p * v[to];
                    } else {
                        break 'fill false;
                    }
                }
            }
            true
        };
        for &u in component {
            slot[u] = usize::MAX;
        }
        drop(slot);
        if !filled {
            return false;
        }
        let Some(x) = gaussian_elimination(a) else { return false };
        drop(rows);
        let agrees = component.iter().zip(&x).all(|(&u, &xu)| {
            if converged {
                (xu - v[u]).abs() <= 1e-9 * v[u].abs().max(1.0)
            } else {
                xu >= v[u] - 1e-12 * v[u].abs().max(1.0)
            }
        });
        if !agrees {
            return false;
        }
        let iterated: Vec<f64> = component.iter().map(|&u| v[u]).collect();
        for (&u, &xu) in component.iter().zip(&x) {
            v[u] = xu;
        }
        let fixed_point = component.iter().all(|&u| {
            let value = self.step(u, rewards, goal, base, &|e, to| if target[e] { 1.0 } else { v[to] });
            (value - v[u]).abs() <= 1e-12 * v[u].abs().max(1.0)
        });
        if !fixed_point {
            for (&u, old) in component.iter().zip(iterated) {
                v[u] = old;
            }
        }
        fixed_point
    }

    /// The successors `u` can move to with positive probability while staying among `alive`
    /// nodes of the component (target edges end the walk, so they lead nowhere).
    fn moves_within(&self, u: usize, within: &Within, alive: &[bool], target: &[bool]) -> Vec<usize> {
        let alive = |to: usize| within.position(to).is_some_and(|i| alive[i]);
        match &self.actions[u] {
            Action::Stop => Vec::new(),
            Action::Choose(options) => {
                options.iter().filter(|&&(e, to)| alive(to) && !target[e]).map(|&(_, to)| to).collect()
            }
            Action::Chance(branches) => {
                branches.iter().filter(|b| alive(b.to) && !target[b.edge] && b.high > 0.0).map(|b| b.to).collect()
            }
        }
    }

    /// Whether some choice at `u` moves the walk, with probability 1, along edges for which
    /// `inside(edge, target node)` holds.
    fn can_stay(&self, u: usize, inside: &dyn Fn(usize, usize) -> bool) -> bool {
        match &self.actions[u] {
            Action::Stop => false,
            Action::Choose(options) => options.iter().any(|&(e, to)| inside(e, to)),
            Action::Chance(branches) => {
                let stays = |b: &Branch| inside(b.edge, b.to);
                branches.iter().filter(|b| !stays(b)).all(|b| b.low <= 0.0)
                    && branches.iter().filter(|b| stays(b)).map(|b| b.high).sum::<f64>() >= 1.0 - 1e-12
            }
        }
    }

    /// The nodes of `alive` (by position in the component) that lie in an end component: a
    /// strongly connected set in which some choice at every node keeps the walk with
    /// probability 1. Found by repeatedly splitting into strongly connected parts and removing
    /// nodes that cannot keep the walk in their own part. The parts come from petgraph's
    /// `kosaraju_scc` over a small graph of the alive nodes and their moves (built from the
    /// component alone, so a call costs the component's size, not the pathway's); they are used
    /// as sets, so their order and the order within them do not matter. O(k · (k + edges)) at
    /// worst.
    fn end_components(&self, within: &Within, mut alive: Vec<bool>, target: &[bool]) -> Vec<Vec<usize>> {
        loop {
            let mut moves = DiGraphMap::<usize, ()>::new();
            for (_, &u) in within.component.iter().enumerate().filter(|&(i, _)| alive[i]) {
                moves.add_node(u);
                for to in self.moves_within(u, within, &alive, target) {
                    moves.add_edge(u, to, ());
                }
            }
            let parts = kosaraju_scc(&moves);
            let part_of: HashMap<usize, usize> =
                parts.iter().enumerate().flat_map(|(i, part)| part.iter().map(move |&u| (u, i))).collect();
            let mut removed = false;
            for part in &parts {
                let trivial = part.len() == 1 && !moves.contains_edge(part[0], part[0]);
                for &u in part {
                    if trivial || !self.can_stay(u, &|e, to| !target[e] && part_of.get(&to) == part_of.get(&u)) {
                        if let Some(i) = within.position(u) {
                            alive[i] = false;
                        }
                        removed = true;
                    }
                }
            }
            if !removed {
                return parts;
            }
        }
    }

    /// Nodes of a cyclic component where a maximiser can collect a positive reward forever:
    /// those that can reach (with positive probability) an end component holding a positive
    /// reward. O(k · (k + edges)).
    fn max_unbounded(&self, within: &Within, rewards: &Rewards, target: &[bool]) -> Vec<usize> {
        let component = within.component;
        let every = vec![true; component.len()];
        let mut bad = vec![false; component.len()];
        for part in self.end_components(within, every.clone(), target) {
            if part.iter().any(|&u| rewards.positive(u)) {
                for u in part {
                    if let Some(i) = within.position(u) {
                        bad[i] = true;
                    }
                }
            }
        }
        let mut changed = true;
        while changed {
            changed = false;
            for (i, &u) in component.iter().enumerate() {
                if !bad[i]
                    && self
                        .moves_within(u, within, &every, target)
                        .iter()
                        .any(|&to| within.position(to).is_some_and(|j| bad[j]))
                {
                    bad[i] = true;
                    changed = true;
                }
            }
        }
        component.iter().zip(&bad).filter(|(_, &bad)| bad).map(|(&u, _)| u).collect()
    }

    /// Nodes of a cyclic component where even a minimiser collects a positive reward forever
    /// with positive probability: those from which no policy reaches, with probability 1, either
    /// the outside of the component (or a target) or a zero-reward end component where the walk
    /// may stay at no cost. Almost-sure reachability as a greatest fixed point: keep the nodes
    /// that can stay within the kept set and reach the goal with positive probability, until
    /// nothing changes. O(k² · edges) at worst.
    fn min_unbounded(&self, within: &Within, rewards: &Rewards, target: &[bool]) -> Vec<usize> {
        let component = within.component;
        let k = component.len();
        let mut free = vec![false; k];
        let zero: Vec<bool> = component.iter().map(|&u| !rewards.positive(u)).collect();
        for part in self.end_components(within, zero, target) {
            for u in part {
                if let Some(i) = within.position(u) {
                    free[i] = true;
                }
            }
        }
        let mut kept = vec![true; k];
        loop {
            // Leaving the component or ending the walk is fine; so is staying among kept nodes.
            let allowed = |to: usize, kept: &[bool]| within.position(to).is_none_or(|j| kept[j]);
            // Ending the walk, leaving the component, or a kept node that reaches the goal.
            let onward = |e: usize, to: usize, kept: &[bool], good: &[bool]| {
                target[e] || within.position(to).is_none_or(|j| kept[j] && good[j])
            };
            let mut good: Vec<bool> = free.clone();
            let mut changed = true;
            while changed {
                changed = false;
                for (i, &u) in component.iter().enumerate() {
                    if good[i] || !kept[i] || !self.can_stay(u, &|e, to| target[e] || allowed(to, &kept)) {
                        continue;
                    }
                    let progress = match &self.actions[u] {
                        Action::Stop => true,
                        Action::Choose(options) => options.iter().any(|&(e, to)| onward(e, to, &kept, &good)),
                        Action::Chance(branches) => {
                            branches.iter().any(|b| b.high > 0.0 && onward(b.edge, b.to, &kept, &good))
                        }
                    };
                    if progress {
                        good[i] = true;
                        changed = true;
                    }
                }
            }
            let next: Vec<bool> = kept.iter().zip(&good).map(|(&kept, &good)| kept && good).collect();
            if next == kept {
                break;
            }
            kept = next;
        }
        component.iter().zip(&kept).filter(|(_, &kept)| !kept).map(|(&u, _)| u).collect()
    }
}

/// A cyclic component being solved: its nodes, and each model node's position in it
/// (`usize::MAX` outside), so membership costs O(1) and per-node arrays the component's size.
struct Within<'a> {
    component: &'a [usize],
    slot: &'a [usize],
}

impl Within<'_> {
    /// Position of model node `u` in the component, when it is a member.
    fn position(&self, u: usize) -> Option<usize> {
        Some(self.slot[u]).filter(|&i| i != usize::MAX)
    }
}

/// What node `u` of `flow` does with the walk for the patients `resolve` describes, with
/// file nodes as targets.
fn action_of(flow: &PathwayGraph, u: usize, resolve: &dyn Fn(usize) -> Option<bool>) -> Action {
    let pathway = flow.pathway;
    let node = &pathway.nodes[u];
    let out = &flow.out[u];
    if out.is_empty() {
        Action::Stop
    } else if node.kind == NodeKind::Decision {
        let taken: Vec<_> = out.iter().copied().filter(|&(e, _)| resolve(e) == Some(true)).collect();
        let open: Vec<_> = out.iter().copied().filter(|&(e, _)| resolve(e).is_none()).collect();
        let options = match node.choice.unwrap_or_default() {
            Choice::Single if !taken.is_empty() => taken,
            Choice::Single => open,
            Choice::Multiple => out.iter().copied().filter(|&(e, _)| resolve(e) != Some(false)).collect(),
        };
        if options.is_empty() {
            Action::Stop
        } else {
            Action::Choose(options)
        }
    } else if !flow.chance[u] {
        Action::Choose(out.clone())
    } else {
        Action::Chance(
            out.iter()
                .map(|&(edge, to)| match pathway.edges[edge].probability.as_deref() {
                    Some(p) => {
                        Branch { edge, to, low: p.low, high: p.high, base: p.base, approximate: p.is_approximate() }
                    }
                    None => Branch { edge, to, low: 0.0, high: 1.0, base: None, approximate: false },
                })
                .collect(),
        )
    }
}

mod linear;
mod order;
mod reach;
mod rewards;
#[cfg(test)]
mod tests;
