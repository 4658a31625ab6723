//! Patient profiles end to end: `--patient` on `paths`, `outcomes` and `render` over the
//! ALL pathway, and clear usage errors for unknown factors and bad values.

mod common;

use common::*;
use predicates::prelude::*;

/// Every path of the ALL pathway for a profile, as JSON values.
fn paths_for(profile: &str) -> Vec<serde_json::Value> {
    let output = carepath()
        .args(["paths", "pathways/adult-all.json", "--format", "json", "--limit", "0", "--patient", profile])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    doc["paths"].as_array().unwrap().clone()
}

/// (node id, condition) of every component a path's phases include (the options of an option
/// set too), and its step ids.
fn components(path: &serde_json::Value) -> (Vec<(String, Option<String>)>, Vec<String>) {
    let steps = path["steps"].as_array().unwrap();
    let ids = steps.iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
    let included = steps
        .iter()
        .flat_map(|s| s["includes"].as_array().cloned().unwrap_or_default())
        .flat_map(|c| c["options"].as_array().cloned().unwrap_or_else(|| vec![c]))
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["condition"].as_str().map(str::to_string)))
        .collect();
    (included, ids)
}

#[test]
fn every_ph_positive_path_includes_a_tki_unconditionally() {
    let paths = paths_for("ph_positive=true");
    assert!(paths.len() > 100, "{} paths", paths.len());
    for path in &paths {
        let (included, _) = components(path);
        assert!(
            included.iter().any(|(id, condition)| id == "tki" && condition.is_none()),
            "path {} has no unconditional TKI",
            path["number"]
        );
    }
    // And without the profile the TKI is listed only `if ph_positive`.
    let (included, _) = components(&paths_for("lineage=B")[0]);
    assert!(included.contains(&("tki".to_string(), Some("ph_positive".to_string()))), "{included:?}");
}

#[test]
fn no_t_cell_path_offers_immunotherapy_after_relapse_and_no_b_cell_path_offers_nelarabine() {
    // The page offers a monoclonal antibody or CAR T cells after relapse to some people with
    // B-cell ALL, and nelarabine to people with T-cell ALL.
    let t = paths_for("lineage=T");
    let b = paths_for("lineage=B");
    assert!(!t.is_empty() && !b.is_empty());
    for (paths, banned) in [(&t, "salvage_immunotherapy"), (&b, "nelarabine")] {
        for path in paths.iter() {
            let (included, steps) = components(path);
            assert!(!included.iter().any(|(id, _)| id == banned), "path {} includes {banned}", path["number"]);
            assert!(!steps.iter().any(|id| id == banned), "path {} steps through {banned}", path["number"]);
        }
    }
    assert!(b.iter().any(|p| components(p).0.iter().any(|(id, _)| id == "salvage_immunotherapy")));
    assert!(t.iter().any(|p| components(p).0.iter().any(|(id, _)| id == "nelarabine")));
    // Blinatumomab in consolidation is "for some people" with no subtype named: it stays open to
    // every lineage (no drug assignment the page does not give).
    assert!(t.iter().any(|p| components(p).0.iter().any(|(id, c)| id == "blinatumomab" && c.is_none())));
}

#[test]
fn a_full_profile_narrows_decisions_to_one_branch() {
    // Older patients get reduced-dose induction, younger ones the standard one, never both.
    for (age, induction, other) in
        [("70", "induction_reduced", "induction_standard"), ("40", "induction_standard", "induction_reduced")]
    {
        let paths = paths_for(&format!("age={age},serious_comorbidity=false"));
        assert!(paths.iter().all(|p| components(p).1.iter().any(|id| id == induction)));
        assert!(paths.iter().all(|p| !components(p).1.iter().any(|id| id == other)));
    }
}

#[test]
fn bad_profiles_are_usage_errors_naming_the_problem() {
    carepath()
        .args(["paths", "pathways/adult-all.json", "--patient", "ph=true"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown factor `ph`"))
        .stderr(predicate::str::contains("ph_positive"));
    carepath()
        .args(["outcomes", "pathways/adult-all.json", "--patient", "lineage=X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lineage is one of B, T"));
    carepath()
        .args(["render", "pathways/adult-all.json", "--patient", "age=200"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("between 18 and 120"));
}

#[test]
fn outcomes_for_a_profile_keep_the_source_figures() {
    let output = carepath()
        .args(["outcomes", "pathways/adult-all.json", "--format", "json", "--patient", "ph_positive=true,lineage=T"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["profile"], serde_json::json!({ "lineage": "T", "ph_positive": "true" }));
    for class in doc["classes"].as_array().unwrap() {
        let terminal = class["outcomes"]["terminal"].as_array().unwrap();
        let first_line = terminal.iter().find(|t| t["id"] == "long_term_remission_first_line").unwrap();
        assert_eq!(
            (first_line["probability"]["low"].as_f64(), first_line["probability"]["high"].as_f64()),
            (Some(0.3375), Some(0.5225))
        );
    }
}

#[test]
fn render_with_a_patient_differs_from_the_plain_render() {
    for format in ["dot", "mermaid", "svg"] {
        let plain = carepath()
            .args(["render", "pathways/adult-all.json", "--engine", "builtin", "--format", format])
            .output()
            .unwrap();
        let patient = carepath()
            .args([
                "render",
                "pathways/adult-all.json",
                "--engine",
                "builtin",
                "--format",
                format,
                "--patient",
                "lineage=T,age=40",
            ])
            .output()
            .unwrap();
        assert_eq!((plain.status.code(), patient.status.code()), (Some(0), Some(0)));
        assert_ne!(plain.stdout, patient.stdout, "{format}");
    }
}
