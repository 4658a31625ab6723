//! How often each result happens, in words: for each result the profile can reach, the
//! source's own figure on the way into it ("about 80–90% of people who get this far") and,
//! where it differs, what that makes of everyone ("Of everyone, that is 33–53%"), from one
//! outcome analysis of the profile ([`crate::outcomes::analyse`]); the results the source gives
//! no number for; and the source's caveats about the figures.

use super::content::Scope;
use super::{strong, text, Block, Item, SummaryError};
use crate::model::NodeKind;
use crate::outcomes::{analyse, applicable_caveats, Bounds};
use crate::text::number::number;
use crate::text::words::{chance_words, figure_words};

/// The part of the page about the figures.
pub(super) fn figures(scope: &Scope) -> Result<Vec<Block>, SummaryError> {
    let (pathway, flow) = (scope.pathway, &scope.flow);
    let resolve = |e: usize| scope.conditions.edge_status(e, scope.profile);
    let report = analyse(flow, &resolve).ok_or(SummaryError::NoSingleStart)?;
    let bounds_of = |u: usize| -> Option<Bounds> {
        let terminal = report.terminals.iter().find(|t| t.node == u).map(|t| t.probability);
        terminal.or_else(|| report.passing.iter().find(|p| p.node == u).map(|p| p.probability))
    };
    let mut items = Vec::new();
    let mut no_number = false;
    let mut approximate = false;
    for &u in &scope.order {
        if pathway.nodes[u].kind != NodeKind::Outcome || Some(u) == flow.start {
            continue;
        }
        // The source's figures on the chance branches into this result.
        let stated: Vec<_> = scope.into[u]
            .iter()
            .filter(|&&e| flow.node_index(&pathway.edges[e].from).is_some_and(|v| flow.chance[v]))
            .filter_map(|&e| pathway.edges[e].probability.as_ref())
            .collect();
        if stated.is_empty() {
            no_number = true;
            continue;
        }
        approximate |= stated.iter().any(|p| p.is_approximate());
        let mut words: Vec<String> = Vec::new();
        for p in &stated {
            let w = figure_words(Some(p));
            if !words.contains(&w) {
                words.push(w);
            }
        }
        let mut line = format!(": {} of those who get this far.", words.join(" or "));
        if let Some(b) = bounds_of(u) {
            let low = stated.iter().map(|p| p.low).fold(f64::INFINITY, f64::min);
            let high = stated.iter().map(|p| p.high).fold(f64::NEG_INFINITY, f64::max);
            let everyone = chance_words(b.low, b.high, true);
            if everyone != chance_words(low, high, true) {
                line.push_str(&format!(" Of everyone, {everyone}."));
            }
        }
        items.push(Item::new(vec![strong(scope.label(u)), text(line)]));
    }
    let mut blocks = vec![Block::Heading(2, "How often each result happens".into())];
    let mut intro =
        String::from("The source's numbers are for large groups. They cannot tell what will happen to one person.");
    if approximate {
        let points = pathway.about_tolerance() * 100.0;
        intro.push_str(&format!(
            " This page reads about 50% as anywhere from {}% to {}%.",
            number(50.0 - points),
            number(50.0 + points)
        ));
    }
    blocks.push(Block::Paragraph(vec![text(intro)]));
    let any_figure = !items.is_empty();
    if any_figure {
        blocks.push(Block::List(items));
    }
    if no_number {
        let rest = if any_figure { "the other results" } else { "any result" };
        blocks.push(Block::Paragraph(vec![text(format!("The source gives no numbers for {rest}."))]));
    }
    let caveats = applicable_caveats(pathway, &report);
    if !caveats.is_empty() {
        let said: Vec<&str> = caveats.iter().map(|c| c.plain.as_deref().unwrap_or(&c.text)).collect();
        blocks.push(Block::Paragraph(vec![
            strong("What the source says about these numbers:"),
            text(format!(" {}", said.join(" "))),
        ]));
    }
    Ok(blocks)
}
