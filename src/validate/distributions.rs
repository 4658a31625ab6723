//! Distribution rules, for probabilistic sensitivity analysis (`carepath psa`): a declared
//! distribution (on a chance, a duration, a cost or a utility) fits its figure and its
//! parameters make one (CP058), and the branches out of
//! one chance node are drawn so that they still add up to 1 (CP059). Each rule is one
//! [`Lint`] with its check and its tests right below it.

use crate::diag::{Rule, RuleGroup, Severity, Sink};
use crate::model::{Cost, Distribution, Probability, Utility};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{assert_case, assert_fires, run, sub, MINIMAL};

/// CP058 `distribution-parameters`: A declared distribution fits its figure and its parameters
/// make a distribution.
pub static DISTRIBUTION_PARAMETERS: Lint = Lint {
    rule: &Rule {
        code: "CP058",
        name: "distribution-parameters",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "A declared distribution (of a chance, a duration, a cost or a utility) fits its figure and its \
                  parameters make a distribution.",
        rationale: "`carepath psa` draws every sample from these distributions; a gamma for a chance, a beta for a \
                    cost, a missing shape or a range too wide for a beta cannot be drawn from.",
        fix: "A branch's chance takes `beta`, `dirichlet` or `uniform`, a duration or a cost `gamma`, `lognormal` \
              or `uniform`, a utility `beta` or `uniform`; give every parameter above 0, or \
              `\"from\": \"range\"`.",
        bad: r#""probability": { "low": 0.7, "high": 0.9, "distribution": { "kind": "gamma", "shape": 2 } }"#,
        good: r#""probability": { "low": 0.7, "high": 0.9, "distribution": { "kind": "beta", "alpha": 80, "beta": 20 } }"#,
    },
    check: Check::Pathway(distribution_parameters),
};

fn distribution_parameters(cx: &Context, sink: &mut Sink) {
    let pathway = &cx.loaded.pathway;
    for (i, edge) in pathway.edges.iter().enumerate() {
        let Some(p @ Probability { distribution: Some(d), .. }) = edge.probability.as_deref().copied() else {
            continue;
        };
        let problem = if !d.fits_probability() {
            Some(format!(
                "a `{}` distribution cannot describe a chance; use `beta`, `dirichlet` or `uniform`",
                d.kind()
            ))
        } else {
            d.resolve(p.low, p.base, p.high).err().map(|e| e.0)
        };
        if let Some(problem) = problem {
            let message = format!("edge `{}` → `{}`: distribution: {problem}", edge.from, edge.to);
            sink.push(cx.edge_diag(&DISTRIBUTION_PARAMETERS, i, "probability/distribution", message).with_help(HELP));
        }
    }
    for (i, node) in pathway.nodes.iter().enumerate() {
        let Some(duration) = node.duration else { continue };
        let Some(d) = duration.distribution else { continue };
        let problem = if !d.fits_duration() {
            Some(format!(
                "a `{}` distribution cannot describe a length of time; use `gamma`, `lognormal` or `uniform`",
                d.kind()
            ))
        } else {
            let base = (duration.min == duration.max).then_some(duration.min);
            d.resolve(duration.min, base, duration.max).err().map(|e| e.0)
        };
        if let Some(problem) = problem {
            let message = format!("duration of `{}`: distribution: {problem}", node.id);
            sink.push(cx.node_diag(&DISTRIBUTION_PARAMETERS, i, "duration/distribution", message).with_help(HELP));
        }
    }
    for (i, node) in pathway.nodes.iter().enumerate() {
        if let Some(cost @ Cost { distribution: Some(d), .. }) = node.cost.as_deref() {
            let problem = if !d.fits_cost() {
                Some(format!(
                    "a `{}` distribution cannot describe a cost; use `gamma`, `lognormal` or `uniform`",
                    d.kind()
                ))
            } else {
                d.resolve(cost.low, cost.base, cost.high).err().map(|e| e.0)
            };
            if let Some(problem) = problem {
                let message = format!("cost of `{}`: distribution: {problem}", node.id);
                sink.push(cx.node_diag(&DISTRIBUTION_PARAMETERS, i, "cost/distribution", message).with_help(HELP));
            }
        }
        if let Some(utility @ Utility { distribution: Some(d), .. }) = node.utility.as_deref() {
            let problem = if !d.fits_utility() {
                Some(format!("a `{}` distribution cannot describe a utility; use `beta` or `uniform`", d.kind()))
            } else {
                d.resolve(utility.low, utility.base, utility.high).err().map(|e| e.0)
            };
            if let Some(problem) = problem {
                let message = format!("utility of `{}`: distribution: {problem}", node.id);
                sink.push(cx.node_diag(&DISTRIBUTION_PARAMETERS, i, "utility/distribution", message).with_help(HELP));
            }
        }
    }
}

const HELP: &str = "see `carepath explain CP058` and docs/health-economics.md for the forms of each distribution";

