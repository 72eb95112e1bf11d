//! Mini values as Rust sees them at the embedding boundary, and their conversion to and from
//! the VM's slots as a `GoType` describes them.

use mini_bytecode::{GoType, Repr};
use mini_gc::GcRef;

use crate::error::VmError;
use crate::vm::{pack, Vm};

/// Values stay small (they are moved on every call).
const _: () = assert!(std::mem::size_of::<Value>() <= 32);

/// A Mini value copied out of (or to be copied into) a VM. Strings, slices, maps and structs
/// are deep copies; a function value is a rooted handle ([`FuncRef`]) into the VM it came
/// from.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A nil slice, map, function or `error`; written to a VM, the zero value of any type.
    Nil,
    /// A `bool`.
    Bool(bool),
    /// A signed integer of any size.
    Int(i64),
    /// An unsigned integer of any size.
    Uint(u64),
    /// A `float64` or `float32`.
    Float(f64),
    /// A string (bytes that are not UTF-8 are replaced when read).
    String(String),
    /// A slice's elements.
    Slice(Vec<Value>),
    /// A map's entries (in no particular order).
    Map(Vec<(Value, Value)>),
    /// A struct's fields in declaration order.
    Struct(Vec<Value>),
    /// A non-nil `error`: the text its `Error` method returned.
    Error(String),
    /// A function value, rooted.
    Func(FuncRef),
    /// A slice or map left in the VM's heap and rooted for the host (see [`Rooted`]).
    Rooted(Rooted),
}

/// A Mini slice or map held by the host without copying it: rooted, so it survives
/// collections (and sees the script's later changes to it) until it is dropped. Read it with
/// `Vm::read_rooted`, pass it back as an argument of its type. It belongs to the VM that
/// returned it.
#[derive(Clone, Debug)]
pub struct Rooted {
    pub(crate) handle: mini_gc::Handle,
    /// The value's slots (the first, the reference, is kept current by the handle) and its
    /// type; shared, so that a `Value` stays small.
    pub(crate) rest: std::sync::Arc<([u64; 4], GoType)>,
}

impl Rooted {
    /// The value's Go type.
    pub fn go_type(&self) -> &GoType {
        &self.rest.1
    }

    /// The value's slots, with the reference as it is now.
    pub(crate) fn current_words(&self) -> [u64; 4] {
        let mut w = self.rest.0;
        w[0] = self.handle.get().to_bits();
        w
    }
}

impl PartialEq for Rooted {
    fn eq(&self, other: &Rooted) -> bool {
        self.current_words() == other.current_words()
    }
}

/// A Mini function value held by the host: rooted, so it survives collections, until it is
/// dropped. It belongs to the VM that returned it.
#[derive(Clone, Debug)]
pub struct FuncRef {
    pub(crate) handle: mini_gc::Handle,
    /// Parameter and result types (shared: a `Value` stays small).
    pub(crate) sig: std::sync::Arc<(Vec<GoType>, Vec<GoType>)>,
}

impl FuncRef {
    /// The function's parameter types.
    pub fn params(&self) -> &[GoType] {
        &self.sig.0
    }

    /// The function's result types.
    pub fn results(&self) -> &[GoType] {
        &self.sig.1
    }
}

impl PartialEq for FuncRef {
    fn eq(&self, other: &FuncRef) -> bool {
        self.handle.get() == other.handle.get()
    }
}

/// A conversion error: what was expected and what was found.
pub(crate) fn mismatch(ty: &GoType, found: &Value) -> VmError {
    VmError::Conversion(format!("cannot use {} as {}", describe(found), ty.name))
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Nil => "nil",
        Value::Bool(_) => "a bool",
        Value::Int(_) => "an int",
        Value::Uint(_) => "a uint",
        Value::Float(_) => "a float",
        Value::String(_) => "a string",
        Value::Slice(_) => "a slice",
        Value::Map(_) => "a map",
        Value::Struct(_) => "a struct",
        Value::Error(_) => "an error",
        Value::Func(_) => "a function",
        Value::Rooted(_) => "a rooted value",
    }
}

impl Vm {
    /// Reads a slice or map of type `ty` from `words` as a [`Rooted`] handle (other types
    /// as `read_value` does).
    pub(crate) fn read_rooted_value(
        &mut self,
        words: &[u64],
        ty: &GoType,
    ) -> Result<Value, VmError> {
        if !matches!(ty.repr, Repr::Slice { .. } | Repr::Map { .. }) {
            return self.read_value(words, ty);
        }
        let mut w = [0; 4];
        w[..words.len()].copy_from_slice(words);
        Ok(Value::Rooted(Rooted {
            // SAFETY: `words[0]` is a slice's backing array or a map header (or null) just
            // read from a register, with no safepoint since.
            handle: unsafe { self.heap.handle(GcRef::from_bits(words[0])) },
            rest: std::sync::Arc::new((w, ty.clone())),
        }))
    }

