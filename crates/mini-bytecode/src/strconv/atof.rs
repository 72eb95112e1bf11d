//! Go's `strconv.ParseFloat`: decimal and hexadecimal floats, `inf`/`infinity`/`nan`, `_`
//! separators, correctly rounded to float64 or float32.

use super::atof_decimal::decimal_to_float_bits;
use super::atoi::underscore_ok;
use super::uscale::parse_scaled;
use super::{FloatInfo, NumErrorKind, FLOAT32, FLOAT64};

/// Go's `strconv.ParseFloat(s, bitSize)`. With `bit_size` 32 the result is a float32 value
/// widened to `f64`. Out of range gives `±Inf` with [`NumErrorKind::Range`].
pub fn parse_float(s: &[u8], bit_size: u32) -> Result<f64, (f64, NumErrorKind)> {
    let flt = if bit_size == 32 { &FLOAT32 } else { &FLOAT64 };
    let (bits, n, err) = match special(s) {
        Some((f, n)) => {
            let bits = if bit_size == 32 {
                u64::from((f as f32).to_bits())
            } else {
                f.to_bits()
            };
            (bits, n, None)
        }
        None => atof(s, flt),
    };
    if n != s.len() {
        return Err((0.0, NumErrorKind::Syntax));
    }
    let f = if bit_size == 32 {
        f64::from(f32::from_bits(bits as u32))
    } else {
        f64::from_bits(bits)
    };
    match err {
        None => Ok(f),
        Some(NumErrorKind::Syntax) => Err((0.0, NumErrorKind::Syntax)),
        Some(kind) => Err((f, kind)),
    }
}

/// `inf`, `infinity` (optionally signed) and `nan`, case-insensitively, as a prefix of `s`:
/// the value and the length matched.
fn special(s: &[u8]) -> Option<(f64, usize)> {
    let (sign, rest) = match s.first()? {
        b'+' => (1.0, &s[1..]),
        b'-' => (-1.0, &s[1..]),
        b'n' | b'N' => {
            // Go's math.NaN() bits.
            let nan = f64::from_bits(0x7ff8_0000_0000_0001);
            return (common_prefix_len_ignore_case(s, b"nan") == 3).then_some((nan, 3));
        }
        _ => (1.0, s),
    };
    let nsign = s.len() - rest.len();
    if nsign == 0 && !matches!(s[0], b'i' | b'I') {
        return None;
    }
    let mut n = common_prefix_len_ignore_case(rest, b"infinity");
    // Anything longer than "inf" is ok, but without all of "infinity" only "inf" counts.
    if 3 < n && n < 8 {
        n = 3;
    }
    (n == 3 || n == 8).then_some((sign * f64::INFINITY, nsign + n))
}

fn common_prefix_len_ignore_case(s: &[u8], prefix: &[u8]) -> usize {
    s.iter()
        .zip(prefix)
        .take_while(|(c, p)| c.to_ascii_lowercase() == **p)
        .count()
}

/// A number read from text: `mantissa × base^exp` (base 10, or 2 for hex), with up to 19
/// decimal (16 hex) digits kept and `trunc` set when non-zero digits were dropped.
struct Mantissa {
    mantissa: u64,
    exp: i32,
    neg: bool,
    trunc: bool,
    hex: bool,
}

