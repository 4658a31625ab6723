//! Arguments of `import`. Its help is the doc comments here (cli.rs is kept short).

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// Turn pathway models of other tools into carepath pathway files.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub from: ImportFrom,
}

/// The formats `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    Synthea(SyntheaArgs),
}

/// Synthea modules (Generic Module Framework JSON) → carepath pathways, with an import report.
///
/// Writes one pathway per module to OUT (default `pathways/`), named from the module's
/// `name` (`Example Cancer Treatment` → `example-cancer-treatment.json`), then prints what
/// was done with each: the states kept as steps and folded into their neighbours, what was
/// approximated (a Guard as a phase of unknown length, a Gaussian delay as a range), what is
/// not supported (a Date condition, kept as a factor that stands for it), the module's own
/// findings (chances that do not add up to 1, options no patient takes, patients left to the
/// last option by Synthea's engine, with a counterexample), and the pathway's validation.
///
/// A folder imports the `.json` files directly in it; its subfolders hold Synthea's
/// submodules, which `--submodules DIR` inlines where a `CallSubmodule` state names them.
/// The mapping, state type by state type, is in docs/synthea.md.
///
/// Files are written all or nothing, and never over a module read or a file that is not an
/// earlier import.
///
/// Exit codes: 0 every module imported and its pathway has no validation error (warnings
/// allowed); 1 a pathway has validation errors (printed) or a module cannot become one (a
/// transition to a state it does not have); 2 a file is unreadable or not a module, or the
/// output cannot be written.
///
/// Examples:
///   carepath import synthea asthma.json
///   carepath import synthea modules/ --submodules modules/ -o imported
///   carepath build --pathways imported --out imported-out
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SyntheaArgs {
    /// Module files, or folders of them.
    #[arg(value_name = "MODULE", required = true)]
    pub modules: Vec<PathBuf>,
    /// The folder to write the pathways to (made if missing).
    #[arg(short = 'o', long = "out", value_name = "OUT", default_value = "pathways")]
    pub out: PathBuf,
    /// The folder submodules are found in: `CallSubmodule` `"submodule": "a/b"` reads
    /// `DIR/a/b.json` (Synthea's `src/main/resources/modules`). Without it a call is kept as
    /// a phase of unknown length, and reported.
    #[arg(long, value_name = "DIR")]
    pub submodules: Option<PathBuf>,
    /// Read nothing larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = carepath::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}
