//! Reference snapshots of the export and listing bodies, taken through the `carepath` binary
//! (the CLI output is the contract; the library API may change): flowcharts of
//! `tests/fixtures/export/*.json` in every format, path listings and outcomes of
//! `tests/fixtures/paths/*.json` in every format, both of
//! `tests/fixtures/components/options.json`, and the files `build` writes.
//!
//! The split with `tests/cli.rs`: insta holds these bodies, taken with default options;
//! trycmd (`tests/cmd/*.toml`) holds command behaviour — help, exit codes, diagnostics, usage
//! errors, filters, `--patient`, `--limit`, the ALL pathway's listings and outcomes. Neither
//! repeats bytes the other holds.
//!
//! insta compares text after trimming trailing whitespace, ignoring leading newlines and
//! reading `\r\n` as `\n`; [`exact`] checks those ends and line endings itself, so each
//! snapshot plus its check pins the output byte for byte. Review changes with
//! `cargo insta review`, or `INSTA_UPDATE=always cargo test --test snapshots` and `git diff`.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::carepath;

/// Line ending of CSV (RFC 4180).
const CRLF: &str = "\r\n";
/// Line ending of every other format.
const LF: &str = "\n";

/// Runs `carepath` from the repository root; returns standard output, asserting exit 0 and an
/// empty standard error.
fn stdout_of(args: &[&str]) -> String {
    let output = carepath().args(args).output().expect("carepath runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    assert_eq!(stderr, "", "{args:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Checks what insta's text comparison does not: every line ends with `newline` (and there
/// is no other carriage return), the text ends with exactly one line ending with no trailing
/// whitespace before it, and it does not start with a blank line. Returns the text with `\n`
/// line endings, for the snapshot.
fn exact(text: &str, newline: &str) -> String {
    let lf_only = text.replace(CRLF, LF);
    if newline == CRLF {
        assert_eq!(lf_only.matches('\n').count(), text.matches(CRLF).count(), "a line does not end with CRLF");
    }
    assert!(!lf_only.contains('\r'), "carriage return other than in a CRLF line ending");
    let body = lf_only.strip_suffix('\n').expect("ends with a line ending");
    assert!(!body.ends_with(char::is_whitespace), "whitespace before the final line ending");
    assert!(!lf_only.starts_with(['\n', ' ']), "starts with blank space");
    lf_only
}

fn render(fixture: &str, format: &str) -> String {
    render_file(&format!("tests/fixtures/export/{fixture}.json"), format)
}

fn render_file(path: &str, format: &str) -> String {
    // hostile.json's labels hold control characters on purpose (CP072); allowed, they must
    // come out escaped in every format.
    exact(&stdout_of(&["render", path, "--engine", "builtin", "--format", format, "--allow", "CP072"]), LF)
}

#[test]
fn render_small() {
    insta::assert_snapshot!("render_small_dot", render("small", "dot"));
    insta::assert_snapshot!("render_small_mermaid", render("small", "mermaid"));
    insta::assert_snapshot!("render_small_svg", render("small", "svg"));
}

#[test]
fn render_hostile() {
    insta::assert_snapshot!("render_hostile_dot", render("hostile", "dot"));
    insta::assert_snapshot!("render_hostile_mermaid", render("hostile", "mermaid"));
    insta::assert_snapshot!("render_hostile_svg", render("hostile", "svg"));
}

/// `paths` in every format, then `outcomes` in every format, of one paths fixture.
fn listings(fixture: &str) {
    listings_of(&format!("tests/fixtures/paths/{fixture}.json"), &fixture.replace('-', "_"));
}

/// [`listings`] of the fixture at `path`, snapshotted as `paths_<name>_<format>` and
/// `outcomes_<name>_<format>`.
fn listings_of(path: &str, name: &str) {
    for (format, newline) in [("text", LF), ("json", LF), ("csv", CRLF), ("markdown", LF)] {
        let listing = exact(&stdout_of(&["paths", path, "--format", format]), newline);
        insta::assert_snapshot!(format!("paths_{name}_{format}"), listing);
    }
    for format in ["text", "json"] {
        let outcomes = exact(&stdout_of(&["outcomes", path, "--format", format]), LF);
        insta::assert_snapshot!(format!("outcomes_{name}_{format}"), outcomes);
    }
}

/// Likelihoods and option sets (tests/fixtures/components/options.json): every listing and
/// every flowchart format.
#[test]
fn components_options() {
    let path = "tests/fixtures/components/options.json";
    listings_of(path, "components_options");
    insta::assert_snapshot!("render_components_options_dot", render_file(path, "dot"));
    insta::assert_snapshot!("render_components_options_mermaid", render_file(path, "mermaid"));
    insta::assert_snapshot!("render_components_options_svg", render_file(path, "svg"));
}

#[test]
fn listings_include_else() {
    listings("include-else");
}

#[test]
fn listings_loop() {
    listings("loop");
}

#[test]
fn listings_ranges() {
    listings("ranges");
}

#[test]
fn listings_small() {
    listings("small");
}

/// Approximate figures, approximate durations, a step of unknown length, notes and caveats.
#[test]
fn listings_figures_approximate() {
    listings_of("tests/fixtures/figures/approximate.json", "figures_approximate");
}

/// The flowchart of the approximate fixture labels its chance edges as the file states them.
#[test]
fn render_figures_approximate() {
    let dot = exact(
        &stdout_of(&["render", "tests/fixtures/figures/approximate.json", "--engine", "builtin", "--format", "dot"]),
        LF,
    );
    insta::assert_snapshot!("render_figures_approximate_dot", dot);
}

/// `build` of the approximate fixture: the index gives its figures, its open time on treatment
/// and its caveats.
#[test]
fn build_figures_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pathways = dir.path().join("pathways");
    let out = dir.path().join("out");
    fs::create_dir(&pathways).expect("pathways folder");
    fs::copy(common::root().join("tests/fixtures/figures/approximate.json"), pathways.join("approximate.json"))
        .expect("copy fixture");
    let output =
        carepath().arg("build").arg("--pathways").arg(&pathways).arg("--out").arg(&out).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let read = |name: &str| fs::read_to_string(out.join(name)).expect("written file");
    insta::assert_snapshot!("build_figures_index", exact(&read("README.md"), LF));
    assert_eq!(
        read("approximate.paths.md"),
        stdout_of(&["paths", "tests/fixtures/figures/approximate.json", "--format", "markdown"])
    );
}

/// `build` of the export fixtures: the index and the path listings as snapshots; the
/// flowcharts must be exactly what `render --engine builtin` prints (snapshotted above).
#[test]
fn build_export_fixtures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pathways = dir.path().join("pathways");
    let out = dir.path().join("out");
    fs::create_dir(&pathways).expect("pathways folder");
    for fixture in ["small", "hostile"] {
        let name = format!("{fixture}.json");
        fs::copy(common::root().join("tests/fixtures/export").join(&name), pathways.join(&name)).expect("copy fixture");
    }
    let output = carepath()
        .arg("build")
        .arg("--pathways")
        .arg(&pathways)
        .arg("--out")
        .arg(&out)
        .args(["--allow", "CP072"])
        .output()
        .expect("carepath runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));

    let written: BTreeSet<String> =
        fs::read_dir(&out).expect("out folder").map(|e| e.expect("entry").file_name().into_string().unwrap()).collect();
    let mut expected = BTreeSet::from(["README.md".to_string()]);
    for id in ["hostile", "small"] {
        expected.extend(["dot", "fhir.json", "html", "mmd", "paths.md", "svg"].map(|ext| format!("{id}.{ext}")));
    }
    assert_eq!(written, expected);

    let read = |name: &str| fs::read_to_string(out.join(name)).expect("written file");
    insta::assert_snapshot!("build_export_index", exact(&read("README.md"), LF));
    insta::assert_snapshot!("build_export_small_fhir_json", exact(&read("small.fhir.json"), LF));
    for id in ["small", "hostile"] {
        insta::assert_snapshot!(format!("build_export_{id}_paths_md"), exact(&read(&format!("{id}.paths.md")), LF));
        for (ext, format) in [("dot", "dot"), ("mmd", "mermaid"), ("svg", "svg"), ("html", "html")] {
            assert_eq!(
                read(&format!("{id}.{ext}")),
                render(id, format),
                "{id}.{ext} differs from `render --format {format}`"
            );
        }
    }
}
