//! The connection to the server as the user sees it: a status in the top bar
//! (checking, connected, unreachable) and a banner when the server serves a
//! newer build than the one running in this tab. The handshake is
//! `system::api::hello`; it is repeated periodically while the app is open.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::i18n::use_i18n;
use crate::system::model::ServerHello;

/// How often the handshake is repeated.
#[cfg(feature = "csr")]
const RECHECK: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Checking,
    Online(ServerHello),
    Unreachable,
}

/// The build id of the site this tab runs, from the shell's
/// `<meta name="hdnd-build">` (written by `cargo xtask`).
pub fn client_build() -> String {
    #[cfg(feature = "csr")]
    {
        let from_meta = || {
            document()
                .query_selector("meta[name='hdnd-build']")
                .ok()??
                .get_attribute("content")
        };
        if let Some(build) = from_meta().filter(|build| !build.is_empty()) {
            return build;
        }
    }
    "dev".to_owned()
}

/// Provides the connection state to the whole app and keeps it fresh.
pub fn provide_connection() -> ReadSignal<Connection> {
    let (connection, set_connection) = signal(Connection::Checking);
    provide_context(connection);
    #[cfg(feature = "csr")]
    {
        let check = move || {
            leptos::task::spawn_local(async move {
                let hello = crate::system::model::ClientHello {
                    build: client_build(),
                };
                let state = match crate::system::api::hello(hello).await {
                    Ok(answer) => Connection::Online(answer),
                    Err(error) => {
                        leptos::logging::warn!("server handshake failed: {error}");
                        Connection::Unreachable
                    }
                };
                set_connection.set(state);
            });
        };
        check();
        if let Err(error) = set_interval_with_handle(check, RECHECK) {
            leptos::logging::warn!("cannot schedule the server check: {error:?}");
        }
    }
    // Without a browser (the server build) there is nothing to check.
    #[cfg(not(feature = "csr"))]
    let _ = set_connection;
    connection
}

/// The status in the top bar, announced politely to screen readers.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let i18n = use_i18n();
    let connection = expect_context::<ReadSignal<Connection>>();
    let state = move || match connection.get() {
        Connection::Checking => "checking",
        Connection::Online(_) => "online",
        Connection::Unreachable => "unreachable",
    };
    let text = move || {
        let locale = i18n.get_locale();
        match connection.get() {
            Connection::Checking => td_string!(locale, status.checking),
            Connection::Online(_) => td_string!(locale, status.online),
            Connection::Unreachable => td_string!(locale, status.unreachable),
        }
    };
    view! {
        <p class="connection" role="status" data-state=state>
            <span>{text}</span>
        </p>
    }
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
        #[cfg(feature = "csr")]
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
