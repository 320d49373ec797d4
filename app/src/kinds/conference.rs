//! Hội nghị — a conference the council hosted or attended: its kind, its
//! ordinal ("lần thứ 8"), the dates and the place.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::period_rule;
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("conference");

choices! {
    pub enum ConferenceKind, CONFERENCE_KIND = "conference_kind" {
        Regional = "regional",
        National = "national",
        Provincial = "provincial",
        Other = "other",
    }
}

choices! {
    pub enum ConferenceRole, CONFERENCE_ROLE = "conference_role" {
        Host = "host",
        Attendee = "attendee",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`ends_on` must not be before `starts_on` (`ends_before_start` on `ends_on`), and a conference lasts at most 31 days, counting both ends (`too_long_period` on `ends_on`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "conferences",
    group: Group::Office,
    fields: FIELDS,
    columns: &["conference_kind", "role", "starts_on", "place"],
    order: &[("starts_on", DESC)],
    year: Some("starts_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "starts_on",
        days: 730,
    },
    rules,
    series: None,
    compute: None,
};

fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    period_rule(values, "starts_on", "ends_on", Some(31), errors);
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Conference, FIELDS {
        name: String = FieldType::Text { max: 500 } => required;
        conference_kind: ConferenceKind = FieldType::Choice(&CONFERENCE_KIND) => required filter;
        ordinal: Option<u32> = FieldType::Integer { min: 1, max: 999, roman: false, };
        role: ConferenceRole = FieldType::Choice(&CONFERENCE_ROLE) => required filter;
        starts_on: IsoDate = FieldType::Date => required;
        ends_on: Option<IsoDate> = FieldType::Date;
        place: Option<String> = FieldType::Text { max: 200 };
        term: Option<RecordId> = FieldType::Link(super::term::KIND);
    }
}

impl Body for Conference {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Conference {
            name: "Hội nghị Thường trực HĐND các tỉnh trung du và miền núi phía Bắc".into(),
            conference_kind: ConferenceKind::Regional,
            ordinal: Some(8),
            role: ConferenceRole::Host,
            starts_on: IsoDate::ymd(2020, 10, 16),
            ends_on: Some(IsoDate::ymd(2020, 10, 17)),
            place: Some("Thành phố Hà Giang".into()),
            term: Some(RecordId::example(4)),
        }
    }
}
