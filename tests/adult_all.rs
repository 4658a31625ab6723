//! The ALL pathway says what its source says: the figures the page gives, reproduced exactly
//! under the file's "about" convention for every patient class, and the structural promises of
//! issue 13 (no probability lost, no duplicate treatments, consolidation chemotherapy open to
//! high-risk patients with a sibling donor, no transplant with a made-up length).

mod common;

use std::collections::BTreeMap;

use common::carepath;
use serde_json::Value;

const ALL: &str = "pathways/adult-all.json";

fn json_of(args: &[&str]) -> Value {
    let output = carepath().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// (low, high) of an outcome's probability in one class's report, by list and id.
fn bounds(outcomes: &Value, list: &str, id: &str) -> (f64, f64) {
    let entry = outcomes[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no `{id}` in {list}"));
    (entry["probability"]["low"].as_f64().unwrap(), entry["probability"]["high"].as_f64().unwrap())
}

fn classes() -> Vec<Value> {
    let doc = json_of(&["outcomes", ALL, "--format", "json"]);
    let classes = doc["classes"].as_array().unwrap().clone();
    assert!(classes.len() > 1, "the ALL pathway has several patient classes");
    classes
}

#[test]
fn the_pages_figures_hold_for_every_patient_class() {
    for class in classes() {
        let o = &class["outcomes"];
        let who = &class["patients"];
        // About 80-90% complete remission: 0.80-0.90 widened by the file's 0.05 tolerance.
        assert_eq!(bounds(o, "passing_through", "first_remission"), (0.75, 0.95), "{who}");
        // About 10-20% refractory.
        assert_eq!(bounds(o, "passing_through", "refractory"), (0.05, 0.25), "{who}");
        // About half of those in remission relapse: 0.45-0.55 of [0.75, 0.95].
        assert_eq!(bounds(o, "passing_through", "relapse"), (0.3375, 0.5225), "{who}");
        // Cure after first-line treatment = remission × no relapse = [0.75 × 0.45, 0.95 × 0.55],
        // which holds the page's "in the range of 40%".
        let cure = bounds(o, "terminal", "long_term_remission_first_line");
        assert_eq!(cure, (0.3375, 0.5225), "{who}");
        assert!(cure.0 <= 0.35 && 0.45 <= cure.1, "the page's about 40% lies within {cure:?}");
    }
}

#[test]
fn no_patient_class_loses_probability_mass() {
    for class in classes() {
        let none = &class["outcomes"]["no_terminal"];
        assert_eq!((none["low"].as_f64(), none["high"].as_f64()), (Some(0.0), Some(0.0)), "{}", class["patients"]);
    }
}

#[test]
fn the_caveats_are_printed_beside_the_figures() {
    let text = String::from_utf8(carepath().args(["outcomes", ALL]).output().unwrap().stdout).unwrap();
    let caveats = text.lines().filter(|l| l.starts_with("Caveat: ")).count();
    assert!(caveats >= 2, "caveats printed: {caveats}\n{text}");
    assert!(text.contains("Younger patients"), "the age caveat");
}

#[test]
fn high_risk_patients_with_a_sibling_donor_can_still_receive_consolidation_chemotherapy() {
    let output = carepath()
        .args(["paths", ALL, "--patient", "high_risk=true,sibling_donor=true", "--through", "consolidation", "--count"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let count: u64 = String::from_utf8(output.stdout).unwrap().trim().parse().unwrap();
    assert!(count > 0, "no consolidation chemotherapy for high-risk patients with a sibling donor");
}

/// Every listed path of the ALL pathway (there are a few hundred).
fn paths() -> Vec<Value> {
    let doc = json_of(&["paths", ALL, "--format", "json", "--limit", "0"]);
    let paths = doc["paths"].as_array().unwrap().clone();
    assert_eq!(paths.len() as u64, doc["total"].as_u64().unwrap(), "every path listed");
    paths
}

#[test]
fn no_transplant_path_reports_a_closed_time_on_treatment() {
    let pathway: Value = serde_json::from_str(&std::fs::read_to_string(common::root().join(ALL)).unwrap()).unwrap();
    let transplants: Vec<&str> = pathway["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["modality"] == "transplant")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(!transplants.is_empty());
    let mut through = 0;
    for path in paths() {
        let steps = path["steps"].as_array().unwrap();
        let on_path = |id: &str| {
            steps
                .iter()
                .any(|s| s["id"] == id || s["includes"].as_array().is_some_and(|c| c.iter().any(|c| mentions(c, id))))
        };
        if transplants.iter().any(|t| on_path(t)) {
            through += 1;
            let undated = path["duration_months"]["undated_steps"].as_u64().unwrap();
            assert!(undated > 0, "path {} goes through a transplant with a closed time", path["number"]);
        }
    }
    assert!(through > 0, "some path goes through a transplant");
}

/// Whether a listed component (an intervention, or an option set's options) is `id`.
fn mentions(component: &Value, id: &str) -> bool {
    component["id"] == id || component["options"].as_array().is_some_and(|o| o.iter().any(|c| mentions(c, id)))
}

#[test]
fn no_two_listed_paths_give_the_same_treatment() {
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for path in paths() {
        // The treatment: the steps other than outcome markers, with their components, and the
        // conditions the path holds for.
        let steps: Vec<&Value> = path["steps"].as_array().unwrap().iter().filter(|s| s["kind"] != "outcome").collect();
        let key = serde_json::to_string(&(steps, &path["conditions"])).unwrap();
        let number = path["number"].as_u64().unwrap();
        if let Some(first) = seen.insert(key, number) {
            panic!("paths {first} and {number} give the same treatment");
        }
    }
}
