//! The security log's texts in the user's language: event kinds, where an
//! event came from, and the server's fixed English details translated.

use leptos_i18n::td_string;

use crate::auth::model::{Role, SecurityEventKind};
use crate::i18n::Locale;
use crate::messages::role_name;

/// An event kind in the interface.
pub fn kind_name(locale: Locale, kind: SecurityEventKind) -> &'static str {
    match kind {
        SecurityEventKind::LoginSucceeded => td_string!(locale, seclog.login_succeeded),
        SecurityEventKind::LoginFailed => td_string!(locale, seclog.login_failed),
        SecurityEventKind::LoginThrottled => td_string!(locale, seclog.login_throttled),
        SecurityEventKind::Logout => td_string!(locale, seclog.logout),
        SecurityEventKind::PasswordChanged => td_string!(locale, seclog.password_changed),
        SecurityEventKind::RoleChanged => td_string!(locale, seclog.role_changed),
        SecurityEventKind::UserCreated => td_string!(locale, seclog.user_created),
        SecurityEventKind::UserDisabled => td_string!(locale, seclog.user_disabled),
        SecurityEventKind::UserEnabled => td_string!(locale, seclog.user_enabled),
        SecurityEventKind::PasswordCheckFailed => {
            td_string!(locale, seclog.password_check_failed)
        }
        SecurityEventKind::PasswordCheckThrottled => {
            td_string!(locale, seclog.password_check_throttled)
        }
        SecurityEventKind::AccessDenied => td_string!(locale, seclog.access_denied),
        SecurityEventKind::CrossOriginRefused => td_string!(locale, seclog.cross_origin_refused),
        SecurityEventKind::AnswerWithheld => td_string!(locale, seclog.answer_withheld),
        SecurityEventKind::RateLimited => td_string!(locale, seclog.rate_limited),
        SecurityEventKind::WritesRefused => td_string!(locale, seclog.writes_refused),
    }
}

/// Where an event came from: an address, the command line or first start.
pub fn origin_text(locale: Locale, origin: &str) -> String {
    match origin {
        "command line" => td_string!(locale, seclog.command_line).to_owned(),
        "first start" => td_string!(locale, seclog.first_start).to_owned(),
        address => address.to_owned(),
    }
}

/// The server writes details as short fixed English phrases (see
/// `server/src/store/accounts.rs` and `app/src/auth/server`); each has a
/// translation here, and anything else is shown as it is.
pub fn detail_text(locale: Locale, detail: &str) -> String {
    let role = |name: &str| {
        Role::parse(name)
            .map(|role| role_name(locale, role).to_owned())
            .unwrap_or_else(|| name.to_owned())
    };
    match detail {
        "unknown user" => return td_string!(locale, seclog.unknown_user).to_owned(),
        "wrong password" => return td_string!(locale, seclog.wrong_password).to_owned(),
        "account disabled" => return td_string!(locale, seclog.account_disabled).to_owned(),
        "by the user" => return td_string!(locale, seclog.by_user).to_owned(),
        "generated password" => return td_string!(locale, seclog.generated).to_owned(),
        "password from HDND_ADMIN_PASSWORD" => {
            return td_string!(locale, seclog.from_env).to_owned();
        }
        _ => {}
    }
    if let Some((from, to)) = detail.split_once(" → ") {
        return format!("{} → {}", role(from), role(to));
    }
    if let Some(name) = detail.strip_prefix("role ") {
        return td_string!(locale, seclog.with_role, role = role(name)).to_string();
    }
    if let Some(count) = detail.strip_suffix(" session(s) ended") {
        return td_string!(locale, seclog.sessions_ended, count = count).to_string();
    }
    if let Some(seconds) = detail
        .strip_prefix("retry after ")
        .and_then(|rest| rest.strip_suffix(" s"))
    {
        return td_string!(locale, seclog.retry_after, seconds = seconds).to_string();
    }
    if let Some(count) = detail
        .strip_prefix("repeated ")
        .and_then(|rest| rest.strip_suffix(" more times"))
    {
        return td_string!(locale, seclog.repeated, count = count).to_string();
    }
    detail.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_details_are_translated() {
        assert_eq!(
            detail_text(Locale::vi, "staff → viewer"),
            "Chuyên viên → Người xem"
        );
        assert_eq!(detail_text(Locale::vi, "wrong password"), "sai mật khẩu");
        assert_eq!(
            detail_text(Locale::vi, "2 session(s) ended"),
            "2 phiên đăng nhập đã kết thúc"
        );
        assert_eq!(
            detail_text(Locale::en, "retry after 60 s"),
            "blocked for 60 s"
        );
        assert_eq!(detail_text(Locale::vi, "role admin"), "vai trò Quản trị");
        assert_eq!(
            detail_text(Locale::vi, &crate::auth::model::repeated_detail(37)),
            "lặp lại thêm 37 lần"
        );
        assert_eq!(detail_text(Locale::vi, "something new"), "something new");
    }
}
