//! The VM's state: the heap, the register stack, the frame stack, globals and the loaded program.
//!
//! Frames are data: a Mini call pushes a `Frame` and continues in the same dispatch loop, so
//! deep recursion grows these vectors, never the Rust stack. A frame's registers are the
//! slice `stack[base .. base + registers]`; a callee's frame starts at the caller's call
//! register, so arguments are passed in place and results come back in place.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use mini_bytecode::{Instr, Program, SlotKind};
use mini_gc::{Config, GcKind, GcRef, Heap, RootSet, Shape, ShapeId, Slot, Tracer};

use crate::error::VmError;
use crate::maps::MapInfo;
use crate::observe::{self, ObserveOptions, Observer, SharedObserver};
use crate::pools::Pools;
use crate::slices::ArrayInfo;

/// One activation of a Mini function.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub func: u32,
    pub pc: usize,
    pub base: usize,
    /// A panic is unwinding through this frame: it is running the frame's deferred calls.
    pub unwinding: bool,
}

/// The panic being unwound: its value (an interface's two words, for `recover`) and how it
/// will be reported if nothing recovers it.
#[derive(Clone, Debug)]
pub(crate) struct Panicking {
    pub value: (u64, u64),
    pub error: VmError,
    pub recovered: bool,
    /// The panic whose deferred call raised this one: it goes on if this one is recovered
    /// before unwinding out of that call, and is abandoned if this one does.
    pub interrupted: Option<Box<Interrupted>>,
}

/// A panic interrupted by another raised in one of its deferred calls.
#[derive(Clone, Debug)]
pub(crate) struct Interrupted {
    pub panic: Panicking,
    /// The frame running the deferred call (its `unwinding` frame).
    pub frame: usize,
}

impl Panicking {
    /// Visits the panic values of this panic and of those it interrupted (interface words).
    fn visit_values(&mut self, t: &mut Tracer) {
        let mut p = Some(self);
        while let Some(panic) = p {
            let mut words = [panic.value.0, panic.value.1];
            visit_slots(t, &mut words, &[SlotKind::IfaceType, SlotKind::IfaceData]);
            panic.value = (words[0], words[1]);
            p = panic.interrupted.as_deref_mut().map(|i| &mut i.panic);
        }
    }
}

/// Shapes the VM registers with the heap.
pub(crate) struct Shapes {
    /// Per runtime type: the box holding a multi-slot value in an interface.
    pub boxes: Vec<Option<ShapeId>>,
    /// The program's heap boxes (`NewBox`), by index.
    pub values: Vec<ShapeId>,
    /// Function values by number of captured variables.
    pub closures: Vec<ShapeId>,
    /// Map headers: entries array, count, used slots, map shape.
    pub map_header: ShapeId,
    pub string: ShapeId,
    /// Interface values in a slice backing array: (type word, data) per element.
    pub iface_array: ShapeId,
    /// Strings in a slice backing array (the `[]string` results of native functions).
    pub string_array: ShapeId,
    /// Channels (see `chans.rs`).
    pub chan: ShapeId,
    /// The buffers of timer channels (`time.Time` values, one scalar each).
    pub time_array: ShapeId,
}

