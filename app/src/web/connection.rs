//! The connection to the server as the user sees it: a status in the top bar
//! (checking, connected, unreachable) and a banner when the server serves a
//! newer build than the one running in this tab. The status follows the last
//! real exchange with the server: the handshake (`system::api::hello`, at
//! start, every 30 s, and when the browser comes back online) and every sync
//! round report to it, so the bar never says "unreachable" next to a sync
//! that just went through.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::i18n::use_i18n;
use crate::system::model::ServerHello;

/// How often the handshake is repeated.
const RECHECK: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Checking,
    Online(ServerHello),
    Unreachable,
}

/// The office's name as the server was configured with it (`--office-name`),
/// kept in this browser for offline starts; `None` shows the default.
#[derive(Debug, Clone, Copy)]
pub struct OfficeName(pub RwSignal<Option<String>>);

/// Where this browser keeps the last office name it was told.
const OFFICE_NAME_KEY: &str = "hdnd-office-name";

impl OfficeName {
    fn new() -> Self {
        let kept = {
            use gloo_storage::{LocalStorage, Storage};
            LocalStorage::get::<String>(OFFICE_NAME_KEY)
                .ok()
                .and_then(|name| crate::system::model::office_name(&name).ok())
        };
        OfficeName(RwSignal::new(kept))
    }

    /// Takes the name the server answered with, and keeps it.
    fn told(&self, name: Option<String>) {
        use gloo_storage::{LocalStorage, Storage};
        let name = name.and_then(|name| crate::system::model::office_name(&name).ok());
        match &name {
            Some(name) => {
                if let Err(error) = LocalStorage::set(OFFICE_NAME_KEY, name) {
                    leptos::logging::warn!("cannot keep the office name: {error}");
                }
            }
            None => LocalStorage::delete(OFFICE_NAME_KEY),
        }
        if self.0.get_untracked() != name {
            self.0.set(name);
        }
    }
}

/// Where exchanges with the server report what happened; the status shown is
/// that of the exchange that started last among those that finished.
#[derive(Debug, Clone, Copy)]
pub struct ServerLink {
    state: RwSignal<Connection>,
    /// The last handshake's answer, shown again at once when the server
    /// answers after an outage (a new handshake then refreshes it).
    last_hello: StoredValue<Option<ServerHello>>,
    /// When the exchange the state reflects started (ms).
    shown_from: StoredValue<i64>,
    office: OfficeName,
}

impl ServerLink {
    fn new() -> Self {
        Self {
            state: RwSignal::new(Connection::Checking),
            last_hello: StoredValue::new(None),
            shown_from: StoredValue::new(i64::MIN),
            office: OfficeName::new(),
        }
    }

    /// The state, for components.
    pub fn state(&self) -> ReadSignal<Connection> {
        self.state.read_only()
    }

    /// Takes an outcome unless a later-started exchange was shown already.
    fn report(&self, started: i64, state: Connection) {
        if started < self.shown_from.get_value() {
            return;
        }
        self.shown_from.set_value(started);
        self.state.set(state);
    }

    /// An exchange that started at `started` (ms) got an answer from the
    /// server (any answer: a refusal proves it reachable too).
    pub fn answered(&self, started: i64) {
        if matches!(self.state.get_untracked(), Connection::Online(_)) {
            self.shown_from
                .update_value(|shown| *shown = (*shown).max(started));
            return;
        }
        match self.last_hello.get_value() {
            Some(hello) => self.report(started, Connection::Online(hello)),
            None => self
                .shown_from
                .set_value(started.max(self.shown_from.get_value())),
        }
        // Back after an outage (or never greeted): greet again, the server
        // may run a new build now.
        self.check();
    }

    /// An exchange that started at `started` (ms) could not reach the server.
    pub fn unreachable(&self, started: i64) {
        self.report(started, Connection::Unreachable);
    }

    /// Runs the handshake now.
    pub fn check(&self) {
        let link = *self;
        leptos::task::spawn_local(async move {
            let started = crate::platform::now_ms();
            let hello = crate::system::model::ClientHello {
                build: client_build(),
            };
            match crate::system::api::hello(hello).await {
                Ok(answer) => {
                    link.office.told(answer.office_name.clone());
                    link.last_hello.set_value(Some(answer.clone()));
                    link.report(started, Connection::Online(answer));
                }
                Err(error) => {
                    leptos::logging::warn!("server handshake failed: {error}");
                    link.report(started, Connection::Unreachable);
                }
            }
        });
    }
}

/// The build id of the site this tab runs, from the shell's
/// `<meta name="hdnd-build">` (written by `cargo xtask`).
pub fn client_build() -> String {
    let from_meta = || {
        document()
            .query_selector("meta[name='hdnd-build']")
            .ok()??
            .get_attribute("content")
    };
    if let Some(build) = from_meta().filter(|build| !build.is_empty()) {
        return build;
    }
    "dev".to_owned()
}

/// Provides the connection state (`ReadSignal<Connection>`) and the link
/// exchanges report to (`ServerLink`) to the whole app, and keeps it fresh:
/// the handshake at start, every 30 s, and when the browser says the
/// network is back; going offline is shown at once.
pub fn provide_connection() -> ServerLink {
    let link = ServerLink::new();
    provide_context(link.state());
    provide_context(link.office);
    provide_context(link);
    link.check();
    if let Err(error) = set_interval_with_handle(move || link.check(), RECHECK) {
        leptos::logging::warn!("cannot schedule the server check: {error:?}");
    }
    let online = window_event_listener_untyped("online", move |_| link.check());
    let offline = window_event_listener_untyped("offline", move |_| {
        link.unreachable(crate::platform::now_ms());
    });
    // The listeners live as long as the app.
    std::mem::forget((online, offline));
    link
}

/// Shown when the server runs a newer build than this tab: reloading picks
/// it up, so an old app never talks to a new server for long.
#[component]
pub fn NewBuildBanner() -> impl IntoView {
    let i18n = use_i18n();
    let connection = expect_context::<ReadSignal<Connection>>();
    let outdated =
        move || matches!(connection.get(), Connection::Online(hello) if !hello.same_build);
    let reload = move |_| {
        if let Err(error) = window().location().reload() {
            leptos::logging::warn!("reload failed: {error:?}");
        }
    };
    view! {
        <Show when=outdated>
            <div class="banner" role="alert">
                <span>{move || td_string!(i18n.get_locale(), status.new_build)}</span>
                <button type="button" on:click=reload>
                    {move || td_string!(i18n.get_locale(), status.reload)}
                </button>
            </div>
        </Show>
    }
}

/// Version and build in the footer.
#[component]
pub fn VersionLine() -> impl IntoView {
    let i18n = use_i18n();
    let build = client_build();
    view! {
        <p>
            {move || {
                let locale = i18n.get_locale();
                format!(
                    "{} · {}",
                    td_string!(locale, app.version, version = env!("CARGO_PKG_VERSION")),
                    td_string!(locale, app.build, build = build.clone()),
                )
            }}
        </p>
    }
}
