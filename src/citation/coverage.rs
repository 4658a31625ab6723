//! `carepath coverage`: how much of each source's text a pathway's anchors and quotes cover.
//! Each sentence of each text found (bullets count as sentences) with the nodes and edges
//! whose cited words overlap it; the sentences nothing anchors; the sentences the pathway
//! leaves out of scope, with their reasons; and `N of M sentences covered`, where M leaves out
//! the out-of-scope sentences. As text (which shows the sentences' words, read from the local
//! text at run time), JSON and Markdown (which name sentences by label only, `Induction #3`,
//! never copying their words: `build` commits the Markdown).

use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::spans::{resolve, Lookup, Owner};
use super::texts::{PathwayTexts, SourceTextFile, TextStatus};
use crate::model::PathwayFile;
use crate::text::escape::{json_document, markdown_cell_code, markdown_code, markdown_text, terminal_safe};

/// The coverage of one pathway's sources.
#[derive(Debug)]
pub struct Coverage {
    /// The pathway's id.
    pub pathway: String,
    /// The pathway's title.
    pub title: String,
    /// Every source that names a text, in file order.
    pub sources: Vec<SourceCoverage>,
}

/// The coverage of one source's text.
#[derive(Debug)]
pub struct SourceCoverage {
    /// The source's id.
    pub id: String,
    /// The source's title.
    pub title: String,
    /// The file name the source gives as its `text`.
    pub text: String,
    /// Its sentences, when the text was found.
    pub found: Option<FoundText>,
}

/// A source text that was found, sentence by sentence.
#[derive(Debug)]
pub struct FoundText {
    /// The text as read.
    pub file: Arc<SourceTextFile>,
    /// One entry per sentence, in text order.
    pub sentences: Vec<SentenceCoverage>,
}

/// One sentence and what points into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceCoverage {
    /// Index into the document's sentences.
    pub index: usize,
    /// How reports name it: `Induction #3`.
    pub label: String,
    /// The nodes, edges and factors whose cited words overlap it, each once, nodes first.
    pub by: Vec<Owner>,
    /// The reasons of the out-of-scope spans that overlap it.
    pub out_of_scope: Vec<String>,
}

impl SentenceCoverage {
    /// Whether it counts as covered: something anchors into it and it is not out of scope.
    pub fn covered(&self) -> bool {
        !self.by.is_empty() && self.out_of_scope.is_empty()
    }
}

/// Sentence counts: (covered, in scope, out of scope).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// In-scope sentences something anchors into.
    pub covered: usize,
    /// Sentences not out of scope (the M of `N of M`).
    pub in_scope: usize,
    /// Sentences an out-of-scope span touches.
    pub out_of_scope: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.covered += other.covered;
        self.in_scope += other.in_scope;
        self.out_of_scope += other.out_of_scope;
    }

    /// `N of M sentences covered`.
    pub fn line(&self) -> String {
        format!("{} of {} sentences covered", self.covered, self.in_scope)
    }
}

impl FoundText {
    /// This text's counts.
    pub fn counts(&self) -> Counts {
        let out_of_scope = self.sentences.iter().filter(|s| !s.out_of_scope.is_empty()).count();
        Counts {
            covered: self.sentences.iter().filter(|s| s.covered()).count(),
            in_scope: self.sentences.len() - out_of_scope,
            out_of_scope,
        }
    }
}

impl Coverage {
    /// The counts over every text found.
    pub fn counts(&self) -> Counts {
        let mut all = Counts::default();
        for found in self.sources.iter().filter_map(|s| s.found.as_ref()) {
            all.add(found.counts());
        }
        all
    }

    /// Whether every source that names a text had it found.
    pub fn all_found(&self) -> bool {
        self.sources.iter().all(|s| s.found.is_some())
    }
}

