//! Swapping two elements of a slice with one `SwapElem`: `s[i], s[j] = s[j], s[i]`, and the
//! three statements `t := s[i]; s[i] = s[j]; s[j] = t`.
//!
//! Both forms need `s`, `i` and `j` to be variables held in registers, so that nothing between
//! the reads and the writes can change them. Go checks `i` before `j` in both (the tuple
//! assignment takes the address of `s[i]` first), and so does `SwapElem`. In the three
//! statements, `t := s[i]` is compiled as written, on its own line, so that a bad `i` panics
//! there; the swap takes the second statement's line, where Go finds a bad `j`, and leaves
//! `t` holding the old `s[i]` as the statements do.

use super::func::FuncBuilder;
use crate::ast::{AssignOp, Expr, ExprKind, Stmt};
use crate::check::ObjId;
use mini_bytecode::Instr;

/// A slice element `s[i]` whose slice and index are variables.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Element {
    slice: ObjId,
    index: ObjId,
}

impl FuncBuilder<'_, '_> {
    /// `s[i], s[j] = s[j], s[i]` as one `SwapElem`; false (nothing emitted) for any other
    /// assignment.
    pub(crate) fn swap_pair(&mut self, lhs: &[Expr], rhs: &[Expr]) -> bool {
        let ([l0, l1], [r0, r1]) = (lhs, rhs) else {
            return false;
        };
        let Some(swap) = self.swap_registers(l0, l1) else {
            return false;
        };
        if self.element(r0) != self.element(l1) || self.element(r1) != self.element(l0) {
            return false;
        }
        self.emit(swap);
        true
    }

    /// The three statements at the start of `stmts`, `t := s[i]; s[i] = s[j]; s[j] = t`,
    /// compiled as `t := s[i]` and one `SwapElem`; false (nothing emitted) when `stmts` does
    /// not start with them.
    pub(crate) fn swap_through_temporary(&mut self, stmts: &[Stmt]) -> bool {
        let [first @ Stmt::Assign {
            lhs: t_def,
            op: AssignOp::Define,
            rhs: read_i,
            ..
        }, Stmt::Assign {
            lhs: write_i,
            op: AssignOp::Assign,
            rhs: read_j,
            pos: second,
        }, Stmt::Assign {
            lhs: write_j,
            op: AssignOp::Assign,
            rhs: read_t,
            pos: third,
        }, ..] = stmts
        else {
            return false;
        };
        let ([t], [ti], [si], [sj], [tj], [t_use]) = (
            t_def.as_slice(),
            read_i.as_slice(),
            write_i.as_slice(),
            read_j.as_slice(),
            write_j.as_slice(),
            read_t.as_slice(),
        ) else {
            return false;
        };
        let Some(swap) = self.swap_registers(si, tj) else {
            return false;
        };
        let temporary = self.g.info.defs.get(&t.pos()).copied();
        let same = self.element(ti) == self.element(si) && self.element(sj) == self.element(tj);
        let moves = self.moves.contains_key(second) || self.moves.contains_key(third);
        let declares_t = matches!(t.kind, ExprKind::Ident(_)) && temporary.is_some();
        if !same || moves || !declares_t || self.g.use_of(t_use) != temporary {
            return false;
        }
        self.stmt(first, None);
        let in_register = temporary.is_some_and(|t| self.locals.contains_key(&t));
        if !in_register || self.failed {
            // `t` lives in a heap box: the statements as written.
            self.stmt(&stmts[1], None);
            self.stmt(&stmts[2], None);
            return true;
        }
        self.at(*second);
        self.emit(swap);
        true
    }

    /// `SwapElem` of `x` and `y` when they are `s[i]` and `s[j]` of the same slice `s`, with
    /// `s`, `i` and `j` register variables, `i` and `j` of type `int`, and elements held in
    /// registers as values.
    fn swap_registers(&self, x: &Expr, y: &Expr) -> Option<Instr> {
        let (a, b) = (self.element(x)?, self.element(y)?);
        if a.slice != b.slice {
            return None;
        }
        let ExprKind::Index { x: s, .. } = &x.unparen().kind else {
            return None;
        };
        let elem = self.elem_of(self.type_of(s))?;
        if self.by_pointer(elem) {
            return None;
        }
        Some(Instr::SwapElem {
            a: self.register_place(s)?,
            b: *self.locals.get(&a.index)?,
            c: *self.locals.get(&b.index)?,
        })
    }

    /// `x` when it is `s[i]` for register variables `s` (a slice) and `i` (an `int`).
    fn element(&self, x: &Expr) -> Option<Element> {
        let ExprKind::Index { x: s, indices, .. } = &x.unparen().kind else {
            return None;
        };
        let [i] = indices.as_slice() else {
            return None;
        };
        let int = self.g.info.types.basic(crate::types::BasicKind::Int);
        if !self.is_slice(self.type_of(s)) || self.type_of(i) != int {
            return None;
        }
        Some(Element {
            slice: self.register_variable(s)?,
            index: self.register_variable(i)?,
        })
    }
}
