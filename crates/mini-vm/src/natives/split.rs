//! Go's `strings` functions with `[]string` or several results: `Split` and its variants,
//! `Fields`, `Join`, `Cut`, `CutPrefix`, `CutSuffix`. Pieces are windows of the argument, as
//! in Go; result capacities are Go's.

use mini_bytecode::strconv::utf8::{decode_rune, rune_count};

use super::slice_args::{set_strings, SliceArg};
use super::strings::{count, index};
use super::unicode::is_space;
use super::{int_at, set_bool, set_str, Str, StrOut};
use crate::error::VmError;
use crate::vm::Vm;

/// Runs `strings.<name>` on the arguments at `stack[base..]`; `None` if it is not one of
/// these functions.
pub(super) fn call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    Some(match name {
        "Split" => split(vm, base, false, -1),
        "SplitAfter" => split(vm, base, true, -1),
        "SplitN" => split(vm, base, false, int_at(vm, base + 4)),
        "SplitAfterN" => split(vm, base, true, int_at(vm, base + 4)),
        "Fields" => fields(vm, base),
        "Join" => join(vm, base),
        "Cut" => cut(vm, base),
        "CutPrefix" | "CutSuffix" => cut_affix(vm, base, name == "CutPrefix"),
        _ => return None,
    })
}

/// The pieces of a split as byte ranges of the string, and the capacity Go gives the result.
struct Pieces {
    ranges: Vec<(usize, usize)>,
    cap: usize,
}

/// `SplitN`/`SplitAfterN` (`n < 0` for all pieces); `after` keeps each separator.
fn split(vm: &mut Vm, base: usize, after: bool, n: i64) -> Result<(), VmError> {
    let (s, sep) = (Str::at(vm, base), Str::at(vm, base + 2));
    let pieces = split_ranges(s.bytes(vm), sep.bytes(vm), after, n);
    let elems = pieces.map(|p| {
        let words: Vec<(u64, u64)> = p.ranges.iter().map(|&(a, b)| s.window(a, b)).collect();
        (words, p.cap)
    });
    match elems {
        Some((words, cap)) => set_strings(vm, base, Some(&words), cap),
        None => set_strings(vm, base, None, 0),
    }
}

/// Go's `genSplit`: `None` for `n == 0` (a nil slice).
fn split_ranges(s: &[u8], sep: &[u8], after: bool, n: i64) -> Option<Pieces> {
    if n == 0 {
        return None;
    }
    if sep.is_empty() {
        return Some(explode(s, n));
    }
    let n = if n < 0 { count(s, sep) + 1 } else { n };
    let n = (n as u64).min(s.len() as u64 + 1) as usize;
    let keep = if after { sep.len() } else { 0 };
    let mut ranges = Vec::new();
    let mut start = 0;
    while ranges.len() + 1 < n {
        let Some(m) = index(&s[start..], sep) else {
            break;
        };
        ranges.push((start, start + m + keep));
        start += m + sep.len();
    }
    ranges.push((start, s.len()));
    Some(Pieces { ranges, cap: n })
}

/// Go's `explode`: one piece per UTF-8 sequence (each invalid byte on its own), at most `n`
/// pieces (all if `n < 0`), the last holding the rest.
fn explode(s: &[u8], n: i64) -> Pieces {
    let runes = rune_count(s);
    let n = if n < 0 || n as u64 > runes as u64 {
        runes
    } else {
        n as usize
    };
    let mut ranges = Vec::with_capacity(n);
    let mut start = 0;
    while ranges.len() + 1 < n {
        let w = decode_rune(&s[start..]).1;
        ranges.push((start, start + w));
        start += w;
    }
    if n > 0 {
        ranges.push((start, s.len()));
    }
    Pieces { ranges, cap: n }
}

/// `Fields`: the runs of non-space runes (Unicode white space, invalid bytes are not space).
fn fields(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let s = Str::at(vm, base);
    let words: Vec<(u64, u64)> = field_ranges(s.bytes(vm))
        .into_iter()
        .map(|(a, b)| s.window(a, b))
        .collect();
    let cap = words.len();
    set_strings(vm, base, Some(&words), cap)
}

