//! Who may call each endpoint: one table, checked by the server before a
//! request reaches its server function (deny by default: an endpoint missing
//! here answers 403 to everyone), and again by the function itself. The
//! authorization-matrix test compares this table, the registered endpoints
//! and the matrix in docs/API.md, and calls every endpoint as every role.

use super::model::{ADMINISTRATION, Access, CHANGE_LOG_READERS, RECORD_WRITERS};

/// Every server-function endpoint and who may call it.
pub const ENDPOINT_ACCESS: &[(&str, Access)] = &[
    ("/api/system/hello", Access::Public),
    ("/api/auth/login", Access::Public),
    ("/api/auth/logout", Access::Public),
    ("/api/auth/me", Access::SignedIn),
    ("/api/auth/password", Access::SignedIn),
    ("/api/admin/users", ADMINISTRATION),
    ("/api/admin/users/create", ADMINISTRATION),
    ("/api/admin/users/set-role", ADMINISTRATION),
    ("/api/admin/users/set-password", ADMINISTRATION),
    ("/api/admin/users/set-disabled", ADMINISTRATION),
    ("/api/admin/security-events", ADMINISTRATION),
    ("/api/sync/push", RECORD_WRITERS),
    ("/api/sync/pull", Access::SignedIn),
    ("/api/notices/list", Access::SignedIn),
    ("/api/notices/seen", Access::SignedIn),
    ("/api/records/history", Access::SignedIn),
    ("/api/records/changes", CHANGE_LOG_READERS),
];

/// Who may call `path`; `None` for an endpoint without an entry (refused).
pub fn endpoint_access(path: &str) -> Option<Access> {
    ENDPOINT_ACCESS
        .iter()
        .find(|(endpoint, _)| *endpoint == path)
        .map(|(_, access)| *access)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_listed_once() {
        let mut paths: Vec<&str> = ENDPOINT_ACCESS.iter().map(|(path, _)| *path).collect();
        paths.sort_unstable();
        let count = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), count);
        assert_eq!(endpoint_access("/api/auth/me"), Some(Access::SignedIn));
        assert_eq!(endpoint_access("/api/unknown"), None);
    }
}
