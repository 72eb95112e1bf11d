//! Unit tests of the public heap API: allocation, collection, barrier, handles, externals,
//! pacing settings, statistics, events and the verifier.

mod common;

use common::Roots;
use mini_gc::*;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

fn heap_with(nursery: usize, promotion_age: u8) -> Heap {
    Heap::new(Config {
        nursery_bytes: nursery,
        promotion_age,
        zeal: Zeal::parse("verify").unwrap(),
        ..Config::default()
    })
}

/// Node: [id, ref, ref, data]
fn node_shape(h: &mut Heap) -> ShapeId {
    h.register_shape(Shape::fixed(
        "node",
        &[Slot::Scalar, Slot::Ref, Slot::Ref, Slot::Scalar],
    ))
    .unwrap()
}

#[test]
fn objects_move_and_roots_follow() {
    let mut h = heap_with(4096, 1);
    let node = node_shape(&mut h);
    let a = h.alloc(node).unwrap();
    let b = h.alloc(node).unwrap();
    // SAFETY: `a` and `b` are fresh, and no collection runs until the roots hold them.
    unsafe {
        h.store(a, 0, 111);
        h.store_ref(a, 1, b);
        h.store(b, 3, 222);
    }
    assert!(h.is_young(a));
    let mut roots = Roots(vec![a]);
    h.collect_minor(&mut roots);
    let a2 = roots.0[0];
    assert_ne!(a2, a, "a minor collection moves young survivors");
    assert!(!h.is_young(a2), "promotion age 1 promotes at once");
    // SAFETY: `a2` was just updated by the collection through the root slot.
    unsafe {
        assert_eq!(h.load(a2, 0), 111);
        let b2 = h.load_ref(a2, 1);
        assert!(!b2.is_null() && !h.is_young(b2));
        assert_eq!(h.load(b2, 3), 222);
        assert!(h.load_ref(a2, 2).is_null());
    }
    let s = h.mem_stats();
    assert_eq!((s.num_gc, s.num_minor_gc, s.mallocs, s.frees), (1, 1, 2, 0));
    assert_eq!(s.promoted_bytes, 2 * 40);
}

#[test]
fn promotion_age_two_keeps_survivors_young_once() {
    let mut h = heap_with(4096, 2);
    let node = node_shape(&mut h);
    let mut roots = Roots(vec![h.alloc(node).unwrap()]);
    h.collect_minor(&mut roots);
    assert!(h.is_young(roots.0[0]), "first survival: survivor space");
    h.collect_minor(&mut roots);
    assert!(!h.is_young(roots.0[0]), "second survival: promoted");
}

#[test]
fn unreachable_objects_are_freed() {
    let mut h = heap_with(1 << 16, 1);
    let node = node_shape(&mut h);
    let keep = h.alloc(node).unwrap();
    for _ in 0..100 {
        h.alloc(node).unwrap();
    }
    let mut roots = Roots(vec![keep]);
    h.collect_minor(&mut roots);
    let s = h.mem_stats();
    assert_eq!((s.mallocs, s.frees, s.heap_objects), (101, 100, 1));
    roots.0.clear();
    h.collect(&mut roots);
    let s = h.mem_stats();
    assert_eq!(
        (s.frees, s.heap_objects, s.num_major_gc, s.num_forced_gc),
        (101, 0, 1, 1)
    );
}

#[test]
fn barrier_remembers_old_objects_once_and_keeps_young_referents() {
    let mut h = heap_with(4096, 1);
    let node = node_shape(&mut h);
    let mut roots = Roots(vec![h.alloc(node).unwrap()]);
    h.collect_minor(&mut roots);
    let old = roots.0[0];
    assert!(!h.is_young(old));
    let young = h.alloc(node).unwrap();
    // SAFETY: `old` is current (updated by the last collection), `young` is fresh.
    unsafe {
        h.store(young, 0, 7);
        h.store_ref(old, 1, young);
        h.store_ref(old, 2, young);
    }
    assert_eq!(h.remembered_count(), 1, "remembered once");
    h.collect_minor(&mut roots);
    assert_eq!(h.remembered_count(), 0, "the referent was promoted");
    // SAFETY: `old` does not move; its fields were updated by the collection.
    unsafe {
        let y = h.load_ref(old, 1);
        assert!(!h.is_young(y));
        assert_eq!(h.load_ref(old, 2), y);
        assert_eq!(h.load(y, 0), 7);
    }
}

