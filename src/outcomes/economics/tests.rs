//! Expected costs and QALYs on hand-made fixtures, each figure worked out by hand below.

use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::outcomes::{analyse_with, undated_before_value, AnalysisOptions, Economics};

fn fixture(name: &str) -> PathwayFile {
    let path = format!("{}/tests/fixtures/economics/costs/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn economics(pathway: &PathwayFile, discount_rate: Option<f64>) -> Economics {
    let flow = PathwayGraph::new(pathway);
    let options = AnalysisOptions { discount_rate };
    analyse_with(&flow, &|_| None, &options).unwrap().economics.unwrap()
}

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() <= 1e-9 * expected.abs().max(1.0), "expected {expected}, got {actual}");
}

/// λ per month and the discounted length of `t` months at 3.5% a year, by the formulas of
/// the docs (not the engine's code).
fn at_3_5(t: f64) -> (f64, f64) {
    let lambda = 1.035f64.ln() / 12.0;
    ((-lambda * t).exp(), (1.0 - (-lambda * t).exp()) / lambda)
}

#[test]
fn two_branch_costs_take_each_end_and_the_worst_mix_of_branches() {
    let p = fixture("two-branch");
    let e = economics(&p, None);
    assert_eq!(e.currency.as_deref(), Some("EUR"));
    let cost = e.cost.unwrap();
    // Induction: 2 months at 900–1100 a month, chemotherapy 5000, the targeted drug 0–3000
    // ("sometimes"): 6800 to 10200. Then remission (maintenance, 24 × 200 = 4800) or salvage
    // (40000–60000). Least: 6800 + 0.9 × 4800 + 0.1 × 40000 = 15120; greatest: 10200 +
    // 0.7 × 4800 + 0.3 × 60000 = 31560. The hedged drug leaves no base.
    close(cost.bounds.low, 15120.0);
    close(cost.bounds.high, 31560.0);
    assert_eq!((cost.bounds.base, cost.bounds.approximate, cost.unknown.len()), (None, false, 0));
    // QALYs: maintenance 2 years at 0.7–0.9, then 5 years cured at 0.9 (4.5): 5.9 to 6.3;
    // salvage then 1 year at 0.3. Least 0.7 × 5.9 + 0.3 × 0.3 = 4.22; greatest 0.9 × 6.3 +
    // 0.1 × 0.3 = 5.70; base 0.8 × (1.6 + 4.5) + 0.2 × 0.3 = 4.94.
    let qalys = e.qalys.unwrap();
    close(qalys.bounds.low, 4.22);
    close(qalys.bounds.high, 5.70);
    close(qalys.bounds.base.unwrap(), 4.94);
}

#[test]
fn a_chain_with_ranges_has_a_base_where_the_range_does_not_matter() {
    let p = fixture("chain");
    let e = economics(&p, None);
    // 12 months at 80–120 (base 100), then 1000 once: 1960 to 2440, base 2200. The second
    // phase's length (6–12 months) earns nothing, so the base stands.
    let cost = e.cost.unwrap();
    close(cost.bounds.low, 1960.0);
    close(cost.bounds.high, 2440.0);
    close(cost.bounds.base.unwrap(), 2200.0);
    // 1 year at 0.4–0.6 (base 0.5), then 2 years at 1: 2.4 to 2.6, base 2.5.
    let qalys = e.qalys.unwrap();
    close(qalys.bounds.low, 2.4);
    close(qalys.bounds.high, 2.6);
    close(qalys.bounds.base.unwrap(), 2.5);
    assert_eq!(e.discount_rate, None);
}

#[test]
fn discounting_a_chain_takes_the_later_start_for_the_least_and_the_earlier_for_the_greatest() {
    let p = fixture("chain");
    let e = economics(&p, Some(0.035));
    assert_eq!(e.discount_rate, Some(0.035));
    let (after_year, a12) = at_3_5(12.0);
    // The first phase accrues over its 12 months; the second's 1000 is paid a year on.
    let cost = e.cost.unwrap();
    close(cost.bounds.low, 80.0 * a12 + 1000.0 * after_year);
    close(cost.bounds.high, 120.0 * a12 + 1000.0 * after_year);
    close(cost.bounds.base.unwrap(), 100.0 * a12 + 1000.0 * after_year);
    close(after_year, 1.0 / 1.035);
    // The outcome's two years start 18 months on at the earliest, 24 at the latest.
    let (after_18, _) = at_3_5(18.0);
    let (after_24, a24) = at_3_5(24.0);
    let qalys = e.qalys.unwrap();
    close(qalys.bounds.low, 0.4 * a12 / 12.0 + after_24 * a24 / 12.0);
    close(qalys.bounds.high, 0.6 * a12 / 12.0 + after_18 * a24 / 12.0);
    // The second phase's length decides when the outcome starts: no base.
    assert_eq!(qalys.bounds.base, None);
}

