//! Arguments of the commands for health-economics modellers: `parameters`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{LevelArgs, LimitArgs, SourceArgs};

/// Arguments of `parameters`.
#[derive(Debug, Args)]
pub struct ParametersArgs {
    /// The pathway file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParametersFormatArg::Csv)]
    pub format: ParametersFormatArg,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Output formats of `parameters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParametersFormatArg {
    /// RFC 4180 CSV with a header row, for R (`read.csv`), Python (`pandas.read_csv`) or a
    /// spreadsheet.
    Csv,
    /// One JSON document (shape in docs/health-economics.md).
    Json,
    /// A Markdown table for people.
    Markdown,
}