#[test]
fn verify_catches_a_missing_barrier() {
    let mut h = heap_with(4096, 1);
    let node = node_shape(&mut h);
    let mut roots = Roots(vec![h.alloc(node).unwrap()]);
    h.collect_minor(&mut roots);
    let young = h.alloc(node).unwrap();
    // SAFETY: `roots.0[0]` is current; writing through payload_mut skips the barrier on
    // purpose, which is what the verifier must notice.
    unsafe { h.payload_mut(roots.0[0])[1] = young.to_bits() };
    let err = h.verify(&mut roots).unwrap_err();
    assert!(err.to_string().contains("not remembered"), "{err}");
    // SAFETY: as above; the barrier repairs the invariant.
    unsafe { h.write_barrier(roots.0[0], young) };
    h.verify(&mut roots).unwrap();
}

#[test]
fn verify_catches_a_bad_root() {
    let mut h = heap_with(4096, 1);
    let node = node_shape(&mut h);
    let a = h.alloc(node).unwrap();
    let mut roots = Roots(vec![GcRef::from_bits(a.to_bits() + 8)]);
    let err = h.verify(&mut roots).unwrap_err();
    assert!(err.to_string().contains("root"), "{err}");
}

#[test]
fn full_eden_allocates_old_and_asks_for_a_minor_collection() {
    let mut h = Heap::new(Config {
        nursery_bytes: 1024,
        ..Config::default()
    });
    let node = node_shape(&mut h);
    let mut n = 0;
    loop {
        let r = h.alloc(node).unwrap();
        if !h.is_young(r) {
            break;
        }
        assert!(!h.needs_collection());
        n += 1;
    }
    assert_eq!(
        n,
        1024 / 40,
        "then eden is full and objects are placed in the old generation"
    );
    assert!(h.needs_collection());
    assert_eq!(
        h.collect_if_needed(&mut Roots::default()),
        Some(GcKind::Minor)
    );
    assert!(!h.needs_collection());
}

#[test]
fn gc_percent_off_disables_automatic_collection() {
    let mut h = Heap::new(Config {
        nursery_bytes: 1024,
        gc_percent: -1,
        ..Config::default()
    });
    let node = node_shape(&mut h);
    for _ in 0..10_000 {
        h.alloc(node).unwrap();
    }
    assert!(!h.needs_collection());
    assert_eq!(h.set_gc_percent(100), -1);
    h.alloc(node).unwrap();
    assert!(h.needs_collection(), "eden is still full");
}

#[test]
fn heap_goal_triggers_a_major_collection() {
    let mut h = Heap::new(Config {
        nursery_bytes: 1024,
        gc_percent: 1,
        ..Config::default()
    });
    let arr = h
        .register_shape(Shape::array("words", &[Slot::Scalar]))
        .unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let ev = Arc::clone(&events);
    h.set_event_hook(Some(Box::new(move |e: &GcEvent| {
        ev.lock().unwrap().push(e.clone())
    })));
    // 1% of 4 MiB minimum, but at least 1 MiB above live: a large array of 2 MiB is over.
    h.alloc_array(arr, 256 << 10).unwrap();
    assert!(h.needs_collection());
    assert_eq!(
        h.collect_if_needed(&mut Roots::default()),
        Some(GcKind::Major)
    );
    let events = events.lock().unwrap();
    let e = events.last().unwrap();
    assert_eq!(
        (e.kind, e.cause, e.seq),
        (GcKind::Major, GcCause::HeapGoal, 1)
    );
    assert!(e.heap_before >= 2 << 20 && e.heap_after < 1024);
    assert_eq!(e.goal, 1 << 20);
}

