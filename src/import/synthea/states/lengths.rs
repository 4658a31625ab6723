//! Lengths and codes as a module writes them: a Delay's `exact`, `range` or `distribution`
//! in carepath's units, and Synthea's code systems as URIs.

use serde_json::Value;

use super::super::gmf::{text_of, State};
use super::super::ids::snake_id;
use super::super::report::LineKind;
use crate::model::{Code, DurationRange, DurationUnit};

/// No length: an instant of module time.
pub(crate) const ZERO: DurationRange =
    DurationRange { min: 0.0, max: 0.0, unit: DurationUnit::Days, approximate: false, distribution: None };

/// A code as carepath keeps it: Synthea's system names as URIs, the code as a string
/// (`"code": 10509002` and `"code": "10509002"` alike).
pub(crate) fn code_of(value: &Value) -> Option<Code> {
    let system = value.get("system").and_then(text_of)?;
    let code = value.get("code").and_then(text_of)?;
    let uri = match system.as_str() {
        "SNOMED-CT" | "SNOMED CT" | "SNOMED" => "http://snomed.info/sct".to_owned(),
        "RxNorm" | "RXNORM" => "http://www.nlm.nih.gov/research/umls/rxnorm".to_owned(),
        "LOINC" => "http://loinc.org".to_owned(),
        "CVX" => "http://hl7.org/fhir/sid/cvx".to_owned(),
        "DICOM-DCM" => "http://dicom.nema.org/resources/ontology/DCM".to_owned(),
        "NUCC" => "http://nucc.org/provider-taxonomy".to_owned(),
        s if s.contains(':') => s.to_owned(),
        s => format!("urn:synthea:code-system:{}", snake_id(s)),
    };
    Some(Code { system: uri, code, display: value.get("display").and_then(text_of) })
}

pub(crate) fn codes_of(state: &State) -> Vec<Code> {
    state
        .fields
        .get("codes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(code_of).collect())
        .unwrap_or_default()
}

pub(crate) fn unit_of(unit: &str) -> Option<(DurationUnit, f64)> {
    Some(match unit {
        "years" | "year" => (DurationUnit::Years, 1.0),
        "months" | "month" => (DurationUnit::Months, 1.0),
        "weeks" | "week" => (DurationUnit::Weeks, 1.0),
        "days" | "day" => (DurationUnit::Days, 1.0),
        "hours" | "hour" => (DurationUnit::Days, 1.0 / 24.0),
        "minutes" | "minute" => (DurationUnit::Days, 1.0 / 1440.0),
        "seconds" | "second" => (DurationUnit::Days, 1.0 / 86_400.0),
        "milliseconds" => (DurationUnit::Days, 1.0 / 86_400_000.0),
        _ => return None,
    })
}

pub(crate) fn tidy(x: f64) -> f64 {
    let t = (x * 1e12).round() / 1e12;
    if t == 0.0 {
        0.0
    } else {
        t
    }
}

/// A Delay's length, and what the report says of how it was read.
pub(crate) fn delay(state: &State) -> (Option<DurationRange>, Option<(LineKind, String)>) {
    match read_delay(state) {
        (Some(d), _) if !(d.min.is_finite() && d.max.is_finite()) => {
            (None, Some((LineKind::Finding, "its length is too large to be a number of days: kept as unknown".into())))
        }
        (Some(d), _) if d.min < 0.0 => (
            None,
            Some((
                LineKind::Finding,
                format!("its length is negative ({} to {} {}): kept as unknown", d.min, d.max, d.unit.as_str()),
            )),
        ),
        (None, None) => (
            None,
            Some((LineKind::Unsupported, "a length in a unit this importer does not know: kept as unknown".into())),
        ),
        other => other,
    }
}

fn read_delay(state: &State) -> (Option<DurationRange>, Option<(LineKind, String)>) {
    let f = &state.fields;
    let number = |v: Option<&Value>, key: &str| v.and_then(|v| v.get(key)).and_then(Value::as_f64);
    let range = |low: f64, high: f64, unit: &str| {
        unit_of(unit).map(|(u, k)| DurationRange { min: tidy(low * k), max: tidy(high * k), unit: u, ..ZERO })
    };
    let unit_at = |v: Option<&Value>| {
        v.and_then(|v| v.get("unit"))
            .and_then(Value::as_str)
            .or(f.get("unit").and_then(Value::as_str))
            .unwrap_or("days")
            .to_owned()
    };
    if let Some(exact) = f.get("exact") {
        if let Some(q) = number(Some(exact), "quantity") {
            return (range(q, q, &unit_at(Some(exact))), None);
        }
    }
    if let Some(r) = f.get("range") {
        if let (Some(low), Some(high)) = (number(Some(r), "low"), number(Some(r), "high")) {
            let unit = unit_at(Some(r));
            if low > high {
                let note = format!("its range is written low {low}, high {high} {unit}: read as {high} to {low} {unit}, as Synthea draws it");
                return (range(high, low, &unit), Some((LineKind::Finding, note)));
            }
            return (range(low, high, &unit), None);
        }
    }
    if let Some(d) = f.get("distribution") {
        let kind = d.get("kind").and_then(Value::as_str).unwrap_or("");
        let p = d.get("parameters");
        let unit = unit_at(None);
        let unit = d.get("unit").and_then(Value::as_str).map(str::to_owned).unwrap_or(unit);
        match kind {
            "EXACT" => {
                if let Some(v) = number(p, "value") {
                    return (range(v, v, &unit), None);
                }
            }
            "UNIFORM" => {
                if let (Some(low), Some(high)) = (number(p, "low"), number(p, "high")) {
                    return (range(low.min(high), low.max(high), &unit), None);
                }
            }
            "GAUSSIAN" => {
                if let (Some(mean), Some(sd)) = (number(p, "mean"), number(p, "standardDeviation")) {
                    let (low, high) = ((mean - 2.0 * sd).max(0.0), mean + 2.0 * sd);
                    let note = format!("a Gaussian length (mean {mean}, standard deviation {sd} {unit}) kept as the range mean ± 2 standard deviations, {} to {} {unit}, which holds about 95% of patients", tidy(low), tidy(high));
                    return (
                        range(low, high, &unit).map(|r| DurationRange { approximate: true, ..r }),
                        Some((LineKind::Approximated, note)),
                    );
                }
            }
            "EXPONENTIAL" => {
                if let Some(mean) = number(p, "mean") {
                    let note = format!("an exponential length (mean {mean} {unit}) kept as 0 to {} {unit} (3 × the mean), which holds about 95% of patients", tidy(3.0 * mean));
                    return (
                        range(0.0, 3.0 * mean, &unit).map(|r| DurationRange { approximate: true, ..r }),
                        Some((LineKind::Approximated, note)),
                    );
                }
            }
            _ => {}
        }
        return (
            None,
            Some((
                LineKind::Unsupported,
                format!("a `{kind}` distribution of its length: kept as a phase of unknown length"),
            )),
        );
    }
    (None, Some((LineKind::Unsupported, "no length this importer reads: kept as a phase of unknown length".into())))
}
