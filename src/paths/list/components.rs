//! A step's components on the current path, as every listing format shows them: the
//! `includes` edges that apply, in file order, each with its condition and likelihood, and
//! the options of an option set gathered into one component ("one or more of: A; B; C").

use super::PathFilter;
use crate::graph::PathwayGraph;
use crate::model::{Combine, Likelihood, Node, OptionSet, PathwayFile};

/// An `includes` edge that applies on a path.
pub(crate) struct Included<'a> {
    /// The `includes` edge (index into `pathway.edges`).
    pub(crate) edge: usize,
    /// The component.
    pub(crate) node: &'a Node,
    /// The edge's condition when it does not apply to every patient on the path, as code
    /// (`ph_positive`), for JSON.
    pub(crate) condition: Option<String>,
    /// The same in words (`Philadelphia chromosome positive`), for what people read; the code
    /// form where the filter has no words for it.
    pub(crate) condition_words: Option<String>,
    /// How often the source says it applies (`always` when the edge says nothing).
    pub(crate) likelihood: Likelihood,
    /// The edge's note (the component's own is `node.note`).
    pub(crate) edge_note: Option<&'a String>,
}

/// One component of a step: an intervention, or a set of them of which the patient receives
/// one (or one or more), never all of them together.
pub(crate) enum Component<'a> {
    /// One intervention.
    Single(Included<'a>),
    /// An option set of the step's node with the options that apply on the path, in file order.
    Set {
        /// The set as the phase declares it.
        set: &'a OptionSet,
        /// Its options that apply on the path.
        options: Vec<Included<'a>>,
    },
}

/// The components of `node` on the path `filter` is positioned on: its `includes` edges that
/// apply, in file order, each with its condition when it does not apply to every patient on
/// the path; the options of one set are one component, at the place of its first option.
///
/// Complexity: O(includes of the node × its option sets).
pub(crate) fn components<'a, F: PathFilter + ?Sized>(
    pathway: &'a PathwayFile,
    flow: &PathwayGraph,
    node: usize,
    filter: &F,
) -> Vec<Component<'a>> {
    let sets = &pathway.nodes[node].option_sets;
    let mut out: Vec<Component<'a>> = Vec::new();
    for &(edge, to) in flow.includes[node].iter().filter(|&&(edge, _)| filter.includes(edge)) {
        let e = &pathway.edges[edge];
        let condition = (!filter.includes_always(edge)).then(|| {
            filter.condition_text(edge).or_else(|| e.when.clone()).unwrap_or_else(|| "some patients".to_string())
        });
        let item = Included {
            edge,
            node: &pathway.nodes[to],
            condition_words: condition
                .as_ref()
                .map(|code| filter.condition_words(edge).unwrap_or_else(|| code.clone())),
            condition,
            likelihood: e.likelihood.unwrap_or_default(),
            edge_note: e.note.as_ref(),
        };
        // An `option_set` that names no set of the node is an error (CP026); listed on its own.
        let Some(set) = e.option_set.as_deref().and_then(|id| sets.iter().find(|s| s.id == id)) else {
            out.push(Component::Single(item));
            continue;
        };
        let existing = out.iter_mut().find_map(|c| match c {
            Component::Set { set: s, options } if std::ptr::eq(*s, set) => Some(options),
            _ => None,
        });
        match existing {
            Some(options) => options.push(item),
            None => out.push(Component::Set { set, options: vec![item] }),
        }
    }
    out
}

/// A component in words, with `text` escaping the words (identity for a terminal, whose line
/// is made safe as a whole), conditions in words:
///
/// - an intervention: `[if <condition>: ]<intervention>[ (<likelihood>)]`;
/// - a set: `<label>, one or more of: <option>; <option>` (`one of` for `choose: one`), each
///   option as an intervention above; a condition every option shares is said once, before the
///   label; a set with one option left on the path is `<label>: <option>`.
pub(super) fn component_text(component: &Component, text: &dyn Fn(&str) -> String) -> String {
    match component {
        Component::Single(item) => option_text(item, true, text),
        Component::Set { set, options } => {
            let shared = shared_condition(options);
            let mut out = shared.map_or(String::new(), |c| format!("if {}: ", text(c)));
            out.push_str(&text(&set.label));
            let listed: Vec<String> = options.iter().map(|o| option_text(o, shared.is_none(), text)).collect();
            if let [only] = listed.as_slice() {
                out.push_str(": ");
                out.push_str(only);
            } else {
                out.push_str(", ");
                out.push_str(set.choose.words());
                out.push_str(": ");
                out.push_str(&listed.join("; "));
            }
            out
        }
    }
}

/// The condition (in words) every option of a set shares, if they all have the same one.
pub(super) fn shared_condition<'c>(options: &'c [Included]) -> Option<&'c str> {
    let first = options.first().and_then(|o| o.condition_words.as_deref());
    first.filter(|c| options.iter().all(|o| o.condition_words.as_deref() == Some(c)))
}

/// One intervention: its condition in words (when `with_condition`), its words, its
/// likelihood, which follows the label when the agents follow it (`Anthracycline (usually):
/// daunorubicin or doxorubicin (sometimes)`), so it is not read as the last agent's.
fn option_text(item: &Included, with_condition: bool, text: &dyn Fn(&str) -> String) -> String {
    let mut out = match &item.condition_words {
        Some(c) if with_condition => format!("if {}: ", text(c)),
        _ => String::new(),
    };
    let (label, agents) = intervention_parts(item.node);
    out.push_str(&text(&label));
    if let Some(marker) = Likelihood::marker(Some(item.likelihood)) {
        out.push(' ');
        out.push_str(marker);
    }
    if let Some(agents) = agents {
        out.push_str(": ");
        out.push_str(&text(&agents));
    }
    out
}

/// An intervention as alternatives: `a or b` (one_of), `one or more of a, b` (any_of), `a + b`
/// (all), a single agent's name, or the label when it lists no agents; each agent with its
/// likelihood (`cytarabine (sometimes)`). The label alone when it already names every agent
/// and no agent has a likelihood to show.
pub(super) fn intervention_text(node: &Node) -> String {
    match intervention_parts(node) {
        (label, None) => label,
        (label, Some(agents)) => format!("{label}: {agents}"),
    }
}

/// [`intervention_text`] in its two parts: the label, and the agents when they are shown.
pub(super) fn intervention_parts(node: &Node) -> (String, Option<String>) {
    let names: Vec<String> = node
        .agents
        .iter()
        .map(|a| match Likelihood::marker(a.likelihood) {
            Some(marker) => format!("{} {marker}", a.name),
            None => a.name.clone(),
        })
        .collect();
    let agents = match (names.len(), node.combine.unwrap_or_default()) {
        (0, _) => return (node.label.clone(), None),
        (1, _) => names[0].clone(),
        (_, Combine::All) => names.join(" + "),
        (_, Combine::OneOf) => {
            let (last, rest) = names.split_last().map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            format!("{} or {last}", rest.join(", "))
        }
        (_, Combine::AnyOf) => format!("one or more of {}", names.join(", ")),
    };
    // The label alone when it already names every agent ("Dexamethasone or prednisone") and
    // says all there is: an agent's likelihood is not in the label, so it is never dropped.
    let label = node.label.to_lowercase();
    let hedged = node.agents.iter().any(|a| Likelihood::marker(a.likelihood).is_some());
    if !hedged && node.agents.iter().all(|a| label.contains(&a.name.to_lowercase())) {
        (node.label.clone(), None)
    } else {
        (node.label.clone(), Some(agents))
    }
}
