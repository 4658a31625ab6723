//! Citations checked against their source's own words: the one normalisation and fingerprint
//! of words ([`normalize`]), and a source text read into sections and sentences
//! ([`document`]).

pub mod document;
pub mod normalize;
