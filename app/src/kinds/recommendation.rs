//! Kiến nghị sau giám sát — a recommendation made by a supervision: to whom,
//! by when, the answer, and its status, followed until done.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::required_when;
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("recommendation");

choices! {
    pub enum RecommendationStatus, RECOMMENDATION_STATUS = "recommendation_status" {
        NotDone = "not_done",
        InProgress = "in_progress",
        Done = "done",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`status: done` needs `done_on` (`required` on `done_on`) and `response` (`required` on `response`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "recommendations",
    group: Group::Council,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Recommendation, FIELDS {
        supervision: RecordId = FieldType::Link(super::supervision::KIND) => required filter;
        content: String = FieldType::LongText { max: 5_000 } => required;
        addressee: String = FieldType::Text { max: 200 } => required;
        deadline: Option<IsoDate> = FieldType::Date;
        status: RecommendationStatus = FieldType::Choice(&RECOMMENDATION_STATUS) => required filter;
        response: Option<String> = FieldType::LongText { max: 10_000 };
        done_on: Option<IsoDate> = FieldType::Date;
    }
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
