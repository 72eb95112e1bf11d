//! Field and method lookup through embedded structs, selectors, method sets and interface
//! satisfaction (`T does not implement I (missing method M)`).

use super::scope::{ObjKind, ScopeId};
use super::{Checker, Mode, Operand};
use crate::ast::{Expr, ExprKind, Ident};
use crate::types::{Signature, TypeData, TypeId, INVALID};
use smallvec::{smallvec, SmallVec};

/// What a selector `x.f` found (recorded in `Info::selections` for code generation).
#[derive(Clone, Debug)]
pub enum Selection {
    /// A field, through `path` (indices of embedded fields, then the field).
    Field {
        typ: TypeId,
        path: Vec<usize>,
        /// A pointer was followed on the way (so the result is addressable).
        indirect: bool,
    },
    /// A method of a named type or an interface.
    Method {
        sig: TypeId,
        pointer_recv: bool,
        indirect: bool,
        /// The method belongs to an interface.
        interface: bool,
        /// Indices of the embedded fields through which the method is promoted (empty for
        /// a method of the type itself).
        path: Vec<usize>,
    },
}

/// Why a type does not implement an interface.
pub(crate) enum Missing {
    Method(String),
    PointerRecv(String),
    WrongType {
        name: String,
        have: String,
        want: String,
    },
}

