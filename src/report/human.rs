//! The human format: each diagnostic with its code, message, `file:line:column`, the source
//! snippet with the value underlined (rendered by miette), and the fix; then a summary.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, NamedSource, SourceCode,
    SourceSpan, SpanContents,
};

use crate::diag::{Diagnostic, Severity};
use crate::load::ReadError;
use crate::text::escape::{has_unsafe, is_unsafe_char, terminal_safe};
use crate::text::number::grouped;

use super::ReportInput;

/// Findings the human format shows with snippets unless `--max-diagnostics` says otherwise:
/// a screenful or two, enough to start fixing; the rest are counted by rule.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 50;

/// Options of the human format.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Use colours (only when writing to a terminal and `NO_COLOR` is unset).
    pub color: bool,
    /// Show at most this many findings with their snippets, then a count per rule of the
    /// rest; `None` shows every finding.
    pub max_diagnostics: Option<usize>,
}

/// Lines longer than this are not shown as snippets (a 10 MB label would flood the screen).
const MAX_SNIPPET_LINE: usize = 400;

struct Rendered<'a> {
    diag: &'a Diagnostic,
    message: String,
    source: Option<NamedSource<LinedSource>>,
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

/// A file's text with the start of each line, for miette. miette's own `str` source finds a
/// span's lines by scanning from the start of the file, which made each diagnostic near the
/// end of a large file cost a full scan (10,000 notes on a 10,000-node file: minutes). This one
/// hands miette's scan the text from a few lines before the span, found by binary search, and
/// shifts the result back: the same contents, line and column, in O(log lines + context).
#[derive(Debug, Clone)]
struct LinedSource {
    text: Arc<str>,
    /// Byte offsets where lines start, as miette counts lines (after `\n`, `\r\n`, or a lone
    /// `\r`); the first is 0.
    line_starts: Arc<[usize]>,
}

impl LinedSource {
    fn new(text: String) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
            }
        }
        LinedSource { text: Arc::from(text), line_starts: Arc::from(line_starts) }
    }
}

impl SourceCode for LinedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // The span's line, then a line start far enough before it that miette's scan sees all
        // the context lines it keeps (it keeps the last `context_lines_before`).
        let line = self.line_starts.partition_point(|&start| start <= span.offset()).saturating_sub(1);
        let first_line = line.saturating_sub(context_lines_before + 1);
        let base = self.line_starts.get(first_line).copied().unwrap_or(0);
        let bytes = self.text.as_bytes().get(base..).ok_or(MietteError::OutOfBounds)?;
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = bytes.read_span(&shifted, context_lines_before, context_lines_after)?;
        let (data, inner_span) = (inner.data(), *inner.span());
        Ok(Box::new(MietteSpanContents::new(
            data,
            SourceSpan::new((inner_span.offset() + base).into(), inner_span.len()),
            inner.line() + first_line,
            inner.column(),
            inner.line_count() + first_line,
        )))
    }
}

