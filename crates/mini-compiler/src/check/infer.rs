//! Calls of generic functions: explicit type arguments, function argument type inference
//! (typed arguments first, then untyped constants, then constraint core types, as Go does),
//! constraint checks, and Go's messages when inference fails.

use super::scope::{ObjId, ObjKind, ScopeId};
use super::{Checker, Mode, Operand};
use crate::ast::{Expr, ExprKind};
use crate::types::{BasicKind, TypeData, TypeId, INVALID};

/// A call of a generic function: the call, its function expression, the generic function,
/// the explicit type arguments and the arguments.
#[derive(Clone, Copy)]
pub(crate) struct GenericCall<'e> {
    pub e: &'e Expr,
    pub fun: &'e Expr,
    pub generic: ObjId,
    pub explicit: &'e [Expr],
    pub args: &'e [Expr],
    pub ellipsis: Option<u32>,
}

impl<'a> Checker<'a> {
    /// `F(args)` or `F[T1](args)` where `F` is generic.
    pub(crate) fn generic_call(&mut self, scope: ScopeId, call: &GenericCall) -> Operand {
        let tparams = self.tparams_of(call.generic);
        let explicit_targs = self.explicit_targs(scope, &tparams, call.explicit);
        let ops = self.eval_args(scope, call.args, call.ellipsis);
        let positions: Vec<u32> = ops.iter().map(|o| o.pos).collect();
        let out = match explicit_targs {
            Some(targs) if !ops.iter().any(|o| o.is_invalid()) => {
                self.generic_call_with(call, &tparams, targs, ops)
            }
            _ => Operand::invalid(),
        };
        for p in positions {
            self.generic_args.remove(&p);
        }
        out
    }

    /// A generic call whose arguments have been evaluated.
    fn generic_call_with(
        &mut self,
        call: &GenericCall,
        tparams: &[TypeId],
        explicit_targs: Vec<TypeId>,
        ops: Vec<Operand>,
    ) -> Operand {
        let (e, fun, generic) = (call.e, call.fun, call.generic);
        let fname = self.expr_string(fun);
        let inferred = self.infer(
            generic,
            tparams,
            explicit_targs,
            &ops,
            call.ellipsis,
            e,
            &fname,
        );
        let Some(targs) = inferred else {
            return Operand::invalid();
        };
        let pos = self.inference_pos(e);
        if !self.verify_targs_at(tparams, &targs, call.explicit, pos) {
            return Operand::invalid();
        }
        let Some(inst) = self.instantiate_func(generic, &targs, e.pos()) else {
            return Operand::invalid();
        };
        let ObjKind::Func { sig, .. } = self.obj(inst).kind else {
            return Operand::invalid();
        };
        self.record_instance_use(fun, inst, sig);
        let Some(s) = self.types.signature(sig).cloned() else {
            return Operand::invalid();
        };
        self.check_args(e, &fname, &s, ops, call.ellipsis);
        let text = self.expr_string(e);
        self.call_result(text, &s)
    }

    /// The instance a function expression (`F`, `pkg.F`, `F[int]`) stands for.
    pub(crate) fn record_instance_use(&mut self, fun: &Expr, inst: ObjId, sig: TypeId) {
        let fun = fun.unparen();
        self.uses.insert(fun.id, inst);
        let text = self.expr_string(fun);
        self.record(fun, &Operand::new(Mode::Value, sig, text));
    }

    /// Checks explicit type arguments (`F[int, string]`): at most as many as parameters.
    fn explicit_targs(
        &mut self,
        scope: ScopeId,
        tparams: &[TypeId],
        explicit: &[Expr],
    ) -> Option<Vec<TypeId>> {
        let targs: Vec<TypeId> = explicit.iter().map(|i| self.type_expr(scope, i)).collect();
        if targs.contains(&INVALID) {
            return None;
        }
        if targs.len() > tparams.len() {
            self.error(
                explicit[tparams.len()].pos(),
                format!(
                    "got {} type arguments but want {}",
                    targs.len(),
                    tparams.len()
                ),
            );
            return None;
        }
        Some(targs)
    }

