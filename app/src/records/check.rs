//! Validation of a record body against its kind's spec, the same function in
//! the form, the replica and the server, run on the body as it is stored
//! (text in NFC, trimmed — see `crate::text`). Every problem is reported at
//! once: each field's type and limits, then the kind's rules between fields
//! on the values that passed.

use serde_json::Value;

use super::spec::{FieldSpec, FieldType, KindSpec, Registry, Values};
use crate::calendar::IsoDate;
use crate::error::FieldError;
use crate::i18n::Locale;
use crate::numbers::Reading;
use crate::sync::model::{Fields, RecordId, RecordKind, field_value};

impl Registry {
    /// The same validation everywhere: the form before saving, the replica
    /// before queueing, the server before storing. An unknown kind is one
    /// error on the field `kind`.
    pub fn validate(&self, kind: RecordKind, fields: &Fields) -> Result<(), Vec<FieldError>> {
        match self.get(kind) {
            Some(spec) => validate(spec, fields),
            None => Err(vec![FieldError::new(
                "kind",
                "unknown_kind",
                format!("{kind} is not a kind of record"),
            )]),
        }
    }
}

/// A rule for kinds: a period ends on or after its start, and lasts at most
/// `max_days` (when given).
pub fn period_rule(
    values: &Values<'_>,
    starts: &str,
    ends: &str,
    max_days: Option<i64>,
    errors: &mut Vec<FieldError>,
) {
    let (Some(from), Some(to)) = (values.date(starts), values.date(ends)) else {
        return;
    };
    let days = from.days_until(to);
    if days < 0 {
        errors.push(error(
            ends,
            "ends_before_start",
            format!("{ends} must not be before {starts}"),
        ));
    } else if let Some(max) = max_days.filter(|max| days >= *max) {
        errors.push(error(
            ends,
            "too_long_period",
            format!("the period lasts at most {max} days"),
        ));
    }
}

/// A rule for kinds: `field` must have a value when `condition` holds
/// (e.g. a finished task needs the day it was finished).
pub fn required_when(
    values: &Values<'_>,
    condition: bool,
    field: &str,
    errors: &mut Vec<FieldError>,
) {
    if condition && !values.present(field) && !errors.iter().any(|e| e.field == field) {
        errors.push(error(
            field,
            "required",
            format!("{field} is required here"),
        ));
    }
}

fn error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(field, code, message)
}

