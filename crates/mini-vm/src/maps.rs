//! Maps: open-addressing hash tables stored in the GC heap (no outside storage), keyed by
//! Go's equality (`-0 == +0`, NaN never equal, strings by bytes).
//!
//! A map value is one register: a reference to a header object
//! `[entries, count, used, k, ctrl]` (`used` counts live and deleted entries, `k` is the map
//! shape). The entries array holds `[state, key…, value…]` per entry; state 0 is empty, 1
//! deleted, anything else is a live entry's hash (with bit 1 set). `ctrl` is a byte object
//! with one control byte per entry: 0 empty, 1 deleted, or a live entry's tag (seven more
//! bits of its hash, see `tag_of`). A search walks the control bytes, a small array that
//! stays in cache, and reads an entry only when its tag matches, so a missing key usually
//! costs no read of the large entries array. Capacities are powers of two, grown at 7/8
//! full (runs of probed slots stay short while they are read as bytes).
//!
//! Maps keyed by strings store a short key (up to seven bytes) in the state itself (see
//! `string_state`), so finding one reads neither the entry's key nor its bytes.

use std::sync::Arc;

use mini_bytecode::{KeyPart, TypeKind};
use mini_gc::{GcRef, ShapeId};
use smallvec::SmallVec;

use crate::error::VmError;
use crate::vm::Vm;

/// A registered map shape.
#[derive(Clone, Debug)]
pub(crate) struct MapInfo {
    pub entries: ShapeId,
    pub key_words: usize,
    pub value_words: usize,
    /// Shared, so that an operation holding the map's description costs no allocation.
    pub key_parts: Arc<[KeyPart]>,
    /// The key is one string (`key_parts` is `[String, Skip]`).
    pub string_key: bool,
    /// The key holds an interface, whose dynamic value may not be hashable.
    pub iface_key: bool,
    /// Equal keys can be told apart (floats' `-0` and `+0`, possibly inside an interface),
    /// so storing under a present key writes the new key, as Go does.
    pub rewrite_key: bool,
}

/// A key's or an entry's words, on the Rust stack for every key of up to eight words.
type Words = SmallVec<[u64; 8]>;

/// Where `find` looked for a key: the entries array and its layout, the key's hash, and the
/// slot holding the key (`Ok`) or where it would go (`Err`).
#[derive(Clone, Copy)]
struct Probe {
    entries: u64,
    ctrl: u64,
    tag: u8,
    ew: usize,
    key_words: usize,
    hash: u64,
    found: Result<usize, usize>,
}

impl MapInfo {
    /// The description of a map whose entries have shape `entries`.
    pub(crate) fn new(
        entries: ShapeId,
        key_words: usize,
        value_words: usize,
        key_parts: &[KeyPart],
    ) -> MapInfo {
        MapInfo {
            entries,
            key_words,
            value_words,
            key_parts: key_parts.into(),
            string_key: key_parts == [KeyPart::String, KeyPart::Skip],
            iface_key: key_parts.contains(&KeyPart::Iface),
            rewrite_key: key_parts
                .iter()
                .any(|p| matches!(p, KeyPart::Float | KeyPart::Iface)),
        }
    }

    fn entry_words(&self) -> usize {
        1 + self.key_words + self.value_words
    }
}

const EMPTY: u64 = 0;
const DELETED: u64 = 1;
const MIN_CAPACITY: usize = 8;
/// Set in the state of an entry whose string key is held in the state (see `string_state`).
const SHORT: u64 = 1 << 63;

fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Mixes a string's bytes into `h` eight at a time (equal strings hash equally).
fn mix_bytes(h: u64, bytes: &[u8]) -> u64 {
    let mut h = mix(h, 0x5f ^ bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(word));
    }
    mix(h, short_word(chunks.remainder()))
}

/// The bytes of a slice of at most seven bytes as a little-endian word, zero above them:
/// loaded in at most three reads (copying them into a buffer would call `memcpy` and then
/// read the buffer back before the copy's stores have landed).
fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let mut v = 0;
    let mut at = 0;
    if n & 4 != 0 {
        v = u64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
        at = 4;
    }
    if n & 2 != 0 {
        v |= u64::from(u16::from_le_bytes([bytes[at], bytes[at + 1]])) << (8 * at);
        at += 2;
    }
    if n & 1 != 0 {
        v |= u64::from(bytes[at]) << (8 * at);
    }
    v
}

