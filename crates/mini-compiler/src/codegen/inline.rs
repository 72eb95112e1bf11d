//! Inlining: a static call of a small leaf function of the program is replaced by the
//! callee's body, as Go's inliner does for cheap functions (`evalA` in a loop, a `Vec3.add`
//! method).
//!
//! What is inlined (`inlinable`): a function of the program's own file, not generic, without
//! named results or variadic parameters, whose body is at most `INLINE_BUDGET` expression
//! nodes of straight-line assignments and increments, ending in at most one `return` of one
//! value; no calls (conversions excepted), no function literals, no `&`, no indexing or
//! slicing, no shifts or integer divisions by a variable, no channel operations. So an
//! inlined body never calls, never takes addresses, and can panic only through a nil pointer
//! dereference; a trace through it shows the callee's frame as Go's does (`InlinedCall`).
//!
//! How: the arguments are evaluated into fresh registers in order, the parameters become
//! locals on them, and the body is compiled in place with the callee's positions; the
//! result goes where the call's would. A parameter the callee never changes that receives a
//! frame pointer (`&v` of a frame variable, a frame alias) becomes a frame alias itself, so
//! `p.x` in the body is the caller's register.

use hashbrown::HashMap;

use super::func::FuncBuilder;
use super::Generator;
use crate::ast::{BinaryOp, Expr, ExprKind, File, FuncDecl, Stmt, UnaryOp};
use crate::check::{Info, Mode, ObjId, ObjKind};
use crate::types::{TypeData, TypeId};
use mini_bytecode::proto::InlinedCall;

/// The most expression nodes an inlined body may have (Go's budget is 80 of its nodes).
const INLINE_BUDGET: usize = 40;

/// A method's receiver for an inlined call: its registers, and the frame registers it
/// points at when it is a pointer into the frame.
#[derive(Clone, Copy)]
pub(crate) struct Receiver {
    reg: u8,
    alias: Option<u8>,
}

/// The program's inlinable functions, and its inlinable methods by receiver base type and
/// name.
#[derive(Default)]
pub(crate) struct InlineBodies<'a> {
    pub funcs: HashMap<ObjId, &'a FuncDecl>,
    pub methods: HashMap<(TypeId, String), ObjId>,
}

impl<'a> Generator<'a> {
    /// Finds the inlinable functions of `file`.
    pub(crate) fn find_inlinable(&mut self, file: &'a File) {
        for d in &file.decls {
            let crate::ast::Decl::Func(f) = d else {
                continue;
            };
            let Some(&obj) = self.info.defs.get(&f.name.pos) else {
                continue;
            };
            if !inlinable(self.info, f) {
                continue;
            }
            self.inline.funcs.insert(obj, f);
            if let ObjKind::Func { recv: Some(t), .. } = self.info.objects[obj.0 as usize].kind {
                let base = crate::escape::base_type(self.info, t);
                self.inline.methods.insert((base, f.name.name.clone()), obj);
            }
        }
    }
}

fn inlinable(info: &Info, f: &FuncDecl) -> bool {
    let Some(body) = &f.body else {
        return false;
    };
    let sig = &f.sig;
    let plain_results = sig.results.iter().all(|r| r.names.is_empty());
    if f.is_generic() || !plain_results || sig.results.len() > 1 {
        return false;
    }
    if sig.params.iter().any(|p| p.variadic) {
        return false;
    }
    let Some((last, init)) = body.stmts.split_last() else {
        return false;
    };
    let simple = |s: &Stmt| matches!(s, Stmt::Assign { .. } | Stmt::IncDec { .. });
    let last_ok = match last {
        Stmt::Return { results, .. } => results.len() <= 1,
        s => simple(s),
    };
    if !last_ok || !init.iter().all(simple) {
        return false;
    }
    let mut nodes = 0;
    let mut ok = true;
    for s in &body.stmts {
        super::walk::each_expr_in_stmt(s, &mut |e| {
            nodes += 1;
            ok &= cheap(info, e);
        });
    }
    ok && nodes <= INLINE_BUDGET
}

