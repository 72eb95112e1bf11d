//! The one error type of the embedding API.

use std::fmt;

use mini_vm::{Limit, VmError};

/// Everything that can go wrong compiling, loading or running a program from Rust.
///
/// `Display` is what `mini` prints: Go's diagnostics for compile errors, Go's panic report
/// (`panic: ...` and the goroutine trace) for panics and fatal errors.
///
/// ```
/// let err = mini::Program::compile("bad.go", "package main\n\nfunc main() { x := 1 }\n")
///     .unwrap_err();
/// assert_eq!(err.to_string(), "./bad.go:3:15: declared and not used: x");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The source did not compile: Go's diagnostics, one per line.
    Compile(String),
    /// An uncaught panic or a fatal error (`stack overflow`, `out of memory`): the report as
    /// `mini run` prints it.
    Runtime(RuntimeError),
    /// The script called `os.Exit(code)`.
    Exit(i32),
    /// The script hit a limit the host set (fuel, heap, interrupt).
    Limit(Limit),
    /// A value did not convert between Rust and Mini, or a function was called with the
    /// wrong signature.
    Conversion(String),
    /// There is no such top-level function, or the VM has no program loaded.
    NotFound(String),
    /// A bad collector setting, or a file that could not be read.
    Config(String),
}

/// A panic or fatal error of a running script.
#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeError {
    pub(crate) error: VmError,
    pub(crate) file: String,
}

impl RuntimeError {
    /// The panic's message (`runtime error: index out of range [5] with length 3`).
    pub fn message(&self) -> String {
        match &self.error {
            VmError::Panic { message, .. } | VmError::Fatal { message, .. } => message.clone(),
            other => other.report(&self.file).trim_end().to_string(),
        }
    }

    /// Whether this is a fatal error (not a panic): `stack overflow`, `out of memory`.
    pub fn is_fatal(&self) -> bool {
        !matches!(self.error, VmError::Panic { .. })
    }

    /// The underlying VM error.
    pub fn vm_error(&self) -> &VmError {
        &self.error
    }
}

impl Error {
    /// Wraps a VM outcome; `file` names the program in traces.
    pub(crate) fn from_vm(error: VmError, file: &str) -> Error {
        match error {
            VmError::Exit(code) => Error::Exit(code),
            VmError::LimitExceeded(limit) => Error::Limit(limit),
            VmError::Conversion(msg) => Error::Conversion(msg),
            VmError::Config(msg) => Error::Config(msg),
            error => Error::Runtime(RuntimeError {
                error,
                file: file.to_string(),
            }),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Compile(text) => f.write_str(text.trim_end()),
            Error::Runtime(r) => f.write_str(r.error.report(&r.file).trim_end()),
            Error::Exit(code) => write!(f, "exit status {code}"),
            Error::Limit(Limit::Fuel) => f.write_str("instruction budget exhausted"),
            Error::Limit(Limit::Heap) => f.write_str("heap limit exceeded"),
            Error::Limit(Limit::Interrupt) => f.write_str("interrupted"),
            Error::Conversion(msg) | Error::NotFound(msg) | Error::Config(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {}

/// A `Result` with the embedding API's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
