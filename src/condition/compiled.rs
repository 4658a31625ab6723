//! Every edge's condition compiled once per pathway ([`PathwayConditions`]): parsed, checked,
//! `else` resolved against its siblings, and lowered to per-factor cell sets over the factor
//! domains, with the three-valued evaluation of one edge for a profile.

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

use super::analysis::{self, for_each_cell, product_size, Bits, CellKind, Domain, Norm, CELL_LIMIT};
use super::check::{self, ConditionError, Typed};
use super::parse::{self, Parsed, SyntaxError};
use super::profile::{Profile, Value};
use crate::model::{Edge, EdgeKind, Factor, PathwayFile};

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
    /// Parse and check result.
    pub state: EdgeState,
    /// Factor names the text mentions (when it parses), for the unused-factor rule.
    pub mentions: Vec<String>,
    /// The compiled condition (`else` resolved); `None` counts as unconditional.
    pub norm: Option<Norm>,
    /// When `norm` is a conjunction of per-factor literals: those literals.
    pub(super) conj: Option<Vec<(usize, Bits)>>,
    /// Factors `norm` depends on.
    pub(super) factors: Vec<usize>,
}

/// Every edge condition of a pathway, parsed, checked and compiled, with the factor domains.
#[derive(Debug, Clone)]
pub struct PathwayConditions {
    pub(crate) domains: Vec<Domain>,
    index: BTreeMap<String, usize>,
    pub(crate) edges: Vec<EdgeCondition>,
    /// The factor declarations, for conditions in words.
    pub(crate) factors: Vec<Factor>,
}

impl PathwayConditions {
    /// Parses and type-checks every edge's `when` (else resolved against its siblings).
    /// Edges whose condition is missing/invalid count as unconditional (`true`) here, and so
    /// does an `else` whose siblings include an invalid condition.
    ///
    /// Complexity: O(total condition size × cells per factor + edges × siblings).
    pub fn new(pathway: &PathwayFile) -> Self {
        let factors = &pathway.factors;
        let mut edges: Vec<EdgeCondition> = pathway.edges.iter().map(|e| EdgeCondition::parse(e, factors)).collect();
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
        resolve_else(pathway, &mut edges);
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
        PathwayConditions { domains, index, edges, factors: factors.clone() }
    }

    /// The cell of each factor fixed by the profile (values that do not fit are open).
    pub(super) fn profile_cells(&self, profile: &Profile) -> Vec<Option<usize>> {
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

    /// The allowed cells of each factor under the profile: one cell where it fixes a value,
    /// every cell where it leaves the factor open.
    pub(super) fn profile_sets(&self, profile: &Profile) -> Vec<Bits> {
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
}

impl PathwayConditions {
    /// The condition of edge `edge` in words, `else` resolved ("age 65 or under, and no other
    /// serious illness"); `None` when unconditional, always true (`"when": "true"`) or not
    /// valid.
    pub fn edge_words(&self, edge: usize) -> Option<String> {
        match self.edges.get(edge)?.norm.as_ref()? {
            Norm::Const(true) => None,
            n => Some(self.words(n)),
        }
    }

    /// A compiled condition in words.
    pub(crate) fn words(&self, norm: &Norm) -> String {
        super::words::norm_words(norm, &self.domains, &self.factors)
    }

    /// One factor's allowed cells in words; `None` when all are allowed.
    pub(crate) fn factor_words(&self, f: usize, set: &Bits) -> Option<String> {
        super::words::lit_words(self.domains.get(f)?, self.factors.get(f), set)
    }
}

impl EdgeCondition {
    /// Parses and type-checks one edge's `when`; not yet compiled (`norm` is `None`).
    ///
    /// Complexity: O(condition length + condition size × log factors).
    fn parse(edge: &Edge, factors: &[Factor]) -> Self {
        let (state, mentions) = match edge.when.as_deref() {
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
            text: edge.when.clone(),
            kind: edge.kind,
            state,
            mentions,
            norm: None,
            conj: None,
            factors: Vec::new(),
        }
    }
}

/// Compiles each `else` to the negation of the disjunction of its siblings' conditions (the
/// edges of the same kind from the same node). An `else` with an invalid sibling stays
/// uncompiled, so it counts as unconditional.
///
/// Complexity: O(E) to find the nodes with an `else`, then O(siblings × compiled condition
/// size) for each `else`: a pathway with none pays one pass.
fn resolve_else(pathway: &PathwayFile, edges: &mut [EdgeCondition]) {
    let from = |i: usize| pathway.edges[i].from.as_str();
    let with_else: FxHashSet<(&str, EdgeKind)> = edges
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.state, EdgeState::Else))
        .map(|(i, e)| (from(i), e.kind))
        .collect();
    if with_else.is_empty() {
        return;
    }
    let mut siblings: FxHashMap<(&str, EdgeKind), Vec<usize>> = FxHashMap::default();
    for (i, e) in pathway.edges.iter().enumerate() {
        let key = (e.from.as_str(), e.kind);
        if with_else.contains(&key) {
            siblings.entry(key).or_default().push(i);
        }
    }
    let mut resolved = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        if !matches!(e.state, EdgeState::Else) {
            continue;
        }
        let group = siblings.get(&(from(i), e.kind)).map_or(&[][..], Vec::as_slice);
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
}

/// Every atom (factor, predicate) of a checked condition, for partitioning the domains.
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
