//! Expressions: constants, variables, operators, calls, conversions and string operations.

use super::func::FuncBuilder;
use super::layout::{boxed_in_interface, layout_of, wrap_code, Layout};
use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::check::{Builtin, Mode, ObjId, ObjKind};
use crate::constant::Value;
use crate::types::{BasicKind, TypeId};
use mini_bytecode::{natives::native_index, Instr, SlotKind};

impl FuncBuilder<'_, '_> {
    /// The checked type of `e`; untyped constants get their default type.
    pub fn type_of(&self, e: &Expr) -> TypeId {
        if let Some(t) = self.var_type(e) {
            return t;
        }
        let t = self.info_of(e).map_or(crate::types::INVALID, |i| i.typ);
        self.g.info.types.default_type(t)
    }

    /// The type of a variable named by an identifier (used or being declared).
    fn var_type(&self, e: &Expr) -> Option<TypeId> {
        let ExprKind::Ident(_) = &e.kind else {
            return None;
        };
        let obj = self
            .g
            .use_of(e)
            .or_else(|| self.g.info.defs.get(&e.pos()).copied())?;
        self.g.info.var_type(obj)
    }

    pub(crate) fn info_of(&self, e: &Expr) -> Option<&crate::check::ExprInfo> {
        self.g.info.exprs.get(e.id.0 as usize)?.as_ref()
    }

    pub fn const_value(&self, e: &Expr) -> Option<Value> {
        let info = self.info_of(e)?;
        if info.mode == Mode::Constant {
            info.val.as_deref().cloned()
        } else {
            None
        }
    }

    /// Evaluates `e` into fresh registers (or returns a local's own registers, read-only).
    pub fn expr(&mut self, e: &Expr) -> u8 {
        let t = self.type_of(e);
        if let Some(r) = self.register_place(e) {
            return r;
        }
        if let Some(r) = self.call_result_in_place(e.unparen()) {
            return r;
        }
        let Some(layout) = self.g.layout(t, e.pos()) else {
            self.failed = true;
            return 0;
        };
        let r = self.alloc(&layout, e.pos());
        self.expr_to(e, r, t);
        r
    }

    /// Evaluates `e` into the registers at `dst`, as a value of type `target` (which differs
    /// from `e`'s type only for untyped constants and implicit interface conversions).
    pub fn expr_to(&mut self, e: &Expr, dst: u8, target: TypeId) {
        if self.failed {
            return;
        }
        if self.info_of(e).is_some_and(|i| i.mode == Mode::Nil) {
            let size = self.size_of(target);
            self.emit(Instr::LoadNil { a: dst, c: size });
            return;
        }
        if self.g.info.types.is_interface(target)
            && !self.g.info.types.is_interface(self.type_of(e))
        {
            self.convert_to_interface(e, dst);
            return;
        }
        if let Some(v) = self.const_value(e) {
            self.load_const(&v, dst, target, e);
            return;
        }
        if self.by_pointer(target) && !self.yields_private_box(e) {
            self.private_box_to(e, dst, target);
            return;
        }
        match &e.kind {
            ExprKind::Paren(x) => self.expr_to(x, dst, target),
            ExprKind::Ident(_) => self.ident_to(e, dst),
            ExprKind::Binary { op, x, y, .. } => self.binary(*op, x, y, dst, e, target),
            ExprKind::Unary {
                op: UnaryOp::Addr,
                x,
            } => self.address_of(x, dst, e),
            ExprKind::Unary {
                op: UnaryOp::Star, ..
            } => self.selector_to(e, dst),
            ExprKind::Unary {
                op: UnaryOp::Recv,
                x,
            } => self.recv_to(x, dst, false, e.pos()),
            ExprKind::Unary { op, x } => self.unary(*op, x, dst, e, target),
            ExprKind::Call { .. } => self.call_to(e, Some(dst)),
            ExprKind::Index { .. } if self.instance_use(e).is_some() => {
                if let Some(obj) = self.instance_use(e) {
                    self.func_value(obj, dst, e);
                }
            }
            ExprKind::Index { x, indices, .. } if self.is_map(self.type_of(x)) => {
                self.map_index(x, &indices[0], dst, e)
            }
            ExprKind::Index { x, indices, .. } if self.is_slice(self.type_of(x)) => {
                self.slice_index(x, &indices[0], dst)
            }
            ExprKind::Index { x, .. } if self.indexes_array(x) => {
                if !self.array_index_to(e, dst) {
                    self.unsupported(e.pos(), "indexing this array");
                }
            }
            ExprKind::Index { x, indices, .. } => self.index_to(x, indices, dst, e),
            ExprKind::Slice { x, lo, hi, max, .. } if self.is_slice(self.type_of(x)) => {
                self.slice_slice(x, [lo.as_deref(), hi.as_deref(), max.as_deref()], dst, e)
            }
            ExprKind::Slice { x, lo, hi, max, .. } if self.indexes_array(x) => {
                self.array_slice(x, [lo.as_deref(), hi.as_deref(), max.as_deref()], dst, e)
            }
            ExprKind::Slice { x, lo, hi, max, .. } => {
                if max.is_some() || !self.g.info.types.is_string(self.type_of(x)) {
                    self.unsupported(e.pos(), "slicing arrays");
                    return;
                }
                self.string_slice(x, lo.as_deref(), hi.as_deref(), dst, e);
            }
            ExprKind::CompositeLit { elems, .. } => self.composite_of(target, elems, dst, e),
            ExprKind::Selector { .. } => self.selector_to(e, dst),
            ExprKind::FuncLit { sig, body } => self.func_literal(sig, body, dst, e),
            ExprKind::TypeAssert {
                x, typ: Some(_), ..
            } => {
                let t = self.type_of(e);
                self.type_assert_to(x, t, dst, e)
            }
            _ => self.unsupported(e.pos(), "this kind of expression"),
        }
    }

    /// The function instance `F[int]` stands for.
    fn instance_use(&self, e: &Expr) -> Option<ObjId> {
        let obj = self.g.use_of(e)?;
        matches!(
            self.g.info.objects[obj.0 as usize].kind,
            ObjKind::Func { .. }
        )
        .then_some(obj)
    }

