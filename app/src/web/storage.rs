//! The browser replica on disk: one IndexedDB database per user with the
//! records (pulled pages as chunks, other records as entries of their own:
//! see `layout`), the outbox, the problems and the meta entry (client id,
//! next sequence number, cursor, generation). Every change is one read-write
//! transaction with strict durability that first reads the meta entry: if
//! another tab wrote since this tab loaded (the generation moved), the state
//! is read again inside the same transaction before the change is planned,
//! so two tabs can never hand out the same sequence number. Every browser
//! failure becomes a `StorageError`; nothing here panics.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use wasm_bindgen::JsCast;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::records::spec::Registry;
use crate::sync::client::{ClientState, EditError, LocalRecord, Meta, Problem, WriteSet};
use crate::sync::layout::{DiskPlan, Layout, Placement};
use crate::sync::model::{ClientId, Mutation, RecordId};

/// 1: records, outbox, problems, meta. 2: chunks. 3: histories.
const VERSION: u32 = 3;
const RECORDS: &str = "records";
/// Pulled pages, one entry each (a JSON array of records), keyed by the
/// generation of the write that made them.
const CHUNKS: &str = "chunks";
const OUTBOX: &str = "outbox";
const PROBLEMS: &str = "problems";
const META: &str = "meta";
const META_KEY: &str = "meta";
/// Records' histories as last read from the server, one entry per record
/// id (a JSON text the caller makes), so they can be read offline. Not
/// part of the replica's state: read one at a time, never at load.
const HISTORIES: &str = "histories";
const STORES: [&str; 5] = [RECORDS, CHUNKS, OUTBOX, PROBLEMS, META];

/// What can go wrong with the browser's storage, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No IndexedDB here (disabled, or a private window that refuses it).
    #[error("browser storage is unavailable: {0}")]
    Unavailable(String),
    /// Another tab keeps an older version of the database open.
    #[error("browser storage is blocked by another tab")]
    Blocked,
    /// The origin's quota is used up.
    #[error("browser storage is full")]
    QuotaExceeded,
    /// An entry that does not read back (written by a newer app, or damaged).
    #[error("an entry in browser storage is damaged: {0}")]
    Corrupt(String),
    /// The database was changed or deleted by another tab; reload.
    #[error("browser storage was changed by another tab")]
    VersionChange,
    /// Anything else the browser reported.
    #[error("browser storage failed: {0}")]
    Failed(String),
}

/// A change could not be made: the plan refused it, or storage failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The DOMException name of a JS error value, if it is one.
fn exception_name(value: &wasm_bindgen::JsValue) -> Option<String> {
    value
        .dyn_ref::<web_sys::DomException>()
        .map(web_sys::DomException::name)
}

fn classify_name(name: &str, message: String) -> StorageError {
    match name {
        "QuotaExceededError" => StorageError::QuotaExceeded,
        "VersionError" => StorageError::VersionChange,
        "InvalidStateError" | "TransactionInactiveError" => StorageError::VersionChange,
        "SecurityError" | "NotSupportedError" => StorageError::Unavailable(message),
        "DataCloneError" | "DataError" => StorageError::Corrupt(message),
        _ => StorageError::Failed(message),
    }
}

fn classify(error: indexed_db_futures::error::Error) -> StorageError {
    use indexed_db_futures::error::Error;
    match &error {
        Error::DomException(exception) => {
            let value: &wasm_bindgen::JsValue = exception.as_ref();
            let name = exception_name(value).unwrap_or_default();
            classify_name(&name, exception.message())
        }
        Error::Serialisation(problem) => StorageError::Corrupt(problem.to_string()),
        _ => StorageError::Failed(error.to_string()),
    }
}

fn classify_open(error: indexed_db_futures::error::OpenDbError) -> StorageError {
    use indexed_db_futures::error::OpenDbError;
    match error {
        OpenDbError::Base(base) => classify(base),
        other => StorageError::Unavailable(other.to_string()),
    }
}

fn corrupt(what: &str, error: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!("{what}: {error}"))
}

/// The name of a user's replica database.
pub fn database_name(username: &str) -> String {
    format!("hdnd-replica-{username}")
}

