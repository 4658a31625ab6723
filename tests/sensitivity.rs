//! `carepath sensitivity`: one-way sensitivity checked against answers worked out by hand from
//! each fixture's own figures (read from the file here, not copied from the program's output):
//! a two-branch tree, a chain of two chance nodes, a relapse loop (a geometric sum), the
//! rescaling of a three-branch node; the errors (no base, unknown outcome, a chance that is
//! not one number); the ALL pathway's done-when; and a hostile label through SVG and CSV (read
//! back by Python's `csv` module; where python3 is absent that check says `SKIP` and passes).

mod common;

use common::{carepath, python_csv, root};
use serde_json::Value;

const DIR: &str = "tests/fixtures/economics";

/// Two chances agree to 12 decimals (the JSON rounds there).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-11
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = carepath().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn stdout_of(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// The JSON report of `sensitivity FILE --outcome OUTCOME` plus `extra`.
fn report(file: &str, outcome: &str, extra: &[&str]) -> Value {
    let mut args = vec!["sensitivity", file, "--outcome", outcome, "--format", "json"];
    args.extend(extra);
    serde_json::from_str(&stdout_of(&args)).unwrap()
}

/// A fixture's branch figures as the file writes them: `p.FROM.TO` → (low, base, high), with an
/// "about" range widened by the default tolerance.
fn figures(file: &str) -> Vec<(String, f64, f64, f64)> {
    let file: Value = serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
    let mut rows = Vec::new();
    for edge in file["edges"].as_array().unwrap() {
        let p = &edge["probability"];
        if p.is_null() {
            continue;
        }
        let id = format!("p.{}.{}", edge["from"].as_str().unwrap(), edge["to"].as_str().unwrap());
        let base = p["base"].as_f64().unwrap();
        let (low, high) = match p.get("about") {
            Some(about) => (about[0].as_f64().unwrap() - 0.05, about[1].as_f64().unwrap() + 0.05),
            None => (p["low"].as_f64().unwrap(), p["high"].as_f64().unwrap()),
        };
        rows.push((id, low, base, high));
    }
    rows
}

/// The one group's ranking: (id, value at low, value at high, swing), in rank order.
fn ranked(report: &Value) -> Vec<(String, f64, f64, f64)> {
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "one group of patients");
    groups[0]["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let f = |k: &str| r[k].as_f64().unwrap();
            (r["id"].as_str().unwrap().to_string(), f("value_at_low"), f("value_at_high"), f("swing"))
        })
        .collect()
}

/// `got` holds exactly `want` (id, at low, at high), in this order, with swings |high − low|.
fn assert_ranking(got: &[(String, f64, f64, f64)], want: &[(String, f64, f64)]) {
    let ids = |rows: Vec<&String>| rows.into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(ids(got.iter().map(|r| &r.0).collect()), ids(want.iter().map(|r| &r.0).collect()), "{got:?}");
    for ((id, lo, hi, swing), (_, want_lo, want_hi)) in got.iter().zip(want) {
        assert!(close(*lo, *want_lo) && close(*hi, *want_hi), "{id}: {lo}, {hi}; want {want_lo}, {want_hi}");
        assert!(close(*swing, (want_hi - want_lo).abs()), "{id}: swing {swing}");
    }
}

/// Sorts (id, at low, at high) by swing, largest first, ties in `order` (file order).
fn by_swing(mut rows: Vec<(String, f64, f64)>) -> Vec<(String, f64, f64)> {
    let swing = |r: &(String, f64, f64)| ((r.2 - r.1).abs() * 1e12).round();
    rows.sort_by(|a, b| swing(b).total_cmp(&swing(a)));
    rows
}

#[test]
fn a_two_branch_tree_swings_by_the_width_of_its_range() {
    let file = format!("{DIR}/two-branch.json");
    let f = figures(&file);
    let (cured, not_cured) = (&f[0], &f[1]);
    assert_eq!((cured.1, cured.2, cured.3), (0.2, 0.4, 0.6), "the fixture's figure");
    let json = report(&file, "cured", &[]);
    assert!(close(json["groups"][0]["base_value"].as_f64().unwrap(), cured.2));
    // Cured at its ends; the other branch's ends leave cured at 1 − it.
    let want = vec![(cured.0.clone(), cured.1, cured.3), (not_cured.0.clone(), 1.0 - not_cured.1, 1.0 - not_cured.3)];
    let got = ranked(&json);
    assert_ranking(&got, &by_swing(want));
    assert!(close(got[0].3, 0.4), "swing 0.4");
    // The step's length does not move a chance.
    assert_eq!(json["groups"][0]["not_moving"], serde_json::json!(["duration.treatment"]));
}

