//! Go's `strconv.ParseInt`, `ParseUint`, `Atoi` and `ParseBool`.

use super::NumErrorKind;

/// Go's `strconv.ParseUint(s, base, bitSize)`: base 0 takes a `0b`/`0o`/`0x`/`0` prefix and
/// allows `_` separators; on overflow the result is the maximum value with
/// [`NumErrorKind::Range`].
pub fn parse_uint(s: &[u8], base: u32, bit_size: u32) -> Result<u64, (u64, NumErrorKind)> {
    if s.is_empty() {
        return Err((0, NumErrorKind::Syntax));
    }
    let base0 = base == 0;
    let s0 = s;
    let (base, digits) = match base {
        2..=36 => (base, s),
        0 => match s {
            [b'0', c, _, ..] if c.eq_ignore_ascii_case(&b'b') => (2, &s[2..]),
            [b'0', c, _, ..] if c.eq_ignore_ascii_case(&b'o') => (8, &s[2..]),
            [b'0', c, _, ..] if c.eq_ignore_ascii_case(&b'x') => (16, &s[2..]),
            [b'0', ..] => (8, &s[1..]),
            _ => (10, s),
        },
        _ => return Err((0, NumErrorKind::Base)),
    };
    let bit_size = match bit_size {
        0 => 64,
        1..=64 => bit_size,
        _ => return Err((0, NumErrorKind::BitSize)),
    };
    let max_val = if bit_size == 64 {
        u64::MAX
    } else {
        (1u64 << bit_size) - 1
    };
    let cutoff = u64::MAX / u64::from(base) + 1;
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            _ if c.to_ascii_lowercase().is_ascii_lowercase() => c.to_ascii_lowercase() - b'a' + 10,
            _ => return Err((0, NumErrorKind::Syntax)),
        };
        if u32::from(d) >= base {
            return Err((0, NumErrorKind::Syntax));
        }
        if n >= cutoff {
            return Err((max_val, NumErrorKind::Range));
        }
        n *= u64::from(base);
        match n.checked_add(u64::from(d)) {
            Some(n1) if n1 <= max_val => n = n1,
            _ => return Err((max_val, NumErrorKind::Range)),
        }
    }
    if underscores && !underscore_ok(s0) {
        return Err((0, NumErrorKind::Syntax));
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, base, bitSize)`; on overflow the result is the bound in the
/// direction of the sign with [`NumErrorKind::Range`].
pub fn parse_int(s: &[u8], base: u32, bit_size: u32) -> Result<i64, (i64, NumErrorKind)> {
    if s.is_empty() {
        return Err((0, NumErrorKind::Syntax));
    }
    let (neg, digits) = match s[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = match parse_uint(digits, base, bit_size) {
        Ok(un) => un,
        Err((un, NumErrorKind::Range)) => un,
        Err((_, kind)) => return Err((0, kind)),
    };
    let bit_size = if bit_size == 0 { 64 } else { bit_size };
    let cutoff = 1u64 << (bit_size - 1);
    if !neg && un >= cutoff {
        return Err(((cutoff - 1) as i64, NumErrorKind::Range));
    }
    if neg && un > cutoff {
        return Err((cutoff.wrapping_neg() as i64, NumErrorKind::Range));
    }
    let n = un as i64;
    Ok(if neg { n.wrapping_neg() } else { n })
}

/// Go's `strconv.Atoi` for a 64-bit `int`.
pub fn atoi(s: &[u8]) -> Result<i64, (i64, NumErrorKind)> {
    parse_int(s, 10, 0)
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &[u8]) -> Result<bool, NumErrorKind> {
    match s {
        b"1" | b"t" | b"T" | b"TRUE" | b"true" | b"True" => Ok(true),
        b"0" | b"f" | b"F" | b"FALSE" | b"false" | b"False" => Ok(false),
        _ => Err(NumErrorKind::Syntax),
    }
}

/// Whether the underscores in a base-prefixed literal only separate digits (Go's
/// `underscoreOK`): `_` must follow a digit or the base prefix and precede a digit.
pub(super) fn underscore_ok(s: &[u8]) -> bool {
    let mut s = s;
    if let [b'-' | b'+', rest @ ..] = s {
        s = rest;
    }
    // '^' at the start, '0' after a digit (or prefix), '_' after an underscore, '!' else.
    let mut saw = b'^';
    let mut hex = false;
    let mut i = 0;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &s[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}
