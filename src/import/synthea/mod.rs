//! `carepath import synthea`: Synthea Generic Module Framework modules → carepath pathways,
//! with an import report (see docs/synthea.md for the mapping, state type by state type).
//!
//! `gmf` reads a module (submodules inlined), `conditions` translates its conditions over
//! factors the import declares, `states` turns states into nodes and edges with Synthea's
//! engine semantics, `report` says what was done; this file reads the files, assembles the
//! pathway, and validates it (and a strict copy, whose decisions keep each option's own
//! condition, to find the options that leave patients out or overlap).

mod conditions;
mod gmf;
mod ids;
mod report;
mod states;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use report::{LineKind, ModuleReport, ReportLine};

use crate::diag::{Diagnostic, LevelConfig, Severity, Sink};
use crate::model::{Caveat, PathwayFile, Source};
use crate::source::{Locator, SourceText};

/// Options of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The folder `CallSubmodule` states name their submodules in (Synthea's `modules/`).
    pub submodules: Option<PathBuf>,
    /// Files larger than this are not read.
    pub max_file_size: u64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { submodules: None, max_file_size: crate::load::DEFAULT_MAX_FILE_SIZE }
    }
}

/// One module imported.
#[derive(Debug)]
pub struct Imported {
    /// The module file read.
    pub module: PathBuf,
    /// The pathway.
    pub pathway: PathwayFile,
    /// The pathway file's text (pretty JSON, final newline).
    pub text: String,
    /// What was done.
    pub report: ModuleReport,
    /// The pathway's validation errors and warnings (notes are counted in the report only).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is larger than the limit.
    #[error("{}: {size} bytes, larger than the limit of {limit} bytes (raise it with --max-file-size)", .path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not JSON, or not a Synthea module.
    #[error("{}:{line}:{column}: not a Synthea module: {message}", .path.display())]
    NotModule {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, and what to do.
        message: String,
    },
    /// The module is a module, but one that cannot become a pathway (a transition to a state
    /// that does not exist, states that pass on to one another forever).
    #[error("{}:{line}:{column}: state “{state}”: {message}", .path.display())]
    Broken {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The state.
        state: String,
        /// What is wrong.
        message: String,
    },
    /// A submodule name that leaves the submodules folder (`..`, an absolute path).
    #[error("the submodule name `{name}` leads outside the --submodules folder")]
    SubmoduleOutside {
        /// The name.
        name: String,
    },
    /// A submodule is called, and no folder to find it in was given.
    #[error("no --submodules folder given")]
    NoSubmoduleFolder,
    /// A path given is neither a file nor a folder with modules.
    #[error("{}: no Synthea module found (give module files, or a folder of them)", .path.display())]
    NoModules {
        /// The path.
        path: PathBuf,
    },
}

impl ImportError {
    /// The exit code it calls for: 1 for a module that cannot become a pathway (the input has
    /// errors), 2 for a file that is unreadable or not a module.
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportError::Broken { .. } => 1,
            _ => 2,
        }
    }
}

/// The module files a path names: a file, or the `.json` files directly in a folder (by name;
/// its subfolders are Synthea's submodules, imported through `--submodules`).
pub fn module_files(path: &Path) -> Result<Vec<PathBuf>, ImportError> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(ImportError::NoModules { path: path.to_path_buf() });
        }
        Ok(files)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

fn read(path: &Path, limit: u64) -> Result<String, ImportError> {
    let io = |source| ImportError::Io { path: path.to_path_buf(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > limit {
        return Err(ImportError::TooLarge { path: path.to_path_buf(), size, limit });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        let text = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
        let (line, column) = SourceText::new(path, text.clone()).line_col(text.len());
        ImportError::NotModule { path: path.to_path_buf(), line, column, message: "the file is not UTF-8 text".into() }
    })
}

fn parse(path: &Path, text: &str) -> Result<Value, ImportError> {
    serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| ImportError::NotModule {
        path: path.to_path_buf(),
        line: e.line().max(1),
        column: e.column().max(1),
        message: format!("not JSON: {e}").replace(&format!(" at line {} column {}", e.line(), e.column()), ""),
    })
}

