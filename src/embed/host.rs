//! Host packages: Rust closures a script imports as a Go package (`import "host"`). Their
//! Go declarations are generated from the closures' Rust signatures, so the checker sees
//! ordinary bodiless functions; the VM calls the closures for them.

use std::sync::Arc;

use mini_vm::{FuncRef, HostError, Value};

use super::convert::{Args, GoError, MiniType, Results};
use super::error::{Error, Result};

/// A host function that makes the calling script panic (with Go's `panic: ` report unless
/// the script recovers). Return `Err(Panic(..))` from a closure whose result is
/// `Result<T, Panic>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panic(pub String);

/// What a host closure returns: `()`, a [`MiniType`], a tuple of them, `Result<T, GoError>`
/// (the script gets Go results `(T, error)`), `Result<T, Panic>` (an `Err` panics the
/// script), or `Result<T, Error>` (what calls back into the script through a [`HostCx`]
/// return: a script panic panics the calling script again, a limit or `os.Exit` ends the run).
pub trait HostReturn {
    /// The Go result types.
    fn go_results() -> Vec<String>;
    /// Pushes the Mini results, or says how the call fails.
    fn into_results(self, out: &mut Vec<Value>) -> std::result::Result<(), HostError>;
    /// Go type declarations the results need.
    fn declarations(out: &mut Vec<String>);
}

impl<T: MiniType> HostReturn for T {
    fn go_results() -> Vec<String> {
        vec![T::go_type()]
    }
    fn into_results(self, out: &mut Vec<Value>) -> std::result::Result<(), HostError> {
        out.push(self.into_value());
        Ok(())
    }
    fn declarations(out: &mut Vec<String>) {
        T::declarations(out)
    }
}

impl HostReturn for () {
    fn go_results() -> Vec<String> {
        Vec::new()
    }
    fn into_results(self, _: &mut Vec<Value>) -> std::result::Result<(), HostError> {
        Ok(())
    }
    fn declarations(_: &mut Vec<String>) {}
}

impl<A: MiniType, B: MiniType> HostReturn for (A, B) {
    fn go_results() -> Vec<String> {
        vec![A::go_type(), B::go_type()]
    }
    fn into_results(self, out: &mut Vec<Value>) -> std::result::Result<(), HostError> {
        out.extend([self.0.into_value(), self.1.into_value()]);
        Ok(())
    }
    fn declarations(out: &mut Vec<String>) {
        A::declarations(out);
        B::declarations(out);
    }
}

/// `Err` gives the script zero values and a non-nil `error`.
impl<T: HostReturn> HostReturn for std::result::Result<T, GoError> {
    fn go_results() -> Vec<String> {
        let mut r = T::go_results();
        r.push("error".into());
        r
    }
    fn into_results(self, out: &mut Vec<Value>) -> std::result::Result<(), HostError> {
        match self {
            Ok(v) => {
                v.into_results(out)?;
                out.push(Value::Nil);
            }
            Err(e) => {
                out.extend(std::iter::repeat_n(Value::Nil, T::go_results().len()));
                out.push(Value::Error(e.0));
            }
        }
        Ok(())
    }
    fn declarations(out: &mut Vec<String>) {
        T::declarations(out)
    }
}

/// `Err` panics the script.
impl<T: HostReturn> HostReturn for std::result::Result<T, Panic> {
    fn go_results() -> Vec<String> {
        T::go_results()
    }
    fn into_results(self, out: &mut Vec<Value>) -> std::result::Result<(), HostError> {
        self.map_err(|p| HostError::Panic(p.0))?.into_results(out)
    }
    fn declarations(out: &mut Vec<String>) {
        T::declarations(out)
    }
}

/// `Err` from a call back into the script: its panic panics the calling script (which may
/// recover), anything else (a limit, `os.Exit`, a fatal error) ends the run.
impl<T: HostReturn> HostReturn for std::result::Result<T, Error> {
    fn go_results() -> Vec<String> {
        T::go_results()
    }
    fn into_results(self, out: &mut Vec<Value>) -> std::result::Result<(), HostError> {
        self.map_err(host_error)?.into_results(out)
    }
    fn declarations(out: &mut Vec<String>) {
        T::declarations(out)
    }
}

/// How an embedding error fails the host function it came out of.
fn host_error(e: Error) -> HostError {
    match e {
        Error::Runtime(r) if !r.is_fatal() => HostError::Panic(r.message()),
        Error::Runtime(r) => HostError::Stop(r.error),
        Error::Exit(code) => HostError::Stop(mini_vm::VmError::Exit(code)),
        Error::Limit(limit) => HostError::Stop(mini_vm::VmError::LimitExceeded(limit)),
        other => HostError::Panic(other.to_string()),
    }
}

/// What a host function declared with [`HostPackage::func_cx`] gets first: the running VM,
/// to call back into the script.
pub struct HostCx<'a> {
    vm: &'a mut mini_vm::Vm,
}