    /// `F[T any, U comparable]`: how Go names a generic object in messages.
    pub(crate) fn generic_name(&self, generic: ObjId) -> String {
        let name = self.obj(generic).name.clone();
        let tparams = &self.generics[&generic].tparams;
        let parts: Vec<String> = tparams
            .iter()
            .map(|&p| match self.types.get(p) {
                TypeData::TypeParam(info) => {
                    format!("{} {}", info.name, self.constraint_str(info.constraint))
                }
                _ => String::new(),
            })
            .collect();
        format!("{name}[{}]", parts.join(", "))
    }

    /// Infers the type arguments of a call from its arguments.
    #[allow(clippy::too_many_arguments)]
    fn infer(
        &mut self,
        generic: ObjId,
        tparams: &[TypeId],
        explicit: Vec<TypeId>,
        ops: &[Operand],
        ellipsis: Option<u32>,
        call: &Expr,
        fname: &str,
    ) -> Option<Vec<TypeId>> {
        let mut bound: Vec<Option<TypeId>> = tparams.iter().map(|_| None).collect();
        for (i, t) in explicit.into_iter().enumerate() {
            bound[i] = Some(t);
        }
        let ObjKind::Func { sig, .. } = self.obj(generic).kind else {
            return None;
        };
        let sig = self.types.signature(sig).cloned()?;
        let n = sig.params.len();
        let param_of = |i: usize, c: &Self| -> Option<TypeId> {
            if sig.variadic && i + 1 >= n && ellipsis.is_none() {
                match c.types.get(sig.params[n - 1].1) {
                    TypeData::Slice(e) => Some(*e),
                    _ => None,
                }
            } else {
                sig.params.get(i).map(|p| p.1)
            }
        };
        for (i, x) in ops.iter().enumerate() {
            let Some(p) = param_of(i, self) else { break };
            let generic_arg = self.generic_args.contains_key(&x.pos);
            if generic_arg || self.types.is_untyped(x.typ) || !self.mentions_tparams(p) {
                continue;
            }
            if !self.unify(p, x.typ, tparams, &mut bound) {
                self.report_mismatch(x, p, tparams, &bound, fname);
                return None;
            }
        }
        if !self.constraints_agree(tparams, &mut bound, call, fname, true) {
            return None;
        }
        if !self.infer_untyped(ops, &param_of, tparams, &mut bound, fname) {
            return None;
        }
        if !self.constraints_agree(tparams, &mut bound, call, fname, false) {
            return None;
        }
        if let Err(i) = self.infer_core_types(tparams, &mut bound) {
            self.unsatisfied(call, fname, tparams[i], bound[i], "");
            return None;
        }
        if let Some(i) = bound.iter().position(|b| b.is_none()) {
            let TypeData::TypeParam(info) = self.types.get(tparams[i]).clone() else {
                return None;
            };
            let declared = self.tparam_location(generic, i);
            let at = self.inference_pos(call);
            self.error(
                at,
                format!(
                    "in call to {fname}, cannot infer {} (declared at {declared})",
                    info.name
                ),
            );
            return None;
        }
        let targs: Vec<TypeId> = bound.into_iter().map(|b| b.unwrap_or(INVALID)).collect();
        let bindings: Vec<(TypeId, TypeId)> =
            tparams.iter().copied().zip(targs.iter().copied()).collect();
        Some(targs.iter().map(|&t| self.subst(t, &bindings)).collect())
    }

    /// Where Go says the `i`th type parameter of `generic` is declared: in the file, or in
    /// Go's own source of a standard package.
    fn tparam_location(&self, generic: ObjId, i: usize) -> String {
        let pos = self.tparam_pos(generic, i);
        let pkg = &self.generics[&generic].pkg;
        if pkg != "main" {
            let name = &self.obj(generic).name;
            return super::stdlib::go_position(pkg, name, pos);
        }
        let (line, col) = self.line_col(pos);
        format!("{}:{line}:{col}", self.path_for_messages())
    }

    fn tparam_pos(&self, generic: ObjId, i: usize) -> u32 {
        let groups = match &self.generics[&generic].kind {
            super::generic::GenericKind::Func(f) => &f.tparams,
            super::generic::GenericKind::Type(s) => &s.tparams,
            super::generic::GenericKind::LocalType(s) => &s.tparams,
        };
        let names: Vec<u32> = groups
            .iter()
            .flat_map(|g| g.names.iter().map(|n| n.pos))
            .collect();
        names.get(i).copied().unwrap_or(0)
    }

