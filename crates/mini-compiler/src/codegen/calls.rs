//! Argument blocks of calls of Mini functions: variadic parameters packed into a new slice
//! (`f(a, b)`, `f()` passing nil, `f(s...)` passing `s` itself), a multi-value call as the
//! arguments (`f(g())`), and `return g()`.

use super::func::FuncBuilder;
use super::layout::Layout;
use crate::ast::Expr;
use crate::types::{Signature, TypeId};
use mini_bytecode::{Instr, SlotKind};

impl FuncBuilder<'_, '_> {
    /// Allocates a call block: `head` (a function value or a receiver), then `s`'s
    /// parameters, padded to at least `min` slots (the results come back there); returns the
    /// block's first register and each parameter's offset in it.
    pub(crate) fn call_block(
        &mut self,
        head: &[SlotKind],
        s: &Signature,
        min: u8,
        pos: u32,
    ) -> Option<(u8, Vec<u8>)> {
        let mut kinds = head.to_vec();
        let mut offsets = Vec::new();
        for (_, pt) in s.params.iter() {
            let layout = self.g.layout(*pt, pos)?;
            offsets.push(kinds.len() as u8);
            kinds.extend(layout.kinds);
        }
        kinds.resize(kinds.len().max(min as usize), SlotKind::Scalar);
        Some((self.alloc(&Layout::from(kinds), pos), offsets))
    }

    /// Evaluates the arguments of a call of signature `s` into the parameter slots at
    /// `base + offsets[i]`; `spread` is `f(s...)`.
    pub(crate) fn args_into(
        &mut self,
        s: &Signature,
        args: &[Expr],
        spread: bool,
        base: u8,
        offsets: &[u8],
        e: &Expr,
    ) {
        if let [single] = args {
            if let Some(results) = self.tuple_types(single) {
                self.spread_results(s, single, &results, base, offsets, e);
                return;
            }
        }
        let fixed = if s.variadic && !spread {
            s.params.len() - 1
        } else {
            s.params.len()
        };
        for ((arg, (_, pt)), off) in args.iter().zip(&s.params[..fixed]).zip(offsets) {
            self.expr_to(arg, base + off, *pt);
        }
        if fixed < s.params.len() {
            let (_, slice) = s.params[fixed];
            self.pack_variadic(
                slice,
                &args[fixed.min(args.len())..],
                base + offsets[fixed],
                e,
            );
        }
    }

    /// The variadic arguments as a new slice of type `slice` at `dst` (nil when there are none).
    pub(crate) fn pack_variadic(&mut self, slice: TypeId, rest: &[Expr], dst: u8, e: &Expr) {
        self.pack_slice(slice, rest.len(), dst, e, |b, i, value, elem| {
            b.expr_to(&rest[i], value, elem);
        });
    }

    /// A new slice of type `slice` with `n` elements at `dst` (nil when `n` is 0); `each`
    /// puts element `i` in the register it is given.
    fn pack_slice(
        &mut self,
        slice: TypeId,
        n: usize,
        dst: u8,
        e: &Expr,
        each: impl Fn(&mut Self, usize, u8, TypeId),
    ) {
        if n == 0 {
            self.emit(Instr::LoadNil { a: dst, c: 4 });
            return;
        }
        let Some(elem) = self.elem_of(slice) else {
            return;
        };
        let (Some(k), Some(layout)) = (
            self.g.array_shape(elem, e.pos()),
            self.g.layout(elem, e.pos()),
        ) else {
            return;
        };
        let sizes = self.alloc(&Layout::of(&[SlotKind::Scalar; 2]), e.pos());
        self.load_bits(sizes, n as u64);
        self.load_bits(sizes + 1, n as u64);
        self.emit(Instr::MakeSlice {
            a: dst,
            b: sizes,
            k,
        });
        let value = self.alloc(&layout, e.pos());
        for i in 0..n {
            each(self, i, value, elem);
            self.load_bits(sizes, i as u64);
            self.store_elem_regs(value, dst, sizes, elem, e.pos());
        }
    }

    /// `f(g())`: `g`'s results, converted to the parameter types, become the arguments.
    fn spread_results(
        &mut self,
        s: &Signature,
        call: &Expr,
        results: &[TypeId],
        base: u8,
        offsets: &[u8],
        e: &Expr,
    ) {
        let Some(values) = self.call_results(call, results, e.pos()) else {
            return;
        };
        let fixed = if s.variadic {
            s.params.len() - 1
        } else {
            s.params.len()
        };
        let mut at = values;
        let mut rest = Vec::new();
        for (i, &t) in results.iter().enumerate() {
            if i < fixed {
                self.convert_regs(at, t, s.params[i].1, base + offsets[i], e.pos());
            } else {
                rest.push((at, t));
            }
            at += self.size_of(t);
        }
        if fixed < s.params.len() {
            let slice = s.params[fixed].1;
            self.pack_slice(
                slice,
                rest.len(),
                base + offsets[fixed],
                e,
                |b, i, value, elem| {
                    let (r, t) = rest[i];
                    b.convert_regs(r, t, elem, value, e.pos());
                },
            );
        }
    }

    /// Evaluates a multi-value call into fresh registers (its results in order).
    pub(crate) fn call_results(&mut self, call: &Expr, results: &[TypeId], pos: u32) -> Option<u8> {
        let mut kinds = Vec::new();
        for t in results {
            kinds.extend(self.g.layout(*t, pos)?.kinds);
        }
        let values = self.alloc(&Layout::from(kinds), pos);
        self.call_to(call.unparen(), Some(values));
        Some(values)
    }

    /// Copies a value of type `from` at `src` to `dst` as a value of type `to` (an implicit
    /// conversion to an interface, or a plain copy).
    pub(crate) fn convert_regs(&mut self, src: u8, from: TypeId, to: TypeId, dst: u8, pos: u32) {
        let types = &self.g.info.types;
        if !types.is_interface(to) || types.is_interface(from) {
            let size = self.size_of(to);
            self.mov(dst, src, size);
            return;
        }
        let Some(t) = self.g.runtime_type(from, pos) else {
            self.unsupported(pos, "this type in an interface");
            return;
        };
        self.emit_to_iface(dst, src, from, t);
    }
}
