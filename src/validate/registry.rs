//! The registry: every rule of the linter, one line each, in code order. `validate` runs the
//! checks from it; `carepath explain`, `docs/rules.md`, SARIF rule metadata and the
//! uniqueness test read their metadata from it. A rule that is not listed here does not
//! exist. How to add one: `docs/architecture.md`, "How to add a rule".

use crate::diag::{Rule, Sink};

use super::{
    citations, codes, conditions, decisions, distributions, economics, figures, file, flow, options, provenance,
    structure, text, Context,
};

/// One rule of the linter: its metadata and how it is checked. Each is a `static` in the file
/// of its topic (`src/validate/<topic>.rs`), with its check and its test right below it.
#[derive(Debug)]
pub struct Lint {
    /// Code, name, default severity and documentation: what diagnostics cite.
    pub rule: &'static Rule,
    /// How findings of this rule are made.
    pub check: Check,
}

/// How a rule's findings are made.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// A check run on every loaded pathway by [`check_pathway`](super::check_pathway), in
    /// registry order.
    Pathway(fn(&Context, &mut Sink)),
    /// A check run by [`validate_paths`](super::validate_paths) on every loaded pathway after
    /// the pathway checks: it needs the real file name, which library callers of
    /// `check_pathway` may not have (CP064).
    File(fn(&Context, &mut Sink)),
    /// Reported by `validate_paths` across the files validated together (CP065).
    AcrossFiles,
    /// Reported by the loader ([`crate::load`]) when a file cannot become a pathway
    /// (CP001–CP003); there is no pathway to check.
    Load,
}

/// Every rule, in code order.
pub static ALL: &[&Lint] = &[
    &file::JSON_SYNTAX,
    &file::FORMAT,
    &file::INVALID_UTF8,
    &structure::DUPLICATE_ID,
    &structure::UNKNOWN_NODE,
    &flow::START_COUNT,
    &flow::FLOW_INTO_START,
    &flow::NO_TERMINAL_OUTCOME,
    &flow::DEAD_END,
    &flow::UNREACHABLE,
    &flow::NO_EXIT,
    &structure::DUPLICATE_EDGE,
    &structure::SELF_LOOP,
    &structure::INCLUDES_ENDPOINTS,
    &flow::ORPHAN_INTERVENTION,
    &structure::OUTCOME_CATEGORY,
    &structure::MISPLACED_FIELD,
    &structure::UNKNOWN_GROUP,
    &structure::INCLUDES_AND_NEXT,
    &options::UNKNOWN_OPTION_SET,
    &options::ONE_OPTION_SET,
    &options::UNUSED_OPTION_SET,
    &decisions::DECISION_BRANCHES,
    &decisions::MISSING_CONDITION,
    &decisions::MULTIPLE_ELSE,
    &decisions::CONDITION_OUTSIDE_DECISION,
    &decisions::PROBABILITY_ON_DECISION,
    &conditions::CONDITION_SYNTAX,
    &conditions::UNKNOWN_FACTOR,
    &conditions::UNKNOWN_VALUE,
    &conditions::TYPE_MISMATCH,
    &conditions::OUT_OF_BOUNDS,
    &decisions::NON_EXHAUSTIVE,
    &decisions::OVERLAPPING,
    &conditions::UNSATISFIABLE,
    &conditions::FACTOR_DECLARATION,
    &decisions::ANALYSIS_LIMIT,
    &figures::PROBABILITY_RANGE,
    &figures::PROBABILITY_COVERAGE,
    &figures::PROBABILITY_SUM,
    &figures::DURATION_RANGE,
    &figures::MISSING_DURATION,
    &figures::ABOUT_TOLERANCE,
    &figures::UNKNOWN_CAVEAT_TARGET,
    &figures::CAVEAT_NOT_ON_OUTCOME,
    &distributions::DISTRIBUTION_PARAMETERS,
    &distributions::DISTRIBUTION_SET,
    &provenance::UNKNOWN_SOURCE,
    &provenance::UNCITED_NODE,
    &provenance::UNUSED_SOURCE,
    &provenance::UNUSED_FACTOR,
    &provenance::ID_FILE_MISMATCH,
    &provenance::DUPLICATE_PATHWAY,
    &provenance::DATE_FORMAT,
    &text::EMPTY_TEXT,
    &text::ID_NAMING,
    &text::CONTROL_CHARACTERS,
    &text::UNUSED_GROUP,
    &text::FACTOR_WITHOUT_WORDING,
    &citations::ANCHOR_FORMAT,
    &citations::QUOTE_AND_ANCHOR,
    &citations::ANCHOR_WITHOUT_TEXT,
    &citations::ANCHOR_NOT_FOUND,
    &citations::QUOTE_NOT_FOUND,
    &citations::UNANCHORED_CLAIM,
    &citations::UNCHECKED_CITATIONS,
    &economics::UTILITY_RANGE,
    &economics::COST_CURRENCY,
    &economics::MIXED_CURRENCIES,
    &economics::COST_RANGE,
    &economics::UNTIMED_VALUE,
    &codes::CLINICAL_CODE,
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for lint in ALL {
            let rule = lint.rule;
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with("CP")
                    && rule.code[2..].chars().all(|c| c.is_ascii_digit())
            );
            assert!(
                rule.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                rule.name
            );
        }
    }

    #[test]
    fn registry_is_in_code_order() {
        let codes: Vec<_> = ALL.iter().map(|l| l.rule.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
    }
}
