//! Accounts as plain data: roles, the parsed user name, display name and
//! password, what a signed-in user may see, and the wire types of the auth and
//! admin endpoints. The login form, the admin screen, the command line and the
//! server all parse with the same functions.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldError};

/// The roles of the office (see DOMAIN.md "Roles"). Serialised in snake_case
/// (`"reception_staff"`); the command line also accepts kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chuyên viên: creates and edits records of their areas.
    Staff,
    /// Chuyên viên tiếp công dân: the only staff role that sees citizens'
    /// personal data.
    ReceptionStaff,
    /// Lãnh đạo Văn phòng: reviews, all records, reports.
    OfficeLeader,
    /// Thường trực HĐND: reads everything, approves Standing Committee outputs.
    StandingCommittee,
    /// Quản trị: users, roles, catalogues, the security log; no record content.
    Admin,
    /// Người xem: reads, with citizens' personal data masked.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Staff,
        Role::ReceptionStaff,
        Role::OfficeLeader,
        Role::StandingCommittee,
        Role::Admin,
        Role::Viewer,
    ];

    /// The wire name, e.g. `"office_leader"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::ReceptionStaff => "reception_staff",
            Role::OfficeLeader => "office_leader",
            Role::StandingCommittee => "standing_committee",
            Role::Admin => "admin",
            Role::Viewer => "viewer",
        }
    }

    /// Reads a wire name; `-` may stand for `_` (command-line spelling).
    pub fn parse(text: &str) -> Option<Role> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|role| role.as_str() == wanted)
    }

    /// Roles that read the council's records (everyone but the administrator,
    /// who manages accounts and sees no record content).
    pub fn reads_records(self) -> bool {
        self != Role::Admin
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who may call an endpoint or see a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (the handshake, login, logout).
    Public,
    /// Any signed-in user, whatever the role.
    SignedIn,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    /// Whether a caller with this role (`None`: anonymous) is let through.
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::SignedIn, Some(_)) => true,
            (Access::Roles(roles), Some(role)) => roles.contains(&role),
        }
    }
}

/// Managing accounts and reading the security log.
pub const ADMINISTRATION: Access = Access::Roles(&[Role::Admin]);

/// Reading the council's records (every role but the administrator).
pub const RECORDS: Access = Access::Roles(&[
    Role::Staff,
    Role::ReceptionStaff,
    Role::OfficeLeader,
    Role::StandingCommittee,
    Role::Viewer,
]);

/// Sending record changes (`/api/sync/push`): the roles that write some
/// kind of record (DOMAIN.md: staff, reception staff for citizen reception,
/// office leaders, the Standing Committee for its approvals, the
/// administrator for the catalogues). Viewers are refused before anything
/// is read or stored; a test checks this against the kinds' write access.
pub const RECORD_WRITERS: Access = Access::Roles(&[
    Role::Staff,
    Role::ReceptionStaff,
    Role::OfficeLeader,
    Role::StandingCommittee,
    Role::Admin,
]);

/// Writing the council's records (sessions, meetings, matters, …): staff
/// and office leaders.
pub const RECORD_EDITORS: Access = Access::Roles(&[Role::Staff, Role::OfficeLeader]);

/// Reviewing records (approve, return, reopen): office leaders.
pub const REVIEWERS: Access = Access::Roles(&[Role::OfficeLeader]);

/// Reviewing the Standing Committee's own outputs (its meetings'
/// conclusions, its replies to matters): office leaders and the Standing
/// Committee.
pub const SC_REVIEWERS: Access = Access::Roles(&[Role::OfficeLeader, Role::StandingCommittee]);

/// Reading the log of every record change: office leaders (with the
/// records' content) and the administrator (who, when, which record and
/// field — no values).
pub const CHANGE_LOG_READERS: Access = Access::Roles(&[Role::OfficeLeader, Role::Admin]);