/// What `load` found.
#[derive(Debug)]
pub struct Loaded {
    pub state: ClientState,
    /// Record entries (or chunks) that did not read back and were dropped
    /// from memory; the cursor was reset so the next pull fetches them again.
    pub damaged_records: usize,
    layout: Layout,
}

/// One user's replica database, and where its records lie in it (as this
/// tab last read or wrote it).
#[derive(Debug, Clone)]
pub struct ReplicaStore {
    db: Database,
    layout: Rc<RefCell<Layout>>,
    registry: &'static Registry,
}

impl ReplicaStore {
    /// Opens (creating on first use) the user's replica.
    pub async fn open(username: &str, registry: &'static Registry) -> Result<Self, StorageError> {
        let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
        let noticed = blocked.clone();
        let db = Database::open(database_name(username).as_str())
            .with_version(VERSION)
            .with_on_blocked(move |_| {
                noticed.set(true);
                Ok(())
            })
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    for name in [RECORDS, OUTBOX, PROBLEMS, META] {
                        db.create_object_store(name).build()?;
                    }
                }
                if event.old_version() < 2.0 {
                    // Records written before stay entries of their own.
                    db.create_object_store(CHUNKS).build()?;
                }
                if event.old_version() < 3.0 {
                    db.create_object_store(HISTORIES).build()?;
                }
                Ok(())
            })
            .await
            .map_err(|error| {
                if blocked.get() {
                    StorageError::Blocked
                } else {
                    classify_open(error)
                }
            })?;
        // When another tab deletes this replica (its user signed out) or
        // upgrades it, this connection gives way instead of blocking it.
        {
            use indexed_db_futures::internals::SystemRepr;
            let sys = db.as_sys().clone();
            let give_way = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || sys.close());
            db.as_sys()
                .set_onversionchange(Some(wasm_bindgen::JsCast::unchecked_ref(give_way.as_ref())));
            give_way.forget();
        }
        Ok(Self {
            db,
            layout: Rc::default(),
            registry,
        })
    }

    /// Closes the replica and deletes its database from the browser (the
    /// user signed out with nothing left to send). Other tabs' connections
    /// give way (see `open`); the deletion is done when they have.
    pub async fn forget(self) -> Result<(), StorageError> {
        let request = self.db.delete().map_err(classify_open)?;
        request.await.map_err(classify)
    }

    /// Reads the whole replica (a fresh one gets a new client id).
    pub async fn load(&self) -> Result<Loaded, StorageError> {
        let transaction = self
            .db
            .transaction(STORES)
            .with_mode(TransactionMode::Readonly)
            .build()
            .map_err(classify)?;
        let loaded = read_all(&transaction, self.registry).await?;
        drop(transaction);
        *self.layout.borrow_mut() = loaded.layout.clone();
        Ok(loaded)
    }

    /// The history kept for record `id`, as its JSON text.
    pub async fn read_history(&self, id: RecordId) -> Result<Option<String>, StorageError> {
        let transaction = self
            .db
            .transaction(HISTORIES)
            .with_mode(TransactionMode::Readonly)
            .build()
            .map_err(classify)?;
        let store = transaction.object_store(HISTORIES).map_err(classify)?;
        store
            .get(id.to_string())
            .primitive()
            .map_err(classify)?
            .await
            .map_err(classify)
    }

    /// Keeps the history of record `id` (replacing what was kept). Relaxed
    /// durability: a history lost to a crash is read from the server again.
    pub async fn write_history(&self, id: RecordId, text: String) -> Result<(), StorageError> {
        let transaction = self
            .db
            .transaction(HISTORIES)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Relaxed))
            .build()
            .map_err(classify)?;
        transaction
            .object_store(HISTORIES)
            .map_err(classify)?
            .put(text)
            .with_key(id.to_string())
            .primitive()
            .map_err(classify)?;
        transaction.commit().await.map_err(classify)
    }

    /// Forgets every history kept (the role changed: they were cut for the
    /// role before).
    pub async fn clear_histories(&self) -> Result<(), StorageError> {
        let transaction = self
            .db
            .transaction(HISTORIES)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(classify)?;
        transaction
            .object_store(HISTORIES)
            .map_err(classify)?
            .clear()
            .map_err(classify)?;
        transaction.commit().await.map_err(classify)
    }

    /// The generation on disk (cheap: one read).
    pub async fn generation(&self) -> Result<u64, StorageError> {
        let transaction = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readonly)
            .build()
            .map_err(classify)?;
        let meta = read_meta(&transaction).await?;
        Ok(meta.map_or(0, |meta| meta.generation))
    }

    /// Plans a change against the replica as it is on disk and writes it in
    /// one transaction. `known_generation` is the generation of this tab's
    /// copy: if another tab wrote since, the replica is read again inside
    /// the transaction and `plan` gets it (`Some`); otherwise `plan` gets
    /// `None` and plans against this tab's copy. The returned set is on disk
    /// when this returns; apply it (after the reloaded state, if any).
    ///
    /// A pulled page (`Placement::Pulled`) is written as one chunk, without
    /// a flush (the cursor moves in the same transaction, so a page lost to
    /// a crash is pulled again); anything else with strict durability.
    /// `current` gives this tab's copy of a record, for rewriting a chunk
    /// that held an evicted record.
    pub async fn write<F>(
        &self,
        known_generation: u64,
        placement: Placement,
        plan: F,
        current: &dyn Fn(RecordId) -> Option<LocalRecord>,
    ) -> Result<Written, WriteError>
    where
        F: FnOnce(Option<&ClientState>) -> Result<WriteSet, EditError>,
    {
        let options = TransactionOptions::new().with_durability(match placement {
            Placement::Own => TransactionDurability::Strict,
            Placement::Pulled => TransactionDurability::Relaxed,
        });
        let transaction = self
            .db
            .transaction(STORES)
            .with_mode(TransactionMode::Readwrite)
            .with_options(options)
            .build()
            .map_err(classify)?;
        let done = transaction.on_done().map_err(classify)?;
        let disk_meta = read_meta(&transaction).await?;
        let disk_generation = disk_meta.as_ref().map_or(0, |meta| meta.generation);
        let reloaded = if disk_generation == known_generation {
            None
        } else {
            let loaded = read_all(&transaction, self.registry).await?;
            // The caller takes this state (even when the plan writes
            // nothing); the layout goes with it.
            *self.layout.borrow_mut() = loaded.layout.clone();
            Some(loaded)
        };
        // A refused plan drops the transaction, which aborts it.
        let mut set = plan(reloaded.as_ref().map(|loaded| &loaded.state))?;
        if set.is_empty() {
            return Ok(Written { set, reloaded });
        }
        let mut meta = set
            .meta
            .clone()
            .or(disk_meta)
            .ok_or_else(|| StorageError::Failed("a change without its meta entry".into()))?;
        meta.generation = disk_generation + 1;
        let new_chunk = meta.generation;
        set.meta = Some(meta);
        let (disk, layout) = self.layout.borrow().plan(&set, placement, new_chunk);
        let lookup = |id: RecordId| match &reloaded {
            Some(loaded) => loaded.state.records.get(&id).cloned(),
            None => current(id),
        };
        put_set(&transaction, &set, &disk, &lookup)?;
        if done.await.is_ok() {
            *self.layout.borrow_mut() = layout;
            Ok(Written { set, reloaded })
        } else {
            Err(WriteError::Storage(
                transaction
                    .error()
                    .map(classify)
                    .unwrap_or_else(|| StorageError::Failed("the transaction was aborted".into())),
            ))
        }
    }
}

