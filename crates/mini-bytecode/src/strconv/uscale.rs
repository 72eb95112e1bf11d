//! Binary↔decimal conversion by fast unrounded scaling, as in Go's strconv (uscale.go).
//!
//! An "unrounded" value is `floor(4x)` with the low bit also set when `4x` was inexact, so
//! every rounding mode can be applied to it afterwards. See Russ Cox, "Floating-Point
//! Printing and Parsing Can Be Simple And Fast".

use super::pow10tab::{POW10_MIN, POW10_TAB};
use super::FloatInfo;

/// `floor(4x)`, with the low bit sticky for a discarded non-zero remainder.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
pub(super) struct Unrounded(u64);

impl Unrounded {
    fn floor(self) -> u64 {
        self.0 >> 2
    }
    pub(super) fn round(self) -> u64 {
        (self.0 + 1 + ((self.0 >> 2) & 1)) >> 2
    }
    fn ceil(self) -> u64 {
        (self.0 + 3) >> 2
    }
    fn nudge(self, delta: i64) -> Unrounded {
        Unrounded(self.0.wrapping_add_signed(delta))
    }
    fn div(self, d: u64) -> Unrounded {
        let x = self.0;
        Unrounded((x / d) | (x & 1) | u64::from(!x.is_multiple_of(d)))
    }
}

/// The minimum unrounded value that rounds to `x`.
fn unmin(x: u64) -> Unrounded {
    Unrounded((x << 2) - 2)
}

/// `floor(x * log10(2))`.
pub(super) fn log10_pow2(x: i32) -> i32 {
    (x * 78913) >> 18
}

/// `floor(x * log2(10))`.
fn log2_pow10(x: i32) -> i32 {
    (x * 108853) >> 15
}

/// `floor(log10(3/4 * 2^e))`, the decimal footprint of a power of two's skewed interval.
fn skewed(e: i32) -> i32 {
    (e * 631305 - 261663) >> 21
}

/// Scaling constants for one `(e, p)` pair: the 128-bit mantissa of `10^p` and a shift.
struct Scaler {
    hi: u64,
    lo: u64,
    s: i32,
}

fn prescale(e: i32, p: i32, lp: i32) -> Scaler {
    let (hi, lo) = POW10_TAB[(p - POW10_MIN) as usize];
    Scaler {
        hi,
        lo,
        s: -(e + lp + 3),
    }
}

/// The unrounded value of `x * 2^e * 10^p` for a left-justified `x` (high bit set).
fn uscale(x: u64, c: &Scaler) -> Unrounded {
    let wide = u128::from(x) * u128::from(c.hi);
    let (mut hi, mid) = ((wide >> 64) as u64, wide as u64);
    let s = (c.s & 63) as u32;
    if (hi >> s) << s != hi {
        return Unrounded((hi >> s) | 1);
    }
    let mid2 = ((u128::from(x) * u128::from(c.lo)) >> 64) as u64;
    hi -= u64::from(mid < mid2);
    Unrounded((hi >> s) | u64::from(mid.wrapping_sub(mid2) > 1))
}

const POW10_U64: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// The number of decimal digits of `d >= 1`.
pub(super) fn num_digits(d: u64) -> usize {
    let nd = log10_pow2(64 - d.leading_zeros() as i32) as usize;
    nd + usize::from(d >= POW10_U64[nd])
}

/// The shortest decimal `d * 10^p` that reads back as `m * 2^e` (`m` left-justified), for a
/// float with `mant_bits` stored mantissa bits and minimum exponent `min_exp`.
pub(super) fn short_float(m: u64, e: i32, mant_bits: i32, min_exp: i32) -> (u64, i32) {
    let mut z = 63 - mant_bits;
    let (p, min, max);
    if m == 1 << 63 && e > min_exp {
        // A power of two: the interval below is half as wide as the one above.
        p = -skewed(e + z);
        min = m - (1 << (z - 2));
        max = m + (1 << (z - 1));
    } else {
        if e < min_exp {
            z += min_exp - e;
        }
        p = -log10_pow2(e + z);
        min = m - (1 << (z - 1));
        max = m + (1 << (z - 1));
    }
    // Round-to-even parsing accepts the interval's ends only for even mantissas.
    let odd = ((m >> z) & 1) as i64;
    let pre = prescale(e, p, log2_pow10(p));
    let dmin = uscale(min, &pre).nudge(odd).ceil();
    let dmax = uscale(max, &pre).nudge(-odd).floor();
    let d = dmax / 10;
    if d * 10 >= dmin {
        return (d, -(p - 1));
    }
    let mut d = dmin;
    if d < dmax {
        d = uscale(m, &pre).round();
    }
    (d, -p)
}

/// The `n`-digit decimal `d * 10^p` nearest `m * 2^e` (`n <= 18`); for `%f` (`fixed`), digits
/// past `prec` after the point are dropped first.
pub(super) fn fixed_width_float(m: u64, e: i32, n: i32, prec: i32, fixed: bool) -> (u64, i32) {
    let mut p = n - 1 - log10_pow2(e + 63);
    let pre = prescale(e, p, log2_pow10(p));
    let mut u = uscale(m, &pre);
    if u >= unmin(POW10_U64[n as usize]) {
        u = u.div(10);
        p -= 1;
    }
    if fixed {
        while p > prec {
            u = u.div(10);
            p -= 1;
        }
    }
    (u.round(), -p)
}

/// Rounds `d * 10^p` (`d != 0`) to the nearest float of format `flt`, returning its IEEE bits
/// without the sign and whether it overflowed to infinity.
pub(super) fn parse_scaled(d: u64, p: i32, flt: &FloatInfo) -> (u64, bool) {
    let mant_bits = flt.mant_bits as i32;
    let min_sub = flt.min_subnormal_exp();
    let b = 64 - d.leading_zeros() as i32;
    let lp = log2_pow10(p);
    let mut e = min_sub.min(mant_bits + 1 - b - lp);
    let pre = prescale(e - (64 - b), p, lp);
    if pre.s >= 64 {
        return (0, false);
    }
    let mut u = uscale(d << (64 - b), &pre);
    if u >= unmin(1 << (mant_bits + 1)) {
        u = Unrounded((u.0 >> 1) | (u.0 & 1));
        e -= 1;
    }
    let m = u.round();
    if m & (1 << mant_bits) == 0 {
        return (m, false);
    }
    let exp_max = (1i32 << flt.exp_bits) - 1;
    let biased = min_sub + 1 - e;
    if biased >= exp_max {
        return ((exp_max as u64) << mant_bits, true);
    }
    (
        (m & !(1 << mant_bits)) | ((biased as u64) << mant_bits),
        false,
    )
}
