//! The `mini` command as a user sees it: stderr and exit status, as insta snapshots
//! (re-bless with `INSTA_UPDATE=always cargo test --workspace`).

use std::path::Path;
use std::process::Command;

/// Runs `mini ARGS...` in `tests/cli` and returns "exit N" plus its stderr.
fn mini(args: &[&str]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("cli");
    let out = Command::new(env!("CARGO_BIN_EXE_mini"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("mini runs");
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
