//! The location graph: locations (variables, results, allocation sites, the heap) and the
//! assignment edges between them, weighted by dereference count, as in Go's escape analysis.

use super::explain::{Event, Step};
use crate::ast::{ExprId, Pos};
use crate::check::ObjId;

/// A location's index in [`Graph::locs`].
pub(crate) type LocId = usize;

/// The heap pseudo-location: it outlives everything.
pub(crate) const HEAP: LocId = 0;

/// What a location stands for.
#[derive(Clone, Debug)]
pub(crate) enum LocKind {
    /// The heap, or a temporary.
    Pseudo,
    /// A local variable, parameter or named result.
    Var(ObjId),
    /// An unnamed result (`~rN`) of a function.
    Result,
    /// An allocation site: its expression, position and Go's name for it (an `append` is
    /// reported as `append`).
    Site {
        id: ExprId,
        pos: Pos,
        text: String,
        append: bool,
    },
}

/// An assignment `dst = *...*src` (or `dst = &src` when `derefs` is -1); stored on `dst`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub src: LocId,
    pub derefs: i32,
    /// Why the value flows (for `-m=2`), most recent note first.
    pub notes: Option<NoteId>,
}

/// A note's index in [`Graph::notes`].
pub(crate) type NoteId = u32;

/// Why a value flows where it does (Go's `note`): the expression or statement responsible,
/// how Go prints it, its position and the reason (`assign`, `address-of`, ...).
#[derive(Clone, Debug)]
pub(crate) struct Note {
    pub text: String,
    pub pos: Pos,
    pub why: &'static str,
    pub next: Option<NoteId>,
}

/// One location with its edges, what the solver found and the walk's scratch state.
#[derive(Clone, Debug)]
pub(crate) struct Loc {
    pub kind: LocKind,
    /// The function (or function literal) declaring it.
    pub func: usize,
    pub loop_depth: u32,
    pub edges: Vec<Edge>,
    pub escapes: bool,
    /// A parameter's index in its function's leak tags (receiver first).
    pub param: Option<usize>,
    /// A result's index among its function's results.
    pub result: Option<usize>,
    pub addrtaken: bool,
    pub reassigned: bool,
    pub captured: bool,
    /// The parameter's leaks found so far.
    pub leaks: super::tags::Leaks,
    pub walkgen: u32,
    pub derefs: i32,
    pub queued: bool,
    /// During a walk: the location this one's value flows to on the shortest path to the
    /// root, and the index of that edge among its edges.
    pub dst: Option<(LocId, usize)>,
    /// The walk that queued this location last (0: none).
    pub queued_walk: u32,
    /// Whether it is on the heap from its creation (too large for a frame).
    pub too_large: bool,
}

impl Loc {
    pub fn new(kind: LocKind, func: usize, loop_depth: u32) -> Loc {
        Loc {
            kind,
            func,
            loop_depth,
            edges: Vec::new(),
            escapes: false,
            param: None,
            result: None,
            addrtaken: false,
            reassigned: false,
            captured: false,
            leaks: super::tags::Leaks::default(),
            walkgen: 0,
            derefs: 0,
            queued: false,
            dst: None,
            queued_walk: 0,
            too_large: false,
        }
    }
}

/// An evaluation context: "the value being evaluated is assigned to `*...*dst`" with
/// `derefs` dereferences (-1: its address is). `None` discards the value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hole {
    pub dst: Option<LocId>,
    pub derefs: i32,
    pub addrtaken: bool,
    pub notes: Option<NoteId>,
}

impl Hole {
    pub const DISCARD: Hole = Hole {
        dst: None,
        derefs: 0,
        addrtaken: false,
        notes: None,
    };

    pub fn to(dst: LocId) -> Hole {
        Hole {
            dst: Some(dst),
            derefs: 0,
            addrtaken: false,
            notes: None,
        }
    }

    pub fn heap() -> Hole {
        Hole::to(HEAP)
    }

    /// The context of `x` in `*x`.
    pub fn deref(self) -> Hole {
        self.shift(1)
    }

    /// The context of `x` in `&x`.
    pub fn addr(self) -> Hole {
        Hole {
            derefs: self.derefs - 1,
            addrtaken: true,
            ..self
        }
    }

    pub fn shift(self, n: i32) -> Hole {
        Hole {
            derefs: self.derefs + n,
            ..self
        }
    }
}

/// All locations of one batch of functions.
pub(crate) struct Graph {
    pub locs: Vec<Loc>,
    /// Each function of the batch: its enclosing function (for literals).
    pub parents: Vec<Option<usize>>,
    /// Whether to record notes and explanations (`-m=2`).
    pub explain: bool,
    pub notes: Vec<Note>,
    /// What `-m=2` explains, in the order Go prints it.
    pub events: Vec<Event>,
}

impl Graph {
    pub fn new() -> Graph {
        let mut heap = Loc::new(LocKind::Pseudo, usize::MAX, 0);
        heap.escapes = true;
        Graph {
            locs: vec![heap],
            parents: Vec::new(),
            explain: false,
            notes: Vec::new(),
            events: Vec::new(),
        }
    }

    pub fn add(&mut self, loc: Loc) -> LocId {
        self.locs.push(loc);
        self.locs.len() - 1
    }

    /// `k` with a note saying why a value flows into it (only when explaining).
    pub fn note(&mut self, k: Hole, pos: Pos, why: &'static str, text: String) -> Hole {
        if !self.explain || k.dst.is_none() {
            return k;
        }
        self.notes.push(Note {
            text,
            pos,
            why,
            next: k.notes,
        });
        Hole {
            notes: Some(self.notes.len() as NoteId - 1),
            ..k
        }
    }

    /// Records the flow of `src`'s value into hole `k`.
    ///
    /// Two shortcuts from Go: a location whose address is assigned to the heap escapes at
    /// once, and a location assigned to itself (without taking its address) adds nothing.
    pub fn flow(&mut self, k: Hole, src: LocId) {
        let Some(dst) = k.dst else {
            return;
        };
        if k.addrtaken {
            self.locs[src].addrtaken = true;
        }
        if dst == src && k.derefs >= 0 {
            return;
        }
        if self.locs[dst].escapes && dst == HEAP && k.derefs < 0 {
            if self.explain {
                let steps = vec![Step {
                    dst,
                    src,
                    derefs: k.derefs,
                    notes: k.notes,
                }];
                self.events.push(Event::Escapes {
                    loc: src,
                    steps,
                    truncated: false,
                });
            }
            self.locs[src].escapes = true;
            return;
        }
        self.locs[dst].edges.push(Edge {
            src,
            derefs: k.derefs,
            notes: k.notes,
        });
    }

    /// Whether function `inner` is a literal nested (at any depth) inside `outer`.
    pub fn contains_closure(&self, outer: usize, inner: usize) -> bool {
        let mut f = inner;
        while let Some(p) = self.parents.get(f).copied().flatten() {
            if p == outer {
                return true;
            }
            f = p;
        }
        false
    }
}
