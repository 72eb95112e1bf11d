//! The predeclared functions: `len cap append copy delete make new min max clear panic
//! recover print println close`, with Go's argument rules and messages.

use super::scope::{Builtin, ScopeId};
use super::{Checker, Mode, Operand};
use crate::ast::Expr;
use crate::constant::Value;
use crate::types::{BasicKind, TypeData, TypeId, INVALID};

impl<'a> Checker<'a> {
    pub(crate) fn builtin(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        b: Builtin,
        args: &[Expr],
        ellipsis: Option<u32>,
    ) -> Operand {
        let text = self.expr_string(e);
        if matches!(b, Builtin::Complex | Builtin::Real | Builtin::Imag) {
            self.error(e.pos(), "not supported: complex numbers");
            return Operand::invalid();
        }
        if ellipsis.is_some() && b != Builtin::Append {
            let name = b.name();
            self.error(
                e.pos(),
                format!("invalid operation: invalid use of ... with built-in {name}"),
            );
            return Operand::invalid();
        }
        if let Some((min, max)) = arity(b) {
            let n = args.len();
            if n < min || max.is_some_and(|m| n > m) {
                return self.builtin_count_error(scope, e, args, min, max, &text);
            }
        }
        match b {
            Builtin::Len | Builtin::Cap => self.len_cap(scope, e, b, &args[0], text),
            Builtin::Append => self.append(scope, e, args, ellipsis, text),
            Builtin::Copy => self.copy_builtin(scope, args, text),
            Builtin::Delete => self.delete_builtin(scope, args, text),
            Builtin::Make => self.make_builtin(scope, e, args, text),
            Builtin::New => self.new_builtin(scope, &args[0], text),
            Builtin::Min | Builtin::Max => self.min_max(scope, args, text),
            Builtin::Clear => self.clear_builtin(scope, &args[0], text),
            Builtin::Close => self.close_builtin(scope, &args[0], text),
            Builtin::Panic => {
                let mut x = self.expr(scope, &args[0]);
                let any = self.types.any;
                self.assignment(&mut x, any, "argument to panic");
                Operand::new(Mode::NoValue, INVALID, text)
            }
            Builtin::Recover => Operand::new(Mode::Value, self.types.any, text),
            Builtin::Print | Builtin::Println => {
                for a in args {
                    let mut x = self.expr(scope, a);
                    if x.mode == Mode::Nil {
                        self.error(x.pos, "use of untyped nil in argument to built-in print");
                        continue;
                    }
                    let t = self.types.default_type(x.typ);
                    self.assignment(&mut x, t, "argument to built-in print");
                }
                Operand::new(Mode::NoValue, INVALID, text)
            }
            Builtin::Complex | Builtin::Real | Builtin::Imag => Operand::invalid(),
        }
    }

    fn builtin_count_error(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        args: &[Expr],
        min: usize,
        max: Option<usize>,
        text: &str,
    ) -> Operand {
        for a in args {
            self.expr_or_type(scope, a);
        }
        let n = args.len();
        let (qual, expected) = if n < min {
            ("not enough", min)
        } else {
            ("too many", max.unwrap_or(min))
        };
        let pos = e.pos();
        self.error(
            pos,
            format!(
                "invalid operation: {qual} arguments for {text} (expected {expected}, found {n})"
            ),
        );
        Operand::invalid()
    }

    fn len_cap(
        &mut self,
        scope: ScopeId,
        _e: &Expr,
        b: Builtin,
        a: &Expr,
        text: String,
    ) -> Operand {
        let x = self.expr(scope, a);
        if x.is_invalid() {
            return x;
        }
        let int = self.types.basic(BasicKind::Int);
        let base = match self.types.under(x.typ) {
            TypeData::Pointer(p) => match self.types.under(*p) {
                TypeData::Array(..) => *p,
                _ => x.typ,
            },
            _ => x.typ,
        };
        let ok = match self.types.under(base) {
            TypeData::Basic(k) => k.is_string() && b == Builtin::Len,
            TypeData::Array(..) | TypeData::Slice(_) | TypeData::Chan(..) => true,
            TypeData::Map(..) => b == Builtin::Len,
            _ => false,
        };
        if !ok {
            let d = self.describe(&x);
            self.error(
                x.pos,
                format!("invalid argument: {d} for built-in {}", b.name()),
            );
            return Operand::invalid();
        }
        if x.mode == Mode::Constant {
            if let Some(Value::String(s)) = &x.val {
                return Operand::constant(int, Value::Int(s.len().into()), text);
            }
        }
        if let TypeData::Array(n, _) = self.types.under(base) {
            if !self.has_call_or_recv(a) {
                return Operand::constant(int, Value::Int((*n).into()), text);
            }
        }
        Operand::new(Mode::Value, int, text)
    }

