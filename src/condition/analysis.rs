//! Exact analysis of conditions: each factor's domain partitioned into cells, conditions
//! compiled to per-factor cell sets, and enumeration of the product of cells.
//!
//! A factor's cells are its values (boolean: `false`, `true`; enum: its declared values) or,
//! for integers, the intervals between the thresholds the pathway's conditions use within
//! `[min, max]`. Every atom of every condition is constant on each cell, so checking one
//! representative per cell decides a question for every patient: no sampling.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::check::{Pred, Typed};
use super::parse::CmpOp;
use crate::model::{Factor, FactorType};

/// Largest number of cells (patients classes) enumerated for one question.
pub const CELL_LIMIT: u64 = 100_000;

/// A set of cells of one factor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// The empty set over `len` cells.
    pub fn empty(len: usize) -> Self {
        Bits { words: vec![0; len.div_ceil(64).max(1)], len }
    }

    /// Every cell of `len`.
    pub fn full(len: usize) -> Self {
        let mut b = Bits::empty(len);
        for i in 0..len {
            b.insert(i);
        }
        b
    }

    /// One cell.
    pub fn single(len: usize, i: usize) -> Self {
        let mut b = Bits::empty(len);
        b.insert(i);
        b
    }

    /// Adds cell `i` (ignored past the end).
    pub fn insert(&mut self, i: usize) {
        if i < self.len {
            if let Some(w) = self.words.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        }
    }

    /// Whether cell `i` is in the set.
    pub fn contains(&self, i: usize) -> bool {
        self.words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Number of cells of the factor.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Number of cells in the set.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Whether the set holds every cell.
    pub fn is_full(&self) -> bool {
        self.count() == self.len
    }

    /// Intersection.
    pub fn and(&self, other: &Bits) -> Bits {
        let words = self.words.iter().zip(&other.words).map(|(a, b)| a & b).collect();
        Bits { words, len: self.len }
    }

    /// Union.
    pub fn or(&self, other: &Bits) -> Bits {
        let words = self.words.iter().zip(&other.words).map(|(a, b)| a | b).collect();
        Bits { words, len: self.len }
    }

    /// Complement within the factor's cells.
    pub fn not(&self) -> Bits {
        let mut out = Bits::empty(self.len);
        for i in 0..self.len {
            if !self.contains(i) {
                out.insert(i);
            }
        }
        out
    }

    /// Whether every cell of `self` is in `other`.
    pub fn subset_of(&self, other: &Bits) -> bool {
        self.words.iter().zip(&other.words).all(|(a, b)| a & !b == 0)
    }

    /// The cells in the set, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).filter(|&i| self.contains(i))
    }
}

/// What a factor's cells are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellKind {
    /// Cell 0 is `false`, cell 1 is `true`.
    Bool,
    /// Cell `i` is `values[i]` (at least one cell, even for an empty declaration).
    Enum(Vec<String>),
    /// Cell `i` is the interval `[lo, hi]` of `bounds[i]`.
    Int(Vec<(i64, i64)>),
}

/// One factor's domain, partitioned into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// Factor id.
    pub id: String,
    /// The cells.
    pub kind: CellKind,
}

impl Domain {
    /// Number of cells.
    pub fn cells(&self) -> usize {
        match &self.kind {
            CellKind::Bool => 2,
            CellKind::Enum(values) => values.len().max(1),
            CellKind::Int(bounds) => bounds.len().max(1),
        }
    }

    /// The representative value of a cell as text (`true`, `B`, `66`).
    pub fn cell_value(&self, cell: usize) -> String {
        match &self.kind {
            CellKind::Bool => (cell == 1).to_string(),
            CellKind::Enum(values) => values.get(cell).cloned().unwrap_or_else(|| "?".into()),
            CellKind::Int(bounds) => bounds.get(cell).map_or_else(|| "?".into(), |(lo, _)| lo.to_string()),
        }
    }

    /// The cell holding an integer, if it is within the bounds.
    pub fn int_cell(&self, v: i64) -> Option<usize> {
        match &self.kind {
            CellKind::Int(bounds) => bounds.iter().position(|(lo, hi)| *lo <= v && v <= *hi),
            _ => None,
        }
    }

