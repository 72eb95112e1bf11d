//! Values registers hold by pointer: arrays and structs of more than `MAX_REGISTER_VALUE`
//! slots (`layout::by_pointer`).
//!
//! Such a value never sits in registers as its slots. A variable of its type lives in a heap
//! box (like an address-taken one); an argument, a result or a temporary is two registers
//! pointing at a box that nothing else refers to, so moving the pointer moves the value.
//! Reading a variable (or any other place) therefore copies it into a new box, and storing
//! copies the box's words into the place. A call's result is already such a private box and
//! passes straight on, as does the copy `Unbox` makes of an interface's value.

use super::func::FuncBuilder;
use super::layout::{by_pointer, field_offset, Layout, POINTER};
use super::places::Place;
use crate::ast::{Expr, ExprKind, KeyedElement, UnaryOp};
use crate::types::{TypeData, TypeId};
use mini_bytecode::{Instr, SlotKind};

impl FuncBuilder<'_, '_> {
    /// Whether registers hold values of `t` by pointer.
    pub fn by_pointer(&self, t: TypeId) -> bool {
        by_pointer(&self.g.info.types, t)
    }

    /// Whether `e` already yields a private box (a call, a conversion, an assertion, a
    /// receive: a channel buffers the private copies its senders made).
    pub fn yields_private_box(&self, e: &Expr) -> bool {
        matches!(
            e.unparen().kind,
            ExprKind::Call { .. }
                | ExprKind::TypeAssert { .. }
                | ExprKind::Unary {
                    op: UnaryOp::Recv,
                    ..
                }
        )
    }

    /// `e` (of a type held by pointer) as a private box whose pointer goes to `dst`.
    pub fn private_box_to(&mut self, e: &Expr, dst: u8, t: TypeId) {
        if let ExprKind::CompositeLit { elems, .. } = &e.unparen().kind {
            self.composite_in_box(t, elems, dst, e);
            return;
        }
        match self.place(e) {
            Some(p) => {
                self.at(e.pos());
                self.read_value(p, dst, t, e.pos());
            }
            None => self.unsupported(e.pos(), "copying this value"),
        }
    }

    /// Reads the value of type `t` at place `p` into `dst`: its slots, or a pointer to a new
    /// private copy for a value held by pointer.
    pub fn read_value(&mut self, p: Place, dst: u8, t: TypeId, pos: u32) {
        if !self.by_pointer(t) {
            let size = self.size_of(t);
            self.read_place(p, dst, size);
            return;
        }
        let Place::Ptr(src) = self.materialize(p, pos) else {
            self.unsupported(pos, "copying this value");
            return;
        };
        let copy = self.pointer_regs(pos);
        if self.new_box(t, copy, pos) {
            self.copy_through_pointers(copy, src, self.memory_size(t), pos);
            self.mov(dst, copy, 2);
        }
    }

    /// Writes the value of type `t` in `src..` to place `p`.
    pub fn write_value(&mut self, p: Place, src: u8, t: TypeId, pos: u32) {
        if !self.by_pointer(t) {
            let size = self.size_of(t);
            self.write_place(p, src, size);
            return;
        }
        match self.materialize(p, pos) {
            Place::Ptr(dst) => self.copy_through_pointers(dst, src, self.memory_size(t), pos),
            _ => self.unsupported(pos, "storing this value"),
        }
    }

    /// `item.. = s[i]` for the slice at `s` with elements of type `elem`.
    pub fn load_elem_regs(&mut self, item: u8, s: u8, i: u8, elem: TypeId, pos: u32) {
        if !self.by_pointer(elem) {
            self.emit(Instr::LoadElem {
                a: item,
                b: s,
                c: i,
            });
            return;
        }
        let q = self.pointer_regs(pos);
        self.emit(Instr::ElemAddr { a: q, b: s, c: i });
        self.read_value(Place::Ptr(q), item, elem, pos);
    }

    /// `s[i] = value..` for the slice at `s` with elements of type `elem`.
    pub fn store_elem_regs(&mut self, value: u8, s: u8, i: u8, elem: TypeId, pos: u32) {
        if !self.by_pointer(elem) {
            self.emit(Instr::StoreElem {
                a: value,
                b: s,
                c: i,
            });
            return;
        }
        let q = self.pointer_regs(pos);
        self.emit(Instr::ElemAddr { a: q, b: s, c: i });
        self.write_value(Place::Ptr(q), value, elem, pos);
    }

