//! A virtual machine running one program for a host: settings made before `load` apply to the
//! VM `load` creates; calls convert Rust values both ways.

use std::io::Write;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use mini_vm::{FuncRef, GcEvent, InterruptHandle, Limits, MemStats, Rooted, Value};

use super::convert::{Args, MiniType, Results};
use super::error::{Error, Result};
use super::host::{HostPackage, SharedHostFn};
use super::program::Program;

/// A Mini virtual machine: a heap with its collector, the program's globals, and the limits
/// and output a host chose. `Send`: it may move between threads; give each thread its own.
///
/// ```
/// let program = mini::Program::compile("sum.go", "package main\n\nfunc Sum(xs []int) (int, bool) {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t, t > 10\n}\n")?;
/// let mut vm = mini::Vm::new();
/// vm.load(&program)?;
/// let (total, big): (i64, bool) = vm.call("Sum", (vec![1i64, 2, 3],))?;
/// assert_eq!((total, big), (6, false));
/// # Ok::<(), mini::Error>(())
/// ```
pub struct Vm {
    inner: Option<mini_vm::Vm>,
    program: Option<Program>,
    settings: Settings,
    /// Argument and result values of calls, reused from call to call.
    args: Vec<Value>,
    results: Vec<Value>,
}

/// A collection callback, kept to hand to every VM `load` makes.
type SharedCallback = Arc<Mutex<Box<dyn FnMut(&GcEvent) + Send>>>;

/// A VM's collection callback calling the shared one.
fn forward(shared: SharedCallback) -> mini_vm::GcCallback {
    Box::new(move |e| (shared.lock().unwrap_or_else(|p| p.into_inner()))(e))
}

/// What a host set before (or after) loading.
struct Settings {
    gc_callback: Option<SharedCallback>,
    gc: mini_gc::Config,
    limits: Limits,
    stdout: Option<Box<dyn Write + Send>>,
    stderr: Option<Box<dyn Write + Send>>,
    hosts: Vec<(String, SharedHostFn)>,
    interrupt: InterruptHandle,
    args: Vec<String>,
}

impl Default for Vm {
    fn default() -> Vm {
        Vm::new()
    }
}

impl Vm {
    /// A VM with Go's default collector settings (the environment is not read), no limits,
    /// and the process's stdout and stderr.
    pub fn new() -> Vm {
        Vm {
            inner: None,
            program: None,
            settings: Settings {
                gc_callback: None,
                gc: mini_gc::Config::default(),
                limits: Limits::default(),
                stdout: None,
                stderr: None,
                hosts: Vec::new(),
                interrupt: InterruptHandle::default(),
                args: Vec::new(),
            },
            args: Vec::new(),
            results: Vec::new(),
        }
    }

    /// Sets the collector's configuration (GOGC, memory limit, nursery size, torture modes)
    /// for the next `load`.
    ///
    /// ```
    /// let mut vm = mini::Vm::new();
    /// vm.set_gc_config(mini::GcConfig { zeal: mini::Zeal::parse("minor,verify").unwrap(), ..Default::default() });
    /// ```
    pub fn set_gc_config(&mut self, config: mini_gc::Config) {
        self.settings.gc = config;
    }

    /// Sets fuel, heap limit and frame depth (fuel is refilled).
    ///
    /// ```
    /// use mini::{Error, Limit, Limits};
    ///
    /// let p = mini::Program::compile("spin.go", "package main\n\nfunc Spin() {\n\tfor {\n\t}\n}\n")?;
    /// let mut vm = mini::Vm::new();
    /// vm.set_limits(Limits { fuel: Some(10_000), heap_bytes: Some(16 << 20), ..Limits::default() });
    /// vm.load(&p)?;
    /// assert_eq!(vm.call::<()>("Spin", ()), Err(Error::Limit(Limit::Fuel)));
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn set_limits(&mut self, limits: Limits) {
        self.settings.limits = limits;
        if let Some(vm) = &mut self.inner {
            vm.set_limits(limits);
        }
    }

