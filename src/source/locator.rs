//! JSON pointer → byte range of a file's text ([`Locator`]): a pointer is followed by scanning
//! only the objects and arrays it goes through, only as far as the member it names, and what
//! was found is kept for the next pointer.

use std::borrow::Cow;
use std::sync::{Mutex, OnceLock, PoisonError};

use rustc_hash::FxHashMap as HashMap;

/// Maps JSON pointers (e.g. `/nodes/3/id`) to byte ranges of the file's text (always the same
/// file's text, passed in; the locator does not copy it).
///
/// Nothing is indexed up front. A pointer is followed down from the root; each object or array
/// it goes through is scanned member by member as far as the member it names, the values in
/// between skipped over, not indexed, and what was found is kept: the next pointer goes on
/// from there. A clean file never pays; a file with a few findings pays once for the text
/// before its last one (not for a tree of every value); many findings in a large file pay for
/// one pass plus the members their pointers pass over.
#[derive(Debug, Default)]
pub struct Locator {
    /// The text is known to be well-formed JSON (serde_json parsed it all): not checked again.
    parsed: bool,
    /// Whether the text is well-formed JSON, checked once on first use when not known to be:
    /// text that is not has no positions, rather than wrong ones.
    well_formed: OnceLock<bool>,
    /// The objects and arrays scanned so far, by the offset of their opening bracket.
    containers: Mutex<HashMap<usize, Container>>,
}

/// An object or array as far as it was scanned.
#[derive(Debug)]
struct Container {
    /// The members found so far, in order.
    members: Vec<Member>,
    /// Where the scan goes on: past the opening bracket while no member is found, else the
    /// start of the last member's value (its end is found when the scan goes on).
    resume: usize,
    /// Past the closing bracket, once the scan reached it.
    end: Option<usize>,
}

/// A member of an object or array: its key's byte range, quotes included (empty in an
/// array), and where its value starts.
#[derive(Debug, Clone, Copy)]
struct Member {
    key: (usize, usize),
    start: usize,
}

type Containers = HashMap<usize, Container>;

impl Locator {
    /// A locator for text serde_json has parsed whole (after a byte-order mark), so known to
    /// be well-formed JSON: it is not checked again. On other text it may give wrong positions
    /// (never a panic).
    pub(crate) fn of_parsed() -> Self {
        Locator { parsed: true, ..Locator::default() }
    }

    /// Byte range of the value at `pointer`, or of its nearest ancestor that exists.
    pub fn span(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        self.find(text, pointer).map(|(span, _)| span)
    }

    /// Byte range, in the file, of `range` (byte offsets into the decoded string value at
    /// `pointer`). Accounts for the opening quote and for escape sequences in the raw text.
    pub fn span_in_string(&self, text: &str, pointer: &str, range: (usize, usize)) -> Option<(usize, usize)> {
        let ((start, end), exact) = self.find(text, pointer)?;
        if !exact {
            return None;
        }
        let raw = text.get(start..end)?;
        if !raw.starts_with('"') {
            return None;
        }
        let map = decoded_to_raw_offsets(raw);
        let to_file = |decoded: usize| map.get(decoded).or(map.last()).map(|raw_offset| start + raw_offset);
        Some((to_file(range.0)?, to_file(range.1)?))
    }

    /// The byte range of the value at `pointer`, or of its nearest ancestor that exists, and
    /// whether it is the value itself.
    ///
    /// Complexity: O(members passed over on the way down, and the bytes of the values they
    /// hold), each scanned once over all the calls on one text.
    fn find(&self, text: &str, pointer: &str) -> Option<((usize, usize), bool)> {
        if !self.parsed && !*self.well_formed.get_or_init(|| well_formed(text)) {
            return None;
        }
        let b = text.as_bytes();
        let mut map = self.containers.lock().unwrap_or_else(PoisonError::into_inner);
        let map = &mut *map;
        // A byte-order mark is accepted by the loader.
        let mut at = skip_whitespace(b, if text.starts_with('\u{feff}') { 3 } else { 0 });
        let Some(rest) = pointer.strip_prefix('/') else {
            return Some(((at, value_end(map, b, at)?), pointer.is_empty()));
        };
        for segment in rest.split('/') {
            let segment: Cow<str> = if segment.contains('~') {
                segment.replace("~1", "/").replace("~0", "~").into()
            } else {
                segment.into()
            };
            let found = match b.get(at) {
                Some(b'{') => member_by_key(map, text, at, &segment)?,
                // An array index is digits with no leading zero (RFC 6901): `01` or `+1` name nothing.
                Some(b'[') if canonical_index(&segment) => match segment.parse::<usize>() {
                    Ok(i) => member_by_index(map, b, at, i)?,
                    Err(_) => None,
                },
                _ => None,
            };
            match found {
                Some(start) => at = start,
                None => return Some(((at, value_end(map, b, at)?), false)),
            }
        }
        Some(((at, value_end(map, b, at)?), true))
    }
}

