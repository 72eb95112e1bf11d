//! Package-level declarations: collecting objects, checking each declaration on demand (so
//! declaration order does not matter, as in Go), methods, and the delayed function bodies.

use super::scope::{ObjId, ObjKind, ScopeId};
use super::{Checker, Mode};
use crate::ast::{self, ConstSpec, Decl, Expr, FuncDecl, TypeSpec, VarSpec};
use crate::constant::Value;
use crate::types::{NamedInfo, NamedMethod, TypeData, TypeId, INVALID};

/// A package-level declaration not checked yet.
#[derive(Clone, Copy)]
pub(crate) enum PendingDecl<'a> {
    Const {
        spec: &'a ConstSpec,
        /// The spec whose type and values apply (itself, or the last one with values).
        source: &'a ConstSpec,
        index: usize,
    },
    Var {
        spec: &'a VarSpec,
        index: usize,
    },
    Type(&'a TypeSpec),
    Func(&'a FuncDecl),
}

/// A function body checked after all package-level declarations.
pub(crate) struct DelayedBody<'a> {
    pub decl: &'a FuncDecl,
    pub sig: TypeId,
    pub recv: Option<(ast::Ident, TypeId)>,
    pub params: Vec<(ast::Ident, TypeId, bool)>,
    pub scope: ScopeId,
    /// A generic declaration's own body, checked with its type parameters only for what
    /// does not depend on them (uses of variables and imports).
    pub generic: bool,
}

impl<'a> Checker<'a> {
    /// Checks package `main` in `file`.
    pub(crate) fn check_main(&mut self, file: &'a ast::File) {
        if file.package.name != "main" {
            // Mini runs programs: only package main makes sense as a file of its own.
            self.error(
                file.package.pos,
                format!("package {} is not a main package", file.package.name),
            );
        }
        let pkg_scope = self.new_scope(Some(self.universe));
        let file_scope = self.new_scope(Some(pkg_scope));
        self.file_scope = file_scope;
        let imports = self.import_packages(file, file_scope);
        self.check_package(file, pkg_scope, file_scope);
        self.check_instances();
        self.report_unused_imports(&imports);
        if self.errors.is_empty() {
            self.report_missing_bodies(file);
        }
        if self.errors.is_empty()
            && !self.main_optional
            && self.lookup_local(pkg_scope, "main").is_none()
        {
            self.error(
                crate::diag::NO_POS,
                "runtime.main_main·f: function main is undeclared in the main package",
            );
        }
    }

    /// Collects, checks declarations, then bodies, of one package's file.
    pub(crate) fn check_package(
        &mut self,
        file: &'a ast::File,
        pkg_scope: ScopeId,
        file_scope: ScopeId,
    ) {
        let order = self.collect_objects(file, pkg_scope, file_scope);
        self.collect_methods(file, pkg_scope);
        for obj in order {
            self.resolve_pending(obj);
        }
        let keys = std::mem::take(&mut self.pending_key_checks);
        for (k, pos) in keys {
            self.check_map_key(k, pos);
        }
        let bodies = std::mem::take(&mut self.delayed);
        for b in bodies {
            self.func_body(b);
        }
    }

    fn collect_objects(
        &mut self,
        file: &'a ast::File,
        pkg_scope: ScopeId,
        file_scope: ScopeId,
    ) -> Vec<ObjId> {
        let mut order = Vec::new();
        for d in &file.decls {
            match d {
                Decl::Const(group) => self.collect_consts(group, pkg_scope, &mut order),
                Decl::Var(specs) => {
                    for spec in specs {
                        for (index, n) in spec.names.iter().enumerate() {
                            let kind = ObjKind::Var {
                                typ: INVALID,
                                used: true,
                                global: true,
                                param: false,
                            };
                            let obj = self.new_object(&n.name, n.pos, kind);
                            self.defs.insert(n.pos, obj);
                            self.declare_package_obj(pkg_scope, file_scope, obj);
                            self.pending.insert(obj, PendingDecl::Var { spec, index });
                            order.push(obj);
                        }
                    }
                }
                Decl::Type(specs) => {
                    for spec in specs {
                        let obj = self.declare_type_name(spec, pkg_scope, file_scope);
                        order.push(obj);
                    }
                }
                Decl::Func(f) => {
                    if let Some(obj) = self.collect_func(f, pkg_scope, file_scope) {
                        order.push(obj);
                    }
                }
            }
        }
        order
    }

