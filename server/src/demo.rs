//! `hdnd demo` and `hdnd serve --demo`: the reference year of DOMAIN.md
//! (`app::demo`, the data) entered as real records through the store's
//! push, so through the same validation, merge and field audit as anything
//! a user saves, by demo accounts of every role.

use std::collections::HashMap;
use std::path::Path;

use app::auth::model::{NewUser, Role};
use app::auth::server::hash_password;
use app::backend::{EventSource, Pusher};
use app::demo::{DemoRecord, DemoYear};
use app::records::review::{self, State, Step};
use app::sync::model::{
    ClientId, FieldChange, Fields, Mutation, Operation, Outcome, RecordId, RecordKind, field_value,
};
use serde_json::Value;

use crate::store::{Store, StoreError};

/// The password of every demo account (shown by `hdnd demo` and in the README).
pub const DEMO_PASSWORD: &str = "hdnd-demo-2020";

/// The demo accounts: user name, display name, role.
pub const ACCOUNTS: [(&str, &str, Role); 5] = [
    ("lanhdao", "Nguyễn Thị Thu Hà", Role::OfficeLeader),
    ("chuyenvien", "Trần Văn Quảng", Role::Staff),
    ("tiepdan", "Hoàng Thị Hoa", Role::ReceptionStaff),
    ("thuongtruc", "Thào Hồng Sơn", Role::StandingCommittee),
    ("khach", "Lê Minh Giang", Role::Viewer),
];

/// Why the demo could not be entered; one line each.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "the database already holds {0} records; the demo goes into an empty one (add --force to add it anyway)"
    )]
    NotEmpty(u64),
    #[error("no administrator account to enter the catalogues with")]
    NoAdministrator,
    #[error("cannot create the demo account {0}: {1}")]
    Account(String, String),
    #[error("a demo record was not accepted ({kind}): {detail}")]
    Refused { kind: String, detail: String },
}

/// What the demo entered.
#[derive(Debug, Default)]
pub struct Summary {
    /// Records per kind, in registry order.
    pub records: Vec<(RecordKind, usize)>,
}

impl Summary {
    pub fn total(&self) -> usize {
        self.records.iter().map(|(_, count)| count).sum()
    }
}

/// One author's pushes: its replica id and sequence.
struct Author {
    pusher: Pusher,
    client: ClientId,
    seq: u64,
}

/// Collects records in the order they are made and pushes them, each run of
/// one author's records as one push (a record may link only to records
/// entered before it, whoever entered them).
struct Entry<'a> {
    store: &'a Store,
    authors: Vec<Author>,
    /// (author index, mutation), in order.
    pending: Vec<(usize, Mutation)>,
    counts: Vec<(RecordKind, usize)>,
    /// The version of each record pushed, from its last answer.
    versions: HashMap<RecordId, u64>,
    /// The records to take to a review state once all are entered.
    reviewed: Vec<Reviewed>,
}

/// A demo record that is not left a draft.
struct Reviewed {
    author: usize,
    kind: RecordKind,
    id: RecordId,
    target: State,
    /// The reviewer's comment of a return.
    note: Option<String>,
}

/// The office leader's place among the authors (`By::Leader`).
const LEADER: usize = app::demo::By::Leader as usize;
/// The Standing Committee member's, after the demo's authors.
const STANDING_COMMITTEE: usize = 4;

