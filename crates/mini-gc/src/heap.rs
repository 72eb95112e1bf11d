//! The `Heap`: configuration, shape registry, allocation, object access and handles.

use crate::cards;
use crate::header::{self, CARDED, MAX_SHAPES};
use crate::nursery::Nursery;
use crate::oldgen::{OldGen, MAX_SMALL_WORDS};
use crate::pacing::{self, Goal, NO_MEMORY_LIMIT};
use crate::roots::{new_handle, HandleTable};
use crate::shape::{Layout, Shape, ShapeError, ShapeId, Slot};
use crate::stats::{GcCause, GcEvent, MemStats};
use crate::zeal::{Rng, Zeal};
use crate::{GcRef, Handle};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Eden size used when the configuration does not say, chosen by measurement with
/// `examples/gc_bench.rs` (numbers in the crate README). From 256 KiB to 8 MiB, a minor
/// collection costs about 0.05 ms per MiB of eden at 5–10% survival, so pauses stay far
/// below 1 ms; bigger edens give objects more time to die (fewer promotions, fewer major
/// collections) but cost memory. 2 MiB (3 MiB with the survivor spaces) was where the churn
/// workloads stopped promoting medium-lived objects with promotion age 2. This is the most
/// eden holds: while much of it survives, it fills only up to a smaller limit
/// (`pacing::eden_limit`), since a pause grows with the survivors, not with eden.
pub const DEFAULT_NURSERY_BYTES: usize = 2 << 20;
/// Promotion age used when the configuration does not say: survive two minor collections
/// (see `DEFAULT_NURSERY_BYTES` for the measurement).
pub const DEFAULT_PROMOTION_AGE: u8 = 2;
/// Largest payload, in words, of one object.
pub(crate) const MAX_OBJECT_WORDS: usize = (1 << 32) - 2;
/// Objects larger than this (header included) are allocated directly in the old generation.
const MAX_YOUNG_WORDS: usize = MAX_SMALL_WORDS;

/// The callback run after every collection.
pub type EventHook = Box<dyn FnMut(&GcEvent) + Send>;

/// Heap settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Eden size in bytes (zeal's `nursery:BYTES` overrides it).
    pub nursery_bytes: usize,
    /// Minor collections an object survives before promotion: 1 or 2 (other values are
    /// clamped). With 2, the nursery also holds two survivor spaces of a quarter of eden each.
    pub promotion_age: u8,
    /// Go's GOGC: the heap may grow this many percent over live data before a major
    /// collection; negative turns automatic collection off.
    pub gc_percent: i32,
    /// Go's GOMEMLIMIT in bytes; `i64::MAX` for none.
    pub memory_limit: i64,
    /// Torture and verification modes.
    pub zeal: Zeal,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            nursery_bytes: DEFAULT_NURSERY_BYTES,
            promotion_age: DEFAULT_PROMOTION_AGE,
            gc_percent: 100,
            memory_limit: NO_MEMORY_LIMIT,
            zeal: Zeal::default(),
        }
    }
}

/// A malformed environment variable read by `Config::from_env`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The default configuration adjusted by `GOGC`, `GOMEMLIMIT` and `MINI_GCZEAL`.
    pub fn from_env() -> Result<Config, ConfigError> {
        let mut c = Config::default();
        if let Ok(v) = std::env::var("GOGC") {
            c.gc_percent = pacing::parse_gogc(&v);
        }
        if let Ok(v) = std::env::var("GOMEMLIMIT") {
            c.memory_limit = pacing::parse_memory_limit(&v)
                .ok_or_else(|| ConfigError(format!("GOMEMLIMIT={v}: invalid memory limit")))?;
        }
        c.zeal = Zeal::from_env().map_err(|e| ConfigError(e.to_string()))?;
        Ok(c)
    }
}

/// Why an allocation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocError {
    /// The shape id was not registered with this heap.
    UnknownShape,
    /// `alloc` on an array or bytes shape, or `alloc_array` on a fixed shape.
    WrongLayout,
    /// The object would be larger than the heap supports.
    TooLarge,
    /// The object would take the heap past its hard limit (`set_heap_limit`).
    LimitExceeded,
    /// The system refused the memory for a large object.
    OutOfMemory,
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AllocError::UnknownShape => "unknown shape",
            AllocError::WrongLayout => "allocation does not match the shape's layout",
            AllocError::TooLarge => "object too large",
            AllocError::LimitExceeded => "heap limit exceeded",
            AllocError::OutOfMemory => "out of memory",
        })
    }
}

impl std::error::Error for AllocError {}

