//! Slices: backing arrays in the GC heap, Go's bounds checks and panic texts, and `append`
//! growth with Go's rules and malloc size classes (so `cap` prints what Go prints).

use mini_gc::{GcRef, ShapeId};

use crate::error::VmError;
use crate::pointers::FRAME_POINTER;
use crate::vm::Vm;
use mini_bytecode::instr::ABSENT_BOUND;

/// A registered backing-array shape.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ArrayInfo {
    pub shape: ShapeId,
    pub elem_words: usize,
    pub go_elem_size: usize,
    /// Elements hold references (Go's "scan" allocations get a malloc header).
    pub has_pointers: bool,
}

/// Register 1 of a slice: the word offset of element 0 within the backing array in the low
/// 48 bits, and 1 + the element width in words in the top 16 bits (0 only in a nil slice),
/// so element accesses need not look at the array, and a slice of an array inside another
/// object (`grid[i][:]` of a `[][3]byte`, `p.buf[:]`) has narrower elements than its object.
const WIDTH_SHIFT: u32 = 48;
const OFFSET_MASK: u64 = (1 << WIDTH_SHIFT) - 1;

/// Register 1 of a slice whose element 0 is at word `off` and whose elements take `w` words.
pub(crate) fn slice_window(off: usize, w: usize) -> u64 {
    off as u64 | (w as u64 + 1) << WIDTH_SHIFT
}

/// The word offset of element `i` of a slice of one-word elements (register 1 `window`,
/// length `len`), if `i` is in range; `None` sends wider elements and bad indices (negative
/// ones are huge as `u64`) to the general path.
#[inline(always)]
pub(crate) fn one_word_element(window: u64, len: u64, i: u64) -> Option<usize> {
    (window >> WIDTH_SHIFT == 2 && i < len).then(|| window_offset(window) + i as usize)
}

/// The word offset of element 0 of the slice whose register 1 holds `word`.
pub(crate) fn window_offset(word: u64) -> usize {
    (word & OFFSET_MASK) as usize
}

/// A slice value as it sits in four registers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SliceVal {
    pub obj: u64,
    /// Word offset of element 0 in `obj`.
    pub off: usize,
    /// Words per element.
    pub w: usize,
    pub len: usize,
    pub cap: usize,
}

impl SliceVal {
    /// A slice of `len` of the `cap` elements of a new backing array `obj` of `info`.
    pub(crate) fn whole(obj: u64, info: ArrayInfo, len: usize, cap: usize) -> SliceVal {
        SliceVal {
            obj,
            off: 0,
            w: info.elem_words,
            len,
            cap,
        }
    }

    /// The word offset of element `i`.
    pub(crate) fn word(&self, i: usize) -> usize {
        self.off + i * self.w
    }
}

impl Vm {
    /// `clear(s)`: zeroes the slice's elements.
    pub(crate) fn clear_slice(&mut self, a: usize) -> Result<(), VmError> {
        let s = self.checked_slice(a)?;
        if s.obj == 0 {
            return Ok(());
        }
        for i in s.off..s.word(s.len) {
            self.set_word_of(s.obj, i, 0);
        }
        Ok(())
    }

    /// The slice at `r`, after checking that a slice of frame registers lies on the stack
    /// (see `frame_words`), so its elements can be read with `word_of`.
    #[inline]
    pub(crate) fn checked_slice(&self, r: usize) -> Result<SliceVal, VmError> {
        let s = self.slice_at(r);
        if s.obj == FRAME_POINTER {
            self.frame_words(s.off, s.cap * s.w)?;
        }
        Ok(s)
    }

    #[inline(always)]
    pub(crate) fn slice_at(&self, r: usize) -> SliceVal {
        let (obj, window) = (self.stack[r], self.stack[r + 1]);
        let tag = (window >> WIDTH_SHIFT) as usize;
        debug_assert!(
            obj == 0 || tag != 0,
            "a slice header without its element width"
        );
        let w = tag.saturating_sub(1);
        SliceVal {
            obj,
            off: window_offset(window),
            w,
            len: self.stack[r + 2] as usize,
            cap: self.stack[r + 3] as usize,
        }
    }

