//! What the listing writers keep from path to path, so that the steps a path shares with the
//! one before it are not redone: the running totals and the filter's description
//! ([`Cursor`]), each step's rendered bytes ([`StepBlocks`]) and the path number in decimal
//! ([`Counter`]).

use super::PathFilter;
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::paths::{Facts, PathSummary, Step, Totals};
use crate::text::number::decimal;

/// Follows a listing from path to path: keeps each step's running [`Totals`], so the prefix a
/// path shares with the one before it is not added up again, and the filter's description of
/// the path, asked for again only when the path's conditional edges changed.
///
/// Complexity: O(steps not shared with the previous path) per path, plus the filter's
/// `describe` and `describe_words` when a conditional edge changed.
pub(super) struct Cursor<'a> {
    pub(super) pathway: &'a PathwayFile,
    pub(super) flow: &'a PathwayGraph<'a>,
    facts: Facts,
    /// `totals[d]`: the totals of the current path's first `d + 1` steps.
    totals: Vec<Totals>,
    /// Per node: whether it has an `includes` edge with a condition, so that what is listed
    /// under it depends on the rest of the path.
    volatile: Vec<bool>,
    /// `first_volatile[d]`: the first step at or before `d` whose node is volatile (`usize::MAX`:
    /// none).
    first_volatile: Vec<usize>,
    /// The filter's `describe()`, `describe_words()` and `feasible()` on the current path.
    pub(super) conditions: String,
    pub(super) conditions_words: String,
    pub(super) feasible: bool,
    /// How many conditional edges the previous path took (`None` before the first path).
    last_conditional: Option<usize>,
    /// The previous path's figures, to tell whether its summary text can be reused.
    summary_key: Option<SummaryKey>,
    /// The path numbers, in decimal.
    pub(super) number: Counter,
}

/// What [`Cursor::advance`] found about the new path.
#[derive(Debug, Clone, Copy)]
pub(super) struct Advance {
    /// Steps shared with the previous path.
    pub(super) shared: usize,
    /// Steps whose rendering (including what is listed under them) is unchanged.
    pub(super) keep: usize,
    /// Whether the path's summary (outcome, figures, conditions, feasibility) may differ from
    /// the previous path's, so that text built from it must be built again.
    pub(super) summary_changed: bool,
    /// The path's terminal outcome (index into `pathway.nodes`).
    pub(super) outcome: usize,
}

/// A path's figures by their exact bits: when two consecutive paths have the same key (and
/// the same conditions), their summary text is the same.
type SummaryKey = (usize, u64, u64, Option<u64>, bool, bool, u64, u64, usize, bool);

