//! Range over functions (Go 1.23): `for k, v := range seq { body }` calls `seq` with the body
//! compiled as a closure, the `yield` function. The closure shares a state box with the loop:
//! `continue` returns true; `break` and `return` record why the body stopped and return false
//! (the results of a `return` go to boxes of the enclosing function's results, or to its
//! named results); after the call the loop returns from the function if the body did, or
//! takes the branch or `goto` to a label outside the body. A `defer` in the body is pushed
//! for the function's frame. A `yield` call after the body returned false, or after the
//! loop ended, panics as in Go.

use super::func::FuncBuilder;
use super::layout::Layout;
use crate::ast::{Block, Expr, ExprKind, Stmt};
use crate::check::{Info, ObjId};
use crate::types::{BasicKind, TypeData, TypeId};
use mini_bytecode::{FuncProto, Instr, SlotKind};

/// The body is running (or has not started).
const RUNNING: i16 = 0;
/// The body stopped at a `break`.
const BROKE: i16 = 1;
/// The body executed `return` with values, which are in the result boxes.
const RETURNED: i16 = 2;
/// The body executed `return` with the named results set (or no results).
const RETURNED_BARE: i16 = 3;
/// The loop has ended.
const EXITED: i16 = 4;
/// `break L` / `continue L` to the `k`th enclosing label outside the body:
/// `BRANCHED + 2k` (continue) or `BRANCHED + 2k + 1` (break).
const BRANCHED: i16 = 10;
/// `goto` the `k`th label outside the body it jumps to: `GONE_TO + k`.
const GONE_TO: i16 = 1000;

/// The captured state box of a loop body (a sentinel object id for the capture list).
const STATE: ObjId = ObjId(u32::MAX);

/// The captured box holding the index of the function's frame (for its deferred calls).
const FRAME: ObjId = ObjId(u32::MAX - 1000);

/// The capture standing for the box of result `i` of the enclosing function.
fn result_capture(i: usize) -> ObjId {
    ObjId(u32::MAX - 1 - i as u32)
}

/// A loop body being compiled as a `yield` function.
#[derive(Clone)]
pub(crate) struct RangeBody {
    /// The register holding the pointer to this loop's state box.
    pub state: u8,
    /// Registers holding the pointers to the boxes for the function's unnamed results.
    pub results: Vec<u8>,
    /// The loop's label (`break L` and `continue L` leave or continue it).
    pub label: Option<String>,
    /// The enclosing function's result types and named result variables.
    pub outer_results: Vec<TypeId>,
    pub outer_named: Vec<ObjId>,
    /// The labels of the statements enclosing the loop (a branch to one leaves the body).
    pub outer_labels: Vec<String>,
    /// The labels outside the body its `goto`s jump to.
    pub exit_gotos: Vec<String>,
    /// The register holding the pointer to the box with the function's frame index, when
    /// the body defers calls.
    pub frame: Option<u8>,
}