/// Writing citizen reception records: reception staff and office leaders.
pub const RECEPTION_EDITORS: Access = Access::Roles(&[Role::ReceptionStaff, Role::OfficeLeader]);

/// Party members and ratings: political affiliation is sensitive personal
/// data; staff, office leaders and the Standing Committee read them
/// (DOMAIN.md), reception staff and outside viewers do not.
pub const PARTY_RECORDS: Access =
    Access::Roles(&[Role::Staff, Role::OfficeLeader, Role::StandingCommittee]);

/// Reading the catalogues (terms, committees, deputies, …): everyone.
pub const CATALOGUES: Access = Access::SignedIn;

/// Shortest and longest user name.
pub const USERNAME_LEN: std::ops::RangeInclusive<usize> = 3..=32;
/// Shortest and longest password, in characters. OWASP's minimum without
/// multi-factor authentication is 8; the office's data warrants more.
pub const PASSWORD_LEN: std::ops::RangeInclusive<usize> = 10..=128;
/// Longest display name, in characters.
pub const DISPLAY_NAME_MAX: usize = 100;

fn invalid(fields: Vec<FieldError>) -> Result<(), AppError> {
    if fields.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid { fields })
    }
}

/// A user name: 3–32 of `a–z 0–9 . _ -`, starting with a letter, kept in
/// lower case (sign-in ignores case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    /// An existing account named in a request, parsed like a new one; a
    /// malformed name is an `Invalid` error.
    pub fn named(text: &str) -> Result<Self, AppError> {
        Self::parse(text).map_err(|error| AppError::Invalid {
            fields: vec![error],
        })
    }

    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let name = text.trim().to_lowercase();
        let count = name.chars().count();
        if name.is_empty() {
            return Err(FieldError::new(
                "username",
                "required",
                "username is required",
            ));
        }
        if !USERNAME_LEN.contains(&count) {
            return Err(FieldError::new(
                "username",
                "username_length",
                format!(
                    "username must be {}–{} characters",
                    USERNAME_LEN.start(),
                    USERNAME_LEN.end()
                ),
            ));
        }
        let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        let allowed = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if !starts_with_letter || !allowed {
            return Err(FieldError::new(
                "username",
                "username_characters",
                "username may use a–z, 0–9, '.', '_' and '-', and starts with a letter",
            ));
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Username::parse(&value).map_err(|error| error.message)
    }
}

impl From<Username> for String {
    fn from(value: Username) -> Self {
        value.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a new password against the policy: 10–128 characters and not the
/// user name. Existing passwords are only ever compared, never re-checked.
pub fn check_new_password(field: &str, password: &str, username: &str) -> Result<(), FieldError> {
    let count = password.chars().count();
    if password.is_empty() {
        return Err(FieldError::new(field, "required", "password is required"));
    }
    if !PASSWORD_LEN.contains(&count) {
        return Err(FieldError::new(
            field,
            "password_length",
            format!(
                "password must be {}–{} characters",
                PASSWORD_LEN.start(),
                PASSWORD_LEN.end()
            ),
        ));
    }
    if password.trim().is_empty() || password.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(FieldError::new(
            field,
            "password_weak",
            "password must not be blank or the user name",
        ));
    }
    Ok(())
}

/// Checks a display name: 1–100 characters after trimming; returns it trimmed.
pub fn parse_display_name(text: &str) -> Result<String, FieldError> {
    let name = text.trim();
    if name.is_empty() {
        return Err(FieldError::new(
            "display_name",
            "required",
            "display name is required",
        ));
    }
    if name.chars().count() > DISPLAY_NAME_MAX {
        return Err(FieldError::new(
            "display_name",
            "too_long",
            format!("display name must be at most {DISPLAY_NAME_MAX} characters"),
        ));
    }
    // As record text: no control or direction characters (a right-to-left
    // override would show a name reversed), and something that shows.
    if name
        .chars()
        .any(|c| crate::text::is_hidden_control(c, false))
        || !crate::text::has_visible(name)
    {
        return Err(FieldError::new(
            "display_name",
            "bad_characters",
            "display name must not contain control or direction characters, and must show something",
        ));
    }
    Ok(name.to_owned())
}

/// `POST /api/auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    // The password never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl LoginRequest {
    /// Only presence is checked: a malformed name simply cannot sign in, and
    /// the answer must not tell which names exist.
    pub fn validate(&self) -> Result<(), AppError> {
        let mut fields = Vec::new();
        if self.username.trim().is_empty() {
            fields.push(FieldError::new(
                "username",
                "required",
                "username is required",
            ));
        }
        if self.password.is_empty() {
            fields.push(FieldError::new(
                "password",
                "required",
                "password is required",
            ));
        }
        if self.username.len() > 256 || self.password.len() > 1024 {
            fields.push(FieldError::new(
                "password",
                "too_long",
                "credentials are too long",
            ));
        }
        invalid(fields)
    }
}

