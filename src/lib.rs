//! The `mini` facade: compile-and-run entry points shared by the CLI, and the embedding API
//! for Rust programs that script themselves in Mini (the README's "Embedding" example):
//!
//! ```
//! use mini::{HostPackage, Program, Vm};
//!
//! let host = HostPackage::new("host").func("Log", |msg: String| println!("script says {msg}"));
//! let src = r#"package main
//!
//! import "host"
//!
//! func Add(a, b int) int { host.Log("adding"); return a + b }
//! "#;
//! let program = Program::compile_with("script.go", src, &[&host])?;
//! let mut vm = Vm::new();
//! vm.register(&host);
//! vm.load(&program)?; // runs package initialisation
//! let add = vm.func::<(i64, i64), i64>("Add")?; // signature checked once
//! assert_eq!(add.call(&mut vm, (2, 40))?, 42);
//! # Ok::<(), mini::Error>(())
//! ```

use std::io::Write;
use std::process::ExitCode;

pub use mini_bytecode::GoType;
pub use mini_compiler as compiler;
pub use mini_gc::{Config as GcConfig, Zeal};
pub use mini_vm as vm;
pub use mini_vm::{
    FuncRef, GcEvent, InterruptHandle, Limit, Limits, MemStats, Rooted, Value, VmError,
};

mod deep_stack;
mod embed;
pub mod gcplot;

pub use embed::{
    field, struct_declaration, struct_from_value, struct_matches, Args, Callback, Error, GoError,
    HostCx, HostFunc, HostFuncCx, HostPackage, HostReturn, HostSignature, MiniStruct, MiniType,
    Panic, Program, Result, Results, RuntimeError, TypedFunc, Vm,
};

/// How `mini run` compiles and what it reports about the collector beyond `GODEBUG=gctrace=1`.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// `-gclog=FILE`: JSON lines, one per collection, then a summary.
    pub gclog: Option<String>,
    /// `-gcstats`: a summary table on stderr at exit.
    pub gcstats: bool,
    /// `-noescape`: escape analysis off, every variable whose address is taken on the heap.
    pub noescape: bool,
}

/// Reads `path`, or reports the failure the way `go build` does and returns exit status 1.
fn read_source(path: &str) -> Result<String, ExitCode> {
    std::fs::read_to_string(path).map_err(|e| {
        eprintln!("open {path}: {}", io_error_text(&e));
        ExitCode::from(1)
    })
}

fn io_error_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        _ => e.to_string(),
    }
}

/// `mini vet FILE`: type-check only. Exit status 0 when clean, 1 with diagnostics.
pub fn vet_file(path: &str) -> ExitCode {
    let src = match read_source(path) {
        Ok(src) => src,
        Err(code) => return code,
    };
    match deep_stack::on_compiler_stack(|| compiler::check(path, &src).map(drop)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            let text = compiler::diag::render(path, &src, &diags);
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(1)
        }
    }
}

/// Parses, checks and compiles `path`; diagnostics are printed and give exit status 1.
/// `m` > 0 prints the escape analysis report first (to stderr, as Go does).
fn compile_file(path: &str, m: u8, escape: bool) -> Result<mini_bytecode::Program, ExitCode> {
    let src = read_source(path)?;
    deep_stack::on_compiler_stack(|| compile_text(path, &src, m, escape))
}

