//! The `mini` command as a user sees it: stderr and exit status, as insta snapshots
//! (re-bless with `INSTA_UPDATE=always cargo test --workspace`).

use std::path::Path;
use std::process::{Command, Output};

/// Runs `mini ARGS...` in `tests/cli`.
fn run(args: &[&str]) -> Output {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("cli");
    Command::new(env!("CARGO_BIN_EXE_mini"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("mini runs")
}

/// Runs `mini ARGS...` in `tests/cli` and returns "exit N" plus its stderr.
fn mini(args: &[&str]) -> String {
    let out = run(args);
    format!(
        "exit {}\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn vet_reports_go_diagnostics() {
    insta::assert_snapshot!(mini(&["vet", "unused.mini"]));
}

#[test]
fn vet_accepts_a_valid_program() {
    insta::assert_snapshot!(mini(&["vet", "../../examples/hello.mini"]));
}

#[test]
fn vet_reports_a_missing_file() {
    insta::assert_snapshot!(mini(&["vet", "nosuch.mini"]));
}

#[test]
fn build_s_tests_loops_at_their_bottom() {
    let out = run(&["build", "-S", "loops.mini"]);
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}
