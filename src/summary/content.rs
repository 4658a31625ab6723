//! What a summary says: the part of the pathway the profile can take ([`Scope`]: its steps in
//! the order of the flow, the edges that apply), and the page built from it, part by part.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{figures, steps, strong, text, Block, Item, Span, Summary, SummaryError};
use crate::condition::{allowed_words, join_and, value_words, PathwayConditions, Profile};
use crate::graph::PathwayGraph;
use crate::model::{FactorType, NodeKind, OutcomeCategory, PathwayFile, Route};
use crate::text::plain::{category_meaning, category_term, date_words, route_meaning, route_term, NOTICE};

/// The part of a pathway one profile can take, and what the page needs to say it.
pub(super) struct Scope<'a> {
    pub(super) pathway: &'a PathwayFile,
    pub(super) flow: PathwayGraph<'a>,
    pub(super) conditions: PathwayConditions,
    pub(super) profile: &'a Profile,
    /// Per edge: whether it leaves a reached node and some patient of the profile meets its
    /// condition (`next` and `includes` edges).
    pub(super) taken: Vec<bool>,
    /// Per node: the applying `next` edges into it from reached nodes, in file order.
    pub(super) into: Vec<Vec<usize>>,
    /// The reached nodes in the order of the flow: each after every node leading to it (loops
    /// aside), file order among those free to come next.
    pub(super) order: Vec<usize>,
    /// Per node: its place in `order` (`usize::MAX` for a node not reached).
    pub(super) position: Vec<usize>,
}

impl<'a> Scope<'a> {
    fn new(pathway: &'a PathwayFile, profile: &'a Profile) -> Result<Self, SummaryError> {
        let flow = PathwayGraph::new(pathway);
        let start = flow.start.ok_or(SummaryError::NoSingleStart)?;
        let conditions = PathwayConditions::new(pathway);
        let highlight = crate::export::highlight_for(pathway, &conditions, profile);
        let mut taken = vec![false; pathway.edges.len()];
        for &e in &highlight.edges {
            taken[e] = true;
        }
        let mut reached = vec![false; pathway.nodes.len()];
        reached[start] = true;
        let mut stack = vec![start];
        while let Some(u) = stack.pop() {
            for &(e, v) in &flow.out[u] {
                if taken[e] && !reached[v] {
                    reached[v] = true;
                    stack.push(v);
                }
            }
        }
        let order = flow_order(&flow, start, &reached, &taken);
        let mut into = vec![Vec::new(); pathway.nodes.len()];
        for (_, out) in flow.out.iter().enumerate().filter(|&(u, _)| reached[u]) {
            for &(e, v) in out.iter().filter(|&&(e, _)| taken[e]) {
                into[v].push(e);
            }
        }
        for edges in &mut into {
            edges.sort_unstable();
        }
        let mut position = vec![usize::MAX; pathway.nodes.len()];
        for (i, &u) in order.iter().enumerate() {
            position[u] = i;
        }
        Ok(Scope { pathway, flow, conditions, profile, taken, into, order, position })
    }

    /// The `next` edges out of `u` that apply, as (edge, target), in file order.
    pub(super) fn next(&self, u: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.flow.out[u].iter().copied().filter(|&(e, _)| self.taken[e])
    }

    /// The label of node `u`.
    pub(super) fn label(&self, u: usize) -> &'a str {
        &self.pathway.nodes[u].label
    }
}