impl HostCx<'_> {
    /// Calls a script function value (a [`FuncRef`], or see
    /// [`Callback::call`](super::Callback::call)) while the script waits for the host
    /// function.
    pub fn call<R: Results>(&mut self, f: &FuncRef, args: impl Args) -> Result<R> {
        let mut values = Vec::new();
        args.push_values(&mut values);
        let mut out = Vec::new();
        let result = self.vm.call_func(f, &values, R::ROOTED, &mut out);
        result.map_err(|e| Error::from_vm(e, &self.vm.program().file))?;
        R::from_values(&mut out)
    }

    /// Calls top-level function `name` of the script while it waits for the host function.
    pub fn call_function<R: Results>(&mut self, name: &str, args: impl Args) -> Result<R> {
        let index = self
            .vm
            .program()
            .exports
            .iter()
            .position(|e| e.name == name)
            .ok_or_else(|| Error::NotFound(format!("no function {name}")))?;
        let mut values = Vec::new();
        args.push_values(&mut values);
        let mut out = Vec::new();
        let result = self.vm.call_export(index, &values, R::ROOTED, &mut out);
        result.map_err(|e| Error::from_vm(e, &self.vm.program().file))?;
        R::from_values(&mut out)
    }
}

/// A host function as stored: shared by every VM the package is registered with.
pub(crate) type SharedHostFn = mini_vm::HostFn;

/// The Go signature of a host function, read from its closure's marker type
/// (`(R, (A, B, ...))`: the result and the parameters).
pub trait HostSignature {
    /// The Go parameter types.
    fn go_params() -> Vec<String>;
    /// The Go result types.
    fn go_results() -> Vec<String>;
    /// Type declarations the signature needs.
    fn declarations(out: &mut Vec<String>);
}

/// A Rust closure usable as a host function; implemented for `Fn(A, B, ...) -> R` with
/// [`MiniType`] arguments and a [`HostReturn`] result.
pub trait HostFunc<Marker: HostSignature>: Send + Sync + 'static {
    /// The closure over Mini values.
    fn into_shared(self) -> SharedHostFn;
}

/// A Rust closure taking a [`HostCx`] first, usable as a host function that calls back into
/// the script: `Fn(&mut HostCx, A, B, ...) -> R`.
pub trait HostFuncCx<Marker: HostSignature>: Send + Sync + 'static {
    /// The closure over the VM and Mini values.
    fn into_shared(self) -> SharedHostFn;
}

