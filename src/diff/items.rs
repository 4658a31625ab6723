//! The things of two files matched by id (edges by `from → to` and kind) and compared field by
//! field, each field in words ([`items`]); and each phase's components, as the phase lists
//! them ([`components`]).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{ChangeKind, ComponentChange, FieldChange, ItemChange, Section};
use crate::model::{
    Caveat, Citation, Cost, CostPer, Edge, EdgeKind, Factor, Group, Node, NodeKind, PathwayFile, Source, Utility,
};
use crate::text::number::{amount, duration_range_text, number};
use crate::text::words::figure_words;

/// What a side without a value reads as.
pub(super) const NONE: &str = "none";

/// One field of a thing: its name, its value (what is compared) and its words (what is shown).
struct Field {
    name: String,
    value: Value,
    words: String,
}

fn field(name: &str, value: Value, words: String) -> Field {
    Field { name: name.to_string(), value, words }
}

/// A field compared by its serialised value and shown by `words` (`none` when absent).
fn shown<T: Serialize>(name: &str, value: Option<&T>, words: impl FnOnce(&T) -> String) -> Field {
    match value {
        Some(v) => field(name, serde_json::to_value(v).unwrap_or(Value::Null), words(v)),
        None => field(name, Value::Null, NONE.into()),
    }
}

/// A text field.
fn text(name: &str, value: Option<&String>) -> Field {
    shown(name, value, |s| format!("\u{201c}{s}\u{201d}"))
}

/// A field whose serialised form is a name (`phase`, `oral`, `usually`).
fn named<T: Serialize>(name: &str, value: Option<&T>) -> Field {
    shown(name, value, |v| match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    })
}

/// A list of words, `none` when empty.
fn list(name: &str, items: &[String]) -> Field {
    let value = serde_json::to_value(items).unwrap_or(Value::Null);
    field(name, value, if items.is_empty() { NONE.into() } else { items.join(", ") })
}

/// A cost in words: `900–1,100 EUR per month (base 1,000)`.
pub(super) fn cost_words(c: &Cost) -> String {
    let n = |x: f64| amount(x, 2);
    let range = if n(c.low) == n(c.high) { n(c.low) } else { format!("{}\u{2013}{}", n(c.low), n(c.high)) };
    let currency = c.currency.as_deref().map_or(String::new(), |c| format!(" {c}"));
    let per = if c.per == CostPer::Event { "per visit".to_string() } else { format!("per {}", c.per.as_str()) };
    let base = c.base.map_or(String::new(), |b| format!(" (base {})", n(b)));
    format!("{range}{currency} {per}{base}")
}

/// A utility in words: `0.6–0.8 a year (base 0.7), over 5 years`.
pub(super) fn utility_words(u: &Utility) -> String {
    let range = if number(u.low) == number(u.high) {
        number(u.low)
    } else {
        format!("{}\u{2013}{}", number(u.low), number(u.high))
    };
    let base = u.base.map_or(String::new(), |b| format!(" (base {})", number(b)));
    let over = u.over.as_ref().map_or(String::new(), |d| format!(", over {}", duration_range_text(d)));
    format!("{range} a year{base}{over}")
}

/// One citation in words: `§Induction “the words”`, `anchor 0123456789abcdef (42 characters)`.
fn citation_words(c: &Citation) -> String {
    let mut parts = Vec::new();
    if let Some(section) = &c.section {
        parts.push(format!("\u{a7}{section}"));
    }
    if let Some(quote) = &c.quote {
        parts.push(format!("\u{201c}{quote}\u{201d}"));
    }
    if let Some(anchor) = &c.anchor {
        parts.push(format!("anchor {} ({} characters)", anchor.sha256, anchor.chars));
    }
    if let Some(note) = &c.note {
        parts.push(format!("note \u{201c}{note}\u{201d}"));
    }
    if parts.is_empty() {
        "cited".into()
    } else {
        parts.join(" ")
    }
}

