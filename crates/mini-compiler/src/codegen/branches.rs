//! Conditional branches and immediate operands: comparisons of one-slot numbers compiled
//! into skip instructions (no boolean temporary, one dispatch when the condition holds),
//! loops tested again at their bottom by one compare-and-branch instruction, small integer
//! constants as immediates, and constant operands of loop conditions loaded once before the
//! loop.

use super::func::FuncBuilder;
use crate::ast::{BinaryOp, Expr, ExprKind};
use crate::types::TypeId;
use mini_bytecode::Instr;

/// A comparison a skip instruction can test: `x op y` at the one-slot number type `t`.
#[derive(Clone, Copy)]
struct Compare<'e> {
    op: BinaryOp,
    x: &'e Expr,
    y: &'e Expr,
    t: TypeId,
}

/// Registers already holding a comparison's operands (constants loaded before a loop).
pub(crate) type Preloaded = [Option<u8>; 2];

impl FuncBuilder<'_, '_> {
    /// Emits a test of `c` and a jump to be patched that is taken when `c` is false; returns
    /// the jump's index. `pre` holds operands `preload_operands` evaluated already.
    pub(crate) fn jump_unless(&mut self, c: &Expr, pre: Preloaded) -> usize {
        let Some(cmp) = self.compare_of(c) else {
            let r = self.cond(c);
            return self.jump_placeholder(Instr::JumpIfNot { a: r, s: 0 });
        };
        let skip = self.skip_for(cmp, pre);
        self.emit(skip);
        self.jump_placeholder(Instr::Jump { s: 0 })
    }

    /// `if x < k { return x }`, `if c { break }`: when a body of one instruction follows
    /// `jump_unless`'s integer test and its jump, the inverted test skips the body and the
    /// jump goes (one dispatch fewer on either path). The body moves down by one: it may be
    /// a `break` or `continue` (its jump is waiting for its target, and its place is noted
    /// again), but no other branch, and no label, inlined call or `goto` may refer to it.
    pub(crate) fn skip_single_instruction(&mut self, jump: usize) -> bool {
        let (Some(skip_at), true) = (jump.checked_sub(1), self.code.len() == jump + 2) else {
            return false;
        };
        let (Instr::Jump { s: 0 }, Some(inverted)) =
            (self.code[jump], negated_skip(self.code[skip_at]))
        else {
            return false;
        };
        let body = self.code[jump + 1];
        let branch = self.pending_branch(jump + 1);
        if (body.branch_target(jump + 1).is_some() && branch.is_none())
            || self.labels.values().any(|&at| at > jump)
            || self.gotos.iter().any(|&(_, at)| at > jump)
            || self.inlined.iter().any(|c| c.end as usize > jump)
        {
            return false;
        }
        if let Some((i, is_break)) = branch {
            let b = &mut self.breakables[i];
            let list = if is_break {
                &mut b.breaks
            } else {
                &mut b.continues
            };
            if let Some(last) = list.last_mut() {
                *last = jump;
            }
        }
        self.code[skip_at] = inverted;
        self.code.remove(jump);
        self.lines.remove(jump);
        true
    }

    /// The `break` or `continue` whose unpatched jump is the last instruction, at `at`:
    /// the loop's index among the breakables and whether it is a break.
    fn pending_branch(&self, at: usize) -> Option<(usize, bool)> {
        if self.code[at] != (Instr::Jump { s: 0 }) {
            return None;
        }
        self.breakables.iter().enumerate().find_map(|(i, b)| {
            if b.breaks.last() == Some(&at) {
                Some((i, true))
            } else if b.continues.last() == Some(&at) {
                Some((i, false))
            } else {
                None
            }
        })
    }

    /// A rotated loop's test at its bottom: jumps back to `body` while `c` holds (`c` is
    /// compiled again there, so it must not hold a function literal: see
    /// `holds_func_literal`). A comparison of one-slot numbers becomes one `LoopIf…`
    /// instruction when the body is near enough; any other condition is evaluated and
    /// followed by a backward `JumpIf`.
    pub(crate) fn loop_while(&mut self, c: &Expr, pre: Preloaded, body: usize) {
        let Some(cmp) = self.compare_of(c) else {
            let r = self.cond(c);
            let at = self.emit(Instr::JumpIf { a: r, s: 0 });
            self.patch(at, body);
            return;
        };
        let skip = self.skip_for(cmp, pre);
        self.close_loop(skip, body);
    }

