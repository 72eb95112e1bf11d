//! Expressions: identifiers, literals, operators, indexing, slicing, selectors and type
//! assertions, with Go's untyped-constant rules and Go's wording for every error.

use super::exprstr::OpText;
use super::scope::{ObjKind, ScopeId};
use super::{Checker, Mode, Operand};
use crate::ast::{BinaryOp, Expr, ExprKind, LitValue, UnaryOp};
use crate::constant::Value;
use crate::types::{BasicKind, TypeData, TypeId, INVALID};

impl<'a> Checker<'a> {
    /// Checks `e` as a single value (or a type, package or builtin, which the caller must handle
    /// with `expr_or_type`); records and returns its operand.
    pub(crate) fn expr(&mut self, scope: ScopeId, e: &Expr) -> Operand {
        let x = self.expr_or_type(scope, e);
        self.require_value(e, x)
    }

    /// Rejects operands that are not values with Go's message.
    pub(crate) fn require_value(&mut self, e: &Expr, x: Operand) -> Operand {
        if let Some(g) = self.generic_of(e) {
            if x.mode == Mode::Value && matches!(self.obj(g).kind, ObjKind::Func { .. }) {
                let name = self.obj(g).name.clone();
                self.error(
                    e.pos(),
                    format!("cannot use generic function {name} without instantiation"),
                );
                return Operand::invalid();
            }
        }
        let msg = match x.mode {
            Mode::TypeExpr => format!("{} (type) is not an expression", x.text),
            Mode::Builtin(_) => format!("{} (built-in) must be called", x.text),
            Mode::Package => format!("use of package {} not in selector", x.text),
            Mode::NoValue => format!("{} (no value) used as value", x.text),
            _ => {
                if let TypeData::Tuple(_) = self.types.get(x.typ) {
                    let msg = format!(
                        "multiple-value {} (value of type {}) in single-value context",
                        x.text,
                        self.type_str(x.typ)
                    );
                    self.error(e.pos(), msg);
                    return Operand::invalid();
                }
                return x;
            }
        };
        self.error(e.pos(), msg);
        Operand::invalid()
    }

    /// Checks `e`, which may denote a value, a type, a package or a builtin.
    pub(crate) fn expr_or_type(&mut self, scope: ScopeId, e: &Expr) -> Operand {
        let mut x = self.expr_inner(scope, e);
        x.pos = e.pos();
        if !x.is_invalid() {
            self.record(e, &x);
        }
        x
    }

    fn expr_inner(&mut self, scope: ScopeId, e: &Expr) -> Operand {
        match &e.kind {
            ExprKind::Ident(name) => self.ident(scope, e, name),
            ExprKind::BasicLit { value, raw } => self.basic_lit(e, value, raw),
            ExprKind::CompositeLit { .. } => self.composite_lit(scope, e, None),
            ExprKind::FuncLit { sig, body } => self.func_lit(scope, e, sig, body),
            ExprKind::Paren(x) => {
                let mut op = self.expr_or_type(scope, x);
                op.text = self.expr_string(e);
                op
            }
            ExprKind::Selector { x, sel } => self.selector(scope, e, x, sel),
            ExprKind::Index { x, indices, .. } => self.index_expr(scope, e, x, indices),
            ExprKind::Slice { .. } => self.slice_expr(scope, e),
            ExprKind::TypeAssert { x, typ, .. } => self.type_assert(scope, e, x, typ.as_deref()),
            ExprKind::Call { .. } => self.call(scope, e),
            ExprKind::Unary { op, x } => self.unary(scope, e, *op, x),
            ExprKind::Binary { op, x, y, .. } => self.binary(scope, e, *op, x, y),
            ExprKind::Bad => Operand::invalid(),
            ExprKind::Ellipsis { .. } => {
                self.error(e.pos(), "invalid use of ...");
                Operand::invalid()
            }
            _ => {
                let t = self.type_expr(scope, e);
                if t == INVALID {
                    return Operand::invalid();
                }
                self.operand(e, Mode::TypeExpr, t)
            }
        }
    }

