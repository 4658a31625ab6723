//! What a rule's check looks at: one loaded pathway, its graph, the texts of its sources, the
//! analyses several rules share (computed once, on first use), and helpers that build located
//! diagnostics.

use std::cell::OnceCell;

use petgraph::graph::NodeIndex;

use crate::citation::spans::{self, CitedWords};
use crate::citation::texts::PathwayTexts;
use crate::condition::analysis::{analyse_decision, DecisionVerdict};
use crate::condition::{EdgeState, PathwayConditions};
use crate::diag::{Diagnostic, Subject};
use crate::graph::PathwayGraph;
use crate::load::LoadedPathway;
use crate::model::{Choice, EdgeKind, NodeKind};
use crate::source::Location;

use super::Lint;

/// Everything a check can look at.
pub struct Context<'a> {
    /// The loaded file.
    pub loaded: &'a LoadedPathway,
    /// Its graph.
    pub graph: PathwayGraph<'a>,
    /// The text found for each source that names one (computed once per pathway, before the
    /// checks run).
    pub texts: PathwayTexts,
    conditions: OnceCell<PathwayConditions>,
    decisions: OnceCell<Vec<DecisionAnalysis>>,
    cited: OnceCell<Vec<CitedWords<'a>>>,
    quantified: OnceCell<Vec<QuantifiedNode<'a>>>,
}

/// A chance node that gives any probability: its id, its `next` edges, and those of them with
/// a probability (shared by CP051 and CP052).
pub(crate) type QuantifiedNode<'a> = (&'a str, Vec<usize>, Vec<usize>);

/// One decision's branches checked for exhaustiveness and overlap (shared by CP045, CP046
/// and CP049).
#[derive(Debug)]
pub(crate) struct DecisionAnalysis {
    /// The decision node.
    pub(crate) node: NodeIndex,
    /// Its `next` edges (indices in `edges`), in the order the verdict numbers them.
    pub(crate) edges: Vec<usize>,
    /// The verdict, or the number of patient classes when there are too many to check.
    pub(crate) verdict: Result<DecisionVerdict, u64>,
}

impl<'a> Context<'a> {
    /// Builds the context of a loaded file without reading its sources' texts: every source
    /// that names a text counts as not found ([`PathwayTexts::not_looked_up`]).
    pub fn new(loaded: &'a LoadedPathway) -> Self {
        Self::with_texts(loaded, PathwayTexts::not_looked_up(&loaded.pathway))
    }

    /// Builds the context of a loaded file whose sources' texts were looked up.
    pub fn with_texts(loaded: &'a LoadedPathway, texts: PathwayTexts) -> Self {
        Context {
            loaded,
            graph: PathwayGraph::new(&loaded.pathway),
            texts,
            conditions: OnceCell::new(),
            decisions: OnceCell::new(),
            cited: OnceCell::new(),
            quantified: OnceCell::new(),
        }
    }

    /// Every quote and anchor of the file's citations, and every `out_of_scope` anchor of its
    /// sources, looked up in the texts found (computed once; see [`spans::resolve`]).
    pub(crate) fn cited_words(&self) -> &[CitedWords<'a>] {
        self.cited.get_or_init(|| spans::resolve(&self.loaded.pathway, &self.texts))
    }

    /// The chance nodes that give any probability, by id (computed once; see
    /// `figures::quantified_nodes`).
    pub(crate) fn quantified_nodes(&self) -> &[QuantifiedNode<'a>] {
        self.quantified.get_or_init(|| super::figures::quantified_nodes(self))
    }

    /// Every edge's condition, parsed and type-checked against the factors (computed once).
    pub(crate) fn conditions(&self) -> &PathwayConditions {
        self.conditions.get_or_init(|| PathwayConditions::new(&self.loaded.pathway))
    }

