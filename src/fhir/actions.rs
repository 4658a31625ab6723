//! The actions of the steps' PlanDefinition: one per step of the flow (file order), what
//! follows each (`relatedAction` `after-end` on the step that follows; a decision's or a
//! chance's branches as child actions chosen by `selectionBehavior`), a phase's components
//! and option sets, an intervention's agents, and the goals of the outcomes treatment aims at.

use std::collections::{BTreeMap, BTreeSet};

use super::resources::{Action, ActionCondition, CodeableConcept, Coding, Expression, Extension, Goal, RelatedAction};
use super::{Activities, Context};
use crate::model::{Choice, Choose, Combine, Edge, Likelihood, Node, NodeKind, OutcomeCategory};

/// The CPG common process code system.
const PROCESS: &str = "http://hl7.org/fhir/uv/cpg/CodeSystem/cpg-common-process";

/// A code of the CPG common processes.
pub(super) fn process(code: &str, display: &str) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding { system: PROCESS.into(), code: code.into(), display: Some(display.into()) }],
        text: None,
    }
}

/// A node's description, then its note ("interpretation: ..."), or its label alone.
pub(super) fn description(node: &Node) -> Option<String> {
    let parts: Vec<&str> = [node.description.as_deref(), node.note.as_deref()].into_iter().flatten().collect();
    Some(if parts.is_empty() { node.label.clone() } else { parts.join("\n\n") })
}

/// The outcomes treatment aims at, which become goals: remission, long-term remission and
/// comfort-focused care. Partial remission, refractory disease and relapse are states the
/// pathway goes through, not aims.
fn is_goal(category: Option<OutcomeCategory>) -> bool {
    matches!(
        category,
        Some(OutcomeCategory::Remission | OutcomeCategory::LongTermRemission | OutcomeCategory::Palliative)
    )
}

/// The id of each edge's branch action (`from->to`, `-2`... for a repeated pair).
fn branch_ids(edges: &[Edge]) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    edges
        .iter()
        .map(|e| {
            let base = format!("{}->{}", e.from, e.to);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}-{n}")
            }
        })
        .collect()
}

/// Whether the one `next` edge out of a node is a plain "then": no condition, figure or hedge.
fn plain_then(edge: &Edge) -> bool {
    edge.when.is_none() && edge.probability.is_none() && edge.likelihood.is_none()
}

/// Action and goal ids as FHIR `id`s (`[A-Za-z0-9.-]{1,64}`, which `relatedAction.actionId`
/// and `goalId` must be), made by [`super::unique_id`] from the file's
/// (`induction_intensity->induction_reduced` → `induction-intensity--induction-reduced`).
#[derive(Default)]
struct Ids {
    used: BTreeSet<String>,
    of: BTreeMap<String, String>,
}

impl Ids {
    /// A new id for `raw`, remembered as `raw`'s (the first one) for references.
    fn assign(&mut self, raw: &str) -> String {
        let id = super::unique_id(&mut self.used, raw);
        self.of.entry(raw.to_string()).or_insert_with(|| id.clone());
        id
    }

    /// The id assigned to `raw`, or a new one.
    fn of(&mut self, raw: &str) -> String {
        match self.of.get(raw) {
            Some(id) => id.clone(),
            None => self.assign(raw),
        }
    }

    /// Renames every action below `actions` and every reference to an action or a goal.
    /// Pre-assigned ids (steps, branches, goals) keep theirs; the rest are assigned in
    /// document order, so the same file gives the same ids.
    fn rename(&mut self, actions: &mut [Action], referenced: &BTreeSet<String>) {
        for a in actions {
            a.id = if referenced.contains(&a.id) { self.of(&a.id) } else { self.assign(&a.id) };
            for r in &mut a.related_action {
                r.action_id = self.of(&r.action_id);
            }
            for g in &mut a.goal_id {
                *g = self.of(g);
            }
            self.rename(&mut a.action, referenced);
        }
    }
}

