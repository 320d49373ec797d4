//! Nội dung xin ý kiến — a matter the People's Committee (UBND) submits to
//! the Standing Committee for its opinion: the document it came in (one
//! document may carry several matters, so the two are counted apart), its
//! field, the committee assigned to review it, the meeting that decided it,
//! the reply and the result.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, SC_REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::Body;
use crate::records::check::{period_rule, required_when};
use crate::records::spec::{ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("opinion_matter");

pub static MATTER_RESULT: ChoiceSet = ChoiceSet {
    name: "matter_result",
    values: &[
        "agreed",
        "agreed_with_conditions",
        "not_agreed",
        "referred_to_session",
    ],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`replied_on` must not be before `received_on` (`ends_before_start` on `replied_on`); a `result` needs `replied_on` (`required` on `replied_on`). Documents and matters are counted apart: several matters may link to the same `document`.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "matters",
    group: Group::Council,
    fields: &[
        FieldSpec::new("content", FieldType::Text { max: 500 }).required(),
        FieldSpec::new("document", FieldType::Link(super::document::KIND))
            .required()
            .hint(),
        FieldSpec::new("received_on", FieldType::Date).required(),
        FieldSpec::new("field", FieldType::Link(super::field::KIND)).filter(),
        FieldSpec::new("committee", FieldType::Link(super::committee::KIND)).filter(),
        FieldSpec::new("meeting", FieldType::Link(super::sc_meeting::KIND)).filter(),
        FieldSpec::new("reply", FieldType::Link(super::document::KIND)),
        FieldSpec::new("replied_on", FieldType::Date),
        FieldSpec::new("result", FieldType::Choice(&MATTER_RESULT)).filter(),
    ],
    columns: &["received_on", "field", "committee", "result"],
    order: &[("received_on", DESC)],
    year: Some("received_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(SC_REVIEWERS),
    closed: Closed::DaysAfter {
        field: "received_on",
        days: 365,
    },
    rules,
    series: None,
    compute: None,
};

/// A reply comes after the matter arrived; a result is given by a reply.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    period_rule(values, "received_on", "replied_on", None, errors);
    // Only a result that passed its own check asks for the reply's day.
    required_when(values, values.choice("result").is_some(), "replied_on", errors);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterResult {
    Agreed,
    AgreedWithConditions,
    NotAgreed,
    ReferredToSession,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionMatter {
    pub content: String,
    pub document: RecordId,
    pub received_on: IsoDate,
    pub field: Option<RecordId>,
    pub committee: Option<RecordId>,
    pub meeting: Option<RecordId>,
    pub reply: Option<RecordId>,
    pub replied_on: Option<IsoDate>,
    pub result: Option<MatterResult>,
}

impl Body for OpinionMatter {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        OpinionMatter {
            content: "Phương án phân bổ vốn đầu tư công năm 2021".into(),
            document: RecordId::example(11),
            received_on: IsoDate::ymd(2020, 11, 16),
            field: Some(RecordId::example(12)),
            committee: Some(RecordId::example(13)),
            meeting: Some(RecordId::example(14)),
            reply: Some(RecordId::example(15)),
            replied_on: Some(IsoDate::ymd(2020, 11, 25)),
            result: Some(MatterResult::Agreed),
        }
    }
}