impl<'a> Checker<'a> {
    /// Finds field or method `name` in type `t` (Go's breadth-first search through embedded
    /// fields). `Err(true)` when ambiguous.
    pub(crate) fn lookup_field_or_method(
        &mut self,
        t: TypeId,
        name: &str,
    ) -> Result<Selection, bool> {
        let (base, indirect0) = match self.types.get(t) {
            TypeData::Pointer(b) => (*b, true),
            _ => (t, false),
        };
        if let TypeData::Pointer(_) = self.types.under(t) {
            if !indirect0 {
                // A named pointer type has no methods and its fields are not promoted.
                return Err(false);
            }
        }
        // Almost every lookup ends at the first level: the vectors stay inline.
        let mut level: SmallVec<[(TypeId, Vec<usize>, bool); 2]> =
            smallvec![(base, vec![], indirect0)];
        let mut seen: SmallVec<[TypeId; 4]> = SmallVec::new();
        while !level.is_empty() {
            let mut found: SmallVec<[Selection; 1]> = SmallVec::new();
            let mut next = SmallVec::new();
            for (typ, path, indirect) in level {
                if seen.contains(&typ) {
                    continue;
                }
                seen.push(typ);
                if let Some(sel) = self.direct_method(typ, name, indirect, &path) {
                    found.push(sel);
                    continue;
                }
                match self.types.under(typ) {
                    TypeData::Struct(fields) => {
                        for (i, f) in fields.iter().enumerate() {
                            if f.name != name && !f.embedded {
                                continue;
                            }
                            let mut p = path.clone();
                            p.push(i);
                            if f.name == name {
                                found.push(Selection::Field {
                                    typ: f.typ,
                                    path: p.clone(),
                                    indirect,
                                });
                            }
                            if f.embedded {
                                let (ft, ind) = match self.types.get(f.typ) {
                                    TypeData::Pointer(b) => (*b, true),
                                    _ => (f.typ, indirect),
                                };
                                next.push((ft, p, ind));
                            }
                        }
                    }
                    TypeData::Interface(info) => {
                        if let Some(m) = info.all_methods.iter().find(|m| m.name == name) {
                            found.push(Selection::Method {
                                sig: m.sig,
                                pointer_recv: false,
                                indirect,
                                interface: true,
                                path: path.clone(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            match found.len() {
                0 => level = next,
                1 => return Ok(found.pop().expect("one")),
                _ => return Err(true),
            }
        }
        Err(false)
    }

    fn direct_method(
        &mut self,
        t: TypeId,
        name: &str,
        indirect: bool,
        path: &[usize],
    ) -> Option<Selection> {
        let TypeData::Named(n) = self.types.get(t) else {
            return None;
        };
        let m = n.methods.iter().find(|m| m.name == name)?.clone();
        let sig = self.method_sig(&m);
        Some(Selection::Method {
            sig,
            pointer_recv: m.pointer_recv,
            indirect,
            interface: false,
            path: path.to_vec(),
        })
    }

    /// `x.sel`: a qualified identifier, a field, a method value or a method expression.
    pub(crate) fn selector(&mut self, scope: ScopeId, e: &Expr, xe: &Expr, sel: &Ident) -> Operand {
        if let ExprKind::Ident(pkg) = &xe.kind {
            if let Some(obj) = self.lookup(scope, pkg) {
                if let ObjKind::Package { scope: pscope, .. } = self.obj(obj).kind.clone() {
                    if let ObjKind::Package { used, .. } = &mut self.obj_mut(obj).kind {
                        *used = true;
                    }
                    self.uses.insert(xe.id, obj);
                    return self.qualified(e, pkg, pscope, sel);
                }
            }
        }
        let x = self.expr_or_type(scope, xe);
        if x.is_invalid() {
            return x;
        }
        if x.mode == Mode::TypeExpr {
            if let Some(g) = self.generic_of(xe) {
                let name = self.obj(g).name.clone();
                self.error(
                    xe.pos(),
                    format!("cannot use generic type {name} without instantiation"),
                );
                return Operand::invalid();
            }
            return self.method_expr(e, &x, sel);
        }
        let x = self.require_value(xe, x);
        if x.is_invalid() {
            return x;
        }
        let text = self.expr_string(e);
        if self.is_type_param(x.typ) {
            return self.type_param_selector(e, &x, sel, text);
        }
        let found = self.lookup_field_or_method(x.typ, &sel.name);
        if let Ok(s) = &found {
            self.selections.insert(e.id, s.clone());
        }
        match found {
            Ok(Selection::Field { typ, indirect, .. }) => {
                let mode = if x.mode == Mode::Variable || indirect {
                    Mode::Variable
                } else {
                    Mode::Value
                };
                Operand::new(mode, typ, text)
            }
            Ok(Selection::Method {
                sig,
                pointer_recv,
                indirect,
                ..
            }) => {
                if pointer_recv && !indirect && x.mode != Mode::Variable {
                    let ts = self.type_str(x.typ);
                    self.error(
                        sel.pos,
                        format!("cannot call pointer method {} on {ts}", sel.name),
                    );
                    return Operand::invalid();
                }
                Operand::new(Mode::Value, sig, text)
            }
            Err(ambiguous) => {
                self.report_missing_selector(&x, sel, ambiguous, &text);
                Operand::invalid()
            }
        }
    }

    /// `x.M` on a value of a type parameter's type (checking a generic body): a method of
    /// its constraint.
    fn type_param_selector(&mut self, e: &Expr, x: &Operand, sel: &Ident, text: String) -> Operand {
        let TypeData::TypeParam(p) = self.types.get(x.typ).clone() else {
            return Operand::invalid();
        };
        let method = match self.types.under(p.constraint) {
            TypeData::Interface(i) => i.all_methods.iter().find(|m| m.name == sel.name).cloned(),
            _ => None,
        };
        let Some(m) = method else {
            let ts = self.type_str(x.typ);
            self.error_in_generic(
                sel.pos,
                format!(
                    "{text} undefined (type {ts} has no field or method {})",
                    sel.name
                ),
            );
            return Operand::invalid();
        };
        self.selections.insert(
            e.id,
            Selection::Method {
                sig: m.sig,
                pointer_recv: false,
                indirect: false,
                interface: true,
                path: Vec::new(),
            },
        );
        Operand::new(Mode::Value, m.sig, text)
    }

    fn report_missing_selector(&mut self, x: &Operand, sel: &Ident, ambiguous: bool, text: &str) {
        if ambiguous {
            self.error(sel.pos, format!("ambiguous selector {text}"));
            return;
        }
        let ts = self.type_str(x.typ);
        let mut why = format!("type {ts} has no field or method {}", sel.name);
        if let TypeData::Pointer(b) = self.types.get(x.typ).clone() {
            if let TypeData::Interface(_) = self.types.under(b) {
                let bs = self.type_str(x.typ);
                why = format!("type {bs} is pointer to interface, not interface");
            }
        }
        if let Some(alt) = self.other_case_member(x.typ, &sel.name) {
            why.push_str(&format!(", but does have {alt}"));
        }
        self.error(sel.pos, format!("{text} undefined ({why})"));
    }

    /// A member whose name differs only in case: Go's hint `but does have field Name`.
    fn other_case_member(&mut self, t: TypeId, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        let base = match self.types.get(t) {
            TypeData::Pointer(b) => *b,
            _ => t,
        };
        if let TypeData::Named(n) = self.types.get(base) {
            if let Some(m) = n.methods.iter().find(|m| m.name.to_lowercase() == lower) {
                return Some(format!("method {}", m.name));
            }
        }
        if let TypeData::Struct(fields) = self.types.under(base) {
            if let Some(f) = fields.iter().find(|f| f.name.to_lowercase() == lower) {
                return Some(format!("field {}", f.name));
            }
        }
        None
    }

    fn qualified(&mut self, e: &Expr, pkg: &str, pscope: ScopeId, sel: &Ident) -> Operand {
        let text = self.expr_string(e);
        let Some(obj) = self.lookup_local(pscope, &sel.name) else {
            let lower = sel.name.to_lowercase();
            let alt = self.scopes[pscope.0 as usize]
                .names
                .keys()
                .find(|n| n.to_lowercase() == lower && n.starts_with(char::is_uppercase))
                .cloned();
            let hint = alt.map_or(String::new(), |a| format!(" (but have {a})"));
            self.error(sel.pos, format!("undefined: {pkg}.{}{hint}", sel.name));
            return Operand::invalid();
        };
        if !sel.name.starts_with(|c: char| c.is_uppercase()) {
            self.error(
                sel.pos,
                format!("name {} not exported by package {pkg}", sel.name),
            );
            return Operand::invalid();
        }
        self.uses.insert(e.id, obj);
        match self.obj(obj).kind.clone() {
            ObjKind::Var { typ, .. } => Operand::new(Mode::Variable, typ, text),
            ObjKind::Const { typ, val } => Operand::constant(typ, val, text),
            ObjKind::TypeName { typ } => Operand::new(Mode::TypeExpr, typ, text),
            ObjKind::Func { sig, .. } => Operand::new(Mode::Value, sig, text),
            _ => Operand::invalid(),
        }
    }

    /// `T.M` or `(*T).M`: a function taking the receiver first.
    fn method_expr(&mut self, e: &Expr, x: &Operand, sel: &Ident) -> Operand {
        let text = self.expr_string(e);
        let found = self.lookup_field_or_method(x.typ, &sel.name);
        if let Ok(s @ Selection::Method { .. }) = &found {
            self.selections.insert(e.id, s.clone());
        }
        match found {
            Ok(Selection::Method {
                sig, pointer_recv, ..
            }) => {
                let is_ptr = matches!(self.types.get(x.typ), TypeData::Pointer(_));
                if pointer_recv && !is_ptr && !self.types.is_interface(x.typ) {
                    let ts = self.type_str(x.typ);
                    self.error(
                        e.pos(),
                        format!(
                            "invalid method expression {text} (needs pointer receiver (*{ts}).{})",
                            sel.name
                        ),
                    );
                    return Operand::invalid();
                }
                let Some(s) = self.types.signature(sig).cloned() else {
                    return Operand::invalid();
                };
                let mut params = vec![(String::new(), x.typ)];
                params.extend(s.params.iter().cloned());
                let f = self.types.add(TypeData::Func(Signature {
                    params: params.into(),
                    results: s.results.clone(),
                    variadic: s.variadic,
                }));
                Operand::new(Mode::Value, f, text)
            }
            _ => {
                let ts = self.type_str(x.typ);
                self.error(
                    sel.pos,
                    format!(
                        "{text} undefined (type {ts} has no field or method {})",
                        sel.name
                    ),
                );
                Operand::invalid()
            }
        }
    }

    /// Whether `t` implements interface `iface`; the first missing method otherwise.
    pub(crate) fn missing_method(&mut self, t: TypeId, iface: TypeId) -> Option<Missing> {
        let TypeData::Interface(info) = self.types.under(iface).clone() else {
            return None;
        };
        let t_is_ptr = matches!(self.types.get(t), TypeData::Pointer(_));
        for m in &info.all_methods {
            match self.lookup_field_or_method(t, &m.name) {
                Ok(Selection::Method {
                    sig,
                    pointer_recv,
                    indirect,
                    interface,
                    ..
                }) => {
                    if !self.types.identical(sig, m.sig) {
                        let have = self.method_string(&m.name, sig);
                        let want = self.method_string(&m.name, m.sig);
                        return Some(Missing::WrongType {
                            name: m.name.clone(),
                            have,
                            want,
                        });
                    }
                    if pointer_recv && !t_is_ptr && !indirect && !interface {
                        return Some(Missing::PointerRecv(m.name.clone()));
                    }
                }
                _ => return Some(Missing::Method(m.name.clone())),
            }
        }
        None
    }

    /// A method of `t` whose name differs from `name` only in case, with its signature.
    fn other_case_method(&mut self, t: TypeId, name: &str) -> Option<(String, TypeId)> {
        let base = match self.types.get(t) {
            TypeData::Pointer(b) => *b,
            _ => t,
        };
        let TypeData::Named(n) = self.types.get(base) else {
            return None;
        };
        let lower = name.to_lowercase();
        let m = n
            .methods
            .iter()
            .find(|m| m.name.to_lowercase() == lower)?
            .clone();
        let sig = self.method_sig(&m);
        Some((m.name, sig))
    }

    fn interface_method_sig(&self, iface: TypeId, name: &str) -> TypeId {
        match self.types.under(iface) {
            TypeData::Interface(i) => i
                .all_methods
                .iter()
                .find(|m| m.name == name)
                .map_or(INVALID, |m| m.sig),
            _ => INVALID,
        }
    }

    fn method_string(&self, name: &str, sig: TypeId) -> String {
        let mut s = name.to_string();
        if let TypeData::Func(sg) = self.types.get(sig) {
            self.types.write_signature(&mut s, sg, 0);
        }
        s
    }

    /// `T does not implement I (missing method M)` and its variants.
    pub(crate) fn not_implements(&mut self, t: TypeId, iface: TypeId) -> Option<String> {
        let missing = self.missing_method(t, iface)?;
        let (ts, is) = (self.type_str(t), self.type_str(iface));
        let why = match missing {
            Missing::Method(m) => match self.other_case_method(t, &m) {
                Some((alt, sig)) => {
                    let want_sig = self.interface_method_sig(iface, &m);
                    let have = self.method_string(&alt, sig);
                    let want = self.method_string(&m, want_sig);
                    format!("(missing method {m})\n\t\thave {have}\n\t\twant {want}")
                }
                None => format!("(missing method {m})"),
            },
            Missing::PointerRecv(m) => format!("(method {m} has pointer receiver)"),
            Missing::WrongType { name, have, want } => {
                format!("(wrong type for method {name})\n\t\thave {have}\n\t\twant {want}")
            }
        };
        Some(format!("{ts} does not implement {is} {why}"))
    }
}