/// A loaded program ready to run.
pub struct Vm {
    /// Shared, never changed: many VMs may run one program.
    pub(crate) program: Arc<Program>,
    pub(crate) heap: Heap,
    pub(crate) shapes: Shapes,
    /// Backing-array shapes by the program's index, and by heap shape id.
    pub(crate) arrays: Vec<ArrayInfo>,
    pub(crate) maps: Vec<MapInfo>,
    pub(crate) array_by_shape: Vec<Option<ArrayInfo>>,
    pub(crate) stack: Vec<u64>,
    pub(crate) frames: Vec<Frame>,
    /// Deferred calls: the frame that deferred it (its index) and the record (function value
    /// and arguments), most recent last. Roots.
    pub(crate) defers: Vec<(usize, u64)>,
    /// The frame the next deferred call is for, when not the current one (`DeferTo`).
    pub(crate) defer_to: Option<usize>,
    /// The panic being unwound, if any (its value is a root).
    pub(crate) panicking: Option<Panicking>,
    pub(crate) globals: Vec<u64>,
    /// The string constants, allocated once; roots.
    pub(crate) string_consts: Vec<u64>,
    pub(crate) stdout: std::io::BufWriter<Box<dyn Write + Send>>,
    pub(crate) stderr: Box<dyn Write + Send>,
    /// Frames deeper than this end the program with Go's `stack overflow` fatal error.
    pub(crate) max_frames: usize,
    /// The maximum stack size in bytes Go's messages name (`max_frames` derives from it).
    pub(crate) max_stack: usize,
    /// The command line `os.Args` holds: the program path as given, then its arguments.
    pub(crate) args: Vec<String>,
    /// Calls and backward jumps left in the running goroutine's time slice; at zero, the
    /// slice is refilled from `fuel_reserve` (see `limits.rs`).
    pub(crate) fuel: u64,
    /// Calls and backward jumps left before the run ends (`Limits::fuel`), beyond `fuel`;
    /// `u64::MAX` when unlimited.
    pub(crate) fuel_reserve: u64,
    /// The goroutines and their scheduler (the running one's state is in the fields above).
    pub(crate) sched: crate::sched::Sched,
    /// Set by another thread to stop the run (looked at between portions of fuel).
    pub(crate) interrupt: crate::limits::InterruptHandle,
    /// Nonzero while a native function runs Mini code (a `String` method for `fmt`): the
    /// native holds raw references, so collections wait until it returns.
    pub(crate) gc_hold: u32,
    /// Interface dispatch: the function for (runtime type, method key) at
    /// `type * method_names.len() + key`, `NO_METHOD` where the type has no such method.
    pub(crate) dispatch: Vec<u32>,
    /// `sync.Pool` items; roots until collections drop them.
    pub(crate) pools: Pools,
    /// The statistics `runtime.ReadMemStats` copies out, taken once per call.
    pub(crate) mem_snapshot: Option<Box<crate::natives::MemSnapshot>>,
    /// Receives every collection when tracing, logging or statistics are on.
    observer: Option<SharedObserver>,
    /// The embedder's collection callback (`Vm::on_collection`).
    pub(crate) gc_callback: Option<Arc<Mutex<crate::embed::GcCallback>>>,
    /// Host functions by their index in `Program::host_funcs`.
    pub(crate) hosts: Vec<crate::embed::HostSlot>,
    /// Host functions running (each having called back into the script).
    pub(crate) host_depth: u32,
    /// Argument and result vectors lent to host functions, reused from call to call.
    pub(crate) host_values: (Vec<crate::embed::Value>, Vec<crate::embed::Value>),
    /// Slots of values crossing the embedding boundary, reused from call to call.
    pub(crate) embed_words: Vec<u64>,
    /// When the program started (gctrace's `@` times and the rates are measured from it).
    started: Instant,
    /// Allocations escape analysis kept off the heap (frame-allocated values): the code that
    /// makes such a value counts it here for `-gcstats` and `-gclog`. 0 until it exists.
    pub(crate) heap_allocs_avoided: u64,
    /// Each function's frame layout, for calls and returns.
    pub(crate) frame_layouts: Vec<FrameLayout>,
    /// Every function's instructions one after another (`FrameLayout::code_start`): a call
    /// or a return finds its code from the layout it loads anyway.
    pub(crate) code: Vec<Instr>,
}

/// What a call and a return need to know about a function's frame, kept apart from its
/// `FuncProto` so that one small load gives all of it.
#[derive(Clone, Copy)]
pub(crate) struct FrameLayout {
    /// Registers in the frame (`interp::frame_size`).
    pub size: u32,
    /// Registers holding the parameters (and a closure's context), set by the caller.
    pub params: u32,
    /// Where the results go when it returns: register 1 for a closure (register 0 holds its
    /// context), else 0.
    pub results_at: u32,
    /// Where its instructions start in `Vm::code`.
    pub code_start: u32,
}

/// Registers the stack starts with room for.
pub(crate) const INITIAL_STACK: usize = 1024;

/// A `dispatch` entry for a type without the method.
pub(crate) const NO_METHOD: u32 = u32::MAX;

/// Go's default maximum stack size in bytes (`debug.SetMaxStack` changes it).
pub(crate) const DEFAULT_MAX_STACK: usize = 1_000_000_000;

