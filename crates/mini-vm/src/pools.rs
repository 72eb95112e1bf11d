//! `sync.Pool` contents, kept by the VM so collections can drop them the way Go's runtime
//! does: each major collection moves a pool's items to its victim cache and drops the
//! previous victims, so an item survives one collection and not two.
//!
//! A pool is an id in its `sync.Pool` struct (given by its first `Put`); its items are
//! interface values (type word, data word) and are roots until dropped. A pool that dies
//! leaves an empty entry behind; its items go with the next two major collections.

use mini_gc::Tracer;

/// One pool's items with Go's single-P layout: a private item, then a shared stack.
#[derive(Default)]
struct Cache {
    private: Option<(u64, u64)>,
    shared: Vec<(u64, u64)>,
}

impl Cache {
    fn is_empty(&self) -> bool {
        self.private.is_none() && self.shared.is_empty()
    }

    fn words(&mut self) -> impl Iterator<Item = &mut (u64, u64)> {
        self.private.iter_mut().chain(self.shared.iter_mut())
    }
}

#[derive(Default)]
struct Pool {
    local: Cache,
    victim: Cache,
}

/// Every pool the program made.
#[derive(Default)]
pub(crate) struct Pools {
    pools: Vec<Pool>,
}

impl Pools {
    /// A new pool; its id is never 0 (the zero `sync.Pool` has none yet).
    pub(crate) fn register(&mut self) -> u64 {
        self.pools.push(Pool::default());
        self.pools.len() as u64
    }

    fn pool(&mut self, id: u64) -> Option<&mut Pool> {
        let i = usize::try_from(id).ok()?.checked_sub(1)?;
        self.pools.get_mut(i)
    }

    /// Go's `Put`: the private slot if free, else the shared stack's head.
    pub(crate) fn put(&mut self, id: u64, item: (u64, u64)) {
        let Some(p) = self.pool(id) else { return };
        if p.local.private.is_none() {
            p.local.private = Some(item);
            return;
        }
        p.local.shared.push(item);
    }

    /// Go's `Get` without `New`: the private item, the shared head, then the victim cache's
    /// private item and shared tail.
    pub(crate) fn get(&mut self, id: u64) -> Option<(u64, u64)> {
        let p = self.pool(id)?;
        if let Some(x) = p.local.private.take().or_else(|| p.local.shared.pop()) {
            return Some(x);
        }
        if let Some(x) = p.victim.private.take() {
            return Some(x);
        }
        if p.victim.shared.is_empty() {
            return None;
        }
        Some(p.victim.shared.remove(0))
    }

    /// Go's `poolCleanup`, run as a major collection starts: victims are dropped, and the
    /// current items become the victims.
    pub(crate) fn cleanup(&mut self) {
        for p in &mut self.pools {
            p.victim = std::mem::take(&mut p.local);
        }
    }

    /// Visits every item's data word that holds a reference (odd type word).
    pub(crate) fn visit(&mut self, t: &mut Tracer) {
        for p in &mut self.pools {
            if p.local.is_empty() && p.victim.is_empty() {
                continue;
            }
            for (ty, data) in p.local.words().chain(p.victim.words()) {
                if *ty & 1 == 1 {
                    t.visit_word(data);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_survive_one_cleanup_not_two() {
        let mut p = Pools::default();
        let id = p.register();
        p.put(id, (2, 1));
        p.put(id, (2, 2));
        p.put(id, (2, 3));
        assert_eq!(p.get(id), Some((2, 1)));
        assert_eq!(p.get(id), Some((2, 3)));
        p.cleanup();
        assert_eq!(p.get(id), Some((2, 2)));
        p.put(id, (2, 4));
        p.cleanup();
        p.cleanup();
        assert_eq!(p.get(id), None);
        assert_eq!(p.get(0), None);
    }
}