    /// Refills the instruction budget (`None`: unlimited).
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.settings.limits.fuel = fuel;
        if let Some(vm) = &mut self.inner {
            vm.set_fuel(fuel);
        }
    }

    /// Fuel left (`u64::MAX` when unlimited).
    pub fn fuel(&self) -> u64 {
        self.inner
            .as_ref()
            .map_or(self.settings.limits.fuel.unwrap_or(u64::MAX), |vm| {
                vm.fuel()
            })
    }

    /// A handle another thread can use to stop this VM (`Error::Limit(Limit::Interrupt)`):
    /// a wall-clock timeout.
    ///
    /// ```
    /// use std::{thread, time::Duration};
    /// use mini::{Error, Limit};
    ///
    /// let p = mini::Program::compile("spin.go", "package main\n\nfunc Spin() {\n\tfor {\n\t}\n}\n")?;
    /// let mut vm = mini::Vm::new();
    /// vm.load(&p)?;
    /// let stop = vm.interrupt_handle();
    /// let timer = thread::spawn(move || {
    ///     thread::sleep(Duration::from_millis(20));
    ///     stop.interrupt();
    /// });
    /// assert_eq!(vm.call::<()>("Spin", ()), Err(Error::Limit(Limit::Interrupt)));
    /// timer.join().unwrap();
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.settings.interrupt.clone()
    }

    /// Sends the script's standard output to `w`.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// #[derive(Clone, Default)]
    /// struct Shared(Arc<Mutex<Vec<u8>>>);
    /// impl std::io::Write for Shared {
    ///     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
    ///         self.0.lock().unwrap().extend_from_slice(b);
    ///         Ok(b.len())
    ///     }
    ///     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
    /// }
    ///
    /// let p = mini::Program::compile("hi.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n")?;
    /// let out = Shared::default();
    /// let mut vm = mini::Vm::new();
    /// vm.set_stdout(out.clone());
    /// vm.load(&p)?;
    /// vm.run_main()?;
    /// assert_eq!(out.0.lock().unwrap().as_slice(), b"hi\n");
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn set_stdout(&mut self, w: impl Write + Send + 'static) {
        self.settings.stdout = Some(Box::new(w));
        self.apply_output();
    }

    /// Sends the script's standard error (and panic-time output of `print`) to `w`.
    pub fn set_stderr(&mut self, w: impl Write + Send + 'static) {
        self.settings.stderr = Some(Box::new(w));
        self.apply_output();
    }

    /// Sets `os.Args` (the program name first).
    pub fn set_args(&mut self, args: Vec<String>) {
        self.settings.args = args.clone();
        if let Some(vm) = &mut self.inner {
            vm.set_args(args);
        }
    }

    fn apply_output(&mut self) {
        let Some(vm) = &mut self.inner else { return };
        if self.settings.stdout.is_none() && self.settings.stderr.is_none() {
            return;
        }
        let out = self
            .settings
            .stdout
            .take()
            .unwrap_or_else(|| Box::new(std::io::stdout()));
        let err = self
            .settings
            .stderr
            .take()
            .unwrap_or_else(|| Box::new(std::io::stderr()));
        vm.set_output(out, err);
    }

    /// Makes `package`'s functions available to programs loaded afterwards (and to the
    /// loaded one, if it imports the package).
    pub fn register(&mut self, package: &HostPackage) {
        for (name, f) in package.functions() {
            if let Some(vm) = &mut self.inner {
                vm.register_host(&name, Arc::clone(&f));
            }
            self.settings.hosts.push((name, f));
        }
    }

    /// Loads `program` (replacing any loaded one, with a fresh heap) and runs its package
    /// initialisation. Every host function it calls must be registered.
    pub fn load(&mut self, program: &Program) -> Result<()> {
        let file = program.path().to_string();
        let config = self.settings.gc.clone();
        let mut vm = mini_vm::Vm::with_shared_program(Arc::clone(&program.inner.bytecode), config)
            .map_err(|e| Error::from_vm(e, &file))?;
        vm.set_limits(self.settings.limits);
        vm.set_interrupt_handle(self.settings.interrupt.clone());
        vm.set_args(self.settings.args.clone());
        if let Some(callback) = &self.settings.gc_callback {
            vm.on_collection(Some(forward(Arc::clone(callback))));
        }
        for (name, f) in &self.settings.hosts {
            vm.register_host(name, Arc::clone(f));
        }
        let missing = vm.missing_host_functions();
        if !missing.is_empty() {
            return Err(Error::NotFound(format!(
                "host functions not registered: {}",
                missing.join(", ")
            )));
        }
        self.inner = Some(vm);
        self.program = Some(program.clone());
        self.apply_output();
        let vm = self.loaded()?;
        vm.run_init().map_err(|e| Error::from_vm(e, &file))
    }

    fn loaded(&mut self) -> Result<&mut mini_vm::Vm> {
        self.inner
            .as_mut()
            .ok_or_else(|| Error::NotFound("no program loaded".into()))
    }

    fn file(&self) -> String {
        self.program
            .as_ref()
            .map_or(String::new(), |p| p.path().to_string())
    }

    /// Runs `main` (package initialisation already ran in `load`).
    pub fn run_main(&mut self) -> Result<()> {
        self.call::<()>("main", ())
    }

    /// Calls top-level function `name` with `args` (a tuple) and converts its results.
    ///
    /// ```
    /// let p = mini::Program::compile("div.go", "package main\n\nimport \"errors\"\n\nfunc Div(a, b int) (int, error) {\n\tif b == 0 {\n\t\treturn 0, errors.New(\"division by zero\")\n\t}\n\treturn a / b, nil\n}\n")?;
    /// let mut vm = mini::Vm::new();
    /// vm.load(&p)?;
    /// let ok: Result<i64, mini::GoError> = vm.call("Div", (7i64, 2i64))?;
    /// assert_eq!(ok, Ok(3));
    /// let bad: Result<i64, mini::GoError> = vm.call("Div", (1i64, 0i64))?;
    /// assert_eq!(bad.unwrap_err().to_string(), "division by zero");
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn call<R: Results>(&mut self, name: &str, args: impl Args) -> Result<R> {
        let index = self.export_index(name)?;
        self.call_typed(index, args)
    }

    /// Calls top-level function `name` with dynamic values.
    pub fn call_values(&mut self, name: &str, args: &[Value]) -> Result<Vec<Value>> {
        let index = self.export_index(name)?;
        let mut out = Vec::new();
        self.call_index(index, args, 0, &mut out)?;
        Ok(out)
    }

    /// Calls export `index`, converting through the reused argument and result vectors.
    fn call_typed<R: Results>(&mut self, index: usize, args: impl Args) -> Result<R> {
        let (mut values, mut results) = (
            std::mem::take(&mut self.args),
            std::mem::take(&mut self.results),
        );
        values.clear();
        results.clear();
        args.push_values(&mut values);
        let outcome = self
            .call_index(index, &values, R::ROOTED, &mut results)
            .and_then(|()| R::from_values(&mut results));
        (self.args, self.results) = (values, results);
        outcome
    }

    fn export_index(&self, name: &str) -> Result<usize> {
        let program = self
            .program
            .as_ref()
            .ok_or_else(|| Error::NotFound("no program loaded".into()))?;
        program
            .bytecode()
            .exports
            .iter()
            .position(|e| e.name == name)
            .ok_or_else(|| Error::NotFound(format!("no function {name} in {}", program.path())))
    }

    fn call_index(
        &mut self,
        index: usize,
        args: &[Value],
        rooted: u64,
        out: &mut Vec<Value>,
    ) -> Result<()> {
        let result = self.loaded()?.call_export(index, args, rooted, out);
        result.map_err(|e| Error::from_vm(e, &self.file()))
    }

    /// A typed handle on top-level function `name`, its signature checked once here.
    ///
    /// ```
    /// let p = mini::Program::compile("f.go", "package main\n\nfunc Add(a, b int) int { return a + b }\n")?;
    /// let mut vm = mini::Vm::new();
    /// vm.load(&p)?;
    /// let add = vm.func::<(i64, i64), i64>("Add")?;
    /// assert_eq!(add.call(&mut vm, (2, 3))?, 5);
    /// assert!(vm.func::<(String,), i64>("Add").is_err());
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn func<A: Args, R: Results>(&self, name: &str) -> Result<TypedFunc<A, R>> {
        let index = self.export_index(name)?;
        let program = self
            .program
            .as_ref()
            .ok_or_else(|| Error::NotFound(name.into()))?;
        let export = &program.bytecode().exports[index];
        if !A::matches(&export.params) || !R::matches(&export.results) {
            return Err(Error::Conversion(format!(
                "func {name}({}) ({}) does not match the Rust types",
                type_list(&export.params),
                type_list(&export.results)
            )));
        }
        Ok(TypedFunc {
            index,
            program: program_id(program),
            _types: PhantomData,
        })
    }

    /// Calls a Mini function value the host kept (see [`FuncRef`]).
    ///
    /// ```
    /// let p = mini::Program::compile("c.go", "package main\n\nfunc Counter() func() int {\n\tn := 0\n\treturn func() int { n++; return n }\n}\n")?;
    /// let mut vm = mini::Vm::new();
    /// vm.load(&p)?;
    /// let next: mini::FuncRef = vm.call("Counter", ())?;
    /// vm.collect(); // the closure is rooted
    /// assert_eq!(vm.call_value::<i64>(&next, ())?, 1);
    /// assert_eq!(vm.call_value::<i64>(&next, ())?, 2);
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn call_value<R: Results>(&mut self, f: &FuncRef, args: impl Args) -> Result<R> {
        let mut values = Vec::new();
        args.push_values(&mut values);
        let mut out = Vec::new();
        let result = self.loaded()?.call_func(f, &values, R::ROOTED, &mut out);
        result.map_err(|e| Error::from_vm(e, &self.file()))?;
        R::from_values(&mut out)
    }

    /// Copies a rooted slice or map out of the heap as `T`.
    ///
    /// ```
    /// let p = mini::Program::compile("r.go", "package main\n\nfunc Make() []int { return []int{1, 2} }\n\nfunc Grow(s []int) []int { return append(s, 3) }\n")?;
    /// let mut vm = mini::Vm::new();
    /// vm.load(&p)?;
    /// let s: mini::Rooted = vm.call("Make", ())?;
    /// vm.collect();
    /// let longer: Vec<i64> = vm.call("Grow", (s.clone(),))?;
    /// assert_eq!((vm.get::<Vec<i64>>(&s)?, longer), (vec![1, 2], vec![1, 2, 3]));
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn get<T: MiniType>(&mut self, value: &Rooted) -> Result<T> {
        let v = self.loaded()?.read_rooted(value);
        T::from_value(v.map_err(|e| Error::from_vm(e, &self.file()))?)
    }

    /// A major collection now.
    pub fn collect(&mut self) {
        if let Some(vm) = &mut self.inner {
            vm.collect();
        }
    }

    /// The collector's statistics (Go's `runtime.MemStats` fields).
    pub fn mem_stats(&self) -> MemStats {
        self.inner
            .as_ref()
            .map(|vm| vm.mem_stats())
            .unwrap_or_default()
    }

    /// Go's `debug.SetGCPercent` (GOGC); returns the previous value.
    pub fn set_gc_percent(&mut self, percent: i32) -> i32 {
        let old = self.settings.gc.gc_percent;
        self.settings.gc.gc_percent = percent;
        self.inner
            .as_mut()
            .map_or(old, |vm| vm.set_gc_percent(percent))
    }

    /// Go's `debug.SetMemoryLimit` (GOMEMLIMIT, a soft limit); returns the previous value.
    pub fn set_memory_limit(&mut self, bytes: i64) -> i64 {
        let old = self.settings.gc.memory_limit;
        self.settings.gc.memory_limit = bytes;
        self.inner
            .as_mut()
            .map_or(old, |vm| vm.set_memory_limit(bytes))
    }

    /// Runs `callback` after every collection (of this program's heap and of programs loaded
    /// later), replacing an earlier callback.
    ///
    /// ```
    /// use std::sync::{Arc, atomic::{AtomicU32, Ordering}};
    ///
    /// let p = mini::Program::compile("gc.go", "package main\n\nimport \"runtime\"\n\nfunc main() { runtime.GC() }\n")?;
    /// let collections = Arc::new(AtomicU32::new(0));
    /// let seen = Arc::clone(&collections);
    /// let mut vm = mini::Vm::new();
    /// vm.on_collection(move |_event| { seen.fetch_add(1, Ordering::Relaxed); });
    /// vm.load(&p)?;
    /// vm.run_main()?;
    /// assert_eq!(collections.load(Ordering::Relaxed), 1);
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn on_collection(&mut self, callback: impl FnMut(&GcEvent) + Send + 'static) {
        let shared: SharedCallback = Arc::new(Mutex::new(Box::new(callback)));
        self.settings.gc_callback = Some(Arc::clone(&shared));
        if let Some(vm) = &mut self.inner {
            vm.on_collection(Some(forward(shared)));
        }
    }

    /// The underlying VM, once a program is loaded.
    pub fn raw(&mut self) -> Option<&mut mini_vm::Vm> {
        self.inner.as_mut()
    }
}

