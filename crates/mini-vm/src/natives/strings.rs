//! Go's `strings` functions over strings, ints and bools, with Go's handling of invalid UTF-8.

use mini_bytecode::strconv::utf8::{append_rune, decode_rune, rune_count, RUNE_ERROR};

use super::unicode::{
    decode_last_rune, is_digit, is_letter, is_space, simple_fold, to_lower, to_title, to_upper,
};
use super::{int_at, rune_at, set_bool, set_int, set_str, Str, StrOut};
use crate::error::VmError;
use crate::vm::Vm;

/// Go's `maxAlloc` on 64-bit Linux: larger byte slices fail with "len out of range".
const MAX_ALLOC: u64 = 1 << 48;

/// Runs `strings.<name>` on the arguments at `stack[base..]`.
pub(super) fn call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    let s = Str::at(vm, base);
    let r = if let Some(f) = search(name) {
        let t = Str::at(vm, base + 2);
        let v = f(s.bytes(vm), t.bytes(vm));
        set_int(vm, base, v)
    } else if let Some(f) = test(name) {
        let t = Str::at(vm, base + 2);
        let v = f(s.bytes(vm), t.bytes(vm));
        set_bool(vm, base, v)
    } else if let Some(f) = cut(name) {
        let t = Str::at(vm, base + 2);
        let (start, end) = f(s.bytes(vm), t.bytes(vm));
        set_str(vm, base, StrOut::Slice(s, start, end))
    } else if let Some(f) = map(name) {
        let out = f(s.bytes(vm));
        set_str(vm, base, out.map_or(StrOut::same(s), StrOut::Owned))
    } else {
        return other(vm, name, base, s);
    };
    Some(r)
}

/// A function of two strings' bytes.
type Binary<T> = fn(&[u8], &[u8]) -> T;

/// The functions of two strings with an int result.
fn search(name: &str) -> Option<Binary<i64>> {
    Some(match name {
        "Compare" => compare,
        "Count" => count,
        "Index" => |s, t| index(s, t).map_or(-1, |i| i as i64),
        "IndexAny" => index_any,
        "LastIndex" => last_index,
        "LastIndexAny" => last_index_any,
        _ => return None,
    })
}

/// The functions of two strings with a bool result.
fn test(name: &str) -> Option<Binary<bool>> {
    Some(match name {
        "Contains" => |s, t| index(s, t).is_some(),
        "ContainsAny" => |s, t| index_any(s, t) >= 0,
        "EqualFold" => equal_fold,
        "HasPrefix" => |s, t| s.starts_with(t),
        "HasSuffix" => |s, t| s.ends_with(t),
        _ => return None,
    })
}

/// The functions of two strings whose result is a substring of the first: its bounds.
fn cut(name: &str) -> Option<Binary<(usize, usize)>> {
    Some(match name {
        "Trim" => |s, cutset| {
            let end = trim_right(s, cutset);
            (trim_left(&s[..end], cutset), end)
        },
        "TrimLeft" => |s, cutset| (trim_left(s, cutset), s.len()),
        "TrimRight" => |s, cutset| (0, trim_right(s, cutset)),
        "TrimPrefix" => |s, p| {
            if s.starts_with(p) {
                (p.len(), s.len())
            } else {
                (0, s.len())
            }
        },
        "TrimSuffix" => |s, p| {
            if s.ends_with(p) {
                (0, s.len() - p.len())
            } else {
                (0, s.len())
            }
        },
        _ => return None,
    })
}

/// A function of one string's bytes giving new bytes, or `None` for the argument unchanged.
type Mapping = fn(&[u8]) -> Option<Vec<u8>>;

/// The functions of one string with a string result.
fn map(name: &str) -> Option<Mapping> {
    Some(match name {
        "Clone" => |s| Some(s.to_vec()),
        "ToLower" => to_lower_str,
        "ToUpper" => to_upper_str,
        "ToTitle" => |s| map_runes(s, to_title),
        "Title" => title,
        _ => return None,
    })
}

/// The functions with other signatures.
fn other(vm: &mut Vm, name: &str, base: usize, s: Str) -> Option<Result<(), VmError>> {
    Some(match name {
        "ContainsRune" => {
            let v = index_rune(s.bytes(vm), rune_at(vm, base + 2)) >= 0;
            set_bool(vm, base, v)
        }
        "IndexByte" => {
            let c = vm.stack[base + 2] as u8;
            let v = s
                .bytes(vm)
                .iter()
                .position(|&b| b == c)
                .map_or(-1, |i| i as i64);
            set_int(vm, base, v)
        }
        "IndexRune" => {
            let v = index_rune(s.bytes(vm), rune_at(vm, base + 2));
            set_int(vm, base, v)
        }
        "LastIndexByte" => {
            let c = vm.stack[base + 2] as u8;
            let v = s
                .bytes(vm)
                .iter()
                .rposition(|&b| b == c)
                .map_or(-1, |i| i as i64);
            set_int(vm, base, v)
        }
        "TrimSpace" => {
            let (start, end) = trim_space(s.bytes(vm));
            set_str(vm, base, StrOut::Slice(s, start, end))
        }
        "Repeat" => repeat(vm, base, s),
        "Replace" | "ReplaceAll" => {
            let n = if name == "Replace" {
                int_at(vm, base + 6)
            } else {
                -1
            };
            let (old, new) = (Str::at(vm, base + 2), Str::at(vm, base + 4));
            let out = replace(s.bytes(vm), old.bytes(vm), new.bytes(vm), n);
            set_str(vm, base, out.map_or(StrOut::same(s), StrOut::Owned))
        }
        "ToValidUTF8" => {
            let rep = Str::at(vm, base + 2);
            let out = to_valid_utf8(s.bytes(vm), rep.bytes(vm));
            set_str(vm, base, out.map_or(StrOut::same(s), StrOut::Owned))
        }
        _ => return None,
    })
}

