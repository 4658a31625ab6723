//! The condition language's lexer and parser: text → [`Expr`] with byte spans.
//!
//! Grammar (precedence `!` > comparisons > `&&` > `||`):
//!
//! ```text
//! condition  := "else" | or
//! or         := and ( "||" and )*
//! and        := unary ( "&&" unary )*
//! unary      := "!" unary | primary
//! primary    := "(" or ")" | "true" | "false"
//!             | IDENT [ cmp value | "in" "[" value ( "," value )* "]" ]
//! cmp        := "==" | "!=" | "<" | "<=" | ">" | ">="
//! value      := IDENT | INTEGER | "true" | "false"
//! ```
//!
//! The parser is recursive descent but bounded: input longer than [`MAX_LENGTH`] bytes or
//! nested deeper than [`MAX_DEPTH`] (parentheses and `!`) is an error, never a stack overflow.

use std::fmt;

/// Longest condition accepted, in bytes.
pub const MAX_LENGTH: usize = 4096;
/// Deepest nesting of parentheses and `!` accepted.
pub const MAX_DEPTH: usize = 64;

/// A byte range `(start, end)` in the decoded condition string.
pub type Span = (usize, usize);

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A constant on the right of a comparison or in an `in [..]` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A bare identifier (an enum value).
    Ident(String),
    /// A decimal integer.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Ident(s) => f.write_str(s),
            Literal::Int(n) => write!(f, "{n}"),
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A parsed (not yet type-checked) condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `true` or `false`.
    Const(bool, Span),
    /// A bare factor name (a boolean factor, if it type-checks).
    Factor(String, Span),
    /// `!e`.
    Not(Box<Expr>, Span),
    /// `a && b && ...` (two or more).
    And(Vec<Expr>),
    /// `a || b || ...` (two or more).
    Or(Vec<Expr>),
    /// `factor op value`.
    Compare {
        /// The factor name and its span.
        factor: (String, Span),
        /// The operator and its span.
        op: (CmpOp, Span),
        /// The constant and its span.
        value: (Literal, Span),
    },
    /// `factor in [v, ...]`.
    In {
        /// The factor name and its span.
        factor: (String, Span),
        /// The constants and their spans.
        values: Vec<(Literal, Span)>,
    },
}

impl Expr {
    /// Every factor name the expression mentions, with its span, in text order.
    ///
    /// Complexity: O(size of the expression), with an explicit stack.
    pub fn factors(&self) -> Vec<(&str, Span)> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Const(..) => {}
                Expr::Factor(name, span) => out.push((name.as_str(), *span)),
                Expr::Not(inner, _) => stack.push(inner),
                Expr::And(items) | Expr::Or(items) => stack.extend(items.iter().rev()),
                Expr::Compare { factor, .. } | Expr::In { factor, .. } => out.push((factor.0.as_str(), factor.1)),
            }
        }
        out
    }
}

/// A parsed `when` string: `else`, or an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// The whole string is `else`.
    Else,
    /// An expression.
    Expr(Expr),
}

/// A syntax error: what was expected, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The offending byte range in the decoded string (empty at the end of input).
    pub span: Span,
    /// What is wrong, e.g. "expected a value after `>=`".
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Int(i64),
    Not,
    And,
    Or,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Cmp(CmpOp),
    In,
    True,
    False,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Int(n) => format!("`{n}`"),
            Tok::Not => "`!`".into(),
            Tok::And => "`&&`".into(),
            Tok::Or => "`||`".into(),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::LBracket => "`[`".into(),
            Tok::RBracket => "`]`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Cmp(op) => format!("`{op}`"),
            Tok::In => "`in`".into(),
            Tok::True => "`true`".into(),
            Tok::False => "`false`".into(),
        }
    }
}

fn err(span: Span, message: impl Into<String>) -> SyntaxError {
    SyntaxError { span, message: message.into() }
}

