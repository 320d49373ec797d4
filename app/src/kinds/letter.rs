//! Đơn thư — a letter received: when, by which channel, whether it may be
//! handled, how it was, and the matter it belongs to if any. The sender's
//! name and address are personal data.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECEPTION_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::{Body, body, choices};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("letter");

choices! {
    pub enum LetterChannel, LETTER_CHANNEL = "letter_channel" {
        Post = "post",
        InPerson = "in_person",
        Forwarded = "forwarded",
        Electronic = "electronic",
    }
}

choices! {
    pub enum LetterHandling, LETTER_HANDLING = "letter_handling" {
        Forwarded = "forwarded",
        Guided = "guided",
        Answered = "answered",
        Filed = "filed",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`handling: forwarded` needs `forwarded_to` (`required` on `forwarded_to`). The `sender_*` fields are personal data: pulls and push answers carry them only to `reception_staff` and `office_leader`.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "letters",
    group: Group::Citizens,
    fields: FIELDS,
    columns: &["received_on", "channel", "letter_type", "handling"],
    order: &[("received_on", DESC)],
    year: Some("received_on"),
    read: RECORDS,
    write: RECEPTION_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "received_on",
        days: 730,
    },
    rules: |values, errors| {
        crate::records::check::required_when(
            values,
            values.choice("handling") == Some("forwarded"),
            "forwarded_to",
            errors,
        );
    },
    series: None,
    compute: None,
};

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Letter, FIELDS {
        subject: String = FieldType::Text { max: 500 } => required;
        received_on: IsoDate = FieldType::Date => required;
        channel: LetterChannel = FieldType::Choice(&LETTER_CHANNEL) => required filter;
        letter_type: Option<super::reception_matter::MatterType> = FieldType::Choice(&super::reception_matter::MATTER_TYPE) => filter;
        sender_name: Option<String> = FieldType::Text { max: 120 } => personal;
        sender_address: Option<String> = FieldType::Text { max: 300 } => personal;
        eligible: bool = FieldType::YesNo => filter hint;
        handling: Option<LetterHandling> = FieldType::Choice(&LETTER_HANDLING) => filter;
        forwarded_to: Option<String> = FieldType::Text { max: 200 };
        matter: Option<RecordId> = FieldType::Link(super::reception_matter::KIND);
    }
}

impl Body for Letter {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Letter {
            subject: "Kiến nghị về cấp giấy chứng nhận quyền sử dụng đất".into(),
            received_on: IsoDate::ymd(2020, 5, 4),
            channel: LetterChannel::Post,
            letter_type: Some(super::reception_matter::MatterType::Petition),
            sender_name: Some("Trần Thị B".into()),
            sender_address: Some("Xã Ngọc Đường, thành phố Hà Giang".into()),
            eligible: true,
            handling: Some(LetterHandling::Forwarded),
            forwarded_to: Some("Sở Tài nguyên và Môi trường".into()),
            matter: Some(RecordId::example(10)),
        }
    }
}
