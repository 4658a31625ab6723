use super::*;
use crate::citation::normalize::fingerprint;

const TEXT: &str = "Guide to Treatment\n\nTreatment has 2 phases. It takes about 2 years.\n\nInduction\n\nInduction usually lasts a month. Drugs include:\n\n  • Vincristine\n  • Dexamethasone or prednisone\n\nSome regimens may also\ninclude other drugs (e.g. cytarabine). Smith FR. Chapter 9 is cited.\n\nLast Revised: June 24, 2024\n";

#[test]
fn sections_sentences_and_bullets() {
    let doc = SourceDocument::parse(TEXT);
    assert_eq!(doc.sections(), ["Guide to Treatment", "Induction", "Last Revised: June 24, 2024"]);
    let labelled: Vec<(String, &str, bool)> =
        doc.sentences().iter().map(|s| (doc.sentence_label(s), doc.sentence_text(s), s.bullet)).collect();
    assert_eq!(
        labelled,
        [
            ("Guide to Treatment #1".to_string(), "Treatment has 2 phases.", false),
            ("Guide to Treatment #2".to_string(), "It takes about 2 years.", false),
            ("Induction #1".to_string(), "Induction usually lasts a month.", false),
            ("Induction #2".to_string(), "Drugs include:", false),
            ("Induction #3".to_string(), "Vincristine", true),
            ("Induction #4".to_string(), "Dexamethasone or prednisone", true),
            ("Induction #5".to_string(), "Some regimens may also include other drugs (e.g. cytarabine).", false),
            ("Induction #6".to_string(), "Smith FR.", false),
            ("Induction #7".to_string(), "Chapter 9 is cited.", false),
        ]
    );
}

#[test]
fn the_document_text_is_the_normalised_file() {
    let doc = SourceDocument::parse(TEXT);
    assert_eq!(doc.text(), normalize(TEXT));
}

#[test]
fn an_anchor_is_found_where_its_words_are_and_nowhere_once_a_character_changes() {
    let doc = SourceDocument::parse(TEXT);
    let (sha, chars) = fingerprint("may also include other drugs");
    let (start, end) = doc.find_anchor(&sha, chars).unwrap();
    assert_eq!(&doc.text()[start..end], "may also include other drugs");
    assert_eq!(
        doc.sentences_in(start, end).iter().map(|&i| doc.sentence_label(&doc.sentences()[i])).collect::<Vec<_>>(),
        ["Induction #5"]
    );
    assert_eq!(doc.section_at(start), Some("Induction"));
    // Mid-word spans are found too, after the boundary candidates.
    let (sha, chars) = fingerprint("ncristine");
    assert!(doc.find_anchor(&sha, chars).is_some());
    // One character changed: not found.
    let (sha, chars) = fingerprint("may also include other drug!");
    assert_eq!(doc.find_anchor(&sha, chars), None);
    assert_eq!(doc.find_anchor("0000000000000000", 0), None);
}

#[test]
fn words_are_found_after_normalising_them() {
    let doc = SourceDocument::parse(TEXT);
    assert_eq!(doc.find_words("regimens  may\nalso").len(), 1);
    assert!(doc.find_words("regimens must").is_empty());
    assert!(doc.find_words("  ").is_empty());
}

#[test]
fn a_span_over_two_sentences_touches_both() {
    let doc = SourceDocument::parse(TEXT);
    let found = doc.find_words("2 phases. It takes");
    let (start, end) = found[0];
    assert_eq!(doc.sentences_in(start, end), [0, 1]);
}
