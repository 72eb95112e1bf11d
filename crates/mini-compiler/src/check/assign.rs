//! Assignability and assignments: `=`, `:=`, op-assignment, variable initialisation, and Go's
//! `cannot use … as … value in …` and `assignment mismatch` errors.

use super::expr::ConstCtx;
use super::scope::{ObjId, ObjKind, ScopeId};
use super::{Checker, Mode, Operand};
use crate::ast::{Expr, ExprKind};
use crate::types::{BasicKind, TypeData, TypeId, INVALID};

impl<'a> Checker<'a> {
    /// Go's assignability of `x` to `t` (without reporting).
    pub(crate) fn assignable_to(&mut self, x: &Operand, t: TypeId) -> bool {
        if self.is_invalid(x.typ) || self.is_invalid(t) {
            return true;
        }
        if self.types.identical(x.typ, t) {
            return true;
        }
        if self.types.is_untyped(x.typ) {
            return match self.implicit_type(x, t) {
                Ok(_) => match (&x.val, self.types.basic_kind(t)) {
                    (Some(v), Some(k)) if x.mode == Mode::Constant => {
                        self.representable(v, k).is_ok()
                    }
                    _ => true,
                },
                Err(()) => false,
            };
        }
        let (vu, tu) = (self.types.underlying(x.typ), self.types.underlying(t));
        if self.types.identical(vu, tu)
            && (!self.types.is_defined(x.typ) || !self.types.is_defined(t))
        {
            return true;
        }
        if self.types.is_interface(t) && !self.types.has_terms(t) {
            return self.missing_method(x.typ, t).is_none();
        }
        if let (TypeData::Chan(crate::types::ChanDir::Both, e1), TypeData::Chan(_, e2)) =
            (self.types.get(vu).clone(), self.types.get(tu).clone())
        {
            return self.types.identical(e1, e2)
                && (!self.types.is_defined(x.typ) || !self.types.is_defined(t));
        }
        false
    }

    /// Checks that `x` can be assigned to a `t` in `context` (`assignment`, `argument to f`…),
    /// converting an untyped `x` to `t`; reports Go's error and invalidates `x` otherwise.
    pub(crate) fn assignment(&mut self, x: &mut Operand, t: TypeId, context: &'static str) -> bool {
        self.assignment_ctx(x, t, context.to_string())
    }

    pub(crate) fn assignment_ctx(&mut self, x: &mut Operand, t: TypeId, context: String) -> bool {
        if x.is_invalid() || self.is_invalid(t) {
            return false;
        }
        if self.types.is_untyped(x.typ) && !self.convert_untyped_for_assign(x, t, &context) {
            x.mode = Mode::Invalid;
            return false;
        }
        if self.assignable_to(x, t) {
            return true;
        }
        let d = self.describe(x);
        let ts = self.type_str(t);
        if self.type_param_meets_basic(x.typ, t) {
            // Checking a generic body: a type parameter and a named basic type are never
            // assignable to each other.
            self.error_in_generic(x.pos, format!("cannot use {d} as {ts} value in {context}"));
            x.mode = Mode::Invalid;
            return false;
        }
        let mut msg = format!("cannot use {d} as {ts} value in {context}");
        if let Some(reason) = self.assign_reason(x.typ, t) {
            msg.push_str(": ");
            msg.push_str(&reason);
        }
        self.error(x.pos, msg);
        x.mode = Mode::Invalid;
        false
    }

    /// One of `a` and `b` is a type parameter and the other a named basic type (`int`,
    /// `type MyInt int`).
    fn type_param_meets_basic(&self, a: TypeId, b: TypeId) -> bool {
        let named_basic = |t: TypeId| {
            self.types.is_defined(t)
                && self.types.basic_kind(t).is_some()
                && !self.types.is_untyped(t)
        };
        (self.is_type_param(a) && named_basic(b)) || (self.is_type_param(b) && named_basic(a))
    }

    fn assign_reason(&mut self, from: TypeId, to: TypeId) -> Option<String> {
        if self.types.is_interface(to) {
            return self.not_implements(from, to);
        }
        if self.types.is_interface(from)
            && !self.types.is_interface(to)
            && self.missing_method(to, from).is_none()
        {
            return Some("need type assertion".into());
        }
        None
    }

    fn convert_untyped_for_assign(&mut self, x: &mut Operand, t: TypeId, context: &str) -> bool {
        if x.untyped_shift && !self.types.is_integer(t) && !self.types.is_interface(t) {
            let ts = self.type_str(t);
            let lhs = x.shift_operand.clone().unwrap_or_default();
            self.error(
                x.pos,
                format!("invalid operation: shifted operand {lhs} (type {ts}) must be integer"),
            );
            return false;
        }
        if x.mode == Mode::Nil {
            if self.types.has_nil(t) {
                x.typ = t;
                return true;
            }
            let ts = self.type_str(t);
            self.error(x.pos, format!("cannot use nil as {ts} value in {context}"));
            return false;
        }
        let target = match self.implicit_type(x, t) {
            Ok(target) => target,
            Err(()) => {
                let d = self.describe(x);
                let ts = self.type_str(t);
                self.error(x.pos, format!("cannot use {d} as {ts} value in {context}"));
                return false;
            }
        };
        if x.mode == Mode::Constant && self.types.basic_kind(target).is_some() {
            let pos = x.pos;
            return self.represent_const(x, target, ConstCtx::Assign(context), pos);
        }
        x.typ = target;
        true
    }

