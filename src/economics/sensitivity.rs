//! One-way sensitivity, exact (`carepath sensitivity`): the chance of one outcome (or the
//! expected cost or QALYs) with each figure that has a range set to its low and to its high
//! end, every other figure at its base, per class of patients, ranked by swing.
//!
//! Nothing here solves anything: each setting of the figures is a copy of the pathway in which
//! every figured branch is exact, and the outcome engine reads the chance off it
//! ([`crate::outcomes::reach_chance`], the figure `outcomes` reports, bit for bit). Branches out of one node stay summing to 1 ([`rescaled`]). The value at
//! each setting must be one number; where a branch without a figure or an open decision on the
//! way leaves it a range, the run stops and says which ([`SensitivityError::NotOneNumber`]).
//!
//! The expected cost and QALYs are read off [`crate::outcomes::analyse_with`] the same way
//! (`sensitivity/measure.rs`); for them durations, costs and utilities are varied too.
//!
//! The renderers are in `sensitivity/render.rs` (text, JSON, CSV) and `tornado.rs` (SVG).

mod measure;
mod render;

pub(crate) use render::NOT_MEDICAL_ADVICE;
pub use render::{render_csv, render_json, render_text};

use std::collections::HashMap;

use super::parameters::{parameters, Parameter, ParameterKind};
use crate::condition::{PathwayConditions, PatientClass, Profile};
use crate::graph::PathwayGraph;
use crate::model::{NodeKind, OutcomeCategory, PathwayFile, Probability};
use crate::outcomes::{open_on_the_way, per_class, reach_chance, AnalysisOptions, Bounds, OutcomesError, MAX_CLASSES};
use crate::text::number::{number, round12};
use crate::text::words::first_few;

/// The outcome whose chance is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Ending at this terminal outcome node (index into `pathway.nodes`).
    Ending(usize),
    /// Passing through this non-terminal outcome node at least once.
    Passing(usize),
    /// Ending at a terminal outcome of this category.
    Category(OutcomeCategory),
    /// The expected cost (`--outcome cost`).
    Cost,
    /// The expected quality-adjusted life years (`--outcome qalys`).
    Qalys,
}

impl Target {
    /// The outcome `name` names: an outcome node's id (terminal: the chance of ending there;
    /// else of passing through it), or an outcome category that some terminal outcome has
    /// (the chance of ending in it). A node id is read first; `category:NAME` names the
    /// category where a node has the same id. `cost` and `qalys` name the expected cost and
    /// quality-adjusted life years, where the file has costs or utilities.
    ///
    /// # Errors
    /// [`SensitivityError::UnknownOutcome`], with the closest valid name and every valid one.
    pub fn find(pathway: &PathwayFile, name: &str) -> Result<Target, SensitivityError> {
        let flow = PathwayGraph::new(pathway);
        let outcome_nodes = || pathway.nodes.iter().enumerate().filter(|(_, n)| n.kind == NodeKind::Outcome);
        let categories: Vec<OutcomeCategory> = OutcomeCategory::ALL
            .into_iter()
            .filter(|&c| outcome_nodes().any(|(u, n)| flow.terminal[u] && n.outcome == Some(c)))
            .collect();
        let category = |name: &str| categories.iter().copied().find(|c| c.as_str() == name);
        if let Some(c) = name.strip_prefix("category:").and_then(category) {
            return Ok(Target::Category(c));
        }
        if let Some((u, _)) = outcome_nodes().find(|(_, n)| n.id == name) {
            return Ok(if flow.terminal[u] { Target::Ending(u) } else { Target::Passing(u) });
        }
        if let Some(c) = category(name) {
            return Ok(Target::Category(c));
        }
        let (has_cost, has_utility) = (pathway.has_costs(), pathway.has_utilities());
        match name {
            "cost" if has_cost => return Ok(Target::Cost),
            "qalys" if has_utility => return Ok(Target::Qalys),
            _ => {}
        }
        let nodes: Vec<String> = outcome_nodes().map(|(_, n)| n.id.clone()).collect();
        let mut categories: Vec<String> = categories.iter().map(|c| c.as_str().to_string()).collect();
        categories.extend(has_cost.then(|| "cost".to_string()));
        categories.extend(has_utility.then(|| "qalys".to_string()));
        let suggestion =
            crate::suggest::closest(name, nodes.iter().chain(&categories).map(String::as_str)).map(str::to_string);
        Err(SensitivityError::UnknownOutcome { name: name.to_string(), suggestion, nodes, categories })
    }

