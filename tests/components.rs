//! Likelihoods and option sets through the CLI, beyond the snapshots of
//! `tests/fixtures/components/options.json` (tests/snapshots.rs): the words survive Graphviz,
//! a patient profile narrows a set to its options that apply, a condition every option shares
//! is said once, agents keep their likelihood, and hostile set labels are escaped in every
//! format.

mod common;

use std::process::{Command, Stdio};

use common::carepath;

const OPTIONS: &str = "tests/fixtures/components/options.json";
const HOSTILE: &str = "tests/fixtures/components/hostile.json";

fn stdout_of(args: &[&str]) -> String {
    let output = carepath().args(args).output().expect("carepath runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The text content of every `<text>` element of an SVG, in document order.
fn svg_texts(svg: &str) -> Vec<String> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(svg, options).expect("SVG is well-formed XML");
    assert_eq!(doc.descendants().filter(|n| n.tag_name().name() == "script").count(), 0, "no script element");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>())
        .collect()
}

/// The lines a flowchart of OPTIONS must show: components with their likelihood, the sets as
/// a heading over their options, the branches of the multiple decision with theirs.
const DRAWN: &[&str] = &[
    "\u{2022} Vincristine",
    "\u{2022} Daunorubicin or doxorubicin (usually)",
    "\u{2022} Imatinib or dasatinib (often)",
    "\u{2022} CNS therapy, one or more of:",
    "\u{25e6} Intrathecal chemotherapy (often)",
    "\u{25e6} Radiation to the brain (rarely)",
    "\u{2022} Steroid, one of:",
    "\u{25e6} Dexamethasone",
    "\u{25e6} Prednisone",
    "Chemotherapy (usually)",
];
/// An edge label with its likelihood, drawn on one line by Graphviz; the built-in engine
/// wraps edge labels after 24 characters, so there it is two lines.
const LABEL: &str = "high risk of relapse (sometimes)";

/// The DOT that `render --format dot` prints, drawn by Graphviz's own `dot -Tsvg`, keeps every
/// word: the components' likelihoods, the option sets and the legend's note.
#[test]
fn dot_round_trips_through_graphviz_with_its_words() {
    if Command::new("dot").arg("-V").output().is_err() {
        eprintln!("SKIP dot_round_trips_through_graphviz_with_its_words: Graphviz `dot` is not on PATH");
        return;
    }
    let dot = stdout_of(&["render", OPTIONS, "--format", "dot"]);
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), dot.as_bytes()).expect("DOT written");
    let output = child.wait_with_output().expect("dot finishes");
    assert!(output.status.success(), "dot: {}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "Graphviz warns about nothing");
    let texts = svg_texts(&String::from_utf8(output.stdout).expect("UTF-8 SVG"));
    for line in DRAWN.iter().chain([&LABEL]) {
        assert!(texts.iter().any(|t| t == line), "{line:?} not drawn by Graphviz; texts: {texts:?}");
    }
    // The high-dose line is wrapped nowhere by Graphviz, and the legend's note in three lines.
    assert!(texts.iter().any(|t| t == "\u{25e6} High-dose IV chemotherapy (sometimes)"), "{texts:?}");
    let legend: String = texts.iter().skip_while(|t| !t.starts_with("(often) etc.")).take(3).cloned().collect();
    assert_eq!(legend, "(often) etc.: how often the sourcesays it applies: usually, often,sometimes, rarely");
}

/// The built-in engine draws the same lines (the high-dose option wrapped, its continuation
/// indented; the edge label in two lines) and says what the words mean in its legend.
#[test]
fn builtin_svg_shows_the_same_words() {
    let texts = svg_texts(&stdout_of(&["render", OPTIONS, "--format", "svg", "--engine", "builtin"]));
    for line in DRAWN {
        assert!(texts.iter().any(|t| t == line), "{line:?} not drawn; texts: {texts:?}");
    }
    let at = texts.iter().position(|t| t == "high risk of relapse").expect("the label's first line");
    assert_eq!(format!("{} {}", texts[at], texts[at + 1]), LABEL);
    let note: Vec<&String> = texts.iter().skip_while(|t| !t.starts_with("(often) etc.")).collect();
    assert_eq!(note.len(), 4, "{texts:?}");
}

