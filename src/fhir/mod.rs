//! An HL7 FHIR R4 export shaped after the Clinical Practice Guidelines implementation guide
//! (CPG-on-FHIR): one `transaction` Bundle per pathway holding
//!
//! - a PlanDefinition for the pathway (profile `cpg-pathwaydefinition`, type
//!   `clinical-protocol`) whose one action carries out
//! - a PlanDefinition of its steps (profile `cpg-strategydefinition`, type
//!   `workflow-definition`): one action per step of the flow, `next` edges as `relatedAction`
//!   (`after-end`), decisions and chances as child actions chosen by `selectionBehavior`, a
//!   phase's components (and option sets, and an intervention's agents) as child actions;
//!   goals for the outcomes treatment aims at;
//! - a Library of the conditions (`cql.rs`): the factors as parameters, one define per
//!   condition, as CQL text and as ELM;
//! - an ActivityDefinition per intervention of at most one agent, and per agent of the others.
//!
//! Every id and URL is made from the pathway's ids, so the same file gives the same bytes.
//! The mapping, element by element, is in docs/fhir.md.

mod actions;
mod cql;
mod resources;

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;

pub use cql::ConditionError;
use resources::{
    ActivityDefinition, Attachment, Bundle, CodeableConcept, Coding, Dosage, Entry, Extension, Library, Meta,
    ParameterDefinition, PlanDefinition, RelatedArtifact, Request, Resource,
};

use crate::graph::PathwayGraph;
use crate::model::{Citation, DurationRange, DurationUnit, FactorType, Node, NodeKind, PathwayFile};
use crate::text::plain::NOTICE;

/// The canonical base `build` uses and `render --format fhir` uses by default.
pub const DEFAULT_BASE: &str = "http://example.org/fhir";

/// The CPG implementation guide's profiles.
const CPG: &str = "http://hl7.org/fhir/uv/cpg/StructureDefinition";

/// Options of [`bundle`].
#[derive(Debug, Clone)]
pub struct FhirOptions {
    /// The canonical base of every resource and of carepath's extensions, without a trailing
    /// slash: `http://example.org/fhir` by default.
    pub base: String,
}

impl Default for FhirOptions {
    fn default() -> Self {
        FhirOptions { base: DEFAULT_BASE.to_string() }
    }
}

/// Why the export failed.
#[derive(Debug, thiserror::Error)]
pub enum FhirError {
    /// A condition does not parse (validation reports it first).
    #[error(transparent)]
    Condition(#[from] ConditionError),
    /// The canonical base is not an absolute http(s) URL.
    #[error("--fhir-base `{0}` is not an absolute http:// or https:// URL with no query, fragment or trailing slash")]
    Base(String),
    /// Serialising the Bundle failed.
    #[error("cannot write the FHIR bundle: {0}")]
    Json(#[from] serde_json::Error),
}

/// Checks a canonical base: `http://` or `https://`, a host, no spaces, query, fragment or
/// trailing slash.
pub fn check_base(base: &str) -> Result<(), FhirError> {
    let rest = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.ends_with('/')
            && !r.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>'))
    });
    if ok {
        Ok(())
    } else {
        Err(FhirError::Base(base.to_string()))
    }
}

/// What every part of the export shares: the pathway, its URLs and its ids.
struct Context<'a> {
    pathway: &'a PathwayFile,
    /// The one flow graph: its `next` and `includes` edges per node, and node lookup.
    flow: PathwayGraph<'a>,
    base: &'a str,
    library: cql::CqlLibrary,
    ids: BTreeSet<String>,
}

