//! Building the location graph of a batch of functions: declarations, statements and the
//! per-function bookkeeping (parameters, results, loop depth, closures to wire up).

use hashbrown::HashMap;

use super::explain::Event;
use super::graph::{Graph, Hole, Loc, LocId, LocKind, HEAP};
use super::tags::Leaks;
use super::text;
use super::Mode;
use crate::ast::{self, AssignOp, Block, Decl, Expr, ExprId, ExprKind, Pos, Stmt};
use crate::check::{Info, ObjId};
use crate::types::TypeId;

/// The parameter and result locations of a function being analysed.
#[derive(Clone, Default)]
pub(crate) struct FuncLocs {
    /// Receiver first; `None` for unnamed or blank parameters.
    pub params: Vec<Option<LocId>>,
    pub results: Vec<LocId>,
}

/// A function literal whose captured variables flow into its closure once the enclosing
/// function has been walked (only then is it known which are reassigned or address-taken).
struct PendingClosure {
    hole: Hole,
    site: ExprId,
    /// Each captured variable and where the literal first uses it.
    vars: Vec<(ObjId, Pos)>,
    /// The literal's place among the batch's literals (Go flows captures in that order).
    seq: usize,
}

/// Walks the functions of one batch into a [`Graph`].
pub(crate) struct Builder<'a> {
    pub info: &'a Info,
    pub mode: Mode,
    /// A report (`-m` or `-m=2`) is wanted: allocation sites keep their Go text.
    pub report: bool,
    pub g: Graph,
    pub vars: HashMap<ObjId, LocId>,
    /// The allocation sites, in creation order.
    pub sites: Vec<LocId>,
    /// The sites of one value (`new`, `&T{}`) Mini can place in a frame.
    pub frame_sites: Vec<LocId>,
    /// The functions of this batch (calls among them flow through the graph).
    pub batch: HashMap<ObjId, FuncLocs>,
    /// Leak tags of functions analysed in earlier batches.
    pub tags: &'a HashMap<ObjId, Vec<Leaks>>,
    /// Methods declared in the file, by receiver base type and name.
    pub methods: &'a super::MethodTable,
    /// Captured variables captured by value, by function literal.
    pub byval: Vec<(ExprId, ObjId, bool)>,
    pub func: usize,
    pub loop_depth: u32,
    /// The current function's labels that a later `goto` jumps back to: Go counts the code
    /// after such a label as one loop deeper.
    looping_labels: Vec<String>,
    /// The current function's results and their types.
    pub results: Vec<LocId>,
    pub result_types: Vec<Option<TypeId>>,
    pending: Vec<PendingClosure>,
    /// Go's name of each function of the batch (`f`, `(*T).m`, `f.func1`, `f.func1.1`).
    pub func_names: Vec<String>,
    /// How many literals each function contains directly (to name them).
    literal_counts: Vec<u32>,
    /// The number of literals seen so far in the batch.
    literals: usize,
    /// Explained captures (`-m=2`), with their literal's place.
    captures: Vec<(usize, Event)>,
}

