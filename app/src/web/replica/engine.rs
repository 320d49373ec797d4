//! Opening the replica for the signed-in user, the cross-tab channel and
//! the sync loop.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::{Replica, storage_trouble};
use crate::error::AppError;
use crate::sync::client::{ClientState, EditError, WriteSet};
use crate::sync::layout::Placement;
use crate::sync::model::{ClientId, PullResponse};
use crate::sync::status::{SyncStatus, Trouble};
use crate::web::browser;
use crate::web::connection::{Connection, ServerLink};
use crate::web::session::Auth;
use crate::web::storage::{ReplicaStore, StorageError, WriteError};

/// Mutations per push.
const PUSH_BATCH: usize = 200;
/// Records per pull page.
const PULL_PAGE: u32 = 1_000;
/// How often a quiet replica syncs anyway.
const QUIET_SYNC_MS: f64 = 30_000.0;
/// Longest wait between retries while the server is unreachable.
const MAX_BACKOFF_MS: f64 = 60_000.0;
/// Records dropped from the cache in one go when storage is full.
const EVICT_BATCH: usize = 500;

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
        let today = crate::calendar::IsoDate::from_unix_ms_in_vietnam(crate::platform::now_ms());
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
            .update(|status| *status = SyncStatus::fresh(browser::online()));
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

/// Waits `ms`, or less: a kick of the replica ends the wait at once (an
/// edit or the network coming back starts a sync without waiting out
/// the pause).
async fn nap(replica: Replica, ms: i32) {
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
