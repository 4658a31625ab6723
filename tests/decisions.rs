//! CLI tests of the decision rules on copies of the adult ALL pathway with one thing broken:
//! a removed branch (CP045), a copied condition (CP046) and an enum typo (CP042).

use assert_cmd::Command;
use serde_json::Value;

/// (code, line, column, message) of every decision/condition diagnostic (CP040–CP049,
/// CP063) `carepath validate --format json` reports for `path`, and the exit code.
fn decision_diagnostics(path: &str) -> (i32, Vec<(String, u64, u64, String)>) {
    let output = Command::cargo_bin("carepath").unwrap().args(["validate", "--format", "json", path]).output().unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let diags = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let code = d["code"].as_str().unwrap();
            code.starts_with("CP04") || code == "CP063"
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (output.status.code().unwrap(), diags)
}

fn diag(code: &str, line: u64, column: u64, message: &str) -> (String, u64, u64, String) {
    (code.to_string(), line, column, message.to_string())
}

#[test]
fn adult_all_validates_clean_with_warnings_denied() {
    Command::cargo_bin("carepath").unwrap().args(["validate", "pathways", "--deny-warnings"]).assert().success();
    assert_eq!(decision_diagnostics("pathways/adult-all.json"), (0, vec![]));
}

#[test]
fn removed_branch_is_non_exhaustive_with_a_counterexample() {
    // The chemotherapy branch of consolidation_approach is gone: high_risk=false patients have no next step
    // (and sibling_donor, tested only there, is now unused).
    assert_eq!(
        decision_diagnostics("tests/fixtures/decisions/missing-branch/adult-all.json"),
        (
            1,
            vec![
                diag("CP063", 120, 13, "factor `sibling_donor` is declared but no condition uses it"),
                diag("CP045", 475, 5, "no branch of decision `consolidation_approach` applies to: high_risk=false"),
            ]
        )
    );
}

#[test]
fn copied_condition_overlaps_and_leaves_a_gap() {
    // relapse_approach's early branch got the late branch's condition.
    assert_eq!(
        decision_diagnostics("tests/fixtures/decisions/overlap/adult-all.json"),
        (
            1,
            vec![
                diag("CP045", 740, 5, "no branch of decision `relapse_approach` applies to: relapse_timing=early"),
                diag(
                    "CP046",
                    1692,
                    15,
                    "branches to `reinduction_similar` and `reinduction_intensive` of decision `relapse_approach` \
                     both apply to: relapse_timing=late"
                ),
            ]
        )
    );
}

#[test]
fn enum_typo_lists_the_allowed_values() {
    assert_eq!(
        decision_diagnostics("tests/fixtures/decisions/enum-typo/adult-all.json"),
        (1, vec![diag("CP042", 1393, 27, "`b` is not a value of `lineage`, which is one of B, T; did you mean `B`?")])
    );
}

#[test]
fn github_format_points_at_the_character() {
    let output = Command::cargo_bin("carepath")
        .unwrap()
        .args(["validate", "--format", "github", "tests/fixtures/decisions/enum-typo/adult-all.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.lines().any(|l| l.starts_with(
            "::error file=tests/fixtures/decisions/enum-typo/adult-all.json,line=1393,col=27,title=CP042"
        )),
        "{stdout}"
    );
}
