//! Interface values at run time: method calls through interfaces, type assertions, interface
//! comparison, and calls of a value's methods from native code (`fmt` calling `String()`).
//!
//! An interface is two words: a type word (`(t + 1) << 1`, odd when the value is boxed) and
//! a data word (the value itself when it takes one slot, else its box).

use mini_bytecode::TypeKind;
use mini_gc::GcRef;

use crate::error::VmError;
use crate::vm::Vm;

/// The runtime type index of a non-nil interface type word.
pub(crate) fn type_index(tword: u64) -> usize {
    ((tword >> 1) - 1) as usize
}

impl Vm {
    /// The slots of the value an interface holds (copied out of its box when boxed).
    pub(crate) fn iface_words(&self, tword: u64, data: u64) -> Vec<u64> {
        let n = self.program.types[type_index(tword)].slots.len();
        if tword & 1 == 0 {
            return vec![data; n.min(1)];
        }
        // SAFETY: an odd type word means `data` is the value's box, a live object (it comes
        // from a current register or heap word) with `n` payload words.
        let payload = unsafe { self.heap.payload(GcRef::from_bits(data)) };
        payload[..n].to_vec()
    }

    /// Copies the value an interface holds into registers `dst..` (without an intermediate
    /// vector: interface calls and assertions do this on every execution); a value passed by
    /// pointer becomes a pointer to a private copy of the box.
    fn copy_iface_value(&mut self, tword: u64, data: u64, dst: usize) -> Result<(), VmError> {
        let t = type_index(tword);
        let n = self.program.types[t].slots.len();
        if tword & 1 == 0 {
            if n > 0 {
                self.stack[dst] = data;
            }
            return Ok(());
        }
        if self.program.types[t].passed_by_pointer() {
            // SAFETY: an odd type word means `data` is the value's box, a live object (from a
            // current register or heap word) with `n` payload words; nothing collects before
            // the copy is made.
            let words = unsafe { self.heap.payload(GcRef::from_bits(data)) }[..n].to_vec();
            self.stack[dst] = self.box_words(t, &words)?;
            self.stack[dst + 1] = 0;
            return Ok(());
        }
        // SAFETY: an odd type word means `data` is the value's box, a live object (it comes
        // from a current register or heap word) with `n` payload words.
        let payload = unsafe { self.heap.payload(GcRef::from_bits(data)) };
        self.stack[dst..dst + n].copy_from_slice(&payload[..n]);
        Ok(())
    }

    /// A new box of runtime type `t` holding `words` (its value's slots).
    pub(crate) fn box_words(&mut self, t: usize, words: &[u64]) -> Result<u64, VmError> {
        let Some(shape) = self.shapes.boxes.get(t).copied().flatten() else {
            return Err(self.panic("internal error: no box shape for a value passed by pointer"));
        };
        let obj = self.heap.alloc(shape).map_err(VmError::from)?;
        for (k, &v) in words.iter().enumerate() {
            // SAFETY: `obj` was just allocated (no safepoint since) with one payload word per
            // slot of `t`; reference words are live (copied from a live object or registers)
            // and go through the barrier.
            unsafe {
                self.heap.store(obj, k, v);
                self.heap.write_barrier_at(obj, k, v);
            }
        }
        Ok(obj.to_bits())
    }

    /// `EqValues`: whether the values of runtime type `t` behind the pointers at `b` and
    /// `b + 2` are equal.
    pub(crate) fn equal_behind_pointers(&self, b: usize, t: usize) -> Result<bool, VmError> {
        let n = self.program.types[t].slots.len();
        let words = |p: usize| {
            let (obj, off) = (self.stack[p], self.stack[p + 1] as usize);
            // SAFETY: a pointer to a value passed by pointer, from current registers: its
            // object is live and holds the value's `n` slots at `off`.
            let payload = unsafe { self.heap.payload(GcRef::from_bits(obj)) };
            &payload[off..off + n]
        };
        self.values_equal(t, words(b), words(b + 2))
    }

    /// `CallIface`: turns the interface at `at` and the arguments after it into the frame of
    /// the dynamic type's method `name` (receiver first); returns the function to enter.
    pub(crate) fn prepare_iface_call(&mut self, at: usize, name: u16) -> Result<u32, VmError> {
        let (tword, data) = (self.stack[at], self.stack[at + 1]);
        if tword == 0 {
            return Err(
                self.panic("runtime error: invalid memory address or nil pointer dereference")
            );
        }
        let t = type_index(tword);
        let keys = self.program.method_names.len();
        let f = self.dispatch[t * keys + name as usize];
        let rt = &self.program.types[t];
        if f == crate::vm::NO_METHOD {
            return Err(self.panic(format!(
                "internal error: {} has no method {}",
                rt.name, self.program.method_names[name as usize]
            )));
        }
        let recv = if rt.passed_by_pointer() {
            2
        } else {
            rt.slots.len()
        };
        let args = (self.program.funcs[f as usize].param_slots as usize).saturating_sub(recv);
        let need = at + 2 + args + recv;
        if self.stack.len() < need {
            self.stack.resize(need, 0);
        }
        self.stack.copy_within(at + 2..at + 2 + args, at + recv);
        self.copy_iface_value(tword, data, at)?;
        Ok(f)
    }

    /// Whether the dynamic type of an interface has every method of interface type `iface`.
    pub(crate) fn implements(&self, tword: u64, iface: usize) -> bool {
        if tword == 0 {
            return false;
        }
        let TypeKind::Interface { methods } = &self.program.types[iface].kind else {
            return false;
        };
        let rt = &self.program.types[type_index(tword)];
        methods.iter().all(|m| rt.method(*m).is_some())
    }

