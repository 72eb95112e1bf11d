//! Assignments of several values that may be carried out one at a time: `i, j = i+1, j-1`.
//!
//! Go evaluates every right-hand side before it assigns anything, so in general the values go
//! to temporaries first (`a, b = b, a`). When every target is a register variable, and no
//! value reads a variable assigned before it or can panic or call anything, assigning each
//! value straight to its variable, left to right, is indistinguishable: nothing can observe the
//! variables in between.

use super::func::FuncBuilder;
use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::check::ObjId;

impl FuncBuilder<'_, '_> {
    /// Whether `lhs = rhs` (as many values as targets) may be compiled as one assignment
    /// per pair, left to right.
    pub(crate) fn assignable_in_order(&self, lhs: &[Expr], rhs: &[Expr]) -> bool {
        let mut assigned: Vec<ObjId> = Vec::with_capacity(lhs.len());
        for (l, r) in lhs.iter().zip(rhs) {
            let Some(obj) = self.register_variable(l) else {
                return false;
            };
            if assigned.contains(&obj) || !self.quiet_reading_none_of(r, &assigned) {
                return false;
            }
            assigned.push(obj);
        }
        true
    }

    /// `e` is built of names, literals and operators that cannot panic, and reads none of
    /// `vars`.
    fn quiet_reading_none_of(&self, e: &Expr, vars: &[ObjId]) -> bool {
        match &e.kind {
            ExprKind::Ident(_) => self.g.use_of(e).is_none_or(|o| !vars.contains(&o)),
            ExprKind::BasicLit { .. } => true,
            ExprKind::Paren(x) => self.quiet_reading_none_of(x, vars),
            ExprKind::Unary { op, x } => {
                matches!(
                    op,
                    UnaryOp::Pos | UnaryOp::Neg | UnaryOp::Not | UnaryOp::Xor
                ) && self.quiet_reading_none_of(x, vars)
            }
            ExprKind::Binary { op, x, y, .. } => {
                // Division and shifts panic on some operands; `==` on interfaces may.
                let may_panic = matches!(
                    op,
                    BinaryOp::Div
                        | BinaryOp::Rem
                        | BinaryOp::Shl
                        | BinaryOp::Shr
                        | BinaryOp::Eq
                        | BinaryOp::Ne
                );
                !may_panic
                    && self.quiet_reading_none_of(x, vars)
                    && self.quiet_reading_none_of(y, vars)
            }
            _ => false,
        }
    }
}
