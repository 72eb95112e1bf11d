//! Expressions printed the way Go prints them in diagnostics: function bodies and composite
//! literal contents shortened to `…` (`[]int{…}`, `func() {…}`).
//!
//! One difference from Go, on purpose: inside the printed expression, a subexpression that
//! spans more than `MAX_PRINTED_SPAN` bytes of source is printed as `…`. The checker prints
//! an operand's text at every level of an expression, so whole texts would cost time and
//! memory quadratic in the nesting (a sum of 200,000 terms ran out of memory); Go prints
//! only the texts its errors need.

use super::Checker;
use crate::ast::{ChanDir, Expr, ExprKind, Field, FuncType, InterfaceElem, UnaryOp};

/// Source bytes above which a subexpression of a printed expression is shortened to `…`.
const MAX_PRINTED_SPAN: u32 = 2048;

/// An operation's text for its messages: given (an op-assignment prints `x += y`), or its
/// expression's, printed once the operands are checked, so that a deeply nested expression
/// does not hold one text per pending level.
pub(crate) enum OpText<'e> {
    Given(String),
    Of(&'e Expr),
}

impl<'a> Checker<'a> {
    pub(crate) fn expr_string(&self, e: &Expr) -> String {
        let mut s = String::with_capacity(32);
        write_node(&mut s, e);
        s
    }

    pub(crate) fn op_text(&self, text: OpText) -> String {
        match text {
            OpText::Given(s) => s,
            OpText::Of(e) => self.expr_string(e),
        }
    }
}

/// A subexpression: `…` when it spans more than [`MAX_PRINTED_SPAN`] bytes.
fn write_expr(s: &mut String, e: &Expr) {
    if e.span.hi.saturating_sub(e.span.lo) > MAX_PRINTED_SPAN {
        s.push('…');
        return;
    }
    write_node(s, e);
}

/// `e` itself, whatever its length, with its subexpressions.
fn write_node(s: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Ident(name) => s.push_str(name),
        ExprKind::BasicLit { raw, .. } => s.push_str(raw),
        ExprKind::CompositeLit { typ, elems, .. } => {
            if let Some(t) = typ {
                write_expr(s, t);
            }
            s.push_str(if elems.is_empty() { "{}" } else { "{…}" });
        }
        ExprKind::FuncLit { sig, .. } => {
            s.push_str("func");
            write_sig(s, sig);
            s.push_str(" {…}");
        }
        ExprKind::Paren(x) => {
            s.push('(');
            write_expr(s, x);
            s.push(')');
        }
        ExprKind::Selector { x, sel } => {
            write_expr(s, x);
            s.push('.');
            s.push_str(&sel.name);
        }
        ExprKind::Index { x, indices, .. } => {
            write_expr(s, x);
            s.push('[');
            write_list(s, indices);
            s.push(']');
        }
        ExprKind::Slice {
            x,
            lo,
            hi,
            max,
            three,
            ..
        } => {
            write_expr(s, x);
            s.push('[');
            write_opt(s, lo);
            s.push(':');
            write_opt(s, hi);
            if *three {
                s.push(':');
                write_opt(s, max);
            }
            s.push(']');
        }
        ExprKind::TypeAssert { x, typ, .. } => {
            write_expr(s, x);
            s.push_str(".(");
            match typ {
                Some(t) => write_expr(s, t),
                None => s.push_str("type"),
            }
            s.push(')');
        }
        ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } => {
            write_expr(s, fun);
            s.push('(');
            write_list(s, args);
            if ellipsis.is_some() {
                s.push_str("...");
            }
            s.push(')');
        }
        ExprKind::Unary { op, x } => {
            s.push_str(op.as_str());
            if *op == UnaryOp::Recv
                && matches!(
                    x.kind,
                    ExprKind::Unary {
                        op: UnaryOp::Recv,
                        ..
                    }
                )
            {
                s.push(' ');
            }
            write_expr(s, x);
        }
        ExprKind::Binary { op, x, y, .. } => {
            write_expr(s, x);
            s.push(' ');
            s.push_str(op.as_str());
            s.push(' ');
            write_expr(s, y);
        }
        _ => write_type_expr(s, e),
    }
}

fn write_type_expr(s: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::ArrayType { len, elem } => {
            s.push('[');
            match len {
                Some(l) => write_expr(s, l),
                None => s.push_str("..."),
            }
            s.push(']');
            write_expr(s, elem);
        }
        ExprKind::SliceType { elem } => {
            s.push_str("[]");
            write_expr(s, elem);
        }
        ExprKind::MapType { key, value } => {
            s.push_str("map[");
            write_expr(s, key);
            s.push(']');
            write_expr(s, value);
        }
        ExprKind::ChanType { dir, elem } => {
            s.push_str(match dir {
                ChanDir::Both => "chan ",
                ChanDir::Send => "chan<- ",
                ChanDir::Recv => "<-chan ",
            });
            write_expr(s, elem);
        }
        ExprKind::FuncType(sig) => {
            s.push_str("func");
            write_sig(s, sig);
        }
        ExprKind::StructType { fields } => {
            s.push_str("struct{");
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    s.push_str("; ");
                }
                write_field(s, f);
            }
            s.push('}');
        }
        ExprKind::InterfaceType { elems } => write_interface(s, elems),
        ExprKind::Ellipsis { elem } => {
            s.push_str("...");
            if let Some(e) = elem {
                write_expr(s, e);
            }
        }
        _ => s.push_str("BadExpr"),
    }
}

fn write_interface(s: &mut String, elems: &[InterfaceElem]) {
    s.push_str("interface{");
    for (i, el) in elems.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        match el {
            InterfaceElem::Method { name, sig } => {
                s.push_str(&name.name);
                write_sig(s, sig);
            }
            InterfaceElem::Embed(terms) => {
                for (j, t) in terms.iter().enumerate() {
                    if j > 0 {
                        s.push_str(" | ");
                    }
                    if t.tilde {
                        s.push('~');
                    }
                    write_expr(s, &t.typ);
                }
            }
        }
    }
    s.push('}');
}

fn write_opt(s: &mut String, e: &Option<Box<Expr>>) {
    if let Some(e) = e {
        write_expr(s, e);
    }
}

fn write_list(s: &mut String, es: &[Expr]) {
    for (i, e) in es.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write_expr(s, e);
    }
}

fn write_field(s: &mut String, f: &Field) {
    for (i, n) in f.names.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&n.name);
    }
    if !f.names.is_empty() {
        s.push(' ');
    }
    if f.variadic {
        s.push_str("...");
    }
    write_expr(s, &f.typ);
}

fn write_sig(s: &mut String, sig: &FuncType) {
    s.push('(');
    for (i, f) in sig.params.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write_field(s, f);
    }
    s.push(')');
    match sig.results.as_slice() {
        [] => {}
        [f] if f.names.is_empty() => {
            s.push(' ');
            write_expr(s, &f.typ);
        }
        rs => {
            s.push_str(" (");
            for (i, f) in rs.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_field(s, f);
            }
            s.push(')');
        }
    }
}
