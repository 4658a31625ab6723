//! Cost and utility rules, for health-economics modellers: utilities within [0, 1] (CP090),
//! each cost's currency (CP091) and one currency per file (CP092), costs in range (CP093), and
//! a time for every figure that accrues over time (CP094). Each rule is one [`Lint`] with its
//! check and its tests right below it. Their distributions are CP058's (`distributions.rs`);
//! a cost or utility on the wrong kind of node, or `over` on a phase's utility, is CP023's.

use crate::diag::{Rule, RuleGroup, Severity, Sink};
use crate::model::{CostPer, DurationRange, NodeKind, Utility};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{assert_case, assert_fires, base, run, sub, MINIMAL};

/// What is wrong with a range `low`..`high` with an optional `base` inside it, whose values
/// must lie at or above 0 and, for a utility (`unit`), at or below 1; `None` when nothing is.
/// The words follow "utility of `x`" or "cost of `x`".
fn range_problem(low: f64, high: f64, base: Option<f64>, unit: bool) -> Option<String> {
    let allowed = |x: f64| x >= 0.0 && (!unit || x <= 1.0);
    let outside = if unit { "outside [0, 1]" } else { "below 0" };
    if !low.is_finite() || !high.is_finite() || base.is_some_and(|b| !b.is_finite()) {
        return Some("is not a finite number".to_string());
    }
    if low == high && !allowed(low) {
        return Some(format!("is {low}, {outside}"));
    }
    let wrong: Vec<String> =
        [("low", low), ("high", high)].iter().filter(|(_, x)| !allowed(*x)).map(|(n, x)| format!("{n} {x}")).collect();
    if !wrong.is_empty() {
        return Some(format!("has {}, {outside}", wrong.join(" and ")));
    }
    if low > high {
        return Some(format!("is inverted: low {low} > high {high}"));
    }
    match base {
        Some(b) if !(low..=high).contains(&b) => Some(format!("has base {b} outside its range [{low}, {high}]")),
        _ => None,
    }
}

/// What is wrong with a utility's `over` (a time), in words that follow "`over` of ...".
fn over_problem(over: &DurationRange) -> Option<String> {
    let unit = over.unit.as_str();
    if !over.min.is_finite() || !over.max.is_finite() {
        Some("is not a finite number".to_string())
    } else if over.min < 0.0 || over.max < 0.0 {
        Some(format!("is negative ({} to {} {unit})", over.min, over.max))
    } else if over.min > over.max {
        Some(format!("is inverted: min {} > max {} {unit}", over.min, over.max))
    } else {
        None
    }
}

/// CP090 `utility-range`: Utilities lie within [0, 1], with `low <= high` and `base` between
/// them; a utility's `over` is a finite time, at least 0, with `min <= max`.
pub static UTILITY_RANGE: Lint = Lint {
    rule: &Rule {
        code: "CP090",
        name: "utility-range",
        group: RuleGroup::Economics,
        severity: Severity::Error,
        summary: "Utilities lie within [0, 1], with `low <= high` and `base` between them; a utility's `over` is \
                  a finite time, at least 0, with `min <= max`.",
        rationale: "A utility is the quality of a year in a state, from 0 (as bad as dead) to 1 (full health), and \
                    quality-adjusted time is summed from it along paths: anything else, usually a percentage \
                    written as 70 instead of 0.7, makes every sum wrong.",
        fix: "Write utilities as fractions (0.7, not 70), the lower bound first; give `over` as the shortest \
              and longest time in the state, `min` before `max`.",
        bad: r#""utility": { "low": 0.8, "high": 0.6 }"#,
        good: r#""utility": { "low": 0.6, "high": 0.8 }"#,
    },
    check: Check::Pathway(utility_ranges),
};

fn utility_ranges(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        let Some(Utility { low, high, base, over, .. }) = node.utility.as_deref() else { continue };
        if let Some(problem) = range_problem(*low, *high, *base, true) {
            sink.push(
                cx.node_diag(&UTILITY_RANGE, i, "utility", format!("utility of `{}` {problem}", node.id)).with_help(
                    "write a utility as a fraction between 0 (as bad as dead) and 1 (full health), 0.7 not 70, \
                     with `low` <= `high` and `base` between them",
                ),
            );
        }
        if let Some(problem) = over.as_ref().and_then(over_problem) {
            sink.push(
                cx.node_diag(
                    &UTILITY_RANGE,
                    i,
                    "utility/over",
                    format!("`over` of the utility of `{}` {problem}", node.id),
                )
                .with_help("give `over` as the shortest (`min`) and longest (`max`) time in the state, both >= 0"),
            );
        }
    }
}

