//! Go's `strconv`: number formatting and parsing, quoting and `IsPrint`, with Go's exact output.

mod atof;
mod atof_decimal;
mod atoi;
mod decimal;
mod ftoa;
mod ftoa_layout;
mod isprint;
mod itoa;
mod pow10tab;
mod quote;
mod unquote;
mod uscale;
pub mod utf8;

pub use atof::parse_float;
pub use atoi::{atoi, parse_bool, parse_int, parse_uint};
pub use ftoa::{append_float, format_float};
pub use isprint::{is_graphic, is_print};
pub use itoa::{append_int, append_uint, format_int, format_uint};
pub use quote::{
    append_quote, append_quote_rune, append_quote_rune_to_ascii, append_quote_to_ascii,
    append_quote_to_graphic, can_backquote, quote, quote_rune, quote_rune_to_ascii,
    quote_rune_to_graphic, quote_to_ascii, quote_to_graphic,
};
pub use unquote::{unquote, unquote_char};

/// Why a conversion failed (Go's `strconv.ErrRange`, `ErrSyntax`, and the base and bit-size
/// errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumErrorKind {
    /// The value does not fit the requested size (`value out of range`).
    Range,
    /// The text is not a number (`invalid syntax`).
    Syntax,
    /// The base is not 0 or 2..=36 (`invalid base N`).
    Base,
    /// The bit size is not 0..=64 (`invalid bit size N`).
    BitSize,
}

impl NumErrorKind {
    /// The text of Go's `*strconv.NumError` for function `func` (e.g. `ParseInt`) on input
    /// `num`: `strconv.ParseInt: parsing "x": invalid syntax`. `base` and `bit_size` are used
    /// by the base and bit-size errors.
    pub fn message(self, func: &str, num: &[u8], base: u32, bit_size: u32) -> String {
        let reason = match self {
            NumErrorKind::Range => "value out of range".to_string(),
            NumErrorKind::Syntax => "invalid syntax".to_string(),
            NumErrorKind::Base => format!("invalid base {base}"),
            NumErrorKind::BitSize => format!("invalid bit size {bit_size}"),
        };
        format!("strconv.{func}: parsing {}: {reason}", quote(num))
    }
}

/// An IEEE-754 binary format as Go's strconv describes it.
pub(crate) struct FloatInfo {
    mant_bits: u32,
    exp_bits: u32,
    bias: i32,
}

impl FloatInfo {
    /// The exponent of a left-justified 64-bit mantissa of the smallest normal value.
    fn min_exp(&self) -> i32 {
        self.bias + 1 - 63
    }

    /// `-e` for the smallest subnormal `2^e`.
    fn min_subnormal_exp(&self) -> i32 {
        -(self.bias + 1) + self.mant_bits as i32
    }
}

const FLOAT32: FloatInfo = FloatInfo {
    mant_bits: 23,
    exp_bits: 8,
    bias: -127,
};
const FLOAT64: FloatInfo = FloatInfo {
    mant_bits: 52,
    exp_bits: 11,
    bias: -1023,
};
