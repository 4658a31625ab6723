//! Where the words of each citation are in its source's text: every `quote` and `anchor` of a
//! pathway's citations, and every `out_of_scope` anchor of its sources, looked up in the texts
//! found for them. Validation reports the words that are not there; `coverage` maps the ones
//! that are onto the text's sentences.

use super::normalize::ANCHOR_HEX_DIGITS;
use super::texts::{PathwayTexts, TextStatus};
use crate::model::{Anchor, Citation, PathwayFile};
use crate::text::number::decimal;

/// What carries a citation or an out-of-scope span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// Node `i` (index in `nodes`).
    Node(usize),
    /// Edge `i` (index in `edges`).
    Edge(usize),
    /// Factor `i` (index in `factors`).
    Factor(usize),
    /// Option set `k` of node `i`.
    OptionSet(usize, usize),
    /// Caveat `i` (index in `caveats`).
    Caveat(usize),
    /// Source `i` (index in `sources`): one of its `out_of_scope` spans.
    Source(usize),
}

/// A citation with the JSON pointer of its object and what carries it.
#[derive(Debug, Clone, Copy)]
pub struct CitationAt<'a> {
    /// What carries it.
    pub owner: Owner,
    /// Its position in the owner's `sources`.
    pub position: usize,
    /// The citation.
    pub citation: &'a Citation,
}

impl CitationAt<'_> {
    /// The JSON pointer of the citation object, e.g. `/nodes/3/sources/0`.
    pub fn pointer(&self) -> String {
        self.pointer_to("")
    }

    /// The JSON pointer of `field` of the citation object (`/nodes/3/sources/0/quote`), or of
    /// the object for an empty `field`. Written without `format!`: every citation of every
    /// file validated has one.
    pub fn pointer_to(&self, field: &str) -> String {
        let (array, i, set) = match self.owner {
            Owner::Node(i) => ("/nodes/", i, None),
            Owner::Edge(i) => ("/edges/", i, None),
            Owner::Factor(i) => ("/factors/", i, None),
            Owner::OptionSet(i, k) => ("/nodes/", i, Some(k)),
            Owner::Caveat(i) => ("/caveats/", i, None),
            Owner::Source(i) => ("/sources/", i, None),
        };
        let mut pointer = String::with_capacity(48);
        pointer.push_str(array);
        push_index(&mut pointer, i);
        if let Some(k) = set {
            pointer.push_str("/option_sets/");
            push_index(&mut pointer, k);
        }
        pointer.push_str("/sources/");
        push_index(&mut pointer, self.position);
        if !field.is_empty() {
            pointer.push('/');
            pointer.push_str(field);
        }
        pointer
    }
}

/// Appends `n` in decimal ([`decimal`]: no allocation).
fn push_index(out: &mut String, n: usize) {
    let mut buffer = [0u8; 40];
    out.extend(decimal(n as u128, &mut buffer).iter().map(|&d| char::from(d)));
}

/// Every citation of the file: nodes (each followed by its option sets), edges, factors, then
/// caveats.
///
/// Complexity: O(citations).
pub fn every_citation<'a>(pathway: &'a PathwayFile) -> Vec<CitationAt<'a>> {
    let at = |owner: Owner, sources: &'a [Citation]| {
        sources.iter().enumerate().map(move |(position, citation)| CitationAt { owner, position, citation })
    };
    let nodes = pathway.nodes.iter().enumerate().flat_map(|(i, n)| {
        let sets = n.option_sets.iter().enumerate().flat_map(move |(k, set)| at(Owner::OptionSet(i, k), &set.sources));
        at(Owner::Node(i), &n.sources).chain(sets)
    });
    let edges = pathway.edges.iter().enumerate().flat_map(|(i, e)| at(Owner::Edge(i), &e.sources));
    let factors = pathway.factors.iter().enumerate().flat_map(|(i, f)| at(Owner::Factor(i), &f.sources));
    let caveats = pathway.caveats.iter().enumerate().flat_map(|(i, c)| at(Owner::Caveat(i), &c.sources));
    nodes.chain(edges).chain(factors).chain(caveats).collect()
}

/// How the words are given.
#[derive(Debug, Clone, Copy)]
pub enum Words<'a> {
    /// The words themselves.
    Quote(&'a str),
    /// Their fingerprint.
    Anchor(&'a Anchor),
}

/// Whether an anchor is well formed: [`ANCHOR_HEX_DIGITS`] lowercase hex digits and a length
/// of at least one character.
pub fn well_formed(anchor: &Anchor) -> bool {
    anchor.sha256.len() == ANCHOR_HEX_DIGITS
        && anchor.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && anchor.chars > 0
}

/// What looking some cited words up found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The words are in the text, at this byte range of its normalised text (the first place,
    /// when they occur more than once).
    Found {
        /// Start (inclusive).
        start: usize,
        /// End (exclusive).
        end: usize,
    },
    /// The text was read and the words are not in it.
    NotInText,
    /// Not looked up: a malformed anchor, or a quote with no words.
    Malformed,
    /// Not looked up: the source names no `text`.
    NoText,
    /// Not looked up: the source's text was not found or could not be read.
    TextMissing,
    /// Not looked up: the citation names no declared source.
    UnknownSource,
}

