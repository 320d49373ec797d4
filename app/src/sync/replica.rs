//! The replica as the screens see it: read the records, save and delete
//! (written to IndexedDB first, instantly, online or not), settle problems,
//! and the sync loop that pushes the outbox and pulls changes whenever the
//! server answers. One tab per user holds the sync lock (Web Locks) and
//! talks to the server; the others see its work through a BroadcastChannel.
//! Typing never waits for the network.

use leptos::prelude::*;

use super::client::{ClientState, EditError, Resolution, WriteSet};
use super::model::{Fields, RecordId, RecordKind};
#[cfg(feature = "csr")]
use super::storage::{ReplicaStore, StorageError, WriteError};
use crate::error::AppError;
use crate::records::spec::Registry;

/// Warn when the origin has used this share of its quota.
pub const QUOTA_WARNING: f64 = 0.8;
/// Mutations per push.
#[cfg(feature = "csr")]
const PUSH_BATCH: usize = 200;
/// Records per pull page.
#[cfg(feature = "csr")]
const PULL_PAGE: u32 = 1_000;
/// How often a quiet replica syncs anyway.
#[cfg(feature = "csr")]
const QUIET_SYNC_MS: f64 = 30_000.0;
/// Longest wait between retries while the server is unreachable.
#[cfg(feature = "csr")]
const MAX_BACKOFF_MS: f64 = 60_000.0;
/// Records dropped from the cache in one go when storage is full.
#[cfg(feature = "csr")]
const EVICT_BATCH: usize = 500;

/// Why the replica cannot take an edit or sync now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// Browser storage failed (the kind says how).
    Storage(String, StorageKind),
    /// The outbox cannot grow: editing stops until changes are sent.
    OutboxFull,
    /// The session ended: sign in again to send the pending changes.
    SessionExpired,
    /// The server runs a newer build: reload before syncing.
    NewBuild,
    /// The server refused the push for a reason the user must report.
    Server(AppError),
    /// The server asked to wait (its limit on one account's changes): sync
    /// goes on by itself at this time (Unix milliseconds).
    Busy(i64),
}

/// The kinds of storage failure, for the message shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKind {
    Unavailable,
    Blocked,
    Full,
    Damaged,
    ChangedElsewhere,
    Other,
}

#[cfg(feature = "csr")]
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

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncStatus {
    /// The replica of the signed-in user is loaded.
    pub ready: bool,
    /// The browser says it has a network.
    pub online: bool,
    /// The last call to the server got an answer (`None`: not tried yet).
    pub reachable: Option<bool>,
    /// A push or pull is running.
    pub syncing: bool,
    /// This tab holds the sync lock.
    pub leader: bool,
    pub trouble: Option<Trouble>,
    /// Bytes used and the quota, from `navigator.storage.estimate()`.
    pub usage: Option<(f64, f64)>,
    /// Whether the browser granted persistent storage.
    pub persisted: Option<bool>,
    /// Records dropped from the cache to make room (the server keeps them).
    pub evicted: usize,
    /// Damaged record entries found when loading (fetched again).
    pub damaged: usize,
}

impl SyncStatus {
    /// The share of the quota in use, when known.
    pub fn used_share(&self) -> Option<f64> {
        self.usage
            .filter(|(_, quota)| *quota > 0.0)
            .map(|(usage, quota)| usage / quota)
    }

    /// Nothing known yet but what the browser says of its network, so the
    /// bar says "Mất mạng" from the first paint of a page opened offline,
    /// before the local copy has loaded.
    pub fn fresh() -> Self {
        #[cfg(feature = "csr")]
        let online = browser::online();
        #[cfg(not(feature = "csr"))]
        let online = true;
        Self {
            online,
            ..Self::default()
        }
    }

    pub fn editing_stopped(&self) -> bool {
        matches!(self.trouble, Some(Trouble::OutboxFull))
            || matches!(
                self.trouble,
                Some(Trouble::Storage(
                    _,
                    StorageKind::Unavailable | StorageKind::Blocked
                ))
            )
    }
}

/// Why an edit was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The replica is still opening (or nobody is signed in).
    NotReady,
    Edit(EditError),
    /// Storage refused it; the message says why.
    Storage(Trouble),
}

