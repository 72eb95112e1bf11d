//! Go's `math` functions bit for bit: ports of Go's pure-Go algorithms, and of its amd64
//! assembly where Go uses that instead (`Exp`, `Log`, `Hypot`).
#![allow(
    clippy::excessive_precision,
    reason = "constants are written with the digits of Go's source"
)]

use super::{float_at, int_at, set_bool, set_float};
use crate::error::VmError;
use crate::vm::Vm;

const PI: f64 = std::f64::consts::PI;
const PI_2: f64 = std::f64::consts::FRAC_PI_2;
const PI_4: f64 = std::f64::consts::FRAC_PI_4;
/// `3*Pi/4` and `4/Pi` rounded once from the exact values, as Go's constant arithmetic does.
const PI3_4: f64 = f64::from_bits(0x4002_d97c_7f33_21d2);
const FOUR_OVER_PI: f64 = f64::from_bits(0x3ff4_5f30_6dc9_c883);
const INV_LN10: f64 = f64::from_bits(0x3fdb_cb7b_1526_e50e);
const INV_LN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe);
const SMALLEST_NORMAL: f64 = f64::from_bits(0x0010_0000_0000_0000);
const SIGN: u64 = 1 << 63;
const POS_INF: u64 = 0x7ff0_0000_0000_0000;
const NEG_INF: u64 = 0xfff0_0000_0000_0000;

/// Runs `math.<name>` on the arguments at `stack[base..]`.
pub(super) fn call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    if let Some(f) = unary(name) {
        let v = f(float_at(vm, base));
        return Some(set_float(vm, base, v));
    }
    if let Some(f) = binary(name) {
        let v = f(float_at(vm, base), float_at(vm, base + 1));
        return Some(set_float(vm, base, v));
    }
    let x = float_at(vm, base);
    Some(match name {
        "Inf" => set_float(vm, base, inf(int_at(vm, base))),
        "NaN" => set_float(vm, base, nan()),
        "IsNaN" => set_bool(vm, base, x.is_nan()),
        "IsInf" => set_bool(vm, base, is_inf(x, int_at(vm, base + 1))),
        "Signbit" => set_bool(vm, base, x.is_sign_negative()),
        "Float64bits" | "Float64frombits" => Ok(()),
        "Float32bits" => {
            vm.stack[base] = u64::from((x as f32).to_bits());
            Ok(())
        }
        "Float32frombits" => set_float(vm, base, f64::from(f32::from_bits(vm.stack[base] as u32))),
        "Modf" => {
            let (int, frac) = modf(x);
            vm.stack[base + 1] = frac.to_bits();
            set_float(vm, base, int)
        }
        _ => return None,
    })
}

/// The functions of one float64.
fn unary(name: &str) -> Option<fn(f64) -> f64> {
    Some(match name {
        "Abs" => f64::abs,
        "Acos" => |x| PI_2 - asin(x),
        "Asin" => asin,
        "Atan" => atan,
        "Cbrt" => cbrt,
        "Ceil" => f64::ceil,
        "Cos" => cos,
        "Cosh" => cosh,
        "Exp" => exp,
        "Exp2" => exp2,
        "Floor" => f64::floor,
        "Log" => log,
        "Log10" => |x| log(x) * INV_LN10,
        "Log1p" => log1p,
        "Log2" => log2,
        "Round" => f64::round,
        "RoundToEven" => f64::round_ties_even,
        "Sin" => sin,
        "Sinh" => sinh,
        "Sqrt" => f64::sqrt,
        "Tan" => tan,
        "Tanh" => tanh,
        "Trunc" => f64::trunc,
        _ => return None,
    })
}

/// The functions of two float64s.
fn binary(name: &str) -> Option<fn(f64, f64) -> f64> {
    Some(match name {
        "Atan2" => atan2,
        "Copysign" => f64::copysign,
        "Dim" => |x, y| if x - y <= 0.0 { 0.0 } else { x - y },
        "Hypot" => hypot,
        "Max" => max,
        "Min" => min,
        "Mod" => modulo,
        "Pow" => pow,
        "Remainder" => remainder,
        _ => return None,
    })
}

/// Go's NaN: `0x7FF8000000000001`.
fn nan() -> f64 {
    f64::from_bits(0x7ff8_0000_0000_0001)
}

fn inf(sign: i64) -> f64 {
    if sign >= 0 {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    }
}

