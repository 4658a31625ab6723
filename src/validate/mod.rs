//! Validation: runs every rule of the registry over loaded pathways and collects
//! diagnostics in a [`Sink`].
//!
//! One rule is one [`Lint`]: its metadata, its check and its tests together, in the file of
//! its topic below (`structure`, `options`, `flow`, `decisions`, `conditions`, `figures`,
//! `distributions`, `provenance`, `text`, `citations`, `economics`; `file` for the rules the
//! loader reports). [`ALL`] lists them, one line each. Checks look at a [`Context`] and never
//! print.

mod citations;
mod codes;
mod conditions;
mod context;
mod decisions;
mod distributions;
mod economics;
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

use rayon::prelude::*;

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

/// Runs the pathway checks whose findings the sink keeps (a rule allowed, or not an error
/// under [`LevelConfig::errors_only`], costs nothing).
fn run_checks(cx: &Context, sink: &mut Sink) {
    for lint in ALL {
        if let Check::Pathway(check) = lint.check {
            if sink.wants(lint.rule) {
                check(cx, sink);
            }
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
    let mut diagnostics = Vec::new();
    let mut read_errors = Vec::new();
    let unread = validate_each(paths, options, texts, |file| {
        report.files.push(file.file);
        read_errors.extend(file.read_errors);
        diagnostics.extend(file.diagnostics);
        report.loaded.extend(file.loaded);
    });
    // Paths that could not be read at all come first, as [`validate_each`] says.
    report.read_errors = unread;
    report.read_errors.extend(read_errors);
    // The files come in order, each with its diagnostics sorted: so are all of them.
    report.diagnostics = diagnostics;
    report
}

/// `items` mapped by `f` in order, on every core, or on this thread when there is one item: a
/// command on one file (`paths`, `outcomes`, `render`, ...) then starts no thread pool, which
/// costs more than checking a small file (about 1 ms of a 2 ms run).
fn on_cores<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    if items.len() <= 1 {
        items.into_iter().map(f).collect()
    } else {
        items.into_par_iter().map(f).collect()
    }
}

/// One file's part of a validation, as [`validate_each`] hands it over.
#[derive(Debug)]
pub struct FileReport {
    /// The file.
    pub file: PathBuf,
    /// Its diagnostics, sorted by line, column and code.
    pub diagnostics: Vec<Diagnostic>,
    /// The file, or a source text it names, could not be read (exit code 2).
    pub read_errors: Vec<ReadError>,
    /// The pathway, when it loaded.
    pub loaded: Option<LoadedPathway>,
}

/// Files validated at once, on every core, before they are handed over in order: enough to
/// keep the cores busy, few enough that memory does not grow with the number of files.
const FILES_AT_ONCE: usize = 64;

/// Validates the files [`collect_files`] finds one after another, in the order of the names
/// their diagnostics show ([`crate::source::display_path`]), handing each file's report to `each` as soon as it and every file before it are done: a
/// caller that drops what it does not need keeps memory flat however many files there are.
/// Files are loaded and checked on every core (64 at a time); source texts are
/// looked up in file order, and pathway ids compared across files in file order, so the result
/// is the same on any number of threads. Returns the paths that could not be read at all (or
/// that no pathway file was found), which come before every file's report.
pub fn validate_each(
    paths: &[PathBuf],
    options: &ValidateOptions,
    texts: &SourceTexts,
    mut each: impl FnMut(FileReport),
) -> Vec<ReadError> {
    let (mut files, mut errors) = collect_files(paths);
    // In the order of the names diagnostics show, so the files' reports, each sorted, make one
    // sorted report.
    files.sort_by_cached_key(|file| crate::source::display_path(file));
    if files.is_empty() && errors.is_empty() {
        errors.push(ReadError::NoPathways { paths: paths.to_vec() });
    }
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for chunk in files.chunks(FILES_AT_ONCE) {
        let loads: Vec<Result<load::Loaded, ReadError>> =
            on_cores(chunk.iter().collect(), |file| load::load(file, &options.load));
        // Texts are read here, in file order, so a text that cannot be read is reported with
        // the first file that names it, as on one thread.
        let staged: Vec<(PathBuf, Staged)> = chunk
            .iter()
            .zip(loads)
            .map(|(file, loaded)| {
                let staged = match loaded {
                    Err(read_error) => Staged::Unread(read_error),
                    Ok(Err(diag)) => Staged::Unparsed(diag),
                    Ok(Ok(loaded)) => {
                        let (found, errors) = texts.for_pathway(&loaded.source.path, &loaded.pathway);
                        Staged::Loaded(Box::new(loaded), found, errors)
                    }
                };
                (file.clone(), staged)
            })
            .collect();
        let checked: Vec<FileReport> = on_cores(staged, |(file, staged)| {
            let mut sink = Sink::new(options.levels.clone());
            let (mut read_errors, mut loaded) = (Vec::new(), None);
            match staged {
                Staged::Unread(error) => read_errors.push(error),
                Staged::Unparsed(diag) => sink.push(*diag),
                Staged::Loaded(pathway, found, errors) => {
                    read_errors.extend(errors.into_iter().map(|e| match e {
                        TextError::TooLarge { path, size, limit } => ReadError::TooLarge { path, size, limit },
                        TextError::Io { path, source } => ReadError::Io { path, source },
                    }));
                    check_file(&Context::with_texts(&pathway, found), &mut sink);
                    loaded = Some(*pathway);
                }
            }
            FileReport { file, diagnostics: sink.into_sorted(), read_errors, loaded }
        });
        for mut report in checked {
            if let Some(loaded) = &report.loaded {
                let id = &loaded.pathway.id;
                match ids.get(id) {
                    Some(first) => {
                        let mut sink = Sink::new(options.levels.clone());
                        if sink.wants(provenance::DUPLICATE_PATHWAY.rule) {
                            provenance::duplicate_pathway(&Context::new(loaded), first, &mut sink);
                            report.diagnostics.extend(sink.into_sorted());
                            report.diagnostics.sort_by(crate::diag::Diagnostic::order);
                        }
                    }
                    None => {
                        ids.insert(id.clone(), report.file.clone());
                    }
                }
            }
            each(report);
        }
    }
    errors
}

/// A file between loading and checking.
enum Staged {
    Unread(ReadError),
    Unparsed(Box<Diagnostic>),
    Loaded(Box<LoadedPathway>, crate::citation::texts::PathwayTexts, Vec<TextError>),
}

/// Every check of one loaded file: the pathway checks and the file checks ([`Check::File`]).
/// CP065, a pathway id another file already uses, is [`validate_each`]'s.
fn check_file(cx: &Context, sink: &mut Sink) {
    run_checks(cx, sink);
    for lint in ALL {
        if let Check::File(check) = lint.check {
            if sink.wants(lint.rule) {
                check(cx, sink);
            }
        }
    }
}
