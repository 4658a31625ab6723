//! The text of a pathway file and positions in it: [`SourceText`] (the text, its path for
//! messages, line and column of any byte offset), [`Location`] (a position and a byte range)
//! and [`Locator`] (JSON pointer → byte range, built in one pass over the text on first use).
//!
//! This is the lowest layer: diagnostics ([`crate::diag`]) and loading ([`crate::load`]) are
//! built on it, and it imports neither.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

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

/// Maps JSON pointers (e.g. `/nodes/3/id`) to byte ranges of the file's text.
///
/// The index is built on first use, from the text passed in (always the same file's text,
/// which the locator does not copy): a clean file never pays for it.
#[derive(Debug, Default)]
pub struct Locator {
    tree: OnceLock<Vec<Entry>>,
    /// For each array (by entry), the entries of its elements in order: built on the first
    /// array index of [`WALK`] or more followed, so `/nodes/99999` is one look-up, not a walk
    /// past 99,999 siblings.
    elements: OnceLock<HashMap<usize, Vec<usize>>>,
}

/// One JSON value of the file, in a tree kept as a flat list in text order: each value links
/// to its first member and to its next sibling. Keys stay in the text (no string per value, no
/// hashing): a pointer is followed down from the root (entry 0).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The value's byte range in the file.
    start: usize,
    end: usize,
    /// For an object member: its key's byte range in the file, quotes included; else empty.
    key: (usize, usize),
    /// The entry of the first member (objects and arrays), and of the next sibling.
    first: usize,
    next: usize,
}

/// No entry.
const NONE: usize = usize::MAX;

/// Array elements before this index are reached by walking their siblings; later ones by
/// [`Locator::elements`], built on the first such look-up.
const WALK: usize = 64;

impl Locator {
    fn tree(&self, text: &str) -> &[Entry] {
        self.tree.get_or_init(|| index(text).unwrap_or_default())
    }

    /// The element entries of every array of `tree` (see [`Locator::elements`]).
    ///
    /// Complexity: O(values), once.
    fn elements(&self, text: &str, tree: &[Entry]) -> &HashMap<usize, Vec<usize>> {
        self.elements.get_or_init(|| {
            let mut arrays = HashMap::default();
            for (at, entry) in tree.iter().enumerate() {
                if text.get(entry.start..entry.start + 1) != Some("[") {
                    continue;
                }
                let mut members = Vec::new();
                let mut member = entry.first;
                while let Some(m) = tree.get(member) {
                    members.push(member);
                    member = m.next;
                }
                arrays.insert(at, members);
            }
            arrays
        })
    }

    /// The entry of the value at `pointer`, or of its nearest ancestor that exists, and
    /// whether it is the value itself.
    ///
    /// Complexity: O(object members passed over on the way down); an array element is one
    /// look-up (after an O(values) index of the arrays, built once).
    fn find(&self, text: &str, pointer: &str) -> Option<(Entry, bool)> {
        let tree = self.tree(text);
        let mut at = *tree.first()?;
        let mut at_index = 0;
        let Some(rest) = pointer.strip_prefix('/') else { return Some((at, pointer.is_empty())) };
        for segment in rest.split('/') {
            let segment: std::borrow::Cow<str> = if segment.contains('~') {
                segment.replace("~1", "/").replace("~0", "~").into()
            } else {
                segment.into()
            };
            let object = text.get(at.start..at.start + 1) == Some("{");
            // An array index is digits with no leading zero (RFC 6901): `01` or `+1` name nothing.
            let canonical = !segment.is_empty()
                && segment.bytes().all(|b| b.is_ascii_digit())
                && (segment == "0" || !segment.starts_with('0'));
            let index = if object { None } else { Some(segment.parse::<usize>().ok().filter(|_| canonical)) };
            if let Some(i) = index {
                let element = i.and_then(|i| {
                    if i < WALK {
                        // A near element is found by walking: a small file never builds the map.
                        (0..i).try_fold(at.first, |e, _| tree.get(e).map(|entry| entry.next)).filter(|&e| e != NONE)
                    } else {
                        self.elements(text, tree).get(&at_index)?.get(i).copied()
                    }
                });
                match element.and_then(|e| tree.get(e).map(|entry| (e, *entry))) {
                    Some((e, entry)) => (at, at_index) = (entry, e),
                    None => return Some((at, false)),
                }
                continue;
            }
            let mut member = tree.get(at.first).copied();
            let mut member_index = at.first;
            while let Some(m) = member {
                if key_is(text, m.key, &segment) {
                    break;
                }
                member_index = m.next;
                member = tree.get(m.next).copied();
            }
            match member {
                Some(m) => (at, at_index) = (m, member_index),
                None => return Some((at, false)),
            }
        }
        Some((at, true))
    }
}

