//! A compiled program: immutable, shareable between threads and VMs.

use std::sync::Arc;

use super::error::{Error, Result};
use super::host::HostPackage;
use crate::compiler;

/// A compiled Mini program. Cloning is cheap (the bytecode is shared), and it is
/// `Send + Sync`: compile once, run it on many [`Vm`](super::Vm)s in many threads.
///
/// ```
/// let program = mini::Program::compile("add.go", "package main\n\nfunc Add(a, b int) int { return a + b }\n")?;
/// assert!(program.functions().any(|f| f == "Add"));
/// # Ok::<(), mini::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Program {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) bytecode: Arc<mini_bytecode::Program>,
    path: String,
    source: String,
    packages: compiler::check::Options,
}

impl Program {
    /// Compiles `source`, named `path` in messages (`main` is optional: a script may be a
    /// library of functions the host calls).
    pub fn compile(path: &str, source: &str) -> Result<Program> {
        Program::compile_with(path, source, &[])
    }

    /// Compiles `source` against host packages: `import "host"` in the script sees the
    /// functions `packages` declare.
    pub fn compile_with(path: &str, source: &str, packages: &[&HostPackage]) -> Result<Program> {
        let mut options = compiler::check::Options {
            main_optional: true,
            ..Default::default()
        };
        for p in packages {
            options.packages.push(p.declaration()?);
        }
        let render =
            |d: &[compiler::Diagnostic]| Error::Compile(compiler::diag::render(path, source, d));
        let bytecode = crate::deep_stack::on_compiler_stack(|| {
            let (file, info) =
                compiler::check_with(path, source, &options).map_err(|d| render(&d))?;
            compiler::codegen::compile(path, source, &file, &info).map_err(|d| render(&d))
        })?;
        Ok(Program {
            inner: Arc::new(Inner {
                bytecode: Arc::new(bytecode),
                path: path.to_string(),
                source: source.to_string(),
                packages: options,
            }),
        })
    }

    /// Reads and compiles the file at `path`.
    pub fn from_file(path: &str) -> Result<Program> {
        Program::from_file_with(path, &[])
    }

    /// Reads and compiles the file at `path` against host packages.
    pub fn from_file_with(path: &str, packages: &[&HostPackage]) -> Result<Program> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| Error::Config(format!("open {path}: {e}")))?;
        Program::compile_with(path, &source, packages)
    }

    /// The file name given when compiling.
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// The names of the program's top-level functions a host may call.
    pub fn functions(&self) -> impl Iterator<Item = &str> {
        self.inner.bytecode.exports.iter().map(|e| e.name.as_str())
    }

    /// Whether the program declares `func main`.
    pub fn has_main(&self) -> bool {
        self.functions().any(|f| f == "main")
    }

    /// Go's `-gcflags=-m` escape analysis report, as `mini build -m` prints it.
    pub fn escape_report(&self) -> String {
        let inner = &self.inner;
        crate::deep_stack::on_compiler_stack(|| {
            match compiler::check_with(&inner.path, &inner.source, &inner.packages) {
                Ok((file, info)) => {
                    crate::escape_report(&inner.path, &inner.source, &file, &info, 1)
                }
                Err(_) => String::new(),
            }
        })
    }

    /// The bytecode listing, as `mini build -S` prints it.
    pub fn disassemble(&self) -> String {
        mini_bytecode::disassemble(&self.inner.bytecode)
    }

    /// The compiled bytecode.
    pub fn bytecode(&self) -> &mini_bytecode::Program {
        &self.inner.bytecode
    }
}
