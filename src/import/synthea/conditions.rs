//! Synthea conditions → carepath conditions over factors the import declares.
//!
//! `Gender` → the enum factor `gender`; `Age` → the integer factor `age` (in years, or in
//! months when a module tests ages that are not whole years); `Attribute` → a factor typed by
//! its operator and values; `Symptom`, `Observation`, `Vital Sign` with whole-number values →
//! integer factors; `Active Condition`, `Active Medication`, `Active CarePlan`, `Active
//! Allergy` → boolean factors named from the code's display; `PriorState` → a boolean factor
//! named after the state. `And`, `Or`, `Not` → `&&`, `||`, `!`; `True` and `False` fold away.
//! Whatever cannot be said over a patient's factors (a `Date`, a decimal threshold, `At
//! Least`, ...) becomes a boolean factor that stands for that condition, labelled with it, and
//! is reported as not supported: no condition is dropped.
//!
//! A factor that depends on the path taken and not only on the patient (`PriorState`, an
//! attribute the module itself sets, a condition or medication the module itself starts) says
//! so in its label ("path history"), so that every output shows it is an approximation.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::gmf::text_of;
use super::ids::snake_id;
use crate::model::{Citation, Factor, FactorType, FactorWording};

/// A condition translated: always true, never true, or an expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    Always,
    Never,
    /// A carepath condition, and whether it is a single term (needs no parentheses under `&&`).
    Expr(String, bool),
}

impl Cond {
    pub(crate) fn not(self) -> Cond {
        match self {
            Cond::Always => Cond::Never,
            Cond::Never => Cond::Always,
            // `!!x` is `x`; `!!(a && b)` is `a && b`.
            Cond::Expr(e, true) if e.starts_with("!(") && e.ends_with(')') => {
                Cond::Expr(e[2..e.len() - 1].to_owned(), false)
            }
            Cond::Expr(e, true) if e.starts_with('!') => Cond::Expr(e[1..].to_owned(), true),
            Cond::Expr(e, true) => Cond::Expr(format!("!{e}"), true),
            Cond::Expr(e, false) => Cond::Expr(format!("!({e})"), true),
        }
    }

    pub(crate) fn and(parts: Vec<Cond>) -> Cond {
        Cond::join(parts, " && ")
    }

    fn or(parts: Vec<Cond>) -> Cond {
        Cond::join(parts, " || ")
    }

    /// `parts` joined by `op` (` && ` or ` || `): `Never` absorbs an `&&` and `Always` an
    /// `||`, the other is left out; a part is put in parentheses where the operator needs it.
    fn join(parts: Vec<Cond>, op: &str) -> Cond {
        let and = op == " && ";
        let (absorbing, neutral) = if and { (Cond::Never, Cond::Always) } else { (Cond::Always, Cond::Never) };
        let mut terms = Vec::new();
        for p in parts {
            match p {
                Cond::Expr(e, atom) => terms.push((e, atom)),
                p if p == absorbing => return absorbing,
                _ => {}
            }
        }
        match terms.len() {
            0 => neutral,
            1 => {
                let (e, atom) = terms.pop().unwrap_or_default();
                Cond::Expr(e, atom)
            }
            _ => Cond::Expr(
                terms
                    .into_iter()
                    .map(|(e, atom)| if atom || (and && !e.contains("||")) { e } else { format!("({e})") })
                    .collect::<Vec<_>>()
                    .join(op),
                false,
            ),
        }
    }
}

/// What the module sets itself, so that conditions on it are path history, not the patient.
#[derive(Debug, Default)]
pub(crate) struct SetByModule {
    /// Attributes some state assigns (`SetAttribute`, `Counter`, `assign_to_attribute`).
    pub attributes: BTreeSet<String>,
    /// Codes some state starts (`ConditionOnset`, `MedicationOrder`, `CarePlanStart`, ...).
    pub codes: BTreeSet<String>,
    /// Attributes a `Counter` state counts.
    pub counters: BTreeSet<String>,
    /// Attributes some condition tests.
    pub tested: BTreeSet<String>,
}