    pub(crate) fn set_slice(&mut self, r: usize, s: SliceVal) {
        self.stack[r] = s.obj;
        self.stack[r + 1] = slice_window(s.off, s.w);
        self.stack[r + 2] = s.len as u64;
        self.stack[r + 3] = s.cap as u64;
    }

    /// The backing-array description of an object (its shape's element width).
    pub(crate) fn array_info_of(&self, obj: u64) -> ArrayInfo {
        // SAFETY: `obj` is a slice's backing array from a current register.
        let shape = unsafe { self.heap.shape_id(GcRef::from_bits(obj)) };
        self.array_by_shape[shape.index() as usize].unwrap_or(ArrayInfo {
            shape,
            elem_words: 1,
            go_elem_size: 8,
            has_pointers: false,
        })
    }

    pub(crate) fn alloc_array(&mut self, info: ArrayInfo, cap: usize) -> Result<u64, VmError> {
        let r = self
            .heap
            .alloc_array(info.shape, cap)
            .map_err(VmError::from)?;
        Ok(r.to_bits())
    }

    /// `make([]T, len, cap)`.
    pub(crate) fn make_slice(&mut self, a: usize, b: usize, k: u8) -> Result<(), VmError> {
        let (len, cap) = (self.stack[b] as i64, self.stack[b + 1] as i64);
        let info = self.arrays[k as usize];
        let limit = (1i64 << 40) / info.go_elem_size.max(1) as i64;
        if len < 0 || len > limit {
            return Err(self.panic("runtime error: makeslice: len out of range"));
        }
        if cap < len || cap > limit {
            return Err(self.panic("runtime error: makeslice: cap out of range"));
        }
        let obj = self.alloc_array(info, cap as usize)?;
        self.set_slice(a, SliceVal::whole(obj, info, len as usize, cap as usize));
        Ok(())
    }

    /// `FrameSlice`: a slice of `cap` elements of `w` words in the current frame's registers
    /// from `b` (zeroed by the compiler), length and capacity and width in `c..c+3`.
    pub(crate) fn frame_slice(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let (len, cap, w) = (self.stack[c], self.stack[c + 1], self.stack[c + 2]);
        let frame_end = self.above_top_frame();
        let words = (cap as usize).checked_mul(w as usize);
        if len > cap || words.is_none_or(|n| b + n > frame_end) {
            return Err(self.fatal("invalid frame slice"));
        }
        self.heap_allocs_avoided += 1;
        self.set_slice(
            a,
            SliceVal {
                obj: FRAME_POINTER,
                off: b,
                w: w as usize,
                len: len as usize,
                cap: cap as usize,
            },
        );
        Ok(())
    }

    /// Go's bounds error for index `i` (a negative index is reported without the length).
    #[cold]
    pub(crate) fn index_panic(&self, i: i64, len: usize) -> VmError {
        if i < 0 {
            return self.panic(format!("runtime error: index out of range [{i}]"));
        }
        self.panic(format!(
            "runtime error: index out of range [{i}] with length {len}"
        ))
    }

    /// `a.. = s[i]`.
    #[inline(always)]
    pub(crate) fn load_elem(&mut self, a: usize, b: usize, i: i64) -> Result<(), VmError> {
        let s = self.checked_slice(b)?;
        if i < 0 || i as usize >= s.len {
            return Err(self.index_panic(i, s.len));
        }
        let at = s.word(i as usize);
        for k in 0..s.w {
            self.stack[a + k] = self.word_of(s.obj, at + k);
        }
        Ok(())
    }

    /// `a, a+1 = &s[i]`.
    #[inline(always)]
    pub(crate) fn elem_addr(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let s = self.slice_at(b);
        let i = self.stack[c] as i64;
        if i < 0 || i as usize >= s.len {
            return Err(self.index_panic(i, s.len));
        }
        self.stack[a] = s.obj;
        self.stack[a + 1] = s.word(i as usize) as u64;
        Ok(())
    }

