//! `carepath cite`: the citation to paste for some words of a source text, or where the words
//! part from the text when they are not in it, so that no author computes a fingerprint by hand.

use std::fmt::Write as _;

use super::document::SourceDocument;
use super::normalize::{fingerprint, normalize};
use crate::text::escape::terminal_safe;

/// Where words were found: their section and the sentences they touch (`Induction #9`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The section heading.
    pub section: String,
    /// Labels of the sentences the words touch, in order.
    pub sentences: Vec<String>,
}

/// What looking words up in a source text found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The words are in the text.
    Found {
        /// The anchor's fingerprint: SHA-256 prefix and length of the normalised words.
        sha256: String,
        /// Length in characters of the normalised words.
        chars: usize,
        /// Every place the words occur, in text order (an anchor matches the first).
        places: Vec<Place>,
    },
    /// The words are not in the text.
    NotFound {
        /// The longest beginning of the words that is in the text, where it is first, and how
        /// the text goes on there; `None` when not even the first word is.
        nearest: Option<Near>,
    },
    /// Nothing to look up: the words are empty once normalised.
    Empty,
}

/// The longest beginning of some words that a text has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    /// The matching beginning, normalised.
    pub matched: String,
    /// Where it is.
    pub place: Place,
    /// How the words go on after it (a few words).
    pub words_go_on: String,
    /// How the text goes on after it (a few words).
    pub text_goes_on: String,
}

/// Looks `words` up in `doc`.
///
/// Complexity: O(n) for a direct match; when the words are not in the text, O(n log m) to find
/// the longest matching beginning (n the text's length, m the words').
pub fn look_up(doc: &SourceDocument, words: &str) -> Lookup {
    let words = normalize(words);
    if words.is_empty() {
        return Lookup::Empty;
    }
    let found = doc.find_words(&words);
    if !found.is_empty() {
        let (sha256, chars) = fingerprint(&words);
        let places = found.iter().map(|&(start, end)| place(doc, start, end)).collect();
        return Lookup::Found { sha256, chars, places };
    }
    // Binary search on the number of characters of the words that the text has in a row.
    let boundaries: Vec<usize> = words.char_indices().map(|(i, _)| i).chain([words.len()]).collect();
    let (mut low, mut high) = (0, boundaries.len() - 1);
    while low < high {
        let mid = (low + high).div_ceil(2);
        if doc.text().contains(&words[..boundaries[mid]]) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let matched = &words[..boundaries[low]];
    let nearest = (!matched.trim().is_empty()).then(|| doc.find_words(matched)).and_then(|f| f.first().copied()).map(
        |(start, end)| Near {
            matched: matched.to_string(),
            place: place(doc, start, end),
            words_go_on: few_words(&words[matched.len()..]),
            text_goes_on: few_words(&doc.text()[end..]),
        },
    );
    Lookup::NotFound { nearest }
}

fn place(doc: &SourceDocument, start: usize, end: usize) -> Place {
    let sentences: Vec<String> =
        doc.sentences_in(start, end).iter().map(|&i| doc.sentence_label(&doc.sentences()[i])).collect();
    let section = doc.section_at(start).unwrap_or_default().to_string();
    Place { section, sentences }
}

/// The first few words of `text` (about 40 characters), or `(the end of the text)`.
fn few_words(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() && out.chars().count() + word.chars().count() > 40 {
            out.push_str(" …");
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        "(the end of the text)".to_string()
    } else {
        out
    }
}

/// The citation to paste, as one line of JSON: `{ "source": .., "section": .., "anchor": {..} }`.
pub fn citation_json(source: Option<&str>, section: &str, sha256: &str, chars: usize) -> String {
    let string = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut out = String::from("{ ");
    if let Some(source) = source {
        let _ = write!(out, "\"source\": {}, ", string(source));
    }
    let _ = write!(
        out,
        "\"section\": {}, \"anchor\": {{ \"sha256\": {}, \"chars\": {chars} }} }}",
        string(section),
        string(sha256)
    );
    terminal_safe(&out)
}

/// What `carepath cite` prints: the citation on standard output, where the words are (or
/// why there is no citation) on standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteOutput {
    /// The citation to paste, one line of JSON; empty when there is none.
    pub stdout: String,
    /// Where the words are, or what went wrong and what to do.
    pub stderr: String,
    /// Whether the words were found.
    pub found: bool,
}