fn canonical_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) && (segment == "0" || !segment.starts_with('0'))
}

/// Where the value of the member named `name` of the object opening at `open` starts; `None`
/// inside when it has none.
fn member_by_key(map: &mut Containers, text: &str, open: usize, name: &str) -> Option<Option<usize>> {
    let mut k = 0;
    loop {
        let known = map.get(&open).map_or(&[][..], |c| c.members.get(k..).unwrap_or_default());
        if let Some(member) = known.iter().find(|member| key_is(text, member.key, name)) {
            return Some(Some(member.start));
        }
        k += known.len();
        if !advance(map, text.as_bytes(), open)? {
            return Some(None);
        }
    }
}

/// Where element `i` of the array opening at `open` starts; `None` inside when it has none.
fn member_by_index(map: &mut Containers, b: &[u8], open: usize, i: usize) -> Option<Option<usize>> {
    loop {
        if let Some(member) = map.get(&open).and_then(|c| c.members.get(i)) {
            return Some(Some(member.start));
        }
        if !advance(map, b, open)? {
            return Some(None);
        }
    }
}

/// Scans the object or array opening at `open` on to its next member: `true` when one was
/// found (and kept), `false` at its end. `None`: the text is not well-formed there.
fn advance(map: &mut Containers, b: &[u8], open: usize) -> Option<bool> {
    let c = map.entry(open).or_insert_with(|| Container { members: Vec::new(), resume: open + 1, end: None });
    if c.end.is_some() {
        return Some(false);
    }
    let first = c.members.is_empty();
    let resume = c.resume;
    let mut i = skip_whitespace(b, if first { resume } else { value_end(map, b, resume)? });
    let object = b.get(open) == Some(&b'{');
    let c = map.get_mut(&open)?;
    if b.get(i) == Some(if object { &b'}' } else { &b']' }) {
        c.end = Some(i + 1);
        return Some(false);
    }
    if !first {
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = skip_whitespace(b, i + 1);
    }
    let mut key = (0, 0);
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
        i = skip_whitespace(b, i + 1);
    }
    b.get(i)?;
    c.members.push(Member { key, start: i });
    c.resume = i;
    Some(true)
}

/// The end of the value starting at `start`. An object or array scanned before is scanned on
/// to its end; any other is skipped over.
fn value_end(map: &mut Containers, b: &[u8], start: usize) -> Option<usize> {
    match *b.get(start)? {
        b'{' | b'[' if map.contains_key(&start) => {
            while advance(map, b, start)? {}
            map.get(&start)?.end
        }
        c @ (b'{' | b'[') => skip_container(b, start, c),
        b'"' => end_of_string(b, start),
        _ => scalar_end(b, start),
    }
}

/// The end of the object or array opening at `open` with `bracket`, `{` or `[`. In
/// well-formed JSON each kind of bracket pairs up on its own outside strings, so only the one
/// kind is counted.
fn skip_container(b: &[u8], open: usize, bracket: u8) -> Option<usize> {
    let close = if bracket == b'{' { b'}' } else { b']' };
    let (mut i, mut depth) = (open, 0usize);
    // Byte by byte between strings (a few bytes of punctuation and indentation: a vectorised
    // search costs more to start than it saves there); strings are skipped with one.
    loop {
        let c = *b.get(i)?;
        if c == b'"' {
            i = end_of_string(b, i)?;
            continue;
        }
        i += 1;
        if c == bracket {
            depth += 1;
        } else if c == close {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        }
    }
}

/// The end of a number, `true`, `false` or `null` starting at `i`; `None` when no value starts
/// there.
fn scalar_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i..)?.iter().position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
        Some(0) => None,
        end => Some(end.map_or(b.len(), |n| i + n)),
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