/// Maps the words every citation and out-of-scope span of `pathway` points at (looked up in
/// `texts`) onto the sentences of each text found.
///
/// Complexity: O(words × sentences) to place the cited words (each word span is compared with
/// every sentence), after looking each up once ([`resolve`]).
pub fn analyse(pathway: &PathwayFile, texts: &PathwayTexts) -> Coverage {
    let cited = resolve(pathway, texts);
    let mut sources = Vec::new();
    for source in &pathway.sources {
        let Some(text) = &source.text else { continue };
        if sources.iter().any(|s: &SourceCoverage| s.id == source.id) {
            continue; // a duplicate source id: CP010 reports it
        }
        let found = match texts.get(&source.id) {
            Some(TextStatus::Found(file)) => {
                let doc = &file.document;
                let mut sentences: Vec<SentenceCoverage> = doc
                    .sentences()
                    .iter()
                    .enumerate()
                    .map(|(index, s)| SentenceCoverage {
                        index,
                        label: doc.sentence_label(s),
                        by: Vec::new(),
                        out_of_scope: Vec::new(),
                    })
                    .collect();
                for words in cited.iter().filter(|w| w.source == source.id) {
                    let Lookup::Found { start, end } = words.lookup else { continue };
                    for i in doc.sentences_in(start, end) {
                        let sentence = &mut sentences[i];
                        match words.reason {
                            Some(reason) if !sentence.out_of_scope.iter().any(|r| r == reason) => {
                                sentence.out_of_scope.push(reason.to_string())
                            }
                            Some(_) => {}
                            None => sentence.by.push(words.owner),
                        }
                    }
                }
                for sentence in &mut sentences {
                    sentence.by.sort();
                    sentence.by.dedup();
                }
                Some(FoundText { file: Arc::clone(file), sentences })
            }
            _ => None,
        };
        sources.push(SourceCoverage { id: source.id.clone(), title: source.title.clone(), text: text.clone(), found });
    }
    Coverage { pathway: pathway.id.clone(), title: pathway.title.clone(), sources }
}

/// What anchors into a sentence, as the JSON report names it (`kind` and ids, as diagnostics'
/// subjects are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum By {
    Node { id: String },
    Edge { index: usize, from: String, to: String },
    Factor { id: String },
    OptionSet { node: String, id: String },
    Caveat { id: String },
    Source { id: String },
}

fn by(pathway: &PathwayFile, owner: Owner) -> Option<By> {
    Some(match owner {
        Owner::Node(i) => By::Node { id: pathway.nodes.get(i)?.id.clone() },
        Owner::Edge(i) => {
            let e = pathway.edges.get(i)?;
            By::Edge { index: i, from: e.from.clone(), to: e.to.clone() }
        }
        Owner::Factor(i) => By::Factor { id: pathway.factors.get(i)?.id.clone() },
        Owner::OptionSet(i, k) => {
            let node = pathway.nodes.get(i)?;
            By::OptionSet { node: node.id.clone(), id: node.option_sets.get(k)?.id.clone() }
        }
        Owner::Caveat(i) => By::Caveat { id: pathway.caveats.get(i)?.id.clone() },
        Owner::Source(i) => By::Source { id: pathway.sources.get(i)?.id.clone() },
    })
}

/// How an owner is named, each id through `code`: ``node `induction` ``, ``edge `a` → `b` ``.
fn owner_with(pathway: &PathwayFile, owner: Owner, code: fn(&str) -> String) -> String {
    match by(pathway, owner) {
        Some(By::Node { id }) => format!("node {}", code(&id)),
        Some(By::Edge { from, to, .. }) => format!("edge {} → {}", code(&from), code(&to)),
        Some(By::Factor { id }) => format!("factor {}", code(&id)),
        Some(By::OptionSet { node, id }) => format!("option set {} of node {}", code(&id), code(&node)),
        Some(By::Caveat { id }) => format!("caveat {}", code(&id)),
        Some(By::Source { id }) => format!("source {}", code(&id)),
        None => String::new(),
    }
}

/// An owner's name for the terminal.
fn owner_name(pathway: &PathwayFile, owner: Owner) -> String {
    owner_with(pathway, owner, |id| format!("`{id}`"))
}

/// An owner's name for a Markdown table cell, ids as code spans.
fn owner_cell(pathway: &PathwayFile, owner: Owner) -> String {
    owner_with(pathway, owner, markdown_cell_code)
}