#[test]
fn cp090_utility_range() {
    assert_fires(&UTILITY_RANGE, |t| {
        sub(
            t,
            r#""outcome": "remission","#,
            r#""outcome": "remission", "utility": { "low": 0.8, "high": 1.2, "over": { "min": 5, "max": 5, "unit": "years" } },"#,
        )
    });
}

/// An inverted `over`: its own fixture, `cp090.over/`, for the pointer `utility/over`.
#[test]
fn cp090_utility_over() {
    let found = assert_case(&UTILITY_RANGE, "over", |t| {
        sub(
            t,
            r#""outcome": "remission","#,
            r#""outcome": "remission", "utility": { "low": 0.8, "high": 0.9, "over": { "min": 5, "max": 2, "unit": "years" } },"#,
        )
    });
    assert_eq!(found, ["CP090"]);
}

#[test]
fn cp090_says_what_is_wrong_with_the_utility() {
    let with = |utility: &str| {
        let over = r#""over": { "min": 1, "max": 1, "unit": "years" }"#;
        let utility = utility.replace("OVER", over);
        run(&MINIMAL.replacen(
            r#""outcome": "remission","#,
            &format!(r#""outcome": "remission", "utility": {utility},"#),
            1,
        ))
    };
    let at = |message: &str| vec![("CP090", 10, 95, message.to_string())];
    assert_eq!(with(r#"{ "low": 1.2, "high": 1.2, OVER }"#), at("utility of `cr` is 1.2, outside [0, 1]"));
    assert_eq!(
        with(r#"{ "low": -0.1, "high": 1.5, OVER }"#),
        at("utility of `cr` has low -0.1 and high 1.5, outside [0, 1]")
    );
    assert_eq!(with(r#"{ "low": 0.8, "high": 0.6, OVER }"#), at("utility of `cr` is inverted: low 0.8 > high 0.6"));
    assert_eq!(
        with(r#"{ "low": 0.6, "high": 0.8, "base": 0.9, OVER }"#),
        at("utility of `cr` has base 0.9 outside its range [0.6, 0.8]")
    );
    assert_eq!(with(r#"{ "low": 0, "high": 1, "base": 1, OVER }"#), vec![]);
    let negative = with(r#"{ "low": 0.6, "high": 0.8, "over": { "min": -1, "max": 2, "unit": "years" } }"#);
    assert_eq!(negative, vec![("CP090", 10, 130, "`over` of the utility of `cr` is negative (-1 to 2 years)".into())]);
}

/// Whether `code` has the shape of an ISO 4217 currency code: three capital ASCII letters.
/// (Whether the code is assigned is not checked: the list changes.)
pub(crate) fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// CP091 `cost-currency`: Every cost names its currency as an ISO 4217 code.
pub static COST_CURRENCY: Lint = Lint {
    rule: &Rule {
        code: "CP091",
        name: "cost-currency",
        group: RuleGroup::Economics,
        severity: Severity::Error,
        summary: "Every cost names its currency as an ISO 4217 code: three capital letters, e.g. `EUR`.",
        rationale: "A cost without a currency cannot be read, compared or reported, and a currency written as a \
                    name or a sign (`euro`, `$`) is ambiguous; the code says exactly what the figures are in.",
        fix: "Add `\"currency\": \"EUR\"` (the code of the currency the figures are in).",
        bad: r#""cost": { "low": 900, "high": 1100, "per": "month" }"#,
        good: r#""cost": { "low": 900, "high": 1100, "currency": "EUR", "per": "month" }"#,
    },
    check: Check::Pathway(cost_currencies),
};

fn cost_currencies(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        let Some(cost) = &node.cost else { continue };
        let Some(currency) = cost.currency.as_deref() else {
            let message = format!("cost of `{}` names no currency", node.id);
            sink.push(
                cx.node_diag(&COST_CURRENCY, i, "cost", message)
                    .with_help(r#"add "currency": "EUR" (the ISO 4217 code of the currency the figures are in)"#),
            );
            continue;
        };
        if is_currency_code(currency) {
            continue;
        }
        let upper = currency.to_ascii_uppercase();
        let help = if is_currency_code(&upper) {
            format!(r#"write "currency": "{upper}": ISO 4217 codes are three capital letters"#)
        } else {
            r#"write the ISO 4217 code of the currency the figures are in, e.g. "currency": "EUR""#.to_string()
        };
        let shown = serde_json::Value::from(currency).to_string();
        let message =
            format!("cost of `{}` has currency {shown}, not an ISO 4217 code (three capital letters)", node.id);
        sink.push(cx.node_diag(&COST_CURRENCY, i, "cost/currency", message).with_help(help));
    }
}

#[test]
fn cp091_cost_currency() {
    assert_fires(&COST_CURRENCY, |t| {
        sub(
            t,
            r#""label": "Vincristine","#,
            r#""label": "Vincristine", "cost": { "low": 90, "high": 110, "per": "event" },"#,
        )
    });
}

#[test]
fn cp091_a_currency_is_a_code() {
    let with = |currency: &str| {
        let cost = format!(r#""cost": {{ "low": 900, "high": 1100, "currency": {currency}, "per": "event" }},"#);
        run(&MINIMAL.replacen(r#""label": "Induction","#, &format!(r#""label": "Induction", {cost}"#), 1))
    };
    let at = |message: &str| vec![("CP091", 9, 113, message.to_string())];
    assert_eq!(
        with(r#""euro""#),
        at(r#"cost of `induction` has currency "euro", not an ISO 4217 code (three capital letters)"#)
    );
    assert_eq!(
        with(r#""eur""#),
        at(r#"cost of `induction` has currency "eur", not an ISO 4217 code (three capital letters)"#)
    );
    assert_eq!(
        with(r#""""#),
        at(r#"cost of `induction` has currency "", not an ISO 4217 code (three capital letters)"#)
    );
    assert_eq!(
        with(r#""€""#),
        at(r#"cost of `induction` has currency "€", not an ISO 4217 code (three capital letters)"#)
    );
    assert_eq!(with(r#""GBP""#), vec![]);
    assert!(is_currency_code("XAU") && !is_currency_code("EURO") && !is_currency_code("ÉUR"));
}

/// CP092 `mixed-currencies`: Every cost of a file is in one currency.
pub static MIXED_CURRENCIES: Lint = Lint {
    rule: &Rule {
        code: "CP092",
        name: "mixed-currencies",
        group: RuleGroup::Economics,
        severity: Severity::Error,
        summary: "Every cost of a file is in one currency.",
        rationale: "Expected costs add up the costs along each path, and carepath never converts between \
                    currencies (a rate depends on the year and the method): a sum of euros and dollars means \
                    nothing.",
        fix: "Convert every cost to one currency (say at which rate and year in a `note`) and write that \
              currency on each.",
        bad: r#"{ "id": "induction", "cost": { "low": 900, "high": 1100, "currency": "EUR", "per": "month" } },
{ "id": "imatinib", "cost": { "low": 2000, "high": 2400, "currency": "USD", "per": "month" } }"#,
        good: r#"{ "id": "induction", "cost": { "low": 900, "high": 1100, "currency": "EUR", "per": "month" } },
{ "id": "imatinib", "cost": { "low": 1850, "high": 2200, "currency": "EUR", "per": "month" } }"#,
    },
    check: Check::Pathway(mixed_currencies),
};

fn mixed_currencies(cx: &Context, sink: &mut Sink) {
    let mut first: Option<(&str, &str)> = None;
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        // A missing or malformed currency is CP091's finding, and is not compared.
        let Some(currency) = node.cost.as_ref().and_then(|c| c.currency.as_deref()).filter(|c| is_currency_code(c))
        else {
            continue;
        };
        match first {
            None => first = Some((&node.id, currency)),
            Some((first_id, first_currency)) if currency != first_currency => {
                let message = format!(
                    "cost of `{}` is in {currency}, but the file's first cost (of `{first_id}`) is in {first_currency}",
                    node.id
                );
                sink.push(cx.node_diag(&MIXED_CURRENCIES, i, "cost/currency", message).with_help(format!(
                    "convert every cost to one currency (e.g. {first_currency}) and write it on each; carepath never \
                     converts between currencies"
                )));
            }
            Some(_) => {}
        }
    }
}

#[test]
fn cp092_mixed_currencies() {
    assert_fires(&MIXED_CURRENCIES, |t| {
        let t = sub(
            t,
            r#""label": "Induction","#,
            r#""label": "Induction", "cost": { "low": 900, "high": 1100, "currency": "EUR", "per": "event" },"#,
        );
        sub(
            &t,
            r#""label": "Vincristine","#,
            r#""label": "Vincristine", "cost": { "low": 90, "high": 110, "currency": "USD", "per": "event" },"#,
        )
    });
}

#[test]
fn cp092_names_the_first_cost_on_each_other_currency() {
    let cost =
        |currency: &str| format!(r#""cost": {{ "low": 1, "high": 2, "currency": "{currency}", "per": "event" }}"#);
    let text = sub(&base("t"), r#""label": "Induction","#, &format!(r#""label": "Induction", {},"#, cost("EUR")));
    let text = sub(&text, r#""label": "Vincristine","#, &format!(r#""label": "Vincristine", {},"#, cost("GBP")));
    let text = sub(&text, r#""label": "Diagnosis","#, &format!(r#""label": "Diagnosis", {},"#, cost("eur")));
    // (CP023: a cost on the start; CP091: "eur" is not a code, so it is not compared.)
    let found: Vec<_> = run(&text).into_iter().filter(|f| f.0 == "CP092").collect();
    let message = "cost of `vincristine` is in GBP, but the file's first cost (of `induction`) is in EUR";
    assert_eq!(found, vec![("CP092", 10, 119, message.to_string())]);
    let same = text.replacen(r#""currency": "GBP""#, r#""currency": "EUR""#, 1);
    assert_eq!(run(&same).into_iter().filter(|f| f.0 == "CP092").count(), 0);
}

/// CP093 `cost-range`: Costs are finite and at least 0, with `low <= high` and `base` between
/// them.
pub static COST_RANGE: Lint = Lint {
    rule: &Rule {
        code: "CP093",
        name: "cost-range",
        group: RuleGroup::Economics,
        severity: Severity::Error,
        summary: "Costs are finite and at least 0, with `low <= high` and `base` between them.",
        rationale: "Expected costs are summed along paths; a negative or inverted range makes every sum wrong.",
        fix: "Give the least cost as `low` and the greatest as `high`, both >= 0, with `base` between them.",
        bad: r#""cost": { "low": 1100, "high": 900, "currency": "EUR", "per": "event" }"#,
        good: r#""cost": { "low": 900, "high": 1100, "currency": "EUR", "per": "event" }"#,
    },
    check: Check::Pathway(cost_ranges),
};

fn cost_ranges(cx: &Context, sink: &mut Sink) {
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        let Some(cost) = &node.cost else { continue };
        if let Some(problem) = range_problem(cost.low, cost.high, cost.base, false) {
            sink.push(
                cx.node_diag(&COST_RANGE, i, "cost", format!("cost of `{}` {problem}", node.id)).with_help(
                    "give the least cost as `low` and the greatest as `high`, both >= 0, `base` between them",
                ),
            );
        }
    }
}

#[test]
fn cp093_cost_range() {
    assert_fires(&COST_RANGE, |t| {
        sub(
            t,
            r#""label": "Vincristine","#,
            r#""label": "Vincristine", "cost": { "low": 110, "high": 90, "currency": "EUR", "per": "event" },"#,
        )
    });
}

#[test]
fn cp093_says_what_is_wrong_with_the_cost() {
    let with = |range: &str| {
        let cost = format!(r#""cost": {{ {range}, "currency": "EUR", "per": "event" }},"#);
        run(&MINIMAL.replacen(r#""label": "Induction","#, &format!(r#""label": "Induction", {cost}"#), 1))
    };
    let at = |message: &str| vec![("CP093", 9, 73, message.to_string())];
    assert_eq!(with(r#""low": -5, "high": -5"#), at("cost of `induction` is -5, below 0"));
    assert_eq!(with(r#""low": -5, "high": 10"#), at("cost of `induction` has low -5, below 0"));
    assert_eq!(with(r#""low": 10, "high": 5"#), at("cost of `induction` is inverted: low 10 > high 5"));
    assert_eq!(
        with(r#""low": 5, "high": 10, "base": 12"#),
        at("cost of `induction` has base 12 outside its range [5, 10]")
    );
    assert_eq!(with(r#""low": 0, "high": 0"#), vec![]);
    // JSON has no infinite numbers, but a pathway built in Rust may.
    assert_eq!(range_problem(0.0, f64::INFINITY, None, false).as_deref(), Some("is not a finite number"));
    assert_eq!(range_problem(0.5, 0.6, Some(f64::NAN), true).as_deref(), Some("is not a finite number"));
}

/// CP094 `untimed-value`: A figure that accrues over time has a time to accrue over.
pub static UNTIMED_VALUE: Lint = Lint {
    rule: &Rule {
        code: "CP094",
        name: "untimed-value",
        group: RuleGroup::Economics,
        severity: Severity::Warning,
        summary: "A figure that accrues over time has a time to accrue over: a cost per day, week, month or year \
                  and a phase's utility are on a step with a `duration`, and an outcome's utility has `over`.",
        rationale: "A cost per month and a utility are counted over the time spent in the state; without it that \
                    time is unknown, so the expected cost and the quality-adjusted time through the step can only \
                    say \"at least\".",
        fix: "Give the step its `duration` from the source (or the cost `\"per\": \"event\"` if it is paid once \
              per visit); give an outcome's utility the time it is counted over, e.g. `\"over\": { \"min\": 5, \
              \"max\": 5, \"unit\": \"years\" }`.",
        bad: r#"{ "id": "remission", "kind": "outcome", "outcome": "remission", "utility": { "low": 0.8, "high": 0.9 } }"#,
        good: r#"{ "id": "remission", "kind": "outcome", "outcome": "remission", "utility": { "low": 0.8, "high": 0.9, "over": { "min": 5, "max": 5, "unit": "years" } } }"#,
    },
    check: Check::Pathway(untimed_values),
};

fn untimed_values(cx: &Context, sink: &mut Sink) {
    // Costs and utilities on other kinds are CP023's findings; a phase without a duration is
    // also CP054's (a note about time on treatment), this is about what accrues over it.
    for (i, node) in cx.loaded.pathway.nodes.iter().enumerate() {
        let step = matches!(node.kind, NodeKind::Phase | NodeKind::Intervention);
        if let Some(cost) = node.cost.as_ref().filter(|c| step && c.per != CostPer::Event && node.duration.is_none()) {
            let message = format!(
                "cost of `{}` is per {}, but `{}` has no duration: expected cost through it will say \"at least\"",
                node.id,
                cost.per.as_str(),
                node.id
            );
            sink.push(cx.node_diag(&UNTIMED_VALUE, i, "cost", message).with_help(
                "add the step's `duration` from the source, or give the cost \"per\": \"event\" if it is paid once \
                 per visit",
            ));
        }
        let Some(utility) = &node.utility else { continue };
        let (message, help) = match node.kind {
            NodeKind::Phase if node.duration.is_none() => (
                format!(
                    "utility of phase `{}` holds over its duration, but it has none: quality-adjusted time through \
                     it will say \"at least\"",
                    node.id
                ),
                "add the phase's `duration` from the source",
            ),
            NodeKind::Outcome if utility.over.is_none() => (
                format!(
                    "utility of outcome `{}` has no `over`: with no time in the state, quality-adjusted time \
                     through it will say \"at least\"",
                    node.id
                ),
                r#"add "over": { "min": .., "max": .., "unit": "years" }, the time the state is counted over (e.g. the model's horizon)"#,
            ),
            _ => continue,
        };
        sink.push(cx.node_diag(&UNTIMED_VALUE, i, "utility", message).with_help(help));
    }
}

#[test]
fn cp094_untimed_value() {
    assert_fires(&UNTIMED_VALUE, |t| {
        sub(
            t,
            r#""label": "Vincristine","#,
            r#""label": "Vincristine", "cost": { "low": 90, "high": 110, "currency": "EUR", "per": "month" },"#,
        )
    });
}

#[test]
fn cp094_utilities_need_a_time() {
    let utility = r#""utility": { "low": 0.6, "high": 0.8 },"#;
    let outcome =
        run(&MINIMAL.replacen(r#""outcome": "remission","#, &format!(r#""outcome": "remission", {utility}"#), 1));
    let message = "utility of outcome `cr` has no `over`: with no time in the state, quality-adjusted time through it \
                   will say \"at least\"";
    assert_eq!(outcome, vec![("CP094", 10, 95, message.to_string())]);
    let duration = r#" "duration": { "min": 1, "max": 2, "unit": "months" },"#;
    let phase = MINIMAL.replacen(duration, &format!(" {utility}"), 1);
    let message = "utility of phase `induction` holds over its duration, but it has none: quality-adjusted time \
                   through it will say \"at least\"";
    let found = run(&phase);
    // (CP054 also notes the phase's unknown length.)
    assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), ["CP054", "CP094"]);
    assert_eq!(found[1], ("CP094", 9, 90, message.to_string()));
    let timed = MINIMAL.replacen(duration, &format!("{duration} {utility}"), 1);
    assert_eq!(run(&timed), vec![]);
    let per_event = r#""cost": { "low": 1, "high": 2, "currency": "EUR", "per": "event" },"#;
    assert_eq!(run(&MINIMAL.replacen(duration, &format!(" {per_event}"), 1)).len(), 1, "CP054 only");
}
