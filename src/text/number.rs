//! Numbers, probabilities and durations as people and machines read them: at most four
//! decimals with no trailing zeros, percentages, months or years; integers in decimal, fast.

use crate::model::Probability;

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

/// A duration range in months (2 decimals), shown in years when it reaches 24 months.
pub fn months_text(min: f64, max: f64) -> String {
    let (min, max, unit) = if max >= 24.0 { (min / 12.0, max / 12.0, "year") } else { (min, max, "month") };
    let (min, max) = (number_with(min, 2), number_with(max, 2));
    let range = if min == max { min } else { format!("{min}–{max}") };
    let plural = if range == "1" { "" } else { "s" };
    format!("{range} {unit}{plural}")
}

/// `0.8..0.9` as `80–90%`, an exact `0.25` as `25%`.
pub fn percent_range(p: &Probability) -> String {
    let fmt = |x: f64| {
        let v = (x * 1000.0).round() / 10.0;
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    if p.exact || p.low == p.high {
        format!("{}%", fmt(p.low))
    } else {
        format!("{}\u{2013}{}%", fmt(p.low), fmt(p.high))
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
}
