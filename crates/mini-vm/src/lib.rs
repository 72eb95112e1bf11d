//! The Mini virtual machine: interpreter loop, frames, runtime packages and embedding API.

mod arrays;
mod error;
pub mod format;
mod ifaces;
mod interp;
mod maps;
mod natives;
mod observe;
mod pointers;
mod pools;
mod slices;
mod validate;
mod values;
mod vm;

pub use error::{TraceFrame, VmError};
pub use observe::ObserveOptions;
pub use vm::Vm;
