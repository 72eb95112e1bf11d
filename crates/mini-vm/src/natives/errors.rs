//! `errors` natives: the one step of `errors.As` that needs run-time types (the rest of the
//! package is Go code in the compiler's `stdlib/errors.mini`).

use mini_bytecode::TypeKind;
use mini_gc::GcRef;

use crate::error::VmError;
use crate::ifaces::type_index;
use crate::vm::Vm;

/// Runs `errors.<func>`; `None` if there is no such native.
pub(super) fn call(vm: &mut Vm, func: &str, base: usize) -> Option<Result<(), VmError>> {
    match func {
        "asTarget" => Some(as_target(vm, base)),
        _ => None,
    }
}

/// `asTarget(err error, target any) bool`: when `err` fits in `*target` (an interface type
/// `err` implements, or `err`'s own dynamic type), stores it there and reports true. A target
/// that is not a non-nil pointer panics as Go's `errors.As` does.
fn as_target(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let (etype, edata) = (vm.stack[base], vm.stack[base + 1]);
    let (ttype, tdata) = (vm.stack[base + 2], vm.stack[base + 3]);
    if ttype == 0 {
        return Err(vm.panic("errors: target cannot be nil"));
    }
    let TypeKind::Pointer { elem } = vm.program.types[type_index(ttype)].kind else {
        return Err(vm.panic("errors: target must be a non-nil pointer"));
    };
    let pointer = vm.iface_words(ttype, tdata);
    if pointer[0] == 0 {
        return Err(vm.panic("errors: target must be a non-nil pointer"));
    }
    let elem = elem as usize;
    let words = match vm.program.types[elem].kind {
        TypeKind::Interface { .. } if vm.implements(etype, elem) => Some(vec![etype, edata]),
        TypeKind::Interface { .. } => None,
        _ if etype != 0 && type_index(etype) == elem => Some(vm.iface_words(etype, edata)),
        _ => None,
    };
    vm.stack[base] = u64::from(words.is_some());
    let Some(words) = words else {
        return Ok(());
    };
    let (obj, off) = (GcRef::from_bits(pointer[0]), pointer[1] as usize);
    for (i, w) in words.into_iter().enumerate() {
        // SAFETY: `obj` is the live object the target pointer (held by a current register's
        // interface) points into, with the pointee's slots at `off..`; natives never
        // collect, and every stored word goes through the barrier.
        unsafe {
            vm.heap.store(obj, off + i, w);
            vm.heap.write_barrier_at(obj, off + i, w);
        }
    }
    Ok(())
}
