//! Ý kiến, kiến nghị cử tri — a voter's opinion or recommendation: its
//! field and area, where it was forwarded, the answer, and how far it is
//! settled.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::{period_rule, required_when};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("voter_petition");

choices! {
    pub enum PetitionType, PETITION_TYPE = "petition_type" {
        Opinion = "opinion",
        Recommendation = "recommendation",
    }
}

choices! {
    pub enum PetitionStatus, PETITION_STATUS = "petition_status" {
        Collected = "collected",
        Forwarded = "forwarded",
        Answered = "answered",
        InProgress = "in_progress",
        Settled = "settled",
        Explained = "explained",
        ClosedNotSettled = "closed_not_settled",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`forwarded_on` must not be before `received_on` (`ends_before_start` on `forwarded_on`); any `status` but `collected` needs `forwarded_to` (`required` on `forwarded_to`); `answered`, `settled`, `explained` and `closed_not_settled` need `answer` (`required` on `answer`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "petitions",
    group: Group::Citizens,
    fields: FIELDS,
    columns: &["petition_type", "received_on", "field", "status"],
    order: &[("received_on", DESC)],
    year: Some("received_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::StatusAfter {
        field: "status",
        values: &["settled", "explained", "closed_not_settled"],
        date: "received_on",
        days: 365,
    },
    rules,
    series: None,
    compute: None,
};

/// Past "collected" a petition was forwarded somewhere; once answered it has
/// the answer.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    period_rule(values, "received_on", "forwarded_on", None, errors);
    let status = values.choice("status");
    let forwarded = status.is_some_and(|status| status != "collected");
    required_when(values, forwarded, "forwarded_to", errors);
    let answered = matches!(
        status,
        Some("answered" | "settled" | "explained" | "closed_not_settled")
    );
    required_when(values, answered, "answer", errors);
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct VoterPetition, FIELDS {
        content: String = FieldType::LongText { max: 5_000 } => required;
        petition_type: PetitionType = FieldType::Choice(&PETITION_TYPE) => required filter;
        received_on: IsoDate = FieldType::Date => required;
        contact: Option<RecordId> = FieldType::Link(super::voter_contact::KIND);
        field: Option<RecordId> = FieldType::Link(super::field::KIND) => filter;
        area: Option<RecordId> = FieldType::Link(super::admin_unit::KIND);
        forwarded_to: Option<String> = FieldType::Text { max: 200 };
        forwarded_on: Option<IsoDate> = FieldType::Date;
        answer: Option<String> = FieldType::LongText { max: 10_000 };
        status: PetitionStatus = FieldType::Choice(&PETITION_STATUS) => required filter;
    }
}

impl Body for VoterPetition {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        VoterPetition {
            content: "Đề nghị sớm nâng cấp tuyến đường liên xã Phương Thiện - Phương Độ.".into(),
            petition_type: PetitionType::Recommendation,
            received_on: IsoDate::ymd(2020, 11, 20),
            contact: Some(RecordId::example(31)),
            field: Some(RecordId::example(32)),
            area: Some(RecordId::example(33)),
            forwarded_to: Some("UBND tỉnh".into()),
            forwarded_on: Some(IsoDate::ymd(2020, 11, 27)),
            answer: Some("Tuyến đường đã có trong kế hoạch đầu tư công 2021-2025.".into()),
            status: PetitionStatus::Answered,
        }
    }
}
