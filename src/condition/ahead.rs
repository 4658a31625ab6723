//! What a profile leaves open, for pages that speak to one patient: the words for "one of these
//! edges applies" beyond what the profile already says ([`PathwayConditions::any_words`]), and
//! the factors the profile leaves open that decide whether an edge applies
//! ([`PathwayConditions::open_factors`]).

use super::analysis::{for_each_cell, product_size, Bits, CELL_LIMIT};
use super::compiled::PathwayConditions;
use super::feasibility::Feasibility;
use super::profile::Profile;
use super::words::{join_and, join_or};

impl PathwayConditions {
    /// For the patients of `profile`: `None` when one of `edges` applies to every one of them
    /// (an edge without a condition always does), else the words for the patients to whom one
    /// of them applies, beyond what the profile says: "high risk of relapse" for the two
    /// transplant branches "high risk and a sibling donor" and "high risk and no sibling donor".
    /// "no patient" when none applies to any of them.
    ///
    /// Exact over the cells of the factors the edges test (their union is worded as one
    /// condition when it is one per-factor test or a conjunction of them); past [`CELL_LIMIT`]
    /// cells, or for a union that is no conjunction, each edge's words beyond the profile,
    /// joined with "or".
    ///
    /// Complexity: O(cells of the edges' factors × their conditions' size).
    pub fn any_words(&self, edges: &[usize], profile: &Profile) -> Option<String> {
        let mut factors: Vec<usize> = Vec::new();
        for &e in edges {
            let condition = self.edges.get(e)?;
            condition.norm.as_ref()?;
            factors.extend(condition.factors.iter().copied());
        }
        factors.sort_unstable();
        factors.dedup();
        let allowed = self.profile_sets(profile);
        let sets: Vec<(usize, Bits)> = factors.iter().map(|&f| (f, allowed[f].clone())).collect();
        if product_size(&sets) > CELL_LIMIT {
            return self.each_words(edges, profile);
        }
        let holds = |cells: &[usize]| edges.iter().any(|&e| self.edges[e].norm.as_ref().is_none_or(|n| n.eval(cells)));
        let mut projections: Vec<Bits> = factors.iter().map(|&f| Bits::empty(allowed[f].len())).collect();
        let (mut total, mut satisfying) = (0u64, 0u64);
        let mut cells = vec![0; self.domains.len()];
        for_each_cell(&sets, &mut cells, |cells| {
            total += 1;
            if holds(cells) {
                satisfying += 1;
                for (p, &f) in projections.iter_mut().zip(&factors) {
                    p.insert(cells[f]);
                }
            }
            true
        });
        if satisfying == total {
            return None;
        }
        if satisfying == 0 {
            return Some("no patient".into());
        }
        let product = projections.iter().fold(1u64, |acc, p| acc.saturating_mul(p.count() as u64));
        if product != satisfying {
            return self.each_words(edges, profile);
        }
        let parts: Vec<String> = factors
            .iter()
            .zip(&projections)
            .filter(|&(&f, p)| *p != allowed[f])
            .filter_map(|(&f, p)| self.factor_words(f, p))
            .collect();
        Some(join_and(&parts))
    }

