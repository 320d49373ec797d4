//! The replica as the screens see it: read the records, save and delete
//! (written to IndexedDB first, instantly, online or not), settle problems,
//! and the sync loop that pushes the outbox and pulls changes whenever the
//! server answers. One tab per user holds the sync lock (Web Locks) and
//! talks to the server; the others see its work through a BroadcastChannel.
//! Typing never waits for the network.

use leptos::prelude::*;

mod engine;

use crate::error::AppError;
use crate::records::spec::Registry;
use crate::sync::client::{ClientState, EditError, Resolution, WriteSet};
use crate::sync::model::{Fields, RecordId, RecordKind};
use crate::sync::status::{SaveError, StorageKind, SyncStatus, Trouble};
use crate::web::browser;
use crate::web::storage::{ReplicaStore, StorageError, WriteError};

fn storage_trouble(error: &StorageError) -> Trouble {
    let kind = match error {
        StorageError::Unavailable(_) => StorageKind::Unavailable,
        StorageError::Blocked => StorageKind::Blocked,
        StorageError::QuotaExceeded => StorageKind::Full,
        StorageError::Corrupt(_) => StorageKind::Damaged,
        StorageError::VersionChange => StorageKind::ChangedElsewhere,
        StorageError::Failed(_) => StorageKind::Other,
    };
    Trouble::Storage(error.to_string(), kind)
}

struct Inner {
    state: ClientState,
    store: Option<ReplicaStore>,
    username: Option<String>,
    channel: Option<web_sys::BroadcastChannel>,
    /// A sync was asked for (an edit, the network came back, another tab).
    kicked: bool,
    /// Ends the sync loop's current pause early (see `browser::nap`).
    wake: Option<js_sys::Function>,
}

/// The replica context. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Replica {
    inner: StoredValue<Inner, LocalStorage>,
    revision: RwSignal<u64>,
    status: RwSignal<SyncStatus>,
    /// What others did to this user's values when settling conflicts over
    /// them, as the server last said (fetched with each sync round).
    notices: RwSignal<Vec<crate::sync::model::Notice>>,
    registry: &'static Registry,
}

pub fn use_replica() -> Replica {
    expect_context::<Replica>()
}

