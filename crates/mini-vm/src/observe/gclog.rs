//! `mini run -gclog=FILE.jsonl`: one JSON object per collection, then one summary object.
//!
//! Collection lines: `index`, `t_ms` (start, since the program started), `kind` (`minor`,
//! `major`, `forced`), `cause`, `pause_ms`, `heap_before`, `heap_after`, `live`, `goal`
//! (bytes; `null` when no goal applies, e.g. GOGC=off), `promoted` (bytes moved to the old
//! generation), `survival_rate`, `freed_objects`. The summary line has `"summary":true`.

use mini_gc::{GcEvent, GcKind};

use super::json::JsonObject;
use super::summary::{rate, Pauses, Summary, Totals};

pub(crate) fn kind_name(k: GcKind) -> &'static str {
    match k {
        GcKind::Minor => "minor",
        GcKind::Major => "major",
        GcKind::Forced => "forced",
    }
}

fn ms(ns: u64) -> f64 {
    ns as f64 / 1e6
}

/// Milliseconds to the nanosecond, without binary noise in the printed digits.
fn ms_of(d: std::time::Duration) -> f64 {
    ms(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// The line for one collection.
pub(crate) fn event_line(e: &GcEvent) -> String {
    JsonObject::new()
        .uint("index", u64::from(e.seq))
        .float("t_ms", ms_of(e.start))
        .str("kind", kind_name(e.kind))
        .str("cause", e.cause.as_str())
        .float("pause_ms", ms_of(e.pause))
        .uint("heap_before", e.heap_before)
        .uint("heap_after", e.heap_after)
        .uint("live", e.live)
        .bytes("goal", e.goal)
        .uint("promoted", e.promoted)
        .float("survival_rate", e.survival_rate)
        .uint("freed_objects", e.freed_objects)
        .line()
}

fn pauses(o: JsonObject, prefix: &str, p: Pauses) -> JsonObject {
    o.float(&format!("{prefix}pause_total_ms"), ms(p.total))
        .float(&format!("{prefix}pause_p50_ms"), ms(p.p50))
        .float(&format!("{prefix}pause_p99_ms"), ms(p.p99))
        .float(&format!("{prefix}pause_max_ms"), ms(p.max))
}

/// The closing summary line.
pub(crate) fn summary_line(s: &Summary, t: &Totals) -> String {
    let o = JsonObject::new()
        .bool("summary", true)
        .uint("collections", s.pauses(None).count as u64)
        .uint("minor", s.count(GcKind::Minor) as u64)
        .uint("major", s.count(GcKind::Major) as u64)
        .uint("forced", s.count(GcKind::Forced) as u64)
        .float("elapsed_ms", ms_of(t.elapsed));
    let o = pauses(o, "", s.pauses(None));
    let o = pauses(o, "minor_", s.pauses(Some(GcKind::Minor)));
    let o = pauses(o, "major_", s.pauses(Some(GcKind::Major)));
    o.uint("allocated", t.allocated)
        .uint("allocated_objects", t.objects)
        .uint("promoted", s.promoted)
        .uint("freed_objects", s.freed_objects)
        .float("alloc_rate_bytes_per_s", rate(t.allocated, t.elapsed))
        .uint("heap_allocs_avoided", t.heap_allocs_avoided)
        .line()
}
