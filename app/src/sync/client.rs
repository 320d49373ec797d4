//! The client's side of sync as pure bookkeeping: the replica of records, the
//! outbox of pending mutations, the problems (conflicts and refusals) waiting
//! for the user, and the cursor. Every operation is planned as a `WriteSet`
//! against the current state; the browser writes the set to IndexedDB in one
//! transaction and only then applies it in memory, so what is on disk is
//! always a state the app has shown. The simulation tests drive the same
//! code against the real server store.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{
    ClientId, Conflict, Document, FieldChange, Fields, Mutation, Operation, Outcome, PullResponse,
    PushResponse, RecordId, RecordKind, Rejection, field_value, set_field,
};
use crate::error::FieldError;
use crate::records::spec::{Held, Registry};

/// A record as this browser knows it: the latest server state seen and,
/// only when it differs from that state (edits pending, or a record the
/// server has not seen yet), what the user sees. Most records are synced,
/// so most hold their fields once, in memory and on disk alike: a replica of
/// 20,000 records is parsed and kept without a copy of every field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalRecord {
    pub kind: RecordKind,
    pub id: RecordId,
    /// The latest server state seen (the base of the next merge).
    pub server: Option<Document>,
    /// What the user sees when it is not `server`: the server state with
    /// the pending edits on top, and whether that deletes the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    local: Option<(Fields, bool)>,
}

/// The fields of a record nobody has written yet.
static NO_FIELDS: Fields = Fields::new();

impl LocalRecord {
    /// A record as the server has it, nothing pending.
    pub fn synced(document: Document) -> Self {
        LocalRecord {
            kind: document.kind,
            id: document.id,
            server: Some(document),
            local: None,
        }
    }

    /// A record whose user's view is `fields` / `deleted` over `server`
    /// (kept once when the two agree).
    pub fn with_view(
        kind: RecordKind,
        id: RecordId,
        server: Option<Document>,
        fields: Fields,
        deleted: bool,
    ) -> Self {
        let same = server
            .as_ref()
            .is_some_and(|server| server.deleted == deleted && server.fields == fields);
        LocalRecord {
            kind,
            id,
            server,
            local: (!same).then_some((fields, deleted)),
        }
    }

    /// What the user sees: the server state with the pending edits on top.
    pub fn fields(&self) -> &Fields {
        match (&self.local, &self.server) {
            (Some((fields, _)), _) => fields,
            (None, Some(server)) => &server.fields,
            (None, None) => &NO_FIELDS,
        }
    }

    /// Whether what the user sees is deleted.
    pub fn deleted(&self) -> bool {
        match (&self.local, &self.server) {
            (Some((_, deleted)), _) => *deleted,
            (None, Some(server)) => server.deleted,
            (None, None) => false,
        }
    }

    /// Whether what the user sees differs from the server's state (edits
    /// not yet acknowledged, or a record the server has not seen).
    pub fn has_local_view(&self) -> bool {
        self.local.is_some() || self.server.is_none()
    }

    pub fn server_version(&self) -> u64 {
        self.server.as_ref().map_or(0, |document| document.version)
    }
}

/// Something the user must decide, kept until they do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// `{record}/field/{name}`, `{record}/record` or `{record}/rejected/{seq}`.
    pub key: String,
    pub kind: RecordKind,
    pub record_id: RecordId,
    /// When the user made the edit that ran into the problem.
    pub mine_at: i64,
    pub detail: ProblemDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ProblemDetail {
    /// The server answered "conflict"; `operation` is the user's edit.
    Conflict {
        conflict: Conflict,
        operation: Operation,
    },
    /// The server refused the edit; nothing of it was applied.
    Rejected {
        reason: Rejection,
        operation: Operation,
    },
}

/// Small facts saved with every change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub client_id: ClientId,
    /// The sequence number the next mutation gets.
    pub next_seq: u64,
    /// Where the next pull starts.
    pub cursor: u64,
    /// When a pull last reached the end of the server's changes.
    pub last_synced_at: Option<i64>,
    /// Counts the writes to storage; a tab whose copy is older reads the
    /// replica again before it writes (see `storage`).
    #[serde(default)]
    pub generation: u64,
    /// What the replica was made to show (`Registry::view_of` the role);
    /// `None` for a replica older than this field, which counts as made
    /// for another view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
}

impl Meta {
    pub fn new(client_id: ClientId) -> Self {
        Self {
            client_id,
            next_seq: 1,
            cursor: 0,
            last_synced_at: None,
            generation: 0,
            view: None,
        }
    }
}

/// What one operation changes: written to storage in one transaction, then
/// applied to the in-memory state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteSet {
    pub records: BTreeMap<RecordId, LocalRecord>,
    /// `None`: remove the entry.
    pub outbox: BTreeMap<u64, Option<Mutation>>,
    pub problems: BTreeMap<String, Option<Problem>>,
    /// Records dropped from the cache (closed, old, nothing pending).
    pub evicted: Vec<RecordId>,
    pub meta: Option<Meta>,
}

impl WriteSet {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
            && self.outbox.is_empty()
            && self.problems.is_empty()
            && self.evicted.is_empty()
            && self.meta.is_none()
    }

    /// Outbox entries this set adds (they need room in storage).
    pub fn adds_to_outbox(&self) -> bool {
        self.outbox.values().any(Option::is_some)
    }
}

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the record breaks {} rule(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error("no such record")]
    NotFound,
    #[error("the record is deleted")]
    Deleted,
    #[error("no such problem")]
    NoSuchProblem,
    #[error("this problem cannot be resolved that way")]
    NotApplicable,
}

/// How the user settles a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "keep", content = "value", rename_all = "snake_case")]
pub enum Resolution {
    /// Send the user's value (or delete, or restore) again, over the server's.
    Mine,
    /// Accept the server's state; the user's edit is dropped, by their choice.
    Theirs,
    /// A third value for a field.
    Edited(Value),
}

