//! Goroutines and their cooperative scheduler, on the VM's one thread.
//!
//! The running goroutine's register stack, frames, deferred calls and panic live in the `Vm`'s
//! own fields, so the dispatch loop is the same as without goroutines; every other goroutine
//! keeps them in its `Goroutine` record, and a switch swaps the vectors (no copying). Between
//! two goroutines' turns (timers firing, choosing the next one) every goroutine's state is in
//! its record. A
//! goroutine stops running when it blocks (it is parked at the blocking instruction, which
//! runs again when it is woken and finds how it completed in `wake`), when it returns from
//! its function, or when its time slice of calls and backward jumps runs out.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::time::{Duration, Instant};

use crate::error::{GoroutineTrace, VmError};
use crate::vm::{Frame, Panicking, Vm};

/// Calls and backward jumps a goroutine runs before another runnable one gets a turn.
pub(crate) const TIME_SLICE: u64 = 10_000;

/// Go's goroutine id of the main goroutine.
const MAIN_ID: u64 = 1;

/// The memory a goroutine is counted for against the heap limit (its record and first stack
/// live outside the heap).
const GOROUTINE_BYTES: u64 = 1024;

/// Stacks kept from finished goroutines for new ones.
const STACK_POOL: usize = 64;

/// One goroutine. For the running one the vectors are empty: its state is in the `Vm`.
#[derive(Default)]
pub(crate) struct Goroutine {
    pub id: u64,
    pub stack: Vec<u64>,
    pub frames: Vec<Frame>,
    pub defers: Vec<(usize, u64)>,
    pub panicking: Option<Panicking>,
    /// Why it is parked (Go's status in goroutine traces).
    pub wait: &'static str,
    /// How the operation it was parked in completed, set by whoever woke it.
    pub wake: Option<Wake>,
    /// The channels (ids) a goroutine parked in a `select` waits on: waking it removes its
    /// other waiters from them.
    pub select_chans: Vec<u64>,
}

/// How a parked operation completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wake {
    /// It happened (a value was handed over or taken; a semaphore was acquired; time passed).
    Done,
    /// Select case `i` happened.
    Case(u32),
    /// The channel it was sending on was closed: the send panics.
    SendClosed,
}

/// A goroutine waiting in a channel's queue: where its value is (an absolute index into its
/// register stack: the sent value, or where the received value goes), where a receive's ok
/// flag goes, and the select case it stands for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Waiter {
    pub g: usize,
    pub slot: usize,
    pub ok: Option<usize>,
    pub case: Option<u32>,
}

/// The goroutines waiting on one channel (kept only while some are).
#[derive(Default)]
pub(crate) struct Queues {
    pub recv: VecDeque<Waiter>,
    pub send: VecDeque<Waiter>,
}

/// A semaphore of the `sync` package (by the id its Go code gives it).
#[derive(Default)]
struct Sema {
    count: u64,
    waiters: VecDeque<usize>,
}

/// A timer: wakes a sleeping goroutine, or sends the time on a channel (`time.After`,
/// `time.Tick`; the channel is a root).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timer {
    pub when: Instant,
    pub seq: u64,
    pub g: usize,
    pub chan: u64,
    pub period: Option<Duration>,
}

/// Hashes the scheduler's keys (channel and semaphore ids, handed out in sequence) as
/// themselves.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// The scheduler's state.
pub(crate) struct Sched {
    /// Goroutines by handle; `None` for free handles.
    pub gs: Vec<Option<Goroutine>>,
    free: Vec<usize>,
    pub current: usize,
    pub runq: VecDeque<usize>,
    pub timers: BinaryHeap<Reverse<Timer>>,
    timer_seq: u64,
    pub chans: IdMap<Queues>,
    /// Emptied queues kept for reuse (a channel's queues exist only while it has waiters).
    spare_queues: Vec<Queues>,
    semas: IdMap<Sema>,
    /// A value in transit between two register stacks.
    pub transit: Vec<u64>,
    next_id: u64,
    pub next_chan: u64,
    /// The running goroutine must stop at the current instruction (it blocked).
    pub parked: bool,
    /// The scheduler loop is running goroutines (only then may one park or be preempted).
    pub running: bool,
    /// Nonzero while deferred calls of a goroutine dying of a panic run (they may not park).
    pub nested: u32,
    stacks: Vec<Vec<u64>>,
    rng: u64,
}

impl Default for Sched {
    fn default() -> Sched {
        let main = Goroutine {
            id: MAIN_ID,
            ..Goroutine::default()
        };
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9e37_79b9, |d| d.as_nanos() as u64);
        Sched {
            gs: vec![Some(main)],
            free: Vec::new(),
            current: 0,
            runq: VecDeque::new(),
            timers: BinaryHeap::new(),
            timer_seq: 0,
            chans: IdMap::default(),
            spare_queues: Vec::new(),
            semas: IdMap::default(),
            transit: Vec::new(),
            next_id: MAIN_ID + 1,
            next_chan: 1,
            parked: false,
            running: false,
            nested: 0,
            stacks: Vec::new(),
            rng: seed | 1,
        }
    }
}

