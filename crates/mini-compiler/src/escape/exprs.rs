//! Expressions in the location graph: every expression is evaluated into a hole (Go's
//! `expr`), assignments' left sides give holes (Go's `addr`), and allocation sites spill.

use super::build::Builder;
use super::graph::Hole;
use super::text;
use super::Mode;
use crate::ast::{BinaryOp, Expr, ExprKind, KeyedElement, UnaryOp};
use crate::check::{Info, ObjKind, Selection};
use crate::types::{TypeData, TypeId};

/// Go's limit for implicit stack allocations (`new`, `&T{}`, `make`, literals): 64 KiB.
const MAX_IMPLICIT_STACK: u64 = 64 * 1024;

/// The most slots Mini places in a frame for one allocation site.
pub(super) const MAX_FRAME_SLOTS: u64 = 16;

impl Builder<'_> {
    /// Evaluates `e` into hole `k`.
    pub fn expr(&mut self, k: Hole, e: &Expr) {
        if self.is_constant(e) {
            return;
        }
        // A value without pointers carries no address anywhere.
        let scalar = self
            .type_of(e)
            .is_some_and(|t| !super::size::has_pointers(&self.info.types, t));
        let k = if k.derefs >= 0 && scalar {
            Hole::DISCARD
        } else {
            k
        };
        match &e.kind {
            ExprKind::Paren(x) => self.expr(k, x),
            ExprKind::Ident(_) => {
                if let Some(l) = self.local_of(e) {
                    self.g.flow(k, l);
                }
            }
            ExprKind::CompositeLit { elems, lbrace, .. } => self.composite(k, e, elems, *lbrace),
            ExprKind::FuncLit { sig, body } => {
                self.closure(k, e);
                let parent = Some(self.func);
                let name = self.literal_name();
                let (f, locs) = self.init_func(parent, name, None, sig);
                self.walk_body(f, &locs, sig, body);
            }
            ExprKind::Selector { x, .. } => self.selector(k, e, x),
            ExprKind::Index { x, indices, .. } => {
                self.index(k, e, x);
                indices.iter().for_each(|i| self.expr(Hole::DISCARD, i));
            }
            ExprKind::Slice { x, lo, hi, max, .. } => {
                for b in [lo, hi, max].into_iter().flatten() {
                    self.expr(Hole::DISCARD, b);
                }
                self.slice_of(k, e, x);
            }
            ExprKind::TypeAssert { x, .. } => {
                let k = self.note_here(k, e, "dot");
                let k = match self.type_of(e) {
                    Some(t) if !self.info.types.is_interface(t) && !self.pointer_shaped(t) => {
                        k.deref()
                    }
                    _ => k,
                };
                self.expr(k, x);
            }
            ExprKind::Call { .. } => self.call_or_value(&[k], e),
            ExprKind::Unary { op, x } => match op {
                UnaryOp::Addr => self.address(k, e, x),
                UnaryOp::Star => {
                    let k = self.note_here(k, e, "indirection");
                    self.expr(k.deref(), x)
                }
                _ => self.expr(Hole::DISCARD, x),
            },
            ExprKind::Binary { op, x, y, op_pos } => {
                if *op == BinaryOp::Add && self.type_of(e).is_some_and(|t| self.is_string(t)) {
                    self.concat(k, e, *op_pos);
                    return;
                }
                self.expr(Hole::DISCARD, x);
                self.expr(Hole::DISCARD, y);
            }
            _ => {}
        }
    }

    fn is_constant(&self, e: &Expr) -> bool {
        self.info
            .exprs
            .get(e.id.0 as usize)
            .and_then(|i| i.as_ref())
            .is_some_and(|i| i.val.is_some())
    }

    pub fn is_string(&self, t: TypeId) -> bool {
        self.info.types.is_string(t)
    }

    /// The location of the local variable `e` names, if it names one.
    fn local_of(&mut self, e: &Expr) -> Option<usize> {
        let obj = *self.info.uses.get(&e.id)?;
        match self.info.objects[obj.0 as usize].kind {
            ObjKind::Var { global: false, .. } => Some(self.var_loc(obj)),
            _ => None,
        }
    }

    /// Evaluates `e` into `k` as a value of type `target`: an implicit conversion to an
    /// interface is an allocation site of its own unless the value is pointer-shaped.
    pub fn expr_conv(&mut self, k: Hole, e: &Expr, target: Option<TypeId>) {
        let to_iface = target.is_some_and(|t| self.info.types.is_interface(t));
        let from = self.type_of(e);
        let from_iface = from.is_none_or(|t| self.info.types.is_interface(t) || self.is_nil(t));
        if !to_iface || from_iface {
            return self.expr(k, e);
        }
        self.conv_iface(k, e);
    }

    fn is_nil(&self, t: TypeId) -> bool {
        matches!(
            self.info.types.get(t),
            TypeData::Basic(crate::types::BasicKind::UntypedNil)
        )
    }

    /// `interface(x)`: a pointer-shaped value is the interface's data word; any other value
    /// is copied into a new allocation (which Mini always makes on the heap).
    fn conv_iface(&mut self, k: Hole, e: &Expr) {
        let shaped = self.type_of(e).is_some_and(|t| self.pointer_shaped(t));
        let k = if self.mode == Mode::Mini {
            Hole::heap()
        } else {
            k
        };
        if shaped {
            let k = self.note_here(k, e, "interface-converted");
            return self.expr(k, e);
        }
        let heap = self.mode == Mode::Mini;
        let inner = self.spill(k, e.id, e.pos(), |i| text::node(i, e), heap);
        let inner = self.note_here(inner, e, "interface-converted");
        self.expr(inner, e);
    }

    /// The hole of an assignment's destination (Go's `addr`).
    pub fn addr(&mut self, l: &Expr) -> Hole {
        match &l.kind {
            ExprKind::Paren(x) => self.addr(x),
            ExprKind::Ident(n) if n == "_" => Hole::DISCARD,
            ExprKind::Ident(_) => match self.local_of(l) {
                Some(loc) => Hole::to(loc),
                None => Hole::heap(),
            },
            ExprKind::Selector { x, .. } => {
                if !matches!(
                    self.info.selections.get(&l.id),
                    Some(Selection::Field { .. })
                ) {
                    return Hole::heap();
                }
                if self.through_pointer(l, x) {
                    self.expr(Hole::DISCARD, x);
                    return Hole::heap();
                }
                self.addr(x)
            }
            ExprKind::Index { x, indices, .. } => {
                let t = self.type_of(x).map(|t| self.info.types.under(t).clone());
                match t {
                    Some(TypeData::Array(..)) => {
                        indices.iter().for_each(|i| self.expr(Hole::DISCARD, i));
                        self.addr(x)
                    }
                    Some(TypeData::Map(kt, _)) => {
                        self.expr(Hole::DISCARD, x);
                        for i in indices {
                            self.expr_conv(Hole::heap(), i, Some(kt));
                        }
                        Hole::heap()
                    }
                    _ => {
                        self.expr(Hole::DISCARD, x);
                        indices.iter().for_each(|i| self.expr(Hole::DISCARD, i));
                        Hole::heap()
                    }
                }
            }
            ExprKind::Unary {
                op: UnaryOp::Star,
                x,
            } => {
                self.expr(Hole::DISCARD, x);
                Hole::heap()
            }
            _ => {
                self.expr(Hole::DISCARD, l);
                Hole::DISCARD
            }
        }
    }

    /// Whether the field selection `e` (of `x`) goes through a pointer.
    fn through_pointer(&self, e: &Expr, x: &Expr) -> bool {
        let direct = self
            .type_of(x)
            .is_some_and(|t| matches!(self.info.types.under(t), TypeData::Pointer(_)));
        let indirect = matches!(
            self.info.selections.get(&e.id),
            Some(Selection::Field { indirect: true, .. })
        );
        direct || indirect
    }

    fn selector(&mut self, k: Hole, e: &Expr, x: &Expr) {
        match self.info.selections.get(&e.id).cloned() {
            Some(Selection::Field { .. }) => {
                let k = if self.through_pointer(e, x) {
                    self.note_here(k, e, "dot of pointer").deref()
                } else {
                    self.note_here(k, e, "dot")
                };
                self.expr(k, x);
            }
            Some(Selection::Method {
                pointer_recv,
                interface,
                ..
            }) => {
                if self.is_method_expression(x) {
                    return;
                }
                let heap = self.mode == Mode::Mini;
                let inner = self.spill(k, e.id, e.pos(), |i| text::node(i, e), heap);
                self.receiver(inner, x, pointer_recv && !interface);
            }
            None => {}
        }
    }

    fn is_method_expression(&self, x: &Expr) -> bool {
        self.info
            .exprs
            .get(x.id.0 as usize)
            .and_then(|i| i.as_ref())
            .is_some_and(|i| i.mode == crate::check::Mode::TypeExpr)
    }

    /// A method's receiver `x` into `k`: its address for a pointer method on a value, the
    /// value it points to for a value method on a pointer.
    pub fn receiver(&mut self, k: Hole, x: &Expr, pointer_recv: bool) {
        let is_ptr = self
            .type_of(x)
            .is_some_and(|t| matches!(self.info.types.under(t), TypeData::Pointer(_)));
        let k = match (pointer_recv, is_ptr) {
            (true, false) => {
                let k = self.note(k, x.span.hi, "address-of", |i| text::node(i, x));
                k.addr()
            }
            (false, true) => k.deref(),
            _ => k,
        };
        self.expr(k, x);
    }

    fn index(&mut self, k: Hole, e: &Expr, x: &Expr) {
        let t = self.type_of(x).map(|t| self.info.types.under(t).clone());
        match t {
            Some(TypeData::Array(..)) => {
                let k = self.note_here(k, e, "fixed-array-index-of");
                self.expr(k, x)
            }
            Some(TypeData::Slice(_)) | Some(TypeData::Pointer(_)) => {
                let k = self.note_here(k, e, "dot of pointer");
                self.expr(k.deref(), x)
            }
            _ => self.expr(Hole::DISCARD, x),
        }
    }

    /// `x[lo:hi]`: slicing an array takes its address. Mini keeps sliced arrays and arrays
    /// sliced through pointers in heap array objects.
    fn slice_of(&mut self, k: Hole, e: &Expr, x: &Expr) {
        let t = self.type_of(x).map(|t| self.info.types.under(t).clone());
        let mini = self.mode == Mode::Mini;
        let k = self.note_here(k, e, "slice");
        match t {
            Some(TypeData::Array(..)) if mini => self.expr(Hole::heap().addr(), x),
            Some(TypeData::Array(..)) => {
                let pos = text::pos(e);
                let k = self.note(k, pos, "address-of", |i| text::node(i, x));
                self.expr(k.addr(), x)
            }
            Some(TypeData::Pointer(_)) if mini => self.expr(Hole::heap(), x),
            _ => self.expr(k, x),
        }
    }

    /// `&x`: a composite literal is an allocation site; anything else is the address of a
    /// variable (fields and array elements are the variable itself: the analysis is
    /// field-insensitive).
    fn address(&mut self, k: Hole, e: &Expr, x: &Expr) {
        let lit = x.unparen();
        if !matches!(lit.kind, ExprKind::CompositeLit { .. }) {
            let k = self.note_here(k, e, "address-of");
            return self.expr(k.addr(), x);
        }
        let t = self.type_of(lit);
        let text = |i: &Info| format!("&{}", text::node(i, lit));
        let inner = self.frame_site(k, e, e.pos(), text, t);
        self.expr(inner, lit);
    }

    /// An allocation site of one value of type `t` (`new(T)`, `&T{...}`): on the heap when
    /// larger than Go's implicit stack limit, or, for Mini, than its frame limit.
    pub fn frame_site(
        &mut self,
        k: Hole,
        e: &Expr,
        pos: u32,
        text: impl FnOnce(&Info) -> String,
        t: Option<TypeId>,
    ) -> Hole {
        let bytes = t.map_or(u64::MAX, |t| super::size::bytes(&self.info.types, t));
        let mut heap = bytes > MAX_IMPLICIT_STACK;
        if self.mode == Mode::Mini {
            heap |=
                bytes.div_ceil(8) > MAX_FRAME_SLOTS || super::size::has_array(&self.info.types, t);
        }
        let hole = self.spill(k, e.id, pos, text, heap);
        if let Some(l) = hole.dst {
            self.frame_sites.push(l);
        }
        hole
    }

    fn composite(&mut self, k: Hole, e: &Expr, elems: &[KeyedElement], lbrace: u32) {
        let Some(t) = self.type_of(e) else {
            return;
        };
        match self.info.types.under(t).clone() {
            TypeData::Struct(fields) => {
                let k = self.note(k, lbrace, "struct literal element", |i| text::node(i, e));
                for (i, el) in elems.iter().enumerate() {
                    let ft = match &el.key {
                        Some(key) => match &key.kind {
                            ExprKind::Ident(n) => fields.iter().find(|f| &f.name == n),
                            _ => None,
                        },
                        None => fields.get(i),
                    }
                    .map(|f| f.typ);
                    self.element(k, &el.value, ft);
                }
            }
            TypeData::Array(_, elem) => {
                let k = self.note(k, lbrace, "array literal element", |i| text::node(i, e));
                self.elements(k, elems, elem)
            }
            TypeData::Slice(elem) => {
                // Mini keeps a literal of listed elements in the frame when it is small.
                let positional = elems.iter().all(|el| el.key.is_none());
                let frame = positional && self.frame_array(elem, elems.len() as u64);
                let heap = self.mode == Mode::Mini && !frame;
                let inner = self.spill(k, e.id, lbrace, |i| text::node(i, e), heap);
                if let (Mode::Mini, true, Some(l)) = (self.mode, frame, inner.dst) {
                    self.frame_sites.push(l);
                }
                let inner = self.note(inner, lbrace, "slice-literal-element", |i| text::node(i, e));
                self.elements(inner, elems, elem);
            }
            TypeData::Map(kt, vt) => {
                let heap = self.mode == Mode::Mini;
                let text = |i: &Info| text::node(i, e);
                self.spill(k, e.id, lbrace, text, heap);
                let keys = self.note(Hole::heap(), lbrace, "map literal key", text);
                let values = self.note(Hole::heap(), lbrace, "map literal value", text);
                for el in elems {
                    if let Some(key) = &el.key {
                        self.element(keys, key, Some(kt));
                    }
                    self.element(values, &el.value, Some(vt));
                }
            }
            _ => {}
        }
    }

    fn elements(&mut self, k: Hole, elems: &[KeyedElement], elem: TypeId) {
        for el in elems {
            if let Some(key) = &el.key {
                self.expr(Hole::DISCARD, key);
            }
            self.element(k, &el.value, Some(elem));
        }
    }

    /// An element of a composite literal; an elided `&T` before a nested literal is an
    /// allocation site like `&T{...}`.
    fn element(&mut self, k: Hole, v: &Expr, t: Option<TypeId>) {
        let elided = matches!(v.kind, ExprKind::CompositeLit { typ: None, .. });
        let pointee = t.and_then(|t| match self.info.types.under(t) {
            TypeData::Pointer(p) => Some(*p),
            _ => None,
        });
        if let (true, Some(p)) = (elided, pointee) {
            let text = |i: &Info| format!("&{}", text::composite(i, v, p));
            let inner = self.frame_site(k, v, v.pos(), text, Some(p));
            return self.expr(inner, v);
        }
        self.expr_conv(k, v, t);
    }

    /// `k` with a note naming expression `e` at Go's position for it.
    pub fn note_here(&mut self, k: Hole, e: &Expr, why: &'static str) -> Hole {
        self.note(k, text::pos(e), why, |i| text::node(i, e))
    }

    /// `a + b + c` on strings: one allocation site for the whole chain; the operands never
    /// escape.
    fn concat(&mut self, k: Hole, e: &Expr, pos: u32) {
        let mut leaves = Vec::new();
        self.concat_leaves(e, &mut leaves);
        let text = |i: &Info| {
            let texts: Vec<String> = leaves.iter().map(|l| text::node(i, l)).collect();
            texts.join(" + ")
        };
        let heap = self.mode == Mode::Mini;
        self.spill(k, e.id, pos, text, heap);
        for l in leaves {
            self.expr(Hole::DISCARD, l);
        }
    }

    fn concat_leaves<'e>(&self, e: &'e Expr, out: &mut Vec<&'e Expr>) {
        match &e.kind {
            ExprKind::Binary {
                op: BinaryOp::Add,
                x,
                y,
                ..
            } if !self.is_constant(e) => {
                self.concat_leaves(x, out);
                self.concat_leaves(y, out);
            }
            _ => out.push(e),
        }
    }

    /// Whether values of `t` are a single pointer word (stored in an interface directly).
    pub fn pointer_shaped(&self, t: TypeId) -> bool {
        match self.info.types.under(t) {
            TypeData::Pointer(_) | TypeData::Map(..) | TypeData::Chan(..) | TypeData::Func(_) => {
                true
            }
            TypeData::Struct(fs) => fs.len() == 1 && self.pointer_shaped(fs[0].typ),
            TypeData::Array(1, e) => self.pointer_shaped(*e),
            _ => false,
        }
    }
}