    fn declare_package_obj(&mut self, pkg_scope: ScopeId, file_scope: ScopeId, obj: ObjId) {
        let name = self.obj(obj).name.clone();
        let is_func = matches!(self.obj(obj).kind, ObjKind::Func { .. });
        if !is_func && (name == "init" || (name == "main" && self.pkg == "main")) {
            let pos = self.obj(obj).pos;
            self.error(pos, format!("cannot declare {name} - must be func"));
            return;
        }
        if self.declare(pkg_scope, obj) {
            self.check_file_conflict(file_scope, obj);
        }
    }

    /// A package-level name may not also be an import name in the file.
    fn check_file_conflict(&mut self, file_scope: ScopeId, obj: ObjId) {
        let name = self.obj(obj).name.clone();
        if let Some(imp) = self.lookup_local(file_scope, &name) {
            if let ObjKind::Package { path, .. } = &self.obj(imp).kind {
                let msg = format!(
                    "{name} already declared through import of package {name} (\"{path}\")"
                );
                let pos = self.obj(obj).pos;
                let (line, col) = self.line_col(self.obj(imp).pos);
                let p = self.path_for_messages();
                self.error(
                    pos,
                    format!("{msg}\n\t{p}:{line}:{col}: other declaration of {name}"),
                );
            }
        }
    }

    fn collect_consts(
        &mut self,
        group: &'a ast::ConstGroup,
        scope: ScopeId,
        order: &mut Vec<ObjId>,
    ) {
        let mut source: Option<&'a ConstSpec> = None;
        for spec in &group.specs {
            if !spec.values.is_empty() || spec.typ.is_some() {
                source = Some(spec);
            }
            let src = source.unwrap_or(spec);
            self.check_const_spec_shape(spec, src);
            for (index, n) in spec.names.iter().enumerate() {
                let kind = ObjKind::Const {
                    typ: INVALID,
                    val: Value::Int(0.into()),
                };
                let obj = self.new_object(&n.name, n.pos, kind);
                self.defs.insert(n.pos, obj);
                if scope == self.file_scope_parent() {
                    let fs = self.file_scope;
                    self.declare_package_obj(scope, fs, obj);
                } else {
                    self.declare(scope, obj);
                }
                self.pending.insert(
                    obj,
                    PendingDecl::Const {
                        spec,
                        source: src,
                        index,
                    },
                );
                order.push(obj);
            }
        }
    }

    fn file_scope_parent(&self) -> ScopeId {
        self.scopes[self.file_scope.0 as usize]
            .parent
            .unwrap_or(self.universe)
    }

    /// Reports Go's errors for a const spec whose name and value counts do not match.
    pub(crate) fn check_const_spec_shape(&mut self, spec: &ConstSpec, src: &ConstSpec) {
        if spec.values.is_empty() && spec.typ.is_some() {
            let n = &spec.names[0];
            self.error(n.pos, format!("missing init expr for {}", n.name));
            return;
        }
        let values = src.values.len();
        if spec.names.len() > values {
            let n = &spec.names[values.min(spec.names.len() - 1)];
            self.error(n.pos, format!("missing init expr for {}", n.name));
        } else if spec.names.len() < values {
            let e = &src.values[spec.names.len()];
            if std::ptr::eq(spec, src) {
                let s = self.expr_string(e);
                self.error(e.pos(), format!("extra init expr {s}"));
            } else {
                let (line, col) = self.line_col(e.pos());
                let p = self.path_for_messages();
                self.error(
                    spec.names[0].pos,
                    format!("extra init expr at {p}:{line}:{col}"),
                );
            }
        }
    }

