//! Pacing: the major-collection goal (Go's GOGC and soft memory limit), the eden size that
//! keeps minor pauses short, and reading the `GOGC` and `GOMEMLIMIT` environment variables.

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

/// Bytes a minor collection should copy at most: about half a millisecond of copying
/// (survivors and promotions together) on the 2-core machine of the benchmarks, where a
/// nursery that was entirely alive (2.6 MiB copied) paused for 1.7 ms.
const MINOR_COPY_BUDGET: u64 = 512 << 10;
/// Eden never shrinks below this, so a program whose young objects all survive does not
/// pay a minor collection's fixed costs (roots, remembered set) too often.
const MIN_EDEN_LIMIT: u64 = 256 << 10;

/// How much of eden to fill before the first minor collection: nothing is known about
/// survival yet, so as much as could be copied within the budget if everything survived.
pub(crate) fn first_eden_limit(capacity: u64) -> u64 {
    MINOR_COPY_BUDGET.min(capacity)
}

/// How much of eden to fill before the next minor collection, after one that copied
/// `copied` of the `collected` young bytes and left `survivors` bytes in the survivor space
/// (copied again by the next one, like the part of eden that survives), with `previous`
/// bytes of eden allowed before it.
///
/// A minor pause is proportional to what it copies, not to eden's size. Assuming the next
/// collection finds the same fraction alive, it copies `copied / collected × (eden +
/// survivors)`; the eden returned keeps that within `MINOR_COPY_BUDGET`, between
/// `MIN_EDEN_LIMIT` and the whole of eden (`capacity`). It at most doubles from one
/// collection to the next, because a nursery found dead says little about the next one: in
/// the benchmarks a long-lived tree was built right after a collection that found nothing
/// alive, and a full eden would have been copied whole. Phases that build long-lived data
/// get more, shorter minor collections; a mostly-dead nursery grows back to all of eden.
pub(crate) fn eden_limit(
    copied: u64,
    collected: u64,
    survivors: u64,
    previous: u64,
    capacity: u64,
) -> u64 {
    let room = if copied == 0 {
        u64::MAX
    } else {
        let r = u128::from(MINOR_COPY_BUDGET) * u128::from(collected) / u128::from(copied);
        u64::try_from(r).unwrap_or(u64::MAX)
    };
    room.saturating_sub(survivors)
        .min(previous.saturating_mul(2))
        .clamp(MIN_EDEN_LIMIT.min(capacity), capacity)
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
    fn eden_shrinks_only_when_much_of_the_nursery_survives() {
        let eden = 2 << 20;
        // 5% alive: all of eden.
        assert_eq!(eden_limit(100 << 10, 2 << 20, 50 << 10, eden, eden), eden);
        assert_eq!(eden_limit(0, 2 << 20, 0, eden, eden), eden);
        // Everything alive: the budget, less the survivors copied again.
        assert_eq!(
            eden_limit(2 << 20, 2 << 20, 256 << 10, eden, eden),
            MINOR_COPY_BUDGET - (256 << 10)
        );
        assert_eq!(
            eden_limit(2 << 20, 2 << 20, 512 << 10, eden, eden),
            MIN_EDEN_LIMIT
        );
        // Half alive: twice the budget, less the survivors.
        assert_eq!(
            eden_limit(1 << 20, 2 << 20, 0, eden, eden),
            2 * MINOR_COPY_BUDGET
        );
        // Growing back: at most twice the previous eden.
        assert_eq!(eden_limit(0, 256 << 10, 0, 256 << 10, eden), 512 << 10);
        // A tiny eden (zeal) is never exceeded.
        assert_eq!(eden_limit(4096, 4096, 0, 4096, 4096), 4096);
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
