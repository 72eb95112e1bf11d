//! Arrays: values of `N * slots(T)` consecutive slots, inline wherever they are held.
//!
//! A constant index is a static slot offset; a dynamic index is checked (`IndexCheck`) and
//! scaled to a slot count, then reads and writes go through `LoadIndexed`/`StoreIndexed`
//! (registers), `GetGlobalAt`/`SetGlobalAt` (globals) or `PtrAddReg` (heap). An array
//! variable that is sliced, has an element's address taken or is too big for registers lives
//! in a heap array object (`NewArray`), so slices of it alias it as in Go.

use super::func::FuncBuilder;
use super::layout::{array_of, Layout, POINTER};
use super::places::Place;
use crate::ast::{Expr, ExprKind, KeyedElement};
use crate::types::{BasicKind, TypeData, TypeId};
use mini_bytecode::{Instr, SlotKind};

impl FuncBuilder<'_, '_> {
    /// The length and element type of array type `t`.
    pub fn array_type(&self, t: TypeId) -> Option<(u64, TypeId)> {
        array_of(&self.g.info.types, t)
    }

    /// The array type `t` or `*t` points to, with whether it is behind a pointer.
    fn indexed_array(&self, t: TypeId) -> Option<(u64, TypeId, bool)> {
        if let Some((n, e)) = self.array_type(t) {
            return Some((n, e, false));
        }
        let (n, e) = self.array_type(self.pointer_elem(t)?)?;
        Some((n, e, true))
    }

    /// A heap array object of `n` elements of type `elem`; the pointer goes to `dst`.
    pub fn new_array_box(&mut self, n: u64, elem: TypeId, dst: u8, pos: u32) -> bool {
        let Some(k) = self.g.array_shape(elem, pos) else {
            return false;
        };
        let len = self.scalar(pos);
        self.load_bits(len, n);
        self.emit(Instr::NewArray { a: dst, b: len, k });
        true
    }

    /// The place of `x[index]` for an array, a pointer to an array or a slice; `None` for
    /// maps and strings (not addressable).
    pub fn index_place(&mut self, x: &Expr, index: &Expr, e: &Expr) -> Option<Place> {
        let xt = self.type_of(x);
        if let Some(elem) = self.elem_of(xt) {
            return self.slice_elem_place(x, index, elem, e);
        }
        let (n, elem, behind_pointer) = self.indexed_array(xt)?;
        let p = if behind_pointer {
            Place::Ptr(self.expr(x))
        } else {
            self.value_place(x)
        };
        let w = self.memory_size(elem);
        self.element_place(p, index, n, w, e.pos())
    }

    /// `&s[i]` for a slice, as a pointer place.
    fn slice_elem_place(
        &mut self,
        x: &Expr,
        index: &Expr,
        _elem: TypeId,
        e: &Expr,
    ) -> Option<Place> {
        let s = self.expr(x);
        let int = self.g.info.types.basic(BasicKind::Int);
        let i = self.scalar(index.pos());
        self.expr_to(index, i, int);
        let q = self.pointer_regs(e.pos());
        self.at(index.pos());
        self.emit(Instr::ElemAddr { a: q, b: s, c: i });
        Some(Place::Ptr(q))
    }

    /// Allocates the two registers of a pointer.
    pub(crate) fn pointer_regs(&mut self, pos: u32) -> u8 {
        self.alloc(&Layout::of(&POINTER), pos)
    }

    /// Element `index` (of `w` slots) of the array of length `n` at place `p`.
    fn element_place(
        &mut self,
        p: Place,
        index: &Expr,
        n: u64,
        w: usize,
        pos: u32,
    ) -> Option<Place> {
        if let Some(i) = self.const_int(index) {
            return Some(self.static_offset(p, i as usize * w, pos));
        }
        let Ok(len) = u16::try_from(n) else {
            self.unsupported(pos, "indexing arrays of more than 65535 elements");
            return None;
        };
        let int = self.g.info.types.basic(BasicKind::Int);
        let i = self.scalar(index.pos());
        self.expr_to(index, i, int);
        self.at(index.pos());
        self.emit(Instr::IndexCheck { a: i, k: len });
        let scaled = self.scaled(i, w, pos);
        Some(self.dynamic_offset(p, scaled, pos))
    }