    /// `ending`, `passing` or `category`.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Ending(_) => "ending",
            Target::Passing(_) => "passing",
            Target::Category(_) => "category",
            Target::Cost => "cost",
            Target::Qalys => "qalys",
        }
    }

    /// Whether the value is a chance (else an expected cost or QALYs).
    pub fn is_chance(self) -> bool {
        !matches!(self, Target::Cost | Target::Qalys)
    }

    /// The node id or the category's name.
    pub fn id(self, pathway: &PathwayFile) -> &str {
        match self {
            Target::Ending(u) | Target::Passing(u) => &pathway.nodes[u].id,
            Target::Category(c) => c.as_str(),
            Target::Cost => "cost",
            Target::Qalys => "qalys",
        }
    }

    /// What the chance is of, in words: `chance of ending at cured (Cured)`, `chance of
    /// passing through relapse (Relapse)`, `chance of ending in long_term_remission`.
    pub fn words(self, pathway: &PathwayFile) -> String {
        match self {
            Target::Ending(u) => format!("chance of ending at {} ({})", pathway.nodes[u].id, pathway.nodes[u].label),
            Target::Passing(u) => {
                format!("chance of passing through {} ({})", pathway.nodes[u].id, pathway.nodes[u].label)
            }
            Target::Category(c) => format!("chance of ending in {}", c.as_str()),
            Target::Cost => "expected cost".to_string(),
            Target::Qalys => "expected quality-adjusted life years (QALYs)".to_string(),
        }
    }

    /// The nodes whose reaching the chance counts: the node, or the category's terminal
    /// outcomes.
    fn nodes(self, flow: &PathwayGraph) -> Vec<usize> {
        match self {
            Target::Ending(u) | Target::Passing(u) => vec![u],
            Target::Category(c) => {
                (0..flow.len()).filter(|&u| flow.terminal[u] && flow.pathway.nodes[u].outcome == Some(c)).collect()
            }
            Target::Cost | Target::Qalys => Vec::new(),
        }
    }
}

/// Where base values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseRule {
    /// The file's own: an exact figure, "about X", or a `base` on a range. A varied figure
    /// without one is an error.
    File,
    /// The file's own where it gives one, else the middle of the range, (low + high) / 2.
    Midpoint,
}

impl BaseRule {
    /// `file` or `midpoint`.
    pub fn as_str(self) -> &'static str {
        match self {
            BaseRule::File => "file",
            BaseRule::Midpoint => "midpoint",
        }
    }
}

/// A figure as the analysis uses it: a branch's chance, or for the expected cost or QALYs
/// also a duration, a cost or a utility.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The figure's row of the parameter table (its kind says what it is a figure of).
    pub parameter: Parameter,
    /// The value used as its base.
    pub base: f64,
    /// Whether that base is the middle of its range (`--base midpoint`, no base in the file).
    pub midpoint: bool,
    /// Whether it is varied: it has a range (low < high).
    pub varied: bool,
}

/// One varied figure's effect on the chance, for one group of patient classes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// The figure (index into [`Sensitivity::figures`]).
    pub figure: usize,
    /// The chance with the figure at its low end.
    pub at_low: f64,
    /// The chance with the figure at its high end.
    pub at_high: f64,
    /// `|at_high - at_low|`.
    pub swing: f64,
}

/// The result for classes of patients with the same table.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityGroup {
    /// The classes, as descriptions (as `outcomes` gives them).
    pub patients: Vec<String>,
    /// The same in words, each as its alternatives.
    pub patients_words: Vec<Vec<String>>,
    /// The chance with every figure at its base.
    pub base_value: f64,
    /// The varied figures that move the chance, largest swing first (ties in file order).
    pub rows: Vec<Row>,
    /// The varied figures that do not move it (indices into [`Sensitivity::figures`]), in
    /// file order.
    pub still: Vec<usize>,
}

/// Everything `carepath sensitivity` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// The outcome.
    pub target: Target,
    /// Where the base values come from.
    pub rule: BaseRule,
    /// Every figure looked at, in the parameter table's order (varied or exact): the branches'
    /// chances, and for the expected cost or QALYs the durations and the costs or utilities.
    pub figures: Vec<Figure>,
    /// The ids of the durations, which do not move a chance (empty for the cost or QALYs).
    pub durations: Vec<String>,
    /// The currency of the costs, for `--outcome cost`.
    pub currency: Option<String>,
    /// How many patient classes were analysed.
    pub classes: usize,
    /// One entry per distinct table, in class order.
    pub groups: Vec<SensitivityGroup>,
}

