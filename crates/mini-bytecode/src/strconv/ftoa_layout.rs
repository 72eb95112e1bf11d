//! Laying out float digits as Go's strconv does: `%e`, `%f` and `%g` from decimal digits,
//! `%b` and `%x` from the binary mantissa and exponent.

use super::itoa::{append_int, append_uint};
use super::uscale::num_digits;

/// Decimal digits `0.d × 10^dp` without trailing zeros; empty for zero.
#[derive(Default)]
pub(super) struct Digits {
    pub(super) d: Vec<u8>,
    pub(super) dp: i32,
}

impl Digits {
    /// The digits of `d × 10^p` (`d != 0`).
    pub(super) fn from_scaled(d: u64, p: i32) -> Digits {
        let nd = num_digits(d);
        let mut digits = d.to_string().into_bytes();
        debug_assert_eq!(digits.len(), nd);
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Digits {
            d: digits,
            dp: nd as i32 + p,
        }
    }

    pub(super) fn nd(&self) -> usize {
        self.d.len()
    }
}

/// Writes `%e`, `%f` or `%g` (and upper-case forms) of the digits with `prec` as in
/// `FormatFloat`; `shortest` says the digits are the shortest form.
pub(super) fn fmt_efg(
    dst: &mut Vec<u8>,
    neg: bool,
    digits: &Digits,
    mut prec: i32,
    mut fmt: u8,
    shortest: bool,
) {
    let nd = digits.nd() as i32;
    let dp = digits.dp;
    if fmt == b'g' || fmt == b'G' {
        let mut eprec = prec;
        if eprec > nd && nd >= dp {
            eprec = nd;
        }
        // %e is used if the exponent is less than -4 or at least the precision; for the
        // shortest form the decision uses precision 6.
        if shortest {
            eprec = 6;
        }
        let exp = dp - 1;
        if exp < -4 || exp >= eprec {
            prec = prec.min(nd) - 1;
            fmt = fmt + b'e' - b'g';
        } else {
            if prec > dp {
                prec = nd;
            }
            prec = (prec - dp).max(0);
            fmt = b'f';
        }
    }
    match fmt {
        b'e' | b'E' => fmt_e(dst, neg, digits, prec, fmt),
        b'f' => fmt_f(dst, neg, digits, prec),
        _ => {
            dst.push(b'%');
            dst.push(fmt);
        }
    }
}

/// `-d.ddddde±dd`.
fn fmt_e(dst: &mut Vec<u8>, neg: bool, digits: &Digits, prec: i32, fmt: u8) {
    let s = &digits.d;
    let nd = s.len();
    if neg {
        dst.push(b'-');
    }
    dst.push(if nd != 0 { s[0] } else { b'0' });
    if prec > 0 {
        dst.push(b'.');
        let want = prec as usize + 1;
        let m = nd.min(want);
        if m > 1 {
            dst.extend_from_slice(&s[1..m]);
        }
        dst.resize(dst.len() + want - m.max(1), b'0');
    }
    dst.push(fmt);
    let mut exp = if nd == 0 { 0 } else { digits.dp - 1 };
    if exp < 0 {
        dst.push(b'-');
        exp = -exp;
    } else {
        dst.push(b'+');
    }
    if exp < 10 {
        dst.push(b'0');
    }
    dst.extend_from_slice(exp.to_string().as_bytes());
}

/// `-ddddddd.ddddd`.
fn fmt_f(dst: &mut Vec<u8>, neg: bool, digits: &Digits, prec: i32) {
    let s = &digits.d;
    let nd = s.len() as i32;
    let dp = digits.dp;
    if neg {
        dst.push(b'-');
    }
    if dp > 0 {
        let m = nd.min(dp);
        dst.extend_from_slice(&s[..m as usize]);
        dst.resize(dst.len() + (dp - m) as usize, b'0');
    } else {
        dst.push(b'0');
    }
    if prec > 0 {
        dst.push(b'.');
        let lz = prec.min((-dp).max(0));
        let off = dp + lz;
        let m = (prec - lz).min((nd - off).max(0));
        let tz = (prec - lz - m).max(0);
        dst.resize(dst.len() + lz as usize, b'0');
        if m > 0 {
            dst.extend_from_slice(&s[off as usize..(off + m) as usize]);
        }
        dst.resize(dst.len() + tz as usize, b'0');
    }
}

/// `%b`: `-ddddddddp±ddd`.
pub(super) fn fmt_b(dst: &mut Vec<u8>, neg: bool, mant: u64, exp: i32) {
    if neg {
        dst.push(b'-');
    }
    append_uint(dst, mant, 10);
    dst.push(b'p');
    if exp >= 0 {
        dst.push(b'+');
    }
    append_int(dst, i64::from(exp), 10);
}

/// `%x`: `-0x1.yyyyyyyyp±ddd` or `-0x0p+00`.
pub(super) fn fmt_x(
    dst: &mut Vec<u8>,
    prec: i32,
    fmt: u8,
    neg: bool,
    mut mant: u64,
    mut exp: i32,
    mant_bits: i32,
) {
    if mant == 0 {
        exp = 0;
    }
    // Shift digits so the leading 1 (if any) is at bit 60.
    mant <<= 60 - mant_bits;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    // Round to `prec` hex digits, ties to even.
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if fmt == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    if neg {
        dst.push(b'-');
    }
    dst.extend_from_slice(&[b'0', fmt, b'0' + ((mant >> 60) & 1) as u8]);
    mant <<= 4;
    if prec < 0 && mant != 0 {
        dst.push(b'.');
        while mant != 0 {
            dst.push(hex[((mant >> 60) & 15) as usize]);
            mant <<= 4;
        }
    } else if prec > 0 {
        dst.push(b'.');
        for _ in 0..prec {
            dst.push(hex[((mant >> 60) & 15) as usize]);
            mant <<= 4;
        }
    }
    dst.push(if fmt == b'X' { b'P' } else { b'p' });
    if exp < 0 {
        dst.push(b'-');
        exp = -exp;
    } else {
        dst.push(b'+');
    }
    if exp < 10 {
        dst.push(b'0');
    }
    dst.extend_from_slice(exp.to_string().as_bytes());
}
