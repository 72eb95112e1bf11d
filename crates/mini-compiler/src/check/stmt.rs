//! Statements and function bodies: scopes, short variable declarations, control flow, labels,
//! `missing return` (Go's terminating-statement rules) and `declared and not used`.

use super::decl::DelayedBody;
use super::exprstr::OpText;
use super::scope::{ObjId, ObjKind, ScopeId};
use super::{Checker, Mode, Operand};
use crate::ast::{self, AssignOp, Block, Expr, ExprKind, Ident, Stmt};
use crate::constant::Value;
use crate::types::{BasicKind, ChanDir, TypeData, TypeId, INVALID};

/// The function whose body is being checked.
pub(crate) struct FuncCtx {
    pub results: Vec<(String, TypeId)>,
    /// Result variables when the results are named.
    pub result_objs: Vec<ObjId>,
    /// Scope holding parameters and named results.
    pub scope: ScopeId,
    /// Local variables declared in this function (not in nested function literals).
    pub locals: Vec<ObjId>,
    /// Type-switch symbols, reported as `v declared and not used`.
    pub switch_vars: Vec<ObjId>,
    pub labels: Vec<LabelInfo>,
}

pub(crate) struct LabelInfo {
    pub name: String,
    pub pos: u32,
    pub used: bool,
}

/// What encloses a statement, for break/continue/fallthrough.
#[derive(Clone, Default)]
struct StmtCtx {
    in_loop: bool,
    in_breakable: bool,
    /// Labels of the enclosing statements: (name, is loop).
    enclosing_labels: Vec<(String, bool)>,
    /// The label of the statement being checked, if it is labeled.
    pending_label: Option<String>,
    fallthrough_ok: bool,
    in_type_switch_clause: bool,
    final_case: bool,
}

impl<'a> Checker<'a> {
    pub(crate) fn func_body(&mut self, b: DelayedBody<'a>) {
        let Some(body) = &b.decl.body else { return };
        let recv = b.recv.clone();
        // An instance of a generic body with errors reports nothing more of its own.
        let quiet = b.generic || self.broken_generics.contains(&b.decl.pos);
        let saved = std::mem::replace(&mut self.lenient, quiet);
        let before = self.errors.len();
        self.check_func_body(b.scope, b.sig, recv, &b.params, body, false);
        if b.generic && self.errors.len() > before {
            self.broken_generics.insert(b.decl.pos);
        }
        self.lenient = saved;
    }

    /// Checks a function body in a new scope holding the receiver, parameters and results.
    pub(crate) fn check_func_body(
        &mut self,
        outer: ScopeId,
        sig: TypeId,
        recv: Option<(Ident, TypeId)>,
        params: &[(Ident, TypeId, bool)],
        body: &Block,
        _is_lit: bool,
    ) {
        let scope = self.new_scope(Some(outer));
        let results = self
            .types
            .signature(sig)
            .map(|s| s.results.to_vec())
            .unwrap_or_default();
        let mut ctx = FuncCtx {
            results,
            result_objs: Vec::new(),
            scope,
            locals: Vec::new(),
            switch_vars: Vec::new(),
            labels: Vec::new(),
        };
        if let Some((n, t)) = recv {
            let o = self.param_object(&n, t);
            self.declare(scope, o);
        }
        for (n, t, is_result) in params {
            let o = self.param_object(n, *t);
            self.declare(scope, o);
            if *is_result {
                ctx.result_objs.push(o);
            }
        }
        collect_labels(&body.stmts, &mut ctx.labels, self);
        self.funcs.push(ctx);
        let sctx = StmtCtx::default();
        self.stmt_list(scope, &body.stmts, &sctx);
        let ctx = self.funcs.pop().expect("pushed above");
        if !ctx.results.is_empty() && !self.is_terminating_list(&body.stmts, None) {
            self.error(body.rbrace, "missing return");
        }
        self.check_gotos(body);
        for l in &ctx.labels {
            if !l.used {
                self.error(l.pos, format!("label {} defined and not used", l.name));
            }
        }
        self.report_unused(&ctx);
    }

    fn param_object(&mut self, n: &Ident, t: TypeId) -> ObjId {
        let o = self.new_object(
            &n.name,
            n.pos,
            ObjKind::Var {
                typ: t,
                used: true,
                global: false,
                param: true,
            },
        );
        self.defs.insert(n.pos, o);
        o
    }

    fn report_unused(&mut self, ctx: &FuncCtx) {
        let mut unused: Vec<(u32, String, bool)> = Vec::new();
        for &o in ctx.locals.iter().chain(&ctx.switch_vars) {
            let obj = self.obj(o);
            if let ObjKind::Var { used: false, .. } = obj.kind {
                if obj.name != "_" {
                    unused.push((obj.pos, obj.name.clone(), ctx.switch_vars.contains(&o)));
                }
            }
        }
        unused.sort();
        for (pos, name, switch_var) in unused {
            if switch_var {
                self.error(pos, format!("{name} declared and not used"));
            } else {
                self.error(pos, format!("declared and not used: {name}"));
            }
        }
    }

    /// Declares a new local variable in `scope`.
    fn local_var(&mut self, n: &Ident, t: TypeId) -> ObjId {
        let o = self.new_object(
            &n.name,
            n.pos,
            ObjKind::Var {
                typ: t,
                used: false,
                global: false,
                param: false,
            },
        );
        self.defs.insert(n.pos, o);
        if let Some(f) = self.funcs.last_mut() {
            f.locals.push(o);
        }
        o
    }

    fn stmt_list(&mut self, scope: ScopeId, stmts: &[Stmt], ctx: &StmtCtx) {
        let n = stmts.len();
        for (i, s) in stmts.iter().enumerate() {
            let mut c = ctx.clone();
            c.fallthrough_ok = ctx.fallthrough_ok && i + 1 == n;
            self.stmt(scope, s, &c);
        }
    }