/// Some words of a source that the pathway points at: a citation's `quote` or `anchor`, or an
/// `out_of_scope` anchor of the source itself, with what looking them up found.
#[derive(Debug, Clone)]
pub struct CitedWords<'a> {
    /// What carries them.
    pub owner: Owner,
    /// The JSON pointer of the `quote` or `anchor` value.
    pub pointer: String,
    /// The source id.
    pub source: &'a str,
    /// The citation's section, if it names one.
    pub section: Option<&'a str>,
    /// The words, as given.
    pub words: Words<'a>,
    /// What looking them up found.
    pub lookup: Lookup,
    /// For an out-of-scope span: why the pathway leaves it out.
    pub reason: Option<&'a str>,
}

/// Looks up every quote and anchor of `pathway`'s citations, then every `out_of_scope` anchor
/// of its sources, in the texts found for their sources.
///
/// Complexity: per anchor, [`SourceDocument::find_anchor`](super::document::SourceDocument::find_anchor)
/// once per run (repeated anchors are remembered); per quote, O(n) in the text's length.
pub fn resolve<'a>(pathway: &'a PathwayFile, texts: &PathwayTexts) -> Vec<CitedWords<'a>> {
    let mut all = Vec::new();
    for at in every_citation(pathway) {
        let c = at.citation;
        if let Some(quote) = &c.quote {
            let lookup = look_up(pathway, texts, &c.source, Words::Quote(quote));
            let pointer = at.pointer_to("quote");
            all.push(CitedWords {
                owner: at.owner,
                pointer,
                source: &c.source,
                section: c.section.as_deref(),
                words: Words::Quote(quote),
                lookup,
                reason: None,
            });
        }
        if let Some(anchor) = &c.anchor {
            let lookup = look_up(pathway, texts, &c.source, Words::Anchor(anchor));
            let pointer = at.pointer_to("anchor");
            all.push(CitedWords {
                owner: at.owner,
                pointer,
                source: &c.source,
                section: c.section.as_deref(),
                words: Words::Anchor(anchor),
                lookup,
                reason: None,
            });
        }
    }
    for (i, source) in pathway.sources.iter().enumerate() {
        for (k, entry) in source.out_of_scope.iter().enumerate() {
            all.push(CitedWords {
                owner: Owner::Source(i),
                pointer: format!("/sources/{i}/out_of_scope/{k}/anchor"),
                source: &source.id,
                section: None,
                words: Words::Anchor(&entry.anchor),
                lookup: look_up(pathway, texts, &source.id, Words::Anchor(&entry.anchor)),
                reason: Some(&entry.reason),
            });
        }
    }
    all
}

