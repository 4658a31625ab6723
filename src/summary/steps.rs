//! The steps of a summary, by group and in the order of the flow: each start, phase, step of
//! treatment and result, with whom it is for, how long it lasts, its treatments with the
//! source's hedges, and what comes next (choices and chances in words). Decisions are not
//! steps of their own: they are said where they come, as "Next comes a choice".

use super::content::Scope;
use super::treatments::{treatments, Said};
use super::{strong, text, Block, Item, Span};
use crate::model::{Choice, Likelihood, NodeKind};
use crate::text::plain::{branch_hedge, length_words};
use crate::text::words::figure_words;

/// How deep a choice that leads to another choice is followed before it is only named.
const MAX_NESTED_CHOICES: usize = 3;

/// Where the source's account of treatment stops.
const END: &str = "This is where the source's account ends.";

/// Whether result `u` is said where the page comes to it instead of under a heading of its
/// own: a final result with one way in.
fn folded(scope: &Scope, u: usize) -> bool {
    scope.flow.terminal[u] && scope.into[u].len() == 1 && Some(u) != scope.flow.start
}

/// What follows the name of step `v` where the page comes to it, when `v` is [`folded`]: its
/// plain words and the end of the account.
fn ending(scope: &Scope, v: usize) -> Vec<Span> {
    if !folded(scope, v) {
        return Vec::new();
    }
    let mut spans = Vec::new();
    if let Some(plain) = &scope.pathway.nodes[v].plain {
        spans.push(text(format!(" {plain}")));
    }
    spans.push(text(format!(" {END}")));
    spans
}

/// The step parts of the page: a part per group (in the file's order of groups), then the
/// steps in no group; each step under its own heading.
pub(super) fn steps(scope: &Scope) -> Vec<Block> {
    let mut said = Said::default();
    let pathway = scope.pathway;
    let shown: Vec<usize> = scope
        .order
        .iter()
        .copied()
        .filter(|&u| {
            matches!(
                pathway.nodes[u].kind,
                NodeKind::Start | NodeKind::Phase | NodeKind::Intervention | NodeKind::Outcome
            ) && !folded(scope, u)
        })
        .collect();
    let mut blocks = Vec::new();
    let mut placed = vec![false; pathway.nodes.len()];
    for group in &pathway.groups {
        let members: Vec<usize> =
            shown.iter().copied().filter(|&u| pathway.nodes[u].group.as_deref() == Some(group.id.as_str())).collect();
        if members.is_empty() {
            continue;
        }
        blocks.push(Block::Heading(2, group.label.clone()));
        if let Some(description) = &group.description {
            blocks.push(Block::Paragraph(vec![text(description.clone())]));
        }
        for u in members {
            placed[u] = true;
            // A step named as its part ("Palliative care" in "Palliative care") needs no heading
            // of its own.
            let mut step = step(scope, u, &mut said);
            if matches!(step.first(), Some(Block::Heading(3, label)) if *label == group.label) {
                step.remove(0);
            }
            blocks.extend(step);
        }
    }
    let rest: Vec<usize> = shown.into_iter().filter(|&u| !placed[u]).collect();
    if !rest.is_empty() {
        let heading = if pathway.groups.is_empty() { "The steps" } else { "Other steps" };
        blocks.push(Block::Heading(2, heading.into()));
        for u in rest {
            blocks.extend(step(scope, u, &mut said));
        }
    }
    blocks
}

/// One step: its heading, its plain words, whom it is for, how long it lasts, its treatments,
/// what comes next.
fn step(scope: &Scope, u: usize, said: &mut Said) -> Vec<Block> {
    let node = &scope.pathway.nodes[u];
    let mut blocks = vec![Block::Heading(3, node.label.clone())];
    if let Some(plain) = &node.plain {
        blocks.push(Block::Paragraph(vec![text(plain.clone())]));
    }
    let mut facts: Vec<Span> = Vec::new();
    if matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) {
        facts.push(text(format!("{}.", length_words(node.duration.as_ref()))));
    }
    if u != scope.flow.start.unwrap_or(usize::MAX) {
        if let Some(words) = scope.conditions.any_words(&scope.into[u], scope.profile) {
            let space = if facts.is_empty() { "" } else { " " };
            facts.push(text(format!("{space}Only if: {words}.")));
        }
    }
    if !facts.is_empty() {
        blocks.push(Block::Paragraph(facts));
    }
    let treatments = treatments(scope, u, said);
    if !treatments.is_empty() {
        blocks.push(Block::Paragraph(vec![text("The treatments in this step:")]));
        blocks.push(Block::List(treatments));
    }
    blocks.extend(next(scope, u));
    blocks
}

