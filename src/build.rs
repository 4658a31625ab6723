//! `carepath build`: validate every pathway in a folder, then write each one's flowcharts
//! (DOT, built-in SVG, Mermaid) and an index to the output folder, atomically and
//! byte-for-byte reproducibly; or, with `--check`, report which files are stale.

use std::io;
use std::path::{Path, PathBuf};

use crate::condition::{Feasibility, PathwayConditions, Profile};
use crate::export::{self, Engine, Format, RenderOptions};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::outcomes;
use crate::paths::{self, ListOptions, Listing, PathFormat, Selection};
use crate::text::escape::markdown_text;
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
    },
    /// `--check`: the files that are missing, differ, or were generated for a pathway that no
    /// longer exists (`name (missing)` / `name (stale)` / `name (left over)`), empty when `out/`
    /// is up to date.
    Checked {
        /// Stale or missing file names with the reason in parentheses.
        stale: Vec<String>,
    },
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
/// formats and the path listing; and what the listing found (for the index), so the paths are
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

/// The index's summary of a pathway: its number of feasible paths, the probability of each
/// terminal outcome over all patients (decisions open), the expected time on treatment and the
/// source's caveats, as a Markdown fragment.
fn summary_markdown(pathway: &PathwayFile, paths: Listing) -> String {
    let conditions = PathwayConditions::new(pathway);
    let profile = Profile::new();
    let count = if paths.total_exact { paths.total.to_string() } else { format!("More than {}", paths.total) };
    let plural = if paths.total == 1 { "" } else { "s" };
    let mut text = format!("{count} feasible path{plural} from diagnosis to a final outcome.\n");
    let resolve = |e: usize| conditions.edge_status(e, &profile);
    if let Some(report) = outcomes::analyse(&PathwayGraph::new(pathway), &resolve) {
        text.push_str("\n| final outcome | category | probability, all patients |\n| --- | --- | --- |\n");
        for t in &report.terminals {
            let node = &pathway.nodes[t.node];
            text.push_str(&format!(
                "| {} | {} | {} |\n",
                markdown_text(&node.label),
                node.outcome.map_or("", |c| c.as_str()),
                outcomes::bounds_text(&t.probability)
            ));
        }
        text.push_str(&format!(
            "\nExpected time on treatment: {}. Ranges are exact bounds over the figures the file gives; \
             a branch without a figure counts as anything from 0 to 1 (`carepath outcomes` gives the detail per patient class).\n",
            outcomes::time_text(&report)
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

/// Every file `build` writes for these pathways, sorted by pathway id, then `README.md`.
pub fn plan(pathways: &[&PathwayFile]) -> Result<Vec<Artifact>, BuildError> {
    let mut sorted: Vec<&PathwayFile> = pathways.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut files = Vec::new();
    let mut index = String::from(
        "# Pathway flowcharts\n\nGenerated by `carepath build` from the pathway files; do not edit by hand.\n\
         Regenerate with `carepath build`; CI checks with `carepath build --check`.\n",
    );
    for (k, p) in sorted.iter().enumerate() {
        if !safe_file_stem(&p.id) {
            return Err(BuildError::UnsafeId(p.id.clone()));
        }
        if k > 0 && sorted[k - 1].id == p.id {
            return Err(BuildError::DuplicateId(p.id.clone()));
        }
        let (artifacts, paths) = pathway_artifacts(p)?;
        let title = markdown_text(&p.title);
        index.push_str(&format!("\n## {title}\n\nId `{}`, version {}.\n\n", p.id, markdown_text(&p.version)));
        index.push_str(&summary_markdown(p, paths));
        index.push_str(&format!("\n![Flowchart of {title}]({}.svg)\n\nFiles:", p.id));
        for (j, (name, _)) in artifacts.iter().enumerate() {
            let sep = if j == 0 { " " } else { " · " };
            index.push_str(&format!("{sep}[{name}]({name})"));
        }
        index.push('\n');
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
    let report = validate::validate_paths(std::slice::from_ref(&options.pathways), &options.validate);
    if report.has_errors() || !report.read_errors.is_empty() {
        return Ok(BuildOutcome::Invalid(Box::new(report)));
    }
    let pathways: Vec<&PathwayFile> = report.loaded.iter().map(|l| &l.pathway).collect();
    let files = plan(&pathways)?;
    let io_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| BuildError::Io { path, source }
    };
    let leftovers = leftover_files(&options.out, &files).map_err(io_err(&options.out))?;
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
        return Ok(BuildOutcome::Checked { stale });
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
    Ok(BuildOutcome::Built { written, unchanged, removed: leftovers })
}

/// Files in `out` that `build` generates for some pathway (`<id>.dot`, `.svg`, `.mmd`,
/// `.paths.md`) but that are not in this plan: outputs of a pathway since removed or renamed.
/// Other files are never touched. Sorted; empty when `out` does not exist.
fn leftover_files(out: &Path, plan: &[Artifact]) -> io::Result<Vec<String>> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut leftovers = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let generated = [".paths.md", ".dot", ".svg", ".mmd"]
            .iter()
            .any(|ext| name.strip_suffix(ext).is_some_and(|stem| safe_file_stem(stem) && !stem.contains('.')));
        if generated && entry.file_type()?.is_file() && !plan.iter().any(|(planned, _)| *planned == name) {
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
    fn unsafe_ids_are_refused() {
        assert!(safe_file_stem("adult-all"));
        assert!(!safe_file_stem("../x"));
        assert!(!safe_file_stem(".hidden"));
        assert!(!safe_file_stem("a/b"));
    }
}
