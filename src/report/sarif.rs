//! The SARIF 2.1.0 format, for code-scanning dashboards (GitHub code scanning and others).
//! Rule metadata comes from the one registry of rules.

use serde_json::{json, Value};

use crate::diag::Severity;
use crate::rules;
use crate::text::escape::terminal_safe;

use super::ReportInput;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Renders one SARIF log with one run.
pub fn render(input: &ReportInput) -> Result<String, serde_json::Error> {
    let rule_list: Vec<Value> = rules::ALL
        .iter()
        .map(|lint| lint.rule)
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.rationale },
                "help": {
                    "text": r.fix,
                    "markdown": format!("{}\n\nExample that fails:\n\n```json\n{}\n```\n\nFixed:\n\n```json\n{}\n```", r.fix, r.bad, r.good),
                },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = input
        .diagnostics
        .iter()
        .map(|d| {
            let index = rules::ALL.iter().position(|lint| lint.rule.code == d.rule.code);
            let mut message = terminal_safe(&d.message);
            if let Some(help) = &d.help {
                message.push_str(" Help: ");
                message.push_str(&terminal_safe(help));
            }
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": message },
            });
            if let Some(file) = &d.file {
                let mut physical = json!({ "artifactLocation": { "uri": file } });
                if let Some(l) = d.location {
                    physical["region"] = json!({ "startLine": l.line, "startColumn": l.column });
                }
                let mut location = json!({ "physicalLocation": physical });
                if let Some(pointer) = &d.pointer {
                    location["logicalLocations"] = json!([{ "fullyQualifiedName": pointer, "kind": "member" }]);
                }
                result["locations"] = json!([location]);
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = input
        .read_errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": terminal_safe(&e.to_string()) } }))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "carepath",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_list,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": input.read_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    crate::text::escape::json_document(&log)
}
