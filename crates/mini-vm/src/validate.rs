//! The bytecode validator: run once when a program is loaded, it proves the facts the
//! dispatch loop's unchecked register and code accesses rely on.
//!
//! For every function: the last instruction is a `Return` or a `Jump` (straight-line
//! execution never runs off the end), every jump, skip and loop test (`LoopIf…`) lands on an
//! instruction of the function, and every register operand of an instruction `execute`
//! handles with unchecked accesses is below the function's frame size.

use mini_bytecode::{FuncProto, Instr, Program};

use crate::error::VmError;
use crate::interp::frame_size;

/// Checks every function of `program`; the error names the first offending instruction.
pub(crate) fn validate(program: &Program) -> Result<(), VmError> {
    for proto in &program.funcs {
        validate_func(proto).map_err(|why| VmError::Fatal {
            message: format!("invalid bytecode in {}: {why}", proto.name),
            preamble: Vec::new(),
            trace: Vec::new(),
        })?;
    }
    Ok(())
}

fn validate_func(proto: &FuncProto) -> Result<(), String> {
    let code = &proto.code;
    match code.last() {
        // A function without code is never entered (`frame_ptrs` refuses pc 0 of it).
        None => return Ok(()),
        Some(Instr::Return { .. } | Instr::Jump { .. }) => {}
        _ => return Err("the last instruction is not a return or a jump".into()),
    }
    let size = frame_size(proto);
    for (pc, ins) in code.iter().enumerate() {
        if let Some(target) = ins.branch_target(pc) {
            if target < 0 || target as usize >= code.len() {
                return Err(format!("{pc}: {ins} leaves the function"));
            }
        }
        if let Some(&r) = unchecked_registers(*ins).iter().find(|&&r| r >= size) {
            return Err(format!(
                "{pc}: {ins} uses register {r} of a {size}-register frame"
            ));
        }
    }
    Ok(())
}

/// The register operands `execute` reads or writes without a bounds check (this list and the
/// hot arms of `execute` must agree).
fn unchecked_registers(ins: Instr) -> Vec<usize> {
    match ins {
        Instr::AddInt { a, b, c }
        | Instr::SubInt { a, b, c }
        | Instr::MulInt { a, b, c }
        | Instr::DivInt { a, b, c }
        | Instr::RemInt { a, b, c }
        | Instr::And { a, b, c }
        | Instr::Or { a, b, c }
        | Instr::Xor { a, b, c }
        | Instr::AddFloat { a, b, c }
        | Instr::SubFloat { a, b, c }
        | Instr::MulFloat { a, b, c }
        | Instr::DivFloat { a, b, c }
        | Instr::EqInt { a, b, c }
        | Instr::NeInt { a, b, c }
        | Instr::LtInt { a, b, c }
        | Instr::LeInt { a, b, c }
        | Instr::LtUint { a, b, c }
        | Instr::LeUint { a, b, c }
        | Instr::EqFloat { a, b, c }
        | Instr::NeFloat { a, b, c }
        | Instr::LtFloat { a, b, c }
        | Instr::LeFloat { a, b, c } => regs(&[a, b, c]),
        Instr::MoveN { a, b, c } => last_registers(&[a, b], c),
        Instr::LoadNil { a, c } => last_registers(&[a], c),
        Instr::Return { a, c } => last_registers(&[a], c),
        Instr::PtrAdd { a, b, .. } => last_registers(&[a, b], 2),
        Instr::FramePtr { a, b, .. } => [last_registers(&[a], 2), regs(&[b])].concat(),
        Instr::LoadElem { a, b, c } | Instr::StoreElem { a, b, c } => {
            [regs(&[a, c]), last_registers(&[b], 4)].concat()
        }
        Instr::LoadElemImm { a, b, .. } => [regs(&[a]), last_registers(&[b], 4)].concat(),
        Instr::SwapElem { a, b, c } => [regs(&[b, c]), last_registers(&[a], 4)].concat(),
        Instr::LoadField { a, b, .. } | Instr::StoreField { a, b, .. } => {
            [regs(&[a]), last_registers(&[b], 2)].concat()
        }
        Instr::Load { a, b, c } | Instr::Store { a, b, c } => {
            [last_registers(&[a], c), last_registers(&[b], 2)].concat()
        }
        Instr::AddIntImm { a, b, .. }
        | Instr::MulIntImm { a, b, .. }
        | Instr::DivIntImm { a, b, .. }
        | Instr::RemIntImm { a, b, .. } => regs(&[a, b]),
        Instr::Move { a, b }
        | Instr::Not { a, b }
        | Instr::IntToFloat { a, b }
        | Instr::FloatToInt { a, b }
        | Instr::SkipIfEqInt { a, b }
        | Instr::SkipIfNeInt { a, b }
        | Instr::SkipIfLtInt { a, b }
        | Instr::SkipIfLeInt { a, b }
        | Instr::SkipIfLtUint { a, b }
        | Instr::SkipIfLeUint { a, b }
        | Instr::SkipIfEqFloat { a, b }
        | Instr::SkipIfNeFloat { a, b }
        | Instr::SkipIfLtFloat { a, b }
        | Instr::SkipIfLeFloat { a, b }
        | Instr::LoopIfEqInt { a, b, .. }
        | Instr::LoopIfNeInt { a, b, .. }
        | Instr::LoopIfLtInt { a, b, .. }
        | Instr::IncLoopIfLtInt { a, b, .. }
        | Instr::LoopIfLeInt { a, b, .. }
        | Instr::LoopIfLtUint { a, b, .. }
        | Instr::LoopIfLeUint { a, b, .. }
        | Instr::LoopIfLtFloat { a, b, .. }
        | Instr::LoopIfLeFloat { a, b, .. } => regs(&[a, b]),
        Instr::LoadInt { a, .. }
        | Instr::LoadConst { a, .. }
        | Instr::GetGlobal { a, .. }
        | Instr::SetGlobal { a, .. }
        | Instr::JumpIf { a, .. }
        | Instr::JumpIfNot { a, .. }
        | Instr::SkipIfEqImm { a, .. }
        | Instr::SkipIfNeImm { a, .. }
        | Instr::SkipIfLtImm { a, .. }
        | Instr::SkipIfLeImm { a, .. }
        | Instr::SkipIfGtImm { a, .. }
        | Instr::SkipIfGeImm { a, .. }
        | Instr::LoopIfEqImm { a, .. }
        | Instr::LoopIfNeImm { a, .. }
        | Instr::LoopIfLtImm { a, .. }
        | Instr::IncLoopIfLtImm { a, .. }
        | Instr::LoopIfLeImm { a, .. }
        | Instr::LoopIfGtImm { a, .. }
        | Instr::LoopIfGeImm { a, .. } => regs(&[a]),
        _ => Vec::new(),
    }
}

