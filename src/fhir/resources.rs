//! The few FHIR R4 resource types and data types the export writes, as serde structs: only the
//! elements carepath fills, each named as in the specification (camelCase in JSON). Empty lists
//! and absent values are left out, as FHIR requires.

use serde::Serialize;

/// A `transaction` Bundle: PUT every entry at its id, so loading it twice changes nothing.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    /// Always `Bundle`.
    pub resource_type: &'static str,
    /// The pathway id.
    pub id: String,
    /// Always `transaction`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The resources.
    pub entry: Vec<Entry>,
}

/// One entry of the Bundle.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The resource's address: `<base>/<type>/<id>`.
    pub full_url: String,
    /// The resource.
    pub resource: Resource,
    /// `PUT <type>/<id>`.
    pub request: Request,
}

/// The request of a transaction entry.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    /// Always `PUT`.
    pub method: &'static str,
    /// `<type>/<id>`.
    pub url: String,
}

/// One of the resources the Bundle holds.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Resource {
    /// A PlanDefinition.
    PlanDefinition(Box<PlanDefinition>),
    /// An ActivityDefinition.
    ActivityDefinition(Box<ActivityDefinition>),
    /// A Library.
    Library(Box<Library>),
}

/// Metadata: the profiles a resource is shaped after.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// Profile canonicals.
    pub profile: Vec<String>,
}

/// A coded value.
#[derive(Debug, Clone, Serialize)]
pub struct Coding {
    /// The code system's URI.
    pub system: String,
    /// The code.
    pub code: String,
    /// Its display text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A concept: codes and text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CodeableConcept {
    /// Codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coding: Vec<Coding>,
    /// Plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An extension: a URL and a value, or nested extensions.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// What it is.
    pub url: String,
    /// Nested extensions (a complex extension).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// A decimal value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_decimal: Option<serde_json::Number>,
    /// A code value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_code: Option<String>,
    /// A string value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
    /// A boolean value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_boolean: Option<bool>,
    /// A coding value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_coding: Option<Coding>,
}

impl Extension {
    /// An extension with no value yet.
    pub fn new(url: impl Into<String>) -> Self {
        Extension {
            url: url.into(),
            extension: Vec::new(),
            value_decimal: None,
            value_code: None,
            value_string: None,
            value_boolean: None,
            value_coding: None,
        }
    }
}

/// A citation or link.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedArtifact {
    /// `citation` or `depends-on`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A short label (the source id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What a person reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The bibliographic citation (markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Where the source is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The canonical of a resource depended on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

/// An amount with a UCUM unit.
#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    /// The amount.
    pub value: serde_json::Number,
    /// The unit as a person reads it.
    pub unit: &'static str,
    /// Always UCUM.
    pub system: &'static str,
    /// The UCUM code (`d`, `wk`, `mo`, `a`).
    pub code: &'static str,
}

/// A range of quantities.
#[derive(Debug, Clone, Serialize)]
pub struct Range {
    /// Marks an approximate range.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Low end.
    pub low: Quantity,
    /// High end.
    pub high: Quantity,
}

/// A timing: here only how long (`repeat.boundsRange`).
#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    /// The repeat element.
    pub repeat: TimingRepeat,
}

/// The repeat of a timing: its bounds.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimingRepeat {
    /// How long: a range of lengths.
    pub bounds_range: Range,
}

/// A computable expression: here the name of a define of the pathway's library.
#[derive(Debug, Clone, Serialize)]
pub struct Expression {
    /// What it says in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `text/cql-identifier`.
    pub language: &'static str,
    /// The define's name.
    pub expression: String,
    /// The library's canonical.
    pub reference: String,
}

/// When an action applies.
#[derive(Debug, Clone, Serialize)]
pub struct ActionCondition {
    /// Always `applicability`.
    pub kind: &'static str,
    /// The condition.
    pub expression: Expression,
}

/// An action that must end before this one starts.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedAction {
    /// The other action's id.
    pub action_id: String,
    /// Always `after-end`.
    pub relationship: &'static str,
}

