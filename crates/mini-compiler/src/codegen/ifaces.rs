//! Interfaces: type assertions (also comma-ok), type switches and interface comparison
//! (method calls through interfaces are in `selectors.rs`).
//!
//! A type assertion is a test (`IfaceIs` for a concrete type, `IfaceImplements` for an
//! interface) followed by the extraction (`Unbox`, or a plain copy of both words for an
//! interface target); a failed single-value assertion runs `PanicAssert`.

use super::func::FuncBuilder;
use super::layout::{Layout, IFACE};
use super::places::Place;
use crate::ast::{BinaryOp, CaseClause, Expr, Ident};
use crate::types::TypeId;
use mini_bytecode::Instr;

impl FuncBuilder<'_, '_> {
    /// `x.(T)` into `dst`: panics as Go does when `x` does not hold a `T`.
    pub fn type_assert_to(&mut self, x: &Expr, target: TypeId, dst: u8, e: &Expr) {
        let src = self.expr(x);
        let ok = self.scalar(e.pos());
        let Some(t) = self.type_test(src, target, ok, e) else {
            return;
        };
        let pass = self.jump_placeholder(Instr::JumpIf { a: ok, s: 0 });
        let Some(static_t) = self.g.runtime_type(self.type_of(x), e.pos()) else {
            return;
        };
        self.at(e.pos());
        self.emit(Instr::PanicAssert {
            a: src,
            b: static_t,
            c: t,
        });
        self.patch_here(pass);
        self.extract(src, target, t, dst);
    }

    /// `v, ok := x.(T)` (or `=`): `v` is the zero value when `x` does not hold a `T`.
    pub fn comma_ok_assert(&mut self, lhs: &[Expr], rhs: &Expr) -> bool {
        let crate::ast::ExprKind::TypeAssert {
            x, typ: Some(_), ..
        } = &rhs.unparen().kind
        else {
            return false;
        };
        if lhs.len() != 2 {
            return false;
        }
        let target = self.type_of(rhs.unparen());
        let Some(layout) = self.g.layout(target, rhs.pos()) else {
            return true;
        };
        let src = self.expr(x);
        let value = self.alloc(&layout, rhs.pos());
        if layout.size() > 0 {
            self.emit(Instr::LoadNil {
                a: value,
                c: layout.size(),
            });
        }
        let ok = self.scalar(rhs.pos());
        let Some(t) = self.type_test(src, target, ok, rhs) else {
            return true;
        };
        let fail = self.jump_placeholder(Instr::JumpIfNot { a: ok, s: 0 });
        self.extract(src, target, t, value);
        self.patch_here(fail);
        self.store_reg(&lhs[0], value, layout.size());
        self.store_reg(&lhs[1], ok, 1);
        true
    }

    /// Sets `ok` to whether the interface at `src` holds a `target`; returns `target`'s
    /// runtime type.
    fn type_test(&mut self, src: u8, target: TypeId, ok: u8, e: &Expr) -> Option<u8> {
        let t = self.g.runtime_type(target, e.pos())?;
        let ins = if self.g.info.types.is_interface(target) {
            Instr::IfaceImplements { a: ok, b: src, t }
        } else {
            Instr::IfaceIs { a: ok, b: src, t }
        };
        self.emit(ins);
        Some(t)
    }

    /// Copies the value the interface at `src` holds (known to be a `target`) to `dst`.
    fn extract(&mut self, src: u8, target: TypeId, t: u8, dst: u8) {
        if self.g.info.types.is_interface(target) {
            self.mov(dst, src, 2);
        } else {
            self.emit(Instr::Unbox { a: dst, b: src, t });
        }
    }

