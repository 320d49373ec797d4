//! Báo cáo công tác — the parts of a period's report that people write: its
//! number, place and day, who signs it and to whom it goes, and sections II
//! (assessment), III (direction) and IV (recommendations). Section I is
//! never kept: it is drafted from the records each time the report is
//! opened (`reports`). One record per period; the Báo cáo page gives it an
//! id made from the period ([`id_for`]), so two browsers that start the same
//! period's report offline meet as a conflict, not as two reports.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body};
use crate::records::check::required_when;
use crate::records::spec::{ASC, ChoiceSet, Closed, DESC, FieldType, Group, KindSpec, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("work_report");

/// The periods a report covers: the year, a half, a quarter, a month, or
/// one council session (with `session`).
pub static REPORT_PERIOD: ChoiceSet = ChoiceSet {
    name: "report_period",
    values: &[
        "year", "h1", "h2", "q1", "q2", "q3", "q4", "m01", "m02", "m03", "m04", "m05", "m06",
        "m07", "m08", "m09", "m10", "m11", "m12", "session",
    ],
};

/// The longest part (II, III or IV) a report keeps, in characters: about
/// three pages of A4 each, and the whole record, every text at its limit,
/// under the store's cap on a record (128 KB). Longer is finished in Word.
pub const SECTION_MAX: usize = 9_000;

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "`session` is required when `period` is `session` (`required` on `session`) and left out otherwise (`session_without_period` on `session`); `signed_on` must fall within `year` or the year after (`signed_out_of_year` on `signed_on`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "work-reports",
    group: Group::Office,
    fields: FIELDS,
    columns: &["year", "period", "number", "signer"],
    order: &[("year", DESC), ("period", ASC)],
    year: Some("year"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::Never,
    rules,
    series: None,
    compute: None,
};

fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    let per_session = values.choice("period") == Some("session");
    required_when(values, per_session, "session", errors);
    if !per_session && values.present("session") {
        errors.push(FieldError::new(
            "session",
            "session_without_period",
            "a session is named only by a report of that session (period `session`)",
        ));
    }
    if let (Some(year), Some(day)) = (values.integer("year"), values.date("signed_on"))
        && !(year..=year + 1).contains(&i64::from(day.year()))
    {
        errors.push(FieldError::new(
            "signed_on",
            "signed_out_of_year",
            "a report is signed in its year or the year after",
        ));
    }
}

/// The id of a period's report: the same in every browser, so the period
/// has one report. A UUIDv7 whose time is the period's first day and whose
/// other bits are a hash of the period.
pub fn id_for(year: i32, period: &str, session: Option<RecordId>) -> RecordId {
    let key = match session {
        Some(session) => format!("{}/{year}/{period}/{}", KIND.as_str(), String::from(session)),
        None => format!("{}/{year}/{period}", KIND.as_str()),
    };
    // FNV-1a, twice with different offsets, for 16 bytes of hash.
    let hash = |offset: u64| {
        key.bytes().fold(offset, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let bits = (u128::from(hash(0xcbf2_9ce4_8422_2325)) << 64)
        | u128::from(hash(0x8422_2325_cbf2_9ce4));
    // Days from 01/01/1970 to the year's first day, as UUIDv7 milliseconds.
    let days = IsoDate::ymd(1970, 1, 1).days_until(IsoDate::ymd(year.clamp(1970, 9999), 1, 1));
    let ms = (days.max(0) as u128) * 86_400_000;
    RecordId::from_v7_bits((ms << 80) | (bits & ((1 << 80) - 1)))
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct WorkReport, FIELDS {
        year: u32 = FieldType::Integer { min: 2000, max: 2100, roman: false, } => required;
        period: String = FieldType::Choice(&REPORT_PERIOD) => required filter;
        session: Option<RecordId> = FieldType::Link(super::council_session::KIND);
        number: Option<String> = FieldType::DocNumber => hint;
        place: Option<String> = FieldType::Text { max: 100 } => hint;
        signed_on: Option<IsoDate> = FieldType::Date;
        authority: Option<String> = FieldType::Text { max: 200 } => hint;
        signer_title: Option<String> = FieldType::Text { max: 200 };
        signer: Option<String> = FieldType::Text { max: 100 };
        recipients: Option<String> = FieldType::LongText { max: 1_000 } => hint;
        assessment: Option<String> = FieldType::LongText { max: SECTION_MAX };
        direction: Option<String> = FieldType::LongText { max: SECTION_MAX };
        recommendations: Option<String> = FieldType::LongText { max: SECTION_MAX };
    }
}

impl Body for WorkReport {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        WorkReport {
            year: 2020,
            period: "session".into(),
            session: Some(RecordId::example(1)),
            number: Some("12/BC-VP".into()),
            place: Some("Lào Cai".into()),
            signed_on: Some(IsoDate::ymd(2021, 1, 5)),
            authority: Some("KT. CHÁNH VĂN PHÒNG".into()),
            signer_title: Some("PHÓ CHÁNH VĂN PHÒNG".into()),
            signer: Some("Nguyễn Văn A".into()),
            recipients: Some("Thường trực HĐND tỉnh;\nLãnh đạo Văn phòng;\nLưu: VT, TH.".into()),
            assessment: Some("Năm 2020, Văn phòng đã hoàn thành tốt nhiệm vụ.".into()),
            direction: Some("Tiếp tục tham mưu tổ chức các kỳ họp.".into()),
            recommendations: Some("Đề nghị bổ sung biên chế.".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_has_one_id_in_every_browser_and_periods_have_their_own() {
        let year = id_for(2020, "year", None);
        assert_eq!(year, id_for(2020, "year", None));
        let parsed = RecordId::parse(&String::from(year)).expect("a valid UUIDv7");
        assert_eq!(parsed, year);
        let others = [
            id_for(2021, "year", None),
            id_for(2020, "h1", None),
            id_for(2020, "session", Some(RecordId::example(1))),
            id_for(2020, "session", Some(RecordId::example(2))),
        ];
        for other in others {
            assert_ne!(other, year);
            assert!(RecordId::parse(&String::from(other)).is_ok());
        }
        assert_ne!(others[2], others[3]);
    }

    #[test]
    fn the_id_is_made_as_docs_reports_md_says() {
        // Computed by hand from the steps in docs/REPORTS.md.
        assert_eq!(
            String::from(id_for(2020, "year", None)),
            "016f5e66-e800-7d30-9c39-d4079abadd0b"
        );
    }
}
