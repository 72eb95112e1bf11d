//! `mini run -gcstats`: the summary table printed to stderr at exit.

use std::fmt::Write;

use mini_gc::GcKind;

use super::summary::{rate, Pauses, Summary, Totals};

fn ms(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e6)
}

fn mib(bytes: f64) -> String {
    format!("{:.1} MiB", bytes / f64::from(1 << 20))
}

fn pause_row(out: &mut String, label: &str, p: Pauses) {
    if p.count == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "  {label:<8} {:>8} {:>10} {:>10} {:>10} {:>12}",
        p.count,
        ms(p.p50),
        ms(p.p99),
        ms(p.max),
        ms(p.total)
    );
}

/// The table.
pub(crate) fn render(s: &Summary, t: &Totals) -> String {
    let mut out = String::from("GC summary\n");
    let all = s.pauses(None);
    let _ = writeln!(
        out,
        "  collections {} (minor {}, major {}, forced {}) in {:.3} s",
        all.count,
        s.count(GcKind::Minor),
        s.count(GcKind::Major),
        s.count(GcKind::Forced),
        t.elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "  {:<8} {:>8} {:>10} {:>10} {:>10} {:>12}",
        "pauses", "count", "p50 ms", "p99 ms", "max ms", "total ms"
    );
    pause_row(&mut out, "minor", s.pauses(Some(GcKind::Minor)));
    pause_row(&mut out, "major", s.pauses(Some(GcKind::Major)));
    pause_row(&mut out, "forced", s.pauses(Some(GcKind::Forced)));
    pause_row(&mut out, "all", all);
    let rows = [
        (
            "allocated",
            format!("{} in {} objects", mib(t.allocated as f64), t.objects),
        ),
        ("promoted", mib(s.promoted as f64)),
        (
            "allocation rate",
            format!("{}/s", mib(rate(t.allocated, t.elapsed))),
        ),
        (
            "heap allocations avoided by escape analysis",
            t.heap_allocs_avoided.to_string(),
        ),
    ];
    for (label, value) in rows {
        let _ = writeln!(out, "  {label}: {value}");
    }
    out
}
