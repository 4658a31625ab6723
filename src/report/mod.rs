//! Reporters: turn diagnostics into text for people (`human`) and machines (`json`,
//! `github`, `sarif`). Every reporter gets the same data; none decides severity.

mod github;
mod human;
mod json;
mod sarif;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Severity};
use crate::load::ReadError;

pub use human::{HumanOptions, HumanReport, DEFAULT_MAX_DIAGNOSTICS};

/// Output format of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// Snippets with the value underlined, for people.
    #[default]
    Human,
    /// A stable JSON document (see `docs/diagnostics.md`).
    Json,
    /// GitHub Actions workflow commands (`::error file=..,line=..::message`).
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// What a reporter renders: the files looked at, their diagnostics, and files that could
/// not be read.
#[derive(Debug)]
pub struct ReportInput<'a> {
    /// Files looked at, in order.
    pub files: &'a [PathBuf],
    /// Diagnostics, sorted.
    pub diagnostics: &'a [Diagnostic],
    /// Files that could not be read.
    pub read_errors: &'a [ReadError],
    /// File texts by display path, for snippets.
    pub texts: &'a HashMap<String, String>,
}

impl ReportInput<'_> {
    fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// One line: `2 errors, 1 warning in 3 files`.
    pub fn summary(&self) -> String {
        summary_line(
            [self.count(Severity::Error), self.count(Severity::Warning), self.count(Severity::Info)],
            self.read_errors.len(),
            self.files.len(),
        )
    }
}

/// The last line of a report: `2 errors, 1 warning in 3 files`, from the number of errors,
/// warnings and notes, of unreadable files and of files.
pub fn summary_line(counts: [usize; 3], unreadable: usize, files: usize) -> String {
    let plural = |n: usize, word: &str| {
        let n_text = crate::text::number::grouped(n);
        if n == 1 {
            format!("{n_text} {word}")
        } else {
            format!("{n_text} {word}s")
        }
    };
    let [errors, warnings, infos] = counts;
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if infos > 0 {
        parts.push(plural(infos, "note"));
    }
    if unreadable > 0 {
        parts.push(plural(unreadable, "unreadable file"));
    }
    format!("{} in {}", parts.join(", "), plural(files, "file"))
}

/// Renders diagnostics in a format. Fails only if a machine format cannot be serialised.
pub fn render(format: ReportFormat, input: &ReportInput, human: &HumanOptions) -> Result<String, serde_json::Error> {
    Ok(match format {
        ReportFormat::Human => human::render(input, human),
        ReportFormat::Json => json::render(input)?,
        ReportFormat::Github => github::render(input),
        ReportFormat::Sarif => sarif::render(input)?,
    })
}
