//! Go's `strconv` formatting, quoting and parsing functions, over Go's algorithms in
//! `mini_bytecode`. The parsing natives return a value and a status (see [`status`]) from
//! which the Go code in `strconv.mini` builds Go's `*NumError`.

use mini_bytecode::strconv::{self as conv, NumErrorKind};

use super::{float_at, int_at, rune_at, set_bool, set_int, set_str, Str, StrOut};
use crate::error::VmError;
use crate::vm::Vm;

/// Runs `strconv.<name>` on the arguments at `stack[base..]`.
pub(super) fn call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    let text = match name {
        "FormatBool" => (if vm.stack[base] != 0 { "true" } else { "false" }).to_string(),
        "FormatInt" | "FormatUint" => {
            let Ok(radix @ 2..=36) = u32::try_from(int_at(vm, base + 1)) else {
                return Some(Err(vm.panic("strconv: illegal AppendInt/FormatInt base")));
            };
            if name == "FormatInt" {
                conv::format_int(int_at(vm, base), radix)
            } else {
                conv::format_uint(vm.stack[base], radix)
            }
        }
        "FormatFloat" => {
            if let Err(e) = vm.check_alloc_size(float_text_size(int_at(vm, base + 2))) {
                return Some(Err(e));
            }
            match format_float(vm, base) {
                Some(text) => text,
                None => return Some(Err(vm.panic("strconv: illegal FormatFloat bitSize"))),
            }
        }
        "Quote" => conv::quote(Str::at(vm, base).bytes(vm)),
        "QuoteToASCII" => conv::quote_to_ascii(Str::at(vm, base).bytes(vm)),
        "QuoteRune" => conv::quote_rune(rune_at(vm, base)),
        "QuoteRuneToASCII" => conv::quote_rune_to_ascii(rune_at(vm, base)),
        _ => return parse(vm, name, base),
    };
    Some(set_str(vm, base, StrOut::Owned(text.into_bytes())))
}

/// The most bytes `FormatFloat` writes with precision `prec` (digits of the largest float
/// written out in full, plus the precision).
fn float_text_size(prec: i64) -> u64 {
    (prec.max(0) as u64).saturating_add(400)
}

/// `FormatFloat(f, fmt, prec, bitSize)`; `None` for a bit size other than 32 or 64.
fn format_float(vm: &Vm, base: usize) -> Option<String> {
    let f = float_at(vm, base);
    let fmt = vm.stack[base + 1] as u8;
    let prec = int_at(vm, base + 2).clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
    match int_at(vm, base + 3) {
        bits @ (32 | 64) => Some(conv::format_float(f, fmt, prec, bits as u32)),
        _ => None,
    }
}

/// The parsing natives: `parseInt(s, base, bitSize) (int64, status)`, `parseUint` alike,
/// `parseFloat(s, bitSize) (float64, status)` and `unquote(s) (string, ok)`.
fn parse(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    let s = Str::at(vm, base);
    let (value, kind) = match name {
        "parseInt" => {
            let (radix, bits) = base_and_bits(vm, base);
            match conv::parse_int(s.bytes(vm), radix, bits) {
                Ok(i) => (i as u64, None),
                Err((i, kind)) => (i as u64, Some(kind)),
            }
        }
        "parseUint" => {
            let (radix, bits) = base_and_bits(vm, base);
            match conv::parse_uint(s.bytes(vm), radix, bits) {
                Ok(u) => (u, None),
                Err((u, kind)) => (u, Some(kind)),
            }
        }
        "parseFloat" => {
            let bits = if int_at(vm, base + 2) == 32 { 32 } else { 64 };
            match conv::parse_float(s.bytes(vm), bits) {
                Ok(f) => (f.to_bits(), None),
                Err((f, kind)) => (f.to_bits(), Some(kind)),
            }
        }
        "unquote" => return Some(unquote(vm, s, base)),
        _ => return None,
    };
    vm.stack[base] = value;
    Some(set_int(vm, base + 1, status(kind)))
}

/// The base and bit size arguments at `base + 2` and `base + 3`; values out of `u32`'s range
/// become invalid ones (the parser then reports them).
fn base_and_bits(vm: &Vm, base: usize) -> (u32, u32) {
    let radix = u32::try_from(int_at(vm, base + 2)).unwrap_or(1);
    let bits = u32::try_from(int_at(vm, base + 3)).unwrap_or(65);
    (radix, bits)
}

/// A parse status: 0 for success, then 1 range, 2 syntax, 3 base and 4 bit-size errors.
fn status(kind: Option<NumErrorKind>) -> i64 {
    match kind {
        None => 0,
        Some(NumErrorKind::Range) => 1,
        Some(NumErrorKind::Syntax) => 2,
        Some(NumErrorKind::Base) => 3,
        Some(NumErrorKind::BitSize) => 4,
    }
}

/// `unquote(s) (string, bool)`: the unquoted text and whether `s` was well formed.
fn unquote(vm: &mut Vm, s: Str, base: usize) -> Result<(), VmError> {
    let out = conv::unquote(s.bytes(vm));
    set_bool(vm, base + 2, out.is_ok())?;
    set_str(vm, base, StrOut::Owned(out.unwrap_or_default()))
}
