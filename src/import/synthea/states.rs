//! States → nodes and edges: which states become steps and which fold into their neighbours,
//! durations, chances with Synthea's engine semantics, and decisions with first-match order.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde_json::Value;

use super::conditions::{cite, Cond, Factors};
use super::gmf::{text_of, Chance, ComplexOption, Module, State, Transition};
use super::ids::{clean, snake_id, Unique};
use super::report::{LineKind, ReportLine};
use crate::model::{Agent, DurationRange, Edge, EdgeKind, Modality, Node, NodeKind, OutcomeCategory, Probability};

/// What a state becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Start,
    Outcome(OutcomeCategory),
    /// A phase: with the length the state gives (`None`: unknown), or of no length.
    Phase(Option<DurationRange>),
    Intervention(Option<Modality>),
    /// Bookkeeping: folded into its neighbours when it passes straight on.
    Fold,
}

/// The state types folded into their neighbours when they pass straight on.
const BOOKKEEPING: [&str; 19] = [
    "Simple",
    "Encounter",
    "EncounterEnd",
    "SetAttribute",
    "Counter",
    "Symptom",
    "Observation",
    "MultiObservation",
    "DiagnosticReport",
    "VitalSign",
    "MedicationEnd",
    "CarePlanEnd",
    "ConditionEnd",
    "AllergyEnd",
    "Physiology",
    "DeviceEnd",
    "SubmoduleStart",
    "SubmoduleEnd",
    "CallSubmodule",
];

/// The nodes, edges and report lines of one module.
pub(crate) struct Built {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Per edge: the branch's own condition, where first-match order changed it (for the
    /// module's findings: which options overlap or leave patients out).
    pub strict: Vec<Option<String>>,
    pub factors: Factors,
    pub lines: Vec<ReportLine>,
    /// Per state type: states kept as steps, and folded.
    pub kept: BTreeMap<String, usize>,
    pub folded: BTreeMap<String, usize>,
}

/// Why a module cannot be turned into a pathway: a state and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Broken {
    pub state: String,
    pub pointer: String,
    pub file: std::path::PathBuf,
    pub message: String,
}

struct Builder<'m> {
    module: &'m Module,
    node_of: HashMap<&'m str, String>,
    folded_to: HashMap<&'m str, &'m str>,
    unique: Unique,
    built: Built,
    repeats: HashMap<String, String>,
    /// Some transition goes back to Initial: the start is a step of its own before it.
    reentered: bool,
}

/// States in reading order: breadth first from Initial along the transitions; then the states
/// no transition from Initial reaches, by name.
fn reading_order(module: &Module) -> (Vec<&State>, Vec<&State>) {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut order = Vec::new();
    let mut queue: VecDeque<&State> = module.states.values().filter(|s| s.kind == "Initial" && !s.passage).collect();
    for s in &queue {
        seen.insert(&s.name);
    }
    while let Some(s) = queue.pop_front() {
        order.push(s);
        for t in s.transition.targets() {
            if let Some(next) = module.states.get(t) {
                if seen.insert(&next.name) {
                    queue.push_back(next);
                }
            }
        }
    }
    let unreached = module.states.values().filter(|s| !seen.contains(s.name.as_str())).collect();
    (order, unreached)
}

fn role(state: &State) -> Role {
    let wellness = state.fields.get("wellness").and_then(Value::as_bool).unwrap_or(false);
    match state.kind.as_str() {
        _ if state.passage => Role::Fold,
        "Initial" => Role::Start,
        "Terminal" => Role::Outcome(OutcomeCategory::Exit),
        "Death" => Role::Outcome(OutcomeCategory::Death),
        "Delay" | "Guard" | "CallSubmodule" => Role::Phase(None),
        "Encounter" if wellness => Role::Phase(None),
        "ConditionOnset" | "AllergyOnset" => Role::Phase(Some(ZERO)),
        "MedicationOrder" | "CarePlanStart" | "Device" | "SupplyList" | "Immunization" | "Vaccine" => {
            Role::Intervention(None)
        }
        "Procedure" | "ImagingStudy" => Role::Intervention(Some(Modality::Procedure)),
        _ => Role::Fold,
    }
}

