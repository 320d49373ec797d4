//! Where each record of the browser replica lies in IndexedDB, and what a
//! write must do to keep that straight. Pure (no browser), so it is tested
//! natively; `storage` carries the plan out.
//!
//! A pulled page is written whole as one *chunk* (one IndexedDB entry for a
//! thousand records: IndexedDB costs about 80 µs per entry written and 35 µs
//! per entry read, whatever its size). Everything else — the user's edits,
//! the answers to pushes — gives the record an entry of its own, which
//! stands above any chunk copy. A record has one *current* copy: its own
//! entry, or the newest chunk that holds it; older copies in chunks are
//! stale. A chunk left with no current copy is deleted; one holding an
//! evicted record is rewritten without it (eviction must free space).

use std::collections::{BTreeMap, BTreeSet};

use super::client::WriteSet;
use super::model::{Mutation, RecordId};

/// How a write places its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A pulled page: one new chunk (a small page — the few records changed
    /// since the last sync — an entry per record, so chunks stay few).
    Pulled,
    /// Anything else: an entry per record.
    Own,
}

/// Pulled pages with fewer records than this are not made chunks.
pub const MIN_CHUNK: usize = 50;

/// Where the current copy of each record is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Records with an entry of their own.
    own: BTreeSet<RecordId>,
    /// Records whose current copy is in a chunk, and that chunk.
    home: BTreeMap<RecordId, u64>,
    /// Each chunk and the records whose current copy it holds.
    members: BTreeMap<u64, BTreeSet<RecordId>>,
    /// Chunks with no current copy (all moved on, or damaged): deleted by
    /// the next write.
    dead: BTreeSet<u64>,
}

/// The IndexedDB requests of one write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskPlan {
    /// Records to write as entries of their own.
    pub put_own: Vec<RecordId>,
    /// Own entries to delete.
    pub delete_own: Vec<RecordId>,
    /// A new chunk: its key and its records.
    pub new_chunk: Option<(u64, Vec<RecordId>)>,
    /// Chunks to write again with these records (their current copies).
    pub rewrite_chunks: Vec<(u64, Vec<RecordId>)>,
    pub delete_chunks: Vec<u64>,
}

impl Layout {
    /// While reading: `id`'s copy in chunk `key` (read in key order, so a
    /// later chunk's copy is newer).
    pub fn found_in_chunk(&mut self, id: RecordId, key: u64) {
        self.leave(id);
        self.home.insert(id, key);
        self.members.entry(key).or_default().insert(id);
    }

    /// While reading: a chunk that did not read back.
    pub fn found_damaged(&mut self, key: u64) {
        self.dead.insert(key);
    }

    /// While reading, after the chunks: `id` has an entry of its own.
    pub fn found_own(&mut self, id: RecordId) {
        self.leave(id);
        self.own.insert(id);
    }

    /// After reading: chunks left without a current copy are dead.
    pub fn finish_reading(&mut self) {
        let empty: Vec<u64> = self
            .members
            .iter()
            .filter(|(_, members)| members.is_empty())
            .map(|(key, _)| *key)
            .collect();
        for key in empty {
            self.members.remove(&key);
            self.dead.insert(key);
        }
    }

    /// How many chunks and own entries hold current copies.
    pub fn counts(&self) -> (usize, usize) {
        (self.members.len(), self.own.len())
    }

    /// `id` leaves its place; the chunk it left, if it was in one.
    fn leave(&mut self, id: RecordId) -> Option<u64> {
        self.own.remove(&id);
        let key = self.home.remove(&id)?;
        if let Some(members) = self.members.get_mut(&key) {
            members.remove(&id);
        }
        Some(key)
    }