    /// Renders a set of this factor's cells as a condition (`lineage == B`, `age > 65`,
    /// `!ph_positive`); `None` when the set is full (no constraint).
    pub fn render(&self, set: &Bits) -> Option<String> {
        if set.is_full() {
            return None;
        }
        let id = &self.id;
        if set.is_empty() {
            return Some("false".into());
        }
        Some(match &self.kind {
            CellKind::Bool => {
                if set.contains(1) {
                    id.clone()
                } else {
                    format!("!{id}")
                }
            }
            CellKind::Enum(values) => {
                let inside: Vec<&str> = set.iter().filter_map(|i| values.get(i).map(String::as_str)).collect();
                let outside: Vec<&str> = set.not().iter().filter_map(|i| values.get(i).map(String::as_str)).collect();
                match (inside.as_slice(), outside.as_slice()) {
                    ([one], _) => format!("{id} == {one}"),
                    (_, [one]) => format!("{id} != {one}"),
                    _ => format!("{id} in [{}]", inside.join(", ")),
                }
            }
            CellKind::Int(bounds) => {
                let (runs, min, max) = int_runs(bounds, set);
                let parts: Vec<String> = runs
                    .iter()
                    .map(|&(lo, hi)| match (lo == min, hi == max) {
                        _ if lo == hi => format!("{id} == {lo}"),
                        (true, _) => format!("{id} <= {hi}"),
                        (_, true) => format!("{id} > {}", lo.saturating_sub(1)),
                        _ => format!("{id} > {} && {id} <= {hi}", lo.saturating_sub(1)),
                    })
                    .collect();
                if parts.len() == 1 {
                    parts.into_iter().next().unwrap_or_default()
                } else {
                    let wrapped: Vec<String> =
                        parts.into_iter().map(|p| if p.contains("&&") { format!("({p})") } else { p }).collect();
                    wrapped.join(" || ")
                }
            }
        })
    }
}

/// A set of an integer factor's cells as its maximal runs of consecutive cells, each the
/// interval `(lo, hi)` it covers, with the domain's smallest and largest values (so a caller
/// can tell a run open at either end: "65 or under", "over 65").
pub(crate) fn int_runs(bounds: &[(i64, i64)], set: &Bits) -> (Vec<(i64, i64)>, i64, i64) {
    let (min, max) = (bounds.first().map_or(0, |b| b.0), bounds.last().map_or(0, |b| b.1));
    let mut runs: Vec<(i64, i64)> = Vec::new();
    let mut prev: Option<usize> = None;
    for i in set.iter() {
        let (lo, hi) = bounds.get(i).copied().unwrap_or((0, 0));
        match (prev, runs.last_mut()) {
            (Some(p), Some(last)) if p + 1 == i => last.1 = hi,
            _ => runs.push((lo, hi)),
        }
        prev = Some(i);
    }
    (runs, min, max)
}

/// Builds the domain of every declared factor, partitioning integers at the thresholds of
/// the given atoms.
///
/// Complexity: O(factors + atoms × log(atoms)).
pub fn domains<'a>(factors: &[Factor], atoms: impl Iterator<Item = (usize, &'a Pred)>) -> Vec<Domain> {
    let mut cuts: Vec<BTreeSet<i128>> = vec![BTreeSet::new(); factors.len()];
    for (f, pred) in atoms {
        let Some(set) = cuts.get_mut(f) else { continue };
        let mut cut_at = |k: i64| {
            set.insert(i128::from(k));
            set.insert(i128::from(k) + 1);
        };
        match pred {
            Pred::IntCmp(CmpOp::Lt | CmpOp::Ge, k) => {
                set.insert(i128::from(*k));
            }
            Pred::IntCmp(CmpOp::Le | CmpOp::Gt, k) => {
                set.insert(i128::from(*k) + 1);
            }
            Pred::IntCmp(CmpOp::Eq | CmpOp::Ne, k) => cut_at(*k),
            Pred::IntIn(list) => list.iter().for_each(|k| cut_at(*k)),
            _ => {}
        }
    }
    factors
        .iter()
        .zip(cuts)
        .map(|(f, cuts)| {
            let kind = match f.kind {
                FactorType::Boolean => CellKind::Bool,
                FactorType::Enum => {
                    let mut values: Vec<String> = Vec::new();
                    for v in &f.values {
                        if !values.contains(v) {
                            values.push(v.clone());
                        }
                    }
                    CellKind::Enum(values)
                }
                FactorType::Integer => {
                    let (mut lo, mut hi) = (f.min.unwrap_or(i64::MIN), f.max.unwrap_or(i64::MAX));
                    if lo > hi {
                        std::mem::swap(&mut lo, &mut hi);
                    }
                    let mut bounds = Vec::new();
                    let mut start = i128::from(lo);
                    for cut in cuts.into_iter().filter(|c| *c > i128::from(lo) && *c <= i128::from(hi)) {
                        bounds.push((start, cut - 1));
                        start = cut;
                    }
                    bounds.push((start, i128::from(hi)));
                    let bounds = bounds
                        .into_iter()
                        .map(|(a, b)| (i64::try_from(a).unwrap_or(lo), i64::try_from(b).unwrap_or(hi)))
                        .collect();
                    CellKind::Int(bounds)
                }
            };
            Domain { id: f.id.clone(), kind }
        })
        .collect()
}