    fn has_call_or_recv(&self, e: &Expr) -> bool {
        use crate::ast::ExprKind::*;
        match &e.kind {
            Call { .. } => true,
            Unary { op, x } => *op == crate::ast::UnaryOp::Recv || self.has_call_or_recv(x),
            Paren(x) | Selector { x, .. } => self.has_call_or_recv(x),
            Index { x, indices, .. } => {
                self.has_call_or_recv(x) || indices.iter().any(|i| self.has_call_or_recv(i))
            }
            Binary { x, y, .. } => self.has_call_or_recv(x) || self.has_call_or_recv(y),
            _ => false,
        }
    }

    fn append(
        &mut self,
        scope: ScopeId,
        _e: &Expr,
        args: &[Expr],
        ellipsis: Option<u32>,
        text: String,
    ) -> Operand {
        let s = self.expr(scope, &args[0]);
        if s.is_invalid() {
            for a in &args[1..] {
                self.expr(scope, a);
            }
            return s;
        }
        let elem = match self.types.under(s.typ) {
            TypeData::Slice(e) => *e,
            _ => {
                for a in &args[1..] {
                    self.expr(scope, a);
                }
                if s.mode == Mode::Nil {
                    self.error(
                        s.pos,
                        "invalid append: first argument must be a typed slice; have untyped nil",
                    );
                    return Operand::invalid();
                }
                let d = self.describe(&s);
                self.error(
                    s.pos,
                    format!("invalid append: argument must be a slice; have {d}"),
                );
                return Operand::invalid();
            }
        };
        if ellipsis.is_some() {
            if args.len() != 2 {
                self.error(
                    args[0].pos(),
                    "can only use ... with final argument in list",
                );
                return Operand::invalid();
            }
            let mut x = self.expr(scope, &args[1]);
            if x.is_invalid() {
                return Operand::new(Mode::Value, s.typ, text);
            }
            let is_bytes_from_string = self.types.basic_kind(elem) == Some(BasicKind::Uint8)
                && self.types.is_string(x.typ);
            if !is_bytes_from_string {
                let st = s.typ;
                self.assignment(&mut x, st, "argument to append");
            }
            return Operand::new(Mode::Value, s.typ, text);
        }
        for a in &args[1..] {
            let mut x = self.expr(scope, a);
            self.assignment(&mut x, elem, "argument to append");
        }
        Operand::new(Mode::Value, s.typ, text)
    }

    fn copy_builtin(&mut self, scope: ScopeId, args: &[Expr], text: String) -> Operand {
        let dst = self.expr(scope, &args[0]);
        let src = self.expr(scope, &args[1]);
        if dst.is_invalid() || src.is_invalid() {
            return Operand::invalid();
        }
        let int = self.types.basic(BasicKind::Int);
        let de = match self.types.under(dst.typ) {
            TypeData::Slice(e) => *e,
            _ => {
                let d = self.describe(&dst);
                self.error(
                    dst.pos,
                    format!("invalid copy: argument must be a slice; have {d}"),
                );
                return Operand::invalid();
            }
        };
        let se = match self.types.under(src.typ) {
            TypeData::Slice(e) => *e,
            TypeData::Basic(k) if k.is_string() => self.types.basic(BasicKind::Uint8),
            _ => {
                let d = self.describe(&src);
                self.error(
                    src.pos,
                    format!("invalid copy: argument must be a slice; have {d}"),
                );
                return Operand::invalid();
            }
        };
        if !self.types.identical(de, se) {
            let (dd, sd) = (self.describe(&dst), self.describe(&src));
            let (dts, sts) = (self.type_str(de), self.type_str(se));
            self.error(
                dst.pos,
                format!("invalid copy: arguments {dd} and {sd} have different element types {dts} and {sts}"),
            );
            return Operand::invalid();
        }
        Operand::new(Mode::Value, int, text)
    }

    fn delete_builtin(&mut self, scope: ScopeId, args: &[Expr], text: String) -> Operand {
        let m = self.expr(scope, &args[0]);
        let mut k = self.expr(scope, &args[1]);
        if m.is_invalid() || k.is_invalid() {
            return Operand::invalid();
        }
        let TypeData::Map(kt, _) = self.types.under(m.typ).clone() else {
            let d = self.describe(&m);
            self.error(m.pos, format!("invalid argument: {d} is not a map"));
            return Operand::invalid();
        };
        self.assignment(&mut k, kt, "argument to delete");
        Operand::new(Mode::NoValue, INVALID, text)
    }