/// Go's `readFloat`: the number at the start of `s` and the bytes it takes, or `None` on a
/// syntax error.
fn read_float(s: &[u8]) -> Option<(Mantissa, usize)> {
    let mut i = 0;
    let mut underscores = false;
    let mut m = Mantissa {
        mantissa: 0,
        exp: 0,
        neg: false,
        trunc: false,
        hex: false,
    };
    match s.first()? {
        b'+' => i += 1,
        b'-' => {
            i += 1;
            m.neg = true;
        }
        _ => {}
    }
    let mut base = 10u64;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    if i + 2 < s.len() && s[i] == b'0' && s[i + 1].eq_ignore_ascii_case(&b'x') {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        m.hex = true;
    }
    let (mut sawdot, mut sawdigits) = (false, false);
    let (mut nd, mut nd_mant, mut dp) = (0i32, 0i32, 0i32);
    while i < s.len() {
        let c = s[i];
        let lc = c.to_ascii_lowercase();
        let digit = match c {
            b'_' => {
                underscores = true;
                i += 1;
                continue;
            }
            b'.' if !sawdot => {
                sawdot = true;
                dp = nd;
                i += 1;
                continue;
            }
            b'0'..=b'9' => u64::from(c - b'0'),
            _ if base == 16 && (b'a'..=b'f').contains(&lc) => u64::from(lc - b'a' + 10),
            _ => break,
        };
        sawdigits = true;
        i += 1;
        if c == b'0' && nd == 0 {
            // Leading zeros only move the point.
            dp -= 1;
            continue;
        }
        nd += 1;
        if nd_mant < max_mant_digits {
            m.mantissa = m.mantissa * base + digit;
            nd_mant += 1;
        } else if c != b'0' {
            m.trunc = true;
        }
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < s.len() && s[i].to_ascii_lowercase() == exp_char {
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
        if !s.get(i)?.is_ascii_digit() {
            return None;
        }
        // A huge exponent only needs to be huge: stop accumulating at 10000.
        let mut e = 0i32;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i32::from(s[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        return None;
    }
    if m.mantissa != 0 {
        m.exp = dp - nd_mant;
    }
    if underscores && !underscore_ok(&s[..i]) {
        return None;
    }
    Some((m, i))
}

/// Parses the number at the start of `s` to the IEEE bits of format `flt`, the length read,
/// and an error kind.
fn atof(s: &[u8], flt: &FloatInfo) -> (u64, usize, Option<NumErrorKind>) {
    let Some((m, n)) = read_float(s) else {
        return (0, 0, Some(NumErrorKind::Syntax));
    };
    let sign = u64::from(m.neg) << (flt.mant_bits + flt.exp_bits);
    if m.hex {
        let (bits, ovf) = atof_hex(flt, m.mantissa, m.exp, m.trunc);
        return (sign | bits, n, ovf.then_some(NumErrorKind::Range));
    }
    let inf = ((1u64 << flt.exp_bits) - 1) << flt.mant_bits;
    let is64 = flt.mant_bits == 52;
    let (max_p, min_p) = if is64 { (310, -345) } else { (40, -70) };
    if m.mantissa == 0 || m.exp < min_p {
        return (sign, n, None);
    }
    if m.exp > max_p {
        return (sign | inf, n, Some(NumErrorKind::Range));
    }
    if !m.trunc {
        if let Some(bits) = exact(m.mantissa, m.exp, is64) {
            return (sign | bits, n, None);
        }
    }
    let (bits, ovf) = parse_scaled(m.mantissa, m.exp, flt);
    // With dropped digits the value lies between d and d+1: exact when both agree.
    if !m.trunc || parse_scaled(m.mantissa + 1, m.exp, flt).0 == bits {
        return (sign | bits, n, ovf.then_some(NumErrorKind::Range));
    }
    match decimal_to_float_bits(&s[..n], flt) {
        Some((bits, ovf)) => (bits, n, ovf.then_some(NumErrorKind::Range)),
        None => (0, n, Some(NumErrorKind::Syntax)),
    }
}

/// Powers of ten exact in float64.
const F64_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
/// Powers of ten exact in float32.
const F32_POW10: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// Go's `atof64exact`/`atof32exact`: the value with one exact float operation when the
/// mantissa and the power of ten are both exact in the format (bits without the sign).
fn exact(mantissa: u64, exp: i32, is64: bool) -> Option<u64> {
    if is64 {
        if mantissa >> 52 != 0 {
            return None;
        }
        let mut f = mantissa as f64;
        let f = match exp {
            0 => f,
            1..=37 => {
                let mut exp = exp;
                if exp > 22 {
                    f *= F64_POW10[(exp - 22) as usize];
                    exp = 22;
                }
                if f > 1e15 {
                    return None;
                }
                f * F64_POW10[exp as usize]
            }
            -22..=-1 => f / F64_POW10[(-exp) as usize],
            _ => return None,
        };
        return Some(f.to_bits());
    }
    if mantissa >> 23 != 0 {
        return None;
    }
    let mut f = mantissa as f32;
    let f = match exp {
        0 => f,
        1..=17 => {
            let mut exp = exp;
            if exp > 10 {
                f *= F32_POW10[(exp - 10) as usize];
                exp = 10;
            }
            if f > 1e7 {
                return None;
            }
            f * F32_POW10[exp as usize]
        }
        -10..=-1 => f / F32_POW10[(-exp) as usize],
        _ => return None,
    };
    Some(u64::from(f.to_bits()))
}

/// Go's `atofHex`: rounds `mantissa × 2^exp` (ties to even) to format `flt`; bits without
/// the sign and whether it overflowed.
fn atof_hex(flt: &FloatInfo, mut mantissa: u64, mut exp: i32, trunc: bool) -> (u64, bool) {
    let mb = flt.mant_bits;
    let max_exp = (1 << flt.exp_bits) + flt.bias - 2;
    let min_exp = flt.bias + 1;
    exp += mb as i32;
    // Normalise to a leading 1 followed by `mb` bits and two rounding bits, the lowest of
    // which is sticky.
    while mantissa != 0 && mantissa >> (mb + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + mb + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    // Denormalise when the exponent is too small.
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + mb) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> mb == 0 {
        exp = flt.bias;
    }
    let mut ovf = false;
    if exp > max_exp {
        mantissa = 1 << mb;
        exp = max_exp + 1;
        ovf = true;
    }
    let bits = (mantissa & ((1 << mb) - 1))
        | ((((exp - flt.bias) & ((1 << flt.exp_bits) - 1)) as u64) << mb);
    (bits, ovf)
}
