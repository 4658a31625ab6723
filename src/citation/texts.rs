//! Finding source texts: a source names its text file (`"text"`), which carepath looks for
//! beside the pathway file, then in each `--source-dir DIR` in order. Each file is read and
//! parsed into a [`SourceDocument`] once per run, however many pathways cite it, and each
//! anchor is looked up in it once.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::document::SourceDocument;
use crate::model::PathwayFile;

/// A source text that was found but could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// Larger than the limit on file sizes.
    #[error("{}: file is {size} bytes, over the limit of {limit} bytes; raise it with --max-file-size if this is intended", .path.display())]
    TooLarge {
        /// Where it was found.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Not readable: permissions, not UTF-8, ...
    #[error("{}: cannot read: {source}", .path.display())]
    Io {
        /// Where it was found.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Where source texts are looked for, and the texts read so far in this run.
#[derive(Debug, Default)]
pub struct SourceTexts {
    dirs: Vec<PathBuf>,
    max_file_size: u64,
    /// Every file read so far, by the path it was found at; `None`: it could not be read (the
    /// error was returned the first time).
    read: Mutex<HashMap<PathBuf, Option<Arc<SourceTextFile>>>>,
}

/// An anchor as looked up: its SHA-256 prefix and length in characters.
type AnchorKey = (String, usize);

/// One source text, read and parsed, with the anchors looked up in it so far.
#[derive(Debug)]
pub struct SourceTextFile {
    /// Where it was found.
    pub path: PathBuf,
    /// Its sections and sentences.
    pub document: SourceDocument,
    /// Anchors looked up so far: (sha256, chars) → byte range in the normalised text.
    anchors: Mutex<HashMap<AnchorKey, Option<(usize, usize)>>>,
}

impl SourceTextFile {
    /// The byte range of the words an anchor fingerprints ([`SourceDocument::find_anchor`]),
    /// looked up once per run for each anchor.
    pub fn find_anchor(&self, sha256: &str, chars: usize) -> Option<(usize, usize)> {
        let key = (sha256.to_string(), chars);
        // Files validated on several threads share a text: the look-up is the same on each.
        if let Some(found) = self.anchors.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return *found;
        }
        let found = self.document.find_anchor(sha256, chars);
        self.anchors.lock().unwrap_or_else(PoisonError::into_inner).insert(key, found);
        found
    }
}

/// What was found for the text of one source.
#[derive(Debug, Clone)]
pub enum TextStatus {
    /// The text was found and read.
    Found(Arc<SourceTextFile>),
    /// The text is in none of the folders looked in (empty: it was not looked for).
    NotFound {
        /// The folders looked in, in order: the pathway's own folder first.
        looked_in: Vec<PathBuf>,
    },
    /// The text was found but could not be read; the read error is reported on its own.
    Unreadable {
        /// Where it was found.
        path: PathBuf,
    },
}

/// The text of each source of one pathway that names one, by source id.
#[derive(Debug, Clone, Default)]
pub struct PathwayTexts {
    by_source: BTreeMap<String, TextStatus>,
}

impl PathwayTexts {
    /// Every source that names a text counts as not found, without looking (no I/O).
    pub fn not_looked_up(pathway: &PathwayFile) -> Self {
        let mut by_source = BTreeMap::new();
        for source in pathway.sources.iter().filter(|s| s.text.is_some()) {
            by_source.entry(source.id.clone()).or_insert(TextStatus::NotFound { looked_in: Vec::new() });
        }
        PathwayTexts { by_source }
    }

    /// What was found for the text of source `id`; `None` when it names no text.
    pub fn get(&self, id: &str) -> Option<&TextStatus> {
        self.by_source.get(id)
    }

    /// The text of source `id`, when it was found.
    pub fn file(&self, id: &str) -> Option<&SourceTextFile> {
        match self.by_source.get(id) {
            Some(TextStatus::Found(file)) => Some(file),
            _ => None,
        }
    }
}

impl SourceTexts {
    /// Looks for texts beside each pathway file, then in `dirs` in order; refuses files larger
    /// than `max_file_size` bytes.
    pub fn new(dirs: &[PathBuf], max_file_size: u64) -> Self {
        SourceTexts { dirs: dirs.to_vec(), max_file_size, read: Mutex::new(HashMap::new()) }
    }

    /// The `--source-dir` folders, in order.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// Finds and reads the text of every source of `pathway` (read from `file`) that names one.
    /// A text that is found but cannot be read is returned as an error the first time it is met
    /// in this run, and counts as [`TextStatus::Unreadable`].
    ///
    /// Complexity: one `stat` per folder looked in per source; each file is read and parsed
    /// once per run, O(n) in its length.
    pub fn for_pathway(&self, file: &Path, pathway: &PathwayFile) -> (PathwayTexts, Vec<TextError>) {
        let beside = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let folders: Vec<PathBuf> = std::iter::once(beside).chain(self.dirs.iter().cloned()).collect();
        let mut texts = PathwayTexts::default();
        let mut errors = Vec::new();
        for source in &pathway.sources {
            let Some(name) = &source.text else { continue };
            if texts.by_source.contains_key(&source.id) {
                continue; // a duplicate source id: CP010 reports it
            }
            let found = folders.iter().map(|dir| dir.join(name)).find(|path| path.is_file());
            let status = match found {
                None => TextStatus::NotFound { looked_in: folders.clone() },
                Some(path) => match self.read(&path) {
                    Ok(Some(file)) => TextStatus::Found(file),
                    Ok(None) => TextStatus::Unreadable { path },
                    Err(error) => {
                        errors.push(error);
                        TextStatus::Unreadable { path }
                    }
                },
            };
            texts.by_source.insert(source.id.clone(), status);
        }
        (texts, errors)
    }

    /// The file at `path`, read and parsed on first use. `Ok(None)`: it could not be read, and
    /// that was already reported.
    fn read(&self, path: &Path) -> Result<Option<Arc<SourceTextFile>>, TextError> {
        if let Some(known) = self.read.lock().unwrap_or_else(PoisonError::into_inner).get(path) {
            return Ok(known.clone());
        }
        let result = read_text(path, self.max_file_size).map(|raw| {
            Arc::new(SourceTextFile {
                path: path.to_path_buf(),
                document: SourceDocument::parse(&raw),
                anchors: Mutex::new(HashMap::new()),
            })
        });
        self.read
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_path_buf(), result.as_ref().ok().cloned());
        result.map(Some)
    }
}

