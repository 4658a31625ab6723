//! `carepath validate` end to end: exit codes, exact positions, output formats, and the
//! acceptance scenarios of the foundation and validation issues on copies of the ALL pathway.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn the_all_pathway_is_clean_even_with_deny_warnings() {
    // Without the source's text its 341 anchors go unchecked (one CP086 note) and six phases
    // have no duration in the source (CP054 notes): nothing fails.
    carepath()
        .args(["validate", "--deny-warnings", "pathways"])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("0 errors, 0 warnings, 7 notes in 1 file\n"));
    // With it (CI has it beside the clone), every anchor is found in the words of the page.
    let sources = root().join("../shared/sources");
    if !sources.join("acs-adult-all-treatment.txt").is_file() {
        eprintln!("SKIP: {} not found; the anchors of the ALL pathway are not checked here", sources.display());
        return;
    }
    carepath()
        .args(["validate", "--deny-warnings", "--source-dir"])
        .arg(&sources)
        .arg("pathways")
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("0 errors, 0 warnings, 6 notes in 1 file\n"));
}

#[test]
fn an_anchor_changed_by_one_character_fails_at_its_line_and_column() {
    let sources = root().join("../shared/sources");
    if !sources.join("acs-adult-all-treatment.txt").is_file() {
        eprintln!("SKIP: {} not found; cannot check anchors", sources.display());
        return;
    }
    // One anchor of the ALL pathway re-computed over its words with one character changed (the
    // words are read from the page at run time, never kept in the repository): as if the
    // source had been revised under the claim.
    let all = all_pathway();
    let old = "\"anchor\": {\"sha256\": \"aea18b7326729518\", \"chars\": 36}";
    let at = all.find(old).unwrap();
    let page = std::fs::read_to_string(sources.join("acs-adult-all-treatment.txt")).unwrap();
    let doc = carepath::citation::document::SourceDocument::parse(&page);
    let (start, end) = doc.find_anchor("aea18b7326729518", 36).unwrap();
    let mut words: Vec<char> = doc.text()[start..end].chars().collect();
    words[0] = if words[0] == 'x' { 'y' } else { 'x' };
    let (sha256, chars) = carepath::citation::normalize::fingerprint(&words.into_iter().collect::<String>());
    assert_eq!(chars, 36);
    let changed = format!("\"anchor\": {{\"sha256\": \"{sha256}\", \"chars\": {chars}}}");
    let text = format!("{}{}{}", &all[..at], changed, &all[at + old.len()..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("adult-all.json");
    std::fs::write(&path, &text).unwrap();
    let source_dir = sources.display().to_string();
    let (code, diags) = validate_json(&path, &["--source-dir", &source_dir]);
    assert_eq!(code, 1);
    let line = text[..at].lines().count() as u64;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    let found: Vec<_> = diags.iter().filter(|d| d.0 == "CP083").map(|d| (d.1, d.2)).collect();
    assert_eq!(found.len(), 1, "{diags:?}");
    assert_eq!(found[0].0, line, "{diags:?}");
    assert!(found[0].1 >= column, "the finding points into the anchor: {diags:?}");
}

#[test]
fn default_path_is_pathways() {
    carepath().arg("validate").assert().code(0).stdout(predicate::str::contains("in 1 file"));
}

#[test]
fn doubled_comma_is_a_syntax_error_at_its_column() {
    let text = replace_once(&all_pathway(), "\"id\": \"adult-all\",", "\"id\": \"adult-all\",,");
    let (_dir, path) = temp_file("adult-all.json", &text);
    let (code, diags) = validate_json(&path, &[]);
    assert_eq!(code, 1);
    let line = line_of(&text, ",,");
    let column = column_of(&text, ",,") + 1; // the second comma
    assert_eq!(diags, vec![("CP001".into(), line, column, "key must be a string".into())]);
    // The human format names file:line:column.
    carepath()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("adult-all.json:{line}:{column}")))
        .stdout(predicate::str::contains("CP001(json-syntax)"));
}

