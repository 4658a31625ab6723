//! The shape of the code, kept true by tests: the layers of docs/architecture.md (a module
//! imports only modules of lower layers), no file under `src/` over 700 lines, every file
//! opening with a `//!` line, and no `Result<_, String>` in the library.
//!
//! A new module must be given a layer in [`LAYERS`] (and in docs/architecture.md); a test
//! fails until it is.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every top-level module of the library and its layer, lowest first. A module may import
/// (name `crate::x`) only modules of a strictly lower layer. Keep in step with the table in
/// docs/architecture.md.
const LAYERS: &[(&str, u8)] = &[
    // Foundations: the file format, the text of a file and positions in it, suggestions,
    // atomic writes.
    ("model", 0),
    ("source", 0),
    ("suggest", 0),
    ("fsutil", 0),
    // Beside every output: escaping and numbers; diagnostics as data; the one flow graph;
    // the schema; synthetic pathways for benchmarks.
    ("text", 1),
    ("diag", 1),
    ("graph", 1),
    ("schema", 1),
    ("synth", 1),
    // Reading files; conditions over patient factors.
    ("load", 2),
    ("condition", 2),
    // Source texts and anchors (reads texts as `load` reads pathway files).
    ("citation", 3),
    // What carepath computes: findings, paths, outcomes, flowcharts.
    ("validate", 4),
    ("paths", 4),
    ("outcomes", 4),
    ("export", 4),
    // The rule catalogue's texts (explain, docs), read from the validate registry; the
    // explorer page, which puts flowcharts, paths and outcomes together.
    ("rules", 5),
    // The patient summary, in words, from the paths' components and the outcomes.
    ("summary", 5),
    ("explorer", 5),
    // For health-economics modellers: the parameter table, from the model's figures.
    ("economics", 5),
    // `carepath diff`: two versions of a pathway compared, from their items, paths and outcomes.
    ("diff", 5),
    ("import", 5),
    ("fhir", 4),
    // Reporters of findings.
    ("report", 6),
    // The main job, on top of everything.
    ("build", 7),
];

/// The binary's files: glue above the library, free to use any of it.
const BINARY: &[&str] = &[
    "main.rs",
    "cli.rs",
    "cli/diff.rs",
    "cli/economics.rs",
    "cli/import.rs",
    "cli/render.rs",
    "commands.rs",
    "commands/diff.rs",
    "commands/economics.rs",
    "commands/import.rs",
];

const MAX_LINES: usize = 700;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as (path relative to `src/`, text), sorted.
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
                files.push((rel, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// The top-level module a file belongs to (`paths/list/csv.rs` → `paths`).
fn module_of(rel: &str) -> &str {
    rel.split('/').next().unwrap_or(rel).trim_end_matches(".rs")
}

/// Whether a file is test code only: a `tests.rs`, a file under a `tests/` folder, or a module
/// declared `#[cfg(test)]` by its parent (the validate fixture).
fn is_test_file(rel: &str, all: &[(String, String)]) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".rs");
    if name == "tests" || rel.contains("/tests/") {
        return true;
    }
    all.iter().any(|(_, text)| {
        text.contains(&format!("#[cfg(test)]\nmod {name};"))
            || text.contains(&format!("#[cfg(test)]\npub(crate) mod {name};"))
    })
}

/// The code of a file without its comments and its trailing `#[cfg(test)] mod tests { .. }`.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The modules a file's code names as `crate::x`.
fn imports(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
        if !name.is_empty() && !found.contains(&name) {
            found.push(name);
        }
    }
    // `use crate::{a, b::c}` groups.
    let mut rest = code;
    while let Some(i) = rest.find("crate::{") {
        rest = &rest[i + "crate::{".len()..];
        let group = &rest[..rest.find('}').unwrap_or(rest.len())];
        for part in group.split(',') {
            let name: String = part.trim().chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            if !name.is_empty() && !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn every_module_has_a_layer_and_imports_only_lower_layers() {
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let all = sources();
    let mut problems = Vec::new();
    for (rel, text) in &all {
        if BINARY.contains(&rel.as_str()) || rel == "lib.rs" {
            continue;
        }
        let module = module_of(rel);
        let Some(&layer) = layers.get(module) else {
            problems.push(format!("src/{rel}: module `{module}` has no layer in tests/architecture.rs LAYERS"));
            continue;
        };
        if is_test_file(rel, &all) {
            continue;
        }
        for import in imports(&code(text)) {
            if import == module {
                continue;
            }
            match layers.get(import.as_str()) {
                Some(&other) if other < layer => {}
                Some(&other) => problems.push(format!(
                    "src/{rel}: `{module}` (layer {layer}) imports `{import}` (layer {other}); a module imports only lower layers"
                )),
                None => problems.push(format!("src/{rel}: imports `crate::{import}`, which has no layer")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_library_module_is_declared_in_lib_rs_and_has_a_layer() {
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_suffix(';'))
        .filter_map(|l| l.rsplit_once("mod ").map(|(_, name)| name))
        .collect();
    let mut names: Vec<&str> = declared.clone();
    names.sort();
    let mut layered: Vec<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    layered.sort();
    assert_eq!(names, layered, "lib.rs modules and LAYERS differ");
}

#[test]
fn no_file_under_src_is_over_700_lines() {
    let long: Vec<String> = sources()
        .iter()
        .map(|(rel, text)| (rel, text.lines().count()))
        .filter(|&(_, n)| n > MAX_LINES)
        .map(|(rel, n)| format!("src/{rel}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these by concern:\n{}", long.join("\n"));
}

#[test]
fn every_file_opens_with_a_module_doc_line() {
    let missing: Vec<String> = sources()
        .iter()
        .filter(|(rel, text)| !text.starts_with("//!") && !is_test_file(rel, &sources()))
        .map(|(rel, _)| format!("src/{rel}"))
        .collect();
    assert!(missing.is_empty(), "open these with a `//!` line saying what the file owns:\n{}", missing.join("\n"));
}

#[test]
fn no_result_with_a_string_error_in_the_library() {
    let mut found = Vec::new();
    for (rel, text) in sources() {
        if BINARY.contains(&rel.as_str()) {
            continue;
        }
        for (n, line) in code(&text).lines().enumerate() {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.contains(",String>") && compact.contains("Result<") {
                found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "library errors are typed (thiserror), not strings:\n{}", found.join("\n"));
}

#[test]
fn the_checker_sees_imports_in_every_spelling() {
    assert_eq!(
        imports("use crate::model::{A, B};\nuse crate::{graph, text::escape};\nfoo(crate::suggest::closest(x))"),
        ["model", "suggest", "graph", "text"]
    );
    assert_eq!(imports("// crate::report\n"), ["report"], "comments are dropped by code(), not here");
    assert_eq!(imports(&code("// crate::report\nlet x = 1;")), Vec::<String>::new());
}
