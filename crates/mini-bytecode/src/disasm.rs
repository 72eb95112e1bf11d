//! The disassembler behind `mini build -S`.

use std::fmt::Write;

use crate::proto::{FuncProto, Program};

/// The whole program as text: each function's registers and instructions with lines.
pub fn disassemble(p: &Program) -> String {
    let mut out = String::new();
    for (i, f) in p.funcs.iter().enumerate() {
        disassemble_func(&mut out, i, f, p);
    }
    out
}

fn disassemble_func(out: &mut String, index: usize, f: &FuncProto, p: &Program) {
    let _ = writeln!(
        out,
        "func #{index} {} (params {}, results {}, registers {})",
        f.name,
        f.param_slots,
        f.result_slots,
        f.slot_kinds.len()
    );
    for (pc, ins) in f.code.iter().enumerate() {
        let line = f.lines.get(pc).copied().unwrap_or(0);
        let _ = write!(out, "  {pc:4}  [{line:3}]  {ins}");
        if let Some(note) = annotation(ins, p) {
            let _ = write!(out, "  ; {note}");
        }
        out.push('\n');
    }
}

/// A comment naming what an operand index refers to.
fn annotation(ins: &crate::Instr, p: &Program) -> Option<String> {
    use crate::Instr::*;
    match *ins {
        LoadStr { k, .. } => p.strings.get(k as usize).map(|s| crate::strconv::quote(s)),
        LoadConst { k, .. } => p.consts.get(k as usize).map(|c| format!("{c:#x}")),
        Call { f, .. } => p.funcs.get(f as usize).map(|f| f.name.clone()),
        CallNative { n, .. } => p.natives.get(n as usize).cloned(),
        ToIface { t, .. } | ToIfaceBoxed { t, .. } | ToIfacePtr { t, .. } | EqValues { t, .. } => {
            p.types.get(t as usize).map(|t| t.name.clone())
        }
        _ => None,
    }
}
