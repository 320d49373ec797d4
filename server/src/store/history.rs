//! Reading the change log back: one record's changes, and every change
//! filtered by person, kind and time, newest first, a page at a time. The
//! entries leave here as the log holds them; what a role may see of them is
//! cut by `app::records::history::HistoryEntry::for_role` before they are
//! sent.

use app::records::history::{ChangeOperation, ChangedBy, HistoryChange, HistoryEntry, LogFilter};
use app::sync::model::{RecordId, RecordKind};
use rusqlite::{Row, params};
use serde_json::Value;

use super::db::{Store, StoreError};

/// The columns an entry is read from, over `change_log c JOIN users u`.
const ENTRY_COLUMNS: &str = "c.seq, c.kind, c.record_id, c.version, c.operation, \
     u.username, u.display_name, c.at, c.client_at, c.settles, c.changes";

fn read_entry(row: &Row<'_>) -> rusqlite::Result<Result<HistoryEntry, String>> {
    let kind: String = row.get(1)?;
    let record_id: String = row.get(2)?;
    let operation: String = row.get(4)?;
    let changes: String = row.get(10)?;
    let build = || -> Result<HistoryEntry, String> {
        let triples: Vec<(String, Value, Value)> =
            serde_json::from_str(&changes).map_err(|error| format!("changes: {error}"))?;
        Ok(HistoryEntry {
            seq: row
                .get::<_, i64>(0)
                .map_err(|error| error.to_string())?
                .try_into()
                .map_err(|_| "a negative seq".to_owned())?,
            kind: RecordKind::parse(&kind).ok_or_else(|| format!("kind {kind:?}"))?,
            record_id: RecordId::parse(&record_id).map_err(|_| format!("id {record_id:?}"))?,
            version: row
                .get::<_, i64>(3)
                .map_err(|error| error.to_string())?
                .try_into()
                .map_err(|_| "a negative version".to_owned())?,
            operation: ChangeOperation::parse(&operation)
                .ok_or_else(|| format!("operation {operation:?}"))?,
            by: ChangedBy {
                username: row.get(5).map_err(|error| error.to_string())?,
                display_name: row.get(6).map_err(|error| error.to_string())?,
            },
            at: row.get(7).map_err(|error| error.to_string())?,
            made_at: row.get(8).map_err(|error| error.to_string())?,
            settles: row.get(9).map_err(|error| error.to_string())?,
            changes: triples
                .into_iter()
                .map(|(field, old, new)| HistoryChange {
                    field,
                    old,
                    new,
                    withheld: false,
                })
                .collect(),
        })
    };
    Ok(build())
}

impl Store {
    /// The changes of record `id`, newest first: at most `limit`, older
    /// than `before` when given.
    pub fn history(
        &self,
        id: RecordId,
        before: Option<u64>,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let connection = self.connection()?;
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM change_log c JOIN users u ON u.id = c.user_id
              WHERE c.record_id = ?1 AND c.seq < ?2
              ORDER BY c.seq DESC LIMIT ?3"
        );
        let mut statement = connection.prepare_cached(&sql)?;
        let before = before.map_or(i64::MAX, |seq| i64::try_from(seq).unwrap_or(i64::MAX));
        let rows = statement.query_map(params![id.to_string(), before, limit], read_entry)?;
        let mut entries = Vec::new();
        for row in rows {
            entries.push(row?.map_err(StoreError::Corrupt)?);
        }
        Ok(entries)
    }

    /// Every change `filter` lets through, newest first, at most `limit`.
    pub fn change_log(
        &self,
        filter: &LogFilter,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let connection = self.connection()?;
        let kinds = match &filter.kinds {
            Some(kinds) => Some(super::records::to_json(
                &kinds.iter().map(RecordKind::as_str).collect::<Vec<_>>(),
            )?),
            None => None,
        };
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM change_log c JOIN users u ON u.id = c.user_id
              WHERE c.seq < ?1
                AND (?2 IS NULL OR u.username = ?2)
                AND (?3 IS NULL OR c.kind = ?3)
                AND c.at >= ?4 AND c.at < ?5
                AND (?6 IS NULL OR c.kind IN (SELECT value FROM json_each(?6)))
              ORDER BY c.seq DESC LIMIT ?7"
        );
        let mut statement = connection.prepare_cached(&sql)?;
        let before = filter
            .before
            .map_or(i64::MAX, |seq| i64::try_from(seq).unwrap_or(i64::MAX));
        let rows = statement.query_map(
            params![
                before,
                filter.username,
                filter.kind.map(|kind| kind.as_str().to_owned()),
                filter.from,
                filter.to,
                kinds,
                limit
            ],
            read_entry,
        )?;
        let mut entries = Vec::new();
        for row in rows {
            entries.push(row?.map_err(StoreError::Corrupt)?);
        }
        Ok(entries)
    }
}
