//! Hội nghị — a conference the council hosted or attended: its kind, its
//! ordinal ("lần thứ 8"), the dates and the place.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::Body;
use crate::records::check::period_rule;
use crate::records::spec::{ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("conference");

pub static CONFERENCE_KIND: ChoiceSet = ChoiceSet {
    name: "conference_kind",
    values: &["regional", "national", "provincial", "other"],
};

pub static CONFERENCE_ROLE: ChoiceSet = ChoiceSet {
    name: "conference_role",
    values: &["host", "attendee"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`ends_on` must not be before `starts_on` (`ends_before_start` on `ends_on`), and a conference lasts at most 31 days, counting both ends (`too_long_period` on `ends_on`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "conferences",
    group: Group::Office,
    fields: &[
        FieldSpec::new("name", FieldType::Text { max: 500 }).required(),
        FieldSpec::new("conference_kind", FieldType::Choice(&CONFERENCE_KIND))
            .required()
            .filter(),
        FieldSpec::new(
            "ordinal",
            FieldType::Integer {
                min: 1,
                max: 999,
                roman: false,
            },
        ),
        FieldSpec::new("role", FieldType::Choice(&CONFERENCE_ROLE))
            .required()
            .filter(),
        FieldSpec::new("starts_on", FieldType::Date).required(),
        FieldSpec::new("ends_on", FieldType::Date),
        FieldSpec::new("place", FieldType::Text { max: 200 }),
        FieldSpec::new("term", FieldType::Link(super::term::KIND)),
    ],
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceKind {
    Regional,
    National,
    Provincial,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceRole {
    Host,
    Attendee,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conference {
    pub name: String,
    pub conference_kind: ConferenceKind,
    pub ordinal: Option<u32>,
    pub role: ConferenceRole,
    pub starts_on: IsoDate,
    pub ends_on: Option<IsoDate>,
    pub place: Option<String>,
    pub term: Option<RecordId>,
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
