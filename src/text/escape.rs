//! The one escaping function per output: terminals ([`terminal_safe`]), JSON shown on a
//! terminal ([`json_safe`]), DOT strings, XML (SVG text and DOT HTML-like labels), HTML
//! ([`html_text`]) and JSON inside an HTML script element ([`script_json`]), Mermaid labels and titles,
//! CSV fields and Markdown (and its link addresses, [`markdown_url`]). Every id and label that reaches an output goes through exactly one
//! of these; [`web_link`] says which link targets from data a page may link to.

use std::fmt::Write as _;

/// Makes a string safe to print on a terminal: control characters, bidirectional overrides
/// and other invisible format characters become `\u{..}` escapes, so a pathway file can
/// never move the cursor, change colours or reorder text on the reader's screen.
pub fn terminal_safe(text: &str) -> String {
    if text.bytes().all(plain_byte) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Rewrites characters unsafe for a terminal as `\uXXXX` escapes in serialized JSON text: the
/// data stays exactly the same for a JSON reader, and a terminal showing the text never gets
/// the raw character. (In JSON such characters can only occur inside strings.)
pub fn json_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_unsafe_char(c) && !matches!(c, '\r') {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A value as a pretty-printed JSON document for a terminal or a file: [`json_safe`], with a
/// final newline. A value that cannot be serialised is an error, never an empty document.
pub fn json_document<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let pretty = serde_json::to_string_pretty(value)?;
    // Most documents have nothing to rewrite: kept as they are, not copied.
    let mut text = if has_unsafe(&pretty) { json_safe(&pretty) } else { pretty };
    text.push('\n');
    Ok(text)
}

/// Printable ASCII, newline or tab: a byte that is a whole character and safe on a terminal
/// (see [`is_unsafe_char`]), so text made only of such bytes needs no escaping.
fn plain_byte(b: u8) -> bool {
    (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t'
}

/// Whether `text` holds a character unsafe for a terminal other than `\r`: one [`json_safe`]
/// rewrites, by [`is_unsafe_char`].
///
/// Reads bytes, not characters: every unsafe character is ASCII or starts with one of three
/// lead bytes (`C2` for U+0080–U+009F, `E2` for U+200B–U+2069, `EF` for U+FEFF), and a
/// continuation byte is never one of those, so a whole file of non-ASCII text is checked
/// without decoding it (a large file is checked on every load).
///
/// Complexity: O(n) in the length of `text`.
pub fn has_unsafe(text: &str) -> bool {
    // Chunks are first tested for a suspect byte without branching (so the test vectorises);
    // only a chunk holding one is read byte by byte.
    const CHUNK: usize = 64;
    let suspect = |c: u8| (c < 0x20 && !matches!(c, b'\n' | b'\t' | b'\r')) | matches!(c, 0x7f | 0xc2 | 0xe2 | 0xef);
    let b = text.as_bytes();
    b.chunks(CHUNK).enumerate().any(|(k, chunk)| {
        chunk.iter().fold(false, |any, &c| any | suspect(c))
            && (k * CHUNK..k * CHUNK + chunk.len()).any(|i| unsafe_at(b, i))
    })
}

/// Whether an unsafe character other than `\r` starts at byte `i` of `b` (see [`has_unsafe`]).
fn unsafe_at(b: &[u8], i: usize) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    match at(i) {
        b'\n' | b'\t' | b'\r' => false,
        0..0x20 | 0x7f => true,
        0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
        0xe2 => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x8b..=0x8f | 0xaa..=0xae),
            0x81 => matches!(at(i + 2), 0xa6..=0xa9),
            _ => false,
        },
        0xef => at(i + 1) == 0xbb && at(i + 2) == 0xbf,
        _ => false,
    }
}

