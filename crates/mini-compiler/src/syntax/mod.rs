//! Parser internals: AST building helpers for the grammar's actions, Go-style syntax error
//! messages, error recovery and a source-like printer for the expressions those messages quote.

pub mod build;
pub mod errors;
pub mod ids;
pub mod print;
pub mod recover;
