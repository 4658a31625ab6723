//! Arguments of `diff`. Its help is the doc comment of [`DiffArgs`] (cli.rs is kept short).

use clap::{Args, ValueEnum};

use super::LimitArgs;

/// What changed between two versions of a pathway, for a clinician reviewing it.
///
/// Compares OLD and NEW as a clinician reads them, not as JSON: the nodes, edges (by
/// `from → to` and kind), factors, sources, caveats and groups added, removed or changed,
/// each changed field old → new in words (labels, figures, durations, conditions,
/// likelihoods, quotes and anchors, costs and utilities); the number of paths before and
/// after, with the paths that appeared and disappeared (node ids joined by →; the first 10,
/// then how many more); each phase's components that changed; and the outcome figures
/// (chances of each terminal outcome and category, time on treatment, expected cost and
/// QALYs) that changed, per class of patients of both files together (the classes of OLD
/// intersected with those of NEW, so a changed decision does not hide a change).
///
/// OLD or NEW may be `REV:PATH`, a file as git has it in a revision (`git show REV:PATH`,
/// run in the current directory). Files are compared when they parse, even with
/// validation findings. `--format markdown` reads as a pull-request comment; `--format
/// json` is documented in docs/diff.md.
///
/// Exit codes: 0 it ran (with or without differences); 1 with --exit-code, the files
/// differ (as `git diff --exit-code`); 2 usage error, a file that cannot be read or
/// parsed, or git failing.
///
/// Examples:
///   carepath diff old.json pathways/adult-all.json
///   carepath diff HEAD:pathways/adult-all.json pathways/adult-all.json
///   carepath diff origin/main:pathways/adult-all.json pathways/adult-all.json --format markdown
///   carepath diff a.json b.json --exit-code --format json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct DiffArgs {
    /// The old version: a file, or `REV:PATH` read from git.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The new version: a file, or `REV:PATH` read from git.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Text)]
    pub format: DiffFormatArg,
    /// Exit 1 when the files differ, 0 when they do not.
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatArg {
    /// Text for a terminal.
    Text,
    /// Markdown for a pull-request comment: a heading, a summary line, tables.
    Markdown,
    /// One JSON document (shape in docs/diff.md).
    Json,
}
