//! `carepath diff OLD NEW`: reads both versions (a file, or `REV:PATH` through `git show`),
//! compares them with `carepath::diff`, prints, and exits 0, 1 (`--exit-code` and
//! differences) or 2.

use std::path::Path;
use std::process::{Command as Process, ExitCode};

use anyhow::{bail, Context as _};

use carepath::load::{self, LoadOptions};
use carepath::model::PathwayFile;
use carepath::source::SourceText;
use carepath::text::escape::terminal_safe;

use super::print;
use crate::cli::{DiffArgs, DiffFormatArg};

/// `carepath diff`.
pub(super) fn diff(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let options = args.limits.to_load_options();
    let old = read(&args.old, &options)?;
    let new = read(&args.new, &options)?;
    let diff = carepath::diff::compare(&old, &new, &args.old, &args.new)?;
    let text = match args.format {
        DiffFormatArg::Text => carepath::diff::render_text(&diff),
        DiffFormatArg::Markdown => carepath::diff::render_markdown(&diff),
        DiffFormatArg::Json => carepath::diff::render_json(&diff).context("cannot write the diff as JSON")?,
    };
    print(&text)?;
    Ok(if args.exit_code && diff.has_changes() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// One version: the file at `spec` when there is one, else `REV:PATH` from git. Read and
/// parsed by the loader, not validated; any failure is an error (exit 2).
fn read(spec: &str, options: &LoadOptions) -> anyhow::Result<PathwayFile> {
    let source = match spec.split_once(':') {
        Some((rev, path)) if !Path::new(spec).exists() && !rev.is_empty() && !path.is_empty() => {
            git_show(spec, rev, path, options)?
        }
        _ => {
            let (source, encoding_error) = load::read(Path::new(spec), options)?;
            if let Some(diag) = encoding_error {
                bail!("{}", diagnostic_line(&diag));
            }
            source
        }
    };
    match load::load_text(source).and_then(|loaded| load::within_limits(loaded, options)) {
        Ok(loaded) => Ok(loaded.pathway),
        Err(diag) => bail!("{}", diagnostic_line(&diag)),
    }
}

/// `FILE:LINE:COLUMN: message (CP001)`, the loader's message on one line.
fn diagnostic_line(diag: &carepath::diag::Diagnostic) -> String {
    let file = diag.file.as_deref().unwrap_or("");
    let at = diag.location.as_ref().map_or(String::new(), |l| format!(":{}:{}", l.line, l.column));
    format!("{file}{at}: {} ({})", diag.message, diag.rule.code)
}

/// The text of `git show REV:PATH`, run in the current directory.
fn git_show(spec: &str, rev: &str, path: &str, options: &LoadOptions) -> anyhow::Result<SourceText> {
    let output = Process::new("git")
        .args(["show", "--no-textconv", &format!("{rev}:{path}")])
        .output()
        .with_context(|| format!("{spec}: cannot run git to read it"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("git show failed").trim();
        bail!("{spec}: git cannot read it: {}", terminal_safe(reason));
    }
    let size = output.stdout.len() as u64;
    if size > options.max_file_size {
        bail!(
            "{spec}: file is {size} bytes, over the limit of {} bytes; raise it with --max-file-size if this is intended",
            options.max_file_size
        );
    }
    let text = String::from_utf8(output.stdout).map_err(|e| {
        anyhow::anyhow!("{spec}: the file is not valid UTF-8: invalid byte at offset {}", e.utf8_error().valid_up_to())
    })?;
    Ok(SourceText::new(spec, text))
}