#[cfg(feature = "csr")]
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
    #[cfg(feature = "csr")]
    inner: StoredValue<Inner, LocalStorage>,
    #[cfg(not(feature = "csr"))]
    inner: StoredValue<ClientState>,
    revision: RwSignal<u64>,
    status: RwSignal<SyncStatus>,
    /// What others did to this user's values when settling conflicts over
    /// them, as the server last said (fetched with each sync round).
    notices: RwSignal<Vec<super::model::Notice>>,
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
        #[cfg(feature = "csr")]
        {
            self.inner.with_value(|inner| read(&inner.state))
        }
        #[cfg(not(feature = "csr"))]
        {
            self.inner.with_value(read)
        }
    }

    /// Reads the replica without re-running on change (in event handlers).
    pub fn with_untracked<R>(&self, read: impl FnOnce(&ClientState) -> R) -> R {
        #[cfg(feature = "csr")]
        {
            self.inner.with_value(|inner| read(&inner.state))
        }
        #[cfg(not(feature = "csr"))]
        {
            self.inner.with_value(read)
        }
    }

    pub fn status(&self) -> SyncStatus {
        self.status.get()
    }

    pub fn status_signal(&self) -> RwSignal<SyncStatus> {
        self.status
    }

    /// The notices the signed-in user has not yet said were seen.
    pub fn notices(&self) -> ReadSignal<Vec<super::model::Notice>> {
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
        #[cfg(feature = "csr")]
        {
            let store = self.inner.with_value(|inner| inner.store.clone())?;
            match store.read_history(id).await {
                Ok(text) => text,
                Err(error) => {
                    leptos::logging::warn!("cannot read a kept history: {error}");
                    None
                }
            }
        }
        #[cfg(not(feature = "csr"))]
        {
            let _ = id;
            None
        }
    }

    /// Keeps the history of record `id` (its JSON text) to be read offline.
    pub async fn keep_history(&self, id: RecordId, text: String) {
        #[cfg(feature = "csr")]
        {
            let Some(store) = self.inner.with_value(|inner| inner.store.clone()) else {
                return;
            };
            if let Err(error) = store.write_history(id, text).await {
                leptos::logging::warn!("cannot keep a history: {error}");
            }
        }
        #[cfg(not(feature = "csr"))]
        {
            let _ = (id, text);
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
        #[cfg(feature = "csr")]
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
        #[cfg(not(feature = "csr"))]
        {
            let _ = plan;
            Err(SaveError::NotReady)
        }
    }

    /// Asks the sync loop to run soon.
    pub fn kick(&self) {
        #[cfg(feature = "csr")]
        {
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
    }

    /// How many changes wait to be sent.
    pub fn pending_changes(&self) -> usize {
        self.with(|state| state.outbox.len())
    }

    /// Asks for a sync now and waits (up to `seconds`) for every pending
    /// change to be answered; whether none is left.
    pub async fn send_now(&self, seconds: u32) -> bool {
        #[cfg(feature = "csr")]
        {
            for _ in 0..seconds * 5 {
                if self.inner.with_value(|inner| inner.state.outbox.is_empty()) {
                    return true;
                }
                self.kick();
                browser::sleep(200).await;
            }
            self.inner.with_value(|inner| inner.state.outbox.is_empty())
        }
        #[cfg(not(feature = "csr"))]
        {
            let _ = seconds;
            false
        }
    }

    /// Removes this browser's copy of the signed-in user's records (an
    /// explicit sign-out with nothing left to send): the database is
    /// deleted and nothing of it stays in memory. Whether it is gone.
    pub async fn forget_local_copy(&self) -> bool {
        #[cfg(feature = "csr")]
        {
            let (store, channel) = self
                .inner
                .try_update_value(|inner| {
                    inner.username = None;
                    inner.state = ClientState::new(super::model::ClientId::new(), self.registry);
                    (inner.store.take(), inner.channel.take())
                })
                .unwrap_or((None, None));
            if let Some(channel) = channel {
                channel.close();
            }
            self.revision.update(|revision| *revision += 1);
            self.status.update(|status| *status = SyncStatus::fresh());
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
        #[cfg(not(feature = "csr"))]
        {
            false
        }
    }

    /// Saves the pending changes and problems to a JSON file (when they
    /// cannot be sent and must not be lost).
    pub fn export_pending(&self) {
        #[cfg(feature = "csr")]
        {
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
            let today =
                crate::calendar::IsoDate::from_unix_ms_in_vietnam(crate::platform::now_ms());
            let name = format!("hdnd-thay-doi-chua-gui-{}.json", today.iso());
            if let Err(error) = browser::download(&name, &text) {
                leptos::logging::warn!("cannot save the pending changes: {error:?}");
            }
        }
    }
}

/// Offers `bytes` as a file download named `name` (a report's .docx or
/// .xlsx); says why not, in English, when the browser refuses.
pub fn offer_file(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    #[cfg(feature = "csr")]
    {
        browser::download_bytes(name, bytes, mime).map_err(|error| format!("{error:?}"))
    }
    #[cfg(not(feature = "csr"))]
    {
        let _ = (name, bytes, mime);
        Err("files are offered only in a browser".to_owned())
    }
}

/// Opens the browser's print dialog (the print style sheet lays the page
/// out).
pub fn print_page() {
    #[cfg(feature = "csr")]
    if let Some(window) = web_sys::window()
        && let Err(error) = window.print()
    {
        leptos::logging::warn!("cannot print: {error:?}");
    }
}

#[cfg(feature = "csr")]
fn save_error(error: WriteError) -> SaveError {
    match error {
        WriteError::Edit(edit) => SaveError::Edit(edit),
        WriteError::Storage(storage) => SaveError::Storage(storage_trouble(&storage)),
    }
}

/// Provides the replica for whoever signs in, and runs the sync loop.
pub fn provide_replica(auth: crate::auth::state::Auth, registry: &'static Registry) -> Replica {
    let replica = Replica {
        registry,
        #[cfg(feature = "csr")]
        inner: StoredValue::new_local(Inner {
            state: ClientState::new(super::model::ClientId::new(), registry),
            store: None,
            username: None,
            channel: None,
            kicked: false,
            wake: None,
        }),
        #[cfg(not(feature = "csr"))]
        inner: StoredValue::new(ClientState::new(super::model::ClientId::new(), registry)),
        revision: RwSignal::new(0),
        status: RwSignal::new(SyncStatus::fresh()),
        notices: RwSignal::new(Vec::new()),
    };
    provide_context(replica);
    #[cfg(feature = "csr")]
    engine::start(replica, auth);
    #[cfg(not(feature = "csr"))]
    let _ = auth;
    replica
}

#[cfg(feature = "csr")]
pub(crate) mod browser {
    //! Small browser calls: timers, the sync lock, storage estimates, files.

    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    /// Resolves at the next animation frame, before it paints: a task
    /// started after it runs once what the page just changed is on screen.
    pub async fn next_frame() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.request_animation_frame(&resolve);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Lets the browser handle what waits (input, painting) before going
    /// on: for work done in slices.
    pub async fn next_task() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Waits `ms`, or less: a kick of the replica ends the wait at once (an
    /// edit or the network coming back starts a sync without waiting out
    /// the pause).
    pub async fn nap(replica: super::Replica, ms: i32) {
        use leptos::prelude::UpdateValue;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
            replica
                .inner
                .update_value(|inner| inner.wake = Some(resolve));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        replica.inner.update_value(|inner| inner.wake = None);
    }

    pub fn now() -> f64 {
        js_sys::Date::now()
    }

    /// Waits `ms`.
    pub async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    pub fn online() -> bool {
        web_sys::window().is_none_or(|window| window.navigator().on_line())
    }

    fn get(target: &JsValue, name: &str) -> Option<JsValue> {
        js_sys::Reflect::get(target, &JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    /// Asks for the exclusive Web Lock `name`, held until the tab closes;
    /// `on_acquired` runs when this tab gets it. Returns false where the
    /// browser has no Web Locks (the tab then syncs on its own: pushes are
    /// idempotent, so two syncing tabs cost time, never data).
    pub fn hold_lock(name: &str, on_acquired: impl FnOnce() + 'static) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let navigator: JsValue = window.navigator().into();
        let Some(locks) = get(&navigator, "locks") else {
            return false;
        };
        let Some(request) =
            get(&locks, "request").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            return false;
        };
        let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            on_acquired();
            // Never settles: the lock is held for the life of the tab.
            js_sys::Promise::new(&mut |_, _| {}).into()
        });
        request
            .call2(&locks, &JsValue::from_str(name), &callback)
            .is_ok()
    }

    async fn call_storage(method: &str) -> Option<JsValue> {
        let window = web_sys::window()?;
        let navigator: JsValue = window.navigator().into();
        let storage = get(&navigator, "storage")?;
        let function = get(&storage, method)?.dyn_into::<js_sys::Function>().ok()?;
        let promise = function
            .call0(&storage)
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()?;
        wasm_bindgen_futures::JsFuture::from(promise).await.ok()
    }

    /// Bytes used and the quota of this origin.
    pub async fn estimate() -> Option<(f64, f64)> {
        let estimate = call_storage("estimate").await?;
        let usage = get(&estimate, "usage")?.as_f64()?;
        let quota = get(&estimate, "quota")?.as_f64()?;
        Some((usage, quota))
    }

    /// Asks that the origin's storage not be evicted by the browser.
    pub async fn persist() -> Option<bool> {
        if call_storage("persisted").await?.as_bool() == Some(true) {
            return Some(true);
        }
        call_storage("persist").await?.as_bool()
    }

    /// Offers `bytes` as a file download of type `mime`.
    pub fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let document = window
            .document()
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        link.set_href(&url);
        link.set_download(name);
        link.click();
        web_sys::Url::revoke_object_url(&url)?;
        Ok(())
    }

    /// Offers `text` (JSON) as a file download.
    pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
        download_bytes(name, text.as_bytes(), "application/json")
    }
}

