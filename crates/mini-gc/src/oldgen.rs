//! The old generation: non-moving, size-class segregated chunks plus individually allocated
//! large objects; allocation from free lists, sweeping, and releasing empty chunks.

use crate::header::{FREE, MARK, POISON};
use crate::heap::AllocError;
use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};

/// Bytes per chunk; every chunk holds slots of one size class.
pub(crate) const CHUNK_BYTES: usize = 256 << 10;
/// Objects (header included) up to this many words live in size-class chunks; larger ones
/// are allocated individually.
pub(crate) const MAX_SMALL_WORDS: usize = 512;
/// Slot sizes in words, header included. Steps of at most 25% bound internal fragmentation.
const CLASS_WORDS: [u16; 31] = [
    2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160,
    192, 224, 256, 320, 384, 448, 512,
];

struct Chunk {
    base: *mut u64,
    class: u8,
    /// Slots handed out so far by bumping; slots beyond it were never touched.
    frontier: u32,
}

struct Class {
    words: usize,
    slots: u32,
    /// Head of the free list (null when empty); a free slot's second word links the next.
    free: *mut u64,
    /// A chunk of this class with untouched slots left.
    bump: Option<usize>,
}

struct Large {
    /// The object's header; the allocation starts `prefix` words before it.
    ptr: *mut u64,
    words: usize,
    prefix: usize,
}

impl Large {
    /// Frees the allocation.
    ///
    /// # Safety
    /// Nothing may refer to the object any more, and `free` may run only once.
    unsafe fn free(&self) {
        // SAFETY: allocated by `alloc_large` with `large_layout(prefix + words)` at
        // `ptr - prefix`; the caller guarantees it is unused.
        unsafe {
            dealloc(
                self.ptr.sub(self.prefix) as *mut u8,
                large_layout(self.prefix + self.words),
            )
        }
    }
}

/// What a sweep freed.
#[derive(Default)]
pub(crate) struct Swept {
    pub(crate) objects: u64,
    pub(crate) bytes: u64,
}

pub(crate) struct OldGen {
    chunks: Vec<Chunk>,
    classes: Vec<Class>,
    /// Size class index for every object size in words (0..=MAX_SMALL_WORDS).
    class_of: Vec<u8>,
    large: Vec<Large>,
    /// Bytes of allocated objects (slot sizes for small objects).
    pub(crate) allocated_bytes: u64,
    /// Bytes obtained from the allocator (chunks and large objects).
    pub(crate) sys_bytes: u64,
    /// Bytes of empty chunks kept after the last sweep.
    pub(crate) idle_bytes: u64,
}

fn chunk_layout() -> Layout {
    Layout::from_size_align(CHUNK_BYTES, 64)
        .unwrap_or_else(|_| handle_alloc_error(Layout::new::<u64>()))
}

fn large_layout(words: usize) -> Layout {
    Layout::array::<u64>(words).unwrap_or_else(|_| handle_alloc_error(Layout::new::<u64>()))
}

impl OldGen {
    pub(crate) fn new() -> OldGen {
        let mut class_of = vec![0u8; MAX_SMALL_WORDS + 1];
        let mut c = 0;
        for (w, slot) in class_of.iter_mut().enumerate() {
            while (CLASS_WORDS[c] as usize) < w {
                c += 1;
            }
            *slot = c as u8;
        }
        let classes = CLASS_WORDS
            .iter()
            .map(|&w| Class {
                words: w as usize,
                slots: (CHUNK_BYTES / 8 / w as usize) as u32,
                free: std::ptr::null_mut(),
                bump: None,
            })
            .collect();
        OldGen {
            chunks: Vec::new(),
            classes,
            class_of,
            large: Vec::new(),
            allocated_bytes: 0,
            sys_bytes: 0,
            idle_bytes: 0,
        }
    }

    /// Returns room for a small object of `words` words (header included, at least 1, at
    /// most `MAX_SMALL_WORDS`; larger ones go through `alloc_large`). The content is
    /// unspecified: the caller writes the header and every payload word.
    pub(crate) fn alloc(&mut self, words: usize) -> *mut u64 {
        debug_assert!(words <= MAX_SMALL_WORDS, "a large object through alloc");
        let ci = self.class_of[words] as usize;
        let class = &mut self.classes[ci];
        self.allocated_bytes += class.words as u64 * 8;
        if !class.free.is_null() {
            let slot = class.free;
            // SAFETY: free-list entries are slots of live chunks of this class (at least two
            // words); the second word holds the next entry, written by `push_free`.
            class.free = unsafe { *slot.add(1) } as usize as *mut u64;
            return slot;
        }
        if let Some(i) = class.bump {
            let chunk = &mut self.chunks[i];
            if chunk.frontier < class.slots {
                // SAFETY: `frontier < slots`, so the slot lies inside the chunk.
                let slot = unsafe { chunk.base.add(chunk.frontier as usize * class.words) };
                chunk.frontier += 1;
                return slot;
            }
        }
        self.alloc_in_new_chunk(ci)
    }

