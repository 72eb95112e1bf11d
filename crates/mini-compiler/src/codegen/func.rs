//! Per-function code generation state: registers, instructions, jumps and loop contexts.

use hashbrown::HashMap;

use super::layout::Layout;
use super::{Code, Generator};
use crate::ast::{self, Decl, File, Pos};
use crate::check::{ObjId, ObjKind};
use crate::types::TypeId;
use mini_bytecode::{FuncProto, Instr, SlotKind};

/// A `break`/`continue` target: a loop, switch or select being compiled.
pub(crate) struct Breakable {
    pub label: Option<String>,
    pub is_loop: bool,
    /// Jumps to patch to the statement's end.
    pub breaks: Vec<usize>,
    /// Jumps to patch to the loop's continue point.
    pub continues: Vec<usize>,
}

/// The function being compiled.
pub(crate) struct FuncBuilder<'g, 'a> {
    pub g: &'g mut Generator<'a>,
    pub code: Vec<Instr>,
    pub lines: Vec<u32>,
    pub kinds: Vec<SlotKind>,
    /// Local variable → its first register.
    pub locals: HashMap<ObjId, u8>,
    /// Local variable living in a heap box → the register holding its pointer.
    pub boxed: HashMap<ObjId, u8>,
    /// Variables whose address is taken somewhere in the function.
    pub escaping: hashbrown::HashSet<ObjId>,
    /// Address-taken locals escape analysis keeps in the frame → their reserved registers.
    pub frame_vars: HashMap<ObjId, u8>,
    /// Address-taken parameters escape analysis keeps in their registers.
    pub frame_params: hashbrown::HashSet<ObjId>,
    /// `new(T)` / `&T{...}` sites kept in the frame → their reserved registers.
    pub frame_sites: HashMap<ast::ExprId, u8>,
    /// Pointer variables that hold a pointer to one frame site all their life → its
    /// registers (`p.f` and `*p` are those registers).
    pub frame_aliases: HashMap<ObjId, u8>,
    /// The calls inlined so far (`inline.rs`), and whether one is being inlined now.
    pub inlined: Vec<mini_bytecode::proto::InlinedCall>,
    pub inlining: bool,
    /// The first free register; temporaries above the locals are released after each statement.
    pub top: usize,
    /// The end of the highest local variable's registers.
    pub locals_end: usize,
    pub line: u32,
    /// The position `at` last recorded: where a limit of the code itself is reported.
    pub pos: Pos,
    pub breakables: Vec<Breakable>,
    /// The function's result types, and their registers when the results are named.
    pub results: Vec<TypeId>,
    pub named_results: Vec<u8>,
    /// The named results' variables (registers or boxes), in order.
    pub named_result_objs: Vec<ObjId>,
    /// The function has `defer` statements: every return runs them first.
    pub has_defers: bool,
    /// A `go` statement is being compiled: its call is laid out like a deferred call and
    /// started as a goroutine.
    pub spawning: bool,
    /// A register limit or unsupported construct was hit; the function is discarded.
    pub failed: bool,
    /// Go's name of the function (`main.main`), and how many literals it has so far.
    pub name: String,
    pub literals: u32,
    /// `append` sites that may take Go's frame buffer → the registers of that buffer.
    pub append_buffers: HashMap<ast::ExprId, super::append_buffers::AppendBuffer>,
    /// Slice variables Go moves to the heap at one statement → their buffers.
    pub slice_buffers: HashMap<ObjId, super::append_buffers::SliceBuffer>,
    /// The statements (by position) before which slices move to the heap.
    pub moves: HashMap<Pos, Vec<ObjId>>,
    /// `append` sites of moved slices that grow within the buffer → its array's register.
    pub grow_in_buffer: HashMap<ast::ExprId, u8>,
    /// `append` sites of moved slices that take the buffer as if they did not escape.
    pub forced_appends: hashbrown::HashSet<ast::ExprId>,
    /// Where each label of the function is, once emitted.
    pub labels: HashMap<String, usize>,
    /// `goto`s to labels not emitted yet: the label and the jump to patch.
    pub gotos: Vec<(String, usize)>,
    /// Set while compiling a range-over-func loop body as its `yield` closure.
    pub range_body: Option<super::rangefunc::RangeBody>,
}

