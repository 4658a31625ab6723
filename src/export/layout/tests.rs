//! Tests of the built-in layout: wrapping; the ALL pathway's boxes do not overlap; no edge
//! enters a box or shares an end point, on the ALL pathway and seeded synthetic ones.

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

/// Whether point `p` is inside node box `b` shrunk by 1 px (a decision's diamond itself).
fn inside(b: &NodeBox, diamond: bool, p: Point) -> bool {
    let (hw, hh) = (b.rect.w / 2.0 - 1.0, b.rect.h / 2.0 - 1.0);
    let (dx, dy) = ((p.0 - b.rect.x).abs(), (p.1 - b.rect.y).abs());
    if diamond {
        dx / hw + dy / hh < 1.0
    } else {
        dx < hw && dy < hh
    }
}

/// The layout of a pathway with at most `budget` virtual nodes, with its view's edges' ends
/// (node indices) and which nodes are diamonds.
fn laid_out(pathway: &crate::model::PathwayFile, budget: usize) -> (Layout, Vec<(usize, usize)>, Vec<bool>) {
    let graph = crate::graph::PathwayGraph::new(pathway);
    let view = View::new(&graph, None);
    let ends = view.edges.iter().map(|e| (e.from, e.to)).collect();
    let diamonds = pathway.nodes.iter().map(|n| n.kind == NodeKind::Decision).collect();
    (layout_within(&view, budget), ends, diamonds)
}

/// The virtual-node budgets the route tests run with: the real one, and none, so that every
/// edge spanning enough ranks runs down a lane.
const BUDGETS: [usize; 2] = [rank::VIRTUAL_BUDGET, 0];

/// With no budget for virtual nodes the long edges of the synthetic pathways run down lanes
/// (so the tests with [`BUDGETS`] test lanes), and the lanes leave the drawing's size as the
/// extent of every box and lane.
#[test]
fn long_edges_run_down_lanes_without_a_budget() {
    for (name, pathway) in sample_pathways().into_iter().skip(1) {
        let graph = crate::graph::PathwayGraph::new(&pathway);
        let view = View::new(&graph, None);
        let full = rank::layer(&view, rank::VIRTUAL_BUDGET);
        assert!(!full.lanes.iter().any(|&l| l), "{name}: no lanes within the budget");
        let cut = rank::layer(&view, 0);
        let on_lanes = cut.lanes.iter().filter(|&&l| l).count();
        let long = full.chains.iter().filter(|c| c.len() >= 5).count();
        assert_eq!(on_lanes, long, "{name}: every edge with 5 virtual nodes or more on a lane");
        assert_eq!(
            cut.items.len(),
            full.items.len() - full.chains.iter().filter(|c| c.len() >= 5).map(|c| c.len() - 2).sum::<usize>()
        );
        if name.starts_with("layered") {
            continue;
        }
        assert!(on_lanes > 0, "{name}: some edges on lanes");
        let layout = layout_within(&view, 0);
        let right = layout.nodes.iter().map(|b| b.rect.x + b.rect.w / 2.0).fold(0.0, f64::max);
        let far = layout.routes.iter().flatten().flatten().map(|p| p.0).fold(0.0, f64::max);
        let near = layout.routes.iter().flatten().flatten().map(|p| p.0).fold(f64::INFINITY, f64::min);
        assert!(near >= 0.0 && far <= layout.width + 1e-9, "{name}: routes within the width");
        assert!(far > right || near < 0.5, "{name}: some lane beside the boxes");
    }
}

/// The ALL pathway and seeded synthetic ones of every shape.
fn sample_pathways() -> Vec<(String, crate::model::PathwayFile)> {
    let mut out = vec![(
        "adult-all".to_string(),
        serde_json::from_str(include_str!("../../../pathways/adult-all.json")).expect("the ALL pathway parses"),
    )];
    for seed in [1, 7, 42] {
        out.push((format!("random-120-{seed}"), crate::synth::random_dag(120, seed)));
        out.push((format!("loops-120-{seed}"), crate::synth::with_relapse_loops(120, seed, 7)));
    }
    out.push(("layered-3x12".to_string(), crate::synth::layered(3, 12)));
    out
}

/// No edge enters the box of a node it does not attach to (sampled every half pixel).
#[test]
fn no_edge_goes_through_a_box() {
    for (name, pathway) in sample_pathways() {
        for budget in BUDGETS {
            let (layout, ends, diamonds) = laid_out(&pathway, budget);
            let mut checked = 0;
            for (k, route) in layout.routes.iter().enumerate() {
                let Some(pts) = route else { continue };
                for seg in pts.windows(2) {
                    let len = ((seg[1].0 - seg[0].0).powi(2) + (seg[1].1 - seg[0].1).powi(2)).sqrt();
                    let steps = (len * 2.0).ceil().max(1.0) as usize;
                    for s in 0..=steps {
                        let t = s as f64 / steps as f64;
                        let p = (seg[0].0 + (seg[1].0 - seg[0].0) * t, seg[0].1 + (seg[1].1 - seg[0].1) * t);
                        for b in layout.nodes.iter().filter(|b| b.node != ends[k].0 && b.node != ends[k].1) {
                            assert!(
                                !inside(b, diamonds[b.node], p),
                                "{name}: edge {k} ({:?}) enters the box of node {} at {p:?}",
                                ends[k],
                                pathway.nodes[b.node].id
                            );
                        }
                    }
                }
                checked += 1;
            }
            assert_eq!(checked, ends.len(), "{name}: every edge has a route");
        }
    }
}

/// Edge ends on one box are at least 2 px apart: ports are spread along the box's sides.
#[test]
fn no_two_edge_ends_share_a_point() {
    for (name, pathway) in sample_pathways() {
        for budget in BUDGETS {
            let (layout, ends, _) = laid_out(&pathway, budget);
            let mut at: Vec<(usize, Point)> = Vec::new();
            for (k, route) in layout.routes.iter().enumerate() {
                let Some(pts) = route else { continue };
                if ends[k].0 == ends[k].1 {
                    continue;
                }
                at.push((ends[k].0, pts[0]));
                at.push((ends[k].1, pts[pts.len() - 1]));
            }
            for (i, (n, p)) in at.iter().enumerate() {
                for (m, q) in &at[i + 1..] {
                    let d = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                    assert!(n != m || d >= 2.0, "{name}: two ends on node {} at {p:?} and {q:?}", pathway.nodes[*n].id);
                }
            }
        }
    }
}

/// The same view gives the same layout, to the bit.
#[test]
fn layout_is_deterministic() {
    for (name, pathway) in sample_pathways() {
        for budget in BUDGETS {
            let (a, _, _) = laid_out(&pathway, budget);
            let (b, _, _) = laid_out(&pathway, budget);
            assert_eq!(a, b, "{name}");
        }
    }
}
