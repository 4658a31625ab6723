//! Validation: runs every rule over loaded pathways and collects diagnostics in a [`Sink`].
//!
//! Each check is a function over a [`Context`]; the rule metadata it reports under lives in
//! [`crate::rules`]. Checks never print.

mod decisions;
mod figures;
mod provenance;
mod structure;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, LevelConfig, Sink, Subject};
use crate::graph::PathwayGraph;
use crate::load::{self, LoadOptions, LoadedPathway, ReadError};
use crate::rules::{self, ID_FILE_MISMATCH};
use crate::source::Location;

/// Everything a check can look at.
pub struct Context<'a> {
    /// The loaded file.
    pub loaded: &'a LoadedPathway,
    /// Its graph.
    pub graph: PathwayGraph<'a>,
}

impl<'a> Context<'a> {
    /// Builds the context of a loaded file.
    pub fn new(loaded: &'a LoadedPathway) -> Self {
        Context { loaded, graph: PathwayGraph::new(&loaded.pathway) }
    }

    /// A diagnostic located at a JSON pointer of this file.
    pub fn diag(&self, rule: &'static crate::diag::Rule, pointer: String, message: impl Into<String>) -> Diagnostic {
        self.diag_at(rule, pointer.clone(), &pointer, message)
    }

    /// A diagnostic whose pointer is `pointer` but whose position is that of `anchor` (e.g. a
    /// node's `id`, so a finding about a whole node underlines one line, not the object).
    fn diag_at(
        &self,
        rule: &'static crate::diag::Rule,
        pointer: String,
        anchor: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let diag = Diagnostic::new(rule, message).in_file(&self.loaded.source);
        let diag = match self.loaded.locate(anchor) {
            Some(location) => diag.at(&self.loaded.source, location),
            None => diag,
        };
        diag.with_pointer(pointer)
    }

    /// A diagnostic about node `i` (index in `nodes`), at `field` of it (`""` for the whole
    /// node, positioned at its `id`).
    pub fn node_diag(
        &self,
        rule: &'static crate::diag::Rule,
        i: usize,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let id = self.loaded.pathway.nodes.get(i).map_or_else(String::new, |n| n.id.clone());
        let base = format!("/nodes/{i}");
        let anchor = join_pointer(&base, if field.is_empty() { "id" } else { field });
        self.diag_at(rule, join_pointer(&base, field), &anchor, message).with_subject(Subject::Node { id })
    }

    /// A diagnostic about edge `i` (index in `edges`), at `field` of it (`""` for the whole
    /// edge, positioned at its `from`).
    pub fn edge_diag(
        &self,
        rule: &'static crate::diag::Rule,
        i: usize,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let subject = self.loaded.pathway.edges.get(i).map(|e| Subject::Edge {
            index: i,
            from: e.from.clone(),
            to: e.to.clone(),
        });
        let base = format!("/edges/{i}");
        let anchor = join_pointer(&base, if field.is_empty() { "from" } else { field });
        let diag = self.diag_at(rule, join_pointer(&base, field), &anchor, message);
        match subject {
            Some(subject) => diag.with_subject(subject),
            None => diag,
        }
    }

    /// A location inside a string value: `range` are byte offsets into the decoded string.
    pub fn locate_in_string(&self, pointer: &str, range: (usize, usize)) -> Option<Location> {
        let (start, end) = self.loaded.locator.span_in_string(self.loaded.source.text(), pointer, range)?;
        Some(self.loaded.source.location(start, end))
    }
}

fn join_pointer(base: &str, field: &str) -> String {
    if field.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{field}")
    }
}

/// One check: a function that looks at a context and pushes diagnostics.
pub type Check = fn(&Context, &mut Sink);

/// Every check, in the order they run.
const CHECKS: &[Check] = &[
    structure::duplicate_ids,
    structure::unknown_nodes,
    structure::start_count,
    structure::flow_into_start,
    structure::terminal_outcome,
    structure::dead_ends,
    structure::unreachable_and_orphans,
    structure::no_exit,
    structure::duplicate_edges,
    structure::self_loops,
    structure::includes_endpoints,
    structure::outcome_category,
    structure::misplaced_fields,
    structure::unknown_groups,
    structure::includes_and_next,
    structure::decision_edges,
    decisions::check,
    figures::probabilities,
    figures::durations,
    provenance::citation_sources,
    provenance::uncited_nodes,
    provenance::unused_sources,
    provenance::dates,
    text::empty_text,
    text::id_naming,
    text::control_characters,
    text::unused_groups,
];

/// Runs every check on one loaded pathway.
pub fn check_pathway(loaded: &LoadedPathway, sink: &mut Sink) {
    let cx = Context::new(loaded);
    for check in CHECKS {
        check(&cx, sink);
    }
}

/// Options for validating files and folders.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// Severity configuration.
    pub levels: LevelConfig,
    /// Loading limits.
    pub load: LoadOptions,
}

/// The result of validating a set of files.
#[derive(Debug, Default)]
pub struct ValidationReport {
    /// Files looked at, in order.
    pub files: Vec<PathBuf>,
    /// Diagnostics, sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be read at all (exit code 2).
    pub read_errors: Vec<ReadError>,
    /// The pathways that loaded (for callers that go on to build).
    pub loaded: Vec<LoadedPathway>,
}