/// Checks `fields` against `spec`: no unknown field, every required field
/// present, every value of its type and within its limits, then the rules.
pub fn validate(spec: &KindSpec, fields: &Fields) -> Result<(), Vec<FieldError>> {
    let mut errors: Vec<FieldError> = fields
        .keys()
        .filter(|name| spec.field(name).is_none())
        .map(|name| {
            error(
                name,
                "unknown_field",
                format!("{name} is not a field of {}", spec.kind),
            )
        })
        .collect();
    let mut good = 0_u128;
    for (index, field) in spec.fields.iter().enumerate().take(128) {
        let value = match field_value(fields, field.name) {
            // Empty text is no value (records never keep it).
            Value::String(text) if text.is_empty() => &Value::Null,
            value => value,
        };
        match value {
            Value::Null if field.required => errors.push(error(
                field.name,
                "required",
                format!("{} is required", field.name),
            )),
            Value::Null => {}
            value => match check_value(field, value) {
                Ok(()) => good |= 1 << index,
                Err(problem) => errors.push(problem),
            },
        }
    }
    // The review fields every reviewed kind has: of their types, never
    // required (none is a draft).
    for field in spec.review_fields() {
        match field_value(fields, field.name) {
            Value::Null => {}
            Value::String(text) if text.is_empty() => {}
            value => {
                if let Err(problem) = check_value(field, value) {
                    errors.push(problem);
                }
            }
        }
    }
    let values = Values::new(spec, fields, good);
    (spec.rules)(&values, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// One value against its field's type and limits.
fn check_value(field: &FieldSpec, value: &Value) -> Result<(), FieldError> {
    let name = field.name;
    let text_within = |max: usize, multiline: bool| match value {
        Value::String(text) => {
            if let Some(c) = text
                .chars()
                .find(|c| crate::text::is_hidden_control(*c, multiline))
            {
                return Err(error(
                    name,
                    "control_character",
                    format!(
                        "{name} must not hold control or direction characters (U+{:04X}){}",
                        u32::from(c),
                        if multiline {
                            ""
                        } else {
                            "; new lines and tabs only in long text"
                        }
                    ),
                ));
            }
            if !crate::text::has_visible(text) {
                return Err(error(
                    name,
                    "invisible",
                    format!("{name} must have at least one visible character"),
                ));
            }
            if text.chars().count() > max {
                return Err(error(
                    name,
                    "too_long",
                    format!("{name} must be at most {max} characters"),
                ));
            }
            Ok(())
        }
        _ => Err(error(name, "not_text", format!("{name} must be text"))),
    };
    match field.ty {
        FieldType::Text { max } => text_within(max, false),
        FieldType::LongText { max } => text_within(max, true),
        FieldType::Integer { min, max, .. } => match value.as_i64() {
            Some(number) if (min..=max).contains(&number) => Ok(()),
            Some(_) => Err(error(
                name,
                "out_of_range",
                format!("{name} must be between {min} and {max}"),
            )),
            None => Err(error(
                name,
                "not_a_number",
                format!("{name} must be a whole number"),
            )),
        },
        FieldType::Decimal { min, max } => match value {
            // Judged on the number as written (its shortest form), not on
            // a float that 10.000000001 and 5e-324 round into.
            Value::Number(number) => match decimal_places(&number.to_string()) {
                None => Err(error(
                    name,
                    "not_a_number",
                    format!("{name} must be a number such as 92.5 (not -0)"),
                )),
                Some(places) if places > 2 => Err(error(
                    name,
                    "too_precise",
                    format!("{name} has at most two decimals"),
                )),
                Some(_) => match number.as_f64() {
                    Some(number) if number >= min as f64 && number <= max as f64 => Ok(()),
                    _ => Err(error(
                        name,
                        "out_of_range",
                        format!("{name} must be between {min} and {max}"),
                    )),
                },
            },
            _ => Err(error(
                name,
                "not_a_number",
                format!("{name} must be a number"),
            )),
        },
        FieldType::Date => match value.as_str().map(IsoDate::parse) {
            Some(Ok(day)) if !(FIRST_DAY..=LAST_DAY).contains(&day.iso().as_str()) => Err(error(
                name,
                "date_out_of_range",
                format!("{name} must be between {FIRST_DAY} and {LAST_DAY}"),
            )),
            Some(Ok(_)) => Ok(()),
            Some(Err(problem)) => Err(error(name, "not_a_date", format!("{name}: {problem}"))),
            None => Err(error(
                name,
                "not_a_date",
                format!("{name} must be a date as YYYY-MM-DD"),
            )),
        },
        FieldType::Choice(set) => match value.as_str() {
            Some(code) if set.contains(code) => Ok(()),
            _ => Err(error(
                name,
                "not_a_choice",
                format!("{name} must be one of {}", set.values.join(", ")),
            )),
        },
        FieldType::YesNo => match value {
            Value::Bool(_) => Ok(()),
            _ => Err(error(
                name,
                "not_yes_no",
                format!("{name} must be true or false"),
            )),
        },
        FieldType::Link(kind) => match value.as_str().map(RecordId::parse) {
            Some(Ok(_)) => Ok(()),
            _ => Err(error(
                name,
                "not_a_link",
                format!("{name} must be the id of a {kind} record"),
            )),
        },
        FieldType::Links { kind, max } => {
            let Some(items) = value.as_array() else {
                return Err(error(
                    name,
                    "not_a_link",
                    format!("{name} must be a list of {kind} record ids"),
                ));
            };
            if items.len() > max {
                return Err(error(
                    name,
                    "too_many",
                    format!("{name} holds at most {max} links"),
                ));
            }
            let mut seen = std::collections::BTreeSet::new();
            for item in items {
                match item.as_str().map(RecordId::parse) {
                    Some(Ok(id)) if seen.insert(id) => {}
                    Some(Ok(_)) => {
                        return Err(error(
                            name,
                            "duplicate_link",
                            format!("{name} lists a record twice"),
                        ));
                    }
                    _ => {
                        return Err(error(
                            name,
                            "not_a_link",
                            format!("{name} must be a list of {kind} record ids"),
                        ));
                    }
                }
            }
            Ok(())
        }
        FieldType::DocNumber => match value.as_str() {
            Some(text) if is_doc_number(text) => Ok(()),
            Some(_) => Err(error(
                name,
                "not_a_doc_number",
                format!("{name} must be a number and symbol such as 85/BC-HĐND"),
            )),
            None => Err(error(name, "not_text", format!("{name} must be text"))),
        },
    }
}

/// The days a date field may hold: from the founding of the state (the
/// first National Assembly and councils, 1945–1946) to the end of the
/// century. As `YYYY-MM-DD`, they compare as text.
pub const FIRST_DAY: &str = "1945-01-01";
pub const LAST_DAY: &str = "2100-12-31";

/// How many decimals a number written as `text` (JSON's shortest form,
/// which uses an exponent for 0.00001 and 1e16) has, or `None` when it is
/// a negative zero or not a number at all.
fn decimal_places(text: &str) -> Option<usize> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()?),
        None => (text, 0),
    };
    let digits = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    let negative_zero =
        mantissa.starts_with('-') && whole.bytes().chain(fraction.bytes()).all(|b| b == b'0');
    if !plain || negative_zero {
        return None;
    }
    // "100.0": no decimal a person wrote; "5e-324": 324 of them.
    let written = fraction.trim_end_matches('0').len() as i64;
    Some(written.saturating_sub(exponent).max(0) as usize)
}

