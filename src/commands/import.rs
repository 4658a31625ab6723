//! `carepath import synthea MODULE...`: imports with `carepath::import`, refuses to write over
//! a module read or a file that is not an earlier import, writes the pathways all or nothing
//! (one module in memory at a time),
//! prints the report, and exits 0, 1 (validation errors, a module that cannot become a
//! pathway) or 2 (unreadable, not a module, cannot write).

use std::collections::HashMap;
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use carepath::diag::Severity;
use carepath::fsutil::Staging;
use carepath::import::{import_each, module_files, ImportOptions};
use carepath::report::{self, HumanOptions, ReportFormat, ReportInput};
use carepath::source::display_path;
use carepath::text::escape::terminal_safe;

use super::{print, use_color, FAILURE, INVALID};
use crate::cli::{ImportArgs, ImportFrom};

/// What an earlier import writes in `version`: a file with it may be written over.
const IMPORTED: &str = "\"version\": \"imported from Synthea\"";

/// `carepath import`.
///
/// Each module is checked, written to a temporary beside its target and its report rendered
/// as soon as it is imported, then dropped: memory holds one module at a time (and the texts
/// of those with validation errors, to show them). Only when every module is written are the
/// temporaries renamed over their targets; a refusal or a failure half-way changes nothing.
pub(super) fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let ImportFrom::Synthea(args) = args.from;
    let options = ImportOptions { submodules: args.submodules.clone(), max_file_size: args.max_file_size };
    // Never over a module read, nor over a file that is not an earlier import.
    let inputs: Vec<PathBuf> = args
        .modules
        .iter()
        .filter_map(|p| module_files(p).ok())
        .flatten()
        .filter_map(|m| m.canonicalize().ok())
        .collect();
    let mut staging = Staging::default();
    // The folders this import made (deepest first), once it has made the output folder.
    let mut made: Option<Vec<PathBuf>> = None;
    let mut refused: Option<anyhow::Error> = None;
    let (mut out, mut written, mut with_errors, mut with_warnings) = (String::new(), 0, 0, false);
    let (mut texts, mut diagnostics, mut shown) = (HashMap::new(), Vec::new(), Vec::new());
    let errors = import_each(&args.modules, &options, &args.out, |one| {
        let path = args.out.join(format!("{}.json", one.pathway.id));
        if let Err(e) = writable(&path, &inputs) {
            refused = Some(e);
            return ControlFlow::Break(());
        }
        if made.is_none() {
            let missing = args.out.ancestors().take_while(|d| !d.as_os_str().is_empty() && !d.exists());
            made = Some(missing.map(Path::to_path_buf).collect());
            if let Err(e) = std::fs::create_dir_all(&args.out) {
                refused = Some(anyhow::anyhow!("cannot make the folder {}: {e}", args.out.display()));
                return ControlFlow::Break(());
            }
        }
        if let Err((path, e)) = staging.stage(&path, one.text.as_bytes()) {
            refused = Some(anyhow::anyhow!("cannot write {}: {e} (nothing was written)", path.display()));
            return ControlFlow::Break(());
        }
        out.push_str(&one.report.render(&display_path(&one.module), &display_path(&path)));
        out.push('\n');
        written += 1;
        with_warnings |= one.report.validation[1] > 0;
        if one.report.validation[0] > 0 {
            with_errors += 1;
            diagnostics.extend(one.diagnostics.into_iter().filter(|d| d.severity == Severity::Error));
            texts.insert(display_path(&path), one.text);
            shown.push(path);
        }
        ControlFlow::Continue(())
    });
    for error in &errors {
        eprintln!("error: {}", terminal_safe(&error.to_string()));
    }
    if let Some(error) = refused {
        drop(staging);
        // The folders it made, while they are empty: nothing of this import is left.
        for dir in made.iter().flatten() {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
        return Err(error);
    }
    if let Err((path, e)) = staging.commit() {
        bail!("cannot write {}: {e}", path.display());
    }
    let mut code = errors.iter().map(|e| e.exit_code()).max().unwrap_or(0);
    out.push_str(&format!(
        "imported {} into {}: {}{}\n",
        count(written, "module", "modules"),
        terminal_safe(&display_path(&args.out)),
        match with_errors {
            0 => "no validation errors".to_owned(),
            n => format!("{} with validation errors (below)", count(n, "pathway", "pathways")),
        },
        match errors.len() {
            0 => String::new(),
            n => format!("; {} not imported", count(n, "file", "files")),
        }
    ));
    if with_warnings {
        out.push_str(&format!(
            "see every warning with: carepath validate {}\n",
            terminal_safe(&display_path(&args.out))
        ));
    }
    print(&out)?;
    if with_errors > 0 {
        code = code.max(INVALID);
        let human = HumanOptions {
            color: use_color(std::io::stderr().is_terminal()),
            max_diagnostics: Some(report::DEFAULT_MAX_DIAGNOSTICS),
        };
        let input = ReportInput { files: &shown, diagnostics: &diagnostics, read_errors: &[], texts: &texts };
        let text = report::render(ReportFormat::Human, &input, &human).unwrap_or_default();
        eprint!("{text}");
    }
    Ok(match code {
        0 => ExitCode::SUCCESS,
        1 => ExitCode::from(INVALID),
        _ => ExitCode::from(FAILURE),
    })
}

/// Whether `path` may be written: it does not exist, or it is an earlier import and not a
/// module being imported.
fn writable(path: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(existing) = path.canonicalize() else { return Ok(()) };
    if inputs.contains(&existing) {
        bail!("{} would be written over a module being imported: give another output folder with -o", path.display());
    }
    match std::fs::read_to_string(path) {
        Ok(text) if text.contains(IMPORTED) => Ok(()),
        _ => bail!(
            "{} exists and is not an earlier import from Synthea: move it, or give another output folder with -o",
            path.display()
        ),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    carepath::text::words::count_words(n, one, many)
}
