//! `carepath psa`: the command end to end on the hand-made fixtures of
//! `tests/fixtures/economics/psa/`: bit-identical output across runs and across
//! `RAYON_NUM_THREADS=1` and `2`, the samples' CSV (read back by Python's `csv` module; where
//! python3 is absent that check says `SKIP` and passes), the histogram SVG as XML, a hostile
//! label escaped, and the errors. The analytic means are checked in `src/economics/psa/tests.rs`.

mod common;

use common::{carepath, python_csv, root, temp_file};
use serde_json::Value;

const DIR: &str = "tests/fixtures/economics/psa";

fn run(args: &[&str], threads: &str) -> (i32, Vec<u8>, String) {
    let output = carepath().env("RAYON_NUM_THREADS", threads).args(args).output().unwrap();
    (output.status.code().unwrap(), output.stdout, String::from_utf8(output.stderr).unwrap())
}

fn stdout_of(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args, "2");
    assert_eq!(code, 0, "{args:?}: {stderr}");
    String::from_utf8(stdout).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_one_thread_and_on_two() {
    let file = format!("{DIR}/relapse-loop.json");
    for format in ["json", "csv", "text"] {
        let args = ["psa", file.as_str(), "--samples", "4000", "--seed", "42", "--format", format];
        let (one, two, again) = (run(&args, "1"), run(&args, "2"), run(&args, "2"));
        assert_eq!(one.0, 0, "{}", one.2);
        assert_eq!(one.1, two.1, "{format}: one thread and two differ");
        assert_eq!(two.1, again.1, "{format}: two runs differ");
    }
    let other = stdout_of(&["psa", &file, "--samples", "4000", "--seed", "43", "--format", "json"]);
    let first = stdout_of(&["psa", &file, "--samples", "4000", "--seed", "42", "--format", "json"]);
    assert_ne!(other, first, "another seed gives other samples");
}

#[test]
fn the_json_names_every_figure_and_its_role() {
    let file = format!("{DIR}/relapse-loop.json");
    let report: Value =
        serde_json::from_str(&stdout_of(&["psa", &file, "--samples", "500", "--format", "json"])).unwrap();
    assert_eq!((report["samples"].as_u64(), report["seed"].as_u64()), (Some(500), Some(1)));
    let roles: Vec<(String, String)> = report["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap().to_string(), f["role"].as_str().unwrap().to_string()))
        .collect();
    let want = [
        ("p.induction.remission", "drawn"),
        ("p.induction.refractory", "rescaled"),
        ("p.remission.cured", "drawn"),
        ("p.remission.relapse", "drawn"),
        ("duration.induction", "base"),
    ];
    assert_eq!(roles, want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(report["figures"][0]["distribution"], "uniform(0.6, 0.9)");
    assert_eq!(report["figures"][1]["with"], "p.induction.remission");
    let summaries = report["groups"][0]["summaries"].as_array().unwrap();
    let keys: Vec<&str> = summaries.iter().map(|s| s["quantity"].as_str().unwrap()).collect();
    assert_eq!(keys, ["ending:refractory", "ending:cured", "passing:remission", "passing:relapse", "months"]);
    for s in summaries {
        let (lo, med, hi) = (s["p2_5"].as_f64().unwrap(), s["median"].as_f64().unwrap(), s["p97_5"].as_f64().unwrap());
        assert!(lo <= med && med <= hi, "{s}");
    }
    assert!(report["note"].as_str().unwrap().contains("not bounds"));
}

#[test]
fn samples_out_writes_one_row_per_sample_with_a_column_per_figure_and_outcome() {
    let file = root().join(DIR).join("two-branch.json");
    let (_dir, out) = temp_file("samples.csv", "");
    let text = stdout_of(&[
        "psa",
        file.to_str().unwrap(),
        "--samples",
        "300",
        "--seed",
        "9",
        "--samples-out",
        out.to_str().unwrap(),
    ]);
    assert!(text.starts_with("Probabilistic sensitivity analysis: 300 samples, seed 9;"), "{text}");
    let csv = std::fs::read_to_string(&out).unwrap();
    let Some(table) = python_csv(&csv, "samples_out_writes_one_row_per_sample_with_a_column_per_figure_and_outcome")
    else {
        return;
    };
    assert_eq!(
        table[0],
        [
            "sample",
            "group",
            "p.treatment.cured",
            "p.treatment.not_cured",
            "duration.treatment",
            "ending:cured",
            "ending:not_cured",
            "months"
        ]
    );
    assert_eq!(table.len(), 301);
    for (i, row) in table.iter().skip(1).enumerate() {
        assert_eq!(row[0], (i + 1).to_string());
        let x: Vec<f64> = row[2..].iter().map(|c| c.parse().unwrap()).collect();
        // The two branches add up to 1; the outcome is the branch; the time is the duration.
        assert!((x[0] + x[1] - 1.0).abs() < 1e-11, "{row:?}");
        assert!((x[3] - x[0]).abs() < 1e-11 && (x[5] - x[2]).abs() < 1e-11, "{row:?}");
    }
}

fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.text().unwrap_or_default().to_string()).collect()
}

