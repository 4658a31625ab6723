//! The JSON listing: one document with the pathway, every path as one compact object (keys in
//! sorted order, the shape documented in `docs/paths-and-outcomes.md`), and the counts.

use std::io::{self, Write};

use serde_json::json;

use super::components::{components, intervention_text, Component, Included};
use super::cursor::{Cursor, StepBlocks};
use super::wording::entering_figure;
use super::{Listing, PathFilter, PathWriter};
use crate::graph::PathwayGraph;
use crate::model::{PathwayFile, Probability};
use crate::paths::Step;
use crate::text::number::round12;

/// Appends `value` as JSON (serde_json's own formatting: its string escapes, shortest
/// round-trip floats, `null` for a non-finite float).
///
/// Writing to a `Vec` does not fail, nor does serializing these values (strings, numbers,
/// booleans, unit enums); an error would come back as an I/O error of the listing.
#[inline]
fn push_json<T: serde::Serialize + ?Sized>(buffer: &mut Vec<u8>, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *buffer, value).map_err(io::Error::from)
}

/// `"edge_probability":{..}`: the figure of the chance edge into a step, keys sorted: `about`
/// (the figure the file states, for an approximate one: a number or `[low, high]`),
/// `approximate`, `base`, `high`, `low` (the bounds every computation uses).
fn push_figure(b: &mut Vec<u8>, p: &Probability) -> io::Result<()> {
    b.extend_from_slice(b"\"edge_probability\":{");
    if let Some((low, high)) = p.about {
        b.extend_from_slice(b"\"about\":");
        if low == high && p.base == Some(low) {
            push_json(b, &low)?;
        } else {
            push_json(b, &[low, high])?;
        }
        b.push(b',');
    }
    b.extend_from_slice(b"\"approximate\":");
    push_json(b, &p.is_approximate())?;
    b.extend_from_slice(b",\"base\":");
    push_json(b, &p.base.map(round12))?;
    b.extend_from_slice(b",\"high\":");
    push_json(b, &round12(p.high))?;
    b.extend_from_slice(b",\"low\":");
    push_json(b, &round12(p.low))?;
    b.push(b'}');
    Ok(())
}

/// Appends a component: an intervention as `{"agents":[{"likelihood","name"}..],"combine",
/// "condition","condition_words","edge_note"?,"id","likelihood","note"?,"text"}`, an option set as `{"choose","label","option_set",
/// "options":[intervention..]}` (keys in sorted order; `likelihood` always present).
fn push_component(b: &mut Vec<u8>, component: &Component) -> io::Result<()> {
    match component {
        Component::Single(item) => push_included(b, item),
        Component::Set { set, options } => {
            b.extend_from_slice(b"{\"choose\":");
            push_json(b, set.choose.as_str())?;
            b.extend_from_slice(b",\"label\":");
            push_json(b, &set.label)?;
            b.extend_from_slice(b",\"option_set\":");
            push_json(b, &set.id)?;
            b.extend_from_slice(b",\"options\":[");
            for (k, option) in options.iter().enumerate() {
                if k > 0 {
                    b.push(b',');
                }
                push_included(b, option)?;
            }
            b.extend_from_slice(b"]}");
            Ok(())
        }
    }
}

/// Appends one intervention of a component.
fn push_included(b: &mut Vec<u8>, item: &Included) -> io::Result<()> {
    b.extend_from_slice(b"{\"agents\":[");
    for (k, agent) in item.node.agents.iter().enumerate() {
        if k > 0 {
            b.push(b',');
        }
        b.extend_from_slice(b"{\"likelihood\":");
        push_json(b, agent.likelihood.unwrap_or_default().as_str())?;
        b.extend_from_slice(b",\"name\":");
        push_json(b, &agent.name)?;
        b.push(b'}');
    }
    b.extend_from_slice(b"],\"combine\":");
    push_json(b, &item.node.combine.unwrap_or_default())?;
    b.extend_from_slice(b",\"condition\":");
    push_json(b, &item.condition)?;
    b.extend_from_slice(b",\"condition_words\":");
    push_json(b, &item.condition_words)?;
    if let Some(note) = item.edge_note {
        b.extend_from_slice(b",\"edge_note\":");
        push_json(b, note)?;
    }
    b.extend_from_slice(b",\"id\":");
    push_json(b, &item.node.id)?;
    b.extend_from_slice(b",\"likelihood\":");
    push_json(b, item.likelihood.as_str())?;
    if let Some(note) = &item.node.note {
        b.extend_from_slice(b",\"note\":");
        push_json(b, note)?;
    }
    b.extend_from_slice(b",\"text\":");
    push_json(b, &intervention_text(item.node))?;
    b.push(b'}');
    Ok(())
}

/// The JSON format's writer. Each path is one compact object with its keys in sorted order,
/// the same bytes `serde_json` prints for a `Value` built with `json!` (the shape is
/// documented in `docs/paths-and-outcomes.md`), written directly instead of through a `Value`
/// tree per path: each node's fixed parts are escaped once, each step's object is kept while
/// following paths share it, and the summary fields are rebuilt only when the figures change.
///
/// Complexity: O(V) once, then O(steps not shared with the previous path + includes) per path.
pub(super) struct JsonWriter<'a> {
    cursor: Cursor<'a>,
    /// Per node: `"id":"…"` and `,"kind":"…","label":"…"}` (with `,"note":"…"` when it has
    /// one).
    heads: Vec<Vec<u8>>,
    tails: Vec<Vec<u8>>,
    /// The steps' objects, comma-separated.
    blocks: StepBlocks,
    /// The path object up to `"number":`, then from after the number to the steps' `[`.
    before_number: Vec<u8>,
    after_number: Vec<u8>,
}

