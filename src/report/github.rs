//! The GitHub format: one workflow command per diagnostic, which GitHub Actions shows as an
//! annotation on the pull request's diff.

use crate::diag::Severity;
use crate::text::escape::terminal_safe;

use super::ReportInput;

/// Escapes the message part of a workflow command. Control and bidirectional-format
/// characters from the pathway become visible `\u{..}` escapes first (GitHub shows the text in
/// logs and on the diff, where they could hide or reorder it).
fn escape_data(s: &str) -> String {
    let visible: String = s.split('\n').map(terminal_safe).collect::<Vec<_>>().join("\n");
    visible.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders GitHub workflow commands, then the summary as a plain line.
pub fn render(input: &ReportInput) -> String {
    let mut out = String::new();
    for error in input.read_errors {
        out.push_str(&format!("::error title=unreadable file::{}\n", escape_data(&error.to_string())));
    }
    for d in input.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(file) = &d.file {
            properties.push(format!("file={}", escape_property(file)));
        }
        if let Some(l) = d.location {
            properties.push(format!("line={}", l.line));
            properties.push(format!("col={}", l.column));
        }
        properties.push(format!("title={}", escape_property(&format!("{} {}", d.rule.code, d.rule.name))));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!("::{command} {}::{}\n", properties.join(","), escape_data(&message)));
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
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(escape_data("x\u{1b}[31m\u{202e}y"), "x\\u{1b}[31m\\u{202e}y");
    }
}
