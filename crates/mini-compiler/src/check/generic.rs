//! Generic functions and types, by monomorphisation: a generic declaration is checked for its
//! signature (type parameters are `TypeParam` types), and each instantiation re-checks the
//! declaration with its type parameters bound to the type arguments (as names for those
//! types), into side tables of its own. The code generator compiles an instance like any
//! function, with its tables in place of its package's.

use super::scope::{ObjId, ObjKind, ScopeId};
use super::{Checker, SideTables};
use crate::ast::{self, Expr, ExprKind, FuncDecl, TypeSpec};
use crate::types::{NamedInfo, NamedMethod, TypeData, TypeId, INVALID};

/// Instances allowed per program before instantiation is taken to be unbounded.
const MAX_INSTANCES: usize = 2000;
/// Instantiations in progress inside one another before that is taken to be a cycle.
const MAX_DEPTH: u32 = 32;

/// What a generic object declares.
#[derive(Clone)]
pub(crate) enum GenericKind<'a> {
    Func(&'a FuncDecl),
    Type(&'a TypeSpec),
    /// A generic type declared in a function body (kept: bodies are not borrowed for long).
    LocalType(std::rc::Rc<TypeSpec>),
}

/// A generic function or type: where it is declared and its instances so far.
pub(crate) struct GenericDecl<'a> {
    pub kind: GenericKind<'a>,
    /// The `TypeParam` types, once the declaration has been resolved.
    pub tparams: Vec<TypeId>,
    pub pkg: String,
    /// The scope its names resolve in: its file's, or a function body's for a local type.
    pub file_scope: ScopeId,
    pub expr_count: u32,
    /// Methods declared on a generic type.
    pub methods: Vec<&'a FuncDecl>,
    /// The type arguments of the function instance whose body declares it (a local type).
    pub outer_targs: Vec<TypeId>,
    /// Type arguments → the instance (a function object, or a named type as an object id).
    pub instances: Vec<(Vec<TypeId>, u32)>,
}

/// An instance's body waiting to be checked.
pub(crate) struct PendingInstance<'a> {
    pub body: super::decl::DelayedBody<'a>,
    pub obj: ObjId,
    pub generic: ObjId,
    pub name: String,
    /// The type arguments (of the function, or of the method's receiver type).
    pub targs: Vec<TypeId>,
}

/// A checked instance of a generic function or method, for the code generator.
pub struct InstanceInfo {
    /// The package declaring the generic function (`main` or a standard package path).
    pub path: String,
    /// Position of the declaration's `func` keyword.
    pub decl_pos: ast::Pos,
    /// The instance's function object.
    pub obj: ObjId,
    /// Go's name for it in traces (`main.Map[...]`).
    pub name: String,
    pub tables: SideTables,
}

impl<'a> Checker<'a> {
    /// A generic type declared in a function body, in `scope`: registered and resolved.
    pub(crate) fn local_generic_type(&mut self, obj: ObjId, spec: &TypeSpec, scope: ScopeId) {
        let saved = std::mem::replace(&mut self.file_scope, scope);
        self.register_generic(obj, GenericKind::LocalType(std::rc::Rc::new(spec.clone())));
        self.file_scope = saved;
        let inner = self.new_scope(Some(scope));
        let tparams = self.declare_tparams(inner, &spec.tparams);
        if let Some(g) = self.generics.get_mut(&obj) {
            g.tparams = tparams;
        }
        let saved = std::mem::replace(&mut self.generic_body, true);
        self.type_expr(inner, &spec.typ);
        self.generic_body = saved;
    }

    /// Records a generic declaration found while collecting a package's objects.
    pub(crate) fn register_generic(&mut self, obj: ObjId, kind: GenericKind<'a>) {
        let g = GenericDecl {
            kind,
            tparams: Vec::new(),
            pkg: self.pkg.clone(),
            file_scope: self.file_scope,
            expr_count: self.exprs.len() as u32,
            methods: Vec::new(),
            instances: Vec::new(),
            outer_targs: self.instance_targs.clone(),
        };
        self.generics.insert(obj, g);
    }

    /// The generic object an expression names (`F`, `pkg.F`, `List`), if any.
    pub(crate) fn generic_of(&self, e: &Expr) -> Option<ObjId> {
        let obj = *self.uses.get(&e.unparen().id)?;
        self.generics.contains_key(&obj).then_some(obj)
    }

