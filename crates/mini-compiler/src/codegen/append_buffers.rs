//! Go's frame buffer for the first growth of a slice that does not escape, so that `cap`
//! prints what Go prints.
//!
//! Since Go 1.25, when the result of `s = append(s, v...)` does not escape, the compiler
//! gives the first such `append` of each slice variable in a function a 32-byte buffer in the
//! frame: if the append must grow `s`, `s` is empty, the new length fits in the buffer and the
//! buffer is not used yet (a flag set once per call of the function), the result is
//! `buffer[:n:32/size]` instead of a heap array sized by the runtime's growth rule. So the
//! first capacity of a non-escaping `[]int` is 4, of a `[]byte` 32, of a `[]string` 2.
//!
//! An append written back to where it came from (`x = append(x, v)`) takes the buffer only
//! when `x` is a variable Go keeps in registers: a local slice, or a field or one-element
//! array inside a small local struct (Go's "SSA-able" values, at most 32 bytes and 4 fields);
//! otherwise Go updates `x` in place and grows it on the heap.
//!
//! Mini keeps every backing array on the heap, so the "buffer" is a heap array of that
//! capacity: the program sees Go's lengths and capacities; the allocation itself is the
//! frame-allocation work the escape analysis' report describes but the VM does not do yet.

use hashbrown::HashMap;

use super::func::FuncBuilder;
use super::layout::Layout;
use super::move2heap::SlicePass;
use super::walk::{each_expr_in_stmt, each_stmt};
use crate::ast::{AssignOp, BinaryOp, Expr, ExprId, ExprKind, Field, Stmt, UnaryOp};
use crate::check::{ObjId, ObjKind};
use crate::types::TypeData;
use mini_bytecode::{Instr, SlotKind};

/// The size of Go's buffer (`-d=variablemakethreshold`'s default).
const FRAME_BUFFER_BYTES: u64 = 32;

/// Which slice an `append` grows: a variable (all its appends share one buffer, and only the
/// first gets it), or the site itself for any other expression.
/// The frame buffer an `append` site may take: the flag saying it is taken, and the register
/// that keeps its array when the slice moves to the heap later (`move2heap.rs`).
#[derive(Clone, Copy)]
pub(crate) struct AppendBuffer {
    pub flag: u8,
    pub buf: Option<u8>,
}

/// The buffer of a slice variable that `move2heap.rs` moves to the heap.
#[derive(Clone, Copy)]
pub(crate) struct SliceBuffer {
    /// The register holding the buffer's array (zero until first used).
    pub buf: u8,
    /// Growths walk up the size classes in the buffer and the move keeps the capacity.
    pub keep_cap: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum SliceKey {
    Var(ObjId),
    Site(ExprId),
}

impl FuncBuilder<'_, '_> {
    /// Gives each slice's first qualifying `append` in the function's body (not in its
    /// function literals, which are functions of their own) a flag register, allocated with
    /// the locals so that it keeps its value for the whole call (registers start zeroed:
    /// not used).
    pub fn reserve_append_buffers(&mut self, params: &[Field], results: &[Field], body: &[Stmt]) {
        self.reserve_moved_slices(params, results, body);
        if self.g.frame_appends.is_empty() && self.forced_appends.is_empty() {
            return;
        }
        let mut in_place = hashbrown::HashSet::new();
        for s in body {
            each_stmt(s, &mut |s| {
                if let Some(id) = self.in_place_append(s) {
                    in_place.insert(id);
                }
            });
        }
        let mut firsts: HashMap<SliceKey, ExprId> = HashMap::new();
        let mut in_literals = hashbrown::HashSet::new();
        for s in body {
            each_expr_in_stmt(s, &mut |e| {
                if let ExprKind::FuncLit { body, .. } = &e.kind {
                    body.stmts.iter().for_each(|s| {
                        each_expr_in_stmt(s, &mut |inner| {
                            in_literals.insert(inner.id);
                        })
                    });
                }
                if in_literals.contains(&e.id) || in_place.contains(&e.id) {
                    return;
                }
                if let Some(key) = self.buffered_slice(e) {
                    firsts.entry(key).or_insert(e.id);
                }
            });
        }
        let mut firsts: Vec<(ExprId, Option<ObjId>)> = firsts
            .into_iter()
            .map(|(key, id)| match key {
                SliceKey::Var(v) => (id, Some(v)),
                SliceKey::Site(_) => (id, None),
            })
            .collect();
        firsts.sort_by_key(|(id, _)| id.0);
        for (id, var) in firsts {
            let flag = self.scalar(0);
            self.locals_end = self.locals_end.max(flag as usize + 1);
            let buf = var.and_then(|v| self.slice_buffers.get(&v)).map(|b| b.buf);
            self.append_buffers.insert(id, AppendBuffer { flag, buf });
        }
    }

