//! Kỳ họp HĐND — a council session: its typed body, the rules it must follow
//! (run by the form, the browser replica and the server alike) and its field
//! names in the record body.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::sync::model::{Fields, field_value};

/// The fields of a session record, in form order.
pub const FIELDS: &[&str] = &[
    "term",
    "number",
    "session_type",
    "starts_on",
    "ends_on",
    "place",
    "agenda",
];

/// Highest term number accepted (the councils are in their eleventh or
/// twelfth term; a typo like 99 is refused).
pub const MAX_TERM: u32 = 30;
/// Highest session number within a term.
pub const MAX_NUMBER: u32 = 99;
/// A session lasts at most this many days.
pub const MAX_DAYS: i64 = 31;
pub const PLACE_MAX: usize = 200;
pub const AGENDA_MAX: usize = 5_000;
/// Sessions that ended this many days ago are closed: they may leave the
/// browser's cache when storage runs short.
pub const CLOSED_AFTER_DAYS: i64 = 365;

/// Thường lệ (mid-year, year-end), chuyên đề, bất thường.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionType {
    Regular,
    Thematic,
    Extraordinary,
}

impl SessionType {
    pub const ALL: [SessionType; 3] = [
        SessionType::Regular,
        SessionType::Thematic,
        SessionType::Extraordinary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionType::Regular => "regular",
            SessionType::Thematic => "thematic",
            SessionType::Extraordinary => "extraordinary",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// A council session as the form edits it and the server stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilSession {
    /// Khóa: the council's term (e.g. 18 for 2021–2026).
    pub term: u32,
    /// "Kỳ họp thứ 8": the session's number within the term.
    pub number: u32,
    pub session_type: SessionType,
    pub starts_on: IsoDate,
    pub ends_on: IsoDate,
    pub place: String,
    /// The agenda, one item per line; may be empty.
    pub agenda: String,
}

fn error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(field, code, message)
}

