//! Structs, pointers and methods: addressable places, heap boxes for variables whose address
//! is taken, field access, `&`, `*`, `new`, struct literals and method calls.
//!
//! A local variable whose address is taken (`&x`, `&x.f`, or a pointer-method call on `x`)
//! lives in a heap box, its registers holding a pointer to it, unless escape analysis keeps
//! it in the frame (`frame_values.rs`). A pointer is two registers: the heap object and a
//! slot offset within it, or a frame pointer and a stack index.

use hashbrown::HashSet;

use super::func::FuncBuilder;
use super::layout::{array_of, field_offset};
use crate::ast::{Block, Expr, ExprKind, KeyedElement, UnaryOp};
use crate::check::{Info, ObjId, ObjKind, Selection};
use crate::types::{TypeData, TypeId};
use mini_bytecode::Instr;

/// Where a value lives.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place {
    /// In registers starting here.
    Reg(u8),
    /// Behind the pointer held in these two registers.
    Ptr(u8),
    /// `off` slots past the pointer held in registers `ptr`, `ptr+1` (a field reached
    /// through a pointer: one slot is read and written with `LoadField`/`StoreField`, no
    /// pointer of its own).
    Field { ptr: u8, off: u8 },
    /// In global slots starting here.
    Global(u16),
    /// In registers starting at `base` plus the slot count held in register `idx` (an array
    /// element at a checked dynamic index).
    RegAt { base: u8, idx: u8 },
    /// In global slots starting at the slot number held in register `idx`.
    GlobalAt { idx: u8 },
}

impl FuncBuilder<'_, '_> {
    /// Where `e` lives, if it is addressable (or can be read as a place).
    pub fn place(&mut self, e: &Expr) -> Option<Place> {
        if let Some(r) = self.register_place(e) {
            return Some(Place::Reg(r));
        }
        match &e.kind {
            ExprKind::Paren(x) => self.place(x),
            ExprKind::Ident(_) => {
                let obj = self
                    .g
                    .use_of(e)
                    .or_else(|| self.g.info.defs.get(&e.pos()).copied())?;
                self.variable_place(obj)
            }
            ExprKind::Unary {
                op: UnaryOp::Star,
                x,
            } => Some(Place::Ptr(self.expr(x))),
            ExprKind::Selector { x, .. } => match self.std_global(e) {
                Some(k) => Some(Place::Global(k)),
                None => self.field_place(e, x),
            },
            ExprKind::Index { x, indices, .. } if indices.len() == 1 => {
                self.index_place(x, &indices[0], e)
            }
            _ => None,
        }
    }

    /// The place of `x.f` following the selection's path through embedded fields.
    fn field_place(&mut self, e: &Expr, x: &Expr) -> Option<Place> {
        let Some(Selection::Field { path, .. }) = self.g.info.selections.get(&e.id).cloned() else {
            return None;
        };
        let p = self.value_place(x);
        let xt = self.type_of(x);
        self.walk_path(p, xt, &path, e.pos()).map(|(p, _)| p)
    }

    /// Where the value of `x` is: its own place when addressable, else fresh registers.
    pub(crate) fn value_place(&mut self, x: &Expr) -> Place {
        match self.place(x) {
            Some(p) => p,
            None if self.by_pointer(self.type_of(x)) => Place::Ptr(self.expr(x)),
            None => Place::Reg(self.expr(x)),
        }
    }

    /// Follows field indices from place `p` holding a value of type `t`, through pointers
    /// on the way; returns the place of the last field and its type.
    pub(crate) fn walk_path(
        &mut self,
        mut p: Place,
        mut t: TypeId,
        path: &[usize],
        pos: u32,
    ) -> Option<(Place, TypeId)> {
        for &index in path {
            if let Some(elem) = self.pointer_elem(t) {
                p = self.deref_place(p, pos);
                t = elem;
            }
            let (off, ft) = field_offset(&self.g.info.types, t, index)?;
            p = self.static_offset(p, off, pos);
            t = ft;
        }
        Some((p, t))
    }

    /// The place a pointer value held at `p` points to.
    pub(crate) fn deref_place(&mut self, p: Place, pos: u32) -> Place {
        if let Place::Reg(r) = p {
            return Place::Ptr(r);
        }
        let r = self.pointer_regs(pos);
        self.read_place(p, r, 2);
        Place::Ptr(r)
    }

