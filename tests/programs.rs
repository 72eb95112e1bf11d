//! Runs `tests/programs/*.mini` with `mini run` and compares stdout, stderr and exit status
//! with what Go printed (`tests/regen.py programs`).
//!
//! The VM is being built issue by issue: `tests/programs/supported.txt` lists the programs it
//! must already run exactly like Go. Every listed program is checked (and checked again under
//! `MINI_GCZEAL=minor,verify`); a program that newly passes is reported so it gets listed.
//! When every program is listed, the list goes away.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("programs")
}

fn read(p: &Path) -> Option<String> {
    fs::read(p)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The program's arguments from a first-line `// args: a b` comment.
fn args_of(src: &str) -> Vec<String> {
    let first = src.lines().next().unwrap_or("");
    match first.strip_prefix("// args:") {
        Some(rest) => rest.split_whitespace().map(str::to_string).collect(),
        None => Vec::new(),
    }
}

/// For panics and fatal errors Go prints traces with addresses: compare only the message
/// lines (up to the first blank line), without address-bearing lines.
fn comparable_stderr(s: &str) -> String {
    if !s.contains("\ngoroutine ") && !s.starts_with("goroutine ") {
        return s.to_string();
    }
    s.lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("[signal ") && !l.starts_with("runtime: sp="))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs one program; `Err` describes the difference from Go.
fn run(name: &str, zeal: Option<&str>) -> Result<(), String> {
    let src = read(&dir().join(format!("{name}.mini"))).ok_or("missing source")?;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mini"));
    cmd.arg("run")
        .arg(format!("./{name}.mini"))
        .args(args_of(&src))
        .current_dir(dir());
    cmd.env_remove("GOGC")
        .env_remove("GODEBUG")
        .env_remove("MINI_GCZEAL");
    if let Some(z) = zeal {
        cmd.env("MINI_GCZEAL", z);
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    let want_out = read(&dir().join(format!("{name}.stdout"))).unwrap_or_default();
    let want_err = read(&dir().join(format!("{name}.stderr"))).unwrap_or_default();
    let want_status: i32 = read(&dir().join(format!("{name}.status")))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let got_out = String::from_utf8_lossy(&out.stdout);
    let got_err = String::from_utf8_lossy(&out.stderr);
    let status = out.status.code().unwrap_or(-1);
    if got_out != want_out {
        return Err(format!(
            "stdout differs\n--- want\n{want_out}--- got\n{got_out}--- stderr\n{got_err}"
        ));
    }
    if comparable_stderr(&got_err) != comparable_stderr(&want_err) {
        return Err(format!(
            "stderr differs\n--- want\n{want_err}--- got\n{got_err}"
        ));
    }
    if status != want_status {
        return Err(format!(
            "exit status {status}, want {want_status}\n{got_err}"
        ));
    }
    Ok(())
}

fn supported() -> Vec<String> {
    read(&dir().join("supported.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn all_programs() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir())
        .expect("tests/programs exists")
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "mini" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

/// Programs too allocation-heavy for a collection (and a whole-heap check) at every
/// safepoint: under torture they run with a collection every ~2000 allocations instead,
/// still verified.
fn zeal_for(name: &str, zeal: Option<&str>) -> Option<String> {
    let zeal = zeal?;
    let slow = read(&dir().join("zeal-slow.txt")).unwrap_or_default();
    if slow.lines().any(|l| l.trim() == name) {
        return Some("random:2000,1,verify".into());
    }
    Some(zeal.to_string())
}

/// Runs every supported program (on as many threads as there are processors, each program
/// a `mini` process of its own) and fails listing each one that differs from Go.
fn check_supported(zeal: Option<&str>) {
    let listed = supported();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(name) = listed.get(i) else { break };
                if let Err(why) = run(name, zeal_for(name, zeal).as_deref()) {
                    let report = format!("=== {name}\n{why}");
                    failures.lock().expect("no worker panics").push(report);
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("no worker panics");
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} supported programs differ from Go{}:\n{}",
        failures.len(),
        listed.len(),
        zeal.map_or(String::new(), |z| format!(" under MINI_GCZEAL={z}")),
        failures.join("\n")
    );
}

#[test]
fn supported_programs_match_go() {
    check_supported(None);
}

#[test]
fn supported_programs_match_go_under_gc_torture() {
    check_supported(Some("minor,verify"));
}

/// Lists programs that pass but are not in `supported.txt` (informational: run with
/// `cargo test --test programs -- --ignored --nocapture`).
#[test]
#[ignore]
fn report_newly_passing_programs() {
    let listed = supported();
    let mut passing = 0;
    for name in all_programs() {
        if run(&name, None).is_ok() {
            passing += 1;
            if !listed.contains(&name) {
                println!("{name}");
            }
        }
    }
    println!("{passing} of {} programs pass", all_programs().len());
}
