//! Records, the change log and sync. Pushes go through one writer thread that
//! owns its own connection and commits every push waiting at that moment in
//! one transaction (group commit: one fsync for many pushes, no lock queue);
//! each push runs in its own savepoint, so one bad push fails alone. A push
//! is answered only after its transaction has committed. Pulls read through
//! the store's main connection inside one read transaction (a consistent
//! snapshot in WAL mode).

use std::sync::mpsc;

use app::auth::model::Role;
use app::backend::{Pushed, Pusher};
use app::records::decide::{Decision, decide};
use app::records::spec::Registry;
use app::sync::model::{
    Conflict, Document, Fields, Mutation, Outcome, PullResponse, PushResponse, PushResult,
    RecordId, RecordKind, Rejection, Stamp,
};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::db::{PushJob, Store, StoreError, now_ms};

/// The most pushes committed together.
const MAX_GROUP: usize = 64;

/// How long one push may hold the writer, how long one group's transaction
/// runs before the pushes still waiting go into the next one, and how much
/// the records one push's answer carries may weigh (about their JSON
/// size). The mutations past a limit are left unanswered and the client
/// sends them again in its next push; a record answered twice in one push
/// is carried only by its last answer. So no transaction holds the
/// database's write lock for much longer than the time limit, whatever a
/// push carries or a record's history holds, and sign-ins and other users'
/// pushes never wait long.
///
/// `min_free_disk`: while the data directory's disk has less free space
/// than this (bytes), the writer refuses pushes (`DiskFull`) instead of
/// running into a full disk in the middle of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterLimits {
    pub push_time: std::time::Duration,
    pub group_time: std::time::Duration,
    pub answer_bytes: usize,
    pub min_free_disk: u64,
}

impl Default for WriterLimits {
    fn default() -> Self {
        Self {
            push_time: std::time::Duration::from_millis(100),
            group_time: std::time::Duration::from_millis(100),
            answer_bytes: 4 * 1024 * 1024,
            min_free_disk: 256 * 1024 * 1024,
        }
    }
}

/// How long a reading of the free disk space is trusted.
const DISK_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// The free space the writer last read, and when.
struct DiskWatch {
    path: std::path::PathBuf,
    read_at: Option<std::time::Instant>,
    low: bool,
    /// When the low space was last written to the process log.
    logged_at: Option<std::time::Instant>,
}

impl DiskWatch {
    /// Whether the disk has less free space than `min` (read again at most
    /// every second; a disk whose space cannot be read counts as fine).
    fn low(&mut self, min: u64) -> bool {
        if min == 0 {
            return false;
        }
        let now = std::time::Instant::now();
        if self
            .read_at
            .is_none_or(|at| now.duration_since(at) >= DISK_CHECK_EVERY)
        {
            self.read_at = Some(now);
            self.low = super::db::free_disk_bytes(&self.path).is_some_and(|free| free < min);
            if self.low
                && self
                    .logged_at
                    .is_none_or(|at| now.duration_since(at) >= std::time::Duration::from_secs(60))
            {
                self.logged_at = Some(now);
                tracing::error!(
                    path = %self.path.display(),
                    min_free_mib = min / (1024 * 1024),
                    "the data directory's disk is nearly full: pushes are refused until space is freed"
                );
            }
        }
        self.low
    }
}

/// About the most one pull's records weigh (JSON): a page stops after the
/// record that passes it. With a cap on pulls answered at once (see
/// `budgets`), what pulls hold in memory stays bounded however much they ask.
pub const MAX_PULL_BYTES: usize = 4 * 1024 * 1024;

/// The most browser replicas (client ids) one user may sync from at once;
/// replicas that have not pushed for [`CLIENT_IDLE_MS`] do not count.
pub const MAX_CLIENTS_PER_USER: i64 = 100;
const CLIENT_IDLE_MS: i64 = 90 * 24 * 60 * 60 * 1000;

