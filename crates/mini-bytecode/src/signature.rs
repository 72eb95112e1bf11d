//! Go types at the embedding boundary: the signatures of the functions a host program may call
//! (`Program::exports`) and of the host functions a program calls (`Program::host_funcs`), in
//! enough detail for the VM to convert values to and from Rust.

use crate::proto::SlotKind;

/// A Go type as the embedding API sees it: Go's printed name and how its value is laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct GoType {
    /// Go's printed form (`int`, `[]string`, `map[string]int`, `Point`).
    pub name: String,
    pub repr: Repr,
}

/// How a value of a `GoType` occupies its slots, for conversion.
#[derive(Clone, Debug, PartialEq)]
pub enum Repr {
    Bool,
    Int {
        bits: u8,
    },
    Uint {
        bits: u8,
    },
    Float {
        bits: u8,
    },
    /// Two slots: the bytes object and `offset << 32 | length`.
    String,
    /// Four slots (array, offset, length, capacity); `array` is the backing-array shape
    /// (`Program::array_shapes`) a host uses to build one.
    Slice {
        elem: Box<GoType>,
        array: Option<u32>,
    },
    /// One slot: the map header; `map` is its shape (`Program::map_shapes`).
    Map {
        key: Box<GoType>,
        value: Box<GoType>,
        map: Option<u32>,
    },
    /// The fields' slots one after the other.
    Struct {
        fields: Vec<(String, GoType)>,
    },
    /// An interface with the `Error() string` method (two slots).
    Error,
    /// A function value (one slot) and its signature.
    Func {
        params: Vec<GoType>,
        results: Vec<GoType>,
    },
    /// Anything else (pointers, arrays, other interfaces): only its slots are known.
    Other {
        slots: Vec<SlotKind>,
    },
}

impl GoType {
    /// The slots a value of this type occupies.
    pub fn slots(&self) -> usize {
        match &self.repr {
            Repr::Bool
            | Repr::Int { .. }
            | Repr::Uint { .. }
            | Repr::Float { .. }
            | Repr::Map { .. }
            | Repr::Func { .. } => 1,
            Repr::String | Repr::Error => 2,
            Repr::Slice { .. } => 4,
            Repr::Struct { fields } => fields.iter().map(|(_, t)| t.slots()).sum(),
            Repr::Other { slots } => slots.len(),
        }
    }
}

/// A top-level function of package `main` a host may call.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    /// The Go name (`Add`).
    pub name: String,
    /// Index into `Program::funcs`.
    pub func: u32,
    pub params: Vec<GoType>,
    pub results: Vec<GoType>,
    /// Variadic functions take their last parameter as a slice.
    pub variadic: bool,
}

/// A host function the program calls: its qualified Go name (`host.Log`) and signature. Its
/// `CallNative` index is `natives::NATIVES.len()` plus its index in `Program::host_funcs`.
#[derive(Clone, Debug, PartialEq)]
pub struct HostSig {
    pub name: String,
    pub params: Vec<GoType>,
    pub results: Vec<GoType>,
}
