//! `carepath import synthea` on a corpus of modules: every module imports with no panic, at
//! least 90% give a pathway with no validation error, and `paths --count`, `outcomes` and
//! `render` run on each. Always on the hand-written modules of tests/fixtures/synthea; on
//! Synthea's own modules when `CAREPATH_SYNTHEA_MODULES` names their folder
//! (`src/main/resources/modules` of synthetichealth/synthea) or `../shared/synthea/modules`
//! holds them; no file here vendors them (see docs/synthea.md). Prints the corpus table of docs/synthea.md.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{carepath, root};

/// One row of the corpus table.
struct Row {
    module: String,
    states: String,
    nodes: usize,
    edges: usize,
    paths: String,
    findings: usize,
    errors: usize,
    outcomes: String,
    millis: f64,
}

/// Imports every module of `dir` (submodules from `dir`), then runs paths, outcomes and
/// render on each result; returns the rows.
fn corpus(dir: &Path) -> Vec<Row> {
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let import = carepath()
        .args(["import", "synthea"])
        .arg(dir)
        .arg("--submodules")
        .arg(dir)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let total = started.elapsed().as_secs_f64() * 1000.0;
    let code = import.status.code();
    assert!(matches!(code, Some(0..=2)), "import crashed: {import:?}");
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stdout = String::from_utf8_lossy(&import.stdout).into_owned();
    let mut rows = Vec::new();
    // One block per module: "MODULE → OUT", its lines, "  validation: ...".
    for block in stdout.split("\n\n").filter(|b| b.contains(" → ")) {
        let first = block.lines().next().unwrap();
        let (module, written) = first.split_once(" → ").unwrap();
        let second = block.lines().nth(1).unwrap();
        let states = second.rsplit_once("”: ").unwrap().1.split(" states").next().unwrap().to_owned();
        let numbers: Vec<usize> = second
            .rsplit_once("→ ")
            .unwrap()
            .1
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let findings = block
            .lines()
            .find(|l| l.starts_with("  findings in the module ("))
            .map_or(0, |l| l.trim_start_matches("  findings in the module (").trim_end_matches("):").parse().unwrap());
        let validation = block.lines().find(|l| l.starts_with("  validation: ")).unwrap();
        let errors: usize = validation["  validation: ".len()..].split(' ').next().unwrap().parse().unwrap();
        let file = Path::new(written);
        // Counting the paths of a graph with loops is enumeration, which some modules make
        // intractable (every loop inlined from a submodule multiplies them): cut at 10 s.
        let count = carepath().args(["paths", "--count"]).arg(file).timeout(Duration::from_secs(10)).output().unwrap();
        let outcomes = carepath().arg("outcomes").arg(file).output().unwrap();
        let render = carepath().args(["render", "--format", "svg", "--engine", "builtin"]).arg(file).output().unwrap();
        let cut = count.status.code().is_none();
        for (what, run) in [("paths --count", &count), ("outcomes", &outcomes), ("render", &render)] {
            let text = String::from_utf8_lossy(&run.stderr);
            assert!(
                (what == "paths --count" && cut)
                    || matches!(run.status.code(), Some(0..=2)) && !text.contains("panicked"),
                "{what} {written}: {text}"
            );
        }
        if errors == 0 {
            assert_eq!(render.status.code(), Some(0), "render {written}: {}", String::from_utf8_lossy(&render.stderr));
            assert!(render.stdout.starts_with(b"<svg"), "render {written}");
        }
        let paths = if cut {
            "counting cut at 10 s".to_owned()
        } else if count.status.success() {
            String::from_utf8_lossy(&count.stdout).trim().to_owned()
        } else {
            short(&String::from_utf8_lossy(&count.stderr))
        };
        let outcomes = match outcomes.status.code() {
            Some(0) => "yes".to_owned(),
            _ => short(&String::from_utf8_lossy(&outcomes.stderr)),
        };
        rows.push(Row {
            module: module.rsplit('/').next().unwrap().to_owned(),
            states,
            nodes: numbers[0],
            edges: numbers[1],
            paths,
            findings,
            errors,
            outcomes,
            millis: total,
        });
    }
    rows
}

/// A command's error in a few words, for the table.
fn short(stderr: &str) -> String {
    let first = stderr.lines().next().unwrap_or("");
    if first.contains("has validation errors") {
        "– (validation errors)".to_owned()
    } else if let Some(n) = first.split("into ").nth(1).and_then(|r| r.split(' ').next()) {
        format!("needs --patient ({n} classes)")
    } else {
        first.to_owned()
    }
}

