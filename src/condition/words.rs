//! Conditions in words, the way people write them: "age 65 or under, and no other serious
//! illness". Each factor's phrases come from its `wording` (see [`FactorWording`]); a factor
//! without one falls back to its label ("Philadelphia chromosome: yes"), which CP074 notes.
//!
//! Conditions are rendered from their compiled form (per-factor cell sets), so `!ph_positive`,
//! `ph_positive == false` and an `else` whose sibling is `ph_positive` all read the same, and an
//! integer range reads as one phrase ("age 18 to 65").
//!
//! [`FactorWording`]: crate::model::FactorWording

use super::analysis::{int_runs, Bits, CellKind, Domain, Norm};
use super::profile::{Profile, Value};
use crate::model::{Factor, FactorType};

/// The words for one factor's allowed cells, or `None` when every cell is allowed (no
/// constraint).
pub(crate) fn lit_words(domain: &Domain, factor: Option<&Factor>, set: &Bits) -> Option<String> {
    if set.is_full() {
        return None;
    }
    if set.is_empty() {
        return Some("no patient".into());
    }
    let label = factor.map_or(domain.id.as_str(), |f| f.label.as_str());
    let wording = factor.and_then(|f| f.wording.as_ref());
    Some(match &domain.kind {
        CellKind::Bool => {
            let (phrase, fallback) = if set.contains(1) {
                (wording.and_then(|w| w.when_true.as_deref()), "yes")
            } else {
                (wording.and_then(|w| w.when_false.as_deref()), "no")
            };
            phrase.map_or_else(|| format!("{label}: {fallback}"), str::to_string)
        }
        CellKind::Enum(values) => {
            let phrase =
                |v: &String| wording.and_then(|w| w.values.get(v)).cloned().unwrap_or_else(|| format!("{label}: {v}"));
            let inside: Vec<String> = set.iter().filter_map(|i| values.get(i)).map(phrase).collect();
            let outside: Vec<String> = set.not().iter().filter_map(|i| values.get(i)).map(phrase).collect();
            match (inside.len(), outside.as_slice()) {
                (n, [one]) if n > 2 => format!("not {one}"),
                _ => join_or(&inside),
            }
        }
        CellKind::Int(bounds) => {
            let name = wording.and_then(|w| w.name.as_deref()).unwrap_or(label);
            let unit = wording.and_then(|w| w.unit.as_deref()).map(|u| format!(" {u}")).unwrap_or_default();
            let (runs, min, max) = int_runs(bounds, set);
            let parts: Vec<String> = runs
                .iter()
                .map(|&(lo, hi)| match (lo == min, hi == max) {
                    _ if lo == hi => format!("{name} {lo}{unit}"),
                    (true, _) => format!("{name} {hi}{unit} or under"),
                    (_, true) => format!("{name} over {}{unit}", lo.saturating_sub(1)),
                    _ => format!("{name} {lo} to {hi}{unit}"),
                })
                .collect();
            join_or(&parts)
        }
    })
}

/// A `--patient` profile in words, in the order it lists its factors: "age 70, and T-cell
/// ALL"; `all patients` when it fixes nothing. A factor the pathway does not declare is shown
/// as written (`id=value`).
pub fn profile_words(profile: &Profile, factors: &[Factor]) -> String {
    if profile.is_empty() {
        return "all patients".into();
    }
    let parts: Vec<String> = profile
        .iter()
        .map(|(id, value)| match factors.iter().find(|f| f.id == id) {
            Some(factor) => value_words(factor, value),
            None => format!("{id}={value}"),
        })
        .collect();
    join_and(&parts)
}

/// A compiled condition in words.
pub(crate) fn norm_words(norm: &Norm, domains: &[Domain], factors: &[Factor]) -> String {
    match norm {
        Norm::Const(true) => "every patient".into(),
        Norm::Const(false) => "no patient".into(),
        Norm::Lit(f, set) => {
            domains.get(*f).and_then(|d| lit_words(d, factors.get(*f), set)).unwrap_or_else(|| "every patient".into())
        }
        Norm::And(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Norm::Or(_) => format!("either {}", norm_words(i, domains, factors)),
                    _ => norm_words(i, domains, factors),
                })
                .collect();
            join_and(&parts)
        }
        Norm::Or(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Norm::And(inner) => {
                        let inner: Vec<String> = inner.iter().map(|n| norm_words(n, domains, factors)).collect();
                        format!("both {}", inner.join(" and "))
                    }
                    _ => norm_words(i, domains, factors),
                })
                .collect();
            join_or(&parts)
        }
    }
}

