//! Mini instruction set, function prototypes and disassembler (the compiler–VM contract).

pub mod disasm;
pub mod instr;
pub mod natives;
pub mod proto;
pub mod signature;
pub mod strconv;

pub use disasm::disassemble;
pub use instr::Instr;
pub use proto::{
    ArrayShape, FmtMethods, FuncProto, KeyPart, MapShape, MethodEntry, Program, RuntimeType,
    SlotKind, TypeKind, HOST_ERROR_TYPE, RUNTIME_ERROR_TYPE,
};
pub use signature::{Export, GoType, HostSig, Repr};
