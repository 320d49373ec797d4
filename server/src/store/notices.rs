//! Notices for the person whose value lost a conflict. A mutation that
//! `settles` a conflict (the user chose their own value on the conflicts
//! page) tells whoever it overrules: the user who set each value it
//! replaces, the last one to change a record it deletes, the one who
//! deleted a record it restores. The writer adds them inside the push's
//! transaction; the user reads them (cut to what their role may read now)
//! and removes them once seen.

use app::auth::model::Role;
use app::records::spec::Registry;
use app::sync::merge::{Effect, Merged};
use app::sync::model::{Notice, NoticeList, Overruled, RecordId, RecordKind, Stamp};
use rusqlite::{Connection, params};
use serde_json::Value;

use super::db::{Store, StoreError};

/// The most notices kept for one user; past it the oldest leave.
pub const MAX_KEPT_NOTICES: usize = 500;

/// About how much the values of one answer's notices may weigh (their JSON
/// text); past it the rest waits for the next request (`more`). A value
/// may be as large as a record allows, so a count alone bounds nothing.
pub const MAX_NOTICE_BYTES: usize = 1024 * 1024;

/// Adds the notices a settling mutation owes, before the record's row is
/// updated (its `authors` and `updated_by` still say who wrote what).
pub(super) fn tell_overruled(
    connection: &Connection,
    kind: RecordKind,
    id: RecordId,
    merged: &Merged,
    writer: i64,
    now: i64,
) -> Result<(), StoreError> {
    let (authors, last_changed_by): (String, i64) = connection
        .prepare_cached("SELECT authors, updated_by FROM records WHERE id = ?1")?
        .query_row([id.to_string()], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let authors: serde_json::Map<String, Value> =
        serde_json::from_str(&authors).map_err(|error| StoreError::Corrupt(error.to_string()))?;
    let mut owed: Vec<(i64, Overruled)> = Vec::new();
    match merged.effect {
        Effect::Updated => {
            for change in &merged.applied {
                if change.old.is_null() {
                    continue;
                }
                let author = authors
                    .get(&change.field)
                    .and_then(|entry| entry.get(0))
                    .and_then(Value::as_i64);
                if let Some(author) = author
                    && author != writer
                {
                    owed.push((
                        author,
                        Overruled::Replaced {
                            field: change.field.clone(),
                            yours: change.old.clone(),
                            now: change.new.clone(),
                        },
                    ));
                }
            }
        }
        Effect::Deleted if last_changed_by != writer => {
            owed.push((last_changed_by, Overruled::Deleted));
        }
        Effect::Restored if last_changed_by != writer => {
            owed.push((last_changed_by, Overruled::Restored));
        }
        _ => {}
    }
    let mut insert = connection.prepare_cached(
        "INSERT INTO notices (user_id, record_id, kind, what, field, yours, now, by_user, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut told = std::collections::BTreeSet::new();
    for (user, overruled) in owed {
        let (what, field, yours, chosen) = match &overruled {
            Overruled::Replaced { field, yours, now } => (
                "replaced",
                Some(field.as_str()),
                Some(yours.to_string()),
                Some(now.to_string()),
            ),
            Overruled::Deleted => ("deleted", None, None, None),
            Overruled::Restored => ("restored", None, None, None),
        };
        insert.execute(params![
            user,
            id.to_string(),
            kind.as_str(),
            what,
            field,
            yours,
            chosen,
            writer,
            now
        ])?;
        told.insert(user);
    }
    for user in told {
        connection
            .prepare_cached(
                "DELETE FROM notices WHERE user_id = ?1 AND id <= (
                     SELECT id FROM notices WHERE user_id = ?1
                      ORDER BY id DESC LIMIT 1 OFFSET ?2)",
            )?
            .execute(params![user, MAX_KEPT_NOTICES as i64])?;
    }
    Ok(())
}

impl Store {
    /// The notices `user` has not said were seen, the oldest first, at most
    /// `limit`: only of kinds `role` may read now, and without the values of
    /// personal fields it may not see.
    pub fn notices(&self, user: i64, role: Role, limit: u32) -> Result<NoticeList, StoreError> {
        let registry: &Registry = self.registry;
        let kinds = registry.readable_by(role);
        let kinds_json =
            serde_json::to_string(&kinds.iter().map(|kind| kind.as_str()).collect::<Vec<_>>())
                .map_err(|error| StoreError::Corrupt(error.to_string()))?;
        let connection = self.connection()?;
        let mut statement = connection.prepare_cached(
            "SELECT n.id, n.kind, n.record_id, n.what, n.field, n.yours, n.now,
                    u.username, u.display_name, n.at
               FROM notices n JOIN users u ON u.id = n.by_user
              WHERE n.user_id = ?1 AND n.kind IN (SELECT value FROM json_each(?2))
              ORDER BY n.id LIMIT ?3",
        )?;
        let rows = statement.query_map(params![user, kinds_json, limit as i64 + 1], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, Option<String>>(6)?,
                Stamp {
                    username: row.get(7)?,
                    display_name: row.get(8)?,
                    at: row.get(9)?,
                },
            ))
        })?;
        let mut notices = Vec::new();
        let mut more = false;
        let mut weight = 0;
        for row in rows {
            let (id, kind, record_id, what, field, yours, chosen, by) = row?;
            if notices.len() == limit as usize || weight > MAX_NOTICE_BYTES {
                more = true;
                break;
            }
            weight +=
                yours.as_ref().map_or(0, String::len) + chosen.as_ref().map_or(0, String::len);
            let corrupt = |what: &str| StoreError::Corrupt(format!("notice {id}: {what}"));
            let kind = RecordKind::parse(&kind).ok_or_else(|| corrupt("unknown kind"))?;
            let record_id = RecordId::parse(&record_id).map_err(|error| corrupt(&error))?;
            let json = |text: Option<String>| -> Result<Value, StoreError> {
                text.map_or(Ok(Value::Null), |text| {
                    serde_json::from_str(&text).map_err(|error| corrupt(&error.to_string()))
                })
            };
            let overruled = match what.as_str() {
                "replaced" => {
                    let field = field.ok_or_else(|| corrupt("no field"))?;
                    let hidden = registry.get(kind).is_some_and(|spec| {
                        !spec.shows_personal_data(role)
                            && spec.field(&field).is_some_and(|field| field.personal)
                    });
                    let (yours, now) = if hidden {
                        (Value::Null, Value::Null)
                    } else {
                        (json(yours)?, json(chosen)?)
                    };
                    Overruled::Replaced { field, yours, now }
                }
                "deleted" => Overruled::Deleted,
                "restored" => Overruled::Restored,
                _ => return Err(corrupt("unknown notice")),
            };
            notices.push(Notice {
                id,
                kind,
                record_id,
                overruled,
                by,
            });
        }
        Ok(NoticeList { notices, more })
    }

    /// Removes the notices `user` saw (ids of other users' notices are
    /// ignored); returns how many went.
    pub fn dismiss_notices(&self, user: i64, ids: &[i64]) -> Result<u64, StoreError> {
        let ids_json =
            serde_json::to_string(ids).map_err(|error| StoreError::Corrupt(error.to_string()))?;
        let connection = self.connection()?;
        let removed = connection
            .prepare_cached(
                "DELETE FROM notices
                  WHERE user_id = ?1 AND id IN (SELECT value FROM json_each(?2))",
            )?
            .execute(params![user, ids_json])?;
        Ok(removed as u64)
    }
}
