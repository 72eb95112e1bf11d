//! Conversions between Rust values and Mini values: scalars, strings, `Vec` ↔ slices,
//! `HashMap` ↔ maps, `Option` ↔ nil, structs through [`MiniStruct`], and tuples of them for
//! arguments and results.

use std::collections::HashMap;
use std::hash::Hash;

use mini_bytecode::{GoType, Repr};
use mini_vm::{FuncRef, Rooted, Value};

use super::error::{Error, Result};

/// A Rust type with a Mini counterpart: its Go type (for host declarations and signature
/// checks) and conversions both ways.
pub trait MiniType: Sized {
    /// Whether a script's result converts to this type as a rooted handle, not a copy.
    const ROOTED: bool = false;
    /// The Go type written in a host package's declarations (`int`, `[]string`).
    fn go_type() -> String;
    /// Whether a Mini value of type `ty` converts to and from this Rust type.
    fn matches(ty: &GoType) -> bool;
    /// The Mini value for `self`.
    fn into_value(self) -> Value;
    /// The Rust value for a Mini value.
    fn from_value(v: Value) -> Result<Self>;
    /// Go type declarations this type needs in a host package (a struct's `type` line).
    fn declarations(out: &mut Vec<String>) {
        let _ = out;
    }
}

fn wrong(want: &str, v: &Value) -> Error {
    Error::Conversion(format!("cannot convert {v:?} to {want}"))
}

macro_rules! signed {
    ($($t:ty => $go:literal, $bits:literal;)*) => {$(
        impl MiniType for $t {
            fn go_type() -> String { $go.into() }
            fn matches(ty: &GoType) -> bool { ty.repr == Repr::Int { bits: $bits } }
            fn into_value(self) -> Value { Value::Int(self as i64) }
            fn from_value(v: Value) -> Result<Self> {
                match v {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| wrong($go, &v)),
                    v => Err(wrong($go, &v)),
                }
            }
        }
    )*};
}

macro_rules! unsigned {
    ($($t:ty => $go:literal, $bits:literal;)*) => {$(
        impl MiniType for $t {
            fn go_type() -> String { $go.into() }
            fn matches(ty: &GoType) -> bool { ty.repr == Repr::Uint { bits: $bits } }
            fn into_value(self) -> Value { Value::Uint(self as u64) }
            fn from_value(v: Value) -> Result<Self> {
                match v {
                    Value::Uint(u) => <$t>::try_from(u).map_err(|_| wrong($go, &v)),
                    v => Err(wrong($go, &v)),
                }
            }
        }
    )*};
}

signed! {
    i8 => "int8", 8;
    i16 => "int16", 16;
    i32 => "int32", 32;
    i64 => "int", 64;
    isize => "int", 64;
}
unsigned! {
    u8 => "uint8", 8;
    u16 => "uint16", 16;
    u32 => "uint32", 32;
    u64 => "uint64", 64;
    usize => "uint", 64;
}

impl MiniType for f64 {
    fn go_type() -> String {
        "float64".into()
    }
    fn matches(ty: &GoType) -> bool {
        matches!(ty.repr, Repr::Float { .. })
    }
    fn into_value(self) -> Value {
        Value::Float(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Float(f) => Ok(f),
            v => Err(wrong("float64", &v)),
        }
    }
}

impl MiniType for f32 {
    fn go_type() -> String {
        "float32".into()
    }
    fn matches(ty: &GoType) -> bool {
        ty.repr == Repr::Float { bits: 32 }
    }
    fn into_value(self) -> Value {
        Value::Float(f64::from(self))
    }
    fn from_value(v: Value) -> Result<Self> {
        f64::from_value(v).map(|f| f as f32)
    }
}

impl MiniType for bool {
    fn go_type() -> String {
        "bool".into()
    }
    fn matches(ty: &GoType) -> bool {
        ty.repr == Repr::Bool
    }
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Bool(b) => Ok(b),
            v => Err(wrong("bool", &v)),
        }
    }
}

impl MiniType for String {
    fn go_type() -> String {
        "string".into()
    }
    fn matches(ty: &GoType) -> bool {
        ty.repr == Repr::String
    }
    fn into_value(self) -> Value {
        Value::String(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::String(s) => Ok(s),
            v => Err(wrong("string", &v)),
        }
    }
}

