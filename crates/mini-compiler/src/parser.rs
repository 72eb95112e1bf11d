//! The parser: runs the LALRPOP grammar over the lexer's tokens and reports Go-format syntax errors.

use crate::ast::{File, Pos};
use crate::diag::{Diagnostic, LineIndex};
use crate::lexer::{tokenize, SemiKind, Spanned, Tok, Tokens};
use crate::syntax::build::{ActionError, Ctx, SyntaxError};
use crate::syntax::errors::diagnose;
use crate::syntax::ids::renumber;
use crate::syntax::recover::resume;
use lalrpop_util::ParseError;
use std::collections::HashSet;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused)]
    grammar,
    "/mini.rs"
);

/// Most recoveries tried after syntax errors (Go stops at ten reported errors; errors on the
/// line of the previous one are not reported).
const MAX_RECOVERIES: usize = 64;

/// Parses one source file: the tree, or every lexical and syntax error in the order Go
/// reports them.
pub fn parse_file(src: &str) -> Result<File, Vec<Diagnostic>> {
    match parse_file_recovering(src) {
        (Some(file), errors) if errors.is_empty() => Ok(file),
        (_, errors) => Err(errors),
    }
}

/// Like `parse_file`, but also returns the tree when Go goes on to type-check: after lexical
/// errors and errors not worded as syntax errors (it stops only for syntax errors).
pub fn parse_file_recovering(src: &str) -> (Option<File>, Vec<Diagnostic>) {
    let parser = grammar::SourceFileParser::new();
    // The parser pulls the tokens as it goes; a parse that stopped early has not seen every
    // lexical error, so the file is scanned again then.
    let mut tokens = Tokens::new(src);
    let (result, soft) = run(&parser, &mut tokens);
    let lexical = if result.is_ok() {
        tokens.into_errors()
    } else {
        tokenize(src).1
    };
    let mut report = Report::new(src, lexical);
    let syntax = soft.iter().any(is_syntax);
    match result {
        Ok(mut file) if !syntax => {
            report.add_all(soft);
            renumber(&mut file);
            (Some(file), report.errors)
        }
        // Like Go, no syntax error at the end of the input after a lexical error: an
        // unterminated literal or comment is the real problem, and the file is checked.
        Err(ParseError::UnrecognizedEof { .. }) if !report.errors.is_empty() && !syntax => {
            let file = complete_at_eof(&parser, src, &mut report);
            (file, report.errors)
        }
        result => {
            recover(&parser, src, (result, soft), &mut report);
            (None, report.errors)
        }
    }
}

type Outcome = (Result<File, ActionError>, Vec<SyntaxError>);

/// Parses a token stream with a fresh context: the result and the errors the parse went on
/// after.
fn run(parser: &grammar::SourceFileParser, toks: impl IntoIterator<Item = Spanned>) -> Outcome {
    let cx = Ctx::default();
    let result = parser.parse(&cx, toks);
    (result, cx.take_errors())
}

fn is_syntax(e: &SyntaxError) -> bool {
    e.msg.starts_with("syntax error")
}

/// Reports syntax errors one after another as Go's parser finds them: each error is
/// reported, the tokens Go skips are skipped, and the parse goes on.
fn recover(parser: &grammar::SourceFileParser, src: &str, first: Outcome, report: &mut Report) {
    let end = src.len() as Pos;
    let reparse = |toks: Vec<Spanned>| run(parser, toks).0.ok();
    let mut toks = tokenize(src).0;
    let mut outcome = first;
    let mut last: Option<Pos> = None;
    for _ in 0..MAX_RECOVERIES {
        let (result, soft) = outcome;
        report.add_all(soft);
        let err = match result {
            Ok(_) => return,
            // Go drops an error at the end of the input once any error was reported.
            Err(ParseError::UnrecognizedEof { .. }) if !report.errors.is_empty() => return,
            Err(err) => err,
        };
        let (diag, how) = diagnose(err, &toks, end, &reparse);
        if last.is_some_and(|p| diag.pos <= p) {
            return;
        }
        last = Some(diag.pos);
        report.add(diag);
        let Some(next) = resume(&toks, how) else {
            return;
        };
        toks = next;
        outcome = run(parser, toks.clone());
    }
}

/// The tree of a file cut short by a lexical error (an unterminated literal or comment): the
/// brackets still open are closed, as Go's parser does when it meets the end of the input.
fn complete_at_eof(
    parser: &grammar::SourceFileParser,
    src: &str,
    report: &mut Report,
) -> Option<File> {
    let (mut toks, _) = tokenize(src);
    let end = src.len() as Pos;
    for close in open_brackets(&toks).into_iter().rev() {
        let semi = close == Tok::RBrace;
        toks.push((end, close, end));
        if semi {
            toks.push((end, Tok::Semi(SemiKind::Eof), end));
        }
    }
    let (result, soft) = run(parser, toks);
    if soft.iter().any(is_syntax) {
        return None;
    }
    report.add_all(soft);
    let mut file = result.ok()?;
    renumber(&mut file);
    Some(file)
}

/// The closers of the brackets open at the end of `toks`, outermost first.
fn open_brackets(toks: &[Spanned]) -> Vec<Tok> {
    let mut stack = Vec::new();
    for (_, t, _) in toks {
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
    stack
}

/// The errors reported so far, filtered as Go's compiler does: each error once, and at most
/// one syntax error per line.
struct Report {
    lines: LineIndex,
    errors: Vec<Diagnostic>,
    seen: HashSet<(Pos, String)>,
    last_syntax_line: Option<u32>,
}

impl Report {
    fn new(src: &str, lexical: Vec<Diagnostic>) -> Report {
        Report {
            lines: LineIndex::new(src),
            seen: lexical.iter().map(|d| (d.pos, d.msg.clone())).collect(),
            errors: lexical,
            last_syntax_line: None,
        }
    }

    fn add_all(&mut self, errors: Vec<SyntaxError>) {
        for e in errors {
            self.add(Diagnostic::new(e.pos, e.msg));
        }
    }

    fn add(&mut self, d: Diagnostic) {
        if !self.seen.insert((d.pos, d.msg.clone())) {
            return;
        }
        if d.msg.starts_with("syntax error") {
            let line = self.lines.line(d.pos);
            if self.last_syntax_line == Some(line) {
                return;
            }
            self.last_syntax_line = Some(line);
        }
        self.errors.push(d);
    }
}

/// The token stream of `src` as text, one token per line, for snapshots.
pub fn dump_tokens(src: &str) -> String {
    crate::lexer::dump_tokens(src)
}