    /// Resolves a generic function's declaration: its type parameters and signature; its
    /// body is checked later (see `DelayedBody::generic`).
    pub(crate) fn generic_func_decl(&mut self, obj: ObjId, f: &'a FuncDecl) {
        let scope = self.new_scope(Some(self.file_scope));
        let tparams = self.declare_tparams(scope, &f.tparams);
        let mut params = Vec::new();
        let sig = self.signature(scope, &f.sig, &mut params);
        let sig = self.types.add(TypeData::Func(sig));
        if let ObjKind::Func { sig: s, .. } = &mut self.obj_mut(obj).kind {
            *s = sig;
        }
        if let Some(g) = self.generics.get_mut(&obj) {
            g.tparams = tparams;
        }
        self.delay_generic_body(f, sig, None, params, scope);
    }

    /// A method of a generic type: its body is checked with the type's parameters.
    pub(crate) fn generic_method_decl(&mut self, f: &'a FuncDecl) {
        let Some(recv) = &f.recv else { return };
        let Some(base) = receiver_base_name(&recv.typ) else {
            return;
        };
        let Some(tobj) = self.lookup(self.file_scope, &base) else {
            return;
        };
        if !self.generics.contains_key(&tobj) {
            return;
        }
        let tparams = self.tparams_of(tobj);
        let names = receiver_tparam_names(&recv.typ);
        if names.len() != tparams.len() {
            let pos = receiver_base_pos(&recv.typ);
            self.error(
                pos,
                format!(
                    "receiver declares {} type parameters, but receiver base type declares {}",
                    names.len(),
                    tparams.len()
                ),
            );
            return;
        }
        let scope = self.new_scope(Some(self.file_scope));
        for (n, &t) in names.iter().zip(&tparams) {
            let obj = self.new_object(&n.name, n.pos, ObjKind::TypeName { typ: t });
            self.declare(scope, obj);
        }
        let saved = std::mem::replace(&mut self.generic_body, true);
        let recv_t = self.type_expr(scope, &recv.typ);
        self.generic_body = saved;
        let mut params = Vec::new();
        let sig = self.signature(scope, &f.sig, &mut params);
        let sig = self.types.add(TypeData::Func(sig));
        let recv_ident = recv.names.first().cloned().map(|n| (n, recv_t));
        self.delay_generic_body(f, sig, recv_ident, params, scope);
    }

    fn delay_generic_body(
        &mut self,
        f: &'a FuncDecl,
        sig: TypeId,
        recv: Option<(ast::Ident, TypeId)>,
        params: Vec<(ast::Ident, TypeId, bool)>,
        scope: ScopeId,
    ) {
        if f.body.is_none() || self.pkg != "main" {
            return;
        }
        self.delayed.push(super::decl::DelayedBody {
            decl: f,
            sig,
            recv,
            params,
            scope,
            generic: true,
        });
    }

    /// Resolves a generic type's declaration: its type parameters (its body is checked with
    /// them, for the errors in it).
    pub(crate) fn generic_type_decl(&mut self, obj: ObjId, spec: &'a TypeSpec) {
        let scope = self.new_scope(Some(self.file_scope));
        let tparams = self.declare_tparams(scope, &spec.tparams);
        if let Some(g) = self.generics.get_mut(&obj) {
            g.tparams = tparams.clone();
        }
        let saved = std::mem::replace(&mut self.generic_body, true);
        self.type_expr(scope, &spec.typ);
        self.generic_body = saved;
    }

    /// The type parameters of generic `obj`, resolving its declaration if needed.
    pub(crate) fn tparams_of(&mut self, obj: ObjId) -> Vec<TypeId> {
        self.resolve_pending(obj);
        self.generics
            .get(&obj)
            .map(|g| g.tparams.clone())
            .unwrap_or_default()
    }

    /// A scope under the generic's file scope binding its type parameter names to `targs`.
    fn binding_scope(&mut self, generic: ObjId, names: &[ast::Ident], targs: &[TypeId]) -> ScopeId {
        let file_scope = self.generics[&generic].file_scope;
        let scope = self.new_scope(Some(file_scope));
        for (n, &t) in names.iter().zip(targs) {
            let obj = self.new_object(&n.name, n.pos, ObjKind::TypeName { typ: t });
            self.declare(scope, obj);
        }
        scope
    }