/// Splits text into tokens with byte spans.
fn lex(text: &str) -> Result<Vec<(Tok, Span)>, SyntaxError> {
    let bytes = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let next = bytes.get(i + 1).copied();
        let two = |tok: Tok| (tok, (start, start + 2));
        let one = |tok: Tok| (tok, (start, start + 1));
        let tok = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => one(Tok::LParen),
            b')' => one(Tok::RParen),
            b'[' => one(Tok::LBracket),
            b']' => one(Tok::RBracket),
            b',' => one(Tok::Comma),
            b'!' if next == Some(b'=') => two(Tok::Cmp(CmpOp::Ne)),
            b'!' => one(Tok::Not),
            b'=' if next == Some(b'=') => two(Tok::Cmp(CmpOp::Eq)),
            b'=' => return Err(err((start, start + 1), "`=` is not an operator; write `==` to compare")),
            b'<' if next == Some(b'=') => two(Tok::Cmp(CmpOp::Le)),
            b'<' => one(Tok::Cmp(CmpOp::Lt)),
            b'>' if next == Some(b'=') => two(Tok::Cmp(CmpOp::Ge)),
            b'>' => one(Tok::Cmp(CmpOp::Gt)),
            b'&' if next == Some(b'&') => two(Tok::And),
            b'&' => return Err(err((start, start + 1), "`&` is not an operator; write `&&` for \"and\"")),
            b'|' if next == Some(b'|') => two(Tok::Or),
            b'|' => return Err(err((start, start + 1), "`|` is not an operator; write `||` for \"or\"")),
            b'0'..=b'9' | b'-' => {
                let mut end = i + 1;
                while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                    end += 1;
                }
                let digits = text.get(start..end).unwrap_or("");
                if digits == "-" {
                    return Err(err((start, end), "expected digits after `-`"));
                }
                if bytes.get(end).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
                    return Err(err((start, end + 1), format!("a name cannot start with a digit: `{digits}...`")));
                }
                let n =
                    digits.parse::<i64>().map_err(|_| err((start, end), format!("integer `{digits}` is too large")))?;
                (Tok::Int(n), (start, end))
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut end = i + 1;
                while bytes.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                    end += 1;
                }
                let word = text.get(start..end).unwrap_or("");
                let tok = match word {
                    "in" => Tok::In,
                    "true" => Tok::True,
                    "false" => Tok::False,
                    _ => Tok::Ident(word.to_string()),
                };
                (tok, (start, end))
            }
            _ => {
                let c = text.get(start..).and_then(|s| s.chars().next()).unwrap_or('?');
                let end = start + c.len_utf8();
                let shown: String = c.escape_debug().collect();
                return Err(err((start, end), format!("unexpected character `{shown}`")));
            }
        };
        i = tok.1 .1;
        toks.push(tok);
    }
    Ok(toks)
}

