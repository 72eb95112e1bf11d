//! Index, slice and type-assertion expressions, composite literals and function literals.

use super::scope::ScopeId;
use super::{Checker, Mode, Operand};
use crate::ast::{Block, Expr, ExprKind, FuncType, KeyedElement};
use crate::constant::Value;
use crate::types::{BasicKind, TypeData, TypeId, INVALID};

impl<'a> Checker<'a> {
    /// `F[int]` or `List[int]` in an expression.
    fn instantiation(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        xe: &Expr,
        generic: super::ObjId,
        indices: &[Expr],
    ) -> Operand {
        if matches!(self.obj(generic).kind, super::ObjKind::Func { .. }) {
            return self.instantiated_func_value(scope, e, generic, indices);
        }
        let t = self.instantiated_type(scope, e, xe, indices);
        if t == INVALID {
            return Operand::invalid();
        }
        let text = self.expr_string(e);
        Operand::new(Mode::TypeExpr, t, text)
    }

    pub(crate) fn index_expr(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        xe: &Expr,
        indices: &[Expr],
    ) -> Operand {
        let x = self.expr_or_type(scope, xe);
        if x.is_invalid() {
            for i in indices {
                self.expr_or_type(scope, i);
            }
            return x;
        }
        if let Some(generic) = self.generic_of(xe) {
            return self.instantiation(scope, e, xe, generic, indices);
        }
        if x.mode == Mode::TypeExpr {
            let s = self.expr_string(xe);
            self.error(xe.pos(), format!("{s} is not a generic type"));
            return Operand::invalid();
        }
        let x = self.require_value(xe, x);
        if x.is_invalid() {
            return x;
        }
        let text = self.expr_string(e);
        if indices.len() != 1 {
            self.error(
                indices.get(1).map_or(e.pos(), |i| i.pos()),
                "unexpected comma; expecting ]",
            );
            return Operand::invalid();
        }
        let ie = &indices[0];
        match self.types.under(x.typ).clone() {
            TypeData::Basic(k) if k.is_string() => {
                let i = self.expr(scope, ie);
                let len = match (&x.mode, &x.val) {
                    (Mode::Constant, Some(Value::String(s))) => Some(s.len() as u64),
                    _ => None,
                };
                let idx = self.index_value(&i, len, "index");
                let byte = self.types.basic(BasicKind::Uint8);
                if let (Some(Value::String(s)), Some(n)) = (&x.val, idx) {
                    return Operand::constant(byte, Value::Int(s[n as usize].into()), text)
                        .non_const();
                }
                Operand::new(Mode::Value, byte, text)
            }
            TypeData::Slice(elem) => {
                let i = self.expr(scope, ie);
                self.index_value(&i, None, "index");
                Operand::new(Mode::Variable, elem, text)
            }
            TypeData::Array(n, elem) => {
                let i = self.expr(scope, ie);
                self.index_value(&i, Some(n), "index");
                let mode = if x.mode == Mode::Variable {
                    Mode::Variable
                } else {
                    Mode::Value
                };
                Operand::new(mode, elem, text)
            }
            TypeData::Pointer(p) => match self.types.under(p).clone() {
                TypeData::Array(n, elem) => {
                    let i = self.expr(scope, ie);
                    self.index_value(&i, Some(n), "index");
                    Operand::new(Mode::Variable, elem, text)
                }
                _ => self.cannot_index(scope, e, &x, ie),
            },
            TypeData::Map(k, v) => {
                let mut i = self.expr(scope, ie);
                self.assignment(&mut i, k, "map index");
                Operand::new(Mode::MapIndex, v, text)
            }
            _ => self.cannot_index(scope, e, &x, ie),
        }
    }

    fn cannot_index(&mut self, scope: ScopeId, e: &Expr, x: &Operand, ie: &Expr) -> Operand {
        self.expr(scope, ie);
        let d = self.describe(x);
        let at = match &e.kind {
            ExprKind::Index { lbrack, .. } => *lbrack,
            _ => x.pos,
        };
        self.error(at, format!("cannot index {d}"));
        Operand::invalid()
    }

