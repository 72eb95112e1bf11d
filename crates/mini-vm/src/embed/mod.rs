//! The embedding API of the VM: calling a program's functions with Rust values, host
//! functions the program calls, rooted function values, collector control and statistics.
//! A failed call leaves the VM ready for the next one.

mod host;
mod value;

pub(crate) use host::HostSlot;
pub use host::{HostError, HostFn};
pub use value::{FuncRef, Rooted, Value};

use std::sync::Arc;

use mini_bytecode::{GoType, Program};
use mini_gc::{GcEvent, MemStats};

use crate::error::VmError;
use crate::vm::{Vm, INITIAL_STACK};

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
        let result = self.invoke(init, None, 0).map(drop);
        self.finish_call(result)
    }

    /// Calls exported function `index` (into `Program::exports`) with `args`; its results are
    /// pushed on `out`. Result `i` is a [`Rooted`] handle rather than a copy when bit `i` of
    /// `rooted` is set and it is a slice or map.
    pub fn call_export(
        &mut self,
        index: usize,
        args: &[Value],
        rooted: u64,
        out: &mut Vec<Value>,
    ) -> Result<(), VmError> {
        if let Some(done) = self.call_scalar_export(index, args, out) {
            return done;
        }
        let program = Arc::clone(&self.program);
        let export = program
            .exports
            .get(index)
            .ok_or_else(|| VmError::Conversion(format!("no exported function {index}")))?;
        let sig = (&export.params[..], &export.results[..]);
        self.call_with(export.func, None, args, sig, (rooted, out))
    }

    /// `call_export` of a function whose parameters and results are all one-slot scalars
    /// (the arguments matching): the values go straight between `Value`s and slots. `None`
    /// when the general path is needed (it also reports every error).
    fn call_scalar_export(
        &mut self,
        index: usize,
        args: &[Value],
        out: &mut Vec<Value>,
    ) -> Option<Result<(), VmError>> {
        let export = self.program.exports.get(index)?;
        let scalar_results = export
            .results
            .iter()
            .all(|t| value::scalar_value(0, t).is_some());
        if !self.frames.is_empty() || args.len() != export.params.len() || !scalar_results {
            return None;
        }
        self.embed_words.clear();
        for (a, t) in args.iter().zip(&export.params) {
            self.embed_words.push(value::scalar_word(a, t)?);
        }
        let func = export.func;
        let words = std::mem::take(&mut self.embed_words);
        let result = self
            .place_args(func, &words, None, 0)
            .and_then(|()| self.invoke(func, None, 0));
        self.embed_words = words;
        let result = result.map(|at| {
            let results = &self.program.exports[index].results;
            let slots = self.stack.get(at..at + results.len()).unwrap_or_default();
            for (w, t) in slots.iter().zip(results) {
                if let Some(v) = value::scalar_value(*w, t) {
                    out.push(v);
                }
            }
        });
        Some(self.finish_call(result))
    }

    /// Calls a function value the program handed out; its results are pushed on `out`.
    pub fn call_func(
        &mut self,
        f: &FuncRef,
        args: &[Value],
        rooted: u64,
        out: &mut Vec<Value>,
    ) -> Result<(), VmError> {
        if !self.belongs(f) {
            return Err(VmError::Conversion("a function of another VM".into()));
        }
        let obj = f.handle.get().to_bits();
        // SAFETY: a rooted handle of this heap (checked above) always holds a live function
        // value, whose first word is its function index.
        let func = unsafe { self.heap.load(mini_gc::GcRef::from_bits(obj), 0) } as u32;
        let sig = std::sync::Arc::clone(&f.sig);
        self.call_with(func, Some(obj), args, (&sig.0, &sig.1), (rooted, out))
    }

    fn belongs(&self, f: &FuncRef) -> bool {
        self.heap.get(&f.handle, 0).is_some()
    }

    fn call_with(
        &mut self,
        func: u32,
        closure: Option<u64>,
        args: &[Value],
        (params, results): (&[GoType], &[GoType]),
        (rooted, out): (u64, &mut Vec<Value>),
    ) -> Result<(), VmError> {
        if args.len() != params.len() {
            return Err(VmError::Conversion(format!(
                "{} arguments for {} parameters",
                args.len(),
                params.len()
            )));
        }
        let mut words = std::mem::take(&mut self.embed_words);
        words.clear();
        let written =
            args.iter()
                .zip(params)
                .try_for_each(|(a, t)| match value::scalar_word(a, t) {
                    Some(w) => {
                        words.push(w);
                        Ok(())
                    }
                    None => self.write_value(a, t, &mut words),
                });
        let nested = !self.frames.is_empty();
        let at = self.call_start();
        let result = written.and_then(|()| {
            self.place_args(func, &words, closure, at)?;
            self.invoke(func, closure, at)
        });
        self.embed_words = words;
        let result = result.and_then(|at| self.read_results(at, results, rooted, out));
        if nested {
            return result;
        }
        self.finish_call(result)
    }

    /// Where a call from the host starts: at the bottom of the stack on an idle VM, above the
    /// current frame when a host function calls back into the script.
    fn call_start(&self) -> usize {
        self.above_top_frame()
    }

    /// Copies the arguments (after the function value, for a call of one) to `stack[at..]`.
    fn place_args(
        &mut self,
        func: u32,
        args: &[u64],
        closure: Option<u64>,
        at: usize,
    ) -> Result<(), VmError> {
        let frame = self
            .frame_layouts
            .get(func as usize)
            .ok_or_else(|| VmError::Conversion(format!("no function {func}")))?;
        let own = usize::from(closure.is_some());
        let size = at + (frame.size as usize).max(args.len()) + 2 * own;
        if self.stack.len() < size {
            self.stack.resize(size, 0);
        }
        if let Some(obj) = closure {
            self.stack[at] = obj;
        }
        self.stack[at + own..at + own + args.len()].copy_from_slice(args);
        Ok(())
    }

    /// Runs `func` (its arguments placed at `stack[at..]`) until it returns; the results
    /// start at the returned stack index. Called back from a host function, it leaves the
    /// frames below it, their deferred calls and the panic being unwound (if any) as they were,
    /// whatever happens.
    fn invoke(&mut self, func: u32, closure: Option<u64>, at: usize) -> Result<usize, VmError> {
        let depth = self.frames.len();
        let is_closure = self.program.funcs[func as usize].is_closure;
        let own = usize::from(closure.is_some());
        self.enter_frame(func, at + usize::from(closure.is_some() && !is_closure))?;
        if depth == 0 {
            // A call from the host runs as the main goroutine, with the goroutines it starts.
            return self.run_scheduled().map(|()| own);
        }
        let outer_panic = self.panicking.take();
        let result = self.execute(depth);
        self.panicking = outer_panic;
        if result.is_err() {
            self.frames.truncate(depth);
            self.defers.retain(|&(f, _)| f < depth);
        }
        result.map(|()| at + own)
    }

    /// Converts the values of `types` at `stack[at..]`, pushing them on `out` (value `i` as
    /// a rooted handle when bit `i` of `rooted` is set).
    fn read_results(
        &mut self,
        mut at: usize,
        types: &[GoType],
        rooted: u64,
        out: &mut Vec<Value>,
    ) -> Result<(), VmError> {
        let mut words = [0u64; 8];
        for (i, t) in types.iter().enumerate() {
            if let Some(v) = self.stack.get(at).and_then(|w| value::scalar_value(*w, t)) {
                out.push(v);
                at += 1;
                continue;
            }
            let n = t.slots();
            let rooted = rooted >> i.min(63) & 1 == 1;
            let v = if n <= words.len() {
                words[..n].copy_from_slice(&self.stack[at..at + n]);
                if rooted {
                    self.read_rooted_value(&words[..n], t)?
                } else {
                    self.read_value(&words[..n], t)?
                }
            } else {
                let words = self.stack[at..at + n].to_vec();
                self.read_value(&words, t)?
            };
            out.push(v);
            at += n;
        }
        Ok(())
    }

    /// Leaves the VM idle whatever happened: no frames, deferred calls or panic left, the
    /// registers cleared (so nothing they held is kept alive), output flushed.
    /// After a failure the stack is also given back (it may have grown deep).
    fn finish_call<T>(&mut self, result: Result<T, VmError>) -> Result<T, VmError> {
        if !self.stdout.buffer().is_empty() {
            let _ = std::io::Write::flush(&mut self.stdout);
        }
        if result.is_err() {
            self.frames.clear();
            self.defers.clear();
            self.panicking = None;
            self.gc_hold = 0;
            self.stack.clear();
            self.stack.shrink_to(INITIAL_STACK);
        }
        result
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
