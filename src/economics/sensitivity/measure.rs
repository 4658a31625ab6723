//! The expected cost or QALYs at one setting of the figures, per class of patients, read off
//! [`analyse_with`] on a copy of the pathway whose varied figures are exact; like a chance,
//! it must be one number, and where it is not the run stops and says what keeps it open.

use super::{one_number, SensitivityError, Target, OPEN_SHOWN};
use crate::condition::{PathwayConditions, PatientClass};
use crate::graph::PathwayGraph;
use crate::model::{EdgeKind, PathwayFile};
use crate::outcomes::{analyse_with, open_on_the_way, per_class, AnalysisOptions, Expected, OutcomesError};
use crate::text::number::{number, round12};
use crate::text::words::first_few;

/// The expected cost (`Target::Cost`) or QALYs (`Target::Qalys`) for each class on `work`;
/// `setting` names the figure set away from its base, for the error.
pub(super) fn values(
    work: &PathwayFile,
    conditions: &PathwayConditions,
    classes: &[PatientClass],
    target: Target,
    options: &AnalysisOptions,
    setting: Option<(&str, f64)>,
) -> Result<Vec<f64>, SensitivityError> {
    let flow = PathwayGraph::new(work);
    let results = per_class(classes, |class| {
        let resolve = |e: usize| conditions.edge_status(e, &class.profile);
        analyse_with(&flow, &resolve, options).map(|r| {
            let economics = r.economics?;
            if target == Target::Cost {
                economics.cost
            } else {
                economics.qalys
            }
        })
    })?;
    let mut values = Vec::with_capacity(classes.len());
    for (class, result) in classes.iter().zip(results) {
        let expected = result.ok_or(OutcomesError::NoSingleStart)?;
        let Some(expected) = expected else {
            // `Target::find` names cost or QALYs only where the file has such figures.
            return Err(SensitivityError::NotOneNumber(format!(
                "the file has no figures for the {}",
                target.words(work)
            )));
        };
        let b = expected.bounds;
        if !expected.known() || !b.low.is_finite() || !b.high.is_finite() || !one_number(b.low, b.high) {
            return Err(not_one_number(&flow, conditions, class, target, &expected, setting));
        }
        values.push(round12((b.low + b.high) / 2.0));
    }
    Ok(values)
}

/// The error for an expected cost or QALYs that is not one number: what keeps it open.
fn not_one_number(
    flow: &PathwayGraph,
    conditions: &PathwayConditions,
    class: &PatientClass,
    target: Target,
    expected: &Expected,
    setting: Option<(&str, f64)>,
) -> SensitivityError {
    let pathway = flow.pathway;
    let at = match setting {
        None => "at the base figures".to_string(),
        Some((id, v)) => format!("with {id} at {} and the other figures at their base", number(v)),
    };
    let patients = class.words.join("; or ");
    let what = target.words(pathway);
    let ids = |nodes: &[usize]| -> Vec<String> { nodes.iter().map(|&u| pathway.nodes[u].id.clone()).collect() };
    if !expected.known() {
        return SensitivityError::NotOneNumber(format!(
            "the {what} is only \"at least {}\" {at} for patients {patients}: steps of unknown length have a figure \
             per unit of time ({}); give them a duration",
            number(expected.bounds.low),
            first_few(&ids(&expected.unknown), OPEN_SHOWN)
        ));
    }
    let resolve = |e: usize| conditions.edge_status(e, &class.profile);
    let every: Vec<usize> = (0..pathway.nodes.len()).collect();
    let open = open_on_the_way(flow, &resolve, &every).unwrap_or_default();
    let mut reasons = Vec::new();
    if !open.figureless.is_empty() {
        let edges: Vec<String> =
            open.figureless.iter().map(|&e| format!("{} → {}", pathway.edges[e].from, pathway.edges[e].to)).collect();
        reasons.push(format!("branches with no figure ({}): give them figures", first_few(&edges, OPEN_SHOWN)));
    }
    if !open.decisions.is_empty() {
        reasons
            .push(format!("decisions left open ({}): narrow --patient", first_few(&ids(&open.decisions), OPEN_SHOWN)));
    }
    let hedged = hedged_components(pathway);
    if target == Target::Cost && !hedged.is_empty() {
        reasons.push(format!(
            "components given only sometimes, on a condition or as options of a set count from their least to \
             their greatest cost ({})",
            first_few(&hedged, OPEN_SHOWN)
        ));
    }
    let range = if expected.bounds.high.is_finite() {
        format!("it lies between {} and {}", number(expected.bounds.low), number(expected.bounds.high))
    } else {
        format!("it is at least {}, with no upper bound", number(expected.bounds.low))
    };
    let why = if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join("; ")) };
    SensitivityError::NotOneNumber(format!("the {what} is not one number {at} ({range}) for patients {patients}{why}"))
}

/// The costed components whose part of a phase's cost is a range however exact their cost:
/// hedged, conditional, or options of a set (`phase includes component`), in file order.
fn hedged_components(pathway: &PathwayFile) -> Vec<String> {
    pathway
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Includes)
        .filter(|e| pathway.nodes.iter().any(|n| n.id == e.to && n.cost.is_some()))
        .filter(|e| !e.always_given() || e.option_set.is_some())
        .map(|e| format!("{} includes {}", e.from, e.to))
        .collect()
}
