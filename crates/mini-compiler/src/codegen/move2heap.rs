//! Go 1.27's `move2heap` rewrite (`cmd/compile/internal/slice`): which slice variables of a
//! function may build their backing array in the frame even though they escape, because the
//! only way they escape is one statement (a `return s`, an `x = s`, a `range s`) before which
//! the compiler copies them to the heap.
//!
//! A local slice variable qualifies when every mention of it is one the pass understands
//! (`s = append(s, ...)`, `s = s[i:j]`, `s = nil`, `s = []T{...}`, `s[i]`, `len(s)`,
//! `cap(s)`, passing `s` to a function that does not leak it, and the one escaping statement,
//! which must not sit deeper in loops than the declaration), and its appends carry weight of
//! at least two (an append in a loop counts more). Then:
//!
//! - when the program never looks at the capacity (`cap`, reslicing, literals, calls), the
//!   first append takes the 32-byte frame buffer as for a slice that does not escape, and the
//!   move to the heap gives the copy the next size class above its length as its capacity;
//! - otherwise every growth that fits in the buffer reuses it with the next size class above
//!   the new length as capacity (so capacities walk up the size classes), and the move keeps
//!   the capacity.
//!
//! The walk mirrors Go's visitor: a use is counted at every mention of the variable, and an
//! understood pattern counts the mentions it explains.

use hashbrown::HashMap;

use crate::ast::{Block, Decl, Expr, ExprId, ExprKind, Field, Pos, Stmt, UnaryOp};
use crate::check::{Builtin, Info, ObjId, ObjKind};
use crate::types::TypeData;

/// What the pass decided for one slice variable.
pub(crate) struct Moved {
    pub var: ObjId,
    /// Where the copy to the heap goes (before this statement).
    pub transition: Pos,
    /// The program looks at the capacity: growths walk up the size classes in the buffer
    /// and the move keeps the capacity.
    pub keep_cap: bool,
    /// The variable's `append` sites.
    pub appends: Vec<ExprId>,
}

#[derive(Default)]
struct Tracked {
    ok: u32,
    all: u32,
    transition: Option<Pos>,
    appends: Vec<ExprId>,
    weight: i32,
    decl_depth: i32,
    cap_used: bool,
    dead: bool,
}

/// The pass over one function body.
pub(crate) struct SlicePass<'a> {
    info: &'a Info,
    /// Whether each parameter of the program's functions leaks (Go's escape tags).
    leaks: &'a HashMap<ObjId, Vec<bool>>,
    vars: HashMap<ObjId, Tracked>,
    named_results: Vec<ObjId>,
    depth: i32,
}

impl<'a> SlicePass<'a> {
    /// Runs the pass over a function with parameters `params`, results `results` and body
    /// `body`.
    pub fn run(
        info: &'a Info,
        leaks: &'a HashMap<ObjId, Vec<bool>>,
        params: &[Field],
        results: &[Field],
        body: &[Stmt],
    ) -> Vec<Moved> {
        let mut p = SlicePass {
            info,
            leaks,
            vars: HashMap::new(),
            named_results: Vec::new(),
            depth: 0,
        };
        for n in params.iter().flat_map(|f| &f.names) {
            p.declare(n.pos);
        }
        for n in results.iter().flat_map(|f| &f.names) {
            if let Some(obj) = p.declare(n.pos) {
                p.named_results.push(obj);
            }
        }
        body.iter().for_each(|s| p.stmt(s));
        let mut out: Vec<Moved> = p
            .vars
            .into_iter()
            .filter_map(|(var, t)| {
                let ok = !t.dead && t.ok == t.all && t.weight >= 2;
                Some(Moved {
                    var,
                    transition: t.transition.filter(|_| ok)?,
                    keep_cap: t.cap_used,
                    appends: t.appends,
                })
            })
            .collect();
        out.sort_by_key(|m| m.var.0);
        out
    }