impl<'g, 'a> FuncBuilder<'g, 'a> {
    pub fn new(g: &'g mut Generator<'a>) -> FuncBuilder<'g, 'a> {
        FuncBuilder {
            g,
            code: Vec::new(),
            lines: Vec::new(),
            kinds: Vec::new(),
            locals: HashMap::new(),
            boxed: HashMap::new(),
            escaping: hashbrown::HashSet::new(),
            frame_vars: HashMap::new(),
            frame_params: hashbrown::HashSet::new(),
            frame_sites: HashMap::new(),
            frame_aliases: HashMap::new(),
            inlined: Vec::new(),
            inlining: false,
            top: 0,
            locals_end: 0,
            line: 0,
            pos: 0,
            breakables: Vec::new(),
            results: Vec::new(),
            named_results: Vec::new(),
            named_result_objs: Vec::new(),
            has_defers: false,
            spawning: false,
            failed: false,
            name: String::new(),
            literals: 0,
            append_buffers: HashMap::new(),
            slice_buffers: HashMap::new(),
            moves: HashMap::new(),
            grow_in_buffer: HashMap::new(),
            forced_appends: hashbrown::HashSet::new(),
            labels: HashMap::new(),
            gotos: Vec::new(),
            range_body: None,
        }
    }

    pub fn emit(&mut self, i: Instr) -> usize {
        self.code.push(i);
        self.lines.push(self.line);
        self.code.len() - 1
    }

    /// Records the source line for the instructions that follow.
    pub fn at(&mut self, pos: Pos) {
        self.line = self.g.line(pos);
        self.pos = pos;
    }

    pub fn unsupported(&mut self, pos: Pos, what: &str) {
        self.g.unsupported(pos, what);
        self.failed = true;
    }

    /// Allocates registers for a value of `layout`, at or above `top`, where the registers'
    /// kinds agree with the layout (a register keeps one kind for the whole function, so the
    /// collector can scan frames by the prototype's kind map).
    pub fn alloc(&mut self, layout: &Layout, pos: Pos) -> u8 {
        let size = layout.kinds.len();
        let mut r = self.top;
        while !(0..size).all(|i| self.kinds.get(r + i).is_none_or(|k| *k == layout.kinds[i])) {
            r += 1;
        }
        if r + size > 250 {
            self.unsupported(pos, "functions needing more than 250 registers");
            return 0;
        }
        for (i, k) in layout.kinds.iter().enumerate() {
            if r + i < self.kinds.len() {
                continue;
            }
            while self.kinds.len() < r + i {
                self.kinds.push(SlotKind::Scalar);
            }
            self.kinds.push(*k);
        }
        self.top = r + size;
        r as u8
    }

    /// Makes the frame at least `n` registers long: a native's results may extend past its
    /// argument block (the extra registers are cleared with the block after the call).
    pub fn reserve(&mut self, n: usize) {
        while self.kinds.len() < n {
            self.kinds.push(SlotKind::Scalar);
        }
    }

    /// Allocates one scalar register.
    pub fn scalar(&mut self, pos: Pos) -> u8 {
        self.alloc(&Layout::of(&[SlotKind::Scalar]), pos)
    }

    /// Emits a forward jump to be patched later.
    pub fn jump_placeholder(&mut self, i: Instr) -> usize {
        self.emit(i)
    }

    /// Points the jump at `at` to the next instruction to be emitted.
    pub fn patch_here(&mut self, at: usize) {
        let target = self.code.len();
        self.patch(at, target);
    }

    pub fn patch(&mut self, at: usize, target: usize) {
        let offset = target as i64 - (at as i64 + 1);
        let Ok(s) = i16::try_from(offset) else {
            self.unsupported(self.pos, "jumps over more than 32767 instructions");
            return;
        };
        self.code[at] = match self.code[at] {
            Instr::Jump { .. } => Instr::Jump { s },
            Instr::JumpIf { a, .. } => Instr::JumpIf { a, s },
            Instr::JumpIfNot { a, .. } => Instr::JumpIfNot { a, s },
            other => other,
        };
    }

    /// Emits a backward jump to `target`.
    pub fn jump_back(&mut self, target: usize) {
        let at = self.emit(Instr::Jump { s: 0 });
        self.patch(at, target);
    }

