//! Type expressions: from the syntax of a type (`[]map[string]*T`) to a `TypeId`.

use super::scope::{ObjKind, ScopeId};
use super::Checker;
use crate::ast::{self, Expr, ExprKind, InterfaceElem, UnaryOp};
use crate::types::{
    ChanDir, FieldInfo, InterfaceInfo, MethodInfo, Signature, TypeData, TypeId, INVALID,
};

impl<'a> Checker<'a> {
    /// Checks `e` as a type; reports and returns `INVALID` when it is not one.
    pub(crate) fn type_expr(&mut self, scope: ScopeId, e: &Expr) -> TypeId {
        let t = self.type_expr_inner(scope, e);
        if t != INVALID {
            let x = super::Operand::new(super::Mode::TypeExpr, t, String::new());
            self.record(e, &x);
        }
        t
    }

    fn type_expr_inner(&mut self, scope: ScopeId, e: &Expr) -> TypeId {
        match &e.kind {
            ExprKind::Ident(name) => self.type_name(scope, e, name),
            ExprKind::Selector { .. } => self.qualified_type(scope, e),
            ExprKind::Paren(x) => self.type_expr(scope, x),
            ExprKind::Unary {
                op: UnaryOp::Star,
                x,
            } => {
                let elem = self.type_expr(scope, x);
                if elem == INVALID {
                    return INVALID;
                }
                self.types.pointer(elem)
            }
            ExprKind::ArrayType { len, elem } => self.array_type(scope, len.as_deref(), elem),
            ExprKind::SliceType { elem } => {
                let elem = self.type_expr(scope, elem);
                self.types.slice(elem)
            }
            ExprKind::MapType { key, value } => self.map_type(scope, key, value),
            ExprKind::ChanType { dir, elem } => {
                let elem = self.type_expr(scope, elem);
                let dir = match dir {
                    ast::ChanDir::Both => ChanDir::Both,
                    ast::ChanDir::Send => ChanDir::Send,
                    ast::ChanDir::Recv => ChanDir::Recv,
                };
                self.types.add(TypeData::Chan(dir, elem))
            }
            ExprKind::FuncType(sig) => {
                let s = self.signature(scope, sig, &mut Vec::new());
                self.types.add(TypeData::Func(s))
            }
            ExprKind::StructType { fields } => self.struct_type(scope, fields),
            ExprKind::InterfaceType { elems } => self.interface_type(scope, elems),
            ExprKind::Index { x, indices, .. } => self.instantiated_type(scope, e, x, indices),
            _ => {
                let s = self.expr_string(e);
                self.error(e.pos(), format!("{s} is not a type"));
                INVALID
            }
        }
    }

    fn type_name(&mut self, scope: ScopeId, e: &Expr, name: &str) -> TypeId {
        if name == "_" {
            self.error(e.pos(), "cannot use _ as value or type");
            return INVALID;
        }
        let Some(obj) = self.lookup(scope, name) else {
            self.error(e.pos(), format!("undefined: {name}"));
            return INVALID;
        };
        self.uses.insert(e.id, obj);
        self.resolve_pending(obj);
        match self.obj(obj).kind {
            ObjKind::TypeName { typ } => {
                if self.generics.contains_key(&obj) && !self.allow_generic_type {
                    let g = self.generic_name(obj);
                    self.error(
                        e.pos(),
                        format!("cannot use generic type {g} without instantiation"),
                    );
                    return INVALID;
                }
                if !self.in_constraint {
                    if let Some(why) = self.constraint_only(typ) {
                        self.error(
                            e.pos(),
                            format!("cannot use type {name} outside a type constraint: {why}"),
                        );
                        return INVALID;
                    }
                }
                typ
            }
            _ => {
                let what = self.object_kind_word(obj);
                self.error(e.pos(), format!("{name} ({what}) is not a type"));
                INVALID
            }
        }
    }

