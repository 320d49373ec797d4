//! Server-side sessions: tower-sessions over the SQLite store. The cookie
//! holds only a random id; the data lives in the `sessions` table, so
//! signing out, disabling an account or changing a password ends sessions on
//! the server, not just in the browser.

use std::sync::Arc;

use async_trait::async_trait;
use tower_sessions::cookie::SameSite;
use tower_sessions::service::PlaintextCookie;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};

use app::auth::server::{SESSION_AUTH_KEY, SessionPolicy};

use crate::store::{Store, StoreError};

/// The session store over the SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteSessionStore {
    store: Arc<Store>,
}

impl SqliteSessionStore {
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
    }

    async fn run<T, F>(&self, work: F) -> session_store::Result<T>
    where
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || work(&store))
            .await
            .map_err(|error| session_store::Error::Backend(error.to_string()))?
            .map_err(|error| session_store::Error::Backend(error.to_string()))
    }
}

/// The columns of a record: its user (copied out of the sign-in state) and
/// its data as JSON.
fn columns(record: &Record) -> session_store::Result<(Option<i64>, String)> {
    let user_id = record
        .data
        .get(SESSION_AUTH_KEY)
        .and_then(|auth| auth.get("user_id"))
        .and_then(serde_json::Value::as_i64);
    let data = serde_json::to_string(&record.data)
        .map_err(|error| session_store::Error::Encode(error.to_string()))?;
    Ok((user_id, data))
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The expiry as whole seconds, rounded up: the table keeps seconds, and
/// truncating would end a session up to a second before its idle time.
fn expiry_seconds(expiry: time::OffsetDateTime) -> i64 {
    let seconds = expiry.unix_timestamp();
    if expiry.nanosecond() > 0 {
        seconds.saturating_add(1)
    } else {
        seconds
    }
}

#[async_trait]
impl SessionStore for SqliteSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let (user_id, data) = columns(record)?;
        let expires_at = expiry_seconds(record.expiry_date);
        // Ids are 128 random bits; a collision is astronomically unlikely,
        // but a taken id must never be shared, so draw again.
        for _ in 0..8 {
            let id = record.id.to_string();
            let (user, data) = (user_id, data.clone());
            if self
                .run(move |store| store.session_create(&id, user, &data, expires_at))
                .await?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
        Err(session_store::Error::Backend(
            "could not draw a free session id".to_owned(),
        ))
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (user_id, data) = columns(record)?;
        let id = record.id.to_string();
        let expires_at = expiry_seconds(record.expiry_date);
        self.run(move |store| store.session_save(&id, user_id, &data, expires_at))
            .await
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let id_text = session_id.to_string();
        let Some((data, expires_at)) = self
            .run(move |store| store.session_load(&id_text, unix_now()))
            .await?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&data)
            .map_err(|error| session_store::Error::Decode(error.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(expires_at)
            .map_err(|error| session_store::Error::Decode(error.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let id = session_id.to_string();
        self.run(move |store| store.session_delete(&id)).await
    }
}

#[async_trait]
impl ExpiredDeletion for SqliteSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let removed = self
            .run(|store| store.sessions_delete_expired(unix_now()))
            .await?;
        if removed > 0 {
            tracing::debug!(removed, "expired sessions removed");
        }
        Ok(())
    }
}

/// The cookie name; with `Secure`, the `__Host-` prefix also pins it to this
/// host and path.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-hdnd_session"
    } else {
        "hdnd_session"
    }
}

/// The session layer: HttpOnly, SameSite=Strict, Secure when served over
/// https, expiring after the idle time (renewed by activity; the absolute
/// limit is checked in `app::auth::server::resolve_user`).
pub fn layer(
    store: Arc<Store>,
    policy: SessionPolicy,
    secure: bool,
) -> SessionManagerLayer<SqliteSessionStore, PlaintextCookie> {
    let idle = time::Duration::try_from(policy.idle).unwrap_or(time::Duration::MINUTE * 30);
    SessionManagerLayer::new(SqliteSessionStore::new(store))
        .with_name(cookie_name(secure))
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

#[cfg(test)]
mod tests {
    use super::expiry_seconds;

    #[test]
    fn an_expiry_inside_a_second_is_kept_to_the_end_of_that_second() {
        let whole = time::OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        assert_eq!(expiry_seconds(whole), 1_700_000_000);
        let later = whole + time::Duration::milliseconds(1);
        assert_eq!(expiry_seconds(later), 1_700_000_001);
        let almost = whole + time::Duration::milliseconds(999);
        assert_eq!(expiry_seconds(almost), 1_700_000_001);
    }
}
