//! Calls in the location graph: conversions, built-in functions, and calls of functions
//! (through parameter tags, directly within a batch, or to the heap when unknown).

use super::build::{Builder, FuncLocs};
use super::graph::{Hole, LocKind};
use super::tags::Leaks;
use super::text;
use super::Mode;
use crate::ast::{Expr, ExprKind};
use crate::check::{Builtin, Mode as OpMode, ObjId, ObjKind, Selection};
use crate::types::{Signature, TypeData, TypeId};

/// What a call calls.
enum Callee<'e> {
    /// A function of the current batch, or one analysed before (by its object).
    Func(ObjId),
    /// A function literal called where it is written.
    Literal(&'e Expr),
    /// A standard package's function: its arguments leak.
    External,
    /// A function value or an interface method.
    Dynamic,
}

impl Builder<'_> {
    fn op_mode(&self, e: &Expr) -> Option<OpMode> {
        self.info
            .exprs
            .get(e.id.0 as usize)
            .and_then(|i| i.as_ref())
            .map(|i| i.mode)
    }

    pub fn is_builtin_or_conversion(&self, fun: &Expr) -> bool {
        matches!(
            self.op_mode(fun),
            Some(OpMode::Builtin(_)) | Some(OpMode::TypeExpr)
        )
    }

    /// Evaluates `e` into the holes `ks`: one per result when `e` is a call, else one.
    pub fn call_or_value(&mut self, ks: &[Hole], e: &Expr) {
        let ExprKind::Call {
            fun,
            args,
            ellipsis,
            lparen,
            ..
        } = &e.unparen().kind
        else {
            let k = ks.first().copied().unwrap_or(Hole::DISCARD);
            return self.expr(k, e);
        };
        match self.op_mode(fun) {
            Some(OpMode::TypeExpr) => self.conversion(ks[0], e, args),
            Some(OpMode::Builtin(b)) => self.builtin(ks, e, b, args, ellipsis.is_some(), *lparen),
            _ => self.call(ks, e.unparen(), fun, args, ellipsis.is_some()),
        }
    }

    fn conversion(&mut self, k: Hole, e: &Expr, args: &[Expr]) {
        let Some(x) = args.first() else {
            return;
        };
        let (Some(to), Some(from)) = (self.type_of(e), self.type_of(x)) else {
            return;
        };
        if self.info.types.is_interface(to) {
            return self.expr_conv(k, x, Some(to));
        }
        let string_bytes = self.is_string(to) != self.is_string(from)
            && (matches!(self.info.types.under(to), TypeData::Slice(_))
                || matches!(self.info.types.under(from), TypeData::Slice(_)));
        if string_bytes {
            let heap = self.mode == Mode::Mini;
            self.spill(k, e.id, x.pos(), |i| text::node(i, e), heap);
            return self.expr(Hole::DISCARD, x);
        }
        if self.is_string(to) && !self.is_string(from) {
            return self.expr(Hole::DISCARD, x);
        }
        self.expr(k, x);
    }

    fn builtin(
        &mut self,
        ks: &[Hole],
        e: &Expr,
        b: Builtin,
        args: &[Expr],
        spread: bool,
        lparen: u32,
    ) {
        let k = ks.first().copied().unwrap_or(Hole::DISCARD);
        match b {
            Builtin::Append => self.append(k, e, args, spread, lparen),
            Builtin::Copy => {
                self.expr(Hole::DISCARD, &args[0]);
                let k = self.contents_to_heap(&args[1]);
                let k = self.note_here(k, e, "copied slice");
                let k = self.note_here(k, e, "call parameter");
                self.expr(k, &args[1]);
            }
            Builtin::New => {
                let t = self
                    .type_of(e)
                    .and_then(|t| match self.info.types.under(t) {
                        TypeData::Pointer(p) => Some(*p),
                        _ => None,
                    });
                self.frame_site(k, e, lparen, |i| text::node(i, e), t);
            }
            Builtin::Make => self.make(k, e, args, lparen),
            Builtin::Panic => {
                let any = self.info.types.any;
                let k = self.note_here(Hole::heap(), e, "call parameter");
                self.expr_conv(k, &args[0], Some(any));
            }
            Builtin::Min | Builtin::Max => args.iter().for_each(|a| self.expr(k, a)),
            _ => args.iter().for_each(|a| self.expr(Hole::DISCARD, a)),
        }
    }

    /// The hole for a slice whose elements are copied somewhere unknown: the heap, one
    /// dereference down, when they hold pointers.
    fn contents_to_heap(&self, s: &Expr) -> Hole {
        let pointers = self
            .type_of(s)
            .is_some_and(|t| match self.info.types.under(t) {
                TypeData::Slice(e) => super::size::has_pointers(&self.info.types, *e),
                _ => false,
            });
        if pointers {
            Hole::heap().deref()
        } else {
            Hole::DISCARD
        }
    }

    /// `append(s, x...)`: the result may be `s` itself or a new backing array (a site of its
    /// own); elements holding pointers may end up on the heap, and the appended values do.
    fn append(&mut self, k: Hole, e: &Expr, args: &[Expr], spread: bool, lparen: u32) {
        let Some(s) = args.first() else {
            return;
        };
        let appendee = self.appendee(k, e, s);
        let appendee = self.note_here(appendee, e, "call parameter");
        self.expr(appendee, s);
        if spread {
            let k = self.contents_to_heap(&args[1]);
            let k = self.note_here(k, e, "appended slice...");
            let k = self.note_here(k, e, "call parameter");
            self.expr(k, &args[1]);
        } else {
            let elem = self
                .type_of(s)
                .and_then(|t| match self.info.types.under(t) {
                    TypeData::Slice(e) => Some(*e),
                    _ => None,
                });
            let k = self.note_here(Hole::heap(), e, "call parameter");
            for a in &args[1..] {
                self.expr_conv(k, a, elem);
            }
        }
        // The new backing array belongs to the slice variable, not to a loop iteration.
        let heap = self.mode == Mode::Mini;
        let depth = std::mem::replace(&mut self.loop_depth, 0);
        let site = self.spill(k, e.id, lparen, |i| text::node(i, e), heap);
        if let Some(LocKind::Site { append, .. }) = site.dst.map(|l| &mut self.g.locs[l].kind) {
            *append = true;
        }
        self.loop_depth = depth;
    }

    /// The hole of `append`'s first argument: the result (its backing array may be reused)
    /// and, when its elements hold pointers, the heap one dereference down. When explaining,
    /// the result goes through a temporary as in Go (whose `teeHole` also feeds a mutation
    /// pseudo-location), so the paths print as Go's do.
    fn appendee(&mut self, k: Hole, e: &Expr, s: &Expr) -> Hole {
        let contents = self.contents_to_heap(s);
        if !self.g.explain {
            return self.tee(&[k, contents]);
        }
        let result = self.temp(&[k]);
        if contents.dst.is_none() {
            return result;
        }
        let contents = self.note_here(contents, e, "appendee slice");
        self.temp(&[result, contents])
    }

    fn make(&mut self, k: Hole, e: &Expr, args: &[Expr], lparen: u32) {
        let t = self.type_of(e);
        let under = t.map(|t| self.info.types.under(t).clone());
        for a in args.iter().skip(1) {
            self.expr(Hole::DISCARD, a);
        }
        let (heap, frame) = match under {
            Some(TypeData::Slice(elem)) => {
                let size = super::size::bytes(&self.info.types, elem);
                let n = args.get(2).or(args.get(1)).and_then(|a| self.const_int(a));
                let frame = n.is_some_and(|n| self.frame_array(elem, n));
                let heap = match self.mode {
                    Mode::Go => n.is_some_and(|n| n.saturating_mul(size) > 64 * 1024),
                    Mode::Mini => !frame,
                };
                (heap, frame)
            }
            Some(TypeData::Map(..)) => (self.mode == Mode::Mini, false),
            _ => return,
        };
        let hole = self.spill(k, e.id, lparen, |i| text::node(i, e), heap);
        if let (true, Some(l)) = (frame && self.mode == Mode::Mini, hole.dst) {
            self.frame_sites.push(l);
        }
    }

    /// A function literal's closure: its allocation site (Mini keeps one that does not escape
    /// in the frame when its captures fit: a word for the function and two per capture),
    /// with its captures noted.
    pub(super) fn closure(&mut self, k: Hole, lit: &Expr) {
        let captures = crate::codegen::free_variables(self.info, lit);
        let fits = 2 * (captures.len() as u64) < super::exprs::MAX_FRAME_SLOTS;
        let heap = self.mode == Mode::Mini && !fits;
        let hole = self.spill(k, lit.id, lit.pos(), |_| "func literal".into(), heap);
        if let (Mode::Mini, true, Some(l)) = (self.mode, fits, hole.dst) {
            self.frame_sites.push(l);
        }
        self.note_closure(hole, lit, captures);
    }

    /// Whether Mini can keep the backing array of a `make` of `n` elements of `elem` in the
    /// frame: at most `MAX_FRAME_SLOTS` registers, and no arrays (slicing or indexing an
    /// array inside an element needs a heap array).
    pub(super) fn frame_array(&self, elem: TypeId, n: u64) -> bool {
        let types = &self.info.types;
        let slots = crate::codegen::layout_of(types, elem).map_or(0, |l| l.kinds.len() as u64);
        slots > 0
            && n.saturating_mul(slots) <= super::exprs::MAX_FRAME_SLOTS
            && !super::size::has_array(types, Some(elem))
    }

    fn const_int(&self, e: &Expr) -> Option<u64> {
        let v = self
            .info
            .exprs
            .get(e.id.0 as usize)?
            .as_ref()?
            .val
            .as_ref()?;
        v.as_u64()
    }

    fn callee<'e>(&self, fun: &'e Expr) -> (Callee<'e>, Option<ObjId>) {
        let f = fun.unparen();
        match &f.kind {
            ExprKind::FuncLit { .. } => (Callee::Literal(f), None),
            ExprKind::Ident(_) => match self.info.uses.get(&f.id) {
                Some(&obj) => (self.func_callee(obj), None),
                None => (Callee::Dynamic, None),
            },
            ExprKind::Selector { x, sel } => match self.info.selections.get(&f.id) {
                Some(Selection::Method {
                    interface: false,
                    path,
                    ..
                }) if path.is_empty() => {
                    let Some(t) = self.type_of(x).map(|t| self.base_type(t)) else {
                        return (Callee::Dynamic, None);
                    };
                    match self.methods.get(t, &sel.name) {
                        Some(m) => (self.func_callee(m), Some(m)),
                        None => (Callee::External, None),
                    }
                }
                Some(_) => (Callee::Dynamic, None),
                None => (Callee::External, None),
            },
            _ => (Callee::Dynamic, None),
        }
    }

    fn base_type(&self, t: TypeId) -> TypeId {
        super::base_type(self.info, t)
    }

    fn func_callee<'e>(&self, obj: ObjId) -> Callee<'e> {
        match &self.info.objects[obj.0 as usize].kind {
            ObjKind::Func { .. }
                if self.batch.contains_key(&obj) || self.tags.contains_key(&obj) =>
            {
                Callee::Func(obj)
            }
            ObjKind::Func { .. } => Callee::External,
            _ => Callee::Dynamic,
        }
    }

    /// A call of a function: the callee expression, the receiver (for methods) and the
    /// arguments, each into the hole its parameter's tag gives.
    fn call(&mut self, ks: &[Hole], e: &Expr, fun: &Expr, args: &[Expr], spread: bool) {
        let lparen = text::pos(e);
        let (callee, _) = self.callee(fun);
        let sig = self
            .type_of(fun)
            .and_then(|t| self.info.types.signature(t).cloned());
        let literal = match callee {
            Callee::Literal(lit) => Some(self.called_literal(lit)),
            _ => None,
        };
        let method = match &fun.unparen().kind {
            ExprKind::Selector { x, .. } => match self.info.selections.get(&fun.unparen().id) {
                Some(Selection::Method {
                    pointer_recv,
                    interface,
                    ..
                }) => Some((&**x, *pointer_recv && !*interface)),
                _ => None,
            },
            _ => None,
        };
        if method.is_none() && literal.is_none() {
            self.expr(Hole::DISCARD, fun);
        }
        let n_params =
            sig.as_ref().map_or(args.len(), |s| s.params.len()) + method.is_some() as usize;
        let fixed = sig
            .as_ref()
            .filter(|s| s.variadic && !spread)
            .map(|s| s.params.len() - 1);
        let holes: Vec<Hole> = (0..n_params)
            .map(|i| {
                let k = self.param_hole(ks, &callee, literal.as_ref(), i, sig.as_ref());
                self.note(k, lparen, "call parameter", |i| match method {
                    Some((x, pointer)) if !matches!(callee, Callee::Dynamic) => {
                        text::method_call(i, e, x, pointer, fixed)
                    }
                    _ => text::variadic_call(i, e, fixed),
                })
            })
            .collect();
        if let Some((x, pointer_recv)) = method {
            self.receiver(holes[0], x, pointer_recv);
        }
        let holes = &holes[method.is_some() as usize..];
        self.arguments(holes, args, spread, lparen, sig.as_ref());
        self.results_flow(ks, &callee, literal.as_ref());
    }

    /// A function literal called in place: analysed as part of this function, its
    /// parameters and results are locations of the graph.
    fn called_literal(&mut self, lit: &Expr) -> FuncLocs {
        let ExprKind::FuncLit { sig, body } = &lit.kind else {
            return FuncLocs::default();
        };
        self.closure(Hole::DISCARD, lit);
        let name = self.literal_name();
        let (f, locs) = self.init_func(Some(self.func), name, None, sig);
        self.walk_body(f, &locs, sig, body);
        locs
    }

    fn param_hole(
        &mut self,
        ks: &[Hole],
        callee: &Callee,
        literal: Option<&FuncLocs>,
        i: usize,
        sig: Option<&Signature>,
    ) -> Hole {
        match callee {
            Callee::Literal(_) => literal
                .and_then(|l| l.params.get(i).copied().flatten())
                .map_or(Hole::DISCARD, Hole::to),
            Callee::Func(obj) => {
                if let Some(locs) = self.batch.get(obj) {
                    return locs
                        .params
                        .get(i)
                        .copied()
                        .flatten()
                        .map_or(Hole::DISCARD, Hole::to);
                }
                let leaks = self.tags.get(obj).and_then(|t| t.get(i)).cloned();
                self.tag_hole(ks, &leaks.unwrap_or_default())
            }
            Callee::External => {
                let variadic_any = sig.is_some_and(|s| s.variadic && i + 1 == s.params.len());
                if variadic_any && self.mode == Mode::Go {
                    Hole::heap().deref()
                } else {
                    Hole::heap()
                }
            }
            Callee::Dynamic => Hole::heap(),
        }
    }

    /// The hole a parameter's leak tag gives its argument.
    fn tag_hole(&mut self, ks: &[Hole], leaks: &Leaks) -> Hole {
        let mut out = Vec::new();
        if let Some(h) = leaks.heap {
            out.push(Hole::heap().shift(h));
        }
        for (r, d) in leaks.results.iter().enumerate() {
            if let (Some(d), Some(k)) = (d, ks.get(r)) {
                out.push(k.shift(*d));
            }
        }
        self.tee(&out)
    }

    fn arguments(
        &mut self,
        holes: &[Hole],
        args: &[Expr],
        spread: bool,
        lparen: u32,
        sig: Option<&Signature>,
    ) {
        let hole = |i: usize| holes.get(i).copied().unwrap_or(Hole::heap());
        if args.len() == 1 && self.is_tuple(&args[0]) {
            return self.call_or_value(holes, &args[0]);
        }
        let Some(sig) = sig else {
            return args.iter().for_each(|a| self.expr(Hole::heap(), a));
        };
        let fixed = if sig.variadic && !spread {
            sig.params.len() - 1
        } else {
            args.len()
        };
        for (i, a) in args.iter().enumerate().take(fixed) {
            let t = sig.params.get(i).map(|p| p.1);
            self.expr_conv(hole(i), a, t);
        }
        if args.len() <= fixed {
            return;
        }
        let elem = sig
            .params
            .last()
            .and_then(|p| match self.info.types.under(p.1) {
                TypeData::Slice(e) => Some(*e),
                _ => None,
            });
        let heap = self.mode == Mode::Mini;
        let id = args[fixed].id;
        let inner = self.spill(hole(fixed), id, lparen, |_| "... argument".into(), heap);
        let inner = self.note(inner, lparen, "slice-literal-element", |_| {
            "... argument".into()
        });
        for a in &args[fixed..] {
            self.expr_conv(inner, a, elem);
        }
    }

    fn is_tuple(&self, e: &Expr) -> bool {
        self.type_of(e)
            .is_some_and(|t| matches!(self.info.types.get(t), TypeData::Tuple(_)))
    }

    /// The callee's results flow into the call's holes: directly within a batch; through
    /// the tags otherwise (already done by the arguments' holes).
    fn results_flow(&mut self, ks: &[Hole], callee: &Callee, literal: Option<&FuncLocs>) {
        let locs = match callee {
            Callee::Literal(_) => literal.cloned(),
            Callee::Func(obj) => self.batch.get(obj).cloned(),
            _ => None,
        };
        let Some(locs) = locs else {
            return;
        };
        for (k, &r) in ks.iter().zip(&locs.results) {
            self.g.flow(*k, r);
        }
    }
}
