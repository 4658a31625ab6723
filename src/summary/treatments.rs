//! The treatments of a step, in the source's words, as a few sentences: each component of the
//! phase that applies to some patient of the profile ([`crate::paths::components`], the one
//! component model of every output), with the source's hedge ("Usually given", "Some people
//! may also get") and whom it is for where the profile leaves that open ("if ..."). Treatments
//! with the same hedge and the same condition are said in one sentence; an option set in one,
//! the first time the page comes to it, with a note when it goes on in later steps; a later
//! step does not say it again.

use std::collections::HashMap;

use super::content::Scope;
use super::{strong, text, Span};
use crate::condition::Feasibility;
use crate::model::Likelihood;
use crate::paths::{components, Component, Included};
use crate::text::plain::{choose_words, component_hedge, set_hedge};

/// What the page has said so far, so that it says each option set once.
pub(super) struct Said {
    /// Per option set (its id and its options' ids): the steps of the page it comes in, in the
    /// page's order.
    sets: HashMap<String, Vec<usize>>,
}

/// The key of an option set as the page names it: the set and its options.
fn set_key(set_id: &str, options: &[Included]) -> String {
    let ids: Vec<&str> = options.iter().map(|o| o.node.id.as_str()).collect();
    format!("{set_id}|{}", ids.join("|"))
}

impl Said {
    /// Where each option set comes on a page of the steps `shown` (in the page's order).
    pub(super) fn new(scope: &Scope, shown: &[usize]) -> Self {
        let filter = Feasibility::new(&scope.conditions, scope.profile);
        let mut sets: HashMap<String, Vec<usize>> = HashMap::new();
        for &u in shown {
            for component in components(scope.pathway, &scope.flow, u, &filter) {
                if let Component::Set { set, options } = &component {
                    if options.len() > 1 {
                        sets.entry(set_key(&set.id, options)).or_default().push(u);
                    }
                }
            }
        }
        Said { sets }
    }
}

/// Treatments said in one sentence: their (hedge, condition) and their names.
type Group = ((Likelihood, Option<String>), Vec<String>);

/// The treatments of step `u` as sentences, each starting with a space, in file order (a
/// group of treatments at the place of its first).
pub(super) fn treatments(scope: &Scope, u: usize, said: &mut Said) -> Vec<Span> {
    let filter = Feasibility::new(&scope.conditions, scope.profile);
    let words = |o: &Included| scope.conditions.any_words(&[o.edge], scope.profile);
    // Each sentence: a group of single treatments (by index into `groups`) or words of a set.
    enum Part {
        Group(usize),
        Words(Vec<Span>),
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut add = |parts: &mut Vec<Part>, key: (Likelihood, Option<String>), name: String| match groups
        .iter_mut()
        .position(|(k, _)| *k == key)
    {
        Some(i) => groups[i].1.push(name),
        None => {
            parts.push(Part::Group(groups.len()));
            groups.push((key, vec![name]));
        }
    };
    for component in components(scope.pathway, &scope.flow, u, &filter) {
        match &component {
            Component::Single(item) => add(&mut parts, (item.likelihood, words(item)), item.node.label.clone()),
            Component::Set { set, options } => {
                if let [only] = options.as_slice() {
                    add(&mut parts, (only.likelihood, words(only)), only.node.label.clone());
                    continue;
                }
                let places = said.sets.get(&set_key(&set.id, options)).cloned().unwrap_or_default();
                if places.first().is_some_and(|&first| first != u) {
                    continue;
                }
                parts.push(Part::Words(set_words(scope, &set.label, set.choose, options, places.len() > 1)));
            }
        }
    }
    let mut spans = Vec::new();
    for part in parts {
        match part {
            Part::Words(words) => spans.extend(words),
            Part::Group(i) => {
                let ((likelihood, condition), names) = &groups[i];
                spans.push(text(format!(" {}: ", component_hedge(*likelihood).unwrap_or("Given"))));
                spans.push(text(names.join("; ")));
                spans.push(text(condition.as_ref().map(|w| format!(", if {w}.")).unwrap_or_else(|| ".".into())));
            }
        }
    }
    spans
}

/// An option set in words: "**CNS prophylaxis**, one or more of these: **A**; **B**, if ....
/// These are often given. It goes on in later steps."
fn set_words(
    scope: &Scope,
    label: &str,
    choose: crate::model::Choose,
    options: &[Included],
    goes_on: bool,
) -> Vec<Span> {
    let conditions: Vec<Option<String>> =
        options.iter().map(|o| scope.conditions.any_words(&[o.edge], scope.profile)).collect();
    let one_condition = conditions.windows(2).all(|w| w[0] == w[1]);
    let one_hedge = options.windows(2).all(|w| w[0].likelihood == w[1].likelihood);
    let mut spans = vec![text(" "), strong(label), text(format!(", {}: ", choose_words(choose)))];
    for (i, (o, c)) in options.iter().zip(&conditions).enumerate() {
        if i > 0 {
            spans.push(text("; "));
        }
        if !one_hedge {
            if let Some(hedge) = component_hedge(o.likelihood) {
                spans.push(text(format!("{}: ", hedge.to_lowercase())));
            }
        }
        spans.push(text(o.node.label.clone()));
        if let Some(c) = c.as_ref().filter(|_| !one_condition) {
            spans.push(text(format!(", if {c}")));
        }
    }
    match conditions.first().cloned().flatten().filter(|_| one_condition) {
        Some(c) => spans.push(text(format!(", if {c}."))),
        None => spans.push(text(".")),
    }
    if let Some(hedge) = options.first().filter(|_| one_hedge).and_then(|o| set_hedge(o.likelihood)) {
        spans.push(text(format!(" {hedge}")));
    }
    if goes_on {
        spans.push(text(" It goes on in the later steps."));
    }
    spans
}
