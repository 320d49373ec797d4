//! The SQLite store: opens the database file under the data directory with the
//! settings the design requires, applies migrations, and answers the queries the
//! server needs. No other module writes SQL.

mod accounts;
mod db;
mod history;
mod notices;
mod records;
mod sessions;

pub use accounts::{BootstrapOutcome, ChainCheck, log_text};
pub(crate) use db::now_ms;
pub use db::{DATABASE_FILE, InstanceFacts, Store, StoreError};

use db::{configure, private_files};
pub use notices::MAX_KEPT_NOTICES;
pub use records::{MAX_CLIENTS_PER_USER, MAX_PULL_BYTES, MAX_RECORD_BYTES, WriterLimits};

use std::path::Path;
use std::sync::Mutex;

use app::records::spec::Registry;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// Migrations are append-only: never edit one that has shipped, add a new file.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../migrations/0001_server_meta.sql")),
        M::up(include_str!("../migrations/0002_accounts.sql")),
        M::up(include_str!("../migrations/0003_records.sql")),
        M::up_with_hook(include_str!("../migrations/0004_hardening.sql"), harden),
        M::up(include_str!("../migrations/0005_write_path.sql")),
        M::up(include_str!("../migrations/0006_field_authors.sql")),
        M::up(include_str!("../migrations/0007_notices.sql")),
        M::up(include_str!("../migrations/0008_history.sql")),
    ])
}

/// The part of migration 0004 SQL cannot do: hash the security log's
/// entries into a chain, and turn the stored sync answers into digests.
fn harden(transaction: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let hook_error = |error: StoreError| rusqlite_migration::HookError::Hook(error.to_string());
    accounts::chain_existing_entries(transaction).map_err(hook_error)?;
    records::keep_answers_as_digests(transaction).map_err(hook_error)?;
    Ok(())
}

impl Store {
    /// Creates the data directory if needed, opens (or creates) the database
    /// and brings its schema up to date.
    pub fn open(data_dir: &Path, registry: &'static Registry) -> Result<Self, StoreError> {
        Self::open_with(data_dir, registry, WriterLimits::default())
    }

    /// `open`, with the writer's limits on one push (tests shrink them).
    pub fn open_with(
        data_dir: &Path,
        registry: &'static Registry,
        limits: WriterLimits,
    ) -> Result<Self, StoreError> {
        let path = data_dir.join(DATABASE_FILE);
        private_files(data_dir, &path).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let open_error = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let mut connection = Connection::open(&path).map_err(open_error)?;
        configure(&connection).map_err(open_error)?;
        migrations()
            .to_latest(&mut connection)
            .map_err(|source| StoreError::Migrate {
                path: path.clone(),
                source,
            })?;
        let writer_connection = Connection::open(&path).map_err(open_error)?;
        configure(&writer_connection).map_err(open_error)?;
        let writer =
            records::start_writer(writer_connection, registry, limits, data_dir.to_path_buf())
                .map_err(StoreError::Writer)?;
        Ok(Self {
            path,
            registry,
            connection: Mutex::new(connection),
            writer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma(store: &Store, name: &str) -> String {
        let connection = store.connection().unwrap();
        connection
            .query_row(&format!("PRAGMA {name}"), [], |row| {
                row.get::<_, rusqlite::types::Value>(0)
            })
            .map(|value| match value {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .unwrap()
    }

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn open_creates_the_database_with_durable_settings() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("nested").join("data");
        let store = Store::open(&data_dir, &app::kinds::REGISTRY).unwrap();
        assert!(data_dir.join(DATABASE_FILE).is_file());
        assert_eq!(pragma(&store, "journal_mode"), "wal");
        // synchronous: 2 = FULL
        assert_eq!(pragma(&store, "synchronous"), "2");
        assert_eq!(pragma(&store, "foreign_keys"), "1");
        assert_eq!(
            pragma(&store, "busy_timeout"),
            db::BUSY_TIMEOUT_MS.to_string()
        );
        store.check().unwrap();
    }

    #[test]
    fn the_data_directory_and_database_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let store = Store::open(&data_dir, &app::kinds::REGISTRY).unwrap();
        store.check().unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data_dir), 0o700);
        let database = data_dir.join(DATABASE_FILE);
        assert_eq!(mode(&database), 0o600);
        let wal = data_dir.join(format!("{DATABASE_FILE}-wal"));
        assert_eq!(mode(&wal), 0o600);
        drop(store);
        // A database made readable by everyone is tightened when opened.
        std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
        Store::open(&data_dir, &app::kinds::REGISTRY).unwrap();
        assert_eq!(mode(&database), 0o600);
    }

    #[test]
    fn reopening_keeps_the_instance_id() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(dir.path(), &app::kinds::REGISTRY)
            .unwrap()
            .instance_facts()
            .unwrap();
        let second = Store::open(dir.path(), &app::kinds::REGISTRY)
            .unwrap()
            .instance_facts()
            .unwrap();
        assert_eq!(first, second);
        assert_eq!(first.instance_id.len(), 32);
        assert_eq!(first.schema_version, 8);
        let other = tempfile::tempdir().unwrap();
        let third = Store::open(other.path(), &app::kinds::REGISTRY)
            .unwrap()
            .instance_facts()
            .unwrap();
        assert_ne!(first.instance_id, third.instance_id);
    }

