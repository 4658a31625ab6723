//! For health-economics modellers: every figure of a pathway as a parameter ([`parameters`],
//! `carepath parameters`), the shape that heemod, dampack and spreadsheet models load; and
//! exact one-way sensitivity of an outcome's chance to each figure ([`sensitivity`](fn@sensitivity),
//! `carepath sensitivity`), as text, JSON, CSV or a tornado chart ([`render_svg`]).
//!
//! A *figure* is a number the file states: the chance of a branch (on a `next` edge) or the
//! length of a step (a phase's or intervention's `duration`). Each is one [`Parameter`] with a
//! stable id, what it is, its low, base and high values, how the source states it, and the
//! citations it rests on. Nothing is made up: a figure the file does not give is not a row,
//! and a base is given only where the file gives one (an exact figure, "about X", a `base`
//! on a range, or a duration whose bounds agree).
//!
//! docs/health-economics.md describes the table and its columns.

mod parameters;
pub mod psa;
pub mod sensitivity;
mod tornado;

pub use parameters::{
    distribution_text, parameters, render_csv, render_json, render_markdown, Parameter, ParameterKind, ParameterSource,
};
pub use psa::{psa, Psa, PsaError, PsaFigure, PsaGroup, Quantity, Role, Summary};
pub use sensitivity::{rescaled, sensitivity, BaseRule, Sensitivity, SensitivityError, SensitivityGroup, Target};
pub use tornado::render_svg;