/// Line and column of a JSON pointer in a text (1, 1 when it cannot be placed).
fn position(path: &Path, text: &str, pointer: &str) -> (usize, usize) {
    let source = SourceText::new(path, text.to_owned());
    match Locator::of_parsed().span(text, pointer) {
        Some((start, _)) => source.line_col(start),
        None => (1, 1),
    }
}

/// What the module sets itself: attributes it assigns and codes it starts.
fn set_by_module(module: &gmf::Module) -> conditions::SetByModule {
    let mut set = conditions::SetByModule::default();
    for s in module.states.values() {
        if let Some(a) = s.fields.get("assign_to_attribute").and_then(gmf::text_of) {
            set.attributes.insert(a);
        }
        if matches!(s.kind.as_str(), "SetAttribute" | "Counter") {
            if let Some(a) = s.fields.get("attribute").and_then(gmf::text_of) {
                if s.kind == "Counter" {
                    set.counters.insert(a.clone());
                }
                set.attributes.insert(a);
            }
        }
        for value in s.fields.values() {
            conditions::tested_attributes(value, &mut set.tested);
        }
        if matches!(s.kind.as_str(), "ConditionOnset" | "AllergyOnset" | "MedicationOrder" | "CarePlanStart") {
            for code in s.fields.get("codes").and_then(Value::as_array).into_iter().flatten() {
                if let Some(c) = code.get("code").and_then(gmf::text_of) {
                    set.codes.insert(c);
                }
            }
        }
    }
    set
}

