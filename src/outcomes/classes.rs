//! Outcomes per patient class: one analysis per class of patients a profile leaves open, spread
//! over the cores, and classes with the same result grouped together.

use std::collections::HashMap;

use super::{analyse_with, AnalysisOptions, Bounds, Expected, OutcomeReport};
use crate::condition::{ClassesError, PathwayConditions, PatientClass, Profile};
use crate::graph::PathwayGraph;
use crate::model::{OutcomeCategory, PathwayFile};
use crate::text::number::round12;

/// Outcomes shared by one or more patient classes.
#[derive(Debug, Clone)]
pub struct ClassOutcome {
    /// The classes (as descriptions, e.g. `age > 65 || serious_comorbidity`) with this result.
    pub patients: Vec<String>,
    /// The same classes in words, each as its alternatives (`["age over 65", "other serious
    /// illness"]`).
    pub patients_words: Vec<Vec<String>>,
    /// The classes themselves, parallel to `patients` (their words and patient sets).
    pub classes: Vec<PatientClass>,
    /// The result.
    pub report: OutcomeReport,
}

/// Most patient classes reported; past it, the open factors must be narrowed with a profile.
pub const MAX_CLASSES: usize = 4096;

/// Why [`by_patient_class`] gives no result.
#[derive(Debug, thiserror::Error)]
pub enum OutcomesError {
    /// The profile leaves too many patient classes open.
    #[error(transparent)]
    Classes(#[from] ClassesError),
    /// The pathway has no start node, or several.
    #[error("the pathway has no single start node")]
    NoSingleStart,
    /// A thread analysing classes panicked.
    #[error("internal error: a thread computing outcomes stopped")]
    ThreadStopped,
}

/// Outcomes for each class of patients that `profile` leaves open. Decisions carry no
/// probability, so each class (a set of patients who take the same decision branches) gets its
/// own result; classes with identical results are reported together, in the order found.
///
/// The pathway's graph is built once and shared by every class. Classes are analysed on all
/// cores, each thread taking every `threads`-th class; every thread is joined before any result
/// is used, and results are grouped in class order, so the result is the same on any machine.
///
/// # Errors
/// [`OutcomesError::Classes`] past [`MAX_CLASSES`] classes, [`OutcomesError::NoSingleStart`]
/// when there is no single start node.
///
/// Complexity: O(V + E) for the graph, then one [`analyse_with`] per class.
pub fn by_patient_class(
    pathway: &PathwayFile,
    conditions: &PathwayConditions,
    profile: &Profile,
    options: &AnalysisOptions,
) -> Result<Vec<ClassOutcome>, OutcomesError> {
    let classes = conditions.patient_classes(profile, MAX_CLASSES)?;
    let flow = PathwayGraph::new(pathway);
    let results = per_class(&classes, |class| {
        let resolve = |e: usize| conditions.edge_status(e, &class.profile);
        analyse_with(&flow, &resolve, options)
    })?;
    let mut groups: Vec<ClassOutcome> = Vec::new();
    let mut group_of: HashMap<Shown<'_>, usize> = HashMap::new();
    for (class, result) in classes.into_iter().zip(results) {
        let report = result.ok_or(OutcomesError::NoSingleStart)?;
        let key = Shown::of(pathway, &report);
        match group_of.get(&key) {
            Some(&g) => {
                groups[g].patients.push(class.description.clone());
                groups[g].patients_words.push(class.words.clone());
                groups[g].classes.push(class);
            }
            None => {
                group_of.insert(key, groups.len());
                groups.push(ClassOutcome {
                    patients: vec![class.description.clone()],
                    patients_words: vec![class.words.clone()],
                    classes: vec![class],
                    report,
                });
            }
        }
    }
    Ok(groups)
}

/// `f` of every class, in class order, on all cores: each thread takes every `threads`-th
/// class, and every thread is joined before any result is used, so the result is the same on
/// any machine and any number of cores. The one way carepath spreads classes over threads
/// (`outcomes`, `sensitivity`).
///
/// # Errors
/// [`OutcomesError::ThreadStopped`] when a thread panicked.
pub(crate) fn per_class<T: Send>(
    classes: &[PatientClass],
    f: impl Fn(&PatientClass) -> T + Sync,
) -> Result<Vec<T>, OutcomesError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, classes.len().max(1));
    if threads <= 1 {
        return Ok(classes.iter().map(f).collect());
    }
    let f = &f;
    let mut parts: Vec<Vec<T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || classes.iter().skip(t).step_by(threads).map(f).collect::<Vec<_>>()))
            .collect();
        // Join every thread before looking at any result: a handle left unjoined after a
        // failed one would make the scope itself panic.
        let joined: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        joined.into_iter().collect::<Result<Vec<_>, _>>()
    })
    .map_err(|_| OutcomesError::ThreadStopped)?;
    let mut iters: Vec<_> = parts.iter_mut().map(|part| part.drain(..)).collect();
    let mut results = Vec::with_capacity(classes.len());
    for i in 0..classes.len() {
        match iters.get_mut(i % threads).and_then(Iterator::next) {
            Some(result) => results.push(result),
            None => return Err(OutcomesError::ThreadStopped),
        }
    }
    Ok(results)
}

