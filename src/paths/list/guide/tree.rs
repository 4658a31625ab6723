//! The paths of one final outcome as a prefix tree: paths that share their beginning share its
//! lines. Written as nested Markdown lists in which each item is a stretch of steps with one
//! way on (joined by ` → `), up to the next point where the paths part; the items nested under
//! it are the ways on from there, so items at the same level are always alternatives. A path
//! ends in a leaf that names it.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::paths::Step;

/// A prefix tree of step sequences, each path ending in a leaf of type `L`.
#[derive(Debug)]
pub(super) struct PathTree<L> {
    /// `nodes[0]` is the root (before the first step).
    nodes: Vec<TreeNode<L>>,
}

#[derive(Debug)]
struct TreeNode<L> {
    /// The step: the edge taken into it and its node (`None` for the root). Two edges between
    /// the same nodes (two branches of one decision) are two steps.
    step: Option<Step>,
    /// The step in words (Markdown).
    words: String,
    /// Whether the words may be left out of a stretch (a decision whose ways on say what it
    /// decides).
    quiet: bool,
    /// The steps that follow it, in the order paths first took them.
    children: Vec<usize>,
    /// The paths that end here (one, unless the walk lists a path twice).
    leaves: Vec<L>,
}

impl<L> PathTree<L> {
    pub(super) fn new() -> Self {
        let root = TreeNode { step: None, words: String::new(), quiet: true, children: Vec::new(), leaves: Vec::new() };
        PathTree { nodes: vec![root] }
    }

    /// Adds the path `steps`, ending in `leaf`; `words(i)` is step `i` in words and whether
    /// those may be left out of a stretch, asked for only for the steps the tree does not hold
    /// yet.
    ///
    /// Complexity: O(path length × ways on at each step).
    pub(super) fn insert(&mut self, steps: &[Step], mut words: impl FnMut(usize) -> (String, bool), leaf: L) {
        let mut at = 0;
        for (i, &step) in steps.iter().enumerate() {
            let found = self.nodes[at].children.iter().copied().find(|&c| self.nodes[c].step == Some(step));
            at = match found {
                Some(child) => child,
                None => {
                    let child = self.nodes.len();
                    let (words, quiet) = words(i);
                    self.nodes.push(TreeNode {
                        step: Some(step),
                        words,
                        quiet,
                        children: Vec::new(),
                        leaves: Vec::new(),
                    });
                    self.nodes[at].children.push(child);
                    child
                }
            };
        }
        self.nodes[at].leaves.push(leaf);
    }

    /// Calls `visit` on every leaf, in no particular order.
    pub(super) fn for_each_leaf(&self, visit: &mut dyn FnMut(&L)) {
        for node in &self.nodes {
            node.leaves.iter().for_each(&mut *visit);
        }
    }

    /// Writes the tree as nested Markdown lists (two spaces per level). A path's leaf ends the
    /// item that reaches it: ` → **path 17**: <figures>`. Where the ways on from a step are the
    /// same (the same steps, in words, the same forks and the same figures) as from a step
    /// written above, and lead to [`MIN_SHARED`] to [`MAX_SHARED`] paths, they are not written
    /// again: the item ends `→ from here on as on the way to path 4 above: path 27 as path 4,
    /// 28 as 5, …; each <figures>`.
    ///
    /// Iterative (explicit stacks), so a deep tree cannot overflow the call stack.
    ///
    /// Complexity: O(nodes × log nodes + words + output).
    pub(super) fn write(&self, out: &mut String, leaf: &LeafWords<'_, L>) {
        let (shape, below) = self.shapes(leaf);
        let mut first_of: HashMap<usize, usize> = HashMap::new();
        // (node starting an item, depth), the next item on top.
        let mut stack: Vec<(usize, usize)> = self.nodes[0].children.iter().rev().map(|&c| (c, 0)).collect();
        while let Some((first, depth)) = stack.pop() {
            // Follow the stretch while there is one way on and no path ends on the way, up to a
            // step whose ways on were written above.
            let mut stretch = Vec::new();
            let mut at = first;
            let mut repeat = None;
            loop {
                stretch.push(at);
                if !self.nodes[at].quiet && (MIN_SHARED..=MAX_SHARED).contains(&below[at]) {
                    if let Some(&earlier) = first_of.get(&shape[at]) {
                        repeat = Some(earlier);
                        break;
                    }
                }
                match (self.nodes[at].children.as_slice(), self.nodes[at].leaves.as_slice()) {
                    ([only], []) => at = *only,
                    _ => break,
                }
            }
            // A step is referred to later only where its ways on are written out from it, so a
            // reference never leads to another one at the same place.
            if repeat.is_none() {
                for &n in &stretch {
                    first_of.entry(shape[n]).or_insert(n);
                }
            }
            let mut said: Vec<&str> =
                stretch.iter().filter(|&&n| !self.nodes[n].quiet).map(|&n| self.nodes[n].words.as_str()).collect();
            if said.is_empty() {
                said.push(&self.nodes[first].words);
            }
            let mut line = format!("{}- {}", "  ".repeat(depth), said.join(" → "));
            match repeat {
                Some(earlier) => {
                    line.push_str(" → ");
                    line.push_str(&self.reference(earlier, at, leaf));
                }
                None => {
                    for l in &self.nodes[at].leaves {
                        let _ = write!(line, " → **path {}**: {}", (leaf.number)(l), (leaf.figures)(l));
                    }
                    stack.extend(self.nodes[at].children.iter().rev().map(|&c| (c, depth + 1)));
                }
            }
            let _ = writeln!(out, "{line}");
        }
    }