/// A condition compiled to cell sets, in negation normal form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Norm {
    /// Always or never.
    Const(bool),
    /// The factor's cell is in the set.
    Lit(usize, Bits),
    /// All hold.
    And(Vec<Norm>),
    /// At least one holds.
    Or(Vec<Norm>),
}

impl Norm {
    /// Compiles a typed condition over the domains.
    ///
    /// Complexity: O(size × cells of each atom's factor). Recursion depth is bounded by the
    /// parser's nesting limit.
    pub fn compile(t: &Typed, domains: &[Domain]) -> Norm {
        Norm::build(t, domains, false)
    }

    fn build(t: &Typed, domains: &[Domain], negate: bool) -> Norm {
        match t {
            Typed::Const(b) => Norm::Const(*b != negate),
            Typed::Not(inner) => Norm::build(inner, domains, !negate),
            Typed::And(items) | Typed::Or(items) => {
                let parts = items.iter().map(|i| Norm::build(i, domains, negate)).collect();
                if matches!(t, Typed::And(_)) != negate {
                    Norm::and(parts)
                } else {
                    Norm::or(parts)
                }
            }
            Typed::Atom(f, pred) => {
                let Some(d) = domains.get(*f) else { return Norm::Const(false) };
                let mut set = Bits::empty(d.cells());
                for cell in 0..d.cells() {
                    let holds = match (&d.kind, pred) {
                        (CellKind::Bool, Pred::Bool(b)) => (cell == 1) == *b,
                        (CellKind::Enum(_), Pred::EnumIn(list)) => list.contains(&cell),
                        (CellKind::Int(bounds), p) => bounds.get(cell).is_some_and(|(lo, _)| p.holds_int(*lo)),
                        _ => false,
                    };
                    if holds {
                        set.insert(cell);
                    }
                }
                if negate {
                    set = set.not();
                }
                Norm::lit(*f, set)
            }
        }
    }

    fn lit(f: usize, set: Bits) -> Norm {
        if set.is_empty() {
            Norm::Const(false)
        } else if set.is_full() {
            Norm::Const(true)
        } else {
            Norm::Lit(f, set)
        }
    }

    /// Conjunction, simplified: constants folded, nested `And`s flattened, literals on the
    /// same factor intersected.
    pub fn and(parts: Vec<Norm>) -> Norm {
        Norm::combine(parts, true)
    }

    /// Disjunction, simplified like [`Norm::and`] (literals on one factor united).
    pub fn or(parts: Vec<Norm>) -> Norm {
        Norm::combine(parts, false)
    }