#[test]
fn memory_limit_setting_and_cause() {
    let mut h = Heap::new(Config {
        nursery_bytes: 1024,
        gc_percent: -1,
        ..Config::default()
    });
    assert_eq!(h.set_memory_limit(-1), NO_MEMORY_LIMIT);
    assert_eq!(h.set_memory_limit(3 << 20), NO_MEMORY_LIMIT);
    assert_eq!(h.set_memory_limit(-5), 3 << 20);
    let arr = h
        .register_shape(Shape::array("words", &[Slot::Scalar]))
        .unwrap();
    let causes = Arc::new(Mutex::new(Vec::new()));
    let c = Arc::clone(&causes);
    h.set_event_hook(Some(Box::new(move |e: &GcEvent| {
        c.lock().unwrap().push(e.cause)
    })));
    h.alloc_array(arr, 512 << 10).unwrap();
    h.collect_if_needed(&mut Roots::default());
    assert_eq!(causes.lock().unwrap().as_slice(), &[GcCause::MemoryLimit]);
}

#[test]
fn free_os_memory_releases_empty_chunks() {
    let mut h = heap_with(1024, 1);
    let node = node_shape(&mut h);
    let mut roots = Roots::default();
    for _ in 0..50_000 {
        let r = h.alloc(node).unwrap();
        roots.0.push(r);
        if roots.0.len() == 1000 {
            h.collect_minor(&mut roots);
            roots.0.clear();
        }
    }
    h.collect_minor(&mut roots);
    let before = h.mem_stats().heap_sys;
    roots.0.clear();
    h.free_os_memory(&mut roots);
    let s = h.mem_stats();
    assert!(s.heap_sys < before, "{} !< {before}", s.heap_sys);
    assert_eq!(s.heap_objects, 0);
    assert_eq!(s.heap_idle, 0);
}

#[test]
fn large_arrays_remember_the_cards_written() {
    let mut h = heap_with(1 << 16, 2);
    let node = node_shape(&mut h);
    let pairs = h
        .register_shape(Shape::array("ifaces", &[Slot::Scalar, Slot::TaggedRef]))
        .unwrap();
    let big = h.alloc_array(pairs, 50_000).unwrap();
    assert!(!h.is_young(big), "large objects start old");
    let mut roots = Roots(vec![big]);
    let ids = [0usize, 1, 777, 31_000, 49_999];
    for (k, &i) in ids.iter().enumerate() {
        let y = h.alloc(node).unwrap();
        // SAFETY: `big` is old and current, `y` fresh, no collection in between; the tag word
        // is odd, so the data word is a reference.
        unsafe {
            h.store(y, 0, k as u64);
            h.store(big, 2 * i, 1);
            h.store_ref(big, 2 * i + 1, y);
        }
    }
    assert_eq!(h.remembered_count(), 1, "remembered once");
    // Twice in the survivor space (promotion age 2), then promoted: the array stays
    // remembered until its referents are old, and the verifier checks the cards each time.
    for remembered in [1, 0] {
        h.collect_minor(&mut roots);
        assert_eq!(h.remembered_count(), remembered);
    }
    for (k, &i) in ids.iter().enumerate() {
        // SAFETY: `big` does not move; its fields were updated by the collections.
        unsafe {
            let y = h.load_ref(roots.0[0], 2 * i + 1);
            assert!(!h.is_young(y));
            assert_eq!(h.load(y, 0), k as u64);
        }
    }
}

