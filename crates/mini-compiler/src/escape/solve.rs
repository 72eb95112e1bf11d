//! Solving the location graph: which locations escape, and where parameters leak.

use std::collections::VecDeque;

use super::explain::{self, Event};
use super::graph::{Graph, LocId, LocKind, HEAP};

/// Walks from every location until nothing changes (Go's `walkAll`). The walks share one
/// work list, empty between walks.
///
/// Every location is a root once (the heap first, then the others newest first, as Go
/// orders them); a location that newly escapes becomes a root again, next, because
/// everything whose address flows into it must now be checked against the heap.
/// Attributes only ever go from "stays" to "escapes", so each location is re-walked at most
/// once more and the whole solve is linear in the number of walks.
pub(crate) fn solve(g: &mut Graph) {
    let mut todo: VecDeque<LocId> = std::iter::once(HEAP)
        .chain((1..g.locs.len()).rev())
        .collect();
    for l in &mut g.locs {
        l.queued = true;
    }
    let mut walkgen = 0;
    let mut queue = VecDeque::new();
    while let Some(root) = todo.pop_front() {
        g.locs[root].queued = false;
        walkgen += 1;
        walk_one(g, root, walkgen, &mut todo, &mut queue);
    }
}

/// Finds the minimal dereference count from every location to `root` (edges can be -1, so
/// this is Bellman-Ford over a first-in first-out work list, as Go's) and applies what each
/// path means:
///
/// - a location whose address (`derefs < 0`) reaches a root that outlives it escapes;
/// - a parameter whose value reaches the heap or one of its function's results records
///   the leak (with the path's dereference count) for its tag.
///
/// Paths through a location that already escapes are not followed: that location's own
/// walk covers them. Each location remembers the edge it was reached by, for `-m=2`.
fn walk_one(
    g: &mut Graph,
    root: LocId,
    walkgen: u32,
    todo: &mut VecDeque<LocId>,
    queue: &mut VecDeque<LocId>,
) {
    g.locs[root].walkgen = walkgen;
    g.locs[root].derefs = 0;
    g.locs[root].dst = None;
    queue.push_back(root);
    while let Some(l) = queue.pop_front() {
        g.locs[l].queued_walk = 0;
        let mut derefs = g.locs[l].derefs;
        let address_of = derefs < 0;
        if address_of {
            // `root = &l; l = x`: l's address reaches root, x's does not.
            derefs = 0;
        }
        let outlives = outlives(g, root, l);
        let escapes = address_of && outlives && !g.locs[l].escapes;
        if escapes && g.explain {
            let (steps, truncated) = explain::path(g, root, l);
            g.events.push(Event::Escapes {
                loc: l,
                steps,
                truncated,
            });
        }
        if outlives && g.locs[l].param.is_some() {
            if g.explain && !g.locs[l].escapes {
                let (steps, truncated) = explain::path(g, root, l);
                g.events.push(Event::Leaks {
                    param: l,
                    sink: root,
                    derefs,
                    steps,
                    truncated,
                });
            }
            leak_to(g, l, root, derefs);
        }
        if escapes {
            g.locs[l].escapes = true;
            if !g.locs[l].queued {
                g.locs[l].queued = true;
                todo.push_front(l);
            }
            continue;
        }
        for i in 0..g.locs[l].edges.len() {
            let e = g.locs[l].edges[i];
            if g.locs[e.src].escapes {
                continue;
            }
            let d = derefs + e.derefs;
            let src = &mut g.locs[e.src];
            if src.walkgen != walkgen || src.derefs > d {
                src.walkgen = walkgen;
                src.derefs = d;
                src.dst = Some((l, i));
                if src.queued_walk != walkgen {
                    src.queued_walk = walkgen;
                    queue.push_back(e.src);
                }
            }
        }
    }
}

/// A parameter's value flows to `sink`: into a result of its own function (a result leak),
/// or anywhere else that outlives it (a heap leak).
fn leak_to(g: &mut Graph, param: LocId, sink: LocId, derefs: i32) {
    let (sink_func, sink_result, sink_escapes) = {
        let s = &g.locs[sink];
        (s.func, s.result, s.escapes)
    };
    let same_func = sink_func == g.locs[param].func;
    match sink_result {
        Some(r) if same_func && !sink_escapes => g.locs[param].leaks.add_result(r, derefs),
        _ => g.locs[param].leaks.add_heap(derefs),
    }
}

/// Whether `l` outlives `other` (Go's `outlives`): the heap and anything escaping outlive
/// everything; results outlive everything in their function (callers are unknown); a
/// location declared outside a loop outlives one declared inside it; a location outlives
/// the locations of the function literals nested in its function.
fn outlives(g: &Graph, l: LocId, other: LocId) -> bool {
    let (a, b) = (&g.locs[l], &g.locs[other]);
    if l == HEAP || a.escapes {
        return true;
    }
    if a.result.is_some() && matches!(a.kind, LocKind::Var(_) | LocKind::Result) {
        return true;
    }
    if a.func == b.func && a.loop_depth < b.loop_depth {
        return true;
    }
    g.contains_closure(a.func, b.func)
}
