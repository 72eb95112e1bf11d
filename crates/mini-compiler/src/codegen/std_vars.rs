//! Standard-package variables the generator knows: `os.Args` (a global like every package
//! variable) is filled by the entry function from the `os.Args` native, and `fmt.Fprint*` with
//! `os.Stdout` or `os.Stderr` as its writer calls a print native for that stream (with any
//! other writer it is Go code calling the writer's `Write`).

use super::func::FuncBuilder;
use super::layout::{Layout, SLICE};
use super::Generator;
use crate::ast::{Expr, ExprKind};
use crate::check::{ObjId, ObjKind};
use crate::types::Signature;
use mini_bytecode::Instr;

/// The native a call of a declared standard function runs, with the parameters and arguments
/// it takes (a writer the native names is dropped from both).
pub(crate) struct NativeCallee<'e> {
    pub name: String,
    pub sig: Signature,
    pub args: &'e [Expr],
}

impl Generator<'_> {
    /// Whether `obj` is the standard variable `pkg.name`.
    fn is_std_var(&self, obj: ObjId, pkg: &str, name: &str) -> bool {
        let o = &self.info.objects[obj.0 as usize];
        o.pkg.as_deref() == Some(pkg) && o.name == name && matches!(o.kind, ObjKind::Var { .. })
    }

    /// The global slots of `os.Args`, if the program uses it.
    fn os_args_global(&self) -> Option<u16> {
        self.globals
            .iter()
            .find(|(&o, _)| self.is_std_var(o, "os", "Args"))
            .map(|(_, &k)| k)
    }
}

impl<'e> FuncBuilder<'_, '_> {
    /// `os.Args = [program path, arguments…]`, before any package variable is initialised.
    pub(crate) fn init_std_globals(&mut self) {
        let Some(k) = self.g.os_args_global() else {
            return;
        };
        let Some(n) = mini_bytecode::natives::native_index("os.Args") else {
            return;
        };
        let block = self.alloc(&Layout::of(&SLICE), 0);
        self.emit(Instr::CallNative { a: block, n });
        for i in 0..SLICE.len() as u8 {
            self.emit(Instr::SetGlobal {
                a: block + i,
                k: k + u16::from(i),
            });
        }
        self.emit(Instr::LoadNil {
            a: block,
            c: SLICE.len() as u8,
        });
    }

    /// The global slots of a standard variable named by a selector (`os.Args`).
    pub(crate) fn std_global(&self, e: &Expr) -> Option<u16> {
        let obj = self.g.use_of(e)?;
        self.g.globals.get(&obj).copied()
    }

    /// The native that runs a call of standard function `obj`: its Go name, except that
    /// `fmt.Fprint*` to `os.Stdout` is `fmt.Print*` and to `os.Stderr` has its own natives.
    pub(crate) fn native_callee(
        &self,
        obj: ObjId,
        sig: &Signature,
        args: &'e [Expr],
    ) -> NativeCallee<'e> {
        let o = &self.g.info.objects[obj.0 as usize];
        let name = format!("{}.{}", o.pkg.clone().unwrap_or_default(), o.name);
        let plain = NativeCallee {
            name: name.clone(),
            sig: sig.clone(),
            args,
        };
        let Some(print) = name.strip_prefix("fmt.Fprint") else {
            return plain;
        };
        let stream = args.first().and_then(|w| self.std_stream(w));
        let name = match stream {
            Some("Stdout") => format!("fmt.Print{print}"),
            Some(_) => format!("{name}(os.Stderr)"),
            None => return plain,
        };
        NativeCallee {
            name,
            sig: Signature {
                params: sig.params[1..].into(),
                results: sig.results.clone(),
                variadic: sig.variadic,
            },
            args: &args[1..],
        }
    }

    /// Whether a call of `obj` (a function written in Go) runs a native instead: `fmt.Fprint*`
    /// to `os.Stdout` or `os.Stderr`.
    pub(crate) fn prints_to_stream(&self, obj: ObjId, args: &[Expr]) -> bool {
        let o = &self.g.info.objects[obj.0 as usize];
        o.pkg.as_deref() == Some("fmt")
            && o.name.starts_with("Fprint")
            && args.first().and_then(|w| self.std_stream(w)).is_some()
    }

    /// `Stdout` or `Stderr` if `w` is the selector `os.Stdout` or `os.Stderr`.
    fn std_stream(&self, w: &Expr) -> Option<&'static str> {
        let ExprKind::Selector { .. } = &w.unparen().kind else {
            return None;
        };
        let obj = self.g.use_of(w.unparen())?;
        ["Stdout", "Stderr"]
            .into_iter()
            .find(|s| self.g.is_std_var(obj, "os", s))
    }
}
