//! Mini values as the formatter sees them: interface values and slot words turned into
//! `FmtValue`s by their runtime types.

use std::rc::Rc;

use mini_bytecode::TypeKind;
use mini_gc::GcRef;

use crate::format::{Field, FloatKind, FmtValue, IntKind, UintKind};
use crate::vm::Vm;

/// The value an interface holds (`tword` 0 is the nil interface).
pub(crate) fn iface_value(vm: &Vm, tword: u64, data: u64) -> FmtValue {
    if tword == 0 {
        return FmtValue::NilInterface(Rc::from("<nil>"));
    }
    let t = ((tword >> 1) - 1) as usize;
    let n = vm.program.types[t].slots.len();
    if n <= 1 {
        return words_value(vm, t, &[data]);
    }
    // SAFETY: an interface holding a multi-slot value points at its box (odd type word),
    // a live object with `n` payload words, from a current register or heap word.
    let words = unsafe { vm.heap.payload(GcRef::from_bits(data)) }[..n].to_vec();
    words_value(vm, t, &words)
}

/// The value of runtime type `t` stored in `words`.
pub(crate) fn words_value(vm: &Vm, t: usize, words: &[u64]) -> FmtValue {
    let rt = &vm.program.types[t];
    let value = match rt.kind {
        TypeKind::Bool => FmtValue::Bool(words[0] != 0),
        TypeKind::Int { .. } => FmtValue::Int(words[0] as i64, int_kind(&rt.name)),
        TypeKind::Uint { .. } => FmtValue::Uint(words[0], uint_kind(&rt.name)),
        TypeKind::Float { bits } => {
            let kind = if bits == 32 {
                FloatKind::Float32
            } else {
                FloatKind::Float64
            };
            FmtValue::Float(f64::from_bits(words[0]), kind)
        }
        TypeKind::String => FmtValue::String(vm.str_bytes(words[0], words[1]).to_vec()),
        TypeKind::Slice { elem } => slice_value(vm, t, elem as usize, words),
        TypeKind::Struct { ref fields } => struct_value(vm, t, fields, words),
        TypeKind::Pointer { elem } => pointer_value(vm, t, elem as usize, words),
        TypeKind::Map { key, value } => map_value(vm, t, key as usize, value as usize, words[0]),
        TypeKind::Array { elem, len } => array_value(vm, t, elem as usize, len as usize, words),
    };
    if rt.named
        && !matches!(
            rt.kind,
            TypeKind::Slice { .. }
                | TypeKind::Struct { .. }
                | TypeKind::Pointer { .. }
                | TypeKind::Map { .. }
                | TypeKind::Array { .. }
        )
    {
        return FmtValue::Named {
            ty: Rc::from(rt.name.as_str()),
            value: Box::new(value),
        };
    }
    value
}

fn struct_value(vm: &Vm, t: usize, fields: &[(String, u8)], words: &[u64]) -> FmtValue {
    let mut at = 0;
    let mut out = Vec::new();
    for (name, ft) in fields {
        let n = vm.program.types[*ft as usize].slots.len();
        out.push(Field {
            name: name.clone(),
            value: words_value(vm, *ft as usize, &words[at..at + n]),
        });
        at += n;
    }
    FmtValue::Struct {
        ty: Rc::from(vm.program.types[t].name.as_str()),
        fields: out,
    }
}

/// A pointer: its address for `%p` and nested positions, and its target for `&{...}`.
fn pointer_value(vm: &Vm, t: usize, elem: usize, words: &[u64]) -> FmtValue {
    let ty: Rc<str> = Rc::from(vm.program.types[t].name.as_str());
    let (obj, off) = (words[0], words[1] as usize);
    if obj == 0 {
        return FmtValue::Pointer {
            ty,
            addr: 0,
            target: None,
        };
    }
    let n = vm.program.types[elem].slots.len();
    // SAFETY: `obj` is a live object from a current register or heap word and the pointee
    // (`n` slots at `off`) lies within it.
    let target = unsafe { vm.heap.payload(GcRef::from_bits(obj)) }[off..off + n].to_vec();
    let shows_target = matches!(
        vm.program.types[elem].kind,
        TypeKind::Struct { .. }
            | TypeKind::Slice { .. }
            | TypeKind::Array { .. }
            | TypeKind::Map { .. }
    );
    FmtValue::Pointer {
        ty,
        addr: obj + 8 * (off as u64 + 1),
        target: shows_target.then(|| Box::new(words_value(vm, elem, &target))),
    }
}

