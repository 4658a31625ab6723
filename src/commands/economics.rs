//! The commands for health-economics modellers: `parameters`, `sensitivity`.

use std::process::ExitCode;

use anyhow::Context as _;

use super::{load_valid, profile_of, write_or_print};
use crate::cli::{ParametersArgs, ParametersFormatArg, SensitivityArgs, SensitivityFormatArg};

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

/// `carepath sensitivity`: one-way sensitivity of one outcome's chance.
pub(super) fn sensitivity(args: SensitivityArgs) -> anyhow::Result<ExitCode> {
    use carepath::economics::sensitivity as one_way;
    let loaded = match load_valid(&args.file, &args.levels, &args.limits, &args.sources)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let target = one_way::Target::find(pathway, &args.outcome)?;
    let profile = profile_of(&args.patient, pathway)?;
    let conditions = carepath::condition::PathwayConditions::new(pathway);
    let result = carepath::economics::sensitivity(pathway, &conditions, &profile, target, args.base.into())?;
    let text = match args.format {
        SensitivityFormatArg::Text => one_way::render_text(pathway, &profile, &result),
        SensitivityFormatArg::Json => {
            one_way::render_json(pathway, &profile, &result).context("cannot write the sensitivity as JSON")?
        }
        SensitivityFormatArg::Csv => one_way::render_csv(&result),
        SensitivityFormatArg::Svg => carepath::economics::render_svg(pathway, &result),
    };
    write_or_print(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
