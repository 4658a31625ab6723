//! Figure rules: probabilities (range, coverage, sum) and durations.

use std::collections::BTreeMap;

use crate::diag::Sink;
use crate::model::{EdgeKind, NodeKind};
use crate::rules::{DURATION_RANGE, MISSING_DURATION, PROBABILITY_COVERAGE, PROBABILITY_RANGE, PROBABILITY_SUM};

use super::Context;

/// Tolerance for sums of exact probabilities.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// CP050–CP052: probabilities in range, on all or none of a chance node's edges, summing to 1.
pub fn probabilities(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        let Some(p) = edge.probability else { continue };
        let in_unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        let problem = if !in_unit(p.low) || !in_unit(p.high) {
            Some(format!("probability {} is outside [0, 1]", show_probability(&p)))
        } else if p.low > p.high {
            Some(format!("probability range is inverted: low {} > high {}", p.low, p.high))
        } else if p.base.is_some_and(|b| !(p.low..=p.high).contains(&b)) {
            Some(format!("base {} lies outside the range [{}, {}]", p.base.unwrap_or_default(), p.low, p.high))
        } else {
            None
        };
        if let Some(problem) = problem {
            sink.push(
                cx.edge_diag(
                    &PROBABILITY_RANGE,
                    i,
                    "probability",
                    format!("edge `{}` → `{}`: {problem}", edge.from, edge.to),
                )
                .with_help("write probabilities as fractions between 0 and 1 (0.8, not 80), lower bound first"),
            );
        }
    }
    // Group `next` edges by the node they leave, over the file's edges (so an edge to an
    // unknown node, reported by CP011, still counts in the sum).
    let mut by_source: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        if edge.kind == EdgeKind::Next {
            by_source.entry(edge.from.as_str()).or_default().push(i);
        }
    }
    for (from, out) in by_source {
        let is_decision = cx.graph.lookup(from).is_some_and(|ix| cx.graph.node(ix).kind == NodeKind::Decision);
        if is_decision || out.len() < 2 && cx.loaded.pathway.edges[out[0]].probability.is_none() {
            continue; // CP034 covers probabilities on decisions.
        }
        let with: Vec<usize> =
            out.iter().copied().filter(|&e| cx.loaded.pathway.edges[e].probability.is_some()).collect();
        if with.is_empty() {
            continue;
        }
        if with.len() < out.len() {
            for &e in out.iter().filter(|e| !with.contains(e)) {
                let edge = &cx.loaded.pathway.edges[e];
                sink.push(
                    cx.edge_diag(
                        &PROBABILITY_COVERAGE,
                        e,
                        "",
                        format!(
                            "edge `{}` → `{}` has no probability, but other edges out of `{from}` do",
                            edge.from, edge.to
                        ),
                    )
                    .with_help("give every edge out of this node a probability, or none of them"),
                );
            }
            continue;
        }
        let figures: Vec<_> = with.iter().filter_map(|&e| cx.loaded.pathway.edges[e].probability).collect();
        if !figures.iter().all(is_valid) {
            continue; // CP050 already reports the figure itself.
        }
        let low: f64 = figures.iter().map(|p| p.low).sum();
        let high: f64 = figures.iter().map(|p| p.high).sum();
        let exact = figures.iter().all(|p| p.low == p.high);
        let fits = if exact {
            (low - 1.0).abs() <= SUM_TOLERANCE
        } else {
            low <= 1.0 + SUM_TOLERANCE && high >= 1.0 - SUM_TOLERANCE
        };
        if !fits {
            let sum = if exact { format!("{}", round(low)) } else { format!("[{}, {}]", round(low), round(high)) };
            let first = with.first().copied().unwrap_or_default();
            sink.push(
                cx.edge_diag(
                    &PROBABILITY_SUM,
                    first,
                    "probability",
                    format!("probabilities out of `{from}` sum to {sum}, not 1"),
                )
                .with_help(if exact {
                    "correct the figures so they add up to 1"
                } else {
                    "the range of sums must contain 1: sum of lows <= 1 <= sum of highs"
                }),
            );
        } else if !exact && figures.iter().all(|p| p.base.is_some()) {
            // Base values are one consistent scenario: they must sum to 1 too.
            let base: f64 = figures.iter().filter_map(|p| p.base).sum();
            if (base - 1.0).abs() > SUM_TOLERANCE {
                let first = with.first().copied().unwrap_or_default();
                sink.push(
                    cx.edge_diag(
                        &PROBABILITY_SUM,
                        first,
                        "probability",
                        format!("base values out of `{from}` sum to {}, not 1", round(base)),
                    )
                    .with_help("the base figures are one scenario of the ranges; correct them so they add up to 1"),
                );
            }
        }
    }
}

