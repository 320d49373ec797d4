//! What the pages share in the browser: the replica of the signed-in user's
//! records (`replica`: the context, the sync engine) over IndexedDB
//! (`storage`), small browser calls (`browser`), the signed-in user
//! (`session`), the server's reachability and build (`connection`), and the
//! widgets every form uses (`ui`).

pub mod browser;
pub mod connection;
pub mod replica;
pub mod session;
pub mod storage;
pub mod ui;
