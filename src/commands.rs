//! Runs each subcommand: calls the library, prints results, returns the exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context as _};

use carepath::diag::Severity;
use carepath::report::{self, HumanOptions, ReportInput};
use carepath::validate::{self, ValidateOptions};

use carepath::citation::texts::SourceTexts;
use carepath::condition::{Feasibility, PathwayConditions, Profile};
use carepath::graph::PathwayGraph;
use carepath::load::LoadedPathway;
use carepath::model::OutcomeCategory;
use carepath::paths::{self, ListOptions, MarkInfeasible, PathFilter, PathFormat, PathOptions, Selection};

use crate::cli::{
    BuildArgs, CiteArgs, Cli, Command, CoverageArgs, CoverageFormatArg, ExplainArgs, LevelArgs, LimitArgs,
    OutcomeFormatArg, OutcomesArgs, PathsArgs, RenderArgs, RenderFormatArg, SourceArgs, SummaryArgs, ValidateArgs,
};

mod diff;
mod economics;
mod import;

/// Exit code: the input has errors.
const INVALID: u8 = 1;
/// Exit code: usage error, unreadable file, I/O failure.
const FAILURE: u8 = 2;

/// Runs the command line.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Validate(args) => validate(args),
        Command::Schema => schema(),
        Command::Explain(args) => explain(args),
        Command::Paths(args) => paths_command(args),
        Command::Outcomes(args) => outcomes_command(args),
        Command::Render(args) => render(args),
        Command::Build(args) => build(args),
        Command::Cite(args) => cite(args),
        Command::Coverage(args) => coverage(args),
        Command::Summary(args) => summary(args),
        Command::Parameters(args) => economics::parameters(args),
        Command::Sensitivity(args) => economics::sensitivity(args),
        Command::Psa(args) => economics::psa(args),
        Command::Diff(args) => diff::diff(args),
        Command::Import(args) => import::import(args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {}", carepath::text::escape::terminal_safe(&message(&error)));
        ExitCode::from(FAILURE)
    })
}

/// An error and its causes, `: `-joined, leaving out a cause its error's message already says
/// (library errors such as `ReadError` name their cause in their own message).
fn message(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn schema() -> anyhow::Result<ExitCode> {
    print(&carepath::schema::pathway_schema().context("cannot write the schema")?)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to stdout; a closed pipe (e.g. `| head`) is not an error worth a message.
fn print(text: &str) -> anyhow::Result<()> {
    print_bytes(text.as_bytes())
}

/// [`print`] for bytes.
fn print_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("cannot write to standard output"),
        _ => Ok(()),
    }
}

