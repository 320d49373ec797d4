//! Kiến nghị sau giám sát — a recommendation made by a supervision: to whom,
//! by when, the answer, and its status, followed until done.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::Body;
use crate::records::check::required_when;
use crate::records::spec::{ASC, ChoiceSet, Closed, FieldSpec, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("recommendation");

pub static RECOMMENDATION_STATUS: ChoiceSet = ChoiceSet {
    name: "recommendation_status",
    values: &["not_done", "in_progress", "done"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`status: done` needs `done_on` (`required` on `done_on`) and `response` (`required` on `response`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "recommendations",
    group: Group::Council,
    fields: &[
        FieldSpec::new("supervision", FieldType::Link(super::supervision::KIND))
            .required()
            .filter(),
        FieldSpec::new("content", FieldType::LongText { max: 5_000 }).required(),
        FieldSpec::new("addressee", FieldType::Text { max: 200 }).required(),
        FieldSpec::new("deadline", FieldType::Date),
        FieldSpec::new("status", FieldType::Choice(&RECOMMENDATION_STATUS))
            .required()
            .filter(),
        FieldSpec::new("response", FieldType::LongText { max: 10_000 }),
        FieldSpec::new("done_on", FieldType::Date),
    ],
    columns: &["supervision", "deadline", "status"],
    order: &[("status", ASC), ("deadline", ASC)],
    year: Some("deadline"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::StatusAfter {
        field: "status",
        values: &["done"],
        date: "done_on",
        days: 365,
    },
    rules,
    series: None,
    compute: None,
};

/// A recommendation done says when, and with what answer.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    let done = values.choice("status") == Some("done");
    required_when(values, done, "done_on", errors);
    required_when(values, done, "response", errors);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationStatus {
    NotDone,
    InProgress,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub supervision: RecordId,
    pub content: String,
    pub addressee: String,
    pub deadline: Option<IsoDate>,
    pub status: RecommendationStatus,
    pub response: Option<String>,
    pub done_on: Option<IsoDate>,
}

impl Body for Recommendation {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Recommendation {
            supervision: RecordId::example(19),
            content: "Đẩy nhanh tiến độ sửa chữa tuyến đường tỉnh lộ 176.".into(),
            addressee: "UBND tỉnh".into(),
            deadline: Some(IsoDate::ymd(2020, 12, 31)),
            status: RecommendationStatus::Done,
            response: Some("Đã bố trí vốn và hoàn thành sửa chữa tháng 11/2020.".into()),
            done_on: Some(IsoDate::ymd(2020, 11, 30)),
        }
    }
}
