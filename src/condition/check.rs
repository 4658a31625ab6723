//! Type-checking conditions against the pathway's factor declarations: [`Expr`] → [`Typed`].
//!
//! Names must be declared factors, enum values must be declared values, each comparison
//! must fit its factor's type, and integer constants must lie within the factor's bounds.

use std::collections::BTreeMap;

use super::parse::{CmpOp, Expr, Literal, Span};
use crate::model::{Factor, FactorType};

/// What kind of problem a condition has (each maps to one validation rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// CP040: the text does not parse.
    Syntax,
    /// CP041: a name that is not a declared factor.
    UnknownFactor,
    /// CP042: an enum value that is not declared.
    UnknownValue,
    /// CP043: a comparison that does not fit the factor's type.
    TypeMismatch,
    /// CP044: an integer constant outside the factor's bounds.
    OutOfBounds,
}

/// One problem in a condition, located in the decoded string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    /// Which rule it breaks.
    pub kind: ErrorKind,
    /// Byte range in the decoded condition string.
    pub span: Span,
    /// One sentence: what is wrong.
    pub message: String,
    /// What to do, where there is something specific to say.
    pub help: Option<String>,
}

/// A type-checked condition; factors are indices into the pathway's `factors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// `true` or `false`.
    Const(bool),
    /// A test of one factor.
    Atom(usize, Pred),
    /// Negation.
    Not(Box<Typed>),
    /// Conjunction.
    And(Vec<Typed>),
    /// Disjunction.
    Or(Vec<Typed>),
}

/// A test of one factor's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pred {
    /// A boolean factor equals this value.
    Bool(bool),
    /// An enum factor's value is one of these (indices into `values`).
    EnumIn(Vec<usize>),
    /// An integer factor compared with a constant.
    IntCmp(CmpOp, i64),
    /// An integer factor equals one of these.
    IntIn(Vec<i64>),
}

impl Pred {
    /// Whether an integer value satisfies an integer predicate (false for other kinds).
    pub fn holds_int(&self, v: i64) -> bool {
        match self {
            Pred::IntCmp(op, k) => match op {
                CmpOp::Eq => v == *k,
                CmpOp::Ne => v != *k,
                CmpOp::Lt => v < *k,
                CmpOp::Le => v <= *k,
                CmpOp::Gt => v > *k,
                CmpOp::Ge => v >= *k,
            },
            Pred::IntIn(list) => list.contains(&v),
            _ => false,
        }
    }
}

/// Factor lookup: id → index of its first declaration.
pub fn factor_index(factors: &[Factor]) -> BTreeMap<&str, usize> {
    let mut map = BTreeMap::new();
    for (i, f) in factors.iter().enumerate() {
        map.entry(f.id.as_str()).or_insert(i);
    }
    map
}

/// `a, b and c` style list of declared enum values: `B, T`.
pub fn list_values(values: &[String]) -> String {
    values.join(", ")
}

/// The bounds of an integer factor as text: `between 18 and 120 (years)`.
pub fn bounds_text(f: &Factor) -> String {
    let unit = f.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
    match (f.min, f.max) {
        (Some(lo), Some(hi)) => format!("between {lo} and {hi}{unit}"),
        (Some(lo), None) => format!("at least {lo}{unit}"),
        (None, Some(hi)) => format!("at most {hi}{unit}"),
        (None, None) => format!("a whole number{unit}"),
    }
}

struct Checker<'f> {
    factors: &'f [Factor],
    index: BTreeMap<&'f str, usize>,
    errors: Vec<ConditionError>,
}

