//! Patient factors: their declaration ([`Factor`]), type ([`FactorType`]) and how their values
//! read in words ([`FactorWording`]).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;

/// The type of a patient factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactorType {
    /// True or false (e.g. `ph_positive`).
    Boolean,
    /// One of the listed `values` (e.g. `lineage` in `B`, `T`).
    Enum,
    /// A whole number between `min` and `max`, in `unit` (e.g. `age` in years).
    Integer,
}

impl fmt::Display for FactorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FactorType::Boolean => "boolean",
            FactorType::Enum => "enum",
            FactorType::Integer => "integer",
        })
    }
}

/// A patient characteristic that conditions test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Factor id, lower snake_case, used in conditions.
    pub id: String,
    /// `boolean`, `enum` or `integer`.
    #[serde(rename = "type")]
    pub kind: FactorType,
    /// Human label.
    pub label: String,
    /// What the factor means and how it is determined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For `enum` factors: the allowed values (at least two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// For `integer` factors: the smallest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// For `integer` factors: the largest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// For `integer` factors: the unit (e.g. `years`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// How the factor's values read in words, wherever a person reads a condition (listings,
    /// the path guide, summaries, the explorer page, flowchart labels). Without it, carepath
    /// falls back to the label (`Philadelphia chromosome: yes`) and CP074 notes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<FactorWording>,
    /// The author's interpretation where the source leaves a gap ("interpretation: ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What in a record fills the factor (e.g. a LOINC observation code, a SNOMED CT finding).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<super::Code>,
    /// Where the factor comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// How a factor's values read in words. Which fields apply depends on the factor's type:
/// `true` and `false` for a boolean, `values` for an enum, `name` (and `unit`) for an integer.
///
/// Boolean `ph_positive`: `{"true": "Philadelphia chromosome positive", "false": "no
/// Philadelphia chromosome"}`. Enum `lineage`: `{"values": {"B": "B-cell ALL", "T": "T-cell
/// ALL"}}`. Integer `age`: `{"name": "age"}`, so that `age <= 65` reads "age 65 or under" and
/// `age > 65` "age over 65".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorWording {
    /// Boolean factors: the phrase for a patient of whom the factor is true.
    #[serde(rename = "true", default, skip_serializing_if = "Option::is_none")]
    pub when_true: Option<String>,
    /// Boolean factors: the phrase for a patient of whom the factor is false.
    #[serde(rename = "false", default, skip_serializing_if = "Option::is_none")]
    pub when_false: Option<String>,
    /// Enum factors: one phrase per declared value, keyed by the value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    /// Integer factors: the noun a comparison reads after (`age` gives "age 65 or under").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Integer factors: the words after a number (`years` gives "age 65 years or under");
    /// none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}