    /// `type X of x does not match ...`: Go's message when unification fails.
    fn report_mismatch(
        &mut self,
        x: &Operand,
        p: TypeId,
        tparams: &[TypeId],
        bound: &[Option<TypeId>],
        fname: &str,
    ) {
        let (xs, ps) = (self.type_str(x.typ), self.type_str(p));
        let all_open = bound.iter().all(|b| b.is_none());
        let msg = if all_open {
            let names: Vec<String> = tparams.iter().map(|&t| self.type_str(t)).collect();
            format!(
                "type {xs} of {} does not match {ps} (cannot infer {})",
                x.text,
                list_names(&names)
            )
        } else {
            let bindings: Vec<(TypeId, TypeId)> = tparams
                .iter()
                .zip(bound)
                .filter_map(|(t, b)| b.map(|b| (*t, b)))
                .collect();
            let inferred = self.subst(p, &bindings);
            if inferred == p {
                format!("type {xs} of {} does not match {ps}", x.text)
            } else {
                let is = self.type_str(inferred);
                format!(
                    "type {xs} of {} does not match inferred type {is} for {ps}",
                    x.text
                )
            }
        };
        self.error(x.pos, format!("in call to {fname}, {msg}"));
    }

    /// Where Go reports failed inference and unsatisfied constraints of a call: its `(`.
    pub(crate) fn inference_pos(&self, call: &Expr) -> u32 {
        match &call.kind {
            ExprKind::Call { lparen, .. } => *lparen,
            _ => call.pos(),
        }
    }

    /// Untyped constant arguments for parameters of a bare type parameter's type: the
    /// largest default kind among them (int < rune < float).
    fn infer_untyped(
        &mut self,
        ops: &[Operand],
        param_of: &dyn Fn(usize, &Self) -> Option<TypeId>,
        tparams: &[TypeId],
        bound: &mut [Option<TypeId>],
        fname: &str,
    ) -> bool {
        let mut chosen: Vec<Option<(TypeId, &Operand)>> = tparams.iter().map(|_| None).collect();
        for (i, x) in ops.iter().enumerate() {
            let Some(p) = param_of(i, self) else { break };
            let Some(k) = tparams.iter().position(|&t| t == p) else {
                continue;
            };
            if bound[k].is_some() || !self.types.is_untyped(x.typ) || x.mode == Mode::Nil {
                continue;
            }
            match chosen[k] {
                None => chosen[k] = Some((x.typ, x)),
                Some((prev, _)) => {
                    let (a, b) = (self.untyped_rank(prev), self.untyped_rank(x.typ));
                    if (a == 0) != (b == 0) || (a == 0 && prev != x.typ) {
                        let (ps, xs) = (self.type_str(prev), self.type_str(x.typ));
                        let name = self.type_str(p);
                        self.error(
                            x.pos,
                            format!("in call to {fname}, mismatched types {ps} and {xs} (cannot infer {name})"),
                        );
                        return false;
                    }
                    if b > a {
                        chosen[k] = Some((x.typ, x));
                    }
                }
            }
        }
        for (k, c) in chosen.into_iter().enumerate() {
            if let Some((t, _)) = c {
                bound[k] = Some(self.types.default_type(t));
            }
        }
        true
    }

    /// 1 int, 2 rune, 3 float for numeric untyped kinds; 0 otherwise.
    fn untyped_rank(&self, t: TypeId) -> u8 {
        match self.types.basic_kind(t) {
            Some(BasicKind::UntypedInt) => 1,
            Some(BasicKind::UntypedRune) => 2,
            Some(BasicKind::UntypedFloat) => 3,
            _ => 0,
        }
    }

    /// Type parameters whose constraint has a core type (`S ~[]E`): unify it with the bound
    /// argument to infer the others, or bind an unbound parameter to it when it has no `~`.
    /// Reports that the type argument `bound` inferred for `p` does not satisfy its
    /// constraint (`in call to F, T (type A) does not satisfy C`, then `cause`).
    fn unsatisfied(
        &mut self,
        call: &Expr,
        fname: &str,
        p: TypeId,
        bound: Option<TypeId>,
        cause: &str,
    ) {
        let ps = self.type_str(p);
        let bs = bound.map_or(String::new(), |b| self.type_str(b));
        let c = match self.types.get(p) {
            TypeData::TypeParam(info) => self.constraint_str(info.constraint),
            _ => String::new(),
        };
        let at = self.inference_pos(call);
        self.error(
            at,
            format!("in call to {fname}, {ps} (type {bs}) does not satisfy {c}{cause}"),
        );
    }