    fn declare_type_name(
        &mut self,
        spec: &'a TypeSpec,
        scope: ScopeId,
        file_scope: ScopeId,
    ) -> ObjId {
        let typ = if spec.alias {
            INVALID
        } else {
            self.types.add(TypeData::Named(NamedInfo {
                name: spec.name.name.clone(),
                pkg: Some(self.pkg.clone()),
                underlying: INVALID,
                methods: vec![],
                alias: false,
                targs: vec![],
                outer_targs: 0,
            }))
        };
        let obj = self.new_object(&spec.name.name, spec.name.pos, ObjKind::TypeName { typ });
        self.defs.insert(spec.name.pos, obj);
        if !spec.tparams.is_empty() {
            self.register_generic(obj, super::generic::GenericKind::Type(spec));
        }
        self.declare_package_obj(scope, file_scope, obj);
        self.pending.insert(obj, PendingDecl::Type(spec));
        obj
    }

    fn collect_func(
        &mut self,
        f: &'a FuncDecl,
        pkg_scope: ScopeId,
        file_scope: ScopeId,
    ) -> Option<ObjId> {
        let kind = ObjKind::Func {
            sig: INVALID,
            recv: None,
            native: self.pkg != "main" && f.body.is_none(),
        };
        let obj = self.new_object(&f.name.name, f.name.pos, kind);
        self.defs.insert(f.name.pos, obj);
        self.pending.insert(obj, PendingDecl::Func(f));
        if !f.tparams.is_empty() && f.recv.is_none() {
            self.register_generic(obj, super::generic::GenericKind::Func(f));
        }
        if f.recv.is_some() {
            return Some(obj);
        }
        if f.name.name == "init" || (f.name.name == "main" && self.pkg == "main") {
            if !f.tparams.is_empty() {
                let which = &f.name.name;
                self.error(
                    f.name.pos,
                    format!("func {which} must have no type parameters"),
                );
            }
            if !f.sig.params.is_empty() || !f.sig.results.is_empty() {
                let which = &f.name.name;
                self.error(
                    f.name.pos,
                    format!("func {which} must have no arguments and no return values"),
                );
            }
        }
        if f.name.name == "init" {
            if f.body.is_none() {
                self.error(f.name.pos, "missing function body");
            }
            return Some(obj);
        }
        self.declare_package_obj(pkg_scope, file_scope, obj);
        Some(obj)
    }

    /// Checks a pending package-level declaration, if `obj` has one.
    pub(crate) fn resolve_pending(&mut self, obj: ObjId) {
        if self.decl_path.contains(&obj) {
            self.report_cycle(obj);
            return;
        }
        let Some(decl) = self.pending.remove(&obj) else {
            return;
        };
        self.decl_path.push(obj);
        let saved_funcs = std::mem::take(&mut self.funcs);
        match decl {
            PendingDecl::Const {
                spec,
                source,
                index,
            } => self.const_decl(obj, spec, source, index),
            PendingDecl::Var { spec, index } => self.global_var_decl(obj, spec, index),
            PendingDecl::Type(spec) => self.type_decl(obj, spec, self.package_scope_of(obj)),
            PendingDecl::Func(f) => self.func_decl(obj, f),
        }
        self.funcs = saved_funcs;
        self.decl_path.pop();
    }

