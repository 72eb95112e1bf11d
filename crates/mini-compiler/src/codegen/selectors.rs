//! Methods selected on values: calls `x.M(args)` (through embedded fields, pointers and
//! interfaces), method values `x.M` (function values bound to the receiver evaluated where
//! they are made), method expressions `T.M`, and deferred method calls.

use super::func::FuncBuilder;
use super::layout::{Layout, IFACE};
use super::places::Place;
use crate::ast::{Expr, ExprKind};
use crate::check::{Mode, Selection};
use crate::types::{Signature, TypeData, TypeId, TypeTable};
use mini_bytecode::{Instr, SlotKind};

/// What a method call runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Callee {
    /// A function taking the receiver first.
    Func(u32),
    /// Method name `k` of the interface value that is the receiver.
    Iface(u16),
}

/// A method selected on a value: what runs, the receiver it takes, and the type of the value
/// (`x` itself or an embedded field) the method belongs to.
pub(crate) struct MethodTarget {
    pub callee: Callee,
    pub recv: Layout,
    pub holder: TypeId,
}

/// The parts of a method selection `x.M` the generator needs.
struct MethodSel {
    name: String,
    sig: Signature,
    pointer_recv: bool,
    interface: bool,
    path: Vec<usize>,
}

/// The type reached from `t` through the embedded fields `path` (pointers followed).
pub(crate) fn path_type(types: &TypeTable, mut t: TypeId, path: &[usize]) -> Option<TypeId> {
    for &index in path {
        if let TypeData::Pointer(elem) = types.under(t) {
            t = *elem;
        }
        let TypeData::Struct(fields) = types.under(t) else {
            return None;
        };
        t = fields.get(index)?.typ;
    }
    Some(t)
}

impl FuncBuilder<'_, '_> {
    /// Whether selector `fun` (`x.M`) selects a method on a value (rather than a field, or
    /// a method expression on a type).
    pub(crate) fn is_method_selection(&self, fun: &Expr, x: &Expr) -> bool {
        matches!(
            self.g.info.selections.get(&fun.id),
            Some(Selection::Method { .. })
        ) && !self.info_of(x).is_some_and(|i| i.mode == Mode::TypeExpr)
    }

    fn method_sel(&self, fun: &Expr) -> Option<MethodSel> {
        let ExprKind::Selector { sel, .. } = &fun.kind else {
            return None;
        };
        let Some(Selection::Method {
            sig,
            pointer_recv,
            interface,
            path,
            ..
        }) = self.g.info.selections.get(&fun.id).cloned()
        else {
            return None;
        };
        Some(MethodSel {
            name: sel.name.clone(),
            sig: self.g.info.types.signature(sig)?.clone(),
            pointer_recv,
            interface,
            path,
        })
    }

    /// Method `m` selected on a value of type `xt`.
    fn method_target(&mut self, xt: TypeId, m: &MethodSel, pos: u32) -> Option<MethodTarget> {
        let holder = path_type(&self.g.info.types, xt, &m.path)?;
        let (callee, recv) =
            self.g
                .method_callee(holder, &m.name, &m.sig, m.pointer_recv, m.interface, pos)?;
        Some(MethodTarget {
            callee,
            recv,
            holder,
        })
    }

    /// Puts the receiver of method `m` selected on `x` at `dst`: the embedded field the
    /// method is promoted from, `&v` for a pointer method of an addressable value, `*p` for a
    /// value method through a pointer.
    fn receiver_to(&mut self, x: &Expr, m: &MethodSel, size: u8, dst: u8, e: &Expr) {
        let xt = self.type_of(x);
        let x_is_ptr = self.pointer_elem(xt).is_some();
        if m.path.is_empty() && (m.interface || m.pointer_recv == x_is_ptr) {
            self.expr_to(x, dst, xt);
            return;
        }
        let p = self.value_place(x);
        let Some((p, t)) = self.walk_path(p, xt, &m.path, e.pos()) else {
            return;
        };
        self.receiver_from_place(p, t, m.pointer_recv, dst, size, e.pos());
    }