    /// The test of a counted loop at its top (`i < n`, signed): a jump to be patched to the
    /// loop's exit, taken when it fails. `close_loop(Instr::SkipIfLtInt { a: i, b: n }, …)`
    /// tests it again at the bottom.
    pub(crate) fn enter_counted(&mut self, i: u8, n: u8) -> usize {
        self.emit(Instr::SkipIfLtInt { a: i, b: n });
        self.jump_placeholder(Instr::Jump { s: 0 })
    }

    /// Ends a loop whose body starts at `body`: jumps back there while the condition that
    /// `skip` tests holds — one fused `LoopIf…` instruction, or, when the body is too far for
    /// its 8-bit distance (or there is no fused form), `skip` over a jump out and a jump back.
    pub(crate) fn close_loop(&mut self, skip: Instr, body: usize) {
        let distance = self.code.len() + 1 - body;
        match u8::try_from(distance).ok().and_then(|d| loop_form(skip, d)) {
            Some(fused) => {
                self.emit(fused);
            }
            None => {
                self.emit(skip);
                self.emit(Instr::Jump { s: 1 });
                self.jump_back(body);
            }
        }
    }

    /// The bottom of a counted loop over `i`: `i++`, then back to `body` while `i < n` (one
    /// `IncLoopIfLtInt` when the body is near enough).
    pub(crate) fn close_counted(&mut self, i: u8, n: u8, body: usize) {
        let post_at = self.emit(Instr::AddIntImm { a: i, b: i, c: 1 });
        self.close_loop(Instr::SkipIfLtInt { a: i, b: n }, body);
        self.fuse_increment(post_at);
    }

    /// `i++` at `post_at` followed by the loop test `i < n` (the last two instructions)
    /// become one `IncLoopIf…`, at the increment's place (where `continue` lands).
    pub(crate) fn fuse_increment(&mut self, post_at: usize) {
        if self.code.len() != post_at + 2 {
            return;
        }
        let Instr::AddIntImm { a, b, c: 1 } = self.code[post_at] else {
            return;
        };
        let fused = match self.code[post_at + 1] {
            Instr::LoopIfLtInt { a: i, b: n, d } if i == a && a == b && n != a && d > 1 => {
                Instr::IncLoopIfLtInt { a, b: n, d: d - 1 }
            }
            Instr::LoopIfLtImm { a: i, k, d } if i == a && a == b && d > 1 => {
                Instr::IncLoopIfLtImm { a, k, d: d - 1 }
            }
            _ => return,
        };
        self.code.truncate(post_at + 1);
        self.lines.truncate(post_at + 1);
        self.code[post_at] = fused;
    }

    /// Loads the constant operands of a loop condition that would otherwise be loaded on
    /// every iteration (those too large for a loop test's 8-bit immediate, and float
    /// constants).
    pub(crate) fn preload_operands(&mut self, c: &Expr) -> Preloaded {
        let Some(cmp) = self.compare_of(c) else {
            return [None, None];
        };
        if self
            .immediate_compare(cmp)
            .is_some_and(|(_, _, k)| i8::try_from(k).is_ok())
        {
            return [None, None];
        }
        let load = |b: &mut Self, e: &Expr| b.is_constant(e).then(|| b.operand(e, cmp.t));
        [load(self, cmp.x), load(self, cmp.y)]
    }

