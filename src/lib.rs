//! carepath: clinical treatment pathways as code.
//!
//! A pathway is one JSON file describing a directed graph of treatment steps (phases,
//! interventions, decisions on patient factors, outcomes). This library loads pathway
//! files with exact source positions ([`load`]), builds their graph ([`graph`]), validates
//! them against a table of rules ([`rules`], [`validate`]), reports diagnostics in
//! several formats ([`report`]), lists every path ([`paths`]) and computes outcome
//! probabilities and time on treatment as exact bounds ([`outcomes`]), draws flowcharts
//! ([`export`]) and puts them together in a self-contained explorer page ([`explorer`]).
//!
//! The public surface is what the `carepath` binary, the benches, the fuzz targets and the
//! tests use, on purpose; each module re-exports its own at its root. `fsutil` and `synth` are
//! public for those callers only and hidden from the docs; docs/architecture.md is the map.
//!
//! carepath documents pathways; it is not medical advice.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Errors are values: input can never reach a panic through these.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::todo, clippy::unimplemented)
)]

pub mod build;
pub mod citation;
pub mod condition;
pub mod diag;
pub mod diff;
pub mod economics;
pub mod explorer;
pub mod export;
pub mod fhir;
#[doc(hidden)]
pub mod fsutil;
pub mod graph;
pub mod import;
pub mod load;
pub mod model;
pub mod outcomes;
pub mod paths;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
mod suggest;
pub mod summary;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod validate;