    /// `from here on as on the way to path 4 above: path 27 as path 4, 28 as 5; each <figures>`
    /// (`with the same figures` when they differ from path to path): the paths below `copy`
    /// matched with those below `earlier`, which has the same shape.
    fn reference(&self, earlier: usize, copy: usize, leaf: &LeafWords<'_, L>) -> String {
        let (originals, copies) = (self.leaves_below(earlier), self.leaves_below(copy));
        let pairs: Vec<String> = copies
            .iter()
            .zip(&originals)
            .enumerate()
            .map(|(i, (c, o))| {
                let path = if i == 0 { "path " } else { "" };
                format!("{path}{} as {path}{}", (leaf.number)(c), (leaf.number)(o))
            })
            .collect();
        let first = originals.first().map_or(String::new(), |l| (leaf.number)(l));
        let mut text = format!("from here on as on the way to path {first} above: {}", pairs.join(", "));
        let figures: Vec<String> = copies.iter().map(|l| (leaf.figures)(l)).collect();
        match figures.as_slice() {
            [one] => {
                let _ = write!(text, "; {one}");
            }
            [one, ..] if figures.iter().all(|f| f == one) => {
                let _ = write!(text, "; each {one}");
            }
            _ => text.push_str(", with the same figures"),
        }
        text
    }

    /// The leaves of the subtree of `node`, in the order they are written.
    fn leaves_below(&self, node: usize) -> Vec<&L> {
        let mut found = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            found.extend(self.nodes[n].leaves.iter());
            stack.extend(self.nodes[n].children.iter().rev());
        }
        found
    }

    /// Per node: an id of its shape (its words, whether it is quiet, the figures of the paths
    /// that end at it, and the shapes of the steps after it, in order: two nodes share an id
    /// exactly when their subtrees read the same but for the paths' numbers), and the number of
    /// paths below it.
    fn shapes(&self, leaf: &LeafWords<'_, L>) -> (Vec<usize>, Vec<usize>) {
        let mut ids: HashMap<Shape<'_>, usize> = HashMap::new();
        let mut shape = vec![0; self.nodes.len()];
        let mut below = vec![0; self.nodes.len()];
        // A child always comes after its parent, so backwards every child is done first.
        for n in (0..self.nodes.len()).rev() {
            let node = &self.nodes[n];
            let children: Vec<usize> = node.children.iter().map(|&c| shape[c]).collect();
            below[n] = node.leaves.len() + node.children.iter().map(|&c| below[c]).sum::<usize>();
            let next = ids.len();
            let figures = node.leaves.iter().map(|l| (leaf.figures)(l)).collect();
            shape[n] = *ids.entry((node.words.as_str(), node.quiet, figures, children)).or_insert(next);
        }
        (shape, below)
    }
}

/// What makes two subtrees read the same: a node's words, whether it is quiet, the figures of
/// the paths ending at it, and the shapes of its children, in order.
type Shape<'t> = (&'t str, bool, Vec<String>, Vec<usize>);

/// Fewest paths below a step for its ways on to be referred to rather than written again:
/// fewer are shorter to write out than to match.
pub(super) const MIN_SHARED: usize = 3;

