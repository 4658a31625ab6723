//! Property tests: random valid pathways validate cleanly; path listings, counts and a
//! brute-force search agree; every export parses back with every label intact, for random
//! pathways and for hostile random labels.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use carepath::condition::{Feasibility, PathwayConditions, Profile};
use carepath::diag::{LevelConfig, Severity, Sink};
use carepath::export::{self, Engine, Format, RenderOptions};
use carepath::graph::PathwayGraph;
use carepath::load::load_text;
use carepath::model::{EdgeKind, FactorType, NodeKind, PathwayFile};
use carepath::paths::{self, PathOptions, Selection};
use carepath::source::SourceText;
use carepath::synth::{self, SplitMix64};
use graphviz_rust::dot_structures::{EdgeTy, Graph, Id, Stmt, Vertex};
use proptest::prelude::*;
use serde_json::json;

mod common;
use common::mermaid_decode;

// ---------------------------------------------------------------------------------------------
// Small pathways with decisions on boolean, enum and integer factors.

/// Conditions that hold for some patients and not for others (factors `b`, `e`, `i`).
const ATOMS: &[&str] = &["b", "!b", "e == A", "e != B", "e in [A, C]", "i <= 1", "i > 2", "i == 2", "i != 0"];

/// A patient: one value per factor, as written in conditions.
type Patient = Vec<(String, String)>;

/// Every patient of the pathway's factor domains (booleans, enum values, integers min..=max).
fn patients(pathway: &PathwayFile) -> Vec<Patient> {
    let mut all: Vec<Patient> = vec![Vec::new()];
    for f in &pathway.factors {
        let values: Vec<String> = match f.kind {
            FactorType::Boolean => vec!["true".into(), "false".into()],
            FactorType::Enum => f.values.iter().map(|v| v.to_string().trim_matches('"').to_string()).collect(),
            FactorType::Integer => {
                let (min, max) = (f.min.unwrap_or(0), f.max.unwrap_or(0));
                (min..=max).map(|v| v.to_string()).collect()
            }
        };
        all = all
            .into_iter()
            .flat_map(|p| {
                values.iter().map(move |v| {
                    let mut p = p.clone();
                    p.push((f.id.clone(), v.clone()));
                    p
                })
            })
            .collect();
    }
    all
}

