//! Go's `unicode` classes and case mappings over Go's tables, and `unicode/utf8` for strings.

use mini_bytecode::strconv::utf8::{decode_rune, rune_count, RUNE_ERROR};

use super::unicode_tables::{
    CASE_ORBIT, CASE_RANGES, DIGIT, LETTER, LOWER, MARK, NUMBER, PROPERTIES, PUNCT,
    SPACE_SEPARATOR, SYMBOL, TITLE, UPPER, WHITE_SPACE,
};
use super::{rune_at, set_bool, set_int, Str};
use crate::error::VmError;
use crate::vm::Vm;

const MAX_RUNE: i32 = 0x10ffff;
const MAX_LATIN1: i32 = 0xff;

/// Go's Latin-1 property bits.
const P_C: u8 = 1;
const P_P: u8 = 2;
const P_N: u8 = 4;
const P_S: u8 = 8;
const P_Z: u8 = 16;
const P_LU: u8 = 32;
const P_LL: u8 = 64;
const P_PRINT: u8 = 128;
const P_LMASK: u8 = P_LU | P_LL;

/// Which delta of a case range applies.
const UPPER_CASE: usize = 0;
const LOWER_CASE: usize = 1;
const TITLE_CASE: usize = 2;

/// Runs `unicode.<name>` on the rune at `stack[base]`.
pub(super) fn call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    let r = rune_at(vm, base);
    if let Some(f) = class(name) {
        return Some(set_bool(vm, base, f(r)));
    }
    let f: fn(i32) -> i32 = match name {
        "ToLower" => to_lower,
        "ToTitle" => to_title,
        "ToUpper" => to_upper,
        _ => return None,
    };
    Some(set_int(vm, base, i64::from(f(r))))
}

/// The `unicode.Is*` predicates.
fn class(name: &str) -> Option<fn(i32) -> bool> {
    Some(match name {
        "IsControl" => |r| latin1(r).is_some_and(|p| p & P_C != 0),
        "IsDigit" => is_digit,
        "IsGraphic" => |r| match latin1(r) {
            Some(p) => p & (P_PRINT | P_Z) != 0,
            None => is_print_above_latin1(r) || is_in(SPACE_SEPARATOR, r),
        },
        "IsLetter" => is_letter,
        "IsLower" => |r| by_property(r, |p| p & P_LMASK == P_LL, LOWER),
        "IsNumber" => |r| by_property(r, |p| p & P_N != 0, NUMBER),
        "IsPrint" => |r| match latin1(r) {
            Some(p) => p & P_PRINT != 0,
            None => is_print_above_latin1(r),
        },
        "IsPunct" => |r| by_property(r, |p| p & P_P != 0, PUNCT),
        "IsSpace" => is_space,
        "IsSymbol" => |r| by_property(r, |p| p & P_S != 0, SYMBOL),
        "IsTitle" => |r| r > MAX_LATIN1 && is_in(TITLE, r),
        "IsUpper" => |r| by_property(r, |p| p & P_LMASK == P_LU, UPPER),
        _ => return None,
    })
}

/// The Latin-1 property bits of `r`, if it is a Latin-1 rune.
fn latin1(r: i32) -> Option<u8> {
    (0..=MAX_LATIN1)
        .contains(&r)
        .then(|| PROPERTIES[r as usize])
}

/// A class tested by property bits in Latin-1 and by `table` above it.
fn by_property(r: i32, latin: impl Fn(u8) -> bool, table: &[(u32, u32, u32)]) -> bool {
    match latin1(r) {
        Some(p) => latin(p),
        None => is_in(table, r),
    }
}

/// Whether `r` lies in one of Go's (lo, hi, stride) ranges.
fn is_in(table: &[(u32, u32, u32)], r: i32) -> bool {
    let Ok(r) = u32::try_from(r) else {
        return false;
    };
    let i = table.partition_point(|&(_, hi, _)| hi < r);
    table
        .get(i)
        .is_some_and(|&(lo, _, stride)| lo <= r && (r - lo) % stride == 0)
}

fn is_print_above_latin1(r: i32) -> bool {
    [LETTER, MARK, NUMBER, PUNCT, SYMBOL]
        .iter()
        .any(|t| is_in(t, r))
}

pub(super) fn is_letter(r: i32) -> bool {
    by_property(r, |p| p & P_LMASK != 0, LETTER)
}

pub(super) fn is_digit(r: i32) -> bool {
    if r <= MAX_LATIN1 {
        return (i32::from(b'0')..=i32::from(b'9')).contains(&r);
    }
    is_in(DIGIT, r)
}

