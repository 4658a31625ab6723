//! `carepath diff OLD NEW`: what changed between two versions of a pathway, for a clinician
//! reviewing a pull request, not a JSON diff. [`compare`] works it out as data (`items`: the
//! nodes, edges, factors, sources, caveats and groups added, removed or changed, each changed
//! field old → new in words; `flow`: the paths before and after, the components per phase, and
//! the outcome figures per class of the common refinement of both files' patient classes);
//! `render` writes it as text, Markdown (for a pull-request comment) or JSON. See docs/diff.md.

mod flow;
mod items;
mod render;

pub use flow::{PATHS_SHOWN, PATH_BUDGET};
pub use render::{render_json, render_markdown, render_text};

use crate::model::PathwayFile;
use crate::outcomes::Bounds;

/// What kind of thing of the file an [`ItemChange`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The pathway's own fields (title, version, description, conventions).
    Pathway,
    /// A node, by id.
    Node,
    /// An edge, by `from → to` and kind.
    Edge,
    /// A patient factor, by id.
    Factor,
    /// A source, by id.
    Source,
    /// A caveat, by id.
    Caveat,
    /// A group, by id.
    Group,
}

impl Section {
    /// Every section, in the order outputs show them.
    pub const ALL: [Section; 7] = [
        Section::Pathway,
        Section::Node,
        Section::Edge,
        Section::Factor,
        Section::Source,
        Section::Caveat,
        Section::Group,
    ];

    /// The name used in JSON (`node`, `edge`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Pathway => "pathway",
            Section::Node => "node",
            Section::Edge => "edge",
            Section::Factor => "factor",
            Section::Source => "source",
            Section::Caveat => "caveat",
            Section::Group => "group",
        }
    }

    /// The heading outputs give the section.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Pathway => "Pathway",
            Section::Node => "Steps (nodes)",
            Section::Edge => "Edges",
            Section::Factor => "Patient factors",
            Section::Source => "Sources",
            Section::Caveat => "Caveats",
            Section::Group => "Groups",
        }
    }
}

/// Whether a thing was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// In NEW only.
    Added,
    /// In OLD only.
    Removed,
    /// In both, with fields that differ.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed`, `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One field that differs, in words (`none` where a side has no value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field, as the file names it (`label`, `probability`, `citation of acs`).
    pub field: String,
    /// The old value in words.
    pub old: String,
    /// The new value in words.
    pub new: String,
}

/// A node, edge, factor, source, caveat or group added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// What kind of thing it is.
    pub section: Section,
    /// Its id (`from → to` for an edge, with ` (includes)` for an `includes` edge).
    pub id: String,
    /// Its label (NEW's, else OLD's), where it has one.
    pub label: Option<String>,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// For a changed one, each field that differs, in the file's field order.
    pub fields: Vec<FieldChange>,
}

/// A component of a phase (an intervention it `includes`) or one of its option sets, as the
/// phase lists it, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentChange {
    /// The phase's id.
    pub phase: String,
    /// The component's id (`option set ID` for an option set).
    pub component: String,
    /// How the phase gave it before, in words (`None`: not a component then).
    pub old: Option<String>,
    /// How the phase gives it now.
    pub new: Option<String>,
}

/// How many paths a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathCount {
    /// The number of paths (when `exact` is false: at least this many).
    pub n: u128,
    /// Whether `n` is exact.
    pub exact: bool,
}

/// The paths before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathsChange {
    /// OLD's paths.
    pub old: PathCount,
    /// NEW's paths.
    pub new: PathCount,
    /// Whether both files' paths were all walked (at most [`PATH_BUDGET`] each), so that
    /// `appeared` and `disappeared` are complete.
    pub compared: bool,
    /// How many paths are in NEW only.
    pub appeared_total: usize,
    /// The first [`PATHS_SHOWN`] of them, each as its node ids, in NEW's path order.
    pub appeared: Vec<Vec<String>>,
    /// How many paths are in OLD only.
    pub disappeared_total: usize,
    /// The first [`PATHS_SHOWN`] of them, in OLD's path order.
    pub disappeared: Vec<Vec<String>>,
}

impl PathsChange {
    /// Whether anything about the paths differs.
    pub fn changed(&self) -> bool {
        self.old != self.new || self.appeared_total > 0 || self.disappeared_total > 0
    }
}

/// Which outcome figure a [`FigureChange`] is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// The chance of ending at a terminal outcome, by node id.
    Terminal(String),
    /// The chance of ending in a category (its `as_str` name).
    Category(String),
    /// The chance of reaching no terminal outcome.
    NoTerminal,
    /// Expected time on treatment.
    Time,
    /// Expected cost.
    Cost,
    /// Expected quality-adjusted life years.
    Qalys,
}

