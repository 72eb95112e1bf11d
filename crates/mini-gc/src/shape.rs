//! Object shapes registered by the host: payload size and which payload words hold references.

use crate::roots::Tracer;
use std::fmt;

/// What one payload word holds, as far as the collector is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Not a reference: never read or updated by the collector.
    Scalar,
    /// Always a reference (`GcRef` bits, 0 for null).
    Ref,
    /// A reference only when the word just before it is odd; otherwise a scalar. This is the
    /// interface-pair convention `(type word, data word)`: a host whose type ids carry "data is
    /// a pointer" in bit 0 can keep scalars unboxed in the data word.
    TaggedRef,
}

/// Visits (and may update) the references an external-storage object holds outside the heap.
/// The first argument is the object's payload, where the host keeps its pointer to the
/// outside storage.
pub type TraceFn = fn(payload: &mut [u64], tracer: &mut Tracer<'_>);

/// Runs once when an external-storage object dies (or the heap is dropped) and returns the
/// number of outside bytes it released, which stop counting toward the heap size. It must not
/// touch other heap objects: they may already be gone.
pub type FinalizeFn = fn(payload: &mut [u64]) -> usize;

/// The identity of a registered shape, valid for the heap that returned it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShapeId(pub(crate) u32);

impl ShapeId {
    /// The shape's index in registration order (0, 1, 2, …).
    pub fn index(self) -> u32 {
        self.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A fixed number of words; length 1.
    Fixed,
    /// `len` elements of `elem_words` words each.
    Array,
    /// `len` bytes of data without references, rounded up to whole words.
    Bytes,
}

/// A shape description, built with the constructors and passed to `Heap::register_shape`.
#[derive(Clone)]
pub struct Shape {
    pub(crate) name: Box<str>,
    pub(crate) layout: Layout,
    /// Words per element (the whole object for fixed shapes); 0 for bytes.
    pub(crate) elem_words: u32,
    /// Offsets (within an element) of `Slot::Ref` words.
    pub(crate) refs: Box<[u32]>,
    /// Offsets (within an element) of `Slot::TaggedRef` words.
    pub(crate) tagged: Box<[u32]>,
    pub(crate) external: Option<(TraceFn, FinalizeFn)>,
}

/// Why a shape was refused by `Heap::register_shape`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeError {
    /// An array element must have at least one word.
    EmptyElement,
    /// A `TaggedRef` slot needs a tag word before it in the same element.
    TaggedRefWithoutTag,
    /// More words than an object may have.
    TooManyWords,
    /// The heap already has the maximum number of shapes.
    TooManyShapes,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShapeError::EmptyElement => "array element has no words",
            ShapeError::TaggedRefWithoutTag => "TaggedRef slot at element offset 0 has no tag word",
            ShapeError::TooManyWords => "shape has too many words",
            ShapeError::TooManyShapes => "too many shapes registered",
        })
    }
}

impl std::error::Error for ShapeError {}

impl Shape {
    /// A fixed-layout object (a struct, a box, a closure) with one `Slot` per payload word.
    pub fn fixed(name: &str, slots: &[Slot]) -> Shape {
        Shape::build(name, Layout::Fixed, slots, None)
    }

    /// An array-like object (a slice backing store, an array): `len`, chosen at allocation,
    /// elements laid out like `element`.
    pub fn array(name: &str, element: &[Slot]) -> Shape {
        Shape::build(name, Layout::Array, element, None)
    }

    /// Byte data without references (strings, `[]byte` backing stores); the length chosen at
    /// allocation is in bytes.
    pub fn bytes(name: &str) -> Shape {
        Shape::build(name, Layout::Bytes, &[], None)
    }

    /// A fixed-layout object that owns storage outside the heap (for example a hash table):
    /// `trace` visits the references held outside, `finalize` frees the storage when the
    /// object dies. Report outside bytes with `Heap::adjust_external_bytes`.
    pub fn external(name: &str, slots: &[Slot], trace: TraceFn, finalize: FinalizeFn) -> Shape {
        Shape::build(name, Layout::Fixed, slots, Some((trace, finalize)))
    }

    fn build(
        name: &str,
        layout: Layout,
        slots: &[Slot],
        external: Option<(TraceFn, FinalizeFn)>,
    ) -> Shape {
        let offsets = |want: Slot| -> Box<[u32]> {
            slots
                .iter()
                .enumerate()
                .filter(|(_, s)| **s == want)
                .map(|(i, _)| i as u32)
                .collect()
        };
        Shape {
            name: name.into(),
            layout,
            elem_words: u32::try_from(slots.len()).unwrap_or(u32::MAX),
            refs: offsets(Slot::Ref),
            tagged: offsets(Slot::TaggedRef),
            external,
        }
    }

    /// The name given at construction (used in verifier reports).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn validate(&self) -> Result<(), ShapeError> {
        if self.layout == Layout::Array && self.elem_words == 0 {
            return Err(ShapeError::EmptyElement);
        }
        if self.tagged.first() == Some(&0) {
            return Err(ShapeError::TaggedRefWithoutTag);
        }
        if self.elem_words as usize > crate::heap::MAX_OBJECT_WORDS {
            return Err(ShapeError::TooManyWords);
        }
        Ok(())
    }

    /// Payload words of an object of this shape with header length `len`, or `None` when
    /// the size overflows.
    #[inline]
    pub(crate) fn payload_words(&self, len: u32) -> Option<usize> {
        match self.layout {
            Layout::Fixed => Some(self.elem_words as usize),
            Layout::Array => (len as usize).checked_mul(self.elem_words as usize),
            Layout::Bytes => Some((len as usize).div_ceil(8)),
        }
    }

    /// True when large objects of this shape get a card table: they hold references in
    /// their payload (external storage is always scanned whole).
    pub(crate) fn cardable(&self) -> bool {
        (!self.refs.is_empty() || !self.tagged.is_empty()) && self.external.is_none()
    }

    /// True when the collector must look inside objects of this shape.
    #[inline]
    pub(crate) fn needs_scan(&self) -> bool {
        !self.refs.is_empty() || !self.tagged.is_empty() || self.external.is_some()
    }
}

