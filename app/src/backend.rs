//! What server functions need from the server binary, as a trait: the server
//! crate implements it over its SQLite store and provides it to every call
//! through Leptos context. Server functions stay free of SQL, and another
//! store (PostgreSQL) can implement the same trait.

use std::sync::Arc;

use crate::error::AppError;
use crate::system::model::ServerFacts;

/// The server's side of the server functions. Methods block (SQLite is
/// synchronous): call them through [`blocking`].
pub trait Backend: Send + Sync + 'static {
    /// Build, instance id and schema version.
    fn server_facts(&self) -> Result<ServerFacts, AppError>;
}

/// The handle placed in Leptos context for every server-function call.
#[derive(Clone)]
pub struct BackendHandle(pub Arc<dyn Backend>);

/// The backend of the current call; missing context is a server bug.
pub fn backend() -> Result<Arc<dyn Backend>, AppError> {
    leptos::prelude::use_context::<BackendHandle>()
        .map(|handle| handle.0)
        .ok_or_else(|| AppError::internal(&"no Backend in server-function context"))
}

/// Runs blocking store work on tokio's blocking pool.
pub async fn blocking<T, F>(work: F) -> Result<T, AppError>
where
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|join_error| AppError::internal(&join_error))?
}
