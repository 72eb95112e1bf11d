//! The slow, exact path of float parsing (Go's `decimal.set` and `decimal.floatBits`): the
//! digits go into a multiprecision decimal that is scaled by powers of two.

use super::decimal::Decimal;
use super::FloatInfo;

const MAX_DIGITS: usize = 800;

/// Binary exponents that bring a decimal point position into range: `POWTAB[k]` shifts
/// move `k` decimal places.
const POWTAB: [i32; 9] = [1, 3, 6, 9, 13, 16, 19, 23, 26];

/// Reads a decimal float already validated by `read_float` (`_` separators are skipped).
fn set(s: &[u8]) -> Option<Decimal> {
    let mut d = Decimal::new();
    let mut i = 0;
    match s.first()? {
        b'+' => i += 1,
        b'-' => {
            i += 1;
            d.neg = true;
        }
        _ => {}
    }
    let (mut sawdot, mut sawdigits) = (false, false);
    while i < s.len() {
        match s[i] {
            b'_' => {}
            b'.' if !sawdot => {
                sawdot = true;
                d.dp = d.nd() as i32;
            }
            c @ b'0'..=b'9' => {
                sawdigits = true;
                if c == b'0' && d.nd() == 0 {
                    d.dp -= 1;
                } else if d.nd() < MAX_DIGITS {
                    d.d.push(c);
                } else if c != b'0' {
                    d.trunc = true;
                }
            }
            _ => break,
        }
        i += 1;
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        d.dp = d.nd() as i32;
    }
    if i < s.len() && s[i].eq_ignore_ascii_case(&b'e') {
        i += 1;
        let mut esign = 1;
        match s.get(i)? {
            b'+' => i += 1,
            b'-' => {
                i += 1;
                esign = -1;
            }
            _ => {}
        }
        let mut e = 0;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] != b'_' && e < 10000 {
                e = e * 10 + i32::from(s[i] - b'0');
            }
            i += 1;
        }
        d.dp += e * esign;
    }
    (i == s.len()).then_some(d)
}

/// Correctly rounded IEEE bits (sign included) of the decimal text `s`, and whether it
/// overflowed to infinity.
pub(super) fn decimal_to_float_bits(s: &[u8], flt: &FloatInfo) -> Option<(u64, bool)> {
    let mut d = set(s)?;
    let mb = flt.mant_bits;
    let exp_limit = (1 << flt.exp_bits) - 1;
    let (mant, exp, overflow) = float_bits(&mut d, flt, mb, exp_limit);
    let mut bits = mant & ((1 << mb) - 1);
    bits |= (((exp - flt.bias) & exp_limit) as u64) << mb;
    if d.neg {
        bits |= 1 << (mb + flt.exp_bits);
    }
    Some((bits, overflow))
}

/// The mantissa and unbiased exponent nearest `d`, and whether it overflowed.
fn float_bits(d: &mut Decimal, flt: &FloatInfo, mb: u32, exp_limit: i32) -> (u64, i32, bool) {
    let overflow = (0, exp_limit + flt.bias, true);
    if d.nd() == 0 || d.dp < -330 {
        return (0, flt.bias, false);
    }
    if d.dp > 310 {
        return overflow;
    }
    // Scale by powers of two until the value is in [0.5, 1).
    let mut exp = 0;
    while d.dp > 0 {
        let n = POWTAB.get(d.dp as usize).copied().unwrap_or(27);
        d.shift(-n);
        exp += n;
    }
    while d.dp < 0 || (d.dp == 0 && d.d[0] < b'5') {
        let n = POWTAB.get((-d.dp) as usize).copied().unwrap_or(27);
        d.shift(n);
        exp -= n;
    }
    // The range is [0.5, 1) but the float's is [1, 2).
    exp -= 1;
    // Below the smallest normal exponent: denormalise.
    if exp < flt.bias + 1 {
        let n = flt.bias + 1 - exp;
        d.shift(-n);
        exp += n;
    }
    if exp - flt.bias >= exp_limit {
        return overflow;
    }
    d.shift(1 + mb as i32);
    let mut mant = d.rounded_integer();
    // Rounding may have added a bit.
    if mant == 2 << mb {
        mant >>= 1;
        exp += 1;
        if exp - flt.bias >= exp_limit {
            return overflow;
        }
    }
    if mant & (1 << mb) == 0 {
        exp = flt.bias;
    }
    (mant, exp, false)
}
