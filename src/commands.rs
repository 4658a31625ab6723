//! Runs each subcommand: calls the library, prints results, returns the exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use carepath::report::{self, HumanOptions, ReportInput};
use carepath::validate::{self, ValidateOptions};

use crate::cli::{Cli, Command, ExplainArgs, ValidateArgs};

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