impl<'a> Cursor<'a> {
    pub(super) fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        let volatile = flow
            .includes
            .iter()
            .map(|items| items.iter().any(|&(edge, _)| pathway.edges.get(edge).is_some_and(|e| e.when.is_some())))
            .collect();
        Cursor {
            pathway,
            flow,
            facts: Facts::new(pathway, flow),
            totals: Vec::new(),
            volatile,
            first_volatile: Vec::new(),
            conditions: String::new(),
            conditions_words: String::new(),
            feasible: true,
            last_conditional: None,
            summary_key: None,
            number: Counter::new(),
        }
    }

    /// Moves to the path `steps`, which shares its first `shared` steps with the previous one.
    pub(super) fn advance<F: PathFilter + ?Sized>(&mut self, steps: &[Step], shared: usize, filter: &F) -> Advance {
        let shared = shared.min(self.totals.len()).min(steps.len());
        self.totals.truncate(shared);
        self.first_volatile.truncate(shared);
        let base = self.totals.last().map_or(0, |t| t.conditional);
        // The running totals stay in a local (registers) and are stored once per step.
        let mut totals = self.totals.last().copied().unwrap_or(Totals::START);
        let mut first_volatile = self.first_volatile.last().copied().unwrap_or(usize::MAX);
        for (d, &step) in steps.iter().enumerate().skip(shared) {
            self.facts.take(&mut totals, step);
            self.totals.push(totals);
            if first_volatile == usize::MAX && self.volatile.get(step.node).copied().unwrap_or(false) {
                first_volatile = d;
            }
            self.first_volatile.push(first_volatile);
        }
        let end = self.totals.last().map_or(0, |t| t.conditional);
        // A filter's state changes only with conditional edges: when neither the previous
        // path's tail nor this one's has one, both paths took the same conditional edges.
        let changed = self.last_conditional != Some(base) || end != base;
        if changed {
            self.conditions = filter.describe();
            self.conditions_words = filter.describe_words();
            self.feasible = filter.feasible();
        }
        self.last_conditional = Some(end);
        let keep = match shared.checked_sub(1).and_then(|i| self.first_volatile.get(i)) {
            Some(&first) if changed => shared.min(first),
            _ => shared,
        };
        let key = self.key(steps);
        let summary_changed = changed || self.summary_key != Some(key);
        self.summary_key = Some(key);
        Advance { shared, keep, summary_changed, outcome: key.0 }
    }

    /// The current path's totals.
    #[inline]
    pub(super) fn totals(&self) -> Totals {
        self.totals.last().copied().unwrap_or(Totals::START)
    }

    /// The current path's summary (allocates: for the text of a path whose key changed).
    pub(super) fn summary(&self, steps: &[Step]) -> PathSummary {
        let conditions = (self.conditions.clone(), self.conditions_words.clone());
        self.totals().summary_with(self.pathway, steps, conditions, self.feasible)
    }

    fn key(&self, steps: &[Step]) -> SummaryKey {
        let t = self.totals();
        let p = t.probability;
        (
            steps.last().map_or(0, |s| s.node),
            p.low.to_bits(),
            p.high.to_bits(),
            p.base.map(f64::to_bits),
            p.quantified,
            p.approximate,
            t.months.0.to_bits(),
            t.months.1.to_bits(),
            t.undated,
            t.months_approximate,
        )
    }
}

/// The rendering of each step of the current path, end to end in one buffer, so that the
/// steps a path shares with the previous one are kept rather than written again.
#[derive(Debug, Default)]
pub(super) struct StepBlocks {
    /// The renderings, end to end.
    pub(super) bytes: Vec<u8>,
    /// `ends[d]`: where step `d`'s rendering ends in `bytes`.
    ends: Vec<usize>,
}

impl StepBlocks {
    /// Keeps the first `n` steps' renderings.
    #[inline]
    pub(super) fn keep(&mut self, n: usize) {
        let n = n.min(self.ends.len());
        self.ends.truncate(n);
        self.bytes.truncate(self.ends.last().copied().unwrap_or(0));
    }

    /// Ends the rendering of the next step (what was appended to `bytes` since the last one).
    #[inline]
    pub(super) fn close(&mut self) {
        self.ends.push(self.bytes.len());
    }

    /// How many steps are rendered.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Path numbers in decimal. They come in order (1, 2, 3, …), so each is counted up from the
/// one before in place, digit by digit, rather than divided out.
pub(super) struct Counter {
    digits: [u8; 40],
    /// Where the number starts in `digits`.
    start: usize,
    value: u128,
}

impl Counter {
    pub(super) fn new() -> Self {
        Counter { digits: [b'0'; 40], start: 39, value: 0 }
    }

    /// `n` in decimal.
    #[inline]
    pub(super) fn show(&mut self, n: u128) -> &[u8] {
        if self.value.checked_add(1) == Some(n) {
            let mut i = self.digits.len() - 1;
            loop {
                if self.digits[i] != b'9' {
                    self.digits[i] += 1;
                    break;
                }
                self.digits[i] = b'0';
                if i == self.start {
                    // 39 digits hold any u128: `start` is at least 1 here.
                    self.start -= 1;
                    self.digits[self.start] = b'1';
                    break;
                }
                i -= 1;
            }
        } else {
            let mut buffer = [0u8; 40];
            let text = decimal(n, &mut buffer);
            self.start = self.digits.len() - text.len();
            self.digits[self.start..].copy_from_slice(text);
        }
        self.value = n;
        &self.digits[self.start..]
    }
}