    /// The requests that write `set` (placed as `placement`, a new chunk
    /// under `new_key`), and the layout after them.
    pub fn plan(&self, set: &WriteSet, placement: Placement, new_key: u64) -> (DiskPlan, Layout) {
        let mut next = self.clone();
        let mut plan = DiskPlan::default();
        let mut left = BTreeSet::new();
        let placement = match placement {
            Placement::Pulled if set.records.len() < MIN_CHUNK => Placement::Own,
            other => other,
        };
        for id in set.records.keys() {
            if next.own.contains(id) && placement == Placement::Pulled {
                plan.delete_own.push(*id);
            }
            left.extend(next.leave(*id));
        }
        match placement {
            Placement::Pulled => {
                let ids: Vec<RecordId> = set.records.keys().copied().collect();
                for id in &ids {
                    next.home.insert(*id, new_key);
                }
                next.members.insert(new_key, ids.iter().copied().collect());
                plan.new_chunk = Some((new_key, ids));
            }
            Placement::Own => {
                for id in set.records.keys() {
                    next.own.insert(*id);
                    plan.put_own.push(*id);
                }
            }
        }
        let mut evicted_from = BTreeSet::new();
        for id in &set.evicted {
            if set.records.contains_key(id) {
                continue;
            }
            if next.own.contains(id) {
                plan.delete_own.push(*id);
            }
            if let Some(key) = next.leave(*id) {
                evicted_from.insert(key);
                left.insert(key);
            }
        }
        for key in left {
            match next.members.get(&key) {
                Some(members) if !members.is_empty() => {
                    // Stale copies stay until the chunk empties, except an
                    // evicted record's: it must not come back at the next
                    // start, and its space is wanted.
                    if evicted_from.contains(&key) {
                        plan.rewrite_chunks
                            .push((key, members.iter().copied().collect()));
                    }
                }
                _ => {
                    next.members.remove(&key);
                    plan.delete_chunks.push(key);
                }
            }
        }
        plan.delete_chunks.extend(std::mem::take(&mut next.dead));
        (plan, next)
    }
}

