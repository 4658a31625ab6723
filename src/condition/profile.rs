//! Patient profiles: a [`Value`] for some factors (the others open), parsed from `--patient`
//! arguments by [`Profile::parse`], which fails with a [`ProfileError`].

use std::collections::BTreeMap;
use std::fmt;

use super::check;
use crate::model::{Factor, FactorType};

/// A value of a factor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// A boolean factor's value.
    Bool(bool),
    /// An enum factor's value.
    Enum(String),
    /// An integer factor's value.
    Int(i64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Enum(s) => f.write_str(s),
            Value::Int(n) => write!(f, "{n}"),
        }
    }
}

/// Why `--patient` arguments do not describe patients of a pathway. Each message is a complete
/// sentence naming the factor or value and, where it helps, listing the valid ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// An item without `=`.
    #[error("`{item}` in --patient is not `factor=value` (e.g. `ph_positive=true`)")]
    NotAnAssignment {
        /// The item as written (trimmed).
        item: String,
    },
    /// A factor the pathway does not declare.
    #[error("unknown factor `{factor}` in --patient{}; {}", did_you_mean(.suggestion), declared_list(.declared))]
    UnknownFactor {
        /// The factor as written.
        factor: String,
        /// The declared factor closest to it, when one is a likely typo.
        suggestion: Option<String>,
        /// The declared factor ids, sorted, without repeats.
        declared: Vec<String>,
    },
    /// A boolean factor given something other than `true` or `false`.
    #[error("`{factor}={value}` in --patient: {factor} is true or false")]
    NotBoolean {
        /// The factor.
        factor: String,
        /// The value as written.
        value: String,
    },
    /// An enum factor given a value it does not declare.
    #[error("`{factor}={value}` in --patient: {factor} is one of {}", check::list_values(.values))]
    UnknownValue {
        /// The factor.
        factor: String,
        /// The value as written.
        value: String,
        /// The factor's declared values, in declaration order.
        values: Vec<String>,
    },
    /// An integer factor given something that is not a whole number within its bounds.
    #[error("`{factor}={value}` in --patient: {factor} is {bounds}")]
    OutOfBounds {
        /// The factor.
        factor: String,
        /// The value as written.
        value: String,
        /// The factor's bounds as text, e.g. `between 18 and 120 (years)`.
        bounds: String,
    },
    /// The same factor given two different values.
    #[error("{factor} is given twice in --patient, as {first} and as {second}")]
    GivenTwice {
        /// The factor.
        factor: String,
        /// The value given first.
        first: Value,
        /// The different value given later.
        second: Value,
    },
}

/// ` (did you mean `x`?)`, or nothing.
fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
}

/// `factors: a, b`, or a sentence saying there are none.
fn declared_list(declared: &[String]) -> String {
    if declared.is_empty() {
        "this pathway declares no factors".to_string()
    } else {
        format!("factors: {}", declared.join(", "))
    }
}

/// A partial patient: values for some factors; the others are open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Profile {
    values: BTreeMap<String, Value>,
}

impl Profile {
    /// The empty profile: every patient.
    pub fn new() -> Self {
        Profile::default()
    }

    /// Parses `--patient` arguments: each a comma-separated list of `factor=value`.
    ///
    /// Complexity: O(items × factors), plus the edit distances of a suggestion on error.
    pub fn parse(specs: &[String], factors: &[Factor]) -> Result<Profile, ProfileError> {
        let mut profile = Profile::new();
        for spec in specs {
            for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let Some((key, raw)) = item.split_once('=') else {
                    return Err(ProfileError::NotAnAssignment { item: item.to_string() });
                };
                let (key, raw) = (key.trim(), raw.trim());
                let Some(factor) = factors.iter().find(|f| f.id == key) else {
                    return Err(unknown_factor(key, factors));
                };
                let value = parse_value(factor, raw)?;
                if let Some(old) = profile.values.get(key) {
                    if *old != value {
                        return Err(ProfileError::GivenTwice {
                            factor: key.to_string(),
                            first: old.clone(),
                            second: value,
                        });
                    }
                }
                profile.values.insert(key.to_string(), value);
            }
        }
        Ok(profile)
    }

    /// Sets a factor's value (no checking against declarations; values that do not fit
    /// the factor are treated as open by [`PathwayConditions`](super::PathwayConditions)).
    pub fn insert(&mut self, factor: impl Into<String>, value: Value) {
        self.values.insert(factor.into(), value);
    }

    /// The value given for a factor.
    pub fn get(&self, factor: &str) -> Option<&Value> {
        self.values.get(factor)
    }

    /// The values given, sorted by factor id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Whether no factor is given (every patient).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The error for a factor id the pathway does not declare, with a suggestion when one is close.
fn unknown_factor(key: &str, factors: &[Factor]) -> ProfileError {
    let suggestion = crate::suggest::closest(key, factors.iter().map(|f| f.id.as_str())).map(str::to_string);
    let mut declared: Vec<String> = factors.iter().map(|f| f.id.clone()).collect();
    declared.sort_unstable();
    declared.dedup();
    ProfileError::UnknownFactor { factor: key.to_string(), suggestion, declared }
}

/// One factor's value from its text, checked against the factor's type, values and bounds.
fn parse_value(factor: &Factor, raw: &str) -> Result<Value, ProfileError> {
    let key = factor.id.as_str();
    match factor.kind {
        FactorType::Boolean => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(ProfileError::NotBoolean { factor: key.to_string(), value: raw.to_string() }),
        },
        FactorType::Enum => match factor.values.iter().find(|v| *v == raw) {
            Some(v) => Ok(Value::Enum(v.clone())),
            None => Err(ProfileError::UnknownValue {
                factor: key.to_string(),
                value: raw.to_string(),
                values: factor.values.clone(),
            }),
        },
        FactorType::Integer => raw
            .parse::<i64>()
            .ok()
            .filter(|n| factor.min.is_none_or(|lo| *n >= lo) && factor.max.is_none_or(|hi| *n <= hi))
            .map(Value::Int)
            .ok_or_else(|| ProfileError::OutOfBounds {
                factor: key.to_string(),
                value: raw.to_string(),
                bounds: check::bounds_text(factor),
            }),
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.values.is_empty() {
            return f.write_str("all patients");
        }
        for (i, (k, v)) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}={v}")?;
        }
        Ok(())
    }
}
