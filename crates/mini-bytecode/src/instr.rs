//! The instruction set: one opcode list from which the `Instr` enum, its names, its
//! disassembly and its documentation table are all generated.
//!
//! Every instruction is 4 bytes (asserted below): an opcode byte and up to three operand bytes.
//! `a`, `b`, `c` are register numbers in the current frame (one register = one 8-byte slot);
//! `k` is an index into the program's constant or string table, `f` a function index, `n` a
//! native-function index, `s` a signed jump offset in instructions (relative to the next
//! instruction), `d` a backward jump distance (the target is `d` instructions before the next
//! instruction), `t` a runtime type index.

/// Declares the opcodes: `Name { field: type, ... } = "what it does"`.
macro_rules! opcodes {
    ($( $(#[$attr:meta])* $name:ident $({ $($field:ident : $ty:ty),* })? = $doc:literal ;)*) => {
        /// One VM instruction (see the module docs for operand conventions).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Instr {
            $( #[doc = $doc] $(#[$attr])* $name $({ $($field: $ty),* })?, )*
        }

        impl Instr {
            /// The opcode's name as the disassembler prints it.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Instr::$name { .. } => stringify!($name), )*
                }
            }

            /// The operands as `field=value` pairs, in declaration order.
            pub fn operands(&self) -> Vec<(&'static str, i64)> {
                match *self {
                    $( Instr::$name $({ $($field),* })? => vec![$($( (stringify!($field), $field as i64) ),*)?], )*
                }
            }
        }

        /// Every opcode with its operands and description, for generated documentation.
        pub const OPCODE_DOCS: &[(&str, &str, &str)] = &[
            $( (stringify!($name), concat!($($(stringify!($field), " "),*)?), $doc), )*
        ];
    };
}

