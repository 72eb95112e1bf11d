//! Deeply nested source compiles as it does with Go: the compiler runs on a deep stack, and
//! a long subexpression in a message is printed as `…`, so neither the nesting nor the
//! messages' texts grow without bound. Before, a sum of 5,000 terms overflowed the stack
//! (Rust's abort) and one of 50,000 took 25 s and 5 GB; Go compiles 200,000. Code past
//! Mini's jump range is reported where it is, not as a function that failed to compile.

use std::path::PathBuf;
use std::process::Command;

/// Writes `src` to a file named `name` and runs `mini run` on it: stdout, stderr, status.
fn run(name: &str, src: &str) -> (String, String, i32) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, src).expect("the program is written");
    let out = Command::new(env!("CARGO_BIN_EXE_mini"))
        .arg("run")
        .arg(&path)
        .output()
        .expect("mini runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A `main` that prints `expr`.
fn printing(expr: &str) -> String {
    format!("package main\n\nimport \"fmt\"\n\nfunc main() {{\n\tfmt.Println({expr})\n}}\n")
}

#[test]
fn a_sum_of_twenty_thousand_terms_compiles() {
    let sum = format!("1{}", " + 1".repeat(20_000));
    let (out, err, status) = run("long_sum.mini", &printing(&sum));
    assert_eq!((out.as_str(), err.as_str(), status), ("20001\n", "", 0));
}

#[test]
fn twenty_thousand_nested_parentheses_compile() {
    let nested = format!("{}1{}", "(".repeat(20_000), ")".repeat(20_000));
    let (out, err, status) = run("nested_parens.mini", &printing(&nested));
    assert_eq!((out.as_str(), err.as_str(), status), ("1\n", "", 0));
}

#[test]
fn a_mismatch_at_the_end_of_a_long_sum_prints_the_sum_shortened() {
    let sum = format!("1{} + \"s\"", " + 1".repeat(20_000));
    let (out, err, status) = run("long_mismatch.mini", &printing(&sum));
    let expected = "long_mismatch.mini:6:14: invalid operation: … + \"s\" \
                    (mismatched types untyped int and untyped string)\n";
    assert_eq!(out, "");
    assert!(err.ends_with(expected), "stderr: {err}");
    assert_eq!(status, 1);
}

#[test]
fn twenty_thousand_nested_ifs_report_the_jump_limit_where_it_is_hit() {
    let ifs = "if x >= 0 {".repeat(20_000) + "x++" + &"}".repeat(20_000);
    let src = format!("package main\n\nfunc main() {{\n\tx := 0\n\t{ifs}\n}}\n");
    let (out, err, status) = run("nested_ifs.mini", &src);
    assert_eq!((out.as_str(), status), ("", 1));
    let at = err
        .find("nested_ifs.mini:5:")
        .expect("a position on the ifs' line");
    assert!(
        err[at..].ends_with(": not supported yet: jumps over more than 32767 instructions\n"),
        "stderr: {err}"
    );
}
