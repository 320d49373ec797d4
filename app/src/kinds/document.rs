//! Văn bản — a document reference: number and symbol ("Số: 85/BC-HĐND"),
//! type, subject line (trích yếu), date, issuer and signer. Number series
//! are per issuer and per year, so the same number may recur across years.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::{Body, body, choices};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Series};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("document");

choices! {
    pub enum DocType, DOC_TYPE = "doc_type" {
        Submission = "submission",
        Report = "report",
        Plan = "plan",
        Resolution = "resolution",
        Decision = "decision",
        Notice = "notice",
        OfficialLetter = "official_letter",
        Minutes = "minutes",
        Other = "other",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own. Number series are per issuer and per year, so a number may recur.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "documents",
    group: Group::Council,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Document, FIELDS {
        number: String = FieldType::DocNumber => hint required;
        doc_type: DocType = FieldType::Choice(&DOC_TYPE) => required filter;
        subject: String = FieldType::Text { max: 500 } => required;
        issued_on: IsoDate = FieldType::Date => required;
        issuer: String = FieldType::Text { max: 200 } => required;
        signer: Option<String> = FieldType::Text { max: 120 };
    }
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