/// A change written by `ReplicaStore::write`.
#[derive(Debug)]
pub struct Written {
    pub set: WriteSet,
    /// Another tab had written: this is the replica as it was on disk,
    /// before `set`.
    pub reloaded: Option<Loaded>,
}

fn to_text<T: serde::Serialize>(value: &T) -> Result<String, StorageError> {
    serde_json::to_string(value).map_err(|error| StorageError::Failed(error.to_string()))
}

/// Issues every put and delete of `set` in `transaction`, records placed as
/// `disk` says. The requests are not awaited one by one (a round trip
/// each): a failed one aborts the transaction, which the caller's wait for
/// its end reports.
fn put_set(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    set: &WriteSet,
    disk: &DiskPlan,
    current: &dyn Fn(RecordId) -> Option<LocalRecord>,
) -> Result<(), StorageError> {
    let records = transaction.object_store(RECORDS).map_err(classify)?;
    // A record of the set is written from where it is (a pulled page
    // writes a thousand); only a chunk rewrite asks for this tab's copy.
    let written = |id: &RecordId| -> Result<String, StorageError> {
        match set.records.get(id) {
            Some(record) => to_text(record),
            None => current(*id).map_or_else(
                || {
                    Err(StorageError::Failed(format!(
                        "record {id} is missing from memory"
                    )))
                },
                |record| to_text(&record),
            ),
        }
    };
    for id in &disk.put_own {
        records
            .put(written(id)?)
            .with_key(id.to_string())
            .primitive()
            .map_err(classify)?;
    }
    for id in &disk.delete_own {
        records
            .delete(id.to_string())
            .primitive()
            .map_err(classify)?;
    }
    let chunks = transaction.object_store(CHUNKS).map_err(classify)?;
    for (key, ids) in disk.new_chunk.iter().chain(&disk.rewrite_chunks) {
        let mut texts = Vec::with_capacity(ids.len());
        for id in ids {
            texts.push(written(id)?);
        }
        chunks
            .put(format!("[{}]", texts.join(",")))
            .with_key(*key as f64)
            .primitive()
            .map_err(classify)?;
    }
    for key in &disk.delete_chunks {
        chunks.delete(*key as f64).primitive().map_err(classify)?;
    }
    let outbox = transaction.object_store(OUTBOX).map_err(classify)?;
    for (seq, entry) in &set.outbox {
        if let Some(mutation) = entry {
            outbox
                .put(to_text(mutation)?)
                .with_key(*seq as f64)
                .primitive()
                .map_err(classify)?;
        }
    }
    // A push's answers remove a run of consecutive sequence numbers: one
    // request per run, not one per mutation (keys are whole numbers, so a
    // range of consecutive ones holds nothing else).
    for (first, last) in crate::sync::layout::deleted_runs(&set.outbox) {
        if first == last {
            outbox.delete(first as f64).primitive().map_err(classify)?;
        } else {
            outbox
                .delete(first as f64..=last as f64)
                .primitive()
                .map_err(classify)?;
        }
    }
    let problems = transaction.object_store(PROBLEMS).map_err(classify)?;
    for (key, entry) in &set.problems {
        match entry {
            Some(problem) => {
                problems
                    .put(to_text(problem)?)
                    .with_key(key.clone())
                    .primitive()
                    .map_err(classify)?;
            }
            None => {
                problems.delete(key.clone()).primitive().map_err(classify)?;
            }
        }
    }
    if let Some(meta) = &set.meta {
        transaction
            .object_store(META)
            .map_err(classify)?
            .put(to_text(meta)?)
            .with_key(META_KEY)
            .primitive()
            .map_err(classify)?;
    }
    Ok(())
}