/// A generational garbage-collected heap. See the crate documentation for the rules.
pub struct Heap {
    pub(crate) nursery: Nursery,
    /// Objects allocated, ever.
    pub(crate) allocs: u64,
    /// `allocs` value at which a zeal mode wants a collection (`u64::MAX`: never).
    pub(crate) zeal_at: u64,
    /// Why the next safepoint should collect, if it should.
    pub(crate) pending: Option<GcCause>,
    pub(crate) old: OldGen,
    pub(crate) shapes: Vec<Shape>,
    /// Old objects that may hold young references; each has the REMEMBERED bit.
    pub(crate) remset: Vec<GcRef>,
    /// Young external-storage objects, to finalise those that die in the nursery.
    pub(crate) young_externals: Vec<GcRef>,
    /// Old external-storage objects, so dropping the heap knows whether to look for them.
    pub(crate) old_externals: u64,
    pub(crate) external_bytes: u64,
    pub(crate) handles: Arc<HandleTable>,
    pub(crate) promotion_age: u64,
    pub(crate) gc_percent: i32,
    pub(crate) memory_limit: i64,
    /// The hard limit on heap bytes (`u64::MAX`: none): allocations past it fail.
    pub(crate) heap_limit: u64,
    pub(crate) goal: Goal,
    pub(crate) live_after_major: u64,
    pub(crate) zeal: Zeal,
    pub(crate) zeal_rng: Rng,
    pub(crate) next_full: u64,
    pub(crate) next_random: u64,
    /// Counters; `mem_stats` fills in the derived fields.
    pub(crate) stats: MemStats,
    /// Allocations that went straight to the old generation.
    pub(crate) old_direct_allocs: u64,
    pub(crate) allocs_at_minor: u64,
    pub(crate) old_direct_at_minor: u64,
    /// Objects in the survivor space.
    pub(crate) survivor_objects: u64,
    pub(crate) gc_time: Duration,
    pub(crate) created: Instant,
    pub(crate) hook: Option<EventHook>,
    /// Scratch work list reused by collections.
    pub(crate) work: Vec<usize>,
}

// SAFETY: the raw pointers inside (the nursery block, old-generation chunks and free lists)
// point at memory the heap allocated and owns exclusively; nothing outside the heap holds a
// Rust pointer into it (hosts hold `GcRef` numbers and handles, which are only dereferenced
// through the heap), so moving the heap to another thread moves that memory's only owner.
// The heap is not `Sync`: all access goes through `&mut Heap` or `&Heap` on one thread.
unsafe impl Send for Heap {}

impl Default for Heap {
    fn default() -> Heap {
        Heap::new(Config::default())
    }
}

impl Heap {
    /// A heap with the given settings.
    pub fn new(config: Config) -> Heap {
        let eden = config.zeal.nursery_bytes.unwrap_or(config.nursery_bytes);
        let promotion_age = config.promotion_age.clamp(1, 2) as u64;
        let survivor = if promotion_age > 1 { eden / 4 } else { 0 };
        let mut nursery = Nursery::new(eden, survivor);
        nursery.set_limit(pacing::first_eden_limit(nursery.eden_bytes() as u64) as usize);
        let seed = config.zeal.random.map_or(0, |(_, s)| s);
        let mut heap = Heap {
            goal: pacing::goal(
                0,
                config.gc_percent,
                config.memory_limit,
                nursery.capacity() as u64,
            ),
            nursery,
            allocs: 0,
            zeal_at: u64::MAX,
            pending: None,
            old: OldGen::new(),
            shapes: Vec::new(),
            remset: Vec::new(),
            young_externals: Vec::new(),
            old_externals: 0,
            external_bytes: 0,
            handles: Arc::default(),
            promotion_age,
            gc_percent: config.gc_percent,
            memory_limit: config.memory_limit,
            heap_limit: u64::MAX,
            live_after_major: 0,
            zeal: config.zeal,
            zeal_rng: Rng::new(seed),
            next_full: u64::MAX,
            next_random: u64::MAX,
            stats: MemStats::default(),
            old_direct_allocs: 0,
            allocs_at_minor: 0,
            old_direct_at_minor: 0,
            survivor_objects: 0,
            gc_time: Duration::ZERO,
            created: Instant::now(),
            hook: None,
            work: Vec::new(),
        };
        heap.schedule_zeal();
        heap
    }

    /// Registers a shape; objects of it are allocated with the returned id.
    pub fn register_shape(&mut self, shape: Shape) -> Result<ShapeId, ShapeError> {
        shape.validate()?;
        if self.shapes.len() >= MAX_SHAPES {
            return Err(ShapeError::TooManyShapes);
        }
        self.shapes.push(shape);
        Ok(ShapeId((self.shapes.len() - 1) as u32))
    }

