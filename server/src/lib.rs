//! The `hdnd` server: the axum router (embedded site, server functions,
//! health check), the SQLite store behind the `app::backend::Backend` trait,
//! and the `serve` command's life cycle (bind, serve, shut down gracefully).

pub mod api;
pub mod assets;
pub mod cli;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use axum::routing::{any, get};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use app::backend::Backend;
use app::error::AppError;
use app::system::model::ServerFacts;

use crate::cli::ServeArgs;
use crate::store::{Store, StoreError};

/// Largest request body accepted on /api (sync pushes come in batches).
const MAX_API_BODY: usize = 4 * 1024 * 1024;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub backend: Arc<dyn Backend>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        let store = Arc::new(store);
        let backend: Arc<dyn Backend> = Arc::new(StoreBackend {
            store: store.clone(),
            build: assets::build_id(),
        });
        Self { store, backend }
    }
}

/// The server's implementation of what server functions need.
struct StoreBackend {
    store: Arc<Store>,
    build: String,
}

impl Backend for StoreBackend {
    fn server_facts(&self) -> Result<ServerFacts, AppError> {
        let facts = self
            .store
            .instance_facts()
            .map_err(|error| AppError::internal(&error))?;
        Ok(ServerFacts {
            build: self.build.clone(),
            instance_id: facts.instance_id,
            schema_version: facts.schema_version,
        })
    }
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    app::register_server_fns();
    let api = Router::new()
        .route("/api", any(api::no_endpoint))
        .route("/api/", any(api::no_endpoint))
        .route("/api/{*endpoint}", any(api::handle))
        // One limit, ours: axum's own 2 MiB default would cut in first.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(MAX_API_BODY))
        // Outside the limit layer, so it sees (and types) the limit's 413.
        .layer(axum::middleware::map_response(api::typed_payload_too_large));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(api)
        .fallback(assets::serve)
        .with_state(state)
        .layer(TraceLayer::new_for_http())
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
}

/// Opens the store, binds, and serves until SIGINT or SIGTERM.
pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let data_dir = args.data_dir.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&data_dir))
        .await
        .map_err(|error| ServeError::Serve(std::io::Error::other(error)))??;
    tracing::info!(database = %store.path().display(), "database ready");
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
    tracing::info!("serving on http://{local}");
    axum::serve(listener, router(AppState::new(store)))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Serve)?;
    tracing::info!("stopped");
    Ok(())
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
