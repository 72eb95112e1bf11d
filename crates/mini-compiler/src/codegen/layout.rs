//! How values of each Go type occupy 8-byte slots, and the runtime kinds of types.

use crate::types::{BasicKind, TypeData, TypeId, TypeTable};
use mini_bytecode::{SlotKind, TypeKind};
use smallvec::SmallVec;

/// The slots a value of some type occupies, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Inline up to `INLINE_SLOTS`: the generator asks for layouts all the time, and almost
    /// every value is that small.
    pub kinds: SmallVec<[SlotKind; INLINE_SLOTS]>,
}

/// Slots a [`Layout`] holds without allocating.
const INLINE_SLOTS: usize = 16;

impl Layout {
    pub fn size(&self) -> u8 {
        self.kinds.len() as u8
    }

    pub fn of(kinds: &[SlotKind]) -> Layout {
        Layout {
            kinds: SmallVec::from_slice(kinds),
        }
    }
}

impl From<Vec<SlotKind>> for Layout {
    fn from(kinds: Vec<SlotKind>) -> Layout {
        Layout {
            kinds: kinds.into(),
        }
    }
}

/// A pointer: the heap object and the slot offset within it.
pub const POINTER: [SlotKind; 2] = [SlotKind::Ref, SlotKind::Scalar];

/// An interface: its type word and its data word.
pub const IFACE: [SlotKind; 2] = [SlotKind::IfaceType, SlotKind::IfaceData];

/// The slot offset and type of field `index` of struct type `t`.
pub fn field_offset(types: &TypeTable, t: TypeId, index: usize) -> Option<(usize, TypeId)> {
    let TypeData::Struct(fields) = types.under(t) else {
        return None;
    };
    let mut off = 0usize;
    for f in &fields[..index] {
        off += layout_of(types, f.typ)?.kinds.len();
    }
    fields.get(index).map(|f| (off, f.typ))
}

/// A slice: backing array, offset, length, capacity.
pub const SLICE: [SlotKind; 4] = [
    SlotKind::Ref,
    SlotKind::Scalar,
    SlotKind::Scalar,
    SlotKind::Scalar,
];

/// Go's size of a value of `t` in bytes (what `append`'s growth is computed from).
pub fn go_size(types: &TypeTable, t: TypeId) -> u32 {
    match types.under(t) {
        TypeData::Basic(k) => match k {
            BasicKind::Bool | BasicKind::Int8 | BasicKind::Uint8 => 1,
            BasicKind::Int16 | BasicKind::Uint16 => 2,
            BasicKind::Int32 | BasicKind::Uint32 | BasicKind::Float32 => 4,
            BasicKind::String => 16,
            _ => 8,
        },
        TypeData::Slice(_) => 24,
        TypeData::Struct(fields) => {
            let mut off = 0u32;
            for f in fields {
                off = off.next_multiple_of(go_align(types, f.typ)) + go_size(types, f.typ);
            }
            off.next_multiple_of(go_align(types, t))
        }
        TypeData::Interface(_) => 16,
        TypeData::Array(n, e) => (*n as u32).saturating_mul(go_size(types, *e)),
        _ => 8,
    }
}

/// Go's alignment of `t` in bytes.
fn go_align(types: &TypeTable, t: TypeId) -> u32 {
    match types.under(t) {
        TypeData::Basic(k) if k.is_string() => 8,
        TypeData::Basic(_) => go_size(types, t).clamp(1, 8),
        TypeData::Struct(fields) => fields
            .iter()
            .map(|f| go_align(types, f.typ))
            .max()
            .unwrap_or(1),
        TypeData::Array(_, e) => go_align(types, *e),
        _ => 8,
    }
}

/// The layout of `t`, or `None` for types the generator does not handle yet.
pub fn layout_of(types: &TypeTable, t: TypeId) -> Option<Layout> {
    match types.under(t) {
        TypeData::Basic(k) => basic_layout(*k),
        TypeData::Interface(_) => Some(Layout::of(&IFACE)),
        TypeData::Slice(e) => {
            layout_of(types, *e)?;
            Some(Layout::of(&SLICE))
        }
        TypeData::Pointer(_) => Some(Layout::of(&POINTER)),
        TypeData::Func(_) | TypeData::Map(..) | TypeData::Chan(..) => {
            Some(Layout::of(&[SlotKind::Ref]))
        }
        TypeData::Struct(fields) => {
            let mut kinds = SmallVec::new();
            for f in fields {
                kinds.extend(layout_of(types, f.typ)?.kinds);
            }
            Some(Layout { kinds })
        }
        TypeData::Array(n, e) => {
            let elem = layout_of(types, *e)?.kinds;
            let total = usize::try_from(*n).ok()?.checked_mul(elem.len())?;
            if total > MAX_VALUE_SLOTS {
                return None;
            }
            let mut kinds = SmallVec::with_capacity(total);
            for _ in 0..*n {
                kinds.extend_from_slice(&elem);
            }
            Some(Layout { kinds })
        }
        _ => None,
    }
}

