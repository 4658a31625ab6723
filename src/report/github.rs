//! The GitHub format: one workflow command per diagnostic, which GitHub Actions shows as an
//! annotation on the pull request's diff.

use crate::diag::Severity;
use std::fmt::Write as _;

use crate::text::escape::is_unsafe_char;

use super::ReportInput;

/// Appends the message part of a workflow command, escaped: control and
/// bidirectional-format characters from the pathway become visible `\u{..}` escapes first
/// (GitHub shows the text in logs and on the diff, where they could hide or reorder it), then
/// `%` and `\n` are percent-encoded (a `\r` is escaped as a control character); in a property (`property`), `:` and `,` too.
///
/// Complexity: O(n), no allocation beyond `out`.
fn push_escaped(out: &mut String, s: &str, property: bool) {
    // Most text is printable ASCII with nothing to escape: copied at once.
    let plain = |b: u8| (0x20..0x7f).contains(&b) && b != b'%' && !(property && (b == b':' || b == b','));
    if s.bytes().all(plain) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s, false);
    out
}

/// Renders GitHub workflow commands, then the summary as a plain line.
pub fn render(input: &ReportInput) -> String {
    let mut out = String::with_capacity(input.diagnostics.len() * 200);
    for error in input.read_errors {
        out.push_str("::error title=unreadable file::");
        push_escaped(&mut out, &error.to_string(), false);
        out.push('\n');
    }
    for d in input.diagnostics {
        out.push_str(match d.severity {
            Severity::Error => "::error ",
            Severity::Warning => "::warning ",
            Severity::Info => "::notice ",
        });
        if let Some(file) = &d.file {
            out.push_str("file=");
            push_escaped(&mut out, file, true);
            out.push(',');
        }
        if let Some(l) = d.location {
            let _ = write!(out, "line={},col={},", l.line, l.column);
        }
        out.push_str("title=");
        push_escaped(&mut out, d.rule.code, true);
        out.push(' ');
        push_escaped(&mut out, d.rule.name, true);
        out.push_str("::");
        push_escaped(&mut out, &d.message, false);
        if let Some(help) = &d.help {
            out.push_str("%0Ahelp: ");
            push_escaped(&mut out, help, false);
        }
        out.push('\n');
    }
    out.push_str(&input.summary());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_workflow_command_rules() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        let mut property = String::new();
        push_escaped(&mut property, "a:b,c", true);
        assert_eq!(property, "a%3Ab%2Cc");
        assert_eq!(escape_data("x\u{1b}[31m\u{202e}y"), "x\\u{1b}[31m\\u{202e}y");
    }
}