    /// Puts the receiver for a method of the value of type `t` at place `p` at `dst`.
    pub(crate) fn receiver_from_place(
        &mut self,
        p: Place,
        t: TypeId,
        pointer_recv: bool,
        dst: u8,
        size: u8,
        pos: u32,
    ) {
        match (pointer_recv, self.pointer_elem(t).is_some()) {
            (true, false) => {
                if !self.place_address(p, dst) {
                    self.unsupported(pos, "calling a pointer method on this value");
                }
            }
            (false, true) => {
                let q = self.deref_place(p, pos);
                let Some(elem) = self.pointer_elem(t) else {
                    return;
                };
                self.read_value(q, dst, elem, pos);
            }
            _ if self.by_pointer(t) => self.read_value(p, dst, t, pos),
            _ => self.read_place(p, dst, size),
        }
    }

    /// A method call `x.M(args)`: the receiver, then the arguments, in one block.
    pub fn method_call(
        &mut self,
        fun: &Expr,
        x: &Expr,
        args: &[Expr],
        spread: bool,
        dst: Option<u8>,
        e: &Expr,
    ) {
        let xt = self.type_of(x);
        let Some(m) = self.method_sel(fun) else {
            self.unsupported(e.pos(), "this method call");
            return;
        };
        let Some(target) = self.method_target(xt, &m, e.pos()) else {
            self.unsupported(e.pos(), "this method call");
            return;
        };
        if !spread && m.path.is_empty() && !m.interface {
            let callee = self.inline_method(x, &m.name);
            if let Some(obj) = callee.filter(|&o| self.can_inline(o, args)) {
                if let Some(recv) = self.inline_receiver(x, m.pointer_recv) {
                    self.inline_call(obj, Some(recv), args, dst, e);
                    return;
                }
            }
        }
        let result_size: u8 = m.sig.results.iter().map(|r| self.size_of(r.1)).sum();
        let Some((base, offsets)) =
            self.call_block(&target.recv.kinds, &m.sig, result_size, e.pos())
        else {
            return;
        };
        self.receiver_to(x, &m, target.recv.size(), base, e);
        self.args_into(&m.sig, args, spread, base, &offsets, e);
        self.at(e.pos());
        match target.callee {
            Callee::Func(f) => self.emit(Instr::Call {
                a: base,
                f: f as u16,
            }),
            Callee::Iface(k) => self.emit(Instr::CallIface { a: base, k }),
        };
        self.finish_call(base, &m.sig.results, dst);
    }

    /// `x.M` or `T.M` as a value into `dst`; false if `e` selects no method.
    pub(crate) fn method_value_to(&mut self, e: &Expr, dst: u8) -> bool {
        let ExprKind::Selector { x, .. } = &e.kind else {
            return false;
        };
        let Some(m) = self.method_sel(e) else {
            return false;
        };
        if self.info_of(x).is_some_and(|i| i.mode == Mode::TypeExpr) {
            let t = self.type_of(x);
            match self.g.method_impl(t, &m.name) {
                Some(f) => {
                    self.emit(Instr::MakeFunc {
                        a: dst,
                        f: f as u16,
                    });
                }
                None => self.unsupported(e.pos(), "this method expression"),
            }
            return true;
        }
        self.bound_method(x, &m, dst, e);
        true
    }