impl Context<'_> {
    /// The node of an id (the first with it).
    fn node(&self, id: &str) -> Option<&Node> {
        self.flow.node_index(id).map(|i| &self.pathway.nodes[i])
    }

    /// The canonical URL of a resource.
    pub fn canonical(&self, kind: &str, id: &str) -> String {
        format!("{}/{kind}/{id}", self.base)
    }

    /// The URL of one of carepath's extensions.
    pub fn extension(&self, name: &str) -> String {
        format!("{}/StructureDefinition/carepath-{name}", self.base)
    }

    /// A new resource id from `parts`, joined with `-` ([`unique_id`]).
    pub fn resource_id(&mut self, parts: &[&str]) -> String {
        unique_id(&mut self.ids, &parts.join("-"))
    }

    /// A decimal for FHIR, rounded to 12 places so that widened figures print short.
    pub fn decimal(x: f64) -> serde_json::Number {
        serde_json::Number::from_f64(crate::text::number::round12(x)).unwrap_or_else(|| 0.into())
    }

    /// A citation of the file as a related artifact: the source's id as its label, the section
    /// as what a person reads, and the quote or the anchor the words are found by (the source's
    /// own entry, with its title, is in the PlanDefinition's `relatedArtifact`).
    fn citation(&self, c: &Citation) -> RelatedArtifact {
        let mut words = Vec::new();
        if let Some(quote) = &c.quote {
            words.push(format!("Quote: \u{201c}{quote}\u{201d}"));
        }
        if let Some(anchor) = &c.anchor {
            words.push(format!(
                "Anchor: sha256 {} over {} characters of the source's text.",
                anchor.sha256, anchor.chars
            ));
        }
        if let Some(note) = &c.note {
            words.push(format!("Note: {note}"));
        }
        RelatedArtifact {
            kind: "citation",
            label: Some(c.source.clone()),
            display: c.section.clone(),
            citation: (!words.is_empty()).then(|| words.join(" ")),
            url: None,
            resource: None,
        }
    }
}

/// The define of each edge with a condition in the Bundle's Library: (index in
/// `pathway.edges`, the define's name), in file order. For a program that evaluates the
/// library and wants to know which edge each define is the condition of.
pub fn define_names(pathway: &PathwayFile) -> Result<Vec<(usize, String)>, FhirError> {
    Ok(cql::library(pathway)?.defines.into_iter().map(|d| (d.edge, d.name)).collect())
}

/// The file's codes as FHIR codings.
fn codings(codes: &[crate::model::Code]) -> Vec<Coding> {
    codes
        .iter()
        .map(|c| Coding { system: c.system.clone(), code: c.code.clone(), display: c.display.clone() })
        .collect()
}

/// A FHIR `id` made from `raw`, new in `used`: every character FHIR does not allow in an id
/// (`[A-Za-z0-9.-]`) made `-` (so `a->b` is `a--b`), at most 64 characters (a long id ends in a
/// hash of the whole), and a clash numbered `-2`, `-3`, ... The one way resource, action and
/// goal ids are made.
fn unique_id(used: &mut BTreeSet<String>, raw: &str) -> String {
    let clean: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' }).collect();
    let short = |s: &str| {
        if s.len() <= 64 {
            s.to_string()
        } else {
            format!("{}-{}", &s[..55], &crate::citation::normalize::sha256_prefix(s)[..8])
        }
    };
    let mut id = short(&clean);
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = short(&format!("{clean}-{n}"));
    }
    id
}