/// Evaluates a condition of the test's own small language (atoms joined by one kind of
/// `&&` or `||`), independently of carepath's evaluator.
fn holds(condition: &str, patient: &Patient) -> bool {
    let value = |name: &str| patient.iter().find(|(f, _)| f == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let atom = |a: &str| -> bool {
        let a = a.trim();
        if let Some(name) = a.strip_prefix('!') {
            return value(name) == "false";
        }
        let parts: Vec<&str> = a.splitn(3, ' ').collect();
        match parts.as_slice() {
            [name] => value(name) == "true",
            [name, "in", list] => {
                list.trim_matches(|c| c == '[' || c == ']').split(',').any(|v| v.trim() == value(name))
            }
            [name, op, v] => {
                let (x, y) = (value(name), *v);
                let (xi, yi) = (x.parse::<i64>().ok(), y.parse::<i64>().ok());
                match *op {
                    "==" => x == y,
                    "!=" => x != y,
                    "<=" => xi <= yi,
                    ">" => xi > yi,
                    _ => panic!("operator {op}"),
                }
            }
            _ => panic!("atom {a}"),
        }
    };
    if condition.contains("||") {
        condition.split("||").any(atom)
    } else {
        condition.split("&&").all(atom)
    }
}

/// A small random pathway: `k` inner nodes in a topological order, each a decision (one
/// condition and `else`), a phase with one successor, or a phase with a chance split.
fn small_pathway(k: usize, seed: u64) -> PathwayFile {
    let mut rng = SplitMix64::new(seed);
    let factors = json!([
        { "id": "b", "type": "boolean", "label": "B" },
        { "id": "e", "type": "enum", "label": "E", "values": ["A", "B", "C"] },
        { "id": "i", "type": "integer", "label": "I", "min": 0, "max": 3 }
    ]);
    let probe: PathwayFile = serde_json::from_value(json!({
        "id": "p", "title": "P", "version": "1", "sources": [], "factors": factors, "nodes": [], "edges": []
    }))
    .unwrap();
    let everyone = patients(&probe);
    let cite = json!([{ "source": "src" }]);
    let mut nodes = vec![json!({ "id": "s", "kind": "start", "label": "Start", "sources": cite })];
    let mut edges = vec![json!({ "from": "s", "to": "n0" })];
    let ids: Vec<String> = (0..k).map(|i| format!("n{i}")).collect();
    let outs = ["o0", "o1"];
    for i in 0..k {
        let next = if i + 1 < k { ids[i + 1].clone() } else { outs[0].to_string() };
        // Another target later in the order, different from `next`.
        let mut later: Vec<String> = ids[i + 1..].iter().skip(1).cloned().collect();
        later.extend(outs.iter().map(|o| o.to_string()).filter(|o| *o != next));
        let other = later[rng.below(later.len())].clone();
        match rng.below(3) {
            0 => {
                let a = ATOMS[rng.below(ATOMS.len())];
                let b = ATOMS[rng.below(ATOMS.len())];
                let mut condition = match rng.below(3) {
                    0 => a.to_string(),
                    1 => format!("{a} && {b}"),
                    _ => format!("{a} || {b}"),
                };
                let n = everyone.iter().filter(|p| holds(&condition, p)).count();
                if n == 0 || n == everyone.len() || a == b {
                    condition = a.to_string();
                }
                nodes
                    .push(json!({ "id": ids[i], "kind": "decision", "label": format!("Decide {i}"), "sources": cite }));
                edges.push(json!({ "from": ids[i], "to": next, "when": condition }));
                edges.push(json!({ "from": ids[i], "to": other, "when": "else" }));
            }
            kind => {
                nodes.push(json!({ "id": ids[i], "kind": "phase", "label": format!("Phase {i}"),
                    "duration": { "min": 1, "max": 2, "unit": "weeks" }, "sources": cite }));
                if kind == 1 {
                    edges.push(json!({ "from": ids[i], "to": next }));
                } else {
                    edges.push(json!({ "from": ids[i], "to": next, "probability": 0.75 }));
                    edges.push(json!({ "from": ids[i], "to": other, "probability": { "low": 0.2, "high": 0.3 } }));
                }
            }
        }
    }
    for (j, o) in outs.iter().enumerate() {
        if edges.iter().any(|e| e["to"] == *o) {
            let category = ["remission", "refractory"][j];
            nodes.push(json!({ "id": o, "kind": "outcome", "label": format!("Outcome {j}"), "outcome": category, "sources": cite }));
        }
    }
    serde_json::from_value(json!({
        "id": format!("small-{k}-{seed}"), "title": "Small", "version": "1",
        "sources": [{ "id": "src", "title": "Source" }],
        "factors": factors, "nodes": nodes, "edges": edges
    }))
    .unwrap()
}

/// Error diagnostics of a pathway, validated as a file.
fn errors(pathway: &PathwayFile) -> Vec<String> {
    let loaded = load_text(SourceText::new("p.json", synth::to_json(pathway).unwrap())).unwrap();
    let mut sink = Sink::new(LevelConfig::default());
    carepath::validate::check_pathway(&loaded, &mut sink);
    sink.into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.rule.code, d.message))
        .collect()
}

