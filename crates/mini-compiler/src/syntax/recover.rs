//! Error recovery: after a syntax error, skips tokens the way Go's parser does and splices a
//! token stream from which the LR parser goes on to find the error Go reports next.
//!
//! Go's recursive-descent parser recovers with `advance(followlist...)`: it drops tokens until
//! one of the follow list (or, inside a function, a keyword that starts a statement) and goes
//! on from the state it was in. An LR parser cannot resume from a state, so each rule here
//! rebuilds a stream with the same effect: the tokens before the error (which parse), maybe a
//! stand-in for what Go assumed, then the tokens from where Go resumed. Only the errors of the
//! new parse matter (a file with syntax errors is not type-checked), so the stand-ins can drop
//! or replace anything already parsed.

use crate::lexer::{SemiKind, Spanned, Tok};

/// How Go's parser goes on after an error at token `from`.
#[derive(Clone, Debug, PartialEq)]
pub enum Resume {
    /// No rule reproduces Go here: stop after this error.
    Stop,
    /// At top level, `advance(import, const, type, var, func)`.
    TopLevel { from: usize },
    /// `stmtList`'s error at the end of a statement: skip to `;`, `}`, `case`, `default` or a
    /// statement keyword, and go on with the next statement of the enclosing block.
    Statement { from: usize },
    /// A list missing a separator (`advance(), ], }`): the list ends at the closer found.
    List { from: usize },
    /// A missing operand or type: Go puts a bad expression in and skips to `follow`.
    Operand { from: usize, follow: &'static [Tok] },
    /// `want(tok)`: the token at `from` is dropped and `tok` assumed.
    Want { from: usize, tok: Tok },
    /// A missing `{` after an `if`/`for` header at `keyword`: Go skips to `{` or `}` and
    /// parses the block there.
    Header { keyword: usize, from: usize },
    /// `blockStmt`'s missing `{` after the complete header at `keyword`: the block's
    /// statements start at the next name or `}`.
    Block { keyword: usize, from: usize },
    /// A `switch`/`select` at `keyword` without `{`: the clauses start at `case`, `default`
    /// or `}`.
    Clauses { keyword: usize, from: usize },
    /// `else` at `keyword` not followed by `if` or a block: skip to a name or `}`.
    Else { keyword: usize, from: usize },
    /// A missing `if` condition: Go assumes a bad expression before the `{` at `from`.
    Condition { from: usize },
}

/// Statement keywords: Go's `stopset`, where skipping stops inside a function.
fn in_stopset(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Break
            | Tok::Const
            | Tok::Continue
            | Tok::Defer
            | Tok::Fallthrough
            | Tok::For
            | Tok::Go
            | Tok::Goto
            | Tok::If
            | Tok::Return
            | Tok::Select
            | Tok::Switch
            | Tok::Type
            | Tok::Var
    )
}

/// The first index at or after `from` whose token satisfies `stop`, or the end.
fn skip_to(toks: &[Spanned], from: usize, stop: impl Fn(&Tok) -> bool) -> usize {
    (from..toks.len())
        .find(|&i| stop(&toks[i].1))
        .unwrap_or(toks.len())
}

/// Go's `advance`: the first index at or after `from` whose token is of a kind in `follow`
/// (or a statement keyword, inside a function), or the end of the stream.
fn advance(toks: &[Spanned], from: usize, follow: &[Tok], in_func: bool) -> usize {
    let kind = std::mem::discriminant::<Tok>;
    let listed = |t: &Tok| follow.iter().any(|f| kind(f) == kind(t));
    skip_to(toks, from, |t| listed(t) || in_func && in_stopset(t))
}

/// `advance(_Name, _Rbrace)` inside a function.
fn advance_to_name(toks: &[Spanned], from: usize) -> usize {
    skip_to(toks, from, |t| {
        matches!(t, Tok::Ident(_) | Tok::RBrace) || in_stopset(t)
    })
}

/// A stand-in token at `pos`.
fn synth(pos: u32, tok: Tok) -> Spanned {
    (pos, tok, pos)
}

fn blank() -> Tok {
    Tok::Ident("_".into())
}

/// The position of the token at `i` (the end of the input past the last token).
fn pos_at(toks: &[Spanned], i: usize) -> u32 {
    toks.get(i)
        .or(toks.last())
        .map_or(0, |t| if i < toks.len() { t.0 } else { t.2 })
}

/// `toks[..keep] ++ mid ++ toks[from..]`.
fn splice(toks: &[Spanned], keep: usize, mid: Vec<Tok>, from: usize) -> Vec<Spanned> {
    let pos = pos_at(toks, from);
    let mut out = toks[..keep].to_vec();
    out.extend(mid.into_iter().map(|t| synth(pos, t)));
    out.extend_from_slice(&toks[from..]);
    out
}

