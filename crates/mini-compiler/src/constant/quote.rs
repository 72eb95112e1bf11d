//! Go's `strconv.Quote` for constant strings in diagnostics.

use super::isprint::{IS_NOT_PRINT16, IS_NOT_PRINT32, IS_PRINT16, IS_PRINT32};

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Quotes `bytes` as Go's `strconv.Quote` does: printable runes (per `strconv.IsPrint`) as
/// themselves, the usual C escapes, `\xNN` for control bytes and invalid UTF-8, and
/// `\uNNNN` / `\UNNNNNNNN` for other unprintable runes.
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            escape_rune(&mut out, c);
        }
        for &b in chunk.invalid() {
            push_hex_byte(&mut out, b);
        }
    }
    out.push('"');
    out
}

/// Appends one rune of a double-quoted literal.
fn escape_rune(out: &mut String, c: char) {
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        c if c < ' ' || c == '\x7f' => push_hex_byte(out, c as u8),
        c if (c as u32) < 0x10000 => push_hex_digits(out, "\\u", c as u32, 4),
        c => push_hex_digits(out, "\\U", c as u32, 8),
    }
}

fn push_hex_byte(out: &mut String, b: u8) {
    push_hex_digits(out, "\\x", u32::from(b), 2);
}

fn push_hex_digits(out: &mut String, prefix: &str, value: u32, digits: u32) {
    out.push_str(prefix);
    for i in (0..digits).rev() {
        out.push(char::from(LOWER_HEX[(value >> (4 * i)) as usize & 0xf]));
    }
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and U+0020.
pub fn is_print(c: char) -> bool {
    let r = c as u32;
    if r <= 0xff {
        return (0x20..=0x7e).contains(&r) || ((0xa1..=0xff).contains(&r) && r != 0xad);
    }
    if let Ok(r16) = u16::try_from(r) {
        return in_ranges(IS_PRINT16, r16) && IS_NOT_PRINT16.binary_search(&r16).is_err();
    }
    if !in_ranges(IS_PRINT32, r) {
        return false;
    }
    r >= 0x20000
        || IS_NOT_PRINT32
            .binary_search(&((r - 0x10000) as u16))
            .is_err()
}

/// Reports whether `x` lies in one of the inclusive `[lo, hi]` pairs of the sorted `ranges`.
fn in_ranges<T: Ord + Copy>(ranges: &[T], x: T) -> bool {
    let i = ranges.partition_point(|&v| v < x);
    i < ranges.len() && ranges[i & !1] <= x && x <= ranges[i | 1]
}
