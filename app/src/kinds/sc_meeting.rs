//! Phiên họp Thường trực HĐND — a Standing Committee meeting: its number,
//! day, chair, the items discussed and the conclusion announced.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, SC_REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::Body;
use crate::records::spec::{ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec, Series};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("sc_meeting");

pub static MEETING_TYPE: ChoiceSet = ChoiceSet {
    name: "meeting_type",
    values: &["regular", "extraordinary"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "meetings",
    group: Group::Council,
    fields: &[
        FieldSpec::new(
            "number",
            FieldType::Integer {
                min: 1,
                max: 999,
                roman: false,
            },
        )
        .required(),
        FieldSpec::new("meeting_type", FieldType::Choice(&MEETING_TYPE))
            .required()
            .filter(),
        FieldSpec::new("held_on", FieldType::Date).required(),
        FieldSpec::new("chair", FieldType::Link(super::deputy::KIND)).filter(),
        FieldSpec::new("items", FieldType::LongText { max: 10_000 }).hint(),
        FieldSpec::new("conclusion", FieldType::LongText { max: 20_000 }),
        FieldSpec::new("conclusion_number", FieldType::DocNumber).hint(),
    ],
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingType {
    Regular,
    Extraordinary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScMeeting {
    pub number: u32,
    pub meeting_type: MeetingType,
    pub held_on: IsoDate,
    pub chair: Option<RecordId>,
    /// The items discussed, one per line.
    pub items: Option<String>,
    pub conclusion: Option<String>,
    pub conclusion_number: Option<String>,
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
