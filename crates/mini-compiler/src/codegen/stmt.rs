//! Statements: declarations, assignments, control flow, loops with break/continue, returns.

use super::func::{Breakable, FuncBuilder};
use super::layout::{layout_of, Layout, IFACE};
use crate::ast::{AssignOp, Block, CaseClause, Decl, Expr, ExprKind, Ident, Stmt};
use crate::check::{Builtin, Mode, ObjKind};
use crate::types::{BasicKind, TypeId};
use mini_bytecode::{Instr, SlotKind};

/// Whether a statement is its own implicit block (Go spec, "Blocks").
fn opens_scope(s: &Stmt) -> bool {
    matches!(
        s,
        Stmt::If { .. }
            | Stmt::For { .. }
            | Stmt::Range { .. }
            | Stmt::Switch { .. }
            | Stmt::TypeSwitch { .. }
            | Stmt::Select { .. }
    )
}

impl FuncBuilder<'_, '_> {
    /// A block's statements. Temporaries are released after each statement and the block's
    /// own locals when it ends (their registers keep their kinds, so a later local or
    /// temporary reuses them only for values of the same kinds).
    pub fn stmts(&mut self, stmts: &[Stmt]) {
        let (block_top, block_locals) = (self.top, self.locals_end);
        let mut rest = stmts;
        while let Some(s) = rest.first() {
            if self.failed {
                return;
            }
            let saved = self.top;
            if self.swap_through_temporary(rest) {
                rest = &rest[3..];
            } else {
                self.stmt(s, None);
                rest = &rest[1..];
            }
            self.top = saved.max(self.locals_end);
        }
        self.locals_end = block_locals;
        self.top = block_top;
    }

    /// One statement. The variables an `if`, `for`, `switch` or `range` header declares
    /// belong to that statement's implicit block: their registers are free again after it.
    pub(crate) fn stmt(&mut self, s: &Stmt, label: Option<&str>) {
        let locals = self.locals_end;
        self.stmt_in_scope(s, label);
        if opens_scope(s) {
            self.locals_end = locals;
        }
    }

    fn stmt_in_scope(&mut self, s: &Stmt, label: Option<&str>) {
        self.move_to_heap_before(s);
        match s {
            Stmt::Empty(_) => {}
            Stmt::Expr(e) => {
                self.at(e.pos());
                self.expr_stmt(e);
            }
            Stmt::Assign { lhs, op, rhs, pos } => {
                self.at(*pos);
                match op {
                    AssignOp::Define => self.define(lhs, rhs),
                    AssignOp::Assign if self.swap_pair(lhs, rhs) => {}
                    AssignOp::Assign => self.assign(lhs, rhs),
                    AssignOp::Op(bop) => self.op_assign(*bop, &lhs[0], &rhs[0], *pos),
                }
            }
            Stmt::IncDec { x, inc, pos } => {
                self.at(*pos);
                self.inc_dec(x, *inc);
            }
            Stmt::Decl(d) => self.local_decl(d),
            Stmt::Return { results, pos } => {
                self.at(*pos);
                self.return_stmt(results, *pos);
            }
            Stmt::Block(b) => self.stmts(&b.stmts),
            Stmt::If {
                cond,
                then,
                els,
                pos,
                init,
            } => {
                self.at(*pos);
                if let Some(i) = init {
                    self.stmt(i, None);
                }
                self.if_stmt(cond, then, els.as_deref());
            }
            Stmt::For {
                init,
                cond,
                post,
                body,
                pos,
            } => {
                self.at(*pos);
                if let Some(i) = init {
                    self.stmt(i, None);
                }
                let loop_vars = init
                    .as_deref()
                    .map(|i| self.boxed_defs(i))
                    .unwrap_or_default();
                self.for_stmt(cond.as_ref(), post.as_deref(), body, label, &loop_vars);
            }
            Stmt::Range {
                key,
                value,
                define,
                x,
                body,
                pos,
            } => {
                self.at(*pos);
                self.range_stmt(
                    key.as_deref(),
                    value.as_deref(),
                    *define,
                    x,
                    body,
                    label,
                    *pos,
                );
            }
            Stmt::Switch {
                init,
                tag,
                clauses,
                pos,
                ..
            } => {
                self.at(*pos);
                if let Some(i) = init {
                    self.stmt(i, None);
                }
                self.switch_stmt(tag.as_ref(), clauses, label, *pos);
            }
            Stmt::TypeSwitch {
                init,
                bind,
                x,
                clauses,
                pos,
                ..
            } => {
                self.at(*pos);
                if let Some(i) = init {
                    self.stmt(i, None);
                }
                self.type_switch(bind.as_ref(), x, clauses, label);
            }
            Stmt::Break { label: l, pos } => self.branch(l.as_ref(), true, *pos),
            Stmt::Continue { label: l, pos } => self.branch(l.as_ref(), false, *pos),
            Stmt::Labeled { label, stmt } => {
                self.place_label(&label.name);
                self.stmt(stmt, Some(&label.name));
            }
            Stmt::Goto { label, pos } => {
                self.at(*pos);
                self.goto(&label.name, *pos);
            }
            Stmt::Fallthrough { .. } => {}
            Stmt::Defer { call, pos } => self.defer_stmt(call, *pos),
            Stmt::Go { call, pos } => self.go_stmt(call, *pos),
            Stmt::Send { ch, value, pos } => self.send_stmt(ch, value, *pos),
            Stmt::Select { clauses, pos, .. } => self.select_stmt(clauses, label, *pos),
        }
    }

    fn expr_stmt(&mut self, e: &Expr) {
        if let ExprKind::Unary {
            op: crate::ast::UnaryOp::Recv,
            x,
        } = &e.unparen().kind
        {
            self.recv_stmt(x, e.pos());
            return;
        }
        let ExprKind::Call { .. } = &e.unparen().kind else {
            self.unsupported(e.pos(), "this expression statement");
            return;
        };
        self.call_to(e.unparen(), None);
    }