async fn read_meta(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
) -> Result<Option<Meta>, StorageError> {
    let store = transaction.object_store(META).map_err(classify)?;
    let text: Option<String> = store
        .get(META_KEY)
        .primitive()
        .map_err(classify)?
        .await
        .map_err(classify)?;
    text.map(|text| serde_json::from_str(&text).map_err(|error| corrupt("meta", error)))
        .transpose()
}

async fn read_strings(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    name: &str,
) -> Result<Vec<Result<String, String>>, StorageError> {
    let store = transaction.object_store(name).map_err(classify)?;
    let values = store
        .get_all::<String>()
        .primitive()
        .map_err(classify)?
        .await
        .map_err(classify)?;
    Ok(values
        .map(|value| value.map_err(|error| error.to_string()))
        .collect())
}

/// Values that cross from JavaScript as strings are joined into one JSON
/// array and parsed in one go (20,000 records: one copy instead of 20,000);
/// if that fails, each is parsed on its own (`None` for a damaged one).
fn parse_all<T: serde::de::DeserializeOwned>(entries: &js_sys::Array) -> Vec<Option<T>> {
    let all_text = entries.iter().all(|entry| entry.is_string());
    if all_text {
        let joined: String = entries.join(",").into();
        if let Ok(values) = serde_json::from_str::<Vec<T>>(&format!("[{joined}]")) {
            return values.into_iter().map(Some).collect();
        }
    }
    entries
        .iter()
        .map(|entry| {
            entry
                .as_string()
                .and_then(|text| serde_json::from_str::<T>(&text).ok())
        })
        .collect()
}

