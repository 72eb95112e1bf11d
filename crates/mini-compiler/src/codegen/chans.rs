//! Channels, `go` and `select`: `make(chan T, n)`, sends, receives (also comma-ok and as
//! statements), `close`, `len`/`cap`, `range` over a channel, goroutine starts (laid out like
//! deferred calls) and `select` (cases described in the constant table).

use super::func::FuncBuilder;
use super::layout::Layout;
use crate::ast::{AssignOp, CommClause, Expr, ExprKind, Stmt, UnaryOp};
use crate::types::{TypeData, TypeId};
use mini_bytecode::{Instr, SlotKind};

/// A `select` case's channel operation, evaluated on entry.
struct CaseOp<'e> {
    send: bool,
    chan: u8,
    value: u8,
    elem: TypeId,
    /// A receive's assignment: its left sides, whether it declares them, and whether the
    /// ok flag is asked for.
    assign: Option<(&'e [Expr], bool)>,
    with_ok: bool,
}

impl FuncBuilder<'_, '_> {
    /// The element type of a channel type.
    pub fn chan_elem(&self, t: TypeId) -> Option<TypeId> {
        match self.g.info.types.under(t) {
            TypeData::Chan(_, e) => Some(*e),
            _ => None,
        }
    }

    pub fn is_chan(&self, t: TypeId) -> bool {
        self.chan_elem(t).is_some()
    }

    fn chan_reg(&mut self, ch: &Expr, pos: u32) -> u8 {
        let r = self.alloc(&Layout::of(&[SlotKind::Ref]), pos);
        let t = self.type_of(ch);
        self.expr_to(ch, r, t);
        r
    }

    /// `make(chan T[, n])` into `dst`.
    pub fn make_chan(&mut self, t: TypeId, args: &[Expr], dst: u8, e: &Expr) {
        let Some(elem) = self.chan_elem(t) else {
            return;
        };
        let Some(k) = self.g.buffer_shape(elem, e.pos()) else {
            return;
        };
        let size = self.scalar(e.pos());
        match args.get(1) {
            Some(n) => {
                let int = self.g.info.types.basic(crate::types::BasicKind::Int);
                self.expr_to(n, size, int);
            }
            None => {
                self.emit(Instr::LoadInt { a: size, k: 0 });
            }
        }
        self.at(e.pos());
        self.emit(Instr::MakeChan { a: dst, b: size, k });
    }

    /// `len(ch)` / `cap(ch)` into `dst`.
    pub fn chan_len_cap(&mut self, ch: &Expr, cap: bool, dst: u8) {
        let c = self.chan_reg(ch, ch.pos());
        self.emit(if cap {
            Instr::ChanCap { a: dst, b: c }
        } else {
            Instr::ChanLen { a: dst, b: c }
        });
    }

    /// `close(ch)`.
    pub fn chan_close(&mut self, ch: &Expr, e: &Expr) {
        let c = self.chan_reg(ch, ch.pos());
        self.at(e.pos());
        self.emit(Instr::ChanClose { a: c });
    }

    /// `<-ch` into `dst..` (with the ok flag after the value when `with_ok`).
    pub fn recv_to(&mut self, ch: &Expr, dst: u8, with_ok: bool, pos: u32) {
        let c = self.chan_reg(ch, pos);
        self.at(pos);
        self.emit(Instr::ChanRecv {
            a: dst,
            b: c,
            c: u8::from(with_ok),
        });
    }

    /// A block for a received value of type `elem`, plus the ok flag.
    fn recv_block(&mut self, elem: TypeId, with_ok: bool, pos: u32) -> Option<u8> {
        let mut layout = self.g.layout(elem, pos)?;
        if with_ok || layout.kinds.is_empty() {
            layout.kinds.push(SlotKind::Scalar);
        }
        Some(self.alloc(&layout, pos))
    }