/// Imports one module file. `id` is the pathway id to give it (unique in the batch: the
/// caller's), or `None` for the id made from the module's name.
pub fn import_file(path: &Path, options: &ImportOptions, output_dir: &Path) -> Result<Imported, ImportError> {
    let text = read(path, options.max_file_size)?;
    let root = parse(path, &text)?;
    let mut texts: Vec<(PathBuf, String)> = vec![(path.to_path_buf(), text.clone())];
    // A submodule that is missing is reported and kept as a call; one that is there but not
    // JSON stops the import (exit 2), as a module would.
    let mut fatal: Option<ImportError> = None;
    let mut read_sub = |name: &str| -> Result<(PathBuf, Value), ImportError> {
        let dir = options.submodules.as_ref().ok_or(ImportError::NoSubmoduleFolder)?;
        let relative = Path::new(name);
        if relative.is_absolute() || relative.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
            return Err(ImportError::SubmoduleOutside { name: name.to_owned() });
        }
        let file = dir.join(format!("{name}.json"));
        let text = read(&file, options.max_file_size)?;
        // `parse` fails only with `NotModule`; gmf keeps the error's text for a missing
        // submodule, and `fatal` the error itself.
        let value = parse(&file, &text).inspect_err(|e| {
            if let ImportError::NotModule { path, line, column, message } = e {
                let (path, line, column, message) = (path.clone(), *line, *column, message.clone());
                fatal.get_or_insert(ImportError::NotModule { path, line, column, message });
            }
        })?;
        texts.push((file.clone(), text));
        Ok((file, value))
    };
    let module = gmf::module(path, &root, &mut read_sub);
    if let Some(error) = fatal {
        return Err(error);
    }
    let module = module.map_err(|e| {
        let text = texts.iter().find(|(p, _)| *p == e.file).map_or(text.as_str(), |(_, t)| t.as_str());
        let (line, column) = position(&e.file, text, &e.pointer);
        ImportError::NotModule { path: e.file.clone(), line, column, message: e.message }
    })?;
    // The states with their submodules inlined: an age in months anywhere says every age in months.
    let months = conditions::ages_need_months(module.states.values().flat_map(|s| s.fields.values()));
    let factors = conditions::Factors::new(set_by_module(&module), months);
    let built = states::build(&module, factors).map_err(|b| {
        let text = texts.iter().find(|(p, _)| *p == b.file).map_or(text.as_str(), |(_, t)| t.as_str());
        let (line, column) = position(&b.file, text, &b.pointer);
        ImportError::Broken { path: b.file.clone(), line, column, state: ids::clean(&b.state), message: b.message }
    })?;
    let name = ids::clean(&module.name);
    let id = {
        let id = ids::kebab_id(&name);
        if id.is_empty() {
            "synthea-module".to_owned()
        } else {
            id
        }
    };
    let file_name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut lines = built.lines;
    lines.extend(built.factors.unsupported.iter().map(|u| ReportLine {
        kind: LineKind::Unsupported,
        state: ids::clean(&u.state),
        text: format!("{}: kept as the boolean factor `{}`, which stands for it", u.why, u.factor),
    }));
    lines.extend(built.factors.notes.iter().map(|(state, text)| ReportLine {
        kind: LineKind::Note,
        state: ids::clean(state),
        text: text.clone(),
    }));
    let mut description = format!("Imported by carepath from the Synthea module “{name}” ({file_name}).");
    if !module.remarks.is_empty() {
        description.push_str(" Remarks: ");
        description.push_str(&ids::clean(&module.remarks.join(" ")));
    }
    let pathway = PathwayFile {
        schema: None,
        id: id.clone(),
        title: if name.is_empty() { id.clone() } else { name.clone() },
        version: "imported from Synthea".into(),
        description: Some(description),
        conventions: None,
        sources: vec![Source {
            id: "module".into(),
            title: format!("Synthea module “{name}”"),
            publisher: Some("Synthea Generic Module Framework (synthetichealth/synthea)".into()),
            note: Some(format!(
                "the module file this pathway was imported from: {file_name}; each node cites its state as the section"
            )),
            ..Source::default()
        }],
        factors: built.factors.into_factors(),
        groups: Vec::new(),
        caveats: vec![Caveat {
            id: "simulation_module".into(),
            text: "Imported from a Synthea simulation module: its figures are the module's modelling assumptions, \
                   not clinical evidence, and a factor marked (path history) stands for what the patient went through"
                .into(),
            plain: None,
            applies_to: Vec::new(),
            sources: vec![conditions::cite("Initial")],
        }],
        nodes: built.nodes,
        edges: built.edges,
    };
    let output = output_dir.join(format!("{id}.json"));
    let mut pathway = pathway;
    let mut strict_whens = built.strict;
    prune_dead_options(&mut pathway, &mut strict_whens, &mut lines, &output);
    let (diagnostics, validation) = validate(&output, &pathway);
    let mut report = ModuleReport {
        name,
        states: module.states.values().filter(|s| !s.passage || s.kind == "CallSubmodule").count(),
        nodes: pathway.nodes.len(),
        edges: pathway.edges.len(),
        kept: built.kept,
        folded: built.folded,
        submodules: module.submodules.clone(),
        lines,
        validation,
    };
    // The strict copy: each option with its own condition, so that the rules on decisions say
    // which options leave patients to the last one, and which overlap.
    if strict_whens.iter().any(Option::is_some) {
        let mut strict = pathway.clone();
        for (edge, own) in strict.edges.iter_mut().zip(&strict_whens) {
            if let Some(own) = own {
                edge.when = Some(own.clone());
            }
        }
        let (found, _) = validate(&output, &strict);
        for d in found.iter().filter(|d| matches!(d.rule.code, "CP045" | "CP046")) {
            let kind = if d.rule.code == "CP045" { LineKind::Finding } else { LineKind::Note };
            let text = if d.rule.code == "CP045" {
                format!("{} (Synthea's engine gives them the last option)", d.message)
            } else {
                format!("{} (the first option that matches decides)", d.message)
            };
            // The state a decision stands for is the section its node cites.
            let node = match d.subject.as_deref() {
                Some(crate::diag::Subject::Node { id }) => Some(id.as_str()),
                Some(crate::diag::Subject::Edge { index, .. }) => strict.edges.get(*index).map(|e| e.from.as_str()),
                _ => None,
            };
            let state = node
                .and_then(|id| strict.nodes.iter().find(|n| n.id == id))
                .and_then(|n| n.sources.first())
                .and_then(|c| c.section.clone())
                .unwrap_or_default();
            report.lines.push(ReportLine { kind, state, text });
        }
    }
    let text = crate::text::escape::json_document(&pathway).unwrap_or_default();
    Ok(Imported { module: path.to_path_buf(), pathway, text, report, diagnostics })
}

