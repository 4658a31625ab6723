//! Figures in words, for every output a person reads (the path guide, `summary`, the explorer
//! page): "80–90%", "about 50%", "not given by the source", "at least 21 months". Bounds are
//! rounded outwards to whole percents, so the words never claim more than the figures do; the
//! exact bounds stay in JSON and CSV.

use crate::model::Probability;

use super::number::{grouped, months_text, number, number_with, percent_range};

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
    match chance_parts(low, high, quantified) {
        (words, Some(bound)) => format!("{words} ({bound})"),
        (words, None) => words,
    }
}

/// A computed chance in words followed by its exact bounds, for the text outputs modellers read
/// too: `33–53% (exact bounds 0.3375 to 0.5225, worked out from approximate figures)`, `45%
/// (exact 0.45)`, `not given by the source, at most 53% (exact bounds 0 to 0.5225)`; the base
/// where the figures give one that differs from the bounds.
pub fn chance_with_bounds(low: f64, high: f64, base: Option<f64>, quantified: bool, approximate: bool) -> String {
    let (words, bound) = chance_parts(low, high, quantified);
    let words = bound.map_or_else(|| words.clone(), |b| format!("{words}, {b}"));
    format!("{words} ({})", exact_details(low, high, base, "", approximate))
}

/// `exact bounds 0.3375 to 0.5225` (`exact 0.45` when they agree), `, base …` when a base
/// differs from them, `, worked out from approximate figures` when approximate; `unit` follows
/// each number (` months`).
fn exact_details(low: f64, high: f64, base: Option<f64>, unit: &str, approximate: bool) -> String {
    let (lo, hi) = (number(low), number(high));
    let mut text = if lo == hi { format!("exact {lo}{unit}") } else { format!("exact bounds {lo} to {hi}{unit}") };
    if let Some(b) = base.map(number).filter(|b| *b != lo || *b != hi) {
        text.push_str(&format!(", base {b}{unit}"));
    }
    if approximate {
        text.push_str(", ");
        text.push_str(FROM_APPROXIMATE_WORDS);
    }
    text
}

/// What the figures still allow of a chance that some step on the way gives no figure for:
/// `at most 53%`, `between 10% and 50%`, or [`NOT_GIVEN`] when they allow anything.
pub fn bounded_chance_words(low: f64, high: f64) -> String {
    chance_parts(low, high, false).1.unwrap_or_else(|| NOT_GIVEN.to_string())
}

