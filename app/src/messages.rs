//! Texts shared by the pages, in the user's language: role names, field and
//! form errors (by their stable codes), "try again in N minutes", dates and
//! times as written on screen in Vietnam (dd/mm/yyyy), and the page title.

use leptos_i18n::td_string;

use crate::auth::model::Role;
use crate::error::{AppError, FieldError};
use crate::i18n::Locale;
use crate::platform::{local_parts, now_ms};

/// The name of a role in the interface.
pub fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Staff => td_string!(locale, roles.staff),
        Role::ReceptionStaff => td_string!(locale, roles.reception_staff),
        Role::OfficeLeader => td_string!(locale, roles.office_leader),
        Role::StandingCommittee => td_string!(locale, roles.standing_committee),
        Role::Admin => td_string!(locale, roles.admin),
        Role::Viewer => td_string!(locale, roles.viewer),
    }
}

/// A field error in the user's language (by its stable code).
pub fn field_message(locale: Locale, error: &FieldError) -> String {
    match error.code.as_str() {
        "required" => td_string!(locale, errors.required).to_owned(),
        "username_length" => td_string!(locale, errors.username_length).to_owned(),
        "username_characters" => td_string!(locale, errors.username_characters).to_owned(),
        "username_taken" => td_string!(locale, errors.username_taken).to_owned(),
        "password_length" => td_string!(locale, errors.password_length).to_owned(),
        "password_weak" => td_string!(locale, errors.password_weak).to_owned(),
        "password_unchanged" => td_string!(locale, errors.password_unchanged).to_owned(),
        "password_wrong" => td_string!(locale, errors.password_wrong).to_owned(),
        "too_long" => td_string!(locale, errors.too_long).to_owned(),
        "bad_characters" => td_string!(locale, errors.bad_characters).to_owned(),
        "out_of_range" => td_string!(locale, errors.out_of_range).to_owned(),
        "ends_before_start" => td_string!(locale, errors.ends_before_start).to_owned(),
        "too_long_period" => td_string!(locale, errors.too_long_period).to_owned(),
        "not_a_number" => td_string!(locale, errors.not_a_number).to_owned(),
        "not_a_decimal" => td_string!(locale, errors.not_a_decimal).to_owned(),
        "ambiguous_number" => td_string!(locale, errors.ambiguous_number).to_owned(),
        "not_a_date" => td_string!(locale, errors.not_a_date).to_owned(),
        "not_a_choice" => td_string!(locale, errors.not_a_choice).to_owned(),
        "unknown_field" => td_string!(locale, errors.unknown_field).to_owned(),
        "not_text" => td_string!(locale, errors.not_text).to_owned(),
        "too_large" => td_string!(locale, errors.too_large).to_owned(),
        "unknown_kind" => td_string!(locale, errors.unknown_kind).to_owned(),
        "not_yes_no" => td_string!(locale, errors.not_yes_no).to_owned(),
        "not_a_link" => td_string!(locale, errors.not_a_link).to_owned(),
        "too_many" => td_string!(locale, errors.too_many).to_owned(),
        "duplicate_link" => td_string!(locale, errors.duplicate_link).to_owned(),
        "not_a_doc_number" => td_string!(locale, errors.not_a_doc_number).to_owned(),
        "too_precise" => td_string!(locale, errors.too_precise).to_owned(),
        "normative_needs_year" => td_string!(locale, errors.normative_needs_year).to_owned(),
        "year_only_if_normative" => td_string!(locale, errors.year_only_if_normative).to_owned(),
        "year_mismatch" => td_string!(locale, errors.year_mismatch).to_owned(),
        "result_mismatch" => td_string!(locale, errors.result_mismatch).to_owned(),
        "group_too_small" => td_string!(locale, errors.group_too_small).to_owned(),
        "not_the_type" => td_string!(locale, errors.not_the_type).to_owned(),
        "control_character" => td_string!(locale, errors.control_character).to_owned(),
        "invisible" => td_string!(locale, errors.invisible).to_owned(),
        "date_out_of_range" => td_string!(locale, errors.date_out_of_range).to_owned(),
        "unknown_link" => td_string!(locale, errors.unknown_link).to_owned(),
        _ => error.message.clone(),
    }
}

