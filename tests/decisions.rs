//! CLI tests of the decision rules on copies of the adult ALL pathway with one thing broken:
//! a removed branch (CP045), a copied condition (CP046) and an enum typo (CP042). Positions are
//! computed from the mutated text, so the tests follow the pathway as it evolves.

mod common;

use common::*;

/// Decision and condition diagnostics (CP040–CP049, CP063) of a file, and the exit code.
fn decision_diagnostics(text: &str) -> (i32, Vec<(String, u64, u64, String)>) {
    let (_dir, path) = temp_file("adult-all.json", text);
    let (code, diags) = validate_json(&path, &[]);
    (code, diags.into_iter().filter(|d| d.0.starts_with("CP04") || d.0 == "CP063").collect())
}

fn diag(code: &str, line: u64, column: u64, message: &str) -> (String, u64, u64, String) {
    (code.to_string(), line, column, message.to_string())
}

#[test]
fn adult_all_validates_clean_with_warnings_denied() {
    carepath().args(["validate", "pathways", "--deny-warnings"]).assert().success();
    assert_eq!(decision_diagnostics(&all_pathway()), (0, vec![]));
}

#[test]
fn removed_branch_is_non_exhaustive_with_a_counterexample() {
    // The chemotherapy branch of consolidation_approach is gone: patients who are not at high
    // risk and have no sibling donor have no next step (the transplant branches need one of them).
    let all = all_pathway();
    let start = all.find("\"from\": \"consolidation_approach\",\n      \"to\": \"consolidation\",").unwrap();
    let open = all[..start].rfind("    {").unwrap();
    let close = start + all[start..].find("    },\n").unwrap() + "    },\n".len();
    let text = format!("{}{}", &all[..open], &all[close..]);
    let (code, diags) = decision_diagnostics(&text);
    assert_eq!(code, 1);
    assert_eq!(
        diags,
        vec![diag(
            "CP045",
            line_of(&text, "\"id\": \"consolidation_approach\""),
            13,
            "no branch of decision `consolidation_approach` applies to: high_risk=false, sibling_donor=false"
        )]
    );
}

#[test]
fn copied_condition_overlaps_and_leaves_a_gap() {
    // relapse_approach's early branch got the late branch's condition.
    let text =
        replace_once(&all_pathway(), "\"when\": \"relapse_timing == early\"", "\"when\": \"relapse_timing == late\" ");
    let (code, diags) = decision_diagnostics(&text);
    assert_eq!(code, 1);
    assert_eq!(
        diags,
        vec![
            diag(
                "CP045",
                line_of(&text, "\"id\": \"relapse_approach\""),
                13,
                "no branch of decision `relapse_approach` applies to: relapse_timing=early"
            ),
            diag(
                "CP046",
                line_of(&text, "\"relapse_timing == late\" "),
                15,
                "branches to `reinduction_similar` and `reinduction_intensive` of decision `relapse_approach` \
                 both apply to: relapse_timing=late"
            ),
        ]
    );
}

/// The ALL pathway with `lineage == b` on the first edge that tests `lineage == B`.
fn enum_typo() -> String {
    let all = all_pathway();
    let at = all.find("\"when\": \"lineage == B\"").unwrap();
    format!("{}\"when\": \"lineage == b\"{}", &all[..at], &all[at + "\"when\": \"lineage == B\"".len()..])
}

#[test]
fn enum_typo_lists_the_allowed_values() {
    let text = enum_typo();
    let (line, column) =
        (line_of(&text, "lineage == b"), column_of(&text, "lineage == b") + "lineage == ".len() as u64);
    assert_eq!(
        decision_diagnostics(&text),
        (
            1,
            vec![diag(
                "CP042",
                line,
                column,
                "`b` is not a value of `lineage`, which is one of B, T; did you mean `B`?"
            )]
        )
    );
}

#[test]
fn github_format_points_at_the_character() {
    let text = enum_typo();
    let (_dir, path) = temp_file("adult-all.json", &text);
    let output = carepath().args(["validate", "--format", "github"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let expected = format!(
        "line={},col={},title=CP042 unknown-value::`b` is not a value of `lineage`",
        line_of(&text, "lineage == b"),
        column_of(&text, "lineage == b") + 11
    );
    assert!(stdout.lines().any(|l| l.starts_with("::error ") && l.contains(&expected)), "{stdout}");
}