    fn block(&mut self, scope: ScopeId, b: &Block, ctx: &StmtCtx) {
        let inner = self.new_scope(Some(scope));
        let mut c = ctx.clone();
        c.fallthrough_ok = false;
        c.pending_label = None;
        self.stmt_list(inner, &b.stmts, &c);
    }

    fn stmt(&mut self, scope: ScopeId, s: &Stmt, ctx: &StmtCtx) {
        let mut inner = ctx.clone();
        if !matches!(s, Stmt::Labeled { .. }) {
            inner.pending_label = None;
        }
        if !matches!(s, Stmt::Fallthrough { .. }) {
            inner.fallthrough_ok = false;
        }
        match s {
            Stmt::Empty(_) => {}
            Stmt::Expr(e) => self.expr_stmt(scope, e),
            Stmt::Send { ch, value, .. } => self.send_stmt(scope, ch, value),
            Stmt::IncDec { x, inc, pos } => self.inc_dec(scope, x, *inc, *pos),
            Stmt::Assign { lhs, op, rhs, pos } => self.assign(scope, lhs, *op, rhs, *pos),
            Stmt::Decl(d) => self.local_decl(scope, d),
            Stmt::Go { call, .. } => self.go_defer(scope, call, "go"),
            Stmt::Defer { call, .. } => self.go_defer(scope, call, "defer"),
            Stmt::Return { results, pos } => self.return_stmt(scope, results, *pos),
            Stmt::Break { label, pos } => self.break_stmt(label.as_ref(), *pos, ctx),
            Stmt::Continue { label, pos } => self.continue_stmt(label.as_ref(), *pos, ctx),
            Stmt::Goto { label, .. } => {
                self.use_label(label, "label {} not defined");
            }
            Stmt::Fallthrough { pos } => self.fallthrough_stmt(*pos, ctx),
            Stmt::Block(b) => self.block(scope, b, &inner),
            Stmt::If {
                init,
                cond,
                then,
                els,
                ..
            } => {
                let sc = self.new_scope(Some(scope));
                if let Some(i) = init {
                    self.stmt(sc, i, &inner);
                }
                self.condition(sc, cond, "if statement");
                self.block(sc, then, &inner);
                if let Some(e) = els {
                    self.stmt(sc, e, &inner);
                }
            }
            Stmt::Switch {
                init, tag, clauses, ..
            } => self.switch_stmt(scope, init.as_deref(), tag.as_ref(), clauses, ctx),
            Stmt::TypeSwitch {
                init,
                bind,
                x,
                clauses,
                ..
            } => self.type_switch(scope, init.as_deref(), bind.as_ref(), x, clauses, ctx),
            Stmt::Select { clauses, .. } => self.select_stmt(scope, clauses, ctx),
            Stmt::For {
                init,
                cond,
                post,
                body,
                ..
            } => {
                let sc = self.new_scope(Some(scope));
                if let Some(i) = init {
                    self.stmt(sc, i, &inner);
                }
                if let Some(c) = cond {
                    self.condition(sc, c, "for statement");
                }
                if let Some(p) = post {
                    self.stmt(sc, p, &inner);
                }
                let lc = self.loop_ctx(ctx);
                self.block(sc, body, &lc);
            }
            Stmt::Range {
                key,
                value,
                define,
                x,
                body,
                ..
            } => self.range_stmt(
                scope,
                key.as_deref(),
                value.as_deref(),
                *define,
                x,
                body,
                ctx,
            ),
            Stmt::Labeled { label, stmt } => {
                let mut c = ctx.clone();
                c.pending_label = Some(label.name.clone());
                self.stmt(scope, stmt, &c);
            }
        }
    }

    fn loop_ctx(&self, ctx: &StmtCtx) -> StmtCtx {
        let mut c = ctx.clone();
        c.in_loop = true;
        c.in_breakable = true;
        c.fallthrough_ok = false;
        if let Some(l) = ctx.pending_label.clone() {
            c.enclosing_labels.push((l, true));
        }
        c.pending_label = None;
        c
    }

    fn breakable_ctx(&self, ctx: &StmtCtx) -> StmtCtx {
        let mut c = ctx.clone();
        c.in_breakable = true;
        if let Some(l) = ctx.pending_label.clone() {
            c.enclosing_labels.push((l, false));
        }
        c.pending_label = None;
        c
    }

    fn condition(&mut self, scope: ScopeId, cond: &Expr, what: &str) {
        let x = self.expr(scope, cond);
        if x.is_invalid() {
            return;
        }
        if !self.types.is_boolean(x.typ) {
            self.error(cond.pos(), format!("non-boolean condition in {what}"));
        }
    }

    fn expr_stmt(&mut self, scope: ScopeId, e: &Expr) {
        let x = self.expr_or_type(scope, e);
        if x.is_invalid() {
            return;
        }
        let inner = e.unparen();
        let is_call = matches!(inner.kind, ExprKind::Call { .. });
        let is_recv = matches!(
            inner.kind,
            ExprKind::Unary {
                op: ast::UnaryOp::Recv,
                ..
            }
        );
        if is_call {
            if let ExprKind::Call { fun, .. } = &inner.kind {
                if let Some(info) = self.exprs.get(fun.id.0 as usize).and_then(|i| i.as_ref()) {
                    if info.mode == Mode::TypeExpr {
                        let d = self.describe(&x);
                        self.error(e.pos(), format!("{d} is not used"));
                        return;
                    }
                    if let Mode::Builtin(b) = info.mode {
                        use super::scope::Builtin::*;
                        if !matches!(
                            b,
                            Clear | Close | Copy | Delete | Panic | Print | Println | Recover
                        ) {
                            let d = self.describe(&x);
                            self.error(e.pos(), format!("{d} is not used"));
                        }
                    }
                }
            }
            return;
        }
        if is_recv {
            return;
        }
        let x = self.require_value(e, x);
        if x.is_invalid() {
            return;
        }
        let d = self.describe(&x);
        self.error(e.pos(), format!("{d} is not used"));
    }

