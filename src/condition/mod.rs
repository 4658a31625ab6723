//! Conditions on patient factors: the language ([`parse`]), type-checking ([`check`]),
//! exact analysis ([`analysis`]), patient profiles, per-edge evaluation, patient classes and
//! incremental path feasibility.
//!
//! Every condition is compiled to sets of *cells*: each factor's domain is partitioned so
//! that every test in the pathway is constant on each cell (see [`analysis`]). Questions
//! about "every patient" are then answered exactly by looking at one patient per cell.

pub mod analysis;
pub mod check;
pub mod parse;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use analysis::{for_each_cell, product_size, Bits, CellKind, Domain, Norm, CELL_LIMIT};
use check::{ConditionError, Typed};
use parse::{Parsed, SyntaxError};

use crate::model::{EdgeKind, Factor, FactorType, PathwayFile};

/// A value of a factor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// A boolean factor's value.
    Bool(bool),
    /// An enum factor's value.
    Enum(String),
    /// An integer factor's value.
    Int(i64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Enum(s) => f.write_str(s),
            Value::Int(n) => write!(f, "{n}"),
        }
    }
}

/// A partial patient: values for some factors; the others are open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Profile {
    values: BTreeMap<String, Value>,
}

impl Profile {
    /// The empty profile: every patient.
    pub fn new() -> Self {
        Profile::default()
    }

    /// Parses `--patient` arguments: each a comma-separated list of `factor=value`.
    ///
    /// Errors are complete sentences naming the factor or value and listing the valid ones.
    pub fn parse(specs: &[String], factors: &[Factor]) -> Result<Profile, String> {
        let mut profile = Profile::new();
        let ids = || {
            let mut ids: Vec<&str> = factors.iter().map(|f| f.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() {
                "this pathway declares no factors".to_string()
            } else {
                format!("factors: {}", ids.join(", "))
            }
        };
        for spec in specs {
            for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let Some((key, raw)) = item.split_once('=') else {
                    return Err(format!("`{item}` in --patient is not `factor=value` (e.g. `ph_positive=true`)"));
                };
                let (key, raw) = (key.trim(), raw.trim());
                let Some(factor) = factors.iter().find(|f| f.id == key) else {
                    let ids_list: Vec<&str> = factors.iter().map(|f| f.id.as_str()).collect();
                    let hint = crate::suggest::closest(key, ids_list.iter().copied())
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    return Err(format!("unknown factor `{key}` in --patient{hint}; {}", ids()));
                };
                let value = match factor.kind {
                    FactorType::Boolean => match raw {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        _ => return Err(format!("`{key}={raw}` in --patient: {key} is true or false")),
                    },
                    FactorType::Enum => match factor.values.iter().find(|v| *v == raw) {
                        Some(v) => Value::Enum(v.clone()),
                        None => {
                            return Err(format!(
                                "`{key}={raw}` in --patient: {key} is one of {}",
                                check::list_values(&factor.values)
                            ))
                        }
                    },
                    FactorType::Integer => {
                        let n = raw
                            .parse::<i64>()
                            .ok()
                            .filter(|n| factor.min.is_none_or(|lo| *n >= lo) && factor.max.is_none_or(|hi| *n <= hi));
                        match n {
                            Some(n) => Value::Int(n),
                            None => {
                                return Err(format!(
                                    "`{key}={raw}` in --patient: {key} is {}",
                                    check::bounds_text(factor)
                                ))
                            }
                        }
                    }
                };
                if let Some(old) = profile.values.get(key) {
                    if *old != value {
                        return Err(format!("{key} is given twice in --patient, as {old} and as {value}"));
                    }
                }
                profile.values.insert(key.to_string(), value);
            }
        }
        Ok(profile)
    }

    /// Sets a factor's value (no checking against declarations; values that do not fit
    /// the factor are treated as open by [`PathwayConditions`]).
    pub fn insert(&mut self, factor: impl Into<String>, value: Value) {
        self.values.insert(factor.into(), value);
    }

    /// The value given for a factor.
    pub fn get(&self, factor: &str) -> Option<&Value> {
        self.values.get(factor)
    }

    /// The values given, sorted by factor id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Whether no factor is given (every patient).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.values.is_empty() {
            return f.write_str("all patients");
        }
        for (i, (k, v)) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}={v}")?;
        }
        Ok(())
    }
}

