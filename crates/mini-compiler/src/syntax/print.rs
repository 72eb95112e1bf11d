//! Source-like rendering of expressions and simple statements, as Go's messages quote them.

use crate::ast::*;

/// Renders a simple statement (`x := 1`, `x++`, `ch <- v`); `None` for other statements.
pub fn stmt(s: &Stmt) -> Option<String> {
    Some(match s {
        Stmt::Expr(e) => expr(e),
        Stmt::Send { ch, value, .. } => format!("{} <- {}", expr(ch), expr(value)),
        Stmt::IncDec { x, inc, .. } => format!("{}{}", expr(x), if *inc { "++" } else { "--" }),
        Stmt::Assign { lhs, op, rhs, .. } => {
            let op = match op {
                AssignOp::Assign => "=".to_string(),
                AssignOp::Define => ":=".to_string(),
                AssignOp::Op(b) => format!("{}=", b.as_str()),
            };
            format!("{} {op} {}", list(lhs), list(rhs))
        }
        _ => return None,
    })
}

/// Renders one side of an assignment, parenthesising a lone binary expression as Go does.
pub fn emphasize(es: &[Expr]) -> String {
    match es {
        [e @ Expr {
            kind: ExprKind::Binary { .. },
            ..
        }] => format!("({})", expr(e)),
        _ => list(es),
    }
}

/// Renders a comma-separated expression list.
pub fn list(es: &[Expr]) -> String {
    es.iter().map(expr).collect::<Vec<_>>().join(", ")
}

/// Renders an expression the way Go's `syntax.String` does, with composite literal and
/// function bodies shortened to `…`.
pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(name) => name.clone(),
        ExprKind::BasicLit { raw, .. } => raw.to_string(),
        ExprKind::CompositeLit { typ, .. } => {
            format!("{}{{…}}", typ.as_deref().map(expr).unwrap_or_default())
        }
        ExprKind::FuncLit { sig, .. } => format!("func{} {{…}}", signature(sig)),
        ExprKind::Paren(x) => format!("({})", expr(x)),
        ExprKind::Selector { x, sel } => format!("{}.{}", expr(x), sel.name),
        ExprKind::Index { x, indices, .. } => format!("{}[{}]", expr(x), list(indices)),
        ExprKind::Slice { x, lo, hi, max, .. } => slice(x, lo, hi, max),
        ExprKind::TypeAssert { x, typ, .. } => match typ {
            Some(t) => format!("{}.({})", expr(x), expr(t)),
            None => format!("{}.(type)", expr(x)),
        },
        ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } => {
            let dots = if ellipsis.is_some() { "..." } else { "" };
            format!("{}({}{dots})", expr(fun), list(args))
        }
        ExprKind::Unary { op, x } => format!("{}{}", op.as_str(), expr(x)),
        ExprKind::Binary { op, x, y, .. } => {
            format!("{} {} {}", expr(x), op.as_str(), expr(y))
        }
        ExprKind::ArrayType { len, elem } => match len {
            Some(n) => format!("[{}]{}", expr(n), expr(elem)),
            None => format!("[...]{}", expr(elem)),
        },
        ExprKind::SliceType { elem } => format!("[]{}", expr(elem)),
        ExprKind::MapType { key, value } => format!("map[{}]{}", expr(key), expr(value)),
        ExprKind::ChanType { dir, elem } => match dir {
            ChanDir::Both => format!("chan {}", expr(elem)),
            ChanDir::Send => format!("chan<- {}", expr(elem)),
            ChanDir::Recv => format!("<-chan {}", expr(elem)),
        },
        ExprKind::FuncType(sig) => format!("func{}", signature(sig)),
        ExprKind::StructType { fields } if fields.is_empty() => "struct{}".to_string(),
        ExprKind::StructType { .. } => "struct{…}".to_string(),
        ExprKind::InterfaceType { elems } if elems.is_empty() => "interface{}".to_string(),
        ExprKind::InterfaceType { .. } => "interface{…}".to_string(),
        ExprKind::Ellipsis { elem } => {
            format!("...{}", elem.as_deref().map(expr).unwrap_or_default())
        }
        ExprKind::Bad => "_".to_string(),
    }
}

fn slice(
    x: &Expr,
    lo: &Option<Box<Expr>>,
    hi: &Option<Box<Expr>>,
    max: &Option<Box<Expr>>,
) -> String {
    let part = |e: &Option<Box<Expr>>| e.as_deref().map(expr).unwrap_or_default();
    match max {
        Some(m) => format!("{}[{}:{}:{}]", expr(x), part(lo), part(hi), expr(m)),
        None => format!("{}[{}:{}]", expr(x), part(lo), part(hi)),
    }
}

/// `(a int, b string) (int, error)`.
pub fn signature(sig: &FuncType) -> String {
    let params = fields(&sig.params);
    match sig.results.as_slice() {
        [] => format!("({params})"),
        [f] if f.names.is_empty() => format!("({params}) {}", expr(&f.typ)),
        rs => format!("({params}) ({})", fields(rs)),
    }
}

fn fields(fs: &[Field]) -> String {
    fs.iter()
        .map(|f| {
            let names: Vec<&str> = f.names.iter().map(|n| n.name.as_str()).collect();
            let dots = if f.variadic { "..." } else { "" };
            if names.is_empty() {
                format!("{dots}{}", expr(&f.typ))
            } else {
                format!("{} {dots}{}", names.join(", "), expr(&f.typ))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
