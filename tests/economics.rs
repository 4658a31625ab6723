//! `carepath parameters`: one row per figure, checked against the files themselves (which
//! edges and nodes give a figure, and what it is), and its CSV read back by a real CSV reader
//! (Python's `csv` module; where python3 is absent that check says `SKIP` and passes).

mod common;

use common::{carepath, python_csv, root, temp_file};
use serde_json::Value;

fn stdout_of(args: &[&str]) -> String {
    let output = carepath().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The figures of a pathway file, read from its JSON: (id, low, base, high), edges then nodes.
fn figures_of(text: &str) -> Vec<(String, f64, Option<f64>, f64)> {
    let file: Value = serde_json::from_str(text).unwrap();
    let tolerance = file["conventions"]["about_tolerance"].as_f64().unwrap_or(0.05);
    let round = |x: f64| (x * 1e12).round() / 1e12;
    let mut rows = Vec::new();
    for edge in file["edges"].as_array().unwrap() {
        let p = &edge["probability"];
        let (low, base, high) = if let Some(x) = p.as_f64() {
            (x, Some(x), x)
        } else if let Some(about) = p.get("about") {
            let (lo, hi) = match about.as_array() {
                Some(pair) => (pair[0].as_f64().unwrap(), pair[1].as_f64().unwrap()),
                None => (about.as_f64().unwrap(), about.as_f64().unwrap()),
            };
            let base = p.get("base").and_then(Value::as_f64).or((lo == hi).then_some(lo));
            (round((lo - tolerance).max(0.0)), base, round((hi + tolerance).min(1.0)))
        } else if let Some(low) = p.get("low") {
            (low.as_f64().unwrap(), p.get("base").and_then(Value::as_f64), p["high"].as_f64().unwrap())
        } else {
            continue;
        };
        rows.push((format!("p.{}.{}", edge["from"].as_str().unwrap(), edge["to"].as_str().unwrap()), low, base, high));
    }
    for node in file["nodes"].as_array().unwrap() {
        let Some(d) = node.get("duration") else { continue };
        let (min, max) = (d["min"].as_f64().unwrap(), d["max"].as_f64().unwrap());
        rows.push((format!("duration.{}", node["id"].as_str().unwrap()), min, (min == max).then_some(min), max));
    }
    rows
}

fn number(cell: &str) -> Option<f64> {
    (!cell.is_empty()).then(|| cell.parse().unwrap())
}

#[test]
fn every_figure_of_every_pathway_is_one_row_with_the_files_bounds() {
    let mut files =
        vec!["tests/fixtures/paths/ranges.json".to_string(), "tests/fixtures/figures/approximate.json".into()];
    for entry in std::fs::read_dir(root().join("pathways")).unwrap() {
        files.push(format!("pathways/{}", entry.unwrap().file_name().into_string().unwrap()));
    }
    for file in files {
        let expected = figures_of(&std::fs::read_to_string(root().join(&file)).unwrap());
        assert!(!expected.is_empty(), "{file} has figures");
        let json: Value = serde_json::from_str(&stdout_of(&["parameters", &file, "--format", "json"])).unwrap();
        let rows = json["parameters"].as_array().unwrap();
        let got: Vec<(String, f64, Option<f64>, f64)> = rows
            .iter()
            .map(|r| {
                let id = r["id"].as_str().unwrap().to_string();
                (id, r["low"].as_f64().unwrap(), r["base"].as_f64(), r["high"].as_f64().unwrap())
            })
            .collect();
        assert_eq!(got, expected, "{file}");
        // The CSV says the same, row for row.
        let csv = stdout_of(&["parameters", &file]);
        assert_eq!(csv.matches("\r\n").count(), expected.len() + 1, "{file}: a header and one line per figure");
        if let Some(table) = python_csv(&csv, "every_figure_of_every_pathway_is_one_row_with_the_files_bounds") {
            assert_eq!(table[0][..3], ["id", "kind", "from"]);
            for (row, (id, low, base, high)) in table[1..].iter().zip(&expected) {
                assert_eq!(
                    (&row[0], number(&row[6]), number(&row[7]), number(&row[8])),
                    (id, Some(*low), *base, Some(*high))
                );
            }
        }
    }
}

#[test]
fn the_all_relapse_figure_reads_as_the_file_states_it() {
    let json: Value =
        serde_json::from_str(&stdout_of(&["parameters", "pathways/adult-all.json", "--format", "json"])).unwrap();
    let relapse = json["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "p.remission_after_first_line.relapse")
        .unwrap();
    assert_eq!(relapse["kind"], "probability");
    assert_eq!(relapse["what"], "chance of remission_after_first_line → relapse (Relapse)");
    assert_eq!(relapse["stated"], "about 50%");
    assert_eq!((relapse["approximate"].as_bool(), relapse["unit"].as_str()), (Some(true), Some("probability")));
    assert_eq!(relapse["sources"][0]["source"], "acs");
    assert_eq!(relapse["sources"].as_array().unwrap().len(), 2);
    assert!(relapse["sources"][0]["anchor"].as_str().unwrap().ends_with(":36"), "{}", relapse["sources"][0]);
}

/// Labels, sections and quotes with every character CSV and Markdown give a meaning to.
const HOSTILE: &str = r#"{
  "id": "hostile-figures",
  "title": "Figures | with *marks*",
  "version": "1",
  "sources": [{ "id": "src", "title": "Hand-made fixture" }],
  "nodes": [
    { "id": "dx", "kind": "start", "label": "Diagnosis", "sources": [{ "source": "src" }] },
    { "id": "induction", "kind": "phase", "label": "Induction, \"first\"", "duration": { "min": 1, "max": 2, "unit": "weeks" }, "sources": [{ "source": "src", "section": "A, \"B\"; C", "quote": "one | two, \"three\"" }] },
    { "id": "remission", "kind": "outcome", "label": "Remission", "outcome": "remission", "sources": [{ "source": "src" }] },
    { "id": "refractory", "kind": "outcome", "label": "Refractory", "outcome": "refractory", "sources": [{ "source": "src" }] }
  ],
  "edges": [
    { "from": "dx", "to": "induction" },
    { "from": "induction", "to": "remission", "probability": { "low": 0.8, "high": 0.9, "base": 0.85 }, "label": "CR, \"early\" | *fast*" },
    { "from": "induction", "to": "refractory", "probability": { "low": 0.1, "high": 0.2, "base": 0.15 } }
  ]
}"#;

#[test]
fn hostile_labels_survive_a_csv_reader_and_stay_inside_their_markdown_cell() {
    let (_dir, path) = temp_file("hostile-figures.json", HOSTILE);
    let path = path.to_str().unwrap();
    let csv = stdout_of(&["parameters", path]);
    if let Some(table) = python_csv(&csv, "hostile_labels_survive_a_csv_reader_and_stay_inside_their_markdown_cell") {
        assert_eq!(table.len(), 4, "{table:?}");
        assert!(table.iter().all(|row| row.len() == 14), "{table:?}");
        assert_eq!(table[1][5], "chance of induction → remission (CR, \"early\" | *fast*)");
        assert_eq!(table[1][6..9], ["0.8", "0.85", "0.9"]);
        assert_eq!(table[3][5], "length of induction (Induction, \"first\")");
        assert_eq!(table[3][11], "weeks");
        assert_eq!(table[3][13], "src, A, \"B\"; C, \u{201c}one | two, \"three\"\u{201d}");
    }
    let markdown = stdout_of(&["parameters", path, "--format", "markdown"]);
    assert!(markdown.starts_with("# Parameters of Figures \\| with \\*marks\\*\n"), "{markdown}");
    // Every table line has exactly the 9 unescaped pipes of 8 cells.
    let lines: Vec<&str> = markdown.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(lines.len(), 2 + 3, "{markdown}");
    for line in lines {
        let pipes = line.match_indices('|').filter(|(i, _)| !line[..*i].ends_with('\\')).count();
        assert_eq!(pipes, 9, "{line}");
    }
    assert!(markdown.contains("Not medical advice"), "{markdown}");
}

#[test]
fn a_file_with_errors_is_reported_and_gets_no_table() {
    let (_dir, path) = temp_file("broken.json", &HOSTILE.replace("\"to\": \"refractory\"", "\"to\": \"nowhere\""));
    let output = carepath().args(["parameters", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", String::from_utf8_lossy(&output.stdout));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere"));
}