/// The goals and the top-level actions of the steps' PlanDefinition, with FHIR ids.
pub(super) fn steps(cx: &Context<'_>, library: &str, activities: &Activities) -> (Vec<Goal>, Vec<Action>) {
    let (mut goals, mut actions) = raw_steps(cx, library, activities);
    let mut ids = Ids::default();
    let mut referenced = BTreeSet::new();
    for raw in actions
        .iter()
        .map(|a| a.id.clone())
        .chain(branch_ids(&cx.pathway.edges))
        .chain(goals.iter().map(|g| g.id.clone()))
    {
        ids.of(&raw);
        referenced.insert(raw);
    }
    for g in &mut goals {
        g.id = ids.of(&g.id);
    }
    ids.rename(&mut actions, &referenced);
    (goals, actions)
}

/// The goals and the top-level actions, with the file's ids.
fn raw_steps(cx: &Context<'_>, library: &str, activities: &Activities) -> (Vec<Goal>, Vec<Action>) {
    let pathway = cx.pathway;
    let flow = &cx.flow;
    let edges = &pathway.edges;
    let branch_id = branch_ids(edges);
    // Each node's `next` edges in, as the flow graph has them out.
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); flow.len()];
    for out in &flow.out {
        for &(edge, to) in out {
            into[to].push(edge);
        }
    }
    for list in &mut into {
        list.sort_unstable();
    }
    // The action each `next` edge's target starts after: the source step itself when the edge
    // is its one plain way on out of a step that is not a decision, else the edge's branch action.
    let after = |i: usize| -> String {
        let e = &edges[i];
        let plain_step = flow
            .node_index(&e.from)
            .is_some_and(|from| flow.out[from].len() == 1 && pathway.nodes[from].kind != NodeKind::Decision);
        if plain_step && plain_then(e) {
            e.from.clone()
        } else {
            branch_id[i].clone()
        }
    };

    let mut goals = Vec::new();
    let mut actions = Vec::new();
    for (k, node) in pathway.nodes.iter().enumerate() {
        // A step of the flow: every node but an intervention that only a phase includes.
        let next: Vec<usize> = flow.out.get(k).map_or_else(Vec::new, |out| out.iter().map(|&(e, _)| e).collect());
        let incoming = into.get(k).map_or(&[][..], Vec::as_slice);
        if node.kind == NodeKind::Intervention && next.is_empty() && incoming.is_empty() {
            continue;
        }
        let mut action = Action {
            id: node.id.clone(),
            title: node.label.clone(),
            description: description(node),
            code: vec![match node.kind {
                NodeKind::Start => process("determine-diagnosis", "Determine Diagnosis"),
                NodeKind::Outcome => process("monitor-and-follow-up-of-patient", "Monitor and Follow-up of Patient"),
                _ => process("guideline-based-care", "Guideline-based Care"),
            }],
            documentation: node.sources.iter().map(|c| cx.citation(c)).collect(),
            timing_timing: node.duration.as_ref().map(|d| super::timing(cx, d)),
            ..Default::default()
        };
        if node.kind == NodeKind::Outcome {
            let category = node.outcome.map(|c| {
                let mut e = Extension::new(cx.extension("outcome-category"));
                e.value_code = Some(c.as_str().to_string());
                e
            });
            action.extension.extend(category.clone());
            if is_goal(node.outcome) {
                let goal_id = format!("goal-{}", node.id);
                goals.push(Goal {
                    extension: category.into_iter().collect(),
                    id: goal_id.clone(),
                    description: CodeableConcept {
                        coding: super::codings(&node.codes),
                        text: Some(node.label.clone()),
                    },
                    documentation: node.sources.iter().map(|c| cx.citation(c)).collect(),
                });
                action.goal_id.push(goal_id);
            }
        }
        if node.kind != NodeKind::Intervention {
            // An intervention's codes are on its ActivityDefinition; the one `code` a step of the
            // strategy profile has is its CPG process.
            for coding in super::codings(&node.codes) {
                let mut e = Extension::new(cx.extension("code"));
                e.value_coding = Some(coding);
                action.extension.push(e);
            }
        }
        for &i in incoming {
            action.related_action.push(RelatedAction { action_id: after(i), relationship: "after-end" });
        }
        if node.kind == NodeKind::Intervention {
            action.action.push(component(cx, node, &format!("{}.intervention", node.id), activities));
        }
        let list: Vec<usize> = flow.includes.get(k).map_or_else(Vec::new, |inc| inc.iter().map(|&(e, _)| e).collect());
        if !list.is_empty() {
            action.selection_behavior = Some("all");
            action.action.extend(components(cx, node, &list, library, activities));
        }
        if node.kind == NodeKind::Decision {
            action.selection_behavior = Some(match node.choice.unwrap_or_default() {
                Choice::Single => "exactly-one",
                Choice::Multiple => "one-or-more",
            });
            action.action.extend(next.iter().map(|&i| branch(cx, i, &branch_id[i], library)));
        } else if next.len() > 1 || next.first().is_some_and(|&i| !plain_then(&edges[i])) {
            let group = Action {
                id: format!("{}.next", node.id),
                title: format!("After {}", node.label),
                description: Some(format!("What follows {}: one of these.", node.label)),
                selection_behavior: Some("exactly-one"),
                action: next.iter().map(|&i| branch(cx, i, &branch_id[i], library)).collect(),
                ..Default::default()
            };
            if action.selection_behavior.is_none() {
                action.selection_behavior = Some("all");
            }
            action.action.push(group);
        }
        actions.push(action);
    }
    (goals, actions)
}