/// A heap whose only root is an array of 10,000 references, allocated directly in the old
/// generation with a card table, and the shape of a small node to store in it.
fn large_array_of_refs() -> (Heap, ShapeId, Roots) {
    let mut h = heap_with(1 << 16, 1);
    let node = node_shape(&mut h);
    let refs = h
        .register_shape(Shape::array("refs", &[Slot::Ref]))
        .unwrap();
    let roots = Roots(vec![h.alloc_array(refs, 10_000).unwrap()]);
    (h, node, roots)
}

#[test]
fn an_imprecise_barrier_on_a_large_array_scans_it_whole() {
    let (mut h, node, mut roots) = large_array_of_refs();
    let y = h.alloc(node).unwrap();
    // SAFETY: the array is old and current, `y` fresh; writing through payload_mut skips
    // the card on purpose.
    unsafe { h.payload_mut(roots.0[0])[6_543] = y.to_bits() };
    let err = h.verify(&mut roots).unwrap_err();
    assert!(err.to_string().contains("not remembered"), "{err}");
    // SAFETY: as above; the barrier without a slot marks the whole array.
    unsafe { h.write_barrier(roots.0[0], y) };
    h.verify(&mut roots).unwrap();
    h.collect_minor(&mut roots);
    assert_eq!(h.remembered_count(), 0, "the referent was promoted");
    // SAFETY: the array does not move; its field was updated.
    assert!(!h.is_young(unsafe { h.load_ref(roots.0[0], 6_543) }));
    let z = h.alloc(node).unwrap();
    // SAFETY: as above: the object is remembered for another card than the one written.
    unsafe {
        h.store_ref(roots.0[0], 0, z);
        h.payload_mut(roots.0[0])[9_000] = z.to_bits();
    }
    let err = h.verify(&mut roots).unwrap_err();
    assert!(
        err.to_string().contains("outside its marked cards"),
        "{err}"
    );
    // SAFETY: as above.
    unsafe { h.write_barrier_at(roots.0[0], 9_000, z.to_bits()) };
    h.verify(&mut roots).unwrap();
}

#[test]
fn copy_words_marks_the_cards_of_young_words() {
    let mut h = heap_with(1 << 16, 1);
    let node = node_shape(&mut h);
    let refs = h
        .register_shape(Shape::array("refs", &[Slot::Ref]))
        .unwrap();
    let big = h.alloc_array(refs, 4_000).unwrap();
    let small = h.alloc_array(refs, 3).unwrap();
    let y = h.alloc(node).unwrap();
    // SAFETY: all fresh, no collection in between; `small` is young, `big` old.
    unsafe {
        h.store_ref(small, 2, y);
        h.copy_words(big, 3_000, small, 0, 3);
    }
    let mut roots = Roots(vec![big]);
    h.verify(&mut roots).unwrap();
    h.collect_minor(&mut roots);
    // SAFETY: `big` does not move; its field was updated.
    assert!(!h.is_young(unsafe { h.load_ref(roots.0[0], 3_002) }));
}

#[test]
fn large_and_byte_objects() {
    let mut h = heap_with(1 << 16, 1);
    let arr = h
        .register_shape(Shape::array("refs", &[Slot::Ref]))
        .unwrap();
    let text = h.register_shape(Shape::bytes("string")).unwrap();
    let big = h.alloc_array(arr, 10_000).unwrap();
    assert!(!h.is_young(big), "large objects start old");
    let s = h.alloc_bytes(text, b"hello, world").unwrap();
    // SAFETY: both fresh; no collection yet.
    unsafe {
        h.store_ref(big, 9_999, s);
        assert_eq!(h.len(big), 10_000);
    }
    let mut roots = Roots(vec![big]);
    h.collect(&mut roots);
    // SAFETY: `big` does not move (old); its field was updated.
    unsafe {
        let s2 = h.load_ref(roots.0[0], 9_999);
        assert_eq!(h.bytes(s2), b"hello, world");
        assert_eq!(h.len(s2), 12);
    }
    assert_eq!(h.alloc(arr), Err(AllocError::WrongLayout));
    assert_eq!(h.alloc_array(arr, usize::MAX), Err(AllocError::TooLarge));
    assert_eq!(h.alloc_bytes(arr, b"x"), Err(AllocError::WrongLayout));
    let fixed = node_shape(&mut h);
    assert_eq!(h.alloc_array(fixed, 3), Err(AllocError::WrongLayout));
    let mut other = Heap::default();
    assert_eq!(other.alloc(fixed), Err(AllocError::UnknownShape));
}

