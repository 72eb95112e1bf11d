//! Shared code of the fuzz targets: running a program in process under limits, comparing
//! with Go, and the generator of well-typed programs.

mod gen;

use std::io::Write;
use std::sync::{Arc, Mutex};

pub use gen::generate;

/// Limits every fuzzed run gets: small enough for thousands of runs a second.
pub fn fuzz_limits() -> mini::Limits {
    mini::Limits {
        fuel: Some(FUEL),
        heap_bytes: Some(64 << 20),
        max_frames: 10_000,
    }
}

/// Fuel of a fuzzed run.
pub const FUEL: u64 = 200_000;
/// Fuel of a run under `MINI_GCZEAL=minor,verify`, which checks the whole heap at every
/// safepoint.
pub const ZEAL_FUEL: u64 = 5_000;

/// How a run ended.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: i32,
    /// The run hit a limit (Go would have gone on).
    pub limited: bool,
}

/// A writer keeping the first megabyte written to it.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

const CAPTURE_BYTES: usize = 1 << 20;

impl Capture {
    /// The bytes written so far.
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let room = CAPTURE_BYTES.saturating_sub(v.len()).min(buf.len());
        v.extend_from_slice(&buf[..room]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Compiles and runs `src` under `fuzz_limits`, with `zeal` (a `MINI_GCZEAL` value and
/// `ZEAL_FUEL`) if given; `None` when the program gets diagnostics.
pub fn compile_and_run(src: &str, zeal: Option<&str>) -> Option<Outcome> {
    let program = mini::compile_source("fuzz.go", src).ok()?;
    let file = program.file.clone();
    let heap = mini_gc::Config {
        zeal: mini_gc::Zeal::parse(zeal.unwrap_or("")).expect("a valid zeal"),
        ..mini_gc::Config::default()
    };
    let (out, err) = (Capture::default(), Capture::default());
    let limits = mini::Limits {
        fuel: Some(if zeal.is_some() { ZEAL_FUEL } else { FUEL }),
        ..fuzz_limits()
    };
    let result = mini::run_program(
        program,
        limits,
        Some(heap),
        Box::new(out.clone()),
        Box::new(err.clone()),
    );
    let (status, limited) = match &result {
        Ok(()) => (0, false),
        Err(e) => {
            err.clone().write_all(e.report(&file).as_bytes()).ok()?;
            (e.exit_status(), matches!(e, mini::VmError::LimitExceeded(_)))
        }
    };
    let stdout = out.take();
    let stderr = err.take();
    Some(Outcome {
        stdout,
        stderr,
        status,
        limited,
    })
}

/// Runs `src` with `go run` and panics if Go's stdout, exit status or first stderr line
/// differ from Mini's (runs that hit a limit are not compared).
pub fn compare_with_go(src: &str, mini: &Outcome) {
    if mini.limited {
        return;
    }
    let dir = std::env::temp_dir().join(format!("mini-fuzz-go-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("main.go");
    std::fs::write(&path, src).expect("a writable temporary file");
    let go = std::process::Command::new("go")
        .arg("run")
        .arg(&path)
        .env("GOFLAGS", "-mod=mod")
        .output()
        .expect("go is installed");
    let first_line = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    let status = go.status.code().unwrap_or(-1);
    let (go_err, mini_err) = (first_line(&go.stderr), first_line(&mini.stderr));
    if go_err.starts_with("# ") || go_err.contains("fuzz.go:") {
        panic!("Go rejected the program:\n{src}\n{}", String::from_utf8_lossy(&go.stderr));
    }
    assert!(
        go.stdout == mini.stdout && status == mini.status && go_err == mini_err,
        "Mini differs from Go on:\n{src}\n--- go (status {status})\n{}{}\n--- mini (status {})\n{}{}",
        String::from_utf8_lossy(&go.stdout),
        go_err,
        mini.status,
        String::from_utf8_lossy(&mini.stdout),
        mini_err,
    );
}
