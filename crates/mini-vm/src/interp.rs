//! The dispatch loop: one `match` over `Instr`, with calls and returns handled as frame pushes
//! and pops inside the loop (never Rust recursion).

use mini_bytecode::Instr;
use mini_gc::GcRef;

use crate::error::{TraceFrame, VmError};
use crate::pointers::{frame_closure_word, FRAME_POINTER};
use crate::slices::one_word_element;
use crate::vm::{pack, unpack, Frame, Vm};

/// Register `x` of the current frame (a place), without a bounds check.
macro_rules! reg {
    ($regs:ident, $x:expr) => {
        // SAFETY: `$regs` points at the current frame's first register and the stack holds at
        // least the frame's size of registers from there (`enter` sizes it, `frame_ptrs`
        // checks it whenever the frame changes, and only calls and slow instructions resize
        // the stack, after which the pointer is taken again); the validator proved that every
        // register operand of the instructions `execute` handles is below the frame's size.
        *unsafe { &mut *$regs.add($x as usize) }
    };
}

impl Vm {
    /// Pushes a frame for `func` whose registers start at `base`; parameters are already
    /// there, every other register is zeroed (so the collector never sees stale values).
    pub(crate) fn enter_frame(&mut self, func: u32, base: usize) -> Result<(), VmError> {
        self.enter::<false>(func, base)
    }

    ///
    /// Only the new frame's registers are cleared (`DEAD_ABOVE`: maybe more, see
    /// `clear_registers`): the caller's registers above it keep the caller's values, and the
    /// collector scans them as the caller's (`Goroutine::visit` in vm.rs). The stack always
    /// has `CLEAR_WIDTH` words to spare above the frame.
    #[inline(always)]
    fn enter<const DEAD_ABOVE: bool>(&mut self, func: u32, base: usize) -> Result<(), VmError> {
        if self.frames.len() >= self.max_frames {
            return Err(self.stack_overflow());
        }
        let layout = self.frame_layouts[func as usize];
        let end = base + layout.size as usize;
        if self.stack.len() < end + CLEAR_WIDTH {
            self.grow_stack(end + CLEAR_WIDTH);
        }
        let regs = self.stack.as_mut_ptr().wrapping_add(base);
        // SAFETY: the stack holds the frame and `CLEAR_WIDTH` words above it (just made sure).
        unsafe {
            clear_registers::<DEAD_ABOVE>(regs, layout.params as usize, layout.size as usize)
        };
        self.frames.push(Frame {
            func,
            pc: 0,
            base,
            unwinding: false,
        });
        Ok(())
    }

    /// Registers in `func`'s frame (`frame_size`).
    pub(crate) fn frame_len(&self, func: usize) -> usize {
        self.frame_layouts[func].size as usize
    }

    /// The first stack index past frame `fr`.
    pub(crate) fn frame_end(&self, fr: &Frame) -> usize {
        fr.base + self.frame_len(fr.func as usize)
    }

    /// Where a call from outside the running code puts its frame: past the top frame.
    pub(crate) fn above_top_frame(&self) -> usize {
        self.frames.last().map_or(0, |fr| self.frame_end(fr))
    }

    #[cold]
    fn grow_stack(&mut self, len: usize) {
        self.stack.resize(len, 0);
    }

    #[cold]
    fn stack_overflow(&self) -> VmError {
        VmError::Fatal {
            message: "stack overflow".into(),
            preamble: vec![
                format!(
                    "runtime: goroutine stack exceeds {}-byte limit",
                    self.max_stack
                ),
                "runtime: sp=0x0 stack=[0x0, 0x0]".into(),
            ],
            trace: self.trace(),
        }
    }

    /// A Go runtime fatal error (not recoverable) at the current instruction.
    pub(crate) fn fatal(&self, message: &str) -> VmError {
        VmError::Fatal {
            message: message.into(),
            preamble: Vec::new(),
            trace: self.trace(),
        }
    }

    /// The goroutine's frames, innermost first, for panic messages.
    pub(crate) fn trace(&self) -> Vec<TraceFrame> {
        let mut out = Vec::new();
        let frames = self.frames.iter().rev();
        for f in frames.filter(|f| f.func != self.program.entry && f.func != self.program.init) {
            let proto = &self.program.funcs[f.func as usize];
            let at = f.pc.saturating_sub(1);
            let mut line = proto.lines.get(at).copied().unwrap_or(0);
            let inlined = proto
                .inlined
                .iter()
                .find(|c| (c.start..c.end).contains(&(at as u32)));
            if let Some(call) = inlined {
                out.push(TraceFrame {
                    func: call.name.clone(),
                    line,
                });
                line = call.line;
            }
            out.push(TraceFrame {
                func: proto.name.clone(),
                line,
            });
        }
        out
    }

    /// A Go runtime panic at the current instruction.
    pub(crate) fn panic(&self, message: impl Into<String>) -> VmError {
        VmError::Panic {
            message: message.into(),
            trace: self.trace(),
            chained: Vec::new(),
        }
    }

