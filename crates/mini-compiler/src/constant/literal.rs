//! Go integer and floating-point literal text (underscores already removed) to exact values.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

/// Parses an integer literal: decimal, `0x`/`0X`, `0o`/`0O`, `0b`/`0B`, or legacy octal `017`.
pub(super) fn parse_int(text: &str) -> Option<BigInt> {
    let lower = text.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &text[2..]),
        Some("0o") => (8, &text[2..]),
        Some("0b") => (2, &text[2..]),
        _ if text.len() > 1 && text.starts_with('0') => (8, &text[1..]),
        _ => (10, text),
    };
    parse_digits(digits, radix)
}

/// Parses a non-empty string of digits in `radix` (no sign, no separators).
fn parse_digits(digits: &str, radix: u32) -> Option<BigInt> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

/// A float literal as `mantissa × base^exp`, before the power is expanded.
pub(super) struct FloatParts {
    pub(super) mantissa: BigInt,
    /// 10 for decimal literals, 2 for hexadecimal ones.
    pub(super) base: u32,
    pub(super) exp: i64,
}

impl FloatParts {
    /// An upper bound on the bits of the numerator or denominator of the exact value.
    pub(super) fn size_bits(&self) -> u64 {
        if self.mantissa.is_zero() {
            return 0;
        }
        let exp = self.exp.unsigned_abs();
        // log2(10) < 3.3220
        let power_bits = if self.base == 10 {
            exp.saturating_mul(33220) / 10000 + 1
        } else {
            exp
        };
        self.mantissa.bits().saturating_add(power_bits)
    }

    /// The exact value.
    pub(super) fn to_rational(&self) -> BigRational {
        if self.mantissa.is_zero() {
            return BigRational::zero();
        }
        let power = num_traits::pow(BigInt::from(self.base), self.exp.unsigned_abs() as usize);
        let mantissa = BigRational::from_integer(self.mantissa.clone());
        if self.exp >= 0 {
            mantissa * BigRational::from_integer(power)
        } else {
            mantissa / BigRational::from_integer(power)
        }
    }
}

/// Splits a decimal (`1.5e-3`, `.5`, `1.`) or hexadecimal (`0x1.8p3`) float literal.
pub(super) fn parse_float(text: &str) -> Option<FloatParts> {
    let lower = text.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        let (mant, exp) = hex.split_once('p')?;
        return float_parts(mant, exp, 16, 2, 4);
    }
    match lower.split_once('e') {
        Some((mant, exp)) => float_parts(mant, exp, 10, 10, 1),
        None => float_parts(&lower, "0", 10, 10, 1),
    }
}

/// Combines `int.frac` digits in `radix` with a signed exponent of `base`; each fraction
/// digit lowers the exponent by `step`.
fn float_parts(mant: &str, exp: &str, radix: u32, base: u32, step: i64) -> Option<FloatParts> {
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let digits = format!("{int_part}{frac_part}");
    let mantissa = parse_digits(&digits, radix)?;
    let exp = parse_exponent(exp)?;
    let frac_len = i64::try_from(frac_part.len()).ok()?;
    let exp = exp.checked_sub(frac_len.checked_mul(step)?)?;
    Some(FloatParts {
        mantissa,
        base,
        exp,
    })
}

/// Parses `[+-]digits`; absurdly long exponents saturate (the caller rejects them by size).
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = parse_digits(digits, 10)?;
    let limit = BigInt::one() << 60u8;
    let magnitude = i64::try_from(magnitude.min(limit)).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}