    fn send_stmt(&mut self, scope: ScopeId, ch: &Expr, value: &Expr) {
        let c = self.expr(scope, ch);
        let mut v = self.expr(scope, value);
        if c.is_invalid() || v.is_invalid() {
            return;
        }
        match self.types.under(c.typ).clone() {
            TypeData::Chan(ChanDir::Recv, _) => {
                let d = self.describe(&c);
                self.error(
                    ch.pos(),
                    format!("invalid operation: cannot send to receive-only channel {d}"),
                );
            }
            TypeData::Chan(_, elem) => {
                self.assignment(&mut v, elem, "send");
            }
            _ => {
                let d = self.describe(&c);
                self.error(
                    ch.pos(),
                    format!("invalid operation: cannot send to non-channel {d}"),
                );
            }
        }
    }

    fn inc_dec(&mut self, scope: ScopeId, x: &Expr, inc: bool, _pos: u32) {
        let t = self.lhs_var(scope, x);
        if t == INVALID {
            return;
        }
        if !self.types.is_numeric(t) {
            let s = self.expr_string(x);
            let op = if inc { "++" } else { "--" };
            let ts = self.type_str(t);
            self.error(
                x.pos(),
                format!("invalid operation: {s}{op} (non-numeric type {ts})"),
            );
        }
    }

    fn assign(&mut self, scope: ScopeId, lhs: &[Expr], op: AssignOp, rhs: &[Expr], pos: u32) {
        match op {
            AssignOp::Assign => self.assign_stmt(scope, lhs, rhs),
            AssignOp::Define => self.short_var_decl(scope, lhs, rhs, pos),
            AssignOp::Op(bop) => {
                if lhs.len() != 1 || rhs.len() != 1 {
                    self.error(
                        pos,
                        format!(
                            "assignment operation {}= requires single-valued expressions",
                            bop.as_str()
                        ),
                    );
                    return;
                }
                let t = self.lhs_var(scope, &lhs[0]);
                let synthetic = Expr {
                    id: ast::ExprId(u32::MAX),
                    span: ast::Span::new(lhs[0].span.lo, rhs[0].span.hi),
                    kind: ExprKind::Binary {
                        op: bop,
                        op_pos: pos,
                        x: Box::new(lhs[0].clone()),
                        y: Box::new(rhs[0].clone()),
                    },
                };
                if t == INVALID {
                    self.expr(scope, &rhs[0]);
                    return;
                }
                let text = format!(
                    "{} {}= {}",
                    self.expr_string(&lhs[0]),
                    bop.as_str(),
                    self.expr_string(&rhs[0])
                );
                let ExprKind::Binary { x: bx, y: by, .. } = &synthetic.kind else {
                    return;
                };
                let mut x =
                    self.binary_with_text(scope, &synthetic, bop, bx, by, OpText::Given(text));
                if x.is_invalid() {
                    return;
                }
                x.text = self.expr_string(&rhs[0]);
                x.pos = rhs[0].pos();
                self.assignment(&mut x, t, "assignment");
            }
        }
    }

    fn short_var_decl(&mut self, scope: ScopeId, lhs: &[Expr], rhs: &[Expr], pos: u32) {
        let mut objs: Vec<Option<ObjId>> = Vec::new();
        let mut new_objs: Vec<ObjId> = Vec::new();
        let mut targets: Vec<Option<&Expr>> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for l in lhs {
            let ExprKind::Ident(name) = &l.kind else {
                let s = self.expr_string(l);
                self.error(l.pos(), format!("non-name {s} on left side of :="));
                self.expr(scope, l);
                objs.push(None);
                targets.push(None);
                continue;
            };
            let ident = Ident {
                name: name.clone(),
                pos: l.pos(),
            };
            if name != "_" && seen.contains(name) {
                self.error(l.pos(), format!("{name} repeated on left side of :="));
                objs.push(None);
                targets.push(None);
                continue;
            }
            seen.push(name.clone());
            if name == "_" {
                let o = self.local_var(&ident, INVALID);
                objs.push(Some(o));
                targets.push(None);
                continue;
            }
            if let Some(existing) = self.lookup_local(scope, name) {
                self.uses.insert(l.id, existing);
                objs.push(None);
                targets.push(Some(l));
                continue;
            }
            let o = self.local_var(&ident, INVALID);
            new_objs.push(o);
            objs.push(Some(o));
            targets.push(None);
        }
        if new_objs.is_empty()
            && objs
                .iter()
                .all(|o| o.is_none() || self.obj(o.unwrap_or(ObjId(0))).name == "_")
            && !lhs.is_empty()
        {
            let any_new = objs.iter().flatten().any(|o| self.obj(*o).name != "_");
            if !any_new {
                self.error(pos, "no new variables on left side of :=");
            }
        }
        self.define_values(scope, lhs, &objs, &targets, rhs);
        for o in objs.into_iter().flatten() {
            self.declare(scope, o);
        }
    }

    /// Assigns the right-hand side of `:=` to new variables (`objs`) and existing ones (`targets`).
    fn define_values(
        &mut self,
        scope: ScopeId,
        lhs: &[Expr],
        objs: &[Option<ObjId>],
        targets: &[Option<&Expr>],
        rhs: &[Expr],
    ) {
        if targets.iter().all(|t| t.is_none()) {
            self.init_vars(scope, objs, None, rhs, "assignment");
            return;
        }
        if lhs.len() == rhs.len() {
            for (i, r) in rhs.iter().enumerate() {
                let mut x = self.expr(scope, r);
                match (objs[i], targets[i]) {
                    (Some(o), _) => {
                        if x.is_invalid() {
                            continue;
                        }
                        if x.mode == Mode::Nil {
                            self.error(x.pos, "use of untyped nil in assignment");
                            continue;
                        }
                        let t = self.types.default_type(x.typ);
                        self.set_var_type(o, t);
                        self.assignment(&mut x, t, "assignment");
                    }
                    (None, Some(l)) => self.assign_var(scope, l, &mut x),
                    _ => {}
                }
            }
            return;
        }
        let x = self.expr_or_type(scope, &rhs[0]);
        let x = if matches!(self.types.get(x.typ), TypeData::Tuple(_)) {
            x
        } else {
            self.require_value(&rhs[0], x)
        };
        if x.is_invalid() {
            return;
        }
        let types: Vec<TypeId> = match self.types.get(x.typ) {
            TypeData::Tuple(ts) => ts.clone(),
            _ if matches!(x.mode, Mode::CommaOk | Mode::MapIndex) && lhs.len() == 2 => {
                vec![x.typ, self.types.basic(BasicKind::Bool)]
            }
            _ => vec![x.typ],
        };
        if types.len() != lhs.len() || rhs.len() != 1 {
            self.assign_error(rhs, lhs.len(), types.len().max(rhs.len()));
            return;
        }
        for (i, t) in types.into_iter().enumerate() {
            let mut op = Operand::new(Mode::Value, t, x.text.clone());
            op.pos = x.pos;
            match (objs[i], targets[i]) {
                (Some(o), _) => {
                    let t = self.types.default_type(t);
                    self.set_var_type(o, t);
                }
                (None, Some(l)) => self.assign_var(scope, l, &mut op),
                _ => {}
            }
        }
    }

