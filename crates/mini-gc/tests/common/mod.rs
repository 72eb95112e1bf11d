//! A toy host shared by the integration tests: a vector of root slots.

use mini_gc::{GcRef, RootSet, Tracer};

/// Root slots held by the test, like a VM's registers.
#[derive(Default)]
pub struct Roots(pub Vec<GcRef>);

// SAFETY: the tests store only null or references returned by the heap (and kept current by
// being visited here) in these slots.
unsafe impl RootSet for Roots {
    fn visit_roots(&mut self, tracer: &mut Tracer<'_>) {
        for r in &mut self.0 {
            tracer.visit(r);
        }
    }
}

/// SplitMix64, for deterministic random tests.
#[allow(dead_code)] // used by the model test, not by every test file
pub struct Rng(u64);

#[allow(dead_code)] // as above
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}
