//! Turns LALRPOP parse errors into Go's syntax error messages.
//!
//! Go's recursive-descent parser words each error after what it was parsing ("in argument
//! list; possibly missing comma or )", "expected { after for clause"). An LR parser only knows
//! the unexpected token and the set of tokens it expected, so the context is recovered from
//! that set plus the brackets and keywords before the error.

use super::build::{ActionError, SyntaxError};
use crate::ast::Pos;
use crate::diag::Diagnostic;
use crate::lexer::{SemiKind, Spanned, Tok};
use lalrpop_util::ParseError;

/// The Go-format diagnostic for a parse error over `toks`; `end` is the source length.
pub fn diagnose(err: ActionError, toks: &[Spanned], end: Pos) -> Diagnostic {
    match err {
        ParseError::User {
            error: SyntaxError { pos, msg },
        } => Diagnostic::new(pos, msg),
        ParseError::UnrecognizedToken { token, expected } => {
            let idx = toks.partition_point(|t| t.0 < token.0);
            Context::new(toks, idx, &expected).message(&token.1, token.0)
        }
        ParseError::UnrecognizedEof { expected, .. } => {
            Context::new(toks, toks.len(), &expected).message_at_eof(end)
        }
        ParseError::ExtraToken { token } => Diagnostic::new(
            token.0,
            format!(
                "syntax error: unexpected {} after top level declaration",
                token.1.describe()
            ),
        ),
        ParseError::InvalidToken { location } => Diagnostic::new(location, "syntax error"),
    }
}

/// What kind of bracket encloses the error.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Open {
    Call,
    Params,
    Paren,
    Brack,
    Struct,
    Interface,
    Brace,
}

struct Context<'a> {
    toks: &'a [Spanned],
    idx: usize,
    expected: Vec<&'a str>,
    open: Option<(usize, Open)>,
}