fn table(rows: &[Row]) -> String {
    let mut s = String::from("| module | states | nodes | edges | paths | findings | errors | outcomes |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.module, r.states, r.nodes, r.edges, r.paths, r.findings, r.errors, r.outcomes
        ));
    }
    let clean = rows.iter().filter(|r| r.errors == 0).count();
    s.push_str(&format!(
        "\n{} modules, {} with no validation error ({:.0}%); import of all {:.0} ms\n",
        rows.len(),
        clean,
        100.0 * clean as f64 / rows.len().max(1) as f64,
        rows.first().map_or(0.0, |r| r.millis)
    ));
    s
}

#[test]
fn the_hand_written_modules_import_and_every_command_runs_on_them() {
    let rows = corpus(&root().join("tests/fixtures/synthea/modules"));
    println!("{}", table(&rows));
    let got: Vec<(&str, &str, usize, usize, &str, usize, usize)> = rows
        .iter()
        .map(|r| (r.module.as_str(), r.states.as_str(), r.nodes, r.edges, r.paths.as_str(), r.findings, r.errors))
        .collect();
    assert_eq!(
        got,
        [
            ("cancer_treatment.json", "33", 26, 33, "24", 0, 0),
            ("small_loop.json", "5", 6, 6, "1", 0, 0),
            ("traps.json", "26", 18, 25, "9", 4, 0),
        ]
    );
}

#[test]
fn synthea_s_own_modules_when_their_folder_is_given() {
    // The steering repository's shared/ is the one place third-party data may be kept: when
    // it gains the corpus, CI runs this test on it with no change here.
    let shared = root().join("../shared/synthea/modules");
    let dir = match std::env::var_os("CAREPATH_SYNTHEA_MODULES") {
        Some(dir) => std::path::PathBuf::from(dir),
        None if shared.is_dir() => shared,
        None => {
            println!(
                "SKIP synthea corpus: set CAREPATH_SYNTHEA_MODULES to a folder of Synthea modules \
                 (src/main/resources/modules of synthetichealth/synthea), or place them in \
                 ../shared/synthea/modules; none is vendored here, see docs/synthea.md"
            );
            return;
        }
    };
    let rows = corpus(&dir);
    println!("{}", table(&rows));
    assert!(!rows.is_empty(), "no module imported from {}", dir.display());
    let clean = rows.iter().filter(|r| r.errors == 0).count();
    assert!(clean * 10 >= rows.len() * 9, "only {clean} of {} modules have no validation error", rows.len());
}

/// The file names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn an_import_that_would_overwrite_a_file_it_did_not_write_changes_nothing() {
    let modules = root().join("tests/fixtures/synthea/modules");
    let out = tempfile::tempdir().unwrap();
    // The third module's target is taken by a file an import did not write: the first two,
    // already staged when the third is refused, must not appear, nor any temporary.
    std::fs::write(out.path().join("traps-example.json"), "{\"mine\": true}\n").unwrap();
    let run = carepath().args(["import", "synthea"]).arg(&modules).arg("-o").arg(out.path()).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("traps-example.json exists and is not an earlier import from Synthea: move it, or give another output folder with -o"),
        "{stderr}"
    );
    assert_eq!(run.stdout, b"");
    assert_eq!(names(out.path()), ["traps-example.json"]);
    assert_eq!(std::fs::read_to_string(out.path().join("traps-example.json")).unwrap(), "{\"mine\": true}\n");

    // Without it, the import writes all three; a second import over its own files succeeds.
    std::fs::remove_file(out.path().join("traps-example.json")).unwrap();
    for _ in 0..2 {
        let run = carepath().args(["import", "synthea"]).arg(&modules).arg("-o").arg(out.path()).output().unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(names(out.path()), ["example-cancer-treatment.json", "small-loop.json", "traps-example.json"]);
    }
}

#[test]
fn an_import_never_writes_over_the_module_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("small-loop.json");
    let text = std::fs::read_to_string(root().join("tests/fixtures/synthea/modules/small_loop.json")).unwrap();
    std::fs::write(&module, &text).unwrap();
    let run = carepath().args(["import", "synthea"]).arg(&module).arg("-o").arg(dir.path()).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "small-loop.json would be written over a module being imported: give another output folder with -o"
        ),
        "{stderr}"
    );
    assert_eq!(names(dir.path()), ["small-loop.json"]);
    assert_eq!(std::fs::read_to_string(&module).unwrap(), text);
}