impl Sched {
    /// A pseudo-random number below `n` (xorshift; for `select`'s choice among ready cases).
    pub fn random_below(&mut self, n: usize) -> usize {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng % n.max(1) as u64) as usize
    }

    pub fn goroutine_count(&self) -> usize {
        self.gs.len() - self.free.len()
    }

    /// The running goroutine's record.
    pub fn cur(&mut self) -> &mut Goroutine {
        self.gs[self.current]
            .as_mut()
            .expect("the running goroutine has a record")
    }

    /// The record of parked goroutine `g`.
    pub fn g(&mut self, g: usize) -> &mut Goroutine {
        self.gs[g]
            .as_mut()
            .expect("a waiting goroutine has a record")
    }

    /// Makes `g` runnable, its operation completed as `wake`; removes its other waiters if it
    /// was parked in a `select`.
    pub fn wake(&mut self, g: usize, wake: Wake) {
        let chans = std::mem::take(&mut self.g(g).select_chans);
        for id in chans {
            self.remove_waiters(id, g);
        }
        let rec = self.g(g);
        rec.wake = Some(wake);
        rec.wait = "";
        self.runq.push_back(g);
    }

    fn remove_waiters(&mut self, id: u64, g: usize) {
        if let Some(q) = self.chans.get_mut(&id) {
            q.recv.retain(|w| w.g != g);
            q.send.retain(|w| w.g != g);
            self.drop_if_empty(id);
        }
    }

    /// Forgets channel `id`'s queues once nobody waits (keeping their storage for reuse).
    fn drop_if_empty(&mut self, id: u64) {
        if self
            .chans
            .get(&id)
            .is_some_and(|q| q.recv.is_empty() && q.send.is_empty())
        {
            if let Some(q) = self.chans.remove(&id) {
                if self.spare_queues.len() < STACK_POOL {
                    self.spare_queues.push(q);
                }
            }
        }
    }

    /// The first goroutine waiting to receive from (or, with `send`, to send on) channel `id`.
    pub fn pop_waiter(&mut self, id: u64, send: bool) -> Option<Waiter> {
        let q = self.chans.get_mut(&id)?;
        let w = if send {
            q.send.pop_front()
        } else {
            q.recv.pop_front()
        };
        self.drop_if_empty(id);
        w
    }

    pub fn enqueue(&mut self, id: u64, send: bool, w: Waiter) {
        let spare = &mut self.spare_queues;
        let q = self
            .chans
            .entry(id)
            .or_insert_with(|| spare.pop().unwrap_or_default());
        if send {
            q.send.push_back(w);
        } else {
            q.recv.push_back(w);
        }
    }

    pub fn add_timer(&mut self, when: Instant, g: usize, chan: u64, period: Option<Duration>) {
        self.timer_seq += 1;
        self.timers.push(Reverse(Timer {
            when,
            seq: self.timer_seq,
            g,
            chan,
            period,
        }));
    }

    /// A timer is due now or in the past.
    pub fn timer_due(&self) -> bool {
        self.timers
            .peek()
            .is_some_and(|t| t.0.when <= Instant::now())
    }

    /// Something else could run now (for preemption at the end of a time slice).
    pub fn others_ready(&self) -> bool {
        !self.runq.is_empty() || self.timer_due()
    }

    /// `semrelease`: wakes up to `n` waiters; what is left over raises the count.
    fn release(&mut self, id: u64, n: u64) {
        for _ in 0..n {
            let s = self.semas.entry(id).or_default();
            match s.waiters.pop_front() {
                Some(g) => self.wake(g, Wake::Done),
                None => s.count += 1,
            }
        }
        if self
            .semas
            .get(&id)
            .is_some_and(|s| s.count == 0 && s.waiters.is_empty())
        {
            self.semas.remove(&id);
        }
    }

    /// `semacquire` without waiting: true if the count was positive (and is now one less).
    fn try_acquire(&mut self, id: u64) -> bool {
        let Some(s) = self.semas.get_mut(&id) else {
            return false;
        };
        if s.count == 0 {
            return false;
        }
        s.count -= 1;
        if s.count == 0 && s.waiters.is_empty() {
            self.semas.remove(&id);
        }
        true
    }
}

/// What became of the running goroutine when `execute` returned to the scheduler.
enum Stopped {
    Finished,
    Parked,
    Preempted,
}

