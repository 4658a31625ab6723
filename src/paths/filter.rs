//! Path filters: which edges a path may take for the patients being listed ([`PathFilter`]),
//! the real one ([`crate::condition::Feasibility`]), one that lists infeasible paths too
//! ([`MarkInfeasible`]) and one that takes every edge ([`Unconditional`]).

use crate::model::{EdgeKind, PathwayFile};

/// Decides which edges a path may take for the patient(s) being listed.
pub trait PathFilter {
    /// The path takes `next` edge `edge` (index into pathway.edges). False = infeasible: the walk
    /// does not continue and `leave` is NOT called for it.
    fn enter(&mut self, edge: usize) -> bool;
    /// Undo the last successful enter.
    fn leave(&mut self);
    /// Whether `includes` edge `edge` applies to some patient consistent with the current path.
    fn includes(&self, edge: usize) -> bool;
    /// Whether it applies to every such patient (else it is listed as `"if <condition>"`).
    fn includes_always(&self, edge: usize) -> bool;
    /// The conditions the current path requires, simplified (e.g. `lineage == B && ph_positive`), "" if none.
    fn describe(&self) -> String;
    /// [`describe`](Self::describe) in words, for what people read ("age 65 or under, and no
    /// other serious illness"), "" if none. The code form by default: a filter that knows the
    /// factors' wording ([`crate::condition::Feasibility`]) says it in words.
    fn describe_words(&self) -> String {
        self.describe()
    }
    /// The patients the filter walks for, in words ("T-cell ALL, and age over 65"); "" for
    /// every patient (the default).
    fn patients_words(&self) -> String {
        String::new()
    }
    /// Whether the current path's conditions can all hold (false only for filters that list
    /// infeasible paths too, such as [`MarkInfeasible`]).
    fn feasible(&self) -> bool {
        true
    }
    /// The condition of edge `edge` as it should be shown (`else` spelled out where the filter
    /// knows what it means); the raw `when` text by default.
    fn condition_text(&self, edge: usize) -> Option<String> {
        let _ = edge;
        None
    }
    /// The condition of edge `edge` in words (`else` spelled out), or `None` when it holds for
    /// every patient the filter walks for, or when the filter has no words for it (then a
    /// listing shows [`condition_text`](Self::condition_text) or the raw `when`).
    fn condition_words(&self, edge: usize) -> Option<String> {
        let _ = edge;
        None
    }
    /// Whether `enter` may refuse some `next` edge of `pathway`. When it cannot, the paths the
    /// filter allows are every path of the graph, and [`count`](super::count()) counts them from
    /// the graph instead of walking them. True (walk to count) unless the filter knows better.
    fn may_refuse(&self, pathway: &PathwayFile) -> bool {
        let _ = pathway;
        true
    }
}

/// The real filter: [`crate::condition::Feasibility`] decides which edges a patient's path may
/// take, which components apply, and what the path requires.
impl PathFilter for crate::condition::Feasibility<'_> {
    fn enter(&mut self, edge: usize) -> bool {
        crate::condition::Feasibility::enter(self, edge)
    }

    fn leave(&mut self) {
        crate::condition::Feasibility::leave(self)
    }

    fn includes(&self, edge: usize) -> bool {
        crate::condition::Feasibility::includes(self, edge)
    }

    fn includes_always(&self, edge: usize) -> bool {
        crate::condition::Feasibility::includes_always(self, edge)
    }

    fn describe(&self) -> String {
        crate::condition::Feasibility::describe(self)
    }

    fn describe_words(&self) -> String {
        crate::condition::Feasibility::describe_words(self)
    }

    fn condition_text(&self, edge: usize) -> Option<String> {
        self.conditions().resolved_text(edge)
    }

    fn condition_words(&self, edge: usize) -> Option<String> {
        crate::condition::Feasibility::condition_words(self, edge)
    }

    fn patients_words(&self) -> String {
        self.profile_words().to_string()
    }

    /// Conditions on the flow make some paths infeasible, and a profile narrows the patients:
    /// either way only a walk counts the feasible paths. Otherwise every path is feasible.
    fn may_refuse(&self, pathway: &PathwayFile) -> bool {
        !self.for_every_patient() || has_conditional_flow(pathway)
    }
}

/// Whether any `next` edge carries a condition: then some paths may be infeasible.
fn has_conditional_flow(pathway: &PathwayFile) -> bool {
    pathway.edges.iter().any(|e| e.kind == EdgeKind::Next && e.when.is_some())
}

