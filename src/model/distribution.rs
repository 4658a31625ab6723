//! [`Distribution`]: the distribution a figure declares for probabilistic sensitivity analysis
//! (`carepath psa`), as the file writes it. A figure's range (`low`–`high`) stays what the
//! source says; a distribution is the modeller's statement of how uncertain the figure is,
//! and is never read as a bound.
//!
//! The forms: `{ "kind": "beta", "alpha": 85, "beta": 15 }`, `{ "kind": "beta", "from":
//! "range" }` (mean and spread from the figure: see [`FromRange`]), `{ "kind": "dirichlet",
//! "alpha": 85 }` on every branch of one chance node, `{ "kind": "gamma", "shape": 4,
//! "scale": 0.5 }` and `{ "kind": "lognormal", "meanlog": 0.7, "sdlog": 0.2 }` (each also
//! `"from": "range"`) for lengths of time and costs, and `{ "kind": "uniform" }` over the
//! figure's range. A utility takes a beta or a uniform. What fits which figure, and whether
//! the parameters make a distribution, is checked by the validator (CP058, CP059), which can
//! point at the field.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a distribution's parameters come from instead of being written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FromRange {
    /// From the figure: the mean is the figure's base (where it has none, the middle of its
    /// range) and the standard deviation is the range's width ÷ 3.92, as if the range were a
    /// central 95% interval of a normal distribution (method of moments).
    Range,
}

/// A figure's distribution for probabilistic sensitivity analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    /// A branch's chance or a utility: Beta(alpha, beta), or `"from": "range"`.
    Beta {
        /// Shape α > 0 (about "events + 1" of a count).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        alpha: Option<f64>,
        /// Shape β > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        beta: Option<f64>,
        /// `range`: α and β from the figure's base and range.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<FromRange>,
    },
    /// One branch of a set: every branch out of the node declares its own α > 0; a sample
    /// draws the set together (Dirichlet(α₁, …, αₖ)), so the branches always add up to 1.
    Dirichlet {
        /// This branch's concentration α > 0.
        alpha: f64,
    },
    /// A length of time or a cost: Gamma(shape, scale), mean shape × scale, or
    /// `"from": "range"`.
    Gamma {
        /// Shape k > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shape: Option<f64>,
        /// Scale θ > 0, in the figure's unit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<f64>,
        /// `range`: shape and scale from the figure's base and range.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<FromRange>,
    },
    /// A length of time or a cost: exp(N(meanlog, sdlog²)), or `"from": "range"`.
    Lognormal {
        /// Mean of the logarithm (of the figure in its unit).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meanlog: Option<f64>,
        /// Standard deviation of the logarithm, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sdlog: Option<f64>,
        /// `range`: meanlog and sdlog from the figure's base and range.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<FromRange>,
    },
    /// Uniform over the figure's range, `low` to `high`.
    Uniform {},
}

impl Distribution {
    /// `beta`, `dirichlet`, `gamma`, `lognormal` or `uniform`.
    pub fn kind(&self) -> &'static str {
        match self {
            Distribution::Beta { .. } => "beta",
            Distribution::Dirichlet { .. } => "dirichlet",
            Distribution::Gamma { .. } => "gamma",
            Distribution::Lognormal { .. } => "lognormal",
            Distribution::Uniform {} => "uniform",
        }
    }

    /// Whether it may describe a branch's chance (beta, dirichlet, uniform).
    pub fn fits_probability(&self) -> bool {
        matches!(self, Distribution::Beta { .. } | Distribution::Dirichlet { .. } | Distribution::Uniform {})
    }

    /// Whether it may describe a length of time (gamma, lognormal, uniform).
    pub fn fits_duration(&self) -> bool {
        matches!(self, Distribution::Gamma { .. } | Distribution::Lognormal { .. } | Distribution::Uniform {})
    }

    /// Whether it may describe a cost (gamma, lognormal, uniform: never below 0).
    pub fn fits_cost(&self) -> bool {
        matches!(self, Distribution::Gamma { .. } | Distribution::Lognormal { .. } | Distribution::Uniform {})
    }

    /// Whether it may describe a utility (beta, uniform: within [0, 1]).
    pub fn fits_utility(&self) -> bool {
        matches!(self, Distribution::Beta { .. } | Distribution::Uniform {})
    }
}