impl<T: MiniType> MiniType for Vec<T> {
    fn go_type() -> String {
        format!("[]{}", T::go_type())
    }
    fn matches(ty: &GoType) -> bool {
        matches!(&ty.repr, Repr::Slice { elem, .. } if T::matches(elem))
    }
    fn into_value(self) -> Value {
        Value::Slice(self.into_iter().map(T::into_value).collect())
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Slice(items) => items.into_iter().map(T::from_value).collect(),
            Value::Nil => Ok(Vec::new()),
            v => Err(wrong("a slice", &v)),
        }
    }
    fn declarations(out: &mut Vec<String>) {
        T::declarations(out)
    }
}

impl<K: MiniType + Eq + Hash, V: MiniType> MiniType for HashMap<K, V> {
    fn go_type() -> String {
        format!("map[{}]{}", K::go_type(), V::go_type())
    }
    fn matches(ty: &GoType) -> bool {
        matches!(&ty.repr, Repr::Map { key, value, .. } if K::matches(key) && V::matches(value))
    }
    fn into_value(self) -> Value {
        Value::Map(
            self.into_iter()
                .map(|(k, v)| (k.into_value(), v.into_value()))
                .collect(),
        )
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Map(entries) => entries
                .into_iter()
                .map(|(k, v)| Ok((K::from_value(k)?, V::from_value(v)?)))
                .collect(),
            Value::Nil => Ok(HashMap::new()),
            v => Err(wrong("a map", &v)),
        }
    }
    fn declarations(out: &mut Vec<String>) {
        K::declarations(out);
        V::declarations(out);
    }
}

/// `None` is Go's nil (of a slice, map, function or `error`).
impl<T: MiniType> MiniType for Option<T> {
    fn go_type() -> String {
        T::go_type()
    }
    fn matches(ty: &GoType) -> bool {
        T::matches(ty)
    }
    fn into_value(self) -> Value {
        self.map_or(Value::Nil, T::into_value)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Nil => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
    fn declarations(out: &mut Vec<String>) {
        T::declarations(out)
    }
}

/// A Go `error` value: its text. `Option<GoError>` is an `error` that may be nil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoError(pub String);

impl std::fmt::Display for GoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GoError {}

impl MiniType for GoError {
    fn go_type() -> String {
        "error".into()
    }
    fn matches(ty: &GoType) -> bool {
        ty.repr == Repr::Error
    }
    fn into_value(self) -> Value {
        Value::Error(self.0)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Error(s) => Ok(GoError(s)),
            v => Err(wrong("error", &v)),
        }
    }
}

/// A Mini function value kept by Rust (rooted until dropped); call it with
/// [`Vm::call_value`](super::Vm::call_value). As a host function's parameter it is declared
/// `func()`: a script hands the host a callback to call later (a [`Callback`] declares other
/// signatures and can also be called while the host function runs).
impl MiniType for FuncRef {
    fn go_type() -> String {
        "func()".into()
    }
    fn matches(ty: &GoType) -> bool {
        matches!(ty.repr, Repr::Func { .. })
    }
    fn into_value(self) -> Value {
        Value::Func(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Func(f) => Ok(f),
            v => Err(wrong("a function", &v)),
        }
    }
}

/// A script function value of Go type `func(A...) R...` handed to a host function: the host
/// calls it with [`Callback::call`] while the host function runs (see
/// [`HostPackage::func_cx`](super::HostPackage::func_cx)), or keeps it and calls it later with
/// [`Vm::call_value`](super::Vm::call_value).
pub struct Callback<A, R> {
    func: FuncRef,
    _types: std::marker::PhantomData<fn(A) -> R>,
}

impl<A, R> Clone for Callback<A, R> {
    fn clone(&self) -> Self {
        Callback {
            func: self.func.clone(),
            _types: std::marker::PhantomData,
        }
    }
}

impl<A, R> std::fmt::Debug for Callback<A, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Callback").field(&self.func).finish()
    }
}

impl<A: Args, R: Results> Callback<A, R> {
    /// Calls the function (from inside a host function).
    pub fn call(&self, cx: &mut super::HostCx<'_>, args: A) -> Result<R> {
        cx.call(&self.func, args)
    }

    /// The function value.
    pub fn func(&self) -> &FuncRef {
        &self.func
    }
}