/// Whether `e` (one node) may be part of an inlined body.
fn cheap(info: &Info, e: &Expr) -> bool {
    let info_of = |x: &Expr| info.exprs.get(x.id.0 as usize).and_then(|i| i.as_ref());
    match &e.kind {
        ExprKind::Ident(_) | ExprKind::BasicLit { .. } | ExprKind::Paren(_) => true,
        ExprKind::Selector { .. } => !matches!(
            info.selections.get(&e.id),
            Some(crate::check::Selection::Method { .. })
        ),
        ExprKind::Unary { op, .. } => !matches!(op, UnaryOp::Addr | UnaryOp::Recv),
        ExprKind::Binary { op, y, .. } => match op {
            BinaryOp::Div | BinaryOp::Rem | BinaryOp::Shl | BinaryOp::Shr => {
                let constant = info_of(y).is_some_and(|i| i.val.is_some());
                let float = info_of(e).is_some_and(
                    |i| matches!(info.types.under(i.typ), TypeData::Basic(k) if k.is_float()),
                );
                constant || (float && matches!(op, BinaryOp::Div))
            }
            _ => true,
        },
        ExprKind::Call { fun, .. } => info_of(fun).is_some_and(|i| i.mode == Mode::TypeExpr),
        ExprKind::ArrayType { .. }
        | ExprKind::SliceType { .. }
        | ExprKind::MapType { .. }
        | ExprKind::ChanType { .. }
        | ExprKind::FuncType(_)
        | ExprKind::StructType { .. }
        | ExprKind::InterfaceType { .. } => true,
        _ => false,
    }
}

impl FuncBuilder<'_, '_> {
    /// Whether a call of `callee` with `args` can be inlined here (checked before anything
    /// of the call is emitted).
    pub(crate) fn can_inline(&self, callee: ObjId, args: &[Expr]) -> bool {
        let Some(decl) = self.g.inline.funcs.get(&callee) else {
            return false;
        };
        let params: usize = decl.sig.params.iter().map(|p| p.names.len()).sum();
        let layouts = self.callee_params(callee).is_some_and(|ps| {
            ps.iter()
                .all(|&p| super::layout::layout_of(&self.g.info.types, self.obj_type(p)).is_some())
        });
        !self.inlining && args.len() == params && layouts && self.g.funcs.contains_key(&callee)
    }

    /// The inlinable method `name` of the type of `x`, when `x.name(...)` calls it directly.
    pub(crate) fn inline_method(&self, x: &Expr, name: &str) -> Option<ObjId> {
        let base = crate::escape::base_type(self.g.info, self.type_of(x));
        self.g
            .inline
            .methods
            .get(&(base, name.to_string()))
            .copied()
    }

    /// The receiver `x` of an inlined method call in registers, and the frame registers it
    /// points at (if it is a pointer into the frame): a pointer or a value as the method
    /// wants it; `None` (nothing emitted) for receivers whose address would take more.
    pub(crate) fn inline_receiver(&mut self, x: &Expr, pointer_recv: bool) -> Option<Receiver> {
        let is_pointer = self.pointer_elem(self.type_of(x)).is_some();
        match (pointer_recv, is_pointer) {
            (true, true) => {
                let alias = self.frame_pointer_of(x);
                Some(Receiver {
                    reg: self.expr(x),
                    alias,
                })
            }
            (true, false) => {
                let r = self.register_place(x)?;
                let p = self.pointer_regs(x.pos());
                self.place_address(super::places::Place::Reg(r), p);
                Some(Receiver {
                    reg: p,
                    alias: Some(r),
                })
            }
            (false, false) => Some(Receiver {
                reg: self.expr(x),
                alias: None,
            }),
            (false, true) => None,
        }
    }

    /// Inlines the call `e` of `callee` (which `can_inline` accepted) with arguments `args`
    /// after the receiver `recv` already in registers (a method's), into `dst`.
    pub(crate) fn inline_call(
        &mut self,
        callee: ObjId,
        recv: Option<Receiver>,
        args: &[Expr],
        dst: Option<u8>,
        e: &Expr,
    ) {
        let (Some(&decl), Some(params)) =
            (self.g.inline.funcs.get(&callee), self.callee_params(callee))
        else {
            return;
        };
        self.inlining = true;
        let (top, locals_end) = (self.top, self.locals_end);
        let start = self.code.len() as u32;
        let (recv_obj, arg_objs) = params.split_at(recv.is_some() as usize);
        if let (Some(r), Some(&obj)) = (recv, recv_obj.first()) {
            let alias = r.alias.filter(|_| self.unchanged(obj));
            if let Some(site) = alias {
                self.frame_aliases.insert(obj, site);
            }
            if alias.is_none() || used_as_value(self.g.info, decl, obj) {
                let t = self.obj_type(obj);
                let reg = self.bind_param(obj, t, e);
                self.mov(reg, r.reg, self.size_of(t));
            }
        }
        for (arg, &obj) in args.iter().zip(arg_objs) {
            let alias = self.frame_pointer_of(arg).filter(|_| self.unchanged(obj));
            if let Some(site) = alias {
                self.frame_aliases.insert(obj, site);
            }
            let pure = self.frame_site(arg.unparen()).is_none();
            if alias.is_some() && pure && !used_as_value(self.g.info, decl, obj) {
                continue;
            }
            let t = self.obj_type(obj);
            let reg = self.bind_param(obj, t, e);
            self.expr_to(arg, reg, t);
        }
        self.inline_body(callee, decl, dst);
        for obj in &params {
            self.locals.remove(obj);
            self.frame_aliases.remove(obj);
        }
        self.locals_end = locals_end;
        self.top = top;
        self.at(e.pos());
        let name = self.g.program.funcs[self.g.funcs[&callee] as usize]
            .name
            .clone();
        let line = self.line;
        self.inlined.push(InlinedCall {
            start,
            end: self.code.len() as u32,
            name,
            line,
        });
        self.inlining = false;
    }

