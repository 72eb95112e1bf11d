//! The write barrier: an old object that gains a reference to a young one is remembered once.

use crate::header::REMEMBERED;
use crate::{GcRef, Heap};

impl Heap {
    /// Must run after every store of a reference into a heap object (`Heap::store_ref` does
    /// it). Stores into registers and other roots need no barrier: roots are scanned at every
    /// collection.
    ///
    /// Fast path: `value` is not young (null, old), or `obj` is young — two range tests.
    /// Slow path: the first time an old object gains a young reference, its REMEMBERED
    /// header bit is set and it is pushed on the remembered set, which the next minor
    /// collection scans as roots.
    ///
    /// # Safety
    /// `obj` must be a live object of this heap, valid now; `value` must be null or a live
    /// object of this heap.
    #[inline]
    pub unsafe fn write_barrier(&mut self, obj: GcRef, value: GcRef) {
        if self.is_young(value) && !self.is_young(obj) {
            // SAFETY: forwarded from the caller.
            unsafe { self.remember(obj) };
        }
    }

    /// # Safety
    /// `obj` must be a live old object of this heap.
    #[cold]
    unsafe fn remember(&mut self, obj: GcRef) {
        let p = obj.ptr();
        // SAFETY: the caller guarantees `obj` is live, so its header is readable and writable.
        let h = unsafe { *p };
        if h & REMEMBERED == 0 {
            // SAFETY: as above.
            unsafe { *p = h | REMEMBERED };
            self.remset.push(obj);
        }
    }

    /// Objects currently in the remembered set.
    pub fn remembered_count(&self) -> usize {
        self.remset.len()
    }
}