/// The attributes an `Attribute` condition inside `value` tests.
pub(crate) fn tested_attributes(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(o) => {
            if o.get("condition_type").and_then(Value::as_str) == Some("Attribute") {
                if let Some(a) = o.get("attribute").and_then(text_of) {
                    out.insert(a);
                }
            }
            o.values().for_each(|v| tested_attributes(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| tested_attributes(v, out)),
        _ => {}
    }
}

/// A factor being declared, and what the module says of it.
#[derive(Debug)]
struct Declared {
    factor: Factor,
    /// Enum values seen (for an attribute compared with strings).
    values: BTreeSet<String>,
}

/// A condition the import could not translate, kept as a boolean factor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unsupported {
    /// The state whose transition tests it.
    pub state: String,
    /// The factor that stands for it.
    pub factor: String,
    /// Why.
    pub why: String,
}

/// The factors a module's conditions need, declared as the conditions are translated.
#[derive(Debug)]
pub(crate) struct Factors {
    declared: BTreeMap<String, Declared>,
    /// Canonical JSON of an untranslatable condition → its factor.
    opaque: BTreeMap<String, String>,
    set_by_module: SetByModule,
    /// `age` is in months (some condition tests an age that is not whole years).
    age_in_months: bool,
    /// The conditions not supported so far, in the order met.
    pub unsupported: Vec<Unsupported>,
    /// Traps met, by state: a string `"true"` compared as a boolean, ...
    pub notes: Vec<(String, String)>,
}

const AGE_YEARS_MAX: i64 = 140;
const WIDE: i64 = 1_000_000_000;

