//! The value model that `fmt` prints: what the VM hands over for each operand.

use std::borrow::Cow;
use std::rc::Rc;

/// A Go type name as `%T` and `%#v` print it (`main.Point`, `[]int`, `map[string]int`,
/// `*main.Point`, `interface {}`).
pub type TypeName = Rc<str>;

/// Go's signed integer types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntKind {
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
}

/// Go's unsigned integer types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UintKind {
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
}

/// Go's float types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatKind {
    Float32,
    Float64,
}

impl IntKind {
    /// The Go name of the type.
    pub fn name(self) -> &'static str {
        match self {
            IntKind::Int => "int",
            IntKind::Int8 => "int8",
            IntKind::Int16 => "int16",
            IntKind::Int32 => "int32",
            IntKind::Int64 => "int64",
        }
    }
}

impl UintKind {
    /// The Go name of the type.
    pub fn name(self) -> &'static str {
        match self {
            UintKind::Uint => "uint",
            UintKind::Uint8 => "uint8",
            UintKind::Uint16 => "uint16",
            UintKind::Uint32 => "uint32",
            UintKind::Uint64 => "uint64",
            UintKind::Uintptr => "uintptr",
        }
    }
}

impl FloatKind {
    /// The Go name of the type.
    pub fn name(self) -> &'static str {
        match self {
            FloatKind::Float32 => "float32",
            FloatKind::Float64 => "float64",
        }
    }

    /// The size in bits (what `strconv.FormatFloat` rounds to).
    pub fn bits(self) -> u32 {
        match self {
            FloatKind::Float32 => 32,
            FloatKind::Float64 => 64,
        }
    }
}

/// Which of the methods `fmt` looks for a value has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MethodSet {
    /// `Error() string`: the value is an `error`.
    pub error: bool,
    /// `String() string`: the value is a `fmt.Stringer`.
    pub string: bool,
    /// `GoString() string`: the value is a `fmt.GoStringer` (used by `%#v` only).
    pub go_string: bool,
}

/// One method `fmt` may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Error,
    String,
    GoString,
}

impl Method {
    /// The method's Go name, as panics report it (`String method: boom`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Error => "Error",
            Method::String => "String",
            Method::GoString => "GoString",
        }
    }
}

/// What a call to one of a value's methods gave: its result, or the value it panicked with.
pub type MethodOutcome = Result<Vec<u8>, FmtValue>;

/// Runs the `Error`, `String` and `GoString` methods of [`FmtValue::Methods`] values when
/// `fmt` needs them (and only then, like Go, so side effects happen as in Go).
pub trait MethodHost {
    /// Calls `method` on the receiver the host registered as `id`.
    fn call(&mut self, id: u64, method: Method) -> MethodOutcome;
}

/// A host for values without methods.
pub struct NoMethods;

impl MethodHost for NoMethods {
    fn call(&mut self, _id: u64, method: Method) -> MethodOutcome {
        Err(FmtValue::String(
            format!("no {} method registered", method.name()).into_bytes(),
        ))
    }
}

/// A struct field: its name (the type name for an embedded field) and value.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub value: FmtValue,
}

/// One operand of `fmt`, or a value inside one. Composite values carry their Go type
/// name; basic values of named types are wrapped in [`FmtValue::Named`].
#[derive(Clone, Debug)]
pub enum FmtValue {
    /// A nil interface. At the top level (an `any(nil)` operand) it prints `<nil>`; nested,
    /// `ty` is the static interface type that `%#v` prints (`interface {}(nil)`, `error(nil)`).
    NilInterface(TypeName),
    Bool(bool),
    Int(i64, IntKind),
    Uint(u64, UintKind),
    Float(f64, FloatKind),
    String(Vec<u8>),
    /// A basic value of a named type (`type Celsius float64`).
    Named {
        ty: TypeName,
        value: Box<FmtValue>,
    },
    /// A slice (`None` when nil) or an array (`array`), of any element type except bytes.
    /// `addr` is the slice's data address, which `%p` prints (0 for arrays).
    List {
        ty: TypeName,
        addr: u64,
        elems: Option<Vec<FmtValue>>,
        array: bool,
    },
    /// A slice (`None` when nil) or array (`array`) whose element type has kind `uint8`.
    Bytes {
        ty: TypeName,
        addr: u64,
        bytes: Option<Vec<u8>>,
        array: bool,
    },
    /// A map (`None` when nil); entries in any order. `addr` is what `%p` prints.
    Map {
        ty: TypeName,
        addr: u64,
        entries: Option<Vec<(FmtValue, FmtValue)>>,
    },
    Struct {
        ty: TypeName,
        fields: Vec<Field>,
    },
    /// A pointer; `addr` 0 is nil. `target` is the pointee when it is a struct, array, slice
    /// or map, which a top-level operand prints as `&{...}`.
    Pointer {
        ty: TypeName,
        addr: u64,
        target: Option<Box<FmtValue>>,
    },
    /// A function value (`addr` 0 when nil).
    Func {
        ty: TypeName,
        addr: u64,
    },
    /// A channel (`addr` 0 when nil).
    Chan {
        ty: TypeName,
        addr: u64,
    },
    /// A value with `Error`, `String` or `GoString` methods that `fmt` may call through the
    /// [`MethodHost`] under `id`. Values reached through unexported struct fields must not be
    /// wrapped: Go does not call their methods.
    Methods {
        id: u64,
        methods: MethodSet,
        value: Box<FmtValue>,
    },
}

impl FmtValue {
    /// The value without [`FmtValue::Methods`] and [`FmtValue::Named`] wrappers.
    pub fn underlying(&self) -> &FmtValue {
        match self {
            FmtValue::Named { value, .. } | FmtValue::Methods { value, .. } => value.underlying(),
            v => v,
        }
    }

    /// The Go type name `%T` prints.
    pub fn type_name(&self) -> Cow<'_, str> {
        match self {
            FmtValue::NilInterface(_) => Cow::Borrowed("<nil>"),
            FmtValue::Bool(_) => Cow::Borrowed("bool"),
            FmtValue::Int(_, k) => Cow::Borrowed(k.name()),
            FmtValue::Uint(_, k) => Cow::Borrowed(k.name()),
            FmtValue::Float(_, k) => Cow::Borrowed(k.name()),
            FmtValue::String(_) => Cow::Borrowed("string"),
            FmtValue::Methods { value, .. } => value.type_name(),
            FmtValue::Named { ty, .. }
            | FmtValue::List { ty, .. }
            | FmtValue::Bytes { ty, .. }
            | FmtValue::Map { ty, .. }
            | FmtValue::Struct { ty, .. }
            | FmtValue::Pointer { ty, .. }
            | FmtValue::Func { ty, .. }
            | FmtValue::Chan { ty, .. } => Cow::Borrowed(ty),
        }
    }

    /// Whether the value's kind is string (Sprint puts no spaces next to strings).
    pub fn is_string_kind(&self) -> bool {
        matches!(self.underlying(), FmtValue::String(_))
    }
}