    /// `<-ch` as a statement: the value is received and dropped.
    pub fn recv_stmt(&mut self, ch: &Expr, pos: u32) {
        let Some(elem) = self.chan_elem(self.type_of(ch)) else {
            return;
        };
        if let Some(block) = self.recv_block(elem, false, pos) {
            self.recv_to(ch, block, false, pos);
        }
    }

    /// `ch <- v`.
    pub fn send_stmt(&mut self, ch: &Expr, value: &Expr, pos: u32) {
        let Some(elem) = self.chan_elem(self.type_of(ch)) else {
            return;
        };
        let c = self.chan_reg(ch, pos);
        let Some(layout) = self.g.layout(elem, pos) else {
            return;
        };
        let v = self.alloc(&layout, pos);
        self.expr_to(value, v, elem);
        self.at(pos);
        self.emit(Instr::ChanSend { a: c, b: v });
    }

    /// `v, ok = <-ch` (also `:=`, `var`); false if `rhs` is not a receive.
    pub fn comma_ok_recv(&mut self, lhs: &[Expr], rhs: &Expr) -> bool {
        let ExprKind::Unary {
            op: UnaryOp::Recv,
            x,
        } = &rhs.unparen().kind
        else {
            return false;
        };
        let Some(elem) = self.chan_elem(self.type_of(x)) else {
            return true;
        };
        let Some(block) = self.recv_block(elem, true, rhs.pos()) else {
            return true;
        };
        self.recv_to(x, block, true, rhs.pos());
        self.store_received(lhs, block, elem, rhs.pos());
        true
    }

    /// Stores a received value (and, with two left sides, the ok flag after it).
    fn store_received(&mut self, lhs: &[Expr], block: u8, elem: TypeId, pos: u32) {
        let size = self.size_of(elem);
        let lt = self.type_of(&lhs[0]);
        let types = &self.g.info.types;
        if types.is_interface(lt) && !types.is_interface(elem) && !super::stmt::is_blank(&lhs[0]) {
            let Some(layout) = self.g.layout(lt, pos) else {
                return;
            };
            let v = self.alloc(&layout, pos);
            self.convert_regs(block, elem, lt, v, pos);
            self.store_reg(&lhs[0], v, layout.size());
        } else {
            self.store_reg(&lhs[0], block, size);
        }
        if let Some(ok) = lhs.get(1) {
            self.store_reg(ok, block + size, 1);
        }
    }

    /// `for v := range ch`: receives until the channel is closed and drained.
    pub fn range_chan(
        &mut self,
        key: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &crate::ast::Block,
        label: Option<&str>,
        pos: u32,
    ) {
        let Some(elem) = self.chan_elem(self.type_of(x)) else {
            return;
        };
        let c = self.chan_reg(x, pos);
        let Some(block) = self.recv_block(elem, true, pos) else {
            return;
        };
        let size = self.size_of(elem);
        let top = self.code.len();
        self.at(pos);
        self.emit(Instr::ChanRecv {
            a: block,
            b: c,
            c: 1,
        });
        let exit = self.jump_placeholder(Instr::JumpIfNot {
            a: block + size,
            s: 0,
        });
        if let Some(k) = key {
            if define {
                self.define_range_var(k);
            }
            self.store_received(std::slice::from_ref(k), block, elem, pos);
        }
        self.loop_body(body, label, |b| b.jump_back(top));
        self.patch_here(exit);
    }

    /// `go f(args)`: the function value and arguments are evaluated now, as for `defer`,
    /// into the new goroutine's first frame.
    pub fn go_stmt(&mut self, call: &Expr, pos: u32) {
        self.spawning = true;
        self.defer_stmt(call, pos);
        self.spawning = false;
    }

