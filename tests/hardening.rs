//! Hostile and broken inputs: every file of tests/fixtures/bad/ gets a clear answer with an
//! exact exit code and rule, never a panic; extremes are generated here.

mod common;

use std::path::PathBuf;

use common::*;
use predicates::prelude::*;

/// (file, exit code, rule that must be reported, line and column of it).
const CORPUS: &[(&str, i32, &str, u64, u64)] = &[
    ("empty.json", 1, "CP001", 1, 1),
    ("whitespace.json", 1, "CP001", 2, 4),
    ("not-json.json", 1, "CP001", 1, 1),
    ("truncated.json", 1, "CP001", 21, 20),
    ("top-level-array.json", 1, "CP002", 1, 1),
    ("top-level-null.json", 1, "CP002", 1, 1),
    ("top-level-string.json", 1, "CP002", 1, 1),
    ("nested-arrays.json", 1, "CP002", 1, 1),
    ("nested-objects.json", 1, "CP002", 1, 2),
    ("number-out-of-range.json", 1, "CP001", 96, 26),
    ("nan.json", 1, "CP001", 96, 22),
    ("duplicate-key.json", 1, "CP002", 4, 9),
    ("duplicate-key-in-probability.json", 1, "CP002", 96, 39),
    ("wrong-type-id.json", 1, "CP002", 2, 10),
    ("wrong-type-nodes.json", 1, "CP002", 18, 11),
    ("wrong-type-edges.json", 1, "CP002", 83, 28),
    ("wrong-type-label.json", 1, "CP002", 22, 15),
    ("wrong-type-duration.json", 1, "CP002", 35, 27),
    ("wrong-type-sources.json", 1, "CP002", 5, 17),
    ("wrong-type-factor-values.json", 1, "CP002", 121, 21),
    ("missing-nodes.json", 1, "CP002", 51, 1),
    ("no-nodes.json", 1, "CP012", 18, 12),
    ("control-characters.json", 1, "CP072", 22, 21),
    ("bidi-override.json", 1, "CP072", 22, 27),
    ("bom.json", 0, "CP064", 2, 9),
    ("empty-id.json", 1, "CP070", 48, 13),
    ("id-with-spaces.json", 0, "CP071", 48, 13),
    ("unknown-node-kind.json", 1, "CP002", 32, 21),
    ("unknown-edge-kind.json", 1, "CP002", 87, 23),
    ("negative-duration.json", 1, "CP053", 35, 19),
    ("inverted-duration.json", 1, "CP053", 35, 19),
    ("unknown-unit.json", 1, "CP002", 38, 28),
    ("probability-string.json", 1, "CP002", 96, 26),
    ("probability-negative.json", 1, "CP050", 96, 22),
    ("probability-over-one.json", 1, "CP050", 96, 22),
    ("probability-inverted.json", 1, "CP050", 96, 22),
    ("about-reversed.json", 1, "CP002", 100, 9),
    ("about-over-one.json", 1, "CP002", 97, 19),
    ("about-with-low.json", 1, "CP002", 98, 13),
    ("about-three-numbers.json", 1, "CP002", 101, 9),
    ("loop-no-exit.json", 1, "CP014", 18, 12),
    ("unknown-outcome-category.json", 1, "CP002", 62, 24),
    ("edge-to-nowhere.json", 1, "CP011", 86, 13),
    ("condition-garbage.json", 1, "CP040", 110, 16),
    ("condition-5000-parentheses.json", 1, "CP040", 110, 16),
    ("condition-cyrillic-factor.json", 1, "CP040", 82, 16),
    ("condition-arabic.json", 1, "CP040", 110, 16),
    ("decision-all-else.json", 1, "CP032", 121, 15),
    ("only-path-loops.json", 0, "CP064", 2, 9),
    ("random-bytes.json", 1, "CP003", 1, 1),
    ("invalid-utf8.json", 1, "CP003", 22, 24),
];

fn bad(name: &str) -> PathBuf {
    root().join("tests/fixtures/bad").join(name)
}

#[test]
fn every_bad_file_gets_its_exit_code_and_rule_at_its_position() {
    for &(file, exit, code, line, column) in CORPUS {
        let (got_exit, diags) = validate_json(&bad(file), &[]);
        assert_eq!(got_exit, exit, "{file}: {diags:?}");
        let hit = diags.iter().find(|d| d.0 == code).unwrap_or_else(|| panic!("{file}: no {code} in {diags:?}"));
        assert_eq!((hit.1, hit.2), (line, column), "{file}: {}", hit.3);
        // The human format names the file and the position.
        let shown = format!("bad/{file}:{line}:{column}");
        carepath().arg("validate").arg(bad(file)).assert().code(exit).stdout(predicate::str::contains(shown));
    }
}

