//! Function prototypes and whole programs: what the compiler hands the VM.

use crate::instr::Instr;

/// What a register or heap word holds, so the collector finds references precisely.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlotKind {
    /// Integers, floats, booleans, packed string offsets and lengths.
    Scalar,
    /// A reference to a heap object (or null).
    Ref,
    /// The type word of an interface (0 for nil; odd when the data word is a reference).
    /// A distinct kind so that no plain scalar ever lands just before an `IfaceData` slot.
    IfaceType,
    /// The data word of an interface: a reference only when the type word before it is odd.
    IfaceData,
}

/// One compiled function.
#[derive(Clone, Debug, Default)]
pub struct FuncProto {
    /// Go's name for traces: `main.fib`, `main.(*T).M`, `main.main.func1`.
    pub name: String,
    pub code: Vec<Instr>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    /// The kind of every register; the frame has `slot_kinds.len()` registers.
    pub slot_kinds: Vec<SlotKind>,
    /// Slots taken by the parameters (registers 0..params) and by the results (written back
    /// at register 0 on return).
    pub param_slots: u32,
    pub result_slots: u32,
    /// A function literal: register 0 holds its own function value (for its captured
    /// variables), and its results are returned at register 1.
    pub is_closure: bool,
    /// How many variables a function literal captures.
    pub captures: u32,
    /// Where a function resumes when a deferred call recovers a panic: it runs its remaining
    /// deferred calls and returns its named results (or zero values).
    pub recover_pc: Option<u32>,
    /// A generated wrapper (a method value's function, a promoted or pointer-receiver
    /// method's adapter, a deferred built-in such as `defer recover()`): `recover` looks
    /// through it to the frames around it, as Go's runtime does for its wrappers.
    pub wrapper: bool,
    /// Calls the compiler inlined into this function, for traces.
    pub inlined: Vec<InlinedCall>,
}

/// A call the compiler replaced by the callee's body: instructions `start..end` are `name`'s
/// body, called from source line `line`. A trace through them shows the callee as a frame of
/// its own, as Go's does for the functions it inlines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InlinedCall {
    pub start: u32,
    pub end: u32,
    pub name: String,
    pub line: u32,
}

/// The kind of a runtime type, enough to print values the way `fmt` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum TypeKind {
    #[default]
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
    String,
    /// A slice whose elements have runtime type `elem`.
    Slice {
        elem: u8,
    },
    /// A struct: each field's name and runtime type, in order.
    Struct {
        fields: Vec<(String, u8)>,
    },
    /// A pointer to a value of runtime type `elem`.
    Pointer {
        elem: u8,
    },
    /// A map from runtime type `key` to runtime type `value`.
    Map {
        key: u8,
        value: u8,
    },
    /// An array of `len` elements of runtime type `elem`.
    Array {
        elem: u8,
        len: u32,
    },
    /// An interface type: its methods (indices into `Program::method_names`), in Go's order
    /// (sorted by name).
    Interface {
        methods: Vec<u16>,
    },
    /// A function type (only printed, compared with nil, or called).
    Func,
    /// A channel of elements of runtime type `elem` (compared by identity).
    Chan {
        elem: u8,
    },
}

/// The runtime type of the values `recover` returns for runtime errors: a string whose
/// `Error` method returns it and which has `RuntimeError`, so it is a `runtime.Error`.
pub const RUNTIME_ERROR_TYPE: &str = "runtime.errorString";

/// The runtime type of the `error` values a host function returns (and of `error` arguments
/// a host passes): a string whose `Error` method returns it.
pub const HOST_ERROR_TYPE: &str = "host.errorString";

/// One method of a concrete type's method set, as interface calls find it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MethodEntry {
    /// Index into `Program::method_names`.
    pub name: u16,
    /// The function called; its receiver is the dynamic value itself.
    pub func: u32,
}

/// A type that exists at run time (in interface values): its kind and Go's printed name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuntimeType {
    /// Go's `%T` name: `int`, `main.Celsius`.
    pub name: String,
    pub kind: TypeKind,
    /// The slots a value occupies (boxed in interfaces when more than one).
    pub slots: Vec<SlotKind>,
    /// Set for named types (`main.Celsius`), whose values print with `%v` like their kind.
    pub named: bool,
    /// The method set, sorted by method name index (empty for types without methods).
    pub methods: Vec<MethodEntry>,
    /// Which of the methods `fmt` calls the type has (with `fmt`'s signatures).
    pub fmt_methods: FmtMethods,
}

