//! Clinical codes on nodes, agents and factors: what a record holds for a step, a drug or a
//! patient factor (SNOMED CT, LOINC, RxNorm, ...), so that exports (the FHIR Bundle) say it in
//! a record's own terms. A code is a string, never a number: SNOMED CT identifiers run to 18
//! digits, past what a JSON number keeps exactly.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One code of a code system, e.g. `{"system": "http://loinc.org", "code": "30525-0",
/// "display": "Age"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// The code system's URI: `http://snomed.info/sct`, `http://loinc.org`,
    /// `http://www.nlm.nih.gov/research/umls/rxnorm`, ...
    pub system: String,
    /// The code, as a string (`"91857003"`, `"30525-0"`).
    pub code: String,
    /// The code's display text in its system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}|{}", self.system, self.code)?;
        match &self.display {
            Some(display) => write!(f, " \u{201c}{display}\u{201d}"),
            None => Ok(()),
        }
    }
}

/// SNOMED CT's URI.
pub const SNOMED_CT: &str = "http://snomed.info/sct";
/// LOINC's URI.
pub const LOINC: &str = "http://loinc.org";
/// RxNorm's URI.
pub const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