#[test]
fn joined_byte_objects_hold_both_windows_and_zero_padding() {
    let mut h = heap_with(1 << 16, 1);
    let text = h.register_shape(Shape::bytes("string")).unwrap();
    let arr = h
        .register_shape(Shape::array("refs", &[Slot::Ref]))
        .unwrap();
    let all = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let src = h.alloc_bytes(text, all).unwrap();
    // Garbage of 0xff bytes in eden, collected, so the joined objects reuse dirty memory.
    for _ in 0..100 {
        h.alloc_bytes(text, &[0xff; 40]).unwrap();
    }
    let mut roots = Roots(vec![src]);
    h.collect(&mut roots);
    let src = roots.0[0];
    for (lo, n, m) in [
        (0, 0, 0),
        (0, 1, 0),
        (3, 0, 2),
        (1, 1, 1),
        (5, 7, 9),
        (0, 17, 19),
    ] {
        // SAFETY: `src` is fresh (nothing collects here) and every window lies within it.
        let joined = unsafe { h.alloc_bytes_joined(text, (src, lo, n), (src, lo + 1, m)) };
        let r = joined.unwrap();
        let mut want = all[lo..lo + n].to_vec();
        want.extend_from_slice(&all[lo + 1..lo + 1 + m]);
        // SAFETY: `r` was just allocated; no collection since.
        unsafe {
            assert_eq!(h.bytes(r), want.as_slice());
            let words = h.payload(r);
            let padded: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
            assert!(padded[want.len()..].iter().all(|&b| b == 0));
        }
    }
    // SAFETY: as above.
    let wrong = unsafe { h.alloc_bytes_joined(arr, (src, 0, 1), (src, 0, 1)) };
    assert_eq!(wrong, Err(AllocError::WrongLayout));
}

#[test]
fn tagged_refs_are_followed_only_when_tagged() {
    let mut h = heap_with(4096, 1);
    let iface = h
        .register_shape(Shape::fixed("iface", &[Slot::Scalar, Slot::TaggedRef]))
        .unwrap();
    let node = node_shape(&mut h);
    let a = h.alloc(iface).unwrap();
    let b = h.alloc(iface).unwrap();
    let target = h.alloc(node).unwrap();
    // SAFETY: fresh objects, no collection yet.
    unsafe {
        h.store(target, 0, 99);
        h.store(a, 0, 1);
        h.store_ref(a, 1, target);
        h.store(b, 0, 2);
        h.store(b, 1, 12345);
    }
    let mut roots = Roots(vec![a, b]);
    h.collect_minor(&mut roots);
    // SAFETY: both updated through the roots.
    unsafe {
        assert_eq!(h.load(h.load_ref(roots.0[0], 1), 0), 99);
        assert_eq!(
            h.load(roots.0[1], 1),
            12345,
            "an untagged word is left alone"
        );
    }
}

#[test]
fn copy_words_runs_the_barrier() {
    let mut h = heap_with(4096, 1);
    let arr = h
        .register_shape(Shape::array("refs", &[Slot::Ref]))
        .unwrap();
    let node = node_shape(&mut h);
    let mut roots = Roots(vec![h.alloc_array(arr, 4).unwrap()]);
    h.collect_minor(&mut roots);
    let src = h.alloc_array(arr, 4).unwrap();
    let n = h.alloc(node).unwrap();
    // SAFETY: all current; same element layout.
    unsafe {
        h.store_ref(src, 2, n);
        h.copy_words(roots.0[0], 0, src, 0, 4);
    }
    assert_eq!(h.remembered_count(), 1);
    h.collect_minor(&mut roots);
    // SAFETY: updated through the root and the remembered set.
    unsafe { assert!(!h.load_ref(roots.0[0], 2).is_null()) };
}

