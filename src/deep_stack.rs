//! The compiler runs on a thread of its own with a deep stack, so deeply nested source
//! compiles as it does with Go.
//!
//! The compiler's passes (numbering, checking, escape analysis, code generation) recurse over
//! the syntax tree, one call or more per nesting level: a sum of N terms is N levels deep.
//! A level takes a couple of KiB of stack in a release build, so the main thread's 8 MiB
//! overflowed at about 5,000 terms, where Go's compiler (whose goroutine stacks grow to
//! 1 GB) takes hundreds of thousands. The thread's stack is reserved address space: only
//! the pages a deep program reaches become memory.

use std::sync::Mutex;

/// Bytes of stack for the compiler's thread: Go's limit for one goroutine's stack.
const COMPILER_STACK: usize = 1 << 30;

/// Runs `job` (a compilation) on a thread with [`COMPILER_STACK`] bytes of stack, or on the
/// current thread when the system will not make that thread (address space limits).
pub(crate) fn on_compiler_stack<T: Send>(job: impl FnOnce() -> T + Send) -> T {
    let slot = Mutex::new(Some(job));
    let take = || {
        let job = slot.lock().map(|mut s| s.take()).ok().flatten();
        job.expect("the job runs once")
    };
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .name("compiler".into())
            .stack_size(COMPILER_STACK)
            .spawn_scoped(s, || take()());
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => take()(),
        }
    })
}