    /// A constant integer index.
    pub(crate) fn const_int(&self, e: &Expr) -> Option<u64> {
        let info = self.g.info.exprs.get(e.id.0 as usize)?.as_ref()?;
        if info.mode != crate::check::Mode::Constant {
            return None;
        }
        info.val.as_ref()?.as_u64()
    }

    /// `i * w` in a fresh register (or `i` itself when `w` is 1).
    fn scaled(&mut self, i: u8, w: usize, pos: u32) -> u8 {
        if w == 1 {
            return i;
        }
        let s = self.scalar(pos);
        self.load_bits(s, w as u64);
        self.emit(Instr::MulInt { a: s, b: i, c: s });
        s
    }

    /// Place `p` moved `off` slots further.
    pub(crate) fn static_offset(&mut self, p: Place, off: usize, pos: u32) -> Place {
        if let Ok(o) = u8::try_from(off) {
            return self.offset_place(p, o, pos);
        }
        let s = self.scalar(pos);
        self.load_bits(s, off as u64);
        self.dynamic_offset(p, s, pos)
    }

    /// Place `p` moved by the slot count held in register `s`.
    fn dynamic_offset(&mut self, p: Place, s: u8, pos: u32) -> Place {
        match p {
            Place::Field { .. } => {
                let q = self.materialize(p, pos);
                self.dynamic_offset(q, s, pos)
            }
            Place::Reg(base) => Place::RegAt { base, idx: s },
            Place::RegAt { base, idx } => {
                let sum = self.scalar(pos);
                self.emit(Instr::AddInt {
                    a: sum,
                    b: idx,
                    c: s,
                });
                Place::RegAt { base, idx: sum }
            }
            Place::Global(k) => {
                let sum = self.scalar(pos);
                self.load_bits(sum, k as u64);
                self.emit(Instr::AddInt {
                    a: sum,
                    b: sum,
                    c: s,
                });
                Place::GlobalAt { idx: sum }
            }
            Place::GlobalAt { idx } => {
                let sum = self.scalar(pos);
                self.emit(Instr::AddInt {
                    a: sum,
                    b: idx,
                    c: s,
                });
                Place::GlobalAt { idx: sum }
            }
            Place::Ptr(r) => {
                let q = self.pointer_regs(pos);
                self.emit(Instr::PtrAddReg { a: q, b: r, c: s });
                Place::Ptr(q)
            }
        }
    }

    /// `x[i]` for an array or a pointer to one, into `dst`.
    pub fn array_index_to(&mut self, e: &Expr, dst: u8) -> bool {
        let t = self.type_of(e);
        let size = self.size_of(t);
        let Some(p) = self.place(e) else {
            return false;
        };
        self.at(e.pos());
        self.read_place(p, dst, size);
        true
    }

    /// Whether `x[...]` indexes an array or a pointer to one.
    pub fn indexes_array(&self, x: &Expr) -> bool {
        self.indexed_array(self.type_of(x)).is_some()
    }

    /// `[N]T{...}` into `dst` (unlisted elements are zero).
    pub fn array_literal(&mut self, t: TypeId, elems: &[KeyedElement], dst: u8, e: &Expr) {
        let Some((_, elem)) = self.array_type(t) else {
            return;
        };
        let size = self.size_of(t);
        self.emit(Instr::LoadNil { a: dst, c: size });
        let w = self.size_of(elem) as u64;
        let mut next = 0u64;
        for el in elems {
            if let Some(key) = &el.key {
                next = self.const_int(key).unwrap_or(next);
            }
            let Ok(at) = u8::try_from(next * w) else {
                self.unsupported(e.pos(), "this array literal");
                return;
            };
            self.element_value(&el.value, elem, dst + at);
            next += 1;
        }
    }

    /// `len`/`cap` of an array or a pointer to one (a constant).
    pub fn array_len(&mut self, x: &Expr, dst: u8) -> bool {
        let Some((n, _, _)) = self.indexed_array(self.type_of(x)) else {
            return false;
        };
        self.load_bits(dst, n);
        true
    }