/// A figure as the JSON report writes it: `None` for `"unbounded"` (not finite), else the bits
/// of the figure rounded to 12 decimals. Two finite figures print alike exactly when these bits
/// are equal (the shortest digits that read back as the same number; `-0.0` prints as such).
/// A finite figure beyond 1e296 prints as `null` whatever its sign; figures are never negative.
type ShownFigure = Option<u64>;

/// Low, high and base of [`Bounds`] as [`ShownFigure`]s, and whether they are from
/// approximate figures.
type ShownBounds = (ShownFigure, ShownFigure, Option<ShownFigure>, bool);

/// An expected cost or quality-adjusted time as the JSON report shows it: bounds and the
/// steps of unknown length.
type ShownExpected<'a> = (ShownBounds, Vec<&'a str>);

/// A node as the JSON report shows it: id, label, category.
type ShownNode<'a> = (&'a str, &'a str, Option<OutcomeCategory>);

/// A way into a node passed through, as the JSON report shows it: from, edge index, bounds.
type ShownVia<'a> = (&'a str, usize, ShownBounds);

/// What the JSON report of one class shows, field for field, as the key that groups classes:
/// two classes share a key exactly when their JSON reports would be the same text. Figures
/// count as the report prints them, rounded to 12 decimals, not by their exact value: classes
/// whose figures differ only beyond the 12th decimal print the same and belong together. Keep
/// this in step with `render::report_json`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Shown<'a> {
    terminals: Vec<(ShownNode<'a>, ShownBounds)>,
    categories: Vec<(OutcomeCategory, ShownBounds)>,
    no_terminal: ShownBounds,
    passing: Vec<(ShownNode<'a>, ShownBounds, Vec<ShownVia<'a>>)>,
    months: ShownBounds,
    /// Whether the time is a closed range (else its high and base print as `null`).
    time_known: bool,
    undated: Vec<&'a str>,
    /// Expected cost and quality-adjusted time, as [`Shown::months`] (with their unknown steps).
    economics: Option<[Option<ShownExpected<'a>>; 2]>,
}

impl<'a> Shown<'a> {
    /// The key of `report`, a report on `pathway`. O(size of the report).
    fn of(pathway: &'a PathwayFile, report: &OutcomeReport) -> Self {
        let figure = |x: f64| x.is_finite().then(|| round12(x).to_bits());
        let bounds = |b: &Bounds| (figure(b.low), figure(b.high), b.base.map(figure), b.approximate);
        let node = |u: usize| {
            let node = &pathway.nodes[u];
            (node.id.as_str(), node.label.as_str(), node.outcome)
        };
        Shown {
            terminals: report.terminals.iter().map(|t| (node(t.node), bounds(&t.probability))).collect(),
            categories: report.categories.iter().map(|c| (c.category, bounds(&c.probability))).collect(),
            no_terminal: bounds(&report.no_terminal),
            passing: report
                .passing
                .iter()
                .map(|p| {
                    let via = p.via.iter().map(|(e, b)| (pathway.edges[*e].from.as_str(), *e, bounds(b))).collect();
                    (node(p.node), bounds(&p.probability), via)
                })
                .collect(),
            months: if report.time_known() {
                bounds(&report.months)
            } else {
                (figure(report.months.low), None, None, report.months.approximate)
            },
            time_known: report.time_known(),
            undated: report.undated.iter().map(|&u| pathway.nodes[u].id.as_str()).collect(),
            economics: report.economics.as_ref().map(|e| {
                let expected = |x: &Option<Expected>| {
                    x.as_ref().map(|x| {
                        let shown = if x.known() {
                            bounds(&x.bounds)
                        } else {
                            (figure(x.bounds.low), None, None, x.bounds.approximate)
                        };
                        (shown, x.unknown.iter().map(|&u| pathway.nodes[u].id.as_str()).collect())
                    })
                };
                [expected(&e.cost), expected(&e.qalys)]
            }),
        }
    }
}

#[cfg(test)]
mod tests;
