//! The importer on the hand-written modules of tests/fixtures/synthea (every state type and
//! transition kind, and the traps of real modules), and on small modules written here.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::*;
use crate::model::{NodeKind, OutcomeCategory};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthea").join(name)
}

fn options() -> ImportOptions {
    ImportOptions { submodules: Some(fixture("modules")), ..ImportOptions::default() }
}

fn import(name: &str) -> Imported {
    import_file(&fixture(name), &options(), Path::new("out")).unwrap()
}

/// A module of `states` in a temporary file, imported.
fn import_states(states: serde_json::Value) -> Result<Imported, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.json");
    std::fs::write(&file, json!({"name": "M", "states": states}).to_string()).unwrap();
    import_file(&file, &ImportOptions::default(), Path::new("out"))
}

fn edges(one: &Imported) -> Vec<String> {
    one.pathway
        .edges
        .iter()
        .map(|e| {
            let mut s = format!("{} -> {}", e.from, e.to);
            if let Some(w) = &e.when {
                s.push_str(&format!(" [{w}]"));
            }
            if let Some(p) = &e.probability {
                s.push_str(&format!(" p={}", p.low));
            }
            s
        })
        .collect()
}

fn lines(one: &Imported, kind: LineKind) -> Vec<String> {
    one.report.lines.iter().filter(|l| l.kind == kind).map(|l| format!("{}: {}", l.state, l.text)).collect()
}

#[test]
fn a_self_loop_goes_through_a_repeat_step_and_chances_stay_exact() {
    let one = import("modules/small_loop.json");
    assert_eq!(
        edges(&one),
        [
            "initial -> monthly_wait",
            "monthly_wait -> rash_onset p=0.1",
            "monthly_wait_again -> monthly_wait",
            "monthly_wait -> monthly_wait_again p=0.9",
            "rash_onset -> rash_cream",
            "rash_cream -> terminal",
        ]
    );
    let again = &one.pathway.nodes[2];
    assert_eq!((again.kind, again.duration.map(|d| d.max)), (NodeKind::Phase, Some(0.0)));
    assert_eq!(one.report.validation, [0, 6, 0]);
    assert_eq!(one.pathway.nodes[5].outcome, Some(OutcomeCategory::Exit));
}

#[test]
fn the_cancer_module_inlines_its_submodule_and_keeps_what_conditions_read() {
    let one = import("modules/cancer_treatment.json");
    assert_eq!((one.pathway.nodes.len(), one.pathway.edges.len()), (26, 33));
    assert_eq!(one.report.submodules, ["example/surgery"]);
    assert_eq!(one.report.validation[0], 0);
    let e = edges(&one);
    for want in [
        "staging_scan_which_way -> staging_scan_which_way_chance_1 [gender == F]",
        "staging_scan_which_way_chance_1 -> set_stage_advanced p=0.3",
        "staging_scan_which_way -> staging_scan_which_way_chance_2 [else]",
        "treatment_choice -> surgery_tumor_resection [cancer_stage_set && cancer_stage == early]",
        "treatment_choice -> active_surveillance [else]",
        "surgery_tumor_resection -> surgery_pain_relief",
        "surgical_recovery -> treatment_complete",
        // The counted chemotherapy loop: both ways, no figure.
        "chemo_cycle_check -> chemo_cycle",
        "chemo_cycle_check -> treatment_complete",
        "death -> terminal",
    ] {
        assert!(e.contains(&want.to_owned()), "missing {want} in {e:#?}");
    }
    let death = one.pathway.nodes.iter().find(|n| n.id == "death").unwrap();
    assert_eq!(death.outcome, Some(OutcomeCategory::Death));
    let guard = one.pathway.nodes.iter().find(|n| n.id == "adult_guard").unwrap();
    assert_eq!((guard.kind, guard.duration), (NodeKind::Phase, None));
    let stage = one.pathway.factors.iter().find(|f| f.id == "cancer_stage").unwrap();
    assert_eq!(stage.values, ["advanced", "early", "other"]);
    assert_eq!(stage.label, "cancer stage (path history)");
    let follow_up = one.pathway.nodes.iter().find(|n| n.id == "remission_follow_up").unwrap().duration.unwrap();
    assert_eq!((follow_up.min, follow_up.max, follow_up.approximate), (4.0, 8.0, true));
    assert_eq!(
        lines(&one, LineKind::Approximated)[3],
        "Chemo_Cycle_Check: a loop that repeats a counted number of times (the module counts `chemo_cycles`): carepath cannot count along a path, so each way is kept with no figure; list the repeats with --max-visits"
    );
}

