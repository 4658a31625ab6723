//! Patient classes: the patients a profile leaves open, partitioned by the decision branches
//! they take, each class with a representative profile, a readable description (as a
//! condition and in words) and its patients as a [`PatientSet`]: cells merged into terms
//! (`merge_cells`), terms widened and the covered ones dropped (`widen_terms`), then written
//! out (`render_terms`).

use std::collections::{BTreeMap, BTreeSet};

use super::analysis::{for_each_cell, product_size, Bits, CellKind, CELL_LIMIT};
use super::compiled::PathwayConditions;
use super::profile::{Profile, Value};
use super::sets::PatientSet;
use crate::model::EdgeKind;

/// A class of patients that take the same decision branches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientClass {
    /// A representative patient of the class: the base profile plus one value for each open
    /// factor that `next` conditions test.
    pub profile: Profile,
    /// Which patients the class holds, as a condition (e.g. `age > 65 || serious_comorbidity`),
    /// or `all patients`.
    pub description: String,
    /// The same in words, one entry per alternative (`["age over 65", "other serious
    /// illness"]`), or `["all patients"]`.
    pub words: Vec<String>,
    /// The class's patients as boxes of values (the profile's values included), for a program
    /// that checks a profile against the class.
    pub patients: PatientSet,
}

/// Why [`PathwayConditions::patient_classes`] gives up: too many patients to enumerate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassesError {
    /// The open factors have more combinations of cells than carepath enumerates.
    #[error(
        "the pathway's decisions split patients into {combinations} combinations of factor values, more than \
         carepath enumerates; give --patient to fix some factors"
    )]
    TooManyCombinations {
        /// Combinations of cells of the open factors.
        combinations: u64,
    },
    /// More classes than the caller's limit.
    #[error(
        "the pathway's decisions split patients into more than {limit} classes; give --patient to fix some factors"
    )]
    TooManyClasses {
        /// The caller's limit.
        limit: usize,
    },
}

/// Most combinations of cells of the open factors [`PathwayConditions::patient_classes`] enumerates.
const COMBINATION_LIMIT: u64 = CELL_LIMIT.saturating_mul(10);

/// Past this many (terms × cells × factors), a class description is not widened.
const WIDEN_LIMIT: usize = 1 << 22;

/// One term of a class description: an allowed cell set per described factor.
type Term = Vec<Bits>;

