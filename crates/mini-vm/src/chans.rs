//! Channels and `select`.
//!
//! A channel is a heap object: its buffer (a backing array of the element's shape, so
//! buffered values are traced precisely), capacity, the buffer's head and count, whether it
//! is closed, its id and the element's size in slots. The goroutines waiting on it are kept
//! by the scheduler under its id; a waiting goroutine's value stays in its own registers
//! (a root like any register), and the goroutine that completes the operation copies the
//! value between the two register stacks directly.

use mini_gc::GcRef;

use crate::error::VmError;
use crate::sched::{Waiter, Wake};
use crate::slices::ArrayInfo;
use crate::vm::Vm;

/// Words of a channel object.
const BUF: usize = 0;
const CAP: usize = 1;
const HEAD: usize = 2;
const COUNT: usize = 3;
const CLOSED: usize = 4;
const ID: usize = 5;
const WORDS: usize = 6;

/// Go's limit on a channel's buffer (bytes).
const MAX_BUFFER_BYTES: i64 = 1 << 40;

/// One case of a `select`, decoded from its constant.
#[derive(Clone, Copy)]
struct Case {
    send: bool,
    chan: usize,
    value: usize,
    with_ok: bool,
}

impl Case {
    fn decode(word: u64, base: usize) -> Case {
        Case {
            send: word & 1 == 1,
            chan: base + ((word >> 8) & 0xff) as usize,
            value: base + ((word >> 16) & 0xff) as usize,
            with_ok: (word >> 24) & 1 == 1,
        }
    }
}

impl Vm {
    fn chan_word(&self, ch: u64, i: usize) -> u64 {
        // SAFETY: `ch` is a channel object from a current register, the scheduler's timers or
        // a heap word the collector keeps current, with no safepoint since it was read.
        unsafe { self.heap.load(GcRef::from_bits(ch), i) }
    }

    fn set_chan_word(&mut self, ch: u64, i: usize, v: u64) {
        // SAFETY: as for `chan_word`; only the scalar words are set here.
        unsafe { self.heap.store(GcRef::from_bits(ch), i, v) }
    }

    /// A new channel with a buffer of `cap` elements of `info`'s shape.
    pub(crate) fn new_chan(&mut self, cap: u64, info: ArrayInfo) -> Result<u64, VmError> {
        let buf = if cap > 0 && info.elem_words > 0 {
            self.alloc_array(info, cap as usize)?
        } else {
            0
        };
        let ch = self.heap.alloc(self.shapes.chan).map_err(VmError::from)?;
        let id = self.sched.next_chan;
        self.sched.next_chan += 1;
        let words = [buf, cap, 0, 0, 0, id, info.elem_words as u64];
        for (i, w) in words.into_iter().enumerate() {
            // SAFETY: `ch` was just allocated with these words and no safepoint ran since
            // `buf` was; the reference goes through the barrier.
            unsafe {
                if i == BUF {
                    self.heap.store_ref(ch, i, GcRef::from_bits(w));
                } else {
                    self.heap.store(ch, i, w);
                }
            }
        }
        Ok(ch.to_bits())
    }

    /// `a = make(chan T, b)` with T's array shape `k`.
    pub(crate) fn make_chan(&mut self, a: usize, b: usize, k: u8) -> Result<(), VmError> {
        let cap = self.stack[b] as i64;
        let info = self.arrays[k as usize];
        if cap < 0 || cap > MAX_BUFFER_BYTES / info.go_elem_size.max(1) as i64 {
            return Err(self.panic("makechan: size out of range"));
        }
        self.stack[a] = self.new_chan(cap as u64, info)?;
        Ok(())
    }

    pub(crate) fn chan_len(&self, ch: u64) -> u64 {
        if ch == 0 {
            0
        } else {
            self.chan_word(ch, COUNT)
        }
    }

    pub(crate) fn chan_cap(&self, ch: u64) -> u64 {
        if ch == 0 {
            0
        } else {
            self.chan_word(ch, CAP)
        }
    }

    /// Copies element `i` of the channel's buffer from `value`, with the barrier.
    fn buf_write(&mut self, ch: u64, i: usize, value: &[u64]) {
        let buf = GcRef::from_bits(self.chan_word(ch, BUF));
        for (k, &v) in value.iter().enumerate() {
            // SAFETY: `buf` is the channel's live buffer and element `i` is below its
            // capacity; every word goes through the barrier (scalars are never visited).
            unsafe {
                self.heap.store(buf, i * value.len() + k, v);
                self.heap.write_barrier_at(buf, i * value.len() + k, v);
            }
        }
    }