    /// Copies a rooted value out of the heap.
    pub fn read_rooted(&mut self, r: &Rooted) -> Result<Value, VmError> {
        self.check_rooted(r)?;
        let words = r.current_words();
        let rest = std::sync::Arc::clone(&r.rest);
        self.read_value(&words[..rest.1.slots()], &rest.1)
    }

    fn check_rooted(&self, r: &Rooted) -> Result<(), VmError> {
        if r.handle.get() != GcRef::NULL && self.heap.get(&r.handle, 0).is_none() {
            return Err(VmError::Conversion("a value of another VM".into()));
        }
        Ok(())
    }

    /// Reads a value of type `ty` from `words` (its slots). Reading an `error` calls its
    /// `Error` method, so this runs Mini code; collections wait meanwhile.
    pub(crate) fn read_value(&mut self, words: &[u64], ty: &GoType) -> Result<Value, VmError> {
        Ok(match &ty.repr {
            Repr::Bool => Value::Bool(words[0] != 0),
            Repr::Int { .. } => Value::Int(words[0] as i64),
            Repr::Uint { .. } => Value::Uint(words[0]),
            Repr::Float { .. } => Value::Float(f64::from_bits(words[0])),
            Repr::String => {
                let bytes = self.str_bytes(words[0], words[1]);
                Value::String(String::from_utf8_lossy(bytes).into_owned())
            }
            Repr::Slice { elem, .. } => self.read_slice(words, elem)?,
            Repr::Map { key, value, .. } => self.read_map(words[0], key, value)?,
            Repr::Struct { fields } => {
                let mut out = Vec::with_capacity(fields.len());
                let mut at = 0;
                for (_, t) in fields {
                    out.push(self.read_value(&words[at..at + t.slots()], t)?);
                    at += t.slots();
                }
                Value::Struct(out)
            }
            Repr::Error => self.read_error(words[0], words[1])?,
            Repr::Func { params, results } if words[0] != 0 => Value::Func(FuncRef {
                // SAFETY: `words[0]` is a function value just read from a register or a heap
                // word, with no safepoint since: a live object of this heap.
                handle: unsafe { self.heap.handle(GcRef::from_bits(words[0])) },
                sig: std::sync::Arc::new((params.clone(), results.clone())),
            }),
            Repr::Func { .. } => Value::Nil,
            Repr::Other { .. } => {
                return Err(VmError::Conversion(format!(
                    "values of type {} cannot be passed to the host",
                    ty.name
                )))
            }
        })
    }

