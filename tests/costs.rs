//! Costs and utilities end to end: one-way sensitivity of the expected cost and QALYs on
//! hand-made fixtures, each swing worked out by hand here from the fixture's figures; the
//! errors (a hedged component, a length with no base, --discount on a chance); the tornado
//! chart as XML. The engine's own figures are unit-tested in `src/outcomes/economics/tests.rs`.

mod common;

use common::carepath;
use serde_json::Value;

const DIR: &str = "tests/fixtures/economics/costs";

fn run(args: &[&str]) -> (i32, String, String) {
    let output = carepath().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The one group's ranking of `sensitivity --format json`: (id, at low, at high, swing).
fn ranked(args: &[&str]) -> (f64, Vec<(String, f64, f64, f64)>) {
    let mut all = vec!["sensitivity"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "{all:?}: {stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    let rows = groups[0]["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let f = |k: &str| r[k].as_f64().unwrap();
            (r["id"].as_str().unwrap().to_string(), f("value_at_low"), f("value_at_high"), f("swing"))
        })
        .collect();
    (groups[0]["base_value"].as_f64().unwrap(), rows)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn assert_ranking(got: &[(String, f64, f64, f64)], want: &[(&str, f64, f64)]) {
    let ids: Vec<&str> = got.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(ids, want.iter().map(|w| w.0).collect::<Vec<_>>());
    for ((id, lo, hi, swing), (_, want_lo, want_hi)) in got.iter().zip(want) {
        assert!(close(*lo, *want_lo) && close(*hi, *want_hi), "{id}: {lo}, {hi}; want {want_lo}, {want_hi}");
        assert!(close(*swing, (want_hi - want_lo).abs()), "{id}: swing {swing}");
    }
}

#[test]
fn the_expected_cost_swings_with_chances_and_costs_worked_out_by_hand() {
    let (base, got) = ranked(&[&format!("{DIR}/two-branch-certain.json"), "--outcome", "cost"]);
    // Induction 2 × 1000 + chemotherapy 5000 = 7000, then 0.8 × maintenance (24 × 200) and
    // 0.2 × salvage 50000: 7000 + 3840 + 10000.
    assert!(close(base, 20840.0), "{base}");
    let at = |p_remission: f64, salvage: f64, induction_month: f64| {
        2.0 * induction_month + 5000.0 + p_remission * 4800.0 + (1.0 - p_remission) * salvage
    };
    assert_ranking(
        &got,
        &[
            // The other branch is rescaled to 1 − p: both branches swing alike, in file order.
            ("p.induction.remission", at(0.7, 50000.0, 1000.0), at(0.9, 50000.0, 1000.0)),
            ("p.induction.salvage", at(0.9, 50000.0, 1000.0), at(0.7, 50000.0, 1000.0)),
            ("cost.salvage", at(0.8, 40000.0, 1000.0), at(0.8, 60000.0, 1000.0)),
            ("cost.induction", at(0.8, 50000.0, 900.0), at(0.8, 50000.0, 1100.0)),
        ],
    );
    assert!(close(got[0].3, 9040.0) && close(got[2].3, 4000.0) && close(got[3].3, 400.0));
}

#[test]
fn the_expected_qalys_swing_with_chances_and_utilities_worked_out_by_hand() {
    let (base, got) = ranked(&[&format!("{DIR}/two-branch.json"), "--outcome", "qalys"]);
    // Remission: 2 years of maintenance at u, then 5 years at 0.9; salvage: 1 year at 0.3.
    let at = |p: f64, u: f64| p * (2.0 * u + 4.5) + (1.0 - p) * 0.3;
    assert!(close(base, at(0.8, 0.8)), "{base}");
    assert_ranking(
        &got,
        &[
            ("p.induction.remission", at(0.7, 0.8), at(0.9, 0.8)),
            ("p.induction.salvage", at(0.9, 0.8), at(0.7, 0.8)),
            ("utility.maintenance", at(0.8, 0.7), at(0.8, 0.9)),
        ],
    );
}

#[test]
fn a_discounted_cost_moves_with_the_cost_and_not_with_a_length_that_delays_nothing_costed() {
    let file = format!("{DIR}/chain.json");
    let (base, got) = ranked(&[&file, "--outcome", "cost", "--base", "midpoint", "--discount", "3.5%"]);
    // 12 months at c a month, discounted: c · (1 − 1.035⁻¹) / λ; then 1000 a year on.
    let lambda = 1.035f64.ln() / 12.0;
    let at = |c: f64| c * (1.0 - 1.0 / 1.035) / lambda + 1000.0 / 1.035;
    assert!(close(base, at(100.0)), "{base}");
    assert_ranking(&got, &[("cost.first", at(80.0), at(120.0))]);
    // The second phase's length only delays the outcome, which costs nothing.
    let (_, stdout, _) = run(&["sensitivity", &file, "--outcome", "cost", "--base", "midpoint", "--discount", "3.5%"]);
    assert!(stdout.contains("Do not move it: duration.second.\n"), "{stdout}");
}

#[test]
fn errors_say_what_keeps_the_value_open_and_how_to_go_on() {
    let (code, _, stderr) = run(&["sensitivity", &format!("{DIR}/two-branch.json"), "--outcome", "cost"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: the expected cost is not one number at the base figures (it lies between 20840 and 23840) for \
         patients all patients: components given only sometimes, on a condition or as options of a set count from \
         their least to their greatest cost (induction includes tki)\n"
    );
    let (code, _, stderr) = run(&["sensitivity", &format!("{DIR}/chain.json"), "--outcome", "cost"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: this figure has a range but no base value: duration.second;"), "{stderr}");
    assert!(stderr.ends_with("(a duration has no base: only --base midpoint gives it one)\n"), "{stderr}");
    let (code, _, stderr) =
        run(&["sensitivity", &format!("{DIR}/chain.json"), "--outcome", "done", "--discount", "3%"]);
    assert_eq!(
        (code, stderr.as_str()),
        (2, "error: --discount applies to --outcome cost or qalys only: a chance is not discounted\n")
    );
    let (code, _, stderr) =
        run(&["sensitivity", &format!("{DIR}/undated.json"), "--outcome", "cost", "--discount", "3%"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("but `first` comes before one with no duration"), "{stderr}");
    // A file without costs has no `cost` outcome, and the list of valid ones says so.
    let (code, _, stderr) = run(&["sensitivity", "tests/fixtures/economics/two-branch.json", "--outcome", "cost"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --outcome `cost` is not an outcome of this pathway. Outcome nodes: cured, not_cured; outcome \
         categories: refractory, long_term_remission\n"
    );
}

#[test]
fn the_cost_tornado_is_xml_with_amounts_on_its_axis() {
    let (code, svg, stderr) =
        run(&["sensitivity", &format!("{DIR}/two-branch-certain.json"), "--outcome", "cost", "--format", "svg"]);
    assert_eq!(code, 0, "{stderr}");
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    for want in
        ["base 20,840", "16,320", "25,360", "18,840", "22,840", "The expected cost", "the value at the base figures"]
    {
        assert!(texts.contains(&want), "{want} in {texts:?}");
    }
    assert!(texts.iter().any(|t| t.contains("cost.salvage")), "{texts:?}");
    assert!(!texts.iter().any(|t| t.ends_with('%')), "no percentages on a cost axis: {texts:?}");
}

/// The JSON of `psa FILE --samples N --seed S` with `threads` rayon threads.
fn psa_json(file: &str, samples: &str, threads: &str) -> (String, Value) {
    let output = carepath()
        .args(["psa", file, "--samples", samples, "--seed", "7", "--format", "json"])
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(&text).unwrap();
    (text, json)
}

#[test]
fn psa_reproduces_the_analytic_expected_cost_and_qalys_on_any_thread_count() {
    let file = format!("{DIR}/psa.json");
    let (one, json) = psa_json(&file, "20000", "1");
    let (two, _) = psa_json(&file, "20000", "2");
    assert_eq!(one, two, "bit-identical on 1 and 2 threads");
    let summaries = json["groups"][0]["summaries"].as_array().unwrap();
    let summary = |key: &str| summaries.iter().find(|s| s["quantity"] == key).unwrap_or_else(|| panic!("{key}"));
    // Cost: 2 months at c ~ Gamma(4, 250) (mean 1000), then salvage s ~ U(40000, 60000)
    // with chance 1 − p, p ~ Beta(8, 2) (mean 0.8), all independent: 2000 + 0.2 × 50000.
    // QALYs: p × u × 5 years, u ~ Beta(9, 1) (mean 0.9), plus (1 − p) × 0.3: 3.6 + 0.06.
    for (key, analytic) in [("cost", 12000.0), ("qalys", 3.66)] {
        let s = summary(key);
        let (mean, sd) = (s["mean"].as_f64().unwrap(), s["sd"].as_f64().unwrap());
        let se = sd / 20000f64.sqrt();
        assert!((mean - analytic).abs() < 3.0 * se, "{key}: mean {mean}, analytic {analytic}, se {se}");
    }
    assert_eq!(summary("cost")["what"], "expected cost (EUR)");
    assert_eq!(json["groups"][0]["cost_not_reported"], Value::Null);
}

#[test]
fn psa_says_why_a_cost_is_not_one_number_per_sample() {
    // two-branch.json's targeted drug is given "sometimes": its cost is a range in every
    // sample. A distribution on the induction cost makes the run draw something.
    let text = std::fs::read_to_string(common::root().join(DIR).join("two-branch.json")).unwrap().replacen(
        r#""base": 1000, "currency": "EUR", "per": "month" }"#,
        r#""base": 1000, "currency": "EUR", "per": "month", "distribution": { "kind": "uniform" } }"#,
        1,
    );
    assert!(text.contains(r#""kind": "uniform""#), "the fixture's induction cost");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two-branch.json");
    std::fs::write(&file, text).unwrap();
    let (code, stdout, stderr) = run(&["psa", file.to_str().unwrap(), "--samples", "10"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "Expected cost: not reported, since components given only sometimes, on a condition or as options of a \
             set lie on the way (induction includes tki): their cost is a range in every sample.\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("expected quality-adjusted life years (QALYs)"), "{stdout}");
}