    /// `s[i] = a..`.
    #[inline(always)]
    pub(crate) fn store_elem(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let s = self.checked_slice(b)?;
        let i = self.stack[c] as i64;
        if i < 0 || i as usize >= s.len {
            return Err(self.index_panic(i, s.len));
        }
        self.write_words(s.obj, s.word(i as usize), a, s.w);
        Ok(())
    }

    /// `s[i], s[j] = s[j], s[i]` for the slice at `b` and the indices in registers `c` and
    /// `d`; `i` is checked first, as Go's code for `t := s[i]; s[i] = s[j]` or for the tuple
    /// assignment checks it.
    pub(crate) fn swap_elem(&mut self, b: usize, c: usize, d: usize) -> Result<(), VmError> {
        let s = self.checked_slice(b)?;
        let (i, j) = (self.stack[c] as i64, self.stack[d] as i64);
        for k in [i, j] {
            if k < 0 || k as usize >= s.len {
                return Err(self.index_panic(k, s.len));
            }
        }
        let (x, y) = (s.word(i as usize), s.word(j as usize));
        for k in 0..s.w {
            let (u, v) = (self.word_of(s.obj, x + k), self.word_of(s.obj, y + k));
            self.set_word_of(s.obj, x + k, v);
            self.set_word_of(s.obj, y + k, u);
        }
        Ok(())
    }

    /// Copies `n` registers from `src` into array `obj` at word `at` (within a checked
    /// slice), with the barrier.
    #[inline]
    fn write_words(&mut self, obj: u64, at: usize, src: usize, n: usize) {
        for k in 0..n {
            self.set_word_of(obj, at + k, self.stack[src + k]);
        }
    }

    /// `a = append(s, values...)` with `n` element values after the shape register.
    pub(crate) fn append(&mut self, a: usize, b: usize, n: usize) -> Result<(), VmError> {
        let s = self.checked_slice(b)?;
        let info = self.arrays[self.stack[b + 4] as usize];
        let w = info.elem_words;
        let grown = self.grow(s, n, info)?;
        self.write_words(grown.obj, grown.word(s.len), b + 5, n * w);
        self.set_slice(
            a,
            SliceVal {
                len: s.len + n,
                ..grown
            },
        );
        Ok(())
    }

    /// `a = append(s, t...)`.
    pub(crate) fn append_slice(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let s = self.checked_slice(b)?;
        let t = self.checked_slice(c)?;
        let info = self.arrays[self.stack[b + 4] as usize];
        let grown = self.grow(s, t.len, info)?;
        let (to, from) = ((grown.obj, grown.word(s.len)), (t.obj, t.off));
        self.copy_words_of(to, from, t.len * t.w)?;
        self.set_slice(
            a,
            SliceVal {
                len: s.len + t.len,
                ..grown
            },
        );
        Ok(())
    }

    /// Room for `extra` more elements: the same array if the capacity allows, else a new one
    /// with Go's growth (old elements copied).
    fn grow(&mut self, s: SliceVal, extra: usize, info: ArrayInfo) -> Result<SliceVal, VmError> {
        let needed = s.len + extra;
        if needed <= s.cap && s.obj != 0 {
            return Ok(s);
        }
        let cap = grown_capacity(s.cap, needed, info.go_elem_size, info.has_pointers);
        let obj = self.alloc_array(info, cap)?;
        self.copy_words_of((obj, 0), (s.obj, s.off), s.len * s.w)?;
        Ok(SliceVal::whole(obj, info, s.len, cap))
    }

    /// `a.. = s[lo:hi:max]` with Go's panics.
    pub(crate) fn slice_slice(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let s = self.slice_at(b);
        self.reslice(a, s, c, "capacity")
    }

