//! `carepath diff` beyond the trycmd cases: reading `REV:PATH` through git (skipped, with the
//! reason printed, where git or the repository is absent), the common refinement of both
//! files' patient classes, and changes of components, costs and quotes in words.

mod common;

use carepath::diff::{compare, render_text, ChangeKind, Diff, Figure, Section};
use carepath::source::SourceText;
use common::carepath;

/// Whether `git` runs here and the repository root is a work tree with a HEAD.
fn git_here() -> Result<(), String> {
    let output = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "HEAD"])
        .current_dir(common::root())
        .output()
        .map_err(|e| format!("git cannot be run: {e}"))?;
    if !output.status.success() {
        return Err(format!("not a git work tree with a HEAD: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(())
}

#[test]
fn rev_path_reads_the_file_from_git() {
    if let Err(reason) = git_here() {
        println!("skipped: {reason}");
        return;
    }
    let output = carepath()
        .args(["diff", "HEAD:pathways/adult-all.json", "HEAD:pathways/adult-all.json", "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "carepath diff: HEAD:pathways/adult-all.json → HEAD:pathways/adult-all.json\n\
         No change: the two files give the same pathway, paths and outcome figures.\n\n\
         Not medical advice: this shows a treatment pathway as its sources describe it.\n"
    );
}

#[test]
fn rev_path_not_in_the_revision_is_exit_2() {
    if let Err(reason) = git_here() {
        println!("skipped: {reason}");
        return;
    }
    let output = carepath().args(["diff", "HEAD:pathways/no-such.json", "pathways/adult-all.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(output.stdout, b"");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: HEAD:pathways/no-such.json: git cannot read it: fatal: path 'pathways/no-such.json' does not exist in 'HEAD'\n"
    );
}

fn pathway(text: &str) -> carepath::model::PathwayFile {
    carepath::load::load_text(SourceText::new("t.json", text)).unwrap().pathway
}

/// A start, one decision on `FACTOR` (`good` when it holds, `bad` else), two outcomes.
fn decided_on(factor: &str) -> String {
    format!(
        r#"{{ "id": "t", "title": "T", "version": "1", "sources": [],
  "factors": [ {{ "id": "x", "type": "boolean", "label": "X" }}, {{ "id": "y", "type": "boolean", "label": "Y" }} ],
  "nodes": [
    {{ "id": "start", "kind": "start", "label": "Start" }},
    {{ "id": "choose", "kind": "decision", "label": "Choose" }},
    {{ "id": "good", "kind": "outcome", "label": "Good", "outcome": "remission" }},
    {{ "id": "bad", "kind": "outcome", "label": "Bad", "outcome": "refractory" }}
  ],
  "edges": [
    {{ "from": "start", "to": "choose" }},
    {{ "from": "choose", "to": "good", "when": "{factor}" }},
    {{ "from": "choose", "to": "bad", "when": "else" }}
  ] }}"#
    )
}

fn diff(old: &str, new: &str) -> Diff {
    compare(&pathway(old), &pathway(new), "old.json", "new.json").unwrap()
}

#[test]
fn a_changed_decision_is_compared_on_the_common_refinement() {
    let d = diff(&decided_on("x"), &decided_on("y"));
    // Each file alone has two classes; together, four: x and y decide apart.
    assert_eq!(d.classes, 4);
    assert_eq!(d.items.len(), 1);
    assert_eq!(
        (d.items[0].section, d.items[0].id.as_str(), d.items[0].kind),
        (Section::Edge, "choose → good", ChangeKind::Changed)
    );
    assert_eq!((d.items[0].fields[0].old.as_str(), d.items[0].fields[0].new.as_str()), ("`x`", "`y`"));
    let conditions: Vec<&[String]> = d.outcomes.iter().map(|g| g.conditions.as_slice()).collect();
    assert_eq!(conditions, [&["!x && y".to_string()][..], &["x && !y".to_string()][..]]);
    let first = &d.outcomes[0].changes;
    let figures: Vec<&Figure> = first.iter().map(|c| &c.figure).collect();
    assert_eq!(
        figures,
        [
            &Figure::Terminal("good".into()),
            &Figure::Terminal("bad".into()),
            &Figure::Category("remission".into()),
            &Figure::Category("refractory".into())
        ]
    );
    // OLD sends these patients (y without x) to `bad` only: `good` is not reached there.
    assert!(first[0].old.is_none());
    assert_eq!(first[0].new.as_ref().map(|v| v.words.as_str()), Some("100% (exact 1)"));
    assert_eq!(first[1].old.as_ref().map(|v| v.words.as_str()), Some("100% (exact 1)"));
    assert!(first[1].new.is_none());
    assert!(d.has_changes());
    // The paths are the same: a decision's condition does not change them.
    assert!(!d.paths.changed());
}

#[test]
fn components_costs_and_quotes_are_compared_in_words() {
    let base = r#"{ "id": "t", "title": "T", "version": "1",
  "sources": [ { "id": "s", "title": "S" } ],
  "nodes": [
    { "id": "start", "kind": "start", "label": "Start" },
    { "id": "phase", "kind": "phase", "label": "Phase", "duration": { "min": 1, "max": 2, "unit": "months" },
      "cost": { "low": 900, "high": 1100, "currency": "EUR", "per": "month" } },
    { "id": "drug", "kind": "intervention", "label": "Drug" },
    { "id": "done", "kind": "outcome", "label": "Done", "outcome": "remission" }
  ],
  "edges": [
    { "from": "start", "to": "phase" },
    { "from": "phase", "to": "drug", "kind": "includes", "likelihood": "often" },
    { "from": "phase", "to": "done", "sources": [ { "source": "s", "quote": "Most go on." } ] }
  ] }"#;
    let new = base
        .replace(r#""likelihood": "often""#, r#""likelihood": "sometimes""#)
        .replace(r#""low": 900, "high": 1100"#, r#""low": 1000, "high": 1200"#)
        .replace("Most go on.", "Many go on.");
    let d = diff(base, &new);
    let text = render_text(&d);
    assert_eq!(
        text,
        "carepath diff: old.json → new.json\n\
         Changes: 1 node changed, 2 edges changed, 1 path before and after, 1 phase component changed, and outcome figures changed for 1 of 1 classes of patients.\n\
         \n\
         Steps (nodes):\n  changed phase “Phase”\n    cost: 900–1,100 EUR per month → 1,000–1,200 EUR per month\n\
         \n\
         Edges:\n  changed phase → done\n    citation of s: “Most go on.” → “Many go on.”\n\
         \x20 changed phase → drug (includes)\n    likelihood: often → sometimes\n\
         \n\
         Components per phase:\n  phase / drug: “Drug”: given with the phase, often → “Drug”: given with the phase, sometimes\n\
         \n\
         Outcome figures per class of patients (1 class of both files together):\n\
         \n\
         == For: all patients\n  expected cost: 900 to 2,200 EUR → 1,000 to 2,400 EUR\n\
         \n\
         Not medical advice: this shows a treatment pathway as its sources describe it.\n"
    );
}