/// [`compile_file`] once the source is read.
fn compile_text(
    path: &str,
    src: &str,
    m: u8,
    escape: bool,
) -> Result<mini_bytecode::Program, ExitCode> {
    let report = |diags: &[compiler::Diagnostic]| {
        let text = compiler::diag::render(path, src, diags);
        let _ = std::io::stderr().write_all(text.as_bytes());
        ExitCode::from(1)
    };
    let (file, info) = compiler::check(path, src).map_err(|d| report(&d))?;
    if m > 0 {
        let text = escape_report(path, src, &file, &info, m);
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    let program = compiler::codegen::compile_with(path, src, &file, &info, escape);
    // The syntax tree and the checker's tables are not freed: this process compiles one
    // program and exits, and freeing them one node at a time took a tenth of compiling a
    // 10,000-line program.
    std::mem::forget((file, info));
    program.map_err(|d| report(&d))
}

/// Go's `-m -l` lines for a checked file: `./prog.mini:16:2: moved to heap: x`; at `level`
/// 2 and above, Go's `-m=2 -l` report (with the explanations of each decision).
pub fn escape_report(
    path: &str,
    src: &str,
    file: &compiler::ast::File,
    info: &compiler::check::Info,
    level: u8,
) -> String {
    let lines = compiler::diag::LineIndex::new(src);
    let shown = compiler::diag::display_path(path);
    let at = |pos: u32| {
        let (l, c) = lines.line_col(pos);
        (l, format!("{shown}:{l}:{c}"))
    };
    if level >= 2 {
        let esc = compiler::escape::explain(info, file);
        return explained_report(&esc.explained, &at);
    }
    let esc = compiler::escape::analyze(info, file, compiler::escape::Mode::Go);
    let mut out: Vec<(u32, String)> = esc
        .messages
        .iter()
        .map(|(pos, msg)| {
            let (l, place) = at(*pos);
            (l, format!("{place}: {msg}\n"))
        })
        .collect();
    sorted_by_line(&mut out);
    out.into_iter().map(|l| l.1).collect()
}

/// Go sorts its `-m` messages by line only (stably) and drops repeated lines.
fn sorted_by_line(out: &mut Vec<(u32, String)>) {
    out.sort_by_key(|l| l.0);
    out.dedup();
}

/// The `-m=2` lines: explanations as found, each batch's `-m` lines sorted by line.
fn explained_report(
    explained: &[compiler::escape::ExplainLine],
    at: &dyn Fn(u32) -> (u32, String),
) -> String {
    let mut text = String::new();
    let mut run: Vec<(u32, String)> = Vec::new();
    for l in explained {
        let (line, place) = at(l.pos);
        let mut out = format!("{place}: {}", l.text);
        if let Some(p) = l.at {
            out = format!("{out} at {}", at(p).1);
        }
        out.push('\n');
        if l.sorted {
            run.push((line, out));
            continue;
        }
        sorted_by_line(&mut run);
        text.extend(run.drain(..).map(|l| l.1));
        text.push_str(&out);
    }
    sorted_by_line(&mut run);
    text.extend(run.into_iter().map(|l| l.1));
    text
}

/// The VM's observation options for `gc`; reports an unwritable log file like Go reports
/// flag errors (exit status 2).
fn observe_options(gc: &RunOptions) -> Result<mini_vm::ObserveOptions, ExitCode> {
    let mut options = mini_vm::ObserveOptions {
        gcstats: gc.gcstats,
        ..Default::default()
    };
    if let Some(path) = &gc.gclog {
        let file = std::fs::File::create(path).map_err(|e| {
            eprintln!("mini: -gclog: create {path}: {}", io_error_text(&e));
            ExitCode::from(2)
        })?;
        options.gclog = Some(Box::new(std::io::BufWriter::new(file)));
    }
    Ok(options)
}

/// `mini run FILE args...`: compile, then run on the VM; the exit status is Go's.
/// `noescape` puts everything on the heap (`-noescape`).
pub fn run_file(path: &str, args: &[String], options: &RunOptions) -> ExitCode {
    let program = match compile_file(path, 0, !options.noescape) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let file = program.file.clone();
    let mut vm = match mini_vm::Vm::new(program) {
        Ok(vm) => vm,
        Err(e) => return exit_with(&e, &file),
    };
    match observe_options(options) {
        Ok(options) => vm.observe(options),
        Err(code) => return code,
    }
    vm.set_args(
        std::iter::once(path.to_string())
            .chain(args.iter().cloned())
            .collect(),
    );
    let result = vm.run_main();
    if let Some(table) = vm.finish_observing() {
        eprint!("{table}");
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit_with(&e, &file),
    }
}

/// `mini gcplot LOG -o OUT`: draws a `-gclog` file as SVG, or HTML when OUT ends in `.html`.
pub fn gcplot_file(log: &str, out: &str) -> ExitCode {
    let text = match read_source(log) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let html = out.ends_with(".html") || out.ends_with(".htm");
    let title = format!("Mini GC log: {log}");
    let picture = match gcplot::render(&text, &title, html) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("mini gcplot: {log}: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = std::fs::write(out, picture) {
        eprintln!("mini gcplot: write {out}: {}", io_error_text(&e));
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn exit_with(e: &mini_vm::VmError, file: &str) -> ExitCode {
    let _ = std::io::stderr().write_all(e.report(file).as_bytes());
    ExitCode::from(e.exit_status() as u8)
}

/// `mini build -S FILE`: prints the disassembly.
pub fn build_file(path: &str, disassemble: bool) -> ExitCode {
    build_file_with(path, disassemble, 0, true)
}

/// `mini build [-S] [-m] [-noescape] FILE`.
pub fn build_file_with(path: &str, disassemble: bool, m: u8, escape: bool) -> ExitCode {
    let program = match compile_file(path, m, escape) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if disassemble {
        print!("{}", mini_bytecode::disassemble(&program));
    }
    ExitCode::SUCCESS
}

/// Compiles `src` (named `path` in messages) in process: the program, or the diagnostics as
/// `mini` prints them.
pub fn compile_source(path: &str, src: &str) -> Result<mini_bytecode::Program, String> {
    deep_stack::on_compiler_stack(|| {
        let render = |diags: &[compiler::Diagnostic]| compiler::diag::render(path, src, diags);
        let (file, info) = compiler::check(path, src).map_err(|d| render(&d))?;
        compiler::codegen::compile(path, src, &file, &info).map_err(|d| render(&d))
    })
}

/// Runs a compiled program in process under `limits`, with its standard output and error
/// going to the given writers, on a heap configured by `heap` (`None`: from the
/// environment, as `mini run` does).
pub fn run_program(
    program: mini_bytecode::Program,
    limits: Limits,
    heap: Option<mini_gc::Config>,
    stdout: Box<dyn Write + Send>,
    stderr: Box<dyn Write + Send>,
) -> Result<(), VmError> {
    let mut vm = match heap {
        Some(config) => mini_vm::Vm::with_heap_config(program, config)?,
        None => mini_vm::Vm::new(program)?,
    };
    vm.set_output(stdout, stderr);
    vm.set_limits(limits);
    vm.run_main()
}
