//! Go's `strconv.FormatInt`, `FormatUint`, `AppendInt` and `AppendUint`.

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Go's `strconv.FormatInt(i, base)`, `base` in 2..=36.
pub fn format_int(i: i64, base: u32) -> String {
    let mut out = Vec::with_capacity(24);
    append_int(&mut out, i, base);
    String::from_utf8(out).expect("digits are ASCII")
}

/// Go's `strconv.FormatUint(i, base)`, `base` in 2..=36.
pub fn format_uint(i: u64, base: u32) -> String {
    let mut out = Vec::with_capacity(24);
    append_uint(&mut out, i, base);
    String::from_utf8(out).expect("digits are ASCII")
}

/// Go's `strconv.AppendInt`.
pub fn append_int(dst: &mut Vec<u8>, i: i64, base: u32) {
    if i < 0 {
        dst.push(b'-');
    }
    append_uint(dst, i.unsigned_abs(), base);
}

/// Go's `strconv.AppendUint`.
///
/// # Panics
/// If `base` is outside 2..=36, like Go.
pub fn append_uint(dst: &mut Vec<u8>, mut u: u64, base: u32) {
    assert!(
        (2..=36).contains(&base),
        "strconv: illegal AppendInt/FormatInt base"
    );
    let mut buf = [0u8; 64];
    let mut i = buf.len();
    let b = u64::from(base);
    loop {
        i -= 1;
        buf[i] = DIGITS[(u % b) as usize];
        u /= b;
        if u == 0 {
            break;
        }
    }
    dst.extend_from_slice(&buf[i..]);
}