/// What an edge's `when` is, after parsing and checking.
#[derive(Debug, Clone)]
pub(crate) enum EdgeState {
    /// No `when`.
    Unconditional,
    /// `else`.
    Else,
    /// A checked expression.
    Valid(Typed),
    /// Does not parse.
    SyntaxError(SyntaxError),
    /// Parses, but does not type-check.
    Invalid(Vec<ConditionError>),
}

/// One edge's condition.
#[derive(Debug, Clone)]
pub(crate) struct EdgeCondition {
    /// The `when` text as written.
    pub text: Option<String>,
    /// `next` or `includes`.
    pub kind: EdgeKind,
    /// The `from` node id.
    pub from: String,
    /// Parse and check result.
    pub state: EdgeState,
    /// Factor names the text mentions (when it parses), for the unused-factor rule.
    pub mentions: Vec<String>,
    /// The compiled condition (`else` resolved); `None` counts as unconditional.
    pub norm: Option<Norm>,
    /// When `norm` is a conjunction of per-factor literals: those literals.
    conj: Option<Vec<(usize, Bits)>>,
    /// Factors `norm` depends on.
    factors: Vec<usize>,
}

/// Every edge condition of a pathway, parsed, checked and compiled, with the factor domains.
#[derive(Debug, Clone)]
pub struct PathwayConditions {
    pub(crate) domains: Vec<Domain>,
    index: BTreeMap<String, usize>,
    pub(crate) edges: Vec<EdgeCondition>,
}

/// A class of patients that take the same decision branches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientClass {
    /// A representative patient of the class: the base profile plus one value for each open
    /// factor that `next` conditions test.
    pub profile: Profile,
    /// Which patients the class holds, as a condition (e.g. `age > 65 || serious_comorbidity`),
    /// or `all patients`.
    pub description: String,
}

impl PathwayConditions {
    /// Parses and type-checks every edge's `when` (else resolved against its siblings).
    /// Edges whose condition is missing/invalid count as unconditional (`true`) here, and so
    /// does an `else` whose siblings include an invalid condition.
    ///
    /// Complexity: O(total condition size × cells per factor + edges × siblings).
    pub fn new(pathway: &PathwayFile) -> Self {
        let factors = &pathway.factors;
        let mut edges: Vec<EdgeCondition> = pathway
            .edges
            .iter()
            .map(|e| {
                let (state, mentions) = match e.when.as_deref() {
                    None => (EdgeState::Unconditional, Vec::new()),
                    Some(text) => match parse::parse(text) {
                        Err(err) => (EdgeState::SyntaxError(err), Vec::new()),
                        Ok(Parsed::Else) => (EdgeState::Else, Vec::new()),
                        Ok(Parsed::Expr(expr)) => {
                            let mentions = expr.factors().into_iter().map(|(n, _)| n.to_string()).collect();
                            match check::check(&expr, factors) {
                                Ok(t) => (EdgeState::Valid(t), mentions),
                                Err(errors) => (EdgeState::Invalid(errors), mentions),
                            }
                        }
                    },
                };
                EdgeCondition {
                    text: e.when.clone(),
                    kind: e.kind,
                    from: e.from.clone(),
                    state,
                    mentions,
                    norm: None,
                    conj: None,
                    factors: Vec::new(),
                }
            })
            .collect();
        let mut atoms = Vec::new();
        for e in &edges {
            if let EdgeState::Valid(t) = &e.state {
                collect_atoms(t, &mut atoms);
            }
        }
        let domains = analysis::domains(factors, atoms.into_iter());
        for e in &mut edges {
            if let EdgeState::Valid(t) = &e.state {
                e.norm = Some(Norm::compile(t, &domains));
            }
        }
        // Resolve `else`: the negation of the disjunction of the siblings' conditions.
        let mut siblings: BTreeMap<(&str, EdgeKind), Vec<usize>> = BTreeMap::new();
        for (i, e) in pathway.edges.iter().enumerate() {
            siblings.entry((e.from.as_str(), e.kind)).or_default().push(i);
        }
        let mut resolved = Vec::new();
        for (i, e) in edges.iter().enumerate() {
            if !matches!(e.state, EdgeState::Else) {
                continue;
            }
            let group = siblings.get(&(e.from.as_str(), e.kind)).cloned().unwrap_or_default();
            let mut parts = Vec::new();
            let mut ok = true;
            for &j in group.iter().filter(|&&j| j != i) {
                match (&edges[j].state, &edges[j].norm) {
                    (EdgeState::Else, _) => {}
                    (EdgeState::Unconditional, _) => parts.push(Norm::Const(true)),
                    (EdgeState::Valid(_), Some(n)) => parts.push(n.clone()),
                    _ => ok = false,
                }
            }
            if ok {
                resolved.push((i, Norm::or(parts).negate()));
            }
        }
        for (i, n) in resolved {
            edges[i].norm = Some(n);
        }
        for e in &mut edges {
            if let Some(n) = &e.norm {
                let mut set = BTreeSet::new();
                n.factors(&mut set);
                e.factors = set.into_iter().collect();
                e.conj = n.conjunction();
            }
        }
        let mut index = BTreeMap::new();
        for (i, f) in factors.iter().enumerate() {
            index.entry(f.id.clone()).or_insert(i);
        }
        PathwayConditions { domains, index, edges }
    }

