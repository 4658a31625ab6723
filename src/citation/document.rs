//! A source's text as carepath reads it: normalised once, cut into sections (by their
//! headings) and sentences (bullets count as sentences), with the look-ups citations need:
//! where an anchor's words are, where some words are, and which sentences a span touches.
//!
//! The text file is the page as published with navigation removed: blocks separated by blank
//! lines; a block of one short line that does not end like a sentence is a heading; a line
//! starting with `•` is a bullet. Sentences end at `.`, `?` or `!` followed by a space and a
//! capital letter, digit, bracket or quote, except after a common abbreviation.

use super::normalize::{normalize, sha256_prefix};

/// A heading is at most this many characters.
const HEADING_MAX_CHARS: usize = 100;

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "etc", "vs", "Dr", "Mr", "Mrs", "Ms", "St", "No", "al", "ed", "eds", "Pa", "Fig",
    "approx",
];

/// One sentence (or bullet) of a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index into [`SourceDocument::sections`].
    pub section: usize,
    /// 1-based position among its section's sentences.
    pub number: usize,
    /// Byte range in the normalised text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Whether it is a bullet of a list.
    pub bullet: bool,
}

/// A source text, normalised, with its sections and sentences.
#[derive(Debug, Clone)]
pub struct SourceDocument {
    text: String,
    sections: Vec<String>,
    sentences: Vec<Sentence>,
    /// Byte offset of every character of `text`, and `text.len()` last.
    char_offsets: Vec<usize>,
}

impl SourceDocument {
    /// Reads a source text (see the module doc for the layout it expects). Text before the
    /// first heading belongs to a section named after the first line.
    ///
    /// Complexity: O(n) in the text's length.
    pub fn parse(raw: &str) -> SourceDocument {
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let mut doc = SourceDocument {
            text: String::new(),
            sections: Vec::new(),
            sentences: Vec::new(),
            char_offsets: Vec::new(),
        };
        let mut numbers: Vec<usize> = Vec::new();
        for block in blocks(raw) {
            let lines: Vec<&str> = block.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            if lines.is_empty() {
                continue;
            }
            if is_heading(&lines) {
                let start = doc.push(&normalize(lines[0]));
                doc.sections.push(doc.text[start..].to_string());
                numbers.push(0);
                continue;
            }
            if doc.sections.is_empty() {
                doc.sections.push(String::new());
                numbers.push(0);
            }
            // A bullet runs until the next bullet; other lines of a paragraph run on.
            let mut items: Vec<(bool, String)> = Vec::new();
            for line in lines {
                match line.strip_prefix('•') {
                    Some(rest) => items.push((true, rest.trim().to_string())),
                    None => match items.last_mut() {
                        Some((_, text)) => {
                            text.push(' ');
                            text.push_str(line);
                        }
                        None => items.push((false, line.to_string())),
                    },
                }
            }
            for (bullet, item) in items {
                let item = normalize(&item);
                let base = doc.push_marked(&item, bullet);
                for (s, e) in split_sentences(&item) {
                    let section = doc.sections.len() - 1;
                    numbers[section] += 1;
                    doc.sentences.push(Sentence {
                        section,
                        number: numbers[section],
                        start: base + s,
                        end: base + e,
                        bullet,
                    });
                }
            }
        }
        if doc.sections.first().is_some_and(String::is_empty) {
            doc.sections[0] = raw.lines().map(str::trim).find(|l| !l.is_empty()).map(normalize).unwrap_or_default();
        }
        doc.char_offsets = doc.text.char_indices().map(|(i, _)| i).chain([doc.text.len()]).collect();
        doc
    }

    /// Appends normalised text, separated from what came before by one space; returns where it starts.
    fn push(&mut self, text: &str) -> usize {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(text);
        start
    }

    /// [`Self::push`] for a list item, keeping its `•` in the text as the file has it.
    fn push_marked(&mut self, text: &str, bullet: bool) -> usize {
        if bullet {
            self.push("•");
            self.text.push(' ');
            let start = self.text.len();
            self.text.push_str(text);
            start
        } else {
            self.push(text)
        }
    }

    /// The whole text, normalised: what anchors are computed over.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Section headings, in order.
    pub fn sections(&self) -> &[String] {
        &self.sections
    }