impl PathwayConditions {
    /// Patient classes: a partition of the factors tested by `next`-edge conditions that
    /// `profile` leaves open. Each class is a representative Profile (profile + one value for
    /// each of those open factors; integers by a representative value of their interval)
    /// with a readable description (e.g. `age > 65`). Classes whose decision outcomes are
    /// identical (same status on every conditional `next` edge) are merged.
    /// Fails past `limit` classes, or when the open factors have too many combinations.
    ///
    /// Complexity: O(cells of the open factors × conditional `next` edges); the description
    /// of each class is simplified by merging cells factor by factor (O(cells × log cells)
    /// per pass).
    pub fn patient_classes(&self, profile: &Profile, limit: usize) -> Result<Vec<PatientClass>, ClassesError> {
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
        let combinations = product_size(&sets);
        if combinations > COMBINATION_LIMIT {
            return Err(ClassesError::TooManyCombinations { combinations });
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
            return Err(ClassesError::TooManyClasses { limit });
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
                let terms = widen_terms(self.merge_cells(&open, &points), open.len(), &points);
                let description = self.render_terms(&open, &terms);
                let words = self.terms_words(&open, &terms);
                // The profile's values belong to every box of the class.
                let fixed_cells: Vec<(usize, usize)> =
                    fixed.iter().enumerate().filter_map(|(f, c)| c.map(|c| (f, c))).collect();
                let factors: Vec<usize> = open.iter().copied().chain(fixed_cells.iter().map(|(f, _)| *f)).collect();
                let boxes: Vec<Term> = terms
                    .into_iter()
                    .map(|mut term| {
                        term.extend(fixed_cells.iter().map(|&(f, c)| Bits::single(self.domains[f].cells(), c)));
                        term
                    })
                    .collect();
                let patients = self.set_of(&factors, &boxes);
                PatientClass { profile: class_profile, description, words, patients }
            })
            .collect())
    }

    /// A representative value of cell `cell` of factor `f` (integers: its interval's lower end).
    fn cell_to_value(&self, f: usize, cell: usize) -> Value {
        let d = &self.domains[f];
        match &d.kind {
            CellKind::Bool => Value::Bool(cell == 1),
            CellKind::Enum(values) => Value::Enum(values.get(cell).cloned().unwrap_or_default()),
            CellKind::Int(bounds) => Value::Int(bounds.get(cell).map_or(0, |b| b.0)),
        }
    }

    /// Terms in words, one per alternative: each term's per-factor parts joined as people write
    /// them ("age over 65, and not at high risk of relapse"); `["all patients"]` when a term
    /// tests nothing.
    fn terms_words(&self, factors: &[usize], terms: &[Term]) -> Vec<String> {
        let words: Vec<Vec<String>> = terms
            .iter()
            .map(|term| factors.iter().zip(term.iter()).filter_map(|(&f, set)| self.factor_words(f, set)).collect())
            .collect();
        if words.is_empty() || words.iter().any(Vec::is_empty) {
            return vec!["all patients".into()];
        }
        words.iter().map(|parts| super::words::join_and(parts)).collect()
    }

    /// Merges cells that differ in one factor into one term, one factor at a time, until
    /// nothing changes.
    ///
    /// Complexity: O(passes × factors × terms × log terms).
    pub(super) fn merge_cells(&self, factors: &[usize], points: &[Vec<usize>]) -> BTreeSet<Term> {
        let mut terms: BTreeSet<Term> = points
            .iter()
            .map(|p| factors.iter().zip(p).map(|(&f, &c)| Bits::single(self.domains[f].cells(), c)).collect())
            .collect();
        loop {
            let mut changed = false;
            for pos in 0..factors.len() {
                let mut merged: BTreeMap<Term, Bits> = BTreeMap::new();
                for term in &terms {
                    let mut key = term.clone();
                    let set = key.remove(pos);
                    merged.entry(key).and_modify(|s| *s = s.or(&set)).or_insert(set);
                }
                let next: BTreeSet<Term> = merged
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
        terms
    }

    /// Writes terms as a condition: per-factor tests joined by `&&`, terms by `||`,
    /// parenthesised where needed; `all patients` when a term tests nothing.
    ///
    /// Complexity: O(output size).
    fn render_terms(&self, factors: &[usize], terms: &[Term]) -> String {
        let rendered: Vec<Vec<String>> = terms
            .iter()
            .map(|term| {
                factors.iter().zip(term.iter()).filter_map(|(&f, set)| self.domains[f].render(set)).collect::<Vec<_>>()
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

/// Widens each term factor by factor to the whole domain where the class still holds every
/// cell of the widened term, then keeps the distinct terms no other term covers, in order.
/// Bounded: past [`WIDEN_LIMIT`] (terms × cells × factors) the merged terms are kept as they are.
///
/// Complexity: O(terms × factors × cells of a widened term × log cells), then O(terms² × factors).
fn widen_terms(terms: BTreeSet<Term>, factors: usize, points: &[Vec<usize>]) -> Vec<Term> {
    let members: BTreeSet<&Vec<usize>> = points.iter().collect();
    let widen = terms.len().saturating_mul(points.len()).saturating_mul(factors) <= WIDEN_LIMIT;
    let widened: Vec<Term> = terms
        .into_iter()
        .map(|mut term| {
            for pos in (0..factors).filter(|_| widen) {
                if term[pos].is_full() {
                    continue;
                }
                let mut candidate = term.clone();
                candidate[pos] = Bits::full(candidate[pos].len());
                let sets: Vec<(usize, Bits)> = candidate.iter().cloned().enumerate().collect();
                let mut scratch = vec![0; factors];
                let inside = for_each_cell(&sets, &mut scratch, |point| members.contains(&point.to_vec()));
                if inside {
                    term = candidate;
                }
            }
            term
        })
        .collect();
    let mut distinct: Vec<Term> = Vec::new();
    for term in widened {
        if !distinct.contains(&term) {
            distinct.push(term);
        }
    }
    let covered = |a: &Term, b: &Term| a != b && a.iter().zip(b).all(|(x, y)| x.subset_of(y));
    distinct.iter().filter(|a| !distinct.iter().any(|b| covered(a, b))).cloned().collect()
}