    /// `var` and `:=` initialisation: `lhs` objects (None for `_`) get their types from the
    /// values (or are checked against `typ`).
    pub(crate) fn init_vars(
        &mut self,
        scope: ScopeId,
        lhs: &[Option<ObjId>],
        typ: Option<TypeId>,
        values: &[Expr],
        context: &'static str,
    ) {
        let is_call =
            values.len() == 1 && matches!(values[0].unparen().kind, ExprKind::Call { .. });
        let single_var_decl = lhs.len() == 1 && context == "variable declaration";
        if (lhs.len() != values.len() || is_call) && values.len() == 1 && !single_var_decl {
            self.init_from_tuple(scope, lhs, typ, &values[0], context);
            return;
        }
        if lhs.len() != values.len() {
            for v in values {
                self.expr(scope, v);
            }
            self.invalidate(lhs);
            if values.len() > lhs.len() {
                let extra = &values[lhs.len()];
                let s = self.expr_string(extra);
                self.error(extra.pos(), format!("extra init expr {s}"));
            } else {
                self.assign_error(values, lhs.len(), values.len());
            }
            return;
        }
        for (o, v) in lhs.iter().zip(values) {
            let mut x = self.value_for(scope, v, typ);
            self.init_var(*o, typ, &mut x, context);
        }
    }

    fn invalidate(&mut self, lhs: &[Option<ObjId>]) {
        for o in lhs.iter().flatten() {
            if let ObjKind::Var { typ, .. } = &self.obj(*o).kind {
                if *typ == INVALID {
                    self.set_var_type(*o, INVALID);
                }
            }
        }
    }

    fn init_from_tuple(
        &mut self,
        scope: ScopeId,
        lhs: &[Option<ObjId>],
        typ: Option<TypeId>,
        v: &Expr,
        context: &'static str,
    ) {
        let x = self.expr_or_type(scope, v);
        let x = if matches!(self.types.get(x.typ), TypeData::Tuple(_)) {
            x
        } else {
            self.require_value(v, x)
        };
        if x.is_invalid() {
            return;
        }
        let types: Vec<TypeId> = match self.types.get(x.typ) {
            TypeData::Tuple(ts) => ts.clone(),
            _ if matches!(x.mode, Mode::CommaOk | Mode::MapIndex) && lhs.len() == 2 => {
                vec![x.typ, self.types.basic(BasicKind::UntypedBool)]
            }
            _ => vec![x.typ],
        };
        if types.len() != lhs.len() {
            self.assign_error(std::slice::from_ref(v), lhs.len(), types.len());
            return;
        }
        for (o, t) in lhs.iter().zip(types) {
            let mut op = Operand::new(Mode::Value, t, x.text.clone());
            op.pos = x.pos;
            self.init_var(*o, typ, &mut op, context);
        }
    }

    /// Reports `assignment mismatch: 2 variables but f returns 1 value` (or `but 1 value`).
    pub(crate) fn assign_error(&mut self, rhs: &[Expr], l: usize, r: usize) {
        let vars = measure(l, "variable");
        let vals = measure(r, "value");
        let rhs0 = &rhs[0];
        if rhs.len() == 1 {
            if let ExprKind::Call { fun, .. } = &rhs0.unparen().kind {
                let f = self.expr_string(fun);
                self.error(
                    rhs0.pos(),
                    format!("assignment mismatch: {vars} but {f} returns {vals}"),
                );
                return;
            }
        }
        self.error(
            rhs0.pos(),
            format!("assignment mismatch: {vars} but {vals}"),
        );
    }

    fn init_var(
        &mut self,
        o: Option<ObjId>,
        typ: Option<TypeId>,
        x: &mut Operand,
        context: &'static str,
    ) {
        if x.is_invalid() {
            if let Some(o) = o {
                self.set_var_type(o, typ.unwrap_or(INVALID));
            }
            return;
        }
        let t = match typ {
            Some(t) => t,
            None => {
                if x.mode == Mode::Nil {
                    self.error(x.pos, format!("use of untyped nil in {context}"));
                    if let Some(o) = o {
                        self.set_var_type(o, INVALID);
                    }
                    return;
                }
                self.types.default_type(x.typ)
            }
        };
        if let Some(o) = o {
            self.set_var_type(o, t);
        }
        self.assignment(x, t, context);
    }

