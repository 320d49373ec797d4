//! The database file and its connection: what every part of the store
//! shares (the store, its errors, the writer's queue, the clock). The
//! parts — accounts, records, notices, history, sessions — build on this;
//! `store` opens it and applies the migrations.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, mpsc};

use app::backend::{Pushed, Pusher};
use app::records::spec::Registry;
use app::sync::model::Mutation;
use rusqlite::{Connection, OptionalExtension};

/// File name of the database inside `--data-dir`.
pub const DATABASE_FILE: &str = "hdnd.sqlite3";

/// How long a connection waits for a lock before giving up (milliseconds).
pub(super) const BUSY_TIMEOUT_MS: u32 = 5_000;

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
    #[error("the account was disabled")]
    AccountDisabled,
    #[error("{0} is not a kind of record this server keeps")]
    UnknownKind(String),
    #[error("{0}")]
    UnknownField(String),
    #[error("sequence gap: expected mutation {expected}")]
    SequenceGap { expected: u64 },
    #[error("mutation {seq} was answered before with different content")]
    SequenceReused { seq: u64 },
    #[error("mutation {seq} was answered before, and a later push confirmed the answer arrived")]
    AnswerGone { seq: u64 },
    #[error("this user already syncs from the most browsers allowed")]
    TooManyClients,
    #[error("the data directory's disk is nearly full; writes are refused")]
    DiskFull,
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
    pub(super) path: PathBuf,
    /// The kinds of record: their rules, access and personal fields.
    pub(super) registry: &'static Registry,
    pub(super) connection: Mutex<Connection>,
    pub(super) writer: mpsc::Sender<PushJob>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A push waiting for the writer.
pub(super) struct PushJob {
    pub(super) pusher: Pusher,
    pub(super) mutations: Vec<Mutation>,
    pub(super) reply: mpsc::SyncSender<Result<Pushed, StoreError>>,
}

impl Store {
    /// The kinds this store was opened with.
    pub fn registry(&self) -> &'static Registry {
        self.registry
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn connection(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
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

/// The space left for unprivileged writers on the disk holding `path`, if
/// it can be read.
pub(crate) fn free_disk_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is a valid NUL-terminated string and `stats` a buffer
    // of the size statvfs writes; it is read only when the call succeeded.
    let stats = unsafe {
        if libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) != 0 {
            return None;
        }
        stats.assume_init()
    };
    Some((stats.f_bavail as u64).saturating_mul(stats.f_frsize as u64))
}

/// The data directory and the database hold the office's records and
/// password hashes: they are created readable by the server's user only
/// (0700, 0600), and a database file left readable by others is tightened.
/// SQLite gives its -wal and -shm files the database file's mode.
pub(super) fn private_files(data_dir: &Path, database: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(data_dir)?;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(database)
    {
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(error) => return Err(error),
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut file = database.as_os_str().to_owned();
        file.push(suffix);
        let file = PathBuf::from(file);
        let Ok(metadata) = std::fs::metadata(&file) else {
            continue;
        };
        if metadata.permissions().mode() & 0o077 != 0 {
            if let Err(error) =
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
            {
                tracing::warn!(file = %file.display(), %error, "cannot make the database private");
            } else {
                tracing::info!(file = %file.display(), "made the database readable by this user only");
            }
        }
    }
    Ok(())
}

/// Unix milliseconds now.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}

/// Durability and integrity settings, applied to every connection.
pub(super) fn configure(connection: &Connection) -> rusqlite::Result<()> {
    // WAL lets readers proceed during a write; FULL syncs the WAL on every
    // commit, so an acknowledged change survives a power cut.
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "SQLite refused WAL mode; continuing in {mode} mode");
    }
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.pragma_update(None, "busy_timeout", BUSY_TIMEOUT_MS)?;
    // Statements on the request path are prepared once and kept
    // (`prepare_cached`); rusqlite keeps 16 by default, fewer than the
    // accounts, sessions, pulls and the write path use between them.
    connection.set_prepared_statement_cache_capacity(64);
    Ok(())
}
