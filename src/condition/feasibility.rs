//! Incremental path feasibility ([`Feasibility`]): whether the conditions of the edges a path
//! has taken so far can all hold for one patient of a profile, with cheap push and pop.

use std::collections::BTreeSet;

use super::analysis::{for_each_cell, product_size, Bits, Norm, CELL_LIMIT};
use super::compiled::PathwayConditions;
use super::profile::Profile;

/// What one successful [`Feasibility::enter`] changed, for [`Feasibility::leave`] to undo.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Length of the undo log before the edge was entered.
    undo_len: usize,
    /// Whether the edge was pushed onto the list of non-conjunctive conditions.
    complex: bool,
}

/// Incremental feasibility for path enumeration (one per walk; cheap push/pop).
///
/// The current path's constraint is kept as one allowed cell set per factor; conditions
/// that are not conjunctions of per-factor tests are kept in a list and checked by
/// enumerating cells (bounded by [`CELL_LIMIT`]; past it a path is assumed feasible).
pub struct Feasibility<'a> {
    conditions: &'a PathwayConditions,
    allowed: Vec<Bits>,
    base: Vec<Bits>,
    complex: Vec<usize>,
    undo: Vec<(usize, Bits)>,
    frames: Vec<Frame>,
    /// Whether the profile was empty: the walk is for every patient.
    for_every_patient: bool,
    /// The profile in words ("" when empty).
    profile_words: String,
}

