//! Bytecode generation: from the checked AST to a `Program` of register-machine functions.
//!
//! Values occupy consecutive 8-byte registers by type (`layout.rs`): scalars one slot,
//! strings two (a bytes object and `offset << 32 | length`), interfaces two (a type word and
//! a data word). Each function's registers are laid out as parameters first, then locals, then
//! temporaries that are released at the end of every statement; a call places its arguments
//! at the top of the caller's registers, where the callee's frame begins.
//!
//! The generator covers a growing subset of the language; anything outside it is reported as
//! a `not supported` diagnostic at the construct, never compiled wrongly.

mod append_buffers;
mod arrays;
mod branches;
mod by_pointer;
mod calls;
mod chans;
mod expr;
mod frame_values;
mod func;
mod host;
mod ifaces;
mod in_order;
mod init_order;
mod inline;
mod layout;
mod maps;
mod methods;
mod move2heap;
mod packages;
mod places;
mod rangefunc;
mod selectors;
mod slices;
mod std_vars;
mod stmt;
mod swaps;
mod walk;

use hashbrown::HashMap;

use crate::ast::{self, Decl, File, Pos};
use crate::check::{Info, ObjId, ObjKind};
use crate::diag::Diagnostic;
use mini_bytecode::{FuncProto, Instr, Program, RuntimeType, SlotKind};

pub(crate) use layout::layout_of;
pub use layout::Layout;
pub(crate) use places::free_variables;
pub(crate) use rangefunc::{range_free_variables, ranges_over_func};
pub(crate) use walk::{each_expr, each_expr_in_stmt, each_stmt};

/// Compiles a checked file to a program.
pub fn compile(
    path: &str,
    src: &str,
    file: &File,
    info: &Info,
) -> Result<Program, Vec<Diagnostic>> {
    compile_with(path, src, file, info, true)
}

/// Compiles with escape analysis on or off (off: every variable whose address is taken or
/// that a closure captures lives in a heap box).
pub fn compile_with<'a>(
    path: &str,
    src: &str,
    file: &'a File,
    info: &'a Info,
    escape: bool,
) -> Result<Program, Vec<Diagnostic>> {
    let units = packages::Units::of(info);
    let mut g = Generator::new(path, src, info, &units);
    if escape {
        let (mini, go) = crate::escape::decide(info, file);
        g.escapes = Some(mini);
        g.frame_appends = go.frame_appends;
        g.param_leaks = go.param_leaks;
    }
    g.declare_functions(file);
    g.find_inlinable(file);
    g.declare_package_functions(file);
    g.declare_package_globals();
    g.declare_globals(file);
    g.compile_functions(file);
    let inits = g.compile_package_inits();
    g.compile_entry(file, &inits);
    g.export_functions(file);
    g.compile_queued();
    g.finish_method_tables();
    g.add_host_error_type();
    g.check_all_compiled();
    if g.errors.is_empty() {
        Ok(g.program)
    } else {
        Err(g.errors)
    }
}