impl<'a> Builder<'a> {
    pub fn new(
        info: &'a Info,
        mode: Mode,
        tags: &'a HashMap<ObjId, Vec<Leaks>>,
        methods: &'a super::MethodTable,
    ) -> Builder<'a> {
        Builder {
            info,
            mode,
            report: false,
            g: Graph::new(),
            vars: HashMap::new(),
            sites: Vec::new(),
            frame_sites: Vec::new(),
            batch: HashMap::new(),
            tags,
            methods,
            byval: Vec::new(),
            func: 0,
            loop_depth: 0,
            looping_labels: Vec::new(),
            results: Vec::new(),
            result_types: Vec::new(),
            pending: Vec::new(),
            func_names: Vec::new(),
            literal_counts: Vec::new(),
            literals: 0,
            captures: Vec::new(),
        }
    }

    pub fn type_of(&self, e: &Expr) -> Option<TypeId> {
        self.info
            .exprs
            .get(e.id.0 as usize)
            .and_then(|i| i.as_ref())
            .map(|i| i.typ)
    }

    pub fn obj_type(&self, obj: ObjId) -> Option<TypeId> {
        self.info.var_type(obj)
    }

    /// A new location in the current function at the current loop depth.
    pub fn new_loc(&mut self, kind: LocKind) -> LocId {
        self.g.add(Loc::new(kind, self.func, self.loop_depth))
    }

    /// The location of local variable `obj`, declared here if it is new.
    pub fn var_loc(&mut self, obj: ObjId) -> LocId {
        if let Some(&l) = self.vars.get(&obj) {
            return l;
        }
        let l = self.new_loc(LocKind::Var(obj));
        self.vars.insert(obj, l);
        // Go's limit for variables in a frame: 128 KiB.
        let size = self
            .obj_type(obj)
            .map_or(0, |t| super::size::bytes(&self.info.types, t));
        let too_large = size > 128 * 1024;
        self.g.locs[l].escapes = too_large;
        self.g.locs[l].too_large = too_large;
        l
    }

    /// Declares the variable an identifier defines; its hole.
    pub fn declare(&mut self, name: &ast::Ident) -> Hole {
        match self.info.defs.get(&name.pos) {
            Some(&obj) if name.name != "_" => Hole::to(self.var_loc(obj)),
            _ => Hole::DISCARD,
        }
    }

    /// A location for an allocation site; the value's address flows into `k` and the
    /// site's contents go to the returned hole (Go's `spill`). The site's Go text is
    /// computed only for a report.
    pub fn spill(
        &mut self,
        k: Hole,
        id: ExprId,
        pos: u32,
        text: impl FnOnce(&Info) -> String,
        heap: bool,
    ) -> Hole {
        let text = if self.report {
            text(self.info)
        } else {
            String::new()
        };
        let k = self.note(k, pos, "spill", |_| text.clone());
        let l = self.new_loc(LocKind::Site {
            id,
            pos,
            text,
            append: false,
        });
        self.g.locs[l].escapes = heap;
        // In Go's model, sites start on the heap only when too large for a frame.
        self.g.locs[l].too_large = heap && self.mode == Mode::Go;
        self.sites.push(l);
        self.g.flow(k.addr(), l);
        Hole::to(l)
    }

    /// `k` with a note (for `-m=2`): Go's text of the expression or statement responsible
    /// (computed only when explaining), its position and why the value flows.
    pub fn note(
        &mut self,
        k: Hole,
        pos: u32,
        why: &'static str,
        text: impl FnOnce(&Info) -> String,
    ) -> Hole {
        if !self.g.explain || k.dst.is_none() {
            return k;
        }
        let text = text(self.info);
        self.g.note(k, pos, why, text)
    }

    /// The events found while building, in Go's order: flows straight to the heap as they
    /// were walked, then the closures' captures, then the locations too large for a frame.
    pub fn build_events(&mut self) -> Vec<Event> {
        let mut events = std::mem::take(&mut self.g.events);
        let mut captures = std::mem::take(&mut self.captures);
        captures.sort_by_key(|c| c.0);
        events.extend(captures.into_iter().map(|c| c.1));
        if self.g.explain {
            let large = (1..self.g.locs.len()).filter(|&l| self.g.locs[l].too_large);
            events.extend(large.map(super::explain::too_large));
        }
        events
    }

    /// A new temporary assigning to every hole of `ks`.
    pub fn temp(&mut self, ks: &[Hole]) -> Hole {
        let t = self.new_loc(LocKind::Pseudo);
        for &k in ks {
            self.g.flow(k, t);
        }
        Hole::to(t)
    }

    /// A hole assigning to every hole of `ks` (a temporary when there are several).
    pub fn tee(&mut self, ks: &[Hole]) -> Hole {
        let live: Vec<Hole> = ks.iter().copied().filter(|k| k.dst.is_some()).collect();
        match live.as_slice() {
            [] => Hole::DISCARD,
            [k] => *k,
            _ => {
                let t = self.new_loc(LocKind::Pseudo);
                for k in live {
                    let k = if k.derefs < 0 { Hole::heap() } else { k };
                    self.g.flow(k, t);
                }
                Hole::to(t)
            }
        }
    }

    /// Starts a function (declaration or literal) nested in `parent`: its parameters and
    /// results get locations. Returns its index and those locations.
    pub fn init_func(
        &mut self,
        parent: Option<usize>,
        name: String,
        recv: Option<&ast::Field>,
        sig: &ast::FuncType,
    ) -> (usize, FuncLocs) {
        self.g.parents.push(parent);
        self.func_names.push(name);
        self.literal_counts.push(0);
        let f = self.g.parents.len() - 1;
        let saved = (self.func, self.loop_depth);
        (self.func, self.loop_depth) = (f, 0);
        let mut locs = FuncLocs::default();
        for field in recv.into_iter().chain(&sig.params) {
            self.declare_params(field, &mut locs);
        }
        for field in &sig.results {
            self.declare_results(field, &mut locs);
        }
        (self.func, self.loop_depth) = saved;
        (f, locs)
    }

    /// Walks the body of function `f`, then wires its closures' captures.
    pub fn walk_body(&mut self, f: usize, locs: &FuncLocs, sig: &ast::FuncType, body: &Block) {
        let saved = (
            self.func,
            self.loop_depth,
            std::mem::replace(&mut self.results, locs.results.clone()),
            std::mem::take(&mut self.result_types),
        );
        let saved_pending = std::mem::take(&mut self.pending);
        let saved_labels = std::mem::replace(&mut self.looping_labels, looping_labels(body));
        (self.func, self.loop_depth) = (f, 0);
        self.result_types = sig
            .results
            .iter()
            .flat_map(|r| vec![self.type_of(&r.typ); r.names.len().max(1)])
            .collect();
        self.block(body);
        for p in std::mem::take(&mut self.pending) {
            self.flow_closure(p);
        }
        self.pending = saved_pending;
        self.looping_labels = saved_labels;
        (self.func, self.loop_depth, self.results, self.result_types) = saved;
    }

    fn declare_params(&mut self, field: &ast::Field, locs: &mut FuncLocs) {
        if field.names.is_empty() {
            locs.params.push(None);
        }
        for n in &field.names {
            let hole = self.declare(n);
            if let Some(l) = hole.dst {
                self.g.locs[l].param = Some(locs.params.len());
            }
            locs.params.push(hole.dst);
        }
    }

    fn declare_results(&mut self, field: &ast::Field, locs: &mut FuncLocs) {
        let count = field.names.len().max(1);
        for i in 0..count {
            let l = match field.names.get(i) {
                Some(n) => match self.info.defs.get(&n.pos) {
                    Some(&obj) => self.var_loc(obj),
                    None => self.new_loc(LocKind::Result),
                },
                None => self.new_loc(LocKind::Result),
            };
            self.g.locs[l].result = Some(locs.results.len());
            locs.results.push(l);
        }
    }

    /// Go's name for a new literal in the current function: `f.func1`, or `f.func1.1` in a
    /// literal.
    pub fn literal_name(&mut self) -> String {
        let f = self.func;
        self.literal_counts[f] += 1;
        let n = self.literal_counts[f];
        let outer = &self.func_names[f];
        match self.g.parents[f] {
            Some(_) => format!("{outer}.{n}"),
            None => format!("{outer}.func{n}"),
        }
    }

    /// Remembers a function literal's captures for [`Builder::flow_closure`]; marks them
    /// captured. As in Go, assignments in straight-line code before the first capture do
    /// not count as reassignments.
    pub fn note_closure(&mut self, hole: Hole, lit: &Expr, vars: Vec<ObjId>) {
        let vars: Vec<(ObjId, Pos)> = vars
            .into_iter()
            .map(|v| (v, first_use(self.info, lit, v)))
            .collect();
        for &(v, _) in &vars {
            let l = self.var_loc(v);
            let loc = &mut self.g.locs[l];
            if !loc.captured {
                loc.captured = true;
                if loc.loop_depth == self.loop_depth {
                    loc.reassigned = false;
                }
            }
        }
        self.literals += 1;
        self.pending.push(PendingClosure {
            hole,
            site: lit.id,
            vars,
            seq: self.literals,
        });
    }

    /// Captured variables flow into the closure: by value when never reassigned, never
    /// address-taken and at most 128 bytes; otherwise by reference (their address).
    fn flow_closure(&mut self, p: PendingClosure) {
        for (v, pos) in p.vars {
            let l = self.var_loc(v);
            let loc = &self.g.locs[l];
            let width = self
                .obj_type(v)
                .map_or(0, |t| super::size::bytes(&self.info.types, t));
            let byval = !loc.addrtaken && !loc.reassigned && width <= 128;
            self.byval.push((p.site, v, byval));
            if self.g.explain {
                let event = Event::Captures {
                    var: l,
                    byval,
                    width,
                    addrtaken: loc.addrtaken,
                    reassigned: loc.reassigned,
                };
                self.captures.push((p.seq, event));
            }
            let scalar = self
                .obj_type(v)
                .is_some_and(|t| !super::size::has_pointers(&self.info.types, t));
            if byval && scalar {
                continue;
            }
            let name = |info: &Info| info.objects[v.0 as usize].name.clone();
            // Mini's closures hold their captures in heap boxes (a copy, or the variable's
            // own box), even when the closure itself stays in the frame.
            let hole = match self.mode {
                Mode::Go => p.hole,
                Mode::Mini => Hole::heap(),
            };
            let k = if byval {
                hole
            } else {
                self.note(hole, pos, "reference", name).addr()
            };
            let k = self.note(k, pos, "captured by a closure", name);
            self.g.flow(k, l);
        }
    }

    pub fn block(&mut self, b: &Block) {
        for s in &b.stmts {
            self.stmt(s);
        }
    }

    fn stmts(&mut self, ss: &[Stmt]) {
        for s in ss {
            self.stmt(s);
        }
    }

    fn opt_stmt(&mut self, s: Option<&Stmt>) {
        if let Some(s) = s {
            self.stmt(s);
        }
    }

    fn in_loop(&mut self, f: impl FnOnce(&mut Self)) {
        self.loop_depth += 1;
        f(self);
        self.loop_depth -= 1;
    }

    pub fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Expr(e) => self.expr(Hole::DISCARD, e),
            Stmt::Send { ch, value, pos } => {
                self.expr(Hole::DISCARD, ch);
                let t = self.chan_elem(ch);
                let k = self.note(Hole::heap(), *pos, "send", |i| {
                    format!("{} <- {}", text::node(i, ch), text::node(i, value))
                });
                self.expr_conv(k, value, t);
            }
            Stmt::IncDec { x, .. } => {
                let k = self.addr_of_lhs(x, AssignOp::Assign);
                self.reassigned(&[k]);
            }
            Stmt::Assign { lhs, op, rhs, pos } => self.assign(lhs, *op, rhs, *pos),
            Stmt::Decl(d) => {
                if let Decl::Var(specs) = &**d {
                    specs.iter().for_each(|v| self.var_spec(v));
                }
            }
            Stmt::Go { call, .. } => self.go_defer(call, true),
            Stmt::Defer { call, .. } => {
                let heap = self.loop_depth > 0 || self.mode == Mode::Mini;
                self.go_defer(call, heap)
            }
            Stmt::Return { results, pos } => self.return_stmt(results, *pos),
            Stmt::Block(b) => self.block(b),
            Stmt::If {
                init,
                cond,
                then,
                els,
                ..
            } => {
                self.opt_stmt(init.as_deref());
                self.expr(Hole::DISCARD, cond);
                self.block(then);
                self.opt_stmt(els.as_deref());
            }
            Stmt::Switch {
                init, tag, clauses, ..
            } => {
                self.opt_stmt(init.as_deref());
                if let Some(t) = tag {
                    self.expr(Hole::DISCARD, t);
                }
                for c in clauses {
                    for e in c.exprs.iter().flatten() {
                        self.expr(Hole::DISCARD, e);
                    }
                    self.stmts(&c.body);
                }
            }
            Stmt::TypeSwitch {
                init, x, clauses, ..
            } => self.type_switch(init.as_deref(), x, clauses),
            Stmt::Select { clauses, .. } => {
                for c in clauses {
                    self.opt_stmt(c.comm.as_deref());
                    self.stmts(&c.body);
                }
            }
            Stmt::For {
                init,
                cond,
                post,
                body,
                ..
            } => self.in_loop(|b| {
                // Go 1.22: variables declared by the init statement are per iteration.
                b.opt_stmt(init.as_deref());
                if let Some(c) = cond {
                    b.expr(Hole::DISCARD, c);
                }
                b.opt_stmt(post.as_deref());
                b.block(body);
            }),
            Stmt::Range {
                key,
                value,
                define,
                x,
                body,
                pos,
            } => self.range(key.as_deref(), value.as_deref(), (*define, *pos), x, body),
            Stmt::Labeled { label, stmt } => {
                if self.looping_labels.contains(&label.name) {
                    self.loop_depth += 1;
                }
                self.stmt(stmt)
            }
            _ => {}
        }
    }

    fn chan_elem(&self, ch: &Expr) -> Option<TypeId> {
        let t = self.type_of(ch)?;
        match self.info.types.under(t) {
            crate::types::TypeData::Chan(_, e) => Some(*e),
            _ => None,
        }
    }

    fn var_spec(&mut self, v: &ast::VarSpec) {
        let lhs: Vec<Expr> = v.names.iter().map(ident_expr).collect();
        let pos = v.names.first().map_or(0, |n| n.pos);
        let note = |b: &mut Self, k: Hole| {
            let why = assign_why(&lhs, &v.values);
            b.note(k, pos, why, |i| {
                text::assign(i, &lhs, AssignOp::Define, &v.values)
            })
        };
        if v.values.len() == 1 && v.names.len() > 1 {
            let mut ks: Vec<Hole> = v.names.iter().map(|n| self.declare(n)).collect();
            if !is_call(&v.values[0]) {
                ks[0] = note(self, ks[0]);
            }
            self.call_or_value(&ks, &v.values[0]);
            return;
        }
        for (i, n) in v.names.iter().enumerate() {
            let k = self.declare(n);
            let t = self.info.defs.get(&n.pos).and_then(|&o| self.obj_type(o));
            if let Some(val) = v.values.get(i) {
                let k = note(self, k);
                self.expr_conv(k, val, t);
            }
        }
    }

    /// An assignment: the destinations' holes, then the values, then (as Go does) the
    /// destinations that are not being declared here are marked reassigned.
    fn assign(&mut self, lhs: &[Expr], op: AssignOp, rhs: &[Expr], pos: Pos) {
        let ks: Vec<(Hole, bool)> = lhs.iter().map(|l| self.addr_of_lhs(l, op)).collect();
        let why = assign_why(lhs, rhs);
        let mut holes: Vec<Hole> = ks.iter().map(|k| k.0).collect();
        let pair_call = rhs.len() == 1 && lhs.len() > 1 && is_call(&rhs[0]);
        for k in holes.iter_mut().take(if pair_call { 0 } else { rhs.len() }) {
            *k = self.note(*k, pos, why, |i| text::assign(i, lhs, op, rhs));
        }
        if rhs.len() == 1 && lhs.len() > 1 {
            self.call_or_value(&holes, &rhs[0]);
        } else {
            for (k, (l, r)) in holes.iter().zip(lhs.iter().zip(rhs)) {
                let t = self.type_of(l);
                self.expr_conv(*k, r, t);
            }
        }
        self.reassigned(&ks);
    }

    fn reassigned(&mut self, ks: &[(Hole, bool)]) {
        for &(k, declared) in ks {
            match k.dst {
                Some(d) if d != HEAP && !declared => self.g.locs[d].reassigned = true,
                _ => {}
            }
        }
    }

    /// The hole of an assignment's left side (a local variable, the heap for anything
    /// reached through a pointer, slice or map, nothing for `_`) and whether this
    /// declares it.
    fn addr_of_lhs(&mut self, l: &Expr, op: AssignOp) -> (Hole, bool) {
        if op == AssignOp::Define {
            if let ExprKind::Ident(name) = &l.kind {
                if self.info.defs.contains_key(&l.pos()) {
                    let k = self.declare(&ast::Ident {
                        name: name.clone(),
                        pos: l.pos(),
                    });
                    return (k, true);
                }
            }
        }
        (self.addr(l), false)
    }

    fn return_stmt(&mut self, results: &[Expr], pos: Pos) {
        let ks: Vec<Hole> = self.results.iter().map(|&r| Hole::to(r)).collect();
        if results.len() == 1 && ks.len() > 1 {
            self.call_or_value(&ks, &results[0]);
            return;
        }
        for (i, r) in results.iter().enumerate() {
            let k = ks.get(i).copied().unwrap_or(Hole::DISCARD);
            let k = self.note(k, pos, "return", |i| {
                format!("return {}", text::list(i, results))
            });
            let t = self.result_type(i);
            self.expr_conv(k, r, t);
        }
    }

    fn result_type(&self, i: usize) -> Option<TypeId> {
        self.result_types.get(i).copied().flatten()
    }

    /// `go f(x)` and `defer f(x)` in a loop: the call is a closure that outlives the
    /// statement, so the function value and the arguments go to the heap. A `defer` outside
    /// loops runs before the frame dies: its call is analysed like any other.
    fn go_defer(&mut self, call: &Expr, heap: bool) {
        if !heap {
            self.expr(Hole::DISCARD, call);
            return;
        }
        let ExprKind::Call { fun, args, .. } = &call.unparen().kind else {
            self.expr(Hole::heap(), call);
            return;
        };
        if self.is_builtin_or_conversion(fun) {
            self.expr(Hole::DISCARD, call);
            return;
        }
        self.expr(Hole::heap(), fun);
        for a in args {
            self.expr(Hole::heap(), a);
        }
    }

    fn type_switch(&mut self, init: Option<&Stmt>, x: &Expr, clauses: &[ast::CaseClause]) {
        self.opt_stmt(init);
        let mut ks = Vec::new();
        for c in clauses {
            let Some(&obj) = self.info.implicits.get(&c.pos) else {
                continue;
            };
            let l = self.var_loc(obj);
            let t = self.obj_type(obj);
            let mut k = Hole::to(l);
            if t.is_some_and(|t| !self.info.types.is_interface(t) && !self.pointer_shaped(t)) {
                k = k.deref();
            }
            ks.push(k);
        }
        let k = self.tee(&ks);
        self.expr(k, x);
        for c in clauses {
            self.stmts(&c.body);
        }
    }

    fn range(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        (define, pos): (bool, Pos),
        x: &Expr,
        body: &Block,
    ) {
        let tmp = self.new_loc(LocKind::Pseudo);
        self.expr(Hole::to(tmp), x);
        if self.mode == Mode::Mini && crate::codegen::ranges_over_func(self.info, x) {
            self.body_in_closure(key, value, define, pos, body);
        }
        self.in_loop(|b| {
            let op = if define {
                AssignOp::Define
            } else {
                AssignOp::Assign
            };
            let mut ks = Vec::new();
            if let Some(k) = key {
                ks.push(b.addr_of_lhs(k, op));
            }
            if let Some(v) = value {
                let (k, declared) = b.addr_of_lhs(v, op);
                ks.push((k, declared));
                let is_array = b.type_of(x).is_some_and(|t| {
                    matches!(b.info.types.under(t), crate::types::TypeData::Array(..))
                });
                let scalar = b
                    .type_of(v)
                    .is_some_and(|t| !super::size::has_pointers(&b.info.types, t));
                let k = match (scalar, is_array) {
                    (true, _) => Hole::DISCARD,
                    (false, true) => b.note(k, pos, "range", |_| "for loop".into()),
                    (false, false) => b.note(k, pos, "range-deref", |_| "for loop".into()).deref(),
                };
                b.g.flow(k, tmp);
            }
            b.reassigned(&ks);
            b.block(body);
        });
    }
}