pub(crate) fn build(module: &Module, factors: Factors) -> Result<Built, Broken> {
    let (order, unreached) = reading_order(module);
    let initial = order.first().map(|s| s.name.as_str()).unwrap_or_default();
    let reentered = order.iter().any(|s| s.transition.targets().contains(&initial));
    let mut b = Builder {
        reentered,
        module,
        node_of: HashMap::new(),
        folded_to: HashMap::new(),
        unique: Unique::default(),
        built: Built {
            nodes: Vec::new(),
            edges: Vec::new(),
            strict: Vec::new(),
            factors,
            lines: Vec::new(),
            kept: BTreeMap::new(),
            folded: BTreeMap::new(),
        },
        repeats: HashMap::new(),
    };
    for s in order.iter().chain(&unreached) {
        for t in s.transition.targets() {
            if !module.states.contains_key(t) {
                let names: Vec<&str> = module.states.keys().map(String::as_str).collect();
                let hint = crate::suggest::closest(t, names.iter().copied())
                    .map(|c| format!(" (did you mean “{c}”?)"))
                    .unwrap_or_default();
                return Err(Broken {
                    state: s.name.clone(),
                    pointer: s.pointer.clone(),
                    file: s.file.clone(),
                    message: format!("its transition goes to “{t}”, which is not a state of the module{hint}"),
                });
            }
        }
    }
    for s in unreached.iter().filter(|s| !s.passage) {
        b.built.lines.push(ReportLine {
            kind: LineKind::Finding,
            state: clean(&s.name),
            text: format!("this {} state is never reached from Initial: left out", s.kind),
        });
    }
    for s in &order {
        // A state that sets an attribute some condition tests stays a step, so the path says
        // what it set.
        let sets_tested = matches!(s.kind.as_str(), "SetAttribute" | "Counter")
            && s.fields
                .get("attribute")
                .and_then(text_of)
                .is_some_and(|a| b.built.factors.set_by_module().tested.contains(&a));
        if !s.passage && role(s) == Role::Fold && !BOOKKEEPING.contains(&s.kind.as_str()) {
            b.built.lines.push(ReportLine {
                kind: LineKind::Note,
                state: clean(&s.name),
                text: format!(
                    "a `{}` state, a type this importer does not know: kept or folded as bookkeeping",
                    s.kind
                ),
            });
        }
        match (role(s), &s.transition) {
            (Role::Fold, Transition::Direct(t)) if !sets_tested => {
                b.folded_to.insert(&s.name, t);
                if !s.passage {
                    *b.built.folded.entry(s.kind.clone()).or_default() += 1;
                }
            }
            _ => {
                let id = b.unique.take(&snake_id(&s.name));
                b.node_of.insert(&s.name, id);
                if !(s.passage && s.kind == "SubmoduleEnd") {
                    *b.built.kept.entry(s.kind.clone()).or_default() += 1;
                }
            }
        }
    }
    for s in &order {
        if b.node_of.contains_key(s.name.as_str()) {
            b.state(s)?;
        }
    }
    b.end_endless_loops();
    Ok(b.built)
}

impl<'m> Builder<'m> {
    fn line(&mut self, kind: LineKind, state: &str, text: impl Into<String>) {
        self.built.lines.push(ReportLine { kind, state: clean(state), text: text.into() });
    }

    /// The node a transition to `target` arrives at, past folded states.
    fn resolve(&self, target: &'m str, from: &State) -> Result<String, Broken> {
        let mut at = target;
        let mut path = vec![at];
        while let Some(&next) = self.folded_to.get(at) {
            if path.contains(&next) {
                return Err(Broken {
                    state: from.name.clone(),
                    pointer: from.pointer.clone(),
                    file: from.file.clone(),
                    message: format!(
                        "the states {} pass on to one another with no step between, an endless loop at one instant",
                        path.iter().map(|s| format!("“{}”", clean(s))).collect::<Vec<_>>().join(" → ")
                    ),
                });
            }
            path.push(next);
            at = next;
        }
        Ok(self.node_of.get(at).cloned().unwrap_or_default())
    }