    fn ident(&mut self, scope: ScopeId, e: &Expr, name: &str) -> Operand {
        if name == "_" {
            self.error(e.pos(), "cannot use _ as value or type");
            return Operand::invalid();
        }
        let Some(obj) = self.lookup(scope, name) else {
            self.error(e.pos(), format!("undefined: {name}"));
            return Operand::invalid();
        };
        self.uses.insert(e.id, obj);
        self.resolve_pending(obj);
        let text = name.to_string();
        match self.obj(obj).kind.clone() {
            ObjKind::Var { typ, .. } => {
                if let ObjKind::Var { used, .. } = &mut self.obj_mut(obj).kind {
                    *used = true;
                }
                if typ == INVALID {
                    return Operand::invalid();
                }
                Operand::new(Mode::Variable, typ, text)
            }
            ObjKind::Const { typ, val } => {
                if name == "iota" && self.obj(obj).pkg.is_none() {
                    return match self.iota {
                        Some(i) => Operand::constant(typ, Value::Int(i.into()), text),
                        None => {
                            self.error(e.pos(), "cannot use iota outside constant declaration");
                            Operand::invalid()
                        }
                    };
                }
                if typ == INVALID {
                    return Operand::invalid();
                }
                Operand::constant(typ, val, text)
            }
            ObjKind::TypeName { typ } => {
                if typ == INVALID {
                    return Operand::invalid();
                }
                Operand::new(Mode::TypeExpr, typ, text)
            }
            ObjKind::Func { sig, .. } => {
                if sig == INVALID {
                    return Operand::invalid();
                }
                Operand::new(Mode::Value, sig, text)
            }
            ObjKind::Package { .. } => Operand::new(Mode::Package, INVALID, text),
            ObjKind::Builtin(b) => Operand::new(Mode::Builtin(b), INVALID, text),
            ObjKind::Nil => Operand::new(Mode::Nil, self.types.basic(BasicKind::UntypedNil), text),
            ObjKind::Label { .. } => {
                self.error(e.pos(), format!("undefined: {name}"));
                Operand::invalid()
            }
        }
    }

    fn basic_lit(&mut self, e: &Expr, value: &LitValue, raw: &str) -> Operand {
        let text = raw.to_string();
        let (kind, val) = match value {
            // A malformed literal was already reported by the lexer; its value is unknown so
            // that nothing more is said about it, as in Go.
            LitValue::Int(s) => (
                BasicKind::UntypedInt,
                Value::from_int_literal(s).unwrap_or(Value::Unknown),
            ),
            LitValue::Float(s) => (
                BasicKind::UntypedFloat,
                Value::from_float_literal(s).unwrap_or(Value::Unknown),
            ),
            LitValue::Imag(_) => {
                self.error(e.pos(), "not supported: complex numbers");
                return Operand::invalid();
            }
            LitValue::Rune(r) => (BasicKind::UntypedRune, Value::Int((*r).into())),
            LitValue::Str(b) => (BasicKind::UntypedString, Value::String(b.clone())),
        };
        Operand::constant(self.types.basic(kind), val, text)
    }

    fn unary(&mut self, scope: ScopeId, e: &Expr, op: UnaryOp, xe: &Expr) -> Operand {
        match op {
            UnaryOp::Addr => return self.address_of(scope, e, xe),
            UnaryOp::Star => return self.deref(scope, e, xe),
            UnaryOp::Recv => return self.receive(scope, e, xe),
            _ => {}
        }
        let x = self.expr(scope, xe);
        if x.is_invalid() {
            return x;
        }
        let text = self.expr_string(e);
        let allowed = |c: &Self, t: TypeId| match op {
            UnaryOp::Pos | UnaryOp::Neg => c.types.is_numeric(t),
            UnaryOp::Not => c.types.is_boolean(t),
            UnaryOp::Xor => c.types.is_integer(t),
            _ => false,
        };
        if self.is_type_param(x.typ) {
            return self.type_param_op(x, op.as_str(), text, &allowed);
        }
        if !allowed(self, x.typ) {
            let d = self.describe(&x);
            self.error(
                x.pos,
                format!(
                    "invalid operation: operator {} not defined on {d}",
                    op.as_str()
                ),
            );
            return Operand::invalid();
        }
        if let (Mode::Constant, Some(v)) = (x.mode, &x.val) {
            let bits = self.unsigned_bits(x.typ);
            let Some(v) = Value::unary_op(op, v, bits).ok() else {
                return Operand::invalid();
            };
            let mut r = Operand::constant(x.typ, v, text);
            self.check_typed_const_overflow(e, &mut r);
            return r;
        }
        Operand::new(Mode::Value, x.typ, text)
    }

