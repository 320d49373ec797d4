//! Văn bản — a document reference: number and symbol ("Số: 85/BC-HĐND"),
//! type, subject line (trích yếu), date, issuer and signer. Number series
//! are per issuer and per year, so the same number may recur across years.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::Body;
use crate::records::spec::{ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec, Series};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("document");

pub static DOC_TYPE: ChoiceSet = ChoiceSet {
    name: "doc_type",
    values: &[
        "submission",
        "report",
        "plan",
        "resolution",
        "decision",
        "notice",
        "official_letter",
        "minutes",
        "other",
    ],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own. Number series are per issuer and per year, so a number may recur.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "documents",
    group: Group::Council,
    fields: &[
        FieldSpec::new("number", FieldType::DocNumber).hint().required(),
        FieldSpec::new("doc_type", FieldType::Choice(&DOC_TYPE))
            .required()
            .filter(),
        FieldSpec::new("subject", FieldType::Text { max: 500 }).required(),
        FieldSpec::new("issued_on", FieldType::Date).required(),
        FieldSpec::new("issuer", FieldType::Text { max: 200 }).required(),
        FieldSpec::new("signer", FieldType::Text { max: 120 }),
    ],
    columns: &["doc_type", "subject", "issued_on", "issuer"],
    order: &[("issued_on", DESC), ("number", DESC)],
    year: Some("issued_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "issued_on",
        days: 730,
    },
    rules: |_, _| {},
    series: Some(Series { field: "number", within: &["issued_on"] }),
    compute: None,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    Submission,
    Report,
    Plan,
    Resolution,
    Decision,
    Notice,
    OfficialLetter,
    Minutes,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub number: String,
    pub doc_type: DocType,
    pub subject: String,
    pub issued_on: IsoDate,
    pub issuer: String,
    pub signer: Option<String>,
}

impl Body for Document {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Document {
            number: "85/TTr-UBND".into(),
            doc_type: DocType::Submission,
            subject: "Xin ý kiến về phương án phân bổ vốn đầu tư công năm 2021".into(),
            issued_on: IsoDate::ymd(2020, 11, 16),
            issuer: "UBND tỉnh".into(),
            signer: Some("Nguyễn Văn Sơn".into()),
        }
    }
}
