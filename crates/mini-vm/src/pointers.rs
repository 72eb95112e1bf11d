//! Pointers: two registers (a heap box or backing array, and a slot offset in it); boxes for
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

    fn nil_dereference(&self) -> VmError {
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
                self.heap.write_barrier(GcRef::from_bits(obj), GcRef::from_bits(v));
            }
        }
        Ok(())
    }
}