#[test]
fn edge_to_unknown_node_names_the_id_and_the_line() {
    let text = replace_once(
        &all_pathway(),
        "\"from\": \"remission_after_first_line\",\n      \"to\": \"relapse\",",
        "\"from\": \"remission_after_first_line\",\n      \"to\": \"relapse_typo\",",
    );
    let (_dir, path) = temp_file("adult-all.json", &text);
    let (code, diags) = validate_json(&path, &[]);
    assert_eq!(code, 1);
    let line = line_of(&text, "\"to\": \"relapse_typo\"");
    let column = column_of(&text, "\"relapse_typo\"");
    assert!(
        diags.contains(&(
            "CP011".into(),
            line,
            column,
            "edge `remission_after_first_line` → `relapse_typo`: `to` names no node: `relapse_typo`".into()
        )),
        "{diags:?}"
    );
    assert!(diags.iter().all(|d| d.0 != "CP052"), "an unknown target must not distort probability sums: {diags:?}");
}

/// The ALL pathway with a second node `vincristine` inserted first in `nodes`.
fn with_duplicate_vincristine() -> String {
    replace_once(
        &all_pathway(),
        "  \"nodes\": [\n",
        "  \"nodes\": [\n    {\"id\": \"vincristine\", \"kind\": \"intervention\", \"label\": \"Vincristine again\", \"sources\": [{\"source\": \"acs\", \"section\": \"Induction\"}]},\n",
    )
}

#[test]
fn duplicate_node_id_is_named() {
    let text = with_duplicate_vincristine();
    let (_dir, path) = temp_file("adult-all.json", &text);
    let (code, diags) = validate_json(&path, &[]);
    assert_eq!(code, 1);
    let errors: Vec<_> = diags.iter().filter(|d| d.0 != "CP054" && d.0 != "CP086").collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    // The first `vincristine` is the inserted one; the original (one line lower now) is the duplicate.
    let first_line = line_of(&text, "\"label\": \"Vincristine again\"");
    let second_line = line_of(&all_pathway(), "\"id\": \"vincristine\",") + 1;
    assert_eq!(
        *errors[0],
        (
            "CP010".to_string(),
            second_line,
            13,
            format!("duplicate node id `vincristine`: already defined at line {first_line}")
        )
    );
}

#[test]
fn unknown_field_is_named_with_its_position() {
    let text =
        replace_once(&all_pathway(), "\"id\": \"vincristine\",", "\"id\": \"vincristine\", \"colour_typo\": \"red\",");
    let (_dir, path) = temp_file("adult-all.json", &text);
    let (code, diags) = validate_json(&path, &[]);
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1);
    let (rule, line, column, message) = &diags[0];
    assert_eq!(
        (rule.as_str(), *line, *column),
        ("CP002", line_of(&text, "colour_typo"), column_of(&text, "\"colour_typo\""))
    );
    assert!(message.starts_with("unknown field `colour_typo`, expected one of `id`, `kind`, `label`"), "{message}");
}

