//! The measuring of `scripts/layout-quality` (issue 15) is right: runs its unit tests,
//! `python3 scripts/test_layout_quality.py`, which check the counts on hand-made SVG snippets
//! (crossings of unrelated edges, edges through a box, shared edge ends, lengths, the
//! Graphviz format). Where python3 is absent the test says `SKIP` and passes.

use std::process::Command;

#[test]
fn the_layout_measures_count_right_on_hand_made_svgs() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = match Command::new("python3").arg("scripts/test_layout_quality.py").current_dir(root).output() {
        Ok(output) => output,
        Err(e) => {
            eprintln!("SKIP the_layout_measures_count_right_on_hand_made_svgs: python3 is not on PATH ({e})");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "scripts/test_layout_quality.py failed:\n{stderr}");
    let summary = stderr.lines().rev().find(|l| l.starts_with("Ran ")).unwrap_or_default();
    assert!(summary.starts_with("Ran 14 tests"), "unexpected unittest summary {summary:?}:\n{stderr}");
}