/// A hedge in the source's words, as an extension.
fn likelihood(cx: &Context<'_>, likelihood: Option<Likelihood>) -> Option<Extension> {
    let l = likelihood.filter(|&l| l != Likelihood::Always)?;
    let mut e = Extension::new(cx.extension("likelihood"));
    e.value_code = Some(l.as_str().into());
    Some(e)
}

/// The applicability condition of an edge with a `when`.
fn applicability(cx: &Context<'_>, edge: usize, library: &str) -> Option<ActionCondition> {
    let name = cx.library.define_of(edge)?;
    let when = cx.pathway.edges[edge].when.as_deref().unwrap_or_default();
    Some(ActionCondition {
        kind: "applicability",
        expression: Expression {
            description: Some(format!("carepath: {when}")),
            language: "text/cql-identifier",
            expression: name.to_string(),
            reference: library.to_string(),
        },
    })
}

/// One branch of a decision or a chance: its condition, figure and hedge. The step it leads
/// to starts after it.
fn branch(cx: &Context<'_>, i: usize, id: &str, library: &str) -> Action {
    let edge = &cx.pathway.edges[i];
    let target = cx.node(&edge.to);
    let to = target.map_or(edge.to.as_str(), |n| n.label.as_str());
    let mut action = Action {
        id: id.to_string(),
        title: edge.label.clone().unwrap_or_else(|| format!("To {to}")),
        description: Some(match (&edge.label, &edge.note) {
            (_, Some(note)) => format!("Then {to}. {note}"),
            _ => format!("Then {to}."),
        }),
        documentation: edge.sources.iter().map(|c| cx.citation(c)).collect(),
        condition: applicability(cx, i, library).into_iter().collect(),
        ..Default::default()
    };
    if let Some(p) = &edge.probability {
        let mut e = Extension::new(cx.extension("probability"));
        let mut part = |name: &str, x: f64| {
            let mut sub = Extension::new(name);
            sub.value_decimal = Some(Context::decimal(x));
            e.extension.push(sub);
        };
        part("low", p.low);
        part("high", p.high);
        if let Some(base) = p.base {
            part("base", base);
        }
        let mut stated = Extension::new("stated");
        stated.value_string = Some(crate::text::number::percent_range(p));
        e.extension.push(stated);
        action.extension.push(e);
    }
    action.extension.extend(likelihood(cx, edge.likelihood));
    action
}

