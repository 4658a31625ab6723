//! Probabilistic sensitivity analysis (`carepath psa`): every figure that declares a
//! distribution is drawn in each of N seeded samples, every other figure stays at its base,
//! and each outcome's chance and the expected time on treatment are worked out per sample and
//! per class of patients, then summarised (mean, standard deviation, 2.5th, 50th and 97.5th
//! percentiles).
//!
//! - **Which figures vary.** A branch's chance with a `beta` or `uniform` distribution is
//!   drawn, and the other branches out of its node are rescaled in proportion to their bases
//!   (as `carepath sensitivity` does, [`super::rescaled`]), so they keep summing to 1; with one
//!   other branch, it is simply the rest. A node whose branches all declare `dirichlet` draws
//!   them together. A duration with a `gamma`, `lognormal` or `uniform` distribution is drawn
//!   in its unit. Every other figure is at its base in every sample: the file's own, or the
//!   middle of its range under `--base midpoint`.
//! - **Seeded and bit-identical.** Sample `i` draws from its own generator
//!   ([`sample::Rng::for_sample`]), so the result is the same on any machine and any number of
//!   threads; samples are spread over the cores with rayon and summed in sample order.
//! - **One pass per sample.** Each class's walk is one absorbing Markov chain
//!   (`psa/chain.rs`), built once; a sample is one pass over it (a dense solve per cycle), and
//!   gives every outcome at once. A non-terminal outcome on a cycle costs one more pass (the
//!   chance of ever reaching it).
//!
//! The results are percentiles of the declared distributions, never bounds: `carepath
//! outcomes` gives the exact bounds over the figures' ranges. Renderers: `psa/render.rs` (text,
//! JSON, CSV, the samples' CSV) and `psa/histogram.rs` (SVG).

mod chain;
mod histogram;
mod render;
pub mod sample;
mod worth;

pub use histogram::render_svg;
pub use render::{render_csv, render_json, render_samples_csv, render_text};

use std::collections::HashMap;

use rayon::prelude::*;

use super::parameters::{distribution_text, parameters, Parameter, ParameterKind};
use super::sensitivity::{rescaled, BaseRule, SensitivityError};
use crate::condition::{PathwayConditions, Profile};
use crate::graph::PathwayGraph;
use crate::model::{NodeKind, OutcomeCategory, PathwayFile, Resolved};
use crate::outcomes::{OutcomesError, MAX_CLASSES};
use crate::text::number::round12;
use crate::text::words::first_few;
use chain::{Chain, Open};
use sample::Rng;
use worth::{Measure, Term};

/// The most samples a run takes (10 million: the samples' table would pass a gigabyte).
pub const MAX_SAMPLES: usize = 10_000_000;

/// How a figure gets its value in a sample.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// Drawn from its own distribution.
    Drawn(Resolved),
    /// One branch of a Dirichlet set drawn together (the set's figures, by index).
    Dirichlet(Resolved, Vec<usize>),
    /// Rescaled to keep its node's sum 1, after figure `drawn` of the same node.
    Rescaled {
        /// The drawn branch's figure.
        drawn: usize,
    },
    /// At its base in every sample (`None`: a duration with a range and no base).
    Base(Option<f64>),
}

/// A figure of the run: its parameter row and its role.
#[derive(Debug, Clone, PartialEq)]
pub struct PsaFigure {
    /// The figure's row of the parameter table.
    pub parameter: Parameter,
    /// How its value is set.
    pub role: Role,
    /// The declared distribution in words (`beta(40.8, 7.2), from the range`), where drawn.
    pub distribution: Option<String>,
    /// Whether its base is the middle of its range (`--base midpoint`).
    pub midpoint: bool,
}

impl PsaFigure {
    /// Whether it takes other values than one: drawn, in a Dirichlet set, or rescaled.
    pub fn varies(&self) -> bool {
        !matches!(self.role, Role::Base(_))
    }
}