    fn node(&mut self, id: String, kind: NodeKind, label: String, state: &State) -> usize {
        let mut description = format!("Synthea {} state “{}”.", state.kind, clean(&state.name));
        if let Some(remarks) = state.fields.get("remarks") {
            let text: Vec<String> = match remarks {
                Value::Array(a) => a.iter().filter_map(text_of).collect(),
                other => text_of(other).into_iter().collect(),
            };
            if !text.is_empty() {
                description.push_str(" Remarks: ");
                description.push_str(&clean(&text.join(" ")));
            }
        }
        self.built.nodes.push(Node {
            id,
            kind,
            label,
            description: Some(description),
            plain: None,
            group: None,
            duration: None,
            outcome: None,
            modality: None,
            agents: Vec::new(),
            combine: None,
            route: None,
            delivery: Vec::new(),
            intensity: None,
            choice: None,
            note: None,
            cost: None,
            utility: None,
            option_sets: Vec::new(),
            codes: Vec::new(),
            sources: vec![cite(&state.name)],
        });
        self.built.nodes.len() - 1
    }

    fn label(state: &State) -> String {
        let label = clean(&state.name).replace('_', " ");
        if label.trim().is_empty() {
            state.kind.clone()
        } else {
            label
        }
    }

    fn state(&mut self, s: &'m State) -> Result<(), Broken> {
        let id = self.node_of[s.name.as_str()].clone();
        let label = Self::label(s);
        let role = match role(s) {
            Role::Fold => match &s.transition {
                Transition::Conditional(v) if v.len() > 1 => None,
                Transition::Complex(v) if v.len() > 1 => None,
                Transition::None => Some(Role::Outcome(OutcomeCategory::Exit)),
                _ => Some(Role::Phase(Some(ZERO))),
            },
            r => Some(r),
        };
        match role {
            None => {
                let i = self.node(id.clone(), NodeKind::Decision, label.clone(), s);
                self.built.nodes[i].note =
                    Some(format!("interpretation: the module's {} state, kept as the decision it makes", s.kind));
            }
            Some(Role::Start) if self.reentered => {
                let start = self.unique.take("start");
                self.node(start.clone(), NodeKind::Start, "Start".into(), s);
                let i = self.node(id.clone(), NodeKind::Phase, label.clone(), s);
                self.built.nodes[i].duration = Some(ZERO);
                self.built.nodes[i].note = Some("interpretation: the module's Initial state, which later states go back to: a step of no length after the start".into());
                self.edge(&start, &id, None, None, None, s);
            }
            Some(Role::Start) => {
                self.node(id.clone(), NodeKind::Start, label.clone(), s);
            }
            Some(Role::Outcome(category)) => {
                let i = self.node(id.clone(), NodeKind::Outcome, label.clone(), s);
                self.built.nodes[i].outcome = Some(category);
                if s.kind != "Terminal" && s.kind != "Death" {
                    self.line(LineKind::Finding, &s.name, format!("this {} state has no transition: Synthea's engine stops the module here; imported as an exit", s.kind));
                }
                if category == OutcomeCategory::Exit && s.kind == "Terminal" {
                    self.built.nodes[i].note = Some(
                        "interpretation: a Synthea Terminal state: the module stops following the patient (often: never had the disease, or the episode is over)".into(),
                    );
                }
                if category == OutcomeCategory::Death && !matches!(s.transition, Transition::None) {
                    match delay(s) {
                        (Some(when), _) => {
                            let ahead = crate::text::number::duration_range_text(&when);
                            self.built.nodes[i].note = Some(format!("interpretation: a death the module schedules {ahead} ahead; the module goes on recording care after it"));
                            self.line(
                                LineKind::Approximated,
                                &s.name,
                                format!("a death scheduled {ahead} ahead, with care recorded after it: an outcome the path goes on from"),
                            );
                        }
                        (None, _) => {
                            // An immediate death: Synthea stops the dead patient's modules.
                            self.line(
                                LineKind::Note,
                                &s.name,
                                "a death with no delay: the patient dies at once, so its transition is never taken",
                            );
                            return Ok(());
                        }
                    }
                }
            }
            Some(Role::Phase(length)) => {
                let i = self.node(id.clone(), NodeKind::Phase, label.clone(), s);
                let length = match (s.kind.as_str(), length) {
                    ("Delay", _) => {
                        let (d, note) = delay(s);
                        if let Some((kind, text)) = note {
                            self.line(kind, &s.name, text);
                        }
                        d
                    }
                    ("Guard", _) => {
                        let allow = s.fields.get("allow").cloned().unwrap_or(Value::Null);
                        let cond = self.built.factors.translate(&allow, &s.name);
                        let words = match cond {
                            Cond::Expr(e, _) => e,
                            Cond::Always => "always".into(),
                            Cond::Never => "never".into(),
                        };
                        self.built.nodes[i].note = Some(format!("interpretation: a Synthea Guard: the patient waits here until `{words}` holds, an unbounded time; carepath's decisions cannot wait, so this is a phase of unknown length"));
                        self.line(
                            LineKind::Approximated,
                            &s.name,
                            format!("a Guard (waits until `{words}`): a phase of unknown length"),
                        );
                        None
                    }
                    ("Encounter", None) => {
                        self.built.nodes[i].note = Some("interpretation: waits for the patient's next wellness visit, an unbounded time: a phase of unknown length".into());
                        self.line(
                            LineKind::Approximated,
                            &s.name,
                            "a wellness encounter waits for the next wellness visit: a phase of unknown length",
                        );
                        None
                    }
                    ("CallSubmodule", _) => {
                        let (sub, why) = self
                            .module
                            .missing_submodules
                            .iter()
                            .find(|(state, _, _)| *state == s.name)
                            .map(|(_, sub, why)| (sub.clone(), why.clone()))
                            .unwrap_or_default();
                        self.built.nodes[i].note = Some(format!("interpretation: calls the submodule `{sub}`, not imported ({why}): a phase of unknown length"));
                        self.line(
                            LineKind::Unsupported,
                            &s.name,
                            format!("calls the submodule `{sub}`, not imported: {why}"),
                        );
                        None
                    }
                    (_, length) => length,
                };
                self.built.nodes[i].duration = length;
                if s.kind == "ConditionOnset" || s.kind == "AllergyOnset" {
                    self.built.nodes[i].codes = codes_of(s);
                }
            }
            Some(Role::Intervention(modality)) => {
                let i = self.node(id.clone(), NodeKind::Intervention, label.clone(), s);
                let codes = codes_of(s);
                let node = &mut self.built.nodes[i];
                node.modality = modality;
                node.duration = Some(ZERO);
                if s.kind == "MedicationOrder" {
                    if let Some(code) = codes.first() {
                        node.agents = vec![Agent {
                            name: code.display.clone().unwrap_or_else(|| label.clone()),
                            brand: None,
                            class: None,
                            likelihood: None,
                            codes: codes.clone(),
                        }];
                    }
                }
                if let Some(activities) = s.fields.get("activities").and_then(Value::as_array) {
                    let names: Vec<String> =
                        activities.iter().filter_map(|a| a.get("display").and_then(text_of)).collect();
                    if !names.is_empty() {
                        if let Some(d) = &mut node.description {
                            d.push_str(&format!(" Activities: {}.", names.join("; ")));
                        }
                    }
                }
                node.codes = codes;
            }
            // `role` maps a bookkeeping state to a decision, a phase or an exit above.
            Some(Role::Fold) => {}
        }
        self.transition(s, &id)
    }

