//! What the walk may reach with positive probability, and whether a figure depends on an
//! approximate one: the exact tests behind "plus steps of unknown length" and "(from
//! approximate figures)" in the outcomes.

use super::{Action, Model};

/// Shares below this are 0: what the other branches' lows leave of 1 may be a rounding error.
const NO_SHARE: f64 = 1e-12;

impl Model {
    /// The (edge, target) moves from `u` that some choice takes with positive probability:
    /// every option of a choice, and a chance branch whose greatest share is above 0 (its
    /// high, or what the other branches' lows leave of 1, whichever is less).
    fn possible_moves(&self, u: usize) -> Vec<(usize, usize)> {
        match &self.actions[u] {
            Action::Stop => Vec::new(),
            Action::Choose(options) => options.clone(),
            Action::Chance(branches) => {
                let lows: f64 = branches.iter().map(|b| b.low.max(0.0)).sum();
                branches
                    .iter()
                    .filter(|b| b.high.min(1.0 - (lows - b.low.max(0.0))) > NO_SHARE)
                    .map(|b| (b.edge, b.to))
                    .collect()
            }
        }
    }

    /// Nodes the walk reaches from `start` with positive probability under some choice: the
    /// greatest probability of visiting them is above 0. Exact: at each chance node every
    /// branch with a positive greatest share can be given one, so a chain of such moves has a
    /// positive probability, and no other node can be visited. O(V + E).
    pub(in crate::outcomes) fn possibly_reached(&self, start: usize) -> Vec<bool> {
        let mut seen = vec![false; self.actions.len()];
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(u) = stack.pop() {
            for (_, to) in self.possible_moves(u) {
                if !seen[to] {
                    seen[to] = true;
                    stack.push(to);
                }
            }
        }
        seen
    }

    /// Whether a figure depends on an approximate one: some chance node the walk may reach
    /// (`possible`, from [`Model::possibly_reached`]) has an approximate branch and a branch
    /// from which the walk may go on to cross a `target` edge or to leave a `valued` node (one
    /// with a reward). Moving probability between that node's branches may then move the
    /// figure; otherwise no approximate figure is on any way to it. O(V + E).
    pub(in crate::outcomes) fn depends_on_approximate(
        &self,
        possible: &[bool],
        target: &[bool],
        valued: &[bool],
    ) -> bool {
        let n = self.actions.len();
        let approximate = |u: usize| match &self.actions[u] {
            Action::Chance(branches) => possible[u] && branches.iter().any(|b| b.approximate),
            _ => false,
        };
        // Most pathways have no approximate figure: then nothing more to look at.
        if !(0..n).any(approximate) {
            return false;
        }
        let moves: Vec<Vec<(usize, usize)>> = (0..n).map(|u| self.possible_moves(u)).collect();
        // leads[u]: from u the walk may cross a target edge or leave a valued node.
        let mut leads: Vec<bool> = (0..n).map(|u| valued[u] || moves[u].iter().any(|&(e, _)| target[e])).collect();
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (u, out) in moves.iter().enumerate() {
            for &(_, to) in out {
                into[to].push(u);
            }
        }
        let mut stack: Vec<usize> = (0..n).filter(|&u| leads[u]).collect();
        while let Some(v) = stack.pop() {
            for &u in &into[v] {
                if !leads[u] {
                    leads[u] = true;
                    stack.push(u);
                }
            }
        }
        (0..n).filter(|&u| approximate(u)).any(|u| moves[u].iter().any(|&(e, to)| target[e] || leads[to]))
    }
}

impl Model {
    /// What may leave a chance open on the way to `targets` (local nodes): the chance
    /// branches that lead on to a target, and the decisions with two or more branches the walk
    /// may take (no branch fixed for the patients, or a choice of several), at nodes the walk
    /// may reach (`possible`) and from which it may go on to a target. Edges and nodes by file
    /// index, in file order. O(V + E).
    pub(in crate::outcomes) fn open_on_the_way(
        &self,
        possible: &[bool],
        targets: &[usize],
    ) -> (Vec<usize>, Vec<usize>) {
        let n = self.actions.len();
        let moves: Vec<Vec<(usize, usize)>> = (0..n).map(|u| self.possible_moves(u)).collect();
        let mut leads = vec![false; n];
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (u, out) in moves.iter().enumerate() {
            for &(_, to) in out {
                into[to].push(u);
            }
        }
        let mut stack: Vec<usize> = targets.to_vec();
        for &t in targets {
            leads[t] = true;
        }
        while let Some(v) = stack.pop() {
            for &u in &into[v] {
                if !leads[u] {
                    leads[u] = true;
                    stack.push(u);
                }
            }
        }
        let (mut edges, mut decisions) = (Vec::new(), Vec::new());
        for u in (0..n).filter(|&u| possible[u] && leads[u] && !targets.contains(&u)) {
            match &self.actions[u] {
                Action::Chance(branches) => {
                    edges.extend(branches.iter().filter(|b| leads[b.to]).map(|b| b.edge));
                }
                Action::Choose(options) if options.len() > 1 => decisions.push(self.nodes[u]),
                _ => {}
            }
        }
        edges.sort_unstable();
        (edges, decisions)
    }
}