    /// The shape registered under `id`.
    pub fn shape(&self, id: ShapeId) -> Option<&Shape> {
        self.shapes.get(id.0 as usize)
    }

    /// The registered shape `shape`, which must have `layout`.
    #[inline]
    fn shape_of_layout(&self, shape: ShapeId, layout: Layout) -> Result<&Shape, AllocError> {
        let s = self
            .shapes
            .get(shape.0 as usize)
            .ok_or(AllocError::UnknownShape)?;
        if s.layout != layout {
            return Err(AllocError::WrongLayout);
        }
        Ok(s)
    }

    /// Allocates a zeroed object of a fixed or external shape. Never collects.
    #[inline]
    pub fn alloc(&mut self, shape: ShapeId) -> Result<GcRef, AllocError> {
        let s = self.shape_of_layout(shape, Layout::Fixed)?;
        let (words, external) = (1 + s.elem_words as usize, s.external.is_some());
        let r = self.alloc_words(header::make(shape.0, 1), words)?;
        if external {
            self.note_external(r);
        }
        Ok(r)
    }

    /// Allocates a zeroed array of `len` elements, or byte object of `len` bytes. Never
    /// collects.
    #[inline]
    pub fn alloc_array(&mut self, shape: ShapeId, len: usize) -> Result<GcRef, AllocError> {
        let s = self
            .shapes
            .get(shape.0 as usize)
            .ok_or(AllocError::UnknownShape)?;
        if s.layout == Layout::Fixed {
            return Err(AllocError::WrongLayout);
        }
        let len32 = u32::try_from(len).map_err(|_| AllocError::TooLarge)?;
        let payload = s
            .payload_words(len32)
            .filter(|&w| w <= MAX_OBJECT_WORDS)
            .ok_or(AllocError::TooLarge)?;
        self.alloc_words(header::make(shape.0, len32), 1 + payload)
    }

    /// Allocates a byte object holding a copy of `data`. Never collects.
    pub fn alloc_bytes(&mut self, shape: ShapeId, data: &[u8]) -> Result<GcRef, AllocError> {
        if self.shapes.get(shape.0 as usize).map(|s| s.layout) != Some(Layout::Bytes) {
            return Err(AllocError::WrongLayout);
        }
        let r = self.alloc_array(shape, data.len())?;
        // SAFETY: `r` was just allocated with room for `data.len()` bytes after the header,
        // and `data` cannot overlap fresh heap memory.
        unsafe {
            std::ptr::copy_nonoverlapping(data.as_ptr(), r.ptr().add(1) as *mut u8, data.len())
        };
        Ok(r)
    }

    /// Allocates a byte object holding the bytes of the window `first` followed by those of
    /// `second`; a window is `(object, offset, length)`. Never collects, so the windows'
    /// objects stay where they are while their bytes are copied.
    ///
    /// # Safety
    /// A window of nonzero length must lie within the bytes of a live byte object of this
    /// heap, valid now.
    #[inline]
    pub unsafe fn alloc_bytes_joined(
        &mut self,
        shape: ShapeId,
        first: (GcRef, usize, usize),
        second: (GcRef, usize, usize),
    ) -> Result<GcRef, AllocError> {
        self.shape_of_layout(shape, Layout::Bytes)?;
        let len = first.2 + second.2;
        let len32 = u32::try_from(len).map_err(|_| AllocError::TooLarge)?;
        let payload = len.div_ceil(8);
        if payload == 0 || payload > MAX_OBJECT_WORDS {
            return self.alloc_array(shape, len);
        }
        let r = self.alloc_words_unzeroed(header::make(shape.0, len32), 1 + payload)?;
        // SAFETY: `r` was just allocated with `payload` words after the header; its last word
        // is zeroed (the padding after the bytes), then the windows, which the caller
        // guarantees readable and which cannot overlap fresh memory, fill the bytes.
        unsafe {
            let dst = r.ptr().add(1) as *mut u8;
            r.ptr().add(payload).write(0);
            copy_bytes(window_start(first), dst, first.2);
            copy_bytes(window_start(second), dst.add(first.2), second.2);
        }
        Ok(r)
    }

    /// Bump allocation in eden, or the slow path. `words` includes the header.
    #[inline]
    fn alloc_words(&mut self, header: u64, words: usize) -> Result<GcRef, AllocError> {
        let r = self.alloc_words_unzeroed(header, words)?;
        // SAFETY: `r` was just allocated with `words - 1` payload words.
        unsafe { std::ptr::write_bytes(r.ptr().add(1), 0, words - 1) };
        Ok(r)
    }

