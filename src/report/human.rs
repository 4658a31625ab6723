//! The human format: each diagnostic with its code, message, `file:line:column`, the source
//! snippet with the value underlined (rendered by miette), and the fix; then a summary.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use crate::diag::{is_unsafe_char, terminal_safe, Diagnostic, Severity};

use super::ReportInput;

/// Options of the human format.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Use colours (only when writing to a terminal and `NO_COLOR` is unset).
    pub color: bool,
}

/// Lines longer than this are not shown as snippets (a 10 MB label would flood the screen).
const MAX_SNIPPET_LINE: usize = 400;

struct Rendered<'a> {
    diag: &'a Diagnostic,
    message: String,
    source: Option<NamedSource<String>>,
    span: Option<(usize, usize)>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.diag.rule.code, self.diag.rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag.help.as_ref().map(|h| Box::new(terminal_safe(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (offset, length) = self.span?;
        let label = self.diag.subject.as_ref().map(|s| terminal_safe(&s.to_string()));
        Some(Box::new(std::iter::once(LabeledSpan::new(label, offset, length.max(1)))))
    }
}

/// Replaces characters unsafe for a terminal by `?`, keeping byte offsets unchanged.
fn mask_unsafe(text: &str) -> String {
    text.chars()
        .map(|c| if is_unsafe_char(c) && c != '\r' { "?".repeat(c.len_utf8()) } else { c.to_string() })
        .collect()
}

/// Renders the human format.
pub fn render(input: &ReportInput, options: &HumanOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1).with_width(100);
    let mut out = String::new();
    for error in input.read_errors {
        out.push_str(&format!("error: {}\n\n", terminal_safe(&error.to_string())));
    }
    for diag in input.diagnostics {
        let position = match (&diag.file, diag.location) {
            (Some(file), Some(l)) => format!("{}:{}:{}", terminal_safe(file), l.line, l.column),
            (Some(file), None) => terminal_safe(file),
            _ => String::new(),
        };
        let message = terminal_safe(&diag.message);
        let text = diag.file.as_ref().and_then(|f| input.texts.get(f));
        let span = diag.location.map(|l| match text {
            Some(text) => clamp_span(text, l.offset, l.length),
            None => (l.offset, l.length),
        });
        let snippet_ok = match (text, span) {
            (Some(text), Some((offset, _))) => line_len_at(text, offset) <= MAX_SNIPPET_LINE,
            _ => false,
        };
        let rendered = Rendered {
            diag,
            message: if snippet_ok { message.clone() } else { format!("{message}\n  at {position}") },
            source: if snippet_ok {
                text.map(|t| NamedSource::new(terminal_safe(diag.file.as_deref().unwrap_or("")), mask_unsafe(t)))
            } else {
                None
            },
            span: if snippet_ok { span } else { None },
        };
        let mut block = String::new();
        if handler.render_report(&mut block, &rendered).is_err() {
            block = format!("{}[{}]: {message}\n  --> {position}\n", diag.severity, diag.rule.code);
        }
        out.push_str(&block);
        out.push('\n');
    }
    out.push_str(&input.summary());
    out.push('\n');
    out
}

/// Most lines a snippet underlines; a longer span (a diagnostic on a whole `nodes` array) is
/// underlined on its first line only, so the terminal is not flooded with the file.
const MAX_SNIPPET_LINES: usize = 12;

/// The span to underline: as given, or its first line when it covers more than
/// [`MAX_SNIPPET_LINES`] lines. Complexity: O(length of the span).
fn clamp_span(text: &str, offset: usize, length: usize) -> (usize, usize) {
    let inner = text.get(offset..offset.saturating_add(length).min(text.len())).unwrap_or("");
    if inner.bytes().filter(|&b| b == b'\n').count() < MAX_SNIPPET_LINES {
        return (offset, length);
    }
    (offset, inner.find('\n').unwrap_or(inner.len()).max(1))
}

fn line_len_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let start = text.get(..offset).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
    let end = text.get(offset..).and_then(|s| s.find('\n')).map_or(text.len(), |i| offset + i);
    end.saturating_sub(start)
}