/// Options no patient takes (CP047 on the first-match conditions: an `else` after options
/// that cover everyone, an option whose patients earlier ones take) are left out, each said in
/// the report; a decision left with one way on becomes a step of no length.
fn prune_dead_options(
    pathway: &mut PathwayFile,
    strict: &mut Vec<Option<String>>,
    lines: &mut Vec<ReportLine>,
    output: &Path,
) {
    use crate::diag::Subject;
    use crate::model::NodeKind;
    for _ in 0..4 {
        let (found, _) = validate(output, pathway);
        let mut dead: Vec<(usize, String)> = found
            .iter()
            .filter(|d| d.rule.code == "CP047")
            .filter_map(|d| match d.subject.as_deref() {
                Some(Subject::Edge { index, .. }) => Some((*index, d.message.clone())),
                _ => None,
            })
            .filter(|(i, _)| {
                let from = &pathway.edges[*i].from;
                pathway.nodes.iter().any(|n| &n.id == from && n.kind == NodeKind::Decision)
            })
            .collect();
        let found_dead = !dead.is_empty();
        dead.sort();
        dead.dedup_by_key(|(i, _)| *i);
        for (i, message) in dead.into_iter().rev() {
            let from = pathway.edges[i].from.clone();
            let state = pathway
                .nodes
                .iter()
                .find(|n| n.id == from)
                .and_then(|n| n.sources.first())
                .and_then(|c| c.section.clone())
                .unwrap_or_default();
            lines.push(ReportLine {
                kind: LineKind::Finding,
                state,
                text: format!("an option no patient takes, left out: {message}"),
            });
            pathway.edges.remove(i);
            strict.remove(i);
        }
        // Steps only those options led to are left out too.
        let mut reached: std::collections::BTreeSet<String> =
            pathway.nodes.iter().filter(|n| n.kind == NodeKind::Start).map(|n| n.id.clone()).collect();
        let mut stack: Vec<String> = reached.iter().cloned().collect();
        while let Some(at) = stack.pop() {
            for e in pathway.edges.iter().filter(|e| e.from == at) {
                if reached.insert(e.to.clone()) {
                    stack.push(e.to.clone());
                }
            }
        }
        for n in pathway.nodes.iter().filter(|n| !reached.contains(&n.id)) {
            let state = n.sources.first().and_then(|c| c.section.clone()).unwrap_or_default();
            lines.push(ReportLine {
                kind: LineKind::Finding,
                state,
                text: "reached only through options no patient takes, or after a death: left out".into(),
            });
        }
        let before = pathway.nodes.len();
        pathway.nodes.retain(|n| reached.contains(&n.id));
        let left_out = before - pathway.nodes.len();
        let keep: Vec<bool> = pathway.edges.iter().map(|e| reached.contains(&e.from)).collect();
        let (mut edges, mut strict_edges) = (keep.iter(), keep.iter());
        pathway.edges.retain(|_| edges.next().copied().unwrap_or(false));
        strict.retain(|_| strict_edges.next().copied().unwrap_or(false));
        let decisions: Vec<String> =
            pathway.nodes.iter().filter(|n| n.kind == NodeKind::Decision).map(|n| n.id.clone()).collect();
        for id in decisions {
            let mut ways: Vec<usize> = (0..pathway.edges.len()).filter(|&i| pathway.edges[i].from == id).collect();
            // Every way on to the same step (a folded state between): no decision at all.
            if ways.len() > 1 && ways.iter().all(|&i| pathway.edges[i].to == pathway.edges[ways[0]].to) {
                for &i in ways[1..].iter().rev() {
                    pathway.edges.remove(i);
                    strict.remove(i);
                }
                ways.truncate(1);
            }
            if ways.len() == 1 {
                pathway.edges[ways[0]].when = None;
                strict[ways[0]] = None;
                if let Some(n) = pathway.nodes.iter_mut().find(|n| n.id == id) {
                    n.kind = NodeKind::Phase;
                    n.duration = Some(crate::model::DurationRange {
                        min: 0.0,
                        max: 0.0,
                        unit: crate::model::DurationUnit::Days,
                        approximate: false,
                        distribution: None,
                    });
                    n.choice = None;
                    n.note = Some("interpretation: a decision of the module whose options all but one no patient takes (or which all lead to one step): a step of no length".into());
                }
            }
        }
        if !found_dead && left_out == 0 {
            break;
        }
    }
}

