//! Local-first sync: the protocol (`model`), the server's three-way merge
//! (`merge`), the client's replica bookkeeping (`client`) and the push / pull
//! server functions (`api`). See ARCHITECTURE.md, "Data path".

pub mod api;
pub mod client;
pub mod merge;
pub mod model;
pub mod pages;
pub mod replica;
// The browser's IndexedDB layer.
#[cfg(feature = "csr")]
pub mod storage;