/// The most a record's body may weigh once merged, as stored (JSON bytes).
/// Each kind's rules limit its fields; this holds for any kind.
pub const MAX_RECORD_BYTES: usize = 128 * 1024;

/// An answer as kept for a retry: the outcome without the record, which is
/// read afresh when the answer is given again (it may have changed since;
/// the client takes the newer state either way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub(super) enum StoredAnswer {
    Applied,
    Conflict { conflicts: Vec<Conflict> },
    Rejected { reason: Rejection },
}

impl StoredAnswer {
    pub(super) fn of(outcome: &Outcome) -> Self {
        match outcome {
            // `Withheld` is made from a stored answer, never stored itself.
            Outcome::Applied { .. } | Outcome::Withheld => StoredAnswer::Applied,
            Outcome::Conflict { conflicts, .. } => StoredAnswer::Conflict {
                conflicts: conflicts.clone(),
            },
            Outcome::Rejected { reason } => StoredAnswer::Rejected {
                reason: reason.clone(),
            },
        }
    }
}

/// The digest a retry is recognised by: SHA-256 of the mutation's JSON.
pub(super) fn digest(mutation: &Mutation) -> Result<Vec<u8>, StoreError> {
    let bytes =
        serde_json::to_vec(mutation).map_err(|error| StoreError::Corrupt(error.to_string()))?;
    Ok(Sha256::digest(&bytes).to_vec())
}

/// Starts the writer thread over `connection`. It ends when the store (the
/// sending side) is dropped.
pub(super) fn start_writer(
    connection: Connection,
    registry: &'static Registry,
    limits: WriterLimits,
    data_dir: std::path::PathBuf,
) -> std::io::Result<mpsc::Sender<PushJob>> {
    let (sender, receiver) = mpsc::channel::<PushJob>();
    let disk = DiskWatch {
        path: data_dir,
        read_at: None,
        low: false,
        logged_at: None,
    };
    std::thread::Builder::new()
        .name("hdnd-writer".into())
        .spawn(move || run_writer(connection, receiver, registry, limits, disk))?;
    Ok(sender)
}

fn run_writer(
    mut connection: Connection,
    jobs: mpsc::Receiver<PushJob>,
    registry: &'static Registry,
    limits: WriterLimits,
    mut disk: DiskWatch,
) {
    let mut waiting: std::collections::VecDeque<PushJob> = std::collections::VecDeque::new();
    loop {
        if waiting.is_empty() {
            match jobs.recv() {
                Ok(job) => waiting.push_back(job),
                Err(_) => return,
            }
        }
        while waiting.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => waiting.push_back(job),
                Err(_) => break,
            }
        }
        if disk.low(limits.min_free_disk) {
            for job in waiting.drain(..) {
                let _ = job.reply.send(Err(StoreError::DiskFull));
            }
            continue;
        }
        match commit_group(&mut connection, &waiting, registry, limits) {
            Ok(answers) => {
                for answer in answers {
                    let job = waiting.pop_front();
                    // The caller may have gone (its request was cancelled);
                    // the push is committed either way and a retry gets the
                    // stored answers.
                    if let Some(job) = job {
                        let _ = job.reply.send(answer);
                    }
                }
            }
            Err(error) => {
                tracing::error!(%error, pushes = waiting.len(), "group commit failed");
                for job in waiting.drain(..) {
                    let _ = job
                        .reply
                        .send(Err(StoreError::CommitFailed(error.to_string())));
                }
            }
        }
    }
}

