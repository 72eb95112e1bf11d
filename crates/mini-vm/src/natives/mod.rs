//! Native functions (`fmt`, `strings`, `strconv`, `math`, `sort`, `unicode`, `os`,
//! `print`/`println`, the collector's `runtime`, `runtime/debug` and `sync.Pool` hooks),
//! called with their arguments in registers by `CallNative`; results are written back at the
//! same registers.

mod errors;
mod goroutines;
mod math;
mod pdqsort;
mod runtime;
mod slice_args;
mod sort;
mod split;
mod strconv;
mod strings;
mod unicode;
mod unicode_tables;

use mini_bytecode::natives::NATIVES;
use mini_bytecode::TypeKind;
use mini_gc::GcRef;

use crate::error::VmError;
use crate::format::{self, FmtValue, Method, MethodHost, MethodOutcome};
use crate::values::{Reader, Receiver};
use crate::vm::{pack, unpack, Vm};

pub(crate) use goroutines::unix_nanos;
pub(crate) use runtime::MemSnapshot;

/// Runs native `n` with arguments at `stack[base..]`.
pub(crate) fn call(vm: &mut Vm, n: u16, base: usize) -> Result<(), VmError> {
    if n as usize >= NATIVES.len() {
        return vm.call_host(n, base);
    }
    let name = NATIVES.get(n as usize).copied().unwrap_or("");
    match name {
        "fmt.Print" => print_to_stdout(vm, base, false, false),
        "fmt.Println" => print_to_stdout(vm, base, true, false),
        "fmt.Printf" => print_to_stdout(vm, base + 2, false, true),
        "fmt.Sprint" | "fmt.sprint" => sprint_to_string(vm, base, false, false),
        "fmt.Sprintln" | "fmt.sprintln" => sprint_to_string(vm, base, true, false),
        "fmt.Sprintf" | "fmt.sprintf" => sprint_to_string(vm, base + 2, false, true),
        "fmt.Fprint(os.Stderr)" => print_to_stderr(vm, base, false, false),
        "fmt.Fprintln(os.Stderr)" => print_to_stderr(vm, base, true, false),
        "fmt.Fprintf(os.Stderr)" => print_to_stderr(vm, base + 2, false, true),
        "os.Args" => os_args(vm, base),
        "fmt.errorf" => errorf(vm, base),
        "strconv.Itoa" => {
            let s = mini_bytecode::strconv::format_int(vm.stack[base] as i64, 10);
            vm.set_string(base, s.as_bytes())
        }
        "sync.fatal" => {
            let text = Str::at(vm, base).bytes(vm).to_vec();
            Err(vm.fatal(&String::from_utf8_lossy(&text)))
        }
        "runtime/debug.SetMaxStack" => {
            let bytes = usize::try_from(int_at(vm, base)).unwrap_or(0);
            let old = vm.set_max_stack(bytes);
            set_int(vm, base, old as i64)
        }
        "os.Exit" => {
            let _ = std::io::Write::flush(&mut vm.stdout);
            Err(VmError::Exit(vm.stack[base] as i64 as i32))
        }
        "builtin.print" | "builtin.println" => {
            let args = interface_args(vm, base);
            let text = print_builtin(vm, &args, name == "builtin.println");
            vm.write_stderr(&text);
            Ok(())
        }
        _ => goroutines::call(vm, name, base)
            .or_else(|| package_call(vm, name, base))
            .unwrap_or_else(|| Err(vm.panic(format!("native function {name} is not implemented")))),
    }
}

/// Runs a function of the `strings`, `sort`, `errors`, `strconv`, `math`, `unicode` or
/// `unicode/utf8` package; `None` if there is no such native.
fn package_call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    let (pkg, func) = name.rsplit_once('.')?;
    match pkg {
        "strings" => split::call(vm, func, base).or_else(|| strings::call(vm, func, base)),
        "sort" => sort::call(vm, func, base),
        "errors" => errors::call(vm, func, base),
        "strconv" => strconv::call(vm, func, base),
        "math" => math::call(vm, func, base),
        "unicode" => unicode::call(vm, func, base),
        "unicode/utf8" => unicode::call_utf8(vm, func, base),
        "runtime" | "runtime/debug" | "sync" => runtime::call(vm, pkg, func, base),
        _ => None,
    }
}

/// A string argument: its bytes object and the window of it the string covers.
#[derive(Clone, Copy)]
pub(super) struct Str {
    obj: u64,
    off: usize,
    len: usize,
}

impl Str {
    /// The string held in registers `at`, `at + 1`.
    pub(super) fn at(vm: &Vm, at: usize) -> Str {
        let (off, len) = unpack(vm.stack[at + 1]);
        Str {
            obj: vm.stack[at],
            off,
            len,
        }
    }