/// What a reported figure is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// The chance of ending at this terminal outcome node.
    Ending(usize),
    /// The chance of ending at a terminal outcome of this category.
    Category(OutcomeCategory),
    /// The chance of passing through this non-terminal outcome node.
    Passing(usize),
    /// The chance that the walk stops where no branch applies.
    NoOutcome,
    /// The expected time on treatment, in months.
    Months,
    /// The expected cost, in the file's currency.
    Cost,
    /// The expected quality-adjusted life years.
    Qalys,
}

impl Quantity {
    /// The column name of the samples' table and the JSON's key: `ending:ID`, `category:NAME`,
    /// `passing:ID`, `no_outcome`, `months`.
    pub fn key(self, pathway: &PathwayFile) -> String {
        match self {
            Quantity::Ending(u) => format!("ending:{}", pathway.nodes[u].id),
            Quantity::Category(c) => format!("category:{}", c.as_str()),
            Quantity::Passing(u) => format!("passing:{}", pathway.nodes[u].id),
            Quantity::NoOutcome => "no_outcome".into(),
            Quantity::Months => "months".into(),
            Quantity::Cost => "cost".into(),
            Quantity::Qalys => "qalys".into(),
        }
    }

    /// In words: `chance of ending at cured (Cured)`, `expected time on treatment (months)`.
    pub fn words(self, pathway: &PathwayFile) -> String {
        let node = |u: usize| format!("{} ({})", pathway.nodes[u].id, pathway.nodes[u].label);
        match self {
            Quantity::Ending(u) => format!("chance of ending at {}", node(u)),
            Quantity::Category(c) => format!("chance of ending in {}", c.as_str()),
            Quantity::Passing(u) => format!("chance of passing through {}", node(u)),
            Quantity::NoOutcome => "chance of stopping where no branch applies".into(),
            Quantity::Months => "expected time on treatment (months)".into(),
            Quantity::Cost => {
                format!("expected cost ({})", pathway.currency().unwrap_or("no currency"))
            }
            Quantity::Qalys => "expected quality-adjusted life years (QALYs)".into(),
        }
    }

    /// Whether it is a chance (else a time, a cost or QALYs).
    pub fn is_chance(self) -> bool {
        !matches!(self, Quantity::Months | Quantity::Cost | Quantity::Qalys)
    }
}

/// A summary of one quantity's samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// What it is of.
    pub quantity: Quantity,
    /// The mean, summed in sample order.
    pub mean: f64,
    /// The sample standard deviation (n − 1).
    pub sd: f64,
    /// The 2.5th percentile.
    pub p025: f64,
    /// The median.
    pub median: f64,
    /// The 97.5th percentile.
    pub p975: f64,
}

/// The result for classes of patients with the same chain, and so the same samples.
#[derive(Debug, Clone, PartialEq)]
pub struct PsaGroup {
    /// The classes, as descriptions.
    pub patients: Vec<String>,
    /// The same in words, each as its alternatives.
    pub patients_words: Vec<Vec<String>>,
    /// One summary per quantity, in report order.
    pub summaries: Vec<Summary>,
    /// Every sample of every quantity: `samples[q][i]`.
    pub samples: Vec<Vec<f64>>,
    /// Why the time on treatment is not reported, where it is not.
    pub no_time: Option<String>,
    /// Why the expected cost is not reported, where the file has costs and it is not.
    pub no_cost: Option<String>,
    /// Why the expected QALYs are not reported, where the file has utilities and they are not.
    pub no_qalys: Option<String>,
}

/// Everything `carepath psa` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Psa {
    /// How many samples.
    pub samples: usize,
    /// The seed.
    pub seed: u64,
    /// Where the base values come from.
    pub rule: BaseRule,
    /// Every figure of the file, in parameter-table order.
    pub figures: Vec<PsaFigure>,
    /// Every figure's value in every sample: `values[f][i]` (durations in their own unit).
    pub values: Vec<Vec<f64>>,
    /// How many patient classes were analysed.
    pub classes: usize,
    /// One entry per distinct result, in class order.
    pub groups: Vec<PsaGroup>,
}