    /// Copies a value of `size` slots.
    pub fn mov(&mut self, dst: u8, src: u8, size: u8) {
        if dst == src {
            return;
        }
        match size {
            0 => {}
            1 => {
                self.emit(Instr::Move { a: dst, b: src });
            }
            n => {
                self.emit(Instr::MoveN {
                    a: dst,
                    b: src,
                    c: n,
                });
            }
        }
    }

    /// Declares a local variable: registers (returned), or a new zeroed heap box when its
    /// address is taken (then `None`: use its place).
    pub fn declare_local(&mut self, obj: ObjId, typ: TypeId, pos: Pos) -> Option<u8> {
        if let Some(&r) = self.frame_vars.get(&obj) {
            self.locals.insert(obj, r);
            return Some(r);
        }
        if self.escaping.contains(&obj) || self.by_pointer(typ) {
            let p = self.pointer_regs(pos);
            self.locals_end = self.locals_end.max(p as usize + 2);
            if self.new_box(typ, p, pos) {
                self.boxed.insert(obj, p);
            }
            return None;
        }
        let layout = self.g.layout(typ, pos)?;
        let r = self.alloc(&layout, pos);
        self.locals.insert(obj, r);
        self.locals_end = self.locals_end.max(r as usize + layout.kinds.len());
        Some(r)
    }

    pub fn finish(self) -> Code {
        Code {
            code: self.code,
            lines: self.lines,
            slot_kinds: self.kinds,
            inlined: self.inlined,
        }
    }
}

/// Compiles one function declaration.
pub(crate) fn compile_func(
    g: &mut Generator,
    name: String,
    f: &ast::FuncDecl,
) -> Option<FuncProto> {
    let body = f.body.as_ref()?;
    let mut params: Vec<ast::Field> = f.recv.iter().cloned().collect();
    params.extend(f.sig.params.iter().cloned());
    compile_body(g, name, &params, &f.sig.results, body, None)
}

/// Compiles a function literal capturing `captures` (by reference, through their boxes).
pub(crate) fn compile_literal(
    g: &mut Generator,
    name: String,
    sig: &ast::FuncType,
    body: &ast::Block,
    captures: &[ObjId],
) -> Option<FuncProto> {
    compile_body(g, name, &sig.params, &sig.results, body, Some(captures))
}

/// The common part: parameters (after the function value itself for literals), captured
/// variables, named results, the body and a final return.
fn compile_body(
    g: &mut Generator,
    name: String,
    params: &[ast::Field],
    results: &[ast::Field],
    body: &ast::Block,
    captures: Option<&[ObjId]>,
) -> Option<FuncProto> {
    let mut b = FuncBuilder::new(g);
    b.name = name.clone();
    b.at(body.lbrace);
    b.escaping = match &b.g.escapes {
        Some(esc) => super::places::address_taken(b.g.info, body, &|v| esc.captured_by_value(v)),
        None => super::places::address_taken(b.g.info, body, &|_| false),
    };
    if super::rangefunc::stmts_have_range_func(b.g.info, &body.stmts) {
        // A loop body compiled as a closure may set the named results.
        let named = results.iter().flat_map(|f| &f.names);
        let objs: Vec<ObjId> = named
            .filter_map(|n| b.g.info.defs.get(&n.pos).copied())
            .collect();
        b.escaping.extend(objs);
    }
    b.has_defers = contains_defer(&body.stmts);
    if captures.is_some() {
        b.alloc(&Layout::of(&[SlotKind::Ref]), body.lbrace);
        b.locals_end = 1;
    }
    let param_slots = declare_fields(&mut b, params)?;
    b.reserve_frame_values(params, body);
    b.box_params(params);
    b.load_captures(captures.unwrap_or(&[]), body.lbrace);
    let mut result_slots = 0u32;
    for field in results {
        let t = field_type(&b, field)?;
        let layout = b.g.layout(t, field.typ.pos())?;
        let count = field.names.len().max(1);
        result_slots += layout.size() as u32 * count as u32;
        for _ in 0..count {
            b.results.push(t);
        }
        for n in &field.names {
            let obj = *b.g.info.defs.get(&n.pos)?;
            b.named_result_objs.push(obj);
            if let Some(r) = b.declare_local(obj, t, n.pos) {
                b.named_results.push(r);
            }
        }
    }
    b.reserve_append_buffers(params, results, &body.stmts);
    b.stmts(&body.stmts);
    b.at(body.rbrace);
    b.emit_bare_return(body.rbrace);
    // Where the function resumes after a deferred call recovers a panic: the rest of its
    // deferred calls, then its named results (or zero values).
    let recover_pc = b.has_defers.then(|| {
        let pc = b.code.len() as u32;
        b.emit_bare_return(body.rbrace);
        pc
    });
    if b.failed {
        return None;
    }
    let code = b.finish();
    Some(FuncProto {
        recover_pc,
        name,
        code: code.code,
        lines: code.lines,
        slot_kinds: code.slot_kinds,
        param_slots,
        result_slots,
        is_closure: captures.is_some(),
        captures: captures.map_or(0, |c| c.len() as u32),
        wrapper: false,
        inlined: code.inlined,
    })
}

