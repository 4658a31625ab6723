//! The commands for health-economics modellers: `parameters`.

use std::process::ExitCode;

use anyhow::Context as _;

use super::{load_valid, write_or_print};
use crate::cli::{ParametersArgs, ParametersFormatArg};

/// `carepath parameters`: the table of every figure.
pub(super) fn parameters(args: ParametersArgs) -> anyhow::Result<ExitCode> {
    let loaded = match load_valid(&args.file, &args.levels, &args.limits, &args.sources)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let rows = carepath::economics::parameters(pathway);
    let text = match args.format {
        ParametersFormatArg::Csv => carepath::economics::render_csv(&rows),
        ParametersFormatArg::Json => {
            carepath::economics::render_json(pathway, &rows).context("cannot write the parameters as JSON")?
        }
        ParametersFormatArg::Markdown => carepath::economics::render_markdown(pathway, &rows),
    };
    write_or_print(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
