//! Runs each subcommand: calls the library, prints results, returns the exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use carepath::report::{self, HumanOptions, ReportInput};
use carepath::validate::{self, ValidateOptions};

use crate::cli::{BuildArgs, Cli, Command, ExplainArgs, RenderArgs, ValidateArgs};

/// Exit code: the input has errors.
const INVALID: u8 = 1;
/// Exit code: usage error, unreadable file, I/O failure.
const FAILURE: u8 = 2;

/// Runs the command line.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Validate(args) => validate(args),
        Command::Schema => print(&carepath::schema::pathway_schema()).map(|()| ExitCode::SUCCESS),
        Command::Explain(args) => explain(args),
        Command::Render(args) => render(args),
        Command::Build(args) => build(args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {}", carepath::diag::terminal_safe(&message));
        ExitCode::from(FAILURE)
    })
}

/// Writes to stdout; a closed pipe (e.g. `| head`) is not an error worth a message.
fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write to standard output: {e}")),
        _ => Ok(()),
    }
}

/// Whether to colour output on this stream.
fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn validate(args: ValidateArgs) -> Result<ExitCode, String> {
    let levels = args.levels.to_config()?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("pathways")] } else { args.paths };
    let options = ValidateOptions { levels, load: carepath::load::LoadOptions { max_file_size: args.max_file_size } };
    let result = validate::validate_paths(&paths, &options);
    let texts: HashMap<String, String> =
        result.loaded.iter().map(|l| (l.source.display_path(), l.source.text.clone())).collect();
    let texts = with_unloaded_texts(texts, &result);
    let input = ReportInput {
        files: &result.files,
        diagnostics: &result.diagnostics,
        read_errors: &result.read_errors,
        texts: &texts,
    };
    let human = HumanOptions { color: use_color(std::io::stdout().is_terminal()) };
    print(&report::render(args.format.into(), &input, &human))?;
    Ok(if !result.read_errors.is_empty() {
        ExitCode::from(FAILURE)
    } else if result.has_errors() {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

/// Files that failed to parse are not in `loaded`; read their text again for snippets.
fn with_unloaded_texts(
    mut texts: HashMap<String, String>,
    result: &validate::ValidationReport,
) -> HashMap<String, String> {
    for d in &result.diagnostics {
        if let Some(file) = &d.file {
            if !texts.contains_key(file) {
                if let Ok(bytes) = std::fs::read(file) {
                    texts.insert(file.clone(), String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
    }
    texts
}

fn explain(args: ExplainArgs) -> Result<ExitCode, String> {
    if args.list {
        print(&carepath::rules::list_text())?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.rule.unwrap_or_default();
    let rule = carepath::rules::find(&name)
        .ok_or_else(|| format!("unknown rule `{name}`; `carepath explain --list` lists every rule"))?;
    print(&carepath::rules::explain_text(rule))?;
    Ok(ExitCode::SUCCESS)
}

/// Prints a validation report with the human reporter to stderr and returns its exit code.
fn report_invalid(result: &validate::ValidationReport) -> ExitCode {
    let texts: HashMap<String, String> =
        result.loaded.iter().map(|l| (l.source.display_path(), l.source.text.clone())).collect();
    let texts = with_unloaded_texts(texts, result);
    let input = ReportInput {
        files: &result.files,
        diagnostics: &result.diagnostics,
        read_errors: &result.read_errors,
        texts: &texts,
    };
    let human = HumanOptions { color: use_color(std::io::stderr().is_terminal()) };
    eprint!("{}", report::render(report::ReportFormat::Human, &input, &human));
    ExitCode::from(if result.read_errors.is_empty() { INVALID } else { FAILURE })
}

fn render(args: RenderArgs) -> Result<ExitCode, String> {
    let options = ValidateOptions { levels: args.levels.to_config()?, load: carepath::load::LoadOptions::default() };
    let result = validate::validate_paths(std::slice::from_ref(&args.file), &options);
    if result.has_errors() || !result.read_errors.is_empty() {
        return Ok(report_invalid(&result));
    }
    let Some(loaded) = result.loaded.first() else {
        return Err(format!("{}: no pathway found", args.file.display()));
    };
    let render_options =
        carepath::export::RenderOptions { format: args.format.into(), engine: args.engine.into(), highlight: None };
    let bytes = carepath::export::render(&loaded.pathway, &render_options).map_err(|e| e.to_string())?;
    match &args.output {
        Some(path) => {
            carepath::fsutil::write_atomic(path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(format!("cannot write to standard output: {e}"))
                }
                _ => {}
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn build(args: BuildArgs) -> Result<ExitCode, String> {
    use carepath::build::{BuildOptions, BuildOutcome};
    let options = BuildOptions {
        pathways: args.pathways,
        out: args.out.clone(),
        check: args.check,
        validate: ValidateOptions { levels: args.levels.to_config()?, load: carepath::load::LoadOptions::default() },
    };
    match carepath::build::build(&options).map_err(|e| e.to_string())? {
        BuildOutcome::Invalid(report) => Ok(report_invalid(&report)),
        BuildOutcome::Built { written, unchanged } => {
            for name in &written {
                println!("wrote {}", carepath::diag::terminal_safe(&args.out.join(name).display().to_string()));
            }
            println!("{} written, {} unchanged", written.len(), unchanged.len());
            Ok(ExitCode::SUCCESS)
        }
        BuildOutcome::Checked { stale } if stale.is_empty() => {
            println!("{} is up to date", carepath::diag::terminal_safe(&args.out.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        BuildOutcome::Checked { stale } => {
            eprintln!(
                "{} is stale; run `carepath build` to regenerate:",
                carepath::diag::terminal_safe(&args.out.display().to_string())
            );
            for name in &stale {
                eprintln!("  {}", carepath::diag::terminal_safe(name));
            }
            Ok(ExitCode::from(INVALID))
        }
    }
}