/// A record body as records keep it: every value normalised, no `null`s.
fn normalised(fields: &Fields) -> Fields {
    let mut fields = fields.clone();
    fields
        .values_mut()
        .for_each(crate::sync::model::normalise_value);
    fields.retain(|_, value| !value.is_null());
    fields
}

/// The whole client state. Loaded from storage at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientState {
    pub meta: Meta,
    pub records: BTreeMap<RecordId, LocalRecord>,
    pub outbox: BTreeMap<u64, Mutation>,
    pub problems: BTreeMap<String, Problem>,
    /// The kinds' rules, for validating edits and choosing what to evict.
    pub registry: &'static Registry,
}

impl ClientState {
    pub fn new(client_id: ClientId, registry: &'static Registry) -> Self {
        Self {
            registry,
            meta: Meta::new(client_id),
            records: BTreeMap::new(),
            outbox: BTreeMap::new(),
            problems: BTreeMap::new(),
        }
    }

    /// Applies a planned set (after storage took it).
    pub fn apply(&mut self, set: WriteSet) {
        self.records.extend(set.records);
        for id in &set.evicted {
            self.records.remove(id);
        }
        for (seq, entry) in set.outbox {
            match entry {
                Some(mutation) => self.outbox.insert(seq, mutation),
                None => self.outbox.remove(&seq),
            };
        }
        for (key, entry) in set.problems {
            match entry {
                Some(problem) => self.problems.insert(key, problem),
                None => self.problems.remove(&key),
            };
        }
        if let Some(meta) = set.meta {
            self.meta = meta;
        }
    }

    /// Live (not deleted) records of a kind.
    pub fn live(&self, kind: RecordKind) -> impl Iterator<Item = &LocalRecord> {
        self.records
            .values()
            .filter(move |record| record.kind == kind && !record.deleted())
    }

    /// Live records of every kind, by id, in one pass over the replica
    /// (asking [`ClientState::live`] of each kind in turn reads every record
    /// once per kind).
    pub fn live_all(&self) -> impl Iterator<Item = &LocalRecord> {
        self.records.values().filter(|record| !record.deleted())
    }

    /// Whether a record has edits not yet acknowledged.
    pub fn is_pending(&self, id: RecordId) -> bool {
        self.outbox
            .values()
            .any(|mutation| mutation.record_id == id)
    }

    /// The oldest pending mutations, in order, at most `limit`.
    pub fn next_push(&self, limit: usize) -> Vec<Mutation> {
        self.outbox.values().take(limit).cloned().collect()
    }

    /// Plans saving a record from the form: a new record when `id` has none
    /// here, otherwise the changed fields. The values are normalised as
    /// records keep them (NFC, trimmed, empty text is no value), then the
    /// kind's validation runs on exactly that.
    pub fn plan_save(
        &self,
        kind: RecordKind,
        id: RecordId,
        fields: &Fields,
        at: i64,
    ) -> Result<WriteSet, EditError> {
        let fields = &normalised(fields);
        self.registry
            .validate(kind, fields)
            .map_err(EditError::Invalid)?;
        let mut plan = Plan::new(self);
        let (start, base_version) = match plan.record(id) {
            Some(record) if record.deleted() => return Err(EditError::Deleted),
            Some(record) if record.kind != kind => return Err(EditError::NotFound),
            Some(record) => (record.fields().clone(), record.server_version()),
            None => (Fields::new(), 0),
        };
        // A form holds the kind's own fields: the record's review state
        // stays as it is.
        let mut kept;
        let fields = match self.registry.get(kind) {
            Some(spec) if !spec.review_fields().is_empty() => {
                kept = fields.clone();
                crate::records::review::keep_state(spec, &start, &mut kept);
                &kept
            }
            _ => fields,
        };
        let changes = changes_between(&start, fields);
        if changes.is_empty() {
            return Ok(WriteSet::default());
        }
        plan.enqueue(
            kind,
            id,
            base_version,
            Operation::Put { changes },
            at,
            false,
        );
        Ok(plan.finish())
    }

    /// Plans a review step on a record as the user sees it now (with its
    /// comment, which a return and a reopening need).
    pub fn plan_review(
        &self,
        id: RecordId,
        step: crate::records::review::Step,
        note: Option<&str>,
        at: i64,
    ) -> Result<WriteSet, EditError> {
        let mut plan = Plan::new(self);
        let record = plan.record(id).ok_or(EditError::NotFound)?;
        if record.deleted() {
            return Err(EditError::Deleted);
        }
        let (kind, base_version) = (record.kind, record.server_version());
        let changes = crate::records::review::step_changes(record.fields(), step, note);
        plan.enqueue(
            kind,
            id,
            base_version,
            Operation::Put { changes },
            at,
            false,
        );
        Ok(plan.finish())
    }

    /// Plans deleting a record (as the user sees it now).
    pub fn plan_delete(&self, id: RecordId, at: i64) -> Result<WriteSet, EditError> {
        let mut plan = Plan::new(self);
        let record = plan.record(id).ok_or(EditError::NotFound)?;
        if record.deleted() {
            return Err(EditError::Deleted);
        }
        let (kind, base_version, seen) = (
            record.kind,
            record.server_version(),
            record.fields().clone(),
        );
        plan.enqueue(
            kind,
            id,
            base_version,
            Operation::Delete { seen },
            at,
            false,
        );
        Ok(plan.finish())
    }

    /// Plans restoring a deleted record as it was when it was deleted.
    pub fn plan_restore(&self, id: RecordId, at: i64) -> Result<WriteSet, EditError> {
        let mut plan = Plan::new(self);
        let record = plan.record(id).ok_or(EditError::NotFound)?;
        if !record.deleted() {
            return Err(EditError::NotApplicable);
        }
        let (kind, base_version) = (record.kind, record.server_version());
        plan.enqueue(
            kind,
            id,
            base_version,
            Operation::Restore {
                changes: Vec::new(),
            },
            at,
            false,
        );
        Ok(plan.finish())
    }

