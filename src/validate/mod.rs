//! Validation: runs every rule of the registry over loaded pathways and collects
//! diagnostics in a [`Sink`].
//!
//! One rule is one [`Lint`]: its metadata, its check and its tests together, in the file of
//! its topic below (`structure`, `options`, `flow`, `decisions`, `conditions`, `figures`,
//! `provenance`, `text`; `file` for the rules the loader reports). [`ALL`] lists them, one
//! line each. Checks look at a [`Context`] and never print.

mod citations;
mod conditions;
mod context;
mod decisions;
mod figures;
mod file;
#[cfg(test)]
pub(crate) mod fixture;
mod flow;
mod options;
mod provenance;
mod registry;
mod structure;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::citation::texts::{SourceTexts, TextError};
use crate::diag::{Diagnostic, LevelConfig, Sink};
use crate::load::{self, LoadOptions, LoadedPathway, ReadError};

pub use context::Context;
pub use registry::{Check, Lint, ALL};

/// Runs every pathway check ([`Check::Pathway`]) of the registry on one loaded pathway, in
/// registry order. Source texts are not read (no I/O): citations of a source that names a
/// text are reported unchecked; [`validate_paths`] reads them.
pub fn check_pathway(loaded: &LoadedPathway, sink: &mut Sink) {
    run_checks(&Context::new(loaded), sink);
}

fn run_checks(cx: &Context, sink: &mut Sink) {
    for lint in ALL {
        if let Check::Pathway(check) = lint.check {
            check(cx, sink);
        }
    }
}

/// Options for validating files and folders.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// Severity configuration.
    pub levels: LevelConfig,
    /// Loading limits (the largest file size applies to source texts too).
    pub load: LoadOptions,
    /// Folders where source texts are looked for, in order, after the pathway file's own
    /// folder (`--source-dir`).
    pub source_dirs: Vec<PathBuf>,
}

impl ValidateOptions {
    /// Where this validation looks for source texts; pass the same to
    /// [`validate_paths_with`] and to later stages so each text is read once.
    pub fn source_texts(&self) -> SourceTexts {
        SourceTexts::new(&self.source_dirs, self.load.max_file_size)
    }
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
/// sorted, hidden entries skipped); files as given. A path that cannot be read is an error in
/// the second list, and the others are still collected: one typo does not hide the rest.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for path in paths {
        let found = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files),
            Ok(_) => {
                files.push(path.clone());
                Ok(())
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(ReadError::NotFound { path: path.clone() }),
            Err(source) => Err(ReadError::Io { path: path.clone(), source }),
        };
        if let Err(error) = found {
            errors.push(error);
        }
    }
    (files, errors)
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

/// Validates files and folders: loads each file, finds its sources' texts, runs every rule,
/// and checks that pathway ids are unique across files.
pub fn validate_paths(paths: &[PathBuf], options: &ValidateOptions) -> ValidationReport {
    validate_paths_with(paths, options, &options.source_texts())
}

/// [`validate_paths`] with source texts looked up (and remembered) in `texts`, for callers that
/// go on to use the same texts (`build`, `coverage`). A text that is found but cannot be read
/// is a read error (exit 2).
pub fn validate_paths_with(paths: &[PathBuf], options: &ValidateOptions, texts: &SourceTexts) -> ValidationReport {
    let mut report = ValidationReport::default();
    let (files, errors) = collect_files(paths);
    report.read_errors = errors;
    if files.is_empty() && report.read_errors.is_empty() {
        report.read_errors.push(ReadError::NoPathways { paths: paths.to_vec() });
    }
    let mut sink = Sink::new(options.levels.clone());
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        report.files.push(file.clone());
        match load::load(&file, &options.load) {
            Err(read_error) => report.read_errors.push(read_error),
            Ok(Err(diag)) => sink.push(*diag),
            Ok(Ok(loaded)) => {
                let (found, errors) = texts.for_pathway(&loaded.source.path, &loaded.pathway);
                report.read_errors.extend(errors.into_iter().map(|e| match e {
                    TextError::TooLarge { path, size, limit } => ReadError::TooLarge { path, size, limit },
                    TextError::Io { path, source } => ReadError::Io { path, source },
                }));
                let cx = Context::with_texts(&loaded, found);
                check_file(&cx, ids.get(&loaded.pathway.id).map(PathBuf::as_path), &mut sink);
                ids.entry(loaded.pathway.id.clone()).or_insert_with(|| file.clone());
                report.loaded.push(loaded);
            }
        }
    }
    report.diagnostics = sink.into_sorted();
    report
}

/// Every check of one loaded file: the pathway checks, the file checks ([`Check::File`]),
/// and CP065 when the file `same_id` already uses its pathway id.
fn check_file(cx: &Context, same_id: Option<&Path>, sink: &mut Sink) {
    run_checks(cx, sink);
    for lint in ALL {
        if let Check::File(check) = lint.check {
            check(cx, sink);
        }
    }
    if let Some(first) = same_id {
        provenance::duplicate_pathway(cx, first, sink);
    }
}
