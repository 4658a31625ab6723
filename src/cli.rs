//! Command-line definition (clap derive types only) and their conversion into library
//! options. No logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use carepath::diag::{Level, LevelConfig};
use carepath::report::ReportFormat;

mod diff;
mod economics;
mod import;
mod render;

pub use diff::{DiffArgs, DiffFormatArg};
pub use economics::{
    ParametersArgs, ParametersFormatArg, PsaArgs, PsaFormatArg, SensitivityArgs, SensitivityFormatArg,
};
pub use import::{ImportArgs, ImportFrom};
pub use render::{RenderArgs, RenderFormatArg};

/// Clinical treatment pathways as code: validate, list every path, compute outcomes, draw flowcharts.
///
/// A pathway is one JSON file under `pathways/` describing phases, interventions, decisions
/// on patient factors and outcomes as a directed graph. carepath documents pathways; it is
/// not medical advice.
///
/// Exit codes: 0 success (warnings allowed unless --deny-warnings); 1 the input has errors;
/// 2 usage error, unreadable file or I/O failure.
#[derive(Debug, Parser)]
#[command(name = "carepath", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint pathway files like a compiler: rule code, file, line and column for every problem.
    ///
    /// Folders are searched recursively for `*.json`. With no path, validates `pathways/`.
    /// Use `--format github` in GitHub Actions for annotations on the diff, or `--format sarif`
    /// for code-scanning dashboards. `carepath explain CODE` tells what a rule checks.
    ///
    /// Examples:
    ///   carepath validate
    ///   carepath validate pathways/adult-all.json --deny-warnings
    ///   carepath validate --format github --allow CP061
    #[command(verbatim_doc_comment)]
    Validate(ValidateArgs),
    /// Print the JSON Schema of the pathway file format.
    ///
    /// Pathway files name it in `$schema` so editors complete fields and flag mistakes as you
    /// type. The committed copy lives in `schema/pathway.schema.json`.
    Schema,
    /// Explain a validation rule: what it checks, why, and how to fix a finding.
    ///
    /// Accepts a code (`CP011`) or a name (`unknown-node`). `carepath explain --list` lists
    /// every rule.
    Explain(ExplainArgs),
    /// List every path from the start to a terminal outcome, with its steps, conditions,
    /// probability and duration.
    ///
    /// Paths are listed depth-first in the file's edge order, so the listing is stable. A node
    /// appears at most once per path unless --max-visits allows more (loops such as relapse →
    /// re-induction). Probabilities multiply the figures of the chance edges on the path (an
    /// edge without a figure counts as [0, 1] and marks the path unquantified); durations add
    /// up the phase and intervention steps. --count prints only the number of paths.
    ///
    /// Only feasible paths are listed: a path whose decisions contradict each other (Ph+ at one,
    /// Ph- at the next) is left out unless --include-infeasible. --patient narrows the listing to
    /// one patient profile; the components each phase includes follow it too (factors the
    /// profile leaves open keep every branch, and conditional components show "if ...").
    ///
    /// Text says conditions and figures in words ("age 65 or under", "33-53% (exact bounds
    /// 0.3375 to 0.5225)"); JSON and CSV keep the code form with the words beside it; markdown
    /// is the path guide of `out/<id>.paths.md` (each phase once, then the paths as a tree).
    ///
    /// Examples:
    ///   carepath paths pathways/adult-all.json
    ///   carepath paths pathways/adult-all.json --count
    ///   carepath paths pathways/adult-all.json --patient ph_positive=true,lineage=B,age=70
    ///   carepath paths pathways/adult-all.json --through allo_sct --ends-in long_term_remission
    ///   carepath paths pathways/adult-all.json --format markdown > out/adult-all.paths.md
    ///   carepath paths pathways/adult-all.json --max-visits 2 --limit 20
    #[command(verbatim_doc_comment)]
    Paths(PathsArgs),
    /// Probability of ending at each terminal outcome and in each category, of passing through each other outcome (e.g. relapse), and the expected time on treatment, as [low, high].
    ///
    /// Bounds are exact over every choice the file leaves open: a probability range may take
    /// any value within it (the figures out of a node summing to 1), a chance edge without a
    /// figure any value in [0, 1], and a decision whose branch is unknown either branch. A base
    /// value is shown where the figures involved give one. See docs/paths-and-outcomes.md.
    ///
    /// Decisions carry no probability, so results are given per class of patients (those who
    /// meet the same decision branches); classes with identical results are shown together.
    /// --patient fixes factors and so narrows the classes.
    ///
    /// Where the file gives costs or utilities, the expected cost and the expected quality-
    /// adjusted life years follow, exact bounds too; --discount applies a yearly rate to both.
    /// See docs/health-economics.md.
    ///
    /// Examples:
    ///   carepath outcomes pathways/adult-all.json
    ///   carepath outcomes pathways/adult-all.json --patient lineage=T,age=40
    ///   carepath outcomes pathways/adult-all.json --format json
    ///   carepath outcomes model.json --discount 3.5%
    #[command(verbatim_doc_comment)]
    Outcomes(OutcomesArgs),
    // Its help is the doc comment of `RenderArgs`, in cli/render.rs.
    Render(RenderArgs),
    /// One page for one patient profile, in words: for patients, families and the teams who
    /// teach them.
    ///
    /// What it says, in short sentences with no code: the not-medical-advice notice (at the top
    /// and at the bottom); whom the page is for (the profile in words); what is not known yet
    /// (each factor the profile leaves open that decides a step still ahead, with its values);
    /// each step in order, with how long it lasts, whom it is for, its treatments with the
    /// source's own hedges ("usually", "often", "some people may also get", "one or more of
    /// these") and what comes next; how often each result happens, with the source's caveats;
    /// the words it uses, explained; and the sources. See docs/summary.md.
    ///
    /// Markdown by default; `--format html` is one self-contained page (no network, inline
    /// CSS) that also prints cleanly. The page goes to standard output unless `-o` names a file
    /// (written atomically).
    ///
    /// Exit codes: 0 the page is written; 1 the pathway has validation errors (reported, not
    /// summarised); 2 an unknown factor or a bad value in --patient (the message lists the
    /// valid ones), or a file that cannot be read or written.
    ///
    /// Examples:
    ///   carepath summary pathways/adult-all.json --patient ph_positive=true,lineage=B,age=45
    ///   carepath summary pathways/adult-all.json --patient lineage=T,age=70 --format html -o t-cell.html
    ///   carepath summary pathways/adult-all.json
    #[command(verbatim_doc_comment)]
    Summary(SummaryArgs),
    /// Validate every pathway, then write its flowcharts and an index to the output folder.
    ///
    /// For each pathway `<id>.dot`, `<id>.svg` (built-in engine, reproducible anywhere),
    /// `<id>.mmd` and `<id>.paths.md` (the path guide), plus `README.md` linking them with
    /// path counts and outcome figures. Nothing is written if any pathway has errors;
    /// each file is replaced atomically. `--check` writes nothing and exits 1 listing stale or
    /// missing files, for CI.
    ///
    /// A pathway whose sources name their texts also gets `<id>.coverage.md` (as `carepath
    /// coverage --format markdown`), when every text is found (--source-dir). When one is not
    /// found, an existing page is kept as it is and `--check` skips it, each with a note: a
    /// fresh clone without the texts builds and checks everything else.
    ///
    /// Examples:
    ///   carepath build --source-dir ../shared/sources
    ///   carepath build --check --source-dir ../shared/sources
    ///   carepath build --pathways my-pathways --out docs/flowcharts
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),
    /// The citation to paste for some words of a source text: its anchor, section and sentence.
    ///
    /// A source whose sentences may not be copied (such as the ACS page) is cited by an anchor:
    /// a fingerprint of the exact words (the start of their SHA-256 and their length, after
    /// normalising quotes, dashes and white space), from which the words cannot be read back.
    /// Give the words as the text has them; the citation goes to standard output, where the
    /// words are to standard error. Exits 1 when the words are not in the text, saying where
    /// they part from it.
    ///
    /// Examples:
    ///   carepath cite ../shared/sources/acs-adult-all-treatment.txt "is often included as well"
    ///   carepath cite source.txt "about half of these patients relapse" --source acs
    #[command(verbatim_doc_comment)]
    Cite(CiteArgs),
    /// Each sentence of the sources' texts with what anchors into it: N of M sentences covered.
    ///
    /// The pathway is validated first (a pathway with errors is reported, exit 1). Then, for each
    /// source that names its `text` (found beside the pathway or in a --source-dir), every
    /// sentence (bullets count as sentences) with the nodes and edges whose anchors or quotes
    /// point into it; the sentences nothing anchors; the sentences the pathway lists as out of
    /// scope, with their reasons; and last `N of M sentences covered`, where M leaves out the
    /// out-of-scope sentences. The text format shows each sentence's words, read from the local
    /// text; JSON and Markdown name sentences by section and number only (`Induction #3`), so
    /// they can be committed for a source whose text may not be copied.
    ///
    /// Examples:
    ///   carepath coverage pathways/adult-all.json --source-dir ../shared/sources
    ///   carepath coverage pathways/adult-all.json --source-dir ../shared/sources --format markdown
    #[command(verbatim_doc_comment)]
    Coverage(CoverageArgs),
    /// One row per figure of the pathway, for health-economics models: id, what it is, low,
    /// base, high, as stated, unit, distribution and the citations it rests on.
    ///
    /// A figure is a branch's chance (`p.FROM.TO`), a step's length (`duration.NODE`), a cost
    /// (`cost.NODE`) or a utility (`utility.NODE`). Low
    /// and high are the bounds the file allows (an approximate figure, "about X", widened by
    /// its tolerance); base is given only where the file gives one (an exact figure, "about X",
    /// a `base` on a range, or a duration whose bounds agree), never made up. A figure the file
    /// does not give has no row. CSV (the default) loads into R (`read.csv`), Python
    /// (`pandas.read_csv`), heemod or dampack parameter tables; `--format json` keeps the
    /// citations apart; `--format markdown` is a table for people. See docs/health-economics.md.
    ///
    /// Examples:
    ///   carepath parameters pathways/adult-all.json
    ///   carepath parameters pathways/adult-all.json --format markdown -o parameters.md
    #[command(verbatim_doc_comment)]
    Parameters(ParametersArgs),
    /// One-way sensitivity, exact: an outcome's chance with each ranged figure at its low and at its high end, ranked by swing.
    ///
    /// Every other figure stays at its base, and branches out of one node stay summing to 1:
    /// the others are rescaled in proportion to their bases. Results are per class of patients,
    /// as in `outcomes`; durations do not move a chance. `--outcome cost` or `qalys` looks at
    /// the expected cost or QALYs instead, varying lengths, costs and utilities too (with
    /// `--discount` as in `outcomes`). A varied figure without a base is an
    /// error naming it (add `"base"` on its range), unless `--base midpoint` takes the middle of
    /// its range, which the output then says on its first line. Exit 2 where the chance is not
    /// one number at the base figures (a branch with no figure or an open decision on the way:
    /// the message says which). `--format svg` draws a tornado chart. See
    /// docs/health-economics.md.
    ///
    /// Examples:
    ///   carepath sensitivity pathways/adult-all.json --base midpoint --outcome relapse
    ///   carepath sensitivity pathways/adult-all.json --base midpoint --outcome relapse --format svg
    ///   carepath sensitivity model.json --outcome cured --patient age=70 --format csv -o cured.csv
    ///   carepath sensitivity model.json --outcome cost --discount 3.5% --format svg -o cost.svg
    #[command(verbatim_doc_comment)]
    Sensitivity(SensitivityArgs),
    /// Probabilistic sensitivity analysis: N seeded samples of the figures that declare a distribution.
    ///
    /// Each figure with a `distribution` (beta, dirichlet or uniform on a branch's chance;
    /// gamma, lognormal or uniform on a duration) is drawn in every sample; the other branches
    /// out of a drawn branch's node are rescaled to keep the sum 1, and every other figure
    /// stays at its base (the file's own, or the middle of its range with --base midpoint).
    /// Per class of patients: each outcome's chance and the expected time on treatment, with
    /// mean, standard deviation, 2.5th, 50th and 97.5th percentiles: percentiles of the
    /// declared distributions, not bounds (`outcomes` gives those). The same seed gives the
    /// same figures, bit for bit, on any machine and any number of threads. --samples-out
    /// writes every sample as CSV (one column per figure and per outcome) for R or Python;
    /// `--format svg` draws histograms. Exit 2 where no figure declares a distribution, or
    /// where a class meets an open decision or a branch with no figure (the message says
    /// which). See docs/health-economics.md.
    ///
    /// Examples:
    ///   carepath psa model.json --samples 10000 --seed 42
    ///   carepath psa model.json --seed 42 --samples-out samples.csv
    ///   carepath psa model.json --seed 42 --format svg --outcome cured -o cured.svg
    #[command(verbatim_doc_comment)]
    Psa(PsaArgs),
    // Its help is the doc comment of `DiffArgs`, in cli/diff.rs.
    Diff(DiffArgs),
    /// Turn pathway models of other tools into pathway files: `carepath import synthea
    /// MODULE...` (Synthea modules; see `carepath import synthea --help`).
    Import(ImportArgs),
}

