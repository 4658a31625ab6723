//! What a flowchart lists under a phase's label, shared by every format: one line per
//! component with its likelihood (`• Imatinib (often)`), and an option set as a sub-list, its
//! heading (`• CNS treatment, one or more of:`) above one indented line per option. Each
//! format indents an option its own way ([`ListedLine::indented`] for DOT and Mermaid).

use super::Included;
use crate::model::{Edge, Likelihood, Node, PathwayFile};

/// One line listed under a node's label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListedLine {
    /// The line as drawn, bullet included (escaped by each format).
    pub text: String,
    /// 0 for a component or a set's heading, 1 for an option under its set's heading (drawn
    /// indented).
    pub depth: usize,
    /// The `includes` edges the line stands for (one, or a set's options), in file order.
    pub items: Vec<Included>,
}

impl ListedLine {
    /// The line with its indent as no-break spaces, which DOT and Mermaid keep as they are.
    pub fn indented(&self) -> String {
        format!("{}{}", "\u{a0}".repeat(4 * self.depth), self.text)
    }
}

/// The lines listed under node `node`, from its listed interventions `listed` (in edge order):
/// an intervention is one line, `• <label>[ (<likelihood>)]`; the options of one set are its
/// heading, `• <set label>, one or more of:` (or `one of:`), at the place of its first option,
/// then one line `◦ <label>[ (<likelihood>)]` per option, at depth 1.
///
/// Complexity: O(listed × option sets of the node).
pub(crate) fn listed_lines(pathway: &PathwayFile, node: &Node, listed: &[Included]) -> Vec<ListedLine> {
    // Per set of the node (in declaration order of first use): its heading's line index.
    let mut sets: Vec<(&str, usize)> = Vec::new();
    let mut lines: Vec<ListedLine> = Vec::new();
    for &item in listed {
        let edge = &pathway.edges[item.edge];
        let label = component_label(&pathway.nodes[item.node], edge);
        // An `option_set` naming no set of the node is an error (CP026); listed on its own.
        let set = edge.option_set.as_deref().and_then(|id| node.option_sets.iter().find(|s| s.id == id));
        let Some(set) = set else {
            lines.push(ListedLine { text: format!("\u{2022} {label}"), depth: 0, items: vec![item] });
            continue;
        };
        let option = ListedLine { text: format!("\u{25e6} {label}"), depth: 1, items: vec![item] };
        match sets.iter().position(|(id, _)| *id == set.id) {
            Some(k) => {
                // After the set's last option so far: its heading and options stay together.
                let heading = sets[k].1;
                let end = (heading + 1..lines.len()).find(|&j| lines[j].depth == 0).unwrap_or(lines.len());
                lines[heading].items.push(item);
                lines.insert(end, option);
                for (_, at) in sets.iter_mut().filter(|(_, at)| *at >= end) {
                    *at += 1;
                }
            }
            None => {
                sets.push((set.id.as_str(), lines.len()));
                lines.push(ListedLine {
                    text: format!("\u{2022} {}, {}:", set.label, set.choose.words()),
                    depth: 0,
                    items: vec![item],
                });
                lines.push(option);
            }
        }
    }
    lines
}

/// A component's label with its likelihood when it is not `always`: `Imatinib (often)`.
fn component_label(node: &Node, edge: &Edge) -> String {
    match Likelihood::marker(edge.likelihood) {
        Some(marker) => format!("{} {marker}", node.label),
        None => node.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pathway() -> PathwayFile {
        serde_json::from_value(serde_json::json!({
            "id": "p", "title": "P", "version": "1", "sources": [{ "id": "s", "title": "S" }],
            "nodes": [
                { "id": "ind", "kind": "phase", "label": "Induction",
                  "option_sets": [{ "id": "cns", "label": "CNS", "choose": "one_or_more" }, { "id": "x", "label": "X", "choose": "one" }] },
                { "id": "a", "kind": "intervention", "label": "A" },
                { "id": "b", "kind": "intervention", "label": "B" },
                { "id": "c", "kind": "intervention", "label": "C" },
                { "id": "d", "kind": "intervention", "label": "D" },
                { "id": "e", "kind": "intervention", "label": "E" }
            ],
            "edges": [
                { "from": "ind", "to": "a", "kind": "includes", "option_set": "cns", "likelihood": "often" },
                { "from": "ind", "to": "b", "kind": "includes", "likelihood": "sometimes" },
                { "from": "ind", "to": "c", "kind": "includes", "option_set": "x" },
                { "from": "ind", "to": "d", "kind": "includes", "option_set": "cns" },
                { "from": "ind", "to": "e", "kind": "includes", "option_set": "x" }
            ]
        }))
        .expect("the test pathway deserialises")
    }

    /// A set's options stay under its heading even when other components come between them
    /// in the file.
    #[test]
    fn a_sets_options_are_listed_together_under_its_heading() {
        let p = pathway();
        let listed: Vec<Included> = (0..5).map(|e| Included { edge: e, node: e + 1 }).collect();
        let lines = listed_lines(&p, &p.nodes[0], &listed);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "\u{2022} CNS, one or more of:",
                "\u{25e6} A (often)",
                "\u{25e6} D",
                "\u{2022} B (sometimes)",
                "\u{2022} X, one of:",
                "\u{25e6} C",
                "\u{25e6} E",
            ]
        );
        let depths: Vec<usize> = lines.iter().map(|l| l.depth).collect();
        assert_eq!(depths, [0, 1, 1, 0, 0, 1, 1]);
        let edges: Vec<Vec<usize>> = lines.iter().map(|l| l.items.iter().map(|i| i.edge).collect()).collect();
        assert_eq!(edges, [vec![0, 3], vec![0], vec![3], vec![1], vec![2, 4], vec![2], vec![4]]);
    }
}