/// A whole error in the user's language, for a form's alert.
pub fn error_message(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Invalid { .. } => td_string!(locale, errors.invalid).to_owned(),
        AppError::Unreachable { .. } => td_string!(locale, errors.unreachable).to_owned(),
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_owned(),
        AppError::Unauthenticated => td_string!(locale, errors.unauthenticated).to_owned(),
        AppError::InvalidCredentials { .. } => td_string!(locale, auth.bad_credentials).to_owned(),
        AppError::TooManyRequests {
            retry_after_seconds,
        } => throttled_message(locale, *retry_after_seconds),
        AppError::NotFound { what } => {
            td_string!(locale, errors.not_found, what = what.clone()).to_string()
        }
        AppError::Internal { reference } => {
            td_string!(locale, errors.internal, reference = reference.clone()).to_string()
        }
        AppError::SequenceGap { expected } => {
            td_string!(locale, errors.sequence_gap, expected = *expected).to_string()
        }
        AppError::InsufficientStorage => td_string!(locale, errors.insufficient_storage).to_owned(),
        AppError::BadRequest { message } | AppError::Conflict { message } => {
            td_string!(locale, errors.other, message = message.clone()).to_string()
        }
    }
}

/// "Try again in N minutes (at HH:MM)".
pub fn throttled_message(locale: Locale, retry_after_seconds: u64) -> String {
    let minutes = retry_after_seconds.div_ceil(60).max(1);
    let at = now_ms() + (retry_after_seconds as i64) * 1000;
    td_string!(
        locale,
        auth.throttled,
        minutes = minutes,
        time = clock_time(at)
    )
    .to_string()
}

/// The errors of one field out of an `Invalid` error.
pub fn errors_for(error: &Option<AppError>, field: &str) -> Vec<FieldError> {
    match error {
        Some(AppError::Invalid { fields }) => fields
            .iter()
            .filter(|error| error.field == field)
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// "dd/mm/yyyy HH:MM", as dates are written on screen in Vietnam.
pub fn date_time(ms: i64) -> String {
    let (year, month, day, hour, minute) = local_parts(ms);
    format!("{day:02}/{month:02}/{year:04} {hour:02}:{minute:02}")
}

/// "HH:MM".
pub fn clock_time(ms: i64) -> String {
    let (_, _, _, hour, minute) = local_parts(ms);
    format!("{hour:02}:{minute:02}")
}

/// `<title>`: "page · product".
pub fn page_title(locale: Locale, page: &str) -> String {
    format!("{page} · {}", td_string!(locale, app.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_day_month_year() {
        // 05/01/2021 08:30 UTC
        assert_eq!(date_time(1_609_835_400_000), "05/01/2021 08:30");
        assert_eq!(clock_time(1_609_835_400_000), "08:30");
        assert_eq!(date_time(0), "01/01/1970 00:00");
    }

    #[test]
    fn every_field_code_the_server_sends_has_a_translation() {
        for code in [
            "required",
            "username_length",
            "username_characters",
            "username_taken",
            "password_length",
            "password_weak",
            "password_unchanged",
            "password_wrong",
            "too_long",
            "bad_characters",
            "out_of_range",
            "ends_before_start",
            "too_long_period",
            "not_a_number",
            "not_a_decimal",
            "ambiguous_number",
            "not_a_date",
            "not_a_choice",
            "unknown_field",
            "not_text",
            "unknown_kind",
            "not_yes_no",
            "not_a_link",
            "too_many",
            "duplicate_link",
            "not_a_doc_number",
            "too_precise",
            "normative_needs_year",
            "year_only_if_normative",
            "year_mismatch",
            "result_mismatch",
            "group_too_small",
            "not_the_type",
        ] {
            let error = FieldError::new("x", code, "english fallback");
            for locale in [Locale::vi, Locale::en] {
                let text = field_message(locale, &error);
                assert_ne!(text, "english fallback", "{code} {locale:?}");
            }
        }
    }

    #[test]
    fn throttling_says_how_many_minutes() {
        let text = throttled_message(Locale::vi, 125);
        assert!(text.contains("3 phút"), "{text}");
        let text = throttled_message(Locale::en, 10);
        assert!(text.contains("1 min"), "{text}");
    }
}
