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

pub use human::HumanOptions;

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
        let plural = |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
        let mut parts =
            vec![plural(self.count(Severity::Error), "error"), plural(self.count(Severity::Warning), "warning")];
        let infos = self.count(Severity::Info);
        if infos > 0 {
            parts.push(plural(infos, "note"));
        }
        if !self.read_errors.is_empty() {
            parts.push(plural(self.read_errors.len(), "unreadable file"));
        }
        format!("{} in {}", parts.join(", "), plural(self.files.len(), "file"))
    }
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