    fn local_decl(&mut self, scope: ScopeId, d: &ast::Decl) {
        match d {
            ast::Decl::Var(specs) => {
                for spec in specs {
                    let objs: Vec<ObjId> = spec
                        .names
                        .iter()
                        .map(|n| self.local_var(n, INVALID))
                        .collect();
                    self.var_spec(scope, spec, &objs);
                    for o in objs {
                        self.declare(scope, o);
                    }
                }
            }
            ast::Decl::Const(group) => {
                let mut source: Option<&ast::ConstSpec> = None;
                for spec in &group.specs {
                    if !spec.values.is_empty() || spec.typ.is_some() {
                        source = Some(spec);
                    }
                    let src = source.unwrap_or(spec);
                    self.check_const_spec_shape(spec, src);
                    let mut objs = Vec::new();
                    for (i, n) in spec.names.iter().enumerate() {
                        let (typ, val) = self.const_value(scope, spec, src, i);
                        let o = self.new_object(&n.name, n.pos, ObjKind::Const { typ, val });
                        self.defs.insert(n.pos, o);
                        objs.push(o);
                    }
                    for o in objs {
                        self.declare(scope, o);
                    }
                }
            }
            ast::Decl::Type(specs) => {
                for spec in specs {
                    let typ = if spec.alias {
                        INVALID
                    } else {
                        self.types.add(TypeData::Named(crate::types::NamedInfo {
                            name: spec.name.name.clone(),
                            pkg: Some(self.pkg.clone()),
                            underlying: INVALID,
                            methods: vec![],
                            alias: false,
                            targs: self.instance_targs.clone(),
                            outer_targs: self.instance_targs.len(),
                        }))
                    };
                    let o =
                        self.new_object(&spec.name.name, spec.name.pos, ObjKind::TypeName { typ });
                    self.defs.insert(spec.name.pos, o);
                    self.declare(scope, o);
                    if spec.tparams.is_empty() {
                        self.local_type_decl(o, spec, scope);
                    } else {
                        self.local_generic_type(o, spec, scope);
                    }
                }
            }
            ast::Decl::Func(f) => {
                self.error(f.pos, "function declaration not allowed inside a function");
            }
        }
    }

    fn local_type_decl(&mut self, o: ObjId, spec: &ast::TypeSpec, scope: ScopeId) {
        let ObjKind::TypeName { typ } = self.obj(o).kind else {
            return;
        };
        let rhs = self.type_expr(scope, &spec.typ);
        if spec.alias {
            self.obj_mut(o).kind = ObjKind::TypeName { typ: rhs };
            return;
        }
        let under = self.types.underlying(rhs);
        if let TypeData::Named(n) = self.types.get_mut(typ) {
            n.underlying = under;
        }
    }

    fn go_defer(&mut self, scope: ScopeId, call: &Expr, what: &str) {
        let inner = call.unparen();
        let ExprKind::Call { fun, .. } = &inner.kind else {
            self.expr_or_type(scope, call);
            self.error(
                call.pos(),
                format!("expression in {what} must be function call"),
            );
            return;
        };
        let x = self.expr_or_type(scope, call);
        if x.is_invalid() {
            return;
        }
        let finfo = self.exprs.get(fun.id.0 as usize).and_then(|i| i.clone());
        if let Some(info) = finfo {
            if info.mode == Mode::TypeExpr {
                let d = self.describe(&x);
                self.error(
                    call.pos(),
                    format!("{what} requires function call, not conversion {d}"),
                );
                return;
            }
            if let Mode::Builtin(b) = info.mode {
                use super::scope::Builtin::*;
                if !matches!(
                    b,
                    Clear | Close | Copy | Delete | Panic | Print | Println | Recover
                ) {
                    let d = self.describe(&x);
                    self.error(call.pos(), format!("{what} discards result of {d}"));
                }
            }
        }
    }

