//! Outcomes: the probability of ending in each terminal outcome and category, of passing
//! through each non-terminal outcome, and the expected time on treatment, as exact bounds.
//!
//! The pathway is read as an interval Markov decision process:
//! - a chance node (not a decision, two or more `next` edges) moves along edge *i* with a
//!   probability `p_i` that may be any point of `{p : low_i <= p_i <= high_i, Σ p = 1}`; an edge
//!   without a figure has `[0, 1]`;
//! - a decision edge is taken or not as the caller's resolver says (`Some(true)` / `Some(false)`);
//!   unresolved edges (`None`) and the branches of a `choice: multiple` decision are a choice
//!   nobody has made;
//! - a node with one `next` edge moves along it.
//!
//! A bound is the minimum (low) or maximum (high) over all these choices, solved per strongly
//! connected component in reverse topological order: one exact Bellman step for a node on no
//! cycle (the optimum over the polytope is a greedy: every edge gets its low, the rest goes to
//! the best successors first), and for a cycle value iteration to convergence followed by an
//! exact evaluation of the resulting policy (Gaussian elimination with partial pivoting over
//! the component). Expected time is unbounded when a positive duration can repeat forever.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::graph::PathwayGraph;
use crate::model::{Choice, NodeKind, OutcomeCategory, PathwayFile};
use crate::text::escape::{json_safe, terminal_safe};
use crate::text::number::{number, round12};

/// Bounds of a figure: `[low, high]`, and the base value when the figures involved give one.
/// For times, `f64::INFINITY` means unbounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// The smallest value over every choice the pathway leaves open.
    pub low: f64,
    /// The largest value.
    pub high: f64,
    /// The value with every figure at its base, when that is one number.
    pub base: Option<f64>,
}

/// The probability of ending at one terminal outcome node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeOutcome {
    /// Index into `pathway.nodes`.
    pub node: usize,
    /// Probability of ending there.
    pub probability: Bounds,
}

/// The probability of ending in a category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryOutcome {
    /// The category.
    pub category: OutcomeCategory,
    /// Probability of ending at a terminal outcome of this category.
    pub probability: Bounds,
}

/// The probability of passing through a non-terminal outcome node at least once.
#[derive(Debug, Clone, PartialEq)]
pub struct PassingOutcome {
    /// Index into `pathway.nodes`.
    pub node: usize,
    /// Probability of passing through it.
    pub probability: Bounds,
    /// When it has several ways in: the probability of entering it along each `next` edge
    /// (index into `pathway.edges`), in file order.
    pub via: Vec<(usize, Bounds)>,
}

/// Everything `carepath outcomes` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeReport {
    /// Terminal outcome nodes reachable from the start, in file order.
    pub terminals: Vec<NodeOutcome>,
    /// Categories of those nodes, in declaration order.
    pub categories: Vec<CategoryOutcome>,
    /// Non-terminal outcome nodes reachable from the start, in file order.
    pub passing: Vec<PassingOutcome>,
    /// Probability of never reaching a terminal outcome (looping forever, or stopping at a
    /// decision no branch of which applies).
    pub no_terminal: Bounds,
    /// Expected time on treatment in months (sum of phase and intervention step durations).
    pub months: Bounds,
    /// Reachable phase and intervention steps without a duration (counted as 0), by node index.
    pub undated: Vec<usize>,
}

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

#[derive(Debug, Clone, Copy)]
struct Branch {
    edge: usize,
    to: usize,
    low: f64,
    high: f64,
    base: Option<f64>,
}

/// The pathway as an interval MDP, with its components.
struct Model {
    actions: Vec<Action>,
    /// Strongly connected components, sinks first.
    components: Vec<Vec<usize>>,
    /// Whether a component is a cycle (more than one node, or a self-loop).
    cyclic: Vec<bool>,
    /// For each cyclic component, its nodes in the order value iteration sweeps them.
    sweep_orders: Vec<Vec<usize>>,
    /// Scratch rows for the exact evaluation's linear system.
    rows: RefCell<Vec<Vec<f64>>>,
    /// Scratch buffers for the Bellman step at chance nodes.
    scratch: RefCell<Scratch>,
}