/// A phase's components in file order, an option set's members together where its first
/// member stands, and the components the source hedges together in one `any` group at the end:
/// the phase takes all of its children (a `when` is its child's applicability condition).
fn components(cx: &Context<'_>, phase: &Node, list: &[usize], library: &str, activities: &Activities) -> Vec<Action> {
    let edges = &cx.pathway.edges;
    let mut children = Vec::new();
    let mut hedged = Vec::new();
    let mut sets_done = BTreeSet::new();
    for &i in list {
        let edge = &edges[i];
        let one = |i: usize| -> Option<Action> {
            let e = &edges[i];
            let node = cx.node(&e.to)?;
            let mut action = component(cx, node, &format!("{}.{}", phase.id, node.id), activities);
            action.condition.extend(applicability(cx, i, library));
            action.extension.extend(likelihood(cx, e.likelihood));
            action.documentation.extend(e.sources.iter().map(|c| cx.citation(c)));
            Some(action)
        };
        match edge.option_set.as_deref() {
            None if edge.likelihood.unwrap_or_default() != Likelihood::Always => hedged.extend(one(i)),
            None => children.extend(one(i)),
            Some(set_id) if sets_done.insert(set_id) => {
                let set = phase.option_sets.iter().find(|s| s.id == set_id);
                let members: Vec<Action> = list
                    .iter()
                    .filter(|&&j| edges[j].option_set.as_deref() == Some(set_id))
                    .filter_map(|&j| one(j))
                    .collect();
                let mut mark = Extension::new(cx.extension("option-set"));
                mark.value_code = Some(set_id.to_string());
                children.push(Action {
                    extension: vec![mark],
                    id: format!("{}.{}", phase.id, set_id),
                    title: set.map_or_else(|| set_id.to_string(), |s| s.label.clone()),
                    description: Some(match set.map(|s| (s.choose, s.note.as_deref())) {
                        Some((Choose::One, note)) => with_note("One of these.", note),
                        Some((Choose::OneOrMore, note)) => with_note("One or more of these.", note),
                        None => "Options.".into(),
                    }),
                    documentation: set.map(|s| s.sources.iter().map(|c| cx.citation(c)).collect()).unwrap_or_default(),
                    selection_behavior: Some(match set.map(|s| s.choose) {
                        Some(Choose::One) => "exactly-one",
                        _ => "one-or-more",
                    }),
                    action: members,
                    ..Default::default()
                });
            }
            Some(_) => {}
        }
    }
    if !hedged.is_empty() {
        children.push(Action {
            id: format!("{}.hedged", phase.id),
            title: format!("{}: components the source hedges", phase.label),
            description: Some(
                "Components the source hedges (\u{201c}usually\u{201d}, \u{201c}often\u{201d}, \u{201c}may\u{201d}): \
                 each may or may not be given; its likelihood is marked."
                    .into(),
            ),
            selection_behavior: Some("any"),
            action: hedged,
            ..Default::default()
        });
    }
    children
}

fn with_note(text: &str, note: Option<&str>) -> String {
    note.map_or_else(|| text.to_string(), |n| format!("{text} {n}"))
}

/// An intervention as an action that carries out its ActivityDefinition (which holds its
/// description and sources); with two or more agents, a group of one child action per agent,
/// each carrying out the agent's ActivityDefinition, chosen as the intervention combines them
/// (the group itself orders nothing, so applying it orders each drug once).
fn component(cx: &Context<'_>, node: &Node, id: &str, activities: &Activities) -> Action {
    let (url, agents) = activities.of(&node.id).unwrap_or((None, &[]));
    let mut action = Action {
        id: id.to_string(),
        title: node.label.clone(),
        definition_canonical: url.map(str::to_string),
        timing_timing: node.duration.as_ref().map(|d| super::timing(cx, d)),
        ..Default::default()
    };
    if !agents.is_empty() {
        action.selection_behavior = Some(match node.combine.unwrap_or_default() {
            Combine::All => "all",
            Combine::OneOf => "exactly-one",
            Combine::AnyOf => "one-or-more",
        });
        for (agent, agent_url) in node.agents.iter().zip(agents) {
            let mut child = Action {
                id: format!("{id}.{}", agent.name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")),
                title: agent.name.clone(),
                definition_canonical: Some(agent_url.clone()),
                ..Default::default()
            };
            child.extension.extend(likelihood(cx, agent.likelihood));
            action.action.push(child);
        }
    }
    action
}
