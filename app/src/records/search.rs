//! Searching a list: what a record is searched by (its title and written
//! values, folded for case and diacritics), what a query looks for, and the
//! folded texts kept between searches and visits to a list — a list of
//! 10,000 records is folded once, in slices in the background after it
//! opens, and again only for the records that changed.

use std::cell::RefCell;
use std::sync::Arc;

use serde_json::Value;

use super::spec::{FieldType, KindSpec};
use super::texts::{choice_label, record_title};
use crate::i18n::Locale;
use crate::sync::client::{ClientState, LocalRecord};
use crate::sync::model::{RecordId, RecordKind, field_value};
use crate::sync::replica::Replica;
use crate::text::{fold, fold_into, nfc};

/// The text a record is searched by: its title and its written values
/// (text, document numbers, the labels of its choices) — not dates, numbers
/// or the ids of linked records — each appended by `push` (folded, or only
/// lower-cased).
fn search_text(
    locale: Locale,
    spec: &KindSpec,
    record: &LocalRecord,
    push: fn(&str, &mut String),
) -> String {
    let fields = record.fields();
    let mut text = String::new();
    push(&record_title(locale, spec, fields), &mut text);
    for field in spec.fields {
        match (field.ty, field_value(fields, field.name)) {
            (FieldType::Choice(set), Value::String(code)) => {
                text.push(' ');
                push(&choice_label(locale, set.name, code), &mut text);
            }
            (
                FieldType::Text { .. } | FieldType::LongText { .. } | FieldType::DocNumber,
                Value::String(value),
            ) => {
                text.push(' ');
                push(value, &mut text);
            }
            _ => {}
        }
    }
    text
}

fn push_lower(text: &str, out: &mut String) {
    out.push_str(&text.to_lowercase());
}

/// What a search looks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The words folded: a record must contain every one.
    pub words: Vec<String>,
    /// When they were typed with diacritics, the words as typed, lower
    /// case: records that contain them so rank first ("phòng" lists
    /// "Phòng họp" before "phong trào").
    pub exact: Vec<String>,
}

impl Query {
    pub fn parse(query: &str) -> Self {
        if query.trim().is_empty() {
            return Query::default();
        }
        let lower = nfc(query).to_lowercase();
        let folded = fold(&lower);
        let words = folded.split_whitespace().map(str::to_owned).collect();
        let exact = if folded == lower {
            Vec::new()
        } else {
            lower.split_whitespace().map(str::to_owned).collect()
        };
        Query { words, exact }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether a record's folded search text has every word.
    pub fn matches(&self, text: &SearchText) -> bool {
        self.words
            .iter()
            .all(|word| text.text.contains(word.as_str()))
    }

    /// Whether a matching record has the words as typed (always, for a
    /// query without diacritics). Lower-cases the record's text: asked only
    /// of the records that match.
    pub fn exactly(&self, locale: Locale, spec: &KindSpec, record: &LocalRecord) -> bool {
        if self.exact.is_empty() {
            return true;
        }
        let text = search_text(locale, spec, record, push_lower);
        self.exact.iter().all(|word| text.contains(word.as_str()))
    }
}

/// A record's folded search text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    id: RecordId,
    /// The server version it was made from; `None` when it shows unsent
    /// edits (made again each time: such records are few).
    version: Option<u64>,
    text: Arc<str>,
}

/// The folded texts kept per kind, for one language, by record id.
type Kept = Vec<(RecordKind, Locale, Arc<Vec<SearchText>>)>;

thread_local! {
    static KEPT: RefCell<Kept> = const { RefCell::new(Vec::new()) };
}

/// The search texts of the kind's live records, in the order of
/// [`ClientState::live`] (by id), reusing the kept ones of unchanged
/// records and keeping the result. At most `budget` texts are made: with a
/// smaller budget the answer may leave records out (the second value is
/// `false`), which is how the list warms the texts in slices.
pub fn search_texts(
    state: &ClientState,
    spec: &'static KindSpec,
    locale: Locale,
    budget: usize,
) -> (Arc<Vec<SearchText>>, bool) {
    let kind = spec.kind;
    let kept = KEPT.with_borrow(|kept| {
        kept.iter()
            .find(|(k, l, _)| *k == kind && *l == locale)
            .map(|(_, _, texts)| texts.clone())
    });
    let kept = kept.unwrap_or_default();
    let mut old = kept.iter().peekable();
    let mut texts = Vec::with_capacity(kept.len());
    let mut made = 0;
    let mut complete = true;
    for record in state.live(kind) {
        while old.next_if(|text| text.id < record.id).is_some() {}
        let version = (!record.has_local_view()).then(|| record.server_version());
        if let Some(text) = old.next_if(|text| text.id == record.id)
            && version.is_some()
            && text.version == version
        {
            texts.push(text.clone());
        } else if made < budget {
            made += 1;
            texts.push(SearchText {
                id: record.id,
                version,
                text: search_text(locale, spec, record, fold_into).into(),
            });
        } else {
            complete = false;
        }
    }
    let texts = Arc::new(texts);
    KEPT.with_borrow_mut(|kept| {
        kept.retain(|(k, _, _)| *k != kind);
        kept.push((kind, locale, texts.clone()));
    });
    (texts, complete)
}

