//! Draws a `-gclog` as a self-contained SVG: heap size over time (before and after each
//! collection, and the goal) above the pauses as bars, minor and major collections in
//! different colours, with axes and a legend.

use std::fmt::Write;

use super::parse::{Collection, GcLog};

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 600.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 24.0;
const HEAP_TOP: f64 = 70.0;
const HEAP_BOTTOM: f64 = 350.0;
const PAUSE_TOP: f64 = 410.0;
const PAUSE_BOTTOM: f64 = 540.0;
const MIB: f64 = 1048576.0;

const HEAP_COLOR: &str = "#374151";
const GOAL_COLOR: &str = "#16a34a";

/// The colour of a collection kind.
fn kind_color(kind: &str) -> &'static str {
    match kind {
        "minor" => "#2563eb",
        "major" => "#ea580c",
        _ => "#dc2626",
    }
}

/// A linear map from data to pixels.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn at(self, v: f64) -> f64 {
        self.p0 + (v - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

/// "Nice" tick values (steps of 1, 2 or 5 × 10^k) covering `0..=max`, and the axis end.
fn ticks(max: f64) -> (Vec<f64>, f64) {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let n = (max / step).ceil() as usize;
    let values = (0..=n).map(|i| i as f64 * step).collect();
    (values, n as f64 * step)
}

/// A tick label: no trailing zeros, at most three decimals.
fn label(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG document for `log`, titled `title`.
pub fn render(log: &GcLog, title: &str) -> String {
    let cs = &log.collections;
    let t_end = cs
        .iter()
        .map(|c| c.t_ms + c.pause_ms)
        .fold(log.elapsed_ms.unwrap_or(0.0), f64::max);
    let (x_ticks, x_max) = ticks(t_end);
    let x = Scale {
        d0: 0.0,
        d1: x_max,
        p0: LEFT,
        p1: WIDTH - RIGHT,
    };
    let heap_max = cs
        .iter()
        .flat_map(|c| [c.heap_before, c.heap_after, c.goal.unwrap_or(0.0)])
        .fold(0.0, f64::max)
        / MIB;
    let (heap_ticks, heap_top) = ticks(heap_max * 1.05);
    let y_heap = Scale {
        d0: 0.0,
        d1: heap_top,
        p0: HEAP_BOTTOM,
        p1: HEAP_TOP,
    };
    let pause_max = cs.iter().map(|c| c.pause_ms).fold(0.0, f64::max);
    let (pause_ticks, pause_top) = ticks(pause_max * 1.05);
    let y_pause = Scale {
        d0: 0.0,
        d1: pause_top,
        p0: PAUSE_BOTTOM,
        p1: PAUSE_TOP,
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="28" font-size="16" font-weight="bold">{}</text>"#,
        escape(title)
    );
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="48" fill="#4b5563">{} collections ({} minor, {} major, {} forced)</text>"##,
        cs.len(),
        count(cs, "minor"),
        count(cs, "major"),
        count(cs, "forced")
    );
    axes(&mut out, x, &x_ticks, y_heap, &heap_ticks, "heap (MiB)");
    axes(&mut out, x, &x_ticks, y_pause, &pause_ticks, "pause (ms)");
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">time since start (ms)</text>"#,
        (LEFT + WIDTH - RIGHT) / 2.0,
        PAUSE_BOTTOM + 40.0
    );
    heap_lines(&mut out, cs, x, y_heap);
    pause_bars(&mut out, cs, x, y_pause);
    legend(&mut out);
    out.push_str("</svg>\n");
    out
}

fn count(cs: &[Collection], kind: &str) -> usize {
    cs.iter().filter(|c| c.kind == kind).count()
}