/// The signed-in user as the app knows them (`/api/auth/me`, the login
/// answer). The browser keeps a copy so the app opens offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// `POST /api/auth/password`: a user changes their own password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChange { .. }")
    }
}

impl PasswordChange {
    pub fn validate(&self, username: &str) -> Result<(), AppError> {
        let mut fields = Vec::new();
        if self.current_password.is_empty() {
            fields.push(FieldError::new(
                "current_password",
                "required",
                "current password is required",
            ));
        }
        if let Err(error) = check_new_password("new_password", &self.new_password, username) {
            fields.push(error);
        } else if self.new_password == self.current_password {
            fields.push(FieldError::new(
                "new_password",
                "password_unchanged",
                "new password must differ from the current one",
            ));
        }
        invalid(fields)
    }
}

/// An account as the administrator sees it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last successful sign-in.
    pub last_login_at: Option<i64>,
}

/// `POST /api/admin/users/create`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A [`NewUser`] that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNewUser {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
}

impl NewUser {
    pub fn validate(&self) -> Result<ValidNewUser, AppError> {
        let mut fields = Vec::new();
        let username = Username::parse(&self.username).map_err(|error| fields.push(error));
        let display_name =
            parse_display_name(&self.display_name).map_err(|error| fields.push(error));
        if let Err(error) = check_new_password("password", &self.password, &self.username) {
            fields.push(error);
        }
        match (username, display_name) {
            (Ok(username), Ok(display_name)) if fields.is_empty() => Ok(ValidNewUser {
                username,
                display_name,
                role: self.role,
            }),
            _ => Err(AppError::Invalid { fields }),
        }
    }
}

/// `POST /api/admin/users/set-role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRole {
    pub username: String,
    pub role: Role,
}

/// `POST /api/admin/users/set-password`: the administrator sets a new
/// password (the user's sessions end).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for PasswordReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordReset")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl PasswordReset {
    pub fn validate(&self) -> Result<(), AppError> {
        invalid(
            check_new_password("password", &self.password, &self.username)
                .err()
                .into_iter()
                .collect(),
        )
    }
}

/// `POST /api/admin/users/set-disabled`: a disabled account cannot sign in
/// and its sessions end at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDisabled {
    pub username: String,
    pub disabled: bool,
}

/// What happened, in the security log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityEventKind {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    Logout,
    PasswordChanged,
    RoleChanged,
    UserCreated,
    UserDisabled,
    UserEnabled,
    /// A wrong current password when changing one's own password.
    PasswordCheckFailed,
    /// Too many wrong current passwords: refused without checking.
    PasswordCheckThrottled,
    /// A call the caller's role may not make, or a sync push under another
    /// user's replica.
    AccessDenied,
    /// A call from another site, or for another host than the public URL.
    CrossOriginRefused,
    /// A retried push answered with less than it first carried: the
    /// caller's role may no longer read the records or fields withheld.
    AnswerWithheld,
    /// Mutations beyond a user's budget (a 429).
    RateLimited,
    /// Writes refused because the data directory's disk is nearly full.
    WritesRefused,
}

