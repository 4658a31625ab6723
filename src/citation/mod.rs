//! Citations checked against their source's own words: the one normalisation and fingerprint
//! of words ([`normalize`]), a source text read into sections and sentences ([`document`]),
//! where each source's text is found and read once per run ([`texts`]), where each citation's
//! words are in it ([`spans`]), the look-up behind `carepath cite` ([`cite`]) and the sentences
//! a pathway covers (`carepath coverage`, [`coverage`]).

pub mod cite;
pub mod coverage;
pub mod document;
pub mod normalize;
pub mod spans;
pub mod texts;
