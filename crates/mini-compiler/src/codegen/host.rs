//! The embedding boundary: the signatures of package `main`'s top-level functions (which a
//! host may call) and of the bodiless functions of host-declared packages (native calls the
//! host implements), as `GoType`s the VM converts Rust values with.

use super::Generator;
use crate::ast::{Decl, File};
use crate::check::{ObjId, ObjKind};
use crate::types::{BasicKind, Signature, TypeData, TypeId};
use mini_bytecode::{Export, GoType, HostSig, Repr};

/// How deep a type is described before the rest counts as `Repr::Other` (recursive types).
const MAX_DEPTH: u32 = 8;

impl Generator<'_> {
    /// The `CallNative` index of native `name` (the function `obj`): a native of the VM, or a
    /// function of a host package, registered on first use.
    pub fn native_index(&mut self, obj: ObjId, name: &str) -> Option<u16> {
        if let Some(n) = mini_bytecode::natives::native_index(name) {
            return Some(n);
        }
        let builtin = mini_bytecode::natives::NATIVES.len();
        if let Some(i) = self.program.host_funcs.iter().position(|h| h.name == name) {
            return u16::try_from(builtin + i).ok();
        }
        let o = &self.info.objects[obj.0 as usize];
        let host = self
            .info
            .packages
            .iter()
            .any(|p| p.host && o.pkg.as_deref() == Some(p.path.as_str()));
        let ObjKind::Func { sig, .. } = o.kind else {
            return None;
        };
        if !host {
            return None;
        }
        let index = u16::try_from(builtin + self.program.host_funcs.len()).ok()?;
        let s = self.info.types.signature(sig)?.clone();
        let (params, results) = self.signature_types(&s);
        self.program.host_funcs.push(HostSig {
            name: name.to_string(),
            params,
            results,
        });
        Some(index)
    }

    /// Records the signature of every top-level function of `file` (not `init`, not generic
    /// functions: only their instances run, and a host cannot name one).
    pub(super) fn export_functions(&mut self, file: &File) {
        for d in &file.decls {
            let Decl::Func(f) = d else { continue };
            if f.recv.is_some() || f.name.name == "init" || !f.tparams.is_empty() {
                continue;
            }
            let Some(&obj) = self.info.defs.get(&f.name.pos) else {
                continue;
            };
            let (Some(&func), ObjKind::Func { sig, .. }) = (
                self.funcs.get(&obj),
                &self.info.objects[obj.0 as usize].kind,
            ) else {
                continue;
            };
            let Some(s) = self.info.types.signature(*sig).cloned() else {
                continue;
            };
            let (params, results) = self.signature_types(&s);
            self.program.exports.push(Export {
                name: f.name.name.clone(),
                func,
                params,
                results,
                variadic: s.variadic,
            });
        }
    }

    fn signature_types(&mut self, s: &Signature) -> (Vec<GoType>, Vec<GoType>) {
        self.signature_types_at(s, 0)
    }

    /// `t` as the embedding API sees it, registering the slice and map shapes a host needs to
    /// build values of it.
    fn go_type(&mut self, t: TypeId, depth: u32) -> GoType {
        let name = self.info.types.type_string(t);
        let repr = if depth > MAX_DEPTH {
            self.other(t)
        } else {
            self.repr(t, depth)
        };
        GoType { name, repr }
    }

    fn repr(&mut self, t: TypeId, depth: u32) -> Repr {
        let types = &self.info.types;
        if types.identical(t, types.error) {
            return Repr::Error;
        }
        match types.under(t).clone() {
            TypeData::Basic(k) => basic_repr(k).unwrap_or_else(|| self.other(t)),
            TypeData::Slice(e) => {
                let array = self.host_array_shape(e);
                Repr::Slice {
                    elem: Box::new(self.go_type(e, depth + 1)),
                    array,
                }
            }
            TypeData::Map(k, v) => {
                let map = crate::codegen::layout::key_parts(&self.info.types, k)
                    .and_then(|_| self.map_shape(t, crate::diag::NO_POS))
                    .map(u32::from);
                Repr::Map {
                    key: Box::new(self.go_type(k, depth + 1)),
                    value: Box::new(self.go_type(v, depth + 1)),
                    map,
                }
            }
            TypeData::Struct(fields) => Repr::Struct {
                fields: fields
                    .iter()
                    .map(|f| (f.name.clone(), self.go_type(f.typ, depth + 1)))
                    .collect(),
            },
            TypeData::Func(s) => {
                let (params, results) = self.signature_types_at(&s, depth + 1);
                Repr::Func { params, results }
            }
            _ => self.other(t),
        }
    }

    fn signature_types_at(&mut self, s: &Signature, depth: u32) -> (Vec<GoType>, Vec<GoType>) {
        let params = s.params.iter().map(|p| self.go_type(p.1, depth)).collect();
        let results = s.results.iter().map(|r| self.go_type(r.1, depth)).collect();
        (params, results)
    }

    /// The backing-array shape of `[]elem` when the program has room for one more.
    fn host_array_shape(&mut self, elem: TypeId) -> Option<u32> {
        let name = self.info.types.runtime_type_string(elem);
        let known = self.program.array_shapes.iter().any(|s| s.name == name);
        if !known && self.program.array_shapes.len() >= 255 {
            return None;
        }
        crate::codegen::layout::layout_of(&self.info.types, elem)?;
        self.array_shape(elem, crate::diag::NO_POS).map(u32::from)
    }

    fn other(&self, t: TypeId) -> Repr {
        let slots = crate::codegen::layout::layout_of(&self.info.types, t)
            .map(|l| l.kinds.into_vec())
            .unwrap_or_default();
        Repr::Other { slots }
    }
}

fn basic_repr(k: BasicKind) -> Option<Repr> {
    let bits = k.bits() as u8;
    Some(match k {
        BasicKind::Bool => Repr::Bool,
        BasicKind::String => Repr::String,
        k if k.is_unsigned() => Repr::Uint { bits },
        k if k.is_integer() => Repr::Int { bits },
        k if k.is_float() => Repr::Float { bits },
        _ => return None,
    })
}