    pub fn pointer_elem(&self, t: TypeId) -> Option<TypeId> {
        match self.g.info.types.under(t) {
            TypeData::Pointer(e) => Some(*e),
            _ => None,
        }
    }

    pub(crate) fn offset_place(&mut self, p: Place, off: u8, pos: u32) -> Place {
        if off == 0 {
            return p;
        }
        match p {
            Place::Reg(r) => Place::Reg(r + off),
            Place::Global(k) => Place::Global(k + off as u16),
            Place::RegAt { base, idx } => Place::RegAt {
                base: base + off,
                idx,
            },
            Place::GlobalAt { idx } => {
                let s = self.scalar(pos);
                self.load_bits(s, off as u64);
                self.emit(Instr::AddInt { a: s, b: s, c: idx });
                Place::GlobalAt { idx: s }
            }
            Place::Ptr(ptr) => Place::Field { ptr, off },
            Place::Field { ptr, off: first } => match first.checked_add(off) {
                Some(off) => Place::Field { ptr, off },
                None => {
                    let p = self.materialize(p, pos);
                    self.offset_place(p, off, pos)
                }
            },
        }
    }

    /// `p` with a field place turned into a pointer of its own (`PtrAdd`), for the uses
    /// that need one.
    pub(crate) fn materialize(&mut self, p: Place, pos: u32) -> Place {
        let Place::Field { ptr, off } = p else {
            return p;
        };
        let q = self.pointer_regs(pos);
        self.emit(Instr::PtrAdd {
            a: q,
            b: ptr,
            c: off,
        });
        Place::Ptr(q)
    }

    /// Copies `size` slots from a place into registers at `dst`.
    pub fn read_place(&mut self, p: Place, dst: u8, size: u8) {
        match p {
            Place::Reg(r) => self.mov(dst, r, size),
            Place::Field { ptr, off } if size == 1 => {
                self.emit(Instr::LoadField {
                    a: dst,
                    b: ptr,
                    c: off,
                });
            }
            Place::Field { .. } => {
                let q = self.materialize(p, 0);
                self.read_place(q, dst, size);
            }
            Place::Ptr(r) => {
                self.emit(Instr::Load {
                    a: dst,
                    b: r,
                    c: size,
                });
            }
            Place::Global(k) => {
                for i in 0..size {
                    self.emit(Instr::GetGlobal {
                        a: dst + i,
                        k: k + i as u16,
                    });
                }
            }
            Place::RegAt { base, idx } => {
                for i in 0..size {
                    self.emit(Instr::LoadIndexed {
                        a: dst + i,
                        b: base + i,
                        c: idx,
                    });
                }
            }
            Place::GlobalAt { idx } => {
                for i in 0..size {
                    self.emit(Instr::GetGlobalAt {
                        a: dst + i,
                        b: idx,
                        c: i,
                    });
                }
            }
        }
    }

    /// Copies `size` slots from registers at `src` into a place.
    pub fn write_place(&mut self, p: Place, src: u8, size: u8) {
        match p {
            Place::Reg(r) => self.mov(r, src, size),
            Place::Field { ptr, off } if size == 1 => {
                self.emit(Instr::StoreField {
                    a: src,
                    b: ptr,
                    c: off,
                });
            }
            Place::Field { .. } => {
                let q = self.materialize(p, 0);
                self.write_place(q, src, size);
            }
            Place::Ptr(r) => {
                self.emit(Instr::Store {
                    a: src,
                    b: r,
                    c: size,
                });
            }
            Place::Global(k) => {
                for i in 0..size {
                    self.emit(Instr::SetGlobal {
                        a: src + i,
                        k: k + i as u16,
                    });
                }
            }
            Place::RegAt { base, idx } => {
                for i in 0..size {
                    self.emit(Instr::StoreIndexed {
                        a: src + i,
                        b: base + i,
                        c: idx,
                    });
                }
            }
            Place::GlobalAt { idx } => {
                for i in 0..size {
                    self.emit(Instr::SetGlobalAt {
                        a: src + i,
                        b: idx,
                        c: i,
                    });
                }
            }
        }
    }

