//! Fuzz target: well-typed programs from a grammar-based generator, run with a collection
//! and a heap verification at every safepoint. Every generated program must compile; with
//! `MINI_FUZZ_GO=1` its output and exit status are compared with Go's (`go run`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = mini_fuzz::generate(data);
    let outcome = mini_fuzz::compile_and_run(&src, Some("minor,verify"));
    let Some(outcome) = outcome else {
        panic!("a generated program did not compile:\n{src}");
    };
    if std::env::var_os("MINI_FUZZ_GO").is_some() {
        mini_fuzz::compare_with_go(&src, &outcome);
    }
});
