//! Watching the collector from the command line: `GODEBUG=gctrace=1` lines in Go's format,
//! `-gclog` JSON lines, the `-gcstats` table, `mini gcplot` pictures, and the settings that
//! change when collections run (GOGC=off, `SetGCPercent(-1)`, GOMEMLIMIT).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("gc_observe")
}

/// Runs `mini ARGS...` in `tests/gc_observe` with `env` set and the GC variables cleared.
fn mini(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mini"));
    cmd.args(args).current_dir(dir());
    for v in ["GOGC", "GOMEMLIMIT", "GODEBUG", "MINI_GCZEAL"] {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().expect("mini runs");
    assert!(
        out.status.success(),
        "mini {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A file in a fresh scratch directory for this test.
fn scratch(test: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("mini-gc-observe-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&d).expect("scratch directory");
    d.join(name)
}

#[test]
fn gctrace_lines_have_gos_format() {
    let out = mini(&["run", "churn.mini"], &[("GODEBUG", "gctrace=1")]);
    assert_eq!(stdout(&out), "4000\n");
    let re = regex::Regex::new(
        r"^gc \d+ @\d+\.\d{3}s \d+%: [\d.]+\+[\d.]+\+[\d.]+ ms clock, [\d.]+\+[\d.]+/[\d.]+/[\d.]+\+[\d.]+ ms cpu, \d+->\d+->\d+ MB, \d+ MB goal, \d+ MB stacks, \d+ MB globals, \d+ P( \((forced|minor)\))?$",
    )
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    for l in &lines {
        assert!(re.is_match(l), "not a gctrace line: {l}");
    }
    let forced = lines.iter().filter(|l| l.ends_with(" (forced)")).count();
    assert_eq!(forced, 4, "one line per runtime.GC");
    assert!(lines.iter().any(|l| l.ends_with(" (minor)")));
    for (i, l) in lines.iter().enumerate() {
        assert!(
            l.starts_with(&format!("gc {} @", i + 1)),
            "numbered in order: {l}"
        );
    }
}

#[test]
fn gctrace_is_off_without_godebug() {
    let out = mini(&["run", "churn.mini"], &[("GODEBUG", "gctrace=0")]);
    assert!(out.stderr.is_empty());
}

/// The flat JSON values of one line, checked with a small strict reader.
fn json_fields(line: &str) -> Vec<(String, String)> {
    let inner = line
        .strip_prefix('{')
        .and_then(|l| l.strip_suffix('}'))
        .unwrap_or_else(|| panic!("not an object: {line}"));
    let re = regex::Regex::new(r#"^"([a-z_0-9]+)":("[a-z-]*"|-?[0-9][0-9.e+-]*|true|false|null)$"#)
        .unwrap();
    inner
        .split(',')
        .map(|kv| {
            let c = re
                .captures(kv)
                .unwrap_or_else(|| panic!("bad member {kv} in {line}"));
            (c[1].to_string(), c[2].to_string())
        })
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], k: &str) -> &'a str {
    fields
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("missing {k}"))
}

#[test]
fn gclog_is_json_lines_with_a_summary() {
    let log = scratch("gclog", "churn.jsonl");
    let arg = format!("-gclog={}", log.display());
    mini(&["run", &arg, "churn.mini"], &[]);
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<Vec<(String, String)>> = text.lines().map(json_fields).collect();
    let (summary, events) = lines.split_last().expect("lines");
    assert_eq!(field(summary, "summary"), "true");
    assert_eq!(field(summary, "heap_allocs_avoided"), "0");
    assert_eq!(field(summary, "collections"), events.len().to_string());
    assert_eq!(field(summary, "forced"), "4");
    for (i, e) in events.iter().enumerate() {
        assert_eq!(field(e, "index"), (i + 1).to_string());
        assert!(["\"minor\"", "\"major\"", "\"forced\""].contains(&field(e, "kind")));
        for k in [
            "t_ms",
            "pause_ms",
            "heap_before",
            "heap_after",
            "live",
            "promoted",
        ] {
            let v: f64 = field(e, k).parse().unwrap();
            assert!(v >= 0.0, "{k} = {v}");
        }
        let rate: f64 = field(e, "survival_rate").parse().unwrap();
        assert!((0.0..=1.0).contains(&rate));
        let goal = field(e, "goal");
        assert!(goal == "null" || goal.parse::<u64>().is_ok());
    }
}

#[test]
fn gcstats_prints_a_summary_table() {
    let out = mini(&["run", "-gcstats", "churn.mini"], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("GC summary\n"), "{stderr}");
    for want in [
        "forced 4)",
        "p50 ms",
        "p99 ms",
        "max ms",
        "allocated: ",
        "promoted: ",
        "allocation rate: ",
        "heap allocations avoided by escape analysis: 0",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in\n{stderr}");
    }
}

#[test]
fn gcplot_draws_well_formed_svg_and_html() {
    let log = scratch("gcplot", "churn.jsonl");
    let arg = format!("-gclog={}", log.display());
    mini(&["run", &arg, "churn.mini"], &[]);
    let svg = scratch("gcplot", "plot.svg");
    let html = scratch("gcplot", "plot.html");
    for out in [&svg, &html] {
        mini(
            &[
                "gcplot",
                &log.display().to_string(),
                "-o",
                &out.display().to_string(),
            ],
            &[],
        );
    }
    let svg = std::fs::read_to_string(svg).unwrap();
    assert_well_formed(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    for want in [
        "heap (MiB)",
        "pause (ms)",
        "time since start (ms)",
        "minor",
        "forced",
    ] {
        assert!(svg.contains(want), "missing {want}");
    }
    assert!(!svg.contains("href"), "no outside resources");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(&svg));
    assert!(!html.contains("<script") && !html.contains("<link"));
}

/// Every tag is closed in order, attributes are quoted, and text has no stray `<` or `&`.
fn assert_well_formed(xml: &str) {
    let tag =
        regex::Regex::new(r#"^(/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(/?)$"#).unwrap();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "stray '>' in {text:?}");
        for (i, _) in text.match_indices('&') {
            let ent = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;"]
                    .iter()
                    .any(|e| ent.starts_with(e)),
                "bare '&' in {text:?}"
            );
        }
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let inner = &rest[open + 1..close];
        let c = tag
            .captures(inner)
            .unwrap_or_else(|| panic!("malformed tag <{inner}>"));
        let name = c[2].to_string();
        match (&c[1], &c[4]) {
            ("/", _) => assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "</{name}>"),
            (_, "/") => {}
            _ => stack.push(name),
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert!(rest.trim().is_empty());
}

/// The numbers `garbage.mini` prints: collections during the loop and HeapAlloc in MB.
fn garbage(env: &[(&str, &str)]) -> (u64, u64) {
    let out = stdout(&mini(&["run", "garbage.mini"], env));
    let v: Vec<u64> = out.split_whitespace().map(|w| w.parse().unwrap()).collect();
    (v[0], v[1])
}

#[test]
fn gogc_off_stops_collection_and_the_heap_grows() {
    let (gcs, heap) = garbage(&[]);
    assert!(
        gcs > 0 && heap < 16,
        "default: {gcs} collections, {heap} MB"
    );
    let (gcs, heap) = garbage(&[("GOGC", "off")]);
    assert_eq!(gcs, 0);
    assert!(heap >= 60, "{heap} MB");
}

#[test]
fn set_gc_percent_minus_one_stops_collection() {
    let out = stdout(&mini(&["run", "gc_percent_off.mini"], &[]));
    // What Go prints for the same program.
    assert_eq!(
        out,
        "previous setting: 100\nno collection while off: true\nheap grew by over 24 MB: true\nsetting while off: -1\ncollections again: true\n"
    );
}

#[test]
fn gomemlimit_causes_collections() {
    let log = scratch("gomemlimit", "limit.jsonl");
    let arg = format!("-gclog={}", log.display());
    let out = mini(
        &["run", &arg, "garbage.mini"],
        &[("GOGC", "off"), ("GOMEMLIMIT", "16MiB")],
    );
    let text = stdout(&out);
    let v: Vec<u64> = text
        .split_whitespace()
        .map(|w| w.parse().unwrap())
        .collect();
    assert!(v[0] > 0, "collections under the limit: {text}");
    assert!(v[1] <= 16, "heap stays under the limit: {text}");
    let log = std::fs::read_to_string(log).unwrap();
    assert!(log.contains("\"cause\":\"memory-limit\""), "{log}");
}
