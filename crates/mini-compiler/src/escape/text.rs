//! How Go's compiler prints an expression in `-m` messages: composite literals abridged to
//! `T{...}`, function literals as `func literal`, types without the `main.` qualifier.

use crate::ast::{AssignOp, Expr, ExprKind, Pos};
use crate::check::Info;
use crate::types::TypeId;

/// Go's `%v` of the expression `e`.
pub(crate) fn node(info: &Info, e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::BasicLit { raw, .. } => raw.to_string(),
        ExprKind::CompositeLit { .. } => {
            let t = info
                .exprs
                .get(e.id.0 as usize)
                .and_then(|i| i.as_ref())
                .map(|i| i.typ);
            match t {
                Some(t) => composite(info, e, t),
                None => "composite literal".into(),
            }
        }
        ExprKind::FuncLit { .. } => "func literal".into(),
        ExprKind::Paren(x) => format!("({})", node(info, x)),
        ExprKind::Selector { x, sel } => format!("{}.{}", node(info, x), sel.name),
        ExprKind::Index { x, indices, .. } => format!("{}[{}]", node(info, x), list(info, indices)),
        ExprKind::Slice { x, lo, hi, max, .. } => {
            let b = |b: &Option<Box<Expr>>| b.as_ref().map_or(String::new(), |b| node(info, b));
            match max {
                Some(m) => format!("{}[{}:{}:{}]", node(info, x), b(lo), b(hi), node(info, m)),
                None => format!("{}[{}:{}]", node(info, x), b(lo), b(hi)),
            }
        }
        ExprKind::TypeAssert { x, typ, .. } => match typ {
            Some(t) => format!("{}.({})", node(info, x), node(info, t)),
            None => format!("{}.(type)", node(info, x)),
        },
        ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } => match static_method(info, fun) {
            Some((recv, pointer)) => method_call(info, e, recv, pointer, None),
            None => call(info, fun, args, ellipsis.is_some()),
        },
        ExprKind::Unary { op, x } => format!("{}{}", op.as_str(), node(info, x)),
        ExprKind::Binary { op, x, y, .. } => {
            format!("{} {} {}", node(info, x), op.as_str(), node(info, y))
        }
        ExprKind::ArrayType { len, elem } => match len {
            Some(n) => format!("[{}]{}", node(info, n), node(info, elem)),
            None => format!("[...]{}", node(info, elem)),
        },
        ExprKind::SliceType { elem } => format!("[]{}", node(info, elem)),
        ExprKind::MapType { key, value } => {
            format!("map[{}]{}", node(info, key), node(info, value))
        }
        ExprKind::InterfaceType { elems } if elems.is_empty() => "interface {}".into(),
        _ => type_name(info, e),
    }
}