impl FuncBuilder<'_, '_> {
    /// `for k, v := range f { body }` where `f` is an iterator function.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn range_func(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &Block,
        label: Option<&str>,
        pos: u32,
    ) {
        let xt = self.type_of(x);
        let Some(iter_sig) = self.g.info.types.signature(xt).cloned() else {
            return;
        };
        let Some(yields) = self.yield_params(&iter_sig) else {
            return;
        };
        let Some(params) = self.body_params([key, value], define, &yields, pos) else {
            return;
        };
        // The boxes first: the call block above them is cleared after the call.
        let Some(boxes) = self.loop_boxes(body, pos) else {
            return;
        };
        let head = [SlotKind::Ref];
        let Some((base, offsets)) = self.call_block(&head, &iter_sig, 1, pos) else {
            return;
        };
        self.expr_to(x, base, xt);
        let targets: Vec<&Expr> = [key, value]
            .into_iter()
            .flatten()
            .filter(|_| !define)
            .collect();
        let captures = self.body_captures(body, &targets, pos);
        let ctx = RangeBody {
            state: 0,
            results: Vec::new(),
            label: label.map(str::to_string),
            outer_results: self.outer_results(),
            outer_named: self.outer_named(),
            outer_labels: self.visible_labels(),
            exit_gotos: exit_gotos(&body.stmts),
            frame: None,
        };
        let (labels, gotos) = (ctx.outer_labels.clone(), ctx.exit_gotos.clone());
        let dst = base + offsets[0];
        if !self.make_body_closure(&params, body, &captures, &boxes, ctx, dst, pos) {
            return;
        }
        self.at(pos);
        self.emit(Instr::CallFunc { a: base });
        let block = (self.top as u8).saturating_sub(base);
        self.emit(Instr::LoadNil { a: base, c: block });
        let s = self.after_range_call(boxes.state, &boxes.results, pos);
        self.branch_after_body(s, &labels, &gotos, pos);
    }

    /// The closure's parameters for the iteration variables (declared, or assigned to
    /// existing ones of the same type).
    fn body_params(
        &mut self,
        vars: [Option<&Expr>; 2],
        define: bool,
        yields: &[TypeId],
        pos: u32,
    ) -> Option<Vec<Param>> {
        let mut params = Vec::new();
        for (i, &typ) in yields.iter().enumerate() {
            let e = vars[i].filter(|e| !is_blank(e));
            let obj = e
                .filter(|_| define)
                .and_then(|e| self.g.info.defs.get(&e.pos()).copied());
            let target = e.filter(|_| !define).cloned();
            if let Some(t) = &target {
                if !self.g.info.types.identical(self.type_of(t), typ) {
                    self.unsupported(
                        pos,
                        "assigning iteration values to variables of another type",
                    );
                    return None;
                }
            }
            params.push(Param { obj, typ, target });
        }
        Some(params)
    }

    /// The loop's state box, the boxes for the function's results and the frame box (when
    /// the body defers calls).
    fn loop_boxes(&mut self, body: &Block, pos: u32) -> Option<BodyBoxes> {
        let state = self.new_pointer_box(self.g.info.types.basic(BasicKind::Int), pos)?;
        let results = self.result_boxes(pos)?;
        let frame = if super::func::contains_defer(&body.stmts) {
            Some(self.frame_box(pos)?)
        } else {
            None
        };
        Some(BodyBoxes {
            state,
            frame,
            results,
        })
    }

    /// The variables the body closure captures: those it uses from outside, and the
    /// function's named results (a `return` in the body sets them).
    fn body_captures(&self, body: &Block, targets: &[&Expr], pos: u32) -> Vec<ObjId> {
        let mut captures = range_free_variables(self.g.info, body, targets, pos);
        for o in self.outer_named() {
            if !captures.contains(&o) {
                captures.push(o);
            }
        }
        captures
    }

    /// The box holding the function's frame index: the enclosing loop body's, or a new one.
    fn frame_box(&mut self, pos: u32) -> Option<u8> {
        if let Some(rb) = &self.range_body {
            return rb.frame;
        }
        let p = self.new_pointer_box(self.g.info.types.basic(BasicKind::Int), pos)?;
        let r = self.scalar(pos);
        self.emit(Instr::FrameIndex { a: r });
        self.emit(Instr::Store { a: r, b: p, c: 1 });
        Some(p)
    }

    /// Before a deferred call is pushed in a loop body: it belongs to the function's frame.
    pub(crate) fn defer_to_function(&mut self, pos: u32) {
        let Some(frame) = self.range_body.as_ref().and_then(|rb| rb.frame) else {
            return;
        };
        let r = self.scalar(pos);
        self.emit(Instr::Load {
            a: r,
            b: frame,
            c: 1,
        });
        self.emit(Instr::DeferTo { a: r });
    }

    /// `goto L` in a loop body to a label outside it; false when `L` is in the body.
    pub(crate) fn range_goto(&mut self, label: &str, pos: u32) -> bool {
        let Some(rb) = self.range_body.clone() else {
            return false;
        };
        let Some(k) = rb.exit_gotos.iter().position(|l| l == label) else {
            return false;
        };
        self.store_state(rb.state, GONE_TO + k as i16, pos);
        self.return_bool(false, pos);
        true
    }

    /// The labels a branch in a loop body may target outside it.
    fn visible_labels(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .breakables
            .iter()
            .filter_map(|b| b.label.clone())
            .collect();
        if let Some(rb) = &self.range_body {
            out.extend(rb.label.clone());
            out.extend(rb.outer_labels.iter().cloned());
        }
        out
    }

    /// A `break L`, `continue L` or `goto L` in the body to a statement outside the loop:
    /// take it.
    fn branch_after_body(&mut self, s: u8, labels: &[String], gotos: &[String], pos: u32) {
        for (k, l) in labels.iter().enumerate() {
            for is_break in [false, true] {
                let code = BRANCHED + 2 * k as i16 + i16::from(is_break);
                let ident = crate::ast::Ident {
                    name: l.clone(),
                    pos,
                };
                self.when_state(s, code, |b| b.branch(Some(&ident), is_break, pos));
            }
        }
        for (k, l) in gotos.iter().enumerate() {
            self.when_state(s, GONE_TO + k as i16, |b| b.goto(l, pos));
        }
    }

    /// Emits `then` to run when the state in register `s` is `code`.
    fn when_state(&mut self, s: u8, code: i16, then: impl FnOnce(&mut Self)) {
        self.emit(Instr::SkipIfNeImm { a: s, k: code });
        let enter = self.jump_placeholder(Instr::Jump { s: 0 });
        let skip = self.jump_placeholder(Instr::Jump { s: 0 });
        self.patch_here(enter);
        then(self);
        self.patch_here(skip);
    }

    /// The parameter types of the `yield` function an iterator takes.
    fn yield_params(&self, iter_sig: &crate::types::Signature) -> Option<Vec<TypeId>> {
        let y = iter_sig.params.first()?.1;
        let ys = self.g.info.types.signature(y)?;
        Some(ys.params.iter().map(|p| p.1).collect())
    }

    /// A new zeroed heap box for a value of type `t`; the register holding its pointer.
    fn new_pointer_box(&mut self, t: TypeId, pos: u32) -> Option<u8> {
        let p = self.pointer_regs(pos);
        self.locals_end = self.locals_end.max(p as usize + 2);
        self.new_box(t, p, pos).then_some(p)
    }

    /// The boxes a `return` in the body stores the function's (unnamed) results in: the
    /// enclosing loop body's when this loop is itself in one.
    fn result_boxes(&mut self, pos: u32) -> Option<Vec<u8>> {
        if let Some(rb) = &self.range_body {
            return Some(rb.results.clone());
        }
        if !self.named_result_objs.is_empty() {
            return Some(Vec::new());
        }
        let mut out = Vec::new();
        for t in self.results.clone() {
            out.push(self.new_pointer_box(t, pos)?);
        }
        Some(out)
    }

    fn outer_results(&self) -> Vec<TypeId> {
        match &self.range_body {
            Some(rb) => rb.outer_results.clone(),
            None => self.results.clone(),
        }
    }

    fn outer_named(&self) -> Vec<ObjId> {
        match &self.range_body {
            Some(rb) => rb.outer_named.clone(),
            None => self.named_result_objs.clone(),
        }
    }

    /// Compiles the body as a closure and makes it at `dst`, capturing the variables it
    /// uses and the loop's boxes.
    #[allow(clippy::too_many_arguments)]
    fn make_body_closure(
        &mut self,
        params: &[Param],
        body: &Block,
        captures: &[ObjId],
        boxes: &BodyBoxes,
        ctx: RangeBody,
        dst: u8,
        pos: u32,
    ) -> bool {
        self.literals += 1;
        let name = format!("{}-range{}", self.name, self.literals);
        let index = self.g.program.funcs.len() as u16;
        self.g.program.funcs.push(FuncProto::default());
        let shape = BoxShape {
            frame: boxes.frame.is_some(),
            results: boxes.results.len(),
        };
        let proto = compile_range_body(&mut *self.g, name, params, body, captures, shape, ctx);
        let Some(proto) = proto else {
            self.failed = true;
            return false;
        };
        self.g.program.funcs[index as usize] = proto;
        self.emit(Instr::MakeFunc { a: dst, f: index });
        for (i, obj) in captures.iter().enumerate() {
            let Some(p) = self.capture_pointer(*obj, pos) else {
                self.unsupported(pos, "capturing this variable");
                return false;
            };
            self.emit(Instr::SetCapture {
                a: dst,
                b: p,
                c: i as u8,
            });
        }
        let extra = std::iter::once(boxes.state)
            .chain(boxes.frame)
            .chain(boxes.results.iter().copied());
        for (i, p) in extra.enumerate() {
            self.emit(Instr::SetCapture {
                a: dst,
                b: p,
                c: (captures.len() + i) as u8,
            });
        }
        true
    }

    /// After the iterator returns: the loop has ended; if the body returned, return. The
    /// register holding why the body stopped.
    fn after_range_call(&mut self, state: u8, results: &[u8], pos: u32) -> u8 {
        let s = self.scalar(pos);
        self.emit(Instr::Load {
            a: s,
            b: state,
            c: 1,
        });
        self.store_state(state, EXITED, pos);
        for code in [RETURNED, RETURNED_BARE] {
            self.when_state(s, code, |b| {
                b.leave_after_body_return(code, s, results, pos)
            });
        }
        s
    }

    /// The body returned from the function: pass that on to an enclosing loop body, or
    /// return its results.
    fn leave_after_body_return(&mut self, code: i16, s: u8, results: &[u8], pos: u32) {
        if let Some(rb) = self.range_body.clone() {
            self.emit(Instr::Store {
                a: s,
                b: rb.state,
                c: 1,
            });
            self.return_bool(false, pos);
            return;
        }
        if code == RETURNED_BARE || results.is_empty() {
            self.emit_bare_return(pos);
            return;
        }
        let types = self.results.clone();
        let mut kinds = Vec::new();
        for &t in &types {
            let Some(l) = self.g.layout(t, pos) else {
                return;
            };
            kinds.extend(l.kinds);
        }
        let size = kinds.len() as u8;
        let base = self.alloc(&Layout::from(kinds), pos);
        let mut off = 0u8;
        for (&t, &p) in types.iter().zip(results) {
            let n = self.size_of(t);
            self.emit(Instr::Load {
                a: base + off,
                b: p,
                c: n,
            });
            off += n;
        }
        if self.has_defers {
            self.emit(Instr::RunDefers);
        }
        self.emit(Instr::Return { a: base, c: size });
    }

    fn store_state(&mut self, state: u8, code: i16, pos: u32) {
        let r = self.scalar(pos);
        self.emit(Instr::LoadInt { a: r, k: code });
        self.emit(Instr::Store {
            a: r,
            b: state,
            c: 1,
        });
    }

    fn return_bool(&mut self, v: bool, pos: u32) {
        let r = self.scalar(pos);
        self.emit(Instr::LoadInt {
            a: r,
            k: i16::from(v),
        });
        self.emit(Instr::Return { a: r, c: 1 });
    }

    /// `break` or `continue` leaving a loop body compiled as a closure; false when the
    /// target is outside the body's loop.
    pub(crate) fn range_branch(&mut self, label: Option<&str>, is_break: bool, pos: u32) -> bool {
        let Some(rb) = self.range_body.clone() else {
            return false;
        };
        if label.is_some() && label != rb.label.as_deref() {
            let Some(k) = rb
                .outer_labels
                .iter()
                .position(|l| Some(l.as_str()) == label)
            else {
                return false;
            };
            let code = BRANCHED + 2 * k as i16 + i16::from(is_break);
            self.store_state(rb.state, code, pos);
            self.return_bool(false, pos);
            return true;
        }
        if is_break {
            self.store_state(rb.state, BROKE, pos);
        }
        self.return_bool(!is_break, pos);
        true
    }

    /// `return` inside a loop body compiled as a closure: the results go where the loop
    /// returns them from, and the body stops.
    pub(crate) fn range_return(&mut self, results: &[Expr], pos: u32) {
        let Some(rb) = self.range_body.clone() else {
            return;
        };
        if !results.is_empty() && results.len() != rb.outer_results.len() {
            self.unsupported(
                pos,
                "returning a call's results from a range-over-func loop",
            );
            return;
        }
        let code = if results.is_empty() {
            RETURNED_BARE
        } else if !rb.outer_named.is_empty() {
            let lhs: Vec<Expr> = rb.outer_named.iter().map(|o| self.obj_expr(*o)).collect();
            self.assign(&lhs, results);
            RETURNED_BARE
        } else {
            for ((r, &t), &p) in results.iter().zip(&rb.outer_results).zip(&rb.results) {
                let Some(layout) = self.g.layout(t, pos) else {
                    return;
                };
                let v = self.alloc(&layout, pos);
                self.expr_to(r, v, t);
                let n = layout.kinds.len() as u8;
                self.emit(Instr::Store { a: v, b: p, c: n });
            }
            RETURNED
        };
        self.at(pos);
        self.store_state(rb.state, code, pos);
        self.return_bool(false, pos);
    }

    /// At the body's start: a `yield` call after the body stopped or the loop ended panics.
    fn check_still_running(&mut self, state: u8, pos: u32) {
        let s = self.scalar(pos);
        self.emit(Instr::Load {
            a: s,
            b: state,
            c: 1,
        });
        self.emit(Instr::SkipIfNeImm { a: s, k: RUNNING });
        let ok = self.jump_placeholder(Instr::Jump { s: 0 });
        self.emit(Instr::SkipIfNeImm { a: s, k: EXITED });
        let exited = self.jump_placeholder(Instr::Jump { s: 0 });
        self.runtime_panic(
            "runtime error: range function continued iteration after function for loop body returned false",
            pos,
        );
        self.patch_here(exited);
        self.runtime_panic(
            "runtime error: range function continued iteration after whole loop exit",
            pos,
        );
        self.patch_here(ok);
    }

    /// Panics with Go's runtime error `msg`.
    fn runtime_panic(&mut self, msg: &str, pos: u32) {
        let string = self.g.info.types.basic(BasicKind::String);
        let Some(rt) = self.g.runtime_type(string, pos) else {
            return;
        };
        let Some(sl) = self.g.layout(string, pos) else {
            return;
        };
        let r = self.alloc(&sl, pos);
        let k = self.string_const(msg.as_bytes().to_vec());
        self.emit(Instr::LoadStr { a: r, k });
        let Some(il) = self.g.layout(self.g.info.types.any, pos) else {
            return;
        };
        let i = self.alloc(&il, pos);
        self.emit_to_iface(i, r, string, rt);
        self.emit(Instr::Panic { a: i });
    }
}