    /// As `alloc_words`, but the payload of an object in eden is left as it was: the caller
    /// writes every word before the next safepoint.
    #[inline]
    fn alloc_words_unzeroed(&mut self, header: u64, words: usize) -> Result<GcRef, AllocError> {
        let top = self.nursery.top;
        let bytes = words * 8;
        if words <= MAX_YOUNG_WORDS && bytes <= self.nursery.limit - top {
            self.allocs += 1;
            self.nursery.top = top + bytes;
            let p = top as *mut u64;
            // SAFETY: `[top, top + bytes)` lies inside eden (checked just above) and is free:
            // eden above `top` holds no object.
            unsafe { p.write(header) };
            return Ok(GcRef(top as u64));
        }
        self.alloc_slow(header, words)
    }

    /// Allocation in the old generation: a large object, or any object once eden is full.
    /// A full eden asks the next safepoint for a minor collection.
    /// Fails when the object would take the heap past its hard limit.
    #[cold]
    fn alloc_slow(&mut self, header: u64, words: usize) -> Result<GcRef, AllocError> {
        if self.over_heap_limit(words as u64 * 8) {
            return Err(AllocError::LimitExceeded);
        }
        self.allocs += 1;
        if words <= MAX_YOUNG_WORDS && self.collection_enabled() && self.pending.is_none() {
            self.pending = Some(GcCause::NurseryFull);
        }
        self.old_direct_allocs += 1;
        self.stats.total_alloc += words as u64 * 8;
        let (p, header) = if words <= MAX_SMALL_WORDS {
            (self.old.alloc(words), header)
        } else if self.shapes[header::shape(header)].cardable() {
            (self.alloc_carded(words)?, header | CARDED)
        } else {
            (self.old.alloc_large(words, 0)?, header)
        };
        // SAFETY: the old generation returned room for `words` words that nothing else uses.
        unsafe {
            p.write(header);
            std::ptr::write_bytes(p.add(1), 0, words - 1);
        }
        self.check_goal();
        Ok(GcRef(p as u64))
    }

    /// Room for a large object of `words` words with an empty card table in front.
    fn alloc_carded(&mut self, words: usize) -> Result<*mut u64, AllocError> {
        let n = cards::count(words - 1);
        let p = self.old.alloc_large(words, cards::prefix_words(n))?;
        // SAFETY: `alloc_large` reserved `prefix_words(n)` words before `p` for us.
        unsafe { cards::init(p, n) };
        Ok(p)
    }

    /// True when `extra` more bytes in the old generation would pass the hard limit (the
    /// nursery counts whole). Hosts ask before building a large value outside the heap.
    pub fn over_heap_limit(&self, extra: u64) -> bool {
        let used = self.nursery.capacity() as u64 + self.paced_bytes();
        used.saturating_add(extra) > self.heap_limit
    }

    fn note_external(&mut self, r: GcRef) {
        if self.is_young(r) {
            self.young_externals.push(r);
        } else {
            self.old_externals += 1;
        }
    }

    /// True when automatic collection is on (GOGC ≥ 0 or a memory limit is set).
    pub(crate) fn collection_enabled(&self) -> bool {
        self.gc_percent >= 0 || self.pacing_limit() != NO_MEMORY_LIMIT
    }

    /// The soft limit pacing works toward: the memory limit, or seven eighths of the hard
    /// heap limit when that is lower, so collections run before allocations fail.
    fn pacing_limit(&self) -> i64 {
        if self.heap_limit == u64::MAX {
            return self.memory_limit;
        }
        let soft = self.heap_limit - self.heap_limit / 8;
        self.memory_limit
            .min(i64::try_from(soft).unwrap_or(i64::MAX))
    }

    /// Bytes that count toward the major-collection goal.
    pub(crate) fn paced_bytes(&self) -> u64 {
        self.old.allocated_bytes + self.external_bytes
    }

    /// Asks the next safepoint for a major collection when the heap reached its goal.
    pub(crate) fn check_goal(&mut self) {
        if self.paced_bytes() >= self.goal.bytes && self.collection_enabled() {
            self.pending = Some(if self.goal.by_limit {
                GcCause::MemoryLimit
            } else {
                GcCause::HeapGoal
            });
        }
    }

    pub(crate) fn recompute_goal(&mut self) {
        let fixed = self.nursery.capacity() as u64;
        self.goal = pacing::goal(
            self.live_after_major,
            self.gc_percent,
            self.pacing_limit(),
            fixed,
        );
    }

    /// True when `r` is in the nursery (null is not).
    #[inline]
    pub fn is_young(&self, r: GcRef) -> bool {
        self.nursery.contains(r.0 as usize)
    }