/// One transaction for the first pushes of `group`, a savepoint each, until
/// the group's time budget is spent (at least one push). Answers the pushes
/// it took, in order; the rest wait for the next transaction.
fn commit_group(
    connection: &mut Connection,
    group: &std::collections::VecDeque<PushJob>,
    registry: &Registry,
    limits: WriterLimits,
) -> Result<Vec<Result<Pushed, StoreError>>, rusqlite::Error> {
    let started = std::time::Instant::now();
    let mut transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let now = now_ms();
    let mut answers = Vec::with_capacity(group.len());
    for job in group {
        if !answers.is_empty() && started.elapsed() >= limits.group_time {
            break;
        }
        let savepoint = transaction.savepoint()?;
        match apply_push(
            &savepoint,
            registry,
            limits,
            &job.pusher,
            &job.mutations,
            now,
        ) {
            Ok(response) => {
                savepoint.commit()?;
                answers.push(Ok(response));
            }
            Err(error) => {
                // Dropping the savepoint rolls back this push only.
                drop(savepoint);
                answers.push(Err(error));
            }
        }
    }
    transaction.commit()?;
    Ok(answers)
}

fn apply_push(
    connection: &Connection,
    registry: &Registry,
    limits: WriterLimits,
    pusher: &Pusher,
    mutations: &[Mutation],
    now: i64,
) -> Result<Pushed, StoreError> {
    let started = std::time::Instant::now();
    let Some(first) = mutations.first() else {
        return Ok(Pushed {
            response: PushResponse {
                results: Vec::new(),
            },
            cut_down: 0,
            fresh: 0,
        });
    };
    // The caller as the database has them now: a role changed (or an
    // account disabled) since the request was let in counts from here.
    let caller = pusher_now(connection, pusher.user_id, now)?;
    if caller.disabled {
        return Err(StoreError::AccountDisabled);
    }
    let client_id = first.client_id.to_string();
    let known: Option<(i64, i64)> = connection
        .prepare_cached("SELECT user_id, last_seq FROM sync_clients WHERE client_id = ?1")?
        .query_row([&client_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let mut last_seq = match known {
        Some((user_id, _)) if user_id != pusher.user_id => return Err(StoreError::ForeignClient),
        Some((_, last_seq)) => last_seq as u64,
        None => {
            let active: i64 = connection.query_row(
                "SELECT count(*) FROM sync_clients WHERE user_id = ?1 AND last_push_at > ?2",
                params![pusher.user_id, now - CLIENT_IDLE_MS],
                |row| row.get(0),
            )?;
            if active >= MAX_CLIENTS_PER_USER {
                return Err(StoreError::TooManyClients);
            }
            connection.execute(
                "INSERT INTO sync_clients (client_id, user_id, last_seq, created_at, last_push_at)
                 VALUES (?1, ?2, 0, ?3, ?3)",
                params![client_id, pusher.user_id, now],
            )?;
            0
        }
    };
    // The client sends its oldest unanswered mutation first: it holds the
    // answers to everything before, which need not be kept any longer.
    connection
        .prepare_cached("DELETE FROM sync_answers WHERE client_id = ?1 AND seq < ?2")?
        .execute(params![client_id, first.seq as i64])?;
    let writer = Writer {
        user_id: pusher.user_id,
        role: caller.role,
        stamp: &caller.stamp,
    };
    let mut results: Vec<PushResult> = Vec::with_capacity(mutations.len());
    // The weight of the record each record id's latest answer carries.
    let mut carried: std::collections::HashMap<RecordId, usize> = std::collections::HashMap::new();
    let mut cut_down = 0;
    let mut fresh = 0;
    for mutation in mutations {
        // Bounded in time and size: the rest is answered in the next push.
        if !results.is_empty()
            && (started.elapsed() >= limits.push_time
                || carried.values().sum::<usize>() > limits.answer_bytes)
        {
            break;
        }
        let digest = digest(mutation)?;
        let mut outcome = if mutation.seq <= last_seq {
            let readable = registry
                .get(mutation.kind)
                .is_some_and(|spec| spec.readable_by(caller.role));
            stored_answer(connection, mutation, &digest, readable)?
        } else if mutation.seq == last_seq + 1 {
            let outcome = apply_mutation(connection, registry, &writer, mutation, now)?;
            connection
                .prepare_cached(
                    "INSERT INTO sync_answers (client_id, seq, digest, answer)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    client_id,
                    mutation.seq as i64,
                    digest,
                    to_json(&StoredAnswer::of(&outcome))?
                ])?;
            last_seq = mutation.seq;
            fresh += 1;
            outcome
        } else {
            return Err(StoreError::SequenceGap {
                expected: last_seq + 1,
            });
        };
        if app::records::push::answer_for(registry, caller.role, mutation.kind, &mut outcome) {
            cut_down += 1;
        }
        match outcome.record() {
            Some(record) => carried.insert(mutation.record_id, document_weight(record)),
            None => carried.remove(&mutation.record_id),
        };
        results.push(PushResult {
            seq: mutation.seq,
            outcome,
        });
    }
    // A record answered twice is carried by its last answer only: the
    // client folds the earlier mutations into the state it knows.
    let mut later = std::collections::HashSet::new();
    for (result, mutation) in results.iter_mut().zip(mutations).rev() {
        if result.outcome.record().is_some() && !later.insert(mutation.record_id) {
            result.outcome.drop_record();
        }
    }
    connection
        .prepare_cached(
            "UPDATE sync_clients SET last_seq = ?2, last_push_at = ?3 WHERE client_id = ?1",
        )?
        .execute(params![client_id, last_seq as i64, now])?;
    Ok(Pushed {
        response: PushResponse { results },
        cut_down,
        fresh,
    })
}

/// About the JSON size of a record (what its answer carries).
fn document_weight(document: &Document) -> usize {
    document
        .fields
        .iter()
        .map(|(name, value)| name.len() + 4 + app::sync::model::value_weight(value))
        .sum::<usize>()
        + 300
}

/// The caller of a push as the database has them at the push's commit.
struct PusherNow {
    role: Role,
    disabled: bool,
    stamp: Stamp,
}

/// Who writes a push's changes, as its transaction sees them.
struct Writer<'a> {
    user_id: i64,
    role: Role,
    stamp: &'a Stamp,
}