#[test]
fn the_corpus_table_lists_every_file() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(files.len() >= 40, "the corpus has {} files", files.len());
}

#[test]
fn no_raw_control_characters_reach_the_terminal() {
    // An id with a terminal escape and a bidi override, referenced by an edge (so messages quote it).
    let valid = std::fs::read_to_string(root().join("tests/fixtures/rules/valid.json")).unwrap();
    let evil = replace_once(&valid, "\"to\": \"cr\"", "\"to\": \"evil\\u001b[31mRED\\u202e\"");
    let (_dir, evil) = temp_file("evil.json", &evil);
    let files = [bad("control-characters.json"), bad("bidi-override.json"), bad("random-bytes.json"), evil];
    for file in &files {
        for format in ["human", "json", "github", "sarif"] {
            let output = carepath().args(["validate", "--format", format]).arg(file).output().unwrap();
            let text = String::from_utf8_lossy(&output.stdout);
            let raw: Vec<char> = text
                .chars()
                .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
                .collect();
            assert!(raw.is_empty(), "{} --format {format}: raw characters {raw:?} in output", file.display());
        }
    }
}

#[test]
fn missing_file_directory_and_empty_folder_exit_2() {
    carepath()
        .args(["validate", "tests/fixtures/bad/no-such.json"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("tests/fixtures/bad/no-such.json: no such file"));
    let empty = tempfile::tempdir().unwrap();
    carepath()
        .arg("validate")
        .arg(empty.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no pathway files (*.json) found in"));
}

#[test]
fn unreadable_file_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_file("secret.json", &std::fs::read_to_string(bad("bom.json")).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("SKIPPED unreadable_file_exits_2: running as root, permissions do not stop reading");
        drop(dir);
        return;
    }
    carepath().arg("validate").arg(&path).assert().code(2).stdout(predicate::str::contains("cannot read"));
}

#[test]
fn a_ten_megabyte_label_is_handled_without_flooding_the_terminal() {
    let valid = std::fs::read_to_string(root().join("tests/fixtures/rules/valid.json")).unwrap();
    let huge = "x".repeat(10 * 1024 * 1024);
    let text = replace_once(&valid, "\"label\": \"Diagnosis\"", &format!("\"label\": \"Diagnosis{huge}\""));
    let text = replace_once(&text, "\"id\": \"valid\"", "\"id\": \"Valid\""); // one warning to report
    let (_dir, path) = temp_file("valid.json", &text);
    let output = carepath().arg("validate").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.len() < 10_000, "output is {} bytes", output.stdout.len());
    let (_dir, path) = temp_file("big.json", &text);
    carepath()
        .args(["validate", "--max-file-size", "1000000"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("over the limit of 1000000 bytes; raise it with --max-file-size"));
}

/// A chain of `n` phases from the start to one outcome, as pathway text.
pub fn chain(n: usize) -> String {
    let mut nodes = vec![r#"{"id":"s","kind":"start","label":"S","sources":[{"source":"src"}]}"#.to_string()];
    let mut edges = Vec::new();
    let mut prev = "s".to_string();
    for i in 0..n {
        let id = format!("p{i}");
        nodes.push(format!(
            r#"{{"id":"{id}","kind":"phase","label":"P{i}","duration":{{"min":1,"max":2,"unit":"days"}},"sources":[{{"source":"src","quote":"q"}}]}}"#
        ));
        edges.push(format!(r#"{{"from":"{prev}","to":"{id}"}}"#));
        prev = id;
    }
    nodes.push(
        r#"{"id":"end","kind":"outcome","outcome":"remission","label":"E","sources":[{"source":"src"}]}"#.to_string(),
    );
    edges.push(format!(r#"{{"from":"{prev}","to":"end"}}"#));
    format!(
        "{{\"id\":\"chain\",\"title\":\"Chain\",\"version\":\"1\",\"sources\":[{{\"id\":\"src\",\"title\":\"S\"}}],\n\"nodes\":[\n{}\n],\n\"edges\":[\n{}\n]}}\n",
        nodes.join(",\n"),
        edges.join(",\n")
    )
}

/// A 100,000-phase chain, written once per test run into Cargo's temporary folder.
fn chain_100k() -> &'static std::path::Path {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chain.json");
        std::fs::write(&path, chain(100_000)).unwrap();
        path
    })
}

#[test]
fn a_100000_node_chain_validates_without_stack_overflow() {
    carepath()
        .args(["validate", "--deny-warnings"])
        .arg(chain_100k())
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("0 errors, 0 warnings in 1 file\n"));
}

#[test]
fn a_100000_node_chain_is_counted_and_listed() {
    carepath().args(["paths", "--count"]).arg(chain_100k()).assert().code(0).stdout("1\n");
    let output = carepath().args(["paths", "--limit", "1"]).arg(chain_100k()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let notice = carepath::text::plain::SHORT_NOTICE;
    assert!(
        text.ends_with(&format!("  100002  end     outcome       E\n\n1 path\n{notice}\n")),
        "{}",
        &text[text.len() - 200..]
    );
}

#[test]
fn a_100000_node_chain_has_outcomes() {
    carepath().arg("outcomes").arg(chain_100k()).assert().code(0).stdout(
        predicate::str::contains("  end  remission  100% (exact 1)\n").and(predicate::str::contains(
            "Expected time on treatment: 273.79–547.57 years (exact bounds 3285.4209 to 6570.8419 months)",
        )),
    );
}

#[test]
fn a_100000_node_chain_renders() {
    let output = carepath().args(["render", "--format", "dot"]).arg(chain_100k()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.matches(" id=\"node-").count(), 100_002);
    assert!(text.contains("id=\"node-p99999\" label=\"P99999\"]"));
}

/// Runs `args` on `file`; for `build`, on a folder holding `file` alone. Returns (exit, stdout + stderr).
fn run_on(args: &[&str], file: &std::path::Path) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = carepath();
    if args[0] == "build" {
        let pathways = dir.path().join("pathways");
        std::fs::create_dir(&pathways).unwrap();
        std::fs::copy(file, pathways.join(file.file_name().unwrap())).unwrap();
        cmd.args(args).arg("--pathways").arg(&pathways).arg("--out").arg(dir.path().join("out"));
    } else {
        cmd.args(args).arg(file);
    }
    let output = cmd.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap(), text)
}

const EVERY_COMMAND: &[&str] = &["validate", "paths", "outcomes", "render", "summary", "build"];

#[test]
fn node_and_edge_caps_name_the_count_and_the_flag_on_every_command() {
    let (_dir, path) = temp_file("chain.json", &chain(10));
    for command in EVERY_COMMAND {
        let (exit, text) = run_on(&[command, "--max-nodes", "5"], &path);
        assert_eq!(exit, 1, "{command}: {text}");
        assert!(
            text.contains("CP002(format)")
                && text.contains("the pathway has 12 nodes, over the limit of 5; raise it with --max-nodes"),
            "{command}: {text}"
        );
        assert!(text.contains("chain.json:2:9]"), "{command}: points at the `nodes` array: {text}");
        assert_eq!(run_on(&[command, "--max-nodes", "12"], &path).0, 0, "{command}: 12 nodes are allowed");
    }
    // Edges are capped on their own: 67 nodes but 126 edges.
    let (exit, text) = run_on(&["validate", "--max-nodes", "100"], &root().join("pathways/adult-all.json"));
    assert_eq!(exit, 1);
    assert!(text.contains("the pathway has 126 edges, over the limit of 100; raise it with --max-nodes"), "{text}");
}

#[test]
fn the_file_size_cap_names_the_flag_on_every_command() {
    let (_dir, path) = temp_file("chain.json", &chain(10));
    for command in EVERY_COMMAND {
        let (exit, text) = run_on(&[command, "--max-file-size", "100"], &path);
        assert_eq!(exit, 2, "{command}: {text}");
        assert!(text.contains("over the limit of 100 bytes; raise it with --max-file-size"), "{command}: {text}");
    }
}

/// Every command that reads one pathway, as its arguments before the file.
const COMMANDS: &[&[&str]] = &[
    &["paths"],
    &["paths", "--count"],
    &["paths", "--max-visits", "1000", "--count"],
    &["outcomes"],
    &["render", "--format", "dot", "--engine", "builtin"],
    &["render", "--format", "svg", "--engine", "builtin"],
    &["render", "--format", "mermaid", "--engine", "builtin"],
    &["summary"],
    &["summary", "--format", "html"],
    &["render", "--format", "html"],
];

#[test]
fn every_command_gives_every_corpus_file_its_exit_code() {
    for &(file, exit, ..) in CORPUS {
        for args in COMMANDS {
            let output = carepath().args(*args).arg(bad(file)).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(exit), "{file} {args:?}: {stderr}");
            if exit == 0 {
                assert!(!output.stdout.is_empty(), "{file} {args:?}: no output");
            } else {
                assert!(output.stdout.is_empty(), "{file} {args:?}: output on failure");
                assert!(stderr.contains(file), "{file} {args:?}: stderr does not name the file: {stderr}");
            }
        }
        // `build` on a folder holding this file alone.
        let dir = tempfile::tempdir().unwrap();
        let pathways = dir.path().join("pathways");
        std::fs::create_dir(&pathways).unwrap();
        std::fs::copy(bad(file), pathways.join(file)).unwrap();
        let out = dir.path().join("out");
        let output = carepath().arg("build").arg("--pathways").arg(&pathways).arg("--out").arg(&out).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(exit), "{file} build: {stderr}");
        if exit == 0 {
            assert!(out.join("valid.svg").is_file(), "{file} build wrote no flowchart");
        } else {
            assert!(stderr.contains(file), "{file} build: stderr does not name the file: {stderr}");
            assert!(!out.exists(), "{file} build: wrote {out:?} although the pathway is invalid");
        }
    }
}

