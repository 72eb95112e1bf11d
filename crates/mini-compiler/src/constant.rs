//! Exact constant arithmetic for untyped and typed constants (Go's go/constant semantics).
//!
//! Integers are unbounded `BigInt`s and floats exact `BigRational`s, as in go/constant (which
//! only switches to 512-bit binary floats for values whose fractions exceed 4096 bits). The
//! limits Go's checker enforces on top of that (512-bit untyped integers, shift counts up to
//! 1074, representability in a typed constant's type) are exposed for the checker to apply;
//! `Display` gives the text types2 prints for a constant in diagnostics.

mod float;
mod literal;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::ast::{BinaryOp, LitValue, UnaryOp};

pub use mini_bytecode::strconv::{is_print, quote};

/// Untyped integer constants wider than this many bits are an error in Go
/// (`constant multiplication overflow`, `constant shift overflow`, `constant overflow`).
pub const UNTYPED_INT_BITS: u64 = 512;

/// The largest constant shift count Go accepts; larger counts are `invalid shift count`.
pub const MAX_SHIFT: u64 = 1074;

/// Numeric literals longer than this many characters are `excessively long constant` in Go.
pub const MAX_LITERAL_LEN: usize = 10000;

/// Floats whose numerator or denominator would exceed this many bits (magnitudes beyond
/// about 10^±9800) are refused with [`ConstError::TooLarge`]; Go goes on with 512-bit binary
/// floats there, up to 10^±646456992.
pub const MAX_FLOAT_BITS: u64 = 1 << 15;

/// A constant value.
///
/// The derived `PartialEq` is structural (`Int(2) != Float(2)`); use [`Value::compare`] for
/// Go's `==`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// The value of an erroneous constant expression; operations on it give `Unknown` so that
    /// one error is not reported again.
    Unknown,
    Bool(bool),
    /// The bytes of a string (Go strings may hold invalid UTF-8).
    String(Vec<u8>),
    Int(BigInt),
    /// An exact float; an integral value stays a float (it prints as one: `1.67772e+07`).
    Float(BigRational),
}

/// Why a constant operation has no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstError {
    /// `x / 0` or `x % 0` (Go: `invalid operation: division by zero`).
    DivByZero,
    /// The operator is not defined on these operand values (the checker reports such
    /// operands before evaluating them).
    InvalidOperands,
    /// A float beyond [`MAX_FLOAT_BITS`], or a left shift that would exceed it.
    TooLarge,
    /// Literal text that is not a Go number (Go: `malformed constant: <lit>`).
    Malformed,
    /// A literal kind Mini does not support (imaginary literals).
    Unsupported,
}

impl fmt::Display for ConstError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConstError::DivByZero => "division by zero",
            ConstError::InvalidOperands => "operator not defined on constant operands",
            ConstError::TooLarge => "constant result is not representable",
            ConstError::Malformed => "malformed constant",
            ConstError::Unsupported => "not supported: complex constants",
        })
    }
}

/// Why a constant is not representable in a type.
///
/// Go chooses between "truncated" and "overflows" by the operand's *type*: a float-typed
/// operand converted to an integer type is always "(truncated)" (even `1e100` or `-129.0`
/// for `int8`), everything else numeric is "(overflows)". These variants describe the value;
/// the checker applies Go's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repr {
    /// An integer type and a value with a fractional part.
    Truncated,
    /// Outside the range of the type (floats: rounds to an infinity).
    Overflows,
    /// A value of the wrong kind (a string or bool for a numeric type, and so on).
    Invalid,
}

/// The numeric types a constant can be checked against (`int`, `uint` and `uintptr` are
/// 64 bits wide).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumKind {
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    /// Any integer value (an untyped float converted for a shift or an index).
    UntypedInt,
    /// Any numeric value.
    UntypedFloat,
}

