//! [`Probability`]: the chance of taking an edge, as the file writes it (an exact number, a
//! range, or an approximate figure "about X" / "about X to Y") and as every computation reads it
//! (`low`, `high`, `base`), with its hand-written serde and JSON Schema so that errors are
//! precise and files round-trip as written.
//!
//! An approximate figure is widened once, by the file's tolerance
//! ([`super::Conventions::about_tolerance`], default [`DEFAULT_ABOUT_TOLERANCE`]): "about X%"
//! means X ± the tolerance with base X, "about X% to Y%" means X − tolerance to Y + tolerance,
//! clamped to [0, 1]. Reading a file widens by the default; [`super::PathwayFile::apply_conventions`]
//! (called by the loader) widens again by the tolerance the file declares. The stated figure
//! is kept in `about` for display.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Distribution;

/// The tolerance of "about" when a file declares none: 0.05, five percentage points.
pub const DEFAULT_ABOUT_TOLERANCE: f64 = 0.05;

/// A probability: an exact number, a range with an optional base value, or an approximate
/// figure ("about X", "about X to Y") widened by the file's tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probability {
    /// Lower bound (for an approximate figure: the stated low figure minus the tolerance).
    pub low: f64,
    /// Upper bound (for an approximate figure: the stated high figure plus the tolerance).
    pub high: f64,
    /// The single best figure, where the source gives one (`{"about": X}` has base X).
    pub base: Option<f64>,
    /// Whether the file wrote a bare number (kept so files round-trip).
    pub exact: bool,
    /// For an approximate figure, the figure or range the source states (`(0.5, 0.5)` for
    /// "about half", `(0.8, 0.9)` for "about 80% to 90%"); `None` for exact figures and ranges.
    pub about: Option<(f64, f64)>,
    /// The distribution declared for probabilistic sensitivity analysis (`"distribution"` on
    /// a range or an approximate figure; an exact figure has none).
    pub distribution: Option<Distribution>,
}

impl Probability {
    /// An exact probability.
    pub fn exact(p: f64) -> Self {
        Probability { low: p, high: p, base: Some(p), exact: true, about: None, distribution: None }
    }

    /// A range.
    pub fn range(low: f64, high: f64) -> Self {
        Probability { low, high, base: None, exact: false, about: None, distribution: None }
    }

    /// "About `p`": `p` ± `tolerance` (clamped to [0, 1]), base `p`.
    pub fn about(p: f64, tolerance: f64) -> Self {
        Probability::about_range(p, p, Some(p), tolerance)
    }

    /// "About `low` to `high`": `low - tolerance` to `high + tolerance` (clamped to [0, 1]),
    /// with the base the file gives, if any.
    pub fn about_range(low: f64, high: f64, base: Option<f64>, tolerance: f64) -> Self {
        let mut p = Probability { low, high, base, exact: false, about: Some((low, high)), distribution: None };
        p.widen(tolerance);
        p
    }

    /// Whether this is an approximate figure.
    pub fn is_approximate(&self) -> bool {
        self.about.is_some()
    }

    /// Sets `low` and `high` of an approximate figure from its stated figure and `tolerance`;
    /// nothing for other figures. Bounds are rounded to 12 decimals, so that 0.9 + 0.05 is
    /// 0.95 and not 0.9500000000000001.
    pub fn widen(&mut self, tolerance: f64) {
        if let Some((low, high)) = self.about {
            self.low = round12((low - tolerance).clamp(0.0, 1.0));
            self.high = round12((high + tolerance).clamp(0.0, 1.0));
        }
    }
}

/// Rounds to 12 decimals (a figure of a file has far fewer).
fn round12(x: f64) -> f64 {
    (x * 1e12).round() / 1e12
}

impl Serialize for Probability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.exact {
            return serializer.serialize_f64(self.low);
        }
        let mut map = serializer.serialize_map(None)?;
        match self.about {
            // `{"about": X}` carries its base; a range's base is written only when given.
            Some((low, high)) if low == high && self.base == Some(low) => map.serialize_entry("about", &low)?,
            Some((low, high)) => map.serialize_entry("about", &[low, high])?,
            None => {
                map.serialize_entry("low", &self.low)?;
                map.serialize_entry("high", &self.high)?;
            }
        }
        let single_about = self.about.is_some_and(|(low, high)| low == high && self.base == Some(low));
        if let (Some(base), false) = (self.base, single_about) {
            map.serialize_entry("base", &base)?;
        }
        if let Some(distribution) = &self.distribution {
            map.serialize_entry("distribution", distribution)?;
        }
        map.end()
    }
}