#[test]
fn a_relapse_loop_adds_up_every_round() {
    let p = fixture("relapse-loop");
    let e = economics(&p, None);
    // V_ind = 1000 + 0.8 · V_m, V_m = 600 + 0.3 · V_ind: V_ind = 1480 / 0.76.
    let cost = e.cost.unwrap();
    close(cost.bounds.low, 1480.0 / 0.76);
    close(cost.bounds.high, 1480.0 / 0.76);
    close(cost.bounds.base.unwrap(), 1480.0 / 0.76);
    // Q_ind = 0.8 · (0.4 + 0.3 · Q_ind): 0.32 / 0.76.
    let qalys = e.qalys.unwrap();
    close(qalys.bounds.low, 0.32 / 0.76);
    close(qalys.bounds.high, 0.32 / 0.76);
    // Discounted: V_ind = 1000 + 0.8 δ¹ V_m, V_m = 100 A(6) + 0.3 δ⁶ V_ind.
    let e = economics(&p, Some(0.035));
    let (d1, _) = at_3_5(1.0);
    let (d6, a6) = at_3_5(6.0);
    let expected = (1000.0 + 0.8 * d1 * 100.0 * a6) / (1.0 - 0.24 * d1 * d6);
    close(e.cost.unwrap().bounds.low, expected);
    let expected = 0.8 * d1 * (0.8 * a6 / 12.0) / (1.0 - 0.24 * d1 * d6);
    close(e.qalys.unwrap().bounds.high, expected);
}

#[test]
fn a_per_time_figure_without_a_time_says_at_least() {
    let mut p = fixture("two-branch");
    let maintenance = p.nodes.iter().position(|n| n.id == "maintenance").unwrap();
    p.nodes[maintenance].duration = None;
    let e = economics(&p, None);
    let cost = e.cost.unwrap();
    assert_eq!(cost.unknown, vec![maintenance]);
    assert!(!cost.known());
    // Its 200 a month counts as 0: 6800 + 0.9 × 0 + 0.1 × 40000.
    close(cost.bounds.low, 10800.0);
    let qalys = e.qalys.unwrap();
    assert_eq!(qalys.unknown, vec![maintenance]);
    // Discounting needs it: maintenance comes before the cured outcome's utility.
    assert_eq!(undated_before_value(&p), vec![maintenance]);
    assert_eq!(undated_before_value(&fixture("two-branch")), Vec::<usize>::new());
}

#[test]
fn a_file_without_costs_or_utilities_reports_none() {
    let mut p = fixture("chain");
    for node in &mut p.nodes {
        node.cost = None;
        node.utility = None;
    }
    let flow = PathwayGraph::new(&p);
    assert_eq!(analyse_with(&flow, &|_| None, &AnalysisOptions::default()).unwrap().economics, None);
    // One utility alone: QALYs, and no cost.
    p.nodes[1].utility = fixture("chain").nodes[1].utility.clone();
    let e = economics(&p, None);
    assert_eq!((e.cost, e.currency), (None, None));
    close(e.qalys.unwrap().bounds.high, 0.6);
}

#[test]
fn an_option_set_costs_its_cheapest_to_its_dearest_option() {
    let mut p = fixture("two-branch");
    let text = serde_json::to_string(&p).unwrap();
    let text = text
        .replace(
            r#""label":"Induction","#,
            r#""label":"Induction","option_sets":[{"id":"drug","label":"Drug","choose":"one"}],"#,
        )
        .replace(r#""kind":"includes","likelihood":"sometimes""#, r#""kind":"includes","option_set":"drug""#)
        .replace(r#""to":"chemo","kind":"includes""#, r#""to":"chemo","kind":"includes","option_set":"drug""#);
    p = serde_json::from_str(&text).unwrap();
    // One of chemotherapy (5000) or the targeted drug (3000): 3000 to 5000 on top of
    // 1800–2200. Least 4800 + 4320 + 4000; greatest 7200 + 3360 + 18000.
    let cost = economics(&p, None).cost.unwrap();
    close(cost.bounds.low, 13120.0);
    close(cost.bounds.high, 28560.0);
    // One or more of them: 3000 to 8000.
    let text = serde_json::to_string(&p).unwrap().replace(r#""choose":"one""#, r#""choose":"one_or_more""#);
    let cost = economics(&serde_json::from_str(&text).unwrap(), None).cost.unwrap();
    close(cost.bounds.high, 31560.0);
}
