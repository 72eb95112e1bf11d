//! Minor collection: evacuate live young objects (Cheney-style copying with a work list),
//! ageing them into the survivor space or promoting them into the old generation.

use crate::cards;
use crate::header::{self, CARDED, REMEMBERED};
use crate::heap::finalize;
use crate::oldgen::OldGen;
use crate::pacing;
use crate::roots::{RootSet, Tracer};
use crate::shape::{scan_object, scan_range, Shape};
use crate::{GcRef, Heap};

/// What a minor collection moved.
#[derive(Default)]
pub(crate) struct MinorResult {
    /// Bytes of young objects before the collection.
    pub(crate) young_bytes: u64,
    /// Bytes copied into the survivor space.
    pub(crate) survived_bytes: u64,
    /// Bytes copied into the old generation.
    pub(crate) promoted_bytes: u64,
    /// Young objects that died.
    pub(crate) freed_objects: u64,
}

/// The copying state. Every young object reached is copied once; its old header is
/// replaced by the copy's address (a forwarding pointer), and the copy is queued on `work`
/// so its own fields get forwarded in turn.
struct Evacuator<'a> {
    young_lo: usize,
    young_len: usize,
    to_lo: usize,
    to_top: usize,
    to_end: usize,
    /// Objects whose age reaches this are promoted.
    promote_age: u64,
    shapes: &'a [Shape],
    old: &'a mut OldGen,
    work: &'a mut Vec<usize>,
    result: MinorResult,
    survived_objects: u64,
    promoted_objects: u64,
    promoted_externals: u64,
}

impl Evacuator<'_> {
    #[inline]
    fn is_young(&self, addr: usize) -> bool {
        addr.wrapping_sub(self.young_lo) < self.young_len
    }

    /// Updates a reference slot: a young from-space reference becomes its copy's address.
    /// Null, old references and references already into to-space are left alone.
    #[inline]
    fn forward(&mut self, slot: &mut u64) {
        let v = *slot as usize;
        if !self.is_young(v) || v.wrapping_sub(self.to_lo) < self.to_end - self.to_lo {
            return;
        }
        // SAFETY: `v` is a young reference outside to-space, so by the root and heap
        // invariants it is the start of an eden or from-survivor object (or its forwarded
        // remains).
        *slot = unsafe { self.evacuate(v) } as u64;
    }

    /// Copies the object at `v` unless already copied, and returns the copy's address.
    ///
    /// # Safety
    /// `v` must be the start of a from-space object, possibly already forwarded.
    unsafe fn evacuate(&mut self, v: usize) -> usize {
        let from = v as *mut u64;
        // SAFETY: guaranteed by the caller.
        let h = unsafe { *from };
        if header::is_forwarded(h) {
            return h as usize;
        }
        let shape = &self.shapes[header::shape(h)];
        let words = 1 + shape.payload_words(header::len(h)).unwrap_or(0);
        let bytes = words * 8;
        let age = header::age(h) + 1;
        let (to, new_header) = if age < self.promote_age && bytes <= self.to_end - self.to_top {
            let to = self.to_top;
            self.to_top += bytes;
            self.result.survived_bytes += bytes as u64;
            self.survived_objects += 1;
            (to as *mut u64, header::with_age(h, age))
        } else {
            self.result.promoted_bytes += bytes as u64;
            self.promoted_objects += 1;
            if shape.external.is_some() {
                self.promoted_externals += 1;
            }
            (self.old.alloc(words), header::with_age(h, 0) & !REMEMBERED)
        };
        // SAFETY: `from` holds `words` words (its header says so); `to` was just reserved
        // for `words` words in to-space or the old generation, disjoint from `from`.
        unsafe {
            std::ptr::copy_nonoverlapping(from, to, words);
            *to = new_header;
            *from = to as u64;
        }
        if shape.needs_scan() {
            self.work.push(to as usize);
        }
        to as usize
    }

    /// Forwards the fields of `obj`; returns true when a field still points into the
    /// nursery afterwards (so an old `obj` must stay or become remembered).
    ///
    /// # Safety
    /// `obj` must be the start of a live, already-copied (or old) object.
    unsafe fn scan(&mut self, obj: usize) -> bool {
        let shapes = self.shapes;
        let p = obj as *mut u64;
        // SAFETY: guaranteed by the caller.
        let h = unsafe { *p };
        let mut has_young = false;
        // SAFETY: `p` is a live object of shape `h`'s shape, not aliased during the scan.
        unsafe {
            scan_object(&shapes[header::shape(h)], p, header::len(h), &mut |slot| {
                self.forward(slot);
                has_young |= self.is_young(*slot as usize);
            })
        };
        has_young
    }

    /// Forwards the fields in the marked cards of the carded old object `obj` (all of them
    /// after an imprecise barrier), leaving marked exactly the cards that still point into
    /// the nursery; returns true when there is one (so `obj` stays remembered).
    ///
    /// # Safety
    /// `obj` must be the start of a live carded old object.
    unsafe fn scan_cards(&mut self, obj: usize) -> bool {
        let shapes = self.shapes;
        let p = obj as *mut u64;
        // SAFETY: guaranteed by the caller.
        let h = unsafe { *p };
        let shape = &shapes[header::shape(h)];
        let words = shape.payload_words(header::len(h)).unwrap_or(0);
        let mut scan_card = |lo: usize, hi: usize| {
            let mut has_young = false;
            // SAFETY: `p` is a live object of `shape` with `words >= hi` payload words, not
            // aliased during the scan (its card table lies outside the payload).
            unsafe {
                scan_range(shape, p, lo, hi, &mut |slot| {
                    self.forward(slot);
                    has_young |= self.is_young(*slot as usize);
                })
            };
            has_young
        };
        // SAFETY: `p` is carded (caller) with `words` payload words; `scan_card` only touches
        // the payload and young objects.
        unsafe { cards::scan_marked(p, words, &mut scan_card) }
    }
}