/// Program-wide state of the generator.
pub(crate) struct Generator<'a> {
    pub info: &'a Info,
    pub program: Program,
    pub lines: crate::diag::LineIndex,
    /// Function object → index in `program.funcs`.
    pub funcs: HashMap<ObjId, u32>,
    /// Global variable object → its first global slot.
    pub globals: HashMap<ObjId, u16>,
    /// The standard packages whose Go code the program may use.
    pub units: &'a packages::Units<'a>,
    /// Standard-library functions with bodies: their package and declaration.
    pub package_funcs: HashMap<ObjId, (usize, &'a ast::FuncDecl)>,
    /// Standard-library functions used but not compiled yet.
    pub queue: Vec<packages::QueuedFunc<'a>>,
    /// Package variables whose address is taken: their global slots hold a heap box pointer.
    pub boxed_globals: hashbrown::HashSet<ObjId>,
    /// Each boxed package variable's first global slot, type and position (the entry
    /// function allocates the boxes before anything runs).
    pub global_boxes: Vec<(u16, crate::types::TypeId, Pos)>,
    /// Runtime type index by Go's printed name.
    pub runtime_types: HashMap<String, u8>,
    /// The checker's type for each runtime type, by index.
    pub runtime_type_ids: Vec<crate::types::TypeId>,
    pub errors: Vec<Diagnostic>,
    /// The escape analysis' decisions for the program's own functions (`None`: off).
    pub escapes: Option<crate::escape::Escapes>,
    /// `append` sites Go gives a frame buffer for their first growth (see `append_buffers.rs`).
    pub frame_appends: hashbrown::HashSet<crate::ast::ExprId>,
    /// Whether each parameter of the program's functions leaks, in Go's model (for
    /// `move2heap.rs`); empty with escape analysis off.
    pub param_leaks: hashbrown::HashMap<ObjId, Vec<bool>>,
    /// The program's functions small enough to inline at their calls (`inline.rs`).
    pub inline: inline::InlineBodies<'a>,
}