    fn combine(parts: Vec<Norm>, is_and: bool) -> Norm {
        let mut lits: Vec<(usize, Bits)> = Vec::new();
        let mut rest: Vec<Norm> = Vec::new();
        let mut queue = parts;
        while let Some(p) = queue.pop() {
            match p {
                Norm::Const(b) if b == is_and => {}
                Norm::Const(b) => return Norm::Const(b),
                Norm::And(items) if is_and => queue.extend(items),
                Norm::Or(items) if !is_and => queue.extend(items),
                Norm::Lit(f, set) => match lits.iter_mut().find(|(g, _)| *g == f) {
                    Some((_, s)) => *s = if is_and { s.and(&set) } else { s.or(&set) },
                    None => lits.push((f, set)),
                },
                other => rest.push(other),
            }
        }
        lits.sort();
        let mut out: Vec<Norm> = Vec::new();
        for (f, set) in lits {
            match Norm::lit(f, set) {
                Norm::Const(b) if b == is_and => {}
                Norm::Const(b) => return Norm::Const(b),
                lit => out.push(lit),
            }
        }
        rest.reverse();
        out.extend(rest);
        match out.len() {
            0 => Norm::Const(is_and),
            1 => out.pop().unwrap_or(Norm::Const(is_and)),
            _ if is_and => Norm::And(out),
            _ => Norm::Or(out),
        }
    }

    /// Negation (complements literals, swaps `And`/`Or`).
    ///
    /// Complexity: O(size), explicit recursion bounded by the condition's depth.
    pub fn negate(&self) -> Norm {
        match self {
            Norm::Const(b) => Norm::Const(!b),
            Norm::Lit(f, set) => Norm::lit(*f, set.not()),
            Norm::And(items) => Norm::or(items.iter().map(Norm::negate).collect()),
            Norm::Or(items) => Norm::and(items.iter().map(Norm::negate).collect()),
        }
    }

    /// Evaluates on a cell assignment (`cells[f]` is factor `f`'s cell).
    pub fn eval(&self, cells: &[usize]) -> bool {
        match self {
            Norm::Const(b) => *b,
            Norm::Lit(f, set) => cells.get(*f).is_some_and(|c| set.contains(*c)),
            Norm::And(items) => items.iter().all(|i| i.eval(cells)),
            Norm::Or(items) => items.iter().any(|i| i.eval(cells)),
        }
    }

    /// The factors the condition depends on, ascending.
    pub fn factors(&self, out: &mut BTreeSet<usize>) {
        match self {
            Norm::Const(_) => {}
            Norm::Lit(f, _) => {
                out.insert(*f);
            }
            Norm::And(items) | Norm::Or(items) => items.iter().for_each(|i| i.factors(out)),
        }
    }

    /// If the condition is a conjunction of per-factor literals (or a constant `true`),
    /// those literals, one per factor, ascending.
    pub fn conjunction(&self) -> Option<Vec<(usize, Bits)>> {
        match self {
            Norm::Const(true) => Some(Vec::new()),
            Norm::Lit(f, set) => Some(vec![(*f, set.clone())]),
            Norm::And(items) => items
                .iter()
                .map(|i| match i {
                    Norm::Lit(f, set) => Some((*f, set.clone())),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    /// Renders as condition text, deterministic (`lineage == B && ph_positive`).
    pub fn render(&self, domains: &[Domain]) -> String {
        let mut s = String::new();
        self.render_into(domains, &mut s, false);
        s
    }

    fn render_into(&self, domains: &[Domain], out: &mut String, in_and: bool) {
        match self {
            Norm::Const(b) => {
                let _ = write!(out, "{b}");
            }
            Norm::Lit(f, set) => {
                let text = domains.get(*f).and_then(|d| d.render(set)).unwrap_or_else(|| "true".into());
                if in_and && text.contains("||") {
                    let _ = write!(out, "({text})");
                } else {
                    out.push_str(&text);
                }
            }
            Norm::And(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" && ");
                    }
                    item.render_into(domains, out, true);
                }
            }
            Norm::Or(items) => {
                if in_and {
                    out.push('(');
                }
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" || ");
                    }
                    item.render_into(domains, out, false);
                }
                if in_and {
                    out.push(')');
                }
            }
        }
    }
}

/// Number of cells in the product of the given per-factor sets, saturating.
pub fn product_size(sets: &[(usize, Bits)]) -> u64 {
    sets.iter().fold(1u64, |acc, (_, s)| acc.saturating_mul(s.count() as u64))
}