#[cfg(feature = "csr")]
mod engine {
    //! Opening the replica for the signed-in user, the cross-tab channel and
    //! the sync loop.

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    use super::browser::{self, nap};
    use super::{
        EVICT_BATCH, MAX_BACKOFF_MS, PULL_PAGE, PUSH_BATCH, QUIET_SYNC_MS, Replica, SyncStatus,
        Trouble, storage_trouble,
    };
    use crate::auth::state::Auth;
    use crate::error::AppError;
    use crate::shell::connection::{Connection, ServerLink};
    use crate::sync::client::{ClientState, EditError, WriteSet};
    use crate::sync::layout::Placement;
    use crate::sync::model::{ClientId, PullResponse};
    use crate::sync::storage::{ReplicaStore, StorageError, WriteError};

    const CHANGED: &str = "changed";

    impl Replica {
        /// Plans and writes a change, then applies it here and tells the
        /// other tabs.
        pub(super) async fn commit<F>(&self, plan: F) -> Result<(), WriteError>
        where
            F: FnOnce(&ClientState) -> Result<WriteSet, EditError>,
        {
            self.commit_with(Placement::Own, plan).await
        }

        /// [`Self::commit`] with the placement given (a pulled page is one
        /// chunk, written without a flush).
        pub(super) async fn commit_with<F>(
            &self,
            placement: Placement,
            plan: F,
        ) -> Result<(), WriteError>
        where
            F: FnOnce(&ClientState) -> Result<WriteSet, EditError>,
        {
            let Some(store) = self.inner.with_value(|inner| inner.store.clone()) else {
                return Err(WriteError::Edit(EditError::NotFound));
            };
            let generation = self.inner.with_value(|inner| inner.state.meta.generation);
            let inner = self.inner;
            let written = store
                .write(
                    generation,
                    placement,
                    move |fresh| match fresh {
                        Some(state) => plan(state),
                        None => inner.with_value(|inner| plan(&inner.state)),
                    },
                    &|id| inner.with_value(|inner| inner.state.records.get(&id).cloned()),
                )
                .await?;
            if written.set.is_empty() && written.reloaded.is_none() {
                return Ok(());
            }
            self.inner.update_value(|inner| {
                if let Some(loaded) = written.reloaded {
                    inner.state = loaded.state;
                }
                inner.state.apply(written.set);
                if let Some(channel) = &inner.channel {
                    let _ = channel.post_message(&JsValue::from_str(CHANGED));
                }
            });
            self.revision.update(|revision| *revision += 1);
            Ok(())
        }