pub(super) fn is_space(r: i32) -> bool {
    if (0..=MAX_LATIN1).contains(&r) {
        return matches!(r, 0x09..=0x0d | 0x20 | 0x85 | 0xa0);
    }
    is_in(WHITE_SPACE, r)
}

/// The case range holding `r`, if any.
fn case_range(r: i32) -> Option<&'static (u32, u32, [i32; 3])> {
    let r = u32::try_from(r).ok()?;
    let i = CASE_RANGES.partition_point(|&(_, hi, _)| hi < r);
    CASE_RANGES.get(i).filter(|&&(lo, _, _)| lo <= r)
}

/// Go's `convertCase`: a delta past MaxRune marks an alternating upper/lower sequence.
fn convert_case(case: usize, r: i32, &(lo, _, deltas): &(u32, u32, [i32; 3])) -> i32 {
    let delta = deltas[case];
    if delta > MAX_RUNE {
        let lo = lo as i32;
        return lo + (((r - lo) & !1) | (case as i32 & 1));
    }
    r + delta
}

fn to_case(case: usize, r: i32) -> i32 {
    case_range(r).map_or(r, |cr| convert_case(case, r, cr))
}

pub(super) fn to_upper(r: i32) -> i32 {
    if r <= 0x7f {
        return if (0x61..=0x7a).contains(&r) {
            r - 32
        } else {
            r
        };
    }
    to_case(UPPER_CASE, r)
}

pub(super) fn to_lower(r: i32) -> i32 {
    if r <= 0x7f {
        return if (0x41..=0x5a).contains(&r) {
            r + 32
        } else {
            r
        };
    }
    to_case(LOWER_CASE, r)
}

pub(super) fn to_title(r: i32) -> i32 {
    if r <= 0x7f {
        return to_upper(r);
    }
    to_case(TITLE_CASE, r)
}

/// Go's `SimpleFold`: the next rune of `r`'s case-folding orbit.
pub(super) fn simple_fold(r: i32) -> i32 {
    if !(0..=MAX_RUNE).contains(&r) {
        return r;
    }
    let i = CASE_ORBIT.partition_point(|&(from, _)| (from as i32) < r);
    if let Some(&(from, to)) = CASE_ORBIT.get(i) {
        if from as i32 == r {
            return to as i32;
        }
    }
    let Some(cr) = case_range(r) else {
        return r;
    };
    let l = convert_case(LOWER_CASE, r, cr);
    if l != r {
        return l;
    }
    convert_case(UPPER_CASE, r, cr)
}

pub(super) fn valid_rune(r: i32) -> bool {
    (0..0xd800).contains(&r) || (0xe000..=MAX_RUNE).contains(&r)
}

/// Go's `utf8.DecodeLastRuneInString`.
pub(super) fn decode_last_rune(s: &[u8]) -> (i32, usize) {
    let Some(&last) = s.last() else {
        return (RUNE_ERROR, 0);
    };
    if last < 0x80 {
        return (i32::from(last), 1);
    }
    let end = s.len();
    let lim = end.saturating_sub(4);
    let start = (lim..end - 1)
        .rev()
        .find(|&i| rune_start(s[i]))
        .unwrap_or(lim);
    let (r, size) = decode_rune(&s[start..]);
    if start + size != end {
        return (RUNE_ERROR, 1);
    }
    (r, size)
}

fn rune_start(b: u8) -> bool {
    b & 0xc0 != 0x80
}

fn rune_len(r: i32) -> i64 {
    match r {
        0..=0x7f => 1,
        0x80..=0x7ff => 2,
        0xd800..=0xdfff => -1,
        0x800..=0xffff => 3,
        0x10000..=MAX_RUNE => 4,
        _ => -1,
    }
}

/// Runs `unicode/utf8.<name>` on the arguments at `stack[base..]`.
pub(super) fn call_utf8(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    Some(match name {
        "RuneLen" => set_int(vm, base, rune_len(rune_at(vm, base))),
        "ValidRune" => set_bool(vm, base, valid_rune(rune_at(vm, base))),
        "RuneStart" => set_bool(vm, base, rune_start(vm.stack[base] as u8)),
        "RuneCountInString" => {
            let n = rune_count(Str::at(vm, base).bytes(vm));
            set_int(vm, base, n as i64)
        }
        "ValidString" => {
            let v = std::str::from_utf8(Str::at(vm, base).bytes(vm)).is_ok();
            set_bool(vm, base, v)
        }
        "DecodeRuneInString" | "DecodeLastRuneInString" => {
            let s = Str::at(vm, base).bytes(vm);
            let (r, size) = if name == "DecodeRuneInString" {
                decode_rune(s)
            } else {
                decode_last_rune(s)
            };
            vm.stack[base + 1] = size as u64;
            set_int(vm, base, i64::from(r))
        }
        _ => return None,
    })
}