    /// `a[lo:hi:max]` for an addressable array (a heap array) or a pointer to one.
    pub fn array_slice(&mut self, x: &Expr, bounds: [Option<&Expr>; 3], dst: u8, e: &Expr) {
        let Some((n, elem, behind_pointer)) = self.indexed_array(self.type_of(x)) else {
            self.unsupported(e.pos(), "slicing this value");
            return;
        };
        let elem_words = self.memory_size(elem) as u64;
        let p = if behind_pointer {
            self.expr(x)
        } else {
            match self.place(x).map(|p| self.materialize(p, e.pos())) {
                Some(Place::Ptr(p)) => p,
                _ => {
                    self.unsupported(e.pos(), "slicing arrays inside other values");
                    return;
                }
            }
        };
        let b = self.alloc(&Layout::of(&[SlotKind::Scalar; 5]), e.pos());
        self.slice_bounds(&bounds, b);
        self.load_bits(b + 3, n);
        self.load_bits(b + 4, elem_words);
        self.at(e.pos());
        self.emit(Instr::ArraySlice { a: dst, b: p, c: b });
    }

    /// `[N]T(s)` and `(*[N]T)(s)` for a slice `s`; `false` for other conversions.
    pub fn slice_to_array(
        &mut self,
        t: TypeId,
        from: TypeId,
        arg: &Expr,
        dst: u8,
        e: &Expr,
    ) -> bool {
        if !self.is_slice(from) {
            return false;
        }
        let (to_pointer, array) = match self.pointer_elem(t) {
            Some(a) => (true, a),
            None => (false, t),
        };
        let Some((n, _)) = self.array_type(array) else {
            return false;
        };
        let s = self.expr(arg);
        let len = self.scalar(e.pos());
        self.load_bits(len, n);
        let p = if to_pointer {
            dst
        } else {
            self.pointer_regs(e.pos())
        };
        self.at(e.pos());
        self.emit(Instr::SliceToArrayPtr { a: p, b: s, c: len });
        if !to_pointer && self.memory_size(array) > 0 {
            self.read_value(Place::Ptr(p), dst, array, e.pos());
        }
        true
    }

    /// A conversion that keeps the representation: identical underlying composite types, or
    /// pointers to types with identical underlying types.
    pub fn same_underlying(&self, t: TypeId, from: TypeId) -> bool {
        let types = &self.g.info.types;
        let (ut, uf) = (types.under(t), types.under(from));
        if let (TypeData::Pointer(a), TypeData::Pointer(b)) = (ut, uf) {
            return types.identical(types.underlying(*a), types.underlying(*b));
        }
        !matches!(ut, TypeData::Basic(_) | TypeData::Interface(_))
            && types.identical(types.underlying(t), types.underlying(from))
            && std::mem::discriminant(ut) == std::mem::discriminant(uf)
    }

    /// `dst = x == y` for arrays and structs held at `xr` and `yr` (`!=` when `negate`).
    pub fn compare_values(&mut self, t: TypeId, xr: u8, yr: u8, dst: u8, negate: bool, e: &Expr) {
        self.emit(Instr::LoadInt { a: dst, k: 1 });
        let tmp = self.scalar(e.pos());
        self.equal_parts(t, xr, yr, dst, tmp, e);
        if negate {
            self.emit(Instr::Not { a: dst, b: dst });
        }
    }

    /// `acc &= (x == y)` part by part, with Go's equality for each element or field.
    fn equal_parts(&mut self, t: TypeId, xr: u8, yr: u8, acc: u8, tmp: u8, e: &Expr) {
        let types = &self.g.info.types;
        match types.under(t).clone() {
            TypeData::Array(n, elem) => {
                let w = self.size_of(elem);
                for i in 0..n as u8 {
                    self.equal_parts(elem, xr + i * w, yr + i * w, acc, tmp, e);
                }
            }
            TypeData::Struct(fields) => {
                let mut off = 0u8;
                for f in fields {
                    if f.name != "_" {
                        self.equal_parts(f.typ, xr + off, yr + off, acc, tmp, e);
                    }
                    off += self.size_of(f.typ);
                }
            }
            _ => {
                self.equal_leaf(t, xr, yr, tmp, e);
                self.emit(Instr::And {
                    a: acc,
                    b: acc,
                    c: tmp,
                });
            }
        }
    }

