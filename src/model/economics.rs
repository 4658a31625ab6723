//! Costs and utilities, for health-economics modellers: a step's [`Cost`] (a range in one
//! currency, per event or per unit of time) and a state's [`Utility`] (a range in [0, 1] per
//! year, so that a year at utility 1 is one quality-adjusted life year).
//!
//! Neither is ever read from a source's text: they are the modeller's figures, cited like any
//! other where they come from somewhere. The ALL pathway has none. What is checked (CP090 to
//! CP094; their distributions CP058) is in `validate/economics.rs`; how `carepath outcomes`
//! adds them up is in `outcomes/economics.rs`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Distribution, DurationRange};

/// What a cost is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostPer {
    /// Once each time the walk enters the step.
    Event,
    /// Per day of the step's duration.
    Day,
    /// Per week (7 days).
    Week,
    /// Per month (1/12 year).
    Month,
    /// Per year (365.25 days).
    Year,
}

impl CostPer {
    /// The name used in files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            CostPer::Event => "event",
            CostPer::Day => "day",
            CostPer::Week => "week",
            CostPer::Month => "month",
            CostPer::Year => "year",
        }
    }

    /// How many of this unit a month holds (`None` for a cost per event).
    pub fn per_month(self) -> Option<f64> {
        match self {
            CostPer::Event => None,
            CostPer::Day => Some(365.25 / 12.0),
            CostPer::Week => Some(365.25 / 12.0 / 7.0),
            CostPer::Month => Some(1.0),
            CostPer::Year => Some(1.0 / 12.0),
        }
    }
}

/// A cost on a phase or intervention: `{ "low": 900, "high": 1100, "base": 1000,
/// "currency": "EUR", "per": "month" }`. Per event it is paid once on entering the step; per
/// unit of time it accrues over the step's `duration` (a step without one has an unknown
/// cost, so expected costs through it say "at least"). On an intervention a phase includes,
/// it counts each time the phase is entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// The least cost, >= 0.
    pub low: f64,
    /// The greatest cost, >= `low`.
    pub high: f64,
    /// The base (best) value, within `low`..`high`, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<f64>,
    /// ISO 4217 code of the currency (e.g. `EUR`, `USD`, `GBP`); every cost of a file is in
    /// one currency (CP091, CP092).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `event`, `day`, `week`, `month` or `year`.
    pub per: CostPer,
    /// For `carepath psa`: `gamma`, `lognormal` or `uniform`, in the cost's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

/// A utility on a phase or outcome: `{ "low": 0.6, "high": 0.8, "base": 0.7 }`, the quality
/// of a year in that state (1 full health, 0 a state as bad as dead). On a phase it holds over
/// the phase's `duration`; an outcome has no duration, so its utility holds `over` the time
/// the modeller gives (without one, its quality-adjusted time is unknown: "at least").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Utility {
    /// The least utility, in [0, 1].
    pub low: f64,
    /// The greatest utility, in [0, 1], >= `low`.
    pub high: f64,
    /// The base (best) value, within `low`..`high`, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<f64>,
    /// Outcomes only: how long the state lasts for quality-adjusted time, e.g. a horizon of
    /// `{ "min": 5, "max": 5, "unit": "years" }`. It also delays what follows the outcome,
    /// for discounting; it is never time on treatment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over: Option<DurationRange>,
    /// For `carepath psa`: `beta` or `uniform`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_and_utility_read_their_fields_and_reject_unknown_ones() {
        let cost: Cost =
            serde_json::from_str(r#"{ "low": 900, "high": 1100, "currency": "EUR", "per": "month" }"#).unwrap();
        assert_eq!((cost.low, cost.high, cost.base, cost.per), (900.0, 1100.0, None, CostPer::Month));
        assert_eq!(cost.currency.as_deref(), Some("EUR"));
        let err = serde_json::from_str::<Cost>(r#"{ "low": 1, "high": 2, "per": "hour" }"#).unwrap_err();
        assert!(err.to_string().starts_with("unknown variant `hour`, expected one of `event`"), "{err}");
        let err = serde_json::from_str::<Cost>(r#"{ "low": 1, "high": 2 }"#).unwrap_err();
        assert!(err.to_string().starts_with("missing field `per`"), "{err}");
        let utility: Utility = serde_json::from_str(
            r#"{ "low": 0.6, "high": 0.8, "base": 0.7, "over": { "min": 5, "max": 5, "unit": "years" } }"#,
        )
        .unwrap();
        assert_eq!(utility.over.map(|d| d.months()), Some((60.0, 60.0)));
        let err = serde_json::from_str::<Utility>(r#"{ "low": 0.6, "high": 0.8, "per": "year" }"#).unwrap_err();
        assert!(err.to_string().starts_with("unknown field `per`"), "{err}");
    }

    #[test]
    fn units_of_time_are_counted_in_months() {
        assert_eq!(CostPer::Event.per_month(), None);
        assert_eq!(CostPer::Month.per_month(), Some(1.0));
        assert_eq!(CostPer::Year.per_month(), Some(1.0 / 12.0));
        assert!((CostPer::Day.per_month().unwrap() - 30.4375).abs() < 1e-12);
        assert!((CostPer::Week.per_month().unwrap() * 7.0 - 30.4375).abs() < 1e-12);
    }
}
