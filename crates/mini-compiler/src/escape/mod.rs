//! Escape analysis (Go's `cmd/compile/internal/escape`): for every variable and allocation
//! site, whether it can live in the frame or must go to the heap.
//!
//! One concern per file: `graph.rs` (locations, edges, holes), `build.rs` and `exprs.rs`,
//! `calls.rs` (walking functions into the graph), `solve.rs` (which locations escape, where
//! parameters leak), `tags.rs` (leak tags and the call graph's components), `report.rs`
//! (Go's `-m` lines), `explain.rs` (Go's `-m=2` explanations), `text.rs` (how Go prints
//! expressions), `size.rs` (byte sizes).
//!
//! The analysis runs in two modes. [`Mode::Go`] models Go's compiler and produces the `-m`
//! report. [`Mode::Mini`] is what code generation uses: it adds what Mini's VM cannot keep
//! in a frame (closures, interface boxes, slices' backing arrays, deferred calls' records
//! are always heap objects), so anything whose address flows into those escapes too.

mod build;
mod calls;
mod explain;
mod exprs;
mod graph;
mod report;
mod size;
mod solve;
mod tags;
mod text;

use hashbrown::{HashMap, HashSet};

use crate::ast::{Decl, ExprId, ExprKind, File, FuncDecl, Pos};
use crate::check::{Info, ObjId, ObjKind};
use crate::types::TypeId;
use build::Builder;
use graph::LocKind;
pub(crate) use size::bytes as type_bytes;
pub use tags::Leaks;

/// Which model the analysis follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Go's compiler (for the `-m` report).
    Go,
    /// Mini's VM (for code generation).
    Mini,
}

/// The analysis' decisions for one file.
#[derive(Default)]
pub struct Escapes {
    /// Local variables (and parameters) that must live in heap boxes.
    pub heap_vars: HashSet<ObjId>,
    /// Every variable the analysis saw (the program's own functions' locals).
    pub analysed: HashSet<ObjId>,
    /// `new(T)`, `&T{...}` and `make` sites that stay in the frame.
    pub frame_sites: HashSet<ExprId>,
    /// Variables never assigned after their declaration, never address-taken and never
    /// captured by a closure: a pointer variable among them initialised by a frame site
    /// points at that site for its whole life.
    pub unchanged_vars: HashSet<ObjId>,
    /// `append` sites whose result does not escape (in [`Mode::Go`] only: Mini keeps every
    /// backing array on the heap). Go gives such a slice a 32-byte buffer in the frame for
    /// its first growth, which shows in `cap`.
    pub frame_appends: HashSet<ExprId>,
    /// Whether each parameter (receiver first) of the program's functions leaks anywhere
    /// (Go's escape tags: to the heap or to a result).
    pub param_leaks: HashMap<ObjId, Vec<bool>>,
    /// Go's `-m` lines: position and message, in the order Go emits them (print them
    /// sorted by line with a stable sort, as Go does).
    pub messages: Vec<(Pos, String)>,
    /// Go's `-m=2` report (only from [`explain`]), in Go's order.
    pub explained: Vec<ExplainLine>,
}

/// One line of the `-m=2` report: its position, its text and the position some lines end
/// with (` at FILE:LINE:COL`).
#[derive(Clone, Debug)]
pub struct ExplainLine {
    pub pos: Pos,
    pub text: String,
    pub at: Option<Pos>,
    /// Part of a batch's `-m` lines, which print sorted by line (stably) as in the `-m`
    /// report; explanations print in the order they were found.
    pub sorted: bool,
}

impl ExplainLine {
    pub(crate) fn new(pos: Pos, text: String, at: Option<Pos>) -> ExplainLine {
        ExplainLine {
            pos,
            text,
            at,
            sorted: false,
        }
    }
}

/// Analyses every function of `file` bottom-up over the call graph.
pub fn analyze(info: &Info, file: &File, mode: Mode) -> Escapes {
    Plan::of(info, file).run(mode, Output::Messages)
}

/// What code generation reads, without the `-m` messages: the decisions of [`Mode::Mini`]
/// and of [`Mode::Go`], in that order, from one look at the file's call graph.
pub fn decide(info: &Info, file: &File) -> (Escapes, Escapes) {
    let plan = Plan::of(info, file);
    (
        plan.run(Mode::Mini, Output::Decisions),
        plan.run(Mode::Go, Output::Decisions),
    )
}

