//! Reading pathway files: bytes → text → [`PathwayFile`], keeping the text so that later
//! diagnostics can point at any value by its JSON pointer.
//!
//! Parsing is strict JSON through `serde_json` (recursion-limited, so hostile nesting is an
//! error, not a stack overflow). When a diagnostic needs a position, the JSON pointer it names
//! is followed through the same text ([`Locator`]), scanning only the objects and arrays on
//! the way, as far as needed.

pub(crate) mod rules;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::diag::Diagnostic;
use crate::model::PathwayFile;
use crate::source::{floor_char_boundary, Location, Locator, SourceText};

/// Largest pathway file read, in bytes, unless raised with [`LoadOptions::max_file_size`].
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Most nodes, and most edges, a pathway may have unless raised with [`LoadOptions::max_nodes`].
pub const DEFAULT_MAX_NODES: usize = 1_000_000;

/// Options for loading.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Largest file accepted, in bytes.
    pub max_file_size: u64,
    /// Most nodes accepted, and most edges (each counted on its own).
    pub max_nodes: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { max_file_size: DEFAULT_MAX_FILE_SIZE, max_nodes: DEFAULT_MAX_NODES }
    }
}

/// A file that could not be read at all (exit code 2).
#[derive(Debug, Error)]
pub enum ReadError {
    /// The file does not exist.
    #[error("{}: no such file; check the path (pathway files live in `pathways/`)", .path.display())]
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// The path is a directory where a file was expected.
    #[error("{}: is a directory; give a pathway file, or pass the folder to `carepath validate`", .path.display())]
    IsDirectory {
        /// The path given.
        path: PathBuf,
    },
    /// The file is larger than the limit.
    #[error("{}: file is {size} bytes, over the limit of {limit} bytes; raise it with --max-file-size if this is intended", .path.display())]
    TooLarge {
        /// The path given.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Folders given, but no `*.json` file in them.
    #[error("no pathway files (*.json) found in {}; check the path", display_paths(.paths))]
    NoPathways {
        /// The paths given.
        paths: Vec<PathBuf>,
    },
    /// Any other I/O failure (permissions, ...).
    #[error("{}: cannot read: {source}", .path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

/// Reads a file's text. Invalid UTF-8 is not a read error: it becomes a diagnostic in
/// [`parse`], so it is returned here as lossily decoded text with the error noted.
pub fn read(path: &Path, options: &LoadOptions) -> Result<(SourceText, Option<Diagnostic>), ReadError> {
    let meta = fs::metadata(path).map_err(|e| classify(path, e))?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory { path: path.to_path_buf() });
    }
    if meta.len() > options.max_file_size {
        return Err(ReadError::TooLarge { path: path.to_path_buf(), size: meta.len(), limit: options.max_file_size });
    }
    let bytes = fs::read(path).map_err(|e| classify(path, e))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((SourceText::new(path, text), None)),
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let source = SourceText::new(path, text);
            let diag = Diagnostic::new(
                &rules::INVALID_UTF8,
                format!("the file is not valid UTF-8: invalid byte at offset {valid_up_to}"),
            )
            .at(&source, source.location(valid_up_to, valid_up_to + 1))
            .with_help("save the file as UTF-8");
            Ok((source, Some(diag)))
        }
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

fn classify(path: &Path, error: io::Error) -> ReadError {
    match error.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound { path: path.to_path_buf() },
        io::ErrorKind::IsADirectory => ReadError::IsDirectory { path: path.to_path_buf() },
        _ => ReadError::Io { path: path.to_path_buf(), source: error },
    }
}

