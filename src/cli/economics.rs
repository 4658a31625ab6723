//! Arguments of the commands for health-economics modellers: `parameters`, `sensitivity`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{LevelArgs, LimitArgs, SourceArgs};

/// A yearly discount rate: `0.035` or `3.5%`, from 0 up to (not including) 100%.
pub fn discount_rate(text: &str) -> Result<f64, String> {
    let (number, scale) = match text.trim().strip_suffix('%') {
        Some(percent) => (percent.trim(), 100.0),
        None => (text.trim(), 1.0),
    };
    let rate = number.parse::<f64>().ok().filter(|x| x.is_finite()).map(|x| x / scale);
    match rate {
        Some(rate) if (0.0..1.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "`{text}` is not a yearly rate: give a fraction from 0 to below 1 (0.035) or a percentage (3.5%)"
        )),
    }
}

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

/// Arguments of `sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The pathway file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The outcome: a terminal outcome's id (the chance of ending there), another outcome's id
    /// (the chance of passing through it) or an outcome category (the chance of ending in it;
    /// `category:NAME` where a node has the same id); `cost` or `qalys` for the expected cost
    /// or QALYs where the file gives costs or utilities.
    #[arg(long, value_name = "ID|CATEGORY|cost|qalys")]
    pub outcome: String,
    /// Yearly discount rate for `--outcome cost` or `qalys`, as in `outcomes`: 0.035 or 3.5%.
    #[arg(long, value_name = "RATE", value_parser = discount_rate)]
    pub discount: Option<f64>,
    /// Patient profile: `factor=value`, comma-separated or repeated (e.g. `ph_positive=true,lineage=B`).
    /// Factors left out stay open: every class of patients they allow is analysed.
    #[arg(long, value_name = "FACTOR=VALUE")]
    pub patient: Vec<String>,
    /// Where base values come from: `file`, the file's own (a varied figure without one is an
    /// error), or `midpoint`, the middle of the range where the file gives none.
    #[arg(long, value_enum, default_value_t = BaseArg::File)]
    pub base: BaseArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SensitivityFormatArg::Text)]
    pub format: SensitivityFormatArg,
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

/// Where `sensitivity` takes base values from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BaseArg {
    /// The file's own: an exact figure, "about X", or a `base` on a range.
    File,
    /// The file's own where it gives one, else the middle of the range, (low + high) / 2.
    Midpoint,
}

impl From<BaseArg> for carepath::economics::BaseRule {
    fn from(base: BaseArg) -> Self {
        match base {
            BaseArg::File => Self::File,
            BaseArg::Midpoint => Self::Midpoint,
        }
    }
}

/// Output formats of `sensitivity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SensitivityFormatArg {
    /// Aligned text for a terminal, chances in words with their exact values.
    Text,
    /// One JSON document (shape in docs/health-economics.md).
    Json,
    /// RFC 4180 CSV, one row per figure and group of patients.
    Csv,
    /// A tornado chart (SVG), one chart per group of patients.
    Svg,
}

/// Arguments of `psa`.
#[derive(Debug, Args)]
pub struct PsaArgs {
    /// The pathway file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How many samples (2 to 10,000,000).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub samples: usize,
    /// The seed: the same seed gives the same samples.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Patient profile: `factor=value`, comma-separated or repeated. Factors left out stay
    /// open: every class of patients they allow is analysed.
    #[arg(long, value_name = "FACTOR=VALUE")]
    pub patient: Vec<String>,
    /// Where the base values of figures that are not drawn come from: `file` (a figure with a
    /// range and no base is an error) or `midpoint` (the middle of its range).
    #[arg(long, value_enum, default_value_t = BaseArg::File)]
    pub base: BaseArg,
    /// With `--format svg`: draw only this outcome (a node id, an outcome category, or `cost`
    /// or `qalys` where the file gives costs or utilities).
    #[arg(long, value_name = "ID|CATEGORY|cost|qalys")]
    pub outcome: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PsaFormatArg::Text)]
    pub format: PsaFormatArg,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write every sample to this CSV file: `sample`, `group`, one column per figure and
    /// one per outcome.
    #[arg(long, value_name = "FILE")]
    pub samples_out: Option<PathBuf>,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Output formats of `psa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PsaFormatArg {
    /// Aligned text for a terminal.
    Text,
    /// One JSON document (shape in docs/health-economics.md).
    Json,
    /// RFC 4180 CSV, one row per group of patients and outcome.
    Csv,
    /// Histograms (SVG), one per outcome and group of patients.
    Svg,
}

#[cfg(test)]
mod tests {
    use super::discount_rate;

    #[test]
    fn a_discount_rate_is_a_fraction_or_a_percentage_below_one() {
        assert_eq!(discount_rate("0.035"), Ok(0.035));
        assert_eq!(discount_rate("3.5%"), Ok(0.035));
        assert_eq!(discount_rate(" 0 % "), Ok(0.0));
        for bad in ["1", "100%", "-0.01", "3.5%%", "abc", "NaN", "inf"] {
            let err = discount_rate(bad).unwrap_err();
            assert_eq!(
                err,
                format!(
                    "`{bad}` is not a yearly rate: give a fraction from 0 to below 1 (0.035) or a percentage (3.5%)"
                )
            );
        }
    }
}
