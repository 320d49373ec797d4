//! Nhiệm vụ — a task of the office: who carries it, by when, on what legal
//! basis, and its status (e.g. the steps preparing the 2021 elections).

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::Body;
use crate::records::check::required_when;
use crate::records::spec::{ASC, ChoiceSet, Closed, FieldSpec, FieldType, Group, KindSpec, Values};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("task");

pub static TASK_STATUS: ChoiceSet = ChoiceSet {
    name: "task_status",
    values: &["not_started", "in_progress", "done", "cancelled"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`status: done` needs `done_on` (`required` on `done_on`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "tasks",
    group: Group::Office,
    fields: &[
        FieldSpec::new("title", FieldType::Text { max: 500 }).required(),
        FieldSpec::new("owner", FieldType::Text { max: 200 }).required(),
        FieldSpec::new("deadline", FieldType::Date),
        FieldSpec::new("legal_basis", FieldType::Text { max: 300 }).hint(),
        FieldSpec::new("status", FieldType::Choice(&TASK_STATUS))
            .required()
            .filter(),
        FieldSpec::new("done_on", FieldType::Date),
        FieldSpec::new("notes", FieldType::LongText { max: 5_000 }),
    ],
    columns: &["owner", "deadline", "status"],
    order: &[("deadline", ASC), ("title", ASC)],
    year: Some("deadline"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::StatusAfter {
        field: "status",
        values: &["done", "cancelled"],
        date: "deadline",
        days: 365,
    },
    rules,
    series: None,
    compute: None,
};

fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    required_when(values, values.choice("status") == Some("done"), "done_on", errors);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub title: String,
    pub owner: String,
    pub deadline: Option<IsoDate>,
    pub legal_basis: Option<String>,
    pub status: TaskStatus,
    pub done_on: Option<IsoDate>,
    pub notes: Option<String>,
}

impl Body for Task {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Task {
            title: "Chuẩn bị bầu cử đại biểu Quốc hội và đại biểu HĐND các cấp".into(),
            owner: "Phòng Công tác HĐND".into(),
            deadline: Some(IsoDate::ymd(2021, 5, 23)),
            legal_basis: Some("Luật Bầu cử đại biểu Quốc hội và đại biểu HĐND 2015".into()),
            status: TaskStatus::Done,
            done_on: Some(IsoDate::ymd(2021, 5, 23)),
            notes: Some("Thành lập Ủy ban bầu cử tỉnh.".into()),
        }
    }
}
