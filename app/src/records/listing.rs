//! What a kind's list shows, as pure functions over the replica: the
//! records that pass the list's narrowing (the records behind a figure, the
//! year, the filters, the words searched), in the order asked (Vietnamese
//! order for text, missing values first, the spec's default order when
//! nothing is chosen, records matching the words as typed first), the years
//! to offer, and how many rows a page shows. The list page
//! (`crate::pages::records::list`) holds the choices; this decides.

use std::collections::HashSet;

use serde_json::Value;

use super::review;
use super::search::{Query, SearchText};
use super::spec::{FieldSpec, KindSpec};
use crate::i18n::Locale;
use crate::sync::client::ClientState;
use crate::sync::model::{Fields, RecordId, field_value};
use crate::text::sort_key;

/// Rows shown before "show more" (and added by each).
pub const PAGE: usize = 100;

/// What a list sorts by, for one record.
#[derive(Debug, Clone, PartialEq)]
pub enum SortValue {
    Missing,
    Number(f64),
    /// `text::sort_key`: Vietnamese order (ISO dates sort as text).
    Text(Vec<u32>),
}

impl SortValue {
    pub fn of(field: Option<&FieldSpec>, value: &Value) -> Self {
        match (field.map(|f| f.ty), value) {
            (_, Value::Null) => SortValue::Missing,
            (_, Value::Number(number)) => SortValue::Number(number.as_f64().unwrap_or_default()),
            (_, Value::Bool(yes)) => SortValue::Number(f64::from(u8::from(*yes))),
            (_, Value::String(text)) => SortValue::Text(sort_key(text)),
            (_, other) => SortValue::Text(sort_key(&other.to_string())),
        }
    }

    /// Missing first, then numbers, then text.
    pub fn compare(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (SortValue::Missing, SortValue::Missing) => Ordering::Equal,
            (SortValue::Missing, _) => Ordering::Less,
            (_, SortValue::Missing) => Ordering::Greater,
            (SortValue::Number(a), SortValue::Number(b)) => a.total_cmp(b),
            (SortValue::Number(_), SortValue::Text(_)) => Ordering::Less,
            (SortValue::Text(_), SortValue::Number(_)) => Ordering::Greater,
            (SortValue::Text(a), SortValue::Text(b)) => a.cmp(b),
        }
    }
}

/// Whether a record's value for `field` is `wanted` (or, for a list of
/// links, holds it). The review state is a field too: a draft holds none.
pub fn has_value(fields: &Fields, field: &str, wanted: &str) -> bool {
    if field == review::FIELD {
        return review::State::of(fields).code() == wanted;
    }
    match field_value(fields, field) {
        Value::String(text) => text == wanted,
        Value::Array(items) => items.iter().any(|item| item.as_str() == Some(wanted)),
        Value::Bool(yes) => yes.to_string() == wanted,
        _ => false,
    }
}

/// What a list is narrowed to and sorted by.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    /// The records behind a figure, when the address names one.
    pub only: Option<&'a HashSet<RecordId>>,
    /// The year chosen (the kind's `year` field), if any.
    pub year: Option<i32>,
    /// (field, value) of every filter set.
    pub filters: &'a [(&'static str, String)],
    /// The words searched, and the search texts of the kind's live records
    /// in the replica's order (`search::search_texts`; empty when no words).
    pub query: &'a Query,
    pub texts: &'a [SearchText],
    /// (field, descending) in order; empty: the spec's default order.
    pub sort: &'a [(&'static str, bool)],
    pub locale: Locale,
}

/// The ids of the kind's live records that pass `asked`, in its order;
/// ties go to the record made later (ids are time-ordered).
pub fn order(state: &ClientState, spec: &KindSpec, asked: &Asked<'_>) -> Vec<RecordId> {
    let sort_by: &[(&str, bool)] = if asked.sort.is_empty() {
        spec.order
    } else {
        asked.sort
    };
    let mut keyed: Vec<(bool, Vec<SortValue>, RecordId)> = state
        .live(spec.kind)
        .enumerate()
        .filter(|(index, record)| {
            let fields = record.fields();
            asked.only.is_none_or(|ids| ids.contains(&record.id))
                && asked.year.is_none_or(|y| spec.year_of(fields) == Some(y))
                && asked
                    .filters
                    .iter()
                    .all(|(field, value)| has_value(fields, field, value))
                && (asked.query.is_empty()
                    || asked
                        .texts
                        .get(*index)
                        .is_some_and(|text| asked.query.matches(text)))
        })
        .map(|(_, record)| {
            let fields = record.fields();
            let keys = sort_by
                .iter()
                .map(|(name, _)| SortValue::of(spec.field(name), field_value(fields, name)))
                .collect();
            // Words typed with diacritics: the records that have them as
            // typed come first.
            let inexact = !asked.query.exactly(asked.locale, spec, record);
            (inexact, keys, record.id)
        })
        .collect();
    keyed.sort_unstable_by(|(a_inexact, a, a_id), (b_inexact, b, b_id)| {
        if a_inexact != b_inexact {
            return a_inexact.cmp(b_inexact);
        }
        for (index, (_, descending)) in sort_by.iter().enumerate() {
            let ordering = a[index].compare(&b[index]);
            let ordering = if *descending {
                ordering.reverse()
            } else {
                ordering
            };
            if ordering.is_ne() {
                return ordering;
            }
        }
        b_id.cmp(a_id)
    });
    keyed.into_iter().map(|(_, _, id)| id).collect()
}

