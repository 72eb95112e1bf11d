//! `GODEBUG=gctrace=1`: one line per collection in the format of Go's runtime (`gc 1
//! @0.009s 6%: 0.011+3.1+0.10 ms clock, …`), filled from Mini's collector.
//!
//! Mini collects while the program is stopped, so the whole pause is the first (stop-the-world)
//! clock and CPU field, and the concurrent-phase fields are 0. The heap sizes are before,
//! before (nothing allocates during the pause) and after the collection; one processor (`1 P`).
//! Minor collections end with `(minor)`, like forced ones end with `(forced)`.

use mini_gc::{GcEvent, GcKind};

/// What the line needs beyond the event.
pub(crate) struct TraceContext {
    /// Percent of the time since the program started spent collecting.
    pub util: u64,
    pub stack_bytes: u64,
    pub globals_bytes: u64,
}

/// The trace line for `e`, newline included.
pub(crate) fn line(e: &GcEvent, cx: &TraceContext) -> String {
    let start_ms = u64::try_from(e.start.as_millis()).unwrap_or(u64::MAX);
    let pause = fmt_ns_as_ms(u64::try_from(e.pause.as_nanos()).unwrap_or(u64::MAX));
    let suffix = match e.kind {
        GcKind::Minor => " (minor)",
        GcKind::Major => "",
        GcKind::Forced => " (forced)",
    };
    format!(
        "gc {} @{}s {}%: {pause}+0+0 ms clock, {pause}+0/0/0+0 ms cpu, {}->{}->{} MB, {} MB goal, {} MB stacks, {} MB globals, 1 P{suffix}\n",
        e.seq,
        itoa_div(start_ms, 3),
        cx.util,
        e.heap_before >> 20,
        e.heap_before >> 20,
        e.heap_after >> 20,
        e.goal >> 20,
        cx.stack_bytes >> 20,
        cx.globals_bytes >> 20,
    )
}

/// Go's `fmtNSAsMS`: whole milliseconds from 10 ms, else two significant digits with at most
/// three decimals.
pub(crate) fn fmt_ns_as_ms(ns: u64) -> String {
    if ns >= 10_000_000 {
        return itoa_div(ns / 1_000_000, 0);
    }
    let mut x = ns / 1000;
    if x == 0 {
        return "0".into();
    }
    let mut dec = 3;
    while x >= 100 {
        x /= 10;
        dec -= 1;
    }
    itoa_div(x, dec)
}

/// Go's `itoaDiv`: `val / 10^dec` with `dec` decimals.
pub(crate) fn itoa_div(val: u64, dec: usize) -> String {
    let digits = format!("{val:0width$}", width = dec + 1);
    if dec == 0 {
        return digits;
    }
    let (int, frac) = digits.split_at(digits.len() - dec);
    format!("{int}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mini_gc::GcCause;
    use std::time::Duration;

    #[test]
    fn go_number_formats() {
        assert_eq!(itoa_div(9, 3), "0.009");
        assert_eq!(itoa_div(12345, 3), "12.345");
        assert_eq!(fmt_ns_as_ms(11_000), "0.011");
        assert_eq!(fmt_ns_as_ms(3_100_000), "3.1");
        assert_eq!(fmt_ns_as_ms(100_000), "0.10");
        assert_eq!(fmt_ns_as_ms(25_000_000), "25");
        assert_eq!(fmt_ns_as_ms(999), "0");
    }

    #[test]
    fn a_forced_collection() {
        let e = GcEvent {
            seq: 3,
            kind: GcKind::Forced,
            cause: GcCause::User,
            start: Duration::from_millis(1500),
            pause: Duration::from_micros(420),
            heap_before: 5 << 20,
            heap_after: 2 << 20,
            live: 2 << 20,
            goal: 4 << 20,
            promoted: 0,
            freed_objects: 0,
            survival_rate: 0.4,
        };
        let cx = TraceContext {
            util: 2,
            stack_bytes: 0,
            globals_bytes: 0,
        };
        assert_eq!(
            line(&e, &cx),
            "gc 3 @1.500s 2%: 0.42+0+0 ms clock, 0.42+0/0/0+0 ms cpu, 5->5->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 1 P (forced)\n"
        );
    }
}