fn is_inf(f: f64, sign: i64) -> bool {
    match sign {
        0 => f.abs() > f64::MAX,
        s if s < 0 => -f > f64::MAX,
        _ => f > f64::MAX,
    }
}

/// `-x` for negative `x`, else `x` itself (Go's `if x < 0 { x = -x }`, which keeps -0 and
/// NaNs as they are, unlike `Abs`).
fn unsign(x: f64) -> f64 {
    if x < 0.0 {
        -x
    } else {
        x
    }
}

fn shl(x: u64, n: u64) -> u64 {
    x.checked_shl(n as u32).filter(|_| n < 64).unwrap_or(0)
}

fn shr(x: u64, n: u64) -> u64 {
    x.checked_shr(n as u32).filter(|_| n < 64).unwrap_or(0)
}

/// Scales subnormals to normals: the value and the exponent taken out.
fn normalize(x: f64) -> (f64, i64) {
    if x.abs() < SMALLEST_NORMAL {
        return (x * (1u64 << 52) as f64, -52);
    }
    (x, 0)
}

/// Go's `Frexp`: `f == frac × 2^exp` with `frac` in [½, 1).
fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let (f, mut exp) = normalize(f);
    let mut x = f.to_bits();
    exp += ((x >> 52) & 0x7ff) as i64 - 1023 + 1;
    x &= !(0x7ff << 52);
    x |= 1022 << 52;
    (f64::from_bits(x), exp)
}

/// Go's `Ldexp`: `frac × 2^exp`.
fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (frac, e) = normalize(frac);
    let mut x = frac.to_bits();
    let mut exp = exp
        .saturating_add(e)
        .saturating_add(((x >> 52) & 0x7ff) as i64 - 1023);
    if exp < -1075 {
        return 0f64.copysign(frac);
    }
    if exp > 1023 {
        return f64::INFINITY.copysign(frac);
    }
    let mut m = 1.0;
    if exp < -1022 {
        exp += 53;
        m = 1.0 / (1u64 << 53) as f64;
    }
    x &= !(0x7ff << 52);
    x |= ((exp + 1023) as u64) << 52;
    m * f64::from_bits(x)
}

fn modf(f: f64) -> (f64, f64) {
    let int = f.trunc();
    (int, (f - int).copysign(f))
}

/// Go's amd64 `Exp` (assembly after Shibata's method), with its FMA variant when the CPU has
/// AVX and FMA, as Go selects at start-up.
fn exp(x: f64) -> f64 {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    const LN2U: f64 = 0.693_147_180_559_662_956_511_601_805_686_950_683_593_75;
    const LN2L: f64 = 0.282_352_905_630_315_771_225_884_481_750_134_360_255_254_120_68e-12;
    const OVERFLOW: f64 = 7.097_827_128_933_84e2;
    let bits = x.to_bits();
    if bits & !SIGN >= POS_INF {
        return if bits == NEG_INF { 0.0 } else { x };
    }
    if x > OVERFLOW {
        return f64::INFINITY;
    }
    let e = (LOG2E * x).round_ties_even() as i32;
    let k = f64::from(e);
    let y = if use_fma() {
        exp_poly_fma(x, k, LN2U, LN2L)
    } else {
        exp_poly(x, k, LN2U, LN2L)
    };
    exp_scale(y, i64::from(e) + 0x3ff)
}

#[cfg(target_arch = "x86_64")]
fn use_fma() -> bool {
    std::is_x86_feature_detected!("avx") && std::is_x86_feature_detected!("fma")
}

#[cfg(not(target_arch = "x86_64"))]
fn use_fma() -> bool {
    true
}

/// The Taylor coefficients of `exp_amd64.s`, highest degree first, ending with ½ and 1.
const EXP_POLY: [f64; 8] = [
    2.480_158_730_158_730_158_7e-5,
    1.984_126_984_126_984_127_0e-4,
    1.388_888_888_888_888_888_9e-3,
    8.333_333_333_333_333_333_3e-3,
    4.166_666_666_666_666_666_7e-2,
    1.666_666_666_666_666_666_7e-1,
    0.5,
    1.0,
];

/// `e^(x - k·ln2)` by the assembly's separate multiplies and adds.
fn exp_poly(x: f64, k: f64, ln2u: f64, ln2l: f64) -> f64 {
    let r = ((x - k * ln2u) - k * ln2l) * 0.0625;
    let p = EXP_POLY[1..].iter().fold(EXP_POLY[0], |p, &c| p * r + c);
    let mut y = r * p;
    for _ in 0..4 {
        y *= y + 2.0;
    }
    y + 1.0
}

