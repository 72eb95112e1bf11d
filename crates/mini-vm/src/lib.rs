//! The Mini virtual machine: interpreter loop, frames, runtime packages and embedding API.

mod arrays;
mod error;
pub mod format;
mod ifaces;
mod interp;
mod maps;
mod natives;
mod pointers;
mod slices;
mod validate;
mod values;
mod vm;

pub use error::{TraceFrame, VmError};
pub use vm::Vm;
