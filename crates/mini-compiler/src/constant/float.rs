//! Binary floating-point views of exact rationals: correctly rounded `f32`/`f64` values and
//! the decimal text Go prints for float constants.

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An IEEE-754 binary format: mantissa width and exponent range.
#[derive(Clone, Copy)]
pub(super) struct BinaryFormat {
    /// Significand bits, including the implicit leading one.
    mant_bits: u64,
    /// Exponent of the least significant bit of the smallest subnormal.
    min_exp: i64,
    /// Values of magnitude `2^max_exp` and more overflow.
    max_exp: i64,
}

/// IEEE-754 binary64.
pub(super) const F64: BinaryFormat = BinaryFormat {
    mant_bits: 53,
    min_exp: -1074,
    max_exp: 1024,
};
/// IEEE-754 binary32.
pub(super) const F32: BinaryFormat = BinaryFormat {
    mant_bits: 24,
    min_exp: -149,
    max_exp: 128,
};

/// Rounds `r` to the nearest value of `format` (ties to even), as an `f64` that holds it
/// exactly; overflow gives an infinity and underflow a zero, both with the sign of `r`.
pub(super) fn round_to(r: &BigRational, format: BinaryFormat) -> f64 {
    let num = r.numer().magnitude();
    let den = r.denom().magnitude();
    let magnitude = match round_magnitude(num, den, format) {
        Some((q, e)) => q as f64 * pow2(e),
        None => f64::INFINITY,
    };
    if r.is_negative() {
        -magnitude
    } else {
        magnitude
    }
}

/// Rounds `num / den` to `(q, e)` with `q * 2^e` the nearest value of `format`; `None` on
/// overflow.
fn round_magnitude(num: &BigUint, den: &BigUint, format: BinaryFormat) -> Option<(u64, i64)> {
    if num.is_zero() {
        return Some((0, 0));
    }
    let lead = num.bits() as i64 - den.bits() as i64;
    let mut e = (lead - format.mant_bits as i64).max(format.min_exp);
    let (mut q, mut rem, mut divisor) = scaled_div(num, den, e);
    if q.bits() > format.mant_bits {
        e += 1;
        (q, rem, divisor) = scaled_div(num, den, e);
    }
    let twice = rem << 1u8;
    if twice > divisor || (twice == divisor && q.bit(0)) {
        q += 1u8;
    }
    if q.bits() as i64 + e > format.max_exp {
        return None;
    }
    Some((
        q.to_u64().expect("a rounded significand fits in 64 bits"),
        e,
    ))
}

/// Returns `floor(num / den / 2^e)`, the remainder and the divisor it was taken against.
fn scaled_div(num: &BigUint, den: &BigUint, e: i64) -> (BigUint, BigUint, BigUint) {
    let (n, d) = if e >= 0 {
        (num.clone(), den << e as u64)
    } else {
        (num << e.unsigned_abs(), den.clone())
    };
    (&n / &d, &n % &d, d)
}

/// `2^e` for `e` in the range of finite `f64` powers of two (subnormals included).
fn pow2(e: i64) -> f64 {
    debug_assert!((-1074..=1023).contains(&e));
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

/// The exact rational value of a finite `f64`.
pub(super) fn rational_from_f64(x: f64) -> BigRational {
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, exp) = if exp_field == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_field - 1075)
    };
    let mut value = BigRational::from_integer(BigInt::from(mant)) * pow2_rational(exp);
    if x.is_sign_negative() {
        value = -value;
    }
    value
}

/// `2^e` as an exact rational.
pub(super) fn pow2_rational(e: i64) -> BigRational {
    let p = BigInt::one() << e.unsigned_abs();
    if e >= 0 {
        BigRational::from_integer(p)
    } else {
        BigRational::new_raw(BigInt::one(), p)
    }
}

/// Go's `constant.Value.String()` for a Float value: `%.6g` of the nearest `f64`, more digits
/// when that would hide a fraction, and a hand-made `%.6ge%+d` outside the `f64` range.
pub(super) fn format_float(r: &BigRational) -> String {
    if r.is_zero() {
        return "0".to_string();
    }
    let x = round_to(r, F64);
    if x == 0.0 || x.is_infinite() {
        return format_out_of_range(r);
    }
    let s = format_g(x, Some(6));
    if !r.is_integer() && !s.contains('.') {
        return format_g(x, None);
    }
    s
}

/// Go's approximate formatting of a float constant outside the `f64` range (see
/// `floatVal.String` in go/constant).
fn format_out_of_range(r: &BigRational) -> String {
    let exp = mant_exp(r);
    let mant = round_to(&(r / pow2_rational(exp)), F64);
    let d = exp as f64 * std::f64::consts::LOG10_2;
    let mut e = d as i64;
    let mut m = mant * 10f64.powf(d - e as f64);
    let am = m.abs();
    if am < 1.0 - 0.5e-6 {
        m *= 10.0;
        e -= 1;
    } else if am >= 10.0 {
        m /= 10.0;
        e += 1;
    }
    format!("{}e{:+}", format_g(m, Some(6)), e)
}