    fn return_stmt(&mut self, scope: ScopeId, results: &[Expr], pos: u32) {
        let Some(f) = self.funcs.last() else { return };
        let want = f.results.clone();
        let result_objs = f.result_objs.clone();
        let fscope = f.scope;
        if results.is_empty() {
            if !want.is_empty() && result_objs.is_empty() {
                let w = self.types_summary(want.iter().map(|w| w.1));
                self.error(
                    pos,
                    format!("not enough return values\n\thave ()\n\twant {w}"),
                );
            }
            if !result_objs.is_empty() {
                self.check_results_in_scope(scope, fscope, &result_objs, pos);
            }
            return;
        }
        if want.is_empty() {
            for r in results {
                self.expr(scope, r);
            }
            self.error(
                results[0].pos(),
                "too many return values\n\thave (".to_string()
                    + &self.result_types_text(scope, results)
                    + ")\n\twant ()",
            );
            return;
        }
        let mut ops: Vec<Operand> = Vec::new();
        if results.len() == 1
            && (want.len() > 1 || matches!(results[0].unparen().kind, ExprKind::Call { .. }))
        {
            let x = self.expr_or_type(scope, &results[0]);
            if let TypeData::Tuple(ts) = self.types.get(x.typ).clone() {
                for t in ts {
                    let mut op = Operand::new(Mode::Value, t, x.text.clone());
                    op.pos = x.pos;
                    ops.push(op);
                }
            } else {
                ops.push(self.require_value(&results[0], x));
            }
        } else {
            for (i, r) in results.iter().enumerate() {
                let target = want.get(i).map(|w| w.1);
                ops.push(self.value_for(scope, r, target));
            }
        }
        if ops.iter().any(|o| o.is_invalid()) {
            return;
        }
        if ops.len() != want.len() {
            let too_many = ops.len() > want.len();
            let at = if too_many {
                ops[want.len()].pos
            } else {
                ops[ops.len() - 1].pos
            };
            let have = self.types_summary(ops.iter().map(|o| o.typ));
            let w = self.types_summary(want.iter().map(|w| w.1));
            let q = if too_many { "too many" } else { "not enough" };
            self.error(at, format!("{q} return values\n\thave {have}\n\twant {w}"));
            return;
        }
        for (x, (_, t)) in ops.iter_mut().zip(&want) {
            self.assignment(x, *t, "return statement");
        }
    }

    fn result_types_text(&self, _scope: ScopeId, results: &[Expr]) -> String {
        let parts: Vec<String> = results
            .iter()
            .map(
                |r| match self.exprs.get(r.id.0 as usize).and_then(|i| i.as_ref()) {
                    Some(info) if self.types.is_untyped(info.typ) => {
                        match self.types.basic_kind(info.typ) {
                            Some(BasicKind::UntypedString) => "string".into(),
                            Some(BasicKind::UntypedBool) => "bool".into(),
                            Some(BasicKind::UntypedNil) => "nil".into(),
                            _ => "number".into(),
                        }
                    }
                    Some(info) => self.type_str(info.typ),
                    None => "invalid type".into(),
                },
            )
            .collect();
        parts.join(", ")
    }

    /// A bare `return` needs the named results visible (not shadowed).
    fn check_results_in_scope(
        &mut self,
        scope: ScopeId,
        fscope: ScopeId,
        objs: &[ObjId],
        pos: u32,
    ) {
        for &o in objs {
            let name = self.obj(o).name.clone();
            let Some(found) = self.lookup(scope, &name) else {
                continue;
            };
            if found != o && self.scope_inside(scope, fscope) {
                let fo = self.obj(found);
                let (line, col) = self.line_col(fo.pos);
                let p = self.path_for_messages();
                let kind = if matches!(fo.kind, ObjKind::Var { .. }) {
                    "var"
                } else {
                    "const"
                };
                let t = match fo.kind {
                    ObjKind::Var { typ, .. } | ObjKind::Const { typ, .. } => self.type_str(typ),
                    _ => String::new(),
                };
                self.error(pos, format!("result parameter {name} not in scope at return\n\t{p}:{line}:{col}: inner declaration of {kind} {name} {t}"));
            }
        }
    }

    fn scope_inside(&self, scope: ScopeId, fscope: ScopeId) -> bool {
        let mut s = Some(scope);
        while let Some(id) = s {
            if id == fscope {
                return true;
            }
            s = self.scopes[id.0 as usize].parent;
        }
        false
    }

    fn use_label(&mut self, label: &Ident, not_found: &str) -> bool {
        let Some(f) = self.funcs.last_mut() else {
            return false;
        };
        if let Some(l) = f.labels.iter_mut().find(|l| l.name == label.name) {
            l.used = true;
            return true;
        }
        self.error(label.pos, not_found.replace("{}", &label.name));
        false
    }

    fn break_stmt(&mut self, label: Option<&Ident>, pos: u32, ctx: &StmtCtx) {
        if let Some(l) = label {
            if !self.use_label(l, "break label not defined: {}") {
                return;
            }
            if !ctx.enclosing_labels.iter().any(|(n, _)| n == &l.name) {
                self.error(l.pos, format!("invalid break label {}", l.name));
            }
            return;
        }
        if !ctx.in_breakable {
            self.error(pos, "break is not in a loop, switch, or select");
        }
    }

    fn continue_stmt(&mut self, label: Option<&Ident>, pos: u32, ctx: &StmtCtx) {
        if let Some(l) = label {
            if !self.use_label(l, "continue label not defined: {}") {
                return;
            }
            if !ctx
                .enclosing_labels
                .iter()
                .any(|(n, is_loop)| n == &l.name && *is_loop)
            {
                self.error(l.pos, format!("invalid continue label {}", l.name));
            }
            return;
        }
        if !ctx.in_loop {
            self.error(pos, "continue is not in a loop");
        }
    }

    fn fallthrough_stmt(&mut self, pos: u32, ctx: &StmtCtx) {
        if ctx.in_type_switch_clause {
            self.error(pos, "cannot fallthrough in type switch");
        } else if !ctx.fallthrough_ok {
            self.error(pos, "fallthrough statement out of place");
        } else if ctx.final_case {
            self.error(pos, "cannot fallthrough final case in switch");
        }
    }