/// The longest document number and symbol accepted.
pub const DOC_NUMBER_MAX: usize = 60;

/// "85/BC-HĐND", "05/2025/NQ-HĐND", "45/TTr-UBND", "1234/UBND-KTTH": a number,
/// an optional four-digit year, then a symbol of letters and digits in parts
/// joined by hyphens, the first part starting with a letter (Decree
/// 30/2020/NĐ-CP, Appendix I).
pub fn is_doc_number(text: &str) -> bool {
    if text.chars().count() > DOC_NUMBER_MAX {
        return false;
    }
    let mut parts = text.split('/');
    let digits = |part: &str, max: usize| {
        !part.is_empty() && part.len() <= max && part.bytes().all(|b| b.is_ascii_digit())
    };
    let Some(number) = parts.next() else {
        return false;
    };
    if !digits(number, 6) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    let symbol = match rest.as_slice() {
        [symbol] => *symbol,
        [year, symbol] if year.len() == 4 && digits(year, 4) => *symbol,
        _ => return false,
    };
    // Symbols are Latin letters (Đ included) and digits.
    let letter = |c: char| c.is_ascii_alphabetic() || c == 'Đ' || c == 'đ';
    let first_ok = symbol.chars().next().is_some_and(letter);
    first_ok
        && symbol.split('-').all(|piece| {
            !piece.is_empty() && piece.chars().all(|c| letter(c) || c.is_ascii_digit())
        })
}

/// A value a person typed for `field` (a form input or the conflicts screen),
/// as the record body holds it; `validate` judges it afterwards, so text
/// that is not a number stays text and is refused with its field's message.
/// Numbers are read as `locale` writes them (`crate::numbers`); one that
/// reads two ways stays text too (the form asks first, see `ambiguity`).
/// Links are one id per line.
pub fn value_from_text(locale: Locale, ty: FieldType, text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        return match ty {
            FieldType::YesNo => Value::Bool(false),
            _ => Value::Null,
        };
    }
    let keep = || Value::String(text.to_owned());
    match ty {
        FieldType::Integer { .. } | FieldType::Decimal { .. } => {
            match crate::numbers::read(locale, text) {
                Reading::Number(number) => number,
                Reading::Either { .. } | Reading::NotANumber => keep(),
            }
        }
        FieldType::Date => IsoDate::parse_typed(text)
            .map(|date| Value::String(date.iso()))
            .unwrap_or_else(|_| keep()),
        FieldType::YesNo => Value::Bool(matches!(text, "true" | "có" | "yes" | "1")),
        FieldType::Links { .. } => Value::Array(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(|line| Value::String(line.to_owned()))
                .collect(),
        ),
        FieldType::Text { .. }
        | FieldType::LongText { .. }
        | FieldType::Choice(_)
        | FieldType::Link(_)
        | FieldType::DocNumber => keep(),
    }
}