    /// Plans taking the server's answers to `sent`. Answers for mutations no
    /// longer in the outbox (a duplicate reply) change nothing.
    pub fn plan_push_response(&self, response: &PushResponse) -> WriteSet {
        let mut plan = Plan::new(self);
        for result in &response.results {
            let Some(mutation) = plan.state.outbox.get(&result.seq).cloned() else {
                continue;
            };
            if plan.set.outbox.contains_key(&result.seq) {
                continue;
            }
            plan.set.outbox.insert(result.seq, None);
            let id = mutation.record_id;
            match &result.outcome {
                Outcome::Applied {
                    record: Some(record),
                    ..
                } => plan.take_server(record),
                Outcome::Applied {
                    record: None,
                    version,
                } => plan.fold(&mutation, *version, &[]),
                Outcome::Withheld => {
                    // The role may no longer read the record: nothing of it
                    // stays here (the user's own later edits of it, if any,
                    // are answered as refused).
                    plan.withdraw(id);
                    continue;
                }
                Outcome::Conflict {
                    record,
                    version,
                    conflicts,
                } => {
                    match record {
                        Some(record) => plan.take_server(record),
                        None => plan.fold(&mutation, *version, conflicts),
                    }
                    for conflict in conflicts {
                        let key = match conflict {
                            Conflict::Field { field, .. } => format!("{id}/field/{field}"),
                            Conflict::DeletedThere { .. } | Conflict::EditedThere { .. } => {
                                format!("{id}/record")
                            }
                        };
                        plan.set_problem(Problem {
                            key,
                            kind: mutation.kind,
                            record_id: id,
                            mine_at: mutation.at,
                            detail: ProblemDetail::Conflict {
                                conflict: conflict.clone(),
                                operation: mutation.operation.clone(),
                            },
                        });
                    }
                }
                Outcome::Rejected { reason } => {
                    let delete_of_nothing = matches!(reason, Rejection::NotFound)
                        && matches!(mutation.operation, Operation::Delete { .. });
                    // Deleting what the server never had loses nothing: the
                    // user wanted it gone and it is.
                    if !delete_of_nothing {
                        plan.set_problem(Problem {
                            key: format!("{id}/rejected/{}", mutation.seq),
                            kind: mutation.kind,
                            record_id: id,
                            mine_at: mutation.at,
                            detail: ProblemDetail::Rejected {
                                reason: reason.clone(),
                                operation: mutation.operation.clone(),
                            },
                        });
                    }
                }
            }
            plan.rebase(id, mutation.kind);
        }
        plan.finish()
    }

    /// Plans taking one page of pulled records; the cursor moves with them.
    pub fn plan_pull(&self, response: &PullResponse, now: i64) -> WriteSet {
        let mut plan = Plan::new(self);
        let pending: std::collections::BTreeSet<RecordId> = self
            .outbox
            .values()
            .map(|mutation| mutation.record_id)
            .collect();
        for document in &response.records {
            if pending.contains(&document.id) {
                plan.take_server(document);
                plan.rebase(document.id, document.kind);
            } else {
                // Nothing pending: the user sees the server state.
                plan.take_server_alone(document);
            }
        }
        let mut meta = plan.meta().clone();
        meta.cursor = meta.cursor.max(response.cursor);
        if !response.more {
            meta.last_synced_at = Some(now);
        }
        plan.set.meta = Some(meta);
        plan.finish()
    }

    /// Plans settling a problem the way the user chose.
    pub fn plan_resolve(
        &self,
        key: &str,
        resolution: &Resolution,
        at: i64,
    ) -> Result<WriteSet, EditError> {
        let problem = self.problems.get(key).ok_or(EditError::NoSuchProblem)?;
        let mut plan = Plan::new(self);
        plan.set.problems.insert(key.to_owned(), None);
        if *resolution == Resolution::Theirs {
            return Ok(plan.finish());
        }
        let id = problem.record_id;
        let record = plan.record(id).ok_or(EditError::NotFound)?;
        let (kind, base_version) = (record.kind, record.server_version());
        let server_fields = record
            .server
            .as_ref()
            .map(|document| document.fields.clone())
            .unwrap_or_default();
        match (&problem.detail, resolution) {
            (
                ProblemDetail::Conflict {
                    conflict: Conflict::Field { field, mine, .. },
                    ..
                },
                _,
            ) => {
                let mut wanted = match resolution {
                    Resolution::Edited(value) => value.clone(),
                    _ => mine.clone(),
                };
                crate::sync::model::normalise_value(&mut wanted);
                if record.deleted() {
                    return Err(EditError::Deleted);
                }
                let old = field_value(record.fields(), field).clone();
                let mut fields = record.fields().clone();
                set_field(&mut fields, field, wanted.clone());
                self.registry
                    .validate(kind, &fields)
                    .map_err(EditError::Invalid)?;
                if old != wanted {
                    let changes = vec![FieldChange {
                        field: field.clone(),
                        old,
                        new: wanted,
                    }];
                    plan.enqueue(kind, id, base_version, Operation::Put { changes }, at, true);
                }
            }
            (
                ProblemDetail::Conflict {
                    conflict: Conflict::DeletedThere { .. },
                    operation,
                },
                Resolution::Mine,
            ) => {
                // Restore with the user's values over the deleted content.
                let mut fields = server_fields.clone();
                if let Operation::Put { changes } | Operation::Restore { changes } = operation {
                    for change in changes {
                        set_field(&mut fields, &change.field, change.new.clone());
                    }
                }
                self.registry
                    .validate(kind, &fields)
                    .map_err(EditError::Invalid)?;
                let changes = changes_between(&server_fields, &fields);
                plan.enqueue(
                    kind,
                    id,
                    base_version,
                    Operation::Restore { changes },
                    at,
                    true,
                );
            }
            (
                ProblemDetail::Conflict {
                    conflict: Conflict::EditedThere { .. },
                    ..
                },
                Resolution::Mine,
            ) => {
                if !record.deleted() {
                    let seen = record.fields().clone();
                    plan.enqueue(kind, id, base_version, Operation::Delete { seen }, at, true);
                }
            }
            _ => return Err(EditError::NotApplicable),
        }
        Ok(plan.finish())
    }
}