macro_rules! host_funcs {
    ($(($($a:ident),*);)*) => {$(
        impl<Ret: HostReturn, $($a: MiniType),*> HostSignature for (Ret, ($($a,)*)) {
            fn go_params() -> Vec<String> {
                vec![$($a::go_type()),*]
            }
            fn go_results() -> Vec<String> {
                Ret::go_results()
            }
            fn declarations(out: &mut Vec<String>) {
                $($a::declarations(out);)*
                Ret::declarations(out);
            }
        }

        impl<Fun, Ret, $($a),*> HostFunc<(Ret, ($($a,)*))> for Fun
        where
            Fun: Fn($($a),*) -> Ret + Send + Sync + 'static,
            Ret: HostReturn,
            $($a: MiniType,)*
        {
            #[allow(non_snake_case, unused_mut, unused_variables)]
            fn into_shared(self) -> SharedHostFn {
                Arc::new(move |_: &mut mini_vm::Vm, args: &mut Vec<Value>, out: &mut Vec<Value>| {
                    let mut it = args.drain(..);
                    $(let $a = $a::from_value(it.next().unwrap_or(Value::Nil))
                        .map_err(|e| HostError::Panic(e.to_string()))?;)*
                    drop(it);
                    self($($a),*).into_results(out)
                })
            }
        }

        impl<Fun, Ret, $($a),*> HostFuncCx<(Ret, ($($a,)*))> for Fun
        where
            Fun: Fn(&mut HostCx<'_>, $($a),*) -> Ret + Send + Sync + 'static,
            Ret: HostReturn,
            $($a: MiniType,)*
        {
            #[allow(non_snake_case, unused_mut, unused_variables)]
            fn into_shared(self) -> SharedHostFn {
                Arc::new(move |vm: &mut mini_vm::Vm, args: &mut Vec<Value>, out: &mut Vec<Value>| {
                    let mut it = args.drain(..);
                    $(let $a = $a::from_value(it.next().unwrap_or(Value::Nil))
                        .map_err(|e| HostError::Panic(e.to_string()))?;)*
                    drop(it);
                    self(&mut HostCx { vm }, $($a),*).into_results(out)
                })
            }
        }
    )*};
}

host_funcs! {
    ();
    (A);
    (A, B);
    (A, B, C);
    (A, B, C, D);
    (A, B, C, D, E);
}

/// A package of host functions a script imports by its path.
///
/// ```
/// use mini::{HostPackage, Program, Vm};
/// use std::sync::{Arc, Mutex};
///
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let sink = Arc::clone(&log);
/// let host = HostPackage::new("host")
///     .func("Log", move |msg: String| sink.lock().unwrap().push(msg))
///     .func("Twice", |n: i64| n * 2);
/// let src = "package main\n\nimport \"host\"\n\nfunc main() { host.Log(\"hi\"); println(host.Twice(21)) }\n";
/// let program = Program::compile_with("log.go", src, &[&host])?;
/// let mut vm = Vm::new();
/// vm.register(&host);
/// vm.load(&program)?;
/// vm.run_main()?;
/// assert_eq!(*log.lock().unwrap(), vec!["hi".to_string()]);
/// # Ok::<(), mini::Error>(())
/// ```
#[derive(Clone)]
pub struct HostPackage {
    path: String,
    funcs: Vec<HostDecl>,
}

#[derive(Clone)]
struct HostDecl {
    name: String,
    params: Vec<String>,
    results: Vec<String>,
    types: Vec<String>,
    f: SharedHostFn,
}

impl HostPackage {
    /// An empty package imported as `path` (its last element names it in the script).
    pub fn new(path: &str) -> HostPackage {
        HostPackage {
            path: path.to_string(),
            funcs: Vec::new(),
        }
    }

    /// Adds function `name` (an exported Go name: `Log`) implemented by `f`.
    pub fn func<M: HostSignature, F: HostFunc<M>>(self, name: &str, f: F) -> HostPackage {
        self.declare::<M>(name, f.into_shared())
    }

    /// Adds function `name` implemented by `f`, which gets a [`HostCx`] first to call back
    /// into the script (callbacks the script passes, its top-level functions).
    ///
    /// ```
    /// use mini::{Callback, HostCx, HostPackage, Program, Vm};
    ///
    /// let host = HostPackage::new("host").func_cx(
    ///     "Map",
    ///     |cx: &mut HostCx, xs: Vec<i64>, f: Callback<(i64,), i64>| -> mini::Result<Vec<i64>> {
    ///         xs.into_iter().map(|x| f.call(cx, (x,))).collect()
    ///     },
    /// );
    /// let src = "package main\n\nimport \"host\"\n\nfunc Squares() []int {\n\treturn host.Map([]int{1, 2, 3}, func(x int) int { return x * x })\n}\n";
    /// let program = Program::compile_with("map.go", src, &[&host])?;
    /// let mut vm = Vm::new();
    /// vm.register(&host);
    /// vm.load(&program)?;
    /// assert_eq!(vm.call::<Vec<i64>>("Squares", ())?, vec![1, 4, 9]);
    /// # Ok::<(), mini::Error>(())
    /// ```
    pub fn func_cx<M: HostSignature, F: HostFuncCx<M>>(self, name: &str, f: F) -> HostPackage {
        self.declare::<M>(name, f.into_shared())
    }

    /// Adds function `name` of signature `M`, implemented by `f`.
    fn declare<M: HostSignature>(mut self, name: &str, f: SharedHostFn) -> HostPackage {
        let mut types = Vec::new();
        M::declarations(&mut types);
        self.funcs.push(HostDecl {
            name: name.to_string(),
            params: M::go_params(),
            results: M::go_results(),
            types,
            f,
        });
        self
    }

    /// The import path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The Go source the checker sees for this package.
    pub fn go_source(&self) -> String {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        let mut out = format!("package {name}\n\n");
        let mut types: Vec<&String> = self.funcs.iter().flat_map(|f| &f.types).collect();
        types.sort();
        types.dedup();
        for t in types {
            out.push_str(t);
            out.push('\n');
        }
        for f in &self.funcs {
            let params: Vec<String> = f
                .params
                .iter()
                .enumerate()
                .map(|(i, t)| format!("a{i} {t}"))
                .collect();
            let results = match f.results.len() {
                0 => String::new(),
                1 => format!(" {}", f.results[0]),
                _ => format!(" ({})", f.results.join(", ")),
            };
            out.push_str(&format!(
                "func {}({}){results}\n",
                f.name,
                params.join(", ")
            ));
        }
        out
    }

    /// The parsed declaration file, for the checker.
    pub(crate) fn declaration(&self) -> Result<(String, Arc<crate::compiler::ast::File>)> {
        if crate::compiler::check::is_standard_package(&self.path) {
            return Err(Error::Config(format!(
                "host package {} would hide the standard package",
                self.path
            )));
        }
        let src = self.go_source();
        let file = crate::compiler::parser::parse_file(&src)
            .map_err(|d| Error::Config(crate::compiler::diag::render(&self.path, &src, &d)))?;
        Ok((self.path.clone(), Arc::new(file)))
    }

    /// (qualified name, closure) of every function.
    pub(crate) fn functions(&self) -> impl Iterator<Item = (String, SharedHostFn)> + '_ {
        let pkg = self.path.clone();
        self.funcs
            .iter()
            .map(move |f| (format!("{pkg}.{}", f.name), Arc::clone(&f.f)))
    }
}

impl std::fmt::Debug for HostPackage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostPackage")
            .field("path", &self.path)
            .field("source", &self.go_source())
            .finish()
    }
}
