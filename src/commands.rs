//! Runs each subcommand: calls the library, prints results, returns the exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use carepath::report::{self, HumanOptions, ReportInput};
use carepath::validate::{self, ValidateOptions};

use carepath::load::{LoadOptions, LoadedPathway};
use carepath::model::OutcomeCategory;
use carepath::paths::format::{self as path_format, ListOptions};
use carepath::paths::{self, Flow, PathOptions, Selection, Unconditional};

use crate::cli::{Cli, Command, ExplainArgs, OutcomeFormatArg, OutcomesArgs, PathsArgs, ValidateArgs};

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
        Command::Paths(args) => paths_command(args),
        Command::Outcomes(args) => outcomes_command(args),
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

/// Loads one pathway and validates it. `Ok(Err(code))`: the file has errors, already printed
/// to stderr with the human reporter (exit 1). `Err`: the file cannot be read (exit 2).
fn load_valid(file: &std::path::Path, max_file_size: u64) -> Result<Result<LoadedPathway, ExitCode>, String> {
    let loaded = carepath::load::load(file, &LoadOptions { max_file_size }).map_err(|e| e.to_string())?;
    let (diagnostics, text, loaded) = match loaded {
        Err(diag) => {
            let text = std::fs::read(file).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
            (vec![*diag], text, None)
        }
        Ok(loaded) => {
            let mut sink = carepath::diag::Sink::new(Default::default());
            validate::check_pathway(&loaded, &mut sink);
            if !sink.has_errors() {
                return Ok(Ok(loaded));
            }
            (sink.into_sorted(), loaded.source.text.clone(), Some(loaded))
        }
    };
    let display = loaded.as_ref().map_or_else(|| file.display().to_string(), |l| l.source.display_path());
    let texts: HashMap<String, String> = [(display, text)].into_iter().collect();
    let files = [file.to_path_buf()];
    let input = ReportInput { files: &files, diagnostics: &diagnostics, read_errors: &[], texts: &texts };
    let human = HumanOptions { color: use_color(std::io::stderr().is_terminal()) };
    eprint!("{}", report::render(report::ReportFormat::Human, &input, &human));
    eprintln!("error: {} has validation errors; fix them first (`carepath validate`)", file.display());
    Ok(Err(ExitCode::from(INVALID)))
}

fn paths_command(args: PathsArgs) -> Result<ExitCode, String> {
    let ends_in = match &args.ends_in {
        None => None,
        Some(name) => Some(OutcomeCategory::parse(name).ok_or_else(|| {
            let names: Vec<&str> = OutcomeCategory::ALL.iter().map(|c| c.as_str()).collect();
            format!("--ends-in `{name}` is not an outcome category; use one of: {}", names.join(", "))
        })?),
    };
    let loaded = match load_valid(&args.file, args.max_file_size)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let flow = Flow::new(pathway);
    let options = PathOptions {
        through: args.through.clone(),
        avoid: args.avoid.clone(),
        ends_in,
        max_visits: args.max_visits as usize,
    };
    let selection = Selection::new(pathway, &flow, &options).map_err(|e| e.to_string())?;
    if args.count {
        let (count, _) = paths::count_paths(pathway, &flow, &selection).map_err(|e| e.to_string())?;
        print(&format!("{count}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let total = paths::count_without_listing(pathway, &flow, &selection).and_then(Result::ok);
    let list_options =
        ListOptions { format: args.format.into(), limit: (args.limit > 0).then_some(u128::from(args.limit)), total };
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    let mut filter = Unconditional::new(pathway);
    let result = path_format::list(&mut out, pathway, &flow, &selection, &mut filter, &list_options)
        .and_then(|listing| out.flush().map(|()| listing));
    match result {
        Ok(listing) => {
            if list_options.format == path_format::PathFormat::Csv {
                if let Some(note) = listing.truncation_note() {
                    eprintln!("note: {note}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

fn outcomes_command(args: OutcomesArgs) -> Result<ExitCode, String> {
    let loaded = match load_valid(&args.file, args.max_file_size)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    // Until patient profiles are wired in: a decision edge without a condition is taken, any
    // conditional branch is an open choice.
    let resolve = |e: usize| if pathway.edges[e].when.is_none() { Some(true) } else { None };
    let report = carepath::outcomes::analyse(pathway, &resolve)
        .ok_or_else(|| "the pathway has no single start node".to_string())?;
    let text = match args.format {
        OutcomeFormatArg::Text => carepath::outcomes::render_text(pathway, &report),
        OutcomeFormatArg::Json => carepath::outcomes::render_json(pathway, &report),
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