fn pusher_now(connection: &Connection, user_id: i64, now: i64) -> Result<PusherNow, StoreError> {
    let (username, display_name, role, disabled): (String, String, String, bool) = connection
        .prepare_cached("SELECT username, display_name, role, disabled FROM users WHERE id = ?1")?
        .query_row([user_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
    let role = Role::parse(&role)
        .ok_or_else(|| StoreError::Corrupt(format!("user {user_id} has the role {role:?}")))?;
    Ok(PusherNow {
        role,
        disabled,
        stamp: Stamp {
            username,
            display_name,
            at: now,
        },
    })
}

/// The answer given to a mutation seen before, with the record as it is
/// now. The same number with another mutation is refused: answering it would
/// drop that edit silently.
/// `with_record`: false when the caller may no longer read the record (it
/// is not even read).
fn stored_answer(
    connection: &Connection,
    mutation: &Mutation,
    digest: &[u8],
    with_record: bool,
) -> Result<Outcome, StoreError> {
    let client_id = mutation.client_id.to_string();
    let seq = mutation.seq;
    let stored: Option<(Vec<u8>, String)> = connection
        .prepare_cached(
            "SELECT digest, answer FROM sync_answers WHERE client_id = ?1 AND seq = ?2",
        )?
        .query_row(params![client_id, seq as i64], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let Some((seen, text)) = stored else {
        return Err(StoreError::AnswerGone { seq });
    };
    if seen != digest {
        return Err(StoreError::SequenceReused { seq });
    }
    let answer: StoredAnswer = serde_json::from_str(&text)
        .map_err(|error| StoreError::Corrupt(format!("stored answer: {error}")))?;
    let record = || {
        if !with_record {
            return Ok(None);
        }
        load_document(connection, mutation.record_id)?
            .ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "record {} of an answer is gone",
                    mutation.record_id
                ))
            })
            .map(Some)
    };
    Ok(match answer {
        StoredAnswer::Applied => Outcome::Applied {
            record: record()?,
            version: None,
        },
        StoredAnswer::Conflict { conflicts } => Outcome::Conflict {
            record: record()?,
            version: None,
            conflicts,
        },
        StoredAnswer::Rejected { reason } => Outcome::Rejected { reason },
    })
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