/// What a computed value is counted over: the live records this replica
/// holds.
impl Held for ClientState {
    fn registry(&self) -> &Registry {
        self.registry
    }

    fn live_of(&self, kind: RecordKind) -> Box<dyn Iterator<Item = (RecordId, &Fields)> + '_> {
        Box::new(self.live(kind).map(|record| (record.id, record.fields())))
    }

    fn fields_of(&self, id: RecordId) -> Option<&Fields> {
        self.records.get(&id).map(LocalRecord::fields)
    }
}

impl ClientState {
    /// Whether this replica was made for what `role` may see.
    pub fn is_view_of(&self, role: crate::auth::model::Role) -> bool {
        self.meta.view.as_deref() == Some(self.registry.view_of(role).as_str())
    }

    /// Plans making the replica show only what `role` may see (its role
    /// changed, or what the role reads): records of kinds it may not read
    /// leave, the personal fields it may not see leave the others, and so
    /// do the problems about either; then everything is pulled again from
    /// the start (unchanged records are not written again). Pending
    /// changes are kept, with the record they belong to: they are the
    /// user's own, and are sent (and answered) as they are.
    pub fn plan_view(&self, role: crate::auth::model::Role) -> WriteSet {
        let pending: std::collections::BTreeSet<RecordId> = self
            .outbox
            .values()
            .map(|mutation| mutation.record_id)
            .collect();
        let mut plan = Plan::new(self);
        for record in self.records.values() {
            let spec = self.registry.get(record.kind);
            let readable = spec.is_some_and(|spec| spec.readable_by(role));
            if !readable {
                if !pending.contains(&record.id) {
                    plan.set.evicted.push(record.id);
                }
                continue;
            }
            let Some(spec) = spec.filter(|spec| !spec.shows_personal_data(role)) else {
                continue;
            };
            let Some(server) = &record.server else {
                continue;
            };
            let mut withheld = server.clone();
            spec.withhold(role, &mut withheld.fields);
            if withheld == *server {
                continue;
            }
            if pending.contains(&record.id) {
                plan.set
                    .records
                    .insert(record.id, LocalRecord::synced(withheld));
                plan.rebase(record.id, record.kind);
            } else {
                plan.set
                    .records
                    .insert(record.id, LocalRecord::synced(withheld));
            }
        }
        for (key, problem) in &self.problems {
            let spec = self.registry.get(problem.kind);
            let readable = spec.is_some_and(|spec| spec.readable_by(role));
            let hidden_field = spec.is_some_and(|spec| {
                !spec.shows_personal_data(role)
                    && match &problem.detail {
                        ProblemDetail::Conflict {
                            conflict: Conflict::Field { field, .. },
                            ..
                        } => spec.field(field).is_some_and(|field| field.personal),
                        _ => false,
                    }
            });
            if !readable || hidden_field {
                plan.set.problems.insert(key.clone(), None);
            }
        }
        let mut meta = plan.meta().clone();
        meta.view = Some(self.registry.view_of(role));
        meta.cursor = 0;
        meta.last_synced_at = None;
        plan.set.meta = Some(meta);
        plan.finish()
    }

    /// Plans dropping closed records from the cache to make room: only
    /// records with nothing pending and no problem, oldest change first, at
    /// most `limit`. The server keeps them.
    pub fn plan_evict(&self, today: crate::calendar::IsoDate, limit: usize) -> WriteSet {
        let busy: std::collections::BTreeSet<RecordId> = self
            .outbox
            .values()
            .map(|mutation| mutation.record_id)
            .chain(self.problems.values().map(|problem| problem.record_id))
            .collect();
        let mut candidates: Vec<&LocalRecord> = self
            .records
            .values()
            .filter(|record| !busy.contains(&record.id))
            .filter(|record| {
                record.deleted() || self.registry.is_closed(record.kind, record.fields(), today)
            })
            .collect();
        candidates.sort_by_key(|record| record.server.as_ref().map_or(0, |doc| doc.updated.at));
        let mut set = WriteSet {
            evicted: candidates
                .iter()
                .take(limit)
                .map(|record| record.id)
                .collect(),
            ..WriteSet::default()
        };
        if !set.evicted.is_empty() {
            set.meta = Some(self.meta.clone());
        }
        set
    }
}

/// The changes that turn `from` into `to`, field by field.
pub fn changes_between(from: &Fields, to: &Fields) -> Vec<FieldChange> {
    super::merge::differing_fields(from, to)
        .into_iter()
        .map(|field| FieldChange {
            old: field_value(from, &field).clone(),
            new: field_value(to, &field).clone(),
            field,
        })
        .collect()
}

/// A write set being planned, read through on top of the state.
struct Plan<'a> {
    state: &'a ClientState,
    set: WriteSet,
}

impl<'a> Plan<'a> {
    fn new(state: &'a ClientState) -> Self {
        Self {
            state,
            set: WriteSet::default(),
        }
    }

    /// The set, with the meta entry whenever anything changes (storage
    /// stamps the generation on it).
    fn finish(mut self) -> WriteSet {
        if !self.set.is_empty() && self.set.meta.is_none() {
            self.set.meta = Some(self.state.meta.clone());
        }
        self.set
    }

    fn meta(&self) -> &Meta {
        self.set.meta.as_ref().unwrap_or(&self.state.meta)
    }