/// Calls `visit` on every assignment of the product of `sets` (factor, allowed cells), in
/// lexicographic order of the factors as given; `cells` holds the assignment (other
/// entries untouched). Stops early when `visit` returns false. Returns false if stopped.
///
/// Complexity: O(product of the set sizes × cost of `visit`), with no recursion.
pub fn for_each_cell(sets: &[(usize, Bits)], cells: &mut [usize], mut visit: impl FnMut(&[usize]) -> bool) -> bool {
    let choices: Vec<Vec<usize>> = sets.iter().map(|(_, s)| s.iter().collect()).collect();
    if choices.iter().any(Vec::is_empty) {
        return true;
    }
    let mut pos = vec![0usize; sets.len()];
    for ((f, _), c) in sets.iter().zip(&choices) {
        if let (Some(slot), Some(first)) = (cells.get_mut(*f), c.first()) {
            *slot = *first;
        }
    }
    loop {
        if !visit(cells) {
            return false;
        }
        // Advance the mixed-radix counter, last factor fastest.
        let mut k = sets.len();
        loop {
            if k == 0 {
                return true;
            }
            k -= 1;
            let (f, _) = sets[k];
            pos[k] += 1;
            if pos[k] < choices[k].len() {
                if let Some(slot) = cells.get_mut(f) {
                    *slot = choices[k][pos[k]];
                }
                break;
            }
            pos[k] = 0;
            if let Some(slot) = cells.get_mut(f) {
                *slot = choices[k][0];
            }
        }
    }
}

/// An assignment of cells to factors: `(factor, cell)` pairs.
pub type Assignment = Vec<(usize, usize)>;

/// A decision's verdict: a patient no branch covers, and pairs of branches that overlap.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DecisionVerdict {
    /// The first uncovered cell (the assignment of the decision's factors), if any.
    pub uncovered: Option<Assignment>,
    /// For each overlapping pair of branches (positions in the given list), the first cell
    /// both apply to.
    pub overlaps: Vec<(usize, usize, Assignment)>,
}

/// Checks a decision's branches over every cell of the product of the factors they mention.
/// `Err(cells)` when that product exceeds [`CELL_LIMIT`].
///
/// Complexity: O(cells × branches² ) in the worst case, cells ≤ [`CELL_LIMIT`].
pub fn analyse_decision(branches: &[Norm], domains: &[Domain], check_overlap: bool) -> Result<DecisionVerdict, u64> {
    let mut factors = BTreeSet::new();
    branches.iter().for_each(|b| b.factors(&mut factors));
    let mut ordered: Vec<usize> = factors.into_iter().collect();
    ordered.sort_by(|a, b| domains[*a].id.cmp(&domains[*b].id).then(a.cmp(b)));
    let sets: Vec<(usize, Bits)> = ordered.iter().map(|&f| (f, Bits::full(domains[f].cells()))).collect();
    let size = product_size(&sets);
    if size > CELL_LIMIT {
        return Err(size);
    }
    let mut verdict = DecisionVerdict::default();
    let mut cells = vec![0usize; domains.len()];
    let assignment = |cells: &[usize]| ordered.iter().map(|&f| (f, cells[f])).collect::<Vec<_>>();
    for_each_cell(&sets, &mut cells, |cells| {
        let taken: Vec<usize> = (0..branches.len()).filter(|&i| branches[i].eval(cells)).collect();
        if taken.is_empty() && verdict.uncovered.is_none() {
            verdict.uncovered = Some(assignment(cells));
        }
        if check_overlap {
            for (x, &a) in taken.iter().enumerate() {
                for &b in &taken[x + 1..] {
                    if !verdict.overlaps.iter().any(|(p, q, _)| (*p, *q) == (a, b)) {
                        verdict.overlaps.push((a, b, assignment(cells)));
                    }
                }
            }
        }
        true
    });
    verdict.overlaps.sort_by_key(|(a, b, _)| (*a, *b));
    Ok(verdict)
}

/// Renders an assignment as `lineage=T, ph_positive=true` (factors sorted by id).
pub fn render_assignment(assignment: &[(usize, usize)], domains: &[Domain]) -> String {
    let mut parts: Vec<(String, String)> =
        assignment.iter().filter_map(|&(f, c)| domains.get(f).map(|d| (d.id.clone(), d.cell_value(c)))).collect();
    parts.sort();
    parts.into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}
