//! Sets of patients as plain values ([`PatientSet`]): a union of boxes, each box giving, per
//! factor it constrains, the values its patients may have ([`Allowed`]). A program that holds
//! no condition code (the explorer page's script) decides with them whether a partial profile
//! meets a path, a patient class or a condition: a profile meets a set when some box allows
//! every value the profile gives (a factor the profile leaves open is no obstacle).
//!
//! The boxes are made from the compiled conditions' cells, so they are exact: checking a
//! profile against them gives what [`Feasibility`](super::Feasibility) gives for that profile
//! (up to [`CELL_LIMIT`], past which, as there, a condition is taken as possible).

use std::collections::BTreeSet;

use super::analysis::{for_each_cell, product_size, Bits, CellKind, Norm, CELL_LIMIT};
use super::compiled::PathwayConditions;

/// The values of one factor that a box of patients allows (never every value: a factor a box
/// does not constrain is not named in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// A boolean factor: this value.
    Bool(bool),
    /// An enum factor: these values, in declaration order.
    Enum(Vec<String>),
    /// An integer factor: these closed intervals, ascending and not touching. An end at
    /// `i64::MIN` or `i64::MAX` is the factor's open end (it declares no bound there).
    Int(Vec<(i64, i64)>),
}

/// One box of patients: per constrained factor (index into the pathway's `factors`, ascending),
/// its allowed values. An empty box constrains nothing: every patient.
pub type PatientBox = Vec<(usize, Allowed)>;

/// A set of patients: the union of its boxes. No box: no patient.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatientSet {
    /// The boxes, in a deterministic order.
    pub boxes: Vec<PatientBox>,
}

impl PatientSet {
    /// Every patient: one box that constrains nothing.
    pub fn everyone() -> Self {
        PatientSet { boxes: vec![Vec::new()] }
    }

    /// Whether the set holds every patient (some box constrains nothing).
    pub fn is_everyone(&self) -> bool {
        self.boxes.iter().any(Vec::is_empty)
    }
}

impl PathwayConditions {
    /// Factor `f`'s cells `set` as values, `None` when the set holds every cell (no constraint)
    /// or none (no patient; the caller drops the box).
    pub(crate) fn allowed(&self, f: usize, set: &Bits) -> Option<Allowed> {
        if set.is_full() || set.is_empty() {
            return None;
        }
        let domain = self.domains.get(f)?;
        Some(match &domain.kind {
            CellKind::Bool => Allowed::Bool(set.contains(1)),
            CellKind::Enum(values) => Allowed::Enum(set.iter().filter_map(|i| values.get(i).cloned()).collect()),
            CellKind::Int(bounds) => {
                let mut runs: Vec<(i64, i64)> = Vec::new();
                let mut prev: Option<usize> = None;
                for i in set.iter() {
                    let Some(&(lo, hi)) = bounds.get(i) else { continue };
                    match (prev, runs.last_mut()) {
                        (Some(p), Some(last)) if p + 1 == i => last.1 = hi,
                        _ => runs.push((lo, hi)),
                    }
                    prev = Some(i);
                }
                Allowed::Int(runs)
            }
        })
    }

    /// The set of the boxes `boxes`, each one cell set per factor of `factors` (parallel). A
    /// box with an empty cell set holds no patient and is left out; repeated boxes once.
    pub(crate) fn set_of(&self, factors: &[usize], boxes: &[Vec<Bits>]) -> PatientSet {
        let mut out: Vec<PatientBox> = Vec::new();
        for cells in boxes {
            if cells.iter().any(Bits::is_empty) {
                continue;
            }
            let mut one: PatientBox =
                factors.iter().zip(cells).filter_map(|(&f, set)| Some((f, self.allowed(f, set)?))).collect();
            one.sort_by_key(|(f, _)| *f);
            if !out.contains(&one) {
                out.push(one);
            }
        }
        PatientSet { boxes: out }
    }

