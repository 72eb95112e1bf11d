//! The parser: runs the LALRPOP grammar over the lexer's tokens and reports Go-format syntax errors.

use crate::ast::{File, Pos};
use crate::diag::Diagnostic;
use crate::lexer::tokenize;
use crate::syntax::errors::diagnose;
use std::cell::Cell;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused)]
    grammar,
    "/mini.rs"
);

/// Parses one source file. Lexical errors are all reported (Go reports every one); of the
/// syntax errors only the first, which is the one Go reports first.
pub fn parse_file(src: &str) -> Result<File, Vec<Diagnostic>> {
    let (toks, mut errors) = tokenize(src);
    let ids = Cell::new(0);
    let result = grammar::SourceFileParser::new().parse(&ids, toks.iter().cloned());
    match result {
        Ok(mut file) if errors.is_empty() => {
            file.expr_count = ids.get();
            Ok(file)
        }
        Ok(_) => Err(errors),
        Err(e) => {
            errors.push(diagnose(e, &toks, src.len() as Pos));
            Err(errors)
        }
    }
}

/// The token stream of `src` as text, one token per line, for snapshots.
pub fn dump_tokens(src: &str) -> String {
    crate::lexer::dump_tokens(src)
}