/// Validates a pathway as it would be read from `output`: errors and warnings, and the counts
/// of errors, warnings and notes.
fn validate(output: &Path, pathway: &PathwayFile) -> (Vec<Diagnostic>, [usize; 3]) {
    let text = crate::text::escape::json_document(pathway).unwrap_or_default();
    let mut sink = Sink::new(LevelConfig::default());
    match crate::load::load_text(SourceText::new(output, text)) {
        Ok(loaded) => crate::validate::check_pathway(&loaded, &mut sink),
        Err(diag) => sink.push(*diag),
    }
    let counts = [sink.count(Severity::Error), sink.count(Severity::Warning), sink.count(Severity::Info)];
    let kept = sink.into_sorted().into_iter().filter(|d| d.severity != Severity::Info).collect();
    (kept, counts)
}

/// Imports every module the paths name, in order; pathway ids are made unique across them
/// (`asthma`, `asthma-2`).
pub fn import_paths(
    paths: &[PathBuf],
    options: &ImportOptions,
    output_dir: &Path,
) -> (Vec<Imported>, Vec<ImportError>) {
    let mut imported = Vec::new();
    let errors = import_each(paths, options, output_dir, |one| {
        imported.push(one);
        ControlFlow::Continue(())
    });
    (imported, errors)
}

/// [`import_paths`] handing each module's result to `each` as soon as it is made, in the same
/// order and with the same ids, so a caller that writes and drops each one holds one module
/// at a time: memory does not grow with the number of modules. `each` breaks to stop the
/// import there (no further module is read). Returns the errors.
pub fn import_each(
    paths: &[PathBuf],
    options: &ImportOptions,
    output_dir: &Path,
    mut each: impl FnMut(Imported) -> ControlFlow<()>,
) -> Vec<ImportError> {
    let mut errors = Vec::new();
    let mut ids = ids::Unique::default();
    for path in paths {
        let files = match module_files(path) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        for file in files {
            match import_file(&file, options, output_dir) {
                Ok(mut one) => {
                    let id = ids.take(&one.pathway.id.replace('-', "_")).replace('_', "-");
                    if id != one.pathway.id {
                        one.pathway.id = id;
                        one.text = crate::text::escape::json_document(&one.pathway).unwrap_or_default();
                        let output = output_dir.join(format!("{}.json", one.pathway.id));
                        let (diagnostics, validation) = validate(&output, &one.pathway);
                        one.diagnostics = diagnostics;
                        one.report.validation = validation;
                    }
                    if each(one).is_break() {
                        return errors;
                    }
                }
                Err(e) => errors.push(e),
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests;