    /// The number of slots a value of `t` takes in memory.
    pub fn memory_size(&self, t: TypeId) -> usize {
        super::layout::layout_of(&self.g.info.types, t).map_or(1, |l| l.kinds.len())
    }

    /// Makes `dst` point at a box holding the value in `v..` of type `t` (for `&T{...}`):
    /// the private box itself for a value held by pointer.
    pub fn box_value(&mut self, t: TypeId, v: u8, dst: u8, pos: u32) {
        if self.by_pointer(t) {
            self.mov(dst, v, 2);
            return;
        }
        if self.new_box(t, dst, pos) {
            let size = self.size_of(t);
            self.emit(Instr::Store {
                a: v,
                b: dst,
                c: size,
            });
        }
    }

    /// A composite literal of a type held by pointer, built in a new zeroed box.
    pub fn composite_in_box(&mut self, t: TypeId, elems: &[KeyedElement], dst: u8, e: &Expr) {
        let b = self.pointer_regs(e.pos());
        if !self.new_box(t, b, e.pos()) {
            return;
        }
        match self.g.info.types.under(t).clone() {
            TypeData::Array(_, elem) => {
                let w = self.memory_size(elem);
                let mut next = 0usize;
                for el in elems {
                    if let Some(key) = &el.key {
                        next = self.const_value(key).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
                    }
                    self.store_at_offset(b, next * w, &el.value, elem);
                    next += 1;
                }
            }
            TypeData::Struct(fields) => {
                for (i, el) in elems.iter().enumerate() {
                    let index = match el.key.as_ref().map(|k| &k.kind) {
                        Some(ExprKind::Ident(n)) => fields.iter().position(|f| &f.name == n),
                        Some(_) => None,
                        None => Some(i),
                    };
                    let Some((off, ft)) =
                        index.and_then(|i| field_offset(&self.g.info.types, t, i))
                    else {
                        self.unsupported(e.pos(), "this struct literal");
                        return;
                    };
                    self.store_at_offset(b, off, &el.value, ft);
                }
            }
            _ => self.unsupported(e.pos(), "composite literals of this type"),
        }
        self.mov(dst, b, 2);
    }

    /// Evaluates `value` (of type `t`) into the slots `off` words into the box `b` points at.
    fn store_at_offset(&mut self, b: u8, off: usize, value: &Expr, t: TypeId) {
        let saved = self.top;
        let pos = value.pos();
        let Some(layout) = self.g.layout(t, pos) else {
            return;
        };
        let v = self.alloc(&layout, pos);
        self.element_value(value, t, v);
        let at = self.offset_pointer(b, off, pos);
        self.write_value(Place::Ptr(at), v, t, pos);
        self.top = saved;
    }

    /// A pointer `off` words past the pointer in `p`.
    fn offset_pointer(&mut self, p: u8, off: usize, pos: u32) -> u8 {
        if off == 0 {
            return p;
        }
        let q = self.pointer_regs(pos);
        match u8::try_from(off) {
            Ok(c) => {
                self.emit(Instr::PtrAdd { a: q, b: p, c });
            }
            Err(_) => {
                let n = self.alloc(&Layout::of(&[SlotKind::Scalar]), pos);
                self.load_bits(n, off as u64);
                self.emit(Instr::PtrAddReg { a: q, b: p, c: n });
            }
        }
        q
    }

    /// `x == y` (or `!=`) for values held by pointer, compared by the VM with Go's equality.
    pub fn compare_by_pointer(
        &mut self,
        negate: bool,
        t: TypeId,
        xr: u8,
        yr: u8,
        dst: u8,
        e: &Expr,
    ) {
        let Some(rt) = self.g.runtime_type(t, e.pos()) else {
            return;
        };
        let both = self.alloc(&Layout::from([POINTER, POINTER].concat()), e.pos());
        self.mov(both, xr, 2);
        self.mov(both + 2, yr, 2);
        self.at(e.pos());
        self.emit(Instr::EqValues {
            a: dst,
            b: both,
            t: rt,
        });
        if negate {
            self.emit(Instr::Not { a: dst, b: dst });
        }
    }
}
