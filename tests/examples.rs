//! Runs every program in `examples/` with `mini run` and compares what it prints with what Go
//! printed for the same source (`tests/examples/NAME.stdout`, from `tests/regen.py examples`).

use std::fs;
use std::path::Path;
use std::process::Command;

#[test]
fn examples_print_what_go_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = fs::read_dir(root.join("examples"))
        .expect("examples/ exists")
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "mini" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(names.len() >= 12, "a dozen examples, found {}", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let want = fs::read(root.join("tests/examples").join(format!("{name}.stdout")))
            .unwrap_or_default();
        let out = Command::new(env!("CARGO_BIN_EXE_mini"))
            .arg("run")
            .arg(root.join("examples").join(format!("{name}.mini")))
            .env_remove("MINI_GCZEAL")
            .env_remove("GOGC")
            .output()
            .expect("mini runs");
        if out.stdout != want || !out.status.success() {
            failures.push(format!(
                "{name}: status {:?}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "examples differ from Go:\n{}",
        failures.join("\n")
    );
}
