//! Go's frame buffer for slices whose backing array the compiler keeps in the frame until it
//! moves it to the heap (Go 1.27's `growsliceBuf` and `move2heap`). Mini's buffer is a heap
//! array of the buffer's 32 bytes that only one slice variable of one call refers to; these
//! instructions reproduce the capacities Go's code gives.

use mini_gc::GcRef;

use crate::error::VmError;
use crate::slices::{round_up_size, SliceVal};
use crate::vm::Vm;

/// The buffer's size in bytes (`-d=variablemakethreshold`'s default).
const FRAME_BUFFER_BYTES: usize = 32;

impl Vm {
    /// `GrowInBuffer`: before `append(s, c values)` with `s` and its array shape in the block
    /// at `a`: when the append must grow `s` and the new length fits in the buffer (whose
    /// array register `b` holds, made on first use), moves `s` to the start of the buffer
    /// with the next size class above the new length as its capacity, as `growsliceBuf`.
    pub(crate) fn grow_in_buffer(&mut self, a: usize, b: usize, n: usize) -> Result<(), VmError> {
        let s = self.checked_slice(a)?;
        let info = self.arrays[self.stack[a + 4] as usize];
        let size = info.go_elem_size;
        let new_len = s.len + n;
        if size == 0 || (s.obj != 0 && new_len <= s.cap) || new_len * size > FRAME_BUFFER_BYTES {
            return Ok(());
        }
        if self.stack[b] == 0 {
            self.stack[b] = self.alloc_array(info, FRAME_BUFFER_BYTES / size)?;
        }
        let buf = self.stack[b];
        let w = info.elem_words;
        if s.obj != buf {
            self.copy_words_of((buf, 0), (s.obj, s.off), s.len * w)?;
        }
        let cap = round_up_size(new_len * size, info.has_pointers) / size;
        for i in new_len * w..cap * w {
            // SAFETY: `buf` is live and holds `FRAME_BUFFER_BYTES / size >= cap` elements; a
            // zero word needs no barrier.
            unsafe { self.heap.store(GcRef::from_bits(buf), i, 0) };
        }
        self.set_slice(a, SliceVal::whole(buf, info, s.len, cap));
        Ok(())
    }

    /// `MoveToHeap`: Go's `move2heap` before the statement where the slice at `a` stops being
    /// the only reference to its array. A slice in the buffer (register `b`) gets an array of
    /// its own with the same capacity (`keep_cap`), or keeps the buffer, which nothing will
    /// hand out again, with the next size class above its length as capacity.
    pub(crate) fn move_to_heap(
        &mut self,
        a: usize,
        b: usize,
        keep_cap: bool,
    ) -> Result<(), VmError> {
        let s = self.slice_at(a);
        if s.obj == 0 || s.obj != self.stack[b] {
            return Ok(());
        }
        let info = self.array_info_of(s.obj);
        if !keep_cap {
            let size = info.go_elem_size.max(1);
            let cap = round_up_size(s.len * size, info.has_pointers) / size;
            self.set_slice(a, SliceVal { cap, ..s });
            return Ok(());
        }
        let obj = self.alloc_array(info, s.cap)?;
        // SAFETY: both arrays are live (a register and a new allocation of `s.cap` elements);
        // the copied range is `s`'s capacity; `copy_words` runs the barrier.
        unsafe {
            self.heap.copy_words(
                GcRef::from_bits(obj),
                0,
                GcRef::from_bits(s.obj),
                s.off,
                s.cap * s.w,
            );
        }
        self.set_slice(a, SliceVal { obj, off: 0, ..s });
        Ok(())
    }
}
