//! Standard-library code written in Go (the bodies in `check/stdlib/*.mini`): a function is
//! compiled on first use, with its package's side tables in place of the program's; package
//! variables are initialised before `main`'s, dependencies first.

use super::Generator;
use crate::ast::{Decl, File, FuncDecl};
use crate::check::{Info, ObjId};
use mini_bytecode::FuncProto;

impl<'a> Generator<'a> {
    /// Finds the functions with bodies of every loaded standard package, and the
    /// declarations of the generic functions' instances (in `file` or a package).
    pub(super) fn declare_package_functions(&mut self, file: &'a File) {
        let units = self.units;
        for (unit, decls) in units.files.iter().enumerate() {
            for d in &decls.decls {
                let Decl::Func(f) = d else { continue };
                if f.body.is_none() || f.is_generic() {
                    continue;
                }
                if let Some(&obj) = units.infos[unit].defs.get(&f.name.pos) {
                    self.package_funcs.insert(obj, (unit, f));
                }
            }
        }
        for (i, inst) in units.instances.iter().enumerate() {
            let home = match units.paths.iter().position(|p| *p == inst.path) {
                Some(u) => units.files[u],
                None => file,
            };
            let decl = home.decls.iter().find_map(|d| match d {
                Decl::Func(f) if f.pos == inst.decl_pos => Some(f),
                _ => None,
            });
            if let Some(f) = decl {
                self.package_funcs
                    .insert(inst.obj, (units.files.len() + i, f));
            }
        }
    }

    /// Go's name for a function of unit `unit`.
    fn unit_func_name(&self, unit: usize, decl: &FuncDecl) -> String {
        match self.units.paths.get(unit) {
            Some(path) => super::func_name(path, decl),
            None => self.units.instances[unit - self.units.files.len()]
                .name
                .clone(),
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
        let name = self.unit_func_name(unit, decl);
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
        for unit in 0..self.units.files.len() {
            let file = self.units.files[unit];
            self.in_unit(unit, |g| g.declare_globals(file));
        }
    }

    /// One function per standard package initialising its variables, dependencies first.
    pub(super) fn compile_package_inits(&mut self) -> Vec<u32> {
        let mut inits = Vec::new();
        for unit in 0..self.units.files.len() {
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
        // Expression ids are per file: the program's append sites, frame sites and escape
        // decisions say nothing here, and its inlinable functions are read with its own
        // side tables.
        let appends = std::mem::take(&mut self.frame_appends);
        let leaks = std::mem::take(&mut self.param_leaks);
        let escapes = self.escapes.take();
        let inline = std::mem::take(&mut self.inline);
        let out = f(self);
        self.frame_appends = appends;
        self.param_leaks = leaks;
        self.escapes = escapes;
        self.inline = inline;
        self.info = saved;
        out
    }
}

/// The standard packages' files, paths and views of `info` with their own side tables,
/// followed (in `infos` only) by the views of the generic instances.
pub(crate) struct Units<'i> {
    pub infos: Vec<Info>,
    pub files: Vec<&'i crate::ast::File>,
    pub paths: Vec<String>,
    pub instances: Vec<Instance>,
}

/// Where an instance's declaration is and what it is called.
pub(crate) struct Instance {
    pub path: String,
    pub decl_pos: crate::ast::Pos,
    pub obj: ObjId,
    pub name: String,
}

impl<'i> Units<'i> {
    pub fn of(info: &'i Info) -> Units<'i> {
        let mut infos: Vec<Info> = info.packages.iter().map(|p| info.package_view(p)).collect();
        infos.extend(info.instances.iter().map(|i| info.instance_view(i)));
        Units {
            infos,
            files: info.packages.iter().map(|p| &*p.file).collect(),
            paths: info.packages.iter().map(|p| p.path.clone()).collect(),
            instances: info
                .instances
                .iter()
                .map(|i| Instance {
                    path: i.path.clone(),
                    decl_pos: i.decl_pos,
                    obj: i.obj,
                    name: i.name.clone(),
                })
                .collect(),
        }
    }
}

/// Queued work: a standard-library function (its package, declaration and index).
pub(crate) type QueuedFunc<'a> = (usize, &'a FuncDecl, u32);
