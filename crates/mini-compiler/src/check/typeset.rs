//! Type parameters and type sets: declaring type parameters with their constraints (an
//! interface, or a union of terms standing for one), constraint satisfaction with Go's
//! messages, what a type set allows, and substituting type arguments for type parameters.

use super::scope::{ObjKind, ScopeId};
use super::Checker;
use crate::ast::{self, Expr, ExprKind, TypeParamGroup};
use crate::types::{InterfaceInfo, TypeData, TypeId, TypeParamInfo, INVALID};

/// How deep constraints may nest in one another before that is taken to be a cycle.
const MAX_DEPTH: u32 = 32;

impl<'a> Checker<'a> {
    /// Declares the type parameters of `groups` in `scope`; returns their `TypeParam` types.
    pub(crate) fn declare_tparams(
        &mut self,
        scope: ScopeId,
        groups: &[TypeParamGroup],
    ) -> Vec<TypeId> {
        let mut out = Vec::new();
        for g in groups {
            for n in &g.names {
                let t = self.types.add(TypeData::TypeParam(TypeParamInfo {
                    name: n.name.clone(),
                    constraint: INVALID,
                }));
                let obj = self.new_object(&n.name, n.pos, ObjKind::TypeName { typ: t });
                self.defs.insert(n.pos, obj);
                self.declare(scope, obj);
                out.push(t);
            }
        }
        let mut i = 0;
        for g in groups {
            let c = self.constraint(scope, &g.constraint);
            for _ in &g.names {
                if let TypeData::TypeParam(p) = self.types.get_mut(out[i]) {
                    p.constraint = c;
                }
                i += 1;
            }
        }
        out
    }

    /// A type constraint: an interface, or a union of terms standing for one.
    fn constraint(&mut self, scope: ScopeId, e: &Expr) -> TypeId {
        let mut terms = Vec::new();
        collect_terms(e, &mut terms);
        let single = terms.len() == 1 && !terms[0].0;
        let saved = std::mem::replace(&mut self.in_constraint, true);
        let out = if single {
            let t = self.type_expr(scope, terms[0].1);
            if t == INVALID || self.types.is_interface(t) {
                t
            } else {
                self.union_interface(vec![(false, t)])
            }
        } else {
            let union: Vec<(bool, TypeId)> = terms
                .iter()
                .map(|(tilde, te)| (*tilde, self.type_expr(scope, te)))
                .filter(|(_, t)| *t != INVALID)
                .collect();
            self.union_interface(union)
        };
        self.in_constraint = saved;
        out
    }

    fn union_interface(&mut self, union: Vec<(bool, TypeId)>) -> TypeId {
        let id = self.types.add(TypeData::Interface(InterfaceInfo {
            methods: vec![],
            embedded: union.iter().map(|u| u.1).collect(),
            all_methods: vec![],
            has_terms: true,
            unions: vec![union],
        }));
        self.complete_interface(id);
        id
    }

    pub(crate) fn is_type_param(&self, t: TypeId) -> bool {
        matches!(self.types.get(t), TypeData::TypeParam(_))
    }

    /// Whether every type in type parameter `t`'s type set has property `pred` (false for
    /// a constraint without type terms). With several unions, one whose every term has it
    /// is enough (the type set is their intersection).
    pub(crate) fn type_set_all(&self, t: TypeId, pred: &dyn Fn(&Self, TypeId) -> bool) -> bool {
        let TypeData::TypeParam(p) = self.types.get(t) else {
            return false;
        };
        let TypeData::Interface(i) = self.types.under(p.constraint) else {
            return false;
        };
        i.unions.iter().any(|u| {
            let terms = self.flat_terms(u, 0);
            !terms.is_empty() && terms.iter().all(|&(_, t)| pred(self, t))
        })
    }

    /// Whether `t` mentions a type parameter.
    pub(crate) fn mentions_tparams(&self, t: TypeId) -> bool {
        self.mentions(t, &mut Vec::new())
    }