/// `e^(x - k·ln2)` by the assembly's fused multiply-adds.
fn exp_poly_fma(x: f64, k: f64, ln2u: f64, ln2l: f64) -> f64 {
    let r = (-k).mul_add(ln2l, (-k).mul_add(ln2u, x)) * 0.0625;
    let p = EXP_POLY[1..]
        .iter()
        .fold(EXP_POLY[0], |p, &c| p.mul_add(r, c));
    let mut y = r * p;
    for _ in 0..3 {
        y *= y + 2.0;
    }
    y.mul_add(y + 2.0, 1.0)
}

/// `y × 2^(biased - 0x3ff)` as the assembly does it, through a subnormal step.
fn exp_scale(y: f64, biased: i64) -> f64 {
    if biased >= 0x7ff {
        return f64::INFINITY;
    }
    if biased > 0 {
        return y * f64::from_bits((biased as u64) << 52);
    }
    if biased < -52 {
        return 0.0;
    }
    let y = y * f64::from_bits(((biased + 0x3fe) as u64) << 52);
    y * f64::from_bits(1 << 52)
}

/// Go's `exp2` (pure Go on amd64).
fn exp2(x: f64) -> f64 {
    const LN2HI: f64 = 6.931_471_803_691_238_164_90e-1;
    const LN2LO: f64 = 1.908_214_929_270_587_700_02e-10;
    if x.is_nan() {
        return x;
    }
    if x > 1.023_999_999_999_999_9e3 {
        return f64::INFINITY;
    }
    if x < -1.074e3 {
        return 0.0;
    }
    let k = if x > 0.0 {
        (x + 0.5) as i64
    } else if x < 0.0 {
        (x - 0.5) as i64
    } else {
        0
    };
    let t = x - k as f64;
    expmulti(t * LN2HI, -t * LN2LO, k)
}

fn expmulti(hi: f64, lo: f64, k: i64) -> f64 {
    const P1: f64 = 1.666_666_666_666_666_574_15e-1;
    const P2: f64 = -2.777_777_777_701_559_338_42e-3;
    const P3: f64 = 6.613_756_321_437_934_361_17e-5;
    const P4: f64 = -1.653_390_220_546_525_153_90e-6;
    const P5: f64 = 4.138_136_797_057_238_460_39e-8;
    let r = hi - lo;
    let t = r * r;
    let c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    ldexp(y, k)
}

/// Go's amd64 `Log` (assembly): like `log.go`, but the exponent is read straight from the
/// bits, so subnormals are not normalised first.
fn log(x: f64) -> f64 {
    const HSQRT2: f64 = std::f64::consts::FRAC_1_SQRT_2;
    const LN2HI: f64 = 6.931_471_803_691_238_164_90e-1;
    const LN2LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const L: [f64; 7] = [
        6.666_666_666_666_735_130e-1,
        3.999_999_999_940_941_908e-1,
        2.857_142_874_366_239_149e-1,
        2.222_219_843_214_978_396e-1,
        1.818_357_216_161_805_012e-1,
        1.531_383_769_920_937_332e-1,
        1.479_819_860_511_658_591e-1,
    ];
    let bits = x.to_bits();
    if bits & !SIGN == 0 {
        return f64::NEG_INFINITY;
    }
    if bits & SIGN != 0 {
        return nan();
    }
    if bits >= POS_INF {
        return x;
    }
    let mut f1 = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3fe0_0000_0000_0000);
    let mut k = f64::from(((bits >> 52) & 0x7ff) as i32 - 0x3fe);
    if f1 <= HSQRT2 {
        k -= 1.0;
        f1 *= 2.0;
    }
    let f = f1 - 1.0;
    let s = f / (2.0 + f);
    let s2 = s * s;
    let s4 = s2 * s2;
    let t1 = s2 * (L[0] + s4 * (L[2] + s4 * (L[4] + s4 * L[6])));
    let t2 = s4 * (L[1] + s4 * (L[3] + s4 * L[5]));
    let r = t1 + t2;
    let hfsq = 0.5 * f * f;
    k * LN2HI - ((hfsq - (s * (hfsq + r) + k * LN2LO)) - f)
}

fn log2(x: f64) -> f64 {
    let (frac, exp) = frexp(x);
    if frac == 0.5 {
        return (exp - 1) as f64;
    }
    log(frac) * INV_LN2 + exp as f64
}