        /// Forgets the histories kept: they were cut for another role.
        pub(super) async fn forget_histories(&self) {
            let Some(store) = self.inner.with_value(|inner| inner.store.clone()) else {
                return;
            };
            if let Err(error) = store.clear_histories().await {
                leptos::logging::warn!("cannot forget the histories kept: {error}");
            }
        }

        /// Drops closed records from the cache to make room.
        pub(super) async fn evict(&self) {
            let today =
                crate::calendar::IsoDate::from_unix_ms_in_vietnam(crate::platform::now_ms());
            let mut dropped = 0;
            let result = self
                .commit(|state| {
                    let set = state.plan_evict(today, EVICT_BATCH);
                    dropped = set.evicted.len();
                    Ok(set)
                })
                .await;
            match result {
                Ok(()) => self.status.update(|status| status.evicted += dropped),
                Err(error) => leptos::logging::warn!("eviction failed: {error}"),
            }
        }

        /// Reads the replica again if another tab wrote to it.
        async fn refresh(&self) {
            let Some(store) = self.inner.with_value(|inner| inner.store.clone()) else {
                return;
            };
            let mine = self.inner.with_value(|inner| inner.state.meta.generation);
            match store.generation().await {
                Ok(disk) if disk == mine => {}
                Ok(_) => match store.load().await {
                    Ok(loaded) => {
                        self.inner.update_value(|inner| inner.state = loaded.state);
                        self.revision.update(|revision| *revision += 1);
                    }
                    Err(error) => self.trouble(&error),
                },
                Err(error) => self.trouble(&error),
            }
        }

