//! What a path amounts to: [`PathSummary`] (outcome, conditions, probability range, duration),
//! and the per-edge and per-node facts and running [`Totals`] it is added up from, which the
//! listing writers keep per step so that a prefix shared with the previous path is not added
//! up again.

use super::{PathFilter, Step};
use crate::graph::PathwayGraph;
use crate::model::{NodeKind, OutcomeCategory, PathwayFile, Probability};

/// A probability range: the product of the figures of the chance edges on a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProbabilityRange {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// Product of base values, when every chance edge on the path has one.
    pub base: Option<f64>,
    /// False when some chance edge on the path has no figure (it counts as [0, 1]).
    pub quantified: bool,
    /// Whether some chance edge on the path has an approximate figure (`{"about": ..}`): the
    /// bounds are exact bounds over the widened figures, "from approximate figures".
    pub approximate: bool,
}

/// What a path amounts to: its outcome, conditions, probability and duration.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSummary {
    /// The terminal outcome node (index into `pathway.nodes`).
    pub outcome: usize,
    /// Its category, if set.
    pub category: Option<OutcomeCategory>,
    /// The conditions the path requires (`""` if none), as code (`age <= 65 && !serious_comorbidity`).
    pub conditions: String,
    /// The same in words (`age 65 or under, and no other serious illness`), for people.
    pub conditions_words: String,
    /// Product of the chance edges' figures.
    pub probability: ProbabilityRange,
    /// Total duration of the phase and intervention steps that have one, in months: (min,
    /// max). When `undated > 0` the path takes at least `min`, and `max` bounds only the steps
    /// with a duration: the whole length is unknown.
    pub months: (f64, f64),
    /// Phase and intervention steps without a duration: of unknown length, never counted as 0.
    pub undated: usize,
    /// Whether some step's duration is approximate (`"approximate": true`).
    pub months_approximate: bool,
    /// Whether the path's conditions can all hold (false only when infeasible paths are listed).
    pub feasible: bool,
}

impl PathSummary {
    /// Summarises a path. Decisions carry no probability; an edge out of a chance node (a
    /// non-decision with two or more `next` edges) multiplies in its figure, or [0, 1].
    ///
    /// Complexity: O(path length).
    pub fn of<F: PathFilter + ?Sized>(pathway: &PathwayFile, flow: &PathwayGraph, steps: &[Step], filter: &F) -> Self {
        let mut totals = Totals::START;
        let mut previous = None;
        for &step in steps {
            let edge = step.edge.zip(previous).map(|(edge, from)| EdgeFacts::of(pathway, flow, from, edge));
            totals = totals.then(edge.as_ref(), &node_facts(pathway, step.node));
            previous = Some(step.node);
        }
        totals.summary(pathway, steps, filter)
    }
}

/// What taking a `next` edge adds to a path's totals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EdgeFacts {
    /// Whether the edge has a condition (`when`).
    conditional: bool,
    /// `None` unless the edge leaves a chance node (a non-decision with two or more `next`
    /// edges); then its figure, or `None` when it has none.
    chance: Option<Option<Probability>>,
}

impl EdgeFacts {
    /// The facts of edge `edge` taken from node `from`.
    pub fn of(pathway: &PathwayFile, flow: &PathwayGraph, from: usize, edge: usize) -> EdgeFacts {
        let data = pathway.edges.get(edge);
        let chance_node = flow.chance.get(from).copied().unwrap_or(false);
        EdgeFacts {
            conditional: data.is_some_and(|e| e.when.is_some()),
            chance: chance_node.then(|| data.and_then(|e| e.probability.as_deref().copied())),
        }
    }
}

/// What stepping on a node adds to a path's totals: `None` for a node that takes no time by
/// kind (start, decision, outcome), else its duration in months and whether it is
/// approximate, `None` when it has none.
pub(crate) type NodeFacts = Option<Option<((f64, f64), bool)>>;

/// The [`EdgeFacts`] and [`NodeFacts`] of a whole pathway, worked out once for a listing.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    /// Per edge (index into `pathway.edges`; `None` for an edge not in the flow).
    pub edges: Vec<Option<EdgeFacts>>,
    /// Per node.
    pub nodes: Vec<NodeFacts>,
}

