//! Front-end corpus tests: every `tests/errors/*.mini` gets exactly Go's diagnostics, and every
//! `tests/programs/*.mini` type-checks cleanly. Expected files come from Go (`tests/regen.py`).

use std::fs;
use std::path::{Path, PathBuf};

fn corpus(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&root)
        .expect("corpus folder exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "mini"))
        .collect();
    files.sort();
    files
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

/// What `mini vet NAME.mini` prints to stderr, run from the file's folder.
fn vet_stderr(p: &Path) -> String {
    let src = fs::read_to_string(p).expect("readable source");
    match mini::compiler::check(&name_of(p), &src) {
        Ok(_) => String::new(),
        Err(diags) => mini::compiler::diag::render(&name_of(p), &src, &diags),
    }
}

#[test]
fn errors_match_go() {
    let mut failures = Vec::new();
    let files = corpus("errors");
    for p in &files {
        let want = fs::read_to_string(p.with_extension("stderr")).expect("expected .stderr");
        let got = vet_stderr(p);
        if got != want {
            failures.push(format!("--- {}\nwant:\n{want}got:\n{got}", name_of(p)));
        }
    }
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(40).collect();
        let list: Vec<String> = shown.iter().map(|s| s.to_string()).collect();
        panic!(
            "{} of {} error programs differ from Go:\n{}",
            failures.len(),
            files.len(),
            list.join("\n")
        );
    }
}

#[test]
fn valid_programs_check_cleanly() {
    let mut failures = Vec::new();
    let files = corpus("programs");
    for p in &files {
        let got = vet_stderr(p);
        if !got.is_empty() {
            failures.push(format!("--- {}\n{got}", name_of(p)));
        }
    }
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(40).collect();
        let list: Vec<String> = shown.iter().map(|s| s.to_string()).collect();
        panic!(
            "{} of {} valid programs get diagnostics:\n{}",
            failures.len(),
            files.len(),
            list.join("\n")
        );
    }
}