/// The reached nodes in topological order of the applying `next` edges, leaving out the edges
/// that close a loop; among the nodes free to come next, the first in the file. Kahn's
/// algorithm with a heap: O((V + E) log V).
fn flow_order(flow: &PathwayGraph, start: usize, reached: &[bool], taken: &[bool]) -> Vec<usize> {
    let n = reached.len();
    // Edges closing a loop: into a node still on the depth-first stack.
    let mut back = vec![false; taken.len()];
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    state[start] = 1;
    while let Some(&mut (u, ref mut pos)) = stack.last_mut() {
        match flow.out[u].get(*pos) {
            Some(&(e, v)) => {
                *pos += 1;
                if !taken[e] {
                    continue;
                }
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            }
            None => {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    let mut indegree = vec![0usize; n];
    for u in (0..n).filter(|&u| reached[u]) {
        for &(e, v) in &flow.out[u] {
            if taken[e] && !back[e] {
                indegree[v] += 1;
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    ready.push(Reverse(start));
    let mut order = Vec::new();
    let mut placed = vec![false; n];
    while let Some(Reverse(u)) = ready.pop() {
        if std::mem::replace(&mut placed[u], true) {
            continue;
        }
        order.push(u);
        for &(e, v) in &flow.out[u] {
            if taken[e] && !back[e] {
                indegree[v] -= 1;
                if indegree[v] == 0 {
                    ready.push(Reverse(v));
                }
            }
        }
    }
    order
}

/// The summary of `pathway` for `profile`.
pub(super) fn summarise(pathway: &PathwayFile, profile: &Profile) -> Result<Summary, SummaryError> {
    let scope = Scope::new(pathway, profile)?;
    let mut blocks = vec![notice()];
    blocks.extend(who(&scope));
    blocks.extend(not_known(&scope));
    blocks.extend(steps::steps(&scope));
    blocks.extend(figures::figures(&scope)?);
    blocks.extend(glossary(&scope));
    blocks.extend(sources(pathway));
    blocks.push(notice());
    Ok(Summary { title: format!("Treatment summary: {}", pathway.title), blocks })
}

/// The not-medical-advice notice.
fn notice() -> Block {
    Block::Notice(vec![strong(NOTICE.0), text(format!(" {}", NOTICE.1))])
}

/// Whom the page is for: the profile in words.
fn who(scope: &Scope) -> Vec<Block> {
    let given: Vec<String> =
        scope.pathway.factors.iter().filter_map(|f| scope.profile.get(&f.id).map(|v| value_words(f, v))).collect();
    let about = if given.is_empty() {
        "This page is for anyone on this pathway. It knows no facts about the person yet, so it shows every way \
         treatment can go."
            .to_string()
    } else {
        format!("This page is for one person: {}.", join_and(&given))
    };
    vec![Block::Paragraph(vec![text(format!(
        "{about} Each person is different, so your own treatment may not follow it step by step."
    ))])]
}

/// What is not known yet: each factor the profile leaves open that decides a step or a
/// treatment still ahead, with its values in words.
fn not_known(scope: &Scope) -> Vec<Block> {
    let mut open: Vec<usize> = Vec::new();
    for (e, _) in scope.pathway.edges.iter().enumerate().filter(|&(e, _)| scope.taken[e]) {
        for f in scope.conditions.open_factors(e, scope.profile) {
            if !open.contains(&f) {
                open.push(f);
            }
        }
    }
    open.sort_unstable();
    let mut blocks = vec![Block::Heading(2, "What is not known yet".into())];
    if open.is_empty() {
        blocks.push(Block::Paragraph(vec![text("This page knows every fact that the steps below depend on.")]));
        return blocks;
    }
    blocks.push(Block::Paragraph(vec![text(
        "Some steps depend on facts this page does not know. Your care team can find them out.",
    )]));
    let mut spans = Vec::new();
    for factor in open.iter().filter_map(|&f| scope.pathway.factors.get(f)) {
        let values = match factor.kind {
            FactorType::Boolean => "yes or no".to_string(),
            _ => allowed_words(factor),
        };
        if !spans.is_empty() {
            spans.push(text(" "));
        }
        spans.push(strong(factor.label.clone()));
        spans.push(text(format!(": {values}.")));
    }
    blocks.push(Block::Paragraph(spans));
    blocks
}

/// The words the page uses that have a meaning to explain: the categories of its outcomes and
/// the routes of its treatments.
fn glossary(scope: &Scope) -> Vec<Block> {
    let pathway = scope.pathway;
    let mut categories: Vec<OutcomeCategory> = Vec::new();
    let mut routes: Vec<Route> = Vec::new();
    for &u in &scope.order {
        if let Some(c) = pathway.nodes[u].outcome.filter(|_| pathway.nodes[u].kind == NodeKind::Outcome) {
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
        for &(e, v) in &scope.flow.includes[u] {
            if let Some(r) = pathway.nodes[v].route.filter(|_| scope.taken[e]) {
                if !routes.contains(&r) {
                    routes.push(r);
                }
            }
        }
    }
    categories.sort();
    let mut spans: Vec<Span> = Vec::new();
    let terms = categories
        .into_iter()
        .map(|c| (category_term(c), category_meaning(c)))
        .chain(routes.into_iter().map(|r| (route_term(r), route_meaning(r))));
    for (term, meaning) in terms {
        if !spans.is_empty() {
            spans.push(text(" "));
        }
        spans.push(strong(term));
        spans.push(text(format!(": {meaning}")));
    }
    if spans.is_empty() {
        return Vec::new();
    }
    vec![Block::Heading(2, "Words used on this page".into()), Block::Paragraph(spans)]
}

/// The sources the pathway cites, in file order (every source when it cites none): title,
/// publisher and date.
fn sources(pathway: &PathwayFile) -> Vec<Block> {
    let mut cited: Vec<&str> = Vec::new();
    let citations = pathway
        .nodes
        .iter()
        .flat_map(|n| n.sources.iter().chain(n.option_sets.iter().flat_map(|s| s.sources.iter())))
        .chain(pathway.edges.iter().flat_map(|e| e.sources.iter()))
        .chain(pathway.factors.iter().flat_map(|f| f.sources.iter()))
        .chain(pathway.caveats.iter().flat_map(|c| c.sources.iter()));
    for c in citations {
        if !cited.contains(&c.source.as_str()) {
            cited.push(&c.source);
        }
    }
    let listed: Vec<_> =
        pathway.sources.iter().filter(|s| cited.is_empty() || cited.contains(&s.id.as_str())).collect();
    if listed.is_empty() {
        return Vec::new();
    }
    let items = listed
        .iter()
        .map(|s| {
            let mut spans = vec![strong(s.title.clone()), text(".")];
            if let Some(publisher) = &s.publisher {
                spans.push(text(format!(" {publisher}.")));
            }
            match (&s.revised, s.year) {
                (Some(date), _) => spans.push(text(format!(" Last revised on {}.", date_words(date)))),
                (None, Some(year)) => spans.push(text(format!(" Published in {year}."))),
                (None, None) => {}
            }
            if let Some(url) = s.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
                spans.push(text(" "));
                spans.push(Span::Link { text: "Where to find it".into(), url: url.to_string() });
                spans.push(text("."));
            }
            Item::new(spans)
        })
        .collect();
    let heading = if listed.len() == 1 { "The source" } else { "The sources" };
    vec![Block::Heading(2, heading.into()), Block::List(items)]
}