    /// `switch v := x.(type) { case T: ... }`: each clause's types are tested in order;
    /// in a clause with one type `v` has that type, otherwise `x`'s.
    pub fn type_switch(
        &mut self,
        bind: Option<&Ident>,
        x: &Expr,
        clauses: &[CaseClause],
        label: Option<&str>,
    ) {
        let pos = x.pos();
        let src = self.alloc(&Layout::of(&IFACE), pos);
        let xt = self.type_of(x);
        self.expr_to(x, src, xt);
        self.push_breakable(label);
        let ok = self.scalar(pos);
        let mut body_jumps: Vec<Vec<usize>> = Vec::new();
        for clause in clauses {
            let mut jumps = Vec::new();
            for e in clause.exprs.iter().flatten() {
                self.clause_test(src, e, ok);
                jumps.push(self.jump_placeholder(Instr::JumpIf { a: ok, s: 0 }));
            }
            body_jumps.push(jumps);
        }
        let default_jump = self.jump_placeholder(Instr::Jump { s: 0 });
        let mut ends = Vec::new();
        let mut default_start = None;
        for (clause, jumps) in clauses.iter().zip(body_jumps) {
            for j in jumps {
                self.patch_here(j);
            }
            if clause.exprs.is_none() {
                default_start = Some(self.code.len());
            }
            if bind.is_some() {
                self.bind_clause_var(clause, src, xt);
            }
            self.stmts(&clause.body);
            ends.push(self.jump_placeholder(Instr::Jump { s: 0 }));
        }
        match default_start {
            Some(d) => self.patch(default_jump, d),
            None => self.patch_here(default_jump),
        }
        for e in ends {
            self.patch_here(e);
        }
        self.pop_breakable();
    }

    /// Sets `ok` to whether the interface at `src` matches case `e` (a type or `nil`).
    fn clause_test(&mut self, src: u8, e: &Expr, ok: u8) {
        let is_nil = self
            .info_of(e)
            .is_some_and(|i| i.mode == crate::check::Mode::Nil);
        if is_nil {
            let zero = self.scalar(e.pos());
            self.emit(Instr::LoadInt { a: zero, k: 0 });
            self.emit(Instr::EqInt {
                a: ok,
                b: src,
                c: zero,
            });
            return;
        }
        let target = self.type_of(e);
        self.type_test(src, target, ok, e);
    }

    /// Declares the clause's `v` and gives it its value.
    fn bind_clause_var(&mut self, clause: &CaseClause, src: u8, xt: TypeId) {
        let Some(&obj) = self.g.info.implicits.get(&clause.pos) else {
            return;
        };
        let crate::check::ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind
        else {
            return;
        };
        let Some(t) = self.g.runtime_type(typ, clause.pos) else {
            return;
        };
        let value = match self.declare_local(obj, typ, clause.pos) {
            Some(r) => r,
            None => {
                let Some(layout) = self.g.layout(typ, clause.pos) else {
                    return;
                };
                self.alloc(&layout, clause.pos)
            }
        };
        if typ == xt {
            self.mov(value, src, 2);
        } else {
            self.extract(src, typ, t, value);
        }
        if let Some(&p) = self.boxed.get(&obj) {
            self.write_value(Place::Ptr(p), value, typ, clause.pos);
        }
    }

    /// `x == y` / `x != y` where either side is an interface (the other is converted).
    pub fn iface_compare(&mut self, op: BinaryOp, x: &Expr, y: &Expr, dst: u8) {
        let it = if self.g.info.types.is_interface(self.type_of(x)) {
            self.type_of(x)
        } else {
            self.type_of(y)
        };
        let layout = Layout::of(&IFACE);
        let xr = self.alloc(&layout, x.pos());
        self.expr_to(x, xr, it);
        let yr = self.alloc(&layout, y.pos());
        self.expr_to(y, yr, it);
        self.iface_compare_regs(op, xr, yr, dst);
    }

    /// Compares the interfaces at `xr` and `yr`.
    pub fn iface_compare_regs(&mut self, op: BinaryOp, xr: u8, yr: u8, dst: u8) {
        self.emit(Instr::IfaceEq {
            a: dst,
            b: xr,
            c: yr,
        });
        if op == BinaryOp::Ne {
            self.emit(Instr::Not { a: dst, b: dst });
        }
    }
}