#[test]
fn traps_are_read_past_and_reported() {
    let one = import("modules/traps.json");
    assert_eq!(one.report.validation[0], 0, "{:#?}", one.diagnostics);
    // A 17-digit SNOMED CT code and a code typed as a number, both kept as strings, exactly.
    let onset = one.pathway.nodes.iter().find(|n| n.id == "drift_onset").unwrap();
    assert_eq!(onset.codes[0].code, "10828004100000005");
    assert_eq!(onset.codes[0].system, "http://snomed.info/sct");
    // A zero-width space in a state name is gone from the id and the label.
    assert!(one.pathway.nodes.iter().all(|n| !n.label.contains('\u{200b}') && n.id.is_ascii()));
    let e = edges(&one);
    assert!(e.contains(&"infant_check -> infant_wait [age < 6]".to_owned()), "{e:#?}");
    assert!(e.contains(&"outcome -> follow_up_6_months p=0.5".to_owned()), "{e:#?}");
    let age = one.pathway.factors.iter().find(|f| f.id == "age").unwrap();
    assert_eq!(age.unit.as_deref(), Some("months"));
    let short = one.pathway.nodes.iter().find(|n| n.id == "short_wait").unwrap().duration.unwrap();
    assert_eq!((short.min, short.max), (2.0, 5.0));
    assert_eq!(
        lines(&one, LineKind::Finding)[..3],
        [
            "Review_Route: its last option has a condition (`gender == M`) that not every remaining patient meets: Synthea's engine gives the others this option anyway",
            "Short_Wait: its range is written low 5, high 2 days: read as 2 to 5 days, as Synthea draws it",
            "Outcome: its chances add up to 0.95: Synthea's engine gives the missing 0.05 to the last option, “Follow Up (6 months)”",
        ]
    );
    assert!(lines(&one, LineKind::Finding)[3]
        .starts_with("Review_Route: no branch of decision `review_route` applies to: gender=F"));
    assert_eq!(
        lines(&one, LineKind::Unsupported),
        [
            "Era_Check: carepath has no patient factor for a `Date` condition: kept as the boolean factor `untranslated_date_1`, which stands for it",
            "Reading_Check: a threshold of 7.5 is not a whole number (carepath's integer factors): kept as the boolean factor `untranslated_observation_2`, which stands for it",
        ]
    );
    assert_eq!(
        lines(&one, LineKind::Note)[0],
        "Review_Route: the attribute `on_diet` is compared with the string \"true\", read as the boolean true"
    );
}

#[test]
fn first_match_order_and_engine_remainders() {
    let one = import_states(json!({
        "Initial": {"type": "Initial", "conditional_transition": [
            {"condition": {"condition_type": "Age", "operator": ">=", "quantity": 65, "unit": "years"}, "transition": "Old"},
            {"condition": {"condition_type": "Age", "operator": ">=", "quantity": 18, "unit": "years"}, "transition": "Adult"},
            {"condition": {"condition_type": "Gender", "gender": "F"}, "transition": "Child"}
        ]},
        "Old": {"type": "Simple", "distributed_transition": [
            {"distribution": 0.6, "transition": "End"}, {"distribution": 0.6, "transition": "Adult"}, {"distribution": 0.2, "transition": "Child"}
        ]},
        "Adult": {"type": "Terminal"},
        "Child": {"type": "Terminal"},
        "End": {"type": "Death"}
    }))
    .unwrap();
    assert_eq!(
        edges(&one),
        [
            "initial -> initial_which_way",
            "initial_which_way -> old [age >= 65]",
            "initial_which_way -> adult [age >= 18 && !(age >= 65)]",
            "initial_which_way -> child [else]",
            "old -> end p=0.6",
            "old -> adult p=0.4",
            "old -> child p=0",
        ]
    );
    assert_eq!(
        lines(&one, LineKind::Finding),
        [
            "Initial: its last option has a condition (`gender == F`) that not every remaining patient meets: Synthea's engine gives the others this option anyway",
            "Old: its chances add up to 1.4: Synthea's engine never reaches past 1, so in order its options get 0.6, 0.4, 0",
            "Initial: no branch of decision `initial_which_way` applies to: age=0, gender=M (Synthea's engine gives them the last option)",
        ]
    );
}

