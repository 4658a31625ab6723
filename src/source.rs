//! The text of a pathway file and positions in it: [`SourceText`] (the text, its path for
//! messages, line and column of any byte offset), [`Location`] (a position and a byte range)
//! and [`Locator`] (JSON pointer → byte range, scanning only as far as the pointers asked for
//! need, in `source/locator.rs`).
//!
//! This is the lowest layer: diagnostics ([`crate::diag`]) and loading ([`crate::load`]) are
//! built on it, and it imports neither.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

mod locator;
pub use locator::Locator;

/// A position in a file: 1-based line and column (in characters), and the byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset of the start.
    #[serde(skip)]
    pub offset: usize,
    /// Length in bytes.
    #[serde(skip)]
    pub length: usize,
}

/// The text of one pathway file, with its name for messages.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path as given by the user (shown in messages).
    pub path: PathBuf,
    /// The file's text (a leading byte-order mark is kept, so offsets stay true). Private so it
    /// cannot change under the line index built from it: read it with [`SourceText::text`].
    text: String,
    /// Byte offsets where lines start, built on first use (a clean file never needs them).
    line_starts: OnceLock<Vec<usize>>,
    /// [`SourceText::display_path`], shared by every diagnostic of the file.
    shown: Arc<str>,
}

impl SourceText {
    /// Wraps text already in memory.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let path = path.into();
        let shown = Arc::from(display_path(&path));
        SourceText { path, text: text.into(), line_starts: OnceLock::new(), shown }
    }

    /// The file's text (a leading byte-order mark is kept, so offsets stay true).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The path as it appears in messages, with `/` separators on every platform.
    pub fn display_path(&self) -> String {
        self.shown.to_string()
    }

    /// [`SourceText::display_path`] without a copy.
    pub fn shown_path(&self) -> Arc<str> {
        Arc::clone(&self.shown)
    }

    /// 1-based line and column (in characters) of a byte offset.
    ///
    /// Complexity: O(log lines + line length), after an O(n) index of line starts built on
    /// the first call (so many diagnostics in a large file do not each rescan it).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        });
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(line_start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// Byte offset of a 1-based line and column (in characters); clamps to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut offset = 0;
        for (i, l) in self.text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let within: usize = l.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
                return offset + within;
            }
            offset += l.len();
        }
        self.text.len()
    }

    /// A location covering a byte range.
    pub fn location(&self, start: usize, end: usize) -> Location {
        let (line, column) = self.line_col(start);
        Location { line, column, offset: start, length: end.saturating_sub(start) }
    }
}

/// A path as messages show it, with `/` separators on every platform (the file name of every
/// diagnostic, [`SourceText::display_path`]).
pub fn display_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The largest char boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let s = SourceText::new("f.json", "{\n  \"é\": 1\n}");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(4), (2, 3));
        // "é" is two bytes; the colon after it is column 6 in characters.
        let colon = s.text().find(':').unwrap();
        assert_eq!(s.line_col(colon), (2, 6));
        assert_eq!(s.offset_of(2, 6), colon);
    }
}
