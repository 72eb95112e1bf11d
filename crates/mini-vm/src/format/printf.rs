//! Go's `doPrintf`, `doPrint` and `doPrintln`: parsing format strings (flags, width,
//! precision, `*`, argument indexes) and the error forms for missing, extra and bad
//! operands.

use mini_bytecode::strconv::utf8::decode_rune;

use super::print::Printer;
use super::value::FmtValue;

/// Widths and precisions beyond this are treated as malformed, like Go.
const TOO_LARGE: i64 = 1_000_000;

fn too_large(x: i64) -> bool {
    !(-TOO_LARGE..=TOO_LARGE).contains(&x)
}

/// Reads a decimal number at `format[start..]`: its value, whether there was one, and the
/// index after it.
fn parse_num(format: &[u8], start: usize) -> (i64, bool, usize) {
    let mut num = 0i64;
    let mut isnum = false;
    let mut i = start;
    while i < format.len() && format[i].is_ascii_digit() {
        if too_large(num) {
            return (0, false, format.len());
        }
        num = num * 10 + i64::from(format[i] - b'0');
        isnum = true;
        i += 1;
    }
    (num, isnum, i)
}

/// The integer value of an operand used by `*`, if it is an integer in range.
fn int_from_arg(args: &[FmtValue], arg_num: usize) -> (i64, bool, usize) {
    let Some(arg) = args.get(arg_num) else {
        return (0, false, arg_num);
    };
    let (num, ok) = match arg.underlying() {
        FmtValue::Int(i, _) => (*i, true),
        FmtValue::Uint(u, _) => match i64::try_from(*u) {
            Ok(i) => (i, true),
            Err(_) => (0, false),
        },
        _ => (0, false),
    };
    if too_large(num) {
        return (0, false, arg_num + 1);
    }
    (num, ok, arg_num + 1)
}

/// Argument-index state while parsing one format.
struct ArgState {
    arg_num: usize,
    /// An explicit index appeared: extra operands are not reported.
    reordered: bool,
    /// The index of the current verb was valid.
    good_arg_num: bool,
}

