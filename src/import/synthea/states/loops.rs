//! Loops with no way out: Synthea runs a module for life; carepath needs an exit.

use std::collections::HashMap;

use super::super::conditions::cite;
use super::super::gmf::{State, Transition};
use super::super::ids::clean;
use super::super::report::{LineKind, ReportLine};
use super::Builder;
use crate::model::{Edge, EdgeKind, NodeKind, OutcomeCategory};

impl Builder<'_> {
    /// Synthea runs a module until the patient dies or the simulation ends, so a module may
    /// loop for life (a yearly check, a chronic disease's visits) with no Terminal; carepath
    /// needs a way out of every loop. Each part of the flow that reaches no terminal outcome
    /// gets a way from one of its steps (one whose ways on carry no figure, a wait first) to
    /// the outcome "the module stops following the patient", until every step reaches one.
    pub(super) fn end_endless_loops(&mut self) {
        let mut end: Option<String> = None;
        loop {
            let trapped = self.trapped();
            if trapped.is_empty() {
                break;
            }
            let nodes = &self.built.nodes;
            let figures = |id: &str| self.built.edges.iter().any(|e| e.from == id && e.probability.is_some());
            let on_loop = self.on_loops(&trapped);
            let candidate = |wait: bool| {
                trapped.iter().copied().find(|&i| {
                    let n = &nodes[i];
                    on_loop[i]
                        && !matches!(n.kind, NodeKind::Decision | NodeKind::Outcome | NodeKind::Start)
                        && !figures(&n.id)
                        && (!wait || n.duration.is_none_or(|d| d.max > 0.0))
                })
            };
            let Some(at) = candidate(true).or_else(|| candidate(false)) else {
                let first = &nodes[trapped[0]];
                let state = first.sources.first().and_then(|c| c.section.clone()).unwrap_or_default();
                self.built.lines.push(ReportLine {
                    kind: LineKind::Finding,
                    state,
                    text: "no step on this loop can lead out of it (every way on has a figure or a condition): the pathway has a loop with no exit".into(),
                });
                break;
            };
            let from = nodes[at].id.clone();
            let state = nodes[at].sources.first().and_then(|c| c.section.clone()).unwrap_or_default();
            let end_id = match &end {
                Some(id) => id.clone(),
                None => {
                    let id = self.unique.take("module_ends");
                    let s = State {
                        name: state.clone(),
                        pointer: String::new(),
                        file: Default::default(),
                        kind: "Terminal".into(),
                        fields: Default::default(),
                        transition: Transition::None,
                        passage: false,
                    };
                    let i =
                        self.node(id.clone(), NodeKind::Outcome, "The module stops following the patient".into(), &s);
                    let node = &mut self.built.nodes[i];
                    node.outcome = Some(OutcomeCategory::Exit);
                    node.description = Some("Added by the import: Synthea runs a module until the patient dies (of any cause) or the simulation ends; this module has a loop with no Terminal state.".into());
                    node.note = Some("interpretation: not a state of the module; the end of the simulation or a death from another module".into());
                    end = Some(id.clone());
                    id
                }
            };
            self.built.lines.push(ReportLine {
                kind: LineKind::Approximated,
                state: clean(&state),
                text: "a loop with no Terminal (the module follows the patient for life): a way out added from here to “the module stops following the patient”".into(),
            });
            self.built.edges.push(Edge {
                from,
                to: end_id,
                kind: EdgeKind::Next,
                when: None,
                probability: None,
                likelihood: None,
                option_set: None,
                label: None,
                note: Some("interpretation: added by the import; Synthea stops the module when the patient dies or the simulation ends".into()),
                sources: vec![cite(&state)],
            });
            self.built.strict.push(None);
        }
    }

    /// Per node: whether it is among `trapped` and on a loop of them (it reaches itself through
    /// trapped nodes), so that the way out is added where the patient goes round.
    pub(super) fn on_loops(&self, trapped: &[usize]) -> Vec<bool> {
        let n = self.built.nodes.len();
        let index: HashMap<&str, usize> =
            self.built.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
        let mut inside = vec![false; n];
        trapped.iter().for_each(|&i| inside[i] = true);
        let mut graph = petgraph::graph::DiGraph::<(), ()>::with_capacity(n, self.built.edges.len());
        let ids: Vec<_> = (0..n).map(|_| graph.add_node(())).collect();
        let mut self_loop = vec![false; n];
        for e in &self.built.edges {
            if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
                if inside[a] && inside[b] {
                    graph.add_edge(ids[a], ids[b], ());
                    self_loop[a] |= a == b;
                }
            }
        }
        // On a loop: in a strongly connected part of more than one node (carepath has no
        // self-loops, but a module's could slip through).
        let mut on = self_loop;
        for part in petgraph::algo::tarjan_scc(&graph) {
            if part.len() > 1 {
                part.iter().for_each(|i| on[i.index()] = true);
            }
        }
        on
    }

    /// The nodes reachable from the start that reach no terminal outcome, in node order.
    pub(super) fn trapped(&self) -> Vec<usize> {
        let n = self.built.nodes.len();
        let index: HashMap<&str, usize> =
            self.built.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
        let mut out_edges = vec![Vec::new(); n];
        let mut in_edges = vec![Vec::new(); n];
        for e in &self.built.edges {
            if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
                out_edges[a].push(b);
                in_edges[b].push(a);
            }
        }
        let walk = |starts: Vec<usize>, next: &Vec<Vec<usize>>| {
            let mut seen = vec![false; n];
            let mut stack = starts;
            while let Some(i) = stack.pop() {
                if !std::mem::replace(&mut seen[i], true) {
                    stack.extend(next[i].iter().copied().filter(|&j| !seen[j]));
                }
            }
            seen
        };
        let terminals: Vec<usize> =
            (0..n).filter(|&i| self.built.nodes[i].kind == NodeKind::Outcome && out_edges[i].is_empty()).collect();
        let reaches_end = walk(terminals, &in_edges);
        let starts: Vec<usize> = (0..n).filter(|&i| self.built.nodes[i].kind == NodeKind::Start).collect();
        let reached = walk(starts, &out_edges);
        (0..n).filter(|&i| reached[i] && !reaches_end[i]).collect()
    }
}
