//! Totals over a run's collections: counts by kind, pause percentiles, promoted bytes. The
//! `-gcstats` table and the summary line of `-gclog` are built from them.

use std::time::Duration;

use mini_gc::{GcEvent, GcKind};

/// Pause statistics of one kind of collection (or all), in nanoseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Pauses {
    pub count: usize,
    pub total: u64,
    pub p50: u64,
    pub p99: u64,
    pub max: u64,
}

/// What the collector did during a run.
#[derive(Default)]
pub(crate) struct Summary {
    /// Every pause, by kind.
    minor: Vec<u64>,
    major: Vec<u64>,
    forced: Vec<u64>,
    pub promoted: u64,
    pub freed_objects: u64,
}

/// The run-wide numbers that come from the heap and the VM rather than from events.
pub(crate) struct Totals {
    pub elapsed: Duration,
    /// Bytes allocated (Go's `TotalAlloc`).
    pub allocated: u64,
    pub objects: u64,
    /// Heap allocations escape analysis turned into frame slots (0 until it does).
    pub heap_allocs_avoided: u64,
}

impl Summary {
    pub(crate) fn record(&mut self, e: &GcEvent) {
        let ns = u64::try_from(e.pause.as_nanos()).unwrap_or(u64::MAX);
        match e.kind {
            GcKind::Minor => self.minor.push(ns),
            GcKind::Major => self.major.push(ns),
            GcKind::Forced => self.forced.push(ns),
        }
        self.promoted += e.promoted;
        self.freed_objects += e.freed_objects;
    }

    pub(crate) fn count(&self, kind: GcKind) -> usize {
        match kind {
            GcKind::Minor => self.minor.len(),
            GcKind::Major => self.major.len(),
            GcKind::Forced => self.forced.len(),
        }
    }

    /// Pauses of one kind, or of every kind with `None`.
    pub(crate) fn pauses(&self, kind: Option<GcKind>) -> Pauses {
        let mut all: Vec<u64> = match kind {
            Some(GcKind::Minor) => self.minor.clone(),
            Some(GcKind::Major) => self.major.clone(),
            Some(GcKind::Forced) => self.forced.clone(),
            None => [&self.minor, &self.major, &self.forced]
                .into_iter()
                .flatten()
                .copied()
                .collect(),
        };
        all.sort_unstable();
        Pauses {
            count: all.len(),
            total: all.iter().sum(),
            p50: percentile(&all, 50),
            p99: percentile(&all, 99),
            max: all.last().copied().unwrap_or(0),
        }
    }
}

/// The nearest-rank percentile of sorted values (0 for none).
fn percentile(sorted: &[u64], p: usize) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// Bytes per second over `elapsed` (0 for an instant run).
pub(crate) fn rate(bytes: u64, elapsed: Duration) -> f64 {
    let s = elapsed.as_secs_f64();
    if s > 0.0 {
        bytes as f64 / s
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50), 50);
        assert_eq!(percentile(&v, 99), 99);
        assert_eq!(percentile(&[7], 99), 7);
        assert_eq!(percentile(&[], 50), 0);
    }
}