    /// `a.. = s[lo:hi:max]` for the bounds at `c..c+2`, with Go's panics.
    /// `limit_name` is how Go names the bound the slice cannot pass (`capacity` for slices,
    /// `length` for arrays).
    pub(crate) fn reslice(
        &mut self,
        a: usize,
        s: SliceVal,
        c: usize,
        limit_name: &'static str,
    ) -> Result<(), VmError> {
        let raw_max = self.stack[c + 2];
        let bounds = Bounds {
            lo: bound_or(self.stack[c], 0),
            hi: bound_or(self.stack[c + 1], s.len as i64),
            max: (raw_max as i64 != ABSENT_BOUND).then_some(raw_max as i64),
            limit: s.cap as i64,
            limit_name,
        };
        if let Some(msg) = bounds.error() {
            return Err(self.panic(format!("runtime error: slice bounds out of range {msg}")));
        }
        let (lo, hi) = (bounds.lo, bounds.hi);
        let max = bounds.max.unwrap_or(s.cap as i64);
        self.set_slice(
            a,
            SliceVal {
                off: s.word(lo as usize),
                len: (hi - lo) as usize,
                cap: (max - lo) as usize,
                ..s
            },
        );
        Ok(())
    }

    /// `a = copy(dst, src)`.
    pub(crate) fn copy_slice(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let d = self.checked_slice(b)?;
        let s = self.checked_slice(c)?;
        let n = d.len.min(s.len);
        self.copy_words_of((d.obj, d.off), (s.obj, s.off), n * d.w)?;
        self.stack[a] = n as u64;
        Ok(())
    }
}

/// Go's panic text for bad slice bounds (`[:5] with capacity 3`, `[3:2]`, `[::7] …`).
/// The bound registers' value, or `absent` when the bound is not written.
pub(crate) fn bound_or(word: u64, absent: i64) -> i64 {
    let v = word as i64;
    if v == ABSENT_BOUND {
        absent
    } else {
        v
    }
}

/// The bounds of `x[lo:hi]` or `x[lo:hi:max]`, checked as Go's runtime does (the highest
/// bound first); `limit` is the capacity (or length) no bound may pass.
pub(crate) struct Bounds {
    pub lo: i64,
    pub hi: i64,
    pub max: Option<i64>,
    pub limit: i64,
    pub limit_name: &'static str,
}

impl Bounds {
    /// Go's bracketed description of the first bound out of range, if any.
    #[inline]
    pub fn error(&self) -> Option<String> {
        let max = self.max.unwrap_or(self.limit);
        if 0 <= self.lo && self.lo <= self.hi && self.hi <= max && max <= self.limit {
            return None;
        }
        self.describe()
    }

    #[cold]
    fn describe(&self) -> Option<String> {
        let (lo, hi, limit, name) = (self.lo, self.hi, self.limit, self.limit_name);
        let Some(max) = self.max else {
            if hi < 0 {
                return Some(format!("[:{hi}]"));
            }
            if hi > limit {
                return Some(format!("[:{hi}] with {name} {limit}"));
            }
            if lo < 0 {
                return Some(format!("[{lo}:]"));
            }
            return (lo > hi).then(|| format!("[{lo}:{hi}]"));
        };
        if max < 0 {
            return Some(format!("[::{max}]"));
        }
        if max > limit {
            return Some(format!("[::{max}] with {name} {limit}"));
        }
        if hi < 0 {
            return Some(format!("[:{hi}:]"));
        }
        if hi > max {
            return Some(format!("[:{hi}:{max}]"));
        }
        if lo < 0 {
            return Some(format!("[{lo}::]"));
        }
        (lo > hi).then(|| format!("[{lo}:{hi}:]"))
    }
}

/// Go's malloc size classes (runtime/sizeclasses.go), in bytes.
const SIZE_CLASSES: [usize; 68] = [
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
    2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
    10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672,
    32768,
];

/// runtime.roundupsize: the allocation size Go's malloc gives a request (small objects with
/// pointers over 512 bytes carry an 8-byte header, which is not capacity).
pub(crate) fn round_up_size(size: usize, has_pointers: bool) -> usize {
    const MAX_SMALL: usize = 32768;
    const HEADER: usize = 8;
    const PAGE: usize = 8192;
    if size <= MAX_SMALL - HEADER {
        let req = if has_pointers && size > 512 {
            size + HEADER
        } else {
            size
        };
        let class = SIZE_CLASSES
            .iter()
            .copied()
            .find(|&c| c >= req)
            .unwrap_or(MAX_SMALL);
        return class - (req - size);
    }
    size.div_ceil(PAGE) * PAGE
}