/// Why [`psa`] gives no result.
#[derive(Debug, thiserror::Error)]
pub enum PsaError {
    /// No figure declares a distribution.
    #[error(
        "no figure of this pathway declares a distribution, so every sample would be the same; add one to a \
         branch's chance, e.g. {{ \"about\": [0.8, 0.9], \"distribution\": {{ \"kind\": \"beta\", \"from\": \"range\" }} }}, \
         or to a duration, e.g. {{ \"min\": 2, \"max\": 4, \"unit\": \"months\", \"distribution\": {{ \"kind\": \"gamma\", \
         \"from\": \"range\" }} }}, a cost (gamma, lognormal, uniform) or a utility (beta, uniform) \
         (docs/health-economics.md)"
    )]
    NothingDrawn,
    /// `--samples` out of range.
    #[error("--samples {0} is not between 2 and 10,000,000")]
    Samples(usize),
    /// A figure needs a base, the bases of a node do not add up, an outcome is unknown, or the
    /// classes cannot be worked out.
    #[error(transparent)]
    Setup(#[from] SensitivityError),
    /// A class's walk is not one number per sample.
    #[error(
        "for patients {patients}, {what}; every sample must give one number, so give it a figure or narrow --patient"
    )]
    Open {
        /// The class, in words.
        patients: String,
        /// What is open, in words.
        what: String,
    },
    /// A cycle's system is singular.
    #[error("for patients {0}, the walk may loop forever at sample {1}: some cycle has no way out with these figures")]
    Loops(String, usize),
}

/// Shown of a list of figures before "and N more".
pub(crate) const SHOWN: usize = 4;

/// Runs `samples` seeded samples for every class of patients `profile` leaves open.
///
/// # Errors
/// [`PsaError::NothingDrawn`] without a declared distribution; [`PsaError::Setup`] where an
/// undrawn branch has no base (see [`BaseRule`]) or a node's bases do not add up to 1;
/// [`PsaError::Open`] where a class meets an open decision or a branch with no figure.
///
/// Complexity: O(N · (F + C · (R + E_R + Σ k³))) for N samples, F figures, C classes with
/// distinct chains, R reached nodes and cycles of k nodes; spread over the cores.
pub fn psa(
    pathway: &PathwayFile,
    conditions: &PathwayConditions,
    profile: &Profile,
    rule: BaseRule,
    samples: usize,
    seed: u64,
) -> Result<Psa, PsaError> {
    if !(2..=MAX_SAMPLES).contains(&samples) {
        return Err(PsaError::Samples(samples));
    }
    let declared = pathway.edges.iter().any(|e| e.probability.as_ref().is_some_and(|p| p.distribution.is_some()))
        || pathway.nodes.iter().any(|n| {
            n.duration.is_some_and(|d| d.distribution.is_some())
                || n.cost.as_ref().is_some_and(|c| c.distribution.is_some())
                || n.utility.as_ref().is_some_and(|u| u.distribution.is_some())
        });
    if !declared {
        return Err(PsaError::NothingDrawn);
    }
    let (figures, sets) = figures_of(pathway, rule)?;
    let flow = PathwayGraph::new(pathway);
    let classes =
        conditions.patient_classes(profile, MAX_CLASSES).map_err(|e| SensitivityError::from(OutcomesError::from(e)))?;
    let mut figure_of_edge = vec![None; pathway.edges.len()];
    for (f, figure) in figures.iter().enumerate() {
        if let ParameterKind::Probability { edge } = figure.parameter.kind {
            figure_of_edge[edge] = Some(f);
        }
    }
    // Every figure's value in every sample, drawn in sample order (each from its own stream).
    let rows: Vec<Vec<f64>> = (0..samples).into_par_iter().map(|i| draw(&figures, &sets, seed, i as u64)).collect();
    let mut values = vec![Vec::with_capacity(samples); figures.len()];
    for row in &rows {
        for (f, &v) in row.iter().enumerate() {
            values[f].push(v);
        }
    }
    let months_of = months_per_node(pathway, &figures);
    let mut groups: Vec<PsaGroup> = Vec::new();
    let mut group_of: HashMap<Vec<usize>, usize> = HashMap::new();
    for class in &classes {
        let resolve = |e: usize| conditions.edge_status(e, &class.profile);
        let words = class.words.join("; or ");
        let chain = Chain::new(&flow, &resolve, &|e| figure_of_edge[e]).map_err(|open| PsaError::Open {
            patients: words.clone(),
            what: match open {
                Open::Decision(u) => format!(
                    "the decision `{}` is left open on the way (no branch fixed for these patients, or several taken)",
                    pathway.nodes[u].id
                ),
                Open::Figureless(e) => {
                    format!("the branch {} → {} has no figure", pathway.edges[e].from, pathway.edges[e].to)
                }
            },
        })?;
        let chain = chain.ok_or(OutcomesError::NoSingleStart).map_err(SensitivityError::from)?;
        // Classes with the same reached nodes and the same ways between them have the same
        // chain, so the same samples: they are grouped before any sample is run.
        let key: Vec<usize> = chain_key(&chain);
        if let Some(&g) = group_of.get(&key) {
            groups[g].patients.push(class.description.clone());
            groups[g].patients_words.push(class.words.clone());
            continue;
        }
        let group = run_chain(&flow, &chain, &figures, &rows, &months_of).map_err(|i| PsaError::Loops(words, i))?;
        group_of.insert(key, groups.len());
        groups.push(PsaGroup {
            patients: vec![class.description.clone()],
            patients_words: vec![class.words.clone()],
            ..group
        });
    }
    Ok(Psa { samples, seed, rule, figures, values, classes: classes.len(), groups })
}

