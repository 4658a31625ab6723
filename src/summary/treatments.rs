//! The treatments of a step, in the source's words: each component of the phase that applies
//! to some patient of the profile ([`crate::paths::components`], the one component model of
//! every output), with the source's hedge ("Usually given", "Some people may also get"), whom it
//! is for where the profile leaves that open ("Only if: ..."), and the drugs where the name does
//! not say them (the first time the page names it). Treatments with the same hedge and the
//! same condition are said in one sentence; an option set in one when its options share hedge
//! and condition; an option set the page has already listed in full is named with the step it
//! was listed in.

use std::collections::HashMap;

use super::content::Scope;
use super::{names_spans, strong, text, Item, Span};
use crate::condition::Feasibility;
use crate::model::{Combine, Likelihood, Node};
use crate::paths::{components, Component, Included};
use crate::text::plain::{choose_words, component_hedge, list_words, set_hedge};

/// What the page has said so far, so that it says each thing in full once.
#[derive(Default)]
pub(super) struct Said {
    /// Intervention nodes whose drugs are already listed.
    agents: Vec<usize>,
    /// Option sets already listed (what they hold, in words) and the step they were listed in.
    sets: HashMap<String, usize>,
}

/// Treatments said in one sentence: their (hedge, condition), the index of their item, their
/// names.
type Group = ((Likelihood, Option<String>), usize, Vec<String>);

/// The treatments of phase `u` as list items, in file order (a group of treatments at the
/// place of its first).
pub(super) fn treatments(scope: &Scope, u: usize, said: &mut Said) -> Vec<Item> {
    let filter = Feasibility::new(&scope.conditions, scope.profile);
    let words = |o: &Included| scope.conditions.any_words(&[o.edge], scope.profile);
    let mut items: Vec<Item> = Vec::new();
    // Hedged treatments without drugs to list, by (hedge, condition): the item they share.
    let mut groups: Vec<Group> = Vec::new();
    for component in components(scope.pathway, &scope.flow, u, &filter) {
        match &component {
            Component::Single(item) => {
                let condition = words(item);
                let details = details(scope, item.node, said);
                if item.likelihood == Likelihood::Always || details.is_some() {
                    let mut spans = hedged(item.likelihood, &[item.node.label.as_str()]);
                    if let Some(d) = details {
                        spans.push(text(format!(" It {d}.")));
                    }
                    spans.extend(only_if(condition));
                    items.push(Item::new(spans));
                    continue;
                }
                let key = (item.likelihood, condition);
                match groups.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, names)) => names.push(item.node.label.clone()),
                    None => {
                        groups.push((key, items.len(), vec![item.node.label.clone()]));
                        items.push(Item::new(Vec::new()));
                    }
                }
            }
            Component::Set { set, options } => {
                let conditions: Vec<Option<String>> = options.iter().map(words).collect();
                if let [only] = options.as_slice() {
                    let mut spans = vec![strong(set.label.clone()), text(". ")];
                    spans.extend(hedged(only.likelihood, &[only.node.label.as_str()]));
                    if let Some(d) = details(scope, only.node, said) {
                        spans.push(text(format!(" It {d}.")));
                    }
                    spans.extend(only_if(conditions.into_iter().next().flatten()));
                    items.push(Item::new(spans));
                    continue;
                }
                let one_condition = conditions.windows(2).all(|w| w[0] == w[1]);
                let shared = if one_condition { conditions.first().cloned().flatten() } else { None };
                let key = format!(
                    "{}|{:?}|{:?}",
                    set.id,
                    options.iter().map(|o| (o.node.id.as_str(), o.likelihood)).collect::<Vec<_>>(),
                    conditions
                );
                if let Some(&first) = said.sets.get(&key) {
                    let mut spans =
                        vec![strong(set.label.clone()), text(format!(": the same as in {}.", scope.label(first)))];
                    spans.extend(only_if(shared));
                    items.push(Item::new(spans));
                    continue;
                }
                said.sets.insert(key, u);
                let one_hedge = options.windows(2).all(|w| w[0].likelihood == w[1].likelihood);
                if one_condition && one_hedge {
                    let mut spans = vec![strong(set.label.clone()), text(format!(", {}: ", choose_words(set.choose)))];
                    let names: Vec<&str> = options.iter().map(|o| o.node.label.as_str()).collect();
                    spans.extend(names_spans(&names));
                    spans.push(text("."));
                    if let Some(hedge) = options.first().and_then(|o| set_hedge(o.likelihood)) {
                        spans.push(text(format!(" {hedge}")));
                    }
                    spans.extend(only_if(shared));
                    for o in options.iter() {
                        if let Some(d) = details(scope, o.node, said) {
                            spans.push(text(format!(" {} {d}.", o.node.label)));
                        }
                    }
                    items.push(Item::new(spans));
                    continue;
                }
                let mut spans = vec![strong(set.label.clone()), text(format!(": {}.", choose_words(set.choose)))];
                spans.extend(only_if(shared.clone()));
                let children = options
                    .iter()
                    .zip(conditions)
                    .map(|(o, c)| {
                        let mut spans = hedged(o.likelihood, &[o.node.label.as_str()]);
                        if let Some(d) = details(scope, o.node, said) {
                            spans.push(text(format!(" It {d}.")));
                        }
                        spans.extend(only_if(if one_condition { None } else { c }));
                        Item::new(spans)
                    })
                    .collect();
                items.push(Item { spans, children });
            }
        }
    }
    for ((likelihood, condition), at, names) in groups {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut spans = hedged(likelihood, &names);
        spans.extend(only_if(condition));
        items[at] = Item::new(spans);
    }
    items
}

