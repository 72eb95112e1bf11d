//! Safepoints: deciding whether and which collection runs, running it, recording statistics
//! and events, and scheduling zeal collections.

use crate::roots::RootSet;
use crate::stats::{GcCause, GcEvent, GcKind};
use crate::Heap;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

impl Heap {
    /// True when the next safepoint should collect. Cheap enough for every allocating
    /// instruction: one comparison and one load.
    #[inline]
    pub fn needs_collection(&self) -> bool {
        self.pending.is_some() || self.allocs >= self.zeal_at
    }

    /// The safepoint: collects if pacing or zeal asks for it, and returns the kind of the
    /// last collection run. Call it only when every reference the host will use afterwards
    /// is in a slot its `RootSet` visits (or in a handle).
    pub fn collect_if_needed(&mut self, roots: &mut dyn RootSet) -> Option<GcKind> {
        if !self.needs_collection() {
            return None;
        }
        let mut last = None;
        if self.allocs >= self.zeal_at {
            let kind = self.zeal_kind();
            self.run(roots, kind, GcCause::Zeal);
            last = Some(kind);
        } else if let Some(cause) = self.pending {
            let kind = match cause {
                GcCause::NurseryFull | GcCause::Zeal => GcKind::Minor,
                _ => GcKind::Major,
            };
            self.run(roots, kind, cause);
            last = Some(kind);
        }
        // A minor collection can promote the heap past its goal.
        if last == Some(GcKind::Minor) {
            if let Some(cause @ (GcCause::HeapGoal | GcCause::MemoryLimit)) = self.pending {
                self.run(roots, GcKind::Major, cause);
                last = Some(GcKind::Major);
            }
        }
        last
    }

    /// Go's `runtime.GC`: a full (major) collection now.
    pub fn collect(&mut self, roots: &mut dyn RootSet) {
        self.run(roots, GcKind::Forced, GcCause::User);
    }

    /// A minor collection now (tests, benchmarks, and hosts with their own policy).
    pub fn collect_minor(&mut self, roots: &mut dyn RootSet) {
        self.run(roots, GcKind::Minor, GcCause::User);
    }

    /// Go's `debug.FreeOSMemory`: a forced major collection that then returns every empty
    /// chunk to the allocator.
    pub fn free_os_memory(&mut self, roots: &mut dyn RootSet) {
        self.run(roots, GcKind::Forced, GcCause::FreeOsMemory);
    }

    /// Which zeal collection is due: major for `full:N`, random for `random:N,SEED`.
    fn zeal_kind(&mut self) -> GcKind {
        let full_due = self.allocs >= self.next_full;
        let random_major = self.allocs >= self.next_random && self.zeal_rng.below(4) == 0;
        if full_due || random_major {
            GcKind::Major
        } else {
            GcKind::Minor
        }
    }

    /// Sets `zeal_at` (and `pending` for `minor`) for the next zeal collection.
    pub(crate) fn schedule_zeal(&mut self) {
        if let Some(n) = self.zeal.full_every {
            if self.allocs >= self.next_full || self.next_full == u64::MAX {
                self.next_full = self.allocs.saturating_add(n);
            }
        }
        if let Some((n, _)) = self.zeal.random {
            if self.allocs >= self.next_random || self.next_random == u64::MAX {
                let gap = 1 + self.zeal_rng.below(2 * n);
                self.next_random = self.allocs.saturating_add(gap);
            }
        }
        self.zeal_at = self.next_full.min(self.next_random);
        if self.zeal.minor && self.pending.is_none() {
            self.pending = Some(GcCause::Zeal);
        }
    }

    /// Runs one collection with verification (zeal `verify`), statistics and the event.
    fn run(&mut self, roots: &mut dyn RootSet, kind: GcKind, cause: GcCause) {
        roots.before_collection(kind);
        if self.zeal.verify {
            self.verify_or_panic(roots, "before", kind);
        }
        let start = Instant::now();
        let heap_before = self.mem_stats_heap_alloc();
        self.pending = None;
        let (promoted, freed, live) = match kind {
            GcKind::Minor => {
                let m = self.minor(roots, false);
                (
                    m.promoted_bytes,
                    m.freed_objects,
                    m.survived_bytes + m.promoted_bytes,
                )
            }
            GcKind::Major | GcKind::Forced => {
                let m = self.major(roots, cause == GcCause::FreeOsMemory);
                (m.promoted_bytes, m.freed_objects, m.live_bytes)
            }
        };
        let pause = start.elapsed();
        self.gc_time += pause;
        let end_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        self.stats.record_pause(kind, pause, end_ns);
        if kind == GcKind::Minor {
            self.check_goal();
        }
        self.schedule_zeal();
        let event = GcEvent {
            seq: self.stats.num_gc,
            kind,
            cause,
            start: start.duration_since(self.created),
            pause,
            heap_before,
            heap_after: self.mem_stats_heap_alloc(),
            live,
            goal: self.goal.bytes,
            promoted,
            freed_objects: freed,
            survival_rate: self.survival_rate(kind, live, heap_before),
        };
        if let Some(hook) = self.hook.as_mut() {
            hook(&event);
        }
        if self.zeal.verify {
            self.verify_or_panic(roots, "after", kind);
        }
    }

    /// The fraction of the collected bytes found live: the nursery's survivors for a minor
    /// collection, the whole heap's live data for a major one.
    fn survival_rate(&self, kind: GcKind, live: u64, heap_before: u64) -> f64 {
        if kind == GcKind::Minor {
            return self.stats.nursery_survival_rate;
        }
        if heap_before == 0 {
            return 0.0;
        }
        live as f64 / heap_before as f64
    }

    fn mem_stats_heap_alloc(&self) -> u64 {
        self.nursery.used_bytes() as u64 + self.old.allocated_bytes + self.external_bytes
    }

    /// Zeal `verify`: a failed check means a collector bug or a broken host contract (a
    /// missed barrier, an unvisited root), after which memory is no longer trustworthy, so
    /// it stops the program with the report.
    fn verify_or_panic(&mut self, roots: &mut dyn RootSet, when: &str, kind: GcKind) {
        if let Err(e) = self.verify(roots) {
            panic!(
                "MINI_GCZEAL=verify: heap check failed {when} {kind:?} collection #{}:\n{e}",
                self.stats.num_gc + 1
            );
        }
    }
}