/// The FHIR R4 Bundle of a pathway, as pretty-printed JSON with a final newline.
///
/// Complexity: O(nodes + edges × siblings + total size of the conditions).
pub fn bundle(pathway: &PathwayFile, options: &FhirOptions) -> Result<Vec<u8>, FhirError> {
    check_base(&options.base)?;
    let library = cql::library(pathway)?;
    let mut cx =
        Context { pathway, flow: PathwayGraph::new(pathway), base: &options.base, library, ids: BTreeSet::new() };
    let pathway_id = cx.resource_id(&[&pathway.id]);
    let steps_id = cx.resource_id(&[&pathway.id, "steps"]);
    let library_id = cx.resource_id(&[&cx.library.name.clone()]);
    let library_url = cx.canonical("Library", &library_id);
    let activities = activity_definitions(&mut cx);
    let steps_url = cx.canonical("PlanDefinition", &steps_id);

    let usage = usage(pathway);
    let sources: Vec<RelatedArtifact> = pathway.sources.iter().map(source_artifact).collect();
    let (goals, actions) = actions::steps(&cx, &library_url, &activities);
    let steps = PlanDefinition {
        resource_type: "PlanDefinition",
        id: steps_id.clone(),
        meta: Meta { profile: vec![format!("{CPG}/cpg-strategydefinition")] },
        url: steps_url.clone(),
        version: pathway.version.clone(),
        name: format!("{}Steps", cx.library.name),
        extension: vec![capability()],
        title: format!("{}: steps", pathway.title),
        kind: plan_type("workflow-definition", "Workflow Definition"),
        status: "draft",
        experimental: true,
        description: Some(format!(
            "The steps of the pathway \u{201c}{}\u{201d}: one action per step, in the order of the flow.",
            pathway.title
        )),
        usage: usage.clone(),
        related_artifact: sources.clone(),
        library: vec![library_url.clone()],
        goal: goals,
        action: actions,
    };
    let top = PlanDefinition {
        resource_type: "PlanDefinition",
        id: pathway_id.clone(),
        meta: Meta { profile: vec![format!("{CPG}/cpg-pathwaydefinition")] },
        url: cx.canonical("PlanDefinition", &pathway_id),
        version: pathway.version.clone(),
        name: format!("{}Pathway", cx.library.name),
        extension: vec![capability()],
        title: pathway.title.clone(),
        kind: plan_type("clinical-protocol", "Clinical Protocol"),
        status: "draft",
        experimental: true,
        description: Some(
            pathway.description.clone().unwrap_or_else(|| format!("The pathway \u{201c}{}\u{201d}.", pathway.title)),
        ),
        usage,
        related_artifact: sources,
        library: vec![library_url.clone()],
        goal: Vec::new(),
        action: vec![resources::Action {
            id: "steps".into(),
            title: pathway.title.clone(),
            description: Some("Every step of the pathway, with its decisions, components and outcomes.".into()),
            code: vec![actions::process("guideline-based-care", "Guideline-based Care")],
            definition_canonical: Some(steps_url),
            ..Default::default()
        }],
    };
    let library = library_resource(&cx, &library_id, &library_url);

    let mut entries = vec![
        entry(&cx, "PlanDefinition", Resource::PlanDefinition(Box::new(top))),
        entry(&cx, "PlanDefinition", Resource::PlanDefinition(Box::new(steps))),
        entry(&cx, "Library", Resource::Library(Box::new(library))),
    ];
    for a in activities.all {
        entries.push(entry(&cx, "ActivityDefinition", Resource::ActivityDefinition(Box::new(a))));
    }
    let bundle = Bundle { resource_type: "Bundle", id: pathway_id, kind: "transaction", entry: entries };
    let mut bytes = serde_json::to_vec_pretty(&bundle)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn entry(cx: &Context<'_>, kind: &str, resource: Resource) -> Entry {
    let id = match &resource {
        Resource::PlanDefinition(r) => r.id.clone(),
        Resource::ActivityDefinition(r) => r.id.clone(),
        Resource::Library(r) => r.id.clone(),
    };
    Entry {
        full_url: cx.canonical(kind, &id),
        resource,
        request: Request { method: "PUT", url: format!("{kind}/{id}") },
    }
}

/// CPG's knowledge capability: every resource is computable (its logic runs as written).
fn capability() -> Extension {
    let mut e = Extension::new("http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-knowledgeCapability");
    e.value_code = Some("computable".into());
    e
}

fn plan_type(code: &str, display: &str) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: "http://terminology.hl7.org/CodeSystem/plan-definition-type".into(),
            code: code.into(),
            display: Some(display.into()),
        }],
        text: None,
    }
}

/// The notice, then the caveats.
fn usage(pathway: &PathwayFile) -> String {
    let mut text = format!(
        "{} {} Made with carepath from the pathway file `{}` version {}: it documents what its sources say.",
        NOTICE.0, NOTICE.1, pathway.id, pathway.version
    );
    for caveat in &pathway.caveats {
        text.push_str(&format!("\n\nCaveat: {}", caveat.text));
    }
    text
}

