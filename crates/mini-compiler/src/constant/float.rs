//! Binary floating-point views of exact rationals: correctly rounded `f32`/`f64` values and
//! the decimal text Go prints for float constants.

use mini_bytecode::strconv;
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

/// Go's `strconv.FormatFloat(x, 'g', prec, 64)`; `None` asks for the shortest representation
/// that reads back as `x`.
pub(super) fn format_g(x: f64, prec: Option<usize>) -> String {
    let prec = prec.map_or(-1, |p| i32::try_from(p).unwrap_or(i32::MAX));
    strconv::format_float(x, b'g', prec, 64)
}
