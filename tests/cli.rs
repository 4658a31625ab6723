//! Reference CLI cases: every command's exit code, messages and `--help`, as `tests/cmd/*.toml`
//! files run by trycmd (as typos `crates/typos-cli/tests/cli_tests.rs` does).
//!
//! The split with `tests/snapshots.rs`: trycmd holds command *behaviour* — help, exit codes,
//! diagnostics in every report format, usage errors, filters and counts, listings of the ALL
//! pathway, outcomes with a profile and of the ALL pathway, highlights, files written. insta
//! holds the *bodies* of the plain exports and listings of the small fixtures (flowcharts of
//! `tests/fixtures/export/*.json`, path listings and outcomes of `tests/fixtures/paths/*.json`
//! in every format, the files `build` writes). A case here never repeats bytes a snapshot
//! there holds.
//!
//! Each case is a `.toml` (arguments, expected exit code, working folder: the repository root,
//! or a sandbox copy when the command writes files) beside the exact `.stdout` and `.stderr`
//! (an empty file: nothing may be printed there). A `.in/` folder is the case's working
//! folder; a `.out/` folder holds files the command must write. Every case sets
//! `binary = true`: trycmd's text mode would turn every `\` into `/` and read `[..]` and `...`
//! in an expected file as wildcards, and the outputs hold both (JSON and DOT escapes,
//! `in [..]`). On a failure trycmd prints the expected and the actual output whole; for a
//! diff, run `TRYCMD=overwrite cargo test --test cli` and `git diff tests/cmd`, then review
//! every changed file. One case only: `cargo test --test cli -- cli_tests trycmd=paths-all`.

use std::fs;
use std::path::PathBuf;

#[test]
fn cli_tests() {
    trycmd::TestCases::new()
        // No colour from carepath or clap, and clap's help wrapped at its default 100 columns
        // whatever the terminal of the person running the tests.
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml");
}

/// trycmd compares the files of a `.out/` folder in text mode whatever `binary` says: with
/// every `\` read as `/` and `[..]` / `...` as wildcards. A file without them is compared
/// exactly; keep files with them out of `.out/` (tests/snapshots.rs checks such files).
#[test]
fn out_folders_hold_only_files_trycmd_compares_exactly() {
    let mut stack: Vec<PathBuf> = fs::read_dir("tests/cmd")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.extension().is_some_and(|e| e == "out"))
        .collect();
    let mut checked = 0;
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        assert!(!text.contains('\\'), "{}: holds a backslash", path.display());
        assert!(!text.contains("[..]"), "{}: holds `[..]`", path.display());
        assert!(!text.lines().any(|l| l == "..."), "{}: holds a `...` line", path.display());
        checked += 1;
    }
    assert!(checked > 0, "no .out file found: run from the repository root");
}
