//! Flowchart export and `build`: escaping of hostile labels in every format, exact DOT and
//! Mermaid of a small fixture, built-in SVG well-formedness, highlight, and reproducible,
//! atomic, checkable builds.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use carepath::export::{self, Engine, Format, Highlight, RenderOptions};
use carepath::model::PathwayFile;
use common::carepath;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export").join(name)
}

fn pathway(name: &str) -> PathwayFile {
    serde_json::from_str(&fs::read_to_string(fixture(name)).expect("fixture reads")).expect("fixture parses")
}

fn render(p: &PathwayFile, format: Format, engine: Engine, highlight: Option<Highlight>) -> String {
    let bytes = export::render(p, &RenderOptions { format, engine, highlight }).expect("renders");
    String::from_utf8(bytes).expect("UTF-8")
}

/// Every label of the hostile fixture, as the user wrote it.
fn hostile_labels(p: &PathwayFile) -> Vec<String> {
    p.nodes.iter().map(|n| n.label.clone()).collect()
}

/// All text content of elements named `text` in an SVG, in document order.
fn svg_texts(svg: &str) -> Vec<String> {
    // Graphviz writes a DOCTYPE; allow it (no entities are declared in it).
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(svg, options).expect("SVG is well-formed XML");
    assert_eq!(doc.descendants().filter(|n| n.tag_name().name() == "script").count(), 0, "no script element");
    assert_eq!(doc.descendants().filter(|n| n.tag_name().name() == "foreignObject").count(), 0);
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>())
        .collect()
}

/// Text that Graphviz would read as something else: HTML entities (named, decimal, a bare
/// `&`), markup, its backslash escapes and quotes.
const ENTITIES: &str = "&amp; &#38; &lt;b&gt; & bare \\N \\G \\ \"q\"";

#[test]
fn hostile_labels_survive_graphviz_exactly() {
    if !export::graphviz::available() {
        eprintln!(
            "SKIP hostile_labels_survive_graphviz_exactly: Graphviz `dot` is not on PATH (apt-get install graphviz)"
        );
        return;
    }
    let mut p = pathway("hostile.json");
    p.title = format!("Title {ENTITIES}");
    p.groups[0].label = format!("Group {ENTITIES}");
    p.nodes[0].label = format!("Plain {ENTITIES}");
    p.nodes[2].label = format!("Listed {ENTITIES}\nline two");
    for (i, node) in p.nodes.iter_mut().enumerate() {
        node.description = Some(format!("Tip {i} {ENTITIES}\nsecond line \\l"));
    }
    p.edges[1].label = Some(format!("Edge {ENTITIES}"));
    let svg = render(&p, Format::Svg, Engine::Graphviz, None);
    let texts = svg_texts(&svg);
    let drawn = |text: &str| assert!(texts.iter().any(|t| t == text), "{text:?} not drawn exactly; texts: {texts:?}");
    // The graph's title block, one <text> per line.
    drawn(&format!("Title {ENTITIES} (version 1)"));
    drawn("Source: Source");
    drawn(&format!("Group {ENTITIES}"));
    for label in p.nodes.iter().filter(|n| n.id != "click").map(|n| n.label.clone()) {
        // Graphviz draws each line of a multi-line label as its own <text>.
        for line in label.split('\n') {
            drawn(line);
        }
    }
    drawn(&format!("Edge {ENTITIES}"));
    drawn("<b>not</b> \\N");
    drawn("\u{2022} A & B | C {} %% comment");
    // Tooltips: the link around each drawn node carries its description exactly.
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(&svg, options).expect("well-formed");
    let mut tips: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .filter_map(|a| a.attribute(("http://www.w3.org/1999/xlink", "title")).map(String::from))
        .filter(|t| t.starts_with("Tip "))
        .collect();
    tips.sort();
    let expected: Vec<String> =
        p.nodes.iter().filter(|n| n.id != "click").filter_map(|n| n.description.clone()).collect();
    assert_eq!(tips, expected);
}

#[test]
fn hostile_builtin_svg_is_well_formed_and_keeps_text() {
    let p = pathway("hostile.json");
    let svg = render(&p, Format::Svg, Engine::Builtin, None);
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<img"));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    // Each node's <title> carries its label exactly (a newline included).
    let titles: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "g" && n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .filter_map(|g| g.children().find(|c| c.tag_name().name() == "title").and_then(|t| t.text()).map(String::from))
        .collect();
    let mut expected: Vec<String> = p.nodes.iter().filter(|n| n.id != "click").map(|n| n.label.clone()).collect();
    expected.sort();
    let mut got = titles.clone();
    got.sort();
    assert_eq!(got, expected);
    // The drawn lines, joined, are the labels without their whitespace.
    let all: String = svg_texts(&svg).concat().split_whitespace().collect();
    for label in hostile_labels(&p) {
        let squeezed: String = label.split_whitespace().collect();
        assert!(all.contains(&squeezed), "{squeezed:?} not drawn");
    }
}

