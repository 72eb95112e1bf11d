//! Go's `-m=2` explanations: why a location escapes or a parameter leaks, as the path of
//! assignments (with their notes) from it to the location that outlives it.

use hashbrown::HashSet;

use super::build::Builder;
use super::graph::{Graph, LocId, LocKind, NoteId, HEAP};
use super::ExplainLine;
use crate::ast::Pos;
use crate::check::ObjId;

/// One assignment on an explained path: `dst` receives `src` with `derefs` dereferences.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub dst: LocId,
    pub src: LocId,
    pub derefs: i32,
    pub notes: Option<NoteId>,
}

/// Something `-m=2` explains, recorded when the analysis finds it.
#[derive(Clone, Debug)]
pub(crate) enum Event {
    /// `loc` escapes: its address reaches the end of `steps`.
    Escapes {
        loc: LocId,
        steps: Vec<Step>,
        truncated: bool,
    },
    /// Parameter `param` leaks to `sink` with `derefs` dereferences.
    Leaks {
        param: LocId,
        sink: LocId,
        derefs: i32,
        steps: Vec<Step>,
        truncated: bool,
    },
    /// A closure captures `var` by value or by reference.
    Captures {
        var: LocId,
        byval: bool,
        width: u64,
        addrtaken: bool,
        reassigned: bool,
    },
}

/// The path from `src` to the walk's `root`, following each location's `dst` (Go's
/// `explainPath`); whether it was cut short by a cycle.
pub(crate) fn path(g: &Graph, root: LocId, mut src: LocId) -> (Vec<Step>, bool) {
    let mut visited = HashSet::new();
    let mut steps = Vec::new();
    loop {
        if !visited.insert(src) {
            return (steps, true);
        }
        let Some((dst, i)) = g.locs[src].dst else {
            return (steps, false);
        };
        let e = g.locs[dst].edges[i];
        steps.push(Step {
            dst,
            src,
            derefs: e.derefs,
            notes: e.notes,
        });
        if dst == root {
            return (steps, false);
        }
        src = dst;
    }
}

/// The event "`loc` is on the heap because it is too large for a frame".
pub(crate) fn too_large(loc: LocId) -> Event {
    let step = Step {
        dst: HEAP,
        src: loc,
        derefs: -1,
        notes: None,
    };
    Event::Escapes {
        loc,
        steps: vec![step],
        truncated: false,
    }
}

/// A location's text and position, and the name of the function it belongs to.
fn subject<'a>(b: &'a Builder, loc: LocId) -> (String, Pos, &'a str) {
    let (text, pos) = node(b, loc);
    (text, pos, &b.func_names[b.g.locs[loc].func])
}

/// Appends the lines of `events` to `out`.
pub(crate) fn render(b: &Builder, events: &[Event], out: &mut Vec<ExplainLine>) {
    for e in events {
        match e {
            Event::Escapes {
                loc,
                steps,
                truncated,
            } => {
                let (text, pos, func) = subject(b, *loc);
                let head = format!("{text} escapes to heap in {func}:");
                lines(b, pos, head, steps, *truncated, out);
            }
            Event::Leaks {
                param,
                sink,
                derefs,
                steps,
                truncated,
            } => {
                let (text, pos, func) = subject(b, *param);
                let sink = loc_name(b, *sink);
                let head =
                    format!("parameter {text} leaks to {sink} for {func} with derefs={derefs}:");
                lines(b, pos, head, steps, *truncated, out);
            }
            Event::Captures { var, byval, .. } => capture(b, e, *var, *byval, out),
        }
    }
}

/// `f capturing by value: x (addr=false assign=false width=8)`.
fn capture(b: &Builder, e: &Event, var: LocId, byval: bool, out: &mut Vec<ExplainLine>) {
    let Event::Captures {
        width,
        addrtaken,
        reassigned,
        ..
    } = e
    else {
        return;
    };
    let (name, pos) = node(b, var);
    let how = if byval { "value" } else { "ref" };
    let text = format!(
        "{} capturing by {how}: {name} (addr={addrtaken} assign={reassigned} width={width})",
        b.func_names[b.g.locs[var].func]
    );
    out.push(ExplainLine::new(pos, text, None));
}

/// The header, then each step's flow and notes (Go's `explainFlow`).
fn lines(
    b: &Builder,
    pos: Pos,
    head: String,
    steps: &[Step],
    truncated: bool,
    out: &mut Vec<ExplainLine>,
) {
    out.push(ExplainLine::new(pos, head, None));
    for s in steps {
        let ops = if s.derefs < 0 {
            "&".to_string()
        } else {
            "*".repeat(s.derefs as usize)
        };
        let flow = format!(
            "  flow: {} ← {ops}{}:",
            loc_name(b, s.dst),
            loc_name(b, s.src)
        );
        out.push(ExplainLine::new(pos, flow, None));
        if s.notes.is_none() && s.dst == HEAP && b.g.locs[s.src].too_large {
            let (text, at) = node(b, s.src);
            let line = format!("    from {text} (too large for stack)");
            out.push(ExplainLine::new(pos, line, Some(at)));
        }
        let mut note = s.notes;
        while let Some(n) = note {
            let n = &b.g.notes[n as usize];
            let line = format!("    from {} ({})", n.text, n.why);
            out.push(ExplainLine::new(pos, line, Some(n.pos)));
            note = n.next;
        }
    }
    if truncated {
        let line =
            "  warning: truncated explanation due to assignment cycle; see golang.org/issue/35518";
        out.push(ExplainLine::new(pos, line.into(), None));
    }
}

/// How Go prints a location's node (`%v`) and where it is.
fn node(b: &Builder, l: LocId) -> (String, Pos) {
    match &b.g.locs[l].kind {
        LocKind::Var(obj) => var(b, *obj),
        LocKind::Site { pos, text, .. } => (text.clone(), *pos),
        LocKind::Result | LocKind::Pseudo => (loc_name(b, l), 0),
    }
}

fn var(b: &Builder, obj: ObjId) -> (String, Pos) {
    let o = &b.info.objects[obj.0 as usize];
    (o.name.clone(), o.pos)
}

/// Go's `explainLoc`: `{heap}`, `{temp}`, a variable's name or `{storage for X}`.
fn loc_name(b: &Builder, l: LocId) -> String {
    let loc = &b.g.locs[l];
    match &loc.kind {
        _ if l == HEAP => "{heap}".into(),
        LocKind::Pseudo => "{temp}".into(),
        LocKind::Var(obj) => var(b, *obj).0,
        LocKind::Result => format!("~r{}", loc.result.unwrap_or(0)),
        LocKind::Site { text, .. } => format!("{{storage for {text}}}"),
    }
}