impl<A: Args, R: Results> MiniType for Callback<A, R> {
    fn go_type() -> String {
        let results = R::go_types();
        let results = match results.len() {
            0 => String::new(),
            1 => format!(" {}", results[0]),
            _ => format!(" ({})", results.join(", ")),
        };
        format!("func({}){results}", A::go_types().join(", "))
    }
    fn matches(ty: &GoType) -> bool {
        matches!(
            &ty.repr,
            Repr::Func { params, results } if A::matches(params) && R::matches(results)
        )
    }
    fn into_value(self) -> Value {
        Value::Func(self.func)
    }
    fn from_value(v: Value) -> Result<Self> {
        FuncRef::from_value(v).map(|func| Callback {
            func,
            _types: std::marker::PhantomData,
        })
    }
}

/// A slice or map a script returned, left in the VM's heap (see [`Rooted`]): read it with
/// [`Vm::get`](super::Vm::get), pass it back to script functions. Only script results
/// convert to it (not host function arguments).
impl MiniType for Rooted {
    const ROOTED: bool = true;
    fn go_type() -> String {
        "any".into()
    }
    fn matches(ty: &GoType) -> bool {
        matches!(ty.repr, Repr::Slice { .. } | Repr::Map { .. })
    }
    fn into_value(self) -> Value {
        Value::Rooted(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Rooted(r) => Ok(r),
            v => Err(wrong("a rooted slice or map", &v)),
        }
    }
}