pub(crate) fn list(info: &Info, es: &[Expr]) -> String {
    es.iter()
        .map(|e| node(info, e))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A call; a conversion to a composite type is parenthesised as Go prints it.
fn call(info: &Info, fun: &Expr, args: &[Expr], spread: bool) -> String {
    let f = node(info, fun);
    let is_type = matches!(
        fun.kind,
        ExprKind::SliceType { .. } | ExprKind::ArrayType { .. } | ExprKind::MapType { .. }
    );
    let f = if is_type { format!("({f})") } else { f };
    let dots = if spread { "..." } else { "" };
    format!("{f}({}{dots})", list(info, args))
}

/// `T{...}` (or `T{}` when empty) for a composite literal of type `t`.
pub(crate) fn composite(info: &Info, e: &Expr, t: TypeId) -> String {
    let empty = matches!(&e.kind, ExprKind::CompositeLit { elems, .. } if elems.is_empty());
    let body = if empty { "{}" } else { "{...}" };
    format!("{}{body}", type_string(info, t))
}

fn type_name(info: &Info, e: &Expr) -> String {
    info.exprs
        .get(e.id.0 as usize)
        .and_then(|i| i.as_ref())
        .map_or_else(|| "?".into(), |i| type_string(info, i.typ))
}

/// Go's printed type with the main package's qualifier dropped.
fn type_string(info: &Info, t: TypeId) -> String {
    info.types
        .type_string(t)
        .replace("main.", "")
        .replace("interface{}", "interface {}")
}

/// The position Go gives expression `e`: its operator, bracket or parenthesis where it has
/// one (`x.f` at the dot, `f(x)` at `(`, `T{...}` at `{`), else its first byte.
pub(crate) fn pos(e: &Expr) -> Pos {
    match &e.kind {
        ExprKind::Selector { x, .. } | ExprKind::TypeAssert { x, .. } => x.span.hi,
        ExprKind::Index { lbrack, .. } | ExprKind::Slice { lbrack, .. } => *lbrack,
        ExprKind::Call { lparen, .. } => *lparen,
        ExprKind::CompositeLit { lbrace, .. } => *lbrace,
        ExprKind::Binary { op_pos, .. } => *op_pos,
        _ => e.pos(),
    }
}

/// An assignment statement: `a, b := x, y`, `s[0] = &x`, `n += 1`.
pub(crate) fn assign(info: &Info, lhs: &[Expr], op: AssignOp, rhs: &[Expr]) -> String {
    let op = match op {
        AssignOp::Assign => "=".to_string(),
        AssignOp::Define => ":=".to_string(),
        AssignOp::Op(b) => format!("{}=", b.as_str()),
    };
    format!("{} {op} {}", list(info, lhs), list(info, rhs))
}

/// The receiver of a call of a concrete type's method (not a method expression), and
/// whether the method has a pointer receiver.
fn static_method<'e>(info: &Info, fun: &'e Expr) -> Option<(&'e Expr, bool)> {
    let f = fun.unparen();
    let ExprKind::Selector { x, .. } = &f.kind else {
        return None;
    };
    let is_type = info
        .exprs
        .get(x.id.0 as usize)
        .and_then(|i| i.as_ref())
        .is_some_and(|i| i.mode == crate::check::Mode::TypeExpr);
    match info.selections.get(&f.id) {
        Some(crate::check::Selection::Method {
            pointer_recv,
            interface: false,
            path,
            ..
        }) if !is_type && path.is_empty() => Some((x, *pointer_recv)),
        _ => None,
    }
}

/// A static method call as Go prints it once it has made the receiver the first argument:
/// `(*T).m(t, x)`, `T.m(t, x)`.
pub(crate) fn method_call(
    info: &Info,
    call: &Expr,
    recv: &Expr,
    pointer: bool,
    fixed: Option<usize>,
) -> String {
    let ExprKind::Call { fun, args, .. } = &call.kind else {
        return node(info, call);
    };
    let ExprKind::Selector { sel, .. } = &fun.unparen().kind else {
        return node(info, call);
    };
    let t = type_name(info, recv);
    let base = t.strip_prefix('*').unwrap_or(&t);
    let name = if pointer {
        format!("(*{base}).{}", sel.name)
    } else {
        format!("{base}.{}", sel.name)
    };
    let mut parts = vec![node(info, recv)];
    parts.extend(call_args(info, args, fixed));
    format!("{name}({})", parts.join(", "))
}

/// A call whose variadic arguments Go has gathered into an implicit slice (`... argument`)
/// when there are any beyond the `fixed` ones.
pub(crate) fn variadic_call(info: &Info, call: &Expr, fixed: Option<usize>) -> String {
    match &call.kind {
        ExprKind::Call { fun, args, .. } if fixed.is_some() => {
            let parts = call_args(info, args, fixed);
            format!("{}({})", node(info, fun), parts.join(", "))
        }
        _ => node(info, call),
    }
}

/// The printed arguments of a call, the variadic ones beyond `fixed` as `... argument...`.
fn call_args(info: &Info, args: &[Expr], fixed: Option<usize>) -> Vec<String> {
    match fixed {
        Some(n) if args.len() > n => {
            let mut parts: Vec<String> = args[..n].iter().map(|a| node(info, a)).collect();
            parts.push("... argument...".into());
            parts
        }
        _ => args.iter().map(|a| node(info, a)).collect(),
    }
}