    /// `Unbox`: copies the value of the interface at `b` into `a..`.
    pub(crate) fn unbox(&mut self, a: usize, b: usize) -> Result<(), VmError> {
        self.copy_iface_value(self.stack[b], self.stack[b + 1], a)
    }

    /// Go's message for a failed type assertion of the interface at `at`, whose static type
    /// is `iface`, to type `target`.
    pub(crate) fn assertion_error(&self, at: usize, iface: usize, target: usize) -> VmError {
        let types = &self.program.types;
        let tword = self.stack[at];
        let (src, want) = (&types[iface].name, &types[target].name);
        let target_is_iface = matches!(types[target].kind, TypeKind::Interface { .. });
        let message = if tword == 0 && target_is_iface {
            format!("interface conversion: interface is nil, not {want}")
        } else if tword == 0 {
            format!("interface conversion: {src} is nil, not {want}")
        } else if let TypeKind::Interface { methods } = &types[target].kind {
            let dynamic = &types[type_index(tword)];
            let mut names: Vec<&str> = methods
                .iter()
                .filter(|m| dynamic.method(**m).is_none())
                .map(|m| method_name(&self.program.method_names[*m as usize]))
                .collect();
            names.sort_unstable();
            format!(
                "interface conversion: {} is not {want}: missing method {}",
                dynamic.name,
                names.first().copied().unwrap_or("")
            )
        } else {
            let dynamic = &types[type_index(tword)].name;
            format!("interface conversion: {src} is {dynamic}, not {want}")
        };
        self.panic(message)
    }

    /// `x == y` for two interfaces: same dynamic type and equal values; comparing values of
    /// an uncomparable dynamic type panics as in Go.
    pub(crate) fn iface_equal(&self, x: (u64, u64), y: (u64, u64)) -> Result<bool, VmError> {
        if x.0 != y.0 {
            return Ok(false);
        }
        if x.0 == 0 {
            return Ok(true);
        }
        let t = type_index(x.0);
        let (a, b) = (self.iface_words(x.0, x.1), self.iface_words(y.0, y.1));
        self.values_equal(t, &a, &b)
    }

    /// Whether two values of runtime type `t` (their slots) are equal under Go's `==`.
    fn values_equal(&self, t: usize, a: &[u64], b: &[u64]) -> Result<bool, VmError> {
        let rt = &self.program.types[t];
        match &rt.kind {
            TypeKind::Float { bits: 32 } => {
                Ok(f32::from_bits(a[0] as u32) == f32::from_bits(b[0] as u32))
            }
            TypeKind::Float { .. } => Ok(f64::from_bits(a[0]) == f64::from_bits(b[0])),
            TypeKind::String => Ok(self.str_bytes(a[0], a[1]) == self.str_bytes(b[0], b[1])),
            TypeKind::Interface { .. } => self.iface_equal((a[0], a[1]), (b[0], b[1])),
            TypeKind::Struct { fields } => {
                let mut at = 0;
                for (_, ft) in fields {
                    let n = self.program.types[*ft as usize].slots.len();
                    if !self.values_equal(*ft as usize, &a[at..at + n], &b[at..at + n])? {
                        return Ok(false);
                    }
                    at += n;
                }
                Ok(true)
            }
            TypeKind::Array { elem, len } => {
                let n = self.program.types[*elem as usize].slots.len();
                for i in 0..*len as usize {
                    let (x, y) = (&a[i * n..(i + 1) * n], &b[i * n..(i + 1) * n]);
                    if !self.values_equal(*elem as usize, x, y)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            TypeKind::Slice { .. } | TypeKind::Map { .. } | TypeKind::Func => Err(self.panic(
                format!("runtime error: comparing uncomparable type {}", rt.name),
            )),
            _ => Ok(a == b),
        }
    }

    /// Calls function `f` with the receiver `words` (a method taking no arguments) from
    /// native code, and returns its string result. Collections wait until the native
    /// returns, so the native's raw references stay valid; a panic in the method is
    /// returned with the frames it unwound popped.
    pub(crate) fn call_string_method(
        &mut self,
        f: u32,
        t: usize,
        words: &[u64],
    ) -> Result<Vec<u8>, VmError> {
        let boxed;
        let words = if self.program.types[t].passed_by_pointer() {
            boxed = [self.box_words(t, words)?, 0];
            &boxed[..]
        } else {
            words
        };
        let base = self.above_top_frame();
        if self.stack.len() < base + words.len().max(2) {
            self.stack.resize(base + words.len().max(2), 0);
        }
        self.stack[base..base + words.len()].copy_from_slice(words);
        let depth = self.frames.len();
        let outer_panic = self.panicking.take();
        self.gc_hold += 1;
        let result = self.enter_frame(f, base).and_then(|()| self.execute(depth));
        self.gc_hold -= 1;
        self.panicking = outer_panic;
        let out = match result {
            Ok(()) => Ok(self
                .str_bytes(self.stack[base], self.stack[base + 1])
                .to_vec()),
            Err(e) => {
                self.frames.truncate(depth);
                Err(e)
            }
        };
        let end = self.stack.len();
        self.stack[base..end].fill(0);
        out
    }

    /// The function implementing `name() string` (`fmt`'s `Error`, `String`, `GoString`)
    /// for runtime type `t`, if it has one.
    pub(crate) fn method_named(&self, t: usize, name: &str) -> Option<u32> {
        let key = format!("{name}() string");
        let k = self.program.method_names.iter().position(|m| *m == key)?;
        self.program.types[t].method(k as u16)
    }
}

/// The name part of a method key (`Unwrap` of `Unwrap() error`).
fn method_name(key: &str) -> &str {
    key.split_once('(').map_or(key, |(name, _)| name)
}
