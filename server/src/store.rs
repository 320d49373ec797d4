//! The SQLite store: opens the database file under the data directory with the
//! settings the design requires, applies migrations, and answers the queries the
//! server needs. No other module writes SQL.

mod accounts;
mod records;
mod sessions;

pub use accounts::BootstrapOutcome;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{M, Migrations};

/// File name of the database inside `--data-dir`.
pub const DATABASE_FILE: &str = "hdnd.sqlite3";

/// How long a connection waits for a lock before giving up (milliseconds).
const BUSY_TIMEOUT_MS: u32 = 5_000;

/// Migrations are append-only: never edit one that has shipped, add a new file.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../migrations/0001_server_meta.sql")),
        M::up(include_str!("../migrations/0002_accounts.sql")),
        M::up(include_str!("../migrations/0003_records.sql")),
    ])
}

/// Everything that can go wrong in the store, by kind. Messages are one line
/// and name the file, so the command line can print them as they are.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot migrate database {path}: {source}")]
    Migrate {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database is missing the server fact {0:?}")]
    MissingFact(&'static str),
    #[error("a database task panicked earlier; restart the server")]
    Poisoned,
    #[error("user {0:?} already exists")]
    UserExists(String),
    #[error("no user {0:?}")]
    UserNotFound(String),
    #[error("at least one active administrator must remain")]
    LastAdministrator,
    #[error("cannot start the database writer: {0}")]
    Writer(std::io::Error),
    #[error("the database writer stopped; restart the server")]
    WriterGone,
    #[error("commit failed: {0}")]
    CommitFailed(String),
    #[error("this client belongs to another user")]
    ForeignClient,
    #[error("sequence gap: expected mutation {expected}")]
    SequenceGap { expected: u64 },
    #[error("mutation {seq} was answered before with different content")]
    SequenceReused { seq: u64 },
    #[error("the database holds a value this server does not understand: {0}")]
    Corrupt(String),
}

/// Facts about this installation that clients may know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceFacts {
    pub instance_id: String,
    pub schema_version: i64,
}

/// The database. Calls are blocking: async code runs them on tokio's blocking
/// pool. One connection, behind a mutex, serves reads and account changes;
/// pushes go to the writer thread, which owns a second connection and
/// commits waiting pushes together (see `records`).
pub struct Store {
    path: PathBuf,
    connection: Mutex<Connection>,
    writer: std::sync::mpsc::Sender<records::PushJob>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates the data directory if needed, opens (or creates) the database
    /// and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(DATABASE_FILE);
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
        let writer = records::start_writer(writer_connection).map_err(StoreError::Writer)?;
        Ok(Self {
            path,
            connection: Mutex::new(connection),
            writer,
        })
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connection(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.connection.lock().map_err(|_| StoreError::Poisoned)
    }

    /// A cheap query that proves the database answers (for /healthz).
    pub fn check(&self) -> Result<(), StoreError> {
        let connection = self.connection()?;
        connection.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    /// The installation id and the schema version.
    pub fn instance_facts(&self) -> Result<InstanceFacts, StoreError> {
        let connection = self.connection()?;
        let instance_id: Option<String> = connection
            .query_row(
                "SELECT value FROM server_meta WHERE key = 'instance_id'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        let schema_version: i64 =
            connection.query_row("SELECT user_version FROM pragma_user_version", [], |row| {
                row.get(0)
            })?;
        Ok(InstanceFacts {
            instance_id: instance_id.ok_or(StoreError::MissingFact("instance_id"))?,
            schema_version,
        })
    }
}

/// Unix milliseconds now.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}

/// Durability and integrity settings, applied to every connection.
fn configure(connection: &Connection) -> rusqlite::Result<()> {
    // WAL lets readers proceed during a write; FULL syncs the WAL on every
    // commit, so an acknowledged change survives a power cut.
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "SQLite refused WAL mode; continuing in {mode} mode");
    }
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.pragma_update(None, "busy_timeout", BUSY_TIMEOUT_MS)?;
    Ok(())
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
        let store = Store::open(&data_dir).unwrap();
        assert!(data_dir.join(DATABASE_FILE).is_file());
        assert_eq!(pragma(&store, "journal_mode"), "wal");
        // synchronous: 2 = FULL
        assert_eq!(pragma(&store, "synchronous"), "2");
        assert_eq!(pragma(&store, "foreign_keys"), "1");
        assert_eq!(pragma(&store, "busy_timeout"), BUSY_TIMEOUT_MS.to_string());
        store.check().unwrap();
    }

    #[test]
    fn reopening_keeps_the_instance_id() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(dir.path()).unwrap().instance_facts().unwrap();
        let second = Store::open(dir.path()).unwrap().instance_facts().unwrap();
        assert_eq!(first, second);
        assert_eq!(first.instance_id.len(), 32);
        assert_eq!(first.schema_version, 3);
        let other = tempfile::tempdir().unwrap();
        let third = Store::open(other.path()).unwrap().instance_facts().unwrap();
        assert_ne!(first.instance_id, third.instance_id);
    }

    #[test]
    fn a_file_in_place_of_the_data_dir_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, b"not a directory").unwrap();
        let error = Store::open(&blocker).unwrap_err();
        assert!(matches!(error, StoreError::DataDir { .. }), "{error}");
        assert!(error.to_string().contains("data"), "{error}");
    }
}