    fn unsigned_bits(&self, t: TypeId) -> Option<u32> {
        self.types
            .basic_kind(t)
            .filter(|k| k.is_unsigned())
            .map(|k| k.bits())
    }

    fn address_of(&mut self, scope: ScopeId, e: &Expr, xe: &Expr) -> Operand {
        let inner = xe.unparen();
        if let ExprKind::CompositeLit { .. } = inner.kind {
            let x = self.expr(scope, xe);
            if x.is_invalid() {
                return x;
            }
            let p = self.types.pointer(x.typ);
            return self.operand(e, Mode::Value, p);
        }
        let x = self.expr(scope, xe);
        if x.is_invalid() {
            return x;
        }
        if x.mode != Mode::Variable {
            let d = self.describe(&x);
            self.error(
                x.pos,
                format!("invalid operation: cannot take address of {d}"),
            );
            return Operand::invalid();
        }
        let p = self.types.pointer(x.typ);
        self.operand(e, Mode::Value, p)
    }

    fn deref(&mut self, scope: ScopeId, e: &Expr, xe: &Expr) -> Operand {
        let x = self.expr_or_type(scope, xe);
        if x.is_invalid() {
            return x;
        }
        if x.mode == Mode::TypeExpr {
            let p = self.types.pointer(x.typ);
            return self.operand(e, Mode::TypeExpr, p);
        }
        let x = self.require_value(xe, x);
        if x.is_invalid() {
            return x;
        }
        if x.mode == Mode::Nil {
            self.error(x.pos, "invalid operation: cannot indirect nil");
            return Operand::invalid();
        }
        match self.types.under(x.typ).clone() {
            TypeData::Pointer(elem) => self.operand(e, Mode::Variable, elem),
            _ => {
                let d = self.describe(&x);
                self.error(x.pos, format!("invalid operation: cannot indirect {d}"));
                Operand::invalid()
            }
        }
    }

    fn receive(&mut self, scope: ScopeId, e: &Expr, xe: &Expr) -> Operand {
        let x = self.expr(scope, xe);
        if x.is_invalid() {
            return x;
        }
        match self.types.under(x.typ).clone() {
            TypeData::Chan(dir, elem) => {
                if dir == crate::types::ChanDir::Send {
                    let d = self.describe(&x);
                    self.error(
                        e.pos(),
                        format!("invalid operation: cannot receive from send-only channel {d}"),
                    );
                    return Operand::invalid();
                }
                self.operand(e, Mode::CommaOk, elem)
            }
            _ => {
                let d = self.describe(&x);
                self.error(
                    e.pos(),
                    format!("invalid operation: cannot receive from non-channel {d}"),
                );
                Operand::invalid()
            }
        }
    }

    fn binary(&mut self, scope: ScopeId, e: &Expr, op: BinaryOp, xe: &Expr, ye: &Expr) -> Operand {
        self.binary_with_text(scope, e, op, xe, ye, OpText::Of(e))
    }

