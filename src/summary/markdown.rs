//! A summary as Markdown: the title as the one `#` heading, the notice as a quote, parts and
//! steps as `##` and `###` headings, lists with their items under them. Every string goes
//! through [`markdown_text`] (link addresses through [`markdown_url`]).

use super::{Block, Item, Span, Summary};
use crate::text::escape::{markdown_text, markdown_url};

/// The summary as a Markdown document, ending in one newline.
pub(super) fn render(summary: &Summary) -> String {
    let mut out = format!("# {}\n", markdown_text(&summary.title));
    for block in summary.blocks.iter().filter(|b| !matches!(b, Block::List(items) if items.is_empty())) {
        out.push('\n');
        match block {
            Block::Heading(level, words) => {
                let level = usize::from((*level).clamp(2, 6));
                out.push_str(&format!("{} {}\n", "#".repeat(level), markdown_text(words)));
            }
            Block::Paragraph(spans) => {
                out.push_str(&line_start(spans_text(spans)));
                out.push('\n');
            }
            Block::Notice(spans) => {
                out.push_str(&format!("> {}\n", spans_text(spans)));
            }
            Block::List(items) => write_items(&mut out, items, 0),
        }
    }
    out
}

/// A paragraph that would read as a list item where it starts a line (`- `, `+ `, `1. `,
/// `1) `) gets the character that makes it one escaped.
fn line_start(text: String) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if text.starts_with(['-', '+']) {
        format!("\\{text}")
    } else if digits > 0 && text[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else {
        text
    }
}

fn write_items(out: &mut String, items: &[Item], depth: usize) {
    for item in items {
        out.push_str(&format!("{}- {}\n", "  ".repeat(depth), spans_text(&item.spans)));
        write_items(out, &item.children, depth + 1);
    }
}

fn spans_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(words) => markdown_text(words),
            Span::Strong(words) => format!("**{}**", markdown_text(words)),
            Span::Link { text, url } => format!("[{}]({})", markdown_text(text), markdown_url(url)),
        })
        .collect()
}
