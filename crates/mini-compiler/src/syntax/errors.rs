//! Turns LALRPOP parse errors into Go's syntax error messages.
//!
//! Go's recursive-descent parser words each error after what it was parsing ("in argument
//! list; possibly missing comma or )", "expected { after for clause"). An LR parser only knows
//! the unexpected token and the set of tokens it expected, so the context is recovered from
//! that set plus the brackets and keywords before the error.

use super::build::cannot_use_as_value;
use super::build::{ActionError, SyntaxError};
use super::recover::Resume;
use crate::ast::{Decl, File, Pos, Stmt};
use crate::diag::Diagnostic;
use crate::lexer::{SemiKind, Spanned, Tok};
use lalrpop_util::ParseError;

/// Parses a token stream as a whole file; used to re-read a statement in an error context.
pub type Reparse<'a> = &'a dyn Fn(Vec<Spanned>) -> Option<File>;

/// The Go-format diagnostic for a parse error over `toks` (`end` is the source length), and
/// how Go's parser recovers from it.
pub fn diagnose(
    err: ActionError,
    toks: &[Spanned],
    end: Pos,
    reparse: Reparse,
) -> (Diagnostic, Resume) {
    let index_of = |pos: Pos| toks.partition_point(|t| t.0 < pos);
    match err {
        // The only failing action: a `{` after an operand that cannot be a literal type.
        ParseError::User {
            error: SyntaxError { pos, msg },
        } => {
            let from = index_of(pos);
            (Diagnostic::new(pos, msg), Resume::Statement { from })
        }
        ParseError::UnrecognizedToken { token, expected } => {
            let ctx = Context::new(toks, token_index(toks, &token), &expected);
            let diag = ctx
                .misplaced_condition(reparse)
                .unwrap_or_else(|| ctx.message(&token.1, token.0));
            let resume = ctx.resume(&diag.msg);
            (diag, resume)
        }
        ParseError::UnrecognizedEof { expected, .. } => {
            let ctx = Context::new(toks, toks.len(), &expected);
            (ctx.message_at_eof(end), Resume::Stop)
        }
        ParseError::ExtraToken { token } => {
            let msg = format!(
                "syntax error: unexpected {} after top level declaration",
                token.1.describe()
            );
            let from = index_of(token.0);
            (Diagnostic::new(token.0, msg), Resume::TopLevel { from })
        }
        ParseError::InvalidToken { location } => {
            (Diagnostic::new(location, "syntax error"), Resume::Stop)
        }
    }
}

