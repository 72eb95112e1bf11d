//! Escape analysis reports: `mini build -m` on every `tests/escape/NAME.mini` must print
//! exactly what `go build -gcflags='-m -l'` printed (`NAME.m`, from `tests/regen.py escape`),
//! except for the differences listed in `KNOWN_DIFFERENCES`, where Mini must still report
//! on the heap everything Go puts there.

use std::path::PathBuf;
use std::process::Command;

/// Programs whose report differs from Go's, and why.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "bytes_conv",
    "Go also prints `zero-copy string->[]byte conversion` when the bytes are never written \
     (a later optimisation Mini does not model); the escape decisions agree",
)];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/escape")
}

fn report(name: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_mini"))
        .args(["build", "-m", &format!("./{name}.mini")])
        .current_dir(dir())
        .output()
        .expect("mini runs");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Go's lines saying something lives on the heap.
fn heap_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            l.contains("moved to heap") || l.contains("escapes to heap") || l.contains("leaking")
        })
        .collect()
}

#[test]
fn reports_match_go() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/escape exists")
        .filter_map(|e| {
            let p = e.ok()?.path();
            let n = p.file_name()?.to_str()?.strip_suffix(".mini")?.to_string();
            Some(n)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 60, "only {} escape programs", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let want = std::fs::read_to_string(dir().join(format!("{name}.m"))).unwrap_or_default();
        let got = report(name);
        let known = KNOWN_DIFFERENCES.iter().any(|(n, _)| n == name);
        let ok = if known {
            heap_lines(&want)
                .iter()
                .all(|l| got.lines().any(|g| g == *l))
        } else {
            got == want
        };
        if !ok {
            failures.push(format!("=== {name}\n--- want\n{want}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
