//! The shared crate of Sổ công tác HĐND: model types and validation, the
//! server-function declarations, and every UI component. It compiles for the
//! browser (feature `csr`, wasm32) and for the server (feature `ssr`).

pub mod admin;
pub mod auth;
pub mod calendar;
// The demo year is data for the server and the tests, never the browser.
#[cfg(not(feature = "csr"))]
pub mod demo;
pub mod error;
pub mod i18n;
pub mod kinds;
pub mod numbers;
pub mod platform;
pub mod records;
pub mod reports;
pub mod shell;
pub mod sync;
pub mod system;
pub mod text;
pub mod ui;

// Server-only: what server functions need from the server binary.
#[cfg(feature = "ssr")]
pub mod backend;

/// Registers every server function with the server_fn router. Inventory
/// usually does this on its own; registering explicitly keeps one list of all
/// endpoints and works even where the linker drops unused registrations.
#[cfg(feature = "ssr")]
pub fn register_server_fns() {
    use server_fn::axum::register_explicit;
    register_explicit::<system::api::Hello>();
    register_explicit::<auth::api::Login>();
    register_explicit::<auth::api::Logout>();
    register_explicit::<auth::api::Me>();
    register_explicit::<auth::api::ChangePassword>();
    register_explicit::<admin::api::ListUsers>();
    register_explicit::<admin::api::CreateUser>();
    register_explicit::<admin::api::SetRole>();
    register_explicit::<admin::api::SetPassword>();
    register_explicit::<admin::api::SetDisabled>();
    register_explicit::<admin::api::SecurityEvents>();
    register_explicit::<sync::api::Push>();
    register_explicit::<sync::api::Pull>();
    register_explicit::<records::api::History>();
    register_explicit::<records::api::Changes>();
}