    /// Runs until the frame stack is back to `depth` frames.
    ///
    /// The hot instructions (moves, constants, integer and float arithmetic and comparisons,
    /// skips, jumps, loop tests, calls and returns) are handled right here on the current
    /// frame's code and registers held as raw pointers; everything else goes through
    /// `step`, after which the pointers are taken again (the stack may have grown, the
    /// frame may have changed). Register and code accesses here are unchecked: `validate`
    /// proved, when the program was loaded, that every register operand of these instructions
    /// is below its function's frame size, that every jump, skip and loop test lands inside
    /// the function and that the last instruction is a `Return` or `Jump`; `frame_ptrs`
    /// checks the pc and the stack size whenever the current frame changes.
    pub(crate) fn execute(&mut self, depth: usize) -> Result<(), VmError> {
        let Some(&Frame { func, pc, base, .. }) = self.frames.last() else {
            return Ok(());
        };
        let (mut func, mut pc, mut base) = (func as usize, pc, base);
        let (mut code, mut regs) = self.frame_ptrs(func, pc, base)?;
        // An instruction the loop does not handle itself: run it through `step`, take a
        // fault to the unwinder, stop if it parked the goroutine, and take the registers'
        // address again (the stack may have moved).
        macro_rules! slow {
            ($run:lifetime, $ins:expr) => {{
                let ins = $ins;
                if let Err(e) = self.step(ins, base) {
                    (func, pc, base) = self.fault(e, ins, pc, base, depth)?;
                    code = self.frame_ptrs(func, pc, base)?.0;
                } else if self.sched.parked {
                    break $run pc - 1;
                }
                regs = self.regs_ptr(base);
            }};
        }
        // Register `a` = word `at` of `obj`, a heap object or (`FRAME_POINTER`) the stack;
        // `at` is `None` (an index out of range, an element of several words) or a nil or
        // out-of-stack pointer sends `ins` to the general path, which panics as Go does.
        macro_rules! load_word {
            ($run:lifetime, $ins:expr, $a:expr, $obj:expr, $at:expr) => {{
                let (obj, at) = ($obj, $at);
                match at {
                    // SAFETY: a pointer or slice register above `FRAME_POINTER` holds a live
                    // heap object, and an offset the instruction computed (a field, an element
                    // below the length) lies within it.
                    Some(at) if obj > FRAME_POINTER => {
                        reg!(regs, $a) = unsafe { self.heap.load(GcRef::from_bits(obj), at) }
                    }
                    // SAFETY: `at` is below the stack's length (checked) and `regs - base` is
                    // the stack's first register.
                    Some(at) if obj == FRAME_POINTER && at < self.stack.len() => {
                        reg!(regs, $a) = unsafe { *regs.sub(base).add(at) }
                    }
                    _ => slow!($run, $ins),
                }
            }};
        }
        // The word of element `i` of the slice in registers `b..b+4` when its elements are
        // one word and `i` is below its length (`one_word_element`).
        macro_rules! element {
            ($b:expr, $i:expr) => {{
                let b = $b as usize;
                one_word_element(reg!(regs, b + 1), reg!(regs, b + 2), $i)
            }};
        }
        // Word `at` of `obj` = register `a`, as `load_word!`, through the write barrier on
        // the heap.
        macro_rules! store_word {
            ($run:lifetime, $ins:expr, $a:expr, $obj:expr, $at:expr) => {{
                let (obj, at, v) = ($obj, $at, reg!(regs, $a));
                match at {
                    // SAFETY: as for `load_word!`; reference words go through the barrier.
                    Some(at) if obj > FRAME_POINTER => unsafe {
                        self.heap.store(GcRef::from_bits(obj), at, v);
                        self.heap.write_barrier_at(GcRef::from_bits(obj), at, v);
                    },
                    // SAFETY: as for `load_word!` in a frame.
                    Some(at) if obj == FRAME_POINTER && at < self.stack.len() => unsafe {
                        *regs.sub(base).add(at) = v
                    },
                    _ => slow!($run, $ins),
                }
            }};
        }
        // The running goroutine stops (parks or yields) at the pc the loop breaks with.
        let stop = 'run: loop {
            // SAFETY: `code` points at the current function's instructions and `pc` is below
            // their count: `frame_ptrs` checked it when the frame became current, jumps, skips
            // and loop tests land inside the function (validated), and straight-line execution
            // stops at the last instruction, a `Return` or a `Jump` (validated).
            let ins = unsafe { *code.add(pc) };
            pc += 1;
            // A backward branch breaks out of this block with its target, to the back edge
            // below; every other instruction continues the loop at the block's end.
            pc = 'back_edge: {
                match ins {
                    Instr::Move { a, b } => reg!(regs, a) = reg!(regs, b),
                    Instr::LoadInt { a, k } => reg!(regs, a) = k as i64 as u64,
                    Instr::LoadConst { a, k } => reg!(regs, a) = self.program.consts[k as usize],
                    Instr::AddInt { a, b, c } => {
                        reg!(regs, a) = reg!(regs, b).wrapping_add(reg!(regs, c))
                    }
                    Instr::SubInt { a, b, c } => {
                        reg!(regs, a) = reg!(regs, b).wrapping_sub(reg!(regs, c))
                    }
                    Instr::MulInt { a, b, c } => {
                        reg!(regs, a) = reg!(regs, b).wrapping_mul(reg!(regs, c))
                    }
                    Instr::AddIntImm { a, b, c } => {
                        reg!(regs, a) = reg!(regs, b).wrapping_add(c as i64 as u64)
                    }
                    Instr::MulIntImm { a, b, c } => {
                        reg!(regs, a) = reg!(regs, b).wrapping_mul(c as i64 as u64)
                    }
                    Instr::DivIntImm { a, b, c } => {
                        reg!(regs, a) = (reg!(regs, b) as i64).wrapping_div(imm_divisor(c)) as u64
                    }
                    Instr::RemIntImm { a, b, c } => {
                        reg!(regs, a) = (reg!(regs, b) as i64).wrapping_rem(imm_divisor(c)) as u64
                    }
                    Instr::DivInt { a, b, c } if reg!(regs, c) != 0 => {
                        let (x, y) = (reg!(regs, b) as i64, reg!(regs, c) as i64);
                        reg!(regs, a) = x.wrapping_div(y) as u64;
                    }
                    Instr::RemInt { a, b, c } if reg!(regs, c) != 0 => {
                        let (x, y) = (reg!(regs, b) as i64, reg!(regs, c) as i64);
                        reg!(regs, a) = x.wrapping_rem(y) as u64;
                    }
                    Instr::And { a, b, c } => reg!(regs, a) = reg!(regs, b) & reg!(regs, c),
                    Instr::Or { a, b, c } => reg!(regs, a) = reg!(regs, b) | reg!(regs, c),
                    Instr::Xor { a, b, c } => reg!(regs, a) = reg!(regs, b) ^ reg!(regs, c),
                    Instr::Not { a, b } => reg!(regs, a) = (reg!(regs, b) == 0) as u64,
                    Instr::AddFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) + f(reg!(regs, c))).to_bits()
                    }
                    Instr::SubFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) - f(reg!(regs, c))).to_bits()
                    }
                    Instr::MulFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) * f(reg!(regs, c))).to_bits()
                    }
                    Instr::DivFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) / f(reg!(regs, c))).to_bits()
                    }
                    Instr::IntToFloat { a, b } => {
                        reg!(regs, a) = (reg!(regs, b) as i64 as f64).to_bits()
                    }
                    Instr::FloatToInt { a, b } => reg!(regs, a) = f(reg!(regs, b)) as i64 as u64,
                    Instr::EqInt { a, b, c } => {
                        reg!(regs, a) = (reg!(regs, b) == reg!(regs, c)) as u64
                    }
                    Instr::NeInt { a, b, c } => {
                        reg!(regs, a) = (reg!(regs, b) != reg!(regs, c)) as u64
                    }
                    Instr::LtInt { a, b, c } => {
                        reg!(regs, a) = ((reg!(regs, b) as i64) < reg!(regs, c) as i64) as u64
                    }
                    Instr::LeInt { a, b, c } => {
                        reg!(regs, a) = ((reg!(regs, b) as i64) <= reg!(regs, c) as i64) as u64
                    }
                    Instr::LtUint { a, b, c } => {
                        reg!(regs, a) = (reg!(regs, b) < reg!(regs, c)) as u64
                    }
                    Instr::LeUint { a, b, c } => {
                        reg!(regs, a) = (reg!(regs, b) <= reg!(regs, c)) as u64
                    }
                    Instr::EqFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) == f(reg!(regs, c))) as u64
                    }
                    Instr::NeFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) != f(reg!(regs, c))) as u64
                    }
                    Instr::LtFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) < f(reg!(regs, c))) as u64
                    }
                    Instr::LeFloat { a, b, c } => {
                        reg!(regs, a) = (f(reg!(regs, b)) <= f(reg!(regs, c))) as u64
                    }
                    Instr::SkipIfEqInt { a, b } => pc += (reg!(regs, a) == reg!(regs, b)) as usize,
                    Instr::SkipIfNeInt { a, b } => pc += (reg!(regs, a) != reg!(regs, b)) as usize,
                    Instr::SkipIfLtInt { a, b } => {
                        pc += ((reg!(regs, a) as i64) < reg!(regs, b) as i64) as usize
                    }
                    Instr::SkipIfLeInt { a, b } => {
                        pc += ((reg!(regs, a) as i64) <= reg!(regs, b) as i64) as usize
                    }
                    Instr::SkipIfLtUint { a, b } => pc += (reg!(regs, a) < reg!(regs, b)) as usize,
                    Instr::SkipIfLeUint { a, b } => pc += (reg!(regs, a) <= reg!(regs, b)) as usize,
                    Instr::SkipIfEqFloat { a, b } => {
                        pc += (f(reg!(regs, a)) == f(reg!(regs, b))) as usize
                    }
                    Instr::SkipIfNeFloat { a, b } => {
                        pc += (f(reg!(regs, a)) != f(reg!(regs, b))) as usize
                    }
                    Instr::SkipIfLtFloat { a, b } => {
                        pc += (f(reg!(regs, a)) < f(reg!(regs, b))) as usize
                    }
                    Instr::SkipIfLeFloat { a, b } => {
                        pc += (f(reg!(regs, a)) <= f(reg!(regs, b))) as usize
                    }
                    Instr::SkipIfEqImm { a, k } => {
                        pc += (reg!(regs, a) as i64 == k as i64) as usize
                    }
                    Instr::SkipIfNeImm { a, k } => {
                        pc += (reg!(regs, a) as i64 != k as i64) as usize
                    }
                    Instr::SkipIfLtImm { a, k } => {
                        pc += ((reg!(regs, a) as i64) < k as i64) as usize
                    }
                    Instr::SkipIfLeImm { a, k } => {
                        pc += (reg!(regs, a) as i64 <= k as i64) as usize
                    }
                    Instr::SkipIfGtImm { a, k } => pc += (reg!(regs, a) as i64 > k as i64) as usize,
                    Instr::SkipIfGeImm { a, k } => {
                        pc += (reg!(regs, a) as i64 >= k as i64) as usize
                    }
                    Instr::Jump { s } if s < 0 => break 'back_edge jump(pc, s),
                    Instr::Jump { s } => pc = jump(pc, s),
                    Instr::JumpIf { a, s } if reg!(regs, a) != 0 => {
                        if s < 0 {
                            break 'back_edge jump(pc, s);
                        }
                        pc = jump(pc, s);
                    }
                    Instr::JumpIfNot { a, s } if reg!(regs, a) == 0 => {
                        if s < 0 {
                            break 'back_edge jump(pc, s);
                        }
                        pc = jump(pc, s);
                    }
                    Instr::LoopIfEqImm { a, k, d } if reg!(regs, a) as i64 == k as i64 => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfNeImm { a, k, d } if reg!(regs, a) as i64 != k as i64 => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfLtImm { a, k, d } if (reg!(regs, a) as i64) < k as i64 => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfLeImm { a, k, d } if reg!(regs, a) as i64 <= k as i64 => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfGtImm { a, k, d } if reg!(regs, a) as i64 > k as i64 => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfGeImm { a, k, d } if reg!(regs, a) as i64 >= k as i64 => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfEqInt { a, b, d } if reg!(regs, a) == reg!(regs, b) => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfNeInt { a, b, d } if reg!(regs, a) != reg!(regs, b) => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfLtInt { a, b, d }
                        if (reg!(regs, a) as i64) < reg!(regs, b) as i64 =>
                    {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfLeInt { a, b, d }
                        if reg!(regs, a) as i64 <= reg!(regs, b) as i64 =>
                    {
                        break 'back_edge pc - d as usize
                    }
                    Instr::IncLoopIfLtInt { a, b, d } => {
                        let i = reg!(regs, a).wrapping_add(1);
                        reg!(regs, a) = i;
                        if (i as i64) < reg!(regs, b) as i64 {
                            break 'back_edge pc - d as usize;
                        }
                    }
                    Instr::IncLoopIfLtImm { a, k, d } => {
                        let i = reg!(regs, a).wrapping_add(1);
                        reg!(regs, a) = i;
                        if (i as i64) < k as i64 {
                            break 'back_edge pc - d as usize;
                        }
                    }
                    Instr::LoopIfLtUint { a, b, d } if reg!(regs, a) < reg!(regs, b) => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfLeUint { a, b, d } if reg!(regs, a) <= reg!(regs, b) => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfLtFloat { a, b, d } if f(reg!(regs, a)) < f(reg!(regs, b)) => {
                        break 'back_edge pc - d as usize
                    }
                    Instr::LoopIfLeFloat { a, b, d } if f(reg!(regs, a)) <= f(reg!(regs, b)) => {
                        break 'back_edge pc - d as usize
                    }
                    // Not taken: conditional jumps and loop tests whose condition fails.
                    Instr::JumpIf { .. }
                    | Instr::JumpIfNot { .. }
                    | Instr::LoopIfEqImm { .. }
                    | Instr::LoopIfNeImm { .. }
                    | Instr::LoopIfLtImm { .. }
                    | Instr::LoopIfLeImm { .. }
                    | Instr::LoopIfGtImm { .. }
                    | Instr::LoopIfGeImm { .. }
                    | Instr::LoopIfEqInt { .. }
                    | Instr::LoopIfNeInt { .. }
                    | Instr::LoopIfLtInt { .. }
                    | Instr::LoopIfLeInt { .. }
                    | Instr::LoopIfLtUint { .. }
                    | Instr::LoopIfLeUint { .. }
                    | Instr::LoopIfLtFloat { .. }
                    | Instr::LoopIfLeFloat { .. } => {}
                    Instr::Call { a, f } => {
                        self.save_pc(pc);
                        if self.tick(depth)? {
                            break 'run pc - 1;
                        }
                        self.safepoint();
                        let callee_base = base + a as usize;
                        // Above the arguments, the caller's registers are free temporaries
                        // (a call's block is allocated at the top of its caller's registers).
                        self.enter::<true>(f as u32, callee_base)?;
                        (func, pc, base) = (f as usize, 0, callee_base);
                        (code, regs) = self.entered_ptrs(func, base);
                    }
                    Instr::Return { a, c } => {
                        // Above the frame of a callee this loop entered is its caller's
                        // call block or unused stack; above the first frame of this
                        // execution, maybe a native's or the host's words.
                        if self.frames.len() <= depth + 1 {
                            self.return_to_caller_outside(regs, a, c, func);
                            return Ok(());
                        }
                        self.return_values::<true>(regs, a, c, func);
                        self.frames.pop();
                        let Some(&Frame {
                            func: f,
                            pc: p,
                            base: b,
                            unwinding,
                        }) = self.frames.last()
                        else {
                            return Ok(());
                        };
                        if unwinding {
                            (func, pc, base) = self.after_deferred_call(depth)?;
                            (code, regs) = self.frame_ptrs(func, pc, base)?;
                        } else {
                            (func, pc, base) = (f as usize, p, b);
                            (code, regs) = self.entered_ptrs(func, base);
                        }
                    }
                    // Two registers (a string, an interface) are read, then written: the
                    // ranges may overlap.
                    Instr::MoveN { a, b, c: 2 } => {
                        let (x, y) = (reg!(regs, b), reg!(regs, b as usize + 1));
                        (reg!(regs, a), reg!(regs, a as usize + 1)) = (x, y);
                    }
                    Instr::MoveN { a, b, c } => {
                        // SAFETY: as for `reg!`: the validator proved both `c`-register ranges
                        // inside the frame; `copy` allows them to overlap.
                        unsafe {
                            std::ptr::copy(regs.add(b as usize), regs.add(a as usize), c as usize)
                        }
                    }
                    Instr::LoadNil { a, c } => {
                        for i in 0..c {
                            reg!(regs, a as usize + i as usize) = 0;
                        }
                    }
                    Instr::PtrAdd { a, b, c } => {
                        reg!(regs, a) = reg!(regs, b);
                        reg!(regs, a as usize + 1) = reg!(regs, b as usize + 1) + c as u64;
                    }
                    Instr::GetGlobal { a, k } => reg!(regs, a) = self.globals[k as usize],
                    Instr::SetGlobal { a, k } => self.globals[k as usize] = reg!(regs, a),
                    Instr::RunDefers
                    | Instr::CallFunc { .. }
                    | Instr::CallIface { .. }
                    | Instr::CallNative { .. } => {
                        (func, pc, base) = self.call_step(ins, (func, pc, base), depth)?;
                        if self.sched.parked {
                            break 'run pc - 1;
                        }
                        (code, regs) = self.frame_ptrs(func, pc, base)?;
                    }
                    Instr::FramePtr { a, b, c } => {
                        self.heap_allocs_avoided += c as u64;
                        reg!(regs, a) = FRAME_POINTER;
                        reg!(regs, a as usize + 1) = (base + b as usize) as u64;
                    }
                    Instr::Load { a, b, c: 1 } => {
                        let at = reg!(regs, b as usize + 1) as usize;
                        load_word!('run, ins, a, reg!(regs, b), Some(at))
                    }
                    Instr::LoadField { a, b, c } => {
                        let at = reg!(regs, b as usize + 1) as usize + c as usize;
                        load_word!('run, ins, a, reg!(regs, b), Some(at))
                    }
                    Instr::LoadElem { a, b, c } => {
                        load_word!('run, ins, a, reg!(regs, b), element!(b, reg!(regs, c)))
                    }
                    Instr::LoadElemImm { a, b, k } => {
                        load_word!('run, ins, a, reg!(regs, b), element!(b, k as u64))
                    }
                    Instr::Store { a, b, c: 1 } => {
                        let at = reg!(regs, b as usize + 1) as usize;
                        store_word!('run, ins, a, reg!(regs, b), Some(at))
                    }
                    Instr::StoreField { a, b, c } => {
                        let at = reg!(regs, b as usize + 1) as usize + c as usize;
                        store_word!('run, ins, a, reg!(regs, b), Some(at))
                    }
                    Instr::StoreElem { a, b, c } => {
                        store_word!('run, ins, a, reg!(regs, b), element!(b, reg!(regs, c)))
                    }
                    Instr::SwapElem { a, b, c } => {
                        let obj = reg!(regs, a);
                        match (element!(a, reg!(regs, b)), element!(a, reg!(regs, c))) {
                            // SAFETY: as for `load_word!`: the slice's array is a live heap
                            // object and both elements lie below its length.
                            (Some(i), Some(j)) if obj > FRAME_POINTER => unsafe {
                                self.heap.swap_words(GcRef::from_bits(obj), i, j)
                            },
                            _ => slow!('run, ins),
                        }
                    }
                    other => slow!('run, other),
                }
                continue 'run;
            };
            // The back edge of every backward branch: one unit of fuel (leaving the loop with
            // the target pc when the goroutine must stop), and a GC safepoint, after which
            // the registers are taken again.
            if self.tick(depth)? {
                break 'run pc;
            }
            if self.gc_hold == 0 && self.heap.needs_collection() {
                self.safepoint();
                regs = self.regs_ptr(base);
            }
        };
        self.save_pc(stop);
        Ok(())
    }

    /// The current function's code and the current frame's registers as raw pointers, after
    /// checking that `pc` is an instruction of `func` and that the stack holds the frame.
    #[inline]
    fn frame_ptrs(
        &mut self,
        func: usize,
        pc: usize,
        base: usize,
    ) -> Result<(*const Instr, *mut u64), VmError> {
        let proto = &self.program.funcs[func];
        if pc >= proto.code.len() || self.stack.len() < base + self.frame_len(func) {
            return Err(self.invalid_frame(func, pc));
        }
        Ok((proto.code.as_ptr(), self.regs_ptr(base)))
    }

    /// Returns from the first frame of this execution, to a native's or the host's call.
    #[cold]
    #[inline(never)]
    fn return_to_caller_outside(&mut self, regs: *mut u64, a: u8, c: u8, func: usize) {
        self.return_values::<false>(regs, a, c, func);
        self.frames.pop();
    }

    /// `frame_ptrs` for a frame `enter` has just pushed, or one a call has returned to: its
    /// code is not empty (validated), the pc it resumes at is inside it (the one after its
    /// call), and `enter` made the stack long enough for it and its callees, which the stack
    /// stays while they run.
    #[inline(always)]
    fn entered_ptrs(&mut self, func: usize, base: usize) -> (*const Instr, *mut u64) {
        debug_assert!(self.frame_ptrs(func, 0, base).is_ok());
        let start = self.frame_layouts[func].code_start as usize;
        let code = self.code.as_ptr().wrapping_add(start);
        (code, self.stack.as_mut_ptr().wrapping_add(base))
    }

    #[cold]
    fn invalid_frame(&self, func: usize, pc: usize) -> VmError {
        VmError::Fatal {
            message: format!(
                "invalid frame state in {} at pc {pc}",
                self.program.funcs[func].name
            ),
            preamble: Vec::new(),
            trace: self.trace(),
        }
    }

    fn regs_ptr(&mut self, base: usize) -> *mut u64 {
        self.stack[base..].as_mut_ptr()
    }

    /// The calls `execute` does not handle itself: function values, interface methods,
    /// natives and deferred calls. Returns the (possibly new) current function, pc and frame
    /// base.
    fn call_step(
        &mut self,
        ins: Instr,
        (func, pc, base): (usize, usize, usize),
        depth: usize,
    ) -> Result<(usize, usize, usize), VmError> {
        match ins {
            Instr::RunDefers => {
                let Some(record) = self.next_defer() else {
                    return Ok((func, pc, base));
                };
                self.save_pc(pc - 1);
                let callee_base = base + self.frame_len(func);
                match self.unpack_defer(record, callee_base) {
                    Ok(callee) => {
                        Ok((callee as usize, 0, self.frames.last().map_or(0, |f| f.base)))
                    }
                    // A nil deferred function panics when its call runs.
                    Err(e) => self.start_unwind(e, (0, 0), depth),
                }
            }
            Instr::CallFunc { a } => {
                self.save_pc(pc);
                self.tick(depth)?;
                self.safepoint();
                let callee = match self.func_value_target(base + a as usize) {
                    Ok(f) => f,
                    Err(e) => return self.start_unwind(e, (0, 0), depth),
                };
                let shift = usize::from(!self.program.funcs[callee as usize].is_closure);
                let callee_base = base + a as usize + shift;
                self.enter::<true>(callee, callee_base)?;
                Ok((callee as usize, 0, callee_base))
            }
            Instr::CallIface { a, k } => {
                self.save_pc(pc);
                self.tick(depth)?;
                self.safepoint();
                let callee_base = base + a as usize;
                let callee = match self.prepare_iface_call(callee_base, k) {
                    Ok(f) => f,
                    Err(e) => return self.start_unwind(e, (0, 0), depth),
                };
                self.enter::<true>(callee, callee_base)?;
                Ok((callee as usize, 0, callee_base))
            }
            Instr::CallNative { a, n } => {
                self.save_pc(pc);
                // No safepoint here: the results sit in the argument block, whose
                // registers have the arguments' kinds until the caller copies them out.
                match crate::natives::call(self, n, base + a as usize) {
                    Ok(()) => Ok((func, pc, base)),
                    Err(e @ VmError::Panic { .. }) => self.start_unwind(e, (0, 0), depth),
                    Err(e) => Err(e),
                }
            }
            _ => Ok((func, pc, base)),
        }
    }

    /// A runtime error raised by instruction `ins`: a panic starts unwinding (returning where
    /// execution continues), anything else ends the run.
    fn fault(
        &mut self,
        e: VmError,
        ins: Instr,
        pc: usize,
        base: usize,
        depth: usize,
    ) -> Result<(usize, usize, usize), VmError> {
        let e = self.at_current_pc(e, pc);
        if !matches!(e, VmError::Panic { .. }) {
            return Err(e);
        }
        let value = self.panic_words(ins, base);
        self.start_unwind(e, value, depth)
    }

    /// A runtime error's trace, taken again with the faulting instruction's line.
    fn at_current_pc(&mut self, mut e: VmError, pc: usize) -> VmError {
        self.save_pc(pc);
        if let VmError::Panic { trace, .. } = &mut e {
            *trace = self.trace();
        }
        e
    }

    fn save_pc(&mut self, pc: usize) {
        if let Some(f) = self.frames.last_mut() {
            f.pc = pc;
        }
    }

    /// Copies the results to the frame's first registers and clears the rest of the frame,
    /// which now belongs to the caller's registers above its call register.
    #[inline(always)]
    fn return_values<const DEAD_ABOVE: bool>(&mut self, regs: *mut u64, a: u8, c: u8, func: usize) {
        let layout = self.frame_layouts[func];
        let (to, size) = (layout.results_at as usize, layout.size as usize);
        let (a, c) = (a as usize, c as usize);
        // SAFETY: `regs` is the returning frame's first register. The validator proved
        // `a..a + c` inside the frame; `to + c` is at most one past it (a closure's results
        // start at register 1), inside the `CLEAR_WIDTH` words the stack keeps above every
        // frame, as is what `clear_registers` may write.
        unsafe {
            if c == 1 {
                *regs.add(to) = *regs.add(a);
            } else {
                std::ptr::copy(regs.add(a), regs.add(to), c);
            }
            if size > to + c {
                clear_registers::<DEAD_ABOVE>(regs, to + c, size);
            }
        }
    }

    /// The instructions that may block the goroutine (which then parks, `sched.parked`, to
    /// run the instruction again when it is woken) and `go`.
    fn chan_step(&mut self, ins: Instr, base: usize) -> Result<(), VmError> {
        let r = |x: u8| base + x as usize;
        match ins {
            Instr::ChanSend { a, b } => self.chan_send(r(a), r(b)).map(drop),
            Instr::ChanRecv { a, b, c } => self.chan_recv(r(a), r(b), c == 1).map(drop),
            Instr::Select { a, k } => self.select(r(a), k, base).map(drop),
            Instr::ChanClose { a } => self.chan_close(r(a)),
            Instr::Go { a, k } => self.go_statement(r(a), k),
            _ => Ok(()),
        }
    }

    /// Executes one instruction that is neither hot nor a call.
    #[inline(always)]
    fn step(&mut self, ins: Instr, base: usize) -> Result<(), VmError> {
        let r = |x: u8| base + x as usize;
        match ins {
            Instr::Nop => {}
            Instr::LoadStr { a, k } => {
                let len = self.program.strings[k as usize].len();
                self.stack[r(a)] = self.string_consts[k as usize];
                self.stack[r(a) + 1] = pack(0, len);
            }
            Instr::Panic { a } => return Err(self.panic_value(r(a))),
            Instr::ToIface { a, b, t } => {
                let v = self.stack[r(b)];
                self.stack[r(a)] = (t as u64 + 1) << 1;
                self.stack[r(a) + 1] = v;
            }
            Instr::ToIfacePtr { a, b, t } => {
                self.stack[r(a)] = ((t as u64 + 1) << 1) | 1;
                self.stack[r(a) + 1] = self.stack[r(b)];
            }
            Instr::EqValues { a, b, t } => {
                self.stack[r(a)] = u64::from(self.equal_behind_pointers(r(b), t as usize)?);
            }
            Instr::ToIfaceBoxed { a, b, t } => {
                let boxed = self.box_value(r(b), t)?;
                self.stack[r(a)] = ((t as u64 + 1) << 1) | 1;
                self.stack[r(a) + 1] = boxed;
                self.safepoint();
            }
            Instr::NewSlice { a, b, c } => {
                self.new_iface_slice(r(a), r(b), c as usize)?;
                self.safepoint();
            }
            Instr::Concat { a, b, c } => {
                self.concat(r(a), r(b), r(c))?;
                self.safepoint();
            }
            Instr::MakeSlice { a, b, k } => {
                self.make_slice(r(a), r(b), k)?;
                self.safepoint();
            }
            Instr::LoadElem { a, b, c } => self.load_elem(r(a), r(b), self.stack[r(c)] as i64)?,
            Instr::LoadElemImm { a, b, k } => self.load_elem(r(a), r(b), i64::from(k))?,
            Instr::StoreElem { a, b, c } => self.store_elem(r(a), r(b), r(c))?,
            Instr::SwapElem { a, b, c } => self.swap_elem(r(a), r(b), r(c))?,
            Instr::Append { a, b, c } => {
                self.append(r(a), r(b), c as usize)?;
                self.safepoint();
            }
            Instr::AppendSlice { a, b, c } => {
                self.append_slice(r(a), r(b), r(c))?;
                self.safepoint();
            }
            Instr::SliceSlice { a, b, c } => self.slice_slice(r(a), r(b), r(c))?,
            Instr::CopySlice { a, b, c } => self.copy_slice(r(a), r(b), r(c))?,
            Instr::DecodeRune { a, b, c } => self.decode_rune(r(a), r(b), r(c)),
            Instr::StrToBytes { a, b, k } => {
                self.string_to_bytes(r(a), r(b), k)?;
                self.safepoint();
            }
            Instr::StrToRunes { a, b, k } => {
                self.string_to_runes(r(a), r(b), k)?;
                self.safepoint();
            }
            Instr::BytesToStr { a, b } => {
                self.bytes_to_string(r(a), r(b))?;
                self.safepoint();
            }
            Instr::RunesToStr { a, b } => {
                self.runes_to_string(r(a), r(b))?;
                self.safepoint();
            }
            Instr::MakeFunc { a, f } => {
                self.make_func(r(a), f)?;
                self.safepoint();
            }
            Instr::SetCapture { a, b, c } => self.set_capture(r(a), r(b), c as usize),
            Instr::GetCapture { a, b, c } => self.get_capture(r(a), r(b), c as usize)?,
            Instr::MakeMap { a, k } => {
                self.make_map(r(a), k)?;
                self.safepoint();
            }
            Instr::MapGet { a, b, c } => self.map_get(r(a), r(b), r(c))?,
            Instr::MapSet { a, b, c } => {
                self.map_set(r(a), r(b), r(c))?;
                self.safepoint();
            }
            Instr::MapDelete { a, b } => self.map_delete(r(a), r(b)),
            Instr::MapLen { a, b } => self.stack[r(a)] = self.map_len(r(b)),
            Instr::MapNext { a, b, c } => self.map_next(r(a), r(b), r(c)),
            Instr::Recover { a } => self.recover(r(a)),
            Instr::IfaceIs { a, b, t } => {
                self.stack[r(a)] = u64::from(self.stack[r(b)] >> 1 == t as u64 + 1);
            }
            Instr::IfaceImplements { a, b, t } => {
                self.stack[r(a)] = u64::from(self.implements(self.stack[r(b)], t as usize));
            }
            Instr::Unbox { a, b, .. } => {
                self.unbox(r(a), r(b))?;
                self.safepoint();
            }
            Instr::PanicAssert { a, b, c } => {
                return Err(self.assertion_error(r(a), b as usize, c as usize))
            }
            Instr::ChanSend { .. }
            | Instr::ChanRecv { .. }
            | Instr::Select { .. }
            | Instr::ChanClose { .. }
            | Instr::Go { .. } => self.chan_step(ins, base)?,
            Instr::MakeChan { a, b, k } => {
                self.make_chan(r(a), r(b), k)?;
                self.safepoint();
            }
            Instr::ChanLen { a, b } => self.stack[r(a)] = self.chan_len(self.stack[r(b)]),
            Instr::ChanCap { a, b } => self.stack[r(a)] = self.chan_cap(self.stack[r(b)]),
            Instr::MapClear { a } => self.map_clear(r(a)),
            Instr::ClearSlice { a } => self.clear_slice(r(a))?,
            Instr::IfaceEq { a, b, c } => {
                let x = (self.stack[r(b)], self.stack[r(b) + 1]);
                let y = (self.stack[r(c)], self.stack[r(c) + 1]);
                self.stack[r(a)] = u64::from(self.iface_equal(x, y)?);
            }
            Instr::FrameIndex { a } => self.stack[r(a)] = (self.frames.len() - 1) as u64,
            Instr::DeferTo { a } => self.defer_to = Some(self.stack[r(a)] as usize),
            Instr::CheckNil { a } => {
                if self.stack[r(a)] == 0 {
                    return Err(self.nil_dereference());
                }
            }
            Instr::PushDefer { a, k } => {
                self.push_defer(r(a), k)?;
                self.safepoint();
            }
            Instr::NewBox { a, k } => {
                self.new_box(r(a), k)?;
                self.safepoint();
            }
            Instr::FrameSlice { a, b, c } => self.frame_slice(r(a), r(b), r(c))?,
            Instr::FrameFunc { a, b } => {
                self.heap_allocs_avoided += 1;
                self.stack[r(a)] = frame_closure_word(r(b));
            }
            Instr::Load { a, b, c } => self.load_ptr(r(a), (r(b), 0), c as usize)?,
            Instr::Store { a, b, c } => self.store_ptr(r(a), (r(b), 0), c as usize)?,
            Instr::LoadField { a, b, c } => self.load_ptr(r(a), (r(b), c as usize), 1)?,
            Instr::StoreField { a, b, c } => self.store_ptr(r(a), (r(b), c as usize), 1)?,
            Instr::PtrAddReg { a, b, c } => {
                self.stack[r(a)] = self.stack[r(b)];
                self.stack[r(a) + 1] = self.stack[r(b) + 1].wrapping_add(self.stack[r(c)]);
            }
            Instr::ElemAddr { a, b, c } => self.elem_addr(r(a), r(b), r(c))?,
            Instr::IndexCheck { a, k } => self.index_check(self.stack[r(a)], k)?,
            Instr::LoadIndexed { a, b, c } => {
                let from = r(b) + self.stack[r(c)] as usize;
                self.stack[r(a)] = self.register_word(from)?;
            }
            Instr::StoreIndexed { a, b, c } => {
                let to = r(b) + self.stack[r(c)] as usize;
                self.register_word(to)?;
                self.stack[to] = self.stack[r(a)];
            }
            Instr::GetGlobalAt { a, b, c } => {
                let k = self.stack[r(b)] as usize + c as usize;
                self.stack[r(a)] = self.global_word(k)?;
            }
            Instr::SetGlobalAt { a, b, c } => {
                let k = self.stack[r(b)] as usize + c as usize;
                self.global_word(k)?;
                self.globals[k] = self.stack[r(a)];
            }
            Instr::NewArray { a, b, k } => {
                self.new_array(r(a), self.stack[r(b)] as usize, k)?;
                self.safepoint();
            }
            Instr::CopyPtr { a, b, c } => self.copy_ptr(r(a), r(b), c as usize)?,
            Instr::GrowInBuffer { a, b, c } => {
                self.grow_in_buffer(r(a), r(b), c as usize)?;
                self.safepoint();
            }
            Instr::MoveToHeap { a, b, c } => {
                self.move_to_heap(r(a), r(b), c == 1)?;
                self.safepoint();
            }
            Instr::CopyPtrWide { a, b, c } => {
                let n = self.stack[r(c)] as usize;
                self.copy_ptr(r(a), r(b), n)?;
            }
            Instr::ArraySlice { a, b, c } => self.array_slice(r(a), r(b), r(c))?,
            Instr::SliceToArrayPtr { a, b, c } => self.slice_to_array_ptr(r(a), r(b), r(c))?,
            Instr::RuneToStr { a, b } => {
                self.rune_to_string(r(a), self.stack[r(b)] as i64)?;
                self.safepoint();
            }
            other => self.arith(other, base)?,
        }
        Ok(())
    }

    /// Integer, float, comparison and string-reading instructions.
    fn arith(&mut self, ins: Instr, base: usize) -> Result<(), VmError> {
        let r = |x: u8| base + x as usize;
        let s = &mut self.stack;
        match ins {
            Instr::DivInt { a, b, c }
            | Instr::RemInt { a, b, c }
            | Instr::DivUint { a, b, c }
            | Instr::RemUint { a, b, c } => {
                let (x, y) = (s[r(b)], s[r(c)]);
                if y == 0 {
                    return Err(self.panic("runtime error: integer divide by zero"));
                }
                self.stack[r(a)] = divide(ins, x, y);
            }
            Instr::AndNot { a, b, c } => s[r(a)] = s[r(b)] & !s[r(c)],
            Instr::Shl { a, b, c } => s[r(a)] = if s[r(c)] >= 64 { 0 } else { s[r(b)] << s[r(c)] },
            Instr::ShrUint { a, b, c } => {
                s[r(a)] = if s[r(c)] >= 64 { 0 } else { s[r(b)] >> s[r(c)] }
            }
            Instr::ShrInt { a, b, c } => s[r(a)] = ((s[r(b)] as i64) >> s[r(c)].min(63)) as u64,
            Instr::CheckShift { a } => {
                if (s[r(a)] as i64) < 0 {
                    return Err(self.panic("runtime error: negative shift amount"));
                }
            }
            Instr::NegInt { a, b } => s[r(a)] = s[r(b)].wrapping_neg(),
            Instr::BitNot { a, b } => s[r(a)] = !s[r(b)],
            Instr::Wrap { a, b, c } => s[r(a)] = wrap(s[r(b)], c),
            Instr::NegFloat { a, b } => s[r(a)] = (-f(s[r(b)])).to_bits(),
            Instr::SqrtFloat { a, b } => s[r(a)] = f(s[r(b)]).sqrt().to_bits(),
            Instr::MinFloat { a, b, c } => s[r(a)] = go_min(f(s[r(b)]), f(s[r(c)])).to_bits(),
            Instr::MaxFloat { a, b, c } => s[r(a)] = go_max(f(s[r(b)]), f(s[r(c)])).to_bits(),
            Instr::RoundF32 { a, b } => s[r(a)] = (f(s[r(b)]) as f32 as f64).to_bits(),
            Instr::UintToFloat { a, b } => s[r(a)] = (s[r(b)] as f64).to_bits(),
            Instr::FloatToUint { a, b } => s[r(a)] = float_to_uint(f(s[r(b)])),
            other => return self.strings_op(other, base),
        }
        Ok(())
    }

    fn strings_op(&mut self, ins: Instr, base: usize) -> Result<(), VmError> {
        let r = |x: u8| base + x as usize;
        match ins {
            Instr::StrLen { a, b } => self.stack[r(a)] = unpack(self.stack[r(b) + 1]).1 as u64,
            Instr::CmpStr { a, b, c } => {
                let x = self.str_bytes(self.stack[r(b)], self.stack[r(b) + 1]);
                let y = self.str_bytes(self.stack[r(c)], self.stack[r(c) + 1]);
                self.stack[r(a)] = x.cmp(y) as i64 as u64;
            }
            Instr::StrIndex { a, b, c } => {
                let i = self.stack[r(c)] as i64;
                let bytes = self.str_bytes(self.stack[r(b)], self.stack[r(b) + 1]);
                let Some(&byte) = usize::try_from(i).ok().and_then(|i| bytes.get(i)) else {
                    return Err(self.index_panic(i, bytes.len()));
                };
                self.stack[r(a)] = byte as u64;
            }
            Instr::StrSlice { a, b, c } => self.slice_string(r(a), r(b), r(c))?,
            other => {
                // Every instruction has a handler above; reaching here is a VM bug, reported
                // as a fatal error rather than ignored.
                return Err(VmError::Fatal {
                    message: format!("unhandled instruction {}", other.name()),
                    preamble: Vec::new(),
                    trace: self.trace(),
                });
            }
        }
        Ok(())
    }

    /// `s[lo:hi]` with Go's bounds checks.
    fn slice_string(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let (obj, packed) = (self.stack[b], self.stack[b + 1]);
        let (off, len) = unpack(packed);
        let lo = crate::slices::bound_or(self.stack[c], 0);
        let hi = crate::slices::bound_or(self.stack[c + 1], len as i64);
        let bounds = crate::slices::Bounds {
            lo,
            hi,
            max: None,
            limit: len as i64,
            limit_name: "length",
        };
        if let Some(msg) = bounds.error() {
            return Err(self.panic(format!("runtime error: slice bounds out of range {msg}")));
        }
        self.stack[a] = obj;
        self.stack[a + 1] = pack(off + lo as usize, (hi - lo) as usize);
        Ok(())
    }

    /// `a = b + c` for strings. With an empty operand the result is the other operand, as
    /// in Go (strings are immutable, so sharing its bytes is safe); otherwise the bytes are
    /// copied straight from both operands into the new string.
    fn concat(&mut self, a: usize, b: usize, c: usize) -> Result<(), VmError> {
        let (left, right) = (
            (self.stack[b], self.stack[b + 1]),
            (self.stack[c], self.stack[c + 1]),
        );
        let ((left_off, left_len), (right_off, right_len)) = (unpack(left.1), unpack(right.1));
        let result = if right_len == 0 {
            left
        } else if left_len == 0 {
            right
        } else {
            // SAFETY: both operands are nonempty strings in registers, so their objects are
            // current byte objects holding their windows; the allocation never collects.
            let obj = unsafe {
                self.heap.alloc_bytes_joined(
                    self.shapes.string,
                    (GcRef::from_bits(left.0), left_off, left_len),
                    (GcRef::from_bits(right.0), right_off, right_len),
                )
            }
            .map_err(VmError::from)?;
            (obj.to_bits(), pack(0, left_len + right_len))
        };
        self.stack[a] = result.0;
        self.stack[a + 1] = result.1;
        Ok(())
    }

    /// Stores a new string value holding `bytes` at registers `a`, `a + 1`.
    pub(crate) fn set_string(&mut self, a: usize, bytes: &[u8]) -> Result<(), VmError> {
        let obj = self.alloc_bytes(bytes)?;
        self.stack[a] = obj;
        self.stack[a + 1] = pack(0, bytes.len());
        Ok(())
    }

    fn rune_to_string(&mut self, a: usize, code: i64) -> Result<(), VmError> {
        let c = u32::try_from(code)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        self.set_string(a, s.as_bytes())
    }

    /// Boxes the multi-slot value at registers `b..` (of runtime type `t`) for an
    /// interface's data word.
    fn box_value(&mut self, b: usize, t: u8) -> Result<u64, VmError> {
        let Some(shape) = self.shapes.boxes.get(t as usize).copied().flatten() else {
            return Err(self.panic("internal error: no box shape for an interface value"));
        };
        let obj = self.heap.alloc(shape).map_err(VmError::from)?;
        let n = self.program.types[t as usize].slots.len();
        for k in 0..n {
            let v = self.stack[b + k];
            // SAFETY: `obj` was just allocated (no safepoint since) with `n` payload words;
            // reference words come from current registers and go through the barrier.
            unsafe {
                self.heap.store(obj, k, v);
                self.heap.write_barrier(obj, GcRef::from_bits(v));
            }
        }
        Ok(obj.to_bits())
    }

    /// A slice of `n` interface values copied from registers `b..`, stored at `a..a+3`.
    fn new_iface_slice(&mut self, a: usize, b: usize, n: usize) -> Result<(), VmError> {
        let obj = self
            .heap
            .alloc_array(self.shapes.iface_array, n)
            .map_err(VmError::from)?;
        for i in 0..2 * n {
            let w = self.stack[b + i];
            // SAFETY: `obj` was just allocated with `n` two-word elements; words at odd
            // indices are interface data, references exactly when the preceding type word is
            // odd, and those references come from current registers.
            unsafe {
                if i % 2 == 1 && self.stack[b + i - 1] & 1 == 1 {
                    self.heap.store_ref(obj, i, GcRef::from_bits(w));
                } else {
                    self.heap.store(obj, i, w);
                }
            }
        }
        self.stack[a] = obj.to_bits();
        self.stack[a + 1] = crate::slices::slice_window(0, 2);
        self.stack[a + 2] = n as u64;
        self.stack[a + 3] = n as u64;
        Ok(())
    }

    fn panic_value(&mut self, a: usize) -> VmError {
        let (t, data) = (self.stack[a], self.stack[a + 1]);
        match crate::natives::panic_text(self, t, data) {
            Ok(text) => self.panic(text),
            Err(message) => VmError::Fatal {
                message: format!("panic while printing panic value: {message}"),
                preamble: Vec::new(),
                trace: self.trace(),
            },
        }
    }
}

/// How many words `clear_registers` may clear at once past the end of a small range.
pub(crate) const CLEAR_WIDTH: usize = 8;

/// Zeroes registers `from..to` of the frame whose first register is at `regs`. With
/// `DEAD_ABOVE` (the words above `to` hold nothing live: a caller's free temporaries or
/// unused stack), a range of at most `CLEAR_WIDTH` words is cleared as `CLEAR_WIDTH` words
/// from `from`, a few stores instead of a loop.
///
/// # Safety
/// `regs + from ..= regs + to`, and with `DEAD_ABOVE` `regs + from + CLEAR_WIDTH`, lie in
/// the stack, and `from <= to`.
#[inline(always)]
unsafe fn clear_registers<const DEAD_ABOVE: bool>(regs: *mut u64, from: usize, to: usize) {
    // SAFETY: forwarded from the caller.
    unsafe {
        if DEAD_ABOVE && to - from <= CLEAR_WIDTH {
            regs.add(from)
                .cast::<[u64; CLEAR_WIDTH]>()
                .write_unaligned([0; CLEAR_WIDTH]);
            return;
        }
        zero_out_of_line(std::slice::from_raw_parts_mut(regs.add(from), to - from));
    }
}

/// `zero` for ranges `clear_registers` does not clear inline, kept out of the dispatch loop.
#[inline(never)]
fn zero_out_of_line(regs: &mut [u64]) {
    zero(regs)
}

/// Zeroes registers: a frame's are few, and a call to `memset` costs more than the stores
/// (volatile stores, so the loop is not turned back into that call).
#[inline(always)]
fn zero(regs: &mut [u64]) {
    if regs.len() > 16 {
        regs.fill(0);
        return;
    }
    for w in regs.iter_mut() {
        // SAFETY: `w` is a valid, exclusive reference to a register.
        unsafe { std::ptr::write_volatile(w, 0) };
    }
}

pub(crate) fn frame_size(proto: &mini_bytecode::FuncProto) -> usize {
    proto
        .slot_kinds
        .len()
        .max(proto.param_slots as usize)
        .max(proto.result_slots as usize)
}

fn jump(pc: usize, s: i16) -> usize {
    (pc as i64 + s as i64) as usize
}

/// Go's `min` for floats: NaN if either is NaN, and -0 is less than +0.
fn go_min(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y && x == 0.0 {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y {
        x
    } else {
        y
    }
}

/// Go's `max` for floats: NaN if either is NaN, and +0 is greater than -0.
fn go_max(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y && x == 0.0 {
        return if x.is_sign_positive() { x } else { y };
    }
    if x > y {
        x
    } else {
        y
    }
}

fn f(bits: u64) -> f64 {
    f64::from_bits(bits)
}

/// An immediate divisor: the code generator never emits zero (Go rejects a constant zero
/// divisor), and a zero here divides by one rather than trapping.
fn imm_divisor(c: i8) -> i64 {
    if c == 0 {
        1
    } else {
        c as i64
    }
}

/// Go's signed division wraps (`MinInt64 / -1 == MinInt64`); unsigned is plain.
fn divide(ins: Instr, x: u64, y: u64) -> u64 {
    match ins {
        Instr::DivInt { .. } => (x as i64).wrapping_div(y as i64) as u64,
        Instr::RemInt { .. } => (x as i64).wrapping_rem(y as i64) as u64,
        Instr::DivUint { .. } => x / y,
        _ => x % y,
    }
}

/// Truncates to a sized integer kind and extends back to 64 bits.
fn wrap(v: u64, kind: u8) -> u64 {
    match kind {
        1 => v as i8 as i64 as u64,
        2 => v as i16 as i64 as u64,
        3 => v as i32 as i64 as u64,
        4 => v as u8 as u64,
        5 => v as u16 as u64,
        6 => v as u32 as u64,
        _ => v,
    }
}

/// Go's float-to-uint64 conversion on amd64 for in-range values (out-of-range results are
/// implementation-defined in Go).
fn float_to_uint(x: f64) -> u64 {
    if x < 9.223_372_036_854_776e18 {
        x as i64 as u64
    } else {
        (x - 9.223_372_036_854_776e18) as i64 as u64 ^ (1 << 63)
    }
}
