//! Conditions on patient factors: the language ([`parse`]), type-checking (`check`), exact
//! analysis (`analysis`), patient profiles ([`Profile`]), every edge's condition compiled once
//! ([`PathwayConditions`]), patient classes ([`PatientClass`]) and incremental path
//! feasibility ([`Feasibility`]).
//!
//! Every condition is compiled to sets of *cells*: each factor's domain is partitioned so
//! that every test in the pathway is constant on each cell (see `analysis.rs`). Questions
//! about "every patient" are then answered exactly by looking at one patient per cell.
//!
//! | file | owns |
//! | --- | --- |
//! | `parse.rs` | the language: text → syntax tree with byte spans |
//! | `check.rs` | type-checking against the factor declarations |
//! | `analysis.rs` | cells, compiled conditions, decision analysis |
//! | `profile.rs` | [`Value`], [`Profile`], `--patient` parsing ([`ProfileError`]) |
//! | `compiled.rs` | [`PathwayConditions`]: every edge's condition, `else` resolved, evaluation |
//! | `classes.rs` | [`PatientClass`], [`PathwayConditions::patient_classes`] ([`ClassesError`]) |
//! | `feasibility.rs` | [`Feasibility`]: a path's conditions, push and pop |
//! | `sets.rs` | [`PatientSet`]: sets of patients as boxes of values, for programs that hold no conditions |
//! | `words.rs` | conditions in words, from the factors' `wording` |
//! | `ahead.rs` | what a profile leaves open: words beyond the profile, factors still to know |

pub(crate) mod analysis;
pub(crate) mod check;
pub mod parse;

mod ahead;
mod classes;
mod compiled;
mod feasibility;
mod profile;
mod sets;
mod words;

pub use analysis::CELL_LIMIT;
pub use classes::{ClassesError, PatientClass};
pub(crate) use compiled::EdgeState;
pub use compiled::PathwayConditions;
pub use feasibility::Feasibility;
pub use profile::{Profile, ProfileError, Value};
pub use sets::{Allowed, PatientBox, PatientSet};
pub use words::{allowed_words, join_and, join_or, profile_words, value_words};

#[cfg(test)]
mod tests;
