//! The `hdnd` server: the axum router (embedded site, server functions,
//! health check), the SQLite store behind the `app::backend::Backend` trait,
//! and the `serve` command's life cycle (bind, serve, shut down gracefully).

pub mod accounts;
pub mod api;
pub mod assets;
pub mod budgets;
pub mod cli;
pub mod connections;
pub mod demo;
pub mod logs;
pub mod origin;
pub mod rates;
pub mod report;
pub mod security;
pub mod sessions;
pub mod state;
pub mod store;
pub mod wire;

pub use state::{AppState, Settings};

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use axum::routing::{any, get};
use tower_http::trace::TraceLayer;

use crate::cli::ServeArgs;
use crate::store::{Store, StoreError};

/// How often expired sessions are removed from the database.
const SESSION_SWEEP: tokio::time::Duration = tokio::time::Duration::from_secs(10 * 60);

/// How often the summaries of repeated refusals are written to the
/// security log.
const SECURITY_LOG_FLUSH: Duration = Duration::from_secs(60);

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    app::endpoints::register_server_fns();
    let sessions = sessions::layer(
        state.store.clone(),
        state.settings.sessions,
        state.settings.secure_cookies,
    );
    let api = Router::new()
        .route("/api", any(api::no_endpoint))
        .route("/api/", any(api::no_endpoint))
        .route("/api/{*endpoint}", any(api::handle))
        // One limit, ours (`api::read_body`, with a typed 413 and 408):
        // axum's own 2 MiB default would cut in first.
        .layer(DefaultBodyLimit::disable())
        .layer(sessions)
        // Outermost on /api: a cross-site call never reaches a session.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::refuse_cross_origin,
        ));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(api)
        .fallback(assets::serve)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::expected_host,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Writes the summaries of repeated refusals whose window is over (`all`:
/// every open one) to the security log.
pub async fn flush_security_log(state: &AppState, all: bool) {
    let summaries = state.context.auth.due_log_summaries(all);
    if summaries.is_empty() {
        return;
    }
    let store = state.store.clone();
    let written = tokio::task::spawn_blocking(move || {
        summaries
            .iter()
            .try_for_each(|summary| store.log_security_event(summary))
    })
    .await;
    match written {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::error!(%error, "could not write to the security log"),
        Err(error) => tracing::error!(%error, "security log task failed"),
    }
}

/// Serves on `listener` until `shutdown` resolves: the router within the
/// connection limits, the sweep of expired sessions and the security log's
/// summaries. `hdnd serve` and the tests run this same function.
pub async fn run(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let sweeper = tokio::spawn(
        tower_sessions::session_store::ExpiredDeletion::continuously_delete_expired(
            sessions::SqliteSessionStore::new(state.store.clone()),
            SESSION_SWEEP,
        ),
    );
    let flusher = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(SECURITY_LOG_FLUSH);
            loop {
                every.tick().await;
                flush_security_log(&state, false).await;
            }
        })
    };
    let limits = state.settings.limits;
    connections::serve(listener, router(state.clone()), limits, shutdown).await;
    sweeper.abort();
    flusher.abort();
    flush_security_log(&state, true).await;
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let store = state.store.clone();
    let outcome = tokio::task::spawn_blocking(move || store.check()).await;
    match outcome {
        Ok(Ok(())) => (StatusCode::OK, Json(serde_json::json!({"status": "ok"}))),
        Ok(Err(error)) => {
            tracing::error!(%error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
        }
        Err(error) => {
            tracing::error!(%error, "health check task failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
        }
    }
}

/// Why `hdnd serve` could not run; each message is one line.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot install signal handler: {0}")]
    Signal(std::io::Error),
    #[error("server failed: {0}")]
    Serve(std::io::Error),
    #[error(transparent)]
    Admin(#[from] accounts::BootstrapError),
    #[error("demo: {0}")]
    Demo(#[from] demo::DemoError),
}

/// `serve --demo`: the demo office on an empty database; a database with
/// records is served as it is.
fn demo_on_empty(store: &Store) -> Result<(), demo::DemoError> {
    if store.count_records()? > 0 {
        tracing::info!("--demo: the database already holds records; serving them as they are");
        return Ok(());
    }
    let summary = demo::enter(store, false)?;
    tracing::info!("{}", demo::describe(&summary));
    Ok(())
}

/// Opens the store, binds, and serves until SIGINT or SIGTERM.
pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let data_dir = args.data_dir.clone();
    let limits = store::WriterLimits {
        min_free_disk: args.min_free_disk_mb.saturating_mul(1024 * 1024),
        ..store::WriterLimits::default()
    };
    let store = tokio::task::spawn_blocking(move || {
        Store::open_with(&data_dir, &app::kinds::REGISTRY, limits)
    })
    .await
    .map_err(|error| ServeError::Serve(std::io::Error::other(error)))??;
    tracing::info!(database = %store.path().display(), "database ready");
    let configured = std::env::var(accounts::ADMIN_PASSWORD_ENV).ok();
    let store = tokio::task::spawn_blocking(move || {
        accounts::ensure_admin(&store, configured.as_deref()).map(|()| store)
    })
    .await
    .map_err(|error| ServeError::Serve(std::io::Error::other(error)))??;
    let store = if args.demo {
        tokio::task::spawn_blocking(move || demo_on_empty(&store).map(|()| store))
            .await
            .map_err(|error| ServeError::Serve(std::io::Error::other(error)))??
    } else {
        store
    };
    if !assets::has_site() {
        tracing::warn!("this binary has no built site; only /api and /healthz will work");
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: args.addr,
            source,
        })?;
    let shutdown = shutdown_signal()?;
    let local = listener.local_addr().map_err(ServeError::Serve)?;
    let settings = Settings::from_args(&args);
    let head = security_log_summary(&store);
    tracing::info!("security log: {head}");
    tracing::info!("serving on http://{local}");
    run(listener, AppState::new(store, settings), shutdown).await;
    tracing::info!("stopped");
    Ok(())
}

/// The security log's last entry, for the server log: noted outside the
/// database, it lets `hdnd audit verify` be checked against a later copy.
fn security_log_summary(store: &Store) -> String {
    match store.security_log_head() {
        Ok((0, _)) => "no entries yet".to_owned(),
        Ok((id, hash)) => format!("last entry #{id}, hash {hash}"),
        Err(error) => format!("unreadable ({error})"),
    }
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM. The handlers are
/// installed before serving starts, so a signal is never missed.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, ServeError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).map_err(ServeError::Signal)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(ServeError::Signal)?;
    Ok(async move {
        let name = tokio::select! {
            _ = interrupt.recv() => "SIGINT",
            _ = terminate.recv() => "SIGTERM",
        };
        tracing::info!("{name} received; finishing open requests");
    })
}