    fn make_builtin(&mut self, scope: ScopeId, e: &Expr, args: &[Expr], text: String) -> Operand {
        let t = self.type_expr(scope, &args[0]);
        if t == INVALID {
            for a in &args[1..] {
                self.expr(scope, a);
            }
            return Operand::invalid();
        }
        let min = match self.types.under(t) {
            TypeData::Slice(_) => 2,
            TypeData::Map(..) | TypeData::Chan(..) => 1,
            _ => {
                for a in &args[1..] {
                    self.expr(scope, a);
                }
                let s = self.expr_string(&args[0]);
                self.error(
                    args[0].pos(),
                    format!(
                        "invalid argument: cannot make {s}: type must be slice, map, or channel"
                    ),
                );
                return Operand::invalid();
            }
        };
        if args.len() < min || args.len() > 3 || (min == 1 && args.len() > 2) {
            for a in &args[1..] {
                self.expr(scope, a);
            }
            let expects = if min == 2 { "2 or 3" } else { "1 or 2" };
            let s = self.expr_string(&args[0]);
            let found = args.len();
            self.error(
                e.pos(),
                format!("invalid operation: make({s}) expects {expects} arguments; found {found}"),
            );
            return Operand::invalid();
        }
        let mut sizes: Vec<Option<i128>> = Vec::new();
        for a in &args[1..] {
            sizes.push(self.size_arg(scope, a));
        }
        if let [Some(l), Some(c)] = sizes.as_slice() {
            if l > c {
                self.error(
                    args[1].pos(),
                    "invalid argument: length and capacity swapped",
                );
                return Operand::invalid();
            }
        }
        Operand::new(Mode::Value, t, text)
    }

    /// A size or index argument: an integer (or untyped constant representable as int),
    /// non-negative if constant. Returns the constant value when there is one.
    pub(crate) fn size_arg(&mut self, scope: ScopeId, a: &Expr) -> Option<i128> {
        let x = self.expr(scope, a);
        self.index_value(&x, None, "index")
    }

    fn new_builtin(&mut self, scope: ScopeId, a: &Expr, text: String) -> Operand {
        let x = self.expr_or_type(scope, a);
        if x.is_invalid() {
            return x;
        }
        let t = if x.mode == Mode::TypeExpr {
            x.typ
        } else {
            let x = self.require_value(a, x);
            if x.is_invalid() {
                return x;
            }
            self.types.default_type(x.typ)
        };
        let p = self.types.pointer(t);
        Operand::new(Mode::Value, p, text)
    }

    fn min_max(&mut self, scope: ScopeId, args: &[Expr], text: String) -> Operand {
        let mut ops: Vec<Operand> = Vec::new();
        for a in args {
            ops.push(self.expr(scope, a));
        }
        if ops.iter().any(|o| o.is_invalid()) {
            return Operand::invalid();
        }
        for o in &ops {
            if !self.types.is_ordered(o.typ) {
                let d = self.describe(o);
                self.error(o.pos, format!("invalid argument: {d} cannot be ordered"));
                return Operand::invalid();
            }
        }
        let mut acc = ops[0].clone();
        for o in ops.iter().skip(1) {
            let mut y = o.clone();
            let at = acc.typ;
            if !self.types.is_untyped(at) && self.types.is_untyped(y.typ) {
                if !self.assignment(&mut y, at, "argument to min") {
                    return Operand::invalid();
                }
            } else if self.types.is_untyped(at) && !self.types.is_untyped(y.typ) {
                let yt = y.typ;
                if !self.assignment(&mut acc, yt, "argument to min") {
                    return Operand::invalid();
                }
            } else if !self.types.identical(at, y.typ) && !self.same_untyped_class(at, y.typ) {
                let (xs, ys) = (self.type_str(at), self.type_str(y.typ));
                let d = y.text.clone();
                self.error(y.pos, format!("invalid argument: mismatched types {xs} (previous argument) and {ys} (type of {d})"));
                return Operand::invalid();
            }
            let both_const = acc.mode == Mode::Constant && y.mode == Mode::Constant;
            if both_const {
                let (Some(a), Some(b)) = (&acc.val, &y.val) else {
                    return Operand::invalid();
                };
                let is_max = text.starts_with("max");
                let take_b = if is_max {
                    Value::compare(b, crate::ast::BinaryOp::Gt, a)
                } else {
                    Value::compare(b, crate::ast::BinaryOp::Lt, a)
                };
                let t = if self.types.is_untyped(acc.typ) && self.types.is_untyped(y.typ) {
                    wider_untyped(&self.types, acc.typ, y.typ)
                } else {
                    acc.typ
                };
                let v = if take_b { b.clone() } else { a.clone() };
                acc = Operand::constant(t, v, String::new());
            } else {
                acc = Operand::new(Mode::Value, acc.typ, String::new());
            }
        }
        acc.text = text;
        acc
    }