    /// `a, b := x, y` (new or existing variables).
    fn define(&mut self, lhs: &[Expr], rhs: &[Expr]) {
        self.declare_defined(lhs);
        self.assign(lhs, rhs);
        if let ([l], [r]) = (lhs, rhs) {
            self.note_frame_alias(l, r);
        }
    }

    /// Declares the new variables among the left sides of a `:=`.
    pub(crate) fn declare_defined(&mut self, lhs: &[Expr]) {
        for l in lhs {
            let ExprKind::Ident(name) = &l.kind else {
                continue;
            };
            if name == "_" || self.g.use_of(l).is_some() {
                continue;
            }
            let Some(&obj) = self.g.info.defs.get(&l.pos()) else {
                continue;
            };
            let ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind else {
                continue;
            };
            self.declare_local(obj, typ, l.pos());
        }
    }

    /// `a, b = x, y`: every value is computed before any variable changes.
    pub(crate) fn assign(&mut self, lhs: &[Expr], rhs: &[Expr]) {
        if lhs.len() != rhs.len() {
            self.assign_from_call(lhs, &rhs[0]);
            return;
        }
        if lhs.len() == 1 || self.assignable_in_order(lhs, rhs) {
            lhs.iter().zip(rhs).for_each(|(l, r)| self.store(l, r));
            return;
        }
        let targets: Vec<Target> = lhs.iter().map(|l| self.assign_target(l)).collect();
        let mut temps = Vec::new();
        for (l, r) in lhs.iter().zip(rhs) {
            let t = self.target_type(l, r);
            let Some(layout) = self.g.layout(t, r.pos()) else {
                return;
            };
            let reg = self.alloc(&layout, r.pos());
            self.expr_to(r, reg, t);
            temps.push((reg, layout.size()));
        }
        for ((l, target), (reg, size)) in lhs.iter().zip(targets).zip(temps) {
            self.write_target(target, l, reg, size);
        }
    }

    /// Go's first phase of an assignment of several values: the index operands and pointer
    /// indirections of the targets are evaluated, left to right, before any value.
    fn assign_target(&mut self, l: &Expr) -> Target {
        if is_blank(l) {
            return Target::Variable;
        }
        if let ExprKind::Index { x, .. } = &l.unparen().kind {
            if self.is_map(self.type_of(x)) {
                return match self.map_operands(l) {
                    Some((mr, key)) => Target::Map(mr, key),
                    None => Target::Variable,
                };
            }
        }
        if !matches!(
            l.unparen().kind,
            ExprKind::Selector { .. } | ExprKind::Unary { .. } | ExprKind::Index { .. }
        ) {
            return Target::Variable;
        }
        match self.place(l) {
            Some(p) => Target::Place(p),
            None => Target::Variable,
        }
    }

    fn target_type(&self, l: &Expr, r: &Expr) -> TypeId {
        if is_blank(l) {
            self.type_of(r)
        } else {
            self.type_of(l)
        }
    }

    /// `a, b = f()`.
    fn assign_from_call(&mut self, lhs: &[Expr], call: &Expr) {
        if self.comma_ok_map(lhs, call)
            || self.comma_ok_assert(lhs, call)
            || self.comma_ok_recv(lhs, call)
        {
            return;
        }
        if !matches!(call.unparen().kind, ExprKind::Call { .. }) {
            self.unsupported(call.pos(), "comma-ok forms");
            return;
        }
        let results = self.call_result_types(call);
        let mut kinds = Vec::new();
        for t in &results {
            let Some(layout) = self.g.layout(*t, call.pos()) else {
                return;
            };
            kinds.extend(layout.kinds);
        }
        let base = self.alloc(&super::layout::Layout::from(kinds), call.pos());
        self.call_to(call.unparen(), Some(base));
        let mut r = base;
        for (l, t) in lhs.iter().zip(results) {
            let size = self.size_of(t);
            let lt = self.type_of(l);
            if self.g.info.types.is_interface(lt) && !self.g.info.types.is_interface(t) {
                let Some(layout) = self.g.layout(lt, call.pos()) else {
                    return;
                };
                let v = self.alloc(&layout, call.pos());
                self.convert_regs(r, t, lt, v, call.pos());
                self.store_reg(l, v, layout.size());
            } else {
                self.store_reg(l, r, size);
            }
            r += size;
        }
    }

    fn call_result_types(&self, call: &Expr) -> Vec<TypeId> {
        let ExprKind::Call { fun, .. } = &call.unparen().kind else {
            return vec![];
        };
        let t = self.type_of(fun);
        self.g
            .info
            .types
            .signature(t)
            .map(|s| s.results.iter().map(|r| r.1).collect())
            .unwrap_or_default()
    }

    /// The registers a value of `t` takes (two for a value held by pointer).
    pub fn size_of(&self, t: TypeId) -> u8 {
        if self.by_pointer(t) {
            return 2;
        }
        layout_of(&self.g.info.types, t).map_or(1, |l| l.size())
    }

    /// Evaluates `r` straight into the variable `l` when it is a local, else via a temporary.
    fn store(&mut self, l: &Expr, r: &Expr) {
        if is_blank(l) {
            let t = self.type_of(r);
            if self.g.layout(t, r.pos()).is_some() {
                self.expr(r);
            }
            return;
        }
        let t = self.type_of(l);
        let defined = self.g.info.defs.get(&l.pos()).copied();
        let target = match defined.and_then(|obj| self.locals.get(&obj)) {
            Some(&reg) => Some(reg),
            None => self.register_place(l),
        };
        let Some(layout) = self.g.layout(t, r.pos()) else {
            return;
        };
        if let Some(reg) = target {
            // A value of several registers is built in place only when the right side does
            // not read the variable (`s = T{a: s.b, b: s.a}` must read `s` first).
            if layout.size() == 1 || !self.reads_root_of(r, l) {
                self.expr_to(r, reg, t);
                return;
            }
        }
        let same_type = self.g.info.types.identical(self.type_of(r), t);
        let reg = match self.register_place(r).filter(|_| same_type) {
            // A variable's value is stored from its own registers.
            Some(reg) => reg,
            None => {
                let reg = self.alloc(&layout, r.pos());
                self.expr_to(r, reg, t);
                reg
            }
        };
        self.store_reg(l, reg, layout.size());
    }

