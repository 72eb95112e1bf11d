//! `goto` rules: a jump may not enter a block or skip over a variable declaration in the
//! label's block (Go's `jumps into block` / `jumps over declaration` errors).

use super::Checker;
use crate::ast::{AssignOp, Block, Decl, ExprKind, Ident, Pos, Stmt};

/// What one walk of a function body records.
#[derive(Default)]
struct GotoScan {
    /// Label name → the chain of enclosing blocks (by `{` position) and the label position.
    labels: Vec<(String, Vec<Pos>, Pos)>,
    /// Each goto with its chain of enclosing blocks.
    gotos: Vec<(Ident, Vec<Pos>)>,
    /// Variable declarations: enclosing block, statement position, reported position, name.
    decls: Vec<(Pos, Pos, Pos, String)>,
}

impl<'a> Checker<'a> {
    /// Reports gotos that jump into blocks or over variable declarations in `body`.
    pub(crate) fn check_gotos(&mut self, body: &Block) {
        let mut scan = GotoScan::default();
        let mut chain = vec![body.lbrace];
        scan_block(&body.stmts, &mut chain, &mut scan);
        for (label, gchain) in &scan.gotos {
            let Some((_, lchain, lpos)) = scan.labels.iter().find(|(n, _, _)| *n == label.name)
            else {
                continue;
            };
            if let Some(i) = (0..lchain.len()).find(|&i| gchain.get(i) != Some(&lchain[i])) {
                let (line, col) = self.line_col(lchain[i]);
                let p = self.path_for_messages();
                let n = &label.name;
                self.error(
                    label.pos,
                    format!("goto {n} jumps into block starting at {p}:{line}:{col}"),
                );
                continue;
            }
            let block = *lchain.last().unwrap_or(&body.lbrace);
            let skipped = scan
                .decls
                .iter()
                .find(|(b, stmt, _, _)| *b == block && *stmt > label.pos && *stmt < *lpos);
            if let Some((_, _, at, name)) = skipped {
                let (line, col) = self.line_col(*at);
                let p = self.path_for_messages();
                let n = &label.name;
                self.error(
                    label.pos,
                    format!("goto {n} jumps over declaration of {name} at {p}:{line}:{col}"),
                );
            }
        }
    }
}

fn scan_block(stmts: &[Stmt], chain: &mut Vec<Pos>, scan: &mut GotoScan) {
    for s in stmts {
        scan_stmt(s, chain, scan);
    }
}

fn scan_nested(b: &Block, chain: &mut Vec<Pos>, scan: &mut GotoScan) {
    chain.push(b.lbrace);
    scan_block(&b.stmts, chain, scan);
    chain.pop();
}

fn scan_stmt(s: &Stmt, chain: &mut Vec<Pos>, scan: &mut GotoScan) {
    let block = *chain.last().unwrap_or(&0);
    match s {
        Stmt::Labeled { label, stmt } => {
            scan.labels
                .push((label.name.clone(), chain.clone(), label.pos));
            scan_stmt(stmt, chain, scan);
        }
        Stmt::Goto { label, .. } => scan.gotos.push((label.clone(), chain.clone())),
        Stmt::Assign {
            lhs,
            op: AssignOp::Define,
            pos,
            ..
        } => {
            for l in lhs {
                if let ExprKind::Ident(n) = &l.kind {
                    if n != "_" {
                        scan.decls.push((block, l.pos(), *pos, n.clone()));
                    }
                }
            }
        }
        Stmt::Decl(d) => {
            if let Decl::Var(specs) = &**d {
                for spec in specs {
                    for n in &spec.names {
                        scan.decls.push((block, n.pos, n.pos, n.name.clone()));
                    }
                }
            }
        }
        Stmt::Block(b) => scan_nested(b, chain, scan),
        Stmt::If { then, els, .. } => {
            scan_nested(then, chain, scan);
            if let Some(e) = els {
                scan_stmt(e, chain, scan);
            }
        }
        Stmt::For { body, .. } | Stmt::Range { body, .. } => scan_nested(body, chain, scan),
        Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
            for c in clauses {
                chain.push(c.colon);
                scan_block(&c.body, chain, scan);
                chain.pop();
            }
        }
        Stmt::Select { clauses, .. } => {
            for c in clauses {
                chain.push(c.colon);
                scan_block(&c.body, chain, scan);
                chain.pop();
            }
        }
        _ => {}
    }
}