impl Checker<'_> {
    fn error(&mut self, kind: ErrorKind, span: Span, message: String, help: Option<String>) {
        self.errors.push(ConditionError { kind, span, message, help });
    }

    fn factor(&mut self, name: &str, span: Span) -> Option<usize> {
        if let Some(&i) = self.index.get(name) {
            return Some(i);
        }
        let ids: Vec<&str> = self.factors.iter().map(|f| f.id.as_str()).collect();
        let (message, help) = match crate::suggest::closest(name, ids.iter().copied()) {
            Some(near) => (
                format!("unknown factor `{name}`; did you mean `{near}`?"),
                format!("correct the name, or declare `{name}` in `factors`"),
            ),
            None if ids.is_empty() => (
                format!("unknown factor `{name}`: the pathway declares no factors"),
                format!("declare `{name}` in `factors`"),
            ),
            None => (
                format!("unknown factor `{name}`; declared factors: {}", sorted(&ids).join(", ")),
                format!("correct the name, or declare `{name}` in `factors`"),
            ),
        };
        self.error(ErrorKind::UnknownFactor, span, message, Some(help));
        None
    }

    fn enum_value(&mut self, f: usize, lit: &Literal, span: Span) -> Option<usize> {
        let factor = &self.factors[f];
        let text = match lit {
            Literal::Ident(s) => s.clone(),
            Literal::Int(n) => n.to_string(),
            Literal::Bool(b) => b.to_string(),
        };
        if let Some(i) = factor.values.iter().position(|v| *v == text) {
            return Some(i);
        }
        let values: Vec<&str> = factor.values.iter().map(String::as_str).collect();
        let near = crate::suggest::closest(&text, values.iter().copied())
            .or_else(|| values.iter().find(|v| v.eq_ignore_ascii_case(&text)).copied());
        let hint = near.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
        self.error(
            ErrorKind::UnknownValue,
            span,
            format!(
                "`{text}` is not a value of `{}`, which is one of {}{hint}",
                factor.id,
                list_values(&factor.values)
            ),
            Some(format!("use one of {}, or declare `{text}` in the factor's `values`", list_values(&factor.values))),
        );
        None
    }

    fn int_value(&mut self, f: usize, lit: &Literal, span: Span) -> Option<i64> {
        let factor = &self.factors[f];
        let Literal::Int(n) = lit else {
            self.error(
                ErrorKind::TypeMismatch,
                span,
                format!("`{}` is an integer factor; compare it with a number, not `{lit}`", factor.id),
                Some(format!("e.g. `{} >= {}`", factor.id, factor.min.unwrap_or(0))),
            );
            return None;
        };
        // Bounds that contradict each other are reported by CP048; do not cascade.
        if let (Some(lo), Some(hi)) = (factor.min, factor.max) {
            if lo > hi {
                return Some(*n);
            }
        }
        let below = factor.min.is_some_and(|lo| *n < lo);
        let above = factor.max.is_some_and(|hi| *n > hi);
        if below || above {
            self.error(
                ErrorKind::OutOfBounds,
                span,
                format!("{n} is outside the bounds of `{}`, which is {}", factor.id, bounds_text(factor)),
                Some("use a threshold within the bounds, or widen the declaration".into()),
            );
            return None;
        }
        Some(*n)
    }

    /// Checks an expression. Complexity: O(size) — the parser bounds the depth.
    fn expr(&mut self, e: &Expr) -> Option<Typed> {
        match e {
            Expr::Const(b, _) => Some(Typed::Const(*b)),
            Expr::Factor(name, span) => {
                let f = self.factor(name, *span)?;
                let factor = &self.factors[f];
                match factor.kind {
                    FactorType::Boolean => Some(Typed::Atom(f, Pred::Bool(true))),
                    FactorType::Enum => {
                        let example = factor.values.first().map_or("VALUE", String::as_str);
                        self.error(
                            ErrorKind::TypeMismatch,
                            *span,
                            format!("`{name}` is an enum factor; compare it with a value, e.g. `{name} == {example}`"),
                            Some(format!("{name} is one of {}", list_values(&factor.values))),
                        );
                        None
                    }
                    FactorType::Integer => {
                        let example = factor.min.unwrap_or(0);
                        self.error(
                            ErrorKind::TypeMismatch,
                            *span,
                            format!(
                                "`{name}` is an integer factor; compare it with a number, e.g. `{name} >= {example}`"
                            ),
                            None,
                        );
                        None
                    }
                }
            }
            Expr::Not(inner, _) => Some(Typed::Not(Box::new(self.expr(inner)?))),
            Expr::And(items) | Expr::Or(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match self.expr(item) {
                        Some(t) => out.push(t),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Some(if matches!(e, Expr::And(_)) { Typed::And(out) } else { Typed::Or(out) })
            }
            Expr::Compare { factor, op, value } => {
                let f = self.factor(&factor.0, factor.1)?;
                let kind = self.factors[f].kind;
                match kind {
                    FactorType::Boolean => match (op.0, &value.0) {
                        (CmpOp::Eq | CmpOp::Ne, Literal::Bool(b)) => {
                            Some(Typed::Atom(f, Pred::Bool(if op.0 == CmpOp::Eq { *b } else { !*b })))
                        }
                        (CmpOp::Eq | CmpOp::Ne, lit) => {
                            let msg = format!("`{}` is a boolean factor; it is true or false, not `{lit}`", factor.0);
                            self.error(ErrorKind::TypeMismatch, value.1, msg, Some(self.bool_help(&factor.0)));
                            None
                        }
                        (op_kind, _) => {
                            let msg = format!("`{}` is a boolean factor; `{op_kind}` does not apply to it", factor.0);
                            self.error(ErrorKind::TypeMismatch, op.1, msg, Some(self.bool_help(&factor.0)));
                            None
                        }
                    },
                    FactorType::Enum => match op.0 {
                        CmpOp::Eq | CmpOp::Ne => {
                            let v = self.enum_value(f, &value.0, value.1)?;
                            let set = if op.0 == CmpOp::Eq {
                                vec![v]
                            } else {
                                (0..self.factors[f].values.len()).filter(|&i| i != v).collect()
                            };
                            Some(Typed::Atom(f, Pred::EnumIn(set)))
                        }
                        other => {
                            let msg = format!(
                                "`{}` is an enum factor; `{other}` does not apply to it (use `==`, `!=` or `in [..]`)",
                                factor.0
                            );
                            self.error(ErrorKind::TypeMismatch, op.1, msg, None);
                            None
                        }
                    },
                    FactorType::Integer => {
                        let n = self.int_value(f, &value.0, value.1)?;
                        Some(Typed::Atom(f, Pred::IntCmp(op.0, n)))
                    }
                }
            }
            Expr::In { factor, values } => {
                let f = self.factor(&factor.0, factor.1)?;
                match self.factors[f].kind {
                    FactorType::Boolean => {
                        let msg = format!("`{}` is a boolean factor; `in [..]` does not apply to it", factor.0);
                        let help = self.bool_help(&factor.0);
                        self.error(ErrorKind::TypeMismatch, factor.1, msg, Some(help));
                        None
                    }
                    FactorType::Enum => {
                        let mut set = Vec::new();
                        let mut ok = true;
                        for (lit, span) in values {
                            match self.enum_value(f, lit, *span) {
                                Some(v) => set.push(v),
                                None => ok = false,
                            }
                        }
                        set.sort_unstable();
                        set.dedup();
                        ok.then_some(Typed::Atom(f, Pred::EnumIn(set)))
                    }
                    FactorType::Integer => {
                        let mut set = Vec::new();
                        let mut ok = true;
                        for (lit, span) in values {
                            match self.int_value(f, lit, *span) {
                                Some(v) => set.push(v),
                                None => ok = false,
                            }
                        }
                        set.sort_unstable();
                        set.dedup();
                        ok.then_some(Typed::Atom(f, Pred::IntIn(set)))
                    }
                }
            }
        }
    }

    fn bool_help(&self, name: &str) -> String {
        format!("write `{name}` or `!{name}`")
    }
}

fn sorted<'a>(ids: &[&'a str]) -> Vec<&'a str> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Type-checks a parsed expression against the declared factors.
///
/// Returns every problem found (not only the first), in text order.
/// Complexity: O(size of the expression × log(factors)).
pub fn check(expr: &Expr, factors: &[Factor]) -> Result<Typed, Vec<ConditionError>> {
    let mut checker = Checker { factors, index: factor_index(factors), errors: Vec::new() };
    let typed = checker.expr(expr);
    match typed {
        Some(t) if checker.errors.is_empty() => Ok(t),
        _ => {
            let mut errors = checker.errors;
            errors.sort_by_key(|e| e.span);
            Err(errors)
        }
    }
}
