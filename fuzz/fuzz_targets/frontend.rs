//! Fuzz target: the front end (lexer, parser, type checker, diagnostics) on arbitrary bytes.
//! Every input gets a clean check or at least one rendered diagnostic, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    if let Err(diags) = mini::compiler::check("fuzz.go", &src) {
        assert!(!diags.is_empty(), "an error result without diagnostics");
        let text = mini::compiler::diag::render("fuzz.go", &src, &diags);
        assert!(!text.is_empty(), "diagnostics that render to nothing");
    }
});
