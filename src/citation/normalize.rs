//! The one normalisation of a source's words, and the fingerprint (anchor) computed from it.
//!
//! Normalising: Unicode NFKC; curly single quotes → `'`, curly double quotes → `"`, en and em
//! dashes → `-`, no-break space → space; every run of white space → one space; trimmed; case
//! kept. The fingerprint is the first 16 hex digits of the SHA-256 of the normalised words as
//! UTF-8, with their length in Unicode scalar values: enough to tell the words apart, and
//! nothing from which the words could be read back, so a source whose text may not be copied
//! can still be cited word for word.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// How many hex digits of the SHA-256 an anchor keeps.
pub const ANCHOR_HEX_DIGITS: usize = 16;

/// Normalises words for comparison and fingerprinting (see the module doc).
///
/// Complexity: O(n) in the length of `text`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The fingerprint of words that are already normalised: the first [`ANCHOR_HEX_DIGITS`] hex
/// digits of their SHA-256, and their length in Unicode scalar values.
///
/// Complexity: O(n) in the length of `normalized`.
pub fn fingerprint(normalized: &str) -> (String, usize) {
    (sha256_prefix(normalized), normalized.chars().count())
}

/// The first [`ANCHOR_HEX_DIGITS`] lowercase hex digits of the SHA-256 of `text` as UTF-8.
pub fn sha256_prefix(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(ANCHOR_HEX_DIGITS);
    for byte in digest.iter().take(ANCHOR_HEX_DIGITS / 2) {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_quotes_dashes_spaces_and_compatibility_forms() {
        assert_eq!(
            normalize("  a person\u{2019}s \u{201c}risk\u{201d}\u{a0}\u{2013} high\n\n\tdose "),
            "a person's \"risk\" - high dose"
        );
        // NFKC: the ligature and the full-width digit become plain letters and digits.
        assert_eq!(normalize("\u{fb01}ve \u{ff11}0%"), "five 10%");
        // Case is kept.
        assert_eq!(normalize("Imatinib"), "Imatinib");
        assert_eq!(normalize(" \n "), "");
    }

    #[test]
    fn fingerprint_is_the_sha256_prefix_and_the_length_in_characters() {
        // SHA-256("hello world") = b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
        assert_eq!(fingerprint("hello world"), ("b94d27b9934d3e08".to_string(), 11));
        // Length counts scalar values, not bytes.
        assert_eq!(fingerprint("é").1, 1);
    }
}