    /// Runs Go's `move2heap` pass (`move2heap.rs`) and gives each slice it moves a register
    /// for its buffer's array.
    fn reserve_moved_slices(&mut self, params: &[Field], results: &[Field], body: &[Stmt]) {
        if self.g.param_leaks.is_empty() {
            return;
        }
        for m in SlicePass::run(self.g.info, &self.g.param_leaks, params, results, body) {
            let buf = self.alloc(&Layout::of(&[SlotKind::Ref]), 0);
            self.locals_end = self.locals_end.max(buf as usize + 1);
            let keep_cap = m.keep_cap;
            self.slice_buffers
                .insert(m.var, SliceBuffer { buf, keep_cap });
            self.moves.entry(m.transition).or_default().push(m.var);
            for a in m.appends {
                if keep_cap {
                    self.grow_in_buffer.insert(a, buf);
                } else {
                    self.forced_appends.insert(a);
                }
            }
        }
    }

    /// Go's `move2heap` before statement `s` for the slices whose copy to the heap goes there.
    pub fn move_to_heap_before(&mut self, s: &Stmt) {
        let pos = match s {
            Stmt::Return { pos, .. } | Stmt::Assign { pos, .. } | Stmt::Range { pos, .. } => *pos,
            _ => return,
        };
        let Some(vars) = self.moves.get(&pos).cloned() else {
            return;
        };
        for var in vars {
            let (Some(&r), Some(b)) = (self.locals.get(&var), self.slice_buffers.get(&var)) else {
                continue;
            };
            let (buf, keep_cap) = (b.buf, b.keep_cap);
            self.emit(Instr::MoveToHeap {
                a: r,
                b: buf,
                c: u8::from(keep_cap),
            });
        }
    }

    /// The `append` of `x = append(x, ...)` when Go compiles it as an in-place update of `x`
    /// (then it never takes the buffer): `x` is not a variable Go keeps in registers.
    fn in_place_append(&self, s: &Stmt) -> Option<ExprId> {
        let Stmt::Assign {
            lhs,
            op: AssignOp::Assign,
            rhs,
            ..
        } = s
        else {
            return None;
        };
        let ([x], [call]) = (lhs.as_slice(), rhs.as_slice()) else {
            return None;
        };
        let ExprKind::Call { args, .. } = &call.unparen().kind else {
            return None;
        };
        let first = args.first()?;
        let in_place = self.g.frame_appends.contains(&call.unparen().id)
            && self.same_safe(x, first)
            && !self.in_registers(x);
        in_place.then_some(call.unparen().id)
    }

    /// Go's `ir.SameSafeExpr`: `l` and `r` denote the same location without side effects.
    fn same_safe(&self, l: &Expr, r: &Expr) -> bool {
        let (l, r) = (l.unparen(), r.unparen());
        if let (Some(a), Some(b)) = (self.const_value(l), self.const_value(r)) {
            return a == b;
        }
        match (&l.kind, &r.kind) {
            (ExprKind::Ident(_), ExprKind::Ident(_)) => {
                let uses = &self.g.info.uses;
                uses.get(&l.id).is_some() && uses.get(&l.id) == uses.get(&r.id)
            }
            (ExprKind::Selector { x: a, sel: s }, ExprKind::Selector { x: b, sel: t }) => {
                s.name == t.name && self.same_safe(a, b)
            }
            (
                ExprKind::Index {
                    x: a, indices: i, ..
                },
                ExprKind::Index {
                    x: b, indices: j, ..
                },
            ) => {
                i.len() == 1 && j.len() == 1 && self.same_safe(a, b) && self.same_safe(&i[0], &j[0])
            }
            (ExprKind::Unary { op: o, x: a }, ExprKind::Unary { op: p, x: b }) => {
                o == p
                    && matches!(
                        o,
                        UnaryOp::Star | UnaryOp::Neg | UnaryOp::Not | UnaryOp::Xor
                    )
                    && self.same_safe(a, b)
            }
            (
                ExprKind::Binary {
                    op: o, x: a, y: c, ..
                },
                ExprKind::Binary {
                    op: p, x: b, y: d, ..
                },
            ) => {
                o == p
                    && !matches!(o, BinaryOp::LogAnd | BinaryOp::LogOr)
                    && self.same_safe(a, b)
                    && self.same_safe(c, d)
            }
            _ => false,
        }
    }