    /// Reads a field (`x.f`) or a pointee (`*p`) through its place; makes a method value.
    fn selector_to(&mut self, e: &Expr, dst: u8) {
        if self.method_value_to(e, dst) {
            return;
        }
        if let Some(obj) = self.g.use_of(e) {
            if let ObjKind::Func { .. } = self.g.info.objects[obj.0 as usize].kind {
                self.func_value(obj, dst, e);
                return;
            }
        }
        let t = self.type_of(e);
        let size = self.size_of(t);
        match self.place(e) {
            Some(p) => {
                self.at(e.pos());
                self.read_place(p, dst, size);
            }
            None => self.unsupported(e.pos(), "this selector"),
        }
    }

    /// Loads constant `v` as a value of type `t`.
    fn load_const(&mut self, v: &Value, dst: u8, t: TypeId, e: &Expr) {
        let types = &self.g.info.types;
        if types.is_string(t) {
            let bytes = v.as_bytes().unwrap_or_default().to_vec();
            let k = self.string_const(bytes);
            self.emit(Instr::LoadStr { a: dst, k });
            return;
        }
        let bits = if types.is_boolean(t) {
            u64::from(v.as_bool().unwrap_or(false))
        } else if types.basic_kind(t) == Some(BasicKind::Float32) {
            f64::from(v.as_f32().unwrap_or(0.0)).to_bits()
        } else if types.is_float(t) {
            v.as_f64().unwrap_or(0.0).to_bits()
        } else if types.is_unsigned(t) {
            v.as_u64().unwrap_or(0)
        } else if types.is_integer(t) {
            v.as_i64().unwrap_or(0) as u64
        } else {
            self.unsupported(e.pos(), "constants of this type");
            return;
        };
        self.load_bits(dst, bits);
    }

    pub fn load_bits(&mut self, dst: u8, bits: u64) {
        match i16::try_from(bits as i64) {
            Ok(k) => {
                self.emit(Instr::LoadInt { a: dst, k });
            }
            Err(_) => {
                let k = self.g.program.consts.len() as u16;
                self.g.program.consts.push(bits);
                self.emit(Instr::LoadConst { a: dst, k });
            }
        }
    }

    pub(crate) fn string_const(&mut self, bytes: Vec<u8>) -> u16 {
        if let Some(i) = self.g.program.strings.iter().position(|s| *s == bytes) {
            return i as u16;
        }
        self.g.program.strings.push(bytes);
        (self.g.program.strings.len() - 1) as u16
    }

    fn ident_to(&mut self, e: &Expr, dst: u8) {
        let obj = self
            .g
            .use_of(e)
            .or_else(|| self.g.info.defs.get(&e.pos()).copied());
        let Some(obj) = obj else {
            self.unsupported(e.pos(), "this identifier");
            return;
        };
        let t = self.type_of(e);
        let size = layout_of(&self.g.info.types, t).map_or(1, |l| l.size());
        if let Some(p) = self.variable_place(obj) {
            self.read_place(p, dst, size);
            return;
        }
        match self.g.info.objects[obj.0 as usize].kind {
            ObjKind::Func { .. } => self.func_value(obj, dst, e),
            _ => self.unsupported(e.pos(), "this identifier"),
        }
    }

    /// A declared function as a value; a native one is called through a small thunk.
    fn func_value(&mut self, obj: crate::check::ObjId, dst: u8, e: &Expr) {
        let ObjKind::Func { sig, native, .. } = self.g.info.objects[obj.0 as usize].kind else {
            return;
        };
        let f = if native {
            self.native_thunk_of(obj, sig, e)
        } else {
            self.g.func_index(obj)
        };
        match f {
            Some(f) => {
                self.emit(Instr::MakeFunc {
                    a: dst,
                    f: f as u16,
                });
            }
            None => self.unsupported(e.pos(), "this function value"),
        }
    }

    /// The thunk calling native function `obj` with its parameters as its own.
    fn native_thunk_of(&mut self, obj: crate::check::ObjId, sig: TypeId, e: &Expr) -> Option<u32> {
        let s = self.g.info.types.signature(sig).cloned()?;
        let callee = self.native_callee(obj, &s, &[]);
        let n = self.g.native_index(obj, &callee.name)?;
        let mut kinds = Vec::new();
        for (_, pt) in s.params.iter() {
            kinds.extend(self.g.layout(*pt, e.pos())?.kinds);
        }
        let results: u32 = s.results.iter().map(|r| self.size_of(r.1) as u32).sum();
        Some(self.g.native_thunk(n, &kinds, results))
    }

    /// The result types of a call returning several values.
    pub(crate) fn tuple_types(&self, e: &Expr) -> Option<Vec<TypeId>> {
        let t = self.info_of(e)?.typ;
        match self.g.info.types.get(t) {
            crate::types::TypeData::Tuple(ts) => Some(ts.clone()),
            _ => None,
        }
    }

    /// `fmt.Println(f())`: the call's results become the `...any` slice.
    fn spread_call_as_any(&mut self, call: &Expr, results: &[TypeId], e: &Expr) -> Option<u8> {
        let mut kinds = Vec::new();
        for t in results {
            kinds.extend(self.g.layout(*t, e.pos())?.kinds);
        }
        let block = self.alloc(&Layout::from(kinds), e.pos());
        self.call_to(call, Some(block));
        let mut iface_kinds = Vec::new();
        for _ in results {
            iface_kinds.extend([SlotKind::IfaceType, SlotKind::IfaceData]);
        }
        let first = self.alloc(&Layout::from(iface_kinds), e.pos());
        let mut at = block;
        for (i, t) in results.iter().enumerate() {
            let rt = self.g.runtime_type(*t, e.pos())?;
            let dst = first + 2 * i as u8;
            self.emit_to_iface(dst, at, *t, rt);
            at += self.size_of(*t);
        }
        let base = self.alloc(&Layout::of(&super::layout::SLICE), e.pos());
        self.emit(Instr::NewSlice {
            a: base,
            b: first,
            c: results.len() as u8,
        });
        Some(base)
    }

    /// Converts a concrete value to an interface at `dst` (two slots).
    fn convert_to_interface(&mut self, e: &Expr, dst: u8) {
        let t = self.type_of(e);
        let Some(rt) = self.g.runtime_type(t, e.pos()) else {
            self.unsupported(e.pos(), "this type in an interface");
            return;
        };
        let saved = self.top;
        let r = self.expr(e);
        self.emit_to_iface(dst, r, t, rt);
        self.top = saved;
    }