/// A Rust struct converted field by field to a Go struct type. Implement it, then
/// `mini::mini_struct!(Type)` gives the [`MiniType`] conversions.
///
/// ```
/// use mini::{MiniStruct, Value};
///
/// #[derive(Debug, PartialEq)]
/// struct Point { x: i64, y: i64 }
///
/// impl MiniStruct for Point {
///     const NAME: &'static str = "Point";
///     fn fields() -> Vec<(&'static str, String)> {
///         vec![("X", "int".into()), ("Y", "int".into())]
///     }
///     fn into_fields(self) -> Vec<Value> {
///         vec![Value::Int(self.x), Value::Int(self.y)]
///     }
///     fn from_fields(f: Vec<Value>) -> mini::Result<Self> {
///         let mut f = f.into_iter();
///         Ok(Point { x: mini::field(&mut f)?, y: mini::field(&mut f)? })
///     }
/// }
/// mini::mini_struct!(Point);
/// ```
pub trait MiniStruct: Sized {
    /// The Go type name (declared in host packages that use it).
    const NAME: &'static str;
    /// Field names and Go types, in order.
    fn fields() -> Vec<(&'static str, String)>;
    /// The field values, in order.
    fn into_fields(self) -> Vec<Value>;
    /// The struct from its field values.
    fn from_fields(fields: Vec<Value>) -> Result<Self>;
}

/// The next field of a struct being converted (for [`MiniStruct::from_fields`]).
pub fn field<T: MiniType>(fields: &mut impl Iterator<Item = Value>) -> Result<T> {
    T::from_value(
        fields
            .next()
            .ok_or_else(|| Error::Conversion("too few struct fields".into()))?,
    )
}

/// Implements [`MiniType`] for a [`MiniStruct`].
#[macro_export]
macro_rules! mini_struct {
    ($t:ty) => {
        impl $crate::MiniType for $t {
            fn go_type() -> String {
                <$t as $crate::MiniStruct>::NAME.into()
            }
            fn matches(ty: &$crate::GoType) -> bool {
                $crate::struct_matches::<$t>(ty)
            }
            fn into_value(self) -> $crate::Value {
                $crate::Value::Struct($crate::MiniStruct::into_fields(self))
            }
            fn from_value(v: $crate::Value) -> $crate::Result<Self> {
                $crate::struct_from_value::<$t>(v)
            }
            fn declarations(out: &mut Vec<String>) {
                out.push($crate::struct_declaration::<$t>())
            }
        }
    };
}

/// Whether a Go type is a struct with `S`'s field names and as many fields.
pub fn struct_matches<S: MiniStruct>(ty: &GoType) -> bool {
    let Repr::Struct { fields } = &ty.repr else {
        return false;
    };
    let want = S::fields();
    fields.len() == want.len() && fields.iter().zip(&want).all(|(a, b)| a.0 == b.0)
}

/// `S` from a struct value.
pub fn struct_from_value<S: MiniStruct>(v: Value) -> Result<S> {
    match v {
        Value::Struct(f) => S::from_fields(f),
        v => Err(wrong(S::NAME, &v)),
    }
}

/// `type Name struct { ... }` for a host package.
pub fn struct_declaration<S: MiniStruct>() -> String {
    let fields: Vec<String> = S::fields()
        .iter()
        .map(|(n, t)| format!("\t{n} {t}\n"))
        .collect();
    format!("type {} struct {{\n{}}}\n", S::NAME, fields.concat())
}

/// Arguments of a call: a tuple of [`MiniType`]s (or `()`).
pub trait Args {
    /// Pushes the Mini values, in order.
    fn push_values(self, out: &mut Vec<Value>);
    /// The Go types of the arguments (for declarations).
    fn go_types() -> Vec<String>;
    /// Whether the parameter types accept these arguments.
    fn matches(params: &[GoType]) -> bool;
}

/// Results of a call: `()`, one [`MiniType`], or a tuple of them. A last `error` result can
/// be taken as `Result<T, GoError>`.
pub trait Results: Sized {
    /// Bit `i` set: result `i` is wanted as a rooted handle ([`MiniType::ROOTED`]).
    const ROOTED: u64;
    /// The Go types of the results (for declarations).
    fn go_types() -> Vec<String>;
    /// The Rust value from the Mini results (taken out of `values`).
    fn from_values(values: &mut Vec<Value>) -> Result<Self>;
    /// Whether the result types convert to this type.
    fn matches(results: &[GoType]) -> bool;
}

impl<T: MiniType> Results for T {
    const ROOTED: u64 = T::ROOTED as u64;
    fn go_types() -> Vec<String> {
        vec![T::go_type()]
    }
    fn from_values(values: &mut Vec<Value>) -> Result<Self> {
        match (values.pop(), values.is_empty()) {
            (Some(v), true) => T::from_value(v),
            _ => Err(Error::Conversion("want one result".into())),
        }
    }
    fn matches(results: &[GoType]) -> bool {
        results.len() == 1 && T::matches(&results[0])
    }
}

/// `(T, error)`: `Ok(T)` when the error is nil.
impl<T: Results> Results for std::result::Result<T, GoError> {
    const ROOTED: u64 = T::ROOTED;
    fn go_types() -> Vec<String> {
        let mut types = T::go_types();
        types.push("error".into());
        types
    }
    fn from_values(values: &mut Vec<Value>) -> Result<Self> {
        match values.pop() {
            Some(Value::Nil) => T::from_values(values).map(Ok),
            Some(Value::Error(e)) => Ok(Err(GoError(e))),
            _ => Err(Error::Conversion("want an error result".into())),
        }
    }
    fn matches(results: &[GoType]) -> bool {
        match results.split_last() {
            Some((last, rest)) => last.repr == Repr::Error && T::matches(rest),
            None => false,
        }
    }
}

/// The `Results::ROOTED` mask of a tuple's elements.
const fn rooted_mask(flags: &[bool]) -> u64 {
    let mut mask = 0;
    let mut i = 0;
    while i < flags.len() {
        mask |= (flags[i] as u64) << i;
        i += 1;
    }
    mask
}

macro_rules! tuples {
    ($(($($n:ident),*);)*) => {$(
        impl<$($n: MiniType),*> Args for ($($n,)*) {
            fn go_types() -> Vec<String> {
                vec![$($n::go_type()),*]
            }
            #[allow(non_snake_case, unused_variables)]
            fn push_values(self, out: &mut Vec<Value>) {
                let ($($n,)*) = self;
                $(out.push($n.into_value());)*
            }
            #[allow(unused_mut, unused_variables)]
            fn matches(params: &[GoType]) -> bool {
                let mut it = params.iter();
                $(it.next().is_some_and(|p| $n::matches(p)) &&)* it.next().is_none()
            }
        }

        impl<$($n: MiniType),*> Results for ($($n,)*) {
            const ROOTED: u64 = rooted_mask(&[$($n::ROOTED),*]);
            fn go_types() -> Vec<String> {
                vec![$($n::go_type()),*]
            }
            #[allow(unused_mut, unused_variables)]
            fn from_values(values: &mut Vec<Value>) -> Result<Self> {
                let mut it = values.drain(..);
                let mut next = || {
                    it.next()
                        .ok_or_else(|| Error::Conversion("too few results".into()))
                };
                Ok(($($n::from_value(next()?)?,)*))
            }
            #[allow(unused_mut, unused_variables)]
            fn matches(results: &[GoType]) -> bool {
                let mut it = results.iter();
                $(it.next().is_some_and(|p| $n::matches(p)) &&)* it.next().is_none()
            }
        }
    )*};
}

tuples! {
    ();
    (A);
    (A, B);
    (A, B, C);
    (A, B, C, D);
    (A, B, C, D, E);
    (A, B, C, D, E, F);
}