/// Parses a file's text into the model. On failure, returns the diagnostic (rule CP001 for
/// JSON syntax, CP002 for a value that does not fit the format) with its exact position.
pub fn parse(source: &SourceText) -> Result<PathwayFile, Box<Diagnostic>> {
    let text = source.text().strip_prefix('\u{feff}').unwrap_or(source.text());
    let bom = source.text().len() - text.len();
    // serde's derive would accept a struct written as an array; a pathway is one object.
    if let Some((at, c)) = text.char_indices().find(|(_, c)| !c.is_ascii_whitespace()) {
        if c != '{' {
            let found = match c {
                '[' => "an array",
                '"' => "a string",
                'n' => "null",
                't' | 'f' => "a boolean",
                '-' | '0'..='9' => "a number",
                _ => "",
            };
            if !found.is_empty() {
                return Err(Box::new(Diagnostic::new(
                    &rules::FORMAT,
                    format!("the file holds {found}; a pathway file holds one JSON object"),
                )
                .at(source, source.location(bom + at, bom + at + 1))
                .with_help(
                    "start the file with `{` and give the pathway's fields: id, title, version, sources, nodes, edges",
                )));
            }
        }
    }
    let parsed = serde_json::from_str::<PathwayFile>(text).map(|mut pathway| {
        // Approximate figures were widened by the default tolerance as they were read; now
        // that `conventions` is known, by the file's own.
        pathway.apply_conventions();
        pathway
    });
    parsed.map_err(|err| {
        let rule = match err.classify() {
            serde_json::error::Category::Data => &rules::FORMAT,
            _ => &rules::JSON_SYNTAX,
        };
        let message = plain_types(&strip_position(&err.to_string()));
        // serde_json's column is the last character of the offending token (0 at the very start).
        let mut start = source.offset_of(err.line().max(1), err.column().max(1)).max(bom);
        let mut end = start + source.text().get(start..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
        if message.starts_with("unknown field") && source.text().get(start..end) == Some("\"") {
            // Point at the whole key: back to its opening quote.
            if let Some(open) = source.text().get(..start).and_then(|s| s.rfind('"')) {
                start = open;
            }
        }
        if start >= source.text().len() && start > 0 {
            // An error at the end of the file: point at the last character.
            start = floor_char_boundary(source.text(), source.text().len() - 1);
            end = source.text().len();
        }
        let location = source.location(start, end.max(start + 1));
        let help = help_for_serde(&message);
        let mut diag = Diagnostic::new(rule, message).at(source, location);
        if let Some(help) = help {
            diag = diag.with_help(help);
        }
        Box::new(diag)
    })
}

/// serde names Rust types in messages ("expected struct DurationRange"); say what the file
/// should hold instead.
fn plain_types(message: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("struct PathwayFile", "a pathway object"),
        ("struct DurationRange", "a duration object { \"min\", \"max\", \"unit\" }"),
        ("struct Node", "a node object"),
        ("struct Edge", "an edge object"),
        ("struct Factor", "a factor object"),
        ("struct Source", "a source object"),
        ("struct Citation", "a citation object { \"source\", \"section\" }"),
        ("struct Anchor", "an anchor object { \"sha256\", \"chars\" }"),
        ("struct OutOfScope", "an out-of-scope object { \"anchor\", \"reason\" }"),
        ("struct Group", "a group object"),
        ("struct Agent", "an agent object { \"name\", ... }"),
    ];
    let mut out = message.to_string();
    for (rust, plain) in NAMES {
        out = out.replace(rust, plain);
    }
    out
}

/// serde_json appends " at line L column C"; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn help_for_serde(message: &str) -> Option<String> {
    if message.starts_with("unknown field") {
        Some("remove the field or fix its spelling; the fields allowed here are listed above".into())
    } else if message.starts_with("missing field") {
        Some("add the field; `carepath schema` prints every field with its meaning".into())
    } else if message.starts_with("unknown variant") {
        Some("use one of the values listed above".into())
    } else if message.starts_with("trailing comma") {
        Some("remove the comma after the last element".into())
    } else if message.starts_with("recursion limit exceeded") {
        Some("pathway files are shallow; this nesting is far too deep for one".into())
    } else if message.starts_with("EOF while parsing") {
        Some("the file ends early: check for a missing closing bracket or brace".into())
    } else {
        None
    }
}