/// Whether to colour output on this stream.
fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn validate(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let levels = args.levels.to_config()?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("pathways")] } else { args.paths };
    let one_file = paths.len() == 1 && paths[0].is_file();
    let options =
        ValidateOptions { levels, load: args.limits.to_load_options(), source_dirs: args.sources.source_dirs };
    let format: report::ReportFormat = args.format.into();
    let max_diagnostics = (args.max_diagnostics > 0).then_some(args.max_diagnostics);
    let human = HumanOptions { color: use_color(std::io::stdout().is_terminal()), max_diagnostics };
    // Each file's findings are taken as it is done and its pathway dropped: the human format
    // renders the snippets it shows while the file's text is at hand; machine formats keep
    // the findings only. Memory does not grow with the number of files.
    let mut human_report = report::HumanReport::new(human);
    // The findings of every file, for the machine formats: held to the end (see [`Kept`]).
    let (mut files, mut read_errors, mut diagnostics) = (Vec::new(), Vec::new(), Kept::new(Vec::new()));
    let mut counts = [0usize; 3];
    let collect_errors = validate::validate_each(&paths, &options, &options.source_texts(), |file| {
        for d in &file.diagnostics {
            counts[match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
        }
        if format == report::ReportFormat::Human {
            let texts = if human_report.is_full() { HashMap::new() } else { snippet_texts(&file) };
            human_report.add(&file.diagnostics, &texts);
            if one_file {
                std::mem::forget(file.diagnostics);
            }
        } else {
            diagnostics.extend(file.diagnostics);
        }
        read_errors.extend(file.read_errors);
        files.push(file.file);
        if one_file {
            // The process exits next: not freed piece by piece (see [`Kept`]).
            std::mem::forget(file.loaded);
        }
    });
    read_errors.splice(0..0, collect_errors);
    let output = if format == report::ReportFormat::Human {
        human_report.finish(&read_errors, &report::summary_line(counts, read_errors.len(), files.len()))
    } else {
        let input =
            ReportInput { files: &files, diagnostics: &diagnostics, read_errors: &read_errors, texts: &HashMap::new() };
        report::render(format, &input, &human).context("cannot write the report")?
    };
    print(&output)?;
    Ok(if !read_errors.is_empty() {
        ExitCode::from(FAILURE)
    } else if counts[0] > 0 {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

/// The text of a validated file, by display path, for its snippets: the loaded text, or, for
/// a file that did not parse, read again (only when it has a finding to show).
fn snippet_texts(file: &validate::FileReport) -> HashMap<String, String> {
    let mut texts = HashMap::new();
    match &file.loaded {
        Some(loaded) => {
            texts.insert(loaded.source.display_path(), loaded.source.text().to_string());
        }
        None => read_unloaded_texts(&mut texts, &file.diagnostics),
    }
    texts
}

/// Files that failed to parse are not loaded: reads the text of each file `diagnostics` name
/// that `texts` lacks, for snippets.
fn read_unloaded_texts(texts: &mut HashMap<String, String>, diagnostics: &[carepath::diag::Diagnostic]) {
    for d in diagnostics {
        if let Some(file) = &d.file {
            if !texts.contains_key(&**file) {
                if let Ok(bytes) = std::fs::read(&**file) {
                    texts.insert(file.to_string(), String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
    }
}

fn cite(args: CiteArgs) -> anyhow::Result<ExitCode> {
    let shown = args.text.display().to_string();
    let raw = std::fs::read_to_string(&args.text).with_context(|| format!("{shown}: cannot read"))?;
    let doc = carepath::citation::document::SourceDocument::parse(&raw);
    let lookup = carepath::citation::cite::look_up(&doc, &args.words);
    let output = carepath::citation::cite::render(&lookup, args.source.as_deref(), &shown);
    print(&output.stdout)?;
    eprint!("{}", output.stderr);
    Ok(if output.found { ExitCode::SUCCESS } else { ExitCode::from(INVALID) })
}

fn coverage(args: CoverageArgs) -> anyhow::Result<ExitCode> {
    use carepath::citation::coverage;
    let options = validate_options(&args.levels, &args.limits, &args.sources)?;
    let texts = options.source_texts();
    let loaded = match load_valid_with(&args.file, &options, &texts)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let (found, _) = texts.for_pathway(&loaded.source.path, &loaded.pathway); // read already: no new errors
    let report = coverage::analyse(&loaded.pathway, &found);
    let text = match args.format {
        CoverageFormatArg::Text => coverage::render_text(&report, &loaded.pathway),
        CoverageFormatArg::Json => {
            coverage::render_json(&report, &loaded.pathway).context("cannot write the coverage report")?
        }
        CoverageFormatArg::Markdown => coverage::render_markdown(&report, &loaded.pathway),
    };
    print(&text)?;
    // The text report says so itself; the others are for machines and pages.
    let missing = report.sources.iter().filter(|s| s.found.is_none() && args.format != CoverageFormatArg::Text);
    for source in missing {
        eprintln!(
            "note: the text `{}` of source `{}` was not found, so its sentences are not counted; pass --source-dir DIR",
            carepath::text::escape::terminal_safe(&source.text),
            carepath::text::escape::terminal_safe(&source.id)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    if args.list {
        print(&carepath::rules::list_text())?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.rule.unwrap_or_default();
    let rule = carepath::rules::find(&name)
        .ok_or_else(|| anyhow!("unknown rule `{name}`; `carepath explain --list` lists every rule"))?;
    print(&carepath::rules::explain_text(rule))?;
    Ok(ExitCode::SUCCESS)
}

/// Loads one pathway file and validates it with the given levels. `Ok(Err(code))`: it has
/// errors, or cannot be read; they are already printed to stderr with the human reporter.
///
/// The pathway is never dropped ([`Kept`]): the commands that load one file use it until the
/// process exits.
fn load_valid(
    file: &Path,
    levels: &LevelArgs,
    limits: &LimitArgs,
    sources: &SourceArgs,
) -> anyhow::Result<Result<Kept<LoadedPathway>, ExitCode>> {
    let options = validate_options(levels, limits, sources)?;
    load_valid_with(file, &options, &options.source_texts())
}

fn validate_options(levels: &LevelArgs, limits: &LimitArgs, sources: &SourceArgs) -> anyhow::Result<ValidateOptions> {
    Ok(ValidateOptions {
        levels: levels.to_config()?,
        load: limits.to_load_options(),
        source_dirs: sources.source_dirs.clone(),
    })
}

/// [`load_valid`] finding source texts through `texts`, for a caller that goes on to use them.
fn load_valid_with(
    file: &Path,
    options: &ValidateOptions,
    texts: &SourceTexts,
) -> anyhow::Result<Result<Kept<LoadedPathway>, ExitCode>> {
    if file.is_dir() {
        bail!("{}: is a directory; give one pathway file (`carepath validate` takes folders)", file.display());
    }
    // Nothing but an error stops the command, and it prints no other finding: checks that
    // could only find warnings or notes are not run.
    let mut options = options.clone();
    options.levels.errors_only = true;
    let mut result = validate::validate_paths_with(&[file.to_path_buf()], &options, texts);
    if result.has_errors() || !result.read_errors.is_empty() || result.loaded.is_empty() {
        if result.read_errors.is_empty() {
            eprintln!(
                "error: {} has validation errors; fix them first (`carepath validate`)",
                carepath::text::escape::terminal_safe(&file.display().to_string())
            );
        }
        return Ok(Err(report_invalid(&result)));
    }
    Ok(Ok(Kept::new(result.loaded.swap_remove(0))))
}

/// A value the process keeps until it exits, never dropped: the one pathway a command loads,
/// and the graph and conditions built from it. The operating system takes the memory back at
/// exit at once; freeing a 100,000-node pathway piece by piece walks all of it once more,
/// out of cache, for nothing (about a tenth of `paths --count` on such a file). Only for
/// values a command holds to its end, never in a loop over files.
type Kept<T> = std::mem::ManuallyDrop<T>;

/// Prints a validation report with the human reporter to stderr and returns its exit code.
fn report_invalid(result: &validate::ValidationReport) -> ExitCode {
    match render_report(result, report::ReportFormat::Human, use_color(std::io::stderr().is_terminal())) {
        Ok(text) => eprint!("{text}"),
        Err(error) => eprintln!("error: {}", message(&error)),
    }
    ExitCode::from(if result.read_errors.is_empty() { INVALID } else { FAILURE })
}

/// A validation report in a format, with source snippets from the files' texts.
fn render_report(
    result: &validate::ValidationReport,
    format: report::ReportFormat,
    color: bool,
) -> anyhow::Result<String> {
    let mut texts: HashMap<String, String> =
        result.loaded.iter().map(|l| (l.source.display_path(), l.source.text().to_string())).collect();
    read_unloaded_texts(&mut texts, &result.diagnostics);
    let input = ReportInput {
        files: &result.files,
        diagnostics: &result.diagnostics,
        read_errors: &result.read_errors,
        texts: &texts,
    };
    let human = HumanOptions { color, max_diagnostics: Some(report::DEFAULT_MAX_DIAGNOSTICS) };
    report::render(format, &input, &human).context("cannot write the report")
}

/// The `--patient` profile of a pathway (usage error naming the factor or value when wrong).
fn profile_of(specs: &[String], pathway: &carepath::model::PathwayFile) -> anyhow::Result<Profile> {
    Ok(Profile::parse(specs, &pathway.factors)?)
}

fn paths_command(args: PathsArgs) -> anyhow::Result<ExitCode> {
    let ends_in = match &args.ends_in {
        None => None,
        Some(name) => Some(OutcomeCategory::parse(name).ok_or_else(|| {
            let names: Vec<&str> = OutcomeCategory::ALL.iter().map(|c| c.as_str()).collect();
            anyhow!("--ends-in `{name}` is not an outcome category; use one of: {}", names.join(", "))
        })?),
    };
    let loaded = match load_valid(&args.file, &args.levels, &args.limits, &args.sources)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let profile = profile_of(&args.patient, pathway)?;
    let conditions = Kept::new(PathwayConditions::new(pathway));
    let flow = Kept::new(PathwayGraph::new(pathway));
    let options = PathOptions {
        through: args.through.clone(),
        avoid: args.avoid.clone(),
        ends_in,
        max_visits: args.max_visits as usize,
    };
    let selection = Selection::new(pathway, &flow, &options)?;
    let mut filter: Box<dyn PathFilter> = if args.include_infeasible {
        Box::new(MarkInfeasible::new(pathway, Feasibility::new(&conditions, &profile)))
    } else {
        Box::new(Feasibility::new(&conditions, &profile))
    };
    if args.count {
        // Walking to count feasible paths stops at the budget: a pathway with an astronomical
        // number of paths answers in seconds instead of hours.
        let count = paths::count(pathway, &flow, &selection, filter.as_mut(), paths::COUNT_BUDGET)?;
        let n = count.n;
        if count.exact {
            print(&format!("{n}\n"))?;
        } else {
            print(&format!("more than {n}\n"))?;
            eprintln!(
                "note: counting stopped after {n} feasible paths; narrow with --patient, --through or --ends-in, \
                 or count every path of the graph, feasible or not, with --include-infeasible"
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let list_options = ListOptions {
        format: args.format.into(),
        limit: (args.limit > 0).then_some(u128::from(args.limit)),
        // Known up front when the graph gives it; else the listing counts as it walks.
        total: paths::count_from_graph(pathway, &flow, &selection, filter.as_ref()),
        count_budget: paths::COUNT_BUDGET,
    };
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    let result = paths::list(&mut out, pathway, &flow, &selection, filter.as_mut(), &list_options)
        .and_then(|listing| out.flush().map(|()| listing));
    match result {
        Ok(listing) => {
            if list_options.format == PathFormat::Csv {
                if let Some(note) = listing.truncation_note() {
                    eprintln!("note: {note}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

fn outcomes_command(args: OutcomesArgs) -> anyhow::Result<ExitCode> {
    let loaded = match load_valid(&args.file, &args.levels, &args.limits, &args.sources)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let profile = profile_of(&args.patient, pathway)?;
    let options = carepath::outcomes::AnalysisOptions { discount_rate: args.discount };
    discount_needs_durations(pathway, &options)?;
    let conditions = Kept::new(PathwayConditions::new(pathway));
    let groups = Kept::new(carepath::outcomes::by_patient_class(pathway, &conditions, &profile, &options)?);
    let text = match args.format {
        OutcomeFormatArg::Text => carepath::outcomes::render_classes_text(pathway, &profile, &groups),
        OutcomeFormatArg::Json => carepath::outcomes::render_classes_json(pathway, &profile, &groups)
            .context("cannot write the outcomes as JSON")?,
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn render(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let scale = match args.scale {
        Some(_) if args.format != RenderFormatArg::Png => {
            anyhow::bail!("--scale applies to --format png only; leave it out for other formats")
        }
        Some(scale) => carepath::export::Scale::new(scale)?,
        None => carepath::export::Scale::default(),
    };
    match &args.fhir_base {
        Some(_) if args.format != RenderFormatArg::Fhir => {
            anyhow::bail!("--fhir-base applies to --format fhir only; leave it out for other formats")
        }
        Some(base) => carepath::fhir::check_base(base)?,
        None => {}
    }
    if let Some(name) = args.format.binary().filter(|_| args.output.is_none() && std::io::stdout().is_terminal()) {
        anyhow::bail!(
            "--format {name} is binary and standard output is a terminal; write it to a file with \
             -o FILE (or redirect: `> flowchart.{name}`)"
        );
    }
    let loaded = match load_valid(&args.file, &args.levels, &args.limits, &args.sources)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let bytes = match args.format.flowchart(scale) {
        None if args.format == RenderFormatArg::Fhir => {
            if !args.patient.is_empty() {
                anyhow::bail!(
                    "--patient does not apply to --format fhir: the bundle holds every step, with each branch's \
                     condition for an engine to evaluate"
                );
            }
            let base = args.fhir_base.clone().unwrap_or_else(|| carepath::fhir::DEFAULT_BASE.to_string());
            carepath::fhir::bundle(pathway, &carepath::fhir::FhirOptions { base })?
        }
        None if !args.patient.is_empty() => anyhow::bail!(
            "--patient does not apply to --format html: the page takes the profile in its address, \
             e.g. {}.html#{}",
            pathway.id,
            args.patient.join(",").replace(',', "&")
        ),
        None => carepath::explorer::page(pathway)?,
        Some(format) => {
            let highlight = if args.patient.is_empty() {
                None
            } else {
                let profile = profile_of(&args.patient, pathway)?;
                Some(carepath::export::highlight_for(pathway, &PathwayConditions::new(pathway), &profile))
            };
            let render_options = carepath::export::RenderOptions { format, engine: args.engine.into(), highlight };
            carepath::export::render(pathway, &render_options)?
        }
    };
    match &args.output {
        Some(path) => {
            carepath::fsutil::write_atomic(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => print_bytes(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(args: SummaryArgs) -> anyhow::Result<ExitCode> {
    let loaded = match load_valid(&args.file, &args.levels, &args.limits, &args.sources)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let profile = profile_of(&args.patient, pathway)?;
    let summary = carepath::summary::summarise(pathway, &profile)?;
    let text = carepath::summary::render(&summary, args.format.into());
    write_or_print(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `output` atomically, or prints it when there is none.
fn write_or_print(output: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => carepath::fsutil::write_atomic(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display())),
        None => print(text),
    }
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    use carepath::build::{BuildOptions, BuildOutcome};
    let options = BuildOptions {
        pathways: args.pathways,
        out: args.out.clone(),
        check: args.check,
        validate: ValidateOptions {
            levels: args.levels.to_config()?,
            load: args.limits.to_load_options(),
            source_dirs: args.sources.source_dirs,
        },
    };
    let out = carepath::text::escape::terminal_safe(&args.out.display().to_string());
    match carepath::build::build(&options)? {
        BuildOutcome::Invalid(report) => Ok(report_invalid(&report)),
        BuildOutcome::Built { written, unchanged, removed, kept } => {
            for k in &kept {
                let path = carepath::text::escape::terminal_safe(&args.out.join(&k.name).display().to_string());
                let (what, fix) = if k.exists {
                    (format!("kept {path} as it is"), "regenerate")
                } else {
                    (format!("did not write {path}"), "write")
                };
                eprintln!(
                    "note: {what}: {}; pass --source-dir DIR to {fix} it",
                    carepath::text::escape::terminal_safe(&k.missing)
                );
            }
            for name in &written {
                println!("wrote {}", carepath::text::escape::terminal_safe(&args.out.join(name).display().to_string()));
            }
            for name in &removed {
                println!(
                    "removed {} (its pathway is gone)",
                    carepath::text::escape::terminal_safe(&args.out.join(name).display().to_string())
                );
            }
            if removed.is_empty() {
                println!("{} written, {} unchanged", written.len(), unchanged.len());
            } else {
                println!("{} written, {} unchanged, {} removed", written.len(), unchanged.len(), removed.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        BuildOutcome::Checked { stale, unchecked } => {
            for k in &unchecked {
                eprintln!(
                    "note: {} not checked: {}; pass --source-dir DIR to check it",
                    carepath::text::escape::terminal_safe(&args.out.join(&k.name).display().to_string()),
                    carepath::text::escape::terminal_safe(&k.missing)
                );
            }
            if stale.is_empty() {
                println!("{out} is up to date");
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!("{out} is stale; run `carepath build` to regenerate:");
            for name in &stale {
                eprintln!("  {}", carepath::text::escape::terminal_safe(name));
            }
            Ok(ExitCode::from(INVALID))
        }
    }
}

/// With a discount rate, the error for a step of unknown length before one with a cost or
/// utility (`outcomes`, `sensitivity`): the figures need when each such step starts.
fn discount_needs_durations(
    pathway: &carepath::model::PathwayFile,
    options: &carepath::outcomes::AnalysisOptions,
) -> anyhow::Result<()> {
    if options.discount_rate.is_some_and(|r| r > 0.0) {
        let undated = carepath::outcomes::undated_before_value(pathway);
        if !undated.is_empty() {
            let ids: Vec<String> = undated
                .iter()
                .map(|&u| format!("`{}`", carepath::text::escape::terminal_safe(&pathway.nodes[u].id)))
                .collect();
            anyhow::bail!(
                "--discount needs to know when each step with a cost or utility starts, but {} {} before \
                 one with no duration: give {} a duration, or leave out --discount",
                carepath::text::words::first_few(&ids, 3),
                if ids.len() == 1 { "comes" } else { "come" },
                if ids.len() == 1 { "it" } else { "each" },
            );
        }
    }
    Ok(())
}
