//! The pathway's conditions as a CQL library: its parameters are the factors, its defines the
//! conditions of the edges, written both as CQL text and as ELM (the JSON form CQL engines
//! run), which carepath writes itself for its small condition language.
//!
//! | carepath | CQL | ELM |
//! | --- | --- | --- |
//! | `a && b` | `a and b` | `And` (binary, nested from the left) |
//! | `a \|\| b` | `a or b` | `Or` |
//! | `!a` | `not a` | `Not` |
//! | `f` (a boolean factor) | `"f"` | `ParameterRef` |
//! | `f == v`, `!=`, `<`, `<=`, `>`, `>=` | `"f" = 'v'`, `!=`, `<`, ... | `Equal`, `NotEqual`, `Less`, ... |
//! | `f in [a, b]` | `"f" in { 'a', 'b' }` | `In` of a `List` |
//! | `else` | `not ("d -> a" or "d -> b")` (its siblings) | `Not` of an `Or` of `ExpressionRef`s |
//!
//! Enum values are CQL strings, integers CQL integers. Every statement is in the `Unfiltered`
//! context: a condition reads the factors only, never a patient record.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::condition::parse::{self, CmpOp, Expr, Literal, Parsed};
use crate::model::{EdgeKind, FactorType, PathwayFile};

/// The ELM types namespace.
const ELM_TYPES: &str = "urn:hl7-org:elm-types:r1";

/// One define of the library: the condition of one edge.
#[derive(Debug, Clone)]
pub(super) struct Define {
    /// The define's name, e.g. `induction_intensity -> induction_reduced`.
    pub name: String,
    /// The index of its edge in `pathway.edges`.
    pub edge: usize,
}

/// The library: its name, CQL text, ELM and the define of each conditional edge.
#[derive(Debug, Clone)]
pub(super) struct CqlLibrary {
    /// The library's identifier, a CQL identifier made from the pathway id (`AdultAll`).
    pub name: String,
    /// The CQL text.
    pub cql: String,
    /// The ELM as JSON.
    pub elm: Value,
    /// One define per edge with a `when`, in file order.
    pub defines: Vec<Define>,
}

impl CqlLibrary {
    /// The define of edge `edge`, if it has a condition (the defines are in edge order).
    pub fn define_of(&self, edge: usize) -> Option<&str> {
        let k = self.defines.binary_search_by_key(&edge, |d| d.edge).ok()?;
        Some(self.defines[k].name.as_str())
    }
}

/// Why a condition could not be written as CQL (a file that passed validation never fails).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edge {from} -> {to}: the condition `{when}` does not parse ({message}); run `carepath validate`")]
pub struct ConditionError {
    /// The edge's `from`.
    pub from: String,
    /// The edge's `to`.
    pub to: String,
    /// The condition as written.
    pub when: String,
    /// What the parser said.
    pub message: String,
}

/// A CQL identifier made from a pathway id: its alphanumeric runs capitalised and joined
/// (`adult-all` → `AdultAll`), with `P` in front when it would start with a digit.
pub(super) fn library_name(id: &str) -> String {
    let mut name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'P');
    }
    // CQL's type names cannot name a library (`library List` does not translate).
    const TYPES: [&str; 20] = [
        "Any",
        "Boolean",
        "Choice",
        "Code",
        "CodeSystem",
        "Concept",
        "Date",
        "DateTime",
        "Decimal",
        "Integer",
        "Interval",
        "List",
        "Long",
        "Quantity",
        "Ratio",
        "String",
        "Time",
        "Tuple",
        "ValueSet",
        "Vocabulary",
    ];
    if TYPES.contains(&name.as_str()) {
        name.push_str("Pathway");
    }
    name
}

/// A CQL quoted identifier: `"name"`, with `"` and `\` escaped.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A CQL string literal: `'text'`, with `'` and `\` escaped.
fn string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The define name of an edge: `from -> to` for flow, `from includes to` for composition.
fn define_name(from: &str, to: &str, kind: EdgeKind) -> String {
    match kind {
        EdgeKind::Next => format!("{from} -> {to}"),
        EdgeKind::Includes => format!("{from} includes {to}"),
    }
}

/// The CQL and ELM type of a factor.
fn factor_type(kind: FactorType) -> (&'static str, &'static str) {
    match kind {
        FactorType::Boolean => ("Boolean", "Boolean"),
        FactorType::Enum => ("String", "String"),
        FactorType::Integer => ("Integer", "Integer"),
    }
}

