//! Searching a list: what a record is searched by (its title and written
//! values, folded for case and diacritics), what a query looks for, and the
//! folded texts kept between searches and visits to a list — a list of
//! 10,000 records is folded once, in slices in the background after it
//! opens, and again only for the records that changed.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use serde_json::Value;

use super::spec::{FieldType, KindSpec};
use super::texts::{choice_label, record_title};
use crate::i18n::Locale;
use crate::sync::client::{ClientState, LocalRecord};
use crate::sync::model::{ClientId, RecordId, RecordKind, field_value};
use crate::sync::replica::Replica;
use crate::text::{fold, fold_into, nfc, upper};

/// A record's written values — text, document numbers, the labels of its
/// choices; not dates, numbers or the ids of linked records: with its
/// title, what a search looks through.
fn written<'a>(
    locale: Locale,
    spec: &'a KindSpec,
    record: &'a LocalRecord,
) -> impl Iterator<Item = Cow<'a, str>> + 'a {
    let fields = record.fields();
    spec.fields.iter().filter_map(
        move |field| match (field.ty, field_value(fields, field.name)) {
            (FieldType::Choice(set), Value::String(code)) => {
                Some(Cow::Owned(choice_label(locale, set.name, code)))
            }
            (
                FieldType::Text { .. } | FieldType::LongText { .. } | FieldType::DocNumber,
                Value::String(value),
            ) => Some(Cow::Borrowed(value.as_str())),
            _ => None,
        },
    )
}

/// The text a record is searched by: its title and written values, folded.
fn search_text(locale: Locale, spec: &KindSpec, record: &LocalRecord) -> String {
    let mut text = String::new();
    fold_into(&record_title(locale, spec, record.fields()), &mut text);
    for value in written(locale, spec, record) {
        text.push(' ');
        fold_into(&value, &mut text);
    }
    text
}

/// What a search looks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The words folded: a record must contain every one.
    pub words: Vec<String>,
    /// When they were typed with diacritics, each word as typed in the
    /// forms text writes it — lower case, capitalised, upper case:
    /// records that contain them so rank first ("phòng" lists "Phòng họp"
    /// before "phong trào").
    pub exact: Vec<Vec<String>>,
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
            lower.split_whitespace().map(written_forms).collect()
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
    /// query without diacritics). Looks through the record's own text, not
    /// a copy: asked of every record that matches.
    pub fn exactly(&self, locale: Locale, spec: &KindSpec, record: &LocalRecord) -> bool {
        if self.exact.is_empty() {
            return true;
        }
        // The written values first: they are borrowed, while the title is
        // made, and most records that match have the words in their values.
        self.exact.iter().all(|forms| {
            let has = |text: &str| forms.iter().any(|form| text.contains(form.as_str()));
            written(locale, spec, record).any(|value| has(&value))
                || has(&record_title(locale, spec, record.fields()))
        })
    }
}

/// A word (lower case) as text may write it: as it is, capitalised, in
/// capitals.
fn written_forms(word: &str) -> Vec<String> {
    let mut chars = word.chars();
    let capitalised = chars
        .next()
        .map(|first| upper(&first.to_string()) + chars.as_str())
        .unwrap_or_default();
    let mut forms = vec![word.to_owned(), capitalised, upper(word)];
    forms.dedup();
    forms
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

/// The folded texts kept per kind, for one language, by record id — for
/// one replica and what it was made to show: another user's (a new client
/// id) or another role's (a new view) starts afresh, so nothing of what
/// was readable before (a citizen's name) can still be found.
type Kept = Vec<(
    (ClientId, Option<String>),
    RecordKind,
    Locale,
    Arc<Vec<SearchText>>,
)>;

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
    let client = (state.meta.client_id, state.meta.view.clone());
    let kept = KEPT.with_borrow_mut(|kept| {
        kept.retain(|(c, _, _, _)| *c == client);
        kept.iter()
            .find(|(_, k, l, _)| *k == kind && *l == locale)
            .map(|(_, _, _, texts)| texts.clone())
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
                text: search_text(locale, spec, record).into(),
            });
        } else {
            complete = false;
        }
    }
    let texts = Arc::new(texts);
    KEPT.with_borrow_mut(|kept| {
        kept.retain(|(_, k, _, _)| *k != kind);
        kept.push((client, kind, locale, texts.clone()));
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
    use crate::sync::replica::browser::{next_frame, next_task};
    leptos::task::spawn_local(async move {
        // Not before the list is on screen: the first slice waits for the
        // frame that paints it and runs in the task after.
        next_frame().await;
        loop {
            next_task().await;
            if replica.with(|state| search_texts(state, spec, locale, WARM_SLICE).1) {
                break;
            }
        }
    });
}

#[cfg(not(feature = "csr"))]
pub fn warm_search_texts(_replica: Replica, _spec: &'static KindSpec, _locale: Locale) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::spec::Registry;
    use crate::sync::model::{Document, Fields, Stamp};

    /// A registry of one kind: what these tests search.
    static DOCUMENTS: Registry = Registry::new(&[&crate::kinds::document::SPEC]);

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
                exact: Vec::new()
            }
        );
        assert_eq!(
            Query::parse("Phòng  HĐND"),
            Query {
                words: words(&["phong", "hdnd"]),
                exact: vec![
                    words(&["phòng", "Phòng", "PHÒNG"]),
                    words(&["hđnd", "Hđnd", "HĐND"])
                ]
            }
        );
        // Decomposed as some keyboards type it: composed before comparing.
        assert_eq!(
            Query::parse("pho\u{0300}ng").exact,
            vec![words(&["phòng", "Phòng", "PHÒNG"])]
        );
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
        let spec = DOCUMENTS.get(RecordKind::new("document")).unwrap();
        let mut state = ClientState::new(ClientId::example(1), &DOCUMENTS);
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
        // Typed with diacritics, the record that has them as typed ranks first.
        let phong = Query::parse("phòng");
        let hop = document(3, 1, "Phòng họp số 2");
        assert!(phong.exactly(Locale::vi, spec, &hop));
        assert!(!phong.exactly(Locale::vi, spec, &document(4, 1, "Phong trào thi đua")));
        assert!(Query::parse("PHONG").exactly(Locale::vi, spec, &hop));
        // Another user's replica in the same tab keeps nothing of these.
        let mut other = ClientState::new(ClientId::example(2), &DOCUMENTS);
        other.records.insert(
            RecordId::example(2),
            document(2, 2, "Báo cáo tiếp công dân"),
        );
        let (theirs, _) = search_texts(&other, spec, Locale::vi, usize::MAX);
        assert!(!Arc::ptr_eq(&after[1].text, &theirs[0].text));
        KEPT.with_borrow(|kept| {
            assert!(kept.iter().all(|((c, _), ..)| *c == ClientId::example(2)))
        });
        // English texts are kept apart (choice labels differ).
        let (english, _) = search_texts(&other, spec, Locale::en, usize::MAX);
        assert!(english[0].text.contains("plan"));
        assert!(!english[0].text.contains("ke hoach"));
    }
}
