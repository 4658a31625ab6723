//! No sentence of the ACS page appears in the repository: its text may not be copied (facts and
//! figures may; pathways cite its words by anchors). Every text file git knows of (committed,
//! staged, or new and not ignored), normalised as anchors are, is searched for every sentence
//! of the page longer than 40 characters; the section headings are short and may appear. The
//! page's literature references may be cited as they are: a sentence that is part of the
//! `citation` of a source of a pathway (a bibliographic reference) is not searched for.
//!
//! The page is not in the repository: it is read from `../shared/sources/` beside it (or from
//! the folder `CAREPATH_SHARED_SOURCES` names). Where it is absent the test says `SKIP` and
//! passes, so a fresh clone without it still tests.

use std::path::{Path, PathBuf};

use carepath::citation::document::SourceDocument;
use carepath::citation::normalize::normalize;

/// The page's text file.
const PAGE: &str = "acs-adult-all-treatment.txt";

/// Sentences this long or shorter are not searched for: headings, bullets such as
/// "Maintenance", and phrases any page on the subject would use.
const MIN_CHARS: usize = 40;

/// Files larger than this are not text a person wrote (and not searched).
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

fn sources_dir(root: &Path) -> PathBuf {
    std::env::var_os("CAREPATH_SHARED_SOURCES").map_or_else(|| root.join("../shared/sources"), PathBuf::from)
}

/// The sentences of `doc` longer than [`MIN_CHARS`], with their labels.
fn long_sentences(doc: &SourceDocument) -> Vec<(String, &str)> {
    doc.sentences()
        .iter()
        .map(|s| (doc.sentence_label(s), doc.sentence_text(s)))
        .filter(|(_, words)| words.chars().count() > MIN_CHARS)
        .collect()
}

/// The labels of the `sentences` that `text` contains once normalised.
fn copied_in<'a>(text: &str, sentences: &'a [(String, &str)]) -> Vec<&'a str> {
    let text = normalize(text);
    sentences.iter().filter(|(_, words)| text.contains(words)).map(|(label, _)| label.as_str()).collect()
}

/// The `citation` of every source of every pathway in `pathways/`, normalised.
fn reference_citations(root: &Path) -> Vec<String> {
    let mut citations = Vec::new();
    for entry in std::fs::read_dir(root.join("pathways")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for source in file["sources"].as_array().into_iter().flatten() {
            if let Some(citation) = source["citation"].as_str() {
                citations.push(normalize(citation));
            }
        }
    }
    citations
}

/// Every file git knows of in the repository: tracked, and new but not ignored.
fn repository_files(root: &Path) -> Option<Vec<PathBuf>> {
    let output = std::process::Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let list = String::from_utf8(output.stdout).ok()?;
    let mut files: Vec<PathBuf> = list.split('\0').filter(|f| !f.is_empty()).map(|f| root.join(f)).collect();
    files.sort();
    files.dedup();
    Some(files)
}

#[test]
fn no_sentence_of_the_acs_page_is_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = sources_dir(root).join(PAGE);
    let Ok(raw) = std::fs::read_to_string(&page) else {
        eprintln!("SKIP: {} not found", page.display());
        return;
    };
    let doc = SourceDocument::parse(&raw);
    let references = reference_citations(root);
    let mut sentences = long_sentences(&doc);
    sentences.retain(|(_, words)| !references.iter().any(|r| r.contains(words)));
    assert!(sentences.len() > 50, "the page has {} long sentences: is it the page?", sentences.len());
    let Some(files) = repository_files(root) else {
        eprintln!("SKIP: not a git repository, or git is not installed");
        return;
    };
    let mut copied = Vec::new();
    let mut searched = 0;
    for file in &files {
        let Ok(meta) = std::fs::metadata(file) else { continue }; // listed but deleted
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            continue;
        }
        let Ok(bytes) = std::fs::read(file) else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue }; // not text
        if text.contains('\0') {
            continue;
        }
        searched += 1;
        for label in copied_in(&text, &sentences) {
            // The label only: the report must not copy the sentence either.
            copied.push(format!("{}: {label}", file.strip_prefix(root).unwrap_or(file).display()));
        }
    }
    assert!(searched > 100, "only {searched} files searched");
    assert!(
        copied.is_empty(),
        "sentences of the ACS page copied into the repository (paraphrase them):\n{}",
        copied.join("\n")
    );
}

/// The search finds a sentence however its spacing, quotes and dashes were changed, and only
/// sentences longer than 40 characters (shown on the made-up guide, not the page).
#[test]
fn a_copied_sentence_is_found_through_spacing_quotes_and_dashes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = SourceDocument::parse(&std::fs::read_to_string(root.join("tests/fixtures/citation/guide.txt")).unwrap());
    let sentences = long_sentences(&doc);
    let labels: Vec<&str> = sentences.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "A Made-Up Guide to Treating Example Disease #1",
            "A Made-Up Guide to Treating Example Disease #2",
            "A Made-Up Guide to Treating Example Disease #3",
            "Induction #3"
        ]
    );
    let note = "As the guide says: A person\u{2019}s doctor \u{2014} not this guide \u{2014}\n   decides.";
    assert_eq!(copied_in(note, &sentences), ["Induction #3"]);
    assert!(copied_in("A person's doctor decides.", &sentences).is_empty());
}