    /// `select`: every case's channel and sent value are evaluated in source order, `Select`
    /// picks a ready case (or blocks), and its index selects the body.
    pub fn select_stmt(&mut self, clauses: &[CommClause], label: Option<&str>, pos: u32) {
        self.at(pos);
        let mut ops = Vec::new();
        for clause in clauses {
            let Some(comm) = &clause.comm else {
                continue;
            };
            match self.case_op(comm) {
                Some(op) => ops.push(op),
                None => return,
            }
        }
        let has_default = clauses.iter().any(|c| c.comm.is_none());
        let k = self.g.program.consts.len();
        if k + ops.len() + 1 > u16::MAX as usize {
            self.unsupported(pos, "this many constants");
            return;
        }
        self.g
            .program
            .consts
            .push(ops.len() as u64 | (u64::from(has_default) << 32));
        for op in &ops {
            let word = u64::from(op.send)
                | u64::from(op.chan) << 8
                | u64::from(op.value) << 16
                | u64::from(op.with_ok) << 24;
            self.g.program.consts.push(word);
        }
        let index = self.scalar(pos);
        self.at(pos);
        self.emit(Instr::Select {
            a: index,
            k: k as u16,
        });
        self.select_bodies(clauses, &ops, index, label);
    }

    /// Evaluates a case's channel (and sent value), and allocates a receive's block.
    fn case_op<'e>(&mut self, comm: &'e Stmt) -> Option<CaseOp<'e>> {
        let (ch, value, assign) = match comm {
            Stmt::Send { ch, value, .. } => (ch, Some(value), None),
            Stmt::Expr(e) => (recv_operand(e)?, None, None),
            Stmt::Assign { lhs, op, rhs, .. } => (
                recv_operand(&rhs[0])?,
                None,
                Some((lhs.as_slice(), *op == AssignOp::Define)),
            ),
            _ => return None,
        };
        let pos = ch.pos();
        let elem = self.chan_elem(self.type_of(ch))?;
        let chan = self.chan_reg(ch, pos);
        let with_ok = assign.is_some_and(|(l, _)| l.len() == 2);
        let value = match value {
            Some(v) => {
                let layout = self.g.layout(elem, pos)?;
                let r = self.alloc(&layout, pos);
                self.expr_to(v, r, elem);
                r
            }
            None => self.recv_block(elem, with_ok, pos)?,
        };
        Some(CaseOp {
            send: matches!(comm, Stmt::Send { .. }),
            chan,
            value,
            elem,
            assign,
            with_ok,
        })
    }

    /// Jumps on the chosen index to each clause's body (default when it is the case count).
    fn select_bodies(
        &mut self,
        clauses: &[CommClause],
        ops: &[CaseOp],
        index: u8,
        label: Option<&str>,
    ) {
        self.push_breakable(label);
        let mut starts = Vec::new();
        let mut i = 0i16;
        for clause in clauses {
            let k = if clause.comm.is_some() {
                i += 1;
                i - 1
            } else {
                ops.len() as i16
            };
            self.emit(Instr::SkipIfNeImm { a: index, k });
            starts.push(self.jump_placeholder(Instr::Jump { s: 0 }));
        }
        let mut ends = vec![self.jump_placeholder(Instr::Jump { s: 0 })];
        let mut ops = ops.iter();
        for (clause, start) in clauses.iter().zip(starts) {
            self.patch_here(start);
            let (top, locals) = (self.top, self.locals_end);
            if clause.comm.is_some() {
                if let Some(op) = ops.next() {
                    self.bind_received(op);
                }
            }
            self.stmts(&clause.body);
            self.locals_end = locals;
            self.top = top;
            ends.push(self.jump_placeholder(Instr::Jump { s: 0 }));
        }
        for e in ends {
            self.patch_here(e);
        }
        self.pop_breakable();
    }

    /// A receive case's `v[, ok] := <-ch` / `=`: declares and stores the received value.
    fn bind_received(&mut self, op: &CaseOp) {
        let Some((lhs, define)) = op.assign else {
            return;
        };
        if define {
            self.declare_defined(lhs);
        }
        self.store_received(lhs, op.value, op.elem, lhs[0].pos());
    }
}

/// The channel of a receive expression `<-ch`.
fn recv_operand(e: &Expr) -> Option<&Expr> {
    match &e.unparen().kind {
        ExprKind::Unary {
            op: UnaryOp::Recv,
            x,
        } => Some(x),
        _ => None,
    }
}