    fn mentions(&self, t: TypeId, seen: &mut Vec<TypeId>) -> bool {
        if seen.contains(&t) {
            return false;
        }
        seen.push(t);
        match self.types.get(t) {
            TypeData::TypeParam(_) => true,
            TypeData::Named(n) => n.targs.iter().any(|a| self.mentions(*a, seen)),
            TypeData::Pointer(e)
            | TypeData::Slice(e)
            | TypeData::Array(_, e)
            | TypeData::Chan(_, e) => self.mentions(*e, seen),
            TypeData::Map(k, v) => self.mentions(*k, seen) || self.mentions(*v, seen),
            TypeData::Func(s) => s
                .params
                .iter()
                .chain(s.results.iter())
                .any(|p| self.mentions(p.1, seen)),
            TypeData::Struct(fs) => fs.iter().any(|f| self.mentions(f.typ, seen)),
            TypeData::Tuple(ts) => ts.iter().any(|t| self.mentions(*t, seen)),
            TypeData::Interface(i) => {
                i.all_methods.iter().any(|m| self.mentions(m.sig, seen))
                    || i.unions.iter().flatten().any(|u| self.mentions(u.1, seen))
            }
            TypeData::Basic(_) => false,
        }
    }

    /// Reports the first type argument that does not satisfy its constraint.
    pub(crate) fn verify_targs(
        &mut self,
        tparams: &[TypeId],
        targs: &[TypeId],
        at: &[Expr],
    ) -> bool {
        let pos = at.first().map_or(0, |e| e.pos());
        self.verify_targs_at(tparams, targs, at, pos)
    }

    /// As `verify_targs`, reporting at `pos` for type arguments without an expression.
    pub(crate) fn verify_targs_at(
        &mut self,
        tparams: &[TypeId],
        targs: &[TypeId],
        at: &[Expr],
        pos: u32,
    ) -> bool {
        let bindings: Vec<(TypeId, TypeId)> =
            tparams.iter().copied().zip(targs.iter().copied()).collect();
        for (i, (&p, &a)) in tparams.iter().zip(targs).enumerate() {
            let TypeData::TypeParam(info) = self.types.get(p).clone() else {
                continue;
            };
            let constraint = self.subst(info.constraint, &bindings);
            if let Err(why) = self.satisfies(a, constraint) {
                let pos = at.get(i).map_or(pos, |e| e.pos());
                self.error(pos, why);
                return false;
            }
        }
        true
    }

    /// Whether type argument `a` satisfies constraint `c`, or Go's reason why not.
    pub(crate) fn satisfies(&mut self, a: TypeId, c: TypeId) -> Result<(), String> {
        self.satisfies_within(a, c, 0)
    }

    /// `satisfies` for a constraint met `depth` unions deep (an invalid recursive constraint
    /// ends the search).
    fn satisfies_within(&mut self, a: TypeId, c: TypeId, depth: u32) -> Result<(), String> {
        if self.mentions_tparams(a) || depth > MAX_DEPTH {
            return Ok(());
        }
        let TypeData::Interface(info) = self.types.under(c).clone() else {
            return Ok(());
        };
        let astr = self.type_str(a);
        let cstr = self.constraint_str(c);
        for u in &info.unions {
            if !u.iter().any(|&(tilde, t)| self.in_term(a, tilde, t, depth)) {
                let terms = self.flat_terms(u, 0);
                let list = self.union_str(&terms);
                let under = self.types.underlying(a);
                let near = terms
                    .iter()
                    .find(|&&(tilde, t)| !tilde && under != a && self.types.identical(t, under));
                return Err(match near {
                    Some(&(_, t)) => {
                        let ts = self.type_str(t);
                        format!("{astr} does not satisfy {cstr} (possibly missing ~ for {ts} in {list})")
                    }
                    None => format!("{astr} does not satisfy {cstr} ({astr} missing in {list})"),
                });
            }
        }
        if self.embeds_comparable(c, 0) && !self.types.comparable(a) {
            return Err(format!("{astr} does not satisfy comparable"));
        }
        if !info.all_methods.is_empty() {
            if let Some(msg) = self.not_implements(a, c) {
                return Err(msg.replacen("does not implement", "does not satisfy", 1));
            }
        }
        Ok(())
    }

    fn in_term(&mut self, a: TypeId, tilde: bool, t: TypeId, depth: u32) -> bool {
        if self.types.is_interface(t) {
            return self.satisfies_within(a, t, depth + 1).is_ok();
        }
        if tilde {
            self.types
                .identical(self.types.underlying(a), self.types.underlying(t))
        } else {
            self.types.identical(a, t)
        }
    }

    fn embeds_comparable(&self, c: TypeId, depth: u32) -> bool {
        if c == self.types.comparable {
            return true;
        }
        match self.types.under(c) {
            TypeData::Interface(i) if depth < MAX_DEPTH => i
                .embedded
                .iter()
                .any(|&e| e != c && self.embeds_comparable(e, depth + 1)),
            _ => false,
        }
    }