#[test]
fn a_chain_multiplies_its_two_chances_and_ranks_the_wider_swing_first() {
    let file = format!("{DIR}/chain.json");
    let f = figures(&file);
    let value = |p1: f64, p2: f64| p1 * p2;
    let (first, stop, second, relapse) = (&f[0], &f[1], &f[2], &f[3]);
    let (b1, b2) = (first.2, second.2);
    let want = vec![
        (first.0.clone(), value(first.1, b2), value(first.3, b2)),
        (stop.0.clone(), value(1.0 - stop.1, b2), value(1.0 - stop.3, b2)),
        (second.0.clone(), value(b1, second.1), value(b1, second.3)),
        (relapse.0.clone(), value(b1, 1.0 - relapse.1), value(b1, 1.0 - relapse.3)),
    ];
    let json = report(&file, "cured", &[]);
    assert!(close(json["groups"][0]["base_value"].as_f64().unwrap(), b1 * b2));
    let want = by_swing(want);
    // The second step's figures swing most (0.28), tied, in file order; then the first's.
    assert_eq!(want[0].0, "p.consolidation.cured");
    assert_eq!(want[1].0, "p.consolidation.relapse");
    assert_eq!(want[3].0, "p.induction.refractory");
    assert_ranking(&ranked(&json), &want);
}

#[test]
fn a_relapse_loop_gives_the_closed_form_of_its_geometric_sum() {
    let file = format!("{DIR}/relapse-loop.json");
    let f = figures(&file);
    let (remission, refractory, cured, relapse) = (&f[0], &f[1], &f[2], &f[3]);
    // Each pass: remission r then cured c ends it; r (1 − c) goes round again. The chance of
    // cure is Σ_k (r (1 − c))^k r c = r c / (1 − r (1 − c)).
    let value = |r: f64, c: f64| r * c / (1.0 - r * (1.0 - c));
    let (r, c) = (remission.2, cured.2);
    let want = vec![
        (remission.0.clone(), value(remission.1, c), value(remission.3, c)),
        (refractory.0.clone(), value(1.0 - refractory.1, c), value(1.0 - refractory.3, c)),
        (cured.0.clone(), value(r, cured.1), value(r, cured.3)),
        (relapse.0.clone(), value(r, 1.0 - relapse.1), value(r, 1.0 - relapse.3)),
    ];
    let json = report(&file, "cured", &[]);
    assert!(close(json["groups"][0]["base_value"].as_f64().unwrap(), value(r, c)));
    assert_eq!(json["outcome"]["kind"], "ending");
    assert_ranking(&ranked(&json), &by_swing(want));
    // Passing through relapse at least once: r (1 − c), the first pass's chance of it.
    let json = report(&file, "relapse", &[]);
    assert_eq!(json["outcome"]["kind"], "passing");
    let want = vec![
        (remission.0.clone(), remission.1 * (1.0 - c), remission.3 * (1.0 - c)),
        (refractory.0.clone(), (1.0 - refractory.1) * (1.0 - c), (1.0 - refractory.3) * (1.0 - c)),
        (cured.0.clone(), r * (1.0 - cured.1), r * (1.0 - cured.3)),
        (relapse.0.clone(), r * relapse.1, r * relapse.3),
    ];
    assert_ranking(&ranked(&json), &by_swing(want));
}

#[test]
fn the_other_branches_are_rescaled_in_proportion_to_their_bases() {
    let file = format!("{DIR}/three-branch.json");
    let f = figures(&file);
    let (complete, partial, none) = (&f[0], &f[1], &f[2]);
    assert_eq!((complete.2, partial.2, none.2, complete.3), (0.5, 0.3, 0.2, 0.6), "the fixture's bases");
    // Complete set to its high end, 0.6: the rest, 0.4, shared 0.3 : 0.2.
    let rest = 1.0 - complete.3;
    let partial_then = partial.2 * rest / (partial.2 + none.2);
    let none_then = none.2 * rest / (partial.2 + none.2);
    assert!(close(partial_then, 0.24) && close(none_then, 0.16));
    for (outcome, want) in [("partial", partial_then), ("none", none_then)] {
        let json = report(&file, outcome, &[]);
        let row = ranked(&json).into_iter().find(|r| r.0 == "p.treatment.complete").unwrap();
        assert!(close(row.2, want), "{outcome}: {row:?}, want {want}");
    }
    // And with complete at its low end, the others take 0.6 in the same proportion.
    let json = report(&file, "none", &[]);
    let row = ranked(&json).into_iter().find(|r| r.0 == "p.treatment.complete").unwrap();
    assert!(close(row.1, none.2 * (1.0 - complete.1) / (partial.2 + none.2)), "{row:?}");
}