    pub(crate) fn slice_expr(&mut self, scope: ScopeId, e: &Expr) -> Operand {
        let ExprKind::Slice {
            x: xe,
            lo,
            hi,
            max,
            three,
            ..
        } = &e.kind
        else {
            return Operand::invalid();
        };
        let x = self.expr(scope, xe);
        let mut bounds: Vec<(u32, Option<i128>)> = Vec::new();
        for b in [lo, hi, max].into_iter().flatten() {
            let i = self.expr(scope, b);
            bounds.push((b.pos(), self.index_value(&i, None, "index")));
        }
        if x.is_invalid() {
            return x;
        }
        let text = self.expr_string(e);
        let (result, len) = match self.types.under(x.typ).clone() {
            TypeData::Basic(k) if k.is_string() => {
                if *three {
                    let at = max.as_ref().map_or(e.pos(), |m| m.pos());
                    self.error(at, "invalid operation: 3-index slice of string");
                    return Operand::invalid();
                }
                let t = if k == BasicKind::UntypedString {
                    self.types.basic(BasicKind::String)
                } else {
                    x.typ
                };
                (t, None)
            }
            TypeData::Slice(_) => (x.typ, None),
            TypeData::Array(n, elem) => {
                if x.mode != Mode::Variable {
                    let d = self.describe(&x);
                    self.error(x.pos, format!("cannot slice unaddressable value {d}"));
                    return Operand::invalid();
                }
                (self.types.slice(elem), Some(n))
            }
            TypeData::Pointer(p) => match self.types.under(p).clone() {
                TypeData::Array(n, elem) => (self.types.slice(elem), Some(n)),
                _ => return self.cannot_slice(&x),
            },
            _ => return self.cannot_slice(&x),
        };
        if !self.check_slice_bounds(&bounds, len) {
            return Operand::invalid();
        }
        Operand::new(Mode::Value, result, text)
    }

    /// Constant slice bounds must be within an array's length and in increasing order.
    fn check_slice_bounds(&mut self, bounds: &[(u32, Option<i128>)], len: Option<u64>) -> bool {
        if let Some(len) = len {
            if let Some((pos, Some(big))) = bounds
                .iter()
                .find(|(_, c)| c.is_some_and(|c| c as u64 > len))
            {
                self.error(
                    *pos,
                    format!(
                        "invalid argument: index {big} out of bounds [0:{}]",
                        len + 1
                    ),
                );
                return false;
            }
        }
        let consts: Vec<(u32, i128)> = bounds
            .iter()
            .filter_map(|(p, c)| c.map(|c| (*p, c)))
            .collect();
        for w in consts.windows(2) {
            if w[0].1 > w[1].1 {
                self.error(
                    w[1].0,
                    format!("invalid slice indices: {} < {}", w[1].1, w[0].1),
                );
                return false;
            }
        }
        true
    }

    fn cannot_slice(&mut self, x: &Operand) -> Operand {
        let d = self.describe(x);
        self.error(x.pos, format!("cannot slice {d}"));
        Operand::invalid()
    }

    pub(crate) fn type_assert(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        xe: &Expr,
        typ: Option<&Expr>,
    ) -> Operand {
        let x = self.expr(scope, xe);
        let Some(typ) = typ else {
            self.error(
                e.pos(),
                "invalid syntax tree: use of .(type) outside type switch",
            );
            return Operand::invalid();
        };
        let t = self.type_expr(scope, typ);
        if x.is_invalid() || t == INVALID {
            return Operand::invalid();
        }
        if !self.types.is_interface(x.typ) {
            let d = self.describe(&x);
            self.error(x.pos, format!("invalid operation: {d} is not an interface"));
            return Operand::invalid();
        }
        let text = self.expr_string(e);
        if !self.types.is_interface(t) {
            if let Some(why) = self.not_implements(t, x.typ) {
                self.error(
                    e.pos(),
                    format!("impossible type assertion: {text}\n\t{why}"),
                );
                return Operand::invalid();
            }
        }
        Operand::new(Mode::CommaOk, t, text)
    }

