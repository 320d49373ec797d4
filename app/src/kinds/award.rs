//! Danh hiệu — an award or title the office or a person received ("Cơ quan
//! văn hóa", "Tập thể lao động xuất sắc"), its year and decision.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::{Body, body};
use crate::records::spec::{ASC, Closed, DESC, FieldType, Group, KindSpec};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("award");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "awards",
    group: Group::Office,
    fields: FIELDS,
    columns: &["year", "recipient", "decision"],
    order: &[("year", DESC), ("name", ASC)],
    year: Some("year"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::Never,
    rules: |_, _| {},
    series: None,
    compute: None,
};

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Award, FIELDS {
        name: String = FieldType::Text { max: 300 } => required;
        year: u32 = FieldType::Integer { min: 2000, max: 2100, roman: false, } => required;
        recipient: String = FieldType::Text { max: 300 } => required;
        decision: Option<String> = FieldType::DocNumber => hint;
        decided_on: Option<IsoDate> = FieldType::Date;
        issuer: Option<String> = FieldType::Text { max: 200 };
    }
}

impl Body for Award {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Award {
            name: "Cơ quan đạt chuẩn văn hóa".into(),
            year: 2020,
            recipient: "Văn phòng HĐND tỉnh".into(),
            decision: Some("2345/QĐ-UBND".into()),
            decided_on: Some(IsoDate::ymd(2020, 12, 28)),
            issuer: Some("UBND tỉnh".into()),
        }
    }
}