    /// Starts tracking the variable declared at `pos` if it is a slice of small elements.
    fn declare(&mut self, pos: Pos) -> Option<ObjId> {
        let &obj = self.info.defs.get(&pos)?;
        let ObjKind::Var { typ, .. } = self.info.objects[obj.0 as usize].kind else {
            return None;
        };
        let TypeData::Slice(elem) = self.info.types.under(typ) else {
            return None;
        };
        if crate::escape::type_bytes(&self.info.types, *elem) > 32 {
            return None;
        }
        self.vars.insert(
            obj,
            Tracked {
                decl_depth: self.depth,
                ..Tracked::default()
            },
        );
        Some(obj)
    }

    fn note(&mut self, obj: ObjId, f: impl FnOnce(&mut Tracked)) {
        if let Some(t) = self.vars.get_mut(&obj) {
            f(t);
        }
    }

    /// The tracked variable `e` names.
    fn tracked(&mut self, e: &Expr) -> Option<&mut Tracked> {
        let e = e.unparen();
        if !matches!(e.kind, ExprKind::Ident(_)) {
            return None;
        }
        let obj = self
            .info
            .uses
            .get(&e.id)
            .or_else(|| self.info.defs.get(&e.pos()))?;
        self.vars.get_mut(obj).filter(|t| !t.dead)
    }