/// The most slots a value may take (32 MiB; values of more than `MAX_REGISTER_VALUE` slots
/// live in heap boxes, addressed through pointers with 64-bit offsets).
pub const MAX_VALUE_SLOTS: usize = 1 << 22;

pub use mini_bytecode::proto::MAX_REGISTER_VALUE;

/// Whether registers hold values of `t` as a pointer to a private heap box (arrays and
/// structs of more than [`MAX_REGISTER_VALUE`] slots; the VM's `passed_by_pointer`).
pub fn by_pointer(types: &TypeTable, t: TypeId) -> bool {
    matches!(types.under(t), TypeData::Array(..) | TypeData::Struct(..))
        && layout_of(types, t).is_some_and(|l| l.kinds.len() > MAX_REGISTER_VALUE)
}

/// The length and element type of array type `t`.
pub fn array_of(types: &TypeTable, t: TypeId) -> Option<(u64, TypeId)> {
    match types.under(t) {
        TypeData::Array(n, e) => Some((*n, *e)),
        _ => None,
    }
}

fn basic_layout(k: BasicKind) -> Option<Layout> {
    match k {
        BasicKind::Invalid | BasicKind::UntypedNil => None,
        BasicKind::String | BasicKind::UntypedString => {
            Some(Layout::of(&[SlotKind::Ref, SlotKind::Scalar]))
        }
        _ => Some(Layout::of(&[SlotKind::Scalar])),
    }
}

/// What the runtime needs to know to print a value of `t` held in an interface.
pub fn runtime_kind(types: &TypeTable, t: TypeId) -> Option<TypeKind> {
    let TypeData::Basic(k) = types.under(t) else {
        return None;
    };
    Some(match k {
        BasicKind::Bool | BasicKind::UntypedBool => TypeKind::Bool,
        BasicKind::String | BasicKind::UntypedString => TypeKind::String,
        BasicKind::Float32 => TypeKind::Float { bits: 32 },
        BasicKind::Float64 | BasicKind::UntypedFloat => TypeKind::Float { bits: 64 },
        k if k.is_unsigned() => TypeKind::Uint {
            bits: k.bits() as u8,
        },
        k if k.is_integer() => TypeKind::Int { bits: int_bits(*k) },
        _ => return None,
    })
}

fn int_bits(k: BasicKind) -> u8 {
    match k {
        BasicKind::UntypedInt => 64,
        BasicKind::UntypedRune => 32,
        k => k.bits() as u8,
    }
}

/// The `Wrap` code that truncates to a sized integer kind, if the kind needs wrapping.
pub fn wrap_code(types: &TypeTable, t: TypeId) -> Option<u8> {
    match types.basic_kind(t)? {
        BasicKind::Int8 => Some(1),
        BasicKind::Int16 => Some(2),
        BasicKind::Int32 => Some(3),
        BasicKind::Uint8 => Some(4),
        BasicKind::Uint16 => Some(5),
        BasicKind::Uint32 => Some(6),
        _ => None,
    }
}

/// Whether a value of `t` is boxed when stored in an interface (several slots, or one
/// reference), as `RuntimeType::boxed_in_interface` says at run time.
pub fn boxed_in_interface(types: &TypeTable, t: TypeId) -> bool {
    layout_of(types, t)
        .is_some_and(|l| l.kinds.len() > 1 || l.kinds.first() == Some(&SlotKind::Ref))
}

/// How each slot of a map key of type `t` is hashed and compared, if Mini supports such keys.
pub fn key_parts(types: &TypeTable, t: TypeId) -> Option<Vec<mini_bytecode::KeyPart>> {
    use mini_bytecode::KeyPart;
    match types.under(t) {
        TypeData::Basic(k) if k.is_string() => Some(vec![KeyPart::String, KeyPart::Skip]),
        TypeData::Basic(k) if k.is_float() => Some(vec![KeyPart::Float]),
        TypeData::Basic(_) | TypeData::Pointer(_) => {
            Some(vec![KeyPart::Word; layout_of(types, t)?.kinds.len()])
        }
        TypeData::Struct(fields) => {
            let mut out = Vec::new();
            for f in fields {
                out.extend(key_parts(types, f.typ)?);
            }
            Some(out)
        }
        TypeData::Array(n, e) => {
            let elem = key_parts(types, *e)?;
            let n = usize::try_from(*n).ok()?;
            if n.checked_mul(elem.len())? > MAX_VALUE_SLOTS {
                return None;
            }
            Some(elem.repeat(n))
        }
        TypeData::Interface(_) => Some(vec![KeyPart::Iface, KeyPart::Skip]),
        _ => None,
    }
}
