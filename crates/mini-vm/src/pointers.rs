//! Function values and pointers. A function value is a heap object holding the function's
//! index and, for a function literal, pointers to the variables it captures. Pointers are
//! two registers: a heap box or backing array and a slot offset in it, or `FRAME_POINTER`
//! and the absolute stack index of a value in a live frame's registers (what escape analysis
//! keeps in the frame); boxes for `new(T)`, `&T{}` and variables whose address escapes;
//! loads and stores through pointers.

use mini_gc::GcRef;

use crate::error::VmError;
use crate::vm::Vm;

type VmResult = Result<(), VmError>;

/// A function value for a closure laid out in frame registers from stack index `at`: odd,
/// so never an object (the collector skips it), and the index in the other bits.
pub(crate) fn frame_closure_word(at: usize) -> u64 {
    (at as u64) << 1 | 1
}

/// The stack index of a frame closure's registers, if `word` is one.
fn frame_closure_at(word: u64) -> Option<usize> {
    (word & 1 == 1).then_some((word >> 1) as usize)
}

/// The first word of a pointer into a frame's registers (its second word is the absolute
/// stack index). Odd, so never a heap reference: the collector skips it.
pub const FRAME_POINTER: u64 = 1;

impl Vm {
    /// `a, a+1 = new box k`.
    pub(crate) fn new_box(&mut self, a: usize, k: u16) -> Result<(), VmError> {
        let shape = self.shapes.values[k as usize];
        let obj = self.heap.alloc(shape).map_err(VmError::from)?;
        self.stack[a] = obj.to_bits();
        self.stack[a + 1] = 0;
        Ok(())
    }

    pub(crate) fn nil_dereference(&self) -> VmError {
        self.panic("runtime error: invalid memory address or nil pointer dereference")
    }

    /// The object and slot offset `skip` slots past the pointer in registers `p`, `p+1`
    /// (`at` = `(p, skip)`), whose `n` slots `word_of` and `set_word_of` may then use: a nil
    /// pointer panics, and a frame pointer's slots are checked to lie on the stack.
    #[inline(always)]
    fn pointee(&self, (p, skip): (usize, usize), n: usize) -> Result<(u64, usize), VmError> {
        let (obj, off) = (self.stack[p], self.stack[p + 1] as usize + skip);
        if obj == 0 {
            return Err(self.nil_dereference());
        }
        if obj == FRAME_POINTER {
            self.frame_words(off, n)?;
        }
        Ok((obj, off))
    }

    /// `a.. = *(p + skip)` for `n` slots (`skip` slots past the pointer: a field). Inlined
    /// into the dispatch loop, as are the slice element accesses (left to itself, the
    /// compiler keeps them out of it).
    #[inline(always)]
    pub(crate) fn load_ptr(&mut self, a: usize, at: (usize, usize), n: usize) -> VmResult {
        let (obj, off) = self.pointee(at, n)?;
        for k in 0..n {
            self.stack[a + k] = self.word_of(obj, off + k);
        }
        Ok(())
    }

    /// `*(p + skip) = a..` for `n` slots, with the write barrier.
    #[inline(always)]
    pub(crate) fn store_ptr(&mut self, a: usize, at: (usize, usize), n: usize) -> VmResult {
        let (obj, off) = self.pointee(at, n)?;
        for k in 0..n {
            self.set_word_of(obj, off + k, self.stack[a + k]);
        }
        Ok(())
    }

    /// Word `i` of `obj`: a heap object's payload, or for `FRAME_POINTER` the stack, whose
    /// range the caller checked with `frame_words`.
    #[inline]
    pub(crate) fn word_of(&self, obj: u64, i: usize) -> u64 {
        if obj == FRAME_POINTER {
            return self.stack[i];
        }
        // SAFETY: the caller holds `obj` in a current register and `i` within the value or
        // array it addresses.
        unsafe { self.heap.load(GcRef::from_bits(obj), i) }
    }

    /// Sets word `i` of `obj` (as `word_of`), through the write barrier on the heap.
    #[inline]
    pub(crate) fn set_word_of(&mut self, obj: u64, i: usize, v: u64) {
        if obj == FRAME_POINTER {
            self.stack[i] = v;
            return;
        }
        // SAFETY: as in `word_of`; reference words go through the barrier.
        unsafe {
            self.heap.store(GcRef::from_bits(obj), i, v);
            self.heap.write_barrier_at(GcRef::from_bits(obj), i, v);
        }
    }