    /// Runs `f` in the declaring package of `generic` with `tables` as the side tables.
    fn in_generic<T>(
        &mut self,
        generic: ObjId,
        tables: SideTables,
        f: impl FnOnce(&mut Self) -> T,
    ) -> (T, SideTables) {
        let (pkg, file_scope) = {
            let g = &self.generics[&generic];
            (g.pkg.clone(), g.file_scope)
        };
        let saved_pkg = std::mem::replace(&mut self.pkg, pkg);
        let saved_scope = std::mem::replace(&mut self.file_scope, file_scope);
        let saved_funcs = std::mem::take(&mut self.funcs);
        let saved_iota = self.iota.take();
        let saved_errpos = self.errpos.take();
        let saved_tables = self.swap_tables(tables);
        let saved_instance = std::mem::replace(&mut self.in_instance, true);
        let out = f(self);
        self.in_instance = saved_instance;
        let tables = self.swap_tables(saved_tables);
        self.pkg = saved_pkg;
        self.file_scope = saved_scope;
        self.funcs = saved_funcs;
        self.iota = saved_iota;
        self.errpos = saved_errpos;
        (out, tables)
    }

    /// The existing instance of `generic` for `targs`.
    fn find_instance(&self, generic: ObjId, targs: &[TypeId]) -> Option<u32> {
        self.generics[&generic]
            .instances
            .iter()
            .find(|(args, _)| {
                args.len() == targs.len()
                    && args
                        .iter()
                        .zip(targs)
                        .all(|(a, b)| self.types.identical(*a, *b))
            })
            .map(|x| x.1)
    }

    fn too_many_instances(&mut self, pos: ast::Pos) -> bool {
        let n: usize = self.generics.values().map(|g| g.instances.len()).sum();
        if n < MAX_INSTANCES && self.instantiating < MAX_DEPTH {
            return false;
        }
        self.error(pos, "instantiation cycle");
        true
    }

    /// The instance of generic function `generic` for `targs` (already checked against the
    /// constraints): a function object whose body is checked later.
    pub(crate) fn instantiate_func(
        &mut self,
        generic: ObjId,
        targs: &[TypeId],
        pos: ast::Pos,
    ) -> Option<ObjId> {
        if let Some(i) = self.find_instance(generic, targs) {
            return Some(ObjId(i));
        }
        if self.too_many_instances(pos) {
            return None;
        }
        let GenericKind::Func(f) = self.generics[&generic].kind.clone() else {
            return None;
        };
        self.instantiating += 1;
        let obj = self.new_func_instance(generic, f, targs);
        self.instantiating -= 1;
        Some(obj)
    }

    /// Creates the instance of generic function `generic` (declared by `f`) for `targs`.
    fn new_func_instance(&mut self, generic: ObjId, f: &'a FuncDecl, targs: &[TypeId]) -> ObjId {
        let names: Vec<ast::Ident> = f.tparams.iter().flat_map(|g| g.names.clone()).collect();
        let scope = self.binding_scope(generic, &names, targs);
        let tables = self.fresh_tables(generic);
        let ((sig, params), tables) = self.in_generic(generic, tables, |c| {
            let mut params = Vec::new();
            let s = c.signature(scope, &f.sig, &mut params);
            (c.types.add(TypeData::Func(s)), params)
        });
        let kind = ObjKind::Func {
            sig,
            recv: None,
            native: false,
        };
        let pkg = self.generics[&generic].pkg.clone();
        let obj = self.new_object(&f.name.name, f.name.pos, kind);
        self.obj_mut(obj).pkg = Some(pkg.clone());
        if let Some(g) = self.generics.get_mut(&generic) {
            g.instances.push((targs.to_vec(), obj.0));
        }
        if !targs.iter().any(|t| self.mentions_tparams(*t)) {
            let body = super::decl::DelayedBody {
                decl: f,
                sig,
                recv: None,
                params,
                scope,
                generic: false,
            };
            let name = format!("{pkg}.{}[...]", f.name.name);
            let p = PendingInstance {
                body,
                obj,
                generic,
                name,
                targs: targs.to_vec(),
            };
            self.queue_instance(p, tables);
        }
        obj
    }