    /// A method value: the receiver is evaluated now into a box that a small function
    /// (`M-fm`) captures and calls the method with.
    fn bound_method(&mut self, x: &Expr, m: &MethodSel, dst: u8, e: &Expr) {
        let xt = self.type_of(x);
        let holder =
            path_type(&self.g.info.types, xt, &m.path).map(|h| self.pointer_elem(h).unwrap_or(h));
        if !m.pointer_recv && !m.interface && holder.is_some_and(|h| self.by_pointer(h)) {
            self.unsupported(e.pos(), "method values of receivers of more than 32 slots");
            return;
        }
        let Some(target) = self.method_target(xt, m, e.pos()) else {
            self.unsupported(e.pos(), "this method value");
            return;
        };
        let size = target.recv.size();
        let recv = self.alloc(&target.recv, e.pos());
        self.at(e.pos());
        self.receiver_to(x, m, size, recv, e);
        if let Callee::Iface(_) = target.callee {
            self.emit(Instr::CheckNil { a: recv });
        }
        let Some(k) = self.g.record_shape(&target.recv, e.pos()) else {
            return;
        };
        let p = self.pointer_regs(e.pos());
        self.emit(Instr::NewBox { a: p, k });
        self.emit(Instr::Store {
            a: recv,
            b: p,
            c: size,
        });
        let name = match target.callee {
            Callee::Func(f) => format!("{}-fm", self.g.program.funcs[f as usize].name),
            Callee::Iface(_) => {
                let holder = self.g.info.types.runtime_type_string(target.holder);
                format!("{holder}.{}-fm", m.name)
            }
        };
        let Some(f) = self
            .g
            .bound_thunk(target.callee, &target.recv, &m.sig, name)
        else {
            self.unsupported(e.pos(), "this method value");
            return;
        };
        self.emit(Instr::MakeFunc {
            a: dst,
            f: f as u16,
        });
        self.emit(Instr::SetCapture { a: dst, b: p, c: 0 });
    }

    /// `defer x.M(args)`: the method (as a function taking the receiver first), the
    /// receiver and the arguments are evaluated now into the record; a nil interface
    /// panics here, as in Go.
    pub(crate) fn defer_method(
        &mut self,
        fun: &Expr,
        x: &Expr,
        args: &[Expr],
        spread: bool,
        call: &Expr,
        pos: u32,
    ) {
        let xt = self.type_of(x);
        let Some(m) = self.method_sel(fun) else {
            self.unsupported(pos, "this deferred call");
            return;
        };
        let Some(target) = self.method_target(xt, &m, pos) else {
            self.unsupported(pos, "this deferred call");
            return;
        };
        let f = match target.callee {
            Callee::Func(f) => Some(f),
            Callee::Iface(_) => self.g.method_impl(target.holder, &m.name),
        };
        let Some(f) = f else {
            self.unsupported(pos, "this deferred call");
            return;
        };
        let mut head = vec![SlotKind::Ref];
        head.extend(&target.recv.kinds);
        let Some((block, offsets)) = self.call_block(&head, &m.sig, 0, pos) else {
            return;
        };
        self.emit(Instr::MakeFunc {
            a: block,
            f: f as u16,
        });
        self.receiver_to(x, &m, target.recv.size(), block + 1, call);
        if let Callee::Iface(_) = target.callee {
            self.at(pos);
            self.emit(Instr::CheckNil { a: block + 1 });
        }
        self.args_into(&m.sig, args, spread, block, &offsets, call);
        let size = head.len() as u8 + self.params_size(&m.sig);
        self.push_defer_block(block, size, pos);
    }

    /// The slots `s`'s parameters take.
    pub(crate) fn params_size(&self, s: &Signature) -> u8 {
        s.params.iter().map(|(_, t)| self.size_of(*t)).sum()
    }

    /// Pushes the deferred call laid out at `block` (`size` slots: a function value and its
    /// arguments) and clears the block.
    pub(crate) fn push_defer_block(&mut self, block: u8, size: u8, pos: u32) {
        let kinds = self.kinds[block as usize..(block + size) as usize].to_vec();
        let Some(k) = self.g.record_shape(&Layout::from(kinds), pos) else {
            return;
        };
        self.at(pos);
        if self.spawning {
            self.emit(Instr::Go { a: block, k });
        } else {
            self.defer_to_function(pos);
            self.emit(Instr::PushDefer { a: block, k });
        }
        self.emit(Instr::LoadNil { a: block, c: size });
    }
}

/// The receiver layout of an interface method call.
pub(crate) fn iface_layout() -> Layout {
    Layout::of(&IFACE)
}
