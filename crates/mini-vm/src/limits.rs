//! Limits an embedder sets to run untrusted programs: an instruction budget ("fuel"), a hard
//! heap limit, a frame depth and an interrupt another thread can trigger. Hitting one ends the
//! run with `VmError::LimitExceeded` (the frame depth ends it with Go's `stack overflow`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{Limit, VmError};
use crate::vm::Vm;

/// Stops a running VM from another thread (a wall-clock timeout, a user pressing stop). The
/// run ends with `LimitExceeded(Limit::Interrupt)` at its next call or backward jump; the
/// request is consumed then, so the VM can run again afterwards.
#[derive(Clone, Debug, Default)]
pub struct InterruptHandle {
    flag: Arc<AtomicBool>,
}

impl InterruptHandle {
    /// Asks the VM to stop.
    pub fn interrupt(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether a request is waiting (`interrupt` was called and the VM has not stopped yet).
    pub fn is_pending(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Takes the request, if any.
    fn take(&self) -> bool {
        self.flag.swap(false, Ordering::Relaxed)
    }
}

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
        self.set_fuel(limits.fuel);
        self.max_frames = limits.max_frames.max(1);
        self.max_stack = self.max_frames.saturating_mul(crate::vm::FRAME_BYTES);
        self.heap.set_heap_limit(limits.heap_bytes);
    }

    /// Refills the instruction budget (`None`: unlimited).
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.fuel = 0;
        self.fuel_reserve = fuel.unwrap_or(u64::MAX);
    }

    /// Fuel left (`u64::MAX` when unlimited).
    pub fn fuel(&self) -> u64 {
        if self.fuel_reserve == u64::MAX {
            return u64::MAX;
        }
        self.fuel_reserve + self.fuel
    }

    /// Uses `handle` (shared with the host) as this VM's interrupt flag.
    pub fn set_interrupt_handle(&mut self, handle: InterruptHandle) {
        self.interrupt = handle;
    }

    /// A handle that stops this VM from another thread.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.interrupt.clone()
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
            return Err(VmError::LimitExceeded(Limit::Fuel));
        }
        self.fuel_reserve -= rest;
        Ok(())
    }

    /// The time slice is spent: stops on an interrupt request (so an interrupt is noticed
    /// within one slice while the loop itself only counts down) or an exhausted budget, else
    /// hands out the next slice from the reserve, and the goroutine yields if another one can
    /// run.
    #[cold]
    fn refuel(&mut self, depth: usize) -> Result<bool, VmError> {
        if self.interrupt.take() {
            return Err(VmError::LimitExceeded(Limit::Interrupt));
        }
        let slice = self.fuel_reserve.min(crate::sched::TIME_SLICE);
        if slice == 0 {
            return Err(VmError::LimitExceeded(Limit::Fuel));
        }
        if self.fuel_reserve != u64::MAX {
            self.fuel_reserve -= slice;
        }
        self.fuel = slice - 1;
        Ok(depth == 0 && self.sched.running && self.gc_hold == 0 && self.sched.others_ready())
    }
}
