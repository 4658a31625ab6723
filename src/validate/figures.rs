//! Figure rules: probabilities in range, on all or none of a chance node's edges, summing to
//! 1 (CP050–CP052), durations (CP053, CP054), the tolerance of "about" (CP055) and what caveats
//! apply to (CP056, CP057). Each rule is one [`Lint`] with its check and its tests right below
//! it.
//!
//! Approximate figures (`{"about": ..}`) are checked as the loader widened them: every rule
//! reads `low` and `high`, the stated figure widened by the file's tolerance.

use rustc_hash::FxHashSet;
use std::collections::BTreeMap;

use crate::diag::{Rule, RuleGroup, Severity, Sink, Subject};
use crate::model::{Conventions, Edge, EdgeKind, NodeKind, Probability};
use crate::suggest::closest;

use super::context::QuantifiedNode;
use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{assert_fires, codes, run, sub, MINIMAL};

/// Tolerance for sums of exact probabilities.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// CP050 `probability-range`: Probabilities lie within [0, 1], with `low <= high` and `base`
/// between them.
pub static PROBABILITY_RANGE: Lint = Lint {
    rule: &Rule {
        code: "CP050",
        name: "probability-range",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "Probabilities lie within [0, 1], with `low <= high` and `base` between them.",
        rationale: "Anything else is not a probability: usually a percentage written as 80 instead of 0.8.",
        fix: "Write probabilities as fractions (0.8, not 80), with the lower bound first.",
        bad: r#""probability": { "low": 0.9, "high": 0.8 }"#,
        good: r#""probability": { "low": 0.8, "high": 0.9 }"#,
    },
    check: Check::Pathway(probability_ranges),
};

fn probability_ranges(cx: &Context, sink: &mut Sink) {
    for (i, edge) in cx.loaded.pathway.edges.iter().enumerate() {
        let Some(p) = edge.probability.as_deref().copied() else { continue };
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
}

fn show_probability(p: &Probability) -> String {
    if p.low == p.high {
        format!("{}", p.low)
    } else {
        format!("[{}, {}]", p.low, p.high)
    }
}

/// Whether a probability is a valid figure: finite, within [0, 1], ordered, base inside.
pub fn is_valid(p: &Probability) -> bool {
    let in_unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
    in_unit(p.low)
        && in_unit(p.high)
        && p.low <= p.high
        && p.base.is_none_or(|b| in_unit(b) && (p.low..=p.high).contains(&b))
}

#[test]
fn cp050_probability_range() {
    assert_fires(&PROBABILITY_RANGE, |t| {
        sub(t, r#""probability": 0.8"#, r#""probability": { "low": 0.9, "high": 0.7 }"#)
    });
}

#[test]
fn cp050_inverted_range() {
    let text = MINIMAL.replacen(r#""probability": 0.8"#, r#""probability": { "low": 0.9, "high": 0.7 }"#, 1);
    let found = run(&text);
    assert_eq!(
        found,
        vec![("CP050", 15, 55, "edge `induction` → `cr`: probability range is inverted: low 0.9 > high 0.7".into())]
    );
}

/// The chance nodes that give any probability: (node id, its `next` edges, those of them
/// with a probability), by id. Edges are grouped over the file's edges, so an edge to an
/// unknown node (CP011) still counts; decisions are left out (CP034 covers them).
/// Computed once per pathway through [`Context::quantified_nodes`]. Complexity: O(E) to find
/// the nodes that give a probability, then O(Q log Q) over the Q edges out of them: a pathway
/// with no probability (a first draft) pays one pass.
pub(super) fn quantified_nodes<'a>(cx: &Context<'a>) -> Vec<QuantifiedNode<'a>> {
    let edges = &cx.loaded.pathway.edges;
    let next = |edge: &Edge| edge.kind == EdgeKind::Next;
    let giving: FxHashSet<&str> =
        edges.iter().filter(|e| next(e) && e.probability.is_some()).map(|e| e.from.as_str()).collect();
    if giving.is_empty() {
        return Vec::new();
    }
    let mut by_source: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, edge) in edges.iter().enumerate() {
        if next(edge) && giving.contains(edge.from.as_str()) {
            by_source.entry(edge.from.as_str()).or_default().push(i);
        }
    }
    by_source
        .into_iter()
        .filter(|(from, _)| cx.graph.lookup(from).is_none_or(|ix| cx.graph.node(ix).kind != NodeKind::Decision))
        .map(|(from, out)| {
            let with: Vec<usize> = out.iter().copied().filter(|&e| edges[e].probability.is_some()).collect();
            (from, out, with)
        })
        .filter(|(_, _, with)| !with.is_empty())
        .collect()
}

