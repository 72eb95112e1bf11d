//! Map key order for printing, as Go's internal/fmtsort: numbers by value (NaN first),
//! strings bytewise, false before true, pointers and channels by address, structs and
//! arrays field by field, nil interfaces first.

use std::cmp::Ordering;

use super::value::FmtValue;

/// The entries sorted by key (stable, so equal keys such as NaNs keep their order).
pub(super) fn sort_entries(entries: &[(FmtValue, FmtValue)]) -> Vec<&(FmtValue, FmtValue)> {
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort_by(|a, b| compare(&a.0, &b.0));
    sorted
}

/// Go's `fmtsort.compare`. Interface keys of different dynamic types are ordered by type
/// name here; Go orders them by the address of the type descriptor, which no program can
/// rely on.
fn compare(a: &FmtValue, b: &FmtValue) -> Ordering {
    match (a, b) {
        (FmtValue::NilInterface(_), FmtValue::NilInterface(_)) => return Ordering::Equal,
        (FmtValue::NilInterface(_), _) => return Ordering::Less,
        (_, FmtValue::NilInterface(_)) => return Ordering::Greater,
        _ => {}
    }
    let (ta, tb) = (a.type_name(), b.type_name());
    if ta != tb {
        return ta.cmp(&tb);
    }
    match (a.underlying(), b.underlying()) {
        (FmtValue::Int(x, _), FmtValue::Int(y, _)) => x.cmp(y),
        (FmtValue::Uint(x, _), FmtValue::Uint(y, _)) => x.cmp(y),
        (FmtValue::Float(x, _), FmtValue::Float(y, _)) => compare_floats(*x, *y),
        (FmtValue::String(x), FmtValue::String(y)) => x.cmp(y),
        (FmtValue::Bool(x), FmtValue::Bool(y)) => x.cmp(y),
        (FmtValue::Pointer { addr: x, .. }, FmtValue::Pointer { addr: y, .. })
        | (FmtValue::Chan { addr: x, .. }, FmtValue::Chan { addr: y, .. }) => x.cmp(y),
        (FmtValue::Struct { fields: x, .. }, FmtValue::Struct { fields: y, .. }) => x
            .iter()
            .zip(y)
            .map(|(f, g)| compare(&f.value, &g.value))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
        (FmtValue::List { elems: x, .. }, FmtValue::List { elems: y, .. }) => {
            let (x, y) = (
                x.as_deref().unwrap_or_default(),
                y.as_deref().unwrap_or_default(),
            );
            x.iter()
                .zip(y)
                .map(|(e, f)| compare(e, f))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        }
        (FmtValue::Bytes { bytes: x, .. }, FmtValue::Bytes { bytes: y, .. }) => x.cmp(y),
        _ => Ordering::Less,
    }
}

/// Go's `cmp.Compare` on floats: NaN below everything and equal to NaN, -0 equal to 0.
fn compare_floats(x: f64, y: f64) -> Ordering {
    match (x.is_nan(), y.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}