    /// `c` as a comparison of two one-slot numbers, if it is one.
    fn compare_of<'e>(&self, c: &'e Expr) -> Option<Compare<'e>> {
        let ExprKind::Binary { op, x, y, .. } = &c.unparen().kind else {
            return None;
        };
        if !op.is_comparison() || self.is_constant(c) {
            return None;
        }
        let t = self.operand_type(x, y);
        let types = &self.g.info.types;
        if !types.is_integer(t) && !types.is_float(t) {
            return None;
        }
        Some(Compare { op: *op, x, y, t })
    }

    fn is_constant(&self, e: &Expr) -> bool {
        self.info_of(e)
            .is_some_and(|i| i.mode == crate::check::Mode::Constant)
    }

    /// The comparison as `register op immediate` when one side is a small integer constant:
    /// the other operand, the operator with that operand on the left, and the constant.
    fn immediate_compare<'e>(&self, cmp: Compare<'e>) -> Option<(&'e Expr, BinaryOp, i16)> {
        let types = &self.g.info.types;
        let eq = matches!(cmp.op, BinaryOp::Eq | BinaryOp::Ne);
        // Unsigned order is not the immediates' signed order; equality is the same.
        let unsigned_order = !eq && types.is_unsigned(cmp.t);
        if !types.is_integer(cmp.t) || unsigned_order {
            return None;
        }
        if let Some(k) = self.small_int(cmp.y, cmp.t) {
            return Some((cmp.x, cmp.op, k));
        }
        let k = self.small_int(cmp.x, cmp.t)?;
        Some((cmp.y, mirror(cmp.op), k))
    }

    /// The value of `e` if it is an integer constant that fits in 16 bits.
    fn small_int(&self, e: &Expr, t: TypeId) -> Option<i16> {
        if !self.g.info.types.is_integer(t) || !self.is_constant(e) {
            return None;
        }
        let v = self.info_of(e)?.val.as_ref()?.as_i64()?;
        i16::try_from(v).ok()
    }

    /// Evaluates the operands of `cmp` and returns the skip instruction that skips the next
    /// instruction when `cmp` holds (not emitted): with an immediate for a small integer
    /// constant, unless `pre` holds preloaded operands.
    fn skip_for(&mut self, cmp: Compare, pre: Preloaded) -> Instr {
        if pre == [None, None] {
            if let Some((x, op, k)) = self.immediate_compare(cmp) {
                let a = self.operand(x, cmp.t);
                return skip_imm(op, a, k);
            }
        }
        let xr = pre[0].unwrap_or_else(|| self.operand(cmp.x, cmp.t));
        let yr = pre[1].unwrap_or_else(|| self.operand(cmp.y, cmp.t));
        let types = &self.g.info.types;
        let (float, unsigned) = (types.is_float(cmp.t), types.is_unsigned(cmp.t));
        skip_regs(cmp.op, float, unsigned, xr, yr)
    }

    /// `dst = x op y` at type `t` with `y` (or, for `+` and `*`, `x`) a small integer
    /// constant, as one immediate instruction; false (nothing emitted) when the operation has
    /// no such form.
    pub(crate) fn binary_imm(
        &mut self,
        op: BinaryOp,
        x: &Expr,
        y: &Expr,
        dst: u8,
        t: TypeId,
    ) -> bool {
        let types = &self.g.info.types;
        if !types.is_integer(t) {
            return false;
        }
        let signed = !types.is_unsigned(t);
        let (x, c) = match (self.small_i8(y, t), self.small_i8(x, t)) {
            (Some(c), _) => (x, c),
            (None, Some(c)) if matches!(op, BinaryOp::Add | BinaryOp::Mul) => (y, c),
            _ => return false,
        };
        type Make = fn(u8, u8, i8) -> Instr;
        let (make, c): (Make, i8) = match op {
            BinaryOp::Add => (|a, b, c| Instr::AddIntImm { a, b, c }, c),
            BinaryOp::Sub => match c.checked_neg() {
                Some(n) => (|a, b, c| Instr::AddIntImm { a, b, c }, n),
                None => return false,
            },
            BinaryOp::Mul => (|a, b, c| Instr::MulIntImm { a, b, c }, c),
            BinaryOp::Div if signed && c != 0 => (|a, b, c| Instr::DivIntImm { a, b, c }, c),
            BinaryOp::Rem if signed && c != 0 => (|a, b, c| Instr::RemIntImm { a, b, c }, c),
            _ => return false,
        };
        let b = self.operand(x, t);
        let ins = make(dst, b, c);
        self.emit(ins);
        self.wrap(dst, t);
        true
    }

    fn small_i8(&self, e: &Expr, t: TypeId) -> Option<i8> {
        i8::try_from(self.small_int(e, t)?).ok()
    }
}

/// Whether `e` holds a function literal (which must be compiled once: a loop whose condition
/// holds one is not rotated).
pub(crate) fn holds_func_literal(e: &Expr) -> bool {
    let mut found = false;
    super::walk::each_expr(e, &mut |e| {
        found |= matches!(e.kind, ExprKind::FuncLit { .. });
    });
    found
}

/// The loop test jumping back by `d` when the skip instruction `skip` would skip, if there
/// is one (immediates must fit in 8 bits; float equality has none).
fn loop_form(skip: Instr, d: u8) -> Option<Instr> {
    let imm = |k: i16| i8::try_from(k).ok();
    Some(match skip {
        Instr::SkipIfEqImm { a, k } => Instr::LoopIfEqImm { a, k: imm(k)?, d },
        Instr::SkipIfNeImm { a, k } => Instr::LoopIfNeImm { a, k: imm(k)?, d },
        Instr::SkipIfLtImm { a, k } => Instr::LoopIfLtImm { a, k: imm(k)?, d },
        Instr::SkipIfLeImm { a, k } => Instr::LoopIfLeImm { a, k: imm(k)?, d },
        Instr::SkipIfGtImm { a, k } => Instr::LoopIfGtImm { a, k: imm(k)?, d },
        Instr::SkipIfGeImm { a, k } => Instr::LoopIfGeImm { a, k: imm(k)?, d },
        Instr::SkipIfEqInt { a, b } => Instr::LoopIfEqInt { a, b, d },
        Instr::SkipIfNeInt { a, b } => Instr::LoopIfNeInt { a, b, d },
        Instr::SkipIfLtInt { a, b } => Instr::LoopIfLtInt { a, b, d },
        Instr::SkipIfLeInt { a, b } => Instr::LoopIfLeInt { a, b, d },
        Instr::SkipIfLtUint { a, b } => Instr::LoopIfLtUint { a, b, d },
        Instr::SkipIfLeUint { a, b } => Instr::LoopIfLeUint { a, b, d },
        Instr::SkipIfLtFloat { a, b } => Instr::LoopIfLtFloat { a, b, d },
        Instr::SkipIfLeFloat { a, b } => Instr::LoopIfLeFloat { a, b, d },
        _ => return None,
    })
}