/// Mixes all 64 bits of `v` into every bit of the result (MurmurHash3's finaliser).
fn spread(v: u64) -> u64 {
    let h = (v ^ (v >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The state of a live entry whose key is the string `bytes`, and the hash its probe
/// starts from.
///
/// A string of up to seven bytes is its own state: the bytes in bits 2..58, the length in
/// bits 58..61, bit 1 set (live) and `SHORT`; two such states are equal exactly when the
/// strings are, so finding the key compares states only, and the probe starts from the
/// state's bits spread over the word. A longer string's state is its hash without `SHORT`
/// (equal states still need the bytes compared).
fn string_state(bytes: &[u8]) -> (u64, u64) {
    if bytes.len() <= 7 {
        let v = short_word(bytes) | (bytes.len() as u64) << 56;
        let state = SHORT | v << 2 | 2;
        return (state, spread(state));
    }
    let h = mix_bytes(0xcbf2_9ce4_8422_2325, bytes);
    let h = h ^ (h >> 32);
    ((h | 2) & !SHORT, h >> 2)
}

/// A live entry's control byte: seven bits of the probe's hash (bits the slot does not use)
/// with the top bit set, so never `EMPTY` or `DELETED`.
fn tag_of(home: u64) -> u8 {
    0x80 | (home >> 40) as u8 & 0x7f
}

impl Vm {
    fn map_info(&self, k: usize) -> &MapInfo {
        &self.maps[k]
    }

    /// Reads word `i` of object `obj`.
    fn word(&self, obj: u64, i: usize) -> u64 {
        // SAFETY: map headers and entry arrays come from current registers or from a map
        // header's first word, and every index used is within the object (entries are
        // addressed below the capacity recorded by the array's length).
        unsafe { self.heap.load(GcRef::from_bits(obj), i) }
    }

    fn set_word(&mut self, obj: u64, i: usize, v: u64) {
        // SAFETY: as in `word`; every word stored may be a reference, so it goes through the
        // write barrier (scalars never look young, or only cost a remembered entry).
        unsafe {
            self.heap.store(GcRef::from_bits(obj), i, v);
            self.heap.write_barrier_at(GcRef::from_bits(obj), i, v);
        }
    }

    /// `a = make(map, k)`.
    pub(crate) fn make_map(&mut self, a: usize, k: u16) -> Result<(), VmError> {
        self.stack[a] = self.new_map(k)?;
        Ok(())
    }

    /// A new empty map of shape `k`; the reference is valid until the next safepoint.
    pub(crate) fn new_map(&mut self, k: u16) -> Result<u64, VmError> {
        let info = self.map_info(k as usize).clone();
        let entries = self
            .heap
            .alloc_array(info.entries, MIN_CAPACITY)
            .map_err(VmError::from)?
            .to_bits();
        let ctrl = self
            .heap
            .alloc_array(self.shapes.string, MIN_CAPACITY)
            .map_err(VmError::from)?;
        let header = self
            .heap
            .alloc(self.shapes.map_header)
            .map_err(VmError::from)?;
        // SAFETY: `header` was just allocated with five payload words; `entries` and `ctrl`
        // too (no safepoint since), so the references are current.
        unsafe {
            self.heap.store_ref(header, 0, GcRef::from_bits(entries));
            self.heap.store(header, 3, k as u64);
            self.heap.store_ref(header, 4, ctrl);
        }
        Ok(header.to_bits())
    }

    /// The hash of the key at registers `key..`.
    fn key_hash(&self, info: &MapInfo, key: &[u64]) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325;
        for (i, part) in info.key_parts.iter().enumerate() {
            h = match part {
                KeyPart::Word => mix(h, key[i]),
                KeyPart::Float => {
                    let f = f64::from_bits(key[i]);
                    mix(h, if f == 0.0 { 0 } else { key[i] })
                }
                KeyPart::String => mix_bytes(h, self.str_bytes(key[i], key[i + 1])),
                KeyPart::Skip => h,
                KeyPart::Iface => mix(h, self.iface_hash(key[i], key[i + 1])),
            };
        }
        // The slot comes from the low bits, which a multiplication only fills from the low
        // bits of its input: fold the high half in.
        (h ^ (h >> 32)) | 2
    }

    /// A hash of an interface's dynamic type and value, consistent with `iface_equal`.
    fn iface_hash(&self, tword: u64, data: u64) -> u64 {
        if tword == 0 {
            return 0;
        }
        let t = crate::ifaces::type_index(tword);
        self.value_hash(mix(0x1f, tword), t, &self.iface_words(tword, data))
    }

    /// Hashes a value of runtime type `t` held in `words`.
    fn value_hash(&self, h: u64, t: usize, words: &[u64]) -> u64 {
        match &self.program.types[t].kind {
            TypeKind::Float { .. } => {
                let f = f64::from_bits(words[0]);
                mix(h, if f == 0.0 { 0 } else { words[0] })
            }
            TypeKind::String => mix_bytes(h, self.str_bytes(words[0], words[1])),
            TypeKind::Interface { .. } => mix(h, self.iface_hash(words[0], words[1])),
            TypeKind::Struct { fields } => {
                let mut at = 0;
                fields.iter().fold(h, |h, (_, ft)| {
                    let n = self.program.types[*ft as usize].slots.len();
                    at += n;
                    self.value_hash(h, *ft as usize, &words[at - n..at])
                })
            }
            TypeKind::Array { elem, len } => {
                let n = self.program.types[*elem as usize].slots.len();
                (0..*len as usize).fold(h, |h, i| {
                    self.value_hash(h, *elem as usize, &words[i * n..(i + 1) * n])
                })
            }
            _ => words.iter().fold(h, |h, w| mix(h, *w)),
        }
    }

    /// Go's panic for a key whose interface parts hold values of an uncomparable type.
    #[inline]
    fn check_hashable(&self, info: &MapInfo, key: &[u64]) -> Result<(), VmError> {
        if info.iface_key {
            self.check_iface_parts(info, key)
        } else {
            Ok(())
        }
    }

    fn check_iface_parts(&self, info: &MapInfo, key: &[u64]) -> Result<(), VmError> {
        for (i, part) in info.key_parts.iter().enumerate() {
            if *part != KeyPart::Iface {
                continue;
            }
            if let Some(name) = self.unhashable(key[i], key[i + 1]) {
                return Err(self.panic(format!("runtime error: hash of unhashable type {name}")));
            }
        }
        Ok(())
    }

    /// The name of the first uncomparable type inside an interface's value, if any.
    fn unhashable(&self, tword: u64, data: u64) -> Option<String> {
        if tword == 0 {
            return None;
        }
        let t = crate::ifaces::type_index(tword);
        self.unhashable_value(t, &self.iface_words(tword, data))
    }

    fn unhashable_value(&self, t: usize, words: &[u64]) -> Option<String> {
        let rt = &self.program.types[t];
        match &rt.kind {
            TypeKind::Slice { .. } | TypeKind::Map { .. } | TypeKind::Func => Some(rt.name.clone()),
            TypeKind::Interface { .. } => self.unhashable(words[0], words[1]),
            TypeKind::Struct { fields } => {
                let mut at = 0;
                fields.iter().find_map(|(_, ft)| {
                    let n = self.program.types[*ft as usize].slots.len();
                    at += n;
                    self.unhashable_value(*ft as usize, &words[at - n..at])
                })
            }
            TypeKind::Array { elem, len } => {
                let n = self.program.types[*elem as usize].slots.len();
                (0..*len as usize)
                    .find_map(|i| self.unhashable_value(*elem as usize, &words[i * n..(i + 1) * n]))
            }
            _ => None,
        }
    }

    fn keys_equal(&self, info: &MapInfo, a: &[u64], b: &[u64]) -> bool {
        info.key_parts
            .iter()
            .enumerate()
            .all(|(i, part)| match part {
                KeyPart::Word => a[i] == b[i],
                KeyPart::Float => f64::from_bits(a[i]) == f64::from_bits(b[i]),
                KeyPart::String => self.str_bytes(a[i], a[i + 1]) == self.str_bytes(b[i], b[i + 1]),
                KeyPart::Skip => true,
                KeyPart::Iface => self
                    .iface_equal((a[i], a[i + 1]), (b[i], b[i + 1]))
                    .unwrap_or(false),
            })
    }

    fn entry_key(&self, entries: u64, info: &MapInfo, slot: usize) -> Words {
        let at = slot * info.entry_words() + 1;
        (0..info.key_words)
            .map(|i| self.word(entries, at + i))
            .collect()
    }

    /// Finds `key` in the map `header`: the slot holding it, or where it would go.
    fn find(&self, header: u64, key: &[u64]) -> Probe {
        let info = self.map_info(self.word(header, 3) as usize);
        let entries = self.word(header, 0);
        let ctrl = self.word(header, 4);
        let ew = info.entry_words();
        let (hash, home, found) = if info.string_key {
            let bytes = self.str_bytes(key[0], key[1]);
            let (state, home) = string_state(bytes);
            let found = self.probe(entries, ctrl, ew, state, home, |slot| {
                state & SHORT != 0
                    || self.str_bytes(
                        self.word(entries, slot * ew + 1),
                        self.word(entries, slot * ew + 2),
                    ) == bytes
            });
            (state, home, found)
        } else {
            let hash = self.key_hash(info, key);
            let found = self.probe(entries, ctrl, ew, hash, hash >> 2, |slot| {
                self.keys_equal(info, &self.entry_key(entries, info, slot), key)
            });
            (hash, hash >> 2, found)
        };
        Probe {
            entries,
            ctrl,
            tag: tag_of(home),
            ew,
            key_words: info.key_words,
            hash,
            found,
        }
    }

    /// Linear probing from `home` over the control bytes `ctrl` for a live entry of state
    /// `state` in `entries` (entries of `ew` words) whose key `same_key` accepts: its slot,
    /// or the slot a new entry takes. Only entries whose tag matches are read.
    fn probe(
        &self,
        entries: u64,
        ctrl: u64,
        ew: usize,
        state: u64,
        home: u64,
        same_key: impl Fn(usize) -> bool,
    ) -> Result<usize, usize> {
        // SAFETY: `ctrl` is the header's current control bytes.
        let tags = unsafe { self.heap.bytes(GcRef::from_bits(ctrl)) };
        let cap = tags.len();
        let tag = tag_of(home);
        let mut slot = home as usize & (cap - 1);
        let mut free = None;
        for _ in 0..cap {
            let t = tags[slot];
            if t == EMPTY as u8 {
                return Err(free.unwrap_or(slot));
            }
            if t == DELETED as u8 {
                free.get_or_insert(slot);
            } else if t == tag && self.word(entries, slot * ew) == state && same_key(slot) {
                return Ok(slot);
            }
            slot = (slot + 1) & (cap - 1);
        }
        Err(free.unwrap_or(0))
    }

    /// `a.. = m[key]` plus the found flag after the value; `c` holds the map shape (for a nil
    /// map, which reads as the zero value) and the key follows it.
    pub(crate) fn map_get(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let header = self.stack[b];
        let k = self.stack[c] as usize;
        let (vw, kw) = (self.maps[k].value_words, self.maps[k].key_words);
        let key = &self.stack[c + 1..c + 1 + kw];
        self.check_hashable(&self.maps[k], key)?;
        if header == 0 {
            self.stack[a..a + vw + 1].fill(0);
            return Ok(());
        }
        let p = self.find(header, key);
        match p.found {
            Ok(slot) => {
                let at = slot * p.ew + 1 + p.key_words;
                for i in 0..vw {
                    self.stack[a + i] = self.word(p.entries, at + i);
                }
                self.stack[a + vw] = 1;
            }
            Err(_) => {
                self.stack[a..a + vw + 1].fill(0);
            }
        }
        Ok(())
    }

    /// `m[key] = value`.
    pub(crate) fn map_set(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let header = self.stack[a];
        if header == 0 {
            return Err(self.panic("assignment to entry in nil map"));
        }
        let k = self.word(header, 3) as usize;
        let (kw, vw) = (self.maps[k].key_words, self.maps[k].value_words);
        let key = Words::from_slice(&self.stack[b..b + kw]);
        let value = Words::from_slice(&self.stack[c..c + vw]);
        self.check_hashable(&self.maps[k], &key)?;
        self.insert(header, &key, &value)
    }

    /// Stores `value` under `key` (their words) in the map `header`.
    pub(crate) fn insert(
        &mut self,
        header: u64,
        key: &[u64],
        value: &[u64],
    ) -> Result<(), VmError> {
        let Probe {
            entries,
            ctrl,
            tag,
            ew,
            key_words,
            hash,
            found,
        } = self.find(header, key);
        let rewrite_key = self.map_info(self.word(header, 3) as usize).rewrite_key;
        let (slot, added) = match found {
            Ok(slot) => (slot, false),
            Err(slot) => {
                let state = self.word(entries, slot * ew);
                self.set_word(entries, slot * ew, hash);
                self.set_tag(ctrl, slot, tag);
                let count = self.word(header, 1) + 1;
                self.set_word(header, 1, count);
                if state == EMPTY {
                    let used = self.word(header, 2) + 1;
                    self.set_word(header, 2, used);
                }
                (slot, true)
            }
        };
        // Go stores the new key even when an equal one is present, which only shows where
        // equal keys can be told apart (`-0` replaces `+0`); other keys keep the stored one.
        if added || rewrite_key {
            for (i, w) in key.iter().enumerate() {
                self.set_word(entries, slot * ew + 1 + i, *w);
            }
        }
        for (i, w) in value.iter().enumerate() {
            self.set_word(entries, slot * ew + 1 + key_words + i, *w);
        }
        if added {
            self.grow_if_full(header)?;
        }
        Ok(())
    }

    /// Rehashes into an array twice as large once 7/8 of the slots are used.
    fn grow_if_full(&mut self, header: u64) -> Result<(), VmError> {
        let entries = self.word(header, 0);
        // SAFETY: the header's current entries array.
        let cap = unsafe { self.heap.len(GcRef::from_bits(entries)) };
        let used = self.word(header, 2) as usize;
        if used * 8 < cap * 7 {
            return Ok(());
        }
        let info = self.map_info(self.word(header, 3) as usize).clone();
        let count = self.word(header, 1) as usize;
        let new_cap = if count * 2 >= cap { cap * 2 } else { cap };
        let fresh = self
            .heap
            .alloc_array(info.entries, new_cap)
            .map_err(VmError::from)?
            .to_bits();
        let tags = self
            .heap
            .alloc_array(self.shapes.string, new_cap)
            .map_err(VmError::from)?
            .to_bits();
        let ew = info.entry_words();
        self.set_word(header, 0, fresh);
        self.set_word(header, 4, tags);
        self.set_word(header, 1, 0);
        self.set_word(header, 2, 0);
        for slot in 0..cap {
            if self.word(entries, slot * ew) < 2 {
                continue;
            }
            let words = self.entry_words(entries, slot, ew);
            let (key, value) = words.split_at(info.key_words);
            self.insert(header, key, value)?;
        }
        Ok(())
    }

    /// `delete(m, key)`.
    pub(crate) fn map_delete(&mut self, a: usize, b: usize) {
        let header = self.stack[a];
        if header == 0 {
            return;
        }
        let kw = self.map_info(self.word(header, 3) as usize).key_words;
        let key = Words::from_slice(&self.stack[b..b + kw]);
        let Probe {
            entries,
            ctrl,
            ew,
            found,
            ..
        } = self.find(header, &key);
        let Ok(slot) = found else { return };
        self.set_word(entries, slot * ew, DELETED);
        self.set_tag(ctrl, slot, DELETED as u8);
        for i in 1..ew {
            self.set_word(entries, slot * ew + i, 0);
        }
        let count = self.word(header, 1) - 1;
        self.set_word(header, 1, count);
    }

    /// `clear(m)`: every entry becomes empty (the capacity stays).
    pub(crate) fn map_clear(&mut self, a: usize) {
        let header = self.stack[a];
        if header == 0 {
            return;
        }
        let entries = self.word(header, 0);
        // SAFETY: the header's current entries array.
        let words = unsafe { self.heap.len(GcRef::from_bits(entries)) }
            * self.map_info(self.word(header, 3) as usize).entry_words();
        for i in 0..words {
            self.set_word(entries, i, EMPTY);
        }
        let ctrl = self.word(header, 4);
        // SAFETY: the header's current control bytes.
        unsafe { self.heap.bytes_mut(GcRef::from_bits(ctrl)) }.fill(EMPTY as u8);
        self.set_word(header, 1, 0);
        self.set_word(header, 2, 0);
    }

    fn set_tag(&mut self, ctrl: u64, slot: usize, tag: u8) {
        // SAFETY: the header's current control bytes, which have one byte per slot.
        unsafe { self.heap.bytes_mut(GcRef::from_bits(ctrl))[slot] = tag };
    }

    pub(crate) fn map_len(&self, b: usize) -> u64 {
        let header = self.stack[b];
        if header == 0 {
            return 0;
        }
        self.word(header, 1)
    }

    /// The next entry from the cursor in `c`: `a = 1`, key and value after it; `a = 0` when
    /// there are no more.
    ///
    /// The loop walks the entries array the map had at its first step (kept in `c + 1`, a
    /// reference register, so it stays alive). If the map grew meanwhile, its entries moved:
    /// each entry of the old array is then looked up in the current one, and produced with
    /// its current value if it is still there, as Go's iterator does for a grown map. An
    /// entry whose key is not equal to itself (a NaN) cannot be looked up, and is produced
    /// from the old array. Entries added after the growth are not produced (Go allows both).
    pub(crate) fn map_next(&mut self, a: usize, b: usize, c: usize) {
        let header = self.stack[b];
        self.stack[a] = 0;
        if header == 0 {
            return;
        }
        let info = self.map_info(self.word(header, 3) as usize).clone();
        let current = self.word(header, 0);
        if self.stack[c + 1] == 0 {
            self.stack[c + 1] = current;
        }
        let entries = self.stack[c + 1];
        // SAFETY: an entries array of this map, kept alive by register `c + 1`.
        let cap = unsafe { self.heap.len(GcRef::from_bits(entries)) };
        let ew = info.entry_words();
        let mut slot = self.stack[c] as usize;
        while slot < cap {
            let at = slot * ew;
            slot += 1;
            if self.word(entries, at) < 2 {
                continue;
            }
            let words = self.entry_words(entries, slot - 1, ew);
            let entry = if entries == current {
                Some(words)
            } else {
                self.entry_now(header, &info, words)
            };
            if let Some(words) = entry {
                self.stack[a] = 1;
                self.stack[a + 1..a + ew].copy_from_slice(&words);
                self.stack[c] = slot as u64;
                return;
            }
        }
        self.stack[c] = slot as u64;
    }

    /// The key and value words of the entry of a grown map whose key and value were `words`
    /// in its old entries array: the current ones, or `None` if the key was deleted.
    fn entry_now(&self, header: u64, info: &MapInfo, words: Words) -> Option<Words> {
        let key = &words[..info.key_words];
        if !self.keys_equal(info, key, key) {
            return Some(words);
        }
        let probe = self.find(header, key);
        Some(self.entry_words(probe.entries, probe.found.ok()?, probe.ew))
    }

    /// The key and value words of the entry in `slot` of `entries` (entries of `ew` words).
    fn entry_words(&self, entries: u64, slot: usize, ew: usize) -> Words {
        (1..ew).map(|i| self.word(entries, slot * ew + i)).collect()
    }

    /// The entries of a map as (key words, value words), for printing.
    pub(crate) fn map_entries(&self, header: u64) -> Vec<(Vec<u64>, Vec<u64>)> {
        if header == 0 {
            return Vec::new();
        }
        let info = self.map_info(self.word(header, 3) as usize).clone();
        let entries = self.word(header, 0);
        // SAFETY: the header's current entries array.
        let cap = unsafe { self.heap.len(GcRef::from_bits(entries)) };
        let ew = info.entry_words();
        (0..cap)
            .filter(|s| self.word(entries, s * ew) >= 2)
            .map(|s| {
                let words = self.entry_words(entries, s, ew);
                let (key, value) = words.split_at(info.key_words);
                (key.to_vec(), value.to_vec())
            })
            .collect()
    }
}