/// When the text typed for a number field reads as two numbers ("1,234" in
/// Vietnamese: 1.234, or 1234 typed the English way): the thousands reading,
/// as `locale` writes it, for the form to offer.
pub fn ambiguity(locale: Locale, ty: FieldType, text: &str) -> Option<String> {
    if !matches!(ty, FieldType::Integer { .. } | FieldType::Decimal { .. }) {
        return None;
    }
    match crate::numbers::read(locale, text) {
        Reading::Either {
            grouped: Value::Number(grouped),
            ..
        } => Some(crate::numbers::format(locale, &grouped, true)),
        _ => None,
    }
}

/// A stored value as a form input shows it: dates dd/mm/yyyy, links one id
/// per line, numbers with `locale`'s decimal mark and no grouping (so that
/// they read back as the same number).
pub fn value_to_text(locale: Locale, ty: FieldType, value: &Value) -> String {
    match (ty, value) {
        (_, Value::Null) => String::new(),
        (FieldType::Date, Value::String(text)) => IsoDate::parse(text)
            .map(IsoDate::display)
            .unwrap_or_else(|_| text.clone()),
        (FieldType::Integer { .. } | FieldType::Decimal { .. }, Value::Number(number)) => {
            crate::numbers::to_input(locale, number)
        }
        (_, Value::String(text)) => text.clone(),
        (_, Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_follow_the_decree() {
        for good in [
            "85/BC-HĐND",
            "19/NQ-HĐND",
            "05/2025/NQ-HĐND",
            "45/TTr-UBND",
            "1234/UBND-KTTH",
            "12/QĐ-TTg",
        ] {
            assert!(is_doc_number(good), "{good}");
        }
        for bad in [
            "",
            "BC-HĐND",
            "85/",
            "85/-HĐND",
            "85/BC--HĐND",
            "85 /BC-HĐND",
            "x5/BC-HĐND",
            "85/20255/NQ-HĐND",
            "85/2025/2025/NQ",
            "85/1BC",
        ] {
            assert!(!is_doc_number(bad), "{bad}");
        }
    }

    #[test]
    fn decimals_are_judged_as_written() {
        let field = FieldSpec::new("value", FieldType::Decimal { min: -10, max: 100 });
        let code = |json: &str| {
            let value: Value = serde_json::from_str(json).unwrap();
            check_value(&field, &value).err().map(|error| error.code)
        };
        // 1e2 is exactly 100, as JSON reads it.
        for good in ["92.5", "92.55", "100", "0", "-5.25", "100.0", "1.10", "1e2"] {
            assert_eq!(code(good), None, "{good}");
        }
        for (bad, expected) in [
            ("10.000000001", "too_precise"),
            ("0.30000000000000004", "too_precise"),
            ("5e-324", "too_precise"),
            ("0.00001", "too_precise"),
            ("1e16", "out_of_range"),
            ("-0.0", "not_a_number"),
            ("-0", "not_a_number"),
            ("1e3", "out_of_range"),
            ("100.01", "out_of_range"),
            ("\"92.5\"", "not_a_number"),
        ] {
            assert_eq!(code(bad).as_deref(), Some(expected), "{bad}");
        }
    }

    #[test]
    fn dates_lie_within_the_documented_range() {
        let field = FieldSpec::new("on", FieldType::Date);
        let code = |day: &str| {
            check_value(&field, &Value::from(day))
                .err()
                .map(|error| error.code)
        };
        assert_eq!(code("1945-09-02"), None);
        assert_eq!(code("2100-12-31"), None);
        assert_eq!(code("0000-01-01").as_deref(), Some("date_out_of_range"));
        assert_eq!(code("1944-12-31").as_deref(), Some("date_out_of_range"));
        assert_eq!(code("2101-01-01").as_deref(), Some("date_out_of_range"));
        assert_eq!(code("2020-02-30").as_deref(), Some("not_a_date"));
    }

    #[test]
    fn text_holds_no_controls_and_shows_something() {
        let line = FieldSpec::new("subject", FieldType::Text { max: 50 });
        let long = FieldSpec::new("result", FieldType::LongText { max: 50 });
        let code = |field: &FieldSpec, text: &str| {
            check_value(field, &Value::from(text))
                .err()
                .map(|error| error.code)
        };
        for bad in [
            "\u{202e}evil",
            "a\u{0}b",
            "\u{1b}[31mred",
            "a\u{85}",
            "x\u{fffe}",
        ] {
            assert_eq!(
                code(&line, bad).as_deref(),
                Some("control_character"),
                "{bad:?}"
            );
            assert_eq!(
                code(&long, bad).as_deref(),
                Some("control_character"),
                "{bad:?}"
            );
        }
        assert_eq!(
            code(&line, "hai\ndòng").as_deref(),
            Some("control_character")
        );
        assert_eq!(code(&long, "hai\ndòng\tcột"), None);
        for empty in ["\u{200b}", "\u{feff}", "\u{ad}", "\u{301}"] {
            assert_eq!(
                code(&line, empty).as_deref(),
                Some("invisible"),
                "{empty:?}"
            );
        }
        assert_eq!(code(&line, "Kỳ họp thứ 8"), None);
    }

    #[test]
    fn typed_text_becomes_the_stored_value() {
        use serde_json::json;
        let (vie, eng) = (Locale::vi, Locale::en);
        let integer = FieldType::Integer {
            min: 0,
            max: 100_000,
            roman: false,
        };
        assert_eq!(value_from_text(vie, integer, " 8 "), Value::from(8));
        assert_eq!(value_from_text(vie, integer, "1.234"), Value::from(1234));
        assert_eq!(value_from_text(eng, integer, "1,234"), Value::from(1234));
        assert_eq!(value_from_text(vie, integer, "tám"), Value::from("tám"));
        // A fraction stays a fraction: refused as not whole, never ×10.
        assert_eq!(value_from_text(vie, integer, "2,5"), json!(2.5));
        assert_eq!(value_from_text(eng, integer, "2.5"), json!(2.5));
        let decimal = FieldType::Decimal { min: 0, max: 100 };
        assert_eq!(value_from_text(vie, decimal, "92,5"), json!(92.5));
        assert_eq!(value_from_text(vie, decimal, "95.5"), json!(95.5));
        assert_eq!(value_from_text(eng, decimal, "95.5"), json!(95.5));
        assert_eq!(value_from_text(vie, decimal, "1.234,5"), json!(1234.5));
        assert_eq!(value_from_text(eng, decimal, "1,234.5"), json!(1234.5));
        assert_eq!(value_from_text(vie, decimal, "1234.5"), json!(1234.5));
        assert_eq!(value_from_text(vie, decimal, "100"), Value::from(100));
        // Read two ways: kept as typed until the person says which.
        assert_eq!(value_from_text(vie, decimal, "1,234"), Value::from("1,234"));
        assert_eq!(ambiguity(vie, decimal, "1,234").as_deref(), Some("1.234"));
        assert_eq!(ambiguity(eng, decimal, "1.234").as_deref(), Some("1,234"));
        assert_eq!(ambiguity(vie, decimal, "1.234"), None);
        assert_eq!(ambiguity(vie, FieldType::Text { max: 9 }, "1,234"), None);
        assert_eq!(
            value_from_text(vie, FieldType::Date, "09/12/2020"),
            Value::from("2020-12-09")
        );
        assert_eq!(
            value_from_text(vie, FieldType::Text { max: 9 }, "  "),
            Value::Null
        );
        assert_eq!(
            value_from_text(vie, FieldType::YesNo, ""),
            Value::Bool(false)
        );
        assert_eq!(
            value_to_text(vie, FieldType::Date, &Value::from("2020-12-09")),
            "09/12/2020"
        );
        assert_eq!(value_to_text(vie, decimal, &json!(1234.5)), "1234,5");
        assert_eq!(value_to_text(eng, decimal, &json!(1234.5)), "1234.5");
        assert_eq!(value_to_text(vie, decimal, &json!(10.0)), "10");
        assert_eq!(value_to_text(vie, integer, &json!(1234)), "1234");
    }
}