const DOCUMENT_COLUMNS: &str = "r.id, r.kind, r.version, r.body, r.deleted,
    cu.username, cu.display_name, r.created_at,
    uu.username, uu.display_name, r.updated_at, r.change_seq";
const DOCUMENT_FROM: &str = "records r
    JOIN users cu ON cu.id = r.created_by
    JOIN users uu ON uu.id = r.updated_by";

/// Reads a row selected with `DOCUMENT_COLUMNS`; the kind is checked by the
/// caller (an unknown kind is a newer server's record, not a crash).
fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<(Document, i64), String>> {
    let id: String = row.get(0)?;
    let kind: String = row.get(1)?;
    let body: String = row.get(3)?;
    let parsed_id = match RecordId::parse(&id) {
        Ok(id) => id,
        Err(error) => return Ok(Err(format!("record id {id:?}: {error}"))),
    };
    let fields: Fields = match serde_json::from_str(&body) {
        Ok(fields) => fields,
        Err(error) => return Ok(Err(format!("record {id} body: {error}"))),
    };
    let Some(record_kind) = RecordKind::parse(&kind) else {
        return Ok(Err(format!("record {id} has unknown kind {kind:?}")));
    };
    let document = Document {
        kind: record_kind,
        id: parsed_id,
        version: row.get::<_, i64>(2)? as u64,
        fields,
        deleted: row.get::<_, i64>(4)? != 0,
        created: Stamp {
            username: row.get(5)?,
            display_name: row.get(6)?,
            at: row.get(7)?,
        },
        updated: Stamp {
            username: row.get(8)?,
            display_name: row.get(9)?,
            at: row.get(10)?,
        },
    };
    Ok(Ok((document, row.get(11)?)))
}

fn load_document(connection: &Connection, id: RecordId) -> Result<Option<Document>, StoreError> {
    let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM {DOCUMENT_FROM} WHERE r.id = ?1");
    let row = connection
        .prepare_cached(&sql)?
        .query_row([id.to_string()], read_row)
        .optional()?;
    match row {
        None => Ok(None),
        Some(Ok((document, _))) => Ok(Some(document)),
        Some(Err(problem)) => Err(StoreError::Corrupt(problem)),
    }
}

/// Who last set `field` of a record, if a change ever did: the record's
/// `authors` keeps, per field, the user and time of the last change that
/// set it (one row read, whatever the record's history).
fn field_author(
    connection: &Connection,
    id: RecordId,
    field: &str,
) -> Result<Option<Stamp>, StoreError> {
    // Field names are declared names (a–z, 0–9, _): safe in a JSON path.
    let path = format!("$.{field}");
    Ok(connection
        .prepare_cached(
            "SELECT u.username, u.display_name, r.authors -> ?2 ->> 1
               FROM records r
               JOIN users u ON u.id = (r.authors -> ?2 ->> 0)
              WHERE r.id = ?1",
        )?
        .query_row(params![id.to_string(), path], |row| {
            Ok(Stamp {
                username: row.get(0)?,
                display_name: row.get(1)?,
                at: row.get(2)?,
            })
        })
        .optional()?)
}

/// The `authors` entries of the fields a change set: `{field: [user, at]}`,
/// merged into the record's with `json_patch`.
fn authors_patch(applied: &[app::sync::model::FieldChange], user_id: i64, now: i64) -> String {
    let entries: serde_json::Map<String, serde_json::Value> = applied
        .iter()
        .map(|change| (change.field.clone(), serde_json::json!([user_id, now])))
        .collect();
    serde_json::Value::Object(entries).to_string()
}

/// A change's field changes as the change log keeps them: a JSON array of
/// `[field, old, new]`.
fn changes_json(applied: &[app::sync::model::FieldChange]) -> Result<String, StoreError> {
    let triples: Vec<(&str, &serde_json::Value, &serde_json::Value)> = applied
        .iter()
        .map(|change| (change.field.as_str(), &change.old, &change.new))
        .collect();
    to_json(&triples)
}