impl<'a> Feasibility<'a> {
    /// The pathway's conditions this walk checks against.
    pub fn conditions(&self) -> &'a PathwayConditions {
        self.conditions
    }

    /// Whether the walk is for every patient: no profile narrows it.
    pub fn for_every_patient(&self) -> bool {
        self.for_every_patient
    }

    /// Starts a walk for the patients matching `profile`.
    pub fn new(conditions: &'a PathwayConditions, profile: &Profile) -> Self {
        let base = conditions.profile_sets(profile);
        Feasibility {
            conditions,
            allowed: base.clone(),
            base,
            complex: Vec::new(),
            undo: Vec::new(),
            frames: Vec::new(),
            for_every_patient: profile.is_empty(),
            profile_words: if profile.is_empty() {
                String::new()
            } else {
                super::words::profile_words(profile, &conditions.factors)
            },
        }
    }

    /// The path takes `next` edge `edge`. Returns false when the path's conditions (all edges
    /// entered so far + this one + the profile) can no longer all hold; the edge is NOT kept
    /// in that case (no `leave` needed).
    ///
    /// Complexity: O(1) for an unconditional edge; O(factors tested × cells/64) for a
    /// conjunction of per-factor tests while the path has no other kind; otherwise the
    /// cells of the factors the path's non-conjunctive conditions test.
    pub fn enter(&mut self, edge: usize) -> bool {
        let undo_len = self.undo.len();
        let Some(e) = self.conditions.edges.get(edge) else {
            self.frames.push(Frame { undo_len, complex: false });
            return true;
        };
        if e.norm.is_none() {
            self.frames.push(Frame { undo_len, complex: false });
            return true;
        }
        if let Some(lits) = &e.conj {
            for (f, req) in lits {
                let next = self.allowed[*f].and(req);
                if next.is_empty() {
                    self.rollback(undo_len);
                    return false;
                }
                let old = std::mem::replace(&mut self.allowed[*f], next);
                self.undo.push((*f, old));
            }
            if !self.complex.is_empty() && !self.satisfiable() {
                self.rollback(undo_len);
                return false;
            }
            self.frames.push(Frame { undo_len, complex: false });
            return true;
        }
        self.complex.push(edge);
        if !self.satisfiable() {
            self.complex.pop();
            return false;
        }
        self.frames.push(Frame { undo_len, complex: true });
        true
    }

    /// Restores the allowed sets changed since the undo log had `undo_len` entries.
    fn rollback(&mut self, undo_len: usize) {
        while self.undo.len() > undo_len {
            if let Some((f, old)) = self.undo.pop() {
                self.allowed[f] = old;
            }
        }
    }

    /// Undo the last successful `enter` (does nothing when there is none).
    pub fn leave(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.rollback(frame.undo_len);
            if frame.complex {
                self.complex.pop();
            }
        }
    }

    /// The factors and allowed sets to enumerate for the complex conditions plus `extra`.
    fn scope(&self, extra: Option<usize>) -> Vec<(usize, Bits)> {
        let mut factors = BTreeSet::new();
        for &i in self.complex.iter().chain(extra.iter()) {
            factors.extend(self.conditions.edges[i].factors.iter().copied());
        }
        factors.into_iter().map(|f| (f, self.allowed[f].clone())).collect()
    }

    /// Whether every non-conjunctive condition of the path holds on `cells`.
    fn complex_hold(&self, cells: &[usize]) -> bool {
        self.complex.iter().all(|&i| self.conditions.edges[i].norm.as_ref().is_none_or(|n| n.eval(cells)))
    }

    /// Whether some patient allowed so far satisfies every non-conjunctive condition of the
    /// path (assumed so past [`CELL_LIMIT`] cells).
    fn satisfiable(&self) -> bool {
        let sets = self.scope(None);
        if product_size(&sets) > CELL_LIMIT {
            return true;
        }
        let mut cells = vec![0; self.allowed.len()];
        let mut found = false;
        for_each_cell(&sets, &mut cells, |cells| {
            found = self.complex_hold(cells);
            !found
        });
        found
    }

    /// (some patient on the path satisfies `edge`, every patient on the path does).
    fn includes_status(&self, edge: usize) -> (bool, bool) {
        let Some(e) = self.conditions.edges.get(edge) else { return (true, true) };
        let Some(norm) = &e.norm else { return (true, true) };
        if let (true, Some(lits)) = (self.complex.is_empty(), &e.conj) {
            let some = lits.iter().all(|(f, req)| !self.allowed[*f].and(req).is_empty());
            let every = lits.iter().all(|(f, req)| self.allowed[*f].subset_of(req));
            return (some, every);
        }
        let sets = self.scope(Some(edge));
        if product_size(&sets) > CELL_LIMIT {
            return (true, false);
        }
        let (mut some, mut every) = (false, true);
        let mut cells = vec![0; self.allowed.len()];
        for_each_cell(&sets, &mut cells, |cells| {
            if self.complex_hold(cells) {
                if norm.eval(cells) {
                    some = true;
                } else {
                    every = false;
                }
            }
            !some || every
        });
        (some, every && some)
    }

    /// Whether `includes` edge `edge` applies to at least one patient consistent with the
    /// current path.
    pub fn includes(&self, edge: usize) -> bool {
        self.includes_status(edge).0
    }

    /// Whether it applies to EVERY patient consistent with the current path (for "always"
    /// vs "if ..." listing).
    pub fn includes_always(&self, edge: usize) -> bool {
        self.includes_status(edge).1
    }

    /// Whether `edge`'s condition holds for every patient of the profile (true for an edge
    /// without one): the profile alone decides it, whatever the path. False when the condition
    /// spans more than [`CELL_LIMIT`] cells.
    ///
    /// Complexity: O(cells of the condition's factors under the profile × condition size).
    pub fn holds_for_profile(&self, edge: usize) -> bool {
        let Some(norm) = self.conditions.edges.get(edge).and_then(|e| e.norm.as_ref()) else { return true };
        let sets: Vec<(usize, Bits)> =
            self.conditions.edges[edge].factors.iter().map(|&f| (f, self.base[f].clone())).collect();
        if product_size(&sets) > CELL_LIMIT {
            return false;
        }
        let mut cells = vec![0; self.base.len()];
        for_each_cell(&sets, &mut cells, |cells| norm.eval(cells))
    }

    /// The condition of edge `edge` in words (`else` resolved: "no Philadelphia chromosome"),
    /// or `None` when it holds for every patient of the profile ([`Self::holds_for_profile`]).
    pub fn condition_words(&self, edge: usize) -> Option<String> {
        if self.holds_for_profile(edge) {
            return None;
        }
        self.conditions.edge_words(edge)
    }

    /// The conditions the current path requires beyond the profile, simplified and
    /// deterministic, e.g. `lineage == B && ph_positive`, or "" when none. Integer ranges
    /// combine (`age > 65`). Per-factor tests come first (by factor id), then the other
    /// conditions in path order, leaving out those the per-factor tests already imply.
    pub fn describe(&self) -> String {
        let domains = &self.conditions.domains;
        let mut parts: Vec<String> = self
            .required()
            .into_iter()
            .filter_map(|part| match part {
                Required::Factor(f, set) => domains[f].render(set),
                Required::Condition(norm) => Some(norm.render(domains)),
            })
            .collect();
        if parts.len() > 1 {
            for p in &mut parts {
                if p.contains("||") {
                    *p = format!("({p})");
                }
            }
        }
        parts.join(" && ")
    }

    /// What the profile fixes, in words, as [`super::profile_words`] says it ("age 70, and
    /// T-cell ALL"); "" for every patient.
    pub fn profile_words(&self) -> &str {
        &self.profile_words
    }

    /// [`Feasibility::describe`] in words, the way people write them: "age 65 or under, and no
    /// other serious illness"; "" when the path requires nothing beyond the profile.
    pub fn describe_words(&self) -> String {
        let parts: Vec<String> = self
            .required()
            .into_iter()
            .filter_map(|part| match part {
                Required::Factor(f, set) => self.conditions.factor_words(f, set),
                Required::Condition(norm @ Norm::Or(_)) => Some(format!("either {}", self.conditions.words(norm))),
                Required::Condition(norm) => Some(self.conditions.words(norm)),
            })
            .collect();
        if parts.len() == 1 {
            // A lone alternative needs no "either".
            return parts[0].strip_prefix("either ").map_or_else(|| parts[0].clone(), str::to_string);
        }
        super::words::join_and(&parts)
    }

    /// The patients the current path is for (the profile and every condition it has taken),
    /// as boxes of values a program can check a profile against (see [`PatientSet`]).
    /// Past [`CELL_LIMIT`] cells its non-conjunctive conditions are left out, as
    /// [`Feasibility::enter`] then takes them as possible.
    ///
    /// [`PatientSet`]: super::PatientSet
    pub fn patients(&self) -> super::PatientSet {
        let all: Vec<usize> = (0..self.allowed.len()).collect();
        let boxed = || self.conditions.set_of(&all, std::slice::from_ref(&self.allowed));
        if self.complex.is_empty() {
            return boxed();
        }
        let norms: Vec<&Norm> = self.complex.iter().filter_map(|&i| self.conditions.edges[i].norm.as_ref()).collect();
        self.conditions.patients_meeting(&norms, &self.allowed).unwrap_or_else(boxed)
    }

    /// What the current path requires beyond the profile: per-factor tests first (by factor
    /// id), then the other conditions in path order, leaving out those the per-factor tests
    /// already imply.
    fn required(&self) -> Vec<Required<'_>> {
        let domains = &self.conditions.domains;
        let mut order: Vec<usize> = (0..domains.len()).collect();
        order.sort_by(|a, b| domains[*a].id.cmp(&domains[*b].id));
        let mut parts: Vec<Required<'_>> = Vec::new();
        for f in order {
            if self.allowed[f] != self.base[f] && !self.allowed[f].is_full() {
                parts.push(Required::Factor(f, &self.allowed[f]));
            }
        }
        let mut seen: Vec<&Norm> = Vec::new();
        for &i in &self.complex {
            let Some(norm) = self.conditions.edges[i].norm.as_ref() else { continue };
            if seen.contains(&norm) {
                continue;
            }
            seen.push(norm);
            let factors = &self.conditions.edges[i].factors;
            let sets: Vec<(usize, Bits)> = factors.iter().map(|&f| (f, self.allowed[f].clone())).collect();
            let mut implied = product_size(&sets) <= CELL_LIMIT;
            if implied {
                let mut cells = vec![0; self.allowed.len()];
                for_each_cell(&sets, &mut cells, |cells| {
                    implied = norm.eval(cells);
                    implied
                });
            }
            if !implied {
                parts.push(Required::Condition(norm));
            }
        }
        parts
    }
}

/// One thing a path requires beyond the profile.
enum Required<'a> {
    /// Factor `f`'s cell is in the set.
    Factor(usize, &'a Bits),
    /// A condition the per-factor tests do not imply.
    Condition(&'a Norm),
}