/// CP051 `probability-coverage`: A chance node gives probabilities on all its `next` edges or on
/// none.
pub static PROBABILITY_COVERAGE: Lint = Lint {
    rule: &Rule {
        code: "CP051",
        name: "probability-coverage",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "A chance node gives probabilities on all its `next` edges or on none.",
        rationale: "With some edges quantified and others not, the remaining probability cannot be shared out.",
        fix: "Add the missing probabilities (or remove them all if the source gives no figures).",
        bad: r#"induction → remission 0.85, induction → refractory (no probability)"#,
        good: r#"induction → remission 0.85, induction → refractory 0.15"#,
    },
    check: Check::Pathway(probability_coverage),
};

fn probability_coverage(cx: &Context, sink: &mut Sink) {
    for (from, out, with) in cx.quantified_nodes() {
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
    }
}

#[test]
fn cp051_probability_coverage() {
    assert_fires(&PROBABILITY_COVERAGE, |t| sub(t, r#", "probability": 0.2"#, ""));
}

#[test]
fn cp051_partial_coverage() {
    let text = MINIMAL.replacen(r#", "probability": 0.2"#, "", 1);
    assert_eq!(
        run(&text),
        vec![(
            "CP051",
            16,
            15,
            "edge `induction` → `refractory` has no probability, but other edges out of `induction` do".into()
        )]
    );
}

/// CP052 `probability-sum`: A node's outgoing probabilities sum to 1 (for ranges: the sum of lows
/// <= 1 <= the sum of highs, and base values, when all are given, sum to 1).
pub static PROBABILITY_SUM: Lint = Lint {
    rule: &Rule {
        code: "CP052",
        name: "probability-sum",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "A node's outgoing probabilities sum to 1 (for ranges: the sum of lows <= 1 <= the sum of highs, and base values, when all are given, sum to 1).",
        rationale: "Every patient takes exactly one of the chance branches; probabilities that cannot sum to 1 are inconsistent figures.",
        fix: "Correct the figures so they can sum to 1; the message shows the actual sum.",
        bad: r#"remission 0.30, refractory 0.11 (sum 0.41)"#,
        good: r#"remission { low 0.8, high 0.9 }, refractory { low 0.1, high 0.2 }"#,
    },
    check: Check::Pathway(probability_sums),
};

/// Nodes with some edges unquantified are CP051's; figures out of range are CP050's.
fn probability_sums(cx: &Context, sink: &mut Sink) {
    for (from, out, with) in cx.quantified_nodes() {
        if with.len() < out.len() {
            continue;
        }
        let figures: Vec<_> =
            with.iter().filter_map(|&e| cx.loaded.pathway.edges[e].probability.as_deref().copied()).collect();
        if !figures.iter().all(is_valid) {
            continue;
        }
        let low: f64 = figures.iter().map(|p| p.low).sum();
        let high: f64 = figures.iter().map(|p| p.high).sum();
        let exact = figures.iter().all(|p| p.low == p.high);
        let fits = if exact {
            (low - 1.0).abs() <= SUM_TOLERANCE
        } else {
            low <= 1.0 + SUM_TOLERANCE && high >= 1.0 - SUM_TOLERANCE
        };
        let first = with.first().copied().unwrap_or_default();
        if !fits {
            let sum = if exact { format!("{}", round(low)) } else { format!("[{}, {}]", round(low), round(high)) };
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

fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

#[test]
fn cp052_probability_sum() {
    assert_fires(&PROBABILITY_SUM, |t| {
        sub(
            &sub(t, r#""probability": 0.8"#, r#""probability": 0.3"#),
            r#""probability": 0.2"#,
            r#""probability": 0.11"#,
        )
    });
}

#[test]
fn cp052_sum_shows_actual_sum() {
    let text = MINIMAL.replacen(r#""probability": 0.8"#, r#""probability": 0.3"#, 1).replacen(
        r#""probability": 0.2"#,
        r#""probability": 0.11"#,
        1,
    );
    assert_eq!(run(&text), vec![("CP052", 15, 55, "probabilities out of `induction` sum to 0.41, not 1".into())]);
}

#[test]
fn cp052_base_values_must_sum_to_one_too() {
    let text = MINIMAL
        .replacen(r#""probability": 0.8"#, r#""probability": { "low": 0.8, "high": 0.9, "base": 0.85 }"#, 1)
        .replacen(r#""probability": 0.2"#, r#""probability": { "low": 0.1, "high": 0.2, "base": 0.2 }"#, 1);
    assert_eq!(run(&text), vec![("CP052", 15, 55, "base values out of `induction` sum to 1.05, not 1".into())]);
    let fixed = text.replacen(r#""base": 0.2 }"#, r#""base": 0.15 }"#, 1);
    assert_eq!(run(&fixed), vec![]);
}

/// CP053 `duration-range`: Durations are finite, non-negative, with `min <= max`.
pub static DURATION_RANGE: Lint = Lint {
    rule: &Rule {
        code: "CP053",
        name: "duration-range",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "Durations are finite, non-negative, with `min <= max`.",
        rationale: "Time on treatment is summed along paths; a negative or inverted range makes every sum wrong.",
        fix: "Give the shortest typical duration as `min` and the longest as `max`.",
        bad: r#""duration": { "min": 4, "max": 2, "unit": "months" }"#,
        good: r#""duration": { "min": 2, "max": 4, "unit": "months" }"#,
    },
    check: Check::Pathway(duration_ranges),
};

fn duration_ranges(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        let Some(d) = node.duration else { continue };
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
                    .with_help("give the shortest typical duration as `min` and the longest as `max`, both >= 0"),
            );
        }
    }
}

#[test]
fn cp053_duration_range() {
    assert_fires(&DURATION_RANGE, |t| sub(t, r#""min": 1, "max": 2"#, r#""min": 4, "max": 2"#));
}

#[test]
fn cp053_inverted_duration() {
    let text = MINIMAL.replacen(r#""min": 1, "max": 2"#, r#""min": 3, "max": 2"#, 1);
    assert_eq!(run(&text), vec![("CP053", 9, 91, "duration of `induction` is inverted: min 3 > max 2 months".into())]);
}

#[test]
fn cp052_approximate_figures_sum_over_their_widened_ranges() {
    // About 80–90% and about 10–20%: [0.75, 0.95] + [0.05, 0.25] = [0.8, 1.2], which holds 1.
    let text = MINIMAL.replacen(r#""probability": 0.8"#, r#""probability": { "about": [0.8, 0.9] }"#, 1).replacen(
        r#""probability": 0.2"#,
        r#""probability": { "about": [0.1, 0.2] }"#,
        1,
    );
    assert_eq!(run(&text), vec![]);
    // About 50% and about 30%: [0.45, 0.55] + [0.25, 0.35] = [0.7, 0.9]; bases 0.5 + 0.3.
    let text = MINIMAL.replacen(r#""probability": 0.8"#, r#""probability": { "about": 0.5 }"#, 1).replacen(
        r#""probability": 0.2"#,
        r#""probability": { "about": 0.3 }"#,
        1,
    );
    assert_eq!(run(&text), vec![("CP052", 15, 55, "probabilities out of `induction` sum to [0.7, 0.9], not 1".into())]);
    // Widened by 0.2, they can: [0.3, 0.7] + [0.1, 0.5] = [0.4, 1.2]; but the bases still sum to 0.8.
    let wide = text.replacen(r#""version": "1","#, r#""version": "1", "conventions": { "about_tolerance": 0.2 },"#, 1);
    assert_eq!(run(&wide), vec![("CP052", 15, 55, "base values out of `induction` sum to 0.8, not 1".into())]);
}

/// CP054 `missing-duration`: Phases carry a duration.
pub static MISSING_DURATION: Lint = Lint {
    rule: &Rule {
        code: "CP054",
        name: "missing-duration",
        group: RuleGroup::Figures,
        severity: Severity::Info,
        summary: "Phases carry a duration.",
        rationale: "Time on treatment is summed from phase durations; a phase without one has an unknown length, so every time on treatment through it can only say \"at least\".",
        fix: "Add `\"duration\": { \"min\": .., \"max\": .., \"unit\": \"months\" }` from the source.",
        bad: r#"{ "id": "consolidation", "kind": "phase", "label": "Consolidation" }"#,
        good: r#"{ "id": "consolidation", "kind": "phase", "label": "Consolidation", "duration": { "min": 2, "max": 4, "unit": "months" } }"#,
    },
    check: Check::Pathway(missing_durations),
};

fn missing_durations(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        if node.duration.is_none() && node.kind == NodeKind::Phase {
            sink.push(
                cx.node_diag(
                    &MISSING_DURATION,
                    i,
                    "",
                    format!(
                        "phase `{}` has no duration: its length is unknown, so time on treatment through it says \"at least\"",
                        node.id
                    ),
                )
                .with_help(
                    "add \"duration\": { \"min\": .., \"max\": .., \"unit\": \"months\" } from the source \
                     (with \"approximate\": true for \"about\"); leave it out if the source gives none",
                ),
            );
        }
    }
}

#[test]
fn cp054_missing_duration() {
    assert_fires(&MISSING_DURATION, |t| sub(t, r#" "duration": { "min": 1, "max": 2, "unit": "months" },"#, ""));
}

#[test]
fn cp054_phase_without_duration_is_info() {
    let text = MINIMAL.replacen(r#" "duration": { "min": 1, "max": 2, "unit": "months" },"#, "", 1);
    let found = run(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "CP054");
}

#[test]
fn cp054_message_says_the_length_is_unknown() {
    let text = MINIMAL.replacen(r#" "duration": { "min": 1, "max": 2, "unit": "months" },"#, "", 1);
    assert_eq!(
        run(&text),
        vec![(
            "CP054",
            9,
            13,
            "phase `induction` has no duration: its length is unknown, so time on treatment through it says \"at least\""
                .into()
        )]
    );
}

/// CP055 `about-tolerance`: The tolerance of "about" (`conventions.about_tolerance`) is greater
/// than 0 and at most 0.5.
pub static ABOUT_TOLERANCE: Lint = Lint {
    rule: &Rule {
        code: "CP055",
        name: "about-tolerance",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "The tolerance of \"about\" (`conventions.about_tolerance`) is greater than 0 and at most 0.5.",
        rationale: "\"About X%\" is read as X plus or minus the tolerance, in probability units: 0.05 is 5 percentage points. A tolerance of 0 would make an approximate figure exact, and one of 5 is almost always 5% written as a percentage.",
        fix: "Write the tolerance as a fraction (0.05 for 5 percentage points), or leave it out for the default 0.05.",
        bad: r#""conventions": { "about_tolerance": 5 }"#,
        good: r#""conventions": { "about_tolerance": 0.05 }"#,
    },
    check: Check::Pathway(about_tolerance),
};

fn about_tolerance(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    let Some(tolerance) = p.conventions.as_ref().and_then(|c| c.about_tolerance) else { return };
    if !Conventions::valid_tolerance(tolerance) {
        sink.push(
            cx.diag(
                &ABOUT_TOLERANCE,
                "/conventions/about_tolerance".into(),
                format!("the tolerance of \"about\" is {tolerance}; it must be greater than 0 and at most 0.5"),
            )
            .with_subject(Subject::Pathway { id: p.id.clone() })
            .with_help(
                "write it in probability units (0.05 for 5 percentage points), or leave it out for the default 0.05",
            ),
        );
    }
}

#[test]
fn cp055_about_tolerance() {
    assert_fires(&ABOUT_TOLERANCE, |t| {
        sub(t, r#""version": "1","#, r#""version": "1", "conventions": { "about_tolerance": 5 },"#)
    });
}

#[test]
fn cp055_zero_and_above_half_are_refused_half_is_not() {
    let with = |x: &str| {
        MINIMAL.replacen(
            r#""version": "1","#,
            &format!(r#""version": "1", "conventions": {{ "about_tolerance": {x} }},"#),
            1,
        )
    };
    assert_eq!(
        run(&with("0")),
        vec![("CP055", 4, 55, "the tolerance of \"about\" is 0; it must be greater than 0 and at most 0.5".into())]
    );
    assert_eq!(codes(&with("0.51")), vec!["CP055"]);
    assert_eq!(codes(&with("-0.05")), vec!["CP055"]);
    assert_eq!(codes(&with("0.5")), Vec::<&str>::new());
    assert_eq!(codes(&with("0.05")), Vec::<&str>::new());
}

/// The caveats' `applies_to` entries: (caveat index, entry index, node id).
fn caveat_targets<'a>(cx: &Context<'a>) -> impl Iterator<Item = (usize, usize, &'a str)> {
    cx.loaded
        .pathway
        .caveats
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.applies_to.iter().enumerate().map(move |(j, id)| (i, j, id.as_str())))
}

/// CP056 `unknown-caveat-target`: A caveat's `applies_to` names nodes that exist.
pub static UNKNOWN_CAVEAT_TARGET: Lint = Lint {
    rule: &Rule {
        code: "CP056",
        name: "unknown-caveat-target",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "A caveat's `applies_to` names nodes that exist.",
        rationale: "A caveat is printed beside the figures of the outcomes it names; naming no node, it would never be printed where it belongs.",
        fix: "Correct the id, or leave `applies_to` empty for a caveat that applies to every figure.",
        bad: r#"{ "id": "rates_vary", "text": "...", "applies_to": ["remision"] }"#,
        good: r#"{ "id": "rates_vary", "text": "...", "applies_to": ["remission"] }"#,
    },
    check: Check::Pathway(unknown_caveat_targets),
};

fn unknown_caveat_targets(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    for (i, j, id) in caveat_targets(cx) {
        if cx.graph.lookup(id).is_some() {
            continue;
        }
        let caveat = &p.caveats[i].id;
        let outcomes = p.nodes.iter().filter(|n| n.kind == NodeKind::Outcome).map(|n| n.id.as_str());
        let help = match closest(id, outcomes).or_else(|| closest(id, p.nodes.iter().map(|n| n.id.as_str()))) {
            Some(near) => format!(
                "did you mean `{near}`? Otherwise name an outcome node, or leave `applies_to` empty for every figure"
            ),
            None => "name an outcome node, or leave `applies_to` empty for a caveat on every figure".to_string(),
        };
        sink.push(
            cx.diag(
                &UNKNOWN_CAVEAT_TARGET,
                format!("/caveats/{i}/applies_to/{j}"),
                format!("caveat `{caveat}` applies to `{id}`, which names no node"),
            )
            .with_subject(Subject::Caveat { id: caveat.clone() })
            .with_help(help),
        );
    }
}

#[test]
fn cp056_unknown_caveat_target() {
    assert_fires(&UNKNOWN_CAVEAT_TARGET, |t| {
        sub(
            t,
            r#"  "groups": ["#,
            r#"  "caveats": [{ "id": "rates_vary", "text": "Rates vary.", "applies_to": ["refactory"] }], "groups": ["#,
        )
    });
}

#[test]
fn cp056_points_at_the_entry_and_suggests_an_outcome() {
    let text = MINIMAL.replacen(
        r#"  "groups": ["#,
        r#"  "caveats": [{ "id": "rates_vary", "text": "Rates vary.", "applies_to": ["cr", "refactory"] }], "groups": ["#,
        1,
    );
    assert_eq!(
        run(&text),
        vec![("CP056", 6, 81, "caveat `rates_vary` applies to `refactory`, which names no node".into())]
    );
}

/// CP057 `caveat-not-on-outcome`: A caveat applies to outcome nodes.
pub static CAVEAT_NOT_ON_OUTCOME: Lint = Lint {
    rule: &Rule {
        code: "CP057",
        name: "caveat-not-on-outcome",
        group: RuleGroup::Figures,
        severity: Severity::Warning,
        summary: "A caveat applies to outcome nodes.",
        rationale: "Caveats are printed beside outcome figures (`carepath outcomes`, the path guide); one that names a phase or a decision is printed only where every caveat is, which is probably not what was meant.",
        fix: "Name the outcome nodes whose figures the caveat qualifies, or leave `applies_to` empty for every figure.",
        bad: r#"{ "id": "rates_vary", "text": "...", "applies_to": ["induction"] }"#,
        good: r#"{ "id": "rates_vary", "text": "...", "applies_to": ["remission"] }"#,
    },
    check: Check::Pathway(caveats_not_on_outcomes),
};

/// Ids that name no node are CP056's.
fn caveats_not_on_outcomes(cx: &Context, sink: &mut Sink) {
    for (i, j, id) in caveat_targets(cx) {
        let Some(ix) = cx.graph.lookup(id) else { continue };
        let kind = cx.graph.node(ix).kind;
        if kind == NodeKind::Outcome {
            continue;
        }
        let caveat = &cx.loaded.pathway.caveats[i].id;
        sink.push(
            cx.diag(
                &CAVEAT_NOT_ON_OUTCOME,
                format!("/caveats/{i}/applies_to/{j}"),
                format!("caveat `{caveat}` applies to `{id}`, a {kind}, not an outcome"),
            )
            .with_subject(Subject::Caveat { id: caveat.clone() })
            .with_help(
                "name the outcome nodes whose figures it qualifies, or leave `applies_to` empty for every figure",
            ),
        );
    }
}

#[test]
fn cp057_caveat_not_on_outcome() {
    assert_fires(&CAVEAT_NOT_ON_OUTCOME, |t| {
        sub(
            t,
            r#"  "groups": ["#,
            r#"  "caveats": [{ "id": "rates_vary", "text": "Rates vary.", "applies_to": ["induction"] }], "groups": ["#,
        )
    });
}

#[test]
fn cp057_outcomes_and_empty_lists_are_fine() {
    let with = |applies: &str| {
        MINIMAL.replacen(
            r#"  "groups": ["#,
            &format!(r#"  "caveats": [{{ "id": "c", "text": "Rates vary.", "applies_to": {applies} }}], "groups": ["#),
            1,
        )
    };
    assert_eq!(codes(&with(r#"["cr", "refractory"]"#)), Vec::<&str>::new());
    assert_eq!(codes(&with("[]")), Vec::<&str>::new());
    assert_eq!(
        run(&with(r#"["dx"]"#)),
        vec![("CP057", 6, 66, "caveat `c` applies to `dx`, a start, not an outcome".into())]
    );
}