    pub(crate) fn func_lit(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        sig: &FuncType,
        body: &Block,
    ) -> Operand {
        let mut params = Vec::new();
        let s = self.signature(scope, sig, &mut params);
        let t = self.types.add(TypeData::Func(s));
        self.check_func_body(scope, t, None, &params, body, true);
        self.operand(e, Mode::Value, t)
    }

    /// `T{...}`; `hint` is the element type when the literal's type is elided.
    pub(crate) fn composite_lit(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        hint: Option<TypeId>,
    ) -> Operand {
        let ExprKind::CompositeLit {
            typ, elems, rbrace, ..
        } = &e.kind
        else {
            return Operand::invalid();
        };
        let t = match (typ, hint) {
            (Some(te), _) => {
                if let ExprKind::ArrayType { len: None, elem } = &te.kind {
                    let et = self.type_expr(scope, elem);
                    if et == INVALID {
                        return Operand::invalid();
                    }
                    let n = self.array_elems(scope, elems, et, None);
                    let t = self.types.add(TypeData::Array(n, et));
                    return self.operand(e, Mode::Value, t);
                }
                self.type_expr(scope, te)
            }
            (None, Some(h)) => h,
            (None, None) => {
                self.error(e.pos(), "invalid composite literal type: missing type");
                return Operand::invalid();
            }
        };
        if t == INVALID {
            for el in elems {
                self.elem_value(scope, &el.value, None);
            }
            return Operand::invalid();
        }
        let (base, is_ptr) = match (typ, self.types.get(t)) {
            (None, TypeData::Pointer(b)) => (*b, true),
            _ => (t, false),
        };
        match self.types.under(base).clone() {
            TypeData::Struct(fields) => self.struct_lit(scope, base, &fields, elems, *rbrace),
            TypeData::Array(n, et) => {
                self.array_elems(scope, elems, et, Some(n));
            }
            TypeData::Slice(et) => {
                self.array_elems(scope, elems, et, None);
            }
            TypeData::Map(kt, vt) => self.map_lit(scope, elems, kt, vt),
            TypeData::Basic(crate::types::BasicKind::Invalid) => return Operand::invalid(),
            _ => {
                let ts = self.type_str(t);
                self.error(e.pos(), format!("invalid composite literal type {ts}"));
                return Operand::invalid();
            }
        }
        let t = if is_ptr { self.types.pointer(base) } else { t };
        self.operand(e, Mode::Value, t)
    }

    fn elem_value(&mut self, scope: ScopeId, v: &Expr, hint: Option<TypeId>) -> Operand {
        if let ExprKind::CompositeLit { typ: None, .. } = &v.kind {
            let x = self.composite_lit(scope, v, hint);
            if !x.is_invalid() {
                self.record(v, &x);
            }
            let mut x = x;
            x.pos = v.pos();
            return x;
        }
        self.expr(scope, v)
    }