/// Arguments of `coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// The pathway file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CoverageFormatArg::Text)]
    pub format: CoverageFormatArg,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Output formats of `coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormatArg {
    /// Aligned text for a terminal, with each sentence's words.
    Text,
    /// One JSON document; sentences by label only (shape in docs/citations.md).
    Json,
    /// A Markdown page, as `build` writes it; sentences by label only.
    Markdown,
}

/// Arguments of `cite`.
#[derive(Debug, Args)]
pub struct CiteArgs {
    /// The source's text file.
    pub text: PathBuf,
    /// The words to cite, as the text has them.
    pub words: String,
    /// The source's id in the pathway, to put in the citation.
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
}

/// Arguments of `paths`.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// The pathway file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PathFormatArg::Text)]
    pub format: PathFormatArg,
    /// Patient profile: `factor=value`, comma-separated or repeated (e.g. `ph_positive=true,lineage=B`).
    /// Factors left out stay open: every value is considered.
    #[arg(long, value_name = "FACTOR=VALUE")]
    pub patient: Vec<String>,
    /// Only paths through this node (id); repeatable: through all of them.
    #[arg(long, value_name = "ID")]
    pub through: Vec<String>,
    /// Only paths that avoid this node (id); repeatable.
    #[arg(long, value_name = "ID")]
    pub avoid: Vec<String>,
    /// Only paths ending in an outcome of this category (e.g. long_term_remission).
    #[arg(long, value_name = "CATEGORY")]
    pub ends_in: Option<String>,
    /// Print the number of paths only.
    #[arg(long)]
    pub count: bool,
    /// List at most N paths, then say how many there are in all; 0 for no limit.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub limit: u64,
    /// Also list paths whose conditions contradict each other (marked infeasible).
    #[arg(long)]
    pub include_infeasible: bool,
    /// How many times one node may appear on a path (loops).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_visits: u32,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Output formats of `paths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PathFormatArg {
    /// Aligned text for a terminal.
    Text,
    /// One JSON document (shape in docs/paths-and-outcomes.md).
    Json,
    /// One CSV row per path (RFC 4180).
    Csv,
    /// The path guide (Markdown, as `build` writes it): phases once, then the paths as a tree per outcome.
    Markdown,
}