    /// Copies `n` words from `src` at `src_at` to `dst` at `dst_at` (heap objects or frame
    /// registers; the ranges may overlap), with the barrier.
    pub(crate) fn copy_words_of(
        &mut self,
        (dst, dst_at): (u64, usize),
        (src, src_at): (u64, usize),
        n: usize,
    ) -> Result<(), VmError> {
        if n == 0 {
            return Ok(());
        }
        if dst != FRAME_POINTER && src != FRAME_POINTER {
            // SAFETY: both objects are live (the caller's registers) and both ranges lie
            // within them; `copy_words` allows overlap and runs the barrier.
            unsafe {
                self.heap.copy_words(
                    GcRef::from_bits(dst),
                    dst_at,
                    GcRef::from_bits(src),
                    src_at,
                    n,
                );
            }
            return Ok(());
        }
        for (obj, at) in [(dst, dst_at), (src, src_at)] {
            if obj == FRAME_POINTER {
                self.frame_words(at, n)?;
            }
        }
        let words: Vec<u64> = (0..n).map(|k| self.word_of(src, src_at + k)).collect();
        for (k, v) in words.into_iter().enumerate() {
            self.set_word_of(dst, dst_at + k, v);
        }
        Ok(())
    }

    /// The stack indices of `n` slots a frame pointer with offset `off` points at. Escape
    /// analysis makes frame pointers only to values whose frame outlives every use of the
    /// pointer, so the slots are a live frame's registers of the pointee's kinds; the range
    /// check keeps a broken promise from reading outside the stack.
    pub(crate) fn frame_words(
        &self,
        off: usize,
        n: usize,
    ) -> Result<std::ops::Range<usize>, VmError> {
        match off.checked_add(n) {
            Some(end) if end <= self.stack.len() => Ok(off..end),
            _ => Err(self.fatal("invalid frame pointer")),
        }
    }
}

impl Vm {
    /// `a = a function value for function f` (captures filled in by `SetCapture`).
    pub(crate) fn make_func(&mut self, a: usize, f: u16) -> Result<(), VmError> {
        let n = self.program.funcs[f as usize].captures as usize;
        let shape = self.shapes.closures[n];
        let obj = self.heap.alloc(shape).map_err(VmError::from)?;
        // SAFETY: `obj` was just allocated with `1 + 2n` payload words.
        unsafe { self.heap.store(obj, 0, f as u64) };
        self.stack[a] = obj.to_bits();
        Ok(())
    }

    pub(crate) fn set_capture(&mut self, a: usize, b: usize, c: usize) {
        let obj = GcRef::from_bits(self.stack[a]);
        // SAFETY: `a` holds a function value just made by `MakeFunc` for a literal with more
        // than `c` captures; the pointer's base goes through the barrier.
        unsafe {
            self.heap
                .store_ref(obj, 1 + 2 * c, GcRef::from_bits(self.stack[b]));
            self.heap.store(obj, 2 + 2 * c, self.stack[b + 1]);
        }
    }

    pub(crate) fn get_capture(&mut self, a: usize, b: usize, c: usize) -> VmResult {
        if let Some(at) = frame_closure_at(self.stack[b]) {
            let words = self.frame_words(at + 1 + 2 * c, 2)?;
            self.stack.copy_within(words, a);
            return Ok(());
        }
        let obj = GcRef::from_bits(self.stack[b]);
        // SAFETY: `b` is the running literal's own function value, which has `c` captures.
        unsafe {
            self.stack[a] = self.heap.load(obj, 1 + 2 * c);
            self.stack[a + 1] = self.heap.load(obj, 2 + 2 * c);
        }
        Ok(())
    }

    /// The function a function value calls (panics on nil).
    pub(crate) fn func_value_target(&self, r: usize) -> Result<u32, VmError> {
        let obj = self.stack[r];
        if obj == 0 {
            return Err(self.nil_dereference());
        }
        if let Some(at) = frame_closure_at(obj) {
            let index = self.frame_words(at, 1)?.start;
            return Ok(self.stack[index] as u32);
        }
        // SAFETY: `obj` is a function value from a current register.
        Ok(unsafe { self.heap.load(GcRef::from_bits(obj), 0) } as u32)
    }
}

impl Vm {
    /// Copies a deferred call's function value and arguments into a record on the defer list.
    pub(crate) fn push_defer(&mut self, a: usize, k: u16) -> Result<(), VmError> {
        let shape = self.shapes.values[k as usize];
        let n = self.program.box_shapes[k as usize].elem.len();
        let obj = self.heap.alloc(shape).map_err(VmError::from)?;
        for i in 0..n {
            let v = self.stack[a + i];
            // SAFETY: `obj` was just allocated with `n` words; references come from current
            // registers and go through the barrier.
            unsafe {
                self.heap.store(obj, i, v);
                self.heap.write_barrier_at(obj, i, v);
            }
        }
        // The list stays ordered by frame: a call deferred for an outer frame goes before
        // the calls of the frames above it, which run first.
        let frame = self.defer_to.take().unwrap_or(self.frames.len() - 1);
        let at = self
            .defers
            .iter()
            .position(|&(f, _)| f > frame)
            .unwrap_or(self.defers.len());
        self.defers.insert(at, (frame, obj.to_bits()));
        Ok(())
    }

