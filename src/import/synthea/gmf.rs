//! A Synthea module as the importer reads it: each state's name, type, fields and transition,
//! with submodules (`CallSubmodule`) inlined when their folder is given.
//!
//! Modules are read as `serde_json::Value` and picked apart here, not deserialized into fixed
//! types: the framework has grown for a decade, modules carry fields of many versions, and an
//! importer must keep going past a field it does not know (and say so) where a schema would stop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// How a branch's chance is given.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Chance {
    /// A number.
    Fixed(f64),
    /// Read from a patient attribute at simulation time, with the module's default.
    Attribute { attribute: String, default: Option<f64> },
}

/// One option of a `complex_transition`: its condition (none: always), and its chances.
pub(crate) type ComplexOption = (Option<Value>, Vec<(Chance, String)>);

/// A state's transition, as the module writes it (targets are state names).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Transition {
    /// No transition (a `Terminal`, a `Death` that ends the module).
    None,
    /// `direct_transition`.
    Direct(String),
    /// `distributed_transition`: chances in order.
    Distributed(Vec<(Chance, String)>),
    /// `conditional_transition`: conditions in order, the first that holds wins.
    Conditional(Vec<(Option<Value>, String)>),
    /// `complex_transition`: conditions in order, each with its chances.
    Complex(Vec<ComplexOption>),
    /// `lookup_table_transition`: the default chances, and the table's name.
    Lookup(Vec<(Option<f64>, String)>, String),
    /// A transition kind the importer does not know (`type_of_care_transition`, ...): its
    /// targets, in order, with no figures.
    Other(String, Vec<String>),
}

