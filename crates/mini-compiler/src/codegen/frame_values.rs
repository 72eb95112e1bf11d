//! Values escape analysis keeps in the frame: variables whose address is taken but does not
//! escape, and `new(T)` / `&T{...}` sites whose pointer does not escape.
//!
//! Each gets registers of its own for the whole function, reserved before the body is
//! compiled, so they sit below every call's argument block (a callee's frame overlays the
//! caller's registers above its arguments) and no later temporary or local reuses them
//! while a pointer to them may be live (the analysis allows a pointer to outlive the block
//! that declared the variable, as long as it stays in the function). Taking the address of
//! such a value is `FramePtr`: a pointer the VM and the collector tell from a heap pointer.
//! A site inside a loop reuses its registers on every iteration, as Go reuses the stack
//! slot: a pointer that does not escape cannot reach the next iteration, since assigning it
//! to a variable declared outside the loop counts as escaping.
//!
//! Left on the heap: variables function literals or range-over-func bodies capture (those run
//! in frames of their own), values held by pointer (more than 32 slots) and anything inside
//! a function literal or a range-over-func body but outside its own builder.

use std::ops::RangeInclusive;

use hashbrown::HashSet;

use super::func::FuncBuilder;
use super::layout::Layout;
use super::places::Place;
use crate::ast::{Block, Expr, ExprKind, Field, Stmt};
use crate::check::{ObjId, ObjKind};
use crate::types::TypeId;
use mini_bytecode::Instr;

impl FuncBuilder<'_, '_> {
    /// Decides which address-taken variables of `body` (declared in it, or among `params`)
    /// live in the frame, and reserves registers for the locals among them and for the
    /// body's frame allocation sites. Call after the parameters are declared and before any
    /// other local.
    pub(crate) fn reserve_frame_values(&mut self, params: &[Field], body: &Block) {
        if self.g.escapes.is_none() {
            return;
        }
        let found = BodyExprs::of(self, body);
        let own = OwnCode::of(self, body, &found);
        let param_objs: HashSet<ObjId> = params
            .iter()
            .flat_map(|f| &f.names)
            .filter_map(|n| self.g.info.defs.get(&n.pos).copied())
            .collect();
        for (v, typ, pos) in self.frame_var_candidates(body, &found, &own, &param_objs) {
            if param_objs.contains(&v) {
                self.frame_params.insert(v);
                continue;
            }
            if let Some(layout) = self.g.layout(typ, pos) {
                let r = self.reserve_for_function(&layout, pos);
                self.frame_vars.insert(v, r);
            }
        }
        for e in found.own_sites(&own) {
            let Some(layout) = self.site_layout(e) else {
                continue;
            };
            let r = self.reserve_for_function(&layout, e.pos());
            self.frame_sites.insert(e.id, r);
        }
    }

    /// The address-taken variables of this builder's code (and parameters) that escape
    /// analysis keeps in the frame, that no closure or range-over-func body captures and
    /// that registers hold as values (not by pointer), in declaration order.
    fn frame_var_candidates(
        &self,
        body: &Block,
        found: &BodyExprs,
        own: &OwnCode,
        params: &HashSet<ObjId>,
    ) -> Vec<(ObjId, TypeId, u32)> {
        let (Some(esc), info) = (&self.g.escapes, self.g.info) else {
            return Vec::new();
        };
        let mut captured: Vec<ObjId> = found
            .literals
            .iter()
            .flat_map(|lit| super::places::free_variables(info, lit))
            .collect();
        super::rangefunc::range_captures(info, &body.stmts, &mut captured);
        let mut vars: Vec<(ObjId, TypeId, u32)> = self
            .escaping
            .iter()
            .filter(|v| esc.analysed.contains(*v) && !esc.heap_vars.contains(*v))
            .filter(|v| !captured.contains(v))
            .filter_map(|&v| match info.objects[v.0 as usize].kind {
                ObjKind::Var {
                    typ, global: false, ..
                } => Some((v, typ, info.objects[v.0 as usize].pos)),
                _ => None,
            })
            .filter(|&(v, _, pos)| params.contains(&v) || own.contains(pos, None))
            .filter(|&(_, typ, _)| !self.by_pointer(typ))
            .collect();
        vars.sort_by_key(|&(_, _, pos)| pos);
        vars
    }

