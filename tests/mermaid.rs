//! The Mermaid files, drawn by Mermaid itself: every file carepath can write for the ALL
//! pathway, the hostile fixtures and 32 seeded synthetic pathways (every other one with hostile
//! titles, group, node and edge labels) is rendered by `@mermaid-js/mermaid-cli` (the pinned
//! `mermaid` of package.json) in one headless Chromium (`tests/browser/mermaid.js`). Each must
//! render without an error, draw the pathway's heading as its title exactly, and draw every
//! label the writer put in quotes (unescaped back: `#quot;`, `#NN;`, `\n`) exactly, node by
//! node, group by group and edge by edge. Skips with `SKIP <test>: <reason>` when Node, the npm
//! dependencies (`npm ci`) or Chromium are absent; `.ci/run` installs them.

mod common;

use std::process::Command;

use carepath::export::{self, Engine, Format, RenderOptions};
use carepath::model::{Group, PathwayFile};
use carepath::synth::{self, SplitMix64};
use common::{browser_tools, mermaid_decode, root};
use serde_json::{json, Value};

fn read(path: &str) -> PathwayFile {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

/// Pieces of hostile labels: what means something to Mermaid (quotes, entity codes, its own
/// entity placeholders, directives, comments, maths, icons, HTML, keywords), to YAML and to
/// HTML, spaces, and other scripts.
const PIECES: &[&str] = &[
    "\"",
    "\\",
    "<",
    ">",
    "&",
    "]",
    "[",
    ";",
    "-->",
    "%%{init: {}}%%",
    "%%",
    "\n",
    "#",
    "|",
    "'",
    "`",
    "{",
    "}",
    "%",
    "\\n",
    "&amp;",
    "&#38;",
    "&lt;",
    "#quot;",
    "#35;",
    "#60;",
    " ",
    "end",
    "click",
    "\\N",
    "<br/>",
    "<b>x</b>",
    "]]>",
    "<!--",
    "o",
    "x",
    "é",
    "ж",
    "ع",
    "𝕏",
    "$$x^2$$",
    "$",
    "fa:fa-user",
    "¶ß",
    "ﬂ°°60¶ß",
    "ﬂ°",
    ": ",
    "- ",
    "---",
    "\u{a0}",
    "*em*",
    "_u_",
    "~~s~~",
    "style",
    "subgraph",
    "(",
    ")",
    "()",
    "=",
    "A:B",
    "\u{2028}",
];

/// A hostile label of 1 to 7 pieces (never only spaces: Mermaid drops those, as HTML does).
fn hostile(rng: &mut SplitMix64) -> String {
    let n = 1 + rng.below(7);
    let label: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
    if label.trim().is_empty() {
        format!("x{label}x")
    } else {
        label
    }
}

/// The seeded pathway `seed`: a random DAG, one with relapse loops or a layered one; for odd
/// seeds with hostile labels everywhere, and its nodes in two groups.
fn seeded(seed: u64) -> PathwayFile {
    let size = 4 + (seed as usize * 7) % 20;
    let mut p = match seed % 3 {
        0 => synth::random_dag(size, seed),
        1 => synth::with_relapse_loops(size, seed, 3),
        _ => synth::layered(2 + seed as usize % 3, 2 + seed as usize % 2),
    };
    if seed % 2 == 1 {
        let mut rng = SplitMix64::new(seed);
        p.title = hostile(&mut rng);
        p.version = hostile(&mut rng);
        p.groups = (0..2).map(|k| Group { id: format!("g{k}"), label: hostile(&mut rng), description: None }).collect();
        for (i, node) in p.nodes.iter_mut().enumerate() {
            node.label = hostile(&mut rng);
            node.group = (i % 3 != 2).then(|| format!("g{}", i % 3));
        }
        for edge in &mut p.edges {
            edge.label = (rng.below(3) > 0).then(|| hostile(&mut rng));
        }
    }
    p
}

/// The quoted label of a statement: between its first and last `"`.
fn quoted(statement: &str) -> String {
    mermaid_decode(&statement[statement.find('"').unwrap() + 1..statement.rfind('"').unwrap()])
}

/// What a Mermaid file must draw: (node id, label), (group id, label) and (edge label id as
/// Mermaid names it, `L_n0_n1_0`, label), read from the file's statements.
type Expected = (Vec<(String, String)>, Vec<(String, String)>, Vec<(String, String)>);

fn expected(mmd: &str) -> Expected {
    let body = mmd.split_once("\nflowchart TD\n").expect("front matter, then flowchart TD").1;
    let (mut nodes, mut groups, mut edges) = (Vec::new(), Vec::new(), Vec::<(String, String)>::new());
    for line in body.lines().map(str::trim) {
        let first = line.split([' ', '[', '(', '{']).next().unwrap_or("");
        if ["end", "classDef", "class", "linkStyle"].contains(&first) {
            continue;
        }
        if let Some(sub) = line.strip_prefix("subgraph ") {
            groups.push((sub[..sub.find('[').unwrap()].to_string(), quoted(sub)));
        } else if let Some((from, rest)) = line.split_once(" -->").or_else(|| line.split_once(" -.->")) {
            let (label, to) = match rest.strip_prefix("|\"") {
                Some(r) => {
                    let (label, to) = r.split_once("\"| ").unwrap();
                    (mermaid_decode(label), to)
                }
                None => (String::new(), rest.trim()),
            };
            let pair = format!("L_{from}_{to}_");
            let k =
                edges.iter().filter(|(id, _)| id.starts_with(&pair) && id[pair.len()..].parse::<u32>().is_ok()).count();
            edges.push((format!("{pair}{k}"), label));
        } else {
            nodes.push((first.to_string(), quoted(line)));
        }
    }
    (nodes, groups, edges)
}

#[test]
fn every_mermaid_file_renders_in_mermaid_with_every_label() {
    let chromium = match browser_tools(&["@mermaid-js/mermaid-cli", "puppeteer", "mermaid"]) {
        Ok(chromium) => chromium,
        Err(reason) => {
            eprintln!("SKIP every_mermaid_file_renders_in_mermaid_with_every_label: {reason}");
            return;
        }
    };
    let mut pathways = vec![
        ("adult-all".to_string(), read("pathways/adult-all.json")),
        ("hostile-page".to_string(), read("tests/fixtures/hostile/hostile-page.json")),
        ("export-hostile".to_string(), read("tests/fixtures/export/hostile.json")),
    ];
    pathways.extend((0..32).map(|seed| (format!("seed-{seed}"), seeded(seed))));
    let options = RenderOptions { format: Format::Mermaid, engine: Engine::Builtin, highlight: None };
    let mut cases = Vec::new();
    let mut labels = 0;
    for (name, p) in &pathways {
        let mmd = String::from_utf8(export::render(p, &options).unwrap()).unwrap();
        let (nodes, groups, edges) = expected(&mmd);
        assert!(!nodes.is_empty(), "{name}: nodes read from the file");
        labels += nodes.len() + groups.len() + edges.len() + 1;
        let title = format!("{} (version {}). {}", p.title, p.version, carepath::text::plain::SHORT_NOTICE);
        // mermaid-cli's own pipeline (about a second per file) draws the ALL pathway and the
        // hostile fixtures too.
        let cli = !name.starts_with("seed-");
        cases.push(json!({
            "name": name, "cli": cli, "mmd": mmd, "title": title, "nodes": nodes, "groups": groups, "edges": edges,
        }));
    }
    let tmp = tempfile::tempdir().unwrap();
    let plan_path = tmp.path().join("plan.json");
    std::fs::write(&plan_path, serde_json::to_vec(&json!({ "chromium": chromium, "cases": cases })).unwrap()).unwrap();
    let started = std::time::Instant::now();
    let run =
        Command::new("node").arg("tests/browser/mermaid.js").arg(&plan_path).current_dir(root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}\n{} files, {labels} texts, in {:.1} s", cases.len(), started.elapsed().as_secs_f64());
    assert!(
        run.status.success(),
        "Mermaid did not draw every file as written:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(stdout.lines().last(), Some(format!("{} passed, 0 failed", cases.len()).as_str()));
    let drawn: Value = serde_json::from_str(stdout.lines().rev().nth(1).unwrap_or("null")).unwrap_or(Value::Null);
    assert_eq!(drawn["texts"], json!(labels), "every text was compared: {stdout}");
}