    /// Whether `r` mentions the variable at the root of the place `l` (`s` of `s.a.b`).
    fn reads_root_of(&self, r: &Expr, l: &Expr) -> bool {
        let mut root = l.unparen();
        while let ExprKind::Selector { x, .. } = &root.kind {
            root = x.unparen();
        }
        let obj = self
            .g
            .use_of(root)
            .or_else(|| self.g.info.defs.get(&root.pos()).copied());
        let mut found = false;
        super::walk::each_expr(r, &mut |e| {
            found |= matches!(e.kind, ExprKind::Ident(_)) && self.g.use_of(e) == obj;
        });
        found || obj.is_none()
    }

    /// Stores the value at `reg` into the variable `l`.
    pub(crate) fn store_reg(&mut self, l: &Expr, reg: u8, size: u8) {
        if is_blank(l) {
            return;
        }
        let lt = self.type_of(l);
        if self.by_pointer(lt) {
            match self.place(l) {
                Some(p) => self.write_value(p, reg, lt, l.pos()),
                None => self.unsupported(l.pos(), "assigning this value"),
            }
            return;
        }
        if let ExprKind::Index { x, .. } = &l.unparen().kind {
            if self.is_slice(self.type_of(x)) {
                self.store_elem(l, reg);
                return;
            }
            if self.is_map(self.type_of(x)) {
                self.map_store(l, reg);
                return;
            }
        }
        if matches!(
            l.unparen().kind,
            ExprKind::Selector { .. } | ExprKind::Unary { .. } | ExprKind::Index { .. }
        ) {
            match self.place(l) {
                Some(p) => self.write_place(p, reg, size),
                None => self.unsupported(l.pos(), "assigning to this expression"),
            }
            return;
        }
        let obj = match &l.unparen().kind {
            ExprKind::Ident(_) => self
                .g
                .use_of(l.unparen())
                .or_else(|| self.g.info.defs.get(&l.pos()).copied()),
            _ => None,
        };
        let Some(obj) = obj else {
            self.unsupported(l.pos(), "assigning to this kind of expression");
            return;
        };
        match self.variable_place(obj) {
            Some(p) => self.write_place(p, reg, size),
            None => self.unsupported(l.pos(), "assigning to this variable"),
        }
    }

    /// `x op= y`: `x`'s operands are evaluated once (`m[f()] += 1` calls `f` once).
    fn op_assign(&mut self, op: crate::ast::BinaryOp, l: &Expr, r: &Expr, pos: u32) {
        let combined = Expr {
            id: l.id,
            span: l.span,
            kind: ExprKind::Binary {
                op,
                op_pos: pos,
                x: Box::new(l.clone()),
                y: Box::new(r.clone()),
            },
        };
        let t = self.type_of(l);
        if let Some(dst) = self
            .register_place(l)
            .filter(|_| self.g.info.types.is_numeric(t))
        {
            // A number in a register is updated in place: `x`'s register is read before the
            // result is written.
            self.binary(op, l, r, dst, &combined, t);
            return;
        }
        let Some(layout) = self.g.layout(t, pos) else {
            return;
        };
        if self.g.info.types.is_numeric(t) && self.element_in_registers(l) && self.stable(r) {
            let reg = self.alloc(&layout, pos);
            self.binary(op, l, r, reg, &combined, t);
            self.store_reg(l, reg, layout.size());
            return;
        }
        let target = self.assign_target(l);
        let Some(cur) = self.read_target(&target, l, &layout) else {
            return;
        };
        let shift = matches!(op, crate::ast::BinaryOp::Shl | crate::ast::BinaryOp::Shr);
        let yt = if shift { self.type_of(r) } else { t };
        let Some(yl) = self.g.layout(yt, r.pos()) else {
            return;
        };
        let yr = self.alloc(&yl, r.pos());
        self.expr_to(r, yr, yt);
        let reg = self.alloc(&layout, pos);
        self.binary_regs(op, t, yt, cur, yr, reg, &combined);
        self.write_target(target, l, reg, layout.size());
    }

    /// The current value of an assignment's target, into new registers.
    fn read_target(&mut self, target: &Target, l: &Expr, layout: &Layout) -> Option<u8> {
        match *target {
            Target::Map(mr, kb) => self.map_get(self.type_of(map_of(l)?), mr, kb, l),
            Target::Place(p) => {
                let r = self.alloc(layout, l.pos());
                self.read_place(p, r, layout.size());
                Some(r)
            }
            Target::Variable => Some(self.expr(l)),
        }
    }

    /// Stores the value at `reg` into an assignment's target.
    fn write_target(&mut self, target: Target, l: &Expr, reg: u8, size: u8) {
        match target {
            Target::Map(mr, kb) => self.map_set(mr, kb, reg, l),
            Target::Place(p) => {
                let t = self.type_of(l);
                self.write_value(p, reg, t, l.pos());
            }
            Target::Variable => self.store_reg(l, reg, size),
        }
    }

