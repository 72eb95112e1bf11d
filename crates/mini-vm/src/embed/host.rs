//! Host functions: Rust closures a program calls through `CallNative` indices past the VM's
//! own natives, with their arguments converted in and their results out.

use std::sync::Arc;

use mini_bytecode::{natives::NATIVES, GoType};

use super::value::{self, Value};
use crate::error::VmError;
use crate::vm::Vm;

/// A host function as the VM calls it: with the VM (to call back into the script), it takes
/// (drains) the arguments, converted by the declared parameter types, and pushes its results.
/// The vectors are the VM's, reused from call to call. Shared (`Fn`, in an `Arc`), so that a
/// host function may run again while it calls back into the script, and so that one closure
/// serves every VM it is registered with.
pub type HostFn =
    Arc<dyn Fn(&mut Vm, &mut Vec<Value>, &mut Vec<Value>) -> Result<(), HostError> + Send + Sync>;

/// How a host function fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostError {
    /// Panics the calling script with this message (recoverable like any Go panic).
    Panic(String),
    /// Ends the run with this error (a limit a call back into the script hit, `os.Exit`).
    Stop(VmError),
}

/// How many host functions may be running at once, each having called back into the script:
/// every level takes Rust stack, so the depth is bounded well below what a thread's stack
/// holds.
const MAX_HOST_DEPTH: u32 = 64;

/// A registered host function: the closure, and a second handle on it that a call takes
/// while it runs, so that calling costs no reference counting unless the function runs again
/// meanwhile (through the script).
#[derive(Default)]
pub(crate) struct HostSlot {
    registered: Option<HostFn>,
    ready: Option<HostFn>,
}

impl Vm {
    /// Registers `f` as host function `name` (qualified: `host.Log`), if the program calls
    /// it. Returns whether it does.
    pub fn register_host(&mut self, name: &str, f: HostFn) -> bool {
        let Some(i) = self.program.host_funcs.iter().position(|h| h.name == name) else {
            return false;
        };
        if self.hosts.len() <= i {
            self.hosts
                .resize_with(self.program.host_funcs.len(), HostSlot::default);
        }
        self.hosts[i] = HostSlot {
            ready: Some(Arc::clone(&f)),
            registered: Some(f),
        };
        true
    }

    /// The host functions the program calls that have not been registered.
    pub fn missing_host_functions(&self) -> Vec<String> {
        (0..self.program.host_funcs.len())
            .filter(|&i| self.hosts.get(i).is_none_or(|h| h.registered.is_none()))
            .map(|i| self.program.host_funcs[i].name.clone())
            .collect()
    }

    /// `CallNative` of a host function: converts the arguments at `stack[base..]`, calls
    /// the closure and writes its results back at `base`.
    pub(crate) fn call_host(&mut self, n: u16, base: usize) -> Result<(), VmError> {
        let i = n as usize - NATIVES.len();
        let (f, taken) = match self.hosts.get_mut(i) {
            Some(slot) => match slot.ready.take() {
                Some(f) => (Some(f), true),
                None => (slot.registered.clone(), false),
            },
            None => (None, false),
        };
        let Some(f) = f else {
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
        let outcome = match self.call_scalar_host(i, base, &f, (&mut args, &mut results)) {
            Some(done) => done,
            None => {
                args.clear();
                results.clear();
                self.call_any_host(i, base, &f, (&mut args, &mut results))
            }
        };
        self.host_values = (args, results);
        if taken {
            self.hosts[i].ready = Some(f);
        }
        outcome
    }

    /// Runs host function `i`, giving it the VM (it may call back into the script, up to
    /// `MAX_HOST_DEPTH` host functions deep). A Rust panic inside it becomes a Mini panic,
    /// which unwinds the script (and may be recovered) instead of the VM.
    fn run_host(
        &mut self,
        f: &HostFn,
        i: usize,
        args: &mut Vec<Value>,
        results: &mut Vec<Value>,
    ) -> Result<(), VmError> {
        if self.host_depth >= MAX_HOST_DEPTH {
            return Err(self.fatal("host functions nested too deeply"));
        }
        self.host_depth += 1;
        // The vectors are cleared before every call, the closure is the host's own, and a
        // call back into the script leaves the VM as it found it: nothing the VM relies on
        // is left half-updated by an unwinding closure.
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self, args, results)));
        self.host_depth -= 1;
        match outcome {
            Ok(Ok(())) => Ok(()),
            Ok(Err(HostError::Panic(message))) => Err(self.panic(message)),
            Ok(Err(HostError::Stop(e))) => Err(e),
            Err(payload) => {
                let text = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a Rust panic".into());
                let name = &self.program.host_funcs[i].name;
                Err(self.panic(format!("host function {name} panicked: {text}")))
            }
        }
    }

    /// `call_host` for a function whose parameters and results are all one-slot scalars:
    /// values go straight between slots and `Value`s. `None` when the general path is needed
    /// (before the function ran, or because it returned values of other types).
    fn call_scalar_host(
        &mut self,
        i: usize,
        base: usize,
        f: &HostFn,
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
        if let Err(e) = self.run_host(f, i, args, results) {
            return Some(Err(e));
        }
        let sig = &self.program.host_funcs[i];
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
        f: &HostFn,
        (args, results): (&mut Vec<Value>, &mut Vec<Value>),
    ) -> Result<(), VmError> {
        let program = Arc::clone(&self.program);
        let Some(sig) = program.host_funcs.get(i) else {
            return Err(self.panic(format!("host function {i} is not declared")));
        };
        self.read_results(base, &sig.params, 0, args)?;
        self.run_host(f, i, args, results)?;
        self.write_results(base, &sig.name, &sig.results, results)
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
}