/// Whether `stmts` contain a `defer` (outside nested function literals).
pub(crate) fn contains_defer(stmts: &[ast::Stmt]) -> bool {
    use ast::Stmt;
    stmts.iter().any(|s| match s {
        Stmt::Defer { .. } => true,
        Stmt::Block(b) | Stmt::For { body: b, .. } | Stmt::Range { body: b, .. } => {
            contains_defer(&b.stmts)
        }
        Stmt::If { then, els, .. } => {
            contains_defer(&then.stmts)
                || els
                    .as_deref()
                    .is_some_and(|e| contains_defer(std::slice::from_ref(e)))
        }
        Stmt::Switch { clauses, .. } | Stmt::TypeSwitch { clauses, .. } => {
            clauses.iter().any(|c| contains_defer(&c.body))
        }
        Stmt::Select { clauses, .. } => clauses.iter().any(|c| contains_defer(&c.body)),
        Stmt::Labeled { stmt, .. } => contains_defer(std::slice::from_ref(stmt)),
        _ => false,
    })
}

/// Allocates the parameters' registers in order; returns how many slots they take.
fn declare_fields(b: &mut FuncBuilder, fields: &[ast::Field]) -> Option<u32> {
    for field in fields {
        if field.variadic && field.names.is_empty() {
            let slice = Layout::of(&super::layout::SLICE);
            b.alloc(&slice, field.typ.pos());
            continue;
        }
        let t = field_type(b, field)?;
        if field.names.is_empty() {
            let layout = b.g.layout(t, field.typ.pos())?;
            b.alloc(&layout, field.typ.pos());
            continue;
        }
        for n in &field.names {
            let layout = b.g.layout(t, n.pos)?;
            let r = b.alloc(&layout, n.pos);
            let Some(&obj) = b.g.info.defs.get(&n.pos) else {
                continue;
            };
            b.locals_end = b.locals_end.max(r as usize + layout.kinds.len());
            // A value held by pointer arrives in a private box: the parameter's own.
            if b.by_pointer(t) {
                b.boxed.insert(obj, r);
            } else {
                b.locals.insert(obj, r);
            }
        }
    }
    Some(b.top as u32)
}

impl FuncBuilder<'_, '_> {
    /// Loads the box pointers a closure captured (the closure is register 0) for `vars`, in
    /// order: each variable then lives in its box.
    pub(crate) fn load_captures(&mut self, vars: &[ObjId], pos: Pos) {
        for (i, &obj) in vars.iter().enumerate() {
            let p = self.pointer_regs(pos);
            self.locals_end = self.locals_end.max(p as usize + 2);
            self.emit(Instr::GetCapture {
                a: p,
                b: 0,
                c: i as u8,
            });
            self.boxed.insert(obj, p);
        }
    }

    /// Moves parameters whose address is taken into heap boxes.
    fn box_params(&mut self, fields: &[ast::Field]) {
        for field in fields {
            for n in &field.names {
                let Some(&obj) = self.g.info.defs.get(&n.pos) else {
                    continue;
                };
                if !self.escaping.contains(&obj) || self.frame_params.contains(&obj) {
                    continue;
                }
                let Some(r) = self.locals.remove(&obj) else {
                    continue;
                };
                let ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind else {
                    continue;
                };
                let size = self.size_of(typ);
                let p = self.pointer_regs(n.pos);
                self.locals_end = self.locals_end.max(p as usize + 2);
                if self.new_box(typ, p, n.pos) {
                    self.emit(Instr::Store {
                        a: r,
                        b: p,
                        c: size,
                    });
                    self.boxed.insert(obj, p);
                }
            }
        }
    }
}