    /// Moves element `i` of the channel's buffer into registers `dst..` (clearing it, so the
    /// buffer keeps nothing alive).
    fn buf_take(&mut self, ch: u64, i: usize, dst: usize, n: usize) {
        let buf = GcRef::from_bits(self.chan_word(ch, BUF));
        for k in 0..n {
            // SAFETY: as for `buf_write`; storing zero needs no barrier.
            unsafe {
                self.stack[dst + k] = self.heap.load(buf, i * n + k);
                self.heap.store(buf, i * n + k, 0);
            }
        }
    }

    /// Hands `value` to a waiting receiver or puts it in the buffer; false if neither can
    /// take it now.
    fn try_send(&mut self, ch: u64, value: &[u64]) -> bool {
        let id = self.chan_word(ch, ID);
        if let Some(w) = self.sched.pop_waiter(id, false) {
            let rec = self.sched.g(w.g);
            rec.stack[w.slot..w.slot + value.len()].copy_from_slice(value);
            if let Some(ok) = w.ok {
                rec.stack[ok] = 1;
            }
            self.sched.wake(w.g, w.case.map_or(Wake::Done, Wake::Case));
            return true;
        }
        let (cap, count) = (self.chan_word(ch, CAP), self.chan_word(ch, COUNT));
        if count >= cap {
            return false;
        }
        let tail = (self.chan_word(ch, HEAD) + count) % cap;
        self.buf_write(ch, tail as usize, value);
        self.set_chan_word(ch, COUNT, count + 1);
        true
    }

    /// Receives into registers `dst..` (and the ok flag at `ok`) from the buffer, a waiting
    /// sender or a closed channel; false if nothing can be received now.
    fn try_recv(&mut self, ch: u64, dst: usize, ok: Option<usize>) -> bool {
        let (id, n) = (self.chan_word(ch, ID), self.chan_word(ch, WORDS) as usize);
        let count = self.chan_word(ch, COUNT);
        let got = if count > 0 {
            let (head, cap) = (self.chan_word(ch, HEAD), self.chan_word(ch, CAP));
            self.buf_take(ch, head as usize, dst, n);
            self.set_chan_word(ch, HEAD, (head + 1) % cap);
            self.set_chan_word(ch, COUNT, count - 1);
            if let Some(w) = self.sched.pop_waiter(id, true) {
                let value = self.waiter_value(w, n);
                self.try_send(ch, &value);
                self.sched.transit = value;
                self.sched.wake(w.g, w.case.map_or(Wake::Done, Wake::Case));
            }
            true
        } else if let Some(w) = self.sched.pop_waiter(id, true) {
            let rec = self.sched.g(w.g);
            self.stack[dst..dst + n].copy_from_slice(&rec.stack[w.slot..w.slot + n]);
            self.sched.wake(w.g, w.case.map_or(Wake::Done, Wake::Case));
            true
        } else if self.chan_word(ch, CLOSED) != 0 {
            self.stack[dst..dst + n].fill(0);
            if let Some(ok) = ok {
                self.stack[ok] = 0;
            }
            return true;
        } else {
            false
        };
        if let (true, Some(ok)) = (got, ok) {
            self.stack[ok] = 1;
        }
        got
    }

    /// The value a waiting sender holds in its registers, in the transit buffer (to be given
    /// back to `sched.transit` after use).
    fn waiter_value(&mut self, w: Waiter, n: usize) -> Vec<u64> {
        let mut v = std::mem::take(&mut self.sched.transit);
        v.clear();
        v.extend_from_slice(&self.sched.g(w.g).stack[w.slot..w.slot + n]);
        v
    }

    /// The `n`-slot value at registers `b..` (for sending), in the transit buffer.
    fn value_at(&mut self, b: usize, n: usize) -> Vec<u64> {
        let mut v = std::mem::take(&mut self.sched.transit);
        v.clear();
        v.extend_from_slice(&self.stack[b..b + n]);
        v
    }

    /// `a <- b..`. Returns false when the goroutine parked (the instruction runs again).
    pub(crate) fn chan_send(&mut self, a: usize, b: usize) -> Result<bool, VmError> {
        match self.take_wake() {
            Some(Wake::SendClosed) => return Err(self.panic("send on closed channel")),
            Some(_) => return Ok(true),
            None => {}
        }
        let ch = self.stack[a];
        if ch == 0 {
            return self.park("chan send (nil chan)");
        }
        if self.chan_word(ch, CLOSED) != 0 {
            return Err(self.panic("send on closed channel"));
        }
        let value = self.value_at(b, self.chan_word(ch, WORDS) as usize);
        let sent = self.try_send(ch, &value);
        self.sched.transit = value;
        if sent {
            return Ok(true);
        }
        let w = Waiter {
            g: self.sched.current,
            slot: b,
            ok: None,
            case: None,
        };
        self.sched.enqueue(self.chan_word(ch, ID), true, w);
        self.park("chan send")
    }