    /// The cell of each factor fixed by the profile (values that do not fit are open).
    fn profile_cells(&self, profile: &Profile) -> Vec<Option<usize>> {
        let mut cells = vec![None; self.domains.len()];
        for (id, value) in profile.iter() {
            let Some(&f) = self.index.get(id) else { continue };
            let d = &self.domains[f];
            cells[f] = match (&d.kind, value) {
                (CellKind::Bool, Value::Bool(b)) => Some(usize::from(*b)),
                (CellKind::Enum(values), Value::Enum(v)) => values.iter().position(|x| x == v),
                (CellKind::Int(_), Value::Int(n)) => d.int_cell(*n),
                _ => None,
            };
        }
        cells
    }

    fn profile_sets(&self, profile: &Profile) -> Vec<Bits> {
        self.profile_cells(profile)
            .into_iter()
            .zip(&self.domains)
            .map(|(cell, d)| match cell {
                Some(c) => Bits::single(d.cells(), c),
                None => Bits::full(d.cells()),
            })
            .collect()
    }

    /// Three-valued: `Some(true)` every patient matching `profile` satisfies edge `edge`'s
    /// condition, `Some(false)` none does, `None` it depends on factors the profile leaves
    /// open. Unconditional edge (or an index out of range) → `Some(true)`. Also `None` when
    /// the condition spans more than [`CELL_LIMIT`] cells.
    ///
    /// Complexity: O(cells of the condition's open factors × condition size).
    pub fn edge_status(&self, edge: usize, profile: &Profile) -> Option<bool> {
        let Some(e) = self.edges.get(edge) else { return Some(true) };
        let Some(norm) = &e.norm else { return Some(true) };
        let allowed = self.profile_sets(profile);
        let sets: Vec<(usize, Bits)> = e.factors.iter().map(|&f| (f, allowed[f].clone())).collect();
        if product_size(&sets) > CELL_LIMIT {
            return None;
        }
        let (mut any_true, mut any_false) = (false, false);
        let mut cells = vec![0; self.domains.len()];
        for_each_cell(&sets, &mut cells, |cells| {
            if norm.eval(cells) {
                any_true = true;
            } else {
                any_false = true;
            }
            !(any_true && any_false)
        });
        match (any_true, any_false) {
            (true, true) => None,
            (false, true) => Some(false),
            _ => Some(true),
        }
    }

    /// The original text of the condition of edge `edge` (None when unconditional).
    pub fn text(&self, edge: usize) -> Option<&str> {
        self.edges.get(edge).and_then(|e| e.text.as_deref())
    }

    /// The condition of edge `edge` as text, with `else` resolved against its siblings
    /// (e.g. `!transplant_candidate` for an `else` whose sibling is `transplant_candidate`).
    /// `None` when unconditional.
    pub fn resolved_text(&self, edge: usize) -> Option<String> {
        let e = self.edges.get(edge)?;
        match (&e.state, &e.norm) {
            (EdgeState::Else, Some(n)) => Some(n.render(&self.domains)),
            _ => e.text.clone(),
        }
    }