fn regs(rs: &[u8]) -> Vec<usize> {
    rs.iter().map(|&r| r as usize).collect()
}

/// The last register of each `n`-register range starting at `starts` (none when `n` is 0).
fn last_registers(starts: &[u8], n: u8) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    starts
        .iter()
        .map(|&r| r as usize + n as usize - 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mini_bytecode::SlotKind;

    fn proto(code: Vec<Instr>, registers: usize) -> FuncProto {
        FuncProto {
            name: "main.f".into(),
            code,
            slot_kinds: vec![SlotKind::Scalar; registers],
            ..FuncProto::default()
        }
    }

    #[test]
    fn accepts_generated_shapes() {
        let code = vec![
            Instr::SkipIfLtImm { a: 0, k: 2 },
            Instr::Jump { s: 1 },
            Instr::AddIntImm { a: 1, b: 0, c: -1 },
            Instr::MoveN { a: 0, b: 1, c: 1 },
            Instr::Return { a: 0, c: 1 },
        ];
        assert_eq!(validate_func(&proto(code, 2)), Ok(()));
        let code = vec![
            Instr::SkipIfLtInt { a: 0, b: 1 },
            Instr::Jump { s: 2 },
            Instr::AddIntImm { a: 0, b: 0, c: 1 },
            Instr::LoopIfLtInt { a: 0, b: 1, d: 2 },
            Instr::Return { a: 0, c: 1 },
        ];
        assert_eq!(validate_func(&proto(code, 2)), Ok(()));
    }

    #[test]
    fn rejects_registers_outside_the_frame() {
        let code = vec![
            Instr::AddInt { a: 0, b: 1, c: 2 },
            Instr::Return { a: 0, c: 0 },
        ];
        assert!(validate_func(&proto(code, 2)).is_err());
        let code = vec![
            Instr::MoveN { a: 0, b: 1, c: 2 },
            Instr::Return { a: 0, c: 0 },
        ];
        assert!(validate_func(&proto(code, 2)).is_err());
        let code = vec![
            Instr::LoopIfLeUint { a: 0, b: 3, d: 1 },
            Instr::Return { a: 0, c: 0 },
        ];
        assert!(validate_func(&proto(code, 2)).is_err());
        let code = vec![Instr::Return { a: 1, c: 2 }];
        assert!(validate_func(&proto(code, 2)).is_err());
    }

    #[test]
    fn rejects_branches_out_of_the_function_and_falling_off_the_end() {
        let code = vec![Instr::Jump { s: 5 }, Instr::Return { a: 0, c: 0 }];
        assert!(validate_func(&proto(code, 1)).is_err());
        let code = vec![
            Instr::SkipIfEqImm { a: 0, k: 0 },
            Instr::Return { a: 0, c: 0 },
        ];
        assert!(validate_func(&proto(code, 1)).is_err());
        let code = vec![Instr::Return { a: 0, c: 0 }, Instr::Nop];
        assert!(validate_func(&proto(code, 1)).is_err());
        let code = vec![
            Instr::LoopIfNeImm { a: 0, k: 0, d: 2 },
            Instr::Return { a: 0, c: 0 },
        ];
        assert!(validate_func(&proto(code, 1)).is_err());
    }
}
