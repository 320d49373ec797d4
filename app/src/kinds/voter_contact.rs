//! Tiếp xúc cử tri — deputies meeting voters, before or after a session or on
//! a theme: when, where, which deputies, how many voters. The petitions it
//! collected link here.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::Body;
use crate::records::spec::{ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("voter_contact");

pub static CONTACT_TIMING: ChoiceSet = ChoiceSet {
    name: "contact_timing",
    values: &["before_session", "after_session", "thematic"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "voter-contacts",
    group: Group::Citizens,
    fields: &[
        FieldSpec::new("timing", FieldType::Choice(&CONTACT_TIMING))
            .required()
            .filter(),
        FieldSpec::new("session", FieldType::Link(super::council_session::KIND)).filter(),
        FieldSpec::new("held_on", FieldType::Date).required(),
        FieldSpec::new("place", FieldType::Text { max: 200 }).required(),
        FieldSpec::new("unit", FieldType::Link(super::admin_unit::KIND)),
        FieldSpec::new(
            "deputies",
            FieldType::Links {
                kind: super::deputy::KIND,
                max: 30,
            },
        ),
        FieldSpec::new(
            "voters",
            FieldType::Integer {
                min: 0,
                max: 100_000,
                roman: false,
            },
        ),
        FieldSpec::new("notes", FieldType::LongText { max: 5_000 }),
    ],
    columns: &["timing", "held_on", "place", "voters"],
    order: &[("held_on", DESC)],
    year: Some("held_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "held_on",
        days: 365,
    },
    rules: |_, _| {},
    series: None,
    compute: None,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactTiming {
    BeforeSession,
    AfterSession,
    Thematic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoterContact {
    pub timing: ContactTiming,
    pub session: Option<RecordId>,
    pub held_on: IsoDate,
    pub place: String,
    pub unit: Option<RecordId>,
    #[serde(default)]
    pub deputies: Vec<RecordId>,
    pub voters: Option<u32>,
    pub notes: Option<String>,
}

impl Body for VoterContact {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        VoterContact {
            timing: ContactTiming::BeforeSession,
            session: Some(RecordId::example(27)),
            held_on: IsoDate::ymd(2020, 11, 20),
            place: "Hội trường UBND xã Phương Thiện".into(),
            unit: Some(RecordId::example(28)),
            deputies: vec![RecordId::example(29), RecordId::example(30)],
            voters: Some(120),
            notes: Some("Cử tri quan tâm đến đường giao thông nông thôn.".into()),
        }
    }
}