/// The bytes of Go stack a Mini frame stands for: the maximum stack divided by this is the
/// depth at which Mini reports `stack overflow` (4 million frames for Go's 1 GB).
pub(crate) const FRAME_BYTES: usize = 250;

impl Vm {
    /// Loads `program` with a heap configured from the environment (`GOGC`, `GOMEMLIMIT`,
    /// `MINI_GCZEAL`).
    pub fn new(program: Program) -> Result<Vm, VmError> {
        let config = Config::from_env().map_err(|e| VmError::Config(e.0))?;
        Vm::with_heap_config(program, config)
    }

    /// Loads `program` with a heap configured by `config` (the environment is not read).
    pub fn with_heap_config(program: Program, config: Config) -> Result<Vm, VmError> {
        Vm::with_shared_program(Arc::new(program), config)
    }

    /// Loads a program shared with other VMs (each validates it: validation is cheap next to
    /// compiling, and a VM never trusts bytecode it did not check).
    pub fn with_shared_program(program: Arc<Program>, config: Config) -> Result<Vm, VmError> {
        crate::validate::validate(&program)?;
        let mut heap = Heap::new(config);
        let mut shapes = register_shapes(&mut heap)?;
        shapes.boxes = register_boxes(&mut heap, &program)?;
        shapes.values = register_value_boxes(&mut heap, &program)?;
        shapes.closures = register_closures(&mut heap, &program)?;
        let arrays = register_arrays(&mut heap, &program)?;
        let maps = register_maps(&mut heap, &program)?;
        let mut array_by_shape = Vec::new();
        for a in arrays
            .iter()
            .chain([&string_array_info(&shapes), &iface_array_info(&shapes)])
        {
            let i = a.shape.index() as usize;
            array_by_shape.resize(array_by_shape.len().max(i + 1), None);
            array_by_shape[i] = Some(*a);
        }
        let mut vm = Vm {
            arrays,
            maps,
            array_by_shape,
            globals: vec![0; program.globals.len()],
            program,
            heap,
            shapes,
            stack: Vec::with_capacity(INITIAL_STACK),
            frames: Vec::new(),
            defers: Vec::new(),
            defer_to: None,
            panicking: None,
            string_consts: Vec::new(),
            stdout: std::io::BufWriter::new(Box::new(std::io::stdout())),
            stderr: Box::new(std::io::stderr()),
            max_frames: DEFAULT_MAX_STACK / FRAME_BYTES,
            max_stack: DEFAULT_MAX_STACK,
            args: Vec::new(),
            fuel: 0,
            fuel_reserve: u64::MAX,
            sched: crate::sched::Sched::default(),
            interrupt: crate::limits::InterruptHandle::default(),
            gc_hold: 0,
            dispatch: Vec::new(),
            pools: Pools::default(),
            mem_snapshot: None,
            observer: None,
            gc_callback: None,
            hosts: Vec::new(),
            host_depth: 0,
            host_values: (Vec::new(), Vec::new()),
            embed_words: Vec::new(),
            started: Instant::now(),
            heap_allocs_avoided: 0,
            frame_layouts: Vec::new(),
            code: Vec::new(),
        };
        for proto in &vm.program.funcs {
            vm.frame_layouts.push(FrameLayout {
                size: crate::interp::frame_size(proto) as u32,
                params: proto.param_slots,
                results_at: u32::from(proto.is_closure),
                code_start: vm.code.len() as u32,
            });
            vm.code.extend_from_slice(&proto.code);
        }
        vm.dispatch = dispatch_table(&vm.program);
        vm.observe(ObserveOptions::default());
        vm.load_strings()?;
        Ok(vm)
    }

    /// Reports collections as `options` asks (`GODEBUG=gctrace=1` in the environment turns
    /// the trace on too); replaces earlier options.
    pub fn observe(&mut self, mut options: ObserveOptions) {
        options.gctrace |= observe::gctrace_from_env();
        self.observer = options
            .any()
            .then(|| Arc::new(Mutex::new(Observer::new(options, self.started))));
        self.install_hook();
    }

    /// Points the heap's event hook at the observer and the embedder's callback, if any.
    pub(crate) fn install_hook(&mut self) {
        let observer = self.observer.clone();
        let callback = self.gc_callback.clone();
        if observer.is_none() && callback.is_none() {
            self.heap.set_event_hook(None);
            return;
        }
        self.heap.set_event_hook(Some(Box::new(move |e| {
            if let Some(o) = &observer {
                observe::lock(o).on_event(e);
            }
            if let Some(c) = &callback {
                (c.lock().unwrap_or_else(|p| p.into_inner()))(e);
            }
        })));
    }