async fn read_values(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    name: &str,
) -> Result<js_sys::Array, StorageError> {
    let store = transaction.object_store(name).map_err(classify)?;
    let values = store
        .get_all::<wasm_bindgen::JsValue>()
        .primitive()
        .map_err(classify)?
        .await
        .map_err(classify)?;
    let entries = js_sys::Array::new();
    for value in values {
        entries.push(&value.map_err(|error| corrupt(name, error))?);
    }
    Ok(entries)
}

/// The entries of store `name` in key order, each with its key and its
/// value parsed from JSON text (`None` for one that does not parse).
async fn read_keyed<K, T>(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    name: &str,
) -> Result<Vec<(K, Option<T>)>, StorageError>
where
    K: indexed_db_futures::primitive::TryFromJs,
    T: serde::de::DeserializeOwned,
{
    let keys: Vec<K> = transaction
        .object_store(name)
        .map_err(classify)?
        .get_all_keys::<K>()
        .primitive()
        .map_err(classify)?
        .await
        .map_err(classify)?
        .collect::<Result<_, _>>()
        .map_err(|error| corrupt(name, error))?;
    let values = read_values(transaction, name).await?;
    crate::platform::mark(&format!("hdnd-replica-{name}-read"));
    let values = parse_all::<T>(&values);
    if values.len() != keys.len() {
        return Err(StorageError::Failed(format!(
            "{name} changed while it was read"
        )));
    }
    Ok(keys.into_iter().zip(values).collect())
}

/// Every record: the chunks in the order they were written (a later copy
/// is newer), then the entries of their own (newer than any chunk copy).
/// Damaged entries are counted and left out.
async fn read_records(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
) -> Result<(BTreeMap<RecordId, LocalRecord>, Layout, usize), StorageError> {
    let mut records = BTreeMap::new();
    let mut layout = Layout::default();
    let mut damaged = 0;
    let chunks = read_keyed::<f64, Vec<LocalRecord>>(transaction, CHUNKS).await?;
    crate::platform::mark("hdnd-replica-chunks-parsed");
    for (key, chunk) in chunks {
        let key = key as u64;
        match chunk {
            Some(chunk) => {
                for record in chunk {
                    layout.found_in_chunk(record.id, key);
                    records.insert(record.id, record);
                }
            }
            None => {
                layout.found_damaged(key);
                damaged += 1;
            }
        }
    }
    let own = read_keyed::<String, LocalRecord>(transaction, RECORDS).await?;
    for (key, record) in own {
        match record {
            Some(record) => {
                layout.found_own(record.id);
                records.insert(record.id, record);
            }
            None => {
                // Kept in the layout, so the copy pulled again replaces it.
                if let Ok(id) = RecordId::parse(&key) {
                    layout.found_own(id);
                }
                damaged += 1;
            }
        }
    }
    layout.finish_reading();
    Ok((records, layout, damaged))
}

async fn read_all(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    registry: &'static Registry,
) -> Result<Loaded, StorageError> {
    let meta = read_meta(transaction).await?;
    let mut state = ClientState::new(ClientId::new(), registry);
    let (records, layout, damaged_records) = read_records(transaction).await?;
    state.records = records;
    // The outbox and the problems hold the user's unsent work: a damaged
    // entry there is reported, never skipped.
    for entry in read_strings(transaction, OUTBOX).await? {
        let mutation: Mutation = entry
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
            .map_err(|error| corrupt("outbox", error))?;
        state.outbox.insert(mutation.seq, mutation);
    }
    for entry in read_strings(transaction, PROBLEMS).await? {
        let problem: Problem = entry
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
            .map_err(|error| corrupt("problems", error))?;
        state.problems.insert(problem.key.clone(), problem);
    }
    if let Some(mut meta) = meta {
        if damaged_records > 0 {
            meta.cursor = 0;
        }
        state.meta = meta;
    }
    Ok(Loaded {
        state,
        damaged_records,
        layout,
    })
}
