//! The shared crate of Sổ công tác HĐND: model types and validation, the
//! server-function declarations, and every UI component. It compiles for the
//! browser (feature `csr`, wasm32) and for the server (feature `ssr`).

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod error;
pub mod shell;
pub mod system;

// Server-only: what server functions need from the server binary.
#[cfg(feature = "ssr")]
pub mod backend;

/// Registers every server function with the server_fn router. Inventory
/// usually does this on its own; registering explicitly keeps one list of all
/// endpoints and works even where the linker drops unused registrations.
#[cfg(feature = "ssr")]
pub fn register_server_fns() {
    server_fn::axum::register_explicit::<system::api::Hello>();
}