/// Without any likelihood to show, the legend says nothing about likelihood words.
#[test]
fn the_legend_explains_likelihood_words_only_where_there_are_some() {
    for format in ["dot", "svg"] {
        let small =
            stdout_of(&["render", "tests/fixtures/export/small.json", "--format", format, "--engine", "builtin"]);
        assert!(!small.contains("(often) etc.:"), "{format}");
        let options = stdout_of(&["render", OPTIONS, "--format", format, "--engine", "builtin"]);
        assert!(options.contains("(often) etc.: how often the"), "{format}");
    }
}

/// Regression: an intervention whose label names every agent was shown by its label alone,
/// which dropped "(sometimes)" on one of its agents.
#[test]
fn an_agents_likelihood_is_kept_when_the_label_names_every_agent() {
    let text = stdout_of(&["paths", OPTIONS, "--limit", "1"]);
    assert!(
        text.contains("    Daunorubicin or doxorubicin (usually): daunorubicin or doxorubicin (sometimes)\n"),
        "{text}"
    );
    let json = stdout_of(&["paths", OPTIONS, "--format", "json", "--limit", "1"]);
    assert!(
        json.contains(r#"{"likelihood":"sometimes","name":"doxorubicin"}"#)
            && json.contains(r#""text":"Daunorubicin or doxorubicin: daunorubicin or doxorubicin (sometimes)""#),
        "{json}"
    );
}

/// A profile that rules out an option leaves the set with the others; one that fixes a
/// condition drops it from the line.
#[test]
fn a_profile_narrows_a_set_to_the_options_that_apply() {
    let text = stdout_of(&["paths", OPTIONS, "--patient", "cns_involvement=false,ph_positive=true", "--limit", "1"]);
    assert!(
        text.contains(
            "    CNS therapy, one or more of: Intrathecal chemotherapy (often); High-dose IV chemotherapy (sometimes)\n"
        ),
        "{text}"
    );
    assert!(text.contains("    Imatinib or dasatinib (often)\n"), "{text}");
    let text = stdout_of(&["paths", OPTIONS, "--patient", "cns_involvement=true", "--limit", "1"]);
    assert!(text.contains("; Radiation to the brain (rarely)\n"), "{text}");
}

/// Options that share one condition: the set says it once, before its label; a set left with
/// one option on the path is `<label>: <option>`.
#[test]
fn a_condition_every_option_shares_is_said_once() {
    let text = std::fs::read_to_string(OPTIONS).expect("fixture reads");
    let text = text
        .replace(
            r#""option_set": "cns", "likelihood": "often""#,
            r#""option_set": "cns", "when": "cns_involvement", "likelihood": "often""#,
        )
        .replace(
            r#""option_set": "cns", "likelihood": "sometimes""#,
            r#""option_set": "cns", "when": "cns_involvement", "likelihood": "sometimes""#,
        )
        .replace(
            r#""to": "prednisone", "kind": "includes", "option_set": "steroid""#,
            r#""to": "prednisone", "kind": "includes", "option_set": "steroid", "when": "!ph_positive""#,
        );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("options.json");
    std::fs::write(&file, text).expect("fixture written");
    let file = file.to_str().expect("UTF-8 path");
    let listing = stdout_of(&["paths", file, "--limit", "1"]);
    assert!(
        listing.contains(
            "    if leukemia in the CNS: CNS therapy, one or more of: Intrathecal chemotherapy (often); High-dose IV chemotherapy (sometimes); Radiation to the brain (rarely)\n"
        ),
        "{listing}"
    );
    // The guide says it once too, with the options under the set.
    let markdown = stdout_of(&["paths", file, "--format", "markdown", "--limit", "1"]);
    assert!(
        markdown.contains(
            "\n- if leukemia in the CNS: **CNS therapy**, one or more of:\n  - **Intrathecal chemotherapy**, often\n"
        ),
        "{markdown}"
    );
    let ph = stdout_of(&["paths", file, "--patient", "ph_positive=true", "--limit", "1"]);
    assert!(ph.contains("    Steroid: Dexamethasone\n"), "{ph}");
}

/// Every string of an option set reaches each format through that format's escaping.
#[test]
fn hostile_option_set_labels_are_escaped_in_every_format() {
    let text = stdout_of(&["paths", HOSTILE]);
    assert!(
        text.contains(r#"Set "q" <b>&amp;</b> | ; %%{init: {}}%% `x` *y* [z](u), one of: A & B <i>x</i> --> end (sometimes); C "quoted" | D #quot; _e_"#),
        "{text}"
    );
    let markdown = stdout_of(&["paths", HOSTILE, "--format", "markdown"]);
    assert!(
        markdown.contains(
            r#"- **Set "q" \<b\>\&amp;\</b\> \| ; %%\{init: \{\}\}%% \`x\` \*y\* \[z\](u)**, one of:
  - **A \& B \<i\>x\</i\> --\> end**, sometimes
  - **C "quoted" \| D \#quot; \_e\_**
"#
        ),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["paths", HOSTILE, "--format", "json"])).expect("JSON");
    let set = &json["paths"][0]["steps"][1]["includes"][0];
    assert_eq!(set["label"], r#"Set "q" <b>&amp;</b> | ; %%{init: {}}%% `x` *y* [z](u)"#);
    assert_eq!(set["options"][1]["text"], r#"C "quoted" | D #quot; _e_"#);
    let mermaid = stdout_of(&["render", HOSTILE, "--format", "mermaid"]);
    let node = mermaid.lines().find(|l| l.trim_start().starts_with("n1[")).expect("the phase's node");
    let inner = node.trim_start().trim_start_matches("n1[\"").trim_end_matches("\"]");
    assert!(!inner.replace("<br/>", "").contains(['"', '<', '>', '|', '[', ']', '{', '}', '`']), "{node}");
    let svg = svg_texts(&stdout_of(&["render", HOSTILE, "--format", "svg", "--engine", "builtin"]));
    assert!(svg.iter().any(|t| t == "\u{25e6} A & B <i>x</i> --> end (sometimes)"), "{svg:?}");
    if Command::new("dot").arg("-V").output().is_ok() {
        let svg = svg_texts(&stdout_of(&["render", HOSTILE, "--format", "svg", "--engine", "graphviz"]));
        assert!(
            svg.iter().any(|t| t == "\u{2022} Set \"q\" <b>&amp;</b> | ; %%{init: {}}%% `x` *y* [z](u), one of:"),
            "{svg:?}"
        );
        assert!(svg.iter().any(|t| t == "\u{25e6} C \"quoted\" | D #quot; _e_"), "{svg:?}");
    }
}

/// `render --patient` dims the options that cannot apply and keeps the set's heading lit while
/// one of its options is.
#[test]
fn a_profile_dims_the_options_it_rules_out() {
    let dot = stdout_of(&["render", OPTIONS, "--format", "dot", "--patient", "cns_involvement=false"]);
    assert!(
        dot.contains(
            r##"<TD ALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="#b8b8b8">◦ Radiation to the brain (rarely)</FONT>"##
        ),
        "{dot}"
    );
    assert!(
        dot.contains(r#"<TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="10">• CNS therapy, one or more of:</FONT>"#),
        "{dot}"
    );
    assert!(dot.contains(r#"<FONT POINT-SIZE="10">◦ Intrathecal chemotherapy (often)</FONT>"#), "{dot}");
}