    fn report_cycle(&mut self, obj: ObjId) {
        let name = self.obj(obj).name.clone();
        let pos = self.obj(obj).pos;
        match self.obj(obj).kind {
            ObjKind::Var { .. } | ObjKind::Const { .. } => {
                let start = self.decl_path.iter().position(|&o| o == obj).unwrap_or(0);
                let cycle: Vec<ObjId> = self.decl_path[start..].to_vec();
                if cycle.len() == 1 {
                    let what = if matches!(self.obj(obj).kind, ObjKind::Var { .. }) {
                        "initialization cycle"
                    } else {
                        "invalid constant cycle"
                    };
                    self.error(pos, format!("{what}: {name} refers to itself"));
                } else {
                    self.error(
                        pos,
                        format!("initialization cycle or invalid recursive declaration of {name}"),
                    );
                }
            }
            _ => {}
        }
    }

    fn package_scope_of(&self, _obj: ObjId) -> ScopeId {
        self.file_scope
    }

    fn const_decl(&mut self, obj: ObjId, spec: &'a ConstSpec, source: &'a ConstSpec, index: usize) {
        let scope = self.file_scope;
        let (typ, val) = self.const_value(scope, spec, source, index);
        self.obj_mut(obj).kind = ObjKind::Const { typ, val };
    }

    /// The type and value of the `index`th name of a const spec (shared with local consts).
    pub(crate) fn const_value(
        &mut self,
        scope: ScopeId,
        spec: &ConstSpec,
        source: &ConstSpec,
        index: usize,
    ) -> (TypeId, Value) {
        let Some(e) = source.values.get(index) else {
            return (INVALID, Value::Int(0.into()));
        };
        let saved = self.iota.replace(spec.iota as u64);
        let inherited = !std::ptr::eq(spec, source);
        let saved_errpos = self.errpos;
        if inherited {
            self.errpos = Some(spec.names[index.min(spec.names.len() - 1)].pos);
        }
        let typ = source.typ.as_ref().map(|t| self.type_expr(scope, t));
        let mut x = self.expr(scope, e);
        self.iota = saved;
        if x.is_invalid() {
            return (INVALID, Value::Int(0.into()));
        }
        if x.mode != Mode::Constant {
            let d = self.describe(&x);
            self.error(e.pos(), format!("{d} is not constant"));
            return (INVALID, Value::Int(0.into()));
        }
        if let Some(t) = typ {
            if t == INVALID {
                return (INVALID, Value::Int(0.into()));
            }
            if !self.is_const_type(t) {
                let s = self.type_str(t);
                self.error(
                    source.typ.as_ref().map_or(0, |t| t.pos()),
                    format!("invalid constant type {s}"),
                );
                return (INVALID, Value::Int(0.into()));
            }
            self.assignment(&mut x, t, "constant declaration");
        }
        self.errpos = saved_errpos;
        let val = x.val.clone().unwrap_or(Value::Int(0.into()));
        (x.typ, val)
    }

    pub(crate) fn is_const_type(&self, t: TypeId) -> bool {
        self.types
            .basic_kind(t)
            .is_some_and(|k| k != crate::types::BasicKind::Invalid)
    }

    fn global_var_decl(&mut self, obj: ObjId, spec: &'a VarSpec, index: usize) {
        let scope = self.file_scope;
        let objs: Vec<ObjId> = spec
            .names
            .iter()
            .map(|n| self.defs.get(&n.pos).copied().unwrap_or(obj))
            .collect();
        for (i, &o) in objs.iter().enumerate() {
            if i != index {
                self.pending.remove(&o);
            }
        }
        self.var_spec(scope, spec, &objs);
    }

    /// Checks `var names [T] [= values]` for already-created objects `objs`.
    pub(crate) fn var_spec(&mut self, scope: ScopeId, spec: &VarSpec, objs: &[ObjId]) {
        let typ = spec.typ.as_ref().map(|t| self.type_expr(scope, t));
        if let Some(t) = typ {
            for &o in objs {
                self.set_var_type(o, t);
            }
            if spec.values.is_empty() {
                return;
            }
        }
        let (l, r) = (spec.names.len(), spec.values.len());
        if l != r && r != 1 {
            for v in &spec.values {
                self.expr(scope, v);
            }
            if l < r {
                let extra = &spec.values[l];
                let s = self.expr_string(extra);
                self.error(extra.pos(), format!("extra init expr {s}"));
            } else {
                let n = &spec.names[r];
                self.error(n.pos, format!("missing init expr for {}", n.name));
            }
            return;
        }
        let lhs: Vec<Option<ObjId>> = objs.iter().map(|&o| Some(o)).collect();
        self.init_vars(scope, &lhs, typ, &spec.values, "variable declaration");
    }

