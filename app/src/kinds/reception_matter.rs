//! Vụ việc tiếp công dân — a matter citizens came about: a complaint (khiếu
//! nại), a denunciation (tố cáo) or a petition (kiến nghị, phản ánh), how it
//! was handled and its result. Its visits link here: "113 lượt about 25
//! việc". The citizen's name, ID number, address and phone are personal
//! data: only reception staff and office leaders receive them (a
//! denouncer's identity included).

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECEPTION_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::records::body::{Body, body, choices};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("reception_matter");

choices! {
    pub enum MatterType, MATTER_TYPE = "reception_type" {
        Complaint = "complaint",
        Denunciation = "denunciation",
        Petition = "petition",
    }
}

choices! {
    pub enum Handling, HANDLING = "reception_handling" {
        Guided = "guided",
        Forwarded = "forwarded",
        Answered = "answered",
        Filed = "filed",
    }
}

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`handling: forwarded` needs `forwarded_to` (`required` on `forwarded_to`). The `citizen_*` fields are personal data: pulls and push answers carry them only to `reception_staff` and `office_leader` (a denouncer's identity included).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "reception-matters",
    group: Group::Citizens,
    fields: FIELDS,
    columns: &["matter_type", "received_on", "handling", "finished"],
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
    pub struct ReceptionMatter, FIELDS {
        subject: String = FieldType::Text { max: 500 } => required;
        matter_type: MatterType = FieldType::Choice(&MATTER_TYPE) => required filter;
        received_on: IsoDate = FieldType::Date => required;
        field: Option<RecordId> = FieldType::Link(super::field::KIND) => filter;
        unit: Option<RecordId> = FieldType::Link(super::admin_unit::KIND);
        citizen_name: Option<String> = FieldType::Text { max: 120 } => personal;
        citizen_id_number: Option<String> = FieldType::Text { max: 20 } => personal;
        citizen_address: Option<String> = FieldType::Text { max: 300 } => personal;
        citizen_phone: Option<String> = FieldType::Text { max: 20 } => personal;
        handling: Option<Handling> = FieldType::Choice(&HANDLING) => filter;
        forwarded_to: Option<String> = FieldType::Text { max: 200 };
        result: Option<String> = FieldType::LongText { max: 10_000 };
        finished: bool = FieldType::YesNo => filter;
    }
}

impl Body for ReceptionMatter {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        ReceptionMatter {
            subject: "Khiếu nại về mức bồi thường khi thu hồi đất làm đường".into(),
            matter_type: MatterType::Complaint,
            received_on: IsoDate::ymd(2020, 3, 10),
            field: Some(RecordId::example(17)),
            unit: Some(RecordId::example(18)),
            citizen_name: Some("Nguyễn Văn A".into()),
            citizen_id_number: Some("002080001234".into()),
            citizen_address: Some("Tổ 5, phường Minh Khai".into()),
            citizen_phone: Some("0912345678".into()),
            handling: Some(Handling::Forwarded),
            forwarded_to: Some("UBND thành phố Hà Giang".into()),
            result: Some("UBND thành phố đã trả lời bằng văn bản.".into()),
            finished: true,
        }
    }
}
