//! The rules the loader reports, CP001–CP003: a file that cannot become a pathway. Their
//! metadata lives here because `load` comes before `validate` and imports nothing from it;
//! their lints, which point at these, are in `src/validate/file.rs` with their tests.

use crate::diag::{Rule, RuleGroup, Severity};

/// CP001 `json-syntax`: The file must be well-formed JSON.
pub static JSON_SYNTAX: Rule = Rule {
    code: "CP001",
    name: "json-syntax",
    group: RuleGroup::File,
    severity: Severity::Error,
    summary: "The file must be well-formed JSON.",
    rationale: "Nothing else can be checked until the file parses. JSON allows no comments, no trailing commas and no single quotes.",
    fix: "Fix the character the message points at: a missing or doubled comma, an unclosed bracket or brace, an unquoted key.",
    bad: r#"{ "id": "adult-all",, "title": "Adult ALL" }"#,
    good: r#"{ "id": "adult-all", "title": "Adult ALL" }"#,
};

/// CP002 `format`: Every value must fit the pathway file format: known fields only, required fields
/// present, right types and enum values.
pub static FORMAT: Rule = Rule {
    code: "CP002",
    name: "format",
    group: RuleGroup::File,
    severity: Severity::Error,
    summary: "Every value must fit the pathway file format: known fields only, required fields present, right types and enum values.",
    rationale: "A misspelt field name would otherwise be ignored silently, and the pathway would mean something other than its author wrote.",
    fix: "Rename, remove or add the field the message names; `carepath schema` prints the format, and editors check files that name it in `$schema`.",
    bad: r#"{ "id": "induction", "kind": "phase", "label": "Induction", "colour_typo": "red" }"#,
    good: r#"{ "id": "induction", "kind": "phase", "label": "Induction" }"#,
};

/// CP003 `invalid-utf8`: The file must be encoded as UTF-8.
pub static INVALID_UTF8: Rule = Rule {
    code: "CP003",
    name: "invalid-utf8",
    group: RuleGroup::File,
    severity: Severity::Error,
    summary: "The file must be encoded as UTF-8.",
    rationale: "JSON text is UTF-8; other encodings turn names of drugs and people into garbage.",
    fix: "Save the file as UTF-8 (most editors offer it under 'Save with encoding').",
    bad: "a file saved as Latin-1 with the byte 0xE9 for é",
    good: "the same file saved as UTF-8",
};
