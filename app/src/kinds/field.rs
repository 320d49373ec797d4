//! Lĩnh vực — a field of work (kinh tế, ngân sách, văn hóa - xã hội, …) that
//! resolutions, matters and petitions are filed under. A catalogue.

use serde::{Deserialize, Serialize};

use crate::auth::model::{ADMINISTRATION, CATALOGUES};
use crate::records::body::{Body, body};
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("field");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "fields",
    group: Group::Catalogues,
    fields: FIELDS,
    columns: &["code"],
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
    pub struct Field, FIELDS {
        name: String = FieldType::Text { max: 200 } => required;
        code: Option<String> = FieldType::Text { max: 20 };
    }
}

impl Body for Field {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Field {
            name: "Kinh tế - Ngân sách".into(),
            code: Some("KT-NS".into()),
        }
    }
}
