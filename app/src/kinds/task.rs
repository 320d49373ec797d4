//! Nhiệm vụ — a task of the office: who carries it, by when, on what legal
//! basis, and its status (e.g. the steps preparing the 2021 elections).

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::required_when;
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec, Values};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("task");

choices! {
    pub enum TaskStatus, TASK_STATUS = "task_status" {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Done = "done",
        Cancelled = "cancelled",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`status: done` needs `done_on` (`required` on `done_on`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "tasks",
    group: Group::Office,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Task, FIELDS {
        title: String = FieldType::Text { max: 500 } => required;
        owner: String = FieldType::Text { max: 200 } => required;
        deadline: Option<IsoDate> = FieldType::Date;
        legal_basis: Option<String> = FieldType::Text { max: 300 } => hint;
        status: TaskStatus = FieldType::Choice(&TASK_STATUS) => required filter;
        done_on: Option<IsoDate> = FieldType::Date;
        notes: Option<String> = FieldType::LongText { max: 5_000 };
    }
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
