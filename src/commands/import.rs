//! `carepath import synthea MODULE...`: imports with `carepath::import`, refuses to write over
//! a module read or a file that is not an earlier import, writes the pathways all or nothing,
//! prints the report, and exits 0, 1 (validation errors, a module that cannot become a
//! pathway) or 2 (unreadable, not a module, cannot write).

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use carepath::diag::Severity;
use carepath::import::{import_paths, ImportOptions};
use carepath::report::{self, HumanOptions, ReportFormat, ReportInput};
use carepath::source::display_path;
use carepath::text::escape::terminal_safe;

use super::{print, use_color, FAILURE, INVALID};
use crate::cli::{ImportArgs, ImportFrom};

/// What an earlier import writes in `version`: a file with it may be written over.
const IMPORTED: &str = "\"version\": \"imported from Synthea\"";

/// `carepath import`.
pub(super) fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let ImportFrom::Synthea(args) = args.from;
    let options = ImportOptions { submodules: args.submodules.clone(), max_file_size: args.max_file_size };
    let (imported, errors) = import_paths(&args.modules, &options, &args.out);
    let mut code = errors.iter().map(|e| e.exit_code()).max().unwrap_or(0);
    for error in &errors {
        eprintln!("error: {}", terminal_safe(&error.to_string()));
    }
    // Never over a module read, nor over a file that is not an earlier import.
    let inputs: Vec<PathBuf> = imported.iter().filter_map(|i| i.module.canonicalize().ok()).collect();
    let mut files = Vec::new();
    for one in &imported {
        let path = args.out.join(format!("{}.json", one.pathway.id));
        if let Ok(existing) = path.canonicalize() {
            if inputs.contains(&existing) {
                bail!(
                    "{} would be written over a module being imported: give another output folder with -o",
                    path.display()
                );
            }
            match std::fs::read_to_string(&path) {
                Ok(text) if text.contains(IMPORTED) => {}
                _ => bail!(
                    "{} exists and is not an earlier import from Synthea: move it, or give another output folder with -o",
                    path.display()
                ),
            }
        }
        files.push((path, one.text.as_bytes()));
    }
    if !files.is_empty() {
        std::fs::create_dir_all(&args.out)
            .map_err(|e| anyhow::anyhow!("cannot make the folder {}: {e}", args.out.display()))?;
        if let Err((path, e)) = carepath::fsutil::write_all_atomic(&files) {
            bail!("cannot write {}: {e} (nothing was written)", path.display());
        }
    }
    let mut out = String::new();
    let mut with_errors = 0;
    for (one, (path, _)) in imported.iter().zip(&files) {
        out.push_str(&one.report.render(&display_path(&one.module), &display_path(path)));
        out.push('\n');
        if one.report.validation[0] > 0 {
            with_errors += 1;
        }
    }
    let written = imported.len();
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
    if imported.iter().any(|i| i.report.validation[1] > 0) {
        out.push_str(&format!(
            "see every warning with: carepath validate {}\n",
            terminal_safe(&display_path(&args.out))
        ));
    }
    print(&out)?;
    if with_errors > 0 {
        code = code.max(INVALID);
        let mut texts = HashMap::new();
        let mut diagnostics = Vec::new();
        let mut shown = Vec::new();
        for (one, (path, _)) in imported.iter().zip(&files) {
            let errors: Vec<_> = one.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
            if !errors.is_empty() {
                texts.insert(display_path(path), one.text.clone());
                shown.push(path.clone());
                diagnostics.extend(errors);
            }
        }
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

fn count(n: usize, one: &str, many: &str) -> String {
    carepath::text::words::count_words(n, one, many)
}