    #[cold]
    fn alloc_in_new_chunk(&mut self, ci: usize) -> *mut u64 {
        let layout = chunk_layout();
        // SAFETY: the chunk layout has a non-zero size.
        let base = unsafe { alloc(layout) } as *mut u64;
        if base.is_null() {
            handle_alloc_error(layout);
        }
        self.sys_bytes += CHUNK_BYTES as u64;
        self.chunks.push(Chunk {
            base,
            class: ci as u8,
            frontier: 1,
        });
        self.classes[ci].bump = Some(self.chunks.len() - 1);
        base
    }

    /// Allocates a large object (more than `MAX_SMALL_WORDS` words) with `prefix` words of
    /// the caller's in front of it (a card table, `cards.rs`), and returns the object's
    /// address, or `OutOfMemory` when the system refuses (the program then ends with Go's
    /// out-of-memory error instead of an abort). Neither the prefix nor the object is
    /// initialised.
    #[cold]
    pub(crate) fn alloc_large(
        &mut self,
        words: usize,
        prefix: usize,
    ) -> Result<*mut u64, AllocError> {
        let layout = large_layout(prefix + words);
        // SAFETY: `words > MAX_SMALL_WORDS`, so the size is non-zero.
        let base = unsafe { alloc(layout) } as *mut u64;
        if base.is_null() {
            return Err(AllocError::OutOfMemory);
        }
        // SAFETY: the allocation holds `prefix + words` words.
        let ptr = unsafe { base.add(prefix) };
        self.large.push(Large { ptr, words, prefix });
        self.sys_bytes += (prefix + words) as u64 * 8;
        self.allocated_bytes += words as u64 * 8;
        Ok(ptr)
    }

    /// Frees every allocated object whose header lacks the mark bit (calling `on_free` first
    /// with its address), clears the mark bit on the rest, rebuilds the free lists, and
    /// returns empty chunks to the allocator beyond the first `retain_empty` ones.
    pub(crate) fn sweep(
        &mut self,
        retain_empty: usize,
        on_free: &mut impl FnMut(*mut u64),
    ) -> Swept {
        let mut swept = Swept::default();
        for class in &mut self.classes {
            class.free = std::ptr::null_mut();
            class.bump = None;
        }
        let mut kept_empty = 0;
        let mut released = 0u64;
        let mut idle = 0u64;
        let mut chunks = std::mem::take(&mut self.chunks);
        chunks.retain(|chunk| {
            let class = &mut self.classes[chunk.class as usize];
            let saved_free = class.free;
            let mut live = 0u32;
            for i in 0..chunk.frontier as usize {
                // SAFETY: slots below the frontier lie inside the chunk and were initialised
                // with a header (object or FREE) when handed out.
                let slot = unsafe { chunk.base.add(i * class.words) };
                // SAFETY: as above, `slot` is a readable initialised slot.
                let h = unsafe { *slot };
                if h == FREE {
                    push_free(class, slot);
                } else if h & MARK != 0 {
                    // SAFETY: as above.
                    unsafe { *slot = h & !MARK };
                    live += 1;
                } else {
                    on_free(slot);
                    swept.objects += 1;
                    swept.bytes += class.words as u64 * 8;
                    if cfg!(debug_assertions) {
                        // SAFETY: the slot is `class.words` words inside the chunk; it is
                        // dead, so nothing refers to it any more.
                        unsafe { std::slice::from_raw_parts_mut(slot, class.words) }.fill(POISON);
                    }
                    // SAFETY: as above; writing the free marker and link.
                    unsafe { *slot = FREE };
                    push_free(class, slot);
                }
            }
            if live == 0 && kept_empty >= retain_empty {
                class.free = saved_free;
                // SAFETY: the chunk was allocated with `chunk_layout()` and, holding no live
                // object, is referenced by nothing (its free slots were unlinked just above).
                unsafe { dealloc(chunk.base as *mut u8, chunk_layout()) };
                released += CHUNK_BYTES as u64;
                return false;
            }
            if live == 0 {
                kept_empty += 1;
                idle += CHUNK_BYTES as u64;
            }
            true
        });
        for (i, chunk) in chunks.iter().enumerate() {
            let class = &mut self.classes[chunk.class as usize];
            if chunk.frontier < class.slots {
                class.bump = Some(i);
            }
        }
        self.chunks = chunks;
        self.large.retain(|l| {
            // SAFETY: `l.ptr` is a live large allocation that starts with a header.
            let h = unsafe { *l.ptr };
            if h & MARK != 0 {
                // SAFETY: as above.
                unsafe { *l.ptr = h & !MARK };
                return true;
            }
            on_free(l.ptr);
            swept.objects += 1;
            swept.bytes += l.words as u64 * 8;
            released += (l.prefix + l.words) as u64 * 8;
            // SAFETY: dead, so nothing refers to it; dropped from the list right after.
            unsafe { l.free() };
            false
        });
        self.allocated_bytes -= swept.bytes;
        self.sys_bytes -= released;
        self.idle_bytes = idle;
        swept
    }