impl Sensitivity {
    /// The figures whose base is the middle of their range.
    pub fn midpoints(&self) -> impl Iterator<Item = &Figure> {
        self.figures.iter().filter(|f| f.midpoint)
    }

    /// The ids of every figure that does not move the chance for `group`: the varied ones
    /// that do not, then the durations.
    pub fn not_moving(&self, group: &SensitivityGroup) -> Vec<String> {
        let varied = group.still.iter().map(|&f| self.figures[f].parameter.id.clone());
        varied.chain(self.durations.iter().cloned()).collect()
    }

    /// The first line of every output: where the base values come from.
    pub fn base_rule_line(&self) -> String {
        let midpoints: Vec<String> = self.midpoints().map(|f| f.parameter.id.clone()).collect();
        match self.rule {
            BaseRule::File => "Base values: the file's own (an exact figure, \"about X\", or a range's base).".into(),
            BaseRule::Midpoint if midpoints.is_empty() => {
                "Base values: the file's own; --base midpoint was given, and every varied figure has one.".into()
            }
            BaseRule::Midpoint => format!(
                "Base values: the middle of the range (--base midpoint) for {} without one in the file: {}{}.",
                if midpoints.len() == 1 { "1 figure".to_string() } else { format!("{} figures", midpoints.len()) },
                first_few(&midpoints, MIDPOINTS_SHOWN),
                if midpoints.len() < self.figures.len() { "; the file's own for the rest" } else { "" }
            ),
        }
    }
}

/// How many figures with a midpoint base the first line names; the rest are counted.
const MIDPOINTS_SHOWN: usize = 4;

/// Why [`sensitivity`] gives no result.
#[derive(Debug, thiserror::Error)]
pub enum SensitivityError {
    /// `--outcome` names no outcome of the file.
    #[error("{}", unknown_outcome(name, suggestion.as_deref(), nodes, categories))]
    UnknownOutcome {
        /// The name given.
        name: String,
        /// The closest valid name.
        suggestion: Option<String>,
        /// The outcome nodes' ids, in file order.
        nodes: Vec<String>,
        /// The categories some terminal outcome has, in declaration order.
        categories: Vec<String>,
    },
    /// Varied figures with no base, under [`BaseRule::File`].
    #[error(
        "{} a range but no base value: {}; add one on the range, e.g. {{ \"low\": 0.8, \"high\": 0.9, \"base\": 0.85 }} \
         or {{ \"about\": [0.8, 0.9], \"base\": 0.85 }} (the bases out of one node add up to 1), \
         or pass --base midpoint to use the middle of each range{}",
        if ids.len() == 1 { "this figure has" } else { "these figures have" },
        ids.join(", "),
        if ids.iter().any(|id| id.starts_with("duration.")) { " (a duration has no base: only --base midpoint gives it one)" } else { "" }
    )]
    MissingBase {
        /// The figures' ids, in file order.
        ids: Vec<String>,
    },
    /// The base values out of one node do not add up to 1.
    #[error(
        "the base values out of `{node}` add up to {}, not 1 ({}); give these figures bases that add up to 1 \
         (`\"base\"` on each range)",
        number(*sum),
        parts.join("; ")
    )]
    BaseSum {
        /// The node's id.
        node: String,
        /// The sum.
        sum: f64,
        /// Each figure and its base, in words (`p.a.b 0.2, the middle of its range`).
        parts: Vec<String>,
    },
    /// The chance is a range, not one number, at some setting.
    #[error("{0}")]
    NotOneNumber(String),
    /// The patient classes or the analysis.
    #[error(transparent)]
    Outcomes(#[from] OutcomesError),
}

fn unknown_outcome(name: &str, suggestion: Option<&str>, nodes: &[String], categories: &[String]) -> String {
    let near = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_else(|| ".".into());
    let list = |items: &[String]| if items.is_empty() { "none".to_string() } else { items.join(", ") };
    format!(
        "--outcome `{name}` is not an outcome of this pathway{near} Outcome nodes: {}; outcome categories: {}",
        list(nodes),
        list(categories)
    )
}

