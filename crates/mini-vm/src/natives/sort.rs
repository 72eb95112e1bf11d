//! Go's `sort` functions over `[]int`, `[]float64` and `[]string`: sorting in place with Go's
//! algorithm (NaNs first for floats), sortedness tests and binary searches; and the length
//! and element swap of a slice of any type held in an interface (for `sort.Slice`).

use super::pdqsort;
use super::slice_args::SliceArg;
use super::{float_at, int_at, set_bool, set_int, Str};
use crate::error::VmError;
use crate::vm::Vm;
use mini_bytecode::TypeKind;
use mini_gc::GcRef;

/// Runs `sort.<name>` on the arguments at `stack[base..]`.
pub(super) fn call(vm: &mut Vm, name: &str, base: usize) -> Option<Result<(), VmError>> {
    match name {
        "lenOf" => return Some(len_of(vm, base)),
        "swapElems" => return Some(swap_elems(vm, base)),
        _ => {}
    }
    let x = SliceArg::at(vm, base);
    Some(match name {
        "Ints" => {
            let mut v = ints(vm, x);
            pdqsort::sort(&mut v, &|a: &i64, b: &i64| a < b);
            write_back(vm, x, v.iter().map(|&i| i as u64))
        }
        "Float64s" => {
            let mut v = floats(vm, x);
            pdqsort::sort(&mut v, &float_less);
            write_back(vm, x, v.iter().map(|f| f.to_bits()))
        }
        "Strings" => sort_strings(vm, x),
        "IntsAreSorted" => set_bool(vm, base, is_sorted(&ints(vm, x), |a, b| a < b)),
        "Float64sAreSorted" => set_bool(vm, base, is_sorted(&floats(vm, x), float_less)),
        "StringsAreSorted" => {
            let v = x.strings(vm);
            let sorted = is_sorted(&v, |a, b| a.bytes(vm) < b.bytes(vm));
            set_bool(vm, base, sorted)
        }
        "SearchInts" => {
            let (v, target) = (x.words(vm, 1), int_at(vm, base + 4));
            let i = search(v.len(), |i| v[i] as i64 >= target);
            set_int(vm, base, i)
        }
        "SearchFloat64s" => {
            let (v, target) = (x.words(vm, 1), float_at(vm, base + 4));
            let i = search(v.len(), |i| f64::from_bits(v[i]) >= target);
            set_int(vm, base, i)
        }
        "SearchStrings" => {
            let (v, target) = (x.words(vm, 2), Str::at(vm, base + 4).bytes(vm));
            let i = search(v.len() / 2, |i| {
                Str::from_words(v[2 * i], v[2 * i + 1]).bytes(vm) >= target
            });
            set_int(vm, base, i)
        }
        _ => return None,
    })
}

fn ints(vm: &Vm, x: SliceArg) -> Vec<i64> {
    x.words(vm, 1).iter().map(|&w| w as i64).collect()
}

fn floats(vm: &Vm, x: SliceArg) -> Vec<f64> {
    x.words(vm, 1).iter().map(|&w| f64::from_bits(w)).collect()
}

/// Go's `cmp.Less` for floats: NaN is less than any other value.
fn float_less(a: &f64, b: &f64) -> bool {
    (a.is_nan() && !b.is_nan()) || a < b
}

fn write_back(vm: &mut Vm, x: SliceArg, words: impl Iterator<Item = u64>) -> Result<(), VmError> {
    let words: Vec<u64> = words.collect();
    x.write_words(vm, 1, &words);
    Ok(())
}

fn sort_strings(vm: &mut Vm, x: SliceArg) -> Result<(), VmError> {
    let mut v = x.strings(vm);
    let vm_ref: &Vm = vm;
    pdqsort::sort(&mut v, &|a: &Str, b: &Str| {
        a.bytes(vm_ref) < b.bytes(vm_ref)
    });
    let words: Vec<u64> = v
        .iter()
        .flat_map(|s| {
            let (obj, packed) = s.window(0, s.len);
            [obj, packed]
        })
        .collect();
    x.write_words(vm, 2, &words);
    Ok(())
}

/// Go's `slices.IsSorted`.
fn is_sorted<T>(v: &[T], less: impl Fn(&T, &T) -> bool) -> bool {
    (1..v.len()).rev().all(|i| !less(&v[i], &v[i - 1]))
}

