//! Đảng viên — a member of the office's Party committee and the posts held.
//! Political affiliation is sensitive personal data: only staff, office
//! leaders and the Standing Committee read these records.

use serde::{Deserialize, Serialize};

use crate::auth::model::{PARTY_RECORDS, RECORD_EDITORS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::{Body, body};
use crate::records::spec::{ASC, Closed, FieldType, Group, KindSpec};
use crate::sync::model::RecordKind;

pub const KIND: RecordKind = RecordKind::new("party_member");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "None beyond each field's own.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "party-members",
    group: Group::Office,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct PartyMember, FIELDS {
        full_name: String = FieldType::Text { max: 120 } => required;
        joined_on: Option<IsoDate> = FieldType::Date;
        posts: Option<String> = FieldType::Text { max: 300 };
        provincial_standing: bool = FieldType::YesNo => filter;
        provincial_committee: bool = FieldType::YesNo => filter;
        active: bool = FieldType::YesNo => filter;
    }
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
