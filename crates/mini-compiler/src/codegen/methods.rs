//! Method sets of the runtime types: what an interface method call finds for each dynamic
//! type, built once every function is compiled; and the small functions that adapt a
//! receiver to the method it selects.
//!
//! A type's method set is Go's: a named type `T` has its value-receiver methods, `*T` has
//! all of `T`'s methods, and methods of embedded fields are promoted (the shallowest one of
//! each name wins; pointer methods of a value embedded by value only through `*S`). A method
//! whose receiver is not the type's value itself (a value method reached through `*T`, a
//! promoted method, a method of an embedded interface) gets a wrapper function that finds
//! the receiver and calls it; method values get a function that calls the method on the
//! receiver they captured.

use super::func::FuncBuilder;
use super::layout::{Layout, POINTER};
use super::places::Place;
use super::selectors::{iface_layout, path_type, Callee};
use super::{Code, Generator};
use crate::check::{ObjId, ObjKind};
use crate::types::{BasicKind, Signature, TypeData, TypeId};
use mini_bytecode::{FmtMethods, FuncProto, Instr, MethodEntry, RuntimeType, SlotKind, TypeKind};

/// A method of a type's method set, found through `path` (embedded fields).
#[derive(Clone, Debug)]
struct Promoted {
    name: String,
    path: Vec<usize>,
    pointer_recv: bool,
    /// A pointer was followed on the way (an embedded `*T`, or the type itself a pointer).
    indirect: bool,
    /// A method of an embedded interface.
    interface: bool,
    /// The declared method (absent for interface methods).
    func: Option<ObjId>,
    sig: TypeId,
}

