//! Limits an embedder sets to run untrusted programs: an instruction budget ("fuel"), a hard
//! heap limit and a frame depth. Hitting one ends the run with `VmError::LimitExceeded`
//! (the frame depth ends it with Go's `stack overflow`).

use crate::error::{Limit, VmError};
use crate::vm::Vm;

/// Go's default maximum stack (1 GB) divided by the bytes a frame stands for: the depth at
/// which Mini reports `stack overflow`.
pub const DEFAULT_MAX_FRAMES: usize = crate::vm::DEFAULT_MAX_STACK / crate::vm::FRAME_BYTES;

/// Resource limits for one VM. The default is unlimited, as Go is (apart from the frame
/// depth standing for Go's stack size).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Fuel: how many calls and backward jumps the program may make. Every loop iteration
    /// and every call costs one, so any endless program runs out; straight-line code between
    /// them is bounded by the program's size. Waiting for a timer (`time.Sleep`) costs one
    /// unit per microsecond, so a sleeping program runs out too. `None`: unlimited.
    pub fuel: Option<u64>,
    /// Hard limit on heap bytes (nursery, old generation, outside storage): an allocation
    /// past it fails. `None`: unlimited.
    pub heap_bytes: Option<u64>,
    /// Frames deeper than this end the program with Go's `stack overflow`.
    pub max_frames: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            fuel: None,
            heap_bytes: None,
            max_frames: DEFAULT_MAX_FRAMES,
        }
    }
}

impl Vm {
    /// Sets the run's limits (before `run_main`; fuel is refilled).
    pub fn set_limits(&mut self, limits: Limits) {
        self.fuel = 0;
        self.fuel_reserve = limits.fuel.unwrap_or(u64::MAX);
        self.max_frames = limits.max_frames.max(1);
        self.heap.set_heap_limit(limits.heap_bytes);
    }

    /// Fuel left (`u64::MAX` when unlimited).
    pub fn fuel(&self) -> u64 {
        if self.fuel_reserve == u64::MAX {
            return u64::MAX;
        }
        self.fuel_reserve + self.fuel
    }

    /// Checks that a value of `bytes` bytes, about to be built outside the heap and then
    /// copied in, can exist: past the heap limit it is `LimitExceeded`, past the largest heap
    /// object Go's `out of memory`. Natives call it before building large results.
    pub(crate) fn check_alloc_size(&self, bytes: u64) -> Result<(), VmError> {
        if bytes > u64::from(u32::MAX) {
            return Err(VmError::OutOfMemory);
        }
        if self.heap.over_heap_limit(bytes) {
            return Err(VmError::LimitExceeded(Limit::Heap));
        }
        Ok(())
    }

    /// Spends one unit of fuel: at every call and backward jump. True when the running
    /// goroutine's time slice is over and another goroutine should run (only ever for the
    /// scheduler's own execution, `depth` 0).
    #[inline(always)]
    pub(crate) fn tick(&mut self, depth: usize) -> Result<bool, VmError> {
        if self.fuel == 0 {
            return self.refuel(depth);
        }
        self.fuel -= 1;
        Ok(false)
    }

    /// Charges waiting `d` for a timer (one unit per microsecond) when fuel is limited; out
    /// of fuel, without waiting, if there is not enough.
    pub(crate) fn spend_wait(&mut self, d: std::time::Duration) -> Result<(), VmError> {
        if self.fuel_reserve == u64::MAX {
            return Ok(());
        }
        let cost = u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1);
        let from_slice = cost.min(self.fuel);
        self.fuel -= from_slice;
        let rest = cost - from_slice;
        if rest > self.fuel_reserve {
            self.fuel_reserve = 0;
            return Err(out_of_fuel());
        }
        self.fuel_reserve -= rest;
        Ok(())
    }

    /// The time slice is spent: a new one comes out of the reserve (the run ends when that
    /// is empty), and the goroutine yields if another one can run.
    #[cold]
    fn refuel(&mut self, depth: usize) -> Result<bool, VmError> {
        let slice = self.fuel_reserve.min(crate::sched::TIME_SLICE);
        if slice == 0 {
            return Err(out_of_fuel());
        }
        if self.fuel_reserve != u64::MAX {
            self.fuel_reserve -= slice;
        }
        self.fuel = slice - 1;
        Ok(depth == 0 && self.sched.running && self.gc_hold == 0 && self.sched.others_ready())
    }
}

#[cold]
fn out_of_fuel() -> VmError {
    VmError::LimitExceeded(Limit::Fuel)
}
