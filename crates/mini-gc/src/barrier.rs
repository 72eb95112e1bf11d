//! The write barrier: an old object that gains a reference to a young one is remembered once
//! (and, for a large object with a card table, the card of the written slot is marked).

use crate::cards;
use crate::header::{CARDED, REMEMBERED};
use crate::{GcRef, Heap};

impl Heap {
    /// Must run after every store of a reference into a heap object whose slot is not at
    /// hand (after writing through [`Heap::payload_mut`] or into external storage);
    /// [`Heap::write_barrier_at`] is the precise form. Stores into registers and other roots
    /// need no barrier: roots are scanned at every collection.
    ///
    /// Fast path: `value` is not young (null, old), or `obj` is young — two range tests.
    /// Slow path: the first time an old object gains a young reference, its REMEMBERED
    /// header bit is set and it is pushed on the remembered set, which the next minor
    /// collection scans as roots. A large object with a card table is then scanned whole
    /// once, as this barrier does not know which card to mark.
    ///
    /// # Safety
    /// `obj` must be a live object of this heap, valid now; `value` must be null or a live
    /// object of this heap.
    #[inline]
    pub unsafe fn write_barrier(&mut self, obj: GcRef, value: GcRef) {
        if self.is_young(value) && !self.is_young(obj) {
            // SAFETY: forwarded from the caller.
            unsafe { self.remember(obj, None) };
        }
    }

    /// The write barrier for a store into payload word `i` of `obj`: as
    /// [`Heap::write_barrier`], but a large object with a card table gets only that word's
    /// card scanned by the next minor collection. `value` may be any word just stored (a
    /// scalar that looks like a young address costs one needless scan, nothing more).
    ///
    /// # Safety
    /// `obj` must be a live object of this heap, valid now, and `i` below its payload size.
    #[inline]
    pub unsafe fn write_barrier_at(&mut self, obj: GcRef, i: usize, value: u64) {
        if self.nursery.contains(value as usize) && !self.is_young(obj) {
            // SAFETY: forwarded from the caller.
            unsafe { self.remember(obj, Some(i)) };
        }
    }

    /// Remembers `obj`, marking the card of payload word `slot` (all cards when `None`) if it
    /// has a card table.
    ///
    /// # Safety
    /// `obj` must be a live old object of this heap, and `slot` below its payload size.
    #[cold]
    unsafe fn remember(&mut self, obj: GcRef, slot: Option<usize>) {
        let p = obj.ptr();
        // SAFETY: the caller guarantees `obj` is live, so its header is readable and writable.
        let h = unsafe { *p };
        if h & CARDED != 0 {
            // SAFETY: the CARDED bit says `p` has a card table; `slot` is in the payload.
            unsafe {
                match slot {
                    Some(i) => cards::mark(p, i),
                    None => cards::mark_all(p),
                }
            }
        }
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