/// The exponent `e` with `0.5 <= |r| / 2^e < 1` (`r` non-zero), like `big.Float.MantExp`.
fn mant_exp(r: &BigRational) -> i64 {
    let num = r.numer().magnitude();
    let den = r.denom().magnitude();
    let e = num.bits() as i64 - den.bits() as i64;
    // 2^(e-1) <= |r| < 2^(e+1): decide between e and e+1.
    let (n, d) = if e >= 0 {
        (num.clone(), den << e as u64)
    } else {
        (num << e.unsigned_abs(), den.clone())
    };
    if n >= d {
        e + 1
    } else {
        e
    }
}

/// Decimal digits of a non-zero value: `0.d1d2d3… × 10^dp`, without trailing zeros.
struct Digits {
    digits: Vec<u8>,
    dp: i64,
}

/// Go's `strconv.FormatFloat(x, 'g', prec, 64)`; `None` asks for the shortest representation
/// that reads back as `x`.
pub(super) fn format_g(x: f64, prec: Option<usize>) -> String {
    let sign = if x.is_sign_negative() && x != 0.0 {
        "-"
    } else {
        ""
    };
    if x == 0.0 {
        return "0".to_string();
    }
    let text = match prec {
        Some(p) => layout_g(&fixed_digits(x.abs(), p.max(1)), p.max(1) as i64, false),
        None => {
            let digits = shortest_digits(x.abs());
            let nd = digits.digits.len() as i64;
            layout_g(&digits, nd, true)
        }
    };
    format!("{sign}{text}")
}

/// The `%g` layout of `fmtEFG` in Go's strconv: `%e` for small or large exponents, else `%f`.
fn layout_g(d: &Digits, mut prec: i64, shortest: bool) -> String {
    let nd = d.digits.len() as i64;
    let mut eprec = prec;
    if eprec > nd && nd >= d.dp {
        eprec = nd;
    }
    if shortest {
        eprec = 6;
    }
    let exp = d.dp - 1;
    if exp < -4 || exp >= eprec {
        prec = prec.min(nd);
        return layout_e(d, prec - 1);
    }
    if prec > d.dp {
        prec = nd;
    }
    layout_f(d, (prec - d.dp).max(0))
}

/// `d.ddddde±dd` with `frac` digits after the point.
fn layout_e(d: &Digits, frac: i64) -> String {
    let mut s = String::new();
    s.push(char::from(d.digits[0]));
    if frac > 0 {
        s.push('.');
        for i in 1..=frac as usize {
            s.push(char::from(*d.digits.get(i).unwrap_or(&b'0')));
        }
    }
    let exp = d.dp - 1;
    s.push('e');
    s.push(if exp < 0 { '-' } else { '+' });
    s.push_str(&format!("{:02}", exp.abs()));
    s
}

/// `ddd.ddd` with `frac` digits after the point.
fn layout_f(d: &Digits, frac: i64) -> String {
    let digit = |i: i64| -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| d.digits.get(i))
            .map_or('0', |&b| char::from(b))
    };
    let mut s = String::new();
    if d.dp > 0 {
        (0..d.dp).for_each(|i| s.push(digit(i)));
    } else {
        s.push('0');
    }
    if frac > 0 {
        s.push('.');
        (0..frac).for_each(|i| s.push(digit(d.dp + i)));
    }
    s
}

/// The `prec` significant digits of positive `x`, rounded half to even on its exact value.
fn fixed_digits(x: f64, prec: usize) -> Digits {
    let value = rational_from_f64(x);
    let mut k = x.log10().floor() as i64;
    while pow10_rational(k) > value {
        k -= 1;
    }
    while pow10_rational(k + 1) <= value {
        k += 1;
    }
    let scaled = value * pow10_rational(prec as i64 - 1 - k);
    let (num, den) = (scaled.numer(), scaled.denom());
    let mut q = num / den;
    let twice = (num % den) << 1u8;
    if &twice > den || (&twice == den && q.bit(0)) {
        q += 1u8;
    }
    let mut text = q.to_string().into_bytes();
    if text.len() > prec {
        text.truncate(prec);
        k += 1;
    }
    trim_zeros(text, k + 1)
}

/// The shortest digits that read back as positive `x` (Rust's `{:e}` gives the same digits as
/// Go's shortest formatting: the shortest string that round-trips, closest to `x`).
fn shortest_digits(x: f64) -> Digits {
    let text = format!("{x:e}");
    let (mant, exp) = text.split_once('e').expect("`{:e}` output has an exponent");
    let exp: i64 = exp.parse().expect("`{:e}` exponent is an integer");
    let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    trim_zeros(digits, exp + 1)
}

fn trim_zeros(mut digits: Vec<u8>, dp: i64) -> Digits {
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    Digits { digits, dp }
}

/// `10^k` as an exact rational.
fn pow10_rational(k: i64) -> BigRational {
    let p = num_traits::pow(BigInt::from(10u8), k.unsigned_abs() as usize);
    if k >= 0 {
        BigRational::from_integer(p)
    } else {
        BigRational::new_raw(BigInt::one(), p)
    }
}