/// Grid lines, tick labels and the axis title of one panel.
fn axes(out: &mut String, x: Scale, x_ticks: &[f64], y: Scale, y_ticks: &[f64], name: &str) {
    for &v in y_ticks {
        let py = y.at(v);
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{py:.1}" x2="{}" y2="{py:.1}" stroke="#e5e7eb"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            py + 4.0,
            label(v)
        );
    }
    for &v in x_ticks {
        let px = x.at(v);
        let _ = writeln!(
            out,
            r##"<line x1="{px:.1}" y1="{}" x2="{px:.1}" y2="{}" stroke="#9ca3af"/><text x="{px:.1}" y="{}" text-anchor="middle">{}</text>"##,
            y.p0,
            y.p0 + 5.0,
            y.p0 + 18.0,
            label(v)
        );
    }
    let _ = writeln!(
        out,
        r##"<path d="M{LEFT} {} V{} H{}" fill="none" stroke="#111827"/>"##,
        y.p1,
        y.p0,
        WIDTH - RIGHT
    );
    let mid = (y.p0 + y.p1) / 2.0;
    let _ = writeln!(
        out,
        r#"<text x="20" y="{mid:.1}" text-anchor="middle" transform="rotate(-90 20 {mid:.1})">{name}</text>"#
    );
}

/// The heap's sawtooth (up to each collection's "before", down to its "after"), the goal
/// as a dashed step line, and a dot per collection in its kind's colour.
fn heap_lines(out: &mut String, cs: &[Collection], x: Scale, y: Scale) {
    // The program starts with an empty heap.
    let mut heap = format!("{:.1},{:.1} ", x.at(0.0), y.at(0.0));
    let mut goal = String::new();
    for c in cs {
        let (x0, x1) = (x.at(c.t_ms), x.at(c.t_ms + c.pause_ms));
        let _ = write!(
            heap,
            "{x0:.1},{:.1} {x1:.1},{:.1} ",
            y.at(c.heap_before / MIB),
            y.at(c.heap_after / MIB)
        );
        if let Some(g) = c.goal {
            let _ = write!(goal, "{x0:.1},{:.1} ", y.at(g / MIB));
        }
    }
    let _ = writeln!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{GOAL_COLOR}" stroke-width="1.5" stroke-dasharray="6 4"/>"#,
        goal.trim_end()
    );
    let _ = writeln!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{HEAP_COLOR}" stroke-width="1.2"/>"#,
        heap.trim_end()
    );
    for c in cs {
        let _ = writeln!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"><title>gc {} ({}): {:.2} -&gt; {:.2} MiB</title></circle>"#,
            x.at(c.t_ms),
            y.at(c.heap_before / MIB),
            kind_color(&c.kind),
            c.index,
            c.kind,
            c.heap_before / MIB,
            c.heap_after / MIB
        );
    }
}

/// One bar per collection, as tall as its pause.
fn pause_bars(out: &mut String, cs: &[Collection], x: Scale, y: Scale) {
    let width = ((x.p1 - x.p0) / cs.len().max(1) as f64 * 0.6).clamp(1.0, 8.0);
    for c in cs {
        let top = y.at(c.pause_ms);
        let _ = writeln!(
            out,
            r#"<rect x="{:.1}" y="{top:.1}" width="{width:.1}" height="{:.1}" fill="{}"><title>gc {} ({}): {:.3} ms</title></rect>"#,
            x.at(c.t_ms) - width / 2.0,
            (y.p0 - top).max(0.5),
            kind_color(&c.kind),
            c.index,
            c.kind,
            c.pause_ms
        );
    }
}

fn legend(out: &mut String) {
    let items = [
        ("heap (before → after each collection)", HEAP_COLOR, false),
        ("goal", GOAL_COLOR, true),
        ("minor", kind_color("minor"), false),
        ("major", kind_color("major"), false),
        ("forced", kind_color("forced"), false),
    ];
    let mut px = WIDTH - RIGHT - 560.0;
    for (name, color, dashed) in items {
        let dash = if dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"<line x1="{px}" y1="44" x2="{}" y2="44" stroke="{color}" stroke-width="3"{dash}/><text x="{}" y="48">{name}</text>"#,
            px + 18.0,
            px + 22.0
        );
        px += 30.0 + 6.5 * name.chars().count() as f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks() {
        assert_eq!(ticks(9.0), (vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0], 10.0));
        assert_eq!(ticks(0.0).1, 1.0);
        assert_eq!(label(0.25), "0.25");
        assert_eq!(label(10.0), "10");
    }
}