    #[test]
    fn migration_4_chains_the_old_log_and_keeps_old_answers_as_digests() {
        use app::sync::model::{ClientId, Mutation, RecordId};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let client = ClientId::new();
        let mutation: Mutation = serde_json::from_value(serde_json::json!({
            "client_id": client.to_string(), "seq": 1, "kind": "council_session",
            "record_id": RecordId::new().to_string(), "base_version": 0, "at": 1,
            "op": "put", "changes": [{"field": "place", "old": null, "new": "Hội trường"}]
        }))
        .unwrap();
        {
            let mut connection = Connection::open(&path).unwrap();
            migrations().to_version(&mut connection, 3).unwrap();
            connection
                .execute_batch(&format!(
                    "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
                          VALUES ('lan', 'Lan', 'staff', 'x', 0, 0);
                     INSERT INTO security_events (at, kind, actor, subject, origin, detail)
                          VALUES (1, 'user_created', NULL, 'lan', 'command line', 'role staff'),
                                 (2, 'login_succeeded', 'lan', 'lan', '10.0.0.1', '');
                     INSERT INTO sync_clients (client_id, user_id, last_seq, created_at, last_push_at)
                          VALUES ('{client}', 1, 1, 0, 0);"
                ))
                .unwrap();
            let rejected =
                serde_json::json!({"result": "rejected", "reason": {"reason": "forbidden"}});
            connection
                .execute(
                    "INSERT INTO sync_results (client_id, seq, mutation, result) VALUES (?1, 1, ?2, ?3)",
                    rusqlite::params![
                        client.to_string(),
                        serde_json::to_string(&mutation).unwrap(),
                        rejected.to_string()
                    ],
                )
                .unwrap();
        }
        let store = Store::open(dir.path(), &app::kinds::REGISTRY).unwrap();
        assert_eq!(
            store.verify_security_log().unwrap(),
            ChainCheck::Intact {
                entries: 2,
                head: Some((2, store.security_log_head().unwrap().1)),
            }
        );
        let connection = store.connection().unwrap();
        let (digest, answer): (Vec<u8>, String) = connection
            .query_row("SELECT digest, answer FROM sync_answers", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!(digest, records::digest(&mutation).unwrap());
        assert_eq!(
            answer,
            r#"{"result":"rejected","reason":{"reason":"forbidden"}}"#
        );
        let old_table: i64 = connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sync_results'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(old_table, 0);
        // The log refuses updates again.
        assert!(
            connection
                .execute("UPDATE security_events SET detail = 'x'", [])
                .is_err()
        );
    }

    #[test]
    fn migration_5_moves_field_audit_into_the_change_log_and_indexes_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let id = "01a223c3-8892-71c9-99cc-5fd2042062de";
        {
            let mut connection = Connection::open(&path).unwrap();
            migrations().to_version(&mut connection, 4).unwrap();
            connection
                .execute_batch(&format!(
                    "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
                          VALUES ('lan', 'Lan', 'staff', 'x', 0, 0), ('hoa', 'Hoa', 'staff', 'x', 0, 0);
                     BEGIN;
                     INSERT INTO change_log (record_id, kind, version, operation, user_id, at,
                                             client_id, client_seq, client_at, base_version)
                          VALUES ('{id}', 'council_session', 1, 'create', 1, 10, 'c1', 1, 10, 0),
                                 ('{id}', 'council_session', 2, 'update', 2, 20, 'c2', 1, 20, 1);
                     INSERT INTO records (id, kind, version, body, created_by, created_at,
                                          updated_by, updated_at, change_seq)
                          VALUES ('{id}', 'council_session', 2, '{{\"place\":\"B\",\"term\":18}}',
                                  1, 10, 2, 20, 2);
                     INSERT INTO field_audit (change_seq, record_id, field, old, new)
                          VALUES (1, '{id}', 'place', 'null', '\"A\"'),
                                 (1, '{id}', 'term', 'null', '18'),
                                 (2, '{id}', 'place', '\"A\"', '\"B\"');
                     COMMIT;"
                ))
                .unwrap();
        }
        let store = Store::open(dir.path(), &app::kinds::REGISTRY).unwrap();
        let connection = store.connection().unwrap();
        let changes: Vec<String> = connection
            .prepare("SELECT changes FROM change_log ORDER BY seq")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let parsed: Vec<serde_json::Value> = changes
            .iter()
            .map(|text| serde_json::from_str(text).unwrap())
            .collect();
        assert_eq!(
            parsed,
            [
                serde_json::json!([["place", null, "A"], ["term", null, 18]]),
                serde_json::json!([["place", "A", "B"]]),
            ]
        );
        let tables: i64 = connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'field_audit'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
        // The record's changes are found through the new index.
        let plan: String = connection
            .query_row(
                "EXPLAIN QUERY PLAN SELECT seq FROM change_log WHERE record_id = 'x'",
                [],
                |row| row.get(3),
            )
            .unwrap();
        assert!(plan.contains("change_log_by_record"), "{plan}");
        // The log stays append-only.
        assert!(
            connection
                .execute("UPDATE change_log SET changes = '[]'", [])
                .is_err()
        );
    }