impl From<PathFormatArg> for carepath::paths::PathFormat {
    fn from(format: PathFormatArg) -> Self {
        use carepath::paths::PathFormat;
        match format {
            PathFormatArg::Text => PathFormat::Text,
            PathFormatArg::Json => PathFormat::Json,
            PathFormatArg::Csv => PathFormat::Csv,
            PathFormatArg::Markdown => PathFormat::Markdown,
        }
    }
}

/// Arguments of `outcomes`.
#[derive(Debug, Args)]
pub struct OutcomesArgs {
    /// The pathway file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutcomeFormatArg::Text)]
    pub format: OutcomeFormatArg,
    /// Patient profile: `factor=value`, comma-separated or repeated (e.g. `ph_positive=true,lineage=B`).
    /// Factors left out stay open: every value is considered.
    #[arg(long, value_name = "FACTOR=VALUE")]
    pub patient: Vec<String>,
    /// Yearly discount rate for costs and quality-adjusted time: a fraction (0.035) or a
    /// percentage (3.5%). Needs the length of every step before one with a cost or utility.
    #[arg(long, value_name = "RATE", value_parser = economics::discount_rate)]
    pub discount: Option<f64>,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Output formats of `outcomes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutcomeFormatArg {
    /// Aligned text for a terminal.
    Text,
    /// One JSON document (shape in docs/paths-and-outcomes.md).
    Json,
}

/// Arguments of `summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The pathway file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The patient: `factor=value`, comma-separated or repeated (e.g. `ph_positive=true,lineage=B`).
    /// Factors left out are listed as not known yet.
    #[arg(long, value_name = "FACTOR=VALUE")]
    pub patient: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormatArg::Markdown)]
    pub format: SummaryFormatArg,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Output formats of `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormatArg {
    /// Markdown.
    Markdown,
    /// One self-contained HTML page with a print stylesheet.
    Html,
}

impl From<SummaryFormatArg> for carepath::summary::SummaryFormat {
    fn from(format: SummaryFormatArg) -> Self {
        match format {
            SummaryFormatArg::Markdown => Self::Markdown,
            SummaryFormatArg::Html => Self::Html,
        }
    }
}

/// SVG engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Graphviz when `dot` is on PATH, else builtin.
    Auto,
    /// Pure Rust, no external program.
    Builtin,
    /// The Graphviz `dot` program (package `graphviz`).
    Graphviz,
}

impl From<EngineArg> for carepath::export::Engine {
    fn from(e: EngineArg) -> Self {
        match e {
            EngineArg::Auto => Self::Auto,
            EngineArg::Builtin => Self::Builtin,
            EngineArg::Graphviz => Self::Graphviz,
        }
    }
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Folder of pathway files.
    #[arg(long, value_name = "DIR", default_value = "pathways")]
    pub pathways: PathBuf,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Write nothing; exit 1 listing files that are stale or missing.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders to validate [default: pathways]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Human format: show the first N findings with their snippets, then a count per rule of
    /// the rest; 0 shows every finding. Machine formats (json, github, sarif) always list all.
    #[arg(long, value_name = "N", default_value_t = carepath::report::DEFAULT_MAX_DIAGNOSTICS)]
    pub max_diagnostics: usize,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Severity flags, shared by every command that validates.
#[derive(Debug, Args, Default)]
pub struct LevelArgs {
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Silence a rule (code or name); repeatable.
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
    /// Report a rule as a warning (code or name); repeatable.
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,
    /// Report a rule as an error (code or name); repeatable.
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,
}

impl LevelArgs {
    /// Converts into the library's configuration; unknown rules are a usage error.
    pub fn to_config(&self) -> anyhow::Result<LevelConfig> {
        let mut config = LevelConfig { deny_warnings: self.deny_warnings, ..Default::default() };
        for (names, level) in [(&self.allow, Level::Allow), (&self.warn, Level::Warn), (&self.deny, Level::Deny)] {
            for name in names {
                let rule = carepath::rules::find(name).ok_or_else(|| {
                    anyhow::anyhow!("unknown rule `{name}`; `carepath explain --list` lists every rule")
                })?;
                config.levels.insert(rule.code, level);
            }
        }
        Ok(config)
    }
}

/// Where source texts are found, shared by every command that validates.
#[derive(Debug, Args, Default)]
pub struct SourceArgs {
    /// Folder of source texts (a source names its `text`), looked in after the pathway's own
    /// folder; repeatable, in order. Without it, citations of texts not found are not checked.
    #[arg(long = "source-dir", value_name = "DIR")]
    pub source_dirs: Vec<PathBuf>,
}

/// Size limits on input, shared by every command that reads pathway files: past them a file
/// gets a clear error naming the flag that raises the limit.
#[derive(Debug, Args, Default)]
pub struct LimitArgs {
    /// Largest file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = carepath::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Most nodes accepted in one pathway, and most edges.
    #[arg(long, value_name = "N", default_value_t = carepath::load::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
}

impl LimitArgs {
    /// The library's loading options.
    pub fn to_load_options(&self) -> carepath::load::LoadOptions {
        carepath::load::LoadOptions { max_file_size: self.max_file_size, max_nodes: self.max_nodes }
    }
}

/// Output formats of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Source snippets with the problem underlined.
    Human,
    /// One JSON document (stable shape, see docs/diagnostics.md).
    Json,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

impl From<FormatArg> for ReportFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Human => ReportFormat::Human,
            FormatArg::Json => ReportFormat::Json,
            FormatArg::Github => ReportFormat::Github,
            FormatArg::Sarif => ReportFormat::Sarif,
        }
    }
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule code (CP011) or name (unknown-node).
    #[arg(required_unless_present = "list")]
    pub rule: Option<String>,
    /// List every rule with its code, name, severity and summary.
    #[arg(long, conflicts_with = "rule")]
    pub list: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_sound() {
        Cli::command().debug_assert();
    }
}