fn look_up(pathway: &PathwayFile, texts: &PathwayTexts, source: &str, words: Words) -> Lookup {
    let Some(declared) = pathway.sources.iter().find(|s| s.id == source) else { return Lookup::UnknownSource };
    let malformed = match words {
        Words::Anchor(anchor) => !well_formed(anchor),
        Words::Quote(quote) => super::normalize::normalize(quote).is_empty(),
    };
    if malformed {
        return Lookup::Malformed;
    }
    if declared.text.is_none() {
        return Lookup::NoText;
    }
    let Some(TextStatus::Found(file)) = texts.get(source) else { return Lookup::TextMissing };
    let found = match words {
        Words::Anchor(anchor) => file.find_anchor(&anchor.sha256, anchor.chars as usize),
        Words::Quote(quote) => file.document.find_words(quote).first().copied(),
    };
    match found {
        Some((start, end)) => Lookup::Found { start, end },
        None => Lookup::NotInText,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::citation::normalize::fingerprint;
    use crate::citation::texts::SourceTexts;

    #[test]
    fn every_quote_and_anchor_is_looked_up_in_its_source_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("guide.txt"),
            "Guide\n\nInduction lasts a month. Most people go into remission.\n",
        )
        .unwrap();
        let (sha, chars) = fingerprint("Most people go into remission.");
        let text = serde_json::json!({
            "id": "p", "title": "P", "version": "1",
            "sources": [
                { "id": "guide", "title": "Guide", "text": "guide.txt",
                  "out_of_scope": [{ "anchor": { "sha256": sha, "chars": chars }, "reason": "r" }] },
                { "id": "book", "title": "Book" }
            ],
            "nodes": [{ "id": "a", "kind": "start", "label": "A", "sources": [
                { "source": "guide", "section": "Guide", "quote": "induction  lasts" },
                { "source": "guide", "quote": "Induction lasts" },
                { "source": "guide", "anchor": { "sha256": sha, "chars": chars } },
                { "source": "guide", "anchor": { "sha256": "0123456789abcdef", "chars": 5 } },
                { "source": "guide", "anchor": { "sha256": "XYZ", "chars": 5 } },
                { "source": "book", "quote": "anything" },
                { "source": "nowhere", "quote": "anything" },
                { "source": "guide" }
            ] }],
            "edges": []
        });
        let pathway: PathwayFile = serde_json::from_value(text).unwrap();
        let texts = SourceTexts::new(&[], 1 << 20);
        let (found, _) = texts.for_pathway(&dir.path().join("p.json"), &pathway);
        let resolved = resolve(&pathway, &found);
        let got: Vec<(&str, Lookup)> = resolved.iter().map(|w| (w.pointer.as_str(), w.lookup)).collect();
        assert_eq!(
            got,
            [
                ("/nodes/0/sources/0/quote", Lookup::NotInText), // case is kept
                ("/nodes/0/sources/1/quote", Lookup::Found { start: 6, end: 21 }),
                ("/nodes/0/sources/2/anchor", Lookup::Found { start: 31, end: 61 }),
                ("/nodes/0/sources/3/anchor", Lookup::NotInText),
                ("/nodes/0/sources/4/anchor", Lookup::Malformed),
                ("/nodes/0/sources/5/quote", Lookup::NoText),
                ("/nodes/0/sources/6/quote", Lookup::UnknownSource),
                ("/sources/0/out_of_scope/0/anchor", Lookup::Found { start: 31, end: 61 }),
            ]
        );
        let (missing, _) = SourceTexts::new(&[], 1 << 20).for_pathway(&PathBuf::from("nowhere/p.json"), &pathway);
        assert_eq!(resolve(&pathway, &missing)[1].lookup, Lookup::TextMissing);
    }

    #[test]
    fn option_sets_and_caveats_cite_too() {
        let text = serde_json::json!({
            "id": "p", "title": "P", "version": "1",
            "sources": [{ "id": "s", "title": "S" }],
            "caveats": [{ "id": "vary", "text": "Rates vary.", "sources": [{ "source": "s", "quote": "vary" }] }],
            "nodes": [{ "id": "a", "kind": "phase", "label": "A", "sources": [{ "source": "s" }],
                        "option_sets": [{ "id": "cns", "label": "CNS", "choose": "one_or_more", "sources": [{ "source": "s" }] }] }],
            "edges": [{ "from": "a", "to": "a", "sources": [{ "source": "s" }] }]
        });
        let pathway: PathwayFile = serde_json::from_value(text).unwrap();
        let pointers: Vec<String> = every_citation(&pathway).iter().map(CitationAt::pointer).collect();
        assert_eq!(
            pointers,
            ["/nodes/0/sources/0", "/nodes/0/option_sets/0/sources/0", "/edges/0/sources/0", "/caveats/0/sources/0"]
        );
        let words = resolve(&pathway, &PathwayTexts::not_looked_up(&pathway));
        assert_eq!((words[0].owner, words[0].lookup), (Owner::Caveat(0), Lookup::NoText));
    }

    #[test]
    fn pointers_write_every_digit_of_their_indices() {
        let citation = Citation { source: "s".into(), ..Citation::default() };
        let at = |owner, position| CitationAt { owner, position, citation: &citation };
        assert_eq!(
            at(Owner::OptionSet(12, 305), 1000).pointer_to("quote"),
            "/nodes/12/option_sets/305/sources/1000/quote"
        );
        assert_eq!(at(Owner::Edge(9), 10).pointer(), "/edges/9/sources/10");
        assert_eq!(at(Owner::Factor(usize::MAX), 0).pointer(), format!("/factors/{}/sources/0", usize::MAX));
    }

    #[test]
    fn anchors_are_well_formed_with_sixteen_lowercase_hex_digits_and_a_length() {
        let anchor = |sha256: &str, chars| Anchor { sha256: sha256.into(), chars };
        assert!(well_formed(&anchor("0123456789abcdef", 1)));
        assert!(!well_formed(&anchor("0123456789ABCDEF", 1)));
        assert!(!well_formed(&anchor("0123456789abcde", 1)));
        assert!(!well_formed(&anchor("0123456789abcdef0", 1)));
        assert!(!well_formed(&anchor("0123456789abcdeg", 1)));
        assert!(!well_formed(&anchor("0123456789abcdef", 0)));
    }
}
