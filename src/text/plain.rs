//! Plain words for pages that patients and families read (`carepath summary`): how often a
//! treatment is given, what an outcome category or a route means, how long a step lasts, a
//! date, and the not-medical-advice notice. General wording that holds for any pathway lives
//! here, in code; what is particular to one disease (what its phases are) is data, in the
//! pathway file's `plain` texts of nodes and caveats.
//!
//! Every phrase is short and uses everyday words: the summary is measured to read at grade 8
//! or below (docs/summary.md).

use crate::model::{DurationRange, Likelihood, OutcomeCategory, Route};

use super::number::duration_range_text;

/// The not-medical-advice notice, at the top and the bottom of every summary: its bold
/// opening, then the rest.
pub const NOTICE: (&str, &str) = (
    "This is not medical advice.",
    "It sums up what a published source says about treatment in general. It is not a plan for you or for anyone. \
     Only your care team can say what is right for you. Please talk with them.",
);

/// The one-line notice of outputs drawn or listed for readers who are not patients
/// (flowcharts, `paths` and `outcomes` text, the parameter table): what carepath shows, and that
/// it is not medical advice.
pub const SHORT_NOTICE: &str = "Not medical advice: this shows a treatment pathway as its sources describe it.";

/// What a step of unknown length reads as.
pub const LENGTH_NOT_GIVEN: &str = "The source does not say how long";

/// How long a step lasts, as words after its name: "about 1 month", "length not given".
pub fn short_length_words(duration: Option<&DurationRange>) -> String {
    match duration {
        Some(d) => duration_range_text(d),
        None => "length not given".to_string(),
    }
}

/// The most a brief of plain words holds, in characters: one sentence at least, then
/// whole sentences while they fit.
const BRIEF_CHARS: usize = 90;

/// Plain words in brief: the first sentence, and the next ones while the whole stays within
/// 90 characters. A sentence ends at ". ", "? " or "! ".
pub fn brief(plain: &str) -> String {
    let plain = plain.trim();
    let mut ends: Vec<usize> = plain
        .char_indices()
        .filter(|&(i, c)| matches!(c, '.' | '?' | '!') && plain[i + 1..].starts_with(' '))
        .map(|(i, _)| i + 1)
        .collect();
    ends.push(plain.len());
    let mut cut = ends[0];
    for &end in &ends[1..] {
        if plain[..end].chars().count() > BRIEF_CHARS {
            break;
        }
        cut = end;
    }
    plain[..cut].to_string()
}

/// How a treatment is given, in the source's hedge, as the opening of a sentence that names
/// it: "Usually given", "Often given", "Some people may also get". `None` for `always`: the
/// treatment is named alone.
pub fn component_hedge(likelihood: Likelihood) -> Option<&'static str> {
    match likelihood {
        Likelihood::Always => None,
        Likelihood::Usually => Some("Usually given"),
        Likelihood::Often => Some("Often given"),
        Likelihood::Sometimes => Some("Some people may also get"),
        Likelihood::Rarely => Some("A few people may also get"),
    }
}

/// How often a set of options is given, as a sentence after the options: "These are often
/// given." `None` for `always`.
pub fn set_hedge(likelihood: Likelihood) -> Option<&'static str> {
    match likelihood {
        Likelihood::Always => None,
        Likelihood::Usually => Some("These are usually given."),
        Likelihood::Often => Some("These are often given."),
        Likelihood::Sometimes => Some("Some people may get them."),
        Likelihood::Rarely => Some("A few people may get them."),
    }
}

/// How often a branch of a choice is taken, as words after its name: "often the way". `None`
/// for `always`.
pub fn short_branch_hedge(likelihood: Likelihood) -> Option<&'static str> {
    match likelihood {
        Likelihood::Always => None,
        Likelihood::Usually => Some("the usual way"),
        Likelihood::Often => Some("often the way"),
        Likelihood::Sometimes => Some("for some people"),
        Likelihood::Rarely => Some("for a few people"),
    }
}