        fn trouble(&self, error: &StorageError) {
            leptos::logging::warn!("replica storage: {error}");
            self.status
                .update(|status| status.trouble = Some(storage_trouble(error)));
        }
    }

    /// Opens the user's replica whenever the signed-in user changes, and
    /// starts the loop.
    pub fn start(replica: Replica, auth: Auth) {
        Effect::new(move |_| {
            // Only roles that read records keep a replica (the administrator
            // sees no record content, and has nothing to sync).
            let identity = auth
                .identity()
                .filter(|identity| replica.registry.reads_any(identity.role));
            let username = identity.as_ref().map(|identity| identity.username.clone());
            let current = replica.inner.with_value(|inner| inner.username.clone());
            if username == current {
                // The same user, perhaps with another role: the replica
                // drops what the role may no longer see.
                if let Some(identity) = identity {
                    leptos::task::spawn_local(fit_view(replica, identity.role));
                }
                return;
            }
            replica.inner.update_value(|inner| {
                inner.username = username.clone();
                inner.store = None;
                inner.state = ClientState::new(ClientId::new(), replica.registry);
                if let Some(channel) = inner.channel.take() {
                    channel.close();
                }
            });
            replica.revision.update(|revision| *revision += 1);
            replica
                .status
                .update(|status| *status = SyncStatus::fresh());
            replica.notices.set(Vec::new());
            if let Some(identity) = identity {
                leptos::task::spawn_local(open(replica, identity.username, identity.role));
            }
        });
        for (event, online) in [("online", true), ("offline", false)] {
            let handle = window_event_listener_untyped(event, move |_| {
                replica.status.update(|status| status.online = online);
                if online {
                    replica.kick();
                }
            });
            // The listeners live as long as the app.
            std::mem::forget(handle);
        }
        // Contexts are read here, under the component's owner: the spawned
        // task runs outside it, where `use_context` finds nothing.
        let connection = use_context::<ReadSignal<Connection>>();
        let link = use_context::<ServerLink>();
        leptos::task::spawn_local(run(replica, auth, connection, link));
    }