    fn struct_lit(
        &mut self,
        scope: ScopeId,
        t: TypeId,
        fields: &[crate::types::FieldInfo],
        elems: &[KeyedElement],
        rbrace: u32,
    ) {
        let ts = self.type_str(t);
        if elems.is_empty() {
            return;
        }
        let keyed = elems[0].key.is_some();
        if keyed {
            let mut seen: Vec<String> = Vec::new();
            for el in elems {
                let Some(k) = &el.key else {
                    self.error(
                        el.value.pos(),
                        "mixture of field:value and value elements in struct literal",
                    );
                    self.elem_value(scope, &el.value, None);
                    continue;
                };
                let ExprKind::Ident(name) = &k.kind else {
                    let s = self.expr_string(k);
                    self.error(k.pos(), format!("invalid field name {s} in struct literal"));
                    continue;
                };
                let Some(f) = fields.iter().find(|f| &f.name == name) else {
                    self.error(
                        k.pos(),
                        format!("unknown field {name} in struct literal of type {ts}"),
                    );
                    self.elem_value(scope, &el.value, None);
                    continue;
                };
                if seen.contains(name) {
                    self.error(
                        k.pos(),
                        format!("duplicate field name {name} in struct literal"),
                    );
                    continue;
                }
                seen.push(name.clone());
                let mut x = self.elem_value(scope, &el.value, Some(f.typ));
                self.assignment(&mut x, f.typ, "struct literal");
            }
            return;
        }
        for (i, el) in elems.iter().enumerate() {
            if el.key.is_some() {
                self.error(
                    el.value.pos(),
                    "mixture of field:value and value elements in struct literal",
                );
                continue;
            }
            let Some(f) = fields.get(i) else {
                self.error(
                    el.value.pos(),
                    format!("too many values in struct literal of type {ts}"),
                );
                return;
            };
            let mut x = self.elem_value(scope, &el.value, Some(f.typ));
            self.assignment(&mut x, f.typ, "struct literal");
        }
        if elems.len() < fields.len() {
            self.error(
                rbrace,
                format!("too few values in struct literal of type {ts}"),
            );
        }
    }

    /// Checks array/slice literal elements; returns the literal's length.
    fn array_elems(
        &mut self,
        scope: ScopeId,
        elems: &[KeyedElement],
        et: TypeId,
        len: Option<u64>,
    ) -> u64 {
        let mut index: u64 = 0;
        let mut max: u64 = 0;
        let mut seen: Vec<u64> = Vec::new();
        for el in elems {
            if let Some(k) = &el.key {
                let x = self.expr(scope, k);
                if let Some(i) = self.index_value(&x, len, "index") {
                    index = i as u64;
                } else if x.mode != Mode::Constant && !x.is_invalid() {
                    let s = self.expr_string(k);
                    self.error(k.pos(), format!("index {s} must be integer constant"));
                }
            } else if let Some(l) = len {
                if index >= l {
                    self.error(
                        el.value.pos(),
                        format!("index {index} is out of bounds (>= {l})"),
                    );
                }
            }
            if seen.contains(&index) {
                self.error(
                    el.key.as_ref().map_or(el.value.pos(), |k| k.pos()),
                    format!("duplicate index {index} in array or slice literal"),
                );
            }
            seen.push(index);
            let mut x = self.elem_value(scope, &el.value, Some(et));
            self.assignment(&mut x, et, "array or slice literal");
            index += 1;
            max = max.max(index);
        }
        max
    }

    fn map_lit(&mut self, scope: ScopeId, elems: &[KeyedElement], kt: TypeId, vt: TypeId) {
        let mut seen: Vec<Value> = Vec::new();
        for el in elems {
            let Some(k) = &el.key else {
                self.error(el.value.pos(), "missing key in map literal");
                self.elem_value(scope, &el.value, Some(vt));
                continue;
            };
            let mut kx = self.elem_value(scope, k, Some(kt));
            if self.assignment(&mut kx, kt, "map literal") {
                if let (Mode::Constant, Some(v)) = (kx.mode, &kx.val) {
                    if seen.contains(v) {
                        let s = self.expr_string(k);
                        self.error(k.pos(), format!("duplicate key {s} in map literal"));
                    } else {
                        seen.push(v.clone());
                    }
                }
            }
            let mut vx = self.elem_value(scope, &el.value, Some(vt));
            self.assignment(&mut vx, vt, "map literal");
        }
    }
}

impl Operand {
    /// Indexing a constant string yields a byte value, not a constant.
    fn non_const(mut self) -> Operand {
        self.mode = Mode::Value;
        self.val = None;
        self
    }
}