fn apply_mutation(
    connection: &Connection,
    registry: &Registry,
    writer: &Writer<'_>,
    mutation: &Mutation,
    now: i64,
) -> Result<Outcome, StoreError> {
    let id = mutation.record_id;
    // Only what the decision needs: the stored record, read only when it
    // is of the mutation's kind (a record of a kind this build does not
    // know is refused without reading it).
    let existing = match connection
        .prepare_cached("SELECT kind FROM records WHERE id = ?1")?
        .query_row([id.to_string()], |row| row.get::<_, String>(0))
        .optional()?
    {
        Some(kind) if kind != mutation.kind.as_str() => {
            let may_ask = registry.get(mutation.kind).is_some_and(|spec| {
                spec.writable_by(writer.role) || app::records::review::reviews(spec, writer.role)
            });
            return Ok(match RecordKind::parse(&kind) {
                Some(kind) if may_ask => Outcome::Rejected {
                    reason: Rejection::KindMismatch { kind },
                },
                _ => Outcome::Rejected {
                    reason: Rejection::Forbidden,
                },
            });
        }
        Some(_) => load_document(connection, id)?,
        None => None,
    };
    let merged = match decide(registry, writer.role, existing.as_ref(), mutation) {
        Decision::Refused(reason) => return Ok(Outcome::Rejected { reason }),
        Decision::Unchanged => {
            let version = existing.as_ref().map(|row| row.version);
            return Ok(Outcome::Applied {
                record: None,
                version,
            });
        }
        Decision::Collided {
            mut conflicts,
            clashes,
        } => {
            let record =
                existing.ok_or_else(|| StoreError::Corrupt(format!("record {id} vanished")))?;
            conflicts.extend(field_conflicts(connection, id, clashes)?);
            return Ok(Outcome::conflict(record, conflicts));
        }
        Decision::Write(merged) => merged,
    };
    let Some(spec) = registry.get(mutation.kind) else {
        return Err(StoreError::Corrupt(format!(
            "{} left the registry",
            mutation.kind
        )));
    };
    // The record as it is after this mutation, built here rather than read
    // back: it is what was written.
    let record = {
        // The body as it would be stored: its size (any kind; the kind's
        // rules were the decision's).
        let body = to_json(&merged.fields)?;
        if body.len() > MAX_RECORD_BYTES {
            return Ok(Outcome::Rejected {
                reason: Rejection::Invalid {
                    fields: vec![app::error::FieldError::new(
                        "record",
                        "too_large",
                        format!("a record may hold at most {} KiB", MAX_RECORD_BYTES / 1024),
                    )],
                },
            });
        }
        let broken = broken_links(connection, spec, &merged.applied)?;
        if !broken.is_empty() {
            return Ok(Outcome::Rejected {
                reason: Rejection::Invalid { fields: broken },
            });
        }
        let version = existing.as_ref().map_or(0, |row| row.version) + 1;
        let id_text = id.to_string();
        connection
            .prepare_cached(
                "INSERT INTO change_log
                     (record_id, kind, version, operation, user_id, at, client_id, client_seq,
                      client_at, base_version, changes, settles)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                id_text,
                mutation.kind.as_str(),
                version as i64,
                merged.effect.as_str(),
                writer.user_id,
                now,
                mutation.client_id.to_string(),
                mutation.seq as i64,
                mutation.at,
                mutation.base_version as i64,
                changes_json(&merged.applied)?,
                mutation.settles && existing.is_some(),
            ])?;
        let change_seq = connection.last_insert_rowid();
        if mutation.settles && existing.is_some() {
            super::notices::tell_overruled(
                connection,
                mutation.kind,
                id,
                &merged,
                writer.user_id,
                now,
            )?;
        }
        let authors = authors_patch(&merged.applied, writer.user_id, now);
        if existing.is_some() {
            connection
                .prepare_cached(
                    "UPDATE records SET version = ?2, body = ?3, deleted = ?4, updated_by = ?5,
                            updated_at = ?6, change_seq = ?7, authors = json_patch(authors, ?8)
                      WHERE id = ?1",
                )?
                .execute(params![
                    id_text,
                    version as i64,
                    body,
                    merged.deleted,
                    writer.user_id,
                    now,
                    change_seq,
                    authors
                ])?;
        } else {
            connection
                .prepare_cached(
                    "INSERT INTO records (id, kind, version, body, deleted, created_by, created_at,
                                          updated_by, updated_at, change_seq, authors)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    id_text,
                    mutation.kind.as_str(),
                    version as i64,
                    body,
                    merged.deleted,
                    writer.user_id,
                    now,
                    change_seq,
                    authors
                ])?;
        }
        let created = existing
            .map(|row| row.created)
            .unwrap_or_else(|| writer.stamp.clone());
        Document {
            kind: mutation.kind,
            id,
            version,
            fields: merged.fields,
            deleted: merged.deleted,
            created,
            updated: writer.stamp.clone(),
        }
    };
    if merged.clashes.is_empty() {
        return Ok(Outcome::applied(record));
    }
    let conflicts = field_conflicts(connection, id, merged.clashes)?;
    Ok(Outcome::conflict(record, conflicts))
}

