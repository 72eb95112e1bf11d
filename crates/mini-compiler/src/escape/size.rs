//! Sizes of Go values in bytes on a 64-bit target (Go's limits are in bytes) and whether
//! they hold pointers.

use crate::types::{BasicKind, TypeData, TypeId, TypeTable};

/// The size of a value of `t`, as Go lays it out on amd64.
pub(crate) fn bytes(types: &TypeTable, t: TypeId) -> u64 {
    let (size, _) = size_align(types, t);
    size
}

fn size_align(types: &TypeTable, t: TypeId) -> (u64, u64) {
    match types.under(t) {
        TypeData::Basic(k) => basic(*k),
        TypeData::Pointer(_) | TypeData::Map(..) | TypeData::Chan(..) | TypeData::Func(_) => (8, 8),
        TypeData::Slice(_) => (24, 8),
        TypeData::Interface(_) => (16, 8),
        TypeData::Array(n, e) => {
            let (s, a) = size_align(types, *e);
            (s.saturating_mul(*n), a)
        }
        TypeData::Struct(fields) => {
            let (mut off, mut align) = (0u64, 1u64);
            for f in fields {
                let (s, a) = size_align(types, f.typ);
                off = off.div_ceil(a).saturating_mul(a).saturating_add(s);
                align = align.max(a);
            }
            (off.div_ceil(align).saturating_mul(align), align)
        }
        _ => (8, 8),
    }
}

fn basic(k: BasicKind) -> (u64, u64) {
    use BasicKind::*;
    match k {
        Bool | Int8 | Uint8 => (1, 1),
        Int16 | Uint16 => (2, 2),
        Int32 | Uint32 | Float32 => (4, 4),
        String => (16, 8),
        _ => (8, 8),
    }
}

/// Whether values of `t` contain pointers the collector must see.
pub(crate) fn has_pointers(types: &TypeTable, t: TypeId) -> bool {
    match types.under(t) {
        TypeData::Basic(k) => *k == BasicKind::String,
        TypeData::Array(n, e) => *n > 0 && has_pointers(types, *e),
        TypeData::Struct(fields) => fields.iter().any(|f| has_pointers(types, f.typ)),
        _ => true,
    }
}

/// Whether `t` is or contains an array (Mini keeps frame allocations to plain values).
pub(crate) fn has_array(types: &TypeTable, t: Option<TypeId>) -> bool {
    let Some(t) = t else {
        return true;
    };
    match types.under(t) {
        TypeData::Array(..) => true,
        TypeData::Struct(fields) => fields.iter().any(|f| has_array(types, Some(f.typ))),
        _ => false,
    }
}