impl ArgState {
    /// Parses `[n]` at `format[i..]`: the new argument number, the index after it and
    /// whether an index was found.
    fn arg_number(&mut self, format: &[u8], i: usize, num_args: usize) -> (usize, bool) {
        if format.get(i) != Some(&b'[') {
            return (i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(&format[i..]);
        if ok && index >= 0 && (index as usize) < num_args {
            self.arg_num = index as usize;
            return (i + wid, true);
        }
        self.good_arg_num = false;
        (i + wid, ok)
    }
}

/// Go's `parseArgNumber` on text starting with `[`: the zero-based index, the length taken
/// and whether it was well formed.
fn parse_arg_number(format: &[u8]) -> (i64, usize, bool) {
    if format.len() < 3 {
        return (0, 1, false);
    }
    match format[1..].iter().position(|&c| c == b']') {
        Some(close) => {
            let close = close + 1;
            let (width, ok, newi) = parse_num(format, 1);
            if !ok || newi != close {
                return (0, close + 1, false);
            }
            (width - 1, close + 1, true)
        }
        None => (0, 1, false),
    }
}

impl Printer<'_> {
    /// Go's `doPrintf`.
    pub(super) fn do_printf(&mut self, format: &[u8], args: &[FmtValue]) {
        let end = format.len();
        let mut st = ArgState {
            arg_num: 0,
            reordered: false,
            good_arg_num: true,
        };
        let mut i = 0;
        'format: while i < end {
            st.good_arg_num = true;
            let lasti = i;
            while i < end && format[i] != b'%' {
                i += 1;
            }
            self.f.buf.extend_from_slice(&format[lasti..i]);
            if i >= end {
                break;
            }
            i += 1;
            self.f.clear_flags();
            // Flags, and the fast path of a plain lower-case verb.
            while i < end {
                let c = format[i];
                match c {
                    b'#' => self.f.flags.sharp = true,
                    b'0' => self.f.flags.zero = true,
                    b'+' => self.f.flags.plus = true,
                    b'-' => self.f.flags.minus = true,
                    b' ' => self.f.flags.space = true,
                    b'a'..=b'z' if st.arg_num < args.len() => {
                        if c == b'w' {
                            self.wrapped.push(st.arg_num);
                        }
                        if matches!(c, b'v' | b'w') {
                            self.set_v_flags();
                        }
                        self.print_arg(&args[st.arg_num], char::from(c));
                        st.arg_num += 1;
                        i += 1;
                        continue 'format;
                    }
                    _ => break,
                }
                i += 1;
            }
            let (ni, mut after_index) = st.arg_number(format, i, args.len());
            i = ni;
            if i < end && format[i] == b'*' {
                i += 1;
                let (wid, ok, next) = int_from_arg(args, st.arg_num);
                (self.f.wid, self.f.flags.wid_present, st.arg_num) = (wid, ok, next);
                if !ok {
                    self.f.buf.extend_from_slice(b"%!(BADWIDTH)");
                }
                if self.f.wid < 0 {
                    self.f.wid = -self.f.wid;
                    self.f.flags.minus = true;
                    self.f.flags.zero = false;
                }
                after_index = false;
            } else {
                let (wid, ok, next) = parse_num(format, i);
                (self.f.wid, self.f.flags.wid_present, i) = (wid, ok, next);
                if after_index && ok {
                    st.good_arg_num = false;
                }
            }
            if i + 1 < end && format[i] == b'.' {
                i += 1;
                if after_index {
                    st.good_arg_num = false;
                }
                let (ni, ai) = st.arg_number(format, i, args.len());
                (i, after_index) = (ni, ai);
                if i < end && format[i] == b'*' {
                    i += 1;
                    let (prec, ok, next) = int_from_arg(args, st.arg_num);
                    (self.f.prec, self.f.flags.prec_present, st.arg_num) = (prec, ok, next);
                    // A negative precision counts as missing.
                    if self.f.prec < 0 {
                        self.f.prec = 0;
                        self.f.flags.prec_present = false;
                    }
                    if !self.f.flags.prec_present {
                        self.f.buf.extend_from_slice(b"%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (prec, _, next) = parse_num(format, i);
                    // A missing precision means 0.
                    (self.f.prec, self.f.flags.prec_present, i) = (prec, true, next);
                }
            }
            if !after_index {
                i = st.arg_number(format, i, args.len()).0;
            }
            if i >= end {
                self.f.buf.extend_from_slice(b"%!(NOVERB)");
                break;
            }
            let (r, size) = decode_rune(&format[i..]);
            let verb = char::from_u32(r as u32).unwrap_or('\u{fffd}');
            i += size;
            if verb == '%' {
                self.f.buf.push(b'%');
            } else if !st.good_arg_num {
                self.verb_error(verb, b"(BADINDEX)");
            } else if st.arg_num >= args.len() {
                self.verb_error(verb, b"(MISSING)");
            } else {
                if verb == 'w' {
                    self.wrapped.push(st.arg_num);
                }
                if matches!(verb, 'v' | 'w') {
                    self.set_v_flags();
                }
                self.print_arg(&args[st.arg_num], verb);
                st.arg_num += 1;
            }
        }
        if !st.reordered && st.arg_num < args.len() {
            self.f.clear_flags();
            self.f.buf.extend_from_slice(b"%!(EXTRA ");
            for (k, arg) in args[st.arg_num..].iter().enumerate() {
                if k > 0 {
                    self.f.buf.extend_from_slice(b", ");
                }
                if let FmtValue::NilInterface(_) = arg {
                    self.f.buf.extend_from_slice(b"<nil>");
                } else {
                    let ty = arg.type_name().into_owned();
                    self.f.buf.extend_from_slice(ty.as_bytes());
                    self.f.buf.push(b'=');
                    self.print_arg(arg, 'v');
                }
            }
            self.f.buf.push(b')');
        }
    }

    /// `%v` takes `#` as Go syntax and `+` as field names.
    fn set_v_flags(&mut self) {
        let flags = &mut self.f.flags;
        flags.sharp_v = flags.sharp;
        flags.sharp = false;
        flags.plus_v = flags.plus;
        flags.plus = false;
    }

    /// `%!verb` followed by `what`.
    fn verb_error(&mut self, verb: char, what: &[u8]) {
        self.f.buf.extend_from_slice(b"%!");
        self.f
            .buf
            .extend_from_slice(verb.encode_utf8(&mut [0; 4]).as_bytes());
        self.f.buf.extend_from_slice(what);
    }

    /// Go's `doPrint`: a space between operands when neither is a string.
    pub(super) fn do_print(&mut self, args: &[FmtValue]) {
        let mut prev_string = false;
        for (k, arg) in args.iter().enumerate() {
            let is_string = arg.is_string_kind();
            if k > 0 && !is_string && !prev_string {
                self.f.buf.push(b' ');
            }
            self.print_arg(arg, 'v');
            prev_string = is_string;
        }
    }

    /// Go's `doPrintln`: spaces between all operands and a final newline.
    pub(super) fn do_println(&mut self, args: &[FmtValue]) {
        for (k, arg) in args.iter().enumerate() {
            if k > 0 {
                self.f.buf.push(b' ');
            }
            self.print_arg(arg, 'v');
        }
        self.f.buf.push(b'\n');
    }
}