impl NumKind {
    /// The `(bits, signed)` of a sized integer kind.
    fn int_range(self) -> Option<(u32, bool)> {
        Some(match self {
            NumKind::Int8 => (8, true),
            NumKind::Int16 => (16, true),
            NumKind::Int32 => (32, true),
            NumKind::Int | NumKind::Int64 => (64, true),
            NumKind::Uint8 => (8, false),
            NumKind::Uint16 => (16, false),
            NumKind::Uint32 => (32, false),
            NumKind::Uint | NumKind::Uint64 | NumKind::Uintptr => (64, false),
            _ => return None,
        })
    }
}

/// The word types2 puts in `constant <op> overflow` for a binary operator, if any.
pub fn binary_op_overflow_name(op: BinaryOp) -> Option<&'static str> {
    match op {
        BinaryOp::Add => Some("addition"),
        BinaryOp::Sub => Some("subtraction"),
        BinaryOp::Xor => Some("bitwise XOR"),
        BinaryOp::Mul => Some("multiplication"),
        BinaryOp::Shl => Some("shift"),
        _ => None,
    }
}

/// The word types2 puts in `constant <op> overflow` for a unary operator, if any.
pub fn unary_op_overflow_name(op: UnaryOp) -> Option<&'static str> {
    match op {
        UnaryOp::Xor => Some("bitwise complement"),
        _ => None,
    }
}

/// Go's `strconv.FormatFloat(x, 'g', -1, 64)`, which is also how `fmt` prints a `float64`
/// with `%v` (`1e+100`, `0.1`, `1e-05`, `123456.7`).
pub fn format_float64(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    float::format_g(x, None)
}

impl Value {
    /// The value of an integer literal (`_` removed): decimal, `0x`, `0o`, `0b` or legacy
    /// octal `017`.
    pub fn from_int_literal(text: &str) -> Result<Value, ConstError> {
        literal::parse_int(text)
            .map(Value::Int)
            .ok_or(ConstError::Malformed)
    }

    /// The exact value of a decimal or hexadecimal float literal (`_` removed).
    pub fn from_float_literal(text: &str) -> Result<Value, ConstError> {
        let parts = literal::parse_float(text).ok_or(ConstError::Malformed)?;
        if parts.size_bits() > MAX_FLOAT_BITS {
            return Err(ConstError::TooLarge);
        }
        Ok(Value::Float(parts.to_rational()))
    }

    /// The value of a rune literal: its code point, an untyped rune constant.
    pub fn from_rune(code_point: u32) -> Value {
        Value::Int(BigInt::from(code_point))
    }

    /// The value of a literal as the parser decoded it.
    pub fn from_lit(lit: &LitValue) -> Result<Value, ConstError> {
        match lit {
            LitValue::Int(text) => Value::from_int_literal(text),
            LitValue::Float(text) => Value::from_float_literal(text),
            LitValue::Imag(_) => Err(ConstError::Unsupported),
            LitValue::Rune(code_point) => Ok(Value::from_rune(*code_point)),
            LitValue::Str(bytes) => Ok(Value::String(bytes.clone())),
        }
    }

    /// An integer constant.
    pub fn from_i64(x: i64) -> Value {
        Value::Int(BigInt::from(x))
    }

    /// An integer constant.
    pub fn from_u64(x: u64) -> Value {
        Value::Int(BigInt::from(x))
    }

    /// The exact float constant equal to `x`; `None` for infinities and NaN.
    pub fn from_f64(x: f64) -> Option<Value> {
        x.is_finite()
            .then(|| Value::Float(float::rational_from_f64(x)))
    }

    /// Reports whether this is [`Value::Unknown`].
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// Reports whether the value is an integer: an `Int`, or a `Float` without a fractional
    /// part (which Go accepts wherever an integer constant is required).
    pub fn is_int(&self) -> bool {
        match self {
            Value::Int(_) => true,
            Value::Float(r) => r.is_integer(),
            _ => false,
        }
    }

    /// The value as an `Int` (Go's `constant.ToInt`): `Int` as is, an integral `Float`
    /// converted; `None` otherwise.
    pub fn to_int(&self) -> Option<Value> {
        self.to_bigint().map(Value::Int)
    }

    /// The value as a `Float` (Go's `constant.ToFloat`); `None` for non-numeric values.
    pub fn to_float(&self) -> Option<Value> {
        self.to_rational().map(Value::Float)
    }