impl Replica {
    /// The kinds this replica keeps.
    pub fn registry(&self) -> &'static Registry {
        self.registry
    }

    /// Reads the replica; re-runs when it changes.
    pub fn with<R>(&self, read: impl FnOnce(&ClientState) -> R) -> R {
        self.revision.track();
        self.inner.with_value(|inner| read(&inner.state))
    }

    /// Reads the replica without re-running on change (in event handlers).
    pub fn with_untracked<R>(&self, read: impl FnOnce(&ClientState) -> R) -> R {
        self.inner.with_value(|inner| read(&inner.state))
    }

    pub fn status(&self) -> SyncStatus {
        self.status.get()
    }

    pub fn status_signal(&self) -> RwSignal<SyncStatus> {
        self.status
    }

    /// The notices the signed-in user has not yet said were seen.
    pub fn notices(&self) -> ReadSignal<Vec<crate::sync::model::Notice>> {
        self.notices.read_only()
    }

    /// Tells the server these notices were seen; they leave the list once
    /// it has removed them.
    pub async fn dismiss_notices(&self, ids: Vec<i64>) -> Result<(), AppError> {
        crate::sync::api::notices_seen(ids.clone()).await?;
        self.notices
            .update(|notices| notices.retain(|notice| !ids.contains(&notice.id)));
        Ok(())
    }

    /// Saves a record from a form (new when the id is unknown here).
    pub async fn save(
        &self,
        kind: RecordKind,
        id: RecordId,
        fields: Fields,
    ) -> Result<(), SaveError> {
        let at = crate::platform::now_ms();
        self.edit(move |state| state.plan_save(kind, id, &fields, at))
            .await
    }

    /// Takes a review step on a record (offline like any edit).
    pub async fn review(
        &self,
        id: RecordId,
        step: crate::records::review::Step,
        note: Option<String>,
    ) -> Result<(), SaveError> {
        let at = crate::platform::now_ms();
        self.edit(move |state| state.plan_review(id, step, note.as_deref(), at))
            .await
    }

    /// The history of record `id` kept in this browser when it was last
    /// read from the server (its JSON text), if any.
    pub async fn kept_history(&self, id: RecordId) -> Option<String> {
        let store = self.inner.with_value(|inner| inner.store.clone())?;
        match store.read_history(id).await {
            Ok(text) => text,
            Err(error) => {
                leptos::logging::warn!("cannot read a kept history: {error}");
                None
            }
        }
    }

    /// Keeps the history of record `id` (its JSON text) to be read offline.
    pub async fn keep_history(&self, id: RecordId, text: String) {
        let Some(store) = self.inner.with_value(|inner| inner.store.clone()) else {
            return;
        };
        if let Err(error) = store.write_history(id, text).await {
            leptos::logging::warn!("cannot keep a history: {error}");
        }
    }

    /// Restores a deleted record (offline like any edit).
    pub async fn restore(&self, id: RecordId) -> Result<(), SaveError> {
        let at = crate::platform::now_ms();
        self.edit(move |state| state.plan_restore(id, at)).await
    }

    pub async fn delete(&self, id: RecordId) -> Result<(), SaveError> {
        let at = crate::platform::now_ms();
        self.edit(move |state| state.plan_delete(id, at)).await
    }

    pub async fn resolve(&self, key: String, resolution: Resolution) -> Result<(), SaveError> {
        let at = crate::platform::now_ms();
        self.edit(move |state| state.plan_resolve(&key, &resolution, at))
            .await
    }

    /// An edit by the user: stored with its outbox entry, then a sync is
    /// asked for. When storage is full, closed records are evicted and the
    /// edit is tried once more; if the outbox still cannot grow, editing
    /// stops with a message and the pending changes can be saved to a file.
    async fn edit<F>(&self, plan: F) -> Result<(), SaveError>
    where
        F: Fn(&ClientState) -> Result<WriteSet, EditError> + Clone + 'static,
    {
        if self.inner.with_value(|inner| inner.store.is_none()) {
            return Err(SaveError::NotReady);
        }
        if self.status.with_untracked(SyncStatus::editing_stopped) {
            return Err(SaveError::Storage(Trouble::OutboxFull));
        }
        match self.commit(plan.clone()).await {
            Ok(()) => {}
            Err(WriteError::Storage(StorageError::QuotaExceeded)) => {
                self.evict().await;
                if let Err(error) = self.commit(plan).await {
                    if matches!(error, WriteError::Storage(StorageError::QuotaExceeded)) {
                        self.status
                            .update(|status| status.trouble = Some(Trouble::OutboxFull));
                        return Err(SaveError::Storage(Trouble::OutboxFull));
                    }
                    return Err(save_error(error));
                }
            }
            Err(error) => return Err(save_error(error)),
        }
        self.kick();
        Ok(())
    }

    /// Asks the sync loop to run soon.
    pub fn kick(&self) {
        let wake = self
            .inner
            .try_update_value(|inner| {
                inner.kicked = true;
                inner.wake.take()
            })
            .flatten();
        if let Some(wake) = wake {
            let _ = wake.call0(&wasm_bindgen::JsValue::NULL);
        }
    }

    /// How many changes wait to be sent.
    pub fn pending_changes(&self) -> usize {
        self.with(|state| state.outbox.len())
    }

    /// Asks for a sync now and waits (up to `seconds`) for every pending
    /// change to be answered; whether none is left.
    pub async fn send_now(&self, seconds: u32) -> bool {
        for _ in 0..seconds * 5 {
            if self.inner.with_value(|inner| inner.state.outbox.is_empty()) {
                return true;
            }
            self.kick();
            browser::sleep(200).await;
        }
        self.inner.with_value(|inner| inner.state.outbox.is_empty())
    }

    /// Removes this browser's copy of the signed-in user's records (an
    /// explicit sign-out with nothing left to send): the database is
    /// deleted and nothing of it stays in memory. Whether it is gone.
    pub async fn forget_local_copy(&self) -> bool {
        let (store, channel) = self
            .inner
            .try_update_value(|inner| {
                inner.username = None;
                inner.state = ClientState::new(crate::sync::model::ClientId::new(), self.registry);
                (inner.store.take(), inner.channel.take())
            })
            .unwrap_or((None, None));
        if let Some(channel) = channel {
            channel.close();
        }
        self.revision.update(|revision| *revision += 1);
        self.status
            .update(|status| *status = SyncStatus::fresh(browser::online()));
        self.notices.set(Vec::new());
        match store {
            Some(store) => match store.forget().await {
                Ok(()) => true,
                Err(error) => {
                    leptos::logging::warn!("cannot delete the local copy: {error}");
                    false
                }
            },
            None => false,
        }
    }

    /// Saves the pending changes and problems to a JSON file (when they
    /// cannot be sent and must not be lost).
    pub fn export_pending(&self) {
        let text = self.inner.with_value(|inner| {
            serde_json::json!({
                "exported_at": crate::platform::now_ms(),
                "user": inner.username,
                "client_id": inner.state.meta.client_id,
                "mutations": inner.state.outbox.values().collect::<Vec<_>>(),
                "problems": inner.state.problems.values().collect::<Vec<_>>(),
            })
            .to_string()
        });
        let today = crate::calendar::IsoDate::from_unix_ms_in_vietnam(crate::platform::now_ms());
        let name = format!("hdnd-thay-doi-chua-gui-{}.json", today.iso());
        if let Err(error) = browser::download(&name, &text) {
            leptos::logging::warn!("cannot save the pending changes: {error:?}");
        }
    }
}

/// Offers `bytes` as a file download named `name` (a report's .docx or
/// .xlsx); says why not, in English, when the browser refuses.
pub fn offer_file(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    browser::download_bytes(name, bytes, mime).map_err(|error| format!("{error:?}"))
}

/// Opens the browser's print dialog (the print style sheet lays the page
/// out).
pub fn print_page() {
    if let Some(window) = web_sys::window()
        && let Err(error) = window.print()
    {
        leptos::logging::warn!("cannot print: {error:?}");
    }
}

fn save_error(error: WriteError) -> SaveError {
    match error {
        WriteError::Edit(edit) => SaveError::Edit(edit),
        WriteError::Storage(storage) => SaveError::Storage(storage_trouble(&storage)),
    }
}

/// Provides the replica for whoever signs in, and runs the sync loop.
pub fn provide_replica(auth: crate::web::session::Auth, registry: &'static Registry) -> Replica {
    let replica = Replica {
        registry,
        inner: StoredValue::new_local(Inner {
            state: ClientState::new(crate::sync::model::ClientId::new(), registry),
            store: None,
            username: None,
            channel: None,
            kicked: false,
            wake: None,
        }),
        revision: RwSignal::new(0),
        status: RwSignal::new(SyncStatus::fresh(browser::online())),
        notices: RwSignal::new(Vec::new()),
    };
    provide_context(replica);
    engine::start(replica, auth);
    replica
}
