//! Tests of the built-in layout: wrapping, and that the ALL pathway's boxes do not overlap.

use super::*;

/// Whether two boxes overlap (touching edges do not count).
fn intersects(a: &Rect, b: &Rect) -> bool {
    (a.x - b.x).abs() * 2.0 < a.w + b.w && (a.y - b.y).abs() * 2.0 < a.h + b.h
}

#[test]
fn wrap_splits_at_spaces_and_long_words() {
    assert_eq!(wrap("Induction (standard doses)", 24), vec!["Induction (standard", "doses)"]);
    assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
}

/// The ALL pathway's drawing overlaps no node, edge label or group frame title with another.
#[test]
fn all_pathway_boxes_do_not_overlap() {
    let pathway: crate::model::PathwayFile =
        serde_json::from_str(include_str!("../../../pathways/adult-all.json")).expect("the ALL pathway parses");
    let graph = crate::graph::PathwayGraph::new(&pathway);
    let view = View::new(&graph, None);
    let layout = layout(&view);
    let mut boxes: Vec<(String, Rect)> =
        layout.nodes.iter().map(|b| (format!("node {}", pathway.nodes[b.node].id), b.rect)).collect();
    assert_eq!(boxes.len(), 33);
    boxes.extend(layout.labels.iter().map(|l| ("edge label".to_string(), l.rect)));
    assert_eq!(boxes.len(), 33 + 32);
    let titles: Vec<(usize, Rect)> =
        layout.frames.iter().enumerate().filter_map(|(g, f)| Some((g, f.as_ref()?.title))).collect();
    assert_eq!(titles.len(), pathway.groups.len());
    boxes.extend(titles.into_iter().map(|(g, r)| (format!("title of {}", pathway.groups[g].id), r)));
    for (a, (na, ra)) in boxes.iter().enumerate() {
        for (nb, rb) in &boxes[a + 1..] {
            assert!(!intersects(ra, rb), "{na} {ra:?} overlaps {nb} {rb:?}");
        }
    }
}