impl Generator<'_> {
    /// The index of the method key for `name` with signature `sig` (used by `CallIface`
    /// and method tables): `Unwrap() error` and `Unwrap() []error` are different methods.
    pub fn method_key(&mut self, name: &str, sig: &Signature) -> u16 {
        let key = format!("{name}{}", self.signature_key(sig));
        let names = &mut self.program.method_names;
        if let Some(i) = names.iter().position(|n| *n == key) {
            return i as u16;
        }
        names.push(key);
        (names.len() - 1) as u16
    }

    /// `sig` without parameter names, types fully qualified: `(int, ...string) (bool, error)`.
    fn signature_key(&self, sig: &Signature) -> String {
        let types = &self.info.types;
        let list = |ts: &[(String, TypeId)], variadic: bool| {
            let mut parts: Vec<String> = ts
                .iter()
                .map(|(_, t)| types.runtime_type_string(*t))
                .collect();
            if let (true, Some(last)) = (variadic, parts.last_mut()) {
                *last = format!("...{}", last.trim_start_matches("[]"));
            }
            parts.join(", ")
        };
        let params = list(&sig.params, sig.variadic);
        match sig.results.len() {
            0 => format!("({params})"),
            1 => format!("({params}) {}", list(&sig.results, false)),
            _ => format!("({params}) ({})", list(&sig.results, false)),
        }
    }

    /// The method key of promoted method `m`.
    fn promoted_key(&mut self, m: &Promoted) -> Option<u16> {
        let sig = self.info.types.signature(m.sig)?.clone();
        Some(self.method_key(&m.name, &sig))
    }

    /// Fills every runtime type's method table (and adds the runtime error type when the
    /// program can recover one).
    pub(super) fn finish_method_tables(&mut self) {
        let mut done = 0;
        loop {
            self.compile_queued();
            let registered = self.runtime_type_ids.len();
            if done == registered {
                break;
            }
            for i in done..registered {
                self.fill_method_table(i);
            }
            done = registered;
        }
        if self.uses_recover() {
            self.add_runtime_error_type();
        }
    }

    /// Builds runtime type `i`'s method table (queueing the standard-library methods it
    /// needs).
    fn fill_method_table(&mut self, i: usize) {
        let t = self.runtime_type_ids[i];
        let mut entries = Vec::new();
        let mut fmt = FmtMethods::default();
        for (name, key, func, stringer) in self.method_set(t) {
            match name.as_str() {
                "Error" => fmt.error = stringer,
                "String" => fmt.string = stringer,
                "GoString" => fmt.go_string = stringer,
                _ => {}
            }
            entries.push(MethodEntry { name: key, func });
        }
        entries.sort_by_key(|m| m.name);
        let rt = &mut self.program.types[i];
        rt.methods = entries;
        rt.fmt_methods = fmt;
    }

    /// `(name, method key, function, is fmt's "() string" form)` for each method of runtime
    /// type `t`.
    fn method_set(&mut self, t: TypeId) -> Vec<(String, u16, u32, bool)> {
        if self.info.types.is_interface(t) {
            return Vec::new();
        }
        let through_pointer = matches!(self.info.types.get(t), TypeData::Pointer(_));
        let mut out = Vec::new();
        for m in self.all_methods(t) {
            if !through_pointer && m.pointer_recv && !m.indirect {
                continue;
            }
            let Some(f) = self.method_func(t, &m) else {
                continue;
            };
            let stringer = self.is_string_method(m.sig);
            let Some(key) = self.promoted_key(&m) else {
                continue;
            };
            out.push((m.name, key, f, stringer));
        }
        out
    }

    /// Every method of `t` and of its embedded fields that a selector `x.M` on a `t` finds
    /// (Go's breadth-first search: the shallowest name wins, two at one depth cancel out,
    /// fields hide deeper methods).
    fn all_methods(&self, t: TypeId) -> Vec<Promoted> {
        let types = &self.info.types;
        let (base, indirect) = match types.get(t) {
            TypeData::Pointer(b) => (*b, true),
            _ => (t, false),
        };
        let mut level = vec![(base, Vec::new(), indirect)];
        let mut seen = Vec::new();
        let mut decided: Vec<String> = Vec::new();
        let mut out = Vec::new();
        while !level.is_empty() {
            let mut found: Vec<(String, Option<Promoted>)> = Vec::new();
            let mut next = Vec::new();
            for (typ, path, indirect) in level {
                if seen.contains(&typ) {
                    continue;
                }
                seen.push(typ);
                self.members(typ, &path, indirect, &mut found, &mut next);
            }
            for (name, m) in &found {
                if decided.contains(name) {
                    continue;
                }
                let count = found.iter().filter(|(n, _)| n == name).count();
                if let (1, Some(m)) = (count, m) {
                    out.push(m.clone());
                }
                decided.push(name.clone());
            }
            level = next;
        }
        out
    }

    /// The methods and fields (`None`) of `typ` found at one depth, and its embedded fields
    /// for the next.
    #[allow(clippy::type_complexity)]
    fn members(
        &self,
        typ: TypeId,
        path: &[usize],
        indirect: bool,
        found: &mut Vec<(String, Option<Promoted>)>,
        next: &mut Vec<(TypeId, Vec<usize>, bool)>,
    ) {
        let types = &self.info.types;
        if let TypeData::Named(n) = types.get(typ) {
            for m in &n.methods {
                let sig = match self.info.objects[m.func as usize].kind {
                    ObjKind::Func { sig, .. } => sig,
                    _ => crate::types::INVALID,
                };
                found.push((
                    m.name.clone(),
                    Some(Promoted {
                        name: m.name.clone(),
                        path: path.to_vec(),
                        pointer_recv: m.pointer_recv,
                        indirect,
                        interface: false,
                        func: Some(ObjId(m.func)),
                        sig,
                    }),
                ));
            }
        }
        match types.under(typ) {
            TypeData::Struct(fields) => {
                for (i, f) in fields.iter().enumerate() {
                    found.push((f.name.clone(), None));
                    if !f.embedded {
                        continue;
                    }
                    let mut p = path.to_vec();
                    p.push(i);
                    match types.get(f.typ) {
                        TypeData::Pointer(b) => next.push((*b, p, true)),
                        _ => next.push((f.typ, p, indirect)),
                    }
                }
            }
            TypeData::Interface(info) => {
                for m in &info.all_methods {
                    found.push((
                        m.name.clone(),
                        Some(Promoted {
                            name: m.name.clone(),
                            path: path.to_vec(),
                            pointer_recv: false,
                            indirect,
                            interface: true,
                            func: None,
                            sig: m.sig,
                        }),
                    ));
                }
            }
            _ => {}
        }
    }

    /// The function implementing method `name` for receiver type `t` (taking a `t`, then the
    /// method's arguments): the declared method, or a wrapper.
    pub fn method_impl(&mut self, t: TypeId, name: &str) -> Option<u32> {
        let m = self.all_methods(t).into_iter().find(|m| m.name == name)?;
        self.method_func(t, &m)
    }

    fn method_func(&mut self, t: TypeId, m: &Promoted) -> Option<u32> {
        let t_is_ptr = matches!(self.info.types.get(t), TypeData::Pointer(_));
        if m.path.is_empty() && !m.interface && m.pointer_recv == t_is_ptr {
            return self.func_index(m.func?);
        }
        self.wrapper(t, m)
    }

    /// What calling method `name` of a value of type `holder` runs, and the receiver layout
    /// it takes.
    pub(crate) fn method_callee(
        &mut self,
        holder: TypeId,
        name: &str,
        sig: &Signature,
        pointer_recv: bool,
        interface: bool,
        pos: u32,
    ) -> Option<(Callee, Layout)> {
        if interface {
            return Some((Callee::Iface(self.method_key(name, sig)), iface_layout()));
        }
        let named = match self.info.types.get(holder) {
            TypeData::Pointer(e) => *e,
            _ => holder,
        };
        let TypeData::Named(n) = self.info.types.get(named) else {
            return None;
        };
        let m = n.methods.iter().find(|m| m.name == name)?;
        let f = self.func_index(ObjId(m.func))?;
        let recv = if pointer_recv {
            Layout::of(&POINTER)
        } else {
            self.layout(named, pos)?
        };
        Some((Callee::Func(f), recv))
    }

    /// A function taking a `t` and method `m`'s arguments that finds `m`'s receiver in the
    /// `t` (through pointers, embedded fields, an embedded interface) and calls it.
    fn wrapper(&mut self, t: TypeId, m: &Promoted) -> Option<u32> {
        let name = wrapper_name(&self.info.types.runtime_type_string(t), &m.name);
        if let Some(f) = self.find_func(&name) {
            return Some(f);
        }
        let sig = self.info.types.signature(m.sig)?.clone();
        let holder = path_type(&self.info.types, t, &m.path)?;
        let (callee, recv) =
            self.method_callee(holder, &m.name, &sig, m.pointer_recv, m.interface, 0)?;
        let recv_layout = self.layout(t, 0)?;
        let mut b = FuncBuilder::new(self);
        b.alloc(&recv_layout, 0);
        let params = alloc_params(&mut b, &sig)?;
        let param_slots = b.top as u32;
        let recv_place = if b.by_pointer(t) {
            Place::Ptr(0)
        } else {
            Place::Reg(0)
        };
        let (p, holder) = b.walk_path(recv_place, t, &m.path, 0)?;
        let results = results_size(&b, &sig);
        let (base, offsets) = b.call_block(&recv.kinds, &sig, results, 0)?;
        b.receiver_from_place(p, holder, m.pointer_recv, base, recv.size(), 0);
        finish_forward(&mut b, callee, base, &params, &offsets, results);
        let code = (!b.failed).then(|| b.finish())?;
        Some(self.add_code(name, code, param_slots, results as u32, None))
    }

    /// The function a method value calls: it loads the receiver it captured and calls the
    /// method with it and its own arguments.
    pub(crate) fn bound_thunk(
        &mut self,
        callee: Callee,
        recv: &Layout,
        sig: &Signature,
        name: String,
    ) -> Option<u32> {
        if let Some(f) = self.find_func(&name) {
            return Some(f);
        }
        let mut b = FuncBuilder::new(self);
        b.alloc(&Layout::of(&[SlotKind::Ref]), 0);
        let params = alloc_params(&mut b, sig)?;
        let param_slots = b.top as u32;
        let p = b.pointer_regs(0);
        b.emit(Instr::GetCapture { a: p, b: 0, c: 0 });
        let results = results_size(&b, sig);
        let (base, offsets) = b.call_block(&recv.kinds, sig, results, 0)?;
        b.emit(Instr::Load {
            a: base,
            b: p,
            c: recv.size(),
        });
        finish_forward(&mut b, callee, base, &params, &offsets, results);
        let code = (!b.failed).then(|| b.finish())?;
        Some(self.add_code(name, code, param_slots, results as u32, Some(1)))
    }

    /// A generated function `name` running `code` on its parameters of kinds `params`
    /// (what a deferred built-in call runs), with registers of `kinds` after them.
    pub(crate) fn builtin_thunk(
        &mut self,
        name: &str,
        code: Vec<Instr>,
        params: &[SlotKind],
        kinds: &[SlotKind],
    ) -> u32 {
        if let Some(f) = self.find_func(name) {
            return f;
        }
        let mut all = params.to_vec();
        all.extend(kinds);
        let f = self.add_func(name, code, &all, params.len() as u32, 0);
        self.program.funcs[f as usize].wrapper = true;
        f
    }

    fn find_func(&self, name: &str) -> Option<u32> {
        let i = self.program.funcs.iter().position(|f| f.name == name)?;
        Some(i as u32)
    }

    /// Adds a generated function (a closure with `captures` if given).
    fn add_code(
        &mut self,
        name: String,
        code: Code,
        params: u32,
        results: u32,
        captures: Option<u32>,
    ) -> u32 {
        self.program.funcs.push(FuncProto {
            name,
            code: code.code,
            lines: code.lines,
            slot_kinds: code.slot_kinds,
            param_slots: params,
            result_slots: results,
            is_closure: captures.is_some(),
            captures: captures.unwrap_or(0),
            wrapper: true,
            ..FuncProto::default()
        });
        (self.program.funcs.len() - 1) as u32
    }

    /// Whether signature `sig` is `func() string`.
    fn is_string_method(&self, sig: TypeId) -> bool {
        let types = &self.info.types;
        types.signature(sig).is_some_and(|s| {
            s.params.is_empty()
                && s.results.len() == 1
                && types.basic_kind(s.results[0].1) == Some(crate::types::BasicKind::String)
        })
    }

    fn uses_recover(&self) -> bool {
        self.program
            .funcs
            .iter()
            .any(|f| f.code.iter().any(|i| matches!(i, Instr::Recover { .. })))
    }

    /// The type of the values `recover` returns for runtime errors: a string with an
    /// `Error` method returning it and a `RuntimeError` method.
    fn add_runtime_error_type(&mut self) {
        self.add_string_error_type(mini_bytecode::RUNTIME_ERROR_TYPE, true);
    }

    /// The type of the errors host functions return (`HOST_ERROR_TYPE`), when the program
    /// calls a host function with an `error` result or exports a function taking an `error`.
    pub(super) fn add_host_error_type(&mut self) {
        let is_error = |t: &mini_bytecode::GoType| t.repr == mini_bytecode::Repr::Error;
        let needed = self
            .program
            .host_funcs
            .iter()
            .any(|h| h.results.iter().any(is_error))
            || self
                .program
                .exports
                .iter()
                .any(|e| e.params.iter().any(is_error));
        if needed {
            self.add_string_error_type(mini_bytecode::HOST_ERROR_TYPE, false);
        }
    }

    /// A string type named `name` whose `Error` method returns it (and which has
    /// `RuntimeError` when `runtime_error`).
    fn add_string_error_type(&mut self, name: &str, runtime_error: bool) {
        let string = vec![SlotKind::Ref, SlotKind::Scalar];
        let error = self.add_func(
            &format!("{name}.Error"),
            vec![Instr::Return { a: 0, c: 2 }],
            &string,
            2,
            2,
        );
        let string_result = Signature {
            params: [].into(),
            results: [(String::new(), self.info.types.basic(BasicKind::String))].into(),
            variadic: false,
        };
        let mut methods = vec![MethodEntry {
            name: self.method_key("Error", &string_result),
            func: error,
        }];
        if runtime_error {
            let func = self.add_func(
                &format!("{name}.RuntimeError"),
                vec![Instr::Return { a: 0, c: 0 }],
                &string,
                2,
                0,
            );
            let no_result = Signature {
                params: [].into(),
                results: [].into(),
                variadic: false,
            };
            methods.push(MethodEntry {
                name: self.method_key("RuntimeError", &no_result),
                func,
            });
        }
        methods.sort_by_key(|m| m.name);
        self.program.types.push(RuntimeType {
            name: name.into(),
            kind: TypeKind::String,
            slots: string,
            named: true,
            methods,
            fmt_methods: FmtMethods {
                error: true,
                ..FmtMethods::default()
            },
        });
    }

    /// Adds a generated function whose registers have `kinds`, the first `params` of them
    /// its parameters.
    fn add_func(
        &mut self,
        name: &str,
        code: Vec<Instr>,
        kinds: &[SlotKind],
        params: u32,
        results: u32,
    ) -> u32 {
        self.program.funcs.push(FuncProto {
            name: name.into(),
            lines: vec![0; code.len()],
            code,
            slot_kinds: kinds.to_vec(),
            param_slots: params,
            result_slots: results,
            ..FuncProto::default()
        });
        (self.program.funcs.len() - 1) as u32
    }
}