/// The values of the branches out of one node when branch `varied` is set to `value`: each
/// other branch gets `base × (1 − value) / Σ base of the others`, so that they keep their
/// proportions and all still sum to 1; when the others' bases sum to 0, they share `1 − value`
/// equally. `bases` are the branches' base values.
pub fn rescaled(bases: &[f64], varied: usize, value: f64) -> Vec<f64> {
    let others = bases.len().saturating_sub(1);
    let sum: f64 = bases.iter().enumerate().filter(|&(i, _)| i != varied).map(|(_, b)| b).sum();
    let rest = (1.0 - value).max(0.0);
    bases
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if i == varied {
                value
            } else if sum > 0.0 {
                b * rest / sum
            } else {
                rest / others as f64
            }
        })
        .collect()
}

/// Two values count as one number when they differ by no more than this.
const ONE_NUMBER: f64 = 1e-9;

/// Bases out of one node may miss 1 by this much (as the validator's CP052 allows).
const SUM_TOLERANCE: f64 = 1e-9;

/// One-way sensitivity of `target`'s chance for each class of patients `profile` leaves open.
///
/// # Errors
/// [`SensitivityError::MissingBase`] under [`BaseRule::File`] where a varied figure has no
/// base; [`SensitivityError::BaseSum`] where the bases out of a node do not add up to 1 (a
/// midpoint beside other bases); [`SensitivityError::NotOneNumber`] where the chance is not one
/// number at some setting; [`SensitivityError::Outcomes`] past [`MAX_CLASSES`] classes or
/// without a single start.
///
/// Complexity: (2 F + 1) settings, F the varied figures, each one O(V + E) graph and one
/// [`reach_chance`] per class, spread over the cores.
pub fn sensitivity(
    pathway: &PathwayFile,
    conditions: &PathwayConditions,
    profile: &Profile,
    target: Target,
    rule: BaseRule,
    options: &AnalysisOptions,
) -> Result<Sensitivity, SensitivityError> {
    let (figures, durations) = figures_of(pathway, rule, target)?;
    let siblings = siblings_of(pathway, &figures)?;
    let classes = conditions.patient_classes(profile, MAX_CLASSES).map_err(OutcomesError::from)?;
    let mut work = pathway.clone();
    let bases: Vec<f64> = figures.iter().map(|f| f.base).collect();
    let mut run = |values: &[f64], setting: Option<(usize, f64)>| -> Result<Vec<f64>, SensitivityError> {
        for (f, &v) in figures.iter().zip(values) {
            set(&mut work, f.parameter.kind, v);
        }
        let setting = setting.map(|(f, v)| (figures[f].parameter.id.as_str(), v));
        if target.is_chance() {
            chances(&work, conditions, &classes, target, setting)
        } else {
            measure::values(&work, conditions, &classes, target, options, setting)
        }
    };
    let base = run(&bases, None)?;
    let mut ends: Vec<(usize, Vec<f64>, Vec<f64>)> = Vec::new();
    for (k, f) in figures.iter().enumerate().filter(|(_, f)| f.varied) {
        let mut at = |value: f64| {
            let mut values = bases.clone();
            let group = &siblings[k];
            let position = group.iter().position(|&g| g == k).unwrap_or_default();
            let group_bases: Vec<f64> = group.iter().map(|&g| bases[g]).collect();
            for (&g, v) in group.iter().zip(rescaled(&group_bases, position, value)) {
                values[g] = v;
            }
            run(&values, Some((k, value)))
        };
        let low = at(f.parameter.low)?;
        let high = at(f.parameter.high)?;
        ends.push((k, low, high));
    }
    let mut groups: Vec<SensitivityGroup> = Vec::new();
    let mut group_of: HashMap<Vec<u64>, usize> = HashMap::new();
    for (i, class) in classes.iter().enumerate() {
        let base_value = base[i];
        let mut rows = Vec::new();
        let mut still = Vec::new();
        for (k, low, high) in &ends {
            let (at_low, at_high) = (low[i], high[i]);
            let moves = !one_number(at_low, base_value) || !one_number(at_high, base_value);
            if moves {
                rows.push(Row { figure: *k, at_low, at_high, swing: round12((at_high - at_low).abs()) });
            } else {
                still.push(*k);
            }
        }
        // Largest swing first; ties (to 12 decimals) in file order: the sort is stable.
        rows.sort_by(|a, b| b.swing.total_cmp(&a.swing));
        let mut key = vec![base_value.to_bits()];
        for r in &rows {
            key.extend([r.figure as u64, r.at_low.to_bits(), r.at_high.to_bits()]);
        }
        key.push(u64::MAX);
        key.extend(still.iter().map(|&k| k as u64));
        let g = *group_of.entry(key).or_insert_with(|| {
            groups.push(SensitivityGroup { patients: Vec::new(), patients_words: Vec::new(), base_value, rows, still });
            groups.len() - 1
        });
        groups[g].patients.push(class.description.clone());
        groups[g].patients_words.push(class.words.clone());
    }
    let currency = pathway.currency().map(str::to_string);
    Ok(Sensitivity { target, rule, figures, durations, currency, classes: classes.len(), groups })
}