impl<'a> Generator<'a> {
    fn new(path: &str, src: &str, info: &'a Info, units: &'a packages::Units<'a>) -> Generator<'a> {
        Generator {
            info,
            units,
            package_funcs: HashMap::new(),
            boxed_globals: hashbrown::HashSet::new(),
            global_boxes: Vec::new(),
            queue: Vec::new(),
            program: Program {
                file: path.to_string(),
                natives: mini_bytecode::natives::NATIVES
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                ..Program::default()
            },
            lines: crate::diag::LineIndex::new(src),
            funcs: HashMap::new(),
            globals: HashMap::new(),
            runtime_types: HashMap::new(),
            runtime_type_ids: Vec::new(),
            errors: Vec::new(),
            escapes: None,
            frame_appends: hashbrown::HashSet::new(),
            param_leaks: hashbrown::HashMap::new(),
            inline: inline::InlineBodies::default(),
        }
    }

    /// A function left without code failed to compile: make sure that is reported (every
    /// compiled function ends in a return).
    fn check_all_compiled(&mut self) {
        if !self.errors.is_empty() {
            return;
        }
        if let Some(f) = self.program.funcs.iter().find(|f| f.code.is_empty()) {
            let what = format!("compiling {}", f.name);
            self.unsupported(crate::diag::NO_POS, &what);
        }
    }

    /// Reports a construct outside the compiled subset.
    pub fn unsupported(&mut self, pos: Pos, what: &str) {
        if self.errors.iter().any(|d| d.pos == pos) {
            return;
        }
        self.errors
            .push(Diagnostic::new(pos, format!("not supported yet: {what}")));
    }

    /// Reserves a function index for every declared function, so calls can refer forward.
    fn declare_functions(&mut self, file: &File) {
        for d in &file.decls {
            let Decl::Func(f) = d else { continue };
            if f.is_generic() {
                continue;
            }
            let Some(&obj) = self.info.defs.get(&f.name.pos) else {
                continue;
            };
            let index = self.program.funcs.len() as u32;
            let name = func_name("main", f);
            self.program.funcs.push(FuncProto {
                name,
                ..FuncProto::default()
            });
            self.funcs.insert(obj, index);
        }
    }

    /// Gives every package-level variable its global slots.
    fn declare_globals(&mut self, file: &File) {
        let boxed = places::address_taken_globals(self.info, file);
        for d in &file.decls {
            let Decl::Var(specs) = d else { continue };
            for spec in specs {
                for n in &spec.names {
                    let Some(&obj) = self.info.defs.get(&n.pos) else {
                        continue;
                    };
                    let ObjKind::Var { typ, .. } = self.info.objects[obj.0 as usize].kind else {
                        continue;
                    };
                    let Some(layout) = self.memory_layout(typ, n.pos) else {
                        continue;
                    };
                    let first = self.program.globals.len() as u16;
                    if boxed.contains(&obj) || layout::by_pointer(&self.info.types, typ) {
                        self.program.globals.extend(layout::POINTER);
                        self.boxed_globals.insert(obj);
                        self.global_boxes.push((first, typ, n.pos));
                    } else {
                        self.program.globals.extend(layout.kinds.iter().copied());
                    }
                    self.globals.insert(obj, first);
                }
            }
        }
    }

    fn compile_functions(&mut self, file: &File) {
        for d in &file.decls {
            let Decl::Func(f) = d else { continue };
            let Some(&obj) = self.info.defs.get(&f.name.pos) else {
                continue;
            };
            let Some(&index) = self.funcs.get(&obj) else {
                continue;
            };
            let name = self.program.funcs[index as usize].name.clone();
            if let Some(proto) = func::compile_func(self, name, f) {
                self.program.funcs[index as usize] = proto;
            }
        }
    }

    /// The entry function: initialise globals in order, run `init` functions, call `main`.
    /// Also compiles the same initialisation without `main` (`Program::init`), for hosts.
    fn compile_entry(&mut self, file: &File, inits: &[u32]) {
        let proto = func::compile_entry(self, file, inits, true);
        self.program.entry = self.program.funcs.len() as u32;
        self.program.funcs.push(proto);
        let proto = func::compile_entry(self, file, inits, false);
        self.program.init = self.program.funcs.len() as u32;
        self.program.funcs.push(proto);
    }

    /// The runtime type index for `t` (used by interface values), registering it. The index
    /// is reserved before the parts are registered, so recursive types (`*Node` in `Node`)
    /// terminate.
    pub fn runtime_type(&mut self, t: crate::types::TypeId, pos: Pos) -> Option<u8> {
        let name = self.info.types.runtime_type_string(t);
        if let Some(&i) = self.runtime_types.get(&name) {
            return Some(i);
        }
        if self.program.types.len() >= 255 {
            self.unsupported(pos, "more than 255 distinct types in interfaces");
            return None;
        }
        let slots = layout::layout_of(&self.info.types, t)?.kinds.into_vec();
        let i = self.program.types.len() as u8;
        self.program.types.push(RuntimeType {
            name: name.clone(),
            kind: mini_bytecode::TypeKind::Bool,
            slots,
            named: self.info.types.is_named(t),
            ..RuntimeType::default()
        });
        self.runtime_type_ids.push(t);
        self.runtime_types.insert(name, i);
        let kind = self.runtime_kind(t, pos)?;
        self.program.types[i as usize].kind = kind;
        Some(i)
    }

    fn runtime_kind(
        &mut self,
        t: crate::types::TypeId,
        pos: Pos,
    ) -> Option<mini_bytecode::TypeKind> {
        use crate::types::TypeData;
        use mini_bytecode::TypeKind;
        Some(match self.info.types.under(t).clone() {
            TypeData::Slice(e) => TypeKind::Slice {
                elem: self.runtime_type(e, pos)?,
            },
            TypeData::Map(k, v) => TypeKind::Map {
                key: self.runtime_type(k, pos)?,
                value: self.runtime_type(v, pos)?,
            },
            TypeData::Pointer(e) => TypeKind::Pointer {
                elem: self.runtime_type(e, pos)?,
            },
            TypeData::Struct(fields) => {
                let mut out = Vec::new();
                for fl in fields {
                    out.push((fl.name.clone(), self.runtime_type(fl.typ, pos)?));
                }
                TypeKind::Struct { fields: out }
            }
            TypeData::Array(n, e) => TypeKind::Array {
                elem: self.runtime_type(e, pos)?,
                len: n as u32,
            },
            TypeData::Interface(i) => TypeKind::Interface {
                methods: i
                    .all_methods
                    .iter()
                    .filter_map(|m| {
                        let sig = self.info.types.signature(m.sig)?.clone();
                        Some(self.method_key(&m.name, &sig))
                    })
                    .collect(),
            },
            TypeData::Func(_) => TypeKind::Func,
            TypeData::Chan(_, e) => TypeKind::Chan {
                elem: self.runtime_type(e, pos)?,
            },
            _ => layout::runtime_kind(&self.info.types, t)?,
        })
    }

    /// A function that calls native `n` with its parameters and returns its results (what a
    /// deferred native call runs, and a native function used as a value).
    pub fn native_thunk(&mut self, n: u16, params: &[SlotKind], result_slots: u32) -> u32 {
        let name = format!("native {n} {params:?}");
        if let Some(i) = self.program.funcs.iter().position(|f| f.name == name) {
            return i as u32;
        }
        let mut slot_kinds = params.to_vec();
        slot_kinds.resize(
            slot_kinds.len().max(result_slots as usize),
            SlotKind::Scalar,
        );
        self.program.funcs.push(FuncProto {
            name,
            code: vec![
                Instr::CallNative { a: 0, n },
                Instr::Return {
                    a: 0,
                    c: result_slots as u8,
                },
            ],
            lines: vec![0, 0],
            slot_kinds,
            param_slots: params.len() as u32,
            result_slots,
            ..FuncProto::default()
        });
        (self.program.funcs.len() - 1) as u32
    }

    /// A heap box shape holding registers of `layout` (a deferred call's record).
    pub fn record_shape(&mut self, layout: &layout::Layout, _pos: Pos) -> Option<u16> {
        let name = format!("defer {:?}", layout.kinds);
        if let Some(i) = self.program.box_shapes.iter().position(|s| s.name == name) {
            return Some(i as u16);
        }
        self.program.box_shapes.push(mini_bytecode::ArrayShape {
            name,
            elem: layout.kinds.to_vec(),
            go_elem_size: 8 * layout.kinds.len() as u32,
        });
        Some((self.program.box_shapes.len() - 1) as u16)
    }

    /// The heap box shape for one value of type `t`, registering it.
    pub fn box_shape(&mut self, t: crate::types::TypeId, pos: Pos) -> Option<u16> {
        let name = self.info.types.runtime_type_string(t);
        if let Some(i) = self.program.box_shapes.iter().position(|s| s.name == name) {
            return Some(i as u16);
        }
        let layout = self.memory_layout(t, pos)?;
        self.program.box_shapes.push(mini_bytecode::ArrayShape {
            name,
            elem: layout.kinds.into_vec(),
            go_elem_size: layout::go_size(&self.info.types, t),
        });
        Some((self.program.box_shapes.len() - 1) as u16)
    }

    /// The map shape for map type `t`, registering it.
    pub fn map_shape(&mut self, t: crate::types::TypeId, pos: Pos) -> Option<u16> {
        let name = self.info.types.runtime_type_string(t);
        if let Some(i) = self.program.map_shapes.iter().position(|s| s.name == name) {
            return Some(i as u16);
        }
        let crate::types::TypeData::Map(k, v) = self.info.types.under(t).clone() else {
            return None;
        };
        if layout::by_pointer(&self.info.types, k) || layout::by_pointer(&self.info.types, v) {
            self.unsupported(pos, "maps with keys or values of more than 32 slots");
            return None;
        }
        let Some(key_parts) = layout::key_parts(&self.info.types, k) else {
            let ks = self.info.types.type_string(k);
            self.unsupported(pos, &format!("map keys of type {ks}"));
            return None;
        };
        let key = self.memory_layout(k, pos)?.kinds.into_vec();
        let value = self.memory_layout(v, pos)?.kinds.into_vec();
        self.program.map_shapes.push(mini_bytecode::MapShape {
            name,
            key,
            value,
            key_parts,
        });
        Some((self.program.map_shapes.len() - 1) as u16)
    }

    /// The backing-array shape for slices of `elem`, registering it.
    pub fn array_shape(&mut self, elem: crate::types::TypeId, pos: Pos) -> Option<u8> {
        self.array_shape_as(elem, false, pos)
    }

    /// The array shape of a channel's buffer of `elem`s: the elements as registers hold them
    /// (a buffered value held by pointer is its private box, which the receiver takes).
    pub fn buffer_shape(&mut self, elem: crate::types::TypeId, pos: Pos) -> Option<u8> {
        let by_pointer = layout::by_pointer(&self.info.types, elem);
        self.array_shape_as(elem, by_pointer, pos)
    }

    /// The array shape of `elem`s, inline or (`boxed`) as pointers to private boxes.
    fn array_shape_as(&mut self, elem: crate::types::TypeId, boxed: bool, pos: Pos) -> Option<u8> {
        let mut name = self.info.types.runtime_type_string(elem);
        if boxed {
            name.insert_str(0, "boxed ");
        }
        if let Some(i) = self
            .program
            .array_shapes
            .iter()
            .position(|s| s.name == name)
        {
            return Some(i as u8);
        }
        let layout = if boxed {
            self.layout(elem, pos)?
        } else {
            self.memory_layout(elem, pos)?
        };
        if self.program.array_shapes.len() >= 255 {
            self.unsupported(pos, "more than 255 distinct slice element types");
            return None;
        }
        self.program.array_shapes.push(mini_bytecode::ArrayShape {
            name,
            go_elem_size: if boxed {
                8 * layout.kinds.len() as u32
            } else {
                layout::go_size(&self.info.types, elem)
            },
            elem: layout.kinds.into_vec(),
        });
        Some((self.program.array_shapes.len() - 1) as u8)
    }

    pub fn line(&self, pos: Pos) -> u32 {
        self.lines.line(pos)
    }

    /// The layout of a type, or a `not supported` report.
    pub fn layout(&mut self, t: crate::types::TypeId, pos: Pos) -> Option<Layout> {
        if layout::by_pointer(&self.info.types, t) {
            return Some(Layout::of(&layout::POINTER));
        }
        self.memory_layout(t, pos)
    }

    /// How a value of `t` occupies memory (a box, an element, a field, global slots): its
    /// slots inline, also for values registers hold by pointer.
    pub fn memory_layout(&mut self, t: crate::types::TypeId, pos: Pos) -> Option<Layout> {
        match layout::layout_of(&self.info.types, t) {
            Some(l) => Some(l),
            None => {
                let ts = self.info.types.type_string(t);
                self.unsupported(pos, &format!("values of type {ts}"));
                None
            }
        }
    }

    /// The object an identifier expression refers to.
    pub fn use_of(&self, e: &ast::Expr) -> Option<ObjId> {
        self.info.uses.get(&e.id).copied()
    }
}

/// A finished instruction stream with its line table, before it becomes a `FuncProto`.
pub(crate) struct Code {
    pub code: Vec<Instr>,
    pub lines: Vec<u32>,
    pub slot_kinds: Vec<SlotKind>,
    pub inlined: Vec<mini_bytecode::proto::InlinedCall>,
}

/// Go's name of a function for traces: `main.f`, `main.T.M` or `main.(*T).M`.
fn func_name(pkg: &str, f: &ast::FuncDecl) -> String {
    let name = &f.name.name;
    let Some(r) = &f.recv else {
        return format!("{pkg}.{name}");
    };
    match &r.typ.unparen().kind {
        ast::ExprKind::Unary { x, .. } => format!("{pkg}.(*{}).{name}", type_name(x)),
        _ => format!("{pkg}.{}.{name}", type_name(&r.typ)),
    }
}

fn type_name(e: &ast::Expr) -> String {
    match &e.unparen().kind {
        ast::ExprKind::Ident(n) => n.clone(),
        _ => "?".into(),
    }
}
