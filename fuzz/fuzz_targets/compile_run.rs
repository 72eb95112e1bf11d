//! Fuzz target: compile and run arbitrary source under an instruction budget and a heap
//! limit. Every input gets diagnostics or runs to an end Go could have (a panic, a fatal
//! error, an exit) or to a limit; nothing panics Rust or takes the process down.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    mini_fuzz::compile_and_run(&src, None);
});
