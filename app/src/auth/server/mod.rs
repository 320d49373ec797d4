//! The server side of accounts: session state, resolving the caller of a
//! request, authorization, sign-in with throttling, sign-out and password
//! changes. Server functions call into here; the server binary resolves the
//! caller once per request and provides it as [`Caller`].

mod log_limit;
pub mod password;
mod throttle;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

pub use log_limit::LogLimiter;
pub use password::{PasswordHash, decoy_hash, generate_password, hash_password, verify_password};
pub use throttle::{LoginThrottle, Refusal, ThrottlePolicy};

use super::model::{Access, Identity, LoginRequest, PasswordChange, SecurityEventKind};
use crate::backend::{Backend, EventSource, NewSecurityEvent, UserRecord, blocking};
use crate::error::AppError;

/// Everything the server provides to server functions through context.
#[derive(Clone)]
pub struct ServerContext {
    pub backend: Arc<dyn Backend>,
    pub auth: Arc<AuthServices>,
}

/// The server context of the current call; missing context is a server bug.
pub fn server_context() -> Result<ServerContext, AppError> {
    leptos::prelude::use_context::<ServerContext>()
        .ok_or_else(|| AppError::internal(&"no ServerContext in server-function context"))
}

/// The backend of the current call.
pub fn backend() -> Result<Arc<dyn Backend>, AppError> {
    server_context().map(|context| context.backend)
}

/// The key of the sign-in state inside the session data. The server's
/// session store also reads `user_id` from it, to end a user's sessions.
pub const SESSION_AUTH_KEY: &str = "auth";

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ends after this long without a signed-in request.
    pub idle: Duration,
    /// Ends this long after sign-in, however active.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(10 * 60 * 60),
        }
    }
}

/// Shared by every request: the session policy, the password-guess
/// throttle, the limit on concurrent password hashing (each hash takes
/// 19 MiB) and the limiter of repeated security-log entries.
#[derive(Debug)]
pub struct AuthServices {
    pub sessions: SessionPolicy,
    throttle: Mutex<LoginThrottle>,
    hashing: tokio::sync::Semaphore,
    log_limiter: Mutex<LogLimiter>,
}

/// Hashes running at once; more wait (an attack cannot exhaust memory).
const CONCURRENT_HASHES: usize = 4;

impl AuthServices {
    pub fn new(sessions: SessionPolicy, throttle: ThrottlePolicy) -> Self {
        Self {
            sessions,
            throttle: Mutex::new(LoginThrottle::new(throttle)),
            hashing: tokio::sync::Semaphore::new(CONCURRENT_HASHES),
            // Repeats are summed up over the same window guesses are counted.
            log_limiter: Mutex::new(LogLimiter::new(throttle.window)),
        }
    }

    fn throttle(&self) -> std::sync::MutexGuard<'_, LoginThrottle> {
        // The throttle holds only counters; a panic elsewhere cannot leave it
        // inconsistent, so a poisoned lock is used as it is.
        self.throttle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn log_limiter(&self) -> std::sync::MutexGuard<'_, LogLimiter> {
        // Counters only, as above.
        self.log_limiter
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The summaries of repeated refusals whose window is over (`all`: every
    /// open one, at shutdown), to be written to the security log.
    pub fn due_log_summaries(&self, all: bool) -> Vec<NewSecurityEvent> {
        let mut limiter = self.log_limiter();
        if all {
            limiter.drain()
        } else {
            limiter.due(Instant::now())
        }
    }

    /// Runs a password hash or check with a hashing permit.
    pub async fn hash<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce() -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|error| AppError::internal(&error))?;
        blocking(work).await
    }
}

/// The sign-in state stored in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAuth {
    pub user_id: i64,
    /// Unix seconds of sign-in (for the absolute timeout).
    pub signed_in_at: i64,
    /// Unix seconds of the last signed-in request (for the idle timeout).
    pub seen_at: i64,
}

/// The signed-in user of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i64,
    pub identity: Identity,
}