/// Sets one figure of `work` to `value`, exactly: a branch's chance, a step's length (in its
/// unit), a cost or a utility.
fn set(work: &mut PathwayFile, kind: ParameterKind, value: f64) {
    match kind {
        ParameterKind::Probability { edge } => work.edges[edge].probability = Some(Probability::exact(value).into()),
        ParameterKind::Duration { node } => {
            if let Some(d) = &mut work.nodes[node].duration {
                (d.min, d.max) = (value, value);
            }
        }
        ParameterKind::Cost { node } => {
            if let Some(c) = &mut work.nodes[node].cost {
                (c.low, c.high, c.base) = (value, value, None);
            }
        }
        ParameterKind::Utility { node } => {
            if let Some(u) = &mut work.nodes[node].utility {
                (u.low, u.high, u.base) = (value, value, None);
            }
        }
    }
}

/// Whether two values count as one number: within [`ONE_NUMBER`] of each other, relative to
/// the larger of 1 and `b` (a cost runs to thousands).
fn one_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= ONE_NUMBER * b.abs().max(1.0)
}

/// Every figure that may move `target`, with the base it is given, and the durations' ids
/// where they do not: a chance moves with branches' chances only; the expected cost with
/// those, the durations and the costs; the QALYs with those, the durations and the utilities.
fn figures_of(
    pathway: &PathwayFile,
    rule: BaseRule,
    target: Target,
) -> Result<(Vec<Figure>, Vec<String>), SensitivityError> {
    let (mut figures, mut durations, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    for parameter in parameters(pathway) {
        match (parameter.kind, target) {
            (ParameterKind::Probability { .. }, _)
            | (ParameterKind::Duration { .. }, Target::Cost | Target::Qalys)
            | (ParameterKind::Cost { .. }, Target::Cost)
            | (ParameterKind::Utility { .. }, Target::Qalys) => {}
            (ParameterKind::Duration { .. }, _) => {
                durations.push(parameter.id);
                continue;
            }
            _ => continue,
        }
        let varied = parameter.low < parameter.high;
        let (base, midpoint) = match parameter.base {
            Some(base) => (base, false),
            None if !varied => (parameter.low, false),
            None if rule == BaseRule::Midpoint => (round12((parameter.low + parameter.high) / 2.0), true),
            None => {
                missing.push(parameter.id.clone());
                (f64::NAN, false)
            }
        };
        figures.push(Figure { parameter, base, midpoint, varied });
    }
    if !missing.is_empty() {
        return Err(SensitivityError::MissingBase { ids: missing });
    }
    Ok((figures, durations))
}

/// For each figure, the figures of the branches out of the same node (itself among them), in
/// file order; checks that their bases add up to 1 where the node is a chance node.
fn siblings_of(pathway: &PathwayFile, figures: &[Figure]) -> Result<Vec<Vec<usize>>, SensitivityError> {
    let flow = PathwayGraph::new(pathway);
    let mut by_node: HashMap<&str, Vec<usize>> = HashMap::new();
    let edge = |f: &Figure| match f.parameter.kind {
        ParameterKind::Probability { edge } => Some(edge),
        _ => None,
    };
    for (k, f) in figures.iter().enumerate() {
        if let Some(e) = edge(f) {
            by_node.entry(pathway.edges[e].from.as_str()).or_default().push(k);
        }
    }
    // A branch's siblings are the branches out of its node; any other figure stands alone.
    let mut siblings: Vec<Vec<usize>> = (0..figures.len()).map(|k| vec![k]).collect();
    for (k, f) in figures.iter().enumerate() {
        if let Some(e) = edge(f) {
            siblings[k] = by_node.get(pathway.edges[e].from.as_str()).cloned().unwrap_or_default();
        }
    }
    // Checked in file order of the nodes, so the first error is the same on every run.
    for (_, node) in pathway.nodes.iter().enumerate().filter(|&(u, _)| flow.chance[u]) {
        let Some(group) = by_node.get(node.id.as_str()).filter(|g| g.len() > 1) else { continue };
        let sum: f64 = group.iter().map(|&k| figures[k].base).sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            let parts = group
                .iter()
                .map(|&k| {
                    let f = &figures[k];
                    let how = if f.midpoint { ", the middle of its range" } else { "" };
                    format!("{} {}{how}", f.parameter.id, number(f.base))
                })
                .collect();
            return Err(SensitivityError::BaseSum { node: node.id.clone(), sum, parts });
        }
    }
    Ok(siblings)
}