    /// A union's terms with the terms of the constraints in it spelled out, as Go lists them.
    fn flat_terms(&self, u: &[(bool, TypeId)], depth: u32) -> Vec<(bool, TypeId)> {
        let mut out = Vec::new();
        for &(tilde, t) in u {
            match self.types.under(t) {
                TypeData::Interface(i) if i.unions.len() == 1 && depth < MAX_DEPTH => {
                    out.extend(self.flat_terms(&i.unions[0], depth + 1))
                }
                _ => out.push((tilde, t)),
            }
        }
        out
    }

    fn union_str(&self, u: &[(bool, TypeId)]) -> String {
        u.iter()
            .map(|&(tilde, t)| format!("{}{}", if tilde { "~" } else { "" }, self.type_str(t)))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// How Go names a constraint in messages: its name, or the implicit interface's terms.
    pub(crate) fn constraint_str(&self, c: TypeId) -> String {
        match self.types.get(c) {
            TypeData::Interface(i)
                if i.methods.is_empty()
                    && i.unions.len() == 1
                    && i.embedded.len() == i.unions[0].len() =>
            {
                self.union_str(&i.unions[0])
            }
            _ => self.type_str(c),
        }
    }

    /// Replaces type parameters in `t` by their bindings.
    pub(crate) fn subst(&mut self, t: TypeId, b: &[(TypeId, TypeId)]) -> TypeId {
        if b.is_empty() || !self.mentions_tparams(t) {
            return t;
        }
        if let Some(&(_, to)) = b.iter().find(|(p, _)| *p == t) {
            return to;
        }
        match self.types.get(t).clone() {
            TypeData::Pointer(e) => {
                let e = self.subst(e, b);
                self.types.pointer(e)
            }
            TypeData::Slice(e) => {
                let e = self.subst(e, b);
                self.types.slice(e)
            }
            TypeData::Array(n, e) => {
                let e = self.subst(e, b);
                self.types.add(TypeData::Array(n, e))
            }
            TypeData::Chan(d, e) => {
                let e = self.subst(e, b);
                self.types.add(TypeData::Chan(d, e))
            }
            TypeData::Map(k, v) => {
                let k = self.subst(k, b);
                let v = self.subst(v, b);
                self.types.add(TypeData::Map(k, v))
            }
            TypeData::Func(s) => {
                let mut subst = |list: &[(String, TypeId)]| -> std::sync::Arc<[(String, TypeId)]> {
                    list.iter()
                        .map(|(n, t)| (n.clone(), self.subst(*t, b)))
                        .collect()
                };
                let params = subst(&s.params);
                let results = subst(&s.results);
                self.types.add(TypeData::Func(crate::types::Signature {
                    params,
                    results,
                    variadic: s.variadic,
                }))
            }
            TypeData::Struct(mut fs) => {
                for f in &mut fs {
                    f.typ = self.subst(f.typ, b);
                }
                self.types.add(TypeData::Struct(fs))
            }
            TypeData::Tuple(ts) => {
                let ts = ts.iter().map(|&x| self.subst(x, b)).collect();
                self.types.tuple(ts)
            }
            TypeData::Interface(mut i) => {
                for m in i.methods.iter_mut().chain(i.all_methods.iter_mut()) {
                    m.sig = self.subst(m.sig, b);
                }
                for u in &mut i.unions {
                    for term in u.iter_mut() {
                        term.1 = self.subst(term.1, b);
                    }
                }
                for e in &mut i.embedded {
                    *e = self.subst(*e, b);
                }
                self.types.add(TypeData::Interface(i))
            }
            TypeData::Named(n) => {
                let Some(&origin) = self.named_origin.get(&t) else {
                    return t;
                };
                let own = &n.targs[n.outer_targs..];
                let targs: Vec<TypeId> = own.iter().map(|&x| self.subst(x, b)).collect();
                self.instantiate_type(origin, &targs, 0)
            }
            _ => t,
        }
    }
}

/// The terms of a constraint written as `~int | string` (a single type is one term).
fn collect_terms<'e>(e: &'e Expr, out: &mut Vec<(bool, &'e Expr)>) {
    match &e.kind {
        ExprKind::Binary {
            op: ast::BinaryOp::Or,
            x,
            y,
            ..
        } => {
            collect_terms(x, out);
            collect_terms(y, out);
        }
        ExprKind::Unary {
            op: ast::UnaryOp::Tilde,
            x,
        } => out.push((true, x)),
        ExprKind::Paren(x) if matches!(x.kind, ExprKind::Binary { .. }) => collect_terms(x, out),
        _ => out.push((false, e)),
    }
}