    /// `x++` / `x--`: `x`'s operands are evaluated once.
    fn inc_dec(&mut self, x: &Expr, inc: bool) {
        let t = self.type_of(x);
        if let Some(r) = self.register_place(x) {
            self.step_by_one(r, r, t, inc, x);
            return;
        }
        if self.element_in_registers(x) {
            let cur = self.scalar(x.pos());
            self.expr_to(x, cur, t);
            self.step_by_one(cur, cur, t, inc, x);
            self.store_reg(x, cur, 1);
            return;
        }
        let scalar = Layout::of(&[SlotKind::Scalar]);
        let target = self.assign_target(x);
        let Some(cur) = self.read_target(&target, x, &scalar) else {
            return;
        };
        let dst = self.scalar(x.pos());
        self.step_by_one(dst, cur, t, inc, x);
        self.write_target(target, x, dst, 1);
    }

    /// `s[i]` of a slice `s` and an index `i` that are register variables or constants:
    /// `s[i]++` and `s[i] += y` (with `y` `stable`) may read `s[i]` and then store to it
    /// as `s[i] = s[i] + y` does, an element load and store, rather than taking the
    /// element's address once (nothing between the two can change `s` or `i`).
    fn element_in_registers(&self, e: &Expr) -> bool {
        let ExprKind::Index { x, indices, .. } = &e.unparen().kind else {
            return false;
        };
        let [index] = indices.as_slice() else {
            return false;
        };
        self.is_slice(self.type_of(x)) && self.register_place(x).is_some() && self.stable(index)
    }

    /// A constant or a register variable: reading it again gives the same value, and
    /// reading it runs no code.
    fn stable(&self, e: &Expr) -> bool {
        self.const_value(e).is_some() || self.register_variable(e).is_some()
    }

    /// `dst = src ± 1` for a number of type `t`.
    fn step_by_one(&mut self, dst: u8, src: u8, t: TypeId, inc: bool, x: &Expr) {
        if !self.g.info.types.is_float(t) {
            self.emit(Instr::AddIntImm {
                a: dst,
                b: src,
                c: if inc { 1 } else { -1 },
            });
            self.wrap(dst, t);
            return;
        }
        let one = self.scalar(x.pos());
        self.load_bits(one, 1f64.to_bits());
        let ins = if inc {
            Instr::AddFloat {
                a: dst,
                b: src,
                c: one,
            }
        } else {
            Instr::SubFloat {
                a: dst,
                b: src,
                c: one,
            }
        };
        self.emit(ins);
        self.round_f32(dst, t);
    }

    fn local_decl(&mut self, d: &Decl) {
        match d {
            Decl::Var(specs) => {
                for spec in specs {
                    for n in &spec.names {
                        self.declare_var(n);
                    }
                    if spec.values.is_empty() {
                        continue;
                    }
                    let lhs: Vec<Expr> = spec.names.iter().map(ident_expr).collect();
                    self.at(spec.names[0].pos);
                    self.assign(&lhs, &spec.values);
                }
            }
            Decl::Const(_) | Decl::Type(_) => {}
            Decl::Func(f) => self.unsupported(f.pos, "nested function declarations"),
        }
    }

    fn declare_var(&mut self, n: &Ident) {
        let Some(&obj) = self.g.info.defs.get(&n.pos) else {
            return;
        };
        let ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind else {
            return;
        };
        if let Some(r) = self.declare_local(obj, typ, n.pos) {
            let size = self.size_of(typ);
            self.emit(Instr::LoadNil { a: r, c: size });
        }
    }

    fn return_stmt(&mut self, results: &[Expr], pos: u32) {
        if self.range_body.is_some() {
            self.range_return(results, pos);
            return;
        }
        if results.is_empty() {
            self.emit_bare_return(pos);
            return;
        }
        if results.len() != self.results.len() {
            self.return_call(&results[0], pos);
            return;
        }
        if self.has_defers && !self.named_result_objs.is_empty() {
            // Go sets the named results, runs the deferred calls (which may change them),
            // then returns their values.
            let lhs: Vec<Expr> = self
                .named_result_objs
                .clone()
                .iter()
                .map(|o| self.obj_expr(*o))
                .collect();
            self.assign(&lhs, results);
            self.emit_bare_return(pos);
            return;
        }
        if let ([r], [t]) = (results, self.results.as_slice()) {
            let same_type = self.g.info.types.identical(self.type_of(r), *t);
            if let Some(reg) = self
                .register_place(r)
                .filter(|_| same_type && !self.has_defers)
            {
                // A variable's registers are returned from where they are.
                let size = self.size_of(*t);
                self.at(pos);
                self.emit(Instr::Return { a: reg, c: size });
                return;
            }
        }
        let (base, size) = self.result_block(pos);
        let types = self.results.clone();
        let mut off = 0u8;
        for (r, t) in results.iter().zip(types) {
            self.expr_to(r, base + off, t);
            off += self.size_of(t);
        }
        self.at(pos);
        if self.has_defers {
            self.emit(Instr::RunDefers);
        }
        self.emit(Instr::Return { a: base, c: size });
    }

    /// `return g()` where `g` returns several values: they become the results (converted to
    /// the result types).
    fn return_call(&mut self, call: &Expr, pos: u32) {
        if self.has_defers && !self.named_result_objs.is_empty() {
            let lhs: Vec<Expr> = self
                .named_result_objs
                .clone()
                .iter()
                .map(|o| self.obj_expr(*o))
                .collect();
            self.assign_from_call(&lhs, call);
            self.emit_bare_return(pos);
            return;
        }
        let from = self.call_result_types(call);
        let Some(values) = self.call_results(call, &from, pos) else {
            return;
        };
        let (base, size) = self.result_block(pos);
        let (mut src, mut dst) = (values, base);
        for (f, t) in from.into_iter().zip(self.results.clone()) {
            self.convert_regs(src, f, t, dst, pos);
            src += self.size_of(f);
            dst += self.size_of(t);
        }
        self.at(pos);
        if self.has_defers {
            self.emit(Instr::RunDefers);
        }
        self.emit(Instr::Return { a: base, c: size });
    }