/// Records folded per slice while warming: some 10 ms in the browser.
#[cfg(feature = "csr")]
const WARM_SLICE: usize = 800;

/// Makes the kind's search texts in the background, a slice at a time, so
/// that the first search of a long list does not wait for them.
#[cfg(feature = "csr")]
pub fn warm_search_texts(replica: Replica, spec: &'static KindSpec, locale: Locale) {
    leptos::task::spawn_local(async move {
        while !replica.with(|state| search_texts(state, spec, locale, WARM_SLICE).1) {
            crate::sync::replica::browser::next_task().await;
        }
    });
}

#[cfg(not(feature = "csr"))]
pub fn warm_search_texts(_replica: Replica, _spec: &'static KindSpec, _locale: Locale) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::REGISTRY;
    use crate::sync::model::{ClientId, Document, Fields, Stamp};

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn a_search_with_diacritics_also_looks_for_the_words_as_typed() {
        assert_eq!(Query::parse("  "), Query::default());
        assert_eq!(
            Query::parse("tiep cong DAN"),
            Query {
                words: words(&["tiep", "cong", "dan"]),
                exact: words(&[])
            }
        );
        assert_eq!(
            Query::parse("Phòng  HĐND"),
            Query {
                words: words(&["phong", "hdnd"]),
                exact: words(&["phòng", "hđnd"])
            }
        );
        // Decomposed as some keyboards type it: composed before comparing.
        assert_eq!(Query::parse("pho\u{0300}ng").exact, words(&["phòng"]));
    }

    fn stamp() -> Stamp {
        Stamp {
            username: "lan".to_owned(),
            display_name: "Trần Thị Lan".to_owned(),
            at: 0,
        }
    }

    fn document(id: u64, version: u64, subject: &str) -> LocalRecord {
        let mut fields = Fields::new();
        for (name, value) in [
            ("number", "12/KH-HĐND"),
            ("doc_type", "plan"),
            ("subject", subject),
            ("issued_on", "2020-03-02"),
            ("issuer", "UBND tỉnh"),
        ] {
            fields.insert(name.to_owned(), Value::String(value.to_owned()));
        }
        LocalRecord::synced(Document {
            kind: RecordKind::new("document"),
            id: RecordId::example(id),
            version,
            deleted: false,
            fields,
            created: stamp(),
            updated: stamp(),
        })
    }

    #[test]
    fn search_texts_are_kept_until_their_record_changes() {
        let spec = REGISTRY.get(RecordKind::new("document")).unwrap();
        let mut state = ClientState::new(ClientId::example(1), &REGISTRY);
        for (id, subject) in [
            (1, "Kế hoạch tiếp công dân"),
            (2, "Tờ trình về phòng, chống thiên tai"),
        ] {
            let record = document(id, 1, subject);
            state.records.insert(record.id, record);
        }
        let query = Query::parse("tiep cong dan");
        // In slices: one text, then the rest.
        let (texts, complete) = search_texts(&state, spec, Locale::vi, 1);
        assert_eq!((texts.len(), complete), (1, false));
        let (first, complete) = search_texts(&state, spec, Locale::vi, usize::MAX);
        assert!(complete);
        assert_eq!(first.len(), 2);
        assert!(query.matches(&first[0]) && !query.matches(&first[1]));
        assert!(first[1].text.contains("phong, chong thien tai"));
        // Unchanged: the same texts, none made again.
        let (again, complete) = search_texts(&state, spec, Locale::vi, 0);
        assert!(complete);
        assert!(Arc::ptr_eq(&first[0].text, &again[0].text));
        // A new version from the server is folded again; the other is kept.
        let changed = document(2, 2, "Báo cáo tiếp công dân");
        state.records.insert(changed.id, changed);
        let (after, _) = search_texts(&state, spec, Locale::vi, usize::MAX);
        assert!(Arc::ptr_eq(&first[0].text, &after[0].text));
        assert!(query.matches(&after[1]));
        // English texts are kept apart (choice labels differ).
        let (english, _) = search_texts(&state, spec, Locale::en, usize::MAX);
        assert!(english[0].text.contains("plan"));
    }
}
