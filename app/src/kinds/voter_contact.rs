//! Tiếp xúc cử tri — deputies meeting voters, before or after a session or on
//! a theme: when, where, which deputies, how many voters. The petitions it
//! collected link here.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::{Body, body, choices};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("voter_contact");

choices! {
    pub enum ContactTiming, CONTACT_TIMING = "contact_timing" {
        BeforeSession = "before_session",
        AfterSession = "after_session",
        Thematic = "thematic",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "voter-contacts",
    group: Group::Citizens,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct VoterContact, FIELDS {
        timing: ContactTiming = FieldType::Choice(&CONTACT_TIMING) => required filter;
        session: Option<RecordId> = FieldType::Link(super::council_session::KIND) => filter;
        held_on: IsoDate = FieldType::Date => required;
        place: String = FieldType::Text { max: 200 } => required;
        unit: Option<RecordId> = FieldType::Link(super::admin_unit::KIND);
        #[serde(default)]
        deputies: Vec<RecordId> = FieldType::Links { kind: super::deputy::KIND, max: 30, };
        voters: Option<u32> = FieldType::Integer { min: 0, max: 100_000, roman: false, };
        notes: Option<String> = FieldType::LongText { max: 5_000 };
    }
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
