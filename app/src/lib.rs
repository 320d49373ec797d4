//! The shared crate of Sổ công tác HĐND. Its modules are layers, each
//! importing only those below it (ARCHITECTURE.md lists them; `cargo xtask
//! layers` checks): the schema and rules, sync and the kinds, the reports,
//! and the server functions compile for the server and the browser alike;
//! the interface (`web`, `pages`, `shell`) compiles for the browser only
//! (feature `csr`), and what server functions need from the server binary
//! (`backend`) for the server only (feature `ssr`).

pub mod admin;
pub mod auth;
pub mod calendar;
pub mod endpoints;
pub mod error;
pub mod i18n;
pub mod kinds;
pub mod messages;
pub mod navigation;
pub mod numbers;
pub mod paths;
// The clock and the Unicode tables: Rust's (`platform.rs`), or the
// browser's in the wasm build.
#[cfg_attr(feature = "csr", path = "platform/browser.rs")]
pub mod platform;
pub mod records;
pub mod reports;
pub mod sync;
pub mod system;
pub mod text;

// The demo year is data for the server and the tests, never the browser.
#[cfg(not(feature = "csr"))]
pub mod demo;

// What server functions need from the server binary.
#[cfg(feature = "ssr")]
pub mod backend;

// The interface, compiled only for the browser: what the pages share over
// the browser (the replica and its storage, the session, the connection, the
// widgets), the pages, and the shell that routes to them.
#[cfg(feature = "csr")]
pub mod pages;
#[cfg(feature = "csr")]
pub mod shell;
#[cfg(feature = "csr")]
pub mod web;