    pub(super) fn bytes(self, vm: &Vm) -> &[u8] {
        vm.str_bytes(self.obj, pack(self.off, self.len))
    }
}

/// A string result: a window of an argument (no copy) or new bytes.
pub(super) enum StrOut {
    Slice(Str, usize, usize),
    Owned(Vec<u8>),
}

impl StrOut {
    /// The whole of `s`, unchanged.
    pub(super) fn same(s: Str) -> StrOut {
        StrOut::Slice(s, 0, s.len)
    }
}

/// Writes a string result at registers `at`, `at + 1`.
pub(super) fn set_str(vm: &mut Vm, at: usize, out: StrOut) -> Result<(), VmError> {
    match out {
        StrOut::Slice(_, start, end) if start == end => {
            vm.stack[at] = 0;
            vm.stack[at + 1] = 0;
            Ok(())
        }
        StrOut::Slice(s, start, end) => {
            vm.stack[at] = s.obj;
            vm.stack[at + 1] = pack(s.off + start, end - start);
            Ok(())
        }
        StrOut::Owned(bytes) => vm.set_string(at, &bytes),
    }
}

pub(super) fn int_at(vm: &Vm, at: usize) -> i64 {
    vm.stack[at] as i64
}

/// A `rune` (int32) argument.
pub(super) fn rune_at(vm: &Vm, at: usize) -> i32 {
    vm.stack[at] as i32
}

pub(super) fn float_at(vm: &Vm, at: usize) -> f64 {
    f64::from_bits(vm.stack[at])
}

pub(super) fn set_int(vm: &mut Vm, at: usize, v: i64) -> Result<(), VmError> {
    vm.stack[at] = v as u64;
    Ok(())
}

pub(super) fn set_bool(vm: &mut Vm, at: usize, v: bool) -> Result<(), VmError> {
    vm.stack[at] = u64::from(v);
    Ok(())
}

pub(super) fn set_float(vm: &mut Vm, at: usize, v: f64) -> Result<(), VmError> {
    vm.stack[at] = v.to_bits();
    Ok(())
}

/// The operands in the `...any` slice at `args`, and the host that calls their methods.
fn operands(vm: &mut Vm, args: usize) -> (Vec<FmtValue>, VmMethods<'_>) {
    let mut reader = Reader::new(vm);
    let values: Vec<FmtValue> = interface_args(vm, args)
        .into_iter()
        .map(|(t, d)| reader.iface_value(t, d))
        .collect();
    let receivers = reader.receivers;
    (values, VmMethods { vm, receivers })
}

/// Formats the `...any` slice at `args` (and a format string just before it for Printf).
fn format_args(vm: &mut Vm, args: usize, newline: bool, printf: bool) -> Vec<u8> {
    let fmt = printf.then(|| {
        vm.str_bytes(vm.stack[args - 2], vm.stack[args - 1])
            .to_vec()
    });
    let (values, mut host) = operands(vm, args);
    if let Some(fmt) = fmt {
        return format::sprintf(&fmt, &values, &mut host);
    }
    if newline {
        format::sprintln(&values, &mut host)
    } else {
        format::sprint(&values, &mut host)
    }
}

/// `fmt.Print*`: writes to stdout and returns `(n int, err error)` at the call registers.
fn print_to_stdout(vm: &mut Vm, args: usize, newline: bool, printf: bool) -> Result<(), VmError> {
    let out = format_args(vm, args, newline, printf);
    vm.write_stdout(&out);
    set_print_results(vm, args, printf, out.len());
    Ok(())
}

/// `fmt.Fprint*(os.Stderr, …)`: writes to stderr and returns `(n int, err error)`.
fn print_to_stderr(vm: &mut Vm, args: usize, newline: bool, printf: bool) -> Result<(), VmError> {
    let out = format_args(vm, args, newline, printf);
    vm.write_stderr(&out);
    set_print_results(vm, args, printf, out.len());
    Ok(())
}

/// Writes `(n, nil)` at the registers of a print call whose `...any` slice is at `args`.
fn set_print_results(vm: &mut Vm, args: usize, printf: bool, n: usize) {
    let base = if printf { args - 2 } else { args };
    vm.stack[base] = n as u64;
    vm.stack[base + 1] = 0;
    vm.stack[base + 2] = 0;
}

