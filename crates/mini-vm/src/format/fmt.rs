//! Go's `fmt` low-level formatting (fmt/format.go): flags, width and precision applied to
//! integers, floats, strings, byte slices, runes and booleans.

use mini_bytecode::strconv::utf8::{append_rune, decode_rune, rune_count};
use mini_bytecode::strconv::{
    append_float, append_quote, append_quote_rune, append_quote_rune_to_ascii,
    append_quote_to_ascii, can_backquote, is_print,
};

pub(super) const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
pub(super) const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// The flags of one verb.
#[derive(Clone, Copy, Default)]
pub(super) struct Flags {
    pub(super) wid_present: bool,
    pub(super) prec_present: bool,
    pub(super) minus: bool,
    pub(super) plus: bool,
    pub(super) sharp: bool,
    pub(super) space: bool,
    pub(super) zero: bool,
    /// `%+v`: print struct field names.
    pub(super) plus_v: bool,
    /// `%#v`: Go syntax.
    pub(super) sharp_v: bool,
}

/// The formatter state of one verb, writing into `buf`.
#[derive(Default)]
pub(super) struct Fmt {
    pub(super) buf: Vec<u8>,
    pub(super) flags: Flags,
    pub(super) wid: i64,
    pub(super) prec: i64,
}

impl Fmt {
    pub(super) fn clear_flags(&mut self) {
        self.flags = Flags::default();
        self.wid = 0;
        self.prec = 0;
    }

    fn write_padding(&mut self, n: i64) {
        if n <= 0 {
            return;
        }
        let pad = if self.flags.zero && !self.flags.minus {
            b'0'
        } else {
            b' '
        };
        self.buf.resize(self.buf.len() + n as usize, pad);
    }

    /// Writes `b` padded to the width (counted in runes) on the left or, with `-`, the right.
    pub(super) fn pad(&mut self, b: &[u8]) {
        if !self.flags.wid_present || self.wid == 0 {
            self.buf.extend_from_slice(b);
            return;
        }
        let width = self.wid - rune_count(b) as i64;
        if self.flags.minus {
            self.buf.extend_from_slice(b);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.buf.extend_from_slice(b);
        }
    }

    /// Runs `f` with the zero flag off (padding that must be spaces).
    fn without_zero(&mut self, f: impl FnOnce(&mut Fmt)) {
        let zero = self.flags.zero;
        self.flags.zero = false;
        f(self);
        self.flags.zero = zero;
    }

    pub(super) fn fmt_boolean(&mut self, v: bool) {
        self.pad(if v { b"true" } else { b"false" });
    }

    /// `%U`: `U+0078`, with `#` also `U+0078 'x'` for printable runes.
    pub(super) fn fmt_unicode(&mut self, u: u64) {
        let mut prec = 4;
        if self.flags.prec_present && self.prec > 4 {
            prec = self.prec;
        }
        let mut digits = Vec::new();
        let mut v = u;
        loop {
            digits.push(UDIGITS[(v & 0xf) as usize]);
            v >>= 4;
            if v == 0 {
                break;
            }
        }
        while (digits.len() as i64) < prec {
            digits.push(b'0');
        }
        let mut out = b"U+".to_vec();
        out.extend(digits.iter().rev());
        if self.flags.sharp {
            if let Some(c) = char::from_u32(u as u32).filter(|_| u <= 0x10ffff) {
                if is_print(c) {
                    out.extend_from_slice(b" '");
                    append_rune(&mut out, c as i32);
                    out.push(b'\'');
                }
            }
        }
        self.without_zero(|f| f.pad(&out));
    }

    /// Formats an integer in `base` (2, 8, 10 or 16) with Go's sign, precision, `#` and `%O`
    /// rules; `u` holds the bits of a signed value when `signed`.
    pub(super) fn fmt_integer(
        &mut self,
        u: u64,
        base: u64,
        signed: bool,
        verb: char,
        digits: &[u8; 17],
    ) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative { u.wrapping_neg() } else { u };
        let mut prec = 0;
        if self.flags.prec_present {
            prec = self.prec;
            // Precision 0 and value 0 print nothing but padding.
            if prec == 0 && u == 0 {
                let wid = self.wid;
                self.without_zero(|f| f.write_padding(wid));
                return;
            }
        } else if self.flags.zero && !self.flags.minus && self.flags.wid_present {
            // Zero padding is done as precision, leaving room for the sign.
            prec = self.wid;
            if negative || self.flags.plus || self.flags.space {
                prec -= 1;
            }
        }
        let mut rev = Vec::with_capacity(24);
        loop {
            rev.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while (rev.len() as i64) < prec {
            rev.push(b'0');
        }
        if self.flags.sharp {
            match base {
                2 => rev.extend_from_slice(b"b0"),
                8 if rev.last() != Some(&b'0') => rev.push(b'0'),
                16 => rev.extend_from_slice(&[digits[16], b'0']),
                _ => {}
            }
        }
        if verb == 'O' {
            rev.extend_from_slice(b"o0");
        }
        if negative {
            rev.push(b'-');
        } else if self.flags.plus {
            rev.push(b'+');
        } else if self.flags.space {
            rev.push(b' ');
        }
        rev.reverse();
        self.without_zero(|f| f.pad(&rev));
    }