    fn switch_stmt(
        &mut self,
        scope: ScopeId,
        init: Option<&Stmt>,
        tag: Option<&Expr>,
        clauses: &[ast::CaseClause],
        ctx: &StmtCtx,
    ) {
        let sc = self.new_scope(Some(scope));
        let bctx = self.breakable_ctx(ctx);
        if let Some(i) = init {
            self.stmt(sc, i, &bctx);
        }
        let mut tagx = match tag {
            Some(t) => self.expr(sc, t),
            None => {
                let b = self.types.basic(BasicKind::Bool);
                Operand::constant(b, Value::Bool(true), "true".into())
            }
        };
        if !tagx.is_invalid() && self.types.is_untyped(tagx.typ) {
            if tagx.mode == Mode::Nil {
                self.error(tagx.pos, "use of untyped nil in switch expression");
                tagx = Operand::invalid();
            } else {
                tagx.typ = self.types.default_type(tagx.typ);
            }
        }
        self.check_multiple_defaults(clauses.iter().map(|c| (c.exprs.is_none(), c.pos)));
        let mut seen: Vec<(Value, TypeId, u32)> = Vec::new();
        let n = clauses.len();
        for (ci, c) in clauses.iter().enumerate() {
            for e in c.exprs.iter().flatten() {
                self.case_value(sc, &tagx, tag.is_some(), e, &mut seen);
            }
            let cs = self.new_scope(Some(sc));
            let mut cc = bctx.clone();
            cc.fallthrough_ok = true;
            cc.final_case = ci + 1 == n;
            self.stmt_list(cs, &c.body, &cc);
        }
    }

    fn check_multiple_defaults(&mut self, defaults: impl Iterator<Item = (bool, u32)>) {
        let mut first: Option<u32> = None;
        for (is_default, pos) in defaults {
            if !is_default {
                continue;
            }
            match first {
                None => first = Some(pos),
                Some(f) => {
                    let (line, col) = self.line_col(f);
                    let p = self.path_for_messages();
                    self.error(
                        pos,
                        format!("multiple defaults (first at {p}:{line}:{col})"),
                    );
                }
            }
        }
    }

    fn case_value(
        &mut self,
        scope: ScopeId,
        tag: &Operand,
        has_tag: bool,
        e: &Expr,
        seen: &mut Vec<(Value, TypeId, u32)>,
    ) {
        let mut x = self.expr(scope, e);
        if x.is_invalid() || tag.is_invalid() {
            return;
        }
        if self.types.is_untyped(x.typ) {
            if let Err(()) = self.implicit_type(&x, tag.typ) {
                let d = self.describe(&x);
                let ts = self.type_str(tag.typ);
                self.error(x.pos, format!("cannot convert {d} to type {ts}"));
                return;
            }
            if !self.assignment(&mut x, tag.typ, "switch case") {
                return;
            }
        } else if !self.assignable_to(&x, tag.typ) && !self.assignable_to(tag, x.typ) {
            let (xs, ts) = (self.type_str(x.typ), self.type_str(tag.typ));
            let s = self.expr_string(e);
            let tt = if has_tag {
                tag.text.clone()
            } else {
                "true".into()
            };
            self.error(
                x.pos,
                format!("invalid case {s} in switch on {tt} (mismatched types {xs} and {ts})"),
            );
            return;
        }
        if let (Mode::Constant, Some(v)) = (x.mode, &x.val) {
            if let Some((_, _, prev)) = seen
                .iter()
                .find(|(pv, pt, _)| pv == v && self.types.identical(*pt, x.typ))
            {
                let (line, col) = self.line_col(*prev);
                let p = self.path_for_messages();
                let d = self.describe(&x);
                self.error(x.pos, format!("duplicate case {d} in expression switch\n\t{p}:{line}:{col}: previous case"));
                return;
            }
            let at = match &e.kind {
                ExprKind::Binary { op_pos, .. } => *op_pos,
                _ => x.pos,
            };
            seen.push((v.clone(), x.typ, at));
        }
    }

    fn type_switch(
        &mut self,
        scope: ScopeId,
        init: Option<&Stmt>,
        bind: Option<&Ident>,
        xe: &Expr,
        clauses: &[ast::CaseClause],
        ctx: &StmtCtx,
    ) {
        let sc = self.new_scope(Some(scope));
        let mut bctx = self.breakable_ctx(ctx);
        bctx.in_type_switch_clause = true;
        if let Some(i) = init {
            self.stmt(sc, i, &bctx);
        }
        let x = self.expr(sc, xe);
        if !x.is_invalid() && !self.types.is_interface(x.typ) {
            let d = self.describe(&x);
            self.error(x.pos, format!("{d} is not an interface"));
            return;
        }
        self.check_multiple_defaults(clauses.iter().map(|c| (c.exprs.is_none(), c.pos)));
        let mut symbols: Vec<ObjId> = Vec::new();
        let mut seen: Vec<(TypeId, u32)> = Vec::new();
        for c in clauses {
            let mut single: Option<TypeId> = None;
            let exprs = c.exprs.as_deref().unwrap_or(&[]);
            for e in exprs {
                let t = self.type_case(sc, &x, e, &mut seen);
                if exprs.len() == 1 {
                    single = t;
                }
            }
            let cs = self.new_scope(Some(sc));
            if let Some(b) = bind {
                let t = match single {
                    Some(t) if !x.is_invalid() => t,
                    _ => x.typ,
                };
                let o = self.new_object(
                    &b.name,
                    b.pos,
                    ObjKind::Var {
                        typ: t,
                        used: false,
                        global: false,
                        param: false,
                    },
                );
                self.declare(cs, o);
                self.implicits.insert(c.pos, o);
                symbols.push(o);
            }
            self.stmt_list(cs, &c.body, &bctx);
        }
        if let Some(b) = bind {
            let any_used = symbols
                .iter()
                .any(|o| matches!(self.obj(*o).kind, ObjKind::Var { used: true, .. }));
            if !any_used && b.name != "_" {
                let o = self.new_object(
                    &b.name,
                    b.pos,
                    ObjKind::Var {
                        typ: INVALID,
                        used: false,
                        global: false,
                        param: false,
                    },
                );
                if let Some(f) = self.funcs.last_mut() {
                    f.switch_vars.push(o);
                }
            }
        }
    }

