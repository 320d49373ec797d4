//! `hdnd demo` and `hdnd serve --demo`: the reference year of DOMAIN.md
//! (`app::demo`, the data) entered as real records through the store's
//! push, so through the same validation, merge and field audit as anything
//! a user saves, by demo accounts of every role.

use std::path::Path;

use app::auth::model::{NewUser, Role};
use app::auth::server::hash_password;
use app::backend::{EventSource, Pusher};
use app::demo::{DemoRecord, DemoYear};
use app::sync::model::{ClientId, FieldChange, Mutation, Operation, Outcome, RecordKind};
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
}

impl Entry<'_> {
    /// Queues a demo record as a new record by its author.
    fn add(&mut self, record: DemoRecord) -> Result<(), DemoError> {
        let author = &mut self.authors[record.by as usize];
        let changes = record
            .fields
            .into_iter()
            .map(|(field, new)| FieldChange {
                field,
                old: Value::Null,
                new,
            })
            .collect();
        let mutation = Mutation {
            client_id: author.client,
            seq: author.seq,
            kind: record.kind,
            record_id: record.id,
            base_version: 0,
            at: crate::store::now_ms(),
            operation: Operation::Put { changes },
            settles: false,
        };
        author.seq += 1;
        self.pending.push((record.by as usize, mutation));
        match self
            .counts
            .iter_mut()
            .find(|(kind, _)| *kind == record.kind)
        {
            Some((_, count)) => *count += 1,
            None => self.counts.push((record.kind, 1)),
        }
        if self.pending.len() >= app::sync::model::MAX_PUSH {
            self.flush()?;
        }
        Ok(())
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
                    if !matches!(result.outcome, Outcome::Applied { .. }) {
                        return Err(DemoError::Refused {
                            kind: mutation.kind.to_string(),
                            detail: serde_json::to_string(&result.outcome).unwrap_or_default(),
                        });
                    }
                }
                mutations.drain(..results.len().min(mutations.len()));
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, DemoError> {
        self.flush()?;
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
        if matches!(
            role,
            Role::OfficeLeader | Role::Staff | Role::ReceptionStaff
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
