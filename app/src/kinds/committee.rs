//! Ban của HĐND — a council committee (Kinh tế - Ngân sách, Văn hóa - Xã hội,
//! Pháp chế, Dân tộc; Đô thị in cities). Its members are the deputies that
//! name it. A catalogue.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::records::body::{Body, body};
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("committee");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "committees",
    group: Group::Catalogues,
    fields: FIELDS,
    columns: &["short_name", "term", "active"],
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
    pub struct Committee, FIELDS {
        name: String = FieldType::Text { max: 200 } => required;
        short_name: Option<String> = FieldType::Text { max: 50 };
        term: Option<RecordId> = FieldType::Link(super::term::KIND) => filter;
        active: bool = FieldType::YesNo;
    }
}

impl Body for Committee {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Committee {
            name: "Ban Kinh tế - Ngân sách".into(),
            short_name: Some("Ban KT-NS".into()),
            term: Some(RecordId::example(3)),
            active: true,
        }
    }
}
