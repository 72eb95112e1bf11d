//! Randomized model test: a toy host builds and mutates random object graphs through the
//! barrier while random minor and major collections run; after each collection the heap
//! reachable from the roots must match a shadow model (same shapes, payloads and sharing),
//! the verifier must pass, and exactly the dead external objects must have been finalised.

mod common;

use common::{Rng, Roots};
use mini_gc::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

const NODE: usize = 0; // fixed: [id, ref, ref, data]
const IFACE: usize = 1; // fixed: [id, tag, tagged-ref]
const ARRAY: usize = 2; // array of (scalar, ref); element 0's scalar is the id
const BYTES: usize = 3; // bytes; the first 8 bytes are the id
const EXT: usize = 4; // external: [id, box] + outside refs

/// A model object. `words` mirrors the payload with references as model ids (`None` null);
/// for byte objects `bytes` holds the data.
#[derive(Clone)]
struct MObj {
    shape: usize,
    words: Vec<MWord>,
    bytes: Vec<u8>,
    outside: Vec<Option<u64>>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum MWord {
    Scalar(u64),
    Ref(Option<u64>),
}

thread_local! {
    static FINALIZED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

fn ext_trace(payload: &mut [u64], t: &mut Tracer<'_>) {
    // SAFETY: word 1 holds the box made in `alloc_obj`, alive until finalisation.
    let v = unsafe { &mut *(payload[1] as usize as *mut Vec<u64>) };
    t.visit_words(v);
}

fn ext_finalize(payload: &mut [u64]) -> usize {
    FINALIZED.with(|f| f.borrow_mut().push(payload[0]));
    // SAFETY: made by `Box::into_raw` in `alloc_obj`; finalisers run once.
    let v = unsafe { Box::from_raw(payload[1] as usize as *mut Vec<u64>) };
    v.len() * 8
}

struct Host {
    heap: Heap,
    shapes: Vec<ShapeId>,
    roots: Roots,
    mroots: Vec<Option<u64>>,
    model: HashMap<u64, MObj>,
    /// Objects that may be used until the next collection: reachable at the last check
    /// plus allocated since.
    known: Vec<(GcRef, u64)>,
    next_id: u64,
    externals: HashSet<u64>,
    rng: Rng,
    collections: u64,
}

impl Host {
    fn new(seed: u64, config: Config) -> Host {
        FINALIZED.with(|f| f.borrow_mut().clear());
        let mut heap = Heap::new(config);
        let shapes = vec![
            heap.register_shape(Shape::fixed(
                "node",
                &[Slot::Scalar, Slot::Ref, Slot::Ref, Slot::Scalar],
            )),
            heap.register_shape(Shape::fixed(
                "iface",
                &[Slot::Scalar, Slot::Scalar, Slot::TaggedRef],
            )),
            heap.register_shape(Shape::array("pairs", &[Slot::Scalar, Slot::Ref])),
            heap.register_shape(Shape::bytes("bytes")),
            heap.register_shape(Shape::external(
                "ext",
                &[Slot::Scalar, Slot::Scalar],
                ext_trace,
                ext_finalize,
            )),
        ]
        .into_iter()
        .map(Result::unwrap)
        .collect();
        Host {
            heap,
            shapes,
            roots: Roots(vec![GcRef::NULL; 16]),
            mroots: vec![None; 16],
            model: HashMap::new(),
            known: Vec::new(),
            next_id: 1,
            externals: HashSet::new(),
            rng: Rng::new(seed),
            collections: 0,
        }
    }

    fn pick_known(&mut self) -> Option<(GcRef, u64)> {
        if self.known.is_empty() {
            None
        } else {
            Some(self.known[self.rng.below(self.known.len())])
        }
    }

    /// A reference value to store: null or a known object.
    fn pick_value(&mut self) -> (GcRef, Option<u64>) {
        match self.pick_known() {
            Some((r, id)) if !self.rng.chance(10) => (r, Some(id)),
            _ => (GcRef::NULL, None),
        }
    }

    fn alloc_obj(&mut self) -> (GcRef, u64) {
        let id = self.next_id;
        self.next_id += 1;
        let shape = self.rng.below(5);
        let sid = self.shapes[shape];
        let h = &mut self.heap;
        let (r, mobj) = match shape {
            NODE => {
                let r = h.alloc(sid).unwrap();
                // SAFETY: fresh object.
                unsafe { h.store(r, 0, id) };
                let words = vec![
                    MWord::Scalar(id),
                    MWord::Ref(None),
                    MWord::Ref(None),
                    MWord::Scalar(0),
                ];
                (
                    r,
                    MObj {
                        shape,
                        words,
                        bytes: vec![],
                        outside: vec![],
                    },
                )
            }
            IFACE => {
                let r = h.alloc(sid).unwrap();
                // SAFETY: fresh object.
                unsafe { h.store(r, 0, id) };
                let words = vec![MWord::Scalar(id), MWord::Scalar(0), MWord::Scalar(0)];
                (
                    r,
                    MObj {
                        shape,
                        words,
                        bytes: vec![],
                        outside: vec![],
                    },
                )
            }
            ARRAY => {
                // Mostly small; sometimes over 4 KiB, which goes straight to the old generation.
                let len = if self.rng.chance(3) {
                    300 + self.rng.below(100)
                } else {
                    1 + self.rng.below(8)
                };
                let r = h.alloc_array(sid, len).unwrap();
                // SAFETY: fresh object with at least one element.
                unsafe { h.store(r, 0, id) };
                let mut words = Vec::new();
                for i in 0..len {
                    words.push(MWord::Scalar(if i == 0 { id } else { 0 }));
                    words.push(MWord::Ref(None));
                }
                (
                    r,
                    MObj {
                        shape,
                        words,
                        bytes: vec![],
                        outside: vec![],
                    },
                )
            }
            BYTES => {
                let mut data = id.to_le_bytes().to_vec();
                data.extend((0..self.rng.below(40)).map(|i| (i as u64 * id) as u8));
                let r = h.alloc_bytes(sid, &data).unwrap();
                (
                    r,
                    MObj {
                        shape,
                        words: vec![],
                        bytes: data,
                        outside: vec![],
                    },
                )
            }
            _ => {
                let r = h.alloc(sid).unwrap();
                let b = Box::into_raw(Box::new(Vec::<u64>::new()));
                // SAFETY: fresh object.
                unsafe {
                    h.store(r, 0, id);
                    h.store(r, 1, b as usize as u64);
                }
                self.externals.insert(id);
                (
                    r,
                    MObj {
                        shape,
                        words: vec![MWord::Scalar(id), MWord::Scalar(0)],
                        bytes: vec![],
                        outside: vec![],
                    },
                )
            }
        };
        self.model.insert(id, mobj);
        self.known.push((r, id));
        (r, id)
    }

    /// One random mutation through the public API, mirrored in the model.
    fn mutate(&mut self) {
        match self.rng.below(100) {
            0..=34 => {
                let (r, id) = self.alloc_obj();
                if self.rng.chance(60) {
                    let slot = self.rng.below(self.mroots.len());
                    self.roots.0[slot] = r;
                    self.mroots[slot] = Some(id);
                } else if let Some((obj, oid)) = self.pick_known() {
                    self.store_ref_somewhere(obj, oid, r, Some(id));
                }
            }
            35..=59 => {
                if let Some((obj, oid)) = self.pick_known() {
                    let (v, vid) = self.pick_value();
                    self.store_ref_somewhere(obj, oid, v, vid);
                }
            }
            60..=67 => {
                if let Some((obj, oid)) = self.pick_known() {
                    self.store_scalar_somewhere(obj, oid);
                }
            }
            68..=79 => {
                let slot = self.rng.below(self.mroots.len());
                let (v, vid) = self.pick_value();
                self.roots.0[slot] = v;
                self.mroots[slot] = vid;
            }
            80..=89 => self.copy_between_arrays(),
            _ => {
                let slot = self.rng.below(self.mroots.len());
                self.roots.0[slot] = GcRef::NULL;
                self.mroots[slot] = None;
            }
        }
    }

    fn store_ref_somewhere(&mut self, obj: GcRef, oid: u64, v: GcRef, vid: Option<u64>) {
        let shape = self.model[&oid].shape;
        let h = &mut self.heap;
        let m = self.model.get_mut(&oid).unwrap();
        match shape {
            NODE => {
                let i = 1 + self.rng.below(2);
                // SAFETY: `obj` is known (current since the last collection) and `v` too.
                unsafe { h.store_ref(obj, i, v) };
                m.words[i] = MWord::Ref(vid);
            }
            IFACE => {
                // SAFETY: as above; the tag is written before the next safepoint.
                unsafe {
                    h.store_ref(obj, 2, v);
                    h.store(obj, 1, 7);
                }
                m.words[1] = MWord::Scalar(7);
                m.words[2] = MWord::Ref(vid);
            }
            ARRAY => {
                let i = 2 * self.rng.below(m.words.len() / 2) + 1;
                // SAFETY: as above; `i` is an element's reference word.
                unsafe { h.store_ref(obj, i, v) };
                m.words[i] = MWord::Ref(vid);
            }
            EXT => {
                // SAFETY: as above; word 1 holds the outside vector, and the barrier covers
                // the reference stored outside.
                unsafe {
                    let out = &mut *(h.load(obj, 1) as usize as *mut Vec<u64>);
                    if out.is_empty() || self.rng.chance(50) {
                        out.push(v.to_bits());
                        m.outside.push(vid);
                        h.adjust_external_bytes(8);
                    } else {
                        let i = self.rng.below(out.len());
                        out[i] = v.to_bits();
                        m.outside[i] = vid;
                    }
                    h.write_barrier(obj, v);
                }
            }
            _ => {}
        }
    }

    fn store_scalar_somewhere(&mut self, obj: GcRef, oid: u64) {
        let x = self.rng.next();
        let h = &mut self.heap;
        let m = self.model.get_mut(&oid).unwrap();
        match m.shape {
            NODE => {
                // SAFETY: `obj` is known; word 3 is a scalar.
                unsafe { h.store(obj, 3, x) };
                m.words[3] = MWord::Scalar(x);
            }
            IFACE => {
                // An even tag makes the data word a scalar: tag first, then data.
                // SAFETY: as above; the pair is consistent before the next safepoint.
                unsafe {
                    h.store(obj, 1, x & !1);
                    h.store(obj, 2, x);
                }
                m.words[1] = MWord::Scalar(x & !1);
                m.words[2] = MWord::Scalar(x);
            }
            ARRAY if m.words.len() > 2 => {
                let i = 2 * (1 + self.rng.below(m.words.len() / 2 - 1));
                // SAFETY: as above; `i` is a scalar word of an element after the first.
                unsafe { h.store(obj, i, x) };
                m.words[i] = MWord::Scalar(x);
            }
            BYTES if m.bytes.len() > 8 => {
                let i = 8 + self.rng.below(m.bytes.len() - 8);
                // SAFETY: as above; a byte object.
                unsafe { h.bytes_mut(obj)[i] = x as u8 };
                m.bytes[i] = x as u8;
            }
            _ => {}
        }
    }

    /// Go's `copy(dst[i:], src[j:k])` between two known arrays, with the bulk barrier.
    fn copy_between_arrays(&mut self) {
        let arrays: Vec<(GcRef, u64)> = self
            .known
            .iter()
            .copied()
            .filter(|(_, id)| self.model[id].shape == ARRAY)
            .collect();
        if arrays.len() < 2 {
            return;
        }
        let (dst, did) = arrays[self.rng.below(arrays.len())];
        let (src, sid) = arrays[self.rng.below(arrays.len())];
        let (dn, sn) = (
            self.model[&did].words.len() / 2,
            self.model[&sid].words.len() / 2,
        );
        // Skip element 0, which holds the id.
        if dn < 2 || sn < 2 {
            return;
        }
        let n = 1 + self.rng.below((dn - 1).min(sn - 1));
        let (di, si) = (1 + self.rng.below(dn - n), 1 + self.rng.below(sn - n));
        // SAFETY: both known and current; ranges in bounds; same element layout.
        unsafe { self.heap.copy_words(dst, 2 * di, src, 2 * si, 2 * n) };
        let copied: Vec<MWord> = self.model[&sid].words[2 * si..2 * (si + n)].to_vec();
        self.model.get_mut(&did).unwrap().words[2 * di..2 * (di + n)].copy_from_slice(&copied);
    }

    fn collect(&mut self) {
        let kind = match self.rng.below(10) {
            0..=5 => {
                self.heap.collect_minor(&mut self.roots);
                GcKind::Minor
            }
            6 | 7 => {
                self.heap.collect(&mut self.roots);
                GcKind::Forced
            }
            8 => {
                self.heap.free_os_memory(&mut self.roots);
                GcKind::Forced
            }
            _ => match self.heap.collect_if_needed(&mut self.roots) {
                Some(k) => k,
                None => return,
            },
        };
        self.after_collection(kind != GcKind::Minor);
    }

    /// Compares the heap reachable from the roots with the model, rebuilds `known`, and
    /// checks finalisation.
    fn after_collection(&mut self, was_major: bool) {
        self.collections += 1;
        if let Err(e) = self.heap.verify(&mut self.roots) {
            panic!("verify failed after collection {}:\n{e}", self.collections);
        }
        let mut addr_of: HashMap<u64, GcRef> = HashMap::new();
        let mut stack: Vec<(GcRef, Option<u64>)> = self
            .roots
            .0
            .iter()
            .copied()
            .zip(self.mroots.iter().copied())
            .collect();
        while let Some((r, id)) = stack.pop() {
            let Some(id) = id else {
                assert!(r.is_null(), "model null, heap {r:?}");
                continue;
            };
            assert!(!r.is_null(), "object {id} lost (heap null)");
            if let Some(&prev) = addr_of.get(&id) {
                assert_eq!(prev, r, "object {id} reached at two addresses");
                continue;
            }
            addr_of.insert(id, r);
            let m = &self.model[&id];
            let h = &self.heap;
            // SAFETY: `r` was reached from roots updated by the collection and verified.
            unsafe {
                assert_eq!(h.shape_id(r), self.shapes[m.shape], "object {id} shape");
                if m.shape == BYTES {
                    assert_eq!(h.bytes(r), &m.bytes[..], "object {id} bytes");
                    continue;
                }
                let p = h.payload(r);
                assert_eq!(p.len(), m.words.len(), "object {id} size");
                for (i, (&w, mw)) in p.iter().zip(&m.words).enumerate() {
                    match *mw {
                        MWord::Scalar(x) if m.shape == EXT && i == 1 => assert_ne!(x, w),
                        MWord::Scalar(x) => assert_eq!(w, x, "object {id} word {i}"),
                        MWord::Ref(t) => stack.push((GcRef::from_bits(w), t)),
                    }
                }
                if m.shape == EXT {
                    let out = &*(p[1] as usize as *const Vec<u64>);
                    assert_eq!(out.len(), m.outside.len(), "object {id} outside refs");
                    for (&w, &t) in out.iter().zip(&m.outside) {
                        stack.push((GcRef::from_bits(w), t));
                    }
                }
            }
        }
        let finalized: Vec<u64> = FINALIZED.with(|f| f.borrow().clone());
        let fin_set: HashSet<u64> = finalized.iter().copied().collect();
        assert_eq!(
            fin_set.len(),
            finalized.len(),
            "an object was finalised twice"
        );
        for id in &fin_set {
            assert!(!addr_of.contains_key(id), "live object {id} was finalised");
        }
        if was_major {
            for id in &self.externals {
                assert!(
                    addr_of.contains_key(id) || fin_set.contains(id),
                    "dead external {id} not finalised"
                );
            }
        }
        self.model.retain(|id, _| addr_of.contains_key(id));
        self.known = addr_of.into_iter().map(|(id, r)| (r, id)).collect();
        self.known.sort_by_key(|&(_, id)| id);
        let s = self.heap.mem_stats();
        assert!(s.heap_objects >= self.known.len() as u64);
        // A safepoint may run a minor and then a major collection.
        assert!(s.num_gc as u64 >= self.collections);
    }

    /// Runs `steps` mutations with collections mixed in; finishes with everything dead.
    fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            self.mutate();
            if self.rng.chance(3) {
                self.collect();
            }
        }
        self.roots.0.iter_mut().for_each(|r| *r = GcRef::NULL);
        self.mroots.iter_mut().for_each(|r| *r = None);
        self.heap.collect(&mut self.roots);
        self.after_collection(true);
        let s = self.heap.mem_stats();
        assert_eq!(s.heap_objects, 0, "everything dead is freed");
        assert_eq!(s.external_bytes, 0, "finalisers released all outside bytes");
        assert_eq!(s.mallocs, self.next_id - 1);
        eprintln!(
            "{} steps: {} objects, {} minor + {} major collections, {} bytes promoted, {} finalised",
            steps,
            s.mallocs,
            s.num_minor_gc,
            s.num_major_gc,
            s.promoted_bytes,
            FINALIZED.with(|f| f.borrow().len())
        );
    }
}

fn config(nursery: usize, promotion_age: u8) -> Config {
    Config {
        nursery_bytes: nursery,
        promotion_age,
        zeal: Zeal::parse("verify").unwrap(),
        ..Config::default()
    }
}

#[test]
fn model_promotion_age_1() {
    for seed in 1..=6 {
        Host::new(seed, config(2048, 1)).run(4000);
    }
}

#[test]
fn model_promotion_age_2() {
    for seed in 11..=16 {
        Host::new(seed, config(2048, 2)).run(4000);
    }
}

#[test]
fn model_larger_nursery() {
    for seed in 21..=23 {
        Host::new(seed, config(64 << 10, 2)).run(8000);
    }
}

#[test]
fn model_zeal_random_safepoints() {
    for seed in 31..=33 {
        let mut c = config(4096, 2);
        c.zeal = Zeal::parse(&format!("random:40,{seed},verify")).unwrap();
        let mut host = Host::new(seed, c);
        for _ in 0..4000 {
            host.mutate();
            if let Some(kind) = host.heap.collect_if_needed(&mut host.roots) {
                host.after_collection(kind != GcKind::Minor);
            }
        }
        host.run(0);
    }
}
