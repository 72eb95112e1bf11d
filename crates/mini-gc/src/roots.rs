//! Root scanning: the `RootSet` trait the host implements, the `Tracer` it is handed, and the
//! handle table that roots references held by Rust code.

use crate::GcRef;
use std::sync::{Arc, Mutex, MutexGuard};

/// Visits reference slots for the collector. Every slot passed to [`Tracer::visit`] may be
/// rewritten, because the nursery moves objects.
pub struct Tracer<'a> {
    f: &'a mut dyn FnMut(&mut GcRef),
}

impl<'a> Tracer<'a> {
    pub(crate) fn new(f: &'a mut dyn FnMut(&mut GcRef)) -> Tracer<'a> {
        Tracer { f }
    }

    /// Visits one reference slot (null is allowed and ignored).
    #[inline]
    pub fn visit(&mut self, slot: &mut GcRef) {
        (self.f)(slot)
    }

    /// Visits a host `u64` slot that holds a reference.
    #[inline]
    pub fn visit_word(&mut self, slot: &mut u64) {
        (self.f)(GcRef::from_slot_mut(slot))
    }

    /// Visits every word of `slots` as a reference slot.
    pub fn visit_words(&mut self, slots: &mut [u64]) {
        for s in slots {
            self.visit_word(s);
        }
    }
}

/// The host's roots: everything outside the heap that holds references.
///
/// For the VM that is every goroutine's registers (by the prototypes' kind maps), defer
/// records, panic values, globals and constants. Handles made with `Heap::handle` are visited
/// by the heap itself.
///
/// # Safety
/// An implementation promises that:
/// - every slot it visits holds null or a reference to the start of a live object of *this*
///   heap (the collector reads and moves what it finds there);
/// - it visits every slot through which the host will use a reference after the collection
///   (an unvisited reference is not updated when its object moves, and may be freed);
/// - it does not allocate or otherwise touch the heap while visiting.
pub unsafe trait RootSet {
    /// Calls `tracer.visit` (or `visit_word`) on every root slot.
    fn visit_roots(&mut self, tracer: &mut Tracer<'_>);

    /// Called once when a collection of `kind` starts, before any root is visited: the host
    /// may drop roots it only keeps until a collection (Go's `sync.Pool` clears its caches
    /// here). It must not touch the heap.
    fn before_collection(&mut self, kind: crate::GcKind) {
        let _ = kind;
    }
}

/// A root set with no roots.
pub struct NoRoots;

// SAFETY: visits nothing, so it promises nothing about slots.
unsafe impl RootSet for NoRoots {
    fn visit_roots(&mut self, _: &mut Tracer<'_>) {}
}

/// The slots behind `Handle`s, shared between the heap and the handles. A mutex, not a
/// `RefCell`, so that a heap and its handles can move to another thread together (the heap is
/// `Send`); it is never contended, since only the thread owning the heap uses them.
#[derive(Default)]
pub(crate) struct HandleTable {
    inner: Mutex<Slots>,
}

#[derive(Default)]
struct Slots {
    slots: Vec<GcRef>,
    free: Vec<u32>,
}

impl HandleTable {
    /// The table's slots; a poisoned lock is taken anyway (the table is always consistent:
    /// no operation on it can panic halfway).
    fn lock(&self) -> MutexGuard<'_, Slots> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn insert(self: &Arc<Self>, r: GcRef) -> Handle {
        let mut guard = self.lock();
        let Slots { slots, free } = &mut *guard;
        let index = match free.pop() {
            Some(i) => {
                slots[i as usize] = r;
                i
            }
            None => {
                slots.push(r);
                u32::try_from(slots.len() - 1).unwrap_or(u32::MAX)
            }
        };
        Handle {
            table: Arc::clone(self),
            index,
        }
    }

    /// Calls `f` on every slot of a live handle (freed slots hold null and are skipped).
    pub(crate) fn for_each(&self, mut f: impl FnMut(&mut GcRef)) {
        for slot in self.lock().slots.iter_mut() {
            if !slot.is_null() {
                f(slot);
            }
        }
    }

    pub(crate) fn live_count(&self) -> usize {
        self.lock().slots.iter().filter(|s| !s.is_null()).count()
    }
}

/// Makes handles for a heap; cloned into every `Handle` it creates.
pub(crate) fn new_handle(table: &Arc<HandleTable>, r: GcRef) -> Handle {
    table.insert(r)
}

/// A rooted reference for Rust code that holds a heap object across collections (the
/// embedding API). The object stays alive, and [`Handle::get`] returns its current address,
/// until the handle is dropped.
pub struct Handle {
    table: Arc<HandleTable>,
    index: u32,
}

impl Handle {
    /// The object's current reference. Like any `GcRef`, it is valid only until the next
    /// collection; call `get` again afterwards.
    pub fn get(&self) -> GcRef {
        self.table.lock().slots[self.index as usize]
    }

    pub(crate) fn belongs_to(&self, table: &Arc<HandleTable>) -> bool {
        Arc::ptr_eq(&self.table, table)
    }
}

impl Clone for Handle {
    fn clone(&self) -> Handle {
        self.table.insert(self.get())
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        let mut guard = self.table.lock();
        guard.slots[self.index as usize] = GcRef::NULL;
        guard.free.push(self.index);
    }
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Handle").field(&self.get()).finish()
    }
}
