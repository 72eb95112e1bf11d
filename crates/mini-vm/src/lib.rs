//! The Mini virtual machine: interpreter loop, frames, runtime packages and embedding API.

mod arrays;
mod chans;
mod error;
pub mod format;
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

pub use error::{GoroutineTrace, Limit, TraceFrame, VmError};
pub use limits::{Limits, DEFAULT_MAX_FRAMES};
pub use observe::ObserveOptions;
pub use vm::Vm;
