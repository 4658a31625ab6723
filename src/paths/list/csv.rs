//! The CSV listing: a header, then one RFC 4180 row per path (outcome, figures, conditions as
//! code and in words, the steps' ids joined by ` > `, feasibility). When `undated_steps` is above 0, the path
//! takes at least `duration_min_months`; `duration_max_months` bounds only the steps with a
//! duration.

use std::io::{self, Write};

use super::cursor::{Cursor, StepBlocks};
use super::{PathFilter, PathWriter};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;
use crate::paths::Step;
use crate::text::escape::{csv_field, csv_needs_quotes, terminal_safe};
use crate::text::number::number_full;

/// The header row.
pub(super) const CSV_HEADER: &str =
    "path,outcome,category,probability_low,probability_high,probability_base,quantified,probability_approximate,\
duration_min_months,duration_max_months,undated_steps,duration_approximate,conditions,conditions_words,steps,feasible\r\n";

/// The CSV format's writer: one RFC 4180 row per path. The `steps` column (ids joined by
/// ` > `, quoted as one field) is kept step by step while following paths share a prefix;
/// the other columns are rebuilt only when the figures or conditions change.
///
/// Complexity: O(V) once, then O(steps not shared with the previous path) per path.
pub(super) struct CsvWriter<'a> {
    cursor: Cursor<'a>,
    /// Per node: its id made terminal-safe, with `"` doubled, and whether it forces quoting.
    ids: Vec<(String, bool)>,
    /// The steps column, unquoted.
    blocks: StepBlocks,
    /// `quoted[d]`: how many of the first `d + 1` ids force the column to be quoted.
    quoted: Vec<usize>,
    /// The columns from `outcome` to `conditions_words`, with the commas around them, and the
    /// figures they show.
    middle: Vec<u8>,
}

impl<'a> CsvWriter<'a> {
    pub(super) fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> Self {
        let ids = pathway
            .nodes
            .iter()
            .map(|n| {
                let safe = terminal_safe(&n.id);
                let quote = csv_needs_quotes(&safe);
                (safe.replace('"', "\"\""), quote)
            })
            .collect();
        CsvWriter {
            cursor: Cursor::new(pathway, flow),
            ids,
            blocks: StepBlocks::default(),
            quoted: Vec::new(),
            middle: Vec::new(),
        }
    }
}

impl PathWriter for CsvWriter<'_> {
    fn begin<W: Write, F: PathFilter + ?Sized>(&mut self, out: &mut W, _filter: &F) -> io::Result<()> {
        out.write_all(CSV_HEADER.as_bytes())
    }

    #[inline]
    fn write_path<W: Write, F: PathFilter + ?Sized>(
        &mut self,
        out: &mut W,
        number: u128,
        steps: &[Step],
        shared: usize,
        filter: &F,
    ) -> io::Result<()> {
        let advance = self.cursor.advance(steps, shared, filter);
        let pathway = self.cursor.pathway;
        if advance.summary_changed {
            let t = self.cursor.totals();
            let p = t.probability;
            let outcome = &pathway.nodes[advance.outcome];
            let fields = [
                csv_field(&outcome.id),
                outcome.outcome.map_or(String::new(), |c| c.as_str().to_string()),
                number_full(p.low),
                number_full(p.high),
                p.base.map_or(String::new(), number_full),
                p.quantified.to_string(),
                p.approximate.to_string(),
                number_full(t.months.0),
                number_full(t.months.1),
                t.undated.to_string(),
                t.months_approximate.to_string(),
                csv_field(&self.cursor.conditions),
                csv_field(&self.cursor.conditions_words),
            ];
            self.middle.clear();
            for field in fields {
                self.middle.push(b',');
                self.middle.extend_from_slice(field.as_bytes());
            }
            self.middle.push(b',');
        }
        // The steps column does not depend on the filter: what is shared is kept.
        self.blocks.keep(advance.shared);
        self.quoted.truncate(advance.shared);
        let kept = self.blocks.len();
        for (i, step) in steps.iter().enumerate().skip(kept) {
            let (id, quote) = &self.ids[step.node];
            if i > 0 {
                self.blocks.bytes.extend_from_slice(b" > ");
            }
            self.blocks.bytes.extend_from_slice(id.as_bytes());
            self.blocks.close();
            self.quoted.push(self.quoted.last().copied().unwrap_or(0) + usize::from(*quote));
        }
        let quote = self.quoted.last().is_some_and(|&n| n > 0);
        out.write_all(self.cursor.number.show(number))?;
        out.write_all(&self.middle)?;
        if quote {
            out.write_all(b"\"")?;
        }
        out.write_all(&self.blocks.bytes)?;
        if quote {
            out.write_all(b"\"")?;
        }
        out.write_all(if self.cursor.feasible { b",true\r\n" } else { b",false\r\n" })
    }
}
