//! The one-word object header: shape id, length, and the mark / remembered / age bits.
//!
//! Layout of the header word (bit 0 is the least significant):
//!
//! | bits   | meaning                                                               |
//! |--------|-----------------------------------------------------------------------|
//! | 0      | always 1 in a header; 0 means the word is a forwarding address        |
//! | 1      | mark bit (major collection)                                           |
//! | 2      | remembered bit (old object already in the remembered set)             |
//! | 3–4    | age: minor collections survived while young                           |
//! | 5      | carded: a large old object with a card table in front (`cards.rs`)    |
//! | 8–31   | shape id                                                              |
//! | 32–63  | length: 1 for fixed shapes, elements for arrays, bytes for byte data  |
//!
//! During a minor collection an evacuated young object's header is overwritten with the
//! address of its copy; addresses are 8-aligned, so bit 0 tells the two apart.

/// Set in every header; clear in a forwarding address.
pub(crate) const LIVE: u64 = 1;
/// Set on old objects reached by the current major collection's marking.
pub(crate) const MARK: u64 = 1 << 1;
/// Set on old objects that are in the remembered set.
pub(crate) const REMEMBERED: u64 = 1 << 2;
/// Set on large old objects allocated with a card table (see `cards.rs`).
pub(crate) const CARDED: u64 = 1 << 5;
const AGE_SHIFT: u32 = 3;
const AGE_MASK: u64 = 0b11 << AGE_SHIFT;
const SHAPE_SHIFT: u32 = 8;
const SHAPE_MASK: u64 = 0xFF_FFFF;
const LEN_SHIFT: u32 = 32;

/// Shape ids at or above this are never registered, so poison and free markers are invalid.
pub(crate) const MAX_SHAPES: usize = 1 << 20;
/// The shape id of a free old-generation slot.
const FREE_SHAPE: u32 = 0xFF_FFFF;
/// The header of a free old-generation slot; its second word links the free list.
pub(crate) const FREE: u64 = make(FREE_SHAPE, 0);
/// What debug builds write over evacuated and freed memory. As a header it has bit 0 set and
/// an unregistered shape id, so reading a stale object trips the shape check at once.
pub(crate) const POISON: u64 = 0xDEAD_DEAD_DEAD_DEAD;

/// A fresh header: age 0, no mark, not remembered.
#[inline]
pub(crate) const fn make(shape: u32, len: u32) -> u64 {
    LIVE | ((shape as u64) << SHAPE_SHIFT) | ((len as u64) << LEN_SHIFT)
}

#[inline]
pub(crate) const fn shape(h: u64) -> usize {
    ((h >> SHAPE_SHIFT) & SHAPE_MASK) as usize
}

#[inline]
pub(crate) const fn len(h: u64) -> u32 {
    (h >> LEN_SHIFT) as u32
}

#[inline]
pub(crate) const fn age(h: u64) -> u64 {
    (h & AGE_MASK) >> AGE_SHIFT
}

#[inline]
pub(crate) const fn with_age(h: u64, age: u64) -> u64 {
    (h & !AGE_MASK) | ((age << AGE_SHIFT) & AGE_MASK)
}

#[inline]
pub(crate) const fn is_forwarded(h: u64) -> bool {
    h & LIVE == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        let h = make(12345, 0xFFFF_FFFF);
        assert_eq!(shape(h), 12345);
        assert_eq!(len(h), 0xFFFF_FFFF);
        assert_eq!(age(h), 0);
        let h = with_age(h | MARK | REMEMBERED, 2);
        assert_eq!(age(h), 2);
        assert_eq!(shape(h), 12345);
        assert!(h & MARK != 0 && h & REMEMBERED != 0);
        assert!(!is_forwarded(h));
        assert!(is_forwarded(0x1000));
    }

    #[test]
    fn markers_have_invalid_shapes() {
        assert!(shape(FREE) >= MAX_SHAPES);
        assert!(shape(POISON) >= MAX_SHAPES);
        assert!(!is_forwarded(POISON));
    }
}
