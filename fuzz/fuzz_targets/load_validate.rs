//! Fuzz target: any bytes as a pathway file → load, validate, render every report format.
//! Must never panic, whatever the input.
#![no_main]

use std::collections::HashMap;

use carepath::diag::{LevelConfig, Sink};
use carepath::load;
use carepath::source::SourceText;
use carepath::report::{self, HumanOptions, ReportFormat, ReportInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut sink = Sink::new(LevelConfig::default());
    match load::load_text(SourceText::new("fuzz.json", text.clone())) {
        Err(diag) => sink.push(*diag),
        Ok(loaded) => carepath::validate::check_pathway(&loaded, &mut sink),
    }
    let diagnostics = sink.into_sorted();
    let texts: HashMap<String, String> = [("fuzz.json".to_string(), text)].into();
    let files = [std::path::PathBuf::from("fuzz.json")];
    let input = ReportInput { files: &files, diagnostics: &diagnostics, read_errors: &[], texts: &texts };
    for format in [ReportFormat::Human, ReportFormat::Json, ReportFormat::Github, ReportFormat::Sarif] {
        let _ = report::render(format, &input, &HumanOptions::default());
    }
});
