//! Diagnostics as data: rule metadata, one diagnostic, and the sink that collects them and
//! applies severity overrides in one place.
//!
//! Rules never print. They push [`Diagnostic`]s into a [`Sink`]; reporters in
//! [`crate::report`] turn the same data into human, JSON, GitHub or SARIF output.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::source::{Location, SourceText};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational; never fails a run.
    Info,
    /// Worth fixing; fails only with `--deny-warnings`.
    Warning,
    /// The pathway is wrong; exit code 1.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The group a rule belongs to, for documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleGroup {
    /// Reading and parsing the file.
    File,
    /// Graph structure.
    Structure,
    /// Decisions and conditions.
    Decisions,
    /// Probabilities and durations.
    Figures,
    /// Sources, citations and declarations.
    Provenance,
    /// Ids, labels and other text.
    Text,
    /// Citations checked against their source's words.
    Citations,
    /// Costs and utilities, for health-economics modellers.
    Economics,
}

impl RuleGroup {
    /// Heading used in `docs/rules.md`.
    pub fn title(self) -> &'static str {
        match self {
            RuleGroup::File => "File",
            RuleGroup::Structure => "Structure",
            RuleGroup::Decisions => "Decisions and conditions",
            RuleGroup::Figures => "Figures",
            RuleGroup::Provenance => "Provenance",
            RuleGroup::Text => "Text",
            RuleGroup::Citations => "Citations anchored to the source's words",
            RuleGroup::Economics => "Costs and utilities",
        }
    }
}

/// A validation rule's metadata: the one table behind `explain`, `docs/rules.md` and SARIF.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, `CP` and three digits.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Group, for documentation.
    pub group: RuleGroup,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
    /// A JSON fragment that makes the rule fire.
    pub bad: &'static str,
    /// The same fragment, fixed.
    pub good: &'static str,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// What a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Subject {
    /// A node, by id.
    Node {
        /// The node id.
        id: String,
    },
    /// An edge, by its position in `edges` and its endpoints.
    Edge {
        /// 0-based index in `edges`.
        index: usize,
        /// `from` id.
        from: String,
        /// `to` id.
        to: String,
    },
    /// A factor, by id.
    Factor {
        /// The factor id.
        id: String,
    },
    /// A source, by id.
    Source {
        /// The source id.
        id: String,
    },
    /// A group, by id.
    Group {
        /// The group id.
        id: String,
    },
    /// A caveat, by id.
    Caveat {
        /// The caveat id.
        id: String,
    },
    /// The pathway as a whole.
    Pathway {
        /// The pathway id.
        id: String,
    },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Node { id } => write!(f, "node `{id}`"),
            Subject::Edge { index, from, to } => write!(f, "edge #{index} `{from}` → `{to}`"),
            Subject::Factor { id } => write!(f, "factor `{id}`"),
            Subject::Source { id } => write!(f, "source `{id}`"),
            Subject::Group { id } => write!(f, "group `{id}`"),
            Subject::Caveat { id } => write!(f, "caveat `{id}`"),
            Subject::Pathway { id } => write!(f, "pathway `{id}`"),
        }
    }
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// Severity after overrides.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file, as given by the user.
    pub file: Option<Arc<str>>,
    /// Where in the file.
    pub location: Option<Location>,
    /// JSON pointer to the value concerned.
    pub pointer: Option<String>,
    /// The node, edge or declaration concerned.
    pub subject: Option<Box<Subject>>,
    /// What to do about it.
    pub help: Option<Cow<'static, str>>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity and no location yet.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            file: None,
            location: None,
            pointer: None,
            subject: None,
            help: None,
        }
    }

    /// Sets the file and location.
    pub fn at(mut self, source: &SourceText, location: Location) -> Self {
        self.file = Some(source.shown_path());
        self.location = Some(location);
        self
    }

    /// Sets the file only (no position known).
    pub fn in_file(mut self, source: &SourceText) -> Self {
        self.file = Some(source.shown_path());
        self
    }

    /// Sets the JSON pointer.
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Sets the subject.
    pub fn with_subject(mut self, subject: Subject) -> Self {
        self.subject = Some(Box::new(subject));
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The order of [`Diagnostic::sort_key`]. A file's findings share one `Arc` of its name,
    /// so the names are compared by pointer first, not by text (a sort of 200,000 findings
    /// would compare the name some 3 million times).
    pub fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
        let file = match (&a.file, &b.file) {
            (Some(x), Some(y)) if Arc::ptr_eq(x, y) => std::cmp::Ordering::Equal,
            (x, y) => x.cmp(y),
        };
        fn rest(d: &Diagnostic) -> (usize, usize, &str, &str) {
            let (_, line, column, code, message) = d.sort_key();
            (line, column, code, message)
        }
        file.then_with(|| rest(a).cmp(&rest(b)))
    }

    /// Sort key: file, line, column, code, message (deterministic output).
    pub fn sort_key(&self) -> (Option<&str>, usize, usize, &str, &str) {
        let (line, column) = self.location.map_or((0, 0), |l| (l.line, l.column));
        (self.file.as_deref(), line, column, self.rule.code, &self.message)
    }
}

/// A level set by configuration for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Drop the rule's findings.
    Allow,
    /// Report as warnings.
    Warn,
    /// Report as errors.
    Deny,
}

/// Severity configuration: per-rule levels and `--deny-warnings`, applied in one place.
#[derive(Debug, Clone, Default)]
pub struct LevelConfig {
    /// Per-rule levels, by code.
    pub levels: BTreeMap<&'static str, Level>,
    /// Turn every warning into an error.
    pub deny_warnings: bool,
    /// Keep errors only (after the levels above): for commands that go on to work on a valid
    /// file and print no findings, so that checks whose findings could not be errors are not
    /// run at all.
    pub errors_only: bool,
}

impl LevelConfig {
    /// The severity a finding of `rule` gets, or `None` when the rule is allowed.
    pub fn severity_for(&self, rule: &Rule) -> Option<Severity> {
        let severity = match self.levels.get(rule.code) {
            Some(Level::Allow) => return None,
            Some(Level::Warn) => Severity::Warning,
            Some(Level::Deny) => Severity::Error,
            None => rule.severity,
        };
        let severity = if self.deny_warnings && severity == Severity::Warning { Severity::Error } else { severity };
        (!self.errors_only || severity == Severity::Error).then_some(severity)
    }
}

/// Collects diagnostics, applying the level configuration as they arrive.
#[derive(Debug, Default)]
pub struct Sink {
    config: LevelConfig,
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    /// An empty sink with the given configuration.
    pub fn new(config: LevelConfig) -> Self {
        Sink { config, diagnostics: Vec::new() }
    }

    /// Adds a diagnostic, after applying the configured level (allowed rules are dropped).
    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        if let Some(severity) = self.config.severity_for(diagnostic.rule) {
            diagnostic.severity = severity;
            self.diagnostics.push(diagnostic);
        }
    }

    /// Whether findings of `rule` are kept: a check whose rule is not wanted need not run.
    pub fn wants(&self, rule: &Rule) -> bool {
        self.config.severity_for(rule).is_some()
    }

    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The diagnostics, sorted by file, line, column and code.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.diagnostics.sort_by(Diagnostic::order);
        self.diagnostics.dedup_by(|a, b| Diagnostic::order(a, b).is_eq());
        self.diagnostics
    }

    /// The diagnostics collected so far, in arrival order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}