fn source_artifact(source: &crate::model::Source) -> RelatedArtifact {
    let citation = source.citation.clone().or_else(|| {
        let parts: Vec<String> = [
            source.authors.clone(),
            Some(source.title.clone()),
            source.publisher.clone(),
            source.year.map(|y| y.to_string()),
            source.revised.as_ref().map(|r| format!("revised {r}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        Some(parts.join(". ") + ".")
    });
    RelatedArtifact {
        kind: "citation",
        label: Some(source.id.clone()),
        display: Some(source.title.clone()),
        citation,
        url: source.url.clone(),
        resource: None,
    }
}

/// The ActivityDefinitions: one per intervention of at most one agent (file order), then one
/// per agent of each intervention of two or more agents.
struct Activities {
    /// Every ActivityDefinition, in Bundle order.
    all: Vec<ActivityDefinition>,
    /// (node id, canonical of its ActivityDefinition when it has at most one agent, canonicals
    /// of its agents' when it has two or more).
    by_node: BTreeMap<String, (Option<String>, Vec<String>)>,
}

impl Activities {
    /// The canonical of an intervention's ActivityDefinition and of its agents'.
    pub fn of(&self, node: &str) -> Option<(Option<&str>, &[String])> {
        self.by_node.get(node).map(|(url, agents)| (url.as_deref(), agents.as_slice()))
    }
}

fn activity_definitions(cx: &mut Context<'_>) -> Activities {
    let pathway = cx.pathway;
    let mut all = Vec::new();
    let mut by_node = BTreeMap::new();
    let mut agent_defs = Vec::new();
    for node in pathway.nodes.iter().filter(|n| n.kind == NodeKind::Intervention) {
        if node.agents.len() < 2 {
            // The intervention is one order: of its one drug, or of the service it names.
            let id = cx.resource_id(&[&pathway.id, &node.id]);
            let url = cx.canonical("ActivityDefinition", &id);
            let single = node.agents.first().map(agent_concept);
            all.push(activity(cx, node, &id, &url, &node.label, single));
            by_node.entry(node.id.clone()).or_insert((Some(url), Vec::new()));
            continue;
        }
        // A regimen of several drugs is one order per drug; the step's action groups them.
        let mut agents = Vec::new();
        for agent in &node.agents {
            let agent_id = cx.resource_id(&[&pathway.id, &node.id, &agent.name]);
            let agent_url = cx.canonical("ActivityDefinition", &agent_id);
            let mut def = activity(cx, node, &agent_id, &agent_url, &agent.name, Some(agent_concept(agent)));
            def.code.coding = codings(&agent.codes);
            def.description = Some(match &agent.class {
                Some(class) => format!("{}, a drug of the class {class}, in {}.", agent.name, node.label),
                None => format!("{}, in {}.", agent.name, node.label),
            });
            agent_defs.push(def);
            agents.push(agent_url);
        }
        by_node.entry(node.id.clone()).or_insert((None, agents));
    }
    all.extend(agent_defs);
    Activities { all, by_node }
}

fn agent_concept(agent: &crate::model::Agent) -> CodeableConcept {
    let text = match &agent.brand {
        Some(brand) => format!("{} ({brand})", agent.name),
        None => agent.name.clone(),
    };
    CodeableConcept { coding: codings(&agent.codes), text: Some(text) }
}

fn activity(
    cx: &Context<'_>,
    node: &Node,
    id: &str,
    url: &str,
    title: &str,
    product: Option<CodeableConcept>,
) -> ActivityDefinition {
    let mut extension = Vec::new();
    if let Some(modality) = node.modality {
        let mut e = Extension::new(cx.extension("modality"));
        e.value_code = Some(enum_name(&modality));
        extension.push(e);
    }
    if let Some(intensity) = node.intensity {
        let mut e = Extension::new(cx.extension("intensity"));
        e.value_code = Some(enum_name(&intensity));
        extension.push(e);
    }
    extension.push(capability());
    ActivityDefinition {
        resource_type: "ActivityDefinition",
        id: id.to_string(),
        meta: Meta { profile: vec![format!("{CPG}/cpg-computableactivity")] },
        extension,
        url: url.to_string(),
        version: cx.pathway.version.clone(),
        name: cql::library_name(id),
        title: title.to_string(),
        status: "draft",
        experimental: true,
        description: actions::description(node),
        related_artifact: node.sources.iter().map(|c| cx.citation(c)).collect(),
        // MedicationRequest.medication[x] is 1..1: only an order of a named drug is one.
        kind: if product.is_some() { "MedicationRequest" } else { "ServiceRequest" },
        code: CodeableConcept { coding: codings(&node.codes), text: Some(title.to_string()) },
        timing_timing: node.duration.as_ref().map(|d| timing(cx, d)),
        product_codeable_concept: product,
        dosage: node
            .route
            .map(|r| Dosage {
                route: CodeableConcept { coding: Vec::new(), text: Some(enum_name(&r).replace('_', " ")) },
            })
            .into_iter()
            .collect(),
    }
}

/// The name a file uses for an enum value (`targeted_therapy`).
fn enum_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A duration as FHIR Timing: `repeat.boundsRange` (R4: "length/range of lengths"), in UCUM
/// units, marked when the source calls it approximate. Not `timingRange`, which says *when* an
/// action is done, not how long it lasts.
fn timing(cx: &Context<'_>, d: &DurationRange) -> resources::Timing {
    let (unit, code) = match d.unit {
        DurationUnit::Days => ("days", "d"),
        DurationUnit::Weeks => ("weeks", "wk"),
        DurationUnit::Months => ("months", "mo"),
        DurationUnit::Years => ("years", "a"),
    };
    let quantity =
        |x: f64| resources::Quantity { value: Context::decimal(x), unit, system: "http://unitsofmeasure.org", code };
    let mut extension = Vec::new();
    if d.approximate {
        let mut e = Extension::new(cx.extension("approximate"));
        e.value_boolean = Some(true);
        extension.push(e);
    }
    resources::Timing {
        repeat: resources::TimingRepeat {
            bounds_range: resources::Range { extension, low: quantity(d.min), high: quantity(d.max) },
        },
    }
}

fn library_resource(cx: &Context<'_>, id: &str, url: &str) -> Library {
    let pathway = cx.pathway;
    let mut parameter = Vec::new();
    for factor in &pathway.factors {
        let (kind, values) = match factor.kind {
            FactorType::Boolean => ("boolean", "true or false".to_string()),
            FactorType::Enum => ("string", format!("one of {}", factor.values.join(", "))),
            FactorType::Integer => ("integer", crate::condition::check::bounds_text(factor)),
        };
        let mut documentation = format!("{}: {values}.", factor.label);
        if let Some(description) = &factor.description {
            documentation.push(' ');
            documentation.push_str(description);
        }
        if !factor.codes.is_empty() {
            let filled: Vec<String> = factor.codes.iter().map(ToString::to_string).collect();
            documentation.push_str(&format!(" Filled from: {}.", filled.join("; ")));
        }
        let extension = codings(&factor.codes)
            .into_iter()
            .map(|coding| {
                let mut e = Extension::new(cx.extension("code"));
                e.value_coding = Some(coding);
                e
            })
            .collect();
        parameter.push(ParameterDefinition {
            extension,
            name: factor.id.clone(),
            usage: "in",
            min: 0,
            max: "1",
            documentation: Some(documentation),
            kind,
        });
    }
    for define in &cx.library.defines {
        let edge = &pathway.edges[define.edge];
        parameter.push(ParameterDefinition {
            extension: Vec::new(),
            name: define.name.clone(),
            usage: "out",
            min: 0,
            max: "1",
            documentation: edge
                .when
                .as_ref()
                .map(|w| format!("The condition `{w}` of the edge {} -> {}.", edge.from, edge.to)),
            kind: "boolean",
        });
    }
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let elm = serde_json::to_vec(&cx.library.elm).unwrap_or_default();
    Library {
        resource_type: "Library",
        id: id.to_string(),
        meta: Meta { profile: vec![format!("{CPG}/cpg-computablelibrary")] },
        extension: vec![capability()],
        url: url.to_string(),
        version: pathway.version.clone(),
        name: cx.library.name.clone(),
        title: format!("{}: conditions", pathway.title),
        status: "draft",
        experimental: true,
        kind: CodeableConcept {
            coding: vec![Coding {
                system: "http://terminology.hl7.org/CodeSystem/library-type".into(),
                code: "logic-library".into(),
                display: Some("Logic Library".into()),
            }],
            text: None,
        },
        description: "The factors of the pathway as parameters and the condition of each edge as a define, in CQL \
                      and as ELM. Every define is in the Unfiltered context: it reads the parameters only."
            .into(),
        parameter,
        content: vec![
            Attachment { content_type: "text/cql", data: b64(cx.library.cql.as_bytes()) },
            Attachment { content_type: "application/elm+json", data: b64(&elm) },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_must_be_absolute_http_urls() {
        assert!(check_base("http://example.org/fhir").is_ok());
        assert!(check_base("https://fhir.example.com").is_ok());
        for bad in ["example.org", "http://", "http://x/", "ftp://x", "http://x/a b", "http://x?y", "http://x#y"] {
            assert!(check_base(bad).is_err(), "{bad}");
        }
    }
}