    /// Reports outside bytes gained (positive) or released (negative) by external-storage
    /// objects, outside their finalisers. They count toward the heap size and the goal.
    pub fn adjust_external_bytes(&mut self, delta: i64) {
        self.external_bytes = self.external_bytes.saturating_add_signed(delta);
        self.check_goal();
    }

    /// Go's `debug.SetGCPercent`: sets GOGC (negative turns automatic collection off) and
    /// returns the previous value.
    pub fn set_gc_percent(&mut self, percent: i32) -> i32 {
        let prev = std::mem::replace(&mut self.gc_percent, percent);
        self.recompute_goal();
        self.check_goal();
        prev
    }

    /// Go's `debug.SetMemoryLimit`: sets the soft limit in bytes and returns the previous
    /// one; a negative value only reads it. `i64::MAX` means no limit.
    pub fn set_memory_limit(&mut self, limit: i64) -> i64 {
        if limit < 0 {
            return self.memory_limit;
        }
        let prev = std::mem::replace(&mut self.memory_limit, limit);
        self.recompute_goal();
        self.check_goal();
        prev
    }

    /// Sets the hard limit on heap bytes (nursery, old generation and outside bytes):
    /// allocations that would pass it fail with `AllocError::LimitExceeded`, and collections
    /// are paced to run before it is reached. `None` removes the limit.
    pub fn set_heap_limit(&mut self, bytes: Option<u64>) {
        self.heap_limit = bytes.unwrap_or(u64::MAX);
        self.recompute_goal();
        self.check_goal();
    }

    /// Installs (or removes) the callback run after every collection.
    pub fn set_event_hook(&mut self, hook: Option<EventHook>) {
        self.hook = hook;
    }

    /// Current statistics.
    pub fn mem_stats(&self) -> MemStats {
        let mut s = self.stats.clone();
        let young = self.nursery.used_bytes() as u64;
        s.total_alloc += (self.nursery.top - self.nursery.eden_start) as u64;
        s.mallocs = self.allocs;
        s.heap_objects = s.mallocs - s.frees;
        s.heap_alloc = young + self.old.allocated_bytes + self.external_bytes;
        s.heap_sys = self.nursery.capacity() as u64 + self.old.sys_bytes + self.external_bytes;
        s.heap_idle = self.old.idle_bytes.min(self.old.sys_bytes);
        s.heap_inuse = s.heap_sys - s.heap_idle;
        s.next_gc = self.goal.bytes;
        let elapsed = self.created.elapsed().as_secs_f64();
        s.gc_cpu_fraction = if elapsed > 0.0 {
            self.gc_time.as_secs_f64() / elapsed
        } else {
            0.0
        };
        s.external_bytes = self.external_bytes;
        s.nursery_bytes = self.nursery.eden_bytes() as u64;
        s
    }

    /// The current GOGC percent.
    pub fn gc_percent(&self) -> i32 {
        self.gc_percent
    }

    /// The zeal modes this heap runs with.
    pub fn zeal(&self) -> &Zeal {
        &self.zeal
    }

    // ----- handles -----

    /// Roots `r` until the returned handle is dropped.
    ///
    /// # Safety
    /// `r` must be null or a reference to a live object of this heap, valid now (see the
    /// safepoint rule in the crate docs).
    pub unsafe fn handle(&self, r: GcRef) -> Handle {
        debug_assert!(r.is_null() || self.debug_check(r));
        new_handle(&self.handles, r)
    }

    /// Handles currently alive.
    pub fn handle_count(&self) -> usize {
        self.handles.live_count()
    }

    /// The object behind a handle of this heap, if it is one and not null.
    fn handle_target(&self, h: &Handle) -> Option<GcRef> {
        let r = h.get();
        (h.belongs_to(&self.handles) && !r.is_null()).then_some(r)
    }

    /// Reads payload word `i` of a handle's object; `None` when out of range or not this
    /// heap's handle. Safe: handles always point at live objects.
    pub fn get(&self, h: &Handle, i: usize) -> Option<u64> {
        let r = self.handle_target(h)?;
        // SAFETY: handles are roots, so `r` is a live object of this heap, updated by every
        // collection; `i` is checked against its payload size.
        unsafe { (i < self.payload_words(r)).then(|| self.load(r, i)) }
    }

    /// The byte data of a handle's byte object.
    pub fn get_bytes(&self, h: &Handle) -> Option<&[u8]> {
        let r = self.handle_target(h)?;
        // SAFETY: as in `get`; the layout is checked before viewing the payload as bytes.
        unsafe { (self.shape_of_ref(r).layout == Layout::Bytes).then(|| self.bytes(r)) }
    }