/// The index of `token` in `toks`: the first token at its position that is the same token
/// (a recovery may put stand-in tokens at the same position).
fn token_index(toks: &[Spanned], token: &Spanned) -> usize {
    let first = toks.partition_point(|t| t.0 < token.0);
    (first..toks.len())
        .take_while(|&i| toks[i].0 == token.0)
        .find(|&i| toks[i].1 == token.1)
        .unwrap_or(first)
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

    /// How Go's parser goes on after the error worded `msg` at this token.
    fn resume(&self, msg: &str) -> Resume {
        let from = self.idx;
        let msg = msg.strip_prefix("syntax error: ").unwrap_or(msg);
        let keyword = self.header().map(|h| h.index);
        if let Some(resume) = self.resume_fixed(msg, from) {
            return resume;
        }
        if msg.ends_with("expected { after for clause") || msg.ends_with("after if clause") {
            return keyword.map_or(Resume::Stop, |keyword| Resume::Block { keyword, from });
        }
        if msg.starts_with("missing { after") {
            return keyword.map_or(Resume::Stop, |keyword| Resume::Clauses { keyword, from });
        }
        if msg.ends_with(", expected {") {
            return keyword.map_or(Resume::Stop, |keyword| Resume::Header { keyword, from });
        }
        match msg.rsplit_once(", expected ") {
            Some((_, wanted)) => self.resume_wanting(wanted, from),
            None => Resume::Stop,
        }
    }

    /// Recoveries decided by the message alone.
    fn resume_fixed(&self, msg: &str, from: usize) -> Option<Resume> {
        const TOP: [&str; 3] = [
            "non-declaration statement outside function body",
            "unexpected semicolon or newline before {",
            "imports must appear before other declarations",
        ];
        Some(match msg {
            _ if TOP.contains(&msg) || msg.ends_with("after top level declaration") => {
                Resume::TopLevel { from }
            }
            // A `}` where the grammar wants more (after a function type, which Go's parser
            // takes as an expression) ends the statement in Go.
            _ if msg.ends_with("at end of statement")
                || msg == "unexpected }"
                || msg == "unexpected }, expected type" =>
            {
                Resume::Statement { from }
            }
            _ if msg.contains("; possibly missing") => Resume::List { from },
            "else must be followed by if or statement block" => Resume::Else {
                keyword: from.checked_sub(1)?,
                from,
            },
            "missing condition in if statement" => Resume::Condition { from },
            _ => return None,
        })
    }

    /// Recovery after `unexpected X, expected {wanted}`.
    fn resume_wanting(&self, wanted: &str, from: usize) -> Resume {
        const OPERAND_FOLLOW: &[Tok] = &[Tok::RParen, Tok::RBrack, Tok::RBrace];
        const TYPE_FOLLOW: &[Tok] = &[
            Tok::Comma,
            Tok::Colon,
            Tok::Semi(SemiKind::Explicit),
            Tok::RParen,
            Tok::RBrack,
            Tok::RBrace,
        ];
        let tok = match wanted {
            "expression" => {
                let follow = OPERAND_FOLLOW;
                return Resume::Operand { from, follow };
            }
            "type" => {
                let follow = TYPE_FOLLOW;
                return Resume::Operand { from, follow };
            }
            "semicolon or newline" => Tok::Semi(SemiKind::Explicit),
            "(" => Tok::LParen,
            ")" => Tok::RParen,
            "]" => Tok::RBrack,
            ":" => Tok::Colon,
            _ => return Resume::Stop,
        };
        Resume::Want { from, tok }
    }

    fn prev(&self) -> Option<&Tok> {
        self.idx.checked_sub(1).map(|i| &self.toks[i].1)
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
        let keyword = self.header().map(|h| h.keyword);
        if self.expects("{") && matches!(keyword, Some("switch" | "select")) {
            return Some(format!("missing {{ after {} clause", keyword?));
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
        if let Some(msg) = self.list_error(&what) {
            return msg;
        }
        let open = self.open.map(|(_, kind)| kind);
        let in_block = open == Some(Open::Brace);
        if in_block && self.expects("}") && self.expects("if") {
            return format!("unexpected {what}, expected }}");
        }
        if let Some(msg) = self.header_error(&what) {
            return msg;
        }
        if matches!(self.prev(), Some(Tok::Func)) && self.expects("(") && open.is_some() {
            return format!("unexpected {what}, expected (");
        }
        if self.expects_expression() {
            return format!("unexpected {what}, expected expression");
        }
        if self.expects("map") && self.expects("chan") && !self.expects("lit") {
            return format!("unexpected {what}, expected type");
        }
        if self.expects(";") && in_block {
            return format!("unexpected {what} at end of statement");
        }
        if self.expects(";") && open.is_none() {
            return format!("unexpected {what} after top level declaration");
        }
        match self.structural() {
            Some(exp) => format!("unexpected {what}, expected {exp}"),
            None => format!("unexpected {what}"),
        }
    }

    /// Go's `list` errors: `unexpected X in argument list; possibly missing comma or )`.
    fn list_error(&self, what: &str) -> Option<String> {
        let list = |ctx: &str, sep: &str, close: &str| {
            Some(format!(
                "unexpected {what} in {ctx}; possibly missing {sep} or {close}"
            ))
        };
        let open = self.open.map(|(_, kind)| kind)?;
        match open {
            Open::Call if self.expects(",") && self.expects(")") => {
                list("argument list", "comma", ")")
            }
            Open::Params if self.expects(",") && self.expects(")") => {
                list("parameter list", "comma", ")")
            }
            Open::Brace if self.expects(",") && self.expects("}") && !self.expects(";") => {
                list("composite literal", "comma", "}")
            }
            Open::Struct if self.expects(";") && self.expects("}") => {
                list("struct type", "semicolon or newline", "}")
            }
            Open::Interface if self.expects(";") && self.expects("}") => {
                list("interface type", "semicolon or newline", "}")
            }
            _ => None,
        }
    }

    /// Errors inside an `if` or `for` header: before the first `;` Go wants the block's `{`,
    /// after the whole header it names the clause.
    fn header_error(&self, what: &str) -> Option<String> {
        let header = self.header()?;
        let complete = header.semis == 2 || header.range || header.keyword == "if";
        let after_semi = matches!(self.prev(), Some(Tok::Semi(_)));
        match header.keyword {
            // Go reads a post statement unless the block follows.
            "for" if header.semis == 2 && after_semi => {
                Some(format!("unexpected {what}, expected expression"))
            }
            "for" if header.semis == 1 && self.expects(";") => {
                Some(format!("unexpected {what}, expected semicolon or newline"))
            }
            "if" | "for" if !self.expects("{") => None,
            "if" | "for" if header.semis == 0 && !header.range => {
                Some(format!("unexpected {what}, expected {{"))
            }
            kw @ ("if" | "for") if complete => {
                Some(format!("unexpected {what}, expected {{ after {kw} clause"))
            }
            _ => None,
        }
    }

    /// The error at the end of the input: Go wants the innermost bracket closed.
    fn message_at_eof(&self, end: Pos) -> Diagnostic {
        let close = match self.open.map(|(_, kind)| kind) {
            Some(Open::Brace | Open::Struct | Open::Interface) => Some("}"),
            Some(Open::Call | Open::Params | Open::Paren) => Some(")"),
            Some(Open::Brack) => Some("]"),
            None => None,
        };
        let msg = match close {
            Some(c) => format!("unexpected EOF, expected {c}"),
            None => self.classify(&Tok::Semi(SemiKind::Eof)),
        };
        Diagnostic::new(end, format!("syntax error: {msg}"))
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
            // After a case list Go names only the colon.
            ["comma", ":"] => Some(":".into()),
            [] => None,
            [one] => Some(one.to_string()),
            [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
        }
    }

    /// In `if init; cond` where `cond` (after a newline) is a statement, Go reports that the
    /// statement cannot be a value: `if x > 0` newline `x = 2` newline.
    fn misplaced_condition(&self, reparse: Reparse) -> Option<Diagnostic> {
        let header = self.header()?;
        if header.keyword != "if" || header.semis != 1 || !self.expects("{") {
            return None;
        }
        let semi = (0..self.idx)
            .rev()
            .find(|&i| matches!(self.toks[i].1, Tok::Semi(_)))?;
        let stmt = reparse_stmt(&self.toks[semi + 1..self.idx], reparse)?;
        let pos = match &stmt {
            Stmt::Assign { pos, .. } | Stmt::Send { pos, .. } | Stmt::IncDec { pos, .. } => *pos,
            _ => return None,
        };
        let msg = format!("syntax error: {}", cannot_use_as_value(&stmt));
        Some(Diagnostic::new(pos, msg))
    }

    /// The `if`/`for`/`switch`/`select` header the error is in, if any: the nearest such
    /// keyword at the same bracket depth, not crossing the end of an earlier block statement.
    fn header(&self) -> Option<Header> {
        let start = self.open.map_or(0, |(i, _)| i + 1);
        let mut depth = 0i32;
        let (mut semis, mut range) = (0, false);
        let toks = &self.toks[start..self.idx];
        for (i, (_, t, _)) in toks.iter().enumerate().rev() {
            match t {
                Tok::RParen | Tok::RBrack | Tok::RBrace => depth += 1,
                Tok::LParen | Tok::LBrack | Tok::LBrace => depth -= 1,
                _ if depth != 0 => {}
                Tok::Semi(kind) => {
                    let after_block = i > 0 && matches!(toks[i - 1].1, Tok::RBrace);
                    if after_block || *kind == SemiKind::Eof {
                        return None;
                    }
                    semis += 1;
                }
                Tok::Range => range = true,
                Tok::If | Tok::For | Tok::Switch | Tok::Select => {
                    let keyword = t.keyword()?;
                    return Some(Header {
                        keyword,
                        index: start + i,
                        semis,
                        range,
                    });
                }
                _ => {}
            }
        }
        None
    }
}

/// What precedes the error in an `if`/`for`/`switch`/`select` header.
struct Header {
    keyword: &'static str,
    /// The keyword's token index.
    index: usize,
    /// Semicolons between the keyword and the error.
    semis: usize,
    /// Whether the header is a range clause.
    range: bool,
}

/// Parses `toks` as the only statement of a function body.
fn reparse_stmt(toks: &[Spanned], reparse: Reparse) -> Option<Stmt> {
    let t = |tok: Tok| (0, tok, 0);
    let mut file = vec![
        t(Tok::Package),
        t(Tok::Ident("p".into())),
        t(Tok::Semi(SemiKind::Explicit)),
        t(Tok::Func),
        t(Tok::Ident("f".into())),
        t(Tok::LParen),
        t(Tok::RParen),
        t(Tok::LBrace),
    ];
    file.extend(toks.iter().cloned());
    file.extend([t(Tok::RBrace), t(Tok::Semi(SemiKind::Eof))]);
    let parsed = reparse(file)?;
    match parsed.decls.into_iter().next()? {
        Decl::Func(f) => f.body?.stmts.into_iter().next(),
        _ => None,
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
