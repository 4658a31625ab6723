//! `carepath build`: validate every pathway in a folder, then write each one's flowcharts
//! (DOT, built-in SVG, Mermaid), path listing, explorer page (`<id>.html`), coverage of its sources' texts and an index to
//! the output folder, atomically and byte-for-byte reproducibly; or, with `--check`, report
//! which files are stale.
//!
//! The coverage page `<id>.coverage.md` needs the texts, which may not be in the repository
//! (a fresh clone has no `../shared/sources`). When a pathway names a text that is not found,
//! its coverage page is neither written nor removed nor checked: an existing page is kept as
//! it is, and the outcome says so, so a build without `--source-dir` never replaces a page
//! with a worse one and `--check` still checks every other file.

use std::io;
use std::path::{Path, PathBuf};

use crate::citation::coverage;
use crate::citation::texts::SourceTexts;
use crate::condition::{Feasibility, PathwayConditions, Profile};
use crate::export::{self, Engine, Format, RenderOptions};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::outcomes;
use crate::paths::{self, ListOptions, Listing, PathFormat, Selection};
use crate::text::escape::markdown_text;
use crate::text::plain::NOTICE;
use crate::text::words::{chance_words, time_words};
use crate::validate::{self, ValidateOptions, ValidationReport};

/// Options of [`build`].
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Folder of pathway files.
    pub pathways: PathBuf,
    /// Output folder.
    pub out: PathBuf,
    /// Write nothing; list stale or missing files instead.
    pub check: bool,
    /// Validation settings.
    pub validate: ValidateOptions,
}

/// What [`build`] did.
#[derive(Debug)]
pub enum BuildOutcome {
    /// Validation found errors (or unreadable files); nothing was written.
    Invalid(Box<ValidationReport>),
    /// Files were written (`written`: changed or new; `unchanged`: already up to date).
    Built {
        /// File names written.
        written: Vec<String>,
        /// File names already identical.
        unchanged: Vec<String>,
        /// Generated files of pathways that no longer exist, removed.
        removed: Vec<String>,
        /// Coverage pages not written because a source's text was not found: left as they are.
        kept: Vec<Kept>,
    },
    /// `--check`: the files that are missing, differ, or were generated for a pathway that no
    /// longer exists (`name (missing)` / `name (stale)` / `name (left over)`), empty when `out/`
    /// is up to date.
    Checked {
        /// Stale or missing file names with the reason in parentheses.
        stale: Vec<String>,
        /// Coverage pages not checked because a source's text was not found.
        unchecked: Vec<Kept>,
    },
}

/// A coverage page `build` could not make because a text was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// Its file name in the output folder (`adult-all.coverage.md`).
    pub name: String,
    /// Whether the file is there (kept as it is) or not (not written).
    pub exists: bool,
    /// Which texts were not found: ``the text `acs.txt` of source `acs` was not found``.
    pub missing: String,
}

/// The coverage page of one pathway, when its sources name texts: the bytes to write when
/// every text was found, else what was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoveragePage {
    /// `<id>.coverage.md`, as `carepath coverage --format markdown` prints it.
    Found(Vec<u8>),
    /// Which texts were not found (see [`Kept::missing`]).
    Missing(String),
}