/// The outbox entries `outbox` deletes, as runs of consecutive sequence
/// numbers `(first, last)`.
pub fn deleted_runs(outbox: &BTreeMap<u64, Option<Mutation>>) -> Vec<(u64, u64)> {
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for seq in outbox
        .iter()
        .filter(|(_, entry)| entry.is_none())
        .map(|(seq, _)| *seq)
    {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(seq) => *last = seq,
            _ => runs.push((seq, seq)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::client::LocalRecord;
    use crate::sync::model::{Fields, RecordKind};

    fn record(id: RecordId) -> LocalRecord {
        LocalRecord::with_view(
            RecordKind::new("council_session"),
            id,
            None,
            Fields::new(),
            false,
        )
    }

    #[test]
    fn outbox_deletes_go_as_runs_of_consecutive_numbers() {
        let mutation = |seq: u64| Mutation {
            client_id: crate::sync::model::ClientId::new(),
            seq,
            kind: RecordKind::new("council_session"),
            record_id: RecordId::new(),
            base_version: 0,
            at: 0,
            operation: crate::sync::model::Operation::Delete {
                seen: Fields::new(),
            },
            settles: false,
        };
        let outbox: BTreeMap<u64, Option<Mutation>> = [
            (1, None),
            (2, None),
            (3, None),
            (4, Some(mutation(4))),
            (5, None),
            (7, None),
            (8, None),
            (u64::MAX, None),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            deleted_runs(&outbox),
            vec![(1, 3), (5, 5), (7, 8), (u64::MAX, u64::MAX)]
        );
        assert!(deleted_runs(&BTreeMap::new()).is_empty());
    }

    fn set_of(ids: &[RecordId]) -> WriteSet {
        let mut set = WriteSet::default();
        for id in ids {
            set.records.insert(*id, record(*id));
        }
        set
    }

    fn ids(count: usize) -> Vec<RecordId> {
        let mut ids: Vec<RecordId> = (0..count).map(|_| RecordId::new()).collect();
        ids.sort();
        ids
    }

    /// A page big enough to be a chunk, holding `ids` and others.
    fn page(ids: &[RecordId]) -> Vec<RecordId> {
        let mut page = self::ids(MIN_CHUNK);
        page.extend_from_slice(ids);
        page.sort();
        page
    }

    #[test]
    fn a_pulled_page_is_one_chunk_and_moves_records_out_of_their_own_entries() {
        let [a] = ids(1).try_into().unwrap();
        let (plan, layout) = Layout::default().plan(&set_of(&[a]), Placement::Own, 1);
        assert_eq!(plan.put_own, [a]);
        assert_eq!(plan.new_chunk, None);
        let pulled = page(&[a]);
        let (plan, layout) = layout.plan(&set_of(&pulled), Placement::Pulled, 2);
        assert_eq!(plan.new_chunk, Some((2, pulled.clone())));
        assert_eq!(plan.delete_own, [a], "the pulled copy is the current one");
        assert!(plan.put_own.is_empty() && plan.delete_chunks.is_empty());
        assert_eq!(layout.counts(), (1, 0));
    }

    #[test]
    fn a_small_pulled_page_gives_its_records_entries_of_their_own() {
        let few = ids(MIN_CHUNK - 1);
        let (plan, layout) = Layout::default().plan(&set_of(&few), Placement::Pulled, 1);
        assert_eq!(plan.new_chunk, None);
        assert_eq!(plan.put_own, few);
        assert_eq!(layout.counts(), (0, MIN_CHUNK - 1));
    }

    #[test]
    fn a_chunk_is_deleted_once_every_record_in_it_moved_on() {
        let first = page(&[]);
        let (_, mut layout) = Layout::default().plan(&set_of(&first), Placement::Pulled, 1);
        // Edits of all but the last: the chunk still holds that one.
        let (last, edited) = first.split_last().unwrap();
        for (at, id) in edited.iter().enumerate() {
            let (plan, next) = layout.plan(&set_of(&[*id]), Placement::Own, 2 + at as u64);
            assert!(plan.delete_chunks.is_empty() && plan.rewrite_chunks.is_empty());
            layout = next;
        }
        // A later page with the last one: chunk 1 holds nothing current.
        let second = page(&[*last]);
        let (plan, layout) = layout.plan(&set_of(&second), Placement::Pulled, 100);
        assert_eq!(plan.delete_chunks, [1]);
        assert_eq!(plan.new_chunk, Some((100, second)));
        assert_eq!(layout.counts(), (1, edited.len()));
    }

    #[test]
    fn evicting_a_record_rewrites_its_chunk_without_it_or_deletes_it() {
        let [c] = ids(1).try_into().unwrap();
        let pulled = page(&[]);
        let (_, layout) = Layout::default().plan(&set_of(&pulled), Placement::Pulled, 1);
        let (_, layout) = layout.plan(&set_of(&[c]), Placement::Own, 2);
        let eviction = WriteSet {
            evicted: vec![pulled[0], c],
            ..WriteSet::default()
        };
        let (plan, mut layout) = layout.plan(&eviction, Placement::Own, 3);
        assert_eq!(plan.rewrite_chunks, [(1, pulled[1..].to_vec())]);
        assert_eq!(plan.delete_own, [c]);
        let eviction = WriteSet {
            evicted: pulled[1..].to_vec(),
            ..WriteSet::default()
        };
        let (plan, next) = layout.plan(&eviction, Placement::Own, 4);
        layout = next;
        assert_eq!(plan.delete_chunks, [1]);
        assert!(plan.rewrite_chunks.is_empty());
        assert_eq!(layout, Layout::default());
    }

    #[test]
    fn reading_keeps_the_newest_copy_and_marks_empty_or_damaged_chunks_dead() {
        let [a, b] = ids(2).try_into().unwrap();
        let mut layout = Layout::default();
        layout.found_in_chunk(a, 1);
        layout.found_in_chunk(b, 1);
        layout.found_in_chunk(a, 2);
        layout.found_damaged(3);
        layout.found_own(b);
        layout.finish_reading();
        assert_eq!(layout.counts(), (1, 1));
        // The next write deletes chunk 1 (nothing current in it) and the
        // damaged chunk 3.
        let (plan, _) = layout.plan(&WriteSet::default(), Placement::Own, 4);
        assert_eq!(plan.delete_chunks, [1, 3]);
    }
}
