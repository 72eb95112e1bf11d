//! `GcRef`: a reference to the start of a heap object, stored by the host in its `u64` slots.

/// A reference to the first word (the header) of a heap object, or null (0).
///
/// A `GcRef` is only a number: creating, copying and comparing one is safe. Reading an object
/// through it is `unsafe` (see the crate docs for the safepoint rule): after a collection the
/// object may have moved, and only references stored in slots the collector visited (roots,
/// handles, and fields of heap objects) were updated.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct GcRef(pub(crate) u64);

impl GcRef {
    /// The null reference (bits 0).
    pub const NULL: GcRef = GcRef(0);

    /// Reinterprets the bits of a host slot as a reference.
    #[inline]
    pub const fn from_bits(bits: u64) -> GcRef {
        GcRef(bits)
    }

    /// The bits the host stores in its slots.
    #[inline]
    pub const fn to_bits(self) -> u64 {
        self.0
    }

    /// True for the null reference.
    #[inline]
    pub const fn is_null(self) -> bool {
        self.0 == 0
    }

    /// Views a host `u64` slot as a reference slot, so a root visitor can update it in place.
    #[inline]
    pub fn from_slot_mut(slot: &mut u64) -> &mut GcRef {
        // SAFETY: `GcRef` is `repr(transparent)` over `u64`, so the layouts are identical and
        // every `u64` bit pattern is a valid `GcRef`; the borrow is carried over unchanged.
        unsafe { &mut *(slot as *mut u64 as *mut GcRef) }
    }

    /// The object's header address as a pointer.
    #[inline]
    pub(crate) fn ptr(self) -> *mut u64 {
        self.0 as usize as *mut u64
    }
}

impl std::fmt::Debug for GcRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_null() {
            f.write_str("GcRef(null)")
        } else {
            write!(f, "GcRef({:#x})", self.0)
        }
    }
}
