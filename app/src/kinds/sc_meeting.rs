//! Phiên họp Thường trực HĐND — a Standing Committee meeting: its number,
//! day, chair, the items discussed and the conclusion announced.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, SC_REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::{Body, body, choices};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Series};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("sc_meeting");

choices! {
    pub enum MeetingType, MEETING_TYPE = "meeting_type" {
        Regular = "regular",
        Extraordinary = "extraordinary",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "meetings",
    group: Group::Council,
    fields: FIELDS,
    columns: &["meeting_type", "held_on", "chair", "conclusion_number"],
    order: &[("held_on", DESC), ("number", DESC)],
    year: Some("held_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(SC_REVIEWERS),
    closed: Closed::DaysAfter {
        field: "held_on",
        days: 365,
    },
    rules: |_, _| {},
    series: Some(Series { field: "number", within: &["held_on"] }),
    compute: None,
};

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ScMeeting, FIELDS {
        number: u32 = FieldType::Integer { min: 1, max: 999, roman: false, } => required;
        meeting_type: MeetingType = FieldType::Choice(&MEETING_TYPE) => required filter;
        held_on: IsoDate = FieldType::Date => required;
        chair: Option<RecordId> = FieldType::Link(super::deputy::KIND) => filter;
        /// The items discussed, one per line.
        items: Option<String> = FieldType::LongText { max: 10_000 } => hint;
        conclusion: Option<String> = FieldType::LongText { max: 20_000 };
        conclusion_number: Option<String> = FieldType::DocNumber => hint;
    }
}

impl Body for ScMeeting {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        ScMeeting {
            number: 52,
            meeting_type: MeetingType::Regular,
            held_on: IsoDate::ymd(2020, 11, 24),
            chair: Some(RecordId::example(23)),
            items: Some("Chuẩn bị Kỳ họp thứ 11\nCho ý kiến 6 nội dung UBND tỉnh trình".into()),
            conclusion: Some("Thống nhất tổ chức Kỳ họp thứ 11 từ ngày 09/12/2020.".into()),
            conclusion_number: Some("312/TB-HĐND".into()),
        }
    }
}