    #[test]
    fn migration_6_keeps_who_last_set_each_field_with_the_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let id = "01a223c3-8892-71c9-99cc-5fd2042062de";
        let untouched = "01a223c3-8892-71c9-99cc-5fd2042062df";
        {
            let mut connection = Connection::open(&path).unwrap();
            migrations().to_version(&mut connection, 5).unwrap();
            connection
                .execute_batch(&format!(
                    "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
                          VALUES ('lan', 'Lan', 'staff', 'x', 0, 0), ('hoa', 'Hoa', 'staff', 'x', 0, 0);
                     BEGIN;
                     INSERT INTO change_log (record_id, kind, version, operation, user_id, at,
                                             client_id, client_seq, client_at, base_version, changes)
                          VALUES ('{id}', 'council_session', 1, 'create', 1, 10, 'c1', 1, 10, 0,
                                  '[[\"place\",null,\"A\"],[\"term\",null,18]]'),
                                 ('{id}', 'council_session', 2, 'update', 2, 20, 'c2', 1, 20, 1,
                                  '[[\"place\",\"A\",\"B\"]]'),
                                 ('{id}', 'council_session', 3, 'delete', 1, 30, 'c1', 2, 30, 2, '[]');
                     INSERT INTO records (id, kind, version, body, created_by, created_at,
                                          updated_by, updated_at, change_seq)
                          VALUES ('{id}', 'council_session', 3, '{{\"place\":\"B\",\"term\":18}}',
                                  1, 10, 1, 30, 3),
                                 ('{untouched}', 'council_session', 1, '{{}}', 1, 5, 1, 5, 4);
                     COMMIT;"
                ))
                .unwrap();
        }
        let store = Store::open(dir.path(), &app::kinds::REGISTRY).unwrap();
        let connection = store.connection().unwrap();
        let authors = |record: &str| -> serde_json::Value {
            let text: String = connection
                .query_row(
                    "SELECT authors FROM records WHERE id = ?1",
                    [record],
                    |row| row.get(0),
                )
                .unwrap();
            serde_json::from_str(&text).unwrap()
        };
        // Each field's newest change: the place Hoa's, the term Lan's; a
        // delete sets no field.
        assert_eq!(
            authors(id),
            serde_json::json!({"place": [2, 20], "term": [1, 10]})
        );
        assert_eq!(authors(untouched), serde_json::json!({}));
    }

    #[test]
    fn a_file_in_place_of_the_data_dir_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, b"not a directory").unwrap();
        let error = Store::open(&blocker, &app::kinds::REGISTRY).unwrap_err();
        assert!(matches!(error, StoreError::DataDir { .. }), "{error}");
        assert!(error.to_string().contains("data"), "{error}");
    }
}
