//! Go's `strconv.Unquote` and `UnquoteChar`: reading Go string, rune and raw literals.

use super::utf8::{append_rune, decode_rune};
use super::NumErrorKind;

/// Go's `strconv.UnquoteChar`: decodes the first character or escape of a literal body
/// delimited by `quote`, returning the rune, whether it must be UTF-8 encoded (a multibyte
/// rune or a `\u`/`\U` escape; `\x` and octal escapes are single bytes) and the rest.
pub fn unquote_char(s: &[u8], quote: u8) -> Result<(i32, bool, &[u8]), NumErrorKind> {
    let syntax = Err(NumErrorKind::Syntax);
    let Some(&c) = s.first() else {
        return syntax;
    };
    if c == quote && (quote == b'\'' || quote == b'"') {
        return syntax;
    }
    if c >= 0x80 {
        let (r, size) = decode_rune(s);
        return Ok((r, true, &s[size..]));
    }
    if c != b'\\' {
        return Ok((i32::from(c), false, &s[1..]));
    }
    let Some(&c) = s.get(1) else {
        return syntax;
    };
    let s = &s[2..];
    let simple = match c {
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'n' => Some(0x0a),
        b'r' => Some(0x0d),
        b't' => Some(0x09),
        b'v' => Some(0x0b),
        b'\\' => Some(i32::from(b'\\')),
        b'\'' | b'"' if c == quote => Some(i32::from(c)),
        _ => None,
    };
    if let Some(v) = simple {
        return Ok((v, false, s));
    }
    match c {
        b'x' | b'u' | b'U' => {
            let n = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            if s.len() < n {
                return syntax;
            }
            let mut v: u32 = 0;
            for &h in &s[..n] {
                let Some(x) = char::from(h).to_digit(16) else {
                    return syntax;
                };
                v = (v << 4) | x;
            }
            if c == b'x' {
                return Ok((v as i32, false, &s[n..]));
            }
            if char::from_u32(v).is_none() {
                return syntax;
            }
            Ok((v as i32, true, &s[n..]))
        }
        b'0'..=b'7' => {
            if s.len() < 2 {
                return syntax;
            }
            let mut v = u32::from(c - b'0');
            for &o in &s[..2] {
                if !(b'0'..=b'7').contains(&o) {
                    return syntax;
                }
                v = (v << 3) | u32::from(o - b'0');
            }
            if v > 255 {
                return syntax;
            }
            Ok((v as i32, false, &s[2..]))
        }
        _ => syntax,
    }
}

/// Go's `strconv.Unquote`: the value of a double-quoted, single-quoted (one rune) or
/// back-quoted literal that makes up all of `s`.
pub fn unquote(s: &[u8]) -> Result<Vec<u8>, NumErrorKind> {
    let syntax = Err(NumErrorKind::Syntax);
    if s.len() < 2 {
        return syntax;
    }
    let quote = s[0];
    let Some(end) = s[1..].iter().position(|&c| c == quote) else {
        return syntax;
    };
    let end = end + 2;
    match quote {
        b'`' => {
            if end != s.len() {
                return syntax;
            }
            // Carriage returns are dropped from raw strings.
            Ok(s[1..end - 1]
                .iter()
                .copied()
                .filter(|&c| c != b'\r')
                .collect())
        }
        b'"' | b'\'' => unquote_escaped(s, quote),
        _ => syntax,
    }
}

/// The body of a `"` or `'` literal, decoding escapes (invalid UTF-8 becomes U+FFFD, as in
/// Go); a rune literal holds at most one character.
fn unquote_escaped(s: &[u8], quote: u8) -> Result<Vec<u8>, NumErrorKind> {
    let syntax = Err(NumErrorKind::Syntax);
    let mut out = Vec::with_capacity(s.len());
    let mut rest = &s[1..];
    while let Some(&c) = rest.first() {
        if c == quote {
            break;
        }
        if c == b'\n' {
            return syntax;
        }
        let (r, multibyte, tail) = unquote_char(rest, quote)?;
        rest = tail;
        if r < 0x80 || !multibyte {
            out.push(r as u8);
        } else {
            append_rune(&mut out, r);
        }
        if quote == b'\'' {
            break;
        }
    }
    if rest != [quote] {
        return syntax;
    }
    Ok(out)
}