#[test]
fn cp058_distribution_parameters() {
    assert_fires(&DISTRIBUTION_PARAMETERS, |t| {
        sub(
            t,
            r#""probability": 0.8"#,
            r#""probability": { "low": 0.7, "high": 0.9, "distribution": { "kind": "gamma", "shape": 2, "scale": 1 } }"#,
        )
    });
}

#[test]
fn cp058_says_what_is_wrong_where() {
    let with = |old: &str, new: &str| run(&MINIMAL.replacen(old, new, 1));
    let chance = r#""probability": 0.8"#;
    assert_eq!(
        with(
            chance,
            r#""probability": { "low": 0.7, "high": 0.9, "base": 0.8, "distribution": { "kind": "beta", "alpha": 8 } }"#
        ),
        vec![("CP058", 15, 111, "edge `induction` → `cr`: distribution: `beta` is missing".into())]
    );
    // (CP052 also fires: the bases 0.02 and 0.2 do not add up to 1.)
    let wide = with(
        chance,
        r#""probability": { "low": 0.0, "high": 1.0, "base": 0.02, "distribution": { "kind": "beta", "from": "range" } }"#,
    );
    let cp058: Vec<&str> = wide.iter().filter(|f| f.0 == "CP058").map(|f| f.3.as_str()).collect();
    assert_eq!(
        cp058,
        ["edge `induction` → `cr`: distribution: no beta distribution has mean 0.02 and standard deviation 0.2551 \
          (range ÷ 3.92): the range is too wide for its mean; give `alpha` and `beta`, or use `uniform`"]
    );
    let duration = r#""duration": { "min": 1, "max": 2, "unit": "months" }"#;
    assert_eq!(
        with(
            duration,
            r#""duration": { "min": 1, "max": 2, "unit": "months", "distribution": { "kind": "beta", "from": "range" } }"#
        ),
        vec![(
            "CP058",
            9,
            147,
            "duration of `induction`: distribution: a `beta` distribution cannot describe a length of time; use \
             `gamma`, `lognormal` or `uniform`"
                .into()
        )]
    );
    let fine =
        r#""duration": { "min": 1, "max": 2, "unit": "months", "distribution": { "kind": "gamma", "from": "range" } }"#;
    assert_eq!(with(duration, fine), vec![]);
}