    /// Makes the interface at `dst` hold the value of type `t` (runtime type `rt`) at `r..`:
    /// boxed when it takes several slots, a zero data word when it takes none.
    pub(crate) fn emit_to_iface(&mut self, dst: u8, r: u8, t: TypeId, rt: u8) {
        if self.by_pointer(t) {
            self.emit(Instr::ToIfacePtr {
                a: dst,
                b: r,
                t: rt,
            });
            return;
        }
        if boxed_in_interface(&self.g.info.types, t) {
            self.emit(Instr::ToIfaceBoxed {
                a: dst,
                b: r,
                t: rt,
            });
            return;
        }
        let b = if self.size_of(t) == 0 {
            self.emit(Instr::LoadNil { a: dst + 1, c: 1 });
            dst + 1
        } else {
            r
        };
        self.emit(Instr::ToIface { a: dst, b, t: rt });
    }

    pub(crate) fn binary(
        &mut self,
        op: BinaryOp,
        x: &Expr,
        y: &Expr,
        dst: u8,
        e: &Expr,
        target: TypeId,
    ) {
        if matches!(op, BinaryOp::LogAnd | BinaryOp::LogOr) {
            self.logical(op, x, y, dst);
            return;
        }
        let xt = self
            .untyped_shift_type(e, target)
            .filter(|_| !op.is_comparison())
            .unwrap_or_else(|| self.operand_type(x, y));
        if op.is_comparison() && (self.is_nil(x) || self.is_nil(y)) {
            self.compare_with_nil(op, x, y, xt, dst);
            return;
        }
        let types = &self.g.info.types;
        if types.is_interface(self.type_of(x)) || types.is_interface(self.type_of(y)) {
            self.iface_compare(op, x, y, dst);
            return;
        }
        if !op.is_comparison() && self.binary_imm(op, x, y, dst, xt) {
            return;
        }
        let xr = self.operand(x, xt);
        let yt = if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
            self.type_of(y)
        } else {
            xt
        };
        let yr = self.operand(y, yt);
        self.binary_regs(op, xt, yt, xr, yr, dst, e);
    }

    /// Emits `dst = xr op yr` for operands of types `xt` and `yt` already in registers.
    #[allow(clippy::too_many_arguments)]
    pub fn binary_regs(
        &mut self,
        op: BinaryOp,
        xt: TypeId,
        yt: TypeId,
        xr: u8,
        yr: u8,
        dst: u8,
        e: &Expr,
    ) {
        if op.is_comparison() && self.by_pointer(xt) {
            self.compare_by_pointer(op == BinaryOp::Ne, xt, xr, yr, dst, e);
            return;
        }
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) && self.is_composite_comparison(xt) {
            self.compare_values(xt, xr, yr, dst, op == BinaryOp::Ne, e);
            return;
        }
        let types = &self.g.info.types;
        if types.is_string(xt) {
            self.string_binary(op, xr, yr, dst, e);
            return;
        }
        if types.is_interface(xt) {
            self.iface_compare_regs(op, xr, yr, dst);
            return;
        }
        if op.is_comparison() && self.size_of(xt) > 1 {
            self.compare_multi(op, xt, xr, yr, dst, e);
            return;
        }
        if op.is_comparison() {
            self.compare(op, xt, xr, yr, dst);
            return;
        }
        if types.is_float(xt) {
            let ins = match op {
                BinaryOp::Add => Instr::AddFloat {
                    a: dst,
                    b: xr,
                    c: yr,
                },
                BinaryOp::Sub => Instr::SubFloat {
                    a: dst,
                    b: xr,
                    c: yr,
                },
                BinaryOp::Mul => Instr::MulFloat {
                    a: dst,
                    b: xr,
                    c: yr,
                },
                BinaryOp::Div => Instr::DivFloat {
                    a: dst,
                    b: xr,
                    c: yr,
                },
                _ => return self.unsupported(e.pos(), "this float operator"),
            };
            self.emit(ins);
            self.round_f32(dst, xt);
            return;
        }
        self.int_binary(op, xt, yt, xr, yr, dst);
    }

    /// An arithmetic expression that is still untyped without being constant holds a
    /// non-constant shift of an untyped constant (`255 << v`): Go evaluates it at the type
    /// the context gives it (`var u uint8 = 255 << v` is 254), which is `target`.
    fn untyped_shift_type(&self, e: &Expr, target: TypeId) -> Option<TypeId> {
        let types = &self.g.info.types;
        let typ = self.info_of(e)?.typ;
        let untyped = types.is_untyped(typ) && types.is_integer(typ);
        (untyped && types.is_integer(target)).then_some(target)
    }

    /// The type both operands of a binary operation are evaluated at.
    pub(crate) fn operand_type(&self, x: &Expr, y: &Expr) -> TypeId {
        let types = &self.g.info.types;
        let raw = self.info_of(x).map_or(crate::types::INVALID, |i| i.typ);
        if !types.is_untyped(raw) {
            return raw;
        }
        let other = self.info_of(y).map_or(crate::types::INVALID, |i| i.typ);
        if types.is_untyped(other) {
            types.default_type(raw)
        } else {
            other
        }
    }

    /// Evaluates an operand at type `t` (constants are encoded for `t`).
    pub(crate) fn operand(&mut self, e: &Expr, t: TypeId) -> u8 {
        if self.const_value(e).is_some() || self.type_of(e) != t {
            let Some(layout) = self.g.layout(t, e.pos()) else {
                self.failed = true;
                return 0;
            };
            let r = self.alloc(&layout, e.pos());
            self.expr_to(e, r, t);
            return r;
        }
        self.expr(e)
    }

    fn int_binary(&mut self, op: BinaryOp, xt: TypeId, yt: TypeId, xr: u8, yr: u8, dst: u8) {
        let types = &self.g.info.types;
        let unsigned = types.is_unsigned(xt);
        let (a, b, c) = (dst, xr, yr);
        if matches!(op, BinaryOp::Shl | BinaryOp::Shr) && !types.is_unsigned(yt) {
            self.emit(Instr::CheckShift { a: yr });
        }
        let ins = match op {
            BinaryOp::Add => Instr::AddInt { a, b, c },
            BinaryOp::Sub => Instr::SubInt { a, b, c },
            BinaryOp::Mul => Instr::MulInt { a, b, c },
            BinaryOp::Div if unsigned => Instr::DivUint { a, b, c },
            BinaryOp::Div => Instr::DivInt { a, b, c },
            BinaryOp::Rem if unsigned => Instr::RemUint { a, b, c },
            BinaryOp::Rem => Instr::RemInt { a, b, c },
            BinaryOp::And => Instr::And { a, b, c },
            BinaryOp::Or => Instr::Or { a, b, c },
            BinaryOp::Xor => Instr::Xor { a, b, c },
            BinaryOp::AndNot => Instr::AndNot { a, b, c },
            BinaryOp::Shl => Instr::Shl { a, b, c },
            BinaryOp::Shr if unsigned => Instr::ShrUint { a, b, c },
            BinaryOp::Shr => Instr::ShrInt { a, b, c },
            _ => Instr::Nop,
        };
        self.emit(ins);
        self.wrap(dst, xt);
    }

    /// Truncates a sized integer result to its type.
    pub fn wrap(&mut self, r: u8, t: TypeId) {
        if let Some(c) = wrap_code(&self.g.info.types, t) {
            self.emit(Instr::Wrap { a: r, b: r, c });
        }
    }

    pub(crate) fn round_f32(&mut self, r: u8, t: TypeId) {
        if self.g.info.types.basic_kind(t) == Some(BasicKind::Float32) {
            self.emit(Instr::RoundF32 { a: r, b: r });
        }
    }

    fn compare(&mut self, op: BinaryOp, t: TypeId, xr: u8, yr: u8, dst: u8) {
        let types = &self.g.info.types;
        let float = types.is_float(t);
        let unsigned = types.is_unsigned(t);
        let (a, b, c) = (dst, xr, yr);
        let ins = match (op, float, unsigned) {
            (BinaryOp::Eq, true, _) => Instr::EqFloat { a, b, c },
            (BinaryOp::Ne, true, _) => Instr::NeFloat { a, b, c },
            (BinaryOp::Lt, true, _) => Instr::LtFloat { a, b, c },
            (BinaryOp::Le, true, _) => Instr::LeFloat { a, b, c },
            (BinaryOp::Gt, true, _) => Instr::LtFloat { a, b: c, c: b },
            (BinaryOp::Ge, true, _) => Instr::LeFloat { a, b: c, c: b },
            (BinaryOp::Eq, _, _) => Instr::EqInt { a, b, c },
            (BinaryOp::Ne, _, _) => Instr::NeInt { a, b, c },
            (BinaryOp::Lt, _, true) => Instr::LtUint { a, b, c },
            (BinaryOp::Le, _, true) => Instr::LeUint { a, b, c },
            (BinaryOp::Gt, _, true) => Instr::LtUint { a, b: c, c: b },
            (BinaryOp::Ge, _, true) => Instr::LeUint { a, b: c, c: b },
            (BinaryOp::Lt, _, _) => Instr::LtInt { a, b, c },
            (BinaryOp::Le, _, _) => Instr::LeInt { a, b, c },
            (BinaryOp::Gt, _, _) => Instr::LtInt { a, b: c, c: b },
            (BinaryOp::Ge, _, _) => Instr::LeInt { a, b: c, c: b },
            _ => Instr::Nop,
        };
        self.emit(ins);
    }

    fn is_nil(&self, e: &Expr) -> bool {
        self.info_of(e).is_some_and(|i| i.mode == Mode::Nil)
    }

    /// `v == nil`, `v != nil`: a slice, map, pointer, function or interface is nil exactly
    /// when its first word is zero.
    fn compare_with_nil(&mut self, op: BinaryOp, x: &Expr, y: &Expr, t: TypeId, dst: u8) {
        let v = if self.is_nil(x) { y } else { x };
        let vt = if self.is_nil(x) { self.type_of(y) } else { t };
        let r = self.operand(v, vt);
        let zero = self.scalar(v.pos());
        self.emit(Instr::LoadInt { a: zero, k: 0 });
        let ins = if op == BinaryOp::Eq {
            Instr::EqInt {
                a: dst,
                b: r,
                c: zero,
            }
        } else {
            Instr::NeInt {
                a: dst,
                b: r,
                c: zero,
            }
        };
        self.emit(ins);
    }

    /// `min(a, b, ...)` / `max(...)`: Go's rules, including NaN and signed zeros for floats.
    fn min_max(&mut self, is_min: bool, args: &[Expr], dst: u8, e: &Expr) {
        let t = self.type_of(e);
        let types = &self.g.info.types;
        if types.is_string(t) {
            self.unsupported(e.pos(), "min and max of strings");
            return;
        }
        let float = types.is_float(t);
        self.expr_to(&args[0], dst, t);
        let Some(layout) = self.g.layout(t, e.pos()) else {
            return;
        };
        let other = self.alloc(&layout, e.pos());
        let c = self.scalar(e.pos());
        for arg in &args[1..] {
            self.expr_to(arg, other, t);
            if float {
                let ins = if is_min {
                    Instr::MinFloat {
                        a: dst,
                        b: dst,
                        c: other,
                    }
                } else {
                    Instr::MaxFloat {
                        a: dst,
                        b: dst,
                        c: other,
                    }
                };
                self.emit(ins);
                continue;
            }
            let op = if is_min { BinaryOp::Lt } else { BinaryOp::Gt };
            self.compare(op, t, other, dst, c);
            let skip = self.jump_placeholder(Instr::JumpIfNot { a: c, s: 0 });
            self.mov(dst, other, 1);
            self.patch_here(skip);
        }
    }

    /// `==`/`!=` on pointers: both words must match.
    fn compare_multi(&mut self, op: BinaryOp, t: TypeId, xr: u8, yr: u8, dst: u8, e: &Expr) {
        if self.pointer_elem(t).is_none() || !matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            self.unsupported(e.pos(), "comparing values of this type");
            return;
        }
        let tmp = self.scalar(e.pos());
        self.emit(Instr::EqInt {
            a: dst,
            b: xr,
            c: yr,
        });
        self.emit(Instr::EqInt {
            a: tmp,
            b: xr + 1,
            c: yr + 1,
        });
        self.emit(Instr::And {
            a: dst,
            b: dst,
            c: tmp,
        });
        if op == BinaryOp::Ne {
            self.emit(Instr::Not { a: dst, b: dst });
        }
    }

    fn string_binary(&mut self, op: BinaryOp, xr: u8, yr: u8, dst: u8, e: &Expr) {
        if op == BinaryOp::Add {
            self.emit(Instr::Concat {
                a: dst,
                b: xr,
                c: yr,
            });
            return;
        }
        if !op.is_comparison() {
            self.unsupported(e.pos(), "this string operator");
            return;
        }
        let cmp = self.scalar(e.pos());
        self.emit(Instr::CmpStr {
            a: cmp,
            b: xr,
            c: yr,
        });
        let zero = self.scalar(e.pos());
        self.emit(Instr::LoadInt { a: zero, k: 0 });
        self.compare(op, self.g.info.types.basic(BasicKind::Int), cmp, zero, dst);
    }

    /// `x && y`, `x || y` with short-circuit evaluation.
    fn logical(&mut self, op: BinaryOp, x: &Expr, y: &Expr, dst: u8) {
        let b = self.g.info.types.basic(BasicKind::Bool);
        self.expr_to(x, dst, b);
        let skip = if op == BinaryOp::LogAnd {
            self.jump_placeholder(Instr::JumpIfNot { a: dst, s: 0 })
        } else {
            self.jump_placeholder(Instr::JumpIf { a: dst, s: 0 })
        };
        self.expr_to(y, dst, b);
        self.patch_here(skip);
    }

    fn unary(&mut self, op: UnaryOp, x: &Expr, dst: u8, e: &Expr, target: TypeId) {
        let t = self
            .untyped_shift_type(e, target)
            .unwrap_or_else(|| self.type_of(e));
        let xr = self.operand(x, t);
        let types = &self.g.info.types;
        match op {
            UnaryOp::Pos => self.mov(dst, xr, 1),
            UnaryOp::Neg if types.is_float(t) => {
                self.emit(Instr::NegFloat { a: dst, b: xr });
            }
            UnaryOp::Neg => {
                self.emit(Instr::NegInt { a: dst, b: xr });
                self.wrap(dst, t);
            }
            UnaryOp::Not => {
                self.emit(Instr::Not { a: dst, b: xr });
            }
            UnaryOp::Xor => {
                self.emit(Instr::BitNot { a: dst, b: xr });
                self.wrap(dst, t);
            }
            _ => self.unsupported(e.pos(), "pointers, channels and addresses"),
        }
    }

    fn index_to(&mut self, x: &Expr, indices: &[Expr], dst: u8, e: &Expr) {
        let xt = self.type_of(x);
        if !self.g.info.types.is_string(xt) || indices.len() != 1 {
            self.unsupported(e.pos(), "indexing anything but strings");
            return;
        }
        let s = self.expr(x);
        let int = self.g.info.types.basic(BasicKind::Int);
        let i = self.operand(&indices[0], int);
        self.emit(Instr::StrIndex { a: dst, b: s, c: i });
    }

    fn string_slice(&mut self, x: &Expr, lo: Option<&Expr>, hi: Option<&Expr>, dst: u8, e: &Expr) {
        let s = self.expr(x);
        let bounds = self.alloc(&Layout::of(&[mini_bytecode::SlotKind::Scalar; 2]), e.pos());
        self.slice_bounds(&[lo, hi], bounds);
        self.emit(Instr::StrSlice {
            a: dst,
            b: s,
            c: bounds,
        });
    }

    /// A call expression whose results go to `dst..` (or are dropped when `dst` is `None`).
    pub fn call_to(&mut self, e: &Expr, dst: Option<u8>) {
        let ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } = &e.kind
        else {
            return;
        };
        let finfo = self.info_of(fun).map(|i| (i.mode, i.typ));
        match (finfo, dst) {
            (Some((Mode::TypeExpr, t)), Some(d)) => self.conversion(t, &args[0], d, e),
            (Some((Mode::TypeExpr, _)), None) => {}
            (Some((Mode::Builtin(b), _)), _) => self.builtin(b, args, dst, e),
            _ => self.func_call(fun, args, ellipsis.is_some(), dst, e),
        }
    }

    /// A call of a declared or native function. Arguments are evaluated into one block of
    /// registers, where the callee's frame begins; results come back there, are copied to
    /// `dst`, and the block is cleared so no register holds a value of another kind than
    /// the one the collector expects.
    fn func_call(&mut self, fun: &Expr, args: &[Expr], spread: bool, dst: Option<u8>, e: &Expr) {
        if let ExprKind::Selector { x, .. } = &fun.unparen().kind {
            if self.is_method_selection(fun.unparen(), x) {
                self.method_call(fun.unparen(), x, args, spread, dst, e);
                return;
            }
        }
        let declared =
            self.g
                .use_of(fun)
                .and_then(|obj| match self.g.info.objects[obj.0 as usize].kind {
                    ObjKind::Func { sig, native, .. } => Some((obj, sig, native)),
                    _ => None,
                });
        let Some((obj, sig, native)) = declared else {
            self.call_value(fun, args, spread, dst, e);
            return;
        };
        let Some(s) = self.g.info.types.signature(sig).cloned() else {
            return;
        };
        if let (true, Some(d)) = (native && !spread, dst) {
            if self.intrinsic(obj, args, d) {
                return;
            }
        }
        if !native && !spread && self.can_inline(obj, args) {
            self.inline_call(obj, None, args, dst, e);
            return;
        }
        let result_size: u8 = s.results.iter().map(|r| self.size_of(r.1)).sum();
        let call = if native || self.prints_to_stream(obj, args) {
            self.native_call(obj, &s, args, spread, e)
        } else {
            let Some(f) = self.g.func_index(obj) else {
                self.unsupported(e.pos(), "this function");
                return;
            };
            let Some((base, offsets)) = self.call_block(&[], &s, result_size, e.pos()) else {
                return;
            };
            self.args_into(&s, args, spread, base, &offsets, e);
            self.at(e.pos());
            self.emit(Instr::Call {
                a: base,
                f: f as u16,
            });
            Some(base)
        };
        let Some(base) = call else { return };
        self.finish_call(base, &s.results, dst);
    }

    /// A direct call of a function of one number result, whose result can stay where it
    /// comes back (the first register of its block, a number register): the register, or
    /// `None` with nothing emitted.
    fn call_result_in_place(&mut self, e: &Expr) -> Option<u8> {
        let ExprKind::Call {
            fun,
            args,
            ellipsis: None,
            ..
        } = &e.kind
        else {
            return None;
        };
        if !matches!(fun.unparen().kind, ExprKind::Ident(_)) {
            return None;
        }
        let obj = self.g.use_of(fun)?;
        let ObjKind::Func {
            sig, native: false, ..
        } = self.g.info.objects[obj.0 as usize].kind
        else {
            return None;
        };
        let s = self.g.info.types.signature(sig)?.clone();
        if s.results.len() != 1 || !self.scalar_results(&s.results) || self.can_inline(obj, args) {
            return None;
        }
        let result_size = self.size_of(s.results[0].1);
        let top = self.top;
        let (base, offsets) = self.call_block(&[], &s, result_size, e.pos())?;
        if !self.scalar_registers(base, result_size) {
            self.top = top;
            return None;
        }
        let f = self.g.func_index(obj)?;
        self.args_into(&s, args, false, base, &offsets, e);
        self.at(e.pos());
        self.emit(Instr::Call {
            a: base,
            f: f as u16,
        });
        Some(base)
    }

    /// A call through a function value: the value, then the arguments, in one block; the
    /// results come back just after the value.
    fn call_value(&mut self, fun: &Expr, args: &[Expr], spread: bool, dst: Option<u8>, e: &Expr) {
        let ft = self.type_of(fun);
        let Some(s) = self.g.info.types.signature(ft).cloned() else {
            self.unsupported(e.pos(), "this call");
            return;
        };
        let result_size: u8 = s.results.iter().map(|r| self.size_of(r.1)).sum();
        let head = [SlotKind::Ref];
        let Some((base, offsets)) = self.call_block(&head, &s, 1 + result_size, e.pos()) else {
            return;
        };
        self.expr_to(fun, base, ft);
        self.args_into(&s, args, spread, base, &offsets, e);
        self.at(e.pos());
        self.emit(Instr::CallFunc { a: base });
        if let Some(d) = dst {
            self.mov(d, base + 1, result_size);
        }
        let block = (self.top as u8).saturating_sub(base);
        self.emit(Instr::LoadNil { a: base, c: block });
    }

    /// `func(...) {...}`: compiles the literal and makes a function value capturing the
    /// variables it uses from enclosing functions (they live in boxes).
    fn func_literal(
        &mut self,
        sig: &crate::ast::FuncType,
        body: &crate::ast::Block,
        dst: u8,
        e: &Expr,
    ) {
        let captures = super::places::free_variables(self.g.info, e);
        self.literals += 1;
        let name = format!("{}.func{}", self.name, self.literals);
        let index = self.g.program.funcs.len() as u16;
        self.g
            .program
            .funcs
            .push(mini_bytecode::FuncProto::default());
        let Some(proto) = super::func::compile_literal(&mut *self.g, name, sig, body, &captures)
        else {
            self.failed = true;
            return;
        };
        self.g.program.funcs[index as usize] = proto;
        if let Some(r) = self.frame_site(e) {
            self.frame_closure(index, &captures, r, dst, e);
            return;
        }
        self.emit(Instr::MakeFunc { a: dst, f: index });
        for (i, obj) in captures.iter().enumerate() {
            let Some(p) = self.capture_pointer(*obj, e.pos()) else {
                self.unsupported(e.pos(), "capturing this variable");
                return;
            };
            self.emit(Instr::SetCapture {
                a: dst,
                b: p,
                c: i as u8,
            });
        }
    }

    /// A closure escape analysis keeps in the frame, at registers `r`: the function's index,
    /// then each capture's box pointer (as `MakeFunc` and `SetCapture` lay out a heap one).
    fn frame_closure(&mut self, index: u16, captures: &[ObjId], r: u8, dst: u8, e: &Expr) {
        self.load_bits(r, index as u64);
        for (i, obj) in captures.iter().enumerate() {
            let Some(p) = self.capture_pointer(*obj, e.pos()) else {
                self.unsupported(e.pos(), "capturing this variable");
                return;
            };
            self.mov(r + 1 + 2 * i as u8, p, 2);
        }
        self.emit(Instr::FrameFunc { a: dst, b: r });
    }

    /// The pointer a closure captures for `obj`: its box, or, for a variable captured by
    /// value (in registers, never reassigned after the capture), a new box holding a copy.
    pub(crate) fn capture_pointer(&mut self, obj: ObjId, pos: u32) -> Option<u8> {
        if let Some(&p) = self.boxed.get(&obj) {
            return Some(p);
        }
        let r = *self.locals.get(&obj)?;
        let ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind else {
            return None;
        };
        let p = self.pointer_regs(pos);
        if !self.new_box(typ, p, pos) {
            return None;
        }
        let size = self.size_of(typ);
        self.emit(Instr::Store {
            a: r,
            b: p,
            c: size,
        });
        Some(p)
    }

    /// Copies a call's results out of its argument block and clears the block.
    pub(crate) fn finish_call(&mut self, base: u8, results: &[(String, TypeId)], dst: Option<u8>) {
        let result_size: u8 = results.iter().map(|r| self.size_of(r.1)).sum();
        let direct = matches!(self.code.last(), Some(Instr::Call { a, .. }) if *a == base);
        if let Some(d) = dst {
            self.mov(d, base, result_size);
        }
        if direct && self.scalar_results(results) && self.scalar_registers(base, result_size) {
            // The callee's `Return` zeroed its frame above the results and entering it
            // zeroed the rest of the block: only the results are left, numbers in registers
            // meant for numbers.
            return;
        }
        let block = (self.top as u8).saturating_sub(base).max(result_size);
        if block > 0 {
            self.emit(Instr::LoadNil { a: base, c: block });
        }
    }

    /// Whether results of these types are all numbers (no references to keep alive).
    fn scalar_results(&self, results: &[(String, TypeId)]) -> bool {
        results.iter().all(|r| {
            layout_of(&self.g.info.types, r.1)
                .is_some_and(|l| l.kinds.iter().all(|k| *k == SlotKind::Scalar))
        })
    }

    /// Whether registers `r..r+n` are all scalar registers.
    fn scalar_registers(&self, r: u8, n: u8) -> bool {
        (r as usize..r as usize + n as usize).all(|i| self.kinds.get(i) == Some(&SlotKind::Scalar))
    }

    /// Evaluates arguments into one block of registers at the parameter types; returns the
    /// block's first register.
    fn push_args(
        &mut self,
        s: &crate::types::Signature,
        args: &[Expr],
        spread: bool,
        e: &Expr,
    ) -> Option<u8> {
        let (base, offsets) = self.call_block(&[], s, 0, e.pos())?;
        self.args_into(s, args, spread, base, &offsets, e);
        Some(base)
    }

    /// Evaluates a native call's arguments into their block; returns it and its kinds.
    pub fn native_args_block(
        &mut self,
        s: &crate::types::Signature,
        args: &[Expr],
        spread: bool,
        e: &Expr,
    ) -> Option<(u8, Vec<SlotKind>)> {
        let base = if s.variadic && !spread {
            self.variadic_any_args(s, args, e)?
        } else {
            self.push_args(s, args, spread, e)?
        };

        let mut kinds = Vec::new();
        for (i, (_, pt)) in s.params.iter().enumerate() {
            if s.variadic && i + 1 == s.params.len() {
                kinds.extend(super::layout::SLICE);
            } else {
                kinds.extend(self.g.layout(*pt, e.pos())?.kinds);
            }
        }
        Some((base, kinds))
    }

    /// A native function compiled to one instruction (`math.Sqrt`) into `dst`.
    fn intrinsic(&mut self, obj: crate::check::ObjId, args: &[Expr], dst: u8) -> bool {
        let o = &self.g.info.objects[obj.0 as usize];
        if o.pkg.as_deref() != Some("math") || o.name != "Sqrt" || args.len() != 1 {
            return false;
        }
        let float = self.g.info.types.basic(crate::types::BasicKind::Float64);
        let x = self.operand(&args[0], float);
        self.emit(Instr::SqrtFloat { a: dst, b: x });
        true
    }

    fn native_call(
        &mut self,
        obj: crate::check::ObjId,
        s: &crate::types::Signature,
        args: &[Expr],
        spread: bool,
        e: &Expr,
    ) -> Option<u8> {
        let callee = self.native_callee(obj, s, args);
        let Some(n) = self.g.native_index(obj, &callee.name) else {
            self.unsupported(e.pos(), &format!("function {}", callee.name));
            return None;
        };
        let (s, args) = (&callee.sig, callee.args);
        let base = if s.variadic && !spread {
            self.variadic_any_args(s, args, e)?
        } else {
            self.push_args(s, args, spread, e)?
        };
        let results: usize = s.results.iter().map(|r| self.size_of(r.1) as usize).sum();
        self.reserve(base as usize + results);
        self.at(e.pos());
        self.emit(Instr::CallNative { a: base, n });
        Some(base)
    }

    /// `f(fixed..., a, b, c)` for a `...any` parameter: the fixed arguments and a slice built
    /// from the interface values, in one block; returns the block's first register.
    fn variadic_any_args(
        &mut self,
        s: &crate::types::Signature,
        args: &[Expr],
        e: &Expr,
    ) -> Option<u8> {
        let fixed = s.params.len() - 1;
        let any = self.g.info.types.any;
        let iface = self.g.layout(any, e.pos())?;
        if fixed == 0 && args.len() == 1 {
            if let Some(results) = self.tuple_types(&args[0]) {
                return self.spread_call_as_any(&args[0], &results, e);
            }
        }
        let rest = &args[fixed.min(args.len())..];
        if rest.len() > 120 {
            self.unsupported(e.pos(), "more than 120 variadic arguments");
            return None;
        }
        let mut values = Layout::of(&[]);
        for _ in rest {
            values.kinds.extend(iface.kinds.iter().copied());
        }
        let first = self.alloc(&values, e.pos());
        for (i, arg) in rest.iter().enumerate() {
            self.expr_to(arg, first + 2 * i as u8, any);
        }
        let mut kinds = Vec::new();
        let mut offsets = Vec::new();
        for (_, pt) in &s.params[..fixed] {
            let layout = self.g.layout(*pt, e.pos())?;
            offsets.push(kinds.len() as u8);
            kinds.extend(layout.kinds);
        }
        let slice_at = kinds.len() as u8;
        kinds.extend([
            SlotKind::Ref,
            SlotKind::Scalar,
            SlotKind::Scalar,
            SlotKind::Scalar,
        ]);
        let base = self.alloc(&Layout::from(kinds), e.pos());
        for ((arg, (_, pt)), off) in args.iter().zip(&s.params[..fixed]).zip(offsets) {
            self.expr_to(arg, base + off, *pt);
        }
        self.emit(Instr::NewSlice {
            a: base + slice_at,
            b: first,
            c: rest.len() as u8,
        });
        Some(base)
    }

    /// `[]byte(s)`, `[]rune(s)`, `string(bytes)`, `string(runes)`; `None` for other
    /// conversions.
    fn string_slice_conversion(
        &mut self,
        t: TypeId,
        from: TypeId,
        dst: u8,
        arg: &Expr,
        e: &Expr,
    ) -> Option<()> {
        let types = &self.g.info.types;
        let elem_kind = |s: TypeId| match types.under(s) {
            crate::types::TypeData::Slice(el) => types.basic_kind(*el),
            _ => None,
        };
        if types.is_string(from) {
            let kind = elem_kind(t)?;
            let elem = self.elem_of(t)?;
            let k = self.g.array_shape(elem, e.pos())?;
            let s = self.expr(arg);
            let ins = match kind {
                BasicKind::Uint8 => Instr::StrToBytes { a: dst, b: s, k },
                _ => Instr::StrToRunes { a: dst, b: s, k },
            };
            self.at(e.pos());
            self.emit(ins);
            return Some(());
        }
        if types.is_string(t) {
            let kind = elem_kind(from)?;
            let s = self.expr(arg);
            let ins = match kind {
                BasicKind::Uint8 => Instr::BytesToStr { a: dst, b: s },
                _ => Instr::RunesToStr { a: dst, b: s },
            };
            self.emit(ins);
            return Some(());
        }
        None
    }

    fn conversion(&mut self, t: TypeId, arg: &Expr, dst: u8, e: &Expr) {
        if self.is_nil(arg) || self.g.info.types.is_interface(t) {
            self.expr_to(arg, dst, t);
            return;
        }
        let from = self.type_of(arg);
        if self.string_slice_conversion(t, from, dst, arg, e).is_some() {
            return;
        }
        if self.slice_to_array(t, from, arg, dst, e) {
            return;
        }
        if self.same_underlying(t, from) || (self.is_chan(t) && self.is_chan(from)) {
            self.expr_to(arg, dst, from);
            return;
        }
        let types = &self.g.info.types;
        if types.is_string(t) && types.is_integer(from) {
            let r = self.expr(arg);
            self.emit(Instr::RuneToStr { a: dst, b: r });
            return;
        }
        if types.is_string(t) && types.is_string(from) {
            self.expr_to(arg, dst, from);
            return;
        }
        let (fk, tk) = (types.basic_kind(from), types.basic_kind(t));
        let (Some(fk), Some(tk)) = (fk, tk) else {
            self.unsupported(e.pos(), "this conversion");
            return;
        };
        if !(fk.is_numeric() && tk.is_numeric()) {
            if fk == tk || (fk.is_boolean() && tk.is_boolean()) {
                self.expr_to(arg, dst, from);
                return;
            }
            self.unsupported(e.pos(), "this conversion");
            return;
        }
        let r = self.expr(arg);
        match (fk.is_float(), tk.is_float()) {
            (true, true) => self.mov(dst, r, 1),
            (false, true) if fk.is_unsigned() => {
                self.emit(Instr::UintToFloat { a: dst, b: r });
            }
            (false, true) => {
                self.emit(Instr::IntToFloat { a: dst, b: r });
            }
            (true, false) if tk.is_unsigned() => {
                self.emit(Instr::FloatToUint { a: dst, b: r });
            }
            (true, false) => {
                self.emit(Instr::FloatToInt { a: dst, b: r });
            }
            (false, false) => self.mov(dst, r, 1),
        }
        self.wrap(dst, t);
        self.round_f32(dst, t);
    }

    fn builtin(&mut self, b: Builtin, args: &[Expr], dst: Option<u8>, e: &Expr) {
        match (b, dst) {
            (Builtin::Len, Some(d)) if self.g.info.types.is_string(self.type_of(&args[0])) => {
                let s = self.expr(&args[0]);
                self.emit(Instr::StrLen { a: d, b: s });
            }
            (Builtin::Len | Builtin::Cap, Some(d)) if self.array_len(&args[0], d) => {}
            (Builtin::Len | Builtin::Cap, Some(d)) if self.is_slice(self.type_of(&args[0])) => {
                let s = self.expr(&args[0]);
                let off = if b == Builtin::Len { 2 } else { 3 };
                self.emit(Instr::Move { a: d, b: s + off });
            }
            (Builtin::New, Some(d)) => {
                let t = self.type_of(e);
                self.new_value(t, d, e);
            }
            (Builtin::Make, Some(d)) if self.is_chan(self.type_of(e)) => {
                let t = self.type_of(e);
                self.make_chan(t, args, d, e);
            }
            (Builtin::Len | Builtin::Cap, Some(d)) if self.is_chan(self.type_of(&args[0])) => {
                self.chan_len_cap(&args[0], b == Builtin::Cap, d);
            }
            (Builtin::Close, _) => self.chan_close(&args[0], e),
            (Builtin::Make, Some(d)) if self.is_map(self.type_of(e)) => {
                let t = self.type_of(e);
                self.make_map(t, args, d, e);
            }
            (Builtin::Len, Some(d)) if self.is_map(self.type_of(&args[0])) => {
                let m = self.expr(&args[0]);
                self.emit(Instr::MapLen { a: d, b: m });
            }
            (Builtin::Delete, _) => self.map_delete(args, e),
            (Builtin::Clear, _) => {
                let r = self.expr(&args[0]);
                let ins = if self.is_map(self.type_of(&args[0])) {
                    Instr::MapClear { a: r }
                } else {
                    Instr::ClearSlice { a: r }
                };
                self.emit(ins);
            }
            (Builtin::Min | Builtin::Max, Some(d)) => self.min_max(b == Builtin::Min, args, d, e),
            (Builtin::Make, Some(d)) => {
                let t = self.type_of(e);
                self.make_slice(t, args, d, e);
            }
            (Builtin::Append, Some(d)) => {
                let t = self.type_of(e);
                let spread = matches!(
                    e.kind,
                    ExprKind::Call {
                        ellipsis: Some(_),
                        ..
                    }
                );
                if args.len() == 1 {
                    self.expr_to(&args[0], d, t);
                } else {
                    self.append(t, args, spread, d, e);
                }
            }
            (Builtin::Copy, _) => self.copy_slices(args, dst, e),
            (Builtin::Print | Builtin::Println, _) => {
                let name = if b == Builtin::Print {
                    "builtin.print"
                } else {
                    "builtin.println"
                };
                let Some(n) = native_index(name) else { return };
                let sig = crate::types::Signature {
                    params: [(String::new(), self.g.info.types.empty_interface)].into(),
                    results: [].into(),
                    variadic: true,
                };
                let Some(base) = self.variadic_any_args(&sig, args, e) else {
                    return;
                };
                self.at(e.pos());
                self.emit(Instr::CallNative { a: base, n });
                self.finish_call(base, &[], None);
            }
            (Builtin::Recover, Some(d)) => {
                let string = self.g.info.types.basic(BasicKind::String);
                self.g.runtime_type(string, e.pos());
                self.emit(Instr::Recover { a: d });
            }
            (Builtin::Recover, None) => {
                let any = self.g.info.types.any;
                let Some(layout) = self.g.layout(any, e.pos()) else {
                    return;
                };
                let r = self.alloc(&layout, e.pos());
                let string = self.g.info.types.basic(BasicKind::String);
                self.g.runtime_type(string, e.pos());
                self.emit(Instr::Recover { a: r });
            }
            (Builtin::Panic, _) => {
                let any = self.g.info.types.any;
                let Some(layout) = self.g.layout(any, e.pos()) else {
                    return;
                };
                let r = self.alloc(&layout, e.pos());
                self.expr_to(&args[0], r, any);
                self.at(e.pos());
                self.emit(Instr::Panic { a: r });
            }
            _ => self.unsupported(e.pos(), &format!("built-in {}", b.name())),
        }
    }
}
