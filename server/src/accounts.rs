//! Accounts outside the web UI: the administrator made at first start, and
//! the `hdnd user …` commands IT uses on the server itself. Both write the
//! security log like the admin screen does (origin "command line").

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use app::auth::model::{NewUser, Username, check_new_password};
use app::auth::server::{generate_password, hash_password};
use app::backend::EventSource;
use app::error::AppError;

use crate::cli::{AuditCommand, UserCommand};
use crate::store::{BootstrapOutcome, ChainCheck, Store, StoreError};

/// Environment variable holding the first administrator's password.
pub const ADMIN_PASSWORD_ENV: &str = "HDND_ADMIN_PASSWORD";

/// Why the first administrator could not be created; one line each.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("{ADMIN_PASSWORD_ENV} is not acceptable: {0}")]
    BadPassword(String),
    #[error("cannot hash the administrator password: {0}")]
    Hash(AppError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// First start: when the database has no accounts, creates `admin` with the
/// password from `HDND_ADMIN_PASSWORD`, or a generated one that is printed
/// to the log this once. Later starts do nothing.
pub fn ensure_admin(store: &Store, configured: Option<&str>) -> Result<(), BootstrapError> {
    if store.has_users()? {
        return Ok(());
    }
    let (password, generated) = match configured.filter(|password| !password.is_empty()) {
        Some(password) => {
            check_new_password("password", password, "admin")
                .map_err(|error| BootstrapError::BadPassword(error.message))?;
            (password.to_owned(), false)
        }
        None => (generate_password(), true),
    };
    let hash = hash_password(&password).map_err(BootstrapError::Hash)?;
    let detail = if generated {
        "generated password"
    } else {
        "password from HDND_ADMIN_PASSWORD"
    };
    if store.bootstrap_admin(&hash, detail)? == BootstrapOutcome::Created {
        if generated {
            tracing::warn!(
                "created the administrator 'admin' with the password {password} \
                 (shown only this once; sign in and change it)"
            );
        } else {
            tracing::info!(
                "created the administrator 'admin' with the password from {ADMIN_PASSWORD_ENV}"
            );
        }
    }
    Ok(())
}

/// Why a `hdnd user` command failed; one line each.
#[derive(Debug, thiserror::Error)]
pub enum UserCommandError {
    #[error("{0}")]
    Invalid(String),
    #[error("cannot read the password: {0}")]
    Input(std::io::Error),
    #[error("the passwords do not match")]
    Mismatch,
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot hash the password: {0}")]
    Hash(AppError),
}

fn invalid(error: AppError) -> UserCommandError {
    match error {
        AppError::Invalid { fields } => UserCommandError::Invalid(
            fields
                .into_iter()
                .map(|field| field.message)
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => UserCommandError::Invalid(other.to_string()),
    }
}

fn username(text: &str) -> Result<Username, UserCommandError> {
    Username::parse(text).map_err(|error| UserCommandError::Invalid(error.message))
}

/// The new password: typed twice at a terminal (not echoed), or one line on
/// standard input (for scripts).
fn read_password(username: &str) -> Result<String, UserCommandError> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("New password for {username}: "))
            .map_err(UserCommandError::Input)?;
        let second = rpassword::prompt_password("Repeat it: ").map_err(UserCommandError::Input)?;
        if first != second {
            return Err(UserCommandError::Mismatch);
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(UserCommandError::Input)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    check_new_password("password", &password, username)
        .map_err(|error| UserCommandError::Invalid(error.message))?;
    Ok(password)
}

fn command_line() -> EventSource {
    EventSource {
        actor: None,
        origin: "command line".to_owned(),
    }
}

/// Why `hdnd audit verify` failed.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no database at {}", .0.display())]
    NoDatabase(std::path::PathBuf),
    #[error(
        "security log broken at entry #{id} ({kind}, written {written}): it, or an entry before it, was changed or removed"
    )]
    Broken {
        id: i64,
        kind: String,
        written: String,
    },
}

/// `hdnd audit verify`: checks the security log's hash chain.
pub fn run_audit_command(data_dir: &Path, command: AuditCommand) -> Result<String, AuditError> {
    // Checking must not create: a mistyped folder is an error, not an
    // empty (and so "intact") log.
    let database = data_dir.join(crate::store::DATABASE_FILE);
    if !database.is_file() {
        return Err(AuditError::NoDatabase(database));
    }
    let store = Store::open(data_dir, &app::kinds::REGISTRY)?;
    match command {
        AuditCommand::Verify => match store.verify_security_log()? {
            ChainCheck::Intact { entries, head } => Ok(match head {
                Some((id, hash)) => format!(
                    "security log intact: {entries} entries; the last is #{id} with hash {hash}"
                ),
                None => "security log intact: no entries yet".to_owned(),
            }),
            ChainCheck::Broken { id, at, kind } => Err(AuditError::Broken {
                id,
                kind,
                written: utc_time(at),
            }),
        },
    }
}

