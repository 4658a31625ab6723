//! How a phase's components are given, in the source's words: how often one applies
//! ([`Likelihood`], on `includes` edges, on the branches of `multiple` decisions and on agents)
//! and the sets of alternatives a phase offers ([`OptionSet`]: "one of", "one or more of").

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;

/// How often the source says a component, branch or agent applies, in its own words. Ordered
/// from `always` to `rarely`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    /// Every patient it applies to (the default, when the field is absent).
    #[default]
    Always,
    /// The source says "typically", "generally", "most often" or "usually".
    Usually,
    /// The source says "often".
    Often,
    /// The source says "may", "might", "some people", "some regimens", "in some cases" or
    /// "sometimes".
    Sometimes,
    /// The source says "rarely" or "occasionally".
    Rarely,
}

impl Likelihood {
    /// Every likelihood, in order.
    pub const ALL: [Likelihood; 5] =
        [Likelihood::Always, Likelihood::Usually, Likelihood::Often, Likelihood::Sometimes, Likelihood::Rarely];

    /// The word used in files and every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Likelihood::Always => "always",
            Likelihood::Usually => "usually",
            Likelihood::Often => "often",
            Likelihood::Sometimes => "sometimes",
            Likelihood::Rarely => "rarely",
        }
    }

    /// The word in parentheses, for a likelihood shown after what it qualifies (`None` for
    /// `always`, which is not shown): `(often)`.
    pub fn marker(likelihood: Option<Likelihood>) -> Option<&'static str> {
        match likelihood.unwrap_or_default() {
            Likelihood::Always => None,
            Likelihood::Usually => Some("(usually)"),
            Likelihood::Often => Some("(often)"),
            Likelihood::Sometimes => Some("(sometimes)"),
            Likelihood::Rarely => Some("(rarely)"),
        }
    }
}

impl fmt::Display for Likelihood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many options of an option set a patient receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choose {
    /// Exactly one of the options ("one of").
    One,
    /// One or more of the options ("one or more of").
    OneOrMore,
}

impl Choose {
    /// The name used in files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Choose::One => "one",
            Choose::OneOrMore => "one_or_more",
        }
    }

    /// How listings and flowcharts say it: `one of`, `one or more of`.
    pub fn words(self) -> &'static str {
        match self {
            Choose::One => "one of",
            Choose::OneOrMore => "one or more of",
        }
    }
}

/// A set of alternatives a phase includes: one component with choices, never all of them
/// together. Its options are the phase's `includes` edges that name it in `option_set`; each
/// keeps its own `when` and `likelihood`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionSet {
    /// Set id, lower snake_case, unique among the node's sets; `includes` edges name it in
    /// `option_set`.
    pub id: String,
    /// Human label (e.g. `CNS treatment`).
    pub label: String,
    /// `one` ("one of") or `one_or_more` ("one or more of").
    pub choose: Choose,
    /// Where the set comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
    /// Anything a reader should know about the set (e.g. how the source was read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likelihood_is_ordered_and_named_as_in_files() {
        assert!(Likelihood::ALL.windows(2).all(|w| w[0] < w[1]));
        for l in Likelihood::ALL {
            assert_eq!(serde_json::to_string(&l).unwrap(), format!("\"{}\"", l.as_str()));
        }
        assert_eq!(Likelihood::default(), Likelihood::Always);
        assert_eq!(Likelihood::marker(None), None);
        assert_eq!(Likelihood::marker(Some(Likelihood::Sometimes)), Some("(sometimes)"));
    }

    #[test]
    fn option_set_reads_its_fields_and_rejects_unknown_ones() {
        let set: OptionSet =
            serde_json::from_str(r#"{ "id": "cns", "label": "CNS treatment", "choose": "one_or_more" }"#).unwrap();
        assert_eq!((set.choose, set.choose.words()), (Choose::OneOrMore, "one or more of"));
        let err = serde_json::from_str::<OptionSet>(r#"{ "id": "cns", "label": "L", "choose": "any" }"#).unwrap_err();
        assert!(err.to_string().starts_with("unknown variant `any`, expected `one` or `one_or_more`"), "{err}");
        let err =
            serde_json::from_str::<OptionSet>(r#"{ "id": "c", "label": "L", "choose": "one", "x": 1 }"#).unwrap_err();
        assert!(err.to_string().starts_with("unknown field `x`"), "{err}");
    }
}
