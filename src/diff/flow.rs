//! What the flow of two files gives: their paths ([`paths`]: counted as `carepath paths
//! --count` counts them, walked to see which appeared and which disappeared) and their outcome
//! figures per class of patients ([`outcomes`]) on the common refinement of both files'
//! classes, so that a changed decision does not hide a change.

use std::collections::{BTreeSet, HashMap};
use std::ops::ControlFlow;

use super::{DiffError, Figure, FigureChange, FigureValue, OutcomeChanges, PathCount, PathsChange};
use crate::condition::{PathwayConditions, Profile};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::outcomes::MAX_CLASSES;
use crate::outcomes::{analyse_with, bounds_words, expected_words, time_words, AnalysisOptions, Bounds, OutcomeReport};
use crate::paths::{count_paths, walk, Selection, Unconditional};
use crate::text::number::round12;

/// Most paths walked per file to find those that appeared and disappeared; past it, only the
/// counts are compared.
pub const PATH_BUDGET: usize = 100_000;

/// How many of the paths that appeared (and of those that disappeared) are listed; the rest
/// are counted.
pub const PATHS_SHOWN: usize = 10;

/// A path as its node ids.
type Ids = Vec<String>;

/// The paths of one file: its count, and its paths as node ids when there are at most
/// [`PATH_BUDGET`].
fn file_paths(p: &PathwayFile, name: &str) -> Result<(PathCount, Option<Vec<Ids>>), DiffError> {
    let flow = PathwayGraph::new(p);
    let Some(selection) = Selection::all(&flow) else {
        return Ok((PathCount { n: 0, exact: true }, Some(Vec::new())));
    };
    let (n, _) =
        count_paths(p, &flow, &selection).map_err(|source| DiffError::Count { file: name.to_string(), source })?;
    let mut listed = Vec::new();
    let mut complete = true;
    walk(p, &flow, &selection, &mut Unconditional::new(p), &mut |steps, _| {
        if listed.len() >= PATH_BUDGET {
            complete = false;
            return ControlFlow::Break(());
        }
        listed.push(steps.iter().map(|s| p.nodes[s.node].id.clone()).collect());
        ControlFlow::Continue(())
    });
    Ok((PathCount { n, exact: true }, complete.then_some(listed)))
}

/// The paths before and after, and which appeared and disappeared.
pub(super) fn paths(
    old: &PathwayFile,
    new: &PathwayFile,
    old_name: &str,
    new_name: &str,
) -> Result<PathsChange, DiffError> {
    let (old_count, old_paths) = file_paths(old, old_name)?;
    let (new_count, new_paths) = file_paths(new, new_name)?;
    let mut change = PathsChange {
        old: old_count,
        new: new_count,
        compared: false,
        appeared_total: 0,
        appeared: Vec::new(),
        disappeared_total: 0,
        disappeared: Vec::new(),
    };
    if let (Some(old_paths), Some(new_paths)) = (old_paths, new_paths) {
        let old_set: BTreeSet<&Vec<String>> = old_paths.iter().collect();
        let new_set: BTreeSet<&Vec<String>> = new_paths.iter().collect();
        let appeared: Vec<&Vec<String>> = new_paths.iter().filter(|p| !old_set.contains(p)).collect();
        let disappeared: Vec<&Vec<String>> = old_paths.iter().filter(|p| !new_set.contains(p)).collect();
        change.compared = true;
        change.appeared_total = appeared.len();
        change.appeared = appeared.into_iter().take(PATHS_SHOWN).cloned().collect();
        change.disappeared_total = disappeared.len();
        change.disappeared = disappeared.into_iter().take(PATHS_SHOWN).cloned().collect();
    }
    Ok(change)
}

/// A pathway whose conditions are those of both files: NEW's factors and edges, then OLD's
/// factors that NEW does not declare and OLD's edges, their `from` renamed so that an `else`
/// is still resolved against its own file's siblings. Its patient classes are the common
/// refinement: two patients are in one class when they take the same branches in both files.
fn both(old: &PathwayFile, new: &PathwayFile) -> PathwayFile {
    let mut both = new.clone();
    both.nodes.clear();
    both.factors.extend(old.factors.iter().filter(|f| !new.factors.iter().any(|g| g.id == f.id)).cloned());
    both.edges.extend(old.edges.iter().map(|e| {
        let mut e = e.clone();
        e.from = format!("\u{0}old {}", e.from);
        e
    }));
    both
}