#[test]
fn the_histogram_is_xml_with_one_panel_per_outcome_or_the_one_asked_for() {
    let file = format!("{DIR}/relapse-loop.json");
    let svg = stdout_of(&["psa", &file, "--samples", "2000", "--format", "svg"]);
    let texts = svg_texts(&svg).join("\n");
    assert_eq!(texts.matches(": mean ").count(), 5, "{texts}");
    assert!(texts.contains("Not medical advice"), "{texts}");
    assert!(texts.contains("not bounds"), "{texts}");
    let one = stdout_of(&["psa", &file, "--samples", "2000", "--format", "svg", "--outcome", "cured"]);
    let texts = svg_texts(&one).join("\n");
    assert_eq!(texts.matches(": mean ").count(), 1, "{texts}");
    assert!(texts.contains("chance of ending at cured (Cured): mean"), "{texts}");
}

#[test]
fn a_hostile_label_stays_escaped() {
    let hostile = std::fs::read_to_string(root().join("tests/fixtures/economics/hostile.json")).unwrap();
    let drawn = hostile.replacen(
        r#""base": 0.4 }"#,
        r#""base": 0.4, "distribution": { "kind": "beta", "alpha": 4, "beta": 6 } }"#,
        1,
    );
    let (_dir, path) = temp_file("hostile.json", &drawn);
    let path = path.to_str().unwrap();
    let svg = stdout_of(&["psa", path, "--allow", "CP072", "--samples", "100", "--format", "svg"]);
    assert!(!svg.contains('\u{202e}') && !svg.contains("<script>"), "{svg}");
    let texts = svg_texts(&svg).join(" ");
    assert!(texts.contains("Cured </text><script>alert(1)</script>"), "{texts}");
    let text = stdout_of(&["psa", path, "--allow", "CP072", "--samples", "100"]);
    assert!(!text.contains('\u{202e}'), "the override is shown, not sent");
    let csv = stdout_of(&["psa", path, "--allow", "CP072", "--samples", "100", "--format", "csv"]);
    if let Some(table) = python_csv(&csv, "a_hostile_label_stays_escaped") {
        assert_eq!(table[0], ["group", "patients", "quantity", "what", "mean", "sd", "p2_5", "median", "p97_5"]);
        assert_eq!(table[1][3], "chance of ending at cured (Cured </text><script>alert(1)</script>)");
    }
}

#[test]
fn errors_say_what_to_do_and_exit_2() {
    let plain = "tests/fixtures/economics/two-branch.json";
    let (code, _, stderr) = run(&["psa", plain], "2");
    assert_eq!(code, 2);
    assert!(stderr.contains("no figure of this pathway declares a distribution"), "{stderr}");
    let (code, _, stderr) = run(&["psa", &format!("{DIR}/two-branch.json"), "--samples", "1"], "2");
    assert_eq!(code, 2);
    assert!(stderr.contains("--samples 1 is not between 2 and 10,000,000"), "{stderr}");
    let (code, _, stderr) =
        run(&["psa", &format!("{DIR}/two-branch.json"), "--outcome", "curd", "--format", "svg"], "2");
    assert_eq!(code, 2);
    assert!(stderr.contains("--outcome `curd` is not an outcome of this pathway; did you mean `cured`?"), "{stderr}");
    // The ALL pathway declares no distribution (its source gives none).
    let (code, _, stderr) = run(&["psa", "pathways/adult-all.json"], "2");
    assert_eq!(code, 2);
    assert!(stderr.contains("no figure of this pathway declares a distribution"), "{stderr}");
}

#[test]
fn a_branch_with_no_figure_on_the_way_is_named() {
    let file = format!("{DIR}/all-shaped.json");
    // Every decision of the fixture is fixed per class: eight classes, one chain each.
    let report: Value =
        serde_json::from_str(&stdout_of(&["psa", &file, "--samples", "200", "--format", "json"])).unwrap();
    assert_eq!(report["classes"].as_u64(), Some(8));
    // A figureless branch on the way is named.
    let text = std::fs::read_to_string(root().join(&file)).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    for edge in doc["edges"].as_array_mut().unwrap() {
        if edge["from"] == "clinical_trial" {
            edge.as_object_mut().unwrap().remove("probability");
        }
    }
    let (_dir, path) = temp_file("figureless.json", &serde_json::to_string_pretty(&doc).unwrap());
    let (code, _, stderr) = run(&["psa", path.to_str().unwrap(), "--samples", "10"], "2");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "the branch clinical_trial → remission_after_trial has no figure; every sample must give one number"
        ),
        "{stderr}"
    );
}
