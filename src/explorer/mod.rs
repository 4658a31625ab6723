//! The explorer page `out/<id>.html` (`carepath render FILE --format html`): one self-contained
//! HTML file, usable from `file://` with no network, that holds the flowchart (the built-in
//! engine's SVG, with the chart in words for screen readers), one labelled control per factor,
//! and the data carepath computed for every path and patient class. Its script shows the part
//! of the pathway, the paths and the outcome figures of the profile chosen; the profile lives
//! in the URL fragment. The contract, the data's shape and the security measures are in
//! docs/explorer.md.
//!
//! This module is above `export` and `outcomes` (layer 5), whose results it puts together:
//! - `data.rs`: the embedded data (paths with their patients, outcome groups);
//! - `page.rs`: the HTML around it, every string through [`crate::text::escape::html_text`];
//! - `assets/explorer.js` and `assets/explorer.css`: the script and the style, inlined, each
//!   allowed by its hash in the page's Content-Security-Policy.

mod data;
mod page;

pub use data::MAX_PAGE_PATHS;

use crate::condition::PathwayConditions;
use crate::export::{self, Engine, Format, RenderOptions};
use crate::graph::PathwayGraph;
use crate::model::PathwayFile;

/// Why the page could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExplorerError {
    /// Drawing the flowchart failed.
    #[error(transparent)]
    Render(#[from] export::RenderError),
    /// The data could not be written as JSON (it can be for no value built here).
    #[error("the explorer page's data could not be written as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The explorer page of `pathway`, as the bytes of one HTML file.
///
/// Deterministic: the same pathway gives the same bytes (the flowchart is the built-in
/// engine's, the data's keys are sorted, no date or path of this machine is written).
///
/// Complexity: that of the built-in layout, one walk of the feasible paths (at most
/// [`MAX_PAGE_PATHS`] kept) and one outcome analysis per patient class.
pub fn page(pathway: &PathwayFile) -> Result<Vec<u8>, ExplorerError> {
    let svg =
        export::render(pathway, &RenderOptions { format: Format::Svg, engine: Engine::Builtin, highlight: None })?;
    let svg = String::from_utf8_lossy(&svg);
    let conditions = PathwayConditions::new(pathway);
    let flow = PathwayGraph::new(pathway);
    let value = data::page_data(pathway, &conditions, &flow);
    let json = serde_json::to_string(&value)?;
    Ok(page::html(pathway, &conditions, &flow, svg.trim_end(), &json, &value).into_bytes())
}

#[cfg(test)]
mod tests;
