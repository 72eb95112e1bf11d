//! Watching the collector: `GODEBUG=gctrace=1` lines, the `-gclog` JSON-lines file and the
//! `-gcstats` summary. An `Observer` receives every collection through the heap's event hook.

mod gclog;
mod gctrace;
mod json;
mod summary;
mod table;

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use mini_gc::{GcEvent, MemStats};

use summary::{Summary, Totals};

/// What to report about collections.
#[derive(Default)]
pub struct ObserveOptions {
    /// Go's `GODEBUG=gctrace=1` lines on stderr.
    pub gctrace: bool,
    /// Where `-gclog` writes its JSON lines.
    pub gclog: Option<Box<dyn Write + Send>>,
    /// Keep the totals for the `-gcstats` table.
    pub gcstats: bool,
}

impl ObserveOptions {
    pub(crate) fn any(&self) -> bool {
        self.gctrace || self.gclog.is_some() || self.gcstats
    }
}

/// True when `GODEBUG` (Go's comma-separated `name=value` list) sets `gctrace` to 1 or more.
pub(crate) fn gctrace_from_env() -> bool {
    let Ok(v) = std::env::var("GODEBUG") else {
        return false;
    };
    v.rsplit(',')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "gctrace")
        .is_some_and(|(_, n)| n.parse::<u32>().is_ok_and(|n| n >= 1))
}

/// The state the event hook shares with the VM.
pub(crate) struct Observer {
    options: ObserveOptions,
    started: Instant,
    summary: Summary,
    gc_time: Duration,
    /// Root sizes, updated by the VM before each collection (for gctrace's stacks and globals).
    pub(crate) stack_bytes: u64,
    pub(crate) globals_bytes: u64,
}

/// The observer as the hook and the VM hold it (a mutex so that the VM stays `Send`; only
/// the thread running the VM ever takes it).
pub(crate) type SharedObserver = Arc<Mutex<Observer>>;

/// The observer behind `shared`, even if a panic poisoned the lock (its state is counters and
/// writers, consistent between events).
pub(crate) fn lock(shared: &SharedObserver) -> MutexGuard<'_, Observer> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

impl Observer {
    pub(crate) fn new(options: ObserveOptions, started: Instant) -> Observer {
        Observer {
            options,
            started,
            summary: Summary::default(),
            gc_time: Duration::ZERO,
            stack_bytes: 0,
            globals_bytes: 0,
        }
    }

    /// Reports one collection.
    pub(crate) fn on_event(&mut self, e: &GcEvent) {
        self.gc_time += e.pause;
        self.summary.record(e);
        if self.options.gctrace {
            let cx = gctrace::TraceContext {
                util: self.util_percent(e),
                stack_bytes: self.stack_bytes,
                globals_bytes: self.globals_bytes,
            };
            let _ = std::io::stderr().write_all(gctrace::line(e, &cx).as_bytes());
        }
        if let Some(log) = self.options.gclog.as_mut() {
            let _ = log.write_all(gclog::event_line(e).as_bytes());
        }
    }

    /// Go's GC CPU utilisation: collection time over the time since the program started.
    fn util_percent(&self, e: &GcEvent) -> u64 {
        let elapsed = (e.start + e.pause).as_secs_f64();
        if elapsed <= 0.0 {
            return 0;
        }
        (self.gc_time.as_secs_f64() / elapsed * 100.0) as u64
    }

    /// Ends the run: writes the `-gclog` summary line and returns the `-gcstats` table if
    /// asked for.
    pub(crate) fn finish(&mut self, stats: &MemStats, heap_allocs_avoided: u64) -> Option<String> {
        let totals = Totals {
            elapsed: self.started.elapsed(),
            allocated: stats.total_alloc,
            objects: stats.mallocs,
            heap_allocs_avoided,
        };
        if let Some(mut log) = self.options.gclog.take() {
            let _ = log.write_all(gclog::summary_line(&self.summary, &totals).as_bytes());
            let _ = log.flush();
        }
        self.options
            .gcstats
            .then(|| table::render(&self.summary, &totals))
    }
}
