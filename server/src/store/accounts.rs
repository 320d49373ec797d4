//! Accounts and the security log. Every change to an account writes its
//! security-log entry in the same transaction, and ends the user's sessions
//! where the change calls for it (new password, account disabled).

use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use app::auth::model::{
    Identity, Role, SecurityEvent, SecurityEventKind, SecurityEventPage, SecurityEventQuery,
    UserAccount, ValidNewUser,
};
use app::auth::server::PasswordHash;
use app::backend::{EventSource, LoginRecord, NewSecurityEvent, UserRecord};

use super::db::{Store, StoreError, now_ms};

/// What first start did about the administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BootstrapOutcome {
    /// Accounts exist already; nothing was done.
    AlreadySetUp,
    /// `admin` was created.
    Created,
}

const USER_COLUMNS: &str =
    "id, username, display_name, role, disabled, created_at, last_login_at, password_hash";

struct UserRow {
    id: i64,
    account: UserAccount,
    password_hash: String,
}

fn parse_role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt(format!("role {text:?}")))
}

/// A `users` row as stored.
struct RawUser {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    disabled: bool,
    created_at: i64,
    last_login_at: Option<i64>,
    password_hash: String,
}

fn user_row(row: &Row<'_>) -> rusqlite::Result<RawUser> {
    Ok(RawUser {
        id: row.get(0)?,
        username: row.get(1)?,
        display_name: row.get(2)?,
        role: row.get(3)?,
        disabled: row.get(4)?,
        created_at: row.get(5)?,
        last_login_at: row.get(6)?,
        password_hash: row.get(7)?,
    })
}

fn to_user(raw: RawUser) -> Result<UserRow, StoreError> {
    Ok(UserRow {
        id: raw.id,
        account: UserAccount {
            username: raw.username,
            display_name: raw.display_name,
            role: parse_role(&raw.role)?,
            disabled: raw.disabled,
            created_at: raw.created_at,
            last_login_at: raw.last_login_at,
        },
        password_hash: raw.password_hash,
    })
}

impl UserRow {
    fn record(&self) -> UserRecord {
        UserRecord {
            id: self.id,
            identity: Identity {
                username: self.account.username.clone(),
                display_name: self.account.display_name.clone(),
                role: self.account.role,
            },
            disabled: self.account.disabled,
        }
    }
}

