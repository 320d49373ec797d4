//! Tổ đại biểu — a delegate group: the council's deputies elected in one
//! district or area. A catalogue.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::records::body::Body;
use crate::records::spec::{ASC, Closed, FieldSpec, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("delegate_group");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "delegate-groups",
    group: Group::Catalogues,
    fields: &[
        FieldSpec::new("name", FieldType::Text { max: 200 }).required(),
        FieldSpec::new("unit", FieldType::Link(super::admin_unit::KIND)),
        FieldSpec::new("term", FieldType::Link(super::term::KIND)).filter(),
    ],
    columns: &["unit", "term"],
    order: &[("name", ASC)],
    year: None,
    read: CATALOGUES,
    write: ADMINISTRATION,
    review: None,
    closed: Closed::Never,
    rules: |_, _| {},
    series: None,
    compute: None,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegateGroup {
    pub name: String,
    pub unit: Option<RecordId>,
    pub term: Option<RecordId>,
}

impl Body for DelegateGroup {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        DelegateGroup {
            name: "Tổ đại biểu thành phố Hà Giang".into(),
            unit: Some(RecordId::example(5)),
            term: Some(RecordId::example(6)),
        }
    }
}