/// The citations of a thing, one field per source cited (`citation of acs`), in order of
/// first citation.
fn citations(fields: &mut Vec<Field>, sources: &[Citation]) {
    let mut by_source: Vec<(&str, Vec<&Citation>)> = Vec::new();
    for c in sources {
        match by_source.iter_mut().find(|(s, _)| *s == c.source) {
            Some((_, cs)) => cs.push(c),
            None => by_source.push((&c.source, vec![c])),
        }
    }
    for (source, cs) in by_source {
        let value = serde_json::to_value(&cs).unwrap_or(Value::Null);
        let words = cs.iter().map(|c| citation_words(c)).collect::<Vec<_>>().join("; ");
        fields.push(field(&format!("citation of {source}"), value, words));
    }
}

fn node_fields(n: &Node) -> Vec<Field> {
    let agents: Vec<String> = n
        .agents
        .iter()
        .map(|a| {
            let brand = a.brand.as_deref().map_or(String::new(), |b| format!(" ({b})"));
            let likelihood = a.likelihood.map_or(String::new(), |l| format!(" {l}"));
            let codes: Vec<String> = a.codes.iter().map(ToString::to_string).collect();
            let codes = if codes.is_empty() { String::new() } else { format!(" [{}]", codes.join("; ")) };
            format!("{}{brand}{likelihood}{codes}", a.name)
        })
        .collect();
    let option_sets: Vec<String> =
        n.option_sets.iter().map(|s| format!("{} \u{201c}{}\u{201d} ({})", s.id, s.label, s.choose.words())).collect();
    let mut fields = vec![
        named("kind", Some(&n.kind)),
        text("label", Some(&n.label)),
        text("description", n.description.as_ref()),
        text("plain", n.plain.as_ref()),
        named("group", n.group.as_ref()),
        shown("duration", n.duration.as_ref(), duration_range_text),
        shown("outcome", n.outcome.as_ref(), |c| c.words().to_string()),
        named("modality", n.modality.as_ref()),
        list("agents", &agents),
        named("combine", n.combine.as_ref()),
        named("route", n.route.as_ref()),
        list("delivery", &n.delivery),
        named("intensity", n.intensity.as_ref()),
        named("choice", n.choice.as_ref()),
        text("note", n.note.as_ref()),
        shown("cost", n.cost.as_deref(), cost_words),
        shown("utility", n.utility.as_deref(), utility_words),
        list("option_sets", &option_sets),
        list("codes", &n.codes.iter().map(ToString::to_string).collect::<Vec<_>>()),
    ];
    citations(&mut fields, &n.sources);
    fields
}

fn edge_fields(e: &Edge) -> Vec<Field> {
    let mut fields = vec![
        shown("when", e.when.as_ref(), |w| format!("`{w}`")),
        shown("probability", e.probability.as_ref(), |p| figure_words(Some(p))),
        named("likelihood", e.likelihood.as_ref()),
        named("option_set", e.option_set.as_ref()),
        text("label", e.label.as_ref()),
        text("note", e.note.as_ref()),
    ];
    citations(&mut fields, &e.sources);
    fields
}

fn factor_fields(f: &Factor) -> Vec<Field> {
    let mut fields = vec![
        named("type", Some(&f.kind)),
        text("label", Some(&f.label)),
        text("description", f.description.as_ref()),
        list("values", &f.values),
        shown("min", f.min.as_ref(), i64::to_string),
        shown("max", f.max.as_ref(), i64::to_string),
        named("unit", f.unit.as_ref()),
        shown("wording", f.wording.as_ref(), |w| serde_json::to_string(w).unwrap_or_default()),
        text("note", f.note.as_ref()),
        list("codes", &f.codes.iter().map(ToString::to_string).collect::<Vec<_>>()),
    ];
    citations(&mut fields, &f.sources);
    fields
}

fn source_fields(s: &Source) -> Vec<Field> {
    let out_of_scope: Vec<String> =
        s.out_of_scope.iter().map(|o| format!("{} (\u{201c}{}\u{201d})", o.anchor.sha256, o.reason)).collect();
    vec![
        text("title", Some(&s.title)),
        text("authors", s.authors.as_ref()),
        text("publisher", s.publisher.as_ref()),
        shown("year", s.year.as_ref(), u16::to_string),
        named("revised", s.revised.as_ref()),
        named("accessed", s.accessed.as_ref()),
        named("url", s.url.as_ref()),
        text("citation", s.citation.as_ref()),
        list("references", &s.references),
        text("note", s.note.as_ref()),
        named("text", s.text.as_ref()),
        list("out_of_scope", &out_of_scope),
    ]
}