/// Go's `sort.Search`: the first index in `0..n` where `f` holds (`n` if none).
fn search(n: usize, f: impl Fn(usize) -> bool) -> i64 {
    let (mut i, mut j) = (0, n);
    while i < j {
        let h = (i + j) / 2;
        if f(h) {
            j = h;
        } else {
            i = h + 1;
        }
    }
    i as i64
}

/// A slice inside an interface argument: backing array, word offset, length, words per
/// element.
struct SliceIn {
    obj: u64,
    off: usize,
    len: usize,
    w: usize,
}

/// The slice an `any` at `stack[at..at + 2]` holds; otherwise Go's panic for a
/// `reflectlite.Swapper` of a value of another kind.
fn slice_in(vm: &mut Vm, at: usize) -> Result<SliceIn, VmError> {
    let (t, data) = (vm.stack[at], vm.stack[at + 1]);
    if t == 0 {
        return Err(vm.panic("reflect: call of Swapper on zero Value"));
    }
    let rt = &vm.program.types[crate::ifaces::type_index(t)];
    let TypeKind::Slice { elem } = rt.kind else {
        let msg = format!("reflect: call of Swapper on {} Value", kind_name(&rt.kind));
        return Err(vm.panic(msg));
    };
    let w = vm.program.types[elem as usize].slots.len();
    let words = vm.iface_words(t, data);
    Ok(SliceIn {
        obj: words[0],
        off: crate::slices::window_offset(words[1]),
        len: words[2] as usize,
        w,
    })
}

/// Go's `reflect.Kind` name of a runtime type kind.
fn kind_name(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Bool => "bool".into(),
        TypeKind::Int { bits: 64 } => "int".into(),
        TypeKind::Int { bits } => format!("int{bits}"),
        TypeKind::Uint { bits: 64 } => "uint".into(),
        TypeKind::Uint { bits } => format!("uint{bits}"),
        TypeKind::Float { bits } => format!("float{bits}"),
        TypeKind::String => "string".into(),
        TypeKind::Slice { .. } => "slice".into(),
        TypeKind::Array { .. } => "array".into(),
        TypeKind::Struct { .. } => "struct".into(),
        TypeKind::Pointer { .. } => "ptr".into(),
        TypeKind::Map { .. } => "map".into(),
        TypeKind::Interface { .. } => "interface".into(),
        TypeKind::Func => "func".into(),
        TypeKind::Chan { .. } => "chan".into(),
    }
}

/// `lenOf(x any) int`.
fn len_of(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let len = slice_in(vm, base)?.len;
    set_int(vm, base, len as i64)
}

/// `swapElems(x any, i, j int)`: swaps the words of elements `i` and `j`, storing through
/// the write barrier.
fn swap_elems(vm: &mut Vm, base: usize) -> Result<(), VmError> {
    let SliceIn { obj, off, len, w } = slice_in(vm, base)?;
    let (i, j) = (int_at(vm, base + 2), int_at(vm, base + 3));
    let in_range = |k: i64| usize::try_from(k).is_ok_and(|k| k < len);
    if !in_range(i) || !in_range(j) {
        return Err(vm.panic("reflect: slice index out of range"));
    }
    let (a, b) = (off + i as usize * w, off + j as usize * w);
    let r = GcRef::from_bits(obj);
    for k in 0..w {
        // SAFETY: `obj` is the backing array of the slice in a current register's interface
        // (natives never collect) and both elements lie within the slice's length.
        unsafe { vm.heap.swap_words(r, a + k, b + k) };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{float_less, search};
    use crate::natives::pdqsort;

    #[test]
    fn nan_sorts_first() {
        let mut v = vec![
            3.0,
            f64::NAN,
            -1.0,
            f64::INFINITY,
            f64::NAN,
            f64::NEG_INFINITY,
        ];
        pdqsort::sort(&mut v, &float_less);
        assert!(v[0].is_nan() && v[1].is_nan());
        assert_eq!(&v[2..], &[f64::NEG_INFINITY, -1.0, 3.0, f64::INFINITY]);
    }

    #[test]
    fn search_finds_first_not_less() {
        let v = [1, 2, 2, 2, 3];
        assert_eq!(search(v.len(), |i| v[i] >= 2), 1);
        assert_eq!(search(v.len(), |i| v[i] >= 9), 5);
        assert_eq!(search(0, |_| true), 0);
    }
}
