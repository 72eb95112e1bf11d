//! Slice arguments and results of native functions: the elements of a slice held in four
//! registers (backing array, offset, length, capacity), read as words and written back with
//! the write barrier, and new `[]string` results.

use mini_gc::GcRef;

use super::Str;
use crate::error::VmError;
use crate::vm::{pack, Vm};

/// A slice argument: its backing array and the window of elements it covers.
#[derive(Clone, Copy)]
pub(super) struct SliceArg {
    obj: u64,
    off: usize,
    len: usize,
}

impl SliceArg {
    /// The slice held in registers `at..at + 4`.
    pub(super) fn at(vm: &Vm, at: usize) -> SliceArg {
        SliceArg {
            obj: vm.stack[at],
            off: crate::slices::window_offset(vm.stack[at + 1]),
            len: vm.stack[at + 2] as usize,
        }
    }

    /// The words of the elements, `w` words per element.
    pub(super) fn words(self, vm: &Vm, w: usize) -> &[u64] {
        if self.obj == 0 || self.len == 0 {
            return &[];
        }
        // SAFETY: `obj` is the slice's backing array from a current register (natives never
        // collect), and the slice's window lies within the array.
        let payload = unsafe { vm.heap.payload(GcRef::from_bits(self.obj)) };
        &payload[self.off..self.off + self.len * w]
    }

    /// The string elements of a `[]string`.
    pub(super) fn strings(self, vm: &Vm) -> Vec<Str> {
        self.words(vm, 2)
            .chunks_exact(2)
            .map(|e| Str::from_words(e[0], e[1]))
            .collect()
    }

    /// Overwrites the elements with `words` (`w` words per element, as many as the slice
    /// holds), running the write barrier for each word.
    pub(super) fn write_words(self, vm: &mut Vm, w: usize, words: &[u64]) {
        let first = self.off;
        for (i, &v) in words.iter().take(self.len * w).enumerate() {
            // SAFETY: `obj` is the slice's live backing array (from a register) and word
            // `first + i` lies within the slice's window; the barrier keeps every old object
            // holding a young reference remembered (scalar words are never followed).
            unsafe {
                vm.heap.store(GcRef::from_bits(self.obj), first + i, v);
                vm.heap
                    .write_barrier_at(GcRef::from_bits(self.obj), first + i, v);
            }
        }
    }
}

/// Writes a new `[]string` of `elems` with capacity `cap` (≥ the length) at registers
/// `at..at + 4`; `None` gives a nil slice.
pub(super) fn set_strings(
    vm: &mut Vm,
    at: usize,
    elems: Option<&[(u64, u64)]>,
    cap: usize,
) -> Result<(), VmError> {
    let Some(elems) = elems else {
        vm.stack[at..at + 4].fill(0);
        return Ok(());
    };
    let cap = cap.max(elems.len());
    let obj = vm
        .heap
        .alloc_array(vm.shapes.string_array, cap)
        .map_err(VmError::from)?;
    for (i, &(s, packed)) in elems.iter().enumerate() {
        // SAFETY: `obj` was just allocated with room for `cap >= elems.len()` strings of two
        // words; the barrier covers an old (large) array gaining a young string.
        unsafe {
            vm.heap.store(obj, 2 * i, s);
            vm.heap.store(obj, 2 * i + 1, packed);
            vm.heap.write_barrier_at(obj, 2 * i, s);
        }
    }
    vm.stack[at] = obj.to_bits();
    vm.stack[at + 1] = crate::slices::slice_window(0, 2);
    vm.stack[at + 2] = elems.len() as u64;
    vm.stack[at + 3] = cap as u64;
    Ok(())
}

impl Str {
    /// The string in two words (bytes object, packed window).
    pub(super) fn from_words(obj: u64, packed: u64) -> Str {
        let (off, len) = crate::vm::unpack(packed);
        Str { obj, off, len }
    }

    /// The two words of `self[start..end]` (an empty string is two zero words).
    pub(super) fn window(self, start: usize, end: usize) -> (u64, u64) {
        if start == end {
            return (0, 0);
        }
        (self.obj, pack(self.off + start, end - start))
    }
}