#[test]
fn a_folder_where_a_file_is_expected_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("adult-all.json");
    std::fs::create_dir(&folder).unwrap();
    for args in COMMANDS {
        let output = carepath().args(*args).arg(&folder).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("{}: is a directory; give one pathway file", folder.display())),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // A folder named like a pathway inside `pathways/` is searched, not read as a file.
    std::fs::copy(bad("bom.json"), folder.join("valid.json")).unwrap();
    carepath().arg("validate").arg(dir.path()).assert().code(0).stdout(predicate::str::contains("in 1 file"));
}

#[test]
fn a_pathway_whose_only_likely_path_loops_forever_has_bounded_answers() {
    let file = bad("only-path-loops.json");
    carepath().args(["paths", "--count"]).arg(&file).assert().code(0).stdout("1\n");
    carepath().args(["paths", "--count", "--max-visits", "1000"]).arg(&file).assert().code(0).stdout("1000\n");
    carepath()
        .args(["paths", "--max-visits", "1000", "--limit", "2", "--format", "csv"])
        .arg(&file)
        .assert()
        .code(0)
        .stderr("note: listed 2 of 1000 paths; use --limit N to list more, --limit 0 to list all, or --count for the number only\n");
    carepath().arg("outcomes").arg(&file).assert().code(0).stdout(
        predicate::str::contains("(no terminal outcome)  100% (exact 1)\n")
            .and(predicate::str::contains("Expected time on treatment: unbounded: a loop may go on for ever")),
    );
}