    fn type_case(
        &mut self,
        scope: ScopeId,
        x: &Operand,
        e: &Expr,
        seen: &mut Vec<(TypeId, u32)>,
    ) -> Option<TypeId> {
        if let ExprKind::Ident(n) = &e.kind {
            if n == "nil"
                && self
                    .lookup(scope, "nil")
                    .is_some_and(|o| matches!(self.obj(o).kind, ObjKind::Nil))
            {
                if let Some(slot) = self.exprs.get_mut(e.id.0 as usize) {
                    *slot = Some(super::ExprInfo {
                        mode: super::Mode::Nil,
                        typ: self.types.basic(crate::types::BasicKind::UntypedNil),
                        val: None,
                    });
                }
                return None;
            }
        }
        let t = self.type_expr(scope, e);
        if t == INVALID || x.is_invalid() {
            return None;
        }
        if let Some((_, prev)) = seen.iter().find(|(pt, _)| self.types.identical(*pt, t)) {
            let (line, col) = self.line_col(*prev);
            let p = self.path_for_messages();
            let ts = self.type_str(t);
            self.error(
                e.pos(),
                format!("duplicate case {ts} in type switch\n\t{p}:{line}:{col}: previous case"),
            );
            return Some(t);
        }
        seen.push((t, e.pos()));
        if !self.types.is_interface(t) {
            if let Some(why) = self.missing_method(t, x.typ) {
                let d = self.describe(x);
                let ts = self.type_str(t);
                let reason = match why {
                    super::lookup::Missing::Method(m) => format!("missing method {m}"),
                    super::lookup::Missing::PointerRecv(m) => {
                        format!("method {m} has pointer receiver")
                    }
                    super::lookup::Missing::WrongType { name, .. } => {
                        format!("wrong type for method {name}")
                    }
                };
                self.error(e.pos(), format!("impossible type switch case: {ts}\n\t{d} cannot have dynamic type {ts} ({reason})"));
            }
        }
        Some(t)
    }

    fn select_stmt(&mut self, scope: ScopeId, clauses: &[ast::CommClause], ctx: &StmtCtx) {
        let bctx = self.breakable_ctx(ctx);
        self.check_multiple_defaults(clauses.iter().map(|c| (c.comm.is_none(), c.pos)));
        for c in clauses {
            let cs = self.new_scope(Some(scope));
            if let Some(comm) = &c.comm {
                self.stmt(cs, comm, &bctx);
            }
            self.stmt_list(cs, &c.body, &bctx);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn range_stmt(
        &mut self,
        scope: ScopeId,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        xe: &Expr,
        body: &Block,
        ctx: &StmtCtx,
    ) {
        let sc = self.new_scope(Some(scope));
        let x = self.expr(scope, xe);
        let lc = self.loop_ctx(ctx);
        let yields = self.iterator_yields(x.typ);
        let (kt, vt, one_var) = if x.is_invalid() {
            (INVALID, INVALID, false)
        } else if let Some(ys) = &yields {
            let t = |i: usize| ys.get(i).copied().unwrap_or(INVALID);
            (t(0), t(1), ys.len() == 1)
        } else {
            self.range_types(&x)
        };
        if yields.as_ref().is_some_and(|ys| ys.is_empty()) && key.is_some() {
            let d = self.describe(&x);
            let k = key.map_or(0, |k| k.pos());
            self.error(k, format!("range over {d} permits no iteration variables"));
        } else if yields.is_some() {
            if one_var && value.is_some() {
                let d = self.describe(&x);
                let v = value.map_or(0, |v| v.pos());
                self.error(
                    v,
                    format!("range over {d} permits only one iteration variable"),
                );
            }
        } else if !x.is_invalid() && kt == INVALID {
            let d = self.describe(&x);
            let why = match self.iterator_shape(x.typ) {
                Some(Err(why)) => format!(": func must be func(yield func(...) bool): {why}"),
                _ => String::new(),
            };
            self.error(x.pos, format!("cannot range over {d}{why}"));
        } else if one_var && value.is_some() {
            let d = self.describe(&x);
            let v = value.map_or(0, |v| v.pos());
            self.error(
                v,
                format!("range over {d} permits only one iteration variable"),
            );
        }
        let vars = [(key, kt), (value, vt)];
        if define {
            let mut objs = Vec::new();
            for (e, t) in vars {
                let Some(e) = e else { continue };
                let ExprKind::Ident(name) = &e.kind else {
                    let s = self.expr_string(e);
                    self.error(e.pos(), format!("non-name {s} on left side of :="));
                    continue;
                };
                let o = self.local_var(
                    &Ident {
                        name: name.clone(),
                        pos: e.pos(),
                    },
                    t,
                );
                objs.push(o);
            }
            for o in objs {
                self.declare(sc, o);
            }
        } else {
            for (e, t) in vars {
                let Some(e) = e else { continue };
                let lt = self.lhs_var(sc, e);
                if lt == INVALID || t == INVALID {
                    continue;
                }
                let mut op = Operand::new(Mode::Value, t, self.expr_string(e));
                op.pos = e.pos();
                self.assignment(&mut op, lt, "assignment");
            }
        }
        self.block(sc, body, &lc);
    }

    /// The types an iterator function yields: `func(yield func(K, V) bool)` (Go 1.23's
    /// range over func) yields `[K, V]`; `None` for other types.
    pub(crate) fn iterator_yields(&self, t: TypeId) -> Option<Vec<TypeId>> {
        self.iterator_shape(t)?.ok()
    }

    /// For a function type: the types it yields as an iterator, or why it is not one (Go's
    /// wording after `func must be func(yield func(...) bool): `).
    fn iterator_shape(&self, t: TypeId) -> Option<Result<Vec<TypeId>, &'static str>> {
        let sig = self.types.signature(t)?;
        if sig.params.len() != 1 {
            return Some(Err("wrong argument count"));
        }
        if !sig.results.is_empty() {
            return Some(Err("unexpected results"));
        }
        let Some(ys) = self.types.signature(sig.params[0].1) else {
            return Some(Err("argument is not func"));
        };
        if ys.params.len() > 2 {
            return Some(Err("yield func has too many parameters"));
        }
        let bool_t = self.types.basic(BasicKind::Bool);
        match &ys.results[..] {
            [(_, r)] if self.types.identical(*r, bool_t) => {}
            [(_, r)] if self.types.is_boolean(*r) => {
                return Some(Err("yield func returns user-defined boolean, not bool"))
            }
            _ => return Some(Err("yield func does not return bool")),
        }
        Some(Ok(ys.params.iter().map(|p| p.1).collect()))
    }

    /// Key and value types of a range expression, and whether only one variable is allowed.
    fn range_types(&mut self, x: &Operand) -> (TypeId, TypeId, bool) {
        let int = self.types.basic(BasicKind::Int);
        match self.types.under(x.typ).clone() {
            TypeData::Basic(k) if k.is_string() => (int, self.types.basic(BasicKind::Int32), false),
            TypeData::Basic(k) if k.is_integer() => {
                let t = if k.is_untyped() { int } else { x.typ };
                (t, INVALID, true)
            }
            TypeData::Slice(e) => (int, e, false),
            TypeData::Array(_, e) => (int, e, false),
            TypeData::Pointer(p) => match self.types.under(p).clone() {
                TypeData::Array(_, e) => (int, e, false),
                _ => (INVALID, INVALID, false),
            },
            TypeData::Map(k, v) => (k, v, false),
            TypeData::Chan(_, e) => (e, INVALID, true),
            _ => (INVALID, INVALID, false),
        }
    }

    /// Go's terminating statements (spec: "Terminating statements").
    fn is_terminating_list(&self, stmts: &[Stmt], label: Option<&str>) -> bool {
        let last = stmts.iter().rev().find(|s| !matches!(s, Stmt::Empty(_)));
        last.is_some_and(|s| self.is_terminating(s, label))
    }

    fn is_terminating(&self, s: &Stmt, label: Option<&str>) -> bool {
        match s {
            Stmt::Return { .. } | Stmt::Goto { .. } => true,
            Stmt::Expr(e) => self.is_panic_call(e),
            Stmt::Block(b) => self.is_terminating_list(&b.stmts, None),
            Stmt::If { then, els, .. } => {
                els.as_ref().is_some_and(|e| self.is_terminating(e, None))
                    && self.is_terminating_list(&then.stmts, None)
            }
            Stmt::For {
                cond: None, body, ..
            } => !has_break(&body.stmts, label, true),
            Stmt::Labeled { label: l, stmt } => self.is_terminating(stmt, Some(&l.name)),
            Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
                clauses.iter().any(|c| c.exprs.is_none())
                    && clauses.iter().all(|c| {
                        !has_break(&c.body, label, true)
                            && (self.is_terminating_list(&c.body, None)
                                || matches!(
                                    c.body.iter().rev().find(|s| !matches!(s, Stmt::Empty(_))),
                                    Some(Stmt::Fallthrough { .. })
                                ))
                    })
            }
            Stmt::Select { clauses, .. } => clauses.iter().all(|c| {
                !has_break(&c.body, label, true) && self.is_terminating_list(&c.body, None)
            }),
            _ => false,
        }
    }