impl<'a> JsonWriter<'a> {
    pub(super) fn new(pathway: &'a PathwayFile, flow: &'a PathwayGraph<'a>) -> io::Result<Self> {
        let mut heads = Vec::with_capacity(pathway.nodes.len());
        let mut tails = Vec::with_capacity(pathway.nodes.len());
        for node in &pathway.nodes {
            let mut head = b"\"id\":".to_vec();
            push_json(&mut head, &node.id)?;
            heads.push(head);
            let mut tail = b",\"kind\":".to_vec();
            push_json(&mut tail, node.kind.as_str())?;
            tail.extend_from_slice(b",\"label\":");
            push_json(&mut tail, &node.label)?;
            if let Some(note) = &node.note {
                tail.extend_from_slice(b",\"note\":");
                push_json(&mut tail, note)?;
            }
            tail.push(b'}');
            tails.push(tail);
        }
        Ok(JsonWriter {
            cursor: Cursor::new(pathway, flow),
            heads,
            tails,
            blocks: StepBlocks::default(),
            before_number: Vec::new(),
            after_number: Vec::new(),
        })
    }
}

impl PathWriter for JsonWriter<'_> {
    /// `{`, the pathway's id, title and version, and the opening of the paths array.
    fn begin<W: Write, F: PathFilter + ?Sized>(&mut self, out: &mut W, _filter: &F) -> io::Result<()> {
        let pathway = self.cursor.pathway;
        writeln!(out, "{{")?;
        let head = json!({ "id": pathway.id, "title": pathway.title, "version": pathway.version });
        writeln!(out, "  \"pathway\": {},", head)?;
        write!(out, "  \"paths\": [")
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
        let (pathway, flow) = (self.cursor.pathway, self.cursor.flow);
        if advance.summary_changed {
            let t = self.cursor.totals();
            let outcome = &pathway.nodes[advance.outcome];
            let b = &mut self.before_number;
            b.clear();
            b.extend_from_slice(b"{\"conditions\":");
            push_json(b, &self.cursor.conditions)?;
            b.extend_from_slice(b",\"conditions_words\":");
            push_json(b, &self.cursor.conditions_words)?;
            b.extend_from_slice(b",\"duration_months\":{\"approximate\":");
            push_json(b, &t.months_approximate)?;
            b.extend_from_slice(b",\"max\":");
            push_json(b, &round12(t.months.1))?;
            b.extend_from_slice(b",\"min\":");
            push_json(b, &round12(t.months.0))?;
            b.extend_from_slice(b",\"undated_steps\":");
            push_json(b, &t.undated)?;
            b.extend_from_slice(b"},\"feasible\":");
            push_json(b, &self.cursor.feasible)?;
            b.extend_from_slice(b",\"number\":");
            let b = &mut self.after_number;
            b.clear();
            b.extend_from_slice(b",\"outcome\":{\"category\":");
            push_json(b, &outcome.outcome)?;
            b.extend_from_slice(b",\"id\":");
            push_json(b, &outcome.id)?;
            b.extend_from_slice(b",\"label\":");
            push_json(b, &outcome.label)?;
            let p = t.probability;
            b.extend_from_slice(b"},\"probability\":{\"approximate\":");
            push_json(b, &p.approximate)?;
            b.extend_from_slice(b",\"base\":");
            push_json(b, &p.base.map(round12))?;
            b.extend_from_slice(b",\"high\":");
            push_json(b, &round12(p.high))?;
            b.extend_from_slice(b",\"low\":");
            push_json(b, &round12(p.low))?;
            b.extend_from_slice(b",\"quantified\":");
            push_json(b, &p.quantified)?;
            b.extend_from_slice(b"},\"steps\":[");
        }
        self.blocks.keep(advance.keep);
        let kept = self.blocks.len();
        for (i, step) in steps.iter().enumerate().skip(kept) {
            let node = step.node;
            let b = &mut self.blocks.bytes;
            if i > 0 {
                b.push(b',');
            }
            // Keys in sorted order: `edge_note` (of the edge taken into the step) comes first.
            b.push(b'{');
            if let Some(note) = step.edge.and_then(|e| pathway.edges.get(e)).and_then(|e| e.note.as_ref()) {
                b.extend_from_slice(b"\"edge_note\":");
                push_json(b, note)?;
                b.push(b',');
            }
            if let Some(p) = entering_figure(pathway, flow, steps, i) {
                push_figure(b, p)?;
                b.push(b',');
            }
            b.extend_from_slice(&self.heads[node]);
            if !flow.includes[node].is_empty() {
                let items = components(pathway, flow, node, filter);
                if !items.is_empty() {
                    b.extend_from_slice(b",\"includes\":[");
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            b.push(b',');
                        }
                        push_component(b, item)?;
                    }
                    b.push(b']');
                }
            }
            b.extend_from_slice(&self.tails[node]);
            self.blocks.close();
        }
        out.write_all(if number > 1 { b",\n    " } else { b"\n    " })?;
        out.write_all(&self.before_number)?;
        out.write_all(self.cursor.number.show(number))?;
        out.write_all(&self.after_number)?;
        out.write_all(&self.blocks.bytes)?;
        out.write_all(b"]}")
    }

    /// The end of the paths array, and how many were listed of how many.
    fn end<W: Write>(&mut self, out: &mut W, listing: &Listing) -> io::Result<()> {
        let close = if listing.listed > 0 { "\n  ]" } else { "]" };
        writeln!(out, "{close},")?;
        writeln!(out, "  \"listed\": {},", listing.listed)?;
        writeln!(out, "  \"total\": {},", listing.total)?;
        writeln!(out, "  \"total_exact\": {},", listing.total_exact)?;
        writeln!(out, "  \"truncated\": {}", listing.truncated())?;
        writeln!(out, "}}")
    }
}