/// A parameter of a loop body's closure: an iteration value, declared as a variable of the
/// body (`for k, v := range`) or assigned to `target` (`for k, v = range`).
struct Param {
    obj: Option<ObjId>,
    typ: TypeId,
    target: Option<Expr>,
}

/// The registers holding the pointers to a loop's boxes.
struct BodyBoxes {
    state: u8,
    frame: Option<u8>,
    results: Vec<u8>,
}

/// Which boxes a loop body captures after its variables: the state, the frame index (if
/// any), the results.
#[derive(Clone, Copy)]
struct BoxShape {
    frame: bool,
    results: usize,
}

/// Compiles a loop body as the `yield` closure: parameters are the iteration variables,
/// then the captured variables and the loop's boxes.
fn compile_range_body(
    g: &mut super::Generator,
    name: String,
    params: &[Param],
    body: &Block,
    captures: &[ObjId],
    shape: BoxShape,
    mut ctx: RangeBody,
) -> Option<FuncProto> {
    let mut b = FuncBuilder::new(g);
    b.name = name.clone();
    b.at(body.lbrace);
    b.escaping = match &b.g.escapes {
        Some(esc) => super::places::address_taken(b.g.info, body, &|v| esc.captured_by_value(v)),
        None => super::places::address_taken(b.g.info, body, &|_| false),
    };
    let fn_slot = Layout::of(&[SlotKind::Ref]);
    b.alloc(&fn_slot, body.lbrace);
    b.locals_end = 1;
    let mut regs = Vec::new();
    for p in params {
        let layout = b.g.layout(p.typ, body.lbrace)?;
        let r = b.alloc(&layout, body.lbrace);
        b.locals_end = b.locals_end.max(r as usize + layout.kinds.len());
        if let Some(o) = p.obj {
            b.locals.insert(o, r);
        }
        regs.push(r);
    }
    let param_slots = b.top as u32;
    b.box_param_objs(params);
    let all: Vec<ObjId> = captures
        .iter()
        .copied()
        .chain(std::iter::once(STATE))
        .chain(shape.frame.then_some(FRAME))
        .chain((0..shape.results).map(result_capture))
        .collect();
    b.load_captures(&all, body.lbrace);
    ctx.state = b.boxed[&STATE];
    ctx.results = (0..shape.results)
        .map(|i| b.boxed[&result_capture(i)])
        .collect();
    ctx.frame = b.boxed.get(&FRAME).copied();
    b.results = vec![b.g.info.types.basic(BasicKind::Bool)];
    b.range_body = Some(ctx);
    b.check_still_running(b.boxed[&STATE], body.lbrace);
    for (p, &r) in params.iter().zip(&regs) {
        if let Some(target) = &p.target {
            let size = b.size_of(p.typ);
            b.store_reg(target, r, size);
        }
    }
    b.stmts(&body.stmts);
    b.at(body.rbrace);
    b.return_bool(true, body.rbrace);
    if b.failed {
        return None;
    }
    let code = b.finish();
    Some(FuncProto {
        recover_pc: None,
        name,
        code: code.code,
        lines: code.lines,
        slot_kinds: code.slot_kinds,
        param_slots,
        result_slots: 1,
        is_closure: true,
        captures: all.len() as u32,
        wrapper: false,
        inlined: code.inlined,
    })
}

