//! Fuzz target: any text as an edge condition in a small pathway with boolean, enum and
//! integer factors → parse, type-check, decision analysis, feasibility walk. Never panics.
#![no_main]

use carepath::condition::{Feasibility, PathwayConditions, Profile};
use carepath::diag::{LevelConfig, Sink};
use carepath::load;
use carepath::source::SourceText;
use libfuzzer_sys::fuzz_target;

const TEMPLATE: &str = r#"{
  "id": "fuzz", "title": "Fuzz", "version": "1",
  "sources": [{ "id": "src", "title": "S" }],
  "factors": [
    { "id": "ph_positive", "type": "boolean", "label": "Ph" },
    { "id": "lineage", "type": "enum", "label": "Lineage", "values": ["B", "T", "NK"] },
    { "id": "age", "type": "integer", "label": "Age", "min": 18, "max": 120, "unit": "years" }
  ],
  "nodes": [
    { "id": "dx", "kind": "start", "label": "Dx", "sources": [{ "source": "src" }] },
    { "id": "d", "kind": "decision", "label": "D", "sources": [{ "source": "src" }] },
    { "id": "a", "kind": "outcome", "outcome": "remission", "label": "A", "sources": [{ "source": "src" }] },
    { "id": "b", "kind": "outcome", "outcome": "refractory", "label": "B", "sources": [{ "source": "src" }] }
  ],
  "edges": [
    { "from": "dx", "to": "d" },
    { "from": "d", "to": "a", "when": WHEN },
    { "from": "d", "to": "b", "when": "else" }
  ]
}"#;

fuzz_target!(|data: &[u8]| {
    let condition = String::from_utf8_lossy(data);
    let _ = carepath::condition::parse::parse(&condition);
    let quoted = serde_json::to_string(condition.as_ref()).unwrap_or_default();
    let text = TEMPLATE.replace("WHEN", &quoted);
    let Ok(loaded) = load::load_text(SourceText::new("fuzz.json", text)) else { return };
    let mut sink = Sink::new(LevelConfig::default());
    carepath::validate::check_pathway(&loaded, &mut sink);
    let conditions = PathwayConditions::new(&loaded.pathway);
    let profile = Profile::new();
    let _ = conditions.patient_classes(&profile, 64);
    let mut feasibility = Feasibility::new(&conditions, &profile);
    if feasibility.enter(0) {
        if feasibility.enter(1) {
            let _ = feasibility.describe();
            feasibility.leave();
        }
        feasibility.leave();
    }
});