/// Replaces characters unsafe for a terminal by `?`, keeping byte offsets unchanged.
///
/// Complexity: O(n), one allocation (the file's text is copied once per diagnostic shown).
fn mask_unsafe(text: &str) -> String {
    if !has_unsafe(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_char(c) && c != '\r' {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders the human format.
pub fn render(input: &ReportInput, options: &HumanOptions) -> String {
    let mut report = HumanReport::new(*options);
    report.add(input.diagnostics, input.texts);
    report.finish(input.read_errors, &input.summary())
}

/// The human format built as files are validated: the first findings (up to
/// [`HumanOptions::max_diagnostics`]) rendered with their snippets while the file's text is at
/// hand, the rest only counted, by rule.
pub struct HumanReport {
    handler: GraphicalReportHandler,
    options: HumanOptions,
    blocks: String,
    shown: usize,
    /// Findings not shown, by rule code and name.
    hidden: BTreeMap<(&'static str, &'static str), usize>,
}

impl HumanReport {
    /// An empty report.
    pub fn new(options: HumanOptions) -> Self {
        let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1).with_width(100);
        HumanReport { handler, options, blocks: String::new(), shown: 0, hidden: BTreeMap::new() }
    }

    /// Whether no more findings will be shown (the rest are only counted).
    pub fn is_full(&self) -> bool {
        self.options.max_diagnostics.is_some_and(|max| self.shown >= max)
    }

    /// Adds diagnostics (in order) with the texts of their files, by display path.
    ///
    /// Complexity: O(shown × snippet) + O(log R) per finding not shown, R rules.
    pub fn add(&mut self, diagnostics: &[Diagnostic], texts: &HashMap<String, String>) {
        // Keyed by file name: each file's text is masked once and shared by its findings.
        let mut masked: HashMap<&str, LinedSource> = HashMap::new();
        for diag in diagnostics {
            if self.is_full() {
                *self.hidden.entry((diag.rule.code, diag.rule.name)).or_default() += 1;
                continue;
            }
            self.shown += 1;
            let text = diag.file.as_ref().and_then(|f| texts.get(&**f));
            let block = self.block(diag, text.map(String::as_str), &mut masked);
            self.blocks.push_str(&block);
            self.blocks.push('\n');
        }
    }

    /// One finding's block: code, message, snippet (from `text`, the file's text) and help.
    fn block<'d>(
        &self,
        diag: &'d Diagnostic,
        text: Option<&str>,
        masked: &mut HashMap<&'d str, LinedSource>,
    ) -> String {
        let position = match (&diag.file, diag.location) {
            (Some(file), Some(l)) => format!("{}:{}:{}", terminal_safe(file), l.line, l.column),
            (Some(file), None) => terminal_safe(file),
            _ => String::new(),
        };
        let message = terminal_safe(&diag.message);
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
            source: match text {
                Some(t) if snippet_ok => {
                    // Masked once per file and shared by its diagnostics: a large file with
                    // many findings is not copied (nor hashed) once per finding.
                    let file = diag.file.as_deref().unwrap_or("");
                    let masked = masked.entry(file).or_insert_with(|| LinedSource::new(mask_unsafe(t))).clone();
                    Some(NamedSource::new(terminal_safe(file), masked))
                }
                _ => None,
            },
            span: if snippet_ok { span } else { None },
        };
        let mut block = String::new();
        if self.handler.render_report(&mut block, &rendered).is_err() {
            block = format!("{}[{}]: {message}\n  --> {position}\n", diag.severity, diag.rule.code);
        }
        block
    }

    /// The whole report: files that could not be read, the findings shown, a count per rule
    /// of those not shown (with how to see them), and `summary`, the last line.
    pub fn finish(self, read_errors: &[ReadError], summary: &str) -> String {
        let mut out = String::new();
        for error in read_errors {
            out.push_str(&format!("error: {}\n\n", terminal_safe(&error.to_string())));
        }
        out.push_str(&self.blocks);
        let hidden: usize = self.hidden.values().sum();
        if hidden > 0 {
            let shown = self.shown;
            out.push_str(&format!(
                "{} more {} not shown (the first {} {} above), by rule:\n",
                grouped(hidden),
                if hidden == 1 { "finding" } else { "findings" },
                grouped(shown),
                if shown == 1 { "is" } else { "are" },
            ));
            let mut rules: Vec<_> = self.hidden.into_iter().collect();
            rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for ((code, name), count) in rules {
                out.push_str(&format!("  {code} {name}: {}\n", grouped(count)));
            }
            out.push_str("show them all with `--max-diagnostics 0`, or use `--format json` (machine formats list every finding)\n\n");
        }
        out.push_str(summary);
        out.push('\n');
        out
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `LinedSource` gives miette exactly what miette's own `str` source gives: same bytes,
    /// span, line, column and line count, for every span start, with `\n`, `\r\n` and lone `\r`
    /// line ends and 0 to 3 context lines.
    #[test]
    fn lined_source_reads_spans_like_miette_does() {
        let text = "{\n  \"a\": 1,\r\n  \"é\": [\r\n    true,\r    false\n  ],\n\n  \"z\": \"end\"\n}\n";
        let lined = LinedSource::new(text.to_string());
        let mut compared = 0;
        for offset in 0..text.len() {
            for len in [0, 1, 5] {
                for context in 0..=3 {
                    let span = SourceSpan::new(offset.into(), len.min(text.len() - offset));
                    let expected = text.read_span(&span, context, context);
                    let actual = lined.read_span(&span, context, context);
                    match (expected, actual) {
                        (Ok(e), Ok(a)) => {
                            assert_eq!(a.data(), e.data(), "data at {offset}+{len}, context {context}");
                            assert_eq!(
                                (*a.span(), a.line(), a.column(), a.line_count()),
                                (*e.span(), e.line(), e.column(), e.line_count()),
                                "span at {offset}+{len}, context {context}"
                            );
                            compared += 1;
                        }
                        (Err(_), Err(_)) => {}
                        (e, a) => panic!("at {offset}+{len}, context {context}: {:?} vs {:?}", e.is_ok(), a.is_ok()),
                    }
                }
            }
        }
        assert!(compared > 500, "{compared}");
    }
}