    fn clear_builtin(&mut self, scope: ScopeId, a: &Expr, text: String) -> Operand {
        let x = self.expr(scope, a);
        if x.is_invalid() {
            return x;
        }
        if !matches!(
            self.types.under(x.typ),
            TypeData::Map(..) | TypeData::Slice(_)
        ) {
            let d = self.describe(&x);
            self.error(x.pos, format!("invalid argument: cannot clear {d}: argument must be (or constrained by) map or slice"));
            return Operand::invalid();
        }
        Operand::new(Mode::NoValue, INVALID, text)
    }

    fn close_builtin(&mut self, scope: ScopeId, a: &Expr, text: String) -> Operand {
        let x = self.expr(scope, a);
        if x.is_invalid() {
            return x;
        }
        match self.types.under(x.typ) {
            TypeData::Chan(crate::types::ChanDir::Recv, _) => {
                let d = self.describe(&x);
                self.error(
                    x.pos,
                    format!("invalid operation: cannot close receive-only channel {d}"),
                );
                Operand::invalid()
            }
            TypeData::Chan(..) => Operand::new(Mode::NoValue, INVALID, text),
            _ => {
                let d = self.describe(&x);
                self.error(
                    x.pos,
                    format!("invalid operation: cannot close non-channel {d}"),
                );
                Operand::invalid()
            }
        }
    }

    /// Checks an index operand (`x[i]`, `make` sizes); `len` bounds constant indices.
    pub(crate) fn index_value(
        &mut self,
        x: &Operand,
        len: Option<u64>,
        what: &str,
    ) -> Option<i128> {
        if x.is_invalid() {
            return None;
        }
        let int = self.types.basic(BasicKind::Int);
        if x.mode == Mode::Constant {
            let v = x.val.as_ref().and_then(|v| v.to_int());
            let Some(v) =
                v.filter(|_| self.types.is_untyped(x.typ) || self.types.is_integer(x.typ))
            else {
                if self.types.is_untyped(x.typ) && self.types.is_numeric(x.typ) {
                    let d = self.describe(x);
                    self.error(x.pos, format!("{d} truncated to int"));
                } else if self.types.is_untyped(x.typ) {
                    let d = self.describe(x);
                    self.error(x.pos, format!("cannot convert {d} to type int"));
                } else {
                    let d = self.describe(x);
                    self.error(
                        x.pos,
                        format!("invalid argument: {what} {d} must be integer"),
                    );
                }
                return None;
            };
            let n = v.as_i64().map(i128::from);
            let Some(n) = n else {
                let d = self.describe(x);
                self.error(x.pos, format!("invalid argument: {what} {d} overflows int"));
                return None;
            };
            if n < 0 {
                let mut y = x.clone();
                if self.types.is_untyped(y.typ) {
                    y.typ = int;
                    y.val = Some(v);
                }
                let d = self.describe(&y);
                self.error(
                    x.pos,
                    format!("invalid argument: {what} {d} must not be negative"),
                );
                return None;
            }
            if let Some(len) = len {
                if n as u64 >= len {
                    self.error(
                        x.pos,
                        format!("invalid argument: {what} {n} out of bounds [0:{len}]"),
                    );
                    return None;
                }
            }
            return Some(n);
        }
        if !self.types.is_integer(x.typ) {
            let d = self.describe(x);
            self.error(
                x.pos,
                format!("invalid argument: {what} {d} must be integer"),
            );
        }
        None
    }
}

impl<'a> Checker<'a> {
    /// Two untyped types that can meet in `min`/`max`: both numeric or both strings.
    fn same_untyped_class(&self, a: TypeId, b: TypeId) -> bool {
        self.types.is_untyped(a)
            && self.types.is_untyped(b)
            && self.types.is_numeric(a) == self.types.is_numeric(b)
            && self.types.is_string(a) == self.types.is_string(b)
    }
}

fn wider_untyped(types: &crate::types::TypeTable, a: TypeId, b: TypeId) -> TypeId {
    let rank = |t: TypeId| match types.basic_kind(t) {
        Some(BasicKind::UntypedInt) => 0,
        Some(BasicKind::UntypedRune) => 1,
        Some(BasicKind::UntypedFloat) => 2,
        _ => 3,
    };
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

/// The argument count range of a builtin (`None` max for variadic ones).
fn arity(b: Builtin) -> Option<(usize, Option<usize>)> {
    Some(match b {
        Builtin::Append => (1, None),
        Builtin::Cap
        | Builtin::Len
        | Builtin::Clear
        | Builtin::Close
        | Builtin::New
        | Builtin::Panic => (1, Some(1)),
        Builtin::Copy | Builtin::Delete => (2, Some(2)),
        Builtin::Make => (1, None),
        Builtin::Max | Builtin::Min => (1, None),
        Builtin::Recover => (0, Some(0)),
        Builtin::Print | Builtin::Println => (0, None),
        Builtin::Complex | Builtin::Real | Builtin::Imag => return None,
    })
}