fn compare(a: &[u8], b: &[u8]) -> i64 {
    a.cmp(b) as i64
}

/// The first index of `t` in `s`.
pub(super) fn index(s: &[u8], t: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = t.split_first() else {
        return Some(0);
    };
    let last_start = s.len().checked_sub(t.len())?;
    let mut i = 0;
    while i <= last_start {
        let at = i + s[i..=last_start].iter().position(|&b| b == first)?;
        if &s[at + 1..at + t.len()] == rest {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

fn last_index(s: &[u8], t: &[u8]) -> i64 {
    if t.len() > s.len() {
        return -1;
    }
    (0..=s.len() - t.len())
        .rev()
        .find(|&i| &s[i..i + t.len()] == t)
        .map_or(-1, |i| i as i64)
}

/// Non-overlapping occurrences of `t`; one more than the runes for an empty `t`.
pub(super) fn count(s: &[u8], t: &[u8]) -> i64 {
    if t.is_empty() {
        return rune_count(s) as i64 + 1;
    }
    let (mut n, mut rest) = (0, s);
    while let Some(i) = index(rest, t) {
        n += 1;
        rest = &rest[i + t.len()..];
    }
    n
}

/// The runes of `s` with their byte offsets; invalid bytes decode one by one as U+FFFD.
fn runes(s: &[u8]) -> impl Iterator<Item = (usize, i32)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= s.len() {
            return None;
        }
        let (r, w) = decode_rune(&s[i..]);
        let at = i;
        i += w;
        Some((at, r))
    })
}

/// Go's `IndexRune`: U+FFFD also finds invalid UTF-8; invalid runes are never found.
fn index_rune(s: &[u8], r: i32) -> i64 {
    let found = match r {
        0..=0x7f => s.iter().position(|&b| b == r as u8),
        RUNE_ERROR => runes(s).find(|&(_, c)| c == RUNE_ERROR).map(|(i, _)| i),
        _ if !super::unicode::valid_rune(r) => None,
        _ => {
            let mut enc = Vec::with_capacity(4);
            append_rune(&mut enc, r);
            index(s, &enc)
        }
    };
    found.map_or(-1, |i| i as i64)
}

fn contains_rune(s: &[u8], r: i32) -> bool {
    index_rune(s, r) >= 0
}

fn index_any(s: &[u8], chars: &[u8]) -> i64 {
    if chars.is_empty() {
        return -1;
    }
    runes(s)
        .find(|&(_, c)| contains_rune(chars, c))
        .map_or(-1, |(i, _)| i as i64)
}

fn last_index_any(s: &[u8], chars: &[u8]) -> i64 {
    if chars.is_empty() {
        return -1;
    }
    let mut end = s.len();
    while end > 0 {
        let (r, w) = decode_last_rune(&s[..end]);
        end -= w;
        if contains_rune(chars, r) {
            return end as i64;
        }
    }
    -1
}

/// Where `s` starts once leading runes in `cutset` are removed.
fn trim_left(s: &[u8], cutset: &[u8]) -> usize {
    trim_left_by(s, |r| contains_rune(cutset, r))
}

/// Where `s` ends once trailing runes in `cutset` are removed.
fn trim_right(s: &[u8], cutset: &[u8]) -> usize {
    trim_right_by(s, |r| contains_rune(cutset, r))
}

fn trim_left_by(s: &[u8], f: impl Fn(i32) -> bool) -> usize {
    runes(s).find(|&(_, r)| !f(r)).map_or(s.len(), |(i, _)| i)
}

fn trim_right_by(s: &[u8], f: impl Fn(i32) -> bool) -> usize {
    let mut end = s.len();
    while end > 0 {
        let (r, w) = decode_last_rune(&s[..end]);
        if !f(r) {
            break;
        }
        end -= w;
    }
    end
}

fn trim_space(s: &[u8]) -> (usize, usize) {
    let start = trim_left_by(s, is_space);
    (start, start + trim_right_by(&s[start..], is_space))
}