    /// Go's inference step using the constraints: core types bind and check type arguments,
    /// and (with `methods`, before untyped constants are considered) a type argument must
    /// have its constraint's methods; false after reporting (`in call to F, T (type A) does
    /// not satisfy C …`).
    fn constraints_agree(
        &mut self,
        tparams: &[TypeId],
        bound: &mut [Option<TypeId>],
        call: &Expr,
        fname: &str,
        methods: bool,
    ) -> bool {
        let failed = match self.infer_core_types(tparams, bound) {
            Err(i) => Some((i, String::new())),
            Ok(()) if methods => self.missing_constraint_method(tparams, bound),
            Ok(()) => None,
        };
        let Some((i, cause)) = failed else {
            return true;
        };
        self.unsatisfied(call, fname, tparams[i], bound[i], &cause);
        false
    }

    /// A bound type argument lacking a method of its parameter's constraint (one without a
    /// core type): the parameter's index and Go's cause (` (missing method M)`).
    fn missing_constraint_method(
        &mut self,
        tparams: &[TypeId],
        bound: &[Option<TypeId>],
    ) -> Option<(usize, String)> {
        for (i, &p) in tparams.iter().enumerate() {
            let Some(b) = bound[i] else { continue };
            let TypeData::TypeParam(info) = self.types.get(p).clone() else {
                continue;
            };
            let has_methods = matches!(self.types.under(info.constraint), TypeData::Interface(c) if !c.all_methods.is_empty());
            if !has_methods || self.core_term(p).is_some() || self.mentions_tparams(b) {
                continue;
            }
            if let Some(msg) = self.not_implements(b, info.constraint) {
                let cause = msg
                    .find(" (")
                    .map_or(String::new(), |k| msg[k..].to_string());
                return Some((i, cause));
            }
        }
        None
    }

    /// A type argument that does not match its parameter's core type is reported as Go does
    /// (`Map (type []int) does not satisfy ~map[K]V`): `Err` with the parameter's index.
    fn infer_core_types(
        &mut self,
        tparams: &[TypeId],
        bound: &mut [Option<TypeId>],
    ) -> Result<(), usize> {
        for _ in 0..tparams.len() + 1 {
            let mut changed = false;
            for (i, &p) in tparams.iter().enumerate() {
                let Some((tilde, core)) = self.core_term(p) else {
                    continue;
                };
                match bound[i] {
                    Some(b) => {
                        let before = bound.iter().filter(|x| x.is_some()).count();
                        let target = if tilde { self.types.underlying(b) } else { b };
                        if !self.unify(core, target, tparams, bound) {
                            return Err(i);
                        }
                        changed |= bound.iter().filter(|x| x.is_some()).count() != before;
                    }
                    // Without `~`, the single type is the type argument.
                    None if !tilde => {
                        let bindings: Vec<(TypeId, TypeId)> = tparams
                            .iter()
                            .zip(bound.iter())
                            .filter_map(|(t, b)| b.map(|b| (*t, b)))
                            .collect();
                        let t = self.subst(core, &bindings);
                        if !self.mentions_tparams(t) {
                            bound[i] = Some(t);
                            changed = true;
                        }
                    }
                    None => {}
                }
            }
            if !changed {
                break;
            }
        }
        Ok(())
    }

    /// The single term of a type parameter's constraint, if it has exactly one.
    fn core_term(&self, p: TypeId) -> Option<(bool, TypeId)> {
        let TypeData::TypeParam(info) = self.types.get(p) else {
            return None;
        };
        let TypeData::Interface(i) = self.types.under(info.constraint) else {
            return None;
        };
        match i.unions.as_slice() {
            [u] if u.len() == 1 && !self.types.is_interface(u[0].1) => Some(u[0]),
            _ => None,
        }
    }