/// Who is calling: provided by the server for every server-function call.
#[derive(Clone)]
pub struct Caller {
    /// `None` when nobody is signed in (or the endpoint is public and the
    /// session was not consulted).
    pub user: Option<CurrentUser>,
    /// The client's address, for the security log and the throttle.
    pub address: String,
    pub session: Option<Session>,
}

impl Caller {
    /// Who acts and from where, for the security log.
    pub fn event_source(&self) -> EventSource {
        EventSource {
            actor: self
                .user
                .as_ref()
                .map(|user| user.identity.username.clone()),
            origin: self.address.clone(),
        }
    }
}

fn unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default()
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::internal(&error)
}

/// Reads the session: the signed-in user, or `None` when there is none, it
/// ran out (idle or absolute), or the account was disabled or removed.
/// An ended session is deleted on the server at once. Activity is noted at
/// most every minute, which also renews the store's expiry.
pub async fn resolve_user(
    session: &Session,
    policy: SessionPolicy,
    backend: Arc<dyn Backend>,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(state) = session
        .get::<SessionAuth>(SESSION_AUTH_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let now = unix_seconds();
    let idle = policy.idle.as_secs() as i64;
    let absolute = policy.absolute.as_secs() as i64;
    // Whole seconds on both sides: "more than" so that a session never
    // ends before its time (it may last up to a second longer).
    if now - state.signed_in_at > absolute || now - state.seen_at > idle {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    }
    let user = blocking(move || backend.user_by_id(state.user_id)).await?;
    let Some(UserRecord {
        id,
        identity,
        disabled: false,
    }) = user
    else {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    };
    let touch_every = (idle / 4).min(60);
    if now - state.seen_at >= touch_every {
        let touched = SessionAuth {
            seen_at: now,
            ..state
        };
        session
            .insert(SESSION_AUTH_KEY, touched)
            .await
            .map_err(session_error)?;
    }
    Ok(Some(CurrentUser { id, identity }))
}

/// The first line of every server function: the caller, if `access` lets
/// them through; `Unauthenticated` when nobody is signed in, `Forbidden` when
/// the role may not. Without a caller in context (a server bug) nobody is let
/// through.
pub fn authorize(access: Access) -> Result<Caller, AppError> {
    let caller = leptos::prelude::use_context::<Caller>()
        .ok_or_else(|| AppError::internal(&"no Caller in server-function context"))?;
    let role = caller.user.as_ref().map(|user| user.identity.role);
    if access.allows(role) {
        Ok(caller)
    } else if role.is_none() {
        Err(AppError::Unauthenticated)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Like [`authorize`] for endpoints that need a signed-in user.
pub fn authorize_user(access: Access) -> Result<(Caller, CurrentUser), AppError> {
    let caller = authorize(access)?;
    let user = caller.user.clone().ok_or(AppError::Unauthenticated)?;
    Ok((caller, user))
}

/// The one answer to every failed sign-in: it never tells whether the user
/// exists, is disabled, or typed the wrong password.
fn bad_credentials() -> AppError {
    AppError::InvalidCredentials {
        message: "wrong username or password".to_owned(),
    }
}

async fn log(context: &ServerContext, event: NewSecurityEvent) -> Result<(), AppError> {
    let backend = context.backend.clone();
    blocking(move || backend.log_security_event(event)).await
}

/// Writes a refusal to the security log, once per kind and source in a
/// window (repeats are counted and summed up when the window is over), so
/// refused requests cannot flood the log. The source is the signed-in user,
/// else the address. A failure to write is logged, never sent: the refusal
/// stands either way.
pub async fn log_refusal(context: &ServerContext, event: NewSecurityEvent) {
    let source = event
        .source
        .actor
        .clone()
        .unwrap_or_else(|| event.source.origin.clone());
    log_limited(context, &source, event).await;
}

async fn log_limited(context: &ServerContext, source: &str, event: NewSecurityEvent) {
    let entries = context
        .auth
        .log_limiter()
        .admit(source, event, Instant::now());
    for entry in entries {
        if let Err(error) = log(context, entry).await {
            tracing::error!(%error, "could not write to the security log");
        }
    }
}

/// A password guess let in, counted as being checked until it is found
/// right or wrong; one never finished (the request went away) counts as
/// wrong.
struct Guess {
    auth: std::sync::Arc<AuthServices>,
    account: String,
    address: String,
    settled: bool,
}

impl Guess {
    fn right(mut self) {
        self.settled = true;
        self.auth
            .throttle()
            .record_right(&self.account, &self.address);
    }

    fn wrong(mut self) {
        self.settled = true;
        self.auth
            .throttle()
            .record_wrong(&self.account, &self.address, Instant::now());
    }
}

impl Drop for Guess {
    fn drop(&mut self) {
        if !self.settled {
            self.auth
                .throttle()
                .record_wrong(&self.account, &self.address, Instant::now());
        }
    }
}

/// How long a guess kept out only by checks in progress waits for them
/// before it is told to retry.
const WAIT_FOR_CHECKS: std::time::Duration = std::time::Duration::from_secs(5);

/// Lets a password guess for `account` from the caller's address in — after
/// a short wait when only guesses still being checked stand in the way (a
/// burst of right passwords all get through) — or refuses it with a 429
/// that says the real wait, and a (rate-limited) log entry of `throttled`.
async fn admit_guess(
    context: &ServerContext,
    account: &str,
    caller: &Caller,
    throttled: SecurityEventKind,
) -> Result<Guess, AppError> {
    let started = Instant::now();
    let refusal = loop {
        match context
            .auth
            .throttle()
            .admit(account, &caller.address, Instant::now())
        {
            Ok(()) => {
                return Ok(Guess {
                    auth: context.auth.clone(),
                    account: account.to_owned(),
                    address: caller.address.clone(),
                    settled: false,
                });
            }
            Err(refusal) if refusal.checks_pending && started.elapsed() < WAIT_FOR_CHECKS => {}
            Err(refusal) => break refusal,
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    };
    let retry_after_seconds = refusal.wait.as_secs().max(1);
    let source = if refusal.by_address {
        caller.address.clone()
    } else {
        account.to_owned()
    };
    log_limited(
        context,
        &source,
        NewSecurityEvent {
            kind: throttled,
            source: caller.event_source(),
            subject: Some(account.to_owned()),
            detail: format!("retry after {retry_after_seconds} s"),
        },
    )
    .await;
    Err(AppError::TooManyRequests {
        retry_after_seconds,
    })
}

/// Signs in: throttle, check the password, start a fresh session.
pub async fn login(caller: &Caller, request: LoginRequest) -> Result<Identity, AppError> {
    request.validate()?;
    let context = server_context()?;
    let session = caller
        .session
        .clone()
        .ok_or_else(|| AppError::internal(&"no session layer on /api"))?;
    let account = request.username.trim().to_lowercase();
    let source = EventSource {
        actor: None,
        origin: caller.address.clone(),
    };

    // Counted now, before the hash: simultaneous guesses cannot get past
    // the limit while the first ones are still being checked.
    let guess = admit_guess(
        &context,
        &account,
        caller,
        SecurityEventKind::LoginThrottled,
    )
    .await?;

    let backend = context.backend.clone();
    let lookup = account.clone();
    let found = blocking(move || backend.find_login(&lookup)).await?;
    let password = request.password;
    let (found, matches) = context
        .auth
        .hash(move || {
            let hash = found
                .as_ref()
                .map(|record| &record.password_hash)
                .unwrap_or_else(|| decoy_hash());
            let matches = verify_password(&password, hash);
            Ok((found, matches))
        })
        .await?;

    let failure = match &found {
        None => Some("unknown user"),
        Some(_) if !matches => Some("wrong password"),
        Some(record) if record.user.disabled => Some("account disabled"),
        Some(_) => None,
    };
    let Some(record) = found.filter(|_| failure.is_none()) else {
        guess.wrong();
        log(
            &context,
            NewSecurityEvent {
                kind: SecurityEventKind::LoginFailed,
                source,
                subject: Some(account),
                detail: failure.unwrap_or_default().to_owned(),
            },
        )
        .await?;
        return Err(bad_credentials());
    };

    guess.right();
    // A new session id at every sign-in (no session fixation): the old
    // session, if any, is deleted on the server.
    if session.id().is_some() {
        // cycle_id deletes the old record and draws a new id; clear drops
        // whatever the old session held.
        session.cycle_id().await.map_err(session_error)?;
        session.clear().await;
    }
    let now = unix_seconds();
    session
        .insert(
            SESSION_AUTH_KEY,
            SessionAuth {
                user_id: record.user.id,
                signed_in_at: now,
                seen_at: now,
            },
        )
        .await
        .map_err(session_error)?;
    let backend = context.backend.clone();
    let user_id = record.user.id;
    let event = NewSecurityEvent {
        kind: SecurityEventKind::LoginSucceeded,
        source: EventSource {
            actor: Some(record.user.identity.username.clone()),
            origin: caller.address.clone(),
        },
        subject: Some(record.user.identity.username.clone()),
        detail: String::new(),
    };
    blocking(move || backend.record_login(user_id, event)).await?;
    Ok(record.user.identity)
}

/// Signs out: the session is deleted on the server and the cookie removed.
/// Signing out without a session is not an error (it may have expired).
pub async fn logout(caller: &Caller) -> Result<(), AppError> {
    let Some(session) = caller.session.clone() else {
        return Ok(());
    };
    let context = server_context()?;
    let state = session
        .get::<SessionAuth>(SESSION_AUTH_KEY)
        .await
        .map_err(session_error)?;
    if let Some(state) = state {
        let backend = context.backend.clone();
        let user = blocking(move || backend.user_by_id(state.user_id)).await?;
        if let Some(user) = user {
            let username = user.identity.username;
            log(
                &context,
                NewSecurityEvent {
                    kind: SecurityEventKind::Logout,
                    source: EventSource {
                        actor: Some(username.clone()),
                        origin: caller.address.clone(),
                    },
                    subject: Some(username),
                    detail: String::new(),
                },
            )
            .await?;
        }
    }
    if session.id().is_some() {
        session.flush().await.map_err(session_error)?;
    }
    Ok(())
}

/// A user changes their own password; their other sessions end, this one
/// continues under a new id.
pub async fn change_password(
    caller: &Caller,
    user: &CurrentUser,
    request: PasswordChange,
) -> Result<(), AppError> {
    request.validate(&user.identity.username)?;
    let context = server_context()?;
    // The current password is a password guess like a sign-in: the same
    // limits, counted together with sign-ins to the same account.
    let account = user.identity.username.clone();
    let guess = admit_guess(
        &context,
        &account,
        caller,
        SecurityEventKind::PasswordCheckThrottled,
    )
    .await?;
    let backend = context.backend.clone();
    let username = user.identity.username.clone();
    let found = blocking(move || backend.find_login(&username)).await?;
    let Some(found) = found else {
        return Err(AppError::Unauthenticated);
    };
    let current = request.current_password;
    let new = request.new_password;
    let new_hash = context
        .auth
        .hash(move || {
            if verify_password(&current, &found.password_hash) {
                hash_password(&new).map(Some)
            } else {
                Ok(None)
            }
        })
        .await?;
    let Some(new_hash) = new_hash else {
        guess.wrong();
        log(
            &context,
            NewSecurityEvent {
                kind: SecurityEventKind::PasswordCheckFailed,
                source: caller.event_source(),
                subject: Some(account),
                detail: "wrong password".to_owned(),
            },
        )
        .await?;
        return Err(AppError::invalid(
            "current_password",
            "password_wrong",
            "the current password is not correct",
        ));
    };
    guess.right();
    let backend = context.backend.clone();
    let username = user.identity.username.clone();
    let source = caller.event_source();
    blocking(move || backend.set_password(&username, &new_hash, &source)).await?;
    // set_password ended every session of the user, this one included;
    // start a fresh one so the user stays signed in here.
    if let Some(session) = &caller.session {
        let now = unix_seconds();
        session
            .insert(
                SESSION_AUTH_KEY,
                SessionAuth {
                    user_id: user.id,
                    signed_in_at: now,
                    seen_at: now,
                },
            )
            .await
            .map_err(session_error)?;
        session.cycle_id().await.map_err(session_error)?;
    }
    Ok(())
}
