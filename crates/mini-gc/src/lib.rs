//! A generational garbage-collected heap that knows nothing about Mini: objects are a header plus words.
//!
//! # Model
//!
//! - An object is a one-word header (shape id, length, mark / remembered / age bits) followed
//!   by `u64` payload words. A [`GcRef`] is the address of the header — the start of the
//!   object — and null is 0. The host represents interior pointers (`&a[i]`, sub-slices) as
//!   base reference plus offset.
//! - The host registers [`Shape`]s: fixed layouts with a per-word [`Slot`] map, arrays with a
//!   per-element map and a length chosen at allocation, byte data without references, and
//!   external-storage objects whose trace function visits references held outside the heap
//!   and whose finaliser runs when they die (their outside bytes, reported with
//!   [`Heap::adjust_external_bytes`], count toward the heap size and the GOGC goal).
//! - New objects are bump-allocated in the nursery (eden). A minor collection copies live
//!   young objects and promotes them to the old generation after 1 or 2 survivals. Objects
//!   over 4 KiB go straight to the old generation, which is non-moving: size-class chunks and
//!   individually allocated large objects, collected by mark-sweep. Major collections are
//!   paced like Go: goal = live × (1 + GOGC/100), capped by the soft memory limit.
//!
//! # The safepoint rule
//!
//! **Collections happen only inside the methods that take `&mut dyn RootSet`**
//! ([`Heap::collect_if_needed`], [`Heap::collect`], [`Heap::collect_minor`],
//! [`Heap::free_os_memory`]). Allocation never collects: when eden is full it allocates in
//! the old generation and asks for a collection, which [`Heap::needs_collection`] reports.
//!
//! A collection moves young objects and frees dead ones, so after it the only valid
//! references are those in slots the collector visited: the host's roots (its [`RootSet`]),
//! [`Handle`]s, and fields of heap objects. Therefore:
//!
//! 1. Before calling a collecting method, store every reference still needed into a root
//!    slot (a register, a global, a defer record) — never keep one only in a Rust local.
//! 2. After it, re-read references from those slots; any `GcRef` held in a Rust local across
//!    the call is stale.
//!
//! For the VM this means: allocating instructions store their result in a register first,
//! then the dispatch loop calls `if heap.needs_collection() { heap.collect_if_needed(&mut
//! roots) }` and reloads whatever it caches. Rust code that must hold objects across
//! safepoints (the embedding API) uses [`Handle`]s, which are roots until dropped.
//!
//! The API makes breaking the rule hard rather than impossible: reading and writing objects
//! through a raw `GcRef` is `unsafe` (the caller vouches the reference is current), slices
//! into objects borrow the heap so they cannot live across a collection, and the safe
//! accessors work only through handles. `MINI_GCZEAL=minor,verify` collects at every
//! safepoint and poisons evacuated memory (debug builds), so a stale reference shows up at
//! once as a verifier failure or a poisoned value (`0xDEADDEAD…`).
//!
//! # Roots
//!
//! The host implements [`RootSet`] (an `unsafe trait`: it vouches that every visited slot is
//! null or a live object, and that it visits every slot it will use afterwards). The VM
//! visits each goroutine's pointer registers by the prototypes' kind maps, defer records,
//! panic values, globals and constants, passing each slot to [`Tracer::visit`] or
//! [`Tracer::visit_word`] so the collector can rewrite it.
//!
//! # Write barrier
//!
//! Every store of a reference into a heap object goes through [`Heap::store_ref`] (or is
//! followed by [`Heap::write_barrier_at`] with the word's index, or [`Heap::write_barrier`]
//! where the slot is not at hand, e.g. in external storage; [`Heap::copy_words`] handles
//! bulk copies). Register and global writes need no barrier. The barrier remembers an old
//! object the first time it gains a young reference; the next minor collection scans it as a
//! root. Large arrays (over 4 KiB, born old) have a card table of one byte per 128 bytes:
//! the precise barrier marks the written word's card, and a minor collection scans only the
//! marked cards of such an object (all of them once after [`Heap::write_barrier`]).
//!
//! # Eden size
//!
//! A minor pause is proportional to what it copies. Eden fills only up to a limit that
//! follows the last minor collection: the whole of eden while most young objects die, less
//! (down to 256 KiB) while most survive, so that one collection copies about 512 KiB.
//!
//! # Statistics and events
//!
//! [`Heap::mem_stats`] returns Go's `runtime.MemStats` fields (snake case) plus minor/major
//! counts, promoted bytes and the nursery survival rate; [`Heap::set_event_hook`] receives a
//! [`GcEvent`] after every collection (kind, cause, pause, heap before/after, live, goal,
//! promoted) for gctrace lines and JSON logs.
//!
//! # Torture
//!
//! [`Zeal`] parses `MINI_GCZEAL` (`minor`, `full:N`, `random:N,SEED`, `verify`,
//! `nursery:BYTES`, combined with commas); [`Heap::verify`] checks the whole heap. Debug
//! builds poison evacuated nursery memory and freed old slots.

mod barrier;
mod cards;
mod collect;
mod gcref;
mod header;
mod heap;
mod major;
mod minor;
mod nursery;
mod oldgen;
mod pacing;
mod roots;
mod shape;
mod stats;
mod verify;
mod zeal;

pub use gcref::GcRef;
pub use heap::{
    AllocError, Config, ConfigError, EventHook, Heap, DEFAULT_NURSERY_BYTES, DEFAULT_PROMOTION_AGE,
};
pub use pacing::{parse_gogc, parse_memory_limit, NO_MEMORY_LIMIT};
pub use roots::{Handle, NoRoots, RootSet, Tracer};
pub use shape::{FinalizeFn, Shape, ShapeError, ShapeId, Slot, TraceFn};
pub use stats::{GcCause, GcEvent, GcKind, MemStats};
pub use verify::VerifyError;
pub use zeal::{Zeal, ZealError};