impl Builder<'_> {
    /// Mini compiles a range-over-func loop's body as a closure whose outer variables (and
    /// the function's results, which a `return` in the body sets) live in heap boxes: their
    /// addresses go to the heap, and so does whatever they hold.
    fn body_in_closure(
        &mut self,
        key: Option<&Expr>,
        value: Option<&Expr>,
        define: bool,
        pos: Pos,
        body: &Block,
    ) {
        let targets: Vec<&Expr> = [key, value]
            .into_iter()
            .flatten()
            .filter(|_| !define)
            .collect();
        let outer = crate::codegen::range_free_variables(self.info, body, &targets, pos);
        for v in outer {
            let l = self.var_loc(v);
            self.g.flow(Hole::heap().addr(), l);
        }
        for l in self.results.clone() {
            self.g.flow(Hole::heap().addr(), l);
        }
    }
}

/// Go's reason for an assignment of `rhs` to `lhs` (`assign`, `assign-pair`,
/// `assign-pair-dot-type`, ...).
fn assign_why(lhs: &[Expr], rhs: &[Expr]) -> &'static str {
    if lhs.len() == 1 {
        return "assign";
    }
    match rhs {
        [r] => match &r.unparen().kind {
            ExprKind::TypeAssert { .. } => "assign-pair-dot-type",
            ExprKind::Index { .. } => "assign-pair-mapr",
            ExprKind::Unary {
                op: ast::UnaryOp::Recv,
                ..
            } => "assign-pair-receive",
            _ => "assign-pair",
        },
        _ => "assign-pair",
    }
}