    /// One contiguous block for the results (their layouts in order), which is what
    /// `Return` copies; evaluating a result may use temporaries above the block.
    fn result_block(&mut self, pos: u32) -> (u8, u8) {
        let mut kinds = Vec::new();
        for t in self.results.clone() {
            let Some(layout) = self.g.layout(t, pos) else {
                return (0, 0);
            };
            kinds.extend(layout.kinds);
        }
        let size = kinds.len() as u8;
        (self.alloc(&super::layout::Layout::from(kinds), pos), size)
    }

    /// An identifier expression naming a variable object (for assigning named results).
    pub(crate) fn obj_expr(&self, obj: crate::check::ObjId) -> Expr {
        let o = &self.g.info.objects[obj.0 as usize];
        Expr {
            id: crate::ast::ExprId(u32::MAX),
            span: crate::ast::Span::new(o.pos, o.pos + o.name.len() as u32),
            kind: ExprKind::Ident(o.name.clone()),
        }
    }

    /// `return` with no values: runs the deferred calls, then returns the named results (or
    /// nothing).
    pub fn emit_bare_return(&mut self, pos: u32) {
        if self.has_defers {
            self.emit(Instr::RunDefers);
        }
        if self.named_result_objs.is_empty() {
            self.emit(Instr::Return { a: 0, c: 0 });
            return;
        }
        if !self.has_defers && self.named_results.len() == self.named_result_objs.len() {
            if let Some(&first) = self.named_results.first() {
                let size: u8 = self.results.iter().map(|t| self.size_of(*t)).sum();
                self.emit(Instr::Return { a: first, c: size });
                return;
            }
        }
        let (base, size) = self.result_block(pos);
        let mut off = 0u8;
        for (obj, t) in self
            .named_result_objs
            .clone()
            .into_iter()
            .zip(self.results.clone())
        {
            let e = self.obj_expr(obj);
            self.expr_to(&e, base + off, t);
            off += self.size_of(t);
        }
        self.emit(Instr::Return { a: base, c: size });
    }

    /// `defer fmt.Println(...)` and other native calls: the arguments are evaluated now into
    /// a record whose function is a small thunk that makes the native call.
    fn defer_native(
        &mut self,
        obj: crate::check::ObjId,
        sig: &crate::types::Signature,
        args: &[Expr],
        spread: bool,
        call: &Expr,
        pos: u32,
    ) {
        let callee = self.native_callee(obj, sig, args);
        let Some(n) = self.g.native_index(obj, &callee.name) else {
            self.unsupported(pos, &format!("function {}", callee.name));
            return;
        };
        let (sig, args) = (&callee.sig, callee.args);
        self.defer_native_index(n, sig, args, spread, call, pos);
    }

    fn defer_native_index(
        &mut self,
        n: u16,
        sig: &crate::types::Signature,
        args: &[Expr],
        spread: bool,
        call: &Expr,
        pos: u32,
    ) {
        let Some((args_base, kinds)) = self.native_args_block(sig, args, spread, call) else {
            return;
        };
        let result_slots: u32 = sig.results.iter().map(|r| self.size_of(r.1) as u32).sum();
        let thunk = self.g.native_thunk(n, &kinds, result_slots);
        let mut record_kinds = vec![SlotKind::Ref];
        record_kinds.extend(kinds.iter().copied());
        let record = Layout::from(record_kinds);
        let block = self.alloc(&record, pos);
        self.emit(Instr::MakeFunc {
            a: block,
            f: thunk as u16,
        });
        self.mov(block + 1, args_base, kinds.len() as u8);
        self.push_defer_block(block, record.size(), pos);
    }

