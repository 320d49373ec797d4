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
use super::texts::{choice_label, record_title, shown_title};
use crate::i18n::Locale;
use crate::sync::client::{ClientState, LocalRecord};
use crate::sync::model::{ClientId, RecordId, RecordKind, field_value};
use crate::text::{fold, fold_into, nfc, upper};

/// A record's written values — text, document numbers, the labels of its
/// choices; not dates, numbers or the ids of linked records: with its
/// title, what a search looks through.
pub fn written<'a>(
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

/// The ids a record links to (its link and link-list fields).
fn links<'a>(spec: &'a KindSpec, record: &'a LocalRecord) -> impl Iterator<Item = &'a str> + 'a {
    let fields = record.fields();
    spec.fields
        .iter()
        .filter(|field| field.ty.target().is_some())
        .flat_map(move |field| match field_value(fields, field.name) {
            Value::String(id) => std::slice::from_ref(id)
                .iter()
                .map(String::as_str)
                .collect(),
            Value::Array(ids) => ids.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        })
}

/// The text a record is searched by, folded: its title as shown, its
/// written values and the titles of the records it links to — what its row
/// and its page show ("boi thuong" finds the visits whose matter says
/// "bồi thường").
fn search_text(
    state: &ClientState,
    locale: Locale,
    spec: &KindSpec,
    record: &LocalRecord,
) -> String {
    let mut text = String::new();
    fold_into(
        &shown_title(state, locale, spec, record.fields()),
        &mut text,
    );
    for value in written(locale, spec, record) {
        text.push(' ');
        fold_into(&value, &mut text);
    }
    for id in links(spec, record) {
        let linked = RecordId::parse(id)
            .ok()
            .and_then(|id| state.records.get(&id))
            .filter(|linked| !linked.deleted());
        if let Some((linked, linked_spec)) =
            linked.and_then(|linked| Some((linked, state.registry.get(linked.kind)?)))
        {
            text.push(' ');
            fold_into(
                &record_title(locale, linked_spec, linked.fields()),
                &mut text,
            );
        }
    }
    text
}

/// What a kept search text was made from: the record's server version and
/// those of the records it links to (whose titles it holds), mixed; `None`
/// while any of them shows unsent edits (made again each time).
fn made_from(state: &ClientState, spec: &KindSpec, record: &LocalRecord) -> Option<u64> {
    if record.has_local_view() {
        return None;
    }
    let mut stamp = record.server_version();
    for id in links(spec, record) {
        let version = match RecordId::parse(id)
            .ok()
            .and_then(|id| state.records.get(&id))
        {
            Some(linked) if linked.has_local_view() => return None,
            Some(linked) => linked.server_version(),
            None => 0,
        };
        // FNV-style mixing: any change of a linked version changes it.
        stamp = (stamp ^ version.wrapping_add(0x9e37_79b9)).wrapping_mul(0x0100_0000_01b3);
    }
    Some(stamp)
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
    /// What it was made from (see `made_from`); `None` when it shows
    /// unsent edits (made again each time: such records are few).
    version: Option<u64>,
    text: Arc<str>,
}

impl SearchText {
    pub fn id(&self) -> RecordId {
        self.id
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as kept: the same one while its record is unchanged.
    pub(super) fn shared(&self) -> &Arc<str> {
        &self.text
    }
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
        let version = made_from(state, spec, record);
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
                text: search_text(state, locale, spec, record).into(),
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

    fn record(kind: &str, id: u64, version: u64, values: &[(&str, Value)]) -> LocalRecord {
        let fields: Fields = values
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        LocalRecord::synced(Document {
            kind: RecordKind::new(kind),
            id: RecordId::example(id),
            version,
            deleted: false,
            fields,
            created: stamp(),
            updated: stamp(),
        })
    }

    #[test]
    fn a_record_is_found_by_the_titles_of_the_records_it_links_to() {
        use serde_json::json;
        let registry = &crate::kinds::REGISTRY;
        let mut state = ClientState::new(ClientId::example(3), registry);
        let matter = |version, subject: &str| {
            record(
                "reception_matter",
                10,
                version,
                &[
                    ("subject", json!(subject)),
                    ("matter_type", json!("complaint")),
                    ("received_on", json!("2020-03-10")),
                ],
            )
        };
        let visit = record(
            "visit",
            11,
            1,
            &[
                ("matter", json!(RecordId::example(10).to_string())),
                ("visited_on", json!("2020-03-10")),
                ("official", json!("Hoàng Thị Bình")),
            ],
        );
        let member = record(
            "party_member",
            12,
            1,
            &[("full_name", json!("Nguyễn Văn An"))],
        );
        let rating = record(
            "party_rating",
            13,
            1,
            &[
                ("year", json!(2020)),
                ("rated", json!("member")),
                ("member", json!(RecordId::example(12).to_string())),
                ("rating", json!("httnv")),
            ],
        );
        for record in [
            matter(1, "Khiếu nại về bồi thường đất"),
            visit,
            member,
            rating,
        ] {
            state.records.insert(record.id, record);
        }
        let visits = registry.get(RecordKind::new("visit")).unwrap();
        let (texts, _) = search_texts(&state, visits, Locale::vi, usize::MAX);
        assert!(Query::parse("boi thuong").matches(&texts[0]));
        assert!(Query::parse("khieu nai").matches(&texts[0]));
        // The matter renamed: the visit's kept text is made again.
        let renamed = matter(2, "Tố cáo cán bộ địa chính");
        state.records.insert(renamed.id, renamed);
        let (after, _) = search_texts(&state, visits, Locale::vi, usize::MAX);
        assert!(!Query::parse("boi thuong").matches(&after[0]));
        assert!(Query::parse("dia chinh").matches(&after[0]));
        // A rating is titled and found by its member's name.
        let ratings = registry.get(RecordKind::new("party_rating")).unwrap();
        let fields = state.records[&RecordId::example(13)].fields().clone();
        assert_eq!(
            shown_title(&state, Locale::vi, ratings, &fields),
            "Xếp loại năm 2020 — Nguyễn Văn An: Hoàn thành tốt nhiệm vụ"
        );
        let (texts, _) = search_texts(&state, ratings, Locale::vi, usize::MAX);
        assert!(Query::parse("nguyen van an").matches(&texts[0]));
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
