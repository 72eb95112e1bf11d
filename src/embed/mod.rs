//! The embedding API: compile a [`Program`] once, run it on [`Vm`]s, call its functions with
//! Rust values, give it host functions, bound it with limits.

mod convert;
mod error;
mod host;
mod program;
mod vm;

pub use convert::{
    field, struct_declaration, struct_from_value, struct_matches, Args, Callback, GoError,
    MiniStruct, MiniType, Results,
};
pub use error::{Error, Result, RuntimeError};
pub use host::{HostCx, HostFunc, HostFuncCx, HostPackage, HostReturn, HostSignature, Panic};
pub use program::Program;
pub use vm::{TypedFunc, Vm};