impl SecurityEventKind {
    pub const ALL: [SecurityEventKind; 16] = [
        SecurityEventKind::LoginSucceeded,
        SecurityEventKind::LoginFailed,
        SecurityEventKind::LoginThrottled,
        SecurityEventKind::Logout,
        SecurityEventKind::PasswordChanged,
        SecurityEventKind::RoleChanged,
        SecurityEventKind::UserCreated,
        SecurityEventKind::UserDisabled,
        SecurityEventKind::UserEnabled,
        SecurityEventKind::PasswordCheckFailed,
        SecurityEventKind::PasswordCheckThrottled,
        SecurityEventKind::AccessDenied,
        SecurityEventKind::CrossOriginRefused,
        SecurityEventKind::AnswerWithheld,
        SecurityEventKind::RateLimited,
        SecurityEventKind::WritesRefused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SecurityEventKind::LoginSucceeded => "login_succeeded",
            SecurityEventKind::LoginFailed => "login_failed",
            SecurityEventKind::LoginThrottled => "login_throttled",
            SecurityEventKind::Logout => "logout",
            SecurityEventKind::PasswordChanged => "password_changed",
            SecurityEventKind::RoleChanged => "role_changed",
            SecurityEventKind::UserCreated => "user_created",
            SecurityEventKind::UserDisabled => "user_disabled",
            SecurityEventKind::UserEnabled => "user_enabled",
            SecurityEventKind::PasswordCheckFailed => "password_check_failed",
            SecurityEventKind::PasswordCheckThrottled => "password_check_throttled",
            SecurityEventKind::AccessDenied => "access_denied",
            SecurityEventKind::CrossOriginRefused => "cross_origin_refused",
            SecurityEventKind::AnswerWithheld => "answer_withheld",
            SecurityEventKind::RateLimited => "rate_limited",
            SecurityEventKind::WritesRefused => "writes_refused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// One entry of the security log: what, when, who did it, to whom, from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEvent {
    pub id: i64,
    /// Unix milliseconds.
    pub at: i64,
    pub kind: SecurityEventKind,
    /// Who acted (`None`: nobody signed in, or the command line).
    pub actor: Option<String>,
    /// The account concerned (for a failed login: the name that was typed).
    pub subject: Option<String>,
    /// The client address, or `"command line"`.
    pub origin: String,
    /// Extra facts, e.g. `"staff → viewer"` or why a login failed.
    pub detail: String,
}

/// The `detail` of the entry that sums up repeats of the entry before it
/// from the same source (see `auth::server::LogLimiter`); the admin screen
/// translates it.
pub fn repeated_detail(count: u64) -> String {
    format!("repeated {count} more times")
}

/// `POST /api/admin/security-events`: newest first, in pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEventQuery {
    /// Only events older than this id (the previous page's last id).
    #[serde(default)]
    pub before: Option<i64>,
    /// Page size, 1–200 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
}

impl SecurityEventQuery {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 200;

    pub fn limit(&self) -> u32 {
        self.limit
            .unwrap_or(Self::DEFAULT_LIMIT)
            .clamp(1, Self::MAX_LIMIT)
    }
}

