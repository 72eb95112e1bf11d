//! Go's `strconv.Quote` family: double-quoted strings and single-quoted runes with Go
//! escapes, optionally ASCII-only or keeping graphic spaces; and `CanBackquote`.

use super::isprint::{in_graphic_list, is_print_rune};
use super::utf8::{decode_rune, RUNE_ERROR};

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Which runes stay as themselves inside the quotes.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Printable runes (`Quote`).
    Print,
    /// Printable ASCII only (`QuoteToASCII`).
    Ascii,
    /// Printable runes and graphic spaces (`QuoteToGraphic`).
    Graphic,
}

/// Go's `strconv.Quote`: printable runes as themselves, the usual C escapes, `\xNN` for
/// control bytes and invalid UTF-8, `\uNNNN` / `\UNNNNNNNN` for other unprintable runes.
pub fn quote(s: &[u8]) -> String {
    into_string(|out| append_quote(out, s))
}

/// Go's `strconv.QuoteToASCII`: like [`quote`] but non-ASCII runes are escaped too.
pub fn quote_to_ascii(s: &[u8]) -> String {
    into_string(|out| append_quote_to_ascii(out, s))
}

/// Go's `strconv.QuoteToGraphic`: like [`quote`] but graphic spaces stay as themselves.
pub fn quote_to_graphic(s: &[u8]) -> String {
    into_string(|out| append_quote_to_graphic(out, s))
}

/// Go's `strconv.QuoteRune` of any rune value (invalid ones print as U+FFFD).
pub fn quote_rune(r: i32) -> String {
    into_string(|out| append_quote_rune(out, r))
}

/// Go's `strconv.QuoteRuneToASCII`.
pub fn quote_rune_to_ascii(r: i32) -> String {
    into_string(|out| append_quote_rune_to_ascii(out, r))
}

/// Go's `strconv.QuoteRuneToGraphic`.
pub fn quote_rune_to_graphic(r: i32) -> String {
    into_string(|out| append_quote_rune_with(out, r, Mode::Graphic))
}

/// Go's `strconv.AppendQuote`.
pub fn append_quote(dst: &mut Vec<u8>, s: &[u8]) {
    append_quoted_with(dst, s, b'"', Mode::Print);
}

/// Go's `strconv.AppendQuoteToASCII`.
pub fn append_quote_to_ascii(dst: &mut Vec<u8>, s: &[u8]) {
    append_quoted_with(dst, s, b'"', Mode::Ascii);
}

/// Go's `strconv.AppendQuoteToGraphic`.
pub fn append_quote_to_graphic(dst: &mut Vec<u8>, s: &[u8]) {
    append_quoted_with(dst, s, b'"', Mode::Graphic);
}

/// Go's `strconv.AppendQuoteRune`.
pub fn append_quote_rune(dst: &mut Vec<u8>, r: i32) {
    append_quote_rune_with(dst, r, Mode::Print);
}

/// Go's `strconv.AppendQuoteRuneToASCII`.
pub fn append_quote_rune_to_ascii(dst: &mut Vec<u8>, r: i32) {
    append_quote_rune_with(dst, r, Mode::Ascii);
}

/// Go's `strconv.CanBackquote`: whether `s` can be a raw string literal unchanged.
pub fn can_backquote(s: &[u8]) -> bool {
    let mut s = s;
    while !s.is_empty() {
        let (r, width) = decode_rune(s);
        s = &s[width..];
        if width > 1 {
            if r == 0xfeff {
                return false;
            }
            continue;
        }
        if r == RUNE_ERROR || (r < 0x20 && r != 0x09) || r == 0x60 || r == 0x7f {
            return false;
        }
    }
    true
}

fn into_string(f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut out = Vec::new();
    f(&mut out);
    String::from_utf8(out).expect("quoted text is valid UTF-8")
}

fn append_quoted_with(dst: &mut Vec<u8>, s: &[u8], quote: u8, mode: Mode) {
    dst.reserve(s.len() + 2);
    dst.push(quote);
    let mut s = s;
    while !s.is_empty() {
        let (r, width) = decode_rune(s);
        if width == 1 && r == RUNE_ERROR {
            push_hex(dst, b"\\x", u32::from(s[0]), 2);
        } else {
            append_escaped_rune(dst, r, quote, mode);
        }
        s = &s[width..];
    }
    dst.push(quote);
}

fn append_quote_rune_with(dst: &mut Vec<u8>, r: i32, mode: Mode) {
    dst.push(b'\'');
    let r = if char::from_u32(r as u32).is_some() {
        r
    } else {
        RUNE_ERROR
    };
    append_escaped_rune(dst, r, b'\'', mode);
    dst.push(b'\'');
}

/// Appends rune `r` (valid) escaped for a literal delimited by `quote`.
fn append_escaped_rune(dst: &mut Vec<u8>, r: i32, quote: u8, mode: Mode) {
    if r == i32::from(quote) || r == i32::from(b'\\') {
        dst.push(b'\\');
        dst.push(r as u8);
        return;
    }
    let keep = match mode {
        Mode::Ascii => r < 0x80 && is_print_rune(r),
        Mode::Print => is_print_rune(r),
        Mode::Graphic => is_print_rune(r) || in_graphic_list(r),
    };
    if keep {
        let c = char::from_u32(r as u32).expect("printable runes are valid");
        dst.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        return;
    }
    match r {
        0x07 => dst.extend_from_slice(b"\\a"),
        0x08 => dst.extend_from_slice(b"\\b"),
        0x0c => dst.extend_from_slice(b"\\f"),
        0x0a => dst.extend_from_slice(b"\\n"),
        0x0d => dst.extend_from_slice(b"\\r"),
        0x09 => dst.extend_from_slice(b"\\t"),
        0x0b => dst.extend_from_slice(b"\\v"),
        r if r < 0x20 || r == 0x7f => push_hex(dst, b"\\x", r as u32, 2),
        r if r < 0x10000 => push_hex(dst, b"\\u", r as u32, 4),
        r => push_hex(dst, b"\\U", r as u32, 8),
    }
}

fn push_hex(dst: &mut Vec<u8>, prefix: &[u8], value: u32, digits: u32) {
    dst.extend_from_slice(prefix);
    for i in (0..digits).rev() {
        dst.push(LOWER_HEX[(value >> (4 * i)) as usize & 0xf]);
    }
}