/// runtime.growslice's new capacity for `needed` elements.
pub(crate) fn grown_capacity(
    cap: usize,
    needed: usize,
    elem_size: usize,
    has_pointers: bool,
) -> usize {
    let mut newcap = cap;
    let double = cap + cap;
    if needed > double {
        newcap = needed;
    } else if cap < 256 {
        newcap = double;
    } else {
        while newcap < needed {
            newcap += (newcap + 3 * 256) >> 2;
        }
    }
    if elem_size == 0 {
        return newcap;
    }
    round_up_size(newcap * elem_size, has_pointers) / elem_size
}

/// Conversions between strings and byte or rune slices, and rune decoding for `range`.
impl Vm {
    /// `a = rune at byte c of string b`, `a + 1 = its width`.
    pub(crate) fn decode_rune(&mut self, a: usize, b: usize, c: usize) {
        let bytes = self.str_bytes(self.stack[b], self.stack[b + 1]);
        let at = self.stack[c] as usize;
        let (r, w) = mini_bytecode::strconv::utf8::decode_rune(&bytes[at.min(bytes.len())..]);
        self.stack[a] = r as i64 as u64;
        self.stack[a + 1] = w as u64;
    }

    /// A new slice from element words (one word per element, capacity = length).
    fn slice_from_words(&mut self, a: usize, k: u8, words: &[u64]) -> Result<(), VmError> {
        let info = self.arrays[k as usize];
        let cap = words.len();
        let obj = self.alloc_array(info, cap)?;
        for (i, w) in words.iter().enumerate() {
            // SAFETY: `obj` was just allocated with `words.len()` one-word elements.
            unsafe { self.heap.store(GcRef::from_bits(obj), i, *w) };
        }
        self.set_slice(a, SliceVal::whole(obj, info, cap, cap));
        Ok(())
    }

    pub(crate) fn string_to_bytes(&mut self, a: usize, b: usize, k: u8) -> Result<(), VmError> {
        let words: Vec<u64> = self
            .str_bytes(self.stack[b], self.stack[b + 1])
            .iter()
            .map(|&x| x as u64)
            .collect();
        self.slice_from_words(a, k, &words)
    }

    pub(crate) fn string_to_runes(&mut self, a: usize, b: usize, k: u8) -> Result<(), VmError> {
        let bytes = self.str_bytes(self.stack[b], self.stack[b + 1]).to_vec();
        let mut words = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let (r, w) = mini_bytecode::strconv::utf8::decode_rune(&bytes[at..]);
            words.push(r as i64 as u64);
            at += w.max(1);
        }
        self.slice_from_words(a, k, &words)
    }

    /// Reads the one-word elements of the slice at `b`.
    fn slice_words(&self, b: usize) -> Result<Vec<u64>, VmError> {
        let s = self.checked_slice(b)?;
        if s.obj == 0 {
            return Ok(Vec::new());
        }
        Ok((s.off..s.word(s.len))
            .map(|i| self.word_of(s.obj, i))
            .collect())
    }

    pub(crate) fn bytes_to_string(&mut self, a: usize, b: usize) -> Result<(), VmError> {
        let bytes: Vec<u8> = self.slice_words(b)?.iter().map(|&w| w as u8).collect();
        self.set_string(a, &bytes)
    }

    pub(crate) fn runes_to_string(&mut self, a: usize, b: usize) -> Result<(), VmError> {
        let mut out = String::new();
        for w in self.slice_words(b)? {
            let c = u32::try_from(w as i64)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            out.push(c);
        }
        self.set_string(a, out.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::grown_capacity;

    /// Capacities Go 1.27 prints when appending one element at a time.
    #[test]
    fn growth_matches_go() {
        let mut cap = 0;
        let mut seen = Vec::new();
        for len in 0..3000 {
            if len == cap {
                cap = grown_capacity(cap, len + 1, 8, false);
                seen.push(cap);
            }
        }
        assert_eq!(
            &seen[..14],
            &[1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560]
        );
        assert_eq!(grown_capacity(32, 33, 16, true), 71);
    }
}