impl FuncBuilder<'_, '_> {
    /// Moves iteration variables whose address is taken into heap boxes.
    fn box_param_objs(&mut self, params: &[Param]) {
        for p in params {
            let t = p.typ;
            let Some(obj) = p.obj.filter(|o| self.escaping.contains(o)) else {
                continue;
            };
            let Some(r) = self.locals.remove(&obj) else {
                continue;
            };
            let size = self.size_of(t);
            let Some(p) = self.new_pointer_box(t, 0) else {
                continue;
            };
            self.emit(Instr::Store {
                a: r,
                b: p,
                c: size,
            });
            self.boxed.insert(obj, p);
        }
    }
}

fn is_blank(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Ident(n) if n == "_")
}

/// Whether `x` (a range expression) is an iterator function.
pub(crate) fn ranges_over_func(info: &Info, x: &Expr) -> bool {
    info.exprs
        .get(x.id.0 as usize)
        .and_then(|i| i.as_ref())
        .is_some_and(|i| matches!(info.types.under(i.typ), TypeData::Func(_)))
}

/// The local variables a loop body (and the assigned iteration variables `targets`) uses
/// that are declared outside the range statement starting at `from`.
pub(crate) fn range_free_variables(
    info: &Info,
    body: &Block,
    targets: &[&Expr],
    from: u32,
) -> Vec<ObjId> {
    let mut out: Vec<ObjId> = Vec::new();
    let inside = from..body.rbrace + 1;
    let mut note = |e: &Expr| super::places::note_outer_local(info, e, inside.clone(), &mut out);
    for t in targets {
        super::walk::each_expr(t, &mut note);
    }
    for s in &body.stmts {
        super::walk::each_expr_in_stmt(s, &mut note);
    }
    out
}

