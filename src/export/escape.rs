//! The one escaping function per output format: DOT strings, DOT HTML-like labels and
//! SVG text (XML), Mermaid labels. Every id and label that reaches an output goes through
//! exactly one of these.

/// Escapes `text` as the *content* of a double-quoted DOT string (without the quotes).
///
/// Graphviz interprets backslash sequences in labels (`\N` node name, `\G` graph name,
/// `\l` left-justified line), so every backslash is doubled and stays literal text; `"`
/// becomes `\"`; a newline becomes Graphviz's centred line break `\n`; other control
/// characters become a space. The result cannot end the string early or start an attribute.
///
/// Complexity: O(n) in the length of `text`.
pub fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
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
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` as the content of a double-quoted Mermaid label (`A["..."]`, `-->|"..."|`).
///
/// Mermaid's entity codes (`#quot;`, `#35;`, decimal `#NN;`) replace every character that
/// could end the label or change its meaning: `"` `#` `&` `<` `>` `%` `|` `;` `` ` ``
/// `[` `]` `{` `}` and `\`. So no label can close its quotes, open a directive (`%%{init`),
/// a comment (`%%`), a `click` statement, or HTML. A newline becomes `<br/>`, the only
/// markup carepath itself emits; other control characters become a space.
///
/// Complexity: O(n) in the length of `text`.
pub fn mermaid_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' | '&' | '<' | '>' | '%' | '|' | ';' | '`' | '[' | ']' | '{' | '}' | '\\' => {
                out.push_str(&format!("#{};", u32::from(c)))
            }
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
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
    fn mermaid_label_blocks_directives_comments_and_html() {
        assert_eq!(mermaid_label("%%{init: {}}%%"), "#37;#37;#123;init: #123;#125;#125;#37;#37;");
        assert_eq!(
            mermaid_label("a \"b\" <i>|c|</i> #1; & -->"),
            "a #quot;b#quot; #60;i#62;#124;c#124;#60;/i#62; #35;1#59; #38; --#62;"
        );
        assert_eq!(mermaid_label("x\ny"), "x<br/>y");
    }
}