/// The token stream to parse next, or `None` when there is nothing left to parse.
pub fn resume(toks: &[Spanned], how: Resume) -> Option<Vec<Spanned>> {
    let f = in_function;
    let stream = match how {
        Resume::Stop => return None,
        Resume::TopLevel { from } => {
            let keywords = [Tok::Import, Tok::Const, Tok::Type, Tok::Var, Tok::Func];
            let r = advance(toks, from, &keywords, false);
            if r >= toks.len() {
                return None;
            }
            let head = vec![Tok::Package, blank(), Tok::Semi(SemiKind::Explicit)];
            splice(toks, 0, head, r)
        }
        Resume::Statement { from } => {
            let follow = [Tok::RBrace, Tok::Case, Tok::Default];
            let r = advance_to_semi(toks, from, &follow);
            splice(toks, statement_start(toks, from), Vec::new(), r)
        }
        Resume::List { from } => {
            let r = advance(
                toks,
                from,
                &[Tok::RParen, Tok::RBrack, Tok::RBrace],
                f(toks, from),
            );
            // A closer of another kind ends the list without closing it: close it here.
            let close = open_closer(toks, from);
            let mid = match toks.get(r) {
                Some((_, t, _)) if Some(t) == close.as_ref() => Vec::new(),
                _ => close.into_iter().collect(),
            };
            splice(toks, from, mid, r)
        }
        Resume::Operand { from, follow } => {
            let r = advance(toks, from, follow, f(toks, from));
            splice(toks, from, vec![blank()], r)
        }
        Resume::Want { from, tok } => {
            if from >= toks.len() {
                return None;
            }
            splice(toks, from, vec![tok], from + 1)
        }
        Resume::Header { keyword, from } => {
            let r = advance(toks, from, &[Tok::LBrace, Tok::RBrace], true);
            if !matches!(toks.get(r), Some((_, Tok::LBrace, _))) {
                return None;
            }
            splice(toks, keyword, header_stand_in(&toks[keyword].1), r)
        }
        Resume::Block { keyword, from } => {
            let r = advance_to_name(toks, from);
            let mut mid = header_stand_in(&toks[keyword].1);
            mid.push(Tok::LBrace);
            splice(toks, keyword, mid, r)
        }
        Resume::Clauses { keyword, from } => {
            let r = advance(toks, from, &[Tok::Case, Tok::Default, Tok::RBrace], true);
            splice(toks, keyword, vec![Tok::Switch, Tok::LBrace], r)
        }
        Resume::Else { keyword, from } => {
            splice(toks, keyword, Vec::new(), advance_to_name(toks, from))
        }
        Resume::Condition { from } => splice(toks, from, vec![blank()], from),
    };
    Some(stream)
}

/// Like `advance` to `;` or `follow`, then Go's `got(;)`: a found `;` is skipped too.
fn advance_to_semi(toks: &[Spanned], from: usize, follow: &[Tok]) -> usize {
    let r = skip_to(toks, from, |t| {
        matches!(t, Tok::Semi(_)) || follow.contains(t) || in_stopset(t)
    });
    match toks.get(r) {
        Some((_, Tok::Semi(_), _)) => r + 1,
        _ => r,
    }
}

/// What stands for an `if` or `for` header whose block Go parses after an error.
fn header_stand_in(keyword: &Tok) -> Vec<Tok> {
    match keyword {
        Tok::If => vec![Tok::If, blank()],
        _ => vec![Tok::For],
    }
}

/// The first token of the statement containing token `at`: after the last `;`, `{` or `:`
/// at the statement's bracket depth.
fn statement_start(toks: &[Spanned], at: usize) -> usize {
    let mut depth = 0i32;
    for i in (0..at.min(toks.len())).rev() {
        match toks[i].1 {
            Tok::RParen | Tok::RBrack | Tok::RBrace => depth += 1,
            Tok::LParen | Tok::LBrack if depth > 0 => depth -= 1,
            Tok::LBrace if depth > 0 => depth -= 1,
            Tok::LBrace => return i + 1,
            Tok::LParen | Tok::LBrack => {}
            Tok::Semi(_) | Tok::Colon if depth == 0 => return i + 1,
            _ => {}
        }
    }
    0
}

/// The closer of the innermost bracket open before `at`.
fn open_closer(toks: &[Spanned], at: usize) -> Option<Tok> {
    let mut stack = Vec::new();
    for (_, t, _) in &toks[..at.min(toks.len())] {
        match t {
            Tok::LParen => stack.push(Tok::RParen),
            Tok::LBrack => stack.push(Tok::RBrack),
            Tok::LBrace => stack.push(Tok::RBrace),
            Tok::RParen | Tok::RBrack | Tok::RBrace => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}

/// Whether token `at` is inside a function body (Go's `fnest > 0`): some open `{` follows a
/// function signature.
fn in_function(toks: &[Spanned], at: usize) -> bool {
    let mut open = Vec::new();
    for (i, (_, t, _)) in toks[..at.min(toks.len())].iter().enumerate() {
        match t {
            Tok::LParen | Tok::LBrack | Tok::LBrace => open.push(i),
            Tok::RParen | Tok::RBrack | Tok::RBrace => {
                open.pop();
            }
            _ => {}
        }
    }
    open.into_iter()
        .any(|i| matches!(toks[i].1, Tok::LBrace) && opens_body(toks, i))
}

/// Whether the `{` at `brace` opens a function body: scanning back over the signature at
/// bracket depth zero reaches `func`.
fn opens_body(toks: &[Spanned], brace: usize) -> bool {
    let mut depth = 0i32;
    for i in (0..brace).rev() {
        match &toks[i].1 {
            Tok::RParen | Tok::RBrack | Tok::RBrace => depth += 1,
            Tok::LParen | Tok::LBrack | Tok::LBrace if depth == 0 => return false,
            Tok::LParen | Tok::LBrack | Tok::LBrace => depth -= 1,
            _ if depth > 0 => {}
            Tok::Func => return true,
            Tok::Ident(_) | Tok::Period | Tok::Mul | Tok::Map | Tok::Chan | Tok::Arrow => {}
            Tok::Struct | Tok::Interface | Tok::Comma | Tok::Ellipsis => {}
            _ => return false,
        }
    }
    false
}