    /// A binary operation whose message text is `text` (op-assignments print `x += y`).
    /// Follows types2's `binary`: untyped operands are converted towards each other only when
    /// they may match (`mayConvert`), comparisons have their own rules, and a mismatch in
    /// arithmetic is reported at the left operand.
    pub(crate) fn binary_with_text(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        op: BinaryOp,
        xe: &Expr,
        ye: &Expr,
        text: OpText,
    ) -> Operand {
        if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
            return self.shift(scope, e, op, xe, ye, text);
        }
        let mut x = self.expr(scope, xe);
        let mut y = self.expr(scope, ye);
        let text = self.op_text(text);
        if x.is_invalid() || y.is_invalid() {
            return Operand::invalid();
        }
        if !self.match_types(&mut x, &mut y) {
            return Operand::invalid();
        }
        if op.is_comparison() {
            return self.comparison(text, op, &x, &y, false);
        }
        if !self.types.identical(x.typ, y.typ) {
            if !self.is_invalid(x.typ) && !self.is_invalid(y.typ) {
                let (xs, ys) = (self.type_str(x.typ), self.type_str(y.typ));
                self.error(
                    x.pos,
                    format!("invalid operation: {text} (mismatched types {xs} and {ys})"),
                );
            }
            return Operand::invalid();
        }
        if self.is_type_param(x.typ) {
            let allowed = |c: &Self, t: TypeId| c.op_allowed(op, t);
            return self.type_param_op(x, op.as_str(), text, &allowed);
        }
        if !self.op_allowed(op, x.typ) {
            let d = self.describe(&x);
            self.error(
                x.pos,
                format!(
                    "invalid operation: operator {} not defined on {d}",
                    op.as_str()
                ),
            );
            return Operand::invalid();
        }
        let zero_divisor =
            y.mode == Mode::Constant && y.val.as_ref().is_some_and(|v| v.sign() == 0);
        if matches!(op, BinaryOp::Div | BinaryOp::Rem)
            && zero_divisor
            && (x.mode == Mode::Constant || self.types.is_integer(x.typ))
        {
            self.error(y.pos, "invalid operation: division by zero");
            return Operand::invalid();
        }
        if let (Mode::Constant, Mode::Constant, Some(a), Some(b)) = (x.mode, y.mode, &x.val, &y.val)
        {
            let int_div = self.types.is_integer(x.typ);
            let Ok(v) = Value::binary_op(a, op, b, int_div) else {
                self.error(y.pos, "invalid operation: division by zero");
                return Operand::invalid();
            };
            let mut r = Operand::constant(x.typ, v, text);
            r.pos = x.pos;
            self.check_typed_const_overflow(e, &mut r);
            return r;
        }
        let mut r = Operand::new(Mode::Value, x.typ, text);
        r.untyped_shift = x.untyped_shift || y.untyped_shift;
        r
    }

    /// An operator on a value of a type parameter's type (checking a generic body): allowed
    /// when it is for every type in the type set, as Go says.
    fn type_param_op(
        &mut self,
        x: Operand,
        op: &str,
        text: String,
        allowed: &dyn Fn(&Self, TypeId) -> bool,
    ) -> Operand {
        if self.type_set_all(x.typ, allowed) {
            return Operand::new(Mode::Value, x.typ, text);
        }
        let d = self.describe(&x);
        self.error_in_generic(
            x.pos,
            format!("invalid operation: operator {op} not defined on {d}"),
        );
        Operand::invalid()
    }

    fn op_allowed(&self, op: BinaryOp, t: TypeId) -> bool {
        match op {
            BinaryOp::Add => self.types.is_numeric(t) || self.types.is_string(t),
            BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => self.types.is_numeric(t),
            BinaryOp::Rem | BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::AndNot => {
                self.types.is_integer(t)
            }
            BinaryOp::LogAnd | BinaryOp::LogOr => self.types.is_boolean(t),
            _ => true,
        }
    }

    /// types2's `mayConvert`: whether an untyped operand may take the other's type.
    fn may_convert(&self, x: &Operand, y: &Operand) -> bool {
        let (xu, yu) = (self.types.is_untyped(x.typ), self.types.is_untyped(y.typ));
        if !xu && !yu {
            return false;
        }
        if self.types.is_numeric(x.typ) != self.types.is_numeric(y.typ) {
            return false;
        }
        if self.types.is_string(x.typ) != self.types.is_string(y.typ) {
            return false;
        }
        if x.mode == Mode::Nil {
            return self.types.has_nil(y.typ);
        }
        if y.mode == Mode::Nil {
            return self.types.has_nil(x.typ);
        }
        let is_ptr = |t: TypeId| matches!(self.types.under(t), TypeData::Pointer(_));
        !(is_ptr(x.typ) || is_ptr(y.typ))
    }

    /// types2's `matchTypes`: converts untyped operands towards each other's type.
    fn match_types(&mut self, x: &mut Operand, y: &mut Operand) -> bool {
        if !self.may_convert(x, y) {
            return true;
        }
        let yt = y.typ;
        if !self.convert_untyped(x, yt) {
            return false;
        }
        let xt = x.typ;
        self.convert_untyped(y, xt)
    }

    /// types2's `convertUntyped`: gives untyped `x` the type `target` (or the larger untyped
    /// kind when `target` is untyped too), reporting Go's conversion errors.
    pub(crate) fn convert_untyped(&mut self, x: &mut Operand, target: TypeId) -> bool {
        if !self.types.is_untyped(x.typ) || self.is_invalid(target) {
            return true;
        }
        if self.types.is_untyped(target) {
            if self.types.is_numeric(x.typ) && self.types.is_numeric(target) {
                x.typ = max_untyped(&self.types, x.typ, target);
            }
            return true;
        }
        if x.untyped_shift && !self.types.is_integer(target) {
            let ts = self.type_str(target);
            let lhs = x.shift_operand.clone().unwrap_or_default();
            self.error(
                x.pos,
                format!("invalid operation: shifted operand {lhs} (type {ts}) must be integer"),
            );
            x.mode = Mode::Invalid;
            return false;
        }
        match self.implicit_type(x, target) {
            Ok(t) => {
                if x.mode == Mode::Constant
                    && self.types.basic_kind(t).is_some()
                    && !self.types.is_interface(t)
                {
                    let pos = x.pos;
                    return self.represent_const(x, t, ConstCtx::Binary, pos);
                }
                x.typ = if x.mode == Mode::Nil { target } else { t };
                true
            }
            Err(()) => {
                let d = self.describe(x);
                let ts = self.type_str(target);
                self.error(x.pos, format!("cannot convert {d} to type {ts}"));
                x.mode = Mode::Invalid;
                false
            }
        }
    }

    /// The type an untyped operand takes when used where `target` is expected, if it can.
    pub(crate) fn implicit_type(&self, x: &Operand, target: TypeId) -> Result<TypeId, ()> {
        let Some(xk) = self.types.basic_kind(x.typ) else {
            return Err(());
        };
        match self.types.under(target) {
            TypeData::Basic(tk) => {
                let tk = *tk;
                if x.mode == Mode::Nil {
                    return Err(());
                }
                let ok = match xk {
                    BasicKind::UntypedBool => tk.is_boolean(),
                    BasicKind::UntypedInt | BasicKind::UntypedRune | BasicKind::UntypedFloat => {
                        tk.is_numeric()
                    }
                    BasicKind::UntypedString => tk.is_string(),
                    _ => false,
                };
                if ok {
                    Ok(target)
                } else {
                    Err(())
                }
            }
            TypeData::Interface(i) => {
                if x.mode == Mode::Nil {
                    return Ok(target);
                }
                if !i.all_methods.is_empty() {
                    return Ok(self.types.default_type(x.typ));
                }
                Ok(self.types.default_type(x.typ))
            }
            TypeData::Pointer(_)
            | TypeData::Func(_)
            | TypeData::Slice(_)
            | TypeData::Map(..)
            | TypeData::Chan(..) => {
                if x.mode == Mode::Nil {
                    Ok(target)
                } else {
                    Err(())
                }
            }
            _ => Err(()),
        }
    }

    /// Gives constant `x` the basic type `t`, reporting overflow or truncation as Go does for
    /// the context; returns false after an error.
    pub(crate) fn represent_const(
        &mut self,
        x: &mut Operand,
        t: TypeId,
        ctx: ConstCtx<'_>,
        pos: u32,
    ) -> bool {
        let Some(k) = self.types.basic_kind(t) else {
            x.typ = t;
            return true;
        };
        let Some(v) = &x.val else {
            x.typ = t;
            return true;
        };
        match self.representable(v, k) {
            Ok(v) => {
                x.val = Some(v);
                x.typ = t;
                true
            }
            Err(why) => {
                let d = self.describe(x);
                let ts = self.type_str(t);
                let msg = match (ctx, why) {
                    (ConstCtx::Binary, crate::constant::Repr::Overflows) => {
                        format!("{d} overflows {ts}")
                    }
                    (ConstCtx::Binary, crate::constant::Repr::Truncated) => {
                        format!("{d} truncated to {ts}")
                    }
                    (ConstCtx::Binary, crate::constant::Repr::Invalid) => {
                        format!("cannot use {d} as {ts} value in {}", "operation")
                    }
                    (ConstCtx::Assign(what), r) => {
                        let why = match r {
                            crate::constant::Repr::Overflows => " (overflows)",
                            crate::constant::Repr::Truncated => " (truncated)",
                            crate::constant::Repr::Invalid => "",
                        };
                        format!("cannot use {d} as {ts} value in {what}{why}")
                    }
                };
                self.error(pos, msg);
                false
            }
        }
    }

    /// A typed constant result must fit its type: `constant 256 overflows byte`.
    fn check_typed_const_overflow(&mut self, e: &Expr, x: &mut Operand) {
        if self.types.is_untyped(x.typ) {
            if let Some(v) = &x.val {
                if v.overflows_untyped() {
                    self.error(e.pos(), "constant overflow");
                    x.mode = Mode::Invalid;
                }
            }
            return;
        }
        let Some(k) = self.types.basic_kind(x.typ) else {
            return;
        };
        let Some(v) = &x.val else { return };
        if self.representable(v, k).is_err() {
            let ts = self.type_str(x.typ);
            let d = self.describe(x);
            self.error(e.pos(), format!("{d} overflows {ts}"));
        }
    }

    /// types2's `comparison`, including its choice of which operand an error is reported at.
    /// In a switch (`switch_case`), `x` is the case value and `y` the tag.
    pub(crate) fn comparison(
        &mut self,
        text: String,
        op: BinaryOp,
        x: &Operand,
        y: &Operand,
        switch_case: bool,
    ) -> Operand {
        let mut err: Option<(&Operand, String)> = None;
        let ok = self.assignable_to(x, y.typ) || self.assignable_to(y, x.typ);
        if !ok {
            let (xs, ys) = (self.type_str(x.typ), self.type_str(y.typ));
            err = Some((y, format!("mismatched types {xs} and {ys}")));
        } else if matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            if x.mode == Mode::Nil || y.mode == Mode::Nil {
                let t = if x.mode == Mode::Nil { y.typ } else { x.typ };
                if !self.types.has_nil(t) || (x.mode == Mode::Nil && y.mode == Mode::Nil) {
                    err = Some((y, String::new()));
                }
            } else if !self.types.comparable(x.typ) && !self.types.is_interface(x.typ) {
                err = Some((x, self.incomparable_cause(x.typ)));
            } else if !self.types.comparable(y.typ) && !self.types.is_interface(y.typ) {
                err = Some((y, self.incomparable_cause(y.typ)));
            }
        } else if !self.types.is_ordered(x.typ) {
            err = Some((x, String::new()));
        } else if !self.types.is_ordered(y.typ) {
            err = Some((y, String::new()));
        }
        if let Some((at, mut cause)) = err {
            if cause.is_empty() {
                cause = format!(
                    "operator {} not defined on {}",
                    op.as_str(),
                    self.kind_string(at.typ)
                );
            }
            if switch_case {
                self.error(
                    x.pos,
                    format!("invalid case {} in switch on {} ({cause})", x.text, y.text),
                );
            } else {
                self.error(at.pos, format!("invalid operation: {text} ({cause})"));
            }
            return Operand::invalid();
        }
        let ub = self.types.basic(BasicKind::UntypedBool);
        if let (Mode::Constant, Mode::Constant, Some(a), Some(b)) = (x.mode, y.mode, &x.val, &y.val)
        {
            return Operand::constant(ub, Value::Bool(Value::compare(a, op, b)), text);
        }
        Operand::new(Mode::Value, ub, text)
    }

    /// types2's `kindString`: `struct`, `pointer`… or the type itself.
    fn kind_string(&self, t: TypeId) -> String {
        match self.types.under(t) {
            TypeData::Array(..) => "array".into(),
            TypeData::Slice(_) => "slice".into(),
            TypeData::Struct(_) => "struct".into(),
            TypeData::Pointer(_) => "pointer".into(),
            TypeData::Func(_) => "func".into(),
            TypeData::Interface(_) => "interface".into(),
            TypeData::Map(..) => "map".into(),
            TypeData::Chan(..) => "chan".into(),
            _ => self.type_str(t),
        }
    }

    /// Why a type is not comparable (`slice can only be compared to nil`,
    /// `struct containing []string cannot be compared`).
    fn incomparable_cause(&self, t: TypeId) -> String {
        match self.types.under(t) {
            TypeData::Slice(_) => "slice can only be compared to nil".into(),
            TypeData::Map(..) => "map can only be compared to nil".into(),
            TypeData::Func(_) => "func can only be compared to nil".into(),
            TypeData::Struct(fields) => {
                for f in fields {
                    if !self.types.comparable(f.typ) {
                        return format!(
                            "struct containing {} cannot be compared",
                            self.type_str(f.typ)
                        );
                    }
                }
                format!("{} cannot be compared", self.type_str(t))
            }
            _ => format!("{} cannot be compared", self.type_str(t)),
        }
    }

    /// types2's `shift`: the count must be a non-negative integer (or an untyped constant
    /// representable as `uint`); a non-constant shift of an untyped constant keeps the
    /// constant's untyped type until the context decides it (`untyped_shift`).
    fn shift(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        op: BinaryOp,
        xe: &Expr,
        ye: &Expr,
        text: OpText,
    ) -> Operand {
        let mut x = self.expr(scope, xe);
        let mut y = self.expr(scope, ye);
        let text = self.op_text(text);
        if x.is_invalid() || y.is_invalid() {
            return Operand::invalid();
        }
        let xval = if x.mode == Mode::Constant {
            x.val.as_ref().and_then(|v| v.to_int())
        } else {
            None
        };
        // An untyped non-constant operand is itself a shift of an untyped constant: integer.
        let x_ok = self.types.is_integer(x.typ) || self.types.is_untyped(x.typ) && xval.is_some();
        if !x_ok {
            let d = self.describe(&x);
            self.error(
                x.pos,
                format!("invalid operation: shifted operand {d} must be integer"),
            );
            return Operand::invalid();
        }
        let uint = self.types.basic(BasicKind::Uint);
        let mut count: Option<u64> = None;
        if y.mode == Mode::Constant {
            let yval = y.val.as_ref().and_then(|v| v.to_int());
            if yval.as_ref().is_some_and(|v| v.sign() < 0) {
                let d = self.describe(&y);
                self.error(
                    y.pos,
                    format!("invalid operation: negative shift count {d}"),
                );
                return Operand::invalid();
            }
            if self.types.is_untyped(y.typ) && !self.convert_untyped(&mut y, uint) {
                return Operand::invalid();
            }
            count = yval.as_ref().and_then(|v| v.as_u64());
            if count.is_none() && !self.types.is_integer(y.typ) {
                let d = self.describe(&y);
                self.error(
                    y.pos,
                    format!("invalid operation: shift count {d} must be integer"),
                );
                return Operand::invalid();
            }
        } else if self.types.is_untyped(y.typ) {
            if !self.convert_untyped(&mut y, uint) {
                return Operand::invalid();
            }
        } else if !self.types.is_integer(y.typ) {
            let d = self.describe(&y);
            self.error(
                y.pos,
                format!("invalid operation: shift count {d} must be integer"),
            );
            return Operand::invalid();
        }
        if x.mode == Mode::Constant {
            if y.mode == Mode::Constant {
                let s = match count {
                    Some(s) if s <= 1074 => s,
                    _ => {
                        let d = self.describe(&y);
                        self.error(y.pos, format!("invalid operation: invalid shift count {d}"));
                        return Operand::invalid();
                    }
                };
                if !self.types.is_integer(x.typ) {
                    x.typ = self.types.basic(BasicKind::UntypedInt);
                }
                let base = xval.unwrap_or(Value::Unknown);
                let Ok(v) = Value::shift(&base, op, s) else {
                    self.error(e.pos(), "constant shift overflow");
                    return Operand::invalid();
                };
                let mut r = Operand::constant(x.typ, v, text);
                r.pos = x.pos;
                self.check_typed_const_overflow(e, &mut r);
                return r;
            }
            if self.types.is_untyped(x.typ) {
                let mut r = Operand::new(Mode::Value, x.typ, text);
                r.untyped_shift = true;
                r.shift_operand = Some(x.text.clone());
                return r;
            }
        }
        let mut r = Operand::new(Mode::Value, x.typ, text);
        if x.untyped_shift {
            // `(1 << s) << s`: still untyped until the context decides, like the inner shift.
            r.untyped_shift = true;
            r.shift_operand = x.shift_operand.clone();
        }
        r
    }
}