/// The skip that holds exactly when `skip`'s test fails; none for `<` and `<=` on floats,
/// whose negations also hold for NaN.
fn negated_skip(skip: Instr) -> Option<Instr> {
    Some(match skip {
        Instr::SkipIfEqImm { a, k } => Instr::SkipIfNeImm { a, k },
        Instr::SkipIfNeImm { a, k } => Instr::SkipIfEqImm { a, k },
        Instr::SkipIfLtImm { a, k } => Instr::SkipIfGeImm { a, k },
        Instr::SkipIfGeImm { a, k } => Instr::SkipIfLtImm { a, k },
        Instr::SkipIfLeImm { a, k } => Instr::SkipIfGtImm { a, k },
        Instr::SkipIfGtImm { a, k } => Instr::SkipIfLeImm { a, k },
        Instr::SkipIfEqInt { a, b } => Instr::SkipIfNeInt { a, b },
        Instr::SkipIfNeInt { a, b } => Instr::SkipIfEqInt { a, b },
        Instr::SkipIfLtInt { a, b } => Instr::SkipIfLeInt { a: b, b: a },
        Instr::SkipIfLeInt { a, b } => Instr::SkipIfLtInt { a: b, b: a },
        Instr::SkipIfLtUint { a, b } => Instr::SkipIfLeUint { a: b, b: a },
        Instr::SkipIfLeUint { a, b } => Instr::SkipIfLtUint { a: b, b: a },
        Instr::SkipIfEqFloat { a, b } => Instr::SkipIfNeFloat { a, b },
        Instr::SkipIfNeFloat { a, b } => Instr::SkipIfEqFloat { a, b },
        _ => return None,
    })
}

/// The operator with its operands swapped (`k < x` is `x > k`).
fn mirror(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        other => other,
    }
}

fn skip_imm(op: BinaryOp, a: u8, k: i16) -> Instr {
    match op {
        BinaryOp::Eq => Instr::SkipIfEqImm { a, k },
        BinaryOp::Ne => Instr::SkipIfNeImm { a, k },
        BinaryOp::Lt => Instr::SkipIfLtImm { a, k },
        BinaryOp::Le => Instr::SkipIfLeImm { a, k },
        BinaryOp::Gt => Instr::SkipIfGtImm { a, k },
        _ => Instr::SkipIfGeImm { a, k },
    }
}

/// The skip instruction for `x op y` (`>` and `>=` swap the operands).
fn skip_regs(op: BinaryOp, float: bool, unsigned: bool, x: u8, y: u8) -> Instr {
    let (op, a, b) = match op {
        BinaryOp::Gt => (BinaryOp::Lt, y, x),
        BinaryOp::Ge => (BinaryOp::Le, y, x),
        other => (other, x, y),
    };
    match (op, float, unsigned) {
        (BinaryOp::Eq, true, _) => Instr::SkipIfEqFloat { a, b },
        (BinaryOp::Ne, true, _) => Instr::SkipIfNeFloat { a, b },
        (BinaryOp::Lt, true, _) => Instr::SkipIfLtFloat { a, b },
        (BinaryOp::Le, true, _) => Instr::SkipIfLeFloat { a, b },
        (BinaryOp::Eq, _, _) => Instr::SkipIfEqInt { a, b },
        (BinaryOp::Ne, _, _) => Instr::SkipIfNeInt { a, b },
        (BinaryOp::Lt, _, true) => Instr::SkipIfLtUint { a, b },
        (BinaryOp::Le, _, true) => Instr::SkipIfLeUint { a, b },
        (BinaryOp::Lt, _, _) => Instr::SkipIfLtInt { a, b },
        _ => Instr::SkipIfLeInt { a, b },
    }
}
