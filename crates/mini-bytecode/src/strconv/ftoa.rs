//! Go's `strconv.FormatFloat`: shortest and fixed-precision decimal forms (`%e %f %g`) and
//! the binary (`%b`) and hexadecimal (`%x`) forms.

use super::decimal::Decimal;
use super::ftoa_layout::{fmt_b, fmt_efg, fmt_x, Digits};
use super::uscale::{fixed_width_float, log10_pow2, short_float};
use super::{FloatInfo, FLOAT32, FLOAT64};

/// Go's `strconv.FormatFloat(f, fmt, prec, bitSize)`: `fmt` is one of `b e E f g G x X`,
/// `prec` is -1 for the shortest form that reads back exactly, `bit_size` 32 or 64.
pub fn format_float(f: f64, fmt: u8, prec: i32, bit_size: u32) -> String {
    let mut out = Vec::with_capacity(24);
    append_float(&mut out, f, fmt, prec, bit_size);
    String::from_utf8(out).expect("float formatting produces ASCII")
}

/// Appends [`format_float`]'s text to `dst`.
pub fn append_float(dst: &mut Vec<u8>, f: f64, fmt: u8, prec: i32, bit_size: u32) {
    if bit_size == 32 {
        ftoa(dst, u64::from((f as f32).to_bits()), &FLOAT32, fmt, prec);
    } else {
        ftoa(dst, f.to_bits(), &FLOAT64, fmt, prec);
    }
}

fn ftoa(dst: &mut Vec<u8>, bits: u64, flt: &FloatInfo, fmt: u8, mut prec: i32) {
    let mant_bits = flt.mant_bits;
    let neg = bits >> (flt.exp_bits + mant_bits) != 0;
    let mut exp = ((bits >> mant_bits) & ((1 << flt.exp_bits) - 1)) as i32;
    let mut mant = bits & ((1 << mant_bits) - 1);
    if exp == (1 << flt.exp_bits) - 1 {
        dst.extend_from_slice(match (mant != 0, neg) {
            (true, _) => b"NaN",
            (false, true) => b"-Inf",
            (false, false) => b"+Inf",
        });
        return;
    }
    if exp == 0 {
        exp += 1;
    } else {
        mant |= 1 << mant_bits;
    }
    exp += flt.bias;
    let mb = mant_bits as i32;
    match fmt {
        b'b' => return fmt_b(dst, neg, mant, exp - mb),
        b'x' | b'X' => return fmt_x(dst, prec, fmt, neg, mant, exp, mb),
        _ => {}
    }
    if mant == 0 {
        let zero = Digits::default();
        return fmt_efg(dst, neg, &zero, prec, fmt, prec < 0);
    }
    // Left-justify the mantissa for the scaling routines.
    let s = mant.leading_zeros() as i32;
    let (m, e) = (mant << s, exp - s);
    if prec < 0 {
        let (d, p) = short_float(m, e - mb, mb, flt.min_exp());
        let digits = Digits::from_scaled(d, p);
        let (nd, dp) = (digits.nd() as i32, digits.dp);
        prec = match fmt {
            b'e' | b'E' => (nd - 1).max(0),
            b'f' => (nd - dp).max(0),
            _ => nd,
        };
        return fmt_efg(dst, neg, &digits, prec, fmt, true);
    }
    let digits = match fmt {
        // %f precision counts digits after the point: estimate the total conservatively.
        b'f' if exp >= 0 => 1 + log10_pow2(1 + exp) + prec,
        b'f' => 1 + prec - log10_pow2(-exp),
        b'e' | b'E' => prec + 1,
        b'g' | b'G' => {
            prec = prec.max(1);
            prec
        }
        _ => 1,
    };
    if digits <= 18 {
        // digits <= 0 happens for %f of tiny numbers: all zeros.
        let mut ds = Digits::default();
        if digits > 0 {
            let (d, p) = fixed_width_float(m, e - mb, digits, prec, fmt == b'f');
            if d != 0 {
                ds = Digits::from_scaled(d, p);
            }
        }
        return fmt_efg(dst, neg, &ds, prec, fmt, false);
    }
    // Too many digits for 64-bit scaling: exact multiprecision decimal.
    let mut d = Decimal::new();
    d.assign(mant);
    d.shift(exp - mb);
    match fmt {
        b'e' | b'E' => d.round(prec + 1),
        b'f' => d.round(d.dp + prec),
        _ => d.round(prec),
    }
    let digits = Digits { d: d.d, dp: d.dp };
    fmt_efg(dst, neg, &digits, prec, fmt, false);
}
