//! Đảng viên — a member of the office's Party committee and the posts held.
//! Political affiliation is sensitive personal data: only staff, office
//! leaders and the Standing Committee read these records.

use serde::{Deserialize, Serialize};

use crate::auth::model::{PARTY_RECORDS, RECORD_EDITORS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::Body;
use crate::records::spec::{ASC, Closed, FieldSpec, FieldType, Group, KindSpec};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("party_member");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "party-members",
    group: Group::Office,
    fields: &[
        FieldSpec::new("full_name", FieldType::Text { max: 120 }).required(),
        FieldSpec::new("joined_on", FieldType::Date),
        FieldSpec::new("posts", FieldType::Text { max: 300 }),
        FieldSpec::new("provincial_standing", FieldType::YesNo).filter(),
        FieldSpec::new("provincial_committee", FieldType::YesNo).filter(),
        FieldSpec::new("active", FieldType::YesNo).filter(),
    ],
    columns: &["posts", "provincial_standing", "provincial_committee", "active"],
    order: &[("full_name", ASC)],
    year: None,
    read: PARTY_RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::Never,
    rules: |_, _| {},
    series: None,
    compute: None,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyMember {
    pub full_name: String,
    pub joined_on: Option<IsoDate>,
    pub posts: Option<String>,
    pub provincial_standing: bool,
    pub provincial_committee: bool,
    pub active: bool,
}

impl Body for PartyMember {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        PartyMember {
            full_name: "Lê Thị Mai".into(),
            joined_on: Some(IsoDate::ymd(2005, 5, 19)),
            posts: Some("Bí thư Đảng ủy cơ quan".into()),
            provincial_standing: false,
            provincial_committee: true,
            active: true,
        }
    }
}