/// A chain's identity: its nodes and, per node, where it steps and how.
fn chain_key(chain: &Chain) -> Vec<usize> {
    let mut key = chain.nodes.clone();
    key.push(usize::MAX);
    key.extend(chain.stops.iter().map(|&s| s as usize));
    key.extend(chain.edges_key());
    key
}

/// Each node's length in months for a sample's figures: `Some(f)` the figure `f` (a duration),
/// `None` when the node is not a phase or intervention; steps with no duration are `Some(usize::MAX)`.
fn months_per_node(pathway: &PathwayFile, figures: &[PsaFigure]) -> Vec<Option<usize>> {
    let mut of = vec![None; pathway.nodes.len()];
    for (u, node) in pathway.nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::Phase | NodeKind::Intervention) {
            of[u] = Some(usize::MAX);
        }
    }
    for (f, figure) in figures.iter().enumerate() {
        if let ParameterKind::Duration { node } = figure.parameter.kind {
            of[node] = Some(f);
        }
    }
    of
}

/// Every sample of one chain: the quantities it reports and their summaries; `Err(i)` when
/// sample `i` loops forever.
fn run_chain(
    flow: &PathwayGraph,
    chain: &Chain,
    figures: &[PsaFigure],
    rows: &[Vec<f64>],
    months_of: &[Option<usize>],
) -> Result<PsaGroup, usize> {
    let pathway = flow.pathway;
    let mut quantities = Vec::new();
    let mut local_terminals: Vec<(usize, usize)> = Vec::new();
    let mut order: Vec<(usize, usize)> = chain.nodes.iter().copied().enumerate().map(|(l, u)| (u, l)).collect();
    order.sort_unstable();
    for &(u, l) in &order {
        if flow.terminal[u] && pathway.nodes[u].kind == NodeKind::Outcome {
            quantities.push(Quantity::Ending(u));
            local_terminals.push((u, l));
        }
    }
    // A category is a row of its own where two or more terminal outcomes reached have it.
    for c in OutcomeCategory::ALL {
        if local_terminals.iter().filter(|&&(u, _)| pathway.nodes[u].outcome == Some(c)).count() > 1 {
            quantities.push(Quantity::Category(c));
        }
    }
    let passing: Vec<(usize, usize)> = order
        .iter()
        .copied()
        .filter(|&(u, _)| !flow.terminal[u] && pathway.nodes[u].kind == NodeKind::Outcome)
        .collect();
    quantities.extend(passing.iter().map(|&(u, _)| Quantity::Passing(u)));
    let dead_ends: Vec<usize> = order
        .iter()
        .filter(|&&(u, l)| chain.stops[l] && !(flow.terminal[u] && pathway.nodes[u].kind == NodeKind::Outcome))
        .map(|&(_, l)| l)
        .collect();
    if !dead_ends.is_empty() {
        quantities.push(Quantity::NoOutcome);
    }
    // Time: every phase and intervention reached needs a length in every sample.
    let (mut undated, mut unbased) = (Vec::new(), Vec::new());
    let mut timed: Vec<(usize, usize)> = Vec::new();
    for &(u, l) in &order {
        match months_of[u] {
            Some(usize::MAX) => undated.push(pathway.nodes[u].id.clone()),
            Some(f) if matches!(figures[f].role, Role::Base(None)) => unbased.push(figures[f].parameter.id.clone()),
            Some(f) => timed.push((l, f)),
            None => {}
        }
    }
    let mut reasons = Vec::new();
    if !undated.is_empty() {
        reasons.push(format!(
            "steps with no duration lie on the way ({}): give them durations",
            first_few(&undated, SHOWN)
        ));
    }
    if !unbased.is_empty() {
        reasons.push(format!(
            "durations with a range and no base lie on the way ({}): declare distributions or pass --base midpoint",
            first_few(&unbased, SHOWN)
        ));
    }
    let no_time = (!reasons.is_empty()).then(|| format!("not reported, since {}", reasons.join("; and ")));
    if no_time.is_none() {
        quantities.push(Quantity::Months);
    }
    // Costs and QALYs where the file has them: each a sum of products of the sample's figures.
    let mut measure = |has: bool, measure: Measure, quantity: Quantity| -> (Vec<Term>, Option<String>) {
        if !has {
            return (Vec::new(), None);
        }
        match worth::terms(flow, chain, figures, measure) {
            Ok(terms) => {
                quantities.push(quantity);
                (terms, None)
            }
            Err(why) => (Vec::new(), Some(why.0)),
        }
    };
    let (cost_terms, no_cost) = measure(pathway.has_costs(), Measure::Cost, Quantity::Cost);
    let (qaly_terms, no_qalys) = measure(pathway.has_utilities(), Measure::Qalys, Quantity::Qalys);
    let unit_months: Vec<f64> = figures
        .iter()
        .map(|f| match f.parameter.kind {
            ParameterKind::Duration { node } => pathway.nodes[node].duration.map_or(1.0, |d| d.unit.in_months()),
            ParameterKind::Probability { .. } | ParameterKind::Cost { .. } | ParameterKind::Utility { .. } => 1.0,
        })
        .collect();
    let per_sample: Vec<Result<Vec<f64>, usize>> = rows
        .par_iter()
        .enumerate()
        .map(|(i, values)| {
            let n = chain.visits(values, None).ok_or(i)?;
            let mut out = Vec::with_capacity(quantities.len());
            for q in &quantities {
                out.push(match *q {
                    Quantity::Ending(u) => local_terminals.iter().find(|t| t.0 == u).map_or(0.0, |t| n[t.1]),
                    Quantity::Category(c) => {
                        local_terminals.iter().filter(|t| pathway.nodes[t.0].outcome == Some(c)).map(|t| n[t.1]).sum()
                    }
                    Quantity::Passing(u) => {
                        let l = passing.iter().find(|p| p.0 == u).map_or(0, |p| p.1);
                        if chain.cyclic[l] {
                            chain.visits(values, Some(l)).ok_or(i)?[l]
                        } else {
                            n[l]
                        }
                    }
                    Quantity::NoOutcome => dead_ends.iter().map(|&l| n[l]).sum(),
                    Quantity::Months => timed.iter().map(|&(l, f)| n[l] * values[f] * unit_months[f]).sum(),
                    Quantity::Cost => worth::expected(&cost_terms, values, &n),
                    Quantity::Qalys => worth::expected(&qaly_terms, values, &n),
                });
            }
            Ok(out.into_iter().map(|x| if x.abs() < 1e-15 { 0.0 } else { x }).collect())
        })
        .collect();
    let mut samples = vec![Vec::with_capacity(rows.len()); quantities.len()];
    for row in per_sample {
        for (q, x) in row?.into_iter().enumerate() {
            samples[q].push(x);
        }
    }
    let summaries = quantities.iter().zip(&samples).map(|(&quantity, xs)| summary(quantity, xs)).collect();
    Ok(PsaGroup { patients: Vec::new(), patients_words: Vec::new(), summaries, samples, no_time, no_cost, no_qalys })
}

