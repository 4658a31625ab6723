use std::path::Path;

use super::*;
use crate::citation::texts::SourceTexts;

fn example() -> (PathwayFile, PathwayTexts) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = root.join("tests/fixtures/coverage/example.json");
    let pathway: PathwayFile = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let texts = SourceTexts::new(&[root.join("tests/fixtures/citation")], 1 << 20);
    let (found, errors) = texts.for_pathway(&file, &pathway);
    assert!(errors.is_empty());
    (pathway, found)
}

#[test]
fn every_sentence_with_what_anchors_into_it() {
    let (pathway, texts) = example();
    let coverage = analyse(&pathway, &texts);
    let found = coverage.sources[0].found.as_ref().unwrap();
    let rows: Vec<(String, Vec<Owner>, usize)> =
        found.sentences.iter().map(|s| (s.label.clone(), s.by.clone(), s.out_of_scope.len())).collect();
    let guide = |n: usize| format!("A Made-Up Guide to Treating Example Disease #{n}");
    let expected = [
        (guide(1), vec![], 1),
        (guide(2), vec![], 1),
        (guide(3), vec![Owner::Node(0)], 0),
        (guide(4), vec![], 0),
        (guide(5), vec![], 0),
        ("Induction #1".to_string(), vec![Owner::Node(1)], 0),
        // The anchor's words occur twice: it matches the first.
        ("Induction #2".to_string(), vec![Owner::Node(2)], 0),
        ("Induction #3".to_string(), vec![], 0),
        ("Maintenance #1".to_string(), vec![Owner::Node(3)], 0),
        ("Maintenance #2".to_string(), vec![], 0),
    ];
    assert_eq!(rows, expected);
    assert_eq!(coverage.counts(), Counts { covered: 4, in_scope: 8, out_of_scope: 2 });
    assert_eq!(coverage.counts().line(), "4 of 8 sentences covered");
}

#[test]
fn markdown_and_json_name_sentences_by_label_and_never_copy_their_words() {
    let (pathway, texts) = example();
    let coverage = analyse(&pathway, &texts);
    let markdown = render_markdown(&coverage, &pathway);
    let json = render_json(&coverage, &pathway).unwrap();
    let doc = &coverage.sources[0].found.as_ref().unwrap().file.document;
    for sentence in doc.sentences() {
        let words = doc.sentence_text(sentence);
        if words.chars().count() > 12 {
            assert!(!markdown.contains(words), "the Markdown copies {words:?}");
            assert!(!json.contains(words), "the JSON copies {words:?}");
        }
    }
    assert!(markdown.ends_with("\n4 of 8 sentences covered\n"), "{markdown}");
    assert!(markdown.contains("| Induction #2 | node `drug_b` |\n"), "{markdown}");
    assert!(markdown
        .contains("- A Made-Up Guide to Treating Example Disease #1: about the guide itself, not the treatment\n"));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((value["covered"].as_u64(), value["in_scope"].as_u64()), (Some(4), Some(8)));
    assert_eq!(value["sources"][0]["sentences"][6]["by"][0]["id"], "drug_b");
    // The text format shows the words, read from the local text.
    let text = render_text(&coverage, &pathway);
    assert!(text.contains("| Induction usually lasts a month or so.\n"), "{text}");
    assert!(text.ends_with("\n4 of 8 sentences covered\n"));
}

#[test]
fn a_text_not_found_is_named_and_not_counted() {
    let (pathway, _) = example();
    let coverage = analyse(&pathway, &PathwayTexts::not_looked_up(&pathway));
    assert!(!coverage.all_found());
    assert_eq!(coverage.counts(), Counts::default());
    assert!(render_markdown(&coverage, &pathway).contains("Its text `guide.txt` was not found"));
    assert!(render_text(&coverage, &pathway).ends_with("\n0 of 0 sentences covered\n"));
}
