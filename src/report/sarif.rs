//! The SARIF 2.1.0 format, for code-scanning dashboards (GitHub code scanning and others).
//! Rule metadata comes from the one registry of rules.

use std::collections::HashMap;

use serde::Serialize;
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
    let index: HashMap<&str, usize> = rules::ALL.iter().enumerate().map(|(i, lint)| (lint.rule.code, i)).collect();
    let results: Vec<SarifResult> = input
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = terminal_safe(&d.message);
            if let Some(help) = &d.help {
                text.push_str(" Help: ");
                text.push_str(&terminal_safe(help));
            }
            let locations = d.file.as_deref().map(|uri| {
                [Location {
                    logical: d.pointer.as_deref().map(|name| [Logical { name, kind: "member" }]),
                    physical: Physical {
                        artifact: Artifact { uri },
                        region: d.location.map(|l| Region { column: l.column, line: l.line }),
                    },
                }]
            });
            SarifResult {
                level: level(d.severity),
                locations,
                message: Text { text },
                rule_id: d.rule.code,
                rule_index: index.get(d.rule.code).copied(),
            }
        })
        .collect();
    let notifications: Vec<Value> = input
        .read_errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": terminal_safe(&e.to_string()) } }))
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations: [json!({
                "executionSuccessful": input.read_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            })],
            results,
            tool: json!({ "driver": {
                "name": "carepath",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_list,
            }}),
        }],
        version: "2.1.0",
    };
    crate::text::escape::json_document(&log)
}

// The log's shape, written field by field (a `serde_json::Value` per result took gigabytes
// for 200,000 findings). Fields are in alphabetical order, as `json!` objects print theirs.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    invocations: [Value; 1],
    results: Vec<SarifResult<'a>>,
    tool: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[Location<'a>; 1]>,
    message: Text,
    rule_id: &'static str,
    rule_index: Option<usize>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Location<'a> {
    #[serde(rename = "logicalLocations", skip_serializing_if = "Option::is_none")]
    logical: Option<[Logical<'a>; 1]>,
    #[serde(rename = "physicalLocation")]
    physical: Physical<'a>,
}

#[derive(Serialize)]
struct Logical<'a> {
    #[serde(rename = "fullyQualifiedName")]
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Physical<'a> {
    #[serde(rename = "artifactLocation")]
    artifact: Artifact<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
struct Region {
    #[serde(rename = "startColumn")]
    column: usize,
    #[serde(rename = "startLine")]
    line: usize,
}