    /// The callee's statements, and its `return` value into `dst`.
    fn inline_body(&mut self, callee: ObjId, decl: &FuncDecl, dst: Option<u8>) {
        let Some(body) = &decl.body else {
            return;
        };
        for s in &body.stmts {
            if let Stmt::Return { results, pos } = s {
                self.at(*pos);
                if let (Some(d), Some(r)) = (dst, results.first()) {
                    let t = self.result_type(callee);
                    self.expr_to(r, d, t);
                } else if let Some(r) = results.first() {
                    self.expr(r);
                }
                continue;
            }
            let saved = self.top;
            self.stmt(s, None);
            self.top = saved.max(self.locals_end);
        }
    }

    fn result_type(&self, callee: ObjId) -> TypeId {
        let types = &self.g.info.types;
        let sig = match self.g.info.objects[callee.0 as usize].kind {
            ObjKind::Func { sig, .. } => types.signature(sig),
            _ => None,
        };
        sig.and_then(|s| s.results.first())
            .map_or(types.any, |r| r.1)
    }

    /// The callee's receiver and parameters, in order.
    fn callee_params(&self, callee: ObjId) -> Option<Vec<ObjId>> {
        param_objs(self.g.info, self.g.inline.funcs.get(&callee)?)
    }

    /// Registers for parameter `obj` of type `t`, above everything live.
    fn bind_param(&mut self, obj: ObjId, t: TypeId, e: &Expr) -> u8 {
        let layout = super::layout::layout_of(&self.g.info.types, t)
            .unwrap_or_else(|| super::layout::Layout::of(&[]));
        let r = self.alloc(&layout, e.pos());
        self.locals.insert(obj, r);
        self.locals_end = self.locals_end.max(r as usize + layout.kinds.len());
        r
    }

    fn obj_type(&self, obj: ObjId) -> TypeId {
        self.g.info.var_type(obj).unwrap_or(self.g.info.types.any)
    }

    fn unchanged(&self, obj: ObjId) -> bool {
        self.g
            .escapes
            .as_ref()
            .is_some_and(|esc| esc.unchanged_vars.contains(&obj))
    }

    /// The frame registers an argument points at: `&v` of a value in registers, or a
    /// frame alias.
    fn frame_pointer_of(&self, arg: &Expr) -> Option<u8> {
        let arg = arg.unparen();
        if let Some(site) = self.frame_site(arg) {
            return Some(site);
        }
        match &arg.kind {
            ExprKind::Unary {
                op: UnaryOp::Addr,
                x,
            } => self.register_place(x),
            ExprKind::Ident(_) => self.frame_aliases.get(&self.g.use_of(arg)?).copied(),
            _ => None,
        }
    }
}

/// Whether the body of `decl` uses parameter `obj` other than to reach its pointee (`*p`,
/// `p.f`): if not, a parameter that is a frame alias needs no registers of its own.
fn used_as_value(info: &Info, decl: &FuncDecl, obj: ObjId) -> bool {
    let names = |x: &Expr| {
        matches!(x.unparen().kind, ExprKind::Ident(_))
            && info.uses.get(&x.unparen().id) == Some(&obj)
    };
    let (mut all, mut through) = (0, 0);
    for s in decl.body.iter().flat_map(|b| &b.stmts) {
        super::walk::each_expr_in_stmt(s, &mut |e| match &e.kind {
            ExprKind::Ident(_) if names(e) => all += 1,
            ExprKind::Unary {
                op: UnaryOp::Star,
                x,
            } if names(x) => through += 1,
            ExprKind::Selector { x, .. }
                if names(x)
                    && matches!(
                        info.selections.get(&e.id),
                        Some(crate::check::Selection::Field { .. })
                    ) =>
            {
                through += 1
            }
            _ => {}
        });
    }
    all > through
}

/// A function's receiver and parameters, in order (`None` if one has no object, e.g. `_`).
fn param_objs(info: &Info, decl: &FuncDecl) -> Option<Vec<ObjId>> {
    let fields = decl.recv.iter().chain(&decl.sig.params);
    let mut out = Vec::new();
    for f in fields {
        if f.names.is_empty() {
            return None;
        }
        for n in &f.names {
            out.push(*info.defs.get(&n.pos)?);
        }
    }
    Some(out)
}
