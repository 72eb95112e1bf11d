//! The parser: runs the LALRPOP grammar over the lexer's tokens and reports Go-format syntax errors.

use crate::ast::{File, Pos};
use crate::diag::Diagnostic;
use crate::lexer::{tokenize, Spanned};
use crate::syntax::errors::diagnose;
use crate::syntax::ids::renumber;
use lalrpop_util::ParseError;
use std::cell::Cell;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused)]
    grammar,
    "/mini.rs"
);

/// Parses one source file. Lexical errors are all reported (Go reports every one); of the
/// syntax errors only the first, which is the one Go reports first.
pub fn parse_file(src: &str) -> Result<File, Vec<Diagnostic>> {
    match parse_file_recovering(src) {
        (Some(file), errors) if errors.is_empty() => Ok(file),
        (_, errors) => Err(errors),
    }
}

/// Like `parse_file`, but also returns the tree when only lexical errors were found: Go goes
/// on to type-check then (it stops only for syntax errors).
pub fn parse_file_recovering(src: &str) -> (Option<File>, Vec<Diagnostic>) {
    let (toks, mut errors) = tokenize(src);
    let parser = grammar::SourceFileParser::new();
    match parser.parse(&Cell::new(0), toks) {
        Ok(mut file) => {
            renumber(&mut file);
            (Some(file), errors)
        }
        // Like Go, no syntax error at the end of the input after a lexical error: an
        // unterminated literal or comment is the real problem.
        Err(ParseError::UnrecognizedEof { .. }) if !errors.is_empty() => (None, errors),
        Err(e) => {
            // The tokens went to the parser; scanning again is cheaper than keeping a copy
            // for the rare failing parse.
            let (toks, _) = tokenize(src);
            let reparse = |toks: Vec<Spanned>| parser.parse(&Cell::new(0), toks).ok();
            errors.push(diagnose(e, &toks, src.len() as Pos, &reparse));
            (None, errors)
        }
    }
}

/// The token stream of `src` as text, one token per line, for snapshots.
pub fn dump_tokens(src: &str) -> String {
    crate::lexer::dump_tokens(src)
}