fn is_call(e: &Expr) -> bool {
    matches!(e.unparen().kind, ExprKind::Call { .. })
}

/// An identifier as an expression (to print a declaration like an assignment).
fn ident_expr(n: &ast::Ident) -> Expr {
    Expr {
        id: ExprId(u32::MAX),
        span: ast::Span {
            lo: n.pos,
            hi: n.pos,
        },
        kind: ExprKind::Ident(n.name.clone()),
    }
}

/// Where function literal `lit` first uses variable `v`.
fn first_use(info: &Info, lit: &Expr, v: ObjId) -> Pos {
    let mut first = None;
    crate::codegen::each_expr(lit, &mut |e: &Expr| {
        if first.is_none() && info.uses.get(&e.id) == Some(&v) {
            first = Some(e.pos());
        }
    });
    first.unwrap_or_else(|| lit.pos())
}

/// The labels of `body` (not of its function literals) that a `goto` after them jumps back
/// to (Go's "looping" labels).
fn looping_labels(body: &Block) -> Vec<String> {
    let mut seen = Vec::new();
    let mut looping = Vec::new();
    for s in &body.stmts {
        crate::codegen::each_stmt(s, &mut |s| match s {
            Stmt::Labeled { label, .. } => seen.push(label.name.clone()),
            Stmt::Goto { label, .. } if seen.contains(&label.name) => {
                looping.push(label.name.clone())
            }
            _ => {}
        });
    }
    looping
}