    /// Unifies parameter type `p` (mentioning type parameters) with argument type `a`,
    /// binding type parameters; inexact as in Go (a named argument matches an unnamed
    /// parameter type through its underlying type).
    pub(crate) fn unify(
        &mut self,
        p: TypeId,
        a: TypeId,
        tparams: &[TypeId],
        bound: &mut [Option<TypeId>],
    ) -> bool {
        let p = self.types.unalias(p);
        let a = self.types.unalias(a);
        if let Some(i) = tparams.iter().position(|&t| t == p) {
            return match bound[i] {
                None => {
                    bound[i] = Some(a);
                    true
                }
                Some(b) => self.unify_bound(i, b, a, bound),
            };
        }
        if !self.mentions_tparams(p) {
            return true;
        }
        let pd = self.types.get(p).clone();
        if let TypeData::Named(pn) = &pd {
            let TypeData::Named(an) = self.types.get(a).clone() else {
                let under = self.types.underlying(p);
                return under != p && self.unify(under, a, tparams, bound);
            };
            if self.named_origin.get(&p) != self.named_origin.get(&a)
                || pn.targs.len() != an.targs.len()
            {
                return false;
            }
            return pn
                .targs
                .iter()
                .zip(&an.targs)
                .all(|(&x, &y)| self.unify(x, y, tparams, bound));
        }
        let ad = self.types.under(a).clone();
        match (pd, ad) {
            (TypeData::Pointer(x), TypeData::Pointer(y))
            | (TypeData::Slice(x), TypeData::Slice(y))
            | (TypeData::Chan(_, x), TypeData::Chan(_, y)) => self.unify(x, y, tparams, bound),
            (TypeData::Array(n, x), TypeData::Array(m, y)) => {
                n == m && self.unify(x, y, tparams, bound)
            }
            (TypeData::Map(k1, v1), TypeData::Map(k2, v2)) => {
                self.unify(k1, k2, tparams, bound) && self.unify(v1, v2, tparams, bound)
            }
            (TypeData::Func(s1), TypeData::Func(s2)) => {
                s1.params.len() == s2.params.len()
                    && s1.results.len() == s2.results.len()
                    && s1.variadic == s2.variadic
                    && s1
                        .params
                        .iter()
                        .zip(s2.params.iter())
                        .chain(s1.results.iter().zip(s2.results.iter()))
                        .all(|(x, y)| self.unify(x.1, y.1, tparams, bound))
            }
            (TypeData::Struct(f1), TypeData::Struct(f2)) => {
                f1.len() == f2.len()
                    && f1
                        .iter()
                        .zip(&f2)
                        .all(|(x, y)| x.name == y.name && self.unify(x.typ, y.typ, tparams, bound))
            }
            _ => false,
        }
    }

    /// A type parameter already bound to `b` meets argument type `a`: identical types agree;
    /// a named type and an unnamed one with the same underlying type agree on the named one.
    fn unify_bound(
        &mut self,
        i: usize,
        b: TypeId,
        a: TypeId,
        bound: &mut [Option<TypeId>],
    ) -> bool {
        if self.types.identical(b, a) {
            return true;
        }
        let (nb, na) = (self.types.is_named(b), self.types.is_named(a));
        if nb != na
            && self
                .types
                .identical(self.types.underlying(b), self.types.underlying(a))
        {
            if na {
                bound[i] = Some(a);
            }
            return true;
        }
        false
    }

    /// The type arguments that make generic function `generic`'s signature the function
    /// type `t`, or the index of a type parameter they leave open.
    fn targs_for(&mut self, generic: ObjId, t: TypeId) -> Result<Vec<TypeId>, usize> {
        let tparams = self.tparams_of(generic);
        let mut bound: Vec<Option<TypeId>> = tparams.iter().map(|_| None).collect();
        let ObjKind::Func { sig, .. } = self.obj(generic).kind else {
            return Err(0);
        };
        let unified = !self.mentions_tparams(t) && self.unify(sig, t, &tparams, &mut bound);
        let open = bound.iter().position(|b| b.is_none() || !unified);
        match (unified, bound.into_iter().collect::<Option<Vec<TypeId>>>()) {
            (true, Some(targs)) => Ok(targs),
            _ => Err(open.unwrap_or(0)),
        }
    }