    /// Calls `f` with the address of every allocated object (live or not yet swept).
    pub(crate) fn for_each_object(&self, mut f: impl FnMut(*mut u64)) {
        self.for_each_slot(|slot, free| {
            if !free {
                f(slot)
            }
        });
    }

    /// Calls `f` with every handed-out small slot and large object, and whether it is free,
    /// plus the slot's size in words.
    pub(crate) fn for_each_slot_sized(&self, mut f: impl FnMut(*mut u64, bool, usize)) {
        for chunk in &self.chunks {
            let words = self.classes[chunk.class as usize].words;
            for i in 0..chunk.frontier as usize {
                // SAFETY: slots below the frontier are inside the chunk and initialised.
                let slot = unsafe { chunk.base.add(i * words) };
                // SAFETY: as above.
                let free = unsafe { *slot } == FREE;
                f(slot, free, words);
            }
        }
        for l in &self.large {
            f(l.ptr, false, l.words);
        }
    }

    fn for_each_slot(&self, mut f: impl FnMut(*mut u64, bool)) {
        self.for_each_slot_sized(|slot, free, _| f(slot, free));
    }
}

/// Links a free slot (already holding the FREE header) at the head of its class's list.
fn push_free(class: &mut Class, slot: *mut u64) {
    // SAFETY: every class has at least two words per slot, so word 1 is inside the slot.
    unsafe { *slot.add(1) = class.free as usize as u64 };
    class.free = slot;
}

impl Drop for OldGen {
    fn drop(&mut self) {
        for chunk in &self.chunks {
            // SAFETY: allocated with `chunk_layout()`; the heap is going away.
            unsafe { dealloc(chunk.base as *mut u8, chunk_layout()) };
        }
        for l in &self.large {
            // SAFETY: the heap is going away, and each large object is freed once.
            unsafe { l.free() };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header;

    #[test]
    fn size_classes_cover_every_size() {
        let g = OldGen::new();
        for w in 1..=MAX_SMALL_WORDS {
            let c = &g.classes[g.class_of[w] as usize];
            assert!(c.words >= w.max(2));
            assert!(
                c.words * 4 <= w.max(2) * 5 + 8,
                "class {} too big for {}",
                c.words,
                w
            );
        }
    }

    #[test]
    fn sweep_frees_unmarked_and_reuses_slots() {
        let mut g = OldGen::new();
        let mut objs = Vec::new();
        for i in 0..100u32 {
            let p = g.alloc(4);
            // SAFETY: `alloc(4)` returned room for four words.
            unsafe {
                *p = header::make(0, 1) | if i % 2 == 0 { MARK } else { 0 };
                *p.add(1) = i as u64;
            }
            objs.push(p);
        }
        let mut freed = 0;
        let s = g.sweep(0, &mut |_| freed += 1);
        assert_eq!((s.objects, freed), (50, 50));
        assert_eq!(g.allocated_bytes, 50 * 32);
        // Freed slots are handed out again before new ones.
        let p = g.alloc(4);
        assert!(objs.contains(&p));
        // SAFETY: `alloc(4)` returned room for four words.
        unsafe { *p = header::make(0, 1) };
        let big = g
            .alloc_large(MAX_SMALL_WORDS + 1, 0)
            .expect("room for a large object");
        // SAFETY: room for MAX_SMALL_WORDS + 1 words.
        unsafe { *big = header::make(0, 1) };
        g.sweep(0, &mut |_| ());
        // Nothing was marked: everything is gone and empty chunks were released.
        assert_eq!(g.allocated_bytes, 0);
        assert_eq!(g.sys_bytes, 0);
    }
}