    /// Go's `canSSA`: `x` is a field or one-element array path into a local variable of this
    /// function whose address is never taken and whose type Go keeps in registers.
    fn in_registers(&self, x: &Expr) -> bool {
        let mut x = x.unparen();
        loop {
            match &x.kind {
                ExprKind::Selector { x: inner, .. } if self.is_struct_value(inner) => {
                    x = inner.unparen()
                }
                ExprKind::Index { x: inner, .. }
                    if self.array_type(self.type_of(inner)).is_some() =>
                {
                    x = inner.unparen()
                }
                _ => break,
            }
        }
        let Some(&obj) = self.g.info.uses.get(&x.id) else {
            return false;
        };
        let ObjKind::Var {
            typ, global: false, ..
        } = self.g.info.objects[obj.0 as usize].kind
        else {
            return false;
        };
        !self.escaping.contains(&obj) && !self.boxed.contains_key(&obj) && self.ssa_able(typ)
    }

    fn is_struct_value(&self, e: &Expr) -> bool {
        let t = self.type_of(e);
        matches!(self.g.info.types.under(t), TypeData::Struct(_))
    }

    /// Go's `ssa.CanSSA`: at most four words, structs of at most four such fields, arrays of
    /// at most one such element.
    fn ssa_able(&self, t: crate::types::TypeId) -> bool {
        let types = &self.g.info.types;
        if crate::escape::type_bytes(types, t) > 32 {
            return false;
        }
        match types.under(t) {
            TypeData::Array(n, elem) => *n <= 1 && self.ssa_able(*elem),
            TypeData::Struct(fields) => {
                fields.len() <= 4 && fields.iter().all(|f| self.ssa_able(f.typ))
            }
            _ => true,
        }
    }

    /// The slice whose buffer `e` may take: `e` is an `append` with listed values whose
    /// result does not escape.
    fn buffered_slice(&self, e: &Expr) -> Option<SliceKey> {
        let ExprKind::Call {
            args,
            ellipsis: None,
            ..
        } = &e.kind
        else {
            return None;
        };
        let eligible = self.g.frame_appends.contains(&e.id) || self.forced_appends.contains(&e.id);
        if !eligible || args.len() < 2 {
            return None;
        }
        let slice = args[0].unparen();
        Some(match (&slice.kind, self.g.info.uses.get(&slice.id)) {
            (ExprKind::Ident(_), Some(&obj)) => SliceKey::Var(obj),
            _ => SliceKey::Site(e.id),
        })
    }

    /// Before the `Append` of site `e` (its slice in `block..block + 4`, `n` values of Go
    /// size `elem_size` each, backing arrays of shape `k`): takes Go's frame buffer when the
    /// site has one and the append qualifies.
    pub fn frame_buffer_check(&mut self, e: &Expr, block: u8, n: usize, elem_size: u64, k: u8) {
        if let Some(&buf) = self.grow_in_buffer.get(&e.id) {
            self.emit(Instr::GrowInBuffer {
                a: block,
                b: buf,
                c: n as u8,
            });
            return;
        }
        let Some(&AppendBuffer { flag, buf }) = self.append_buffers.get(&e.id) else {
            return;
        };
        if elem_size == 0 || elem_size > FRAME_BUFFER_BYTES {
            return;
        }
        let cap = FRAME_BUFFER_BYTES / elem_size;
        let (Ok(n16), Ok(cap16)) = (i16::try_from(n), i16::try_from(cap)) else {
            return;
        };
        if n as u64 > cap {
            return;
        }
        let sizes = self.alloc(&Layout::of(&[SlotKind::Scalar; 2]), e.pos());
        let mut exits = vec![self.jump_placeholder(Instr::JumpIf { a: flag, s: 0 })];
        self.emit(Instr::SkipIfEqImm { a: block + 2, k: 0 });
        exits.push(self.jump_placeholder(Instr::Jump { s: 0 }));
        self.emit(Instr::SkipIfLtImm {
            a: block + 3,
            k: n16,
        });
        exits.push(self.jump_placeholder(Instr::Jump { s: 0 }));
        self.emit(Instr::LoadInt { a: flag, k: 1 });
        self.emit(Instr::LoadInt { a: sizes, k: 0 });
        self.emit(Instr::LoadInt {
            a: sizes + 1,
            k: cap16,
        });
        self.emit(Instr::MakeSlice {
            a: block,
            b: sizes,
            k,
        });
        if let Some(buf) = buf {
            self.mov(buf, block, 1);
        }
        for at in exits {
            self.patch_here(at);
        }
    }
}
