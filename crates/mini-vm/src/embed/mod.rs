//! The embedding API of the VM: calling a program's functions with Rust values, host
//! functions the program calls, rooted function values, collector control and statistics.
//! A failed call leaves the VM ready for the next one.

mod value;

pub use value::{FuncRef, Rooted, Value};

use std::sync::Arc;

use mini_bytecode::{natives::NATIVES, GoType, Program};
use mini_gc::{GcEvent, MemStats};

use crate::error::VmError;
use crate::interp::frame_size;
use crate::vm::{Vm, INITIAL_STACK};

/// A host function as the VM calls it: it takes (drains) the arguments, converted by the
/// declared parameter types, and pushes its results, or returns `Err(message)` to panic the
/// calling script with that message (recoverable like any Go panic). The vectors are the
/// VM's, reused from call to call.
pub type HostFn = Box<dyn FnMut(&mut Vec<Value>, &mut Vec<Value>) -> Result<(), String> + Send>;

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
        let result = self.invoke(init, None).map(drop);
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
            .place_args(func, &words, None)
            .and_then(|()| self.invoke(func, None));
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
        if !self.frames.is_empty() {
            return Err(VmError::Conversion("the VM is already running".into()));
        }
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
        let result = written.and_then(|()| {
            self.place_args(func, &words, closure)?;
            self.invoke(func, closure)
        });
        self.embed_words = words;
        let result = result.and_then(|at| self.read_results(at, results, rooted, out));
        self.finish_call(result)
    }

    /// Copies the arguments (after the function value, for a call of one) to the bottom of
    /// the stack.
    fn place_args(&mut self, func: u32, args: &[u64], closure: Option<u64>) -> Result<(), VmError> {
        let proto = self
            .program
            .funcs
            .get(func as usize)
            .ok_or_else(|| VmError::Conversion(format!("no function {func}")))?;
        let own = usize::from(closure.is_some());
        let size = frame_size(proto).max(args.len()) + 2 * own;
        if self.stack.len() < size {
            self.stack.resize(size, 0);
        }
        if let Some(obj) = closure {
            self.stack[0] = obj;
        }
        self.stack[own..own + args.len()].copy_from_slice(args);
        Ok(())
    }

    /// Runs `func` (its arguments placed) until it returns; the results start at the returned
    /// stack index.
    fn invoke(&mut self, func: u32, closure: Option<u64>) -> Result<usize, VmError> {
        let is_closure = self.program.funcs[func as usize].is_closure;
        let own = usize::from(closure.is_some());
        let base = usize::from(closure.is_some() && !is_closure);
        self.enter_frame(func, base)?;
        match self.execute(0) {
            Err(e @ VmError::Panic { .. }) => self.unwind(e).map(|()| own),
            other => other.map(|()| own),
        }
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
        let Some(mut f) = self.hosts.get_mut(i).and_then(Option::take) else {
            let name = self
                .program
                .host_funcs
                .get(i)
                .map_or("?", |h| h.name.as_str());
            return Err(self.panic(format!("host function {name} is not registered")));
        };
        let (mut args, mut results) = std::mem::take(&mut self.host_values);
        args.clear();
        results.clear();
        let outcome = match self.call_scalar_host(i, base, &mut f, (&mut args, &mut results)) {
            Some(done) => done,
            None => {
                args.clear();
                results.clear();
                self.call_any_host(i, base, &mut f, (&mut args, &mut results))
            }
        };
        self.hosts[i] = Some(f);
        self.host_values = (args, results);
        outcome
    }

    /// `call_host` for a function whose parameters and results are all one-slot scalars:
    /// values go straight between slots and `Value`s. `None` when the general path is needed
    /// (before the function ran, or because it returned values of other types).
    fn call_scalar_host(
        &mut self,
        i: usize,
        base: usize,
        f: &mut HostFn,
        (args, results): (&mut Vec<Value>, &mut Vec<Value>),
    ) -> Option<Result<(), VmError>> {
        let sig = self.program.host_funcs.get(i)?;
        let scalar = |t: &GoType| value::scalar_value(0, t).is_some();
        if !sig.params.iter().chain(&sig.results).all(scalar) {
            return None;
        }
        let slots = self.stack.get(base..base + sig.params.len())?;
        for (w, t) in slots.iter().zip(&sig.params) {
            if let Some(v) = value::scalar_value(*w, t) {
                args.push(v);
            }
        }
        if let Err(message) = run_host(f, &sig.name, args, results) {
            return Some(Err(self.panic(message)));
        }
        let fits = results.len() == sig.results.len()
            && results
                .iter()
                .zip(&sig.results)
                .all(|(v, t)| value::scalar_word(v, t).is_some());
        if !fits || self.stack.len() < base + results.len() {
            let (name, types) = (sig.name.clone(), sig.results.clone());
            return Some(self.write_results(base, &name, &types, results));
        }
        for (k, (v, t)) in results.iter().zip(&sig.results).enumerate() {
            self.stack[base + k] = value::scalar_word(v, t).unwrap_or(0);
        }
        Some(Ok(()))
    }

    /// `call_host` for any signature: arguments and results through the general conversions.
    fn call_any_host(
        &mut self,
        i: usize,
        base: usize,
        f: &mut HostFn,
        (args, results): (&mut Vec<Value>, &mut Vec<Value>),
    ) -> Result<(), VmError> {
        let program = Arc::clone(&self.program);
        let Some(sig) = program.host_funcs.get(i) else {
            return Err(self.panic(format!("host function {i} is not declared")));
        };
        self.read_results(base, &sig.params, 0, args)?;
        match run_host(f, &sig.name, args, results) {
            Ok(()) => self.write_results(base, &sig.name, &sig.results, results),
            Err(message) => Err(self.panic(message)),
        }
    }

    /// Writes a host function's results at `stack[base..]`.
    fn write_results(
        &mut self,
        base: usize,
        name: &str,
        types: &[GoType],
        results: &[Value],
    ) -> Result<(), VmError> {
        if results.len() != types.len() {
            return Err(self.panic(format!(
                "host function {name} returned {} results, want {}",
                results.len(),
                types.len()
            )));
        }
        let mut words = std::mem::take(&mut self.embed_words);
        words.clear();
        let written = results
            .iter()
            .zip(types)
            .try_for_each(|(v, t)| self.write_value(v, t, &mut words));
        if written.is_ok() {
            if self.stack.len() < base + words.len() {
                self.stack.resize(base + words.len(), 0);
            }
            self.stack[base..base + words.len()].copy_from_slice(&words);
        }
        self.embed_words = words;
        written
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

/// Runs a host function; a Rust panic inside it becomes the message of a Mini panic (so it
/// unwinds the script, which may recover, instead of the VM).
fn run_host(
    f: &mut HostFn,
    name: &str,
    args: &mut Vec<Value>,
    results: &mut Vec<Value>,
) -> Result<(), String> {
    // The vectors are cleared before every call and the closure is the host's own: nothing
    // the VM relies on is left half-updated by an unwinding closure.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(args, results))) {
        Ok(outcome) => outcome,
        Err(payload) => {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a Rust panic".into());
            Err(format!("host function {name} panicked: {text}"))
        }
    }
}
