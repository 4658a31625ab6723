//! Fuzz target: any bytes as a pathway → if it loads, list paths (bounded), compute outcomes
//! and render DOT, built-in SVG and Mermaid. Never panics.
#![no_main]

use carepath::condition::{Feasibility, PathwayConditions, Profile};
use carepath::export::{render, Engine, Format, RenderOptions};
use carepath::load;
use carepath::source::SourceText;
use carepath::graph::PathwayGraph;
use carepath::paths::{list, ListOptions, PathFormat, Selection};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(loaded) = load::load_text(SourceText::new("fuzz.json", text)) else { return };
    let pathway = &loaded.pathway;
    if pathway.nodes.len() > 200 || pathway.edges.len() > 400 {
        return; // keep each run fast; size limits are tested elsewhere
    }
    for format in [Format::Dot, Format::Svg, Format::Mermaid] {
        let _ = render(pathway, &RenderOptions { format, engine: Engine::Builtin, highlight: None });
    }
    let conditions = PathwayConditions::new(pathway);
    let profile = Profile::new();
    let flow = PathwayGraph::new(pathway);
    if let Some(selection) = Selection::all(&flow) {
        let mut filter = Feasibility::new(&conditions, &profile);
        let options = ListOptions { format: PathFormat::Json, limit: Some(50), total: None, count_budget: 1000 };
        let _ = list(&mut std::io::sink(), pathway, &flow, &selection, &mut filter, &options);
    }
    let _ = carepath::outcomes::by_patient_class(pathway, &conditions, &profile);
});