/// The variables loop bodies compiled as closures capture in `stmts` (not looking inside
/// those bodies, whose own captures are the closures' business).
pub(crate) fn range_captures(info: &Info, stmts: &[Stmt], out: &mut Vec<ObjId>) {
    for s in stmts {
        match s {
            Stmt::Range {
                x,
                body,
                pos,
                key,
                value,
                define,
            } if ranges_over_func(info, x) => {
                let targets: Vec<&Expr> = [key.as_deref(), value.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(|_| !*define)
                    .collect();
                out.extend(range_free_variables(info, body, &targets, *pos));
            }
            Stmt::Range { body: b, .. } | Stmt::For { body: b, .. } | Stmt::Block(b) => {
                range_captures(info, &b.stmts, out)
            }
            Stmt::If { then, els, .. } => {
                range_captures(info, &then.stmts, out);
                if let Some(e) = els {
                    range_captures(info, std::slice::from_ref(e), out);
                }
            }
            Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
                for c in clauses {
                    range_captures(info, &c.body, out);
                }
            }
            Stmt::Select { clauses, .. } => {
                for c in clauses {
                    range_captures(info, &c.body, out);
                }
            }
            Stmt::Labeled { stmt, .. } => range_captures(info, std::slice::from_ref(stmt), out),
            _ => {}
        }
    }
}