    /// `a.. = <-b` (with the ok flag after the value when `with_ok`). Returns false when the
    /// goroutine parked.
    pub(crate) fn chan_recv(&mut self, a: usize, b: usize, with_ok: bool) -> Result<bool, VmError> {
        if self.take_wake().is_some() {
            return Ok(true);
        }
        let ch = self.stack[b];
        if ch == 0 {
            return self.park("chan receive (nil chan)");
        }
        let n = self.chan_word(ch, WORDS) as usize;
        let ok = with_ok.then_some(a + n);
        if self.try_recv(ch, a, ok) {
            return Ok(true);
        }
        let w = Waiter {
            g: self.sched.current,
            slot: a,
            ok,
            case: None,
        };
        self.sched.enqueue(self.chan_word(ch, ID), false, w);
        self.park("chan receive")
    }

    /// `close(a)`: receivers get zero values, senders panic.
    pub(crate) fn chan_close(&mut self, a: usize) -> Result<(), VmError> {
        let ch = self.stack[a];
        if ch == 0 {
            return Err(self.panic("close of nil channel"));
        }
        if self.chan_word(ch, CLOSED) != 0 {
            return Err(self.panic("close of closed channel"));
        }
        self.set_chan_word(ch, CLOSED, 1);
        let (id, n) = (self.chan_word(ch, ID), self.chan_word(ch, WORDS) as usize);
        while let Some(w) = self.sched.pop_waiter(id, false) {
            let rec = self.sched.g(w.g);
            rec.stack[w.slot..w.slot + n].fill(0);
            if let Some(ok) = w.ok {
                rec.stack[ok] = 0;
            }
            self.sched.wake(w.g, w.case.map_or(Wake::Done, Wake::Case));
        }
        while let Some(w) = self.sched.pop_waiter(id, true) {
            self.sched.wake(w.g, Wake::SendClosed);
        }
        Ok(())
    }

    /// A timer's value for its channel: dropped if the buffer is full.
    pub(crate) fn chan_offer(&mut self, ch: u64, value: &[u64]) {
        self.try_send(ch, value);
    }

    /// `select`: the cases described by constants `k..`, registers relative to `base`; the
    /// chosen case's index goes to register `a`. Returns false when the goroutine parked.
    pub(crate) fn select(&mut self, a: usize, k: u16, base: usize) -> Result<bool, VmError> {
        let head = self.program.consts[k as usize];
        let (n, has_default) = ((head & 0xffff_ffff) as usize, (head >> 32) & 1 == 1);
        match self.take_wake() {
            Some(Wake::SendClosed) => return Err(self.panic("send on closed channel")),
            Some(Wake::Case(i)) => {
                self.stack[a] = i as u64;
                return Ok(true);
            }
            Some(Wake::Done) | None => {}
        }
        let cases: Vec<Case> = (0..n)
            .map(|i| Case::decode(self.program.consts[k as usize + 1 + i], base))
            .collect();
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.sched.random_below(i + 1);
            order.swap(i, j);
        }
        for &i in &order {
            if self.try_case(cases[i])? {
                self.stack[a] = i as u64;
                return Ok(true);
            }
        }
        if has_default {
            self.stack[a] = n as u64;
            return Ok(true);
        }
        if cases.iter().all(|c| self.stack[c.chan] == 0) {
            return self.park(if n == 0 {
                "select (no cases)"
            } else {
                "select"
            });
        }
        for (i, c) in cases.iter().enumerate() {
            self.enqueue_case(*c, i as u32);
        }
        self.park("select")
    }

    /// Runs a select case if it is ready.
    fn try_case(&mut self, c: Case) -> Result<bool, VmError> {
        let ch = self.stack[c.chan];
        if ch == 0 {
            return Ok(false);
        }
        let n = self.chan_word(ch, WORDS) as usize;
        if !c.send {
            return Ok(self.try_recv(ch, c.value, c.with_ok.then_some(c.value + n)));
        }
        if self.chan_word(ch, CLOSED) != 0 {
            return Err(self.panic("send on closed channel"));
        }
        let value = self.value_at(c.value, n);
        let sent = self.try_send(ch, &value);
        self.sched.transit = value;
        Ok(sent)
    }

    /// Queues the running goroutine on a select case's channel.
    fn enqueue_case(&mut self, c: Case, i: u32) {
        let ch = self.stack[c.chan];
        if ch == 0 {
            return;
        }
        let (id, n) = (self.chan_word(ch, ID), self.chan_word(ch, WORDS) as usize);
        let w = Waiter {
            g: self.sched.current,
            slot: c.value,
            ok: (!c.send && c.with_ok).then_some(c.value + n),
            case: Some(i),
        };
        self.sched.enqueue(id, c.send, w);
        self.sched.cur().select_chans.push(id);
    }
}
