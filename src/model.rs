//! The pathway file format: serde types for one pathway JSON file.
//!
//! The single definition of the format: `schema/pathway.schema.json` is generated from them
//! ([`crate::schema`]); every struct rejects unknown fields, so a typo is an error naming it.

mod distribution;
mod economics;
mod probability;

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use distribution::{Distribution, DistributionError, FromRange, Resolved, RANGE_IN_SDS};
pub use economics::{Cost, CostPer, Utility};
pub use probability::{Probability, DEFAULT_ABOUT_TOLERANCE};

mod codes;
mod components;
mod factor;

pub use codes::{Code, LOINC, RXNORM, SNOMED_CT};
pub use components::{Choose, Likelihood, OptionSet};
pub use factor::{Factor, FactorType, FactorWording};

/// One pathway file: a directed graph of treatment steps with its sources and patient factors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "carepath pathway")]
pub struct PathwayFile {
    /// Path or URL of the JSON Schema, for editors. Ignored by carepath.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Pathway id, kebab-case, equal to the file name without `.json` (e.g. `adult-all`).
    pub id: String,
    /// Human title shown on flowcharts and listings.
    pub title: String,
    /// Version of this pathway file (free text, e.g. `2024.1`).
    pub version: String,
    /// What the pathway covers and for whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How the file's figures are to be read (the tolerance of "about"), declared once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conventions: Option<Conventions>,
    /// Where the pathway's content comes from; nodes and edges cite these by id.
    pub sources: Vec<Source>,
    /// Patient characteristics that decisions and conditional edges test.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<Factor>,
    /// Groups of nodes drawn together on flowcharts (e.g. front-line therapy, salvage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// What a reader of the figures must know that the figures cannot say (e.g. "the figures
    /// differ by subtype; none is given per group"), each printed beside the figures it applies
    /// to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<Caveat>,
    /// The steps of the pathway.
    pub nodes: Vec<Node>,
    /// Flow (`next`) and composition (`includes`) between nodes.
    pub edges: Vec<Edge>,
}

impl PathwayFile {
    /// Whether some node has a `cost`.
    pub fn has_costs(&self) -> bool {
        self.nodes.iter().any(|n| n.cost.is_some())
    }

    /// Whether some node has a `utility`.
    pub fn has_utilities(&self) -> bool {
        self.nodes.iter().any(|n| n.utility.is_some())
    }

    /// The currency of the file's costs: the first cost's, in file order (CP092 makes it the
    /// only one).
    pub fn currency(&self) -> Option<&str> {
        self.nodes.iter().find_map(|n| n.cost.as_ref().and_then(|c| c.currency.as_deref()))
    }

    /// The tolerance of "about" the file declares, or [`DEFAULT_ABOUT_TOLERANCE`].
    pub fn about_tolerance(&self) -> f64 {
        self.conventions.as_ref().and_then(|c| c.about_tolerance).unwrap_or(DEFAULT_ABOUT_TOLERANCE)
    }

    /// Widens every approximate probability by the file's tolerance of "about", so that every
    /// reader of `low` and `high` sees the same bounds. Reading a file widens by the default
    /// tolerance; the loader calls this once the whole file, `conventions` included, is read.
    /// A tolerance outside (0, 0.5] (which validation reports) widens by the default instead.
    /// Idempotent: the bounds are recomputed from the stated figures.
    pub fn apply_conventions(&mut self) {
        let declared = self.about_tolerance();
        let tolerance = if Conventions::valid_tolerance(declared) { declared } else { DEFAULT_ABOUT_TOLERANCE };
        for edge in &mut self.edges {
            if let Some(p) = &mut edge.probability {
                p.widen(tolerance);
            }
        }
    }
}

/// How the file's figures are to be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conventions {
    /// The tolerance of "about", in probability units (0.05 = 5 percentage points; the
    /// default). "about X%" means X ± 5 percentage points with base X, and "about X% to Y%"
    /// means (X − 5)% to (Y + 5)%, unless the file declares another tolerance here. Greater than
    /// 0 and at most 0.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 0.5), extend("exclusiveMinimum" = 0))]
    pub about_tolerance: Option<f64>,
}

impl Conventions {
    /// Whether `tolerance` is a tolerance of "about" carepath accepts: in (0, 0.5].
    pub fn valid_tolerance(tolerance: f64) -> bool {
        tolerance > 0.0 && tolerance <= 0.5
    }
}

/// A caveat of the source about its figures, carried as data and printed beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Caveat {
    /// Caveat id, lower snake_case, unique in the pathway.
    pub id: String,
    /// The caveat, paraphrased from the source (e.g. "The figures differ by subtype; none is
    /// given per group").
    pub text: String,
    /// The caveat in plain words, for patients and families (`carepath summary` shows it in
    /// place of `text`): short sentences in everyday words, saying what `text` says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    /// Ids of the outcome nodes whose figures it applies to; empty: every figure.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// Where the caveat comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

