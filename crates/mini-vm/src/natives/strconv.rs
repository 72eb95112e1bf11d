//! Go's `strconv` formatting and quoting functions, over Go's algorithms in `mini_bytecode`.

use mini_bytecode::strconv as conv;

use super::{float_at, int_at, rune_at, set_str, Str, StrOut};
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
        "FormatFloat" => match format_float(vm, base) {
            Some(text) => text,
            None => return Some(Err(vm.panic("strconv: illegal FormatFloat bitSize"))),
        },
        "Quote" => conv::quote(Str::at(vm, base).bytes(vm)),
        "QuoteToASCII" => conv::quote_to_ascii(Str::at(vm, base).bytes(vm)),
        "QuoteRune" => conv::quote_rune(rune_at(vm, base)),
        "QuoteRuneToASCII" => conv::quote_rune_to_ascii(rune_at(vm, base)),
        _ => return None,
    };
    Some(set_str(vm, base, StrOut::Owned(text.into_bytes())))
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