    pub(crate) fn set_var_type(&mut self, o: ObjId, t: TypeId) {
        if let ObjKind::Var { typ, .. } = &mut self.obj_mut(o).kind {
            *typ = t;
        }
    }

    fn type_decl(&mut self, obj: ObjId, spec: &'a TypeSpec, scope: ScopeId) {
        if !spec.tparams.is_empty() {
            self.generic_type_decl(obj, spec);
            return;
        }
        if spec.alias {
            let t = self.type_expr(scope, &spec.typ);
            self.obj_mut(obj).kind = ObjKind::TypeName { typ: t };
            return;
        }
        let ObjKind::TypeName { typ: named } = self.obj(obj).kind else {
            return;
        };
        let rhs = self.type_expr(scope, &spec.typ);
        let under = self.types.underlying(rhs);
        if let TypeData::Named(n) = self.types.get_mut(named) {
            n.underlying = under;
        }
        let mut path = vec![named];
        if rhs == named
            || (under != INVALID && self.cycle_through(named, under, &mut path, &mut Vec::new()))
        {
            self.report_type_cycle(&path);
        }
    }

    /// Whether `t` contains `named` by value (through struct fields and array elements);
    /// `path` collects the named types on the way.
    fn cycle_through(
        &self,
        named: TypeId,
        t: TypeId,
        path: &mut Vec<TypeId>,
        seen: &mut Vec<TypeId>,
    ) -> bool {
        if t == named {
            return true;
        }
        if seen.contains(&t) {
            return false;
        }
        seen.push(t);
        match self.types.get(t) {
            TypeData::Named(n) if n.alias => self.cycle_through(named, n.underlying, path, seen),
            TypeData::Named(n) => {
                path.push(t);
                if n.underlying != INVALID && self.cycle_through(named, n.underlying, path, seen) {
                    return true;
                }
                path.pop();
                false
            }
            TypeData::Array(_, e) => self.cycle_through(named, *e, path, seen),
            TypeData::Struct(fields) => fields
                .iter()
                .any(|f| self.cycle_through(named, f.typ, path, seen)),
            _ => false,
        }
    }

    /// `invalid recursive type`: reported at the cycle's first type in the source, listing
    /// who refers to whom; every type in the cycle becomes invalid.
    fn report_type_cycle(&mut self, path: &[TypeId]) {
        let objs: Vec<(u32, String)> = path
            .iter()
            .map(|t| {
                self.objects
                    .iter()
                    .find(|o| matches!(o.kind, ObjKind::TypeName { typ } if typ == *t))
                    .map_or((0, String::new()), |o| (o.pos, o.name.clone()))
            })
            .collect();
        let start = (0..objs.len()).min_by_key(|&i| objs[i].0).unwrap_or(0);
        let n = objs.len();
        let (pos, name) = objs[start].clone();
        let msg = if n == 1 {
            format!("invalid recursive type: {name} refers to itself")
        } else {
            let p = self.path_for_messages();
            let mut m = format!("invalid recursive type {name}");
            for k in 0..n {
                let (from_pos, from) = &objs[(start + k) % n];
                let (_, to) = &objs[(start + k + 1) % n];
                let (line, col) = self.line_col(*from_pos);
                m.push_str(&format!("\n\t{p}:{line}:{col}: {from} refers to {to}"));
            }
            m
        };
        self.error(pos, msg);
        for t in path {
            if let TypeData::Named(nm) = self.types.get_mut(*t) {
                nm.underlying = INVALID;
            }
        }
    }