    /// Every decision whose branches all have valid conditions, analysed for exhaustiveness
    /// and overlap (computed once). Decisions with an invalid branch are left out: the
    /// condition rules report those.
    ///
    /// Complexity: for each decision, O(classes × branches), where classes is the product of
    /// the cells of the factors its branches test, at most
    /// [`CELL_LIMIT`](crate::condition::analysis::CELL_LIMIT).
    pub(crate) fn decisions(&self) -> &[DecisionAnalysis] {
        self.decisions.get_or_init(|| {
            let conditions = self.conditions();
            let mut all = Vec::new();
            for ix in self.graph.graph.node_indices() {
                let node = self.graph.node(ix);
                if node.kind != NodeKind::Decision {
                    continue;
                }
                let mut branches = Vec::new();
                let mut edges = Vec::new();
                for (_, e, _) in self.graph.out_edges(ix, EdgeKind::Next) {
                    let Some(cond) = conditions.edges.get(e) else { continue };
                    match (&cond.state, &cond.norm) {
                        (EdgeState::Valid(_) | EdgeState::Else, Some(norm)) => {
                            branches.push(norm.clone());
                            edges.push(e);
                        }
                        _ => {
                            branches.clear();
                            break;
                        }
                    }
                }
                // A lone branch is CP030's finding, but still worth a counterexample.
                if branches.is_empty() {
                    continue;
                }
                let single = node.choice.unwrap_or_default() == Choice::Single;
                let verdict = analyse_decision(&branches, &conditions.domains, single);
                all.push(DecisionAnalysis { node: ix, edges, verdict });
            }
            all
        })
    }

    /// A diagnostic located at a JSON pointer of this file.
    pub fn diag(&self, lint: &'static Lint, pointer: String, message: impl Into<String>) -> Diagnostic {
        self.diag_at(lint, pointer.clone(), &pointer, message)
    }

    /// A diagnostic whose pointer is `pointer` but whose position is that of `anchor` (e.g. a
    /// node's `id`, so a finding about a whole node underlines one line, not the object).
    pub(crate) fn diag_at(
        &self,
        lint: &'static Lint,
        pointer: String,
        anchor: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let diag = Diagnostic::new(lint.rule, message).in_file(&self.loaded.source);
        let diag = match self.loaded.locate(anchor) {
            Some(location) => diag.at(&self.loaded.source, location),
            None => diag,
        };
        diag.with_pointer(pointer)
    }

    /// A diagnostic about node `i` (index in `nodes`), at `field` of it (`""` for the whole
    /// node, positioned at its `id`).
    pub fn node_diag(&self, lint: &'static Lint, i: usize, field: &str, message: impl Into<String>) -> Diagnostic {
        let id = self.loaded.pathway.nodes.get(i).map_or_else(String::new, |n| n.id.clone());
        let base = format!("/nodes/{i}");
        let anchor = join_pointer(&base, if field.is_empty() { "id" } else { field });
        self.diag_at(lint, join_pointer(&base, field), &anchor, message).with_subject(Subject::Node { id })
    }

    /// A diagnostic about edge `i` (index in `edges`), at `field` of it (`""` for the whole
    /// edge, positioned at its `from`).
    pub fn edge_diag(&self, lint: &'static Lint, i: usize, field: &str, message: impl Into<String>) -> Diagnostic {
        let subject = self.loaded.pathway.edges.get(i).map(|e| Subject::Edge {
            index: i,
            from: e.from.clone(),
            to: e.to.clone(),
        });
        let base = format!("/edges/{i}");
        let anchor = join_pointer(&base, if field.is_empty() { "from" } else { field });
        let diag = self.diag_at(lint, join_pointer(&base, field), &anchor, message);
        match subject {
            Some(subject) => diag.with_subject(subject),
            None => diag,
        }
    }

    /// A location inside a string value: `range` are byte offsets into the decoded string.
    pub fn locate_in_string(&self, pointer: &str, range: (usize, usize)) -> Option<Location> {
        let (start, end) = self.loaded.locator.span_in_string(self.loaded.source.text(), pointer, range)?;
        Some(self.loaded.source.location(start, end))
    }
}

fn join_pointer(base: &str, field: &str) -> String {
    if field.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{field}")
    }
}