/// Whether the key at byte range `key` of `text` (a JSON string, quotes included) is `name`.
fn key_is(text: &str, key: (usize, usize), name: &str) -> bool {
    let Some(raw) = text.get(key.0..key.1) else { return false };
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => inner == name,
        _ => serde_json::from_str::<String>(raw).is_ok_and(|k| k == name),
    }
}

/// Indexes every value of a JSON text (see [`Entry`]) in one pass over its bytes. `None` for
/// text that is not well-formed JSON (callers then fall back to the file with no position).
/// The locator only ever sees text serde_json has parsed, so this scanner only needs to find
/// where values, keys and members start and end; it still refuses anything malformed rather
/// than guess.
///
/// Complexity: O(n) in the text's length; one entry per value, no other allocation.
fn index(text: &str) -> Option<Vec<Entry>> {
    let b = text.as_bytes();
    // A byte-order mark is accepted by the loader.
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut tree: Vec<Entry> = Vec::new();
    // Open objects and arrays: (entry, is an object, last member so far).
    let mut open: Vec<(usize, bool, usize)> = Vec::new();
    let mut key = (0, 0);
    loop {
        // A value starts at `i`.
        i = skip_whitespace(b, i);
        let at = tree.len();
        tree.push(Entry { start: i, end: i, key, first: NONE, next: NONE });
        if let Some((parent, _, last)) = open.last_mut() {
            let link = if *last == NONE { &mut tree.get_mut(*parent)?.first } else { &mut tree.get_mut(*last)?.next };
            *link = at;
            *last = at;
        }
        let mut fresh = false;
        match *b.get(i)? {
            c @ (b'{' | b'[') => {
                open.push((at, c == b'{', NONE));
                i += 1;
                fresh = true;
            }
            b'"' => i = end_of_string(b, i)?,
            _ => {
                let end = b[i..].iter().position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'));
                if end == Some(0) {
                    return None; // no value where one must be
                }
                i = end.map_or(b.len(), |n| i + n);
            }
        }
        if !fresh {
            tree.get_mut(at)?.end = i;
        }
        // Find where the next value starts: past closing brackets, a comma, and a key.
        loop {
            i = skip_whitespace(b, i);
            let Some(&(container, object, _)) = open.last() else {
                return (skip_whitespace(b, i) == b.len()).then_some(tree);
            };
            let c = *b.get(i)?;
            if c == if object { b'}' } else { b']' } {
                i += 1;
                tree.get_mut(container)?.end = i;
                open.pop();
                fresh = false;
                continue;
            }
            if !fresh {
                if c != b',' {
                    return None;
                }
                i = skip_whitespace(b, i + 1);
            }
            if object {
                if b.get(i) != Some(&b'"') {
                    return None;
                }
                let end = end_of_string(b, i)?;
                key = (i, end);
                i = skip_whitespace(b, end);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i += 1;
            } else {
                key = (0, 0);
            }
            break;
        }
    }
}

fn skip_whitespace(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The end (past the closing quote) of the string literal opening at `i`.
fn end_of_string(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        // Long labels and quotes are most of a file: skipped with a vectorised search.
        j += memchr::memchr2(b'"', b'\\', b.get(j..)?)?;
        match b[j] {
            b'"' => return Some(j + 1),
            _ => j += 2,
        }
    }
}

impl Locator {
    /// Byte range of the value at `pointer`, or of its nearest ancestor that exists.
    pub fn span(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        self.find(text, pointer).map(|(entry, _)| (entry.start, entry.end))
    }

    /// Byte range, in the file, of `range` (byte offsets into the decoded string value at
    /// `pointer`). Accounts for the opening quote and for escape sequences in the raw text.
    pub fn span_in_string(&self, text: &str, pointer: &str, range: (usize, usize)) -> Option<(usize, usize)> {
        let (entry, exact) = self.find(text, pointer)?;
        if !exact {
            return None;
        }
        let (start, end) = (entry.start, entry.end);
        let raw = text.get(start..end)?;
        if !raw.starts_with('"') {
            return None;
        }
        let map = decoded_to_raw_offsets(raw);
        let to_file = |decoded: usize| map.get(decoded).or(map.last()).map(|raw_offset| start + raw_offset);
        Some((to_file(range.0)?, to_file(range.1)?))
    }
}