/// Buffers reused by [`Model::distribution_into`].
#[derive(Debug, Default)]
struct Scratch {
    p: Vec<f64>,
    values: Vec<f64>,
    order: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Min,
    Max,
}

/// Largest component solved exactly by Gaussian elimination; bigger ones keep the converged
/// value-iteration result: iterated until no value moves by more than 1e-15 (relative) in a
/// sweep, which leaves an error of that order times the loop's expected number of passes
/// (about 1e-13 relative on a 995-node relapse loop: the 12th decimal of a JSON figure).
const EXACT_LIMIT: usize = 400;
/// Value iteration stops when no value moves by more than this (relative to max(1, |v|)).
const CONVERGED: f64 = 1e-15;
/// Value iteration sweeps before giving up on convergence (the exact evaluation is tried after
/// 64, 128, 256, ... sweeps, so a slowly converging loop is solved long before).
const MAX_SWEEPS: usize = 200_000;

impl Model {
    fn new(pathway: &PathwayFile, flow: &PathwayGraph, resolve: &dyn Fn(usize) -> Option<bool>) -> Self {
        let actions: Vec<Action> = pathway
            .nodes
            .iter()
            .enumerate()
            .map(|(u, node)| {
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
                            .map(|&(edge, to)| match pathway.edges[edge].probability {
                                Some(p) => Branch { edge, to, low: p.low, high: p.high, base: p.base },
                                None => Branch { edge, to, low: 0.0, high: 1.0, base: None },
                            })
                            .collect(),
                    )
                }
            })
            .collect();
        let successors = |u: usize| -> Vec<usize> {
            match &actions[u] {
                Action::Stop => Vec::new(),
                Action::Choose(options) => options.iter().map(|&(_, to)| to).collect(),
                Action::Chance(branches) => branches.iter().map(|b| b.to).collect(),
            }
        };
        let adjacency: Vec<Vec<usize>> = (0..actions.len()).map(successors).collect();
        let components = strongly_connected(&adjacency, &vec![true; actions.len()]);
        let cyclic: Vec<bool> = components.iter().map(|c| c.len() > 1 || adjacency[c[0]].contains(&c[0])).collect();
        let sweep_orders = components
            .iter()
            .zip(&cyclic)
            .map(|(c, &cyclic)| if cyclic { successors_first(c, &adjacency) } else { Vec::new() })
            .collect();
        Model { actions, components, cyclic, sweep_orders, rows: RefCell::new(Vec::new()), scratch: RefCell::default() }
    }

    /// Bellman step at `u`: reward + the optimum over the node's choices of Σ p_e · w(e).
    fn step(&self, u: usize, reward: f64, goal: Goal, base: bool, w: &dyn Fn(usize, usize) -> f64) -> f64 {
        reward
            + match &self.actions[u] {
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
            }
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
    fn solve(&self, reward: &[f64], target: &[bool], goal: Goal, base: bool) -> Vec<f64> {
        let n = self.actions.len();
        let mut v = vec![0.0; n];
        for (c, component) in self.components.iter().enumerate() {
            if !self.cyclic[c] {
                let u = component[0];
                let value = self.step(u, reward[u], goal, base, &|e, to| if target[e] { 1.0 } else { v[to] });
                v[u] = value;
                continue;
            }
            let mut member = vec![false; n];
            for &u in component {
                member[u] = true;
            }
            // Nothing to collect in here and nothing worth anything out of here: every value
            // is 0, which is where value iteration starts and stays.
            let inert = component.iter().all(|&u| {
                reward[u] <= 0.0 && self.edges_out(u).all(|(e, to)| !target[e] && (member[to] || v[to] == 0.0))
            });
            if inert {
                continue;
            }
            if component.iter().any(|&u| reward[u] > 0.0) {
                let unbounded = match goal {
                    Goal::Max => self.max_unbounded(component, &member, reward, target),
                    Goal::Min => self.min_unbounded(component, &member, reward, target),
                };
                for u in unbounded {
                    v[u] = f64::INFINITY;
                }
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
                    if self.evaluate_exactly(&finite, reward, target, goal, base, false, &mut v) {
                        exact = true;
                        break;
                    }
                }
                let mut moved = false;
                for &u in &in_order {
                    let value = self.step(u, reward[u], goal, base, &|e, to| if target[e] { 1.0 } else { v[to] });
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
                self.evaluate_exactly(&finite, reward, target, goal, base, converged, &mut v);
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
        reward: &[f64],
        target: &[bool],
        goal: Goal,
        base: bool,
        converged: bool,
        v: &mut [f64],
    ) -> bool {
        let k = component.len();
        let mut slot = vec![usize::MAX; v.len()];
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
        for (i, &u) in component.iter().enumerate() {
            a[i][i] = 1.0;
            a[i][k] = reward[u];
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
            for (e, to, p) in moves {
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
                    return false;
                }
            }
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
            let value = self.step(u, reward[u], goal, base, &|e, to| if target[e] { 1.0 } else { v[to] });
            (value - v[u]).abs() <= 1e-12 * v[u].abs().max(1.0)
        });
        if !fixed_point {
            for (&u, old) in component.iter().zip(iterated) {
                v[u] = old;
            }
        }
        fixed_point
    }

    /// Every (edge, target) the walk may take out of `u`, whatever the choice or chance.
    fn edges_out(&self, u: usize) -> Box<dyn Iterator<Item = (usize, usize)> + '_> {
        match &self.actions[u] {
            Action::Stop => Box::new(std::iter::empty()),
            Action::Choose(options) => Box::new(options.iter().copied()),
            Action::Chance(branches) => Box::new(branches.iter().map(|b| (b.edge, b.to))),
        }
    }

    /// The successors `u` can move to with positive probability while staying among `alive`
    /// nodes (target edges end the walk, so they lead nowhere).
    fn moves_within(&self, u: usize, alive: &[bool], target: &[bool]) -> Vec<usize> {
        match &self.actions[u] {
            Action::Stop => Vec::new(),
            Action::Choose(options) => {
                options.iter().filter(|&&(e, to)| alive[to] && !target[e]).map(|&(_, to)| to).collect()
            }
            Action::Chance(branches) => {
                branches.iter().filter(|b| alive[b.to] && !target[b.edge] && b.high > 0.0).map(|b| b.to).collect()
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

    /// The nodes of `alive` that lie in an end component: a strongly connected set in which
    /// some choice at every node keeps the walk with probability 1. Found by repeatedly
    /// splitting into strongly connected parts and removing nodes that cannot keep the walk in
    /// their own part. O(k · (k + edges)) at worst.
    fn end_components(&self, mut alive: Vec<bool>, target: &[bool]) -> Vec<Vec<usize>> {
        let n = self.actions.len();
        loop {
            let adjacency: Vec<Vec<usize>> =
                (0..n).map(|u| if alive[u] { self.moves_within(u, &alive, target) } else { Vec::new() }).collect();
            let parts = strongly_connected(&adjacency, &alive);
            let mut part_of = vec![usize::MAX; n];
            for (i, part) in parts.iter().enumerate() {
                for &u in part {
                    part_of[u] = i;
                }
            }
            let mut removed = false;
            for part in &parts {
                let trivial = part.len() == 1 && !adjacency[part[0]].contains(&part[0]);
                for &u in part {
                    if trivial || !self.can_stay(u, &|e, to| !target[e] && part_of[to] == part_of[u]) {
                        alive[u] = false;
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
    fn max_unbounded(&self, component: &[usize], member: &[bool], reward: &[f64], target: &[bool]) -> Vec<usize> {
        let mut bad = vec![false; self.actions.len()];
        for part in self.end_components(member.to_vec(), target) {
            if part.iter().any(|&u| reward[u] > 0.0) {
                for u in part {
                    bad[u] = true;
                }
            }
        }
        let mut changed = true;
        while changed {
            changed = false;
            for &u in component {
                if !bad[u] && self.moves_within(u, member, target).iter().any(|&to| bad[to]) {
                    bad[u] = true;
                    changed = true;
                }
            }
        }
        component.iter().copied().filter(|&u| bad[u]).collect()
    }

    /// Nodes of a cyclic component where even a minimiser collects a positive reward forever
    /// with positive probability: those from which no policy reaches, with probability 1, either
    /// the outside of the component (or a target) or a zero-reward end component where the walk
    /// may stay at no cost. Almost-sure reachability as a greatest fixed point: keep the nodes
    /// that can stay within the kept set and reach the goal with positive probability, until
    /// nothing changes. O(k² · edges) at worst.
    fn min_unbounded(&self, component: &[usize], member: &[bool], reward: &[f64], target: &[bool]) -> Vec<usize> {
        let n = self.actions.len();
        let mut free = vec![false; n];
        let zero: Vec<bool> = (0..n).map(|u| member[u] && reward[u] <= 0.0).collect();
        for part in self.end_components(zero, target) {
            for u in part {
                free[u] = true;
            }
        }
        let mut kept = member.to_vec();
        loop {
            // Leaving the component or ending the walk is fine; so is staying among kept nodes.
            let allowed = |to: usize, kept: &[bool]| !member[to] || kept[to];
            let mut good: Vec<bool> = free.clone();
            let mut changed = true;
            while changed {
                changed = false;
                for &u in component {
                    if good[u] || !kept[u] || !self.can_stay(u, &|e, to| target[e] || allowed(to, &kept)) {
                        continue;
                    }
                    let progress = match &self.actions[u] {
                        Action::Stop => true,
                        Action::Choose(options) => {
                            options.iter().any(|&(e, to)| target[e] || !member[to] || (kept[to] && good[to]))
                        }
                        Action::Chance(branches) => branches
                            .iter()
                            .any(|b| b.high > 0.0 && (target[b.edge] || !member[b.to] || (kept[b.to] && good[b.to]))),
                    };
                    if progress {
                        good[u] = true;
                        changed = true;
                    }
                }
            }
            let next: Vec<bool> = (0..n).map(|u| kept[u] && good[u]).collect();
            if next == kept {
                break;
            }
            kept = next;
        }
        component.iter().copied().filter(|&u| !kept[u]).collect()
    }
}

/// Σ p_i · w_i, where a zero probability contributes nothing even against an infinite value.
fn dot(p: &[f64], w: impl Iterator<Item = f64>) -> f64 {
    p.iter().zip(w).filter(|(p, _)| **p > 0.0).map(|(p, w)| p * w).sum()
}

/// Solves the k × (k+1) augmented system by Gaussian elimination with partial pivoting;
/// `None` when it is singular. O(k³).
fn gaussian_elimination(a: &mut [Vec<f64>]) -> Option<Vec<f64>> {
    let k = a.len();
    let mut nonzero = Vec::with_capacity(k + 1);
    for col in 0..k {
        let pivot = (col..k).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let (upper, lower) = a.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        // Pathway systems are sparse (a few branches per node): only the pivot row's nonzero
        // columns change the rows below (subtracting factor × 0 changes nothing).
        nonzero.clear();
        nonzero.extend((col..pivot_row.len()).filter(|&j| pivot_row[j] != 0.0));
        for row in lower.iter_mut() {
            let factor = row[col] / pivot_row[col];
            if factor != 0.0 {
                for &j in &nonzero {
                    row[j] -= factor * pivot_row[j];
                }
            }
        }
    }
    let mut x = vec![0.0; k];
    for row in (0..k).rev() {
        let sum: f64 = (row + 1..k).map(|c| a[row][c] * x[c]).sum();
        x[row] = (a[row][k] - sum) / a[row][row];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// The nodes of a strongly connected `component` in depth-first post-order over its own edges:
/// a node comes after the nodes it leads to, except along the edges that close loops. Value
/// iteration sweeping in this order (updating in place) carries a change through a whole chain
/// of the loop in one sweep instead of one step per sweep: on a 995-node relapse loop,
/// about 1,500 sweeps became a few dozen. O(k + edges).
fn successors_first(component: &[usize], adjacency: &[Vec<usize>]) -> Vec<usize> {
    let mut member: HashMap<usize, bool> = component.iter().map(|&u| (u, false)).collect();
    let mut order = Vec::with_capacity(component.len());
    for &root in component {
        if member.get(&root) != Some(&false) {
            continue;
        }
        member.insert(root, true);
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let (u, next) = *top;
            match adjacency[u].get(next) {
                Some(&to) => {
                    top.1 += 1;
                    if member.get(&to) == Some(&false) {
                        member.insert(to, true);
                        stack.push((to, 0));
                    }
                }
                None => {
                    order.push(u);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// Strongly connected components of the `alive` nodes (iterative Tarjan), sinks first, i.e.
/// in reverse topological order. O(V + E).
fn strongly_connected(adjacency: &[Vec<usize>], alive: &[bool]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = adjacency.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let mut counter = 0;
    let mut components = Vec::new();
    for root in 0..n {
        if !alive[root] || index[root] != UNSEEN {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        calls.push((root, 0));
        while let Some(call) = calls.last_mut() {
            let (v, i) = *call;
            if let Some(&w) = adjacency[v].get(i) {
                call.1 += 1;
                if !alive[w] {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    component.sort_unstable();
                    components.push(component);
                }
            }
        }
    }
    components
}

/// Computes every outcome figure. `resolve(edge)` says whether a decision edge is taken for
/// the patients in question (`None`: unknown, a free choice). Returns `None` when the pathway
/// has no single start node.
///
/// Complexity: one solve per target and bound: O(T · (V + E log E)) on an acyclic
/// pathway, T = terminal outcomes + categories + non-terminal outcomes and their ways in.
pub fn analyse(pathway: &PathwayFile, resolve: &dyn Fn(usize) -> Option<bool>) -> Option<OutcomeReport> {
    let flow = PathwayGraph::new(pathway);
    let start = flow.start?;
    let model = Model::new(pathway, &flow, resolve);
    let n = pathway.nodes.len();
    let reached = reachable(&model, start);
    let zero = vec![0.0; n];
    let probability = |target: &[bool]| -> Bounds {
        let low = model.solve(&zero, target, Goal::Min, false)[start];
        let high = model.solve(&zero, target, Goal::Max, false)[start];
        let base_low = model.solve(&zero, target, Goal::Min, true)[start];
        let base_high = model.solve(&zero, target, Goal::Max, true)[start];
        let base = ((base_high - base_low).abs() <= 1e-12).then_some((base_low + base_high) / 2.0);
        Bounds { low: clamp01(low), high: clamp01(high), base: base.map(clamp01) }
    };
    let mut into = vec![Vec::new(); n];
    for (u, out) in flow.out.iter().enumerate() {
        for &(e, to) in out {
            if reached[u] {
                into[to].push(e);
            }
        }
    }
    for edges in &mut into {
        edges.sort_unstable();
    }
    let edge_set = |edges: &[usize]| {
        let mut set = vec![false; pathway.edges.len()];
        for &e in edges {
            set[e] = true;
        }
        set
    };
    let outcome_nodes = || (0..n).filter(|&u| reached[u] && pathway.nodes[u].kind == NodeKind::Outcome);
    let terminals: Vec<NodeOutcome> = outcome_nodes()
        .filter(|&u| flow.terminal[u])
        .map(|u| NodeOutcome { node: u, probability: probability(&edge_set(&into[u])) })
        .collect();
    let categories = OutcomeCategory::ALL
        .into_iter()
        .filter_map(|category| {
            let edges: Vec<usize> = terminals
                .iter()
                .filter(|t| pathway.nodes[t.node].outcome == Some(category))
                .flat_map(|t| into[t.node].iter().copied())
                .collect();
            (!edges.is_empty()).then(|| CategoryOutcome { category, probability: probability(&edge_set(&edges)) })
        })
        .collect();
    let passing = outcome_nodes()
        .filter(|&u| !flow.terminal[u] && u != start)
        .map(|u| PassingOutcome {
            node: u,
            probability: probability(&edge_set(&into[u])),
            via: if into[u].len() > 1 {
                into[u].iter().map(|&e| (e, probability(&edge_set(&[e])))).collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let all_terminal: Vec<usize> = terminals.iter().flat_map(|t| into[t.node].iter().copied()).collect();
    let ending = probability(&edge_set(&all_terminal));
    let no_terminal = Bounds {
        low: clamp01(1.0 - ending.high),
        high: clamp01(1.0 - ending.low),
        base: ending.base.map(|b| clamp01(1.0 - b)),
    };
    let mut undated = Vec::new();
    let mut short = vec![0.0; n];
    let mut long = vec![0.0; n];
    for (u, node) in pathway.nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) {
            match node.duration {
                Some(d) => {
                    let (min, max) = d.months();
                    short[u] = min.max(0.0);
                    long[u] = max.max(0.0);
                }
                None if reached[u] => undated.push(u),
                None => {}
            }
        }
    }
    let no_target = vec![false; pathway.edges.len()];
    let low = model.solve(&short, &no_target, Goal::Min, false)[start];
    let high = model.solve(&long, &no_target, Goal::Max, false)[start];
    let base = (short == long)
        .then(|| {
            let a = model.solve(&short, &no_target, Goal::Min, true)[start];
            let b = model.solve(&short, &no_target, Goal::Max, true)[start];
            ((a - b).abs() <= 1e-9 * a.abs().max(1.0) && a.is_finite()).then_some((a + b) / 2.0)
        })
        .flatten();
    Some(OutcomeReport { terminals, categories, passing, no_terminal, months: Bounds { low, high, base }, undated })
}

fn clamp01(x: f64) -> f64 {
    round12(x.clamp(0.0, 1.0))
}

/// Nodes the walk can reach from `start`. O(V + E).
fn reachable(model: &Model, start: usize) -> Vec<bool> {
    let mut seen = vec![false; model.actions.len()];
    seen[start] = true;
    let mut stack = vec![start];
    while let Some(u) = stack.pop() {
        let next: Vec<usize> = match &model.actions[u] {
            Action::Stop => Vec::new(),
            Action::Choose(options) => options.iter().map(|&(_, to)| to).collect(),
            Action::Chance(branches) => branches.iter().map(|b| b.to).collect(),
        };
        for to in next {
            if !seen[to] {
                seen[to] = true;
                stack.push(to);
            }
        }
    }
    seen
}

/// `[0.4, 0.45]`, or `0.5` when both bounds agree; `base` appended when known.
pub fn bounds_text(b: &Bounds) -> String {
    let mut text = if number(b.low) == number(b.high) {
        number(b.low)
    } else {
        format!("[{}, {}]", number(b.low), number(b.high))
    };
    if let Some(base) = b.base {
        if number(base) != number(b.low) || number(base) != number(b.high) {
            let _ = write!(text, " (base {})", number(base));
        }
    }
    text
}

/// The report as aligned text for a terminal.
pub fn render_text(pathway: &PathwayFile, report: &OutcomeReport) -> String {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let node = |u: usize| &pathway.nodes[u];
    let mut out = String::new();
    let _ = writeln!(out, "Outcomes of {} ({})", terminal_safe(&pathway.title), terminal_safe(&pathway.id));
    let _ = writeln!(out);
    let _ = writeln!(out, "Ending at each terminal outcome:");
    for t in &report.terminals {
        let category = node(t.node).outcome.map_or("", |c| c.as_str());
        rows.push((node(t.node).id.clone(), category.to_string(), bounds_text(&t.probability)));
    }
    write_rows(&mut out, &rows);
    rows.clear();
    let _ = writeln!(out, "\nEnding in each category:");
    for c in &report.categories {
        rows.push((c.category.as_str().to_string(), String::new(), bounds_text(&c.probability)));
    }
    rows.push(("(no terminal outcome)".into(), String::new(), bounds_text(&report.no_terminal)));
    write_rows(&mut out, &rows);
    rows.clear();
    if !report.passing.is_empty() {
        let _ = writeln!(out, "\nPassing through (at least once):");
        for p in &report.passing {
            let category = node(p.node).outcome.map_or("", |c| c.as_str());
            rows.push((node(p.node).id.clone(), category.to_string(), bounds_text(&p.probability)));
            for &(e, b) in &p.via {
                rows.push((format!("  via {}", pathway.edges[e].from), String::new(), bounds_text(&b)));
            }
        }
        write_rows(&mut out, &rows);
    }
    let _ = writeln!(out, "\nExpected time on treatment: {}", months_bounds_text(&report.months));
    if !report.undated.is_empty() {
        let ids: Vec<&str> = report.undated.iter().map(|&u| node(u).id.as_str()).collect();
        let _ = writeln!(
            out,
            "  ({} phase or intervention steps without a duration count as 0: {})",
            ids.len(),
            terminal_safe(&ids.join(", "))
        );
    }
    out
}

fn write_rows(out: &mut String, rows: &[(String, String, String)]) {
    let a = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let b = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (id, category, value) in rows {
        let line = if b == 0 {
            format!("  {:<a$}  {}", terminal_safe(id), value)
        } else {
            format!("  {:<a$}  {:<b$}  {}", terminal_safe(id), category, value)
        };
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Months as `[low, high] months`, `unbounded` for an infinite bound.
pub fn months_bounds_text(b: &Bounds) -> String {
    let text = |x: f64| if x.is_finite() { number(x) } else { "unbounded".to_string() };
    let mut s = if text(b.low) == text(b.high) { text(b.low) } else { format!("[{}, {}]", text(b.low), text(b.high)) };
    if let Some(base) = b.base {
        if text(base) != text(b.low) || text(base) != text(b.high) {
            let _ = write!(s, " (base {})", text(base));
        }
    }
    s.push_str(if s == "1" { " month" } else { " months" });
    s
}

fn bounds_json(b: &Bounds) -> Value {
    let v = |x: f64| if x.is_finite() { json!(round12(x)) } else { json!("unbounded") };
    json!({ "low": v(b.low), "high": v(b.high), "base": b.base.map(v) })
}

/// The report as one JSON document (shape in `docs/paths-and-outcomes.md`).
pub fn render_json(pathway: &PathwayFile, report: &OutcomeReport) -> String {
    let node = |u: usize| &pathway.nodes[u];
    let value = json!({
        "pathway": { "id": pathway.id, "title": pathway.title, "version": pathway.version },
        "terminal": report.terminals.iter().map(|t| json!({
            "id": node(t.node).id,
            "label": node(t.node).label,
            "category": node(t.node).outcome,
            "probability": bounds_json(&t.probability),
        })).collect::<Vec<_>>(),
        "categories": report.categories.iter().map(|c| json!({
            "category": c.category,
            "probability": bounds_json(&c.probability),
        })).collect::<Vec<_>>(),
        "no_terminal": bounds_json(&report.no_terminal),
        "passing_through": report.passing.iter().map(|p| json!({
            "id": node(p.node).id,
            "label": node(p.node).label,
            "category": node(p.node).outcome,
            "probability": bounds_json(&p.probability),
            "via": p.via.iter().map(|&(e, b)| json!({
                "from": pathway.edges[e].from,
                "edge": e,
                "probability": bounds_json(&b),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "time_on_treatment_months": bounds_json(&report.months),
        "undated_steps": report.undated.iter().map(|&u| node(u).id.as_str()).collect::<Vec<_>>(),
    });
    let mut text = json_safe(&serde_json::to_string_pretty(&value).unwrap_or_default());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;

/// Outcomes shared by one or more patient classes.
#[derive(Debug, Clone)]
pub struct ClassOutcome {
    /// The classes (as descriptions, e.g. `age > 65 || serious_comorbidity`) with this result.
    pub patients: Vec<String>,
    /// The result.
    pub report: OutcomeReport,
}

/// Most patient classes reported; past it, the open factors must be narrowed with a profile.
pub const MAX_CLASSES: usize = 4096;

/// Outcomes for each class of patients that `profile` leaves open. Decisions carry no
/// probability, so each class (a set of patients who take the same decision branches) gets its
/// own result; classes with identical results are reported together, in the order found.
///
/// Complexity: one [`analyse`] per class.
pub fn by_patient_class(
    pathway: &PathwayFile,
    conditions: &crate::condition::PathwayConditions,
    profile: &crate::condition::Profile,
) -> Result<Vec<ClassOutcome>, String> {
    let classes = conditions.patient_classes(profile, MAX_CLASSES).map_err(|e| e.to_string())?;
    // Each class is analysed on its own: spread them over the cores, each thread taking every
    // `threads`-th class, then group them in class order (the same result on any machine).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, classes.len().max(1));
    let analyse_class = |class: &crate::condition::PatientClass| {
        let resolve = |e: usize| conditions.edge_status(e, &class.profile);
        analyse(pathway, &resolve).map(|report| (render_json(pathway, &report), report))
    };
    let mut results: Vec<Option<(String, OutcomeReport)>> = Vec::with_capacity(classes.len());
    if threads <= 1 {
        results.extend(classes.iter().map(analyse_class));
    } else {
        let mut parts: Vec<Vec<Option<(String, OutcomeReport)>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (classes, analyse_class) = (&classes, &analyse_class);
                    scope.spawn(move || classes.iter().skip(t).step_by(threads).map(analyse_class).collect::<Vec<_>>())
                })
                .collect();
            // Join every thread before looking at any result: a handle left unjoined after a
            // failed one would make the scope itself panic.
            let joined: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
            joined.into_iter().collect::<Result<Vec<_>, _>>()
        })
        .map_err(|_| "internal error: a thread computing outcomes stopped".to_string())?;
        let mut iters: Vec<_> = parts.iter_mut().map(|part| part.drain(..)).collect();
        for i in 0..classes.len() {
            results.push(iters.get_mut(i % threads).and_then(Iterator::next).flatten());
        }
    }
    let mut groups: Vec<ClassOutcome> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (class, result) in classes.into_iter().zip(results) {
        let (key, report) = result.ok_or_else(|| "the pathway has no single start node".to_string())?;
        match group_of.get(&key) {
            Some(&g) => groups[g].patients.push(class.description),
            None => {
                group_of.insert(key, groups.len());
                groups.push(ClassOutcome { patients: vec![class.description], report });
            }
        }
    }
    Ok(groups)
}

/// Per-class outcomes as text: a heading per group of classes with identical results.
pub fn render_classes_text(
    pathway: &PathwayFile,
    profile: &crate::condition::Profile,
    groups: &[ClassOutcome],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Outcomes of {} ({})", terminal_safe(&pathway.title), terminal_safe(&pathway.id));
    let classes: usize = groups.iter().map(|g| g.patients.len()).sum();
    let _ = writeln!(
        out,
        "Patients: {}; {classes} class{} of patients by the decisions they meet, {} distinct result{}.",
        terminal_safe(&profile.to_string()),
        if classes == 1 { "" } else { "es" },
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
    );
    for group in groups {
        let _ = writeln!(out);
        let _ = writeln!(out, "== For: {}", terminal_safe(&group.patients.join("; ")));
        // The body of the single-report text, without its title line.
        let body = render_text(pathway, &group.report);
        let _ = write!(out, "{}", body.split_once('\n').map_or("", |(_, rest)| rest.trim_start_matches('\n')));
    }
    out
}

/// Per-class outcomes as one JSON document: `{ "pathway", "profile", "classes": [ { "patients",
/// "outcomes" } ] }`, where `outcomes` has the shape of [`render_json`].
pub fn render_classes_json(
    pathway: &PathwayFile,
    profile: &crate::condition::Profile,
    groups: &[ClassOutcome],
) -> String {
    let profile_json: serde_json::Map<String, Value> =
        profile.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();
    let classes: Vec<Value> = groups
        .iter()
        .map(|g| {
            let outcomes: Value = serde_json::from_str(&render_json(pathway, &g.report)).unwrap_or(Value::Null);
            json!({ "patients": g.patients, "outcomes": outcomes })
        })
        .collect();
    let value = json!({
        "pathway": { "id": pathway.id, "title": pathway.title, "version": pathway.version },
        "profile": profile_json,
        "classes": classes,
    });
    let mut text = json_safe(&serde_json::to_string_pretty(&value).unwrap_or_default());
    text.push('\n');
    text
}