/// Go's `Repeat`, with its panics for negative counts and lengths that overflow.
fn repeat(vm: &mut Vm, base: usize, s: Str) -> Result<(), VmError> {
    let count = int_at(vm, base + 2);
    match count {
        0 => return set_str(vm, base, StrOut::Owned(Vec::new())),
        1 => return set_str(vm, base, StrOut::same(s)),
        c if c < 0 => return Err(vm.panic("strings: negative Repeat count")),
        _ => {}
    }
    let n = (s.len as u128) * (count as u128);
    if n > i64::MAX as u128 {
        return Err(vm.panic("strings: Repeat output length overflow"));
    }
    if s.len == 0 {
        return set_str(vm, base, StrOut::Owned(Vec::new()));
    }
    if n as u64 > MAX_ALLOC {
        return Err(vm.panic("runtime error: makeslice: len out of range"));
    }
    if n > u128::from(u32::MAX) {
        return Err(VmError::OutOfMemory);
    }
    let out = s.bytes(vm).repeat(count as usize);
    set_str(vm, base, StrOut::Owned(out))
}

/// Go's `Replace`: at most `n` replacements (all if `n < 0`); an empty `old` matches before
/// every rune and at the end.
fn replace(s: &[u8], old: &[u8], new: &[u8], n: i64) -> Option<Vec<u8>> {
    if old == new || n == 0 {
        return None;
    }
    let m = count(s, old);
    if m == 0 {
        return None;
    }
    let n = if n < 0 || m < n { m } else { n };
    let mut out = Vec::with_capacity(s.len());
    let mut start = 0;
    for i in 0..n {
        let j = if !old.is_empty() {
            start + index(&s[start..], old).unwrap_or(0)
        } else if i == 0 {
            start
        } else {
            start + decode_rune(&s[start..]).1
        };
        out.extend_from_slice(&s[start..j]);
        out.extend_from_slice(new);
        start = j + old.len();
    }
    out.extend_from_slice(&s[start..]);
    Some(out)
}

/// Each rune of `s` mapped by `f`, invalid UTF-8 becoming U+FFFD; `None` if nothing changes.
fn map_runes(s: &[u8], mut f: impl FnMut(i32) -> i32) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut changed = false;
    for (i, c) in runes(s) {
        let r = f(c);
        changed |= r != c || (c == RUNE_ERROR && decode_rune(&s[i..]).1 == 1);
        if r >= 0 {
            append_rune(&mut out, r);
        }
    }
    changed.then_some(out)
}

fn to_upper_str(s: &[u8]) -> Option<Vec<u8>> {
    if s.is_ascii() {
        return s
            .iter()
            .any(u8::is_ascii_lowercase)
            .then(|| s.to_ascii_uppercase());
    }
    map_runes(s, to_upper)
}

fn to_lower_str(s: &[u8]) -> Option<Vec<u8>> {
    if s.is_ascii() {
        return s
            .iter()
            .any(u8::is_ascii_uppercase)
            .then(|| s.to_ascii_lowercase());
    }
    map_runes(s, to_lower)
}

/// Go's word-boundary test for `Title`.
fn is_separator(r: i32) -> bool {
    if r <= 0x7f {
        return !(r as u8).is_ascii_alphanumeric() && r != i32::from(b'_');
    }
    !(is_letter(r) || is_digit(r)) && is_space(r)
}

/// Go's `Title`: the first letter of each word in title case.
fn title(s: &[u8]) -> Option<Vec<u8>> {
    let mut prev = i32::from(b' ');
    map_runes(s, |r| {
        let sep = is_separator(prev);
        prev = r;
        if sep {
            to_title(r)
        } else {
            r
        }
    })
}

/// Go's `ToValidUTF8`: each run of invalid bytes becomes `rep`.
fn to_valid_utf8(s: &[u8], rep: &[u8]) -> Option<Vec<u8>> {
    if runes(s).all(|(i, c)| c != RUNE_ERROR || decode_rune(&s[i..]).1 != 1) {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() + rep.len());
    let mut invalid = false;
    for (i, c) in runes(s) {
        let w = decode_rune(&s[i..]).1;
        if c == RUNE_ERROR && w == 1 {
            if !invalid {
                out.extend_from_slice(rep);
            }
            invalid = true;
            continue;
        }
        invalid = false;
        out.extend_from_slice(&s[i..i + w]);
    }
    Some(out)
}

/// Go's `EqualFold`: equality under simple Unicode case folding.
fn equal_fold(s: &[u8], t: &[u8]) -> bool {
    let mut ts = runes(t);
    for (_, sr) in runes(s) {
        let Some((_, tr)) = ts.next() else {
            return false;
        };
        if !fold_equal(sr, tr) {
            return false;
        }
    }
    ts.next().is_none()
}

fn fold_equal(a: i32, b: i32) -> bool {
    if a == b {
        return true;
    }
    let (sr, tr) = if a < b { (a, b) } else { (b, a) };
    if tr < 0x80 {
        return (i32::from(b'A')..=i32::from(b'Z')).contains(&sr) && tr == sr + 32;
    }
    let mut r = simple_fold(sr);
    while r != sr && r < tr {
        r = simple_fold(r);
    }
    r == tr
}