#[test]
fn cp058_costs_and_utilities_take_their_own_distributions() {
    let with = |cost: &str, utility: &str| {
        let text =
            MINIMAL.replacen(r#""label": "Induction","#, &format!(r#""label": "Induction", "cost": {cost},"#), 1);
        run(&text.replacen(
            r#""outcome": "remission","#,
            &format!(r#""outcome": "remission", "utility": {utility},"#),
            1,
        ))
    };
    let (cost, utility) = (
        r#"{ "low": 900, "high": 1100, "currency": "EUR", "per": "event", "distribution": DIST }"#,
        r#"{ "low": 0.6, "high": 0.8, "over": { "min": 1, "max": 1, "unit": "years" }, "distribution": DIST }"#,
    );
    let (beta, gamma) = (r#"{ "kind": "beta", "from": "range" }"#, r#"{ "kind": "gamma", "from": "range" }"#);
    assert_eq!(with(&cost.replace("DIST", gamma), &utility.replace("DIST", beta)), vec![]);
    assert_eq!(
        with(&cost.replace("DIST", beta), &utility.replace("DIST", gamma)),
        vec![
            (
                "CP058",
                9,
                152,
                "cost of `induction`: distribution: a `beta` distribution cannot describe a cost; use `gamma`, \
                 `lognormal` or `uniform`"
                    .into()
            ),
            (
                "CP058",
                10,
                187,
                "utility of `cr`: distribution: a `gamma` distribution cannot describe a utility; use `beta` or \
                 `uniform`"
                    .into()
            ),
        ]
    );
    let missing = with(
        &cost.replace("DIST", r#"{ "kind": "lognormal", "meanlog": 7 }"#),
        &utility.replace("DIST", r#"{ "kind": "uniform" }"#),
    );
    assert_eq!(missing, vec![("CP058", 9, 152, "cost of `induction`: distribution: `sdlog` is missing".into())]);
}

/// `cost/distribution` and `utility/distribution`: their own fixture, `cp058.economics/`.
#[test]
fn cp058_points_at_the_distribution_of_a_cost_and_a_utility() {
    let found = assert_case(&DISTRIBUTION_PARAMETERS, "economics", |t| {
        let t = sub(
            t,
            r#""label": "Vincristine","#,
            r#""label": "Vincristine", "cost": { "low": 90, "high": 110, "currency": "EUR", "per": "event", "distribution": { "kind": "beta", "alpha": 2, "beta": 3 } },"#,
        );
        sub(
            &t,
            r#""outcome": "remission","#,
            r#""outcome": "remission", "utility": { "low": 0.8, "high": 0.8, "over": { "min": 5, "max": 5, "unit": "years" }, "distribution": { "kind": "uniform" } },"#,
        )
    });
    assert_eq!(found, ["CP058", "CP058"]);
}

/// CP059 `distribution-set`: The branches out of one chance node are drawn so that they add up
/// to 1: a Dirichlet on every branch, or a distribution on one.
pub static DISTRIBUTION_SET: Lint = Lint {
    rule: &Rule {
        code: "CP059",
        name: "distribution-set",
        group: RuleGroup::Figures,
        severity: Severity::Error,
        summary: "The branches out of a chance node are drawn together: a `dirichlet` on every branch, or a \
                  distribution on one.",
        rationale: "Branches drawn one by one do not add up to 1. With one drawn branch, the others are rescaled \
                    in proportion to their bases; a set drawn together is a Dirichlet.",
        fix: "Declare `{ \"kind\": \"dirichlet\", \"alpha\": .. }` on every branch out of the node, or a \
              distribution on one branch only.",
        bad: r#"{ "from": "a", "to": "b", "probability": { "about": 0.5, "distribution": { "kind": "uniform" } } },
{ "from": "a", "to": "c", "probability": { "about": 0.5, "distribution": { "kind": "uniform" } } }"#,
        good: r#"{ "from": "a", "to": "b", "probability": { "about": 0.5, "distribution": { "kind": "dirichlet", "alpha": 50 } } },
{ "from": "a", "to": "c", "probability": { "about": 0.5, "distribution": { "kind": "dirichlet", "alpha": 50 } } }"#,
    },
    check: Check::Pathway(distribution_sets),
};

fn distribution_sets(cx: &Context, sink: &mut Sink) {
    let edges = &cx.loaded.pathway.edges;
    let distribution = |e: usize| edges[e].probability.as_deref().and_then(|p| p.distribution);
    for (from, out, _) in cx.quantified_nodes() {
        let drawn: Vec<usize> = out.iter().copied().filter(|&e| distribution(e).is_some()).collect();
        let dirichlet: Vec<usize> = drawn
            .iter()
            .copied()
            .filter(|&e| matches!(distribution(e), Some(Distribution::Dirichlet { .. })))
            .collect();
        let problem = if !dirichlet.is_empty() && dirichlet.len() < out.len() {
            let first = out.iter().copied().find(|e| !dirichlet.contains(e)).unwrap_or(out[0]);
            let what = match distribution(first) {
                Some(d) => format!("declares `{}`", d.kind()),
                None => "declares none".to_string(),
            };
            Some((
                first,
                format!(
                    "{} of the {} branches out of `{from}` declare `dirichlet`; the branch to `{}` {what}",
                    dirichlet.len(),
                    out.len(),
                    edges[first].to
                ),
            ))
        } else if dirichlet.is_empty() && drawn.len() > 1 {
            let targets: Vec<String> = drawn.iter().map(|&e| format!("`{}`", edges[e].to)).collect();
            Some((
                drawn[1],
                format!(
                    "{} branches out of `{from}` declare their own distributions (to {}): drawn one by one, they \
                     do not add up to 1",
                    drawn.len(),
                    targets.join(", ")
                ),
            ))
        } else {
            None
        };
        if let Some((edge, message)) = problem {
            sink.push(cx.edge_diag(&DISTRIBUTION_SET, edge, "probability", message).with_help(
                "declare `{ \"kind\": \"dirichlet\", \"alpha\": .. }` on every branch out of the node (the set is \
                 drawn together), or a distribution on one branch (the others are rescaled to keep the sum 1)",
            ));
        }
    }
}

#[test]
fn cp059_distribution_set() {
    assert_fires(&DISTRIBUTION_SET, |t| {
        sub(
            &sub(
                t,
                r#""probability": 0.8"#,
                r#""probability": { "about": 0.8, "distribution": { "kind": "uniform" } }"#,
            ),
            r#""probability": 0.2"#,
            r#""probability": { "about": 0.2, "distribution": { "kind": "uniform" } }"#,
        )
    });
}

#[test]
fn cp059_a_dirichlet_covers_every_branch_and_one_drawn_branch_is_fine() {
    let two = |a: &str, b: &str| {
        let text = MINIMAL.replacen(r#""probability": 0.8"#, &format!(r#""probability": {a}"#), 1);
        run(&text.replacen(r#""probability": 0.2"#, &format!(r#""probability": {b}"#), 1))
    };
    let dirichlet = |alpha: u32, p: f64| {
        format!(r#"{{ "about": {p}, "distribution": {{ "kind": "dirichlet", "alpha": {alpha} }} }}"#)
    };
    assert_eq!(two(&dirichlet(80, 0.8), &dirichlet(20, 0.2)), vec![]);
    assert_eq!(two(&dirichlet(80, 0.8), r#"{ "about": 0.2, "distribution": { "kind": "beta", "alpha": 2, "beta": 8 } }"#), vec![]
        .into_iter()
        .chain([("CP059", 16, 63, "1 of the 2 branches out of `induction` declare `dirichlet`; the branch to `refractory` declares `beta`".to_string())])
        .collect::<Vec<_>>());
    assert_eq!(two(&dirichlet(80, 0.8), "0.2").len(), 1);
    assert_eq!(two(r#"{ "about": 0.8, "distribution": { "kind": "uniform" } }"#, "0.2"), vec![]);
}
