//! The steps of a summary, by group and in the order of the flow, one list item per step: its
//! name, how long it lasts, whom it is for, a sentence or two of its plain words, its
//! treatments with the source's hedges, and what comes next (choices and chances in words).
//! Decisions are not steps of their own: they are said where they come, as "Next, a choice".

use super::content::Scope;
use super::treatments::{treatments, Said};
use super::{strong, text, Block, Item, Span};
use crate::model::{Choice, Likelihood, NodeKind};
use crate::text::plain::{brief, short_branch_hedge, short_length_words};
use crate::text::words::figure_words;

/// How deep a choice that leads to another choice is followed before it is only named.
const MAX_NESTED_CHOICES: usize = 3;

/// Where the source's account of treatment stops.
const END: &str = "The source's account ends here.";

/// Whether result `u` is said where the page comes to it instead of as an item of its own: a
/// final result with one way in.
fn folded(scope: &Scope, u: usize) -> bool {
    scope.flow.terminal[u] && scope.into[u].len() == 1 && Some(u) != scope.flow.start
}

/// Whether result `u` is said where the page comes to it, with the way on from it, instead of
/// as an item of its own: a result with one way in and one way out.
fn passed(scope: &Scope, u: usize) -> bool {
    scope.pathway.nodes[u].kind == NodeKind::Outcome
        && Some(u) != scope.flow.start
        && scope.into[u].len() == 1
        && scope.next(u).count() == 1
}

/// What follows the name of step `v` where the page comes to it, when `v` is [`folded`]: a
/// the end of the account (what the result means is said under the words the page uses).
fn ending(scope: &Scope, v: usize) -> Vec<Span> {
    if passed(scope, v) {
        return next(scope, v);
    }
    if !folded(scope, v) {
        return Vec::new();
    }
    vec![text(format!(" {END}"))]
}

/// The step parts of the page: a part per group (in the file's order of groups), then the
/// steps in no group; each step one item of the part's list.
pub(super) fn steps(scope: &Scope) -> Vec<Block> {
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
                && !passed(scope, u)
        })
        .collect();
    let mut said = Said::new(scope, &shown);
    let mut blocks = Vec::new();
    let mut placed = vec![false; pathway.nodes.len()];
    for group in &pathway.groups {
        let members: Vec<usize> =
            shown.iter().copied().filter(|&u| pathway.nodes[u].group.as_deref() == Some(group.id.as_str())).collect();
        if members.is_empty() {
            continue;
        }
        blocks.push(Block::Heading(2, group.label.clone()));
        let items = members
            .into_iter()
            .map(|u| {
                placed[u] = true;
                step(scope, u, &mut said)
            })
            .collect();
        blocks.push(Block::List(items));
    }
    let rest: Vec<usize> = shown.into_iter().filter(|&u| !placed[u]).collect();
    if !rest.is_empty() {
        let heading = if pathway.groups.is_empty() { "The steps" } else { "Other steps" };
        blocks.push(Block::Heading(2, heading.into()));
        blocks.push(Block::List(rest.into_iter().map(|u| step(scope, u, &mut said)).collect()));
    }
    blocks
}

/// One step as one item: its name, how long it lasts, whom it is for, its plain words in
/// brief, its treatments, what comes next.
fn step(scope: &Scope, u: usize, said: &mut Said) -> Item {
    let node = &scope.pathway.nodes[u];
    let mut spans = vec![strong(node.label.clone())];
    if matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) {
        spans.push(text(format!(", {}", short_length_words(node.duration.as_ref()))));
    }
    if u != scope.flow.start.unwrap_or(usize::MAX) {
        if let Some(words) = scope.conditions.any_words(&scope.into[u], scope.profile) {
            spans.push(text(format!(", only if {words}")));
        }
    }
    spans.push(text("."));
    if let Some(plain) = node.plain.as_ref().filter(|_| node.kind != NodeKind::Outcome) {
        spans.push(text(format!(" {}", brief(plain))));
    }
    spans.extend(treatments(scope, u, said));
    spans.extend(next(scope, u));
    Item::new(spans)
}

/// What comes after step `u`: the end of the way, the results that may follow with the
/// source's figures, the next step, or a choice.
fn next(scope: &Scope, u: usize) -> Vec<Span> {
    let out: Vec<(usize, usize)> = scope.next(u).collect();
    match out.as_slice() {
        [] if scope.flow.terminal[u] => vec![text(format!(" {END}"))],
        [] => Vec::new(),
        [(_, v)] => follow(scope, u, *v),
        _ => {
            let figures = out.iter().any(|&(e, _)| scope.pathway.edges[e].probability.is_some());
            let mut spans = vec![text(" Then: ")];
            for (i, &(e, v)) in out.iter().enumerate() {
                if i > 0 {
                    spans.push(text(" Or "));
                }
                spans.push(text(scope.label(v)));
                match scope.pathway.edges[e].probability.as_ref() {
                    Some(p) => spans.push(text(format!(", {} of people.", figure_words(Some(p))))),
                    None if figures => spans.push(text(", no number given.")),
                    None => spans.push(text(".")),
                }
                spans.extend(ending(scope, v));
                if scope.pathway.nodes[v].kind == NodeKind::Decision {
                    spans.extend(choice_spans(scope, v, 1));
                }
            }
            spans
        }
    }
}

/// The way on from step `u` to node `v`: "Next: v" ("again" when the page has been there
/// before: a loop), or the choice `v` is.
fn follow(scope: &Scope, u: usize, v: usize) -> Vec<Span> {
    if scope.pathway.nodes[v].kind != NodeKind::Decision {
        let again = if scope.position[v] <= scope.position[u] { " again" } else { "" };
        let mut spans = vec![text(format!(" Then: {}{again}.", scope.label(v)))];
        spans.extend(ending(scope, v));
        return spans;
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
    let mut spans = vec![text(format!(" Then a choice: {}{}", scope.label(v), stop(scope.label(v))))];
    if scope.pathway.nodes[v].choice == Some(Choice::Multiple) {
        spans.push(text(" There may be more than one option."));
    }
    spans.extend(choice_spans(scope, v, 1));
    spans
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

/// The branches of decision `d` as sentences: the step each leads to, whom it is for, how
/// often it is taken; a branch into a further choice says that choice's branches after it.
fn choice_spans(scope: &Scope, d: usize, depth: usize) -> Vec<Span> {
    let mut spans = Vec::new();
    for (to, edges, likelihood) in branches(scope, d) {
        let further = scope.pathway.nodes[to].kind == NodeKind::Decision;
        spans.push(text(if further { " A further choice: " } else { " " }));
        spans.push(text(scope.label(to)));
        let condition = scope.conditions.any_words(&edges, scope.profile);
        let hedge = short_branch_hedge(likelihood);
        let tail = if further {
            let mut tail = stop(scope.label(to)).to_string();
            if let Some(words) = condition {
                tail.push_str(&format!(" Only if {words}."));
            }
            tail
        } else {
            let mut tail: String = condition.map(|w| format!(", if {w}")).unwrap_or_default();
            if let Some(hedge) = hedge {
                tail.push_str(&format!(", {hedge}"));
            }
            tail.push('.');
            tail
        };
        spans.push(text(tail));
        spans.extend(ending(scope, to));
        if further && depth < MAX_NESTED_CHOICES {
            spans.extend(choice_spans(scope, to, depth + 1));
        }
    }
    spans
}
