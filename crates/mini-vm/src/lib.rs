//! The Mini virtual machine: interpreter loop, frames, runtime packages and embedding API.
pub mod format;