    /// `lhs = rhs` (also the `=` form of range and select clauses).
    pub(crate) fn assign_stmt(&mut self, scope: ScopeId, lhs: &[Expr], rhs: &[Expr]) {
        if lhs.len() != rhs.len() && rhs.len() == 1 {
            let x = self.expr_or_type(scope, &rhs[0]);
            let x = if matches!(self.types.get(x.typ), TypeData::Tuple(_)) {
                x
            } else {
                self.require_value(&rhs[0], x)
            };
            if x.is_invalid() {
                self.check_lhs_only(scope, lhs);
                return;
            }
            let types: Vec<TypeId> = match self.types.get(x.typ) {
                TypeData::Tuple(ts) => ts.clone(),
                _ if matches!(x.mode, Mode::CommaOk | Mode::MapIndex) && lhs.len() == 2 => {
                    vec![x.typ, self.types.basic(BasicKind::UntypedBool)]
                }
                _ => vec![x.typ],
            };
            if types.len() != lhs.len() {
                self.check_lhs_only(scope, lhs);
                self.assign_error(rhs, lhs.len(), types.len());
                return;
            }
            for (l, t) in lhs.iter().zip(types) {
                let mut op = Operand::new(Mode::Value, t, x.text.clone());
                op.pos = x.pos;
                self.assign_var(scope, l, &mut op);
            }
            return;
        }
        if lhs.len() != rhs.len() {
            self.check_lhs_only(scope, lhs);
            for r in rhs {
                self.expr(scope, r);
            }
            self.assign_error(rhs, lhs.len(), rhs.len());
            return;
        }
        for (l, r) in lhs.iter().zip(rhs) {
            let target = self.var_type_of(scope, l);
            let mut x = self.value_for(scope, r, target);
            self.assign_var(scope, l, &mut x);
        }
    }

    /// The type of the variable an assignment's left side names, if it is one.
    fn var_type_of(&self, scope: ScopeId, l: &Expr) -> Option<TypeId> {
        let ExprKind::Ident(n) = &l.unparen().kind else {
            return None;
        };
        match self.obj(self.lookup(scope, n)?).kind {
            ObjKind::Var { typ, .. } if typ != INVALID => Some(typ),
            _ => None,
        }
    }

    fn check_lhs_only(&mut self, scope: ScopeId, lhs: &[Expr]) {
        for l in lhs {
            self.lhs_var(scope, l);
        }
    }

    /// Assigns `x` to the expression `l`.
    pub(crate) fn assign_var(&mut self, scope: ScopeId, l: &Expr, x: &mut Operand) {
        if let ExprKind::Ident(n) = &l.unparen().kind {
            if n == "_" {
                self.record(l, x);
                if x.is_invalid() {
                    return;
                }
                if x.mode == Mode::Nil {
                    self.error(x.pos, "use of untyped nil in assignment");
                    return;
                }
                let t = self.types.default_type(x.typ);
                self.assignment(x, t, "assignment to _ identifier");
                return;
            }
        }
        let t = self.lhs_var(scope, l);
        if t == INVALID || x.is_invalid() {
            return;
        }
        self.assignment(x, t, "assignment");
    }

    /// Checks an assignment target; returns its type or `INVALID` after reporting.
    pub(crate) fn lhs_var(&mut self, scope: ScopeId, l: &Expr) -> TypeId {
        if let ExprKind::Ident(n) = &l.unparen().kind {
            if n == "_" {
                return INVALID;
            }
            if let Some(obj) = self.lookup(scope, n) {
                if let ObjKind::Var { used, .. } = self.obj(obj).kind.clone() {
                    // Assigning to a variable is not a use of it.
                    let x = self.expr(scope, l);
                    if let ObjKind::Var { used: u, .. } = &mut self.obj_mut(obj).kind {
                        *u = used;
                    }
                    return x.typ;
                }
            }
        }
        let x = self.expr(scope, l);
        if x.is_invalid() {
            return INVALID;
        }
        match x.mode {
            Mode::Variable | Mode::MapIndex => x.typ,
            _ => {
                let s = self.expr_string(l);
                if let ExprKind::Selector { x: inner, .. } = &l.unparen().kind {
                    if let ExprKind::Index { x: m, .. } = &inner.unparen().kind {
                        let mt = self
                            .exprs
                            .get(m.id.0 as usize)
                            .and_then(|i| i.as_ref())
                            .map(|i| i.typ);
                        if mt.is_some_and(|t| matches!(self.types.under(t), TypeData::Map(..))) {
                            self.error(
                                l.pos(),
                                format!("cannot assign to struct field {s} in map"),
                            );
                            return INVALID;
                        }
                    }
                }
                let d = self.describe(&x);
                let why = match x.mode {
                    Mode::Constant | Mode::Value | Mode::NoValue | Mode::CommaOk => {
                        format!(
                            "cannot assign to {s} (neither addressable nor a map index expression)"
                        )
                    }
                    _ => format!("cannot assign to {d}"),
                };
                self.error(l.pos(), why);
                INVALID
            }
        }
    }
}

/// `1 variable`, `2 values`.
pub(crate) fn measure(n: usize, unit: &str) -> String {
    if n == 1 {
        format!("{n} {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

impl crate::types::TypeTable {
    /// Whether an interface has type-set terms (a constraint interface).
    pub fn has_terms(&self, t: TypeId) -> bool {
        matches!(self.under(t), TypeData::Interface(i) if i.has_terms)
    }
}