/// Go's name of method `method` of the type printed as `t` (`main.(*T).M`).
fn wrapper_name(t: &str, method: &str) -> String {
    match t.strip_prefix('*').and_then(|elem| elem.rsplit_once('.')) {
        Some((pkg, name)) => format!("{pkg}.(*{name}).{method}"),
        None => format!("{t}.{method}"),
    }
}

/// Allocates registers for `s`'s parameters; returns each one's register and size.
fn alloc_params(b: &mut FuncBuilder, s: &Signature) -> Option<Vec<(u8, u8)>> {
    let mut out = Vec::new();
    for (_, pt) in s.params.iter() {
        let layout = b.g.layout(*pt, 0)?;
        out.push((b.alloc(&layout, 0), layout.size()));
    }
    Some(out)
}

fn results_size(b: &FuncBuilder, s: &Signature) -> u8 {
    s.results.iter().map(|r| b.size_of(r.1)).sum()
}

/// Copies the parameters into the call block after the receiver, calls, and returns the
/// results.
fn finish_forward(
    b: &mut FuncBuilder,
    callee: Callee,
    base: u8,
    params: &[(u8, u8)],
    offsets: &[u8],
    results: u8,
) {
    for (&(r, size), off) in params.iter().zip(offsets) {
        b.mov(base + off, r, size);
    }
    match callee {
        Callee::Func(f) => b.emit(Instr::Call {
            a: base,
            f: f as u16,
        }),
        Callee::Iface(k) => b.emit(Instr::CallIface { a: base, k }),
    };
    b.emit(Instr::Return {
        a: base,
        c: results,
    });
}