/// The years the kind's live records fall in, latest first (the year
/// filter's options).
pub fn years(state: &ClientState, spec: &KindSpec) -> Vec<i32> {
    let mut years: Vec<i32> = state
        .live(spec.kind)
        .filter_map(|record| spec.year_of(record.fields()))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// How many rows to show after "show more" was pressed `more` times, of
/// `total`.
pub fn shown(total: usize, more: usize) -> usize {
    total.min(PAGE.saturating_mul(more.saturating_add(1)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::kinds::REGISTRY;
    use crate::kinds::task;
    use crate::records::body::Body;
    use crate::sync::client::LocalRecord;
    use crate::sync::model::{ClientId, Document, Stamp};

    fn with(state: &mut ClientState, fields: Fields) -> RecordId {
        let stamp = Stamp {
            username: "chuyenvien".into(),
            display_name: "Chuyên viên".into(),
            at: 1,
        };
        let id = RecordId::new();
        state.records.insert(
            id,
            LocalRecord::synced(Document {
                kind: task::KIND,
                id,
                version: 1,
                deleted: false,
                fields,
                created: stamp.clone(),
                updated: stamp,
            }),
        );
        id
    }

    fn task(title: &str, deadline: Option<&str>, status: &str) -> Fields {
        let mut fields = task::Task::sample().to_fields();
        fields.insert("title".into(), json!(title));
        fields.insert("status".into(), json!(status));
        match deadline {
            Some(day) => fields.insert("deadline".into(), json!(day)),
            None => fields.remove("deadline"),
        };
        fields
    }

    fn asked<'a>(
        filters: &'a [(&'static str, String)],
        sort: &'a [(&'static str, bool)],
        query: &'a Query,
    ) -> Asked<'a> {
        Asked {
            only: None,
            year: None,
            filters,
            query,
            texts: &[],
            sort,
            locale: Locale::vi,
        }
    }

    #[test]
    fn a_list_filters_by_year_and_value_and_sorts_as_asked() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let spec = &task::SPEC;
        let early = with(&mut state, task("Đón đoàn", Some("2020-03-01"), "done"));
        let late = with(
            &mut state,
            task("Ấn phẩm", Some("2020-11-30"), "in_progress"),
        );
        let next = with(
            &mut state,
            task("Bầu cử", Some("2021-05-23"), "in_progress"),
        );
        let undated = with(&mut state, task("Ăn trưa", None, "not_started"));
        let nothing = Query::parse("");

        // The default order: by deadline (missing first), then title.
        assert_eq!(
            order(&state, spec, &asked(&[], &[], &nothing)),
            [undated, early, late, next]
        );
        // Vietnamese order of titles: Ăn < Ấn < Bầu < Đón (ă, â after a; đ after d).
        assert_eq!(
            order(&state, spec, &asked(&[], &[("title", false)], &nothing)),
            [undated, late, next, early]
        );
        assert_eq!(
            order(&state, spec, &asked(&[], &[("title", true)], &nothing)),
            [early, next, late, undated]
        );
        let filters = [("status", "in_progress".to_owned())];
        assert_eq!(
            order(&state, spec, &asked(&filters, &[], &nothing)),
            [late, next]
        );
        let in_2020 = Asked {
            year: Some(2020),
            ..asked(&[], &[], &nothing)
        };
        assert_eq!(order(&state, spec, &in_2020), [early, late]);
        let only: HashSet<RecordId> = [next, early].into();
        let behind_a_figure = Asked {
            only: Some(&only),
            ..asked(&[], &[], &nothing)
        };
        assert_eq!(order(&state, spec, &behind_a_figure), [early, next]);
        assert_eq!(years(&state, spec), [2021, 2020]);
    }

    #[test]
    fn missing_values_sort_first_then_numbers_then_text() {
        let missing = SortValue::of(None, &Value::Null);
        let two = SortValue::of(None, &json!(2));
        let ten = SortValue::of(None, &json!(10));
        let text = SortValue::of(None, &json!("a"));
        assert!(missing.compare(&two).is_lt());
        assert!(two.compare(&ten).is_lt(), "numbers as numbers, not as text");
        assert!(ten.compare(&text).is_lt());
        assert!(
            SortValue::of(None, &json!("đ"))
                .compare(&SortValue::of(None, &json!("e")))
                .is_lt()
        );
    }

    #[test]
    fn a_filter_matches_a_value_a_link_in_a_list_or_the_review_state() {
        let fields: Fields = serde_json::from_value(json!({
            "status": "done",
            "links": ["a", "b"],
            "active": true,
        }))
        .unwrap();
        assert!(has_value(&fields, "status", "done"));
        assert!(!has_value(&fields, "status", "don"));
        assert!(has_value(&fields, "links", "b"));
        assert!(has_value(&fields, "active", "true"));
        assert!(!has_value(&fields, "missing", "x"));
        assert!(
            has_value(&fields, review::FIELD, "draft"),
            "no state is a draft"
        );
    }

    #[test]
    fn show_more_adds_a_page_until_every_row_shows() {
        assert_eq!(shown(0, 0), 0);
        assert_eq!(shown(250, 0), PAGE);
        assert_eq!(shown(250, 1), 2 * PAGE);
        assert_eq!(shown(250, 2), 250);
        assert_eq!(shown(250, usize::MAX), 250);
    }
}
