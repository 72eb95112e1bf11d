//! UTF-8 decoding with Go's rules: each byte of an invalid sequence decodes alone as U+FFFD.

/// U+FFFD, what invalid UTF-8 and invalid runes become.
pub const RUNE_ERROR: i32 = 0xfffd;

/// Go's `utf8.DecodeRune`: the first rune of `s` and its width; `(RUNE_ERROR, 1)` for an
/// invalid or truncated sequence, `(RUNE_ERROR, 0)` for empty input.
pub fn decode_rune(s: &[u8]) -> (i32, usize) {
    let Some(&b0) = s.first() else {
        return (RUNE_ERROR, 0);
    };
    if b0 < 0x80 {
        return (i32::from(b0), 1);
    }
    let (width, lo, hi, init) = match b0 {
        0xc2..=0xdf => (2, 0x80, 0xbf, u32::from(b0 & 0x1f)),
        0xe0 => (3, 0xa0, 0xbf, 0),
        0xe1..=0xec | 0xee..=0xef => (3, 0x80, 0xbf, u32::from(b0 & 0x0f)),
        0xed => (3, 0x80, 0x9f, 0x0d),
        0xf0 => (4, 0x90, 0xbf, 0),
        0xf1..=0xf3 => (4, 0x80, 0xbf, u32::from(b0 & 0x07)),
        0xf4 => (4, 0x80, 0x8f, 4),
        _ => return (RUNE_ERROR, 1),
    };
    // The second byte has a narrower range for the lead bytes that could encode overlong
    // forms, surrogates or values past U+10FFFF.
    if s.len() < width || !(lo..=hi).contains(&s[1]) {
        return (RUNE_ERROR, 1);
    }
    let mut r = (init << 6) | u32::from(s[1] & 0x3f);
    for &b in &s[2..width] {
        if !(0x80..=0xbf).contains(&b) {
            return (RUNE_ERROR, 1);
        }
        r = (r << 6) | u32::from(b & 0x3f);
    }
    (r as i32, width)
}

/// Go's `utf8.RuneCount`: runes in `s`, each byte of invalid UTF-8 counting as one.
pub fn rune_count(s: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < s.len() {
        i += decode_rune(&s[i..]).1;
        n += 1;
    }
    n
}

/// Go's `utf8.AppendRune`: the UTF-8 encoding of `r`, U+FFFD for invalid runes.
pub fn append_rune(dst: &mut Vec<u8>, r: i32) {
    let c = char::from_u32(r as u32).unwrap_or('\u{fffd}');
    dst.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}