impl Caveat {
    /// Whether the caveat applies to a report that shows the outcome nodes `shown` (by id):
    /// it applies to every figure, or names one of them.
    pub fn applies_to_any<'a>(&self, mut shown: impl Iterator<Item = &'a str>) -> bool {
        self.applies_to.is_empty() || shown.any(|id| self.applies_to.iter().any(|a| a == id))
    }
}

/// A work cited by the pathway.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Source id, lower snake_case, cited from nodes and edges.
    pub id: String,
    /// Title of the work.
    pub title: String,
    /// Authors as cited (e.g. `Terwilliger T, Abdul-Hay M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<String>,
    /// Publisher or issuing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Date of the last revision, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub revised: Option<String>,
    /// Date the work was accessed, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub accessed: Option<String>,
    /// Where the work can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The full reference as it would appear in a bibliography.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Ids of other sources that this one cites (e.g. a web page's literature references).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Anything a reader should know about this source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// File name of the source's text (e.g. `acs-adult-all-treatment.txt`), against which
    /// citations' `anchor`s and `quote`s are checked. carepath looks for it beside the pathway
    /// file, then in each `--source-dir DIR` in order; the text itself need not be in the
    /// repository (a source whose sentences may not be copied is cited by anchors only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Spans of the text that the pathway leaves out on purpose, each with its reason (e.g.
    /// "about childhood ALL, another page"): `carepath coverage` does not count their
    /// sentences as missing. Needs `text`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_scope: Vec<OutOfScope>,
}

/// A citation of a source from a node, edge or factor.
///
/// The exact words that support the claim are given in one of two ways, never both: `quote`
/// (the words themselves, for a source one may copy) or `anchor` (their fingerprint, for a
/// source whose text may not be copied). Both are checked against the source's `text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("not" = { "required": ["quote", "anchor"] }))]
pub struct Citation {
    /// Id of a source declared in `sources`.
    pub source: String,
    /// Section of the source the content comes from (e.g. `Induction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Anything a reader should know about how the source supports this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The source's words that support the claim, as the text has them (quotes, dashes and
    /// white space need not match: both sides are normalised). For sources one owns or may
    /// copy; otherwise use `anchor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The fingerprint of the source's words that support the claim, for sources whose text may
    /// not be copied. `carepath cite TEXT "words"` prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
}

/// The fingerprint of some words of a source's text: any contiguous span of the normalised
/// text, a phrase or a sentence. Normalising: Unicode NFKC; curly quotes → straight quotes, en
/// and em dashes → `-`, no-break space → space; every run of white space → one space; trimmed;
/// case kept. The words cannot be read back from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The first 16 hex digits (lowercase) of the SHA-256 of the normalised words, as UTF-8.
    #[schemars(regex(pattern = r"^[0-9a-f]{16}$"))]
    pub sha256: String,
    /// Length of the normalised words in Unicode scalar values (characters), at least 1.
    #[schemars(range(min = 1))]
    pub chars: u32,
}

/// A span of a source's text that the pathway leaves out on purpose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutOfScope {
    /// The words left out (their fingerprint, as in a citation's `anchor`); every sentence
    /// they touch is out of scope.
    pub anchor: Anchor,
    /// Why they are left out (e.g. "about childhood ALL, see another page").
    pub reason: String,
}

/// A named group of nodes, drawn as one cluster on flowcharts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Group id, lower snake_case.
    pub id: String,
    /// Human label.
    pub label: String,
    /// What the group holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The kind of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// Where the pathway begins (diagnosis); exactly one.
    Start,
    /// A stretch of treatment with a typical duration (e.g. induction).
    Phase,
    /// A drug, regimen, procedure, transplant or supportive measure.
    Intervention,
    /// A branch on patient factors; its `next` edges carry conditions.
    Decision,
    /// A response state (remission, refractory disease, relapse, ...).
    Outcome,
}

