//! Major-collection pacing: Go's GOGC goal, the soft memory limit, and reading the `GOGC`
//! and `GOMEMLIMIT` environment variables.

/// Go's minimum heap goal at GOGC=100 (`heapMinimum`), scaled by GOGC like Go does.
const HEAP_MINIMUM: u64 = 4 << 20;
/// The goal always leaves at least this much room above live data, so a heap whose live
/// data exceeds the memory limit does not collect at every safepoint.
const MIN_HEADROOM: u64 = 1 << 20;
/// "No limit", as Go's `debug.SetMemoryLimit` reports it.
pub const NO_MEMORY_LIMIT: i64 = i64::MAX;

/// The next major-collection goal and which setting produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Goal {
    pub(crate) bytes: u64,
    /// True when the memory limit, not GOGC, set the goal.
    pub(crate) by_limit: bool,
}

/// Computes the goal after a major collection that left `live` bytes.
///
/// GOGC: `live × (1 + gc_percent/100)`, at least `4 MiB × gc_percent/100`; a negative
/// percent turns it off. The memory limit caps the goal at `limit - fixed`, where `fixed` is
/// memory the collector cannot shrink (the nursery). With both off there is no goal.
pub(crate) fn goal(live: u64, gc_percent: i32, memory_limit: i64, fixed: u64) -> Goal {
    let by_gogc = if gc_percent < 0 {
        u64::MAX
    } else {
        let pct = gc_percent as u64;
        let grown = live.saturating_add(live.saturating_mul(pct) / 100);
        grown.max(HEAP_MINIMUM.saturating_mul(pct) / 100)
    };
    let by_limit = if memory_limit == NO_MEMORY_LIMIT {
        u64::MAX
    } else {
        (memory_limit.max(0) as u64).saturating_sub(fixed)
    };
    let bytes = by_gogc.min(by_limit);
    if bytes == u64::MAX {
        return Goal {
            bytes,
            by_limit: false,
        };
    }
    Goal {
        bytes: bytes.max(live.saturating_add(MIN_HEADROOM)),
        by_limit: by_limit < by_gogc,
    }
}

/// Parses `GOGC` like Go: `off` is -1, an integer is the percent, anything else is 100.
pub fn parse_gogc(value: &str) -> i32 {
    if value == "off" {
        return -1;
    }
    value.parse().unwrap_or(100)
}

/// Parses `GOMEMLIMIT` like Go: a byte count with an optional unit (`B`, `KiB`, `MiB`,
/// `GiB`, `TiB`), or `off`. Returns `None` when malformed.
pub fn parse_memory_limit(value: &str) -> Option<i64> {
    if value == "off" {
        return Some(NO_MEMORY_LIMIT);
    }
    let digits = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let (num, unit) = value.split_at(digits);
    let n: i64 = num.parse().ok()?;
    let shift = match unit {
        "" | "B" => 0,
        "KiB" => 10,
        "MiB" => 20,
        "GiB" => 30,
        "TiB" => 40,
        _ => return None,
    };
    n.checked_mul(1i64 << shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gogc_goal() {
        assert_eq!(goal(10 << 20, 100, NO_MEMORY_LIMIT, 0).bytes, 20 << 20);
        assert_eq!(goal(10 << 20, 50, NO_MEMORY_LIMIT, 0).bytes, 15 << 20);
        // The minimum heap applies to small live sizes.
        assert_eq!(goal(1000, 100, NO_MEMORY_LIMIT, 0).bytes, 4 << 20);
        assert_eq!(goal(1000, -1, NO_MEMORY_LIMIT, 0).bytes, u64::MAX);
    }

    #[test]
    fn memory_limit_caps_the_goal() {
        let g = goal(10 << 20, 100, 16 << 20, 1 << 20);
        assert_eq!(
            g,
            Goal {
                bytes: 15 << 20,
                by_limit: true
            }
        );
        let off = goal(10 << 20, -1, 32 << 20, 0);
        assert_eq!(
            off,
            Goal {
                bytes: 32 << 20,
                by_limit: true
            }
        );
        // Live data above the limit still leaves headroom.
        assert_eq!(
            goal(40 << 20, 100, 32 << 20, 0).bytes,
            (40 << 20) + MIN_HEADROOM
        );
    }

    #[test]
    fn env_parsing() {
        assert_eq!(parse_gogc("off"), -1);
        assert_eq!(parse_gogc("200"), 200);
        assert_eq!(parse_gogc("junk"), 100);
        assert_eq!(parse_memory_limit("64MiB"), Some(64 << 20));
        assert_eq!(parse_memory_limit("1000"), Some(1000));
        assert_eq!(parse_memory_limit("off"), Some(NO_MEMORY_LIMIT));
        assert_eq!(parse_memory_limit("5XB"), None);
        assert_eq!(parse_memory_limit(""), None);
    }
}
