//! Đại biểu HĐND — a deputy: term, constituency, delegate group, committees,
//! full-time or not, and whether still serving. A catalogue.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::records::body::Body;
use crate::records::spec::{ASC, ChoiceSet, Closed, FieldSpec, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("deputy");

pub static DEPUTY_STATUS: ChoiceSet = ChoiceSet {
    name: "deputy_status",
    values: &["active", "ceased", "suspended", "recalled"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "deputies",
    group: Group::Catalogues,
    fields: &[
        FieldSpec::new("full_name", FieldType::Text { max: 120 }).required(),
        FieldSpec::new("term", FieldType::Link(super::term::KIND))
            .required()
            .filter(),
        FieldSpec::new("constituency", FieldType::Text { max: 200 }),
        FieldSpec::new("delegate_group", FieldType::Link(super::delegate_group::KIND)).filter(),
        FieldSpec::new(
            "committees",
            FieldType::Links {
                kind: super::committee::KIND,
                max: 10,
            },
        )
        .filter(),
        FieldSpec::new("position", FieldType::Text { max: 200 }),
        FieldSpec::new("full_time", FieldType::YesNo).filter(),
        FieldSpec::new("status", FieldType::Choice(&DEPUTY_STATUS))
            .required()
            .filter(),
    ],
    columns: &["position", "delegate_group", "status"],
    order: &[("full_name", ASC)],
    year: None,
    read: CATALOGUES,
    write: ADMINISTRATION,
    review: None,
    closed: Closed::Never,
    rules: |_, _| {},
    series: None,
    compute: None,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeputyStatus {
    Active,
    Ceased,
    Suspended,
    Recalled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deputy {
    pub full_name: String,
    pub term: RecordId,
    pub constituency: Option<String>,
    pub delegate_group: Option<RecordId>,
    #[serde(default)]
    pub committees: Vec<RecordId>,
    pub position: Option<String>,
    pub full_time: bool,
    pub status: DeputyStatus,
}

impl Body for Deputy {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Deputy {
            full_name: "Thào Hồng Sơn".into(),
            term: RecordId::example(7),
            constituency: Some("Đơn vị bầu cử số 1 - thành phố Hà Giang".into()),
            delegate_group: Some(RecordId::example(8)),
            committees: vec![RecordId::example(9)],
            position: Some("Chủ tịch HĐND tỉnh".into()),
            full_time: true,
            status: DeputyStatus::Active,
        }
    }
}