    /// Registers of `layout` for the rest of the function.
    fn reserve_for_function(&mut self, layout: &Layout, pos: u32) -> u8 {
        let r = self.alloc(layout, pos);
        self.locals_end = self.locals_end.max(r as usize + layout.kinds.len());
        r
    }

    /// The registers a `new(T)`, `&T{...}`, `make([]T, n[, m])`, `[]T{...}` or `func(){...}`
    /// site needs: one `T`, its capacity's worth of elements, or a closure's function index
    /// and its captures' box pointers.
    fn site_layout(&mut self, e: &Expr) -> Option<Layout> {
        let t = match &e.kind {
            ExprKind::Unary { x, .. } => self.type_of(x),
            ExprKind::Call { args, .. } => match self.elem_of(self.type_of(e)) {
                Some(elem) => {
                    let cap = self.const_int(args.get(2).or(args.get(1))?)?;
                    let kinds = self.g.layout(elem, e.pos())?.kinds;
                    return Some(Layout::from(kinds.repeat(usize::try_from(cap).ok()?)));
                }
                None => self.pointer_elem(self.type_of(e))?,
            },
            ExprKind::FuncLit { .. } => {
                let n = super::places::free_variables(self.g.info, e).len();
                let mut kinds = vec![mini_bytecode::SlotKind::Scalar];
                for _ in 0..n {
                    kinds.extend(super::layout::POINTER);
                }
                return Some(Layout::from(kinds));
            }
            ExprKind::CompositeLit { elems, .. } => {
                let elem = self.elem_of(self.type_of(e))?;
                let kinds = self.g.layout(elem, e.pos())?.kinds;
                return Some(Layout::from(kinds.repeat(elems.len())));
            }
            _ => return None,
        };
        if self.by_pointer(t) {
            return None;
        }
        self.g.layout(t, e.pos())
    }

    /// The registers reserved for the allocation site `e`, if it stays in the frame.
    pub(crate) fn frame_site(&self, e: &Expr) -> Option<u8> {
        self.frame_sites.get(&e.id).copied()
    }

    /// After `p := &T{...}` or `p := new(T)` with a frame site: if `p` never changes, its
    /// pointee is the site's registers for as long as `p` lives.
    pub(crate) fn note_frame_alias(&mut self, l: &Expr, r: &Expr) {
        let (Some(&site), Some(&obj)) = (
            self.frame_sites.get(&r.unparen().id),
            self.g.info.defs.get(&l.pos()),
        ) else {
            return;
        };
        let unchanged = self
            .g
            .escapes
            .as_ref()
            .is_some_and(|esc| esc.unchanged_vars.contains(&obj));
        if unchanged
            && self.locals.contains_key(&obj)
            && self.pointer_elem(self.type_of(l)).is_some()
        {
            self.frame_aliases.insert(obj, site);
        }
    }

    /// The variable `e` names when it is a variable held in registers.
    pub(crate) fn register_variable(&self, e: &Expr) -> Option<ObjId> {
        let ExprKind::Ident(_) = &e.unparen().kind else {
            return None;
        };
        self.register_place(e)?;
        self.g.use_of(e.unparen())
    }

    /// The registers `e` is, when it names registers without any code: a local variable,
    /// a field of one, or (through a frame alias) the pointee of a frame pointer or a field
    /// of it.
    pub(crate) fn register_place(&self, e: &Expr) -> Option<u8> {
        match &e.kind {
            ExprKind::Paren(x) => self.register_place(x),
            ExprKind::Ident(_) => self.locals.get(&self.g.use_of(e)?).copied(),
            ExprKind::Unary {
                op: crate::ast::UnaryOp::Star,
                x,
            } => self.aliased(x),
            ExprKind::Selector { x, .. } => {
                let Some(crate::check::Selection::Field { path, .. }) =
                    self.g.info.selections.get(&e.id)
                else {
                    return None;
                };
                let (mut r, mut t) = match self.aliased(x) {
                    Some(site) => (site, self.pointer_elem(self.type_of(x))?),
                    None => (self.register_place(x)?, self.type_of(x)),
                };
                for &index in path {
                    let (off, ft) = super::layout::field_offset(&self.g.info.types, t, index)?;
                    r = r.checked_add(u8::try_from(off).ok()?)?;
                    t = ft;
                }
                Some(r)
            }
            _ => None,
        }
    }