impl Transition {
    /// Every target, in order (with repeats).
    pub(crate) fn targets(&self) -> Vec<&str> {
        match self {
            Transition::None => Vec::new(),
            Transition::Direct(t) => vec![t],
            Transition::Distributed(v) => v.iter().map(|(_, t)| t.as_str()).collect(),
            Transition::Conditional(v) => v.iter().map(|(_, t)| t.as_str()).collect(),
            Transition::Complex(v) => v.iter().flat_map(|(_, d)| d.iter().map(|(_, t)| t.as_str())).collect(),
            Transition::Lookup(v, _) => v.iter().map(|(_, t)| t.as_str()).collect(),
            Transition::Other(_, v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// One state of a module (or of an inlined submodule, whose names are prefixed with the
/// calling state's: `Surgery / Initial`).
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// The name, as the module writes it (prefixed when inlined).
    pub name: String,
    /// The JSON pointer of the state in its file, for positions.
    pub pointer: String,
    /// The file the state is written in.
    pub file: PathBuf,
    /// `type`.
    pub kind: String,
    /// Every field of the state.
    pub fields: Map<String, Value>,
    /// The transition.
    pub transition: Transition,
    /// Inlined from a submodule: the Initial of a submodule (a pass-through) or one of its
    /// Terminals (which continue with the caller's transition).
    pub passage: bool,
}

/// A module's name, remarks and states, submodules inlined.
#[derive(Debug, Clone)]
pub(crate) struct Module {
    /// `name`.
    pub name: String,
    /// `remarks`, joined.
    pub remarks: Vec<String>,
    /// States by name.
    pub states: BTreeMap<String, State>,
    /// Submodules inlined (their paths relative to the folder), in the order met.
    pub submodules: Vec<String>,
    /// Submodules called but not inlined (no folder given, or not found), with why.
    pub missing_submodules: Vec<(String, String, String)>,
}

/// Why a file is not a module the importer can read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NotModule {
    /// JSON pointer of what is wrong ("" for the whole file).
    pub pointer: String,
    /// What is wrong, and what to do.
    pub message: String,
    /// The file (a submodule's, when the problem is there).
    pub file: PathBuf,
}

fn not_module(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> NotModule {
    NotModule { pointer: pointer.into(), message: message.into(), file: file.to_path_buf() }
}

/// A string field, or a number written as one (`"code": 10509002`).
pub(crate) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn chance_of(value: Option<&Value>) -> Option<Chance> {
    match value? {
        Value::Number(n) => n.as_f64().map(Chance::Fixed),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|p| p.is_finite()).map(Chance::Fixed),
        Value::Object(o) => Some(Chance::Attribute {
            attribute: o.get("attribute").and_then(text_of).unwrap_or_default(),
            default: o.get("default").and_then(Value::as_f64),
        }),
        _ => None,
    }
}

fn target(file: &Path, pointer: &str, option: &Value) -> Result<String, NotModule> {
    option
        .get("transition")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| not_module(file, pointer, "this option names no `transition` (a state name)"))
}

fn distributions(file: &Path, pointer: &str, list: &Value) -> Result<Vec<(Chance, String)>, NotModule> {
    let list = list.as_array().ok_or_else(|| not_module(file, pointer, "expected a list of options"))?;
    list.iter()
        .enumerate()
        .map(|(i, option)| {
            let at = format!("{pointer}/{i}");
            let chance = chance_of(option.get("distribution")).ok_or_else(|| {
                not_module(
                    file,
                    format!("{at}/distribution"),
                    "expected a chance: a number from 0 to 1, or {\"attribute\": ..., \"default\": ...}",
                )
            })?;
            Ok((chance, target(file, &at, option)?))
        })
        .collect()
}

/// The transition of a state (`pointer` is the state's).
fn transition_of(file: &Path, pointer: &str, fields: &Map<String, Value>) -> Result<Transition, NotModule> {
    if let Some(t) = fields.get("direct_transition") {
        let name = t
            .as_str()
            .ok_or_else(|| not_module(file, format!("{pointer}/direct_transition"), "expected a state name"))?;
        return Ok(Transition::Direct(name.to_owned()));
    }
    if let Some(list) = fields.get("distributed_transition") {
        return Ok(Transition::Distributed(distributions(file, &format!("{pointer}/distributed_transition"), list)?));
    }
    if let Some(list) = fields.get("conditional_transition") {
        let at = format!("{pointer}/conditional_transition");
        let list = list.as_array().ok_or_else(|| not_module(file, &at, "expected a list of options"))?;
        let options = list
            .iter()
            .enumerate()
            .map(|(i, o)| Ok((o.get("condition").cloned(), target(file, &format!("{at}/{i}"), o)?)))
            .collect::<Result<_, NotModule>>()?;
        return Ok(Transition::Conditional(options));
    }
    if let Some(list) = fields.get("complex_transition") {
        let at = format!("{pointer}/complex_transition");
        let list = list.as_array().ok_or_else(|| not_module(file, &at, "expected a list of options"))?;
        let mut options = Vec::new();
        for (i, o) in list.iter().enumerate() {
            let here = format!("{at}/{i}");
            let branches = match (o.get("distributions"), o.get("transition")) {
                (Some(d), _) => distributions(file, &format!("{here}/distributions"), d)?,
                (None, Some(_)) => vec![(Chance::Fixed(1.0), target(file, &here, o)?)],
                (None, None) => {
                    return Err(not_module(file, here, "this option has neither `distributions` nor `transition`"))
                }
            };
            options.push((o.get("condition").cloned(), branches));
        }
        return Ok(Transition::Complex(options));
    }
    if let Some(list) = fields.get("lookup_table_transition") {
        let at = format!("{pointer}/lookup_table_transition");
        let list = list.as_array().ok_or_else(|| not_module(file, &at, "expected a list of options"))?;
        let mut table = String::new();
        let mut options = Vec::new();
        for (i, o) in list.iter().enumerate() {
            if table.is_empty() {
                table = o.get("lookup_table_name").and_then(text_of).unwrap_or_default();
            }
            options
                .push((o.get("default_probability").and_then(Value::as_f64), target(file, &format!("{at}/{i}"), o)?));
        }
        return Ok(Transition::Lookup(options, table));
    }
    // Any other `*_transition`: keep its targets, whatever its shape.
    for (key, value) in fields {
        if key.ends_with("_transition") {
            let mut targets = Vec::new();
            collect_targets(value, &mut targets);
            return Ok(Transition::Other(key.clone(), targets));
        }
    }
    Ok(Transition::None)
}

fn collect_targets(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(o) => {
            if let Some(Value::String(t)) = o.get("transition") {
                out.push(t.clone());
            }
            o.iter().filter(|(k, _)| k.as_str() != "transition").for_each(|(_, v)| collect_targets(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| collect_targets(v, out)),
        _ => {}
    }
}

/// Reads a module's states from its parsed JSON.
pub(crate) fn states_of(file: &Path, root: &Value) -> Result<(String, Vec<String>, Vec<State>), NotModule> {
    let object =
        root.as_object().ok_or_else(|| not_module(file, "", "a module is a JSON object with `name` and `states`"))?;
    let states = object.get("states").and_then(Value::as_object).ok_or_else(|| {
        not_module(file, "", "it has no `states` object: a Synthea module names its states in `states`")
    })?;
    let name = object
        .get("name")
        .and_then(text_of)
        .unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let remarks = match object.get("remarks") {
        Some(Value::Array(a)) => a.iter().filter_map(text_of).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    if !states.values().any(|s| s.get("type").and_then(Value::as_str) == Some("Initial")) {
        return Err(not_module(
            file,
            "/states",
            "no state has `\"type\": \"Initial\"`: a module starts at its Initial state",
        ));
    }
    let mut out = Vec::new();
    for (state, value) in states {
        let pointer = format!("/states/{}", crate::source::escape_pointer(state));
        let fields = value.as_object().ok_or_else(|| not_module(file, &pointer, "a state is a JSON object"))?;
        let kind = fields
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| not_module(file, &pointer, "this state has no `type`"))?
            .to_owned();
        let transition = transition_of(file, &pointer, fields)?;
        out.push(State {
            name: state.clone(),
            pointer,
            file: file.to_path_buf(),
            kind,
            fields: fields.clone(),
            transition,
            passage: false,
        });
    }
    Ok((name, remarks, out))
}

/// Reads a submodule file: `Err` says why it cannot be used.
pub(crate) type ReadSubmodule<'a> = dyn FnMut(&str) -> Result<(PathBuf, Value), super::ImportError> + 'a;

/// The module, with every `CallSubmodule` inlined that `read` finds (to a depth of 10, and
/// never a submodule inside itself).
pub(crate) fn module(file: &Path, root: &Value, read: &mut ReadSubmodule) -> Result<Module, NotModule> {
    let (name, remarks, states) = states_of(file, root)?;
    let mut module =
        Module { name, remarks, states: BTreeMap::new(), submodules: Vec::new(), missing_submodules: Vec::new() };
    inline(&mut module, states, "", &mut Vec::new(), read)?;
    Ok(module)
}

/// At most this many states with the submodules inlined: every call inlines its submodule
/// again, so a module can multiply its states (10 calls a level, 5 levels: 100,000 copies).
const MAX_STATES: usize = 100_000;

/// Adds a state; two states of one name (a module's own `Call / Work` and an inlined one)
/// would make one vanish.
fn add(module: &mut Module, state: State) -> Result<(), NotModule> {
    if module.states.len() >= MAX_STATES {
        return Err(not_module(
            &state.file,
            &state.pointer,
            format!("with its submodules inlined the module has more than {MAX_STATES} states"),
        ));
    }
    if let Some(other) = module.states.get(&state.name) {
        return Err(not_module(
            &state.file,
            &state.pointer,
            format!(
                "two states are named “{}” once submodules are inlined (one in {}): rename one",
                state.name,
                other.file.display()
            ),
        ));
    }
    module.states.insert(state.name.clone(), state);
    Ok(())
}

fn inline(
    module: &mut Module,
    states: Vec<State>,
    prefix: &str,
    calling: &mut Vec<String>,
    read: &mut ReadSubmodule,
) -> Result<(), NotModule> {
    for mut state in states {
        let called = (state.kind == "CallSubmodule").then(|| state.fields.get("submodule").and_then(text_of)).flatten();
        state.name = format!("{prefix}{}", state.name);
        rename_targets(&mut state.transition, prefix);
        let Some(sub) = called else {
            add(module, state)?;
            continue;
        };
        let inner = format!("{} / ", state.name);
        let why_not = if calling.contains(&sub) {
            Some(format!("it calls itself through {}", calling.join(" → ")))
        } else if calling.len() >= 10 {
            Some("submodules nest more than 10 deep".to_owned())
        } else {
            None
        };
        let read_result = match why_not {
            Some(why) => Err(why),
            None => read(&sub).map_err(|e| e.to_string()),
        };
        match read_result.and_then(|(path, root)| states_of(&path, &root).map_err(|e| e.message).map(|s| (path, s))) {
            Ok((_, (_, _, sub_states))) => {
                if !module.submodules.contains(&sub) {
                    module.submodules.push(sub.clone());
                }
                // The calling state passes on to the submodule's Initial; its Terminals go on
                // with the calling state's own transition.
                let then = state.transition.clone();
                let initial =
                    sub_states.iter().find(|s| s.kind == "Initial").map(|s| s.name.clone()).unwrap_or_default();
                let mut inner_states = Vec::new();
                for mut s in sub_states {
                    if s.kind == "Initial" || s.kind == "Terminal" {
                        s.passage = true;
                        if s.kind == "Terminal" {
                            s.transition = then.clone();
                            // Already prefixed with the caller's prefix: not renamed again below.
                            s.kind = "SubmoduleEnd".to_owned();
                        } else {
                            s.kind = "SubmoduleStart".to_owned();
                        }
                    }
                    inner_states.push(s);
                }
                state.transition = Transition::Direct(format!("{inner}{initial}"));
                state.passage = true;
                add(module, state)?;
                calling.push(sub);
                inline_prefixed(module, inner_states, &inner, calling, read)?;
                calling.pop();
            }
            Err(why) => {
                module.missing_submodules.push((state.name.clone(), sub, why));
                add(module, state)?;
            }
        }
    }
    Ok(())
}

/// Inlines a submodule's states under `prefix`; the Terminals' transitions (the caller's)
/// keep the caller's names.
fn inline_prefixed(
    module: &mut Module,
    states: Vec<State>,
    prefix: &str,
    calling: &mut Vec<String>,
    read: &mut ReadSubmodule,
) -> Result<(), NotModule> {
    let (ends, others): (Vec<State>, Vec<State>) = states.into_iter().partition(|s| s.kind == "SubmoduleEnd");
    inline(module, others, prefix, calling, read)?;
    for mut end in ends {
        end.name = format!("{prefix}{}", end.name);
        add(module, end)?;
    }
    Ok(())
}

fn rename_targets(transition: &mut Transition, prefix: &str) {
    if prefix.is_empty() {
        return;
    }
    let rename = |t: &mut String| *t = format!("{prefix}{t}");
    match transition {
        Transition::None => {}
        Transition::Direct(t) => rename(t),
        Transition::Distributed(v) => v.iter_mut().for_each(|(_, t)| rename(t)),
        Transition::Conditional(v) => v.iter_mut().for_each(|(_, t)| rename(t)),
        Transition::Complex(v) => v.iter_mut().for_each(|(_, d)| d.iter_mut().for_each(|(_, t)| rename(t))),
        Transition::Lookup(v, _) => v.iter_mut().for_each(|(_, t)| rename(t)),
        Transition::Other(_, v) => v.iter_mut().for_each(rename),
    }
}