    fn record(&self, id: RecordId) -> Option<&LocalRecord> {
        self.set
            .records
            .get(&id)
            .or_else(|| self.state.records.get(&id))
    }

    /// The record's pending mutations, oldest first.
    fn pending(&self, id: RecordId) -> Vec<&Mutation> {
        // The record's own first: a push's answers rebase each of up to
        // 200 records against an outbox of up to thousands.
        let kept = self
            .state
            .outbox
            .iter()
            .filter(|(seq, mutation)| {
                mutation.record_id == id && !self.set.outbox.contains_key(seq)
            })
            .map(|(_, mutation)| mutation);
        let added = self
            .set
            .outbox
            .values()
            .flatten()
            .filter(|mutation| mutation.record_id == id);
        let mut pending: Vec<&Mutation> = kept.chain(added).collect();
        pending.sort_by_key(|mutation| mutation.seq);
        pending
    }

    fn set_problem(&mut self, problem: Problem) {
        self.set.problems.insert(problem.key.clone(), Some(problem));
    }

    /// Queues a mutation and shows it in the record at once.
    fn enqueue(
        &mut self,
        kind: RecordKind,
        record_id: RecordId,
        base_version: u64,
        operation: Operation,
        at: i64,
        settles: bool,
    ) {
        let mut meta = self.meta().clone();
        let mutation = Mutation {
            client_id: meta.client_id,
            seq: meta.next_seq,
            kind,
            record_id,
            base_version,
            at,
            operation,
            settles,
        };
        meta.next_seq += 1;
        self.set.outbox.insert(mutation.seq, Some(mutation));
        self.set.meta = Some(meta);
        self.rebase(record_id, kind);
    }

    /// Keeps a server state if it is newer than the one known.
    fn take_server(&mut self, document: &Document) {
        let known = self.record(document.id);
        if known.is_some_and(|record| {
            record.server.is_some() && record.server_version() >= document.version
        }) {
            return;
        }
        // What the user sees is recomputed by the `rebase` that follows.
        let (fields, deleted) = known.map_or((Fields::new(), false), |record| {
            (record.fields().clone(), record.deleted())
        });
        let record = LocalRecord::with_view(
            document.kind,
            document.id,
            Some(document.clone()),
            fields,
            deleted,
        );
        self.set.records.insert(document.id, record);
    }

    /// Takes an answer that left the record out (the mutation changed
    /// nothing, or a later answer carries the record). A copy here as new
    /// as `version` (the record's version after the mutation) or newer
    /// already holds it. An older one gets what the server did with the
    /// mutation — its values, or theirs where a field collided — under its
    /// own version, so any newer copy (a later answer, the next pull)
    /// replaces it. A collision over the whole record (deleted or edited
    /// there) applied nothing.
    fn fold(&mut self, mutation: &Mutation, version: Option<u64>, conflicts: &[Conflict]) {
        if conflicts
            .iter()
            .any(|conflict| !matches!(conflict, Conflict::Field { .. }))
        {
            return;
        }
        let Some(known) = self.record(mutation.record_id) else {
            return;
        };
        let Some(mut document) = known.server.clone() else {
            return;
        };
        if version.is_none_or(|version| document.version >= version) {
            return;
        }
        let (view, view_deleted) = (known.fields().clone(), known.deleted());
        match &mutation.operation {
            Operation::Put { changes } | Operation::Restore { changes } => {
                if matches!(mutation.operation, Operation::Restore { .. }) {
                    document.deleted = false;
                }
                for change in changes {
                    let theirs = conflicts.iter().find_map(|conflict| match conflict {
                        Conflict::Field { field, theirs, .. } if *field == change.field => {
                            Some(theirs)
                        }
                        _ => None,
                    });
                    let value = theirs.unwrap_or(&change.new).clone();
                    set_field(&mut document.fields, &change.field, value);
                }
            }
            Operation::Delete { .. } => document.deleted = true,
        }
        let record = LocalRecord::with_view(
            mutation.kind,
            mutation.record_id,
            Some(document),
            view,
            view_deleted,
        );
        self.set.records.insert(mutation.record_id, record);
    }

    /// Drops a record and the problems about it from this replica.
    fn withdraw(&mut self, id: RecordId) {
        self.set.records.remove(&id);
        if self.state.records.contains_key(&id) {
            self.set.evicted.push(id);
        }
        for (key, problem) in &self.state.problems {
            if problem.record_id == id {
                self.set.problems.insert(key.clone(), None);
            }
        }
    }

    /// Keeps a server state if it is newer than the one known, for a record
    /// with nothing pending (what the user sees is that state).
    fn take_server_alone(&mut self, document: &Document) {
        let known = self.record(document.id).is_some_and(|record| {
            record.server.is_some() && record.server_version() >= document.version
        });
        if known {
            return;
        }
        self.set
            .records
            .insert(document.id, LocalRecord::synced(document.clone()));
    }

