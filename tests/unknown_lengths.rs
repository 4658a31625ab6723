//! Unknown is not zero: no `paths` or `outcomes` output of a pathway with a step of unknown
//! length (a phase or intervention without a duration) prints a closed time on treatment for
//! what goes through that step. Checked on every hand-made fixture with flow and on the
//! pathways, against the files themselves (which steps lack a duration), not against the code
//! that prints.

mod common;

use std::collections::HashSet;

use common::{carepath, root};

fn stdout_of(args: &[&str]) -> String {
    let output = carepath().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The files checked: every fixture listed by the listing snapshots and every pathway.
fn files() -> Vec<String> {
    let mut files: Vec<String> =
        ["include-else", "loop", "ranges", "small"].iter().map(|f| format!("tests/fixtures/paths/{f}.json")).collect();
    files.push("tests/fixtures/figures/approximate.json".into());
    for entry in std::fs::read_dir(root().join("pathways")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            files.push(format!("pathways/{name}"));
        }
    }
    files
}

/// Ids of the phase and intervention nodes of a file that give no duration.
fn undated(file: &str) -> HashSet<String> {
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
    value["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| matches!(n["kind"].as_str(), Some("phase" | "intervention")) && n.get("duration").is_none())
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

/// A closed duration: a number of months or years, or a range of them, and nothing else.
fn is_closed(duration: &str) -> bool {
    !duration.contains("at least") && !duration.contains("no length") && !duration.contains("not given")
}

/// How the text outputs count the steps of unknown length.
fn no_length(n: usize) -> String {
    if n == 1 {
        "1 step has no length given by the source".to_string()
    } else {
        format!("{n} steps have no length given by the source")
    }
}

#[test]
fn paths_through_a_step_of_unknown_length_never_print_a_closed_duration() {
    let mut open = 0;
    for file in files() {
        let undated = undated(&file);
        // Text: each path's duration line against the steps listed under it.
        let text = stdout_of(&["paths", &file, "--limit", "0"]);
        for block in text.split("\npath ").filter(|b| b.contains("  duration     ")) {
            let duration = block.lines().find_map(|l| l.strip_prefix("  duration     ")).unwrap();
            let steps: Vec<&str> = block
                .lines()
                .filter_map(|l| {
                    let mut words = l.split_whitespace();
                    let position = words.next()?;
                    position.parse::<usize>().ok()?;
                    words.next()
                })
                .collect();
            let unknown = steps.iter().filter(|s| undated.contains(**s)).count();
            if unknown > 0 {
                open += 1;
                assert!(
                    duration.starts_with("at least ") && duration.ends_with(&format!("; {}", no_length(unknown))),
                    "{file}: {duration:?} for a path through {unknown} step(s) of unknown length"
                );
            } else {
                assert!(is_closed(duration), "{file}: {duration:?} for a path whose steps all have a duration");
            }
        }
        // The guide: each path's leaf (`**path N**: <chance>, <time>`) is "at least" exactly when
        // the path has a step of unknown length (counted in the CSV below).
        let csv = stdout_of(&["paths", &file, "--format", "csv", "--limit", "0"]);
        let undated_of: Vec<usize> =
            csv.lines().skip(1).map(|row| row.split(',').nth(10).unwrap().parse().unwrap()).collect();
        let markdown = stdout_of(&["paths", &file, "--format", "markdown", "--limit", "0"]);
        let mut leaves = 0;
        for leaf in markdown.split("**path ").skip(1) {
            let (number, rest) = leaf.split_once("**: ").unwrap();
            let number: usize = number.parse().unwrap();
            let time = rest.lines().next().unwrap().rsplit(", ").next().unwrap();
            let open = undated_of[number - 1] > 0;
            assert_eq!(time.starts_with("at least "), open, "{file}: path {number}: {time:?}");
            assert_eq!(is_closed(time), !open, "{file}: path {number}: {time:?}");
            leaves += 1;
        }
        assert!(leaves > 0, "{file}: no path in the guide");
        // CSV and JSON keep the count of steps of unknown length.
        for row in csv.lines().skip(1) {
            // The last two fields are the steps (ids joined by ` > `, none with a comma here)
            // and feasibility; the undated count is the 11th.
            let mut from_right = row.rsplitn(3, ',');
            let (_, steps) = (from_right.next(), from_right.next().unwrap());
            let counted: usize = row.split(',').nth(10).unwrap().parse().unwrap();
            let listed = steps.split(" > ").filter(|id| undated.contains(*id)).count();
            assert_eq!(counted, listed, "{file}: {row}");
        }
    }
    assert!(open > 0, "no fixture has a path through a step of unknown length");
}

#[test]
fn outcomes_of_classes_that_may_take_a_step_of_unknown_length_are_never_closed() {
    for file in files() {
        let undated = undated(&file);
        let text = stdout_of(&["outcomes", &file]);
        for block in text.split("\n== For: ").skip(1) {
            let time = block.lines().find_map(|l| l.strip_prefix("Expected time on treatment: ")).unwrap();
            let listed = block.lines().find_map(|l| l.trim().strip_prefix("(with no length: "));
            match listed {
                Some(list) => {
                    assert!(time.starts_with("at least "), "{file}: {time}");
                    assert!(time.ends_with("no length given by the source"), "{file}: {time}");
                    // The first few ids, then how many more: each named one is a step without a length.
                    let list = list.trim_end_matches(')');
                    for item in list.split(", ").map(|i| i.trim_start_matches("and ")) {
                        assert!(item.ends_with(" more") || undated.contains(item), "{file}: {list}");
                    }
                }
                None => assert!(is_closed(time), "{file}: {time}"),
            }
        }
        // JSON: an open time has no upper bound.
        let json: serde_json::Value =
            serde_json::from_str(&stdout_of(&["outcomes", &file, "--format", "json"])).unwrap();
        for class in json["classes"].as_array().unwrap() {
            let time = &class["outcomes"]["time_on_treatment_months"];
            let unknown = time["unknown_steps"].as_u64().unwrap();
            assert_eq!(unknown as usize, class["outcomes"]["undated_steps"].as_array().unwrap().len());
            if unknown > 0 {
                assert!(time["high"].is_null() && time["base"].is_null(), "{file}: {time}");
            } else {
                assert!(!time["high"].is_null(), "{file}: {time}");
            }
        }
    }
}

/// When every path of a pathway passes a step of unknown length, every patient class may reach
/// one, so no class has a closed time (the ALL pathway: a lumbar puncture of unknown length at
/// diagnosis).
#[test]
fn when_every_path_has_a_step_of_unknown_length_every_class_is_open() {
    for file in files() {
        let csv = stdout_of(&["paths", &file, "--format", "csv", "--limit", "0"]);
        let all_open = csv.lines().skip(1).all(|row| row.split(',').nth(10).is_some_and(|n| n != "0"));
        if !all_open {
            continue;
        }
        let text = stdout_of(&["outcomes", &file]);
        for line in text.lines().filter(|l| l.starts_with("Expected time on treatment: ")) {
            assert!(line.contains(": at least ") && line.ends_with("no length given by the source"), "{file}: {line}");
        }
    }
}