/// "Usually given: **A**; **B**." — the hedge, then the names in bold.
fn hedged(likelihood: Likelihood, names: &[&str]) -> Vec<Span> {
    let mut spans = Vec::new();
    if let Some(hedge) = component_hedge(likelihood) {
        spans.push(text(format!("{hedge}: ")));
    }
    spans.extend(names_spans(names));
    spans.push(text("."));
    spans
}

/// " Only if: <words>." for a treatment whom the profile leaves open.
fn only_if(condition: Option<String>) -> Option<Span> {
    condition.map(|w| text(format!(" Only if: {w}.")))
}

/// The drugs of an intervention, the first time the page names it: see [`agent_words`].
fn details(scope: &Scope, node: &Node, said: &mut Said) -> Option<String> {
    let u = scope.flow.node_index(&node.id)?;
    let words = agent_words(node)?;
    if said.agents.contains(&u) {
        return None;
    }
    said.agents.push(u);
    Some(words)
}

/// An intervention's drugs or measures, as what follows "It" or its name, when its label does
/// not already name them all or some carry a hedge of their own: "is usually methotrexate, and
/// sometimes cytarabine or prednisone", "can include antibiotics, growth factors, and nursing
/// care".
fn agent_words(node: &Node) -> Option<String> {
    if node.agents.is_empty() {
        return None;
    }
    let label = node.label.to_lowercase();
    let hedged = node.agents.iter().any(|a| a.likelihood.unwrap_or_default() != Likelihood::Always);
    if !hedged {
        if node.agents.iter().all(|a| label.contains(&a.name.to_lowercase())) {
            return None;
        }
        let names: Vec<&str> = node.agents.iter().map(|a| a.name.as_str()).collect();
        return Some(match node.combine.unwrap_or_default() {
            _ if names.len() == 1 => format!("is {}", names[0]),
            Combine::All => format!("is {} together", list_words(&names, "and")),
            Combine::OneOf => format!("is {}", list_words(&names, "or")),
            Combine::AnyOf => format!("can include {}", list_words(&names, "and")),
        });
    }
    let parts: Vec<String> = Likelihood::ALL
        .iter()
        .filter_map(|&l| {
            let names: Vec<&str> =
                node.agents.iter().filter(|a| a.likelihood.unwrap_or_default() == l).map(|a| a.name.as_str()).collect();
            match (names.is_empty(), l) {
                (true, _) => None,
                (false, Likelihood::Always) => Some(list_words(&names, "and")),
                (false, _) => Some(format!("{} {}", l.as_str(), list_words(&names, "or"))),
            }
        })
        .collect();
    Some(format!("is {}", parts.join(", and ")))
}