/// One action of a PlanDefinition (a step, a component, an agent, a branch or a group).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// Likelihood, probability and option-set marks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Unique within the PlanDefinition.
    pub id: String,
    /// The label.
    pub title: String,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The CPG process and the node's own codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code: Vec<CodeableConcept>,
    /// The sources.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documentation: Vec<RelatedArtifact>,
    /// The goals it reaches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goal_id: Vec<String>,
    /// When it applies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub condition: Vec<ActionCondition>,
    /// What must end before it starts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_action: Vec<RelatedAction>,
    /// How long it lasts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing_timing: Option<Timing>,
    /// How many of its child actions are taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_behavior: Option<&'static str>,
    /// The ActivityDefinition or PlanDefinition it carries out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_canonical: Option<String>,
    /// Child actions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub action: Vec<Action>,
}

/// A goal of a PlanDefinition.
#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    /// The outcome category.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Referred to by actions' `goalId`.
    pub id: String,
    /// The outcome.
    pub description: CodeableConcept,
    /// The sources.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documentation: Vec<RelatedArtifact>,
}

/// A PlanDefinition.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanDefinition {
    /// Always `PlanDefinition`.
    pub resource_type: &'static str,
    /// Resource id.
    pub id: String,
    /// Profiles.
    pub meta: Meta,
    /// CPG's knowledge capability.
    pub extension: Vec<Extension>,
    /// Canonical URL.
    pub url: String,
    /// The pathway's version.
    pub version: String,
    /// A computer-friendly name.
    pub name: String,
    /// The title.
    pub title: String,
    /// `clinical-protocol` or `workflow-definition`.
    #[serde(rename = "type")]
    pub kind: CodeableConcept,
    /// Always `draft`.
    pub status: &'static str,
    /// Always true: documentation, not approved for care.
    pub experimental: bool,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The notice and the caveats.
    pub usage: String,
    /// The sources, and the library.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_artifact: Vec<RelatedArtifact>,
    /// The library of conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub library: Vec<String>,
    /// Goals.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goal: Vec<Goal>,
    /// Actions.
    pub action: Vec<Action>,
}

/// A dosage: here only the route.
#[derive(Debug, Clone, Serialize)]
pub struct Dosage {
    /// How it is given.
    pub route: CodeableConcept,
}

/// An ActivityDefinition.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityDefinition {
    /// Always `ActivityDefinition`.
    pub resource_type: &'static str,
    /// Resource id.
    pub id: String,
    /// Profiles.
    pub meta: Meta,
    /// Modality, intensity, likelihood.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Canonical URL.
    pub url: String,
    /// The pathway's version.
    pub version: String,
    /// A computer-friendly name.
    pub name: String,
    /// The label.
    pub title: String,
    /// Always `draft`.
    pub status: &'static str,
    /// Always true.
    pub experimental: bool,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The sources.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_artifact: Vec<RelatedArtifact>,
    /// The request it makes: `MedicationRequest` or `ServiceRequest`.
    pub kind: &'static str,
    /// What it is, coded where the file gives codes.
    pub code: CodeableConcept,
    /// How long it lasts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing_timing: Option<Timing>,
    /// The one drug, for an intervention of one agent or an agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_codeable_concept: Option<CodeableConcept>,
    /// The route.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dosage: Vec<Dosage>,
}

/// A parameter of a Library.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterDefinition {
    /// The codes that say what in a record fills it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// The name.
    pub name: String,
    /// `in` (a factor) or `out` (a define).
    #[serde(rename = "use")]
    pub usage: &'static str,
    /// At least 0.
    pub min: u32,
    /// At most 1.
    pub max: &'static str,
    /// What it means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    /// `boolean`, `string` or `integer`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// Content of a Library: CQL text or ELM, base64.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// `text/cql` or `application/elm+json`.
    pub content_type: &'static str,
    /// Base64 of the bytes.
    pub data: String,
}

/// A Library.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Library {
    /// Always `Library`.
    pub resource_type: &'static str,
    /// Resource id.
    pub id: String,
    /// Profiles.
    pub meta: Meta,
    /// CPG's knowledge capability.
    pub extension: Vec<Extension>,
    /// Canonical URL.
    pub url: String,
    /// The pathway's version.
    pub version: String,
    /// The CQL library's name.
    pub name: String,
    /// What it is.
    pub title: String,
    /// Always `draft`.
    pub status: &'static str,
    /// Always true.
    pub experimental: bool,
    /// `logic-library`.
    #[serde(rename = "type")]
    pub kind: CodeableConcept,
    /// What it holds.
    pub description: String,
    /// Factors in, defines out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameter: Vec<ParameterDefinition>,
    /// The CQL text and the ELM.
    pub content: Vec<Attachment>,
}