    fn fresh_tables(&self, generic: ObjId) -> SideTables {
        SideTables {
            exprs: vec![None; self.generics[&generic].expr_count as usize],
            ..SideTables::default()
        }
    }

    fn queue_instance(&mut self, p: PendingInstance<'a>, tables: SideTables) {
        self.instance_tables.insert(p.obj, tables);
        self.instance_queue.push(p);
    }

    /// Checks the bodies of the instances created so far (checking one may create more).
    pub(crate) fn check_instances(&mut self) {
        while !self.instance_queue.is_empty() {
            let p = self.instance_queue.remove(0);
            let tables = self.instance_tables.remove(&p.obj).unwrap_or_default();
            let decl_pos = p.body.decl.pos;
            let saved = std::mem::replace(&mut self.instance_targs, p.targs);
            let (_, tables) = self.in_generic(p.generic, tables, |c| c.func_body(p.body));
            self.instance_targs = saved;
            let path = self.generics[&p.generic].pkg.clone();
            self.instance_infos.push(InstanceInfo {
                path,
                decl_pos,
                obj: p.obj,
                name: p.name,
                tables,
            });
        }
    }

    /// The instance of generic type `generic` for `targs`: a named type with the methods of the
    /// generic type instantiated.
    pub(crate) fn instantiate_type(
        &mut self,
        generic: ObjId,
        targs: &[TypeId],
        pos: ast::Pos,
    ) -> TypeId {
        if let Some(i) = self.find_instance(generic, targs) {
            return TypeId(i);
        }
        if self.too_many_instances(pos) {
            return INVALID;
        }
        self.instantiating += 1;
        let t = match self.generics[&generic].kind.clone() {
            GenericKind::Type(spec) => self.new_type_instance(generic, spec, targs),
            GenericKind::LocalType(spec) => self.new_type_instance(generic, &spec, targs),
            GenericKind::Func(_) => INVALID,
        };
        self.instantiating -= 1;
        t
    }

    /// Creates the instance of generic type `generic` (declared by `spec`) for `targs`.
    fn new_type_instance(&mut self, generic: ObjId, spec: &TypeSpec, targs: &[TypeId]) -> TypeId {
        let pkg = self.generics[&generic].pkg.clone();
        let outer = self.generics[&generic].outer_targs.clone();
        let named = self.types.add(TypeData::Named(NamedInfo {
            name: spec.name.name.clone(),
            pkg: Some(pkg),
            underlying: INVALID,
            methods: vec![],
            alias: false,
            targs: outer.iter().chain(targs).copied().collect(),
            outer_targs: outer.len(),
        }));
        if let Some(g) = self.generics.get_mut(&generic) {
            g.instances.push((targs.to_vec(), named.0));
        }
        self.named_origin.insert(named, generic);
        let names: Vec<ast::Ident> = spec.tparams.iter().flat_map(|g| g.names.clone()).collect();
        let scope = self.binding_scope(generic, &names, targs);
        let (rhs, _) = self.in_generic(generic, SideTables::default(), |c| {
            c.type_expr(scope, &spec.typ)
        });
        let under = self.types.underlying(rhs);
        if let TypeData::Named(n) = self.types.get_mut(named) {
            n.underlying = under;
        }
        let methods = self.generics[&generic].methods.clone();
        for m in methods {
            self.instantiate_method(generic, named, targs, m);
        }
        named
    }