    /// Ends observation: writes the `-gclog` summary and returns the `-gcstats` table when it
    /// was asked for.
    pub fn finish_observing(&mut self) -> Option<String> {
        let observer = self.observer.take()?;
        self.install_hook();
        let stats = self.heap.mem_stats();
        let table = observe::lock(&observer).finish(&stats, self.heap_allocs_avoided);
        table
    }

    /// Sets what `os.Args` holds: the program path as given, then its arguments.
    pub fn set_args(&mut self, args: Vec<String>) {
        self.args = args;
    }

    /// Sends the program's standard output and standard error to the given writers
    /// (instead of the process's).
    pub fn set_output(&mut self, stdout: Box<dyn Write + Send>, stderr: Box<dyn Write + Send>) {
        let _ = self.stdout.flush();
        self.stdout = std::io::BufWriter::new(stdout);
        self.stderr = stderr;
    }

    fn load_strings(&mut self) -> Result<(), VmError> {
        for i in 0..self.program.strings.len() {
            let bytes = self.program.strings[i].clone();
            let r = self.alloc_bytes(&bytes)?;
            self.string_consts.push(r);
            self.safepoint();
        }
        Ok(())
    }

    /// Allocates a string's bytes; the reference is only valid until the next safepoint.
    pub(crate) fn alloc_bytes(&mut self, bytes: &[u8]) -> Result<u64, VmError> {
        if bytes.is_empty() {
            return Ok(0);
        }
        let r = self
            .heap
            .alloc_bytes(self.shapes.string, bytes)
            .map_err(VmError::from)?;
        Ok(r.to_bits())
    }

    /// `debug.SetMaxStack`: sets the maximum stack size in bytes; returns the previous one.
    pub fn set_max_stack(&mut self, bytes: usize) -> usize {
        let old = self.max_stack;
        self.max_stack = bytes;
        self.max_frames = (bytes / FRAME_BYTES).max(1);
        old
    }

    /// Runs `main` (after package initialisation).
    pub fn run_main(&mut self) -> Result<(), VmError> {
        let entry = self.program.entry;
        let result = self.run_goroutines(entry);
        let _ = self.stdout.flush();
        result
    }

    /// An uncaught panic: runs every pending deferred call, innermost frame first, as Go
    /// does before printing the panic; a deferred call that panics adds to the chain.
    pub(crate) fn unwind(&mut self, mut err: VmError) -> Result<(), VmError> {
        while let Some((f, record)) = self.defers.pop() {
            self.frames.truncate(f + 1);
            let Some(frame) = self.frames.last().copied() else {
                break;
            };
            let at = self.frame_end(&frame);
            let depth = self.frames.len();
            self.unpack_defer(record, at)?;
            match self.execute(depth) {
                Ok(()) => {}
                Err(VmError::Panic { message, .. }) => {
                    if let VmError::Panic { chained, .. } = &mut err {
                        chained.push(message);
                    }
                }
                Err(other) => return Err(other),
            }
        }
        Err(err)
    }

    /// Collects if the heap asks for it. Safepoints are allocating instructions (after the
    /// result is in its register), calls and backward jumps: at those points every register
    /// holds a value of its declared kind, and every reference the program still needs is in
    /// a register, a global or the constant table.
    #[inline]
    pub(crate) fn safepoint(&mut self) {
        if self.gc_hold > 0 || !self.heap.needs_collection() {
            return;
        }
        self.collect_at_safepoint();
    }

    #[inline(never)]
    fn collect_at_safepoint(&mut self) {
        self.with_roots(|heap, roots| {
            heap.collect_if_needed(roots);
        });
    }

    /// `runtime.GC` (or, with `free_os_memory`, `debug.FreeOSMemory`): a major collection
    /// now. Called from a native at a `CallNative`, where every register holds a value of its
    /// kind like at any call; while a native runs Mini code (`gc_hold`) it does nothing.
    pub(crate) fn collect_now(&mut self, free_os_memory: bool) {
        if self.gc_hold > 0 {
            return;
        }
        self.with_roots(|heap, roots| {
            if free_os_memory {
                heap.free_os_memory(roots);
            } else {
                heap.collect(roots);
            }
        });
    }