    /// Where variable `obj` lives: its registers, its heap box, or its global slots (for a
    /// package variable in a heap box, the box, whose pointer is loaded into registers).
    pub fn variable_place(&mut self, obj: ObjId) -> Option<Place> {
        if let Some(&p) = self.boxed.get(&obj) {
            return Some(Place::Ptr(p));
        }
        if let Some(&r) = self.locals.get(&obj) {
            return Some(Place::Reg(r));
        }
        let &k = self.g.globals.get(&obj)?;
        if !self.g.boxed_globals.contains(&obj) {
            return Some(Place::Global(k));
        }
        let p = self.pointer_regs(0);
        self.emit(Instr::GetGlobal { a: p, k });
        self.emit(Instr::GetGlobal { a: p + 1, k: k + 1 });
        Some(Place::Ptr(p))
    }

    /// A heap box for one value of type `t`; the pointer goes to `dst`.
    pub fn new_box(&mut self, t: TypeId, dst: u8, pos: u32) -> bool {
        if let Some((n, elem)) = array_of(&self.g.info.types, t) {
            return self.new_array_box(n, elem, dst, pos);
        }
        let Some(k) = self.g.box_shape(t, pos) else {
            return false;
        };
        self.emit(Instr::NewBox { a: dst, k });
        true
    }

    /// `&x`, `&T{...}` into `dst`.
    pub fn address_of(&mut self, x: &Expr, dst: u8, e: &Expr) {
        let t = self.type_of(x);
        if let ExprKind::CompositeLit { .. } = &x.unparen().kind {
            let Some(layout) = self.g.layout(t, e.pos()) else {
                return;
            };
            if let Some(r) = self.frame_site(e) {
                // Nothing can point at the site's registers while its literal is built: a
                // pointer from an earlier evaluation would have had to outlive its loop
                // iteration, so it would have escaped.
                self.expr_to(x, r, t);
                self.emit(Instr::FramePtr { a: dst, b: r, c: 1 });
                return;
            }
            let v = self.alloc(&layout, e.pos());
            self.expr_to(x, v, t);
            self.box_value(t, v, dst, e.pos());
            return;
        }
        let taken = match self.place(x) {
            Some(p) => self.place_address(p, dst),
            None => false,
        };
        if !taken {
            self.unsupported(e.pos(), "taking the address of this expression");
        }
    }

    /// `new(T)` into `dst`.
    pub fn new_value(&mut self, t: TypeId, dst: u8, e: &Expr) {
        let Some(elem) = self.pointer_elem(t) else {
            return;
        };
        if let Some(r) = self.frame_site(e) {
            let size = self.size_of(elem);
            self.emit(Instr::LoadNil { a: r, c: size });
            self.emit(Instr::FramePtr { a: dst, b: r, c: 1 });
            return;
        }
        self.new_box(elem, dst, e.pos());
    }

    /// A struct literal into `dst` (unlisted fields are zero).
    pub fn struct_literal(&mut self, t: TypeId, elems: &[KeyedElement], dst: u8, e: &Expr) {
        let size = self.size_of(t);
        let TypeData::Struct(fields) = self.g.info.types.under(t).clone() else {
            return;
        };
        if elems.len() < fields.len() {
            // Unlisted fields are zero (a literal lists each field at most once).
            self.emit(Instr::LoadNil { a: dst, c: size });
        }
        for (i, el) in elems.iter().enumerate() {
            let index = match &el.key {
                Some(k) => match &k.kind {
                    ExprKind::Ident(n) => fields.iter().position(|f| &f.name == n),
                    _ => None,
                },
                None => Some(i),
            };
            let Some(index) = index else {
                self.unsupported(e.pos(), "this struct literal");
                return;
            };
            let Some((off, ft)) = field_offset(&self.g.info.types, t, index) else {
                return;
            };
            let Ok(off) = u8::try_from(off) else {
                self.unsupported(e.pos(), "struct literals of more than 255 slots");
                return;
            };
            self.element_value(&el.value, ft, dst + off);
        }
    }
}

/// Local variables whose address is taken in `body` or that a function literal or a
/// range-over-func loop body captures by reference (they live in heap boxes); `by_value` says which captured variables escape
/// analysis lets closures copy instead.
pub(crate) fn address_taken(
    info: &Info,
    body: &Block,
    by_value: &dyn Fn(ObjId) -> bool,
) -> HashSet<ObjId> {
    let mut out = HashSet::new();
    for s in &body.stmts {
        crate::codegen::walk::each_expr_in_stmt(s, &mut |e| note_expr(info, e, by_value, &mut out));
    }
    let mut captured = Vec::new();
    super::rangefunc::range_captures(info, &body.stmts, &mut captured);
    out.extend(captured);
    out
}

