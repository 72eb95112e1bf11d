//! Method sets of the runtime types: what an interface method call finds for each dynamic
//! type, built once every function is compiled.
//!
//! A type's method set is Go's: a named type `T` has its value-receiver methods, `*T` has
//! all of `T`'s methods. A value method reached through `*T` needs the receiver loaded
//! through the pointer first: the generator adds a small wrapper function for it.

use super::layout::{self, POINTER};
use super::Generator;
use crate::types::{TypeData, TypeId};
use mini_bytecode::{FmtMethods, FuncProto, Instr, MethodEntry, RuntimeType, SlotKind, TypeKind};

impl Generator<'_> {
    /// The index of method name `name` (used by `CallIface` and method tables).
    pub fn method_name_id(&mut self, name: &str) -> u16 {
        let names = &mut self.program.method_names;
        if let Some(i) = names.iter().position(|n| n == name) {
            return i as u16;
        }
        names.push(name.to_string());
        (names.len() - 1) as u16
    }

    /// Fills every runtime type's method table (and adds the runtime error type when the
    /// program can recover one).
    pub(super) fn finish_method_tables(&mut self) {
        if self.uses_recover() {
            self.add_runtime_error_type();
        }
        for i in 0..self.runtime_type_ids.len() {
            let t = self.runtime_type_ids[i];
            let mut entries = Vec::new();
            let mut fmt = FmtMethods::default();
            for (name, func, stringer) in self.method_set(t) {
                match name.as_str() {
                    "Error" => fmt.error = stringer,
                    "String" => fmt.string = stringer,
                    "GoString" => fmt.go_string = stringer,
                    _ => {}
                }
                let name = self.method_name_id(&name);
                entries.push(MethodEntry { name, func });
            }
            entries.sort_by_key(|m| m.name);
            let rt = &mut self.program.types[i];
            rt.methods = entries;
            rt.fmt_methods = fmt;
        }
    }

    /// `(name, function, is fmt's "() string" form)` for each method of runtime type `t`.
    fn method_set(&mut self, t: TypeId) -> Vec<(String, u32, bool)> {
        let types = &self.info.types;
        let (named, through_pointer) = match types.get(t) {
            TypeData::Pointer(elem) => (*elem, true),
            _ => (t, false),
        };
        let TypeData::Named(n) = types.get(named) else {
            return Vec::new();
        };
        let (type_name, methods) = (n.name.clone(), n.methods.clone());
        let mut out = Vec::new();
        for m in methods {
            if m.pointer_recv && !through_pointer {
                continue;
            }
            let Some(&f) = self.funcs.get(&crate::check::ObjId(m.func)) else {
                continue;
            };
            let f = if through_pointer && !m.pointer_recv {
                let name = format!("main.(*{type_name}).{}", m.name);
                match self.deref_wrapper(named, f, name) {
                    Some(w) => w,
                    None => continue,
                }
            } else {
                f
            };
            let sig = match self.info.objects[m.func as usize].kind {
                crate::check::ObjKind::Func { sig, .. } => sig,
                _ => crate::types::INVALID,
            };
            let stringer = self.is_string_method(sig);
            out.push((m.name, f, stringer));
        }
        out
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

    /// A function `name` taking a `*T` (and method `f`'s arguments) that calls value method
    /// `f` with the pointee as receiver.
    fn deref_wrapper(&mut self, elem: TypeId, f: u32, name: String) -> Option<u32> {
        let recv = layout::layout_of(&self.info.types, elem)?.kinds;
        let target = &self.program.funcs[f as usize];
        let n = recv.len();
        let params: Vec<SlotKind> = target.slot_kinds[n..target.param_slots as usize].to_vec();
        let results = target.result_slots;
        let p = params.len() as u8;
        let r = 2 + p;
        let mut slot_kinds = POINTER.to_vec();
        slot_kinds.extend(&params);
        slot_kinds.extend(&recv);
        slot_kinds.extend(&params);
        let frame = (r as usize + n + p as usize).max(r as usize + results as usize);
        slot_kinds.resize(frame, SlotKind::Scalar);
        let mut code = vec![Instr::Load {
            a: r,
            b: 0,
            c: n as u8,
        }];
        if p > 0 {
            code.push(Instr::MoveN {
                a: r + n as u8,
                b: 2,
                c: p,
            });
        }
        code.push(Instr::Call { a: r, f: f as u16 });
        code.push(Instr::Return {
            a: r,
            c: results as u8,
        });
        Some(self.add_func(&name, code, &slot_kinds, 2 + p as u32, results))
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
        let string = vec![SlotKind::Ref, SlotKind::Scalar];
        let error = self.add_func(
            "runtime.errorString.Error",
            vec![Instr::Return { a: 0, c: 2 }],
            &string,
            2,
            2,
        );
        let runtime_error = self.add_func(
            "runtime.errorString.RuntimeError",
            vec![Instr::Return { a: 0, c: 0 }],
            &string,
            2,
            0,
        );
        let mut methods = vec![
            MethodEntry {
                name: self.method_name_id("Error"),
                func: error,
            },
            MethodEntry {
                name: self.method_name_id("RuntimeError"),
                func: runtime_error,
            },
        ];
        methods.sort_by_key(|m| m.name);
        self.program.types.push(RuntimeType {
            name: mini_bytecode::RUNTIME_ERROR_TYPE.into(),
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