fn caveat_fields(c: &Caveat) -> Vec<Field> {
    let mut fields =
        vec![text("text", Some(&c.text)), text("plain", c.plain.as_ref()), list("applies_to", &c.applies_to)];
    citations(&mut fields, &c.sources);
    fields
}

fn group_fields(g: &Group) -> Vec<Field> {
    vec![text("label", Some(&g.label)), text("description", g.description.as_ref())]
}

fn pathway_fields(p: &PathwayFile) -> Vec<Field> {
    vec![
        text("id", Some(&p.id)),
        text("title", Some(&p.title)),
        text("version", Some(&p.version)),
        text("description", p.description.as_ref()),
        shown("about_tolerance", p.conventions.as_ref().and_then(|c| c.about_tolerance).as_ref(), |t| number(*t)),
    ]
}

/// The fields of `old` and `new` that differ, in `new`'s field order then `old`'s leftovers.
/// Two values whose words read alike but differ are shown with their values as in the file.
fn changed_fields(old: Vec<Field>, new: Vec<Field>) -> Vec<FieldChange> {
    let mut names: Vec<String> = new.iter().map(|f| f.name.clone()).collect();
    for f in &old {
        if !names.contains(&f.name) {
            names.push(f.name.clone());
        }
    }
    let find = |fields: &[Field], name: &str| fields.iter().position(|f| f.name == name);
    let mut out = Vec::new();
    for name in names {
        let (o, n) = (find(&old, &name).map(|i| &old[i]), find(&new, &name).map(|i| &new[i]));
        let value = |f: Option<&Field>| f.map_or(Value::Null, |f| f.value.clone());
        if value(o) == value(n) {
            continue;
        }
        let words = |f: Option<&Field>| f.map_or(NONE.to_string(), |f| f.words.clone());
        let (mut ow, mut nw) = (words(o), words(n));
        if ow == nw {
            ow = format!("{ow} ({})", value(o));
            nw = format!("{nw} ({})", value(n));
        }
        out.push(FieldChange { field: name, old: ow, new: nw });
    }
    out
}

/// Things of one section keyed by id (a repeated key gets ` #2`, ` #3`), with their labels
/// and fields.
type Keyed = BTreeMap<String, (Option<String>, Vec<Field>)>;

fn keyed<T>(
    things: &[T],
    key: impl Fn(&T) -> String,
    label: impl Fn(&T) -> Option<String>,
    fields: impl Fn(&T) -> Vec<Field>,
) -> Keyed {
    let mut out = Keyed::new();
    for t in things {
        let base = key(t);
        let mut k = base.clone();
        let mut i = 1;
        while out.contains_key(&k) {
            i += 1;
            k = format!("{base} #{i}");
        }
        out.insert(k, (label(t), fields(t)));
    }
    out
}

fn section_changes(section: Section, old: Keyed, mut new: Keyed, out: &mut Vec<ItemChange>) {
    let mut changes = Vec::new();
    for (id, (old_label, old_fields)) in old {
        match new.remove(&id) {
            Some((new_label, new_fields)) => {
                let fields = changed_fields(old_fields, new_fields);
                if !fields.is_empty() {
                    changes.push(ItemChange {
                        section,
                        id,
                        label: new_label.or(old_label),
                        kind: ChangeKind::Changed,
                        fields,
                    });
                }
            }
            None => changes.push(ItemChange {
                section,
                id,
                label: old_label,
                kind: ChangeKind::Removed,
                fields: Vec::new(),
            }),
        }
    }
    for (id, (label, _)) in new {
        changes.push(ItemChange { section, id, label, kind: ChangeKind::Added, fields: Vec::new() });
    }
    changes.sort_by(|a, b| a.id.cmp(&b.id));
    out.extend(changes);
}

/// An edge's key: `from → to`, with ` (includes)` for an `includes` edge.
pub(super) fn edge_key(e: &Edge) -> String {
    match e.kind {
        EdgeKind::Next => format!("{} \u{2192} {}", e.from, e.to),
        EdgeKind::Includes => format!("{} \u{2192} {} (includes)", e.from, e.to),
    }
}