fn find_user(
    connection: &Connection,
    column: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<Option<UserRow>, StoreError> {
    // Every signed-in request looks its user up: parsed once per column.
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE {column} = ?1");
    connection
        .prepare_cached(&sql)?
        .query_row([value], user_row)
        .optional()?
        .map(to_user)
        .transpose()
}

fn existing_user(transaction: &Transaction<'_>, username: &str) -> Result<UserRow, StoreError> {
    find_user(transaction, "username", &username)?
        .ok_or_else(|| StoreError::UserNotFound(username.to_owned()))
}

/// Longest user name, address or detail kept in the log (characters, after
/// escaping); a typed user name can be anything.
const LOG_NAME_MAX: usize = 64;
const LOG_DETAIL_MAX: usize = 300;

/// Text as the security log keeps it: control and bidirectional-formatting
/// characters (which could hide or reorder what an administrator reads)
/// escaped as `\u{…}`, the backslash itself doubled, and cut to `max`
/// characters.
pub fn log_text(text: &str, max: usize) -> String {
    let mut escaped = String::with_capacity(text.len().min(max * 4));
    for c in text.chars() {
        let hidden = c.is_control()
            || matches!(c,
                '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}');
        if c == '\\' {
            escaped.push_str("\\\\");
        } else if hidden {
            escaped.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        } else {
            escaped.push(c);
        }
        if escaped.len() > max * 4 {
            break;
        }
    }
    app::error::clip(&escaped, max)
}

/// The hash of one entry: SHA-256 over the previous entry's hash and this
/// entry's fields, as a JSON array (unambiguous), in lower-case hex.
#[allow(clippy::too_many_arguments)]
fn chain_hash(
    previous: &str,
    id: i64,
    at: i64,
    kind: &str,
    actor: Option<&str>,
    subject: Option<&str>,
    origin: &str,
    detail: &str,
) -> String {
    let content = serde_json::json!([previous, id, at, kind, actor, subject, origin, detail]);
    let digest = Sha256::digest(content.to_string().as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The last entry's id and hash (0 and "" for an empty log).
fn chain_head(connection: &Connection) -> Result<(i64, String), StoreError> {
    Ok(connection
        .query_row(
            "SELECT id, hash FROM security_events ORDER BY id DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .unwrap_or_default())
}

/// Appends an entry to the chain. The caller's transaction must be
/// IMMEDIATE (taken with the write lock), so that no other connection (the
/// `hdnd user` command while the server runs) appends in between.
fn insert_event(connection: &Connection, event: &NewSecurityEvent) -> Result<(), StoreError> {
    let (last_id, previous) = chain_head(connection)?;
    let id = last_id + 1;
    let at = now_ms();
    let kind = event.kind.as_str();
    let actor = event
        .source
        .actor
        .as_deref()
        .map(|actor| log_text(actor, LOG_NAME_MAX));
    let subject = event
        .subject
        .as_deref()
        .map(|subject| log_text(subject, LOG_NAME_MAX));
    let origin = log_text(&event.source.origin, LOG_NAME_MAX);
    let detail = log_text(&event.detail, LOG_DETAIL_MAX);
    let hash = chain_hash(
        &previous,
        id,
        at,
        kind,
        actor.as_deref(),
        subject.as_deref(),
        &origin,
        &detail,
    );
    connection.execute(
        "INSERT INTO security_events (id, at, kind, actor, subject, origin, detail, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, at, kind, actor, subject, origin, detail, hash],
    )?;
    Ok(())
}

/// One row of the security log as stored, for the chain.
struct ChainRow {
    id: i64,
    at: i64,
    kind: String,
    actor: Option<String>,
    subject: Option<String>,
    origin: String,
    detail: String,
    hash: String,
}

fn chain_rows(connection: &Connection) -> Result<Vec<ChainRow>, StoreError> {
    let mut statement = connection.prepare(
        "SELECT id, at, kind, actor, subject, origin, detail, hash FROM security_events ORDER BY id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ChainRow {
            id: row.get(0)?,
            at: row.get(1)?,
            kind: row.get(2)?,
            actor: row.get(3)?,
            subject: row.get(4)?,
            origin: row.get(5)?,
            detail: row.get(6)?,
            hash: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl ChainRow {
    fn expected_hash(&self, previous: &str) -> String {
        chain_hash(
            previous,
            self.id,
            self.at,
            &self.kind,
            self.actor.as_deref(),
            self.subject.as_deref(),
            &self.origin,
            &self.detail,
        )
    }
}

/// Migration 0004: hashes the entries written before the chain existed,
/// then forbids updates again.
pub(super) fn chain_existing_entries(connection: &Connection) -> Result<(), StoreError> {
    let mut previous = String::new();
    for row in chain_rows(connection)? {
        let hash = row.expected_hash(&previous);
        connection.execute(
            "UPDATE security_events SET hash = ?1 WHERE id = ?2",
            params![hash, row.id],
        )?;
        previous = hash;
    }
    connection.execute_batch(
        "CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events
         BEGIN
             SELECT RAISE(ABORT, 'the security log is append-only');
         END;",
    )?;
    Ok(())
}

/// What `hdnd audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every entry matches its hash.
    Intact {
        entries: u64,
        /// The last entry's id and hash: noted elsewhere, they also reveal
        /// entries removed from the end.
        head: Option<(i64, String)>,
    },
    /// The first entry whose hash does not match: it, or an entry before
    /// it, was changed or removed.
    Broken { id: i64, at: i64, kind: String },
}

fn event(
    kind: SecurityEventKind,
    source: &EventSource,
    subject: &str,
    detail: String,
) -> NewSecurityEvent {
    NewSecurityEvent {
        kind,
        source: source.clone(),
        subject: Some(subject.to_owned()),
        detail,
    }
}

/// Active administrators other than `username`.
fn other_active_admins(transaction: &Transaction<'_>, username: &str) -> Result<i64, StoreError> {
    Ok(transaction.query_row(
        "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND username <> ?1",
        [username],
        |row| row.get(0),
    )?)
}

fn end_sessions(transaction: &Transaction<'_>, user_id: i64) -> Result<usize, StoreError> {
    Ok(transaction.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?)
}

impl Store {
    /// The user with this name and their password hash.
    pub fn find_login(&self, username: &str) -> Result<Option<LoginRecord>, StoreError> {
        let connection = self.connection()?;
        Ok(
            find_user(&connection, "username", &username)?.map(|row| LoginRecord {
                user: row.record(),
                password_hash: PasswordHash::from_stored(row.password_hash),
            }),
        )
    }

    pub fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        let connection = self.connection()?;
        Ok(find_user(&connection, "id", &id)?.map(|row| row.record()))
    }

    pub fn record_login(&self, user_id: i64, event: &NewSecurityEvent) -> Result<(), StoreError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute(
            "UPDATE users SET last_login_at = ?1 WHERE id = ?2",
            params![now_ms(), user_id],
        )?;
        insert_event(&transaction, event)?;
        transaction.commit()?;
        Ok(())
    }

    pub fn log_security_event(&self, event: &NewSecurityEvent) -> Result<(), StoreError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_event(&transaction, event)?;
        transaction.commit()?;
        Ok(())
    }

    /// Walks the security log's hash chain from the first entry.
    pub fn verify_security_log(&self) -> Result<ChainCheck, StoreError> {
        let connection = self.connection()?;
        let mut previous = String::new();
        let mut entries = 0;
        let mut head = None;
        for row in chain_rows(&connection)? {
            if row.expected_hash(&previous) != row.hash {
                return Ok(ChainCheck::Broken {
                    id: row.id,
                    at: row.at,
                    kind: row.kind,
                });
            }
            entries += 1;
            previous = row.hash.clone();
            head = Some((row.id, row.hash));
        }
        Ok(ChainCheck::Intact { entries, head })
    }

    /// The last entry of the security log (its id and hash), for the log.
    pub fn security_log_head(&self) -> Result<(i64, String), StoreError> {
        chain_head(&*self.connection()?)
    }

    pub fn security_events(
        &self,
        query: &SecurityEventQuery,
    ) -> Result<SecurityEventPage, StoreError> {
        let connection = self.connection()?;
        let limit = query.limit();
        let mut statement = connection.prepare(
            "SELECT id, at, kind, actor, subject, origin, detail FROM security_events
             WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = statement.query_map(
            params![query.before.unwrap_or(i64::MAX), i64::from(limit) + 1],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                ))
            },
        )?;
        let mut events = Vec::new();
        for row in rows {
            let (id, at, kind, actor, subject, origin, detail) = row?;
            let kind = SecurityEventKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("security event kind {kind:?}")))?;
            events.push(SecurityEvent {
                id,
                at,
                kind,
                actor,
                subject,
                origin,
                detail,
            });
        }
        let next_before = if events.len() > limit as usize {
            events.truncate(limit as usize);
            events.last().map(|event| event.id)
        } else {
            None
        };
        Ok(SecurityEventPage {
            events,
            next_before,
        })
    }

    pub fn list_users(&self) -> Result<Vec<UserAccount>, StoreError> {
        let connection = self.connection()?;
        let mut statement = connection.prepare(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY username"
        ))?;
        let rows = statement.query_map([], user_row)?;
        rows.map(|row| Ok(to_user(row?)?.account)).collect()
    }

    pub fn create_user(
        &self,
        user: &ValidNewUser,
        password_hash: &PasswordHash,
        source: &EventSource,
    ) -> Result<UserAccount, StoreError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let username = user.username.as_str();
        if find_user(&transaction, "username", &username)?.is_some() {
            return Err(StoreError::UserExists(username.to_owned()));
        }
        let now = now_ms();
        transaction.execute(
            "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![
                username,
                user.display_name,
                user.role.as_str(),
                password_hash.as_stored(),
                now
            ],
        )?;
        insert_event(
            &transaction,
            &event(
                SecurityEventKind::UserCreated,
                source,
                username,
                format!("role {}", user.role),
            ),
        )?;
        let created = existing_user(&transaction, username)?;
        transaction.commit()?;
        Ok(created.account)
    }

    pub fn set_role(
        &self,
        username: &str,
        role: Role,
        source: &EventSource,
    ) -> Result<UserAccount, StoreError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = existing_user(&transaction, username)?;
        if before.account.role == role {
            return Ok(before.account);
        }
        if before.account.role == Role::Admin
            && !before.account.disabled
            && other_active_admins(&transaction, username)? == 0
        {
            return Err(StoreError::LastAdministrator);
        }
        transaction.execute(
            "UPDATE users SET role = ?1, updated_at = ?2 WHERE id = ?3",
            params![role.as_str(), now_ms(), before.id],
        )?;
        insert_event(
            &transaction,
            &event(
                SecurityEventKind::RoleChanged,
                source,
                username,
                format!("{} → {}", before.account.role, role),
            ),
        )?;
        let after = existing_user(&transaction, username)?;
        transaction.commit()?;
        Ok(after.account)
    }

    /// Replaces the password and ends every session of the user.
    pub fn set_password(
        &self,
        username: &str,
        password_hash: &PasswordHash,
        source: &EventSource,
    ) -> Result<(), StoreError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let user = existing_user(&transaction, username)?;
        transaction.execute(
            "UPDATE users SET password_hash = ?1, updated_at = ?2 WHERE id = ?3",
            params![password_hash.as_stored(), now_ms(), user.id],
        )?;
        let ended = end_sessions(&transaction, user.id)?;
        let by_self = source.actor.as_deref() == Some(username);
        let detail = match (by_self, ended) {
            (true, _) => "by the user".to_owned(),
            (false, 0) => String::new(),
            (false, ended) => format!("{ended} session(s) ended"),
        };
        insert_event(
            &transaction,
            &event(SecurityEventKind::PasswordChanged, source, username, detail),
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// Disables (ending every session) or re-enables an account.
    pub fn set_disabled(
        &self,
        username: &str,
        disabled: bool,
        source: &EventSource,
    ) -> Result<UserAccount, StoreError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = existing_user(&transaction, username)?;
        if before.account.disabled == disabled {
            return Ok(before.account);
        }
        if disabled
            && before.account.role == Role::Admin
            && other_active_admins(&transaction, username)? == 0
        {
            return Err(StoreError::LastAdministrator);
        }
        transaction.execute(
            "UPDATE users SET disabled = ?1, updated_at = ?2 WHERE id = ?3",
            params![disabled, now_ms(), before.id],
        )?;
        let kind = if disabled {
            end_sessions(&transaction, before.id)?;
            SecurityEventKind::UserDisabled
        } else {
            SecurityEventKind::UserEnabled
        };
        insert_event(&transaction, &event(kind, source, username, String::new()))?;
        let after = existing_user(&transaction, username)?;
        transaction.commit()?;
        Ok(after.account)
    }

    /// First start: creates `admin` with this password hash when there are no
    /// accounts at all. Idempotent.
    pub fn bootstrap_admin(
        &self,
        password_hash: &PasswordHash,
        detail: &str,
    ) -> Result<BootstrapOutcome, StoreError> {
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let users: i64 =
            transaction.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?;
        if users > 0 {
            return Ok(BootstrapOutcome::AlreadySetUp);
        }
        let now = now_ms();
        transaction.execute(
            "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
             VALUES ('admin', 'Quản trị hệ thống', 'admin', ?1, ?2, ?2)",
            params![password_hash.as_stored(), now],
        )?;
        insert_event(
            &transaction,
            &NewSecurityEvent {
                kind: SecurityEventKind::UserCreated,
                source: EventSource {
                    actor: None,
                    origin: "first start".to_owned(),
                },
                subject: Some("admin".to_owned()),
                detail: detail.to_owned(),
            },
        )?;
        transaction.commit()?;
        Ok(BootstrapOutcome::Created)
    }

    /// Whether any account exists.
    pub fn has_users(&self) -> Result<bool, StoreError> {
        let connection = self.connection()?;
        let users: i64 =
            connection.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?;
        Ok(users > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::auth::model::Username;
    use app::auth::server::hash_password;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &app::kinds::REGISTRY).unwrap();
        (dir, store)
    }

    fn cli() -> EventSource {
        EventSource {
            actor: None,
            origin: "command line".to_owned(),
        }
    }

    fn add(store: &Store, name: &str, role: Role) -> UserAccount {
        let user = ValidNewUser {
            username: Username::parse(name).unwrap(),
            display_name: format!("Người dùng {name}"),
            role,
        };
        let hash = PasswordHash::from_stored("$argon2id$test".to_owned());
        store.create_user(&user, &hash, &cli()).unwrap()
    }

    #[test]
    fn bootstrap_creates_admin_once() {
        let (_dir, store) = store();
        assert!(!store.has_users().unwrap());
        let hash = hash_password("mật khẩu ban đầu").unwrap();
        assert_eq!(
            store.bootstrap_admin(&hash, "generated").unwrap(),
            BootstrapOutcome::Created
        );
        assert_eq!(
            store.bootstrap_admin(&hash, "generated").unwrap(),
            BootstrapOutcome::AlreadySetUp
        );
        let admin = store.find_login("admin").unwrap().unwrap();
        assert_eq!(admin.user.identity.role, Role::Admin);
        assert!(app::auth::server::verify_password(
            "mật khẩu ban đầu",
            &admin.password_hash
        ));
    }

    #[test]
    fn duplicate_names_are_refused() {
        let (_dir, store) = store();
        add(&store, "anh", Role::Staff);
        let again = ValidNewUser {
            username: Username::parse("ANH").unwrap(),
            display_name: "Khác".to_owned(),
            role: Role::Viewer,
        };
        let hash = PasswordHash::from_stored("x".to_owned());
        assert!(matches!(
            store.create_user(&again, &hash, &cli()),
            Err(StoreError::UserExists(name)) if name == "anh"
        ));
    }

    #[test]
    fn the_last_active_administrator_cannot_be_demoted_or_disabled() {
        let (_dir, store) = store();
        add(&store, "quantri", Role::Admin);
        assert!(matches!(
            store.set_role("quantri", Role::Staff, &cli()),
            Err(StoreError::LastAdministrator)
        ));
        assert!(matches!(
            store.set_disabled("quantri", true, &cli()),
            Err(StoreError::LastAdministrator)
        ));
        add(&store, "quantri2", Role::Admin);
        let demoted = store.set_role("quantri", Role::Staff, &cli()).unwrap();
        assert_eq!(demoted.role, Role::Staff);
        assert!(matches!(
            store.set_disabled("quantri2", true, &cli()),
            Err(StoreError::LastAdministrator)
        ));
    }

    #[test]
    fn changes_are_logged_newest_first_and_the_log_is_append_only() {
        let (_dir, store) = store();
        add(&store, "anh", Role::Staff);
        store.set_role("anh", Role::Viewer, &cli()).unwrap();
        store.set_disabled("anh", true, &cli()).unwrap();
        let page = store
            .security_events(&SecurityEventQuery {
                before: None,
                limit: Some(2),
            })
            .unwrap();
        let kinds: Vec<_> = page.events.iter().map(|event| event.kind).collect();
        assert_eq!(
            kinds,
            [
                SecurityEventKind::UserDisabled,
                SecurityEventKind::RoleChanged
            ]
        );
        assert_eq!(page.events[1].detail, "staff → viewer");
        assert_eq!(page.events[1].origin, "command line");
        let rest = store
            .security_events(&SecurityEventQuery {
                before: page.next_before,
                limit: Some(2),
            })
            .unwrap();
        assert_eq!(rest.events.len(), 1);
        assert_eq!(rest.events[0].kind, SecurityEventKind::UserCreated);
        assert_eq!(rest.next_before, None);

        let connection = store.connection().unwrap();
        assert!(
            connection
                .execute("DELETE FROM security_events", [])
                .is_err()
        );
        assert!(
            connection
                .execute("UPDATE security_events SET actor = 'x'", [])
                .is_err()
        );
    }

    #[test]
    fn log_text_escapes_what_could_hide_or_reorder_text_and_is_short() {
        assert_eq!(log_text("lan.tran", 64), "lan.tran");
        assert_eq!(log_text("Trần Thị Lan", 64), "Trần Thị Lan");
        assert_eq!(
            log_text("\u{202e}nimda\n\u{0}x", 64),
            "\\u{202e}nimda\\u{000a}\\u{0000}x"
        );
        assert_eq!(log_text("a\\u{202e}", 64), "a\\\\u{202e}");
        let long = log_text(&"đ".repeat(1_000), 64);
        assert_eq!(long.chars().count(), 65);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn every_entry_extends_the_chain() {
        let (_dir, store) = store();
        assert_eq!(
            store.verify_security_log().unwrap(),
            ChainCheck::Intact {
                entries: 0,
                head: None
            }
        );
        add(&store, "anh", Role::Staff);
        store.set_role("anh", Role::Viewer, &cli()).unwrap();
        let (id, hash) = store.security_log_head().unwrap();
        assert_eq!(id, 2);
        assert_eq!(hash.len(), 64);
        assert_eq!(
            store.verify_security_log().unwrap(),
            ChainCheck::Intact {
                entries: 2,
                head: Some((2, hash))
            }
        );
    }

    #[test]
    fn unknown_users_are_reported_by_name() {
        let (_dir, store) = store();
        assert!(matches!(
            store.set_role("ai", Role::Staff, &cli()),
            Err(StoreError::UserNotFound(name)) if name == "ai"
        ));
        assert!(store.find_login("ai").unwrap().is_none());
    }
}
