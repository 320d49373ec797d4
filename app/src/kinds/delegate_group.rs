//! Tổ đại biểu — a delegate group: the council's deputies elected in one
//! district or area. A catalogue.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::records::body::{Body, body};
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("delegate_group");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "delegate-groups",
    group: Group::Catalogues,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct DelegateGroup, FIELDS {
        name: String = FieldType::Text { max: 200 } => required;
        unit: Option<RecordId> = FieldType::Link(super::admin_unit::KIND);
        term: Option<RecordId> = FieldType::Link(super::term::KIND) => filter;
    }
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