    /// Recomputes what the user sees: the server state, then each pending
    /// mutation in order.
    fn rebase(&mut self, id: RecordId, kind: RecordKind) {
        let server = self.record(id).and_then(|record| record.server.clone());
        let (mut fields, mut deleted) = server
            .as_ref()
            .map(|document| (document.fields.clone(), document.deleted))
            .unwrap_or_default();
        for mutation in self.pending(id) {
            match &mutation.operation {
                Operation::Put { changes } => {
                    for change in changes {
                        set_field(&mut fields, &change.field, change.new.clone());
                    }
                }
                Operation::Restore { changes } => {
                    deleted = false;
                    for change in changes {
                        set_field(&mut fields, &change.field, change.new.clone());
                    }
                }
                Operation::Delete { .. } => deleted = true,
            }
        }
        let record = LocalRecord::with_view(kind, id, server, fields, deleted);
        self.set.records.insert(id, record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::spec::Registry;
    use crate::sync::model::{PushResult, Stamp};
    use serde_json::json;

    const SESSION: RecordKind = RecordKind::new("council_session");

    /// A registry of one kind: what these tests edit and sync.
    static REGISTRY: Registry = Registry::new(&[&crate::kinds::council_session::SPEC]);

    fn session(place: &str) -> Fields {
        let mut fields: Fields = serde_json::from_value(json!({
            "term": 18, "number": 11, "session_type": "regular",
            "starts_on": "2020-12-09", "ends_on": "2020-12-11"
        }))
        .unwrap();
        fields.insert("place".into(), json!(place));
        fields
    }

    fn stamp(at: i64) -> Stamp {
        Stamp {
            username: "lan".into(),
            display_name: "Trần Thị Lan".into(),
            at,
        }
    }

    fn document(id: RecordId, version: u64, fields: Fields, deleted: bool) -> Document {
        Document {
            kind: SESSION,
            id,
            version,
            fields,
            deleted,
            created: stamp(1),
            updated: stamp(version as i64),
        }
    }

    fn commit(state: &mut ClientState, set: WriteSet) {
        state.apply(set);
    }

    #[test]
    fn an_edit_shows_at_once_and_waits_in_the_outbox_until_acknowledged() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let plan = state
            .plan_save(SESSION, id, &session("Hội trường"), 10)
            .unwrap();
        assert!(plan.adds_to_outbox());
        commit(&mut state, plan);
        assert_eq!(state.records[&id].fields()["place"], "Hội trường");
        assert!(state.is_pending(id));
        let sent = state.next_push(10);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].seq, 1);
        assert_eq!(state.meta.next_seq, 2);