    /// Runs `f` with the VM's roots: registers of every frame of every goroutine, globals,
    /// constants, deferred calls, panic values, timer channels and `sync.Pool` items.
    fn with_roots(&mut self, f: impl FnOnce(&mut Heap, &mut dyn RootSet)) {
        if let Some(o) = &self.observer {
            let mut o = observe::lock(o);
            o.stack_bytes = 8 * self.stack.len() as u64;
            o.globals_bytes = 8 * self.globals.len() as u64;
        }
        let mut timers = std::mem::take(&mut self.sched.timers).into_vec();
        let mut roots = VmRoots {
            running: Goroutine {
                panicking: self.panicking.as_mut(),
                stack: &mut self.stack,
                defers: &mut self.defers,
                frames: &self.frames,
            },
            others: &mut self.sched.gs,
            timers: &mut timers,
            program: &self.program,
            globals: &mut self.globals,
            strings: &mut self.string_consts,
            pools: &mut self.pools,
        };
        f(&mut self.heap, &mut roots);
        self.sched.timers = std::collections::BinaryHeap::from(timers);
    }

    /// The bytes of a string value held in registers `r`, `r + 1`.
    pub(crate) fn str_bytes(&self, obj: u64, packed: u64) -> &[u8] {
        let (off, len) = unpack(packed);
        if len == 0 || obj == 0 {
            return &[];
        }
        // SAFETY: `obj` comes from a register or heap word that the collector keeps current
        // (no safepoint runs between loading it and this read), and the string's packed
        // offset and length were produced within that object's bounds.
        let all = unsafe { self.heap.bytes(GcRef::from_bits(obj)) };
        &all[off..off + len]
    }

    /// Writes program output (buffered; flushed at exit and before writing to stderr).
    pub(crate) fn write_stdout(&mut self, bytes: &[u8]) {
        let _ = self.stdout.write_all(bytes);
    }

    pub(crate) fn write_stderr(&mut self, bytes: &[u8]) {
        let _ = self.stdout.flush();
        let _ = self.stderr.write_all(bytes);
    }
}

/// Splits a string's second word into (offset, length).
pub(crate) fn unpack(packed: u64) -> (usize, usize) {
    ((packed >> 32) as usize, (packed & 0xffff_ffff) as usize)
}

pub(crate) fn pack(off: usize, len: usize) -> u64 {
    ((off as u64) << 32) | len as u64
}

fn register_shapes(heap: &mut Heap) -> Result<Shapes, VmError> {
    let mut reg = |s: Shape| {
        heap.register_shape(s)
            .map_err(|e| VmError::Config(format!("{e:?}")))
    };
    Ok(Shapes {
        boxes: Vec::new(),
        values: Vec::new(),
        closures: Vec::new(),
        map_header: reg(Shape::fixed(
            "map",
            &[
                Slot::Ref,
                Slot::Scalar,
                Slot::Scalar,
                Slot::Scalar,
                Slot::Ref,
            ],
        ))?,
        string: reg(Shape::bytes("string"))?,
        iface_array: reg(Shape::array(
            "[]interface {}",
            &[Slot::Scalar, Slot::TaggedRef],
        ))?,
        string_array: reg(Shape::array("[]string", &[Slot::Ref, Slot::Scalar]))?,
        chan: reg(Shape::fixed(
            "chan",
            &[
                Slot::Ref,
                Slot::Scalar,
                Slot::Scalar,
                Slot::Scalar,
                Slot::Scalar,
                Slot::Scalar,
                Slot::Scalar,
            ],
        ))?,
        time_array: reg(Shape::array("[]time.Time", &[Slot::Scalar]))?,
    })
}

/// The backing-array description of `[]string` results.
fn string_array_info(shapes: &Shapes) -> ArrayInfo {
    ArrayInfo {
        shape: shapes.string_array,
        elem_words: 2,
        go_elem_size: 16,
        has_pointers: true,
    }
}

/// The buffer description of timer channels (`time.Time` is one scalar).
pub(crate) fn time_array_info(shapes: &Shapes) -> ArrayInfo {
    ArrayInfo {
        shape: shapes.time_array,
        elem_words: 1,
        go_elem_size: 24,
        has_pointers: false,
    }
}