/// Every entry under `dir`: (relative path, file bytes, or `None` for a folder), sorted.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut entries = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                entries.push((name, None));
                stack.push(path);
            } else {
                entries.push((name, Some(std::fs::read(&path).unwrap())));
            }
        }
    }
    entries.sort();
    entries
}

#[test]
fn a_build_that_fails_halfway_leaves_the_previous_out_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let pathways = dir.path().join("pathways");
    std::fs::create_dir(&pathways).unwrap();
    let valid = std::fs::read_to_string(root().join("tests/fixtures/rules/valid.json")).unwrap();
    std::fs::write(pathways.join("valid.json"), &valid).unwrap();
    let out = dir.path().join("out");
    let build = || carepath().arg("build").arg("--pathways").arg(&pathways).arg("--out").arg(&out).output().unwrap();
    assert_eq!(build().status.code(), Some(0));
    // A folder stands where the Mermaid file goes; the files before it in the plan would be
    // replaced first if the build wrote them one by one.
    std::fs::remove_file(out.join("valid.mmd")).unwrap();
    std::fs::create_dir(out.join("valid.mmd")).unwrap();
    let before = snapshot(&out);
    assert_eq!(before.len(), 7);
    std::fs::write(pathways.join("valid.json"), replace_once(&valid, "Rule fixture", "Rule fixture, revised")).unwrap();
    let output = build();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("valid.mmd: is a folder; a file was to be written here"), "{stderr}");
    assert_eq!(snapshot(&out), before, "out/ changed although the build failed");
}

#[test]
fn a_build_whose_out_folder_cannot_exist_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let pathways = dir.path().join("pathways");
    std::fs::create_dir(&pathways).unwrap();
    std::fs::copy(root().join("tests/fixtures/rules/valid.json"), pathways.join("valid.json")).unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "not a folder").unwrap();
    let output =
        carepath().arg("build").arg("--pathways").arg(&pathways).arg("--out").arg(file.join("out")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with(&format!("error: {}: ", file.join("out").display())), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), b"not a folder");
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["file", "pathways"]);
}

/// Regression: a diagnostic on a whole array (CP012 at `/nodes` for a pathway with no start)
/// printed every line of the array as its snippet: 100,000 lines for the 100,000-node chain.
#[test]
fn a_diagnostic_on_a_huge_array_shows_one_line_of_it() {
    let text =
        replace_once(&chain(1000), r#""kind":"start""#, r#""kind":"phase","duration":{"min":1,"max":2,"unit":"days"}"#);
    let (_dir, path) = temp_file("chain.json", &text);
    let output = carepath().arg("validate").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("CP012(one-start)\n\n  × the pathway has no start node\n"), "{stdout}");
    assert!(stdout.lines().count() < 40, "{} lines:\n{stdout}", stdout.lines().count());
}