fn read_text(path: &Path, max_file_size: u64) -> Result<String, TextError> {
    let io = |source| TextError::Io { path: path.to_path_buf(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > max_file_size {
        return Err(TextError::TooLarge { path: path.to_path_buf(), size, limit: max_file_size });
    }
    std::fs::read_to_string(path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pathway(texts: &[(&str, &str)]) -> PathwayFile {
        let sources: Vec<_> =
            texts.iter().map(|(id, text)| serde_json::json!({ "id": id, "title": id, "text": text })).collect();
        let file = serde_json::json!({ "id": "p", "title": "P", "version": "1", "sources": sources, "nodes": [], "edges": [] });
        serde_json::from_value(file).unwrap()
    }

    #[test]
    fn texts_are_found_beside_the_pathway_then_in_each_folder_in_order_and_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let (pathways, first, second) = (dir.path().join("pathways"), dir.path().join("a"), dir.path().join("b"));
        for d in [&pathways, &first, &second] {
            std::fs::create_dir(d).unwrap();
        }
        std::fs::write(pathways.join("own.txt"), "Own\n\nBeside the pathway.\n").unwrap();
        std::fs::write(first.join("shared.txt"), "First\n\nIn the first folder.\n").unwrap();
        std::fs::write(second.join("shared.txt"), "Second\n\nIn the second folder.\n").unwrap();
        std::fs::write(second.join("own.txt"), "Not this one\n\nShadowed.\n").unwrap();
        let texts = SourceTexts::new(&[first.clone(), second.clone()], 1 << 20);
        let p = pathway(&[("own", "own.txt"), ("shared", "shared.txt"), ("gone", "gone.txt")]);
        let (found, errors) = texts.for_pathway(&pathways.join("p.json"), &p);
        assert!(errors.is_empty());
        assert_eq!(found.file("own").unwrap().path, pathways.join("own.txt"));
        assert_eq!(found.file("shared").unwrap().document.sections(), ["First"]);
        let Some(TextStatus::NotFound { looked_in }) = found.get("gone") else { panic!() };
        assert_eq!(looked_in, &[pathways.clone(), first, second]);
        assert!(found.get("nothing").is_none());
        // A second pathway citing the same text gets the same parsed document.
        let (again, _) = texts.for_pathway(&pathways.join("q.json"), &p);
        let (Some(TextStatus::Found(a)), Some(TextStatus::Found(b))) = (found.get("shared"), again.get("shared"))
        else {
            panic!()
        };
        assert!(Arc::ptr_eq(a, b));
    }

    #[test]
    fn an_unreadable_text_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.txt"), [0xff, 0xfe, b'x']).unwrap();
        std::fs::write(dir.path().join("big.txt"), "x".repeat(100)).unwrap();
        let texts = SourceTexts::new(&[], 50);
        let p = pathway(&[("bad", "bad.txt"), ("big", "big.txt")]);
        let (found, errors) = texts.for_pathway(&dir.path().join("p.json"), &p);
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0].to_string().ends_with("bad.txt: cannot read: stream did not contain valid UTF-8"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].to_string().contains("big.txt: file is 100 bytes, over the limit of 50 bytes"),
            "{}",
            errors[1]
        );
        assert!(matches!(found.get("bad"), Some(TextStatus::Unreadable { .. })));
        let (_, errors) = texts.for_pathway(&dir.path().join("q.json"), &p);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_pathway_given_without_a_folder_looks_in_the_working_folder() {
        let texts = SourceTexts::new(&[], 1 << 20);
        let (found, _) = texts.for_pathway(Path::new("p.json"), &pathway(&[("s", "no-such-text.txt")]));
        let Some(TextStatus::NotFound { looked_in }) = found.get("s") else { panic!() };
        assert_eq!(looked_in, &[PathBuf::from(".")]);
    }
}
