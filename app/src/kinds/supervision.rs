//! Giám sát — a supervision by the council, its Standing Committee, a
//! committee or a delegate group: its form, topic, subjects, dates, findings
//! and report. Its recommendations are records of their own that link here.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::Body;
use crate::records::check::{period_rule, required_when};
use crate::records::spec::{ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("supervision");

pub static SUPERVISION_BODY: ChoiceSet = ChoiceSet {
    name: "supervision_body",
    values: &["council", "standing_committee", "committee", "delegate_group"],
};

pub static SUPERVISION_FORM: ChoiceSet = ChoiceSet {
    name: "supervision_form",
    values: &["thematic", "regular", "questioning"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`ends_on` must not be before `starts_on` (`ends_before_start` on `ends_on`); `body: committee` needs `committee` (`required` on `committee`), and `body: delegate_group` needs `delegate_group` (`required` on `delegate_group`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "supervisions",
    group: Group::Council,
    fields: &[
        FieldSpec::new("topic", FieldType::Text { max: 500 }).required(),
        FieldSpec::new("body", FieldType::Choice(&SUPERVISION_BODY))
            .required()
            .filter(),
        FieldSpec::new("committee", FieldType::Link(super::committee::KIND)).hint(),
        FieldSpec::new("delegate_group", FieldType::Link(super::delegate_group::KIND)).hint(),
        FieldSpec::new("form", FieldType::Choice(&SUPERVISION_FORM))
            .required()
            .filter(),
        FieldSpec::new("subjects", FieldType::LongText { max: 2_000 }).hint(),
        FieldSpec::new("starts_on", FieldType::Date).required(),
        FieldSpec::new("ends_on", FieldType::Date),
        FieldSpec::new("findings", FieldType::LongText { max: 20_000 }),
        FieldSpec::new("report_number", FieldType::DocNumber).hint(),
    ],
    columns: &["body", "form", "starts_on", "report_number"],
    order: &[("starts_on", DESC)],
    year: Some("starts_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "starts_on",
        days: 730,
    },
    rules,
    series: None,
    compute: None,
};

/// A committee's supervision names the committee; a delegate group's names
/// the group.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    period_rule(values, "starts_on", "ends_on", None, errors);
    let body = values.choice("body");
    required_when(values, body == Some("committee"), "committee", errors);
    required_when(values, body == Some("delegate_group"), "delegate_group", errors);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupervisionBody {
    Council,
    StandingCommittee,
    Committee,
    DelegateGroup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupervisionForm {
    Thematic,
    Regular,
    Questioning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    pub topic: String,
    pub body: SupervisionBody,
    pub committee: Option<RecordId>,
    pub delegate_group: Option<RecordId>,
    pub form: SupervisionForm,
    pub subjects: Option<String>,
    pub starts_on: IsoDate,
    pub ends_on: Option<IsoDate>,
    pub findings: Option<String>,
    pub report_number: Option<String>,
}

impl Body for Supervision {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Supervision {
            topic: "Kết quả giải quyết ý kiến, kiến nghị của cử tri gửi đến kỳ họp thứ 9".into(),
            body: SupervisionBody::Committee,
            committee: Some(RecordId::example(24)),
            delegate_group: Some(RecordId::example(25)),
            form: SupervisionForm::Thematic,
            subjects: Some("UBND tỉnh\nSở Giao thông vận tải".into()),
            starts_on: IsoDate::ymd(2020, 6, 15),
            ends_on: Some(IsoDate::ymd(2020, 7, 10)),
            findings: Some("Phần lớn kiến nghị đã được giải quyết đúng hạn.".into()),
            report_number: Some("45/BC-HĐND".into()),
        }
    }
}
