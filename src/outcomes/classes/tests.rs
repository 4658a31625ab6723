//! Unit tests of grouping classes by result.

use proptest::prelude::*;

use super::*;
use crate::outcomes::{render_json, CategoryOutcome, NodeOutcome};

fn pathway() -> PathwayFile {
    serde_json::from_str(include_str!("../../../tests/fixtures/paths/loop.json")).unwrap()
}

/// A report with one terminal outcome (node 0 stands in for it) and these figures.
fn report(probability: f64, months: f64) -> OutcomeReport {
    let bounds = |x: f64| Bounds { low: x, high: x, base: Some(x), approximate: false };
    OutcomeReport {
        terminals: vec![NodeOutcome { node: 0, probability: bounds(probability) }],
        categories: vec![CategoryOutcome { category: OutcomeCategory::Remission, probability: bounds(probability) }],
        passing: Vec::new(),
        no_terminal: bounds(1.0 - probability),
        months: Bounds { low: months, high: f64::INFINITY, base: None, approximate: false },
        undated: vec![0],
        economics: None,
    }
}

#[test]
fn reports_differing_beyond_the_12th_decimal_group_together() {
    // The JSON report rounds to 12 decimals, so these print alike and are one result.
    let p = pathway();
    let (a, b) = (report(0.5, 2.0), report(0.5 + 3e-13, 2.0 + 4e-13));
    assert_ne!(a, b, "the figures differ");
    assert_eq!(render_json(&p, &a).unwrap(), render_json(&p, &b).unwrap());
    assert_eq!(Shown::of(&p, &a), Shown::of(&p, &b));
    // A difference in the 12th decimal prints, so it splits them.
    let c = report(0.5 + 1e-12, 2.0);
    assert_ne!(render_json(&p, &a).unwrap(), render_json(&p, &c).unwrap());
    assert_ne!(Shown::of(&p, &a), Shown::of(&p, &c));
    // Unbounded is one figure whatever produced it.
    let mut d = report(0.5, 2.0);
    d.months.high = f64::NAN;
    assert_eq!(Shown::of(&p, &a), Shown::of(&p, &d));
}

proptest! {
    /// The key is equal exactly when the JSON reports are the same text.
    #[test]
    fn key_equal_exactly_when_json_equal(
        x in 0.0f64..1.0,
        months in 0.0f64..20_000.0,
        dx in -3i32..3,
        dm in -3i32..3,
        scale in 10i32..15,
    ) {
        let p = pathway();
        let step = 10f64.powi(-scale);
        let (a, b) = (report(x, months), report(x + f64::from(dx) * step, months + f64::from(dm) * step));
        let same_json = render_json(&p, &a).unwrap() == render_json(&p, &b).unwrap();
        prop_assert_eq!(Shown::of(&p, &a) == Shown::of(&p, &b), same_json);
    }
}
