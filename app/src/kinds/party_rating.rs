//! Xếp loại — the annual rating of a Party member or of the Party
//! organisation: HTXSNV / HTTNV / HTNV / KHTNV.

use serde::{Deserialize, Serialize};

use crate::auth::model::{PARTY_RECORDS, RECORD_EDITORS, REVIEWERS};
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::required_when;
use crate::records::spec::{ASC, Closed, DESC, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("party_rating");

choices! {
    pub enum Rated, RATED = "rated" {
        Member = "member",
        Organisation = "organisation",
    }
}

choices! {
    pub enum Rating, RATING = "rating" {
        /// Hoàn thành xuất sắc nhiệm vụ.
        Htxsnv = "htxsnv",
        /// Hoàn thành tốt nhiệm vụ.
        Httnv = "httnv",
        /// Hoàn thành nhiệm vụ.
        Htnv = "htnv",
        /// Không hoàn thành nhiệm vụ.
        Khtnv = "khtnv",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`rated: member` needs `member` (`required` on `member`), and `rated: organisation` needs `organisation` (`required` on `organisation`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "party-ratings",
    group: Group::Office,
    fields: FIELDS,
    columns: &["rated", "member", "organisation", "rating"],
    order: &[("year", DESC), ("rated", DESC), ("rating", ASC)],
    year: Some("year"),
    read: PARTY_RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::Never,
    rules,
    series: None,
    compute: None,
};

/// A member's rating names the member; the organisation's names it.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    let rated = values.choice("rated");
    required_when(values, rated == Some("member"), "member", errors);
    required_when(values, rated == Some("organisation"), "organisation", errors);
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct PartyRating, FIELDS {
        year: u32 = FieldType::Integer { min: 2000, max: 2100, roman: false, } => required;
        rated: Rated = FieldType::Choice(&RATED) => required filter;
        member: Option<RecordId> = FieldType::Link(super::party_member::KIND) => hint;
        organisation: Option<String> = FieldType::Text { max: 200 } => hint;
        rating: Rating = FieldType::Choice(&RATING) => required filter;
        decision: Option<String> = FieldType::DocNumber => hint;
    }
}

impl Body for PartyRating {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        PartyRating {
            year: 2020,
            rated: Rated::Organisation,
            member: Some(RecordId::example(16)),
            organisation: Some("Đảng bộ Văn phòng HĐND tỉnh".into()),
            rating: Rating::Httnv,
            decision: Some("125/QĐ-ĐUK".into()),
        }
    }
}