/// Lists infeasible paths too: where the inner filter refuses an edge, the walk goes on and
/// the path is marked infeasible, its description naming the contradicting conditions.
#[derive(Debug)]
pub struct MarkInfeasible<'a, F> {
    pathway: &'a PathwayFile,
    inner: F,
    /// One entry per entered edge: `Some(edge)` when the inner filter refused it.
    entered: Vec<Option<usize>>,
}

impl<'a, F: PathFilter> MarkInfeasible<'a, F> {
    /// Wraps `inner`.
    pub fn new(pathway: &'a PathwayFile, inner: F) -> Self {
        MarkInfeasible { pathway, inner, entered: Vec::new() }
    }
}

impl<F: PathFilter> PathFilter for MarkInfeasible<'_, F> {
    fn enter(&mut self, edge: usize) -> bool {
        let refused = !self.inner.enter(edge);
        self.entered.push(refused.then_some(edge));
        true
    }

    fn leave(&mut self) {
        if let Some(None) = self.entered.pop() {
            self.inner.leave();
        }
    }

    fn includes(&self, edge: usize) -> bool {
        self.inner.includes(edge)
    }

    fn includes_always(&self, edge: usize) -> bool {
        self.inner.includes_always(edge)
    }

    fn describe(&self) -> String {
        let mut parts = vec![self.inner.describe()];
        for &edge in self.entered.iter().flatten() {
            if let Some(when) = self.pathway.edges.get(edge).and_then(|e| e.when.as_deref()) {
                parts.push(format!("({}) contradicts it", when.trim()));
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.join(", but ")
    }

    /// [`describe`](PathFilter::describe) in words: what the path requires, then each refused
    /// edge's condition ("age over 65, but age 65 or under, which cannot hold with the rest").
    fn describe_words(&self) -> String {
        let mut parts = vec![self.inner.describe_words()];
        for &edge in self.entered.iter().flatten() {
            let words = self
                .inner
                .condition_words(edge)
                .or_else(|| self.pathway.edges.get(edge).and_then(|e| e.when.as_deref()).map(|w| w.trim().to_string()));
            if let Some(words) = words {
                parts.push(format!("{words}, which cannot hold with the rest"));
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.join(", but ")
    }

    fn feasible(&self) -> bool {
        self.entered.iter().all(Option::is_none)
    }

    fn condition_text(&self, edge: usize) -> Option<String> {
        self.inner.condition_text(edge)
    }

    fn condition_words(&self, edge: usize) -> Option<String> {
        self.inner.condition_words(edge)
    }

    fn patients_words(&self) -> String {
        self.inner.patients_words()
    }

    /// Never: a refused edge is taken and the path marked infeasible.
    fn may_refuse(&self, _pathway: &PathwayFile) -> bool {
        false
    }
}

/// The naive filter: every edge is feasible, every `includes` edge applies (always when it has
/// no `when`), and a path's conditions are the raw `when` texts of its edges.
#[derive(Debug, Clone)]
pub struct Unconditional<'a> {
    pathway: &'a PathwayFile,
    entered: Vec<usize>,
}

impl<'a> Unconditional<'a> {
    /// A filter over `pathway` with no edge entered.
    pub fn new(pathway: &'a PathwayFile) -> Self {
        Unconditional { pathway, entered: Vec::new() }
    }
}

impl PathFilter for Unconditional<'_> {
    fn enter(&mut self, edge: usize) -> bool {
        self.entered.push(edge);
        true
    }

    fn leave(&mut self) {
        self.entered.pop();
    }

    fn includes(&self, _edge: usize) -> bool {
        true
    }

    fn includes_always(&self, edge: usize) -> bool {
        self.pathway.edges.get(edge).is_none_or(|e| e.when.is_none())
    }

    /// The `when` texts of the entered edges, in path order, each once, joined with ` && `
    /// (a text holding `||` is parenthesised when there are several).
    /// `else` is left out: it means "none of the other branches", which only a condition-aware
    /// filter can spell out.
    fn describe(&self) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for &e in &self.entered {
            if let Some(when) = self.pathway.edges.get(e).and_then(|e| e.when.as_deref()) {
                let when = when.trim();
                if !when.is_empty() && when != "else" && !seen.contains(&when) {
                    seen.push(when);
                }
            }
        }
        let parts: Vec<String> = seen
            .iter()
            .map(|w| if seen.len() > 1 && w.contains("||") { format!("({w})") } else { w.to_string() })
            .collect();
        parts.join(" && ")
    }

    /// Never: it takes every edge.
    fn may_refuse(&self, _pathway: &PathwayFile) -> bool {
        false
    }
}
