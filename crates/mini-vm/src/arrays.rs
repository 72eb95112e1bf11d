//! Arrays: indexing arrays held in registers or globals, heap arrays (variables whose
//! elements are addressed or sliced), slicing them, copying through pointers and converting
//! slices to arrays.

use crate::error::VmError;
use crate::slices::SliceVal;
use crate::vm::Vm;

impl Vm {
    /// Panics with Go's text unless `0 <= i < len`.
    pub(crate) fn index_check(&self, i: u64, len: u16) -> Result<(), VmError> {
        let i = i as i64;
        if i < 0 || i >= i64::from(len) {
            return Err(self.index_panic(i, len as usize));
        }
        Ok(())
    }

    /// `a, a+1 = pointer to a new zeroed array of `n` elements of array shape `k``.
    pub(crate) fn new_array(&mut self, a: usize, n: usize, k: u8) -> Result<(), VmError> {
        let info = self.arrays[k as usize];
        let obj = self.alloc_array(info, n)?;
        self.stack[a] = obj;
        self.stack[a + 1] = 0;
        Ok(())
    }

    /// `*a = *b` for `n` slots.
    pub(crate) fn copy_ptr(&mut self, a: usize, b: usize, n: usize) -> Result<(), VmError> {
        let (dst, dst_at) = (self.stack[a], self.stack[a + 1] as usize);
        let (src, src_at) = (self.stack[b], self.stack[b + 1] as usize);
        if dst == 0 || src == 0 {
            return Err(self.nil_dereference());
        }
        self.copy_words_of((dst, dst_at), (src, src_at), n)
    }

    /// `a.. = (*[N]T at b)[lo:hi:max]` with the bounds at `c..c+2`, N at `c+3` and the
    /// width of T in words at `c+4`.
    pub(crate) fn array_slice(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let (obj, at) = (self.stack[b], self.stack[b + 1] as usize);
        if obj == 0 {
            return Err(self.nil_dereference());
        }
        let n = self.stack[c + 3] as usize;
        let w = self.stack[c + 4] as usize;
        let s = SliceVal {
            obj,
            off: at,
            w,
            len: n,
            cap: n,
        };
        self.reslice(a, s, c, "length")
    }

    /// `a, a+1 = (*[N]T)(slice b)` with N at `c`.
    pub(crate) fn slice_to_array_ptr(
        &mut self,
        a: usize,
        b: usize,
        c: usize,
    ) -> Result<(), VmError> {
        let s = self.slice_at(b);
        let n = self.stack[c] as usize;
        if s.len < n {
            return Err(self.panic(format!(
                "runtime error: cannot convert slice with length {} to array or pointer to array with length {n}",
                s.len
            )));
        }
        self.stack[a] = s.obj;
        self.stack[a + 1] = s.off as u64;
        Ok(())
    }
}

impl Vm {
    /// The register at absolute index `i`; the compiler checks every array index first, so
    /// a miss is a VM bug, reported as a fatal error.
    pub(crate) fn register_word(&self, i: usize) -> Result<u64, VmError> {
        self.stack
            .get(i)
            .copied()
            .ok_or_else(|| self.bad_index("register"))
    }

    /// Global slot `k`, checked like `register_word`.
    pub(crate) fn global_word(&self, k: usize) -> Result<u64, VmError> {
        self.globals
            .get(k)
            .copied()
            .ok_or_else(|| self.bad_index("global"))
    }

    fn bad_index(&self, what: &str) -> VmError {
        VmError::Fatal {
            message: format!("array index outside its {what} slots"),
            preamble: Vec::new(),
            trace: self.trace(),
        }
    }
}
