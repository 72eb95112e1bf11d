//! The embedding API of the VM: calling a program's functions with Rust values, host
//! functions the program calls, rooted function values, collector control and statistics.
//! A failed call leaves the VM ready for the next one.

mod value;

pub use value::{FuncRef, Value};

use std::sync::Arc;

use mini_bytecode::{natives::NATIVES, GoType, Program};
use mini_gc::{GcEvent, MemStats};

use crate::error::VmError;
use crate::interp::frame_size;
use crate::vm::Vm;

/// A host function as the VM calls it: the arguments, converted by the declared parameter
/// types, in; the results out, or `Err(message)` to panic the calling script with that
/// message (recoverable like any Go panic).
pub type HostFn = Box<dyn FnMut(Vec<Value>) -> Result<Vec<Value>, String> + Send>;

/// A callback run after every collection.
pub type GcCallback = Box<dyn FnMut(&GcEvent) + Send>;

impl Vm {
    /// The program this VM runs.
    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    /// Runs package initialisation (variables and `init` functions) without `main`.
    pub fn run_init(&mut self) -> Result<(), VmError> {
        let init = self.program.init;
        let result = self.invoke(init, &[], None).map(drop);
        self.finish_call(result)
    }

    /// Calls exported function `index` (into `Program::exports`) with `args`.
    pub fn call_export(&mut self, index: usize, args: &[Value]) -> Result<Vec<Value>, VmError> {
        let program = Arc::clone(&self.program);
        let export = program
            .exports
            .get(index)
            .ok_or_else(|| VmError::Conversion(format!("no exported function {index}")))?;
        self.call_with(export.func, None, args, &export.params, &export.results)
    }

    /// Calls a function value the program handed out.
    pub fn call_func(&mut self, f: &FuncRef, args: &[Value]) -> Result<Vec<Value>, VmError> {
        if !self.belongs(f) {
            return Err(VmError::Conversion("a function of another VM".into()));
        }
        let obj = f.handle.get().to_bits();
        // SAFETY: a rooted handle of this heap (checked above) always holds a live function
        // value, whose first word is its function index.
        let func = unsafe { self.heap.load(mini_gc::GcRef::from_bits(obj), 0) } as u32;
        self.call_with(func, Some(obj), args, &f.params, &f.results)
    }

    fn belongs(&self, f: &FuncRef) -> bool {
        self.heap.get(&f.handle, 0).is_some()
    }

    fn call_with(
        &mut self,
        func: u32,
        closure: Option<u64>,
        args: &[Value],
        params: &[GoType],
        results: &[GoType],
    ) -> Result<Vec<Value>, VmError> {
        if args.len() != params.len() {
            return Err(VmError::Conversion(format!(
                "{} arguments for {} parameters",
                args.len(),
                params.len()
            )));
        }
        let mut words = Vec::with_capacity(params.len());
        for (a, t) in args.iter().zip(params) {
            self.write_value(a, t, &mut words)?;
        }
        let result = self
            .invoke(func, &words, closure)
            .and_then(|at| self.read_results(at, results));
        self.finish_call(result)
    }

    /// Places the arguments and runs `func` until it returns; the results start at the
    /// returned stack index.
    fn invoke(&mut self, func: u32, args: &[u64], closure: Option<u64>) -> Result<usize, VmError> {
        if !self.frames.is_empty() {
            return Err(VmError::Conversion("the VM is already running".into()));
        }
        let proto = self
            .program
            .funcs
            .get(func as usize)
            .ok_or_else(|| VmError::Conversion(format!("no function {func}")))?;
        let own = usize::from(closure.is_some());
        let base = usize::from(closure.is_some() && !proto.is_closure);
        let size = frame_size(proto).max(own + args.len());
        if self.stack.len() < base + size + own {
            self.stack.resize(base + size + own, 0);
        }
        if let Some(obj) = closure {
            self.stack[0] = obj;
        }
        self.stack[own..own + args.len()].copy_from_slice(args);
        self.enter_frame(func, base)?;
        match self.execute(0) {
            Err(e @ VmError::Panic { .. }) => self.unwind(e).map(|()| own),
            other => other.map(|()| own),
        }
    }