/// Every path (as edge indices) from the start to an outcome without a `next` edge out,
/// each node at most `max_visits` times: a plain depth-first search in file edge order.
fn brute_force_paths(pathway: &PathwayFile, max_visits: usize) -> Vec<Vec<usize>> {
    let index = |id: &str| pathway.nodes.iter().position(|n| n.id == id).unwrap();
    let out: Vec<Vec<(usize, usize)>> = (0..pathway.nodes.len())
        .map(|n| {
            pathway
                .edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EdgeKind::Next && e.from == pathway.nodes[n].id)
                .map(|(k, e)| (k, index(&e.to)))
                .collect()
        })
        .collect();
    let start = pathway.nodes.iter().position(|n| n.kind == NodeKind::Start).unwrap();
    let mut found = Vec::new();
    let mut visits = vec![0; pathway.nodes.len()];
    visits[start] = 1;
    fn dfs(
        node: usize,
        out: &[Vec<(usize, usize)>],
        kinds: &[NodeKind],
        visits: &mut Vec<usize>,
        max: usize,
        path: &mut Vec<usize>,
        found: &mut Vec<Vec<usize>>,
    ) {
        if out[node].is_empty() {
            if kinds[node] == NodeKind::Outcome {
                found.push(path.clone());
            }
            return;
        }
        for &(edge, to) in &out[node] {
            if visits[to] < max {
                visits[to] += 1;
                path.push(edge);
                dfs(to, out, kinds, visits, max, path, found);
                path.pop();
                visits[to] -= 1;
            }
        }
    }
    let kinds: Vec<NodeKind> = pathway.nodes.iter().map(|n| n.kind).collect();
    dfs(start, &out, &kinds, &mut visits, max_visits, &mut Vec::new(), &mut found);
    found
}

/// Whether some patient meets every condition of a path (`else`: none of its siblings).
fn feasible_by_brute_force(pathway: &PathwayFile, path: &[usize], everyone: &[Patient]) -> bool {
    everyone.iter().any(|p| {
        path.iter().all(|&e| {
            let edge = &pathway.edges[e];
            match edge.when.as_deref() {
                None => true,
                Some("else") => !pathway.edges.iter().any(|s| {
                    s.from == edge.from
                        && s.kind == EdgeKind::Next
                        && s.when.as_deref().is_some_and(|w| w != "else" && holds(w, p))
                }),
                Some(w) => holds(w, p),
            }
        })
    })
}

/// The paths carepath lists for all patients, as edge indices.
fn listed_paths(pathway: &PathwayFile, max_visits: usize, profile: &Profile) -> Vec<Vec<usize>> {
    let conditions = PathwayConditions::new(pathway);
    let flow = PathwayGraph::new(pathway);
    let selection = Selection::new(pathway, &flow, &PathOptions { max_visits, ..Default::default() }).unwrap();
    let mut filter = Feasibility::new(&conditions, profile);
    let mut listed = Vec::new();
    paths::walk(pathway, &flow, &selection, &mut filter, &mut |steps, _| {
        listed.push(steps.iter().filter_map(|s| s.edge).collect());
        ControlFlow::Continue(())
    });
    listed
}

/// Checks listing, both counts and brute force against each other.
fn check_paths(pathway: &PathwayFile, max_visits: usize) -> Result<(), TestCaseError> {
    let everyone = patients(pathway);
    let all = brute_force_paths(pathway, max_visits);
    let feasible: Vec<Vec<usize>> =
        all.iter().filter(|p| feasible_by_brute_force(pathway, p, &everyone)).cloned().collect();
    let listed = listed_paths(pathway, max_visits, &Profile::new());
    prop_assert_eq!(&listed, &feasible, "listed paths differ from the feasible ones found by brute force");
    for path in &listed {
        let last = &pathway.edges[*path.last().unwrap()].to;
        let node = pathway.nodes.iter().find(|n| &n.id == last).unwrap();
        prop_assert_eq!(node.kind, NodeKind::Outcome);
        prop_assert!(!pathway.edges.iter().any(|e| &e.from == last && e.kind == EdgeKind::Next));
    }
    let conditions = PathwayConditions::new(pathway);
    let flow = PathwayGraph::new(pathway);
    let selection = Selection::new(pathway, &flow, &PathOptions { max_visits, ..Default::default() }).unwrap();
    let (unconditional, _) = paths::count_paths(pathway, &flow, &selection).unwrap();
    prop_assert_eq!(unconditional, all.len() as u128, "count_paths");
    let mut filter = Feasibility::new(&conditions, &Profile::new());
    let counted = paths::count_by_enumeration(pathway, &flow, &selection, &mut filter).unwrap();
    prop_assert_eq!(counted, feasible.len() as u128, "count_by_enumeration");
    Ok(())
}

