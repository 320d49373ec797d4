//! Local-first sync: the protocol (`model`), the server's three-way merge
//! (`merge`), the client's replica bookkeeping (`client`), where the replica's
//! records lie in IndexedDB (`layout`) and the push / pull server functions
//! (`api`). See ARCHITECTURE.md, "Data path".

pub mod api;
pub mod client;
pub mod layout;
pub mod merge;
pub mod model;
pub mod status;