/// [`analyze`] in [`Mode::Go`] with Go's `-m=2` explanations ([`Escapes::explained`]).
pub fn explain(info: &Info, file: &File) -> Escapes {
    Plan::of(info, file).run(Mode::Go, Output::Explanations)
}

/// What an analysis produces besides its decisions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Decisions,
    /// Go's `-m` lines ([`Escapes::messages`]).
    Messages,
    /// The `-m` lines and Go's `-m=2` explanations ([`Escapes::explained`]).
    Explanations,
}

/// The file's functions, their methods by receiver type and the order to analyse them in:
/// the strongly connected components of the call graph, callees first.
struct Plan<'a> {
    info: &'a Info,
    decls: Vec<(ObjId, &'a FuncDecl)>,
    methods: MethodTable,
    batches: Vec<Vec<usize>>,
}

impl<'a> Plan<'a> {
    fn of(info: &'a Info, file: &'a File) -> Plan<'a> {
        let decls: Vec<(ObjId, &FuncDecl)> = file
            .decls
            .iter()
            .filter_map(|d| match d {
                Decl::Func(f) if f.body.is_some() && !f.is_generic() => {
                    info.defs.get(&f.name.pos).map(|&o| (o, f))
                }
                _ => None,
            })
            .collect();
        let methods = method_table(info, &decls);
        let index: HashMap<ObjId, usize> =
            decls.iter().enumerate().map(|(i, d)| (d.0, i)).collect();
        let edges: Vec<Vec<usize>> = decls
            .iter()
            .map(|(_, f)| callees(info, f, &methods, &index))
            .collect();
        Plan {
            info,
            batches: tags::sccs(&edges),
            decls,
            methods,
        }
    }

    fn run(&self, mode: Mode, output: Output) -> Escapes {
        let mut tags: HashMap<ObjId, Vec<Leaks>> = HashMap::new();
        let mut out = Escapes::default();
        for batch in &self.batches {
            let fns: Vec<(ObjId, &FuncDecl)> = batch.iter().map(|&i| self.decls[i]).collect();
            let ctx = BatchContext {
                info: self.info,
                mode,
                output,
                tags: &tags,
                methods: &self.methods,
            };
            let new_tags = analyze_batch(&ctx, &fns, &mut out);
            tags.extend(new_tags);
        }
        out.param_leaks = tags
            .iter()
            .map(|(&f, params)| {
                let leaks = params
                    .iter()
                    .map(|l| l.heap.is_some() || l.results.iter().any(Option::is_some))
                    .collect();
                (f, leaks)
            })
            .collect();
        out
    }
}

/// Methods declared in the file, by receiver base type and name.
#[derive(Default)]
pub(crate) struct MethodTable(HashMap<TypeId, HashMap<String, ObjId>>);

impl MethodTable {
    pub(crate) fn get(&self, t: TypeId, name: &str) -> Option<ObjId> {
        self.0.get(&t)?.get(name).copied()
    }
}

fn method_table(info: &Info, decls: &[(ObjId, &FuncDecl)]) -> MethodTable {
    let mut table = MethodTable::default();
    for &(obj, f) in decls {
        if let ObjKind::Func { recv: Some(t), .. } = info.objects[obj.0 as usize].kind {
            let methods = table.0.entry(base_type(info, t)).or_default();
            methods.insert(f.name.name.clone(), obj);
        }
    }
    table
}

/// A method's receiver base type: `T` for `T` and `*T`.
pub(crate) fn base_type(info: &Info, t: TypeId) -> TypeId {
    match info.types.get(t) {
        crate::types::TypeData::Pointer(p) => *p,
        _ => t,
    }
}

/// The functions of the file that `f` calls by name (or as methods of a known type).
fn callees(
    info: &Info,
    f: &FuncDecl,
    methods: &MethodTable,
    index: &HashMap<ObjId, usize>,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = hashbrown::HashSet::new();
    let Some(body) = &f.body else {
        return out;
    };
    let mut note = |e: &crate::ast::Expr| {
        let target = match &e.kind {
            ExprKind::Ident(_) => info.uses.get(&e.id).copied(),
            ExprKind::Selector { x, sel } => {
                let t = info
                    .exprs
                    .get(x.id.0 as usize)
                    .and_then(|i| i.as_ref())
                    .map(|i| base_type(info, i.typ));
                t.and_then(|t| methods.get(t, &sel.name))
            }
            _ => None,
        };
        if let Some(&i) = target.and_then(|t| index.get(&t)) {
            if seen.insert(i) {
                out.push(i);
            }
        }
    };
    for s in &body.stmts {
        crate::codegen::each_expr_in_stmt(s, &mut note);
    }
    out
}