impl Vm {
    /// Runs the main goroutine from `entry` and every goroutine it starts, until `main`
    /// returns (the others are abandoned, as in Go), a goroutine's panic is not recovered or
    /// every goroutine is blocked.
    pub(crate) fn run_goroutines(&mut self, entry: u32) -> Result<(), VmError> {
        self.enter_frame(entry, 0)?;
        self.run_scheduled()
    }

    /// Runs the frame just entered at the bottom of the main goroutine's stack (`main`, or a
    /// function a host calls) and every goroutine it starts, until that frame returns (its
    /// results then sit at the bottom of the stack; goroutines still blocked wait for the
    /// next run), a panic is not recovered or every goroutine is blocked.
    pub(crate) fn run_scheduled(&mut self) -> Result<(), VmError> {
        self.sched.running = true;
        let result = self.schedule_loop();
        self.sched.running = false;
        result
    }

    fn schedule_loop(&mut self) -> Result<(), VmError> {
        loop {
            let stopped = match self.execute(0) {
                Ok(()) if self.frames.is_empty() => Stopped::Finished,
                Ok(()) if self.sched.parked => Stopped::Parked,
                Ok(()) => Stopped::Preempted,
                Err(e @ VmError::Panic { .. }) => {
                    self.sched.nested += 1;
                    let r = self.unwind(e);
                    self.sched.nested -= 1;
                    return r;
                }
                Err(e) => return Err(e),
            };
            self.sched.parked = false;
            match stopped {
                Stopped::Finished
                    if self.sched.gs[self.sched.current].as_ref().map(|g| g.id)
                        == Some(MAIN_ID) =>
                {
                    return Ok(())
                }
                Stopped::Finished => self.finish_goroutine(),
                Stopped::Parked => self.swap_state(self.sched.current),
                Stopped::Preempted => {
                    let cur = self.sched.current;
                    self.sched.runq.push_back(cur);
                    self.swap_state(cur);
                }
            }
            let next = self.next_runnable()?;
            self.sched.current = next;
            self.swap_state(next);
        }
    }

    /// The next goroutine to run (every goroutine's state is in its record here), sleeping
    /// until a timer fires when every goroutine waits for one; Go's deadlock fatal error when
    /// none can ever run.
    fn next_runnable(&mut self) -> Result<usize, VmError> {
        loop {
            if !self.sched.timers.is_empty() {
                self.fire_timers(Instant::now());
            }
            if let Some(g) = self.sched.runq.pop_front() {
                return Ok(g);
            }
            let Some(when) = self.sched.timers.peek().map(|t| t.0.when) else {
                return Err(self.deadlock());
            };
            let now = Instant::now();
            if when > now {
                self.spend_wait(when - now)?;
                let _ = std::io::Write::flush(&mut self.stdout);
                std::thread::sleep(when - now);
            }
        }
    }

    /// Runs the timers due at `now`: sleeping goroutines become runnable, timer channels get
    /// the time (dropped if their buffer is full, as Go's tickers do).
    pub(crate) fn fire_timers(&mut self, now: Instant) {
        while self.sched.timers.peek().is_some_and(|t| t.0.when <= now) {
            let Some(Reverse(t)) = self.sched.timers.pop() else {
                break;
            };
            if t.chan == 0 {
                self.sched.wake(t.g, Wake::Done);
                continue;
            }
            let stamp = crate::natives::unix_nanos();
            self.chan_offer(t.chan, &[stamp as u64]);
            if let Some(p) = t.period {
                let when = t.when + p;
                self.sched.add_timer(when.max(now), 0, t.chan, Some(p));
            }
        }
    }

    /// Exchanges the VM's goroutine state with goroutine `g`'s record.
    fn swap_state(&mut self, g: usize) {
        let Some(rec) = self.sched.gs[g].as_mut() else {
            return;
        };
        std::mem::swap(&mut self.stack, &mut rec.stack);
        std::mem::swap(&mut self.frames, &mut rec.frames);
        std::mem::swap(&mut self.defers, &mut rec.defers);
        if self.panicking.is_some() || rec.panicking.is_some() {
            std::mem::swap(&mut self.panicking, &mut rec.panicking);
        }
    }

    /// The running goroutine returned from its function: its record is freed and its stack
    /// kept for a new goroutine.
    fn finish_goroutine(&mut self) {
        let cur = self.sched.current;
        self.sched.gs[cur] = None;
        self.sched.free.push(cur);
        let mut stack = std::mem::take(&mut self.stack);
        if self.sched.stacks.len() < STACK_POOL {
            stack.clear();
            self.sched.stacks.push(stack);
        }
        self.defers.clear();
        self.panicking = None;
    }

