//! Mini's front end: source text to a checked program, or Go-format diagnostics.

pub mod ast;
pub mod check;
pub mod codegen;
pub mod constant;
pub mod diag;
pub mod escape;
pub mod lexer;
pub mod parser;
mod syntax;
pub mod types;

pub use diag::{Diagnostic, LineIndex};

/// Parses and type-checks one source file. `path` is the file's path as the user gave it
/// (Go prints it inside some messages).
pub fn check(path: &str, src: &str) -> Result<(ast::File, check::Info), Vec<Diagnostic>> {
    check_with(path, src, &check::Options::default())
}

/// [`check`] with packages and settings a host adds (`check::Options`).
pub fn check_with(
    path: &str,
    src: &str,
    options: &check::Options,
) -> Result<(ast::File, check::Info), Vec<Diagnostic>> {
    let (file, mut errors) = parser::parse_file_recovering(src);
    let Some(file) = file else {
        return Err(errors);
    };
    match check::check_file_with(path, src, &file, options) {
        Ok(info) if errors.is_empty() => Ok((file, info)),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}
