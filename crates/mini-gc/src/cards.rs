//! Card tables of large old objects: which parts of a big array may hold young references.
//!
//! An object too large for the nursery (over `MAX_SMALL_WORDS` words) whose shape holds
//! references is allocated with a card table in front of its header and carries the CARDED
//! header bit. Its payload is divided into cards of `CARD_WORDS` words; the precise write
//! barrier (`Heap::write_barrier_at`) marks the card of the slot it was told about, and a
//! minor collection scans only the marked cards of a remembered carded object instead of
//! the whole object. The imprecise barrier (`Heap::write_barrier`, which does not know the
//! slot) sets the ALL_DIRTY flag, and the next minor collection scans every card once.
//!
//! Layout of the allocation (each box one or more words):
//!
//! ```text
//! [card bytes, one per card, padded to whole words][meta][header][payload ...]
//!                                                          ^ the object's address
//! ```
//!
//! `meta` holds the number of cards, with ALL_DIRTY in bit 63. A card byte is 1 when the
//! card may hold a young reference, 0 when it holds none.

/// Payload words per card (128 bytes, two cache lines). Scanning a card costs mostly its
/// cache misses, so smaller cards help programs that store into scattered slots; the table
/// is then 1/128 of the object.
pub(crate) const CARD_WORDS: usize = 16;
/// In the meta word: every card must be scanned (an imprecise barrier ran).
const ALL_DIRTY: u64 = 1 << 63;

/// Cards covering `payload_words` words.
pub(crate) fn count(payload_words: usize) -> usize {
    payload_words.div_ceil(CARD_WORDS)
}

/// Words in front of the header for `cards` cards: the card bytes and the meta word.
pub(crate) fn prefix_words(cards: usize) -> usize {
    cards.div_ceil(8) + 1
}

/// True when a meta word describes the card table of an object of `payload_words` words.
pub(crate) fn count_matches(meta: u64, payload_words: usize) -> bool {
    (meta & !ALL_DIRTY) as usize == count(payload_words)
}

/// Writes an empty card table of `cards` cards in front of `obj`.
///
/// # Safety
/// The `prefix_words(cards)` words before `obj` must be memory the caller owns.
pub(crate) unsafe fn init(obj: *mut u64, cards: usize) {
    let prefix = prefix_words(cards);
    // SAFETY: the caller owns the prefix, whose last word is the meta word.
    unsafe {
        std::ptr::write_bytes(obj.sub(prefix), 0, prefix - 1);
        *obj.sub(1) = cards as u64;
    }
}

/// The card bytes of a carded object, padded to whole words (padding bytes stay 0).
///
/// # Safety
/// `obj` must be a live carded object, and no other reference to its card table may be
/// alive while the returned slice is.
unsafe fn table<'a>(obj: *mut u64) -> &'a mut [u64] {
    // SAFETY: a carded object's meta word is just before its header.
    let cards = (unsafe { *obj.sub(1) } & !ALL_DIRTY) as usize;
    let words = cards.div_ceil(8);
    // SAFETY: the card words lie just before the meta word (see `init`).
    unsafe { std::slice::from_raw_parts_mut(obj.sub(1 + words), words) }
}

/// Marks the card holding payload word `i`.
///
/// # Safety
/// `obj` must be a live carded object and `i` below its payload size.
#[inline]
pub(crate) unsafe fn mark(obj: *mut u64, i: usize) {
    // SAFETY: the caller guarantees a carded object; card `i / CARD_WORDS` exists because
    // `i` is in the payload.
    unsafe {
        let words = ((*obj.sub(1) & !ALL_DIRTY) as usize).div_ceil(8);
        let bytes = obj.sub(1 + words) as *mut u8;
        *bytes.add(i / CARD_WORDS) = 1;
    }
}

/// Asks the next minor collection to scan every card of `obj`.
///
/// # Safety
/// `obj` must be a live carded object.
pub(crate) unsafe fn mark_all(obj: *mut u64) {
    // SAFETY: a carded object's meta word is just before its header.
    unsafe { *obj.sub(1) |= ALL_DIRTY };
}

