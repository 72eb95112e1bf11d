//! Calls: function and method calls with argument passing (incl. variadics and `f(g())`),
//! conversions `T(x)`, and dispatch to the builtins.

use super::scope::ScopeId;
use super::{Checker, Mode, Operand};
use crate::ast::{Expr, ExprKind};
use crate::types::{BasicKind, Signature, TypeData, TypeId, INVALID};

impl<'a> Checker<'a> {
    pub(crate) fn call(&mut self, scope: ScopeId, e: &Expr) -> Operand {
        let ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } = &e.kind
        else {
            return Operand::invalid();
        };
        if let ExprKind::Index { x, indices, .. } = &fun.unparen().kind {
            if let Some(generic) = self.peek_generic_func(scope, x) {
                let f = self.expr_or_type(scope, x);
                if f.is_invalid() {
                    return f;
                }
                let call = super::infer::GenericCall {
                    e,
                    fun,
                    generic,
                    explicit: indices,
                    args,
                    ellipsis: *ellipsis,
                };
                return self.generic_call(scope, &call);
            }
        }
        let f = self.expr_or_type(scope, fun);
        if let Some(generic) = self.generic_of(fun) {
            if matches!(self.obj(generic).kind, super::ObjKind::Func { .. }) {
                let call = super::infer::GenericCall {
                    e,
                    fun,
                    generic,
                    explicit: &[],
                    args,
                    ellipsis: *ellipsis,
                };
                return self.generic_call(scope, &call);
            }
        }
        match f.mode {
            Mode::Invalid => {
                for a in args {
                    self.expr_or_type(scope, a);
                }
                Operand::invalid()
            }
            Mode::TypeExpr => self.conversion(scope, e, f.typ, args),
            Mode::Builtin(b) => self.builtin(scope, e, b, args, *ellipsis),
            Mode::Package => {
                self.error(
                    fun.pos(),
                    format!("use of package {} not in selector", f.text),
                );
                Operand::invalid()
            }
            _ => self.func_call(scope, e, f, args, *ellipsis),
        }
    }

    /// The generic function `e` names (`F` or `pkg.F`), found without checking `e`.
    fn peek_generic_func(&self, scope: ScopeId, e: &Expr) -> Option<super::ObjId> {
        let obj = match &e.unparen().kind {
            ExprKind::Ident(n) => self.lookup(scope, n)?,
            ExprKind::Selector { x, sel } => {
                let ExprKind::Ident(p) = &x.kind else {
                    return None;
                };
                let pkg = self.lookup(scope, p)?;
                let super::ObjKind::Package { scope: ps, .. } = self.obj(pkg).kind else {
                    return None;
                };
                self.lookup_local(ps, &sel.name)?
            }
            _ => return None,
        };
        let is_func = matches!(self.obj(obj).kind, super::ObjKind::Func { .. });
        (is_func && self.generics.contains_key(&obj)).then_some(obj)
    }

    fn func_call(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        f: Operand,
        args: &[Expr],
        ellipsis: Option<u32>,
    ) -> Operand {
        let text = self.expr_string(e);
        let Some(sig) = self.types.signature(f.typ).cloned() else {
            let d = self.describe(&f);
            let ts = self.type_str(f.typ);
            self.error(
                e.pos(),
                format!("invalid operation: cannot call {d}: {ts} is not a function"),
            );
            for a in args {
                self.expr_or_type(scope, a);
            }
            return Operand::invalid();
        };
        self.arguments(scope, e, &f.text, &sig, args, ellipsis);
        self.call_result(text, &sig)
    }

    /// The operand a call of a function with signature `sig` gives.
    pub(crate) fn call_result(&mut self, text: String, sig: &Signature) -> Operand {
        match sig.results.len() {
            0 => Operand::new(Mode::NoValue, INVALID, text),
            1 => Operand::new(Mode::Value, sig.results[0].1, text),
            _ => {
                let ts = sig.results.iter().map(|r| r.1).collect();
                let t = self.types.tuple(ts);
                Operand::new(Mode::Value, t, text)
            }
        }
    }

    /// Checks the arguments of a call against a signature, with Go's count and type errors.
    fn arguments(
        &mut self,
        scope: ScopeId,
        call: &Expr,
        fname: &str,
        sig: &Signature,
        args: &[Expr],
        ellipsis: Option<u32>,
    ) {
        let ops = self.eval_args(scope, args, ellipsis);
        self.check_args(call, fname, sig, ops, ellipsis);
    }

    /// Evaluates call arguments (`f(g())` spreads `g`'s results).
    pub(crate) fn eval_args(
        &mut self,
        scope: ScopeId,
        args: &[Expr],
        ellipsis: Option<u32>,
    ) -> Vec<Operand> {
        let mut ops: Vec<Operand> = Vec::new();
        if args.len() == 1 && ellipsis.is_none() {
            let x = self.expr_or_type(scope, &args[0]);
            if let TypeData::Tuple(ts) = self.types.get(x.typ).clone() {
                for t in ts {
                    let mut op = Operand::new(Mode::Value, t, x.text.clone());
                    op.pos = x.pos;
                    ops.push(op);
                }
            } else {
                ops.push(self.arg_value(&args[0], x));
            }
        } else {
            for a in args {
                let x = self.expr_or_type(scope, a);
                ops.push(self.arg_value(a, x));
            }
        }
        ops
    }

    /// An argument's operand: a value, or a generic function to instantiate for the
    /// parameter's type (`slices.SortFunc(s, cmp.Compare)`).
    fn arg_value(&mut self, a: &Expr, x: Operand) -> Operand {
        if let Some(g) = self.generic_of(a) {
            if x.mode == Mode::Value && matches!(self.obj(g).kind, super::ObjKind::Func { .. }) {
                self.generic_args.insert(x.pos, (g, a.unparen().id));
                return x;
            }
        }
        self.require_value(a, x)
    }

    /// Checks evaluated arguments against a signature, with Go's count and type errors.
    pub(crate) fn check_args(
        &mut self,
        call: &Expr,
        fname: &str,
        sig: &Signature,
        ops: Vec<Operand>,
        ellipsis: Option<u32>,
    ) {
        let positions: Vec<u32> = ops.iter().map(|o| o.pos).collect();
        self.check_arg_list(call, fname, sig, ops, ellipsis);
        for p in positions {
            self.generic_args.remove(&p);
        }
    }

    fn check_arg_list(
        &mut self,
        call: &Expr,
        fname: &str,
        sig: &Signature,
        mut ops: Vec<Operand>,
        ellipsis: Option<u32>,
    ) {
        if ops.iter().any(|o| o.is_invalid()) {
            return;
        }
        if ellipsis.is_some() && !sig.variadic {
            self.error(
                call.pos(),
                format!("cannot use ... in call to non-variadic {fname}"),
            );
            return;
        }
        let nparams = sig.params.len();
        let count_ok = if sig.variadic && ellipsis.is_none() {
            ops.len() + 1 >= nparams
        } else {
            ops.len() == nparams
        };
        if !count_ok {
            self.report_arg_count(call, fname, sig, &ops);
            return;
        }
        let context = format!("argument to {fname}");
        for (i, x) in ops.iter_mut().enumerate() {
            let t = if sig.variadic && i + 1 >= nparams {
                let last = sig.params[nparams - 1].1;
                if ellipsis.is_some() {
                    last
                } else {
                    match self.types.get(last) {
                        TypeData::Slice(e) => *e,
                        _ => last,
                    }
                }
            } else {
                sig.params[i].1
            };
            if let Some((g, id)) = self.generic_args.remove(&x.pos) {
                self.instantiate_for(g, id, x, t, (call, fname));
            }
            self.assignment_ctx(x, t, context.clone());
        }
    }

    fn report_arg_count(&mut self, call: &Expr, fname: &str, sig: &Signature, ops: &[Operand]) {
        let nparams = sig.params.len();
        let too_many = ops.len() > nparams;
        let pos = if too_many {
            ops[nparams].pos
        } else if let Some(last) = ops.last() {
            last.pos
        } else {
            call.pos()
        };
        let have = self.types_summary(ops.iter().map(|o| o.typ));
        let want = self.params_summary(sig);
        let qual = if too_many { "too many" } else { "not enough" };
        self.error(
            pos,
            format!("{qual} arguments in call to {fname}\n\thave {have}\n\twant {want}"),
        );
    }

    /// `(number, string)`: untyped constants print by kind, as Go's `typesSummary`.
    pub(crate) fn types_summary(&self, ts: impl Iterator<Item = TypeId>) -> String {
        let parts: Vec<String> = ts
            .map(|t| match self.types.basic_kind(t) {
                Some(k) if self.types.is_untyped(t) => match k {
                    BasicKind::UntypedInt | BasicKind::UntypedRune | BasicKind::UntypedFloat => {
                        "number".to_string()
                    }
                    BasicKind::UntypedString => "string".to_string(),
                    BasicKind::UntypedBool => "bool".to_string(),
                    BasicKind::UntypedNil => "nil".to_string(),
                    _ => self.type_str(t),
                },
                _ => self.type_str(t),
            })
            .collect();
        format!("({})", parts.join(", "))
    }

    fn params_summary(&self, sig: &Signature) -> String {
        let n = sig.params.len();
        let parts: Vec<String> = sig
            .params
            .iter()
            .enumerate()
            .map(|(i, (_, t))| {
                if sig.variadic && i + 1 == n {
                    match self.types.get(*t) {
                        TypeData::Slice(e) => format!("...{}", self.type_str(*e)),
                        _ => self.type_str(*t),
                    }
                } else {
                    self.type_str(*t)
                }
            })
            .collect();
        format!("({})", parts.join(", "))
    }

    /// `T(x)`: Go's conversion rules, constant conversions, and their errors.
    fn conversion(&mut self, scope: ScopeId, e: &Expr, t: TypeId, args: &[Expr]) -> Operand {
        let text = self.expr_string(e);
        let ts = self.type_str(t);
        if args.len() != 1 {
            for a in args {
                self.expr(scope, a);
            }
            if args.is_empty() {
                self.error(e.pos(), format!("missing argument in conversion to {ts}"));
            } else {
                self.error(
                    args[1].pos(),
                    format!("too many arguments in conversion to {ts}"),
                );
            }
            return Operand::invalid();
        }
        let mut x = self.expr(scope, &args[0]);
        if x.is_invalid() {
            return x;
        }
        if x.mode == Mode::Constant && self.is_const_type(t) {
            return self.const_conversion(e, x, t, text);
        }
        if !self.convertible(&x, t) {
            let d = self.describe(&x);
            self.error(x.pos, format!("cannot convert {d} to type {ts}"));
            return Operand::invalid();
        }
        if self.types.is_untyped(x.typ) {
            x.typ = if x.mode == Mode::Nil {
                t
            } else {
                self.types.default_type(x.typ)
            };
        }
        Operand::new(Mode::Value, t, text)
    }

    fn const_conversion(&mut self, _e: &Expr, x: Operand, t: TypeId, text: String) -> Operand {
        let ts = self.type_str(t);
        let Some(v) = x.val.clone() else {
            return Operand::invalid();
        };
        let Some(k) = self.types.basic_kind(t) else {
            return Operand::invalid();
        };
        if k.is_string() && (self.types.is_integer(x.typ)) {
            let code = v
                .as_i64()
                .and_then(|c| u32::try_from(c).ok())
                .and_then(char::from_u32);
            let s = code.unwrap_or('\u{FFFD}').to_string().into_bytes();
            return Operand::constant(t, crate::constant::Value::String(s), text);
        }
        let compatible = (k.is_numeric() && self.types.is_numeric(x.typ))
            || (k.is_string() && self.types.is_string(x.typ))
            || (k.is_boolean() && self.types.is_boolean(x.typ));
        if !compatible {
            let d = self.describe(&x);
            self.error(x.pos, format!("cannot convert {d} to type {ts}"));
            return Operand::invalid();
        }
        let v = if k.is_integer() && !v.is_int() {
            match v.to_int() {
                Some(i) => i,
                None => {
                    let d = self.describe(&x);
                    self.error(x.pos, format!("cannot convert {d} to type {ts}"));
                    return Operand::invalid();
                }
            }
        } else {
            v
        };
        match self.representable(&v, k) {
            Ok(v) => Operand::constant(t, v, text),
            Err(_) => {
                self.error(x.pos, format!("constant {v} overflows {ts}"));
                Operand::invalid()
            }
        }
    }

    /// Go's convertibility of a (non-constant) value `x` to `t`.
    pub(crate) fn convertible(&mut self, x: &Operand, t: TypeId) -> bool {
        if self.assignable_to(x, t) {
            return true;
        }
        let (v, tt) = (self.types.underlying(x.typ), self.types.underlying(t));
        if self.types.identical_ignore_tags(v, tt) {
            return true;
        }
        if let (TypeData::Pointer(a), TypeData::Pointer(b)) =
            (self.types.get(x.typ).clone(), self.types.get(t).clone())
        {
            let (ua, ub) = (self.types.underlying(a), self.types.underlying(b));
            if self.types.identical_ignore_tags(ua, ub) {
                return true;
            }
        }
        if self.types.is_numeric(v) && self.types.is_numeric(tt) {
            return true;
        }
        if self.types.is_string(tt) && self.types.is_integer(v) {
            return true;
        }
        if self.types.is_string(tt) || self.types.is_string(v) {
            let other = if self.types.is_string(tt) { v } else { tt };
            if let TypeData::Slice(e) = self.types.get(other) {
                let ek = self.types.basic_kind(*e);
                return matches!(ek, Some(BasicKind::Uint8) | Some(BasicKind::Int32));
            }
        }
        if let (TypeData::Slice(se), TypeData::Array(_, ae)) =
            (self.types.get(v).clone(), self.types.get(tt).clone())
        {
            return self.types.identical(se, ae);
        }
        if let (TypeData::Slice(se), TypeData::Pointer(p)) =
            (self.types.get(v).clone(), self.types.get(tt).clone())
        {
            if let TypeData::Array(_, ae) = self.types.under(p).clone() {
                return self.types.identical(se, ae);
            }
        }
        false
    }
}

impl crate::types::TypeTable {
    /// Identity that ignores struct tags (for conversions).
    pub fn identical_ignore_tags(&self, a: TypeId, b: TypeId) -> bool {
        if self.identical(a, b) {
            return true;
        }
        match (self.get(a), self.get(b)) {
            (TypeData::Struct(f1), TypeData::Struct(f2)) => {
                f1.len() == f2.len()
                    && f1.iter().zip(f2).all(|(x, y)| {
                        x.name == y.name && x.embedded == y.embedded && self.identical(x.typ, y.typ)
                    })
            }
            _ => false,
        }
    }
}