impl CouncilSession {
    /// The rules beyond the types. Every broken rule is reported, per field.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !(1..=MAX_TERM).contains(&self.term) {
            errors.push(error(
                "term",
                "out_of_range",
                format!("term must be between 1 and {MAX_TERM}"),
            ));
        }
        if !(1..=MAX_NUMBER).contains(&self.number) {
            errors.push(error(
                "number",
                "out_of_range",
                format!("number must be between 1 and {MAX_NUMBER}"),
            ));
        }
        let days = self.starts_on.days_until(self.ends_on);
        if days < 0 {
            errors.push(error(
                "ends_on",
                "ends_before_start",
                "ends_on must not be before starts_on",
            ));
        } else if days >= MAX_DAYS {
            errors.push(error(
                "ends_on",
                "too_long_period",
                format!("a session lasts at most {MAX_DAYS} days"),
            ));
        }
        let place = self.place.trim();
        if place.is_empty() {
            errors.push(error("place", "required", "place is required"));
        } else if place.chars().count() > PLACE_MAX {
            errors.push(error(
                "place",
                "too_long",
                format!("place must be at most {PLACE_MAX} characters"),
            ));
        }
        if self.agenda.chars().count() > AGENDA_MAX {
            errors.push(error(
                "agenda",
                "too_long",
                format!("agenda must be at most {AGENDA_MAX} characters"),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Reads a record body: every field of the right type, no unknown field,
    /// then `validate`. Text is trimmed and stored in NFC by the form; here it
    /// is taken as it is.
    pub fn from_fields(fields: &Fields) -> Result<Self, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = fields
            .keys()
            .filter(|name| !FIELDS.contains(&name.as_str()))
            .map(|name| {
                error(
                    name,
                    "unknown_field",
                    format!("{name} is not a field of a session"),
                )
            })
            .collect();
        let number_of = |name: &str, errors: &mut Vec<FieldError>| -> Option<u32> {
            match field_value(fields, name) {
                Value::Null => {
                    errors.push(error(name, "required", format!("{name} is required")));
                    None
                }
                value => match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
                    Some(n) => Some(n),
                    None => {
                        errors.push(error(
                            name,
                            "not_a_number",
                            format!("{name} must be a whole number"),
                        ));
                        None
                    }
                },
            }
        };
        let text_of = |name: &str, errors: &mut Vec<FieldError>| -> Option<String> {
            match field_value(fields, name) {
                Value::Null => Some(String::new()),
                Value::String(text) => Some(text.clone()),
                _ => {
                    errors.push(error(name, "not_text", format!("{name} must be text")));
                    None
                }
            }
        };
        let date_of = |name: &str, errors: &mut Vec<FieldError>| -> Option<IsoDate> {
            match field_value(fields, name) {
                Value::Null => {
                    errors.push(error(name, "required", format!("{name} is required")));
                    None
                }
                Value::String(text) => match IsoDate::parse(text) {
                    Ok(date) => Some(date),
                    Err(problem) => {
                        errors.push(error(name, "not_a_date", format!("{name}: {problem}")));
                        None
                    }
                },
                _ => {
                    errors.push(error(name, "not_a_date", format!("{name} must be a date")));
                    None
                }
            }
        };
        let term = number_of("term", &mut errors);
        let number = number_of("number", &mut errors);
        let session_type = match field_value(fields, "session_type") {
            Value::Null => {
                errors.push(error(
                    "session_type",
                    "required",
                    "session_type is required",
                ));
                None
            }
            value => {
                let parsed = value.as_str().and_then(SessionType::parse);
                if parsed.is_none() {
                    errors.push(error(
                        "session_type",
                        "not_a_choice",
                        "session_type must be regular, thematic or extraordinary",
                    ));
                }
                parsed
            }
        };
        let starts_on = date_of("starts_on", &mut errors);
        let ends_on = date_of("ends_on", &mut errors);
        let place = text_of("place", &mut errors);
        let agenda = text_of("agenda", &mut errors);
        match (
            term,
            number,
            session_type,
            starts_on,
            ends_on,
            place.clone(),
            agenda,
        ) {
            (
                Some(term),
                Some(number),
                Some(session_type),
                Some(starts_on),
                Some(ends_on),
                Some(place),
                Some(agenda),
            ) if errors.is_empty() => {
                let session = CouncilSession {
                    term,
                    number,
                    session_type,
                    starts_on,
                    ends_on,
                    place,
                    agenda,
                };
                session.validate().map(|()| session)
            }
            _ => {
                // Report the rule breaks of the fields that did parse too,
                // except "required" ones already reported.
                if place
                    .as_deref()
                    .is_some_and(|place| place.trim().is_empty())
                    && !errors.iter().any(|e| e.field == "place")
                {
                    errors.push(error("place", "required", "place is required"));
                }
                Err(errors)
            }
        }
    }

    /// The record body; empty text fields are left out.
    pub fn to_fields(&self) -> Fields {
        let mut fields = Fields::new();
        fields.insert("term".into(), json!(self.term));
        fields.insert("number".into(), json!(self.number));
        fields.insert("session_type".into(), json!(self.session_type.as_str()));
        fields.insert("starts_on".into(), json!(self.starts_on.iso()));
        fields.insert("ends_on".into(), json!(self.ends_on.iso()));
        if !self.place.is_empty() {
            fields.insert("place".into(), json!(self.place));
        }
        if !self.agenda.is_empty() {
            fields.insert("agenda".into(), json!(self.agenda));
        }
        fields
    }
}

/// A value a person typed for `field` (in the conflicts screen), as the
/// record body holds it; the validation judges it afterwards.
pub fn field_from_text(field: &str, text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        return Value::Null;
    }
    match field {
        "term" | "number" => text
            .parse::<u64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_owned())),
        "starts_on" | "ends_on" => IsoDate::parse_typed(text)
            .map(|date| Value::String(date.iso()))
            .unwrap_or_else(|_| Value::String(text.to_owned())),
        _ => Value::String(text.to_owned()),
    }
}

/// A term number as documents write it: 18 → "XVIII".
pub fn roman(mut number: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut text = String::new();
    for (value, numeral) in NUMERALS {
        while number >= value {
            text.push_str(numeral);
            number -= value;
        }
    }
    text
}

