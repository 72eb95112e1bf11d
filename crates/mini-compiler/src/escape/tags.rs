//! Parameter leak tags (what a call does with its arguments, seen from the caller) and the
//! bottom-up order of the call graph's strongly connected components.

/// Where a parameter's value goes: the fewest dereferences on a path to the heap and to each
/// result (`None`: no path).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Leaks {
    pub heap: Option<i32>,
    pub results: Vec<Option<i32>>,
}

impl Leaks {
    pub fn add_heap(&mut self, derefs: i32) {
        self.heap = Some(self.heap.map_or(derefs, |h| h.min(derefs)));
    }

    pub fn add_result(&mut self, r: usize, derefs: i32) {
        if self.results.len() <= r {
            self.results.resize(r + 1, None);
        }
        let cur = &mut self.results[r];
        *cur = Some(cur.map_or(derefs, |h| h.min(derefs)));
    }

    /// Go's `Optimize`: a result leak at least as deep as the heap leak adds nothing.
    pub fn optimize(&mut self) {
        let Some(h) = self.heap else {
            return;
        };
        for r in &mut self.results {
            if r.is_some_and(|d| d >= h) {
                *r = None;
            }
        }
    }

    /// A parameter that leaks everything to the heap (an unknown callee's).
    pub fn everything() -> Leaks {
        Leaks {
            heap: Some(0),
            results: Vec::new(),
        }
    }
}

/// The strongly connected components of a graph given as adjacency lists, callees before
/// callers (Tarjan's algorithm, iterative so deep call chains cannot overflow the stack).
pub(crate) fn sccs(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.reverse();
                out.push(comp);
            }
        }
    }
    out
}