#[test]
fn hostile_mermaid_cannot_inject() {
    let p = pathway("hostile.json");
    let mmd = render(&p, Format::Mermaid, Engine::Builtin, None);
    assert!(!mmd.contains("%%"), "no comment or directive:\n{mmd}");
    assert!(!mmd.contains('<'), "no markup:\n{mmd}");
    let (front, body) = mmd.split_once("\nflowchart TD\n").expect("front matter, then the flowchart");
    assert_eq!(
        front,
        "---\ntitle: \"Hostile \\\"labels\\\" ﬂ°°60¶ßb>&ﬂ°°60¶ß/b> (version 1). Not medical advice: this shows a \
         treatment pathway as its sources describe it.\"\n---"
    );
    for line in body.lines() {
        let t = line.trim_start();
        let ok =
            ["subgraph g", "n", "end", "classDef ", "class ", "linkStyle "].iter().any(|prefix| t.starts_with(prefix));
        assert!(ok, "unexpected statement {line:?}");
        assert!(!t.starts_with("click") && !t.starts_with("style"), "{line:?}");
        // Labels are one quoted string each: two quotes per node, subgraph or labelled edge.
        if t.starts_with('n') || t.starts_with("subgraph") {
            assert_eq!(t.matches('"').count() % 2, 0, "{line:?}");
            assert!(t.matches('"').count() <= 4, "{line:?}");
        }
    }
    assert!(mmd.contains("n1{\"#60;script#62;alert(1)#60;/script#62; #93;#59; x #91;shape=none\"}"), "{mmd}");
    assert!(mmd.contains("n2[\"line one\\nline two --#62; #37;#37;#123;init: #123;#quot;theme#quot;:#quot;dark#quot;#125;#125;#37;#37;"), "{mmd}");
    assert!(!mmd.contains(" end[") && !mmd.contains(" graph{"), "ids are generated");
}

