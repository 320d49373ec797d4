//! Đơn thư — a letter received: when, by which channel, whether it may be
//! handled, how it was, and the matter it belongs to if any. The sender's
//! name and address are personal data.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECEPTION_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::Body;
use crate::records::spec::{ChoiceSet, Closed, DESC, FieldSpec, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("letter");

pub static LETTER_CHANNEL: ChoiceSet = ChoiceSet {
    name: "letter_channel",
    values: &["post", "in_person", "forwarded", "electronic"],
};

pub static LETTER_HANDLING: ChoiceSet = ChoiceSet {
    name: "letter_handling",
    values: &["forwarded", "guided", "answered", "filed"],
};

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`handling: forwarded` needs `forwarded_to` (`required` on `forwarded_to`). The `sender_*` fields are personal data: pulls and push answers carry them only to `reception_staff` and `office_leader`.";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "letters",
    group: Group::Citizens,
    fields: &[
        FieldSpec::new("subject", FieldType::Text { max: 500 }).required(),
        FieldSpec::new("received_on", FieldType::Date).required(),
        FieldSpec::new("channel", FieldType::Choice(&LETTER_CHANNEL))
            .required()
            .filter(),
        FieldSpec::new(
            "letter_type",
            FieldType::Choice(&super::reception_matter::MATTER_TYPE),
        )
        .filter(),
        FieldSpec::new("sender_name", FieldType::Text { max: 120 }).personal(),
        FieldSpec::new("sender_address", FieldType::Text { max: 300 }).personal(),
        FieldSpec::new("eligible", FieldType::YesNo).filter().hint(),
        FieldSpec::new("handling", FieldType::Choice(&LETTER_HANDLING)).filter(),
        FieldSpec::new("forwarded_to", FieldType::Text { max: 200 }),
        FieldSpec::new("matter", FieldType::Link(super::reception_matter::KIND)),
    ],
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterChannel {
    Post,
    InPerson,
    Forwarded,
    Electronic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterHandling {
    Forwarded,
    Guided,
    Answered,
    Filed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    pub subject: String,
    pub received_on: IsoDate,
    pub channel: LetterChannel,
    pub letter_type: Option<super::reception_matter::MatterType>,
    pub sender_name: Option<String>,
    pub sender_address: Option<String>,
    pub eligible: bool,
    pub handling: Option<LetterHandling>,
    pub forwarded_to: Option<String>,
    pub matter: Option<RecordId>,
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