struct Parser<'t> {
    toks: &'t [(Tok, Span)],
    pos: usize,
    end: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn span(&self) -> Span {
        self.toks.get(self.pos).map_or((self.end, self.end), |(_, s)| *s)
    }

    fn prev_span(&self) -> Span {
        self.pos.checked_sub(1).and_then(|p| self.toks.get(p)).map_or((0, 0), |(_, s)| *s)
    }

    fn bump(&mut self) -> Option<(Tok, Span)> {
        let t = self.toks.get(self.pos).cloned();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(t) => t.describe(),
            None => "the end".into(),
        }
    }

    fn enter(&mut self, at: Span) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(at, format!("the condition is nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.bump();
            if self.peek().is_none() {
                return Err(err(self.span(), "expected a condition after `||`"));
            }
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Expr::Or(items) })
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut items = vec![self.unary()?];
        while self.peek() == Some(&Tok::And) {
            self.bump();
            if self.peek().is_none() {
                return Err(err(self.span(), "expected a condition after `&&`"));
            }
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Expr::And(items) })
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if self.peek() == Some(&Tok::Not) {
            let (_, bang) = self.bump().unwrap_or((Tok::Not, (0, 0)));
            self.enter(bang)?;
            if self.peek().is_none() {
                return Err(err(self.span(), "expected a condition after `!`"));
            }
            if let (Some((Tok::Ident(name), _)), Some((op @ (Tok::Cmp(_) | Tok::In), op_span))) =
                (self.toks.get(self.pos), self.toks.get(self.pos + 1))
            {
                return Err(err(
                    *op_span,
                    format!("`!` binds tighter than {}: write `!({name} ...)` to negate the comparison", op.describe()),
                ));
            }
            let inner = self.unary()?;
            self.depth -= 1;
            let end = match &inner {
                Expr::Const(_, s) | Expr::Factor(_, s) | Expr::Not(_, s) => s.1,
                _ => self.prev_span().1,
            };
            return Ok(Expr::Not(Box::new(inner), (bang.0, end)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let span = self.span();
        match self.bump() {
            Some((Tok::LParen, _)) => {
                self.enter(span)?;
                if self.peek().is_none() {
                    return Err(err(self.span(), "expected a condition after `(`"));
                }
                let inner = self.or()?;
                self.depth -= 1;
                match self.bump() {
                    Some((Tok::RParen, _)) => Ok(inner),
                    Some((t, s)) => {
                        Err(err(s, format!("expected `)` to close the `(` at {}, found {}", span.0 + 1, t.describe())))
                    }
                    None => Err(err(self.span(), format!("expected `)` to close the `(` at {}", span.0 + 1))),
                }
            }
            Some((Tok::True, s)) => Ok(Expr::Const(true, s)),
            Some((Tok::False, s)) => Ok(Expr::Const(false, s)),
            Some((Tok::Ident(name), s)) if name == "else" => Err(err(s, "`else` must be the whole condition")),
            Some((Tok::Ident(name), s)) => self.after_factor(name, s),
            Some((t, s)) => {
                Err(err(s, format!("expected a factor, `!`, `(`, `true` or `false`, found {}", t.describe())))
            }
            None => Err(err(span, "expected a condition")),
        }
    }

    fn after_factor(&mut self, name: String, name_span: Span) -> Result<Expr, SyntaxError> {
        match self.peek() {
            Some(Tok::Cmp(op)) => {
                let op = *op;
                let op_span = self.span();
                self.bump();
                let value = self.value(&format!("after `{op}`"))?;
                Ok(Expr::Compare { factor: (name, name_span), op: (op, op_span), value })
            }
            Some(Tok::In) => {
                self.bump();
                match self.bump() {
                    Some((Tok::LBracket, _)) => {}
                    Some((t, s)) => return Err(err(s, format!("expected `[` after `in`, found {}", t.describe()))),
                    None => return Err(err(self.span(), "expected `[` after `in`")),
                }
                let mut values = vec![self.value("in the list")?];
                loop {
                    match self.bump() {
                        Some((Tok::Comma, _)) => values.push(self.value("after `,`")?),
                        Some((Tok::RBracket, _)) => break,
                        Some((t, s)) => return Err(err(s, format!("expected `,` or `]`, found {}", t.describe()))),
                        None => return Err(err(self.span(), "expected `]` to close the list")),
                    }
                }
                Ok(Expr::In { factor: (name, name_span), values })
            }
            _ => Ok(Expr::Factor(name, name_span)),
        }
    }

    fn value(&mut self, context: &str) -> Result<(Literal, Span), SyntaxError> {
        let span = self.span();
        match self.peek() {
            Some(Tok::Ident(v)) => {
                let v = Literal::Ident(v.clone());
                self.bump();
                Ok((v, span))
            }
            Some(Tok::Int(n)) => {
                let v = Literal::Int(*n);
                self.bump();
                Ok((v, span))
            }
            Some(Tok::True) | Some(Tok::False) => {
                let v = Literal::Bool(self.peek() == Some(&Tok::True));
                self.bump();
                Ok((v, span))
            }
            _ => Err(err(span, format!("expected a value {context}, found {}", self.found()))),
        }
    }
}

/// Parses a `when` string.
///
/// Complexity: O(n) in the length of the text; recursion depth is bounded by [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    if text.len() > MAX_LENGTH {
        return Err(err((0, 0), format!("the condition is {} bytes long; the limit is {MAX_LENGTH}", text.len())));
    }
    if text.trim() == "else" {
        return Ok(Parsed::Else);
    }
    let toks = lex(text)?;
    if toks.is_empty() {
        return Err(err((0, text.len()), "the condition is empty; write a condition or `else`"));
    }
    let mut parser = Parser { toks: &toks, pos: 0, end: text.len(), depth: 0 };
    let expr = parser.or()?;
    if let Some((t, s)) = parser.bump() {
        let message = match t {
            Tok::RParen => "unmatched `)`".to_string(),
            _ => format!("expected `&&`, `||` or the end, found {}", t.describe()),
        };
        return Err(err(s, message));
    }
    Ok(Parsed::Expr(expr))
}