impl Entry<'_> {
    /// Queues a demo record as a new record by its author: a draft, whose
    /// review state (`app::demo` gives it) is reached afterwards by the
    /// steps its author and its reviewer take (`review`).
    fn add(&mut self, record: DemoRecord) -> Result<(), DemoError> {
        let target = State::of(&record.fields);
        let note = field_value(&record.fields, review::NOTE)
            .as_str()
            .map(str::to_owned);
        let changes = record
            .fields
            .into_iter()
            .filter(|(field, _)| !review::is_review_field(field))
            .map(|(field, new)| FieldChange {
                field,
                old: Value::Null,
                new,
            })
            .collect();
        self.queue(
            record.by as usize,
            record.kind,
            record.id,
            Operation::Put { changes },
        )?;
        if target != State::Draft {
            self.reviewed.push(Reviewed {
                author: record.by as usize,
                kind: record.kind,
                id: record.id,
                target,
                note,
            });
        }
        match self
            .counts
            .iter_mut()
            .find(|(kind, _)| *kind == record.kind)
        {
            Some((_, count)) => *count += 1,
            None => self.counts.push((record.kind, 1)),
        }
        Ok(())
    }

    /// Queues one mutation of `author`'s, pushed with the next flush.
    fn queue(
        &mut self,
        author: usize,
        kind: RecordKind,
        record_id: RecordId,
        operation: Operation,
    ) -> Result<(), DemoError> {
        let base_version = self.versions.get(&record_id).copied().unwrap_or(0);
        let pusher = &mut self.authors[author];
        let mutation = Mutation {
            client_id: pusher.client,
            seq: pusher.seq,
            kind,
            record_id,
            base_version,
            at: crate::store::now_ms(),
            operation,
            settles: false,
        };
        pusher.seq += 1;
        self.pending.push((author, mutation));
        if self.pending.len() >= app::sync::model::MAX_PUSH {
            self.flush()?;
        }
        Ok(())
    }

    /// Takes every entered record to its review state, as an office does:
    /// its author submits it, then its reviewer — the Standing Committee
    /// for its own outputs, else the office leader — approves it or
    /// returns it with a comment. A leader's own record is approved by the
    /// leader at once.
    fn review(&mut self) -> Result<(), DemoError> {
        self.flush()?;
        let reviewed = std::mem::take(&mut self.reviewed);
        let direct = |entry: &Reviewed| entry.target == State::Approved && entry.author == LEADER;
        for entry in reviewed.iter().filter(|entry| !direct(entry)) {
            let changes = review::step_changes(&Fields::new(), Step::Submit, None);
            self.queue(
                entry.author,
                entry.kind,
                entry.id,
                Operation::Put { changes },
            )?;
        }
        self.flush()?;
        for entry in &reviewed {
            let step = match entry.target {
                State::Approved => Step::Approve,
                State::Returned => Step::Return,
                State::Submitted | State::Draft => continue,
            };
            // What the reviewer finds: a draft of its own, else submitted.
            let mut from = Fields::new();
            if !direct(entry) {
                from.insert(review::FIELD.to_owned(), Step::Submit.to().value());
            }
            let reviewer = match app::kinds::REGISTRY.get(entry.kind) {
                Some(spec) if !direct(entry) && review::reviews(spec, Role::StandingCommittee) => {
                    STANDING_COMMITTEE
                }
                _ => LEADER,
            };
            let changes = review::step_changes(&from, step, entry.note.as_deref());
            self.queue(reviewer, entry.kind, entry.id, Operation::Put { changes })?;
        }
        self.flush()
    }

    fn flush(&mut self) -> Result<(), DemoError> {
        let pending = std::mem::take(&mut self.pending);
        let mut runs: Vec<(usize, Vec<Mutation>)> = Vec::new();
        for (author, mutation) in pending {
            match runs.last_mut() {
                Some((last, run)) if *last == author => run.push(mutation),
                _ => runs.push((author, vec![mutation])),
            }
        }
        for (author, mut mutations) in runs {
            // A push may be answered in part (the writer's time budget): the
            // rest goes again, as a browser's sync loop sends it.
            while !mutations.is_empty() {
                let pushed = self
                    .store
                    .push(&self.authors[author].pusher, mutations.clone())?;
                let results = pushed.response.results;
                if results.is_empty() {
                    return Err(DemoError::Refused {
                        kind: mutations[0].kind.to_string(),
                        detail: "a push was answered with nothing".into(),
                    });
                }
                for (result, mutation) in results.iter().zip(&mutations) {
                    let Outcome::Applied { record, version } = &result.outcome else {
                        return Err(DemoError::Refused {
                            kind: mutation.kind.to_string(),
                            detail: serde_json::to_string(&result.outcome).unwrap_or_default(),
                        });
                    };
                    if let Some(version) = record.as_ref().map(|record| record.version).or(*version)
                    {
                        self.versions.insert(mutation.record_id, version);
                    }
                }
                mutations.drain(..results.len().min(mutations.len()));
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, DemoError> {
        self.review()?;
        let order: Vec<RecordKind> = app::kinds::REGISTRY.all().map(|s| s.kind).collect();
        self.counts
            .sort_by_key(|(kind, _)| order.iter().position(|k| k == kind));
        Ok(Summary {
            records: self.counts,
        })
    }
}

/// `hdnd demo [--data-dir DIR] [--force]`.
pub fn run(data_dir: &Path, force: bool) -> Result<String, DemoError> {
    let store = Store::open(data_dir, &app::kinds::REGISTRY)?;
    crate::accounts::ensure_admin(
        &store,
        std::env::var(crate::accounts::ADMIN_PASSWORD_ENV)
            .ok()
            .as_deref(),
    )
    .map_err(|error| DemoError::Account("admin".into(), error.to_string()))?;
    let summary = enter(&store, force)?;
    Ok(describe(&summary))
}

/// What to tell the person who ran it: the counts and the accounts.
pub fn describe(summary: &Summary) -> String {
    let kinds = summary
        .records
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect::<Vec<_>>()
        .join(", ");
    let accounts = ACCOUNTS
        .iter()
        .map(|(username, _, role)| format!("{username} ({role})"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "entered the demo office (reference year 2020 and early 2021): {} records — {kinds}. \
         Sign in as {accounts} with the password {DEMO_PASSWORD}; the catalogues belong to the administrator.",
        summary.total()
    )
}

/// Enters the demo into `store`: refused when it already holds records,
/// unless `force`.
pub fn enter(store: &Store, force: bool) -> Result<Summary, DemoError> {
    let existing = store.count_records()?;
    if existing > 0 && !force {
        return Err(DemoError::NotEmpty(existing));
    }
    let source = EventSource {
        actor: None,
        origin: "hdnd demo".to_owned(),
    };
    let admin = store
        .list_users()?
        .into_iter()
        .find(|user| user.role == Role::Admin && !user.disabled)
        .ok_or(DemoError::NoAdministrator)?;
    let mut pushers = vec![pusher(store, &admin.username)?];
    for (username, display_name, role) in ACCOUNTS {
        if store.find_login(username)?.is_none() {
            let request = NewUser {
                username: username.to_owned(),
                display_name: display_name.to_owned(),
                role,
                password: DEMO_PASSWORD.to_owned(),
            };
            let user = request
                .validate()
                .map_err(|error| DemoError::Account(username.into(), error.to_string()))?;
            let hash = hash_password(DEMO_PASSWORD)
                .map_err(|error| DemoError::Account(username.into(), error.to_string()))?;
            store.create_user(&user, &hash, &source)?;
        }
        // The authors in `By` order, then the Standing Committee, which
        // enters nothing and approves its own outputs.
        if matches!(
            role,
            Role::OfficeLeader | Role::Staff | Role::ReceptionStaff | Role::StandingCommittee
        ) {
            pushers.push(pusher(store, username)?);
        }
    }
    let mut entry = Entry {
        store,
        authors: pushers
            .into_iter()
            .map(|pusher| Author {
                pusher,
                client: ClientId::new(),
                seq: 1,
            })
            .collect(),
        pending: Vec::new(),
        counts: Vec::new(),
        versions: HashMap::new(),
        reviewed: Vec::new(),
    };
    for record in DemoYear::new().records {
        entry.add(record)?;
    }
    entry.finish()
}

fn pusher(store: &Store, username: &str) -> Result<Pusher, DemoError> {
    let login = store
        .find_login(username)?
        .ok_or_else(|| DemoError::Account(username.into(), "not found".into()))?;
    Ok(Pusher {
        user_id: login.user.id,
        role: login.user.identity.role,
    })
}