    /// -1, 0 or 1 for a numeric value; 0 for other values.
    pub fn sign(&self) -> i32 {
        let sign = match self {
            Value::Int(i) => i.sign(),
            Value::Float(r) => r.numer().sign(),
            _ => return 0,
        };
        match sign {
            num_bigint::Sign::Minus => -1,
            num_bigint::Sign::NoSign => 0,
            num_bigint::Sign::Plus => 1,
        }
    }

    /// The bit length of an integer's magnitude (Go's `constant.BitLen`); 0 for other values.
    pub fn bit_len(&self) -> u64 {
        match self {
            Value::Int(i) => i.bits(),
            _ => 0,
        }
    }

    /// Reports whether this is an `Int` wider than Go allows for untyped constants
    /// ([`UNTYPED_INT_BITS`]); the checker then reports `constant <op> overflow`.
    pub fn overflows_untyped(&self) -> bool {
        self.bit_len() > UNTYPED_INT_BITS
    }

    /// The value of a `Bool`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The bytes of a `String`.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer value if it is an integer that fits in `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.to_bigint()?.to_i64()
    }

    /// The integer value if it is an integer that fits in `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.to_bigint()?.to_u64()
    }

    /// The nearest `f64` (ties to even, subnormals included; infinite when out of range);
    /// `None` for non-numeric values.
    pub fn as_f64(&self) -> Option<f64> {
        Some(float::round_to(&self.to_rational()?, float::F64))
    }

    /// The nearest `f32` (ties to even, subnormals included; infinite when out of range);
    /// `None` for non-numeric values.
    pub fn as_f32(&self) -> Option<f32> {
        Some(float::round_to(&self.to_rational()?, float::F32) as f32)
    }

    /// Checks that the value fits `kind` and returns it as a value of that kind: an `Int` for
    /// integer kinds, a `Float` rounded to the type's precision for `float32`/`float64`.
    /// `Unknown` is representable in every kind (to avoid follow-up errors, as in Go).
    pub fn representable(&self, kind: NumKind) -> Result<Value, Repr> {
        if self.is_unknown() {
            return Ok(Value::Unknown);
        }
        let rational = self.to_rational().ok_or(Repr::Invalid)?;
        match kind {
            NumKind::Float32 => round_checked(&rational, float::F32),
            NumKind::Float64 => round_checked(&rational, float::F64),
            NumKind::UntypedFloat => Ok(Value::Float(rational)),
            _ => {
                let int = self.to_bigint().ok_or(Repr::Truncated)?;
                match kind.int_range() {
                    Some((bits, signed)) if !int_fits(&int, bits, signed) => Err(Repr::Overflows),
                    _ => Ok(Value::Int(int)),
                }
            }
        }
    }

    /// Evaluates `x op y` with Go's constant rules: `+ - * / % & | ^ &^` on numbers (mixed
    /// `Int`/`Float` operands become floats), `+` on strings, `&& ||` on bools; comparisons
    /// give a `Bool` and shifts defer to [`Value::shift`]. `/` truncates when
    /// `integer_division` is set (both operands of integer type), else it is exact.
    pub fn binary_op(
        x: &Value,
        op: BinaryOp,
        y: &Value,
        integer_division: bool,
    ) -> Result<Value, ConstError> {
        match (x, y) {
            (Value::Unknown, _) | (_, Value::Unknown) => Ok(Value::Unknown),
            _ if is_comparison(op) => Ok(Value::Bool(Value::compare(x, op, y))),
            _ if matches!(op, BinaryOp::Shl | BinaryOp::Shr) => {
                let count = y.as_u64().ok_or(ConstError::InvalidOperands)?;
                Value::shift(x, op, count)
            }
            (Value::Bool(a), Value::Bool(b)) => bool_op(*a, op, *b),
            (Value::String(a), Value::String(b)) if op == BinaryOp::Add => {
                Ok(Value::String([a.as_slice(), b.as_slice()].concat()))
            }
            (Value::Int(a), Value::Int(b)) => int_op(a, op, b, integer_division),
            _ => match (x.to_rational(), y.to_rational()) {
                (Some(a), Some(b)) => float_op(&a, op, &b),
                _ => Err(ConstError::InvalidOperands),
            },
        }
    }

    /// Evaluates `x << s` or `x >> s` (arithmetic) for an integer `x`; an integral `Float`
    /// is converted first, as Go's checker does for untyped float constants.
    pub fn shift(x: &Value, op: BinaryOp, s: u64) -> Result<Value, ConstError> {
        if x.is_unknown() {
            return Ok(Value::Unknown);
        }
        let int = x.to_bigint().ok_or(ConstError::InvalidOperands)?;
        match op {
            BinaryOp::Shl if int.is_zero() => Ok(Value::Int(int)),
            BinaryOp::Shl if s > MAX_FLOAT_BITS => Err(ConstError::TooLarge),
            BinaryOp::Shl => Ok(Value::Int(int << s)),
            BinaryOp::Shr => Ok(Value::Int(shift_right(int, s))),
            _ => Err(ConstError::InvalidOperands),
        }
    }

    /// Evaluates `op x` for `+ - ^ !`. For `^x`, `unsigned_bits` is the size of a typed
    /// unsigned operand's type: the complement is then taken within that many bits
    /// (`^uint8(1)` is 254), as go/constant's `UnaryOp` does with a precision.
    pub fn unary_op(
        op: UnaryOp,
        x: &Value,
        unsigned_bits: Option<u32>,
    ) -> Result<Value, ConstError> {
        match (op, x) {
            (_, Value::Unknown) => Ok(Value::Unknown),
            (UnaryOp::Pos, Value::Int(_) | Value::Float(_)) => Ok(x.clone()),
            (UnaryOp::Neg, Value::Int(i)) => Ok(Value::Int(-i)),
            (UnaryOp::Neg, Value::Float(r)) => Ok(Value::Float(-r)),
            (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
            (UnaryOp::Xor, Value::Int(i)) => Ok(Value::Int(complement(i, unsigned_bits))),
            _ => Err(ConstError::InvalidOperands),
        }
    }

    /// Evaluates the comparison `x op y` (`== != < <= > >=`): numbers by value (mixed
    /// `Int`/`Float` allowed), strings bytewise, bools for equality only. Operands the
    /// operator is not defined on, and `Unknown`, compare false.
    pub fn compare(x: &Value, op: BinaryOp, y: &Value) -> bool {
        let ordering = match (x, y) {
            (Value::Bool(a), Value::Bool(b)) if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => {
                a.cmp(b)
            }
            (Value::String(a), Value::String(b)) => a.cmp(b),
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            _ => match (x.to_rational(), y.to_rational()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => return false,
            },
        };
        match op {
            BinaryOp::Eq => ordering == Ordering::Equal,
            BinaryOp::Ne => ordering != Ordering::Equal,
            BinaryOp::Lt => ordering == Ordering::Less,
            BinaryOp::Le => ordering != Ordering::Greater,
            BinaryOp::Gt => ordering == Ordering::Greater,
            BinaryOp::Ge => ordering != Ordering::Less,
            _ => false,
        }
    }

    /// The exact text of the value (Go's `ExactString`): strings quoted in full, floats as
    /// an integer or a fraction `n/d`.
    pub fn exact_string(&self) -> String {
        match self {
            Value::String(s) => quote(s),
            Value::Float(r) if r.is_integer() => r.numer().to_string(),
            Value::Float(r) => format!("{}/{}", r.numer(), r.denom()),
            _ => self.to_string(),
        }
    }

    /// The integer value of an `Int` or an integral `Float`.
    fn to_bigint(&self) -> Option<BigInt> {
        match self {
            Value::Int(i) => Some(i.clone()),
            Value::Float(r) if r.is_integer() => Some(r.numer().clone()),
            _ => None,
        }
    }

    /// The exact value of a numeric constant.
    fn to_rational(&self) -> Option<BigRational> {
        match self {
            Value::Int(i) => Some(BigRational::from_integer(i.clone())),
            Value::Float(r) => Some(r.clone()),
            _ => None,
        }
    }
}

