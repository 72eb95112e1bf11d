//! Printing one operand (Go's `printArg` and `printValue`): verbs per kind, composite
//! values, pointers, `Error`/`String`/`GoString` methods and the `%!verb(...)` error forms.

use super::fmt::{Fmt, LDIGITS, UDIGITS};
use super::sort::sort_entries;
use super::value::{FmtValue, Method, MethodHost, MethodSet};

/// The printer of one `Sprint`/`Sprintf` call.
pub(super) struct Printer<'h> {
    pub(super) f: Fmt,
    host: &'h mut dyn MethodHost,
    /// Printing a bad-verb operand: methods are not called.
    erroring: bool,
    /// Formatting for `Errorf`: `%w` takes an `error` operand and prints it like `%v`.
    pub(super) wrap_errs: bool,
    /// The operand index of every `%w` verb, in format order.
    pub(super) wrapped: Vec<usize>,
}

impl<'h> Printer<'h> {
    pub(super) fn new(host: &'h mut dyn MethodHost) -> Printer<'h> {
        Printer {
            f: Fmt::default(),
            host,
            erroring: false,
            wrap_errs: false,
            wrapped: Vec::new(),
        }
    }

    fn write(&mut self, s: &[u8]) {
        self.f.buf.extend_from_slice(s);
    }

    /// Prints a top-level operand with `verb` (Go's `printArg`).
    pub(super) fn print_arg(&mut self, arg: &FmtValue, verb: char) {
        if let FmtValue::NilInterface(_) = arg {
            match verb {
                'T' | 'v' => self.f.pad(b"<nil>"),
                _ => self.bad_verb(None, verb),
            }
            return;
        }
        match verb {
            'T' => {
                let ty = arg.type_name().into_owned();
                self.f.fmt_s(ty.as_bytes());
                return;
            }
            'p' => {
                self.fmt_pointer(arg, 'p');
                return;
            }
            'w' => {
                self.print_wrapped(arg);
                return;
            }
            _ => {}
        }
        if let FmtValue::Bytes {
            ty,
            bytes,
            array: false,
            ..
        } = arg
        {
            // A plain []byte operand (not a named byte-slice type) prints its Go syntax as
            // `[]byte{...}`.
            if &**ty == "[]uint8" {
                self.fmt_bytes(bytes.as_deref(), verb, "[]byte", arg);
                return;
            }
        }
        if !self.handle_methods(arg, verb) {
            self.print_value(arg, verb, 0);
        }
    }

    /// `%w`: an `error` operand of `Errorf` prints like `%v`; anything else is a bad verb.
    fn print_wrapped(&mut self, arg: &FmtValue) {
        let is_error = matches!(arg, FmtValue::Methods { methods, .. } if methods.error);
        if self.wrap_errs && is_error && !self.erroring {
            self.print_arg(arg, 'v');
        } else {
            self.bad_verb(Some(arg), 'w');
        }
    }

    /// `%!verb(type=value)`, or `%!verb(<nil>)` for a nil operand.
    fn bad_verb(&mut self, arg: Option<&FmtValue>, verb: char) {
        self.erroring = true;
        self.write(b"%!");
        self.write_rune(verb);
        self.write(b"(");
        match arg {
            Some(v) => {
                let ty = v.type_name().into_owned();
                self.write(ty.as_bytes());
                self.write(b"=");
                self.print_arg(v, 'v');
            }
            None => self.write(b"<nil>"),
        }
        self.write(b")");
        self.erroring = false;
    }

    fn write_rune(&mut self, c: char) {
        self.write(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    /// Calls `Error`/`String` (or `GoString` for `%#v`) when Go would; true if it printed.
    fn handle_methods(&mut self, arg: &FmtValue, verb: char) -> bool {
        let FmtValue::Methods { id, methods, value } = arg else {
            return false;
        };
        if self.erroring {
            return false;
        }
        let method = pick_method(*methods, verb, self.f.flags.sharp_v);
        let Some(method) = method else {
            return false;
        };
        match self.host.call(*id, method) {
            Ok(s) if method == Method::GoString => self.f.fmt_s(&s),
            Ok(s) => self.fmt_string(&s, verb, arg),
            Err(panic) => self.catch_panic(value, &panic, verb, method),
        }
        true
    }

    /// Go's `catchPanic`: `<nil>` for a nil pointer receiver, else `%!v(PANIC=String method:
    /// boom)` printed with default flags.
    fn catch_panic(&mut self, receiver: &FmtValue, panic: &FmtValue, verb: char, m: Method) {
        if let FmtValue::Pointer { addr: 0, .. } = receiver.underlying() {
            self.write(b"<nil>");
            return;
        }
        let saved = (self.f.flags, self.f.wid, self.f.prec);
        self.f.clear_flags();
        self.write(b"%!");
        self.write_rune(verb);
        self.write(b"(PANIC=");
        self.write(m.name().as_bytes());
        self.write(b" method: ");
        self.print_arg(panic, 'v');
        self.write(b")");
        (self.f.flags, self.f.wid, self.f.prec) = saved;
    }

    /// Prints a value (Go's `printValue`); `depth` 0 is the operand itself.
    pub(super) fn print_value(&mut self, value: &FmtValue, verb: char, depth: usize) {
        if depth > 0 && self.handle_methods(value, verb) {
            return;
        }
        match value {
            FmtValue::Methods { value: inner, .. } => self.print_value(inner, verb, depth),
            FmtValue::Named { value: inner, .. } => self.print_basic(inner, verb, value),
            FmtValue::NilInterface(ty) => {
                if depth == 0 {
                    self.print_arg(value, verb);
                } else if self.f.flags.sharp_v {
                    self.write(ty.as_bytes());
                    self.write(b"(nil)");
                } else {
                    self.write(b"<nil>");
                }
            }
            FmtValue::Map { ty, entries, .. } => {
                self.print_map(ty, entries.as_deref(), verb, depth)
            }
            FmtValue::Struct { ty, fields } => {
                if self.f.flags.sharp_v {
                    self.write(ty.as_bytes());
                }
                self.write(b"{");
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        self.write(if self.f.flags.sharp_v { b", " } else { b" " });
                    }
                    if self.f.flags.plus_v || self.f.flags.sharp_v {
                        self.write(field.name.as_bytes());
                        self.write(b":");
                    }
                    self.print_value(&field.value, verb, depth + 1);
                }
                self.write(b"}");
            }
            FmtValue::List { ty, elems, .. } => self.print_list(ty, elems.as_deref(), verb, depth),
            FmtValue::Bytes { ty, bytes, .. } => {
                if matches!(verb, 's' | 'q' | 'x' | 'X') {
                    self.fmt_bytes(bytes.as_deref(), verb, ty, value);
                } else {
                    let elems = bytes
                        .as_ref()
                        .map(|b| b.iter().map(|&c| byte_elem(c)).collect::<Vec<_>>());
                    self.print_list(ty, elems.as_deref(), verb, depth);
                }
            }
            FmtValue::Pointer {
                addr,
                target: Some(target),
                ..
            } if depth == 0 && *addr != 0 => {
                self.write(b"&");
                self.print_value(target, verb, depth + 1);
            }
            FmtValue::Pointer { .. } | FmtValue::Func { .. } | FmtValue::Chan { .. } => {
                self.fmt_pointer(value, verb)
            }
            _ => self.print_basic(value, verb, value),
        }
    }

    /// Prints a bool, number or string; `arg` is the operand for error forms.
    fn print_basic(&mut self, value: &FmtValue, verb: char, arg: &FmtValue) {
        match value {
            FmtValue::Bool(b) => match verb {
                't' | 'v' => self.f.fmt_boolean(*b),
                _ => self.bad_verb(Some(arg), verb),
            },
            FmtValue::Int(i, _) => self.fmt_integer(*i as u64, true, verb, arg),
            FmtValue::Uint(u, _) => self.fmt_integer(*u, false, verb, arg),
            FmtValue::Float(x, kind) => self.fmt_float(*x, kind.bits(), verb, arg),
            FmtValue::String(s) => self.fmt_string(s, verb, arg),
            other => self.print_value(other, verb, 1),
        }
    }

    fn fmt_integer(&mut self, v: u64, signed: bool, verb: char, arg: &FmtValue) {
        match verb {
            'v' if self.f.flags.sharp_v && !signed => self.fmt_0x64(v, true),
            'v' | 'd' => self.f.fmt_integer(v, 10, signed, verb, LDIGITS),
            'b' => self.f.fmt_integer(v, 2, signed, verb, LDIGITS),
            'o' | 'O' => self.f.fmt_integer(v, 8, signed, verb, LDIGITS),
            'x' => self.f.fmt_integer(v, 16, signed, verb, LDIGITS),
            'X' => self.f.fmt_integer(v, 16, signed, verb, UDIGITS),
            'c' => self.f.fmt_c(v),
            'q' => self.f.fmt_qc(v),
            'U' => self.f.fmt_unicode(v),
            _ => self.bad_verb(Some(arg), verb),
        }
    }

    /// Hex with or without `0x`, whatever the `#` flag says.
    fn fmt_0x64(&mut self, v: u64, leading_0x: bool) {
        let sharp = self.f.flags.sharp;
        self.f.flags.sharp = leading_0x;
        self.f.fmt_integer(v, 16, false, 'v', LDIGITS);
        self.f.flags.sharp = sharp;
    }

    fn fmt_float(&mut self, v: f64, size: u32, verb: char, arg: &FmtValue) {
        match verb {
            'v' => self.f.fmt_float(v, size, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.f.fmt_float(v, size, verb as u8, -1),
            'f' | 'e' | 'E' => self.f.fmt_float(v, size, verb as u8, 6),
            'F' => self.f.fmt_float(v, size, b'f', 6),
            _ => self.bad_verb(Some(arg), verb),
        }
    }

    fn fmt_string(&mut self, s: &[u8], verb: char, arg: &FmtValue) {
        match verb {
            'v' if self.f.flags.sharp_v => self.f.fmt_q(s),
            'v' | 's' => self.f.fmt_s(s),
            'x' => self.f.fmt_sbx(s, LDIGITS),
            'X' => self.f.fmt_sbx(s, UDIGITS),
            'q' => self.f.fmt_q(s),
            _ => self.bad_verb(Some(arg), verb),
        }
    }

    /// Go's `fmtBytes`: a byte slice or array printed as bytes; `ty` for `%#v`.
    fn fmt_bytes(&mut self, v: Option<&[u8]>, verb: char, ty: &str, arg: &FmtValue) {
        match verb {
            'v' | 'd' => {
                if self.f.flags.sharp_v {
                    self.write(ty.as_bytes());
                    let Some(v) = v else {
                        self.write(b"(nil)");
                        return;
                    };
                    self.write(b"{");
                    for (i, &c) in v.iter().enumerate() {
                        if i > 0 {
                            self.write(b", ");
                        }
                        self.fmt_0x64(u64::from(c), true);
                    }
                    self.write(b"}");
                } else {
                    self.write(b"[");
                    for (i, &c) in v.unwrap_or_default().iter().enumerate() {
                        if i > 0 {
                            self.write(b" ");
                        }
                        self.f.fmt_integer(u64::from(c), 10, false, verb, LDIGITS);
                    }
                    self.write(b"]");
                }
            }
            's' => self.f.fmt_s(v.unwrap_or_default()),
            'x' => self.f.fmt_sbx(v.unwrap_or_default(), LDIGITS),
            'X' => self.f.fmt_sbx(v.unwrap_or_default(), UDIGITS),
            'q' => self.f.fmt_q(v.unwrap_or_default()),
            _ => {
                // Other verbs print the elements one by one (each a bad verb or a number).
                let ty = arg.type_name().into_owned();
                let elems = v.map(|b| b.iter().map(|&c| byte_elem(c)).collect::<Vec<_>>());
                self.print_list(&ty, elems.as_deref(), verb, 0);
            }
        }
    }

    /// A slice or array: `[a b]`, or `type{a, b}` / `type(nil)` for `%#v`.
    fn print_list(&mut self, ty: &str, elems: Option<&[FmtValue]>, verb: char, depth: usize) {
        if self.f.flags.sharp_v {
            self.write(ty.as_bytes());
            let Some(elems) = elems else {
                self.write(b"(nil)");
                return;
            };
            self.write(b"{");
            for (i, e) in elems.iter().enumerate() {
                if i > 0 {
                    self.write(b", ");
                }
                self.print_value(e, verb, depth + 1);
            }
            self.write(b"}");
            return;
        }
        self.write(b"[");
        for (i, e) in elems.unwrap_or_default().iter().enumerate() {
            if i > 0 {
                self.write(b" ");
            }
            self.print_value(e, verb, depth + 1);
        }
        self.write(b"]");
    }

    /// A map with sorted keys: `map[k:v]`, or `type{k:v}` / `type(nil)` for `%#v`.
    fn print_map(
        &mut self,
        ty: &str,
        entries: Option<&[(FmtValue, FmtValue)]>,
        verb: char,
        depth: usize,
    ) {
        if self.f.flags.sharp_v {
            self.write(ty.as_bytes());
            if entries.is_none() {
                self.write(b"(nil)");
                return;
            }
            self.write(b"{");
        } else {
            self.write(b"map[");
        }
        let sorted = sort_entries(entries.unwrap_or_default());
        for (i, (k, v)) in sorted.into_iter().enumerate() {
            if i > 0 {
                self.write(if self.f.flags.sharp_v { b", " } else { b" " });
            }
            self.print_value(k, verb, depth + 1);
            self.write(b":");
            self.print_value(v, verb, depth + 1);
        }
        self.write(if self.f.flags.sharp_v { b"}" } else { b"]" });
    }

    /// Go's `fmtPointer`: pointers, maps, slices, funcs and channels as addresses.
    fn fmt_pointer(&mut self, value: &FmtValue, verb: char) {
        let Some(u) = address(value.underlying()) else {
            self.bad_verb(Some(value), verb);
            return;
        };
        match verb {
            'v' if self.f.flags.sharp_v => {
                self.write(b"(");
                let ty = value.type_name().into_owned();
                self.write(ty.as_bytes());
                self.write(b")(");
                if u == 0 {
                    self.write(b"nil");
                } else {
                    self.fmt_0x64(u, true);
                }
                self.write(b")");
            }
            'v' if u == 0 => self.f.pad(b"<nil>"),
            'v' | 'p' => self.fmt_0x64(u, !self.f.flags.sharp),
            'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_integer(u, false, verb, value),
            _ => self.bad_verb(Some(value), verb),
        }
    }
}

/// The address `%p` prints for reference kinds; `None` for other kinds.
fn address(v: &FmtValue) -> Option<u64> {
    match v {
        FmtValue::Pointer { addr, .. }
        | FmtValue::Func { addr, .. }
        | FmtValue::Chan { addr, .. }
        | FmtValue::Map { addr, .. }
        | FmtValue::List {
            addr, array: false, ..
        }
        | FmtValue::Bytes {
            addr, array: false, ..
        } => Some(*addr),
        _ => None,
    }
}

fn byte_elem(c: u8) -> FmtValue {
    FmtValue::Uint(u64::from(c), super::value::UintKind::Uint8)
}

/// The method Go's `handleMethods` calls for `verb`, if any.
fn pick_method(m: MethodSet, verb: char, sharp_v: bool) -> Option<Method> {
    if sharp_v {
        return m.go_string.then_some(Method::GoString);
    }
    if !matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
        return None;
    }
    if m.error {
        Some(Method::Error)
    } else if m.string {
        Some(Method::String)
    } else {
        None
    }
}
