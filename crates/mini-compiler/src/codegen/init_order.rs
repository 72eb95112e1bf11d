//! Go's package initialisation order: a variable is initialised once every package variable
//! its initialiser refers to (directly or through the functions it calls) is; among the
//! ready ones, the earliest declared goes first.

use hashbrown::{HashMap, HashSet};

use super::walk::{each_expr, each_expr_in_stmt};
use crate::ast::{Decl, Expr, ExprKind, File, FuncDecl, VarSpec};
use crate::check::{Info, ObjId, ObjKind};

/// The package-level `var` specs of `file` with initialisers, in initialisation order.
pub(crate) fn ordered_var_specs<'f>(info: &Info, file: &'f File) -> Vec<&'f VarSpec> {
    let specs: Vec<&VarSpec> = file
        .decls
        .iter()
        .filter_map(|d| match d {
            Decl::Var(specs) => Some(specs),
            _ => None,
        })
        .flatten()
        .filter(|s| !s.values.is_empty())
        .collect();
    let funcs: HashMap<ObjId, &FuncDecl> = file
        .decls
        .iter()
        .filter_map(|d| match d {
            Decl::Func(f) if f.recv.is_none() => Some((*info.defs.get(&f.name.pos)?, f)),
            _ => None,
        })
        .collect();
    let mut deps = Deps {
        info,
        funcs,
        memo: HashMap::new(),
    };
    let spec_deps: Vec<HashSet<ObjId>> = specs
        .iter()
        .map(|s| deps.of_exprs(s.values.iter()))
        .collect();
    let mut pending: Vec<usize> = (0..specs.len()).collect();
    let mut uninitialised: HashSet<ObjId> = specs
        .iter()
        .flat_map(|s| &s.names)
        .filter_map(|n| info.defs.get(&n.pos).copied())
        .collect();
    let mut order = Vec::new();
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|&i| spec_deps[i].is_disjoint(&uninitialised))
            .unwrap_or(0);
        let i = pending.remove(ready);
        for n in &specs[i].names {
            if let Some(o) = info.defs.get(&n.pos) {
                uninitialised.remove(o);
            }
        }
        order.push(specs[i]);
    }
    order
}

/// The package variables expressions refer to, through called functions too.
struct Deps<'i, 'f> {
    info: &'i Info,
    funcs: HashMap<ObjId, &'f FuncDecl>,
    memo: HashMap<ObjId, HashSet<ObjId>>,
}

impl<'f> Deps<'_, 'f> {
    fn of_exprs<'e>(&mut self, exprs: impl Iterator<Item = &'e Expr>) -> HashSet<ObjId> {
        let mut used = Vec::new();
        for e in exprs {
            each_expr(e, &mut |x| self.note(x, &mut used));
        }
        self.close(used)
    }

    fn note(&self, e: &Expr, used: &mut Vec<ObjId>) {
        if matches!(e.kind, ExprKind::Ident(_)) {
            used.extend(self.info.uses.get(&e.id).copied());
        }
    }

    /// The globals among `used`, plus those of the functions among them.
    fn close(&mut self, used: Vec<ObjId>) -> HashSet<ObjId> {
        let mut out = HashSet::new();
        for o in used {
            match self.info.objects[o.0 as usize].kind {
                ObjKind::Var { global: true, .. } => {
                    out.insert(o);
                }
                ObjKind::Func { .. } => out.extend(self.of_func(o)),
                _ => {}
            }
        }
        out
    }

    fn of_func(&mut self, f: ObjId) -> HashSet<ObjId> {
        if let Some(d) = self.memo.get(&f) {
            return d.clone();
        }
        self.memo.insert(f, HashSet::new());
        let Some(decl) = self.funcs.get(&f).copied() else {
            return HashSet::new();
        };
        let mut used = Vec::new();
        for s in decl.body.iter().flat_map(|b| &b.stmts) {
            each_expr_in_stmt(s, &mut |x| self.note(x, &mut used));
        }
        let d = self.close(used);
        self.memo.insert(f, d.clone());
        d
    }
}
