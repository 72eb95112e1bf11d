//! Maps: `make`, literals, lookups (also comma-ok), stores, `delete`, `len` and `range`.
//!
//! A map value is one register referring to a heap hash table (see the VM's `maps.rs`).
//! A lookup's key block starts with the map shape, so a nil map can read as zero values.

use super::func::FuncBuilder;
use super::layout::Layout;
use crate::ast::{Block, Expr, ExprKind, KeyedElement};
use crate::types::{TypeData, TypeId};
use mini_bytecode::{Instr, SlotKind};

impl FuncBuilder<'_, '_> {
    /// The key and value types of map type `t`.
    pub fn map_types(&self, t: TypeId) -> Option<(TypeId, TypeId)> {
        match self.g.info.types.under(t) {
            TypeData::Map(k, v) => Some((*k, *v)),
            _ => None,
        }
    }

    pub fn is_map(&self, t: TypeId) -> bool {
        self.map_types(t).is_some()
    }

    /// `make(map[K]V)` (the size hint is evaluated and ignored) into `dst`.
    pub fn make_map(&mut self, t: TypeId, args: &[Expr], dst: u8, e: &Expr) {
        let Some(k) = self.g.map_shape(t, e.pos()) else {
            return;
        };
        if let Some(hint) = args.get(1) {
            self.expr(hint);
        }
        self.emit(Instr::MakeMap { a: dst, k });
    }

    /// `map[K]V{k: v, ...}` into `dst`.
    pub fn map_literal(&mut self, t: TypeId, elems: &[KeyedElement], dst: u8, e: &Expr) {
        let Some((kt, vt)) = self.map_types(t) else {
            return;
        };
        let Some(k) = self.g.map_shape(t, e.pos()) else {
            return;
        };
        self.emit(Instr::MakeMap { a: dst, k });
        let (Some(kl), Some(vl)) = (self.g.layout(kt, e.pos()), self.g.layout(vt, e.pos())) else {
            return;
        };
        let key = self.alloc(&kl, e.pos());
        let value = self.alloc(&vl, e.pos());
        for el in elems {
            let Some(kx) = &el.key else { continue };
            self.element_value(kx, kt, key);
            self.element_value(&el.value, vt, value);
            self.emit(Instr::MapSet {
                a: dst,
                b: key,
                c: value,
            });
        }
    }

    /// Evaluates `m[key]` into a block `[value..., found]`; returns the block.
    pub fn map_lookup(&mut self, m: &Expr, key: &Expr, e: &Expr) -> Option<u8> {
        let mt = self.type_of(m);
        let mr = self.expr(m);
        let kb = self.map_key(mt, key, e)?;
        self.map_get(mt, mr, kb, e)
    }

    /// Evaluates `key` for map type `mt` into a new block: the map shape, then the key.
    fn map_key(&mut self, mt: TypeId, key: &Expr, e: &Expr) -> Option<u8> {
        let (kt, _) = self.map_types(mt)?;
        let shape = self.g.map_shape(mt, e.pos())?;
        let kl = self.g.layout(kt, e.pos())?;
        let mut kinds = vec![SlotKind::Scalar];
        kinds.extend(kl.kinds);
        let kb = self.alloc(&Layout::from(kinds), e.pos());
        self.load_bits(kb, shape as u64);
        self.expr_to(key, kb + 1, kt);
        Some(kb)
    }

    /// Looks up the key block `kb` in the map at `mr`: a new block with the value (zero if
    /// absent), then 1 if found.
    pub fn map_get(&mut self, mt: TypeId, mr: u8, kb: u8, e: &Expr) -> Option<u8> {
        let (_, vt) = self.map_types(mt)?;
        let mut out = self.g.layout(vt, e.pos())?.kinds;
        out.push(SlotKind::Scalar);
        let block = self.alloc(&Layout { kinds: out }, e.pos());
        self.at(e.pos());
        self.emit(Instr::MapGet {
            a: block,
            b: mr,
            c: kb,
        });
        Some(block)
    }

    /// `m[key]` as a value into `dst`.
    pub fn map_index(&mut self, m: &Expr, key: &Expr, dst: u8, e: &Expr) {
        let Some(block) = self.map_lookup(m, key, e) else {
            return;
        };
        let size = self.size_of(self.type_of(e));
        self.mov(dst, block, size);
    }