/// A distribution with every parameter worked out ([`Distribution::resolve`]). Logarithms
/// and exponentials here and in the sampler are `libm`'s (a port of musl's), not the
/// platform's, so that the same file gives bit-identical parameters and samples everywhere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    /// Beta(alpha, beta).
    Beta {
        /// α.
        alpha: f64,
        /// β.
        beta: f64,
    },
    /// One branch of a Dirichlet set, with its α.
    Dirichlet {
        /// α.
        alpha: f64,
    },
    /// Gamma(shape, scale).
    Gamma {
        /// k.
        shape: f64,
        /// θ.
        scale: f64,
    },
    /// exp(N(meanlog, sdlog²)).
    Lognormal {
        /// μ.
        meanlog: f64,
        /// σ.
        sdlog: f64,
    },
    /// Uniform on [low, high].
    Uniform {
        /// Least value.
        low: f64,
        /// Greatest value.
        high: f64,
    },
}

impl Resolved {
    /// The mean; for one branch of a Dirichlet set, its α (the mean needs the set's sum).
    pub fn mean(&self) -> f64 {
        match *self {
            Resolved::Beta { alpha, beta } => alpha / (alpha + beta),
            Resolved::Dirichlet { alpha } => alpha,
            Resolved::Gamma { shape, scale } => shape * scale,
            Resolved::Lognormal { meanlog, sdlog } => libm::exp(meanlog + sdlog * sdlog / 2.0),
            Resolved::Uniform { low, high } => (low + high) / 2.0,
        }
    }
}

/// Why a declared distribution makes none: what is wrong, in words that say how to mend it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DistributionError(pub String);

impl From<String> for DistributionError {
    fn from(words: String) -> Self {
        DistributionError(words)
    }
}

impl From<&str> for DistributionError {
    fn from(words: &str) -> Self {
        DistributionError(words.to_string())
    }
}

/// The width of a central 95% interval of a normal distribution, in standard deviations:
/// `"from": "range"` reads a figure's range as such an interval.
pub const RANGE_IN_SDS: f64 = 3.92;