    fn is_panic_call(&self, e: &Expr) -> bool {
        let ExprKind::Call { fun, .. } = &e.unparen().kind else {
            return false;
        };
        let ExprKind::Ident(n) = &fun.kind else {
            return false;
        };
        n == "panic"
            && self
                .uses
                .get(&fun.id)
                .is_some_and(|o| matches!(self.obj(*o).kind, ObjKind::Builtin(_)))
    }
}

/// Whether `stmts` contain a `break` that targets the enclosing statement (unlabeled at the top
/// level, or with `label`).
fn has_break(stmts: &[Stmt], label: Option<&str>, top: bool) -> bool {
    stmts.iter().any(|s| stmt_has_break(s, label, top))
}

fn stmt_has_break(s: &Stmt, label: Option<&str>, top: bool) -> bool {
    match s {
        Stmt::Break { label: None, .. } => top,
        Stmt::Break { label: Some(l), .. } => Some(l.name.as_str()) == label,
        Stmt::Block(b) => has_break(&b.stmts, label, top),
        Stmt::If { then, els, .. } => {
            has_break(&then.stmts, label, top)
                || els.as_ref().is_some_and(|e| stmt_has_break(e, label, top))
        }
        Stmt::Labeled { stmt, .. } => stmt_has_break(stmt, label, top),
        Stmt::For { body, .. } | Stmt::Range { body, .. } => has_break(&body.stmts, label, false),
        Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
            clauses.iter().any(|c| has_break(&c.body, label, false))
        }
        Stmt::Select { clauses, .. } => clauses.iter().any(|c| has_break(&c.body, label, false)),
        _ => false,
    }
}

/// Collects the labels of a function body (labels are function-scoped in Go).
fn collect_labels(stmts: &[Stmt], out: &mut Vec<LabelInfo>, c: &mut Checker) {
    for s in stmts {
        collect_stmt_labels(s, out, c);
    }
}

fn collect_stmt_labels(s: &Stmt, out: &mut Vec<LabelInfo>, c: &mut Checker) {
    match s {
        Stmt::Labeled { label, stmt } => {
            if label.name != "_" {
                if let Some(prev) = out.iter().find(|l| l.name == label.name) {
                    let (line, col) = c.line_col(prev.pos);
                    let p = c.path_for_messages();
                    c.error(
                        label.pos,
                        format!("label {} already defined at {p}:{line}:{col}", label.name),
                    );
                } else {
                    out.push(LabelInfo {
                        name: label.name.clone(),
                        pos: label.pos,
                        used: false,
                    });
                }
            }
            collect_stmt_labels(stmt, out, c);
        }
        Stmt::Block(b) => collect_labels(&b.stmts, out, c),
        Stmt::If { then, els, .. } => {
            collect_labels(&then.stmts, out, c);
            if let Some(e) = els {
                collect_stmt_labels(e, out, c);
            }
        }
        Stmt::For { body, .. } | Stmt::Range { body, .. } => collect_labels(&body.stmts, out, c),
        Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
            for cl in clauses {
                collect_labels(&cl.body, out, c);
            }
        }
        Stmt::Select { clauses, .. } => {
            for cl in clauses {
                collect_labels(&cl.body, out, c);
            }
        }
        _ => {}
    }
}