fn map_value(vm: &Vm, t: usize, key: usize, value: usize, header: u64) -> FmtValue {
    let ty: Rc<str> = Rc::from(vm.program.types[t].name.as_str());
    if header == 0 {
        return FmtValue::Map {
            ty,
            addr: 0,
            entries: None,
        };
    }
    let entries = vm
        .map_entries(header)
        .into_iter()
        .map(|(k, v)| (words_value(vm, key, &k), words_value(vm, value, &v)))
        .collect();
    FmtValue::Map {
        ty,
        addr: header,
        entries: Some(entries),
    }
}

fn slice_value(vm: &Vm, t: usize, elem: usize, words: &[u64]) -> FmtValue {
    let ty: Rc<str> = Rc::from(vm.program.types[t].name.as_str());
    let (obj, off, len) = (words[0], words[1] as usize, words[2] as usize);
    let is_bytes = vm.program.types[elem].name == "uint8";
    if obj == 0 {
        return if is_bytes {
            FmtValue::Bytes {
                ty,
                addr: 0,
                bytes: None,
                array: false,
            }
        } else {
            FmtValue::List {
                ty,
                addr: 0,
                elems: None,
                array: false,
            }
        };
    }
    let w = vm.program.types[elem].slots.len();
    // SAFETY: `obj` is a live backing array from a current register or heap word, and the
    // slice's offset and length lie within it.
    let payload = unsafe { vm.heap.payload(GcRef::from_bits(obj)) };
    let element = |i: usize| &payload[(off + i) * w..(off + i + 1) * w];
    if is_bytes {
        let bytes = (0..len).map(|i| element(i)[0] as u8).collect();
        return FmtValue::Bytes {
            ty,
            addr: obj,
            bytes: Some(bytes),
            array: false,
        };
    }
    let elems = (0..len)
        .map(|i| words_value(vm, elem, element(i)))
        .collect();
    FmtValue::List {
        ty,
        addr: obj,
        elems: Some(elems),
        array: false,
    }
}

/// An array held inline in `words`: `len` elements of runtime type `elem`.
fn array_value(vm: &Vm, t: usize, elem: usize, len: usize, words: &[u64]) -> FmtValue {
    let ty: Rc<str> = Rc::from(vm.program.types[t].name.as_str());
    let w = vm.program.types[elem].slots.len();
    let element = |i: usize| &words[i * w..(i + 1) * w];
    if vm.program.types[elem].name == "uint8" {
        let bytes = (0..len).map(|i| element(i)[0] as u8).collect();
        return FmtValue::Bytes {
            ty,
            addr: 0,
            bytes: Some(bytes),
            array: true,
        };
    }
    let elems = (0..len)
        .map(|i| words_value(vm, elem, element(i)))
        .collect();
    FmtValue::List {
        ty,
        addr: 0,
        elems: Some(elems),
        array: true,
    }
}

fn int_kind(name: &str) -> IntKind {
    match name {
        "int8" => IntKind::Int8,
        "int16" => IntKind::Int16,
        "int32" => IntKind::Int32,
        "int64" => IntKind::Int64,
        _ => IntKind::Int,
    }
}

fn uint_kind(name: &str) -> UintKind {
    match name {
        "uint8" => UintKind::Uint8,
        "uint16" => UintKind::Uint16,
        "uint32" => UintKind::Uint32,
        "uint64" => UintKind::Uint64,
        "uintptr" => UintKind::Uintptr,
        _ => UintKind::Uint,
    }
}
