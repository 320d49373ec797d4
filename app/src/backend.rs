//! What server functions need from the server binary, as a trait: the server
//! crate implements it over its SQLite store and provides it to every call
//! through Leptos context. Server functions stay free of SQL, and another
//! store (PostgreSQL) can implement the same trait.

use crate::auth::model::{
    Identity, Role, SecurityEventKind, SecurityEventPage, SecurityEventQuery, UserAccount,
    ValidNewUser,
};
use crate::auth::server::password::PasswordHash;
use crate::error::AppError;
use crate::records::history::{ChangeLogQuery, HistoryPage, HistoryRequest};
use crate::sync::model::{Mutation, NoticeList, PullResponse, PushResponse};
use crate::system::model::ServerFacts;

/// A user as the server knows them when checking a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub identity: Identity,
    pub disabled: bool,
}

/// What sign-in needs: the user and their password hash.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub user: UserRecord,
    pub password_hash: PasswordHash,
}

/// Who caused a change and from where, for the security log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSource {
    /// The signed-in user's name; `None` for the command line or nobody.
    pub actor: Option<String>,
    /// The client address, or `"command line"`.
    pub origin: String,
}

/// A security-log entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSecurityEvent {
    pub kind: SecurityEventKind,
    pub source: EventSource,
    pub subject: Option<String>,
    pub detail: String,
}

/// Who is pushing: the store checks the client id against the user and
/// each mutation's kind against the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pusher {
    pub user_id: i64,
    pub role: Role,
}

/// A push as the store answered it: the response, and how many of its
/// answers were cut down to what the caller's role may read now (retried
/// answers of a user whose role changed; the push logs them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub response: PushResponse,
    pub cut_down: usize,
    /// How many of the answered mutations were applied now, for the first
    /// time (the last ones answered; the others were retries).
    pub fresh: usize,
}

/// The server's side of the server functions. Methods block (SQLite is
/// synchronous): call them through [`blocking`]. Changes to accounts write
/// their security-log entry in the same transaction.
pub trait Backend: Send + Sync + 'static {
    /// Build, instance id and schema version.
    fn server_facts(&self) -> Result<ServerFacts, AppError>;

    /// The user with this (lower-case) name, with their password hash.
    fn find_login(&self, username: &str) -> Result<Option<LoginRecord>, AppError>;
    /// The user a session belongs to.
    fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, AppError>;
    /// Notes a successful sign-in (last-login time and the log entry).
    fn record_login(&self, user_id: i64, event: NewSecurityEvent) -> Result<(), AppError>;
    /// Writes one security-log entry.
    fn log_security_event(&self, event: NewSecurityEvent) -> Result<(), AppError>;
    /// Newest first, paged.
    fn security_events(&self, query: &SecurityEventQuery) -> Result<SecurityEventPage, AppError>;

    /// Every account, by user name.
    fn list_users(&self) -> Result<Vec<UserAccount>, AppError>;
    /// `Conflict` if the name is taken.
    fn create_user(
        &self,
        user: &ValidNewUser,
        password_hash: &PasswordHash,
        source: &EventSource,
    ) -> Result<UserAccount, AppError>;
    /// `Conflict` if it would leave no active administrator.
    fn set_role(
        &self,
        username: &str,
        role: Role,
        source: &EventSource,
    ) -> Result<UserAccount, AppError>;
    /// Replaces the hash and ends the user's sessions.
    fn set_password(
        &self,
        username: &str,
        password_hash: &PasswordHash,
        source: &EventSource,
    ) -> Result<(), AppError>;
    /// Disabling ends the user's sessions; `Conflict` for the last active
    /// administrator.
    fn set_disabled(
        &self,
        username: &str,
        disabled: bool,
        source: &EventSource,
    ) -> Result<UserAccount, AppError>;

    /// Applies a push (checked by `sync::api::check_push`) in one
    /// transaction and answers after commit, every answer cut to what the
    /// caller's role may read at that moment. `Forbidden` if the client id
    /// belongs to another user; `SequenceGap` if mutations are missing;
    /// `BadRequest` for a field the kind does not declare.
    fn push(&self, pusher: &Pusher, mutations: Vec<Mutation>) -> Result<Pushed, AppError>;
    /// The records `role` may read changed after the cursor `since`, oldest
    /// change first, at most `limit`, without the personal fields the role
    /// may not see (the store's registry says which).
    fn pull(&self, role: Role, since: u64, limit: u32) -> Result<PullResponse, AppError>;
    /// The notices `user_id` has not said were seen (someone settled a
    /// conflict over their value), oldest first, at most `limit`, cut to
    /// what `role` may read now.
    fn notices(&self, user_id: i64, role: Role, limit: u32) -> Result<NoticeList, AppError>;
    /// Removes the user's notices with these ids; how many went.
    fn dismiss_notices(&self, user_id: i64, ids: &[i64]) -> Result<u64, AppError>;
    /// One record's changes, newest first, cut to what `role` may read
    /// (`HistoryEntry::for_role`). `Forbidden` when the role does not read
    /// the kind, `NotFound` when the kind has no such record.
    fn history(&self, role: Role, request: &HistoryRequest) -> Result<HistoryPage, AppError>;
    /// Every record change the query lets through, newest first: with
    /// their values for a role that reads records (only of the kinds it
    /// reads, personal fields cut), without any for the administrator.
    fn change_log(&self, role: Role, query: &ChangeLogQuery) -> Result<HistoryPage, AppError>;
}

/// Runs blocking store work on tokio's blocking pool.
pub async fn blocking<T, F>(work: F) -> Result<T, AppError>
where
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|join_error| AppError::internal(&join_error))?
}