/// Whether a text is one well-formed JSON value (after an optional byte-order mark), as far
/// as the locator reads it: where values, keys and members start and end. It refuses anything
/// malformed rather than guess.
///
/// Complexity: O(n) in the text's length.
fn well_formed(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Open objects and arrays: whether each is an object.
    let mut open: Vec<bool> = Vec::new();
    loop {
        // A value starts at `i`.
        i = skip_whitespace(b, i);
        let mut fresh = false;
        let end = match b.get(i) {
            Some(&c @ (b'{' | b'[')) => {
                open.push(c == b'{');
                fresh = true;
                Some(i + 1)
            }
            Some(b'"') => end_of_string(b, i),
            _ => scalar_end(b, i),
        };
        let Some(end) = end else { return false };
        i = end;
        // Find where the next value starts: past closing brackets, a comma, and a key.
        loop {
            i = skip_whitespace(b, i);
            let Some(&object) = open.last() else { return i == b.len() };
            let Some(&c) = b.get(i) else { return false };
            if c == if object { b'}' } else { b']' } {
                i += 1;
                open.pop();
                fresh = false;
                continue;
            }
            if !fresh {
                if c != b',' {
                    return false;
                }
                i = skip_whitespace(b, i + 1);
            }
            if object {
                let Some(end) = (b.get(i) == Some(&b'"')).then(|| end_of_string(b, i)).flatten() else { return false };
                i = skip_whitespace(b, end);
                if b.get(i) != Some(&b':') {
                    return false;
                }
                i += 1;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::escape_pointer;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Any JSON value, with keys and strings that need escaping in JSON and in pointers.
    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-z/~\"\\\\é\n \\[\\]{}]{0,6}").unwrap()
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
        /// bytes that parse back to it: checking the text or trusting it, whatever the order
        /// of the pointers (what one finds, the next goes on from), and for a missing member
        /// the nearest ancestor.
        #[test]
        fn locator_finds_every_value(value in json_value(), pretty in any::<bool>(), seed in any::<u64>()) {
            let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
            let text = text.unwrap();
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let mut shuffled = all.clone();
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let reversed: Vec<_> = all.iter().rev().cloned().collect();
            for (mode, order) in [("checked", &all), ("trusted", &all), ("trusted, shuffled", &shuffled), ("trusted, reversed", &reversed)] {
                let locator = if mode == "checked" { Locator::default() } else { Locator::of_parsed() };
                for (pointer, expected) in order {
                    let (start, end) = locator.span(&text, pointer).unwrap();
                    let found: Value = serde_json::from_str(&text[start..end]).unwrap();
                    prop_assert_eq!(&found, expected, "{}: {} in {}", mode, pointer, text);
                    let (start, end) = locator.span(&text, &format!("{pointer}/missing~1member")).unwrap();
                    let found: Value = serde_json::from_str(&text[start..end]).unwrap();
                    prop_assert_eq!(&found, expected, "{}: below {} in {}", mode, pointer, text);
                }
            }
        }
    }

    #[test]
    fn locator_finds_nested_values_and_falls_back_to_parent() {
        let text = "{\"nodes\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}";
        for loc in [Locator::default(), Locator::of_parsed()] {
            let (s, e) = loc.span(text, "/nodes/1/id").unwrap();
            assert_eq!(&text[s..e], "\"b\"");
            let (s, e) = loc.span(text, "/nodes/1/missing").unwrap();
            assert_eq!(&text[s..e], "{\"id\": \"b\"}");
        }
    }

    #[test]
    fn locator_follows_pointers_through_escaped_keys_and_a_byte_order_mark() {
        let text = "\u{feff}{ \"a/b\": { \"x~y\": [1, {\"k\": \"v\"}] }, \"q\\\"\": [ ], \"n\": -1.5e3 }";
        for loc in [Locator::default(), Locator::of_parsed()] {
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
        }
        // Text that is not JSON has no positions: none rather than a wrong one.
        for bad in ["{\"a\": }", "[1 2]", "{\"a\" 1}", "[1,", "\"open", "{} {}"] {
            assert_eq!(Locator::default().span(bad, "/a"), None, "{bad}");
        }
        // Trusted text that is not JSON after all gives no panic.
        for bad in ["{\"a\": }", "[1 2]", "{\"a\" 1}", "[1,", "\"open", "{} {}", "{\"a\": [}", "]", "", "{\"a\":"] {
            for pointer in ["", "/a", "/a/0", "/0", "/b"] {
                let _ = Locator::of_parsed().span(bad, pointer);
            }
        }
    }

    #[test]
    fn locator_finds_array_elements_near_and_far_in_any_order() {
        // Elements are found however far into the array, whichever is asked for first, and an
        // index past the end names the array.
        let near = 64;
        let n = 3 * near;
        let text = format!("{{\"a\": [{}]}}", (0..n).map(|i| format!("[{i}]")).collect::<Vec<_>>().join(", "));
        for (order, indices) in [("near first", [1, near - 1, near, n - 1]), ("far first", [n - 1, near, near - 1, 0])]
        {
            let loc = Locator::of_parsed();
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
