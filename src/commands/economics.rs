//! The commands for health-economics modellers: `parameters`, `sensitivity`, `psa`.

use std::process::ExitCode;

use anyhow::Context as _;

use super::{load_valid, profile_of, write_or_print};
use crate::cli::{ParametersArgs, ParametersFormatArg, PsaArgs, PsaFormatArg, SensitivityArgs, SensitivityFormatArg};

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
    if args.discount.is_some() && target.is_chance() {
        anyhow::bail!("--discount applies to --outcome cost or qalys only: a chance is not discounted");
    }
    let options = carepath::outcomes::AnalysisOptions { discount_rate: args.discount };
    super::discount_needs_durations(pathway, &options)?;
    let result = carepath::economics::sensitivity(pathway, &conditions, &profile, target, args.base.into(), &options)?;
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

/// `carepath psa`: probabilistic sensitivity analysis.
pub(super) fn psa(args: PsaArgs) -> anyhow::Result<ExitCode> {
    use carepath::economics::{psa, sensitivity::Target, Quantity};
    let loaded = match load_valid(&args.file, &args.levels, &args.limits, &args.sources)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let pathway = &loaded.pathway;
    let only = match &args.outcome {
        None => None,
        Some(name) => Some(match Target::find(pathway, name)? {
            Target::Ending(u) => Quantity::Ending(u),
            Target::Passing(u) => Quantity::Passing(u),
            Target::Category(c) => Quantity::Category(c),
            Target::Cost => Quantity::Cost,
            Target::Qalys => Quantity::Qalys,
        }),
    };
    let profile = profile_of(&args.patient, pathway)?;
    let conditions = carepath::condition::PathwayConditions::new(pathway);
    let result = psa::psa(pathway, &conditions, &profile, args.base.into(), args.samples, args.seed)?;
    if let Some(q) = only {
        if !result.groups.iter().any(|g| g.summaries.iter().any(|s| s.quantity == q)) {
            anyhow::bail!(
                "--outcome `{}`: no class of patients reaches it",
                args.outcome.as_deref().unwrap_or_default()
            );
        }
    }
    let text = match args.format {
        PsaFormatArg::Text => psa::render_text(pathway, &profile, &result),
        PsaFormatArg::Json => psa::render_json(pathway, &profile, &result).context("cannot write the PSA as JSON")?,
        PsaFormatArg::Csv => psa::render_csv(pathway, &result),
        PsaFormatArg::Svg => psa::render_svg(pathway, &result, only),
    };
    if let Some(path) = &args.samples_out {
        write_or_print(Some(path), &psa::render_samples_csv(pathway, &result))?;
    }
    write_or_print(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