#[test]
fn missing_file_exits_2_naming_it() {
    carepath()
        .args(["validate", "pathways/no-such-file.json"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("pathways/no-such-file.json: no such file"));
}

#[test]
fn directory_given_as_file_and_unknown_rule_flag() {
    carepath()
        .args(["validate", "--allow", "CP999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `CP999`"));
}

/// The validation issue's scenario: seven problems in one copy, each reported at its line.
#[test]
fn seven_problems_in_one_copy_each_at_its_line() {
    let mut text = all_pathway();
    // An orphan intervention, a dead-end phase and a second start, as new nodes.
    text = replace_once(
        &text,
        "  \"nodes\": [\n",
        "  \"nodes\": [\n    {\"id\": \"orphan_drug\", \"kind\": \"intervention\", \"label\": \"Orphan drug\", \"group\": \"front_line\", \"sources\": [{\"source\": \"acs\", \"section\": \"Induction\"}]},\n    {\"id\": \"dead_end_phase\", \"kind\": \"phase\", \"label\": \"Dead end\", \"group\": \"front_line\", \"duration\": {\"min\": 1, \"max\": 1, \"unit\": \"months\"}, \"sources\": [{\"source\": \"acs\", \"section\": \"Induction\"}]},\n    {\"id\": \"second_start\", \"kind\": \"start\", \"label\": \"Second start\", \"group\": \"work_up\", \"sources\": [{\"source\": \"acs_typo\", \"section\": \"Introduction\"}]},\n",
    );
    // A self-loop, a duplicate edge, and edges into the new nodes.
    text = replace_once(
        &text,
        "  \"edges\": [\n",
        "  \"edges\": [\n    {\"from\": \"maintenance\", \"to\": \"maintenance\"},\n    {\"from\": \"lumbar_puncture\", \"to\": \"induction_intensity\"},\n    {\"from\": \"first_remission\", \"to\": \"dead_end_phase\"},\n    {\"from\": \"second_start\", \"to\": \"lumbar_puncture\"},\n",
    );
    // Probabilities out of remission_after_first_line that sum to 0.41.
    text = replace_once(
        &text,
        "\"probability\": {\"about\": 0.5},\n      \"label\": \"No relapse\"",
        "\"probability\": 0.3,\n      \"label\": \"No relapse\"",
    );
    text = replace_once(
        &text,
        "\"probability\": {\"about\": 0.5},\n      \"label\": \"Relapse\"",
        "\"probability\": 0.11,\n      \"label\": \"Relapse\"",
    );
    let (_dir, path) = temp_file("adult-all.json", &text);
    let (code, diags) = validate_json(&path, &[]);
    assert_eq!(code, 1);
    // Left out: the notes (CP054, CP086) and the new dead-end phase's duration, which cites no
    // words of the source (CP085).
    let found: Vec<(&str, u64)> = diags
        .iter()
        .filter(|d| !["CP054", "CP085", "CP086"].contains(&d.0.as_str()))
        .map(|d| (d.0.as_str(), d.1))
        .collect();
    let expected = [
        ("CP021", line_of(&text, "\"id\": \"orphan_drug\"")),
        ("CP015", line_of(&text, "\"id\": \"dead_end_phase\"")),
        // `second_start` comes first in the file, so `diagnosis` is the second start.
        ("CP012", line_of(&text, "\"id\": \"diagnosis\"") + 1), // its `kind`
        ("CP060", line_of(&text, "\"acs_typo\"")),
        ("CP019", line_of(&text, "{\"from\": \"maintenance\", \"to\": \"maintenance\"}")),
        // The inserted copy comes first, so the original edge is the duplicate.
        ("CP018", line_of(&text, "\"from\": \"lumbar_puncture\",\n      \"to\": \"induction_intensity\"")),
        ("CP052", line_of(&text, "\"probability\": 0.3,")),
    ];
    for (code, line) in expected {
        assert!(found.contains(&(code, line)), "missing {code} at line {line}; found {found:?}");
    }
    let sum = diags.iter().find(|d| d.0 == "CP052").unwrap();
    assert_eq!(sum.3, "probabilities out of `remission_after_first_line` sum to 0.41, not 1");
    assert_eq!(found.len(), expected.len(), "no other findings expected: {found:?}");
}

#[test]
fn github_format_is_one_workflow_command_per_diagnostic() {
    let text = with_duplicate_vincristine();
    let (_dir, path) = temp_file("adult-all.json", &text);
    let output = carepath().args(["validate", "--format", "github"]).arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = line_of(&all_pathway(), "\"id\": \"vincristine\",") + 1;
    let file = path.display().to_string().replace(':', "%3A").replace(',', "%2C");
    let first = line_of(&text, "Vincristine again");
    let expected = format!(
        "::error file={file},line={line},col=13,title=CP010 duplicate-id::duplicate node id `vincristine`: already defined at line {first}%0Ahelp: rename one of the two, or merge them"
    );
    let errors: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::error")).collect();
    assert_eq!(errors, [expected.as_str()]);
    // Six phases without a duration (CP054) and the unchecked anchors (CP086).
    assert_eq!(stdout.lines().filter(|l| l.starts_with("::notice")).count(), 7);
    assert_eq!(stdout.lines().last(), Some("1 error, 0 warnings, 7 notes in 1 file"));
}

#[test]
fn sarif_has_rules_levels_and_locations() {
    let text = with_duplicate_vincristine();
    let (_dir, path) = temp_file("adult-all.json", &text);
    let output = carepath().args(["validate", "--format", "sarif"]).arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), carepath::rules::ALL.len());
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"CP010") && ids.contains(&"CP052"));
    let results: Vec<_> = run["results"].as_array().unwrap().iter().filter(|r| r["level"] == "error").collect();
    assert_eq!(results.len(), 1);
    let result = results[0];
    assert_eq!(result["ruleId"], "CP010");
    assert_eq!(result["level"], "error");
    assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"], "CP010");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], line_of(&all_pathway(), "\"id\": \"vincristine\",") + 1);
    assert_eq!(region["startColumn"], 13);
    assert_eq!(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "/nodes/6/id");
}

