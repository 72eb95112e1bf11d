//! Natives of the scheduler: `runtime.Gosched`, `runtime.NumGoroutine`, `time.Sleep`,
//! `time.After`, `time.Tick`, `time.Now` and the semaphores the `sync` package's Go code
//! waits on.

use super::{int_at, set_int};
use crate::error::VmError;
use crate::vm::Vm;

/// Runs scheduler native `name` with arguments at `base`; `None` if it is not one.
pub(super) fn call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    Some(match name {
        "runtime.Gosched" => vm.gosched(),
        "runtime.NumGoroutine" => set_int(vm, base, vm.sched.goroutine_count() as i64),
        "time.Sleep" => vm.sleep(int_at(vm, base)),
        "time.After" | "time.Tick" => timer_chan(vm, base, name == "time.Tick"),
        "time.Now" => set_int(vm, base, unix_nanos()),
        "sync.semacquire" => {
            let wait = wait_reason(int_at(vm, base + 1));
            vm.semacquire(vm.stack[base], wait)
        }
        "sync.semrelease" => {
            vm.semrelease(vm.stack[base], vm.stack[base + 1]);
            Ok(())
        }
        _ => return None,
    })
}

/// `time.After(d)`, `time.Tick(d)` (nil for a non-positive period, as in Go).
fn timer_chan(vm: &mut Vm, base: usize, tick: bool) -> Result<(), VmError> {
    let ns = int_at(vm, base);
    vm.stack[base] = if tick && ns <= 0 {
        0
    } else {
        vm.timer_chan(ns, tick)?
    };
    Ok(())
}

/// Go's status of a goroutine waiting in `sync`, by the code the Go side passes.
fn wait_reason(code: i64) -> &'static str {
    match code {
        1 => "sync.WaitGroup.Wait",
        2 => "sync.RWMutex.RLock",
        3 => "sync.RWMutex.Lock",
        4 => "sync.Cond.Wait",
        _ => "sync.Mutex.Lock",
    }
}

/// Nanoseconds since the Unix epoch (the clock `time.Time` values hold).
pub(crate) fn unix_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}