impl NodeKind {
    /// The name used in files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Start => "start",
            NodeKind::Phase => "phase",
            NodeKind::Intervention => "intervention",
            NodeKind::Decision => "decision",
            NodeKind::Outcome => "outcome",
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The category of an outcome node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeCategory {
    /// Complete remission: no leukemia found, normal counts return.
    Remission,
    /// Partial remission: disease reduced but not gone.
    PartialRemission,
    /// Refractory: the disease does not respond to treatment.
    Refractory,
    /// Relapse: the disease returns after a remission.
    Relapse,
    /// Long-term remission, including cure.
    LongTermRemission,
    /// Care focused on comfort and control rather than cure.
    Palliative,
    /// Death (with `next` edges out: a death scheduled ahead, care recorded after it).
    Death,
    /// The pathway stops following the patient; no response state is claimed (Synthea's
    /// `Terminal`).
    Exit,
}

impl OutcomeCategory {
    /// Every category, in declaration order.
    pub const ALL: [OutcomeCategory; 8] = [
        OutcomeCategory::Remission,
        OutcomeCategory::PartialRemission,
        OutcomeCategory::Refractory,
        OutcomeCategory::Relapse,
        OutcomeCategory::LongTermRemission,
        OutcomeCategory::Palliative,
        OutcomeCategory::Death,
        OutcomeCategory::Exit,
    ];

    /// The name used in files, flags and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeCategory::Remission => "remission",
            OutcomeCategory::PartialRemission => "partial_remission",
            OutcomeCategory::Refractory => "refractory",
            OutcomeCategory::Relapse => "relapse",
            OutcomeCategory::LongTermRemission => "long_term_remission",
            OutcomeCategory::Palliative => "palliative",
            OutcomeCategory::Death => "death",
            OutcomeCategory::Exit => "exit",
        }
    }

    /// The kind of outcome in plain words, for headings and tables people read (`no response
    /// to treatment` for `refractory`, `comfort-focused care` for `palliative`). The summary's
    /// glossary names the medical terms themselves (`text::plain::category_term`).
    pub fn words(self) -> &'static str {
        match self {
            OutcomeCategory::Remission => "complete remission",
            OutcomeCategory::PartialRemission => "partial remission",
            OutcomeCategory::Refractory => "no response to treatment",
            OutcomeCategory::Relapse => "relapse",
            OutcomeCategory::LongTermRemission => "long-term remission",
            OutcomeCategory::Palliative => "comfort-focused care",
            OutcomeCategory::Death => "death",
            OutcomeCategory::Exit => "leaves the pathway",
        }
    }

    /// Parses the name used in files and flags.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for OutcomeCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of treatment an intervention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Cytotoxic chemotherapy.
    Chemotherapy,
    /// A targeted drug (e.g. a tyrosine kinase inhibitor, a menin inhibitor).
    TargetedTherapy,
    /// Monoclonal antibodies and other immunotherapy drugs.
    Immunotherapy,
    /// Cellular therapy such as CAR T cells.
    CellTherapy,
    /// Stem cell transplant.
    Transplant,
    /// Radiation therapy.
    Radiation,
    /// A procedure or test (e.g. lumbar puncture).
    Procedure,
    /// Supportive care: infections, blood counts, nutrition, symptoms.
    SupportiveCare,
    /// Enrolment in a clinical trial.
    ClinicalTrial,
}

/// How the agents of an intervention combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// All agents are given together.
    #[default]
    All,
    /// Exactly one of the agents is given (alternatives).
    OneOf,
    /// One or more of the agents are given.
    AnyOf,
}

/// One drug or measure of an intervention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Generic name (e.g. `daunorubicin`).
    pub name: String,
    /// Brand name (e.g. `Gleevec`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Drug class (e.g. `anthracycline`, `tyrosine kinase inhibitor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// How often the source says this agent is used within the intervention (default `always`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    /// The drug's codes (e.g. RxNorm).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
}

/// How an intervention is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// By mouth.
    Oral,
    /// Into a vein.
    Intravenous,
    /// Into the cerebrospinal fluid.
    Intrathecal,
    /// Under the skin.
    Subcutaneous,
    /// Into a muscle.
    Intramuscular,
    /// Radiation from outside the body.
    ExternalBeam,
}

/// Dose intensity relative to the standard regimen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Intensity {
    /// Doses reduced (e.g. for older or less fit patients).
    Reduced,
    /// The usual doses.
    Standard,
    /// High doses.
    High,
}

/// Whether a decision takes exactly one branch or may take several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Exactly one branch applies to each patient (exhaustive and exclusive).
    #[default]
    Single,
    /// Branches may overlap: each patient takes one or more (options).
    Multiple,
}