impl ValidationReport {
    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: crate::diag::Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether there are errors (not counting read errors).
    pub fn has_errors(&self) -> bool {
        self.count(crate::diag::Severity::Error) > 0
    }
}

/// Expands files and folders into the list of pathway files: folders recursively (`*.json`,
/// sorted, hidden entries skipped); files as given.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ReadError> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files)?,
            Ok(_) => files.push(path.clone()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(ReadError::NotFound { path: path.clone() });
            }
            Err(source) => return Err(ReadError::Io { path: path.clone(), source }),
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let mut stack = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| ReadError::Io { path: dir.clone(), source })?;
        for entry in entries {
            let entry = entry.map_err(|source| ReadError::Io { path: dir.clone(), source })?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let file_type = entry.file_type().map_err(|source| ReadError::Io { path: path.clone(), source })?;
            if file_type.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }
    found.sort();
    files.extend(found);
    Ok(())
}

/// Validates files and folders: loads each file, runs every rule, and checks that pathway
/// ids are unique across files.
pub fn validate_paths(paths: &[PathBuf], options: &ValidateOptions) -> ValidationReport {
    let mut report = ValidationReport::default();
    let files = match collect_files(paths) {
        Ok(files) if files.is_empty() => {
            report.read_errors.push(ReadError::NoPathways { paths: paths.to_vec() });
            return report;
        }
        Ok(files) => files,
        Err(err) => {
            report.read_errors.push(err);
            return report;
        }
    };
    let mut sink = Sink::new(options.levels.clone());
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        report.files.push(file.clone());
        match load::load(&file, &options.load) {
            Err(read_error) => report.read_errors.push(read_error),
            Ok(Err(diag)) => sink.push(*diag),
            Ok(Ok(loaded)) => {
                check_pathway(&loaded, &mut sink);
                check_file_name(&loaded, &mut sink);
                let id = loaded.pathway.id.clone();
                if let Some(first) = ids.get(&id) {
                    let cx = Context::new(&loaded);
                    sink.push(
                        cx.diag(
                            &rules::DUPLICATE_PATHWAY,
                            "/id".into(),
                            format!("pathway id `{id}` is also used by {}", first.display()),
                        )
                        .with_subject(Subject::Pathway { id: id.clone() })
                        .with_help("give each pathway its own id and file name"),
                    );
                } else {
                    ids.insert(id, file.clone());
                }
                report.loaded.push(loaded);
            }
        }
    }
    report.diagnostics = sink.into_sorted();
    report
}

fn check_file_name(loaded: &LoadedPathway, sink: &mut Sink) {
    let stem = loaded.source.path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let id = &loaded.pathway.id;
    if let Some(stem) = stem {
        if &stem != id {
            let cx = Context::new(loaded);
            sink.push(
                cx.diag(
                    &ID_FILE_MISMATCH,
                    "/id".into(),
                    format!("pathway id `{id}` does not match the file name `{stem}.json`"),
                )
                .with_subject(Subject::Pathway { id: id.clone() })
                .with_help(format!("rename the file to `{id}.json`, or set the id to `{stem}`")),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers for rule tests: validate a pathway given as JSON text.
    use super::*;
    use crate::source::SourceText;

    /// A minimal valid pathway: start → induction → (cr 0.8 | refractory 0.2).
    pub const MINIMAL: &str = r#"{
  "id": "t",
  "title": "T",
  "version": "1",
  "sources": [{ "id": "src", "title": "Source" }],
  "groups": [{ "id": "g", "label": "G" }],
  "nodes": [
    { "id": "dx", "kind": "start", "label": "Diagnosis", "group": "g", "sources": [{ "source": "src" }] },
    { "id": "induction", "kind": "phase", "label": "Induction", "group": "g", "duration": { "min": 1, "max": 2, "unit": "months" }, "sources": [{ "source": "src" }] },
    { "id": "cr", "kind": "outcome", "label": "Remission", "outcome": "remission", "group": "g", "sources": [{ "source": "src" }] },
    { "id": "refractory", "kind": "outcome", "label": "Refractory", "outcome": "refractory", "group": "g", "sources": [{ "source": "src" }] }
  ],
  "edges": [
    { "from": "dx", "to": "induction" },
    { "from": "induction", "to": "cr", "probability": 0.8 },
    { "from": "induction", "to": "refractory", "probability": 0.2 }
  ]
}"#;

    /// Validates JSON text as file `t.json`; returns (code, line, column, message) tuples.
    pub fn run(text: &str) -> Vec<(&'static str, usize, usize, String)> {
        let mut sink = Sink::new(LevelConfig::default());
        match load::load_text(SourceText::new("t.json", text)) {
            Err(diag) => sink.push(*diag),
            Ok(loaded) => check_pathway(&loaded, &mut sink),
        }
        sink.into_sorted()
            .into_iter()
            .map(|d| {
                let (line, column) = d.location.map_or((0, 0), |l| (l.line, l.column));
                (d.rule.code, line, column, d.message)
            })
            .collect()
    }

    /// Codes only.
    pub fn codes(text: &str) -> Vec<&'static str> {
        run(text).into_iter().map(|(code, ..)| code).collect()
    }

    #[test]
    fn minimal_pathway_is_clean() {
        assert_eq!(run(MINIMAL), vec![]);
    }
}