    /// The first `prec` runes of `s` when a precision is set.
    fn truncate<'a>(&self, s: &'a [u8]) -> &'a [u8] {
        if self.flags.prec_present {
            let mut n = self.prec;
            let mut i = 0;
            while i < s.len() {
                n -= 1;
                if n < 0 {
                    return &s[..i];
                }
                i += decode_rune(&s[i..]).1;
            }
        }
        s
    }

    /// `%s`.
    pub(super) fn fmt_s(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        self.pad(s);
    }

    /// `%x`/`%X` of a string or byte slice: hex pairs, `#` for `0x`, space to separate bytes.
    pub(super) fn fmt_sbx(&mut self, s: &[u8], digits: &[u8; 17]) {
        let mut length = s.len() as i64;
        if self.flags.prec_present && self.prec < length {
            length = self.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.flags.space {
                if self.flags.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.flags.sharp {
                width += 2;
            }
        } else {
            if self.flags.wid_present {
                self.write_padding(self.wid);
            }
            return;
        }
        if self.flags.wid_present && self.wid > width && !self.flags.minus {
            self.write_padding(self.wid - width);
        }
        if self.flags.sharp {
            self.buf.extend_from_slice(&[b'0', digits[16]]);
        }
        for (i, &c) in s[..length as usize].iter().enumerate() {
            if self.flags.space && i > 0 {
                self.buf.push(b' ');
                if self.flags.sharp {
                    self.buf.extend_from_slice(&[b'0', digits[16]]);
                }
            }
            self.buf
                .extend_from_slice(&[digits[(c >> 4) as usize], digits[(c & 0xf) as usize]]);
        }
        if self.flags.wid_present && self.wid > width && self.flags.minus {
            self.write_padding(self.wid - width);
        }
    }

    /// `%q` of a string: Go-quoted (`+` for ASCII only), or back-quoted with `#` when possible.
    pub(super) fn fmt_q(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        let mut out = Vec::with_capacity(s.len() + 2);
        if self.flags.sharp && can_backquote(s) {
            out.push(b'`');
            out.extend_from_slice(s);
            out.push(b'`');
        } else if self.flags.plus {
            append_quote_to_ascii(&mut out, s);
        } else {
            append_quote(&mut out, s);
        }
        self.pad(&out);
    }

    /// `%c`: the rune (U+FFFD when invalid).
    pub(super) fn fmt_c(&mut self, c: u64) {
        let mut out = Vec::with_capacity(4);
        append_rune(&mut out, rune_of(c));
        self.pad(&out);
    }

    /// `%q` of a rune: single-quoted (`+` for ASCII only).
    pub(super) fn fmt_qc(&mut self, c: u64) {
        let mut out = Vec::with_capacity(8);
        if self.flags.plus {
            append_quote_rune_to_ascii(&mut out, rune_of(c));
        } else {
            append_quote_rune(&mut out, rune_of(c));
        }
        self.pad(&out);
    }

    /// Formats a float with `strconv` (`verb` one of `b e E f g G x X`, `prec` -1 for the
    /// shortest) and applies the sign flags, `#` (keep the point and trailing zeros) and
    /// zero padding after the sign.
    pub(super) fn fmt_float(&mut self, v: f64, size: u32, verb: u8, prec: i64) {
        let prec = if self.flags.prec_present {
            self.prec
        } else {
            prec
        };
        let mut num = vec![b'+'];
        let p = i32::try_from(prec).unwrap_or(i32::MAX);
        append_float(&mut num, v, verb, p, size);
        // Make the sign explicit in num[0].
        if num[1] == b'-' || num[1] == b'+' {
            num.remove(0);
        }
        if self.flags.space && num[0] == b'+' && !self.flags.plus {
            num[0] = b' ';
        }
        // Infinities and NaN pad with spaces; NaN has no sign unless asked for.
        if num[1] == b'I' || num[1] == b'N' {
            if num[1] == b'N' && !self.flags.space && !self.flags.plus {
                num.remove(0);
            }
            self.without_zero(|f| f.pad(&num));
            return;
        }
        if self.flags.sharp && verb != b'b' {
            num = sharp_float(num, verb, prec);
        }
        if self.flags.plus || num[0] != b'+' {
            // Zero padding goes after the sign.
            if self.flags.zero
                && !self.flags.minus
                && self.flags.wid_present
                && self.wid > num.len() as i64
            {
                self.buf.push(num[0]);
                self.write_padding(self.wid - num.len() as i64);
                self.buf.extend_from_slice(&num[1..]);
                return;
            }
            self.pad(&num);
            return;
        }
        self.pad(&num[1..]);
    }
}

/// The `#` form of a formatted float: always a decimal point, and for `%g`/`%v`/`%x` the
/// trailing zeros that make up the precision (6 for the shortest form).
fn sharp_float(mut num: Vec<u8>, verb: u8, prec: i64) -> Vec<u8> {
    let mut digits = match verb {
        b'v' | b'g' | b'G' | b'x' => {
            if prec == -1 {
                6
            } else {
                prec
            }
        }
        _ => 0,
    };
    let mut tail = Vec::new();
    let mut has_point = false;
    let mut saw_nonzero = false;
    let mut i = 1;
    while i < num.len() {
        match num[i] {
            b'.' => has_point = true,
            b'p' | b'P' => {
                tail = num.split_off(i);
                break;
            }
            b'e' | b'E' if verb != b'x' && verb != b'X' => {
                tail = num.split_off(i);
                break;
            }
            c => {
                if c != b'0' {
                    saw_nonzero = true;
                }
                if saw_nonzero {
                    digits -= 1;
                }
            }
        }
        i += 1;
    }
    if !has_point {
        // A leading zero counts as a significant digit.
        if num.len() == 2 && num[1] == b'0' {
            digits -= 1;
        }
        num.push(b'.');
    }
    while digits > 0 {
        num.push(b'0');
        digits -= 1;
    }
    num.extend_from_slice(&tail);
    num
}

/// The rune for `%c`/`%q` of an integer: U+FFFD past the Unicode range.
fn rune_of(c: u64) -> i32 {
    if c > 0x10ffff {
        0xfffd
    } else {
        c as i32
    }
}