    /// `defer f(args)`: the function value and the arguments are evaluated now, into a
    /// record the function's returns run.
    pub(crate) fn defer_stmt(&mut self, call: &Expr, pos: u32) {
        let ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } = &call.unparen().kind
        else {
            self.unsupported(pos, "this deferred call");
            return;
        };
        let spread = ellipsis.is_some();
        let mode = self.info_of(fun).map(|i| i.mode);
        if let Some(Mode::Builtin(b)) = mode {
            self.defer_builtin(b, args, call, pos);
            return;
        }
        if !matches!(mode, Some(Mode::Value | Mode::Variable)) {
            self.unsupported(pos, "this deferred call");
            return;
        }
        if let ExprKind::Selector { x, .. } = &fun.unparen().kind {
            if self.is_method_selection(fun.unparen(), x) {
                self.defer_method(fun.unparen(), x, args, spread, call, pos);
                return;
            }
        }
        let ft = self.type_of(fun);
        let Some(sig) = self.g.info.types.signature(ft).cloned() else {
            return;
        };
        if let Some(obj) = self.g.use_of(fun) {
            if matches!(
                self.g.info.objects[obj.0 as usize].kind,
                ObjKind::Func { native: true, .. }
            ) || self.prints_to_stream(obj, args)
            {
                self.defer_native(obj, &sig, args, spread, call, pos);
                return;
            }
        }
        let Some((block, offsets)) = self.call_block(&[SlotKind::Ref], &sig, 0, pos) else {
            return;
        };
        self.expr_to(fun, block, ft);
        self.args_into(&sig, args, spread, block, &offsets, call);
        let size = 1 + self.params_size(&sig);
        self.push_defer_block(block, size, pos);
    }

    /// `defer panic(v)`, `defer print(...)`, `defer delete(m, k)`, `defer recover()`.
    fn defer_builtin(&mut self, b: Builtin, args: &[Expr], call: &Expr, pos: u32) {
        match b {
            // `recover` runs as if called by the function deferring it: it stops a panic only
            // when that function is itself a deferred call the panic runs.
            Builtin::Recover => {
                let string = self.g.info.types.basic(BasicKind::String);
                self.g.runtime_type(string, pos);
                let code = vec![Instr::Recover { a: 0 }, Instr::Return { a: 0, c: 0 }];
                let f = self.g.builtin_thunk("recover", code, &[], &IFACE);
                self.defer_thunk_call(f, &[], pos);
            }
            Builtin::Print | Builtin::Println => {
                let name = if b == Builtin::Print {
                    "builtin.print"
                } else {
                    "builtin.println"
                };
                let Some(n) = mini_bytecode::natives::native_index(name) else {
                    return;
                };
                let sig = crate::types::Signature {
                    params: [(String::new(), self.g.info.types.empty_interface)].into(),
                    results: [].into(),
                    variadic: true,
                };
                self.defer_native_index(n, &sig, args, false, call, pos);
            }
            Builtin::Panic => {
                let any = self.g.info.types.any;
                let code = vec![Instr::Panic { a: 0 }, Instr::Return { a: 0, c: 0 }];
                let f = self.g.builtin_thunk("panic", code, &IFACE, &[]);
                self.defer_thunk_call(f, &[(&args[0], any)], pos);
            }
            Builtin::Delete => {
                let mt = self.type_of(&args[0]);
                let crate::types::TypeData::Map(kt, _) = self.g.info.types.under(mt).clone() else {
                    return;
                };
                let Some(key) = self.g.layout(kt, pos) else {
                    return;
                };
                let mut params = vec![SlotKind::Ref];
                params.extend(&key.kinds);
                let code = vec![
                    Instr::MapDelete { a: 0, b: 1 },
                    Instr::Return { a: 0, c: 0 },
                ];
                let name = format!("delete {:?}", key.kinds);
                let f = self.g.builtin_thunk(&name, code, &params, &[]);
                self.defer_thunk_call(f, &[(&args[0], mt), (&args[1], kt)], pos);
            }
            Builtin::Close => {
                let ct = self.type_of(&args[0]);
                let code = vec![Instr::ChanClose { a: 0 }, Instr::Return { a: 0, c: 0 }];
                let f = self.g.builtin_thunk("close", code, &[SlotKind::Ref], &[]);
                self.defer_thunk_call(f, &[(&args[0], ct)], pos);
            }
            _ => self.unsupported(pos, &format!("deferring built-in {}", b.name())),
        }
    }

    /// Defers a call of generated function `f` with `args` (evaluated now at their types).
    fn defer_thunk_call(&mut self, f: u32, args: &[(&Expr, TypeId)], pos: u32) {
        let mut kinds = vec![SlotKind::Ref];
        let mut offsets = Vec::new();
        for &(_, t) in args {
            let Some(layout) = self.g.layout(t, pos) else {
                return;
            };
            offsets.push(kinds.len() as u8);
            kinds.extend(layout.kinds);
        }
        let size = kinds.len() as u8;
        let block = self.alloc(&Layout::from(kinds), pos);
        self.emit(Instr::MakeFunc {
            a: block,
            f: f as u16,
        });
        for (&(arg, t), off) in args.iter().zip(offsets) {
            self.expr_to(arg, block + off, t);
        }
        self.push_defer_block(block, size, pos);
    }

    /// Evaluates a condition into a register.
    pub(crate) fn cond(&mut self, c: &Expr) -> u8 {
        let b = self.g.info.types.basic(BasicKind::Bool);
        let r = self.scalar(c.pos());
        self.expr_to(c, r, b);
        r
    }

    fn if_stmt(&mut self, cond: &Expr, then: &Block, els: Option<&Stmt>) {
        let to_else = self.jump_unless(cond, [None, None]);
        self.stmts(&then.stmts);
        if els.is_none() && self.skip_single_instruction(to_else) {
            return;
        }
        match els {
            None => self.patch_here(to_else),
            Some(e) => {
                let to_end = self.jump_placeholder(Instr::Jump { s: 0 });
                self.patch_here(to_else);
                self.stmt(e, None);
                self.patch_here(to_end);
            }
        }
    }

    /// Boxed variables a `:=` statement declares (loop variables captured by closures).
    fn boxed_defs(&self, s: &Stmt) -> Vec<(u8, TypeId)> {
        let Stmt::Assign {
            lhs,
            op: AssignOp::Define,
            ..
        } = s
        else {
            return Vec::new();
        };
        lhs.iter()
            .filter_map(|l| {
                let obj = *self.g.info.defs.get(&l.pos())?;
                let p = *self.boxed.get(&obj)?;
                let ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind else {
                    return None;
                };
                Some((p, typ))
            })
            .collect()
    }

    /// Gives each boxed loop variable a fresh box holding its current value: every
    /// iteration has its own variable (Go 1.22), and the post statement updates the new one.
    fn fresh_boxes(&mut self, vars: &[(u8, TypeId)], pos: u32) {
        for &(p, t) in vars {
            let Some(layout) = self.g.layout(t, pos) else {
                return;
            };
            let tmp = self.alloc(&layout, pos);
            self.read_value(super::places::Place::Ptr(p), tmp, t, pos);
            self.box_value(t, tmp, p, pos);
        }
    }

    fn for_stmt(
        &mut self,
        cond: Option<&Expr>,
        post: Option<&Stmt>,
        body: &Block,
        label: Option<&str>,
        loop_vars: &[(u8, TypeId)],
    ) {
        let pre = cond.map_or([None, None], |c| self.preload_operands(c));
        let top = self.code.len();
        let line = self.line;
        let exit = cond.map(|c| self.jump_unless(c, pre));
        let start = self.code.len();
        self.loop_body(body, label, |b| {
            b.fresh_boxes(loop_vars, body.rbrace);
            let post_at = b.code.len();
            if let Some(p) = post {
                b.stmt(p, None);
            }
            // Rotated: the condition is tested again at the bottom, branching back to the
            // body, so an iteration runs one branch instead of a test, a skipped jump and a
            // jump back.
            match cond.filter(|c| !super::branches::holds_func_literal(c)) {
                Some(c) => {
                    b.line = line;
                    b.loop_while(c, pre, start);
                    b.fuse_increment(post_at);
                }
                None => b.jump_back(top),
            }
        });
        if let Some(x) = exit {
            self.patch_here(x);
        }
    }

    /// Compiles a loop body; `continue` jumps to what `tail` emits, `break` past it.
    pub(crate) fn loop_body(
        &mut self,
        body: &Block,
        label: Option<&str>,
        tail: impl FnOnce(&mut Self),
    ) {
        self.breakables.push(Breakable {
            label: label.map(str::to_string),
            is_loop: true,
            breaks: vec![],
            continues: vec![],
        });
        self.stmts(&body.stmts);
        let b = self.breakables.pop().unwrap_or(Breakable {
            label: None,
            is_loop: true,
            breaks: vec![],
            continues: vec![],
        });
        for c in b.continues {
            self.patch_here(c);
        }
        tail(self);
        for x in b.breaks {
            self.patch_here(x);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn range_stmt(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &Block,
        label: Option<&str>,
        pos: u32,
    ) {
        if super::rangefunc::ranges_over_func(self.g.info, x) {
            self.range_func(key, value, define, x, body, label, pos);
            return;
        }
        let xt = self.type_of(x);
        if self.is_slice(xt) {
            self.range_slice(key, value, define, x, body, label, pos);
            return;
        }
        if self.g.info.types.is_string(xt) {
            self.range_string(key, value, define, x, body, label, pos);
            return;
        }
        if self.is_map(xt) {
            self.range_map(key, value, define, x, body, label, pos);
            return;
        }
        if self.range_array(key, value, define, x, body, label, pos) {
            return;
        }
        if self.is_chan(xt) {
            self.range_chan(key, define, x, body, label, pos);
            return;
        }
        if !self.g.info.types.is_integer(xt) || value.is_some() {
            self.unsupported(pos, "range over strings, maps, channels and functions");
            return;
        }
        let n = self.scalar(x.pos());
        self.expr_to(x, n, xt);
        let i = self.scalar(pos);
        self.emit(Instr::LoadInt { a: i, k: 0 });
        let exit = self.enter_counted(i, n);
        let start = self.code.len();
        // Declared inside the loop: each iteration has its own variable (Go 1.22).
        if define {
            if let Some(k) = key {
                self.define_range_var(k);
            }
        }
        if let Some(k) = key {
            self.store_reg(k, i, 1);
        }
        self.loop_body(body, label, |b| {
            b.close_counted(i, n, start);
        });
        self.patch_here(exit);
    }

    /// `for i, v := range s` over a slice: the slice is evaluated once; each iteration loads
    /// element `i` into a fresh per-iteration variable.
    #[allow(clippy::too_many_arguments)]
    fn range_slice(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &Block,
        label: Option<&str>,
        pos: u32,
    ) {
        let xt = self.type_of(x);
        let Some(elem) = self.elem_of(xt) else { return };
        let Some(layout) = self.g.layout(xt, pos) else {
            return;
        };
        let s = self.alloc(&layout, pos);
        self.expr_to(x, s, xt);
        let i = self.scalar(pos);
        self.emit(Instr::LoadInt { a: i, k: 0 });
        let Some(elem_layout) = self.g.layout(elem, pos) else {
            return;
        };
        let item = self.alloc(&elem_layout, pos);
        let exit = self.enter_counted(i, s + 2);
        let start = self.code.len();
        // Declared inside the loop: each iteration has its own variable (Go 1.22).
        if define {
            for v in [key, value].into_iter().flatten() {
                self.define_range_var(v);
            }
        }
        if let Some(k) = key {
            self.store_reg(k, i, 1);
        }
        if let Some(v) = value {
            self.load_elem_regs(item, s, i, elem, pos);
            self.store_reg(v, item, elem_layout.size());
        }
        self.loop_body(body, label, |b| {
            b.close_counted(i, s + 2, start);
        });
        self.patch_here(exit);
    }

    /// `for i, r := range s` over a string: runes decoded as Go does (U+FFFD, width 1 for
    /// invalid UTF-8).
    #[allow(clippy::too_many_arguments)]
    fn range_string(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &Block,
        label: Option<&str>,
        pos: u32,
    ) {
        let xt = self.type_of(x);
        let Some(layout) = self.g.layout(xt, pos) else {
            return;
        };
        let s = self.alloc(&layout, pos);
        self.expr_to(x, s, xt);
        let n = self.scalar(pos);
        self.emit(Instr::StrLen { a: n, b: s });
        let i = self.scalar(pos);
        self.emit(Instr::LoadInt { a: i, k: 0 });
        let rune = self.alloc(
            &super::layout::Layout::of(&[mini_bytecode::SlotKind::Scalar; 2]),
            pos,
        );
        let exit = self.enter_counted(i, n);
        let start = self.code.len();
        // Declared inside the loop: each iteration has its own variable (Go 1.22).
        if define {
            for v in [key, value].into_iter().flatten() {
                self.define_range_var(v);
            }
        }
        self.emit(Instr::DecodeRune {
            a: rune,
            b: s,
            c: i,
        });
        if let Some(k) = key {
            self.store_reg(k, i, 1);
        }
        if let Some(v) = value {
            self.store_reg(v, rune, 1);
        }
        self.loop_body(body, label, |b| {
            b.emit(Instr::AddInt {
                a: i,
                b: i,
                c: rune + 1,
            });
            b.close_loop(Instr::SkipIfLtInt { a: i, b: n }, start);
        });
        self.patch_here(exit);
    }

    pub(crate) fn define_range_var(&mut self, k: &Expr) {
        if is_blank(k) {
            return;
        }
        let Some(&obj) = self.g.info.defs.get(&k.pos()) else {
            return;
        };
        let ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind else {
            return;
        };
        self.declare_local(obj, typ, k.pos());
    }

    /// An expression switch: compare the tag with each case in order; `fallthrough` continues
    /// into the next clause's body.
    fn switch_stmt(
        &mut self,
        tag: Option<&Expr>,
        clauses: &[CaseClause],
        label: Option<&str>,
        pos: u32,
    ) {
        let bool_t = self.g.info.types.basic(BasicKind::Bool);
        let tag_t = tag.map_or(bool_t, |t| self.type_of(t));
        let tag_reg = tag.map(|t| {
            let Some(layout) = self.g.layout(tag_t, t.pos()) else {
                return 0;
            };
            let r = self.alloc(&layout, t.pos());
            self.expr_to(t, r, tag_t);
            r
        });
        self.push_breakable(label);
        let mut body_jumps: Vec<Vec<usize>> = Vec::new();
        let c = self.scalar(pos);
        for clause in clauses {
            let mut jumps = Vec::new();
            for e in clause.exprs.iter().flatten() {
                self.case_test(tag, tag_reg, tag_t, e, c);
                jumps.push(self.jump_placeholder(Instr::JumpIf { a: c, s: 0 }));
            }
            body_jumps.push(jumps);
        }
        let default_jump = self.jump_placeholder(Instr::Jump { s: 0 });
        let mut ends = Vec::new();
        let mut falls: Option<usize> = None;
        let mut default_start = None;
        for (clause, jumps) in clauses.iter().zip(body_jumps) {
            for j in jumps {
                self.patch_here(j);
            }
            if let Some(f) = falls.take() {
                self.patch_here(f);
            }
            if clause.exprs.is_none() {
                default_start = Some(self.code.len());
            }
            self.stmts(&clause.body);
            if matches!(clause.body.last(), Some(Stmt::Fallthrough { .. })) {
                falls = Some(self.jump_placeholder(Instr::Jump { s: 0 }));
            } else {
                ends.push(self.jump_placeholder(Instr::Jump { s: 0 }));
            }
        }
        match default_start {
            Some(d) => self.patch(default_jump, d),
            None => self.patch_here(default_jump),
        }
        for e in ends.into_iter().chain(falls) {
            self.patch_here(e);
        }
        self.pop_breakable();
    }

    /// A label here: earlier `goto`s to it jump here.
    fn place_label(&mut self, name: &str) {
        let here = self.code.len();
        self.labels.insert(name.to_string(), here);
        let (to_here, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.gotos)
            .into_iter()
            .partition(|(l, _)| l == name);
        self.gotos = rest;
        for (_, j) in to_here {
            self.patch(j, here);
        }
    }

    /// `goto label`: a jump back to an emitted label, or one patched when it is emitted.
    pub(crate) fn goto(&mut self, name: &str, pos: u32) {
        if self.range_goto(name, pos) {
            return;
        }
        let j = self.jump_placeholder(Instr::Jump { s: 0 });
        match self.labels.get(name) {
            Some(&target) => self.patch(j, target),
            None => self.gotos.push((name.to_string(), j)),
        }
    }

    /// Opens a statement that `break` leaves (a switch).
    pub(crate) fn push_breakable(&mut self, label: Option<&str>) {
        self.breakables.push(Breakable {
            label: label.map(str::to_string),
            is_loop: false,
            breaks: vec![],
            continues: vec![],
        });
    }

    /// Closes the innermost breakable statement: its `break`s jump here.
    pub(crate) fn pop_breakable(&mut self) {
        if let Some(b) = self.breakables.pop() {
            for x in b.breaks {
                self.patch_here(x);
            }
        }
    }

    fn case_test(
        &mut self,
        tag: Option<&Expr>,
        tag_reg: Option<u8>,
        tag_t: TypeId,
        e: &Expr,
        c: u8,
    ) {
        let Some(tr) = tag_reg.filter(|_| tag.is_some()) else {
            let b = self.g.info.types.basic(BasicKind::Bool);
            self.expr_to(e, c, b);
            return;
        };
        let Some(layout) = self.g.layout(tag_t, e.pos()) else {
            return;
        };
        let saved = self.top;
        let v = self.alloc(&layout, e.pos());
        self.expr_to(e, v, tag_t);
        let eq = crate::ast::BinaryOp::Eq;
        let synthetic = Expr {
            id: e.id,
            span: e.span,
            kind: ExprKind::Bad,
        };
        self.binary_regs(eq, tag_t, tag_t, tr, v, c, &synthetic);
        self.top = saved;
    }

    pub(crate) fn branch(&mut self, label: Option<&Ident>, is_break: bool, pos: u32) {
        let target = self.breakables.iter().rposition(|b| match label {
            Some(l) => b.label.as_deref() == Some(l.name.as_str()),
            None => is_break || b.is_loop,
        });
        let Some(i) = target else {
            if !self.range_branch(label.map(|l| l.name.as_str()), is_break, pos) {
                self.unsupported(pos, "this branch");
            }
            return;
        };
        let j = self.jump_placeholder(Instr::Jump { s: 0 });
        if is_break {
            self.breakables[i].breaks.push(j);
        } else {
            self.breakables[i].continues.push(j);
        }
    }
}

/// The map operand of `m[k]`.
fn map_of(l: &Expr) -> Option<&Expr> {
    match &l.unparen().kind {
        ExprKind::Index { x, .. } => Some(x),
        _ => None,
    }
}

/// Where a value of an assignment goes, its operands already evaluated.
#[derive(Clone, Copy)]
enum Target {
    /// `m[k]`: the map and key block registers.
    Map(u8, u8),
    Place(super::places::Place),
    /// A variable (or `_`), stored by name.
    Variable,
}

pub(crate) fn is_blank(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Ident(n) if n == "_")
}

fn ident_expr(n: &Ident) -> Expr {
    Expr {
        id: crate::ast::ExprId(u32::MAX),
        span: crate::ast::Span::new(n.pos, n.end()),
        kind: ExprKind::Ident(n.name.clone()),
    }
}
