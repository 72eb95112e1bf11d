//! How Go's compiler prints an expression in `-m` messages: composite literals abridged to
//! `T{...}`, function literals as `func literal`, types without the `main.` qualifier.

use crate::ast::{Expr, ExprKind};
use crate::check::Info;
use crate::types::TypeId;

/// Go's `%v` of the expression `e`.
pub(crate) fn node(info: &Info, e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::BasicLit { raw, .. } => raw.clone(),
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
        } => call(info, fun, args, ellipsis.is_some()),
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

fn list(info: &Info, es: &[Expr]) -> String {
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