/// The methods `fmt` looks for: `Error() string`, `String() string`, `GoString() string`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FmtMethods {
    pub error: bool,
    pub string: bool,
    pub go_string: bool,
}

/// Arrays and structs of more slots than this live in heap boxes: a local variable is boxed,
/// and in registers (arguments, results, temporaries) such a value is a pointer to a box
/// holding it that no other register or object refers to, so copying the pointer from a
/// temporary moves the value and reading a variable copies it into a new box.
pub const MAX_REGISTER_VALUE: usize = 32;

/// Whether a value of kind `kind` and `slots` slots is passed by pointer in registers.
pub fn passed_by_pointer(kind: &TypeKind, slots: usize) -> bool {
    matches!(kind, TypeKind::Array { .. } | TypeKind::Struct { .. }) && slots > MAX_REGISTER_VALUE
}

impl RuntimeType {
    /// Whether an interface holds a value of this type in a heap box (its data word then
    /// points at the box): values of several slots, and single references (maps, functions),
    /// so that an interface's data word is a reference exactly when its type word is odd.
    pub fn boxed_in_interface(&self) -> bool {
        self.slots.len() > 1 || self.slots.first() == Some(&SlotKind::Ref)
    }

    /// Whether registers hold a value of this type as a pointer to a private heap box rather
    /// than as its slots (see [`passed_by_pointer`]).
    pub fn passed_by_pointer(&self) -> bool {
        passed_by_pointer(&self.kind, self.slots.len())
    }
    /// The function implementing method `name` for values of this type.
    pub fn method(&self, name: u16) -> Option<u32> {
        self.methods
            .binary_search_by_key(&name, |m| m.name)
            .ok()
            .map(|i| self.methods[i].func)
    }
}

/// The shape of a slice's backing array: its element's slots and Go's element size (which
/// decides how `append` grows capacity, exactly as Go's size classes do).
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayShape {
    /// Go's element type name, for debugging.
    pub name: String,
    pub elem: Vec<SlotKind>,
    pub go_elem_size: u32,
}

/// How a map is laid out: its key and value slots, and how keys compare.
#[derive(Clone, Debug, PartialEq)]
pub struct MapShape {
    /// Go's map type name, for debugging.
    pub name: String,
    pub key: Vec<SlotKind>,
    pub value: Vec<SlotKind>,
    /// Per key slot: how it is hashed and compared.
    pub key_parts: Vec<KeyPart>,
}

/// How one slot of a map key is hashed and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyPart {
    /// Compared as a 64-bit word.
    Word,
    /// A float64 (`-0 == +0`, NaN never equal).
    Float,
    /// The first of a string's two slots: compared by bytes (the second slot is skipped).
    String,
    /// Skipped (the second slot of a string or an interface).
    Skip,
    /// The first of an interface's two slots: hashed and compared by dynamic type and value
    /// (a dynamic type that is not comparable panics, as Go's maps do).
    Iface,
}

/// A compiled program.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// The file name as given, for panic traces.
    pub file: String,
    pub funcs: Vec<FuncProto>,
    /// 64-bit constants (`LoadConst`).
    pub consts: Vec<u64>,
    /// String constants (`LoadStr`).
    pub strings: Vec<Vec<u8>>,
    /// Kinds of the global slots.
    pub globals: Vec<SlotKind>,
    /// Runtime types, indexed by `ToIface`'s `t`.
    pub types: Vec<RuntimeType>,
    /// Backing-array shapes, indexed by `MakeSlice`'s `k`.
    pub array_shapes: Vec<ArrayShape>,
    /// Heap box shapes (one value each), indexed by `NewBox`'s `k`.
    pub box_shapes: Vec<ArrayShape>,
    /// Map shapes, indexed by `MakeMap`'s `k`.
    pub map_shapes: Vec<MapShape>,
    /// Method names, indexed by `CallIface`'s `k` and by method entries.
    pub method_names: Vec<String>,
    /// Names of the native functions `CallNative` refers to, indexed by `n`.
    pub natives: Vec<String>,
    /// The function that initialises globals and runs `init` functions, then `main.main`.
    pub entry: u32,
    /// The function that initialises globals and runs `init` functions (package
    /// initialisation without `main`), for hosts that call the program's functions.
    pub init: u32,
    /// The top-level functions of package `main`, by name, with their signatures.
    pub exports: Vec<crate::Export>,
    /// The host functions the program calls (`CallNative` indices from `NATIVES.len()` on).
    pub host_funcs: Vec<crate::HostSig>,
}