    fn func_decl(&mut self, obj: ObjId, f: &'a FuncDecl) {
        let scope = self.file_scope;
        if f.is_generic() {
            match f.recv {
                None => self.generic_func_decl(obj, f),
                Some(_) => self.generic_method_decl(f),
            }
            return;
        }
        let recv = f.recv.as_ref().map(|r| {
            let t = self.type_expr(scope, &r.typ);
            self.check_receiver(&r.typ, t);
            (r.names.first().cloned(), t)
        });
        let mut params = Vec::new();
        let sig = self.signature(scope, &f.sig, &mut params);
        let sig = self.types.add(TypeData::Func(sig));
        if let ObjKind::Func {
            sig: s, recv: r, ..
        } = &mut self.obj_mut(obj).kind
        {
            *s = sig;
            *r = recv.as_ref().map(|x| x.1);
        }
        if f.body.is_none() {
            return;
        }
        let recv = recv.and_then(|(n, t)| n.map(|n| (n, t)));
        self.delayed.push(DelayedBody {
            decl: f,
            sig,
            recv,
            params,
            scope,
            generic: false,
        });
    }

    /// A receiver's base type must be a type declared in this package, not a pointer or
    /// interface type.
    fn check_receiver(&mut self, e: &Expr, t: TypeId) {
        if t == INVALID {
            return;
        }
        let (base, base_expr) = match (self.types.get(t), &e.unparen().kind) {
            (TypeData::Pointer(b), ast::ExprKind::Unary { x, .. }) => (*b, &**x),
            _ => (t, e),
        };
        let local = matches!(self.types.get(base), TypeData::Named(n) if !n.alias && n.pkg.as_deref() == Some(self.pkg.as_str()));
        let ts = self.type_str(base);
        if !local {
            self.error(
                base_expr.pos(),
                format!("cannot define new methods on non-local type {ts}"),
            );
            return;
        }
        if matches!(
            self.types.under(base),
            TypeData::Pointer(_) | TypeData::Interface(_)
        ) {
            self.error(
                base_expr.pos(),
                format!("invalid receiver type {ts} (pointer or interface type)"),
            );
        }
    }

    /// Reports declared functions without bodies; Go's compiler does this only once the
    /// package type-checks.
    fn report_missing_bodies(&mut self, file: &ast::File) {
        for d in &file.decls {
            if let Decl::Func(f) = d {
                if f.body.is_none() && f.name.name != "init" {
                    self.error(f.name.pos, "missing function body");
                }
            }
        }
    }

    /// Attaches method declarations to their receiver base types.
    fn collect_methods(&mut self, file: &'a ast::File, pkg_scope: ScopeId) {
        for d in &file.decls {
            let Decl::Func(f) = d else { continue };
            let Some(recv) = &f.recv else { continue };
            let Some(obj) = self.defs.get(&f.name.pos).copied() else {
                continue;
            };
            self.attach_method(f, recv, obj, pkg_scope);
        }
    }

    fn attach_method(
        &mut self,
        f: &'a FuncDecl,
        recv: &ast::Field,
        obj: ObjId,
        pkg_scope: ScopeId,
    ) {
        let (base, pointer) = receiver_base(&recv.typ);
        let Some(base) = base else { return };
        let Some(tobj) = self.lookup_local(pkg_scope, &base.0) else {
            return;
        };
        let ObjKind::TypeName { typ } = self.obj(tobj).kind else {
            return;
        };
        if let Some(g) = self.generics.get_mut(&tobj) {
            g.methods.push(f);
            return;
        }
        let TypeData::Named(n) = self.types.get(typ) else {
            return;
        };
        let name = f.name.name.clone();
        if name == "_" {
            return;
        }
        if let Some(prev) = n.methods.iter().find(|m| m.name == name) {
            let prev_pos = self.obj(ObjId(prev.func)).pos;
            let (line, col) = self.line_col(prev_pos);
            let p = self.path_for_messages();
            let tname = n.name.clone();
            self.error(
                f.name.pos,
                format!("method {tname}.{name} already declared at {p}:{line}:{col}"),
            );
            return;
        }
        if let Some(PendingDecl::Type(spec)) = self.pending.get(&tobj).copied() {
            self.check_field_method_clash(spec, &name, f.name.pos);
        }
        if let TypeData::Named(n) = self.types.get_mut(typ) {
            n.methods.push(NamedMethod {
                name,
                sig: INVALID,
                pointer_recv: pointer,
                func: obj.0,
            });
        }
    }