/// The chance of `target` for each class on `work` (every figured branch exact), one number
/// each; `setting` names the figure set away from its base, for the error.
fn chances(
    work: &PathwayFile,
    conditions: &PathwayConditions,
    classes: &[PatientClass],
    target: Target,
    setting: Option<(&str, f64)>,
) -> Result<Vec<f64>, SensitivityError> {
    let flow = PathwayGraph::new(work);
    let nodes = target.nodes(&flow);
    let results = per_class(classes, |class| {
        let resolve = |e: usize| conditions.edge_status(e, &class.profile);
        reach_chance(&flow, &resolve, &nodes)
    })?;
    let mut values = Vec::with_capacity(classes.len());
    for (class, result) in classes.iter().zip(results) {
        let b = result.ok_or(OutcomesError::NoSingleStart)?;
        if (b.high - b.low).abs() > ONE_NUMBER {
            return Err(not_one_number(&flow, conditions, class, target, b, setting));
        }
        values.push(round12((b.low + b.high) / 2.0));
    }
    Ok(values)
}

/// Shown of a list of edges or decisions before "and N more".
const OPEN_SHOWN: usize = 4;

/// The error for a chance that is a range: what on the way leaves it open.
fn not_one_number(
    flow: &PathwayGraph,
    conditions: &PathwayConditions,
    class: &PatientClass,
    target: Target,
    bounds: Bounds,
    setting: Option<(&str, f64)>,
) -> SensitivityError {
    let pathway = flow.pathway;
    let resolve = |e: usize| conditions.edge_status(e, &class.profile);
    let open = open_on_the_way(flow, &resolve, &target.nodes(flow)).unwrap_or_default();
    let at = match setting {
        None => "at the base figures".to_string(),
        Some((id, v)) => format!("with {id} at {} and the other figures at their base", number(v)),
    };
    let mut text = format!(
        "the {} is not one number {at} (it lies between {} and {}) for patients {}",
        target.words(pathway),
        number(bounds.low),
        number(bounds.high),
        class.words.join("; or ")
    );
    let mut fixes = Vec::new();
    if !open.figureless.is_empty() {
        let edges: Vec<String> =
            open.figureless.iter().map(|&e| format!("{} → {}", pathway.edges[e].from, pathway.edges[e].to)).collect();
        text.push_str(&format!(": branches with no figure lie on the way ({})", first_few(&edges, OPEN_SHOWN)));
        fixes.push("give them figures");
    }
    if !open.decisions.is_empty() {
        let ids: Vec<String> = open.decisions.iter().map(|&u| pathway.nodes[u].id.clone()).collect();
        let lead = if open.figureless.is_empty() { ": " } else { "; " };
        text.push_str(&format!(
            "{lead}decisions left open lie on the way ({}: no branch fixed for these patients, or a choice of several)",
            first_few(&ids, OPEN_SHOWN)
        ));
    }
    fixes.push("narrow --patient");
    text.push_str(&format!("; {}", fixes.join(" or ")));
    SensitivityError::NotOneNumber(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_others_keep_their_proportions_and_the_sum_stays_one() {
        let got = rescaled(&[0.5, 0.3, 0.2], 0, 0.6);
        let want = [0.6, 0.3 * 0.4 / 0.5, 0.2 * 0.4 / 0.5];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-15, "{got:?}");
        }
        assert!((got[1] - 0.24).abs() < 1e-12 && (got[2] - 0.16).abs() < 1e-12, "{got:?}");
        assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn others_of_base_zero_share_the_rest_equally() {
        assert_eq!(rescaled(&[1.0, 0.0, 0.0], 0, 0.6), vec![0.6, 0.2, 0.2]);
        assert_eq!(rescaled(&[0.4, 0.6], 1, 1.0), vec![0.0, 1.0]);
    }
}