    /// Patient classes: a partition of the factors tested by `next`-edge conditions that
    /// `profile` leaves open. Each class is a representative Profile (profile + one value for
    /// each of those open factors; integers by a representative value of their interval)
    /// with a readable description (e.g. `age > 65`). Classes whose decision outcomes are
    /// identical (same status on every conditional `next` edge) are merged.
    /// `Err(message)` past `limit` classes.
    ///
    /// Complexity: O(cells of the open factors × conditional `next` edges); the description
    /// of each class is simplified by merging cells factor by factor (O(cells × log cells)
    /// per pass).
    pub fn patient_classes(&self, profile: &Profile, limit: usize) -> Result<Vec<PatientClass>, String> {
        let fixed = self.profile_cells(profile);
        let decision_edges: Vec<usize> = (0..self.edges.len())
            .filter(|&i| self.edges[i].kind == EdgeKind::Next && self.edges[i].norm.is_some())
            .collect();
        let mut open: BTreeSet<usize> = BTreeSet::new();
        for &i in &decision_edges {
            open.extend(self.edges[i].factors.iter().copied().filter(|&f| fixed[f].is_none()));
        }
        let mut open: Vec<usize> = open.into_iter().collect();
        open.sort_by(|a, b| self.domains[*a].id.cmp(&self.domains[*b].id));
        let sets: Vec<(usize, Bits)> = open.iter().map(|&f| (f, Bits::full(self.domains[f].cells()))).collect();
        let size = product_size(&sets);
        if size > CELL_LIMIT.saturating_mul(10) {
            return Err(format!(
                "the pathway's decisions split patients into {size} combinations of factor values, more than \
                 carepath enumerates; give --patient to fix some factors"
            ));
        }
        let mut cells = vec![0; self.domains.len()];
        for (f, c) in fixed.iter().enumerate() {
            if let Some(c) = c {
                cells[f] = *c;
            }
        }
        let mut groups: Vec<Vec<Vec<usize>>> = Vec::new();
        let mut by_signature: BTreeMap<Vec<bool>, usize> = BTreeMap::new();
        let mut too_many = false;
        for_each_cell(&sets, &mut cells, |cells| {
            let signature: Vec<bool> =
                decision_edges.iter().map(|&i| self.edges[i].norm.as_ref().is_none_or(|n| n.eval(cells))).collect();
            let point: Vec<usize> = open.iter().map(|&f| cells[f]).collect();
            match by_signature.get(&signature) {
                Some(&g) => groups[g].push(point),
                None => {
                    if groups.len() >= limit {
                        too_many = true;
                        return false;
                    }
                    by_signature.insert(signature, groups.len());
                    groups.push(vec![point]);
                }
            }
            true
        });
        if too_many {
            return Err(format!(
                "the pathway's decisions split patients into more than {limit} classes; give --patient to fix some factors"
            ));
        }
        Ok(groups
            .into_iter()
            .map(|points| {
                let mut class_profile = profile.clone();
                if let Some(first) = points.first() {
                    for (&f, &c) in open.iter().zip(first) {
                        class_profile.insert(self.domains[f].id.clone(), self.cell_to_value(f, c));
                    }
                }
                let description = self.describe_cells(&open, &points);
                PatientClass { profile: class_profile, description }
            })
            .collect())
    }

    fn cell_to_value(&self, f: usize, cell: usize) -> Value {
        let d = &self.domains[f];
        match &d.kind {
            CellKind::Bool => Value::Bool(cell == 1),
            CellKind::Enum(values) => Value::Enum(values.get(cell).cloned().unwrap_or_default()),
            CellKind::Int(bounds) => Value::Int(bounds.get(cell).map_or(0, |b| b.0)),
        }
    }