#[test]
fn a_figure_without_a_base_is_an_error_naming_it_and_saying_how_to_add_one() {
    let file = format!("{DIR}/no-base.json");
    let (code, stdout, stderr) = run(&["sensitivity", &file, "--outcome", "cured"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    for words in [
        "p.treatment.cured, p.treatment.not_cured",
        r#"{ "low": 0.8, "high": 0.9, "base": 0.85 }"#,
        r#"{ "about": [0.8, 0.9], "base": 0.85 }"#,
        "--base midpoint",
    ] {
        assert!(stderr.contains(words), "{words}: {stderr}");
    }
}

#[test]
fn base_midpoint_says_so_on_the_first_line_and_uses_the_middle_of_each_range() {
    let file = format!("{DIR}/no-base.json");
    let text = stdout_of(&["sensitivity", &file, "--outcome", "cured", "--base", "midpoint"]);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("Base values: the middle of the range (--base midpoint)"), "{first}");
    assert!(first.contains("p.treatment.cured and p.treatment.not_cured"), "{first}");
    let json = report(&file, "cured", &["--base", "midpoint"]);
    assert_eq!(json["base_rule"], "midpoint");
    let file_json: Value = serde_json::from_str(&std::fs::read_to_string(root().join(&file)).unwrap()).unwrap();
    let p = &file_json["edges"][1]["probability"];
    let middle = (p["low"].as_f64().unwrap() + p["high"].as_f64().unwrap()) / 2.0;
    assert!(close(json["groups"][0]["base_value"].as_f64().unwrap(), middle));
    assert_eq!(json["figures"][0]["base_from"], "midpoint");
    let csv = stdout_of(&["sensitivity", &file, "--outcome", "cured", "--base", "midpoint", "--format", "csv"]);
    assert!(csv.starts_with("base_rule,"), "{csv}");
    assert_eq!(csv.lines().skip(1).filter(|l| l.starts_with("midpoint,")).count(), 2, "{csv}");
}

#[test]
fn base_values_that_do_not_add_up_to_one_are_an_error() {
    let text = std::fs::read_to_string(root().join(DIR).join("no-base.json")).unwrap();
    // Middles 0.3 and 0.6: 0.9.
    let text = text.replacen(r#""low": 0.3, "high": 0.5"#, r#""low": 0.1, "high": 0.5"#, 1);
    let (_dir, path) = common::temp_file("no-base.json", &text);
    let (code, _, stderr) = run(&["sensitivity", path.to_str().unwrap(), "--outcome", "cured", "--base", "midpoint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("the base values out of `treatment` add up to 0.9, not 1"), "{stderr}");
}

#[test]
fn an_unknown_outcome_names_the_closest_and_every_valid_one() {
    let (code, stdout, stderr) = run(&["sensitivity", &format!("{DIR}/chain.json"), "--outcome", "curd"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("--outcome `curd` is not an outcome of this pathway; did you mean `cured`?"), "{stderr}");
    assert!(
        stderr.contains(
            "Outcome nodes: refractory, cured, relapse; outcome categories: refractory, relapse, long_term_remission"
        ),
        "{stderr}"
    );
}

#[test]
fn a_chance_that_is_not_one_number_says_what_on_the_way_leaves_it_open() {
    // Ending in long-term remission at all: after a relapse, the salvage branches give no figure.
    let (code, _, stderr) =
        run(&["sensitivity", "pathways/adult-all.json", "--base", "midpoint", "--outcome", "long_term_remission"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("the chance of ending in long_term_remission is not one number at the base figures"));
    assert!(stderr.contains("branches with no figure lie on the way ("), "{stderr}");
    assert!(stderr.contains("give them figures or narrow --patient"), "{stderr}");
}

/// The ALL pathway's ranking for one class: (id, swing).
fn all_swings(json: &Value) -> Vec<Vec<(String, f64)>> {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["ranked"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| (r["id"].as_str().unwrap().to_string(), r["swing"].as_f64().unwrap()))
                .collect()
        })
        .collect()
}

#[test]
fn the_all_pathway_ranks_complete_remission_and_relapse_with_their_swings() {
    let args =
        ["sensitivity", "pathways/adult-all.json", "--base", "midpoint", "--outcome", "long_term_remission_first_line"];
    let text = stdout_of(&args);
    assert!(text.starts_with("Base values: the middle of the range (--base midpoint)"), "{text}");
    // From the file: complete remission about 80–90% (widened to 0.75–0.95, middle 0.85), no
    // relapse about 50% (0.45–0.55, base 0.5). Cure = remission × no relapse.
    let (remission, no_relapse) = ((0.75, 0.85, 0.95), (0.45, 0.5, 0.55));
    let remission_swing = (remission.2 - remission.0) * no_relapse.1;
    let relapse_swing = remission.1 * (no_relapse.2 - no_relapse.0);
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json: Value = serde_json::from_str(&stdout_of(&json_args)).unwrap();
    let groups = all_swings(&json);
    assert_eq!(groups.len(), 2, "standard and reduced induction");
    for (group, induction) in groups.iter().zip(["induction_standard", "induction_reduced"]) {
        let want = [
            (format!("p.{induction}.first_remission"), remission_swing),
            (format!("p.{induction}.refractory"), remission_swing),
            ("p.remission_after_first_line.long_term_remission_first_line".to_string(), relapse_swing),
            ("p.remission_after_first_line.relapse".to_string(), relapse_swing),
        ];
        assert_eq!(group.len(), want.len(), "{group:?}");
        for ((id, swing), (want_id, want_swing)) in group.iter().zip(&want) {
            assert_eq!(id, want_id);
            assert!(close(*swing, *want_swing), "{id}: {swing}");
        }
    }
    for line in [
        "p.induction_standard.first_remission                         0.75 → 37.5% (exact 0.375)   0.95 → 47.5% (exact 0.475)   10 points (exact 0.1)",
        "p.remission_after_first_line.relapse                         0.45 → 46.8% (exact 0.4675)  0.55 → 38.2% (exact 0.3825)  8.5 points (exact 0.085)",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert!(text.ends_with("Not medical advice: this shows a treatment pathway as its sources describe it.\n"));
}

/// Every `<text>` of an SVG, parsed as XML.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.text().unwrap_or_default().to_string()).collect()
}

#[test]
fn the_all_tornado_chart_is_xml_shows_both_figures_and_is_the_same_on_a_rerun() {
    let args = [
        "sensitivity",
        "pathways/adult-all.json",
        "--base",
        "midpoint",
        "--outcome",
        "long_term_remission_first_line",
        "--format",
        "svg",
    ];
    let svg = stdout_of(&args);
    assert_eq!(stdout_of(&args), svg, "same bytes on a rerun");
    let texts = svg_texts(&svg).join("\n");
    for words in [
        "chance of induction_standard → first_remission (Complete",
        "as stated: about 80–90% · p.induction_standard.first_remission",
        "chance of remission_after_first_line → relapse (Relapse)",
        "as stated: about 50% · p.remission_after_first_line.relapse",
        "Adult acute lymphocytic leukemia (ALL): one-way sensitivity",
        "The chance of ending at long_term_remission_first_line",
        "Base values: the middle of the range (--base midpoint)",
        "base 42.5%",
        "Not medical advice: this shows a treatment pathway as its sources describe it.",
    ] {
        assert!(texts.contains(words), "{words}:\n{texts}");
    }
    // Two charts, one per group of patients, each headed with its patients.
    assert_eq!(texts.matches("For: ").count(), 2, "{texts}");
}

#[test]
fn a_hostile_label_stays_escaped_in_svg_and_csv() {
    let file = format!("{DIR}/hostile.json");
    // The label's bidi override is an error (CP072) unless allowed.
    let (code, _, stderr) = run(&["sensitivity", &file, "--outcome", "cured"]);
    assert_eq!(code, 1, "{stderr}");
    let label = "CR <5% & \"early\", 'fast' \u{202e}gnp.exe";
    let base = ["sensitivity", file.as_str(), "--outcome", "cured", "--allow", "CP072"];
    let svg = stdout_of(&[&base[..], &["--format", "svg"]].concat());
    assert!(!svg.contains('\u{202e}') && svg.contains("&#x202E;"), "the override is a character reference");
    assert!(!svg.contains("<script>"), "no markup from a label");
    let texts = svg_texts(&svg);
    let words = texts.join(" ");
    assert!(words.contains(label), "the label reads back whole: {words}");
    assert!(words.contains("Cured </text><script>alert(1)</script>"), "{words}");
    let csv = stdout_of(&[&base[..], &["--format", "csv"]].concat());
    assert!(!csv.contains('\u{202e}'), "the override is shown, not sent");
    if let Some(table) = python_csv(&csv, "a_hostile_label_stays_escaped_in_svg_and_csv") {
        assert_eq!(table[0][5], "what");
        assert_eq!(table.len(), 3, "a header and two figures: {table:?}");
        assert_eq!(table[1][4], "p.treatment.cured");
        assert_eq!(table[1][5], "chance of treatment → cured (CR <5% & \"early\", 'fast' \\u{202e}gnp.exe)");
    }
}

#[test]
fn a_category_is_the_chance_of_ending_in_any_of_its_terminal_outcomes() {
    let file = format!("{DIR}/chain.json");
    let node = report(&file, "cured", &[]);
    for name in ["long_term_remission", "category:long_term_remission"] {
        let category = report(&file, name, &[]);
        assert_eq!(category["outcome"]["kind"], "category");
        assert_eq!(category["outcome"]["what"], "chance of ending in long_term_remission");
        // Cured is the category's one terminal outcome: the same table.
        assert_eq!(category["groups"], node["groups"], "{name}");
    }
}