#[test]
fn hostile_dot_quotes_every_label() {
    let p = pathway("hostile.json");
    let dot = render(&p, Format::Dot, Engine::Builtin, None);
    assert!(dot.contains(r#"label="Say \"hi\" \\N \\G \\l back\\slash""#), "{dot}");
    assert!(dot.contains(r#"label="<script>alert(1)</script> ]; x [shape=none""#), "{dot}");
    assert!(
        dot.contains("<B>line one<BR/>line two --&gt; %%{init: {&quot;theme&quot;:&quot;dark&quot;}}%%</B>"),
        "{dot}"
    );
    assert!(dot.contains("\u{2022} A &amp; B | C {} %% comment"), "{dot}");
    assert!(!dot.contains(" end ") && !dot.contains("\"end\" ["), "node ids are generated");
}

#[test]
fn small_dot_is_exact() {
    let dot = render(&pathway("small.json"), Format::Dot, Engine::Builtin, None);
    assert_eq!(dot, fs::read_to_string(fixture("small.dot")).expect("expected DOT"));
}

#[test]
fn small_mermaid_is_exact() {
    let mmd = render(&pathway("small.json"), Format::Mermaid, Engine::Builtin, None);
    assert_eq!(mmd, fs::read_to_string(fixture("small.mmd")).expect("expected Mermaid"));
}

#[test]
fn small_builtin_svg_contains_every_label() {
    let p = pathway("small.json");
    let svg = render(&p, Format::Svg, Engine::Builtin, None);
    let texts = svg_texts(&svg);
    for label in ["Diagnosis", "Fit?", "Induction", "\u{2022} Chemotherapy", "Remission", "Refractory", "Comfort care"]
    {
        assert!(texts.iter().any(|t| t == label), "{label:?} missing from {texts:?}");
    }
    assert!(texts.iter().any(|t| t == "80\u{2013}90%"), "{texts:?}");
    assert!(svg.contains("<title id=\"title\">Small pathway (version 1)</title>"));
    assert_eq!(svg, render(&p, Format::Svg, Engine::Builtin, None), "deterministic");
}

#[test]
fn highlight_dims_the_rest_in_every_format() {
    let p = pathway("small.json");
    let highlight = Highlight { nodes: BTreeSet::from([0, 1, 2, 4]), edges: BTreeSet::from([0, 1, 4]) };
    for format in [Format::Dot, Format::Mermaid, Format::Svg] {
        let plain = render(&p, format, Engine::Builtin, None);
        let lit = render(&p, format, Engine::Builtin, Some(highlight.clone()));
        assert_ne!(plain, lit, "{format:?}");
        assert!(lit.contains("#b8b8b8"), "{format:?} dims with grey");
        assert!(!plain.contains("#b8b8b8"), "{format:?} plain has no dimmed element");
    }
    let mmd = render(&p, Format::Mermaid, Engine::Builtin, Some(highlight));
    assert!(mmd.contains("  class n5,n6 dim\n"), "{mmd}");
    assert!(mmd.contains("  linkStyle 2,4 stroke:#b8b8b8,stroke-dasharray:4 3\n"), "{mmd}");
}

#[test]
fn all_pathway_dot_is_accepted_by_graphviz() {
    if !export::graphviz::available() {
        eprintln!("SKIP all_pathway_dot_is_accepted_by_graphviz: Graphviz `dot` is not on PATH");
        return;
    }
    let p: PathwayFile = serde_json::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways/adult-all.json")).expect("reads"),
    )
    .expect("parses");
    let svg = render(&p, Format::Svg, Engine::Graphviz, None);
    let texts = svg_texts(&svg);
    assert!(texts.iter().any(|t| t == "Adult ALL diagnosed"));
}

#[test]
fn render_cli_writes_file_and_rejects_invalid_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("small.mmd");
    carepath()
        .args(["render", "--format", "mermaid", "-o"])
        .arg(&out)
        .arg(fixture("small.json"))
        .assert()
        .success()
        .stdout("");
    assert_eq!(fs::read_to_string(&out).expect("written"), fs::read_to_string(fixture("small.mmd")).expect("expected"));
    // The hostile fixture has a newline in a label (CP072, an error): reported, not drawn.
    carepath()
        .args(["render", "--format", "dot"])
        .arg(fixture("hostile.json"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("CP072"));
    carepath()
        .args(["render", "--format", "dot", "--allow", "CP072"])
        .arg(fixture("hostile.json"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("digraph \"hostile\" {"));
}

#[test]
fn render_cli_graphviz_missing_names_the_package() {
    carepath()
        .env("PATH", "")
        .args(["render", "--engine", "graphviz"])
        .arg(fixture("small.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`graphviz` package").and(predicate::str::contains("--engine builtin")));
}

/// Every file in `dir` with its bytes, sorted by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("list")
        .map(|e| {
            let e = e.expect("entry");
            (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

fn build(pathways: &Path, out: &Path) -> assert_cmd::assert::Assert {
    carepath().arg("build").arg("--pathways").arg(pathways).arg("--out").arg(out).assert()
}

#[test]
fn build_is_reproducible_and_check_names_stale_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pathways = dir.path().join("pathways");
    fs::create_dir(&pathways).expect("mkdir");
    fs::copy(fixture("small.json"), pathways.join("small.json")).expect("copy");
    let (out1, out2) = (dir.path().join("out1"), dir.path().join("out2"));
    build(&pathways, &out1).success().stdout(predicate::str::ends_with("7 written, 0 unchanged\n"));
    build(&pathways, &out2).success();
    let first = snapshot(&out1);
    assert_eq!(
        first.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["README.md", "small.dot", "small.fhir.json", "small.html", "small.mmd", "small.paths.md", "small.svg"]
    );
    assert_eq!(first, snapshot(&out2), "two builds give identical bytes");
    build(&pathways, &out1).success().stdout(predicate::str::ends_with("0 written, 7 unchanged\n"));
    assert_eq!(first, snapshot(&out1));
    carepath()
        .args(["build", "--check", "--pathways"])
        .arg(&pathways)
        .arg("--out")
        .arg(&out1)
        .assert()
        .success()
        .stdout(predicate::str::contains("is up to date"));
    // Edit a label: every flowchart, the path listing, the explorer page and the FHIR bundle are
    // stale, the index is not.
    let text = fs::read_to_string(pathways.join("small.json")).expect("read");
    fs::write(pathways.join("small.json"), text.replace("\"Comfort care\"", "\"Comfort-focused care\"")).expect("edit");
    fs::remove_file(out1.join("README.md")).expect("remove");
    carepath()
        .args(["build", "--check", "--pathways"])
        .arg(&pathways)
        .arg("--out")
        .arg(&out1)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "  small.dot (stale)\n  small.svg (stale)\n  small.mmd (stale)\n  small.paths.md (stale)\n  small.html (stale)\n  small.fhir.json (stale)\n  README.md (missing)\n",
        ));
    assert_eq!(snapshot(&out1).len(), 6, "--check writes nothing");
}

#[test]
fn failing_build_leaves_previous_output_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pathways = dir.path().join("pathways");
    fs::create_dir(&pathways).expect("mkdir");
    fs::copy(fixture("small.json"), pathways.join("small.json")).expect("copy");
    let out = dir.path().join("out");
    build(&pathways, &out).success();
    let before = snapshot(&out);
    // An edited file that no longer validates, and a second, broken one.
    let text = fs::read_to_string(pathways.join("small.json")).expect("read");
    fs::write(pathways.join("small.json"), text.replace("\"to\": \"cr\"", "\"to\": \"nowhere\"")).expect("edit");
    fs::write(pathways.join("broken.json"), "{ \"id\": ").expect("write");
    build(&pathways, &out).code(1).stdout("").stderr(predicate::str::contains("small.json"));
    assert_eq!(before, snapshot(&out), "nothing written, no temporary files left");
}

#[test]
fn long_chain_renders_without_recursion() {
    // Regression guard: layout, back-edge search and printers must not recurse on graph depth.
    // 30,000 nodes on a 256 KiB stack would overflow any recursion on depth (and keeps the
    // debug-build test fast).
    let n = 30_000;
    let mut nodes = vec![r#"{"id":"s","kind":"start","label":"S"}"#.to_string()];
    let mut edges = Vec::new();
    for i in 0..n {
        nodes.push(format!(r#"{{"id":"p{i}","kind":"phase","label":"P{i}"}}"#));
        let from = if i == 0 { "s".to_string() } else { format!("p{}", i - 1) };
        edges.push(format!(r#"{{"from":"{from}","to":"p{i}"}}"#));
    }
    nodes.push(r#"{"id":"o","kind":"outcome","label":"O","outcome":"remission"}"#.to_string());
    edges.push(format!(r#"{{"from":"p{}","to":"o"}}"#, n - 1));
    edges.push(r#"{"from":"o","to":"p0"}"#.to_string());
    let text = format!(
        r#"{{"id":"chain","title":"Chain","version":"1","sources":[],"nodes":[{}],"edges":[{}]}}"#,
        nodes.join(","),
        edges.join(",")
    );
    let p: PathwayFile = serde_json::from_str(&text).expect("parses");
    let child = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let svg = render(&p, Format::Svg, Engine::Builtin, None);
            let dot = render(&p, Format::Dot, Engine::Builtin, None);
            let mmd = render(&p, Format::Mermaid, Engine::Builtin, None);
            (svg.matches("class=\"edge\"").count(), dot.matches(" -> ").count(), mmd.matches(" --> ").count())
        })
        .expect("thread starts");
    assert_eq!(child.join().expect("no stack overflow"), (n + 2, n + 2, n + 2));
}

#[test]
fn files_of_a_removed_pathway_are_reported_by_check_and_removed_by_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pathways = dir.path().join("pathways");
    fs::create_dir(&pathways).expect("mkdir");
    fs::copy(fixture("small.json"), pathways.join("small.json")).expect("copy");
    let out = dir.path().join("out");
    build(&pathways, &out).success();
    // A pathway that was built once and then deleted leaves its files; a hand-written note stays.
    for name in ["gone.dot", "gone.svg", "gone.mmd", "gone.paths.md", "gone.html", "gone.fhir.json"] {
        fs::write(out.join(name), "old").expect("write");
    }
    fs::write(out.join("notes.txt"), "mine").expect("write");
    carepath().args(["build", "--check", "--pathways"]).arg(&pathways).arg("--out").arg(&out).assert().code(1).stderr(
        predicate::str::contains(
            "  gone.dot (left over)\n  gone.fhir.json (left over)\n  gone.html (left over)\n  gone.mmd (left over)\n  gone.paths.md (left over)\n  gone.svg (left over)\n",
        ),
    );
    build(&pathways, &out).success().stdout(predicate::str::ends_with("0 written, 7 unchanged, 6 removed\n"));
    let names: Vec<String> = snapshot(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "README.md",
            "notes.txt",
            "small.dot",
            "small.fhir.json",
            "small.html",
            "small.mmd",
            "small.paths.md",
            "small.svg"
        ]
    );
    carepath().args(["build", "--check", "--pathways"]).arg(&pathways).arg("--out").arg(&out).assert().success();
}