impl Figure {
    /// The figure in words, for headings and table rows: `ending at relapse`, `time on
    /// treatment`.
    pub fn words(&self) -> String {
        match self {
            Figure::Terminal(id) => format!("ending at {id}"),
            Figure::Category(c) => format!("ending in {c}"),
            Figure::NoTerminal => "ending at no terminal outcome".into(),
            Figure::Time => "expected time on treatment".into(),
            Figure::Cost => "expected cost".into(),
            Figure::Qalys => "expected QALYs".into(),
        }
    }

    /// `terminal`, `category`, `no_terminal`, `time`, `cost`, `qalys` (JSON).
    pub fn kind(&self) -> &'static str {
        match self {
            Figure::Terminal(_) => "terminal",
            Figure::Category(_) => "category",
            Figure::NoTerminal => "no_terminal",
            Figure::Time => "time",
            Figure::Cost => "cost",
            Figure::Qalys => "qalys",
        }
    }
}

/// One side of a figure: its words (with exact bounds) and its bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureValue {
    /// In words, as `carepath outcomes` prints it.
    pub words: String,
    /// The bounds (months for time; the currency for cost; QALYs).
    pub bounds: Bounds,
}

/// An outcome figure that differs for a group of patients.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureChange {
    /// Which figure.
    pub figure: Figure,
    /// Before (`None`: OLD does not reach it, or has no such figure).
    pub old: Option<FigureValue>,
    /// After.
    pub new: Option<FigureValue>,
}

/// The outcome figures that changed for one group of patient classes (classes of the common
/// refinement with the same changes).
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeChanges {
    /// The classes, each as its alternatives in words.
    pub patients: Vec<Vec<String>>,
    /// The same classes as conditions (`age > 65 || serious_comorbidity`).
    pub conditions: Vec<String>,
    /// The figures that changed, terminals in NEW's then OLD's file order, then categories,
    /// no terminal outcome, time, cost, QALYs.
    pub changes: Vec<FigureChange>,
}

/// Everything [`compare`] finds.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// OLD's name as the caller gave it (a path or `REV:PATH`).
    pub old_name: String,
    /// NEW's name.
    pub new_name: String,
    /// Things added, removed or changed, by section then id.
    pub items: Vec<ItemChange>,
    /// The paths before and after.
    pub paths: PathsChange,
    /// Components per phase that changed, by phase then component.
    pub components: Vec<ComponentChange>,
    /// How many classes of patients the common refinement has (0 when outcomes were not
    /// worked out: a file without a single start).
    pub classes: usize,
    /// The outcome figures that changed, per group of classes.
    pub outcomes: Vec<OutcomeChanges>,
}

impl Diff {
    /// Whether the two files differ in anything `diff` reports.
    pub fn has_changes(&self) -> bool {
        !self.items.is_empty() || self.paths.changed() || !self.components.is_empty() || !self.outcomes.is_empty()
    }
}

/// Why [`compare`] gives no result.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The common refinement has too many classes of patients.
    #[error("cannot compare outcomes: {0}")]
    Classes(#[from] crate::condition::ClassesError),
    /// Too many paths to count.
    #[error("cannot count the paths of {file}: {source}")]
    Count {
        /// OLD or NEW's name.
        file: String,
        /// Why.
        source: crate::paths::CountError,
    },
}

/// Compares two pathways (`old_name`, `new_name`: how outputs name them). Neither needs to be
/// valid: what cannot be worked out (paths without a single start) is left out.
///
/// # Errors
/// [`DiffError::Classes`] past [`crate::outcomes::MAX_CLASSES`] classes of patients in the
/// common refinement; [`DiffError::Count`] past 128 bits of paths.
///
/// Complexity: O(V + E) for the items; the paths walked, up to [`PATH_BUDGET`] per file; one
/// outcome analysis per file and class of the common refinement.
pub fn compare(old: &PathwayFile, new: &PathwayFile, old_name: &str, new_name: &str) -> Result<Diff, DiffError> {
    let items = items::items(old, new);
    let components = items::components(old, new);
    let paths = flow::paths(old, new, old_name, new_name)?;
    let (classes, outcomes) = flow::outcomes(old, new)?;
    Ok(Diff {
        old_name: old_name.to_string(),
        new_name: new_name.to_string(),
        items,
        paths,
        components,
        classes,
        outcomes,
    })
}