/// Most paths below a step for its ways on to be referred to as a whole: past it, the ways on
/// are written and their parts referred to, so that no line matches an unbounded number of
/// paths.
pub(super) const MAX_SHARED: usize = 12;

/// How a leaf reads: its path's number and its figures.
pub(super) struct LeafWords<'f, L> {
    /// `17`.
    pub(super) number: &'f dyn Fn(&L) -> String,
    /// `33–53%, at least 27 months`.
    pub(super) figures: &'f dyn Fn(&L) -> String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(node: usize, edge: usize) -> Step {
        Step { node, edge: Some(edge) }
    }

    fn write(tree: &PathTree<u32>) -> String {
        let number = |n: &u32| n.to_string();
        let figures = |n: &u32| format!("f{}", n % 2);
        let mut out = String::new();
        tree.write(&mut out, &LeafWords { number: &number, figures: &figures });
        out
    }

    fn words(steps: &[Step]) -> impl FnMut(usize) -> (String, bool) {
        let steps = steps.to_vec();
        move |i: usize| (format!("n{}", steps[i].node), false)
    }

    const START: Step = Step { node: 0, edge: None };

    #[test]
    fn shared_beginnings_share_their_lines_and_forks_nest() {
        let mut tree = PathTree::new();
        let a = [START, step(1, 0), step(2, 1), step(3, 2)];
        let b = [START, step(1, 0), step(2, 1), step(4, 3)];
        // Two edges between the same nodes are two ways on.
        let c = [START, step(1, 0), step(2, 4), step(3, 2)];
        let d = [START, step(5, 5)];
        for (path, n) in [(&a[..], 1), (&b[..], 2), (&c[..], 3), (&d[..], 4)] {
            tree.insert(path, words(path), n);
        }
        assert_eq!(
            write(&tree),
            "- n0\n  - n1\n    - n2\n      - n3 → **path 1**: f1\n      - n4 → **path 2**: f0\n    - n2 → n3 → **path 3**: f1\n  - n5 → **path 4**: f0\n"
        );
    }

    #[test]
    fn a_single_path_is_one_line_without_its_quiet_steps() {
        let mut tree = PathTree::new();
        let path = [START, step(1, 0), step(2, 1)];
        tree.insert(&path, |i| (format!("s{i}"), i == 1), 7);
        // A quiet step is left out of its stretch.
        assert_eq!(write(&tree), "- s0 → s2 → **path 7**: f1\n");
    }

    #[test]
    fn ways_on_written_above_are_referred_to_with_the_paths_matched() {
        let mut tree = PathTree::new();
        // Two ways to step 3, then the same three ways on (to 4, 5 or 6) after each.
        let paths: [(&[Step], u32); 6] = [
            (&[START, step(1, 0), step(3, 2), step(4, 4)], 1),
            (&[START, step(1, 0), step(3, 2), step(5, 5)], 2),
            (&[START, step(1, 0), step(3, 2), step(6, 6)], 3),
            (&[START, step(2, 1), step(3, 3), step(4, 4)], 4),
            (&[START, step(2, 1), step(3, 3), step(5, 5)], 6),
            (&[START, step(2, 1), step(3, 3), step(6, 6)], 7),
        ];
        for (path, n) in paths {
            tree.insert(path, words(path), n);
        }
        // The figures (here by the path number's parity) are part of what must be the same.
        let number = |n: &u32| n.to_string();
        let figures = |n: &u32| format!("f{}", if *n == 1 || *n == 4 { "a" } else { "b" });
        let mut out = String::new();
        tree.write(&mut out, &LeafWords { number: &number, figures: &figures });
        assert_eq!(
            out,
            "- n0\n  - n1 → n3\n    - n4 → **path 1**: fa\n    - n5 → **path 2**: fb\n    - n6 → **path 3**: fb\n  \
             - n2 → n3 → from here on as on the way to path 1 above: path 4 as path 1, 6 as 2, 7 as 3, with the same figures\n"
        );
        // Fewer than three paths are written out again.
        let mut small = PathTree::new();
        for (path, n) in [(paths[0].0, 1), (paths[1].0, 2), (paths[3].0, 3), (paths[4].0, 4)] {
            small.insert(path, words(path), n);
        }
        assert!(!write(&small).contains("from here on"), "{}", write(&small));
    }
}
