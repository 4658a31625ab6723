//! Figures in words, for every output a person reads (the path guide, `summary`, the explorer
//! page): "80–90%", "about 50%", "not given by the source", "at least 21 months". Bounds are
//! rounded outwards to whole percents, so the words never claim more than the figures do; the
//! exact bounds stay in JSON and CSV.

use crate::model::Probability;

use super::number::{months_text, number_with, percent_range};

/// What a figure the source does not give reads as.
pub const NOT_GIVEN: &str = "not given by the source";

/// What follows a figure worked out from approximate ones, in words without brackets.
pub const FROM_APPROXIMATE_WORDS: &str = "worked out from approximate figures";

/// A figure of the file as the source states it (`80–90%`, `about 50%`), or
/// [`NOT_GIVEN`] where it has none.
pub fn figure_words(p: Option<&Probability>) -> String {
    p.map_or_else(|| NOT_GIVEN.to_string(), percent_range)
}

/// A chance worked out from the figures, `low` to `high` (0 to 1): `45%`, `34–53%`, with the
/// bounds rounded outwards to whole percents ("under 1%" for a small positive figure). When
/// `quantified` is false some step on the way has no figure, so only the upper bound is
/// known: `not given by the source (at most 53%)`. A range from (nearly) 0 reads `up to 67%`.
pub fn chance_words(low: f64, high: f64, quantified: bool) -> String {
    if !quantified {
        return if high >= 1.0 - 1e-9 {
            NOT_GIVEN.to_string()
        } else if low <= 1e-9 {
            format!("{NOT_GIVEN} (at most {})", percent_up(high))
        } else {
            format!("{NOT_GIVEN} (between {} and {})", percent_down(low), percent_up(high))
        };
    }
    if high > 1e-9 && high < 0.01 {
        return "under 1%".into();
    }
    let (lo, hi) = (percent_down(low), percent_up(high));
    if low < 0.01 && high > 1e-9 {
        return format!("up to {hi}");
    }
    if lo == hi {
        lo
    } else {
        format!("{}\u{2013}{hi}", lo.trim_end_matches('%'))
    }
}

/// `x` (0 to 1) as a whole percent rounded down; a positive figure under 1% is "under 1%".
fn percent_down(x: f64) -> String {
    let v = (x * 100.0 + 1e-9).floor().max(0.0) + 0.0;
    if v < 1.0 && x > 1e-9 {
        "under 1%".into()
    } else {
        format!("{v}%")
    }
}

/// `x` (0 to 1) as a whole percent rounded up.
fn percent_up(x: f64) -> String {
    let v = (x * 100.0 - 1e-9).ceil().clamp(0.0, 100.0) + 0.0;
    if v < 1.0 && x > 1e-9 {
        "under 1%".into()
    } else {
        format!("{v}%")
    }
}

/// Time on treatment in words: `21–30 months` when every step has a length, `at least 21
/// months` when `unknown` steps have none (a step of unknown length is not zero), months below
/// three years, years from there.
pub fn time_words(min_months: f64, max_months: f64, unknown: usize) -> String {
    if unknown > 0 {
        if min_months <= 0.0 {
            return NOT_GIVEN.to_string();
        }
        return format!("at least {}", months_text(min_months, min_months));
    }
    months_text(min_months, max_months)
}

/// How many steps have no length given, in words: `1 step has no length given by the source`.
pub fn unknown_steps_words(unknown: usize) -> String {
    match unknown {
        0 => String::new(),
        1 => "1 step has no length given by the source".into(),
        n => format!("{n} steps have no length given by the source"),
    }
}

/// A count with its noun: `1 path`, `3 paths`.
pub fn count_words(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A number of months or years for a heading, at most one decimal (`2.5`).
pub fn short_number(x: f64) -> String {
    number_with(x, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_figures_read_as_the_source_states_them() {
        assert_eq!(figure_words(Some(&Probability::range(0.8, 0.9))), "80–90%");
        assert_eq!(figure_words(Some(&Probability::about(0.5, 0.05))), "about 50%");
        assert_eq!(figure_words(Some(&Probability::about_range(0.8, 0.9, None, 0.05))), "about 80–90%");
        assert_eq!(figure_words(None), "not given by the source");
    }

    #[test]
    fn computed_chances_round_outwards() {
        assert_eq!(chance_words(0.3375, 0.5225, true), "33–53%");
        assert_eq!(chance_words(0.45, 0.45, true), "45%");
        assert_eq!(chance_words(0.0, 0.5225, false), "not given by the source (at most 53%)");
        assert_eq!(chance_words(0.0, 1.0, false), "not given by the source");
        assert_eq!(chance_words(0.1, 0.5, false), "not given by the source (between 10% and 50%)");
        assert_eq!(chance_words(0.001, 0.004, true), "under 1%");
        assert_eq!(chance_words(0.0, 0.0, true), "0%");
        assert_eq!(chance_words(0.004, 0.05, true), "up to 5%");
        assert_eq!(chance_words(0.0, 0.6625, true), "up to 67%");
        assert_eq!(chance_words(1.0, 1.0, true), "100%");
        // 0.9 × 0.5 is 0.45000000000000001: still 45%.
        assert_eq!(chance_words(0.9 * 0.5, 0.9 * 0.5, true), "45%");
    }

    #[test]
    fn times_are_months_below_three_years() {
        assert_eq!(time_words(21.0, 29.5, 0), "21–29.5 months");
        assert_eq!(time_words(21.0, 29.5, 2), "at least 21 months");
        assert_eq!(time_words(0.0, 0.0, 1), "not given by the source");
        assert_eq!(time_words(36.0, 42.0, 0), "3–3.5 years");
        assert_eq!(time_words(1.0, 1.0, 0), "1 month");
        assert_eq!(unknown_steps_words(2), "2 steps have no length given by the source");
    }
}
