//! Numbers, probabilities and durations as people and machines read them: at most four
//! decimals with no trailing zeros, percentages, months or years; integers in decimal, fast.

use crate::model::{DurationRange, DurationUnit, Probability};

/// What follows a figure computed from approximate ones (a path's probability, an outcome's
/// bounds, a time on treatment): its exact bounds stand, and this says where they come from.
pub const FROM_APPROXIMATE: &str = "(from approximate figures)";

/// A number with at most 4 decimals, trailing zeros dropped (`0.45`, `1.5`, `2`); a positive
/// number too small for that is shown with 3 significant digits (`2.38e-7`), never as `0`.
pub fn number(x: f64) -> String {
    if x.is_finite() && x != 0.0 && x.abs() < 0.00005 {
        return format!("{x:.2e}");
    }
    number_with(x, 4)
}

/// A number with at most `decimals` decimals, trailing zeros dropped; `unbounded` for +∞.
pub fn number_with(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return if x > 0.0 { "unbounded".into() } else { "undefined".into() };
    }
    let text = format!("{x:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Rounds to 12 decimals, so `0.9 * 0.5` prints as `0.45` in JSON.
pub fn round12(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e12).round() / 1e12
    } else {
        x
    }
}

/// A number rounded to 12 decimals, for machine-readable columns.
pub fn number_full(x: f64) -> String {
    format!("{}", round12(x))
}

/// A duration range in months (2 decimals), shown in years when it reaches three years (36
/// months): people read "30 months" more easily than "2.5 years".
pub fn months_text(min: f64, max: f64) -> String {
    let (min, max, unit) = if max >= 36.0 { (min / 12.0, max / 12.0, "year") } else { (min, max, "month") };
    let (min, max) = (number_with(min, 2), number_with(max, 2));
    let range = if min == max { min } else { format!("{min}–{max}") };
    let plural = if range == "1" { "" } else { "s" };
    format!("{range} {unit}{plural}")
}

/// One duration of a file as stated: `1–2 months`, `2 years`, `about 1 month` when it is
/// approximate. Each stays in the unit the file states it in, except months reaching 36,
/// which are shown in years.
pub fn duration_range_text(d: &DurationRange) -> String {
    let text = match d.unit {
        DurationUnit::Days | DurationUnit::Weeks | DurationUnit::Years => {
            let (min, max) = (number_with(d.min, 2), number_with(d.max, 2));
            let range = if min == max { min } else { format!("{min}–{max}") };
            let unit = d.unit.as_str();
            let unit = if range == "1" { unit.trim_end_matches('s') } else { unit };
            format!("{range} {unit}")
        }
        DurationUnit::Months => {
            let (min, max) = d.months();
            months_text(min, max)
        }
    };
    if d.approximate {
        format!("about {text}")
    } else {
        text
    }
}

/// `0.8..0.9` as `80–90%`, an exact `0.25` as `25%`; an approximate figure as the source
/// states it: `about 50%`, `about 80–90%` (its widened bounds are in `low` and `high`).
pub fn percent_range(p: &Probability) -> String {
    let fmt = |x: f64| {
        let v = (x * 1000.0).round() / 10.0;
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    let (low, high, about) = match p.about {
        Some((low, high)) => (low, high, "about "),
        None => (p.low, p.high, ""),
    };
    if p.exact || low == high {
        format!("{about}{}%", fmt(low))
    } else {
        format!("{about}{}\u{2013}{}%", fmt(low), fmt(high))
    }
}

/// `n` in decimal, into `buffer` (40 bytes hold any u128); the digits are the end of it.
/// No allocation, unlike `to_string`: the listings call it for every step they write.
#[inline]
pub fn decimal(n: u128, buffer: &mut [u8; 40]) -> &[u8] {
    let mut at = buffer.len();
    if let Ok(mut n) = u64::try_from(n) {
        // 64-bit division is several times faster than 128-bit.
        loop {
            at -= 1;
            buffer[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return &buffer[at..];
            }
        }
    }
    let mut n = n;
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buffer[at..]
}

/// The number of decimal digits of `n` (1 for 0), as `n.to_string().len()`.
#[inline]
pub fn decimal_digits(n: usize) -> usize {
    let mut digits = 1;
    let mut n = n / 10;
    while n > 0 {
        digits += 1;
        n /= 10;
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_ranges() {
        assert_eq!(percent_range(&Probability::range(0.8, 0.9)), "80\u{2013}90%");
        assert_eq!(percent_range(&Probability::exact(0.255)), "25.5%");
        assert_eq!(percent_range(&Probability::exact(1.0)), "100%");
    }

    #[test]
    fn approximate_figures_show_what_the_source_states() {
        assert_eq!(percent_range(&Probability::about(0.5, 0.05)), "about 50%");
        assert_eq!(percent_range(&Probability::about_range(0.8, 0.9, None, 0.05)), "about 80\u{2013}90%");
    }

    #[test]
    fn durations_as_stated() {
        let d = |min, max, unit, approximate| DurationRange { min, max, unit, approximate, distribution: None };
        assert_eq!(duration_range_text(&d(1.0, 1.0, DurationUnit::Months, true)), "about 1 month");
        assert_eq!(duration_range_text(&d(2.0, 2.0, DurationUnit::Years, true)), "about 2 years");
        assert_eq!(duration_range_text(&d(2.0, 4.0, DurationUnit::Months, false)), "2–4 months");
        assert_eq!(duration_range_text(&d(1.0, 1.0, DurationUnit::Weeks, false)), "1 week");
        assert_eq!(duration_range_text(&d(3.0, 5.0, DurationUnit::Days, false)), "3–5 days");
    }
}

/// An amount rounded to `decimals`, its whole part grouped by thousands: `12,345.5`; money
/// (2 decimals) keeps both decimals of a fraction: `2,381.70`.
pub fn amount(x: f64, decimals: usize) -> String {
    let text = number_with(x, decimals);
    let (whole, fraction) = text.split_once('.').map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let fraction = fraction.map(|f| if decimals == 2 { format!("{f:0<2}") } else { f.to_string() });
    match whole.parse::<usize>() {
        Ok(n) => fraction.map_or(grouped(n), |f| format!("{}.{f}", grouped(n))),
        Err(_) => text.clone(),
    }
}

/// A count with thousands separators: `100,002`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn grouped_puts_a_comma_every_three_digits() {
    assert_eq!(grouped(0), "0");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(1000), "1,000");
    assert_eq!(grouped(100_002), "100,002");
    assert_eq!(grouped(1_234_567), "1,234,567");
}

#[test]
fn amounts_group_thousands_and_keep_two_decimals_of_money() {
    assert_eq!(amount(2381.696, 2), "2,381.70");
    assert_eq!(amount(15120.0, 2), "15,120");
    assert_eq!(amount(1947.368421, 2), "1,947.37");
    assert_eq!(amount(4.22, 4), "4.22");
    assert_eq!(amount(0.421052, 4), "0.4211");
    assert_eq!(amount(1234567.5, 4), "1,234,567.5");
}