/// The report for a terminal: every sentence with its words (from the local text) and what
/// anchors into it, then the sentences nothing anchors, the out-of-scope sentences, and
/// `N of M sentences covered` last.
pub fn render_text(coverage: &Coverage, pathway: &PathwayFile) -> String {
    let mut out = format!("Coverage of `{}` by its citations' anchors and quotes\n", terminal_safe(&coverage.pathway));
    let (mut uncovered, mut excluded) = (Vec::new(), Vec::new());
    for source in &coverage.sources {
        let name = terminal_safe(&source.id);
        let Some(found) = &source.found else {
            let _ = writeln!(
                out,
                "\n{name}: its text `{}` was not found; pass --source-dir DIR, the folder that holds it",
                terminal_safe(&source.text)
            );
            continue;
        };
        let _ = writeln!(
            out,
            "\n{name}: {} ({})",
            terminal_safe(&source.title),
            terminal_safe(&found.file.path.display().to_string())
        );
        let doc = &found.file.document;
        let mut section = None;
        for s in &found.sentences {
            let Some(sentence) = doc.sentences().get(s.index) else { continue };
            if section != Some(sentence.section) {
                section = Some(sentence.section);
                let heading = doc.sections().get(sentence.section).map_or("", String::as_str);
                let _ = writeln!(out, "\n  {}", terminal_safe(heading));
            }
            let status = if !s.out_of_scope.is_empty() {
                excluded.push(format!("{name} {}: {}", s.label, s.out_of_scope.join("; ")));
                format!("out of scope: {}", s.out_of_scope.join("; "))
            } else if s.by.is_empty() {
                uncovered.push(format!("{name} {}", s.label));
                "not anchored".to_string()
            } else {
                s.by.iter().map(|&o| owner_name(pathway, o)).collect::<Vec<_>>().join(", ")
            };
            let number = format!("#{}", sentence.number);
            let _ = writeln!(out, "    {number:4} {}", terminal_safe(&status));
            let _ = writeln!(out, "    {:4} | {}", "", terminal_safe(doc.sentence_text(sentence)));
        }
        let _ = writeln!(out, "\n  {name}: {}", counts_text(found.counts()));
    }
    for (title, list) in [("Not anchored", &uncovered), ("Out of scope", &excluded)] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{title} ({}):", list.len());
            for line in list {
                let _ = writeln!(out, "  {}", terminal_safe(line));
            }
        }
    }
    let _ = writeln!(out, "\n{}", coverage.counts().line());
    out
}

/// `80 of 90 sentences covered, 5 out of scope`.
fn counts_text(counts: Counts) -> String {
    if counts.out_of_scope == 0 {
        counts.line()
    } else {
        format!("{}, {} out of scope", counts.line(), counts.out_of_scope)
    }
}

/// A sentence's label in Markdown: the section escaped, ` #3` as it is (a `#` inside a line
/// starts nothing), so the page reads and searches as `Induction #3`.
fn label_markdown(found: &FoundText, s: &SentenceCoverage) -> String {
    let doc = &found.file.document;
    match doc.sentences().get(s.index) {
        Some(sentence) => {
            let section = doc.sections().get(sentence.section).map_or("", String::as_str);
            format!("{} #{}", markdown_text(section), sentence.number)
        }
        None => markdown_text(&s.label),
    }
}

