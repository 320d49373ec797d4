//! Kỳ họp HĐND — a council session: regular (mid-year, year-end), thematic
//! or extraordinary, numbered within the council's term.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORDS, RECORD_EDITORS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::period_rule;
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Series, Values};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("council_session");

/// A session lasts at most this many days.
pub const MAX_DAYS: i64 = 31;

choices! {
    pub enum SessionType, SESSION_TYPE = "session_type" {
        Regular = "regular",
        Thematic = "thematic",
        Extraordinary = "extraordinary",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`ends_on` must not be before `starts_on` (`ends_before_start` on `ends_on`), and a session lasts at most 31 days, counting both ends (`too_long_period` on `ends_on`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "sessions",
    group: Group::Council,
    fields: FIELDS,
    columns: &["term", "session_type", "starts_on", "ends_on", "place"],
    order: &[("starts_on", DESC), ("term", DESC), ("number", DESC)],
    year: Some("starts_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "ends_on",
        days: 365,
    },
    rules,
    series: Some(Series { field: "number", within: &["term"] }),
    compute: None,
};

fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    period_rule(values, "starts_on", "ends_on", Some(MAX_DAYS), errors);
}

body! {
    /// A council session's record body.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CouncilSession, FIELDS {
        /// Khóa: the council's term (e.g. 18 for 2016–2021).
        term: u32 = FieldType::Integer { min: 1, max: 30, roman: true, } => required hint;
        /// "Kỳ họp thứ 8": the session's number within the term.
        number: u32 = FieldType::Integer { min: 1, max: 99, roman: false, } => required;
        session_type: SessionType = FieldType::Choice(&SESSION_TYPE) => required filter;
        starts_on: IsoDate = FieldType::Date => required;
        ends_on: IsoDate = FieldType::Date => required;
        place: String = FieldType::Text { max: 200 } => required;
        /// The agenda, one item per line.
        agenda: Option<String> = FieldType::LongText { max: 5_000 } => hint;
    }
}

impl Body for CouncilSession {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        CouncilSession {
            term: 18,
            number: 11,
            session_type: SessionType::Regular,
            starts_on: IsoDate::ymd(2020, 12, 9),
            ends_on: IsoDate::ymd(2020, 12, 11),
            place: "Hội trường Trung tâm Hội nghị tỉnh".into(),
            agenda: Some("Báo cáo kinh tế - xã hội năm 2020\nDự toán ngân sách năm 2021".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::records::check::validate;
    use crate::sync::model::Fields;

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    fn sample() -> Fields {
        CouncilSession::sample().to_fields()
    }

    #[test]
    fn a_session_round_trips_through_its_record_body() {
        let fields = sample();
        assert_eq!(fields["starts_on"], "2020-12-09");
        assert_eq!(fields["session_type"], "regular");
        assert_eq!(
            CouncilSession::from_fields(&fields),
            Ok(CouncilSession::sample())
        );
    }

    #[test]
    fn every_rule_is_reported_at_once() {
        let mut fields = sample();
        fields.insert("term".into(), json!(0));
        fields.insert("number".into(), json!(100));
        fields.insert("ends_on".into(), json!("2020-12-01"));
        fields.remove("place");
        fields.insert("agenda".into(), json!("x".repeat(5_001)));
        assert_eq!(
            codes(&validate(&SPEC, &fields).unwrap_err()),
            [
                ("term", "out_of_range"),
                ("number", "out_of_range"),
                ("place", "required"),
                ("agenda", "too_long"),
                ("ends_on", "ends_before_start"),
            ]
        );
        let mut long = sample();
        long.insert("ends_on".into(), json!("2021-01-20"));
        assert_eq!(
            codes(&validate(&SPEC, &long).unwrap_err()),
            [("ends_on", "too_long_period")]
        );
        // Length counts characters, not bytes: 200 Vietnamese letters fit.
        let mut wordy = sample();
        wordy.insert("place".into(), json!("Đ".repeat(200)));
        assert_eq!(validate(&SPEC, &wordy), Ok(()));
    }

    #[test]
    fn a_type_error_does_not_hide_the_other_fields_rules() {
        // The case the issue quotes: `{"term": 0, "number": "mười"}`.
        let fields: Fields = serde_json::from_value(json!({"term": 0, "number": "mười"})).unwrap();
        assert_eq!(
            codes(&validate(&SPEC, &fields).unwrap_err()),
            [
                ("term", "out_of_range"),
                ("number", "not_a_number"),
                ("session_type", "required"),
                ("starts_on", "required"),
                ("ends_on", "required"),
                ("place", "required"),
            ]
        );
        let mut fields = sample();
        fields.insert("term".into(), json!("mười tám"));
        fields.insert("session_type".into(), json!("secret"));
        fields.insert("starts_on".into(), json!("09/12/2020"));
        fields.remove("ends_on");
        fields.insert("colour".into(), json!("red"));
        assert_eq!(
            codes(&validate(&SPEC, &fields).unwrap_err()),
            [
                ("colour", "unknown_field"),
                ("term", "not_a_number"),
                ("session_type", "not_a_choice"),
                ("starts_on", "not_a_date"),
                ("ends_on", "required"),
            ]
        );
    }

    #[test]
    fn sessions_close_a_year_after_they_end() {
        let fields = sample();
        assert!(!SPEC.is_closed(&fields, IsoDate::parse("2021-12-11").unwrap()));
        assert!(SPEC.is_closed(&fields, IsoDate::parse("2021-12-12").unwrap()));
    }
}
