//! Search across everything: every kind's records found by a query typed
//! with or without diacritics, through a word index of each kind's folded
//! search texts (`super::search`: title, written values, the titles of
//! what a record links to). The index is made again only for a kind whose
//! records changed since — sync and edits move the replica's generation —
//! and is kept between queries, so a keystroke looks words up instead of
//! reading every record. What a role may not see is not in its replica, so
//! it cannot be found.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::search::{Query, SearchText, search_texts};
use super::spec::KindSpec;
use crate::i18n::Locale;
use crate::sync::client::ClientState;
use crate::sync::model::{ClientId, RecordId, RecordKind};
use crate::text::fold;

/// Results shown per kind; the rest are counted.
pub const SHOWN_PER_KIND: usize = 20;

/// The records of a kind whose exact spelling is checked to rank them, at
/// most (a query typed with diacritics ranks those that have them first).
const RANKED_PER_KIND: usize = 200;

/// One kind's word index.
struct KindIndex {
    kind: RecordKind,
    texts: Arc<Vec<SearchText>>,
    /// Every distinct word of the texts, in byte order, with the positions
    /// in `texts` of the records that have it (ascending, each once).
    words: Vec<(Box<str>, Vec<u32>)>,
}

impl KindIndex {
    fn build(kind: RecordKind, texts: Arc<Vec<SearchText>>) -> Self {
        let mut postings: HashMap<&str, Vec<u32>> = HashMap::new();
        for (position, text) in texts.iter().enumerate() {
            let position = position as u32;
            for word in text.text().split(|c: char| !c.is_alphanumeric()) {
                if word.is_empty() {
                    continue;
                }
                let list = postings.entry(word).or_default();
                if list.last() != Some(&position) {
                    list.push(position);
                }
            }
        }
        let mut words: Vec<(Box<str>, Vec<u32>)> = postings
            .into_iter()
            .map(|(word, list)| (Box::from(word), list))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        KindIndex { kind, texts, words }
    }

    /// Whether the texts are the ones it was built from (each the same
    /// kept text: `search_texts` keeps the unchanged ones).
    fn built_from(&self, texts: &[SearchText]) -> bool {
        self.texts.len() == texts.len()
            && self
                .texts
                .iter()
                .zip(texts)
                .all(|(a, b)| a.id() == b.id() && Arc::ptr_eq(a.shared(), b.shared()))
    }