    fn read_results(&mut self, at: usize, types: &[GoType]) -> Result<Vec<Value>, VmError> {
        let mut out = Vec::with_capacity(types.len());
        let mut at = at;
        for t in types {
            let n = t.slots();
            let words = self.stack[at..at + n].to_vec();
            out.push(self.read_value(&words, t)?);
            at += n;
        }
        Ok(out)
    }

    /// Leaves the VM idle whatever happened: no frames, deferred calls or panic left, the
    /// registers cleared (so nothing they held is kept alive), output flushed.
    fn finish_call<T>(&mut self, result: Result<T, VmError>) -> Result<T, VmError> {
        self.frames.clear();
        self.defers.clear();
        self.panicking = None;
        self.gc_hold = 0;
        self.stack.fill(0);
        let _ = std::io::Write::flush(&mut self.stdout);
        result
    }

    /// Registers `f` as host function `name` (qualified: `host.Log`), if the program calls
    /// it. Returns whether it does.
    pub fn register_host(&mut self, name: &str, f: HostFn) -> bool {
        let Some(i) = self.program.host_funcs.iter().position(|h| h.name == name) else {
            return false;
        };
        if self.hosts.len() <= i {
            self.hosts
                .resize_with(self.program.host_funcs.len(), || None);
        }
        self.hosts[i] = Some(f);
        true
    }

    /// The host functions the program calls that have not been registered.
    pub fn missing_host_functions(&self) -> Vec<String> {
        (0..self.program.host_funcs.len())
            .filter(|&i| self.hosts.get(i).is_none_or(Option::is_none))
            .map(|i| self.program.host_funcs[i].name.clone())
            .collect()
    }

    /// `CallNative` of a host function: converts the arguments at `stack[base..]`, calls
    /// the closure and writes its results back at `base`.
    pub(crate) fn call_host(&mut self, n: u16, base: usize) -> Result<(), VmError> {
        let i = n as usize - NATIVES.len();
        let program = Arc::clone(&self.program);
        let Some(sig) = program.host_funcs.get(i) else {
            return Err(self.panic(format!("native function {n} is not implemented")));
        };
        let Some(mut f) = self.hosts.get_mut(i).and_then(Option::take) else {
            return Err(self.panic(format!("host function {} is not registered", sig.name)));
        };
        let args = self.read_results(base, &sig.params);
        let results = args.and_then(|args| f(args).map_err(|m| self.panic(m)));
        self.hosts[i] = Some(f);
        let mut words = Vec::with_capacity(sig.results.len());
        let results = results?;
        if results.len() != sig.results.len() {
            return Err(self.panic(format!(
                "host function {} returned {} results, want {}",
                sig.name,
                results.len(),
                sig.results.len()
            )));
        }
        for (v, t) in results.iter().zip(&sig.results) {
            self.write_value(v, t, &mut words)?;
        }
        if self.stack.len() < base + words.len() {
            self.stack.resize(base + words.len(), 0);
        }
        self.stack[base..base + words.len()].copy_from_slice(&words);
        Ok(())
    }

    /// A major collection now (`runtime.GC`).
    pub fn collect(&mut self) {
        self.collect_now(false);
    }

    /// The collector's statistics, with Go's `runtime.MemStats` fields.
    pub fn mem_stats(&self) -> MemStats {
        self.heap.mem_stats()
    }

    /// `debug.SetGCPercent`: returns the previous setting (negative: collection off).
    pub fn set_gc_percent(&mut self, percent: i32) -> i32 {
        self.heap.set_gc_percent(percent)
    }

    /// `debug.SetMemoryLimit`: the soft limit in bytes; returns the previous one.
    pub fn set_memory_limit(&mut self, bytes: i64) -> i64 {
        self.heap.set_memory_limit(bytes)
    }

    /// Runs `callback` after every collection (replacing an earlier one; `None` removes it).
    /// It runs while the VM is collecting and must not block for long.
    pub fn on_collection(&mut self, callback: Option<GcCallback>) {
        self.gc_callback = callback.map(|c| Arc::new(std::sync::Mutex::new(c)));
        self.install_hook();
    }
}