    fn transition(&mut self, s: &'m State, from: &str) -> Result<(), Broken> {
        let is_decision =
            self.built.nodes.iter().rev().find(|n| n.id == from).is_some_and(|n| n.kind == NodeKind::Decision);
        match &s.transition {
            Transition::None => {
                let kind = self.built.nodes.iter().rev().find(|n| n.id == from).map(|n| n.kind);
                if kind != Some(NodeKind::Outcome) {
                    let end = self.unique.take(&format!("{from}_end"));
                    let i = self.node(end.clone(), NodeKind::Outcome, format!("{} (module stops)", Self::label(s)), s);
                    self.built.nodes[i].outcome = Some(OutcomeCategory::Exit);
                    self.line(
                        LineKind::Finding,
                        &s.name,
                        "this state has no transition: Synthea's engine stops the module here; an exit added after it",
                    );
                    self.edge(from, &end, None, None, None, s);
                }
                Ok(())
            }
            Transition::Direct(t) => {
                let to = self.resolve(t, s)?;
                self.edge(from, &to, None, None, None, s);
                Ok(())
            }
            Transition::Distributed(options) => self.chances(from, options, s, None),
            Transition::Lookup(options, table) => {
                let figures: Option<Vec<(Chance, String)>> =
                    options.iter().map(|(p, t)| p.map(|p| (Chance::Fixed(p), t.clone()))).collect();
                self.line(LineKind::Approximated, &s.name, format!("a lookup-table transition (table `{table}`): the module's default chances, which the table replaces patient by patient"));
                let options: Vec<(Chance, String)> = match figures {
                    Some(f) => f,
                    None => options
                        .iter()
                        .map(|(_, t)| (Chance::Attribute { attribute: table.clone(), default: None }, t.clone()))
                        .collect(),
                };
                self.chances(from, &options, s, Some(format!("interpretation: the module looks these chances up in the table `{table}`, patient by patient; these are its defaults")))
            }
            Transition::Other(kind, targets) => {
                self.line(LineKind::Unsupported, &s.name, format!("a `{kind}`: its ways on kept with no figures"));
                let options: Vec<(Chance, String)> = targets
                    .iter()
                    .map(|t| (Chance::Attribute { attribute: kind.clone(), default: None }, t.clone()))
                    .collect();
                self.chances(from, &options, s, None)
            }
            Transition::Conditional(_) | Transition::Complex(_) if self.tests_counter(s) => {
                let counters: Vec<String> = self.built.factors.set_by_module().counters.iter().cloned().collect();
                let tested = match &s.transition {
                    Transition::Conditional(o) => branches::attributes_tested(o),
                    _ => Default::default(),
                };
                let names: Vec<String> = counters
                    .into_iter()
                    .filter(|c| tested.is_empty() || tested.contains(c))
                    .map(|c| format!("`{c}`"))
                    .collect();
                self.line(LineKind::Approximated, &s.name, format!("a loop that repeats a counted number of times (the module counts {}): carepath cannot count along a path, so each way is kept with no figure; list the repeats with --max-visits", names.join(", ")));
                let options: Vec<(Chance, String)> = s
                    .transition
                    .targets()
                    .into_iter()
                    .map(|t| (Chance::Attribute { attribute: "counter".into(), default: None }, t.to_owned()))
                    .collect();
                self.chances_quiet(from, &options, s, "interpretation: the module takes this way by a count it keeps (a loop repeated a set number of times); carepath cannot count along a path, so no figure is given")
            }
            Transition::Conditional(options) => {
                let list: Vec<ComplexOption> =
                    options.iter().map(|(c, t)| (c.clone(), vec![(Chance::Fixed(1.0), t.clone())])).collect();
                self.decision(from, is_decision, &list, s)
            }
            Transition::Complex(options) => self.decision(from, is_decision, options, s),
        }
    }