/// What every batch of an analysis shares.
struct BatchContext<'a> {
    info: &'a Info,
    mode: Mode,
    output: Output,
    tags: &'a HashMap<ObjId, Vec<Leaks>>,
    methods: &'a MethodTable,
}

/// Go's name for a declared function: `f`, `T.m` or `(*T).m`.
fn func_name(f: &FuncDecl) -> String {
    let Some(recv) = &f.recv else {
        return f.name.name.clone();
    };
    let (star, t) = match &recv.typ.unparen().kind {
        ExprKind::Unary { x, .. } => (true, x.unparen()),
        _ => (false, recv.typ.unparen()),
    };
    let base = match &t.kind {
        ExprKind::Ident(n) => n.clone(),
        _ => "?".into(),
    };
    if star {
        format!("(*{base}).{}", f.name.name)
    } else {
        format!("{base}.{}", f.name.name)
    }
}

/// Builds, solves and reports one strongly connected component of the call graph; returns
/// its functions' leak tags.
fn analyze_batch(
    ctx: &BatchContext,
    fns: &[(ObjId, &FuncDecl)],
    out: &mut Escapes,
) -> HashMap<ObjId, Vec<Leaks>> {
    let mut b = Builder::new(ctx.info, ctx.mode, ctx.tags, ctx.methods);
    b.g.explain = ctx.output == Output::Explanations;
    b.report = ctx.output != Output::Decisions;
    let mut started = Vec::new();
    for &(obj, f) in fns {
        let (index, locs) = b.init_func(None, func_name(f), f.recv.as_ref(), &f.sig);
        b.batch.insert(obj, locs.clone());
        started.push((index, locs));
    }
    for (&(_, f), (index, locs)) in fns.iter().zip(&started) {
        if let Some(body) = &f.body {
            b.walk_body(*index, locs, &f.sig, body);
        }
    }
    let mut events = b.build_events();
    solve::solve(&mut b.g);
    events.append(&mut b.g.events);
    let first = out.messages.len();
    if b.report {
        report::collect(&b, out);
    }
    if b.g.explain {
        explain::render(&b, &events, &mut out.explained);
        out.explained
            .extend(out.messages[first..].iter().map(|(pos, text)| ExplainLine {
                sorted: true,
                ..ExplainLine::new(*pos, text.clone(), None)
            }));
    }
    record_decisions(&b, out);
    fns.iter()
        .zip(&started)
        .map(|(&(obj, _), (_, locs))| {
            let t: Vec<Leaks> = locs
                .params
                .iter()
                .map(|p| p.map_or_else(Leaks::default, |l| b.g.locs[l].leaks.clone()))
                .collect();
            (obj, t)
        })
        .collect()
}

/// Copies a solved batch's decisions for code generation into `out`.
fn record_decisions(b: &Builder, out: &mut Escapes) {
    for l in &b.g.locs {
        if let LocKind::Var(obj) = l.kind {
            out.analysed.insert(obj);
            if !l.reassigned && !l.addrtaken && !l.captured {
                out.unchanged_vars.insert(obj);
            }
            if l.escapes {
                out.heap_vars.insert(obj);
            }
        }
    }
    for &l in &b.frame_sites {
        if let (LocKind::Site { id, .. }, false) = (&b.g.locs[l].kind, b.g.locs[l].escapes) {
            out.frame_sites.insert(*id);
        }
    }
    for loc in &b.g.locs {
        match &loc.kind {
            LocKind::Site { id, append, .. } if *append && !loc.escapes => {
                out.frame_appends.insert(*id);
            }
            _ => {}
        }
    }
}

impl Escapes {
    /// Whether a closure may capture `v` by value (a copy): the analysis saw it and it does
    /// not escape (Mini's closures are heap objects, so a capture by reference escapes).
    pub fn captured_by_value(&self, v: ObjId) -> bool {
        self.analysed.contains(&v) && !self.heap_vars.contains(&v)
    }
}
