//! A walk over every expression of a statement, nested statements and function literals
//! included (for analyses that look for a construct anywhere in a body).

use crate::ast::{Block, Decl, Expr, ExprKind, Stmt};

/// Calls `f` on every expression in `s`, outer expressions before inner ones.
pub(crate) fn each_expr_in_stmt<'a>(s: &'a Stmt, f: &mut dyn FnMut(&'a Expr)) {
    match s {
        Stmt::Expr(e) => each_expr(e, f),
        Stmt::Send { ch, value, .. } => {
            each_expr(ch, f);
            each_expr(value, f);
        }
        Stmt::IncDec { x, .. } => each_expr(x, f),
        Stmt::Assign { lhs, rhs, .. } => lhs.iter().chain(rhs).for_each(|e| each_expr(e, f)),
        Stmt::Decl(d) => {
            if let Decl::Var(specs) = &**d {
                let values = specs.iter().flat_map(|s| &s.values);
                values.for_each(|e| each_expr(e, f));
            }
        }
        Stmt::Go { call, .. } | Stmt::Defer { call, .. } => each_expr(call, f),
        Stmt::Return { results, .. } => results.iter().for_each(|e| each_expr(e, f)),
        Stmt::Block(b) => each_block(b, f),
        Stmt::If {
            init,
            cond,
            then,
            els,
            ..
        } => {
            opt_stmt(init.as_deref(), f);
            each_expr(cond, f);
            each_block(then, f);
            opt_stmt(els.as_deref(), f);
        }
        Stmt::Switch {
            init, tag, clauses, ..
        } => {
            opt_stmt(init.as_deref(), f);
            tag.iter().for_each(|e| each_expr(e, f));
            for c in clauses {
                c.exprs.iter().flatten().for_each(|e| each_expr(e, f));
                c.body.iter().for_each(|s| each_expr_in_stmt(s, f));
            }
        }
        Stmt::TypeSwitch {
            init, x, clauses, ..
        } => {
            opt_stmt(init.as_deref(), f);
            each_expr(x, f);
            clauses
                .iter()
                .flat_map(|c| &c.body)
                .for_each(|s| each_expr_in_stmt(s, f));
        }
        Stmt::Select { clauses, .. } => {
            for c in clauses {
                opt_stmt(c.comm.as_deref(), f);
                c.body.iter().for_each(|s| each_expr_in_stmt(s, f));
            }
        }
        Stmt::For {
            init,
            cond,
            post,
            body,
            ..
        } => {
            opt_stmt(init.as_deref(), f);
            cond.iter().for_each(|e| each_expr(e, f));
            opt_stmt(post.as_deref(), f);
            each_block(body, f);
        }
        Stmt::Range {
            key,
            value,
            x,
            body,
            ..
        } => {
            key.iter().chain(value).for_each(|e| each_expr(e, f));
            each_expr(x, f);
            each_block(body, f);
        }
        Stmt::Labeled { stmt, .. } => each_expr_in_stmt(stmt, f),
        _ => {}
    }
}

fn opt_stmt<'a>(s: Option<&'a Stmt>, f: &mut dyn FnMut(&'a Expr)) {
    if let Some(s) = s {
        each_expr_in_stmt(s, f);
    }
}

fn each_block<'a>(b: &'a Block, f: &mut dyn FnMut(&'a Expr)) {
    b.stmts.iter().for_each(|s| each_expr_in_stmt(s, f));
}

/// Calls `f` on `e` and every expression inside it.
pub(crate) fn each_expr<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    f(e);
    match &e.kind {
        ExprKind::CompositeLit { elems, .. } => {
            for el in elems {
                el.key.iter().for_each(|k| each_expr(k, f));
                each_expr(&el.value, f);
            }
        }
        ExprKind::FuncLit { body, .. } => each_block(body, f),
        ExprKind::Paren(x) | ExprKind::Selector { x, .. } | ExprKind::Unary { x, .. } => {
            each_expr(x, f)
        }
        ExprKind::TypeAssert { x, .. } => each_expr(x, f),
        ExprKind::Index { x, indices, .. } => {
            each_expr(x, f);
            indices.iter().for_each(|i| each_expr(i, f));
        }
        ExprKind::Slice { x, lo, hi, max, .. } => {
            each_expr(x, f);
            [lo, hi, max]
                .into_iter()
                .flatten()
                .for_each(|b| each_expr(b, f));
        }
        ExprKind::Call { fun, args, .. } => {
            each_expr(fun, f);
            args.iter().for_each(|a| each_expr(a, f));
        }
        ExprKind::Binary { x, y, .. } => {
            each_expr(x, f);
            each_expr(y, f);
        }
        _ => {}
    }
}

/// Calls `f` on `s` and every statement nested in it (not those of function literals),
/// outer statements before inner ones.
pub(crate) fn each_stmt(s: &Stmt, f: &mut dyn FnMut(&Stmt)) {
    f(s);
    let all = |stmts: &[Stmt], f: &mut dyn FnMut(&Stmt)| {
        stmts.iter().for_each(|s| each_stmt(s, f));
    };
    match s {
        Stmt::Block(b) => all(&b.stmts, f),
        Stmt::If {
            init, then, els, ..
        } => {
            init.iter().chain(els).for_each(|s| each_stmt(s, f));
            all(&then.stmts, f);
        }
        Stmt::Switch { init, clauses, .. } => {
            init.iter().for_each(|s| each_stmt(s, f));
            clauses.iter().for_each(|c| all(&c.body, f));
        }
        Stmt::TypeSwitch { init, clauses, .. } => {
            init.iter().for_each(|s| each_stmt(s, f));
            clauses.iter().for_each(|c| all(&c.body, f));
        }
        Stmt::Select { clauses, .. } => {
            for c in clauses {
                c.comm.iter().for_each(|s| each_stmt(s, f));
                all(&c.body, f);
            }
        }
        Stmt::For {
            init, post, body, ..
        } => {
            init.iter().chain(post).for_each(|s| each_stmt(s, f));
            all(&body.stmts, f);
        }
        Stmt::Range { body, .. } => all(&body.stmts, f),
        Stmt::Labeled { stmt, .. } => each_stmt(stmt, f),
        _ => {}
    }
}
