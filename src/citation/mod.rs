//! Citations checked against their source's own words: the one normalisation and fingerprint
//! of words ([`normalize`]), and a source text read into sections and sentences
//! ([`document`]), and the look-up behind `carepath cite` ([`cite`]).

pub mod cite;
pub mod document;
pub mod normalize;