/// Unix milliseconds as `dd/mm/yyyy HH:MM:SS UTC`.
fn utc_time(at: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(at.div_euclid(1000)) {
        Ok(moment) => format!(
            "{:02}/{:02}/{} {:02}:{:02}:{:02} UTC",
            moment.day(),
            u8::from(moment.month()),
            moment.year(),
            moment.hour(),
            moment.minute(),
            moment.second()
        ),
        Err(_) => format!("at {at} ms"),
    }
}

/// Runs one `hdnd user` command against the database in `data_dir`; returns
/// what to print.
pub fn run_user_command(data_dir: &Path, command: UserCommand) -> Result<String, UserCommandError> {
    let store = Store::open(data_dir, &app::kinds::REGISTRY)?;
    let source = command_line();
    match command {
        UserCommand::Add {
            username: name,
            role,
            name: display_name,
        } => {
            let parsed = username(&name)?;
            let password = read_password(parsed.as_str())?;
            let request = NewUser {
                username: name,
                display_name: display_name.unwrap_or_else(|| parsed.as_str().to_owned()),
                role,
                password,
            };
            let user = request.validate().map_err(invalid)?;
            let hash = hash_password(&request.password).map_err(UserCommandError::Hash)?;
            let created = store.create_user(&user, &hash, &source)?;
            Ok(format!("created {} ({})", created.username, created.role))
        }
        UserCommand::SetPassword { username: name } => {
            let parsed = username(&name)?;
            if store.find_login(parsed.as_str())?.is_none() {
                return Err(StoreError::UserNotFound(parsed.as_str().to_owned()).into());
            }
            let password = read_password(parsed.as_str())?;
            let hash = hash_password(&password).map_err(UserCommandError::Hash)?;
            store.set_password(parsed.as_str(), &hash, &source)?;
            Ok(format!(
                "password of {parsed} changed; their sessions ended"
            ))
        }
        UserCommand::SetRole {
            username: name,
            role,
        } => {
            let parsed = username(&name)?;
            let user = store.set_role(parsed.as_str(), role, &source)?;
            Ok(format!("{} is now {}", user.username, user.role))
        }
        UserCommand::Disable { username: name } => {
            let parsed = username(&name)?;
            let user = store.set_disabled(parsed.as_str(), true, &source)?;
            Ok(format!(
                "{} is disabled; their sessions ended",
                user.username
            ))
        }
        UserCommand::Enable { username: name } => {
            let parsed = username(&name)?;
            let user = store.set_disabled(parsed.as_str(), false, &source)?;
            Ok(format!("{} is enabled", user.username))
        }
        UserCommand::List => {
            let users = store.list_users()?;
            let lines: Vec<String> = users
                .iter()
                .map(|user| {
                    format!(
                        "{:<20} {:<20} {}{}",
                        user.username,
                        user.role.as_str(),
                        user.display_name,
                        if user.disabled { " (disabled)" } else { "" }
                    )
                })
                .collect();
            Ok(lines.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_uses_the_configured_password_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &app::kinds::REGISTRY).unwrap();
        ensure_admin(&store, Some("mật khẩu quản trị")).unwrap();
        let admin = store.find_login("admin").unwrap().unwrap();
        assert!(app::auth::server::verify_password(
            "mật khẩu quản trị",
            &admin.password_hash
        ));
        // A later start with another password changes nothing.
        ensure_admin(&store, Some("một mật khẩu khác")).unwrap();
        let admin = store.find_login("admin").unwrap().unwrap();
        assert!(app::auth::server::verify_password(
            "mật khẩu quản trị",
            &admin.password_hash
        ));
    }

    #[test]
    fn a_weak_configured_password_is_refused_before_anything_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &app::kinds::REGISTRY).unwrap();
        let error = ensure_admin(&store, Some("short")).unwrap_err();
        assert!(
            error.to_string().starts_with("HDND_ADMIN_PASSWORD"),
            "{error}"
        );
        assert!(!store.has_users().unwrap());
    }
}