/// The backing-array description of the `[]any` slices variadic calls pack.
fn iface_array_info(shapes: &Shapes) -> ArrayInfo {
    ArrayInfo {
        shape: shapes.iface_array,
        elem_words: 2,
        go_elem_size: 16,
        has_pointers: true,
    }
}

/// The collector's view of a register kind inside a heap object.
fn gc_slot(k: SlotKind) -> Slot {
    match k {
        SlotKind::Ref => Slot::Ref,
        SlotKind::IfaceData => Slot::TaggedRef,
        SlotKind::Scalar | SlotKind::IfaceType => Slot::Scalar,
    }
}

fn register_boxes(heap: &mut Heap, program: &Program) -> Result<Vec<Option<ShapeId>>, VmError> {
    let mut out = Vec::new();
    for t in &program.types {
        if !t.boxed_in_interface() {
            out.push(None);
            continue;
        }
        let slots: Vec<Slot> = t.slots.iter().map(|k| gc_slot(*k)).collect();
        let shape = Shape::fixed(&format!("box {}", t.name), &slots);
        out.push(Some(
            heap.register_shape(shape)
                .map_err(|e| VmError::Config(format!("{e:?}")))?,
        ));
    }
    Ok(out)
}

fn register_value_boxes(heap: &mut Heap, program: &Program) -> Result<Vec<ShapeId>, VmError> {
    let mut out = Vec::new();
    for b in &program.box_shapes {
        let slots: Vec<Slot> = b.elem.iter().map(|k| gc_slot(*k)).collect();
        let shape = Shape::fixed(&format!("*{}", b.name), &slots);
        out.push(
            heap.register_shape(shape)
                .map_err(|e| VmError::Config(format!("{e:?}")))?,
        );
    }
    Ok(out)
}

fn register_closures(heap: &mut Heap, program: &Program) -> Result<Vec<ShapeId>, VmError> {
    let max = program
        .funcs
        .iter()
        .map(|f| f.captures as usize)
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for n in 0..=max {
        let mut slots = vec![Slot::Scalar];
        for _ in 0..n {
            slots.extend([Slot::Ref, Slot::Scalar]);
        }
        let shape = Shape::fixed(&format!("func value with {n} captures"), &slots);
        out.push(
            heap.register_shape(shape)
                .map_err(|e| VmError::Config(format!("{e:?}")))?,
        );
    }
    Ok(out)
}

fn register_maps(heap: &mut Heap, program: &Program) -> Result<Vec<MapInfo>, VmError> {
    let mut out = Vec::new();
    for m in &program.map_shapes {
        let mut slots = vec![Slot::Scalar];
        slots.extend(m.key.iter().chain(&m.value).map(|k| gc_slot(*k)));
        let entries = heap
            .register_shape(Shape::array(&format!("{} entries", m.name), &slots))
            .map_err(|e| VmError::Config(format!("{e:?}")))?;
        out.push(MapInfo::new(
            entries,
            m.key.len(),
            m.value.len(),
            &m.key_parts,
        ));
    }
    Ok(out)
}

/// Every runtime type's method table spread out by method key, so an interface call finds its
/// function with one index.
fn dispatch_table(program: &Program) -> Vec<u32> {
    let keys = program.method_names.len();
    let mut table = vec![NO_METHOD; program.types.len() * keys];
    for (t, rt) in program.types.iter().enumerate() {
        for m in &rt.methods {
            table[t * keys + m.name as usize] = m.func;
        }
    }
    table
}

fn register_arrays(heap: &mut Heap, program: &Program) -> Result<Vec<ArrayInfo>, VmError> {
    let mut out = Vec::new();
    for a in &program.array_shapes {
        let mut slots: Vec<Slot> = a.elem.iter().map(|k| gc_slot(*k)).collect();
        if slots.is_empty() {
            // Zero-size elements (`[]struct{}`) all live at one place; the heap wants a word.
            slots.push(Slot::Scalar);
        }
        let shape = heap
            .register_shape(Shape::array(&format!("[]{}", a.name), &slots))
            .map_err(|e| VmError::Config(format!("{e:?}")))?;
        out.push(ArrayInfo {
            shape,
            elem_words: a.elem.len(),
            go_elem_size: a.go_elem_size as usize,
            has_pointers: a
                .elem
                .iter()
                .any(|k| matches!(k, SlotKind::Ref | SlotKind::IfaceData)),
        });
    }
    Ok(out)
}