/// The library of a pathway's conditions.
///
/// Complexity: O(total size of the conditions + edges × (siblings + log edges)).
pub(super) fn library(pathway: &PathwayFile) -> Result<CqlLibrary, ConditionError> {
    let name = library_name(&pathway.id);
    let mut cql = format!(
        "library {name} version {}\n\n// The conditions of the carepath pathway `{}`: each factor is a parameter, each\n\
         // edge's condition a define. Generated by carepath; do not edit by hand.\n\n",
        string(&pathway.version),
        pathway.id.replace(['\n', '\r'], " ")
    );
    let mut parameters = Vec::new();
    for factor in &pathway.factors {
        let (cql_type, elm_type) = factor_type(factor.kind);
        cql.push_str(&format!("parameter {} {cql_type}\n", quoted(&factor.id)));
        parameters.push(json!({
            "name": factor.id,
            "accessLevel": "Public",
            "parameterTypeSpecifier": {"type": "NamedTypeSpecifier", "name": format!("{{{ELM_TYPES}}}{elm_type}")},
        }));
    }
    cql.push_str("\ncontext Unfiltered\n");

    let mut defines = Vec::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (i, edge) in pathway.edges.iter().enumerate() {
        if edge.when.is_none() {
            continue;
        }
        let base = define_name(&edge.from, &edge.to, edge.kind);
        let seen = used.entry(base.clone()).or_insert(0);
        *seen += 1;
        let name = if *seen == 1 { base } else { format!("{base} ({seen})") };
        defines.push(Define { name, edge: i });
    }
    // The edges out of each node, by kind: an `else` is the negation of its siblings.
    let mut groups: BTreeMap<(&str, EdgeKind), Vec<usize>> = BTreeMap::new();
    for (i, e) in pathway.edges.iter().enumerate() {
        groups.entry((e.from.as_str(), e.kind)).or_default().push(i);
    }
    let mut statements = Vec::new();
    for define in &defines {
        let edge = &pathway.edges[define.edge];
        let when = edge.when.as_deref().unwrap_or_default();
        let parsed = parse::parse(when).map_err(|e| ConditionError {
            from: edge.from.clone(),
            to: edge.to.clone(),
            when: when.to_string(),
            message: e.message,
        })?;
        let (text, elm) = match parsed {
            Parsed::Expr(expr) => (cql_text(&expr, 0), elm_of(&expr)),
            Parsed::Else => {
                let group = groups.get(&(edge.from.as_str(), edge.kind)).map_or(&[][..], Vec::as_slice);
                let others = group.iter().copied().filter(|&j| j != define.edge);
                // An unconditional sibling holds for everyone, so `else` holds for no one.
                let unconditional = others.clone().any(|j| pathway.edges[j].when.is_none());
                let siblings: Vec<&Define> = others
                    .filter(|&j| !is_else(pathway.edges[j].when.as_deref()))
                    .filter_map(|j| defines.binary_search_by_key(&j, |d| d.edge).ok().map(|k| &defines[k]))
                    .collect();
                else_of(&siblings, unconditional)
            }
        };
        cql.push_str(&format!("\n// {}\ndefine {}:\n  {text}\n", comment(when), quoted(&define.name)));
        statements.push(json!({
            "name": define.name,
            "context": "Unfiltered",
            "accessLevel": "Public",
            "expression": elm,
        }));
    }
    let elm = json!({
        "library": {
            "identifier": {"id": name, "version": pathway.version},
            "schemaIdentifier": {"id": "urn:hl7-org:elm", "version": "r1"},
            "usings": {"def": [{"localIdentifier": "System", "uri": ELM_TYPES}]},
            "parameters": {"def": parameters},
            "contexts": {"def": [{"name": "Unfiltered"}]},
            "statements": {"def": statements},
        }
    });
    Ok(CqlLibrary { name, cql, elm, defines })
}

fn is_else(when: Option<&str>) -> bool {
    when.is_some_and(|w| w.trim() == "else")
}

/// A condition as it stands in a one-line CQL comment.
fn comment(when: &str) -> String {
    format!("carepath: {}", when.replace(['\n', '\r'], " "))
}

/// `else`: no sibling's condition holds.
fn else_of(siblings: &[&Define], unconditional: bool) -> (String, Value) {
    if unconditional {
        return ("false".into(), literal_bool(false));
    }
    if siblings.is_empty() {
        return ("true".into(), literal_bool(true));
    }
    let refs: Vec<String> = siblings.iter().map(|d| quoted(&d.name)).collect();
    let text = if refs.len() == 1 { format!("not {}", refs[0]) } else { format!("not ({})", refs.join(" or ")) };
    let elm_refs = siblings.iter().map(|d| json!({"type": "ExpressionRef", "name": d.name})).collect();
    (text, json!({"type": "Not", "operand": fold("Or", elm_refs)}))
}

/// Binding strength of CQL operators, loosest first, for parentheses: in CQL's grammar `not`
/// binds tighter than comparisons (`not "age" >= 18` reads `(not "age") >= 18`), so a
/// comparison under `not` is parenthesised.
const OR: u8 = 1;
const AND: u8 = 2;
const COMPARE: u8 = 3;
const NOT: u8 = 4;