/// The report as Markdown, as `build` writes it to `out/<id>.coverage.md`: sentences named by
/// label, never their words; no machine paths, so the page is the same on every machine that
/// has the texts.
pub fn render_markdown(coverage: &Coverage, pathway: &PathwayFile) -> String {
    let mut out = format!(
        "# Coverage of {} by its sources' words\n\n\
         Generated by `carepath build` from {} and its sources' texts; do not edit by hand. Each sentence of a \
         source's text (a bullet counts as one) is named by its section and number (`Induction #3`: the third \
         sentence under the heading Induction), with the nodes and edges whose anchors or quotes point into it. The \
         sentences' words are not copied here: `carepath coverage FILE --source-dir DIR` shows them.\n",
        markdown_text(&coverage.title),
        markdown_code(&coverage.pathway),
    );
    for source in &coverage.sources {
        let _ = write!(out, "\n## {} ({})\n\n", markdown_text(&source.title), markdown_code(&source.id));
        let Some(found) = &source.found else {
            let _ =
                writeln!(out, "Its text {} was not found: its sentences are not listed.", markdown_code(&source.text));
            continue;
        };
        let _ = writeln!(out, "Text {}: {}.\n", markdown_code(&source.text), counts_text(found.counts()));
        out.push_str("| sentence | anchored by |\n| --- | --- |\n");
        for s in &found.sentences {
            let by = if !s.out_of_scope.is_empty() {
                format!("*out of scope*: {}", markdown_text(&s.out_of_scope.join("; ")))
            } else if s.by.is_empty() {
                "*not anchored*".to_string()
            } else {
                s.by.iter().map(|&o| owner_cell(pathway, o)).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(out, "| {} | {by} |", label_markdown(found, s));
        }
        let uncovered: Vec<&SentenceCoverage> =
            found.sentences.iter().filter(|s| s.by.is_empty() && s.out_of_scope.is_empty()).collect();
        if !uncovered.is_empty() {
            let _ = write!(out, "\n### Not anchored ({})\n\n", uncovered.len());
            for s in uncovered {
                let _ = writeln!(out, "- {}", label_markdown(found, s));
            }
        }
        let excluded: Vec<&SentenceCoverage> = found.sentences.iter().filter(|s| !s.out_of_scope.is_empty()).collect();
        if !excluded.is_empty() {
            let _ = write!(out, "\n### Out of scope ({})\n\n", excluded.len());
            for s in excluded {
                let _ = writeln!(out, "- {}: {}", label_markdown(found, s), markdown_text(&s.out_of_scope.join("; ")));
            }
        }
    }
    let _ = write!(out, "\n{}\n", coverage.counts().line());
    out
}

#[derive(Serialize)]
struct JsonCoverage<'a> {
    pathway: &'a str,
    sources: Vec<JsonSource<'a>>,
    covered: usize,
    in_scope: usize,
    out_of_scope: usize,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    source: &'a str,
    text: &'a str,
    found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    sentences: Option<Vec<JsonSentence<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    covered: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_scope: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    out_of_scope: Option<usize>,
}

#[derive(Serialize)]
struct JsonSentence<'a> {
    label: &'a str,
    section: &'a str,
    number: usize,
    bullet: bool,
    status: &'static str,
    by: Vec<By>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reasons: Vec<&'a str>,
}

/// The report as one JSON document (shape in docs/citations.md): sentences by label, never
/// their words.
pub fn render_json(coverage: &Coverage, pathway: &PathwayFile) -> Result<String, serde_json::Error> {
    let sources = coverage
        .sources
        .iter()
        .map(|source| {
            let Some(found) = &source.found else {
                return JsonSource {
                    source: &source.id,
                    text: &source.text,
                    found: false,
                    sentences: None,
                    covered: None,
                    in_scope: None,
                    out_of_scope: None,
                };
            };
            let doc = &found.file.document;
            let sentences = found
                .sentences
                .iter()
                .map(|s| {
                    let sentence = doc.sentences().get(s.index);
                    JsonSentence {
                        label: &s.label,
                        section: sentence.and_then(|x| doc.sections().get(x.section)).map_or("", String::as_str),
                        number: sentence.map_or(0, |x| x.number),
                        bullet: sentence.is_some_and(|x| x.bullet),
                        status: if !s.out_of_scope.is_empty() {
                            "out_of_scope"
                        } else if s.by.is_empty() {
                            "not_anchored"
                        } else {
                            "covered"
                        },
                        by: s.by.iter().filter_map(|&o| by(pathway, o)).collect(),
                        reasons: s.out_of_scope.iter().map(String::as_str).collect(),
                    }
                })
                .collect();
            let counts = found.counts();
            JsonSource {
                source: &source.id,
                text: &source.text,
                found: true,
                sentences: Some(sentences),
                covered: Some(counts.covered),
                in_scope: Some(counts.in_scope),
                out_of_scope: Some(counts.out_of_scope),
            }
        })
        .collect();
    let counts = coverage.counts();
    json_document(&JsonCoverage {
        pathway: &coverage.pathway,
        sources,
        covered: counts.covered,
        in_scope: counts.in_scope,
        out_of_scope: counts.out_of_scope,
    })
}

#[cfg(test)]
mod tests;
