//! Accounts and access: roles, sign-in and sign-out, who may call which
//! endpoint and see which screen, and the browser's view of the signed-in user.

pub mod api;
pub mod model;
pub mod pages;
pub mod policy;
pub mod state;

#[cfg(feature = "ssr")]
pub mod server;
