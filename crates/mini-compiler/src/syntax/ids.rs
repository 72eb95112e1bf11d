//! Renumbers expression ids densely after parsing. Grammar actions number nodes as they build
//! them, but some nodes are rebuilt or dropped (a parameter name parsed as a type, the
//! `x.(type)` guard of a type switch), which leaves gaps.

use crate::ast::*;

/// Gives every expression in `file` a fresh id, children before parents in source order, and
/// sets `expr_count`.
pub fn renumber(file: &mut File) {
    let mut n = Numberer(0);
    for d in &mut file.decls {
        n.decl(d);
    }
    file.expr_count = n.0;
}

struct Numberer(u32);

impl Numberer {
    fn decl(&mut self, d: &mut Decl) {
        match d {
            Decl::Const(g) => {
                for s in &mut g.specs {
                    self.opt(&mut s.typ);
                    self.exprs(&mut s.values);
                }
            }
            Decl::Var(specs) => {
                for s in specs {
                    self.opt(&mut s.typ);
                    self.exprs(&mut s.values);
                }
            }
            Decl::Type(specs) => {
                for s in specs {
                    self.tparams(&mut s.tparams);
                    self.expr(&mut s.typ);
                }
            }
            Decl::Func(f) => {
                if let Some(r) = &mut f.recv {
                    self.field(r);
                }
                self.tparams(&mut f.tparams);
                self.sig(&mut f.sig);
                if let Some(b) = &mut f.body {
                    self.block(b);
                }
            }
        }
    }

    fn tparams(&mut self, groups: &mut [TypeParamGroup]) {
        for g in groups {
            self.expr(&mut g.constraint);
        }
    }

    fn sig(&mut self, sig: &mut FuncType) {
        for f in sig.params.iter_mut().chain(&mut sig.results) {
            self.field(f);
        }
    }

    fn field(&mut self, f: &mut Field) {
        self.expr(&mut f.typ);
    }

    fn block(&mut self, b: &mut Block) {
        self.stmts(&mut b.stmts);
    }

    fn stmts(&mut self, stmts: &mut [Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn opt_stmt(&mut self, s: &mut Option<Box<Stmt>>) {
        if let Some(s) = s {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &mut Stmt) {
        match s {
            Stmt::Empty(_) | Stmt::Break { .. } | Stmt::Continue { .. } => {}
            Stmt::Goto { .. } | Stmt::Fallthrough { .. } => {}
            Stmt::Expr(e) | Stmt::Go { call: e, .. } | Stmt::Defer { call: e, .. } => self.expr(e),
            Stmt::Send { ch, value, .. } => {
                self.expr(ch);
                self.expr(value);
            }
            Stmt::IncDec { x, .. } => self.expr(x),
            Stmt::Assign { lhs, rhs, .. } => {
                self.exprs(lhs);
                self.exprs(rhs);
            }
            Stmt::Decl(d) => self.decl(d),
            Stmt::Return { results, .. } => self.exprs(results),
            Stmt::Block(b) => self.block(b),
            Stmt::If {
                init,
                cond,
                then,
                els,
                ..
            } => {
                self.opt_stmt(init);
                self.expr(cond);
                self.block(then);
                self.opt_stmt(els);
            }
            Stmt::Switch {
                init, tag, clauses, ..
            } => {
                self.opt_stmt(init);
                self.opt(tag);
                self.cases(clauses);
            }
            Stmt::TypeSwitch {
                init, x, clauses, ..
            } => {
                self.opt_stmt(init);
                self.expr(x);
                self.cases(clauses);
            }
            Stmt::Select { clauses, .. } => {
                for c in clauses {
                    self.opt_stmt(&mut c.comm);
                    self.stmts(&mut c.body);
                }
            }
            Stmt::For {
                init,
                cond,
                post,
                body,
                ..
            } => {
                self.opt_stmt(init);
                self.opt(cond);
                self.opt_stmt(post);
                self.block(body);
            }
            Stmt::Range {
                key,
                value,
                x,
                body,
                ..
            } => {
                self.opt_box(key);
                self.opt_box(value);
                self.expr(x);
                self.block(body);
            }
            Stmt::Labeled { stmt, .. } => self.stmt(stmt),
        }
    }

    fn cases(&mut self, clauses: &mut [CaseClause]) {
        for c in clauses {
            if let Some(es) = &mut c.exprs {
                self.exprs(es);
            }
            self.stmts(&mut c.body);
        }
    }

    fn exprs(&mut self, es: &mut [Expr]) {
        for e in es {
            self.expr(e);
        }
    }

    fn opt(&mut self, e: &mut Option<Expr>) {
        if let Some(e) = e {
            self.expr(e);
        }
    }

    fn opt_box(&mut self, e: &mut Option<Box<Expr>>) {
        if let Some(e) = e {
            self.expr(e);
        }
    }

    fn expr(&mut self, e: &mut Expr) {
        self.children(&mut e.kind);
        e.id = ExprId(self.0);
        self.0 += 1;
    }

    fn children(&mut self, kind: &mut ExprKind) {
        match kind {
            ExprKind::Ident(_) | ExprKind::BasicLit { .. } | ExprKind::Bad => {}
            ExprKind::CompositeLit { typ, elems, .. } => {
                self.opt_box(typ);
                for el in elems {
                    self.opt_box(&mut el.key);
                    self.expr(&mut el.value);
                }
            }
            ExprKind::FuncLit { sig, body } => {
                self.sig(sig);
                self.block(body);
            }
            ExprKind::Paren(x)
            | ExprKind::Selector { x, .. }
            | ExprKind::Unary { x, .. }
            | ExprKind::SliceType { elem: x }
            | ExprKind::ChanType { elem: x, .. } => self.expr(x),
            ExprKind::Index { x, indices, .. } => {
                self.expr(x);
                self.exprs(indices);
            }
            ExprKind::Slice { x, lo, hi, max, .. } => {
                self.expr(x);
                self.opt_box(lo);
                self.opt_box(hi);
                self.opt_box(max);
            }
            ExprKind::TypeAssert { x, typ, .. } => {
                self.expr(x);
                self.opt_box(typ);
            }
            ExprKind::Call { fun, args, .. } => {
                self.expr(fun);
                self.exprs(args);
            }
            ExprKind::Binary { x, y, .. } | ExprKind::MapType { key: x, value: y } => {
                self.expr(x);
                self.expr(y);
            }
            ExprKind::ArrayType { len, elem } => {
                self.opt_box(len);
                self.expr(elem);
            }
            ExprKind::FuncType(sig) => self.sig(sig),
            ExprKind::StructType { fields } => {
                for f in fields {
                    self.field(f);
                }
            }
            ExprKind::InterfaceType { elems } => self.interface(elems),
            ExprKind::Ellipsis { elem } => self.opt_box(elem),
        }
    }

    fn interface(&mut self, elems: &mut [InterfaceElem]) {
        for el in elems {
            match el {
                InterfaceElem::Method { sig, .. } => self.sig(sig),
                InterfaceElem::Embed(terms) => {
                    for t in terms {
                        self.expr(&mut t.typ);
                    }
                }
            }
        }
    }
}
