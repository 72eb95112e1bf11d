//! Mini instruction set, function prototypes and disassembler (the compiler–VM contract).
pub mod strconv;
