//! The Mini virtual machine: interpreter loop, frames, runtime packages and embedding API.

mod arrays;
mod chans;
mod embed;
mod error;
pub mod format;
mod frame_buffers;
mod ifaces;
mod interp;
mod limits;
mod maps;
mod natives;
mod observe;
mod pointers;
mod pools;
mod sched;
mod slices;
mod validate;
mod values;
mod vm;

pub use embed::{FuncRef, GcCallback, HostError, HostFn, Rooted, Value};
pub use error::{GoroutineTrace, Limit, TraceFrame, VmError};
pub use limits::{InterruptHandle, Limits, DEFAULT_MAX_FRAMES};
pub use mini_gc::{GcEvent, MemStats};
pub use observe::ObserveOptions;
pub use vm::Vm;

/// A VM can move to another thread (with everything it owns).
const _: () = {
    const fn assert_send<T: Send>() {}
    assert_send::<Vm>();
};