/// How many of a set of options a person gets: "one or more of these", "one of these".
pub fn choose_words(choose: crate::model::Choose) -> &'static str {
    match choose {
        crate::model::Choose::One => "one of these",
        crate::model::Choose::OneOrMore => "one or more of these",
    }
}

/// An outcome category as a term of the glossary: "remission", "refractory".
pub fn category_term(category: OutcomeCategory) -> &'static str {
    match category {
        OutcomeCategory::Remission => "Remission",
        OutcomeCategory::PartialRemission => "Partial remission",
        OutcomeCategory::Refractory => "Refractory",
        OutcomeCategory::Relapse => "Relapse",
        OutcomeCategory::LongTermRemission => "Long-term remission",
        OutcomeCategory::Palliative => "Palliative care",
        OutcomeCategory::Death => "Death",
        OutcomeCategory::Exit => "Leaves the pathway",
    }
}

/// What an outcome category means, in two short sentences at most.
pub fn category_meaning(category: OutcomeCategory) -> &'static str {
    match category {
        OutcomeCategory::Remission => {
            "Tests no longer find signs of the disease. This does not always mean it is cured."
        }
        OutcomeCategory::PartialRemission => "There is less disease than before, but some is still found.",
        OutcomeCategory::Refractory => "The disease did not go away with treatment.",
        OutcomeCategory::Relapse => "The disease came back after a remission.",
        OutcomeCategory::LongTermRemission => "The disease stays away for a long time, or for good.",
        OutcomeCategory::Palliative => {
            "Care that aims at comfort and at keeping symptoms under control, not at a cure."
        }
        OutcomeCategory::Death => "The person died.",
        OutcomeCategory::Exit => "The pathway stops following the person here. It does not say how they are.",
    }
}

/// How a treatment is given, as a term of the glossary: "Intrathecal".
pub fn route_term(route: Route) -> &'static str {
    match route {
        Route::Oral => "By mouth",
        Route::Intravenous => "IV or intravenous",
        Route::Intrathecal => "Intrathecal",
        Route::Subcutaneous => "Subcutaneous",
        Route::Intramuscular => "Intramuscular",
        Route::ExternalBeam => "External beam",
    }
}

/// What a route means.
pub fn route_meaning(route: Route) -> &'static str {
    match route {
        Route::Oral => "The medicine is swallowed.",
        Route::Intravenous => "The medicine goes into a vein.",
        Route::Intrathecal => "The medicine goes into the fluid around the brain and spinal cord.",
        Route::Subcutaneous => "The medicine goes just under the skin.",
        Route::Intramuscular => "The medicine goes into a muscle.",
        Route::ExternalBeam => "The rays come from a machine outside the body.",
    }
}

/// A `YYYY-MM-DD` date in words: "June 24, 2024"; anything else as it is.
pub fn date_words(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        let month = m.parse::<usize>().ok().and_then(|m| m.checked_sub(1)).and_then(|m| MONTHS.get(m));
        let day = d.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
        if let (Some(month), Some(day), true) = (month, day, y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())) {
            return format!("{month} {day}, {y}");
        }
    }
    date.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DurationRange, DurationUnit};

    #[test]
    fn lengths_hedges_and_dates_read_in_words() {
        let month =
            DurationRange { min: 1.0, max: 1.0, unit: DurationUnit::Months, approximate: true, distribution: None };
        assert_eq!(component_hedge(Likelihood::Sometimes), Some("Some people may also get"));
        assert_eq!(component_hedge(Likelihood::Always), None);
        assert_eq!(date_words("2024-06-24"), "June 24, 2024");
        assert_eq!(date_words("2024-13-01"), "2024-13-01");
        assert_eq!(date_words("soon"), "soon");
        assert_eq!(short_length_words(Some(&month)), "about 1 month");
        assert_eq!(short_length_words(None), "length not given");
        assert_eq!(brief("One. Two? Three."), "One. Two? Three.");
        let long = format!("{}. Then more.", "a".repeat(95));
        assert_eq!(brief(&long), format!("{}.", "a".repeat(95)));
    }
}