    fn read_slice(&mut self, words: &[u64], elem: &GoType) -> Result<Value, VmError> {
        let (obj, off, len) = (
            words[0],
            crate::slices::window_offset(words[1]),
            words[2] as usize,
        );
        if obj == 0 {
            return Ok(Value::Slice(Vec::new()));
        }
        let w = elem.slots();
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            // SAFETY: `obj` is the slice's backing array from a current slot (reading runs no
            // safepoint: collections are held while `Error` methods run), and the slice's
            // elements lie within it.
            let item: Vec<u64> = (0..w)
                .map(|j| unsafe { self.heap.load(GcRef::from_bits(obj), off + i * w + j) })
                .collect();
            out.push(self.read_value(&item, elem)?);
        }
        Ok(Value::Slice(out))
    }

    fn read_map(&mut self, header: u64, key: &GoType, value: &GoType) -> Result<Value, VmError> {
        let mut out = Vec::new();
        for (k, v) in self.map_entries(header) {
            out.push((self.read_value(&k, key)?, self.read_value(&v, value)?));
        }
        Ok(Value::Map(out))
    }

    fn read_error(&mut self, tword: u64, data: u64) -> Result<Value, VmError> {
        if tword == 0 {
            return Ok(Value::Nil);
        }
        let t = crate::ifaces::type_index(tword);
        let Some(f) = self.method_named(t, "Error") else {
            return Err(VmError::Conversion("an error without Error method".into()));
        };
        let words = self.iface_words(tword, data);
        let text = self.call_string_method(f, t, &words)?;
        Ok(Value::Error(String::from_utf8_lossy(&text).into_owned()))
    }

    /// The slots of `v` as a value of type `ty`, allocating what it needs. The references in
    /// the result are valid until the next safepoint (allocation alone never collects).
    pub(crate) fn write_value(
        &mut self,
        v: &Value,
        ty: &GoType,
        out: &mut Vec<u64>,
    ) -> Result<(), VmError> {
        match (&ty.repr, v) {
            (_, Value::Nil) => out.extend(std::iter::repeat_n(0, ty.slots())),
            (Repr::Bool, Value::Bool(b)) => out.push(u64::from(*b)),
            (Repr::Int { bits }, Value::Int(i)) if fits_signed(*i, *bits) => out.push(*i as u64),
            (Repr::Int { bits }, Value::Uint(u))
                if i64::try_from(*u).is_ok_and(|i| fits_signed(i, *bits)) =>
            {
                out.push(*u)
            }
            (Repr::Uint { bits }, Value::Uint(u)) if fits_unsigned(*u, *bits) => out.push(*u),
            (Repr::Uint { bits }, Value::Int(i)) if *i >= 0 && fits_unsigned(*i as u64, *bits) => {
                out.push(*i as u64)
            }
            (Repr::Float { bits: 32 }, Value::Float(f)) => out.push((*f as f32 as f64).to_bits()),
            (Repr::Float { .. }, Value::Float(f)) => out.push(f.to_bits()),
            (Repr::String, Value::String(s)) => {
                self.check_alloc_size(s.len() as u64)?;
                out.extend([self.alloc_bytes(s.as_bytes())?, pack(0, s.len())]);
            }
            (Repr::Slice { elem, array }, Value::Slice(items)) => {
                let obj = self.write_slice(items, elem, *array, ty)?;
                let n = items.len() as u64;
                let window = crate::slices::slice_window(0, elem.slots());
                out.extend([obj, window, n, n]);
            }
            (
                Repr::Map {
                    key,
                    value,
                    map: Some(k),
                },
                Value::Map(entries),
            ) => {
                out.push(self.write_map(entries, key, value, *k)?);
            }
            (Repr::Struct { fields }, Value::Struct(vals)) if vals.len() == fields.len() => {
                for ((_, t), v) in fields.iter().zip(vals) {
                    self.write_value(v, t, out)?;
                }
            }
            (Repr::Error, Value::Error(text)) => {
                let (t, d) = self.string_error_value(mini_bytecode::HOST_ERROR_TYPE, text);
                if t == 0 {
                    return Err(VmError::Conversion(
                        "the program has no host error type".into(),
                    ));
                }
                out.extend([t, d]);
            }
            (Repr::Func { .. }, Value::Func(f)) if f.handle.get() != GcRef::NULL => {
                out.push(f.handle.get().to_bits())
            }
            (_, Value::Rooted(r)) if r.rest.1 == *ty => {
                self.check_rooted(r)?;
                out.extend_from_slice(&r.current_words()[..ty.slots()]);
            }
            _ => return Err(mismatch(ty, v)),
        }
        Ok(())
    }

    fn write_slice(
        &mut self,
        items: &[Value],
        elem: &GoType,
        array: Option<u32>,
        ty: &GoType,
    ) -> Result<u64, VmError> {
        let Some(info) = array.and_then(|k| self.arrays.get(k as usize).copied()) else {
            return Err(VmError::Conversion(format!(
                "the program cannot build a {}",
                ty.name
            )));
        };
        self.check_alloc_size((items.len() * info.go_elem_size) as u64)?;
        let obj = self.alloc_array(info, items.len())?;
        let mut words = Vec::with_capacity(elem.slots());
        for (i, item) in items.iter().enumerate() {
            words.clear();
            self.write_value(item, elem, &mut words)?;
            for (j, w) in words.iter().enumerate() {
                // SAFETY: `obj` was allocated above with room for every element and no
                // safepoint has run since; every word goes through the barrier.
                unsafe {
                    let r = GcRef::from_bits(obj);
                    self.heap.store(r, i * info.elem_words + j, *w);
                    self.heap.write_barrier_at(r, i * info.elem_words + j, *w);
                }
            }
        }
        Ok(obj)
    }

    fn write_map(
        &mut self,
        entries: &[(Value, Value)],
        key: &GoType,
        value: &GoType,
        k: u32,
    ) -> Result<u64, VmError> {
        let header = self.new_map(k as u16)?;
        let (mut kw, mut vw) = (Vec::new(), Vec::new());
        for (kv, vv) in entries {
            kw.clear();
            vw.clear();
            self.write_value(kv, key, &mut kw)?;
            self.write_value(vv, value, &mut vw)?;
            self.insert(header, &kw, &vw)?;
        }
        Ok(header)
    }
}

/// A one-slot scalar of type `ty` held in `word`, without the general conversion.
#[inline]
pub(crate) fn scalar_value(word: u64, ty: &GoType) -> Option<Value> {
    Some(match ty.repr {
        Repr::Int { .. } => Value::Int(word as i64),
        Repr::Uint { .. } => Value::Uint(word),
        Repr::Float { .. } => Value::Float(f64::from_bits(word)),
        Repr::Bool => Value::Bool(word != 0),
        _ => return None,
    })
}

/// The slot of scalar `v` as a value of 64-bit or boolean type `ty`, when it is that
/// simple; everything else goes through `write_value`.
#[inline]
pub(crate) fn scalar_word(v: &Value, ty: &GoType) -> Option<u64> {
    match (&ty.repr, v) {
        (Repr::Int { bits: 64 }, Value::Int(i)) => Some(*i as u64),
        (Repr::Uint { bits: 64 }, Value::Uint(u)) => Some(*u),
        (Repr::Float { bits: 64 }, Value::Float(f)) => Some(f.to_bits()),
        (Repr::Bool, Value::Bool(b)) => Some(u64::from(*b)),
        _ => None,
    }
}

fn fits_signed(i: i64, bits: u8) -> bool {
    bits >= 64 || (i >= -(1i64 << (bits - 1)) && i < (1i64 << (bits - 1)))
}

fn fits_unsigned(u: u64, bits: u8) -> bool {
    bits >= 64 || u < (1u64 << bits)
}