    /// Adds an edge; a way back into the same node goes through a step of no length that says
    /// the state repeats (carepath has no self-loops), and chances to the same node add up.
    fn edge(&mut self, from: &str, to: &str, when: Option<String>, p: Option<f64>, note: Option<String>, s: &State) {
        let to = if from == to {
            match self.repeats.get(from) {
                Some(r) => r.clone(),
                None => {
                    let again = self.unique.take(&format!("{from}_again"));
                    let label = format!(
                        "{} (again)",
                        self.built.nodes.iter().find(|n| n.id == from).map_or("", |n| n.label.as_str())
                    );
                    let i = self.node(again.clone(), NodeKind::Phase, label, s);
                    self.built.nodes[i].duration = Some(ZERO);
                    self.built.nodes[i].note = Some(
                        "interpretation: the state transitions to itself; this step of no length stands for the repeat"
                            .into(),
                    );
                    self.repeats.insert(from.to_owned(), again.clone());
                    self.push_edge(&again, from, None, None, None, s);
                    again
                }
            }
        } else {
            to.to_owned()
        };
        if let Some(p) = p {
            if let Some(e) = self.built.edges.iter_mut().find(|e| e.from == from && e.to == to && e.when == when) {
                if let Some(q) = &e.probability {
                    e.probability = Some(Probability::exact(tidy(q.low + p)).into());
                    return;
                }
            }
        }
        self.push_edge(from, &to, when, p, note, s);
    }

    fn push_edge(
        &mut self,
        from: &str,
        to: &str,
        when: Option<String>,
        p: Option<f64>,
        note: Option<String>,
        s: &State,
    ) {
        self.built.edges.push(Edge {
            from: from.to_owned(),
            to: to.to_owned(),
            kind: EdgeKind::Next,
            when,
            probability: p.map(|p| Probability::exact(p).into()),
            likelihood: None,
            option_set: None,
            label: None,
            note,
            sources: vec![cite(&s.name)],
        });
        self.built.strict.push(None);
    }
}

mod branches;
mod lengths;
mod loops;

pub(crate) use lengths::code_of;
use lengths::{codes_of, delay, tidy, ZERO};
