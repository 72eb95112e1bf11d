//! The young generation: one contiguous block holding eden (bump allocation) and, when objects
//! must survive twice before promotion, two survivor spaces that alternate as copy targets.

use crate::header::POISON;
use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};

/// The smallest eden the heap accepts (zeal's `nursery:BYTES` may ask for less).
const MIN_EDEN_BYTES: usize = 64;

/// Addresses are plain `usize`s so range tests are one subtraction and one comparison.
pub(crate) struct Nursery {
    base: *mut u64,
    layout: Layout,
    /// Next free byte of eden.
    pub(crate) top: usize,
    /// Where allocation in eden stops: `eden_end`, or less after a minor collection that
    /// found much of the nursery alive (`pacing::eden_limit`).
    pub(crate) limit: usize,
    pub(crate) eden_start: usize,
    pub(crate) eden_end: usize,
    /// Start of the young block, for the "is this young?" test.
    pub(crate) young_lo: usize,
    /// Length of the young block in bytes.
    pub(crate) young_len: usize,
    /// `[start, end)` of the two survivor spaces (empty when promotion age is 1).
    survivor: [(usize, usize); 2],
    /// Which survivor space currently holds survivors.
    from: usize,
    /// End of the survivors in the `from` space.
    pub(crate) survivor_top: usize,
}

impl Nursery {
    /// Allocates a young block: `eden_bytes` of eden plus two survivor spaces of
    /// `survivor_bytes` each (both rounded to whole words).
    pub(crate) fn new(eden_bytes: usize, survivor_bytes: usize) -> Nursery {
        let eden = eden_bytes.max(MIN_EDEN_BYTES).next_multiple_of(8);
        let surv = survivor_bytes.next_multiple_of(8);
        let total = eden + 2 * surv;
        let layout = Layout::from_size_align(total, 64)
            .unwrap_or_else(|_| handle_alloc_error(Layout::new::<u64>()));
        // SAFETY: `layout` has a non-zero size (eden is at least MIN_EDEN_BYTES).
        let base = unsafe { alloc(layout) } as *mut u64;
        if base.is_null() {
            handle_alloc_error(layout);
        }
        let lo = base as usize;
        let n = Nursery {
            base,
            layout,
            top: lo,
            limit: lo + eden,
            eden_start: lo,
            eden_end: lo + eden,
            young_lo: lo,
            young_len: total,
            survivor: [
                (lo + eden, lo + eden + surv),
                (lo + eden + surv, lo + total),
            ],
            from: 0,
            survivor_top: lo + eden,
        };
        poison(n.eden_start, n.eden_end);
        poison(n.survivor[0].0, n.survivor[1].1);
        n
    }

    /// Bytes of memory the young block occupies.
    pub(crate) fn capacity(&self) -> usize {
        self.young_len
    }

    /// Bytes of eden.
    pub(crate) fn eden_bytes(&self) -> usize {
        self.eden_end - self.eden_start
    }

    /// Bytes of eden allowed before the next minor collection.
    pub(crate) fn limit_bytes(&self) -> usize {
        self.limit - self.eden_start
    }

    /// Lets eden fill up to `bytes` (at most its size, at least one word) before the next
    /// minor collection.
    pub(crate) fn set_limit(&mut self, bytes: usize) {
        let bytes = bytes.clamp(8, self.eden_bytes()) / 8 * 8;
        self.limit = self.eden_start + bytes;
    }

    /// True when `addr` lies in the young block (null and old addresses are not).
    #[inline]
    pub(crate) fn contains(&self, addr: usize) -> bool {
        addr.wrapping_sub(self.young_lo) < self.young_len
    }

    /// `[start, top)` of the survivors left by the last minor collection.
    pub(crate) fn survivors(&self) -> (usize, usize) {
        (self.survivor[self.from].0, self.survivor_top)
    }

    /// `[start, end)` of the survivor space the next minor collection copies into.
    pub(crate) fn to_space(&self) -> (usize, usize) {
        self.survivor[1 - self.from]
    }

    /// Bytes of young objects currently in eden and the survivor space.
    pub(crate) fn used_bytes(&self) -> usize {
        (self.top - self.eden_start) + (self.survivor_top - self.survivor[self.from].0)
    }

    /// Ends a minor collection: eden is empty, the to-space (filled up to `to_top`) becomes
    /// the survivor space, and evacuated memory is poisoned in debug builds.
    pub(crate) fn reset_after_minor(&mut self, to_top: usize) {
        let (from_start, from_top) = self.survivors();
        poison(self.eden_start, self.top);
        poison(from_start, from_top);
        self.top = self.eden_start;
        self.from = 1 - self.from;
        self.survivor_top = to_top;
    }

    /// In debug builds, checks that `[start, end)` still holds poison (nothing wrote to free
    /// young memory); returns the first address that does not. Always `None` in release.
    pub(crate) fn first_unpoisoned(&self) -> Option<usize> {
        if !cfg!(debug_assertions) {
            return None;
        }
        let (to_start, to_end) = self.to_space();
        [(self.top, self.eden_end), (to_start, to_end)]
            .into_iter()
            .flat_map(|(s, e)| (s..e).step_by(8))
            // SAFETY: every address in these ranges lies inside the young block we own, and
            // is 8-aligned because the block and all range ends are.
            .find(|&a| unsafe { *(a as *const u64) } != POISON)
    }
}

/// Fills `[start, end)` with `POISON` in debug builds.
pub(crate) fn poison(start: usize, end: usize) {
    if cfg!(debug_assertions) && end > start {
        // SAFETY: callers pass word-aligned ranges inside memory the heap owns and that holds
        // no live object any more.
        unsafe { std::slice::from_raw_parts_mut(start as *mut u64, (end - start) / 8) }
            .fill(POISON);
    }
}

impl Drop for Nursery {
    fn drop(&mut self) {
        // SAFETY: `base` was returned by `alloc(self.layout)` and is freed only here.
        unsafe { dealloc(self.base as *mut u8, self.layout) }
    }
}