#[test]
fn json_format_has_the_documented_shape() {
    let text = with_duplicate_vincristine();
    let (_dir, path) = temp_file("adult-all.json", &text);
    let output = carepath().args(["validate", "--format", "json"]).arg(&path).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["summary"],
        serde_json::json!({ "files": 1, "errors": 1, "warnings": 0, "infos": 7, "unreadable": 0 })
    );
    let d = &doc["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "CP010").unwrap().clone();
    let mut keys: Vec<&String> = d.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["code", "column", "file", "help", "line", "message", "name", "pointer", "severity", "subject"]);
    assert_eq!(d["subject"], serde_json::json!({ "kind": "node", "id": "vincristine" }));
    assert_eq!(d["severity"], "error");
}

#[test]
fn severity_flags_apply_in_one_place() {
    let text = replace_once(&all_pathway(), "\"revised\": \"2024-06-24\"", "\"revised\": \"June 24, 2024\"");
    let (_dir, path) = temp_file("adult-all.json", &text);
    // CP066 date-format is a warning by default: reported, exit 0.
    let (code, diags) = validate_json(&path, &["--allow", "CP054", "--allow", "CP086"]);
    assert_eq!((code, diags.len(), diags[0].0.as_str()), (0, 1, "CP066"));
    let (code, _) = validate_json(&path, &["--deny-warnings"]);
    assert_eq!(code, 1);
    let (code, _) = validate_json(&path, &["--deny", "date-format"]);
    assert_eq!(code, 1);
    let (code, diags) = validate_json(
        &path,
        &["--allow", "date-format", "--allow", "missing-duration", "--allow", "CP086", "--deny-warnings"],
    );
    assert_eq!((code, diags.len()), (0, 0), "{diags:?}");
    let (code, diags) = validate_json(&path, &["--warn", "CP054", "--allow", "CP066"]);
    assert_eq!((code, diags.iter().filter(|d| d.0 == "CP054").count()), (0, 6));
}

#[test]
fn many_files_are_sorted_and_ids_unique_across_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("adult-all.json"), all_pathway()).unwrap();
    std::fs::write(dir.path().join("sub/copy.json"), all_pathway()).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a pathway").unwrap();
    let (code, diags) = validate_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = diags.iter().filter(|d| d.0 != "CP054" && d.0 != "CP086").map(|d| d.0.as_str()).collect();
    assert_eq!(codes, ["CP064", "CP065"]);
    carepath()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with("1 error, 1 warning, 14 notes in 2 files\n"));
}

#[test]
fn explain_works_for_every_code_and_name() {
    for rule in carepath::rules::ALL.iter().map(|lint| lint.rule) {
        carepath()
            .args(["explain", rule.code])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with(format!("{} {} ({} by default)", rule.code, rule.name, rule.severity)));
        carepath().args(["explain", rule.name]).assert().code(0);
    }
    carepath().args(["explain", "CP999"]).assert().code(2).stderr(predicate::str::contains("unknown rule `CP999`"));
    let list = carepath().args(["explain", "--list"]).output().unwrap();
    assert_eq!(String::from_utf8(list.stdout).unwrap().lines().count(), carepath::rules::ALL.len());
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let committed = std::fs::read_to_string(root().join("schema/pathway.schema.json")).unwrap();
    carepath().arg("schema").assert().code(0).stdout(committed);
}

#[test]
fn terminal_escapes_in_ids_never_reach_the_terminal_raw() {
    let text = replace_once(&all_pathway(), "\"id\": \"vincristine\",", "\"id\": \"vincristine\\u001b[2J\",");
    let (_dir, path) = temp_file("adult-all.json", &text);
    let output = carepath().arg("validate").arg(&path).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "raw ESC in output");
    assert!(stdout.contains("vincristine\\u{1b}[2J"), "{stdout}");
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    // A file with errors, warnings and notes, a clean file, and an unreadable one.
    let text = replace_once(&all_pathway(), "\"revised\": \"2024-06-24\"", "\"revised\": \"June 24, 2024\"");
    let text = replace_once(&text, "\"id\": \"induction_reduced\",", "\"id\": \"induction_reduced\", \"colour\": 1,");
    let (_dir, broken) = temp_file("adult-all.json", &text);
    for args in [
        vec![broken.display().to_string()],
        vec!["pathways".to_string()],
        vec!["pathways".to_string(), "no-such.json".to_string()],
        vec!["tests/fixtures/rules/cp052.json".to_string(), "tests/fixtures/rules/cp066.json".to_string()],
    ] {
        let output = carepath().args(["validate", "--format", "sarif"]).args(&args).output().unwrap();
        let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}");
    }
}

