//! Slices: `make`, literals, indexing, element stores, `append`, slicing, `copy`, `len`/`cap`.
//!
//! A slice is four registers: the backing array (a GC array object), the offset of its first
//! element, its length and its capacity. The VM grows backing arrays with Go's rules and size
//! classes, so capacities print as Go's do.

use super::func::FuncBuilder;
use super::layout::{Layout, SLICE};
use crate::ast::{Expr, ExprKind, KeyedElement};
use crate::types::{BasicKind, TypeData, TypeId};
use mini_bytecode::{Instr, SlotKind};

impl FuncBuilder<'_, '_> {
    /// The element type of slice type `t`.
    pub fn elem_of(&self, t: TypeId) -> Option<TypeId> {
        match self.g.info.types.under(t) {
            TypeData::Slice(e) => Some(*e),
            _ => None,
        }
    }

    pub fn is_slice(&self, t: TypeId) -> bool {
        self.elem_of(t).is_some()
    }

    fn int_type(&self) -> TypeId {
        self.g.info.types.basic(BasicKind::Int)
    }

    fn two_scalars(&mut self, pos: u32) -> u8 {
        self.alloc(&Layout::of(&[SlotKind::Scalar; 2]), pos)
    }

    /// `make([]T, len[, cap])` into `dst`.
    pub fn make_slice(&mut self, t: TypeId, args: &[Expr], dst: u8, e: &Expr) {
        let Some(elem) = self.elem_of(t) else {
            self.unsupported(e.pos(), "make of maps and channels");
            return;
        };
        if let Some(r) = self.frame_site(e) {
            return self.frame_make(elem, args, r, dst, e);
        }
        let Some(k) = self.g.array_shape(elem, e.pos()) else {
            return;
        };
        let sizes = self.two_scalars(e.pos());
        let int = self.int_type();
        self.expr_to(&args[1], sizes, int);
        match args.get(2) {
            Some(c) => self.expr_to(c, sizes + 1, int),
            None => self.mov(sizes + 1, sizes, 1),
        }
        self.at(e.pos());
        self.emit(Instr::MakeSlice {
            a: dst,
            b: sizes,
            k,
        });
    }

    /// `make([]T, n[, m])` with constant sizes whose array escape analysis keeps in the
    /// frame, at registers `r` (zeroed at each evaluation, as a new array is).
    fn frame_make(&mut self, elem: TypeId, args: &[Expr], r: u8, dst: u8, e: &Expr) {
        let (Some(len), Some(layout)) = (self.const_int(&args[1]), self.g.layout(elem, e.pos()))
        else {
            return;
        };
        let cap = args.get(2).and_then(|c| self.const_int(c)).unwrap_or(len);
        let w = layout.kinds.len() as u64;
        self.at(e.pos());
        let words = u8::try_from(cap * w).unwrap_or(u8::MAX);
        self.emit(Instr::LoadNil { a: r, c: words });
        self.emit_frame_slice(dst, r, [len, cap, w], e.pos());
    }

    /// `dst` = a slice of the frame registers from `r`, of `len`, `cap` and words per
    /// element `w` (`[len, cap, w]`).
    fn emit_frame_slice(&mut self, dst: u8, r: u8, sizes: [u64; 3], pos: u32) {
        let regs = self.alloc(&Layout::of(&[SlotKind::Scalar; 3]), pos);
        for (i, v) in sizes.into_iter().enumerate() {
            self.load_bits(regs + i as u8, v);
        }
        self.at(pos);
        self.emit(Instr::FrameSlice {
            a: dst,
            b: r,
            c: regs,
        });
    }

    /// `[]T{a, b, ...}` whose array escape analysis keeps in the frame, at registers `r`:
    /// every element is listed, so each is written in place.
    fn frame_slice_literal(
        &mut self,
        elem: TypeId,
        elems: &[KeyedElement],
        r: u8,
        dst: u8,
        e: &Expr,
    ) {
        let Some(layout) = self.g.layout(elem, e.pos()) else {
            return;
        };
        let w = layout.kinds.len();
        for (i, el) in elems.iter().enumerate() {
            self.element_value(&el.value, elem, r + (i * w) as u8);
        }
        let n = elems.len() as u64;
        self.emit_frame_slice(dst, r, [n, n, w as u64], e.pos());
    }