    /// The positions of the records that have a word starting with each of
    /// `words`.
    fn find(&self, words: &[String]) -> Vec<u32> {
        let mut found: Option<Vec<u32>> = None;
        for word in words {
            let start = self
                .words
                .partition_point(|(entry, _)| entry.as_ref() < word.as_str());
            let mut with: Vec<u32> = self.words[start..]
                .iter()
                .take_while(|(entry, _)| entry.starts_with(word.as_str()))
                .flat_map(|(_, list)| list.iter().copied())
                .collect();
            with.sort_unstable();
            with.dedup();
            found = Some(match found {
                None => with,
                Some(before) => intersect(&before, &with),
            });
            if found.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        found.unwrap_or_default()
    }
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The index of one replica, view and language, and the replica generation
/// it was last brought up to date at.
struct Index {
    owner: (ClientId, Option<String>, Locale),
    generation: u64,
    kinds: Vec<KindIndex>,
}

thread_local! {
    static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
}

/// Brings the index up to date with the replica: nothing to do when its
/// generation has not moved; else each kind's search texts are made again
/// for the records that changed, and a kind's words only when its texts
/// did.
pub fn refresh(state: &ClientState, locale: Locale) {
    let owner = (state.meta.client_id, state.meta.view.clone(), locale);
    let generation = state.meta.generation;
    let current = INDEX.with_borrow(|index| {
        index
            .as_ref()
            .is_some_and(|index| index.owner == owner && index.generation == generation)
    });
    if current {
        return;
    }
    let mut old = INDEX.with_borrow_mut(|index| {
        index
            .take()
            .filter(|index| index.owner == owner)
            .map(|index| index.kinds)
            .unwrap_or_default()
    });
    let mut kinds = Vec::new();
    for spec in state.registry.all() {
        let (texts, _) = search_texts(state, spec, locale, usize::MAX);
        let kept = old
            .iter()
            .position(|index| index.kind == spec.kind)
            .map(|position| old.swap_remove(position))
            .filter(|index| index.built_from(&texts));
        kinds.push(match kept {
            Some(mut index) => {
                index.texts = texts;
                index
            }
            None => KindIndex::build(spec.kind, texts),
        });
    }
    INDEX.with_borrow_mut(|index| {
        *index = Some(Index {
            owner,
            generation,
            kinds,
        });
    });
}

/// A kind's results: the records found, the exact matches first, at most
/// [`SHOWN_PER_KIND`]; and how many were found in all.
#[derive(Debug, Clone)]
pub struct Found {
    pub spec: &'static KindSpec,
    pub ids: Vec<RecordId>,
    pub total: usize,
}

/// Every kind's records that have each word of `query` (as a word's
/// beginning), in registry order, kinds without any left out.
pub fn search(state: &ClientState, locale: Locale, query: &Query) -> Vec<Found> {
    if query.is_empty() {
        return Vec::new();
    }
    refresh(state, locale);
    INDEX.with_borrow(|index| {
        let Some(index) = index else {
            return Vec::new();
        };
        index
            .kinds
            .iter()
            .filter_map(|kind_index| {
                let spec = state.registry.get(kind_index.kind)?;
                let positions = kind_index.find(&query.words);
                if positions.is_empty() {
                    return None;
                }
                let ids: Vec<RecordId> = positions
                    .iter()
                    .filter_map(|position| kind_index.texts.get(*position as usize))
                    .map(SearchText::id)
                    .collect();
                let total = ids.len();
                Some(Found {
                    spec,
                    ids: rank(state, locale, spec, query, ids),
                    total,
                })
            })
            .collect()
    })
}

/// The records as shown: typed with diacritics, those that have the words
/// as typed first (of the first [`RANKED_PER_KIND`]); at most
/// [`SHOWN_PER_KIND`].
fn rank(
    state: &ClientState,
    locale: Locale,
    spec: &KindSpec,
    query: &Query,
    ids: Vec<RecordId>,
) -> Vec<RecordId> {
    if query.exact.is_empty() {
        return ids.into_iter().take(SHOWN_PER_KIND).collect();
    }
    let (mut exact, mut other) = (Vec::new(), Vec::new());
    for id in ids.into_iter().take(RANKED_PER_KIND) {
        let is_exact = state
            .records
            .get(&id)
            .is_some_and(|record| query.exactly(locale, spec, record));
        if is_exact {
            exact.push(id);
        } else {
            other.push(id);
        }
    }
    exact.extend(other);
    exact.truncate(SHOWN_PER_KIND);
    exact
}

/// `text` in pieces, each marked when it is (part of) a match of one of
/// the query's words, compared folded: "Tiếp công dân" for "cong" gives
/// "Tiếp ", "công" (marked), " dân".
pub fn highlight(text: &str, words: &[String]) -> Vec<(String, bool)> {
    // Each character folded on its own, with where it starts in `folded`.
    let chars: Vec<char> = text.chars().collect();
    let mut folded = String::new();
    let mut starts = Vec::with_capacity(chars.len());
    for c in &chars {
        starts.push(folded.len());
        folded.push_str(&fold(&c.to_string()));
    }
    let mut marked = vec![false; chars.len()];
    for word in words.iter().filter(|word| !word.is_empty()) {
        for (at, _) in folded.match_indices(word.as_str()) {
            let end = at + word.len();
            for (index, start) in starts.iter().enumerate() {
                if *start >= at && *start < end {
                    marked[index] = true;
                }
            }
        }
    }
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for (c, mark) in chars.into_iter().zip(marked) {
        match pieces.last_mut() {
            Some((piece, was)) if *was == mark => piece.push(c),
            _ => pieces.push((c.to_string(), mark)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::kinds::REGISTRY;
    use crate::sync::client::LocalRecord;
    use crate::sync::model::{Document, Fields, Stamp};

    fn record(kind: &str, id: u64, version: u64, values: serde_json::Value) -> LocalRecord {
        let fields: Fields = serde_json::from_value(values).unwrap();
        let stamp = Stamp {
            username: "lan".into(),
            display_name: "Lan".into(),
            at: 0,
        };
        LocalRecord::synced(Document {
            kind: RecordKind::new(kind),
            id: RecordId::example(id),
            version,
            deleted: false,
            fields,
            created: stamp.clone(),
            updated: stamp,
        })
    }

    fn state_with(records: Vec<LocalRecord>, client: u64) -> ClientState {
        let mut state = ClientState::new(ClientId::example(client), &REGISTRY);
        for record in records {
            state.records.insert(record.id, record);
        }
        state.meta.generation = 1;
        state
    }

    fn found(state: &ClientState, query: &str) -> Vec<(String, Vec<RecordId>)> {
        search(state, Locale::vi, &Query::parse(query))
            .into_iter()
            .map(|found| (found.spec.kind.as_str().to_owned(), found.ids))
            .collect()
    }

    #[test]
    fn every_kind_is_searched_without_diacritics_or_case_and_by_what_records_link_to() {
        let mut state = state_with(
            vec![
                record(
                    "document",
                    1,
                    1,
                    json!({"number": "12/KH-HĐND", "doc_type": "plan",
                    "subject": "Kế hoạch tiếp công dân năm 2020", "issued_on": "2020-03-02", "issuer": "HĐND tỉnh"}),
                ),
                record(
                    "reception_matter",
                    2,
                    1,
                    json!({"subject": "Khiếu nại về bồi thường đất",
                    "matter_type": "complaint", "received_on": "2020-03-10"}),
                ),
                record(
                    "visit",
                    3,
                    1,
                    json!({"matter": RecordId::example(2).to_string(),
                    "visited_on": "2020-03-10", "official": "Hoàng Thị Bình"}),
                ),
                record(
                    "task",
                    4,
                    1,
                    json!({"title": "Tiếp công dân định kỳ", "owner": "Văn phòng",
                    "status": "in_progress"}),
                ),
            ],
            7,
        );
        // "hdnd" finds "HĐND"; "tiep cong dan" finds "Tiếp công dân".
        assert_eq!(
            found(&state, "hdnd"),
            vec![("document".into(), vec![RecordId::example(1)])]
        );
        assert_eq!(
            found(&state, "TIEP cong dan"),
            vec![
                ("document".into(), vec![RecordId::example(1)]),
                ("task".into(), vec![RecordId::example(4)]),
            ]
        );
        // A word's beginning: "boi thu" finds "bồi thường", and the visit by its matter.
        assert_eq!(
            found(&state, "boi thu"),
            vec![
                ("reception_matter".into(), vec![RecordId::example(2)]),
                ("visit".into(), vec![RecordId::example(3)]),
            ]
        );
        assert!(found(&state, "khong co dau").is_empty());
        assert!(found(&state, "   ").is_empty());

        // A change reaches the index once the replica's generation moves.
        state.records.insert(
            RecordId::example(4),
            record(
                "task",
                4,
                2,
                json!({"title": "Chuẩn bị bầu cử", "owner": "Văn phòng", "status": "in_progress"}),
            ),
        );
        state.meta.generation = 2;
        assert_eq!(
            found(&state, "tiep cong dan"),
            vec![("document".into(), vec![RecordId::example(1)])]
        );
        assert_eq!(
            found(&state, "bau cu"),
            vec![("task".into(), vec![RecordId::example(4)])]
        );
    }

    #[test]
    fn typed_with_diacritics_the_exact_spelling_ranks_first() {
        let state = state_with(
            vec![
                record(
                    "task",
                    1,
                    1,
                    json!({"title": "Phong trào thi đua", "owner": "Ban Tổ chức", "status": "done"}),
                ),
                record(
                    "task",
                    2,
                    1,
                    json!({"title": "Phòng họp số 2", "owner": "Ban Tổ chức", "status": "done"}),
                ),
            ],
            8,
        );
        // Both have "phong", the one with "Phòng" as typed first.
        let ids = &found(&state, "Phòng")[0].1;
        assert_eq!(ids[0], RecordId::example(2));
        assert_eq!(ids.len(), 2);
        let ids = &found(&state, "phong trao")[0].1;
        assert_eq!(ids, &vec![RecordId::example(1)]);
    }

    #[test]
    fn another_replica_or_view_never_sees_this_ones_index() {
        let mine = state_with(
            vec![record(
                "reception_matter",
                2,
                1,
                json!({"subject": "Bùi Văn Phúc khiếu nại",
                "matter_type": "complaint", "received_on": "2020-03-10"}),
            )],
            9,
        );
        assert_eq!(found(&mine, "phuc").len(), 1);
        let theirs = state_with(Vec::new(), 10);
        assert!(found(&theirs, "phuc").is_empty());
    }

    #[test]
    fn matches_are_marked_in_the_text_as_written() {
        let words = Query::parse("cong dan").words;
        assert_eq!(
            highlight("Tiếp công dân", &words),
            vec![
                ("Tiếp ".to_owned(), false),
                ("công".to_owned(), true),
                (" ".to_owned(), false),
                ("dân".to_owned(), true),
            ]
        );
        assert_eq!(
            highlight("HĐND tỉnh", &Query::parse("hdnd").words),
            vec![("HĐND".to_owned(), true), (" tỉnh".to_owned(), false)]
        );
        assert_eq!(highlight("abc", &[]), vec![("abc".to_owned(), false)]);
    }
}