thread_local! {
    static FINALIZED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

fn ext_trace(payload: &mut [u64], t: &mut Tracer<'_>) {
    // SAFETY: word 1 holds the `Box<Vec<u64>>` made by `new_ext`, alive until finalisation.
    let v = unsafe { &mut *(payload[1] as usize as *mut Vec<u64>) };
    t.visit_words(v);
}

fn ext_finalize(payload: &mut [u64]) -> usize {
    FINALIZED.with(|f| f.borrow_mut().push(payload[0]));
    // SAFETY: made by `Box::into_raw` in `new_ext`; finalisers run once.
    let v = unsafe { Box::from_raw(payload[1] as usize as *mut Vec<u64>) };
    v.len() * 8
}

fn new_ext(h: &mut Heap, shape: ShapeId, id: u64, refs: &[GcRef]) -> GcRef {
    let r = h.alloc(shape).unwrap();
    let v: Vec<u64> = refs.iter().map(|r| r.to_bits()).collect();
    h.adjust_external_bytes(v.len() as i64 * 8);
    // SAFETY: `r` is fresh; the barrier covers the references stored outside.
    unsafe {
        h.store(r, 0, id);
        h.store(r, 1, Box::into_raw(Box::new(v)) as usize as u64);
        for &x in refs {
            h.write_barrier(r, x);
        }
    }
    r
}

#[test]
fn external_objects_are_traced_and_finalized() {
    FINALIZED.with(|f| f.borrow_mut().clear());
    let mut h = heap_with(4096, 1);
    let ext = h
        .register_shape(Shape::external(
            "map",
            &[Slot::Scalar, Slot::Scalar],
            ext_trace,
            ext_finalize,
        ))
        .unwrap();
    let node = node_shape(&mut h);
    let n = h.alloc(node).unwrap();
    // SAFETY: fresh.
    unsafe { h.store(n, 3, 5) };
    let kept = new_ext(&mut h, ext, 1, &[n, n]);
    new_ext(&mut h, ext, 2, &[]);
    assert_eq!(h.mem_stats().external_bytes, 16);
    let mut roots = Roots(vec![kept]);
    h.collect_minor(&mut roots);
    assert_eq!(
        FINALIZED.with(|f| f.borrow().clone()),
        vec![2],
        "the dead young map is finalised"
    );
    // SAFETY: `kept` was updated through the root; the outside refs through the trace fn.
    unsafe {
        let v = &*(h.load(roots.0[0], 1) as usize as *const Vec<u64>);
        assert_eq!(v[0], v[1]);
        assert_eq!(h.load(GcRef::from_bits(v[0]), 3), 5);
    }
    let young = new_ext(&mut h, ext, 3, &[]);
    new_ext(&mut h, ext, 4, &[]);
    roots.0.push(young);
    roots.0.swap_remove(0);
    h.collect(&mut roots);
    let mut f = FINALIZED.with(|f| f.borrow().clone());
    f.sort();
    assert_eq!(
        f,
        vec![1, 2, 4],
        "the dead old map is finalised by the sweep"
    );
    assert_eq!(h.mem_stats().external_bytes, 0);
    drop(h);
    assert_eq!(
        FINALIZED.with(|f| f.borrow().len()),
        4,
        "dropping the heap finalises the rest"
    );
}

#[test]
fn handles_root_objects_until_dropped() {
    let mut h = heap_with(4096, 2);
    let node = node_shape(&mut h);
    let text = h.register_shape(Shape::bytes("string")).unwrap();
    let a = h.alloc(node).unwrap();
    // SAFETY: `a` is fresh.
    let ha = unsafe { h.handle(a) };
    let s = h.alloc_bytes(text, b"abc").unwrap();
    // SAFETY: `s` is fresh.
    let hs = unsafe { h.handle(s) };
    assert!(h.set_scalar(&ha, 3, 42));
    assert!(!h.set_scalar(&ha, 1, 42), "a reference slot is refused");
    assert!(h.set_ref(&ha, 1, Some(&hs)));
    assert!(!h.set_ref(&ha, 3, Some(&hs)), "a scalar slot is refused");
    drop(hs);
    let mut roots = Roots::default();
    for _ in 0..3 {
        h.collect_minor(&mut roots);
    }
    h.collect(&mut roots);
    assert_eq!(h.get(&ha, 3), Some(42));
    assert_eq!(h.get(&ha, 4), None);
    let s2 = GcRef::from_bits(h.get(&ha, 1).unwrap());
    // SAFETY: reachable from a handle, current after the last collection.
    let hs2 = unsafe { h.handle(s2) };
    assert_eq!(h.get_bytes(&hs2), Some(&b"abc"[..]));
    let clone = ha.clone();
    assert_eq!(h.handle_count(), 3);
    drop((ha, hs2));
    assert_eq!(h.get(&clone, 3), Some(42));
    drop(clone);
    assert_eq!(h.handle_count(), 0);
    h.collect(&mut roots);
    assert_eq!(h.mem_stats().heap_objects, 0);
    let other = Heap::default();
    let a = h.alloc(node).unwrap();
    // SAFETY: `a` is fresh.
    let ha = unsafe { h.handle(a) };
    assert_eq!(other.get(&ha, 0), None, "a foreign handle is refused");
}

#[test]
fn zeal_minor_collects_at_every_safepoint() {
    let mut h = Heap::new(Config {
        zeal: Zeal::parse("minor,verify").unwrap(),
        ..Config::default()
    });
    let node = node_shape(&mut h);
    let mut roots = Roots::default();
    for _ in 0..10 {
        roots.0.push(h.alloc(node).unwrap());
        assert!(h.needs_collection());
        assert_eq!(h.collect_if_needed(&mut roots), Some(GcKind::Minor));
    }
    assert_eq!(h.mem_stats().num_minor_gc, 10);
}

#[test]
fn zeal_full_and_random_schedules() {
    let mut h = Heap::new(Config {
        zeal: Zeal::parse("full:5").unwrap(),
        ..Config::default()
    });
    let node = node_shape(&mut h);
    let mut roots = Roots::default();
    let mut kinds = Vec::new();
    for _ in 0..20 {
        h.alloc(node).unwrap();
        kinds.push(h.collect_if_needed(&mut roots));
    }
    let majors: Vec<usize> = (0..20)
        .filter(|&i| kinds[i] == Some(GcKind::Major))
        .collect();
    assert_eq!(majors, vec![4, 9, 14, 19]);

    let run = |seed: u64| {
        let mut h = Heap::new(Config {
            zeal: Zeal::parse(&format!("random:4,{seed}")).unwrap(),
            ..Config::default()
        });
        let node = node_shape(&mut h);
        (0..200)
            .map(|_| {
                h.alloc(node).unwrap();
                h.collect_if_needed(&mut Roots::default())
            })
            .collect::<Vec<_>>()
    };
    let a = run(7);
    assert_eq!(a, run(7), "same seed, same schedule");
    let n = a.iter().filter(|k| k.is_some()).count();
    assert!((20..=100).contains(&n), "{n} collections");
    assert!(a.contains(&Some(GcKind::Major)) && a.contains(&Some(GcKind::Minor)));
}

#[test]
fn stats_and_events() {
    let mut h = heap_with(4096, 1);
    let node = node_shape(&mut h);
    let seen = Arc::new(AtomicU32::new(0));
    let s2 = Arc::clone(&seen);
    h.set_event_hook(Some(Box::new(move |e: &GcEvent| {
        let n = s2.fetch_add(1, Ordering::Relaxed) + 1;
        assert_eq!(e.seq, n);
    })));
    let mut roots = Roots::default();
    for i in 0..300 {
        let r = h.alloc(node).unwrap();
        if i % 10 == 0 {
            roots.0.push(r);
        }
        h.collect_if_needed(&mut roots);
    }
    h.collect(&mut roots);
    let s = h.mem_stats();
    assert_eq!(s.num_gc, seen.load(Ordering::Relaxed));
    assert_eq!(s.num_gc, s.num_minor_gc + s.num_major_gc);
    assert!(s.num_minor_gc >= 2);
    assert_eq!(s.mallocs, 300);
    assert_eq!(s.heap_objects, 30);
    assert_eq!(s.total_alloc, 300 * 40);
    assert!(s.pause_total_ns > 0 && s.last_gc > 0);
    assert_eq!(
        s.pause_ns[(s.num_gc as usize + 255) % 256],
        s.pause_ns[(s.num_gc - 1) as usize]
    );
    assert!(s.heap_alloc <= s.heap_inuse && s.heap_inuse <= s.heap_sys);
    assert!(s.nursery_survival_rate > 0.0 && s.nursery_survival_rate <= 1.0);
    assert!(s.gc_cpu_fraction >= 0.0 && s.gc_cpu_fraction < 1.0);
    assert_eq!(s.next_gc, 4 << 20);
}

#[test]
fn config_from_env_reports_bad_values() {
    // Only checks parsing helpers; the process environment is shared by parallel tests.
    assert_eq!(parse_gogc("off"), -1);
    assert_eq!(parse_memory_limit("2GiB"), Some(2 << 30));
    assert!(Zeal::parse("bogus").is_err());
}

#[test]
fn the_heap_limit_refuses_allocations_past_it_and_collecting_makes_room() {
    let mut h = heap_with(4096, 1);
    h.set_heap_limit(Some(4096 + (4 << 20)));
    let bytes = h.register_shape(Shape::bytes("bytes")).unwrap();
    assert_eq!(
        h.alloc_array(bytes, 1 << 30).err(),
        Some(AllocError::LimitExceeded)
    );
    let big = h.alloc_array(bytes, 3800 * 1024).unwrap();
    assert_eq!(
        h.alloc_array(bytes, 3800 * 1024).err(),
        Some(AllocError::LimitExceeded)
    );
    assert!(h.needs_collection(), "pacing asks for a collection first");
    let mut roots = Roots(vec![big]);
    h.collect(&mut roots);
    assert!(
        h.alloc_array(bytes, 3800 * 1024).is_err(),
        "the big object is live"
    );
    roots.0.clear();
    h.collect(&mut roots);
    assert!(
        h.alloc_array(bytes, 3800 * 1024).is_ok(),
        "its space came back"
    );
    h.set_heap_limit(None);
    assert!(h.alloc_array(bytes, 8 << 20).is_ok());
}

#[test]
fn swap_words_marks_the_card_a_young_word_moves_to() {
    let (mut h, node, mut roots) = large_array_of_refs();
    let y = h.alloc(node).unwrap();
    // SAFETY: the array is old and current, `y` fresh; both slots are in bounds.
    unsafe {
        h.store_ref(roots.0[0], 0, y);
        h.write_barrier_at(roots.0[0], 0, y.to_bits());
        h.swap_words(roots.0[0], 0, 9_000);
    }
    h.verify(&mut roots).unwrap();
    h.collect_minor(&mut roots);
    // SAFETY: the array does not move; the swapped field was updated by the collection.
    unsafe {
        assert!(h.load_ref(roots.0[0], 0).is_null());
        assert!(!h.is_young(h.load_ref(roots.0[0], 9_000)));
    }
}