    fn check_field_method_clash(&mut self, spec: &TypeSpec, name: &str, pos: u32) {
        let ast::ExprKind::StructType { fields } = &spec.typ.kind else {
            return;
        };
        for fld in fields {
            for n in &fld.names {
                if n.name == name {
                    let (line, col) = self.line_col(n.pos);
                    let p = self.path_for_messages();
                    self.error(
                        pos,
                        format!("field and method with the same name {name}\n\t{p}:{line}:{col}: other declaration of {name}"),
                    );
                    return;
                }
            }
        }
    }

    /// The signature of method `m` of a named type, resolving its declaration if needed.
    pub(crate) fn method_sig(&mut self, m: &NamedMethod) -> TypeId {
        let obj = ObjId(m.func);
        self.resolve_pending(obj);
        match self.obj(obj).kind {
            ObjKind::Func { sig, .. } => sig,
            _ => INVALID,
        }
    }

    fn import_packages(&mut self, file: &ast::File, file_scope: ScopeId) -> Vec<ObjId> {
        let mut out = Vec::new();
        for imp in &file.imports {
            let Some(scope) = self.load_package(&imp.path) else {
                self.error(
                    imp.path_pos,
                    format!("package {} is not in std (not supported by Mini)", imp.path),
                );
                continue;
            };
            let default_name = imp.path.rsplit('/').next().unwrap_or(&imp.path).to_string();
            let (name, pos) = match &imp.name {
                Some(n) => (n.name.clone(), n.pos),
                None => (default_name, imp.path_pos),
            };
            if name == "_" {
                continue;
            }
            let kind = ObjKind::Package {
                path: imp.path.clone(),
                scope,
                used: false,
            };
            let obj = self.new_object(&name, pos, kind);
            if name == "." {
                self.error(pos, "not supported: dot imports");
                continue;
            }
            self.import_alias.insert(obj, imp.name.is_some());
            if self.declare(file_scope, obj) {
                out.push(obj);
            }
        }
        out
    }

    fn report_unused_imports(&mut self, imports: &[ObjId]) {
        for &obj in imports {
            let o = self.obj(obj);
            let ObjKind::Package { path, used, .. } = &o.kind else {
                continue;
            };
            if *used {
                continue;
            }
            let default_name = path.rsplit('/').next().unwrap_or(path);
            let msg = if self.import_alias.get(&obj).copied().unwrap_or(false)
                && o.name != default_name
            {
                format!("\"{path}\" imported as {} and not used", o.name)
            } else {
                format!("\"{path}\" imported and not used")
            };
            let pos = o.pos;
            self.error(pos, msg);
        }
    }
}

/// The receiver's base type name and whether it is a pointer receiver.
fn receiver_base(e: &Expr) -> (Option<(String, u32)>, bool) {
    match &e.kind {
        ast::ExprKind::Ident(n) => (Some((n.clone(), e.pos())), false),
        ast::ExprKind::Paren(x) => receiver_base(x),
        ast::ExprKind::Unary {
            op: ast::UnaryOp::Star,
            x,
        } => (receiver_base(x).0, true),
        ast::ExprKind::Index { x, .. } => receiver_base(x),
        _ => (None, false),
    }
}