    /// Writes a scalar into payload word `i` of a handle's object. Refused (false) for
    /// reference slots and for the tag words that decide whether a `TaggedRef` is one.
    pub fn set_scalar(&mut self, h: &Handle, i: usize, value: u64) -> bool {
        let Some(r) = self.handle_target(h) else {
            return false;
        };
        // SAFETY: as in `get`.
        let ok = unsafe {
            i < self.payload_words(r)
                && self.slot_kind(r, i) == Slot::Scalar
                && !self.is_tag_word(r, i)
        };
        if ok {
            // SAFETY: as in `get`, and the slot holds no reference before or after the write.
            unsafe { self.store(r, i, value) };
        }
        ok
    }

    /// Stores a reference (or null) into `Ref` slot `i` of a handle's object, with the
    /// write barrier. Refused (false) for other slots or foreign handles.
    pub fn set_ref(&mut self, h: &Handle, i: usize, value: Option<&Handle>) -> bool {
        let Some(r) = self.handle_target(h) else {
            return false;
        };
        let v = match value {
            Some(v) if !v.belongs_to(&self.handles) => return false,
            Some(v) => v.get(),
            None => GcRef::NULL,
        };
        // SAFETY: as in `get`; `v` comes from a handle of this heap, so it is live too.
        let ok = unsafe { i < self.payload_words(r) && self.slot_kind(r, i) == Slot::Ref };
        if ok {
            // SAFETY: as above.
            unsafe { self.store_ref(r, i, v) };
        }
        ok
    }

    // ----- raw access (unsafe: the safepoint rule) -----

    /// The shape of the object at `r`.
    ///
    /// # Safety
    /// `r` must reference a live object of this heap, valid now (see the crate docs).
    #[inline]
    pub unsafe fn shape_id(&self, r: GcRef) -> ShapeId {
        // SAFETY: the caller guarantees `r` is a live object, which starts with its header.
        ShapeId(header::shape(unsafe { *r.ptr() }) as u32)
    }

    /// The length in the object's header: elements of an array, bytes of a byte object,
    /// 1 for a fixed shape.
    ///
    /// # Safety
    /// As for [`Heap::shape_id`].
    #[inline]
    pub unsafe fn len(&self, r: GcRef) -> usize {
        // SAFETY: the caller guarantees `r` is a live object, which starts with its header.
        header::len(unsafe { *r.ptr() }) as usize
    }

    /// Payload words of the object at `r`.
    ///
    /// # Safety
    /// As for [`Heap::shape_id`].
    pub unsafe fn payload_words(&self, r: GcRef) -> usize {
        // SAFETY: the caller guarantees `r` is a live object, which starts with its header.
        let h = unsafe { *r.ptr() };
        self.shapes[header::shape(h)]
            .payload_words(header::len(h))
            .unwrap_or(0)
    }

    /// Reads payload word `i`.
    ///
    /// # Safety
    /// `r` must reference a live object of this heap, valid now, and `i` must be below its
    /// payload size.
    #[inline]
    pub unsafe fn load(&self, r: GcRef, i: usize) -> u64 {
        debug_assert!(self.debug_check_index(r, i));
        // SAFETY: the caller guarantees word `i` of a live object's payload.
        unsafe { *r.ptr().add(1 + i) }
    }

    /// Reads payload word `i` as a reference.
    ///
    /// # Safety
    /// As for [`Heap::load`].
    #[inline]
    pub unsafe fn load_ref(&self, r: GcRef, i: usize) -> GcRef {
        // SAFETY: forwarded from the caller.
        GcRef(unsafe { self.load(r, i) })
    }

    /// Writes a scalar into payload word `i` (no barrier).
    ///
    /// # Safety
    /// As for [`Heap::load`]; the word must not be a reference slot (use
    /// [`Heap::store_ref`]), and writing a tag word must leave its `TaggedRef` word valid.
    #[inline]
    pub unsafe fn store(&mut self, r: GcRef, i: usize, value: u64) {
        debug_assert!(self.debug_check_index(r, i));
        // SAFETY: the caller guarantees word `i` of a live object's payload.
        unsafe { *r.ptr().add(1 + i) = value };
    }

    /// Writes a reference (or null) into payload word `i` and runs the write barrier.
    ///
    /// # Safety
    /// As for [`Heap::load`]; `value` must be null or a live object of this heap.
    #[inline]
    pub unsafe fn store_ref(&mut self, r: GcRef, i: usize, value: GcRef) {
        debug_assert!(self.debug_check_index(r, i));
        // SAFETY: the caller guarantees word `i` of a live object's payload.
        unsafe { *r.ptr().add(1 + i) = value.0 };
        // SAFETY: forwarded from the caller.
        unsafe { self.write_barrier_at(r, i, value.0) };
    }

