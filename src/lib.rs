//! The `mini` facade: compile-and-run entry points shared by the CLI and embedders.

use std::io::Write;
use std::process::ExitCode;

pub use mini_compiler as compiler;

/// Reads `path`, or reports the failure the way `go build` does and returns exit status 1.
fn read_source(path: &str) -> Result<String, ExitCode> {
    std::fs::read_to_string(path).map_err(|e| {
        eprintln!("open {path}: {}", io_error_text(&e));
        ExitCode::from(1)
    })
}

fn io_error_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        _ => e.to_string(),
    }
}

/// `mini vet FILE`: type-check only. Exit status 0 when clean, 1 with diagnostics.
pub fn vet_file(path: &str) -> ExitCode {
    let src = match read_source(path) {
        Ok(src) => src,
        Err(code) => return code,
    };
    match compiler::check(path, &src) {
        Ok(_) => ExitCode::SUCCESS,
        Err(diags) => {
            let text = compiler::diag::render(path, &src, &diags);
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(1)
        }
    }
}

/// `mini run FILE args...`: compile, then run on the VM.
pub fn run_file(path: &str, _args: &[String]) -> ExitCode {
    let src = match read_source(path) {
        Ok(src) => src,
        Err(code) => return code,
    };
    if let Err(diags) = compiler::check(path, &src) {
        let text = compiler::diag::render(path, &src, &diags);
        let _ = std::io::stderr().write_all(text.as_bytes());
        return ExitCode::from(1);
    }
    eprintln!("mini: running programs is not supported yet (the VM lands with the VM issue)");
    ExitCode::from(2)
}