/// Whether a character must not reach a terminal raw: C0/C1 controls (except newline and
/// tab), DEL, and Unicode format characters that reorder or hide text.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Escapes `text` as the *content* of a double-quoted DOT string (without the quotes), for
/// labels, ids and the graph's title.
///
/// Graphviz interprets backslash sequences in labels (`\N` node name, `\G` graph name,
/// `\l` left-justified line), so every backslash is doubled and stays literal text; it reads
/// HTML entities in quoted strings too (`&amp;` is drawn `&`, `&lt;b&gt;` is drawn `<b>`), so
/// `&` becomes `&amp;` and `&lt;` stays literal text; `"` becomes `\"`; a newline becomes
/// Graphviz's centred line break `\n`; other control characters become a space. The result
/// cannot end the string early or start an attribute. Tooltips are read differently: use
/// [`dot_tooltip`].
///
/// Complexity: O(n) in the length of `text`.
pub fn dot_string(text: &str) -> String {
    dot_escaped(text, "\\\\")
}

/// The content of a quoted DOT string with each backslash written as `backslash`: `&` as
/// `&amp;`, `"` as `\"`, a newline as `\n`, other control characters as a space.
fn dot_escaped(text: &str, backslash: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str(backslash),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` as the content of a double-quoted DOT `tooltip` (without the quotes).
///
/// Graphviz reads a tooltip in three steps (`preprocessTooltip`, then object substitution):
/// HTML entities are decoded, then `\n` and `\l` become line breaks and any other backslash
/// escape loses its backslash, then `\\` becomes `\` and `\N`, `\G`, ... are substituted. So a
/// backslash is written four times (`\\\\` reads back as one), `&` becomes `&amp;`, `"`
/// becomes `\"`, a newline becomes `\n`, and other control characters become a space.
///
/// Complexity: O(n) in the length of `text`.
pub fn dot_tooltip(text: &str) -> String {
    dot_escaped(text, "\\\\\\\\")
}

/// Escapes `text` for the text of a DOT HTML-like label (`<<B>...</B>>`): [`xml_text`], a
/// newline as `<BR/>`, and every backslash doubled, since Graphviz substitutes `\N`, `\G`, ...
/// in HTML-like labels too (even when written `&#92;N`) and reads `\\` as one backslash.
///
/// Complexity: O(n) in the length of `text`.
pub fn dot_html_text(text: &str) -> String {
    xml_text(text).replace('\\', "\\\\").replace('\n', "<BR/>")
}

/// A complete quoted DOT id: `"` + [`dot_string`] + `"`.
pub fn dot_quoted(text: &str) -> String {
    format!("\"{}\"", dot_string(text))
}

/// Escapes `text` for XML character data and attribute values (SVG text, DOT HTML-like
/// labels): `&`, `<`, `>`, `"`, `'` become entities; a newline stays a newline (callers
/// split lines themselves); other control characters, which XML 1.0 forbids, become a space;
/// the noncharacters U+FFFE and U+FFFF, which XML forbids too (even as references), become
/// U+FFFD, the replacement character.
///
/// Complexity: O(n) in the length of `text`.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c if c.is_control() => out.push(' '),
            // Bidirectional overrides and other invisible format characters: a character
            // reference, the same character to a reader of the document, never raw bytes that
            // reorder the file's text in an editor or a terminal.
            c if is_unsafe_char(c) => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` for HTML text and double-quoted attribute values: the rules of [`xml_text`],
/// whose five entities (`&amp;` `&lt;` `&gt;` `&quot;` `&#39;`) and character references the
/// HTML parser reads alike, so text can neither open a tag nor leave its attribute, and an
/// inline SVG and the page around it are escaped the same way. Control characters (which HTML
/// forbids) become a space; bidirectional overrides become character references (the page
/// isolates each string's direction itself, see docs/explorer.md).
///
/// Complexity: O(n) in the length of `text`.
pub fn html_text(text: &str) -> String {
    xml_text(text)
}

/// Makes serialized JSON safe inside an HTML `<script type="application/json">` element: `<`,
/// `>` and `&` become `\u003c`, `\u003e` and `\u0026`, so no string can close the element
/// (`</script>`) or open a comment (`<!--`) that changes how it ends; U+2028 and U+2029
/// become `\u2028` and `\u2029`; bidirectional overrides and other invisible characters become
/// `\uXXXX` as in [`json_safe`]. Outside strings JSON has none of these characters, so
/// `JSON.parse(element.textContent)` reads exactly the data that was serialized.
///
/// Complexity: O(n) in the length of `json`.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json_safe(json).chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A link address for Markdown's `[words](address)`: every character outside the URL
/// characters of RFC 3986, and the parentheses, angle brackets and backslash Markdown would
/// read, percent-encoded (UTF-8), so the address cannot end the link or open markup. Callers
/// decide which schemes may become links.
///
/// Complexity: O(n) in the length of `url`.
pub fn markdown_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        let keep = c.is_ascii_alphanumeric() || "-._~:/?#@!$&'*+,;=%".contains(c);
        if keep {
            out.push(c);
        } else {
            let mut bytes = [0u8; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// A link target from a pathway file that a page may make a link of: an absolute `http:` or
/// `https:` URL (scheme in any case) with no whitespace or control character, else `None`
/// (the page shows it as text). So no `javascript:`, `data:` or relative link comes from data.
pub fn web_link(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control() || is_unsafe_char(c));
    (web && clean && url.len() > 8).then_some(url)
}

/// Escapes `text` as the content of a double-quoted Mermaid label (`A["..."]`, `-->|"..."|`).
///
/// Mermaid's entity codes (`#quot;`, `#35;`, decimal `#NN;`) replace every character that
/// could end the label or change its meaning: `"` `#` `&` `<` `>` `%` `|` `;` `` ` ``
/// `[` `]` `{` `}` `\`; `$` (two of them open KaTeX maths); the `:` of an icon (`fa:fa-user`);
/// the first letter of `style` and `classDef` (Mermaid strips a `;` from a line holding them);
/// and spaces at either end (Mermaid trims labels). So no label can close its quotes, open a
/// directive (`%%{init`), a comment (`%%`), a `click` statement, maths, an icon or HTML, and
/// every label is drawn exactly as written (tested with Mermaid itself, tests/mermaid.rs).
///
/// A newline becomes Mermaid's line break `\n`, not `<br/>`: a label holding markup is
/// sanitised and decoded once more by Mermaid, which would undo the escaping above. Mermaid
/// decodes entity codes twice, into the label's HTML and again in the finished SVG, where its
/// placeholders `ﬂ°°NN¶ß` (its form of `#NN;`) become `&#NN;`; so `ﬂ` and `¶`, which start and
/// end a placeholder, are written as a placeholder in entity codes (`¶` is
/// `#64258;°°182#182;ß`): the first decoding leaves the placeholder, the second the character.
/// Other control characters become a space.
///
/// Complexity: O(n) in the length of `text`.
pub fn mermaid_label(text: &str) -> String {
    let trimmed = |c: char| c != '\n' && (c.is_whitespace() || c.is_control() || c == '\u{feff}');
    let start = text.find(|c: char| !trimmed(c)).unwrap_or(text.len());
    let end = text.char_indices().rev().find(|&(_, c)| !trimmed(c)).map_or(start, |(i, c)| i + c.len_utf8());
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let rest = &text[i..];
        match c {
            _ if i < start || i >= end => {
                let _ = write!(out, "#{};", if c.is_control() { 32 } else { u32::from(c) });
            }
            '"' => out.push_str("#quot;"),
            '¶' | 'ﬂ' => {
                let _ = write!(out, "#64258;°°{}#182;ß", u32::from(c));
            }
            '#' | '&' | '<' | '>' | '%' | '|' | ';' | '`' | '[' | ']' | '{' | '}' | '\\' | '$' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            ':' if rest[1..].starts_with("fa-") => out.push_str("#58;"),
            's' if rest.starts_with("style") => out.push_str("#115;"),
            'c' if rest.starts_with("classDef") => out.push_str("#99;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The title of a Mermaid diagram as a double-quoted YAML scalar, quotes included, for the
/// front matter (`title: "..."`).
///
/// YAML's escapes keep it one line and read back exactly: `\` and `"` are backslash-escaped,
/// a newline is `\n`, a tab `\t`, other control characters, bidirectional overrides and
/// other invisible characters are `\uXXXX`. Mermaid reads no entity codes in the title, and
/// rewrites a title holding `<` as HTML (so `&` would be drawn `&amp;`); but it decodes its own
/// entity placeholders (`ﬂ°°60¶ß` for `#60;`) in the finished drawing. So `<` and the two
/// characters of those placeholders that could start or end one, `ﬂ` and `¶`, are written as
/// placeholders, and every other character is drawn as written (tested with Mermaid itself,
/// tests/mermaid.rs).
///
/// Complexity: O(n) in the length of `text`.
pub fn mermaid_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '<' | '¶' | 'ﬂ' => {
                let _ = write!(out, "ﬂ°°{}¶ß", u32::from(c));
            }
            c if c.is_control() || is_unsafe_char(c) || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One CSV field, quoted per RFC 4180 when it holds a comma, quote or line break; control
/// characters are escaped with [`terminal_safe`] first.
pub fn csv_field(text: &str) -> String {
    let text = terminal_safe(text);
    if csv_needs_quotes(&text) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Whether a CSV field (already made terminal-safe) must be quoted: RFC 4180's comma, quote
/// and line breaks.
pub fn csv_needs_quotes(text: &str) -> bool {
    text.contains([',', '"', '\r', '\n'])
}

/// Markdown-escapes text for a paragraph, heading or table cell: emphasis, code, links, HTML
/// and table punctuation are backslash-escaped, line breaks become spaces, and control
/// characters are shown as escapes. Text never starts a line, so list markers need none.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal_safe(text).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown code span for running text (use [`markdown_cell_code`] in table cells).
pub fn markdown_code(text: &str) -> String {
    let text = terminal_safe(text).replace(['\n', '\r'], " ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A Markdown code span inside a table cell: `|` must be escaped there (GitHub removes the
/// backslash in cells), and only there (elsewhere the backslash would show).
pub fn markdown_cell_code(text: &str) -> String {
    markdown_code(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_string_keeps_backslash_sequences_literal() {
        assert_eq!(dot_string(r#"a "b" \N \G \l"#), r#"a \"b\" \\N \\G \\l"#);
        assert_eq!(dot_string("one\ntwo\u{7}"), "one\\ntwo ");
        assert_eq!(dot_quoted("x\" ]; y [shape=none"), "\"x\\\" ]; y [shape=none\"");
    }

    #[test]
    fn xml_text_escapes_markup() {
        assert_eq!(
            xml_text("<script>alert('1')</script> & \"x\""),
            "&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt; &amp; &quot;x&quot;"
        );
        assert_eq!(xml_text("a\u{0}b"), "a b");
        // Regression (property test): U+FFFF in a label made the SVG ill-formed XML.
        assert_eq!(xml_text("a\u{fffe}b\u{ffff}"), "a\u{fffd}b\u{fffd}");
    }

    #[test]
    fn xml_text_writes_bidi_overrides_as_references() {
        assert_eq!(xml_text("a\u{202e}b\u{2066}c"), "a&#x202E;b&#x2066;c");
    }

    #[test]
    fn html_text_cannot_open_a_tag_or_leave_an_attribute() {
        let hostile = "</script><img src=x onerror=alert(1)> \"x\" 'y' & \u{202e}z";
        assert_eq!(
            html_text(hostile),
            "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;x&quot; &#39;y&#39; &amp; &#x202E;z"
        );
        assert_eq!(html_text("a\u{7}b\nc"), "a b\nc");
    }

    #[test]
    fn script_json_cannot_close_its_element_and_reads_back_the_same() {
        let data = "</script><!-- <img src=x onerror=alert(1)> & \u{2028}\u{2029} \u{202e}";
        let json = serde_json::to_string(&serde_json::json!({ "label": data })).unwrap();
        let safe = script_json(&json);
        assert_eq!(
            safe,
            r#"{"label":"\u003c/script\u003e\u003c!-- \u003cimg src=x onerror=alert(1)\u003e \u0026 \u2028\u2029 \u202e"}"#
        );
        assert!(!safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}', '\u{202e}']));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["label"], data);
    }

    #[test]
    fn markdown_urls_cannot_end_their_link() {
        assert_eq!(markdown_url("https://x.org/a b(c)<d>\\e"), "https://x.org/a%20b%28c%29%3Cd%3E%5Ce");
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(web_link("https://www.cancer.org/x"), Some("https://www.cancer.org/x"));
        assert_eq!(web_link("HTTP://example.org/"), Some("HTTP://example.org/"));
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "/relative",
            "https://",
            "https://a b",
            "https://a\u{202e}b",
            "",
        ] {
            assert_eq!(web_link(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn mermaid_label_blocks_directives_comments_and_html() {
        assert_eq!(mermaid_label("%%{init: {}}%%"), "#37;#37;#123;init: #123;#125;#125;#37;#37;");
        assert_eq!(
            mermaid_label("a \"b\" <i>|c|</i> #1; & -->"),
            "a #quot;b#quot; #60;i#62;#124;c#124;#60;/i#62; #35;1#59; #38; --#62;"
        );
        assert_eq!(mermaid_label("x\ny \\n"), "x\\ny #92;n");
        assert_eq!(mermaid_label("$$x^2$$ fa:fa-user"), "#36;#36;x^2#36;#36; fa#58;fa-user");
        assert_eq!(mermaid_label("¶ß ﬂ°"), "#64258;°°182#182;ßß #64258;°°64258#182;ß°");
        assert_eq!(mermaid_label(" lifestyle classDef \t"), "#32;life#115;tyle #99;lassDef#32;#32;");
        assert_eq!(mermaid_label("\nx "), "\\nx#32;");
    }

    #[test]
    fn mermaid_title_is_one_yaml_line_that_reads_back() {
        assert_eq!(mermaid_title("Plain & simple (version 1)"), "\"Plain & simple (version 1)\"");
        assert_eq!(mermaid_title("a \"q\" \\N\nb\tc\u{7}"), r#""a \"q\" \\N\nb\tc\u0007""#);
        assert_eq!(mermaid_title("<b>&amp;</b> ¶ß \u{202e}"), "\"ﬂ°°60¶ßb>&amp;ﬂ°°60¶ß/b> ﬂ°°182¶ßß \\u202E\"");
        assert!(!mermaid_title("x\ny\r---\n").contains(['\n', '\r']), "one line: cannot end the front matter");
    }

    #[test]
    fn dot_strings_keep_entities_literal() {
        assert_eq!(dot_string("<b>&amp;</b> & &#38;"), "<b>&amp;amp;</b> &amp; &amp;#38;");
        assert_eq!(dot_html_text("a & \\N\n<b>"), "a &amp; \\\\N<BR/>&lt;b&gt;");
        assert_eq!(dot_tooltip("a & \"b\" \\N\nc &lt;"), "a &amp; \\\"b\\\" \\\\\\\\N\\nc &amp;lt;");
    }

    #[test]
    fn has_unsafe_agrees_with_is_unsafe_char_on_every_character() {
        // Each character alone, and between other text (so the lead-byte look-ahead is tried
        // at the end of the text and in its middle).
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let unsafe_char = is_unsafe_char(c) && c != '\r';
            for text in [c.to_string(), format!("é{c}–x")] {
                assert_eq!(has_unsafe(&text), unsafe_char, "U+{:04X} in {text:?}", c as u32);
            }
        }
        assert!(!has_unsafe("Induction ≥ 2 months – “about half” ◦ \u{20ac}\r\n"));
    }

    #[test]
    fn json_safe_keeps_the_data_and_hides_the_character() {
        let json = serde_json::to_string("a\u{202e}b\u{9b}").unwrap();
        let safe = json_safe(&json);
        assert_eq!(safe, "\"a\\u202eb\\u009b\"");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), "a\u{202e}b\u{9b}");
    }

    #[test]
    fn terminal_safe_escapes_escape_sequences_and_bidi() {
        assert_eq!(terminal_safe("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal_safe("x\u{9b}y\u{202e}z"), "x\\u{9b}y\\u{202e}z");
        assert_eq!(terminal_safe("line\nnext\tok é"), "line\nnext\tok é");
    }
}