impl<'a> Context<'a> {
    fn new(toks: &'a [Spanned], idx: usize, expected: &'a [String]) -> Context<'a> {
        let expected = expected.iter().map(|s| s.trim_matches('"')).collect();
        let open = innermost_open(toks, idx);
        Context {
            toks,
            idx,
            expected,
            open,
        }
    }

    fn expects(&self, t: &str) -> bool {
        self.expected.contains(&t)
    }

    fn prev(&self) -> Option<&Tok> {
        self.idx.checked_sub(1).map(|i| &self.toks[i].1)
    }

    fn message_at_eof(&self, end: Pos) -> Diagnostic {
        let eof = Tok::Semi(SemiKind::Eof);
        let msg = self.classify(&eof);
        Diagnostic::new(end, format!("syntax error: {msg}"))
    }

    fn message(&self, tok: &Tok, pos: Pos) -> Diagnostic {
        if self.idx == 0 || self.idx == 1 && !matches!(self.toks[0].1, Tok::Package) {
            return expected_package(&self.toks[0].1, self.toks[0].0);
        }
        if let Some(msg) = self.special(tok) {
            return Diagnostic::new(pos, format!("syntax error: {msg}"));
        }
        let msg = self.classify(tok);
        Diagnostic::new(pos, format!("syntax error: {msg}"))
    }

    /// Errors whose message does not start with `unexpected X`.
    fn special(&self, tok: &Tok) -> Option<String> {
        let prev = self.prev()?;
        if matches!(prev, Tok::Else) {
            return Some("else must be followed by if or statement block".into());
        }
        if matches!(tok, Tok::LBrace) && matches!(prev, Tok::If) {
            return Some("missing condition in if statement".into());
        }
        if self.at_top_level() && self.expects("func") {
            return Some(self.top_level_start(tok));
        }
        if self.expects("{") && self.header_keyword() == Some("switch") {
            return Some("missing { after switch clause".into());
        }
        if self.expects("{") && self.header_keyword() == Some("select") {
            return Some("missing { after select clause".into());
        }
        None
    }

    /// A top-level token that cannot start a declaration.
    fn top_level_start(&self, tok: &Tok) -> String {
        match tok {
            Tok::Import => "imports must appear before other declarations".into(),
            Tok::LBrace if self.after_bodiless_func() => {
                "unexpected semicolon or newline before {".into()
            }
            _ => "non-declaration statement outside function body".into(),
        }
    }

    /// Whether the previous declaration is a `func` without a body (`func f()` then a newline).
    fn after_bodiless_func(&self) -> bool {
        let mut depth = 0i32;
        for (_, t, _) in self.toks[..self.idx.saturating_sub(1)].iter().rev() {
            match t {
                Tok::RParen | Tok::RBrack | Tok::RBrace => depth += 1,
                Tok::LParen | Tok::LBrack | Tok::LBrace => depth -= 1,
                Tok::Semi(_) if depth == 0 => return false,
                Tok::Func if depth == 0 => return true,
                _ => {}
            }
        }
        false
    }

    fn at_top_level(&self) -> bool {
        self.open.is_none()
    }

    /// The `unexpected X ...` message.
    fn classify(&self, tok: &Tok) -> String {
        let what = tok.describe();
        let list = |ctx: &str, sep: &str, close: &str| {
            format!("unexpected {what} in {ctx}; possibly missing {sep} or {close}")
        };
        let open = self.open.map(|(_, kind)| kind);
        if self.expects(",") && self.expects(")") {
            match open {
                Some(Open::Call) => return list("argument list", "comma", ")"),
                Some(Open::Params) => return list("parameter list", "comma", ")"),
                _ => {}
            }
        }
        if self.expects(",") && self.expects("}") && open == Some(Open::Brace) {
            return list("composite literal", "comma", "}");
        }
        if self.expects(";") && self.expects("}") {
            match open {
                Some(Open::Struct) => return list("struct type", "semicolon or newline", "}"),
                Some(Open::Interface) => {
                    return list("interface type", "semicolon or newline", "}")
                }
                _ => {}
            }
        }
        if self.expects("{") {
            if let Some(kw @ ("if" | "for")) = self.header_keyword() {
                return format!("unexpected {what}, expected {{ after {kw} clause");
            }
        }
        if self.expects_expression() {
            return format!("unexpected {what}, expected expression");
        }
        if self.expects(";") && open == Some(Open::Brace) {
            return format!("unexpected {what} at end of statement");
        }
        if self.expects(";") && open.is_none() {
            return format!("unexpected {what} after top level declaration");
        }
        if self.expects("}") && self.expects("if") && open == Some(Open::Brace) {
            return format!("unexpected {what}, expected }}");
        }
        match self.structural() {
            Some(exp) => format!("unexpected {what}, expected {exp}"),
            None => format!("unexpected {what}"),
        }
    }

    /// Whether the parser wanted an operand and nothing else.
    fn expects_expression(&self) -> bool {
        self.expects("ident") && self.expects("lit") && !self.expects(";")
    }

    /// The structural tokens expected (not operators that could continue an expression),
    /// in Go's wording: `)`, `comma, : or ]`.
    fn structural(&self) -> Option<String> {
        const CLOSERS: [(&str, &str); 5] = [
            ("comma", ","),
            (":", ":"),
            (")", ")"),
            ("]", "]"),
            ("}", "}"),
        ];
        let names: Vec<&str> = CLOSERS
            .iter()
            .filter(|(_, t)| self.expects(t))
            .map(|(name, _)| *name)
            .collect();
        match names.as_slice() {
            [] if self.expects(";") => Some("semicolon or newline".into()),
            [] => None,
            [one] => Some(one.to_string()),
            [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
        }
    }

    /// The `if`/`for`/`switch`/`select` whose header the error is in, if any.
    fn header_keyword(&self) -> Option<&'static str> {
        let start = self.open.map_or(0, |(i, _)| i + 1);
        let mut depth = 0i32;
        for (_, t, _) in self.toks[start..self.idx].iter().rev() {
            match t {
                Tok::RParen | Tok::RBrack | Tok::RBrace => depth += 1,
                Tok::LParen | Tok::LBrack | Tok::LBrace => depth -= 1,
                Tok::If | Tok::For | Tok::Switch | Tok::Select if depth == 0 => {
                    return t.keyword();
                }
                _ => {}
            }
        }
        None
    }
}

