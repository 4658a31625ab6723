//! A summary as one self-contained HTML page: `lang`, a title, inline CSS with a print
//! stylesheet (`@media print`: Letter, two columns at 9 pt so the page prints on a sheet or
//! two, black on white, no background colours, no page break right after a heading, inside a
//! list item or between a list and the line that leads to it, link addresses printed after
//! their words), nothing fetched. The notice is a `role="note"` box at the top and at the
//! bottom; parts are `h2` headings, so a screen reader can move between them, and each step an
//! item of its part's list. Every string goes through [`html_text`].

use super::{Block, Item, Span, Summary};
use crate::text::escape::{html_text as escape_html, terminal_safe};

/// A string of the pathway for this page: invisible and direction-changing characters shown as
/// `\u{..}` escapes (the page isolates nothing, unlike the explorer), then escaped for HTML.
fn html_text(text: &str) -> String {
    escape_html(&terminal_safe(text))
}

/// The page's style: readable on a screen, clean on paper.
const STYLE: &str = "\
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1b1b1b; font: 1.0625rem/1.6 system-ui, -apple-system, \"Segoe UI\", Roboto, Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.25rem 0 0.5rem; padding-top: 0.75rem; border-top: 2px solid #c9d1d9; }
h3 { font-size: 1.125rem; line-height: 1.3; margin: 1.5rem 0 0.25rem; }
p { margin: 0.4rem 0; }
ul { margin: 0.4rem 0; padding-left: 1.5rem; }
li { margin: 0.3rem 0; }
li > ul { margin: 0.2rem 0; }
.notice { margin: 1rem 0; padding: 0.75rem 1rem; border: 2px solid #9a5b00; border-left-width: 0.5rem; border-radius: 0.375rem; background: #fff6e6; }
.notice p { margin: 0; }
a { color: #0b57d0; }
a:focus { outline: 2px solid #0b57d0; outline-offset: 2px; }
@media print {
  @page { size: letter; margin: 10mm 11mm; }
  body { font-size: 9pt; line-height: 1.25; color: #000; background: none; }
  main { max-width: none; margin: 0; padding: 0; columns: 2; column-gap: 7mm; }
  h1 { font-size: 14pt; margin: 0 0 4pt; column-span: all; }
  h2 { font-size: 11pt; margin: 6pt 0 2pt; padding-top: 3pt; border-top: 1px solid #000; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 10pt; margin: 5pt 0 1pt; break-after: avoid; page-break-after: avoid; }
  p { margin: 2pt 0; }
  ul { margin: 2pt 0; padding-left: 12pt; }
  li { margin: 1.5pt 0; }
  p, li { orphans: 3; widows: 3; }
  li { break-inside: avoid; page-break-inside: avoid; }
  p:has(+ ul) { break-after: avoid; page-break-after: avoid; }
  .notice { margin: 4pt 0; padding: 3pt 6pt; background: none; border: 1.5pt solid #000; border-left-width: 4pt; break-inside: avoid; page-break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  a[href]::after { content: \" (\" attr(href) \")\"; }
}
";

/// The summary as an HTML document, ending in one newline.
pub(super) fn render(summary: &Summary) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", html_text(&summary.title)));
    out.push_str(&format!("<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", html_text(&summary.title)));
    for block in &summary.blocks {
        match block {
            Block::Heading(level, words) => {
                let level = (*level).clamp(2, 6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", html_text(words)));
            }
            Block::Paragraph(spans) => out.push_str(&format!("<p>{}</p>\n", spans_html(spans))),
            Block::Notice(spans) => out.push_str(&format!(
                "<aside class=\"notice\" role=\"note\" aria-label=\"Not medical advice\"><p>{}</p></aside>\n",
                spans_html(spans)
            )),
            Block::List(items) => write_items(&mut out, items),
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn write_items(out: &mut String, items: &[Item]) {
    if items.is_empty() {
        return;
    }
    out.push_str("<ul>\n");
    for item in items {
        out.push_str("<li>");
        out.push_str(&spans_html(&item.spans));
        if !item.children.is_empty() {
            out.push('\n');
            write_items(out, &item.children);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn spans_html(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(words) => unbroken(&html_text(words)),
            Span::Strong(words) => format!("<strong>{}</strong>", unbroken(&html_text(words))),
            Span::Link { text, url } => format!("<a href=\"{}\">{}</a>", html_text(url), unbroken(&html_text(text))),
        })
        .collect()
}

/// Escaped text with word joiners around each en dash, so a range ("33–53%") never breaks
/// across lines.
fn unbroken(escaped: &str) -> String {
    escaped.replace('\u{2013}', "&#8288;\u{2013}&#8288;")
}