#[test]
fn modules_that_cannot_become_pathways_say_where() {
    let broken =
        import_file(&fixture("bad/unknown_target.json"), &ImportOptions::default(), Path::new("out")).unwrap_err();
    assert_eq!(broken.exit_code(), 1);
    assert!(
        broken.to_string().ends_with(
            ":11:13: state “Wait”: its transition goes to “Missing_State”, which is not a state of the module"
        ),
        "{broken}"
    );
    let not = import_file(&fixture("bad/not_a_module.json"), &ImportOptions::default(), Path::new("out")).unwrap_err();
    assert_eq!(not.exit_code(), 2);
    assert!(not.to_string().ends_with("not_a_module.json:1:1: not a Synthea module: it has no `states` object: a Synthea module names its states in `states`"), "{not}");
    let endless = import_states(json!({
        "Initial": {"type": "Initial", "direct_transition": "A"},
        "A": {"type": "Simple", "direct_transition": "B"},
        "B": {"type": "Simple", "direct_transition": "A"}
    }))
    .unwrap_err();
    assert!(
        endless.to_string().contains("the states “A” → “B” pass on to one another with no step between"),
        "{endless}"
    );
}

#[test]
fn a_submodule_not_found_is_a_phase_of_unknown_length_and_reported() {
    let one =
        import_file(&fixture("modules/cancer_treatment.json"), &ImportOptions::default(), Path::new("out")).unwrap();
    let call = one.pathway.nodes.iter().find(|n| n.id == "surgery").unwrap();
    assert_eq!((call.kind, call.duration), (NodeKind::Phase, None));
    assert_eq!(
        lines(&one, LineKind::Unsupported),
        ["Surgery: calls the submodule `example/surgery`, not imported: no --submodules folder given"]
    );
}

#[test]
fn unset_attributes_fall_through_and_ages_in_years_are_said_in_months() {
    // Synthea compares an attribute with no value as false (but `is nil`), and compares the
    // whole years of age: `<= 2` years is up to 35 months.
    let one = import_states(json!({
        "Initial": {"type": "Initial", "conditional_transition": [
            {"condition": {"condition_type": "Attribute", "attribute": "smoker", "operator": "==", "value": true}, "transition": "A"},
            {"condition": {"condition_type": "Attribute", "attribute": "smoker", "operator": "==", "value": false}, "transition": "B"},
            {"transition": "C"}
        ]},
        "A": {"type": "Simple", "conditional_transition": [
            {"condition": {"condition_type": "Age", "operator": "<", "quantity": 6, "unit": "months"}, "transition": "B"},
            {"condition": {"condition_type": "Age", "operator": "<=", "quantity": 2, "unit": "years"}, "transition": "C"},
            {"transition": "D"}
        ]},
        "B": {"type": "Death"},
        "C": {"type": "Death", "direct_transition": "D"},
        "D": {"type": "Terminal"}
    }))
    .unwrap();
    let e = edges(&one);
    for want in [
        "initial_which_way -> a [smoker_set && smoker]",
        "initial_which_way -> b [smoker_set && !smoker && !(smoker_set && smoker)]",
        "initial_which_way -> c [else]",
        "a -> b [age < 6]",
        "a -> c [age <= 35 && !(age < 6)]",
    ] {
        assert!(e.contains(&want.to_owned()), "missing {want} in {e:#?}");
    }
    // A death with no delay ends the path: its transition is never taken.
    assert!(!e.iter().any(|x| x.starts_with("c -> ")), "{e:#?}");
    assert_eq!(one.report.validation[0], 0, "{:#?}", one.diagnostics);
}

#[test]
fn the_same_file_gives_the_same_bytes() {
    assert_eq!(import("modules/traps.json").text, import("modules/traps.json").text);
}