opcodes! {
    Nop = "Does nothing.";
    Move { a: u8, b: u8 } = "a = b (one slot).";
    MoveN { a: u8, b: u8, c: u8 } = "Copies c slots from b.. to a..";
    LoadInt { a: u8, k: i16 } = "a = k (a small integer).";
    LoadConst { a: u8, k: u16 } = "a = constants[k] (64 bits).";
    LoadStr { a: u8, k: u16 } = "a, a+1 = the string constant k.";
    LoadNil { a: u8, c: u8 } = "Zeroes c slots from a.";
    GetGlobal { a: u8, k: u16 } = "a = globals[k] (one slot).";
    SetGlobal { a: u8, k: u16 } = "globals[k] = a (one slot).";

    AddInt { a: u8, b: u8, c: u8 } = "a = b + c (64-bit wrapping).";
    SubInt { a: u8, b: u8, c: u8 } = "a = b - c (64-bit wrapping).";
    MulInt { a: u8, b: u8, c: u8 } = "a = b * c (64-bit wrapping).";
    DivInt { a: u8, b: u8, c: u8 } = "a = b / c, signed; panics on zero.";
    RemInt { a: u8, b: u8, c: u8 } = "a = b % c, signed; panics on zero.";
    DivUint { a: u8, b: u8, c: u8 } = "a = b / c, unsigned; panics on zero.";
    RemUint { a: u8, b: u8, c: u8 } = "a = b % c, unsigned; panics on zero.";
    And { a: u8, b: u8, c: u8 } = "a = b & c.";
    Or { a: u8, b: u8, c: u8 } = "a = b | c.";
    Xor { a: u8, b: u8, c: u8 } = "a = b ^ c.";
    AndNot { a: u8, b: u8, c: u8 } = "a = b &^ c.";
    Shl { a: u8, b: u8, c: u8 } = "a = b << c (c unsigned; 0 when c >= 64; panics if c is negative when signed).";
    ShrInt { a: u8, b: u8, c: u8 } = "a = b >> c, arithmetic.";
    ShrUint { a: u8, b: u8, c: u8 } = "a = b >> c, logical.";
    AddIntImm { a: u8, b: u8, c: i8 } = "a = b + c (small immediate).";
    MulIntImm { a: u8, b: u8, c: i8 } = "a = b * c (small immediate).";
    DivIntImm { a: u8, b: u8, c: i8 } = "a = b / c, signed (c a nonzero immediate).";
    RemIntImm { a: u8, b: u8, c: i8 } = "a = b % c, signed (c a nonzero immediate).";
    NegInt { a: u8, b: u8 } = "a = -b.";
    BitNot { a: u8, b: u8 } = "a = ^b.";
    Not { a: u8, b: u8 } = "a = !b (booleans are 0 or 1).";
    Wrap { a: u8, b: u8, c: u8 } = "a = b truncated to c's integer kind (1=int8 2=int16 3=int32 4=uint8 5=uint16 6=uint32), sign- or zero-extended.";
    CheckShift { a: u8 } = "Panics with `negative shift amount` if the signed count a is negative.";

    AddFloat { a: u8, b: u8, c: u8 } = "a = b + c (float64).";
    SubFloat { a: u8, b: u8, c: u8 } = "a = b - c (float64).";
    MulFloat { a: u8, b: u8, c: u8 } = "a = b * c (float64).";
    DivFloat { a: u8, b: u8, c: u8 } = "a = b / c (float64).";
    NegFloat { a: u8, b: u8 } = "a = -b (float64).";
    SqrtFloat { a: u8, b: u8 } = "a = math.Sqrt(b) (float64; the call compiled in place).";
    MinFloat { a: u8, b: u8, c: u8 } = "a = min(b, c) as Go defines it for floats (NaN wins, -0 < +0).";
    MaxFloat { a: u8, b: u8, c: u8 } = "a = max(b, c) as Go defines it for floats (NaN wins, -0 < +0).";
    RoundF32 { a: u8, b: u8 } = "a = b rounded to float32 precision (stored as float64 bits).";

    IntToFloat { a: u8, b: u8 } = "a = float64(signed b).";
    UintToFloat { a: u8, b: u8 } = "a = float64(unsigned b).";
    FloatToInt { a: u8, b: u8 } = "a = int64(b), truncating.";
    FloatToUint { a: u8, b: u8 } = "a = uint64(b), truncating.";

    EqInt { a: u8, b: u8, c: u8 } = "a = b == c (slots compared bitwise).";
    NeInt { a: u8, b: u8, c: u8 } = "a = b != c.";
    LtInt { a: u8, b: u8, c: u8 } = "a = b < c, signed.";
    LeInt { a: u8, b: u8, c: u8 } = "a = b <= c, signed.";
    LtUint { a: u8, b: u8, c: u8 } = "a = b < c, unsigned.";
    LeUint { a: u8, b: u8, c: u8 } = "a = b <= c, unsigned.";
    EqFloat { a: u8, b: u8, c: u8 } = "a = b == c (float64).";
    NeFloat { a: u8, b: u8, c: u8 } = "a = b != c (float64).";
    LtFloat { a: u8, b: u8, c: u8 } = "a = b < c (float64).";
    LeFloat { a: u8, b: u8, c: u8 } = "a = b <= c (float64).";

    SkipIfEqInt { a: u8, b: u8 } = "Skips the next instruction if a == b (slots compared bitwise).";
    SkipIfNeInt { a: u8, b: u8 } = "Skips the next instruction if a != b.";
    SkipIfLtInt { a: u8, b: u8 } = "Skips the next instruction if a < b, signed.";
    SkipIfLeInt { a: u8, b: u8 } = "Skips the next instruction if a <= b, signed.";
    SkipIfLtUint { a: u8, b: u8 } = "Skips the next instruction if a < b, unsigned.";
    SkipIfLeUint { a: u8, b: u8 } = "Skips the next instruction if a <= b, unsigned.";
    SkipIfEqFloat { a: u8, b: u8 } = "Skips the next instruction if a == b (float64).";
    SkipIfNeFloat { a: u8, b: u8 } = "Skips the next instruction if a != b (float64).";
    SkipIfLtFloat { a: u8, b: u8 } = "Skips the next instruction if a < b (float64).";
    SkipIfLeFloat { a: u8, b: u8 } = "Skips the next instruction if a <= b (float64).";
    SkipIfEqImm { a: u8, k: i16 } = "Skips the next instruction if a == k (a small integer).";
    SkipIfNeImm { a: u8, k: i16 } = "Skips the next instruction if a != k.";
    SkipIfLtImm { a: u8, k: i16 } = "Skips the next instruction if a < k, signed.";
    SkipIfLeImm { a: u8, k: i16 } = "Skips the next instruction if a <= k, signed.";
    SkipIfGtImm { a: u8, k: i16 } = "Skips the next instruction if a > k, signed.";
    SkipIfGeImm { a: u8, k: i16 } = "Skips the next instruction if a >= k, signed.";

    LoopIfEqImm { a: u8, k: i8, d: u8 } = "Jumps back by d if a == k (a small integer): a loop's test at its bottom, a backward jump when taken.";
    LoopIfNeImm { a: u8, k: i8, d: u8 } = "Jumps back by d if a != k.";
    LoopIfLtImm { a: u8, k: i8, d: u8 } = "Jumps back by d if a < k, signed.";
    LoopIfLeImm { a: u8, k: i8, d: u8 } = "Jumps back by d if a <= k, signed.";
    LoopIfGtImm { a: u8, k: i8, d: u8 } = "Jumps back by d if a > k, signed.";
    LoopIfGeImm { a: u8, k: i8, d: u8 } = "Jumps back by d if a >= k, signed.";
    LoopIfEqInt { a: u8, b: u8, d: u8 } = "Jumps back by d if a == b (slots compared bitwise).";
    LoopIfNeInt { a: u8, b: u8, d: u8 } = "Jumps back by d if a != b.";
    LoopIfLtInt { a: u8, b: u8, d: u8 } = "Jumps back by d if a < b, signed.";
    IncLoopIfLtInt { a: u8, b: u8, d: u8 } = "a += 1, then jumps back by d if a < b, signed (a counted loop's `i++` and test).";
    IncLoopIfLtImm { a: u8, k: i8, d: u8 } = "a += 1, then jumps back by d if a < k, signed.";
    LoopIfLeInt { a: u8, b: u8, d: u8 } = "Jumps back by d if a <= b, signed.";
    LoopIfLtUint { a: u8, b: u8, d: u8 } = "Jumps back by d if a < b, unsigned.";
    LoopIfLeUint { a: u8, b: u8, d: u8 } = "Jumps back by d if a <= b, unsigned.";
    LoopIfLtFloat { a: u8, b: u8, d: u8 } = "Jumps back by d if a < b (float64).";
    LoopIfLeFloat { a: u8, b: u8, d: u8 } = "Jumps back by d if a <= b (float64).";

    Concat { a: u8, b: u8, c: u8 } = "a = b + c (strings; two slots each).";
    CmpStr { a: u8, b: u8, c: u8 } = "a = -1, 0 or 1 comparing strings b and c.";
    StrLen { a: u8, b: u8 } = "a = len(b) (b a string).";
    StrIndex { a: u8, b: u8, c: u8 } = "a = b[c] (a byte; panics out of range).";
    StrSlice { a: u8, b: u8, c: u8 } = "a = b[c:c+1] (string slice; c, c+1 are lo and hi, ABSENT_BOUND when absent).";
    RuneToStr { a: u8, b: u8 } = "a = string(rune b).";

    Jump { s: i16 } = "Jumps by s.";
    JumpIf { a: u8, s: i16 } = "Jumps by s if a is true.";
    JumpIfNot { a: u8, s: i16 } = "Jumps by s if a is false.";

    Call { a: u8, f: u16 } = "Calls function f with its frame starting at register a (arguments there; results written back there).";
    CallNative { a: u8, n: u16 } = "Calls native function n with arguments at a.. (results written back at a..).";
    Return { a: u8, c: u8 } = "Returns c slots from a.";
    Panic { a: u8 } = "Panics with the interface value a, a+1.";

    ToIface { a: u8, b: u8, t: u8 } = "a, a+1 = interface holding the one-slot value b of runtime type t.";
    ToIfaceBoxed { a: u8, b: u8, t: u8 } = "a, a+1 = interface holding a boxed copy of the value at b.. of runtime type t.";
    ToIfacePtr { a: u8, b: u8, t: u8 } = "a, a+1 = interface holding the value of runtime type t passed by pointer in b, b+1 (its private box becomes the interface's).";
    EqValues { a: u8, b: u8, t: u8 } = "a = (*b == *(b+2)) for two values of runtime type t passed by pointer in b..b+3, with Go's equality (panics on incomparable interface contents).";
    NewSlice { a: u8, b: u8, c: u8 } = "a..a+3 = a new slice of c elements of two slots, copied from b.. (variadic packing of interfaces).";
    MakeSlice { a: u8, b: u8, k: u8 } = "a..a+3 = make([]T, b, b+1) with array shape k (panics on bad sizes).";
    LoadElem { a: u8, b: u8, c: u8 } = "a.. = b[c] for the slice at b..b+3 (panics out of range).";
    LoadElemImm { a: u8, b: u8, k: u8 } = "a.. = b[k] for the slice at b..b+3 and a constant index k (panics out of range).";
    StoreElem { a: u8, b: u8, c: u8 } = "b[c] = a.. for the slice at b..b+3 (panics out of range).";
    SwapElem { a: u8, b: u8, c: u8 } = "a[b], a[c] = a[c], a[b] for the slice at a..a+3 (panics out of range, index b checked first).";
    Append { a: u8, b: u8, c: u8 } = "a..a+3 = append(slice b, c elements at b+5..), growing like Go; b+4 holds the array shape.";
    AppendSlice { a: u8, b: u8, c: u8 } = "a..a+3 = append(slice b, slice c...); b+4 holds the array shape.";
    SliceSlice { a: u8, b: u8, c: u8 } = "a..a+3 = b[c:c+1:c+2] for a slice (ABSENT_BOUND for an absent bound; panics out of range).";
    CopySlice { a: u8, b: u8, c: u8 } = "a = copy(slice b, slice c).";
    DecodeRune { a: u8, b: u8, c: u8 } = "a = the rune at byte c of string b (U+FFFD for invalid UTF-8), a+1 = its width in bytes.";
    StrToBytes { a: u8, b: u8, k: u8 } = "a..a+3 = []byte(string b), array shape k.";
    StrToRunes { a: u8, b: u8, k: u8 } = "a..a+3 = []rune(string b), array shape k.";
    BytesToStr { a: u8, b: u8 } = "a, a+1 = string(slice of bytes b).";
    RunesToStr { a: u8, b: u8 } = "a, a+1 = string(slice of runes b).";
    MakeFunc { a: u8, f: u16 } = "a = a new function value for function f, with room for its captured variables.";
    SetCapture { a: u8, b: u8, c: u8 } = "Stores the pointer b, b+1 as captured variable c of the function value a.";
    GetCapture { a: u8, b: u8, c: u8 } = "a, a+1 = the pointer to captured variable c of the function value b.";
    CallFunc { a: u8 } = "Calls the function value at a with arguments at a+1..; results come back at a+1.. (panics on nil).";
    MakeMap { a: u8, k: u16 } = "a = a new map with map shape k.";
    MapGet { a: u8, b: u8, c: u8 } = "a.. = m[key] for the map b, with c holding the map shape and the key at c+1.. (zero if absent); the slot after the value is 1 if found.";
    MapSet { a: u8, b: u8, c: u8 } = "m[key] = value for the map a, the key at b.., the value at c.. (panics on a nil map).";
    MapDelete { a: u8, b: u8 } = "delete(m, key) for the map a and the key at b...";
    MapLen { a: u8, b: u8 } = "a = len(map b).";
    MapNext { a: u8, b: u8, c: u8 } = "Iteration over the map b from the cursor in c (updated) through the entries array in c+1 (nil before the first step): a = 1 and a+1.. = key, value for the next entry, or a = 0 at the end.";
    PushDefer { a: u8, k: u16 } = "Records a deferred call: the function value and arguments at a.. (laid out as box shape k) are copied now and called when the function returns.";
    RunDefers = "Runs this frame's deferred calls, last first (each call returns to this instruction until none is left).";
    Recover { a: u8 } = "a, a+1 = recover(): the panic value when called directly by a deferred call the unwinder runs, else nil.";
    NewBox { a: u8, k: u16 } = "a, a+1 = a pointer to a new zeroed heap box of shape k (new(T), &T{}, a variable whose address is taken).";
    FramePtr { a: u8, b: u8, c: u8 } = "a, a+1 = a pointer to the value at register b of this frame (a variable or allocation escape analysis keeps in the frame); c = 1 counts a heap allocation avoided (new(T), &T{}, make).";
    FrameFunc { a: u8, b: u8 } = "a = a function value for the closure laid out in the registers from b of this frame (a function literal escape analysis keeps in the frame).";
    FrameSlice { a: u8, b: u8, c: u8 } = "a..a+3 = a slice of the registers from b of this frame, with length, capacity and words per element in c, c+1, c+2 (a make escape analysis keeps in the frame).";
    Load { a: u8, b: u8, c: u8 } = "a.. = *b: c slots through the pointer at b, b+1 (panics on nil).";
    Store { a: u8, b: u8, c: u8 } = "*b = a..: c slots through the pointer at b, b+1 (panics on nil).";
    LoadField { a: u8, b: u8, c: u8 } = "a = the slot c slots past the pointer at b, b+1 (a one-slot field through a pointer; panics on nil).";
    StoreField { a: u8, b: u8, c: u8 } = "The slot c slots past the pointer at b, b+1 = a (panics on nil).";
    PtrAdd { a: u8, b: u8, c: u8 } = "a, a+1 = the pointer b, b+1 moved c slots further (a field's address).";
    PtrAddReg { a: u8, b: u8, c: u8 } = "a, a+1 = the pointer b, b+1 moved by the number of slots in c (an array element's address).";
    ElemAddr { a: u8, b: u8, c: u8 } = "a, a+1 = &b[c] for the slice at b..b+3 (panics out of range).";
    IndexCheck { a: u8, k: u16 } = "Panics with `index out of range [a] with length k` unless 0 <= a < k (array indexing).";
    LoadIndexed { a: u8, b: u8, c: u8 } = "a = register b + c's value (one slot of an array held in registers; the index is checked).";
    StoreIndexed { a: u8, b: u8, c: u8 } = "register b + c's value = a (one slot of an array held in registers; the index is checked).";
    GetGlobalAt { a: u8, b: u8, c: u8 } = "a = globals[b's value + c] (one slot of a global array; the index is checked).";
    SetGlobalAt { a: u8, b: u8, c: u8 } = "globals[b's value + c] = a (one slot of a global array; the index is checked).";
    NewArray { a: u8, b: u8, k: u8 } = "a, a+1 = a pointer to a new zeroed array of b's value elements of array shape k (a heap array variable, new([N]T)).";
    CopyPtr { a: u8, b: u8, c: u8 } = "*a = *b: c slots from the pointer b, b+1 to the pointer a, a+1 (panics on nil).";
    GrowInBuffer { a: u8, b: u8, c: u8 } = "Before append(s, c values) with s and its array shape at a..a+4: if it must grow and fits in the 32-byte frame buffer whose array register b holds (made on first use), s moves there with the next size class above the new length as capacity.";
    MoveToHeap { a: u8, b: u8, c: u8 } = "Go's move2heap for the slice at a..a+3 if it lives in the frame buffer of register b: an array of its own with the same capacity (c = 1), or the next size class above its length as capacity (c = 0).";
    CopyPtrWide { a: u8, b: u8, c: u8 } = "*a = *b: as many slots as register c says, from the pointer b, b+1 to the pointer a, a+1 (panics on nil).";
    ArraySlice { a: u8, b: u8, c: u8 } = "a..a+3 = (*[N]T at pointer b, b+1)[c:c+1:c+2] with N in c+3 and the words per element in c+4 (ABSENT_BOUND for an absent bound; panics out of range or on nil).";
    SliceToArrayPtr { a: u8, b: u8, c: u8 } = "a, a+1 = (*[N]T)(slice b) with N in c (panics if the slice is shorter; nil for a nil slice).";

    CallIface { a: u8, k: u16 } = "Calls method k (an index into the method names) of the interface at a, a+1, arguments at a+2..: the dynamic value becomes the receiver; results come back at a.. (panics on nil).";
    IfaceIs { a: u8, b: u8, t: u8 } = "a = the interface b, b+1 holds a value of the concrete runtime type t.";
    IfaceImplements { a: u8, b: u8, t: u8 } = "a = the interface b, b+1 is not nil and its dynamic type has every method of interface type t.";
    Unbox { a: u8, b: u8, t: u8 } = "a.. = the value of runtime type t that the interface b, b+1 holds (a pointer to a private copy for a value passed by pointer).";
    PanicAssert { a: u8, b: u8, c: u8 } = "Panics with Go's `interface conversion` error: the interface a, a+1 of static type b is not of type c.";
    MapClear { a: u8 } = "clear(m) for the map a: removes every entry.";
    ClearSlice { a: u8 } = "clear(s) for the slice a..a+3: zeroes its elements.";
    IfaceEq { a: u8, b: u8, c: u8 } = "a = the interfaces b, b+1 and c, c+1 are equal (panics comparing uncomparable dynamic types).";
    CheckNil { a: u8 } = "Panics with Go's nil pointer dereference error if a is zero (a nil interface's method value or deferred method call).";

    Go { a: u8, k: u16 } = "Starts a goroutine calling the function value with the arguments at a.. (laid out as box shape k, evaluated now).";
    MakeChan { a: u8, b: u8, k: u8 } = "a = make(chan T, b) where k is the array shape of T (panics if b is negative or too large).";
    ChanSend { a: u8, b: u8 } = "Sends the value at b.. on the channel a (blocks until received or buffered; panics if closed).";
    ChanRecv { a: u8, b: u8, c: u8 } = "a.. = a value received from the channel b (blocks; the zero value once closed and drained); if c is 1, the slot after the value is 1 for a sent value and 0 for a closed channel.";
    ChanClose { a: u8 } = "close(a) for the channel a (panics if nil or closed).";
    ChanLen { a: u8, b: u8 } = "a = len(channel b).";
    ChanCap { a: u8, b: u8 } = "a = cap(channel b).";
    Select { a: u8, k: u16 } = "a = the index of the select case that runs. constants[k] holds the case count, plus 1 << 32 with a default case; constants[k+1+i] describes case i: bit 0 set for a send, bits 8-15 the channel register, bits 16-23 the value register (sent from, or received into), bit 24 set for a receive that also stores ok after the value. Blocks while no case is ready and there is no default (whose index is the case count).";
    FrameIndex { a: u8 } = "a = the index of the current frame (the function a range-over-func loop body defers its calls to).";
    DeferTo { a: u8 } = "The next PushDefer records its call for the frame whose index is in a (a `defer` in a range-over-func loop body runs when its function returns).";
}

