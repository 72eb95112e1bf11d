//! Resource exhaustion in scripts: with limits set, runaway programs end with Go's fatal
//! errors or the embedding limit errors, never a Rust abort or an out-of-memory kill.

use std::io;

use mini::{Limit, Limits, VmError};

fn run(src: &str, limits: Limits) -> Result<(), VmError> {
    let program = mini::compile_source("limits.go", src).expect("a valid program");
    mini::run_program(
        program,
        limits,
        Some(mini_gc::Config::default()),
        Box::new(io::sink()),
        Box::new(io::sink()),
    )
}

fn heap_limited() -> Limits {
    Limits {
        heap_bytes: Some(64 << 20),
        ..Limits::default()
    }
}

fn main_with(body: &str) -> String {
    format!("package main\n\nfunc main() {{\n{body}\n}}\n")
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
    let limits = Limits {
        fuel: Some(100_000),
        ..Limits::default()
    };
    let err = run(&main_with("\tfor {\n\t}"), limits).unwrap_err();
    assert_eq!(err, VmError::LimitExceeded(Limit::Fuel));
    assert_eq!(err.report("x"), "mini: instruction budget exhausted\n");
    // Loops tested at their bottom: a compare-and-branch, and a backward `JumpIf`.
    for body in [
        "\tfor i := 0; i >= 0; i *= 1 {\n\t}",
        "\tn, m := 0, 1\n\tfor n < m {\n\t\tn = 0\n\t}",
        "\tb := true\n\tfor b {\n\t}",
    ] {
        assert_eq!(
            run(&main_with(body), limits),
            Err(VmError::LimitExceeded(Limit::Fuel))
        );
    }
    let recursion = "package main\n\nfunc f(n int) int {\n\tif n < 0 {\n\t\treturn 0\n\t}\n\treturn f(n-1) + f(n-2)\n}\n\nfunc main() {\n\tprintln(f(1000))\n}\n";
    assert_eq!(
        run(recursion, limits),
        Err(VmError::LimitExceeded(Limit::Fuel))
    );
}

#[test]
fn deep_recursion_is_gos_stack_overflow() {
    let src = "package main\n\nfunc f(n int) int {\n\treturn f(n+1) + 1\n}\n\nfunc main() {\n\tprintln(f(0))\n}\n";
    let limits = Limits {
        max_frames: 50_000,
        ..heap_limited()
    };
    let Err(VmError::Fatal { message, .. }) = run(src, limits) else {
        panic!("no stack overflow");
    };
    assert_eq!(message, "stack overflow");
}

#[test]
fn a_huge_make_hits_the_heap_limit() {
    let err = run(
        &main_with("\ts := make([]int, 100_000_000)\n\tprintln(len(s))"),
        heap_limited(),
    );
    assert_eq!(err, Err(VmError::LimitExceeded(Limit::Heap)));
    let err = run(
        &main_with("\ts := make([]int, 1<<36)\n\tprintln(len(s))"),
        heap_limited(),
    );
    assert_eq!(err, Err(VmError::OutOfMemory));
}

#[test]
fn string_doubling_hits_the_heap_limit() {
    let err = run(
        &main_with("\ts := \"x\"\n\tfor {\n\t\ts += s\n\t}"),
        heap_limited(),
    );
    assert_eq!(err, Err(VmError::LimitExceeded(Limit::Heap)));
}

#[test]
fn a_map_with_millions_of_keys_hits_the_heap_limit() {
    let err = run(
        &main_with("\tm := map[int]int{}\n\tfor i := 0; ; i++ {\n\t\tm[i] = i\n\t}"),
        heap_limited(),
    );
    assert_eq!(err, Err(VmError::LimitExceeded(Limit::Heap)));
}

#[test]
fn garbage_beyond_the_limit_is_collected_not_refused() {
    let src = main_with(
        "\ttotal := 0\n\tfor i := 0; i < 2000; i++ {\n\t\tb := make([]byte, 1<<20)\n\t\ttotal += len(b)\n\t}\n\tprintln(total)",
    );
    assert_eq!(run(&src, heap_limited()), Ok(()));
}

#[test]
fn appending_forever_hits_the_heap_limit() {
    let err = run(
        &main_with("\tvar s []string\n\tfor {\n\t\ts = append(s, \"abc\")\n\t}"),
        heap_limited(),
    );
    assert_eq!(err, Err(VmError::LimitExceeded(Limit::Heap)));
}

#[test]
fn goroutine_bombs_hit_the_limits() {
    let bomb = main_with("\tfor {\n\t\tgo func() {\n\t\t\tselect {}\n\t\t}()\n\t}");
    let fuel = Limits {
        fuel: Some(100_000),
        ..Limits::default()
    };
    assert_eq!(run(&bomb, fuel), Err(VmError::LimitExceeded(Limit::Fuel)));
    assert_eq!(
        run(&bomb, heap_limited()),
        Err(VmError::LimitExceeded(Limit::Heap))
    );
}

#[test]
fn sleeping_spends_fuel() {
    let src = "package main\n\nimport \"time\"\n\nfunc main() {\n\ttime.Sleep(time.Hour)\n}\n";
    let limits = Limits {
        fuel: Some(10_000),
        ..Limits::default()
    };
    let started = std::time::Instant::now();
    assert_eq!(run(src, limits), Err(VmError::LimitExceeded(Limit::Fuel)));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let short =
        "package main\n\nimport \"time\"\n\nfunc main() {\n\ttime.Sleep(time.Millisecond)\n}\n";
    assert_eq!(run(short, limits), Ok(()));
}