/// Calls `f` on every reference slot of the object at `obj` (a header address), including
/// the references an external-storage object holds outside the heap.
///
/// # Safety
/// `obj` must be the start of an object of shape `shape` whose header length is `len`, with
/// its whole payload readable and writable, and no other reference to that payload alive.
pub(crate) unsafe fn scan_object(
    shape: &Shape,
    obj: *mut u64,
    len: u32,
    f: &mut impl FnMut(&mut u64),
) {
    if !shape.needs_scan() {
        return;
    }
    let words = shape.payload_words(len).unwrap_or(0);
    // SAFETY: the caller guarantees `obj` starts an object whose payload is the `words` words
    // after the header, exclusively ours for this call.
    let payload = unsafe { std::slice::from_raw_parts_mut(obj.add(1), words) };
    let elem = shape.elem_words as usize;
    if elem != 0 {
        for base in (0..words).step_by(elem) {
            for &off in shape.refs.iter() {
                f(&mut payload[base + off as usize]);
            }
            for &off in shape.tagged.iter() {
                let at = base + off as usize;
                if payload[at - 1] & 1 == 1 {
                    f(&mut payload[at]);
                }
            }
        }
    }
    if let Some((trace, _)) = shape.external {
        let mut g = |r: &mut crate::GcRef| f(&mut r.0);
        trace(payload, &mut Tracer::new(&mut g));
    }
}

/// Calls `f` on every reference slot of the object at `obj` whose payload index lies in
/// `[lo, hi)` (a card of a carded object). External storage is not visited.
///
/// # Safety
/// As for [`scan_object`], and `hi` must not exceed the payload size.
pub(crate) unsafe fn scan_range(
    shape: &Shape,
    obj: *mut u64,
    lo: usize,
    hi: usize,
    f: &mut impl FnMut(&mut u64),
) {
    let elem = shape.elem_words as usize;
    if elem == 0 || lo >= hi {
        return;
    }
    // SAFETY: the caller guarantees `obj` starts an object whose payload has at least `hi`
    // words, exclusively ours for this call.
    let payload = unsafe { std::slice::from_raw_parts_mut(obj.add(1), hi) };
    // Offsets are ascending, so each element's loops stop at the first slot past `hi`.
    for base in (lo / elem * elem..hi).step_by(elem) {
        for &off in shape.refs.iter() {
            let at = base + off as usize;
            if at >= hi {
                break;
            }
            if at >= lo {
                f(&mut payload[at]);
            }
        }
        for &off in shape.tagged.iter() {
            let at = base + off as usize;
            if at >= hi {
                break;
            }
            if at >= lo && payload[at - 1] & 1 == 1 {
                f(&mut payload[at]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_sizes() {
        let s = Shape::fixed("pair", &[Slot::Scalar, Slot::Ref, Slot::TaggedRef]);
        assert_eq!(&*s.refs, &[1]);
        assert_eq!(&*s.tagged, &[2]);
        assert_eq!(s.payload_words(1), Some(3));
        let a = Shape::array("iface", &[Slot::Scalar, Slot::TaggedRef]);
        assert_eq!(a.payload_words(10), Some(20));
        assert!(a.validate().is_ok());
        let b = Shape::bytes("string");
        assert_eq!(b.payload_words(9), Some(2));
        assert!(!b.needs_scan());
    }

    #[test]
    fn invalid_shapes_are_refused() {
        assert_eq!(
            Shape::array("e", &[]).validate(),
            Err(ShapeError::EmptyElement)
        );
        assert_eq!(
            Shape::fixed("t", &[Slot::TaggedRef]).validate(),
            Err(ShapeError::TaggedRefWithoutTag)
        );
    }

    #[test]
    fn scan_visits_refs_and_tagged_refs() {
        let s = Shape::array("iface", &[Slot::Scalar, Slot::TaggedRef]);
        // header, then 3 elements: (odd tag, 10), (even tag, 20), (odd tag, 30)
        let mut obj = [0u64, 1, 10, 2, 20, 3, 30];
        let mut seen = Vec::new();
        // SAFETY: `obj` is a local array laid out as a header plus 6 payload words.
        unsafe { scan_object(&s, obj.as_mut_ptr(), 3, &mut |w| seen.push(*w)) };
        assert_eq!(seen, vec![10, 30]);
    }

    #[test]
    fn scan_range_visits_only_slots_in_the_range() {
        let s = Shape::array("iface", &[Slot::Scalar, Slot::TaggedRef, Slot::Ref]);
        // header, then 3 elements of 3 words: (tag, data, ref)
        let mut obj = [0u64, 1, 10, 11, 2, 20, 21, 3, 30, 31];
        let mut seen = Vec::new();
        // SAFETY: `obj` is a local array laid out as a header plus 9 payload words.
        unsafe { scan_range(&s, obj.as_mut_ptr(), 2, 8, &mut |w| seen.push(*w)) };
        assert_eq!(seen, vec![11, 21, 30]);
    }
}