impl Facts {
    /// Complexity: O(V + E).
    pub fn new(pathway: &PathwayFile, flow: &PathwayGraph) -> Facts {
        let mut edges = vec![None; pathway.edges.len()];
        for (from, out) in flow.out.iter().enumerate() {
            for &(edge, _) in out {
                edges[edge] = Some(EdgeFacts::of(pathway, flow, from, edge));
            }
        }
        Facts { edges, nodes: (0..pathway.nodes.len()).map(|n| node_facts(pathway, n)).collect() }
    }

    /// Takes `step` into `totals`, in place.
    #[inline]
    pub fn take(&self, totals: &mut Totals, step: Step) {
        let edge = step.edge.and_then(|e| self.edges.get(e)).and_then(Option::as_ref);
        totals.take(edge, self.nodes.get(step.node).unwrap_or(&None));
    }
}

/// The [`NodeFacts`] of node `node`.
pub(crate) fn node_facts(pathway: &PathwayFile, node: usize) -> NodeFacts {
    let node = pathway.nodes.get(node)?;
    matches!(node.kind, NodeKind::Phase | NodeKind::Intervention)
        .then(|| node.duration.map(|d| (d.months(), d.approximate)))
}

/// A path's running totals up to some step: what [`PathSummary`] adds up, kept per step by
/// the listing writers so that a prefix shared with the previous path is not added up again.
/// Each total is built in path order with the same operations, so the figures are bit for bit
/// those of [`PathSummary::of`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Totals {
    pub probability: ProbabilityRange,
    pub months: (f64, f64),
    pub undated: usize,
    pub months_approximate: bool,
    /// How many `next` edges with a condition (`when`) the path has taken: a filter's
    /// conditions and feasibility change only with those.
    pub conditional: usize,
}

impl Totals {
    /// Before the first step.
    pub const START: Totals = Totals {
        probability: ProbabilityRange { low: 1.0, high: 1.0, base: Some(1.0), quantified: true, approximate: false },
        months: (0.0, 0.0),
        undated: 0,
        months_approximate: false,
        conditional: 0,
    };

    /// The totals once a step is taken along an edge with facts `edge` (`None` for the start)
    /// onto a node with facts `node`.
    #[inline]
    pub fn then(mut self, edge: Option<&EdgeFacts>, node: &NodeFacts) -> Totals {
        self.take(edge, node);
        self
    }

    /// [`Totals::then`] in place.
    #[inline]
    pub fn take(&mut self, edge: Option<&EdgeFacts>, node: &NodeFacts) {
        if let Some(edge) = edge {
            if edge.conditional {
                self.conditional += 1;
            }
            let probability = &mut self.probability;
            match &edge.chance {
                None => {}
                Some(Some(p)) => {
                    probability.low *= p.low;
                    probability.high *= p.high;
                    probability.base = probability.base.zip(p.base).map(|(a, b)| a * b);
                    probability.approximate |= p.about.is_some();
                }
                Some(None) => {
                    probability.low = 0.0;
                    probability.base = None;
                    probability.quantified = false;
                }
            }
        }
        match node {
            None => {}
            Some(Some(((min, max), approximate))) => {
                self.months.0 += min;
                self.months.1 += max;
                self.months_approximate |= approximate;
            }
            Some(None) => self.undated += 1,
        }
    }

    /// The summary of the path `steps` these are the totals of, with `filter` positioned on it.
    pub fn summary<F: PathFilter + ?Sized>(&self, pathway: &PathwayFile, steps: &[Step], filter: &F) -> PathSummary {
        self.summary_with(pathway, steps, (filter.describe(), filter.describe_words()), filter.feasible())
    }

    /// [`Totals::summary`] with the filter's conditions (as code, in words) and feasibility
    /// already known.
    pub fn summary_with(
        &self,
        pathway: &PathwayFile,
        steps: &[Step],
        (conditions, conditions_words): (String, String),
        feasible: bool,
    ) -> PathSummary {
        let outcome = steps.last().map_or(0, |s| s.node);
        PathSummary {
            outcome,
            category: pathway.nodes.get(outcome).and_then(|n| n.outcome),
            conditions,
            conditions_words,
            probability: self.probability,
            months: self.months,
            undated: self.undated,
            months_approximate: self.months_approximate,
            feasible,
        }
    }
}