/// Where an untyped constant is being converted, for the wording of overflow errors.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ConstCtx<'s> {
    /// An operand of a binary operation: `300 (untyped int constant) overflows byte`.
    Binary,
    /// An assignment-like context: `cannot use ... as byte value in assignment (overflows)`.
    Assign(&'s str),
}

impl<'a> Checker<'a> {
    /// Whether constant `v` can be a value of basic kind `k`, rounded to it if so. Go says
    /// "truncated" when a float value meets an integer type and "overflows" otherwise.
    pub(crate) fn representable(
        &self,
        v: &Value,
        k: BasicKind,
    ) -> Result<Value, crate::constant::Repr> {
        use crate::constant::{NumKind, Repr};
        let kind = match k {
            BasicKind::Bool | BasicKind::UntypedBool => {
                return if matches!(v, Value::Bool(_) | Value::Unknown) {
                    Ok(v.clone())
                } else {
                    Err(Repr::Invalid)
                };
            }
            BasicKind::String | BasicKind::UntypedString => {
                return if matches!(v, Value::String(_) | Value::Unknown) {
                    Ok(v.clone())
                } else {
                    Err(Repr::Invalid)
                };
            }
            BasicKind::Int => NumKind::Int,
            BasicKind::Int8 => NumKind::Int8,
            BasicKind::Int16 => NumKind::Int16,
            BasicKind::Int32 => NumKind::Int32,
            BasicKind::Int64 => NumKind::Int64,
            BasicKind::Uint => NumKind::Uint,
            BasicKind::Uint8 => NumKind::Uint8,
            BasicKind::Uint16 => NumKind::Uint16,
            BasicKind::Uint32 => NumKind::Uint32,
            BasicKind::Uint64 => NumKind::Uint64,
            BasicKind::Uintptr => NumKind::Uintptr,
            BasicKind::Float32 => NumKind::Float32,
            BasicKind::Float64 => NumKind::Float64,
            BasicKind::UntypedInt | BasicKind::UntypedRune => NumKind::UntypedInt,
            BasicKind::UntypedFloat => NumKind::UntypedFloat,
            BasicKind::Invalid | BasicKind::UntypedNil => return Err(Repr::Invalid),
        };
        if matches!(v, Value::Bool(_) | Value::String(_)) {
            return Err(Repr::Invalid);
        }
        match v.representable(kind) {
            Err(Repr::Overflows)
                if matches!(v, Value::Float(_)) && k.is_integer() && !v.is_int() =>
            {
                Err(Repr::Truncated)
            }
            r => r,
        }
    }
}

/// The larger of two untyped numeric kinds (int < rune < float).
fn max_untyped(types: &crate::types::TypeTable, a: TypeId, b: TypeId) -> TypeId {
    let rank = |t: TypeId| match types.basic_kind(t) {
        Some(BasicKind::UntypedInt) => 0,
        Some(BasicKind::UntypedRune) => 1,
        _ => 2,
    };
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}