/// The checked type of a parameter or result field (a slice for a variadic parameter).
fn field_type(b: &FuncBuilder, field: &ast::Field) -> Option<TypeId> {
    if field.variadic {
        let obj = b.g.info.defs.get(&field.names.first()?.pos)?;
        return b.g.info.var_type(*obj);
    }
    b.g.info
        .exprs
        .get(field.typ.id.0 as usize)?
        .as_ref()
        .map(|i| i.typ)
}

/// The program's entry: initialise globals in declaration order, run `init`s, call `main`.
pub(crate) fn compile_entry(
    g: &mut Generator,
    file: &File,
    inits: &[u32],
    with_main: bool,
) -> FuncProto {
    let mut b = FuncBuilder::new(g);
    b.allocate_global_boxes();
    b.init_std_globals();
    let base = b.top as u8;
    for &f in inits {
        b.emit(Instr::Call {
            a: base,
            f: f as u16,
        });
    }
    b.global_vars(file);
    let mut calls = Vec::new();
    let mut main = None;
    for d in &file.decls {
        let Decl::Func(f) = d else { continue };
        if f.recv.is_some() {
            continue;
        }
        let Some(obj) = b.g.info.defs.get(&f.name.pos).copied() else {
            continue;
        };
        let Some(&index) = b.g.funcs.get(&obj) else {
            continue;
        };
        match f.name.name.as_str() {
            "init" => calls.push(index),
            "main" if with_main => main = Some(index),
            _ => {}
        }
    }
    calls.extend(main);
    for f in calls {
        b.emit(Instr::Call {
            a: base,
            f: f as u16,
        });
    }
    b.emit(Instr::Return { a: 0, c: 0 });
    let code = b.finish();
    FuncProto {
        name: "runtime.main".into(),
        code: code.code,
        lines: code.lines,
        slot_kinds: code.slot_kinds,
        ..FuncProto::default()
    }
}

/// A function `name` initialising the package-level variables of `file`, in order.
pub(crate) fn compile_var_init(g: &mut Generator, name: String, file: &File) -> FuncProto {
    let mut b = FuncBuilder::new(g);
    b.global_vars(file);
    b.emit(Instr::Return { a: 0, c: 0 });
    let code = b.finish();
    FuncProto {
        name,
        code: code.code,
        lines: code.lines,
        slot_kinds: code.slot_kinds,
        ..FuncProto::default()
    }
}

impl FuncBuilder<'_, '_> {
    /// Gives every boxed package variable its zeroed heap box.
    fn allocate_global_boxes(&mut self) {
        let p = self.pointer_regs(0);
        for (k, typ, pos) in self.g.global_boxes.clone() {
            if !self.new_box(typ, p, pos) {
                return;
            }
            self.emit(Instr::SetGlobal { a: p, k });
            self.emit(Instr::SetGlobal { a: p + 1, k: k + 1 });
        }
        self.emit(Instr::LoadNil { a: p, c: 2 });
    }

    /// Initialises the package-level variables of `file` in Go's initialisation order.
    fn global_vars(&mut self, file: &File) {
        for spec in super::init_order::ordered_var_specs(self.g.info, file) {
            self.global_var_spec(spec);
        }
    }

    /// `var a, b = x, y` at package level: evaluates into temporaries, then stores globals.
    fn global_var_spec(&mut self, spec: &ast::VarSpec) {
        if spec.values.is_empty() {
            return;
        }
        if spec.values.len() != spec.names.len() {
            self.unsupported(
                spec.names[0].pos,
                "multi-value package-level initialisation",
            );
            return;
        }
        for (n, v) in spec.names.iter().zip(&spec.values) {
            let Some(&obj) = self.g.info.defs.get(&n.pos) else {
                continue;
            };
            let ObjKind::Var { typ, .. } = self.g.info.objects[obj.0 as usize].kind else {
                continue;
            };
            let Some(layout) = self.g.layout(typ, n.pos) else {
                continue;
            };
            self.at(n.pos);
            let saved = self.top;
            let r = self.alloc(&layout, n.pos);
            self.expr_to(v, r, typ);
            if let Some(p) = self.variable_place(obj) {
                self.write_value(p, r, typ, n.pos);
            }
            self.top = saved;
        }
    }
}
