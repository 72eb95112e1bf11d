//! Standard-library code written in Go (the bodies in `check/stdlib/*.mini`): a function is
//! compiled on first use, with its package's side tables in place of the program's; package
//! variables are initialised before `main`'s, dependencies first.

use super::Generator;
use crate::ast::{Decl, FuncDecl};
use crate::check::{Info, ObjId};
use mini_bytecode::FuncProto;

impl<'a> Generator<'a> {
    /// Finds the functions with bodies of every loaded standard package.
    pub(super) fn declare_package_functions(&mut self) {
        let units = self.units;
        for (unit, info) in units.infos.iter().enumerate() {
            for d in &units.files[unit].decls {
                let Decl::Func(f) = d else { continue };
                if f.body.is_none() {
                    continue;
                }
                if let Some(&obj) = info.defs.get(&f.name.pos) {
                    self.package_funcs.insert(obj, (unit, f));
                }
            }
        }
    }

    /// The function index of `obj`, reserving one (and queueing the compilation) for a
    /// standard-library function on first use.
    pub fn func_index(&mut self, obj: ObjId) -> Option<u32> {
        if let Some(&i) = self.funcs.get(&obj) {
            return Some(i);
        }
        let &(unit, decl) = self.package_funcs.get(&obj)?;
        let index = self.program.funcs.len() as u32;
        let name = super::func_name(&self.units.paths[unit], decl);
        self.program.funcs.push(FuncProto {
            name,
            ..FuncProto::default()
        });
        self.funcs.insert(obj, index);
        self.queue.push((unit, decl, index));
        Some(index)
    }

    /// Compiles every queued standard-library function (compiling one may queue others).
    pub(super) fn compile_queued(&mut self) {
        while let Some((unit, decl, index)) = self.queue.pop() {
            let name = self.program.funcs[index as usize].name.clone();
            let proto = self.in_unit(unit, |g| super::func::compile_func(g, name, decl));
            if let Some(proto) = proto {
                self.program.funcs[index as usize] = proto;
            }
        }
    }

    /// Gives the standard packages' variables their global slots.
    pub(super) fn declare_package_globals(&mut self) {
        for unit in 0..self.units.infos.len() {
            let file = self.units.files[unit];
            self.in_unit(unit, |g| g.declare_globals(file));
        }
    }

    /// One function per standard package initialising its variables, dependencies first.
    pub(super) fn compile_package_inits(&mut self) -> Vec<u32> {
        let mut inits = Vec::new();
        for unit in 0..self.units.infos.len() {
            let file = self.units.files[unit];
            let name = format!("{}.init", self.units.paths[unit]);
            let proto = self.in_unit(unit, |g| super::func::compile_var_init(g, name, file));
            if proto.code.len() > 1 {
                inits.push(self.program.funcs.len() as u32);
                self.program.funcs.push(proto);
            }
        }
        inits
    }

    /// Runs `f` with package `unit`'s side tables in place of the program's.
    fn in_unit<T>(&mut self, unit: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.info;
        let units = self.units;
        self.info = &units.infos[unit];
        let out = f(self);
        self.info = saved;
        out
    }
}

/// The standard packages' files, paths and views of `info` with their own side tables.
pub(crate) struct Units<'i> {
    pub infos: Vec<Info>,
    pub files: Vec<&'i crate::ast::File>,
    pub paths: Vec<String>,
}

impl<'i> Units<'i> {
    pub fn of(info: &'i Info) -> Units<'i> {
        Units {
            infos: info.packages.iter().map(|p| info.package_view(p)).collect(),
            files: info.packages.iter().map(|p| &*p.file).collect(),
            paths: info.packages.iter().map(|p| p.path.clone()).collect(),
        }
    }
}

/// Queued work: a standard-library function (its package, declaration and index).
pub(crate) type QueuedFunc<'a> = (usize, &'a FuncDecl, u32);