    /// The current frame's most recent deferred call, removed from the list.
    pub(crate) fn next_defer(&mut self) -> Option<u64> {
        let frame = self.frames.len() - 1;
        match self.defers.last() {
            Some(&(f, record)) if f == frame => {
                self.defers.pop();
                Some(record)
            }
            _ => None,
        }
    }

    /// Lays a deferred call out at `at` (function value, then arguments) and enters it;
    /// returns the called function.
    pub(crate) fn unpack_defer(&mut self, record: u64, at: usize) -> Result<u32, VmError> {
        // SAFETY: `record` was just taken off the defer list, which the collector keeps
        // current; its length is its shape's word count.
        let words = unsafe { self.heap.payload(GcRef::from_bits(record)) }.to_vec();
        if self.stack.len() < at + words.len() {
            self.stack.resize(at + words.len(), 0);
        }
        self.stack[at..at + words.len()].copy_from_slice(&words);
        let callee = self.func_value_target(at)?;
        let shift = usize::from(!self.program.funcs[callee as usize].is_closure);
        self.enter_frame(callee, at + shift)?;
        Ok(callee)
    }
}

/// Panics and `recover`: a panic unwinds frame by frame, running each frame's deferred calls;
/// one that calls `recover` stops it, and its frame resumes at its recovery point.
impl Vm {
    /// The panic value of a failing instruction: `panic(v)`'s operand, or (0, 0) for a
    /// runtime error (whose value `recover` makes from the message).
    pub(crate) fn panic_words(&self, ins: mini_bytecode::Instr, base: usize) -> (u64, u64) {
        match ins {
            mini_bytecode::Instr::Panic { a } => (
                self.stack[base + a as usize],
                self.stack[base + a as usize + 1],
            ),
            _ => (0, 0),
        }
    }

    /// Begins (or, inside a deferred call, replaces) the panic being unwound.
    pub(crate) fn start_unwind(
        &mut self,
        error: VmError,
        value: (u64, u64),
        depth: usize,
    ) -> Result<(usize, usize, usize), VmError> {
        let value = match &error {
            VmError::Panic { message, .. } if value.0 == 0 => self.runtime_error_value(message),
            _ => value,
        };
        let old = self.panicking.take();
        let interrupted = old.as_ref().and_then(|panic| {
            let frame = self.frames.iter().rposition(|f| f.unwinding)?;
            Some(Box::new(crate::vm::Interrupted {
                panic: panic.clone(),
                frame,
            }))
        });
        let error = match (old, error) {
            (Some(old), VmError::Panic { message, trace, .. }) => chain(old, message, trace, value),
            (_, e) => e,
        };
        self.panicking = Some(crate::vm::Panicking {
            value,
            error,
            recovered: false,
            interrupted,
        });
        self.unwind_step(depth)
    }

    /// Runs the top frame's next deferred call, or pops the frame; the panic escapes when
    /// it reaches the frame this execution started from.
    fn unwind_step(&mut self, depth: usize) -> Result<(usize, usize, usize), VmError> {
        loop {
            let top = self.frames.len() - 1;
            if let Some(record) = self.next_defer() {
                self.frames[top].unwinding = true;
                let fr = self.frames[top];
                let at = self.frame_end(&fr);
                return match self.unpack_defer(record, at) {
                    Ok(callee) => {
                        let nb = self.frames.last().map_or(0, |f| f.base);
                        Ok((callee as usize, 0, nb))
                    }
                    Err(e) => self.start_unwind(e, (0, 0), depth),
                };
            }
            if top <= depth {
                let p = self.panicking.take();
                return Err(p.map_or(VmError::OutOfMemory, |p| p.error));
            }
            // The frame's registers overlap its caller's registers above the call: clear
            // them, as a normal return does, so they hold nothing of the wrong kind.
            let fr = self.frames[top];
            let end = self.frame_end(&fr).min(self.stack.len());
            self.stack[fr.base..end].fill(0);
            self.frames.pop();
            self.abandon_interrupted(top - 1);
        }
    }