    /// `[]T{...}` into `dst`.
    pub fn slice_literal(&mut self, t: TypeId, elems: &[KeyedElement], dst: u8, e: &Expr) {
        let Some(elem) = self.elem_of(t) else { return };
        if let Some(r) = self.frame_site(e) {
            return self.frame_slice_literal(elem, elems, r, dst, e);
        }
        let Some(k) = self.g.array_shape(elem, e.pos()) else {
            return;
        };
        let Some(len) = self.literal_length(elems, e) else {
            return;
        };
        let sizes = self.two_scalars(e.pos());
        self.load_bits(sizes, len);
        self.load_bits(sizes + 1, len);
        self.emit(Instr::MakeSlice {
            a: dst,
            b: sizes,
            k,
        });
        let Some(layout) = self.g.layout(elem, e.pos()) else {
            return;
        };
        let value = self.alloc(&layout, e.pos());
        let index = self.scalar(e.pos());
        let mut next = 0u64;
        for el in elems {
            if let Some(key) = &el.key {
                next = self.const_index(key).unwrap_or(next);
            }
            self.element_value(&el.value, elem, value);
            self.load_bits(index, next);
            self.store_elem_regs(value, dst, index, elem, e.pos());
            next += 1;
        }
    }

    /// Evaluates a literal's element, whose type may be elided (`{1, 2}` in `[][]int`).
    pub fn element_value(&mut self, v: &Expr, t: TypeId, dst: u8) {
        if let ExprKind::CompositeLit {
            typ: None, elems, ..
        } = &v.kind
        {
            self.composite_of(t, elems, dst, v);
            return;
        }
        self.expr_to(v, dst, t);
    }

    /// Dispatches a composite literal by its (possibly elided) type.
    pub fn composite_of(&mut self, t: TypeId, elems: &[KeyedElement], dst: u8, e: &Expr) {
        if self.by_pointer(t) {
            self.composite_in_box(t, elems, dst, e);
        } else if self.is_slice(t) {
            self.slice_literal(t, elems, dst, e);
        } else if self.is_map(t) {
            self.map_literal(t, elems, dst, e);
        } else if let Some(pt) = self.pointer_elem(t) {
            self.elided_address_literal(pt, elems, dst, e);
        } else if self.array_type(t).is_some() {
            self.array_literal(t, elems, dst, e);
        } else if matches!(self.g.info.types.under(t), TypeData::Struct(_)) {
            self.struct_literal(t, elems, dst, e);
        } else {
            self.unsupported(e.pos(), "composite literals of this type");
        }
    }

    /// `{...}` standing for `&T{...}` in a literal of pointers: a new box holding the value.
    fn elided_address_literal(&mut self, t: TypeId, elems: &[KeyedElement], dst: u8, e: &Expr) {
        let Some(layout) = self.g.layout(t, e.pos()) else {
            return;
        };
        let v = self.alloc(&layout, e.pos());
        self.composite_of(t, elems, v, e);
        self.box_value(t, v, dst, e.pos());
    }

    fn const_index(&self, key: &Expr) -> Option<u64> {
        let info = self.g.info.exprs.get(key.id.0 as usize)?.as_ref()?;
        info.val.as_ref()?.as_u64()
    }

    /// The length of a slice literal: one past the largest index.
    fn literal_length(&mut self, elems: &[KeyedElement], e: &Expr) -> Option<u64> {
        let mut next = 0u64;
        let mut len = 0u64;
        for el in elems {
            if let Some(key) = &el.key {
                match self.const_index(key) {
                    Some(i) => next = i,
                    None => {
                        self.unsupported(e.pos(), "this literal index");
                        return None;
                    }
                }
            }
            next += 1;
            len = len.max(next);
        }
        Some(len)
    }

    /// `s[i]` for a slice into `dst`.
    pub fn slice_index(&mut self, x: &Expr, index: &Expr, dst: u8) {
        let s = self.expr(x);
        if let Some(k) = self.const_index(index).and_then(|k| u8::try_from(k).ok()) {
            self.at(index.pos());
            self.emit(Instr::LoadElemImm { a: dst, b: s, k });
            return;
        }
        let int = self.int_type();
        let i = self.index_operand(index, int);
        self.at(index.pos());
        self.emit(Instr::LoadElem { a: dst, b: s, c: i });
    }

    fn index_operand(&mut self, index: &Expr, int: TypeId) -> u8 {
        let t = self.type_of(index);
        if self.g.info.types.is_integer(t)
            && !self.g.info.types.is_untyped(t)
            && self.size_of(t) == 1
        {
            return self.expr(index);
        }
        let r = self.scalar(index.pos());
        self.expr_to(index, r, int);
        r
    }

    /// `s[i] = value` where the value is already in `val`.
    pub fn store_elem(&mut self, target: &Expr, val: u8) {
        let ExprKind::Index { x, indices, .. } = &target.unparen().kind else {
            return;
        };
        let s = self.expr(x);
        let int = self.int_type();
        let i = self.index_operand(&indices[0], int);
        self.at(indices[0].pos());
        self.emit(Instr::StoreElem { a: val, b: s, c: i });
    }

