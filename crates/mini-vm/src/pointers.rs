//! Function values and pointers. A function value is a heap object holding the function's
//! index and, for a function literal, pointers to the variables it captures. Pointers are two registers (a heap box or backing array, and a slot offset in it); boxes for
//! `new(T)`, `&T{}` and variables whose address is taken; loads and stores through pointers.

use mini_gc::GcRef;

use crate::error::VmError;
use crate::vm::Vm;

impl Vm {
    /// `a, a+1 = new box k`.
    pub(crate) fn new_box(&mut self, a: usize, k: u16) -> Result<(), VmError> {
        let shape = self.shapes.values[k as usize];
        let obj = self.heap.alloc(shape).map_err(|_| VmError::OutOfMemory)?;
        self.stack[a] = obj.to_bits();
        self.stack[a + 1] = 0;
        Ok(())
    }

    pub(crate) fn nil_dereference(&self) -> VmError {
        self.panic("runtime error: invalid memory address or nil pointer dereference")
    }

    /// `a.. = *p` for `n` slots.
    pub(crate) fn load_ptr(&mut self, a: usize, p: usize, n: usize) -> Result<(), VmError> {
        let (obj, off) = (self.stack[p], self.stack[p + 1] as usize);
        if obj == 0 {
            return Err(self.nil_dereference());
        }
        for k in 0..n {
            // SAFETY: `obj` is a live object from a current register, and a pointer's offset
            // plus the pointee's size lies within it (pointers are only made to whole values).
            self.stack[a + k] = unsafe { self.heap.load(GcRef::from_bits(obj), off + k) };
        }
        Ok(())
    }

    /// `*p = a..` for `n` slots, with the write barrier.
    pub(crate) fn store_ptr(&mut self, a: usize, p: usize, n: usize) -> Result<(), VmError> {
        let (obj, off) = (self.stack[p], self.stack[p + 1] as usize);
        if obj == 0 {
            return Err(self.nil_dereference());
        }
        for k in 0..n {
            let v = self.stack[a + k];
            // SAFETY: as in `load_ptr`; reference words go through the barrier.
            unsafe {
                self.heap.store(GcRef::from_bits(obj), off + k, v);
                self.heap
                    .write_barrier(GcRef::from_bits(obj), GcRef::from_bits(v));
            }
        }
        Ok(())
    }
}

impl Vm {
    /// `a = a function value for function f` (captures filled in by `SetCapture`).
    pub(crate) fn make_func(&mut self, a: usize, f: u16) -> Result<(), VmError> {
        let n = self.program.funcs[f as usize].captures as usize;
        let shape = self.shapes.closures[n];
        let obj = self.heap.alloc(shape).map_err(|_| VmError::OutOfMemory)?;
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

    pub(crate) fn get_capture(&mut self, a: usize, b: usize, c: usize) {
        let obj = GcRef::from_bits(self.stack[b]);
        // SAFETY: `b` is the running literal's own function value, which has `c` captures.
        unsafe {
            self.stack[a] = self.heap.load(obj, 1 + 2 * c);
            self.stack[a + 1] = self.heap.load(obj, 2 + 2 * c);
        }
    }

    /// The function a function value calls (panics on nil).
    pub(crate) fn func_value_target(&self, r: usize) -> Result<u32, VmError> {
        let obj = self.stack[r];
        if obj == 0 {
            return Err(self.nil_dereference());
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
        let obj = self.heap.alloc(shape).map_err(|_| VmError::OutOfMemory)?;
        for i in 0..n {
            let v = self.stack[a + i];
            // SAFETY: `obj` was just allocated with `n` words; references come from current
            // registers and go through the barrier.
            unsafe {
                self.heap.store(obj, i, v);
                self.heap.write_barrier(obj, GcRef::from_bits(v));
            }
        }
        let frame = self.frames.len() - 1;
        self.defers.push((frame, obj.to_bits()));
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