/// The summary of `xs`: the mean and standard deviation summed in sample order, percentiles by
/// linear interpolation between order statistics (R's default, type 7).
pub fn summary(quantity: Quantity, xs: &[f64]) -> Summary {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let mut sorted = xs.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let at = |p: f64| {
        let h = (sorted.len() - 1) as f64 * p;
        let (lo, frac) = (h.floor() as usize, h - h.floor());
        let hi = (lo + 1).min(sorted.len() - 1);
        sorted[lo] + frac * (sorted[hi] - sorted[lo])
    };
    Summary { quantity, mean, sd, p025: at(0.025), median: at(0.5), p975: at(0.975) }
}

/// Every figure of the file with its role; checks that undrawn branches have bases that add
/// up to 1.
fn figures_of(pathway: &PathwayFile, rule: BaseRule) -> Result<(Vec<PsaFigure>, Vec<RescaleSet>), SensitivityError> {
    let rows = parameters(pathway);
    let mut figures: Vec<PsaFigure> = Vec::with_capacity(rows.len());
    let mut by_node: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut missing = Vec::new();
    let mut sets = Vec::new();
    for (f, parameter) in rows.into_iter().enumerate() {
        let declared = match parameter.kind {
            ParameterKind::Probability { edge } => {
                by_node.entry(pathway.edges[edge].from.as_str()).or_default().push(f);
                pathway.edges[edge].probability.as_deref().and_then(|p| p.distribution)
            }
            ParameterKind::Duration { node } => pathway.nodes[node].duration.and_then(|d| d.distribution),
            ParameterKind::Cost { node } => pathway.nodes[node].cost.as_ref().and_then(|c| c.distribution),
            ParameterKind::Utility { node } => pathway.nodes[node].utility.as_ref().and_then(|u| u.distribution),
        };
        let resolved = declared.and_then(|d| d.resolve(parameter.low, parameter.base, parameter.high).ok());
        let (base, midpoint) = match parameter.base {
            Some(b) => (Some(b), false),
            None if parameter.low == parameter.high => (Some(parameter.low), false),
            None if rule == BaseRule::Midpoint => (Some(round12((parameter.low + parameter.high) / 2.0)), true),
            None => (None, false),
        };
        let role = match resolved {
            Some(r @ Resolved::Dirichlet { .. }) => Role::Dirichlet(r, Vec::new()),
            Some(r) => Role::Drawn(r),
            None => Role::Base(base),
        };
        let distribution = resolved.and_then(|_| distribution_text(pathway, &parameter));
        figures.push(PsaFigure { parameter, role, distribution, midpoint: midpoint && resolved.is_none() });
    }
    let mut nodes: Vec<(&str, Vec<usize>)> = by_node.into_iter().collect();
    nodes.sort_by_key(|(_, group)| group[0]);
    for (node, group) in nodes {
        let drawn: Vec<usize> = group.iter().copied().filter(|&f| matches!(figures[f].role, Role::Drawn(_))).collect();
        let dirichlet = group.iter().any(|&f| matches!(figures[f].role, Role::Dirichlet(..)));
        if dirichlet {
            for &f in &group {
                if let Role::Dirichlet(_, set) = &mut figures[f].role {
                    set.clone_from(&group);
                }
            }
        } else if let [d] = drawn[..] {
            // With one other branch, it is the rest; with more, their bases give the proportions.
            let others = group.len() - 1;
            let mut bases = Vec::with_capacity(group.len());
            for &o in &group {
                let base = match figures[o].role {
                    Role::Base(Some(b)) => b,
                    Role::Base(None) if others > 1 => {
                        missing.push(figures[o].parameter.id.clone());
                        f64::NAN
                    }
                    _ => 1.0,
                };
                bases.push(base);
                if o != d {
                    figures[o].role = Role::Rescaled { drawn: d };
                }
            }
            let position = group.iter().position(|&f| f == d).unwrap_or_default();
            sets.push(RescaleSet { members: group.clone(), position, bases });
        } else if group.len() > 1 {
            let bases: Vec<Option<f64>> =
                group.iter().map(|&f| if let Role::Base(b) = figures[f].role { b } else { None }).collect();
            if bases.iter().any(Option::is_none) {
                missing.extend(
                    group
                        .iter()
                        .zip(&bases)
                        .filter(|(_, b)| b.is_none())
                        .map(|(&f, _)| figures[f].parameter.id.clone()),
                );
                continue;
            }
            let sum: f64 = bases.iter().flatten().sum();
            if (sum - 1.0).abs() > 1e-9 {
                let parts = group
                    .iter()
                    .zip(&bases)
                    .map(|(&f, b)| {
                        let how = if figures[f].midpoint { ", the middle of its range" } else { "" };
                        format!(
                            "{} {}{how}",
                            figures[f].parameter.id,
                            crate::text::number::number(b.unwrap_or_default())
                        )
                    })
                    .collect();
                return Err(SensitivityError::BaseSum { node: node.to_string(), sum, parts });
            }
        } else if let [f] = group[..] {
            if matches!(figures[f].role, Role::Base(None)) {
                missing.push(figures[f].parameter.id.clone());
            }
        }
    }
    if !missing.is_empty() {
        missing.sort_by_key(|id| figures.iter().position(|f| &f.parameter.id == id));
        return Err(SensitivityError::MissingBase { ids: missing });
    }
    Ok((figures, sets))
}

