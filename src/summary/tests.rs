//! Unit tests of the summary, on a small pathway built here: the page for one profile word
//! for word, what the profile leaves open, the hedges, the figures in words, and escaping.

use super::*;
use crate::condition::Value;

/// A small pathway: a decision on age, a phase with hedged components and an option set, a
/// chance split with the source's figures, a relapse with no figure, a caveat, a source with an
/// address.
const PATHWAY: &str = r#"{
  "id": "small", "title": "Small disease", "version": "1",
  "sources": [{"id": "src", "title": "A page", "publisher": "A society", "revised": "2024-06-24",
               "url": "https://example.org/page"},
              {"id": "other", "title": "Not cited", "year": 2020}],
  "factors": [
    {"id": "age", "type": "integer", "label": "Age", "min": 18, "max": 99, "unit": "years", "wording": {"name": "age"}},
    {"id": "brain", "type": "boolean", "label": "Brain disease",
     "wording": {"true": "disease in the brain", "false": "no disease in the brain"}}],
  "groups": [{"id": "main", "label": "Treatment", "description": "What is done."}],
  "caveats": [{"id": "vary", "text": "Rates vary by subtype; no figure per group.", "plain": "The numbers differ by type.",
               "applies_to": [], "sources": [{"source": "src"}]}],
  "nodes": [
    {"id": "dx", "kind": "start", "label": "Diagnosed", "plain": "It starts here.", "group": "main", "sources": [{"source": "src"}]},
    {"id": "which", "kind": "decision", "label": "Older?", "group": "main", "sources": [{"source": "src"}]},
    {"id": "strong", "kind": "phase", "label": "Strong treatment", "group": "main",
     "duration": {"min": 1, "max": 1, "unit": "months", "approximate": true},
     "option_sets": [{"id": "brain_set", "label": "Brain care", "choose": "one_or_more"}], "sources": [{"source": "src"}]},
    {"id": "mild", "kind": "phase", "label": "Mild treatment", "group": "main", "sources": [{"source": "src"}]},
    {"id": "drug_a", "kind": "intervention", "label": "Drug A", "sources": [{"source": "src"}]},
    {"id": "drug_b", "kind": "intervention", "label": "Drug B", "sources": [{"source": "src"}]},
    {"id": "shot", "kind": "intervention", "label": "Shot into the spine", "route": "intrathecal",
     "agents": [{"name": "alpha", "likelihood": "usually"}, {"name": "beta", "likelihood": "sometimes"}],
     "combine": "any_of", "sources": [{"source": "src"}]},
    {"id": "rays", "kind": "intervention", "label": "Rays", "sources": [{"source": "src"}]},
    {"id": "remission", "kind": "outcome", "outcome": "remission", "label": "Remission", "group": "main", "sources": [{"source": "src"}]},
    {"id": "no_response", "kind": "outcome", "outcome": "refractory", "label": "No response",
     "plain": "It did not work.", "group": "main", "sources": [{"source": "src"}]},
    {"id": "cured", "kind": "outcome", "outcome": "long_term_remission", "label": "Cured", "group": "main", "sources": [{"source": "src"}]},
    {"id": "back", "kind": "outcome", "outcome": "relapse", "label": "Back again", "group": "main", "sources": [{"source": "src"}]}
  ],
  "edges": [
    {"from": "dx", "to": "which"},
    {"from": "which", "to": "strong", "when": "age <= 65"},
    {"from": "which", "to": "mild", "when": "age > 65"},
    {"from": "strong", "to": "drug_a", "kind": "includes", "likelihood": "usually"},
    {"from": "strong", "to": "drug_b", "kind": "includes", "likelihood": "sometimes"},
    {"from": "strong", "to": "shot", "kind": "includes", "option_set": "brain_set", "when": "brain", "likelihood": "often"},
    {"from": "strong", "to": "rays", "kind": "includes", "option_set": "brain_set", "when": "brain", "likelihood": "often"},
    {"from": "mild", "to": "drug_a", "kind": "includes"},
    {"from": "strong", "to": "remission", "probability": {"about": 0.8}},
    {"from": "strong", "to": "no_response", "probability": {"about": 0.2}},
    {"from": "mild", "to": "remission"},
    {"from": "remission", "to": "cured"},
    {"from": "remission", "to": "back"}
  ]
}"#;

fn pathway() -> PathwayFile {
    let mut p: PathwayFile = serde_json::from_str(PATHWAY).unwrap();
    p.apply_conventions();
    p
}

fn markdown(profile: &Profile) -> String {
    render(&summarise(&pathway(), profile).unwrap(), SummaryFormat::Markdown)
}