/// A step of the pathway.
///
/// One struct for every kind keeps error messages about unknown fields precise; the
/// validator checks that kind-specific fields appear only on their kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Node id, lower snake_case, unique in the pathway.
    pub id: String,
    /// `start`, `phase`, `intervention`, `decision` or `outcome`.
    pub kind: NodeKind,
    /// Short human label for flowcharts and listings.
    pub label: String,
    /// Longer explanation, paraphrased from the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The step in plain words, for patients and families (`carepath summary` shows it under
    /// the step): a few short sentences in everyday words, explaining the medical terms the
    /// source explains. Paraphrased from the source like `description`, and cited by the node's
    /// `sources`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    /// Group the node is drawn in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Phases and interventions: how long it typically lasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<DurationRange>,
    /// Outcomes: the response category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<OutcomeCategory>,
    /// Interventions: what kind of treatment it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<Modality>,
    /// Interventions: the drugs or measures it consists of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<Agent>,
    /// Interventions: how `agents` combine (default `all`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine: Option<Combine>,
    /// Interventions: how it is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    /// Interventions: ways of delivery (e.g. `lumbar puncture`, `Ommaya reservoir`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery: Vec<String>,
    /// Phases and interventions: dose intensity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intensity: Option<Intensity>,
    /// Decisions: whether branches may overlap (default `single`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Choice>,
    /// The author's interpretation where the source leaves a gap ("interpretation: ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Phases and interventions: what a visit costs, for health-economics modellers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Box<Cost>>,
    /// Phases and outcomes: the quality of time in the state (quality-adjusted life years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utility: Option<Box<Utility>>,
    /// Phases: sets of alternatives ("one of", "one or more of") among the interventions the
    /// phase includes; an `includes` edge joins one by naming it in `option_set`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_sets: Vec<OptionSet>,
    /// What a record holds for this step (e.g. SNOMED CT codes of a procedure or a finding).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    /// Where this step comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// The kind of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Flow: what can follow what.
    #[default]
    Next,
    /// Composition: a phase includes an intervention (not flow).
    Includes,
}

impl EdgeKind {
    /// The name used in files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Next => "next",
            EdgeKind::Includes => "includes",
        }
    }
}

impl fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An edge between two nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Id of the node the edge leaves.
    pub from: String,
    /// Id of the node the edge enters.
    pub to: String,
    /// `next` (flow, the default) or `includes` (a phase's component).
    #[serde(default, skip_serializing_if = "is_default_kind")]
    pub kind: EdgeKind,
    /// Condition on patient factors (e.g. `ph_positive && lineage == B`), or `else`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Chance of taking this edge: a number, `{ "low": .., "high": .. }`, or an approximate
    /// figure `{ "about": 0.5 }` / `{ "about": [0.8, 0.9] }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<Box<Probability>>,
    /// How often the source says this applies (default `always`): on `includes` edges, and on
    /// `next` edges out of a `choice: "multiple"` decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    /// `includes` edges: the id of an option set declared on the `from` phase; the component
    /// is then one of that set's options, not given with all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_set: Option<String>,
    /// Short label drawn on the edge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The author's interpretation where the source leaves a gap ("interpretation: ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where this step comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

impl Edge {
    /// For an `includes` edge: whether every patient of the phase gets the component when it
    /// is the option chosen (or is no option): no hedging `likelihood` (absent or `always`)
    /// and no `when`. A cost counts in full only then; else from 0 to the cost.
    pub fn always_given(&self) -> bool {
        self.likelihood.unwrap_or_default() == Likelihood::Always && self.when.is_none()
    }
}

fn is_default_kind(kind: &EdgeKind) -> bool {
    *kind == EdgeKind::Next
}

/// Unit of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// Days.
    Days,
    /// Weeks (7 days).
    Weeks,
    /// Months (1/12 year).
    Months,
    /// Years (365.25 days).
    Years,
}

impl DurationUnit {
    /// How many months one of this unit is.
    pub fn in_months(self) -> f64 {
        match self {
            DurationUnit::Days => 12.0 / 365.25,
            DurationUnit::Weeks => 7.0 * 12.0 / 365.25,
            DurationUnit::Months => 1.0,
            DurationUnit::Years => 12.0,
        }
    }

    /// The name used in files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnit::Days => "days",
            DurationUnit::Weeks => "weeks",
            DurationUnit::Months => "months",
            DurationUnit::Years => "years",
        }
    }
}

/// A duration range with a unit, e.g. `{ "min": 1, "max": 2, "unit": "months" }`.
///
/// A phase or intervention with no duration has an unknown length: time on treatment then
/// says "at least", never counting it as zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DurationRange {
    /// Shortest typical duration.
    pub min: f64,
    /// Longest typical duration.
    pub max: f64,
    /// `days`, `weeks`, `months` or `years`.
    pub unit: DurationUnit,
    /// Whether the source gives the duration as approximate ("a month or so", "about 2
    /// years"): `{ "min": 1, "max": 1, "unit": "months", "approximate": true }`, shown
    /// "about 1 month". Default false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// For probabilistic sensitivity analysis (`carepath psa`): `gamma`, `lognormal` or
    /// `uniform`, in the duration's unit; never read as a bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl DurationRange {
    /// The range in months: (min, max).
    pub fn months(&self) -> (f64, f64) {
        (self.min * self.unit.in_months(), self.max * self.unit.in_months())
    }
}
