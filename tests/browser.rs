//! The explorer page in a real browser. The pages are built by the binary into a temporary
//! folder; for each profile (given in the URL fragment) `carepath paths --patient ...` says what
//! the page must show (the count, the paths and so the highlighted nodes), and
//! `tests/browser/explorer.js` checks it in headless Chromium through playwright-core, with a
//! hostile pathway's page too. Skips with `SKIP: <reason>` when Node, the npm dependencies
//! (`npm ci`) or Chromium are absent; `.ci/run` installs them.
//!
//! The patient summary is printed to PDF there too (`tests/browser/summary-print.js`), and its
//! Letter pages counted: at most two for each of four profiles.
//!
//! `CAREPATH_SHOTS=DIR` keeps the screenshots (and the summaries' PDFs) there; `CAREPATH_CHROMIUM` names another browser.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{browser_tools, carepath, root};
use serde_json::{json, Value};

const ALL: &str = "pathways/adult-all.json";

/// `carepath paths ALL --patient P` (P from a fragment) as (count, each path's node ids).
fn expected(fragment: &str) -> (u64, Vec<Vec<String>>) {
    let patient: Vec<String> =
        if fragment.is_empty() { Vec::new() } else { vec!["--patient".into(), fragment.replace('&', ",")] };
    let count = carepath().args(["paths", ALL, "--count"]).args(&patient).output().unwrap();
    assert!(count.status.success(), "{}", String::from_utf8_lossy(&count.stderr));
    let count: u64 = String::from_utf8_lossy(&count.stdout).trim().parse().unwrap();
    let listed = carepath().args(["paths", ALL, "--format", "json", "--limit", "0"]).args(&patient).output().unwrap();
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let doc: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let paths: Vec<Vec<String>> = doc["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["steps"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect())
        .collect();
    assert_eq!(paths.len() as u64, count, "{fragment}: the listing and the count agree");
    (count, paths)
}

/// One profile the page is opened with: its fragment, the fragment's part that carepath reads
/// (without what the page must ignore), and what the message must name.
struct Case {
    name: &'static str,
    shot: &'static str,
    fragment: &'static str,
    known: &'static str,
    ignored: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case { name: "every patient (empty profile)", shot: "explorer-empty", fragment: "", known: "", ignored: &[] },
    Case {
        name: "Ph+ B-cell, 45",
        shot: "explorer-ph-b-45",
        fragment: "ph_positive=true&lineage=B&age=45",
        known: "ph_positive=true&lineage=B&age=45",
        ignored: &[],
    },
    Case { name: "age 70", shot: "explorer-age-70", fragment: "age=70", known: "age=70", ignored: &[] },
    Case {
        name: "high risk, sibling donor, no transplant",
        shot: "explorer-high-risk",
        fragment: "high_risk=true&sibling_donor=true&transplant_candidate=false",
        known: "high_risk=true&sibling_donor=true&transplant_candidate=false",
        ignored: &[],
    },
    Case {
        name: "late relapse, other serious illness",
        shot: "explorer-late-ill",
        fragment: "relapse_timing=late&serious_comorbidity=true",
        known: "relapse_timing=late&serious_comorbidity=true",
        ignored: &[],
    },
    Case {
        name: "every factor set",
        shot: "explorer-full",
        fragment: "ph_positive=false&lineage=T&age=30&serious_comorbidity=false&cns_involvement=true&high_risk=true\
                   &sibling_donor=false&kmt2a_mutation=false&relapse_timing=early&transplant_candidate=true",
        known: "ph_positive=false&lineage=T&age=30&serious_comorbidity=false&cns_involvement=true&high_risk=true\
                &sibling_donor=false&kmt2a_mutation=false&relapse_timing=early&transplant_candidate=true",
        ignored: &[],
    },
    Case {
        name: "an unknown key and a value out of bounds",
        shot: "explorer-unknown-key",
        fragment: "no_such_factor=1&lineage=B&age=500",
        known: "lineage=B",
        ignored: &["no_such_factor", "500"],
    },
];

/// Checks per case, in the interaction part and in the hostile part (as explorer.js counts).
const CHECKS_PER_CASE: usize = 9;
const INTERACT_CHECKS: usize = 5;
const HOSTILE_CHECKS: usize = 6;

fn file_url(path: &Path, fragment: &str) -> String {
    let mut url = format!("file://{}", path.display());
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

#[test]
fn the_explorer_page_shows_each_profile_in_chromium() {
    let chromium = match browser_tools(&["playwright-core"]) {
        Ok(chromium) => chromium,
        Err(reason) => {
            println!("SKIP: {reason}");
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let built = carepath().args(["build", "--out"]).arg(&out).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let hostile_out = tmp.path().join("hostile");
    // The hostile fixture breaks CP048 (values no condition can name) and CP072 (bidi overrides)
    // on purpose: allowed here, so the page itself must hold.
    let built = carepath()
        .args(["build", "--pathways", "tests/fixtures/hostile", "--allow", "CP048", "--allow", "CP072", "--out"])
        .arg(&hostile_out)
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));

    let page = out.join("adult-all.html");
    let factors: Vec<String> = {
        let p: Value = serde_json::from_str(&common::all_pathway()).unwrap();
        p["factors"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
    };
    let full = CASES.iter().find(|c| c.shot == "explorer-full").unwrap();
    for f in &factors {
        assert!(full.fragment.split('&').any(|kv| kv.split('=').next() == Some(f)), "the full profile sets {f}");
    }
    let mut cases = Vec::new();
    for case in CASES {
        let (count, paths) = expected(case.known);
        let nodes: Vec<&String> = paths.iter().flatten().collect();
        cases.push(json!({
            "name": case.name, "shot": case.shot, "url": file_url(&page, case.fragment),
            "count": count, "nodes": nodes, "paths": paths, "ignored": case.ignored,
        }));
    }
    let (total, _) = expected("");
    let (t_cell, _) = expected("lineage=T");
    let shots = std::env::var_os("CAREPATH_SHOTS").map(PathBuf::from);
    if let Some(dir) = &shots {
        std::fs::create_dir_all(dir).unwrap();
    }
    let plan = json!({
        "chromium": chromium,
        "cases": cases,
        "interact": { "url": file_url(&page, ""), "factor": "lineage", "value": "T", "count": t_cell, "total": total },
        "hostile": { "url": file_url(&hostile_out.join("hostile-page.html"), "") },
        "shots": shots,
    });
    let plan_path = tmp.path().join("plan.json");
    std::fs::write(&plan_path, serde_json::to_vec_pretty(&plan).unwrap()).unwrap();
    let run =
        Command::new("node").arg("tests/browser/explorer.js").arg(&plan_path).current_dir(root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}");
    assert!(run.status.success(), "the browser test failed:\n{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    let checks = CASES.len() * CHECKS_PER_CASE + INTERACT_CHECKS + HOSTILE_CHECKS;
    assert_eq!(stdout.lines().last(), Some(format!("{checks} passed, 0 failed").as_str()));
}

/// The patient summary prints on at most `max_pages` Letter pages for each profile: the four
/// profiles docs/summary.md measures, the full one on a single page.
const PRINTED: &[(&str, &str, &str, usize)] = &[
    ("every patient (empty profile)", "summary-empty", "", 2),
    ("Ph+ B-cell, 45", "summary-ph-b-45", "ph_positive=true,lineage=B,age=45", 2),
    ("T-cell, 70", "summary-t-70", "lineage=T,age=70", 2),
    (
        "every factor set",
        "summary-full",
        "ph_positive=true,lineage=T,age=66,serious_comorbidity=true,cns_involvement=false,high_risk=true,\
         sibling_donor=true,kmt2a_mutation=false,relapse_timing=early,transplant_candidate=true",
        2,
    ),
];

#[test]
fn the_patient_summary_prints_on_at_most_two_letter_pages() {
    let chromium = match browser_tools(&["playwright-core"]) {
        Ok(chromium) => chromium,
        Err(reason) => {
            println!("SKIP: {reason}");
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for &(name, shot, profile, max_pages) in PRINTED {
        let html = tmp.path().join(format!("{shot}.html"));
        let mut cmd = carepath();
        cmd.args(["summary", ALL, "--format", "html", "-o"]).arg(&html);
        if !profile.is_empty() {
            cmd.args(["--patient", profile]);
        }
        let run = cmd.output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        cases.push(json!({ "name": name, "shot": shot, "url": file_url(&html, ""), "max_pages": max_pages }));
    }
    let shots = std::env::var_os("CAREPATH_SHOTS").map(PathBuf::from);
    if let Some(dir) = &shots {
        std::fs::create_dir_all(dir).unwrap();
    }
    let plan = json!({ "chromium": chromium, "cases": cases, "shots": shots });
    let plan_path = tmp.path().join("plan.json");
    std::fs::write(&plan_path, serde_json::to_vec_pretty(&plan).unwrap()).unwrap();
    let run = Command::new("node")
        .arg("tests/browser/summary-print.js")
        .arg(&plan_path)
        .current_dir(root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}");
    assert!(
        run.status.success(),
        "the summary does not print as short as it should:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(stdout.lines().last(), Some(format!("{} passed, 0 failed", PRINTED.len()).as_str()));
}
