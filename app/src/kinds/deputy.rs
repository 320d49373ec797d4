//! Đại biểu HĐND — a deputy: term, constituency, delegate group, committees,
//! full-time or not, and whether still serving. A catalogue.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::records::body::{Body, body, choices};
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("deputy");

choices! {
    pub enum DeputyStatus, DEPUTY_STATUS = "deputy_status" {
        Active = "active",
        Ceased = "ceased",
        Suspended = "suspended",
        Recalled = "recalled",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "deputies",
    group: Group::Catalogues,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Deputy, FIELDS {
        full_name: String = FieldType::Text { max: 120 } => required;
        term: RecordId = FieldType::Link(super::term::KIND) => required filter;
        constituency: Option<String> = FieldType::Text { max: 200 };
        delegate_group: Option<RecordId> = FieldType::Link(super::delegate_group::KIND) => filter;
        #[serde(default)]
        committees: Vec<RecordId> = FieldType::Links { kind: super::committee::KIND, max: 10, } => filter;
        position: Option<String> = FieldType::Text { max: 200 };
        full_time: bool = FieldType::YesNo => filter;
        status: DeputyStatus = FieldType::Choice(&DEPUTY_STATUS) => required filter;
    }
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
