//! Go's multiprecision decimal (strconv/decimal.go): exact binary→decimal shifting and
//! rounding, the slow path of float formatting and parsing.

/// At most this many digits are kept; further non-zero digits set `trunc`.
const MAX_DIGITS: usize = 800;
/// The largest shift done in one step (fits the accumulator with room for a digit).
const MAX_SHIFT: u32 = 60;

/// `0.d[0..nd] × 10^dp`, digits as ASCII.
pub(super) struct Decimal {
    pub(super) d: Vec<u8>,
    pub(super) dp: i32,
    pub(super) neg: bool,
    /// Non-zero digits were discarded beyond `d`.
    pub(super) trunc: bool,
}

impl Decimal {
    pub(super) fn new() -> Decimal {
        Decimal {
            d: Vec::with_capacity(32),
            dp: 0,
            neg: false,
            trunc: false,
        }
    }

    pub(super) fn nd(&self) -> usize {
        self.d.len()
    }

    /// Sets the value to the integer `v`.
    pub(super) fn assign(&mut self, v: u64) {
        self.d.clear();
        self.d.extend_from_slice(v.to_string().as_bytes());
        self.dp = self.d.len() as i32;
        self.trim();
    }

    fn trim(&mut self) {
        while self.d.last() == Some(&b'0') {
            self.d.pop();
        }
        if self.d.is_empty() {
            self.dp = 0;
        }
    }

    /// Multiplies by `2^k` (`k` may be negative).
    pub(super) fn shift(&mut self, mut k: i32) {
        if self.d.is_empty() {
            return;
        }
        while k > MAX_SHIFT as i32 {
            self.left_shift(MAX_SHIFT);
            k -= MAX_SHIFT as i32;
        }
        while k < -(MAX_SHIFT as i32) {
            self.right_shift(MAX_SHIFT);
            k += MAX_SHIFT as i32;
        }
        match k {
            k if k > 0 => self.left_shift(k as u32),
            k if k < 0 => self.right_shift((-k) as u32),
            _ => {}
        }
    }

    /// Divides by `2^k`: long division digit by digit.
    fn right_shift(&mut self, k: u32) {
        let nd = self.d.len();
        let mut r = 0;
        let mut n: u64 = 0;
        // Read enough leading digits to produce the first output digit.
        while n >> k == 0 {
            if r >= nd {
                if n == 0 {
                    self.d.clear();
                    return;
                }
                while n >> k == 0 {
                    n *= 10;
                    r += 1;
                }
                break;
            }
            n = n * 10 + u64::from(self.d[r] - b'0');
            r += 1;
        }
        self.dp -= r as i32 - 1;
        let mask = (1u64 << k) - 1;
        let mut w = 0;
        while r < nd {
            let c = u64::from(self.d[r] - b'0');
            self.d[w] = (n >> k) as u8 + b'0';
            w += 1;
            n = (n & mask) * 10 + c;
            r += 1;
        }
        self.d.truncate(w);
        while n > 0 {
            let dig = (n >> k) as u8;
            n &= mask;
            if self.d.len() < MAX_DIGITS {
                self.d.push(dig + b'0');
            } else if dig > 0 {
                self.trunc = true;
            }
            n *= 10;
        }
        self.trim();
    }

    /// Multiplies by `2^k`: from the last digit up, carrying into new leading digits.
    fn left_shift(&mut self, k: u32) {
        let old = std::mem::take(&mut self.d);
        let mut out = Vec::with_capacity(old.len() + 20);
        let mut n: u64 = 0;
        for &c in old.iter().rev() {
            n += u64::from(c - b'0') << k;
            out.push((n % 10) as u8 + b'0');
            n /= 10;
        }
        while n > 0 {
            out.push((n % 10) as u8 + b'0');
            n /= 10;
        }
        out.reverse();
        self.dp += (out.len() - old.len()) as i32;
        if out.len() > MAX_DIGITS {
            if out[MAX_DIGITS..].iter().any(|&c| c != b'0') {
                self.trunc = true;
            }
            out.truncate(MAX_DIGITS);
        }
        self.d = out;
        self.trim();
    }

    /// Whether rounding to `nd` digits goes up (ties to even, unless digits were dropped).
    fn should_round_up(&self, nd: usize) -> bool {
        if nd >= self.d.len() {
            return false;
        }
        if self.d[nd] == b'5' && nd + 1 == self.d.len() {
            if self.trunc {
                return true;
            }
            return nd > 0 && (self.d[nd - 1] - b'0') % 2 == 1;
        }
        self.d[nd] >= b'5'
    }

    /// Rounds to `nd` significant digits (nothing when `nd` is negative or not smaller).
    pub(super) fn round(&mut self, nd: i32) {
        if nd < 0 || nd as usize >= self.d.len() {
            return;
        }
        let nd = nd as usize;
        if self.should_round_up(nd) {
            self.round_up(nd);
        } else {
            self.d.truncate(nd);
            self.trim();
        }
    }

    fn round_up(&mut self, nd: usize) {
        for i in (0..nd).rev() {
            if self.d[i] < b'9' {
                self.d[i] += 1;
                self.d.truncate(i + 1);
                return;
            }
        }
        self.d.clear();
        self.d.push(b'1');
        self.dp += 1;
    }

    /// The integer part, rounded (saturates when too large).
    pub(super) fn rounded_integer(&self) -> u64 {
        if self.dp > 20 {
            return u64::MAX;
        }
        let dp = self.dp.max(0) as usize;
        let mut n: u64 = 0;
        for i in 0..dp {
            let digit = self.d.get(i).map_or(0, |&c| u64::from(c - b'0'));
            n = n.wrapping_mul(10).wrapping_add(digit);
        }
        if self.should_round_up(dp) {
            n = n.wrapping_add(1);
        }
        n
    }
}