    /// Makes `x` (the generic function `generic`, expression `id`) its instance for `targs`;
    /// false after reporting unsatisfied constraints.
    fn use_instance(
        &mut self,
        generic: ObjId,
        targs: &[TypeId],
        id: crate::ast::ExprId,
        x: &mut Operand,
    ) -> bool {
        let tparams = self.tparams_of(generic);
        if !self.verify_targs_at(&tparams, targs, &[], x.pos) {
            return false;
        }
        let Some(inst) = self.instantiate_func(generic, targs, x.pos) else {
            return false;
        };
        let ObjKind::Func { sig, .. } = self.obj(inst).kind else {
            return false;
        };
        self.uses.insert(id, inst);
        if let Some(slot) = self.exprs.get_mut(id.0 as usize) {
            *slot = Some(super::ExprInfo {
                mode: Mode::Value,
                typ: sig,
                val: None,
            });
        }
        x.typ = sig;
        true
    }

    /// A generic function passed for a parameter of function type `t`: instantiated with the
    /// type arguments that make its signature `t` (`x` becomes the instance).
    pub(crate) fn instantiate_for(
        &mut self,
        generic: ObjId,
        id: crate::ast::ExprId,
        x: &mut Operand,
        t: TypeId,
        (call, fname): (&Expr, &str),
    ) {
        let targs = match self.targs_for(generic, t) {
            Ok(targs) => targs,
            Err(i) => {
                let tparams = self.tparams_of(generic);
                let name = match tparams.get(i).map(|&p| self.types.get(p)) {
                    Some(TypeData::TypeParam(p)) => p.name.clone(),
                    _ => String::new(),
                };
                let declared = self.tparam_location(generic, i);
                let at = self.inference_pos(call);
                self.error(
                    at,
                    format!("in call to {fname}, cannot infer {name} (declared at {declared})"),
                );
                x.mode = Mode::Invalid;
                return;
            }
        };
        if !self.use_instance(generic, &targs, id, x) {
            x.mode = Mode::Invalid;
        }
    }

    /// `e` as a value of type `target` (a variable's declared type, a result type): a generic
    /// function is instantiated for it, as Go infers from an assignment's context.
    pub(crate) fn value_for(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        target: Option<TypeId>,
    ) -> Operand {
        let mut x = self.expr_or_type(scope, e);
        let generic = self
            .generic_of(e)
            .filter(|&g| x.mode == Mode::Value && matches!(self.obj(g).kind, ObjKind::Func { .. }));
        if let (Some(g), Some(t)) = (generic, target) {
            if let Ok(targs) = self.targs_for(g, t) {
                if !self.use_instance(g, &targs, e.unparen().id, &mut x) {
                    return Operand::invalid();
                }
                return x;
            }
        }
        self.require_value(e, x)
    }

    /// `F[int]` used as a value: a complete instantiation (type arguments cannot be inferred
    /// without a call).
    pub(crate) fn instantiated_func_value(
        &mut self,
        scope: ScopeId,
        e: &Expr,
        generic: ObjId,
        indices: &[Expr],
    ) -> Operand {
        let tparams = self.tparams_of(generic);
        let Some(targs) = self.explicit_targs(scope, &tparams, indices) else {
            return Operand::invalid();
        };
        if targs.len() < tparams.len() {
            let TypeData::TypeParam(info) = self.types.get(tparams[targs.len()]).clone() else {
                return Operand::invalid();
            };
            let declared = self.tparam_location(generic, targs.len());
            let at = match &e.kind {
                ExprKind::Index { lbrack, .. } => *lbrack,
                _ => e.pos(),
            };
            self.error(
                at,
                format!("cannot infer {} (declared at {declared})", info.name),
            );
            return Operand::invalid();
        }
        if !self.verify_targs(&tparams, &targs, indices) {
            return Operand::invalid();
        }
        let Some(inst) = self.instantiate_func(generic, &targs, e.pos()) else {
            return Operand::invalid();
        };
        let ObjKind::Func { sig, .. } = self.obj(inst).kind else {
            return Operand::invalid();
        };
        self.uses.insert(e.id, inst);
        let text = self.expr_string(e);
        Operand::new(Mode::Value, sig, text)
    }
}

/// `T`, `T and U`, `T, U, and V`: how Go lists type parameters.
fn list_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}
