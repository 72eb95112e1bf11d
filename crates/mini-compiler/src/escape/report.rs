//! Go's `-m` report: parameter leaks, variables moved to the heap, allocation sites that
//! escape or do not, sorted by position as Go prints them.

use super::build::Builder;
use super::graph::{LocId, LocKind};
use super::Escapes;

/// Appends the batch's messages to `out`: first every parameter's tag (Go reports them when
/// it tags the functions), then every location in creation order.
pub(crate) fn collect(b: &Builder, out: &mut Escapes) {
    for (l, loc) in b.g.locs.iter().enumerate() {
        if loc.param.is_some() {
            param_messages(b, l, out);
        }
    }
    for loc in &b.g.locs {
        match &loc.kind {
            LocKind::Var(obj) if loc.escapes => {
                let o = &b.info.objects[obj.0 as usize];
                out.messages
                    .push((o.pos, format!("moved to heap: {}", o.name)));
            }
            LocKind::Site {
                pos, text, append, ..
            } => {
                let what = if loc.escapes {
                    "escapes to heap"
                } else {
                    "does not escape"
                };
                let text = if *append { "append" } else { text };
                out.messages.push((*pos, format!("{text} {what}")));
            }
            _ => {}
        }
    }
}

/// `leaking param: p`, `leaking param content: p`, `leaking param: p to result r level=n`
/// or `p does not escape`, for a parameter that holds pointers and stays in the frame.
fn param_messages(b: &Builder, l: LocId, out: &mut Escapes) {
    let loc = &b.g.locs[l];
    let LocKind::Var(obj) = loc.kind else {
        return;
    };
    let o = &b.info.objects[obj.0 as usize];
    let pointers = b
        .obj_type(obj)
        .is_some_and(|t| super::size::has_pointers(&b.info.types, t));
    if loc.escapes || !pointers || o.name == "_" {
        return;
    }
    let mut leaks = loc.leaks.clone();
    leaks.optimize();
    let name = &o.name;
    let mut said = false;
    if let Some(h) = leaks.heap {
        let msg = if h == 0 {
            format!("leaking param: {name}")
        } else {
            format!("leaking param content: {name}")
        };
        out.messages.push((o.pos, msg));
        said = true;
    }
    for (r, d) in leaks.results.iter().enumerate() {
        if let Some(d) = d {
            let res = result_name(b, loc.func, r);
            out.messages.push((
                o.pos,
                format!("leaking param: {name} to result {res} level={d}"),
            ));
            said = true;
        }
    }
    if !said {
        out.messages
            .push((o.pos, format!("{name} does not escape")));
    }
}

fn result_name(b: &Builder, func: usize, r: usize) -> String {
    let found =
        b.g.locs
            .iter()
            .find(|l| l.func == func && l.result == Some(r));
    match found.map(|l| &l.kind) {
        Some(LocKind::Var(obj)) => b.info.objects[obj.0 as usize].name.clone(),
        _ => format!("~r{r}"),
    }
}