/// A page of the security log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEventPage {
    pub events: Vec<SecurityEvent>,
    /// Pass as `before` to get the next page; `None` at the end.
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_wire_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("office-leader"), Some(Role::OfficeLeader));
        assert_eq!(Role::parse(" Admin "), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn access_denies_anonymous_callers_unless_public() {
        assert!(Access::Public.allows(None));
        assert!(!Access::SignedIn.allows(None));
        assert!(!ADMINISTRATION.allows(None));
        for role in Role::ALL {
            assert!(Access::SignedIn.allows(Some(role)));
            assert_eq!(ADMINISTRATION.allows(Some(role)), role == Role::Admin);
            assert_eq!(RECORDS.allows(Some(role)), role.reads_records());
        }
        assert!(!PARTY_RECORDS.allows(Some(Role::Viewer)));
        assert!(PARTY_RECORDS.allows(Some(Role::OfficeLeader)));
    }

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(
            Username::parse("  Nguyen.An ").unwrap().as_str(),
            "nguyen.an"
        );
        for (bad, code) in [
            ("", "required"),
            ("ab", "username_length"),
            (&"a".repeat(33), "username_length"),
            ("1abc", "username_characters"),
            ("an nguyen", "username_characters"),
            ("nguyễn", "username_characters"),
        ] {
            assert_eq!(Username::parse(bad).unwrap_err().code, code, "{bad:?}");
        }
        assert!(serde_json::from_str::<Username>("\"x\"").is_err());
    }

    #[test]
    fn new_passwords_follow_the_policy() {
        assert!(check_new_password("password", "mật khẩu đủ dài", "an").is_ok());
        assert_eq!(
            check_new_password("password", "", "an").unwrap_err().code,
            "required"
        );
        assert_eq!(
            check_new_password("password", "short", "an")
                .unwrap_err()
                .code,
            "password_length"
        );
        assert_eq!(
            check_new_password("password", &"x".repeat(129), "an")
                .unwrap_err()
                .code,
            "password_length"
        );
        assert_eq!(
            check_new_password("password", "nguyen.van.an", "Nguyen.Van.An")
                .unwrap_err()
                .code,
            "password_weak"
        );
        assert_eq!(
            check_new_password("password", "           ", "an")
                .unwrap_err()
                .code,
            "password_weak"
        );
        // Length counts characters, not bytes: ten Vietnamese letters pass.
        assert!(check_new_password("password", "đđđđđđđđđđ", "an").is_ok());
    }

    #[test]
    fn new_user_reports_every_bad_field() {
        let request = NewUser {
            username: "1x".into(),
            display_name: "  ".into(),
            role: Role::Staff,
            password: "short".into(),
        };
        let Err(AppError::Invalid { fields }) = request.validate() else {
            panic!("should be invalid");
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["username", "display_name", "password"]);

        let good = NewUser {
            username: "Lan.Tran".into(),
            display_name: " Trần Thị Lan ".into(),
            role: Role::ReceptionStaff,
            password: "một mật khẩu dài".into(),
        };
        let valid = good.validate().unwrap();
        assert_eq!(valid.username.as_str(), "lan.tran");
        assert_eq!(valid.display_name, "Trần Thị Lan");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let login = LoginRequest {
            username: "an".into(),
            password: "bí mật 123456".into(),
        };
        assert!(!format!("{login:?}").contains("bí mật"));
        let change = PasswordChange {
            current_password: "cũ-123456789".into(),
            new_password: "mới-123456789".into(),
        };
        assert!(!format!("{change:?}").contains("123456789"));
    }

    #[test]
    fn change_password_needs_a_different_valid_password() {
        let same = PasswordChange {
            current_password: "mật khẩu cũ 1".into(),
            new_password: "mật khẩu cũ 1".into(),
        };
        assert!(same.validate("an").is_err());
        let good = PasswordChange {
            current_password: "mật khẩu cũ 1".into(),
            new_password: "mật khẩu mới 2".into(),
        };
        assert!(good.validate("an").is_ok());
    }

    #[test]
    fn security_event_kinds_round_trip() {
        for kind in SecurityEventKind::ALL {
            assert_eq!(SecurityEventKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
    }

    #[test]
    fn event_page_size_is_bounded() {
        let query = |limit| SecurityEventQuery {
            before: None,
            limit,
        };
        assert_eq!(query(None).limit(), 50);
        assert_eq!(query(Some(0)).limit(), 1);
        assert_eq!(query(Some(10_000)).limit(), 200);
    }
}