    /// Adds method `m` of a generic type to its instance `named`.
    fn instantiate_method(
        &mut self,
        generic: ObjId,
        named: TypeId,
        targs: &[TypeId],
        m: &'a FuncDecl,
    ) {
        let Some(recv) = &m.recv else { return };
        let names = receiver_tparam_names(&recv.typ);
        if names.len() != targs.len() {
            return;
        }
        let scope = self.binding_scope(generic, &names, targs);
        let tables = self.fresh_tables(generic);
        let ((recv_t, sig, params), tables) = self.in_generic(generic, tables, |c| {
            let recv_t = c.type_expr(scope, &recv.typ);
            let mut params = Vec::new();
            let s = c.signature(scope, &m.sig, &mut params);
            (recv_t, c.types.add(TypeData::Func(s)), params)
        });
        let pointer_recv = matches!(self.types.get(recv_t), TypeData::Pointer(_));
        let kind = ObjKind::Func {
            sig,
            recv: Some(recv_t),
            native: false,
        };
        let pkg = self.generics[&generic].pkg.clone();
        let obj = self.new_object(&m.name.name, m.name.pos, kind);
        self.obj_mut(obj).pkg = Some(pkg.clone());
        if let TypeData::Named(n) = self.types.get_mut(named) {
            n.methods.push(NamedMethod {
                name: m.name.name.clone(),
                sig,
                pointer_recv,
                func: obj.0,
            });
        }
        if targs.iter().any(|t| self.mentions_tparams(*t)) {
            return;
        }
        let recv_ident = recv.names.first().cloned().map(|n| (n, recv_t));
        let body = super::decl::DelayedBody {
            decl: m,
            sig,
            recv: recv_ident,
            params,
            scope,
            generic: false,
        };
        let tname = self.types.runtime_type_string(named);
        let name = if pointer_recv {
            format!("{pkg}.(*{}).{}", strip_pkg(&tname), m.name.name)
        } else {
            format!("{pkg}.{}.{}", strip_pkg(&tname), m.name.name)
        };
        let p = PendingInstance {
            body,
            obj,
            generic,
            name,
            targs: targs.to_vec(),
        };
        self.queue_instance(p, tables);
    }

    /// `List[int]` as a type: checks the type arguments and instantiates.
    pub(crate) fn instantiated_type(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        x: &Expr,
        indices: &[Expr],
    ) -> TypeId {
        let base = self.type_expr_or_generic(scope, x);
        let Some(generic) = self.generic_of(x) else {
            if base != INVALID {
                let s = self.expr_string(x);
                self.error(x.pos(), format!("{s} is not a generic type"));
            }
            return INVALID;
        };
        let targs: Vec<TypeId> = indices.iter().map(|i| self.type_expr(scope, i)).collect();
        if targs.contains(&INVALID) {
            return INVALID;
        }
        let tparams = self.tparams_of(generic);
        if targs.len() != tparams.len() {
            let which = if targs.len() < tparams.len() {
                "not enough"
            } else {
                "too many"
            };
            let name = self.obj(generic).name.clone();
            self.error(
                x.pos(),
                format!(
                    "{which} type arguments for type {name}: have {}, want {}",
                    targs.len(),
                    tparams.len()
                ),
            );
            return INVALID;
        }
        if !self.generic_body && !self.verify_targs(&tparams, &targs, indices) {
            return INVALID;
        }
        self.instantiate_type(generic, &targs, e.pos())
    }

    /// A type name that may be generic (not reported as uninstantiated here).
    fn type_expr_or_generic(&mut self, scope: ScopeId, x: &Expr) -> TypeId {
        let saved = std::mem::replace(&mut self.allow_generic_type, true);
        let t = self.type_expr(scope, x);
        self.allow_generic_type = saved;
        t
    }
}

/// The type parameter names a method's receiver declares: `K, V` in `(m *Map[K, V])`.
fn receiver_tparam_names(e: &Expr) -> Vec<ast::Ident> {
    match &e.kind {
        ExprKind::Paren(x) | ExprKind::Unary { x, .. } => receiver_tparam_names(x),
        ExprKind::Index { indices, .. } => indices
            .iter()
            .map(|i| ast::Ident {
                name: match &i.kind {
                    ExprKind::Ident(n) => n.clone(),
                    _ => "_".into(),
                },
                pos: i.pos(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The base type name of a receiver type: `List` in `*List[T]`.
fn receiver_base_name(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Paren(x) | ExprKind::Unary { x, .. } | ExprKind::Index { x, .. } => {
            receiver_base_name(x)
        }
        ExprKind::Ident(n) => Some(n.clone()),
        _ => None,
    }
}

/// Where a receiver's base type name is written (`List` in `*List[T]`).
fn receiver_base_pos(e: &Expr) -> ast::Pos {
    match &e.kind {
        ExprKind::Paren(x) | ExprKind::Unary { x, .. } | ExprKind::Index { x, .. } => {
            receiver_base_pos(x)
        }
        _ => e.pos(),
    }
}

/// `main.List[int]` → `List[int]`.
fn strip_pkg(s: &str) -> &str {
    match s.find('.') {
        Some(i) if s[..i].chars().all(|c| c.is_alphanumeric()) => &s[i + 1..],
        _ => s,
    }
}
