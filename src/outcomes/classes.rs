//! Outcomes per patient class: one analysis per class of patients a profile leaves open, spread
//! over the cores, and classes with the same result grouped together.

use std::collections::HashMap;

use super::{analyse, render_json, OutcomeReport};
use crate::condition::{PathwayConditions, PatientClass, Profile};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;

/// Outcomes shared by one or more patient classes.
#[derive(Debug, Clone)]
pub struct ClassOutcome {
    /// The classes (as descriptions, e.g. `age > 65 || serious_comorbidity`) with this result.
    pub patients: Vec<String>,
    /// The result.
    pub report: OutcomeReport,
}

/// Most patient classes reported; past it, the open factors must be narrowed with a profile.
pub const MAX_CLASSES: usize = 4096;

/// Outcomes for each class of patients that `profile` leaves open. Decisions carry no
/// probability, so each class (a set of patients who take the same decision branches) gets its
/// own result; classes with identical results are reported together, in the order found.
///
/// The pathway's graph is built once and shared by every class.
///
/// Complexity: O(V + E) for the graph, then one [`analyse`] per class.
pub fn by_patient_class(
    pathway: &PathwayFile,
    conditions: &PathwayConditions,
    profile: &Profile,
) -> Result<Vec<ClassOutcome>, String> {
    let classes = conditions.patient_classes(profile, MAX_CLASSES)?;
    let flow = PathwayGraph::new(pathway);
    // Each class is analysed on its own: spread them over the cores, each thread taking every
    // `threads`-th class, then group them in class order (the same result on any machine).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, classes.len().max(1));
    let analyse_class = |class: &PatientClass| {
        let resolve = |e: usize| conditions.edge_status(e, &class.profile);
        analyse(&flow, &resolve).map(|report| (render_json(pathway, &report), report))
    };
    let mut results: Vec<Option<(String, OutcomeReport)>> = Vec::with_capacity(classes.len());
    if threads <= 1 {
        results.extend(classes.iter().map(analyse_class));
    } else {
        let mut parts: Vec<Vec<Option<(String, OutcomeReport)>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (classes, analyse_class) = (&classes, &analyse_class);
                    scope.spawn(move || classes.iter().skip(t).step_by(threads).map(analyse_class).collect::<Vec<_>>())
                })
                .collect();
            // Join every thread before looking at any result: a handle left unjoined after a
            // failed one would make the scope itself panic.
            let joined: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
            joined.into_iter().collect::<Result<Vec<_>, _>>()
        })
        .map_err(|_| "internal error: a thread computing outcomes stopped".to_string())?;
        let mut iters: Vec<_> = parts.iter_mut().map(|part| part.drain(..)).collect();
        for i in 0..classes.len() {
            results.push(iters.get_mut(i % threads).and_then(Iterator::next).flatten());
        }
    }
    let mut groups: Vec<ClassOutcome> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (class, result) in classes.into_iter().zip(results) {
        let (key, report) = result.ok_or_else(|| "the pathway has no single start node".to_string())?;
        match group_of.get(&key) {
            Some(&g) => groups[g].patients.push(class.description),
            None => {
                group_of.insert(key, groups.len());
                groups.push(ClassOutcome { patients: vec![class.description], report });
            }
        }
    }
    Ok(groups)
}