/// One goroutine's roots: its frames' registers, deferred calls and panic value.
struct Goroutine<'a> {
    panicking: Option<&'a mut Panicking>,
    stack: &'a mut [u64],
    defers: &'a mut [(usize, u64)],
    frames: &'a [Frame],
}

/// The VM's roots: the running goroutine's and every other goroutine's frames, the globals,
/// the string constants, timer channels and `sync.Pool` items.
struct VmRoots<'a> {
    running: Goroutine<'a>,
    others: &'a mut [Option<crate::sched::Goroutine>],
    timers: &'a mut [std::cmp::Reverse<crate::sched::Timer>],
    program: &'a Program,
    globals: &'a mut [u64],
    strings: &'a mut [u64],
    pools: &'a mut Pools,
}

impl Goroutine<'_> {
    /// Frames overlap: a callee's registers start at its call register, inside its caller's
    /// frame, and may end before or after the caller's end. A word holds a value of the kind
    /// the innermost frame covering it gives it (entering a frame clears its registers, and a
    /// return clears all but the results, which the caller expects there). So each frame is
    /// scanned below its callee's base and above the end of every frame deeper than it: the
    /// frames deeper than a frame cover one run of words, from its callee's base to the
    /// greatest end among them.
    fn visit(&mut self, t: &mut Tracer, program: &Program) {
        let mut deeper: Option<(usize, usize)> = None;
        for f in self.frames.iter().rev() {
            let kinds = &program.funcs[f.func as usize].slot_kinds;
            let end = (f.base + kinds.len()).min(self.stack.len());
            let (below, above) =
                deeper.map_or((end, end), |(from, to)| (from.min(end), to.max(f.base)));
            visit_slots(t, &mut self.stack[f.base..below.max(f.base)], kinds);
            if above < end {
                visit_slots(t, &mut self.stack[above..end], &kinds[above - f.base..]);
            }
            deeper = Some(deeper.map_or((f.base, end), |(_, to)| (f.base, to.max(end))));
        }
        for (_, record) in self.defers.iter_mut() {
            t.visit_word(record);
        }
        if let Some(p) = self.panicking.as_deref_mut() {
            p.visit_values(t);
        }
    }
}

// SAFETY: every slot visited holds null or a live object reference: registers are zeroed
// when a frame is entered and only ever hold values of their declared kind; an interface's
// data word is visited only when its type word says it holds a reference; and every slot the
// VM reads references from afterwards (registers of live frames of every goroutine, globals,
// constants, deferred calls, panic values, timer channels, `sync.Pool` items, whose data
// words are visited like interfaces') is visited.
unsafe impl RootSet for VmRoots<'_> {
    fn visit_roots(&mut self, t: &mut Tracer) {
        self.running.visit(t, self.program);
        for g in self.others.iter_mut().flatten() {
            Goroutine {
                panicking: g.panicking.as_mut(),
                stack: &mut g.stack,
                defers: &mut g.defers,
                frames: &g.frames,
            }
            .visit(t, self.program);
        }
        for timer in self.timers.iter_mut() {
            t.visit_word(&mut timer.0.chan);
        }
        visit_slots(t, self.globals, &self.program.globals);
        for s in self.strings.iter_mut() {
            t.visit_word(s);
        }
        self.pools.visit(t);
    }
    /// Go clears `sync.Pool`s as each collection cycle starts; Mini does it for major ones.
    fn before_collection(&mut self, kind: GcKind) {
        if kind != GcKind::Minor {
            self.pools.cleanup();
        }
    }
}

fn visit_slots(t: &mut Tracer, slots: &mut [u64], kinds: &[SlotKind]) {
    for i in 0..slots.len() {
        match kinds.get(i) {
            // Odd words are frame pointers and frame closures, never objects.
            Some(SlotKind::Ref) if slots[i] & 1 == 0 => t.visit_word(&mut slots[i]),
            Some(SlotKind::IfaceData) if i > 0 && slots[i - 1] & 1 == 1 => {
                t.visit_word(&mut slots[i])
            }
            _ => {}
        }
    }
}