/// One factor's value in words, as a profile gives it: "Philadelphia chromosome positive",
/// "B-cell ALL", "age 45". From the factor's `wording`; without one, its label and the value
/// ("Other serious illness: yes"). A value that does not fit the factor reads as the label and
/// the value as given.
pub fn value_words(factor: &Factor, value: &Value) -> String {
    let wording = factor.wording.as_ref();
    let label = factor.label.as_str();
    match value {
        Value::Bool(b) => {
            let phrase = wording.and_then(|w| if *b { w.when_true.as_deref() } else { w.when_false.as_deref() });
            phrase.map_or_else(|| format!("{label}: {}", if *b { "yes" } else { "no" }), str::to_string)
        }
        Value::Enum(v) => wording.and_then(|w| w.values.get(v)).cloned().unwrap_or_else(|| format!("{label}: {v}")),
        Value::Int(n) => {
            let unit = wording.and_then(|w| w.unit.as_deref()).map(|u| format!(" {u}")).unwrap_or_default();
            match wording.and_then(|w| w.name.as_deref()) {
                Some(name) => format!("{name} {n}{unit}"),
                None => format!("{label}: {n}{unit}"),
            }
        }
    }
}

/// The values a factor allows, in words, for a reader asked for it: "Philadelphia chromosome
/// positive or no Philadelphia chromosome", "B-cell ALL or T-cell ALL", "a whole number of
/// years from 18 to 120".
pub fn allowed_words(factor: &Factor) -> String {
    match factor.kind {
        FactorType::Boolean => {
            join_or(&[value_words(factor, &Value::Bool(true)), value_words(factor, &Value::Bool(false))])
        }
        FactorType::Enum => {
            let values: Vec<String> =
                factor.values.iter().map(|v| value_words(factor, &Value::Enum(v.clone()))).collect();
            join_or(&values)
        }
        FactorType::Integer => {
            let of = factor.unit.as_deref().map(|u| format!(" of {u}")).unwrap_or_default();
            match (factor.min, factor.max) {
                (Some(lo), Some(hi)) => format!("a whole number{of} from {lo} to {hi}"),
                (Some(lo), None) => format!("a whole number{of} from {lo} up"),
                (None, Some(hi)) => format!("a whole number{of} up to {hi}"),
                (None, None) => format!("a whole number{of}"),
            }
        }
    }
}

/// Parts that must all hold, joined as people write them: `A`, `A, and B`, `A, B, and C`. The
/// comma before "and" keeps a part that itself holds "or" from running into the next.
pub fn join_and(parts: &[String]) -> String {
    join(parts, "and")
}

/// Alternatives: `A`, `A or B`, `A, B, or C`.
pub fn join_or(parts: &[String]) -> String {
    match parts {
        [a, b] => format!("{a} or {b}"),
        _ => join(parts, "or"),
    }
}