fn type_list(types: &[mini_bytecode::GoType]) -> String {
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    names.join(", ")
}

/// A top-level function whose signature was checked against Rust types `A` (a tuple) and
/// `R` once, by [`Vm::func`].
#[derive(Debug)]
pub struct TypedFunc<A, R> {
    index: usize,
    /// Which program's export `index` is (see `program_id`).
    program: usize,
    _types: PhantomData<fn(A) -> R>,
}

impl<A, R> Clone for TypedFunc<A, R> {
    fn clone(&self) -> Self {
        TypedFunc {
            index: self.index,
            program: self.program,
            _types: PhantomData,
        }
    }
}

/// Identifies a compiled program (its shared bytecode's address), so a typed handle is only
/// used with VMs running the program it was checked against.
fn program_id(p: &Program) -> usize {
    Arc::as_ptr(&p.inner.bytecode) as usize
}

impl<A: Args, R: Results> TypedFunc<A, R> {
    /// Calls the function on `vm` (the VM the handle came from, or one running the same
    /// program).
    pub fn call(&self, vm: &mut Vm, args: A) -> Result<R> {
        if vm.program.as_ref().map(program_id) != Some(self.program) {
            return Err(Error::Conversion(
                "a function handle used with a VM running another program".into(),
            ));
        }
        vm.call_typed(self.index, args)
    }
}
