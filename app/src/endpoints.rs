//! Every server-function endpoint and who may call it: one table, from which
//! the server registers the functions (`register_server_fns`) and checks
//! access before a request reaches its function (deny by default: a path
//! missing here answers 403 to everyone; each function checks again). The
//! paths are the functions' own (`ServerFn::PATH`), never typed twice. The
//! server's tests compare this table with the matrix in docs/API.md, call
//! every endpoint as every role, and fuzz every endpoint it lists.

use server_fn::ServerFn;

use crate::auth::model::{ADMINISTRATION, Access, CHANGE_LOG_READERS, RECORD_WRITERS};
use crate::{admin, auth, records, sync, system};

macro_rules! endpoints {
    ($($function:ty => $access:expr,)+) => {
        /// Every endpoint's path and who may call it.
        pub const ENDPOINTS: &[(&str, Access)] = &[
            $((<$function as ServerFn>::PATH, $access),)+
        ];

        /// Registers every server function with the server_fn router
        /// (explicitly: it works even where the linker drops inventory's
        /// registrations).
        #[cfg(feature = "ssr")]
        pub fn register_server_fns() {
            $(server_fn::axum::register_explicit::<$function>();)+
        }
    };
}

endpoints! {
    system::api::Hello => Access::Public,
    auth::api::Login => Access::Public,
    auth::api::Logout => Access::Public,
    auth::api::Me => Access::SignedIn,
    auth::api::ChangePassword => Access::SignedIn,
    admin::api::ListUsers => ADMINISTRATION,
    admin::api::CreateUser => ADMINISTRATION,
    admin::api::SetRole => ADMINISTRATION,
    admin::api::SetPassword => ADMINISTRATION,
    admin::api::SetDisabled => ADMINISTRATION,
    admin::api::SecurityEvents => ADMINISTRATION,
    sync::api::Push => RECORD_WRITERS,
    sync::api::Pull => Access::SignedIn,
    sync::api::Notices => Access::SignedIn,
    sync::api::NoticesSeen => Access::SignedIn,
    records::api::History => Access::SignedIn,
    records::api::Changes => CHANGE_LOG_READERS,
}

/// Who may call `path`; `None` for an endpoint without an entry (refused).
pub fn endpoint_access(path: &str) -> Option<Access> {
    ENDPOINTS
        .iter()
        .find(|(endpoint, _)| *endpoint == path)
        .map(|(_, access)| *access)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_listed_once_under_their_own_paths() {
        let mut paths: Vec<&str> = ENDPOINTS.iter().map(|(path, _)| *path).collect();
        assert!(
            paths.iter().all(|path| path.starts_with("/api/")),
            "{paths:?}"
        );
        paths.sort_unstable();
        let count = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), count);
        assert_eq!(endpoint_access("/api/auth/me"), Some(Access::SignedIn));
        assert_eq!(endpoint_access("/api/admin/users"), Some(ADMINISTRATION));
        assert_eq!(endpoint_access("/api/unknown"), None);
    }
}