    /// Why a constraint interface (with type terms, or comparable) cannot be a value's type.
    fn constraint_only(&self, t: TypeId) -> Option<&'static str> {
        match self.types.under(t) {
            TypeData::Interface(i) if !i.unions.is_empty() => {
                Some("interface contains type constraints")
            }
            TypeData::Interface(i) if i.has_terms => Some("interface is (or embeds) comparable"),
            _ => None,
        }
    }

    /// How Go names an object that is not a type (`local variable`, `constant`…); naming a
    /// variable this way counts as using it.
    fn object_kind_word(&mut self, obj: super::scope::ObjId) -> &'static str {
        match &mut self.obj_mut(obj).kind {
            ObjKind::Var { used, global, .. } => {
                *used = true;
                if *global {
                    "package-level variable"
                } else {
                    "local variable"
                }
            }
            ObjKind::Const { .. } => "constant",
            ObjKind::Func { .. } => "function",
            ObjKind::Builtin(_) => "built-in function",
            ObjKind::Package { .. } => "package",
            ObjKind::Nil => "untyped nil",
            _ => "object",
        }
    }

    fn qualified_type(&mut self, scope: ScopeId, e: &Expr) -> TypeId {
        let x = self.expr_or_type(scope, e);
        if x.is_invalid() {
            return INVALID;
        }
        if x.mode != super::Mode::TypeExpr {
            let s = self.expr_string(e);
            self.error(e.pos(), format!("{s} is not a type"));
            return INVALID;
        }
        x.typ
    }

    fn array_type(&mut self, scope: ScopeId, len: Option<&Expr>, elem: &Expr) -> TypeId {
        let Some(len) = len else {
            self.error(
                elem.pos().saturating_sub(5),
                "invalid use of [...] array (outside a composite literal)",
            );
            self.type_expr(scope, elem);
            return INVALID;
        };
        let n = self.array_length(scope, len);
        let elem = self.type_expr(scope, elem);
        match n {
            Some(n) if elem != INVALID => self.types.add(TypeData::Array(n, elem)),
            _ => INVALID,
        }
    }

    /// Checks an array length: a non-negative integer constant representable as `int`.
    pub(crate) fn array_length(&mut self, scope: ScopeId, len: &Expr) -> Option<u64> {
        // A name that is not a constant is reported without being used, as types2 does.
        if let ExprKind::Ident(name) = &len.kind {
            match self.lookup(scope, name) {
                None => {
                    self.error(
                        len.pos(),
                        format!("undefined array length {name} or missing type constraint"),
                    );
                    return None;
                }
                Some(obj) if !matches!(self.obj(obj).kind, ObjKind::Const { .. }) => {
                    self.error(len.pos(), format!("invalid array length {name}"));
                    return None;
                }
                _ => {}
            }
        }
        let x = self.expr(scope, len);
        if x.is_invalid() {
            return None;
        }
        if x.mode != super::Mode::Constant {
            let s = self.expr_string(len);
            if x.mode == super::Mode::TypeExpr {
                self.error(len.pos(), format!("invalid array length {s}"));
            } else {
                self.error(
                    len.pos(),
                    format!(
                        "array length {s} (value of type {}) must be constant",
                        self.type_str(x.typ)
                    ),
                );
            }
            return None;
        }
        let untyped_or_int = self.types.is_untyped(x.typ) || self.types.is_integer(x.typ);
        let v = x.val.as_ref().and_then(|v| v.to_int());
        match v.as_ref().and_then(|v| v.as_i64()) {
            Some(n) if n >= 0 && untyped_or_int => Some(n as u64),
            Some(_) if untyped_or_int => {
                self.error(
                    len.pos(),
                    format!("invalid array length {} (untyped int constant)", x.text),
                );
                None
            }
            _ => {
                let d = self.describe(&x);
                self.error(len.pos(), format!("array length {d} must be integer"));
                None
            }
        }
    }

    fn map_type(&mut self, scope: ScopeId, key: &Expr, value: &Expr) -> TypeId {
        let k = self.type_expr(scope, key);
        let v = self.type_expr(scope, value);
        if k == INVALID || v == INVALID {
            return INVALID;
        }
        // Go positions a func type at its parameter list.
        let key_pos = match &key.kind {
            ExprKind::FuncType(_) => key.pos() + 4,
            _ => key.pos(),
        };
        self.later_map_key_check(k, key_pos);
        self.types.add(TypeData::Map(k, v))
    }

    /// Map keys must be comparable; named key types may not be complete yet, so the check is
    /// made once the declaration that needs it is done.
    fn later_map_key_check(&mut self, k: TypeId, pos: u32) {
        if matches!(self.types.get(k), TypeData::Named(n) if n.underlying == INVALID) {
            self.pending_key_checks.push((k, pos));
            return;
        }
        self.check_map_key(k, pos);
    }

    pub(crate) fn check_map_key(&mut self, k: TypeId, pos: u32) {
        if !self.types.is_interface(k) && !self.types.comparable(k) {
            let s = self.type_str(k);
            self.error(pos, format!("invalid map key type {s}"));
        }
    }

    /// A function signature. `params_out` receives the declared parameter and result names with
    /// their types and positions, for the function body's scope.
    pub(crate) fn signature(
        &mut self,
        scope: ScopeId,
        sig: &ast::FuncType,
        params_out: &mut Vec<(ast::Ident, TypeId, bool)>,
    ) -> Signature {
        let mut variadic = false;
        let mut params = Vec::new();
        let n = sig.params.len();
        for (i, f) in sig.params.iter().enumerate() {
            let mut t = self.type_expr(scope, &f.typ);
            if f.variadic {
                if i + 1 != n || f.names.len() > 1 {
                    self.error(
                        f.typ.pos().saturating_sub(3),
                        "can only use ... with final parameter in list",
                    );
                } else {
                    variadic = true;
                }
                t = self.types.slice(t);
            }
            push_fields(&mut params, params_out, f, t, false);
        }
        let mut results = Vec::new();
        for f in &sig.results {
            let t = self.type_expr(scope, &f.typ);
            if f.variadic {
                self.error(
                    f.typ.pos().saturating_sub(3),
                    "can only use ... with final parameter in list",
                );
            }
            push_fields(&mut results, params_out, f, t, true);
        }
        Signature {
            params: params.into(),
            results: results.into(),
            variadic,
        }
    }

    fn struct_type(&mut self, scope: ScopeId, fields: &[ast::Field]) -> TypeId {
        let mut out: Vec<FieldInfo> = Vec::new();
        for f in fields {
            let t = self.type_expr(scope, &f.typ);
            if f.names.is_empty() {
                let name = embedded_name(&f.typ);
                self.check_embedded(&f.typ, t);
                let pos = embedded_name_pos(&f.typ);
                self.add_field(&mut out, name, t, true, f.tag.clone(), pos);
                continue;
            }
            for n in &f.names {
                self.add_field(&mut out, n.name.clone(), t, false, f.tag.clone(), n.pos);
            }
        }
        self.types.add(TypeData::Struct(out))
    }

    fn check_embedded(&mut self, e: &Expr, t: TypeId) {
        if t == INVALID {
            return;
        }
        let base = match self.types.get(t) {
            TypeData::Pointer(b) => *b,
            _ => t,
        };
        if matches!(self.types.get(t), TypeData::Pointer(_))
            && (self.types.is_interface(base)
                || matches!(self.types.get(base), TypeData::Pointer(_)))
        {
            let s = self.type_str(t);
            self.error(
                e.pos(),
                format!("embedded field type cannot be a pointer to an interface: {s}"),
            );
        }
    }

    fn add_field(
        &mut self,
        out: &mut Vec<FieldInfo>,
        name: String,
        typ: TypeId,
        embedded: bool,
        tag: Option<Vec<u8>>,
        pos: u32,
    ) {
        if name != "_" {
            if let Some(prev) = out.iter().find(|f| f.name == name) {
                let (line, col) = self.line_col(prev.pos);
                let path = self.path_for_messages();
                self.error(
                    pos,
                    format!(
                        "{name} redeclared\n\t{path}:{line}:{col}: other declaration of {name}"
                    ),
                );
                return;
            }
        }
        out.push(FieldInfo {
            name,
            typ,
            embedded,
            tag,
            pos,
        });
    }

    fn interface_type(&mut self, scope: ScopeId, elems: &[InterfaceElem]) -> TypeId {
        let mut methods: Vec<MethodInfo> = Vec::new();
        let mut embedded = Vec::new();
        let mut has_terms = false;
        let mut unions = Vec::new();
        let mut method_pos: Vec<(String, u32)> = Vec::new();
        for el in elems {
            match el {
                InterfaceElem::Method { name, sig } => {
                    let s = self.signature(scope, sig, &mut Vec::new());
                    let sig = self.types.add(TypeData::Func(s));
                    if let Some((_, prev)) = method_pos.iter().find(|(n, _)| *n == name.name) {
                        let (line, col) = self.line_col(*prev);
                        let p = self.path_for_messages();
                        let n = &name.name;
                        self.error(
                            name.pos,
                            format!("duplicate method {n}\n\t{p}:{line}:{col}: other declaration of method {n}"),
                        );
                        continue;
                    }
                    method_pos.push((name.name.clone(), name.pos));
                    methods.push(MethodInfo {
                        name: name.name.clone(),
                        sig,
                    });
                }
                InterfaceElem::Embed(terms) => {
                    if terms.len() != 1 || terms[0].tilde {
                        has_terms = true;
                    }
                    let mut union = Vec::new();
                    let saved = std::mem::replace(&mut self.in_constraint, true);
                    for term in terms {
                        let t = self.type_expr(scope, &term.typ);
                        if t != INVALID {
                            embedded.push(t);
                            union.push((term.tilde, t));
                        }
                    }
                    self.in_constraint = saved;
                    let single_interface =
                        union.len() == 1 && !union[0].0 && self.types.is_interface(union[0].1);
                    if !single_interface && !union.is_empty() {
                        unions.push(union);
                    }
                }
            }
        }
        let info = InterfaceInfo {
            methods,
            embedded,
            all_methods: Vec::new(),
            has_terms,
            unions,
        };
        let id = self.types.add(TypeData::Interface(info));
        self.complete_interface(id);
        id
    }

    /// Computes an interface's full method set from its own methods and embedded interfaces.
    pub(crate) fn complete_interface(&mut self, id: TypeId) {
        let TypeData::Interface(info) = self.types.get(id).clone() else {
            return;
        };
        let mut all = info.methods.clone();
        let mut has_terms = info.has_terms;
        let mut unions = info.unions.clone();
        for e in &info.embedded {
            match self.types.under(*e).clone() {
                TypeData::Interface(inner) => {
                    has_terms |= inner.has_terms;
                    // A term of a union (`Signed | Float`) is not an embedded constraint.
                    let in_union = info.unions.iter().flatten().any(|u| u.1 == *e);
                    if !in_union {
                        unions.extend(inner.unions);
                    }
                    for m in inner.all_methods {
                        if !all.iter().any(|x| x.name == m.name) {
                            all.push(m);
                        }
                    }
                }
                TypeData::Basic(crate::types::BasicKind::Invalid) => {}
                _ => has_terms = true,
            }
        }
        all.sort_by(|a, b| a.name.cmp(&b.name));
        if let TypeData::Interface(info) = self.types.get_mut(id) {
            info.all_methods = all;
            info.has_terms = has_terms;
            info.unions = unions;
        }
    }
}

fn push_fields(
    list: &mut Vec<(String, TypeId)>,
    out: &mut Vec<(ast::Ident, TypeId, bool)>,
    f: &ast::Field,
    t: TypeId,
    result: bool,
) {
    if f.names.is_empty() {
        list.push((String::new(), t));
        return;
    }
    for n in &f.names {
        list.push((n.name.clone(), t));
        out.push((n.clone(), t, result));
    }
}

/// The implicit field name of an embedded field: the type name without package or `*`.
fn embedded_name(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::Selector { sel, .. } => sel.name.clone(),
        ExprKind::Unary { x, .. } | ExprKind::Paren(x) => embedded_name(x),
        ExprKind::Index { x, .. } => embedded_name(x),
        _ => "_".into(),
    }
}

/// Where an embedded field's implicit name is written (after any `*` and package).
fn embedded_name_pos(e: &Expr) -> u32 {
    match &e.kind {
        ExprKind::Selector { sel, .. } => sel.pos,
        ExprKind::Unary { x, .. } | ExprKind::Paren(x) | ExprKind::Index { x, .. } => {
            embedded_name_pos(x)
        }
        _ => e.pos(),
    }
}