    /// `m[key] = value` with the value already at `val`.
    pub fn map_store(&mut self, target: &Expr, val: u8) {
        if let Some((mr, key)) = self.map_operands(target) {
            self.map_set(mr, key, val, target);
        }
    }

    /// Evaluates the map and the key block (see `map_key`) of `m[k]`, an assignment's target.
    pub fn map_operands(&mut self, target: &Expr) -> Option<(u8, u8)> {
        let ExprKind::Index { x, indices, .. } = &target.unparen().kind else {
            return None;
        };
        let mt = self.type_of(x);
        let mr = self.expr(x);
        let kb = self.map_key(mt, &indices[0], target)?;
        Some((mr, kb))
    }

    /// `m[k] = v` with the map, key block and value already in registers.
    pub fn map_set(&mut self, mr: u8, kb: u8, val: u8, target: &Expr) {
        self.at(target.pos());
        self.emit(Instr::MapSet {
            a: mr,
            b: kb + 1,
            c: val,
        });
    }

    /// `delete(m, key)`.
    pub fn map_delete(&mut self, args: &[Expr], e: &Expr) {
        let Some((kt, _)) = self.map_types(self.type_of(&args[0])) else {
            return;
        };
        let mr = self.expr(&args[0]);
        let Some(kl) = self.g.layout(kt, e.pos()) else {
            return;
        };
        let key = self.alloc(&kl, e.pos());
        self.expr_to(&args[1], key, kt);
        self.emit(Instr::MapDelete { a: mr, b: key });
    }

    /// `v, ok := m[k]` / `v, ok = m[k]`: returns false when `rhs` is not a map lookup.
    pub fn comma_ok_map(&mut self, lhs: &[Expr], rhs: &Expr) -> bool {
        let ExprKind::Index { x, indices, .. } = &rhs.unparen().kind else {
            return false;
        };
        if lhs.len() != 2 || !self.is_map(self.type_of(x)) {
            return false;
        }
        let Some(block) = self.map_lookup(x, &indices[0], rhs) else {
            return true;
        };
        let size = self.size_of(
            self.map_types(self.type_of(x))
                .map_or(self.type_of(rhs), |m| m.1),
        );
        self.store_reg(&lhs[0], block, size);
        self.store_reg(&lhs[1], block + size, 1);
        true
    }

    /// `for k, v := range m` (in table order: Go's order is unspecified).
    #[allow(clippy::too_many_arguments)]
    pub fn range_map(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &Block,
        label: Option<&str>,
        pos: u32,
    ) {
        let mt = self.type_of(x);
        let Some((kt, vt)) = self.map_types(mt) else {
            return;
        };
        let m = self.scalar_ref(pos);
        self.expr_to(x, m, mt);
        let cursor = self.alloc(&Layout::of(&[SlotKind::Scalar, SlotKind::Ref]), pos);
        self.emit(Instr::LoadInt { a: cursor, k: 0 });
        self.emit(Instr::LoadNil {
            a: cursor + 1,
            c: 1,
        });
        let (Some(kl), Some(vl)) = (self.g.layout(kt, pos), self.g.layout(vt, pos)) else {
            return;
        };
        let mut kinds = vec![SlotKind::Scalar];
        kinds.extend(kl.kinds.iter().copied());
        kinds.extend(vl.kinds.iter().copied());
        let entry = self.alloc(&Layout::from(kinds), pos);
        let top = self.code.len();
        self.emit(Instr::MapNext {
            a: entry,
            b: m,
            c: cursor,
        });
        let exit = self.jump_placeholder(Instr::JumpIfNot { a: entry, s: 0 });
        if define {
            for v in [key, value].into_iter().flatten() {
                self.define_range_var(v);
            }
        }
        if let Some(k) = key {
            self.store_reg(k, entry + 1, kl.size());
        }
        if let Some(v) = value {
            self.store_reg(v, entry + 1 + kl.size(), vl.size());
        }
        self.loop_body(body, label, |b| b.jump_back(top));
        self.patch_here(exit);
    }

    fn scalar_ref(&mut self, pos: u32) -> u8 {
        self.alloc(&Layout::of(&[SlotKind::Ref]), pos)
    }
}
