//! Paths: every way from the start along `next` edges to a terminal outcome, streamed through
//! one reused buffer, counted without listing them where the graph allows, and listed in
//! several formats.
//!
//! - `filter`: which edges a path may take ([`PathFilter`]; the condition-aware
//!   [`crate::condition::Feasibility`], [`MarkInfeasible`], [`Unconditional`]);
//! - `selection`: which paths to list ([`PathOptions`] resolved into a [`Selection`]);
//! - `walk`: the depth-first walk ([`walk`], [`Step`]);
//! - `count`: how many paths there are ([`count`], [`count_paths`], [`count_from_graph`]);
//! - `summary`: what a path amounts to ([`PathSummary`]);
//! - `list`: the listing driver ([`list`]) and one writer per [`PathFormat`], each in its own
//!   file behind one trait (`list/mod.rs` says how to add a format).

mod count;
mod filter;
mod list;
mod selection;
mod summary;
mod walk;

pub use count::{
    count, count_by_enumeration, count_from_graph, count_paths, Count, CountError, CountMethod, COUNT_BUDGET,
};
pub use filter::{MarkInfeasible, PathFilter, Unconditional};
pub(crate) use list::components::{components, Component, Included};
pub use list::{caveats_markdown, list, ListOptions, Listing, PathFormat};
pub use selection::{PathOptions, Selection, SelectionError};
pub(crate) use summary::{Facts, Totals};
pub use summary::{PathSummary, ProbabilityRange};
pub(crate) use walk::walk_sharing;
pub use walk::{walk, Step};

#[cfg(test)]
mod tests;
