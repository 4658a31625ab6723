//! The rule fixtures of tests/fixtures/rules/ through the CLI. Each rule's own test (beside
//! the rule, in src/validate/) builds its fixture, commits it as `<code>.json` and snapshots
//! what `validate --format json` reports on it as `<code>.snap`; here every fixture is run
//! through the binary against the same snapshot, and every rule must have both.

mod common;

use common::*;

fn fixture_dir() -> std::path::PathBuf {
    root().join("tests/fixtures/rules")
}

#[test]
fn every_rule_has_a_fixture_and_a_snapshot_and_every_fixture_a_rule() {
    let rules: Vec<String> = carepath::rules::ALL.iter().map(|lint| lint.rule.code.to_lowercase()).collect();
    for name in &rules {
        let fixture = fixture_dir().join(format!("{name}.json"));
        let folder = fixture_dir().join(name);
        assert!(fixture.is_file() || folder.is_dir(), "{name} has no fixture: add its test (docs/architecture.md)");
        assert!(fixture_dir().join(format!("{name}.snap")).is_file(), "{name} has no snapshot");
    }
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = file.split('.').next().unwrap_or_default();
        assert!(stem == "valid" || rules.iter().any(|r| r == stem), "{file} belongs to no rule");
    }
}

#[test]
fn the_exit_code_follows_the_severities() {
    for lint in carepath::rules::ALL {
        let name = lint.rule.code.to_lowercase();
        let file = fixture_dir().join(format!("{name}.json"));
        let path = if file.is_file() { file } else { fixture_dir().join(&name) };
        let (exit, diags) = validate_json(&path, &[]);
        assert!(diags.iter().any(|d| d.0 == lint.rule.code), "{} did not fire: {diags:?}", lint.rule.code);
        let error = |code: &str| carepath::rules::find(code).unwrap().severity == carepath::diag::Severity::Error;
        let expected = if diags.iter().any(|d| error(&d.0)) { 1 } else { 0 };
        assert_eq!(exit, expected, "{} on {}", lint.rule.code, path.display());
    }
}

#[test]
fn the_base_fixture_passes_every_rule() {
    let (exit, diags) = validate_json(&fixture_dir().join("valid.json"), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:?}");
}

/// Every fixture (a `.json` file or a folder of them) and what `validate --format json` prints
/// for it, in full: code, severity, position, pointer, subject, message and help. The
/// snapshots sit beside the fixtures as `<name>.snap`.
#[test]
fn each_fixture_matches_its_snapshot() {
    let dir = root().join("tests/fixtures/rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 50, "{names:?}");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for name in &names {
            // Relative to the repository root, as a user would type it: no machine path in the output.
            let path = format!("tests/fixtures/rules/{name}");
            let output = carepath().args(["validate", "--format", "json", &path]).output().unwrap();
            let stdout = String::from_utf8(output.stdout).unwrap();
            insta::assert_snapshot!(name.trim_end_matches(".json"), stdout);
        }
    });
}