/// Go's loader message for a file that does not start with a package clause.
fn expected_package(tok: &Tok, pos: Pos) -> Diagnostic {
    let found = match tok {
        Tok::Ident(name) => name.clone(),
        Tok::Lit(lit) | Tok::Str(lit) => lit.raw.clone(),
        Tok::Semi(SemiKind::Eof) => "'EOF'".into(),
        Tok::Semi(SemiKind::Newline) => "newline".into(),
        t => format!("'{}'", t.text()),
    };
    Diagnostic::new(pos, format!("expected 'package', found {found}"))
}

/// The innermost bracket still open before `idx`, with what it opens.
fn innermost_open(toks: &[Spanned], idx: usize) -> Option<(usize, Open)> {
    let mut stack: Vec<(usize, Open)> = Vec::new();
    for i in 0..idx.min(toks.len()) {
        match toks[i].1 {
            Tok::LParen => stack.push((i, paren_kind(toks, i))),
            Tok::LBrack => stack.push((i, Open::Brack)),
            Tok::LBrace => stack.push((i, brace_kind(toks, i))),
            Tok::RParen | Tok::RBrack | Tok::RBrace => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}

fn brace_kind(toks: &[Spanned], i: usize) -> Open {
    match i.checked_sub(1).map(|p| &toks[p].1) {
        Some(Tok::Struct) => Open::Struct,
        Some(Tok::Interface) => Open::Interface,
        _ => Open::Brace,
    }
}

/// Whether the `(` at `i` opens parameters, call arguments or a plain group.
fn paren_kind(toks: &[Spanned], i: usize) -> Open {
    let tok = |k: usize| i.checked_sub(k).map(|p| &toks[p].1);
    match (tok(1), tok(2)) {
        (Some(Tok::Func), _) => Open::Params,
        (Some(Tok::Ident(_)), Some(Tok::Func)) => Open::Params,
        (Some(Tok::Ident(_)), Some(Tok::RParen)) if after_receiver(toks, i - 2) => Open::Params,
        (Some(Tok::RBrack), _) if closes_type_params(toks, i - 1) => Open::Params,
        (Some(Tok::RParen), _) if closes_params(toks, i - 1) => Open::Params,
        (Some(Tok::Ident(_) | Tok::RParen | Tok::RBrack | Tok::RBrace | Tok::Str(_)), _) => {
            Open::Call
        }
        _ => Open::Paren,
    }
}

/// The index of the bracket that the closer at `close` matches.
fn matching_open(toks: &[Spanned], close: usize) -> Option<usize> {
    let mut depth = 0i32;
    for j in (0..=close).rev() {
        match toks[j].1 {
            Tok::RParen | Tok::RBrack | Tok::RBrace => depth += 1,
            Tok::LParen | Tok::LBrack | Tok::LBrace => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the `)` at `close` ends a method receiver (`func (r T)`).
fn after_receiver(toks: &[Spanned], close: usize) -> bool {
    matching_open(toks, close).is_some_and(|o| o > 0 && matches!(toks[o - 1].1, Tok::Func))
}

/// Whether the `]` at `close` ends a function's type parameters (`func f[T any]`).
fn closes_type_params(toks: &[Spanned], close: usize) -> bool {
    matching_open(toks, close).is_some_and(|o| {
        o > 1 && matches!((&toks[o - 1].1, &toks[o - 2].1), (Tok::Ident(_), Tok::Func))
    })
}

/// Whether the `)` at `close` ends a parameter list (so a `(` after it opens results).
fn closes_params(toks: &[Spanned], close: usize) -> bool {
    matching_open(toks, close).is_some_and(|o| paren_kind(toks, o) == Open::Params)
}
