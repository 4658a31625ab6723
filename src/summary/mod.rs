//! `carepath summary`: one page for one patient profile, in words, for patient-education
//! teams. The page is built once as a small document ([`Summary`]: headings, paragraphs, lists,
//! the notice) and then written as Markdown (`markdown.rs`) or as one self-contained HTML page
//! with a print stylesheet (`html.rs`); each writer escapes every string for its format, so the
//! two say the same words.
//!
//! What the page says, in order (`content.rs` builds it; `steps.rs` the steps, `treatments.rs`
//! what each includes, `figures.rs` the numbers): the not-medical-advice notice; whom it is for (the profile in words); what is
//! not known yet (each factor the profile leaves open that decides a step still ahead, asked
//! for by name with its values in words); each step in the order of the flow, by group, with
//! how long it lasts, whom it is for, its treatments with the source's hedges (the components
//! of [`crate::paths`], one model for every output) and what comes next; how often each result
//! happens, with the source's caveats; the words it uses; the sources; the notice again.
//!
//! The part of the pathway a profile can take is the part `carepath render --patient`
//! highlights ([`crate::export::highlight_for`]): every step reached along edges whose
//! condition some patient of the profile meets.

mod content;
mod figures;
mod html;
mod markdown;
mod steps;
#[cfg(test)]
mod tests;
mod treatments;

use crate::condition::Profile;
use crate::model::PathwayFile;

/// The written formats of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SummaryFormat {
    /// Markdown, for a repository or a document.
    #[default]
    Markdown,
    /// One self-contained HTML page (inline CSS, a print stylesheet, nothing fetched).
    Html,
}

/// Why a pathway has no summary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SummaryError {
    /// The pathway has no start node, or several (validation reports it).
    #[error("the pathway has no single start node")]
    NoSingleStart,
}

/// A summary as a document: its title and its blocks, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The page's title (its one top-level heading).
    pub title: String,
    /// What follows the title.
    pub blocks: Vec<Block>,
}

/// One block of a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading: level 2 for a part of the page, 3 for a step within it.
    Heading(u8, String),
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// A bulleted list; each item may hold a list of its own.
    List(Vec<Item>),
    /// The not-medical-advice notice, set apart from the rest.
    Notice(Vec<Span>),
}

/// A list item: its words and the items under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The item's words.
    pub spans: Vec<Span>,
    /// Items under it.
    pub children: Vec<Item>,
}

impl Item {
    /// An item without items under it.
    pub fn new(spans: Vec<Span>) -> Self {
        Item { spans, children: Vec::new() }
    }
}

/// A run of words in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Plain words.
    Text(String),
    /// Words in bold: the name of a step, a factor or a term.
    Strong(String),
    /// A link to a source (only `http:` and `https:` addresses become links).
    Link {
        /// The words shown.
        text: String,
        /// The address.
        url: String,
    },
}

/// Plain words.
pub(crate) fn text(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

/// Words in bold.
pub(crate) fn strong(s: impl Into<String>) -> Span {
    Span::Strong(s.into())
}

/// Builds the summary of `pathway` for the patients of `profile` (an empty profile: anyone).
///
/// # Errors
/// [`SummaryError::NoSingleStart`] when the pathway has no single start node.
///
/// Complexity: O(V + E) for the part of the pathway the profile can take, plus one outcome
/// analysis ([`crate::outcomes::analyse`]) and, per conditional edge, the cells of the factors
/// it tests.
pub fn summarise(pathway: &PathwayFile, profile: &Profile) -> Result<Summary, SummaryError> {
    content::summarise(pathway, profile)
}

/// Writes a summary in a format: Markdown, or one HTML page.
pub fn render(summary: &Summary, format: SummaryFormat) -> String {
    match format {
        SummaryFormat::Markdown => markdown::render(summary),
        SummaryFormat::Html => html::render(summary),
    }
}

/// The words a reader sees, one block to a line (a heading, a paragraph, a list item, the
/// notice), with no markup: what readability is measured on and what tests look for ids and
/// code in.
pub fn visible_text(summary: &Summary) -> String {
    fn spans(out: &mut String, spans: &[Span]) {
        for span in spans {
            match span {
                Span::Text(s) | Span::Strong(s) => out.push_str(s),
                Span::Link { text, .. } => out.push_str(text),
            }
        }
        out.push('\n');
    }
    fn items(out: &mut String, list: &[Item]) {
        for item in list {
            spans(out, &item.spans);
            items(out, &item.children);
        }
    }
    let mut out = format!("{}\n", summary.title);
    for block in &summary.blocks {
        match block {
            Block::Heading(_, s) => {
                out.push_str(s);
                out.push('\n');
            }
            Block::Paragraph(s) | Block::Notice(s) => spans(&mut out, s),
            Block::List(list) => items(&mut out, list),
        }
    }
    out
}
