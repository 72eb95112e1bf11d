//! Major collection: evacuate the whole nursery, then mark the old generation from the roots
//! and sweep it; afterwards set the next goal (GOGC / memory limit).

use crate::header::{self, MARK};
use crate::heap::finalize;
use crate::roots::{RootSet, Tracer};
use crate::shape::scan_object;
use crate::{GcRef, Heap};

/// Empty chunks kept for reuse after a sweep (the rest go back to the allocator).
const RETAIN_EMPTY_CHUNKS: usize = 4;

/// What a major collection found.
pub(crate) struct MajorResult {
    pub(crate) promoted_bytes: u64,
    pub(crate) freed_objects: u64,
    pub(crate) live_bytes: u64,
}

impl Heap {
    /// Promotes every young survivor (so only the old generation holds objects), marks
    /// everything reachable from the roots and handles with an explicit mark stack, sweeps
    /// unmarked objects (running finalisers), and recomputes the goal from what is live.
    /// `release_all` returns every empty chunk to the allocator (FreeOSMemory).
    pub(crate) fn major(&mut self, roots: &mut dyn RootSet, release_all: bool) -> MajorResult {
        let minor = self.minor(roots, true);
        debug_assert!(self.remset.is_empty() && self.nursery.used_bytes() == 0);

        let mut stack = std::mem::take(&mut self.work);
        let mut mark = |slot: &mut u64| {
            let p = *slot as usize as *mut u64;
            if p.is_null() {
                return;
            }
            // SAFETY: after the full evacuation every reference in a root or live object is
            // null or an old object (root-set and heap invariants).
            let h = unsafe { *p };
            if h & MARK == 0 {
                // SAFETY: as above.
                unsafe { *p = h | MARK };
                stack.push(p as usize);
            }
        };
        roots.visit_roots(&mut Tracer::new(&mut |r: &mut GcRef| mark(&mut r.0)));
        self.handles.for_each(|r| mark(&mut r.0));
        while let Some(obj) = stack.pop() {
            let p = obj as *mut u64;
            // SAFETY: `p` was marked above, so it is a live old object.
            let h = unsafe { *p };
            let shape = &self.shapes[header::shape(h)];
            let mut visit = |slot: &mut u64| {
                let q = *slot as usize as *mut u64;
                if q.is_null() {
                    return;
                }
                // SAFETY: fields of live objects are null or live old objects.
                let hq = unsafe { *q };
                if hq & MARK == 0 {
                    // SAFETY: as above.
                    unsafe { *q = hq | MARK };
                    stack.push(q as usize);
                }
            };
            // SAFETY: `p` is a live object of `shape`, not aliased during the scan.
            unsafe { scan_object(shape, p, header::len(h), &mut visit) };
        }
        self.work = stack;

        let shapes = &self.shapes;
        let mut freed_external_bytes = 0;
        let mut freed_externals = 0;
        let retain = if release_all { 0 } else { RETAIN_EMPTY_CHUNKS };
        let swept = self.old.sweep(retain, &mut |p| {
            // SAFETY: `p` is an unmarked, hence dead, object about to be freed.
            let released = unsafe { finalize(shapes, p) };
            // SAFETY: as above; its header is still intact.
            if shapes[header::shape(unsafe { *p })].external.is_some() {
                freed_externals += 1;
                freed_external_bytes += released;
            }
        });
        self.old_externals -= freed_externals;
        self.external_bytes = self.external_bytes.saturating_sub(freed_external_bytes);
        self.stats.frees += swept.objects;
        self.live_after_major = self.paced_bytes();
        self.recompute_goal();
        MajorResult {
            promoted_bytes: minor.promoted_bytes,
            freed_objects: minor.freed_objects + swept.objects,
            live_bytes: self.live_after_major,
        }
    }
}