    /// `append(s, values...)` and `append(s, other...)` into `dst`.
    pub fn append(&mut self, t: TypeId, args: &[Expr], spread: bool, dst: u8, e: &Expr) {
        let Some(elem) = self.elem_of(t) else { return };
        let Some(k) = self.g.array_shape(elem, e.pos()) else {
            return;
        };
        let Some(elem_layout) = self.g.layout(elem, e.pos()) else {
            return;
        };
        // Values held by pointer go in through a temporary slice of copies.
        let packed = !spread && self.by_pointer(elem);
        let values = if spread { 1 } else { args.len() - 1 };
        let mut kinds = SLICE.to_vec();
        kinds.push(SlotKind::Scalar);
        if spread || packed {
            kinds.extend(SLICE);
        } else {
            for _ in 0..values {
                kinds.extend(elem_layout.kinds.iter().copied());
            }
        }
        if kinds.len() > 200 {
            self.unsupported(e.pos(), "appending this many values at once");
            return;
        }
        let block = self.alloc(&Layout::from(kinds), e.pos());
        self.expr_to(&args[0], block, t);
        self.load_bits(block + 4, k as u64);
        if spread || packed {
            if packed {
                self.pack_variadic(t, &args[1..], block + 5, e);
            } else {
                self.spread_source(&args[1], block + 5, t);
            }
            self.at(e.pos());
            self.emit(Instr::AppendSlice {
                a: dst,
                b: block,
                c: block + 5,
            });
            return;
        }
        let width = elem_layout.size();
        for (i, v) in args[1..].iter().enumerate() {
            self.element_value(v, elem, block + 5 + i as u8 * width);
        }
        let elem_size = super::layout::go_size(&self.g.info.types, elem);
        self.frame_buffer_check(e, block, values, elem_size.into(), k);
        self.at(e.pos());
        self.emit(Instr::Append {
            a: dst,
            b: block,
            c: values as u8,
        });
    }

    /// The second argument of `append(s, x...)`: a slice, or a string appended to `[]byte`.
    fn spread_source(&mut self, src: &Expr, dst: u8, t: TypeId) {
        if self.g.info.types.is_string(self.type_of(src)) {
            self.string_bytes(src, dst, t);
            return;
        }
        self.expr_to(src, dst, t);
    }

    /// The bytes of the string `src` as a new `[]byte` (of slice type `t`) at `dst`.
    fn string_bytes(&mut self, src: &Expr, dst: u8, t: TypeId) {
        let Some(elem) = self.elem_of(t) else {
            return;
        };
        let Some(k) = self.g.array_shape(elem, src.pos()) else {
            return;
        };
        let s = self.expr(src);
        self.emit(Instr::StrToBytes { a: dst, b: s, k });
    }

    /// `s[lo:hi:max]` for a slice into `dst`.
    pub fn slice_slice(&mut self, x: &Expr, bounds: [Option<&Expr>; 3], dst: u8, e: &Expr) {
        let s = self.expr(x);
        let b = self.alloc(&Layout::of(&[SlotKind::Scalar; 3]), e.pos());
        self.slice_bounds(&bounds, b);
        self.at(e.pos());
        self.emit(Instr::SliceSlice { a: dst, b: s, c: b });
    }

    /// Evaluates slice bounds into `b..` as ints, `ABSENT_BOUND` for the missing ones.
    pub fn slice_bounds(&mut self, bounds: &[Option<&Expr>], b: u8) {
        let int = self.int_type();
        for (k, bound) in bounds.iter().enumerate() {
            match bound {
                Some(v) => self.expr_to(v, b + k as u8, int),
                None => self.load_bits(b + k as u8, mini_bytecode::instr::ABSENT_BOUND as u64),
            }
        }
    }

    /// `copy(dst, src)` with the count into `dst_reg` (when wanted).
    pub fn copy_slices(&mut self, args: &[Expr], dst_reg: Option<u8>, e: &Expr) {
        let t = self.type_of(&args[0]);
        let d = self.expr(&args[0]);
        let s = if self.g.info.types.is_string(self.type_of(&args[1])) {
            let Some(layout) = self.g.layout(t, e.pos()) else {
                return;
            };
            let r = self.alloc(&layout, e.pos());
            self.string_bytes(&args[1], r, t);
            r
        } else {
            self.operand_at(&args[1], t)
        };
        let out = dst_reg.unwrap_or_else(|| self.scalar(e.pos()));
        self.at(e.pos());
        self.emit(Instr::CopySlice { a: out, b: d, c: s });
    }

    fn operand_at(&mut self, v: &Expr, t: TypeId) -> u8 {
        let Some(layout) = self.g.layout(t, v.pos()) else {
            return 0;
        };
        let r = self.alloc(&layout, v.pos());
        self.expr_to(v, r, t);
        r
    }
}
