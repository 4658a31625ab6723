//! Which paths to list: [`PathOptions`] as the user gives them (node ids, a category),
//! resolved against a pathway into a [`Selection`], or a [`SelectionError`] naming what is wrong.

use crate::graph::PathwayGraph;
use crate::model::{OutcomeCategory, PathwayFile};

/// Which paths to list, as the user gives them (node ids and a category name).
#[derive(Debug, Clone, Default)]
pub struct PathOptions {
    /// Only paths through every one of these nodes.
    pub through: Vec<String>,
    /// Only paths through none of these nodes.
    pub avoid: Vec<String>,
    /// Only paths whose terminal outcome has this category.
    pub ends_in: Option<OutcomeCategory>,
    /// How many times a node may appear on one path (0 is taken as 1).
    pub max_visits: usize,
}

/// A usage error in [`PathOptions`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionError {
    /// A node id that the pathway does not have, with the closest id it does have.
    #[error("{flag} `{id}`: the pathway has no node with this id{}", did_you_mean(suggestion))]
    UnknownNode {
        /// The flag that named it (`--through` or `--avoid`).
        flag: &'static str,
        /// The id as given.
        id: String,
        /// The closest existing id.
        suggestion: Option<String>,
    },
    /// A node that no path steps through: nothing flows into it (e.g. an intervention that is
    /// only a phase's component).
    #[error("{flag} `{id}`: no path steps through this node, nothing flows into it{}", component_of(included_by))]
    NotOnFlow {
        /// The flag that named it (`--through` or `--avoid`).
        flag: &'static str,
        /// The id as given.
        id: String,
        /// Phases that include it, if any.
        included_by: Vec<String>,
    },
    /// The pathway has no single start node.
    #[error("the pathway has no single start node")]
    NoStart,
}

/// `; did you mean `x`?`, or nothing.
fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion.as_ref().map_or(String::new(), |s| format!("; did you mean `{s}`?"))
}

/// Where a node that no path steps through is listed instead, or nothing.
fn component_of(included_by: &[String]) -> String {
    if included_by.is_empty() {
        return String::new();
    }
    format!(
        "; it is a component of {}, listed under those phases on their paths (use --through with the phase)",
        included_by.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
    )
}

/// [`PathOptions`] resolved against a pathway's nodes.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The start node.
    pub start: usize,
    /// Nodes every listed path must pass through.
    pub through: Vec<usize>,
    /// Per node: whether paths must avoid it.
    pub avoid: Vec<bool>,
    /// The category of terminal outcome required.
    pub ends_in: Option<OutcomeCategory>,
    /// How many times a node may appear on one path (at least 1).
    pub max_visits: usize,
}

impl Selection {
    /// Resolves node ids; an unknown id is an error naming the closest id.
    ///
    /// Complexity: O(V + E) plus, per unknown id, the suggestion's search over the node ids.
    pub fn new(pathway: &PathwayFile, flow: &PathwayGraph, options: &PathOptions) -> Result<Self, SelectionError> {
        let start = flow.start.ok_or(SelectionError::NoStart)?;
        let mut entered = vec![false; flow.len()];
        for &(_, to) in flow.out.iter().flatten() {
            if let Some(e) = entered.get_mut(to) {
                *e = true;
            }
        }
        let resolve = |flag: &'static str, id: &String| {
            let ix = flow.node_index(id).ok_or_else(|| SelectionError::UnknownNode {
                flag,
                id: id.clone(),
                suggestion: crate::suggest::closest(id, pathway.nodes.iter().map(|n| n.id.as_str()))
                    .map(str::to_string),
            })?;
            if ix != start && !entered.get(ix).copied().unwrap_or(false) {
                let included_by = (0..flow.len())
                    .filter(|&p| flow.includes[p].iter().any(|&(_, to)| to == ix))
                    .map(|p| pathway.nodes[p].id.clone())
                    .collect();
                return Err(SelectionError::NotOnFlow { flag, id: id.clone(), included_by });
            }
            Ok(ix)
        };
        let mut through = Vec::new();
        for id in &options.through {
            let ix = resolve("--through", id)?;
            if !through.contains(&ix) {
                through.push(ix);
            }
        }
        let mut avoid = vec![false; flow.len()];
        for id in &options.avoid {
            avoid[resolve("--avoid", id)?] = true;
        }
        Ok(Selection { start, through, avoid, ends_in: options.ends_in, max_visits: options.max_visits.max(1) })
    }

    /// Every path, no filter beyond the pathway itself.
    pub fn all(flow: &PathwayGraph) -> Option<Self> {
        Some(Selection {
            start: flow.start?,
            through: Vec::new(),
            avoid: vec![false; flow.len()],
            ends_in: None,
            max_visits: 1,
        })
    }

    /// Whether a path ending at terminal `node`, having visited nodes `visits` times, is one
    /// to list: its outcome has the category asked for and it passed every `through` node.
    pub(crate) fn accepts_terminal(&self, pathway: &PathwayFile, node: usize, visits: &[usize]) -> bool {
        self.accepts_category(pathway, node) && self.through.iter().all(|&t| visits[t] > 0)
    }

    /// Whether terminal `node`'s outcome has the category asked for (any, when none is).
    pub(crate) fn accepts_category(&self, pathway: &PathwayFile, node: usize) -> bool {
        match self.ends_in {
            None => true,
            Some(c) => pathway.nodes.get(node).and_then(|n| n.outcome) == Some(c),
        }
    }
}