    /// `go f(args)`: a new runnable goroutine whose stack starts with the function value and
    /// arguments at `a..` (`n` slots), entered as a call.
    pub(crate) fn go_statement(&mut self, a: usize, k: u16) -> Result<(), VmError> {
        let callee = self.func_value_target(a)?;
        self.check_alloc_size((self.sched.goroutine_count() as u64 + 1) * GOROUTINE_BYTES)?;
        let n = self.program.box_shapes[k as usize].elem.len();
        let proto = &self.program.funcs[callee as usize];
        let base = usize::from(!proto.is_closure);
        let size = self.frame_len(callee as usize);
        let mut stack = self.sched.stacks.pop().unwrap_or_default();
        stack.extend_from_slice(&self.stack[a..a + n]);
        stack.resize((base + size).max(n), 0);
        stack[base + proto.param_slots as usize..].fill(0);
        // The function value of a plain function is not an argument: nothing reads it again.
        stack[..base].fill(0);
        let g = Goroutine {
            id: self.sched.next_id,
            stack,
            frames: vec![Frame {
                func: callee,
                pc: 0,
                base,
                unwinding: false,
            }],
            ..Goroutine::default()
        };
        self.sched.next_id += 1;
        let handle = match self.sched.free.pop() {
            Some(h) => {
                self.sched.gs[h] = Some(g);
                h
            }
            None => {
                self.sched.gs.push(Some(g));
                self.sched.gs.len() - 1
            }
        };
        self.sched.runq.push_back(handle);
        Ok(())
    }

    /// Parks the running goroutine at the current instruction (which runs again when it is
    /// woken). Returns false: the instruction did not complete.
    pub(crate) fn park(&mut self, wait: &'static str) -> Result<bool, VmError> {
        if !self.sched.running || self.sched.nested > 0 || self.gc_hold > 0 {
            return Err(self.fatal(&format!(
                "mini: blocking ({wait}) in a method called by fmt or in a deferred call of a \
                 goroutine dying of a panic is not supported"
            )));
        }
        self.sched.parked = true;
        self.sched.cur().wait = wait;
        Ok(false)
    }

    /// How the running goroutine's parked operation completed, if it was woken.
    pub(crate) fn take_wake(&mut self) -> Option<Wake> {
        self.sched.cur().wake.take()
    }

    /// `runtime.Gosched`: lets the other runnable goroutines run first.
    pub(crate) fn gosched(&mut self) -> Result<(), VmError> {
        if self.take_wake().is_some() || !self.sched.running {
            return Ok(());
        }
        let cur = self.sched.current;
        self.sched.runq.push_back(cur);
        self.sched.cur().wake = Some(Wake::Done);
        self.park("runnable").map(drop)
    }

    /// `time.Sleep(d)`.
    pub(crate) fn sleep(&mut self, ns: i64) -> Result<(), VmError> {
        if self.take_wake().is_some() {
            return Ok(());
        }
        if ns <= 0 {
            return self.gosched();
        }
        let when = Instant::now() + Duration::from_nanos(ns as u64);
        let cur = self.sched.current;
        self.sched.add_timer(when, cur, 0, None);
        self.park("sleep").map(drop)
    }

    /// A timer channel for `time.After` (`period` None) or `time.Tick`.
    pub(crate) fn timer_chan(&mut self, ns: i64, period: bool) -> Result<u64, VmError> {
        let ch = self.new_chan(1, crate::vm::time_array_info(&self.shapes))?;
        let d = Duration::from_nanos(ns.max(0) as u64);
        let when = Instant::now() + d;
        self.sched.add_timer(when, 0, ch, period.then_some(d));
        Ok(ch)
    }

    /// `sync`'s semaphore acquire: waits until semaphore `id` is positive and decrements it.
    pub(crate) fn semacquire(&mut self, id: u64, wait: &'static str) -> Result<(), VmError> {
        if self.take_wake().is_some() || self.sched.try_acquire(id) {
            return Ok(());
        }
        let cur = self.sched.current;
        self.sched
            .semas
            .entry(id)
            .or_default()
            .waiters
            .push_back(cur);
        self.park(wait).map(drop)
    }

    /// `sync`'s semaphore release of `n` units.
    pub(crate) fn semrelease(&mut self, id: u64, n: u64) {
        self.sched.release(id, n);
    }

    /// Go's fatal error when every goroutine is blocked, with each goroutine's status and
    /// frames (the main goroutine first). Every goroutine's state is in its record here.
    fn deadlock(&mut self) -> VmError {
        let mut goroutines = Vec::new();
        for h in 0..self.sched.gs.len() {
            self.swap_state(h);
            if let Some(g) = self.sched.gs[h].as_ref() {
                goroutines.push(GoroutineTrace {
                    id: g.id,
                    status: g.wait.to_string(),
                    trace: self.trace(),
                });
            }
            self.swap_state(h);
        }
        goroutines.sort_by_key(|g| g.id);
        VmError::Deadlock { goroutines }
    }
}