/// The value of `about`: one number, or a pair `[low, high]` (and whether it was one number),
/// checked as it is read so that an error points at it: within [0, 1], lower figure first.
struct Stated(f64, f64, bool);

impl Stated {
    fn checked<E: de::Error>(low: f64, high: f64, single: bool) -> Result<Stated, E> {
        let in_unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        if !in_unit(low) || !in_unit(high) {
            let shown = if single { format!("{low}") } else { format!("[{low}, {high}]") };
            return Err(E::custom(format_args!(
                "`about` figure {shown} is outside [0, 1]; write probabilities as fractions (0.8, not 80)"
            )));
        }
        if low > high {
            return Err(E::custom(format_args!(
                "`about` range [{low}, {high}] is reversed; give the lower figure first"
            )));
        }
        Ok(Stated(low, high, single))
    }
}

/// `about` and `low`/`high` in one figure.
const ABOUT_AND_RANGE: &str = "`about` cannot go with `low` or `high`: write { \"about\": 0.5 } or \
     { \"about\": [0.8, 0.9] } for an approximate figure, or { \"low\": .., \"high\": .. } for a range";

impl<'de> Deserialize<'de> for Stated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StatedVisitor;

        impl<'de> Visitor<'de> for StatedVisitor {
            type Value = Stated;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number (\"about\": 0.5) or a pair of numbers (\"about\": [0.8, 0.9])")
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Stated, E> {
                Stated::checked(v, v, true)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Stated, E> {
                Stated::checked(v as f64, v as f64, true)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Stated, E> {
                Stated::checked(v as f64, v as f64, true)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Stated, A::Error> {
                let mut found = Vec::with_capacity(2);
                while let Some(x) = seq.next_element::<f64>()? {
                    found.push(x);
                }
                match found[..] {
                    [low, high] => Stated::checked(low, high, false),
                    _ => Err(de::Error::custom(format_args!(
                        "`about` takes one number or a pair [low, high]; this list has {} number{}",
                        found.len(),
                        if found.len() == 1 { "" } else { "s" }
                    ))),
                }
            }
        }

        deserializer.deserialize_any(StatedVisitor)
    }
}

/// `base` beside a single `about` figure, which is its own base.
fn base_with_single<E: de::Error>(stated: f64) -> E {
    E::custom(format_args!(
        "`base` goes only with an `about` range: {{ \"about\": {stated} }} already has base {stated}"
    ))
}

impl<'de> Deserialize<'de> for Probability {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbabilityVisitor;

        impl<'de> Visitor<'de> for ProbabilityVisitor {
            type Value = Probability;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a number, an object { \"low\": number, \"high\": number, \"base\": number }, \
                     or an approximate figure { \"about\": number or [low, high] }",
                )
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Probability, E> {
                Ok(Probability::exact(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Probability, E> {
                Ok(Probability::exact(v as f64))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Probability, E> {
                Ok(Probability::exact(v as f64))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probability, A::Error> {
                const FIELDS: &[&str] = &["low", "high", "base", "about", "distribution"];
                let (mut low, mut high, mut base, mut about) = (None, None, None, None::<Stated>);
                let mut distribution = None;
                // Conflicts are refused at the second key, so that the error points at it.
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    let single = about.as_ref().is_some_and(|a| a.2);
                    match key.as_ref() {
                        "about" if about.is_some() => return Err(de::Error::custom("duplicate field `about`")),
                        "about" if low.is_some() || high.is_some() => return Err(de::Error::custom(ABOUT_AND_RANGE)),
                        "about" => {
                            let stated = map.next_value::<Stated>()?;
                            if stated.2 && base.is_some() {
                                return Err(base_with_single(stated.0));
                            }
                            about = Some(stated);
                            continue;
                        }
                        "low" | "high" if about.is_some() => return Err(de::Error::custom(ABOUT_AND_RANGE)),
                        "distribution" if distribution.is_some() => {
                            return Err(de::Error::custom("duplicate field `distribution`"))
                        }
                        "distribution" => {
                            distribution = Some(map.next_value::<Distribution>()?);
                            continue;
                        }
                        "base" if single && base.is_none() => {
                            return Err(base_with_single(about.as_ref().map_or(0.0, |a| a.0)));
                        }
                        _ => {}
                    }
                    let slot = match key.as_ref() {
                        "low" => &mut low,
                        "high" => &mut high,
                        "base" => &mut base,
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    };
                    if slot.is_some() {
                        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                    }
                    *slot = Some(map.next_value::<f64>()?);
                }
                let Some(Stated(stated_low, stated_high, single)) = about else {
                    let low = low.ok_or_else(|| de::Error::missing_field("low"))?;
                    let high = high.ok_or_else(|| de::Error::missing_field("high"))?;
                    return Ok(Probability { low, high, base, exact: false, about: None, distribution });
                };
                let base = if single { Some(stated_low) } else { base };
                let about = Probability::about_range(stated_low, stated_high, base, DEFAULT_ABOUT_TOLERANCE);
                Ok(Probability { distribution, ..about })
            }
        }

        deserializer.deserialize_any(ProbabilityVisitor)
    }
}

impl JsonSchema for Probability {
    fn schema_name() -> Cow<'static, str> {
        "Probability".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut distribution = generator.subschema_for::<Distribution>();
        distribution.insert(
            "description".into(),
            "For probabilistic sensitivity analysis (`carepath psa`): `beta`, `dirichlet` (on every branch of the node) or `uniform`; never read as a bound.".into(),
        );
        json_schema!({
            "description": "Chance of taking an edge: an exact number in [0, 1], a range, or an approximate figure as the source states it (`{ \"about\": 0.5 }`, `{ \"about\": [0.8, 0.9] }`).",
            "oneOf": [
                { "type": "number", "minimum": 0, "maximum": 1 },
                {
                    "type": "object",
                    "properties": {
                        "low": { "type": "number", "minimum": 0, "maximum": 1, "description": "Lower bound." },
                        "high": { "type": "number", "minimum": 0, "maximum": 1, "description": "Upper bound." },
                        "base": { "type": "number", "minimum": 0, "maximum": 1, "description": "Best single figure, where the source gives one." },
                        "distribution": distribution.clone()
                    },
                    "required": ["low", "high"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "description": "An approximate figure, as the source states it. \"about X%\" means X ± 5 percentage points with base X, and \"about X% to Y%\" means (X − 5)% to (Y + 5)%, clamped to [0, 1], unless the file declares another tolerance (`conventions.about_tolerance`). Shown as `about 50%` or `about 80–90%`; anything computed from it is marked as from approximate figures.",
                    "properties": {
                        "about": {
                            "description": "The figure the source states (`0.5` for \"about half\"), or the range it states (`[0.8, 0.9]` for \"about 80% to 90%\"), lower figure first.",
                            "oneOf": [
                                { "type": "number", "minimum": 0, "maximum": 1 },
                                { "type": "array", "items": { "type": "number", "minimum": 0, "maximum": 1 }, "minItems": 2, "maxItems": 2 }
                            ]
                        },
                        "base": { "type": "number", "minimum": 0, "maximum": 1, "description": "Best single figure of an `about` range, where the source gives one (`{ \"about\": X }` has base X)." },
                        "distribution": distribution
                    },
                    "required": ["about"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Probability, String> {
        serde_json::from_str::<Probability>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn probability_accepts_number_and_range() {
        assert_eq!(parse("0.5"), Ok(Probability::exact(0.5)));
        assert_eq!(parse(r#"{"low": 0.8, "high": 0.9}"#), Ok(Probability::range(0.8, 0.9)));
        assert_eq!(parse("1").map(|p| p.low), Ok(1.0));
    }

    #[test]
    fn probability_rejects_unknown_and_missing_fields() {
        let err = parse(r#"{"low": 0.8, "hi": 0.9}"#).unwrap_err();
        assert!(
            err.starts_with("unknown field `hi`, expected one of `low`, `high`, `base`, `about`, `distribution`"),
            "{err}"
        );
        let err = parse(r#"{"low": 0.8}"#).unwrap_err();
        assert!(err.starts_with("missing field `high`"), "{err}");
        let err = parse(r#""0.5""#).unwrap_err();
        assert!(err.starts_with("invalid type: string \"0.5\", expected a number, an object"), "{err}");
    }

    #[test]
    fn about_a_figure_widens_by_the_default_tolerance_with_the_figure_as_base() {
        let p = parse(r#"{"about": 0.5}"#).unwrap();
        assert_eq!((p.low, p.high, p.base, p.about, p.exact), (0.45, 0.55, Some(0.5), Some((0.5, 0.5)), false));
    }

    #[test]
    fn about_a_range_widens_both_ends_and_has_no_base_unless_given() {
        let p = parse(r#"{"about": [0.8, 0.9]}"#).unwrap();
        assert_eq!((p.low, p.high, p.base, p.about), (0.75, 0.95, None, Some((0.8, 0.9))));
        let p = parse(r#"{"about": [0.1, 0.2]}"#).unwrap();
        assert_eq!((p.low, p.high), (0.05, 0.25));
        let p = parse(r#"{"about": [0.8, 0.9], "base": 0.85}"#).unwrap();
        assert_eq!((p.low, p.high, p.base), (0.75, 0.95, Some(0.85)));
    }

    #[test]
    fn about_is_clamped_to_the_unit_interval() {
        let p = parse(r#"{"about": [0.02, 0.98]}"#).unwrap();
        assert_eq!((p.low, p.high), (0.0, 1.0));
        let p = Probability::about(0.5, 0.1);
        assert_eq!((p.low, p.high, p.base), (0.4, 0.6, Some(0.5)));
    }

    #[test]
    fn about_errors_say_what_is_wrong() {
        let err = parse(r#"{"about": 80}"#).unwrap_err();
        assert!(err.starts_with("`about` figure 80 is outside [0, 1]; write probabilities as fractions"), "{err}");
        let err = parse(r#"{"about": [0.8, 1.2]}"#).unwrap_err();
        assert!(err.starts_with("`about` figure [0.8, 1.2] is outside [0, 1]"), "{err}");
        let err = parse(r#"{"about": [0.9, 0.8]}"#).unwrap_err();
        assert!(err.starts_with("`about` range [0.9, 0.8] is reversed; give the lower figure first"), "{err}");
        let err = parse(r#"{"about": 0.5, "low": 0.4}"#).unwrap_err();
        assert!(err.starts_with("`about` cannot go with `low` or `high`"), "{err}");
        let err = parse(r#"{"high": 0.6, "about": [0.4, 0.5]}"#).unwrap_err();
        assert!(err.starts_with("`about` cannot go with `low` or `high`"), "{err}");
        let err = parse(r#"{"about": [0.4, 0.5, 0.6]}"#).unwrap_err();
        assert!(err.starts_with("`about` takes one number or a pair [low, high]; this list has 3 numbers"), "{err}");
        let err = parse(r#"{"about": 0.5, "base": 0.4}"#).unwrap_err();
        assert!(err.starts_with("`base` goes only with an `about` range"), "{err}");
        let err = parse(r#"{"about": 0.5, "about": 0.4}"#).unwrap_err();
        assert!(err.starts_with("duplicate field `about`"), "{err}");
        let err = parse(r#"{"about": "half"}"#).unwrap_err();
        assert!(err.starts_with("invalid type: string \"half\", expected a number (\"about\": 0.5)"), "{err}");
    }

    #[test]
    fn probability_round_trips_as_written() {
        for text in [
            "0.5",
            r#"{"low":0.8,"high":0.9}"#,
            r#"{"low":0.8,"high":0.9,"base":0.85}"#,
            r#"{"about":0.5}"#,
            r#"{"about":[0.8,0.9]}"#,
            r#"{"about":[0.8,0.9],"base":0.85}"#,
            r#"{"about":0.5,"distribution":{"kind":"beta","alpha":50.0,"beta":50.0}}"#,
            r#"{"low":0.8,"high":0.9,"distribution":{"kind":"uniform"}}"#,
            r#"{"about":[0.8,0.9],"base":0.85,"distribution":{"kind":"dirichlet","alpha":85.0}}"#,
        ] {
            let p: Probability = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&p).unwrap(), text);
        }
    }

    #[test]
    fn widening_again_recomputes_from_the_stated_figure() {
        let mut p = Probability::about_range(0.8, 0.9, None, DEFAULT_ABOUT_TOLERANCE);
        p.widen(0.1);
        assert_eq!((p.low, p.high), (0.7, 1.0));
        p.widen(DEFAULT_ABOUT_TOLERANCE);
        assert_eq!((p.low, p.high), (0.75, 0.95));
        let mut exact = Probability::exact(0.3);
        exact.widen(0.1);
        assert_eq!(exact, Probability::exact(0.3));
    }
}