/// True when payload word `i` of `obj` lies in a marked card (or every card is to be
/// scanned).
///
/// # Safety
/// As for [`mark`].
pub(crate) unsafe fn covers(obj: *mut u64, i: usize) -> bool {
    // SAFETY: forwarded from the caller.
    let (meta, table) = unsafe { (*obj.sub(1), table(obj)) };
    let c = i / CARD_WORDS;
    meta & ALL_DIRTY != 0 || (table[c / 8] >> (8 * (c % 8))) & 0xFF != 0
}

/// Calls `scan(lo, hi)` for the payload word range of every marked card (every card when
/// ALL_DIRTY is set), after unmarking it; the card is marked again when `scan` returns
/// true (it still holds a young reference). Clears ALL_DIRTY. Returns true when some card
/// stays marked.
///
/// # Safety
/// `obj` must be a live carded object of `payload_words` payload words; `scan` must not
/// touch its card table.
pub(crate) unsafe fn scan_marked(
    obj: *mut u64,
    payload_words: usize,
    mut scan: impl FnMut(usize, usize) -> bool,
) -> bool {
    // SAFETY: forwarded from the caller.
    let meta = unsafe { &mut *obj.sub(1) };
    let all = *meta & ALL_DIRTY != 0;
    *meta &= !ALL_DIRTY;
    let cards = *meta as usize;
    // SAFETY: forwarded from the caller; `scan` leaves the table alone.
    let table = unsafe { table(obj) };
    let mut any = false;
    for (w, word) in table.iter_mut().enumerate() {
        if *word == 0 && !all {
            continue;
        }
        let mut bytes = word.to_ne_bytes();
        for (b, byte) in bytes.iter_mut().enumerate() {
            let c = w * 8 + b;
            if c >= cards || (*byte == 0 && !all) {
                continue;
            }
            let lo = c * CARD_WORDS;
            let young = scan(lo, (lo + CARD_WORDS).min(payload_words));
            *byte = u8::from(young);
            any |= young;
        }
        *word = u64::from_ne_bytes(bytes);
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A carded "object" of `payload` words in a local buffer: (buffer, object index).
    fn carded(payload: usize) -> (Vec<u64>, usize) {
        let cards = count(payload);
        let prefix = prefix_words(cards);
        let mut buf = vec![u64::MAX; prefix + 1 + payload];
        // SAFETY: the buffer holds the prefix before index `prefix`.
        unsafe { init(buf.as_mut_ptr().add(prefix), cards) };
        (buf, prefix)
    }

    #[test]
    fn marked_cards_are_scanned_once_unless_still_young() {
        let (mut buf, at) = carded(20 * CARD_WORDS + 3);
        let obj = buf.as_mut_ptr().wrapping_add(at);
        // SAFETY: `obj` is the object in `buf`, with a card table in front.
        unsafe {
            mark(obj, 5);
            mark(obj, 9 * CARD_WORDS + 1);
            mark(obj, 20 * CARD_WORDS + 2);
            assert!(covers(obj, 0) && !covers(obj, CARD_WORDS));
            let mut seen = Vec::new();
            let any = scan_marked(obj, 20 * CARD_WORDS + 3, |lo, hi| {
                seen.push((lo, hi));
                lo == 9 * CARD_WORDS
            });
            assert!(any);
            let last = 20 * CARD_WORDS;
            assert_eq!(
                seen,
                vec![
                    (0, CARD_WORDS),
                    (9 * CARD_WORDS, 10 * CARD_WORDS),
                    (last, last + 3)
                ]
            );
            assert!(!covers(obj, 0) && covers(obj, 9 * CARD_WORDS));
            mark_all(obj);
            let mut n = 0;
            assert!(!scan_marked(obj, 20 * CARD_WORDS + 3, |_, _| {
                n += 1;
                false
            }));
            assert_eq!(n, 21);
            assert!(!covers(obj, 9 * CARD_WORDS));
        }
        assert_eq!(buf[at + 1], u64::MAX, "the header is untouched");
    }
}