fn join(parts: &[String], word: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, {word} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::PathwayConditions;
    use crate::model::PathwayFile;

    fn pathway(factors: &str, whens: &[&str]) -> PathwayFile {
        let edges: Vec<String> = whens
            .iter()
            .enumerate()
            .map(|(i, w)| format!(r#"{{"from": "d", "to": "o{i}", "when": {}}}"#, serde_json::json!(w)))
            .collect();
        let nodes: Vec<String> =
            (0..whens.len()).map(|i| format!(r#"{{"id": "o{i}", "kind": "outcome", "label": "O"}}"#)).collect();
        let text = format!(
            r#"{{"id": "p", "title": "P", "version": "1", "sources": [], "factors": [{factors}],
                "nodes": [{{"id": "d", "kind": "decision", "label": "D"}}, {}], "edges": [{}]}}"#,
            nodes.join(","),
            edges.join(",")
        );
        serde_json::from_str(&text).expect("test pathway parses")
    }

    const FACTORS: &str = r#"
        {"id": "ph", "type": "boolean", "label": "Philadelphia chromosome",
         "wording": {"true": "Philadelphia chromosome positive", "false": "no Philadelphia chromosome"}},
        {"id": "ill", "type": "boolean", "label": "Other serious illness"},
        {"id": "lineage", "type": "enum", "label": "Cell lineage", "values": ["B", "T", "mixed"],
         "wording": {"values": {"B": "B-cell ALL", "T": "T-cell ALL", "mixed": "mixed-lineage ALL"}}},
        {"id": "age", "type": "integer", "label": "Age", "min": 18, "max": 120, "wording": {"name": "age"}}"#;

    fn words(whens: &[&str]) -> Vec<String> {
        let p = pathway(FACTORS, whens);
        let c = PathwayConditions::new(&p);
        (0..whens.len()).map(|e| c.edge_words(e).unwrap_or_default()).collect()
    }

    #[test]
    fn each_kind_of_factor_reads_in_words() {
        assert_eq!(
            words(&["ph", "!ph", "lineage == B", "lineage != T", "lineage in [B, T]", "age <= 65", "age > 65"]),
            [
                "Philadelphia chromosome positive",
                "no Philadelphia chromosome",
                "B-cell ALL",
                "B-cell ALL or mixed-lineage ALL",
                "B-cell ALL or T-cell ALL",
                "age 65 or under",
                "age over 65",
            ]
        );
    }

    #[test]
    fn ranges_single_values_and_fallbacks() {
        assert_eq!(
            words(&["age >= 40 && age <= 65", "age == 50", "ill", "!ill", "age < 40 || age > 65"]),
            [
                "age 40 to 65",
                "age 50",
                "Other serious illness: yes",
                "Other serious illness: no",
                "age 39 or under or age over 65"
            ]
        );
    }

    #[test]
    fn conjunctions_and_disjunctions_join_as_people_write_them() {
        assert_eq!(
            words(&[
                "age <= 65 && !ill",
                "ph && lineage == B && age > 65",
                "ph && (!ill || lineage == T)",
                "(ph && ill) || age > 65"
            ]),
            [
                "Other serious illness: no, and age 65 or under",
                "Philadelphia chromosome positive, B-cell ALL, and age over 65",
                "Philadelphia chromosome positive, and either Other serious illness: no or T-cell ALL",
                "age over 65 or both Philadelphia chromosome positive and Other serious illness: yes",
            ]
        );
    }

    #[test]
    fn else_reads_as_what_its_siblings_leave() {
        assert_eq!(
            words(&["ph && age <= 65", "else"]),
            ["Philadelphia chromosome positive, and age 65 or under", "no Philadelphia chromosome or age over 65"]
        );
    }

    #[test]
    fn values_and_allowed_values_read_in_words() {
        let p = pathway(FACTORS, &["ph"]);
        let f = |id: &str| p.factors.iter().find(|f| f.id == id).unwrap();
        assert_eq!(value_words(f("ph"), &Value::Bool(true)), "Philadelphia chromosome positive");
        assert_eq!(value_words(f("ill"), &Value::Bool(false)), "Other serious illness: no");
        assert_eq!(value_words(f("lineage"), &Value::Enum("T".into())), "T-cell ALL");
        assert_eq!(value_words(f("age"), &Value::Int(45)), "age 45");
        assert_eq!(allowed_words(f("ph")), "Philadelphia chromosome positive or no Philadelphia chromosome");
        assert_eq!(allowed_words(f("lineage")), "B-cell ALL, T-cell ALL, or mixed-lineage ALL");
        assert_eq!(allowed_words(f("age")), "a whole number from 18 to 120");
    }

    #[test]
    fn profiles_read_as_their_values() {
        let p = pathway(FACTORS, &["ph"]);
        let specs: Vec<String> =
            ["lineage=T", "age=70", "ph=false", "ill=true"].iter().map(|s| s.to_string()).collect();
        let profile = Profile::parse(&specs, &p.factors).unwrap();
        assert_eq!(
            profile_words(&profile, &p.factors),
            "age 70, Other serious illness: yes, T-cell ALL, and no Philadelphia chromosome"
        );
        assert_eq!(profile_words(&Profile::new(), &p.factors), "all patients");
    }

    #[test]
    fn joins() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&[])), "");
        assert_eq!(join_and(&s(&["a"])), "a");
        assert_eq!(join_and(&s(&["a", "b"])), "a, and b");
        assert_eq!(join_and(&s(&["a", "b", "c"])), "a, b, and c");
        assert_eq!(join_or(&s(&["a", "b"])), "a or b");
        assert_eq!(join_or(&s(&["a", "b", "c"])), "a, b, or c");
    }
}
