//! Unit tests of the solver's pieces: the linear solve and the components it sweeps.

use serde_json::json;

use super::*;
use crate::model::PathwayFile;

/// A pathway of phases `n0`..`n{k-1}` (`n0` the start) with these `next` edges.
fn phases(k: usize, edges: &[(usize, usize)]) -> PathwayFile {
    let nodes: Vec<_> = (0..k)
        .map(|i| json!({ "id": format!("n{i}"), "kind": if i == 0 { "start" } else { "phase" }, "label": "N" }))
        .collect();
    let edges: Vec<_> = edges.iter().map(|(a, b)| json!({ "from": format!("n{a}"), "to": format!("n{b}") })).collect();
    serde_json::from_value(json!({
        "id": "t", "title": "T", "version": "1", "sources": [], "nodes": nodes, "edges": edges,
    }))
    .unwrap()
}

#[test]
fn gaussian_elimination_pivots_and_detects_singular_systems() {
    // 0·x + y = 2; x + y = 3 needs a row swap: x = 1, y = 2.
    let x = gaussian_elimination(&mut [vec![0.0, 1.0, 2.0], vec![1.0, 1.0, 3.0]]).unwrap();
    assert!((x[0] - 1.0).abs() < 1e-15 && (x[1] - 2.0).abs() < 1e-15, "{x:?}");
    assert_eq!(gaussian_elimination(&mut [vec![1.0, 1.0, 1.0], vec![2.0, 2.0, 2.0]]), None);
}

#[test]
fn components_come_sinks_first_each_sorted() {
    // 0 → {1, 3, 2} (a loop entered at 3) → 4; 0 → {5, 6} (a loop) → 7; 4 loops on itself.
    let p = phases(8, &[(0, 3), (3, 1), (1, 2), (2, 3), (2, 4), (4, 4), (0, 6), (6, 5), (5, 6), (5, 7)]);
    let flow = PathwayGraph::new(&p);
    let model = Model::new(&flow, 0, &|_| None);
    let mut sets: Vec<Vec<usize>> = model.components.clone();
    for c in &model.components {
        assert!(c.windows(2).all(|w| w[0] < w[1]), "not sorted: {c:?}");
    }
    // Every edge leads to a component listed earlier (or its own).
    let position = |u: usize| model.components.iter().position(|c| c.contains(&u)).unwrap();
    for e in &p.edges {
        let (a, b) = (flow.node_index(&e.from).unwrap(), flow.node_index(&e.to).unwrap());
        assert!(position(b) <= position(a), "{a} → {b} in {:?}", model.components);
    }
    sets.sort();
    assert_eq!(sets, vec![vec![0], vec![1, 2, 3], vec![4], vec![5, 6], vec![7]]);
    for (c, &cyclic) in model.components.iter().zip(&model.cyclic) {
        assert_eq!(cyclic, c.len() > 1 || c == &[4], "{c:?}");
    }
}

#[test]
fn decisions_resolved_against_a_class_cut_its_loops() {
    // 0 → 1 → decision 2 → back to 1 (when x) or on to 3 (else).
    let p: PathwayFile = serde_json::from_value(json!({
        "id": "t", "title": "T", "version": "1", "sources": [],
        "nodes": [
            { "id": "n0", "kind": "start", "label": "N" },
            { "id": "n1", "kind": "phase", "label": "N" },
            { "id": "n2", "kind": "decision", "label": "N" },
            { "id": "n3", "kind": "outcome", "label": "N", "outcome": "remission" },
        ],
        "edges": [
            { "from": "n0", "to": "n1" },
            { "from": "n1", "to": "n2" },
            { "from": "n2", "to": "n1", "when": "x" },
            { "from": "n2", "to": "n3", "when": "else" },
        ],
    }))
    .unwrap();
    let flow = PathwayGraph::new(&p);
    let open = Model::new(&flow, 0, &|_| None);
    assert!(open.components.contains(&vec![1, 2]));
    // For patients without x, edge 2 (back to n1) is not taken: no loop is left.
    let without_x = Model::new(&flow, 0, &|e| Some(e == 3));
    assert!(without_x.components.iter().all(|c| c.len() == 1));
    assert!(without_x.cyclic.iter().all(|&c| !c));
}

#[test]
fn sweep_order_puts_successors_first_in_file_order() {
    // A loop 1 → 2 → 3 → 1 with a chord 1 → 3: from root 1, the depth-first search follows 1 → 2
    // (the first edge in the file) to 3, so the order is 3, 2, 1.
    let p = phases(4, &[(0, 1), (1, 2), (1, 3), (2, 3), (3, 1)]);
    let flow = PathwayGraph::new(&p);
    let model = Model::new(&flow, 0, &|_| None);
    let c = model.components.iter().position(|c| c == &[1, 2, 3]).unwrap();
    assert_eq!(model.sweep_orders[c], vec![3, 2, 1]);
}