/// `fmt.errorf(format string, a []any) (s string, wrapped string)`: the text of `Errorf`
/// and the operand index of each `%w` verb as one byte (there are at most 120 operands).
fn errorf(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let fmt = vm.str_bytes(vm.stack[base], vm.stack[base + 1]).to_vec();
    let (values, mut host) = operands(vm, base + 2);
    let (text, wrapped) = format::errorf(&fmt, &values, &mut host);
    let wrapped: Vec<u8> = wrapped.into_iter().map(|i| i as u8).collect();
    vm.set_string(base, &text)?;
    vm.set_string(base + 2, &wrapped)
}

/// `os.Args`: a new `[]string` of the program path and its arguments.
fn os_args(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let mut words = Vec::new();
    for i in 0..vm.args.len() {
        let bytes = vm.args[i].clone().into_bytes();
        let obj = vm.alloc_bytes(&bytes)?;
        words.push((obj, pack(0, bytes.len())));
    }
    let cap = words.len();
    slice_args::set_strings(vm, base, Some(&words), cap)
}

/// `fmt.Sprint*`: returns the string at the call registers.
fn sprint_to_string(vm: &mut Vm, args: usize, newline: bool, printf: bool) -> Result<(), VmError> {
    let out = format_args(vm, args, newline, printf);
    let base = if printf { args - 2 } else { args };
    vm.set_string(base, &out)
}

/// The (type word, data word) pairs of the `[]any` slice at `stack[s..s+4]`.
fn interface_args(vm: &Vm, s: usize) -> Vec<(u64, u64)> {
    let (obj, off, len) = (
        vm.stack[s],
        crate::slices::window_offset(vm.stack[s + 1]),
        vm.stack[s + 2] as usize,
    );
    if obj == 0 || len == 0 {
        return Vec::new();
    }
    // SAFETY: `obj` is the slice's backing array from a current register (no safepoint runs
    // while a native reads its arguments); the slice's offset and length lie within it.
    let words = unsafe { vm.heap.payload(GcRef::from_bits(obj)) };
    (0..len)
        .map(|i| (words[off + 2 * i], words[off + 2 * i + 1]))
        .collect()
}

/// The builtin `print`/`println` format: no quoting, shortest floats, spaces only for
/// `println`.
fn print_builtin(vm: &mut Vm, args: &[(u64, u64)], newline: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (t, d)) in args.iter().enumerate() {
        if newline && i > 0 {
            out.push(b' ');
        }
        let mut reader = Reader::new(vm);
        let v = reader.iface_value(*t, *d);
        let receivers = reader.receivers;
        out.extend(format::sprint(&[v], &mut VmMethods { vm, receivers }));
    }
    if newline {
        out.push(b'\n');
    }
    out
}

/// Calls the `Error`, `String` and `GoString` methods `fmt` asks for, running Mini code.
struct VmMethods<'v> {
    vm: &'v mut Vm,
    receivers: Vec<Receiver>,
}

impl MethodHost for VmMethods<'_> {
    fn call(&mut self, id: u64, method: Method) -> MethodOutcome {
        let Some(r) = self.receivers.get(id as usize) else {
            return Err(FmtValue::String(b"unknown receiver".to_vec()));
        };
        let Some(f) = self.vm.method_named(r.t, method.name()) else {
            return Err(FmtValue::String(b"missing method".to_vec()));
        };
        let words = r.words.clone();
        self.vm
            .call_string_method(f, r.t, &words)
            .map_err(|e| FmtValue::String(e.panic_message().into_bytes()))
    }
}

/// What `panic(v)` prints for an interface value: Go's `printpanicval`, after calling the
/// value's `Error` or `String` method as Go's `preprintpanics` does (a panic in that method
/// is the `Err` message).
pub(crate) fn panic_text(vm: &mut Vm, t: u64, data: u64) -> Result<String, String> {
    if t == 0 {
        return Ok("runtime error: panic called with nil argument".into());
    }
    let ti = crate::ifaces::type_index(t);
    let fm = vm.program.types[ti].fmt_methods;
    let method = [(fm.error, "Error"), (fm.string, "String")]
        .into_iter()
        .find_map(|(has, name)| has.then_some(name));
    if let Some(f) = method.and_then(|m| vm.method_named(ti, m)) {
        let words = vm.iface_words(t, data);
        return match vm.call_string_method(f, ti, &words) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) => Err(e.panic_message()),
        };
    }
    let v = Reader::new(vm).iface_value(t, data);
    let rt = &vm.program.types[ti];
    let text = String::from_utf8_lossy(&format::sprint(&[v], &mut format::NoMethods)).into_owned();
    if !rt.named {
        return Ok(text);
    }
    Ok(match rt.kind {
        TypeKind::String => format!("{}(\"{text}\")", rt.name),
        _ => format!("{}({text})", rt.name),
    })
}
