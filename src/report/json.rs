//! The JSON format: one document with a summary and every diagnostic. The shape is stable
//! and documented in `docs/diagnostics.md`.

use serde::Serialize;

use crate::diag::{Severity, Subject};
use crate::text::escape::terminal_safe;

use super::ReportInput;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Entry<'a>>,
    read_errors: Vec<ReadErrorEntry>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    unreadable: usize,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    pointer: Option<&'a str>,
    subject: Option<&'a Subject>,
    help: Option<String>,
}

#[derive(Serialize)]
struct ReadErrorEntry {
    message: String,
}

/// Renders the JSON format (pretty-printed, newline-terminated).
pub fn render(input: &ReportInput) -> Result<String, serde_json::Error> {
    let document = Document {
        version: 1,
        summary: Summary {
            files: input.files.len(),
            errors: input.count(Severity::Error),
            warnings: input.count(Severity::Warning),
            infos: input.count(Severity::Info),
            unreadable: input.read_errors.len(),
        },
        diagnostics: input
            .diagnostics
            .iter()
            .map(|d| Entry {
                code: d.rule.code,
                name: d.rule.name,
                severity: d.severity,
                message: terminal_safe(&d.message),
                file: d.file.as_deref().map(terminal_safe),
                line: d.location.map(|l| l.line),
                column: d.location.map(|l| l.column),
                pointer: d.pointer.as_deref(),
                subject: d.subject.as_deref(),
                help: d.help.as_deref().map(terminal_safe),
            })
            .collect(),
        read_errors: input
            .read_errors
            .iter()
            .map(|e| ReadErrorEntry { message: terminal_safe(&e.to_string()) })
            .collect(),
    };
    crate::text::escape::json_document(&document)
}
