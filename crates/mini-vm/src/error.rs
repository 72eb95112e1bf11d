//! How a run ends other than by returning from `main`: Go panics, fatal errors, `os.Exit`.

/// A frame of a panic trace: Go's function name and the source line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceFrame {
    /// Go's name of the function (`main.f`, `main.(*T).M`).
    pub func: String,
    /// The line being run.
    pub line: u32,
}

/// A goroutine in a deadlock report: its id, Go's status (`chan receive`, `select`,
/// `sync.WaitGroup.Wait`…) and its frames, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoroutineTrace {
    pub id: u64,
    pub status: String,
    pub trace: Vec<TraceFrame>,
}

/// Which embedder limit a run hit (`Vm::set_limits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The instruction budget.
    Fuel,
    /// The hard heap limit.
    Heap,
    /// An `InterruptHandle` asked the VM to stop.
    Interrupt,
}

/// Why a run (or a call from the host) ended without returning normally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VmError {
    /// An uncaught panic: Go's message (`runtime error: index out of range [5] with length 3`)
    /// and the goroutine's frames, innermost first.
    Panic {
        /// What follows `panic: `.
        message: String,
        /// The goroutine's frames, innermost first.
        trace: Vec<TraceFrame>,
        /// Panics raised by deferred calls while this one was unwinding (`\tpanic: second`).
        chained: Vec<String>,
    },
    /// A fatal error (`stack overflow`), with the runtime's preamble lines.
    Fatal {
        /// What follows `fatal error: `.
        message: String,
        /// Lines the runtime prints before it (`runtime: goroutine stack exceeds …`).
        preamble: Vec<String>,
        /// The goroutine's frames, innermost first.
        trace: Vec<TraceFrame>,
    },
    /// Every goroutine is blocked: Go's `all goroutines are asleep - deadlock!`.
    Deadlock { goroutines: Vec<GoroutineTrace> },
    /// `os.Exit(code)`.
    Exit(i32),
    /// The heap could not allocate.
    OutOfMemory,
    /// Bad `GOGC`, `GOMEMLIMIT` or `MINI_GCZEAL`.
    Config(String),
    /// The run hit a limit its embedder set.
    LimitExceeded(Limit),
    /// A value crossing the embedding boundary did not fit the type on the other side.
    Conversion(String),
}

impl From<mini_gc::AllocError> for VmError {
    fn from(e: mini_gc::AllocError) -> VmError {
        match e {
            mini_gc::AllocError::LimitExceeded => VmError::LimitExceeded(Limit::Heap),
            _ => VmError::OutOfMemory,
        }
    }
}

impl VmError {
    /// The message of a panic (what follows `panic: `), or a description of other outcomes.
    pub fn panic_message(&self) -> String {
        match self {
            VmError::Panic { message, .. } => message.clone(),
            other => format!("{other:?}"),
        }
    }

    /// The process exit status Go uses for this outcome.
    pub fn exit_status(&self) -> i32 {
        match self {
            VmError::Exit(code) => *code,
            VmError::Config(_) => 2,
            _ => 2,
        }
    }

    /// What Go prints on stderr for this outcome (`panic: …`, goroutine trace).
    pub fn report(&self, file: &str) -> String {
        match self {
            VmError::Panic {
                message,
                trace,
                chained,
            } => {
                let mut s = format!("panic: {}\n", indent_message(message));
                for c in chained {
                    s.push_str(&format!("\tpanic: {}\n", indent_message(c)));
                }
                if message.ends_with("nil pointer dereference") {
                    s.push_str(
                        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n",
                    );
                }
                s.push_str("\ngoroutine 1 [running]:\n");
                write_trace(&mut s, trace, file);
                s
            }
            VmError::Fatal {
                message,
                preamble,
                trace,
            } => {
                let mut s = String::new();
                for line in preamble {
                    s.push_str(line);
                    s.push('\n');
                }
                s.push_str(&format!(
                    "fatal error: {message}\n\ngoroutine 1 [running]:\n"
                ));
                write_trace(&mut s, trace, file);
                s
            }
            VmError::Deadlock { goroutines } => {
                let mut s = String::from("fatal error: all goroutines are asleep - deadlock!\n");
                for g in goroutines {
                    s.push_str(&format!("\ngoroutine {} [{}]:\n", g.id, g.status));
                    write_trace(&mut s, &g.trace, file);
                }
                s
            }
            VmError::Exit(_) => String::new(),
            VmError::OutOfMemory => {
                "fatal error: runtime: out of memory\n\ngoroutine 1 [running]:\n".into()
            }
            VmError::Config(msg) => format!("mini: {msg}\n"),
            VmError::LimitExceeded(Limit::Fuel) => "mini: instruction budget exhausted\n".into(),
            VmError::LimitExceeded(Limit::Heap) => "mini: heap limit exceeded\n".into(),
            VmError::LimitExceeded(Limit::Interrupt) => "mini: interrupted\n".into(),
            VmError::Conversion(msg) => format!("mini: {msg}\n"),
        }
    }
}

/// Go indents continuation lines of a panic message with a tab.
fn indent_message(m: &str) -> String {
    m.replace('\n', "\n\t")
}

/// Go prints at most this many innermost and outermost frames of a long trace.
const TRACE_EDGE_FRAMES: usize = 50;

fn write_trace(s: &mut String, trace: &[TraceFrame], file: &str) {
    let write = |s: &mut String, frames: &[TraceFrame]| {
        for f in frames {
            s.push_str(&format!("{}(...)\n\t{}:{}\n", f.func, file, f.line));
        }
    };
    if trace.len() <= 2 * TRACE_EDGE_FRAMES {
        write(s, trace);
        return;
    }
    let outer = trace.len() - TRACE_EDGE_FRAMES;
    write(s, &trace[..TRACE_EDGE_FRAMES]);
    s.push_str(&format!(
        "...{} frames elided...\n",
        outer - TRACE_EDGE_FRAMES
    ));
    write(s, &trace[outer..]);
}