#[test]
fn the_page_for_a_profile_word_for_word() {
    let mut profile = Profile::new();
    profile.insert("age", Value::Int(40));
    assert_eq!(
        markdown(&profile),
        r"# Treatment summary: Small disease

> **This is not medical advice.** It sums up what a published source says about treatment in general. It is not a plan for you or for anyone. Only your care team can say what is right for you. Please talk with them.

This page is for one person: age 40. Each person is different, so your own treatment may not follow it step by step.

## What is not known yet

Some steps depend on facts this page does not know. Your care team can find them out.

**Brain disease**: yes or no.

## Treatment

- **Diagnosed**. It starts here. Then: Strong treatment.
- **Strong treatment**, about 1 month. Usually given: Drug A. Some people may also get: Drug B. **Brain care**, one or more of these: Shot into the spine; Rays, if disease in the brain. These are often given. Then: Remission, about 80% of people. Or No response, about 20% of people. The source's account ends here.
- **Remission**. Then: Cured. The source's account ends here. Or Back again. The source's account ends here.

## How often each result happens

The source's numbers are for large groups. They cannot tell what will happen to one person. This page reads about 50% as anywhere from 45% to 55%.

- **Remission**: about 80% of those who get this far.
- **No response**: about 20% of those who get this far.

The source gives no numbers for the other results.

**What the source says about these numbers:** The numbers differ by type.

## Words used on this page

**Remission**: Tests no longer find signs of the disease. This does not always mean it is cured. **Refractory**: The disease did not go away with treatment. **Relapse**: The disease came back after a remission. **Long-term remission**: The disease stays away for a long time, or for good. **Intrathecal**: The medicine goes into the fluid around the brain and spinal cord.

## The source

- **A page**. A society. Last revised on June 24, 2024. [Where to find it](https://example.org/page).

> **This is not medical advice.** It sums up what a published source says about treatment in general. It is not a plan for you or for anyone. Only your care team can say what is right for you. Please talk with them.
"
    );
}

#[test]
fn an_open_profile_asks_for_each_fact_and_shows_every_way() {
    let text = markdown(&Profile::new());
    assert!(text.contains("This page is for anyone on this pathway."), "{text}");
    assert!(
        text.contains("\n**Age**: a whole number of years from 18 to 99. **Brain disease**: yes or no.\n"),
        "{text}"
    );
    assert!(
        text.contains("Then a choice: Older? Strong treatment, if age 65 or under. Mild treatment, if age over 65.\n"),
        "{text}"
    );
    assert!(text.contains("- **Mild treatment**, length not given, only if age over 65."), "{text}");
    // The mild phase gives drug A to everyone: no hedge; its remission has no figure.
    assert!(text.contains(" Given: Drug A. Then: Remission.\n"), "{text}");
}

#[test]
fn a_profile_that_fixes_every_fact_asks_for_nothing() {
    let mut profile = Profile::new();
    profile.insert("age", Value::Int(70));
    profile.insert("brain", Value::Bool(true));
    let text = markdown(&profile);
    assert!(text.contains("This page is for one person: age 70, and disease in the brain."), "{text}");
    assert!(text.contains("This page knows every fact that the steps below depend on."), "{text}");
    assert!(!text.contains("Strong treatment"), "a step this profile cannot take is left out: {text}");
}

#[test]
fn the_visible_text_has_no_ids_and_no_code() {
    for profile in [Profile::new(), {
        let mut p = Profile::new();
        p.insert("brain", Value::Bool(false));
        p
    }] {
        let summary = summarise(&pathway(), &profile).unwrap();
        let text = visible_text(&summary);
        for id in ["drug_a", "no_response", "brain_set", "age <=", "&&", "||", "!", "[", "]", "{", "}"] {
            assert!(!text.contains(id), "`{id}` in:\n{text}");
        }
    }
}

#[test]
fn html_is_one_page_that_escapes_every_string_and_prints_cleanly() {
    let hostile = PATHWAY
        .replace(r#""label": "Drug A""#, r#""label": "</strong><script>alert(1)</script> & \"A\" \u202e""#)
        .replace("https://example.org/page", "javascript:alert(1)");
    let mut p: PathwayFile = serde_json::from_str(&hostile).unwrap();
    p.apply_conventions();
    let page = render(&summarise(&p, &Profile::new()).unwrap(), SummaryFormat::Html);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
    assert!(
        page.contains("&lt;/strong&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;A&quot; \\u{202e}"),
        "{page}"
    );
    assert!(!page.contains("<script") && !page.contains("javascript:"), "{page}");
    assert!(!page.contains("http://") && !page.contains("https://"), "nothing is fetched, no link left: {page}");
    assert_eq!(page.matches("<aside class=\"notice\" role=\"note\"").count(), 2, "the notice, top and bottom");
    assert!(page.contains("@media print {") && page.contains("a[href]::after { content: \" (\" attr(href) \")\"; }"));
    assert_eq!(page.matches("<h1>").count(), 1);
}

#[test]
fn a_pathway_without_a_single_start_has_no_summary() {
    let text = PATHWAY.replace(r#""kind": "start""#, r#""kind": "phase""#);
    let p: PathwayFile = serde_json::from_str(&text).unwrap();
    assert_eq!(summarise(&p, &Profile::new()), Err(SummaryError::NoSingleStart));
}

#[test]
fn a_loop_reads_as_coming_back_to_a_step() {
    let text = r#"{"id": "loop", "title": "Loop", "version": "1", "sources": [],
        "nodes": [{"id": "dx", "kind": "start", "label": "Start"},
                  {"id": "tx", "kind": "phase", "label": "Treatment", "duration": {"min": 2, "max": 3, "unit": "months"}},
                  {"id": "cured", "kind": "outcome", "outcome": "long_term_remission", "label": "Cured"},
                  {"id": "back", "kind": "outcome", "outcome": "relapse", "label": "Back"}],
        "edges": [{"from": "dx", "to": "tx"}, {"from": "tx", "to": "cured", "probability": 0.6},
                  {"from": "tx", "to": "back", "probability": 0.4}, {"from": "back", "to": "tx"}]}"#;
    let p: PathwayFile = serde_json::from_str(text).unwrap();
    let page = render(&summarise(&p, &Profile::new()).unwrap(), SummaryFormat::Markdown);
    assert!(page.contains("- **Start**. Then: Treatment.\n"), "{page}");
    // "Back" has one way in and one way out: it is said where the page comes to it.
    assert!(page.contains(" Or Back, 40% of people. Then: Treatment again.\n"), "{page}");
    assert!(page.contains("- **Cured**: 60% of those who get this far. Of everyone, 100%.\n"), "{page}");
    assert!(page.contains("## The steps\n"), "{page}");
    assert!(!page.contains("## The source"), "no source, no part for it: {page}");
}