/// A chain of `n` nodes whose phases cite nothing and give no duration: a finding on every
/// node, the shape of a first draft.
fn bare_chain(n: usize) -> String {
    let mut p = carepath::synth::chain(n);
    for node in &mut p.nodes {
        node.sources.clear();
        node.duration = None;
    }
    carepath::synth::to_json(&p).unwrap()
}

/// The codes and counts of a file's findings, from the JSON format (which lists every one).
fn codes_by_count(path: &std::path::Path) -> Vec<(String, usize)> {
    let (_, diags) = validate_json(path, &[]);
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (code, _, _, _) in diags {
        *counts.entry(code).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

#[test]
fn the_human_format_shows_the_first_findings_then_a_count_per_rule() {
    let (_dir, path) = temp_file("chain.json", &bare_chain(2_000));
    let counts = codes_by_count(&path);
    let total: usize = counts.iter().map(|c| c.1).sum();
    assert!(total > 3_000, "{total}");
    let human = |extra: &[&str]| {
        let out = carepath().arg("validate").arg(&path).args(extra).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // A finding's block starts with its code in the left margin.
    let blocks = |text: &str| text.lines().filter(|l| l.starts_with("CP0") && l.contains('(')).count();
    let limited = human(&["--max-diagnostics", "7"]);
    assert_eq!(blocks(&limited), 7);
    let hidden = total - 7;
    let grouped = |n: usize| carepath::text::number::grouped(n);
    let mut expected = format!("{} more findings not shown (the first 7 are above), by rule:\n", grouped(hidden));
    // The rules of the first 7 findings are counted less those 7.
    let all = human(&["--max-diagnostics", "0"]);
    let shown: Vec<&str> = all.lines().filter(|l| l.starts_with("CP0") && l.contains('(')).take(7).collect();
    let mut rest: Vec<(String, usize)> = counts
        .iter()
        .map(|(code, n)| (code.clone(), n - shown.iter().filter(|l| l.starts_with(code.as_str())).count()))
        .filter(|c| c.1 > 0)
        .collect();
    rest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (code, n) in &rest {
        let rule = carepath::rules::find(code).unwrap();
        expected.push_str(&format!("  {code} {}: {}\n", rule.name, grouped(*n)));
    }
    expected.push_str(
        "show them all with `--max-diagnostics 0`, or use `--format json` (machine formats list every finding)\n",
    );
    assert!(limited.contains(&expected), "{}", &limited[limited.len().saturating_sub(600)..]);
    // Every finding with 0; the same last line either way.
    assert_eq!(blocks(&all), total);
    assert!(!all.contains("more findings not shown"));
    assert_eq!(limited.lines().last(), all.lines().last());
    // The default shows 50.
    assert_eq!(blocks(&human(&[])), 50);
}

#[test]
fn many_files_give_one_sorted_report_whatever_the_number_of_threads() {
    // 150 files, more than are validated at once, with findings, two files that share an id
    // in different batches, and one file that is not JSON.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..150 {
        let mut p = carepath::synth::chain(6);
        p.id = if i == 140 { "f-003".into() } else { format!("f-{i:03}") };
        p.nodes[1].sources.clear();
        let name = format!("f-{i:03}.json");
        std::fs::write(dir.path().join(&name), carepath::synth::to_json(&p).unwrap()).unwrap();
    }
    std::fs::write(dir.path().join("f-077.json"), "{ not json").unwrap();
    let run = |threads: &str, format: &str| {
        let out = carepath()
            .env("RAYON_NUM_THREADS", threads)
            .args(["validate", "--max-diagnostics", "0", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    for format in ["human", "json", "github", "sarif"] {
        let (code, one) = run("1", format);
        assert_eq!(code, Some(1), "{format}");
        assert_eq!(run("2", format), (code, one.clone()), "{format}");
        assert_eq!(run("5", format), (code, one), "{format}");
    }
    let (_, json) = run("2", "json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    let keys: Vec<(String, u64)> =
        diags.iter().map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap_or(0))).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // One CP001 (the file that is not JSON), one CP065 (on the later file of the shared id).
    let files_of = |code: &str| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["file"].as_str().unwrap().rsplit('/').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(files_of("CP001"), ["f-077.json"]);
    assert_eq!(files_of("CP065"), ["f-140.json"]);
    assert_eq!(doc["summary"]["files"], 150);
}