/// Go's `log1p` (FreeBSD's algorithm).
fn log1p(x: f64) -> f64 {
    const SQRT2M1: f64 = 4.142_135_623_730_950_488_017e-1;
    const SQRT2HALFM1: f64 = -2.928_932_188_134_524_755_992e-1;
    const SMALL: f64 = 1.0 / (1u64 << 29) as f64;
    const TINY: f64 = 1.0 / (1u64 << 54) as f64;
    const TWO53: f64 = (1u64 << 53) as f64;
    if x < -1.0 || x.is_nan() {
        return nan();
    }
    if x == -1.0 {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return f64::INFINITY;
    }
    let absx = x.abs();
    let (mut f, mut iu, mut k) = (0.0, 0u64, 1i64);
    if absx < SQRT2M1 {
        if absx < SMALL {
            if absx < TINY {
                return x;
            }
            return x - x * x * 0.5;
        }
        if x > SQRT2HALFM1 {
            (k, f, iu) = (0, x, 1);
        }
    }
    let mut c = 0.0;
    if k != 0 {
        let mut u;
        if absx < TWO53 {
            u = 1.0 + x;
            iu = u.to_bits();
            k = (iu >> 52).wrapping_sub(1023) as i64;
            c = if k > 0 { 1.0 - (u - x) } else { x - (u - 1.0) };
            c /= u;
        } else {
            u = x;
            iu = u.to_bits();
            k = (iu >> 52).wrapping_sub(1023) as i64;
        }
        iu &= 0x000f_ffff_ffff_ffff;
        if iu < 0x0006_a09e_667f_3bcd {
            u = f64::from_bits(iu | 0x3ff0_0000_0000_0000);
        } else {
            k += 1;
            u = f64::from_bits(iu | 0x3fe0_0000_0000_0000);
            iu = (0x0010_0000_0000_0000 - iu) >> 2;
        }
        f = u - 1.0;
    }
    log1p_tail(f, iu, k as f64, c)
}

