//! Accounts and access: roles and who may see what (`model`), sign-in and
//! sign-out (`api`), and the server's side of sessions, passwords and the
//! security log (`server`). Who may call each endpoint is
//! `crate::endpoints`; the browser's view of the signed-in user is
//! `crate::web::session`.

pub mod api;
pub mod model;

#[cfg(feature = "ssr")]
pub mod server;