    /// The payload words of the object at `r`. Writing references through
    /// [`Heap::payload_mut`] needs a [`Heap::write_barrier`] call per reference.
    ///
    /// # Safety
    /// `r` must reference a live object of this heap, valid now.
    pub unsafe fn payload(&self, r: GcRef) -> &[u64] {
        // SAFETY: forwarded from the caller.
        let n = unsafe { self.payload_words(r) };
        // SAFETY: a live object's payload is the `n` words after its header; the shared
        // borrow of the heap keeps collections and writes away while the slice lives.
        unsafe { std::slice::from_raw_parts(r.ptr().add(1), n) }
    }

    /// The payload words of the object at `r`, writable.
    ///
    /// # Safety
    /// As for [`Heap::payload`]; every reference written must be followed by
    /// `write_barrier(r, value)` before the next safepoint.
    pub unsafe fn payload_mut(&mut self, r: GcRef) -> &mut [u64] {
        // SAFETY: forwarded from the caller.
        let n = unsafe { self.payload_words(r) };
        // SAFETY: as in `payload`; the exclusive borrow of the heap makes the slice unique.
        unsafe { std::slice::from_raw_parts_mut(r.ptr().add(1), n) }
    }

    /// The bytes of a byte object.
    ///
    /// # Safety
    /// `r` must reference a live byte object of this heap, valid now.
    pub unsafe fn bytes(&self, r: GcRef) -> &[u8] {
        // SAFETY: forwarded from the caller.
        let n = unsafe { self.len(r) };
        // SAFETY: a byte object's payload holds `len` bytes after the header.
        unsafe { std::slice::from_raw_parts(r.ptr().add(1) as *const u8, n) }
    }

    /// The bytes of a byte object, writable.
    ///
    /// # Safety
    /// As for [`Heap::bytes`].
    pub unsafe fn bytes_mut(&mut self, r: GcRef) -> &mut [u8] {
        // SAFETY: forwarded from the caller.
        let n = unsafe { self.len(r) };
        // SAFETY: as in `bytes`; the exclusive borrow of the heap makes the slice unique.
        unsafe { std::slice::from_raw_parts_mut(r.ptr().add(1) as *mut u8, n) }
    }

    /// Swaps payload words `i` and `j` of `obj`, running the barrier for both: a young
    /// reference moved to another card of a large array must get that card marked.
    ///
    /// # Safety
    /// `obj` must be a live object of this heap, valid now, with `i` and `j` in its payload
    /// and of the same slot kind.
    #[inline]
    pub unsafe fn swap_words(&mut self, obj: GcRef, i: usize, j: usize) {
        // SAFETY: forwarded from the caller.
        unsafe {
            let (x, y) = (self.load(obj, i), self.load(obj, j));
            self.store(obj, i, y);
            self.write_barrier_at(obj, i, y);
            self.store(obj, j, x);
            self.write_barrier_at(obj, j, x);
        }
    }

    /// Copies `n` payload words from `src` (from word `src_at`) to `dst` (from word
    /// `dst_at`), like `memmove`, then runs the barrier for every copied word that is young.
    /// This is Go's `copy` and `append` for any element type.
    ///
    /// # Safety
    /// Both must be live objects of this heap, valid now, with both ranges in bounds, and
    /// the copied words must keep `dst`'s reference slots valid (same element layout).
    pub unsafe fn copy_words(
        &mut self,
        dst: GcRef,
        dst_at: usize,
        src: GcRef,
        src_at: usize,
        n: usize,
    ) {
        if n == 0 {
            return;
        }
        debug_assert!(
            self.debug_check_index(dst, dst_at + n - 1)
                && self.debug_check_index(src, src_at + n - 1)
        );
        // SAFETY: the caller guarantees both ranges lie in live payloads; `copy` allows overlap.
        unsafe { std::ptr::copy(src.ptr().add(1 + src_at), dst.ptr().add(1 + dst_at), n) };
        if self.is_young(dst) {
            return;
        }
        for k in 0..n {
            // SAFETY: word `dst_at + k` was just written and lies in `dst`'s payload.
            let w = unsafe { *dst.ptr().add(1 + dst_at + k) };
            // SAFETY: `dst` is live (caller) and `dst_at + k` in bounds.
            unsafe { self.write_barrier_at(dst, dst_at + k, w) };
        }
    }

    // ----- helpers -----

    /// The shape of a live object.
    ///
    /// # Safety
    /// `r` must reference a live object of this heap.
    unsafe fn shape_of_ref(&self, r: GcRef) -> &Shape {
        // SAFETY: forwarded from the caller.
        &self.shapes[unsafe { self.shape_id(r) }.0 as usize]
    }

