//! Text for every output: escaping for each format ([`escape`]) and numbers, percentages and
//! durations ([`number`]), figures in words ([`words`]) and plain words for patient pages ([`plain`]). Every report, listing and export formats through here, so one
//! figure reads the same everywhere and no string reaches an output unescaped.

pub mod escape;
pub mod number;
pub mod plain;
pub mod words;
