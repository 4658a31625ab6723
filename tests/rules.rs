//! One fixture per rule (tests/fixtures/rules/, made by make_fixtures.py): each makes its rule
//! fire at an exact line and column, and the table covers every rule in the registry.

mod common;

use common::*;

/// (code, fixture, line, column) — where each rule fires in its fixture.
const TABLE: &[(&str, &str, u64, u64)] = &[
    ("CP001", "cp001.json", 4, 18),
    ("CP002", "cp002.json", 8, 58),
    ("CP003", "cp003.json", 8, 53),
    ("CP010", "cp010.json", 13, 13),
    ("CP011", "cp011.json", 17, 34),
    ("CP012", "cp012.json", 13, 28),
    ("CP013", "cp013.json", 19, 35),
    ("CP014", "cp014.json", 7, 12),
    ("CP015", "cp015.json", 13, 13),
    ("CP016", "cp016.json", 13, 13),
    ("CP017", "cp017.json", 12, 13),
    ("CP018", "cp018.json", 19, 15),
    ("CP019", "cp019.json", 19, 34),
    ("CP020", "cp020.json", 19, 15),
    ("CP021", "cp021.json", 13, 13),
    ("CP022", "cp022.json", 11, 13),
    ("CP023", "cp023.json", 8, 70),
    ("CP024", "cp024.json", 8, 67),
    ("CP025", "cp025.json", 19, 15),
    ("CP030", "cp030.json", 13, 13),
    ("CP031", "cp031.json", 21, 15),
    ("CP032", "cp032.json", 21, 47),
    ("CP033", "cp033.json", 19, 49),
    ("CP034", "cp034.json", 20, 77),
    ("CP040", "cp040.json", 20, 62),
    ("CP041", "cp041.json", 20, 55),
    ("CP042", "cp042.json", 20, 66),
    ("CP043", "cp043.json", 20, 70),
    ("CP044", "cp044.json", 20, 61),
    ("CP045", "cp045.json", 13, 13),
    ("CP046", "cp046.json", 21, 47),
    ("CP047", "cp047.json", 20, 54),
    ("CP048", "cp048.json", 6, 140),
    ("CP049", "cp049.json", 13, 13),
    ("CP050", "cp050.json", 17, 55),
    ("CP051", "cp051.json", 18, 15),
    ("CP052", "cp052.json", 17, 55),
    ("CP053", "cp053.json", 9, 94),
    ("CP054", "cp054.json", 9, 13),
    ("CP060", "cp060.json", 8, 99),
    ("CP061", "cp061.json", 8, 13),
    ("CP062", "cp062.json", 5, 84),
    ("CP063", "cp063.json", 6, 162),
    ("CP064", "cp064.json", 2, 9),
    ("CP065", "cp065", 2, 9),
    ("CP066", "cp066.json", 5, 60),
    ("CP070", "cp070.json", 11, 47),
    ("CP071", "cp071.json", 10, 13),
    ("CP072", "cp072.json", 8, 50),
    ("CP073", "cp073.json", 6, 57),
];

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/rules").join(name)
}

#[test]
fn each_rule_fires_at_its_line_and_column() {
    for &(code, file, line, column) in TABLE {
        let (exit, diags) = validate_json(&fixture(file), &[]);
        let hit = diags.iter().find(|d| d.0 == code);
        assert!(hit.is_some(), "{code} did not fire on {file}: {diags:?}");
        let hit = hit.unwrap();
        assert_eq!((hit.1, hit.2), (line, column), "{code} on {file}: {}", hit.3);
        let rule = carepath::rules::find(code).unwrap();
        let expected_exit =
            if diags.iter().any(|d| carepath::rules::find(&d.0).unwrap().severity == carepath::diag::Severity::Error) {
                1
            } else {
                0
            };
        assert_eq!(exit, expected_exit, "{code} ({}) on {file}", rule.severity);
    }
}

#[test]
fn the_base_fixture_passes_every_rule() {
    let (exit, diags) = validate_json(&fixture("valid.json"), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:?}");
}

#[test]
fn the_table_covers_every_rule() {
    for rule in carepath::rules::ALL.iter().map(|lint| lint.rule) {
        let covered = TABLE.iter().any(|t| t.0 == rule.code);
        assert!(covered, "{} ({}) has no fixture", rule.code, rule.name);
    }
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