    /// What payload word `i` of a live fixed or array object holds.
    ///
    /// # Safety
    /// `r` must reference a live object of this heap and `i` be in bounds.
    unsafe fn slot_kind(&self, r: GcRef, i: usize) -> Slot {
        // SAFETY: forwarded from the caller.
        let s = unsafe { self.shape_of_ref(r) };
        if s.elem_words == 0 {
            return Slot::Scalar;
        }
        let off = (i % s.elem_words as usize) as u32;
        if s.refs.contains(&off) {
            Slot::Ref
        } else if s.tagged.contains(&off) {
            Slot::TaggedRef
        } else {
            Slot::Scalar
        }
    }

    /// True when payload word `i` decides whether word `i + 1` is a reference.
    ///
    /// # Safety
    /// As for `slot_kind`.
    unsafe fn is_tag_word(&self, r: GcRef, i: usize) -> bool {
        // SAFETY: forwarded from the caller.
        let s = unsafe { self.shape_of_ref(r) };
        s.elem_words != 0 && s.tagged.contains(&((i % s.elem_words as usize) as u32 + 1))
    }

    /// Debug check that `r` looks like a live object: a header with a registered shape.
    pub(crate) fn debug_check(&self, r: GcRef) -> bool {
        if r.is_null() || !r.0.is_multiple_of(8) {
            return false;
        }
        // SAFETY: debug-only check on a reference the caller already promised is live.
        let h = unsafe { *r.ptr() };
        !header::is_forwarded(h) && header::shape(h) < self.shapes.len()
    }

    fn debug_check_index(&self, r: GcRef, i: usize) -> bool {
        // SAFETY: `debug_check` succeeded, so the header is readable and describes the object.
        self.debug_check(r) && i < unsafe { self.payload_words(r) }
    }
}

/// Runs the finaliser of the object at `obj` if its shape has one; returns the outside
/// bytes it released.
///
/// # Safety
/// `obj` must be an object (live or dead but not yet freed) of a shape in `shapes`, and its
/// payload must not be referenced elsewhere during the call.
pub(crate) unsafe fn finalize(shapes: &[Shape], obj: *mut u64) -> u64 {
    // SAFETY: the caller guarantees `obj` starts an object.
    let h = unsafe { *obj };
    let shape = &shapes[header::shape(h)];
    let Some((_, fin)) = shape.external else {
        return 0;
    };
    let words = shape.payload_words(header::len(h)).unwrap_or(0);
    // SAFETY: the payload is the `words` words after the header, exclusively ours here.
    let payload = unsafe { std::slice::from_raw_parts_mut(obj.add(1), words) };
    fin(payload) as u64
}

impl Drop for Heap {
    /// Runs the finaliser of every external-storage object still in the heap; the nursery
    /// and old generation then free their memory.
    fn drop(&mut self) {
        for r in std::mem::take(&mut self.young_externals) {
            // SAFETY: the list holds current addresses of young external objects.
            unsafe { finalize(&self.shapes, r.ptr()) };
        }
        if self.old_externals > 0 {
            let shapes = &self.shapes;
            self.old.for_each_object(|p| {
                // SAFETY: `p` is an allocated old object; the heap is going away, so
                // nothing else uses it.
                unsafe { finalize(shapes, p) };
            });
        }
    }
}

/// The address of a `(byte object, offset, length)` window's first byte.
///
/// # Safety
/// A window of nonzero length must lie within a live byte object's bytes.
#[inline]
unsafe fn window_start(w: (GcRef, usize, usize)) -> *const u8 {
    if w.2 == 0 {
        return std::ptr::null();
    }
    // SAFETY: the caller guarantees the window lies within the object's bytes, which start
    // after its header word.
    unsafe { (w.0.ptr().add(1) as *const u8).add(w.1) }
}

/// Copies `n` bytes; a string's few bytes are copied in at most three moves instead of a
/// call of `memcpy`.
///
/// # Safety
/// `src` must be readable and `dst` writable for `n` bytes, not overlapping.
#[inline]
unsafe fn copy_bytes(src: *const u8, dst: *mut u8, n: usize) {
    if n >= 8 {
        // SAFETY: forwarded from the caller.
        unsafe { std::ptr::copy_nonoverlapping(src, dst, n) };
        return;
    }
    let mut at = 0;
    // SAFETY: each move stays below `n` bytes from both pointers.
    unsafe {
        if n & 4 != 0 {
            std::ptr::copy_nonoverlapping(src, dst, 4);
            at = 4;
        }
        if n & 2 != 0 {
            std::ptr::copy_nonoverlapping(src.add(at), dst.add(at), 2);
            at += 2;
        }
        if n & 1 != 0 {
            *dst.add(at) = *src.add(at);
        }
    }
}