/// The figures of one report, in its order: terminals, categories, no terminal outcome, time,
/// cost, QALYs.
fn figures(p: &PathwayFile, report: &OutcomeReport) -> Vec<(Figure, FigureValue)> {
    let mut out = Vec::new();
    for t in &report.terminals {
        let value = FigureValue { words: bounds_words(&t.probability), bounds: t.probability };
        out.push((Figure::Terminal(p.nodes[t.node].id.clone()), value));
    }
    for c in &report.categories {
        let value = FigureValue { words: bounds_words(&c.probability), bounds: c.probability };
        out.push((Figure::Category(c.category.as_str().to_string()), value));
    }
    let none = FigureValue { words: bounds_words(&report.no_terminal), bounds: report.no_terminal };
    out.push((Figure::NoTerminal, none));
    out.push((Figure::Time, FigureValue { words: time_words(report), bounds: report.months }));
    if let Some(economics) = &report.economics {
        let currency = economics.currency.as_deref().unwrap_or("(no currency)");
        if let Some(cost) = &economics.cost {
            out.push((Figure::Cost, FigureValue { words: expected_words(cost, currency, 2), bounds: cost.bounds }));
        }
        if let Some(qalys) = &economics.qalys {
            out.push((Figure::Qalys, FigureValue { words: expected_words(qalys, "QALYs", 4), bounds: qalys.bounds }));
        }
    }
    out
}

/// Whether two sides of a figure read and are the same (bounds to 12 decimals).
fn same(a: &FigureValue, b: &FigureValue) -> bool {
    let key = |x: &Bounds| {
        (round12(x.low).to_bits(), round12(x.high).to_bits(), x.base.map(|b| round12(b).to_bits()), x.approximate)
    };
    a.words == b.words && key(&a.bounds) == key(&b.bounds)
}

/// The figures that differ between two reports (a side without a report has no figures).
fn figure_changes(
    old: Option<(&PathwayFile, &OutcomeReport)>,
    new: Option<(&PathwayFile, &OutcomeReport)>,
) -> Vec<FigureChange> {
    let old = old.map_or_else(Vec::new, |(p, r)| figures(p, r));
    let new = new.map_or_else(Vec::new, |(p, r)| figures(p, r));
    let mut order: Vec<Figure> = new.iter().map(|(f, _)| f.clone()).collect();
    for (f, _) in &old {
        if !order.contains(f) {
            order.push(f.clone());
        }
    }
    // Terminals first (NEW's order, then OLD's), then the rest in their fixed order.
    let rank = |f: &Figure| match f {
        Figure::Terminal(_) => 0,
        Figure::Category(_) => 1,
        Figure::NoTerminal => 2,
        Figure::Time => 3,
        Figure::Cost => 4,
        Figure::Qalys => 5,
    };
    let mut ranked: Vec<(usize, Figure)> = order.into_iter().enumerate().collect();
    ranked.sort_by_key(|(i, f)| (rank(f), if matches!(f, Figure::Category(_)) { category_rank(f) } else { *i }));
    let find = |side: &[(Figure, FigureValue)], f: &Figure| side.iter().find(|(g, _)| g == f).map(|(_, v)| v.clone());
    ranked
        .into_iter()
        .filter_map(|(_, f)| {
            let (o, n) = (find(&old, &f), find(&new, &f));
            let unchanged = match (&o, &n) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            };
            (!unchanged).then_some(FigureChange { figure: f, old: o, new: n })
        })
        .collect()
}

/// A category's place in [`crate::model::OutcomeCategory::ALL`].
fn category_rank(f: &Figure) -> usize {
    match f {
        Figure::Category(name) => {
            crate::model::OutcomeCategory::ALL.iter().position(|c| c.as_str() == name).unwrap_or(usize::MAX)
        }
        _ => 0,
    }
}

/// The number of classes of the common refinement, and the outcome figures that changed per
/// group of those classes with the same changes (in class order; classes without a change
/// left out).
pub(super) fn outcomes(old: &PathwayFile, new: &PathwayFile) -> Result<(usize, Vec<OutcomeChanges>), DiffError> {
    let both = both(old, new);
    let classes = PathwayConditions::new(&both).patient_classes(&Profile::new(), MAX_CLASSES)?;
    let (old_conditions, new_conditions) = (PathwayConditions::new(old), PathwayConditions::new(new));
    let (old_flow, new_flow) = (PathwayGraph::new(old), PathwayGraph::new(new));
    let options = AnalysisOptions::default();
    if old_flow.start.is_none() && new_flow.start.is_none() {
        return Ok((0, Vec::new()));
    }
    let mut groups: Vec<OutcomeChanges> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for class in &classes {
        let old_report = analyse_with(&old_flow, &|e| old_conditions.edge_status(e, &class.profile), &options);
        let new_report = analyse_with(&new_flow, &|e| new_conditions.edge_status(e, &class.profile), &options);
        let changes = figure_changes(old_report.as_ref().map(|r| (old, r)), new_report.as_ref().map(|r| (new, r)));
        if changes.is_empty() {
            continue;
        }
        let key = format!("{changes:?}");
        match group_of.get(&key) {
            Some(&g) => {
                groups[g].patients.push(class.words.clone());
                groups[g].conditions.push(class.description.clone());
            }
            None => {
                group_of.insert(key, groups.len());
                groups.push(OutcomeChanges {
                    patients: vec![class.words.clone()],
                    conditions: vec![class.description.clone()],
                    changes,
                });
            }
        }
    }
    Ok((classes.len(), groups))
}