/// Package-level variables of `file` whose address is taken anywhere in it (they live in
/// heap boxes, their global slots holding the pointer).
pub(crate) fn address_taken_globals(info: &Info, file: &crate::ast::File) -> HashSet<ObjId> {
    let mut out = HashSet::new();
    let mut note = |e: &Expr| note_expr(info, e, &|_| true, &mut out);
    for d in &file.decls {
        match d {
            crate::ast::Decl::Func(f) => {
                for s in f.body.iter().flat_map(|b| &b.stmts) {
                    crate::codegen::walk::each_expr_in_stmt(s, &mut note);
                }
            }
            crate::ast::Decl::Var(specs) => {
                for v in specs.iter().flat_map(|s| &s.values) {
                    crate::codegen::walk::each_expr(v, &mut note);
                }
            }
            _ => {}
        }
    }
    out.retain(|o| {
        matches!(
            info.objects[o.0 as usize].kind,
            ObjKind::Var { global: true, .. }
        )
    });
    out
}

/// Local variables of enclosing functions that the function literal `lit` uses, in order of
/// first use.
pub(crate) fn free_variables(info: &Info, lit: &Expr) -> Vec<ObjId> {
    let mut out: Vec<ObjId> = Vec::new();
    let (lo, hi) = (lit.span.lo, lit.span.hi);
    crate::codegen::walk::each_expr(lit, &mut |e| note_outer_local(info, e, lo..hi, &mut out));
    out
}

/// Adds to `out` (once) the local variable `e` names if it is declared outside `inside`.
pub(crate) fn note_outer_local(
    info: &Info,
    e: &Expr,
    inside: std::ops::Range<u32>,
    out: &mut Vec<ObjId>,
) {
    if !matches!(e.kind, ExprKind::Ident(_)) {
        return;
    }
    let Some(&obj) = info.uses.get(&e.id) else {
        return;
    };
    let o = &info.objects[obj.0 as usize];
    let local = matches!(o.kind, ObjKind::Var { global: false, .. });
    if local && !inside.contains(&o.pos) && !out.contains(&obj) {
        out.push(obj);
    }
}

/// Marks the root variable of `&x...` and of pointer-method receivers (calls and method
/// values), and the variables function literals capture.
fn note_expr(info: &Info, e: &Expr, by_value: &dyn Fn(ObjId) -> bool, out: &mut HashSet<ObjId>) {
    match &e.kind {
        ExprKind::FuncLit { .. } => out.extend(
            free_variables(info, e)
                .into_iter()
                .filter(|&v| !by_value(v)),
        ),
        ExprKind::Unary {
            op: UnaryOp::Addr,
            x,
        } => mark_root(info, x, out),
        ExprKind::Slice { x, .. } if is_array(info, x) => mark_root(info, x, out),
        ExprKind::Selector { x, .. } => {
            if let Some(Selection::Method {
                pointer_recv: true,
                indirect: false,
                interface: false,
                ..
            }) = info.selections.get(&e.id)
            {
                mark_root(info, x, out);
            }
        }
        _ => {}
    }
}

/// Whether `x` has an array type (not a pointer to one).
fn is_array(info: &Info, x: &Expr) -> bool {
    info.exprs
        .get(x.id.0 as usize)
        .and_then(|i| i.as_ref())
        .is_some_and(|i| matches!(info.types.under(i.typ), TypeData::Array(..)))
}

fn mark_root(info: &Info, x: &Expr, out: &mut HashSet<ObjId>) {
    match &x.kind {
        ExprKind::Paren(inner) => mark_root(info, inner, out),
        ExprKind::Selector { x: inner, .. } => {
            let is_ptr = info
                .exprs
                .get(inner.id.0 as usize)
                .and_then(|i| i.as_ref())
                .is_some_and(|i| matches!(info.types.under(i.typ), TypeData::Pointer(_)));
            if !is_ptr {
                mark_root(info, inner, out);
            }
        }
        ExprKind::Index { x: inner, .. } if is_array(info, inner) => mark_root(info, inner, out),
        ExprKind::Ident(_) => {
            let obj = info
                .uses
                .get(&x.id)
                .or_else(|| info.defs.get(&x.pos()))
                .copied();
            if let Some(o) = obj {
                if matches!(info.objects[o.0 as usize].kind, ObjKind::Var { .. }) {
                    out.insert(o);
                }
            }
        }
        _ => {}
    }
}