    /// Describes a set of cells over `factors` as a condition, merging cells that differ
    /// in one factor into one term, one factor at a time until nothing changes.
    fn describe_cells(&self, factors: &[usize], points: &[Vec<usize>]) -> String {
        let mut terms: BTreeSet<Vec<Bits>> = points
            .iter()
            .map(|p| factors.iter().zip(p).map(|(&f, &c)| Bits::single(self.domains[f].cells(), c)).collect())
            .collect();
        loop {
            let mut changed = false;
            for pos in 0..factors.len() {
                let mut merged: BTreeMap<Vec<Bits>, Bits> = BTreeMap::new();
                for term in &terms {
                    let mut key = term.clone();
                    let set = key.remove(pos);
                    merged.entry(key).and_modify(|s| *s = s.or(&set)).or_insert(set);
                }
                let next: BTreeSet<Vec<Bits>> = merged
                    .into_iter()
                    .map(|(mut key, set)| {
                        key.insert(pos, set);
                        key
                    })
                    .collect();
                if next.len() != terms.len() {
                    changed = true;
                }
                terms = next;
            }
            if !changed {
                break;
            }
        }
        // Widen each term factor by factor to the whole domain where the group still holds
        // every cell of the widened term, then drop terms another term covers.
        // Bounded: past WIDEN_LIMIT (terms × cells) the merged terms are kept as they are.
        const WIDEN_LIMIT: usize = 1 << 22;
        let members: BTreeSet<&Vec<usize>> = points.iter().collect();
        let widen = terms.len().saturating_mul(points.len()).saturating_mul(factors.len()) <= WIDEN_LIMIT;
        let widened: Vec<Vec<Bits>> = terms
            .into_iter()
            .map(|mut term| {
                for pos in (0..factors.len()).filter(|_| widen) {
                    if term[pos].is_full() {
                        continue;
                    }
                    let mut candidate = term.clone();
                    candidate[pos] = Bits::full(candidate[pos].len());
                    let sets: Vec<(usize, Bits)> = candidate.iter().cloned().enumerate().collect();
                    let mut scratch = vec![0; factors.len()];
                    let inside = for_each_cell(&sets, &mut scratch, |point| members.contains(&point.to_vec()));
                    if inside {
                        term = candidate;
                    }
                }
                term
            })
            .collect();
        let mut terms: Vec<Vec<Bits>> = Vec::new();
        for term in widened {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        let covered = |a: &Vec<Bits>, b: &Vec<Bits>| a != b && a.iter().zip(b).all(|(x, y)| x.subset_of(y));
        let kept: Vec<&Vec<Bits>> = terms.iter().filter(|a| !terms.iter().any(|b| covered(a, b))).collect();
        let rendered: Vec<Vec<String>> = kept
            .into_iter()
            .map(|term| {
                factors.iter().zip(term).filter_map(|(&f, set)| self.domains[f].render(set)).collect::<Vec<_>>()
            })
            .collect();
        if rendered.iter().any(Vec::is_empty) {
            return "all patients".into();
        }
        let many = rendered.len() > 1;
        let parts: Vec<String> = rendered
            .into_iter()
            .map(|conj| {
                let wrap_each = conj.len() > 1;
                let text = conj
                    .into_iter()
                    .map(|c| if wrap_each && c.contains("||") { format!("({c})") } else { c })
                    .collect::<Vec<_>>()
                    .join(" && ");
                if many && (text.contains("&&") || text.contains("||")) {
                    format!("({text})")
                } else {
                    text
                }
            })
            .collect();
        parts.join(" || ")
    }
}

fn collect_atoms<'t>(t: &'t Typed, out: &mut Vec<(usize, &'t check::Pred)>) {
    let mut stack = vec![t];
    while let Some(t) = stack.pop() {
        match t {
            Typed::Const(_) => {}
            Typed::Atom(f, p) => out.push((*f, p)),
            Typed::Not(inner) => stack.push(inner),
            Typed::And(items) | Typed::Or(items) => stack.extend(items),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    undo_len: usize,
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

    fn complex_hold(&self, cells: &[usize]) -> bool {
        self.complex.iter().all(|&i| self.conditions.edges[i].norm.as_ref().is_none_or(|n| n.eval(cells)))
    }

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

    /// The conditions the current path requires beyond the profile, simplified and
    /// deterministic, e.g. `lineage == B && ph_positive`, or "" when none. Integer ranges
    /// combine (`age > 65`). Per-factor tests come first (by factor id), then the other
    /// conditions in path order, leaving out those the per-factor tests already imply.
    pub fn describe(&self) -> String {
        let domains = &self.conditions.domains;
        let mut order: Vec<usize> = (0..domains.len()).collect();
        order.sort_by(|a, b| domains[*a].id.cmp(&domains[*b].id));
        let mut parts: Vec<String> = Vec::new();
        for f in order {
            if self.allowed[f] != self.base[f] {
                if let Some(text) = domains[f].render(&self.allowed[f]) {
                    parts.push(text);
                }
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
                parts.push(norm.render(domains));
            }
        }
        if parts.len() > 1 {
            for p in &mut parts {
                if p.contains("||") {
                    *p = format!("({p})");
                }
            }
        }
        parts.join(" && ")
    }
}

#[cfg(test)]
mod tests;