/// What comes after step `u`: the end of the way, the results that may follow with the
/// source's figures, the next step, or a choice.
fn next(scope: &Scope, u: usize) -> Vec<Block> {
    let out: Vec<(usize, usize)> = scope.next(u).collect();
    match out.as_slice() {
        [] if scope.flow.terminal[u] => vec![Block::Paragraph(vec![text(END)])],
        [] => Vec::new(),
        [(_, v)] => follow(scope, u, *v),
        _ => {
            let items = out
                .iter()
                .map(|&(e, v)| {
                    let figure = match scope.pathway.edges[e].probability.as_ref() {
                        Some(p) => format!("{} of people", figure_words(Some(p))),
                        None => "the source gives no number".into(),
                    };
                    let mut spans = vec![strong(scope.label(v)), text(format!(": {figure}."))];
                    spans.extend(ending(scope, v));
                    let mut item = Item::new(spans);
                    if scope.pathway.nodes[v].kind == NodeKind::Decision {
                        item.children = choice_items(scope, v, 1);
                    }
                    item
                })
                .collect();
            vec![Block::Paragraph(vec![text("Next, one of these happens:")]), Block::List(items)]
        }
    }
}

/// The way on from step `u` to node `v`: "Next comes v" ("again" when the page has been
/// there before: a loop), or the choice `v` is.
fn follow(scope: &Scope, u: usize, v: usize) -> Vec<Block> {
    if scope.pathway.nodes[v].kind != NodeKind::Decision {
        let again = if scope.position[v] <= scope.position[u] { " again" } else { "" };
        let mut spans = vec![text("Next comes "), strong(scope.label(v)), text(format!("{again}."))];
        spans.extend(ending(scope, v));
        return vec![Block::Paragraph(spans)];
    }
    let branches = branches(scope, v);
    if branches.is_empty() {
        // No branch applies to this profile (validation reports a decision that misses patients).
        return Vec::new();
    }
    // A choice this profile has already made reads as the step it leads to.
    if let [(to, edges, _)] = branches.as_slice() {
        if scope.conditions.any_words(edges, scope.profile).is_none() {
            return follow(scope, u, *to);
        }
    }
    let mut lead = vec![text("Next comes a choice: "), strong(scope.label(v)), text(stop(scope.label(v)))];
    if scope.pathway.nodes[v].choice == Some(Choice::Multiple) {
        lead.push(text(" There may be more than one option."));
    }
    vec![Block::Paragraph(lead), Block::List(choice_items(scope, v, 1))]
}

/// The full stop after a label used as a sentence, unless it ends in one already ("Older or
/// seriously ill?").
fn stop(label: &str) -> &'static str {
    if label.ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    }
}

/// The branches of decision `d` that some patient of the profile takes, one per step they
/// lead to (in file order): (target, edges, the most frequent hedge among them).
fn branches(scope: &Scope, d: usize) -> Vec<(usize, Vec<usize>, Likelihood)> {
    let mut out: Vec<(usize, Vec<usize>, Likelihood)> = Vec::new();
    for (e, to) in scope.next(d) {
        let likelihood = scope.pathway.edges[e].likelihood.unwrap_or_default();
        match out.iter_mut().find(|(t, _, _)| *t == to) {
            Some((_, edges, l)) => {
                edges.push(e);
                *l = (*l).min(likelihood);
            }
            None => out.push((to, vec![e], likelihood)),
        }
    }
    out
}

/// The branches of decision `d` as list items: the step each leads to, whom it is for, how
/// often it is taken; a branch into a further choice lists that choice's branches under it.
fn choice_items(scope: &Scope, d: usize, depth: usize) -> Vec<Item> {
    branches(scope, d)
        .into_iter()
        .map(|(to, edges, likelihood)| {
            let further = scope.pathway.nodes[to].kind == NodeKind::Decision;
            let mut spans = if further {
                vec![text("A further choice: "), strong(scope.label(to)), text(stop(scope.label(to)))]
            } else {
                vec![strong(scope.label(to)), text(".")]
            };
            if let Some(words) = scope.conditions.any_words(&edges, scope.profile) {
                spans.push(text(format!(" Only if: {words}.")));
            }
            if let Some(hedge) = branch_hedge(likelihood) {
                spans.push(text(format!(" {hedge}")));
            }
            spans.extend(ending(scope, to));
            let mut item = Item::new(spans);
            if further && depth < MAX_NESTED_CHOICES {
                item.children = choice_items(scope, to, depth + 1);
            }
            item
        })
        .collect()
}
