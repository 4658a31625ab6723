//! Unit tests of the drawing model: which node an edge is drawn to, and which edges are back-edges.

use super::*;

/// A pathway from its nodes (id, kind) and `next` edges (from, to); every node is labelled by its id.
fn pathway(nodes: &[(&str, &str)], edges: &[(&str, &str)]) -> PathwayFile {
    let nodes: Vec<serde_json::Value> = nodes
        .iter()
        .map(|(id, kind)| {
            let mut node = serde_json::json!({ "id": id, "kind": kind, "label": id, "sources": [{ "source": "s" }] });
            if *kind == "outcome" {
                node["outcome"] = "remission".into();
            }
            node
        })
        .collect();
    let edges: Vec<serde_json::Value> =
        edges.iter().map(|(from, to)| serde_json::json!({ "from": from, "to": to })).collect();
    serde_json::from_value(serde_json::json!({
        "id": "p", "title": "P", "version": "1", "sources": [{ "id": "s", "title": "S" }],
        "nodes": nodes, "edges": edges,
    }))
    .expect("the test pathway deserialises")
}

/// Regression: with CP010 allowed, an edge to a repeated id was drawn to the last node with
/// that id while `paths` and `--patient` highlighting followed it to the first.
#[test]
fn an_edge_to_a_repeated_id_is_drawn_to_the_first_node_with_it() {
    let p = pathway(&[("a", "start"), ("b", "outcome"), ("b", "outcome")], &[("a", "b")]);
    let graph = PathwayGraph::new(&p);
    let view = View::new(&graph, None);
    assert_eq!(view.edges, vec![DrawnEdge { index: 0, from: 0, to: 1, kind: EdgeKind::Next, back: false }]);
}

/// The depth-first search follows each node's edges in file order, so of the cycle a ⇄ b
/// entered at a, b → a closes it (petgraph's search, newest edge first, would enter at b).
#[test]
fn back_edges_follow_file_order() {
    let p = pathway(
        &[("s", "start"), ("a", "phase"), ("b", "phase"), ("o", "outcome")],
        &[("s", "a"), ("s", "b"), ("a", "b"), ("b", "a"), ("b", "o")],
    );
    let graph = PathwayGraph::new(&p);
    let view = View::new(&graph, None);
    let back: Vec<usize> = view.edges.iter().filter(|e| e.back).map(|e| e.index).collect();
    assert_eq!(back, vec![3]);
}

/// A self-loop closes a cycle by itself.
#[test]
fn a_self_loop_is_a_back_edge() {
    let p = pathway(&[("s", "start"), ("a", "phase"), ("o", "outcome")], &[("s", "a"), ("a", "a"), ("a", "o")]);
    let graph = PathwayGraph::new(&p);
    let view = View::new(&graph, None);
    let back: Vec<usize> = view.edges.iter().filter(|e| e.back).map(|e| e.index).collect();
    assert_eq!(back, vec![1]);
}

/// An `includes` arrow (to an intervention that is also a step of the flow) shows its
/// likelihood and the set it is an option of; a branch of a multiple decision its likelihood.
#[test]
fn edge_text_names_the_likelihood_and_the_option_set() {
    let p: PathwayFile = serde_json::from_value(serde_json::json!({
        "id": "p", "title": "P", "version": "1", "sources": [{ "id": "s", "title": "S" }],
        "nodes": [
            { "id": "d", "kind": "decision", "label": "D", "choice": "multiple" },
            { "id": "ind", "kind": "phase", "label": "Induction",
              "option_sets": [{ "id": "cns", "label": "CNS therapy", "choose": "one_or_more" }] },
            { "id": "rt", "kind": "intervention", "label": "Radiation" },
            { "id": "o", "kind": "outcome", "label": "O", "outcome": "remission" }
        ],
        "edges": [
            { "from": "d", "to": "ind", "when": "true", "likelihood": "usually" },
            { "from": "ind", "to": "rt", "kind": "includes", "option_set": "cns", "likelihood": "rarely" },
            { "from": "rt", "to": "o" }
        ]
    }))
    .expect("the test pathway deserialises");
    let graph = PathwayGraph::new(&p);
    let view = View::new(&graph, None);
    assert_eq!(view.edge_text(0), "(usually)");
    assert_eq!(view.edge_text(1), "(rarely)\none or more of: CNS therapy");
    assert!(view.shows_likelihood());
}