    /// The patients who meet condition `norm` within the cells `allowed` (one set per factor):
    /// the cells of the factors it tests enumerated and merged into boxes, the other factors
    /// as `allowed` says. `None` past [`CELL_LIMIT`] cells.
    pub(crate) fn patients_meeting(&self, norms: &[&Norm], allowed: &[Bits]) -> Option<PatientSet> {
        let mut tested = BTreeSet::new();
        for norm in norms {
            norm.factors(&mut tested);
        }
        let tested: Vec<usize> = tested.into_iter().collect();
        let sets: Vec<(usize, Bits)> = tested.iter().map(|&f| (f, allowed[f].clone())).collect();
        if product_size(&sets) > CELL_LIMIT {
            return None;
        }
        let mut points: Vec<Vec<usize>> = Vec::new();
        let mut cells = vec![0; allowed.len()];
        for_each_cell(&sets, &mut cells, |cells| {
            if norms.iter().all(|n| n.eval(cells)) {
                points.push(tested.iter().map(|&f| cells[f]).collect());
            }
            true
        });
        if points.is_empty() {
            return Some(PatientSet::default());
        }
        let merged = self.merge_cells(&tested, &points);
        let others: Vec<usize> = (0..allowed.len()).filter(|f| !tested.contains(f)).collect();
        let factors: Vec<usize> = tested.iter().chain(&others).copied().collect();
        let boxes: Vec<Vec<Bits>> = merged
            .into_iter()
            .map(|mut cells| {
                cells.extend(others.iter().map(|&f| allowed[f].clone()));
                cells
            })
            .collect();
        Some(self.set_of(&factors, &boxes))
    }

    /// The patients who meet edge `edge`'s condition (`else` resolved), as boxes; `None` when
    /// the edge is unconditional (every patient) or its condition spans more than
    /// [`CELL_LIMIT`] cells (then it is taken as possible for everyone, as elsewhere).
    pub fn edge_patients(&self, edge: usize) -> Option<PatientSet> {
        let norm = self.edges.get(edge)?.norm.as_ref()?;
        let full: Vec<Bits> = self.domains.iter().map(|d| Bits::full(d.cells())).collect();
        self.patients_meeting(&[norm], &full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{Feasibility, Profile};
    use crate::model::PathwayFile;

    fn pathway(whens: &[&str]) -> PathwayFile {
        let edges: Vec<String> = whens
            .iter()
            .enumerate()
            .map(|(i, w)| format!(r#"{{"from": "d", "to": "o{i}", "when": {}}}"#, serde_json::json!(w)))
            .collect();
        let nodes: Vec<String> =
            (0..whens.len()).map(|i| format!(r#"{{"id": "o{i}", "kind": "outcome", "label": "O"}}"#)).collect();
        let text = format!(
            r#"{{"id": "p", "title": "P", "version": "1", "sources": [], "factors": [
                {{"id": "ph", "type": "boolean", "label": "Ph"}},
                {{"id": "lineage", "type": "enum", "label": "Lineage", "values": ["B", "T", "M"]}},
                {{"id": "age", "type": "integer", "label": "Age", "min": 18, "max": 120}}],
                "nodes": [{{"id": "s", "kind": "start", "label": "S"}}, {{"id": "d", "kind": "decision", "label": "D"}}, {}],
                "edges": [{{"from": "s", "to": "d"}}, {}]}}"#,
            nodes.join(","),
            edges.join(",")
        );
        serde_json::from_str(&text).expect("test pathway parses")
    }

    #[test]
    fn a_condition_becomes_boxes_of_values() {
        let p = pathway(&["ph && age <= 65", "lineage != T || age > 65", "else"]);
        let c = PathwayConditions::new(&p);
        assert_eq!(c.edge_patients(0), None, "unconditional");
        assert_eq!(
            c.edge_patients(1),
            Some(PatientSet { boxes: vec![vec![(0, Allowed::Bool(true)), (2, Allowed::Int(vec![(18, 65)]))]] })
        );
        let either = c.edge_patients(2).unwrap();
        assert_eq!(
            either.boxes,
            vec![
                vec![(1, Allowed::Enum(vec!["B".into(), "M".into()])), (2, Allowed::Int(vec![(18, 65)]))],
                vec![(2, Allowed::Int(vec![(66, 120)]))],
            ]
        );
    }

    #[test]
    fn a_paths_patients_are_its_conditions_together() {
        let p = pathway(&["ph && age <= 65", "lineage != T || age > 65"]);
        let c = PathwayConditions::new(&p);
        let mut f = Feasibility::new(&c, &Profile::new());
        assert!(f.enter(0));
        assert_eq!(f.patients(), PatientSet::everyone());
        assert!(f.enter(1));
        assert_eq!(f.patients().boxes, vec![vec![(0, Allowed::Bool(true)), (2, Allowed::Int(vec![(18, 65)]))]]);
        f.leave();
        assert!(f.enter(2));
        // Not a conjunction: enumerated and merged.
        assert_eq!(
            f.patients().boxes,
            vec![
                vec![(1, Allowed::Enum(vec!["B".into(), "M".into()])), (2, Allowed::Int(vec![(18, 65)]))],
                vec![(2, Allowed::Int(vec![(66, 120)]))],
            ]
        );
    }
}