/// Go's `constant.Value.String()`, the form types2 prints in operand descriptions:
/// integers in full, floats in `%.6g` style, strings quoted and cut to 72 characters.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Unknown => f.write_str("unknown"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::String(s) => f.write_str(&shorten_quoted(quote(s))),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(r) => f.write_str(&float::format_float(r)),
        }
    }
}

/// Cuts a quoted string longer than 72 characters to its first 69 and `...`.
fn shorten_quoted(quoted: String) -> String {
    const MAX_LEN: usize = 72;
    match quoted.char_indices().nth(MAX_LEN) {
        Some(_) => {
            let (cut, _) = quoted
                .char_indices()
                .nth(MAX_LEN - 3)
                .expect("longer than 72");
            format!("{}...", &quoted[..cut])
        }
        None => quoted,
    }
}

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

fn bool_op(a: bool, op: BinaryOp, b: bool) -> Result<Value, ConstError> {
    match op {
        BinaryOp::LogAnd => Ok(Value::Bool(a && b)),
        BinaryOp::LogOr => Ok(Value::Bool(a || b)),
        _ => Err(ConstError::InvalidOperands),
    }
}

/// Integer arithmetic; `/` is exact (a `Float`) unless `integer_division`.
fn int_op(
    a: &BigInt,
    op: BinaryOp,
    b: &BigInt,
    integer_division: bool,
) -> Result<Value, ConstError> {
    if matches!(op, BinaryOp::Div | BinaryOp::Rem) && b.is_zero() {
        return Err(ConstError::DivByZero);
    }
    Ok(Value::Int(match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::Div if integer_division => a / b,
        BinaryOp::Div => return Ok(Value::Float(BigRational::new(a.clone(), b.clone()))),
        BinaryOp::Rem => a % b,
        BinaryOp::And => a & b,
        BinaryOp::Or => a | b,
        BinaryOp::Xor => a ^ b,
        BinaryOp::AndNot => a & !b,
        _ => return Err(ConstError::InvalidOperands),
    }))
}