/// The polynomial part of `log1p` once `1+x = 2^k × (1+f)` with correction `c`.
fn log1p_tail(f: f64, iu: u64, k: f64, c: f64) -> f64 {
    const LN2HI: f64 = 6.931_471_803_691_238_164_90e-1;
    const LN2LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const LP: [f64; 7] = [
        6.666_666_666_666_735_130e-1,
        3.999_999_999_940_941_908e-1,
        2.857_142_874_366_239_149e-1,
        2.222_219_843_214_978_396e-1,
        1.818_357_216_161_805_012e-1,
        1.531_383_769_920_937_332e-1,
        1.479_819_860_511_658_591e-1,
    ];
    let hfsq = 0.5 * f * f;
    if iu == 0 {
        if f == 0.0 {
            if k == 0.0 {
                return 0.0;
            }
            return k * LN2HI + (c + k * LN2LO);
        }
        let r = hfsq * (1.0 - 0.666_666_666_666_666_66 * f);
        if k == 0.0 {
            return f - r;
        }
        return k * LN2HI - ((r - (k * LN2LO + c)) - f);
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let r = z
        * (LP[0] + z * (LP[1] + z * (LP[2] + z * (LP[3] + z * (LP[4] + z * (LP[5] + z * LP[6]))))));
    if k == 0.0 {
        return f - (hfsq - s * (hfsq + r));
    }
    k * LN2HI - ((hfsq - (s * (hfsq + r) + (k * LN2LO + c))) - f)
}

/// Go's amd64 `Hypot` (assembly): `max × sqrt(1 + (min/max)²)`.
fn hypot(p: f64, q: f64) -> f64 {
    let (p, q) = (p.abs(), q.abs());
    if !p.is_finite() || !q.is_finite() {
        return if p == f64::INFINITY || q == f64::INFINITY {
            f64::INFINITY
        } else {
            nan()
        };
    }
    if p == 0.0 && q == 0.0 {
        return 0.0;
    }
    let (big, small) = if p > q { (p, q) } else { (q, p) };
    let r = small / big;
    big * (r * r + 1.0).sqrt()
}

fn max(x: f64, y: f64) -> f64 {
    if x == f64::INFINITY || y == f64::INFINITY {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return nan();
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { y } else { x };
    }
    if x > y {
        x
    } else {
        y
    }
}

fn min(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY || y == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return nan();
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y {
        x
    } else {
        y
    }
}

/// Go's `Mod`: the remainder of `x/y` with the sign of `x`, by repeated subtraction of
/// scaled `y`.
fn modulo(x: f64, y: f64) -> f64 {
    if y == 0.0 || x.is_infinite() || x.is_nan() || y.is_nan() {
        return nan();
    }
    let y = y.abs();
    let (yfr, yexp) = frexp(y);
    let mut r = unsign(x);
    while r >= y {
        let (rfr, mut rexp) = frexp(r);
        if rfr < yfr {
            rexp -= 1;
        }
        r -= ldexp(y, rexp - yexp);
    }
    if x < 0.0 {
        -r
    } else {
        r
    }
}

/// Go's `Remainder`: IEEE 754 remainder, `x - n×y` with `n` the integer nearest `x/y`.
fn remainder(x: f64, y: f64) -> f64 {
    const TINY: f64 = f64::from_bits(0x0020_0000_0000_0000);
    const HALF_MAX: f64 = f64::from_bits(0x7fdf_ffff_ffff_ffff);
    if x.is_nan() || y.is_nan() || x.is_infinite() || y == 0.0 {
        return nan();
    }
    if y.is_infinite() {
        return x;
    }
    let sign = x < 0.0;
    let (mut x, y) = (unsign(x), unsign(y));
    if x == y {
        return if sign { -0.0 } else { 0.0 };
    }
    if y <= HALF_MAX {
        x = modulo(x, y + y);
    }
    if y < TINY {
        if x + x > y {
            x -= y;
            if x + x >= y {
                x -= y;
            }
        }
    } else {
        let half = 0.5 * y;
        if x > half {
            x -= y;
            if x >= half {
                x -= y;
            }
        }
    }
    if sign {
        -x
    } else {
        x
    }
}

fn is_odd_int(x: f64) -> bool {
    if x.abs() >= (1u64 << 53) as f64 {
        return false;
    }
    let (xi, xf) = modf(x);
    xf == 0.0 && (xi as i64) & 1 == 1
}

/// Go's `Pow`: special cases, then `x^yi` by repeated squaring on Frexp's mantissa and
/// exponent, times `Exp(yf × Log(x))` for the fraction.
fn pow(x: f64, y: f64) -> f64 {
    if let Some(v) = pow_special(x, y) {
        return v;
    }
    let (mut yi, mut yf) = modf(y.abs());
    if yf != 0.0 && x < 0.0 {
        return nan();
    }
    if yi >= (1u64 << 63) as f64 {
        return if x == -1.0 {
            1.0
        } else if (x.abs() < 1.0) == (y > 0.0) {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let mut a1 = 1.0;
    let mut ae = 0i64;
    if yf != 0.0 {
        if yf > 0.5 {
            yf -= 1.0;
            yi += 1.0;
        }
        a1 = exp(yf * log(x));
    }
    let (mut x1, mut xe) = frexp(x);
    let mut i = yi as i64;
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// `Pow`'s special cases (zeros, infinities, NaNs, square roots).
fn pow_special(x: f64, y: f64) -> Option<f64> {
    Some(if y == 0.0 || x == 1.0 {
        1.0
    } else if y == 1.0 {
        x
    } else if x.is_nan() || y.is_nan() {
        nan()
    } else if x == 0.0 {
        let odd = x.is_sign_negative() && is_odd_int(y);
        match (y < 0.0, odd) {
            (true, true) => f64::NEG_INFINITY,
            (true, false) => f64::INFINITY,
            (false, true) => x,
            (false, false) => 0.0,
        }
    } else if y.is_infinite() {
        if x == -1.0 {
            1.0
        } else if (x.abs() < 1.0) == (y == f64::INFINITY) {
            0.0
        } else {
            f64::INFINITY
        }
    } else if x.is_infinite() {
        if x == f64::NEG_INFINITY {
            pow(1.0 / x, -y)
        } else if y < 0.0 {
            0.0
        } else {
            f64::INFINITY
        }
    } else if y == 0.5 {
        x.sqrt()
    } else if y == -0.5 {
        1.0 / x.sqrt()
    } else {
        return None;
    })
}

const SIN: [f64; 6] = [
    1.589_623_015_765_465_680_60e-10,
    -2.505_074_776_285_780_728_66e-8,
    2.755_731_362_138_572_452_13e-6,
    -1.984_126_982_958_953_859_96e-4,
    8.333_333_333_322_118_588_78e-3,
    -1.666_666_666_666_663_072_95e-1,
];

const COS: [f64; 6] = [
    -1.135_853_652_138_768_173_00e-11,
    2.087_570_084_197_473_167_78e-9,
    -2.755_731_417_929_673_881_12e-7,
    2.480_158_728_885_170_453_48e-5,
    -1.388_888_888_887_305_641_16e-3,
    4.166_666_666_666_659_292_18e-2,
];

fn sin_kernel(z: f64) -> f64 {
    let zz = z * z;
    z + z * zz * horner(&SIN, zz)
}

fn cos_kernel(z: f64) -> f64 {
    let zz = z * z;
    1.0 - 0.5 * zz + zz * zz * horner(&COS, zz)
}

/// `((((c0·zz + c1)·zz + c2)·zz + c3)·zz + c4)·zz + c5`, in Go's order.
fn horner(c: &[f64; 6], zz: f64) -> f64 {
    c[1..].iter().fold(c[0], |acc, &k| acc * zz + k)
}

/// The octant `j` and the reduced argument `z` of `x ≥ 0` (Cody-Waite below 2^29,
/// Payne-Hanek above).
fn reduce(x: f64) -> (u64, f64) {
    const PI4A: f64 = 7.853_981_256_484_985_351_56e-1;
    const PI4B: f64 = 3.774_894_707_930_798_176_68e-8;
    const PI4C: f64 = 2.695_151_429_079_059_526_45e-15;
    if x >= (1u64 << 29) as f64 {
        return trig_reduce(x);
    }
    let mut j = (x * FOUR_OVER_PI) as u64;
    let mut y = j as f64;
    if j & 1 == 1 {
        j += 1;
        y += 1.0;
    }
    (j & 7, ((x - y * PI4A) - y * PI4B) - y * PI4C)
}

/// Go's `trigReduce`: Payne-Hanek reduction by the bits of 4/π.
fn trig_reduce(x: f64) -> (u64, f64) {
    const M_PI4: [u64; 20] = [
        0x0000_0000_0000_0001,
        0x45f3_06dc_9c88_2a53,
        0xf84e_afa3_ea69_bb81,
        0xb6c5_2b32_7887_2083,
        0xfca2_c757_bd77_8ac3,
        0x6e48_dc74_849b_a5c0,
        0x0c92_5dd4_13a3_2439,
        0xfc3b_d639_6253_4e7d,
        0xd104_6bea_5d76_8909,
        0xd338_e04d_68be_fc82,
        0x7323_ac73_06a6_73e9,
        0x3908_bf17_7bf2_5076,
        0x3ff1_2fff_bc0b_301f,
        0xde5e_2316_b414_da3e,
        0xda6c_fd9e_4f96_136e,
        0x9e8c_7ecd_3cbf_d45a,
        0xea4f_758f_d7cb_e2f6,
        0x7a0e_73ef_14a5_25d4,
        0xd7f6_bf62_3f1a_ba10,
        0xac06_608d_f8f6_d757,
    ];
    if x < PI_4 {
        return (0, x);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023 - 52;
    let ix = (bits & !(0x7ff << 52)) | (1 << 52);
    let (digit, shift) = ((exp + 61) as usize / 64, (exp + 61) as u64 % 64);
    let word = |i: usize| shl(M_PI4[digit + i], shift) | shr(M_PI4[digit + i + 1], 64 - shift);
    let (z0, z1, z2) = (word(0), word(1), word(2));
    let z2hi = ((u128::from(z2) * u128::from(ix)) >> 64) as u64;
    let z1p = u128::from(z1) * u128::from(ix);
    let (z1hi, z1lo) = ((z1p >> 64) as u64, z1p as u64);
    let (lo, carry) = z1lo.overflowing_add(z2hi);
    let hi = z0
        .wrapping_mul(ix)
        .wrapping_add(z1hi)
        .wrapping_add(u64::from(carry));
    let mut j = hi >> 61;
    let hi = (hi << 3) | (lo >> 61);
    let lz = u64::from(hi.leading_zeros());
    let e = 1023u64.wrapping_sub(lz + 1);
    let hi = (shl(hi, lz + 1) | shr(lo, 64u64.wrapping_sub(lz + 1))) >> (64 - 52);
    let mut z = f64::from_bits(hi | (e << 52));
    if j & 1 == 1 {
        j = (j + 1) & 7;
        z -= 1.0;
    }
    (j, z * PI_4)
}

fn sin(x: f64) -> f64 {
    if x == 0.0 || x.is_nan() {
        return x;
    }
    if x.is_infinite() {
        return nan();
    }
    let (mut j, z) = reduce(unsign(x));
    let mut sign = x < 0.0;
    if j > 3 {
        sign = !sign;
        j -= 4;
    }
    let y = if j == 1 || j == 2 {
        cos_kernel(z)
    } else {
        sin_kernel(z)
    };
    if sign {
        -y
    } else {
        y
    }
}

fn cos(x: f64) -> f64 {
    if !x.is_finite() {
        return nan();
    }
    let (mut j, z) = reduce(x.abs());
    let mut sign = false;
    if j > 3 {
        j -= 4;
        sign = !sign;
    }
    if j > 1 {
        sign = !sign;
    }
    let y = if j == 1 || j == 2 {
        sin_kernel(z)
    } else {
        cos_kernel(z)
    };
    if sign {
        -y
    } else {
        y
    }
}

fn tan(x: f64) -> f64 {
    const P: [f64; 3] = [
        -1.309_369_391_813_837_776_46e4,
        1.153_516_648_385_874_161_40e6,
        -1.795_652_519_764_848_779_88e7,
    ];
    const Q: [f64; 4] = [
        1.368_129_634_706_929_546_78e4,
        -1.320_892_344_402_109_674_47e6,
        2.500_838_018_233_579_158_39e7,
        -5.386_957_559_294_546_298_81e7,
    ];
    if x == 0.0 || x.is_nan() {
        return x;
    }
    if x.is_infinite() {
        return nan();
    }
    let (j, z) = reduce(unsign(x));
    let zz = z * z;
    let mut y = if zz > 1e-14 {
        z + z
            * (zz * ((P[0] * zz + P[1]) * zz + P[2])
                / ((((zz + Q[0]) * zz + Q[1]) * zz + Q[2]) * zz + Q[3]))
    } else {
        z
    };
    if j & 2 == 2 {
        y = -1.0 / y;
    }
    if x < 0.0 {
        -y
    } else {
        y
    }
}

fn asin(x: f64) -> f64 {
    if x == 0.0 {
        return x;
    }
    let a = unsign(x);
    if a > 1.0 {
        return nan();
    }
    let temp = (1.0 - a * a).sqrt();
    let r = if a > 0.7 {
        PI_2 - satan(temp / a)
    } else {
        satan(a / temp)
    };
    if x < 0.0 {
        -r
    } else {
        r
    }
}

fn xatan(x: f64) -> f64 {
    const P: [f64; 5] = [
        -8.750_608_600_031_904_122_785e-1,
        -1.615_753_718_733_365_076_637e1,
        -7.500_855_792_314_704_667_340e1,
        -1.228_866_684_490_136_173_410e2,
        -6.485_021_904_942_025_371_773e1,
    ];
    const Q: [f64; 5] = [
        2.485_846_490_142_306_297_962e1,
        1.650_270_098_316_988_542_046e2,
        4.328_810_604_912_902_668_951e2,
        4.853_903_996_359_136_964_868e2,
        1.945_506_571_482_613_964_425e2,
    ];
    let z = x * x;
    let z = z * ((((P[0] * z + P[1]) * z + P[2]) * z + P[3]) * z + P[4])
        / (((((z + Q[0]) * z + Q[1]) * z + Q[2]) * z + Q[3]) * z + Q[4]);
    x * z + x
}

fn satan(x: f64) -> f64 {
    const MOREBITS: f64 = 6.123_233_995_736_765_886_130e-17;
    const HALF_MOREBITS: f64 = f64::from_bits(0x3c81_a626_3314_5c07);
    const TAN3PIO8: f64 = 2.414_213_562_373_095_048_80;
    if x <= 0.66 {
        return xatan(x);
    }
    if x > TAN3PIO8 {
        return PI_2 - xatan(1.0 / x) + MOREBITS;
    }
    PI_4 + xatan((x - 1.0) / (x + 1.0)) + HALF_MOREBITS
}

fn atan(x: f64) -> f64 {
    if x == 0.0 {
        return x;
    }
    if x > 0.0 {
        satan(x)
    } else {
        -satan(-x)
    }
}

fn atan2(y: f64, x: f64) -> f64 {
    if y.is_nan() || x.is_nan() {
        return nan();
    }
    if y == 0.0 {
        return if x >= 0.0 && !x.is_sign_negative() {
            0f64.copysign(y)
        } else {
            PI.copysign(y)
        };
    }
    if x == 0.0 {
        return PI_2.copysign(y);
    }
    if x.is_infinite() {
        let v = match (x > 0.0, y.is_infinite()) {
            (true, true) => PI_4,
            (true, false) => 0.0,
            (false, true) => PI3_4,
            (false, false) => PI,
        };
        return v.copysign(y);
    }
    if y.is_infinite() {
        return PI_2.copysign(y);
    }
    let q = atan(y / x);
    if x < 0.0 {
        if q <= 0.0 {
            return q + PI;
        }
        return q - PI;
    }
    q
}

fn sinh(x: f64) -> f64 {
    const P: [f64; 4] = [
        -0.630_767_364_049_771_699_118_478_725_1e6,
        -0.899_127_202_203_950_935_539_801_351_1e5,
        -0.289_421_135_598_956_380_728_466_036_6e4,
        -0.263_056_321_339_749_706_281_948_9e2,
    ];
    const Q: [f64; 3] = [
        -0.630_767_364_049_771_699_121_207_727_7e6,
        0.152_151_737_879_001_907_069_648_517_6e5,
        -0.173_678_953_558_233_699_533_450_911e3,
    ];
    let a = unsign(x);
    let temp = if a > 21.0 {
        exp(a) * 0.5
    } else if a > 0.5 {
        let ex = exp(a);
        (ex - 1.0 / ex) * 0.5
    } else {
        let sq = a * a;
        let t = (((P[3] * sq + P[2]) * sq + P[1]) * sq + P[0]) * a;
        t / (((sq + Q[2]) * sq + Q[1]) * sq + Q[0])
    };
    if x < 0.0 {
        -temp
    } else {
        temp
    }
}

fn cosh(x: f64) -> f64 {
    let x = x.abs();
    if x > 21.0 {
        return exp(x) * 0.5;
    }
    let ex = exp(x);
    (ex + 1.0 / ex) * 0.5
}

fn tanh(x: f64) -> f64 {
    const MAXLOG: f64 = 8.802_969_193_111_305_429_598_8e1;
    const P: [f64; 3] = [
        -9.643_991_794_250_522_386_28e-1,
        -9.928_772_310_019_185_865_64e1,
        -1.614_687_684_417_084_479_52e3,
    ];
    const Q: [f64; 3] = [
        1.128_116_784_916_329_314_02e2,
        2.235_488_390_601_004_485_83e3,
        4.844_063_053_251_254_860_48e3,
    ];
    let z = x.abs();
    if z > 0.5 * MAXLOG {
        return if x < 0.0 { -1.0 } else { 1.0 };
    }
    if z >= 0.625 {
        let s = exp(2.0 * z);
        let z = 1.0 - 2.0 / (s + 1.0);
        return if x < 0.0 { -z } else { z };
    }
    if x == 0.0 {
        return x;
    }
    let s = x * x;
    x + x * s * ((P[0] * s + P[1]) * s + P[2]) / (((s + Q[0]) * s + Q[1]) * s + Q[2])
}

/// Go's `Cbrt` (FreeBSD's algorithm): a bit-level estimate refined by two iterations.
fn cbrt(x: f64) -> f64 {
    const B1: u64 = 715_094_163;
    const B2: u64 = 696_219_795;
    const C: f64 = 5.428_571_428_571_428_159_06e-1;
    const D: f64 = -7.053_061_224_489_796_110_50e-1;
    const E: f64 = 1.414_285_714_285_714_368_19;
    const F: f64 = 1.607_142_857_142_857_206_30;
    const G: f64 = 3.571_428_571_428_571_507_87e-1;
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let a = unsign(x);
    let mut t = f64::from_bits(a.to_bits() / 3 + (B1 << 32));
    if a < SMALLEST_NORMAL {
        t = (1u64 << 54) as f64 * a;
        t = f64::from_bits(t.to_bits() / 3 + (B2 << 32));
    }
    let r = t * t / a;
    let s = C + r * t;
    t *= G + F / (s + E + D / s);
    t = f64::from_bits((t.to_bits() & (0xf_ffff_fffc << 28)) + (1 << 30));
    let s = t * t;
    let r = a / s;
    let w = t + t;
    let r = (r - t) / (w + r);
    t += t * r;
    if x < 0.0 {
        -t
    } else {
        t
    }
}