/// Whether the module tests an age in months (then `age` is in months, and each age in years
/// is said in months exactly: Synthea compares the whole years of age, so `age <= 2` years
/// is `age <= 35` months).
pub(crate) fn ages_need_months<'a>(values: impl IntoIterator<Item = &'a Value>) -> bool {
    fn walk(v: &Value, found: &mut bool) {
        match v {
            Value::Object(o) => {
                if o.get("condition_type").and_then(Value::as_str) == Some("Age")
                    && matches!(o.get("unit").and_then(Value::as_str), Some("months" | "month"))
                {
                    *found = true;
                }
                o.values().for_each(|v| walk(v, found));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let mut found = false;
    values.into_iter().for_each(|c| walk(c, &mut found));
    found
}

fn integral(x: f64) -> Option<i64> {
    (x.is_finite() && x.fract() == 0.0 && x.abs() < WIDE as f64).then_some(x as i64)
}

/// `==` → `==`, `<` → `<`, ...; Synthea's operators are carepath's for numbers.
fn operator(op: &str) -> Option<&'static str> {
    Some(match op {
        "==" => "==",
        "!=" => "!=",
        "<" => "<",
        "<=" => "<=",
        ">" => ">",
        ">=" => ">=",
        _ => return None,
    })
}

fn humanize(name: &str) -> String {
    name.replace('_', " ").trim().to_owned()
}

fn display_of(codes: Option<&Value>) -> Option<String> {
    codes?.as_array()?.first()?.get("display").and_then(text_of)
}

impl Factors {
    /// What the module sets itself.
    pub(crate) fn set_by_module(&self) -> &SetByModule {
        &self.set_by_module
    }

    pub(crate) fn new(set_by_module: SetByModule, age_in_months: bool) -> Self {
        Factors {
            declared: BTreeMap::new(),
            opaque: BTreeMap::new(),
            set_by_module,
            age_in_months,
            unsupported: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The factors declared, sorted by id, with every enum's values.
    pub(crate) fn into_factors(self) -> Vec<Factor> {
        self.declared
            .into_values()
            .map(|mut d| {
                if d.factor.kind == FactorType::Enum {
                    let mut values: Vec<String> = d.values.into_iter().collect();
                    if values.len() < 2 || d.factor.id != "gender" {
                        values.push("other".to_owned());
                        values.dedup();
                    }
                    d.factor.values = values;
                }
                d.factor
            })
            .collect()
    }

    fn declare(&mut self, id: &str, make: impl FnOnce() -> Factor) -> &mut Declared {
        self.declared.entry(id.to_owned()).or_insert_with(|| Declared { factor: make(), values: BTreeSet::new() })
    }

    fn boolean(&mut self, id: &str, label: String, history: bool, description: String, state: &str) -> Cond {
        let decl = self.declare(id, || Factor {
            id: id.to_owned(),
            kind: FactorType::Boolean,
            label: if history { format!("{label} (path history)") } else { label.clone() },
            description: Some(description),
            values: Vec::new(),
            min: None,
            max: None,
            unit: None,
            wording: Some(FactorWording {
                when_true: Some(label.clone()),
                when_false: Some(format!("not: {label}")),
                ..FactorWording::default()
            }),
            note: history.then(|| {
                "interpretation: this depends on the path the patient took in the module, not only on the \
                 patient; carepath treats it as a fact about the patient, an approximation"
                    .to_owned()
            }),
            codes: Vec::new(),
            sources: vec![cite(state)],
        });
        Cond::Expr(decl.factor.id.clone(), true)
    }

    fn integer(&mut self, id: &str, label: &str, unit: Option<&str>, bounds: (i64, i64), history: bool, state: &str) {
        self.declare(id, || Factor {
            id: id.to_owned(),
            kind: FactorType::Integer,
            label: if history { format!("{label} (path history)") } else { label.to_owned() },
            description: None,
            values: Vec::new(),
            min: Some(bounds.0),
            max: Some(bounds.1),
            unit: unit.map(str::to_owned),
            wording: Some(FactorWording {
                name: Some(label.to_lowercase()),
                unit: unit.map(str::to_owned),
                ..FactorWording::default()
            }),
            note: history.then(|| {
                "interpretation: the module sets this itself (a counter, a stored value): it depends on the path \
                 taken, which carepath treats as a fact about the patient, an approximation"
                    .to_owned()
            }),
            codes: Vec::new(),
            sources: vec![cite(state)],
        });
    }

    /// The condition as a boolean factor that stands for it (one per distinct condition).
    fn opaque(&mut self, condition: &Value, why: String, state: &str) -> Cond {
        let key = condition.to_string();
        if let Some(id) = self.opaque.get(&key) {
            return Cond::Expr(id.clone(), true);
        }
        let kind = condition.get("condition_type").and_then(Value::as_str).unwrap_or("condition");
        let id = format!("untranslated_{}_{}", snake_id(kind), self.opaque.len() + 1);
        let label = format!("{kind} condition {} (not translated)", self.opaque.len() + 1);
        self.opaque.insert(key.clone(), id.clone());
        self.unsupported.push(Unsupported { state: state.to_owned(), factor: id.clone(), why: why.clone() });
        self.boolean(
            &id,
            label,
            false,
            format!("Stands for the Synthea condition {}: {why}.", plain_json(condition)),
            state,
        )
    }

    /// Translates a condition of state `state`.
    pub(crate) fn translate(&mut self, condition: &Value, state: &str) -> Cond {
        let Some(kind) = condition.get("condition_type").and_then(Value::as_str) else {
            return self.opaque(condition, "it has no `condition_type`".into(), state);
        };
        match kind {
            "True" => Cond::Always,
            "False" => Cond::Never,
            "And" | "Or" => {
                let parts: Vec<Cond> = condition
                    .get("conditions")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(|c| self.translate(c, state)).collect())
                    .unwrap_or_default();
                if kind == "And" {
                    Cond::and(parts)
                } else {
                    Cond::or(parts)
                }
            }
            "Not" => match condition.get("condition") {
                Some(inner) => self.translate(inner, state).not(),
                None => self.opaque(condition, "a `Not` with no `condition`".into(), state),
            },
            "Gender" => match condition.get("gender").and_then(Value::as_str) {
                Some(g @ ("M" | "F")) => {
                    let decl = self.declare("gender", || Factor {
                        id: "gender".into(),
                        kind: FactorType::Enum,
                        label: "Gender".into(),
                        description: Some("The patient's gender, as Synthea records it (M or F).".into()),
                        values: Vec::new(),
                        min: None,
                        max: None,
                        unit: None,
                        wording: Some(FactorWording {
                            values: [("F".to_owned(), "female".to_owned()), ("M".to_owned(), "male".to_owned())].into(),
                            ..FactorWording::default()
                        }),
                        note: None,
                        codes: Vec::new(),
                        sources: vec![cite(state)],
                    });
                    decl.values.extend(["F".to_owned(), "M".to_owned()]);
                    Cond::Expr(format!("gender == {g}"), false)
                }
                _ => self.opaque(condition, "a gender other than M or F".into(), state),
            },
            "Age" => self.age(condition, state),
            "Attribute" => self.attribute(condition, state),
            "Symptom" => {
                let name = condition.get("symptom").and_then(text_of).unwrap_or_default();
                let id = format!("symptom_{}", snake_id(&name));
                self.numeric(condition, &id, &format!("{name} severity"), None, (-WIDE, WIDE), false, state)
            }
            "Observation" | "Vital Sign" => {
                let name = match kind {
                    "Vital Sign" => condition.get("vital_sign").and_then(text_of),
                    _ => display_of(condition.get("codes"))
                        .or_else(|| condition.get("referenced_by_attribute").and_then(text_of)),
                }
                .unwrap_or_else(|| kind.to_owned());
                let id = snake_id(&name);
                let unit = condition.get("unit").and_then(Value::as_str);
                self.numeric(condition, &id, &name, unit, (-WIDE, WIDE), false, state)
            }
            "Active Condition" | "Active Medication" | "Active CarePlan" | "Active Allergy" => {
                self.active(kind, condition, state)
            }
            "PriorState" => {
                let name = condition.get("name").and_then(text_of).unwrap_or_default();
                let within = condition.get("within").map(|w| {
                    let q = w.get("quantity").and_then(text_of).unwrap_or_default();
                    let u = w.get("unit").and_then(text_of).unwrap_or_default();
                    format!(" within {q} {u}")
                });
                let words = within.unwrap_or_default();
                let id = snake_id(&format!("passed {name}{words}"));
                let label = format!("Has passed through “{}”{words}", super::ids::clean(&name));
                self.boolean(
                    &id,
                    label,
                    true,
                    format!("Synthea PriorState condition on the state “{name}”{words}."),
                    state,
                )
            }
            other => self.opaque(condition, format!("carepath has no patient factor for a `{other}` condition"), state),
        }
    }

    fn age(&mut self, condition: &Value, state: &str) -> Cond {
        let q = condition.get("quantity").and_then(Value::as_f64);
        let unit = condition.get("unit").and_then(Value::as_str).unwrap_or("years");
        let op = condition.get("operator").and_then(Value::as_str).and_then(operator);
        let (Some(q), Some(op)) = (q, op) else {
            return self.opaque(condition, "an `Age` condition without a number or a known operator".into(), state);
        };
        // Synthea compares the patient's whole years (or whole months) of age with the number,
        // and knows no other unit.
        let in_months = match unit {
            "years" | "year" => false,
            "months" | "month" => true,
            _ => {
                return self.opaque(
                    condition,
                    format!("an age in `{unit}` (Synthea compares ages in years or months only)"),
                    state,
                )
            }
        };
        let Some(n) = integral(q) else {
            return self.opaque(condition, format!("an age of {q} {unit}, not a whole number"), state);
        };
        let (unit_name, max) =
            if self.age_in_months { ("months", AGE_YEARS_MAX * 12) } else { ("years", AGE_YEARS_MAX) };
        if !(0..=max).contains(&(if in_months || !self.age_in_months { n } else { n * 12 })) {
            return self.opaque(condition, format!("an age of {q} {unit}, outside 0–{max} {unit_name}"), state);
        }
        self.integer("age", "Age", Some(unit_name), (0, max), false, state);
        if in_months || !self.age_in_months {
            return Cond::Expr(format!("age {op} {n}"), false);
        }
        // Whole years y of an age in months m: y = floor(m / 12).
        let (low, high) = (12 * n, 12 * n + 11);
        match op {
            "<" => Cond::Expr(format!("age < {low}"), false),
            "<=" => Cond::Expr(format!("age <= {high}"), false),
            ">" => Cond::Expr(format!("age > {high}"), false),
            ">=" => Cond::Expr(format!("age >= {low}"), false),
            "==" => Cond::Expr(format!("age >= {low} && age <= {high}"), false),
            _ => Cond::Expr(format!("age < {low} || age > {high}"), false),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn numeric(
        &mut self,
        condition: &Value,
        id: &str,
        label: &str,
        unit: Option<&str>,
        bounds: (i64, i64),
        history: bool,
        state: &str,
    ) -> Cond {
        let op = condition.get("operator").and_then(Value::as_str);
        let value = condition.get("value").and_then(Value::as_f64);
        match (op.and_then(operator), value.and_then(integral)) {
            (Some(op), Some(n)) if (bounds.0..=bounds.1).contains(&n) => {
                let id = if id.is_empty() { "value" } else { id };
                self.integer(id, label, unit, bounds, history, state);
                Cond::Expr(format!("{id} {op} {n}"), false)
            }
            (Some(_), None) if value.is_some() => self.opaque(
                condition,
                format!(
                    "a threshold of {} is not a whole number (carepath's integer factors)",
                    value.unwrap_or_default()
                ),
                state,
            ),
            _ => self.opaque(condition, format!("the operator `{}` on a number", op.unwrap_or("none")), state),
        }
    }

    fn attribute(&mut self, condition: &Value, state: &str) -> Cond {
        let Some(name) = condition.get("attribute").and_then(text_of) else {
            return self.opaque(condition, "an `Attribute` condition with no `attribute`".into(), state);
        };
        let history = self.set_by_module.attributes.contains(&name);
        let id = snake_id(&name);
        let label = humanize(&name);
        let op = condition.get("operator").and_then(Value::as_str).unwrap_or("");
        let about = if history { "set by the module itself" } else { "set outside this module" };
        // Synthea compares an attribute with no value as false whatever the operator (but
        // `is nil`): every comparison holds only for a patient whose attribute is set.
        let set = self.boolean(
            &format!("{id}_set"),
            format!("{label} is set"),
            history,
            format!("Whether the Synthea attribute `{name}` has a value ({about})."),
            state,
        );
        let compared = match (op, condition.get("value")) {
            ("is nil", _) => return set.not(),
            ("is not nil", _) => return set,
            ("==" | "!=", Some(v)) if matches!(v, Value::Bool(_)) || matches!(v.as_str(), Some("true" | "false")) => {
                let truth = match v {
                    Value::Bool(b) => *b,
                    _ => {
                        self.notes.push((
                            state.to_owned(),
                            format!(
                                "the attribute `{name}` is compared with the string {v}, read as the boolean {}",
                                v.as_str().unwrap_or_default()
                            ),
                        ));
                        v.as_str() == Some("true")
                    }
                };
                let yes = self.boolean_kind_ok(&id, &name, &label, history, about, state);
                match yes {
                    Some(c) if truth == (op == "==") => c,
                    Some(c) => c.not(),
                    None => {
                        self.opaque(condition, format!("the attribute `{name}` is also used with another type"), state)
                    }
                }
            }
            ("==" | "!=", Some(Value::String(s))) => {
                let value = enum_value(s);
                let decl = self.declare(&id, || Factor {
                    id: id.clone(),
                    kind: FactorType::Enum,
                    label: if history { format!("{label} (path history)") } else { label.clone() },
                    description: Some(format!("The Synthea attribute `{name}` ({about}); `other` stands for any value the module does not test.")),
                    values: Vec::new(),
                    min: None,
                    max: None,
                    unit: None,
                    wording: None,
                    note: None,
                    codes: Vec::new(),
                    sources: vec![cite(state)],
                });
                if decl.factor.kind != FactorType::Enum {
                    return self.opaque(
                        condition,
                        format!("the attribute `{name}` is also used with another type"),
                        state,
                    );
                }
                decl.values.insert(value.clone());
                Cond::Expr(format!("{id} {op} {value}"), false)
            }
            (_, Some(Value::Number(_))) => {
                if self.declared.get(&id).is_some_and(|d| d.factor.kind != FactorType::Integer) {
                    return self.opaque(
                        condition,
                        format!("the attribute `{name}` is also used with another type"),
                        state,
                    );
                }
                self.numeric(condition, &id, &label, None, (-WIDE, WIDE), history, state)
            }
            _ => return self.opaque(condition, format!("the operator `{op}` on the attribute `{name}`"), state),
        };
        match compared {
            c @ Cond::Expr(..) => Cond::and(vec![set, c]),
            other => other,
        }
    }

    fn boolean_kind_ok(
        &mut self,
        id: &str,
        name: &str,
        label: &str,
        history: bool,
        about: &str,
        state: &str,
    ) -> Option<Cond> {
        if self.declared.get(id).is_some_and(|d| d.factor.kind != FactorType::Boolean) {
            return None;
        }
        Some(self.boolean(id, label.to_owned(), history, format!("The Synthea attribute `{name}` ({about})."), state))
    }

    fn active(&mut self, kind: &str, condition: &Value, state: &str) -> Cond {
        let (prefix, what) = match kind {
            "Active Condition" => ("has", "has the condition"),
            "Active Medication" => ("on", "takes the medication"),
            "Active CarePlan" => ("on_care_plan", "is on the care plan"),
            _ => ("allergic_to", "has the allergy"),
        };
        let codes = condition.get("codes").and_then(Value::as_array);
        let (name, history) =
            match (display_of(condition.get("codes")), condition.get("referenced_by_attribute").and_then(text_of)) {
                (Some(display), _) => {
                    let set = codes.is_some_and(|c| {
                        c.iter()
                            .filter_map(|c| c.get("code").and_then(text_of))
                            .any(|c| self.set_by_module.codes.contains(&c))
                    });
                    (display, set)
                }
                (None, Some(attribute)) => {
                    let set = self.set_by_module.attributes.contains(&attribute);
                    (attribute, set)
                }
                (None, None) => {
                    return self.opaque(
                        condition,
                        format!("an `{kind}` condition with neither codes nor an attribute"),
                        state,
                    )
                }
            };
        let id = format!("{prefix}_{}", snake_id(&name));
        let label = format!("{} {what} {}", "Patient", super::ids::clean(&name));
        let cond = self.boolean(&id, label, history, format!("Synthea `{kind}` condition on {name}."), state);
        if let (Some(codes), Some(d)) = (codes, self.declared.get_mut(&id)) {
            if d.factor.codes.is_empty() {
                d.factor.codes = codes.iter().filter_map(super::states::code_of).collect();
            }
        }
        cond
    }
}

/// A condition in words close to its JSON, without quotes (which files would escape):
/// `{condition_type: Date, operator: >, year: 2000}`.
fn plain_json(value: &Value) -> String {
    match value {
        Value::Object(o) => {
            let parts: Vec<String> = o.iter().map(|(k, v)| format!("{k}: {}", plain_json(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(plain_json).collect::<Vec<_>>().join(", ")),
        Value::String(s) => s.replace(['"', '\\'], "'"),
        other => other.to_string(),
    }
}

/// An attribute's string value as a carepath enum value: letters, digits and `_`, not
/// starting with a digit (`"Stage II"` → `stage_ii`).
fn enum_value(s: &str) -> String {
    let id = snake_id(s);
    match id.as_str() {
        "" => "empty".into(),
        // Words of the condition language.
        "in" | "true" | "false" | "else" => format!("{id}_value"),
        _ => id,
    }
}

/// A citation of the module, section the state.
pub(crate) fn cite(state: &str) -> Citation {
    Citation { source: "module".into(), section: Some(super::ids::clean(state)), ..Citation::default() }
}