/// Everything added, removed or changed, by [`Section::ALL`] then id.
pub(super) fn items(old: &PathwayFile, new: &PathwayFile) -> Vec<ItemChange> {
    let mut out = Vec::new();
    let fields = changed_fields(pathway_fields(old), pathway_fields(new));
    if !fields.is_empty() {
        out.push(ItemChange {
            section: Section::Pathway,
            id: new.id.clone(),
            label: Some(new.title.clone()),
            kind: ChangeKind::Changed,
            fields,
        });
    }
    let nodes = |p: &PathwayFile| keyed(&p.nodes, |n| n.id.clone(), |n| Some(n.label.clone()), node_fields);
    section_changes(Section::Node, nodes(old), nodes(new), &mut out);
    let edges = |p: &PathwayFile| keyed(&p.edges, edge_key, |e| e.label.clone(), edge_fields);
    section_changes(Section::Edge, edges(old), edges(new), &mut out);
    let factors = |p: &PathwayFile| keyed(&p.factors, |f| f.id.clone(), |f| Some(f.label.clone()), factor_fields);
    section_changes(Section::Factor, factors(old), factors(new), &mut out);
    let sources = |p: &PathwayFile| keyed(&p.sources, |s| s.id.clone(), |s| Some(s.title.clone()), source_fields);
    section_changes(Section::Source, sources(old), sources(new), &mut out);
    let caveats = |p: &PathwayFile| keyed(&p.caveats, |c| c.id.clone(), |_| None, caveat_fields);
    section_changes(Section::Caveat, caveats(old), caveats(new), &mut out);
    let groups = |p: &PathwayFile| keyed(&p.groups, |g| g.id.clone(), |g| Some(g.label.clone()), group_fields);
    section_changes(Section::Group, groups(old), groups(new), &mut out);
    out
}

/// Each phase's components in words, by phase id then component id: an included
/// intervention `always given with the phase` or `one of “CNS treatment”`, its likelihood and
/// condition; an option set `option set cns` as `one or more of “CNS treatment”`.
fn phase_components(p: &PathwayFile) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    let phases: Vec<&Node> = p.nodes.iter().filter(|n| n.kind == NodeKind::Phase).collect();
    for phase in &phases {
        for set in &phase.option_sets {
            out.insert(
                (phase.id.clone(), format!("option set {}", set.id)),
                format!("{} \u{201c}{}\u{201d}", set.choose.words(), set.label),
            );
        }
    }
    for e in p.edges.iter().filter(|e| e.kind == EdgeKind::Includes) {
        let Some(phase) = phases.iter().find(|n| n.id == e.from) else { continue };
        let how = match e.option_set.as_ref().and_then(|s| phase.option_sets.iter().find(|o| &o.id == s)) {
            Some(set) => format!("{} \u{201c}{}\u{201d}", set.choose.words(), set.label),
            None => match &e.option_set {
                Some(s) => format!("in option set {s}"),
                None => "given with the phase".into(),
            },
        };
        let likelihood = e.likelihood.unwrap_or_default();
        let when = e.when.as_ref().map_or(String::new(), |w| format!(", when `{w}`"));
        let label =
            p.nodes.iter().find(|n| n.id == e.to).map_or(String::new(), |n| format!("\u{201c}{}\u{201d}: ", n.label));
        let mut key = (phase.id.clone(), e.to.clone());
        let mut i = 1;
        while out.contains_key(&key) {
            i += 1;
            key.1 = format!("{} #{i}", e.to);
        }
        out.insert(key, format!("{label}{how}, {likelihood}{when}"));
    }
    out
}

/// The components per phase that were added, removed or changed.
pub(super) fn components(old: &PathwayFile, new: &PathwayFile) -> Vec<ComponentChange> {
    let (old, mut new) = (phase_components(old), phase_components(new));
    let mut out = Vec::new();
    for (key, words) in old {
        let now = new.remove(&key);
        if now.as_ref() != Some(&words) {
            out.push(ComponentChange { phase: key.0, component: key.1, old: Some(words), new: now });
        }
    }
    for (key, words) in new {
        out.push(ComponentChange { phase: key.0, component: key.1, old: None, new: Some(words) });
    }
    out.sort_by(|a, b| (&a.phase, &a.component).cmp(&(&b.phase, &b.component)));
    out
}
