//! Giám sát — a supervision by the council, its Standing Committee, a
//! committee or a delegate group: its form, topic, subjects, dates, findings
//! and report. Its recommendations are records of their own that link here.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body, choices};
use crate::records::check::{period_rule, required_when};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("supervision");

choices! {
    pub enum SupervisionBody, SUPERVISION_BODY = "supervision_body" {
        Council = "council",
        StandingCommittee = "standing_committee",
        Committee = "committee",
        DelegateGroup = "delegate_group",
    }
}

choices! {
    pub enum SupervisionForm, SUPERVISION_FORM = "supervision_form" {
        Thematic = "thematic",
        Regular = "regular",
        Questioning = "questioning",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`ends_on` must not be before `starts_on` (`ends_before_start` on `ends_on`); `body: committee` needs `committee` (`required` on `committee`), and `body: delegate_group` needs `delegate_group` (`required` on `delegate_group`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "supervisions",
    group: Group::Council,
    fields: FIELDS,
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

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Supervision, FIELDS {
        topic: String = FieldType::Text { max: 500 } => required;
        body: SupervisionBody = FieldType::Choice(&SUPERVISION_BODY) => required filter;
        committee: Option<RecordId> = FieldType::Link(super::committee::KIND) => hint;
        delegate_group: Option<RecordId> = FieldType::Link(super::delegate_group::KIND) => hint;
        form: SupervisionForm = FieldType::Choice(&SUPERVISION_FORM) => required filter;
        subjects: Option<String> = FieldType::LongText { max: 2_000 } => hint;
        starts_on: IsoDate = FieldType::Date => required;
        ends_on: Option<IsoDate> = FieldType::Date;
        findings: Option<String> = FieldType::LongText { max: 20_000 };
        report_number: Option<String> = FieldType::DocNumber => hint;
    }
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