impl Distribution {
    /// The parameters, worked out for a figure with bounds `low`–`high` and base `base` (the
    /// middle of the range where `None`): see [`FromRange`] for `"from": "range"`.
    ///
    /// # Errors
    /// What is wrong, in words that say how to mend it (a missing or non-positive parameter,
    /// parameters given beside `"from"`, a range too narrow or a mean too close to 0 or 1 for
    /// the distribution).
    pub fn resolve(&self, low: f64, base: Option<f64>, high: f64) -> Result<Resolved, DistributionError> {
        let positive = |name: &str, x: Option<f64>| match x {
            Some(x) if x.is_finite() && x > 0.0 => Ok(x),
            Some(x) => Err(format!("`{name}` must be a number above 0, not {x}")),
            None => Err(format!("`{name}` is missing")),
        };
        let mean = base.unwrap_or((low + high) / 2.0);
        let sd = (high - low) / RANGE_IN_SDS;
        let from_range = |given: bool, names: &str| -> Result<(), DistributionError> {
            if given {
                return Err(format!("give either {names} or `\"from\": \"range\"`, not both").into());
            }
            if sd.is_nan() || sd <= 0.0 {
                return Err("`\"from\": \"range\"` needs a range (low below high) to take the spread from".into());
            }
            Ok(())
        };
        match *self {
            Distribution::Beta { alpha, beta, from: None } => {
                Ok(Resolved::Beta { alpha: positive("alpha", alpha)?, beta: positive("beta", beta)? })
            }
            Distribution::Beta { alpha, beta, from: Some(FromRange::Range) } => {
                from_range(alpha.is_some() || beta.is_some(), "`alpha` and `beta`")?;
                let spread = mean * (1.0 - mean) / (sd * sd) - 1.0;
                if !(mean > 0.0 && mean < 1.0 && spread > 0.0) {
                    return Err(format!(
                        "no beta distribution has mean {mean} and standard deviation {sd:.4} (range ÷ 3.92): \
                         the range is too wide for its mean; give `alpha` and `beta`, or use `uniform`"
                    )
                    .into());
                }
                Ok(Resolved::Beta { alpha: mean * spread, beta: (1.0 - mean) * spread })
            }
            Distribution::Dirichlet { alpha } => Ok(Resolved::Dirichlet { alpha: positive("alpha", Some(alpha))? }),
            Distribution::Gamma { shape, scale, from: None } => {
                Ok(Resolved::Gamma { shape: positive("shape", shape)?, scale: positive("scale", scale)? })
            }
            Distribution::Gamma { shape, scale, from: Some(FromRange::Range) } => {
                from_range(shape.is_some() || scale.is_some(), "`shape` and `scale`")?;
                positive("the mean (the base, or the middle of the range)", Some(mean))?;
                Ok(Resolved::Gamma { shape: mean * mean / (sd * sd), scale: sd * sd / mean })
            }
            Distribution::Lognormal { meanlog, sdlog, from: None } => {
                let meanlog = meanlog.ok_or("`meanlog` is missing")?;
                if !meanlog.is_finite() {
                    return Err(format!("`meanlog` must be a finite number, not {meanlog}").into());
                }
                Ok(Resolved::Lognormal { meanlog, sdlog: positive("sdlog", sdlog)? })
            }
            Distribution::Lognormal { meanlog, sdlog, from: Some(FromRange::Range) } => {
                from_range(meanlog.is_some() || sdlog.is_some(), "`meanlog` and `sdlog`")?;
                positive("the mean (the base, or the middle of the range)", Some(mean))?;
                let variance = libm::log(1.0 + sd * sd / (mean * mean));
                Ok(Resolved::Lognormal { meanlog: libm::log(mean) - variance / 2.0, sdlog: variance.sqrt() })
            }
            Distribution::Uniform {} if low < high => Ok(Resolved::Uniform { low, high }),
            Distribution::Uniform {} => Err("`uniform` needs a range (low below high) to spread over".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Distribution, String> {
        serde_json::from_str::<Distribution>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn every_form_reads_and_round_trips() {
        for text in [
            r#"{"kind":"beta","alpha":85.0,"beta":15.0}"#,
            r#"{"kind":"beta","from":"range"}"#,
            r#"{"kind":"dirichlet","alpha":3.0}"#,
            r#"{"kind":"gamma","shape":4.0,"scale":0.5}"#,
            r#"{"kind":"lognormal","meanlog":0.7,"sdlog":0.2}"#,
            r#"{"kind":"lognormal","from":"range"}"#,
            r#"{"kind":"uniform"}"#,
        ] {
            let d = parse(text).unwrap();
            assert_eq!(serde_json::to_string(&d).unwrap(), text);
        }
        assert_eq!(parse(r#"{"kind":"beta","alpha":2,"beta":3}"#).map(|d| d.kind()), Ok("beta"));
    }

    #[test]
    fn unknown_kinds_and_fields_are_refused_by_name() {
        let err = parse(r#"{"kind":"normal"}"#).unwrap_err();
        assert!(err.starts_with("unknown variant `normal`, expected one of `beta`, `dirichlet`, `gamma`"), "{err}");
        let err = parse(r#"{"kind":"beta","mean":0.8}"#).unwrap_err();
        assert!(err.starts_with("unknown field `mean`, expected one of `alpha`, `beta`, `from`"), "{err}");
        let err = parse(r#"{"kind":"uniform","low":0.1}"#).unwrap_err();
        assert!(err.starts_with("unknown field `low`"), "{err}");
        let err = parse(r#"{"kind":"dirichlet"}"#).unwrap_err();
        assert!(err.starts_with("missing field `alpha`"), "{err}");
        let err = parse(r#"{"kind":"gamma","from":"base"}"#).unwrap_err();
        assert!(err.starts_with("unknown variant `base`, expected `range`"), "{err}");
    }

    #[test]
    fn from_range_matches_the_moments() {
        // Base 0.8, range 0.7–0.9: sd = 0.2 / 3.92; α + β = 0.8 × 0.2 / sd² − 1.
        let d = parse(r#"{"kind":"beta","from":"range"}"#).unwrap();
        let Ok(Resolved::Beta { alpha, beta }) = d.resolve(0.7, Some(0.8), 0.9) else { panic!() };
        let sd: f64 = 0.2 / 3.92;
        let n = 0.8 * 0.2 / (sd * sd) - 1.0;
        assert!((alpha - 0.8 * n).abs() < 1e-9 && (beta - 0.2 * n).abs() < 1e-9, "{alpha} {beta}");
        let var = alpha * beta / ((alpha + beta).powi(2) * (alpha + beta + 1.0));
        assert!((var.sqrt() - sd).abs() < 1e-12);
        // Gamma: mean 3 (the middle of 2–4), sd 2 / 3.92.
        let g = parse(r#"{"kind":"gamma","from":"range"}"#).unwrap().resolve(2.0, None, 4.0).unwrap();
        let Resolved::Gamma { shape, scale } = g else { panic!() };
        assert!((shape * scale - 3.0).abs() < 1e-12 && (shape.sqrt() * scale - 2.0 / 3.92).abs() < 1e-12);
        // Lognormal: the same mean and sd.
        let l = parse(r#"{"kind":"lognormal","from":"range"}"#).unwrap().resolve(2.0, None, 4.0).unwrap();
        let Resolved::Lognormal { meanlog, sdlog } = l else { panic!() };
        let (m, v) = (
            (meanlog + sdlog * sdlog / 2.0).exp(),
            ((sdlog * sdlog).exp() - 1.0) * (2.0 * meanlog + sdlog * sdlog).exp(),
        );
        assert!((m - 3.0).abs() < 1e-12 && (v.sqrt() - 2.0 / 3.92).abs() < 1e-12, "{m} {v}");
        assert!((l.mean() - 3.0).abs() < 1e-12);
    }

    #[test]
    fn resolve_errors_say_what_to_do() {
        let err = |text: &str, low, base, high| parse(text).unwrap().resolve(low, base, high).unwrap_err().0;
        assert_eq!(err(r#"{"kind":"beta","alpha":2}"#, 0.1, None, 0.2), "`beta` is missing");
        assert_eq!(
            err(r#"{"kind":"beta","alpha":0,"beta":1}"#, 0.1, None, 0.2),
            "`alpha` must be a number above 0, not 0"
        );
        assert_eq!(
            err(r#"{"kind":"beta","alpha":1,"from":"range"}"#, 0.1, None, 0.2),
            "give either `alpha` and `beta` or `\"from\": \"range\"`, not both"
        );
        assert_eq!(
            err(r#"{"kind":"gamma","from":"range"}"#, 2.0, None, 2.0),
            "`\"from\": \"range\"` needs a range (low below high) to take the spread from"
        );
        assert!(err(r#"{"kind":"beta","from":"range"}"#, 0.0, Some(0.05), 1.0)
            .starts_with("no beta distribution has mean 0.05"));
        assert_eq!(
            err(r#"{"kind":"uniform"}"#, 0.3, None, 0.3),
            "`uniform` needs a range (low below high) to spread over"
        );
    }

    #[test]
    fn what_fits_which_figure() {
        let beta = parse(r#"{"kind":"beta","from":"range"}"#).unwrap();
        let gamma = parse(r#"{"kind":"gamma","from":"range"}"#).unwrap();
        let uniform = parse(r#"{"kind":"uniform"}"#).unwrap();
        let dirichlet = parse(r#"{"kind":"dirichlet","alpha":3}"#).unwrap();
        let lognormal = parse(r#"{"kind":"lognormal","from":"range"}"#).unwrap();
        let fits = |d: Distribution| (d.fits_probability(), d.fits_duration(), d.fits_cost(), d.fits_utility());
        assert_eq!(fits(beta), (true, false, false, true));
        assert_eq!(fits(dirichlet), (true, false, false, false));
        assert_eq!(fits(gamma), (false, true, true, false));
        assert_eq!(fits(lognormal), (false, true, true, false));
        assert_eq!(fits(uniform), (true, true, true, true));
    }
}