/// Why [`build`] could not finish.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A pathway id cannot be a file name.
    #[error("pathway id `{0}` cannot be used as a file name (use letters, digits, `-`, `_`, `.`)")]
    UnsafeId(String),
    /// Two files declare the same pathway id.
    #[error("two pathway files declare the id `{0}`")]
    DuplicateId(String),
    /// Rendering failed.
    #[error(transparent)]
    Render(#[from] export::RenderError),
    /// The explorer page could not be made.
    #[error(transparent)]
    Explorer(#[from] crate::explorer::ExplorerError),
    /// The FHIR export could not be made.
    #[error(transparent)]
    Fhir(#[from] crate::fhir::FhirError),
    /// Reading or writing the output folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The error.
        source: io::Error,
    },
}

/// Most paths `build` lists in `<id>.paths.md`; the page says how many there are in all.
pub const MAX_LISTED_PATHS: u128 = 1000;

/// One file `build` writes: its name in the output folder and its bytes.
pub type Artifact = (String, Vec<u8>);

/// The artifacts of one pathway: (file name, bytes), in a fixed order: the flowchart in three
/// formats, the path listing, the explorer page and the FHIR Bundle; and what the listing found (for the index), so the paths are
/// walked once per build.
pub fn pathway_artifacts(pathway: &PathwayFile) -> Result<(Vec<Artifact>, Listing), BuildError> {
    let id = &pathway.id;
    let render = |format| export::render(pathway, &RenderOptions { format, engine: Engine::Builtin, highlight: None });
    let (listing_bytes, listing) = paths_markdown(pathway)?;
    let artifacts = vec![
        (format!("{id}.dot"), render(Format::Dot)?),
        (format!("{id}.svg"), render(Format::Svg)?),
        (format!("{id}.mmd"), render(Format::Mermaid)?),
        (format!("{id}.paths.md"), listing_bytes),
        (format!("{id}.html"), crate::explorer::page(pathway)?),
        (format!("{id}.fhir.json"), crate::fhir::bundle(pathway, &crate::fhir::FhirOptions::default())?),
    ];
    Ok((artifacts, listing))
}

/// Every feasible path of a pathway as Markdown (at most [`MAX_LISTED_PATHS`]), and how many
/// there are in all (a lower bound past [`crate::paths::COUNT_BUDGET`]).
pub fn paths_markdown(pathway: &PathwayFile) -> Result<(Vec<u8>, Listing), BuildError> {
    let conditions = PathwayConditions::new(pathway);
    let profile = Profile::new();
    let flow = PathwayGraph::new(pathway);
    let Some(selection) = Selection::all(&flow) else {
        return Ok((Vec::new(), Listing { listed: 0, total: 0, total_exact: true }));
    };
    let mut filter = Feasibility::new(&conditions, &profile);
    let options = ListOptions {
        format: PathFormat::Markdown,
        limit: Some(MAX_LISTED_PATHS),
        total: paths::count_from_graph(pathway, &flow, &selection, &filter),
        count_budget: paths::COUNT_BUDGET,
    };
    let mut bytes = Vec::new();
    let listing = paths::list(&mut bytes, pathway, &flow, &selection, &mut filter, &options)
        .map_err(|source| BuildError::Io { path: format!("{}.paths.md", pathway.id), source })?;
    Ok((bytes, listing))
}

/// The index's summary of a pathway: its number of feasible paths, the chance of each final
/// outcome over all patients (decisions open) and the time on treatment, in words, and the
/// source's caveats, as a Markdown fragment. The exact bounds are in `carepath outcomes`.
fn summary_markdown(pathway: &PathwayFile, paths: Listing) -> String {
    let conditions = PathwayConditions::new(pathway);
    let profile = Profile::new();
    let count = if paths.total_exact { paths.total.to_string() } else { format!("More than {}", paths.total) };
    let plural = if paths.total == 1 { "" } else { "s" };
    let mut text = format!("{count} path{plural} from diagnosis to a final outcome.\n");
    let resolve = |e: usize| conditions.edge_status(e, &profile);
    if let Some(report) = outcomes::analyse(&PathwayGraph::new(pathway), &resolve) {
        text.push_str("\n| final outcome | kind | chance, all patients |\n| --- | --- | --- |\n");
        let mut approximate = false;
        for t in &report.terminals {
            let node = &pathway.nodes[t.node];
            let b = &t.probability;
            approximate |= b.approximate;
            text.push_str(&format!(
                "| {} | {} | {} |\n",
                markdown_text(&node.label),
                node.outcome.map_or("", |c| c.words()),
                chance_words(b.low, b.high, true),
            ));
        }
        let time = time_words(report.months.low, report.months.high, usize::from(!report.time_known()));
        text.push_str(&format!(
            "\nTime on treatment: {time}. Each chance is the range over every patient and over every figure the \
             source gives{}; a branch the source gives no figure for could go either way, so such a chance \
             reads \"up to\". `carepath outcomes` gives the exact bounds for each group of patients.\n",
            if approximate { ", some of them approximate" } else { "" }
        ));
    }
    let caveats = paths::caveats_markdown(pathway);
    if !caveats.is_empty() {
        text.push('\n');
        text.push_str(caveats.trim_end());
        text.push('\n');
    }
    text
}

/// Whether `id` is safe as a file name stem on every platform.
fn safe_file_stem(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The coverage page of `pathway` from its texts, or `None` when no source names a text.
pub fn coverage_page(pathway: &PathwayFile, texts: &crate::citation::texts::PathwayTexts) -> Option<CoveragePage> {
    let report = coverage::analyse(pathway, texts);
    if report.sources.is_empty() {
        return None;
    }
    let missing: Vec<String> = report
        .sources
        .iter()
        .filter(|s| s.found.is_none())
        .map(|s| format!("the text `{}` of source `{}` was not found", s.text, s.id))
        .collect();
    Some(if missing.is_empty() {
        CoveragePage::Found(coverage::render_markdown(&report, pathway).into_bytes())
    } else {
        CoveragePage::Missing(missing.join("; "))
    })
}

/// The name of a pathway's coverage page.
fn coverage_name(id: &str) -> String {
    format!("{id}.coverage.md")
}

/// Every file `build` writes for these pathways, sorted by pathway id, then `README.md`. A
/// pathway given with a [`CoveragePage::Found`] gets its coverage page too; the index links
/// the page of every pathway that names a text, found or not, so the index does not depend
/// on where the build runs.
pub fn plan(pathways: &[(&PathwayFile, Option<&CoveragePage>)]) -> Result<Vec<Artifact>, BuildError> {
    let mut sorted: Vec<(&PathwayFile, Option<&CoveragePage>)> = pathways.to_vec();
    sorted.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut files = Vec::new();
    let mut index = format!(
        "# Pathways\n\n> **{}** {}\n\nGenerated by `carepath build` from the pathway files; do not edit by \
         hand. Regenerate with `carepath build`; CI checks with `carepath build --check`.\n",
        NOTICE.0, NOTICE.1
    );
    for (k, &(p, page)) in sorted.iter().enumerate() {
        if !safe_file_stem(&p.id) {
            return Err(BuildError::UnsafeId(p.id.clone()));
        }
        if k > 0 && sorted[k - 1].0.id == p.id {
            return Err(BuildError::DuplicateId(p.id.clone()));
        }
        let (mut artifacts, paths) = pathway_artifacts(p)?;
        let title = markdown_text(&p.title);
        index.push_str(&format!("\n## {title}\n\nId `{}`, version {}.\n\n", p.id, markdown_text(&p.version)));
        index.push_str(&summary_markdown(p, paths));
        index.push_str(&format!(
            "\nExplore it: [{id}.html]({id}.html) is one self-contained page (open the file in a browser; it needs \
             no network): pick what is known about a patient to see that part of the flowchart, the paths that match \
             and the outcome figures, in words.\n",
            id = p.id
        ));
        index.push_str(&format!("\n![Flowchart of {title}]({}.svg)\n\nFiles:", p.id));
        for (j, (name, _)) in artifacts.iter().enumerate() {
            let sep = if j == 0 { " " } else { " · " };
            index.push_str(&format!("{sep}[{name}]({name})"));
        }
        if page.is_some() {
            let name = coverage_name(&p.id);
            index.push_str(&format!(" · [{name}]({name})"));
        }
        index.push('\n');
        if let Some(CoveragePage::Found(bytes)) = page {
            artifacts.push((coverage_name(&p.id), bytes.clone()));
        }
        files.extend(artifacts);
    }
    files.push(("README.md".to_string(), index.into_bytes()));
    debug_assert!(files.iter().all(|(name, _)| !name.contains('/')));

    Ok(files)
}

/// Validates every pathway under `options.pathways` and writes (or checks) `options.out`.
///
/// Nothing is written unless every pathway is valid. Only files whose bytes change are
/// written, all through [`crate::fsutil::write_all_atomic`]: every new file is staged in full
/// before any is renamed into place, so a failure (full disk, a folder in the way) leaves the
/// previous `out/` as it was.
pub fn build(options: &BuildOptions) -> Result<BuildOutcome, BuildError> {
    let texts: SourceTexts = options.validate.source_texts();
    let report = validate::validate_paths_with(std::slice::from_ref(&options.pathways), &options.validate, &texts);
    if report.has_errors() || !report.read_errors.is_empty() {
        return Ok(BuildOutcome::Invalid(Box::new(report)));
    }
    // The texts were read during validation: this only looks them up again.
    let pages: Vec<Option<CoveragePage>> = report
        .loaded
        .iter()
        .map(|l| coverage_page(&l.pathway, &texts.for_pathway(&l.source.path, &l.pathway).0))
        .collect();
    let pathways: Vec<(&PathwayFile, Option<&CoveragePage>)> =
        report.loaded.iter().zip(&pages).map(|(l, page)| (&l.pathway, page.as_ref())).collect();
    let files = plan(&pathways)?;
    let io_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| BuildError::Io { path, source }
    };
    let mut kept: Vec<Kept> = pathways
        .iter()
        .filter_map(|(p, page)| match page {
            Some(CoveragePage::Missing(missing)) => {
                let name = coverage_name(&p.id);
                let exists = options.out.join(&name).is_file();
                Some(Kept { name, exists, missing: missing.clone() })
            }
            _ => None,
        })
        .collect();
    kept.sort_by(|a, b| a.name.cmp(&b.name));
    let keep: Vec<&str> = kept.iter().map(|k| k.name.as_str()).collect();
    let leftovers = leftover_files(&options.out, &files, &keep).map_err(io_err(&options.out))?;
    if options.check {
        let mut stale = Vec::new();
        for (name, bytes) in &files {
            match std::fs::read(options.out.join(name)) {
                Ok(existing) if existing == *bytes => {}
                Ok(_) => stale.push(format!("{name} (stale)")),
                Err(e) if e.kind() == io::ErrorKind::NotFound => stale.push(format!("{name} (missing)")),
                Err(e) => return Err(io_err(&options.out.join(name))(e)),
            }
        }
        stale.extend(leftovers.iter().map(|name| format!("{name} (left over)")));
        return Ok(BuildOutcome::Checked { stale, unchecked: kept });
    }
    std::fs::create_dir_all(&options.out).map_err(io_err(&options.out))?;
    let (mut written, mut unchanged, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for (name, bytes) in &files {
        let path = options.out.join(name);
        if std::fs::read(&path).is_ok_and(|existing| existing == *bytes) {
            unchanged.push(name.clone());
        } else {
            written.push(name.clone());
            changed.push((path, bytes.as_slice()));
        }
    }
    // All or nothing: a failure while writing leaves the previous `out/` as it was.
    crate::fsutil::write_all_atomic(&changed).map_err(|(path, source)| io_err(&path)(source))?;
    for name in &leftovers {
        let path = options.out.join(name);
        std::fs::remove_file(&path).map_err(io_err(&path))?;
    }
    Ok(BuildOutcome::Built { written, unchanged, removed: leftovers, kept })
}

/// Files in `out` that `build` generates for some pathway (`<id>.dot`, `.svg`, `.mmd`,
/// `.paths.md`, `.html`, `.coverage.md`) but that are not in this plan nor in `keep`: outputs of a
/// pathway since removed or renamed. Other files are never touched. Sorted; empty when `out`
/// does not exist.
fn leftover_files(out: &Path, plan: &[Artifact], keep: &[&str]) -> io::Result<Vec<String>> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut leftovers = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let generated = [".paths.md", ".coverage.md", ".fhir.json", ".dot", ".svg", ".mmd", ".html"]
            .iter()
            .any(|ext| name.strip_suffix(ext).is_some_and(|stem| safe_file_stem(stem) && !stem.contains('.')));
        let planned = plan.iter().any(|(planned, _)| *planned == name) || keep.contains(&name.as_str());
        if generated && !planned && entry.file_type()?.is_file() {
            leftovers.push(name);
        }
    }
    leftovers.sort();
    Ok(leftovers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_escapes_links_and_emphasis() {
        assert_eq!(markdown_text("[x](y) *b* <i>"), "\\[x\\](y) \\*b\\* \\<i\\>");
    }

    #[test]
    fn a_coverage_page_is_left_over_when_its_pathway_is_gone_and_kept_when_its_text_is() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["gone.coverage.md", "kept.coverage.md", "here.coverage.md", "notes.md"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let plan = vec![("here.coverage.md".to_string(), Vec::new())];
        assert_eq!(leftover_files(dir.path(), &plan, &["kept.coverage.md"]).unwrap(), ["gone.coverage.md"]);
    }

    #[test]
    fn unsafe_ids_are_refused() {
        assert!(safe_file_stem("adult-all"));
        assert!(!safe_file_stem("../x"));
        assert!(!safe_file_stem(".hidden"));
        assert!(!safe_file_stem("a/b"));
    }
}