    /// Makes the replica show only what `role` may see, if it was made for
    /// another view (see `ClientState::plan_view`). Nothing to do when it
    /// is not open yet: opening checks too.
    async fn fit_view(replica: Replica, role: crate::auth::model::Role) {
        let fits = replica
            .inner
            .with_value(|inner| inner.store.is_none() || inner.state.is_view_of(role));
        if fits {
            return;
        }
        match replica.commit(|state| Ok(state.plan_view(role))).await {
            Ok(()) => {
                replica.forget_histories().await;
                replica.kick();
            }
            Err(error) => leptos::logging::warn!("cannot drop what the role may not see: {error}"),
        }
    }

    async fn open(replica: Replica, username: String, role: crate::auth::model::Role) {
        crate::platform::mark("hdnd-replica-open");
        let store = match ReplicaStore::open(&username, replica.registry).await {
            Ok(store) => store,
            Err(error) => return replica.trouble(&error),
        };
        let loaded = match store.load().await {
            Ok(loaded) => loaded,
            Err(error) => return replica.trouble(&error),
        };
        // Another sign-in may have happened while this one was opening.
        if replica
            .inner
            .with_value(|inner| inner.username.as_deref() != Some(username.as_str()))
        {
            return;
        }
        let channel = web_sys::BroadcastChannel::new(&format!("hdnd-replica-{username}")).ok();
        if let Some(channel) = &channel {
            let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| {
                leptos::task::spawn_local(async move {
                    replica.refresh().await;
                    replica.kick();
                });
            });
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
        }
        replica.inner.update_value(|inner| {
            inner.store = Some(store);
            inner.state = loaded.state;
            inner.channel = channel;
            inner.kicked = true;
        });
        crate::platform::mark("hdnd-replica-loaded");
        // Made for another role (or before replicas knew theirs): what this
        // role may not see leaves before anything is shown.
        fit_view(replica, role).await;
        replica.revision.update(|revision| *revision += 1);
        crate::platform::mark("hdnd-replica-shown");
        replica.status.update(|status| {
            status.ready = true;
            status.online = browser::online();
            status.damaged = loaded.damaged_records;
        });
        let has_lock = browser::hold_lock(&format!("hdnd-sync-{username}"), move || {
            replica.status.update(|status| status.leader = true);
            replica.kick();
        });
        if !has_lock {
            replica.status.update(|status| status.leader = true);
        }
        let persisted = browser::persist().await;
        replica.status.update(|status| status.persisted = persisted);
    }

    /// Why one sync round stopped.
    enum Stop {
        Unreachable,
        Unauthenticated,
        /// The server asks to come back later (429 with `Retry-After`): its
        /// limits on pulls answered at once, or on one user's changes.
        Busy(u64),
        Refused(AppError),
        Storage(StorageError),
    }

    impl From<AppError> for Stop {
        fn from(error: AppError) -> Self {
            match error {
                AppError::Unreachable { .. } => Stop::Unreachable,
                AppError::Unauthenticated => Stop::Unauthenticated,
                AppError::TooManyRequests {
                    retry_after_seconds,
                } => Stop::Busy(retry_after_seconds),
                other => Stop::Refused(other),
            }
        }
    }

    /// A wait the server asks for that is long enough to tell the user.
    const BUSY_NOTICE_SECONDS: u64 = 10;

    impl From<WriteError> for Stop {
        fn from(error: WriteError) -> Self {
            match error {
                WriteError::Storage(storage) => Stop::Storage(storage),
                WriteError::Edit(edit) => Stop::Storage(StorageError::Failed(edit.to_string())),
            }
        }
    }

    /// The sync loop. Every round is a real exchange with the server: the
    /// connection status (`link`) follows it.
    async fn run(
        replica: Replica,
        auth: Auth,
        connection: Option<ReadSignal<Connection>>,
        link: Option<ServerLink>,
    ) {
        let mut next_at = 0.0;
        let mut backoff = 0.0_f64;
        let mut notices_at = 0.0;
        loop {
            nap(replica, 200).await;
            let status = replica.status.get_untracked();
            if !status.ready || auth.expired_untracked() {
                continue;
            }
            if !status.leader {
                // Another tab syncs; this one still asks for the notices.
                if browser::now() >= notices_at && browser::online() {
                    notices_at = browser::now() + QUIET_SYNC_MS;
                    fetch_notices(replica).await;
                }
                continue;
            }
            let kicked = replica.inner.with_value(|inner| inner.kicked);
            if kicked {
                // A kick does not jump over a backoff caused by an
                // unreachable server, except when the network came back.
                backoff = if status.reachable == Some(false) && !browser::online() {
                    backoff
                } else {
                    0.0
                };
            }
            if browser::now() < next_at && !(kicked && backoff == 0.0) {
                continue;
            }
            replica.inner.update_value(|inner| inner.kicked = false);
            let new_build = connection.is_some_and(|connection| {
                matches!(connection.get_untracked(), Connection::Online(hello) if !hello.same_build)
            });
            if new_build {
                replica
                    .status
                    .update(|status| status.trouble = Some(Trouble::NewBuild));
                next_at = browser::now() + QUIET_SYNC_MS;
                continue;
            }
            replica.status.update(|status| status.syncing = true);
            let started = crate::platform::now_ms();
            let outcome = sync_once(replica, auth).await;
            replica.status.update(|status| status.syncing = false);
            if let Some(link) = link {
                match &outcome {
                    Err(Stop::Unreachable) => link.unreachable(started),
                    Err(Stop::Storage(_)) => {}
                    Ok(()) | Err(Stop::Unauthenticated | Stop::Refused(_) | Stop::Busy(_)) => {
                        link.answered(started)
                    }
                }
            }
            match outcome {
                Ok(()) => {
                    backoff = 0.0;
                    next_at = browser::now() + QUIET_SYNC_MS;
                    fetch_notices(replica).await;
                    replica.status.update(|status| {
                        status.reachable = Some(true);
                        if !matches!(status.trouble, Some(Trouble::Storage(..))) {
                            status.trouble = None;
                        }
                    });
                }
                Err(Stop::Unreachable) => {
                    backoff = (backoff * 2.0).clamp(1_000.0, MAX_BACKOFF_MS);
                    next_at = browser::now() + backoff;
                    replica
                        .status
                        .update(|status| status.reachable = Some(false));
                }
                Err(Stop::Unauthenticated) => {
                    // The outbox stays; the sign-in dialog opens and the
                    // loop waits for it (`auth.expired`).
                    let _ = auth.check::<()>(Err(AppError::Unauthenticated));
                    replica.status.update(|status| {
                        status.reachable = Some(true);
                        status.trouble = Some(Trouble::SessionExpired);
                    });
                    replica.kick();
                }
                Err(Stop::Busy(seconds)) => {
                    // Come back when asked, not at the next quiet round.
                    next_at = browser::now() + (seconds.clamp(1, 3_600) * 1_000) as f64;
                    replica.status.update(|status| {
                        status.reachable = Some(true);
                        if seconds >= BUSY_NOTICE_SECONDS {
                            let at = crate::platform::now_ms() + (seconds as i64) * 1_000;
                            status.trouble = Some(Trouble::Busy(at));
                        }
                    });
                }
                Err(Stop::Refused(error)) => {
                    next_at = browser::now() + QUIET_SYNC_MS;
                    replica.status.update(|status| {
                        status.reachable = Some(true);
                        status.trouble = Some(Trouble::Server(error));
                    });
                }
                Err(Stop::Storage(error)) => {
                    next_at = browser::now() + QUIET_SYNC_MS;
                    replica.trouble(&error);
                }
            }
            if let Some(usage) = browser::estimate().await {
                replica.status.update(|status| status.usage = Some(usage));
            }
        }
    }

    /// Asks the server for the user's notices. A failure changes nothing:
    /// the sync round says what is wrong with the connection, and the next
    /// round asks again.
    async fn fetch_notices(replica: Replica) {
        let signed_in = replica.inner.with_value(|inner| inner.username.clone());
        if let Ok(list) = crate::sync::api::notices().await
            && replica
                .inner
                .with_value(|inner| inner.username == signed_in)
            && replica
                .notices
                .with_untracked(|notices| *notices != list.notices)
        {
            replica.notices.set(list.notices);
        }
    }

    /// Writes one pulled page (the cursor moves with it). Pulled pages are
    /// written without a flush each: the cursor is in the same transaction,
    /// so a page lost to a crash is pulled again.
    async fn take_page(replica: Replica, page: PullResponse) -> Result<(), Stop> {
        let now = crate::platform::now_ms();
        let page = std::rc::Rc::new(page);
        let pulled = page.clone();
        match replica
            .commit_with(Placement::Pulled, move |state| {
                Ok(state.plan_pull(&pulled, now))
            })
            .await
        {
            Ok(()) => {
                crate::platform::mark("hdnd-page-written");
                Ok(())
            }
            Err(WriteError::Storage(StorageError::QuotaExceeded)) => {
                replica.evict().await;
                replica
                    .commit_with(Placement::Pulled, move |state| {
                        Ok(state.plan_pull(&page, now))
                    })
                    .await?;
                Ok(())
            }
            Err(error) => Err(error.into()),
        }
    }

    async fn sync_once(replica: Replica, auth: Auth) -> Result<(), Stop> {
        replica.refresh().await;
        loop {
            let batch = replica
                .inner
                .with_value(|inner| inner.state.next_push(PUSH_BATCH));
            if batch.is_empty() {
                break;
            }
            crate::platform::mark("hdnd-push");
            let response = crate::sync::api::push(batch).await?;
            crate::platform::mark("hdnd-push-answered");
            // The server answers at least the first mutation of a push (the
            // rest, past its limits, goes in the next one); an answer of
            // nothing would loop here for ever.
            let answered_nothing = response.results.is_empty();
            replica
                .commit(move |state| Ok(state.plan_push_response(&response)))
                .await?;
            crate::platform::mark("hdnd-push-written");
            // Room was made in the outbox: editing may go on.
            replica.status.update(|status| {
                if matches!(status.trouble, Some(Trouble::OutboxFull)) {
                    status.trouble = None;
                }
            });
            if answered_nothing {
                break;
            }
        }
        // Each page is written while the next one is on its way: the
        // server's cursor in a page is where the next one starts.
        let since = replica.inner.with_value(|inner| inner.state.meta.cursor);
        crate::platform::mark("hdnd-pull");
        let mut page = crate::sync::api::pull(since, Some(PULL_PAGE)).await?;
        // The server cut the page for the caller's role now: if that is not
        // the role the replica was made for, it drops what the role may no
        // longer see and pulls again from the start.
        if let Some(role) = page.role
            && !replica
                .inner
                .with_value(|inner| inner.state.is_view_of(role))
        {
            auth.role_changed(role);
            replica
                .commit(move |state| Ok(state.plan_view(role)))
                .await?;
            replica.forget_histories().await;
            replica.kick();
            return Ok(());
        }
        loop {
            let more = page.more;
            let next_since = page.cursor;
            let written = take_page(replica, page);
            if !more {
                written.await?;
                crate::platform::mark("hdnd-pull-written");
                break;
            }
            let (written, next) = futures_util::future::join(
                written,
                crate::sync::api::pull(next_since, Some(PULL_PAGE)),
            )
            .await;
            written?;
            page = next?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quota_warning_starts_at_eighty_percent_and_full_storage_stops_editing() {
        let mut status = SyncStatus::default();
        assert_eq!(status.used_share(), None);
        status.usage = Some((79.0, 100.0));
        assert!(
            status
                .used_share()
                .is_some_and(|share| share < QUOTA_WARNING)
        );
        status.usage = Some((80.0, 100.0));
        assert!(
            status
                .used_share()
                .is_some_and(|share| share >= QUOTA_WARNING)
        );
        // A quota of zero (unknown) never divides.
        status.usage = Some((10.0, 0.0));
        assert_eq!(status.used_share(), None);

        assert!(!status.editing_stopped());
        status.trouble = Some(Trouble::OutboxFull);
        assert!(status.editing_stopped());
        status.trouble = Some(Trouble::Storage(String::new(), StorageKind::Full));
        assert!(
            !status.editing_stopped(),
            "a full cache still takes edits (after eviction)"
        );
        status.trouble = Some(Trouble::Storage(String::new(), StorageKind::Unavailable));
        assert!(status.editing_stopped());
    }
}