    /// `dst = x == y` for a value that is neither an array nor a struct.
    fn equal_leaf(&mut self, t: TypeId, xr: u8, yr: u8, dst: u8, e: &Expr) {
        let types = &self.g.info.types;
        if types.is_string(t) {
            self.emit(Instr::CmpStr {
                a: dst,
                b: xr,
                c: yr,
            });
            self.emit(Instr::Not { a: dst, b: dst });
            return;
        }
        if types.is_interface(t) {
            self.emit(Instr::IfaceEq {
                a: dst,
                b: xr,
                c: yr,
            });
            return;
        }
        if types.is_float(t) {
            self.emit(Instr::EqFloat {
                a: dst,
                b: xr,
                c: yr,
            });
            return;
        }
        self.emit(Instr::EqInt {
            a: dst,
            b: xr,
            c: yr,
        });
        if self.size_of(t) == 2 {
            let second = self.scalar(e.pos());
            self.emit(Instr::EqInt {
                a: second,
                b: xr + 1,
                c: yr + 1,
            });
            self.emit(Instr::And {
                a: dst,
                b: dst,
                c: second,
            });
        }
    }

    /// Whether `==` on `t` compares part by part.
    pub fn is_composite_comparison(&self, t: TypeId) -> bool {
        matches!(
            self.g.info.types.under(t),
            TypeData::Array(..) | TypeData::Struct(_)
        )
    }
}

impl FuncBuilder<'_, '_> {
    /// `for i, v := range a` over an array or a pointer to one. The value variable ranges
    /// over a copy of an array (not of a pointed-to one); without it nothing is copied.
    #[allow(clippy::too_many_arguments)]
    pub fn range_array(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &crate::ast::Block,
        label: Option<&str>,
        pos: u32,
    ) -> bool {
        let xt = self.type_of(x);
        let Some((n, elem, behind_pointer)) = self.indexed_array(xt) else {
            return false;
        };
        let value = value.filter(|v| !matches!(&v.kind, ExprKind::Ident(name) if name == "_"));
        let src = match value {
            Some(_) => self.range_source(x, xt, behind_pointer, pos),
            None => None,
        };
        let w = self.memory_size(elem);
        let count = self.scalar(pos);
        self.load_bits(count, n);
        let i = self.scalar(pos);
        self.emit(Instr::LoadInt { a: i, k: 0 });
        let item = match value {
            Some(_) => self.g.layout(elem, pos).map(|l| self.alloc(&l, pos)),
            None => None,
        };
        let exit = self.enter_counted(i, count);
        let start = self.code.len();
        if define {
            for v in [key, value].into_iter().flatten() {
                self.define_range_var(v);
            }
        }
        if let Some(k) = key {
            self.store_reg(k, i, 1);
        }
        if let (Some(v), Some(src), Some(item)) = (value, src, item) {
            let scaled = self.scaled(i, w, pos);
            let p = self.dynamic_offset(src, scaled, pos);
            self.read_value(p, item, elem, pos);
            let size = self.size_of(elem);
            self.store_reg(v, item, size);
        }
        self.loop_body(body, label, |b| {
            b.close_counted(i, count, start);
        });
        self.patch_here(exit);
        true
    }

    /// Where the elements a range loop reads live: the pointed-to array, or a copy of the
    /// array (in registers, or in a new heap array when it is too big for them).
    fn range_source(
        &mut self,
        x: &Expr,
        xt: TypeId,
        behind_pointer: bool,
        pos: u32,
    ) -> Option<Place> {
        if behind_pointer {
            return Some(Place::Ptr(self.expr(x)));
        }
        if !self.by_pointer(xt) {
            let layout = self.g.layout(xt, pos)?;
            let r = self.alloc(&layout, pos);
            self.expr_to(x, r, xt);
            return Some(Place::Reg(r));
        }
        let from = match self.place(x).map(|p| self.materialize(p, pos)) {
            Some(Place::Ptr(from)) => from,
            // A call's result is a private box already: nothing else can change it.
            None => return Some(Place::Ptr(self.expr(x))),
            Some(_) => {
                self.unsupported(pos, "ranging over this array");
                return None;
            }
        };
        let copy = self.pointer_regs(pos);
        if !self.new_box(xt, copy, pos) {
            return None;
        }
        self.copy_through_pointers(copy, from, self.memory_size(xt), pos);
        Some(Place::Ptr(copy))
    }

    /// `*dst = *src` for `size` slots.
    pub fn copy_through_pointers(&mut self, dst: u8, src: u8, size: usize, pos: u32) {
        if let Ok(c) = u8::try_from(size) {
            self.emit(Instr::CopyPtr { a: dst, b: src, c });
            return;
        }
        let n = self.scalar(pos);
        self.load_bits(n, size as u64);
        self.emit(Instr::CopyPtrWide {
            a: dst,
            b: src,
            c: n,
        });
    }
}