/// For a raw JSON string literal (with quotes), the raw offset of each decoded byte offset
/// (index = decoded byte offset, value = raw offset), plus one entry for the end.
fn decoded_to_raw_offsets(raw: &str) -> Vec<usize> {
    let mut map = Vec::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let mut i = 1; // skip the opening quote
    while i < bytes.len().saturating_sub(1) {
        if bytes.get(i) == Some(&b'\\') {
            let escape_len = if bytes.get(i + 1) == Some(&b'u') { 6 } else { 2 };
            let decoded_len = if escape_len == 6 {
                let hex = raw.get(i + 2..i + 6).and_then(|h| u32::from_str_radix(h, 16).ok()).unwrap_or(0xFFFD);
                char::from_u32(hex).map_or(3, char::len_utf8)
            } else {
                1
            };
            map.extend(std::iter::repeat_n(i, decoded_len));
            i += escape_len;
        } else {
            map.push(i);
            i += 1;
        }
    }
    map.push(i);
    map
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Any JSON value, with keys and strings that need escaping in JSON and in pointers.
    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-z/~\"\\\\é\n ]{0,6}").unwrap()
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(text(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Every (pointer, value) pair of `value`.
    fn pointers(value: &Value, at: String, out: &mut Vec<(String, Value)>) {
        out.push((at.clone(), value.clone()));
        match value {
            Value::Object(map) => {
                for (key, member) in map {
                    pointers(member, format!("{at}/{}", escape_pointer(key)), out);
                }
            }
            Value::Array(items) => {
                for (i, member) in items.iter().enumerate() {
                    pointers(member, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    proptest! {
        /// The locator finds every value of any JSON text, compact or pretty, at exactly the
        /// bytes that parse back to it.
        #[test]
        fn locator_finds_every_value(value in json_value(), pretty in any::<bool>()) {
            let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
            let text = text.unwrap();
            let locator = Locator::default();
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            for (pointer, expected) in all {
                let (start, end) = locator.span(&text, &pointer).unwrap();
                let found: Value = serde_json::from_str(&text[start..end]).unwrap();
                prop_assert_eq!(found, expected, "{} in {}", pointer, text);
            }
        }
    }

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

    #[test]
    fn locator_finds_nested_values_and_falls_back_to_parent() {
        let text = "{\"nodes\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}";
        let loc = Locator::default();
        let (s, e) = loc.span(text, "/nodes/1/id").unwrap();
        assert_eq!(&text[s..e], "\"b\"");
        let (s, e) = loc.span(text, "/nodes/1/missing").unwrap();
        assert_eq!(&text[s..e], "{\"id\": \"b\"}");
    }

    #[test]
    fn locator_follows_pointers_through_escaped_keys_and_a_byte_order_mark() {
        let text = "\u{feff}{ \"a/b\": { \"x~y\": [1, {\"k\": \"v\"}] }, \"q\\\"\": [ ], \"n\": -1.5e3 }";
        let loc = Locator::default();
        let at = |pointer: &str| loc.span(text, pointer).map(|(s, e)| &text[s..e]);
        assert_eq!(at("/a~1b/x~0y/1/k"), Some("\"v\""));
        assert_eq!(at("/a~1b/x~0y/0"), Some("1"));
        assert_eq!(at("/q\""), Some("[ ]"));
        assert_eq!(at("/n"), Some("-1.5e3"));
        assert_eq!(at("/a~1b/x~0y/7"), Some("[1, {\"k\": \"v\"}]"), "nearest ancestor");
        // Array indices are canonical: `01` and `+1` name no element.
        for pointer in ["/a~1b/x~0y/01", "/a~1b/x~0y/+1", "/a~1b/x~0y/"] {
            assert_eq!(at(pointer), Some("[1, {\"k\": \"v\"}]"), "{pointer}");
        }
        assert_eq!(at(""), Some(&text[3..]));
        // Text that is not JSON has no index: no position rather than a wrong one.
        for bad in ["{\"a\": }", "[1 2]", "{\"a\" 1}", "[1,", "\"open", "{} {}"] {
            assert_eq!(Locator::default().span(bad, "/a"), None, "{bad}");
        }
    }

    #[test]
    fn locator_finds_array_elements_walked_and_looked_up() {
        // Indices below WALK are walked, the others looked up in the element map: both must
        // name the same elements, and an index past the end names the array.
        let n = 3 * WALK;
        let text = format!("{{\"a\": [{}]}}", (0..n).map(|i| format!("[{i}]")).collect::<Vec<_>>().join(", "));
        for (order, indices) in [("walk first", [1, WALK - 1, WALK, n - 1]), ("map first", [n - 1, WALK, WALK - 1, 0])]
        {
            let loc = Locator::default();
            for i in indices {
                let (s, e) = loc.span(&text, &format!("/a/{i}/0")).unwrap();
                assert_eq!(&text[s..e], i.to_string(), "{order}: /a/{i}/0");
            }
            let (s, e) = loc.span(&text, &format!("/a/{n}")).unwrap();
            assert!(text[s..e].starts_with("[[0], [1]"), "{order}: past the end");
        }
        let loc = Locator::default();
        assert_eq!(loc.span("{\"a\": []}", "/a/0"), Some((6, 8)), "an empty array");
    }

    #[test]
    fn span_in_string_skips_escapes() {
        let text = r#"{"when": "a \"q\" >= x"}"#;
        let loc = Locator::default();
        // decoded: a "q" >= x ; the `>=` starts at decoded byte 6
        let (s, e) = loc.span_in_string(text, "/when", (6, 8)).unwrap();
        assert_eq!(&text[s..e], ">=");
    }
}
