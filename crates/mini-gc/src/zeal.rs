//! `MINI_GCZEAL`: torture modes that collect far more often than pacing would, and verify.
//!
//! Syntax: modes separated by commas, combined freely.
//!
//! | mode             | effect                                                            |
//! |------------------|-------------------------------------------------------------------|
//! | `minor`          | a minor collection at every safepoint                             |
//! | `full:N`         | a major collection at the first safepoint after every N allocations |
//! | `random:N,SEED`  | a collection (minor, or major one time in four) after a random number of allocations, N on average, from a seeded generator |
//! | `verify`         | verify the whole heap before and after every collection           |
//! | `nursery:BYTES`  | eden of BYTES bytes (suffix `k`/`K` or `m`/`M` allowed)           |
//!
//! For example `MINI_GCZEAL=minor,verify` or `MINI_GCZEAL=random:50,7,verify,nursery:4k`.

use std::fmt;

/// Parsed `MINI_GCZEAL` settings. The default is no zeal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zeal {
    /// Minor collection at every safepoint.
    pub minor: bool,
    /// Major collection every N allocations.
    pub full_every: Option<u64>,
    /// Random collections: (mean allocations between them, seed).
    pub random: Option<(u64, u64)>,
    /// Verify the heap before and after every collection.
    pub verify: bool,
    /// Eden size override.
    pub nursery_bytes: Option<usize>,
}

/// A malformed `MINI_GCZEAL` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZealError(pub String);

impl fmt::Display for ZealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid MINI_GCZEAL: {}", self.0)
    }
}

impl std::error::Error for ZealError {}

impl Zeal {
    /// Reads `MINI_GCZEAL`; unset or empty means no zeal.
    pub fn from_env() -> Result<Zeal, ZealError> {
        match std::env::var("MINI_GCZEAL") {
            Ok(v) => Zeal::parse(&v),
            Err(_) => Ok(Zeal::default()),
        }
    }

    /// Parses a `MINI_GCZEAL` value (see the module docs for the syntax).
    pub fn parse(spec: &str) -> Result<Zeal, ZealError> {
        let mut z = Zeal::default();
        let mut parts = spec
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .peekable();
        while let Some(part) = parts.next() {
            let (name, arg) = match part.split_once(':') {
                Some((n, a)) => (n, Some(a)),
                None => (part, None),
            };
            match (name, arg) {
                ("minor", None) => z.minor = true,
                ("verify", None) => z.verify = true,
                ("full", Some(n)) => z.full_every = Some(positive(n, part)?),
                ("random", Some(n)) => {
                    let n = positive(n, part)?;
                    let seed = match parts.peek().and_then(|s| s.parse::<u64>().ok()) {
                        Some(seed) => {
                            parts.next();
                            seed
                        }
                        None => return Err(ZealError(format!("{part}: expected random:N,SEED"))),
                    };
                    z.random = Some((n, seed));
                }
                ("nursery", Some(b)) => z.nursery_bytes = Some(bytes(b, part)?),
                _ => return Err(ZealError(format!("unknown mode {part:?}"))),
            }
        }
        Ok(z)
    }

    /// True when any mode that triggers collections or checks is on.
    pub fn is_active(&self) -> bool {
        self.minor || self.full_every.is_some() || self.random.is_some() || self.verify
    }
}

impl std::str::FromStr for Zeal {
    type Err = ZealError;
    fn from_str(s: &str) -> Result<Zeal, ZealError> {
        Zeal::parse(s)
    }
}

fn positive(s: &str, part: &str) -> Result<u64, ZealError> {
    match s.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ZealError(format!("{part}: expected a positive count"))),
    }
}

fn bytes(s: &str, part: &str) -> Result<usize, ZealError> {
    let (num, mul) = match s.as_bytes().last() {
        Some(b'k' | b'K') => (&s[..s.len() - 1], 1 << 10),
        Some(b'm' | b'M') => (&s[..s.len() - 1], 1 << 20),
        _ => (s, 1),
    };
    num.parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(mul))
        .filter(|&n| n > 0)
        .ok_or_else(|| ZealError(format!("{part}: expected a byte count")))
}

/// SplitMix64: a tiny deterministic generator for `random:N,SEED`.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), close enough for scheduling.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_combined_modes() {
        let z = Zeal::parse("minor,verify,full:100,random:50,7,nursery:4k").unwrap();
        assert!(z.minor && z.verify);
        assert_eq!(z.full_every, Some(100));
        assert_eq!(z.random, Some((50, 7)));
        assert_eq!(z.nursery_bytes, Some(4096));
        assert!(z.is_active());
        assert_eq!(Zeal::parse("").unwrap(), Zeal::default());
        assert_eq!(
            Zeal::parse("nursery:2M").unwrap().nursery_bytes,
            Some(2 << 20)
        );
    }

    #[test]
    fn rejects_malformed_modes() {
        for bad in [
            "major",
            "full",
            "full:0",
            "full:x",
            "random:5",
            "random:5,x",
            "nursery:",
            "minor:3",
        ] {
            assert!(Zeal::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn rng_is_deterministic() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        assert!((0..10).all(|_| a.next() == b.next()));
        assert!(Rng::new(1).below(10) < 10);
    }
}