/// Whether `stmts` contain a range-over-func loop (outside function literals).
pub(crate) fn stmts_have_range_func(info: &Info, stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Range { x, body, .. } => {
            ranges_over_func(info, x) || stmts_have_range_func(info, &body.stmts)
        }
        Stmt::For { body: b, .. } | Stmt::Block(b) => stmts_have_range_func(info, &b.stmts),
        Stmt::If { then, els, .. } => {
            stmts_have_range_func(info, &then.stmts)
                || els
                    .as_deref()
                    .is_some_and(|e| stmts_have_range_func(info, std::slice::from_ref(e)))
        }
        Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
            clauses.iter().any(|c| stmts_have_range_func(info, &c.body))
        }
        Stmt::Select { clauses, .. } => {
            clauses.iter().any(|c| stmts_have_range_func(info, &c.body))
        }
        Stmt::Labeled { stmt, .. } => stmts_have_range_func(info, std::slice::from_ref(stmt)),
        _ => false,
    })
}

/// The labels `goto`s in `stmts` jump to that are not defined in `stmts`.
fn exit_gotos(stmts: &[Stmt]) -> Vec<String> {
    let (mut targets, mut defined) = (Vec::new(), Vec::new());
    collect_gotos(stmts, &mut targets, &mut defined);
    targets.retain(|t| !defined.contains(t));
    targets.dedup();
    targets
}

fn collect_gotos(stmts: &[Stmt], targets: &mut Vec<String>, defined: &mut Vec<String>) {
    for s in stmts {
        match s {
            Stmt::Goto { label, .. } if !targets.contains(&label.name) => {
                targets.push(label.name.clone())
            }
            Stmt::Labeled { label, stmt } => {
                defined.push(label.name.clone());
                collect_gotos(std::slice::from_ref(stmt), targets, defined);
            }
            Stmt::Range { body: b, .. } | Stmt::For { body: b, .. } | Stmt::Block(b) => {
                collect_gotos(&b.stmts, targets, defined)
            }
            Stmt::If { then, els, .. } => {
                collect_gotos(&then.stmts, targets, defined);
                if let Some(e) = els {
                    collect_gotos(std::slice::from_ref(e), targets, defined);
                }
            }
            Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
                for c in clauses {
                    collect_gotos(&c.body, targets, defined);
                }
            }
            Stmt::Select { clauses, .. } => {
                for c in clauses {
                    collect_gotos(&c.body, targets, defined);
                }
            }
            _ => {}
        }
    }
}
