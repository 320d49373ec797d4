//! Nghị quyết — a resolution of the council: "19/NQ-HĐND", or with the year
//! for a legal normative one ("05/2025/NQ-HĐND"), its field, the committee
//! that reviewed it, the session that adopted it and its follow-up.

use serde::{Deserialize, Serialize};

use crate::auth::model::{RECORD_EDITORS, RECORDS, REVIEWERS};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::records::body::{Body, body};
use crate::records::spec::{Closed, DESC, FieldType, Group, KindSpec, Series, Values};
use crate::sync::model::{RecordId, RecordKind};

pub const KIND: RecordKind = RecordKind::new("resolution");

/// The rules between fields, for docs/API.md.
pub const RULES: &str = "A normative resolution (`normative: true`) has the year in its number, e.g. `05/2025/NQ-HĐND` (`normative_needs_year`), and it is the year of `adopted_on` (`year_mismatch`); any other resolution's number has no year (`year_only_if_normative`). Every such error is on `number`. The rule is judged only when `number` and `normative` passed their own checks (an absent `normative` counts as `false`).";

pub static SPEC: KindSpec = KindSpec {
    kind: KIND,
    path: "resolutions",
    group: Group::Council,
    fields: FIELDS,
    columns: &["subject", "adopted_on", "session"],
    order: &[("adopted_on", DESC), ("number", DESC)],
    year: Some("adopted_on"),
    read: RECORDS,
    write: RECORD_EDITORS,
    review: Some(REVIEWERS),
    closed: Closed::DaysAfter {
        field: "adopted_on",
        days: 730,
    },
    rules,
    series: Some(Series { field: "number", within: &[] }),
    compute: None,
};

/// The year in "05/2025/NQ-HĐND", if the number carries one.
pub fn number_year(number: &str) -> Option<i32> {
    let mut parts = number.split('/');
    parts.next()?;
    let year = parts.next()?;
    parts.next()?;
    (year.len() == 4).then(|| year.parse().ok()).flatten()
}

/// A normative resolution's number carries its year (Decree 30/2020, Law on
/// legal documents), the year it was adopted; another's does not.
fn rules(values: &Values<'_>, errors: &mut Vec<FieldError>) {
    let Some(number) = values.text("number") else {
        return;
    };
    // A `normative` that failed its own check says nothing here (its own
    // error is reported); an absent one is "no".
    let normative = match values.yes("normative") {
        Some(normative) => normative,
        None if values.present("normative") => return,
        None => false,
    };
    let year = number_year(number);
    match (normative, year) {
        (true, None) => errors.push(FieldError::new(
            "number",
            "normative_needs_year",
            "a normative resolution's number carries its year, e.g. 05/2025/NQ-HĐND",
        )),
        (false, Some(_)) => errors.push(FieldError::new(
            "number",
            "year_only_if_normative",
            "only a normative resolution's number carries a year",
        )),
        (true, Some(year)) => {
            if values
                .date("adopted_on")
                .is_some_and(|adopted| adopted.year() != year)
            {
                errors.push(FieldError::new(
                    "number",
                    "year_mismatch",
                    "the year in the number is the year of adoption",
                ));
            }
        }
        (false, None) => {}
    }
}

body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Resolution, FIELDS {
        number: String = FieldType::DocNumber => hint required;
        subject: String = FieldType::Text { max: 500 } => required;
        adopted_on: IsoDate = FieldType::Date => required;
        normative: bool = FieldType::YesNo => filter hint;
        session: Option<RecordId> = FieldType::Link(super::council_session::KIND) => filter;
        field: Option<RecordId> = FieldType::Link(super::field::KIND) => filter;
        committee: Option<RecordId> = FieldType::Link(super::committee::KIND) => filter;
        follow_up: Option<String> = FieldType::LongText { max: 10_000 };
    }
}

impl Body for Resolution {
    const SPEC: &'static KindSpec = &SPEC;

    fn sample() -> Self {
        Resolution {
            number: "19/2020/NQ-HĐND".into(),
            subject: "Quy định mức chi bảo đảm cho công tác cải cách hành chính".into(),
            adopted_on: IsoDate::ymd(2020, 12, 11),
            normative: true,
            session: Some(RecordId::example(20)),
            field: Some(RecordId::example(21)),
            committee: Some(RecordId::example(22)),
            follow_up: Some("UBND tỉnh báo cáo kết quả thực hiện tại kỳ họp giữa năm 2021.".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::records::check::validate;

    fn codes(fields: &crate::sync::model::Fields) -> Vec<String> {
        validate(&SPEC, fields)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect()
    }

    #[test]
    fn a_normative_resolutions_number_carries_the_year_of_adoption() {
        let mut fields = Resolution::sample().to_fields();
        assert!(codes(&fields).is_empty());
        fields.insert("number".into(), json!("19/2019/NQ-HĐND"));
        assert_eq!(codes(&fields), ["number:year_mismatch"]);
        fields.insert("number".into(), json!("19/NQ-HĐND"));
        assert_eq!(codes(&fields), ["number:normative_needs_year"]);
        fields.insert("normative".into(), json!(false));
        assert!(codes(&fields).is_empty());
        fields.insert("number".into(), json!("19/2020/NQ-HĐND"));
        assert_eq!(codes(&fields), ["number:year_only_if_normative"]);
        // A `normative` that is not yes or no gets its own error only.
        fields.insert("normative".into(), json!("có"));
        assert_eq!(codes(&fields), ["normative:not_yes_no"]);
    }
}