    /// The frame site a pointer variable `x` always points at.
    fn aliased(&self, x: &Expr) -> Option<u8> {
        let x = x.unparen();
        if !matches!(x.kind, ExprKind::Ident(_)) {
            return None;
        }
        self.frame_aliases.get(&self.g.use_of(x)?).copied()
    }

    /// `&p` for a place: the pointer itself for a place behind one, a frame pointer for
    /// registers (a frame variable, or a field or element of one). `false` for places that
    /// have no address (globals are boxed when their address is taken).
    pub(crate) fn place_address(&mut self, p: Place, dst: u8) -> bool {
        match p {
            Place::Ptr(r) => self.mov(dst, r, 2),
            Place::Field { ptr, off } => {
                self.emit(Instr::PtrAdd {
                    a: dst,
                    b: ptr,
                    c: off,
                });
            }
            Place::Reg(r) => {
                self.emit(Instr::FramePtr { a: dst, b: r, c: 0 });
            }
            Place::RegAt { base, idx } => {
                self.emit(Instr::FramePtr {
                    a: dst,
                    b: base,
                    c: 0,
                });
                self.emit(Instr::PtrAddReg {
                    a: dst,
                    b: dst,
                    c: idx,
                });
            }
            Place::Global(_) | Place::GlobalAt { .. } => return false,
        }
        true
    }
}

/// The function literals anywhere in a body and the allocation sites escape analysis keeps
/// in the frame, found in one walk.
struct BodyExprs<'b> {
    literals: Vec<&'b Expr>,
    sites: Vec<&'b Expr>,
}

impl<'b> BodyExprs<'b> {
    fn of(b: &FuncBuilder, body: &'b Block) -> BodyExprs<'b> {
        let frame_sites = b.g.escapes.as_ref().map(|esc| &esc.frame_sites);
        let (mut literals, mut sites) = (Vec::new(), Vec::new());
        for s in &body.stmts {
            super::walk::each_expr_in_stmt(s, &mut |e| {
                if let ExprKind::FuncLit { .. } = e.kind {
                    literals.push(e);
                }
                if frame_sites.is_some_and(|f| f.contains(&e.id)) {
                    sites.push(e);
                }
            });
        }
        BodyExprs { literals, sites }
    }

    /// The frame allocation sites of the builder's own code.
    fn own_sites<'o>(&'o self, own: &'o OwnCode) -> impl Iterator<Item = &'b Expr> + 'o {
        self.sites.iter().copied().filter(|e| {
            // A function literal's own span is one of the nested ones.
            let lit = matches!(e.kind, ExprKind::FuncLit { .. }).then(|| e.span.lo..=e.span.hi);
            own.contains(e.span.lo, lit)
        })
    }
}

/// The source a function's own builder compiles: its body without the function literals
/// and range-over-func loop bodies in it (compiled by builders of their own).
struct OwnCode {
    body: RangeInclusive<u32>,
    nested: Vec<RangeInclusive<u32>>,
}

impl OwnCode {
    fn of(b: &FuncBuilder, body: &Block, found: &BodyExprs) -> OwnCode {
        let info = b.g.info;
        let mut nested: Vec<RangeInclusive<u32>> = found
            .literals
            .iter()
            .map(|e| e.span.lo..=e.span.hi)
            .collect();
        for s in &body.stmts {
            super::walk::each_stmt(s, &mut |s| {
                if let Stmt::Range { x, body, pos, .. } = s {
                    if super::rangefunc::ranges_over_func(info, x) {
                        nested.push(*pos..=body.rbrace);
                    }
                }
            });
        }
        OwnCode {
            body: body.lbrace..=body.rbrace,
            nested,
        }
    }

    /// Whether `pos` is in this code, counting the nested range `except` (a function
    /// literal's own span, for the literal itself) as this code.
    fn contains(&self, pos: u32, except: Option<RangeInclusive<u32>>) -> bool {
        self.body.contains(&pos)
            && !self
                .nested
                .iter()
                .any(|r| r.contains(&pos) && Some(r) != except.as_ref())
    }
}
