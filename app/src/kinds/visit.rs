//! Lượt tiếp công dân — one visit of citizens to the reception office about
//! a matter: when, where, who received them, the kind of reception, how many
//! people, and whether they came as a group.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECEPTION_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("visit");

/// A group visit ("đoàn đông người") is five people or more.
pub const GROUP_SIZE: i64 = 5;

choices! {
    pub enum VisitKind, VISIT_KIND = "visit_kind" {
        Regular = "regular",
        Scheduled = "scheduled",
        AdHoc = "ad_hoc",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "A group visit (`group_visit: true`) is 5 people or more: fewer `people` is `group_too_small` on `people`.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "visits",
    group: Group::Citizens,
    fields: FIELDS,
    columns: &["matter", "visited_on", "visit_kind", "people"],
    order: &[("visited_on", DESC)],
    year: Some("visited_on"),
    read: RECORDS,
    write: RECEPTION_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "visited_on",
        days: 730,
    },
    rules,
    series: None,
    compute: None,
};

fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    if values.yes("group_visit") == Some(true)
        && values.integer("people").is_some_and(|people| people < GROUP_SIZE)
    {
        errors.push(FieldError::new(
            "people",
            "group_too_small",
            format!("a group visit is {GROUP_SIZE} people or more"),
        ));
    }
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Visit, FIELDS {
        matter: RecordId = FieldType::Link(super::reception_matter::KIND) => required filter;
        visited_on: IsoDate = FieldType::Date => required;
        visit_kind: VisitKind = FieldType::Choice(&VISIT_KIND) => required filter;
        official: String = FieldType::Text { max: 120 } => required signed_in;
        place: Option<String> = FieldType::Text { max: 200 };
        people: u32 = FieldType::Integer { min: 1, max: 1_000, roman: false, } => required;
        group_visit: bool = FieldType::YesNo => filter hint;
        notes: Option<String> = FieldType::LongText { max: 5_000 };
    }
}

impl Body for Visit {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Visit {
            matter: RecordId::example(26),
            visited_on: IsoDate::ymd(2020, 3, 10),
            visit_kind: VisitKind::Regular,
            official: "Hoàng Thị Hoa".into(),
            place: Some("Trụ sở Tiếp công dân tỉnh".into()),
            people: 6,
            group_visit: true,
            notes: Some("Công dân mang theo đơn và giấy tờ liên quan.".into()),
        }
    }
}