    /// Each edge's condition in words beyond the profile, joined with "or"; `None` when one of
    /// them applies to every patient of the profile.
    fn each_words(&self, edges: &[usize], profile: &Profile) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        for &e in edges {
            let mut walk = Feasibility::new(self, profile);
            if !walk.enter(e) {
                continue;
            }
            let words = walk.describe_words();
            walk.leave();
            if words.is_empty() {
                return None;
            }
            if !parts.contains(&words) {
                parts.push(words);
            }
        }
        Some(if parts.is_empty() { "no patient".into() } else { join_or(&parts) })
    }

    /// The factors (indices into the pathway's `factors`, ascending) that `profile` leaves open
    /// and that decide whether edge `edge` applies: for some patient of the profile, changing
    /// that factor alone changes whether the edge's condition holds. Empty for an edge without
    /// a condition. Past [`CELL_LIMIT`] cells, every open factor the condition tests.
    ///
    /// Complexity: O(cells of the condition's factors × their cells × its size).
    pub fn open_factors(&self, edge: usize, profile: &Profile) -> Vec<usize> {
        let Some(condition) = self.edges.get(edge) else { return Vec::new() };
        let Some(norm) = &condition.norm else { return Vec::new() };
        let allowed = self.profile_sets(profile);
        let open: Vec<usize> = condition.factors.iter().copied().filter(|&f| allowed[f].count() > 1).collect();
        let sets: Vec<(usize, Bits)> = condition.factors.iter().map(|&f| (f, allowed[f].clone())).collect();
        if product_size(&sets).saturating_mul(allowed.iter().map(|a| a.count() as u64).max().unwrap_or(1)) > CELL_LIMIT
        {
            return open;
        }
        open.into_iter()
            .filter(|&f| {
                let mut matters = false;
                let mut cells = vec![0; self.domains.len()];
                for_each_cell(&sets, &mut cells, |cells| {
                    let here = norm.eval(cells);
                    let mut other = cells.to_vec();
                    matters = allowed[f].iter().any(|c| {
                        other[f] = c;
                        norm.eval(&other) != here
                    });
                    !matters
                });
                matters
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Value;
    use crate::model::PathwayFile;

    const PATHWAY: &str = r#"{"id": "p", "title": "P", "version": "1", "sources": [],
        "factors": [
            {"id": "risk", "type": "boolean", "label": "Risk", "wording": {"true": "high risk", "false": "low risk"}},
            {"id": "donor", "type": "boolean", "label": "Donor", "wording": {"true": "a donor", "false": "no donor"}},
            {"id": "age", "type": "integer", "label": "Age", "min": 18, "max": 120, "wording": {"name": "age"}}],
        "nodes": [{"id": "d", "kind": "decision", "label": "D"}, {"id": "a", "kind": "outcome", "label": "A"},
                  {"id": "b", "kind": "outcome", "label": "B"}],
        "edges": [{"from": "d", "to": "a", "when": "risk && donor"}, {"from": "d", "to": "a", "when": "risk && !donor"},
                  {"from": "d", "to": "b", "when": "!risk || age > 65"}, {"from": "d", "to": "b"}]}"#;

    fn conditions() -> PathwayConditions {
        let p: PathwayFile = serde_json::from_str(PATHWAY).unwrap();
        PathwayConditions::new(&p)
    }

    #[test]
    fn the_union_of_branches_reads_as_one_condition() {
        let c = conditions();
        let open = Profile::new();
        assert_eq!(c.any_words(&[0, 1], &open).as_deref(), Some("high risk"));
        assert_eq!(c.any_words(&[0], &open).as_deref(), Some("high risk, and a donor"));
        assert_eq!(c.any_words(&[2], &open).as_deref(), Some("low risk or age over 65"));
        assert_eq!(c.any_words(&[3], &open), None);
        let mut risky = Profile::new();
        risky.insert("risk", Value::Bool(true));
        assert_eq!(c.any_words(&[0, 1], &risky), None);
        assert_eq!(c.any_words(&[0], &risky).as_deref(), Some("a donor"));
        assert_eq!(c.any_words(&[2], &risky).as_deref(), Some("age over 65"));
        let mut safe = Profile::new();
        safe.insert("risk", Value::Bool(false));
        assert_eq!(c.any_words(&[0], &safe).as_deref(), Some("no patient"));
    }

    #[test]
    fn open_factors_are_those_that_change_the_answer() {
        let c = conditions();
        assert_eq!(c.open_factors(0, &Profile::new()), [0, 1]);
        assert_eq!(c.open_factors(3, &Profile::new()), Vec::<usize>::new());
        let mut young = Profile::new();
        young.insert("age", Value::Int(40));
        assert_eq!(c.open_factors(2, &young), [0]);
        let mut low = Profile::new();
        low.insert("risk", Value::Bool(false));
        // Low risk: the branch applies whatever the age.
        assert_eq!(c.open_factors(2, &low), Vec::<usize>::new());
    }
}
