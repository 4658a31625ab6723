//! Shared helpers for the CLI tests: run the binary, read the ALL pathway, write temp files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of the ALL pathway.
pub fn all_pathway() -> String {
    std::fs::read_to_string(root().join("pathways/adult-all.json")).unwrap()
}

/// A `carepath` command run from the repository root.
pub fn carepath() -> Command {
    let mut cmd = Command::cargo_bin("carepath").unwrap();
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

/// Writes `text` as `name` in a fresh temporary folder; returns (folder guard, path).
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Runs `validate --format json` on a file; returns (exit code, diagnostics as (code, line, column, message)).
pub fn validate_json(path: &Path, extra: &[&str]) -> (i32, Vec<(String, u64, u64, String)>) {
    let output = carepath().arg("validate").arg("--format").arg("json").args(extra).arg(path).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    let diags = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (output.status.code().unwrap(), diags)
}

/// 1-based line of the first occurrence of `needle` in `text` (panics if absent or repeated).
pub fn line_of(text: &str, needle: &str) -> u64 {
    assert_eq!(text.matches(needle).count(), 1, "marker must be unique: {needle}");
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() as u64 + 1
}

/// 1-based column (in characters) of the first occurrence of `needle`.
pub fn column_of(text: &str, needle: &str) -> u64 {
    let at = text.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].chars().count() as u64 + 1
}

/// Replaces exactly one occurrence.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "edit anchor must be unique: {from}");
    text.replacen(from, to, 1)
}

/// What a label written as `text` means, read as Mermaid reads it: entity codes (`#quot;`,
/// `#NN;`) and `\n` (a line break) decoded into the label's HTML text; then, in the finished
/// SVG (where that text is XML-escaped), Mermaid's entity placeholders (`ﬂ°°NN¶ß`, `ﬂ°NAME¶ß`)
/// decoded once more.
pub fn mermaid_decode(text: &str) -> String {
    let text = text.replace("\\n", "\n");
    let mut first = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find('#') {
        first.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').expect("an entity code ends with ;");
        let code = &after[..end];
        if code == "quot" {
            first.push('"');
        } else {
            first.push(char::from_u32(code.parse().expect("decimal entity code")).expect("a character"));
        }
        rest = &after[end + 1..];
    }
    first.push_str(rest);
    let svg = first.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let svg = svg.replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";");
    let xml = format!("<t>{svg}</t>");
    let doc = roxmltree::Document::parse(&xml).expect("the finished SVG text is XML");
    doc.root_element().text().unwrap_or("").to_string()
}

/// The Chromium a browser test drives (`CAREPATH_CHROMIUM`, else Debian's `/usr/bin/chromium`)
/// when it, `node` and the npm `packages` (from `npm ci`) are all here; else why the test cannot run.
pub fn browser_tools(packages: &[&str]) -> Result<PathBuf, String> {
    let chromium =
        std::env::var_os("CAREPATH_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    node_tools(packages)?;
    if !chromium.is_file() {
        return Err(format!("{} is missing (apt-get install chromium)", chromium.display()));
    }
    Ok(chromium)
}

/// Whether `node` and the npm `packages` (from `npm ci`) are here; else why a test cannot run.
pub fn node_tools(packages: &[&str]) -> Result<(), String> {
    let node = std::process::Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node is not on PATH (apt-get install nodejs npm)".into());
    }
    for package in packages {
        if !root().join("node_modules").join(package).join("package.json").is_file() {
            return Err(format!("node_modules/{package} is missing (run `npm ci`)"));
        }
    }
    Ok(())
}

/// The CSV as Python's `csv` module reads it, or `None` (with a SKIP line) without python3.
pub fn python_csv(csv: &str, test: &str) -> Option<Vec<Vec<String>>> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let script = "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin, strict=True))))";
    let child = Command::new("python3").args(["-c", script]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("SKIP {test}: python3 is not on PATH ({e})");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(csv.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "python's csv reader refused the CSV");
    Some(serde_json::from_slice(&output.stdout).unwrap())
}