    fn tracked_obj(&self, e: &Expr) -> Option<ObjId> {
        let e = e.unparen();
        if !matches!(e.kind, ExprKind::Ident(_)) {
            return None;
        }
        let obj = *self
            .info
            .uses
            .get(&e.id)
            .or_else(|| self.info.defs.get(&e.pos()))?;
        self.vars.get(&obj).filter(|t| !t.dead).map(|_| obj)
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Expr(e) | Stmt::IncDec { x: e, .. } => self.expr(e),
            Stmt::Send { ch, value, .. } => {
                self.expr(ch);
                self.expr(value);
            }
            Stmt::Go { call, .. } | Stmt::Defer { call, .. } => self.expr(call),
            Stmt::Assign { lhs, op, rhs, pos } => self.assign_stmt(lhs, op, rhs, *pos),
            Stmt::Decl(d) => {
                if let Decl::Var(specs) = &**d {
                    for spec in specs {
                        spec.values.iter().for_each(|v| self.expr(v));
                        for (i, n) in spec.names.iter().enumerate() {
                            let Some(obj) = self.declare(n.pos) else {
                                continue;
                            };
                            match spec.values.get(i) {
                                Some(v) if spec.values.len() == spec.names.len() => {
                                    self.assign_to(obj, v)
                                }
                                Some(_) => self.note(obj, |t| t.all += 1),
                                None => {}
                            }
                        }
                    }
                }
            }
            Stmt::Return { results, pos } => self.return_stmt(results, *pos),
            Stmt::Block(b) => b.stmts.iter().for_each(|s| self.stmt(s)),
            Stmt::If {
                init,
                cond,
                then,
                els,
                ..
            } => {
                init.iter().for_each(|s| self.stmt(s));
                self.expr(cond);
                then.stmts.iter().for_each(|s| self.stmt(s));
                els.iter().for_each(|s| self.stmt(s));
            }
            Stmt::Switch {
                init, tag, clauses, ..
            } => {
                init.iter().for_each(|s| self.stmt(s));
                tag.iter().for_each(|e| self.expr(e));
                for c in clauses {
                    c.exprs.iter().flatten().for_each(|e| self.expr(e));
                    c.body.iter().for_each(|s| self.stmt(s));
                }
            }
            Stmt::TypeSwitch {
                init, x, clauses, ..
            } => {
                init.iter().for_each(|s| self.stmt(s));
                self.expr(x);
                clauses
                    .iter()
                    .flat_map(|c| &c.body)
                    .for_each(|s| self.stmt(s));
            }
            Stmt::Select { clauses, .. } => {
                for c in clauses {
                    c.comm.iter().for_each(|s| self.stmt(s));
                    c.body.iter().for_each(|s| self.stmt(s));
                }
            }
            Stmt::For {
                init,
                cond,
                post,
                body,
                ..
            } => {
                self.depth += 1;
                init.iter().chain(post).for_each(|s| self.stmt(s));
                cond.iter().for_each(|e| self.expr(e));
                body.stmts.iter().for_each(|s| self.stmt(s));
                self.depth -= 1;
            }
            Stmt::Range {
                key,
                value,
                x,
                body,
                pos,
                ..
            } => {
                key.iter().chain(value).for_each(|e| self.expr(e));
                self.expr(x);
                if let Some(obj) = self.tracked_obj(x) {
                    // A range keeps a pointer to the backing array.
                    self.note(obj, |t| t.ok += 1);
                    self.transition(obj, *pos);
                }
                self.depth += 1;
                body.stmts.iter().for_each(|s| self.stmt(s));
                self.depth -= 1;
            }
            Stmt::Labeled { stmt, .. } => self.stmt(stmt),
            _ => {}
        }
    }

    fn assign_stmt(&mut self, lhs: &[Expr], op: &crate::ast::AssignOp, rhs: &[Expr], pos: Pos) {
        use crate::ast::AssignOp;
        if *op == AssignOp::Define {
            for l in lhs {
                if !self.info.uses.contains_key(&l.id) {
                    self.declare(l.pos());
                }
            }
        }
        lhs.iter().chain(rhs).for_each(|e| self.expr(e));
        if !matches!(op, AssignOp::Assign | AssignOp::Define) || lhs.len() != rhs.len() {
            return;
        }
        for (l, r) in lhs.iter().zip(rhs) {
            if let Some(obj) = self.tracked_obj(l) {
                self.assign_to(obj, r);
            }
            if let Some(obj) = self.tracked_obj(r) {
                // `... = s`: the slice is no longer the only reference to its array.
                self.note(obj, |t| t.ok += 1);
                self.transition(obj, pos);
            }
        }
    }

    /// `s = r` for the tracked `s`: the patterns that keep `s` the only reference to its
    /// backing array.
    fn assign_to(&mut self, obj: ObjId, r: &Expr) {
        let r = r.unparen();
        let same = self.tracked_obj_in(r);
        let depth = self.depth;
        let is_nil = matches!(r.kind, ExprKind::Ident(_))
            && self
                .info
                .uses
                .get(&r.id)
                .is_some_and(|o| matches!(self.info.objects[o.0 as usize].kind, ObjKind::Nil));
        let Some(t) = self.vars.get_mut(&obj) else {
            return;
        };
        match &r.kind {
            _ if is_nil => t.ok += 1,
            ExprKind::CompositeLit { .. } => {
                t.ok += 1;
                t.cap_used = true;
            }
            ExprKind::Slice { .. } if same == Some(obj) => {
                t.ok += 2;
                t.cap_used = true;
            }
            ExprKind::Call { .. } if same == Some(obj) => {
                t.ok += 2;
                t.appends.push(r.id);
                t.weight += 1 + (depth - t.decl_depth);
            }
            _ => {}
        }
    }

    /// For `s[i:j]` and `append(s, ...)`: the tracked variable `s` names.
    fn tracked_obj_in(&self, r: &Expr) -> Option<ObjId> {
        match &r.kind {
            ExprKind::Slice { x, .. } => self.tracked_obj(x),
            ExprKind::Call { fun, args, .. } if self.builtin(fun) == Some(Builtin::Append) => {
                self.tracked_obj(args.first()?)
            }
            _ => None,
        }
    }

    fn return_stmt(&mut self, results: &[Expr], pos: Pos) {
        results.iter().for_each(|e| self.expr(e));
        for r in results {
            if let Some(obj) = self.tracked_obj(r) {
                self.note(obj, |t| t.ok += 1);
                self.transition(obj, pos);
            }
        }
        if results.is_empty() {
            for obj in self.named_results.clone() {
                if self.vars.get(&obj).is_some_and(|t| !t.dead) {
                    self.transition(obj, pos);
                }
            }
        }
    }

    /// The one place `obj` stops being the only reference to its array.
    fn transition(&mut self, obj: ObjId, pos: Pos) {
        let depth = self.depth;
        let Some(t) = self.vars.get_mut(&obj) else {
            return;
        };
        if t.transition.is_some() || depth > t.decl_depth {
            t.dead = true;
            return;
        }
        t.transition = Some(pos);
    }

    fn builtin(&self, fun: &Expr) -> Option<Builtin> {
        let obj = self.info.uses.get(&fun.unparen().id)?;
        match self.info.objects[obj.0 as usize].kind {
            ObjKind::Builtin(b) => Some(b),
            _ => None,
        }
    }

    /// Go's visitor on an expression: the node, then its children.
    fn expr(&mut self, e: &Expr) {
        self.node(e);
        match &e.kind {
            ExprKind::CompositeLit { elems, .. } => {
                for el in elems {
                    el.key.iter().for_each(|k| self.expr(k));
                    self.expr(&el.value);
                }
            }
            ExprKind::FuncLit { body, .. } => self.captured(body),
            ExprKind::Paren(x)
            | ExprKind::Selector { x, .. }
            | ExprKind::Unary { x, .. }
            | ExprKind::TypeAssert { x, .. } => self.expr(x),
            ExprKind::Index { x, indices, .. } => {
                self.expr(x);
                indices.iter().for_each(|i| self.expr(i));
            }
            ExprKind::Slice { x, lo, hi, max, .. } => {
                self.expr(x);
                [lo, hi, max]
                    .into_iter()
                    .flatten()
                    .for_each(|b| self.expr(b));
            }
            ExprKind::Call { fun, args, .. } => {
                self.expr(fun);
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Binary { x, y, .. } => {
                self.expr(x);
                self.expr(y);
            }
            _ => {}
        }
    }

    /// The patterns Go understands at one node.
    fn node(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Ident(_) => {
                if let Some(t) = self.tracked(e) {
                    t.all += 1;
                }
            }
            ExprKind::Index { x, .. } => {
                if let Some(t) = self.tracked(x) {
                    t.ok += 1;
                }
            }
            ExprKind::Unary {
                op: UnaryOp::Addr,
                x,
            } => self.address_of(x),
            ExprKind::Call { fun, args, .. } => self.call(fun, args),
            _ => {}
        }
    }

    fn call(&mut self, fun: &Expr, args: &[Expr]) {
        match self.builtin(fun) {
            Some(b @ (Builtin::Len | Builtin::Cap)) => {
                if let Some(t) = args.first().and_then(|a| self.tracked(a)) {
                    t.ok += 1;
                    t.cap_used |= b == Builtin::Cap;
                }
            }
            Some(_) => {}
            None => {
                // Only direct calls of the program's functions have known escape tags.
                let fun = fun.unparen();
                if !matches!(fun.kind, ExprKind::Ident(_)) {
                    return;
                }
                let Some(callee) = self.info.uses.get(&fun.id).copied() else {
                    return;
                };
                let leaks = self.leaks.get(&callee).cloned().unwrap_or_default();
                for (i, a) in args.iter().enumerate() {
                    let leaks = leaks.get(i).copied().unwrap_or(true);
                    if let Some(t) = self.tracked(a).filter(|_| !leaks) {
                        t.ok += 1;
                        t.cap_used = true;
                    }
                }
            }
        }
    }

    /// `&x`: taking the address of an element of a tracked slice ends its tracking.
    fn address_of(&mut self, mut x: &Expr) {
        loop {
            x = x.unparen();
            match &x.kind {
                ExprKind::Selector { x: inner, .. } => x = inner,
                ExprKind::Index { x: inner, .. } => {
                    if let Some(t) = self.tracked(inner) {
                        t.dead = true;
                        return;
                    }
                    let is_array = self
                        .info
                        .exprs
                        .get(inner.id.0 as usize)
                        .and_then(|i| i.as_ref())
                        .is_some_and(|i| {
                            matches!(self.info.types.under(i.typ), TypeData::Array(..))
                        });
                    if !is_array {
                        return;
                    }
                    x = inner;
                }
                _ => return,
            }
        }
    }

    /// A function literal's mentions of tracked variables (it captures them).
    fn captured(&mut self, body: &Block) {
        let mut mentioned = Vec::new();
        for s in &body.stmts {
            super::walk::each_expr_in_stmt(s, &mut |e| {
                if let Some(obj) = self.tracked_obj(e) {
                    mentioned.push(obj);
                }
            });
        }
        for obj in mentioned {
            self.note(obj, |t| t.all += 1);
        }
    }
}