        let acknowledged = PushResponse {
            results: vec![PushResult {
                seq: 1,
                outcome: Outcome::applied(document(id, 1, session("Hội trường"), false)),
            }],
        };
        let plan = state.plan_push_response(&acknowledged);
        commit(&mut state, plan);
        assert!(state.outbox.is_empty());
        assert_eq!(state.records[&id].server_version(), 1);
        // The same answer again (a duplicated reply) changes nothing.
        assert!(state.plan_push_response(&acknowledged).is_empty());
    }

    #[test]
    fn an_answer_without_the_record_folds_the_edit_into_an_older_copy_only() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![document(id, 1, session("A"), false)],
                cursor: 1,
                more: false,
                role: None,
            },
            1,
        );
        commit(&mut state, plan);
        let plan = state.plan_save(SESSION, id, &session("B"), 2).unwrap();
        commit(&mut state, plan);
        // Answered without the record (a later answer of the push carried
        // it, or nothing changed): the edit is what the server holds now.
        let answer = |version| PushResponse {
            results: vec![PushResult {
                seq: 1,
                outcome: Outcome::Applied {
                    record: None,
                    version: Some(version),
                },
            }],
        };
        let plan = state.plan_push_response(&answer(2));
        commit(&mut state, plan);
        assert!(state.outbox.is_empty());
        let record = &state.records[&id];
        assert!(!record.has_local_view(), "nothing pending");
        assert_eq!(record.fields()["place"], "B");
        // Under its old version, so the pull's copy (version 2) replaces it.
        assert_eq!(record.server_version(), 1);

        // A copy as new as the answer, pulled before the answer arrived,
        // already holds the edit (and whatever came with it): untouched.
        let plan = state.plan_save(SESSION, id, &session("D"), 4).unwrap();
        commit(&mut state, plan);
        let mut pulled = session("D");
        pulled.insert("agenda".into(), json!("của người khác"));
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![document(id, 3, pulled.clone(), false)],
                cursor: 3,
                more: false,
                role: None,
            },
            3,
        );
        commit(&mut state, plan);
        let mut late = answer(3);
        late.results[0].seq = 2;
        let plan = state.plan_push_response(&late);
        commit(&mut state, plan);
        let record = &state.records[&id];
        assert_eq!(record.server_version(), 3);
        assert_eq!(record.server.as_ref().unwrap().fields, pulled);
        assert!(!record.has_local_view());
    }

    #[test]
    fn a_withheld_answer_drops_the_record_and_its_problems() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let plan = state.plan_save(SESSION, id, &session("A"), 1).unwrap();
        commit(&mut state, plan);
        let plan = state.plan_push_response(&PushResponse {
            results: vec![PushResult {
                seq: 1,
                outcome: Outcome::Rejected {
                    reason: Rejection::Forbidden,
                },
            }],
        });
        commit(&mut state, plan);
        assert_eq!(state.problems.len(), 1);
        let plan = state.plan_save(SESSION, id, &session("B"), 2).unwrap();
        commit(&mut state, plan);
        let plan = state.plan_push_response(&PushResponse {
            results: vec![PushResult {
                seq: 2,
                outcome: Outcome::Withheld,
            }],
        });
        commit(&mut state, plan);
        assert!(state.outbox.is_empty());
        assert!(!state.records.contains_key(&id));
        assert!(state.problems.is_empty());
    }

    #[test]
    fn a_new_view_drops_what_the_role_may_not_see_and_keeps_pending_edits() {
        use crate::auth::model::Role;
        static THREE: Registry = Registry::new(&[
            &crate::kinds::council_session::SPEC,
            &crate::kinds::reception_matter::SPEC,
            &crate::kinds::party_member::SPEC,
        ]);
        let matter_kind = RecordKind::new("reception_matter");
        let member_kind = RecordKind::new("party_member");
        let doc = |kind, id, fields: serde_json::Value| Document {
            kind,
            id,
            version: 1,
            fields: serde_json::from_value(fields).unwrap(),
            deleted: false,
            created: stamp(1),
            updated: stamp(1),
        };
        let (matter, member, pending_member) = (RecordId::new(), RecordId::new(), RecordId::new());
        let mut state = ClientState::new(ClientId::new(), &THREE);
        state.meta.view = Some(THREE.view_of(Role::OfficeLeader));
        assert!(state.is_view_of(Role::OfficeLeader));
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![
                    doc(
                        matter_kind,
                        matter,
                        json!({"subject": "Tố cáo", "matter_type": "denunciation",
                               "received_on": "2020-03-02", "citizen_name": "Người tố cáo",
                               "citizen_phone": "0912345678"}),
                    ),
                    doc(member_kind, member, json!({"full_name": "Đảng viên A"})),
                    doc(
                        member_kind,
                        pending_member,
                        json!({"full_name": "Đảng viên B"}),
                    ),
                ],
                cursor: 3,
                more: false,
                role: None,
            },
            1,
        );
        commit(&mut state, plan);
        let edited: Fields = serde_json::from_value(json!({"full_name": "Đảng viên B2"})).unwrap();
        let plan = state
            .plan_save(member_kind, pending_member, &edited, 2)
            .unwrap();
        commit(&mut state, plan);

        // Now reception staff: no Party records, personal data still seen.
        assert!(!state.is_view_of(Role::ReceptionStaff));
        let plan = state.plan_view(Role::ReceptionStaff);
        commit(&mut state, plan);
        assert!(state.is_view_of(Role::ReceptionStaff));
        assert!(!state.records.contains_key(&member));
        assert!(
            state.records.contains_key(&pending_member),
            "kept with its edit"
        );
        assert_eq!(state.outbox.len(), 1);
        assert_eq!(
            state.records[&matter].fields()["citizen_phone"],
            "0912345678"
        );
        assert_eq!(state.meta.cursor, 0, "pulled again from the start");

        // Then staff: the matter stays, without the citizen.
        let plan = state.plan_view(Role::Staff);
        commit(&mut state, plan);
        let fields = state.records[&matter].fields();
        assert_eq!(fields["subject"], "Tố cáo");
        assert!(!fields.contains_key("citizen_name") && !fields.contains_key("citizen_phone"));
        // The same view again changes nothing but the cursor it already has.
        let again = state.plan_view(Role::Staff);
        assert!(again.records.is_empty() && again.evicted.is_empty());
    }

    #[test]
    fn a_record_is_stored_once_unless_it_has_pending_edits() {
        let id = RecordId::new();
        let synced = LocalRecord::with_view(
            SESSION,
            id,
            Some(document(id, 1, session("A"), false)),
            session("A"),
            false,
        );
        assert_eq!(
            synced,
            LocalRecord::synced(document(id, 1, session("A"), false))
        );
        let text = serde_json::to_string(&synced).unwrap();
        assert_eq!(text.matches("\"place\"").count(), 1, "{text}");
        assert_eq!(serde_json::from_str::<LocalRecord>(&text).unwrap(), synced);
        let edited =
            LocalRecord::with_view(SESSION, id, synced.server.clone(), session("B"), false);
        let text = serde_json::to_string(&edited).unwrap();
        assert_eq!(text.matches("\"place\"").count(), 2, "{text}");
        assert_eq!(serde_json::from_str::<LocalRecord>(&text).unwrap(), edited);
    }

    #[test]
    fn invalid_edits_are_refused_before_they_reach_the_outbox() {
        let state = ClientState::new(ClientId::new(), &REGISTRY);
        let error = state
            .plan_save(SESSION, RecordId::new(), &session(" "), 1)
            .unwrap_err();
        assert!(matches!(error, EditError::Invalid(fields) if fields[0].field == "place"));
    }

    #[test]
    fn a_pull_under_a_pending_edit_keeps_the_edit_on_top() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let pulled = PullResponse {
            records: vec![document(id, 1, session("A"), false)],
            cursor: 7,
            more: false,
            role: None,
        };
        let plan = state.plan_pull(&pulled, 99);
        commit(&mut state, plan);
        assert_eq!(state.meta.cursor, 7);
        assert_eq!(state.meta.last_synced_at, Some(99));
        let mut mine = session("A");
        mine.insert("agenda".into(), json!("Mine"));
        let plan = state.plan_save(SESSION, id, &mine, 5).unwrap();
        commit(&mut state, plan);
        let mut theirs = session("B");
        theirs.insert("agenda".into(), Value::Null);
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![document(id, 2, session("B"), false)],
                cursor: 8,
                more: false,
                role: None,
            },
            100,
        );
        commit(&mut state, plan);
        let record = &state.records[&id];
        assert_eq!(record.fields()["place"], "B");
        assert_eq!(record.fields()["agenda"], "Mine");
        // An older state arriving late is ignored.
        let stale = PullResponse {
            records: vec![document(id, 1, session("A"), false)],
            cursor: 8,
            more: false,
            role: None,
        };
        let plan = state.plan_pull(&stale, 101);
        commit(&mut state, plan);
        assert_eq!(state.records[&id].server_version(), 2);
    }

    #[test]
    fn a_conflict_becomes_a_problem_the_user_settles() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![document(id, 1, session("A"), false)],
                cursor: 1,
                more: false,
                role: None,
            },
            1,
        );
        commit(&mut state, plan);
        let plan = state.plan_save(SESSION, id, &session("Mine"), 2).unwrap();
        commit(&mut state, plan);
        let conflict = Conflict::Field {
            field: "place".into(),
            base: json!("A"),
            mine: json!("Mine"),
            theirs: json!("Theirs"),
            theirs_by: Some(stamp(3)),
        };
        let plan = state.plan_push_response(&PushResponse {
            results: vec![PushResult {
                seq: 1,
                outcome: Outcome::conflict(
                    document(id, 2, session("Theirs"), false),
                    vec![conflict],
                ),
            }],
        });
        commit(&mut state, plan);
        let key = format!("{id}/field/place");
        assert!(state.problems.contains_key(&key));
        assert!(state.outbox.is_empty());
        assert_eq!(state.records[&id].fields()["place"], "Theirs");

        // An edited value is validated like the form.
        assert!(matches!(
            state.plan_resolve(&key, &Resolution::Edited(json!("")), 4),
            Err(EditError::Invalid(_))
        ));
        let plan = state
            .plan_resolve(&key, &Resolution::Edited(json!("Both")), 4)
            .unwrap();
        commit(&mut state, plan);
        assert!(state.problems.is_empty());
        let pending = state.next_push(10);
        assert_eq!(
            pending[0].operation,
            Operation::Put {
                changes: vec![FieldChange {
                    field: "place".into(),
                    old: json!("Theirs"),
                    new: json!("Both")
                }]
            }
        );
        // It replaces someone else's value: they are to be told.
        assert!(pending[0].settles);
        assert_eq!(state.records[&id].fields()["place"], "Both");
    }

    #[test]
    fn edit_against_delete_can_restore_the_record() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![document(id, 1, session("A"), false)],
                cursor: 1,
                more: false,
                role: None,
            },
            1,
        );
        commit(&mut state, plan);
        let plan = state.plan_save(SESSION, id, &session("Mine"), 2).unwrap();
        commit(&mut state, plan);
        // An ordinary edit settles nothing.
        assert!(!state.next_push(1)[0].settles);
        let plan = state.plan_push_response(&PushResponse {
            results: vec![PushResult {
                seq: 1,
                outcome: Outcome::conflict(
                    document(id, 2, session("A"), true),
                    vec![Conflict::DeletedThere { by: stamp(3) }],
                ),
            }],
        });
        commit(&mut state, plan);
        assert!(state.records[&id].deleted());
        let key = format!("{id}/record");
        let plan = state.plan_resolve(&key, &Resolution::Mine, 5).unwrap();
        commit(&mut state, plan);
        let record = &state.records[&id];
        assert!(!record.deleted());
        assert_eq!(record.fields()["place"], "Mine");
        let restore = &state.next_push(1)[0];
        assert!(matches!(restore.operation, Operation::Restore { .. }));
        // The restore overrules whoever deleted it: they are to be told.
        assert!(restore.settles);
    }

    #[test]
    fn a_deleted_record_is_restored_as_it_was_and_only_a_deleted_one() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![document(id, 3, session("A"), true)],
                cursor: 1,
                more: false,
                role: None,
            },
            1,
        );
        commit(&mut state, plan);
        assert!(state.records[&id].deleted());
        let plan = state.plan_restore(id, 2).unwrap();
        commit(&mut state, plan);
        let record = &state.records[&id];
        assert!(!record.deleted());
        assert_eq!(record.fields()["place"], "A", "as it was");
        let restore = &state.next_push(1)[0];
        assert_eq!(restore.base_version, 3);
        assert_eq!(
            restore.operation,
            Operation::Restore {
                changes: Vec::new()
            }
        );
        assert!(!restore.settles);
        assert_eq!(state.plan_restore(id, 3), Err(EditError::NotApplicable));
        assert_eq!(
            state.plan_restore(RecordId::new(), 3),
            Err(EditError::NotFound)
        );
    }

    #[test]
    fn eviction_drops_only_old_closed_records_with_nothing_pending() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let (old, pending, recent) = (RecordId::new(), RecordId::new(), RecordId::new());
        let mut recent_fields = session("C");
        recent_fields.insert("starts_on".into(), json!("2026-11-01"));
        recent_fields.insert("ends_on".into(), json!("2026-11-02"));
        let plan = state.plan_pull(
            &PullResponse {
                records: vec![
                    document(old, 1, session("A"), false),
                    document(pending, 1, session("B"), false),
                    document(recent, 1, recent_fields, false),
                ],
                cursor: 3,
                more: false,
                role: None,
            },
            1,
        );
        commit(&mut state, plan);
        let mut edited = session("B");
        edited.insert("agenda".into(), json!("chưa gửi"));
        let plan = state.plan_save(SESSION, pending, &edited, 2).unwrap();
        commit(&mut state, plan);

        let today = crate::calendar::IsoDate::parse("2026-11-28").unwrap();
        let plan = state.plan_evict(today, 10);
        assert_eq!(plan.evicted, [old]);
        commit(&mut state, plan);
        assert!(!state.records.contains_key(&old));
        assert!(
            state.records.contains_key(&pending),
            "never a record with pending edits"
        );
        assert!(
            state.records.contains_key(&recent),
            "never a record still in use"
        );
        assert_eq!(state.outbox.len(), 1, "never the outbox");
        assert!(state.plan_evict(today, 10).is_empty());
    }

    #[test]
    fn a_refusal_is_kept_for_the_user_except_deleting_what_never_was() {
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let id = RecordId::new();
        let plan = state.plan_save(SESSION, id, &session("A"), 1).unwrap();
        commit(&mut state, plan);
        let plan = state.plan_delete(id, 2).unwrap();
        commit(&mut state, plan);
        assert!(state.records[&id].deleted());
        let plan = state.plan_push_response(&PushResponse {
            results: vec![
                PushResult {
                    seq: 1,
                    outcome: Outcome::Rejected {
                        reason: Rejection::Forbidden,
                    },
                },
                PushResult {
                    seq: 2,
                    outcome: Outcome::Rejected {
                        reason: Rejection::NotFound,
                    },
                },
            ],
        });
        commit(&mut state, plan);
        assert!(state.outbox.is_empty());
        assert_eq!(state.problems.len(), 1);
        let problem = state.problems.values().next().unwrap();
        assert!(matches!(
            &problem.detail,
            ProblemDetail::Rejected {
                reason: Rejection::Forbidden,
                ..
            }
        ));
        assert!(matches!(
            state.plan_resolve(&problem.key, &Resolution::Mine, 3),
            Err(EditError::NotApplicable)
        ));
    }
}