/// Field clashes as the answer tells them: each with who set the stored
/// value, and when.
fn field_conflicts(
    connection: &Connection,
    id: RecordId,
    clashes: Vec<app::sync::merge::FieldClash>,
) -> Result<Vec<Conflict>, StoreError> {
    clashes
        .into_iter()
        .map(|clash| {
            Ok(Conflict::Field {
                theirs_by: field_author(connection, id, &clash.field)?,
                field: clash.field,
                base: clash.base,
                mine: clash.mine,
                theirs: clash.theirs,
            })
        })
        .collect()
}

/// The links a change sets that name no record of the kind their field
/// declares (a deleted record still counts: it may be restored). Only the
/// fields this change sets are looked up.
fn broken_links(
    connection: &Connection,
    spec: &app::records::spec::KindSpec,
    applied: &[app::sync::model::FieldChange],
) -> Result<Vec<app::error::FieldError>, StoreError> {
    let mut broken = Vec::new();
    for change in applied {
        let Some(field) = spec.field(&change.field) else {
            continue;
        };
        let Some(target) = field.ty.target() else {
            continue;
        };
        let ids: Vec<&str> = match &change.new {
            serde_json::Value::String(id) => vec![id.as_str()],
            serde_json::Value::Array(items) => {
                items.iter().filter_map(serde_json::Value::as_str).collect()
            }
            _ => Vec::new(),
        };
        for id in ids {
            let kind: Option<String> = connection
                .prepare_cached("SELECT kind FROM records WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()?;
            if kind.as_deref() != Some(target.as_str()) {
                broken.push(app::error::FieldError::new(
                    field.name,
                    "unknown_link",
                    format!("{} must name an existing {target} record", field.name),
                ));
                break;
            }
        }
    }
    Ok(broken)
}

/// Migration 0004: the whole mutations and answers of `sync_results` become
/// digests and record-less answers in `sync_answers`.
pub(super) fn keep_answers_as_digests(connection: &Connection) -> Result<(), StoreError> {
    let rows: Vec<(String, i64, String, String)> = {
        let mut statement =
            connection.prepare("SELECT client_id, seq, mutation, result FROM sync_results")?;
        statement
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<Result<_, _>>()?
    };
    let mut insert = connection.prepare(
        "INSERT INTO sync_answers (client_id, seq, digest, answer) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (client_id, seq, mutation, result) in rows {
        let mutation: Mutation = serde_json::from_str(&mutation)
            .map_err(|error| StoreError::Corrupt(format!("stored mutation: {error}")))?;
        let outcome: Outcome = serde_json::from_str(&result)
            .map_err(|error| StoreError::Corrupt(format!("stored result: {error}")))?;
        insert.execute(params![
            client_id,
            seq,
            digest(&mutation)?,
            to_json(&StoredAnswer::of(&outcome))?
        ])?;
    }
    connection.execute_batch("DROP TABLE sync_results")?;
    Ok(())
}

impl Store {
    /// Applies a push through the writer thread and waits for the commit.
    /// Before the writer sees it, every mutation must be of a kind this
    /// store keeps and name only fields that kind declares (else the push
    /// is malformed as a whole, and nothing of it is stored); link ids are
    /// put in canonical form.
    pub fn push(&self, pusher: &Pusher, mutations: Vec<Mutation>) -> Result<Pushed, StoreError> {
        let mut mutations = mutations;
        self.prepare(&mut mutations)?;
        let (reply, answer) = mpsc::sync_channel(1);
        let job = PushJob {
            pusher: *pusher,
            mutations,
            reply,
        };
        self.writer.send(job).map_err(|_| StoreError::WriterGone)?;
        answer.recv().map_err(|_| StoreError::WriterGone)?
    }

    /// What `push` checks before the writer sees a push: kinds this store
    /// keeps, fields they declare, links in canonical form (doing it twice
    /// changes nothing).
    pub fn prepare(&self, mutations: &mut [Mutation]) -> Result<(), StoreError> {
        for mutation in mutations {
            let Some(spec) = self.registry.get(mutation.kind) else {
                return Err(StoreError::UnknownKind(mutation.kind.to_string()));
            };
            app::records::push::prepare(spec, mutation).map_err(StoreError::UnknownField)?;
        }
        Ok(())
    }

    /// How many records the store holds (deleted ones included).
    pub fn count_records(&self) -> Result<u64, StoreError> {
        let connection = self.connection()?;
        let count: i64 =
            connection.query_row("SELECT COUNT(*) FROM records", [], |row| row.get(0))?;
        Ok(count.max(0) as u64)
    }

    /// The records `role` may read changed after `since`, in change order,
    /// without the personal fields the role may not see: at most `limit`
    /// records and, past the first, about [`MAX_PULL_BYTES`] of them.
    pub fn pull(&self, role: Role, since: u64, limit: u32) -> Result<PullResponse, StoreError> {
        let kinds = self.registry.readable_by(role);
        let mut connection = self.connection()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let kinds_json = to_json(&kinds.iter().map(|kind| kind.as_str()).collect::<Vec<_>>())?;
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} FROM {DOCUMENT_FROM}
              WHERE r.change_seq > ?1 AND r.kind IN (SELECT value FROM json_each(?2))
              ORDER BY r.change_seq LIMIT ?3"
        );
        let mut records = Vec::new();
        let mut cursor = since;
        {
            let mut statement = transaction.prepare_cached(&sql)?;
            let rows =
                statement.query_map(params![since as i64, kinds_json, limit + 1], read_row)?;
            let mut weight = 0;
            for row in rows {
                let (document, change_seq) = row?.map_err(StoreError::Corrupt)?;
                if records.len() == limit as usize || weight > MAX_PULL_BYTES {
                    return Ok(PullResponse {
                        records,
                        cursor,
                        more: true,
                        role: Some(role),
                    });
                }
                let mut document = document;
                if let Some(spec) = self.registry.get(document.kind) {
                    spec.withhold(role, &mut document.fields);
                }
                weight += document_weight(&document);
                records.push(document);
                cursor = change_seq as u64;
            }
        }
        // The whole log was read: the cursor can move past changes of kinds
        // this role does not see, so they are not scanned again.
        let last: i64 =
            transaction.query_row("SELECT COALESCE(MAX(seq), 0) FROM change_log", [], |row| {
                row.get(0)
            })?;
        transaction.commit()?;
        Ok(PullResponse {
            records,
            cursor: cursor.max(last as u64),
            more: false,
            role: Some(role),
        })
    }
}