/// Exact rational arithmetic (`+ - * /`).
fn float_op(a: &BigRational, op: BinaryOp, b: &BigRational) -> Result<Value, ConstError> {
    let result = match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::Div if b.is_zero() => return Err(ConstError::DivByZero),
        BinaryOp::Div => a / b,
        _ => return Err(ConstError::InvalidOperands),
    };
    if result.numer().bits() > MAX_FLOAT_BITS || result.denom().bits() > MAX_FLOAT_BITS {
        return Err(ConstError::TooLarge);
    }
    Ok(Value::Float(result))
}

/// `x >> s` rounding toward negative infinity, as Go's arithmetic shift does.
fn shift_right(x: BigInt, s: u64) -> BigInt {
    if s >= x.bits() {
        return if x.is_negative() {
            -BigInt::one()
        } else {
            BigInt::zero()
        };
    }
    x >> s
}

/// `^x`, limited to `bits` bits for an unsigned type.
fn complement(x: &BigInt, unsigned_bits: Option<u32>) -> BigInt {
    let z = !x;
    match unsigned_bits {
        Some(bits) => z & ((BigInt::one() << bits) - 1),
        None => z,
    }
}

/// Reports whether `x` is in the range of a `bits`-bit integer type.
fn int_fits(x: &BigInt, bits: u32, signed: bool) -> bool {
    let (min, max) = if signed {
        let half = BigInt::one() << (bits - 1);
        (-&half, half - 1)
    } else {
        (BigInt::zero(), (BigInt::one() << bits) - 1)
    };
    &min <= x && x <= &max
}

/// Rounds to a float type, failing when the result is infinite.
fn round_checked(r: &BigRational, format: float::BinaryFormat) -> Result<Value, Repr> {
    let x = float::round_to(r, format);
    if x.is_infinite() {
        return Err(Repr::Overflows);
    }
    Ok(Value::Float(float::rational_from_f64(x)))
}