/// A parsed pathway with its text and locator: what validation and later stages work on.
#[derive(Debug)]
pub struct LoadedPathway {
    /// The file's text.
    pub source: SourceText,
    /// The parsed file.
    pub pathway: PathwayFile,
    /// Pointer → span map of the text.
    pub locator: Locator,
}

impl LoadedPathway {
    /// Location of the value at a JSON pointer.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        self.locator.span(self.source.text(), pointer).map(|(start, end)| self.source.location(start, end))
    }
}

/// The result of loading one file: either a pathway ready for validation, or the
/// diagnostic that stopped it.
pub type Loaded = Result<LoadedPathway, Box<Diagnostic>>;

/// Reads and parses one file. `Err(ReadError)` means the file could not be read (exit 2);
/// `Ok(Err(diagnostic))` means it was read but is not a valid pathway file (exit 1).
pub fn load(path: &Path, options: &LoadOptions) -> Result<Loaded, ReadError> {
    let (source, encoding_error) = read(path, options)?;
    if let Some(diag) = encoding_error {
        return Ok(Err(Box::new(diag)));
    }
    Ok(load_text(source).and_then(|loaded| within_limits(loaded, options)))
}

/// Refuses a pathway with more nodes or edges than [`LoadOptions::max_nodes`] (rule CP002 at
/// `/nodes` or `/edges`), so that later stages never meet a graph larger than the user allowed.
pub fn within_limits(loaded: LoadedPathway, options: &LoadOptions) -> Loaded {
    let pathway = &loaded.pathway;
    for (field, count) in [("nodes", pathway.nodes.len()), ("edges", pathway.edges.len())] {
        if count > options.max_nodes {
            let pointer = format!("/{field}");
            let mut diag = Diagnostic::new(
                &rules::FORMAT,
                format!(
                    "the pathway has {count} {field}, over the limit of {}; raise it with --max-nodes if this is intended",
                    options.max_nodes
                ),
            );
            // Point at the opening bracket only: underlining the whole array would print it all.
            if let Some((start, _)) = loaded.locator.span(loaded.source.text(), &pointer) {
                diag = diag.at(&loaded.source, loaded.source.location(start, start + 1));
            } else {
                diag.file = Some(loaded.source.shown_path());
            }
            return Err(Box::new(diag.with_help("split the pathway into smaller ones, or raise the limit")));
        }
    }
    Ok(loaded)
}

/// Parses text already in memory (used by tests and by callers that read files themselves).
pub fn load_text(source: SourceText) -> Loaded {
    let pathway = parse(&source)?;
    // serde_json read the whole text (after a byte-order mark): it is well-formed JSON, and
    // the locator need not check it again.
    Ok(LoadedPathway { source, pathway, locator: Locator::of_parsed() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_points_at_the_key() {
        let text = "{\"id\": \"x\", \"colour_typo\": 1}";
        let err = parse(&SourceText::new("f.json", text)).unwrap_err();
        assert_eq!(err.rule.code, "CP002");
        assert!(err.message.starts_with("unknown field `colour_typo`, expected one of"), "{}", err.message);
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column, loc.length), (1, 13, 13));
    }

    #[test]
    fn top_level_array_and_empty_file() {
        let err = parse(&SourceText::new("f.json", "  [1]")).unwrap_err();
        assert_eq!(
            (err.rule.code, err.message.as_str()),
            ("CP002", "the file holds an array; a pathway file holds one JSON object")
        );
        assert_eq!(err.location.unwrap().column, 3);
        let err = parse(&SourceText::new("f.json", "")).unwrap_err();
        assert_eq!((err.rule.code, err.message.as_str()), ("CP001", "EOF while parsing a value"));
        let err = parse(&SourceText::new("f.json", "\u{feff}null")).unwrap_err();
        assert_eq!(err.message, "the file holds null; a pathway file holds one JSON object");
    }

    #[test]
    fn syntax_error_points_at_doubled_comma() {
        let text = "{\n  \"id\": \"x\",,\n  \"title\": \"t\"\n}";
        let err = parse(&SourceText::new("f.json", text)).unwrap_err();
        assert_eq!(err.rule.code, "CP001");
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 13));
    }
}