/// [`chance_words`] in two parts: the words, and what is known of a chance the source does not
/// give (`at most 53%`).
fn chance_parts(low: f64, high: f64, quantified: bool) -> (String, Option<String>) {
    if !quantified {
        let bound = if high >= 1.0 - 1e-9 {
            None
        } else if low <= 1e-9 {
            Some(format!("at most {}", percent_up(high)))
        } else {
            Some(format!("between {} and {}", percent_down(low), percent_up(high)))
        };
        return (NOT_GIVEN.to_string(), bound);
    }
    if (high - low).abs() < 1e-12 && low > 1e-9 {
        // One figure: to a tenth of a percent, not widened into a range.
        return (format!("{}%", number_with(low * 100.0, 1)), None);
    }
    if high > 1e-9 && high < 0.01 {
        return ("under 1%".into(), None);
    }
    let (lo, hi) = (percent_down(low), percent_up(high));
    if low < 0.01 && high > 1e-9 {
        return (format!("up to {hi}"), None);
    }
    if lo == hi {
        (lo, None)
    } else {
        (format!("{}\u{2013}{hi}", lo.trim_end_matches('%')), None)
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

/// A time on treatment in words followed by what a modeller needs: `25–26 months`, `2.08–2.25
/// years (exact bounds 25 to 27 months)` where the words round, `at least 27 months (worked
/// out from approximate figures)` where `unknown` steps have no length, `at least 1 month,
/// with no upper bound` for an unbounded time; the base where one is given and differs.
pub fn time_with_bounds(
    min_months: f64,
    max_months: f64,
    base: Option<f64>,
    unknown: usize,
    approximate: bool,
) -> String {
    let approximate_words = if approximate { format!(" ({FROM_APPROXIMATE_WORDS})") } else { String::new() };
    if unknown > 0 {
        return format!("{}{approximate_words}", time_words(min_months, min_months, unknown));
    }
    if !min_months.is_finite() {
        return format!("unbounded: a loop may go on for ever{approximate_words}");
    }
    if !max_months.is_finite() {
        return format!("at least {}, with no upper bound{approximate_words}", months_text(min_months, min_months));
    }
    let words = time_words(min_months, max_months, 0);
    let exact = |x: f64| number_with(x, 2) == number(x);
    let rounded = max_months >= 36.0 || !exact(min_months) || !exact(max_months);
    let base = base.filter(|b| number(*b) != number(min_months) || number(*b) != number(max_months));
    if !rounded && base.is_none() {
        return format!("{words}{approximate_words}");
    }
    format!("{words} ({})", exact_details(min_months, max_months, base, " months", approximate))
}

/// The first `shown` items, then how many more there are: `a, b, c, and 2 more` (`and 99,997
/// more`); all of them
/// (`a, b, and c`) when there are no more than `shown` + 1. No line lists an unbounded number.
pub fn first_few(items: &[String], shown: usize) -> String {
    if items.len() <= shown + 1 {
        return join_list(items);
    }
    let mut parts: Vec<String> = items[..shown].to_vec();
    parts.push(format!("{} more", grouped(items.len() - shown)));
    join_list(&parts)
}

/// `a`, `a and b`, `a, b, and c`.
pub fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

/// How many steps have no length given, in words: `1 step has no length given by the source`.
pub fn unknown_steps_words(unknown: usize) -> String {
    match unknown {
        0 => String::new(),
        1 => "1 step has no length given by the source".into(),
        n => format!("{} steps have no length given by the source", grouped(n)),
    }
}

/// A count with its noun: `1 path`, `3 paths`, `12,000 paths`.
pub fn count_words(n: usize, singular: &str, plural: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { singular } else { plural })
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
        assert_eq!(bounded_chance_words(0.1, 0.5), "between 10% and 50%");
        assert_eq!(bounded_chance_words(0.0, 0.5225), "at most 53%");
        assert_eq!(bounded_chance_words(0.0, 1.0), "not given by the source");
        assert_eq!(chance_words(0.001, 0.004, true), "under 1%");
        assert_eq!(chance_words(5.0 / 7.0, 5.0 / 7.0, true), "71.4%");
        assert_eq!(chance_words(0.004, 0.004, true), "0.4%");
        assert_eq!(chance_words(0.0, 0.0, true), "0%");
        assert_eq!(chance_words(0.004, 0.05, true), "up to 5%");
        assert_eq!(chance_words(0.0, 0.6625, true), "up to 67%");
        assert_eq!(chance_words(1.0, 1.0, true), "100%");
        // 0.9 × 0.5 is 0.45000000000000001: still 45%.
        assert_eq!(chance_words(0.9 * 0.5, 0.9 * 0.5, true), "45%");
    }

    #[test]
    fn text_outputs_keep_the_exact_bounds_beside_the_words() {
        assert_eq!(
            chance_with_bounds(0.3375, 0.5225, None, true, true),
            "33–53% (exact bounds 0.3375 to 0.5225, worked out from approximate figures)"
        );
        assert_eq!(chance_with_bounds(0.45, 0.45, Some(0.45), true, false), "45% (exact 0.45)");
        assert_eq!(
            chance_with_bounds(0.4, 0.45, Some(0.42), true, false),
            "40–45% (exact bounds 0.4 to 0.45, base 0.42)"
        );
        assert_eq!(
            chance_with_bounds(0.0, 0.5225, None, false, false),
            "not given by the source, at most 53% (exact bounds 0 to 0.5225)"
        );
        assert_eq!(time_with_bounds(25.0, 26.0, None, 0, false), "25–26 months");
        assert_eq!(
            time_with_bounds(1.0, 1.5, Some(1.25), 0, false),
            "1–1.5 months (exact bounds 1 to 1.5 months, base 1.25 months)"
        );
        assert_eq!(
            time_with_bounds(1.0, 26.6667, None, 0, true),
            "1–26.67 months (exact bounds 1 to 26.6667 months, worked out from approximate figures)"
        );
        assert_eq!(time_with_bounds(25.0, 27.0, None, 0, false), "25–27 months");
        assert_eq!(time_with_bounds(36.0, 42.0, None, 0, false), "3–3.5 years (exact bounds 36 to 42 months)");
        assert_eq!(
            time_with_bounds(27.0, 30.0, None, 2, true),
            "at least 27 months (worked out from approximate figures)"
        );
        assert_eq!(time_with_bounds(1.0, f64::INFINITY, None, 0, false), "at least 1 month, with no upper bound");
        assert_eq!(
            time_with_bounds(f64::INFINITY, f64::INFINITY, None, 0, false),
            "unbounded: a loop may go on for ever"
        );
    }

    #[test]
    fn long_lists_say_how_many_more() {
        let items: Vec<String> = ["a", "b", "c", "d", "e"].iter().map(|s| s.to_string()).collect();
        assert_eq!(first_few(&items, 3), "a, b, c, and 2 more");
        assert_eq!(first_few(&items[..4], 3), "a, b, c, and d");
        assert_eq!(first_few(&items[..2], 3), "a and b");
        assert_eq!(join_list(&items[..1]), "a");
        let many: Vec<String> = (0..100_000).map(|i| format!("p{i}")).collect();
        assert_eq!(first_few(&many, 3), "p0, p1, p2, and 99,997 more");
        assert_eq!(count_words(12_000, "path", "paths"), "12,000 paths");
    }

    #[test]
    fn times_are_months_below_three_years() {
        assert_eq!(time_words(21.0, 29.5, 0), "21–29.5 months");
        assert_eq!(time_words(21.0, 29.5, 2), "at least 21 months");
        assert_eq!(time_words(0.0, 0.0, 1), "not given by the source");
        assert_eq!(time_words(36.0, 42.0, 0), "3–3.5 years");
        assert_eq!(time_words(1.0, 1.0, 0), "1 month");
        assert_eq!(unknown_steps_words(2), "2 steps have no length given by the source");
        assert_eq!(unknown_steps_words(99_998), "99,998 steps have no length given by the source");
    }
}
