//! Session records for tower-sessions (see `crate::sessions`), one row per
//! session; expired rows are never returned and are swept periodically.

use rusqlite::{ErrorCode, OptionalExtension, params};

use super::db::{Store, StoreError};

impl Store {
    /// Inserts a new session; `false` if the id is taken (the caller picks
    /// another).
    pub fn session_create(
        &self,
        id: &str,
        user_id: Option<i64>,
        data: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let connection = self.connection()?;
        let inserted = connection.execute(
            "INSERT INTO sessions (id, user_id, data, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, user_id, data, expires_at],
        );
        match inserted {
            Ok(_) => Ok(true),
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == ErrorCode::ConstraintViolation =>
            {
                // Either the id is taken or the user is gone; a taken id is
                // the only case worth retrying with a new id.
                let taken: bool = connection.query_row(
                    "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = ?1)",
                    [id],
                    |row| row.get(0),
                )?;
                if taken {
                    Ok(false)
                } else {
                    Err(StoreError::UserNotFound(format!("id {user_id:?}")))
                }
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Updates an existing session. A session that was deleted meanwhile (a
    /// password reset or a disabled account ended it) stays deleted: new
    /// sessions only ever come from `session_create`.
    pub fn session_save(
        &self,
        id: &str,
        user_id: Option<i64>,
        data: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let connection = self.connection()?;
        connection
            .prepare_cached(
                "UPDATE sessions SET user_id = ?2, data = ?3, expires_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, user_id, data, expires_at])?;
        Ok(())
    }

    /// The session's data and expiry, if it exists and has not expired.
    pub fn session_load(&self, id: &str, now: i64) -> Result<Option<(String, i64)>, StoreError> {
        // Every signed-in request reads its session: parsed once.
        let connection = self.connection()?;
        Ok(connection
            .prepare_cached(
                "SELECT data, expires_at FROM sessions WHERE id = ?1 AND expires_at > ?2",
            )?
            .query_row(params![id, now], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    pub fn session_delete(&self, id: &str) -> Result<(), StoreError> {
        let connection = self.connection()?;
        connection.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Removes expired sessions; returns how many.
    pub fn sessions_delete_expired(&self, now: i64) -> Result<usize, StoreError> {
        let connection = self.connection()?;
        Ok(connection.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?)
    }
}
