//! File rules, CP001–CP003: the file must be UTF-8, JSON, and fit the format. The loader
//! reports them (`src/load.rs`) before there is a pathway to check, and keeps their metadata
//! (`src/load/rules.rs`); these lints register them and test them.

use super::{Check, Lint};
use crate::load;

#[cfg(test)]
use super::fixture::{assert_fires, assert_fires_in, base, sub};

/// CP001 `json-syntax`, reported by the loader.
pub static JSON_SYNTAX: Lint = Lint { rule: &load::rules::JSON_SYNTAX, check: Check::Load };

#[test]
fn cp001_json_syntax() {
    assert_fires(&JSON_SYNTAX, |t| sub(t, r#""version": "1","#, r#""version": "1",,"#));
}

/// CP002 `format`, reported by the loader.
pub static FORMAT: Lint = Lint { rule: &load::rules::FORMAT, check: Check::Load };

#[test]
fn cp002_format() {
    assert_fires(&FORMAT, |t| sub(t, r#""label": "Diagnosis","#, r#""label": "Diagnosis", "colour_typo": "red","#));
}

/// CP003 `invalid-utf8`, reported by the loader.
pub static INVALID_UTF8: Lint = Lint { rule: &load::rules::INVALID_UTF8, check: Check::Load };

#[test]
fn cp003_invalid_utf8() {
    // Saved as Latin-1: é is the single byte 0xE9.
    let text = base("cp003").replace(r#""Diagnosis""#, r#""Diagnosé""#);
    let latin1: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    assert_fires_in(&INVALID_UTF8, "cp003.json", &[("cp003.json", &latin1)]);
}
