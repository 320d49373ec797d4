//! Xếp loại — the annual rating of a Party member or of the Party
//! organisation: HTXSNV / HTTNV / HTNV / KHTNV.

use serde::{Deserialize, Serialize};

use crate::auth::model::{PARTY_RECORDS, RECORD_EDITORS, REVIEWERS};
use crate::error::FieldError;
use crate::records::body::Body;
use crate::records::check::required_when;
use crate::records::spec::{ASC, ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("party_rating");

pub static RATED: ChoiceSet = ChoiceSet {
    name: "rated",
    values: &["member", "organisation"],
};

pub static RATING: ChoiceSet = ChoiceSet {
    name: "rating",
    values: &["htxsnv", "httnv", "htnv", "khtnv"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`rated: member` needs `member` (`required` on `member`), and `rated: organisation` needs `organisation` (`required` on `organisation`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "party-ratings",
    group: Group::Office,
    fields: &[
        FieldSpec::new(
            "year",
            FieldType::Integer {
                min: 2000,
                max: 2100,
                roman: false,
            },
        )
        .required(),
        FieldSpec::new("rated", FieldType::Choice(&RATED))
            .required()
            .filter(),
        FieldSpec::new("member", FieldType::Link(super::party_member::KIND)).hint(),
        FieldSpec::new("organisation", FieldType::Text { max: 200 }).hint(),
        FieldSpec::new("rating", FieldType::Choice(&RATING))
            .required()
            .filter(),
        FieldSpec::new("decision", FieldType::DocNumber).hint(),
    ],
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rated {
    Member,
    Organisation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Hoàn thành xuất sắc nhiệm vụ.
    Htxsnv,
    /// Hoàn thành tốt nhiệm vụ.
    Httnv,
    /// Hoàn thành nhiệm vụ.
    Htnv,
    /// Không hoàn thành nhiệm vụ.
    Khtnv,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyRating {
    pub year: u32,
    pub rated: Rated,
    pub member: Option<RecordId>,
    pub organisation: Option<String>,
    pub rating: Rating,
    pub decision: Option<String>,
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
