//! Benchmarks for the heap: bump allocation rate, minor pause, major mark-sweep speed, and
//! the nursery-size sweep used to choose the default. Run with
//! `cargo run --release -p mini-gc --example gc_bench`.

use mini_gc::{Config, GcRef, Heap, RootSet, Shape, Slot, Tracer};
use std::hint::black_box;
use std::time::{Duration, Instant};

struct Roots(Vec<GcRef>);

// SAFETY: the benchmark stores only null or references returned by the heap in these slots.
unsafe impl RootSet for Roots {
    fn visit_roots(&mut self, tracer: &mut Tracer<'_>) {
        for r in &mut self.0 {
            tracer.visit(r);
        }
    }
}

fn heap(nursery: usize) -> Heap {
    Heap::new(Config {
        nursery_bytes: nursery,
        ..Config::default()
    })
}

/// 32-byte objects: header + 3 words, one of them a reference.
fn small_shape(h: &mut Heap) -> mini_gc::ShapeId {
    h.register_shape(Shape::fixed(
        "obj32",
        &[Slot::Ref, Slot::Scalar, Slot::Scalar],
    ))
    .expect("valid shape")
}

fn bump_rate() {
    let mut h = heap(mini_gc::DEFAULT_NURSERY_BYTES);
    let s = small_shape(&mut h);
    let mut roots = Roots(Vec::new());
    let n = 200_000_000u64;
    let t = Instant::now();
    for _ in 0..n {
        let r = h.alloc(s).expect("alloc");
        black_box(r);
        if h.needs_collection() {
            h.collect_if_needed(&mut roots);
        }
    }
    let el = t.elapsed();
    let st = h.mem_stats();
    println!(
        "bump allocation, 32-byte objects, 0% survival: {:.0} M objects/s ({} minor collections included)",
        n as f64 / el.as_secs_f64() / 1e6,
        st.num_minor_gc
    );
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Fills a 4 MiB eden with 32-byte objects, every tenth reachable (half of those through a
/// linked list, half from roots), and times the minor collection.
fn minor_pause(promotion_age: u8) {
    let mut h = Heap::new(Config {
        nursery_bytes: 4 << 20,
        promotion_age,
        ..Config::default()
    });
    let s = small_shape(&mut h);
    let mut pauses = Vec::new();
    let mut survival = 0.0;
    for round in 0..30 {
        let mut roots = Roots(Vec::new());
        let mut prev = GcRef::NULL;
        let mut i = 0u64;
        loop {
            let r = h.alloc(s).expect("alloc");
            if !h.is_young(r) {
                break;
            }
            if i.is_multiple_of(10) {
                if i.is_multiple_of(20) {
                    roots.0.push(r);
                } else {
                    // SAFETY: `r` and `prev` are fresh; no collection since they were made.
                    unsafe { h.store_ref(r, 0, prev) };
                    prev = r;
                }
            }
            i += 1;
        }
        roots.0.push(prev);
        let t = Instant::now();
        h.collect_minor(&mut roots);
        pauses.push(t.elapsed());
        survival = h.mem_stats().nursery_survival_rate;
        if round % 5 == 4 {
            roots.0.clear();
            h.collect(&mut roots);
        }
    }
    let max = *pauses.iter().max().expect("pauses");
    println!(
        "minor pause, 4 MiB eden, {:.0}% survival, promotion age {promotion_age}: median {:.3} ms, max {:.3} ms",
        survival * 100.0,
        median(&mut pauses).as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

/// Builds `mb` MiB of live binary trees in the old generation and times a major collection.
fn major_per_mb(mb: usize) {
    let mut h = heap(mini_gc::DEFAULT_NURSERY_BYTES);
    let node = h
        .register_shape(Shape::fixed("node", &[Slot::Ref, Slot::Ref, Slot::Scalar]))
        .expect("valid shape");
    let mut roots = Roots(vec![GcRef::NULL]);
    let count = (mb << 20) / 32;
    // A complete binary tree laid out breadth-first: node i's children are 2i+1, 2i+2.
    let mut all: Vec<GcRef> = Vec::with_capacity(count);
    for _ in 0..count {
        all.push(h.alloc(node).expect("alloc"));
    }
    for i in 0..count {
        for (slot, c) in [(0, 2 * i + 1), (1, 2 * i + 2)] {
            if c < count {
                // SAFETY: no collection has run since these objects were allocated.
                unsafe { h.store_ref(all[i], slot, all[c]) };
            }
        }
    }
    roots.0[0] = all[0];
    drop(all);
    h.collect(&mut roots);
    let live = h.mem_stats().heap_alloc;
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        h.collect(&mut roots);
        times.push(t.elapsed());
    }
    let t = median(&mut times);
    println!(
        "major mark-sweep, {:.0} MiB live in 32-byte nodes: {:.2} ms, {:.2} ms per MiB live",
        live as f64 / (1 << 20) as f64,
        t.as_secs_f64() * 1e3,
        t.as_secs_f64() * 1e3 / (live as f64 / (1 << 20) as f64)
    );
}

/// A churn workload: build small trees, most dropped at once, while a sliding window of the
/// most recent `window` trees stays alive, for several eden sizes and both promotion ages.
/// Used to choose `DEFAULT_NURSERY_BYTES` and the default promotion age.
fn nursery_sweep(window: usize) {
    println!(
        "nursery sweep (3M trees of 7 nodes, last {window} kept, ~{} KiB live):",
        window * 7 * 32 / 1024
    );
    for age in [1u8, 2] {
        for kib in [256usize, 512, 1024, 2048, 4096, 8192] {
            let mut h = Heap::new(Config {
                nursery_bytes: kib << 10,
                promotion_age: age,
                ..Config::default()
            });
            let node = h
                .register_shape(Shape::fixed("node", &[Slot::Ref, Slot::Ref, Slot::Scalar]))
                .expect("valid shape");
            let minor = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let m = std::sync::Arc::clone(&minor);
            h.set_event_hook(Some(Box::new(move |e: &mini_gc::GcEvent| {
                if e.kind == mini_gc::GcKind::Minor {
                    m.lock().unwrap().push(e.pause);
                }
            })));
            let mut roots = Roots(vec![GcRef::NULL; window]);
            let t = Instant::now();
            for i in 0..3_000_000usize {
                let leaves = [(); 4].map(|_| h.alloc(node).expect("alloc"));
                let a = h.alloc(node).expect("alloc");
                let b = h.alloc(node).expect("alloc");
                let root = h.alloc(node).expect("alloc");
                // SAFETY: no safepoint between these allocations and stores.
                unsafe {
                    h.store_ref(a, 0, leaves[0]);
                    h.store_ref(a, 1, leaves[1]);
                    h.store_ref(b, 0, leaves[2]);
                    h.store_ref(b, 1, leaves[3]);
                    h.store_ref(root, 0, a);
                    h.store_ref(root, 1, b);
                }
                if i.is_multiple_of(10) {
                    roots.0[(i / 10) % window] = root;
                }
                if h.needs_collection() {
                    h.collect_if_needed(&mut roots);
                }
            }
            let el = t.elapsed();
            let s = h.mem_stats();
            let mut pauses = minor.lock().unwrap().clone();
            let max = pauses.iter().max().copied().unwrap_or_default();
            let med = if pauses.is_empty() {
                Duration::ZERO
            } else {
                median(&mut pauses)
            };
            println!(
                "  age {age} eden {kib:>4} KiB: {:>5.0} ms, {:>4} minor (median {:.3} ms, max {:.3} ms) + {:>3} major, promoted {:>5.1} MiB",
                el.as_secs_f64() * 1e3,
                s.num_minor_gc,
                med.as_secs_f64() * 1e3,
                max.as_secs_f64() * 1e3,
                s.num_major_gc,
                s.promoted_bytes as f64 / (1 << 20) as f64
            );
        }
    }
}

fn main() {
    bump_rate();
    minor_pause(1);
    minor_pause(2);
    major_per_mb(64);
    nursery_sweep(1000);
    nursery_sweep(10_000);
}