/// The figures' values in sample `index`: each drawn figure from its distribution in table
/// order (one stream per sample), Dirichlet sets normalised, rescaled branches from their drawn
/// sibling, the rest at their bases.
fn draw(figures: &[PsaFigure], sets: &[RescaleSet], seed: u64, index: u64) -> Vec<f64> {
    let mut rng = Rng::for_sample(seed, index);
    let mut values: Vec<f64> = figures
        .iter()
        .map(|f| match &f.role {
            Role::Drawn(d) | Role::Dirichlet(d, _) => rng.draw(d),
            Role::Base(b) => b.unwrap_or(f64::NAN),
            Role::Rescaled { .. } => f64::NAN,
        })
        .collect();
    for (f, figure) in figures.iter().enumerate() {
        if let Role::Dirichlet(_, set) = &figure.role {
            if set.first() == Some(&f) {
                let sum: f64 = set.iter().map(|&g| values[g]).sum();
                for &g in set {
                    values[g] /= sum;
                }
            }
        }
    }
    for set in sets {
        for (&g, v) in set.members.iter().zip(rescaled(&set.bases, set.position, values[set.members[set.position]])) {
            values[g] = v;
        }
    }
    values
}

/// The branches out of one node with one drawn branch: the others are rescaled after it.
#[derive(Debug, Clone)]
struct RescaleSet {
    /// The node's figures, in table order.
    members: Vec<usize>,
    /// Which of them is drawn.
    position: usize,
    /// Their bases, for the proportions ([`rescaled`]); with one other branch it is the rest
    /// whatever its base, so a missing base counts as 1.
    bases: Vec<f64>,
}

#[cfg(test)]
mod tests;
