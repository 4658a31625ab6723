//! The JSON Schema of the pathway file format, generated from the serde types in
//! [`crate::model`]. `schema/pathway.schema.json` is this text, kept in sync by a test.

use crate::model::PathwayFile;

/// The schema as pretty-printed JSON, newline-terminated.
pub fn pathway_schema() -> Result<String, serde_json::Error> {
    let schema = schemars::schema_for!(PathwayFile);
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    Ok(text)
}