const _: () = assert!(std::mem::size_of::<Instr>() == 4);

/// The value of a slice bound that is not written (`s[:hi]`, `s[lo:]`): no index can be it.
pub const ABSENT_BOUND: i64 = i64::MIN;

impl std::fmt::Display for Instr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<12}", self.name())?;
        for (i, (name, v)) in self.operands().iter().enumerate() {
            // Names of 12 characters or more still get a space before their operands.
            if i > 0 || self.name().len() >= 12 {
                write!(f, " ")?;
            }
            write!(f, "{name}={v}")?;
        }
        Ok(())
    }
}

/// Control flow: where an instruction may continue other than at the next one.
impl Instr {
    /// Where a jump, skip or loop test at `pc` may continue other than at `pc + 1`.
    pub fn branch_target(self, pc: usize) -> Option<i64> {
        let next = pc as i64 + 1;
        match self {
            Instr::Jump { s } | Instr::JumpIf { s, .. } | Instr::JumpIfNot { s, .. } => {
                Some(next + s as i64)
            }
            _ if self.is_skip() => Some(next + 1),
            _ => self.loop_distance().map(|d| next - d as i64),
        }
    }

    /// How far back a loop's bottom test (`LoopIf…`) jumps when its condition holds.
    pub fn loop_distance(self) -> Option<u8> {
        match self {
            Instr::LoopIfEqImm { d, .. }
            | Instr::LoopIfNeImm { d, .. }
            | Instr::LoopIfLtImm { d, .. }
            | Instr::LoopIfLeImm { d, .. }
            | Instr::LoopIfGtImm { d, .. }
            | Instr::LoopIfGeImm { d, .. }
            | Instr::LoopIfEqInt { d, .. }
            | Instr::LoopIfNeInt { d, .. }
            | Instr::LoopIfLtInt { d, .. }
            | Instr::IncLoopIfLtInt { d, .. }
            | Instr::IncLoopIfLtImm { d, .. }
            | Instr::LoopIfLeInt { d, .. }
            | Instr::LoopIfLtUint { d, .. }
            | Instr::LoopIfLeUint { d, .. }
            | Instr::LoopIfLtFloat { d, .. }
            | Instr::LoopIfLeFloat { d, .. } => Some(d),
            _ => None,
        }
    }

    /// Whether this skips the next instruction when its test holds.
    pub fn is_skip(self) -> bool {
        matches!(
            self,
            Instr::SkipIfEqInt { .. }
                | Instr::SkipIfNeInt { .. }
                | Instr::SkipIfLtInt { .. }
                | Instr::SkipIfLeInt { .. }
                | Instr::SkipIfLtUint { .. }
                | Instr::SkipIfLeUint { .. }
                | Instr::SkipIfEqFloat { .. }
                | Instr::SkipIfNeFloat { .. }
                | Instr::SkipIfLtFloat { .. }
                | Instr::SkipIfLeFloat { .. }
                | Instr::SkipIfEqImm { .. }
                | Instr::SkipIfNeImm { .. }
                | Instr::SkipIfLtImm { .. }
                | Instr::SkipIfLeImm { .. }
                | Instr::SkipIfGtImm { .. }
                | Instr::SkipIfGeImm { .. }
        )
    }
}