    /// Sentences, in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// A sentence's words.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        self.text.get(sentence.start..sentence.end).unwrap_or_default()
    }

    /// How a sentence is named in reports that must not copy it: `Induction #3`.
    pub fn sentence_label(&self, sentence: &Sentence) -> String {
        let section = self.sections.get(sentence.section).map_or("", String::as_str);
        format!("{section} #{}", sentence.number)
    }

    /// The byte range of the first span of the normalised text whose fingerprint is `sha256`
    /// (hex prefix) and `chars` characters long. Spans starting at a word or punctuation
    /// boundary are tried first, then every position.
    ///
    /// Complexity: O(n × chars) hashing in the worst case (words not found), about
    /// O(words × chars) when they are found at a boundary.
    pub fn find_anchor(&self, sha256: &str, chars: usize) -> Option<(usize, usize)> {
        if chars == 0 || chars >= self.char_offsets.len() {
            return None;
        }
        let sha256 = sha256.to_ascii_lowercase();
        let last = self.char_offsets.len() - 1 - chars;
        let chars_of: Vec<char> = self.text.chars().collect();
        let boundary = |i: usize| i == 0 || !chars_of[i - 1].is_alphanumeric() || !chars_of[i].is_alphanumeric();
        let try_at = |i: usize| {
            let (start, end) = (self.char_offsets[i], self.char_offsets[i + chars]);
            (sha256_prefix(&self.text[start..end]) == sha256).then_some((start, end))
        };
        (0..=last)
            .filter(|&i| boundary(i))
            .find_map(try_at)
            .or_else(|| (0..=last).filter(|&i| !boundary(i)).find_map(try_at))
    }

    /// Byte ranges of every occurrence of `words` (normalised first) in the normalised text.
    pub fn find_words(&self, words: &str) -> Vec<(usize, usize)> {
        let words = normalize(words);
        if words.is_empty() {
            return Vec::new();
        }
        self.text.match_indices(&words).map(|(i, w)| (i, i + w.len())).collect()
    }

    /// Indices (into [`Self::sentences`]) of the sentences a byte range overlaps.
    pub fn sentences_in(&self, start: usize, end: usize) -> Vec<usize> {
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start < end.max(start + 1) && start < s.end)
            .map(|(i, _)| i)
            .collect()
    }

    /// The section a byte offset falls in: the last heading before it.
    pub fn section_at(&self, offset: usize) -> Option<&str> {
        let sentence = self.sentences.iter().take_while(|s| s.start <= offset).last()?;
        self.sections.get(sentence.section).map(String::as_str)
    }
}

/// Blocks of a text: runs of lines separated by blank lines.
fn blocks(raw: &str) -> Vec<String> {
    let mut blocks = vec![String::new()];
    for line in raw.lines() {
        if line.trim().is_empty() {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(String::new());
            }
        } else if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// One short line that does not end like a sentence or a lead-in (`:`), and is no bullet.
fn is_heading(lines: &[&str]) -> bool {
    let [line] = lines else { return false };
    !line.starts_with('•')
        && line.chars().count() <= HEADING_MAX_CHARS
        && !line.ends_with(['.', '?', '!', ':', ';', ','])
}

/// Byte ranges of the sentences of normalised text.
fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        // Closing brackets and quotes after the stop belong to the sentence.
        let mut j = k + 1;
        while matches!(chars.get(j), Some((_, ')' | '"' | '\''))) {
            j += 1;
        }
        let (Some(&(space_at, ' ')), Some(&(_, next))) = (chars.get(j), chars.get(j + 1)) else { continue };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '(' | '"' | '\'')) {
            continue;
        }
        if c == '.' && is_abbreviation(&text[start..i]) {
            continue;
        }
        sentences.push((start, space_at));
        start = space_at + 1;
    }
    if start < text.len() {
        sentences.push((start, text.len()));
    }
    sentences
}

/// Whether the word before a full stop is a common abbreviation (`e.g`, `Dr`). Initials are
/// not told apart from a sentence ending in a capital (`drug B.`): both end the sentence.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit([' ', '(']).next().unwrap_or("");
    ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests;