    /// The panic has unwound out of the deferred call it interrupted, down to frame `top`,
    /// the one that ran that call: the interrupted panic ends here (`chain` has put it in
    /// this one's report).
    fn abandon_interrupted(&mut self, top: usize) {
        if let Some(p) = &mut self.panicking {
            if p.interrupted.as_ref().is_some_and(|i| i.frame >= top) {
                p.interrupted = None;
            }
        }
    }

    /// A deferred call run by the unwinder returned: resume the frame at its recovery point
    /// if the call recovered, else keep unwinding.
    pub(crate) fn after_deferred_call(
        &mut self,
        depth: usize,
    ) -> Result<(usize, usize, usize), VmError> {
        let recovered = self.panicking.as_ref().is_some_and(|p| p.recovered);
        if !recovered {
            return self.unwind_step(depth);
        }
        let top = self.frames.len() - 1;
        // A panic raised by a deferred call of an older one, recovered without unwinding out
        // of that call: the older panic goes on (its deferred call resumes below `top`).
        self.panicking = self
            .panicking
            .take()
            .and_then(|p| p.interrupted)
            .filter(|i| i.frame < top)
            .map(|i| i.panic);
        self.frames[top].unwinding = false;
        let fr = self.frames[top];
        let resume = self.program.funcs[fr.func as usize].recover_pc.unwrap_or(0) as usize;
        Ok((fr.func as usize, resume, fr.base))
    }

    /// `recover()`: the panic value, only in a deferred call the unwinder runs directly.
    pub(crate) fn recover(&mut self, a: usize) {
        self.stack[a] = 0;
        self.stack[a + 1] = 0;
        let direct = self
            .deferred_caller()
            .is_some_and(|i| self.frames[i].unwinding);
        let Some(p) = self.panicking.as_mut() else {
            return;
        };
        if !direct || p.recovered {
            return;
        }
        p.recovered = true;
        (self.stack[a], self.stack[a + 1]) = p.value;
    }

    /// The frame that called the function calling `recover`, looking through wrappers (the
    /// frame that deferred the call when it is a deferred call).
    fn deferred_caller(&self) -> Option<usize> {
        let is_wrapper = |i: usize| self.program.funcs[self.frames[i].func as usize].wrapper;
        let mut i = self.frames.len().checked_sub(1)?;
        while is_wrapper(i) {
            i = i.checked_sub(1)?;
        }
        i = i.checked_sub(1)?;
        while is_wrapper(i) {
            i = i.checked_sub(1)?;
        }
        Some(i)
    }

    /// The panic value of a runtime error (an interface holding a `runtime.Error` with
    /// message `text`: a string of the runtime type the compiler provides when the program
    /// can recover), or nil when the program has no such type.
    fn runtime_error_value(&mut self, text: &str) -> (u64, u64) {
        self.string_error_value(mini_bytecode::RUNTIME_ERROR_TYPE, text)
    }

    /// An interface holding a value of string error type `type_name` (one the compiler
    /// generated) with message `text`, or nil when the program has no such type.
    pub(crate) fn string_error_value(&mut self, type_name: &str, text: &str) -> (u64, u64) {
        let Some(t) = self.program.types.iter().position(|t| t.name == type_name) else {
            return (0, 0);
        };
        let Some(shape) = self.shapes.boxes.get(t).copied().flatten() else {
            return (0, 0);
        };
        let (Ok(bytes), Ok(obj)) = (self.alloc_bytes(text.as_bytes()), self.heap.alloc(shape))
        else {
            return (0, 0);
        };
        // SAFETY: both objects were just allocated (no safepoint since).
        unsafe {
            self.heap.store_ref(obj, 0, GcRef::from_bits(bytes));
            self.heap.store(obj, 1, crate::vm::pack(0, text.len()));
        }
        (((t as u64 + 1) << 1) | 1, obj.to_bits())
    }
}

/// A panic raised while another unwinds: Go prints both, the first marked `[recovered]` if
/// it was; panicking again with the value just recovered is one `[recovered, repanicked]`.
fn chain(
    old: crate::vm::Panicking,
    message: String,
    trace: Vec<crate::error::TraceFrame>,
    value: (u64, u64),
) -> VmError {
    let VmError::Panic {
        message: mut first,
        mut chained,
        ..
    } = old.error
    else {
        return old.error;
    };
    let last = chained.last_mut().unwrap_or(&mut first);
    if old.recovered && value == old.value && value.0 != 0 {
        const REPANICKED: &str = " [recovered, repanicked]";
        if !last.ends_with(REPANICKED) {
            last.push_str(REPANICKED);
        }
        return VmError::Panic {
            message: first,
            trace,
            chained,
        };
    }
    if old.recovered {
        last.push_str(" [recovered]");
    }
    chained.push(message);
    VmError::Panic {
        message: first,
        trace,
        chained,
    }
}