/// Renders a look-up for the terminal. `file` names the text in messages.
pub fn render(lookup: &Lookup, source: Option<&str>, file: &str) -> CiteOutput {
    let file = terminal_safe(file);
    let places = |places: &[Place]| places.iter().map(|p| terminal_safe(&p.sentences.join(", "))).collect::<Vec<_>>();
    match lookup {
        Lookup::Found { sha256, chars, places: found } => {
            let first = found.first().map_or("", |p| p.section.as_str());
            let mut stdout = citation_json(source, first, sha256, *chars);
            stdout.push('\n');
            let labels = places(found);
            let mut stderr = match labels.as_slice() {
                [one] => format!("note: the words are in {one}\n"),
                _ => format!(
                    "warning: the words occur {} times ({}); the anchor matches the first; cite more words to pick one\n",
                    labels.len(),
                    labels.join("; ")
                ),
            };
            if source.is_none() {
                stderr.push_str("note: add the source's id as \"source\" (or pass --source ID)\n");
            }
            CiteOutput { stdout, stderr, found: true }
        }
        Lookup::NotFound { nearest } => {
            let mut stderr = format!("error: the words are not in {file}\n");
            match nearest {
                Some(near) => {
                    let _ = writeln!(
                        stderr,
                        "  = the first {} characters are in {}; there the text goes on \"{}\", the words \"{}\"",
                        near.matched.chars().count(),
                        places(std::slice::from_ref(&near.place)).join(""),
                        terminal_safe(&near.text_goes_on),
                        terminal_safe(&near.words_go_on),
                    );
                }
                None => stderr.push_str("  = not even the first word is in the text\n"),
            }
            stderr
                .push_str("  = help: copy the words from the text again; quotes, dashes and spacing need not match\n");
            CiteOutput { stdout: String::new(), stderr, found: false }
        }
        Lookup::Empty => CiteOutput {
            stdout: String::new(),
            stderr: "error: no words to look up; give the words of the source to cite\n".to_string(),
            found: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Guide\n\nInduction\n\nSome regimens may also include other drugs. Most people go into remission.\n\nMaintenance\n\nSome regimens may also include other drugs.\n";

    #[test]
    fn found_words_give_their_anchor_and_every_place() {
        let doc = SourceDocument::parse(TEXT);
        let Lookup::Found { sha256, chars, places } = look_up(&doc, "may also  include") else { panic!() };
        assert_eq!((sha256.as_str(), chars), (fingerprint("may also include").0.as_str(), 16));
        assert_eq!(
            places,
            [
                Place { section: "Induction".into(), sentences: vec!["Induction #1".into()] },
                Place { section: "Maintenance".into(), sentences: vec!["Maintenance #1".into()] },
            ]
        );
        assert_eq!(
            citation_json(Some("acs"), "Induction", &sha256, chars),
            format!("{{ \"source\": \"acs\", \"section\": \"Induction\", \"anchor\": {{ \"sha256\": \"{sha256}\", \"chars\": 16 }} }}")
        );
    }

    #[test]
    fn missing_words_say_where_they_part_from_the_text() {
        let doc = SourceDocument::parse(TEXT);
        let Lookup::NotFound { nearest: Some(near) } = look_up(&doc, "Most people go into a second remission") else {
            panic!()
        };
        assert_eq!(near.matched, "Most people go into ");
        assert_eq!(near.place.sentences, ["Induction #2"]);
        assert_eq!(near.words_go_on, "a second remission");
        assert_eq!(near.text_goes_on, "remission. Maintenance Some regimens may …");
        assert_eq!(look_up(&doc, "Zebra"), Lookup::NotFound { nearest: None });
        assert_eq!(look_up(&doc, " \n"), Lookup::Empty);
    }
}
