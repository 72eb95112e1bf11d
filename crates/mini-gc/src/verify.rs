//! The heap verifier (zeal `verify`): walks every object and checks the collector's
//! invariants.

use crate::cards;
use crate::header::{self, CARDED, MARK, POISON, REMEMBERED};
use crate::oldgen::MAX_SMALL_WORDS;
use crate::roots::{RootSet, Tracer};
use crate::shape::scan_object;
use crate::{GcRef, Heap};
use std::collections::HashSet;
use std::fmt;

/// Problems found by [`Heap::verify`].
#[derive(Clone, Debug)]
pub struct VerifyError {
    /// Descriptions of the first problems found.
    pub problems: Vec<String>,
    /// How many problems were found in all.
    pub count: usize,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        if self.count > self.problems.len() {
            writeln!(f, "  … {} more", self.count - self.problems.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifyError {}

const MAX_REPORTED: usize = 20;

#[derive(Default)]
struct Report {
    problems: Vec<String>,
    count: usize,
}

impl Report {
    fn add(&mut self, msg: impl FnOnce() -> String) {
        self.count += 1;
        if self.problems.len() < MAX_REPORTED {
            self.problems.push(msg());
        }
    }
}

impl Heap {
    /// Checks, without changing anything:
    /// - every object in eden, the survivor space and the old generation has a valid header
    ///   (registered shape, not forwarded, no stale mark bit) and fits its space;
    /// - every reference in objects, roots, handles and external storage is null or points
    ///   at the start of such an object (so nothing points into evacuated or freed memory);
    /// - every old object holding a young reference is remembered (header bit and set), and
    ///   every remembered-set entry is an old object with the bit;
    /// - a carded (large) object's young references lie in its marked cards;
    /// - the young external list and the old-generation byte count are right;
    /// - in debug builds, free nursery memory and free old slots still hold poison.
    pub fn verify(&mut self, roots: &mut dyn RootSet) -> Result<(), VerifyError> {
        let mut rep = Report::default();
        let mut objects: Vec<usize> = Vec::new();
        let (eden_start, top) = (self.nursery.eden_start, self.nursery.top);
        self.walk_young(eden_start, top, "eden", &mut objects, &mut rep);
        let (s_start, s_top) = self.nursery.survivors();
        self.walk_young(s_start, s_top, "survivor space", &mut objects, &mut rep);
        let young_count = objects.len();
        let mut old_bytes = 0u64;
        let mut old_externals = 0u64;
        self.old.for_each_slot_sized(|slot, free, slot_words| {
            let a = slot as usize;
            if free {
                // SAFETY: a free slot of `slot_words` words inside a live chunk.
                let words = unsafe { std::slice::from_raw_parts(slot, slot_words) };
                if cfg!(debug_assertions) && words[2..].iter().any(|&w| w != POISON) {
                    rep.add(|| format!("free old slot {a:#x} was written after it was freed"));
                }
                return;
            }
            // SAFETY: an allocated slot starts with a header.
            let h = unsafe { *slot };
            match self.object_words(h) {
                Some(words) if words <= slot_words && h & MARK == 0 => {
                    objects.push(a);
                    old_bytes += slot_words as u64 * 8;
                    if self.shapes[header::shape(h)].external.is_some() {
                        old_externals += 1;
                    }
                }
                _ => rep.add(|| format!("old object {a:#x} has a bad header {h:#x}")),
            }
        });
        let starts: HashSet<usize> = objects.iter().copied().collect();
        let remembered: HashSet<usize> = self.remset.iter().map(|r| r.0 as usize).collect();
        if remembered.len() != self.remset.len() {
            rep.add(|| "the remembered set has duplicates".into());
        }
        for &r in &remembered {
            // SAFETY: only dereferenced when it is a known object start.
            let ok = starts.contains(&r)
                && !self.nursery.contains(r)
                && unsafe { *(r as *const u64) } & REMEMBERED != 0;
            if !ok {
                rep.add(|| format!("remembered-set entry {r:#x} is not a remembered old object"));
            }
        }

        for (i, &obj) in objects.iter().enumerate() {
            let young = i < young_count;
            let p = obj as *mut u64;
            // SAFETY: `obj` was found by the walks above, so it starts a valid object.
            let h = unsafe { *p };
            let name = &self.shapes[header::shape(h)].name;
            let mut has_young = false;
            let mut uncovered = 0;
            let carded = !young && self.check_card_table(obj, h, &mut rep);
            let nursery = &self.nursery;
            let mut check = |slot: &mut u64| {
                let v = *slot as usize;
                if v == 0 {
                    return;
                }
                if !starts.contains(&v) {
                    rep.add(|| format!("{name} object {obj:#x} holds {v:#x}, which is not the start of an object"));
                }
                let slot_young = nursery.contains(v);
                has_young |= slot_young;
                if !(slot_young && carded) {
                    return;
                }
                // A carded object is an array whose slots are its own payload words (an
                // external object's slots may live elsewhere, so only now is this an index).
                let i = (slot as *mut u64 as usize - obj) / 8 - 1;
                // SAFETY: `carded` says `p` has a valid card table; `i` is in its payload.
                if !unsafe { cards::covers(p, i) } {
                    uncovered += 1;
                }
            };
            // SAFETY: a valid object; the scan only reads (the checker never writes).
            unsafe {
                scan_object(
                    &self.shapes[header::shape(h)],
                    p,
                    header::len(h),
                    &mut check,
                )
            };
            if !young && has_young && (h & REMEMBERED == 0 || !remembered.contains(&obj)) {
                rep.add(|| {
                    format!(
                        "old {name} object {obj:#x} holds a young reference but is not remembered"
                    )
                });
            }
            if uncovered > 0 {
                rep.add(|| {
                    format!("old {name} object {obj:#x} holds {uncovered} young references outside its marked cards")
                });
            }
        }

        let mut check_root = |what: &str, r: GcRef| {
            if !r.is_null() && !starts.contains(&(r.0 as usize)) {
                rep.add(|| format!("{what} {r:?} is not the start of an object"));
            }
        };
        roots.visit_roots(&mut Tracer::new(&mut |r: &mut GcRef| {
            check_root("root", *r)
        }));
        self.handles.for_each(|r| check_root("handle", *r));
        for &r in &self.young_externals {
            let ok = starts.contains(&(r.0 as usize)) && self.is_young(r);
            if !ok {
                rep.add(|| format!("young external list entry {r:?} is not a young object"));
            }
        }
        if old_bytes != self.old.allocated_bytes {
            rep.add(|| {
                format!(
                    "old generation counts {} bytes, objects use {old_bytes}",
                    self.old.allocated_bytes
                )
            });
        }
        if old_externals != self.old_externals {
            rep.add(|| {
                format!(
                    "{old_externals} old external objects, counter says {}",
                    self.old_externals
                )
            });
        }
        if let Some(a) = self.nursery.first_unpoisoned() {
            rep.add(|| format!("free nursery memory at {a:#x} was written"));
        }
        if rep.count == 0 {
            Ok(())
        } else {
            Err(VerifyError {
                problems: rep.problems,
                count: rep.count,
            })
        }
    }

    /// True when the old object at `obj` (header `h`) has the CARDED bit; reports a carded
    /// object too small to have been allocated with a card table, or whose table does not
    /// match its size.
    fn check_card_table(&self, obj: usize, h: u64, rep: &mut Report) -> bool {
        if h & CARDED == 0 {
            return false;
        }
        let words = self.object_words(h).unwrap_or(0);
        if words <= MAX_SMALL_WORDS {
            rep.add(|| format!("old object {obj:#x} of {words} words is marked as carded"));
            return false;
        }
        // SAFETY: an object of more than MAX_SMALL_WORDS words is a large allocation, which
        // has its prefix (the card table's meta word is just before the header).
        let meta = unsafe { *(obj as *const u64).sub(1) };
        let ok = cards::count_matches(meta, words - 1);
        if !ok {
            rep.add(|| format!("old object {obj:#x} has a card table of the wrong size"));
        }
        ok
    }

    /// Size in words (header included) of an object with header `h`, if the header is valid.
    fn object_words(&self, h: u64) -> Option<usize> {
        if header::is_forwarded(h) {
            return None;
        }
        let shape = self.shapes.get(header::shape(h))?;
        shape.payload_words(header::len(h)).map(|w| w + 1)
    }

    /// Walks the objects laid end to end in `[start, end)`.
    fn walk_young(
        &self,
        start: usize,
        end: usize,
        space: &str,
        out: &mut Vec<usize>,
        rep: &mut Report,
    ) {
        let mut a = start;
        while a < end {
            // SAFETY: `a` is inside the young block, at an object boundary (the walk follows
            // object sizes from the space's start).
            let h = unsafe { *(a as *const u64) };
            match self.object_words(h) {
                Some(words) if h & (MARK | REMEMBERED) == 0 && a + words * 8 <= end => {
                    out.push(a);
                    a += words * 8;
                }
                _ => {
                    rep.add(|| format!("{space} object {a:#x} has a bad header {h:#x}"));
                    return;
                }
            }
        }
    }
}
