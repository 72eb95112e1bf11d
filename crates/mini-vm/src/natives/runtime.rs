//! The collector's API: `runtime` (`GC`, the `ReadMemStats` snapshot), `runtime/debug`
//! (`SetGCPercent`, `SetMemoryLimit`, `FreeOSMemory`) and the hooks of `sync.Pool`.

use mini_gc::MemStats;

use super::{int_at, set_float, set_int};
use crate::error::VmError;
use crate::vm::Vm;

/// Runs native `pkg.func`; `None` if there is no such native.
pub(super) fn call(vm: &mut Vm, pkg: &str, func: &str, base: usize) -> Option<Result<(), VmError>> {
    Some(match (pkg, func) {
        ("runtime", "GC") => {
            vm.collect_now(false);
            Ok(())
        }
        ("runtime/debug", "FreeOSMemory") => {
            vm.collect_now(true);
            Ok(())
        }
        ("runtime", "readMemStats") => {
            vm.mem_snapshot = Some(Box::new(MemSnapshot {
                stats: vm.heap.mem_stats(),
                stack_bytes: 8 * vm.stack.capacity() as u64,
            }));
            Ok(())
        }
        ("runtime", "memStat") => {
            let i = int_at(vm, base);
            let v = vm.mem_snapshot.as_deref().map_or(0, |m| m.field(i));
            set_int(vm, base, v as i64)
        }
        ("runtime", "gcCPUFraction") => {
            let f = vm
                .mem_snapshot
                .as_deref()
                .map_or(0.0, |m| m.stats.gc_cpu_fraction);
            set_float(vm, base, f)
        }
        ("runtime/debug", "SetGCPercent") => {
            let percent = int_at(vm, base).clamp(i64::from(i32::MIN), i64::from(i32::MAX));
            let prev = vm.heap.set_gc_percent(percent as i32);
            set_int(vm, base, i64::from(prev))
        }
        ("runtime/debug", "SetMemoryLimit") => {
            let prev = vm.heap.set_memory_limit(int_at(vm, base));
            set_int(vm, base, prev)
        }
        ("sync", "poolRegister") => {
            let id = vm.pools.register();
            set_int(vm, base, id as i64)
        }
        ("sync", "poolPut") => {
            let item = (vm.stack[base + 1], vm.stack[base + 2]);
            vm.pools.put(vm.stack[base], item);
            Ok(())
        }
        ("sync", "poolGet") => {
            let item = vm.pools.get(vm.stack[base]);
            let (t, d) = item.unwrap_or((0, 0));
            vm.stack[base] = t;
            vm.stack[base + 1] = d;
            vm.stack[base + 2] = u64::from(item.is_some());
            Ok(())
        }
        _ => return None,
    })
}

/// What `runtime.ReadMemStats` copies out: the heap's statistics and the register stack's
/// size (Go's stack memory).
pub(crate) struct MemSnapshot {
    stats: MemStats,
    stack_bytes: u64,
}

impl MemSnapshot {
    /// Field `i` of `runtime.MemStats` as `ReadMemStats` in runtime.mini numbers them.
    fn field(&self, i: i64) -> u64 {
        let m = &self.stats;
        match i {
            0 | 6 => m.heap_alloc,
            1 => m.total_alloc,
            2 => m.heap_sys + self.stack_bytes,
            4 => m.mallocs,
            5 => m.frees,
            7 => m.heap_sys,
            8 => m.heap_idle,
            9 => m.heap_inuse,
            11 => m.heap_objects,
            12 | 13 => self.stack_bytes,
            21 => m.next_gc,
            22 => m.last_gc,
            23 => m.pause_total_ns,
            24 => u64::from(m.num_gc),
            25 => u64::from(m.num_forced_gc),
            256..=511 => m.pause_ns[(i - 256) as usize],
            512..=767 => m.pause_end[(i - 512) as usize],
            _ => 0,
        }
    }
}
