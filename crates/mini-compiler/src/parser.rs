//! The parser: runs the LALRPOP grammar over the lexer's tokens and reports Go-format syntax errors.