/// Whether a probability is a valid figure: finite, within [0, 1], ordered, base inside.
pub fn is_valid(p: &crate::model::Probability) -> bool {
    let in_unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
    in_unit(p.low)
        && in_unit(p.high)
        && p.low <= p.high
        && p.base.is_none_or(|b| in_unit(b) && (p.low..=p.high).contains(&b))
}

fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

fn show_probability(p: &crate::model::Probability) -> String {
    if p.low == p.high {
        format!("{}", p.low)
    } else {
        format!("[{}, {}]", p.low, p.high)
    }
}

/// CP053–CP054: durations finite, non-negative, ordered; phases have one.
pub fn durations(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        match node.duration {
            Some(d) => {
                let problem = if !d.min.is_finite() || !d.max.is_finite() {
                    Some("is not a finite number".to_string())
                } else if d.min < 0.0 || d.max < 0.0 {
                    Some(format!("is negative ({} to {} {})", d.min, d.max, d.unit.as_str()))
                } else if d.min > d.max {
                    Some(format!("is inverted: min {} > max {} {}", d.min, d.max, d.unit.as_str()))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    sink.push(
                        cx.node_diag(&DURATION_RANGE, i, "duration", format!("duration of `{}` {problem}", node.id))
                            .with_help(
                                "give the shortest typical duration as `min` and the longest as `max`, both >= 0",
                            ),
                    );
                }
            }
            None if node.kind == NodeKind::Phase => sink.push(
                cx.node_diag(
                    &MISSING_DURATION,
                    i,
                    "",
                    format!("phase `{}` has no duration; it counts as zero in time on treatment", node.id),
                )
                .with_help("add \"duration\": { \"min\": .., \"max\": .., \"unit\": \"months\" }"),
            ),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{run, MINIMAL};

    #[test]
    fn cp050_inverted_range() {
        let text = MINIMAL.replacen(r#""probability": 0.8"#, r#""probability": { "low": 0.9, "high": 0.7 }"#, 1);
        let found = run(&text);
        assert_eq!(
            found,
            vec![(
                "CP050",
                15,
                55,
                "edge `induction` → `cr`: probability range is inverted: low 0.9 > high 0.7".into()
            )]
        );
    }

    #[test]
    fn cp051_partial_coverage() {
        let text = MINIMAL.replacen(r#", "probability": 0.2"#, "", 1);
        let found = run(&text);
        assert_eq!(
            found,
            vec![(
                "CP051",
                16,
                15,
                "edge `induction` → `refractory` has no probability, but other edges out of `induction` do".into()
            )]
        );
    }

    #[test]
    fn cp052_sum_shows_actual_sum() {
        let text = MINIMAL.replacen(r#""probability": 0.8"#, r#""probability": 0.3"#, 1).replacen(
            r#""probability": 0.2"#,
            r#""probability": 0.11"#,
            1,
        );
        let found = run(&text);
        assert_eq!(found, vec![("CP052", 15, 55, "probabilities out of `induction` sum to 0.41, not 1".into())]);
    }

    #[test]
    fn cp052_base_values_must_sum_to_one_too() {
        let text = MINIMAL
            .replacen(r#""probability": 0.8"#, r#""probability": { "low": 0.8, "high": 0.9, "base": 0.85 }"#, 1)
            .replacen(r#""probability": 0.2"#, r#""probability": { "low": 0.1, "high": 0.2, "base": 0.2 }"#, 1);
        let found = run(&text);
        assert_eq!(found, vec![("CP052", 15, 55, "base values out of `induction` sum to 1.05, not 1".into())]);
        let fixed = text.replacen(r#""base": 0.2 }"#, r#""base": 0.15 }"#, 1);
        assert_eq!(run(&fixed), vec![]);
    }

    #[test]
    fn cp053_inverted_duration() {
        let text = MINIMAL.replacen(r#""min": 1, "max": 2"#, r#""min": 3, "max": 2"#, 1);
        let found = run(&text);
        assert_eq!(found, vec![("CP053", 9, 91, "duration of `induction` is inverted: min 3 > max 2 months".into())]);
    }

    #[test]
    fn cp054_phase_without_duration_is_info() {
        let text = MINIMAL.replacen(r#" "duration": { "min": 1, "max": 2, "unit": "months" },"#, "", 1);
        let found = run(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "CP054");
    }
}
