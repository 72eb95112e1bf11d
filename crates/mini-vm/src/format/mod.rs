//! Go's `fmt` printing (`Sprint`, `Sprintln`, `Sprintf`) over a value model the VM builds.
//!
//! Operands are [`FmtValue`]s; values with `Error`/`String`/`GoString` methods are
//! [`FmtValue::Methods`] and the methods run through a [`MethodHost`] only when Go would
//! call them.

mod fmt;
mod print;
mod printf;
mod sort;
mod value;

pub use value::{
    Field, FloatKind, FmtValue, IntKind, Method, MethodHost, MethodOutcome, MethodSet, NoMethods,
    TypeName, UintKind,
};

use print::Printer;

/// Go's `fmt.Sprint`.
pub fn sprint(args: &[FmtValue], host: &mut dyn MethodHost) -> Vec<u8> {
    let mut p = Printer::new(host);
    p.do_print(args);
    p.f.buf
}

/// Go's `fmt.Sprintln`.
pub fn sprintln(args: &[FmtValue], host: &mut dyn MethodHost) -> Vec<u8> {
    let mut p = Printer::new(host);
    p.do_println(args);
    p.f.buf
}

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &[u8], args: &[FmtValue], host: &mut dyn MethodHost) -> Vec<u8> {
    let mut p = Printer::new(host);
    p.do_printf(format, args);
    p.f.buf
}

/// The formatting half of Go's `fmt.Errorf`: the text, and the operand index of every `%w`
/// verb, sorted when the format used explicit indexes (duplicates are kept).
pub fn errorf(
    format: &[u8],
    args: &[FmtValue],
    host: &mut dyn MethodHost,
) -> (Vec<u8>, Vec<usize>) {
    let mut p = Printer::new(host);
    p.wrap_errs = true;
    p.do_printf(format, args);
    let mut wrapped = p.wrapped;
    wrapped.sort_unstable();
    (p.f.buf, wrapped)
}
