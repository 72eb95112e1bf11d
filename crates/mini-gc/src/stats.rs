//! Statistics in the shape of Go's `runtime.MemStats`, and the per-collection event record.

use std::time::Duration;

/// Which collection ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcKind {
    /// Nursery evacuation only.
    Minor,
    /// Nursery evacuation plus old-generation mark-sweep, triggered by pacing or zeal.
    Major,
    /// A major collection the host asked for (`runtime.GC`, `debug.FreeOSMemory`).
    Forced,
}

/// Why a collection ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcCause {
    /// Eden filled up.
    NurseryFull,
    /// The heap reached the GOGC goal.
    HeapGoal,
    /// The heap reached the soft memory limit before the GOGC goal.
    MemoryLimit,
    /// A `MINI_GCZEAL` mode asked for it.
    Zeal,
    /// The host called `Heap::collect` (`runtime.GC`).
    User,
    /// The host called `Heap::free_os_memory` (`debug.FreeOSMemory`).
    FreeOsMemory,
}

impl GcCause {
    /// A short lower-case name for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            GcCause::NurseryFull => "nursery-full",
            GcCause::HeapGoal => "heap-goal",
            GcCause::MemoryLimit => "memory-limit",
            GcCause::Zeal => "zeal",
            GcCause::User => "user",
            GcCause::FreeOsMemory => "free-os-memory",
        }
    }
}

/// One collection, as reported to the event hook (the VM builds gctrace lines and JSON logs
/// from it). Sizes are bytes; "heap" means `MemStats::heap_alloc`.
#[derive(Clone, Debug)]
pub struct GcEvent {
    /// `num_gc` after this collection (1 for the first).
    pub seq: u32,
    pub kind: GcKind,
    pub cause: GcCause,
    /// When the collection started, measured from the heap's creation.
    pub start: Duration,
    pub pause: Duration,
    pub heap_before: u64,
    pub heap_after: u64,
    /// Bytes found live: survivors of a minor collection, marked old data (plus external
    /// bytes) of a major one.
    pub live: u64,
    /// The major-collection goal (`next_gc`) after this collection.
    pub goal: u64,
    /// Bytes moved from the nursery to the old generation.
    pub promoted: u64,
    /// Objects freed.
    pub freed_objects: u64,
    /// Fraction of the collected bytes that survived: nursery survivors (promoted ones
    /// included) over young bytes for a minor collection, live over `heap_before` for a major.
    pub survival_rate: f64,
}

/// Heap statistics. Field names are Go's `runtime.MemStats` names in snake case (`num_gc` is
/// `NumGC`); the fields after `gc_cpu_fraction` are Mini's additions.
#[derive(Clone, Debug)]
pub struct MemStats {
    /// Cumulative bytes allocated for objects (header included).
    pub total_alloc: u64,
    /// Cumulative objects allocated.
    pub mallocs: u64,
    /// Cumulative objects freed.
    pub frees: u64,
    /// Bytes of allocated objects (live or not yet collected), plus reported external bytes.
    pub heap_alloc: u64,
    /// Bytes obtained for the heap: the nursery block, old chunks and large objects, plus
    /// external bytes.
    pub heap_sys: u64,
    /// Bytes of empty old chunks kept for reuse.
    pub heap_idle: u64,
    /// `heap_sys - heap_idle`.
    pub heap_inuse: u64,
    /// Allocated objects: `mallocs - frees`.
    pub heap_objects: u64,
    /// The heap size at which the next major collection runs.
    pub next_gc: u64,
    /// When the last collection finished, in nanoseconds since the Unix epoch (0: never).
    pub last_gc: u64,
    pub pause_total_ns: u64,
    /// Recent pauses, a ring: the most recent is `pause_ns[(num_gc + 255) % 256]`.
    pub pause_ns: [u64; 256],
    /// When each pause in `pause_ns` ended (Unix nanoseconds), same indexing.
    pub pause_end: [u64; 256],
    /// Collections of any kind.
    pub num_gc: u32,
    /// Collections the host forced.
    pub num_forced_gc: u32,
    /// Fraction of wall time since the heap was created spent collecting.
    pub gc_cpu_fraction: f64,
    pub num_minor_gc: u32,
    /// Major collections, forced ones included.
    pub num_major_gc: u32,
    /// Cumulative bytes promoted from the nursery.
    pub promoted_bytes: u64,
    /// Fraction of nursery bytes that survived the last minor collection (0 before any).
    pub nursery_survival_rate: f64,
    /// Outside bytes reported by external-storage objects (included in `heap_alloc`).
    pub external_bytes: u64,
    /// Eden size in bytes.
    pub nursery_bytes: u64,
}

impl Default for MemStats {
    fn default() -> MemStats {
        MemStats {
            total_alloc: 0,
            mallocs: 0,
            frees: 0,
            heap_alloc: 0,
            heap_sys: 0,
            heap_idle: 0,
            heap_inuse: 0,
            heap_objects: 0,
            next_gc: 0,
            last_gc: 0,
            pause_total_ns: 0,
            pause_ns: [0; 256],
            pause_end: [0; 256],
            num_gc: 0,
            num_forced_gc: 0,
            gc_cpu_fraction: 0.0,
            num_minor_gc: 0,
            num_major_gc: 0,
            promoted_bytes: 0,
            nursery_survival_rate: 0.0,
            external_bytes: 0,
            nursery_bytes: 0,
        }
    }
}

impl MemStats {
    /// Records a finished collection's pause in the counters and the ring.
    pub(crate) fn record_pause(&mut self, kind: GcKind, pause: Duration, end_unix_ns: u64) {
        let ns = u64::try_from(pause.as_nanos()).unwrap_or(u64::MAX);
        let i = self.num_gc as usize % 256;
        self.pause_ns[i] = ns;
        self.pause_end[i] = end_unix_ns;
        self.pause_total_ns = self.pause_total_ns.saturating_add(ns);
        self.num_gc += 1;
        self.last_gc = end_unix_ns;
        match kind {
            GcKind::Minor => self.num_minor_gc += 1,
            GcKind::Major => self.num_major_gc += 1,
            GcKind::Forced => {
                self.num_major_gc += 1;
                self.num_forced_gc += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_ring_wraps() {
        let mut s = MemStats::default();
        for i in 0..300u64 {
            s.record_pause(GcKind::Minor, Duration::from_nanos(i), i);
        }
        assert_eq!(s.num_gc, 300);
        assert_eq!(s.pause_ns[(s.num_gc as usize + 255) % 256], 299);
        assert_eq!(s.pause_total_ns, (0..300).sum::<u64>());
        s.record_pause(GcKind::Forced, Duration::ZERO, 1);
        assert_eq!(
            (s.num_minor_gc, s.num_major_gc, s.num_forced_gc),
            (300, 1, 1)
        );
    }
}