/// For each patient (every combination of factor values), `--patient` lists exactly the paths
/// whose conditions that patient meets.
fn check_patients(pathway: &PathwayFile) -> Result<(), TestCaseError> {
    let all = brute_force_paths(pathway, 1);
    for patient in patients(pathway) {
        let spec: Vec<String> = patient.iter().map(|(f, v)| format!("{f}={v}")).collect();
        let profile = Profile::parse(&spec, &pathway.factors).unwrap();
        let theirs: Vec<Vec<usize>> = all
            .iter()
            .filter(|p| feasible_by_brute_force(pathway, p, std::slice::from_ref(&patient)))
            .cloned()
            .collect();
        prop_assert_eq!(listed_paths(pathway, 1, &profile), theirs, "paths of patient {:?}", spec);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading exports back.

fn render(pathway: &PathwayFile, format: Format) -> String {
    let options = RenderOptions { format, engine: Engine::Builtin, highlight: None };
    String::from_utf8(export::render(pathway, &options).unwrap()).unwrap()
}

/// The text of a quoted DOT string as Graphviz reads it: `\\` and `\"` stand for themselves,
/// `\n` is a line break, `&amp;` is `&` (the writer escapes every `&`, so no other entity).
fn dot_unquote(quoted: &str) -> String {
    let inner = quoted.strip_prefix('"').and_then(|s| s.strip_suffix('"')).expect("quoted");
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(c @ ('\\' | '"')) => out.push(c),
                Some(c) => {
                    out.push('\\');
                    out.push(c);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.replace("&amp;", "&")
}

/// The text of an element, with `<BR/>` as a line break.
fn html_text(node: roxmltree::Node) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if d.is_text() {
            out.push_str(d.text().unwrap_or(""));
        } else if d.has_tag_name("BR") {
            out.push('\n');
        }
    }
    out
}

/// An HTML-like DOT label as Graphviz draws it: (the bold title, the listed lines), `\\` read
/// as one backslash (the writer doubles every backslash).
fn dot_html(html: &str) -> (String, Vec<String>) {
    let xml = html.strip_prefix('<').and_then(|s| s.strip_suffix('>')).expect("html label");
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let text = |n: roxmltree::Node| html_text(n).replace("\\\\", "\\");
    let bold = doc.descendants().find(|n| n.has_tag_name("B")).map(text).unwrap_or_default();
    let listed = doc.descendants().filter(|n| n.has_tag_name("FONT")).map(text).collect();
    (bold, listed)
}

/// Parsed DOT: node id → (label, listed lines), and edge (from, to) → label.
type DotLabels = (Vec<(String, String, Vec<String>)>, Vec<(String, String, Option<String>)>);

fn dot_labels(dot: &str) -> DotLabels {
    let graph = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
    let Graph::DiGraph { stmts, .. } = graph else { panic!("not a digraph") };
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    let mut stack: Vec<Stmt> = stmts;
    while let Some(stmt) = stack.pop() {
        match stmt {
            Stmt::Subgraph(sub) => stack.extend(sub.stmts),
            Stmt::Node(node) => {
                let id = node.id.0.to_string();
                let label = node.attributes.iter().find(|a| a.0.to_string() == "label").map(|a| a.1.clone());
                let (text, listed) = match label {
                    Some(Id::Escaped(s)) => (dot_unquote(&s), Vec::new()),
                    Some(Id::Html(s)) => dot_html(&s),
                    other => panic!("node {id}: label {other:?}"),
                };
                nodes.push((id, text, listed));
            }
            Stmt::Edge(edge) => {
                let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = edge.ty else { panic!("edge shape") };
                let label = edge.attributes.iter().find(|a| a.0.to_string() == "label").map(|a| match &a.1 {
                    Id::Escaped(s) => dot_unquote(s),
                    other => panic!("edge label {other:?}"),
                });
                edges.push((a.0.to_string(), b.0.to_string(), label));
            }
            _ => {}
        }
    }
    nodes.sort();
    edges.sort();
    (nodes, edges)
}

/// Mermaid: node id → decoded label; edges (from, to, decoded label). Asserts the ids are
/// safe and unique, and that no line is a directive, comment or `click`.
type MermaidLabels = (Vec<(String, String)>, Vec<(String, String, Option<String>)>);

fn mermaid_labels(text: &str) -> MermaidLabels {
    assert!(!text.contains("%%"), "a directive or comment in:\n{text}");
    let safe = |id: &str| {
        !id.is_empty()
            && id != "end"
            && !id.starts_with(['o', 'x'])
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    let body = text.split_once("\nflowchart TD\n").expect("front matter, then flowchart TD").1;
    for line in body.lines() {
        let line = line.trim();
        assert!(!line.starts_with("click"), "click in {line}");
        let first = line.split(' ').next().unwrap_or("");
        if ["end", "classDef", "class", "linkStyle"].contains(&first) {
            continue;
        }
        if let Some(sub) = line.strip_prefix("subgraph ") {
            let id = &sub[..sub.find('[').expect("subgraph label")];
            assert!(safe(id), "subgraph id {id}");
            continue;
        }
        if let Some((from, rest)) = line.split_once(" -->").or_else(|| line.split_once(" -.->")) {
            let (label, to) = match rest.strip_prefix("|\"") {
                Some(r) => {
                    let (label, to) = r.split_once("\"| ").expect("edge label");
                    (Some(mermaid_decode(label)), to)
                }
                None => (None, rest.trim()),
            };
            assert!(safe(from) && safe(to), "edge ids in {line}");
            edges.push((from.to_string(), to.to_string(), label));
            continue;
        }
        let open = line.find(['[', '(', '{']).unwrap_or_else(|| panic!("unknown line {line}"));
        let id = &line[..open];
        assert!(safe(id), "node id {id}");
        let label = &line[line.find('"').unwrap() + 1..line.rfind('"').unwrap()];
        nodes.push((id.to_string(), mermaid_decode(label)));
    }
    let ids: BTreeSet<&String> = nodes.iter().map(|n| &n.0).collect();
    assert_eq!(ids.len(), nodes.len(), "duplicate node ids");
    nodes.sort();
    edges.sort();
    (nodes, edges)
}

/// Built-in SVG: per node group, (title, visible text without whitespace); and all visible text
/// without whitespace.
fn svg_texts(svg: &str) -> (Vec<(String, String)>, String) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"));
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text_of = |n: roxmltree::Node| -> String {
        n.descendants().filter(|d| d.has_tag_name("text")).map(|t| squash(&html_text(t))).collect()
    };
    let nodes = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .map(|g| {
            let title = g.children().find(|c| c.has_tag_name("title")).map(html_text).unwrap_or_default();
            (title, text_of(g))
        })
        .collect();
    (nodes, text_of(doc.root()))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every export of a pathway whose nodes are all drawn (no listed interventions) shows every
/// node's label exactly.
fn check_exports(pathway: &PathwayFile) -> Result<(), TestCaseError> {
    let (dot_nodes, _) = dot_labels(&render(pathway, Format::Dot));
    let mut expected: Vec<(String, String, Vec<String>)> =
        pathway.nodes.iter().enumerate().map(|(i, n)| (format!("n{i}"), n.label.clone(), Vec::new())).collect();
    expected.sort();
    let dot_nodes: Vec<_> = dot_nodes.into_iter().filter(|n| n.0 != "legend").collect();
    prop_assert_eq!(dot_nodes, expected.clone());
    let (mermaid_nodes, _) = mermaid_labels(&render(pathway, Format::Mermaid));
    let expected_mermaid: Vec<(String, String)> = expected.iter().map(|(i, l, _)| (i.clone(), l.clone())).collect();
    prop_assert_eq!(mermaid_nodes, expected_mermaid);
    let (svg_nodes, _) = svg_texts(&render(pathway, Format::Svg));
    let mut svg_nodes: Vec<String> = svg_nodes.into_iter().map(|(t, _)| t).collect();
    svg_nodes.sort();
    let mut labels: Vec<String> = pathway.nodes.iter().map(|n| n.label.clone()).collect();
    labels.sort();
    prop_assert_eq!(svg_nodes, labels);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Hostile labels.

/// Labels made of characters that mean something to DOT, XML or Mermaid, words Mermaid
/// reserves, and any other non-control character; newlines included.
fn hostile_label() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "\"", "\\", "<", ">", "&", "]", "[", ";", "-->", "%%{init: {}}%%", "%%", "\n", "#", "|", "'", "`",
            "{", "}", "%", "\\n", "&amp;", "#quot;", "#35;", " ", "  ", "end", "click", "\\N", "<br/>", "]]>",
            "<!--", "o", "x", "\u{feff}", "\u{202e}", "é", "ж", "ع", "𝕏",
        ])
        .prop_map(str::to_string),
        // U+FFFE and U+FFFF cannot appear in XML at all: see `noncharacters_keep_svg_well_formed`.
        2 => any::<char>()
            .prop_filter("no control characters", |c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'))
            .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// start → phase (includes an intervention) → decision → two outcomes; labels from `l`.
fn labelled_pathway(l: &[String]) -> PathwayFile {
    let cite = json!([{ "source": "src" }]);
    serde_json::from_value(json!({
        "id": "labels", "title": "Labels", "version": "1",
        "sources": [{ "id": "src", "title": "Source" }],
        "factors": [{ "id": "b", "type": "boolean", "label": "B" }],
        "nodes": [
            { "id": "s", "kind": "start", "label": l[0], "sources": cite },
            { "id": "p", "kind": "phase", "label": l[1], "duration": { "min": 1, "max": 2, "unit": "weeks" }, "sources": cite },
            { "id": "iv", "kind": "intervention", "label": l[2], "sources": cite },
            { "id": "d", "kind": "decision", "label": l[3], "sources": cite },
            { "id": "o1", "kind": "outcome", "outcome": "remission", "label": l[4], "sources": cite },
            { "id": "o2", "kind": "outcome", "outcome": "refractory", "label": l[5], "sources": cite }
        ],
        "edges": [
            { "from": "s", "to": "p" },
            { "from": "p", "to": "iv", "kind": "includes" },
            { "from": "p", "to": "d" },
            { "from": "d", "to": "o1", "when": "b", "label": l[6] },
            { "from": "d", "to": "o2", "when": "else" }
        ]
    }))
    .unwrap()
}

fn check_labels(l: &[String]) -> Result<(), TestCaseError> {
    let pathway = labelled_pathway(l);
    let listed = format!("\u{2022} {}", l[2]);
    // DOT, through graphviz-rust's parser.
    let (nodes, edges) = dot_labels(&render(&pathway, Format::Dot));
    let nodes: Vec<_> = nodes.into_iter().filter(|n| n.0 != "legend").collect();
    let mut expected = vec![
        ("n0".to_string(), l[0].clone(), vec![]),
        ("n1".to_string(), l[1].clone(), vec![listed.clone()]),
        ("n3".to_string(), l[3].clone(), vec![]),
        ("n4".to_string(), l[4].clone(), vec![]),
        ("n5".to_string(), l[5].clone(), vec![]),
    ];
    expected.sort();
    prop_assert_eq!(nodes, expected);
    // An empty edge label draws no text.
    let edge_label = (!l[6].is_empty()).then(|| l[6].clone());
    prop_assert!(edges.contains(&("n3".into(), "n4".into(), edge_label.clone())), "DOT edge label: {:?}", edges);
    // Mermaid, through its entity decoding.
    let (nodes, edges) = mermaid_labels(&render(&pathway, Format::Mermaid));
    let mut expected = vec![
        ("n0".to_string(), l[0].clone()),
        ("n1".to_string(), format!("{}\n{listed}", l[1])),
        ("n3".to_string(), l[3].clone()),
        ("n4".to_string(), l[4].clone()),
        ("n5".to_string(), l[5].clone()),
    ];
    expected.sort();
    prop_assert_eq!(nodes, expected);
    prop_assert!(edges.contains(&("n3".into(), "n4".into(), edge_label)), "Mermaid edge label: {:?}", edges);
    // SVG, through an XML parser: the title holds the label exactly; the visible lines hold it
    // wrapped at spaces.
    let (mut nodes, all_text) = svg_texts(&render(&pathway, Format::Svg));
    nodes.sort();
    let mut expected: Vec<(String, String)> = [0, 1, 3, 4, 5]
        .iter()
        .map(|&i| (l[i].clone(), if i == 1 { squash(&format!("{}{listed}", l[1])) } else { squash(&l[i]) }))
        .collect();
    expected.sort();
    prop_assert_eq!(nodes, expected);
    prop_assert!(all_text.contains(&squash(&l[6])), "SVG edge label {:?}", l[6]);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn small_pathways_validate_and_their_paths_agree(k in 1usize..9, seed in any::<u64>()) {
        let pathway = small_pathway(k, seed);
        prop_assert_eq!(errors(&pathway), Vec::<String>::new());
        check_paths(&pathway, 1)?;
        check_patients(&pathway)?;
        check_exports(&pathway)?;
    }

    #[test]
    fn random_dags_validate_and_their_paths_agree(n in 4usize..28, seed in any::<u64>()) {
        let pathway = synth::random_dag(n, seed);
        prop_assert_eq!(errors(&pathway), Vec::<String>::new());
        check_paths(&pathway, 1)?;
        check_exports(&pathway)?;
    }

    #[test]
    fn relapse_loops_validate_and_their_paths_agree(n in 4usize..20, seed in any::<u64>(), visits in 1usize..3) {
        let pathway = synth::with_relapse_loops(n, seed, 3);
        prop_assert_eq!(errors(&pathway), Vec::<String>::new());
        check_paths(&pathway, visits)?;
        check_exports(&pathway)?;
    }

    #[test]
    fn hostile_labels_survive_every_export(labels in prop::collection::vec(hostile_label(), 7)) {
        check_labels(&labels)?;
    }
}

/// Regression: a label holding U+FFFF (a noncharacter XML forbids even as a reference) made the
/// built-in SVG and the DOT HTML-like labels ill-formed; they now show U+FFFD instead.
#[test]
fn noncharacters_keep_svg_well_formed() {
    let mut labels: Vec<String> = (0..7).map(|i| format!("L{i}")).collect();
    labels[1] = "Phase \u{ffff}".into();
    labels[2] = "Drug \u{fffe}".into();
    let pathway = labelled_pathway(&labels);
    let (nodes, _) = svg_texts(&render(&pathway, Format::Svg));
    assert!(
        nodes.contains(&("Phase \u{fffd}".to_string(), "Phase\u{fffd}\u{2022}Drug\u{fffd}".to_string())),
        "{nodes:?}"
    );
    let (nodes, _) = dot_labels(&render(&pathway, Format::Dot));
    assert!(
        nodes.contains(&("n1".into(), "Phase \u{fffd}".into(), vec!["\u{2022} Drug \u{fffd}".into()])),
        "{nodes:?}"
    );
}

/// The generator is not vacuous: across seeds, some paths are infeasible (contradicting
/// decisions), and conditions on every factor type occur.
#[test]
fn small_pathways_exercise_infeasible_paths_and_every_factor_type() {
    let (mut all, mut feasible) = (0, 0);
    let mut conditions = String::new();
    for seed in 0..100 {
        let pathway = small_pathway(6, seed);
        let everyone = patients(&pathway);
        let paths = brute_force_paths(&pathway, 1);
        all += paths.len();
        feasible += paths.iter().filter(|p| feasible_by_brute_force(&pathway, p, &everyone)).count();
        conditions.extend(pathway.edges.iter().filter_map(|e| e.when.clone()));
    }
    assert!(feasible > 0 && feasible < all, "{feasible} of {all} paths feasible");
    for factor in ["b", "e ", "i "] {
        assert!(conditions.contains(factor), "no condition on {factor}");
    }
}
