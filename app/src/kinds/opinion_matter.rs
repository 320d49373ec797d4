//! Nội dung xin ý kiến — a matter the People's Committee (UBND) submits to
//! the Standing Committee for its opinion: the document it came in (one
//! document may carry several matters, so the two are counted apart), its
//! field, the committee assigned to review it, the meeting that decided it,
//! the reply and the result.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, SC_REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::{period_rule, required_when};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("opinion_matter");

choices! {
    pub enum MatterResult, MATTER_RESULT = "matter_result" {
        Agreed = "agreed",
        AgreedWithConditions = "agreed_with_conditions",
        NotAgreed = "not_agreed",
        ReferredToSession = "referred_to_session",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`replied_on` must not be before `received_on` (`ends_before_start` on `replied_on`); a `result` needs `replied_on` (`required` on `replied_on`). Documents and matters are counted apart: several matters may link to the same `document`.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "matters",
    group: Group::Council,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct OpinionMatter, FIELDS {
        content: String = FieldType::Text { max: 500 } => required;
        document: RecordId = FieldType::Link(super::document::KIND) => required hint;
        received_on: IsoDate = FieldType::Date => required;
        field: Option<RecordId> = FieldType::Link(super::field::KIND) => filter;
        committee: Option<RecordId> = FieldType::Link(super::committee::KIND) => filter;
        meeting: Option<RecordId> = FieldType::Link(super::sc_meeting::KIND) => filter;
        reply: Option<RecordId> = FieldType::Link(super::document::KIND);
        replied_on: Option<IsoDate> = FieldType::Date;
        result: Option<MatterResult> = FieldType::Choice(&MATTER_RESULT) => filter;
    }
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