/// An expression as CQL text, parenthesised where it sits inside an operator binding at
/// least as tight as `outer`.
fn cql_text(expr: &Expr, outer: u8) -> String {
    let wrap = |text: String, own: u8| if own < outer { format!("({text})") } else { text };
    match expr {
        Expr::Const(b, _) => b.to_string(),
        Expr::Factor(name, _) => quoted(name),
        Expr::Not(inner, _) => wrap(format!("not {}", cql_text(inner, NOT)), NOT),
        Expr::And(items) => wrap(items.iter().map(|e| cql_text(e, AND + 1)).collect::<Vec<_>>().join(" and "), AND),
        Expr::Or(items) => wrap(items.iter().map(|e| cql_text(e, OR + 1)).collect::<Vec<_>>().join(" or "), OR),
        Expr::Compare { factor, op, value } => {
            let op = match op.0 {
                CmpOp::Eq => "=",
                other => other.as_str(),
            };
            wrap(format!("{} {op} {}", quoted(&factor.0), literal_text(&value.0)), COMPARE)
        }
        Expr::In { factor, values } => {
            let list: Vec<String> = values.iter().map(|(v, _)| literal_text(v)).collect();
            wrap(format!("{} in {{ {} }}", quoted(&factor.0), list.join(", ")), COMPARE)
        }
    }
}

fn literal_text(value: &Literal) -> String {
    match value {
        Literal::Ident(s) => string(s),
        Literal::Int(n) => n.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}

/// An expression as ELM.
fn elm_of(expr: &Expr) -> Value {
    match expr {
        Expr::Const(b, _) => literal_bool(*b),
        Expr::Factor(name, _) => parameter(name),
        Expr::Not(inner, _) => json!({"type": "Not", "operand": elm_of(inner)}),
        Expr::And(items) => fold("And", items.iter().map(elm_of).collect()),
        Expr::Or(items) => fold("Or", items.iter().map(elm_of).collect()),
        Expr::Compare { factor, op, value } => {
            let kind = match op.0 {
                CmpOp::Eq => "Equal",
                CmpOp::Ne => "NotEqual",
                CmpOp::Lt => "Less",
                CmpOp::Le => "LessOrEqual",
                CmpOp::Gt => "Greater",
                CmpOp::Ge => "GreaterOrEqual",
            };
            json!({"type": kind, "operand": [parameter(&factor.0), literal(&value.0)]})
        }
        Expr::In { factor, values } => json!({
            "type": "In",
            "operand": [parameter(&factor.0), {"type": "List", "element": values.iter().map(|(v, _)| literal(v)).collect::<Vec<_>>()}],
        }),
    }
}

/// A binary ELM operator over two or more operands, nested from the left.
fn fold(kind: &str, operands: Vec<Value>) -> Value {
    let mut operands = operands.into_iter();
    let first = operands.next().unwrap_or_else(|| literal_bool(kind == "And"));
    operands.fold(first, |left, right| json!({"type": kind, "operand": [left, right]}))
}

fn parameter(name: &str) -> Value {
    json!({"type": "ParameterRef", "name": name})
}

fn literal_bool(b: bool) -> Value {
    json!({"type": "Literal", "valueType": format!("{{{ELM_TYPES}}}Boolean"), "value": b.to_string()})
}

fn literal(value: &Literal) -> Value {
    let (kind, text) = match value {
        Literal::Ident(s) => ("String", s.clone()),
        Literal::Int(n) => ("Integer", n.to_string()),
        Literal::Bool(b) => ("Boolean", b.to_string()),
    };
    json!({"type": "Literal", "valueType": format!("{{{ELM_TYPES}}}{kind}"), "value": text})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(when: &str) -> String {
        match parse::parse(when).unwrap() {
            Parsed::Expr(e) => cql_text(&e, 0),
            Parsed::Else => "else".into(),
        }
    }

    #[test]
    fn conditions_translate_with_the_parentheses_cql_needs() {
        assert_eq!(text("age > 65 && !ph_positive"), "\"age\" > 65 and not \"ph_positive\"");
        assert_eq!(text("(a || b) && c"), "(\"a\" or \"b\") and \"c\"");
        assert_eq!(text("a || b && c"), "\"a\" or \"b\" and \"c\"");
        assert_eq!(text("!(a && b)"), "not (\"a\" and \"b\")");
        assert_eq!(text("lineage in [B, T]"), "\"lineage\" in { 'B', 'T' }");
        assert_eq!(text("lineage == B"), "\"lineage\" = 'B'");
        assert_eq!(text("x != true"), "\"x\" != true");
        assert_eq!(text("!(age >= 18)"), "not (\"age\" >= 18)");
        assert_eq!(text("!(lineage in [B])"), "not (\"lineage\" in { 'B' })");
        assert_eq!(text("!!a && b"), "not not \"a\" and \"b\"");
    }

    #[test]
    fn library_names_are_cql_identifiers() {
        assert_eq!(library_name("adult-all"), "AdultAll");
        assert_eq!(library_name("2024_pathway.v2"), "P2024PathwayV2");
        assert_eq!(library_name("---"), "P");
        assert_eq!(library_name("list"), "ListPathway");
    }

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(string("it's"), "'it\\'s'");
    }

    #[test]
    fn binary_operators_nest_from_the_left() {
        let v = fold("And", vec![json!(1), json!(2), json!(3)]);
        assert_eq!(v, json!({"type": "And", "operand": [{"type": "And", "operand": [1, 2]}, 3]}));
    }
}