impl Heap {
    /// Empties eden and the from-survivor space. With `promote_all`, every survivor goes to
    /// the old generation (a major collection starts this way, leaving the nursery empty).
    ///
    /// Order: roots, handles and the remembered set are forwarded first (each reached young
    /// object is copied); then the work list is drained, forwarding the copies' fields.
    /// A promoted copy, or a remembered object, that still points into the survivor space
    /// afterwards is (re)remembered; a remembered object with a card table is scanned only
    /// in its marked cards, and keeps marked those that still point into the nursery. Young
    /// external objects that were not copied are dead and get finalised before eden is
    /// reset. Last, the eden limit for the next cycle follows what this one copied
    /// (`pacing::eden_limit`).
    pub(crate) fn minor(&mut self, roots: &mut dyn RootSet, promote_all: bool) -> MinorResult {
        let (to_lo, to_end) = self.nursery.to_space();
        let young_bytes = self.nursery.used_bytes() as u64;
        let mut work = std::mem::take(&mut self.work);
        let mut ev = Evacuator {
            young_lo: self.nursery.young_lo,
            young_len: self.nursery.young_len,
            to_lo,
            to_top: to_lo,
            to_end,
            promote_age: if promote_all { 0 } else { self.promotion_age },
            shapes: &self.shapes,
            old: &mut self.old,
            work: &mut work,
            result: MinorResult::default(),
            survived_objects: 0,
            promoted_objects: 0,
            promoted_externals: 0,
        };
        roots.visit_roots(&mut Tracer::new(&mut |r: &mut GcRef| ev.forward(&mut r.0)));
        self.handles.for_each(|r| ev.forward(&mut r.0));

        let old_remset = std::mem::take(&mut self.remset);
        let mut remset = Vec::with_capacity(old_remset.len());
        for obj in old_remset {
            let p = obj.ptr();
            // SAFETY: remembered objects are live old objects (they stay allocated until a
            // major collection, which empties the remembered set first).
            unsafe { *p &= !REMEMBERED };
            // SAFETY: as above; the CARDED bit says whether it has a card table.
            let has_young = unsafe {
                if *p & CARDED != 0 {
                    ev.scan_cards(obj.0 as usize)
                } else {
                    ev.scan(obj.0 as usize)
                }
            };
            if has_young {
                // SAFETY: as above.
                unsafe { *p |= REMEMBERED };
                remset.push(obj);
            }
        }
        while let Some(obj) = ev.work.pop() {
            // SAFETY: the work list holds copies made by `evacuate`.
            let has_young = unsafe { ev.scan(obj) };
            if has_young && !ev.is_young(obj) {
                let p = obj as *mut u64;
                // SAFETY: `obj` is a promoted copy, a live old object.
                unsafe { *p |= REMEMBERED };
                remset.push(GcRef(obj as u64));
            }
        }
        self.remset = remset;

        let mut freed_external_bytes = 0;
        let mut young_externals = Vec::new();
        for r in std::mem::take(&mut self.young_externals) {
            // SAFETY: the list holds addresses of young external objects from before this
            // collection; their headers are intact or forwarding pointers.
            let h = unsafe { *r.ptr() };
            if header::is_forwarded(h) {
                if ev.is_young(h as usize) {
                    young_externals.push(GcRef(h));
                }
            } else {
                // SAFETY: not copied, so dead; its memory is still intact until the reset.
                freed_external_bytes += unsafe { finalize(ev.shapes, r.ptr()) };
            }
        }
        let to_top = ev.to_top;
        let mut result = std::mem::take(&mut ev.result);
        let (survived, promoted, promoted_ext) = (
            ev.survived_objects,
            ev.promoted_objects,
            ev.promoted_externals,
        );
        self.young_externals = young_externals;
        self.work = work;
        self.old_externals += promoted_ext;
        self.external_bytes = self.external_bytes.saturating_sub(freed_external_bytes);

        let eden_objects = (self.allocs - self.allocs_at_minor)
            - (self.old_direct_allocs - self.old_direct_at_minor);
        result.young_bytes = young_bytes;
        result.freed_objects =
            (eden_objects + self.survivor_objects).saturating_sub(survived + promoted);
        self.allocs_at_minor = self.allocs;
        self.old_direct_at_minor = self.old_direct_allocs;
        self.survivor_objects = survived;
        self.stats.total_alloc += (self.nursery.top - self.nursery.eden_start) as u64;
        self.stats.frees += result.freed_objects;
        self.stats.promoted_bytes += result.promoted_bytes;
        self.stats.nursery_survival_rate = if young_bytes == 0 {
            0.0
        } else {
            (result.survived_bytes + result.promoted_bytes) as f64 / young_bytes as f64
        };
        self.nursery.reset_after_minor(to_top);
        self.nursery.set_limit(pacing::eden_limit(
            result.survived_bytes + result.promoted_bytes,
            young_bytes,
            result.survived_bytes,
            self.nursery.limit_bytes() as u64,
            self.nursery.eden_bytes() as u64,
        ) as usize);
        result
    }
}