fn field_ranges(s: &[u8]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < s.len() {
        let (r, w) = decode_rune(&s[i..]);
        match (is_space(r), start) {
            (true, Some(a)) => {
                ranges.push((a, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += w;
    }
    if let Some(a) = start {
        ranges.push((a, s.len()));
    }
    ranges
}

/// `Join(elems, sep)`: one element is returned as it is.
fn join(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let elems = SliceArg::at(vm, base).strings(vm);
    let sep = Str::at(vm, base + 4);
    match elems.as_slice() {
        [] => set_str(vm, base, StrOut::Owned(Vec::new())),
        [one] => set_str(vm, base, StrOut::same(*one)),
        _ => {
            let sep = sep.bytes(vm);
            let mut out = Vec::new();
            for (i, e) in elems.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(sep);
                }
                out.extend_from_slice(e.bytes(vm));
            }
            set_str(vm, base, StrOut::Owned(out))
        }
    }
}

/// `Cut(s, sep)`: `(before, after, true)` around the first `sep`, else `(s, "", false)`.
fn cut(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let (s, sep) = (Str::at(vm, base), Str::at(vm, base + 2));
    let found = index(s.bytes(vm), sep.bytes(vm));
    let (before, after) = match found {
        Some(i) => ((0, i), (i + sep.len, s.len)),
        None => ((0, s.len), (s.len, s.len)),
    };
    set_str(vm, base, StrOut::Slice(s, before.0, before.1))?;
    set_str(vm, base + 2, StrOut::Slice(s, after.0, after.1))?;
    set_bool(vm, base + 4, found.is_some())
}

/// `CutPrefix`/`CutSuffix`: `s` without the affix and whether it was there.
fn cut_affix(vm: &mut Vm, base: usize, prefix: bool) -> Result<(), VmError> {
    let (s, affix) = (Str::at(vm, base), Str::at(vm, base + 2));
    let (bytes, a) = (s.bytes(vm), affix.bytes(vm));
    let (found, range) = match prefix {
        true if bytes.starts_with(a) => (true, (a.len(), s.len)),
        false if bytes.ends_with(a) => (true, (0, s.len - a.len())),
        _ => (false, (0, s.len)),
    };
    set_str(vm, base, StrOut::Slice(s, range.0, range.1))?;
    set_bool(vm, base + 2, found)
}

#[cfg(test)]
mod tests {
    use super::{field_ranges, split_ranges};

    fn pieces<'a>(s: &'a [u8], sep: &[u8], after: bool, n: i64) -> Option<Vec<&'a [u8]>> {
        split_ranges(s, sep, after, n).map(|p| p.ranges.iter().map(|&(a, b)| &s[a..b]).collect())
    }

    #[test]
    fn split_like_go() {
        assert_eq!(
            pieces(b"a,b,c", b",", false, -1).unwrap(),
            [b"a", b"b", b"c"]
        );
        assert_eq!(
            pieces(b"a,b,c", b",", false, 2).unwrap(),
            [&b"a"[..], b"b,c"]
        );
        assert_eq!(
            pieces(b"a,b,c", b",", true, -1).unwrap(),
            [&b"a,"[..], b"b,", b"c"]
        );
        assert_eq!(pieces(b"", b",", false, -1).unwrap(), [b""]);
        assert_eq!(pieces(b",", b",", false, -1).unwrap(), [b"", b""]);
        assert!(pieces(b"a,b", b",", false, 0).is_none());
    }

    #[test]
    fn split_capacity_is_go_make_size() {
        assert_eq!(split_ranges(b"a,b", b",", false, 10).unwrap().cap, 4);
        assert_eq!(split_ranges(b"a,b,c", b",", false, -1).unwrap().cap, 3);
    }

    #[test]
    fn empty_separator_splits_utf8_sequences() {
        let s = "aé\u{ff}".as_bytes();
        assert_eq!(
            pieces(s, b"", false, -1).unwrap(),
            [&b"a"[..], "é".as_bytes(), "\u{ff}".as_bytes()]
        );
        let invalid = b"a\xffb";
        assert_eq!(
            pieces(invalid, b"", false, -1).unwrap(),
            [b"a", b"\xff", b"b"]
        );
        assert_eq!(pieces(b"abc", b"", false, 2).unwrap(), [&b"a"[..], b"bc"]);
        assert!(pieces(b"", b"", false, -1).unwrap().is_empty());
    }

    #[test]
    fn fields_use_unicode_space() {
        let s = " a\u{a0}b\u{2003}\tc\u{85} ".as_bytes();
        let got: Vec<&[u8]> = field_ranges(s).iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(got, [b"a", b"b", b"c"]);
        assert!(field_ranges(b" \t\n").is_empty());
        let invalid = b"\xff \xfe";
        assert_eq!(field_ranges(invalid).len(), 2);
    }
}