/// Closed: ended more than a year before `today`.
pub fn is_closed(fields: &Fields, today: IsoDate) -> bool {
    field_value(fields, "ends_on")
        .as_str()
        .and_then(|text| IsoDate::parse(text).ok())
        .is_some_and(|ends_on| ends_on.days_until(today) > CLOSED_AFTER_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year_end_2020() -> CouncilSession {
        CouncilSession {
            term: 18,
            number: 11,
            session_type: SessionType::Regular,
            starts_on: IsoDate::parse("2020-12-09").unwrap(),
            ends_on: IsoDate::parse("2020-12-11").unwrap(),
            place: "Hội trường Trung tâm Hội nghị tỉnh".into(),
            agenda: "Báo cáo kinh tế - xã hội năm 2020\nDự toán ngân sách năm 2021".into(),
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_session_round_trips_through_its_record_body() {
        let session = year_end_2020();
        assert_eq!(session.validate(), Ok(()));
        let fields = session.to_fields();
        assert_eq!(fields["starts_on"], "2020-12-09");
        assert_eq!(fields["session_type"], "regular");
        assert_eq!(CouncilSession::from_fields(&fields), Ok(session));
    }

    #[test]
    fn the_rules_are_reported_per_field() {
        let mut session = year_end_2020();
        session.term = 0;
        session.number = 100;
        session.ends_on = IsoDate::parse("2020-12-01").unwrap();
        session.place = "  ".into();
        session.agenda = "x".repeat(AGENDA_MAX + 1);
        let errors = session.validate().unwrap_err();
        assert_eq!(
            codes(&errors),
            [
                ("term", "out_of_range"),
                ("number", "out_of_range"),
                ("ends_on", "ends_before_start"),
                ("place", "required"),
                ("agenda", "too_long")
            ]
        );
        let mut long = year_end_2020();
        long.ends_on = IsoDate::parse("2021-01-20").unwrap();
        assert_eq!(
            codes(&long.validate().unwrap_err()),
            [("ends_on", "too_long_period")]
        );
        // Length counts characters, not bytes: 200 Vietnamese letters fit.
        let mut wordy = year_end_2020();
        wordy.place = "Đ".repeat(PLACE_MAX);
        assert_eq!(wordy.validate(), Ok(()));
    }

    #[test]
    fn a_body_of_the_wrong_shape_is_refused_field_by_field() {
        let mut fields = year_end_2020().to_fields();
        fields.insert("term".into(), json!("mười tám"));
        fields.insert("session_type".into(), json!("secret"));
        fields.insert("starts_on".into(), json!("09/12/2020"));
        fields.remove("ends_on");
        fields.insert("colour".into(), json!("red"));
        let errors = CouncilSession::from_fields(&fields).unwrap_err();
        assert_eq!(
            codes(&errors),
            [
                ("colour", "unknown_field"),
                ("term", "not_a_number"),
                ("session_type", "not_a_choice"),
                ("starts_on", "not_a_date"),
                ("ends_on", "required")
            ]
        );
        assert_eq!(
            codes(&CouncilSession::from_fields(&Fields::new()).unwrap_err()),
            [
                ("term", "required"),
                ("number", "required"),
                ("session_type", "required"),
                ("starts_on", "required"),
                ("ends_on", "required"),
                ("place", "required")
            ]
        );
    }

    #[test]
    fn typed_values_become_body_values() {
        assert_eq!(field_from_text("number", " 8 "), json!(8));
        assert_eq!(field_from_text("number", "tám"), json!("tám"));
        assert_eq!(
            field_from_text("starts_on", "09/12/2020"),
            json!("2020-12-09")
        );
        assert_eq!(
            field_from_text("starts_on", "2020-12-09"),
            json!("2020-12-09")
        );
        assert_eq!(field_from_text("place", "  "), Value::Null);
        assert_eq!(field_from_text("place", "Hội trường"), json!("Hội trường"));
    }

    #[test]
    fn terms_are_written_in_roman_numerals() {
        assert_eq!(roman(18), "XVIII");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(0), "");
    }

    #[test]
    fn sessions_close_a_year_after_they_end() {
        let fields = year_end_2020().to_fields();
        assert!(!is_closed(&fields, IsoDate::parse("2021-12-11").unwrap()));
        assert!(is_closed(&fields, IsoDate::parse("2021-12-12").unwrap()));
    }
}
